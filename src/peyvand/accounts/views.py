"""Sign-in pages: the staff second factor, password reset, and the user's own preferences."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language

from peyvand.accounts.forms import PreferencesForm, QuietPasswordResetForm, SecondFactorForm
from peyvand.accounts.http import AuthenticatedRequest
from peyvand.accounts.middleware import LANGUAGE_CHOICE_KEY
from peyvand.accounts.models import User
from peyvand.accounts.otp import (
    confirm_enrolment,
    has_confirmed_device,
    is_verified,
    needs_second_factor,
    pending_totp_device,
    secret_text,
    verify_second_factor,
)
from peyvand.accounts.services import update_preferences
from peyvand.core import ratelimit

RECOVERY_CODES_KEY = "peyvand_recovery_codes"
RECOVERY_NEXT_KEY = "peyvand_recovery_next"
# Password-reset requests per client address (valid or not, known address or not).
PASSWORD_RESET_PER_IP = ratelimit.Limit("password-reset-ip", limit=10, window=60 * 60)


@login_required
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if request.method != "POST":
        form = PreferencesForm(
            initial={
                "language": user.language or translation.get_language(),
                "calendar": user.calendar,
            }
        )
        return render(request, "accounts/preferences.html", {"form": form})
    form = PreferencesForm(request.POST)
    if form.is_valid():
        try:
            update_preferences(
                user, language=form.cleaned_data["language"], calendar=form.cleaned_data["calendar"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            translation.activate(user.language)
            # The page's choice is the newest: it replaces one made with the header buttons.
            request.session.pop(LANGUAGE_CHOICE_KEY, None)
            messages.success(request, _("Preferences saved."))
            return redirect("preferences")
    return render(request, "accounts/preferences.html", {"form": form}, status=400)


def choose_language(request: HttpRequest) -> HttpResponse:
    """The header's language buttons. Django's own view sets the cookie and goes back; the choice
    is also kept in the session, where it wins over a saved preference, so the buttons work for
    someone signed in too. A fully signed-in account also saves it as their preference (audited),
    so it lasts beyond this session; staff before their second factor only get the session."""
    response = set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if language not in {code for code, _name in settings.LANGUAGES}:
        return response
    request.session[LANGUAGE_CHOICE_KEY] = language
    user = request.user
    if not isinstance(user, User) or (needs_second_factor(user) and not is_verified(request)):
        return response
    if user.language != language:
        update_preferences(user, language=language, calendar=user.calendar)
    return response


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _staff_only(request: HttpRequest) -> HttpResponse | None:
    if not needs_second_factor(request.user):
        return redirect("home")
    return None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """Enrol an authenticator app: show its secret, confirm with a first code."""
    refused = _staff_only(request)
    if refused is not None:
        return refused
    user = request.user
    if has_confirmed_device(user) and not is_verified(request):
        # Replacing an authenticator needs the current one (or a recovery code) first.
        return redirect("two_factor_verify")
    device = pending_totp_device(user)
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        codes = confirm_enrolment(request, user, form.cleaned_data["token"])
        if codes is not None:
            request.session.cycle_key()
            request.session[RECOVERY_CODES_KEY] = codes
            request.session[RECOVERY_NEXT_KEY] = _next_url(request)
            return redirect("two_factor_recovery_codes")
        form.add_error("token", _("That code does not match. Check the time on your phone."))
    if form.is_bound:
        status = 400
    context = {
        "form": form,
        "secret": secret_text(device),
        "otpauth_uri": device.config_url,
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    """Ask a signed-in staff member for a code from the authenticator or a recovery code."""
    refused = _staff_only(request)
    if refused is not None:
        return refused
    user = request.user
    if not has_confirmed_device(user):
        return redirect("two_factor_setup")
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if verify_second_factor(request, user, form.cleaned_data["token"]) is not None:
            request.session.cycle_key()
            return redirect(_next_url(request))
        form.add_error(
            "token", _("That code does not match, or too many codes were tried; wait and retry.")
        )
    context = {"form": form, "next": _next_url(request)}
    return render(
        request, "accounts/two_factor_verify.html", context, status=400 if form.is_bound else 200
    )


@never_cache
@login_required
def two_factor_recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    """Show the recovery codes issued at enrolment, once."""
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    next_url = request.session.pop(RECOVERY_NEXT_KEY, None) or resolve_url(
        settings.LOGIN_REDIRECT_URL
    )
    if not codes:
        return redirect(next_url)
    return render(
        request, "accounts/two_factor_recovery_codes.html", {"codes": codes, "next": next_url}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponseBase:
    """Django's reset page behind a per-address limit; the same answer for every address."""
    if request.method == "POST":
        address = ratelimit.client_address(request)
        if ratelimit.is_limited(PASSWORD_RESET_PER_IP, address):
            return render(request, "registration/password_reset_limited.html", status=429)
        ratelimit.count_attempt(PASSWORD_RESET_PER_IP, address)
    return _password_reset_view(request)


_password_reset_view = auth_views.PasswordResetView.as_view(
    form_class=QuietPasswordResetForm, success_url=reverse_lazy("password_reset_done")
)
