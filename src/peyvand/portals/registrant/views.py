"""The registrant portal: the separated person's own pages under /me/ (their choices, contacts,
the questions put to them, their decisions and the relayed messages). Parse, call a service,
respond; every page answers 404 to anyone it is not for. Registering (by themself or by a
caseworker) is consent's own page, ``consent.views``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.models import Role, User
from peyvand.actions.decisions import record_decision
from peyvand.audit.fetch import fetch_or_refuse
from peyvand.consent.access import (
    access_decision,
    access_question,
    decisions_visible_to,
    questions_visible_to,
)
from peyvand.consent.forms import (
    SERVICE_ERROR_FIELDS,
    AnswerForm,
    ContactForm,
    MarkReadForm,
    ReplyForm,
    StandingChoicesForm,
    WithdrawForm,
)
from peyvand.consent.models import CONTACT_CHOICES, AskStatus, Decision
from peyvand.consent.registrant_services import (
    add_contact,
    remove_contact,
    update_standing_choices,
)
from peyvand.consent.services import decision_in_force, withdraw_decision
from peyvand.core.access import NotFound
from peyvand.core.form_errors import add_service_errors
from peyvand.messaging.access import messages_visible_to
from peyvand.messaging.models import Direction, MessageStatus
from peyvand.messaging.services import mark_read, relay_allowed, write_message
from peyvand.people.models import ContactDetail, ContactKind
from peyvand.tracing.access import registrations_visible_to
from peyvand.tracing.models import Registration


def own_registration(user: User, *prefetch: str) -> Registration:
    """The signed-in registrant's own registration; NotFound for everyone else."""
    if user.role != Role.REGISTRANT:
        raise NotFound()
    registration = (
        registrations_visible_to(user).select_related("person").prefetch_related(*prefetch).first()
    )
    if registration is None:
        raise NotFound()
    return registration


def access_own_contact(user: User, registration: Registration, contact_id: Any) -> ContactDetail:
    """One of the registrant's own contact details, or NotFound; audited."""
    return fetch_or_refuse(
        user,
        ContactDetail.objects.filter(person_id=registration.person_id),
        ContactDetail,
        contact_id,
        write=True,
        writable=True,
    )


def access_own_decision(user: User, decision_id: Any, *, write: bool) -> Decision:
    """One of the registrant's own decisions (staff record theirs elsewhere), or NotFound."""
    if user.role != Role.REGISTRANT:
        raise NotFound()
    return access_decision(user, decision_id, write=write)


def _in_force_by_request(decisions: list[Decision]) -> list[Decision]:
    """The latest decision per tracing request (decisions come newest first)."""
    latest: dict[int, Decision] = {}
    for decision in decisions:
        latest.setdefault(decision.tracing_request_id, decision)
    return list(latest.values())


