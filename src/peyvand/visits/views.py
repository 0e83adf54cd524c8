"""Staff pages for visits: the visits of a case, one visit with its applications, and the
deadlines queue. Parse, call a service, respond."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.roles import staff_may_write
from peyvand.accounts.staff_access import require_staff
from peyvand.audit.services import record_event
from peyvand.core.paging import CappedPaginator
from peyvand.tracing.access import access_case, cases_visible_to
from peyvand.tracing.models import CaseState
from peyvand.visits.access import access_visit
from peyvand.visits.forms import (
    ApplicationForm,
    CancelForm,
    ChecklistItemForm,
    DeadlineForm,
    DecisionForm,
    MeetingForm,
    PlanVisitForm,
    SubmissionForm,
)
from peyvand.visits.models import Reminder, TravelApplication, Visit
from peyvand.visits.reports import open_deadlines
from peyvand.visits.services import (
    OPEN_VISIT_STATES,
    add_application,
    cancel_visit,
    plan_visit,
    record_meeting,
    schedule_meeting,
)

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def case_visits(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    write = request.method == "POST"
    case = access_case(request.user, case_id, write=write)
    form = PlanVisitForm(request.POST if write else None)
    if write and form.is_valid():
        try:
            visit = plan_visit(request.user, case, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Visit planned. Now add the applications it needs."))
            return redirect("visit_detail", visit_id=visit.pk)
    context = {
        "case": case,
        "tracing_request": case.tracing_request,
        "visits": case.visits.prefetch_related("applications"),
        "form": form,
        "may_plan": staff_may_write(request.user) and case.state == CaseState.CONTACT_ESTABLISHED,
    }
    return render(request, "visits/case_visits.html", context, status=400 if write else 200)


@dataclass
class ApplicationPanel:
    """One application on the visit page with the forms that act on it."""

    application: TravelApplication
    submission_form: forms.Form
    decision_form: forms.Form
    deadline_form: forms.Form
    item_form: forms.Form


def panel_auto_id(key: str, application_id: int) -> str:
    """Field ids per application, so the page's many small forms never share an id."""
    return f"id_{key}{application_id}_%s"


def _panels(visit: Visit, bound: dict[str, forms.Form]) -> list[ApplicationPanel]:
    panels = []
    for application in visit.applications.prefetch_related("checklist"):
        pk = application.pk
        deadline_initial = {
            "deadline": application.deadline.isoformat() if application.deadline else "",
            "deadline_label": application.deadline_label,
        }
        panels.append(
            ApplicationPanel(
                application=application,
                submission_form=bound.get(f"submission-{pk}")
                or SubmissionForm(auto_id=panel_auto_id("submission", pk)),
                decision_form=bound.get(f"decision-{pk}")
                or DecisionForm(auto_id=panel_auto_id("decision", pk)),
                deadline_form=bound.get(f"deadline-{pk}")
                or DeadlineForm(initial=deadline_initial, auto_id=panel_auto_id("deadline", pk)),
                item_form=bound.get(f"item-{pk}")
                or ChecklistItemForm(auto_id=panel_auto_id("item", pk)),
            )
        )
    return panels


def render_visit(
    request: AuthenticatedRequest,
    visit: Visit,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The visit page; ``bound`` holds a form that failed, keyed as in ``_panels``."""
    bound = bound or {}
    meeting_initial = {
        "meeting_place": visit.meeting_place,
        "meeting_date": visit.meeting_date.isoformat() if visit.meeting_date else "",
    }
    context = {
        "visit": visit,
        "case": visit.case,
        "tracing_request": visit.case.tracing_request,
        "panels": _panels(visit, bound),
        "open": visit.status in OPEN_VISIT_STATES,
        "may_write": staff_may_write(request.user),
        "application_form": bound.get("application") or ApplicationForm(),
        "meeting_form": bound.get("meeting") or MeetingForm(initial=meeting_initial),
        "cancel_form": bound.get("cancel") or CancelForm(),
    }
    return render(request, "visits/visit_detail.html", context, status=status)


@login_required
def visit_detail(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    return render_visit(request, access_visit(request.user, visit_id))


@login_required
@require_POST
def visit_application_add(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    visit = access_visit(request.user, visit_id, write=True)
    form = ApplicationForm(request.POST)
    if form.is_valid():
        try:
            add_application(request.user, visit, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Application added with its usual checklist."))
            return redirect("visit_detail", visit_id=visit.pk)
    return render_visit(request, visit, {"application": form}, status=400)


@login_required
@require_POST
def visit_meeting(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    visit = access_visit(request.user, visit_id, write=True)
    form = MeetingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["met"]:
                record_meeting(
                    request.user,
                    visit,
                    meeting_place=data["meeting_place"],
                    meeting_date=data["meeting_date"],
                    outcome_notes=data["outcome_notes"],
                )
            else:
                schedule_meeting(
                    request.user,
                    visit,
                    meeting_place=data["meeting_place"],
                    meeting_date=data["meeting_date"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("visit_detail", visit_id=visit.pk)
    return render_visit(request, visit, {"meeting": form}, status=400)


@login_required
@require_POST
def visit_cancel(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    visit = access_visit(request.user, visit_id, write=True)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            cancel_visit(request.user, visit, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Visit cancelled."))
            return redirect("visit_detail", visit_id=visit.pk)
    return render_visit(request, visit, {"cancel": form}, status=400)


@login_required
def visit_deadlines(request: AuthenticatedRequest) -> HttpResponse:
    """Open deadlines of the user's agency, soonest (and overdue) first, with their reminders."""
    require_staff(request.user, "visit_deadlines")
    reminded = Reminder.objects.filter(
        application=OuterRef("pk"), deadline=OuterRef("deadline")
    ).values("sent_at")[:1]
    rows = open_deadlines(cases_visible_to(request.user)).annotate(reminded_at=Subquery(reminded))
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    record_event(
        request.user,
        "queue.listed",
        ("staff.queue", "visit_deadlines"),
        details={"count": len(page.object_list)},
    )
    context = {"page": page, "today": timezone.localdate()}
    return render(request, "visits/deadlines.html", context)
