"""The live candidate index in the database: the same scores as the in-memory index, written
with its record, encrypted at rest, capped for common keys, and shared by every process."""

from __future__ import annotations

import random
import subprocess
import sys
from typing import Any

import pytest
from django.db import connection, transaction

from concurrency.site_support import make_site
from peyvand.accounts.models import Agency
from peyvand.accounts.services import create_agency
from peyvand.linkage.internals.online import OnlineIndex
from peyvand.matching import engine
from peyvand.matching.candidate_index import (
    REGISTRY,
    REQUESTS,
    _secret,
    choose_blocks,
    fixed_key,
)
from peyvand.matching.models import (
    IndexCount,
    IndexedRegistration,
    IndexedRequest,
    RegistrationKey,
    RequestKey,
)
from peyvand.matching.reindex import needs_rebuild, rebuild_index
from peyvand.matching.relink import run_relink
from peyvand.matching.relink_services import open_cli_run
from peyvand.people.services import NameInput, PersonInput, clean_person
from peyvand.tracing.models import Registration, TracingRequest
from peyvand.tracing.services import register_person, register_persons, submit_tracing_request

GIVEN = ["محمد", "Mohammad", "علی", "Ali", "حسین", "Hossein", "رضا", "Reza", "مریم", "Maryam"]
FAMILY = ["رضایی", "Rezaei", "احمدی", "Ahmadi", "کریمی", "Karimi", "خدابنده", "Khodabandeh"]
YEARS = ["1340", "1342", "1961", "1963", "1964"]
PLACES = ["تهران", "Tehran", "قزوین", "Qazvin"]
FATHERS = ["حسن", "Hassan", "جواد", "Javad"]


