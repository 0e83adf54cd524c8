"""The front door: for visitors, the two things a family comes for; after sign-in, each role's
own list (the seeker's requests, the registrant's page, the staff member's cases)."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.models import Agency, Role
from peyvand.actions.seeker import seeker_view
from peyvand.audit.services import record_event
from peyvand.core.paging import CappedPaginator
from peyvand.tracing.access import (
    cases_visible_to,
    registrations_visible_to,
    requests_visible_to,
)
from peyvand.tracing.case_list import CaseSearchForm, search_cases

PAGE_SIZE = 50
CASE_PAGE_SIZE = 25


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
        context.update(_case_list(request))
    return render(request, "core/home.html", context)


def _case_list(request: AuthenticatedRequest) -> dict[str, object]:
    """Staff: their cases, searched, filtered and paged (``tracing.case_list``); audited."""
    user = request.user
    agencies = Agency.objects.order_by("name")
    if user.agency_id is not None:
        agencies = agencies.filter(pk=user.agency_id)
    form = CaseSearchForm(request.GET or None, agencies=agencies)
    cases = cases_visible_to(user)
    if form.is_bound and form.is_valid():
        cases = search_cases(user, cases, form.cleaned_data)
    elif form.is_bound:
        cases = cases.none()
    cases = (
        cases.select_related("tracing_request", "assigned_to", "agency")
        .prefetch_related("tracing_request__sought__names")
        .order_by("-opened_at", "-id")
    )
    page = CappedPaginator(cases, CASE_PAGE_SIZE).get_page(request.GET.get("page"))
    record_event(
        user, "case.listed", ("tracing.case", "list"), details={"count": len(page.object_list)}
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "cases": page.object_list,
        "page": page,
        "search_form": form,
        "filters": query.urlencode(),
        "many_agencies": user.agency_id is None,
    }
