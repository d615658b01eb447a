"""Schema versions: an older database is migrated; a newer, unknown or foreign one is refused clearly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from planwatch.cli import cli
from planwatch.store import SchemaError, StoreError, known_ids, open_db, schema_version, store
from planwatch.store.migrate import ADDED_IN_1, ADDED_IN_2, META_TABLE, database_version
from planwatch.store.schema import SCHEMA_VERSION, TABLES
from test_store import normalised

OLD_ID = "e" * 64
TABLES_IN_1 = {"documents", "priorities", "actions", "rag_key", "rag_counts", "indicators", "indicator_values", "problems"}
"""The tables of schema version 1; version 2 added the catalogue of measures and the inspections' tables."""


def create_old_tables(conn: sqlite3.Connection, tables: list[str], *, leave_out: list[dict[str, list[str]]]) -> None:
    """Create `tables` as TABLES defines them, without the columns later versions added (`leave_out`)."""
    types = {str: "TEXT", int: "INTEGER", float: "REAL"}
    for table in tables:
        spec = TABLES[table]
        added = [name for version in leave_out for name in version.get(table, [])]
        definition = ", ".join(
            f"[{name}] {types[kind]}" + (" PRIMARY KEY" if name == spec["pk"] else "")
            for name, kind in spec["columns"].items() if name not in added
        )
        conn.execute(f"create table [{table}] ({definition})")


def add_old_paper(conn: sqlite3.Connection) -> None:
    """One paper with two actions, as an older planwatch stored them."""
    conn.execute(
        "insert into documents (id, source_path, filename, format, status, council, extracted_at) "
        "values (?, '/old/plan.pdf', 'plan.pdf', 'pdf', 'ok', 'Rutland', '2024-01-01T00:00:00+00:00')",
        [OLD_ID],
    )
    conn.executemany(
        "insert into actions (document_id, ref, action, rag) values (?, ?, ?, 'amber')",
        [(OLD_ID, "1.1", "Recruit"), (OLD_ID, "1.2", "Audit")],
    )


