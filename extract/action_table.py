"""Action tables: one record per action, project or improvement-area row of a plan.

A table is an action table when a row of its header words names at least two
column roles from `vocab.toml` (one of them `action`) or three of any kind.
Column roles then come from the header words and, where the header is silent
or wrong, from what the cells hold (a column of bare refs is the ref column, a
column of status letters or colours is the RAG column). Rows are read in order:

- a repeated header row (whole, or two rows of a header broken by the page) is skipped;
- a banner row across the table (`Priority 1 – Governance...`, `1 Support and
  Develop Our Workforce`) sets the priority of the rows under it; so do
  priority headings printed between tables (`Priority 3: ... (Ref: Ofsted ...)`);
- a row with a ref starts a record (a repeated ref with a new action is a new
  record); a ref printed at the start of the action (`1.1 Commission ...`) is
  taken out into `ref`;
- a row without a ref continues the record above it (a cell cut by a line or
  page break), cell by cell, but never across a banner;
- a cell that only repeats its column's header (`Actions`, `April`) is page
  furniture and is dropped;
- when a dotted ref's first number disagrees with the banner above it, the ref
  wins if the document's refs otherwise agree with their banners (a banner lost
  at a page break, a summary table after the last heading).

Written for the seeds in `../shared/seeds/`:
- plymouth-2015-scrutiny-update: header `Improvement Area | Overview` over three
  columns (the first holds the refs), no lead, timescale or RAG; row 15 split in two.
- plymouth-2023-improvement-plan: headers repeated before almost every row,
  rows cut by page breaks, priority banners split across cells (`Prio | rity 4`),
  one header broken over two rows, a page whose cells ran together into one
  string (the ref, lead and timescale are recovered from it, with a warning),
  a RAG letter pushed one column left, look-alike `Е`/`Ε` letters.
- sunderland-tfc-2019-01-21-progress-report: `Action | Lead | Timescale | RAG`
  tables under `Priority N:` headings, refs inside the action text, leads
  wrapped onto following lines, a summary table after the last heading.
- worcestershire-2017-03-13-agenda-pack: the RAG summary sheet (`REF |
  WORKSTREAM DETAIL | RAG | COMMENTARY | NEXT KEY MILESTONES` with month
  sub-columns) is the action table; its workstream banners are bare numbers.
  Which tables hold actions there: only the summary sheet. The workstream grid
  before it names the same projects as `Project (LEAD NAME)` under numbered
  workstream headings; it adds no rows, but a summary row with no lead takes
  the lead of the grid project of the same workstream whose name matches it
  (rapidfuzz token_set_ratio >= `project_leads.min_score`, or one name is the
  other's bracketed acronym, as `Child Sexual Exploitation (CSE)` and `CSE - To
  review ...`). A project whose name matches none (4.5 `Children in Care
  Council`) keeps no lead rather than a guessed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from planwatch.ingest.models import Problem, RawDocument, Table, TextBlock
from planwatch.ingest.stitch import is_running_line, is_spread_text
from planwatch.settings import Settings

from . import common
from ._action_rows import banner_of, fields_of, join_rows, recover_run_together, starts_new
from ._project_leads import link_project_leads
from .columns import (
    Columns, header_columns, infer_roles, is_repeated_header, merge_labels, strip_furniture, sub_header,
    two_row_header,
)
from .common import clean, is_ref, is_rule
from .models import ActionRecord, Extraction, LayoutReport, Source

LAYOUT = "action_table"
DEFAULT_MIN_ROLES_WITH_ACTION = 2
DEFAULT_MIN_ROLES = 3
DEFAULT_CONTENT_SHARE = 0.6
"""Share of a column's filled data cells that must look like refs (or statuses, dates)
for the column to take that role from its content."""
DEFAULT_REF_CONVENTION = 0.8
"""Share of dotted refs that must agree with their banner for refs to overrule banners."""
DEFAULT_MIN_CONVENTION_ROWS = 2
_REF_PREFIX = re.compile(r"^[A-Za-z]{0,3}(\d{1,3})\.\d")


@dataclass
class ActionTableSettings(Settings):
    """Tuning numbers of the action-table reader (pdfplumber's TableSettings pattern)."""

    min_roles_with_action: int = DEFAULT_MIN_ROLES_WITH_ACTION
    min_roles: int = DEFAULT_MIN_ROLES
    content_share: float = DEFAULT_CONTENT_SHARE
    ref_convention: float = DEFAULT_REF_CONVENTION
    min_convention_rows: int = DEFAULT_MIN_CONVENTION_ROWS

    def __post_init__(self) -> None:
        for name in ("min_roles_with_action", "min_roles", "min_convention_rows"):
            if getattr(self, name) < 1:
                raise ValueError(f"Action-table setting '{name}' must be at least 1")
        for name in ("content_share", "ref_convention"):
            if not 0 < getattr(self, name) <= 1:
                raise ValueError(f"Action-table setting '{name}' must be between 0 and 1")

    def minimums(self) -> dict[str, int]:
        """RETURNS (dict): the header minimums, as `columns.header_columns` takes them."""
        return {"min_roles": self.min_roles, "min_roles_with_action": self.min_roles_with_action}


@dataclass
class _State:
    """The running context while the document's tables are read in order."""

    filename: str = ""
    priority: str | None = None
    fresh: bool = False
    columns: Columns | None = None
    n_cols: int = 0
    open_record: dict | None = None
    records: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    trace: list[dict] = field(default_factory=list)
    rejected: int = 0
    tables: int = 0


# -- Walking the document -------------------------------------------------------


def _row_fills(table: Table, row_index: int) -> list[str | None]:
    row = table.rows[row_index]
    fills: list[str | None] = []
    for col in range(table.n_cols):
        cell = common.cell_at(row, col)
        fills.append(cell.fill if cell is not None and cell.col == col else None)
    return fills


def _header_here(rows: list[list[str]], r: int, settings: ActionTableSettings) -> tuple[Columns, int] | None:
    following = rows[r + 1] if r + 1 < len(rows) else None
    columns = header_columns(rows[r], **settings.minimums())
    used = 1
    if following is not None:
        pair = two_row_header(rows[r], following, **settings.minimums())
        if pair is not None:
            columns, used = pair, 2
    if columns is None:
        return None
    after = rows[r + used] if r + used < len(rows) else None
    if after is not None:
        periods = sub_header(columns, after)
        if periods:
            columns.periods = periods
            used += 1
    return columns, used


def _uses_refs(rows: list[list[str]], columns: Columns) -> bool:
    ref_col, action_col = columns.col("ref"), columns.col("action")
    for texts in rows:
        if ref_col is not None and ref_col < len(texts) and is_ref(texts[ref_col]):
            return True
        if action_col is not None and action_col < len(texts):
            if common.split_leading_ref(texts[action_col])[0] is not None:
                return True
    return False


def _width(rows: list[list[str]]) -> int:
    """Grid columns up to the last one that holds any text (trailing empty columns ignored)."""
    return 1 + max((col for texts in rows for col, text in enumerate(texts) if clean(text)), default=-1)


def _inherit(
    rows: list[list[str]], fills: list[list[str | None]], state: _State, settings: ActionTableSettings,
) -> Columns | None:
    """A table the reader could not join to the one before it: it starts mid-plan, without a header.

    Its cells correct the header's roles as a table's own rows would: a header
    printed alone (a banner line between it and the rows) never saw its refs.
    """
    if state.columns is None or abs(_width(rows) - state.n_cols) > 1:
        return None
    first = next((texts for texts in rows if any(clean(t) for t in texts)), None)
    if first is None or header_columns(first, **settings.minimums()) is not None or banner_of(first, None):
        return None
    columns = infer_roles(state.columns, rows, fills, settings.content_share)
    if _uses_refs([first], columns) or state.open_record is not None:
        return columns
    return None


def _set_priority(state: _State, number: str) -> None:
    state.priority, state.fresh, state.open_record = number, True, None


def _start_record(state: _State, fields: dict[str, Any], *, priority: str | None, source: Source) -> None:
    record = dict(fields, priority=priority, source=source, first_under_banner=state.fresh)
    state.fresh = False
    state.records.append(record)
    state.open_record = record


def _read_row(state: _State, texts: list[str], fills: list[str | None], columns: Columns,
              uses_refs: bool, source: Source) -> str:
    banner = banner_of(texts, columns)
    if banner is not None:
        _apply_banner(state, banner, source)
        return "banner"
    if is_spread_text(texts):
        state.open_record = None  # a priority's statement printed across the table, its banner lost
        return "statement"
    return _read_data_row(state, texts, fills, columns, uses_refs, source)


def _apply_banner(state: _State, banner: tuple[common.Heading, list[str]], source: Source) -> None:
    heading, rest = banner
    before = state.priority
    for text in rest:
        recovered = recover_run_together(text)
        if recovered is None:
            continue
        _start_record(state, {"milestones": {}, **recovered}, priority=before, source=source)
        where = f"{state.filename} p.{source.page}" if source.page else state.filename
        state.problems.append(Problem(
            code="cells_run_together", stage="extract", page=source.page, raw=text[:200],
            message=f"{where}: row {recovered['ref']}: its cells ran together into one string; ref, lead and "
            "timescale were read back from it, please check them against the paper",
        ))
    _set_priority(state, heading.number)


def _read_data_row(state: _State, texts: list[str], fills: list[str | None], columns: Columns,
                   uses_refs: bool, source: Source) -> str:
    fields = fields_of(texts, fills, columns)
    if fields["ref"] is not None:
        _start_record(state, fields, priority=state.priority, source=source)
        return "record"
    if state.open_record is not None and (uses_refs or not starts_new(fields)):
        state.records[-1] = join_rows(state.open_record, fields)
        state.open_record = state.records[-1]
        return "continuation"
    if not uses_refs and clean(fields.get("action")) and starts_new(fields):
        _start_record(state, fields, priority=state.priority, source=source)
        return "record"
    state.rejected += 1
    return "rejected"


def _adopt_header(
    state: _State, columns: Columns | None, found: Columns, body: list[list[str]],
    fills: list[list[str | None]], settings: ActionTableSettings,
) -> tuple[Columns, bool | None]:
    """The columns after a header row: a new layout read afresh, a repeat only adding its labels.

    RETURNS (tuple): the columns, and whether the rows below use refs (None: unchanged).
    """
    if columns is not None and not set(found.roles.values()) - set(columns.roles.values()):
        return merge_labels(columns, found), None
    found = infer_roles(found, body, fills, settings.content_share)
    if columns is not None and found.roles != columns.roles:
        state.open_record = None
    columns = merge_labels(found, columns)
    return columns, _uses_refs(body, columns)


def _row_kind(state: _State, texts: list[str], fills: list[str | None], columns: Columns | None,
              uses_refs: bool, source: Source) -> str:
    if columns is None:
        banner = banner_of(texts, None)
        if banner is not None:
            _apply_banner(state, banner, source)
        return "banner" if banner else "preamble"
    if not any(clean(t) for t in texts) or all(is_rule(t) for t in texts if clean(t)):
        return "blank"
    if is_repeated_header(texts, columns):
        return "header"
    stripped = strip_furniture(texts, columns)
    if not any(clean(t) for t in stripped):
        return "blank"
    return _read_row(state, stripped, fills, columns, uses_refs, source)


def _walk_table(table: Table, state: _State, settings: ActionTableSettings) -> None:
    rows = common.spanned_row_texts(table)
    fills = [_row_fills(table, r) for r in range(len(table.rows))]
    columns = _inherit(rows, fills, state, settings)
    uses_refs = columns is not None and _uses_refs(rows, columns)
    r = 0
    while r < len(rows):
        texts = rows[r]
        source = Source(page=table.rows[r].page or table.page, seq=table.seq, table=table.seq, row=r)
        found = _header_here(rows, r, settings) if any(clean(t) for t in texts) else None
        if found is not None and (columns is None or not _is_data_row(texts, columns)):
            columns, refs = _adopt_header(state, columns, found[0], rows[r + found[1]:], fills[r + found[1]:], settings)
            uses_refs = uses_refs if refs is None else refs
            state.trace.append({"table": table.seq, "row": r, "kind": "header", "roles": dict(columns.roles)})
            r += found[1]
            continue
        if any(clean(t) for t in texts):
            kind = _row_kind(state, texts, fills[r], columns, uses_refs, source)
        else:
            kind = "blank" if columns is not None else "preamble"
        state.trace.append({"table": table.seq, "row": r, "kind": kind})
        r += 1
    if columns is not None:
        state.tables += 1
        state.columns, state.n_cols = columns, _width(rows)


def _is_data_row(texts: list[str], columns: Columns) -> bool:
    ref_col = columns.col("ref")
    return ref_col is not None and ref_col < len(texts) and is_ref(texts[ref_col])


def _reading_order(raw: RawDocument) -> list[TextBlock | Table]:
    items: list[tuple[int, int, TextBlock | Table]] = []
    for page_index, page in enumerate(raw.pages):
        items.extend((page_index, block.seq, block) for block in page.blocks)
        items.extend((page_index, table.seq, table) for table in page.tables)
    return [item for _, _, item in sorted(items, key=lambda entry: (entry[0], entry[1]))]


def _walk(raw: RawDocument, settings: ActionTableSettings) -> _State:
    state = _State(filename=raw.origin.filename)
    for item in _reading_order(raw):
        if isinstance(item, Table):
            _walk_table(item, state, settings)
            continue
        heading = common.parse_priority_heading(item.text)
        if heading is not None:
            _set_priority(state, heading.number)
        elif not is_running_line(item):
            state.open_record, state.columns = None, None  # text between tables: the next one starts afresh
    return state


# -- Records ------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    lines = [clean(line) for line in str(value).split("\n")]
    text = "\n".join(line for line in lines if line)
    return text or None


def _to_record(fields: dict[str, Any]) -> ActionRecord:
    return ActionRecord(
        ref=fields.get("ref"), priority=fields.get("priority"), outcome=_text(fields.get("outcome")),
        action=_text(fields.get("action")), lead=_text(fields.get("lead")),
        due_raw=_text(fields.get("timescale")), rag_raw=_text(fields.get("rag")),
        rag_fill=fields.get("rag_fill"),
        progress=_text(fields.get("progress")),
        milestones={period: _text(text) or "" for period, text in fields.get("milestones", {}).items()},
        source=fields["source"],
    )


def apply_ref_convention(records: list[dict], settings: ActionTableSettings) -> list[dict]:
    """RETURNS (list): records whose dotted ref names another priority than their banner, set to the ref's.

    The convention is judged on the first row under each banner or heading:
    when those rows' dotted refs agree with their banners (share >=
    `ref_convention`), a later row that disagrees sits under a banner lost at a
    page break (or in a summary table after the last heading), and its ref
    names its priority. A council that numbers refs some other way keeps its banners.
    """
    judged = [
        (_prefix(record.get("ref")), common.numeral_value(record.get("priority")))
        for record in records if record.get("first_under_banner")
    ]
    judged = [(prefix, number) for prefix, number in judged if prefix is not None and number is not None]
    agreeing = sum(1 for prefix, number in judged if prefix == number)
    if agreeing < settings.min_convention_rows or agreeing / len(judged) < settings.ref_convention:
        return records
    fixed = []
    for record in records:
        prefix = _prefix(record.get("ref"))
        if prefix is not None and prefix != common.numeral_value(record.get("priority")):
            record = dict(record, priority=str(prefix))
        fixed.append(record)
    return fixed


def _prefix(ref: str | None) -> int | None:
    match = _REF_PREFIX.match(ref or "")
    return int(match.group(1)) if match else None


def _report(state: _State, records: list[ActionRecord], notes: list[str]) -> LayoutReport:
    blank = sum(
        1 for record in records for value in (record.action, record.lead, record.due_raw)
        if value is None
    ) + sum(1 for record in records if record.rag_raw is None and record.rag_fill is None)
    return LayoutReport(
        layout=LAYOUT, tables_seen=state.tables, records=len(records),
        rows_rejected=state.rejected, cells_blank=blank, notes=notes,
    )


def matches(raw: RawDocument) -> bool:
    """RETURNS (bool): some table of the document has a row of action-table header words."""
    settings = ActionTableSettings()
    return any(
        header_columns(common.row_texts(table, r), **settings.minimums()) is not None
        for table in raw.tables for r in range(len(table.rows))
    )


def extract(raw: RawDocument, *, settings: ActionTableSettings | dict | None = None) -> Extraction:
    """RETURNS (Extraction): the document's action rows, as printed, with a LayoutReport."""
    settings = ActionTableSettings.resolve(settings)
    state = _walk(raw, settings)
    records = [_to_record(fields) for fields in apply_ref_convention(state.records, settings)]
    records, notes = link_project_leads(raw, records)
    return Extraction(
        origin=raw.origin, actions=records, reports=[_report(state, records, notes)],
        problems=state.problems,
    )


def debug(raw: RawDocument, *, settings: ActionTableSettings | dict | None = None) -> dict[str, Any]:
    """RETURNS (dict): the intermediate results: how each table row was read, and the records.

    `trace` lists every row of every table with its kind (header, banner,
    record, continuation, rejected, preamble, blank) and, for headers, the
    column roles found; `records` holds the raw fields before they become
    ActionRecords.
    """
    settings = ActionTableSettings.resolve(settings)
    state = _walk(raw, settings)
    return {"trace": state.trace, "records": state.records, "problems": state.problems}
