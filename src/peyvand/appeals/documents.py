"""The appeal as a PDF: its text in one language and the families who signed it.

Only families who agreed to be listed are named, by the seeker's own name (never anything about
the person they are looking for); the others are counted. Withdrawn signatures are neither named
nor counted. Each document is kept encrypted with the appeal and its making is audited.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peyvand.accounts.models import User
from peyvand.appeals.models import Appeal, AppealDocument, AppealText, Signatory
from peyvand.appeals.services import _require_writer
from peyvand.audit.services import record_event
from peyvand.core.dates import to_jalali_text
from peyvand.core.digits import persian_digits
from peyvand.core.pdf import render_pdf
from peyvand.people.models import Person, Script

# The script a reader of each language expects a name in, first choice first.
_SCRIPTS = {"fa": (Script.PERSIAN, Script.LATIN), "en": (Script.LATIN, Script.PERSIAN)}
_SCRIPTS["sq"] = _SCRIPTS["en"]


def signatory_name(person: Person, language: str) -> str:
    """The seeker's name in the script of ``language`` when one is on record, else any."""
    names = list(person.names.all())
    for script in _SCRIPTS.get(language, ()):
        for name in names:
            if name.script == script:
                return name.full
    primary = person.primary_name()
    return primary.full if primary else ""


def appeal_date_text(appeal: Appeal, language: str) -> str:
    """The appeal's date in the reader's calendar: Jalali in Persian digits for fa."""
    if language == "fa":
        return to_jalali_text(appeal.date, "fa")
    return appeal.date.isoformat()


@dataclass(frozen=True)
class SignatoryList:
    named: list[tuple[Signatory, str]]
    unnamed: int


def signatory_list(appeal: Appeal, language: str) -> SignatoryList:
    """Active signatures in signing order: names of those who agreed, a count of the others."""
    active = (
        appeal.signatories.filter(withdrawn_at__isnull=True)
        .select_related("tracing_request__seeker")
        .prefetch_related("tracing_request__seeker__names")
        .order_by("signed_at", "id")
    )
    named, unnamed = [], 0
    for signatory in active:
        if signatory.listed:
            named.append((signatory, signatory_name(signatory.tracing_request.seeker, language)))
        else:
            unnamed += 1
    return SignatoryList(named=named, unnamed=unnamed)


def _number(value: int, language: str) -> str:
    return persian_digits(str(value)) if language == "fa" else str(value)


def appeal_pdf(appeal: Appeal, text: AppealText, signatories: SignatoryList) -> bytes:
    language = text.language
    total = len(signatories.named) + signatories.unnamed
    with translation.override(language):
        total_text = ngettext(
            "%(count)s family signed this appeal.", "%(count)s families signed this appeal.", total
        ) % {"count": _number(total, language)}
        unnamed_text = (
            ngettext(
                "%(count)s further family who asked not to be named.",
                "%(count)s further families who asked not to be named.",
                signatories.unnamed,
            )
            % {"count": _number(signatories.unnamed, language)}
            if signatories.unnamed
            else ""
        )
    context = {
        "appeal": appeal,
        "text": text,
        "date_text": appeal_date_text(appeal, language),
        "rows": [
            (_number(position, language), name)
            for position, (_signatory, name) in enumerate(signatories.named, start=1)
        ],
        "total_text": total_text,
        "unnamed_text": unnamed_text,
    }
    return render_pdf("appeals/appeal_pdf.html", context, language)


@transaction.atomic
def make_appeal_document(actor: User, appeal: Appeal, language: str) -> AppealDocument:
    """Render the appeal in ``language`` with its signatory list and keep the PDF."""
    _require_writer(actor, appeal.agency_id)
    text = appeal.texts.filter(language=language).first()
    if text is None:
        raise ValidationError({"language": [_("The appeal has no text in this language.")]})
    signatories = signatory_list(appeal, language)
    pdf = appeal_pdf(appeal, text, signatories)
    document = AppealDocument.objects.create(
        appeal=appeal,
        language=language,
        pdf_base64=base64.b64encode(pdf).decode("ascii"),
        sha256=hashlib.sha256(pdf).hexdigest(),
        named_count=len(signatories.named),
        unnamed_count=signatories.unnamed,
        made_by=actor,
    )
    document.named_requests.set([s.tracing_request_id for s, _name in signatories.named])
    record_event(
        actor,
        "appeal.document_made",
        document,
        details={
            "appeal": appeal.pk,
            "language": language,
            "named": document.named_count,
            "unnamed": document.unnamed_count,
        },
    )
    return document


def document_pdf(document: AppealDocument) -> bytes:
    return base64.b64decode(document.pdf_base64)


def download_document(actor: User, document: AppealDocument) -> bytes:
    """The kept PDF for ``actor`` to download; every download is audited."""
    record_event(
        actor,
        "appeal.document_downloaded",
        document,
        details={"appeal": document.appeal_id},
    )
    return document_pdf(document)


def document_filename(document: AppealDocument) -> str:
    return f"appeal-{document.appeal_id}-{document.language}-{document.pk}.pdf"
