"""Real papers from ../shared/corpus/kent: finance tables give no indicators, an ICS measures deck gives its own.

A handful of fast papers stand for the corpus here; `bench/kent_indicators.py`
runs all 137 and prints the counts per paper. Skips when the corpus is absent.
"""

from __future__ import annotations

import pytest

from conftest import KENT, need
from indicator_helpers import indicators_of
from planwatch.extract.common import key
from planwatch.ingest import ingest

NO_INDICATORS = [
    "Appendix A - Capital Investment Summary.pdf",  # years as columns, £ in the cells
    "Appendix C - Potential Capital Projects.pdf",
    "Appendix D - 3 Year Revenue Plan.pdf",
    "Appendix E - 2025-26 Budget by Directorate.pdf",
    "24-00108 - Appendix - NOV 2024-25.pdf",  # budget monitoring
    "Council Report Mid Year 24-25.pdf",  # treasury 'Credit risk indicator | Actual | Target' tables
    "Cabinet QPR Q3 Cover.pdf",  # a performance report's cover: counts and names in prose, no table
]
ICS_MEASURES = "24-00115 - Appendix B - KCC ICS priorities measures.pdf"
INDICATOR_LIST_HEADER = key("Objectively Verifiable Indicators")


@pytest.mark.parametrize("name", NO_INDICATORS)
def test_finance_and_prose_papers_give_no_indicators(name):
    raw = ingest(need(KENT / name))
    found = indicators_of(raw).indicators
    assert found == [], f"[{name}] {len(found)} indicators, e.g. {[r.name[:50] for r in found[:3]]}"


def test_ics_measures_deck_gives_one_indicator_per_listed_measure():
    raw = ingest(need(KENT / ICS_MEASURES))
    found = indicators_of(raw).indicators
    listed = [row for table in raw.tables if table.rows and key(table.rows[0].cells[0].text) == INDICATOR_LIST_HEADER
              for row in table.rows[1:] if row.cells and row.cells[0].text.strip()]  # fmt: skip
    assert listed, f"[{ICS_MEASURES}] the deck should list measures in 'Objectively Verifiable Indicators' tables"
    assert len(found) == len(listed), f"[{ICS_MEASURES}] {len(found)} indicators for {len(listed)} listed measures"
    assert all(record.values == [] for record in found), f"[{ICS_MEASURES}] the deck prints no figures"
    assert all((record.section or "").startswith("Measures within the Logframe") for record in found)
