"""The appeal's PDF: only families who agreed are named, by the seeker's name, in signing order;
the others are counted; withdrawn signatures are gone; the sought person never appears."""

from __future__ import annotations

from pathlib import Path

import pytest
from appeals_support import BODY_FA, TITLE_EN, TITLE_FA, family, open_appeal

from conftest import World
from pdftext import pdf_text
from peyvand.appeals.documents import document_pdf, make_appeal_document
from peyvand.appeals.models import Appeal, AppealDocument
from peyvand.appeals.services import add_signatories, sign_from_track_page, withdraw_signature
from peyvand.audit.models import AuditEvent
from peyvand.privacy.erasure import erase_person

pytestmark = pytest.mark.django_db

LISTED = [("نرگس طاهری", "Narges Taheri"), ("رضا موسوی", ""), ("سیمین دانشور", "Simin Daneshvar")]
UNLISTED = [("پروین اعتصامی", "Parvin Etesami"), ("احمد شاملو", "")]
WITHDRAWN = ("هوشنگ ابتهاج", "Houshang Ebtehaj")


def flat(text: str) -> str:
    # pdftotext drops the zero-width non-joiner (خانواده‌ها); spacing is layout, not order.
    return "".join(text.replace("\u200c", "").split())


@pytest.fixture
def signed_appeal(world: World) -> Appeal:
    appeal = open_appeal(world)
    for fa, latn in LISTED:
        add_signatories(
            world.caseworker_a,
            appeal,
            [family(world.agency_a, fa, latn, sought="کاوه آهنگر")],
            listed=True,
        )
    for fa, latn in UNLISTED:
        sign_from_track_page(family(world.agency_a, fa, latn), appeal, listed=False)
    gone = sign_from_track_page(family(world.agency_a, *WITHDRAWN), appeal, listed=True)
    withdraw_signature(gone)
    return appeal


@pytest.mark.pdftotext
def test_persian_pdf_names_only_those_who_agreed_in_order(
    world: World,
    signed_appeal: Appeal,
    tmp_path: Path,
) -> None:
    document = make_appeal_document(world.caseworker_a, signed_appeal, "fa")
    text = pdf_text(document_pdf(document), tmp_path)
    flattened = flat(text)
    assert flat(TITLE_FA) in flattened
    assert flat(BODY_FA) in flattened
    positions = [flattened.index(flat(fa)) for fa, _latn in LISTED]
    assert positions == sorted(positions), "names must come in signing order"
    for fa, _latn in [*UNLISTED, WITHDRAWN]:
        assert flat(fa) not in flattened
    assert flat("کاوه آهنگر") not in flattened  # the sought person, never
    assert "۲" in text  # two families counted without their names, in Persian digits
    assert (document.named_count, document.unnamed_count) == (3, 2)
    assert set(document.named_requests.values_list("seeker__names__full", flat=True)) >= {
        fa for fa, _latn in LISTED
    }


@pytest.mark.pdftotext
def test_english_pdf_uses_latin_names_where_known_and_counts_the_others(
    world: World,
    signed_appeal: Appeal,
    tmp_path: Path,
) -> None:
    document = make_appeal_document(world.caseworker_a, signed_appeal, "en")
    text = pdf_text(document_pdf(document), tmp_path)
    assert TITLE_EN in text
    assert "Narges Taheri" in text and "Simin Daneshvar" in text
    assert flat("رضا موسوی") in flat(text)  # no Latin form on record: the Persian one
    assert "Parvin Etesami" not in text and "Houshang Ebtehaj" not in text
    assert "2 further families who asked not to be named." in text
    assert "5 families signed this appeal." in text


def test_making_a_document_is_audited_without_values(world: World, signed_appeal: Appeal) -> None:
    document = make_appeal_document(world.caseworker_a, signed_appeal, "fa")
    event = AuditEvent.objects.get(action="appeal.document_made", object_id=str(document.pk))
    assert event.details == {"appeal": signed_appeal.pk, "language": "fa", "named": 3, "unnamed": 2}
    assert document_pdf(document).startswith(b"%PDF-")


def test_documents_naming_an_erased_family_are_deleted_with_it(
    world: World, signed_appeal: Appeal
) -> None:
    document = make_appeal_document(world.caseworker_a, signed_appeal, "fa")
    unnamed = signed_appeal.signatories.filter(listed=False).select_related("tracing_request")
    erase_person(world.dpo, unnamed[0].tracing_request.seeker, "GDPR art. 17")
    assert AppealDocument.objects.filter(pk=document.pk).exists()  # it never printed them
    named = document.named_requests.select_related("seeker")
    erase_person(world.dpo, named[0].seeker, "GDPR art. 17")
    assert not AppealDocument.objects.exists()
