"""The landing page after sign-in: each role sees its own list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from peyvand.accounts.models import Role
from peyvand.audit.services import record_event
from peyvand.core.http import AuthenticatedRequest
from peyvand.tracing.access import (
    cases_visible_to,
    registrations_visible_to,
    requests_visible_to,
)

PAGE_SIZE = 50


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    context: dict[str, object] = {}
    if user.role == Role.SEEKER:
        context["tracing_requests"] = requests_visible_to(user)[:PAGE_SIZE]
    elif user.role == Role.REGISTRANT:
        context["registrations"] = registrations_visible_to(user)
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
