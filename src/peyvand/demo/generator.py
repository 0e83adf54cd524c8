"""Build the demo plan from a seed: families in Iran looking for relatives registered abroad.

Each tracing request starts from one "true" human. The seeker describes them in Persian (Jalali
date, Persian birthplace and father's name); for about 60% of requests the same human is also
registered abroad, written in Latin letters the way foreign papers spell it. Nothing here touches
the database, and the same seed always gives the same plan.
"""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import accumulate

import jdatetime

from peyvand.demo.names import NameMaterial, NameUnit
from peyvand.demo.places import BIRTHPLACES, LAST_CONTACT_PLACES, Place
from peyvand.demo.plan import CasePlan, DemoPlan, PersonPlan, RegistrationPlan, RequestPlan
from peyvand.demo.render import (
    Human,
    jalali_date_text,
    latin_date_text,
    latin_name,
    latin_person,
    persian_name,
)
from peyvand.demo.staff import AGENCIES, AGENCY_A, AGENCY_B, staff_plan
from peyvand.demo.texts import CASE_NOTES, CIRCUMSTANCES_EN, CIRCUMSTANCES_FA
from peyvand.demo.variants import TITLES_FA
from peyvand.tracing.models import ConsentMethod, Relationship

DEFAULT_PERSONS = 3000
MIN_PERSONS = 30
MAX_PERSONS = 100_000
COUNTERPART_SHARE = 0.6
SEEKER_OWNED_REQUESTS = 2

_RELATIONSHIPS: tuple[tuple[str, int], ...] = (
    (Relationship.SIBLING, 35),
    (Relationship.CHILD, 25),
    (Relationship.PARENT, 10),
    (Relationship.SPOUSE, 8),
    (Relationship.COUSIN, 7),
    (Relationship.UNCLE_AUNT, 5),
    (Relationship.NEPHEW_NIECE, 5),
    (Relationship.GRANDCHILD, 3),
    (Relationship.OTHER, 2),
)
# Jalali birth years of the sought person, by how they relate to the seeker.
_SOUGHT_YEARS: dict[str, tuple[int, int]] = {
    Relationship.PARENT: (1315, 1345),
    Relationship.GRANDCHILD: (1360, 1380),
    Relationship.CHILD: (1345, 1378),
}
_DEFAULT_SOUGHT_YEARS = (1330, 1375)
_SAYYID_TITLES = TITLES_FA[:2]


def request_count(persons: int) -> tuple[int, int, int]:
    """How many requests, counterpart registrations and unrelated registrations make ``persons``.

    Each request holds two persons (seeker and sought), each registration one.
    """
    requests = persons // 3
    counterparts = round(requests * COUNTERPART_SHARE)
    return requests, counterparts, persons - 2 * requests - counterparts


def build_plan(seed: int, persons: int, material: NameMaterial) -> DemoPlan:
    """The whole demo for ``seed``: agencies, logins, registrations and tracing requests."""
    rng = random.Random(seed)
    people = _Drawer(rng, material)
    requests, counterparts, extra = request_count(persons)
    with_counterpart = set(rng.sample(range(requests), counterparts))
    registrations: list[RegistrationPlan] = []
    request_plans: list[RequestPlan] = []
    for index in range(requests):
        agency = AGENCY_A if rng.random() < 0.65 else AGENCY_B
        relationship = people.relationship()
        sought = people.human(year_range=_SOUGHT_YEARS.get(relationship, _DEFAULT_SOUGHT_YEARS))
        counterpart = None
        if index in with_counterpart:
            counterpart = len(registrations)
            registrations.append(people.registration(sought))
        request_plans.append(people.request(index, agency.code, sought, relationship, counterpart))
    for _ in range(extra):
        registrations.append(people.registration(people.human()))
    # The registrant login owns a registration that a request is looking for, so the demo shows
    # a question waiting for the sought person.
    first = next(plan.counterpart for plan in request_plans if plan.counterpart is not None)
    registrations[first] = replace(
        registrations[first],
        consent_method=ConsentMethod.SELF,
        entered_by="registrant",
        owner="registrant",
        may_be_traced=True,
    )
    order = list(range(len(registrations)))
    rng.shuffle(order)
    position = {old: new for new, old in enumerate(order)}
    return DemoPlan(
        seed=seed,
        persons=persons,
        names_source=material.source,
        agencies=AGENCIES,
        staff=staff_plan(seed),
        registrations=tuple(registrations[old] for old in order),
        requests=tuple(
            replace(plan, counterpart=position[plan.counterpart])
            if plan.counterpart is not None
            else plan
            for plan in request_plans
        ),
    )


