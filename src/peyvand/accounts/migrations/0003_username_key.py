"""User names are unique by their skeleton (case and look-alikes folded): add the key column,
fill it for the accounts already there, then make it unique.

The skeleton is a frozen copy of ``peyvand.accounts.usernames.username_key`` as of this
migration. Existing accounts whose names already collide keep working: every account after the
first with a given key gets its id appended to the key, so the unique index can be built; new
names are refused by the model's validation.
"""

import unicodedata

from django.db import migrations, models

_IGNORED = frozenset("-_.+@ \u200c\u200d\u00b7")
# Characters that pass for another one, mapped to that one (after NFKD and casefolding).
_LOOK_ALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "l", "ї": "l",
        "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g",
        # Greek
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "l", "κ": "k", "μ": "u", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c",
        # Digits and letters that pass for one another
        "0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "5": "s", "$": "s",
    }
)  # fmt: skip
# Letter pairs that pass for one letter.
_DIGRAPHS = (("rn", "m"), ("vv", "w"), ("cl", "d"))


def username_key(username):
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", username).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in _IGNORED)
    text = text.translate(_LOOK_ALIKES)
    for pair, single in _DIGRAPHS:
        text = text.replace(pair, single)
    return text


def fill_keys(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    seen = set()
    for user in User.objects.order_by("pk").only("pk", "username").iterator():
        key = username_key(user.username)
        if key in seen:
            key = f"{key}#{user.pk}"
        seen.add(key)
        User.objects.filter(pk=user.pk).update(username_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_tracing_loop"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="username_key",
            field=models.CharField(
                editable=False, max_length=600, null=True, verbose_name="user name key"
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="username_key",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=600,
                unique=True,
                verbose_name="user name key",
            ),
        ),
    ]
