"""Numbers written as words in Persian (also in Latin letters), English and Albanian, turned
back into digits.

"zero nine one two", "صفر نهصد و دوازده" and "zero nëntë një dy" all dictate 0912. Each number
word becomes its digits in place, so the digit-run detector reads a dictated number as if it had
been typed. Compounds are read the way people dictate groups of a number: hundreds, then tens,
then units, with "و", "and" or "e" between them.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "oh": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "صفر": 0, "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "چار": 4, "پنج": 5, "شش": 6, "شیش": 6,
    "هفت": 7, "هشت": 8, "نه": 9,
    # Persian written in Latin letters (Finglish)
    "sefr": 0, "yek": 1, "do": 2, "se": 3, "chahar": 4, "char": 4, "panj": 5, "shish": 6,
    "shesh": 6, "haft": 7, "hasht": 8, "noh": 9, "nuh": 9,
    "nulë": 0, "nul": 0, "nula": 0, "një": 1, "dy": 2, "tre": 3, "katër": 4, "pesë": 5,
    "gjashtë": 6, "shtatë": 7, "tetë": 8, "nëntë": 9, "nënt": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15, "پونزده": 15,
    "شانزده": 16, "هفده": 17, "هیفده": 17, "هجده": 18, "هیجده": 18, "نوزده": 19,
    "dhjetë": 10, "njëmbëdhjetë": 11, "dymbëdhjetë": 12, "trembëdhjetë": 13,
    "katërmbëdhjetë": 14, "pesëmbëdhjetë": 15, "gjashtëmbëdhjetë": 16, "shtatëmbëdhjetë": 17,
    "tetëmbëdhjetë": 18, "nëntëmbëdhjetë": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
    "بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90,
    "njëzet": 20, "tridhjetë": 30, "dyzet": 40, "pesëdhjetë": 50, "gjashtëdhjetë": 60,
    "shtatëdhjetë": 70, "tetëdhjetë": 80, "nëntëdhjetë": 90,
}  # fmt: skip
_HUNDREDS = {
    "صد": 100, "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500,
    "پونصد": 500, "ششصد": 600, "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
    "njëqind": 100, "qind": 100, "dyqind": 200, "treqind": 300, "katërqind": 400,
    "pesëqind": 500, "gjashtëqind": 600, "shtatëqind": 700, "tetëqind": 800, "nëntëqind": 900,
}  # fmt: skip
_HUNDRED_WORDS = {"hundred", "qind", "صد"}  # "چهار صد", "katër qind": written apart
_THOUSAND_WORDS = {"thousand", "mijë", "mije", "هزار"}
_REPEATS = {"double": 2, "triple": 3}
_CONNECTORS = {"و", "and", "e", "a"}


def _with_plain_letters(table: dict[str, int]) -> dict[str, int]:
    """Albanian words are often typed without ë and ç (nente, kater): both spellings count."""
    plain = {word.replace("ë", "e").replace("ç", "c"): value for word, value in table.items()}
    return {**plain, **table}


UNITS = _with_plain_letters(_UNITS)
TEENS = _with_plain_letters(_TEENS)
TENS = _with_plain_letters(_TENS)
HUNDREDS = _with_plain_letters(_HUNDREDS)
_WORD = re.compile(r"[^\W\d_]+")


def _value(word: str) -> tuple[str, int] | None:
    for kind, table in (("unit", UNITS), ("teen", TEENS), ("tens", TENS), ("hundreds", HUNDREDS)):
        if word in table:
            return kind, table[word]
    return None


class _Reader:
    """Reads compounds from a list of words with the text between them."""

    def __init__(self, words: list[re.Match[str]]) -> None:
        self.words = words

    def word(self, index: int) -> str:
        return self.words[index].group() if index < len(self.words) else ""

    def _after_connector(self, index: int) -> int:
        """Index of the next number word, stepping over one connector ("و", "and", "e")."""
        connector = self.word(index) in _CONNECTORS
        return index + 1 if connector and _value(self.word(index + 1)) else index

    def _lower_part(self, index: int, kinds: tuple[str, ...]) -> tuple[int, int]:
        """(value, next index) of a tens, teen or unit part at ``index`` (after a connector)."""
        start = self._after_connector(index)
        found = _value(self.word(start))
        if found is None or found[0] not in kinds:
            return 0, index
        kind, value = found
        if kind == "tens":
            unit, after = self._lower_part(start + 1, ("unit",))
            return value + unit, after
        return value, start + 1

    def _below_thousand(self, index: int) -> tuple[int, int] | None:
        """(value, index after) of a number below a thousand starting at word ``index``."""
        found = _value(self.word(index))
        if found is None:
            return None
        kind, value = found
        if kind == "unit" and self.word(index + 1) in _HUNDRED_WORDS:
            kind, value, index = "hundreds", value * 100, index + 1
        if kind == "hundreds":
            rest, after = self._lower_part(index + 1, ("tens", "teen", "unit"))
            return value + rest, after
        if kind == "tens":
            unit, after = self._lower_part(index + 1, ("unit",))
            return value + unit, after
        return value, index + 1

    def compound(self, index: int) -> tuple[str, int] | None:
        """(digits, index after) of the number that starts at word ``index``, or None."""
        word = self.word(index)
        if word in _REPEATS and self.word(index + 1) in UNITS:
            return str(UNITS[self.word(index + 1)]) * _REPEATS[word], index + 2
        read = self._below_thousand(index)
        if read is None:
            return None
        value, after = read
        if self.word(after) in _THOUSAND_WORDS and value:
            # "two thousand eight hundred eighty", "دو هزار و هشتصد و هشتاد": one group, 2880.
            start = self._after_connector(after + 1)
            rest = self._below_thousand(start)
            if rest is None:
                return str(value * 1000), after + 1
            return str(value * 1000 + rest[0]), rest[1]
        return str(value), after


def spell_digits(folded: str) -> str:
    """Folded text with every number written in words replaced by its digits."""
    words = list(_WORD.finditer(folded))
    reader = _Reader(words)
    pieces: list[str] = []
    position = 0
    index = 0
    while index < len(words):
        read = reader.compound(index)
        if read is None:
            index += 1
            continue
        digits, after = read
        pieces.append(folded[position : words[index].start()])
        pieces.append(digits)
        position = words[after - 1].end()
        index = after
    pieces.append(folded[position:])
    return "".join(pieces)
