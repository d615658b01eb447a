"""What a database holds, as plain data (`info`) and as terminal tables (`info_tables`)."""

from __future__ import annotations

from rich.table import Table
from planwatch._sqlite_utils import Database

from planwatch.store.schema import TABLES

UNKNOWN = "(not identified)"


def info(db: Database) -> dict:
    """RETURNS (dict): rows per table, documents per council, kind and status, failures, gaps, unread pages."""
    counts = {name: db[name].count for name in TABLES if db[name].exists()}
    by_council = db.execute(
        "select coalesce(council, ?), council_code, count(*) from documents "
        "group by 1, 2 order by 3 desc, 1", [UNKNOWN],
    ).fetchall()
    by_kind = db.execute(
        "select coalesce(kind, ?), count(*) from documents group by 1 order by 2 desc, 1", [UNKNOWN]
    ).fetchall()
    by_status = db.execute("select status, count(*) from documents group by 1 order by 1").fetchall()
    failed = db.execute(
        "select filename, error from documents where status = 'failed' order by filename"
    ).fetchall()
    partial = db.execute(
        "select filename, error from documents where status = 'partial' order by filename"
    ).fetchall()
    kept = db.execute(
        "select filename, last_attempt_error from documents "
        "where status != 'failed' and last_attempt_error is not null order by filename"
    ).fetchall()
    gaps = db.execute(
        "select filename, council_code is null, doc_date is null from documents "
        "where status != 'failed' and (council_code is null or doc_date is null) order by filename"
    ).fetchall()
    unread = db.execute(
        "select d.filename, group_concat(coalesce(p.page, '-'), ', '), count(*) from problems p "
        "join documents d on d.id = p.document_id where p.code = 'unread_structure' "
        "group by d.id order by d.filename"
    ).fetchall() if db["problems"].exists() else []
    return {
        "tables": counts,
        "councils": [{"council": c, "council_code": code, "documents": n} for c, code, n in by_council],
        "kinds": [{"kind": k, "documents": n} for k, n in by_kind],
        "statuses": {status: n for status, n in by_status},
        "failed": [{"filename": f, "error": e} for f, e in failed],
        "partial": [{"filename": f, "error": e} for f, e in partial],
        "kept_after_failure": [{"filename": f, "error": e} for f, e in kept],
        "unidentified": [
            {"filename": f, "no_council": bool(c), "no_date": bool(d)} for f, c, d in gaps
        ],
        "unread": [{"filename": f, "pages": pages, "count": n} for f, pages, n in unread],
    }


def info_tables(facts: dict) -> list[Table]:
    """RETURNS (list[Table]): the `info` facts as rich tables for the terminal."""
    tables = [_pairs("rows per table", facts["tables"].items(), ("table", "rows"))]
    tables.append(_pairs("documents by status", facts["statuses"].items(), ("status", "documents")))
    councils = Table(title="documents per council")
    for column in ("council", "code", "documents"):
        councils.add_column(column)
    for row in facts["councils"]:
        councils.add_row(row["council"], row["council_code"] or "", str(row["documents"]))
    tables.append(councils)
    tables.append(_pairs("documents per kind", ((r["kind"], r["documents"]) for r in facts["kinds"]), ("kind", "documents")))
    for title, key in (
        ("failed documents", "failed"), ("partly read documents", "partial"),
        ("documents whose last re-read failed (the earlier rows are kept)", "kept_after_failure"),
    ):
        if facts[key]:
            table = Table(title=title)
            table.add_column("file")
            table.add_column("error")
            for row in facts[key]:
                table.add_row(row["filename"], row["error"] or "")
            tables.append(table)
    if facts["unidentified"]:
        table = Table(title="documents without a council or date (stored as NULL, not guessed)")
        for column in ("file", "council", "date"):
            table.add_column(column)
        for row in facts["unidentified"]:
            table.add_row(row["filename"], "missing" if row["no_council"] else "", "missing" if row["no_date"] else "")
        tables.append(table)
    if facts.get("unread"):
        table = Table(title="pages with tables or figures nothing was read from (problems: unread_structure)")
        table.add_column("file")
        table.add_column("pages")
        for row in facts["unread"]:
            table.add_row(row["filename"], row["pages"])
        tables.append(table)
    return tables


def _pairs(title: str, rows, headers: tuple[str, str]) -> Table:
    table = Table(title=title)
    table.add_column(headers[0])
    table.add_column(headers[1], justify="right")
    for name, value in rows:
        table.add_row(str(name), str(value))
    return table
