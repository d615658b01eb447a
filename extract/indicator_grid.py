"""Indicator grids: one row per indicator (or category), one column per month or quarter.

Written for the 'Indicators of success' grid of the Plymouth 2023 improvement
plan (`../shared/seeds/plymouth-2023-improvement-plan.txt`) and the two grids
of `samples/torbay-2025-02-performance-report.pdf` (a monthly grid in
sections, and categories by quarter columns `Status | Dec-23 | ... | Dec-24`).
What is odd about them:

- each section has its own header row (`| Early Help ... | Oct-22 | ... |
  Direction of travel | Target | MTFP Link`), and one section's months differ
  (Aug-22..Jan-23), so columns are read again at every header row;
- a message across the month cells (`Report development required`) is a merged
  cell in a PDF but comes out of a text rendering cut into fragments, one per
  cell, with the letters at the cuts doubled or broken (`Repo | ort developn |
  nent require | d`, `Not ava | ailable`); the fragments are joined again, and
  the month cells the message covers all get it;
- when the message sat in fewer cells than there are months, the direction and
  target cells slide left into the month columns (`... | + | TBC | | |`); they
  are put back by what they look like;
- the ref cell carries a marker (`23 NEW`, `36 R12M`).

Scorecards made in a spreadsheet (`samples/norfolk-2025-01-09-performance-scorecard.pdf`)
add a polarity column and comparator columns (recognised, not stored), section
rows, suppressed values, and a status shown only as the fill of an empty
status cell or of the latest figure; a scorecard printed on its side (periods
down the first column) is turned upright first (`transposed`).

Budget, capital and treasury tables also print years or quarters as columns;
a band of rows is only read when something says it holds indicators (an
indicator column such as Target or Direction of travel, or names like
`Percentage of ...`) and nothing says it is about money.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from planwatch.ingest.models import Cell, Problem, RawDocument, Row, Table
from planwatch.settings import Settings

from . import cell_messages as messages
from . import indicator_cells as cells
from .common import clean
from .models import Extraction, IndicatorRecord, IndicatorValueRecord, LayoutReport, Source

LAYOUT = "indicator_grid"
TAIL_ROLES = ("direction", "target", "floor", "link", "rag", "rag_previous")
"""Roles of the columns after the periods that count as evidence and that slid cells may go back to."""
BENCHMARK_ROLES = ("polarity", "comparator")
"""Columns that show a band holds indicators but give no field of the record (the contract has none)."""
RECORD_FIELDS = {"direction": "direction_raw", "target": "target_raw", "floor": "floor_raw",
                 "link": "link", "rag": "rag_raw", "rag_previous": "rag_previous_raw"}  # fmt: skip


@dataclass
class GridSettings(Settings):
    """Tuning for grid detection (pdfplumber's TableSettings pattern); the defaults live in `indicators.toml`."""

    min_periods: int = field(default_factory=lambda: cells.lexicon()["grid"]["min_periods"])
    min_name_share: float = field(default_factory=lambda: cells.lexicon()["names"]["min_share"])
    finance_value_share: float = field(default_factory=lambda: cells.lexicon()["reject"]["finance_value_share"])

    def __post_init__(self) -> None:
        if self.min_periods < 2:
            raise ValueError("Grid setting 'min_periods' must be at least 2")
        for name in ("min_name_share", "finance_value_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"Grid setting '{name}' must be between 0 and 1")


@dataclass(frozen=True)
class GridColumns:
    """What each column of one band holds."""

    periods: dict[int, str]
    name: int
    ref: int | None
    roles: dict[int, str]
    section: str | None


@dataclass
class Band:
    """A header row, the columns it names and the rows under it."""

    header: int
    rows: list[int]
    columns: GridColumns
    verdict: str = "indicators"


Cells = list[tuple[str, int]]
_QUARTER = re.compile(r"^(?:q|qtr|quarter)\s*[1-4]", re.IGNORECASE)


# -- the chain --------------------------------------------------------------------------------


def matches(raw: RawDocument, *, settings: GridSettings | dict | None = None) -> bool:
    """RETURNS (bool): the document holds at least one indicator grid."""
    settings = GridSettings.resolve(settings)
    return any(band.verdict == "indicators" for table in raw.tables for band in table_to_bands(table, settings=settings))


def extract(raw: RawDocument, *, settings: GridSettings | dict | None = None) -> Extraction:
    """RETURNS (Extraction): the indicators of every grid in the document, with a LayoutReport."""
    settings = GridSettings.resolve(settings)
    words = messages.document_words(raw)
    report = LayoutReport(layout=LAYOUT)
    records: list[IndicatorRecord] = []
    problems: list[Problem] = []
    for table in sorted(raw.tables, key=lambda t: t.seq):
        bands = table_to_bands(table, settings=settings)
        if not bands:
            table = transposed(table, settings=settings)
            bands = table_to_bands(table, settings=settings) if table is not None else []
        if not bands:
            continue
        report.tables_seen += 1
        found, table_problems = _read_bands(raw, table, bands, words, report)
        records += found
        problems += table_problems
    report.records = len(records)
    return Extraction(origin=raw.origin, indicators=records, reports=[report], problems=problems)


def debug_grid(raw: RawDocument, *, settings: GridSettings | dict | None = None) -> list[dict[str, Any]]:
    """RETURNS (list[dict]): for each table with a period header row, its bands, verdicts and rows read."""
    settings = GridSettings.resolve(settings)
    words = messages.document_words(raw)
    result = []
    for table in sorted(raw.tables, key=lambda t: t.seq):
        bands = table_to_bands(table, settings=settings)
        if not bands:
            continue
        texts = cells.table_cells(table)
        result.append({
            "table": table.seq, "page": table.page,
            "bands": [{
                "header": band.header, "verdict": band.verdict, "columns": band.columns,
                "rows": [_row_reading(texts[r], band.columns, words) for r in band.rows],
            } for band in bands],
        })
    return result


def table_to_bands(table: Table, *, settings: GridSettings) -> list[Band]:
    """RETURNS (list[Band]): the table cut at each header row that names enough periods, judged."""
    texts = cells.table_cells(table)
    headers = [r for r, row in enumerate(texts) if len(_period_columns(row, texts, r)) >= settings.min_periods]
    bands = []
    for position, header in enumerate(headers):
        end = headers[position + 1] if position + 1 < len(headers) else len(texts)
        rows = [r for r in range(header + 1, end) if any(clean(text) for text, _ in texts[r])]
        columns = band_columns(texts, header, rows)
        band = Band(header=header, rows=rows, columns=columns)
        band.verdict = judge_band(texts, band, settings=settings, first=position == 0)
        bands.append(band)
    return bands


# -- columns ----------------------------------------------------------------------------------


def _period_columns(row: Cells, texts: list[Cells], index: int) -> dict[int, str]:
    periods = {}
    for col, (text, start) in enumerate(row):
        if start == col and cells.is_period(text):
            periods[col] = _with_year_above(clean(text), texts, index, col)
    return periods


def _with_year_above(period: str, texts: list[Cells], index: int, col: int) -> str:
    """A quarter without its year (`Q1`) takes the year printed above it (`2023/24`), when there is one."""
    if index == 0 or re.search(r"\d{2}", _QUARTER.sub("", period)):
        return period
    above = clean(texts[index - 1][col][0])
    return f"{period} {above}" if cells.is_period(above) else period


def band_columns(texts: list[Cells], header: int, rows: list[int]) -> GridColumns:
    """RETURNS (GridColumns): the band's periods, name and ref columns and the role of the rest."""
    head = texts[header]
    periods = _period_columns(head, texts, header)
    first = min(periods)
    lengths = {col: _mean_length(texts, rows, col) for col in range(first)}
    name = max(lengths, key=lambda col: (lengths[col], col)) if lengths else 0
    ref = next((col for col in range(name) if _mostly_refs(texts, rows, col)), None)
    roles = {}
    for col, (text, start) in enumerate(head):
        if col in periods or col in (name, ref) or start != col:
            continue
        role = cells.header_role(text)
        if role is not None:
            roles[col] = role
    return GridColumns(periods=periods, name=name, ref=ref, roles=roles, section=_section_of(head, name, ref))


def _mean_length(texts: list[Cells], rows: list[int], col: int) -> float:
    lengths = [len(clean(texts[r][col][0])) for r in rows]
    return sum(lengths) / len(lengths) if lengths else 0.0


def _mostly_refs(texts: list[Cells], rows: list[int], col: int) -> bool:
    filled = [clean(texts[r][col][0]) for r in rows if clean(texts[r][col][0])]
    return bool(filled) and sum(1 for text in filled if cells.is_ref(text)) >= 0.5 * len(filled)


def _section_of(head: Cells, name: int, ref: int | None) -> str | None:
    parts = [clean(head[col][0]) for col in sorted({ref, name} - {None}) if clean(head[col][0])]
    text = " ".join(parts)
    generic = {clean(word).lower() for word in cells.lexicon()["grid"]["generic_name_headers"]}
    if not text or text.lower() in generic or cells.header_role(text) in ("name", "ref"):
        return None
    return text


# -- judging a band ---------------------------------------------------------------------------


def judge_band(texts: list[Cells], band: Band, *, settings: GridSettings, first: bool) -> str:
    """RETURNS (str): 'indicators', or why the band is not read ('finance: budget, £m', 'action table', ...)."""
    head = [clean(text) for text, _ in texts[band.header]]
    above = [clean(text) for r in range(band.header if first else 0) for text, _ in texts[r]]
    if any(cells.is_action_header(text) for text in head):
        return "action table"
    money = cells.finance_words_in(head + above)
    if money:
        return "finance: " + ", ".join(money)
    values = [texts[r][col][0] for r in band.rows for col in band.columns.periods]
    if cells.money_share(values) >= settings.finance_value_share:
        return "finance: £ amounts"
    if _has_evidence(texts, band, settings=settings):
        return "indicators"
    return "no indicator columns or names"


def _has_evidence(texts: list[Cells], band: Band, *, settings: GridSettings) -> bool:
    columns = band.columns
    if any(role in TAIL_ROLES + BENCHMARK_ROLES for role in columns.roles.values()):
        return True
    name_header = clean(texts[band.header][columns.name][0])
    generic = {clean(word).lower() for word in cells.lexicon()["grid"]["generic_name_headers"]}
    if name_header.lower() in generic or cells.header_role(name_header) == "name":
        return True
    names = [clean(texts[r][columns.name][0]) for r in band.rows if clean(texts[r][columns.name][0])]
    return bool(names) and sum(1 for name in names if cells.name_like(name)) >= settings.min_name_share * len(names)


# -- rows -------------------------------------------------------------------------------------


def _read_bands(
    raw: RawDocument, table: Table, bands: list[Band], words: frozenset[str], report: LayoutReport
) -> tuple[list[IndicatorRecord], list[Problem]]:
    texts = cells.table_cells(table)
    records: list[IndicatorRecord] = []
    problems: list[Problem] = []
    heading = cells.heading_before(raw, table)
    for band in bands:
        if band.verdict != "indicators":
            report.notes.append(f"{cells.table_place(table)} row {band.header}: not indicators ({band.verdict})")
            continue
        section = band.columns.section or heading
        for r in band.rows:
            reading = _row_reading(texts[r], band.columns, words)
            if reading["kind"] == "section":
                section = reading["name"]
            elif reading["kind"] == "indicator":
                records.append(_record(reading, band.columns, section, table, r))
                report.cells_blank += sum(1 for value in reading["values"] if not value[1])
            else:
                report.rows_rejected += 1
                problems.append(_rejected(raw, table, r, texts[r]))
    return records, problems


def _row_reading(row: Cells, columns: GridColumns, words: frozenset[str]) -> dict[str, Any]:
    """RETURNS (dict): what one body row is ('indicator', 'section', 'unnamed') and its cells as read."""
    name = clean(row[columns.name][0])
    if name and len({start for _, start in row}) == 1:  # one cell across the whole row: a section heading
        return {"kind": "section", "name": name}
    ref_text = clean(row[columns.ref][0]) if columns.ref is not None else ""
    period_cols = sorted(columns.periods)
    values = [row[col][0] for col in period_cols]
    tail = {col: clean(row[col][0]) for col in columns.roles}
    values, tail = realign(values, tail, columns)
    values = messages.spread_messages(values, [row[col][1] for col in period_cols], words)
    empty = not ref_text and not any(clean(v) for v in values) and not any(tail.values())
    if empty and name and (columns.ref is not None or not cells.name_like(name)):
        return {"kind": "section", "name": name}
    kind = "indicator" if name else "unnamed"
    return {"kind": kind, "name": name, "ref": ref_text, "tail": tail,
            "values": [(columns.periods[col], clean(value)) for col, value in zip(period_cols, values)]}  # fmt: skip


def _record(reading: dict[str, Any], columns: GridColumns, section: str | None, table: Table, r: int) -> IndicatorRecord:
    ref, marker = cells.split_ref(reading["ref"])
    fields = {}
    for col, text in sorted(reading["tail"].items()):
        role = columns.roles[col]
        if role in RECORD_FIELDS and text and RECORD_FIELDS[role] not in fields:
            fields[RECORD_FIELDS[role]] = text
    status_fill = _status_fill(table, r, columns)
    if "rag_raw" not in fields and status_fill:
        fields["rag_fill"] = status_fill
    return IndicatorRecord(
        ref=ref, marker=marker, name=reading["name"], section=section,
        values=[IndicatorValueRecord(period=period, value_raw=value) for period, value in reading["values"]],
        source=Source(page=table.rows[r].page or table.page, seq=table.seq, table=table.seq, row=r),
        **fields,
    )


def _status_fill(table: Table, r: int, columns: GridColumns) -> str | None:
    """The colour that is the row's status when no word says it: the fill of its status cell, or, in a
    grid without a status column, the fill of its latest figure when the name's cell is not so filled
    (a shaded row is a band, not a status)."""
    if "rag" in columns.roles.values():
        for col, role in sorted(columns.roles.items()):
            if role == "rag":
                fill = cells.cell_fill(table, r, col)
                if fill and not cells.colourless(fill):
                    return fill
        return None
    texts = {col: clean(text) for col, (text, _) in enumerate(cells.table_cells(table)[r])}
    filled = [col for col in sorted(columns.periods) if texts.get(col)]
    if not filled:
        return None
    fill = cells.cell_fill(table, r, filled[-1])
    if fill and not cells.colourless(fill) and cells.cell_fill(table, r, columns.name) != fill:
        return fill
    return None


def transposed(table: Table, *, settings: GridSettings) -> Table | None:
    """RETURNS (Table | None): a grid printed on its side (periods down the first column, indicators
    across the top) turned upright, or None when the first column names too few periods."""
    texts = cells.table_cells(table)
    if sum(1 for row in texts if cells.is_period(row[0][0])) < settings.min_periods:
        return None
    rows = []
    for col in range(table.n_cols):
        made = [Cell(text=texts[r][col][0], col=r, fill=cells.cell_fill(table, r, col),
                     header=r == 0 or col == 0) for r in range(len(texts))]  # fmt: skip
        rows.append(Row(cells=made, page=table.page))
    return Table(rows=rows, n_cols=len(texts), seq=table.seq, page=table.page, pages=table.pages,
                 bbox=table.bbox, method=table.method)  # fmt: skip


def _rejected(raw: RawDocument, table: Table, r: int, row: Cells) -> Problem:
    text = " | ".join(clean(text) for text, _ in row if clean(text))
    page = table.rows[r].page or table.page
    where = f" p.{page}" if page else ""
    return Problem(
        code="indicator_without_name", stage="extract", page=page, raw=text[:200],
        message=f"{raw.origin.filename}{where}: a grid row has values but no indicator name; "
        "kept out of the indicators, check the table by hand",
    )


# -- cells that slid left ---------------------------------------------------------------------


def realign(values: list[str], tail: dict[int, str], columns: GridColumns) -> tuple[list[str], dict[int, str]]:
    """RETURNS (tuple): month texts and tail texts, with cells that slid into the month columns put back.

    Only a row whose months hold a message and no figure can have slid: the
    non-empty cells after the message, and those of the tail, are dealt to the
    tail columns from the right, each to the first column whose role it fits
    (`+` to direction, `TBC` to target, `MTFP 1` to link).
    """
    kinds = [cells.cell_kind(value) for value in values]
    if cells.VALUE in kinds or cells.TEXT not in kinds:
        return values, tail
    last_text = max(i for i, kind in enumerate(kinds) if kind == cells.TEXT)
    last_period = max(columns.periods)
    tail_cols = sorted(col for col, role in columns.roles.items() if col > last_period and role in TAIL_ROLES)
    spilled = [("period", i, clean(values[i])) for i in range(last_text + 1, len(values)) if clean(values[i])]
    if not spilled or not tail_cols:
        return values, tail
    items = spilled + [("tail", col, tail[col]) for col in tail_cols if tail[col]]
    values, tail = list(values), dict(tail)
    for _, i, _ in spilled:
        values[i] = ""
    for col in tail_cols:
        tail[col] = ""
    for col in reversed(tail_cols):
        if items and _fits(columns.roles[col], items[-1][2]):
            tail[col] = items.pop()[2]
    for where, index, text in items:  # what fits nowhere stays where it was printed
        if where == "period":
            values[index] = text
        elif not tail[index]:
            tail[index] = text
    return values, tail


def _fits(role: str, text: str) -> bool:
    if role == "direction":
        return cells.looks_direction(text)
    if role == "link":
        return cells.looks_link(text)
    if role in ("rag", "rag_previous"):
        return cells.is_status(text)
    return cells.looks_target(text)