class _Drawer:
    """Draws humans and writes them down as seekers, sought persons and registrants would."""

    def __init__(self, rng: random.Random, material: NameMaterial) -> None:
        self.rng = rng
        self.material = material
        # Cumulative weights per list of units, summed once: ``choices`` draws the same with
        # them as with the weights (it sums the weights itself otherwise, on every draw).
        self._cumulative: dict[int, tuple[tuple[NameUnit, ...], list[int]]] = {}

    def unit(self, units: tuple[NameUnit, ...]) -> NameUnit:
        known = self._cumulative.get(id(units))
        if known is None or known[0] is not units:
            known = self._cumulative[id(units)] = (units, list(accumulate(u.weight for u in units)))
        return self.rng.choices(units, cum_weights=known[1])[0]

    def given(self, sex: str) -> NameUnit:
        return self.unit(self.material.female_given if sex == "f" else self.material.male_given)

    def human(
        self,
        *,
        year_range: tuple[int, int] = _DEFAULT_SOUGHT_YEARS,
        sex: str = "",
        family: NameUnit | None = None,
        father: NameUnit | None = None,
        mother: NameUnit | None = None,
        birthplace: Place | None = None,
    ) -> Human:
        rng = self.rng
        sex = sex or rng.choice(("f", "m"))
        title = ""
        if rng.random() < 0.06:
            title = TITLES_FA[1] if sex == "f" else rng.choice((TITLES_FA[0], TITLES_FA[2]))
        low, high = year_range
        return Human(
            given=self.given(sex),
            family=family or self.unit(self.material.family),
            title=title,
            sex=sex,
            birth=jdatetime.date(rng.randint(low, high), rng.randint(1, 12), rng.randint(1, 29)),
            birthplace=birthplace
            or rng.choices(BIRTHPLACES, weights=[p.weight for p in BIRTHPLACES])[0],
            father=father or self.given("m"),
            mother=mother or self.given("f"),
        )

    def persian_description(self, human: Human, *, complete: bool = False) -> PersonPlan:
        """How a family member in Iran fills in the form: some fields left out, dates as known."""
        rng = self.rng
        knows = (lambda share: True) if complete else (lambda share: rng.random() < share)
        return PersonPlan(
            names=(persian_name(human, rng),),
            sex=human.sex if knows(0.95) else "",
            birth_date_text=jalali_date_text(human.birth, rng) if knows(0.92) else "",
            birthplace=human.birthplace.fa if knows(0.9) else "",
            father_given_name=human.father.fa if knows(0.9) else "",
            mother_given_name=human.mother.fa if knows(0.5) else "",
        )

    def registration(self, human: Human) -> RegistrationPlan:
        rng = self.rng
        agency = AGENCY_B if rng.random() < 0.85 else AGENCY_A
        return RegistrationPlan(
            agency=agency.code,
            person=latin_person(human, rng, date_text=latin_date_text(human.birth, rng)),
            consent_method=rng.choice((ConsentMethod.IN_PERSON, ConsentMethod.WRITTEN)),
            may_be_traced=rng.random() < 0.95,
            entered_by="caseworker-b" if agency is AGENCY_B else "caseworker-a",
        )

    def relationship(self) -> str:
        return self.rng.choices(
            [r for r, _w in _RELATIONSHIPS], weights=[w for _r, w in _RELATIONSHIPS]
        )[0]

    def request(
        self, index: int, agency: str, sought: Human, relationship: str, counterpart: int | None
    ) -> RequestPlan:
        rng = self.rng
        seeker = self.seeker_for(sought, relationship)
        seeker_plan = self.persian_description(seeker, complete=True)
        if agency == AGENCY_B.code:
            # Filed in person abroad: the office writes the seeker's name in Latin letters too.
            seeker_plan = replace(
                seeker_plan, names=(*seeker_plan.names, latin_name(seeker, rng, kind="alias"))
            )
        owned = index < SEEKER_OWNED_REQUESTS
        return RequestPlan(
            agency=AGENCY_A.code if owned else agency,
            seeker=seeker_plan,
            sought=self.persian_description(sought),
            relationship=relationship,
            last_contact_text=self.last_contact_year(sought),
            last_contact_place=rng.choice(LAST_CONTACT_PLACES),
            circumstances=self.circumstances(agency, sought),
            entered_by="seeker" if owned else _caseworker(agency),
            seeker_user="seeker" if owned else "",
            counterpart=counterpart,
            case=CasePlan() if owned else self.case_work(agency),
        )

    def seeker_for(self, sought: Human, relationship: str) -> Human:
        """The relative who files the request, with facts consistent with the relationship."""
        seeker = self.relative(sought, relationship)
        if seeker.family == sought.family and sought.title in _SAYYID_TITLES:
            # Seyed descent runs in the father's line, so a relative of that line shares it.
            seeker = replace(seeker, title=_SAYYID_TITLES[1 if seeker.sex == "f" else 0])
        return seeker

    def relative(self, sought: Human, relationship: str) -> Human:
        rng = self.rng
        year = sought.birth.year
        same_place = sought.birthplace if rng.random() < 0.7 else None
        if relationship == Relationship.SIBLING:
            return self.human(
                year_range=_around(year, 12),
                family=sought.family,
                father=sought.father,
                mother=sought.mother,
                birthplace=same_place,
            )
        if relationship == Relationship.CHILD:
            # The seeker is the sought person's father or mother.
            sex = "m" if rng.random() < 0.5 else "f"
            parent = sought.father if sex == "m" else sought.mother
            family = sought.family if sex == "m" else None
            seeker = self.human(year_range=_clip(year - 35, year - 20), sex=sex, family=family)
            return replace(seeker, given=parent)
        if relationship == Relationship.PARENT:
            return self.human(
                year_range=_clip(year + 20, year + 35),
                family=sought.family if sought.sex == "m" else None,
                father=self.given("m") if sought.sex == "f" else sought.given,
                mother=sought.given if sought.sex == "f" else None,
                birthplace=same_place,
            )
        if relationship == Relationship.SPOUSE:
            return self.human(year_range=_around(year, 8), sex="f" if sought.sex == "m" else "m")
        family = sought.family if rng.random() < 0.5 else None
        return self.human(year_range=_around(year, 25), family=family, birthplace=same_place)

    def last_contact_year(self, sought: Human) -> str:
        rng = self.rng
        if rng.random() < 0.25:
            return ""
        year = rng.randint(max(sought.birth.year + 16, 1360), 1400)
        return str(year) if rng.random() < 0.7 else str(year + 621)

    def circumstances(self, agency: str, sought: Human) -> str:
        rng = self.rng
        year = rng.randint(max(sought.birth.year + 16, 1360), 1400)
        if agency == AGENCY_B.code and rng.random() < 0.5:
            return rng.choice(CIRCUMSTANCES_EN).format(year=year + 621)
        return rng.choice(CIRCUMSTANCES_FA).format(year=year)

    def case_work(self, agency: str) -> CasePlan:
        rng = self.rng
        if rng.random() >= 0.4:
            return CasePlan()
        if agency == AGENCY_A.code:
            assignee = rng.choice(("caseworker-a", "caseworker-a", "supervisor"))
            assigned_by = "supervisor"
        else:
            assignee, assigned_by = "caseworker-b", "admin"
        notes: tuple[str, ...] = ()
        if rng.random() < 0.2:
            notes = tuple(rng.sample(CASE_NOTES, rng.randint(1, 2)))
        return CasePlan(
            assigned_to=assignee,
            assigned_by=assigned_by,
            searching=rng.random() < 0.5,
            notes=notes,
        )


def _caseworker(agency: str) -> str:
    return "caseworker-a" if agency == AGENCY_A.code else "caseworker-b"


def _around(year: int, spread: int) -> tuple[int, int]:
    return _clip(year - spread, year + spread)


def _clip(low: int, high: int) -> tuple[int, int]:
    low, high = max(low, 1300), min(high, 1385)
    return (low, high) if low <= high else (high, high)
