"""What the tracing app holds about a person or a case (collected by ``peyvand.privacy``)."""

from peyvand.core.holdings import Erasure, Holding, Reach, Retention

HOLDINGS = (
    Holding(
        "tracing.TracingRequest",
        Erasure.SUBJECT,
        Retention.CLEAR,
        reaches={"pk": Reach.REQUEST},
        # The seeker's description of a registered person who is erased: the request and its
        # case stay for the seeker, what it said about the sought person goes.
        emptied=(
            "last_contact_date",
            "last_contact_precision",
            "last_contact_calendar",
            "last_contact_text",
            "last_contact_place",
            "circumstances",
            "message_for_sought",
        ),
        cleared=("message_for_sought",),
    ),
    Holding(
        "tracing.Registration",
        Erasure.SUBJECT,
        Retention.KEEP,
        reaches={"pk": Reach.REGISTRATION},
        why="a registration is the person's own standing record: it ends by their choice or "
        "by erasure, not by a case's schedule",
    ),
    Holding(
        "tracing.Case",
        Erasure.SUBJECT,
        Retention.KEEP,
        reaches={"pk": Reach.CASE},
        why="the case shell (reference, states, outcome) lets the agency count and explain "
        "its work; it holds no personal value",
    ),
    Holding(
        "tracing.CaseNote",
        Erasure.DELETE,
        Retention.DELETE,
        reaches={"case": Reach.CASE},
    ),
    Holding(
        "tracing.CaseTransition",
        Erasure.WITH_PARENT,
        Retention.KEEP,
        parent="case",
        why="the case's timeline: states, times and the staff's short reasons",
    ),
)
