"""Template helpers: dates, times and numbers as the reader writes them (calendar, digits)."""

from __future__ import annotations

import datetime

from django import template

from peyvand.core.display import show_for_reader, show_moment, show_number, show_system_text

register = template.Library()


@register.simple_tag
def partial_date(value: datetime.date | None, precision: str, calendar: str, text: str = "") -> str:
    """``{% partial_date person.birth_date person.birth_date_precision ... %}``."""
    return show_for_reader(value, precision, calendar, text)


@register.filter
def when(value: datetime.datetime | datetime.date | None, detail: str = "") -> str:
    """``{{ note.created_at|when }}``: local time in the reader's calendar and digits (Jalali in
    Persian digits for Persian readers); ``|when:"seconds"`` adds the seconds."""
    return show_moment(value, seconds=detail == "seconds")


@register.filter
def day(value: datetime.datetime | datetime.date | None) -> str:
    """``{{ case.opened_at|day }}``: the day only, as ``when`` writes it."""
    return show_moment(value, clock=False)


@register.filter(is_safe=True)
def digits(value: object) -> str:
    """``{{ count|digits }}``: a number in the reader's digits (Persian digits in fa)."""
    return show_number(value)


@register.filter
def interface_text(value: str) -> str:
    """``{{ step.reason|interface_text }}``: see ``show_system_text``."""
    return show_system_text(value)
