"""Layout analysis of one PDF page: its tables (cell text, spans, fills, header row) and text lines.

The steps work on any object that offers what pdfplumber's `Page` offers for
them: `chars`, `rects`, `edges`, `bbox`, `width`, `height` and
`find_tables(settings)`. The PDF reader hands them a pdfplumber page or a
pdfium one (`pdfium_page.PdfiumPage`, the same objects read by pdfium):

`find_page_tables` (ruled first, then unruled when a page has no ruled table)
-> `table_to_model` (cell text, spans, and the fill colour drawn behind each
cell by `cell_fill`) and `page_lines` (text lines outside tables, with font
size and weight) -> `analyse_page` (both in reading order).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .colours import pdf_colour_to_hex
from .marks import page_marks
from .models import BBox, Cell, Page, Row, Table, TextBlock
from .plumber import CharIndex, table_texts, text_lines
from .unruled import find_unruled_tables

if TYPE_CHECKING:
    from .pdf import PdfSettings

FILL_TOLERANCE = 2.0
"""Points a fill rectangle may stick out of its table and still belong to it."""
CLOSING_TOLERANCE = 2.0
"""Points within which a horizontal rule counts as closing the vertical rules ending there."""
BOLD_MARKERS = ("bold", "black", "heavy", "semibold", "demi")


def analyse_page(page: Any, *, number: int, text: str, seq: int, settings: PdfSettings) -> Page:
    """RETURNS (Page): one pdfplumber page's tables and text lines in reading order."""
    index = CharIndex(page.chars)
    found = find_page_tables(page, settings, index)
    fills = filled_rects(page)
    items: list[tuple[float, float, object]] = []
    for entry in found:
        items.append((entry.table.bbox[1], entry.table.bbox[0], entry))
    for line in page_lines(page, [entry.table.bbox for entry in found], index):
        items.append((line["top"], line["x0"], line))
    items.sort(key=lambda item: (round(item[0]), item[1]))
    blocks: list[TextBlock] = []
    tables: list[Table] = []
    for _, _, item in items:
        if isinstance(item, FoundTable):
            tables.append(table_to_model(item, number=number, seq=seq, fills=fills, index=index))
        else:
            blocks.append(_line_to_block(item, seq))
        seq += 1
    return Page(
        number=number, width=float(page.width), height=float(page.height),
        text=text, blocks=blocks, tables=tables, marks=page_marks(page), analysed=True,
    )


@dataclass
class FoundTable:
    """A pdfplumber table, how it was found, and its cell texts (read once)."""

    table: Any
    method: str
    texts: list[list[str | None]]


def find_page_tables(page: Any, settings: PdfSettings, index: CharIndex | None = None) -> list[FoundTable]:
    """RETURNS (list[FoundTable]): pdfplumber tables with how they were found, ruled ones first."""
    index = index or CharIndex(page.chars)
    ruled_settings = dict(settings.ruled)
    closing = closing_edges(page)
    if closing:
        ruled_settings["explicit_horizontal_lines"] = list(ruled_settings.get("explicit_horizontal_lines", [])) + closing
    ruled = [table for table in page.find_tables(ruled_settings) if _cell_count(table) >= 2]
    if ruled or settings.unruled is None:
        found = [FoundTable(table, "ruled", table_texts(table, index)) for table in ruled]
    else:
        if settings.gutters is not None:
            unruled = find_unruled_tables(page, settings.gutters)
        else:
            unruled = page.find_tables(settings.unruled)
        found = [FoundTable(table, "unruled", table_texts(table, index)) for table in unruled]
        found = [entry for entry in found if _looks_tabular(entry.texts, settings)]
    check = getattr(page, "check_tables", None)  # a reading less exact than pdfminer's says when it cannot tell
    if check is not None:
        check([entry.table for entry in found], index)
    return found


def closing_edges(page: Any) -> list[dict]:
    """RETURNS (list[dict]): horizontal edges that close rows left open by a page break.

    A row cut by a page break is often drawn without its bottom (or, on the
    next page, its top) border; its vertical rules then end in mid-air and
    pdfplumber sees no cell. Where two or more vertical rules end at the same
    height with no horizontal rule there, one is supplied across them.
    """
    verticals = [edge for edge in page.edges if edge["orientation"] == "v"]
    if len(verticals) < 2:
        return []
    horizontals = [edge for edge in page.edges if edge["orientation"] == "h"]
    ends: dict[float, list[dict]] = {}
    for edge in verticals:
        for y in (edge["top"], edge["bottom"]):
            ends.setdefault(round(y), []).append(edge)
    result = []
    for y, edges in ends.items():
        if len(edges) < 2:
            continue
        x0, x1 = min(edge["x0"] for edge in edges), max(edge["x1"] for edge in edges)
        covered = any(
            abs(h["top"] - y) <= CLOSING_TOLERANCE and h["x0"] <= x0 + CLOSING_TOLERANCE and h["x1"] >= x1 - CLOSING_TOLERANCE
            for h in horizontals
        )
        if not covered:
            result.append({
                "x0": x0, "x1": x1, "top": float(y), "bottom": float(y), "width": x1 - x0, "height": 0.0,
                "orientation": "h", "object_type": "line",
            })
    return result


def _cell_count(table: Any) -> int:
    return len(table.cells)


