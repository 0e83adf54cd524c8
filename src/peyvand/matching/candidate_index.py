"""The live candidate index: every record's blocking keys as rows in the database.

A registration (or a request's sought person) is indexed in the transaction that writes it:
its comparison values, encrypted, in one row; one row per blocking rule it has values for,
holding a keyed hash of those values; and counters — how many records share each blocking key
(a block's size), each name value (its term frequency) and each side (the population). Every
process reads the same tables, so nothing is rebuilt in memory and a process's memory does not
grow with the registry.

A query computes its own keys, reads the counters for them, skips blocks too common to say
anything (largest first, until the candidates fit ``PEYVAND_CANDIDATE_BUDGET``), reads the
blocks' record ids and the eligible candidates' values, and scores them with the same model,
levels and term-frequency adjustments as the batch path (``peyvand.linkage.internals.scoring``).

Bulk writers (imports, the demo) index a whole chunk in a few statements with
:meth:`Side.index`. Erasure and retention delete the rows through the privacy registry;
:meth:`Side.forget` also takes the record out of the counters.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction

from peyvand.core.bulk import write_rows
from peyvand.linkage import (
    MIN_POPULATION,
    LinkageModel,
    comparison_key_columns,
    comparison_keys,
    people_columns,
)
from peyvand.matching.models import (
    IndexCount,
    IndexedRegistration,
    IndexedRequest,
    RegistrationKey,
    RequestKey,
)

CHUNK = 400
"""Rows per statement: well under SQLite's limit on bound parameters."""

POPULATION = "population"
TF = "tf"
TF_TOTAL = "tf-total"
BLOCK = "block"


@cache
def _secret() -> bytes:
    # Keys are hashed with a secret so that a copy of the index alone cannot be searched for a
    # name by hashing it. Changing SECRET_KEY means running `peyvand reindex`.
    material = f"peyvand candidate index|{settings.SECRET_KEY}".encode()
    return hashlib.sha256(material).digest()


def digest(*parts: object) -> int:
    """A signed 64-bit keyed hash of ``parts`` (a side, a kind, a rule number, values).

    Parts are strings, numbers and tuples of them, whose ``repr`` is stable across processes.
    """
    raw = hashlib.blake2b(repr(parts).encode("utf-8"), key=_secret(), digest_size=8).digest()
    return int.from_bytes(raw, "big", signed=True)


COMPARISON_KEYS = "~keys"
"""Stored with a record's values: one number per comparison standing for the values that
comparison reads (see ``scoring.QueryScorer``), worked out once, when the record is written."""


def comparison_digests(model: LinkageModel, values: Mapping[str, Any]) -> list[int]:
    """Per comparison, a stable number for the record's value tuple: equal tuples, equal numbers
    (a 64-bit hash; a collision among one query's candidates is vanishingly unlikely)."""
    columns = _key_columns(model)
    return [
        int.from_bytes(hashlib.blake2b(repr(key).encode(), digest_size=8).digest(), "big")
        for key in comparison_keys(columns, values)
    ]


_PER_MODEL: dict[tuple[str, int], tuple[LinkageModel, Any]] = {}


def per_model(name: str, model: LinkageModel, work_out: Callable[[LinkageModel], Any]) -> Any:
    """``work_out(model)``, computed once per model object (models are not hashable)."""
    known = _PER_MODEL.get((name, id(model)))
    if known is None or known[0] is not model:
        known = _PER_MODEL[(name, id(model))] = (model, work_out(model))
    return known[1]


def _key_columns(model: LinkageModel) -> list[tuple[str, ...]]:
    columns: list[tuple[str, ...]] = per_model("key columns", model, comparison_key_columns)
    return columns


@cache
def fixed_key(*parts: str) -> int:
    """The keyed hash of a counter that does not depend on a record (a population, a total)."""
    return digest(*parts)


def stored_columns(model: LinkageModel) -> list[str]:
    """What an indexed row keeps of a record: the columns the scorer reads, and those the
    batch re-link blocks on, so that a re-link reads the index rather than every person."""
    columns = [c for cols in comparison_key_columns(model) for c in cols]
    return list(dict.fromkeys([*people_columns(model), *columns]))


def tf_columns(model: LinkageModel) -> list[str]:
    """Columns whose values' frequencies adjust a level's weight (worked out once per model)."""

    def work_out(model: LinkageModel) -> list[str]:
        return sorted({lv.tf_column for c in model.comparisons for lv in c.levels if lv.tf_column})

    columns: list[str] = per_model("tf columns", model, work_out)
    return columns


def _present(key: Sequence[Any]) -> bool:
    return all(k is not None and k != "" for k in key)


@dataclass(frozen=True)
class Found:
    """A query's candidates: their ids and values, the population and term frequencies."""

    values: dict[int, dict[str, Any]]
    population: int
    frequencies: dict[str, dict[Any, float]]
    skipped_blocks: int


