"""Consent's own pages: a separated person registers themself (/me/register/), or a caseworker
registers them (/staff/registrations/new/). Parse, call a service, respond."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.models import AGENCY_ROLES, Role
from peyvand.consent.forms import (
    SERVICE_ERROR_FIELDS,
    SelfRegistrationForm,
    StaffRegistrationForm,
)
from peyvand.consent.registrant_services import (
    AccountInput,
    register_by_caseworker,
    register_myself,
)
from peyvand.core import ratelimit
from peyvand.core.access import NotFound
from peyvand.core.form_errors import add_service_errors
from peyvand.core.kept_forms import UNAVAILABLE, save_or_keep
from peyvand.tracing.models import Registration

STAFF_REGISTRARS = frozenset({*AGENCY_ROLES, Role.ADMIN})
# Self-registration posts per client address (valid or not): an open form that creates accounts.
SELF_REGISTRATION_PER_IP = ratelimit.Limit("self-register-ip", limit=20, window=60 * 60)


@never_cache
def register_self(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SelfRegistrationForm(request.POST or None)
    if not form.is_bound:
        return render(request, "consent/register_self.html", {"form": form})
    refused = ratelimit.attempt_allowed(
        form, SELF_REGISTRATION_PER_IP, ratelimit.client_address(request)
    )
    if refused is None and form.is_valid():
        try:
            saved = save_or_keep(form, partial(_register, form))
        except ValidationError as exc:
            add_service_errors(form, exc, SERVICE_ERROR_FIELDS)
        else:
            if saved is not None:
                return _welcome(request, saved.value)
            refused = UNAVAILABLE
    return render(request, "consent/register_self.html", {"form": form}, status=refused or 400)


def _welcome(request: HttpRequest, registration: Registration) -> HttpResponse:
    assert registration.user is not None
    login(request, registration.user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request,
        _(
            "You are registered. This is your own page. Your user name is %(username)s: "
            "write it down, you need it to sign in."
        )
        % {"username": registration.user.username},
    )
    return redirect("registrant_home")


def _register(form: SelfRegistrationForm) -> Registration:
    data = form.cleaned_data
    return register_myself(
        data["agency"],
        form.person_input(),
        AccountInput(data["username"], data["password"], data.get("email", "")),
        form.standing_choices(),
        consented=data["consent"],
        language=get_language() or "",
    )


@never_cache
@login_required
def register_by_staff(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.user
    if actor.role not in STAFF_REGISTRARS:
        raise NotFound()
    choose_agency = actor.role not in AGENCY_ROLES
    form = StaffRegistrationForm(request.POST or None, choose_agency=choose_agency)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            registration = register_by_caseworker(
                actor,
                form.person_input(),
                form.standing_choices(),
                consent_method=data["consent_method"],
                consented=data["consent"],
                agency=data.get("agency"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc, SERVICE_ERROR_FIELDS)
        else:
            messages.success(request, _("The person is registered."))
            return redirect("person_detail", person_id=registration.person_id)
    status = 400 if form.is_bound else 200
    return render(request, "consent/register_staff.html", {"form": form}, status=status)
