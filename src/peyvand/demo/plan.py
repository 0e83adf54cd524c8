"""The demo data as plain values: built by the generator, written by the loader.

Everything is a frozen dataclass of strings, tuples and booleans, so two plans built from the same
seed compare equal and a plan can be inspected in a test without a database.
"""

from __future__ import annotations

from dataclasses import dataclass

from peyvand.people.services import NameInput, PersonInput


@dataclass(frozen=True)
class NamePlan:
    """One written form of a name."""

    full: str
    given: str
    family: str
    script: str
    kind: str

    def to_input(self) -> NameInput:
        return NameInput(
            full=self.full,
            given=self.given,
            family=self.family,
            kind=self.kind,
            script=self.script,
            source="demo",
        )


@dataclass(frozen=True)
class PersonPlan:
    """A person as one source (a seeker's form, a registration) describes them."""

    names: tuple[NamePlan, ...]
    sex: str
    birth_date_text: str
    birthplace: str
    father_given_name: str
    mother_given_name: str

    def to_input(self) -> PersonInput:
        return PersonInput(
            names=[name.to_input() for name in self.names],
            sex=self.sex,
            birth_date_text=self.birth_date_text,
            birthplace=self.birthplace,
            father_given_name=self.father_given_name,
            mother_given_name=self.mother_given_name,
        )


@dataclass(frozen=True)
class AgencyPlan:
    code: str
    name: str
    country: str


@dataclass(frozen=True)
class StaffPlan:
    """A demo login; ``agency`` is an agency code or empty."""

    username: str
    role: str
    password: str
    agency: str


@dataclass(frozen=True)
class RegistrationPlan:
    """A separated person's registration; ``entered_by`` and ``owner`` are usernames."""

    agency: str
    person: PersonPlan
    consent_method: str
    may_be_traced: bool
    entered_by: str
    owner: str = ""


@dataclass(frozen=True)
class CasePlan:
    """Work on the request's case: who it is assigned to, its notes, whether a search started."""

    assigned_to: str = ""
    assigned_by: str = ""
    searching: bool = False
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestPlan:
    """A tracing request; ``counterpart`` indexes the registration of the same human, if any."""

    agency: str
    seeker: PersonPlan
    sought: PersonPlan
    relationship: str
    last_contact_text: str
    last_contact_place: str
    circumstances: str
    entered_by: str
    seeker_user: str
    counterpart: int | None
    case: CasePlan


@dataclass(frozen=True)
class DemoPlan:
    """Everything one ``peyvand demo --seed N --persons M`` run writes."""

    seed: int
    persons: int
    names_source: str
    agencies: tuple[AgencyPlan, ...]
    staff: tuple[StaffPlan, ...]
    registrations: tuple[RegistrationPlan, ...]
    requests: tuple[RequestPlan, ...]

    @property
    def person_count(self) -> int:
        return 2 * len(self.requests) + len(self.registrations)
