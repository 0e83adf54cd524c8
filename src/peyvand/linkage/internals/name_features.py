"""Per-name values that comparisons and blocking read, and the name comparisons themselves.

``name_values(text, prefix)`` turns one written name into the columns a comparison needs
(``<prefix>_sound``, ``<prefix>_skeleton``, …). The same function serves a full name, a father's
name or a birthplace, so every name-like field is compared by the same method.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from peyvand.linkage.internals.comparisons import BlockingRule, Comparison, Level
from peyvand.linkage.internals.keys import (
    FEMININE_ENDING,
    has_feminine_ending,
    joined_skeleton,
    joined_sound,
    look_alike_skeleton,
    loose_skeleton,
    loose_sound,
    persian_vowel_pattern,
    skeleton,
    sound_key,
)
from peyvand.linkage.internals.parsing import ParsedName, parse_name, strip_surname_ending


def _or_none(text: str) -> str | None:
    return text or None


def _letters(skeleton_key: str) -> str:
    """A skeleton's consonants in sorted order: two letters typed the wrong way round
    (همدی for مهدی, Hmaid for Hamid) leave it unchanged."""
    return "".join(sorted(skeleton_key))


def _family_stem(parsed: ParsedName) -> str:
    """Skeleton of the family name without its ending (Khaledizadeh, Khaledi → xld)."""
    if len(parsed.words) < 2:
        return ""
    stem = strip_surname_ending(parsed.words[-1], parsed.script)
    return skeleton(sound_key(stem, parsed.script)).removesuffix("i")


def _vowel_columns(parsed: ParsedName) -> dict[str, Any]:
    """Latin keys with long vowels marked, or Persian patterns they must fit, per part."""
    vowel_keys = parsed.vowel_keys
    parts = {
        "given": vowel_keys[:-1] if len(vowel_keys) > 1 else vowel_keys,
        "family": vowel_keys[-1:] if len(vowel_keys) > 1 else (),
    }
    out: dict[str, Any] = {}
    for part, part_keys in parts.items():
        joined = joined_sound(part_keys) if part_keys else ""
        latin = parsed.script == "latn" and bool(joined)
        persian = parsed.script == "fa" and bool(joined)
        out[f"{part}_vowels"] = joined if latin else None
        out[f"{part}_pattern"] = persian_vowel_pattern(joined) if persian else None
    return out


def _marked_keys(parsed: ParsedName) -> tuple[str, ...]:
    """The name's sound keys, the last given word marked when it has the female ending."""
    keys = list(parsed.keys)
    last_given = len(keys) - 2 if len(keys) > 1 else 0
    aligned = bool(keys) and len(parsed.words) == len(keys)
    if aligned and has_feminine_ending(parsed.words[last_given], parsed.script):
        keys[last_given] += FEMININE_ENDING
    return tuple(keys)