class Side:
    """One side of the index: the registry (registrations) or the open requests."""

    def __init__(
        self,
        name: str,
        row_model: type[IndexedRegistration] | type[IndexedRequest],
        key_model: type[RegistrationKey] | type[RequestKey],
        record_field: str,
    ) -> None:
        """A side named ``name`` whose rows link to their record through ``record_field``."""
        self.name = name
        self.row_model = row_model
        self.key_model = key_model
        self.record_field = record_field
        self.record_id = f"{record_field}_id"

    # --- keys ---------------------------------------------------------------------------------

    def block_keys(self, model: LinkageModel, values: Mapping[str, Any], stored: bool) -> list[int]:
        """A record's blocking keys: as stored (left columns) or as a query asks (right)."""
        keys = []
        for number, rule in enumerate(model.blocking_rules):
            key = tuple(values.get(left if stored else right) for left, right in rule)
            if _present(key):
                keys.append(digest(self.name, BLOCK, number, key))
        return list(dict.fromkeys(keys))

    def tf_key(self, column: str, value: Any) -> int:
        """The counter of one value's frequency in one column."""
        return digest(self.name, TF, column, value)

    def count_keys(
        self, model: LinkageModel, values: Mapping[str, Any], blocks: Sequence[int] | None = None
    ) -> list[int]:
        """Every counter one stored record adds one to (``blocks``: its keys, if known)."""
        if blocks is None:
            blocks = self.block_keys(model, values, stored=True)
        keys = [fixed_key(self.name, POPULATION), *blocks]
        for column in tf_columns(model):
            if values.get(column) is not None:
                total = fixed_key(self.name, TF_TOTAL, column)
                keys += [self.tf_key(column, values[column]), total]
        return keys

    # --- writes -------------------------------------------------------------------------------

    def index(
        self, model: LinkageModel, version: str, records: Mapping[int, Mapping[str, Any]]
    ) -> None:
        """Index new records (record id → comparison values); a record already indexed must be
        forgotten first. Runs in the caller's transaction, so a record and its index rows commit
        or roll back together."""
        if not records:
            return
        columns = stored_columns(model)
        value_field = self.row_model._meta.get_field("values")
        with transaction.atomic():
            rows, keys, counts = [], [], Counter[int]()
            for record_id, values in records.items():
                kept = {c: values.get(c) for c in columns}
                kept[COMPARISON_KEYS] = comparison_digests(model, values)
                text = json.dumps(kept, ensure_ascii=False, separators=(",", ":"))
                rows.append((record_id, value_field.get_db_prep_save(text, connection), version))
                blocks = self.block_keys(model, values, stored=True)
                keys += [(k, record_id) for k in blocks]
                counts.update(self.count_keys(model, values, blocks))
            _insert(self.row_model, [self.record_id, "values", "model_version"], rows)
            _insert(self.key_model, ["key", self.record_id], keys)
            add_counts(counts)

    def forget(self, model: LinkageModel, record_ids: Sequence[int]) -> int:
        """Take records out of the index and its counters; returns how many were indexed."""
        forgotten = 0
        counts = Counter[int]()
        for chunk in _chunks(sorted(record_ids)):
            stored = self.row_model.objects.filter(**{f"{self.record_id}__in": chunk}).values_list(
                "values", flat=True
            )
            for text in stored:
                counts.update(self.count_keys(model, json.loads(text)))
                forgotten += 1
            self.key_model.objects.filter(**{f"{self.record_id}__in": chunk}).delete()
            self.row_model.objects.filter(**{f"{self.record_id}__in": chunk}).delete()
        if counts:
            add_counts(Counter({key: -n for key, n in counts.items()}))
        return forgotten

    # --- reads --------------------------------------------------------------------------------

    def population(self) -> int:
        """How many records this side holds (erased and retired ones not counted)."""
        key = fixed_key(self.name, POPULATION)
        return read_counts([key]).get(key, 0)

    def find(
        self,
        model: LinkageModel,
        query: Mapping[str, Any],
        eligible: models.Q,
        exclude: int | None = None,
    ) -> Found:
        """The eligible indexed records that share a blocking key with ``query``."""
        blocks = self.block_keys(model, query, stored=False)
        counts, population, frequencies = self.statistics(model, query, blocks)
        chosen, skipped = choose_blocks(blocks, counts)
        # One query: the blocks' members, eligible, with their values. The ids never travel to
        # this process and back (a thousand of them cost more to send than to look up).
        members = self.key_model.objects.filter(key__in=chosen).values(self.record_id)
        values = self._read_values(eligible, members, exclude)
        return Found(values, population, frequencies, skipped)

    def statistics(
        self, model: LinkageModel, query: Mapping[str, Any], blocks: Sequence[int] = ()
    ) -> tuple[dict[int, int], int, dict[str, dict[Any, float]]]:
        """Counters for a query, in one read: the sizes of ``blocks``, this side's population
        and the term frequencies of the query's values (shares, as the batch path has them)."""
        tf_wanted = {
            (column, query[column]): self.tf_key(column, query[column])
            for column in tf_columns(model)
            if query.get(column) is not None
        }
        totals = {column: fixed_key(self.name, TF_TOTAL, column) for column in tf_columns(model)}
        population_key = fixed_key(self.name, POPULATION)
        counts = read_counts([population_key, *blocks, *tf_wanted.values(), *totals.values()])
        frequencies: dict[str, dict[Any, float]] = {}
        for (column, value), key in tf_wanted.items():
            total = max(counts.get(totals[column], 0), MIN_POPULATION)
            if counts.get(key):
                frequencies.setdefault(column, {})[value] = counts[key] / total
        return counts, counts.get(population_key, 0), frequencies

    def values_of(self, ids: Iterable[int], eligible: models.Q) -> dict[int, dict[str, Any]]:
        """The stored comparison columns of those ``ids`` that are ``eligible``."""
        values: dict[int, dict[str, Any]] = {}
        for chunk in _chunks(sorted(ids)):
            values.update(self._read_values(eligible, chunk))
        return values

    def _read_values(
        self, eligible: models.Q, members: Any, exclude: int | None = None
    ) -> dict[int, dict[str, Any]]:
        """The stored columns of the eligible records among ``members`` (ids or a subquery)."""
        rows = self.row_model.objects.filter(eligible, **{f"{self.record_id}__in": members})
        if exclude is not None:
            rows = rows.exclude(**{self.record_id: exclude})
        return {
            record_id: json.loads(text)
            for record_id, text in rows.values_list(self.record_id, "values")
        }

    def stream(self, eligible: models.Q, chunk: int = 5000) -> Iterator[dict[str, Any]]:
        """Every eligible record's comparison columns, ``unique_id`` its record id, read in
        chunks by id (one short query each; never the whole table in memory)."""
        last = 0
        while True:
            rows = list(
                self.row_model.objects.filter(eligible, **{f"{self.record_id}__gt": last})
                .order_by(self.record_id)
                .values_list(self.record_id, "values")[:chunk]
            )
            for record_id, text in rows:
                yield {**json.loads(text), "unique_id": str(record_id)}
            if len(rows) < chunk:
                return
            last = rows[-1][0]


