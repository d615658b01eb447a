"""The indicator layouts on the reference documents in ../shared/seeds.

The Plymouth 2023 plan's 'Indicators of success' grid (67 indicators, 402
values) is compared with a golden file written by reading the seed
(tests/golden/seeds/plymouth-2023-improvement-plan.indicators.json; its
`read_by_hand` list says how the odd cells were read). At least 99% of the
values must be right and none may be invented; the other seeds hold no
indicators, and no action row of any seed may become one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import GOLDEN, SEEDS, need
from indicator_helpers import indicators_of
from planwatch.extract import indicator_cells
from planwatch.extract.common import clean
from planwatch.ingest import ingest
from planwatch.ingest.models import RawDocument
from planwatch.normalise.indicators import normalise_indicators

PLAN = "plymouth-2023-improvement-plan.txt"
GOLDEN_FILE = GOLDEN / "seeds" / "plymouth-2023-improvement-plan.indicators.json"
MIN_RIGHT = 0.99
EXACT_FIELDS = ("marker", "unit", "target_raw", "target", "comparator", "link", "direction_raw", "direction")
VALUE_FIELDS = ("period_end", "value", "status")
OTHER_SEEDS = [
    "plymouth-2015-scrutiny-update.txt",
    "plymouth-2023-11-07-committee-cover.txt",
    "worcestershire-2017-03-13-agenda-pack.txt",
    "sunderland-tfc-2019-01-21-progress-report.txt",
]
@pytest.fixture(scope="module")
def plan_raw() -> RawDocument:
    return ingest(need(SEEDS / PLAN))


@pytest.fixture(scope="module")
def plan_rows(plan_raw: RawDocument) -> dict[str, dict]:
    rows = normalise_indicators(indicators_of(plan_raw)).indicators
    assert len({row.ref for row in rows}) == len(rows), f"[{PLAN}] two indicators share a ref"
    return {row.ref: row.model_dump(mode="json") for row in rows}


@pytest.fixture(scope="module")
def golden() -> dict[str, dict]:
    return {item["ref"]: item for item in json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))["indicators"]}


def test_all_67_indicators_are_found_and_nothing_else(plan_rows, golden):
    assert len(golden) == 67
    assert sorted(plan_rows, key=int) == sorted(golden, key=int), f"[{PLAN}] indicator refs differ from the golden file"


def test_each_indicator_is_read_as_printed(plan_rows, golden):
    wrong = []
    for ref, expected in golden.items():
        row = plan_rows.get(ref)
        if row is None:
            continue  # counted by the test above
        wrong += [f"{ref}.{name}: {row[name]!r} != {expected[name]!r}" for name in EXACT_FIELDS if row[name] != expected[name]]
        for name in ("name", "section"):
            if expected[name] not in (row[name] or ""):
                wrong.append(f"{ref}.{name}: {row[name]!r} lacks {expected[name]!r}")
    assert not wrong, f"[{PLAN}] {len(wrong)} fields differ:\n" + "\n".join(wrong)


def test_at_least_99_percent_of_values_are_right_and_none_invented(plan_rows, golden):
    expected = {(ref, value["period"]): value for ref, item in golden.items() for value in item["values"]}
    found = {(ref, value["period"]): value for ref, row in plan_rows.items() for value in row["values"]}
    invented = sorted(set(found) - set(expected))
    assert not invented, f"[{PLAN}] values that the paper does not print: {invented[:10]}"
    right = [key for key, value in expected.items() if key in found and all(found[key][f] == value[f] for f in VALUE_FIELDS)]
    wrong = [f"{key}: {found.get(key)} != {expected[key]}" for key in expected if key not in right]
    assert len(right) >= MIN_RIGHT * len(expected), f"[{PLAN}] {len(wrong)} of {len(expected)} values wrong:\n" + "\n".join(wrong[:20])


def test_a_missing_or_developing_value_is_never_a_number(plan_rows):
    for ref, row in plan_rows.items():
        for value in row["values"]:
            assert (value["status"] == "ok") == (value["value"] is not None), f"[{PLAN}] {ref} {value}"


def test_no_action_row_becomes_an_indicator(plan_raw):
    """Every indicator comes from a table whose header names no action column."""
    extraction = indicators_of(plan_raw)
    tables = {table.seq: table for table in plan_raw.tables}
    for record in extraction.indicators:
        table = tables[record.source.table]
        texts = [clean(cell.text) for row in table.rows for cell in row.cells]
        assert not any(indicator_cells.is_action_header(text) for text in texts), (
            f"[{PLAN}] indicator {record.ref} was read from an action table (table {table.seq})")


@pytest.mark.parametrize("name", OTHER_SEEDS)
def test_seeds_without_indicators_give_none(name):
    raw = ingest(need(SEEDS / name))
    extraction = indicators_of(raw)
    assert extraction.indicators == [], f"[{name}] found {[r.name[:40] for r in extraction.indicators][:5]}"


def test_golden_file_is_written_by_hand_not_copied_paragraphs():
    """Golden names hold a few identifying words, never a copied paragraph."""
    data = json.loads(Path(GOLDEN_FILE).read_text(encoding="utf-8"))
    assert all(len(item["name"].split()) <= 9 for item in data["indicators"])
