"""Editing letter templates and producing letters: each write in a transaction, each audited.

Audit details carry ids, kinds, languages, versions and placeholder names, never the values that
went into a letter.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from peyvand.accounts.models import Agency, User
from peyvand.audit.services import actor_label, record_event
from peyvand.core.pdf import render_pdf
from peyvand.letters.access import current_template, template_versions
from peyvand.letters.content import (
    LetterContent,
    application_values,
    base_values,
    summary_facts,
    summary_visits,
    traveller_facts,
    visit_values,
)
from peyvand.letters.disclosure import Disclosure, disclosure_for
from peyvand.letters.models import GeneratedLetter, LetterKind, LetterLanguage, LetterTemplate
from peyvand.letters.placeholders import (
    PLACEHOLDERS,
    fill_line,
    fill_paragraphs,
    token,
    unknown_placeholders,
)
from peyvand.tracing.models import Case
from peyvand.visits.models import TravelApplication, Visit

COMMAND_LINE = gettext_noop("command line")  # stored as written; shown translated
SUBJECT_MAX = 200
BODY_MAX = 10_000


def _refuse_unknown(field: str, text: str) -> None:
    unknown = unknown_placeholders(text)
    if unknown:
        allowed = ", ".join(token(name) for name in PLACEHOLDERS)
        raise ValidationError(
            {
                field: [
                    _("Unknown placeholders: %(unknown)s. A letter can use only: %(allowed)s.")
                    % {"unknown": ", ".join(unknown), "allowed": allowed}
                ]
            }
        )


def _check_template_text(subject: str, body: str) -> None:
    if not subject.strip():
        raise ValidationError({"subject": [_("Give the letter a subject.")]})
    if not body.strip():
        raise ValidationError({"body": [_("Write the text of the letter.")]})
    if len(subject) > SUBJECT_MAX or len(body) > BODY_MAX:
        raise ValidationError(_("The subject or the text is too long."))
    _refuse_unknown("subject", subject)
    _refuse_unknown("body", body)


@transaction.atomic
def edit_template(
    actor: User, agency: Agency | None, kind: str, language: str, *, subject: str, body: str
) -> LetterTemplate:
    """Save a new version of one letter's text for ``agency`` (None: the defaults).

    Earlier versions stay, and so do the letters made from them. The text may use only the
    placeholders in ``PLACEHOLDERS``; anything else between braces is refused, with its name.
    """
    if kind not in LetterKind.values or language not in LetterLanguage.values:
        raise ValidationError(_("There is no such letter."))
    subject, body = subject.strip(), body.replace("\r\n", "\n").strip()
    _check_template_text(subject, body)
    current = current_template(agency, kind, language)
    if current is not None and (current.subject, current.body) == (subject, body):
        raise ValidationError(_("Nothing was changed."))
    last = template_versions(agency, kind, language).aggregate(Max("version"))["version__max"]
    template = LetterTemplate.objects.create(
        agency=agency,
        kind=kind,
        language=language,
        version=(last or 0) + 1,
        subject=subject,
        body=body,
        updated_by=actor,
    )
    record_event(
        actor,
        "letter_template.edited",
        template,
        details={
            "agency": agency.pk if agency is not None else None,
            "kind": kind,
            "language": language,
            "version": template.version,
            "placeholders": sorted(n for n in PLACEHOLDERS if token(n) in subject + body),
        },
    )
    return template


@dataclass(frozen=True)
class LetterRequest:
    """What to produce: the kind, the language, and the visit or application it is about."""

    kind: str
    language: str
    visit: Visit | None = None
    application: TravelApplication | None = None


def _check_request(case: Case, wanted: LetterRequest, disclosure: Disclosure) -> Visit | None:
    """The visit the letter is about; refuses a letter that does not fit the case."""
    if wanted.kind not in LetterKind.values:
        raise ValidationError({"kind": [_("Choose an invitation, a support letter or a summary.")]})
    if wanted.language not in LetterLanguage.values:
        raise ValidationError({"language": [_("Choose Persian, English or Albanian.")]})
    if wanted.kind == LetterKind.SUMMARY:
        return None
    if not disclosure.contact_agreed:
        raise ValidationError(
            _(
                "The sought person has not agreed to contact (or has withdrawn that decision): "
                "no invitation or support letter can name them."
            )
        )
    if wanted.kind == LetterKind.SUPPORT:
        application = wanted.application
        if application is None or application.visit.case_id != case.pk:
            raise ValidationError({"application": [_("Choose the application to support.")]})
        return application.visit
    if wanted.visit is None or wanted.visit.case_id != case.pk:
        raise ValidationError({"visit": [_("Choose the visit to invite for.")]})
    return wanted.visit


def compose(
    actor: User | None, case: Case, wanted: LetterRequest
) -> tuple[LetterContent, Disclosure]:
    """The letter's values, in its language, as far as the sought person's consent allows."""
    disclosure = disclosure_for(actor, case.tracing_request)
    visit = _check_request(case, wanted, disclosure)
    with translation.override(wanted.language):
        values = base_values(case, wanted.language, disclosure)
        if visit is not None:
            values |= visit_values(visit, wanted.language, disclosure)
        supported = wanted.application if wanted.kind == LetterKind.SUPPORT else None
        if supported is not None:
            values |= application_values(supported, values, wanted.language)
        content = LetterContent(values={name: values.get(name, "") for name in PLACEHOLDERS})
        if supported is not None:
            content.traveller = traveller_facts(supported, case, values, disclosure)
        if wanted.kind == LetterKind.SUMMARY:
            content.facts = summary_facts(case, values, disclosure)
            content.visits = summary_visits(case, wanted.language, disclosure)
    return content, disclosure


def _prints_address(template: LetterTemplate, content: LetterContent) -> bool:
    address = content.values["sought_address"]
    if not address:
        return False
    in_text = "{sought_address}" in template.subject + template.body
    return in_text or any(value == address for _label, value in content.facts)


def generate_letter(actor: User | None, case: Case, wanted: LetterRequest) -> GeneratedLetter:
    """Produce one letter as PDF for ``case`` and keep it with the case; ``actor`` None is the
    command line. The caller has checked that ``actor`` may write to the case."""
    content, _disclosure = compose(actor, case, wanted)
    template = current_template(case.agency, wanted.kind, wanted.language)
    if template is None:
        raise ValidationError(
            _("There is no text for this letter yet: ask a supervisor to write one.")
        )
    subject = fill_line(template.subject, content.values)
    pdf = render_pdf(
        "letters/pdf/letter.html",
        {
            "subject": subject,
            "paragraphs": fill_paragraphs(template.body, content.values),
            "agency_name": content.values["agency"],
            "today": content.values["today"],
            "reference": content.values["case_reference"],
            "facts": content.facts,
            "traveller": content.traveller,
            "visits": content.visits,
            "kind": wanted.kind,
        },
        wanted.language,
    )
    return _store(actor, case, wanted, template, content, pdf)


@transaction.atomic
def _store(
    actor: User | None,
    case: Case,
    wanted: LetterRequest,
    template: LetterTemplate,
    content: LetterContent,
    pdf: bytes,
) -> GeneratedLetter:
    staff = actor if actor is not None and actor.is_authenticated else None
    label = COMMAND_LINE if staff is None else ""
    visit = wanted.application.visit if wanted.application is not None else wanted.visit
    letter = GeneratedLetter.objects.create(
        case=case,
        kind=wanted.kind,
        language=wanted.language,
        template=template,
        template_version=template.version,
        visit_pk=visit.pk if visit is not None and wanted.kind != LetterKind.SUMMARY else None,
        application_pk=(
            wanted.application.pk
            if wanted.application is not None and wanted.kind == LetterKind.SUPPORT
            else None
        ),
        discloses_address=_prints_address(template, content),
        pdf=base64.b64encode(pdf).decode("ascii"),
        size=len(pdf),
        created_by=staff,
        created_by_label=(label or actor_label(staff))[:150],
    )
    record_event(
        actor,
        "letter.generated",
        letter,
        details={
            "case": case.pk,
            "kind": wanted.kind,
            "language": wanted.language,
            "template": template.pk,
            "template_version": template.version,
            "visit": letter.visit_pk,
            "application": letter.application_pk,
            "withheld": content.withheld(template.subject + template.body),
        },
        label=label,
    )
    return letter


@transaction.atomic
def download_letter(actor: User | None, letter: GeneratedLetter) -> bytes:
    """The letter's PDF, for someone ``access_letter`` let through (None: the command line
    writing the file it just made); every download audited."""
    record_event(
        actor,
        "letter.downloaded",
        letter,
        details={"case": letter.case_id, "kind": letter.kind, "language": letter.language},
        label="" if actor is not None else COMMAND_LINE,
    )
    return base64.b64decode(letter.pdf)
