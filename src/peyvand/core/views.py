"""The front door: for visitors, the two things a family comes for; after sign-in, each role's
own list."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static

from peyvand.accounts.models import Role
from peyvand.audit.services import record_event
from peyvand.core.http import AuthenticatedRequest
from peyvand.tracing.access import (
    cases_visible_to,
    registrations_visible_to,
    requests_visible_to,
)
from peyvand.tracing.seeker_services import seeker_view

PAGE_SIZE = 50


def front_door(request: HttpRequest) -> HttpResponse:
    """Visitors see what families come for (file a request, follow one) before the sign-in
    link; signed-in people get their own home."""
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    return home(cast(AuthenticatedRequest, request))


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    context: dict[str, object] = {}
    if user.role == Role.SEEKER:
        # The same neutral status the track page shows, never the internal state.
        context["tracing_requests"] = [
            (tracing_request, seeker_view(tracing_request))
            for tracing_request in requests_visible_to(user).select_related("case")[:PAGE_SIZE]
        ]
    elif user.role == Role.REGISTRANT:
        registrations = registrations_visible_to(user)
        if registrations.exists():
            # Their page is where questions put to them wait: land there, not on an empty list.
            return redirect("registrant_home")
        context["registrations"] = registrations
    else:
        cases = list(
            cases_visible_to(user)
            .select_related("tracing_request", "assigned_to", "agency")
            .prefetch_related("tracing_request__sought__names")[:PAGE_SIZE]
        )
        record_event(user, "case.listed", ("tracing.case", "list"), details={"count": len(cases)})
        context["cases"] = cases
    return render(request, "core/home.html", context)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to the shipped icon."""
    return HttpResponsePermanentRedirect(static("peyvand/favicon.svg"))
