"""The track page's one quiet line about appeals: shown only when there is one to read."""

from __future__ import annotations

from typing import Any

from django import template

from peyvand.appeals.access import appeals_for_seeker
from peyvand.core.sessions import SEEKER_SESSION_KEY as SESSION_KEY
from peyvand.tracing.models import TracingRequest

register = template.Library()


@register.inclusion_tag("appeals/seeker/track_link.html", takes_context=True)
def appeals_link(context: dict[str, Any]) -> dict[str, Any]:
    """``{% appeals_link %}`` on the track page, for the request its session signed in to (the
    page has read and audited that request already; this only asks whether to show a link)."""
    request = context.get("request")
    request_id = request.session.get(SESSION_KEY) if request is not None else None
    tracing_request = (
        TracingRequest.objects.only("pk", "agency_id").filter(pk=request_id).first()
        if isinstance(request_id, int)
        else None
    )
    shown = tracing_request is not None and appeals_for_seeker(tracing_request).exists()
    return {"shown": shown}