def parsed_values(parsed: ParsedName, mark_endings: bool = True) -> dict[str, Any]:
    """Comparison columns of an already parsed full name (given/family split included).

    With ``mark_endings`` a given name's female ending is part of its keys (Mahdieh is not
    Mahdi); ``*_plain`` columns hold the keys without that mark. Place names are not marked.
    """
    keys = _marked_keys(parsed) if mark_endings else parsed.keys
    given_keys = keys[:-1] if len(keys) > 1 else keys
    family_key = keys[-1] if len(keys) > 1 else ""
    given_sound = "".join(given_keys)
    name_sound = "".join(keys)
    word_sounds = sorted(keys)
    name_skeleton = joined_skeleton(keys)
    given_skeleton = joined_skeleton(given_keys)
    family_skeleton = skeleton(family_key)
    return {
        "script": parsed.script,
        "titles": " ".join(parsed.title_classes) or None,
        "name_text": " ".join(parsed.words),
        "name_sound": _or_none(name_sound),
        "name_skeleton": _or_none(name_skeleton),
        "name_letters": _or_none(_letters(name_skeleton)),
        "name_loose_skeleton": _or_none(loose_skeleton(joined_sound(keys))),
        "name_sorted_skeleton": _or_none(" ".join(sorted(skeleton(k) for k in keys))),
        "name_sorted_sound": _or_none(" ".join(sorted(keys))),
        "name_words": len(keys),
        "word_sounds": word_sounds,
        "words_in_order": list(keys),
        "word_skeletons": [skeleton(k) for k in keys],
        "given_text": _or_none(" ".join(parsed.given)),
        "given_sound": _or_none(given_sound),
        "given_skeleton": _or_none(given_skeleton),
        "given_letters": _or_none(_letters(given_skeleton)),
        "family_text": _or_none(parsed.family),
        "family_sound": _or_none(family_key),
        "family_skeleton": _or_none(family_skeleton),
        "family_letters": _or_none(_letters(family_skeleton)),
        "family_loose": _or_none(loose_sound(family_key)),
        "family_look_alike": _or_none(look_alike_skeleton(family_key)),
        "given_look_alike": _or_none(look_alike_skeleton(joined_sound(given_keys))),
        "given_loose": _or_none(loose_sound(given_sound)),
        "given_plain": _or_none(given_sound.replace(FEMININE_ENDING, "")),
        "name_plain": _or_none(name_sound.replace(FEMININE_ENDING, "")),
        "first_text": parsed.words[0] if parsed.words else None,
        "first_sound": _or_none(keys[0] if keys else ""),
        "first_skeleton": _or_none(skeleton(keys[0]) if keys else ""),
        "second_skeleton": _or_none(skeleton(keys[1]) if len(keys) > 1 else ""),
        "skeleton_head": name_skeleton[:3],
        "family_head": _or_none(family_skeleton[:2]),
        "family_stem": _or_none(_family_stem(parsed)),
        "first_head": _or_none(skeleton(keys[0])[:2] if keys else ""),
        "skeleton_tail": name_skeleton[-3:],
        **_vowel_columns(parsed),
    }


NAME_CACHE_SIZE = 8_192
"""Parsed names kept: registers repeat names, places and parents' names very often."""


def name_values(text: str, mark_endings: bool = True) -> dict[str, Any]:
    """Parse ``text`` and return its comparison columns (see :func:`parsed_values`).

    The caller owns the returned dict and its lists (a copy of a cached parse).
    """
    cached = _cached_name_values(text, mark_endings)
    return {k: list(v) if isinstance(v, list) else v for k, v in cached.items()}


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _cached_name_values(text: str, mark_endings: bool) -> dict[str, Any]:
    return parsed_values(parse_name(text), mark_endings)


def _eq(column: str) -> dict[str, Any]:
    return {"kind": "equal", "column": column}


def _jw(column: str, threshold: float) -> dict[str, Any]:
    return {"kind": "jaro_winkler_at_least", "column": column, "threshold": threshold}


_SAME_WORD_COUNT: dict[str, Any] = _eq("name_words")
_NO_TITLES_ON_BOTH: dict[str, Any] = {
    "kind": "all",
    "of": [{"kind": "is_null", "column": "titles", "side": side} for side in ("l", "r")],
}
COMPOUND_SPLIT: dict[str, Any] = {
    "kind": "all",
    "of": [_eq("name_skeleton"), {"kind": "not", "of": _SAME_WORD_COUNT}],
}
COMPOUND_SPLIT_LOOSE: dict[str, Any] = {
    "kind": "all",
    "of": [_eq("name_loose_skeleton"), {"kind": "not", "of": _SAME_WORD_COUNT}],
}
REORDERED: dict[str, Any] = {
    "kind": "all",
    "of": [_eq("name_sorted_sound"), {"kind": "not", "of": _eq("name_sound")}],
}
_PARTS = ["given_skeleton", "family_skeleton"]
REORDERED_CONSONANTS: dict[str, Any] = {"kind": "crossed", "columns": _PARTS}
"""Given name of each is the other's family name, by consonant skeleton (Moosavi Mojtaba)."""
REORDERED_SIMILAR: dict[str, Any] = {
    "kind": "all",
    "of": [
        {"kind": "crossed_jaro_winkler_at_least", "columns": _PARTS, "threshold": 0.8},
        {
            "kind": "not",
            "of": {
                "kind": "all",
                "of": [_jw("given_skeleton", 0.8), _jw("family_skeleton", 0.8)],
            },
        },
    ],
}
"""Reordered, with a typo in a part; and the names do not agree as well in their own order."""
_TWO_WORDS_EACH: dict[str, Any] = {"kind": "both_at_least", "column": "name_words", "value": 2}
EXTENDED: dict[str, Any] = {
    "kind": "all",
    "of": [_TWO_WORDS_EACH, {"kind": "one_extends_other", "column": "words_in_order"}],
}
EXTENDED_SKELETONS: dict[str, Any] = {
    "kind": "all",
    "of": [_TWO_WORDS_EACH, {"kind": "one_extends_other", "column": "word_skeletons"}],
}
SINGLE_NAME_STARTS_OTHER: dict[str, Any] = {"kind": "one_extends_other", "column": "words_in_order"}
DECIDED_BY_WHOLE_NAME: dict[str, Any] = {
    "kind": "any",
    "of": [
        _eq("name_sound"),
        COMPOUND_SPLIT,
        COMPOUND_SPLIT_LOOSE,
        REORDERED,
        REORDERED_CONSONANTS,
        REORDERED_SIMILAR,
        {"kind": "one_extends_other", "column": "words_in_order"},
        {"kind": "contains_all", "column": "word_sounds"},
        EXTENDED_SKELETONS,
    ],
}


