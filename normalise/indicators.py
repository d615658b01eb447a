"""Indicators as printed -> indicator rows with numbers, units, periods and statuses.

    from planwatch.normalise.indicators import normalise_indicators
    rows = normalise_indicators(extraction)     # IndicatorRows(indicators, problems)

What this decides (see `docs/indicators.md` for the reader's version):

- every printed period stays a value row; a blank, a dash or `Not available`
  is `missing`, `Report development required` or `TBC` is `in_development`,
  and neither ever gets a number (never zero);
- `period_end` is the last day of the period (`Oct-22` -> 2022-10-31,
  `Q3 2024/25` -> 2024-12-31, `2023/24` -> 2024-03-31); `Latest` is the
  period the paper reports on (`metadata.reporting_period_raw`) and
  `Previous` beside it the period before that; anything else unknown is NULL;
- the unit comes from the values (`%`, `r`, `days`), then the name, then the
  target;
- the direction of travel is decoded from words and arrows; a glyph nobody
  can read stays in `direction_raw` with `direction` NULL.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from planwatch.extract.models import Extraction, IndicatorRecord, IndicatorValueRecord
from planwatch.ingest.models import Problem, Severity
from planwatch.wording import counted

from .dates import period_end
from .measures import match_measure
from .models import IndicatorRow, IndicatorValueRow, Rag
from .rag import key_from_labels, rag_from_cell, rag_from_text
from .text import collapse, repair_if_needed
from .values import direction_of, parse_target, parse_value, unit_of

LATEST, PREVIOUS = "latest", "previous"
"""Period labels (lower-case) that stand for the reporting period and the one before it."""
CADENCE_MONTHS = (
    (re.compile(r"\b(?:q|qtr|quarter)\s*[1-4]\b", re.IGNORECASE), 3),
    (re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE), 1),
    (re.compile(r"\b(?:19|20)\d{2}\s*[/-]\s*\d{2,4}\b"), 12),
)
"""How far back 'Previous' is from 'Latest', by what the reporting period names: a quarter, a month, a year."""
MAX_EXAMPLES = 5
"""Distinct texts a problem quotes."""


class IndicatorRows(BaseModel):
    """The indicator rows of one document and what could not be read."""

    model_config = ConfigDict(extra="forbid")

    indicators: list[IndicatorRow] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)


def normalise_indicators(extraction: Extraction) -> IndicatorRows:
    """RETURNS (IndicatorRows): every indicator record as a row of the `indicators` contract.

    Rows keep the extraction's order within a page and go by page. Problems
    are warnings, one per kind with a count: statuses not recognised, periods
    that name no date, directions printed as unreadable glyphs.
    """
    key = key_from_labels((item.label, item.definition, item.fill) for item in extraction.rag_key)
    reporting = extraction.metadata.reporting_period_raw
    records = sorted(extraction.indicators, key=lambda record: record.source.page or 0)
    rows = [record_to_row(record, reporting_period=reporting, key=key) for record in records]
    return IndicatorRows(indicators=rows, problems=document_problems(records, rows, extraction.origin.filename))


def record_to_row(
    record: IndicatorRecord, *, reporting_period: str | None = None, key: dict[str, Rag | None] | None = None
) -> IndicatorRow:
    """RETURNS (IndicatorRow): one indicator with its values, numbers and canonical statuses.

    reporting_period (str): the period the paper reports on, as printed; what 'Latest' means.
    key (dict): the document's own status labels (`rag.key_from_labels`).
    """
    target = parse_target(record.target_raw)
    direction_raw = _printed(record.direction_raw)
    row = IndicatorRow(
        ref=_printed(record.ref), marker=_printed(record.marker), name=collapse(repair_if_needed(record.name)),
        section=_printed(record.section), unit=unit_of(record.name, _unit_evidence(record)),
        target_raw=_printed(record.target_raw), target=target.target, floor=_floor(record, target.floor),
        comparator=target.comparator, direction_raw=direction_raw, direction=direction_of(direction_raw),
        rag=rag_from_cell(record.rag_raw, record.rag_fill, key=key)[0],
        rag_previous=rag_from_text(record.rag_previous_raw, key=key),
        link=_printed(record.link), page=record.source.page,
        values=value_rows(record.values, reporting_period=reporting_period),
    )
    return with_measure(row)


def with_measure(row: IndicatorRow) -> IndicatorRow:
    """RETURNS (IndicatorRow): the row with the catalogue measure it is and the match's score (#17)."""
    numbers = [value.value for value in row.values] + [row.target, row.floor]
    found = match_measure(row.name, unit=row.unit, section=row.section, values=numbers)
    if found is None:
        return row
    return row.model_copy(update={"measure": found.measure, "measure_score": found.score})


