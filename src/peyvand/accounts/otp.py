"""The second factor staff prove after their password: a TOTP app, or a one-time recovery code.

Every staff role (caseworker, supervisor, DPO, administrator) must enrol an authenticator app
and verify a code in each session before any other page answers them (see
``StaffTwoFactorMiddleware``). Enrolment issues ten recovery codes, shown once; each works once.
"""

from __future__ import annotations

from base64 import b32encode

from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user, login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from peyvand.accounts.models import STAFF_ROLES, User
from peyvand.audit.services import record_event
from peyvand.core.digits import ascii_digits

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
TOTP_DIGITS = 6


def needs_second_factor(user: object) -> bool:
    """True for a signed-in staff account: those must verify a one-time code in each session."""
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", "") in (
        STAFF_ROLES
    )


def is_verified(request: HttpRequest) -> bool:
    """True once this session proved a second factor (set by django-otp's middleware)."""
    check = getattr(request.user, "is_verified", None)
    return bool(check()) if callable(check) else False


def has_confirmed_device(user: User) -> bool:
    return any(isinstance(d, TOTPDevice) for d in devices_for_user(user, confirmed=True))


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled, made on first call and reused after, so
    reloading the enrolment page does not change the secret the user is typing in."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The shared secret in base32, in groups of four, for typing into an authenticator app."""
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_token(text: str) -> str:
    """Codes are accepted with spaces or dashes and in Persian or Arabic digits."""
    return "".join(c for c in ascii_digits(text).lower() if c.isalnum())


def confirm_enrolment(request: HttpRequest, user: User, token: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it and issue fresh recovery codes.

    Returns the recovery codes (to show once) or None when the code does not match. Earlier
    authenticators and recovery codes of the user are replaced. The session counts as verified.
    """
    with transaction.atomic():
        device = pending_totp_device(user)
        if not device.verify_token(normalise_token(token)):
            return None
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
        record_event(user, "user.second_factor_enrolled", user)
    login(request, device)
    return codes


def _devices_for_code(user: User, code: str) -> list[Device]:
    """The one kind of device a code can belong to: six digits are an authenticator code,
    anything else a recovery code. Only that kind is tried, so a mistyped authenticator code
    does not throttle the recovery codes (and the other way round)."""
    kind: type[Device] = TOTPDevice if code.isdigit() and len(code) == TOTP_DIGITS else StaticDevice
    return [device for device in devices_for_user(user) if isinstance(device, kind)]


def _matching_device(user: User, code: str) -> Device | None:
    for device in _devices_for_code(user, code):
        if device.verify_token(code):
            return device
    return None


def verify_second_factor(request: HttpRequest, user: User, token: str) -> Device | None:
    """Check a code from the authenticator or an unused recovery code; mark the session verified.

    django-otp throttles each device after failures (the wait doubles with each one).
    """
    device = _matching_device(user, normalise_token(token))
    if device is None:
        record_event(user, "user.second_factor_failed", user)
        return None
    login(request, device)
    details = {"method": "recovery code" if isinstance(device, StaticDevice) else "authenticator"}
    record_event(user, "user.second_factor_verified", user, details=details)
    return device


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def enrol_with(user: User, key: bytes, recovery_codes: list[str]) -> None:
    """Give a staff account a confirmed authenticator with a known key and known recovery codes.

    For set-up scripts (the demo prints these so that its logins can be tried); people enrol
    through the setup page, where the key is random and shown only to them.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key.hex(), confirmed=True)
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=recovery, token=c) for c in recovery_codes
        )
        record_event(None, "user.second_factor_enrolled", user, details={"via": "set-up"})
