"""Tables and views of a planwatch database as pandas DataFrames.

    from planwatch import frames
    actions = frames.load("planwatch.db", "v_actions")
    everything = frames.tables("planwatch.db")          # name -> DataFrame
    frames.NAMES                                        # what can be loaded

Date columns (`doc_date`, `due_date`, `period_end`, `extracted_at`, …) come back
as pandas datetimes unless `dates=False`; the database keeps them as ISO text.
Integer columns with gaps come back as pandas' nullable `Int64`, text as
`string`, so a column keeps its type whether or not it holds NULLs.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from planwatch.store import open_db
from planwatch.store.exceptions import no_database_message
from planwatch.store.schema import TABLES
from planwatch.store.views import COMPUTED_TYPES, VIEWS

NAMES: tuple[str, ...] = (*TABLES, *VIEWS)
"""Every table and view that can be loaded: the contract's tables, their extras, then the views."""

DATE_COLUMNS = {"doc_date", "due_date", "period_end"}
TIMESTAMP_COLUMNS = {"extracted_at", "last_attempt_at"}
DTYPES = {"TEXT": "string", "INTEGER": "Int64", "REAL": "float64"}
"""SQLite declared type -> pandas dtype; columns computed in a view default by their values."""


def load(db_path: Path | str, name: str, *, dates: bool = True) -> pd.DataFrame:
    """RETURNS (pd.DataFrame): every row of one table or view, in rowid or view order.

    db_path (Path | str): an existing planwatch database.
    name (str): one of `NAMES`, e.g. "actions" or "v_rag_by_document".
    dates (bool): turn ISO date and timestamp columns into pandas datetimes.
    """
    if name not in NAMES:
        raise ValueError(f"no table or view '{name}' in a planwatch database; choose one of: {', '.join(NAMES)}")
    conn = connect(db_path)
    try:
        return read(conn, name, dates=dates)
    finally:
        conn.close()


def tables(db_path: Path | str, *, dates: bool = True) -> dict[str, pd.DataFrame]:
    """RETURNS (dict[str, pd.DataFrame]): every table and view by name (see `NAMES`)."""
    conn = connect(db_path)
    try:
        return {name: read(conn, name, dates=dates) for name in NAMES}
    finally:
        conn.close()


def connect(db_path: Path | str) -> sqlite3.Connection:
    """RETURNS (sqlite3.Connection): a connection to the database, its views brought up to date.

    Raises FileNotFoundError naming the file when there is no database there,
    rather than creating an empty one.
    """
    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(no_database_message(path))
    return open_db(path, read_only=True).conn


def read(conn: sqlite3.Connection, name: str, *, dates: bool = True) -> pd.DataFrame:
    """RETURNS (pd.DataFrame): one table or view read over an open connection, typed as declared."""
    frame = pd.read_sql_query(f"select * from [{name}]", conn)
    for column, declared in declared_types(conn, name).items():
        if dates and column in DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column], format="ISO8601", errors="coerce")
        elif dates and column in TIMESTAMP_COLUMNS:
            frame[column] = pd.to_datetime(frame[column], format="ISO8601", errors="coerce", utc=True)
        elif declared in DTYPES:
            frame[column] = frame[column].astype(DTYPES[declared])
    return frame


def declared_types(conn: sqlite3.Connection, name: str) -> dict[str, str]:
    """RETURNS (dict[str, str]): column -> SQLite type as declared, or as `COMPUTED_TYPES` gives it."""
    rows = conn.execute(f"pragma table_info([{name}])").fetchall()
    return {row[1]: (row[2] or COMPUTED_TYPES.get(row[1], "")).upper() for row in rows}
