"""Staff pages: the work queues and the review of a candidate pair (with the consent question
and the relay beside it). The batch re-link's pages stay in ``matching.views``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.models import User
from peyvand.accounts.roles import staff_may_write
from peyvand.accounts.staff_access import require_staff
from peyvand.audit.services import record_event
from peyvand.core.paging import CappedPaginator, capped_count
from peyvand.matching.access import access_candidate_pair, pairs_visible_to
from peyvand.matching.explain import explanation_bars, weight_rest
from peyvand.matching.forms import ConfirmPairForm, ReasonRequiredForm
from peyvand.matching.models import (
    CandidatePair,
    MatchReview,
    PairStatus,
    ReviewAction,
)
from peyvand.matching.services import (
    confirm_match,
    reject_match,
    second_confirm,
    undo_confirmation,
)
from peyvand.messaging.access import messages_visible_to
from peyvand.messaging.held_rows import held_rows, with_consent_in_force
from peyvand.messaging.models import MessageStatus
from peyvand.portals.staff.consent_views import pair_consent_context
from peyvand.tracing.access import cases_visible_to, seeker_additions_visible_to
from peyvand.tracing.models import CaseState

PAGE_SIZE = 50
QUEUE_TABS = (
    ("new", gettext_lazy("New requests")),
    ("review", gettext_lazy("Candidates to review")),
    ("awaiting", gettext_lazy("Awaiting the sought person")),
    ("messages", gettext_lazy("Messages to moderate")),
    ("additions", gettext_lazy("Added by seekers")),
    ("visits", gettext_lazy("Visits")),
)


def _queue_rows(user: User) -> dict[str, QuerySet[Any]]:
    """The rows behind each queue, scoped by the access functions and ready to list."""
    cases = (
        cases_visible_to(user)
        .select_related("tracing_request", "assigned_to", "agency")
        .prefetch_related("tracing_request__sought__names")
        .order_by("opened_at", "id")
    )
    confirmed_by_me = Exists(
        MatchReview.objects.filter(pair=OuterRef("pk"), action=ReviewAction.CONFIRM, reviewer=user)
    )
    pairs = (
        pairs_to_review(user)
        .alias(confirmed_by_me=confirmed_by_me)
        .filter(
            Q(status=PairStatus.PROPOSED)
            | Q(status=PairStatus.AWAITING_SECOND, confirmed_by_me=False)
        )
    )
    held = with_consent_in_force(
        messages_visible_to(user)
        .filter(status=MessageStatus.HELD)
        .select_related("case__tracing_request")
        .order_by("created_at", "id")
    )
    # What seekers add on the track page is kept as a note without a staff author.
    additions = seeker_additions_visible_to(user)
    return {
        "new": cases.filter(state=CaseState.OPEN),
        "review": pairs,
        "awaiting": cases.filter(state__in=[CaseState.AWAITING_DECISION, CaseState.ON_HOLD]),
        "messages": held,
        "additions": additions,
    }


def pairs_to_review(user: User) -> QuerySet[CandidatePair]:
    """Pairs on cases still open, with what the queue shows of both records."""
    return (
        pairs_visible_to(user)
        .exclude(tracing_request__case__state=CaseState.CLOSED)
        .select_related("tracing_request__case", "registration")
        .prefetch_related("tracing_request__sought__names", "registration__person__names")
        .order_by("-match_probability", "id")
    )


@login_required
def staff_queues(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require_staff(user, "staff_queues")
    tab = request.GET.get("tab", "new")
    if tab not in dict(QUEUE_TABS):
        tab = "new"
    rows = _queue_rows(user)
    counts = {key: capped_count(query) for key, query in rows.items()}
    tabs = [(key, label, counts.get(key)) for key, label in QUEUE_TABS]
    page = None
    # A candidate the engine just proposed may rank low by probability: let staff see the newest.
    newest = tab == "review" and request.GET.get("order") == "newest"
    if newest:
        rows["review"] = rows["review"].order_by("-created_at", "-id")
    if tab in rows:
        page = CappedPaginator(rows[tab], PAGE_SIZE).get_page(request.GET.get("page"))
        record_event(
            user, "queue.listed", ("staff.queue", tab), details={"count": len(page.object_list)}
        )
    context: dict[str, object] = {"tab": tab, "tabs": tabs, "page": page, "newest": newest}
    if tab == "messages" and page is not None:
        context["rows"] = held_rows(list(page.object_list))
    return render(request, "matching/queues.html", context)


def _ids(form_key: str) -> str:
    # Several forms on the review page have a "reason" field: each gets its own element ids.
    return f"id_{form_key.removesuffix('_form')}_%s"


def _render_pair(
    request: AuthenticatedRequest,
    pair: CandidatePair,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    tracing_request = pair.tracing_request
    context: dict[str, Any] = {
        "pair": pair,
        "tracing_request": tracing_request,
        "case": tracing_request.case,
        "sought": tracing_request.sought,
        "registered": pair.registration.person,
        "bars": explanation_bars(pair.explanation),
        "weights": weight_rest(pair.explanation, pair.match_weight),
        "probability_percent": round(pair.match_probability * 100),
        "second_review_below": round(settings.PEYVAND_SECOND_REVIEW_BELOW * 100),
        "needs_second": pair.match_probability < settings.PEYVAND_SECOND_REVIEW_BELOW,
        "reviews": pair.reviews.select_related("reviewer"),
        "may_write": staff_may_write(request.user),
        "confirm_form": ConfirmPairForm(auto_id=_ids("confirm_form")),
        "second_form": ConfirmPairForm(auto_id=_ids("second_form")),
        "reject_form": ReasonRequiredForm(auto_id=_ids("reject_form")),
        "undo_form": ReasonRequiredForm(auto_id=_ids("undo_form")),
        **pair_consent_context(pair),
        **(bound or {}),
    }
    return render(request, "matching/pair_review.html", context, status=status)


@login_required
def pair_review(request: AuthenticatedRequest, pair_id: int) -> HttpResponse:
    require_staff(request.user, "pair_review")
    return _render_pair(request, access_candidate_pair(request.user, pair_id))


ReviewStep = Callable[[User, CandidatePair, str], CandidatePair]


def _review(
    request: AuthenticatedRequest,
    pair_id: int,
    form_class: type[forms.Form],
    form_key: str,
    step: ReviewStep,
    done: str,
) -> HttpResponse:
    require_staff(request.user, form_key)
    pair = access_candidate_pair(request.user, pair_id, write=True)
    form = form_class(request.POST, auto_id=_ids(form_key))
    if form.is_valid():
        try:
            step(request.user, pair, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            return redirect("pair_review", pair_id=pair.pk)
    return _render_pair(request, pair, bound={form_key: form}, status=400)


@login_required
@require_POST
def pair_confirm(request: AuthenticatedRequest, pair_id: int) -> HttpResponse:
    return _review(
        request, pair_id, ConfirmPairForm, "confirm_form", confirm_match, _("Confirmed.")
    )


@login_required
@require_POST
def pair_second_confirm(request: AuthenticatedRequest, pair_id: int) -> HttpResponse:
    return _review(
        request,
        pair_id,
        ConfirmPairForm,
        "second_form",
        second_confirm,
        _("Confirmed as second reviewer."),
    )


@login_required
@require_POST
def pair_reject(request: AuthenticatedRequest, pair_id: int) -> HttpResponse:
    return _review(
        request, pair_id, ReasonRequiredForm, "reject_form", reject_match, _("Rejected.")
    )


@login_required
@require_POST
def pair_undo(request: AuthenticatedRequest, pair_id: int) -> HttpResponse:
    return _review(
        request,
        pair_id,
        ReasonRequiredForm,
        "undo_form",
        undo_confirmation,
        _("Confirmation undone."),
    )
