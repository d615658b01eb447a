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
from planwatch.ingest.stitch import is_running_line

from . import common
from ._project_leads import link_project_leads
from .common import clean, column_role, is_ref, is_rule, is_status, is_timescale, vocabulary
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
BANNER_PIECE_CHARS = 25
"""Longest piece of a banner split across cells ('ty 5 – Quali')."""
SHORT_WORDS = frozenset("a i am an as at be by do go he if in is it me my no of on or so to up us we".split())
"""English words of one or two letters: a piece that short and not one of these is part of a word."""
MIN_MID_WORD_CUTS = 2
"""Cells cut inside a word that make a row a sentence laid across the table."""
WHITE_FILLS = {"#ffffff", "#fefefe", "#fdfdfd"}

_GLUED_DATE = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s?(?:\d{4}|\d{2})")
_PERIOD = re.compile(r"^(?:\w+[\s-])?(?:\d{2,4}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|q[1-4])", re.I)
_REF_PREFIX = re.compile(r"^[A-Za-z]{0,3}(\d{1,2})\.\d")
_FIELDS = ("ref", "outcome", "action", "lead", "timescale", "rag", "progress")


@dataclass
class ActionTableSettings:
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

    @classmethod
    def resolve(cls, settings: "ActionTableSettings | dict | None") -> "ActionTableSettings":
        if settings is None:
            return cls()
        if isinstance(settings, dict):
            return cls(**settings)
        return settings


@dataclass
class Columns:
    """What each grid column of an action table holds."""

    roles: dict[int, str]
    labels: dict[int, set[str]] = field(default_factory=dict)
    periods: dict[int, str] = field(default_factory=dict)

    def col(self, role: str) -> int | None:
        return next((col for col, name in self.roles.items() if name == role), None)


@dataclass
class _State:
    """The running context while the document's tables are read in order."""

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


# -- Header rows --------------------------------------------------------------


def header_columns(texts: list[str], settings: ActionTableSettings) -> Columns | None:
    """RETURNS (Columns | None): the column roles a row of header texts names, when it is a header."""
    roles = common.header_roles(texts)
    values = set(roles.values())
    enough = len(roles) >= settings.min_roles or (
        "action" in values and len(roles) >= settings.min_roles_with_action
    )
    if not enough:
        return None
    labels = {col: {clean(texts[col])} for col in roles}
    return Columns(roles=roles, labels=labels)


def _two_row_header(texts: list[str], following: list[str], settings: ActionTableSettings) -> Columns | None:
    """A header broken over two rows by the page ('Ref' / 'No.', 'Time' / 'scale/ Date')."""
    alone = common.header_roles(texts)
    if not alone or header_columns(following, settings) is not None:
        return None
    joined = [clean(f"{a} {b}") for a, b in zip(texts, following)]
    columns = header_columns(joined, settings)
    if columns is None or len(columns.roles) <= len(alone):
        return None
    for col, text in enumerate(following):
        if text.strip():
            columns.labels.setdefault(col, set()).update({clean(text), clean(texts[col])})
    return columns


def _sub_header(columns: Columns, texts: list[str]) -> dict[int, str]:
    """Period sub-columns ('March', 'April') printed under a milestones header."""
    start = columns.col("milestones")
    if start is None:
        return {}
    filled = {col: clean(text) for col, text in enumerate(texts) if clean(text)}
    if not filled or min(filled) < start or not all(_PERIOD.match(text) for text in filled.values()):
        return {}
    return filled


def _is_repeated_header(texts: list[str], columns: Columns) -> bool:
    hits = 0
    for col, text in enumerate(texts):
        role = columns.roles.get(col)
        if role and text.strip() and column_role(clean(text))[0] == role:
            hits += 1
    return hits >= 2


# -- Column roles from cell contents ---------------------------------------------


def _share(values: list[str], test) -> float:
    filled = [value for value in values if clean(value)]
    return sum(1 for value in filled if test(value)) / len(filled) if filled else 0.0


def infer_roles(columns: Columns, rows: list[list[str]], fills: list[list[str | None]], share: float) -> Columns:
    """RETURNS (Columns): the header's roles corrected by what the data cells hold."""
    roles = dict(columns.roles)
    n_cols = max((len(row) for row in rows), default=0)
    by_col = [[row[col] if col < len(row) else "" for row in rows] for col in range(n_cols)]
    if "ref" not in roles.values():
        for col, values in enumerate(by_col):
            if _share(values, is_ref) >= share and sum(1 for v in values if clean(v)) >= 2:
                moved = roles.get(col)
                roles[col] = "ref"
                if moved and col + 1 < n_cols and col + 1 not in roles:
                    roles[col + 1] = moved  # the header spans the ref column and the next one
                break
    if "rag" not in roles.values():
        for col, values in enumerate(by_col):
            if col not in roles and _share(values, is_status) >= share and any(clean(v) for v in values):
                roles[col] = "rag"
                break
        else:
            colour_col = _colour_column(fills, roles, share)
            if colour_col is not None:
                roles[colour_col] = "rag"
    if "timescale" not in roles.values():
        for col, values in enumerate(by_col):
            if col not in roles and _share(values, is_timescale) >= share and any(clean(v) for v in values):
                roles[col] = "timescale"
                break
    return Columns(roles=roles, labels=columns.labels, periods=columns.periods)


