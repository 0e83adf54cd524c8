"""Two Latin-script files about overlapping people, with known links and typos in every field.

For the same-script benchmark and the statistical tests of training. Names are built from
syllables (no list of real names): a pool of given names and a larger pool of family names,
each drawn with Zipf frequencies, so that namesakes are common as in real registers. File A
holds ``size`` persons; file B holds a copy of ``overlap`` of them, written again with the
errors below, and new persons to make up ``size``. A's own records are clean except for
missing values.

Error rates of B's copies (``SameScriptRates``), each field independently:

- given name: 12 % one typing slip (a letter inserted, deleted, substituted, or two adjacent
  letters transposed, each a quarter), 6 % truncated to its first 3–4 letters (Alexandra →
  Alex), 2 % missing;
- family name: 12 % one typing slip, 1 % missing;
- date of birth: 4 % day and month swapped (when the day is 12 or less), 6 % year one off,
  4 % a different day, 6 % missing;
- birthplace: 10 % one typing slip, 10 % missing;
- ID (9 digits): 5 % one digit changed, 5 % two adjacent digits swapped, 20 % missing.

In A (and in B's new persons) the ID is missing for 10 % and the birthplace for 5 %.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

ONSETS = [
    "b",
    "br",
    "c",
    "ch",
    "d",
    "dr",
    "f",
    "g",
    "gr",
    "h",
    "j",
    "k",
    "kl",
    "l",
    "m",
    "n",
    "p",
    "pr",
    "r",
    "s",
    "sh",
    "st",
    "t",
    "th",
    "tr",
    "v",
    "w",
    "z",
]
VOWELS = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ie", "ou"]
CODAS = ["", "", "", "n", "r", "l", "s", "m", "nd", "rt", "th", "ck"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"
ID_LENGTH = 9
FIELDS = ("record_id", "name", "birth_date", "birthplace", "national_id")


@dataclass(frozen=True)
class SameScriptRates:
    """Probabilities of each error in a B copy of an A record (see the module docstring)."""

    given_typo: float = 0.12
    given_truncated: float = 0.06
    given_missing: float = 0.02
    family_typo: float = 0.12
    family_missing: float = 0.01
    date_day_month_swapped: float = 0.04
    date_year_off: float = 0.06
    date_other_day: float = 0.04
    date_missing: float = 0.06
    place_typo: float = 0.10
    place_missing: float = 0.10
    id_digit_changed: float = 0.05
    id_digits_swapped: float = 0.05
    id_missing: float = 0.20
    id_missing_in_a: float = 0.10
    place_missing_in_a: float = 0.05


@dataclass(frozen=True)
class SamePerson:
    """The truth about one person: their fields as first written."""

    given: str
    family: str
    birth: dt.date
    place: str
    national_id: str


@dataclass(frozen=True)
class SameScriptTask:
    """Two files (rows of ``FIELDS``) and the true (A id, B id) pairs."""

    a_rows: list[dict[str, str]]
    b_rows: list[dict[str, str]]
    truth: set[tuple[str, str]]


def _word(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables)]
    return ("".join(parts) + rng.choice(CODAS)).capitalize()


def _pool(rng: random.Random, count: int, syllables: tuple[int, ...]) -> list[str]:
    names: dict[str, None] = {}
    while len(names) < count:
        names.setdefault(_word(rng, rng.choice(syllables)), None)
    return list(names)


def _zipf_choice(rng: random.Random, pool: list[str], weights: list[float]) -> str:
    return rng.choices(pool, weights)[0]


def typing_slip(rng: random.Random, word: str) -> str:
    """``word`` with one letter inserted, deleted or substituted, or two adjacent swapped."""
    if len(word) < 3:
        return word + rng.choice(LETTERS)
    kind = rng.randrange(4)
    at = rng.randrange(1, len(word) - 1)  # the first letter is seldom the one mistyped
    if kind == 0:
        return word[:at] + rng.choice(LETTERS) + word[at:]
    if kind == 1:
        return word[:at] + word[at + 1 :]
    if kind == 2:
        letter = rng.choice([c for c in LETTERS if c != word[at].lower()])
        return word[:at] + letter + word[at + 1 :]
    return word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]


def _id_slip(rng: random.Random, digits: str, swap: bool) -> str:
    at = rng.randrange(len(digits) - 1)
    if swap and digits[at] != digits[at + 1]:
        return digits[:at] + digits[at + 1] + digits[at] + digits[at + 2 :]
    other = rng.choice([d for d in "0123456789" if d != digits[at]])
    return digits[:at] + other + digits[at + 1 :]


class SameScriptGenerator:
    """Persons and noisy copies of them, reproducible from ``seed``."""

    def __init__(self, seed: int, rates: SameScriptRates | None = None) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic test data, not secrets
        self.rates = rates or SameScriptRates()
        pools = random.Random(1000 + seed)  # noqa: S311 - synthetic test data, not secrets
        self.given = _pool(pools, 400, (2, 2, 3))
        self.family = _pool(pools, 4000, (2, 3, 3, 4))
        self.places = _pool(pools, 150, (2, 3))
        self.weights = {
            id(pool): [1 / (rank + 1) for rank in range(len(pool))]
            for pool in (self.given, self.family, self.places)
        }

    def _pick(self, pool: list[str]) -> str:
        return _zipf_choice(self.rng, pool, self.weights[id(pool)])

    def person(self) -> SamePerson:
        """A new person."""
        start = dt.date(1940, 1, 1).toordinal()
        return SamePerson(
            given=self._pick(self.given),
            family=self._pick(self.family),
            birth=dt.date.fromordinal(start + self.rng.randrange(75 * 365)),
            place=self._pick(self.places),
            national_id="".join(self.rng.choice("0123456789") for _ in range(ID_LENGTH)),
        )

    def clean_row(self, record_id: str, person: SamePerson) -> dict[str, str]:
        """The person as first written (IDs and places sometimes missing)."""
        rng, rates = self.rng, self.rates
        return {
            "record_id": record_id,
            "name": f"{person.given} {person.family}",
            "birth_date": person.birth.isoformat(),
            "birthplace": "" if rng.random() < rates.place_missing_in_a else person.place,
            "national_id": "" if rng.random() < rates.id_missing_in_a else person.national_id,
        }

    def noisy_row(self, record_id: str, person: SamePerson) -> dict[str, str]:
        """The person written again by someone else, with the errors of ``rates``."""
        rng, rates = self.rng, self.rates
        given = self._given(person.given)
        family = person.family
        if rng.random() < rates.family_missing:
            family = ""
        elif rng.random() < rates.family_typo:
            family = typing_slip(rng, family)
        place = person.place
        if rng.random() < rates.place_missing:
            place = ""
        elif rng.random() < rates.place_typo:
            place = typing_slip(rng, place)
        return {
            "record_id": record_id,
            "name": " ".join(part for part in (given, family) if part) or person.family,
            "birth_date": self._date(person.birth),
            "birthplace": place,
            "national_id": self._national_id(person.national_id),
        }

    def _given(self, given: str) -> str:
        rng, rates = self.rng, self.rates
        draw = rng.random()
        if draw < rates.given_missing:
            return ""
        if draw < rates.given_missing + rates.given_truncated and len(given) > 5:
            return given[: rng.choice((3, 4))]
        if rng.random() < rates.given_typo:
            return typing_slip(rng, given)
        return given

    def _date(self, birth: dt.date) -> str:
        rng, rates = self.rng, self.rates
        draw = rng.random()
        edges = [rates.date_missing, rates.date_day_month_swapped, rates.date_year_off]
        if draw < edges[0]:
            return ""
        draw -= edges[0]
        if draw < edges[1] and birth.day <= 12 and birth.day != birth.month:
            return dt.date(birth.year, birth.day, birth.month).isoformat()
        draw -= edges[1]
        if draw < edges[2]:
            year = birth.year + rng.choice((-1, 1))
            return dt.date(year, birth.month, min(birth.day, 28)).isoformat()
        draw -= edges[2]
        if draw < rates.date_other_day:
            return dt.date(birth.year, birth.month, rng.randint(1, 28)).isoformat()
        return birth.isoformat()

    def _national_id(self, digits: str) -> str:
        rng, rates = self.rng, self.rates
        draw = rng.random()
        if draw < rates.id_missing:
            return ""
        draw -= rates.id_missing
        if draw < rates.id_digit_changed:
            return _id_slip(rng, digits, swap=False)
        draw -= rates.id_digit_changed
        if draw < rates.id_digits_swapped:
            return _id_slip(rng, digits, swap=True)
        return digits


def same_script_task(
    size: int, seed: int, overlap: float = 0.5, rates: SameScriptRates | None = None
) -> SameScriptTask:
    """File A of ``size`` persons; file B of ``size`` rows, ``overlap`` of them copies of A's."""
    generator = SameScriptGenerator(seed, rates)
    people = [generator.person() for _ in range(size)]
    a_rows = [generator.clean_row(f"A{n}", p) for n, p in enumerate(people)]
    copied = generator.rng.sample(range(size), int(size * overlap))
    b_rows, truth = [], set()
    for n, source in enumerate(copied):
        b_rows.append(generator.noisy_row(f"B{n}", people[source]))
        truth.add((f"A{source}", f"B{n}"))
    for n in range(len(copied), size):
        b_rows.append(generator.clean_row(f"B{n}", generator.person()))
    generator.rng.shuffle(b_rows)
    return SameScriptTask(a_rows, b_rows, truth)
