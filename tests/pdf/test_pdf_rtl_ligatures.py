"""Persian ligatures (lam-alef) read back in order: سلام, not سالم."""

from __future__ import annotations

import pytest
from django.template import engines

from pdftext import pdf_text
from peyvand.core.pdf import html_to_pdf

WORDS = "با سلام و احترام، خلاصه‌ی اطلاعات ملاقات در بالای صفحه"


@pytest.mark.pdftotext
def test_lam_alef_ligatures_come_back_in_reading_order(tmp_path):
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block body %}<p>' + WORDS + "</p>{% endblock %}"
    )
    pdf = html_to_pdf(template.render({"pdf_language": "fa", "pdf_direction": "rtl"}))
    text = pdf_text(pdf, tmp_path)
    assert "".join(WORDS.replace("\u200c", "").split()) in "".join(text.split())
