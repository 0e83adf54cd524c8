"""Which candidates a record gets: the fill for every record, and the closest-spelling slot."""

from __future__ import annotations

import duckdb

from peyvand.linkage.internals.blocking import fill_sparse_records
from peyvand.linkage.internals.names import SPELLING_SLOTS, TOP_CANDIDATES, _best_candidates_sql


def _names_table(con: duckdb.DuckDBPyConnection, sounds: dict[str, str]) -> None:
    con.execute("CREATE TABLE names_in (unique_id VARCHAR, name_sound VARCHAR)")
    con.executemany("INSERT INTO names_in VALUES (?, ?)", list(sounds.items()))


def test_fill_reaches_records_that_already_have_many_candidates() -> None:
    con = duckdb.connect()
    others = {f"x{i:02}": f"Alqrb{i:02}" for i in range(20)}
    _names_table(con, {"q": "mhmdnzht", "p": "mhmdnjt", **others})
    con.execute(
        "CREATE TABLE blocked_pairs AS SELECT '0' AS match_key, r.unique_id AS join_key_l, "
        "x.unique_id AS join_key_r FROM names_in r JOIN names_in x "
        "ON r.unique_id IN ('p', 'q') AND x.unique_id LIKE 'x%'"
    )
    similarity = "jaro_winkler_similarity(a.name_sound, b.name_sound)"

    def pairs() -> set[tuple[str, str]]:
        rows = con.execute("SELECT join_key_l, join_key_r FROM blocked_pairs").fetchall()
        return {(str(a), str(b)) for a, b in rows}

    assert fill_sparse_records(con, "names_in", 1, key_sql="1", similarity_sql=similarity) == 0
    assert ("p", "q") not in pairs()  # both have 20 candidates, so neither counts as sparse
    added = fill_sparse_records(
        con, "names_in", 1, key_sql="1", similarity_sql=similarity, degree_below=10**6
    )
    assert ("p", "q") in pairs() and added >= 1


def test_last_places_go_to_the_closest_spelling_the_model_ranked_lower() -> None:
    con = duckdb.connect()
    candidates = {f"c{i:02}": f"zzz{i:02}" for i in range(TOP_CANDIDATES + 2)}
    candidates["c11"] = "mhmdnzht"
    rivals = {f"b{i:02}": f"yyy{i:02}" for i in range(TOP_CANDIDATES)}
    _names_table(con, {"q": "mhmdnjt", **candidates, **rivals})
    con.execute(
        "CREATE TABLE preds (unique_id_l VARCHAR, unique_id_r VARCHAR, "
        "match_probability DOUBLE, match_weight DOUBLE)"
    )
    # q's candidates in falling probability, the closest spelling last; each candidate has
    # ten better rivals, so a pair with q is kept only for its place in q's own list.
    con.executemany(
        "INSERT INTO preds VALUES (?, 'q', ?, 0)",
        [(c, 0.04 - i / 1000) for i, c in enumerate(sorted(candidates))],
    )
    con.executemany(
        "INSERT INTO preds VALUES (?, ?, 0.04, 0)", [(b, c) for b in rivals for c in candidates]
    )
    sql = _best_candidates_sql("preds", "names_in", TOP_CANDIDATES, 0.05)
    rows = con.execute(f"SELECT l, best_rank FROM ({sql}) WHERE r = 'q'").fetchall()  # noqa: S608 - SQL built by the engine from constants
    ranks = dict(rows)
    by_model = TOP_CANDIDATES - SPELLING_SLOTS
    assert ranks["c11"] == by_model + 1
    by_model_ids = sorted(candidates)[:by_model]
    assert sorted(ranks) == [*by_model_ids, "c11"]
