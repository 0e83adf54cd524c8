"""Every case transition in the table is allowed, every other one refused; each is recorded."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from peyvand.audit.models import AuditEvent
from peyvand.tracing.models import CaseOutcome, CaseState, CaseTransition
from peyvand.tracing.services import change_case_state
from peyvand.tracing.states import TRANSITIONS, may_move

ALL_MOVES = list(itertools.product(CaseState.values, CaseState.values))


def test_every_state_has_a_row_in_the_table() -> None:
    assert set(TRANSITIONS) == set(CaseState.values)
    assert all(targets <= set(CaseState.values) for targets in TRANSITIONS.values())


@pytest.mark.django_db
@pytest.mark.parametrize(("from_state", "to_state"), ALL_MOVES)
def test_transition_allowed_or_refused(world: World, from_state: str, to_state: str) -> None:
    case = world.case_a
    case.state = from_state
    case.save(update_fields=["state"])
    outcome = CaseOutcome.NOT_FOUND if to_state == CaseState.CLOSED else ""
    before = CaseTransition.objects.count()
    if may_move(from_state, to_state):
        change_case_state(world.caseworker_a, case, to_state, "test move", outcome=outcome)
        case.refresh_from_db()
        assert case.state == to_state
        transition = CaseTransition.objects.latest("id")
        assert (transition.from_state, transition.to_state) == (from_state, to_state)
        assert AuditEvent.objects.filter(action="case.state_changed").exists()
    else:
        with pytest.raises(ValidationError) as error:
            change_case_state(world.caseworker_a, case, to_state, "test move", outcome=outcome)
        assert "state" in error.value.message_dict
        case.refresh_from_db()
        assert case.state == from_state
        assert CaseTransition.objects.count() == before


@pytest.mark.django_db
def test_closing_needs_an_outcome_and_reopening_clears_it(world: World) -> None:
    case = world.case_a
    with pytest.raises(ValidationError) as error:
        change_case_state(world.caseworker_a, case, CaseState.CLOSED, "done")
    assert "outcome" in error.value.message_dict
    change_case_state(
        world.caseworker_a, case, CaseState.CLOSED, "done", outcome=CaseOutcome.NOT_FOUND
    )
    assert (case.outcome, case.closed_at is not None) == (CaseOutcome.NOT_FOUND, True)
    change_case_state(world.supervisor_a, case, CaseState.OPEN, "new information arrived")
    assert (case.outcome, case.closed_at) == ("", None)
