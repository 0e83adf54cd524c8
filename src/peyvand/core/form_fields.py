"""Form fields shared by the staff pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peyvand.core.dates import DateParseError, Precision, parse_partial_date

MAX_DAY_TEXT = 40


class DayField(forms.CharField):
    """A whole date (day, month and year) that may lie ahead — a deadline, a meeting, a due
    date — typed in the Jalali (``1404/02/15``) or Gregorian (``2025-05-05``) calendar."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_DAY_TEXT)
        kwargs.setdefault(
            "help_text", _("Jalali (1404/02/15) or Gregorian (2025-05-05), with the day.")
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"})

    def prepare_value(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime.date) else value

    def clean(self, value: Any) -> datetime.date | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            # The parser refuses dates after ``today`` (it was written for births and last
            # contact); these dates lie ahead, so there is no such limit here.
            parsed = parse_partial_date(text, today=datetime.date.max)
        except DateParseError as exc:
            raise forms.ValidationError(str(exc), code=exc.code) from None
        if parsed.precision is not Precision.DAY or parsed.approximate:
            raise forms.ValidationError(
                _("Give the day, the month and the year."), code="not_a_day"
            )
        return parsed.value
