"""Showing stored dates back in the reader's calendar."""

from __future__ import annotations

import datetime
from contextvars import ContextVar

from django.utils import translation

from peyvand.core.dates import Calendar, PartialDate, Precision

# The signed-in reader's chosen calendar ('' = by language), set per request by the middleware.
current_calendar_choice: ContextVar[str] = ContextVar("current_calendar_choice", default="")


def reader_calendar(user_calendar: str, language: str) -> Calendar:
    """The user's chosen calendar, else Jalali for Persian readers and Gregorian for others."""
    if user_calendar:
        return Calendar(user_calendar)
    return Calendar.JALALI if language == "fa" else Calendar.GREGORIAN


def show_partial_date(
    value: datetime.date | None,
    precision: str,
    calendar: str,
    text: str,
    *,
    reader: Calendar,
    language: str,
) -> str:
    """Format a stored partial date at its precision in the reader's calendar; '' when unknown."""
    if value is None:
        return ""
    stored = PartialDate(
        value=value,
        precision=Precision(precision or Precision.DAY),
        calendar=Calendar(calendar or Calendar.GREGORIAN),
        text=text,
    )
    return stored.format(reader, language)


def show_for_reader(
    value: datetime.date | None, precision: str, calendar: str, text: str = ""
) -> str:
    """Format a stored partial date for the current request's reader (language and calendar)."""
    language = translation.get_language() or "en"
    reader = reader_calendar(current_calendar_choice.get(), language)
    return show_partial_date(value, precision, calendar, text, reader=reader, language=language)
