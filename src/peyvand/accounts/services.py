"""Writes to agencies and accounts; each in a transaction, each audited."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peyvand.accounts.models import AGENCY_ROLES, STAFF_ROLES, Agency, CalendarChoice, Role, User
from peyvand.accounts.usernames import username_key
from peyvand.audit.services import record_event


def create_agency(actor: User | None, *, name: str, code: str, country: str = "") -> Agency:
    """Create an agency; names and codes are unique."""
    agency = Agency(name=name.strip(), code=code.strip(), country=country.strip().upper())
    agency.full_clean()
    with transaction.atomic():
        agency.save()
        record_event(actor, "agency.created", agency)
    return agency


# Digits appended to a self-chosen user name: tried at four digits first, then longer.
_SUFFIX_DIGITS = (4, 4, 4, 4, 6, 6, 8, 8, 12)


def own_username(chosen: str) -> str:
    """The sign-in name a person who registers themself gets: the name they chose, a dash and a
    random number, never like a name in use.

    Registering never answers "that name is taken": a public page that did would tell anyone
    whether an account named like a person ("mrezaei") or a staff member exists. The number
    makes the name the person's own whatever names exist; the page shows it once registered.
    """
    stem = chosen.strip()[:130] or "user"
    for digits in _SUFFIX_DIGITS:
        number = "".join(secrets.choice("0123456789") for _ in range(digits))
        candidate = f"{stem}-{number}"
        if not User.objects.filter(username_key=username_key(candidate)).exists():
            return candidate
    raise ValidationError({"username": [_("Please try again.")]})


def create_user(
    actor: User | None,
    *,
    username: str,
    password: str,
    role: str,
    agency: Agency | None = None,
    email: str = "",
    language: str = "",
) -> User:
    """Create an account. Caseworkers and supervisors need an agency; other roles have none.
    The user name must not be one a reader could take for a name in use (``User.clean``)."""
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = [_("Unknown role.")]
    elif role in AGENCY_ROLES and agency is None:
        errors["agency"] = [_("Caseworkers and supervisors belong to an agency.")]
    elif role not in AGENCY_ROLES and agency is not None:
        errors["agency"] = [_("Only caseworkers and supervisors belong to an agency.")]
    user = User(
        username=username.strip(),
        email=email.strip(),
        role=role,
        agency=agency,
        language=language,
        is_staff=role in STAFF_ROLES,
        is_superuser=role == Role.ADMIN,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            errors.setdefault(field_name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        record_event(actor, "user.created", user, details={"role": role})
    return user


def update_preferences(actor: User, *, language: str, calendar: str) -> User:
    """Change the signed-in user's own interface language and calendar."""
    errors: dict[str, list[str]] = {}
    if language not in {code for code, _name in settings.LANGUAGES}:
        errors["language"] = [_("Choose one of the offered languages.")]
    if calendar not in CalendarChoice.values:
        errors["calendar"] = [_("Choose one of the offered calendars.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        actor.language = language
        actor.calendar = calendar
        actor.save(update_fields=["language", "calendar"])
        record_event(actor, "user.preferences_changed", actor)
    return actor