def choose_blocks(blocks: Sequence[int], counts: Mapping[int, int]) -> tuple[list[int], int]:
    """The blocks to read: smallest first, while their records fit the candidate budget.

    Blocks no larger than ``PEYVAND_BLOCK_ALWAYS`` are always read; a key shared by more
    records than ``PEYVAND_BLOCK_MAX`` is never read (a very common name and year says little,
    and the other rules still pair the record's true match). Returns the blocks and how many
    were skipped.
    """
    budget = settings.PEYVAND_CANDIDATE_BUDGET
    always = settings.PEYVAND_BLOCK_ALWAYS
    largest = settings.PEYVAND_BLOCK_MAX
    chosen, used = [], 0
    for key in sorted((k for k in blocks if counts.get(k, 0) > 0), key=lambda k: counts[k]):
        size = counts[key]
        if size <= always or (size <= largest and used + size <= budget):
            chosen.append(key)
            used += size
    return chosen, sum(1 for k in blocks if counts.get(k, 0) > 0) - len(chosen)


def read_counts(keys: Iterable[int]) -> dict[int, int]:
    """The counters for ``keys`` (absent keys are 0)."""
    found: dict[int, int] = {}
    for chunk in _chunks(sorted(set(keys))):
        found.update(IndexCount.objects.filter(key__in=chunk).values_list("key", "n"))
    return found


def add_counts(deltas: Mapping[int, int]) -> None:
    """Add to counters: one upsert per key, sent as one batch. Keys are sorted, so two writers
    that share counters lock them in the same order and cannot deadlock each other."""
    table = connection.ops.quote_name(IndexCount._meta.db_table)
    key = connection.ops.quote_name("key")
    items = sorted((k, n) for k, n in deltas.items() if n)
    if not items:
        return
    upsert = f"ON CONFLICT ({key}) DO UPDATE SET n = {table}.n + excluded.n"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for the whole batch: the keys and deltas as two arrays, inserted in
            # key order (the order PostgreSQL then locks the rows in).
            cursor.execute(
                f"INSERT INTO {table} ({key}, n) SELECT k, d "  # noqa: S608 (table name from the model; values are parameters)
                f"FROM unnest(%s::bigint[], %s::bigint[]) AS batch(k, d) ORDER BY k {upsert}",
                [[k for k, _ in items], [n for _, n in items]],
            )
            return
        cursor.executemany(
            f"INSERT INTO {table} ({key}, n) VALUES (%s, %s) {upsert}",  # noqa: S608 (table name from the model; values are parameters)
            items,
        )


def _insert(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert prepared rows in one statement (``COPY`` on PostgreSQL): no model instance per
    row (bulk loads write some twenty key rows per person)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        write_rows(cursor, quote(model._meta.db_table), names, rows)


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


REGISTRY = Side("registry", IndexedRegistration, RegistrationKey, "registration")
REQUESTS = Side("requests", IndexedRequest, RequestKey, "tracing_request")
