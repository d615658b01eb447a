"""Databases made from the sample papers, and what the views should show, taken from the golden files.

Two ways to fill a database with the samples:
- `build_from_golden`: store each sample's golden records (tests/golden/) as its NormalisedDocument
  and link their actions, so the views are tested on the samples' known contents whatever the extractors do;
- `build_by_ingesting`: run `planwatch ingest samples/`, as a person would.

`expected_*` work out each view's rows from the golden JSON in plain Python, following the rules
docs/views.md states, so SQL and Python must agree.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from conftest import GOLDEN, SAMPLES
from measure_golden import hand_measures
from planwatch.normalise.fingerprint import fingerprint
from planwatch.normalise.models import NormalisedDocument
from planwatch.runner import BatchSummary, RunSettings, run_batch
from planwatch.store import link_actions, open_db, store

SAMPLE_SUFFIXES = {".pdf", ".docx", ".txt", ".html"}
RATED = ("red", "amber", "green", "complete")


def sample_papers() -> list[Path]:
    return sorted(path for path in SAMPLES.iterdir() if path.suffix in SAMPLE_SUFFIXES)


def golden_for(path: Path) -> dict:
    """The golden JSON of one sample: tests/golden/<file name>.json, else <stem>.json."""
    by_name = GOLDEN / f"{path.name}.json"
    golden = by_name if by_name.exists() else GOLDEN / f"{path.stem}.json"
    return json.loads(golden.read_text(encoding="utf-8"))


def golden_document(path: Path) -> NormalisedDocument:
    """RETURNS (NormalisedDocument): the sample's golden records, with the id and names ingest would give.

    Each indicator's measure comes from the hand-made tests/golden/measures.json.
    """
    golden = golden_for(path)
    document = dict(golden["document"], id=hashlib.sha256(path.read_bytes()).hexdigest(),
                    source_path=str(path), filename=path.name, status="ok")
    indicators = hand_measures(path.name, golden.get("indicators", []))  # measures from their own golden file
    return NormalisedDocument.model_validate({**golden, "document": document, "indicators": indicators})


def build_from_golden(db_path: Path, *, fingerprints: bool = False) -> Path:
    """fingerprints (bool): give each paper its fingerprint from its records, so the Word and PDF plan are one paper."""
    db = open_db(db_path)
    for path in sample_papers():
        normalised = golden_document(path)
        if fingerprints:
            document = normalised.document.model_copy(update={"fingerprint": fingerprint(normalised, "")})
            normalised = normalised.model_copy(update={"document": document})
        store(db, normalised)
    link_actions(db)  # as a batch does once its papers are stored
    db.conn.close()
    return db_path


def build_by_ingesting(db_path: Path) -> BatchSummary:
    db = open_db(db_path)
    summary = run_batch([SAMPLES], db, settings=RunSettings(workers=0))
    db.conn.close()
    return summary


def expected_rag(golden: dict) -> dict | None:
    """RETURNS (dict | None): source, counts and shares per the rule in docs/views.md; None without statuses."""
    rags = [action.get("rag") for action in golden.get("actions", [])]
    if any(rags):
        counts, source, unrated = Counter(rag for rag in rags if rag), "actions", rags.count(None)
    else:
        grid = [row for row in golden.get("rag_counts", []) if row["rag"] in RATED]
        totals = [row for row in grid if row["grp"].strip().lower() == "total"]
        if not grid:
            return None
        counts, unrated = Counter(), None
        for row in totals or grid:
            counts[row["rag"]] += row["count"]
        source = "rag_counts total" if totals else "rag_counts groups"
    rated = sum(counts[rag] for rag in RATED)
    return {"source": source, "rated": rated, "unrated": unrated,
            **{rag: counts[rag] for rag in RATED},
            **{f"{rag}_share": round(counts[rag] / rated, 4) for rag in RATED}}


def expected_overdue(golden: dict) -> list[str]:
    """RETURNS (list[str]): refs of actions due before the paper's date and not complete, sorted."""
    doc_date = golden["document"].get("doc_date")
    return sorted(
        action["ref"] for action in golden.get("actions", [])
        if doc_date and action.get("due_date") and action["due_date"] < doc_date and action.get("rag") != "complete"
    )


def expected_series(golden: dict) -> int:
    """RETURNS (int): indicator values the paper holds, one row each in v_indicator_series."""
    return sum(len(indicator.get("values", [])) for indicator in golden.get("indicators", []))
