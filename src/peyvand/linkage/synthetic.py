"""Synthetic people for benchmarks and statistical tests, with known, realistic noise.

The generator carries no names of its own: callers pass pools of name *variant sets* (each a
list of spellings of one name in both scripts, e.g. read from ``../shared/data/names``). A
registry of persons is written mostly in Latin script; tracing requests about some of them are
written mostly in Persian, with typos, missing fields, years off by one or two or given in the
Jalali calendar, swapped name order, added titles and other spellings of the same name.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from peyvand.linkage.normalise import detect_script
from peyvand.linkage.people import Record

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
        self.noise = noise or NoiseRates()

    def person(self, person_id: str) -> Person:
        """A new random person."""
        rng = self.rng
        return Person(
            person_id,
            _zipf_choice(rng, len(self.given)),
            _zipf_choice(rng, len(self.family), 0.8),
            _zipf_choice(rng, len(self.given)),
            _zipf_choice(rng, len(self.places)),
            rng.randint(1940, 2015),
            rng.choice("fm"),
            "".join(rng.choice("0123456789") for _ in range(10)),
        )

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
        return Record(
            record_id=f"reg-{person.person_id}",
            names=(name,),
            birth_year=person.birth_year,
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
        return Record(
            record_id=request_id,
            names=(self._request_name(person, persian),),
            birth_year=self._request_year(person.birth_year),
            birthplace=place,
            father_name=father,
            sex=sex,  # type: ignore[arg-type]
            national_id=national_id,
        )


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
