"""A small registry and requests about it with a known truth, for learning from decisions.

Registered persons are written in Latin script; requests about them in Persian, some about
persons nobody registered; namesakes (same names, other years or places) give the engine wrong
candidates to propose. ``decide`` then confirms and rejects pairs through the caseworkers'
services, following the truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from peyvand.accounts.models import Agency, User
from peyvand.linkage import LinkageModel, model_document
from peyvand.matching.model_store import shipped_model, shipped_version
from peyvand.matching.models import CandidatePair, ModelVersion, PairStatus
from peyvand.matching.services import confirm_match, reject_match
from peyvand.people.services import NameInput, PersonInput, clean_person
from peyvand.tracing.services import register_persons, submit_tracing_request

GIVEN = [("محمد", "Mohammad"), ("علی", "Ali"), ("حسین", "Hossein"), ("رضا", "Reza")]
FAMILY = [("رضایی", "Rezaei"), ("احمدی", "Ahmadi"), ("کریمی", "Karimi"), ("حسینی", "Hosseini")]
PLACES = [("تهران", "Tehran"), ("قزوین", "Qazvin"), ("مشهد", "Mashhad")]
FATHERS = [("حسن", "Hassan"), ("جواد", "Javad"), ("مهدی", "Mahdi")]


@dataclass(frozen=True)
class Someone:
    given: int
    family: int
    year: int
    place: int
    father: int

    def written(self, script: int) -> PersonInput:
        """The person in Persian (0) or Latin (1) script."""
        return PersonInput(
            names=[NameInput(full=f"{GIVEN[self.given][script]} {FAMILY[self.family][script]}")],
            sex="m",
            birth_date_text=str(self.year),
            birthplace=PLACES[self.place][script],
            father_given_name=FATHERS[self.father][script],
        )


def someone(rng: random.Random) -> Someone:
    return Someone(
        rng.randrange(len(GIVEN)),
        rng.randrange(len(FAMILY)),
        rng.randrange(1955, 1965),
        rng.randrange(len(PLACES)),
        rng.randrange(len(FATHERS)),
    )


def build(agency: Agency, registered: int, requests: int, seed: int) -> dict[int, int]:
    """Register ``registered`` persons and file ``requests`` requests (three in four about a
    registered person); returns request id → the registration id it truly seeks."""
    rng = random.Random(seed)
    persons = [someone(rng) for _ in range(registered)]
    ids = register_persons(
        None, agency, [(clean_person(p.written(1)), "in_person") for p in persons]
    )
    truth = {}
    for _ in range(requests):
        known = rng.random() < 0.75
        index = rng.randrange(registered)
        sought = persons[index] if known else someone(rng)
        request = submit_tracing_request(
            None,
            agency,
            seeker=PersonInput(names=[NameInput(full="فاطمه کریمی")], sex="f"),
            sought=sought.written(0),
            relationship="child",
        )
        if known:
            truth[request.pk] = ids[index]
    return truth


def decide(caseworker: User, truth: dict[int, int], limit: int | None = None) -> int:
    """Confirm the true pair and reject the others of each request, best first, as caseworkers
    would (at most ``limit`` decisions); returns how many were made."""
    made = 0
    pairs = CandidatePair.objects.filter(status=PairStatus.PROPOSED).order_by(
        "tracing_request_id", "-match_probability", "pk"
    )
    for pair in pairs.select_related("tracing_request"):
        if limit is not None and made >= limit:
            break
        if truth.get(pair.tracing_request_id) == pair.registration_id:
            confirm_match(caseworker, pair, "same person")
        else:
            reject_match(caseworker, pair, "not the person sought")
        made += 1
    return made


def miscalibrated() -> LinkageModel:
    """The shipped model, 8 bits too confident."""
    model = LinkageModel(**{**shipped_model().__dict__})
    model.comparisons = list(model.comparisons)
    model.calibration_bits = round(shipped_model().calibration_bits + 8.0, 3)
    return model


def stored_version(model: LinkageModel, name: str) -> ModelVersion:
    """``model`` as a proposed version (as a fit would store it)."""
    document = model_document(model)
    return ModelVersion.objects.create(
        version=name, document=document, sha256=document["sha256"], based_on=shipped_version()
    )
