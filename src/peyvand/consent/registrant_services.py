"""Writes for a separated person's own record: registering (themself or through a caseworker),
standing choices and contact details. Each validates everything first, runs in one transaction
and is audited; nothing partial is ever written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peyvand.accounts.models import AGENCY_ROLES, Agency, Role, User
from peyvand.accounts.services import create_user, own_username
from peyvand.audit.services import record_event
from peyvand.people.models import ContactDetail, ContactKind
from peyvand.people.services import ContactInput, PersonInput, clean_person, contact_problem
from peyvand.tracing.models import ConsentMethod, FindableBy, Registration
from peyvand.tracing.services import register_person

STAFF_CONSENT_METHODS = (ConsentMethod.IN_PERSON, ConsentMethod.WRITTEN)
Errors = dict[str, list[str]]


@dataclass(frozen=True)
class AccountInput:
    """The registrant's own account: they sign in to answer questions and read messages."""

    username: str
    password: str
    email: str = ""


@dataclass(frozen=True)
class StandingChoices:
    """Who may be told that the person was found, and what they are ready to share."""

    findable_by: str = FindableBy.ANY_RELATIVE
    shareable_kinds: tuple[str, ...] = ()


def _merge(errors: Errors, more: Errors) -> None:
    for field_name, messages in more.items():
        errors.setdefault(field_name, []).extend(messages)


def _person_problems(person: PersonInput) -> Errors:
    try:
        clean_person(person)
    except ValidationError as exc:
        return dict(exc.message_dict)
    return {}


def _account_problems(account: AccountInput) -> Errors:
    """What ``create_user`` would refuse, found before anything is written."""
    candidate = User(
        username=account.username.strip(), email=account.email.strip(), role=Role.REGISTRANT
    )
    errors: Errors = {}
    try:
        validate_password(account.password, candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    try:
        candidate.full_clean(exclude=["password"])
    except ValidationError as exc:
        _merge(errors, exc.message_dict)
    return errors


def _choice_problems(choices: StandingChoices, held_kinds: Iterable[str]) -> Errors:
    errors: Errors = {}
    if choices.findable_by not in FindableBy.values:
        errors["findable_by"] = [_("Choose who may be told that you were found.")]
    kinds = set(choices.shareable_kinds)
    if not kinds <= set(ContactKind.values):
        errors["shareable_kinds"] = [_("Unknown kind of contact detail.")]
    elif not kinds <= set(held_kinds):
        errors["shareable_kinds"] = [
            _("You can only offer to share contact details that you have given.")
        ]
    return errors


def _apply_choices(
    actor: User | None, registration: Registration, choices: StandingChoices
) -> None:
    registration.findable_by = choices.findable_by
    registration.shareable_kinds = sorted(set(choices.shareable_kinds))
    registration.save(update_fields=["findable_by", "shareable_kinds"])
    record_event(
        actor,
        "registration.choices_changed",
        registration,
        details={"findable_by": choices.findable_by, "kinds": registration.shareable_kinds},
    )


def register_myself(
    agency: Agency,
    person: PersonInput,
    account: AccountInput,
    choices: StandingChoices,
    *,
    consented: bool,
    language: str = "",
) -> Registration:
    """A separated person registers themself: account, registration, person, names, contact
    details and standing choices are written together or not at all. The account's user name
    is the chosen one with a random number (``accounts.services.own_username``)."""
    errors: Errors = {}
    account = replace(account, username=own_username(account.username))
    if not consented:
        errors["consent"] = [_("Please confirm that you agree to be registered and matched.")]
    _merge(errors, _person_problems(person))
    _merge(errors, _account_problems(account))
    _merge(errors, _choice_problems(choices, (c.kind for c in person.contacts)))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = create_user(
            None,
            username=account.username,
            password=account.password,
            role=Role.REGISTRANT,
            email=account.email,
            language=language,
        )
        registration = register_person(
            user, agency, person, consent_method=ConsentMethod.SELF, user=user
        )
        _apply_choices(user, registration, choices)
    return registration


def staff_agency(actor: User, chosen: Agency | None) -> Agency | None:
    """The agency a staff registration goes to: the caseworker's own; an admin chooses one."""
    if actor.role in AGENCY_ROLES:
        return actor.agency
    return chosen if actor.role == Role.ADMIN else None


def register_by_caseworker(
    actor: User,
    person: PersonInput,
    choices: StandingChoices,
    *,
    consent_method: str,
    consented: bool,
    agency: Agency | None = None,
) -> Registration:
    """A caseworker registers a person who gave their consent in person or in writing."""
    errors: Errors = {}
    target = staff_agency(actor, agency)
    if actor.role not in (*AGENCY_ROLES, Role.ADMIN):
        raise ValidationError(
            _("Only caseworkers, supervisors and administrators register people.")
        )
    if target is None:
        errors["agency"] = [_("Choose the agency the registration belongs to.")]
    if not consented:
        errors["consent"] = [_("A person can only be registered with their consent.")]
    if consent_method not in STAFF_CONSENT_METHODS:
        errors["consent_method"] = [_("Say how the person gave their consent.")]
    _merge(errors, _person_problems(person))
    _merge(errors, _choice_problems(choices, (c.kind for c in person.contacts)))
    if errors or target is None:
        raise ValidationError(errors)
    with transaction.atomic():
        registration = register_person(actor, target, person, consent_method=consent_method)
        _apply_choices(actor, registration, choices)
    return registration


def update_standing_choices(
    actor: User, registration: Registration, choices: StandingChoices
) -> Registration:
    """Change who may be told that the person was found and what they are ready to share.

    Takes effect at once: the sought person is asked only while their choices allow it
    (``actions.decisions.ask_sought_person`` reads them on every question).
    """
    held = registration.person.contacts.values_list("kind", flat=True)
    errors = _choice_problems(choices, held)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _apply_choices(actor, registration, choices)
    return registration


def add_contact(actor: User, registration: Registration, contact: ContactInput) -> ContactDetail:
    """Add one way to reach the person to their own record."""
    problem = contact_problem(contact)
    if problem is not None:
        raise ValidationError({"value": [problem]})
    with transaction.atomic():
        detail = registration.person.contacts.create(kind=contact.kind, value=contact.value.strip())
        record_event(actor, "contact.added", detail, details={"kind": contact.kind})
    return detail


def remove_contact(actor: User, registration: Registration, detail: ContactDetail) -> None:
    """Remove a contact detail. It stops being shown at once, even where it had been shared;
    a kind the person no longer holds leaves their standing choices too."""
    if detail.person_id != registration.person_id:
        raise ValidationError(_("This contact detail is not part of this registration."))
    with transaction.atomic():
        kind, detail_id = detail.kind, detail.pk
        detail.delete()
        record_event(
            actor, "contact.removed", ("people.contactdetail", detail_id), details={"kind": kind}
        )
        held = set(registration.person.contacts.values_list("kind", flat=True))
        if kind not in held and kind in registration.shareable_kinds:
            registration.shareable_kinds = [k for k in registration.shareable_kinds if k != kind]
            registration.save(update_fields=["shareable_kinds"])
            record_event(
                actor,
                "registration.choices_changed",
                registration,
                details={
                    "findable_by": registration.findable_by,
                    "kinds": registration.shareable_kinds,
                },
            )
