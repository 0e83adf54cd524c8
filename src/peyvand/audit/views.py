"""The data-protection officer's views of the trail: who did what, when, why."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from peyvand.audit.access import access_person_history, access_record_history
from peyvand.core.http import AuthenticatedRequest

HISTORY_LIMIT = 500


@login_required
def record_history(request: AuthenticatedRequest, object_type: str, object_id: str) -> HttpResponse:
    events = access_record_history(request.user, object_type, object_id)
    context = {
        "object_type": object_type,
        "object_id": object_id,
        "events": events.select_related("actor")[:HISTORY_LIMIT],
    }
    return render(request, "audit/record_history.html", context)


@login_required
def person_history(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    """Every event about a person, their names, contacts, registration, requests and cases."""
    history = access_person_history(request.user, person_id)
    events = list(
        history.events()
        .only("at", "actor_label", "action", "object_type", "object_id", "reason", "sequence")
        .order_by("-sequence")[:HISTORY_LIMIT]
    )
    context = {
        "history": history,
        "events": events,
        "truncated": len(events) == HISTORY_LIMIT,
        "limit": HISTORY_LIMIT,
    }
    return render(request, "audit/person_history.html", context)
