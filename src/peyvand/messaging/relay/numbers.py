"""Phone numbers in a message, however split or spelled, and the numbers families write that are
not phone numbers: dates, years, amounts of money, short lists of ages.

The detector reads runs of digit groups joined by separators ("0912 345 6789", "0.9.1.2",
"0912_345*6789"). A run that is a date, a list of years or an amount of money is harmless; what
is left, the run's loose digits, is a phone number once it is phone-length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PHONE_DIGITS = 7  # the shortest local numbers (Tirana, Tehran without the area code)
_PUNCTUATION = r"[\s\-_.,*/()\[\]|~'\"=#+\\]"
# Words people put between the groups they dictate: "0912, then 345, and then 6789".
_FILLER = r"(?:then|and|and then|after that|پس|بعد|بعدش|بعدم|و|الف|pastaj|dhe|e|pas)"
# One letter standing alone between digits: "0912x345x6789", "۰۹۱۲ ب ۳۴۵".
_LONE_LETTER = r"(?<![^\W\d_])[^\W\d_](?![^\W\d_])"
_LIST_WORDS = {"and", "و", "e", "dhe"}
_SEPARATOR = (
    rf"(?:{_PUNCTUATION}{{1,4}}|(?:{_PUNCTUATION}{{0,3}}{_FILLER}){{1,2}}{_PUNCTUATION}{{1,3}}"
    rf"|{_PUNCTUATION}{{0,2}}{_LONE_LETTER}{_PUNCTUATION}{{0,2}})"
)
_RUN = re.compile(rf"\+?\d+(?:{_SEPARATOR}\d+)*")
_GROUP = re.compile(r"\d+")
_CURRENCY = (
    r"(?:تومان|تومن|ریال|هزار|میلیون|میلیارد|دلار|یورو|لیر|درهم|پوند|"
    r"toman|tomans|tooman|rial|rials|euro|euros|eur|€|\$|£|dollars?|usd|lek|lekë|leke|"
    r"lira|liras|pounds?|gbp|franga|mijë|mije|milion|million|thousand|k)"
)
_MONEY_AFTER = re.compile(rf"^\s*{_CURRENCY}(?![^\W\d_])")
_MONEY_BEFORE = re.compile(rf"(?<![^\W\d_]){_CURRENCY}\s*$")
_DATE_SEPARATORS = {"/", "-", "."}


@dataclass(frozen=True)
class Run:
    """Digit groups in order, and the separator written before each (empty for the first)."""

    groups: tuple[str, ...]
    separators: tuple[str, ...]
    before: str
    after: str


def _year(group: str) -> bool:
    return len(group) == 4 and (1300 <= int(group) <= 1499 or 1900 <= int(group) <= 2099)


def _day_month(day: str, month: str) -> bool:
    return len(day) <= 2 and len(month) <= 2 and 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _is_date(groups: tuple[str, ...], separators: tuple[str, ...]) -> bool:
    """1402/05/12, 12.05.1402, 2024-5-3, 5/12/98: three groups, one date separator."""
    marks = {separator.strip() for separator in separators[1:]}
    if len(groups) != 3 or len(marks) != 1 or not marks <= _DATE_SEPARATORS:
        return False
    first, middle, last = groups
    if _year(first):
        return _day_month(last, middle)
    year_like = _year(last) or (len(last) == 2 and not last.startswith("0"))
    return year_like and (_day_month(first, middle) or _day_month(middle, first))


def _is_year_month(groups: tuple[str, ...], separators: tuple[str, ...]) -> bool:
    if len(groups) != 2 or separators[1].strip() not in _DATE_SEPARATORS:
        return False
    first, last = groups
    return (_year(first) and _day_month("1", last)) or (_year(last) and _day_month("1", first))


def _is_day_and_month(groups: tuple[str, ...], separators: tuple[str, ...]) -> bool:
    """12/05 or 5.3: a day and a month (either order) written without the year."""
    if len(groups) != 2 or separators[1] not in {"/", "."}:
        return False
    first, last = groups
    return _day_month(first, last) or _day_month(last, first)


def _is_amount(run: Run, text: str) -> bool:
    """An amount of money: a currency word beside it, and not written the way phones are."""
    if run.groups[0].startswith("0") or run.before.endswith("+"):
        return False
    return bool(_MONEY_AFTER.match(run.after) or _MONEY_BEFORE.search(run.before))


def _is_small_list(run: Run) -> bool:
    """Ages, counts or round amounts listed with commas or "and" (12, 15, 17 and 20), none written
    like part of a phone number, never with bare spaces between them."""
    joins = [separator.replace(",", " ").split() for separator in run.separators[1:]]
    listed = all(
        "," in separator or (words and set(words) <= _LIST_WORDS)
        for separator, words in zip(run.separators[1:], joins, strict=True)
    )
    only_list_words = all(set(words) <= _LIST_WORDS for words in joins)
    small = all(_listed_number(group) for group in run.groups)
    return len(run.groups) > 1 and listed and only_list_words and small


def _listed_number(group: str) -> bool:
    """An age or a count (up to 99), or a round amount (150, 200, 250), never a group that starts
    with 0 as the groups of a phone number do."""
    if group.startswith("0"):
        return False
    return len(group) <= 2 or (len(group) == 3 and int(group) % 5 == 0)


def _harmless_spans(run: Run) -> list[bool]:
    """Per group: True when it is part of a date or a year-month written inside the run."""
    harmless = [False] * len(run.groups)
    index = 0
    while index < len(run.groups):
        for width, test in ((3, _is_date), (2, _is_year_month), (2, _is_day_and_month)):
            groups = run.groups[index : index + width]
            separators = ("", *run.separators[index + 1 : index + width])
            if len(groups) == width and test(groups, separators):
                harmless[index : index + width] = [True] * width
                index += width
                break
        else:
            index += 1
    return harmless


def _runs(view: str) -> list[Run]:
    runs = []
    for match in _RUN.finditer(view):
        groups = tuple(group.group() for group in _GROUP.finditer(match.group()))
        separators = ("", *_GROUP.split(match.group().lstrip("+"))[1:-1])
        before = view[max(0, match.start() - 12) : match.start()]
        if match.group().startswith("+"):
            before += "+"
        runs.append(Run(groups, separators, before, view[match.end() : match.end() + 16]))
    return runs


def loose_fragments(view: str, *, lists_harmless: bool = True) -> list[str]:
    """The digits of the message that are not a date, a year, an amount or (``lists_harmless``)
    a list of ages or round amounts, one string per stretch of digits read together."""
    fragments: list[str] = []
    for run in _runs(view):
        if all(_year(group) for group in run.groups) or _is_amount(run, view):
            continue
        if lists_harmless and _is_small_list(run):
            continue
        current = ""
        for group, harmless in zip(run.groups, _harmless_spans(run), strict=True):
            if harmless:
                if current:
                    fragments.append(current)
                current = ""
            else:
                current += group
        if current:
            fragments.append(current)
    return fragments


def has_phone_number(view: str) -> bool:
    """Whether a phone-length stretch of loose digits is in the (folded, spelled-out) text."""
    return any(len(fragment) >= PHONE_DIGITS for fragment in loose_fragments(view))
