"""What was left unread: signals of plans and indicators on a page that no record used.

Not a layout (it is not in the registry): `extract()` runs it after every
layout, over the `RawDocument` and the records they found. A table from which
no record was read is looked at for what a person would take as a sign that it
holds actions or indicators:

- status cells: status words (`Amber`, `On track`, `Completed`), status
  letters in a column of them, or empty cells filled with the colours of two
  statuses or more (a row in one colour throughout is banding or a banner,
  one colour all down a column a bar);
- `Latest` / `Target` / `Floor` / `Previous` labels (two kinds or more);
- period columns (`Q1 2024/25`, `Oct-22`) whose cells hold numbers;
- a header row naming action-table roles (`Action | Lead | Timescale`).

Colours and period columns do not count in a table that speaks of money
(`£`, `£000s`, `budget`, `forecast` in its top rows or first column): a
budget's year columns and directorate swatches are no indicators.

Outside tables, a page that prints `Latest` and `Target` figures (`Latest:
75% Target: 85%`) with no indicator read from that page is a sign too.

Each page with signals gives one `unread_structure` warning that says what
was seen ('table with RAG column and 12 status cells, no action read'), so
that what planwatch missed shows in `problems` and `planwatch info`. A table
with no status and no indicator (a budget, a membership list) gives none.
The words come from the vocabularies the layouts read (`vocab.toml`,
`indicators.toml`); the thresholds are the settings below.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from planwatch.ingest.models import Problem, RawDocument, Severity, Table
from planwatch.wording import counted

from . import columns
from . import indicator_cells as cells
from .common import WHITE_FILLS, clean, column_role, fold_lookalikes, key, vocabulary
from .models import Extraction

CODE = "unread_structure"
NO_STATUS = frozenset({"n/a", "not rated", "no rag"})
"""Words of the status lists that rate nothing: a form's 'N/A' answers are no sign of a RAG column."""
MIN_STATUS_CELLS = 2
"""Status words or status-coloured cells a table needs before they count."""
MIN_LETTER_COLUMN = 3
"""Status letters (`R`, `A`, `G`) count only in a column holding at least this many."""
LETTER_COLUMN_SHARE = 0.6
"""... and when they are at least this share of that column's filled cells."""
MIN_STATUS_COLOURS = 2
"""Different statuses the coloured cells of a table must show to count."""
MIN_PERIODS = 3
"""Period headings a header row needs to make period columns."""
PERIOD_VALUE_SHARE = 0.5
"""Share of the cells under the period headings that must hold numbers."""
HEADER_ROWS = 3
"""Rows at the top of a table looked at for a header."""
MAX_SEEN = 4
"""Most tables described in one page's message."""


@dataclass
class Seen:
    """What one table (or a page's text) shows."""

    status_words: int = 0
    status_colours: int = 0
    rag_header: bool = False
    labels: set[str] = field(default_factory=set)
    periods: int = 0
    action_roles: list[str] = field(default_factory=list)

    def any(self) -> bool:
        """RETURNS (bool): something here says the table holds actions or indicators."""
        return bool(self.status_words + self.status_colours >= MIN_STATUS_CELLS or len(self.labels) >= 2
                    or self.periods or self.action_roles)

    def describe(self, what: str) -> str:
        """RETURNS (str): 'table with RAG column and 12 status cells, no action read'."""
        parts = []
        if self.action_roles:
            parts.append(f"an action-table header ({', '.join(self.action_roles)})")
        if self.rag_header:
            parts.append("RAG column")
        if self.status_words:
            parts.append(counted(self.status_words, "status cell"))
        if self.status_colours:
            parts.append(counted(self.status_colours, "status-coloured cell"))
        if len(self.labels) >= 2:
            parts.append("'" + "'/'".join(sorted(self.labels)) + "' labels")
        if self.periods:
            parts.append(counted(self.periods, "period column") + " of numbers")
        return f"{what} with {' and '.join(parts)}"


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    """The status words and figure labels the layouts know, keyed for comparison."""
    statuses = {clean(word).lower() for word in vocabulary()["cells"]["status"]}
    statuses |= {clean(word).lower() for word in cells.lexicon()["cells"]["status_words"]}
    statuses -= NO_STATUS
    cards = cells.lexicon()["cards"]
    labels = {}
    for kind in ("latest", "target", "floor", "previous"):
        for word in cards[f"{kind}_labels"] + cells.lexicon()["columns"].get(kind, {}).get("words", []):
            labels[key(word)] = kind
    return {"status": frozenset(statuses), "letters": frozenset(w for w in statuses if len(w) <= 2),
            "labels": labels}  # type: ignore[dict-item]


@lru_cache(maxsize=1)
def _text_labels() -> re.Pattern[str]:
    words = [word for kind in ("latest", "target", "floor", "previous")
             for word in cells.lexicon()["cards"][f"{kind}_labels"]]
    pattern = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?P<label>{pattern})\s*(?:\([^)]*\))?\s*:?\s*[<>~]?\s*-?£?\d", re.I)


def _status_of(text: str) -> str | None:
    wanted = clean(fold_lookalikes(text)).lower().rstrip(".")
    if wanted.startswith("(") and wanted.endswith(")"):  # '(Red)', never the 'a)' of a list
        wanted = wanted[1:-1].strip()
    return wanted if wanted and wanted in _words()["status"] else None


