"""The shared PDF renderer: shipped fonts embedded, Persian read back in logical order."""

from __future__ import annotations

import subprocess

import pytest
from django.template import engines

from pdftext import pdf_text
from peyvand.core.pdf import html_to_pdf, render_pdf, text_direction

PERSIAN = "محمدرضا خدابنده فرزند حسین متولد ۱۳۴۵ در قزوین"


def _document(language: str, body: str) -> str:
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block body %}' + body + "{% endblock %}"
    )
    return template.render({"pdf_language": language, "pdf_direction": text_direction(language)})


@pytest.mark.pdftotext
def test_persian_text_comes_back_in_logical_order(tmp_path):
    pdf = html_to_pdf(_document("fa", f"<p>{PERSIAN}</p><p>Tiranë, Çamëri</p>"))
    text = pdf_text(pdf, tmp_path)
    # pdftotext may drop the space where a run of digits meets Persian letters; the order of
    # every letter is what must survive.
    assert PERSIAN.replace(" ", "") in "".join(text.split())
    assert "Tiranë" in text


@pytest.mark.pdftotext
def test_the_shipped_font_is_embedded_not_a_system_font(tmp_path):
    source = tmp_path / "fonts.pdf"
    source.write_bytes(html_to_pdf(_document("fa", f"<p>{PERSIAN}</p>")))
    listing = subprocess.run(
        ["pdffonts", str(source)],  # noqa: S607 - Debian's poppler-utils, beside pdftotext
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    fonts = [line.split()[0] for line in listing.splitlines()[2:]]
    assert fonts, listing
    assert all(name.endswith("+Peyvand-Vazirmatn") for name in fonts), listing


def test_documents_cannot_fetch_anything_but_the_shipped_fonts():
    html = _document("en", '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">')
    pdf = html_to_pdf(html)  # WeasyPrint logs the refused fetches and renders without them
    assert b"root:" not in pdf


def test_direction_follows_the_language():
    assert text_direction("fa") == "rtl"
    assert text_direction("en") == "ltr"
    assert text_direction("sq") == "ltr"


def test_render_pdf_sets_language_and_direction(tmp_path):
    pdf = render_pdf("pdf/base.html", {}, "fa")
    assert pdf.startswith(b"%PDF-")
