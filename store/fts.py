"""Full-text search (SQLite FTS5) over actions and indicator names.

    ensure_fts(db)                                   # called by `ensure_schema`
    db["actions"].search("recruitment")              # sqlite-utils
    search_actions(db, "social worker recruitment")  # rows of `v_actions`, best first

The index tables (`actions_fts`, `indicators_fts`) are the ones sqlite-utils'
`Table.enable_fts(columns, create_triggers=True, tokenize="porter")` makes:
external-content FTS5 tables kept in step by insert, update and delete
triggers, so sqlite-utils' `search()` and Datasette's search box find them.

Triggers rather than a rebuild after each batch: the store replaces a
document's rows inside one transaction, and the triggers update the index in
that same transaction, so the index can never disagree with the table, even
when another tool writes to it or a batch stops half-way.

They are created here statement by statement rather than by calling
`enable_fts`, because `enable_fts` runs `executescript`, which commits any open
transaction; `ensure_schema` holds one so that two processes opening a new
database at once cannot both create the index.
"""

from __future__ import annotations

from planwatch._sqlite_utils import Database

FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "actions": ("action", "progress", "lead"),
    "indicators": ("name",),
}
"""Table -> the text columns its full-text index covers."""

TOKENIZE = "porter"
"""Porter stemming, so that 'recruit' also finds 'recruitment' and 'recruited'."""


def ensure_fts(db: Database) -> None:
    """Create each full-text index and its triggers when missing, filling it from the table."""
    for table, columns in FTS_COLUMNS.items():
        if db[f"{table}_fts"].exists():
            continue
        for statement in fts_statements(table, columns):
            db.execute(statement)


def fts_statements(table: str, columns: tuple[str, ...]) -> list[str]:
    """RETURNS (list[str]): the SQL that creates, fills and maintains `table`'s FTS5 index.

    Worded as sqlite-utils words it, so that `enable_fts(..., replace=True)`
    finds the index as it would have made it and leaves it alone.
    """
    fts, quoted = _quote(f"{table}_fts"), _quote(table)
    names = ", ".join(_quote(c) for c in columns)
    new = ", ".join(f"new.{_quote(c)}" for c in columns)
    old = ", ".join(f"old.{_quote(c)}" for c in columns)
    delete = f"INSERT INTO {fts} ({fts}, rowid, {names}) VALUES('delete', old.rowid, {old});"
    insert = f"INSERT INTO {fts} (rowid, {names}) VALUES (new.rowid, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING FTS5 (\n    {names},\n    tokenize='{TOKENIZE}',\n    content={quoted}\n)",
        f"INSERT INTO {fts} (rowid, {names}) SELECT rowid, {names} FROM {quoted}",
        f"CREATE TRIGGER {_quote(table + '_ai')} AFTER INSERT ON {quoted} BEGIN\n  {insert}\nEND",
        f"CREATE TRIGGER {_quote(table + '_ad')} AFTER DELETE ON {quoted} BEGIN\n  {delete}\nEND",
        f"CREATE TRIGGER {_quote(table + '_au')} AFTER UPDATE ON {quoted} BEGIN\n  {delete}\n  {insert}\nEND",
    ]


def _quote(name: str) -> str:
    escaped = name.replace('"', '""')
    return f'"{escaped}"'


def search_actions(db: Database, text: str, *, limit: int = 50) -> list[dict]:
    """RETURNS (list[dict]): `v_actions` rows whose action, progress or lead match `text`, best first.

    text (str): words to find, all of them; FTS5 operators are taken as plain words.
    """
    sql = (
        "select v.*, bm25([actions_fts]) as score from [actions_fts] "
        "join v_actions v on v.action_id = [actions_fts].rowid "
        "where [actions_fts] match ? order by score limit ?"
    )
    if not text.strip():
        return []
    cursor = db.execute(sql, [db.quote_fts(text), limit])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def search_indicators(db: Database, text: str) -> list[int]:
    """RETURNS (list[int]): ids of indicators whose name matches every word of `text`, best first."""
    if not text.strip():
        return []
    sql = "select rowid from [indicators_fts] where [indicators_fts] match ? order by rank"
    return [row[0] for row in db.execute(sql, [db.quote_fts(text)]).fetchall()]
