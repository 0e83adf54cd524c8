"""The data-protection officer's person-centred history, at /audit/person/<id>/."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.privacy.history import access_person_history

HISTORY_LIMIT = 500


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
    return render(request, "privacy/person_history.html", context)