def version_1_database(path: Path) -> Path:
    """A database as planwatch 0.1.0 wrote it: schema version 1, one paper with two actions."""
    conn = sqlite3.connect(path)
    create_old_tables(conn, sorted(TABLES_IN_1), leave_out=[ADDED_IN_2])
    conn.execute(f"create table {META_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute(f"insert into {META_TABLE} values ('schema_version', '1')")
    add_old_paper(conn)
    conn.commit()
    conn.close()
    return path


def version_0_database(path: Path) -> Path:
    """A database as planwatch wrote it before schema versions: contract columns only, no problems table."""
    conn = sqlite3.connect(path)
    create_old_tables(conn, [table for table in TABLES if table in TABLES_IN_1 and table != "problems"],
                      leave_out=[ADDED_IN_1, ADDED_IN_2])
    add_old_paper(conn)
    conn.execute("insert into indicators (id, document_id, name) values (7, ?, 'Visits on time')", [OLD_ID])
    conn.executemany(
        "insert into indicator_values (indicator_id, period, value) values (7, ?, ?)", [("Oct-22", 41.3), ("Nov-22", 40.0)]
    )
    conn.commit()
    conn.close()
    return path


def set_version(path: Path, value: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"update {META_TABLE} set value = ? where key = 'schema_version'", [value])
    conn.commit()


def test_a_version_0_database_is_migrated_keeping_its_rows(tmp_path):
    path = version_0_database(tmp_path / "old.db")
    db = open_db(path)
    assert schema_version(db) == SCHEMA_VERSION
    for table, spec in TABLES.items():
        assert {column.name for column in db[table].columns} == set(spec["columns"]), f"[old.db] {table}"
    assert [(row["id"], row["ref"]) for row in db["actions"].rows] == [(1, "1.1"), (2, "1.2")]
    values = [(row["document_id"], row["period"], row["value"]) for row in db["indicator_values"].rows]
    assert values == [(OLD_ID, "Oct-22", 41.3), (OLD_ID, "Nov-22", 40.0)]
    assert db["documents"].get(OLD_ID)["council"] == "Rutland"
    assert OLD_ID in known_ids(db), "documents read before the migration are still skipped"
    assert {column.name for column in db["indicator_values"].columns if column.notnull} >= {"document_id"}


def test_a_version_1_database_gains_the_version_2_columns_and_tables(tmp_path):
    db = open_db(version_1_database(tmp_path / "v1.db"))
    assert schema_version(db) == SCHEMA_VERSION
    for table, spec in TABLES.items():
        assert {column.name for column in db[table].columns} == set(spec["columns"]), f"[v1.db] {table}"
    assert [(row["ref"], row["action_key"]) for row in db["actions"].rows] == [("1.1", None), ("1.2", None)]
    assert OLD_ID in known_ids(db)
    store(db, normalised(OLD_ID, n_actions=1))
    assert db["actions"].count == 1, "a paper read before the migration is replaced, not duplicated"


def test_views_over_rebuilt_tables_survive_and_search_covers_old_rows(tmp_path):
    path = version_0_database(tmp_path / "old.db")
    conn = sqlite3.connect(path)
    conn.execute("create view my_amber as select document_id, ref from actions where rag = 'amber'")
    conn.commit()
    db = open_db(path)
    assert db.execute("select ref from my_amber order by ref").fetchall() == [("1.1",), ("1.2",)]
    assert [row["ref"] for row in db["actions"].search("Recruit")] == ["1.1"]
    store(db, normalised("f" * 64))
    assert len(list(db["actions"].search("Action"))) == 3, "the index follows new rows"


def test_a_migrated_database_takes_new_documents_and_replaces_old_ones(tmp_path):
    db = open_db(version_0_database(tmp_path / "old.db"))
    store(db, normalised("f" * 64))
    store(db, normalised(OLD_ID, n_actions=1))
    assert db["actions"].count == 3 + 1
    assert db["indicator_values"].count == 2 * 2
    assert db.execute("pragma foreign_key_check").fetchall() == []
    assert open_db(tmp_path / "old.db")["documents"].count == 2, "opening again migrates nothing twice"


def test_a_newer_database_is_refused_with_both_versions_named(tmp_path):
    path = tmp_path / "future.db"
    open_db(path).conn.close()
    set_version(path, str(SCHEMA_VERSION + 1))
    message = (
        rf"future\.db: the database was written by a newer planwatch \(schema version {SCHEMA_VERSION + 1}; "
        rf"this planwatch reads version {SCHEMA_VERSION}\); upgrade planwatch"
    )
    with pytest.raises(SchemaError, match=message):
        open_db(path)
    conn = sqlite3.connect(path)
    assert conn.execute(f"select value from {META_TABLE}").fetchone()[0] == str(SCHEMA_VERSION + 1), "left as it was"


def test_an_unknown_version_is_refused(tmp_path):
    path = tmp_path / "odd.db"
    open_db(path).conn.close()
    set_version(path, "two")
    with pytest.raises(SchemaError, match=r"odd\.db: the database records an unknown schema version \('two'\)"):
        open_db(path)


def test_a_database_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("create table invoices (id integer primary key, total real)")
    conn.commit()
    with pytest.raises(SchemaError, match=r"other\.db: not a planwatch database \(it holds the tables invoices"):
        open_db(path)
    assert [row[0] for row in conn.execute("select name from sqlite_master")] == ["invoices"], "nothing was added"


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("These are my notes, not a database. " * 40)
    with pytest.raises(SchemaError, match=r"notes\.db: not an SQLite database \(file is not a database\)"):
        open_db(path)


def test_the_cli_says_what_to_do_with_a_newer_database(tmp_path):
    path = tmp_path / "future.db"
    open_db(path).conn.close()
    set_version(path, "99")
    (tmp_path / "a.txt").write_text("Ref\tAction\n1\tRead\n")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "a.txt"), "--db", str(path), "--workers", "0"])
    assert result.exit_code == 1
    assert f"Error: {path}: the database was written by a newer planwatch (schema version 99;" in result.stderr
    result = CliRunner().invoke(cli, ["info", "--db", str(path)])
    assert result.exit_code == 1 and "upgrade planwatch" in result.stderr


def test_database_version_of_an_empty_file_is_none(tmp_path):
    from sqlite_utils import Database

    assert database_version(Database(tmp_path / "new.db"), name="new.db") is None


def test_a_database_in_a_missing_folder_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match=r"x\.db: the database could not be opened \(unable to open database file\); "
                                         r"check that its folder exists"):
        open_db(tmp_path / "no-such-folder" / "x.db")