def _colour_column(fills: list[list[str | None]], roles: dict[int, str], share: float) -> int | None:
    """A column with no role whose cells are mostly coloured while the rest of the row is not."""
    rows = [row for row in fills if len({f for f in row if f}) > 1 or sum(1 for f in row if f) == 1]
    if not rows:
        return None
    n_cols = max(len(row) for row in rows)
    for col in range(n_cols):
        if col in roles:
            continue
        coloured = sum(1 for row in rows if col < len(row) and row[col] and row[col] not in WHITE_FILLS)
        if coloured / len(rows) >= share:
            return col
    return None


# -- Rows ---------------------------------------------------------------------


def _strip_furniture(texts: list[str], columns: Columns) -> list[str]:
    stripped = []
    for col, text in enumerate(texts):
        labels = columns.labels.get(col, set()) | ({columns.periods[col]} if col in columns.periods else set())
        lines = [line for line in text.split("\n") if not any(common.repeats_header(line, label) for label in labels)]
        stripped.append("\n".join(lines) if not is_rule(text) else "")
    return stripped


def banner_of(texts: list[str], columns: Columns | None) -> tuple[common.Heading, list[str]] | None:
    """RETURNS (tuple | None): the priority heading a banner row names and its other cells' texts."""
    cells = [clean(text) for text in texts if clean(text)]
    if not cells:
        return None
    if columns is not None and _holds_row_values(texts, columns):
        return None
    heading = common.parse_priority_heading(cells[0])
    if heading is not None:
        return heading, cells[1:]
    for joined in (" ".join(cells), "".join(cells)):
        heading = common.parse_priority_heading(joined, fuzzy=True)
        if heading is not None:
            return heading, []
    if len(cells) == 1:
        heading = common.parse_bare_banner(cells[0])
        if heading is not None:
            return heading, []
    return None


def _holds_row_values(texts: list[str], columns: Columns) -> bool:
    """A ref, a status or a timescale in its own column: a data row, whatever its first words say."""
    tests = {"ref": is_ref, "rag": is_status, "timescale": is_timescale}
    for role, test in tests.items():
        col = columns.col(role)
        if col is not None and col < len(texts) and test(texts[col]):
            return True
    return False


def recover_run_together(text: str) -> dict | None:
    """RETURNS (dict | None): ref, action, lead and timescale read back from a row whose cells ran together.

    '1.6The Operating Model implemented. ... CDT.DCS, SD, AD EPSJuly 23Children ...'
    gives ref 1.6, lead 'DCS, SD, AD EPS' and timescale 'July 23': the lead is
    what stands between the last full stop and the first month-and-year.
    """
    ref, rest = common.split_leading_ref(text)
    if ref is None or not re.match(rf"^{re.escape(ref)}[A-Z]", text.strip()):
        return None
    date = _GLUED_DATE.search(rest)
    if date is None:
        return {"ref": ref, "action": rest}
    before = rest[: date.start()]
    cut = before.rfind(".")
    return {
        "ref": ref, "action": before[: cut + 1].strip() or None,
        "lead": before[cut + 1:].strip() or None, "timescale": date.group(0),
    }


def _fields(texts: list[str], fills: list[str | None], columns: Columns) -> dict[str, Any]:
    fields: dict[str, Any] = {"milestones": {}}
    for col, role in columns.roles.items():
        text = texts[col] if col < len(texts) else ""
        if role in _FIELDS:
            fields[role] = text
        if role == "rag":
            fields["rag_fill"] = fills[col] if col < len(fills) else None
    for col, period in columns.periods.items():
        if col < len(texts) and clean(texts[col]):
            fields["milestones"][period] = texts[col]
    if not columns.periods:
        col = columns.col("milestones")
        if col is not None and col < len(texts) and clean(texts[col]):
            fields["milestones"][sorted(columns.labels.get(col, {"Milestones"}))[0]] = texts[col]
    _pull_stray_status(fields, texts, columns)
    ref = clean(fields.get("ref"))
    if not is_ref(ref):
        fields["ref"] = None
        inline, rest = common.split_leading_ref(fields.get("action"))
        if inline is not None:
            fields["ref"], fields["action"] = inline, rest
    else:
        fields["ref"] = ref.rstrip(".")
    return fields


