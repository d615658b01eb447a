"""The same action over time on the samples: keys, history and changes exactly as the golden file says.

tests/golden/history/actions-over-time.json was written by hand from the Stockport and Swindon
content files. Each check runs twice: on a database of the samples' golden records (the linking
and the views alone) and on the samples as `planwatch ingest` reads them (the whole pipeline).
"""

from __future__ import annotations

import json
import sqlite3

import pytest

import sample_db
from conftest import GOLDEN

HISTORY = json.loads((GOLDEN / "history" / "actions-over-time.json").read_text(encoding="utf-8"))
COUNCILS = sorted(HISTORY["papers"])


@pytest.fixture(scope="module", params=["golden", "ingested"])
def conn(request, tmp_path_factory):
    if not sample_db.SAMPLES.is_dir():
        pytest.skip("samples/ is not here")
    path = tmp_path_factory.mktemp(request.param) / "samples.db"
    if request.param == "golden":
        sample_db.build_from_golden(path)
    else:
        summary = sample_db.build_by_ingesting(path)
        assert not summary.failures, summary.failures
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def expected_history(council: str) -> list[tuple]:
    """Per paper in date order, the golden actions it prints, in the paper's own order."""
    found = []
    for seq, paper in enumerate(HISTORY["papers"][council], start=1):
        i = seq - 1
        for action in HISTORY["actions"][council]:
            if action["ref"][i] is not None:
                found.append((paper["paper"], seq, paper["doc_date"], action["ref"][i], action["rag"][i],
                              action["due_date"][i], action["key"], action["method"][i]))
    return found


@pytest.mark.parametrize("council", COUNCILS)
def test_history_has_every_action_of_every_paper_in_order(conn, council):
    found = conn.execute(
        "select paper, paper_seq, doc_date, ref, rag, due_date, action_key, action_key_method "
        "from v_action_history where council = ? order by paper_seq, action_id", [council]).fetchall()
    assert [tuple(row) for row in found] == expected_history(council), f"[{council}] v_action_history"


@pytest.mark.parametrize("council", COUNCILS)
def test_rows_share_a_key_exactly_when_they_are_one_action(conn, council):
    found: dict[str, list] = {}
    papers = [paper["filename"] for paper in HISTORY["papers"][council]]
    for row in conn.execute("select h.action_key, h.filename, h.ref from v_action_history h where council = ?", [council]):
        refs = found.setdefault(row["action_key"], [None] * len(papers))
        refs[papers.index(row["filename"])] = row["ref"]
    expected = {action["key"]: action["ref"] for action in HISTORY["actions"][council]}
    assert found == expected, f"[{council}] keys"


def test_no_key_crosses_councils(conn):
    (shared,) = conn.execute("select count(*) from (select action_key from v_action_history "
                             "group by action_key having count(distinct council) > 1)").fetchone()
    assert shared == 0


def test_link_scores_are_kept(conn):
    rows = conn.execute("select action_key_method, action_key_score from v_action_history "
                        "where council in ('Stockport', 'Swindon')").fetchall()
    for method, score in rows:
        assert 0 < score <= 1, (method, score)
        assert method != "new" or score == 1.0
    reworded = conn.execute("select action_key_score from v_action_history where council = 'Stockport' "
                            "and ref = '2.1' and doc_date = '2024-10-15'").fetchone()[0]
    assert 0.65 <= reworded < 1, "2.1 is reworded in the first progress report, so its text score is below 1"


def test_changes_between_consecutive_papers(conn):
    columns = list(HISTORY["changes"][0])
    found = conn.execute(
        f"select {', '.join(columns)} from v_action_changes where council in ({', '.join('?' * len(COUNCILS))}) "
        "order by council, doc_date, change_order, coalesce(ref, previous_ref)", COUNCILS).fetchall()
    assert [dict(row) for row in found] == HISTORY["changes"]


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    if not sample_db.SAMPLES.is_dir():
        pytest.skip("samples/ is not here")
    from planwatch.serve import make_datasette

    return make_datasette(sample_db.build_from_golden(tmp_path_factory.mktemp("serve") / "planwatch.db"))


def _get(ds, path: str):
    import asyncio

    async def fetch():
        await ds.invoke_startup()
        return await ds.client.get(path)
    return asyncio.run(fetch())


@pytest.mark.parametrize("since", ["", "2025-01-01"])
def test_canned_query_gives_the_golden_changes(ds, since):
    response = _get(ds, f"/planwatch/action_changes.json?council=stockport&since={since}&_shape=array")
    assert response.status_code == 200, response.text
    expected = [(c["doc_date"], c["change"], c["ref"], c["previous_ref"]) for c in HISTORY["changes"] if c["doc_date"] >= since]
    assert [(r["doc_date"], r["change"], r["ref"], r["previous_ref"]) for r in response.json()] == expected


def test_dashboard_panel_counts_the_changes_per_paper(ds):
    from collections import Counter
    from urllib.parse import quote

    metadata = ds.metadata()["plugins"]["datasette-dashboards"]["overview"]
    sql = metadata["charts"]["action-changes"]["query"].replace("[[ and council = :council ]]", "")
    rows = _get(ds, "/planwatch.json?_shape=array&sql=" + quote(sql)).json()
    expected = Counter((f"{c['council']} {c['doc_date']}", c["change"]) for c in HISTORY["changes"])
    assert {(r["paper"], r["change"]): r["actions"] for r in rows} == dict(expected)
