"""Tables printed without rules: columns from the white space between them.

Many councils print their plans as text laid out in columns, with no lines or
boxes. pdfplumber's text strategy guesses a column wherever words line up, so
a row's `Head of Service` becomes three columns when every row says the same,
and the table falls apart. This module reads such a table the way a person
does, from the white space:

- **Lines and segments.** The page's words are grouped into text lines; a
  line's words separated by less than a gutter (`min_gutter`: `gutter_chars`
  median character widths, and at least `gutter_spaces` median word spaces)
  are one *segment*, the text of one cell on that line.
- **Regions.** A *table line* has at least `min_cols` segments. A region
  starts at a table line and takes the lines below it while they fit:
  another table line that keeps most of the gutters; a *continuation line*
  (a wrapped cell going on: its segments cross no gutter) close below; a
  *banner line* (`Priority 2 – Safer families`: a segment across gutters)
  when at most `max_banner_lines` of them are followed by a table line again.
  Prose crosses the gutters line after line, so it ends a region (and a page
  of prose never starts one: its lines are one segment each). A region needs
  `min_rows` table lines.
- **Gutters.** Within a region, the x-ranges that no segment of any table or
  continuation line covers, at least `min_gutter` wide, are the gutters;
  column boundaries are their middles. Banner lines are left out, so a
  banner never closes a gutter.
- **Rows.** A banner line is a row of its own, its text whole in one cell
  across the table. Any other line starts a new row when it is further below
  the line above than a cell's own line spacing (`row_pitch` font sizes), is
  bold where the line above is not or the other way round (a header), or
  when, closely below, it has text in a column the line above has none in
  (cells are aligned at their tops, so a cell starting is a row starting), its
  first column (the leftmost with text on most lines) starts with a ref
  (`2.1`), or it has text in the first column and in every column the line
  above has, at least `min_cols` of them (a table printed with no space
  between rows: a wrapped row's later lines rarely go on in every cell).
  Otherwise it goes on the row above: a wrapped cell's lines join in one cell.

`find_unruled_tables(page, settings)` returns pdfplumber `Table`s built from
these cells, so the rest of the PDF reader treats them like any other table.
Known limits: cells aligned at their middle or bottom (a short cell printed
beside the second line of a long one) start a row there; a column whose text
overlaps its neighbour's on any line merges with it; in a table printed with
no space between rows, a row whose first column and two or more others wrap
together is split at each line (the action-table reader joins such lines back
when they carry no ref).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from pdfplumber.table import Table as PlumberTable

BBox = tuple[float, float, float, float]

REF_START = re.compile(r"^[A-Z]{0,3}\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?[.)]?$")
"""A first word that is a ref (`2`, `2.1`, `P3.1a`): a table's first column naming a new row."""
BOLD_MARKERS = ("bold", "black", "heavy", "semibold", "demi")
EDGE_PAD = 1.0
"""Points the table's box reaches beyond its outermost text."""


@dataclass
class GutterSettings:
    """Tuning for tables found from the white space between columns."""

    min_cols: int = 3
    """Segments a line needs to count as a table line (and columns a table needs)."""
    min_rows: int = 3
    """Table lines a region needs."""
    gutter_chars: float = 1.5
    """Narrowest gutter, in median character widths."""
    gutter_spaces: float = 2.5
    """Narrowest gutter, in median spaces between words on a line."""
    row_pitch: float = 1.45
    """Line spacing, in font sizes, beyond which a line starts a new row (a cell's own lines are closer)."""
    max_banner_lines: int = 2
    """Lines across the gutters that may sit between table lines as a banner."""
    keep_gutters: float = 0.5
    """Share of a region's gutters a further table line must leave open to join the region."""

    def __post_init__(self) -> None:
        if self.min_cols < 2 or self.min_rows < 2:
            raise ValueError("gutter settings 'min_cols' and 'min_rows' must be at least 2")


@dataclass
class _Line:
    words: list[dict[str, Any]]
    segments: list[tuple[float, float]] = field(default_factory=list)
    banner: bool = False

    @property
    def top(self) -> float:
        return min(word["top"] for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word["bottom"] for word in self.words)

    @property
    def x0(self) -> float:
        return min(word["x0"] for word in self.words)

    @property
    def x1(self) -> float:
        return max(word["x1"] for word in self.words)


