"""HTML to PDF with WeasyPrint, using the fonts shipped in ``peyvand/core/fonts``.

Every PDF Peyvand produces (letters, appeals) goes through :func:`render_pdf`, so each one embeds
the same fonts and lays out Persian right to left whatever is installed on the machine. Pango
shapes the Persian letters; the text stays in logical order in the PDF, so ``pdftotext`` reads it
back as it was written.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

FONT_DIR = Path(__file__).resolve().parent / "fonts"
_FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf")
RTL_LANGUAGES = frozenset({"fa", "ar", "ps", "ku"})


def font_face_css() -> str:
    """@font-face rules for the shipped fonts, as absolute file URLs."""
    faces = []
    for weight, filename in zip(("normal", "bold"), _FONT_FILES, strict=True):
        url = (FONT_DIR / filename).as_uri()
        faces.append(
            "@font-face { font-family: 'Peyvand Vazirmatn'; "
            f"src: url('{url}') format('truetype'); font-weight: {weight}; }}"
        )
    return "\n".join(faces)


def text_direction(language: str) -> str:
    """``rtl`` for right-to-left languages, else ``ltr``."""
    return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"


def html_to_pdf(html: str) -> bytes:
    """Render a complete HTML document to PDF bytes. Nothing is fetched from the network."""
    # Imported here: WeasyPrint loads Pango at import, which most requests never need.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _shipped_fonts_only()
    fonts = FontConfiguration()
    stylesheet = CSS(string=font_face_css(), font_config=fonts, url_fetcher=fetcher)
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=fetcher)
    return bytes(
        document.write_pdf(
            stylesheets=[stylesheet], font_config=fonts, finisher=_rtl_ligatures_in_visual_order
        )
    )


_CMAP_ENTRY = re.compile(rb"^<([0-9a-f]{4,6})> <((?:[0-9a-f]{4}){2,})>$")


def _is_rtl_text(text: str) -> bool:
    classes = {unicodedata.bidirectional(char) for char in text}
    return bool(classes & {"R", "AL"}) and classes <= {"R", "AL", "NSM"}


def _rtl_ligatures_in_visual_order(document: Any, pdf: Any) -> None:
    """Write the text of a right-to-left ligature (لا, lam-alef) in the order its glyphs are drawn.

    The page draws right-to-left text glyph by glyph from the left, and text extractors
    (poppler's pdftotext, pdf.js) turn such a run back into reading order by reversing it
    character by character, the characters a ligature stands for included. WeasyPrint maps a
    ligature to its characters in reading order, so "سلام" came back as "سالم"; stored reversed,
    the ligature reads correctly once the run is reversed.
    """
    for item in pdf.objects:
        lines = getattr(item, "stream", None)
        if not isinstance(lines, list) or b"begincmap" not in lines:
            continue
        for index, line in enumerate(lines):
            match = _CMAP_ENTRY.match(line) if isinstance(line, bytes) else None
            if match is None:
                continue
            text = bytes.fromhex(match.group(2).decode()).decode("utf-16-be")
            if _is_rtl_text(text):
                codes = text[::-1].encode("utf-16-be").hex().encode()
                lines[index] = b"<" + match.group(1) + b"> <" + codes + b">"


def render_pdf(template_name: str, context: dict[str, Any], language: str) -> bytes:
    """Render a Django template to PDF in ``language``.

    The template should extend ``pdf/base.html``, which sets ``lang``, ``dir`` and the fonts.
    """
    with translation.override(language):
        html = render_to_string(
            template_name,
            {**context, "pdf_language": language, "pdf_direction": text_direction(language)},
        )
    return html_to_pdf(html)


def _shipped_fonts_only() -> Any:
    """A WeasyPrint fetcher that reads the shipped fonts and nothing else: no network, no other
    file, whatever a template or a stored letter text asks for."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = {(FONT_DIR / name).as_uri(): FONT_DIR / name for name in _FONT_FILES}

    class ShippedFontsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = allowed.get(url)
            if path is None:
                raise ValueError(f"PDF rendering does not fetch {url!r}")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/ttf"})

    return ShippedFontsOnly()
