"""What the sought person's consent lets a letter say about them.

The rule, in the words of the consent app: the sought person's **decision in force** about this
request decides. Without a decision to have contact (messages only, or sharing details) a letter
says nothing the seeker did not already tell us: no registered name, no country, no visit. With
"messages only" the letter may name the person and the visit, with the meeting place their
caseworker set for it, but no address, phone or e-mail. Each contact detail appears only when the
decision shares that kind; the address also only when the person producing the letter may see it
(``consent.access.may_see_address``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peyvand.accounts.models import User
from peyvand.consent.access import may_see_address
from peyvand.consent.models import CONTACT_CHOICES, Choice, Decision
from peyvand.consent.services import decision_in_force
from peyvand.people.models import ContactKind
from peyvand.tracing.models import Registration, TracingRequest


@dataclass(frozen=True)
class Disclosure:
    """The decision in force that allows contact (if any) and the contact details it shares."""

    decision: Decision | None = None
    contacts: dict[str, str] = field(default_factory=dict)

    @property
    def contact_agreed(self) -> bool:
        return self.decision is not None

    @property
    def registration(self) -> Registration | None:
        return self.decision.registration if self.decision is not None else None


def contact_decision(tracing_request: TracingRequest) -> Decision | None:
    """The latest decision in force, of any registration linked to the request, allowing contact."""
    allowing = []
    seen: set[int] = set()
    for decision in tracing_request.decisions.select_related("registration__person"):
        if decision.registration_id in seen:
            continue
        seen.add(decision.registration_id)
        in_force = decision_in_force(decision.registration, tracing_request)
        if in_force is not None and in_force.choice in CONTACT_CHOICES:
            allowing.append(in_force)
    allowing.sort(key=lambda d: (d.decided_at, d.pk))
    return allowing[-1] if allowing else None


def disclosure_for(actor: User | None, tracing_request: TracingRequest) -> Disclosure:
    """What a letter produced by ``actor`` (None: the command line) may say about the sought
    person of ``tracing_request``."""
    decision = contact_decision(tracing_request)
    if decision is None:
        return Disclosure()
    shared = set(decision.shared_kinds) if decision.choice == Choice.SHARE_CONTACT else set()
    if actor is not None and not may_see_address(actor, decision.registration):
        shared.discard(ContactKind.ADDRESS)
    contacts: dict[str, str] = {}
    for contact in decision.registration.person.contacts.all():
        if contact.kind in shared and contact.kind not in contacts:
            contacts[contact.kind] = contact.value
    return Disclosure(decision=decision, contacts=contacts)


def address_readers(tracing_request: TracingRequest) -> list[Registration]:
    """The registrations whose address a letter of this request may hold."""
    ids = set(tracing_request.decisions.values_list("registration_id", flat=True))
    return list(Registration.objects.filter(pk__in=ids))
