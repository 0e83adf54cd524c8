"""What the case's letters page shows, and reading a request to produce a letter from it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _

from peyvand.accounts.models import User
from peyvand.accounts.roles import staff_may_write
from peyvand.consent.access import may_see_address
from peyvand.core.form_errors import add_service_errors
from peyvand.letters.disclosure import address_readers
from peyvand.letters.forms import GenerateLetterForm
from peyvand.letters.models import GeneratedLetter, LetterKind, LetterLanguage
from peyvand.letters.services import LetterRequest
from peyvand.tracing.models import Case
from peyvand.visits.access import access_application, access_visit
from peyvand.visits.models import Visit


def _choices(case: Case) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    visits = list(Visit.objects.filter(case=case).prefetch_related("applications"))
    visit_choices = [
        (v.pk, f"{v.host_country} · {v.meeting_date or '—'} · {v.get_status_display()}")
        for v in visits
    ]
    application_choices = [
        (a.pk, f"{a.get_kind_display()} · {a.authority} · {a.get_decision_display()}")
        for v in visits
        for a in v.applications.all()
    ]
    return visit_choices, application_choices


def _form(case: Case, data: QueryDict | None = None, **initial: Any) -> GenerateLetterForm:
    visits, applications = _choices(case)
    return GenerateLetterForm(data, initial=initial, visits=visits, applications=applications)


def case_letters_context(
    user: User, case: Case, failed: GenerateLetterForm | None = None
) -> dict[str, Any]:
    """The letters kept with the case, and one form per kind of letter."""
    language = translation.get_language() or "en"
    if language not in LetterLanguage.values:
        language = LetterLanguage.ENGLISH
    failed_kind = failed.data.get("kind") if failed is not None else None
    forms = [
        (kind, failed if kind == failed_kind else _form(case, kind=kind, language=language))
        for kind in LetterKind
    ]
    may_see = any(may_see_address(user, r) for r in address_readers(case.tracing_request))
    return {
        "case": case,
        "tracing_request": case.tracing_request,
        "letters": GeneratedLetter.objects.filter(case=case).defer("pdf"),
        "forms": forms if staff_may_write(user) else [],
        "may_see_address": may_see,
    }


def letter_request(
    user: User, case: Case, data: QueryDict
) -> tuple[GenerateLetterForm, LetterRequest | None]:
    """The form as posted and, when it is complete, the letter it asks for."""
    form = _form(case, data)
    if not form.is_valid():
        return form, None
    kind, language = form.cleaned_data["kind"], form.cleaned_data["language"]
    visit = application = None
    if kind == LetterKind.INVITATION:
        if not form.cleaned_data.get("visit"):
            add_service_errors(
                form, ValidationError({"visit": [_("Choose the visit to invite for.")]})
            )
            return form, None
        visit = access_visit(user, form.cleaned_data["visit"])
    if kind == LetterKind.SUPPORT:
        if not form.cleaned_data.get("application"):
            message = _("Choose the application to support.")
            add_service_errors(form, ValidationError({"application": [message]}))
            return form, None
        application = access_application(user, form.cleaned_data["application"])
    return form, LetterRequest(kind, language, visit=visit, application=application)
