"""Reading PDFs back as text with poppler-utils' ``pdftotext``, for tests marked ``pdftotext``."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The text of ``pdf`` in logical order, NFC, without bidi control marks pdftotext adds."""
    source = tmp_path / "document.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"],  # noqa: S607 - Debian's poppler-utils
        capture_output=True,
        check=True,
    )
    text = result.stdout.decode("utf-8")
    controls = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
    return unicodedata.normalize("NFC", text.translate(controls))
