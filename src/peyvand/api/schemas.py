"""Request and response bodies of the partner API.

Responses never carry contact details, national ids, free-text circumstances, messages or
places: a partner system gets names, neutral statuses and ids, the least it needs to follow its
own records. Contact details sent in are stored like the web forms' (and shared only by the
sought person's decision, through the caseworkers, never through this API).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, Field

from peyvand.people.models import Person
from peyvand.tracing.models import Registration, TracingRequest


def _no_control_characters(value: str) -> str:
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value) or "\x7f" in value:
        raise ValueError("control characters are not allowed")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise ValueError("unpaired surrogates are not allowed")
    return value


_Clean = AfterValidator(_no_control_characters)
Text60 = Annotated[str, Field(max_length=60), _Clean]
Text120 = Annotated[str, Field(max_length=120), _Clean]
Text200 = Annotated[str, Field(max_length=200), _Clean]
Text300 = Annotated[str, Field(max_length=300), _Clean]
Text4000 = Annotated[str, Field(max_length=4000), _Clean]
# A name holds at least one letter of some script (not only digits, signs or emoji); the pattern
# is in the OpenAPI document so partners see the rule the service applies.
FullName = Annotated[str, Field(min_length=1, max_length=250, pattern=r"[^\W\d_]"), _Clean]


Relationship = Literal[
    "parent",
    "child",
    "sibling",
    "spouse",
    "grandparent",
    "grandchild",
    "uncle_aunt",
    "nephew_niece",
    "cousin",
    "other",
]
NameKind = Literal["birth", "alias", "organisational", "married"]
ContactKind = Literal["phone", "email", "address", "other"]
ConsentMethod = Literal["self", "in_person", "written"]
Sex = Literal["", "f", "m"]


class NameIn(Schema):
    full: FullName
    given: Text120 = ""
    family: Text120 = ""
    kind: NameKind = "birth"


class ContactIn(Schema):
    kind: ContactKind
    value: Text300


class PersonIn(Schema):
    names: list[NameIn] = Field(min_length=1, max_length=10)
    sex: Sex = ""
    birth_date_text: Text60 = ""
    birthplace: Text200 = ""
    father_given_name: Text120 = ""
    mother_given_name: Text120 = ""
    contacts: list[ContactIn] = Field(default_factory=list, max_length=10)


class TracingRequestIn(Schema):
    seeker: PersonIn
    sought: PersonIn
    relationship: Relationship
    last_contact_text: Text60 = ""
    last_contact_place: Text200 = ""
    circumstances: Text4000 = ""
    message_for_sought: Text4000 = ""


class RegistrationIn(Schema):
    person: PersonIn
    consent_method: ConsentMethod
    may_be_traced: bool = True


class NameOut(Schema):
    full: str
    script: str
    kind: str


class PersonOut(Schema):
    names: list[NameOut]
    sex: str
    birth_date_text: str

    @staticmethod
    def of(person: Person) -> PersonOut:
        return PersonOut(
            names=[NameOut(full=n.full, script=n.script, kind=n.kind) for n in person.names.all()],
            sex=person.sex,
            birth_date_text=person.birth_date_text,
        )


class TracingRequestOut(Schema):
    id: int
    reference_code: str
    status: Literal["received", "in_progress", "closed"]
    relationship: str
    withdrawn: bool
    created_at: datetime
    seeker: PersonOut
    sought: PersonOut

    @staticmethod
    def of(row: TracingRequest) -> TracingRequestOut:
        return TracingRequestOut(
            id=row.pk,
            reference_code=row.reference_code,
            status=row.status,  # type: ignore[arg-type]
            relationship=row.relationship,
            withdrawn=row.withdrawn_at is not None,
            created_at=row.created_at,
            seeker=PersonOut.of(row.seeker),
            sought=PersonOut.of(row.sought),
        )


class RegistrationOut(Schema):
    id: int
    consent_method: str
    may_be_traced: bool
    findable_by: str
    created_at: datetime
    person: PersonOut

    @staticmethod
    def of(row: Registration) -> RegistrationOut:
        return RegistrationOut(
            id=row.pk,
            consent_method=row.consent_method,
            may_be_traced=row.may_be_traced,
            findable_by=row.findable_by,
            created_at=row.created_at,
            person=PersonOut.of(row.person),
        )


class MatchOut(Schema):
    id: int
    tracing_request_id: int
    reference_code: str
    # Only when the registration belongs to the token's agency too; null otherwise.
    registration_id: int | None
    status: Literal["proposed", "awaiting_second", "confirmed", "rejected"]
    match_probability: float
    created_at: datetime


class Page(Schema):
    count: int
    limit: int
    offset: int


class TracingRequestPage(Page):
    items: list[TracingRequestOut]


class RegistrationPage(Page):
    items: list[RegistrationOut]


class MatchPage(Page):
    items: list[MatchOut]


class Error(Schema):
    detail: Any
