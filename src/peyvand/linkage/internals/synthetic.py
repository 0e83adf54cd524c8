"""Synthetic people for benchmarks and statistical tests, with known, realistic noise.

The generator carries no names of its own: callers pass pools of name *variant sets* (each a
list of spellings of one name in both scripts, e.g. read from ``../shared/data/names``). A
registry of persons is written mostly in Latin script; tracing requests about some of them are
written mostly in Persian, with typos, missing fields, years off by one or two or given in the
Jalali calendar, swapped name order, added titles and other spellings of the same name.

Dates of birth, mothers' names and slips in national codes (one digit changed, two adjacent
digits swapped) are drawn from a second random stream, so the names, years, places and codes
of a seed are the same as before they were added. Their rates (``NoiseRates``): the registry
gives a full date for 60 % of persons and the month for 10 %, a request 40 % and 10 %; 5 % of
full dates in a request have day and month swapped (when both are 12 or less) and 5 % a
wrong day; a Jalali year comes with its Jalali date. The registry gives the mother's given
name for 50 % of persons, a request for 60 %. 5 % of persons also used another given name
(the registry lists it among their other names); half of the requests about them use that
name instead. A request's national code has one digit changed in 5 %, two adjacent digits
swapped in 5 % and is misremembered (three digits wrong) in 3 %; every person's code is a
valid Iranian national code (check digit).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from peyvand.linkage.internals.birth import Precision, jalali_as_written
from peyvand.linkage.internals.identifiers import national_code_check_digit
from peyvand.linkage.internals.normalise import detect_script
from peyvand.linkage.internals.people import Record

Variant = str | tuple[str, float]
"""One spelling, optionally with how often it is attested (its weight when drawn)."""
NamePool = Sequence[Sequence[Variant]]
"""Variant sets: each inner sequence is the spellings (any script) of one name."""


@dataclass(frozen=True)
class NoiseRates:
    """Probabilities of each kind of noise in a request about a registered person."""

    persian_script: float = 0.7
    typo: float = 0.08
    missing_father: float = 0.3
    missing_birthplace: float = 0.4
    missing_year: float = 0.1
    missing_sex: float = 0.2
    year_off_by_one: float = 0.2
    year_off_by_two: float = 0.07
    jalali_year: float = 0.1
    swapped_order: float = 0.05
    added_title: float = 0.1
    national_id_on_request: float = 0.2
    national_id_on_registry: float = 0.5
    sex_recorded_wrong: float = 0.02
    full_date_on_registry: float = 0.6
    month_on_registry: float = 0.1
    full_date_on_request: float = 0.4
    month_on_request: float = 0.1
    day_month_swapped: float = 0.05
    wrong_day: float = 0.05
    mother_on_registry: float = 0.5
    mother_on_request: float = 0.6
    id_digit_changed: float = 0.05
    id_digits_swapped: float = 0.05
    id_misremembered: float = 0.03
    other_name: float = 0.05
    other_name_in_request: float = 0.5


@dataclass(frozen=True)
class Person:
    """The truth about one synthetic person: which variant set each name comes from."""

    person_id: str
    given: int
    family: int
    father: int
    place: int
    birth_year: int
    sex: str
    national_id: str
    birthday: tuple[int, int] = (1, 1)
    """Month and day of birth (Gregorian)."""
    mother: int = 0
    other_given: int | None = None
    """A given name the person also used (a nickname, a name used in a camp)."""


def _zipf_choice(rng: random.Random, size: int, skew: float = 1.0) -> int:
    # Common names are common: rank r is chosen with weight 1 / (r + 3) ** skew.
    weights = [1.0 / (rank + 3) ** skew for rank in range(size)]
    return rng.choices(range(size), weights=weights)[0]


class _Spellings:
    """One variant set split by script, with each spelling's draw weight.

    A spelling is drawn in proportion to how often it is attested (1 when unknown), so
    Saeed (74 people) is written far more often than a one-off Steve for the same name.
    """

    def __init__(self, variants: Sequence[Variant]) -> None:
        pairs = [(v, 1.0) if isinstance(v, str) else (v[0], float(v[1])) for v in variants]
        self.by_script: dict[bool, tuple[list[str], list[float]]] = {}
        for persian in (True, False):
            wanted = [(t, w) for t, w in pairs if (detect_script(t) == "fa") == persian]
            chosen = wanted or pairs
            self.by_script[persian] = ([t for t, _ in chosen], [w for _, w in chosen])

    def draw(self, rng: random.Random, persian: bool) -> str:
        texts, weights = self.by_script[persian]
        return rng.choices(texts, weights)[0]


def _spellings(pool: NamePool) -> list[_Spellings]:
    return [_Spellings(variants) for variants in pool]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    action = rng.choice(("drop", "double", "swap"))
    if action == "drop":
        return text[:i] + text[i + 1 :]
    if action == "double":
        return text[:i] + text[i] + text[i:]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


class PeopleGenerator:
    """Makes persons, registry records and noisy requests from name pools."""

    def __init__(
        self,
        given: NamePool,
        family: NamePool,
        places: NamePool,
        seed: int = 7,
        noise: NoiseRates | None = None,
    ) -> None:
        """Create a generator over the given variant pools."""
        self.given, self.family, self.places = (
            _spellings(given),
            _spellings(family),
            _spellings(places),
        )
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        # Dates, mothers and ID slips: a second stream, so the first draws what it always did.
        self.more = random.Random(seed * 7919 + 1)  # noqa: S311
        self.noise = noise or NoiseRates()

    def person(self, person_id: str) -> Person:
        """A new random person."""
        rng = self.rng
        person = Person(
            person_id,
            _zipf_choice(rng, len(self.given)),
            _zipf_choice(rng, len(self.family), 0.8),
            _zipf_choice(rng, len(self.given)),
            _zipf_choice(rng, len(self.places)),
            rng.randint(1940, 2015),
            rng.choice("fm"),
            "".join(rng.choice("0123456789") for _ in range(10)),
        )
        birthday = dt.date(2001, 1, 1) + dt.timedelta(days=self.more.randrange(365))
        return replace(
            person,
            national_id=person.national_id[:9] + national_code_check_digit(person.national_id),
            birthday=(birthday.month, birthday.day),
            mother=_zipf_choice(self.more, len(self.given)),
            other_given=_zipf_choice(self.more, len(self.given))
            if self.more.random() < self.noise.other_name
            else None,
        )

    def _precision(self, day_rate: float, month_rate: float) -> Precision:
        roll = self.more.random()
        return "day" if roll < day_rate else "month" if roll < day_rate + month_rate else "year"

    def _other_names(self, person: Person, persian: bool) -> tuple[str, ...]:
        if person.other_given is None:
            return ()
        given = self.given[person.other_given].draw(self.more, persian)
        return (f"{given} {self.family[person.family].draw(self.more, persian)}",)

    def _mother(self, person: Person, rate: float, persian: bool) -> str | None:
        if self.more.random() >= rate:
            return None
        return self.given[person.mother].draw(self.more, persian)

    def registry_record(self, person: Person) -> Record:
        """How a registration office writes the person: mostly Latin, complete."""
        rng, noise = self.rng, self.noise
        persian = rng.random() < 0.2
        name = " ".join(
            (
                self.given[person.given].draw(rng, persian),
                self.family[person.family].draw(rng, persian),
            )
        )
        precision = self._precision(noise.full_date_on_registry, noise.month_on_registry)
        return Record(
            record_id=f"reg-{person.person_id}",
            names=(name,),
            birth_year=person.birth_year,
            birth_date=_date(person.birth_year, person.birthday) if precision != "year" else None,
            birth_precision=precision,
            mother_name=self._mother(person, noise.mother_on_registry, persian),
            other_names=self._other_names(person, persian),
            birthplace=self.places[person.place].draw(rng, persian),
            father_name=self.given[person.father].draw(rng, persian),
            sex=person.sex,  # type: ignore[arg-type]
            national_id=person.national_id
            if rng.random() < noise.national_id_on_registry
            else None,
        )

    def _request_year(self, year: int) -> int | None:
        rng, noise = self.rng, self.noise
        if rng.random() < noise.missing_year:
            return None
        roll = rng.random()
        if roll < noise.year_off_by_one:
            year += rng.choice((-1, 1))
        elif roll < noise.year_off_by_one + noise.year_off_by_two:
            year += rng.choice((-2, 2))
        if rng.random() < noise.jalali_year:
            year -= 621
        return year

    def _request_date(
        self, person: Person, year: int | None
    ) -> tuple[int | None, dt.date | None, Precision]:
        """A request's year and date: the date agrees with the (noisy, maybe Jalali) year."""
        noise, more = self.noise, self.more
        precision = self._precision(noise.full_date_on_request, noise.month_on_request)
        if year is None or precision == "year":
            return year, None, "year"
        month, day = person.birthday
        if precision == "day" and more.random() < noise.wrong_day:
            day = more.randint(1, 28)
        jalali = year < 1500
        written = _date(year + 621 if jalali else year, (month, day))
        if jalali:
            as_jalali = jalali_as_written(written)
            if as_jalali is None:
                return year, None, "year"
            written = as_jalali
        if precision == "day" and written.day <= 12 and more.random() < noise.day_month_swapped:
            written = written.replace(month=written.day, day=written.month)
        return written.year, written, precision

    def _request_id(self, person: Person) -> str:
        code, roll = person.national_id, self.more.random()
        if roll < self.noise.id_digit_changed:
            i = self.more.randrange(len(code))
            wrong = self.more.choice([d for d in "0123456789" if d != code[i]])
            return code[:i] + wrong + code[i + 1 :]
        roll -= self.noise.id_digit_changed
        if roll < self.noise.id_digits_swapped:
            i = self.more.randrange(len(code) - 1)
            if code[i] != code[i + 1]:
                return code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            return code
        if roll < self.noise.id_digits_swapped + self.noise.id_misremembered:
            digits = list(code)
            for i in self.more.sample(range(len(code)), 3):
                digits[i] = self.more.choice("0123456789")
            return "".join(digits)
        return code

    def _request_name(self, person: Person, persian: bool) -> str:
        rng, noise = self.rng, self.noise
        given = self.given[person.given].draw(rng, persian)
        family = self.family[person.family].draw(rng, persian)
        if rng.random() < noise.typo:
            given = _typo(rng, given)
        if rng.random() < noise.typo:
            family = _typo(rng, family)
        parts = [family, given] if rng.random() < noise.swapped_order else [given, family]
        if rng.random() < noise.added_title:
            parts.insert(0, "سید" if persian else "Seyed")
        return " ".join(parts)

    def request_record(self, person: Person, request_id: str) -> Record:
        """How a family member writes a tracing request: mostly Persian, noisy, incomplete."""
        rng, noise = self.rng, self.noise
        persian = rng.random() < noise.persian_script
        sex: str | None = None if rng.random() < noise.missing_sex else person.sex
        if sex and rng.random() < noise.sex_recorded_wrong:
            sex = "m" if sex == "f" else "f"
        father = None
        if rng.random() >= noise.missing_father:
            father = self.given[person.father].draw(rng, persian)
        place = None
        if rng.random() >= noise.missing_birthplace:
            place = self.places[person.place].draw(rng, persian)
        national_id = person.national_id if rng.random() < noise.national_id_on_request else None
        name = self._request_name(person, persian)
        if person.other_given is not None and self.more.random() < noise.other_name_in_request:
            name = self._other_names(person, persian)[0]  # the family knew the other name
        year, written, precision = self._request_date(person, self._request_year(person.birth_year))
        return Record(
            record_id=request_id,
            names=(name,),
            birth_year=year,
            birth_date=written,
            birth_precision=precision,
            mother_name=self._mother(person, noise.mother_on_request, persian),
            birthplace=place,
            father_name=father,
            sex=sex,  # type: ignore[arg-type]
            national_id=self._request_id(person) if national_id else None,
        )


