"""Store: the contract's tables and columns, replacement on re-ingest, kept rows on failure."""

from __future__ import annotations

import re

import pytest

from conftest import SHARED, need
from planwatch.ingest.models import Format, Origin, Problem, Severity
from planwatch.normalise import failed_document
from planwatch.normalise.models import (
    ActionRow, DocumentRow, IndicatorRow, IndicatorValueRow, NormalisedDocument, RagCountRow,
)
from planwatch.store import known_ids, open_db, schema_version, store
from planwatch.store.schema import SCHEMA_VERSION

SQL_TYPES = {"TEXT": "TEXT", "INTEGER": "INTEGER", "REAL": "REAL"}


def contract_columns() -> dict[str, dict[str, str]]:
    """Tables and column types as SCHEMA.md states them (read from ../shared)."""
    text = need(SHARED / "SCHEMA.md").read_text(encoding="utf-8")
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"^## (\w+)", line)
        if heading:
            current = heading.group(1)
            tables[current] = {}
            continue
        row = re.match(r"^\|\s*(\w+)\s*\|\s*(TEXT|INTEGER|REAL)( PK)?\s*\|", line)
        if row and current:
            tables[current][row.group(1)] = row.group(2)
        elif current and not tables[current] and line.startswith("| document_id |"):
            # rag_key lists its columns in one header row, without types
            for part in line.strip("| ").split("|"):
                name = part.strip().split(" ")[0]
                tables[current][name] = "INTEGER" if name == "page" else "TEXT"
    return tables


def document(doc_id: str = "a" * 64, **fields) -> DocumentRow:
    return DocumentRow(id=doc_id, source_path=f"/papers/{doc_id[:4]}.pdf", filename=f"{doc_id[:4]}.pdf",
                       format="pdf", pages=3, extracted_at="2026-01-01T00:00:00+00:00", **fields)


def normalised(doc_id: str = "a" * 64, n_actions: int = 3) -> NormalisedDocument:
    return NormalisedDocument(
        document=document(doc_id, council="Rutland", council_code="E06000017"),
        actions=[ActionRow(ref=f"1.{i}", action=f"Action {i}", rag="amber", due_date="2024-03-31", page=1)
                 for i in range(n_actions)],
        rag_counts=[RagCountRow(grp="1", rag="red", count=2, page=2)],
        indicators=[IndicatorRow(name="Percentage of visits", unit="percent", values=[
            IndicatorValueRow(period="Oct-22", period_end="2022-10-31", value=41.3, value_raw="41.3%"),
            IndicatorValueRow(period="Nov-22", status="missing"),
        ])],
    )


def test_every_contract_table_and_column_exists_with_its_type(tmp_path):
    db = open_db(tmp_path / "planwatch.db")
    for table, columns in contract_columns().items():
        assert db[table].exists(), f"[SCHEMA.md] table {table} missing"
        actual = {column.name: column.type for column in db[table].columns}
        for name, sql_type in columns.items():
            assert name in actual, f"[SCHEMA.md] {table}.{name} missing"
            assert actual[name] == SQL_TYPES[sql_type], f"[SCHEMA.md] {table}.{name} is {actual[name]}, not {sql_type}"


def test_wal_mode_and_schema_version(tmp_path):
    db = open_db(tmp_path / "planwatch.db")
    assert db.journal_mode == "wal"
    assert schema_version(db) == SCHEMA_VERSION


def test_store_writes_rows_with_provenance(tmp_path):
    db = open_db(tmp_path / "planwatch.db")
    result = store(db, normalised())
    assert result.rows["actions"] == 3 and result.rows["indicator_values"] == 2
    assert {row["document_id"] for row in db["actions"].rows} == {"a" * 64}
    (indicator,) = db["indicators"].rows
    values = list(db["indicator_values"].rows_where("indicator_id = ?", [indicator["id"]]))
    assert [(v["value"], v["status"]) for v in values] == [(41.3, "ok"), (None, "missing")]


def test_storing_again_replaces_rows(tmp_path):
    db = open_db(tmp_path / "planwatch.db")
    store(db, normalised(n_actions=3))
    store(db, normalised(n_actions=3))
    assert db["actions"].count == 3 and db["indicators"].count == 1 and db["indicator_values"].count == 2
    store(db, normalised(n_actions=1))
    assert db["actions"].count == 1, "stale rows were left behind"
    store(db, normalised("b" * 64, n_actions=2))
    assert db["actions"].count == 3 and db["documents"].count == 2


def test_failed_reingest_keeps_the_last_good_rows(tmp_path):
    db = open_db(tmp_path / "planwatch.db")
    good = normalised()
    store(db, good)
    origin = Origin(filename="aaaa.pdf", path="/papers/aaaa.pdf", sha256="a" * 64, format=Format.PDF, size=10)
    problem = Problem(code="timeout", message="aaaa.pdf: reading took too long", severity=Severity.ERROR)
    result = store(db, failed_document(origin, problem))
    assert result.kept_previous
    row = db["documents"].get("a" * 64)
    assert row["status"] == "ok" and row["council_code"] == "E06000017"
    assert row["last_attempt_error"] == "aaaa.pdf: reading took too long"
    assert db["actions"].count == 3


def test_failure_of_a_new_document_is_recorded(tmp_path):
    db = open_db(tmp_path / "planwatch.db")
    origin = Origin(filename="x.pdf", path="/x.pdf", sha256="c" * 64, format=Format.PDF, size=0)
    store(db, failed_document(origin, Problem(code="empty_file", message="x.pdf: empty", severity=Severity.ERROR)))
    row = db["documents"].get("c" * 64)
    assert (row["status"], row["error"]) == ("failed", "x.pdf: empty")
    assert [p["code"] for p in db["problems"].rows] == ["empty_file"]
    assert "c" * 64 not in known_ids(db), "a failed document must be retried on the next run"


def test_a_failing_write_rolls_back_only_that_document(tmp_path):
    db = open_db(tmp_path / "planwatch.db")
    store(db, normalised())
    bad = normalised("d" * 64)
    bad.indicators[0].values[0].__dict__["value"] = object()  # cannot be written to SQLite
    with pytest.raises(Exception):
        store(db, bad)
    assert db["documents"].count == 1 and db["actions"].count == 3
