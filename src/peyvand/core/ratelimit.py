"""Counting attempts on public pages and sign-ins (seeker, registrant, staff, API keys),
through Django's cache framework.

A fixed window per (scope, key): the first counted attempt opens a window of ``window`` seconds,
and once ``limit`` attempts were counted in it the key is limited until the window ends. Keys are
hashed so the cache never holds a client address or a reference code in clear.

The counts live in the shared cache (``CACHES["default"]``: Redis when ``CACHE_URL`` is set,
otherwise a database table), so a limit holds across every server process and thread; both
backends increment atomically and keep the window's expiry (``peyvand.core.cache``). The client
address is ``peyvand.core.http.client_ip``: the connection's peer, or the forwarded client when
the peer is one of ``PEYVAND_TRUSTED_PROXIES`` (otherwise every visitor behind a proxy would
share one address).

Why not django-ratelimit (issue 17): its windows are aligned to the clock rather than opened by
the first attempt, so a run of attempts can straddle a window's end and count twice the limit; its
own system check refuses Django's database cache (our zero-set-up default) as not atomic; and its
calls take a request, while these limits count keys no request attribute holds (a typed
reference code, an API token). The counting it would replace is the two functions below.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.forms import BaseForm
from django.http import HttpRequest

from peyvand.core.http import client_ip
from peyvand.core.kept_forms import (
    SERVER_FAILURES,
    TOO_MANY,
    TOO_MANY_ATTEMPTS,
    UNAVAILABLE,
    save_or_keep,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` counted attempts per ``window`` seconds."""

    scope: str
    limit: int
    window: int


# Failed track-page sign-ins: see peyvand.tracing.track_limits.
# Accepted tracing requests per client address: a form sent back for correction costs nothing
# (issue 15, item 9), so a family fixing a date many times is never locked out.
NEW_REQUEST_PER_IP = Limit("new-request-ip", limit=20, window=60 * 60)


def _cache_key(limit: Limit, key: str) -> str:
    digest = hashlib.sha256(f"{limit.scope}:{key}".encode()).hexdigest()
    return f"peyvand:ratelimit:{limit.scope}:{digest}"


def is_limited(limit: Limit, key: str) -> bool:
    """True once ``limit.limit`` attempts were counted for ``key`` in the current window."""
    return int(cache.get(_cache_key(limit, key), 0)) >= limit.limit


def count_attempt(limit: Limit, key: str) -> int:
    """Count one attempt for ``key`` and return the count in the current window."""
    cache_key = _cache_key(limit, key)
    # add() only sets when absent, so the window starts at the first attempt and is not extended.
    cache.add(cache_key, 0, timeout=limit.window)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=limit.window)
        return 1


def attempt_allowed(form: BaseForm, limit: Limit, key: str) -> int | None:
    """Count one form post against ``limit``: None if it may go ahead, else the status to answer.

    When refused (or when the count itself cannot be made), ``form`` carries the reason, so the
    page shows it above everything the person typed.
    """

    def count() -> bool:
        # Count first and judge by the count this post got: checking and then counting would let
        # two simultaneous posts both see room for one more.
        return count_attempt(limit, key) <= limit.limit

    counted = save_or_keep(form, count)
    if counted is None:
        return UNAVAILABLE
    if not counted.value:
        form.add_error(None, TOO_MANY_ATTEMPTS)
        return TOO_MANY
    return None


def limited_already(form: BaseForm, limit: Limit, key: str) -> int | None:
    """Check ``limit`` without counting: None if ``key`` has room left, else the status to
    answer (``form`` then carries the reason, above everything the person typed)."""
    checked = save_or_keep(form, lambda: is_limited(limit, key))
    if checked is None:
        return UNAVAILABLE
    if checked.value:
        form.add_error(None, TOO_MANY_ATTEMPTS)
        return TOO_MANY
    return None


def give_back(limit: Limit, key: str) -> None:
    """Return an attempt counted for a write that then did not happen (best effort: a cache
    that fails now only leaves the attempt counted)."""
    try:
        cache.decr(_cache_key(limit, key))
    except ValueError:  # the window ended meanwhile: nothing left to give back
        return
    except SERVER_FAILURES:
        logger.warning("could not give back a counted attempt for %s", limit.scope)


# Requests that carry no usable address (test clients, some local sockets) are counted together
# under one address that is valid for PostgreSQL's inet columns (django-axes stores it).
NO_ADDRESS = "0.0.0.0"  # noqa: S104 (a counter key, never bound to)


def client_address(request: HttpRequest) -> str:
    """The address attempts are counted against (see the module docstring about proxies)."""
    raw = client_ip(request)
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return NO_ADDRESS
