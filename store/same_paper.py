"""The same paper in other bytes: which documents are one paper, and which of them is counted (#18).

    link_same_papers(db, doc_id)   # inside the store's transaction, after the document is written

Two documents are one paper when they are of the same council and date and
their fingerprints match (`normalise.fingerprint.same_paper`). Both are kept;
every one but the counted one gets `same_as` = the counted one's id. The
counted one is chosen by a rule that does not depend on the order papers are
read in (`COUNTED_FIRST`): a paper read without problems before a partly
read one, then the PDF (what councils publish and inspectors read) before
Word, HTML and text, then the smallest id. So re-ingesting, in any order,
gives the same choice, and when the counted one is read again and no longer
matches (or fails), the others are grouped again without it. The views count
a document whose `same_as` names a document that is no longer there.
"""

from __future__ import annotations

from planwatch._sqlite_utils import Database
from planwatch.normalise.fingerprint import RECORDS_PREFIX, same_paper_as

FORMAT_ORDER = ("pdf", "docx", "html", "text")
"""Formats in the order their copy of a paper is counted: the published PDF first."""
STATUS_ORDER = ("ok", "partial")


def counted_first(row: dict) -> tuple:
    """RETURNS (tuple): the sort key that puts the document counted for its paper first."""
    status = STATUS_ORDER.index(row["status"]) if row["status"] in STATUS_ORDER else len(STATUS_ORDER)
    fmt = FORMAT_ORDER.index(row["format"]) if row["format"] in FORMAT_ORDER else len(FORMAT_ORDER)
    return status, fmt, row["id"]


def link_same_papers(db: Database, doc_id: str) -> None:
    """Group `doc_id` with the documents that are the same paper, and regroup those it was grouped with.

    Call inside the transaction that wrote the document.
    """
    row = _document(db, doc_id)
    if row is None:
        return
    followers = [r[0] for r in db.execute("select id from documents where same_as = ?", [doc_id]).fetchall()]
    db.execute("update documents set same_as = null where id = ? or same_as = ?", [doc_id, doc_id])
    for member in dict.fromkeys([doc_id, *followers, row["same_as"]]):
        if member:
            _group(db, member)


def _group(db: Database, doc_id: str) -> None:
    """Mark every document that is the same paper as `doc_id` `same_as` the one counted."""
    row = _document(db, doc_id)
    if row is None or row["status"] == "failed" or not row["fingerprint"]:
        return
    alike = same_paper_as(row["fingerprint"])
    members = [row] + [candidate for candidate in _candidates(db, row) if alike(candidate["fingerprint"])]
    if len(members) == 1:
        return
    counted = min(members, key=counted_first)["id"]
    for member in members:
        same_as = None if member["id"] == counted else counted
        db.execute("update documents set same_as = ? where id = ?", [same_as, member["id"]])


_COLUMNS = "id, format, status, council, doc_date, fingerprint, same_as"


def _document(db: Database, doc_id: str) -> dict | None:
    found = db.execute(f"select {_COLUMNS} from documents where id = ?", [doc_id]).fetchone()
    return dict(zip(_COLUMNS.split(", "), found)) if found else None


def _candidates(db: Database, row: dict) -> list[dict]:
    """Other readable documents of the same council and date (NULL matching NULL) whose fingerprint may match.

    A records fingerprint matches only its equal, so only those are fetched;
    a text one is compared with every other text one.
    """
    kind = row["fingerprint"].split(":", 1)[0] + ":"
    match = "fingerprint = ?" if kind == RECORDS_PREFIX else "substr(fingerprint, 1, ?) = ?"
    args = [row["fingerprint"]] if kind == RECORDS_PREFIX else [len(kind), kind]
    found = db.execute(
        f"select {_COLUMNS} from documents where id != ? and status != 'failed' and council is ? "
        f"and doc_date is ? and {match}",
        [row["id"], row["council"], row["doc_date"], *args],
    ).fetchall()
    return [dict(zip(_COLUMNS.split(", "), values)) for values in found]
