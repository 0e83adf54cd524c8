"""Staff moderation of relayed messages: the queue of held messages, and relay or stop."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.roles import staff_may_write
from peyvand.accounts.staff_access import require_staff
from peyvand.audit.services import record_event
from peyvand.core.paging import CappedPaginator
from peyvand.messaging.access import access_message, messages_visible_to
from peyvand.messaging.forms import ModerationForm
from peyvand.messaging.held_rows import held_rows, with_consent_in_force
from peyvand.messaging.models import Message, MessageStatus
from peyvand.messaging.services import moderate_message
from peyvand.tracing.access import access_case

PAGE_SIZE = 50


@login_required
def moderation_queue(request: AuthenticatedRequest) -> HttpResponse:
    require_staff(request.user, "moderation_queue")
    held = (
        messages_visible_to(request.user)
        .filter(status=MessageStatus.HELD)
        .select_related("case__tracing_request", "case__agency")
        .order_by("created_at", "id")
    )
    page = CappedPaginator(with_consent_in_force(held), PAGE_SIZE).get_page(request.GET.get("page"))
    record_event(
        request.user,
        "queue.listed",
        ("staff.queue", "messages"),
        details={"count": len(page.object_list)},
    )
    context = {"page": page, "rows": held_rows(list(page.object_list))}
    return render(request, "messaging/moderation_queue.html", context)


@login_required
def message_thread(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """All messages of one case in order, so a moderator reads a held message in its context."""
    require_staff(request.user, "message_thread")
    case = access_case(request.user, case_id)
    thread = messages_visible_to(request.user).filter(case=case).order_by("created_at", "id")
    record_event(request.user, "message.thread_read", case)
    context = {"case": case, "thread": thread}
    return render(request, "messaging/thread.html", context)


def _render_message(
    request: AuthenticatedRequest, message: Message, form: ModerationForm, status: int
) -> HttpResponse:
    context = {
        "message": message,
        "case": message.case,
        "form": form,
        "may_write": staff_may_write(request.user),
        "held": message.status == MessageStatus.HELD,
    }
    return render(request, "messaging/moderate_message.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def message_moderate(request: AuthenticatedRequest, message_id: int) -> HttpResponse:
    require_staff(request.user, "message_moderate")
    write = request.method == "POST"
    message = access_message(request.user, message_id, write=write)
    if not write:
        return _render_message(request, message, ModerationForm(), 200)
    form = ModerationForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            moderate_message(
                request.user, message, approve=approve, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Message relayed.") if approve else _("Message stopped."))
            return redirect("moderation_queue")
    return _render_message(request, message, form, 400)
