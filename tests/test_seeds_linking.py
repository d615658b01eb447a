"""The seeds: Plymouth's 2015 update and its 2023 plan are two different plans, so no action links across them.

Both number their rows from 1 (the 2015 update's improvement areas 1 to 17, the 2023 plan's
actions 1.1 to 6.x), and both are about the same services, so their texts share many words.
"""

from __future__ import annotations

import sqlite3

import pytest

from conftest import SEEDS, need
from planwatch.runner import RunSettings, run_batch
from planwatch.store import open_db
from planwatch.store.linking import ActionText, Paper, link_papers

PLYMOUTH = ["plymouth-2015-scrutiny-update.txt", "plymouth-2023-improvement-plan.txt",
            "plymouth-2023-11-07-committee-cover.txt"]
UPDATE, PLAN = PLYMOUTH[:2]


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    paths = [need(SEEDS / name) for name in PLYMOUTH]
    path = tmp_path_factory.mktemp("seeds") / "plymouth.db"
    db = open_db(path)
    summary = run_batch(paths, db, settings=RunSettings(workers=0))
    db.conn.close()
    assert not summary.failures, summary.failures
    conn = sqlite3.connect(path)
    yield conn
    conn.close()


def _keys(conn, filename: str) -> list[str]:
    return [row[0] for row in conn.execute(
        "select a.action_key from actions a join documents d on d.id = a.document_id where d.filename = ?", [filename])]


def test_every_plymouth_action_has_a_key(conn):
    for name in (UPDATE, PLAN):
        keys = _keys(conn, name)
        assert keys and None not in keys, f"[{name}] {len(keys)} rows, keys {set(keys)}"
        assert len(set(keys)) == len(keys), f"[{name}] two rows of one paper share a key"


def test_no_action_links_across_the_2015_update_and_the_2023_plan(conn):
    shared = set(_keys(conn, UPDATE)) & set(_keys(conn, PLAN))
    assert not shared, f"[{UPDATE}] and [{PLAN}] share keys {sorted(shared)[:5]}"


def _paper(conn, filename: str) -> Paper:
    rows = conn.execute("select a.id, a.ref, a.action, a.lead from actions a join documents d on d.id = a.document_id "
                        "where d.filename = ? order by a.id", [filename]).fetchall()
    return Paper(filename, None, [ActionText(i, ref, text or "", lead or "") for i, ref, text, lead in rows])


@pytest.mark.parametrize("first, second", [(UPDATE, PLAN), (PLAN, UPDATE)])
def test_neither_plan_restates_the_other_in_either_order(conn, first, second):
    links = link_papers([_paper(conn, first), _paper(conn, second)])
    later = _paper(conn, second)
    assert [links[row.id].method for row in later.rows] == ["new"] * len(later.rows), f"[{second}] after [{first}]"
