"""The `measures` table: the catalogue shipped with the package, kept current in every database.

    ensure_measures(db)     # called by `ensure_schema`, inside its transaction

The catalogue's rows (normalise/measures.toml) are written when a database is
created, and again whenever the shipped catalogue differs from the one the
database holds (its digest is kept in `planwatch_meta` as `measures_digest`),
so opening a database with a newer planwatch brings its catalogue up to date
at the cost of one small read otherwise. A measure dropped from the catalogue
is deleted, and indicators that pointed at it point at nothing (NULL) until
their papers are read again.
"""

from __future__ import annotations

from planwatch._sqlite_utils import Database
from planwatch.normalise.measures import catalogue_digest, catalogue_rows

DIGEST_KEY = "measures_digest"
"""`planwatch_meta` key holding the digest of the catalogue last written."""


def ensure_measures(db: Database, *, meta_table: str) -> bool:
    """RETURNS (bool): whether the catalogue was (re)written; call inside a write transaction."""
    digest = catalogue_digest()
    row = db.execute(f"select value from [{meta_table}] where key = ?", [DIGEST_KEY]).fetchone()
    if row is not None and row[0] == digest:
        return False
    rows = catalogue_rows()
    db["measures"].upsert_all(rows, pk="id")
    ids = [row["id"] for row in rows]
    marks = ", ".join("?" for _ in ids)
    db.execute(f"update indicators set measure = null, measure_score = null where measure not in ({marks})", ids)
    db.execute(f"delete from measures where id not in ({marks})", ids)
    db.execute(
        f"insert into [{meta_table}] (key, value) values (?, ?) on conflict (key) do update set value = excluded.value",
        [DIGEST_KEY, digest],
    )
    return True
