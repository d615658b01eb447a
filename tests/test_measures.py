"""The measures catalogue and which measure each indicator is (#17).

tests/golden/measures.json maps every indicator of the samples and of the
Plymouth 2023 plan's grid (../shared/seeds; skipped when absent), and
of two real papers in ../shared/corpus (a Kent health and care
partnership's measures deck, a West Sussex outcomes infographic), to the
catalogue measure it is, or null, written by hand from each indicator's
name, unit and section. Precision must be at least 0.95 and recall at least
0.9, and no indicator of one measure may be taken for its look-alike (a
rate for a number, 'ever' for 'within two years').
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from conftest import KENT, SAMPLES, SEEDS, SHARED, need
from measure_golden import golden_measures, resolve
from planwatch.normalise.measures import POLARITIES, UNITS, catalogue, match_measure
from planwatch.pipeline import process

MIN_PRECISION = 0.95
MIN_RECALL = 0.9
MIN_MEASURES = 50
SAMPLE_SUFFIXES = {".pdf", ".docx", ".txt", ".html"}


def golden() -> dict:
    return golden_measures()


@cache
def indicators(path: Path) -> tuple:
    return tuple(process(path).indicators)


def pairs(group: str, folder: Path) -> list[tuple[str, str | None, str | None]]:
    """(paper and key, expected measure, found measure) for every indicator of the papers in one golden group.

    A key '*' gives the expected measure of every indicator no other key names.
    """
    found = []
    for name, expected in golden()[group].items():
        rows = indicators(need(folder / name))
        named = {key: resolve(rows, key) for key in expected if key != "*"}
        if "*" not in expected:
            assert len(rows) == len(named), f"[{name}] {len(rows)} indicators, the golden file maps {len(named)}"
        for key, row in named.items():
            found.append((f"{name} {key}", expected[key], row.measure))
        rest = [row for row in rows if all(row is not other for other in named.values())]
        found += [(f"{name} {row.name[:40]}", expected.get("*"), row.measure) for row in rest] if "*" in expected else []
    return found


def scores(found: list[tuple[str, str | None, str | None]]) -> tuple[float, float]:
    right = sum(1 for _, expected, got in found if got is not None and got == expected)
    claimed = sum(1 for _, _, got in found if got is not None)
    wanted = sum(1 for _, expected, _ in found if expected is not None)
    return right / max(claimed, 1), right / max(wanted, 1)


def test_catalogue_has_the_fifty_most_common_measures_well_formed():
    measures = catalogue()
    assert len(measures) >= MIN_MEASURES
    for measure in measures:
        assert measure.unit in UNITS and measure.polarity in POLARITIES, measure.id
        assert measure.name and measure.source and measure.definition and measure.reference, measure.id


@pytest.mark.parametrize("measure", catalogue(), ids=lambda measure: measure.id)
def test_each_measure_is_found_from_its_own_name(measure):
    found = match_measure(measure.name, unit=measure.unit)
    assert found is not None and found.measure == measure.id, f"{measure.name!r} -> {found}"


@pytest.mark.parametrize("case", golden()["cases"], ids=lambda case: f"{case[0][:40]} ({case[1]})")
def test_look_alike_wordings(case):
    name, unit, expected = case
    found = match_measure(name, unit=unit)
    assert (found.measure if found else None) == expected, f"{name!r} ({unit})"


def test_impossible_values_veto_a_unit():
    name = "Percentage of re-referrals within 12 months"
    assert match_measure(name, unit="percent", values=[23.0, 24.1]).measure == "rereferrals_12m_pct"
    assert match_measure(name, unit="percent", values=[23.0, 350.0]) is None
    assert match_measure("Number of children looked after", unit="count", values=[301, 297.5]) is None


def test_section_heading_decides_a_breakdown_row():
    assert match_measure("Child in need", unit="count").measure == "cin_count"
    assert match_measure("Child in need", unit="count", section="Children open to services at quarter end") is None


def test_sample_indicators_get_their_measures():
    found = pairs("samples", SAMPLES)
    precision, recall = scores(found)
    wrong = [item for item in found if item[1] != item[2]]
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, f"precision {precision:.3f}, recall {recall:.3f}: {wrong}"


def test_every_sample_with_indicators_is_mapped_by_hand():
    papers = sorted(path for path in SAMPLES.iterdir() if path.suffix in SAMPLE_SUFFIXES)
    unmapped = [path.name for path in papers if indicators(path) and path.name not in golden()["samples"]]
    assert unmapped == [], "add these samples' indicators to tests/golden/measures.json"


def test_seed_indicators_get_their_measures():
    found = pairs("seeds", SEEDS)
    precision, recall = scores(found)
    wrong = [item for item in found if item[1] != item[2]]
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, f"precision {precision:.3f}, recall {recall:.3f}: {wrong}"


@pytest.mark.parametrize("group, folder", [("corpus_kent", KENT), ("corpus_westsussex", SHARED / "corpus" / "westsussex")])
def test_real_papers_give_only_their_childrens_measures(group, folder):
    found = pairs(group, folder)
    wrong = [item for item in found if item[1] != item[2]]
    assert wrong == []


def test_no_look_alike_measures_are_joined():
    found = pairs("samples", SAMPLES)
    if SEEDS.exists():
        found += pairs("seeds", SEEDS)
    alike = {frozenset(pair) for pair in golden()["look_alikes"]}
    joined = [item for item in found if item[1] and item[2] and frozenset((item[1], item[2])) in alike]
    assert joined == []
    ids = {measure.id for measure in catalogue()}
    assert {measure for pair in alike for measure in pair} <= ids, "a look-alike pair names a measure not in the catalogue"


def test_docs_list_every_measure():
    text = (SAMPLES.parent / "docs" / "measures.md").read_text(encoding="utf-8")
    missing = [measure.id for measure in catalogue() if f"`{measure.id}`" not in text]
    assert missing == [], f"[docs/measures.md] measures not listed: {missing}"