def _render_home(
    request: AuthenticatedRequest, contact_form: ContactForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    registration = own_registration(user, "person__names", "person__contacts")
    questions = (
        questions_visible_to(user)
        .filter(status=AskStatus.PENDING)
        .select_related("tracing_request__seeker")
        .prefetch_related("tracing_request__seeker__names")
    )
    latest = _in_force_by_request(
        list(
            decisions_visible_to(user)
            .select_related("tracing_request__seeker")
            .prefetch_related("tracing_request__seeker__names")
        )
    )
    unread = Counter(
        request_id
        for _pk, request_id in messages_visible_to(user)
        .filter(direction=Direction.TO_SOUGHT, read_at__isnull=True)
        .values_list("pk", "case__tracing_request_id")
    )
    context = {
        "registration": registration,
        "person": registration.person,
        "shareable_labels": [ContactKind(k).label for k in registration.shareable_kinds],
        "questions": questions,
        "decisions": [d for d in latest if d.in_force],
        "threads": [
            (d, unread[d.tracing_request_id]) for d in latest if d.choice in CONTACT_CHOICES
        ],
        "contact_form": contact_form or ContactForm(),
    }
    return render(request, "consent/home.html", context, status=status)


@never_cache
@login_required
def registrant_home(request: AuthenticatedRequest) -> HttpResponse:
    return _render_home(request)


@never_cache
@login_required
def registrant_choices(request: AuthenticatedRequest) -> HttpResponse:
    registration = own_registration(request.user)
    held = sorted(set(registration.person.contacts.values_list("kind", flat=True)))
    initial = {
        "findable_by": registration.findable_by,
        "shareable_kinds": registration.shareable_kinds,
    }
    form = StandingChoicesForm(request.POST or None, initial=initial, held_kinds=held)
    if form.is_bound and form.is_valid():
        try:
            update_standing_choices(request.user, registration, form.standing_choices())
        except ValidationError as exc:
            add_service_errors(form, exc, SERVICE_ERROR_FIELDS)
        else:
            messages.success(request, _("Your choices are saved and apply from now on."))
            return redirect("registrant_home")
    status = 400 if form.is_bound else 200
    return render(request, "consent/choices.html", {"form": form}, status=status)


@never_cache
@login_required
@require_POST
def registrant_contact_add(request: AuthenticatedRequest) -> HttpResponse:
    registration = own_registration(request.user)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            add_contact(request.user, registration, form.contact_input())
        except ValidationError as exc:
            add_service_errors(form, exc, SERVICE_ERROR_FIELDS)
        else:
            messages.success(request, _("Contact detail added."))
            return redirect("registrant_home")
    return _render_home(request, contact_form=form, status=400)


@never_cache
@login_required
@require_POST
def registrant_contact_remove(request: AuthenticatedRequest, contact_id: int) -> HttpResponse:
    registration = own_registration(request.user)
    detail = access_own_contact(request.user, registration, contact_id)
    remove_contact(request.user, registration, detail)
    messages.success(request, _("Contact detail removed."))
    return redirect("registrant_home")


@never_cache
@login_required
def question_answer(request: AuthenticatedRequest, question_id: int) -> HttpResponse:
    registration = own_registration(request.user)
    asked = access_question(request.user, question_id, write=request.method == "POST")
    if asked.status != AskStatus.PENDING:
        messages.info(request, _("This question has already been answered."))
        return redirect("registrant_home")
    held = sorted(set(registration.person.contacts.values_list("kind", flat=True)))
    initial = {"shared_kinds": [k for k in registration.shareable_kinds if k in held]}
    form = AnswerForm(request.POST or None, initial=initial, held_kinds=held)
    if form.is_bound and form.is_valid():
        try:
            record_decision(
                request.user,
                asked,
                form.cleaned_data["choice"],
                channel="app",
                shared_kinds=form.cleaned_data["shared_kinds"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, SERVICE_ERROR_FIELDS)
        else:
            messages.success(request, _("Thank you. Your answer is recorded."))
            return redirect("registrant_home")
    tracing_request = asked.tracing_request
    context = {
        "asked": asked,
        "tracing_request": tracing_request,
        "seeker_names": tracing_request.seeker.names.all(),
        "form": form,
    }
    status = 400 if form.is_bound else 200
    return render(request, "consent/question.html", context, status=status)


@never_cache
@login_required
def registrant_withdraw(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    decision = access_own_decision(request.user, decision_id, write=request.method == "POST")
    current = decision_in_force(decision.registration, decision.tracing_request)
    if current is None or current.pk != decision.pk:
        messages.info(request, _("This answer is no longer in force."))
        return redirect("registrant_home")
    if request.method == "POST" and WithdrawForm(request.POST).is_valid():
        withdraw_decision(request.user, decision)
        messages.success(request, _("Your answer is withdrawn, from now on."))
        return redirect("registrant_home")
    context = {"decision": decision, "ends_contact": decision.choice in CONTACT_CHOICES}
    return render(request, "consent/withdraw.html", context)


def _render_thread(
    request: AuthenticatedRequest, decision: Decision, reply_form: ReplyForm | None = None
) -> HttpResponse:
    case = decision.tracing_request.case
    thread = list(messages_visible_to(request.user).filter(case=case).order_by("created_at", "id"))
    unread = [m for m in thread if m.direction == Direction.TO_SOUGHT and m.read_at is None]
    allowed = relay_allowed(case)
    context = {
        "decision": decision,
        "thread": thread,
        "unread": unread,
        "relay_allowed": allowed,
        "reply_form": reply_form or ReplyForm(),
        "read_form": MarkReadForm(),
        "Direction": Direction,
        "MessageStatus": MessageStatus,
    }
    return render(request, "consent/thread.html", context, status=400 if reply_form else 200)


def _thread_decision(request: AuthenticatedRequest, decision_id: int) -> Decision:
    decision = access_own_decision(request.user, decision_id, write=request.method == "POST")
    if decision.choice not in CONTACT_CHOICES:
        raise NotFound()
    return decision


@never_cache
@login_required
def sought_thread(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    return _render_thread(request, _thread_decision(request, decision_id))


@never_cache
@login_required
@require_POST
def sought_thread_read(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    decision = _thread_decision(request, decision_id)
    form = MarkReadForm(request.POST)
    allow_receipt = form.is_valid() and form.cleaned_data["allow_receipt"]
    unread = messages_visible_to(request.user).filter(
        case__tracing_request=decision.tracing_request_id,
        direction=Direction.TO_SOUGHT,
        read_at__isnull=True,
    )
    for message in unread:
        mark_read(request.user, message, allow_receipt=allow_receipt)
    return redirect("sought_thread", decision_id=decision.pk)


@never_cache
@login_required
@require_POST
def sought_thread_reply(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    decision = _thread_decision(request, decision_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            message = write_message(
                request.user,
                decision.tracing_request.case,
                Direction.TO_SEEKER,
                form.cleaned_data["body"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, SERVICE_ERROR_FIELDS)
        else:
            if message.status == MessageStatus.HELD:
                messages.info(request, _("Your message is held for review before it is sent."))
            else:
                messages.success(request, _("Your message is sent."))
            return redirect("sought_thread", decision_id=decision.pk)
    return _render_thread(request, decision, reply_form=form)
