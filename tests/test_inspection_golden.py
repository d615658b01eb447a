"""Hand-written golden files for real Ofsted reports and letters (tests/golden/inspections/).

Each file names a paper in ../shared/corpus/ofsted and holds what it prints,
written from the paper: the framework, the inspection's dates, the published
date, the lead inspector, every judgement's grade, and every recommendation as
its number, section, page and first words. The files cover the frameworks: SIF
(with and without the LSCB review, and a review of the LSCB alone), ILACS
standard, short (before and after care leavers were judged apart), the 2026
framework, the 2013 looked-after children's inspection, and focused-visit
letters (with areas for priority action, and with a letterhead inside a list).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import GOLDEN, OFSTED, need
from planwatch.pipeline import process

GOLDEN_DIR = GOLDEN / "inspections"


def _goldens() -> list[Path]:
    return sorted(GOLDEN_DIR.glob("*.json"))


def test_goldens_cover_every_framework():
    frameworks = {json.loads(path.read_text(encoding="utf-8"))["inspection"]["framework"] for path in _goldens()}
    assert len(_goldens()) >= 10
    assert frameworks == {"sif", "ilacs_standard", "ilacs_short", "ilacs_2026", "focused_visit", "other"}


@pytest.mark.parametrize("golden", _goldens(), ids=lambda path: path.stem)
def test_paper_matches_its_golden_file(golden: Path):
    expected = json.loads(golden.read_text(encoding="utf-8"))
    path = need(OFSTED / expected["file"])
    normalised = process(path).model_dump(mode="json")
    name = path.name
    assert normalised["document"]["kind"] == expected["kind"], f"[{name}] kind"
    inspection = {key: normalised["inspections"][0][key] for key in expected["inspection"]}
    assert inspection == expected["inspection"], f"[{name}] inspection"
    grades = {row["judgement"]: row["grade"] for row in normalised["inspection_judgements"]}
    assert grades == expected["judgements"], f"[{name}] judgements"
    found = normalised["recommendations"]
    assert len(found) == len(expected["recommendations"]), f"[{name}] {len(found)} recommendations"
    for row, (number, section, page, opening) in zip(found, expected["recommendations"]):
        assert (row["number"], row["section"], row["page"]) == (number, section, page), f"[{name}] {row}"
        assert row["text"].startswith(opening), f"[{name}] recommendation {number}: {row['text'][:60]!r}"
