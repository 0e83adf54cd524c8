"""Template helpers: dates in the reader's calendar."""

from __future__ import annotations

import datetime

from django import template

from peyvand.core.display import show_for_reader

register = template.Library()


@register.simple_tag
def partial_date(value: datetime.date | None, precision: str, calendar: str, text: str = "") -> str:
    """``{% partial_date person.birth_date person.birth_date_precision ... %}``."""
    return show_for_reader(value, precision, calendar, text)