def find_unruled_tables(page: Any, settings: GutterSettings | None = None) -> list[PlumberTable]:
    """RETURNS (list): pdfplumber tables whose columns are the gutters of runs of aligned text lines."""
    settings = settings or GutterSettings()
    words = [word for word in page.extract_words(extra_attrs=["size", "fontname"]) if word.get("upright", True)]
    if len(words) < settings.min_cols * settings.min_rows:
        return []
    lines = _text_lines(words)
    min_gutter, size = _measures(lines, settings)
    for line in lines:
        line.segments = _segments(line.words, min_gutter)
    tables = []
    for region in _regions(lines, min_gutter, settings):
        table = _table(page, region, min_gutter, size, settings)
        if table is not None:
            tables.append(table)
    return tables


def _text_lines(words: list[dict[str, Any]]) -> list[_Line]:
    """Words grouped into lines: a word joins the line whose first word's top is within half its height."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda word: (word["top"], word["x0"])):
        line = lines[-1] if lines else None
        if line is not None and abs(word["top"] - line.words[0]["top"]) <= (word["bottom"] - word["top"]) / 2:
            line.words.append(word)
        else:
            lines.append(_Line(words=[word]))
    for line in lines:
        line.words.sort(key=lambda word: word["x0"])
    return lines


def _measures(lines: list[_Line], settings: GutterSettings) -> tuple[float, float]:
    """RETURNS (tuple): the narrowest gutter and the median font size."""
    char_widths = [(word["x1"] - word["x0"]) / len(word["text"]) for line in lines for word in line.words]
    gaps = [
        right["x0"] - left["x1"] for line in lines for left, right in zip(line.words, line.words[1:])
        if right["x0"] > left["x1"]
    ]
    char_width = statistics.median(char_widths)
    space = statistics.median(gaps) if gaps else char_width / 2
    size = statistics.median(word.get("size") or word["bottom"] - word["top"] for line in lines for word in line.words)
    return max(settings.gutter_chars * char_width, settings.gutter_spaces * space), size


def _segments(words: list[dict[str, Any]], min_gutter: float) -> list[tuple[float, float]]:
    segments: list[tuple[float, float]] = []
    for word in words:
        if segments and word["x0"] - segments[-1][1] < min_gutter:
            segments[-1] = (segments[-1][0], max(segments[-1][1], word["x1"]))
        else:
            segments.append((word["x0"], word["x1"]))
    return segments


def _gutters(lines: list[_Line], min_gutter: float) -> list[tuple[float, float]]:
    """RETURNS (list): the x-ranges between the lines' leftmost and rightmost text that no segment covers."""
    spans = sorted(segment for line in lines if not line.banner for segment in line.segments)
    gutters = []
    if not spans:
        return gutters
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_gutter:
            gutters.append((reach, x0))
        reach = max(reach, x1)
    return gutters


def _closes(gutter: tuple[float, float], line: _Line, min_gutter: float) -> bool:
    """The line leaves less than a gutter's width of the gutter open."""
    free, start = 0.0, gutter[0]
    for x0, x1 in sorted(line.segments):
        if x1 <= start or x0 >= gutter[1]:
            continue
        free = max(free, x0 - start)
        start = max(start, x1)
    free = max(free, gutter[1] - start)
    return free < min_gutter


def _regions(lines: list[_Line], min_gutter: float, settings: GutterSettings) -> list[list[_Line]]:
    """RETURNS (list): runs of lines that form a table (banner lines marked), in page order."""
    regions: list[list[_Line]] = []
    region: list[_Line] = []
    pending: list[_Line] = []  # lines across the gutters: banners if a table line follows
    gutters: list[tuple[float, float]] = []

    def close() -> None:
        if sum(1 for line in region if _is_table_line(line, settings)) >= settings.min_rows:
            regions.append(list(region))

    for line in lines:
        table_line = _is_table_line(line, settings)
        if not region:
            if table_line:
                region, pending, gutters = [line], [], _gutters([line], min_gutter)
            continue
        crossed = [gutter for gutter in gutters if _closes(gutter, line, min_gutter)]
        if table_line:
            kept = _gutters(region + [line], min_gutter)
            if len(kept) + 1 >= settings.min_cols and len(gutters) - len(crossed) >= settings.keep_gutters * len(gutters):
                for banner in pending:
                    banner.banner = True
                region += pending + [line]
                pending, gutters = [], kept
                continue
        elif not crossed and not pending and line.top - region[-1].bottom <= _continuation_gap(region, settings):
            region.append(line)
            gutters = _gutters(region, min_gutter)
            continue
        elif crossed and len(pending) < settings.max_banner_lines and len(line.segments) <= 2:
            pending.append(line)
            continue
        close()
        region, pending, gutters = ([line], [], _gutters([line], min_gutter)) if table_line else ([], [], [])
    if region:
        close()
    return regions


