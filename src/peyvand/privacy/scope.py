"""Which records an erasure of one person reaches, and which it only empties.

- *erased*: the person; their registration; every request where they are the seeker or the
  sought person as described, with its case (a request cannot stand without either party); and
  the sought person as described by an erased seeker, who exists only inside that request;
- *emptied*: requests whose match with the person's registration was confirmed. They are the
  family's, so they and their cases stay, but the family's description of this human (names,
  birth date, father, birthplace, last contact, circumstances, message) is part of what is
  erased: the sought-person row stays empty, the request loses those fields;
- *shared cases*: the cases of those requests (and of one awaiting its second review). The
  exchanges in them (messages, notes, visits, letters) involve the erased person and go; the
  case shell stays with the family. A case where the person was only proposed or rejected
  keeps its exchanges: they may be with the family's real match, who is not being erased.

Every candidate pair, question and answer of the person's registration goes in any case.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from peyvand.core.holdings import Reach
from peyvand.matching.models import CandidatePair, PairStatus
from peyvand.tracing.models import Case, Registration, TracingRequest

# A pair in these states makes the request's case the erased person's case too.
SHARED = (PairStatus.CONFIRMED, PairStatus.AWAITING_SECOND)


@dataclass
class Scope:
    """Ids by record kind: erased whole, or emptied and kept."""

    person_id: int
    erased: dict[Reach, set[int]] = field(default_factory=lambda: {k: set() for k in Reach})
    emptied: dict[Reach, set[int]] = field(default_factory=lambda: {k: set() for k in Reach})

    def reached(self, kind: Reach) -> set[int]:
        return self.erased[kind] | self.emptied[kind]


def scope_of_person(person_id: int) -> Scope:
    """What erasing ``person_id`` reaches (read only; the caller locks what it changes)."""
    scope = Scope(person_id)
    scope.erased[Reach.PERSON].add(person_id)
    registrations = set(
        Registration.objects.filter(person_id=person_id).values_list("pk", flat=True)
    )
    scope.erased[Reach.REGISTRATION] = registrations
    requests = list(
        TracingRequest.objects.filter(Q(seeker_id=person_id) | Q(sought_id=person_id)).values_list(
            "pk", "seeker_id", "sought_id"
        )
    )
    request_ids = {pk for pk, _, _ in requests}
    scope.erased[Reach.REQUEST] = request_ids
    scope.erased[Reach.PERSON] |= {sought for _, seeker, sought in requests if seeker == person_id}
    linked: set[int] = set()
    confirmed: set[int] = set()
    if registrations:
        for request_id, status in CandidatePair.objects.filter(
            registration_id__in=registrations, status__in=SHARED
        ).values_list("tracing_request_id", "status"):
            linked.add(request_id)
            if status == PairStatus.CONFIRMED:
                confirmed.add(request_id)
    cases = Case.objects.filter(tracing_request_id__in=request_ids | linked).values_list(
        "pk", "tracing_request_id"
    )
    for case_id, request_id in cases:
        kind = scope.erased if request_id in request_ids else scope.emptied
        kind[Reach.CASE].add(case_id)
    scope.emptied[Reach.REQUEST] = confirmed - request_ids
    if scope.emptied[Reach.REQUEST]:
        scope.emptied[Reach.PERSON] = (
            set(
                TracingRequest.objects.filter(pk__in=scope.emptied[Reach.REQUEST]).values_list(
                    "sought_id", flat=True
                )
            )
            - scope.erased[Reach.PERSON]
        )
    return scope
