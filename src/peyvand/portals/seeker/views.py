"""Public pages for seekers without an account: file a request, follow it on the track page.

Nothing here says whether a record exists or why a request closed: one message for every failed
sign-in, one closed page for every closing cause, one redirect for every missing session.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.models import Role
from peyvand.actions.seeker import (
    add_seeker_information,
    is_closed,
    read_messages,
    reply_to_sought,
    seeker_view,
    withdraw_tracing_request,
)
from peyvand.core import ratelimit
from peyvand.core.access import NotFound
from peyvand.core.form_errors import add_service_errors
from peyvand.core.kept_forms import UNAVAILABLE, save_or_keep
from peyvand.core.sessions import SEEKER_SESSION_KEY as SESSION_KEY
from peyvand.messaging.models import MessageStatus
from peyvand.tracing.access import access_tracing_request
from peyvand.tracing.models import TracingRequest
from peyvand.tracing.seeker import (
    access_seeker_request,
    authenticate_seeker,
    new_passphrase,
    normalise_code,
)
from peyvand.tracing.seeker_forms import (
    AddInformationForm,
    ReadMessagesForm,
    ReplyForm,
    SeekerRequestForm,
    TrackLoginForm,
)
from peyvand.tracing.services import submit_tracing_request
from peyvand.tracing.track_limits import Attempt, trust_device

# The new request's code and passphrase wait here until the confirmation page shows them once.
ISSUED_KEY = "peyvand_seeker_issued"


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    # The public pages look the same for everyone: a signed-in staff member sees no staff
    # navigation here, so base.html is given an anonymous user.
    return render(
        request, f"tracing/seeker/{template}", {**context, "user": AnonymousUser()}, status=status
    )


def _too_many(request: HttpRequest) -> HttpResponse:
    return _page(request, "too_many.html", {}, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, "request_form.html", {"form": SeekerRequestForm()})
    form = SeekerRequestForm(request.POST)
    limit, address = ratelimit.NEW_REQUEST_PER_IP, ratelimit.client_address(request)
    # Only accepted requests count: the form is checked first, and one attempt is counted
    # (atomically, so simultaneous posts cannot all slip under the limit) just before the write
    # and given back if the write does not happen.
    refused = ratelimit.limited_already(form, limit, address)
    if refused is None and not form.is_valid():
        refused = 400
    if refused is None:
        refused = ratelimit.attempt_allowed(form, limit, address)
    if refused is not None:
        return _page(request, "request_form.html", {"form": form}, status=refused)
    passphrase = new_passphrase()
    try:
        saved = save_or_keep(form, partial(_submit, form, passphrase))
    except ValidationError as exc:
        ratelimit.give_back(limit, address)
        add_service_errors(form, exc, form.SERVICE_FIELDS)
        return _page(request, "request_form.html", {"form": form}, status=400)
    if saved is None:
        ratelimit.give_back(limit, address)
        return _page(request, "request_form.html", {"form": form}, status=UNAVAILABLE)
    request.session[ISSUED_KEY] = {"code": saved.value.reference_code, "passphrase": passphrase}
    return redirect("seeker_request_done")


def _submit(form: SeekerRequestForm, passphrase: str) -> TracingRequest:
    return submit_tracing_request(
        None,
        form.cleaned_data["agency"],
        seeker=form.seeker_input(),
        sought=form.sought_input(),
        relationship=form.cleaned_data["relationship"],
        last_contact_text=form.cleaned_data["last_contact_text"],
        last_contact_place=form.cleaned_data["last_contact_place"],
        circumstances=form.cleaned_data["circumstances"],
        message_for_sought=form.cleaned_data["message_for_sought"],
        passphrase=passphrase,
    )


@never_cache
def request_done(request: HttpRequest) -> HttpResponse:
    issued = request.session.pop(ISSUED_KEY, None)
    return _page(request, "request_done.html", {"issued": issued})


@never_cache
@require_http_methods(["GET", "POST"])
def track_login(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, "track_login.html", {"form": TrackLoginForm()})
    form = TrackLoginForm(request.POST)
    if not form.is_valid():
        return _page(request, "track_login.html", {"form": form}, status=200)
    attempt = Attempt.of(request, normalise_code(form.cleaned_data["reference_code"]))
    # Checked before the passphrase: a refused attempt answers alike for a right and a wrong one.
    if attempt.is_refused():
        return _too_many(request)
    tracing_request = authenticate_seeker(attempt.code, form.cleaned_data["passphrase"])
    if tracing_request is None:
        attempt.count_failure()
        form.add_error(None, _("The reference code and passphrase do not match a request."))
        return _page(request, "track_login.html", {"form": form}, status=200)
    request.session.cycle_key()
    request.session[SESSION_KEY] = tracing_request.pk
    response = redirect("track_status")
    trust_device(response, attempt)
    return response


@never_cache
@login_required
@require_http_methods(["GET"])
def track_own(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    """A seeker with an account follows one of their own requests on the track page, without the
    code and passphrase: the account already proves who they are. Anyone else gets a 404."""
    if request.user.role != Role.SEEKER:
        raise NotFound()
    tracing_request = access_tracing_request(request.user, request_id)
    request.session[SESSION_KEY] = tracing_request.pk
    return redirect("track_status")


@require_POST
def track_leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    return redirect("track_login")


SeekerPage = Callable[[HttpRequest, TracingRequest], HttpResponse]


def seeker_session(view: SeekerPage) -> Callable[[HttpRequest], HttpResponse]:
    """Give the view the request this session signed in to, or send the visitor to /t/."""

    @wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponse:
        try:
            tracing_request = access_seeker_request(request.session)
        except NotFound:
            return redirect("track_login")
        return view(request, tracing_request)

    return never_cache(wrapped)


def _status_page(
    request: HttpRequest,
    tracing_request: TracingRequest,
    *,
    add_form: AddInformationForm | None = None,
    reply_form: ReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    view = seeker_view(tracing_request)
    context = {
        "view": view,
        "add_form": add_form or AddInformationForm(),
        "reply_form": (reply_form or ReplyForm()) if view.may_reply else None,
        "read_form": ReadMessagesForm(),
    }
    return _page(request, "track_status.html", context, status=status)


@seeker_session
@require_http_methods(["GET"])
def track_status(request: HttpRequest, tracing_request: TracingRequest) -> HttpResponse:
    return _status_page(request, tracing_request)


@seeker_session
@require_POST
def track_read(request: HttpRequest, tracing_request: TracingRequest) -> HttpResponse:
    form = ReadMessagesForm(request.POST)
    allow_receipt = form.is_valid() and bool(form.cleaned_data["allow_receipt"])
    read_messages(tracing_request, allow_receipt=allow_receipt)
    return redirect("track_status")


@seeker_session
@require_POST
def track_reply(request: HttpRequest, tracing_request: TracingRequest) -> HttpResponse:
    if is_closed(tracing_request):
        return redirect("track_status")
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            message = reply_to_sought(tracing_request, form.cleaned_data["body"])
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                # Relaying is not allowed now: show the status page as it is, without a form.
                return redirect("track_status")
            form.add_error("body" if "body" in exc.message_dict else None, exc)
        else:
            # The same honest words the sought person reads: a held message is not sent yet.
            if message.status == MessageStatus.HELD:
                messages.info(request, _("Your message is held for review before it is sent."))
            else:
                messages.success(request, _("Your message was sent."))
            return redirect("track_status")
    return _status_page(request, tracing_request, reply_form=form, status=400)


@seeker_session
@require_POST
def track_add(request: HttpRequest, tracing_request: TracingRequest) -> HttpResponse:
    if is_closed(tracing_request):
        return redirect("track_status")
    form = AddInformationForm(request.POST)
    if form.is_valid():
        try:
            saved = save_or_keep(
                form, partial(add_seeker_information, tracing_request, form.cleaned_data["text"])
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                return redirect("track_status")
            form.add_error("text", exc)
        else:
            if saved is None:
                return _status_page(request, tracing_request, add_form=form, status=UNAVAILABLE)
            messages.success(request, _("Thank you. What you wrote was added to your request."))
            return redirect("track_status")
    return _status_page(request, tracing_request, add_form=form, status=400)


@seeker_session
@require_http_methods(["GET", "POST"])
def track_withdraw(request: HttpRequest, tracing_request: TracingRequest) -> HttpResponse:
    if request.method != "POST":
        if is_closed(tracing_request):
            return redirect("track_status")
        return _page(request, "track_withdraw.html", {})
    withdraw_tracing_request(tracing_request)
    return redirect("track_status")
