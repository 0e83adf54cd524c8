"""The engine's per-field reasons in the reader's language.

The engine (a framework-free library) explains a pair in English words keyed by comparison
and level; here each comparison and level gets a translatable phrase, and the two values
compared are shown as written, each isolated so Persian and Latin do not reorder each other.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FIELD_LABELS: dict[str, Promise] = {
    "titles": _("Titles"),
    "whole_name": _("Whole name"),
    "given_name": _("Given name"),
    "family_name": _("Family name"),
    "father_name": _("Father's name"),
    "mother_name": _("Mother's name"),
    "birth": _("Birth date"),
    "birthplace": _("Birthplace"),
    "sex": _("Sex"),
    "national_id": _("National ID"),
    "other_names": _("Other names"),
}

LEVEL_LABELS: dict[str, Promise] = {
    "missing": _("not given on either side"),
    "none on both": _("no title on either"),
    "on one only": _("a title on one name only"),
    "same titles": _("same titles"),
    "different titles": _("different titles"),
    "same spelling": _("same spelling"),
    "same sound": _("same sound in both scripts"),
    "same skeleton": _("same Persian consonant skeleton"),
    "sound ≥0.92": _("sounds almost the same"),
    "skeleton ≥0.88": _("skeletons almost the same"),
    "skeleton ≥0.75": _("skeletons similar"),
    "compound split or joined": _("same names, a compound written split or joined"),
    "compound split or joined, h": _("same names but for a silent h, split or joined"),
    "same words reordered": _("same names in another order"),
    "reordered, same consonants": _("given and family name swapped, same consonants"),
    "reordered, similar": _("given and family name swapped, similar consonants"),
    "one starts the other": _("one is the other with more after it"),
    "one ends the other": _("one is the other with more before it"),
    "one consonant apart": _("one consonant more, less or different"),
    "same consonants, two swapped": _("the same consonants, two in the other order"),
    "extra words at the end": _("one name goes on after the other ends"),
    "extra words at the end, same consonants": _(
        "one name goes on after the other ends, same consonants"
    ),
    "parts added or dropped": _("one name has extra parts inside"),
    "single name starts the other": _("a single name that is the other's first name"),
    "as written": _("compared part by part"),
    "decided by whole name": _("counted with the whole name"),
    "female form": _("the same name, one in its female form (Mahdi ~ Mahdieh)"),
    "same date": _("same date of birth"),
    "day and month swapped": _("same year, day and month swapped"),
    "same month": _("same month and year of birth"),
    "same year, dates differ": _("same year of birth, but the dates given differ"),
    "same year": _("same year of birth"),
    "year ±1": _("years of birth one apart"),
    "year ±2": _("years of birth two apart"),
    "Jalali vs Gregorian": _("one year is Jalali, the other Gregorian, and they agree"),
    "Jalali vs Gregorian ±2": _("one year is Jalali, the other Gregorian, a year or two apart"),
    "same": _("same"),
    "same valid code": _("same national code, with a right check digit"),
    "one digit changed": _("the same number but for one digit"),
    "adjacent digits swapped": _("the same number with two neighbouring digits swapped"),
    "different valid codes": _("two different national codes, both with a right check digit"),
    "another name matches": _("a name one of them also used is the other's given name"),
    "different": _("different"),
}

# The engine writes "<title>: <level words> — <left> ~ <right>, <weight>".
_VALUES = re.compile(r" — (?P<left>.*) ~ (?P<right>.*), [+-]\d+(?:\.\d+)?$")


def compared_values(text: str) -> tuple[str, str]:
    """The two values an explanation line compared, or two dashes when it names none."""
    found = _VALUES.search(text)
    if found is None:
        return NOT_GIVEN, NOT_GIVEN
    return found.group("left"), found.group("right")


NOT_GIVEN = "—"


def _level_label(level: str, left: str, right: str) -> Promise | str:
    # The engine's "missing" level means a value is absent on at least one side; say which.
    if level == "missing" and (left != NOT_GIVEN or right != NOT_GIVEN):
        return _("given on one side only")
    return LEVEL_LABELS.get(level, level)


def weight_rest(explanation: list[dict[str, Any]], match_weight: float) -> dict[str, str]:
    """What the field weights leave out of the match weight: the starting odds (how rare a true
    match is among all pairs) and the adjustment for how common the names are. Shown so the
    listed weights visibly add up to the total."""
    fields = sum(float(row.get("weight") or 0.0) for row in explanation if isinstance(row, dict))
    # Rounded first, so that the three numbers shown add up as written.
    shown_fields, shown_total = float(f"{fields:.1f}"), float(f"{match_weight:.1f}")
    return {
        "fields": f"{shown_fields:+.1f}",
        "rest": f"{shown_total - shown_fields:+.1f}",
        "total": f"{shown_total:+.1f}",
    }


def explanation_bars(explanation: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each field's reason, translated, with a bar width proportional to |weight| (max 100)."""
    rows = [row for row in explanation if isinstance(row, dict)]
    weights = [float(row.get("weight") or 0.0) for row in rows]
    largest = max((abs(w) for w in weights), default=0.0) or 1.0
    bars = []
    for row, weight in zip(rows, weights, strict=True):
        field, level = str(row.get("field", "")), str(row.get("level", ""))
        left, right = compared_values(str(row.get("text", "")))
        bars.append(
            {
                "field": FIELD_LABELS.get(field, field),
                "level": _level_label(level, left, right),
                "left": left,
                "right": right,
                "weight": f"{weight:+.1f}",
                "width": round(abs(weight) / largest * 100),
                "tone": "for" if weight > 0 else "against" if weight < 0 else "neutral",
            }
        )
    return bars