def _pull_stray_status(fields: dict[str, Any], texts: list[str], columns: Columns) -> None:
    """A status letter printed one column short of the RAG column (a row with a cell missing)."""
    rag_col = columns.col("rag")
    if rag_col is None or clean(fields.get("rag")):
        return
    filled = [col for col, text in enumerate(texts) if clean(text)]
    if filled and filled[-1] < rag_col and is_status(texts[filled[-1]]) and columns.roles.get(filled[-1]) != "ref":
        role = columns.roles.get(filled[-1])
        fields["rag"] = texts[filled[-1]]
        if role in fields:
            fields[role] = ""


def _join(upper: dict[str, Any], lower: dict[str, Any]) -> dict[str, Any]:
    joined = dict(upper)
    for name in ("outcome", "action", "lead", "timescale", "progress"):
        if clean(lower.get(name)) and clean(lower.get(name)) != clean(upper.get(name)):
            joined[name] = f"{upper[name]}\n{lower[name]}" if clean(upper.get(name)) else lower[name]
    if not clean(upper.get("rag")) and clean(lower.get("rag")):
        joined["rag"] = lower["rag"]
    joined["rag_fill"] = upper.get("rag_fill") or lower.get("rag_fill")
    milestones = dict(upper.get("milestones", {}))
    for period, text in lower.get("milestones", {}).items():
        milestones[period] = f"{milestones[period]}\n{text}" if period in milestones else text
    joined["milestones"] = milestones
    return joined


def _has_content(fields: dict[str, Any]) -> bool:
    return any(clean(fields.get(name)) for name in ("outcome", "action", "lead", "timescale", "rag", "progress"))


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
    columns = header_columns(rows[r], settings)
    used = 1
    if following is not None:
        pair = _two_row_header(rows[r], following, settings)
        if pair is not None:
            columns, used = pair, 2
    if columns is None:
        return None
    after = rows[r + used] if r + used < len(rows) else None
    if after is not None:
        periods = _sub_header(columns, after)
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


def _inherit(rows: list[list[str]], state: _State, settings: ActionTableSettings) -> Columns | None:
    """A table the reader could not join to the one before it: it starts mid-plan, without a header."""
    if state.columns is None or abs(_width(rows) - state.n_cols) > 1:
        return None
    first = next((texts for texts in rows if any(clean(t) for t in texts)), None)
    if first is None or header_columns(first, settings) is not None or banner_of(first, None):
        return None
    if _uses_refs([first], state.columns) or state.open_record is not None:
        return state.columns
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
    texts, glued = split_glued_banner(texts)
    if spread_sentence(texts):
        state.open_record = None  # a priority's statement printed across the table, its banner lost
        return "statement"
    kind = _read_data_row(state, texts, fills, columns, uses_refs, source)
    if glued is not None:
        _set_priority(state, glued.number)
    return kind


def _apply_banner(state: _State, banner: tuple[common.Heading, list[str]], source: Source) -> None:
    heading, rest = banner
    before = state.priority
    for text in rest:
        recovered = recover_run_together(text)
        if recovered is None:
            continue
        _start_record(state, {"milestones": {}, **recovered}, priority=before, source=source)
        state.problems.append(Problem(
            code="cells_run_together", stage="extract", page=source.page, raw=text[:200],
            message=f"row {recovered['ref']}: its cells ran together into one string; ref, lead and "
            "timescale were read back from it, please check them against the paper",
        ))
    _set_priority(state, heading.number)


def spread_sentence(texts: list[str]) -> bool:
    """RETURNS (bool): the row is one sentence laid across the table in pieces cut mid-word.

    'Social | work practice is o | f consistently high quality an ch | d
    assessments ...' on p.37 of the Plymouth 2023 plan is priority 3's statement
    without its banner; it must not be read as the rest of the row above.
    A row continued from above breaks its cells between words, not inside them.
    """
    pieces = [text.strip() for text in texts if clean(text)]
    cuts = 0
    for left, right in zip(pieces, pieces[1:]):
        left_word, right_word = left.split()[-1], right.split()[0]
        short = [word for word in (left_word, right_word) if len(word) <= 2 and word.lower() not in SHORT_WORDS]
        if left_word[-1:].isalpha() and right_word[:1].islower() and short:
            cuts += 1
    return len(pieces) >= 3 and cuts >= MIN_MID_WORD_CUTS


