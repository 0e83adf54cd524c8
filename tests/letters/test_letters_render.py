"""Each letter in Persian, English and Albanian comes out as a PDF with its text, in order."""

from __future__ import annotations

import pytest
from letters_world import SEEKER_FA, SOUGHT_FA, answered_case, ensure_default_texts, flat

from pdftext import pdf_text
from peyvand.letters.access import current_template
from peyvand.letters.models import GeneratedLetter, LetterTemplate
from peyvand.letters.services import LetterRequest, download_letter, generate_letter

KINDS = ("invitation", "support", "summary")
# One sentence of each default text, without placeholders, as it must read back.
PHRASES = {
    ("invitation", "fa"): "اکنون این خانواده آرزو دارد یکدیگر را از نزدیک ببیند.",
    ("invitation", "en"): "The family now wishes to meet in person.",
    ("invitation", "sq"): "Familja tani dëshiron të takohet personalisht.",
    ("support", "fa"): "با سلام و احترام، ",
    ("support", "en"): "We confirm the accuracy of the information above",
    ("support", "sq"): "Konfirmojmë saktësinë e informacionit të mësipërm",
    (
        "summary",
        "fa",
    ): "این سند تنها اطلاعاتی را در بر دارد که فرد جست‌وجوشده اجازه‌ی بازگو کردن آن را داده است.",
    ("summary", "en"): "This document holds only what the sought person has allowed to be shared.",
    ("summary", "sq"): "Ky dokument përmban vetëm atë që personi i kërkuar ka lejuar të ndahet.",
}
LANGUAGES = ("fa", "en", "sq")


def test_every_letter_has_a_default_text_in_every_language(db):
    ensure_default_texts()
    for kind in KINDS:
        for language in LANGUAGES:
            template = current_template(None, kind, language)
            assert template is not None, (kind, language)
            assert template.version == 1 and template.agency is None
    assert LetterTemplate.objects.count() == 9


@pytest.mark.pdftotext
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_each_letter_renders_in_each_language(world, tmp_path, kind, language):
    setup = answered_case(world)
    wanted = LetterRequest(kind, language, visit=setup.visit, application=setup.application)
    letter = generate_letter(world.caseworker_a, setup.case, wanted)
    pdf = download_letter(world.caseworker_a, letter)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    template = current_template(None, kind, language)
    assert template is not None
    assert flat(PHRASES[kind, language]) in flat(text)
    assert setup.case.tracing_request.reference_code in text
    assert letter.template_version == template.version
    assert GeneratedLetter.objects.filter(case=setup.case).count() == 1


@pytest.mark.pdftotext
def test_persian_invitation_reads_in_logical_order(world, tmp_path):
    setup = answered_case(world)
    letter = generate_letter(
        world.caseworker_a, setup.case, LetterRequest("invitation", "fa", visit=setup.visit)
    )
    text = flat(pdf_text(download_letter(world.caseworker_a, letter), tmp_path))
    # Whole phrases of the default text, with the names filled in, in the order they were written.
    sentence = (
        "ما این خانواده را با دقت همراهی کرده‌ایم و "
        "می‌دانیم این دیدار برای آنان چه اندازه ارزشمند است"
    )
    assert flat(sentence) in text
    assert flat(f"ارتباط میان {SEEKER_FA} و خویشاوندش {SOUGHT_FA}") in text
    assert flat("دعوت‌نامه برای دیدار خانوادگی") in text
    # The meeting date in the Jalali calendar with Persian digits, the Gregorian date beside it.
    assert flat("۳۰ اردیبهشت ۱۴۰۵ برابر با ۲۰ مه ۲۰۲۶") in text


@pytest.mark.pdftotext
def test_persian_summary_and_support_letter_read_in_order(world, tmp_path):
    setup = answered_case(world)
    summary = generate_letter(world.caseworker_a, setup.case, LetterRequest("summary", "fa"))
    text = flat(pdf_text(download_letter(world.caseworker_a, summary), tmp_path))
    assert flat(f"{SEEKER_FA} در جست‌وجوی خویشاوند خود {SOUGHT_FA}") in text
    support = generate_letter(
        world.caseworker_a,
        setup.case,
        LetterRequest("support", "fa", application=setup.application),
    )
    text = flat(pdf_text(download_letter(world.caseworker_a, support), tmp_path))
    assert flat("هدف این سفر دیدار خانوادگی است") in text
    assert flat("Embassy of Albania, Tehran") in text
