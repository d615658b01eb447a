"""Store: `NormalisedDocument` -> SQLite, per the contract in `SCHEMA.md`.

    db = open_db(Path("planwatch.db"))
    result = store(db, normalised)

One transaction per document: the `documents` row is upserted on its id (the
file's sha256), the document's rows in every other table are deleted and the
new ones inserted, so re-ingesting replaces and never duplicates. A failure
rolls back that document only. A failed re-ingest of a document that was read
before keeps the earlier rows and records the failure beside them; so does a
re-ingest that read less because part of the reading failed (a page out of
memory, unreadable or past its time: `SHORT_READING_CODES`) when the earlier
reading had no such failure.
In the same transaction, `same_paper.link_same_papers` marks a document that
is another's paper in other bytes (Word beside PDF) `same_as` the one counted.
`open_db(path, read_only=True)` never changes the file (`store.readonly`).

Linking the same action across a council's papers (`actions.action_key`)
is a pass over all of a council's papers, so it runs once after a batch is
stored (`link_actions`, in `store.linking`), not per document.

Several processes may write to one database at once: WAL mode lets readers
go on while one writes, each write transaction takes the lock at once
(BEGIN IMMEDIATE) so SQLite's busy timeout does the waiting, and the few
places where SQLite answers 'database is locked' without waiting (switching
to WAL, a recovery after a crash) are retried (`retry_locked`). Opening a
database of an older schema version migrates it (`store.migrate`).
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field
from planwatch._sqlite_utils import Database

from planwatch.normalise.models import NormalisedDocument, Status
from planwatch.wording import counted

from . import fts, recommendation_links, views
from .measures import ensure_measures
from .exceptions import SchemaError, StoreBusy, StoreError
from .linking import LinkResult, link_actions, unlinked_councils
from .migrate import META_TABLE, migrate
from .readonly import ReadOnly, open_read_only
from .same_paper import link_same_papers
from .schema import CHILD_TABLES, INDEXES, SCHEMA_VERSION, TABLES

__all__ = [
    "open_db", "store", "known_ids", "schema_version", "ensure_schema", "immediate", "retry_locked",
    "StoreResult", "StoreError", "SchemaError", "StoreBusy", "open_read_only", "ReadOnly",
    "link_actions", "LinkResult", "unlinked_councils",
]

BUSY_TIMEOUT_SECONDS = 60.0
"""How long a writer waits for another process's transaction before giving up."""
RETRY_FIRST_WAIT_SECONDS = 0.05
"""First pause before retrying a write SQLite refused as locked; doubled on each retry."""
RETRY_MAX_WAIT_SECONDS = 2.0
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOTADB = 5, 6, 26
SHORT_READING_CODES = ("out_of_memory", "page_unreadable", "page_too_slow")
"""Problems that mean part of a paper was not read because the reading failed, not because the paper
lacks it: a reading with one never replaces an earlier reading without."""

T = TypeVar("T")


class StoreResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document_id: str
    status: str
    rows: dict[str, int] = Field(default_factory=dict)
    kept_previous: bool = Field(default=False, description="a failed attempt, or one that read less (SHORT_READING_CODES), left earlier rows in place")


def open_db(path: Path | str, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS, read_only: bool = False) -> Database:
    """RETURNS (Database): the database at `path`, created or migrated to the current schema, in WAL mode.

    read_only (bool): for reading an existing database without changing it
        (`store.readonly`): opened with mode=ro, never migrated or switched to
        WAL; an older one is read through an up-to-date copy in memory.
    Raises SchemaError for a file that is not a planwatch database or is of a
    newer schema version, StoreError when the file cannot be opened.
    """
    path = Path(path)
    if read_only:
        return open_read_only(path).db
    try:
        conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None)
        db = Database(conn)
        retry_locked(lambda: _prepare(db, str(path)), name=path.name, deadline=busy_timeout)
    except sqlite3.DatabaseError as e:
        raise _open_error(path, e) from e
    return db


def _prepare(db: Database, name: str) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    if db.journal_mode != "wal":
        db.enable_wal()
    ensure_schema(db, name=name)


def _open_error(path: Path, error: sqlite3.DatabaseError) -> StoreError:
    if _error_code(error) == SQLITE_NOTADB:
        return SchemaError(f"{path}: not an SQLite database ({error}); choose another file with --db")
    return StoreError(
        f"{path}: the database could not be opened ({error}); check that its folder exists "
        "and that you may write to it"
    )


def ensure_schema(db: Database, *, name: str = "database") -> None:
    """Migrate an older database, then create every table, index, view, full-text index and the schema version.

    The measures catalogue shipped with the package is written too, when the
    database lacks it or holds an older one (`store.measures`).

    Raises SchemaError (before changing anything) for a database of a newer
    or unknown version.
    """
    with immediate(db):
        migrate(db, name=name)
        for table, spec in TABLES.items():
            if not db[table].exists():
                db.create_table(
                    table,
                    spec["columns"],
                    pk=spec["pk"],
                    not_null=spec.get("not_null"),
                    foreign_keys=spec.get("foreign_keys"),
                )
        existing = {(table, tuple(index.columns)) for table in TABLES for index in db[table].indexes}
        for table, columns in INDEXES:
            if (table, tuple(columns)) not in existing:
                db[table].create_index(columns, if_not_exists=True)
        if not db[META_TABLE].exists():
            db.create_table(META_TABLE, {"key": str, "value": str}, pk="key")
        if schema_version(db) != SCHEMA_VERSION:
            db.execute(
                f"insert into {META_TABLE} (key, value) values ('schema_version', ?) "
                "on conflict (key) do update set value = excluded.value",
                [str(SCHEMA_VERSION)],
            )
        ensure_measures(db, meta_table=META_TABLE)
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
        if db.conn.in_transaction:  # some errors (a full disk) end the transaction themselves
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def retry_locked(operation: Callable[[], T], *, name: str, deadline: float = BUSY_TIMEOUT_SECONDS) -> T:
    """RETURNS: what `operation` returns, retrying it while SQLite says the database is locked.

    `operation` must be a whole transaction (or none), so a retry starts clean.
    Raises StoreBusy once `deadline` seconds have passed.
    """
    started = time.monotonic()
    pause = RETRY_FIRST_WAIT_SECONDS
    while True:
        try:
            return operation()
        except sqlite3.OperationalError as e:
            if _error_code(e) not in (SQLITE_BUSY, SQLITE_LOCKED):
                raise
            if time.monotonic() - started >= deadline:
                raise StoreBusy(
                    f"{name}: the database stayed locked by another program for over {counted(float(deadline), 'second')}; "
                    "close any program holding it open for writing and run the same command again "
                    "(documents stored so far are kept and will be skipped)"
                ) from e
        time.sleep(pause * (1 + random.random()))
        pause = min(pause * 2, RETRY_MAX_WAIT_SECONDS)


