"""Partial dates: what seekers type, what we store, what we show back."""

import datetime

import pytest

from peyvand.core.dates import (
    Calendar,
    DateParseError,
    PartialDate,
    Precision,
    parse_partial_date,
    to_jalali_text,
)

TODAY = datetime.date(2025, 6, 1)  # 1404/03/11


def parse(text: str, default_calendar: Calendar | None = None) -> PartialDate:
    return parse_partial_date(text, today=TODAY, default_calendar=default_calendar)


def parse_error(text: str) -> DateParseError:
    with pytest.raises(DateParseError) as raised:
        parse(text)
    return raised.value


def rendered(error: DateParseError) -> str:
    """The message as a user reads it. Needs settings: configure bare ones if there are none."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.USE_I18N  # noqa: B018 - reading the setting is what the test does
    except ImproperlyConfigured:
        settings.configure(USE_I18N=False)
    return str(error)


def date_range(start: datetime.date, end: datetime.date, step_days: int) -> list[datetime.date]:
    days = (end - start).days
    return [start + datetime.timedelta(days=n) for n in range(0, days + 1, step_days)]


@pytest.mark.parametrize(
    "text",
    ["1345/06/12", "۱۳۴۵/۰۶/۱۲", "١٣٤٥/٠٦/١٢", "1345-06-12", "1345.6.12", "1345 06 12",
     "  1345/6/12 ", "12/06/1345", "۱۲ شهریور ۱۳۴۵", "12 Shahrivar 1345", "\u200f۱۳۴۵/۰۶/۱۲"],
)  # fmt: skip
def test_jalali_day_forms(text: str) -> None:
    parsed = parse(text)
    assert parsed.value == datetime.date(1966, 9, 3)
    assert parsed.precision is Precision.DAY
    assert parsed.calendar is Calendar.JALALI
    assert parsed.text == text.strip()
    assert not parsed.approximate


@pytest.mark.parametrize("text", ["1966-09-03", "1966/9/3", "03/09/1966", "3.9.1966", "03 09 1966"])
def test_gregorian_day_forms(text: str) -> None:
    parsed = parse(text)
    assert (parsed.value, parsed.precision, parsed.calendar) == (
        datetime.date(1966, 9, 3),
        Precision.DAY,
        Calendar.GREGORIAN,
    )


@pytest.mark.parametrize(
    ("text", "value", "precision", "calendar"),
    [
        ("1345/06", datetime.date(1966, 8, 23), Precision.MONTH, Calendar.JALALI),
        ("06/1345", datetime.date(1966, 8, 23), Precision.MONTH, Calendar.JALALI),
        ("شهریور ۱۳۴۵", datetime.date(1966, 8, 23), Precision.MONTH, Calendar.JALALI),
        ("۱۳۴۵", datetime.date(1966, 3, 21), Precision.YEAR, Calendar.JALALI),
        ("1345", datetime.date(1966, 3, 21), Precision.YEAR, Calendar.JALALI),
        ("1966-09", datetime.date(1966, 9, 1), Precision.MONTH, Calendar.GREGORIAN),
        ("09/1966", datetime.date(1966, 9, 1), Precision.MONTH, Calendar.GREGORIAN),
        ("1966", datetime.date(1966, 1, 1), Precision.YEAR, Calendar.GREGORIAN),
    ],
)
def test_partial_forms_store_start_of_period(
    text: str, value: datetime.date, precision: Precision, calendar: Calendar
) -> None:
    parsed = parse(text)
    assert (parsed.value, parsed.precision, parsed.calendar) == (value, precision, calendar)


@pytest.mark.parametrize(
    "text", ["52", "۵۲", "٥٢", "52 years", "52 years old", "age 52", "Age: 52", "۵۲ ساله",
             "۵۲\u200cساله", "۵۲ سال", "52 vjeç", "52 vjec", "mosha 52"],
)  # fmt: skip
def test_age_gives_approximate_birth_year(text: str) -> None:
    parsed = parse(text)
    assert parsed.value == datetime.date(1973, 1, 1)
    assert parsed.precision is Precision.YEAR
    assert parsed.calendar is Calendar.GREGORIAN
    assert parsed.approximate


def test_age_in_jalali_counts_jalali_years() -> None:
    parsed = parse("۵۲ ساله", default_calendar=Calendar.JALALI)
    assert parsed.calendar is Calendar.JALALI
    assert parsed.format() == "1352"
    assert parsed.approximate


def test_age_zero_and_maximum() -> None:
    assert parse("0").value == datetime.date(2025, 1, 1)
    assert parse("130").value == datetime.date(1895, 1, 1)


def test_round_trip_every_few_days_through_jalali_text() -> None:
    for day in date_range(datetime.date(1922, 1, 1), TODAY, 3):
        for lang in ("en", "fa"):
            text = to_jalali_text(day, lang)
            parsed = parse(text)
            assert parsed.value == day, text
            assert parsed.precision is Precision.DAY
            assert parsed.format(Calendar.JALALI, lang) == text


def test_round_trip_gregorian_input_through_jalali_and_back() -> None:
    for day in date_range(datetime.date(1900, 1, 1), TODAY, 11):
        original = parse(day.isoformat())
        assert original.format() == day.isoformat()
        again = parse(original.format(Calendar.JALALI, "fa"))
        assert again.value == day
        assert again.format(Calendar.GREGORIAN) == day.isoformat()


def test_round_trip_jalali_months_and_years() -> None:
    for year in range(1300, 1404):
        for lang in ("en", "fa"):
            parsed_year = parse(str(year))
            assert parse(parsed_year.format(Calendar.JALALI, lang)) == parsed_year
            for month in range(1, 13):
                parsed_month = parse(f"{year}/{month}")
                shown = parsed_month.format(Calendar.JALALI, lang)
                assert parse(shown).value == parsed_month.value
                assert parse(shown).precision is Precision.MONTH


def test_round_trip_gregorian_years_and_ages() -> None:
    for year in range(1900, 2026):
        assert parse(str(year)).format() == str(year)
    for age in range(131):
        parsed = parse(f"{age} years")
        assert parse(parsed.format()).value == parsed.value


def test_persian_digits_only_for_jalali_in_persian() -> None:
    parsed = parse("1966-09-03")
    assert parsed.format(Calendar.JALALI, "fa") == "۱۳۴۵/۰۶/۱۲"
    assert parsed.format(Calendar.JALALI, "fa-IR") == "۱۳۴۵/۰۶/۱۲"
    assert parsed.format(Calendar.JALALI, "en") == "1345/06/12"
    assert parsed.format(Calendar.GREGORIAN, "fa") == "1966-09-03"
    assert str(parse("۱۳۴۵/۰۶")) == "1345/06"
    assert parse("1345").format(lang="fa") == "۱۳۴۵"


def test_other_calendar_shows_the_span_of_a_partial_date() -> None:
    assert parse("1345").format(Calendar.GREGORIAN) == "1966–1967"
    assert parse("1345/06").format(Calendar.GREGORIAN) == "1966-08–1966-09"
    assert parse("1966").format(Calendar.JALALI) == "1344–1345"
    assert parse("1345/01").format(Calendar.GREGORIAN) == "1966-03–1966-04"


def test_gregorian_year_range() -> None:
    assert parse("1345").gregorian_year_range() == (1966, 1967)
    assert parse("1345/10").gregorian_year_range() == (1966, 1967)  # Dey spans December-January
    assert parse("1345/11").gregorian_year_range() == (1967, 1967)
    assert parse("1345/06/12").gregorian_year_range() == (1966, 1966)
    assert parse("1966").gregorian_year_range() == (1966, 1966)


def test_end_of_period() -> None:
    assert parse("1345").end == datetime.date(1967, 3, 20)
    assert parse("1399/12").end == datetime.date(2021, 3, 20)  # leap Esfand has 30 days
    assert parse("1966-02").end == datetime.date(1966, 2, 28)
    assert parse("1966-12").end == datetime.date(1966, 12, 31)


def test_esfand_30_only_in_leap_years() -> None:
    assert parse("1399/12/30").value == datetime.date(2021, 3, 20)
    assert parse("1403/12/30").value == datetime.date(2025, 3, 20)
    error = parse_error("1345/12/30")
    assert error.code == "day_out_of_range"
    assert error.params["max_day"] == 29
    assert "29" in rendered(error)


def test_impossible_month_names_the_month() -> None:
    error = parse_error("1345/13/40")
    assert error.code == "month_out_of_range"
    assert error.params["month"] == 13
    message = rendered(error)
    assert "month" in message
    assert "13" in message
    assert "1345/13/40" in message


@pytest.mark.parametrize(
    ("text", "max_day"),
    [("1345/07/31", 30), ("1345/01/32", 31), ("1345/06/00", 31), ("1967-02-29", 28),
     ("31/04/1966", 30)],
)  # fmt: skip
def test_impossible_day_names_the_day_and_limit(text: str, max_day: int) -> None:
    error = parse_error(text)
    assert error.code == "day_out_of_range"
    assert error.params["max_day"] == max_day
    assert "day" in rendered(error)


def test_leap_day_gregorian() -> None:
    assert parse("1968-02-29").value == datetime.date(1968, 2, 29)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\u200f", "empty"),
        ("hello", "invalid"),
        ("1345/06/12/01", "invalid"),
        ("12345", "invalid"),
        ("1345 abc", "invalid"),
        ("03/09/66", "ambiguous"),
        ("03/09", "ambiguous"),
        ("1600", "year_out_of_range"),
        ("0999", "year_out_of_range"),
        ("1404/06/01", "future"),
        ("2030", "future"),
        ("1405", "future"),
        ("131", "age_too_high"),
        ("age 200", "age_too_high"),
        ("12 Shahrivar 1966", "calendar_mismatch"),
    ],
)
def test_rejections(text: str, code: str) -> None:
    error = parse_error(text)
    assert error.code == code
    message = rendered(error)
    assert "%(" not in message
    assert len(message) > 30


def test_messages_name_accepted_forms() -> None:
    for text in ("", "hello"):
        message = rendered(parse_error(text))
        assert "1345/06/12" in message
        assert "1966-09-03" in message
        assert "52" in message


def test_today_is_not_future() -> None:
    assert parse("2025-06-01").value == TODAY
    assert parse("1404/03/11").value == TODAY
    assert parse("1404").value == datetime.date(2025, 3, 21)


def test_from_parts_matches_parse() -> None:
    assert PartialDate.from_parts(1345, 6, 12, calendar=Calendar.JALALI, text="1345/06/12") == (
        parse("1345/06/12")
    )
    assert PartialDate.from_parts(1966, calendar=Calendar.GREGORIAN).precision is Precision.YEAR


def test_enums_are_plain_strings() -> None:
    assert Precision.MONTH == "month"
    assert Calendar("jalali") is Calendar.JALALI
