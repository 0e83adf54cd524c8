"""Access to relayed messages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from peyvand.accounts.models import Role, User
from peyvand.accounts.roles import is_active_user, staff_may_write, staff_rows
from peyvand.audit.fetch import fetch_or_refuse
from peyvand.messaging.models import Direction, Message, MessageStatus


def messages_visible_to(user: User) -> QuerySet[Message]:
    """Staff: all messages of their agency's cases (to moderate). A registrant: delivered messages
    to them and those they wrote, on cases where they are the confirmed match."""
    rows = Message.objects.all()
    if not is_active_user(user) or user.role == Role.SEEKER:
        return rows.none()
    if user.role == Role.REGISTRANT:
        mine = Q(
            case__tracing_request__candidate_pairs__registration__user=user,
            case__tracing_request__candidate_pairs__status="confirmed",
        )
        shown = Q(direction=Direction.TO_SOUGHT, status=MessageStatus.DELIVERED) | Q(
            direction=Direction.TO_SEEKER
        )
        return rows.filter(mine & shown).distinct()
    return staff_rows(user, rows, "case__agency")


def access_message(user: User, message_id: Any, write: bool = False) -> Message:
    """Return the message or raise NotFound, alike for missing and forbidden; audited."""
    writable = user.role == Role.REGISTRANT or staff_may_write(user)
    return fetch_or_refuse(
        user, messages_visible_to(user), Message, message_id, write=write, writable=writable
    )
