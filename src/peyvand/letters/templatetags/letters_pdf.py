"""Template helpers for the letter PDFs."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from peyvand.letters.placeholders import WITHHELD, isolate

register = template.Library()


@register.filter
def isolated(value: object) -> SafeString:
    """``{{ value|isolated }}``: escaped, in its own direction; a dash when empty."""
    return isolate(str(value) if value not in (None, "") else WITHHELD)
