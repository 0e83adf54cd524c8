"""Fitting a person model to the records being linked: u by sampling, m and the prior by EM.

``fit_people_model`` is what ``peyvand link … --train`` runs, and what any other caller with
records in hand (e.g. a re-fit from a registry) can reuse: it copies a starting model (the
shipped one by default), estimates u by Splink's random sampling of pairs, then m and the
prior by Splink's expectation maximisation, starting from the starting model's m. Each EM
session blocks on some fields and so cannot learn their m (Splink holds them fixed); the
sessions are chosen from the fields the records actually carry, so that every comparison
with data is trained in at least one of them. Comparisons the records never fill keep the
starting model's m and u.

The prior is estimated by EM too, as Splink's EM estimates it, but once m and u are fixed and
over every pair the model's own blocking rules let through (Splink's EM sessions each see one
block, whose share of matches is not the data's): the share of records whose match is in the
data, iterated from each record's candidates as ``assignment`` reads them. The model stores
it as matches per record (``LinkageModel.prior_probability``). The calibration of the
one-person probabilities needs known matches and is kept from the starting model.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb

from peyvand.linkage.internals.assignment import estimate_share_matched
from peyvand.linkage.internals.batch import (
    UNIQUE_ID,
    make_linker,
    records_to_table,
    splink_settings,
    trained_levels,
)
from peyvand.linkage.internals.comparisons import BlockingRule, blocking_rule_sql
from peyvand.linkage.internals.errors import LinkageInputError
from peyvand.linkage.internals.model import MIN_POPULATION, LinkageModel
from peyvand.linkage.internals.people_batch import (
    PRIOR_PAIR_FLOOR,
    load_default_people_model,
    people_columns,
)
from peyvand.linkage.internals.training import M_FLOOR, apply_floors

FIELD_PRESENT = 0.05
"""A field takes part in an EM block when at least this share of records on each side has it."""
EM_MAX_PAIRS = 2e6
"""Splink samples an EM session's blocked pairs down to about this many."""
U_MAX_PAIRS = 2e5
"""Random pairs sampled for u: every level a true match often reaches is seen hundreds of times
(rarer ones are floored), and sampling costs most of a fit's time."""
QUIET_LOGGERS = ("splink", "sqlglot")
"""Training would otherwise log every level a small file does not fill, and SQL notes."""
MIN_EM_PAIRS = 50
"""An EM session needs pairs, among them matches; a block with fewer pairs is skipped."""

EM_SESSIONS: tuple[tuple[BlockingRule, tuple[str, ...]], ...] = (
    ([("national_id", "national_id")], ("national_id",)),
    (
        [("given_skeleton", "given_skeleton"), ("family_skeleton", "family_skeleton")],
        ("given_skeleton", "family_skeleton"),
    ),
    (
        [("birth_year_g", "birth_year_g"), ("birthplace_skeleton", "birthplace_skeleton")],
        ("birth_year_g", "birthplace_skeleton"),
    ),
    (
        [("birth_year_g", "birth_year_g"), ("father_skeleton", "father_skeleton")],
        ("birth_year_g", "father_skeleton"),
    ),
)
"""Candidate EM blocks and the fields each needs. The ID block trains everything but the ID,
the name block everything but the names; the year-based ones train the names only where no
ID block does."""
NAME_TRAINING_BLOCKS = ("national_id", "birth_year_g")
"""Blocks that leave the name comparisons free for EM to train."""


def _blocked_pairs(con: duckdb.DuckDBPyConnection, tables: list[str], rule: BlockingRule) -> int:
    """Pairs an EM session on ``rule`` would see (each pair once in a dedupe)."""
    left, right = tables[0], tables[-1]
    distinct = "" if len(tables) > 1 else f" AND l.{UNIQUE_ID} < r.{UNIQUE_ID}"
    sql = (
        f"SELECT count(*) FROM {left} l JOIN {right} r "  # noqa: S608 - our own table and column names
        f"ON {blocking_rule_sql(rule)}{distinct}"
    )
    return int(con.execute(sql).fetchall()[0][0])


def _share_present(rows: Sequence[Mapping[str, Any]], column: str) -> float:
    return sum(1 for r in rows if r.get(column) not in (None, "")) / max(len(rows), 1)


