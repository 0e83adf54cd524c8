"""What the moderation queue shows beside each held message: a preview and the consent in force.

A moderator decides whether a message may pass; they need to know what the sought person agreed
to (a decision withdrawn or never given means nothing should pass) without opening each case.
The consent is read in the same query as the messages (a subquery), so the queue's cost does not
grow with its length.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from peyvand.consent.models import Choice, Decision
from peyvand.matching.models import PairStatus
from peyvand.messaging.models import Message

PREVIEW_CHARS = 200


def with_consent_in_force(held: QuerySet[Message]) -> QuerySet[Message]:
    """``held`` with the sought person's latest decision about the confirmed pair's seeker."""
    request = OuterRef("case__tracing_request")
    latest = Decision.objects.filter(
        tracing_request=request,
        registration__candidate_pairs__tracing_request=request,
        registration__candidate_pairs__status=PairStatus.CONFIRMED,
    ).order_by("-decided_at", "-id")
    return held.annotate(
        consent_choice=Subquery(latest.values("choice")[:1]),
        consent_withdrawn_at=Subquery(latest.values("withdrawn_at")[:1]),
    )


@dataclass(frozen=True)
class HeldRow:
    message: Message
    preview: str
    consent: str  # the label of the decision in force, "" when none is


def held_rows(messages: list[Message]) -> list[HeldRow]:
    """Rows for the queue from messages read through ``with_consent_in_force``."""
    rows = []
    for message in messages:
        choice = str(getattr(message, "consent_choice", None) or "")
        in_force = choice in Choice.values and getattr(message, "consent_withdrawn_at", 1) is None
        body = message.body
        preview = body if len(body) <= PREVIEW_CHARS else body[: PREVIEW_CHARS - 1] + "…"
        rows.append(HeldRow(message, preview, str(Choice(choice).label) if in_force else ""))
    return rows