def _looks_tabular(rows: list[list[str | None]], settings: PdfSettings) -> bool:
    """An unruled 'table' is only kept when it has real rows of several filled cells.

    pdfplumber's text strategy finds a grid in any page of prose; a table has
    several rows in which at least two cells hold text.
    """
    if len(rows) < settings.min_unruled_rows:
        return False
    if max((len(row) for row in rows), default=0) < settings.min_unruled_cols:
        return False
    multi = sum(1 for row in rows if sum(1 for cell in row if cell and cell.strip()) >= 2)
    return multi >= max(settings.min_unruled_rows, len(rows) * 0.6)


def filled_rects(page: Any) -> list[tuple[BBox, str]]:
    """RETURNS (list): filled rectangles on the page in drawing order, with their colour."""
    result = []
    for rect in page.rects:
        if not rect.get("fill"):
            continue
        colour = pdf_colour_to_hex(rect.get("non_stroking_color"))
        if colour is None:
            continue
        result.append(((rect["x0"], rect["top"], rect["x1"], rect["bottom"]), colour))
    return result


def cell_fill(cell: BBox, table_bbox: BBox, fills: list[tuple[BBox, str]]) -> str | None:
    """RETURNS (str | None): the colour drawn last behind the cell's centre, inside its table.

    Only rectangles within the table count, so a page background or a coloured
    banner above the table never colours a cell.
    """
    return _fill_at(cell, _fills_within(table_bbox, fills))


def _fills_within(table_bbox: BBox, fills: list[tuple[BBox, str]]) -> list[tuple[BBox, str]]:
    tx0, ttop, tx1, tbottom = table_bbox
    return [
        (box, fill) for box, fill in fills
        if box[0] >= tx0 - FILL_TOLERANCE and box[2] <= tx1 + FILL_TOLERANCE
        and box[1] >= ttop - FILL_TOLERANCE and box[3] <= tbottom + FILL_TOLERANCE
    ]


def _fill_at(cell: BBox, fills: list[tuple[BBox, str]]) -> str | None:
    """The colour of the last of `fills` (already those within the table) under the cell's centre."""
    cx, cy = (cell[0] + cell[2]) / 2, (cell[1] + cell[3]) / 2
    colour = None
    for (x0, top, x1, bottom), fill in fills:
        if x0 <= cx <= x1 and top <= cy <= bottom:
            colour = fill
    return colour


def table_to_model(
    found: FoundTable, *, number: int, seq: int, fills: list[tuple[BBox, str]], index: CharIndex,
) -> Table:
    """RETURNS (Table): a pdfplumber table with cell text, grid spans and fill colours."""
    table = found.table
    xs = sorted({round(cell[0], 1) for cell in table.cells})
    ys = sorted({round(cell[1], 1) for cell in table.cells})
    inside = _fills_within(table.bbox, fills)
    rows: list[Row] = []
    for plumber_row, row_texts in zip(table.rows, found.texts):
        cells = []
        for col, (bbox, text) in enumerate(zip(plumber_row.cells, row_texts)):
            if bbox is None:
                continue
            cells.append(Cell(
                text=(text or "").strip(),
                col=col,
                bbox=bbox,
                fill=_fill_at(bbox, inside),
                col_span=max(1, sum(1 for x in xs if bbox[0] - 0.5 <= x < bbox[2] - 0.5)),
                row_span=max(1, sum(1 for y in ys if bbox[1] - 0.5 <= y < bbox[3] - 0.5)),
            ))
        rows.append(Row(cells=cells, page=number))
    rows = _mark_header(rows, table.bbox, index)
    n_cols = max((cell.col + cell.col_span for row in rows for cell in row.cells), default=0)
    return Table(rows=rows, n_cols=n_cols, seq=seq, page=number, pages=[number], bbox=table.bbox, method=found.method)


def _mark_header(rows: list[Row], bbox: BBox, index: CharIndex) -> list[Row]:
    """The first row is a header when all its text is bold (as Word and reportlab print headers)."""
    if not rows:
        return rows
    first = rows[0]
    bottom = first.cells[0].bbox[3] if first.cells and first.cells[0].bbox else bbox[3]
    chars = [
        char for char in (index.chars[i] for i in index.band(bbox[1], bottom, inclusive=True))
        if bbox[0] <= char["x0"] and char["x1"] <= bbox[2] and bbox[1] <= char["top"]
        and char["bottom"] <= bottom and char["text"].strip()
    ]
    if chars and all(_is_bold_font(char.get("fontname", "")) for char in chars):
        rows[0] = Row(cells=[cell.model_copy(update={"header": True, "bold": True}) for cell in first.cells], page=first.page)
    return rows


@lru_cache(maxsize=1024)
def _is_bold_font(fontname: str) -> bool:
    name = fontname.lower().split("+")[-1]
    return any(marker in name for marker in BOLD_MARKERS)


def page_lines(page: Any, table_bboxes: list[BBox], index: CharIndex | None = None) -> list[dict]:
    """RETURNS (list[dict]): text lines outside the tables, with their characters."""
    index = index or CharIndex(page.chars)
    chars = index.outside(table_bboxes) if table_bboxes else page.chars
    return [line for line in text_lines(page, chars) if line["text"].strip()]


def _line_to_block(line: dict, seq: int) -> TextBlock:
    chars = [char for char in line.get("chars", []) if char["text"].strip()]
    size = statistics.median(char["size"] for char in chars) if chars else None
    bold = bool(chars) and sum(_is_bold_font(char.get("fontname", "")) for char in chars) > len(chars) / 2
    return TextBlock(
        text=" ".join(line["text"].split()), seq=seq,
        bbox=(line["x0"], line["top"], line["x1"], line["bottom"]),
        font_size=size, bold=bold,
    )

