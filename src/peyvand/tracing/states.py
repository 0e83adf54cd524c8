"""The case state machine: one table of allowed transitions, used by the one service that
moves cases."""

from __future__ import annotations

from peyvand.tracing.models import CaseState as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.SEARCHING, S.MATCH_CONFIRMED, S.CLOSED}),
    S.SEARCHING: frozenset({S.MATCH_CONFIRMED, S.CLOSED}),
    S.MATCH_CONFIRMED: frozenset({S.AWAITING_DECISION, S.SEARCHING, S.CLOSED}),
    S.AWAITING_DECISION: frozenset(
        {S.CONTACT_ESTABLISHED, S.ON_HOLD, S.SEARCHING, S.MATCH_CONFIRMED, S.CLOSED}
    ),
    S.ON_HOLD: frozenset({S.AWAITING_DECISION, S.SEARCHING, S.CLOSED}),
    S.CONTACT_ESTABLISHED: frozenset({S.ON_HOLD, S.CLOSED}),
    S.CLOSED: frozenset({S.OPEN}),
}

# States in which a caseworker is still working towards a match.
SEARCHING_STATES = frozenset({S.OPEN, S.SEARCHING})


def may_move(from_state: str, to_state: str) -> bool:
    """True when the table allows ``from_state → to_state``."""
    return to_state in TRANSITIONS.get(from_state, frozenset())
