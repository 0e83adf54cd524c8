"""The request type of views behind ``login_required`` and of the staff admin: its user is a
Peyvand ``User``."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from peyvand.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User


def request_user(request: HttpRequest) -> User:
    """The requesting user. Anonymous visitors never reach the callers (login and admin gates),
    and the access functions refuse any user that is not active and authenticated anyway."""
    return cast(User, request.user)
