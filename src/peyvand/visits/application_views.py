"""Staff actions on one travel application (submission, decision, deadline, checklist); each
answers with the visit page. Parse, call a service, respond."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.visits.access import access_application, access_checklist_item
from peyvand.visits.forms import (
    ChecklistItemForm,
    DeadlineForm,
    DecisionForm,
    SubmissionForm,
    TickForm,
)
from peyvand.visits.models import Decision, TravelApplication
from peyvand.visits.services import (
    add_checklist_item,
    record_decision,
    record_submission,
    set_deadline,
    tick_checklist_item,
)
from peyvand.visits.views import panel_auto_id, render_visit


def _act(
    request: AuthenticatedRequest,
    application_id: int,
    form_class: type[forms.Form],
    key: str,
    action: Callable[[TravelApplication, dict[str, Any]], str],
) -> HttpResponse:
    """Check access, validate ``form_class``, run ``action`` (which returns the success note),
    and show the visit page again: redirected on success, with the bound form on failure."""
    application = access_application(request.user, application_id, write=True)
    form = form_class(request.POST, auto_id=panel_auto_id(key, application.pk))
    if form.is_valid():
        try:
            note = action(application, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, note)
            return redirect("visit_detail", visit_id=application.visit_id)
    return render_visit(request, application.visit, {f"{key}-{application.pk}": form}, status=400)


@login_required
@require_POST
def application_submission(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    def submit(application: TravelApplication, data: dict[str, Any]) -> str:
        record_submission(request.user, application, data["submitted_on"])
        return _("Submission recorded.")

    return _act(request, application_id, SubmissionForm, "submission", submit)


@login_required
@require_POST
def application_decision(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    def decide(application: TravelApplication, data: dict[str, Any]) -> str:
        record_decision(
            request.user,
            application,
            str(data["decision"]),
            data["decided_on"],
            refusal_reason=str(data["refusal_reason"]),
        )
        if data["decision"] == Decision.REFUSED:
            return _("Refusal recorded with its reason.")
        return _("Decision recorded.")

    return _act(request, application_id, DecisionForm, "decision", decide)


@login_required
@require_POST
def application_deadline(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    def move(application: TravelApplication, data: dict[str, Any]) -> str:
        set_deadline(
            request.user,
            application,
            data["deadline"],
            str(data["deadline_label"]),
        )
        return _("Deadline saved.") if data["deadline"] else _("Deadline cleared.")

    return _act(request, application_id, DeadlineForm, "deadline", move)


@login_required
@require_POST
def application_checklist_add(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    def add(application: TravelApplication, data: dict[str, Any]) -> str:
        add_checklist_item(request.user, application, str(data["label"]))
        return _("Checklist item added.")

    return _act(request, application_id, ChecklistItemForm, "item", add)


@login_required
@require_POST
def checklist_item_tick(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = access_checklist_item(request.user, item_id, write=True)
    form = TickForm(request.POST)
    visit = item.application.visit
    if not form.is_valid():
        messages.error(request, _("The checklist item was not changed."))
        return render_visit(request, visit, status=400)
    try:
        tick_checklist_item(request.user, item, done=form.cleaned_data["done"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render_visit(request, visit, status=400)
    page = reverse("visit_detail", kwargs={"visit_id": visit.pk})
    return redirect(f"{page}#application-{item.application_id}")
