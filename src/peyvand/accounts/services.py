"""Writes to agencies and accounts; each in a transaction, each audited."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peyvand.accounts.models import AGENCY_ROLES, STAFF_ROLES, Agency, CalendarChoice, Role, User
from peyvand.accounts.usernames import username_key
from peyvand.audit.services import record_event


def create_agency(
    actor: User | None,
    *,
    name: str,
    code: str,
    country: str = "",
    name_fa: str = "",
    name_sq: str = "",
) -> Agency:
    """Create an agency; names and codes are unique."""
    agency = Agency(
        name=name.strip(),
        code=code.strip(),
        country=country.strip().upper(),
        name_fa=name_fa.strip(),
        name_sq=name_sq.strip(),
    )
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


def _must_be_administrator(actor: User) -> None:
    # Pages check this first; the service checks again so that no other door can skip it.
    if not (actor.is_authenticated and actor.is_active and actor.role == Role.ADMIN):
        raise PermissionDenied


def staff_account_problems(
    actor: User, account: User | None, *, role: str, agency: Agency | None, is_active: bool = True
) -> dict[str, list[str]]:
    """Why an administrator may not give ``account`` (None: a new one) this role and agency.

    Only staff accounts are made or changed by an administrator: seekers and registrants own
    their accounts, and no account becomes staff that was not made as staff. An administrator
    does not change their own role or switch their own account off (nobody would be left to
    undo it)."""
    errors: dict[str, list[str]] = {}
    if account is not None and account.role not in STAFF_ROLES:
        errors["role"] = [_("Only staff accounts are managed here.")]
    elif role not in STAFF_ROLES:
        errors["role"] = [_("Choose a staff role.")]
    elif role in AGENCY_ROLES and agency is None:
        errors["agency"] = [_("Caseworkers and supervisors belong to an agency.")]
    elif role not in AGENCY_ROLES and agency is not None:
        errors["agency"] = [_("Only caseworkers and supervisors belong to an agency.")]
    if account is not None and account.pk == actor.pk and (role != actor.role or not is_active):
        errors.setdefault("role", []).append(
            _("You cannot change your own role or switch off your own account.")
        )
    return errors


def create_staff_account(
    actor: User, *, username: str, password: str, role: str, agency: Agency | None, email: str
) -> User:
    """An administrator opens a staff account; its holder enrols a second factor at first
    sign-in and can reset the password through the reset page."""
    _must_be_administrator(actor)
    errors = staff_account_problems(actor, None, role=role, agency=agency)
    if errors:
        raise ValidationError(errors)
    return create_user(
        actor, username=username, password=password, role=role, agency=agency, email=email
    )


def change_staff_account(
    actor: User, account: User, *, role: str, agency: Agency | None, email: str, is_active: bool
) -> User:
    """An administrator changes a staff account's role, agency, address or active flag.

    The Django flags follow the role as in ``create_user``; the password, the second factor
    and the account holder's own preferences are not touched."""
    _must_be_administrator(actor)
    errors = staff_account_problems(actor, account, role=role, agency=agency, is_active=is_active)
    if errors:
        raise ValidationError(errors)
    values = {
        "role": role,
        "agency_id": agency.pk if agency is not None else None,
        "email": email.strip(),
        "is_active": is_active,
        "is_staff": True,
        "is_superuser": role == Role.ADMIN,
    }
    with transaction.atomic():
        before = User.objects.select_for_update().get(pk=account.pk)
        changed = sorted(f for f, value in values.items() if getattr(before, f) != value)
        for name, value in values.items():
            setattr(account, name, value)
        account.full_clean(exclude=["password"])
        account.save(update_fields=list(values))
        details = {"fields": changed, "role": role, "agency": values["agency_id"]}
        record_event(actor, "user.changed", account, details=details)
    return account


def change_agency(
    actor: User,
    agency: Agency,
    *,
    name: str,
    country: str,
    moderates_messages: bool,
    name_fa: str | None = None,
    name_sq: str | None = None,
) -> Agency:
    """An administrator renames an agency (its names in Persian and Albanian too, when given) or
    changes its country or moderation policy; the code stays (imports, exports and the command
    line name agencies by it)."""
    _must_be_administrator(actor)
    values: dict[str, object] = {
        "name": name.strip(),
        "country": country.strip().upper(),
        "moderates_messages": moderates_messages,
    }
    values |= {
        field: given.strip()
        for field, given in (("name_fa", name_fa), ("name_sq", name_sq))
        if given is not None
    }
    with transaction.atomic():
        before = Agency.objects.select_for_update().get(pk=agency.pk)
        changed = sorted(f for f, value in values.items() if getattr(before, f) != value)
        for field_name, value in values.items():
            setattr(agency, field_name, value)
        agency.full_clean()
        agency.save(update_fields=list(values))
        record_event(actor, "agency.changed", agency, details={"fields": changed})
    return agency
