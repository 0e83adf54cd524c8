"""Seeds a migrated database for the server-process tests and prints what they need as JSON.

Run as a script in its own process (``python seed_site.py N``) with the servers' environment, so
it writes the same SQLite file the servers will open. N extra open requests give a re-link work.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS), str(TESTS / "seeker")]

import django  # noqa: E402 - imported after sys.path and settings are set above

django.setup()

from django.conf import settings  # noqa: E402 - imported after sys.path and settings are set above
from django.test import Client  # noqa: E402 - imported after sys.path and settings are set above
from seeker_support import PASSPHRASE, seeker_request  # noqa: E402 - imported after sys.path and settings are set above

from conftest import make_world, pass_second_factor, sought_person  # noqa: E402 - imported after sys.path and settings are set above
from peyvand.people.services import NameInput, PersonInput  # noqa: E402 - imported after sys.path and settings are set above
from peyvand.tracing.services import register_person, submit_tracing_request  # noqa: E402 - imported after sys.path and settings are set above

FAMILY = ["کریمی", "احمدی", "رضایی", "حسینی", "محمدی", "موسوی", "جعفری", "صادقی"]
GIVEN = ["علی", "رضا", "مریم", "زهرا", "حسین", "فاطمه", "محمد", "سارا", "امیر", "نرگس"]
LATIN_FAMILY = ["Karimi", "Ahmadi", "Rezaei", "Hosseini", "Mohammadi", "Mousavi", "Jafari"]
LATIN_GIVEN = ["Ali", "Reza", "Maryam", "Zahra", "Hossein", "Fatemeh", "Mohammad", "Sara"]


def main(extra_requests: int) -> None:
    world = make_world()
    for index in range(extra_requests):
        name = f"{GIVEN[index % len(GIVEN)]} {FAMILY[index % len(FAMILY)]}"
        submit_tracing_request(
            None,
            world.agency_a,
            seeker=PersonInput(names=[NameInput(full="مادر")], sex="f"),
            sought=sought_person(name, birth=str(1340 + index % 30)),
            relationship="child",
        )
        latin = f"{LATIN_GIVEN[index % len(LATIN_GIVEN)]} {LATIN_FAMILY[index % len(LATIN_FAMILY)]}"
        register_person(
            None,
            world.agency_a,
            PersonInput(names=[NameInput(full=latin)], sex="m", birth_date_text="1970"),
            consent_method="in_person",
        )
    tracked = seeker_request(world.agency_a)
    sessions = {}
    for persona in ("caseworker_a", "supervisor_a"):
        client = Client()
        client.force_login(getattr(world, persona))
        pass_second_factor(client, getattr(world, persona))
        sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    print(
        json.dumps(
            {
                "agency": world.agency_a.pk,
                "case": world.case_a.pk,
                "staff_session": sessions["caseworker_a"],
                "supervisor_session": sessions["supervisor_a"],
                "track_code": tracked.reference_code,
                "track_passphrase": PASSPHRASE,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
