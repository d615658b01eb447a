"""What a database holds, as plain data (`info`) and as terminal tables (`info_tables`)."""

from __future__ import annotations

from rich.table import Table
from planwatch._sqlite_utils import Database

from planwatch.store.schema import TABLES
from planwatch.wording import without_name

UNKNOWN = "(not identified)"
PAPERS_SHOWN = 5
"""Papers named per problem code in the terminal table; `--json` lists them all."""


def info(db: Database) -> dict:
    """RETURNS (dict): rows per table, documents per council, kind and status, failures, gaps, unread pages."""
    counts = {name: db[name].count for name in TABLES if db[name].exists()}
    # papers: the same paper as Word and PDF (or re-saved) once, as every view counts it (#18)
    by_council = db.execute(
        "select coalesce(d.council, ?), d.council_code, count(*), count(p.document_id) from documents d "
        "left join v_papers p on p.document_id = d.id group by 1, 2 order by 3 desc, 1", [UNKNOWN],
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
        "problems": problems_by_code(db),
        "tables": counts,
        "councils": [
            {"council": c, "council_code": code, "documents": n, "papers": papers} for c, code, n, papers in by_council
        ],
        "kinds": [{"kind": k, "documents": n} for k, n in by_kind],
        "statuses": {status: n for status, n in by_status},
        "failed": [{"filename": f, "error": e} for f, e in failed],
        "partial": [{"filename": f, "error": e} for f, e in partial],
        "kept_after_failure": [{"filename": f, "error": e} for f, e in kept],
        "unidentified": [
            {"filename": f, "no_council": bool(c), "no_date": bool(d)} for f, c, d in gaps
        ],
        "copies": copies(db),
        "unread": [{"filename": f, "pages": pages, "count": n} for f, pages, n in unread],
    }


def copies(db: Database) -> list[dict]:
    """RETURNS (list[dict]): each document that is another's paper in other bytes, and the one counted (#18).

    Shown so that a person can check what was taken for the same paper.
    """
    rows = db.execute(
        "select d.filename, c.filename from documents d join documents c on c.id = d.same_as "
        "order by c.filename, d.filename"
    ).fetchall()
    return [{"filename": copy, "same_as": counted} for copy, counted in rows]


def problems_by_code(db: Database) -> list[dict]:
    """RETURNS (list[dict]): problems grouped by code, errors first: how many, in how many papers, and which (#18).

    Warnings (`council_from_folder`, `date_not_found`, `page_unreadable`, ...)
    leave a paper `ok`, so without this list nobody would see them.
    """
    rows = db.execute(
        "select p.severity, p.code, d.filename, count(*) from problems p "
        "join documents d on d.id = p.document_id group by 1, 2, 3 order by 1, 2, 3"
    ).fetchall()
    groups: dict[tuple[str, str], dict] = {}
    for severity, code, filename, count in rows:
        group = groups.setdefault((severity, code), {"code": code, "severity": severity, "problems": 0, "papers": []})
        group["problems"] += count
        group["papers"].append(filename)
    grouped = sorted(groups.values(), key=lambda g: (g["severity"] == "warning", -g["problems"], g["code"]))
    return grouped


def info_tables(facts: dict) -> list[Table]:
    """RETURNS (list[Table]): the `info` facts as rich tables for the terminal."""
    tables = [_pairs("rows per table", facts["tables"].items(), ("table", "rows"))]
    tables.append(_pairs("documents by status", facts["statuses"].items(), ("status", "documents")))
    councils = Table(title="documents per council")
    for column in ("council", "code", "documents", "papers"):
        councils.add_column(column)
    for row in facts["councils"]:
        councils.add_row(row["council"], row["council_code"] or "", str(row["documents"]), str(row["papers"]))
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
                table.add_row(row["filename"], without_name(row["error"] or "", row["filename"]))
            tables.append(table)
    if facts["problems"]:
        tables.append(_problems_table(facts["problems"]))
    if facts["copies"]:
        table = Table(title="copies of a paper in other bytes (kept, and counted once: docs/views.md)")
        table.add_column("file")
        table.add_column("the same paper as (counted)")
        for row in facts["copies"]:
            table.add_row(row["filename"], row["same_as"])
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


def _problems_table(problems: list[dict]) -> Table:
    table = Table(title="problems by code (docs/failures.md says what each means and what to do)")
    for column in ("code", "severity", "problems", "papers", "which"):
        table.add_column(column, justify="right" if column in ("problems", "papers") else "left")
    for row in problems:
        papers = row["papers"]
        named = ", ".join(papers[:PAPERS_SHOWN]) + (f" and {len(papers) - PAPERS_SHOWN} more" if len(papers) > PAPERS_SHOWN else "")
        table.add_row(row["code"], row["severity"], str(row["problems"]), str(len(papers)), named)
    return table


def _pairs(title: str, rows, headers: tuple[str, str]) -> Table:
    table = Table(title=title)
    table.add_column(headers[0])
    table.add_column(headers[1], justify="right")
    for name, value in rows:
        table.add_row(str(name), str(value))
    return table