def _affix(column: str, at: str) -> dict[str, Any]:
    """One skeleton is the other's start (or end) and the other goes on for 2+ letters."""
    return {"kind": "affix_of_other", "column": f"{column}_skeleton", "at": at, "extra_at_least": 2}


GENDERED_COLUMNS = frozenset({"given", "father", "mother"})
"""Name parts whose female form (-ieh) is a name of its own (not family names or places)."""


def word_comparison(name: str, title: str, column: str, *, defer: bool = True) -> Comparison:
    """Levels for one name part (first name, family name, father, birthplace) in ``column_*``.

    With ``defer``, pairs whose whole names already agree (compounds split or joined, words
    swapped) get a neutral level, so the part does not count the same evidence twice.
    """
    levels = [
        Level(
            "missing",
            {"kind": "null", "columns": [f"{column}_sound"]},
            "not given on both",
            is_null=True,
        ),
        Level("same spelling", _eq(f"{column}_text"), "same spelling"),
        Level("same sound", _eq(f"{column}_sound"), "same sound in both scripts"),
        Level("same skeleton", _eq(f"{column}_skeleton"), "same Persian consonant skeleton"),
        *(
            [
                Level(
                    "female form",
                    _eq(f"{column}_plain"),
                    "the same name but one has the female ending (Mahdi ~ Mahdieh)",
                )
            ]
            if column in GENDERED_COLUMNS
            else []
        ),
        Level(
            "one starts the other",
            _affix(column, "start"),
            "one is the other with more after it (Mohammad ~ Mohammadreza, Khaledi ~ Khaledizadeh)",
        ),
        Level(
            "one ends the other",
            _affix(column, "end"),
            "one is the other with more before it (Reza ~ Mohammadreza)",
        ),
        Level("sound ≥0.92", _jw(f"{column}_sound", 0.92), "sounds almost the same"),
        Level("skeleton ≥0.88", _jw(f"{column}_skeleton", 0.88), "skeletons almost the same"),
        Level("skeleton ≥0.75", _jw(f"{column}_skeleton", 0.75), "skeletons similar"),
        Level(
            "one consonant apart",
            {"kind": "levenshtein_at_most", "column": f"{column}_skeleton", "at_most": 1},
            "one consonant more, less or different (Zohreh ~ Zoreh)",
        ),
        Level(
            "same consonants, two swapped",
            _eq(f"{column}_letters"),
            "the same consonants, two of them in the other order",
        ),
        Level("different", {"kind": "else"}, "different"),
    ]
    if defer:
        levels.insert(
            1,
            Level(
                "decided by whole name",
                DECIDED_BY_WHOLE_NAME,
                "counted with the whole name",
                is_null=True,
            ),
        )
    return Comparison(name=name, title=title, shown_column=f"{column}_text", levels=levels)


PARTS_ADDED: dict[str, Any] = {
    "kind": "all",
    "of": [
        {"kind": "both_at_least", "column": "name_words", "value": 2},
        {"kind": "not", "of": _eq("name_words")},
        {"kind": "contains_all", "column": "word_sounds"},
    ],
}


def _fits_vowels(column: str) -> dict[str, Any]:
    return {"kind": "fits_pattern", "column": f"{column}_vowels", "pattern": f"{column}_pattern"}


