"""Dates: timescales, document dates and indicator periods."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from planwatch.normalise.dates import due_date, full_year, parse_date, period_end

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

# (text, month_only, default_year, expected ISO date or None)
PARSE_DATE = [
    ("01/09/18", "end", None, "2018-09-01"),
    ("31/03/19", "end", None, "2019-03-31"),
    ("21/01/19", "end", None, "2019-01-21"),
    ("1.9.18", "end", None, "2018-09-01"),
    ("23/2/23", "end", None, "2023-02-23"),
    ("1/9/2018", "end", None, "2018-09-01"),
    ("2018-09-01", "end", None, "2018-09-01"),
    ("July 23", "end", None, "2023-07-31"),
    ("July 23", "start", None, "2023-07-01"),
    ("Sept 23", "end", None, "2023-09-30"),
    ("Sep-24", "end", None, "2024-09-30"),
    ("Feb-24", "end", None, "2024-02-29"),
    ("Augus t 23", "end", None, "2023-08-31"),
    ("Sep tem ber 2023", "end", None, "2023-09-30"),
    ("Dec2022", "end", None, "2022-12-31"),
    ("Sept. ’23", "end", None, "2023-09-30"),
    ("31 st March 2023", "end", None, "2023-03-31"),
    ("31st March 2023", "end", None, "2023-03-31"),
    ("31 <sup>st</sup> March 2023", "end", None, "2023-03-31"),
    ("31st of March 2023", "end", None, "2023-03-31"),
    ("14th April", "end", None, None),
    ("14th April", "end", 2023, "2023-04-14"),
    ("14 April 10:00", "end", 2024, "2024-04-14"),
    ("Monday, 13 March 2017, 2.00 pm", "end", None, "2017-03-13"),
    ("07 November 2023", "start", None, "2023-11-07"),
    ("March 31, 2023", "end", None, "2023-03-31"),
    ("April 2023", "end", None, "2023-04-30"),
    ("April 2023", "start", None, "2023-04-01"),
    ("March", "end", None, None),
    ("March", "end", 2023, "2023-03-31"),
    ("March", "start", 2023, "2023-03-01"),
    ("May", "end", 2023, "2023-05-31"),
    ("Actions may slip", "end", 2023, None),
    ("Immediately", "end", 2023, None),
    ("Immediate", "end", None, None),
    ("Imme diately", "end", None, None),
    ("Ongoing", "end", None, None),
    ("TBC", "end", None, None),
    ("", "end", None, None),
    ("May 23 Ongoing through the year", "end", None, "2023-05-31"),
    ("New service in place for Dec 2023", "end", None, "2023-12-31"),
    ("Implementation plan in place (1/3/23)", "end", None, "2023-03-01"),
    ("Date of Issue: Friday, 3 March 2017", "end", None, "2017-03-03"),
    ("31/02/19", "end", None, None),
    ("29/02/23", "end", None, None),
    ("29/02/24", "end", None, "2024-02-29"),
    ("00/01/19", "end", None, None),
    ("01/13/19", "end", None, None),
    ("01/09/70", "end", None, "1970-09-01"),
    ("01/09/69", "end", None, "2069-09-01"),
    ("Jan 99", "end", None, "1999-01-31"),
    ("Version 2.00", "end", None, None),
]

DUE_DATES = [
    # quarters end on their last day; financial years start in April
    ("Q2 2024/25", None, "2024-09-30"),
    ("Q4 2024/25", None, "2025-03-31"),
    ("Quarter 1 2025/26", None, "2025-06-30"),
    ("By end Q3 2024-25", None, "2024-12-31"),
    ("2025/26 Q2", None, "2025-09-30"),
    ("Q2 2025", None, "2025-06-30"),
    ("2024/25", None, "2025-03-31"),
    ("Q4 2023/24 (March 2024)", None, "2024-03-31"),
    ("End of March 2025", None, "2025-03-31"),
    ("w/c 14/10/24", None, "2024-10-14"),
    ("31.01.25", None, "2025-01-31"),
    ("Jan-25", None, "2025-01-31"),
    # a season, a bare quarter and a day with a month name no year
    ("Spring 2025", None, None),
    ("Q2", None, None),
    ("03/04", None, None),
    ("July 23", None, "2023-07-31"),
    ("31/12/18", None, "2018-12-31"),
    ("Immediately", None, None),
    ("May", 2023, "2023-05-31"),
    (None, None, None),
]

PERIOD_ENDS = [
    ("Oct-22", "2022-10-31"),
    ("Dec-24", "2024-12-31"),
    ("Mar-24", "2024-03-31"),
    ("Feb-23", "2023-02-28"),
    ("March 2024", "2024-03-31"),
    ("Q3 2024/25", "2024-12-31"),
    ("Quarter 3 2024/25", "2024-12-31"),
    ("Q1 2024/25", "2024-06-30"),
    ("Q2 2024-25", "2024-09-30"),
    ("Q4 2023/24", "2024-03-31"),
    ("Q1 24/25", "2024-06-30"),
    ("2024/25 Q2", "2024-09-30"),
    ("Q3 2024", "2024-09-30"),
    ("2023/24", "2024-03-31"),
    ("2023-24", "2024-03-31"),
    ("2023/2024", "2024-03-31"),
    ("FY 22/23", "2023-03-31"),
    ("Apr 23 - Mar 24", "2024-03-31"),
    ("31/03/2024", "2024-03-31"),
    ("2024", "2024-12-31"),
    ("Latest", None),
    ("Year to date", None),
    ("2023/25", None),
    ("", None),
]


@pytest.mark.parametrize("text,month_only,default_year,expected", PARSE_DATE)
def test_parse_date(text: str, month_only: str, default_year: int | None, expected: str | None) -> None:
    parsed = parse_date(text, month_only=month_only, default_year=default_year)
    assert (parsed.isoformat() if parsed else None) == expected


def test_parse_date_names_a_bad_month_only() -> None:
    with pytest.raises(ValueError, match="month_only must be 'end' or 'start'"):
        parse_date("July 23", month_only="middle")


@pytest.mark.parametrize("text,default_year,expected", DUE_DATES)
def test_due_date(text: str | None, default_year: int | None, expected: str | None) -> None:
    assert due_date(text, default_year=default_year) == expected


@pytest.mark.parametrize("text,expected", PERIOD_ENDS)
def test_period_end(text: str, expected: str | None) -> None:
    assert period_end(text) == expected


@pytest.mark.parametrize(
    "year,expected", [(0, 2000), (23, 2023), (69, 2069), (70, 1970), (99, 1999), (2024, 2024)]
)
def test_full_year(year: int, expected: int) -> None:
    assert full_year(year) == expected


def _month_ends_follow(ends: list[str]) -> bool:
    dates = [date.fromisoformat(end) for end in ends]
    return all((b.year * 12 + b.month) - (a.year * 12 + a.month) == 1 for a, b in pairwise(dates))


def test_plymouth_indicator_periods_are_consecutive_month_ends() -> None:
    path = SEEDS / "plymouth-2023-improvement-plan.txt"
    if not path.is_file():
        pytest.skip(f"seed not found at {path}; it lives in ../shared/seeds beside the repository")
    headers = [
        line.split("\t") for line in path.read_text("utf-8").splitlines() if "Direction of travel" in line
    ]
    assert headers, f"[{path.name}] no indicator grid header found"
    for cells in headers:
        periods = cells[2 : cells.index("Direction of travel")]
        ends = [period_end(period) for period in periods]
        assert None not in ends, f"[{path.name}] unread period in {periods}"
        assert _month_ends_follow(ends), f"[{path.name}] periods {periods} gave {ends}"  # type: ignore[arg-type]