def em_sessions_for(
    left: Sequence[Mapping[str, Any]], right: Sequence[Mapping[str, Any]]
) -> list[BlockingRule]:
    """The EM blocking rules that suit these records: their fields are filled on both sides.

    The ID block and the name block are used whenever their fields are there; the
    year-based blocks (which train the names) are alternatives for files without IDs.
    """

    def filled(columns: tuple[str, ...]) -> bool:
        return all(
            min(_share_present(left, c), _share_present(right, c)) >= FIELD_PRESENT for c in columns
        )

    return [rule for rule, columns in EM_SESSIONS if filled(columns)]


def fit_people_model(
    left: Sequence[Mapping[str, Any]],
    right: Sequence[Mapping[str, Any]] | None = None,
    start: LinkageModel | None = None,
    seed: int = 42,
    description: str = "",
    estimate_prior: bool = True,
) -> LinkageModel:
    """A copy of ``start`` (default: the shipped people model) fitted to these records.

    ``left`` and ``right`` are ``record_values`` rows; with ``right`` the two tables are
    linked (u and m are learned on pairs across them), without it ``left`` is deduplicated.
    ``start`` is left unchanged. ``description`` (e.g. the file names) goes into the notes.
    Without ``estimate_prior`` the starting prior is kept, for a caller that estimates it
    while linking (``link_people_rows(fit_prior=True)``, which scores the same pairs).
    """
    model = copy.deepcopy(start or load_default_people_model())
    con = duckdb.connect()
    columns = people_columns(model)
    tables, link_type = ["records_a"], "dedupe_only"
    records_to_table(con, "records_a", left, columns)
    if right is not None:
        records_to_table(con, "records_b", right, columns)
        tables, link_type = ["records_a", "records_b"], "link_only"
    scored_count = len(right if right is not None else left)
    rules = [
        rule
        for rule in em_sessions_for(left, right if right is not None else left)
        if _blocked_pairs(con, tables, rule) >= MIN_EM_PAIRS
    ]
    if not rules:
        raise LinkageInputError(
            "too few pairs of records agree on names, IDs or birth years to train on"
        )
    starting_m = _m_values(model)
    with _quiet():
        settings = splink_settings(model, scored_count, link_type=link_type)
        linker = make_linker(con, tables, settings)
        linker.training.estimate_u_using_random_sampling(
            max_pairs=U_MAX_PAIRS, seed=seed, num_chunks=1
        )
        trained_levels(linker, model)
        trained, skipped = _em_sessions(
            linker,
            lambda: make_linker(con, tables, splink_settings(model, scored_count, link_type)),
            model,
            rules,
        )
        _floor_unobserved(model, starting_m)
        apply_floors(model)
        if estimate_prior:
            model.matches_per_record = _estimate_matches_per_record(
                con, tables, model, scored_count
            )
    model.notes = _notes(model, start, trained, len(left), right, description, seed)
    if skipped:
        model.notes["skipped"] = "EM gave up on: " + "; ".join(_rule_text(r) for r in skipped)
    return model


def _em_sessions(
    linker: Any,
    rebuild: Callable[[], Any],
    model: LinkageModel,
    rules: Sequence[BlockingRule],
) -> tuple[list[BlockingRule], list[BlockingRule]]:
    """Run Splink's EM on each rule in turn, copying m into ``model`` after each session.

    The names are trained by the ID block; only where it is missing or fails are the
    year-based rules tried, in turn, until one works (a block on year and place is mostly
    namesakes, in which EM can settle on "same family" instead of "same person"). After a
    session Splink gave up on, ``rebuild`` makes a fresh linker from ``model``. Returns the
    rules trained on and the rules given up on.
    """
    skipped: list[BlockingRule] = []
    trained: list[BlockingRule] = []
    names_trained = False
    for rule in rules:
        if rule[0][0] == "birth_year_g" and names_trained:
            continue
        if _em_session(linker, rule):
            trained_levels(linker, model)
            trained.append(rule)
            names_trained = names_trained or rule[0][0] in NAME_TRAINING_BLOCKS
        else:  # the failed session left Splink's copy of the model half-changed
            skipped.append(rule)
            linker = rebuild()
    return trained, skipped