def _error_code(error: sqlite3.Error) -> int | None:
    """RETURNS (int | None): SQLite's primary result code for `error` (from Python 3.11, else from its text)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return SQLITE_BUSY
    if "not a database" in text:
        return SQLITE_NOTADB
    return None


def known_ids(db: Database) -> set[str]:
    """RETURNS (set[str]): ids of documents already read (ok or partial); failed ones are retried."""
    rows = db.execute("select id from documents where status in ('ok', 'partial')").fetchall()
    return {row[0] for row in rows}


def store(db: Database, normalised: NormalisedDocument, *, deadline: float = BUSY_TIMEOUT_SECONDS) -> StoreResult:
    """RETURNS (StoreResult): rows written per table for one document, in one transaction.

    The transaction is retried while another writer holds the database
    (`retry_locked`); StoreBusy when it stays locked for `deadline` seconds.
    """
    return retry_locked(lambda: _store_once(db, normalised), name=_db_name(db), deadline=deadline)


def _db_name(db: Database) -> str:
    row = db.execute("pragma database_list").fetchone()
    return Path(row[2]).name if row and row[2] else "database"


def _store_once(db: Database, normalised: NormalisedDocument) -> StoreResult:
    document = normalised.document.model_dump(mode="json")
    doc_id = document["id"]
    document["last_attempt_at"] = document.get("extracted_at")
    with immediate(db):
        if _worse_than_stored(db, doc_id, document["status"], normalised):
            _record_failed_attempt(db, doc_id, document)
            return StoreResult(document_id=doc_id, status=document["status"], kept_previous=True)
        document["last_attempt_error"] = None
        councils = {_council_of(db, doc_id), document.get("council_code")}
        db["documents"].upsert(document, pk="id")
        _delete_links_into(db, doc_id)
        for table in CHILD_TABLES:
            db[table].delete_where("document_id = ?", [doc_id])
        rows = _insert_records(db, doc_id, normalised)
        link_same_papers(db, doc_id)
        if _may_answer_or_be_answered(normalised) or _inspected(db, councils):
            rows["recommendation_links"] = recommendation_links.relink(db, council_codes=councils - {None})
    return StoreResult(document_id=doc_id, status=document["status"], rows=rows)


def _worse_than_stored(db: Database, doc_id: str, status: str, normalised: NormalisedDocument) -> bool:
    """RETURNS (bool): whether this reading failed, or fell short where the stored reading of the same bytes did not."""
    if not _has_good_rows(db, doc_id):
        return False
    if status == Status.FAILED.value:
        return True
    return _fell_short(normalised) and not _stored_fell_short(db, doc_id)


def _fell_short(normalised: NormalisedDocument) -> bool:
    return any(problem.code in SHORT_READING_CODES for problem in normalised.problems)


def _stored_fell_short(db: Database, doc_id: str) -> bool:
    marks = ", ".join("?" for _ in SHORT_READING_CODES)
    row = db.execute(
        f"select 1 from problems where document_id = ? and code in ({marks}) limit 1", [doc_id, *SHORT_READING_CODES]
    ).fetchone()
    return row is not None


def _delete_links_into(db: Database, doc_id: str) -> None:
    """Delete the links other papers hold to this paper's recommendations, priorities and actions.

    A link belongs to the plan that answers (its `document_id`), but points at
    rows that may be another paper's; those rows are about to be replaced, so
    the links to them go too and are made again by the next linking pass.
    """
    db.execute(
        "delete from recommendation_links where "
        "recommendation_id in (select id from recommendations where document_id = :d) "
        "or priority_id in (select id from priorities where document_id = :d) "
        "or action_id in (select id from actions where document_id = :d)",
        {"d": doc_id},
    )


def _council_of(db: Database, doc_id: str) -> str | None:
    row = db.execute("select council_code from documents where id = ?", [doc_id]).fetchone()
    return row[0] if row else None


def _may_answer_or_be_answered(normalised: NormalisedDocument) -> bool:
    """A paper with plan rows may answer an inspection; one with recommendations may be answered."""
    return bool(normalised.priorities or normalised.actions or getattr(normalised, "recommendations", None))


def _inspected(db: Database, councils: set[str | None]) -> bool:
    """Whether any of these councils has an inspection on file, whose links a re-read paper may change."""
    codes = [code for code in councils if code]
    if not codes:
        return False
    marks = ", ".join("?" for _ in codes)
    return db.execute(f"select 1 from inspections where council_code in ({marks}) limit 1", codes).fetchone() is not None


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
    for table in ("priorities", "actions", "rag_key", "rag_counts", "inspections", "inspection_judgements",
                  "recommendations"):
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
