"""One spelling of a message for the relay's detectors, whatever tricks its writer used.

People who want to slip a number past a reader split it with invisible characters, write it in
full-width, circled, superscript or keycap digits, swap digits for letters that look alike, or
write "at" and "dot" for the symbols. Everything here undoes one such trick; the detectors then
read the folded text only, so that no detector has to know about any trick.
"""

from __future__ import annotations

import re
import unicodedata

# Symbols that stand for "@" once NFKC has folded them to a letter (ⓐ → a), so they are read first.
_AT_LOOKALIKES = str.maketrans(dict.fromkeys("ⓐⒶ⒜﹫＠", "@"))
# Look-alikes of the full stop that NFKC leaves alone.
_DOT_LOOKALIKES = str.maketrans(dict.fromkeys("。｡·•∙⋅․‧٫۔⸱", "."))
# Cyrillic and Greek letters that look like Latin ones ("WhаtsApp" with a Cyrillic а).
_LATIN_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁһӏкмнтвАВЕКМНОРСТХΑΒΕΗΙΚΜΝΟΡΤΧΥΖαεικνορτυχ",
    "aeopcyxijsdhlkmhtbABEKMHOPCTXABEHIKMNOPTXYZaeikvoptux",
)
_COMMA_LOOKALIKES = str.maketrans(dict.fromkeys("،٬﹐", ","))
# Arabic letter forms written on Persian keyboards and vice versa; one form for each.
_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ـ": None})
# Letters that pass for digits inside a run of digits ("O9l2", "۰۹۱۲ا"); never outside one.
_DIGIT_LOOKALIKES = str.maketrans("oqli|!اzsb", "0011111258")
# Bounded by non-letters, so that "hello123" keeps its letters.
_DIGITLIKE_TOKEN = re.compile(r"(?<![^\W\d_])[0-9oqli|!اzsb]{3,}(?![^\W\d_])")
_SPACES = re.compile(r"\s+")


def _fold_char(char: str) -> str:
    category = unicodedata.category(char)
    if category in ("Cf", "Mn", "Me", "Cc") and char not in "\n\t":
        # Format characters (ZWNJ, ZWSP, ZWJ, soft hyphen, word joiner, bidi marks), combining
        # marks (harakat, variation selectors, the keycap's enclosing square): never meaning.
        return ""
    if char.isdigit() and not char.isascii():
        digit = unicodedata.digit(char, None)
        return "" if digit is None else str(digit)
    if category.startswith("Z") or char in "\n\t\r":
        return " "
    return char


def fold(text: str, *, keep_case: bool = False) -> str:
    """The message in one spelling: NFKC, no invisible characters, ASCII digits of every digit
    script, one form of each Persian letter, casefolded (unless ``keep_case``), single spaces,
    symbol look-alikes folded."""
    text = text.translate(_AT_LOOKALIKES)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_fold_char(char) for char in text)
    text = text.translate(_DOT_LOOKALIKES).translate(_COMMA_LOOKALIKES)
    text = text.translate(_LATIN_LOOKALIKES)
    text = text.translate(_PERSIAN_LETTERS)
    if not keep_case:
        text = text.casefold()
    return _SPACES.sub(" ", text).strip()


def _digits_for_lookalikes(match: re.Match[str]) -> str:
    token = match.group()
    real_digits = sum(char.isdigit() for char in token)
    # A word such as "silo" or "bliss" is left alone: only a run that already holds digits,
    # mostly digits, is read as one.
    if real_digits < 2 or real_digits * 2 < len(token):
        return token
    return token.translate(_DIGIT_LOOKALIKES)


def unmask_digits(folded: str) -> str:
    """Folded text with look-alike letters read as digits inside runs that are mostly digits."""
    return _DIGITLIKE_TOKEN.sub(_digits_for_lookalikes, folded)
