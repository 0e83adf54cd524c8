"""Writing one human down: in Persian on a family's form, or in Latin letters on foreign papers."""

from __future__ import annotations

import random
from dataclasses import dataclass

import jdatetime

from peyvand.core.digits import persian_digits
from peyvand.demo.names import NameUnit
from peyvand.demo.places import Place
from peyvand.demo.plan import NamePlan, PersonPlan
from peyvand.demo.variants import TITLES_LATIN, vary_latin, vary_persian
from peyvand.people.models import NameKind, Script

# Ages are written relative to a fixed year so the plan does not change with the calendar; by the
# time the demo is loaded an age may be a year off, as ages given by families often are.
REFERENCE_GREGORIAN_YEAR = 2025
_JALALI_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)


@dataclass(frozen=True)
class Human:
    """The facts about one real person, before anyone writes them down."""

    given: NameUnit
    family: NameUnit
    title: str
    sex: str
    birth: jdatetime.date
    birthplace: Place
    father: NameUnit
    mother: NameUnit


def persian_name(human: Human, rng: random.Random) -> NamePlan:
    """The name as the family writes it, now and then typed on an Arabic keyboard."""
    given = f"{human.title} {human.given.fa}" if human.title else human.given.fa
    family = human.family.fa
    if rng.random() < 0.15:
        family = vary_persian(family, rng)
    if rng.random() < 0.05:
        given = vary_persian(given, rng)
    return NamePlan(f"{given} {family}", given, family, Script.PERSIAN, NameKind.BIRTH)


def latin_spelling(unit: NameUnit, rng: random.Random, vary: float = 0.3) -> str:
    """A real spelling from the cluster (rarer ones boosted), sometimes respelled by a rule."""
    spellings = [spelling for spelling, _count in unit.spellings]
    weights = [count**0.5 for _spelling, count in unit.spellings]
    spelling = rng.choices(spellings, weights=weights)[0]
    return vary_latin(spelling, rng) if rng.random() < vary else spelling


def latin_name(human: Human, rng: random.Random, kind: str = NameKind.BIRTH) -> NamePlan:
    """The name as a residence permit or a registration form abroad spells it."""
    given = latin_spelling(human.given, rng)
    if human.title and rng.random() < 0.5:
        given = f"{rng.choice(TITLES_LATIN[human.title])} {given}"
    family = latin_spelling(human.family, rng)
    if rng.random() < 0.05:
        family = family.upper()  # copied from a passport's machine-readable zone
    return NamePlan(f"{given} {family}", given, family, Script.LATIN, kind)


def latin_person(human: Human, rng: random.Random, *, date_text: str) -> PersonPlan:
    """A registration abroad: Latin names, Gregorian dates, Latin birthplace and father's name."""
    names = [latin_name(human, rng)]
    if rng.random() < 0.15:
        alias = latin_name(human, rng, kind=NameKind.ALIAS)
        if alias.full != names[0].full:
            names.append(alias)
    if rng.random() < 0.08:
        names.append(persian_name(human, rng))
    return PersonPlan(
        names=tuple(names),
        sex=human.sex if rng.random() < 0.98 else "",
        birth_date_text=date_text,
        birthplace=rng.choice(human.birthplace.latin) if rng.random() < 0.9 else "",
        father_given_name=latin_spelling(human.father, rng) if rng.random() < 0.9 else "",
        mother_given_name=latin_spelling(human.mother, rng) if rng.random() < 0.4 else "",
    )


def jalali_date_text(birth: jdatetime.date, rng: random.Random) -> str:
    """A Jalali birth date as a family writes it: full, year only, Persian digits, or an age."""
    full = f"{birth.year}/{birth.month:02d}/{birth.day:02d}"
    year = str(birth.year)
    age = REFERENCE_GREGORIAN_YEAR - birth.togregorian().year
    forms = (
        (full, 35),
        (persian_digits(full), 15),
        (year, 20),
        (persian_digits(year), 10),
        (str(age), 5),
        (persian_digits(f"{age} ساله"), 5),
        (f"{birth.day} {_JALALI_MONTHS[birth.month - 1]} {birth.year}", 10),
    )
    return rng.choices([text for text, _w in forms], weights=[w for _t, w in forms])[0]


def latin_date_text(birth: jdatetime.date, rng: random.Random) -> str:
    """The same birth date on papers abroad: Gregorian date or year (±1 at the year's edges)."""
    date = birth.togregorian()
    # Jalali year 1345 runs from March 1966 to March 1967; a year-only record may say either.
    year = date.year
    if rng.random() < 0.2:
        year = birth.year + 621 if year == birth.year + 622 else birth.year + 622
    forms = (
        (date.isoformat(), 35),
        (date.strftime("%d/%m/%Y"), 12),
        (date.strftime("%d.%m.%Y"), 8),
        (str(year), 30),
        (str(birth.year), 8),
        (f"{REFERENCE_GREGORIAN_YEAR - date.year} vjeç", 7),
    )
    return rng.choices([text for text, _w in forms], weights=[w for _t, w in forms])[0]
