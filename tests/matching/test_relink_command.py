"""`peyvand relink` links every open request again and prints its progress."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conftest import World
from peyvand.matching.models import CandidatePair, RelinkRun, RunStatus


@pytest.mark.django_db
def test_relink_command_proposes_pairs_and_reports(world: World) -> None:
    out = StringIO()
    call_command("relink", stdout=out)
    assert "2 of 2 requests linked" in out.getvalue()
    assert CandidatePair.objects.filter(
        tracing_request=world.request_a, registration=world.registration_a
    ).exists()
    assert RelinkRun.objects.get().status == RunStatus.DONE


@pytest.mark.django_db
def test_relink_command_refuses_while_another_run_is_active(world: World) -> None:
    RelinkRun.objects.create(status=RunStatus.RUNNING)
    with pytest.raises(CommandError, match="already queued or running"):
        call_command("relink", stdout=StringIO())
