"""Showing stored dates back in the reader's calendar."""

from __future__ import annotations

import datetime
from contextvars import ContextVar

from django.utils import timezone, translation

from peyvand.core.dates import Calendar, PartialDate, Precision, parts_in
from peyvand.core.digits import persian_digits

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


def reader_is_persian() -> bool:
    """Whether the current request's reader reads Persian (numbers in Persian digits)."""
    return (translation.get_language() or "en").split("-")[0] == "fa"


def show_number(value: object) -> str:
    """A number (or any text with digits) as the current reader writes it: Persian digits in fa."""
    text = str(value)
    return persian_digits(text) if reader_is_persian() else text


def show_moment(
    value: datetime.datetime | datetime.date | None, *, seconds: bool = False, clock: bool = True
) -> str:
    """A stored time or day for the current reader: local time, the reader's calendar, Persian
    digits for Persian readers. Dates are written with "/" in Persian so that right-to-left text
    keeps year, month and day in order; '' when there is no value."""
    if value is None:
        return ""
    language = translation.get_language() or "en"
    calendar = reader_calendar(current_calendar_choice.get(), language)
    time_of_day = ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        if clock:
            time_of_day = value.strftime("%H:%M:%S" if seconds else "%H:%M")
        value = value.date()
    year, month, day = parts_in(value, calendar)
    persian = reader_is_persian()
    separator = "/" if calendar is Calendar.JALALI or persian else "-"
    shown = separator.join((f"{year:04d}", f"{month:02d}", f"{day:02d}"))
    if time_of_day:
        shown = f"{shown} {time_of_day}"
    return persian_digits(shown) if persian else shown


def show_system_text(value: str) -> str:
    """A reason or label the system itself wrote (stored in English, e.g. "Match confirmed"),
    in the reader's language; text people typed is not in the catalogue and stays as is."""
    return translation.gettext(value) if value else value