def _date(year: int, birthday: tuple[int, int]) -> dt.date:
    month, day = birthday
    if month == 2 and day == 29:
        day = 28
    return dt.date(year, month, day)


@dataclass(frozen=True)
class LinkageTask:
    """A registry, requests about it, and the truth: request id → registry id."""

    registry: list[Record]
    requests: list[Record]
    truth: dict[str, str]


def make_task(
    generator: PeopleGenerator,
    registry_size: int,
    request_count: int,
    share_registered: float = 0.7,
) -> LinkageTask:
    """Build a registry of ``registry_size`` persons and ``request_count`` requests."""
    persons = [generator.person(f"p{i}") for i in range(registry_size)]
    registry = [generator.registry_record(p) for p in persons]
    requests: list[Record] = []
    truth: dict[str, str] = {}
    for i in range(request_count):
        request_id = f"req-{i}"
        if generator.rng.random() < share_registered:
            person = generator.rng.choice(persons)
            truth[request_id] = f"reg-{person.person_id}"
        else:
            person = generator.person(f"x{i}")
        requests.append(generator.request_record(person, request_id))
    return LinkageTask(registry, requests, truth)


def with_id(record: Record, record_id: str) -> Record:
    """A copy of ``record`` under another id."""
    return replace(record, record_id=record_id)
