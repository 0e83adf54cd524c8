"""Several processes writing the candidate index at once: no write lost, counters exact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from concurrency.site_support import make_site

WRITERS, EACH = 4, 12

WRITE = """
import sys
import django
django.setup()
from peyvand.accounts.models import Agency
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.services import register_person, submit_tracing_request
writer, each = int(sys.argv[1]), int(sys.argv[2])
agency = Agency.objects.order_by("pk").first()
givens = ["Ali", "Reza", "Maryam", "علی", "رضا"]
for number in range(each):
    person = PersonInput(
        names=[NameInput(full=f"{givens[number % 5]} Karimi")],
        birth_date_text=str(1960 + number % 3),
        birthplace="Tehran",
    )
    if writer % 2:
        register_person(None, agency, person, consent_method="in_person")
    else:
        seeker = PersonInput(names=[NameInput(full="مادر")], sex="f")
        submit_tracing_request(None, agency, seeker=seeker, sought=person, relationship="child")
"""


CHECK = """
import json
from collections import Counter
import django
django.setup()
from peyvand.matching.candidate_index import REGISTRY, REQUESTS
from peyvand.matching.models import (
    IndexCount, IndexedRegistration, IndexedRequest, RegistrationKey, RequestKey,
)
from peyvand.tracing.models import Registration, TracingRequest
blocks = Counter(RegistrationKey.objects.values_list("key", flat=True))
blocks.update(RequestKey.objects.values_list("key", flat=True))
counters = dict(IndexCount.objects.filter(key__in=list(blocks)).values_list("key", "n"))
print(json.dumps({
    "registrations": Registration.objects.count(),
    "requests": TracingRequest.objects.count(),
    "indexed registrations": IndexedRegistration.objects.count(),
    "indexed requests": IndexedRequest.objects.count(),
    "registry population": REGISTRY.population(),
    "requests population": REQUESTS.population(),
    "blocks": len(blocks),
    "block counters that differ from their rows": sum(
        1 for key, n in blocks.items() if counters.get(key) != n
    ),
}))
"""


def environment(tmp_path: Path) -> dict[str, str]:
    """Where the writer processes find the database this test reads afterwards."""
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        env = dict(os.environ)
        env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/"
            f"{settings['NAME']}"
        )
        return env
    return make_site(tmp_path, extra_requests=0).env


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_index_and_its_counters_exact(tmp_path: Path) -> None:
    if connection.vendor == "postgresql":
        from conftest import make_world

        make_world()
    env = environment(tmp_path)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITE, str(writer), str(EACH)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for writer in range(WRITERS)
    ]
    errors = [w.communicate(timeout=300)[1] for w in writers]
    assert [w.returncode for w in writers] == [0] * WRITERS, errors
    checked = subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, check=True
    )
    found = json.loads(checked.stdout.strip().splitlines()[-1])
    assert found["registrations"] >= EACH * WRITERS // 2
    assert found["requests"] >= EACH * WRITERS // 2
    assert found["indexed registrations"] == found["registrations"]
    assert found["indexed requests"] == found["requests"]
    assert found["registry population"] == found["registrations"]
    assert found["requests population"] == found["requests"]
    # Every block's counter is exactly the number of its key rows.
    assert found["block counters that differ from their rows"] == 0
    assert found["blocks"] > 20
