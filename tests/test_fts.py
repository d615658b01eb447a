"""Full-text search: what it finds, that it follows re-ingests, and that sqlite-utils and Datasette see it."""

from __future__ import annotations

import sqlite3

import pytest

import analyst_papers
from planwatch.store import open_db, store
from planwatch.store.fts import FTS_COLUMNS, search_actions, search_indicators


@pytest.fixture
def db(tmp_path):
    db = open_db(analyst_papers.build(tmp_path / "papers.db"))
    yield db
    db.conn.close()


def integrity_check(db, table: str) -> None:
    """Raises sqlite3.DatabaseError when the index disagrees with its table."""
    db.execute(f"insert into [{table}_fts] ([{table}_fts], rank) values ('integrity-check', 1)")


@pytest.mark.parametrize("text, refs", [
    ("recruitment", ["1.1"]),              # the action and its progress
    ("recruit", ["1.1"]),                  # stemmed
    ("principal social worker", ["2.1", "2.2"]),  # the lead
    ("published", ["2.2"]),                # the progress column
    ("draft workforce", ["1.3"]),          # words from two columns, both needed
    ("tracker-item", ["1", "2", "3"]),     # a hyphen joins words, it is no operator
    ("", []),
])
def test_search_actions(db, text, refs):
    assert sorted(row["ref"] for row in search_actions(db, text)) == refs


def test_search_returns_rows_with_their_paper(db):
    (row,) = search_actions(db, "front door")
    assert (row["council"], row["doc_date"], row["ref"]) == ("Rutland", "2024-03-12", "1.2")


def test_search_indicators_by_name(db):
    ids = search_indicators(db, "care leavers")
    assert [db["indicators"].get(i)["name"][:24] for i in ids] == ["Percentage of care leave"]
    assert search_indicators(db, 'households "OR') == [], "a quote or operator in the words must not raise"


def test_index_follows_a_reingest(db):
    paper = analyst_papers.rutland_plan()
    paper.actions[0].action = "Commission an independent review of caseloads"
    paper.actions[0].progress = None
    paper.actions = paper.actions[:2]
    store(db, paper)
    assert search_actions(db, "recruitment") == []
    assert [row["ref"] for row in search_actions(db, "caseloads")] == ["1.1"]
    assert search_actions(db, "draft workforce") == [], "rows of the earlier version must leave the index"
    for table in FTS_COLUMNS:
        integrity_check(db, table)
    assert db.execute("select count(*) from actions_fts").fetchone()[0] == db["actions"].count


def test_an_index_disagreeing_with_its_table_is_caught(db):
    db.execute("insert into actions_fts (rowid, action) values (999, 'stray')")
    with pytest.raises(sqlite3.DatabaseError):
        integrity_check(db, "actions")


def test_sqlite_utils_finds_the_index_as_it_would_make_it(db):
    for table, columns in FTS_COLUMNS.items():
        assert db[table].detect_fts() == f"{table}_fts"
        schema = db[f"{table}_fts"].schema
        db[table].enable_fts(list(columns), create_triggers=True, tokenize="porter", replace=True)
        assert db[f"{table}_fts"].schema == schema
        assert {trigger.name for trigger in db[table].triggers} == {f"{table}_{s}" for s in ("ai", "ad", "au")}
    assert [row["ref"] for row in db["actions"].search("supervision")] == ["2.1"]


def test_a_database_made_before_search_gets_a_filled_index(tmp_path):
    path = analyst_papers.build(tmp_path / "old.db")
    db = open_db(path)
    for table in FTS_COLUMNS:
        db[table].disable_fts()
    db.conn.close()
    assert [row["ref"] for row in search_actions(open_db(path), "recruitment")] == ["1.1"]
