"""The data-protection officer's views of the trail: who did what, when, why."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.audit.access import access_record_history

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
