"""Does every model that reaches a person or a case say what erasure and retention do with it?

Used by a system check (``peyvand check`` names the gap at start-up) and by the test suite. A
model *reaches* a person or a case when a chain of foreign keys or many-to-many fields leads
from it to a person, registration, tracing request or case.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import models

from peyvand.core.holdings import Erasure, Holding, Reach, Retention


def _relations(model: type[models.Model]) -> list[models.Field]:
    """Forward foreign keys, one-to-ones and many-to-manys declared on ``model``."""
    fields = [f for f in model._meta.concrete_fields if f.is_relation]
    return [*fields, *(f for f in model._meta.many_to_many if isinstance(f, models.Field))]


def reaching_models(subjects: Iterable[type[models.Model]]) -> dict[str, str]:
    """Label of every installed model with a path to a subject → the first field of that path."""
    reached = {model: "" for model in subjects}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in reached:
                continue
            for field in _relations(model):
                if field.related_model in reached:
                    reached[model] = field.name
                    grew = True
                    break
    return {model._meta.label: via for model, via in reached.items()}


def problems(declared: Iterable[Holding]) -> list[str]:
    """Everything wrong with ``declared``; empty when erasure and retention cover every model."""
    declared = list(declared)
    found: list[str] = []
    counts = Counter(h.model for h in declared)
    found += [f"{label} is declared {n} times" for label, n in counts.items() if n > 1]
    by_label: dict[str, Holding] = {}
    for holding in declared:
        try:
            apps.get_model(holding.model)
        except (LookupError, ValueError):
            found.append(f"{holding.model} is declared but is no installed model")
            continue
        by_label[holding.model] = holding
    subjects = [h for h in by_label.values() if h.erasure == Erasure.SUBJECT]
    kinds = Counter(h.reaches.get("pk") for h in subjects)
    found += [
        f"no model is declared the subject for {kind.value}" for kind in Reach if not kinds[kind]
    ]
    reaching = reaching_models(apps.get_model(h.model) for h in subjects)
    for label, via in sorted(reaching.items()):
        if label not in by_label:
            found.append(
                f"{label} reaches a person or case through '{via}' but no app's personal_data.py "
                "says what erasure and retention do with it"
            )
    for holding in by_label.values():
        found += [f"{holding.model}: {p}" for p in _check(holding, by_label, reaching)]
    return found


def _check(holding: Holding, declared: dict[str, Holding], reaching: dict[str, str]) -> list[str]:
    model = apps.get_model(holding.model)
    found = [
        f"lookup '{lookup}' does not resolve"
        for lookup in holding.reaches
        if not _resolves(model, lookup)
    ]
    if holding.erasure == Erasure.SUBJECT:
        if set(holding.reaches) != {"pk"}:
            found.append("a subject reaches exactly itself: reaches={'pk': kind}")
        found += _missing_fields(model, holding.emptied)
    elif holding.erasure in (Erasure.DELETE, Erasure.DELETE_IF_ERASED) and not holding.reaches:
        found.append("erasure deletes it, but it reaches nothing")
    if Erasure.WITH_PARENT in (holding.erasure, holding.retention):
        found += _check_parent(model, holding.parent, declared)
    if holding.retention in (Retention.DELETE, Retention.CLEAR) and not holding.reaches:
        found.append("retention acts on it, but it reaches nothing")
    if holding.retention == Retention.CLEAR:
        found += _missing_fields(model, holding.cleared) or (
            [] if holding.cleared else ["retention clears it, but names no field"]
        )
    if holding.retention == Retention.KEEP and not holding.why.strip():
        found.append("retention keeps it: say why")
    if holding.erasure != Erasure.SUBJECT:
        found += _protecting_fields(model, holding, reaching)
    return found


def _resolves(model: type[models.Model], lookup: str) -> bool:
    try:
        str(model._default_manager.filter(**{f"{lookup}__in": [0]}).query)
    except (FieldError, FieldDoesNotExist):
        return False
    return True


def _missing_fields(model: type[models.Model], names: Iterable[str]) -> list[str]:
    missing = []
    for name in names:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            missing.append(f"no field '{name}'")
    return missing


def _check_parent(
    model: type[models.Model], parent: str, declared: dict[str, Holding]
) -> list[str]:
    try:
        field = model._meta.get_field(parent)
    except FieldDoesNotExist:
        return [f"parent '{parent}' is no field"]
    if (
        not isinstance(field, models.ForeignKey)
        or field.remote_field.on_delete is not models.CASCADE
    ):
        return [f"parent '{parent}' does not delete this row with it (on_delete=CASCADE)"]
    related = field.related_model
    assert isinstance(related, type)
    if related._meta.label not in declared:
        return [f"parent {related._meta.label} is not declared"]
    return []


def _protecting_fields(
    model: type[models.Model], holding: Holding, reaching: dict[str, str]
) -> list[str]:
    """A link to a person or case that erasure neither follows nor cascades along would keep
    the row (or block the deletion); a many-to-many link would only be cut."""
    followed = {lookup.split("__")[0] for lookup in holding.reaches} | {holding.parent}
    found = []
    for field in _relations(model):
        related = field.related_model
        if not isinstance(related, type) or related._meta.label not in reaching:
            continue
        cascades = isinstance(field, models.ForeignKey) and (
            field.remote_field.on_delete is models.CASCADE
        )
        if field.name not in followed and not cascades:
            found.append(f"'{field.name}' leads to {related._meta.label} but erasure ignores it")
    return found
