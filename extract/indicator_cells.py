"""What the indicator layouts share: their vocabulary and how they read one cell.

Not a layout (it is not in the registry): `indicator_grid`, `kpi_table` and
`kpi_cards` use it so that a period heading, a direction glyph or a finance
table is recognised the same way in all three. The words and patterns live in
`indicators.toml`.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz

from planwatch.ingest.models import RawDocument, Table
from planwatch.ingest.stitch import PAGE_NUMBER

from .common import best_role, clean, key
from .models import IndicatorRecord, MetadataRecord

VOCABULARY_FILE = "indicators.toml"

ACTION_HEADER_MIN_SCORE = 92
"""rapidfuzz ratio from which a header is one of the action-plan headers in `[reject]`."""

BLANK, VALUE, PLACEHOLDER, TEXT = "blank", "value", "placeholder", "text"
"""What a cell of an indicator table holds (see `cell_kind`)."""

_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """RETURNS (dict): the vocabularies in `indicators.toml`, read once."""
    text = resources.files("planwatch.extract").joinpath(VOCABULARY_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=32)
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


def _whole(patterns: list[str], text: str) -> bool:
    return any(_pattern(rf"^(?:{p})$").match(text) for p in patterns)


def is_period(text: str | None) -> bool:
    """RETURNS (bool): the cell names a period (`Oct-22`, `Q3 2024/25`, `2023/24`)."""
    text = clean(text)
    return bool(text) and len(text) <= 24 and _whole(lexicon()["periods"]["patterns"], text)


@lru_cache(maxsize=4096)
def header_role(header: str | None) -> str | None:
    """RETURNS (str | None): the indicator-table role a header names ('target', 'direction', ...).

    Matched like `common.column_role` (`common.best_role`), against `[columns.*]` in `indicators.toml`.
    """
    return best_role(header, lexicon()["columns"], lexicon()["matching"]["min_score"])[0]


@lru_cache(maxsize=4096)
def is_action_header(header: str | None) -> bool:
    """RETURNS (bool): the header names a column of an action plan (an action, its lead)."""
    wanted = key(header)
    if not wanted:
        return False
    reject = lexicon()["reject"]
    if any(key(start) and wanted.startswith(key(start)) for start in reject["action_starts"]):
        return True
    return any(key(word) == wanted or fuzz.ratio(key(word), wanted) >= ACTION_HEADER_MIN_SCORE
               for word in reject["action_headers"])


def finance_words_in(texts: list[str]) -> list[str]:
    """RETURNS (list[str]): the finance words (`budget`, `£m`, `forecast`) the texts hold."""
    found = []
    joined = " ".join(clean(text).lower() for text in texts)
    for word in lexicon()["reject"]["finance_words"]:
        if word.startswith("£"):
            hit = word in joined
        else:
            hit = re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", joined) is not None
        if hit:
            found.append(word)
    return found


def money_share(texts: list[str]) -> float:
    """RETURNS (float): the share of the non-empty texts that print a '£' amount."""
    filled = [text for text in texts if clean(text)]
    if not filled:
        return 0.0
    return sum(1 for text in filled if "£" in text) / len(filled)


def cell_kind(text: str | None) -> str:
    """RETURNS (str): BLANK, VALUE (`41.3%`, `1,147`, `189.2r`), PLACEHOLDER (`-`, `TBC`, a glyph) or TEXT."""
    text = clean(text)
    if not text:
        return BLANK
    cells = lexicon()["cells"]
    if text.lower() in cells["placeholders"] or not any(ch.isalnum() for ch in text):
        return PLACEHOLDER
    if _pattern(rf"^(?:{cells['value']})$").match(text):
        return VALUE
    return TEXT


def looks_direction(text: str | None) -> bool:
    """RETURNS (bool): the cell could be a direction of travel: a glyph, an arrow or a direction word."""
    text = clean(text)
    if not text:
        return False
    if len(text) <= 6 and not any(ch.isalnum() for ch in text):
        return True
    return text.lower() in lexicon()["cells"]["direction_words"]


def looks_link(text: str | None) -> bool:
    """RETURNS (bool): the cell reads like a cross-reference (`MTFP 1`)."""
    return bool(_pattern(rf"^(?:{lexicon()['cells']['link']})$").match(clean(text)))


def looks_target(text: str | None) -> bool:
    """RETURNS (bool): the cell could be a target: a number first (`7.6% England`) or a word (`Monitor`, `TBC`)."""
    text = clean(text)
    if not text or looks_link(text) or looks_direction(text):
        return False
    if _pattern(rf"^(?:{lexicon()['cells']['value']})").match(text):
        return True
    words = text.split()
    targets = {word.lower() for word in lexicon()["cells"]["target_words"]}
    return text.lower() in targets or (len(words) == 1 and len(text) <= 10 and _WORD.fullmatch(text) is not None)


def is_status(text: str | None) -> bool:
    """RETURNS (bool): the text is a status word as printed (`AMBER`, `Red`, `G`)."""
    text = clean(text).strip("()").strip()
    return bool(text) and text.lower() in {word.lower() for word in lexicon()["cells"]["status_words"]}


def split_ref(text: str | None) -> tuple[str | None, str | None]:
    """RETURNS (tuple): a ref cell read as (ref, marker): `23 NEW` -> ('23', 'NEW'), `36 R12M` -> ('36', 'R12M')."""
    text = clean(text)
    if not text:
        return None, None
    match = _pattern(rf"^(?:{lexicon()['cells']['ref']})$").match(text)
    if match is None:
        return text, None
    return match.group("ref"), match.group("marker")


def is_ref(text: str | None) -> bool:
    """RETURNS (bool): the cell reads like an indicator's number (`12`, `23 NEW`, `KPI 4`, `CS1`)."""
    text = clean(text)
    return bool(text) and _pattern(rf"^(?:{lexicon()['cells']['ref']})$").match(text) is not None


