"""Field encryption: keys parsed loudly, values round-trip, tampering and moves are caught."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from crypto_support import BOTH_KEYS, NEW_KEY, OLD_KEY, OLD_KEYS, store_raw, stored, use_keys
from django.core.exceptions import FieldError, ValidationError
from django.forms import TextInput, modelform_factory

from conftest import World
from peyvand.core.crypto import (
    FieldDecryptionError,
    UnknownKeyError,
    decrypt,
    encrypt,
    field_keys_from_env,
    key_id_of,
    parse_field_keys,
)
from peyvand.core.env import SettingError
from peyvand.messaging.models import Message
from peyvand.people.models import ContactDetail
from peyvand.tracing.models import CaseNote, TracingRequest
from peyvand.tracing.services import add_case_note

PHONE = "+98 912 555 0173"
NOTE = "Called the aunt in Karaj; she will ask the neighbours."
BODY = "سلام مادر، ما در تیرانا هستیم و حالمان خوب است."


# --- keys ------------------------------------------------------------------------------------


def test_keys_parse_from_json_and_from_a_comma_list() -> None:
    as_json = parse_field_keys(json.dumps({"old": OLD_KEY, "new": NEW_KEY}))
    as_list = parse_field_keys(f"old:{OLD_KEY}, new:{NEW_KEY}")
    assert as_json == as_list == BOTH_KEYS
    assert list(as_list) == ["old", "new"]


@pytest.mark.parametrize(
    ("raw", "complaint"),
    [
        ("", "is empty"),
        ("{not json", "not valid JSON"),
        ('["a"]', "JSON must be an object"),
        ("old", "each entry must read id:base64key"),
        ("old:!!!notbase64", "not valid base64"),
        ("old:c2hvcnQ=", "must be 32 bytes"),
        (f"old:{OLD_KEY},old:{NEW_KEY}", "appears twice"),
        (f"bad id:{OLD_KEY}", "must be 1-40 letters"),
    ],
)
def test_malformed_keys_fail_loudly(raw: str, complaint: str) -> None:
    with pytest.raises(SettingError, match=complaint):
        parse_field_keys(raw)


def test_current_key_defaults_to_the_first_and_must_exist(tmp_path: Path) -> None:
    env = {"PEYVAND_FIELD_KEYS": f"new:{NEW_KEY},old:{OLD_KEY}"}
    assert field_keys_from_env(tmp_path, True, env)[1] == "new"
    assert field_keys_from_env(tmp_path, True, {**env, "PEYVAND_FIELD_KEY_CURRENT": "old"})[1] == (
        "old"
    )
    with pytest.raises(SettingError, match="PEYVAND_FIELD_KEY_CURRENT names 'gone'"):
        field_keys_from_env(tmp_path, True, {**env, "PEYVAND_FIELD_KEY_CURRENT": "gone"})


def test_keys_from_a_file_and_production_refuses_to_start_without(tmp_path: Path) -> None:
    key_file = tmp_path / "keys.json"
    key_file.write_text(json.dumps({"old": OLD_KEY}), encoding="utf-8")
    keys, current = field_keys_from_env(tmp_path, True, {"PEYVAND_FIELD_KEYS_FILE": str(key_file)})
    assert (keys, current) == (OLD_KEYS, "old")
    with pytest.raises(SettingError, match="PEYVAND_FIELD_KEYS or PEYVAND_FIELD_KEYS_FILE must"):
        field_keys_from_env(tmp_path, True, {})


def test_development_generates_one_private_key_and_keeps_it(tmp_path: Path) -> None:
    first = field_keys_from_env(tmp_path / "data", False, {})
    again = field_keys_from_env(tmp_path / "data", False, {})
    assert first == again
    assert len(first[0][first[1]]) == 32
    assert (tmp_path / "data" / "dev-field-keys.json").stat().st_mode & 0o077 == 0


# --- values ----------------------------------------------------------------------------------


def test_round_trip_with_a_fresh_nonce_each_time() -> None:
    one = encrypt(BODY, "t", "c", keys=OLD_KEYS, key_id="old")
    two = encrypt(BODY, "t", "c", keys=OLD_KEYS, key_id="old")
    assert one != two
    assert one.startswith("pv1:old:") and key_id_of(one) == "old"
    assert "تیرانا" not in one
    assert decrypt(one, "t", "c", keys=OLD_KEYS) == decrypt(two, "t", "c", keys=OLD_KEYS) == BODY


def test_tampering_or_another_column_is_a_clear_error_not_garbage() -> None:
    sealed = encrypt(PHONE, "people_contactdetail", "value", keys=OLD_KEYS, key_id="old")
    head, body = sealed.rsplit(":", 1)
    flipped = body[:20] + ("A" if body[20] != "A" else "B") + body[21:]
    with pytest.raises(FieldDecryptionError, match="altered, or it belongs to another column"):
        decrypt(f"{head}:{flipped}", "people_contactdetail", "value", keys=OLD_KEYS)
    with pytest.raises(FieldDecryptionError, match=r"tracing_casenote\.text"):
        decrypt(sealed, "tracing_casenote", "text", keys=OLD_KEYS)
    with pytest.raises(FieldDecryptionError, match="damaged"):
        decrypt(f"{head}:abc", "people_contactdetail", "value", keys=OLD_KEYS)
    with pytest.raises(FieldDecryptionError, match="not an encrypted value"):
        decrypt(PHONE, "people_contactdetail", "value", keys=OLD_KEYS)
    # Relabelling the value with another key id fails too (the id is bound into the value).
    relabelled = sealed.replace("pv1:old:", "pv1:new:", 1)
    with pytest.raises(FieldDecryptionError):
        decrypt(relabelled, "people_contactdetail", "value", keys=BOTH_KEYS)


def test_unknown_key_id_is_a_clear_error() -> None:
    sealed = encrypt(NOTE, "tracing_casenote", "text", keys=BOTH_KEYS, key_id="new")
    with pytest.raises(UnknownKeyError, match="key id 'new', which is not among"):
        decrypt(sealed, "tracing_casenote", "text", keys=OLD_KEYS)
    with pytest.raises(UnknownKeyError):
        encrypt(NOTE, "tracing_casenote", "text", keys=OLD_KEYS, key_id="new")


# --- the model field -------------------------------------------------------------------------


@pytest.mark.django_db
def test_model_values_are_encrypted_in_the_table_and_plain_in_python(
    world: World, settings: Any
) -> None:
    use_keys(settings, OLD_KEYS, "old")
    person = world.request_a.sought
    contact = ContactDetail.objects.create(person=person, kind="phone", value=PHONE)
    note = add_case_note(world.caseworker_a, world.case_a, NOTE)
    message = Message.objects.create(
        case=world.case_a, direction="to_sought", body=BODY, status="held"
    )
    raw = stored("people_contactdetail", "value", contact.pk)
    assert raw is not None and raw.startswith("pv1:old:") and "0173" not in raw
    assert "Karaj" not in (stored("tracing_casenote", "text", note.pk) or "")
    assert "تیرانا" not in (stored("messaging_message", "body", message.pk) or "")

    assert ContactDetail.objects.get(pk=contact.pk).value == PHONE
    assert list(ContactDetail.objects.filter(pk=contact.pk).values_list("value", flat=True)) == [
        PHONE
    ]
    assert CaseNote.objects.filter(pk=note.pk).values("text")[0] == {"text": NOTE}
    assert Message.objects.get(pk=message.pk).body == BODY
    # Updates through the queryset and bulk_update encrypt too.
    Message.objects.filter(pk=message.pk).update(body="changed")
    assert (stored("messaging_message", "body", message.pk) or "").startswith("pv1:old:")
    contact.value = "+98 21 5555 0000"
    ContactDetail.objects.bulk_update([contact], ["value"])
    assert "5555" not in (stored("people_contactdetail", "value", contact.pk) or "")
    assert ContactDetail.objects.get(pk=contact.pk).value == "+98 21 5555 0000"


@pytest.mark.django_db
def test_request_fields_are_encrypted_and_empty_stays_empty(world: World) -> None:
    request = world.request_a
    assert request.last_contact_place == "تهران"
    place = stored("tracing_tracingrequest", "last_contact_place", request.pk) or ""
    assert place.startswith("pv1:") and "تهران" not in place
    assert stored("tracing_tracingrequest", "message_for_sought", request.pk) == ""
    assert TracingRequest.objects.get(pk=request.pk).message_for_sought == ""
    # Comparing with "" still works; searching a value cannot, and says so.
    assert TracingRequest.objects.filter(message_for_sought="").filter(pk=request.pk).exists()
    with pytest.raises(FieldError, match="encrypted at rest and cannot be searched"):
        TracingRequest.objects.filter(last_contact_place="تهران").exists()
    with pytest.raises(FieldError, match="cannot be searched"):
        ContactDetail.objects.filter(value__icontains="0173").exists()


@pytest.mark.django_db
def test_a_value_moved_to_another_column_or_under_a_lost_key_fails_loudly(
    world: World, settings: Any
) -> None:
    use_keys(settings, OLD_KEYS, "old")
    note = add_case_note(world.caseworker_a, world.case_a, NOTE)
    contact = ContactDetail.objects.create(person=world.request_a.sought, kind="phone", value=PHONE)
    store_raw(
        "tracing_casenote",
        "text",
        note.pk,
        stored("people_contactdetail", "value", contact.pk) or "",
    )
    with pytest.raises(FieldDecryptionError, match=r"tracing_casenote\.text"):
        CaseNote.objects.get(pk=note.pk)
    use_keys(settings, {"new": BOTH_KEYS["new"]}, "new")
    with pytest.raises(UnknownKeyError, match="'old'"):
        ContactDetail.objects.get(pk=contact.pk)


@pytest.mark.django_db
def test_forms_show_plain_text_and_save_it_encrypted(world: World, settings: Any) -> None:
    # The world's persons were written under the development key (birthplaces are encrypted):
    # keep it readable beside the test's own key.
    use_keys(settings, {**settings.PEYVAND_FIELD_KEYS, **OLD_KEYS}, "old")
    form_class = modelform_factory(ContactDetail, fields=["person", "kind", "value"])
    assert isinstance(form_class().fields["value"].widget, TextInput)
    form = form_class(data={"person": world.request_a.sought.pk, "kind": "phone", "value": PHONE})
    assert form.is_valid(), form.errors
    saved = form.save()
    assert form_class(instance=saved).initial["value"] == PHONE
    assert "0173" not in (stored("people_contactdetail", "value", saved.pk) or "")
    too_long = ContactDetail(person=world.request_a.sought, kind="other", value="x" * 301)
    with pytest.raises(ValidationError, match="at most 300 characters"):
        too_long.full_clean()


@pytest.mark.django_db
def test_admin_shows_the_decrypted_place_on_one_line(world: World) -> None:
    client = world.client_for("caseworker_a")
    page = client.get(f"/admin/tracing/tracingrequest/{world.request_a.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    # Read-only in the admin (issue 11): the place shown as text, never as a form field.
    assert "تهران" in html and 'name="last_contact_place"' not in html
    assert "pv1:" not in html


def test_production_settings_refuse_to_load_without_field_keys(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECRET_KEY", "DATABASE", "PEYVAND_FIELD_KEY"))
    }
    env.update(
        {
            "PEYVAND_ENV": "production",
            "PEYVAND_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "k" * 30 + "Q7!x" + "z9" * 20,
            "ALLOWED_HOSTS": "peyvand.example.org",
            "EMAIL_HOST": "127.0.0.1",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", "import peyvand.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "PEYVAND_FIELD_KEYS or PEYVAND_FIELD_KEYS_FILE must be set" in result.stderr
    assert not (tmp_path / "dev-field-keys.json").exists()
    with_keys = subprocess.run(
        [sys.executable, "-c", "import peyvand.settings"],
        env={**env, "PEYVAND_FIELD_KEYS": f"prod1:{NEW_KEY}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert with_keys.returncode == 0, with_keys.stderr
