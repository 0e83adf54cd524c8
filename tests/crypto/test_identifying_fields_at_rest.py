"""What identifies or locates a person is encrypted at rest: birthplace, national ID, the free
text of a visit deadline and of a travelling family member, the reasons of case transitions,
audit events, match reviews and message moderation. Read back in clear, stored as ciphertext;
the migrations encrypt rows stored in clear before, and the audit chain verifies throughout."""

from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from crypto_support import OLD_KEY, stored
from django.core.management import call_command

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.audit.services import record_event
from peyvand.core.crypto import is_encrypted
from peyvand.matching.models import CandidatePair, MatchReview
from peyvand.messaging.models import Message
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.models import CaseTransition
from peyvand.tracing.services import change_case_state, submit_tracing_request
from peyvand.visits.models import TravelApplication
from peyvand.visits.services import add_application, plan_visit, set_deadline

NATIONAL_ID = "1234567891"
BIRTHPLACE = "روستای کهنه‌ده، قزوین"
REASON = "Seen by his cousin in Van in 2015"
TRAVELLER = "Maryam, his sister in Qazvin"
DEADLINE = "Interview at the embassy in Tirana"


@pytest.mark.django_db
def test_identifying_fields_are_stored_encrypted_and_read_in_clear(world: World) -> None:
    tracing_request = submit_tracing_request(
        None,
        world.agency_a,
        seeker=PersonInput(names=[NameInput(full="مریم کریمی")]),
        sought=PersonInput(
            names=[NameInput(full="رضا کریمی")], birthplace=BIRTHPLACE, national_id=NATIONAL_ID
        ),
        relationship="sibling",
    )
    case = tracing_request.case
    change_case_state(world.caseworker_a, case, "searching", REASON)
    for state in ("match_confirmed", "awaiting_decision", "contact_established"):
        change_case_state(world.caseworker_a, case, state, "set-up")
    visit = plan_visit(world.caseworker_a, case, host_country="Albania")
    application = add_application(
        world.caseworker_a,
        visit,
        traveller="other",
        traveller_label=TRAVELLER,
        kind="host_visa",
        authority="Embassy of Albania, Tehran",
        country="Albania",
    )
    set_deadline(world.caseworker_a, application, datetime.date(2030, 1, 10), DEADLINE)
    event = record_event(world.dpo, "test.reason", case, reason=REASON)
    pair = CandidatePair.objects.create(
        tracing_request=tracing_request,
        registration=world.registration_a,
        model_version="test",
        match_probability=0.9,
        match_weight=9.0,
        explanation=[],
        records_fingerprint="x",
    )
    review = MatchReview.objects.create(
        pair=pair, action="confirm", reason=REASON, reviewer=world.caseworker_a
    )
    message = Message.objects.create(
        case=case, direction="to_sought", body="x", status="held", moderation_reason=REASON
    )

    sought = tracing_request.sought
    transition = CaseTransition.objects.filter(case=case).order_by("id").first()
    assert transition is not None
    raw = {
        BIRTHPLACE: stored("people_person", "birthplace", sought.pk),
        NATIONAL_ID: stored("people_person", "national_id", sought.pk),
        REASON: stored("tracing_casetransition", "reason", transition.pk),
        TRAVELLER: stored("visits_travelapplication", "traveller_label", application.pk),
        DEADLINE: stored("visits_travelapplication", "deadline_label", application.pk),
        f"audit:{REASON}": stored("audit_auditevent", "reason", event.pk),
        f"review:{REASON}": stored("matching_matchreview", "reason", review.pk),
        f"moderation:{REASON}": stored("messaging_message", "moderation_reason", message.pk),
    }
    for plain, value in raw.items():
        assert value is not None and is_encrypted(value), plain
        assert plain.split(":")[-1] not in value
    sought.refresh_from_db()
    assert (sought.birthplace, sought.national_id) == (BIRTHPLACE, NATIONAL_ID)
    assert CaseTransition.objects.get(pk=transition.pk).reason == REASON
    fresh = TravelApplication.objects.get(pk=application.pk)
    assert (fresh.traveller_label, fresh.deadline_label) == (TRAVELLER, DEADLINE)
    assert AuditEvent.objects.get(pk=event.pk).reason == REASON
    assert MatchReview.objects.get(pk=review.pk).reason == REASON
    assert Message.objects.get(pk=message.pk).moderation_reason == REASON
    # The authority names an institution, not a person, and the refusals report groups by it.
    assert stored("visits_travelapplication", "authority", application.pk) == (
        "Embassy of Albania, Tehran"
    )
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().startswith("OK: "), out.getvalue()


SEED = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from peyvand.accounts.models import Agency
from peyvand.audit.services import record_event
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.services import change_case_state, submit_tracing_request
agency = Agency.objects.create(name="A", code="a", country="AL")
request = submit_tracing_request(
    None, agency, seeker=PersonInput(names=[NameInput(full="a")]),
    sought=PersonInput(names=[NameInput(full="b")], birthplace={BIRTHPLACE!r},
                       national_id={NATIONAL_ID!r}),
    relationship="sibling",
)
change_case_state(None, request.case, "searching", {REASON!r})
"""

COLUMNS = (
    ("people_person", "birthplace"),
    ("people_person", "national_id"),
    ("tracing_casetransition", "reason"),
    ("audit_auditevent", "reason"),
)


def test_the_migrations_encrypt_rows_stored_in_clear_and_reverse(tmp_path: Path) -> None:
    db = tmp_path / "migrate.sqlite3"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "PEYVAND_FIELD_KEY", "SECRET_KEY"))
    }
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{db}",
            "PEYVAND_DATA_DIR": str(tmp_path),
            "PEYVAND_FIELD_KEYS": f"old:{OLD_KEY}",
            "DJANGO_SETTINGS_MODULE": "peyvand.settings",
        }
    )

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def values() -> set[str]:
        found: set[str] = set()
        with sqlite3.connect(db) as conn:
            for table, column in COLUMNS:
                rows = conn.execute(f"SELECT {column} FROM {table}").fetchall()  # noqa: S608 - names from the test's own list
                found |= {value for (value,) in rows if value}
        return found

    run("-m", "peyvand.cli", "migrate", "-v", "0")
    run("-c", SEED)
    assert values() and all(is_encrypted(v) for v in values())
    head = run("-m", "peyvand.cli", "audit", "verify", "--no-checkpoint")

    for app, before in (
        ("people", "0003"),
        ("tracing", "0003"),
        ("audit", "0004"),
        ("visits", "0001"),
        ("matching", "0001"),
        ("messaging", "0002"),
    ):
        run("-m", "peyvand.cli", "migrate", app, before, "-v", "0")
    assert {BIRTHPLACE, NATIONAL_ID, REASON} <= values()
    assert not any(is_encrypted(v) for v in values())

    run("-m", "peyvand.cli", "migrate", "-v", "0")
    assert all(is_encrypted(v) for v in values())
    # Decrypted and encrypted again, the chain still verifies to the same head.
    assert run("-m", "peyvand.cli", "audit", "verify", "--no-checkpoint") == head
