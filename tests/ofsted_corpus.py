"""The Ofsted corpus in ../shared and the peer tool's extraction of it, for the agreement test and the docs.

`../shared/corpus/ofsted/d2i_ilacs_history_dev.csv` is what Data to Insight's
ILACS scrape tool read from the 169 reports: not a gold standard, a peer.
`compare` puts planwatch's values beside the peer's, field by field.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from planwatch.normalise.models import NormalisedDocument
from planwatch.pipeline import process


from conftest import OFSTED as CORPUS
PEER_FILE = CORPUS / "d2i_ilacs_history_dev.csv"
PEER_GRADES = {
    "overall_effectiveness_grade": "overall_effectiveness",
    "impact_of_leaders_grade": "impact_of_leaders",
    "help_and_protection_grade": "help_and_protection",
    "in_care_grade": "children_in_care",
    "care_leavers_grade": "care_leavers",
}
"""The peer's grade columns -> planwatch's judgement names."""
PEER_NO_VALUE = {"", "data_unreadable", "inspection_pre_dates_judgement", "not_reported_post_reform"}
"""What the peer writes when it has no grade."""
FIELDS = ["inspection_start", "inspection_end", "published", *PEER_GRADES.values()]


def corpus_present() -> bool:
    return PEER_FILE.is_file()


def peer_rows() -> list[dict[str, str]]:
    """RETURNS (list[dict]): the peer's rows, each with `path`: the report's file in the corpus."""
    with open(PEER_FILE, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        folder = next(CORPUS.joinpath("ilacs").glob(f"{row['urn']}_*"))
        row["path"] = str(folder / row["pdf_filename"])
    return rows


def peer_values(row: dict[str, str]) -> dict[str, str | None]:
    """RETURNS (dict): the peer's row as planwatch's fields (ISO dates, contract grades), None where it has none."""
    values: dict[str, str | None] = {
        "inspection_start": _iso(row["inspection_start_date"], "%d/%m/%Y"),
        "inspection_end": _iso(row["inspection_end_date"], "%d/%m/%Y"),
        "published": _iso(row["publication_date"], "%d/%m/%y"),
    }
    for column, name in PEER_GRADES.items():
        grade = row[column].strip().lower()
        values[name] = None if grade in PEER_NO_VALUE else grade.replace(" ", "_")
    return values


def _iso(text: str, pattern: str) -> str | None:
    return dt.datetime.strptime(text, pattern).date().isoformat() if text.strip() else None


def our_values(normalised: NormalisedDocument) -> dict[str, str | None]:
    """RETURNS (dict): planwatch's values of the peer's fields for one paper."""
    inspection = normalised.inspections[0] if normalised.inspections else None
    values: dict[str, str | None] = {
        "inspection_start": inspection.inspection_start if inspection else None,
        "inspection_end": inspection.inspection_end if inspection else None,
        "published": inspection.published if inspection else None,
    }
    grades = {row.judgement: row.grade for row in normalised.inspection_judgements}
    for name in PEER_GRADES.values():
        values[name] = grades.get(name)
    return values


def read_all(paths: Iterable[str], *, workers: int = 2) -> dict[str, NormalisedDocument]:
    """RETURNS (dict): path -> what planwatch makes of the paper."""
    from concurrent.futures import ProcessPoolExecutor

    paths = list(paths)
    with ProcessPoolExecutor(workers) as pool:
        return dict(zip(paths, pool.map(_process, paths, chunksize=4)))


def _process(path: str) -> NormalisedDocument:
    return process(Path(path))


def compare(rows: list[dict[str, str]], ours: dict[str, NormalisedDocument]) -> list[dict]:
    """RETURNS (list[dict]): one entry per report and field: the peer's value, planwatch's, and the file."""
    found = []
    for row in rows:
        normalised = ours[row["path"]]
        mine = our_values(normalised)
        theirs = peer_values(row)
        for field in FIELDS:
            found.append({
                "path": row["path"], "field": field, "peer": theirs[field], "ours": mine[field],
                "kind": normalised.document.kind,
            })
    return found
