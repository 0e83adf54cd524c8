"""Partial dates written in the Jalali (Solar Hijri) or Gregorian calendar.

Seekers rarely know an exact date of birth. They write ``1345/06/12``, ``۱۳۴۵``, ``1966``,
``12 شهریور 1345`` or simply an age such as ``۵۲ ساله``. :func:`parse_partial_date` reads all of
these into a :class:`PartialDate`, which stores one Gregorian date plus how precise it is and the
calendar the person wrote it in, so the original can always be shown back faithfully.

This module holds no models and reads no settings. Error messages are lazy translations, evaluated
only when shown.
"""

from __future__ import annotations

import datetime
import enum
import re
from dataclasses import dataclass, field

import jdatetime
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from peyvand.core.digits import ascii_digits, persian_digits

__all__ = [
    "Calendar",
    "DateParseError",
    "PartialDate",
    "Precision",
    "parse_partial_date",
    "parts_in",
    "to_jalali_text",
]

JALALI_YEARS = range(1200, 1500)
GREGORIAN_YEARS = range(1800, 2101)
MAX_AGE = 130


class Precision(enum.StrEnum):
    """How much of a date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Calendar(enum.StrEnum):
    """The calendar a date was written in."""

    JALALI = "jalali"
    GREGORIAN = "gregorian"


# Every message names the forms we accept, because the reader is often an elderly seeker typing on
# a phone, not someone who knows what "ISO 8601" means.
_MESSAGES: dict[str, Promise] = {
    "empty": _(
        "Please enter a date, a year or an age, for example 1345/06/12, 1966-09-03, 1345, 1966 "
        "or 52."
    ),
    "invalid": _(
        "We could not read “%(text)s” as a date. Write a date such as 1345/06/12 or 1966-09-03, "
        "only a year such as 1345 or 1966, or an age such as 52."
    ),
    "ambiguous": _(
        "“%(text)s” can be read in more than one way. Please write the year with four digits, "
        "for example 12/06/1345 or 03/09/1966."
    ),
    "year_out_of_range": _(
        "The year %(year)s is not one we recognise. Write a Jalali year between 1200 and 1499 "
        "(for example 1345) or a Gregorian year between 1800 and 2100 (for example 1966)."
    ),
    "month_out_of_range": _(
        "In “%(text)s” the month would be %(month)s, but a month must be a number from 1 to 12. "
        "Write the date as year/month/day (1345/06/12) or day/month/year (12/06/1345)."
    ),
    "day_out_of_range": _(
        "In “%(text)s” the day would be %(day)s, but month %(month)s of the year %(year)s has "
        "days 1 to %(max_day)s only."
    ),
    "calendar_mismatch": _(
        "In “%(text)s” the month name is from the Jalali calendar but %(year)s is not a Jalali "
        "year. Write it like 12 Shahrivar 1345 or 1345/06/12."
    ),
    "future": _(
        "“%(text)s” is in the future. Please check the year and whether it is Jalali "
        "(such as 1345) or Gregorian (such as 1966)."
    ),
    "age_too_high": _(
        "An age of %(age)s is not possible. Enter an age of %(max_age)s or less, or a year of "
        "birth such as 1345 or 1966."
    ),
}


class ShownNumber(int):
    """A number put into a message, written in the reader's digits when the message is shown
    (Persian digits for Persian readers: "روز ۳۰ ... ماه ۱۲", not "روز 30 ... ماه 12")."""

    def __str__(self) -> str:
        plain = int.__repr__(self)
        return persian_digits(plain) if _is_persian(get_language() or "en") else plain


class DateParseError(ValueError):
    """A date the user typed could not be read.

    ``message`` is a lazy translation with ``%(name)s`` placeholders filled from ``params``, the
    same shape as Django's ``ValidationError`` so a form can re-raise it as
    ``ValidationError(e.message, code=e.code, params=e.params)``.
    """

    def __init__(self, code: str, text: str, **params: object) -> None:
        self.code = code
        self.message = _MESSAGES[code]
        numbers = {
            name: ShownNumber(value) if isinstance(value, int) else value
            for name, value in params.items()
        }
        self.params: dict[str, object] = {"text": text, **numbers}
        super().__init__(code, self.params)

    def __str__(self) -> str:
        return str(self.message) % self.params


_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
_SEPARATORS = re.compile(r"[\s/.\-–—٫،,]+")

_AGE_BEFORE = re.compile(r"^(?:age|aged|سن|mosha|mosha e|në moshën)\s*:?\s*(\d+)$")
_AGE_AFTER = re.compile(
    r"^(\d+)\s*(?:years?(?: old)?|yrs?|y/?o|ساله|سال|vjeç|vjec|vjeçe|vjece|vjet|vjeçar)$"
)

_JALALI_MONTH_NAMES: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("فروردین", "farvardin"),
            ("اردیبهشت", "ordibehesht", "ordibehest"),
            ("خرداد", "khordad"),
            ("تیر", "tir"),
            ("مرداد", "امرداد", "mordad", "amordad"),
            ("شهریور", "shahrivar", "shahriver"),
            ("مهر", "mehr"),
            ("آبان", "aban"),
            ("آذر", "azar"),
            ("دی", "dey", "dei"),
            ("بهمن", "bahman"),
            ("اسفند", "esfand", "espand"),
        ],
        start=1,
    )
    for name in names
}


def _normalise(text: str) -> str:
    text = _BIDI_MARKS.sub("", text).replace("\u200c", " ")
    text = ascii_digits(text).replace("ي", "ی").replace("ك", "ک")
    return " ".join(text.casefold().split())


def _jalali_days_in_month(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def _days_in_month(year: int, month: int, calendar: Calendar) -> int:
    if calendar is Calendar.JALALI:
        return _jalali_days_in_month(year, month)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


def _to_gregorian(year: int, month: int, day: int, calendar: Calendar) -> datetime.date:
    if calendar is Calendar.JALALI:
        converted: datetime.date = jdatetime.date(year, month, day).togregorian()
        return converted
    return datetime.date(year, month, day)


def parts_in(value: datetime.date, calendar: Calendar) -> tuple[int, int, int]:
    """A Gregorian date's year, month and day in ``calendar``."""
    if calendar is Calendar.JALALI:
        jalali = jdatetime.date.fromgregorian(date=value)
        return jalali.year, jalali.month, jalali.day
    return value.year, value.month, value.day


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or only the year.

    ``value`` is always a Gregorian date: the first day of the period in the calendar the user
    wrote in. For ``1345`` (Jalali, year precision) it is 1966-03-21, the Gregorian date of
    1 Farvardin 1345; for ``1345/06`` it is the Gregorian date of 1 Shahrivar 1345; for ``1966``
    it is 1966-01-01. ``calendar`` and ``text`` keep what the user wrote so it can be shown back.
    ``approximate`` is set when the year was derived from an age: the person may have been born
    in that year or the year before. Two values are equal when they denote the same period,
    however they were typed: ``text`` is not compared.
    """

    value: datetime.date
    precision: Precision
    calendar: Calendar
    text: str = field(default="", compare=False)
    approximate: bool = False

    def earliest(self) -> datetime.date:
        """The first day the date may mean (a year from an age may be the year before)."""
        if self.approximate:
            return self.value - datetime.timedelta(days=366)
        return self.value

    def latest(self) -> datetime.date:
        """The last day the date may mean, at most: a month or a year after its first day."""
        span = {Precision.DAY: 0, Precision.MONTH: 31, Precision.YEAR: 366}[self.precision]
        return self.value + datetime.timedelta(days=span)

    @classmethod
    def from_parts(
        cls,
        year: int,
        month: int | None = None,
        day: int | None = None,
        *,
        calendar: Calendar,
        text: str = "",
    ) -> PartialDate:
        """Build from calendar parts; omitting ``day`` (and ``month``) lowers the precision."""
        if month is None:
            precision = Precision.YEAR
        elif day is None:
            precision = Precision.MONTH
        else:
            precision = Precision.DAY
        value = _to_gregorian(year, month or 1, day or 1, calendar)
        return cls(value=value, precision=precision, calendar=calendar, text=text)

    @property
    def end(self) -> datetime.date:
        """The last Gregorian day of the period, in the calendar the date was written in."""
        if self.precision is Precision.DAY:
            return self.value
        year, month, _day = parts_in(self.value, self.calendar)
        if self.precision is Precision.YEAR:
            following = _to_gregorian(year + 1, 1, 1, self.calendar)
        else:
            following = _to_gregorian(year + month // 12, month % 12 + 1, 1, self.calendar)
        return following - datetime.timedelta(days=1)

    def gregorian_year_range(self) -> tuple[int, int]:
        """The first and last Gregorian years the period touches.

        A Jalali year starts around 21 March, so ``1345`` gives ``(1966, 1967)``.
        """
        return self.value.year, self.end.year

    def format(self, calendar: Calendar | None = None, lang: str = "en") -> str:
        """Show the date in ``calendar`` (default: the one it was written in) at its precision.

        Jalali dates read ``1345/06/12``, ``1345/06`` or ``1345``, in Persian digits when
        ``lang`` is Persian; Gregorian dates read ``1966-09-03``, ``1966-09`` or ``1966``. A month
        or year shown in the other calendar may span two periods and is shown as a range, such
        as ``1966–1967`` for the Jalali year 1345.
        """
        target = calendar or self.calendar
        shown = _label(self.value, self.precision, target)
        if self.precision is not Precision.DAY and target is not self.calendar:
            last = _label(self.end, self.precision, target)
            if last != shown:
                shown = f"{shown}–{last}"
        if target is Calendar.JALALI and _is_persian(lang):
            shown = persian_digits(shown)
        return shown

    def __str__(self) -> str:
        return self.format()


def _is_persian(lang: str) -> bool:
    return lang.replace("_", "-").split("-")[0].lower() == "fa"


def _label(value: datetime.date, precision: Precision, calendar: Calendar) -> str:
    year, month, day = parts_in(value, calendar)
    separator = "/" if calendar is Calendar.JALALI else "-"
    parts = [f"{year:04d}", f"{month:02d}", f"{day:02d}"]
    count = {Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3}[precision]
    return separator.join(parts[:count])


def to_jalali_text(value: datetime.date, lang: str = "en") -> str:
    """Write a Gregorian date as a Jalali ``YYYY/MM/DD``, in Persian digits for Persian."""
    return PartialDate(value, Precision.DAY, Calendar.GREGORIAN).format(Calendar.JALALI, lang)


def parse_partial_date(
    text: str,
    *,
    today: datetime.date | None = None,
    default_calendar: Calendar | None = None,
) -> PartialDate:
    """Read a date of birth (or any past date) as a seeker or caseworker would type it.

    Accepted, in ASCII, Persian (۱۳۴۵) or Arabic-Indic (١٣٤٥) digits, separated by ``/``, ``-``,
    ``.`` or spaces:

    - a full date: ``1345/06/12``, ``1966-09-03``, or day first ``12/06/1345``, ``03/09/1966``
      (a four-digit last part means day/month/year);
    - a month: ``1345/06``, ``06/1345``, ``1966-09``;
    - a year: ``1345``, ``1966``;
    - a Jalali month name: ``12 شهریور 1345``, ``Shahrivar 1345``;
    - an age: ``52``, ``52 years``, ``age 52``, ``۵۲ ساله``, ``52 vjeç``. An age gives year
      precision, computed from ``today``, and is marked ``approximate`` (a person aged 52 may have
      been born in either of two years). The year is counted in ``default_calendar``
      (Gregorian unless given).

    Years 1200–1499 are Jalali and 1800–2100 Gregorian. Raises :class:`DateParseError` for
    anything else, for impossible months and days, for dates after ``today`` and ages over 130.
    """
    today = today or datetime.date.today()
    original = text.strip()
    normal = _normalise(original)
    if not normal:
        raise DateParseError("empty", original)

    age = _read_age(normal, original)
    if age is not None:
        return _from_age(age, original, today, default_calendar or Calendar.GREGORIAN)

    year, month, day = _read_parts(normal, original)
    calendar = _calendar_for_year(year, original)
    if month is not None and not 1 <= month <= 12:
        raise DateParseError("month_out_of_range", original, month=month)
    if month is not None and day is not None:
        max_day = _days_in_month(year, month, calendar)
        if not 1 <= day <= max_day:
            raise DateParseError(
                "day_out_of_range", original, day=day, month=month, year=year, max_day=max_day
            )
    parsed = PartialDate.from_parts(year, month, day, calendar=calendar, text=original)
    if parsed.value > today:
        raise DateParseError("future", original)
    return parsed


def _read_age(normal: str, original: str) -> int | None:
    match = _AGE_BEFORE.match(normal) or _AGE_AFTER.match(normal)
    if match is None and normal.isdigit() and len(normal) <= 3:
        match = re.match(r"(\d+)", normal)
    if match is None:
        return None
    age = int(match.group(1))
    if age > MAX_AGE:
        raise DateParseError("age_too_high", original, age=age, max_age=MAX_AGE)
    return age


def _from_age(age: int, original: str, today: datetime.date, calendar: Calendar) -> PartialDate:
    this_year = parts_in(today, calendar)[0]
    born = PartialDate.from_parts(this_year - age, calendar=calendar, text=original)
    return PartialDate(born.value, born.precision, calendar, original, approximate=True)


def _read_parts(normal: str, original: str) -> tuple[int, int | None, int | None]:
    """Split into (year, month, day); month and day are None when not given."""
    tokens = [token for token in _SEPARATORS.split(normal) if token]
    named = [token for token in tokens if not token.isdigit()]
    if named:
        return _read_named_month(tokens, named, original)
    sizes = [len(token) for token in tokens]
    numbers = [int(token) for token in tokens]
    if sizes == [4]:
        return numbers[0], None, None
    if len(tokens) in (2, 3) and all(size <= 2 for size in sizes):
        raise DateParseError("ambiguous", original)
    if len(tokens) == 2 and sizes[0] == 4 and sizes[1] <= 2:
        return numbers[0], numbers[1], None
    if len(tokens) == 2 and sizes[1] == 4 and sizes[0] <= 2:
        return numbers[1], numbers[0], None
    if len(tokens) == 3 and sizes[0] == 4 and max(sizes[1:]) <= 2:
        return numbers[0], numbers[1], numbers[2]
    if len(tokens) == 3 and sizes[2] == 4 and max(sizes[:2]) <= 2:
        return numbers[2], numbers[1], numbers[0]
    raise DateParseError("invalid", original)


def _read_named_month(
    tokens: list[str], named: list[str], original: str
) -> tuple[int, int | None, int | None]:
    """Read ``12 شهریور 1345`` or ``شهریور 1345``: a Jalali month name and a four-digit year."""
    if len(named) != 1 or named[0] not in _JALALI_MONTH_NAMES:
        raise DateParseError("invalid", original)
    month = _JALALI_MONTH_NAMES[named[0]]
    numbers = [token for token in tokens if token.isdigit()]
    years = [token for token in numbers if len(token) == 4]
    days = [token for token in numbers if len(token) <= 2]
    if len(years) != 1 or len(days) > 1 or len(years) + len(days) != len(numbers):
        raise DateParseError("invalid", original)
    year = int(years[0])
    if year not in JALALI_YEARS:
        raise DateParseError("calendar_mismatch", original, year=year)
    return year, month, int(days[0]) if days else None


def _calendar_for_year(year: int, original: str) -> Calendar:
    if year in JALALI_YEARS:
        return Calendar.JALALI
    if year in GREGORIAN_YEARS:
        return Calendar.GREGORIAN
    raise DateParseError("year_out_of_range", original, year=year)