def value_rows(values: list[IndicatorValueRecord], *, reporting_period: str | None = None) -> list[IndicatorValueRow]:
    """RETURNS (list[IndicatorValueRow]): each printed value with its number, status and period end."""
    ends = period_ends([value.period for value in values], reporting_period=reporting_period)
    rows = []
    for value, end in zip(values, ends):
        parsed = parse_value(value.value_raw)
        rows.append(IndicatorValueRow(
            period=collapse(value.period), period_end=end, value=parsed.value,
            value_raw=_printed(value.value_raw), status=parsed.status,
        ))
    return rows


def period_ends(periods: list[str], *, reporting_period: str | None = None) -> list[str | None]:
    """RETURNS (list): the ISO last day of each period, or None when it cannot be known.

    'Latest' is the reporting period; 'Previous' is the period before it, but
    only beside a 'Latest' read that way (a card whose latest figure is for
    `Nov-24` leaves its 'Previous' unknown).
    """
    labels = [collapse(period).lower() for period in periods]
    latest_end = period_end(reporting_period) if reporting_period and LATEST in labels else None
    ends = []
    for period, label in zip(periods, labels):
        if label == LATEST:
            ends.append(latest_end)
        elif label == PREVIOUS:
            ends.append(previous_period_end(reporting_period) if latest_end else None)
        else:
            ends.append(period_end(period))
    return ends


def previous_period_end(reporting_period: str | None) -> str | None:
    """RETURNS (str | None): the last day of the period before the reporting period (`Q3 2024/25` -> 2024-09-30)."""
    end = period_end(reporting_period)
    if end is None or not reporting_period:
        return None
    months = next((step for pattern, step in CADENCE_MONTHS if pattern.search(reporting_period)), None)
    if months is None:
        return None
    return _months_before(date.fromisoformat(end), months).isoformat()


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def _unit_evidence(record: IndicatorRecord) -> list[str]:
    """Printed values, then the target's figure: a grid row of messages with target `90.0%` is a percentage."""
    texts = [value.value_raw for value in record.values]
    for raw in (record.target_raw, record.floor_raw):
        if raw and raw.split():
            texts.append(raw.split()[0])
    return texts


def _floor(record: IndicatorRecord, from_target: float | None) -> float | None:
    if record.floor_raw:
        parsed = parse_value(record.floor_raw)
        if parsed.value is not None:
            return parsed.value
        return parse_target(record.floor_raw).target
    return from_target


def _printed(text: str | None) -> str | None:
    """Text as printed, whitespace collapsed; None when nothing was printed."""
    return collapse(text) or None


def document_problems(records: list[IndicatorRecord], rows: list[IndicatorRow], filename: str) -> list[Problem]:
    """RETURNS (list[Problem]): one warning per kind of thing left unread, with a count and examples."""
    statuses = [collapse(raw) for record, row in zip(records, rows)
                for raw, rag in ((record.rag_raw, row.rag), (record.rag_previous_raw, row.rag_previous))
                if _printed(raw) and rag is None]  # fmt: skip
    periods = [value.period for row in rows for value in row.values
               if value.period_end is None and value.period.lower() not in (LATEST, PREVIOUS)]  # fmt: skip
    glyphs = [row.direction_raw for row in rows if row.direction_raw and row.direction is None]
    problems = []
    for code, found, (one, many), then in (
        ("status_unknown", statuses, ("indicator status", "indicator statuses"),
         "not recognised; rag left empty (add the word to the document's key or the status words)"),
        ("period_unknown", periods, ("indicator period that names", "indicator periods that name"),
         "no date; period_end left empty"),
        ("direction_unreadable", glyphs, ("direction of travel printed as a symbol that says",
                                          "directions of travel printed as symbols that say"),
         "no direction (an image or a symbol font); kept in direction_raw, direction left empty"),
    ):  # fmt: skip
        if found:
            examples = ", ".join(f'"{text}"' for text in sorted(set(found))[:MAX_EXAMPLES])
            message = f"{filename}: {counted(len(found), one, many)} {then}: {examples}"
            problems.append(Problem(code=code, stage="normalise", severity=Severity.WARNING, raw=examples, message=message))
    return problems
