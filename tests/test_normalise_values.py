"""Indicator values, targets, units and directions of travel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planwatch.normalise.models import Unit, ValueStatus
from planwatch.normalise.values import (
    ParsedTarget,
    ParsedValue,
    direction_of,
    parse_target,
    parse_value,
    unit_of,
)

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

OK, MISSING, IN_DEVELOPMENT = ValueStatus.OK, ValueStatus.MISSING, ValueStatus.IN_DEVELOPMENT

# (text, value, status, unit hint)
VALUES = [
    ("1,147", 1147.0, OK, Unit.COUNT),
    ("474", 474.0, OK, Unit.COUNT),
    ("0", 0.0, OK, Unit.COUNT),
    ("41.3%", 41.3, OK, Unit.PERCENT),
    ("0%", 0.0, OK, Unit.PERCENT),
    ("100.0%", 100.0, OK, Unit.PERCENT),
    ("41.3 %", 41.3, OK, Unit.PERCENT),
    ("12 per cent", 12.0, OK, Unit.PERCENT),
    ("189.2r", 189.2, OK, Unit.RATE_PER_10000),
    ("12 days", 12.0, OK, Unit.DAYS),
    ("1 day", 1.0, OK, Unit.DAYS),
    ("£1.2m", 1_200_000.0, OK, Unit.OTHER),
    ("£350k", 350_000.0, OK, Unit.OTHER),
    ("£1,500", 1500.0, OK, Unit.OTHER),
    ("12.5", 12.5, OK, None),
    ("-3", -3.0, OK, Unit.COUNT),
    ("\u22122.5%", -2.5, OK, Unit.PERCENT),
    ("75.2% (Red)", 75.2, OK, Unit.PERCENT),
    ("64.1%*", 64.1, OK, Unit.PERCENT),
    (" 1,033 ", 1033.0, OK, Unit.COUNT),
    ("", None, MISSING, None),
    (None, None, MISSING, None),
    ("-", None, MISSING, None),
    ("–", None, MISSING, None),
    ("n/a", None, MISSING, None),
    ("N/A", None, MISSING, None),
    ("Not available", None, MISSING, None),
    ("Not ava ilable", None, MISSING, None),
    ("No data", None, MISSING, None),
    ("•", None, MISSING, None),
    ("1,14", None, MISSING, None),
    ("Report development required", None, IN_DEVELOPMENT, None),
    ("Repo ort developn nent require d", None, IN_DEVELOPMENT, None),
    ("TBC", None, IN_DEVELOPMENT, None),
    ("t.b.c.", None, IN_DEVELOPMENT, None),
    ("\u0442\u0432\u0441", None, IN_DEVELOPMENT, None),  # Cyrillic look-alikes of TBC
    ("In development", None, IN_DEVELOPMENT, None),
    ("Framework re-developed - reporting due May", None, IN_DEVELOPMENT, None),
    ("To be confirmed", None, IN_DEVELOPMENT, None),
    ("New measure", None, IN_DEVELOPMENT, None),
]

# (text, target, comparator, floor)
TARGETS = [
    ("7.6% England", 7.6, "England", None),
    ("42.1r England", 42.1, "England", None),
    ("10.5% Ofsted Good+", 10.5, "Ofsted Good+", None),
    ("90.0%", 90.0, None, None),
    ("0", 0.0, None, None),
    ("30", 30.0, None, None),
    ("Monitor", None, None, None),
    ("TBC", None, None, None),
    ("\u0442\u0432\u0441", None, None, None),
    ("", None, None, None),
    ("Target: 85%, Floor 75%", 85.0, None, 75.0),
    ("85% (floor 75%)", 85.0, None, 75.0),
    ("Floor standard: 60%", None, None, 60.0),
    ("England 7.6%", 7.6, "England", None),
    ("≥ 90%", 90.0, None, None),
]

# (name, values as printed, unit)
UNITS = [
    ("Percentage of repeat contacts", [], Unit.PERCENT),
    ("Rate of Children in Need per 10,000 children", [], Unit.RATE_PER_10000),
    ("Number of MASH Contacts (in month)", ["474", "1,147"], Unit.COUNT),
    ("Number of referrals", [], Unit.COUNT),
    ("Average days from entering care to adoption", [], Unit.DAYS),
    ("Time to complete assessments in days", [], Unit.DAYS),
    ("Turnover rate for social workers", ["12.9%", "14.5%"], Unit.PERCENT),
    ("Placement stability", ["9.5%", "-", "Not available"], Unit.PERCENT),
    ("Children in need", ["189.2r", "192.4r"], Unit.RATE_PER_10000),
    ("Children in need", ["12", "13"], Unit.COUNT),
    ("Children in need", ["12.5", "13"], Unit.OTHER),
    ("Budget gap", ["£1.2m"], Unit.OTHER),
    ("Percentage of audits graded good", ["Report development required"], Unit.PERCENT),
    ("School attendance rate", ["Report development required"], Unit.OTHER),
    ("Timeliness of reviews", [], Unit.OTHER),
    ("", [], Unit.OTHER),
]

DIRECTIONS = [
    ("Improving", "improving"),
    ("Improved", "improving"),
    ("Better", "improving"),
    ("Worse", "worsening"),
    ("Worsening", "worsening"),
    ("Declining", "worsening"),
    ("No change", "stable"),
    ("Stable", "stable"),
    ("Same", "stable"),
    ("↑", "improving"),
    ("▲", "improving"),
    ("⬆", "improving"),
    ("↓", "worsening"),
    ("▼", "worsening"),
    ("⬇", "worsening"),
    ("→", "stable"),
    ("►", "stable"),
    ("←", "stable"),
    ("◄", "stable"),
    ("< >", "stable"),
    ("↓ ►", None),  # the signs disagree
    ("Not improving", None),
    ("•", None),
    ("\uf0e0", None),  # a symbol-font arrow no converter decoded
    ("+ ", None),
    ("-", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize("text,value,status,unit", VALUES)
def test_parse_value(text: str | None, value: float | None, status: ValueStatus, unit: Unit | None) -> None:
    assert parse_value(text) == ParsedValue(value, status, unit)


@pytest.mark.parametrize("text,target,comparator,floor", TARGETS)
def test_parse_target(text: str, target: float | None, comparator: str | None, floor: float | None) -> None:
    assert parse_target(text) == ParsedTarget(target, comparator, floor)


@pytest.mark.parametrize("name,values_raw,unit", UNITS)
def test_unit_of(name: str, values_raw: list[str], unit: Unit) -> None:
    assert unit_of(name, values_raw) == unit


@pytest.mark.parametrize("text,expected", DIRECTIONS)
def test_direction_of(text: str | None, expected: str | None) -> None:
    assert direction_of(text) == expected


def _plymouth_indicator_rows() -> list[list[str]]:
    """RETURNS (list): the cells of each indicator row of the Plymouth grid (ref, name, six months, ...)."""
    path = SEEDS / "plymouth-2023-improvement-plan.txt"
    if not path.is_file():
        pytest.skip(f"seed not found at {path}; it lives in ../shared/seeds beside the repository")
    lines = path.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "Direction of travel" in line)
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("THE IMPROVEMENT PLAN"))
    return [line.split("\t") for line in lines[start:end] if re.match(r"\d+\b", line)]


def test_plymouth_grid_numbers_all_parse() -> None:
    rows = _plymouth_indicator_rows()
    assert len(rows) == 67, f"[plymouth-2023-improvement-plan.txt] found {len(rows)} indicator rows"
    for cells in rows:
        for cell in cells[2:8]:
            if re.fullmatch(r"\s*[\d,.]+[%r]?\s*", cell):
                parsed = parse_value(cell)
                assert parsed.status is OK and parsed.value is not None, f"[plymouth] {cell!r} not read"


def test_plymouth_grid_units_agree_with_names() -> None:
    for cells in _plymouth_indicator_rows():
        name, values = cells[1], cells[2:8]
        unit = unit_of(name, values)
        if name.startswith("Percentage"):
            assert unit is Unit.PERCENT, f"[plymouth] {name[:40]!r} gave {unit}"
        if name.startswith("Rate of"):
            assert unit is Unit.RATE_PER_10000, f"[plymouth] {name[:40]!r} gave {unit}"
        if name.startswith("Number of") and any(parse_value(value).value is not None for value in values):
            assert unit is Unit.COUNT, f"[plymouth] {name[:40]!r} gave {unit}"
