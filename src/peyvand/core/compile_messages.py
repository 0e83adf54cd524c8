"""Compile each ``locale/*/LC_MESSAGES/django.po`` in the package to ``.mo``, without gettext.

Run by ``make install``: ``python -m peyvand.core.compile_messages``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def compile_catalogues(root: Path = PACKAGE_DIR) -> list[Path]:
    """Write a ``.mo`` beside each ``.po`` that is newer than it; return the files written."""
    written = []
    for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        catalogue.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def main() -> int:
    for path in compile_catalogues():
        print(f"compiled {path.relative_to(PACKAGE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
