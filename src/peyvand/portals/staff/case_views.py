"""Case pages for staff: parse, call a service, respond."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.models import AGENCY_ROLES
from peyvand.core.kept_forms import UNAVAILABLE, save_or_keep
from peyvand.portals.staff.consent_views import case_consent_context
from peyvand.tracing.access import access_case, seeker_reach_shown_to
from peyvand.tracing.forms import CaseNoteForm, CaseStateForm
from peyvand.tracing.services import add_case_note, assign_case, change_case_state


def _render_case(
    request: AuthenticatedRequest,
    case_id: int,
    note_form: CaseNoteForm | None = None,
    state_form: CaseStateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    case = access_case(request.user, case_id)
    tracing_request = case.tracing_request
    context = {
        "case": case,
        "may_take": case.assigned_to_id is None
        and request.user.role in AGENCY_ROLES
        and request.user.agency_id == case.agency_id,
        "tracing_request": tracing_request,
        "seeker": tracing_request.seeker,
        "seeker_reach": seeker_reach_shown_to(request.user, case),
        "sought": tracing_request.sought,
        "notes": case.notes.select_related("author"),
        "transitions": case.transitions.select_related("actor"),
        "pairs": tracing_request.candidate_pairs.select_related("registration").prefetch_related(
            "registration__person__names"
        ),
        **case_consent_context(tracing_request),
        "note_form": note_form or CaseNoteForm(),
        "state_form": state_form or CaseStateForm(initial={"state": case.state}),
    }
    return render(request, "tracing/case_detail.html", context, status=status)


@login_required
def case_detail(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return _render_case(request, case_id)


@login_required
@require_POST
def case_add_note(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = CaseNoteForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case_id, note_form=form, status=400)
    case = access_case(request.user, case_id, write=True)
    try:
        saved = save_or_keep(
            form, partial(add_case_note, request.user, case, form.cleaned_data["text"])
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_case(request, case_id, note_form=form, status=400)
    if saved is None:
        return _render_case(request, case_id, note_form=form, status=UNAVAILABLE)
    messages.success(request, _("Note added."))
    return redirect("case_detail", case_id=case.pk)


@login_required
@require_POST
def case_change_state(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = CaseStateForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case_id, state_form=form, status=400)
    case = access_case(request.user, case_id, write=True)
    try:
        change_case_state(
            request.user,
            case,
            form.cleaned_data["state"],
            form.cleaned_data["reason"],
            outcome=form.cleaned_data["outcome"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_case(request, case_id, state_form=form, status=400)
    messages.success(request, _("Case state changed."))
    return redirect("case_detail", case_id=case.pk)


@login_required
@require_POST
def case_assign_me(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """ "Assign to me": the rule of who may take which case lives in ``assign_case``."""
    case = access_case(request.user, case_id, write=True)
    try:
        assign_case(request.user, case, request.user)
    except ValidationError as exc:
        for problem in exc.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The case is assigned to you."))
    return redirect("case_detail", case_id=case.pk)