def person(rng: random.Random) -> PersonInput:
    return PersonInput(
        names=[NameInput(full=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}")],
        sex=rng.choice("mf"),
        birth_date_text=rng.choice(YEARS),
        birthplace=rng.choice(PLACES),
        father_given_name=rng.choice(FATHERS),
    )


def registry(agency: Agency, size: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    people = [(clean_person(person(rng)), "in_person") for _ in range(size)]
    return register_persons(None, agency, people)


def in_memory_index(registration_ids: list[int]) -> OnlineIndex:
    rows = Registration.objects.filter(pk__in=registration_ids).select_related("person")
    index = OnlineIndex(engine.person_model())
    index.add(engine.person_record(row.person, str(row.pk)) for row in rows)
    return index


@pytest.fixture
def agency(db: None) -> Agency:
    return create_agency(None, name="Agency A", code="agency-a", country="AL")


@pytest.fixture
def no_caps(settings: Any) -> None:
    settings.PEYVAND_CANDIDATE_BUDGET = 100000
    settings.PEYVAND_BLOCK_ALWAYS = 100000
    settings.PEYVAND_BLOCK_MAX = 5000


@pytest.mark.django_db
def test_the_database_index_scores_exactly_as_the_in_memory_index(
    agency: Agency, no_caps: None
) -> None:
    ids = registry(agency, 160, seed=3)
    reference = in_memory_index(ids)
    rng = random.Random(11)
    compared = 0
    for _ in range(12):
        request = submit_tracing_request(
            None,
            agency,
            seeker=PersonInput(names=[NameInput(full="فاطمه احمدی")], sex="f"),
            sought=person(rng),
            relationship="child",
        )
        scored = engine.score_request(request.pk)
        assert scored is not None
        record = engine.person_record(request.sought, f"request:{request.pk}")
        expected = reference.candidates(record, top_n=10)
        expected = [pair for pair in expected if pair.match_probability >= 0.05]
        assert [p.record_id_r for p in scored] == [p.record_id_r for p in expected]
        for got, want in zip(scored, expected, strict=True):
            assert got.match_weight == pytest.approx(want.match_weight, abs=1e-9)
            assert got.match_probability == pytest.approx(want.match_probability, abs=1e-9)
            assert [e.text for e in got.explanation] == [e.text for e in want.explanation]
        compared += len(scored)
    assert compared >= 12  # the names repeat: requests have candidates to compare


@pytest.mark.django_db
def test_index_rows_commit_and_roll_back_with_their_record(agency: Agency) -> None:
    registry(agency, 3, seed=1)
    before = dict(IndexCount.objects.values_list("key", "n"))
    with pytest.raises(RuntimeError), transaction.atomic():
        register_person(None, agency, person(random.Random(2)), consent_method="in_person")
        assert IndexedRegistration.objects.count() == 4
        raise RuntimeError("the surrounding transaction fails")
    assert IndexedRegistration.objects.count() == 3
    assert dict(IndexCount.objects.values_list("key", "n")) == before
    assert REGISTRY.population() == 3


@pytest.mark.django_db
def test_values_are_encrypted_at_rest_and_keys_name_nobody(agency: Agency) -> None:
    register_person(
        None,
        agency,
        PersonInput(names=[NameInput(full="Mohammadreza Khodabandeh")], birthplace="Qazvin"),
        consent_method="in_person",
    )
    with connection.cursor() as cursor:
        table = IndexedRegistration._meta.db_table
        cursor.execute(f"SELECT {connection.ops.quote_name('values')} FROM {table}")  # noqa: S608 (names from the model)
        (stored,) = cursor.fetchone()
    assert stored.startswith("pv1:")
    assert "khodabandeh" not in stored.lower() and "qazvin" not in stored.lower()
    assert RegistrationKey.objects.count() > 3
    assert all(
        isinstance(key, int) for key in RegistrationKey.objects.values_list("key", flat=True)
    )


@pytest.mark.django_db
def test_a_request_is_indexed_on_its_side_and_found_by_a_new_registration(
    agency: Agency,
) -> None:
    request = submit_tracing_request(
        None,
        agency,
        seeker=PersonInput(names=[NameInput(full="فاطمه خدابنده")], sex="f"),
        sought=PersonInput(names=[NameInput(full="محمدرضا خدابنده")], birth_date_text="1345"),
        relationship="child",
    )
    assert IndexedRequest.objects.filter(tracing_request=request).exists()
    assert RequestKey.objects.filter(tracing_request=request).exists()
    assert REQUESTS.population() == 1
    registration = register_person(
        None,
        agency,
        PersonInput(names=[NameInput(full="Mohammadreza Khodabandeh")], birth_date_text="1966"),
        consent_method="in_person",
    )
    assert engine.match_registration(registration.pk) == 1


def test_common_blocks_are_skipped_largest_first(settings: Any) -> None:
    settings.PEYVAND_CANDIDATE_BUDGET = 1000
    settings.PEYVAND_BLOCK_ALWAYS = 50
    settings.PEYVAND_BLOCK_MAX = 700
    counts = {1: 10, 2: 600, 3: 500, 4: 40, 5: 800, 6: 0}
    chosen, skipped = choose_blocks([1, 2, 3, 4, 5, 6], counts)
    # 4 and 1 always; 3 fits (550); 2 would pass the budget (1150); 5 is over the largest block.
    assert chosen == [1, 4, 3]
    assert skipped == 2


@pytest.mark.django_db
def test_rebuilding_gives_back_the_same_index(agency: Agency) -> None:
    registry(agency, 30, seed=5)
    keys = set(RegistrationKey.objects.values_list("key", "registration_id"))
    counts = dict(IndexCount.objects.values_list("key", "n"))
    assert rebuild_index() == (30, 0)
    assert set(RegistrationKey.objects.values_list("key", "registration_id")) == keys
    assert dict(IndexCount.objects.values_list("key", "n")) == counts


MATCH_IN_ANOTHER_PROCESS = """
import django
django.setup()
from peyvand.linkage.internals.people import record_values
from peyvand.matching import engine
from peyvand.matching.candidate_index import REGISTRY
from peyvand.tracing.models import TracingRequest
request = TracingRequest.objects.order_by("pk").first()  # the world's first request
query = record_values(engine.person_record(request.sought, "query"))
found = REGISTRY.find(engine.person_model(), query, engine.MATCHABLE)
print(",".join(str(pk) for pk in sorted(found.values)))
"""

REGISTER_IN_ANOTHER_PROCESS = """
import django
django.setup()
from peyvand.accounts.models import Agency
from peyvand.people.services import NameInput, PersonInput
from peyvand.tracing.services import register_person
person = PersonInput(names=[NameInput(full="Mohammadreza Khodabandeh")], birth_date_text="1966")
print(register_person(None, Agency.objects.first(), person, consent_method="in_person").pk)
"""


def test_a_registration_written_by_one_process_is_found_by_another(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    site = make_site(tmp_path_factory.mktemp("index-site"), extra_requests=0)

    def run(code: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], env=site.env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    before = run(MATCH_IN_ANOTHER_PROCESS)  # a process that has already matched once
    registered = run(REGISTER_IN_ANOTHER_PROCESS)
    after = run(MATCH_IN_ANOTHER_PROCESS)
    assert registered not in before.split(",")
    assert registered in after.split(",")


@pytest.mark.django_db
def test_a_withdrawn_request_is_not_proposed_to_a_new_registration(agency: Agency) -> None:
    request = submit_tracing_request(
        None,
        agency,
        seeker=PersonInput(names=[NameInput(full="فاطمه خدابنده")], sex="f"),
        sought=PersonInput(names=[NameInput(full="محمدرضا خدابنده")], birth_date_text="1345"),
        relationship="child",
    )
    TracingRequest.objects.filter(pk=request.pk).update(withdrawn_at="2026-01-01T00:00:00Z")
    registration = register_person(
        None,
        agency,
        PersonInput(names=[NameInput(full="Mohammadreza Khodabandeh")], birth_date_text="1966"),
        consent_method="in_person",
    )
    assert engine.match_registration(registration.pk) == 0


@pytest.mark.django_db
def test_a_relink_rebuilds_an_index_written_under_another_secret(
    agency: Agency, settings: Any
) -> None:
    registry(agency, 5, seed=8)
    assert not needs_rebuild()
    settings.SECRET_KEY = "another secret, as on a server a backup was restored to"
    _secret.cache_clear()
    fixed_key.cache_clear()
    try:
        assert REGISTRY.population() == 0  # the counters are keyed by the old secret
        assert needs_rebuild()
        run_relink(open_cli_run().pk)
        assert REGISTRY.population() == 5 and not needs_rebuild()
    finally:
        _secret.cache_clear()
        fixed_key.cache_clear()
