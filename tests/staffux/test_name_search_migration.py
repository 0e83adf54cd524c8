"""people 0004 keys the names already stored (issue 15, item 2: search needs every name keyed)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from peyvand.accounts.services import create_agency
from peyvand.people.name_search import name_search_key

BEFORE = [("people", "0004_encrypt_birthplace_national_id")]
AFTER = [("people", "0005_name_search_key")]


@pytest.mark.django_db(transaction=True)
def test_existing_names_get_their_search_key() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    # Accounts stay migrated to the latest state: its current model writes the agency.
    agency = create_agency(None, name="Agency M", code="agency-m", country="AL")
    person = old.get_model("people", "Person").objects.create(agency_id=agency.pk)
    names = old.get_model("people", "Name").objects
    persian = names.create(person=person, script="fa", full="محمدرضا خدابنده", kind="birth")
    latin = names.create(
        person=person, script="latn", full="Mohammad Reza Khodabande", kind="birth"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("people", "Name").objects
    assert new.get(pk=persian.pk).search_key == name_search_key("محمدرضا خدابنده") == "mhmdrz xdbnd"
    assert new.get(pk=latin.pk).search_key == "mhmd rz xdbnd"
