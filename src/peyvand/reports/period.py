"""The period a report covers, typed by staff in the Jalali or the Gregorian calendar.

``1403`` as the start means 1 Farvardin 1403; as the end, the last day of that Jalali year: a
period written with partial dates covers them whole.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peyvand.core.dates import DateParseError, PartialDate, parse_partial_date

DEFAULT_DAYS = 365


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included (Gregorian)."""

    start: datetime.date
    end: datetime.date

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware datetimes ``[start 00:00, the day after end 00:00)`` for filtering timestamps."""
        zone = timezone.get_current_timezone()
        first = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        after = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        return first, after


def default_period(today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(today - datetime.timedelta(days=DEFAULT_DAYS - 1), today)


def _read(text: str, field: str, today: datetime.date) -> PartialDate:
    try:
        parsed = parse_partial_date(text, today=today)
    except DateParseError as exc:
        message = str(exc.message)  # ValidationError fills the params in itself
        raise ValidationError({field: ValidationError(message, exc.code, exc.params)}) from None
    if parsed.approximate:
        # "52" is an age for a birth date; for a period it is a typing slip.
        raise ValidationError(
            {
                field: ValidationError(
                    _("Write a date such as 1403/01/01 or 2024-03-20, or a year such as 1403."),
                    "not_a_date",
                )
            }
        )
    return parsed


def parse_period(start_text: str, end_text: str, today: datetime.date | None = None) -> Period:
    """Read the period's two ends. An empty end is today; an empty start, a year before the end.

    Raises ``ValidationError`` keyed by ``start`` / ``end`` with translated messages.
    """
    today = today or timezone.localdate()
    default = default_period(today)
    errors: dict[str, list[ValidationError]] = {}
    start, end = default.start, default.end
    for field, text in (("start", start_text), ("end", end_text)):
        if not text.strip():
            continue
        try:
            parsed = _read(text, field, today)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.error_dict[field])
            continue
        if field == "start":
            start = parsed.value
        else:
            end = min(parsed.end, today)
    if errors:
        raise ValidationError(errors)
    if not start_text.strip():
        start = end - datetime.timedelta(days=DEFAULT_DAYS - 1)
    if end < start:
        raise ValidationError({"end": [_("The period ends before it begins.")]})
    return Period(start, end)
