"""Model versions learned from caseworkers' decisions: fitted, listed, activated by a supervisor.

Confirmed and rejected candidate pairs are the labels; pairs of the same requests still waiting
for review share their requests' probabilities, unlabelled. Each pair is read as the model that
scored it saw it (its stored version, explanation levels and weight), so nothing of the persons
is read again. A fitted version is stored as *proposed* with its figures on the labels held back
from the fit (``peyvand.linkage.internals.learning``); the engine uses it only after a
supervisor has activated it, and the version it replaces is retired. Every step is audited.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from peyvand.accounts.models import Role, User
from peyvand.accounts.roles import is_active_user
from peyvand.audit.services import record_event
from peyvand.core.access import NotFound
from peyvand.linkage import (
    LabelledPair,
    LinkageModel,
    labelled_pair,
    learn_from_labels,
    model_document,
)
from peyvand.matching.model_store import active_model, index_version, model_for_version
from peyvand.matching.models import CandidatePair, ModelStatus, ModelVersion, PairStatus

READ_CHUNK = 2000
LABELS = {PairStatus.CONFIRMED: True, PairStatus.REJECTED: False}


def model_versions() -> QuerySet[ModelVersion]:
    """Every stored version, newest first, with who fitted and activated it."""
    return ModelVersion.objects.select_related("created_by", "activated_by")


def decided_pair_counts() -> dict[str, int]:
    """How many confirmed and rejected pairs there are to learn from."""
    pairs = CandidatePair.objects.all()
    return {
        "confirmed": pairs.filter(status=PairStatus.CONFIRMED).count(),
        "rejected": pairs.filter(status=PairStatus.REJECTED).count(),
    }


def _layout(model: LinkageModel) -> list[tuple[str, list[str]]]:
    return [(c.name, [lv.label for lv in c.levels]) for c in model.comparisons]


def _pair_rows() -> Iterator[tuple[int, str, float, list[dict[str, Any]], str]]:
    """Every pair of a request with at least one decided pair (one query a chunk)."""
    decided = CandidatePair.objects.filter(status__in=list(LABELS)).values("tracing_request_id")
    rows = (
        CandidatePair.objects.filter(tracing_request_id__in=decided)
        .order_by("tracing_request_id", "pk")
        .values_list("tracing_request_id", "model_version", "match_weight", "explanation", "status")
    )
    yield from rows.iterator(chunk_size=READ_CHUNK)


def collect_labels(model: LinkageModel) -> tuple[list[LabelledPair], int]:
    """The labelled pairs ``model`` can be fitted on, and how many decided pairs were left out
    (scored by a model no longer known, or with other comparisons)."""
    layout = _layout(model)
    pairs, skipped = [], 0
    for request_id, version, weight, explanation, status in _pair_rows():
        scored_by = model_for_version(version)
        pair = None
        if scored_by is not None and _layout(scored_by) == layout:
            evidence = [(e.get("field", ""), e.get("level", "")) for e in explanation]
            label = LABELS.get(PairStatus(status))
            pair = labelled_pair(scored_by, str(request_id), weight, evidence, label)
        if pair is not None:
            pairs.append(pair)
        elif status in LABELS:
            skipped += 1
    return pairs, skipped


def require_model_right(user: User) -> None:
    """The model versions page is for supervisors: anyone else gets a 404, audited."""
    if not is_active_user(user) or user.role != Role.SUPERVISOR:
        record_event(user, "access.refused", ("staff.page", "model_versions"), details={})
        raise NotFound()


def access_model_version(user: User, version_id: int) -> ModelVersion:
    """A stored version, for a supervisor; NotFound alike for missing and forbidden."""
    require_model_right(user)
    row = model_versions().filter(pk=version_id).first()
    if row is None:
        raise NotFound()
    return row


def _require_supervisor(actor: User | None) -> None:
    if actor is None or not is_active_user(actor) or actor.role != Role.SUPERVISOR:
        raise ValidationError(_("Only a supervisor can fit or activate a model version."))


def fit_model_version(actor: User | None) -> ModelVersion:
    """Fit a new version on the decisions so far, from the model in use; store it as proposed.

    ``actor`` None: run by whoever operates the server (``peyvand model fit``). A fit identical
    to a stored version returns that version.
    """
    if actor is not None:
        _require_supervisor(actor)
    base_version, base = active_model()
    labels, skipped = collect_labels(base)
    if not any(p.is_match is not None for p in labels):
        raise ValidationError(_("There are no confirmed or rejected pairs to learn from yet."))
    learned = learn_from_labels(base, labels)
    document = model_document(learned.model)
    version = f"learned-{document['sha256'][:12]}"
    report = {**learned.report(), "skipped": skipped}
    with transaction.atomic():
        row, created = ModelVersion.objects.get_or_create(
            version=version,
            defaults={
                "document": document,
                "sha256": document["sha256"],
                "based_on": base_version,
                "report": report,
                "created_by": actor,
            },
        )
        details = {"version": version, "based_on": base_version, **learned.counts}
        record_event(actor, "model.fitted", row, details={**details, "new": created})
    return row


def activate_model_version(actor: User, row: ModelVersion) -> ModelVersion:
    """A supervisor's decision: the engine scores with ``row`` from now on; the version it
    replaces is retired. Candidates already stored keep the version that scored them, and no
    decision is touched (a re-link re-scores only pairs waiting for review)."""
    _require_supervisor(actor)
    with transaction.atomic():
        row = ModelVersion.objects.select_for_update().get(pk=row.pk)
        if row.status == ModelStatus.ACTIVE:
            raise ValidationError(_("This version is already in use."))
        previous_version, previous = active_model()
        model = model_for_version(row.version)
        if model is None or index_version(model) != index_version(previous):
            raise ValidationError(
                _("This version compares other fields than the model in use; it cannot replace it.")
            )
        ModelVersion.objects.filter(status=ModelStatus.ACTIVE).update(status=ModelStatus.RETIRED)
        row.status = ModelStatus.ACTIVE
        row.activated_by = actor
        row.activated_at = timezone.now()
        row.save(update_fields=["status", "activated_by", "activated_at"])
        record_event(
            actor,
            "model.activated",
            row,
            details={"version": row.version, "previous": previous_version},
        )
    return row


def find_version(version: str) -> ModelVersion:
    """A stored version by its name; ValidationError when there is none."""
    row = ModelVersion.objects.filter(version=version).first()
    if row is None:
        raise ValidationError(_("There is no model version %(version)s.") % {"version": version})
    return row
