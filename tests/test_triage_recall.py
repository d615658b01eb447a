"""Triage loses nothing: every paper gives the same records with triage as with every page analysed.

Papers: the PDF samples, a few table-dense papers from the samples generator,
and pages of Kent papers (../shared/corpus/kent/, copied to a temporary PDF
at run time) that hold indicator tables, priority words inside tables, a
title page and a risk register. Records are compared as the extractors
print them (metadata, priorities, actions, RAG keys and counts, indicators
with their values), and as the database stores them, less the reading-order
numbers in their sources (`seq`, `table`): those count the text blocks
before the record, which differ on a skipped page (a line of the text layer
there, a line of layout analysis on an analysed page). Page and row numbers
are compared.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from conftest import KENT, SAMPLES
from planwatch.extract import extract
from planwatch.ingest import PdfSettings, ingest
from planwatch.normalise import normalise

RECORD_LISTS = ("priorities", "actions", "rag_key", "rag_counts", "indicators")
DENSE_PAGES = 8
KENT_PAGES = [
    ("24-00115 - Appendix B - KCC ICS priorities measures.pdf", [1, 2, 3, 4, 5]),  # KPI status tables
    # 'Objective 5' in table cells on p.36, after two pages of prose
    ("APPENDIX A - Planning Inspectors Report on the Examination of the KMWLP 2024-39.pdf", [31, 32, 36]),
    ("Appendix 1 - Kent CMPB 2024 Annual Report.pdf", [1, 2, 3]),  # a title page before the contents
    ("Appendix J - Budget Risk Register.pdf", [1, 2, 3]),  # a landscape ruled register
    ("Cabinet QPR Q3 Cover.pdf", [1, 2, 3]),
]
"""Kent papers and the pages (1-based) read from each."""


def _without_tables(value):
    """The records without the reading-order numbers in their sources (`seq`, `table`)."""
    if isinstance(value, dict):
        return {key: _source(item) if key == "source" else _without_tables(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_tables(item) for item in value]
    return value


def _source(source):
    return {key: item for key, item in source.items() if key not in ("seq", "table")} if source else source


def records(path: Path, settings: PdfSettings | None) -> dict:
    """RETURNS (dict): the paper's records as extracted and as normalised, without table numbers."""
    extraction = extract(ingest(path, pdf_settings=settings))
    printed = extraction.model_dump(mode="json", include={"metadata", *RECORD_LISTS})
    normalised = normalise(extraction)
    stored = normalised.model_dump(mode="json", include=set(RECORD_LISTS))
    document = normalised.document.model_dump(mode="json", exclude={"id", "extracted_at", "source_path"})
    return _without_tables({"printed": printed, "stored": stored, "document": document})


def kent_excerpt(name: str, pages: list[int], folder: Path) -> Path:
    """RETURNS (Path): a temporary PDF of the given pages of a Kent paper."""
    source = pdfium.PdfDocument(str(KENT / name))
    excerpt = pdfium.PdfDocument.new()
    excerpt.import_pages(source, [number - 1 for number in pages if number <= len(source)])
    path = folder / f"{Path(name).stem[:40]} p{'-'.join(map(str, pages))}.pdf"
    excerpt.save(str(path))
    excerpt.close()
    source.close()
    return path


def dense_papers(folder: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location("planwatch_samples_make", SAMPLES / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    return [path for path, _ in make.make_dense(folder, pages=DENSE_PAGES, seed=11)]


@pytest.fixture(scope="module")
def papers(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("recall")
    found = sorted(SAMPLES.glob("*.pdf")) + dense_papers(folder / "dense")
    if KENT.exists():
        found += [kent_excerpt(name, pages, folder) for name, pages in KENT_PAGES if (KENT / name).exists()]
    return found


def test_triage_loses_no_record(papers):
    compared = {}
    for path in papers:
        full = records(path, PdfSettings(triage=None))
        triaged = records(path, None)
        found = {name: len(full["printed"][name]) for name in RECORD_LISTS}
        compared[path.name] = found
        for part in ("printed", "stored", "document"):
            assert triaged[part] == full[part], (
                f"[{path.name}] {part} records differ with triage:\n"
                f"all pages: {json.dumps(full[part])[:1500]}\ntriage:    {json.dumps(triaged[part])[:1500]}"
            )
    kinds = {name for counts in compared.values() for name, count in counts.items() if count}
    assert kinds >= {"actions", "rag_key", "indicators", "priorities"}, f"too few kinds of record compared: {compared}"
