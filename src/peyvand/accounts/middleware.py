"""Per-request account rules: the user's language and calendar, idle expiry, staff second factor."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from peyvand.accounts.models import User
from peyvand.accounts.otp import has_confirmed_device, is_verified, needs_second_factor
from peyvand.core.display import current_calendar_choice
from peyvand.core.sessions import SEEKER_SESSION_KEY

# The language last chosen with the header's buttons in this session (see accounts.views).
LANGUAGE_CHOICE_KEY = "peyvand_language"


class UserLanguageMiddleware:
    """The interface language: the one chosen with the header's buttons in this session, else the
    signed-in user's saved one, else what LocaleMiddleware found (cookie, browser)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        signed_in = user is not None and user.is_authenticated
        chosen = request.session.get(LANGUAGE_CHOICE_KEY, "")
        if chosen not in {code for code, _name in settings.LANGUAGES}:
            chosen = language if signed_in else ""
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        token = current_calendar_choice.set(getattr(user, "calendar", "") if signed_in else "")
        try:
            response = self.get_response(request)
        finally:
            current_calendar_choice.reset(token)
        response.headers.setdefault("Content-Language", translation.get_language() or "en")
        return response


def _now() -> float:
    return time.time()


STAFF_SEEN_KEY = "peyvand_staff_seen"
SEEKER_SEEN_KEY = "peyvand_seeker_seen"


class IdleSessionMiddleware:
    """Sign staff out after ``PEYVAND_STAFF_IDLE_MINUTES`` without a request, and end a
    seeker's track session after ``PEYVAND_SEEKER_IDLE_MINUTES``; each request restarts the
    clock. A shared computer in an office or a phone left on a table then shows nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = _now()
        session = request.session
        if needs_second_factor(request.user):
            last = session.get(STAFF_SEEN_KEY)
            idle = settings.PEYVAND_STAFF_IDLE_MINUTES * 60
            if isinstance(last, int | float) and now - last > idle:
                logout(request)
                messages.info(request, _("You were signed out after a time without activity."))
                return redirect_to_login(request.get_full_path())
            _mark_seen(session, STAFF_SEEN_KEY, last, now)
        if session.get(SEEKER_SESSION_KEY) is not None:
            last = session.get(SEEKER_SEEN_KEY)
            idle = settings.PEYVAND_SEEKER_IDLE_MINUTES * 60
            if isinstance(last, int | float) and now - last > idle:
                session.pop(SEEKER_SESSION_KEY, None)
                session.pop(SEEKER_SEEN_KEY, None)
                session.cycle_key()
            else:
                _mark_seen(session, SEEKER_SEEN_KEY, last, now)
        return self.get_response(request)


SEEN_RESOLUTION = 30
"""Seconds: a last-seen time this fresh is not written again. Writing it on every page cost a
session write per request; the idle limits are minutes, so they move by 30 s at most."""


def _mark_seen(session: Any, key: str, last: object, now: float) -> None:
    if not isinstance(last, int | float) or now - last >= SEEN_RESOLUTION:
        session[key] = now


# Pages a signed-in staff member may open before proving the second factor.
_BEFORE_SECOND_FACTOR = ("two_factor_verify", "two_factor_setup", "logout", "set_language")


class StaffTwoFactorMiddleware:
    """Until a staff member's session has verified a one-time code, every page but the
    second-factor pages, sign-out and the language switch sends them to enrol or verify."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not needs_second_factor(user) or is_verified(request):
            return self.get_response(request)
        if request.path_info in {reverse(name) for name in _BEFORE_SECOND_FACTOR}:
            return self.get_response(request)
        target = (
            "two_factor_verify" if has_confirmed_device(cast(User, user)) else ("two_factor_setup")
        )
        query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(target)}?{query}")