def _part_levels(column: str) -> list[tuple[str, dict[str, Any], str]]:
    """(label, condition, words) of one name part's levels, strongest first, "else" last."""
    gendered = (
        [
            (
                "female form",
                _eq(f"{column}_plain"),
                "the same name but one has the female ending (Mahdi ~ Mahdieh)",
            )
        ]
        if column == "given"
        else []
    )
    return [
        ("same sound", _eq(f"{column}_sound"), "same sound"),
        *gendered,
        ("same but h", _eq(f"{column}_loose"), "same sound but for an h or a doubled letter"),
        (
            "same skeleton, vowels fit",
            {"kind": "all", "of": [_eq(f"{column}_skeleton"), _fits_vowels(column)]},
            "same consonants, and the Latin spelling has every long vowel the Persian writes",
        ),
        ("same skeleton", _eq(f"{column}_skeleton"), "same consonant skeleton"),
        (
            "look-alike consonants",
            _eq(f"{column}_look_alike"),
            "same consonants but for sounds often swapped (sh/ch, q/g/k, p/b, z/s)",
        ),
        ("sound ≥0.92", _jw(f"{column}_sound", 0.92), "sounds almost the same"),
        ("skeleton ≥0.88", _jw(f"{column}_skeleton", 0.88), "skeletons almost the same"),
        ("skeleton ≥0.75", _jw(f"{column}_skeleton", 0.75), "skeletons similar"),
        ("different", {"kind": "else"}, "different"),
    ]


def given_and_family_comparison() -> Comparison:
    """Given and family name judged together, one level per pair of part levels.

    Whether the given names agree changes what agreeing family names are worth (Ali Ahmadi vs
    Hamid Ahmadi), so the pair of levels gets its own m and u instead of adding two weights.
    """
    levels = [
        Level(
            "decided by whole name",
            DECIDED_BY_WHOLE_NAME,
            "counted with the whole name",
            is_null=True,
        ),
        Level("missing", {"kind": "null", "columns": ["given_sound"]}, "no name", is_null=True),
    ]
    for g_label, g_cond, g_text in _part_levels("given"):
        for f_label, f_cond, f_text in [
            ("missing", {"kind": "null", "columns": ["family_sound"]}, "missing on one"),
            *_part_levels("family"),
        ]:
            of = [c for c in (g_cond, f_cond) if c["kind"] != "else"]
            condition = {"kind": "all", "of": of} if len(of) > 1 else (of or [f_cond])[0]
            label = f"given {g_label} / family {f_label}"
            text = f"given name {g_text}, family name {f_text}"
            levels.append(Level(label, condition, text))
    return Comparison("given_and_family", "given and family name", "name_text", levels)


def given_and_family_axes(comparison: Comparison) -> list[tuple[str, str] | None]:
    """(given level, family level) of each level of :func:`given_and_family_comparison`."""
    axes: list[tuple[str, str] | None] = []
    for level in comparison.levels:
        given, sep, family = level.label.removeprefix("given ").partition(" / family ")
        axes.append((given, family) if sep and not level.is_null else None)
    return axes


def whole_name_comparison() -> Comparison:
    """Levels for the whole name: compounds split or joined, reordered, parts added."""
    return Comparison(
        name="whole_name",
        title="whole name",
        shown_column="name_text",
        levels=[
            Level("missing", {"kind": "null", "columns": ["name_sound"]}, "no name", is_null=True),
            Level("same spelling", _eq("name_text"), "same spelling"),
            Level("same sound", _eq("name_sound"), "same sound in both scripts"),
            Level(
                "compound split or joined",
                COMPOUND_SPLIT,
                "same names, a compound written split in one and joined in the other",
            ),
            Level(
                "compound split or joined, h",
                COMPOUND_SPLIT_LOOSE,
                "same names but for a silent h, a compound written split or joined",
            ),
            Level("same words reordered", REORDERED, "same names in another order"),
            Level(
                "reordered, same consonants",
                REORDERED_CONSONANTS,
                "given and family name swapped; the same consonants",
            ),
            Level(
                "reordered, similar",
                REORDERED_SIMILAR,
                "given and family name swapped; similar consonants",
            ),
            Level("extra words at the end", EXTENDED, "one name goes on after the other ends"),
            Level("parts added or dropped", PARTS_ADDED, "one name has extra parts inside"),
            Level(
                "extra words at the end, same consonants",
                EXTENDED_SKELETONS,
                "one name goes on after the other ends; the shared words have the same consonants",
            ),
            Level(
                "single name starts the other",
                SINGLE_NAME_STARTS_OTHER,
                "a single name that is the other's first name",
            ),
            Level("as written", {"kind": "else"}, "compared part by part"),
        ],
    )


