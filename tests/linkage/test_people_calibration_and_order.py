"""Calibrated one-person probabilities, swapped name order, compounds, and link-mode agreement."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import duckdb
import pytest

from peyvand.linkage.internals.assignment import exclusive_probabilities, fit_calibration_bits
from peyvand.linkage.internals.comparisons import condition_holds, condition_sql
from peyvand.linkage.internals.errors import ModelFileError
from peyvand.linkage.internals.model import load_model, save_model
from peyvand.linkage.internals.online import OnlineIndex
from peyvand.linkage.internals.people import Record, record_values
from peyvand.linkage.internals.people_batch import link_people, load_default_people_model
from peyvand.linkage.internals.scoring import level_weight, match_weight
from peyvand.linkage.internals.similarity import levenshtein_distance
from peyvand.linkage.internals.synthetic import PeopleGenerator, make_task

Pools = tuple[list[list[str]], list[list[str]], list[list[str]]]


def test_calibration_bits_shift_every_candidate() -> None:
    assert exclusive_probabilities([0.0], 0.5, calibration_bits=1.0)[0] == pytest.approx(2 / 2.5)
    assert exclusive_probabilities([0.0], 0.5)[0] == pytest.approx(1 / 1.5)


def test_fitting_recovers_a_known_correction() -> None:
    """Requests whose outcomes were drawn with a +2-bit correction give back about +2."""
    rng = random.Random(4)
    requests: list[tuple[list[float], int | None]] = []
    for _ in range(4000):
        weights = [rng.gauss(-2.0, 4.0) for _ in range(rng.randint(1, 3))]
        probabilities = exclusive_probabilities(weights, 0.6, calibration_bits=2.0)
        roll, chosen = rng.random(), None
        for index, probability in enumerate(probabilities):
            roll -= probability
            if roll < 0:
                chosen = index
                break
        requests.append((weights, chosen))
    assert fit_calibration_bits(requests, 0.6) == pytest.approx(2.0, abs=0.3)


def test_calibration_in_the_model_file_is_checked(tmp_path: Path) -> None:
    model = load_default_people_model()
    assert 0 < model.calibration_bits < 6  # learned on the training requests
    path = tmp_path / "people.json"
    save_model(model, path)
    assert load_model(path).calibration_bits == model.calibration_bits
    document = json.loads(path.read_text(encoding="utf-8"))
    document["content"]["calibration_bits"] = "a lot"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ModelFileError, match="calibration_bits"):
        load_model(path)


def _sql_holds(cond: dict[str, Any], left: dict[str, Any], right: dict[str, Any]) -> bool:
    row = {f"{k}_l": v for k, v in left.items()} | {f"{k}_r": v for k, v in right.items()}
    columns = ", ".join(f"$v{i} AS {name}" for i, name in enumerate(row))
    params = {f"v{i}": value for i, value in enumerate(row.values())}
    sql = f"SELECT {condition_sql(cond)} FROM (SELECT {columns})"  # noqa: S608 - the engine's SQL; values are parameters
    found = duckdb.execute(sql, params).fetchone()
    return bool(found and found[0])


PARTS = ["given_skeleton", "family_skeleton"]
CROSSED = {"kind": "crossed_jaro_winkler_at_least", "columns": PARTS, "threshold": 0.8}
STARTS = {"kind": "affix_of_other", "column": "given_skeleton", "at": "start", "extra_at_least": 2}
ENDS = {"kind": "affix_of_other", "column": "given_skeleton", "at": "end", "extra_at_least": 2}
ONE_EDIT = {"kind": "levenshtein_at_most", "column": "given_skeleton", "at_most": 1}


def _parts(given: str | None, family: str | None) -> dict[str, Any]:
    return {"given_skeleton": given, "family_skeleton": family}


def _given(skeleton_key: str | None) -> dict[str, Any]:
    return {"given_skeleton": skeleton_key}


CASES: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any], bool]] = [
    (CROSSED, _parts("msv", "mjtb"), _parts("mjtb", "msvi"), True),
    (CROSSED, _parts("hsn", "krm"), _parts("krm", "bhrm"), False),
    (CROSSED, _parts("hsn", None), _parts(None, "hsn"), False),
    (STARTS, _given("mhmd"), _given("mhmdrz"), True),
    (STARTS, _given("mhmdrz"), _given("mhmd"), True),
    (STARTS, _given("mhmd"), _given("mhmdr"), False),  # one letter more is a typo, not a compound
    (STARTS, _given("mhmd"), _given("mhmd"), False),
    (ENDS, _given("rz"), _given("mhmdrz"), True),
    (ENDS, _given("mhmdrz"), _given("mhmd"), False),
    (ONE_EDIT, _given("zr"), _given("zhr"), True),
    (ONE_EDIT, _given("hmd"), _given("mhd"), False),
    (ONE_EDIT, _given(None), _given("mhd"), False),
]


@pytest.mark.parametrize(("cond", "left", "right", "expected"), CASES)
def test_new_conditions_agree_in_sql_and_python(
    cond: dict[str, Any], left: dict[str, Any], right: dict[str, Any], expected: bool
) -> None:
    assert condition_holds(cond, left, right) is expected
    assert _sql_holds(cond, left, right) is expected


def test_swapped_order_in_another_script_is_found(small_pools: Pools) -> None:
    registry = make_task(PeopleGenerator(*small_pools, seed=3), 400, 0).registry
    registered = Record(
        "reg-x", ("Mojtaba Moosavi",), birth_year=1951, birthplace="Isfahan", father_name="Ali"
    )
    index = OnlineIndex(load_default_people_model())
    index.add([*registry, registered])
    request = Record("req-x", ("موسوی مجتبی",), birth_year=1950, father_name="علی")
    best = index.candidates(request, top_n=3)[0]
    assert best.record_id_r == "reg-x"
    assert best.match_probability > 0.5
    levels = {e.field: e.level for e in best.explanation}
    assert levels["whole_name"] == "reordered, same consonants"
    assert levels["given_name"] == levels["family_name"] == "decided by whole name"


def test_a_compound_is_not_a_near_spelling_of_its_first_part() -> None:
    model = load_default_people_model()
    given = next(c for c in model.comparisons if c.name == "given_name")
    left = record_values(Record("a", ("محمدرضا شجاعی",)))
    right = record_values(Record("b", ("Mohammad Karimi",)))
    level = given.levels[given.level_for(left, right)]
    assert level.label == "one starts the other"
    near = given.levels[given.level_for(left, record_values(Record("c", ("Mohammadreza Karimi",))))]
    assert level_weight(level.m_probability, level.u_probability) < level_weight(
        near.m_probability, near.u_probability
    )


def test_link_mode_batch_and_online_weights_agree(small_pools: Pools) -> None:
    """Linking requests to a registry, both paths count name frequencies in the registry."""
    model = load_default_people_model()
    task = make_task(PeopleGenerator(*small_pools, seed=8), 300, 80)
    pairs = link_people(task.requests, task.registry, model, threshold=1e-9)
    index = OnlineIndex(model)
    index.add(task.registry)
    frequencies = index.term_frequencies()
    values = {r.record_id: record_values(r) | {"unique_id": r.record_id} for r in task.requests}
    assert len(pairs) > 50
    for pair in pairs:
        online = index.score(values[pair.record_id_l], pair.record_id_r, frequencies)
        assert online.match_weight == pytest.approx(pair.match_weight, abs=1e-6)


def test_the_online_shortcut_gives_every_candidate_its_exact_weight(small_pools: Pools) -> None:
    """Candidates reuse work for values they share; each probability must stay the exact one."""
    model = load_default_people_model()
    task = make_task(PeopleGenerator(*small_pools, seed=12), 400, 40)
    index = OnlineIndex(model)
    index.add(task.registry)
    frequencies = index.term_frequencies()
    registry = {r.record_id: record_values(r) for r in task.registry}
    checked = 0
    for request in task.requests:
        values = record_values(request)
        ids = sorted(index.candidate_ids(values))
        exact = [match_weight(model, values, registry[i], len(index), frequencies) for i in ids]
        expected = dict(
            zip(
                ids,
                exclusive_probabilities(exact, model.matches_per_record, model.calibration_bits),
                strict=True,
            )
        )
        for candidate in index.candidates(request, top_n=len(ids)):
            assert candidate.match_probability == pytest.approx(expected[candidate.record_id_r])
            checked += 1
    assert checked > 300


@pytest.mark.parametrize(
    ("left", "right"),
    [("", ""), ("a", ""), ("zr", "zhr"), ("hmd", "mhd"), ("mhmdrz", "mhmd"), ("kitten", "sitting")],
)
def test_edit_distance_is_duckdbs(left: str, right: str) -> None:
    found = duckdb.execute("SELECT levenshtein($a, $b)", {"a": left, "b": right}).fetchone()
    assert found is not None and levenshtein_distance(left, right) == found[0]


def test_two_letters_typed_the_wrong_way_round_still_match() -> None:
    model = load_default_people_model()
    given = next(c for c in model.comparisons if c.name == "given_name")
    left = record_values(Record("a", ("همدی سیروس",)))
    right = record_values(Record("b", ("Mehdi Sirous",)))
    level = given.levels[given.level_for(left, right)]
    assert level.label == "same consonants, two swapped"
    assert level_weight(level.m_probability, level.u_probability) > 2
