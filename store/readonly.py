"""Opening a database only to read it: its bytes never change (#18).

    opened = open_read_only(Path("plans.db"))   # ReadOnly(db, how): how = 'read_only', 'immutable' or 'copy'

`info`, `serve`, `export` and `compare` read a database an analyst may have
been given, perhaps in a folder they may not write, perhaps checked into
version control: reading it must not switch its journal mode, migrate it or
re-create its views. So the file is opened with SQLite's `mode=ro`:

- a database of this planwatch's schema, with its views as this planwatch
  defines them, is read as it is (`read_only`);
- a database in write-ahead-log mode whose folder may not be written has no
  `-shm` file to coordinate readers through, and `mode=ro` cannot open it;
  it is opened `immutable` (nothing can be writing it there);
- a database of an older schema, or whose views an older planwatch made, is
  copied into memory and the copy brought up to date (`copy`): the file
  stays as it is, and `planwatch ingest --db` brings it up to date for good.

A file that is not SQLite, not planwatch's, empty, or of a newer schema
raises SchemaError with the same message in every command.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from planwatch._sqlite_utils import Database

from . import fts, views
from .exceptions import SchemaError, StoreError, no_database_message
from .migrate import database_version, newer_version_message
from .schema import SCHEMA_VERSION

SQLITE_CANTOPEN, SQLITE_NOTADB = 14, 26


@dataclass
class ReadOnly:
    """A database opened for reading, and how (see the module docstring)."""

    db: Database
    how: str


def open_read_only(path: Path | str) -> ReadOnly:
    """RETURNS (ReadOnly): the database at `path`, readable as this planwatch's schema, its file unchanged.

    Raises StoreError when there is no file, SchemaError for a file that is
    not a planwatch database or is of a newer schema.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(no_database_message(path))
    db, how = _connect(path)
    try:
        version = database_version(db, name=str(path))
    except sqlite3.DatabaseError as e:
        db.conn.close()
        raise _error(path, e) from e
    except SchemaError:
        db.conn.close()
        raise
    if version is None:
        db.conn.close()
        raise SchemaError(
            f"{path}: an empty SQLite database, not a planwatch one; "
            f"run 'planwatch ingest PATH --db {path}' to fill it, or choose another file with --db"
        )
    if version > SCHEMA_VERSION:
        db.conn.close()
        raise SchemaError(newer_version_message(str(path), version))
    if version == SCHEMA_VERSION and is_current(db):
        return ReadOnly(db, how)
    return ReadOnly(_upgraded_copy(db, path), "copy")


def is_current(db: Database) -> bool:
    """RETURNS (bool): whether the database's views and full-text indexes are this planwatch's."""
    return views.views_current(db) and all(db[f"{table}_fts"].exists() for table in fts.FTS_COLUMNS)


def _connect(path: Path) -> tuple[Database, str]:
    """The file opened with mode=ro, else (a WAL database in a folder that may not be written) immutable."""
    try:
        return _probe(path, "mode=ro"), "read_only"
    except sqlite3.DatabaseError as e:
        if _code(e) != SQLITE_CANTOPEN:
            raise _error(path, e) from e
    try:
        return _probe(path, "immutable=1"), "immutable"
    except sqlite3.DatabaseError as e:
        raise _error(path, e) from e


def _probe(path: Path, query: str) -> Database:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, check_same_thread=False)
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return Database(conn)


def _upgraded_copy(db: Database, path: Path) -> Database:
    """RETURNS (Database): an in-memory copy of the database, migrated and given this planwatch's views."""
    from . import ensure_schema

    copy = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    db.conn.backup(copy)
    db.conn.close()
    upgraded = Database(copy)
    ensure_schema(upgraded, name=str(path))
    return upgraded


def _error(path: Path, error: sqlite3.DatabaseError) -> StoreError:
    if _code(error) == SQLITE_NOTADB:
        return SchemaError(f"{path}: not an SQLite database ({error}); choose another file with --db")
    return StoreError(f"{path}: the database could not be read ({error}); check that you may read it")


def _code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF
    text = str(error).lower()
    if "not a database" in text:
        return SQLITE_NOTADB
    if "unable to open" in text:
        return SQLITE_CANTOPEN
    return None
