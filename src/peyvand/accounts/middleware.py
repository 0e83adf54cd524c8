"""Signed-in users get the language and calendar they chose, whatever their browser says."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from peyvand.core.display import current_calendar_choice


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        signed_in = user is not None and user.is_authenticated
        if signed_in and language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        token = current_calendar_choice.set(getattr(user, "calendar", "") if signed_in else "")
        try:
            response = self.get_response(request)
        finally:
            current_calendar_choice.reset(token)
        response.headers.setdefault("Content-Language", translation.get_language() or "en")
        return response
