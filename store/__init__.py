"""Store: `NormalisedDocument` -> SQLite, per the contract in `SCHEMA.md`.

    db = open_db(Path("planwatch.db"))
    result = store(db, normalised)

One transaction per document: the `documents` row is upserted on its id (the
file's sha256), the document's rows in every other table are deleted and the
new ones inserted, so re-ingesting replaces and never duplicates. A failure
rolls back that document only. A failed re-ingest of a document that was read
before keeps the earlier rows and records the failure beside them.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from sqlite_utils import Database

from planwatch.normalise.models import NormalisedDocument, Status

from . import fts, views
from .schema import CHILD_TABLES, INDEXES, SCHEMA_VERSION, TABLES

BUSY_TIMEOUT_SECONDS = 60.0
"""How long a writer waits for another process's transaction before giving up."""

META_TABLE = "planwatch_meta"


class StoreResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document_id: str
    status: str
    rows: dict[str, int] = Field(default_factory=dict)
    kept_previous: bool = Field(default=False, description="a failed attempt left earlier rows in place")


def open_db(path: Path | str) -> Database:
    """RETURNS (Database): the database at `path`, created or brought up to date, in WAL mode."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    if db.journal_mode != "wal":
        db.enable_wal()
    ensure_schema(db)
    return db


def ensure_schema(db: Database) -> None:
    """Create every contract table, index, view, full-text index and the schema version when missing."""
    with immediate(db):
        for name, spec in TABLES.items():
            if not db[name].exists():
                db.create_table(
                    name,
                    spec["columns"],
                    pk=spec["pk"],
                    not_null=spec.get("not_null"),
                    foreign_keys=spec.get("foreign_keys"),
                )
        existing = {tuple(index.columns) for name in TABLES for index in db[name].indexes}
        for table, columns in INDEXES:
            if tuple(columns) not in existing:
                db[table].create_index(columns, if_not_exists=True)
        if not db[META_TABLE].exists():
            db.create_table(META_TABLE, {"key": str, "value": str}, pk="key")
        db[META_TABLE].upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")
        views.ensure_views(db)
        fts.ensure_fts(db)


@contextlib.contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction taken at once (BEGIN IMMEDIATE).

    A deferred transaction that reads before it writes can fail at once with
    'database is locked' when another process writes too; taking the write
    lock first lets SQLite's busy timeout do the waiting.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def known_ids(db: Database) -> set[str]:
    """RETURNS (set[str]): ids of documents already read (ok or partial); failed ones are retried."""
    rows = db.execute("select id from documents where status in ('ok', 'partial')").fetchall()
    return {row[0] for row in rows}


def store(db: Database, normalised: NormalisedDocument) -> StoreResult:
    """RETURNS (StoreResult): rows written per table for one document, in one transaction."""
    document = normalised.document.model_dump(mode="json")
    doc_id = document["id"]
    document["last_attempt_at"] = document.get("extracted_at")
    with immediate(db):
        if document["status"] == Status.FAILED.value and _has_good_rows(db, doc_id):
            _record_failed_attempt(db, doc_id, document)
            return StoreResult(document_id=doc_id, status=Status.FAILED.value, kept_previous=True)
        document["last_attempt_error"] = None
        db["documents"].upsert(document, pk="id")
        for table in CHILD_TABLES:
            db[table].delete_where("document_id = ?", [doc_id])
        rows = _insert_records(db, doc_id, normalised)
    return StoreResult(document_id=doc_id, status=document["status"], rows=rows)


def _has_good_rows(db: Database, doc_id: str) -> bool:
    row = db.execute("select status from documents where id = ?", [doc_id]).fetchone()
    return row is not None and row[0] in (Status.OK.value, Status.PARTIAL.value)


def _record_failed_attempt(db: Database, doc_id: str, document: dict) -> None:
    db["documents"].update(doc_id, {
        "last_attempt_at": document["last_attempt_at"],
        "last_attempt_error": document["error"],
        "source_path": document["source_path"],
    })


def _insert_records(db: Database, doc_id: str, normalised: NormalisedDocument) -> dict[str, int]:
    rows: dict[str, int] = {}
    for table in ("priorities", "actions", "rag_key", "rag_counts"):
        records = [dict(record.model_dump(mode="json"), document_id=doc_id) for record in getattr(normalised, table)]
        if records:
            db[table].insert_all(records)
        rows[table] = len(records)
    problems = [
        dict(problem.model_dump(mode="json"), document_id=doc_id) for problem in normalised.problems
    ]
    if problems:
        db["problems"].insert_all(problems)
    rows["problems"] = len(problems)
    rows["indicators"], rows["indicator_values"] = _insert_indicators(db, doc_id, normalised)
    return rows


def _insert_indicators(db: Database, doc_id: str, normalised: NormalisedDocument) -> tuple[int, int]:
    n_values = 0
    for indicator in normalised.indicators:
        record = indicator.model_dump(mode="json", exclude={"values"})
        record["document_id"] = doc_id
        indicator_id = db["indicators"].insert(record).last_pk
        values = [
            dict(value.model_dump(mode="json"), indicator_id=indicator_id, document_id=doc_id)
            for value in indicator.values
        ]
        if values:
            db["indicator_values"].insert_all(values)
        n_values += len(values)
    return len(normalised.indicators), n_values


def schema_version(db: Database) -> int | None:
    """RETURNS (int | None): the schema version recorded in the database."""
    if not db[META_TABLE].exists():
        return None
    row = db.execute(f"select value from {META_TABLE} where key = 'schema_version'").fetchone()
    return int(row[0]) if row else None
