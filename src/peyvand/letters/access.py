"""Access to generated letters and to the letter templates."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from peyvand.accounts.models import Agency, Role, User
from peyvand.accounts.roles import is_active_user
from peyvand.audit.fetch import fetch_or_refuse
from peyvand.audit.services import record_event
from peyvand.consent.access import may_see_address
from peyvand.core.access import NotFound
from peyvand.letters.disclosure import address_readers
from peyvand.letters.models import GeneratedLetter, LetterTemplate
from peyvand.tracing.access import cases_visible_to

TEMPLATE_EDITORS = frozenset({Role.SUPERVISOR, Role.ADMIN})


def letters_visible_to(user: User) -> QuerySet[GeneratedLetter]:
    """The letters of the cases the user may see (staff of the case's agency, DPO, admin)."""
    return GeneratedLetter.objects.filter(case__in=cases_visible_to(user))


def access_letter(user: User, case_id: Any, letter_id: Any) -> GeneratedLetter:
    """Return a letter of that case, or raise NotFound alike for missing and forbidden; audited.

    A letter that holds the sought person's address is refused to anyone who may not see that
    address on the case page either.
    """
    try:
        rows = letters_visible_to(user).filter(case_id=int(case_id))
    except (TypeError, ValueError):
        rows = GeneratedLetter.objects.none()
    letter = fetch_or_refuse(
        user,
        rows.select_related("case__tracing_request"),
        GeneratedLetter,
        letter_id,
        write=False,
        writable=False,
    )
    if letter.discloses_address and not any(
        may_see_address(user, registration)
        for registration in address_readers(letter.case.tracing_request)
    ):
        record_event(user, "access.refused", letter, details={"write": False, "address": True})
        raise NotFound()
    return letter


def require_template_editor(user: User, page: str) -> Agency | None:
    """Supervisors edit their agency's letters; the admin edits the defaults every agency
    starts from. Anyone else gets the 404 of a missing page. Returns the agency edited."""
    if not is_active_user(user) or user.role not in TEMPLATE_EDITORS:
        record_event(user, "access.refused", ("staff.page", page), details={"write": False})
        raise NotFound()
    return user.agency if user.role == Role.SUPERVISOR else None


def template_versions(agency: Agency | None, kind: str, language: str) -> QuerySet[LetterTemplate]:
    """Every version of one letter for ``agency`` (None: the defaults), newest first."""
    rows = LetterTemplate.objects.filter(kind=kind, language=language)
    rows = rows.filter(agency=agency) if agency is not None else rows.filter(agency__isnull=True)
    return rows.select_related("updated_by").order_by("-version")


def current_template(agency: Agency | None, kind: str, language: str) -> LetterTemplate | None:
    """The text letters are made from: the agency's latest version, else the latest default.

    Templates are not personal data, so reading them is not audited."""
    if agency is not None:
        own = template_versions(agency, kind, language).first()
        if own is not None:
            return own
    return template_versions(None, kind, language).first()
