"""The request type of views behind ``login_required`` and of the staff admin; downloads."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from peyvand.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User


def request_user(request: HttpRequest) -> User:
    """The requesting user. Anonymous visitors never reach the callers (login and admin gates),
    and the access functions refuse any user that is not active and authenticated anyway."""
    return cast(User, request.user)


def attachment(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    """A download: ``Content-Disposition: attachment`` (non-ASCII names encoded per RFC 6266),
    never shown inline from this origin."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response
