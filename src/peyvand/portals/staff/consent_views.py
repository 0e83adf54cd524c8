"""Staff pages for the sought person's decision: ask, record an answer, record a withdrawal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.roles import staff_may_write
from peyvand.accounts.staff_access import require_staff
from peyvand.actions.decisions import ask_sought_person, record_decision
from peyvand.consent.access import access_decision, access_question
from peyvand.consent.models import AskStatus, Decision, DecisionRequest
from peyvand.consent.services import decision_in_force, withdraw_decision
from peyvand.consent.staff_forms import AskForm, RecordDecisionForm, WithdrawDecisionForm
from peyvand.matching.access import access_candidate_pair
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.tracing.models import TracingRequest


def pair_consent_context(pair: CandidatePair) -> dict[str, Any]:
    """What the pair page shows about asking the sought person (nothing unless confirmed)."""
    if pair.status != PairStatus.CONFIRMED:
        return {}
    registration, tracing_request = pair.registration, pair.tracing_request
    return {
        "ask_form": AskForm(has_account=registration.user_id is not None),
        "pending_questions": registration.decision_requests.filter(
            tracing_request=tracing_request, status=AskStatus.PENDING
        ).select_related("asked_by"),
        "decision": decision_in_force(registration, tracing_request),
    }


def case_consent_context(tracing_request: TracingRequest) -> dict[str, Any]:
    """The case page's view of the questions put to the sought person and their decisions."""
    return {
        "pending_questions": tracing_request.decision_requests.filter(
            status=AskStatus.PENDING
        ).select_related("asked_by"),
        "decisions": tracing_request.decisions.select_related("recorded_by"),
    }


@login_required
@require_POST
def pair_ask(request: AuthenticatedRequest, pair_id: int) -> HttpResponse:
    require_staff(request.user, "pair_ask")
    pair = access_candidate_pair(request.user, pair_id, write=True)
    form = AskForm(request.POST, has_account=pair.registration.user_id is not None)
    if not form.is_valid():
        messages.error(request, _("Choose how the person is asked."))
        return redirect("pair_review", pair_id=pair.pk)
    try:
        asked = ask_sought_person(request.user, pair, form.cleaned_data["channel"])
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("pair_review", pair_id=pair.pk)
    if asked.channel == "app":
        messages.success(request, _("The person was asked in the app and by e-mail."))
        return redirect("pair_review", pair_id=pair.pk)
    messages.success(request, _("Now record what the person decides."))
    return redirect("question_record", question_id=asked.pk)


def _render_record(
    request: AuthenticatedRequest, asked: DecisionRequest, form: RecordDecisionForm, status: int
) -> HttpResponse:
    context = {
        "asked": asked,
        "form": form,
        "registered": asked.registration.person,
        "tracing_request": asked.tracing_request,
        "pending": asked.status == AskStatus.PENDING,
        "may_write": staff_may_write(request.user),
    }
    return render(request, "consent/staff/record_decision.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def question_record(request: AuthenticatedRequest, question_id: int) -> HttpResponse:
    require_staff(request.user, "question_record")
    write = request.method == "POST"
    asked = access_question(request.user, question_id, write=write)
    registration = asked.registration
    held = sorted(set(registration.person.contacts.values_list("kind", flat=True)))
    if not write:
        initial = {"shared_kinds": [k for k in registration.shareable_kinds if k in held]}
        return _render_record(
            request, asked, RecordDecisionForm(held_kinds=held, initial=initial), 200
        )
    form = RecordDecisionForm(request.POST, held_kinds=held)
    if not form.is_valid():
        return _render_record(request, asked, form, 400)
    try:
        record_decision(
            request.user,
            asked,
            form.cleaned_data["choice"],
            channel=form.cleaned_data["channel"],
            shared_kinds=form.cleaned_data["shared_kinds"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_record(request, asked, form, 400)
    messages.success(request, _("The decision is recorded."))
    return redirect("case_detail", case_id=asked.tracing_request.case.pk)


def _render_withdraw(
    request: AuthenticatedRequest, decision: Decision, form: WithdrawDecisionForm, status: int
) -> HttpResponse:
    context = {
        "decision": decision,
        "form": form,
        "tracing_request": decision.tracing_request,
        "may_write": staff_may_write(request.user),
    }
    return render(request, "consent/staff/withdraw_decision.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def decision_withdraw(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    require_staff(request.user, "decision_withdraw")
    write = request.method == "POST"
    decision = access_decision(request.user, decision_id, write=write)
    if not write:
        return _render_withdraw(request, decision, WithdrawDecisionForm(), 200)
    form = WithdrawDecisionForm(request.POST)
    if not form.is_valid():
        return _render_withdraw(request, decision, form, 400)
    withdraw_decision(request.user, decision)
    messages.success(request, _("The withdrawal is recorded and took effect now."))
    return redirect("case_detail", case_id=decision.tracing_request.case.pk)