def split_glued_banner(texts: list[str]) -> tuple[list[str], common.Heading | None]:
    """RETURNS (tuple): a row without the banner a page-break join glued to its last lines, and that banner.

    When a banner row ('Priori | ty 5 – Quali | ty Assu | rance and Audit')
    starts the next page with its first cell empty, a reader joining cut rows
    appends its pieces to the last lines of the row above.
    """
    lasts = [text.rsplit("\n", 1)[-1] for text in texts]
    for start, last in enumerate(lasts):
        if not clean(last) or len(clean(last).split()) > 3:
            continue
        end = start + 1
        while end < len(texts) and clean(lasts[end]) and len(clean(lasts[end])) <= BANNER_PIECE_CHARS:
            end += 1
        heading = common.parse_priority_heading("".join(clean(piece) for piece in lasts[start:end]), fuzzy=True)
        if heading is not None and end - start >= 2:
            kept = [text.rsplit("\n", 1)[0] if start <= col < end and "\n" in text else
                    ("" if start <= col < end else text) for col, text in enumerate(texts)]
            return kept, heading
    return texts, None


def _read_data_row(state: _State, texts: list[str], fills: list[str | None], columns: Columns,
                   uses_refs: bool, source: Source) -> str:
    fields = _fields(texts, fills, columns)
    if fields["ref"] is not None:
        _start_record(state, fields, priority=state.priority, source=source)
        return "record"
    if state.open_record is not None and (uses_refs or not _starts_new(fields)):
        state.records[-1] = _join(state.open_record, fields)
        state.open_record = state.records[-1]
        return "continuation"
    if not uses_refs and clean(fields.get("action")) and _starts_new(fields):
        _start_record(state, fields, priority=state.priority, source=source)
        return "record"
    state.rejected += 1
    return "rejected"


def _starts_new(fields: dict[str, Any]) -> bool:
    return any(clean(fields.get(name)) for name in ("lead", "timescale", "rag")) or bool(fields.get("rag_fill"))


def _walk_table(table: Table, state: _State, settings: ActionTableSettings) -> None:
    rows = common.spanned_row_texts(table)
    fills = [_row_fills(table, r) for r in range(len(table.rows))]
    columns = _inherit(rows, state, settings)
    uses_refs = columns is not None and _uses_refs(rows, columns)
    r = 0
    while r < len(rows):
        texts, kind = rows[r], "blank"
        source = Source(page=table.rows[r].page or table.page, table=table.seq, row=r)
        found = _header_here(rows, r, settings) if any(clean(t) for t in texts) else None
        if found is not None and (columns is None or not _is_data_row(texts, columns)):
            new_columns, used = found
            if columns is None or set(new_columns.roles.values()) - set(columns.roles.values()):
                body = [t for t in rows[r + used:]]
                new_columns = infer_roles(new_columns, body, fills[r + used:], settings.content_share)
                if columns is not None and new_columns.roles != columns.roles:
                    state.open_record = None
                columns = _merge_labels(new_columns, columns)
                uses_refs = _uses_refs(body, columns)
            else:
                columns = _merge_labels(columns, new_columns)
            state.trace.append({"table": table.seq, "row": r, "kind": "header", "roles": dict(columns.roles)})
            r += used
            continue
        if columns is None:
            banner = banner_of(texts, None)
            if banner is not None:
                _apply_banner(state, banner, source)
            kind = "banner" if banner else "preamble"
        elif any(clean(t) for t in texts) and not all(is_rule(t) for t in texts if clean(t)):
            if _is_repeated_header(texts, columns):
                kind = "header"
            else:
                stripped = _strip_furniture(texts, columns)
                if any(clean(t) for t in stripped):
                    kind = _read_row(state, stripped, fills[r], columns, uses_refs, source)
        state.trace.append({"table": table.seq, "row": r, "kind": kind})
        r += 1
    if columns is not None:
        state.tables += 1
        state.columns, state.n_cols = columns, _width(rows)


def _is_data_row(texts: list[str], columns: Columns) -> bool:
    ref_col = columns.col("ref")
    return ref_col is not None and ref_col < len(texts) and is_ref(texts[ref_col])


def _merge_labels(columns: Columns, other: Columns | None) -> Columns:
    if other is None:
        return columns
    labels = {col: set(texts) for col, texts in columns.labels.items()}
    for col, texts in other.labels.items():
        labels.setdefault(col, set()).update(texts)
    periods = columns.periods or other.periods
    return Columns(roles=columns.roles, labels=labels, periods=periods)


def _reading_order(raw: RawDocument) -> list[TextBlock | Table]:
    items: list[tuple[int, int, TextBlock | Table]] = []
    for page_index, page in enumerate(raw.pages):
        items.extend((page_index, block.seq, block) for block in page.blocks)
        items.extend((page_index, table.seq, table) for table in page.tables)
    return [item for _, _, item in sorted(items, key=lambda entry: (entry[0], entry[1]))]


def _walk(raw: RawDocument, settings: ActionTableSettings) -> _State:
    state = _State()
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
        header_columns(common.row_texts(table, r), settings) is not None
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
