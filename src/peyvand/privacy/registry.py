"""The apps' declarations of what they hold about a person or a case, collected in one place.

Each installed app may have a ``personal_data`` module with ``HOLDINGS`` (the types are in
:mod:`peyvand.core.holdings`); this module finds them the way the admin finds ``admin.py``,
so the apps never import the privacy app.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import models
from django.db.models import Q

from peyvand.core.holdings import Erasure, Holding, Reach

# Deleted last to first along the foreign keys that protect them.
SUBJECT_ORDER = (Reach.CASE, Reach.REQUEST, Reach.REGISTRATION, Reach.PERSON)


@cache
def holdings() -> tuple[Holding, ...]:
    """Every app's declarations, in INSTALLED_APPS order."""
    found: list[Holding] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.personal_data"
        if _has_module(name):
            found.extend(import_module(name).HOLDINGS)
    return tuple(found)


def _has_module(name: str) -> bool:
    try:
        return find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def model_of(holding: Holding) -> type[models.Model]:
    return apps.get_model(holding.model)


def subject_kind(holding: Holding) -> Reach:
    return holding.reaches["pk"]


def subjects() -> dict[Reach, Holding]:
    """The holding of each of the four records erasure is computed over."""
    return {subject_kind(h): h for h in holdings() if h.erasure == Erasure.SUBJECT}


def subject_label(kind: Reach) -> str:
    return subjects()[kind].label


def rows_reaching(
    holding: Holding, ids: Mapping[Reach, Collection[int]]
) -> models.QuerySet[models.Model] | None:
    """The holding's rows that reach any of ``ids``; None when none can."""
    query = Q()
    for lookup, kind in holding.reaches.items():
        if ids.get(kind):
            query |= Q(**{f"{lookup}__in": sorted(ids[kind])})
    if not query:
        return None
    model = model_of(holding)
    # Through a many-to-many lookup a row may come twice: select primary keys once.
    return model._default_manager.filter(pk__in=model._default_manager.filter(query).values("pk"))


def blank_value(model: type[models.Model], name: str) -> object:
    """What a field holds when it holds nothing: its default, None or the empty string."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    if field.has_default():
        return field.get_default()
    return None if field.null else ""
