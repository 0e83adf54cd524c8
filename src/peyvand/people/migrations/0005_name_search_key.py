"""Names get the engine's cross-script search key; the names already stored are keyed in batches.

The key comes from ``peyvand.linkage``, the engine library (no Django, no app code), so importing
it here does not tie the migration to the apps' current models.
"""

from django.db import migrations, models

from peyvand.linkage import VOWEL_START, normalise_name, sound_key

BATCH = 2000
_INNER_START = {"v": "u", "y": "i"}
_CASE_FREE = str.maketrans({"S": "š"})


def _key(full):
    # A frozen copy of people.name_search.name_search_key as it was when this migration was written.
    normalised, script = normalise_name(full)
    keys = []
    for word in normalised.split():
        key = sound_key(word, script).replace(VOWEL_START, "")
        if key[:1] in _INNER_START:
            key = _INNER_START[key[0]] + key[1:]
        if key:
            keys.append(key.translate(_CASE_FREE))
    return " ".join(keys)[:400]


def key_names(apps, schema_editor):
    Name = apps.get_model("people", "Name")
    last = 0
    while True:
        batch = list(Name.objects.filter(pk__gt=last).order_by("pk").only("pk", "full")[:BATCH])
        if not batch:
            return
        for name in batch:
            name.search_key = _key(name.full)
        Name.objects.bulk_update(batch, ["search_key"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_encrypt_birthplace_national_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="name",
            name="search_key",
            field=models.CharField(
                blank=True, editable=False, max_length=400, verbose_name="search key"
            ),
        ),
        migrations.RunPython(key_names, migrations.RunPython.noop),
    ]
