"""A small hand-made database for the analyst's tools: five papers, each testing one rule.

- Rutland plan: rated actions (one unrated) and a grid; the actions are counted, the grid is not.
- Rutland progress report: a grid with a Total group and groups that disagree with it; Total wins.
- Halton update: a grid without a Total group; its groups are summed; `new` rows are not statuses.
- Wirral tracker: actions without any status and a grid; the grid is counted.
- Torbay performance report: indicators only; no RAG distribution.
- A failed file: a document row and nothing else.
"""

from __future__ import annotations

from pathlib import Path

from planwatch.ingest.models import Format, Origin, Problem, Severity
from planwatch.normalise import failed_document
from planwatch.normalise.models import (
    ActionRow, DocumentRow, IndicatorRow, IndicatorValueRow, NormalisedDocument, RagCountRow,
)
from planwatch.store import open_db, store

IDS = {name: char * 64 for name, char in
       [("rutland_plan", "a"), ("rutland_progress", "b"), ("halton", "c"), ("wirral", "d"), ("torbay", "e"), ("failed", "f")]}


def document(name: str, council: str, doc_date: str, kind: str) -> DocumentRow:
    return DocumentRow(id=IDS[name], source_path=f"/papers/{name}.pdf", filename=f"{name}.pdf", format="pdf",
                       council=council, doc_date=doc_date, kind=kind, extracted_at="2026-01-01T00:00:00+00:00")


def grid(rows: list[tuple[str, str, int]]) -> list[RagCountRow]:
    return [RagCountRow(grp=grp, rag=rag, count=count, page=1) for grp, rag, count in rows]


def rutland_plan() -> NormalisedDocument:
    actions = [
        ("1.1", "red", "2024-01-31", "Recruit permanent social workers", "Head of Service", "Recruitment campaign launched"),
        ("1.2", "amber", "2024-06-30", "Review the front door", "Director of Children's Services", None),
        ("1.3", "amber", None, "Agree a workforce strategy", "Workforce Lead", "Draft circulated"),
        ("2.1", "green", "2024-03-31", "Audit supervision records", "Principal Social Worker", None),
        ("2.2", "complete", "2024-01-31", "Publish the practice standards", "Principal Social Worker", "Published"),
        ("2.3", None, "2024-02-29", "Train managers in the new model", "Learning and Development Lead", None),
    ]
    return NormalisedDocument(
        document=document("rutland_plan", "Rutland", "2024-03-12", "improvement_plan"),
        actions=[ActionRow(ref=ref, priority=ref[0], rag=rag, rag_raw=rag, due_date=due, action=action, lead=lead,
                           progress=progress, page=2) for ref, rag, due, action, lead, progress in actions],
        rag_counts=grid([("Total", "red", 9)]),
    )


def rutland_progress() -> NormalisedDocument:
    rows = [("1", "red", 1), ("1", "green", 5), ("Total", "red", 1), ("Total", "amber", 2), ("Total", "green", 3),
            ("Total", "complete", 4), ("Total", "new", 1), ("Total", "total", 10)]
    return NormalisedDocument(document=document("rutland_progress", "Rutland", "2024-09-10", "progress_report"),
                              rag_counts=grid(rows))


def halton() -> NormalisedDocument:
    rows = [("1", "red", 1), ("1", "amber", 1), ("2", "green", 2), ("2", "complete", 0), ("2", "new", 3),
            ("Section B", "amber", 2), ("Section B", "total", 2)]
    return NormalisedDocument(document=document("halton", "Halton", "2023-10-05", "progress_report"),
                              rag_counts=grid(rows))


def wirral() -> NormalisedDocument:
    return NormalisedDocument(
        document=document("wirral", "Wirral", "2024-06-01", "improvement_plan"),
        actions=[ActionRow(ref=str(i), action=f"Tracker item {i}", due_date="2024-01-31") for i in range(1, 4)],
        rag_counts=grid([("Priority 1", "green", 3), ("Priority 2", "complete", 1)]),
    )


def torbay() -> NormalisedDocument:
    return NormalisedDocument(
        document=document("torbay", "Torbay", "2025-02-01", "performance_report"),
        indicators=[
            IndicatorRow(name="Number of foster households", unit="count", values=[
                IndicatorValueRow(period="Latest", period_end="2024-12-31", value=112, value_raw="112"),
                IndicatorValueRow(period="Previous", period_end="2024-09-30", value=117, value_raw="117"),
            ]),
            IndicatorRow(name="Percentage of care leavers in education, employment or training", unit="percent",
                         values=[IndicatorValueRow(period="Latest", period_end="2024-12-31", status="missing"),
                                 IndicatorValueRow(period="Previous", period_end="2024-09-30", value=58.0)]),
        ],
    )


def failed() -> NormalisedDocument:
    origin = Origin(filename="failed.pdf", path="/papers/failed.pdf", sha256=IDS["failed"], format=Format.PDF, size=10)
    return failed_document(origin, Problem(code="empty_file", message="failed.pdf: empty", severity=Severity.ERROR))


PAPERS = [rutland_plan, rutland_progress, halton, wirral, torbay, failed]


def build(path: Path) -> Path:
    """RETURNS (Path): `path`, a database holding every paper above."""
    db = open_db(path)
    for paper in PAPERS:
        store(db, paper())
    db.conn.close()
    return path