def _is_table_line(line: _Line, settings: GutterSettings) -> bool:
    return len(line.segments) >= settings.min_cols


def _continuation_gap(region: list[_Line], settings: GutterSettings) -> float:
    """Points of white space above a line that may still go on the region: a row gap, or a cell's line gap."""
    gaps = [below.top - above.bottom for above, below in zip(region, region[1:])]
    size = statistics.median(line.bottom - line.top for line in region)
    return max([settings.row_pitch * size - size] + gaps) + 0.5


def _table(page: Any, region: list[_Line], min_gutter: float, size: float, settings: GutterSettings) -> PlumberTable | None:
    body = [line for line in region if not line.banner]
    gutters = _gutters(body, min_gutter)
    if len(gutters) + 1 < settings.min_cols:
        return None
    left = min(line.x0 for line in region) - EDGE_PAD
    right = max(line.x1 for line in region) + EDGE_PAD
    bounds = [left] + [(a + b) / 2 for a, b in gutters] + [right]
    rows = _rows(region, bounds, size, settings)
    tops = [rows[0][0].top - EDGE_PAD]
    tops += [(above[-1].bottom + below[0].top) / 2 for above, below in zip(rows, rows[1:])]
    tops.append(rows[-1][-1].bottom + EDGE_PAD)
    cells: list[BBox] = []
    for row, top, bottom in zip(rows, tops, tops[1:]):
        if row[0].banner:
            cells.append((left, top, right, bottom))
        else:
            cells += [(x0, top, x1, bottom) for x0, x1 in zip(bounds, bounds[1:])]
    return PlumberTable(page, cells)


def _rows(region: list[_Line], bounds: list[float], size: float, settings: GutterSettings) -> list[list[_Line]]:
    """RETURNS (list): the region's lines grouped into the table's rows."""
    body = [_by_column(line, bounds) for line in region if not line.banner]
    first = min((col for col in range(len(bounds) - 1) if sum(col in line for line in body) * 2 > len(body)), default=0)
    rows: list[list[_Line]] = []
    for line in region:
        above = rows[-1][-1] if rows else None
        if above is None or _starts_row(line, above, bounds, first, size, settings):
            rows.append([line])
        else:
            rows[-1].append(line)
    return rows


def _starts_row(line: _Line, above: _Line, bounds: list[float], first: int, size: float,
                settings: GutterSettings) -> bool:
    if line.banner or above.banner:
        return not (line.banner and above.banner and line.top - above.top <= settings.row_pitch * size)
    if line.top - above.top > settings.row_pitch * size or _bold(line) != _bold(above):
        return True  # a row's own space, or a header printed bold above its rows
    here, there = _by_column(line, bounds), _by_column(above, bounds)
    if set(here) - set(there):
        return True  # a cell starts: cells are aligned at their tops
    if first in here and REF_START.match(here[first][0]["text"]):
        return True
    # every cell of the line above going on, the first among them, is a row of its own
    return first in here and len(here) >= settings.min_cols and len(here) == len(there)


def _bold(line: _Line) -> bool:
    return all(any(marker in word.get("fontname", "").lower() for marker in BOLD_MARKERS) for word in line.words)


def _column_of(x0: float, x1: float, bounds: list[float]) -> int:
    middle = (x0 + x1) / 2
    for col, right in enumerate(bounds[1:]):
        if middle < right:
            return col
    return len(bounds) - 2


def _by_column(line: _Line, bounds: list[float]) -> dict[int, list[dict[str, Any]]]:
    columns: dict[int, list[dict[str, Any]]] = {}
    for word in line.words:
        columns.setdefault(_column_of(word["x0"], word["x1"], bounds), []).append(word)
    return columns
