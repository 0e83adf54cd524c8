"""How an app declares what it holds about a person or a case, for erasure and retention.

Every app whose models reach a person, a registration, a tracing request or a case lists them in
its own ``personal_data.py`` as ``HOLDINGS``: which lookups lead from a row to those four records,
what erasure does to the row and what a retention schedule does to it. The ``privacy`` app, the
top layer, collects the lists and walks them; the apps never import it, and nothing here imports
an app. A test (``tests/privacy/test_registry_coverage.py``) fails when a model with a path to one
of the four records is missing, or when a declaration does not match the model.

Declarations are data, not code, so that one walker applies one set of rules to every app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Reach(StrEnum):
    """The records erasure and retention are computed over."""

    PERSON = "person"
    REGISTRATION = "registration"
    REQUEST = "request"
    CASE = "case"


class Erasure(StrEnum):
    # One of the four records themselves: deleted when erased, or kept as an empty shell
    # (the ``emptied`` fields blanked) when another party's record still needs the row.
    SUBJECT = "subject"
    # Rows reaching anything erased or emptied are deleted.
    DELETE = "delete"
    # Rows reaching what is erased whole are deleted; an emptied record keeps them, because
    # they say nothing about the erased person.
    DELETE_IF_ERASED = "delete_if_erased"
    # Deleted by the database with the row named by ``parent`` (on_delete=CASCADE, checked).
    WITH_PARENT = "with_parent"


class Retention(StrEnum):
    # Deleted when the case it reaches is past its retention schedule.
    DELETE = "delete"
    # The ``cleared`` fields are emptied then; the row stays.
    CLEAR = "clear"
    # Kept after the schedule; ``why`` says why.
    KEEP = "keep"
    # Follows the row named by ``parent``.
    WITH_PARENT = "with_parent"


@dataclass(frozen=True, eq=False)
class Holding:
    """One model's personal data and what erasure and retention do to it."""

    model: str  # "app_label.ModelName"
    erasure: Erasure
    retention: Retention
    # Lookup (``"pk"``, ``"case"``, ``"named_requests"``) → which record it leads to.
    reaches: Mapping[str, Reach] = field(default_factory=dict)
    parent: str = ""  # WITH_PARENT: the foreign key whose row takes this one with it
    emptied: tuple[str, ...] = ()  # SUBJECT: fields blanked when the row stays as a shell
    cleared: tuple[str, ...] = ()  # Retention.CLEAR: fields blanked by the schedule
    why: str = ""  # Retention.KEEP: the reason the row outlives the schedule

    @property
    def label(self) -> str:
        return self.model.lower()
