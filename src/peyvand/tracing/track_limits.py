"""How often the track page lets a reference code be tried, and by whom.

A passphrase has twelve digits (10^12 values), so guessing only has to be slow, never stopped:
the limits below allow an attacker a few guesses per quarter of an hour and address, which
leaves a passphrase unguessed for centuries even from thousands of addresses. Locking a code
(the earlier policy) let anyone who knew a reference code lock the family out, and locking an
address locked out every family behind the same shared (NAT) address. So:

- Failures are counted per code *and address*: guessing from one place does not lock the family
  out from another. While a code is under attack (many failures from anywhere) each address gets
  fewer tries on it, but the family's first tries from their own address are still checked.
- Failures per address across all codes have a higher bar, so one hostile visitor behind a shared
  address does not lock out the other families there.
- A browser that signed in to a code before carries a signed device cookie for it and is held
  only to its own counter: the family signs in from it even while the code or their shared
  address is being attacked. An attacker cannot get that cookie without the passphrase.

While a limit holds, the passphrase is not checked at all, so a right passphrase answers 429
like a wrong one: the refusal is no oracle. Counters are keyed by hashes (see the limiter).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from peyvand.core import ratelimit

WINDOW = 15 * 60
# Failures on one code from one address; the lower bar holds while the code is under attack.
CODE_FROM_ADDRESS = ratelimit.Limit("track-code-address", limit=10, window=WINDOW)
CODE_FROM_ADDRESS_UNDER_ATTACK = ratelimit.Limit("track-code-address-slow", limit=3, window=WINDOW)
# Failures on one code from anywhere: above this the code is under attack.
CODE_UNDER_ATTACK = ratelimit.Limit("track-code-all", limit=10, window=60 * 60)
# Failures from one address on any code (a shared address serves many families).
ADDRESS = ratelimit.Limit("track-address", limit=30, window=WINDOW)
# Failures from one trusted browser on the code it is trusted for.
DEVICE = ratelimit.Limit("track-device", limit=10, window=WINDOW)

DEVICE_COOKIE = "peyvand_track_device"
# Over HTTPS the __Host- prefix pins the cookie to this host and path, like the session cookie.
SECURE_DEVICE_COOKIE = "__Host-peyvand-track-device"
DEVICE_SALT = "peyvand.tracing.track-device"
DEVICE_MAX_AGE = 180 * 24 * 60 * 60


def _code_digest(code: str) -> str:
    # The cookie names the code by a keyed hash: a shared phone's cookies do not show it.
    key = hashlib.sha256(f"{DEVICE_SALT}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt: the normalised code, the client address, a trusted device id."""

    code: str
    address: str
    device: str | None

    @classmethod
    def of(cls, request: HttpRequest, code: str) -> Attempt:
        return cls(code, ratelimit.client_address(request), _trusted_device(request, code))

    @property
    def _pair(self) -> str:
        return f"{self.code}|{self.address}"

    @property
    def _device_key(self) -> str:
        return f"{self.code}|{self.device}"

    def _counters(self) -> list[tuple[ratelimit.Limit, str]]:
        if self.device is not None:
            return [(DEVICE, self._device_key)]
        return [
            (ADDRESS, self.address),
            (CODE_FROM_ADDRESS, self._pair),
            (CODE_FROM_ADDRESS_UNDER_ATTACK, self._pair),
            (CODE_UNDER_ATTACK, self.code),
        ]

    def is_refused(self) -> bool:
        """True while this attempt may not be checked (answer 429 without looking)."""
        if self.device is not None:
            return ratelimit.is_limited(DEVICE, self._device_key)
        under_attack = ratelimit.is_limited(CODE_UNDER_ATTACK, self.code)
        return ratelimit.is_limited(ADDRESS, self.address) or ratelimit.is_limited(
            CODE_FROM_ADDRESS_UNDER_ATTACK if under_attack else CODE_FROM_ADDRESS, self._pair
        )

    def count_failure(self) -> None:
        for limit, key in self._counters():
            ratelimit.count_attempt(limit, key)


def _cookie_name() -> str:
    return SECURE_DEVICE_COOKIE if settings.SESSION_COOKIE_SECURE else DEVICE_COOKIE


def _trusted_device(request: HttpRequest, code: str) -> str | None:
    raw = request.COOKIES.get(_cookie_name(), "")
    if not raw:
        return None
    try:
        value = signing.loads(raw, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("code") != _code_digest(code):
        return None
    device = value.get("device")
    return device if isinstance(device, str) else None


def trust_device(response: HttpResponse, attempt: Attempt) -> None:
    """After a successful sign-in: let this browser pass the shared limits for this code."""
    value = {"device": attempt.device or secrets.token_hex(16), "code": _code_digest(attempt.code)}
    response.set_cookie(
        _cookie_name(),
        signing.dumps(value, salt=DEVICE_SALT),
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
