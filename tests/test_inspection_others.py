"""Papers that are not Ofsted inspection reports or letters never become one.

The Kent corpus (137 committee papers), the samples other than the inspection
report and the seeds: none is an `inspection_report` or `inspection_letter`,
and none has an inspection's rows. Kent's papers are judged on their first
page's text layer, the only page the inspection layout reads to decide.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import KENT, SAMPLES, SEEDS, need
from planwatch.extract.inspection import paper_kind
from planwatch.ingest.pdf import read_page_texts
from planwatch.pipeline import process

INSPECTION_KINDS = {"inspection_report", "inspection_letter"}
SAMPLE_SUFFIXES = {".pdf", ".docx", ".txt", ".html"}


def test_no_kent_paper_is_an_inspection():
    papers = sorted(need(KENT).rglob("*.pdf"))
    assert len(papers) == 137
    found = {path.name: paper_kind(read_page_texts(path)[0][0]) for path in papers}
    assert {kind for kind in found.values()} == {(None, None)}, {k: v for k, v in found.items() if v != (None, None)}


def _samples() -> list[Path]:
    return sorted(path for path in SAMPLES.iterdir()
                  if path.suffix in SAMPLE_SUFFIXES and "inspection-report" not in path.name)


@pytest.mark.parametrize("path", _samples(), ids=lambda path: path.name)
def test_no_other_sample_is_an_inspection(path: Path):
    normalised = process(path)
    assert normalised.document.kind not in INSPECTION_KINDS, f"[{path.name}] {normalised.document.kind}"
    assert not (normalised.inspections or normalised.inspection_judgements or normalised.recommendations)


def test_no_seed_is_an_inspection():
    seeds = sorted(need(SEEDS).glob("*.txt"))
    assert seeds
    for path in seeds:
        normalised = process(path)
        assert normalised.document.kind not in INSPECTION_KINDS, f"[{path.name}] {normalised.document.kind}"
        assert not (normalised.inspections or normalised.recommendations), f"[{path.name}]"
