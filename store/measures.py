"""The `measures` table: the catalogue shipped with the package, kept current in every database.

    ensure_measures(db, meta_table="planwatch_meta")   # called by `ensure_schema`, inside its transaction

The catalogue's rows (normalise/measures.toml) are written when a database is
created, and again whenever the shipped catalogue differs from the one the
database was last matched with (its digest, rules included, is kept in
`planwatch_meta` as `measures_digest`); opening a database otherwise costs
one small read. When the catalogue changes, every stored indicator is matched
again from its name, unit, section and values, as `normalise` would match it,
so `indicators.measure` always follows the catalogue in the `measures` table
(a measure dropped from the catalogue leaves its indicators NULL).
"""

from __future__ import annotations

from collections import defaultdict

from planwatch._sqlite_utils import Database
from planwatch.normalise.measures import catalogue_digest, catalogue_rows, match_measure

DIGEST_KEY = "measures_digest"
"""`planwatch_meta` key holding the digest of the catalogue last written."""


def ensure_measures(db: Database, *, meta_table: str) -> bool:
    """RETURNS (bool): whether the catalogue was (re)written and the indicators matched again; call inside a write transaction."""
    digest = catalogue_digest()
    row = db.execute(f"select value from [{meta_table}] where key = ?", [DIGEST_KEY]).fetchone()
    if row is not None and row[0] == digest:
        return False
    rows = catalogue_rows()
    db["measures"].upsert_all(rows, pk="id")
    ids = [row["id"] for row in rows]
    db.execute(f"delete from measures where id not in ({', '.join('?' for _ in ids)})", ids)
    rematch_indicators(db)
    db.execute(
        f"insert into [{meta_table}] (key, value) values (?, ?) on conflict (key) do update set value = excluded.value",
        [DIGEST_KEY, digest],
    )
    return True


def rematch_indicators(db: Database) -> int:
    """RETURNS (int): indicators whose measure or score changed, after matching every stored indicator again."""
    values: dict[int, list[float]] = defaultdict(list)
    for indicator_id, value in db.execute("select indicator_id, value from indicator_values where value is not null"):
        values[indicator_id].append(value)
    changes = []
    sql = "select id, name, unit, section, target, floor, measure, measure_score from indicators"
    for indicator_id, name, unit, section, target, floor, measure, score in db.execute(sql).fetchall():
        found = match_measure(name, unit=unit, section=section, values=[*values[indicator_id], target, floor])
        new = (found.measure, found.score) if found else (None, None)
        if new != (measure, score):
            changes.append((*new, indicator_id))
    db.conn.executemany("update indicators set measure = ?, measure_score = ? where id = ?", changes)
    return len(changes)
