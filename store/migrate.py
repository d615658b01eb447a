"""Schema versions: find a database's version and bring an older one up to date.

`planwatch_meta.schema_version` records the version a database was written
with. A database planwatch wrote before versions were recorded (version 0:
the contract tables with SCHEMA.md's columns only, no `problems` table, no
meta table) is recognised by its `documents` table. Opening a database:

- of the current version: nothing to do;
- of an older version: each step in `MIGRATIONS` runs in turn, inside the
  caller's transaction, so a failed migration leaves the file as it was;
- of a newer or unknown version, or a file that is not a planwatch database:
  `SchemaError`, with a message naming the file and what to do.

Adding a step: bump `schema.SCHEMA_VERSION`, add a function here taking the
database from the version before, register it in `MIGRATIONS`, and build a
database of the old version in tests/test_migrate.py.
"""

from __future__ import annotations

from collections.abc import Callable

from planwatch._sqlite_utils import Database

from .exceptions import SchemaError
from .schema import SCHEMA_VERSION, TABLES

META_TABLE = "planwatch_meta"
SQLITE_INTERNAL_PREFIX = "sqlite_"

ADDED_IN_1: dict[str, list[str]] = {
    "documents": ["size", "last_attempt_at", "last_attempt_error"],
    "priorities": ["id"],
    "actions": ["id"],
    "rag_key": ["id"],
    "rag_counts": ["id"],
    "indicators": ["marker", "direction_raw", "link"],
    "indicator_values": ["id", "document_id"],
}
"""Columns version 1 added to the contract tables (the `problems` table is new as a whole)."""

ADDED_IN_2: dict[str, list[str]] = {
    "documents": ["same_as", "fingerprint"],
    "actions": ["action_key", "action_key_method", "action_key_score"],
    "indicators": ["measure", "measure_score"],
}
"""Columns version 2 added (its new tables, inspections and the rest, are created by `ensure_schema`)."""


def database_version(db: Database, *, name: str) -> int | None:
    """RETURNS (int | None): the database's schema version; None for an empty file.

    Raises SchemaError for a file that is not a planwatch database or records
    a version that is not a number.
    """
    tables = {table for table in db.table_names() if not table.startswith(SQLITE_INTERNAL_PREFIX)}
    if META_TABLE in tables:
        row = db.execute(f"select value from {META_TABLE} where key = 'schema_version'").fetchone()
        if row is not None:
            try:
                return int(row[0])
            except (TypeError, ValueError):
                raise SchemaError(
                    f"{name}: the database records an unknown schema version ({row[0]!r}), so planwatch "
                    "cannot tell how to read it; ingest into a new database with --db"
                ) from None
    if "documents" in tables:
        return 0
    if not tables:
        return None
    listed = ", ".join(sorted(tables)[:5])
    raise SchemaError(
        f"{name}: not a planwatch database (it holds the tables {listed} and no documents table); "
        "choose another file with --db"
    )


def migrate(db: Database, *, name: str) -> list[int]:
    """RETURNS (list[int]): the versions the database was migrated from, oldest first.

    Call inside a write transaction. Raises SchemaError for a database newer
    than this planwatch.
    """
    found = database_version(db, name=name)
    if found is None or found == SCHEMA_VERSION:
        return []
    if found > SCHEMA_VERSION:
        raise SchemaError(newer_version_message(name, found))
    steps = list(range(found, SCHEMA_VERSION))
    for version in steps:
        MIGRATIONS[version](db)
    return steps


def newer_version_message(name: str, found: int) -> str:
    """RETURNS (str): what to say about a database a newer planwatch wrote, in every command alike."""
    return (
        f"{name}: the database was written by a newer planwatch (schema version {found}; this "
        f"planwatch reads version {SCHEMA_VERSION}); upgrade planwatch (pip install -U planwatch) "
        "or ingest into another database with --db"
    )


def migrate_0_to_1(db: Database) -> None:
    """Add the columns and the `problems` table version 1 introduced.

    Tables that lacked an `id` primary key are rebuilt (SQLite cannot add one
    in place) with their rowids as ids; `indicator_values.document_id` is
    filled from its indicator. Other columns are added in place.
    """
    for table, added in ADDED_IN_1.items():
        if not db[table].exists():
            continue
        present = {column.name for column in db[table].columns}
        missing = [column for column in added if column not in present]
        if "id" in missing:
            _rebuild(db, table, present)
            continue
        for column in missing:
            db[table].add_column(column, TABLES[table]["columns"][column])
    if not db["problems"].exists():
        spec = TABLES["problems"]
        db.create_table("problems", spec["columns"], pk=spec["pk"], not_null=spec.get("not_null"),
                        foreign_keys=spec.get("foreign_keys"))


def migrate_1_to_2(db: Database) -> None:
    """Add the columns version 2 introduced: the same paper, the same action, the same measure.

    Existing rows keep NULL in them until their papers are read again
    (`planwatch ingest --force`), except `indicators.measure`, which is filled
    when the catalogue is first written (`store.measures`); the tables
    version 2 adds are created empty.
    """
    for table, added in ADDED_IN_2.items():
        present = {column.name for column in db[table].columns}
        for column in added:
            if column not in present:
                db[table].add_column(column, TABLES[table]["columns"][column])


MIGRATIONS: dict[int, Callable[[Database], None]] = {0: migrate_0_to_1, 1: migrate_1_to_2}
"""Version -> the step that takes a database from it to the next version."""


def _rebuild(db: Database, table: str, present: set[str]) -> None:
    """Recreate `table` to its current definition, copying every row (rowid becomes id).

    SQLite's recipe for changes ALTER TABLE cannot make: build the new table,
    copy, drop the old one, rename. Views that name the table (planwatch's
    own or an analyst's) would make the rename fail while the table is
    missing, so it is done with `legacy_alter_table`, which leaves them be.
    The table's full-text index loses its triggers with the old table, so it
    is dropped here and built again by `store.fts.ensure_fts`.
    """
    spec = TABLES[table]
    staging = f"_migrating_{table}"
    db.create_table(staging, spec["columns"], pk=spec["pk"], not_null=spec.get("not_null"),
                    foreign_keys=spec.get("foreign_keys"))
    targets, sources = [], []
    for column in spec["columns"]:
        if column in present:
            targets.append(column)
            sources.append(f"[{column}]")
        elif column == "id":
            targets.append("id")
            sources.append("rowid")
        elif table == "indicator_values" and column == "document_id":
            targets.append(column)
            sources.append("(select document_id from indicators where indicators.id = indicator_values.indicator_id)")
    columns = ", ".join(f"[{column}]" for column in targets)
    db.execute(f"insert into [{staging}] ({columns}) select {', '.join(sources)} from [{table}]")
    db.execute(f"drop table [{table}]")
    db.execute(f"drop table if exists [{table}_fts]")
    db.execute("pragma legacy_alter_table = on")
    try:
        db.execute(f"alter table [{staging}] rename to [{table}]")
    finally:
        db.execute("pragma legacy_alter_table = off")
