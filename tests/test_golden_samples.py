"""Golden files: every sample paper's records equal the expected JSON written by hand.

The expected records in tests/golden/<sample-stem>.json were written from the
generator's input (samples/), not from planwatch's output. To see what
planwatch now makes of a sample, set PLANWATCH_GEN_GOLDEN=1: the files are
rewritten and the run fails on purpose, so the diff is reviewed like code
against the paper before it is committed.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from conftest import GOLDEN, SAMPLES
from planwatch.pipeline import process

GEN_GOLDEN = os.environ.get("PLANWATCH_GEN_GOLDEN") == "1"
SAMPLE_SUFFIXES = {".pdf", ".docx", ".txt", ".html"}
RECORD_LISTS = (
    "priorities", "actions", "rag_key", "rag_counts", "indicators", "inspections", "inspection_judgements",
    "recommendations",
)
MEASURE_FIELDS = ("measure", "measure_score")
"""Which catalogue measure an indicator is has its own golden file (tests/golden/measures.json, test_measures.py)."""


def sample_papers() -> list[Path]:
    return sorted(path for path in SAMPLES.iterdir() if path.suffix in SAMPLE_SUFFIXES and path.name != "README.md")


def records(path: Path) -> dict:
    """The normalised document as the golden files hold it (no ids, paths or timestamps)."""
    normalised = process(path).model_dump(mode="json")
    document = {key: value for key, value in normalised["document"].items()
                if key not in {"id", "source_path", "extracted_at", "extractor_version", "error"}}
    for row in normalised["indicators"]:
        for field in MEASURE_FIELDS:
            row.pop(field, None)
    return {"document": document, **{name: normalised[name] for name in RECORD_LISTS}}


def golden_for(path: Path) -> Path:
    """tests/golden/<file name>.json when one paper shares its stem with another, else <stem>.json."""
    by_name = GOLDEN / f"{path.name}.json"
    return by_name if by_name.exists() else GOLDEN / f"{path.stem}.json"


def restrict(found: dict, expected: dict) -> dict:
    """Only the keys the golden file states are compared; a golden file states every list it checks."""
    result = {"document": {key: found["document"].get(key) for key in expected.get("document", {})}}
    for name in RECORD_LISTS:
        if name in expected:
            result[name] = found[name]
    return result


def diff(expected: dict, found: dict) -> str:
    a = json.dumps(expected, indent=1, sort_keys=True, ensure_ascii=False).splitlines()
    b = json.dumps(found, indent=1, sort_keys=True, ensure_ascii=False).splitlines()
    return "\n".join(list(difflib.unified_diff(a, b, "golden", "extracted", lineterm="", n=2))[:80])


@pytest.mark.parametrize("path", sample_papers(), ids=lambda path: path.stem + path.suffix)
def test_sample_matches_golden(path: Path):
    golden = golden_for(path)
    found = records(path)
    if GEN_GOLDEN:
        golden.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        pytest.fail(f"[{path.name}] golden file rewritten; review the diff against the paper")
    assert golden.exists(), f"[{path.name}] has no golden file {golden.name}"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    found = restrict(found, expected)
    assert found == expected, f"[{path.name}] differs from {golden.name}:\n{diff(expected, found)}"


PAIRED_LISTS = ("actions", "indicators")
"""What a paper made in Word and its PDF must both give, page numbers apart."""


def test_pdf_and_docx_of_one_paper_give_the_same_records():
    pairs = [(pdf, pdf.with_suffix(".docx")) for pdf in sample_papers()
             if pdf.suffix == ".pdf" and pdf.with_suffix(".docx").exists()]
    assert len(pairs) >= 2, "samples/ should hold a plan and a card dashboard as both PDF and DOCX"
    for pdf, docx in pairs:
        from_pdf, from_docx = records(pdf), records(docx)
        for name in PAIRED_LISTS:
            pdf_rows = [{k: v for k, v in row.items() if k != "page"} for row in from_pdf[name]]
            docx_rows = [{k: v for k, v in row.items() if k != "page"} for row in from_docx[name]]
            assert pdf_rows == docx_rows, f"[{docx.name}] {name} differ from the PDF's:\n{diff(pdf_rows, docx_rows)}"
        assert any(from_pdf[name] for name in PAIRED_LISTS), f"[{pdf.name}] no actions or indicators found"


def test_golden_regeneration_is_off():
    assert not GEN_GOLDEN, "PLANWATCH_GEN_GOLDEN=1 rewrites golden files; unset it before committing"
