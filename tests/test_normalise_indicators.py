"""Indicator records as printed -> indicator rows: numbers, units, periods, statuses, directions."""

from __future__ import annotations

import json

import pytest

from conftest import GOLDEN, SAMPLES
from indicator_helpers import indicators_of
from planwatch.extract.models import Extraction, IndicatorRecord, IndicatorValueRecord, MetadataRecord, Source
from planwatch.ingest import ingest
from planwatch.ingest.models import Format, Origin
from planwatch.normalise.indicators import normalise_indicators, period_ends, previous_period_end, record_to_row

ORIGIN = Origin(filename="made.pdf", path="made.pdf", sha256="0" * 64, format=Format.PDF, size=1)


def record(**fields) -> IndicatorRecord:
    values = fields.pop("values", [])
    return IndicatorRecord(name=fields.pop("name", "Percentage of plans reviewed"),
                           values=[IndicatorValueRecord(period=p, value_raw=v) for p, v in values], **fields)  # fmt: skip


def test_missing_and_developing_values_are_rows_without_numbers():
    row = record_to_row(record(values=[("Oct-22", "41.3%"), ("Nov-22", ""), ("Dec-22", "-"), ("Jan-23", "Not available"),
                                       ("Feb-23", "Report development required"), ("Mar-23", "0%")]))  # fmt: skip
    assert [(v.value, v.status) for v in row.values] == [
        (41.3, "ok"), (None, "missing"), (None, "missing"), (None, "missing"), (None, "in_development"), (0.0, "ok")]
    assert [v.value_raw for v in row.values][:2] == ["41.3%", None], "a blank cell printed nothing"
    assert [v.period_end for v in row.values] == ["2022-10-31", "2022-11-30", "2022-12-31", "2023-01-31", "2023-02-28", "2023-03-31"]


@pytest.mark.parametrize(("periods", "reporting", "ends"), [
    (["Latest", "Previous"], "Quarter 3 2024/25", ["2024-12-31", "2024-09-30"]),
    (["Latest", "Previous"], "Q1 2024/25", ["2024-06-30", "2024-03-31"]),
    (["Latest", "Previous"], "December 2024", ["2024-12-31", "2024-11-30"]),
    (["Latest", "Previous"], "2023/24", ["2024-03-31", "2023-03-31"]),
    (["Latest", "Previous"], None, [None, None]),
    (["Nov-24", "Previous"], "Quarter 3 2024/25", ["2024-11-30", None]),
    (["Q3 2024/25", "2023/24", "Q1"], None, ["2024-12-31", "2024-03-31", None]),
])  # fmt: skip
def test_period_ends(periods, reporting, ends):
    assert period_ends(periods, reporting_period=reporting) == ends


def test_previous_period_needs_a_period_with_a_cadence():
    assert previous_period_end("2024") is None


@pytest.mark.parametrize(("target_raw", "target", "comparator"), [
    ("7.6% England", 7.6, "England"), ("42.1r England", 42.1, "England"), ("10.5% Ofsted Good+", 10.5, "Ofsted Good+"),
    ("Monitor", None, None), ("твс", None, None), ("0", 0.0, None),
])  # fmt: skip
def test_targets_and_comparators(target_raw, target, comparator):
    row = record_to_row(record(target_raw=target_raw))
    assert (row.target_raw, row.target, row.comparator) == (target_raw, target, comparator)


def test_floor_and_statuses():
    row = record_to_row(record(target_raw="85%", floor_raw="75%", rag_raw="AMBER", rag_previous_raw="Red"))
    assert (row.target, row.floor, row.rag, row.rag_previous) == (85.0, 75.0, "amber", "red")


@pytest.mark.parametrize(("name", "values", "target_raw", "unit"), [
    ("Number of contacts", ["1,147"], None, "count"),
    ("Rate of children in need per 10,000 children", ["189.2r"], None, "rate_per_10000"),
    ("Average days to adoption", ["398 days"], None, "days"),
    ("School attendance rate", ["Report development required"], "95.0%", "percent"),
    ("Overall number of audits completed", ["Report development required"], "30", "count"),
])  # fmt: skip
def test_units_from_values_then_name_then_target(name, values, target_raw, unit):
    row = record_to_row(record(name=name, values=[("Oct-22", v) for v in values], target_raw=target_raw))
    assert row.unit == unit


@pytest.mark.parametrize(("printed", "direction"), [
    ("↑", "improving"), ("↓", "worsening"), ("→", "stable"), ("< >", "stable"), ("Improving", "improving"),
    ("•", None), ("+", None), ("↓ ►", None), ("", None),
])  # fmt: skip
def test_direction_is_decoded_or_kept_as_printed(printed, direction):
    row = record_to_row(record(direction_raw=printed))
    assert (row.direction_raw, row.direction) == (printed or None, direction)


def test_unreadable_directions_and_unknown_periods_are_warned_once_with_a_count():
    records = [record(direction_raw="•", values=[("Q1", "1")], source=Source(page=2)),
               record(direction_raw="•", values=[("Q1", "2")], source=Source(page=1)),
               record(rag_raw="Purple-ish")]  # fmt: skip
    result = normalise_indicators(Extraction(origin=ORIGIN, indicators=records))
    codes = {problem.code: problem.message for problem in result.problems}
    assert set(codes) == {"direction_unreadable", "period_unknown", "status_unknown"}
    assert codes["direction_unreadable"].startswith("made.pdf: 2 directions of travel")
    assert [row.page for row in result.indicators] == [None, 1, 2], "rows go by page"


def test_a_count_of_one_reads_in_the_singular():
    result = normalise_indicators(Extraction(origin=ORIGIN, indicators=[record(direction_raw="•", rag_raw="Purple-ish")]))
    codes = {problem.code: problem.message for problem in result.problems}
    assert codes["direction_unreadable"].startswith(
        "made.pdf: 1 direction of travel printed as a symbol that says no direction (an image or a symbol font)")
    assert codes["status_unknown"].startswith("made.pdf: 1 indicator status not recognised; rag left empty")


def test_latest_means_the_reporting_period_in_the_metadata():
    extraction = Extraction(origin=ORIGIN, metadata=MetadataRecord(reporting_period_raw="Quarter 3, 2024/25"),
                            indicators=[record(values=[("Latest", "78.4%"), ("Previous", "74.1%")])])  # fmt: skip
    [row] = normalise_indicators(extraction).indicators
    assert [(v.period, v.period_end) for v in row.values] == [("Latest", "2024-12-31"), ("Previous", "2024-09-30")]


def _sample_papers() -> list:
    return sorted(path for path in SAMPLES.iterdir() if path.suffix in {".pdf", ".docx", ".txt", ".html"})


def _golden_indicators(path) -> list | None:
    by_name = GOLDEN / f"{path.name}.json"
    golden = by_name if by_name.exists() else GOLDEN / f"{path.stem}.json"
    return json.loads(golden.read_text(encoding="utf-8")).get("indicators")


@pytest.mark.parametrize("path", _sample_papers(), ids=lambda path: path.name)
def test_samples_give_exactly_their_golden_indicators_and_action_plans_none(path):
    found = [row.model_dump(mode="json", exclude={"measure", "measure_score"})  # their own golden file: measures.json
             for row in normalise_indicators(indicators_of(ingest(path))).indicators]
    expected = _golden_indicators(path) or []
    wrong = [f"{e['name'][:40]}: {f}" for f, e in zip(found, expected) if f != e]
    assert len(found) == len(expected), f"[{path.name}] {len(found)} indicators, golden has {len(expected)}"
    assert not wrong, f"[{path.name}] differs from its golden file:\n" + "\n".join(wrong)