def title_comparison() -> Comparison:
    """Levels for honorific titles (Seyed, Haj, Mir, …) written on one or both names."""
    either_missing = {"kind": "null", "columns": ["titles"]}
    return Comparison(
        name="titles",
        title="titles",
        shown_column="titles",
        levels=[
            Level(
                "none on both",
                {"kind": "all", "of": [either_missing, _NO_TITLES_ON_BOTH]},
                "no title on either",
                is_null=True,
            ),
            Level("on one only", either_missing, "a title on one name only"),
            Level("same titles", _eq("titles"), "same titles"),
            Level("different titles", {"kind": "else"}, "different titles"),
        ],
    )


FREQUENCY_PARTS = ("first", "family")
"""Name parts whose shared sound is weighed by how common it is in the file being linked: the
first word (better than the whole given name on both held-out halves) and the family name."""


def frequency_comparison(part: str) -> Comparison:
    """A part's commonness alone: when both spell the part alike, a rare name counts more.

    Its levels get m = u after training (see :func:`neutralise_frequency_levels`), so the only
    weight is Splink's term-frequency adjustment log2(u / share of the shared value): a family
    name that one record in a thousand carries weighs more than Hosseini, and the pair's other
    evidence stays with the given/family comparison.
    """
    return Comparison(
        name=f"{part}_frequency",
        title=f"how common the {part} name is",
        shown_column=f"{part}_text",
        levels=[
            Level(
                "missing",
                {"kind": "null", "columns": [f"{part}_sound"]},
                "not given on both",
                is_null=True,
            ),
            Level(
                "same sound",
                _eq(f"{part}_sound"),
                f"same {part} name; a rare one counts more than a common one",
                tf_column=f"{part}_sound",
            ),
            Level("not the same", {"kind": "else"}, "not the same"),
        ],
    )


def neutralise_frequency_levels(comparisons: list[Comparison]) -> None:
    """Set m = u on the frequency comparisons' levels (in place): weight only from frequency."""
    names = {f"{part}_frequency" for part in FREQUENCY_PARTS}
    for comparison in comparisons:
        if comparison.name in names:
            for level in comparison.levels:
                level.m_probability = level.u_probability


def name_comparisons(joint_parts: bool = True, frequency: bool = True) -> list[Comparison]:
    """The comparisons of the name-only model used by ``link_names``.

    With ``joint_parts`` the given and family names form one comparison with a level per
    pair of part levels (used with labelled training); otherwise two comparisons (for EM).
    """
    parts = (
        [given_and_family_comparison()]
        if joint_parts
        else [
            word_comparison("given_name", "given name", "given"),
            word_comparison("family_name", "family name", "family"),
        ]
    )
    weighed = [frequency_comparison(part) for part in FREQUENCY_PARTS] if frequency else []
    return [title_comparison(), whole_name_comparison(), *parts, *weighed]


NAME_BLOCKING_RULES: list[BlockingRule] = [
    [("name_skeleton", "name_skeleton")],
    [("family_skeleton", "family_skeleton")],
    [("first_skeleton", "first_skeleton"), ("second_skeleton", "second_skeleton")],
    [("given_skeleton", "given_skeleton"), ("skeleton_tail", "skeleton_tail")],
    [("name_sorted_skeleton", "name_sorted_skeleton")],
    [("first_skeleton", "family_skeleton")],
    [("family_skeleton", "first_skeleton")],
    [("skeleton_head", "skeleton_head"), ("skeleton_tail", "skeleton_tail")],
    [("name_loose_skeleton", "name_loose_skeleton")],
    [("first_skeleton", "first_skeleton"), ("family_head", "family_head")],
    [("first_head", "first_head"), ("family_skeleton", "family_skeleton")],
    [("first_skeleton", "first_skeleton"), ("family_stem", "family_stem")],
]
"""Blocking rules for names: a pair is scored only if one of these holds."""