def _status_colour(fill: str | None) -> str | None:
    """RETURNS (str | None): the status a cell's fill shows, by the colour model normalise uses."""
    if not fill or fill in WHITE_FILLS:
        return None
    from planwatch.normalise.rag import rag_from_colour  # the one colour model (imported late: normalise imports extract)

    found = rag_from_colour(fill)
    return found.value if found is not None else None


def _is_finance(texts: list[list[tuple[str, int]]]) -> bool:
    """A budget, capital or treasury table: finance words in its top rows or first column, or '£' amounts."""
    heads = [text for row in texts[: HEADER_ROWS + 1] for text, _ in row] + [row[0][0] for row in texts if row]
    every = [text for row in texts for text, _ in row]
    return bool(cells.finance_words_in(heads)) or cells.money_share(every) >= cells.lexicon()["reject"]["finance_value_share"]


def table_signals(table: Table) -> Seen:
    """RETURNS (Seen): the signs of actions or indicators in one table."""
    seen = Seen()
    texts = cells.table_cells(table)
    letters: Counter[int] = Counter()
    filled: Counter[int] = Counter()
    colours: Counter[str] = Counter()
    for r, row in enumerate(table.rows):
        fills = [cell.fill for cell in row.cells if cell.fill and cell.fill not in WHITE_FILLS]
        banded = len(fills) >= 2 and len(set(fills)) == 1 and len(fills) >= len(row.cells) - 1
        for cell in row.cells:
            text = clean(cell.text)
            if text:
                filled[cell.col] += 1
                if (label := _words()["labels"].get(key(text))) is not None:
                    seen.labels.add(label)
            status = _status_of(text) if text and len(text) <= 24 else None
            if status in _words()["letters"]:
                letters[cell.col] += 1
            elif status:
                seen.status_words += 1
            elif not text and not banded and not cell.header and (colour := _status_colour(cell.fill)):
                colours[colour] += 1
    seen.status_words += sum(n for col, n in letters.items()
                             if n >= MIN_LETTER_COLUMN and n >= LETTER_COLUMN_SHARE * filled[col])
    for row in texts[:HEADER_ROWS]:
        row_texts = [text for text, _ in row]
        seen.rag_header = seen.rag_header or any(column_role(clean(text))[0] == "rag" for text in row_texts if text)
        found = columns.header_columns(row_texts)
        if found is not None and not seen.action_roles:
            seen.action_roles = [found.roles[col] for col in sorted(found.roles)]
    if _is_finance(texts):  # a budget's coloured swatches and year columns say nothing of statuses
        return seen
    if len(colours) >= MIN_STATUS_COLOURS:  # one colour all down a column is a bar, not a status
        seen.status_colours = sum(colours.values())
    seen.periods = _period_columns(texts)
    return seen


def _period_columns(texts: list[list[tuple[str, int]]]) -> int:
    """Period columns under a header row whose cells mostly hold numbers."""
    for index, row in enumerate(texts[:HEADER_ROWS]):
        periods = [col for col, (text, start) in enumerate(row) if start == col and cells.is_period(text)]
        if len(periods) < MIN_PERIODS:
            continue
        below = [texts[r][col][0] for r in range(index + 1, len(texts)) for col in periods]
        values = [text for text in below if cells.cell_kind(text) == cells.VALUE]
        filled = [text for text in below if clean(text)]
        if not filled or len(values) < PERIOD_VALUE_SHARE * len(filled):
            return 0
        return len(periods)
    return 0


def text_signals(text: str) -> Seen:
    """RETURNS (Seen): figure labels printed with a number in a page's running text ('Latest: 75%')."""
    seen = Seen()
    for match in _text_labels().finditer(text):
        seen.labels.add(_words()["labels"][key(match.group("label"))])
    return seen


def _read_places(extraction: Extraction) -> tuple[set[int], set[int | None]]:
    """The tables (by seq) records were read from, and the pages of records read from running text."""
    tables: set[int] = set()
    pages: set[int | None] = set()
    for name in ("priorities", "actions", "rag_key", "rag_counts", "indicators"):
        for record in getattr(extraction, name):
            if record.source.table is not None:
                tables.add(record.source.table)
            else:
                pages.add(record.source.page)
    return tables, pages


def unread_problems(raw: RawDocument, extraction: Extraction) -> list[Problem]:
    """RETURNS (list[Problem]): one `unread_structure` warning per page whose signals no record used."""
    read_tables, read_pages = _read_places(extraction)
    indicator_pages = {record.source.page for record in extraction.indicators}
    found: dict[int | None, list[str]] = {}
    for page in raw.pages:
        for table in page.tables:
            if table.seq in read_tables:
                continue
            seen = table_signals(table)
            if seen.any():
                found.setdefault(table.page if table.page is not None else page.number, []).append(
                    seen.describe("table"))
        if page.number in indicator_pages or page.number in read_pages:
            continue
        if (seen := text_signals(page.text)).any():
            found.setdefault(page.number, []).append(seen.describe("text"))
    return [_problem(raw, page, what) for page, what in found.items()]


def _problem(raw: RawDocument, page: int | None, what: list[str]) -> Problem:
    shown = "; ".join(what[:MAX_SEEN]) + (f"; and {len(what) - MAX_SEEN} more" if len(what) > MAX_SEEN else "")
    where = f"page {page}" if page is not None else "the paper"
    return Problem(
        code=CODE, stage="extract", severity=Severity.WARNING, page=page, raw=shown,
        message=f"{raw.origin.filename}: {where} holds a {shown}, and nothing was read from it; "
        "look at the page, and if it holds actions or indicators report its layout",
    )