def name_like(text: str | None) -> bool:
    """RETURNS (bool): the text reads like an indicator's name (`Percentage of …`, `… per 10,000`)."""
    text = clean(text)
    return bool(text) and any(_pattern(p).search(text) for p in lexicon()["names"]["patterns"])


def reporting_period(raw: RawDocument) -> str | None:
    """RETURNS (str | None): the period the paper reports on as printed (`Quarter 3 2024/25`), if stated.

    Searched in the text of the first pages (`[reporting_period]` in the
    vocabulary); the first match wins.
    """
    settings = lexicon()["reporting_period"]
    text = "\n".join(page.text for page in raw.pages[: settings["pages"]])
    for source in settings["patterns"]:
        match = _pattern(source).search(text)
        if match:
            return clean(match.group(0)).rstrip(",")
    return None


def period_metadata(raw: RawDocument, records: list[IndicatorRecord]) -> MetadataRecord:
    """RETURNS (MetadataRecord): the paper's reporting period, when some figure is only 'Latest' or 'Previous'.

    The KPI layouts pass it on so that the normaliser can date those figures.
    """
    relative = any(value.period in ("Latest", "Previous") for record in records for value in record.values)
    return MetadataRecord(reporting_period_raw=reporting_period(raw) if relative else None)


def heading_before(raw: RawDocument, table: Table, *, max_words: int = 12) -> str | None:
    """RETURNS (str | None): the short line just above a table on its page (its heading), if there is one.

    Only a line that is a heading, bold, or short enough to be a title counts,
    and only when no other table sits between it and this one; a sentence
    ending in '.' or ':' does not.
    """
    page = next((page for page in raw.pages if any(t.seq == table.seq for t in page.tables)), None)
    if page is None:
        return None
    running = running_texts(raw)
    before = [block for block in page.blocks if block.seq < table.seq and clean(block.text) not in running]
    if not before:
        return None
    block = before[-1]
    if any(block.seq < other.seq < table.seq for other in page.tables):
        return None
    if len(block.text.split()) > max_words and block.heading is None and not block.bold:
        return None
    if block.heading is None and block.text.rstrip().endswith((".", ":", ";")):
        return None
    return clean(block.text)


def running_texts(raw: RawDocument) -> set[str]:
    """Lines printed on more than one page (running headers, 'DRAFT' watermarks) and page numbers."""
    seen: dict[str, set[int | None]] = {}
    for page in raw.pages:
        for block in page.blocks:
            seen.setdefault(clean(block.text), set()).add(page.number)
    return {text for text, pages in seen.items() if len(pages) > 1 or PAGE_NUMBER.match(text)}


def table_place(table: Table) -> str:
    """RETURNS (str): where a table stands, for report notes: 'table 3 (p.4)', or 'table 3' in an unpaged file."""
    return f"table {table.seq}" + (f" (p.{table.page})" if table.page is not None else "")


def table_cells(table: Table) -> list[list[tuple[str, int]]]:
    """RETURNS (list): each row's cells by grid column as (text, column the cell starts in).

    A cell merged over several columns (a message across the month cells of a
    PDF grid) repeats in each column it covers, with the same start column.
    """
    rows: list[list[tuple[str, int]]] = []
    for row in table.rows:
        texts = [("", col) for col in range(table.n_cols)]
        for cell in row.cells:
            for col in range(cell.col, min(cell.col + cell.col_span, table.n_cols)):
                texts[col] = (cell.text, cell.col)
        rows.append(texts)
    return rows


def is_known_message(text: str | None) -> bool:
    """RETURNS (bool): the text is one of the messages printed instead of a figure (`Not available`, `TBC`)."""
    wanted = key(text)
    return bool(wanted) and any(key(message) == wanted for message in lexicon()["messages"]["known"])


COLOURLESS_SPREAD = 40
"""A fill whose red, green and blue differ by less than this is white, grey or black: it shows no status."""


def colourless(fill: str | None) -> bool:
    """RETURNS (bool): the fill shows no colour (none, white, a grey, black): never a status."""
    if not fill or len(fill) != 7:
        return True
    try:
        channels = [int(fill[i:i + 2], 16) for i in (1, 3, 5)]
    except ValueError:
        return True
    return max(channels) - min(channels) < COLOURLESS_SPREAD


def cell_fill(table: Table, r: int, col: int) -> str | None:
    """RETURNS (str | None): the fill of the cell covering grid column `col` of row `r`, as '#rrggbb'."""
    for cell in table.rows[r].cells:
        if cell.col <= col < cell.col + cell.col_span:
            return cell.fill
    return None
