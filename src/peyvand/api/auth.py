"""Bearer-token authentication and per-token rate limits for the API."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer

from peyvand.api.models import ApiToken
from peyvand.api.services import authenticate_token
from peyvand.core.ratelimit import Limit, count_attempt

# Requests per token per window; a deployment may set PEYVAND_API_RATE_LIMIT (per minute).
DEFAULT_RATE_LIMIT = 120
RATE_WINDOW = 60


class RateLimited(Exception):
    """The token used up its requests for this window (answered with 429)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


def token_limit() -> Limit:
    limit = int(getattr(settings, "PEYVAND_API_RATE_LIMIT", DEFAULT_RATE_LIMIT))
    return Limit("api-token", limit=limit, window=RATE_WINDOW)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; a live token of an agency, or 401."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = authenticate_token(token)
        if api_token is None:
            return None
        limit = token_limit()
        if count_attempt(limit, str(api_token.pk)) > limit.limit:
            raise RateLimited(limit.window)
        return api_token
