"""KPI status tables: one row per indicator, its status now and before, perhaps its figures.

Written for the status table of `samples/torbay-2025-02-performance-report.pdf`
(`KPI name | DoT | RAG rating` over `Latest | Previous`: a two-row header with
a merged cell, statuses as words in coloured cells, direction as arrows or
words) and the 'Objectively Verifiable Indicators | Timescale | Progress'
tables of Kent's ICS priorities deck (`../shared/corpus/kent/24-00115 -
Appendix B`), which list indicators without figures.

A table is read when its header names an indicator column and one more
indicator column (status, direction, target, a latest or previous figure), or
names the indicators outright ('Indicator', 'KPI'). Action tables that carry a
'Measure' column (an action, a lead) and finance tables ('Credit risk
indicator | Actual | Target' in treasury reports) are not indicator tables.
Tables with period columns are grids (`indicator_grid`), not read here.

'Latest' and 'Previous' columns hold statuses or figures; which, the cells say.
A figure's period is the column's own when it names one, else 'Latest' or
'Previous' as printed; the paper's reporting period (which 'Latest' means) is
passed on in `metadata.reporting_period_raw`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planwatch.ingest.models import RawDocument, Table
from planwatch.settings import Settings

from . import card_tables
from . import indicator_cells as cells
from .common import clean
from .models import Extraction, IndicatorRecord, IndicatorValueRecord, LayoutReport, Source

LAYOUT = "kpi_table"
DEFAULT_MAX_HEADER_ROWS = 3
EVIDENCE_ROLES = ("rag", "rag_previous", "direction", "target", "floor", "latest", "previous")
"""Columns beside the name that make a table a KPI table."""
STRONG_NAME_WORDS = ("indicator", "kpi")
"""A name header holding one of these needs no second indicator column."""
FIELDS = {"direction": "direction_raw", "target": "target_raw", "floor": "floor_raw", "rag": "rag_raw",
          "rag_previous": "rag_previous_raw", "link": "link"}  # fmt: skip


@dataclass
class KpiTableSettings(Settings):
    """Tuning for KPI table detection."""

    max_header_rows: int = DEFAULT_MAX_HEADER_ROWS
    finance_value_share: float = field(default_factory=lambda: cells.lexicon()["reject"]["finance_value_share"])

    def __post_init__(self) -> None:
        if self.max_header_rows < 1:
            raise ValueError("KPI table setting 'max_header_rows' must be at least 1")
        if not 0.0 <= self.finance_value_share <= 1.0:
            raise ValueError("KPI table setting 'finance_value_share' must be between 0 and 1")


@dataclass(frozen=True)
class KpiLayout:
    """How one table is read: its header rows and the role of each column."""

    header_rows: int
    headers: dict[int, str]
    roles: dict[int, str]
    verdict: str


def matches(raw: RawDocument, *, settings: KpiTableSettings | dict | None = None) -> bool:
    """RETURNS (bool): the document holds at least one KPI table."""
    settings = KpiTableSettings.resolve(settings)
    return any(table_layout(table, settings=settings).verdict == "indicators" for table in raw.tables)


def extract(raw: RawDocument, *, settings: KpiTableSettings | dict | None = None) -> Extraction:
    """RETURNS (Extraction): the indicators of every KPI table, with a LayoutReport."""
    settings = KpiTableSettings.resolve(settings)
    report = LayoutReport(layout=LAYOUT)
    records: list[IndicatorRecord] = []
    for table in sorted(raw.tables, key=lambda t: t.seq):
        layout = table_layout(table, settings=settings)
        if layout.verdict in ("not a KPI table", "KPI cards (kpi_cards)"):
            continue
        report.tables_seen += 1
        if layout.verdict != "indicators":
            report.notes.append(f"{cells.table_place(table)}: not indicators ({layout.verdict})")
            continue
        section = cells.heading_before(raw, table)
        found = table_records(table, layout, section)
        report.rows_rejected += sum(1 for row in table.rows[layout.header_rows:] if _filled(row)) - len(found)
        records += found
    report.records = len(records)
    return Extraction(origin=raw.origin, indicators=records, reports=[report],
                      metadata=cells.period_metadata(raw, records))  # fmt: skip


def debug_kpi_table(raw: RawDocument, *, settings: KpiTableSettings | dict | None = None) -> list[dict[str, Any]]:
    """RETURNS (list[dict]): for every table, how its header was read and the verdict."""
    settings = KpiTableSettings.resolve(settings)
    return [{"table": table.seq, "page": table.page, "layout": table_layout(table, settings=settings)}
            for table in sorted(raw.tables, key=lambda t: t.seq)]  # fmt: skip


# -- the header -------------------------------------------------------------------------------


def table_layout(table: Table, *, settings: KpiTableSettings) -> KpiLayout:
    """RETURNS (KpiLayout): the header rows, column roles and whether the table is a KPI table."""
    texts = cells.table_cells(table)
    if not texts or _has_period_header(texts):
        return KpiLayout(0, {}, {}, "not a KPI table")
    if card_tables.table_cards(table):
        return KpiLayout(0, {}, {}, "KPI cards (kpi_cards)")
    best = max(range(1, min(settings.max_header_rows, len(texts)) + 1), key=lambda n: (len(_roles(_headers(texts, n))), -n))
    headers = _headers(texts, best)
    roles = _roles(headers)
    body = texts[best:]
    roles = _settle_latest_previous(roles, body)
    return KpiLayout(best, headers, roles, _verdict(headers, roles, body, settings=settings))


def _has_period_header(texts: list[list[tuple[str, int]]]) -> bool:
    wanted = cells.lexicon()["grid"]["min_periods"]
    return any(sum(1 for col, (text, start) in enumerate(row) if start == col and cells.is_period(text)) >= wanted
               for row in texts)  # fmt: skip


def _headers(texts: list[list[tuple[str, int]]], n: int) -> dict[int, str]:
    """Header texts by column over the first `n` rows ('RAG rating' over 'Latest' -> 'RAG rating Latest')."""
    headers = {}
    for col in range(len(texts[0])):
        parts: list[str] = []
        for row in texts[:n]:
            text = clean(row[col][0])
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        headers[col] = " ".join(parts)
    return headers


def _roles(headers: dict[int, str]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for col, text in headers.items():
        role = cells.header_role(text)
        if role is not None and role not in roles.values():
            roles[col] = role
    return roles


def _settle_latest_previous(roles: dict[int, str], body: list[list[tuple[str, int]]]) -> dict[int, str]:
    """'Latest' and 'Previous' columns that hold statuses are status columns, not figures."""
    settled = dict(roles)
    swaps = {"latest": "rag", "previous": "rag_previous"}
    for col, role in roles.items():
        if role not in swaps or swaps[role] in settled.values():
            continue
        filled = [clean(row[col][0]) for row in body if clean(row[col][0])]
        if filled and sum(1 for text in filled if cells.is_status(text)) >= len(filled) / 2:
            settled[col] = swaps[role]
    return settled


def _verdict(headers: dict[int, str], roles: dict[int, str], body: list, *, settings: KpiTableSettings) -> str:
    if "name" not in roles.values():
        return "not a KPI table"
    if any(cells.is_action_header(text) for text in headers.values()):
        return "action table"
    money = cells.finance_words_in(list(headers.values()))
    if money:
        return "finance: " + ", ".join(money)
    values = [text for row in body for col, (text, _) in enumerate(row) if roles.get(col) != "name"]
    if cells.money_share(values) >= settings.finance_value_share:
        return "finance: £ amounts"
    name_col = next(col for col, role in roles.items() if role == "name")
    strong = any(word in headers[name_col].lower() for word in STRONG_NAME_WORDS)
    if strong or any(role in EVIDENCE_ROLES for role in roles.values()):
        return "indicators"
    return "not a KPI table"


# -- rows -------------------------------------------------------------------------------------


def table_records(table: Table, layout: KpiLayout, section: str | None) -> list[IndicatorRecord]:
    """RETURNS (list[IndicatorRecord]): one record per body row that names an indicator."""
    texts = cells.table_cells(table)
    name_col = next(col for col, role in layout.roles.items() if role == "name")
    records = []
    for r in range(layout.header_rows, len(texts)):
        row = texts[r]
        name = clean(row[name_col][0])
        if not name or _repeats_header(row, layout):
            continue
        records.append(_record(row, name, layout, section, table, r))
    return records


def _record(row: list[tuple[str, int]], name: str, layout: KpiLayout, section: str | None,
            table: Table, r: int) -> IndicatorRecord:  # fmt: skip
    fields: dict[str, Any] = {}
    values = []
    ref = marker = None
    for col, role in sorted(layout.roles.items()):
        text = clean(row[col][0])
        if role == "ref":
            ref, marker = cells.split_ref(text)
        elif role in ("latest", "previous"):
            values.append(IndicatorValueRecord(period=_period_label(layout.headers[col], role), value_raw=text))
        elif role in FIELDS and text:
            fields[FIELDS[role]] = text
    return IndicatorRecord(
        ref=ref, marker=marker, name=name, section=section, values=values,
        source=Source(page=table.rows[r].page or table.page, seq=table.seq, table=table.seq, row=r), **fields,
    )


def _period_label(header: str, role: str) -> str:
    """A figure column's period: its header when that names one ('Dec-24'), else 'Latest' or 'Previous'."""
    words = header.split()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            candidate = " ".join(words[start:start + size])
            if cells.is_period(candidate):
                return candidate
    return "Latest" if role == "latest" else "Previous"


def _repeats_header(row: list[tuple[str, int]], layout: KpiLayout) -> bool:
    return sum(1 for col, text in layout.headers.items() if text and clean(row[col][0]) == text) >= 2


def _filled(row: Any) -> bool:
    return any(clean(cell.text) for cell in row.cells)