def _em_session(linker: Any, rule: BlockingRule) -> bool:
    """One Splink EM session on ``rule``; False when Splink gives it up.

    Splink refuses an m that EM drives below 1e-300 (a level only non-matches reach, in a
    block of nearly all matches); the session is then skipped and the others' estimates stand.
    """
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(
            blocking_rule_sql(rule), estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
        )
    except ValueError:
        return False
    return True


@contextmanager
def _quiet() -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _m_values(model: LinkageModel) -> dict[tuple[str, str], float | None]:
    return {
        (c.name, lv.label): lv.m_probability
        for c in model.comparisons
        for lv in c.levels
        if not lv.is_null
    }


def _floor_unobserved(model: LinkageModel, starting_m: dict[tuple[str, str], float | None]) -> None:
    """Give ``M_FLOOR`` to levels EM never saw in a comparison it trained (in place).

    Splink leaves such a level at its starting m while the levels it saw share all of the
    probability among themselves; keeping the old value would take a share from them. A
    comparison EM did not train at all (no data) keeps every m it had.
    """
    for comparison in model.comparisons:
        levels = [lv for lv in comparison.levels if not lv.is_null]
        same = [lv.m_probability == starting_m[(comparison.name, lv.label)] for lv in levels]
        if all(same):
            continue
        for level, unchanged in zip(levels, same, strict=True):
            if unchanged:
                level.m_probability = M_FLOOR


def _estimate_matches_per_record(
    con: duckdb.DuckDBPyConnection, tables: list[str], model: LinkageModel, scored_count: int
) -> float:
    """The prior by EM with m and u fixed: the share of records whose match is in the data.

    Every pair the model's blocking rules let through is scored once; a record's evidence is
    the sum of its pairs' Bayes factors, and the share ``π`` is iterated as the mean of each
    record's posterior that one of its candidates is its match (as ``assignment`` reads it).
    """
    link_type = "link_only" if len(tables) > 1 else "dedupe_only"
    linker = make_linker(con, tables, splink_settings(model, scored_count, link_type=link_type))
    predictions = linker.inference.predict(
        threshold_match_probability=PRIOR_PAIR_FLOOR, warning_mode="never"
    )
    left = "CASE WHEN source_dataset_l = 'records_a' THEN unique_id_l ELSE unique_id_r END"
    if link_type == "dedupe_only":
        left = "unique_id_l"
    rows = con.execute(
        f"SELECT {left}, match_weight FROM {predictions.physical_name}"  # noqa: S608 - Splink's own table name
    ).fetchall()
    base = model.prior_weight(scored_count)
    factors: dict[str, float] = defaultdict(float)
    for record, weight in rows:
        factors[str(record)] += 2.0 ** (float(weight) - base)
    if link_type == "dedupe_only":
        rows_r = con.execute(
            f"SELECT unique_id_r, match_weight FROM {predictions.physical_name}"  # noqa: S608 - Splink's own table name
        ).fetchall()
        for record, weight in rows_r:
            factors[str(record)] += 2.0 ** (float(weight) - base)
    record_count = int(con.execute(f"SELECT count(*) FROM {tables[0]}").fetchall()[0][0])  # noqa: S608 - our own table name
    per_pair = 1.0 / max(scored_count - 1, MIN_POPULATION)
    return estimate_share_matched(
        list(factors.values()), record_count, per_pair, model.matches_per_record
    )


def _rule_text(rule: BlockingRule) -> str:
    return " + ".join(left for left, _ in rule)


def _notes(
    model: LinkageModel,
    start: LinkageModel | None,
    rules: Sequence[BlockingRule],
    left_count: int,
    right: Sequence[Mapping[str, Any]] | None,
    description: str,
    seed: int,
) -> dict[str, Any]:
    sizes = f"{left_count:,} records" + (f" linked to {len(right):,}" if right is not None else "")
    blocks = "; ".join(_rule_text(rule) for rule in rules)
    return {
        "trained_on": f"{description}: {sizes}" if description else sizes,
        "trained_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "started_from": (start.notes.get("trained_on") if start else None) or "shipped model",
        "u": f"Splink random sampling ({U_MAX_PAIRS:,.0f} pairs, seed {seed})",
        "m": f"Splink EM from the starting model's m, blocks: {blocks}",
        "prior": "EM with m and u fixed over the pairs the blocking rules let through: the "
        "share of records whose match is in the data (matches_per_record)",
        "calibration": "kept from the starting model",
    }
