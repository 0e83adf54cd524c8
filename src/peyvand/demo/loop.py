"""After the demo is loaded: link it once, then carry a few cases through the tracing loop so a
first visit shows every stage — candidates to review, a question waiting for the sought person,
messages relayed, contact details shared, a refusal that reads as "closed"."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.conf import settings

from peyvand.accounts.models import AGENCY_ROLES, User
from peyvand.actions.decisions import ask_sought_person, record_decision
from peyvand.consent.models import Channel, Choice
from peyvand.demo.loader import LoadedDemo
from peyvand.demo.plan import DemoPlan
from peyvand.matching.models import CandidatePair
from peyvand.matching.relink import link_open_requests
from peyvand.matching.services import confirm_match
from peyvand.messaging.models import Direction
from peyvand.messaging.services import write_message
from peyvand.people.models import ContactKind
from peyvand.people.services import ContactInput, add_contact_detail
from peyvand.tracing.models import CaseOutcome, CaseState, TracingRequest
from peyvand.tracing.services import change_case_state, set_passphrase_at_set_up

SHOWCASES = ("question_in_app", "messages_only", "share_contact", "declined")


@dataclass(frozen=True)
class TrackLogin:
    """A seeker's track-page login printed with the demo logins."""

    stage: str
    reference_code: str
    passphrase: str


def demo_passphrase(seed: int, stage: str) -> str:
    """Deterministic per seed and stage, so a re-run prints the same passphrases."""
    rng = random.Random(f"{seed}:{stage}")
    digits = "".join(str(rng.randrange(10)) for _ in range(12))
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"


def link_everything(loaded: LoadedDemo) -> None:
    """Score every request against the registry once, after the whole load: the batch re-link
    (Splink over the candidate index, then each request scored as the online path scores it),
    a chunk of requests per transaction with its audit events chained together."""
    link_open_requests()


def _staff_of(loaded: LoadedDemo, tracing_request: TracingRequest) -> User:
    return next(
        user
        for user in loaded.users.values()
        if user.role in AGENCY_ROLES and user.agency_id == tracing_request.agency_id
    )


def _true_pairs(plan: DemoPlan, loaded: LoadedDemo) -> list[CandidatePair]:
    """Proposed pairs that join a request to its planned counterpart, in plan order: the one
    whose registration the registrant login owns, if proposed, then the first three others.
    Every pair is read in one query, not one per request."""
    # Below this a second reviewer would have to confirm: the showcase keeps to clear pairs.
    clear = CandidatePair.objects.filter(
        match_probability__gte=settings.PEYVAND_SECOND_REVIEW_BELOW
    ).values_list("tracing_request_id", "registration_id", "pk")
    found = {(request_id, registration_id): pk for request_id, registration_id, pk in clear}
    owned = {
        loaded.registrations[position]
        for position, registration in enumerate(plan.registrations)
        if registration.owner
    }
    in_app: list[int] = []
    others: list[int] = []
    for request_plan, request_id in zip(plan.requests, loaded.requests, strict=True):
        if request_plan.counterpart is None:
            continue
        registration_id = loaded.registrations[request_plan.counterpart]
        pk = found.get((request_id, registration_id))
        if pk is not None:
            (in_app if registration_id in owned else others).append(pk)
    chosen = in_app[:1] + others[:3]
    pairs = CandidatePair.objects.select_related("registration", "tracing_request").in_bulk(chosen)
    return [pairs[pk] for pk in chosen]


def stage_showcases(plan: DemoPlan, loaded: LoadedDemo) -> list[TrackLogin]:
    """Walk a few true pairs through the loop; return the track-page logins to print."""
    registrant = loaded.users["registrant"]
    pairs = _true_pairs(plan, loaded)
    in_app = [p for p in pairs if p.registration.user_id == registrant.pk]
    others = [p for p in pairs if p.registration.user_id is None][:3]
    logins = []
    if in_app:
        pair = in_app[0]
        actor = _staff_of(loaded, pair.tracing_request)
        confirm_match(actor, pair, "Same father's name and birth year; names agree across scripts.")
        ask_sought_person(actor, pair, Channel.APP)
        logins.append(_track_login(plan.seed, "question_in_app", pair.tracing_request))
    for stage, pair in zip(("messages_only", "share_contact", "declined"), others, strict=False):
        actor = _staff_of(loaded, pair.tracing_request)
        confirm_match(actor, pair, "Same father's name and birth year; names agree across scripts.")
        asked = ask_sought_person(actor, pair, Channel.IN_PERSON)
        if stage == "share_contact":
            add_contact_detail(
                actor,
                pair.registration.person,
                ContactInput(kind=ContactKind.PHONE, value="+355 69 000 0000"),
            )
            record_decision(
                actor,
                asked,
                Choice.SHARE_CONTACT,
                channel=Channel.IN_PERSON,
                shared_kinds=[ContactKind.PHONE],
            )
        elif stage == "messages_only":
            record_decision(actor, asked, Choice.MESSAGES_ONLY, channel=Channel.IN_PERSON)
            case = pair.tracing_request.case
            write_message(actor, case, Direction.TO_SOUGHT, "سلام، همه خوبیم و منتظر خبر تو هستیم.")
            write_message(actor, case, Direction.TO_SEEKER, "I am well. I think of you every day.")
            write_message(actor, case, Direction.TO_SEEKER, "You can call me on 0692 000 000.")
        else:
            record_decision(actor, asked, Choice.DECLINE, channel=Channel.IN_PERSON)
            # The case stays in the search after a refusal; the demo then ends the search as a
            # caseworker would at the periodic review of searches that found nobody.
            change_case_state(
                actor,
                pair.tracing_request.case,
                CaseState.CLOSED,
                "Search ended at the periodic review",
                outcome=CaseOutcome.DECLINED,
            )
        logins.append(_track_login(plan.seed, stage, pair.tracing_request))
    return logins


def _track_login(seed: int, stage: str, tracing_request: TracingRequest) -> TrackLogin:
    passphrase = demo_passphrase(seed, stage)
    set_passphrase_at_set_up(tracing_request, passphrase)
    return TrackLogin(stage, tracing_request.reference_code, passphrase)
