"""Read PDF papers: fast text for every page, full layout where it is needed.

The chain for one file:

1. `read_page_texts` (pypdfium2): the text layer of every page, in a few
   milliseconds a page.
2. `plan_pages`: which pages get layout analysis. By default the page
   triage (`triage.py`, rules in `triage.toml`) picks the cover and the pages
   whose text shows something planwatch extracts. A page that ends with a
   table showing a sign has the next page analysed too, and so on while the
   table goes on (`table_goes_on`). `PdfSettings(triage=None)` analyses
   every page.
3. `analyse_page` (pdfplumber, sped up by `plumber.py` with identical
   results), for each selected page, one at a time and released afterwards:
   `find_page_tables` (ruled first, then unruled when a page has no ruled
   table, read from the gutters between columns by `unruled.py`) ->
   `table_to_model` (cell text, spans, and the fill colour drawn behind each
   cell by `cell_fill`) and `page_lines` (text lines outside tables, with
   font size and weight).
4. `stitch.stitch_tables`: parts of one table on consecutive pages joined,
   with repeated header rows dropped and cut rows joined back.

`debug_page` returns the intermediate results for one page, to see where a
table went wrong (pdfplumber's `debug_tablefinder` in spirit).
"""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from pdfplumber.utils.exceptions import PdfminerException

from .colours import pdf_colour_to_hex
from .exceptions import CorruptFile, EncryptedFile, TruncatedFile
from .models import BBox, Cell, Origin, Page, Problem, RawDocument, Row, Severity, Table, TextBlock
from .plumber import CharIndex, release, table_texts, text_lines, use_fast_objects
from .stitch import is_running_line, stitch_tables
from .text_layer import check_text_layer
from .triage import PageTriage, default_triage
from .unruled import GutterSettings, find_unruled_tables

DEFAULT_RULED_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
DEFAULT_UNRULED_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "text",
    "horizontal_strategy": "text",
    "min_words_vertical": 3,
    "min_words_horizontal": 2,
    "snap_tolerance": 3,
    "text_x_tolerance": 2,
}
DEFAULT_MIN_UNRULED_ROWS = 3
DEFAULT_MIN_UNRULED_COLS = 3
DEFAULT_FURNITURE_MARGIN = 0.07
"""Share of the page height at top and bottom where running headers and footers sit."""
FILL_TOLERANCE = 2.0
"""Points a fill rectangle may stick out of its table and still belong to it."""
CLOSING_TOLERANCE = 2.0
"""Points within which a horizontal rule counts as closing the vertical rules ending there."""
BOLD_MARKERS = ("bold", "black", "heavy", "semibold", "demi")
EOF_WINDOW = 1024
"""Bytes at the end of a file searched for the %%EOF marker every complete PDF ends with."""

Triage = Callable[[str], bool]


@dataclass
class PdfSettings:
    """Tuning for the PDF reader (pdfplumber's TableSettings pattern)."""

    ruled: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_RULED_SETTINGS))
    unruled: dict[str, Any] | None = field(default_factory=lambda: dict(DEFAULT_UNRULED_SETTINGS))
    """pdfplumber's text strategy for tables without rules, used when `gutters` is None (None: no unruled tables)."""
    gutters: GutterSettings | dict | None = field(default_factory=GutterSettings)
    """Tables without rules read from the white space between their columns (`unruled.py`)."""
    min_unruled_rows: int = DEFAULT_MIN_UNRULED_ROWS
    min_unruled_cols: int = DEFAULT_MIN_UNRULED_COLS
    furniture_margin: float = DEFAULT_FURNITURE_MARGIN
    triage: Triage | PageTriage | None = field(default_factory=default_triage)
    """Which pages get layout analysis: planwatch's rules (`triage.toml`) by default, None for every page,
    or a function of a page's text."""
    password: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.furniture_margin < 0.5:
            raise ValueError("PDF setting 'furniture_margin' must be between 0 and 0.5")
        if self.min_unruled_rows < 2 or self.min_unruled_cols < 2:
            raise ValueError("PDF settings 'min_unruled_rows' and 'min_unruled_cols' must be at least 2")
        if isinstance(self.gutters, dict):
            self.gutters = GutterSettings(**self.gutters)

    @classmethod
    def resolve(cls, settings: PdfSettings | dict | None) -> PdfSettings:
        if settings is None:
            return cls()
        if isinstance(settings, cls):
            return settings
        return cls(**settings)


def read_pdf(path: Path, origin: Origin, *, settings: PdfSettings | dict | None = None) -> RawDocument:
    """RETURNS (RawDocument): the PDF's pages, with tables on the pages that were analysed."""
    settings = PdfSettings.resolve(settings)
    texts, sizes, metadata = read_page_texts(path, password=settings.password)
    problems = check_text_layer(path, texts, password=settings.password)
    selected = plan_pages(texts, triage=settings.triage)
    follow = isinstance(settings.triage, PageTriage) and settings.triage.follow_tables
    pages: list[Page] = []
    seq, goes_on = 0, False
    with contextlib.ExitStack() as stack:
        pdf = None
        for index, text in enumerate(texts):
            number = index + 1
            width, height = sizes[index]
            if index not in selected and not goes_on:
                page = _text_only_page(number, text, width, height, seq)
            else:
                pdf = pdf or stack.enter_context(_open_plumber(path, settings.password))
                page = _analyse_or_keep_text(pdf, index, text, seq, settings, origin, problems)
            seq = _next_seq(page, seq)
            pages.append(page)
            goes_on = follow and table_goes_on(page, settings, followed=goes_on)
    pages = _stitch_across_pages(pages, settings)
    return RawDocument(origin=origin, pages=pages, metadata=metadata, problems=problems)


def _analyse_or_keep_text(
    pdf: Any, index: int, text: str, seq: int, settings: PdfSettings, origin: Origin, problems: list[Problem],
) -> Page:
    number = index + 1
    plumber_page = use_fast_objects(pdf.pages[index])
    try:
        return analyse_page(plumber_page, number=number, text=text, seq=seq, settings=settings)
    except Exception as e:  # pdfminer raises many kinds of error on damaged page content
        problems.append(Problem(
            code="page_unreadable", page=number, severity=Severity.WARNING,
            message=f"{origin.filename} p.{number}: layout could not be read ({type(e).__name__}: {e}); "
            "kept the page's plain text only",
        ))
        return _text_only_page(number, text, float(plumber_page.width), float(plumber_page.height), seq)
    finally:
        release(plumber_page)


def read_page_texts(path: Path, *, password: str = "") -> tuple[list[str], list[tuple[float, float]], dict[str, str]]:
    """RETURNS (tuple): each page's text, each page's (width, height), the file's metadata."""
    try:
        pdf = pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as e:
        raise _pdfium_error(path, e) from e
    try:
        texts, sizes = [], []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            sizes.append(page.get_size())
            textpage.close()
            page.close()
        metadata = {key: str(value) for key, value in pdf.get_metadata_dict(skip_empty=True).items()}
    finally:
        pdf.close()
    return texts, sizes, metadata


def _pdfium_error(path: Path, error: Exception) -> Exception:
    message = str(error)
    if "password" in message.lower():
        return EncryptedFile(
            f"{path.name}: the PDF is protected by a password; open it with the password "
            "and save an unprotected copy (or ask the council for one), then ingest that"
        )
    if not _ends_complete(path):
        return TruncatedFile(
            f"{path.name}: the PDF ends early (no end-of-file marker), so the download was cut short; "
            "download it again"
        )
    return CorruptFile(
        f"{path.name}: the PDF could not be opened ({message}); it is damaged, "
        "so download it again or re-save it from a PDF viewer"
    )


def _ends_complete(path: Path) -> bool:
    """RETURNS (bool): whether the file ends with the %%EOF marker, as a complete PDF does."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - EOF_WINDOW))
        return b"%%EOF" in handle.read()


def _open_plumber(path: Path, password: str):
    try:
        return pdfplumber.open(path, password=password)
    except PdfminerException as e:
        # pypdfium2 opened the file, pdfminer could not (an encryption or
        # syntax it does not support); say which, rather than fail as a bug.
        raise _pdfium_error(path, e.args[0] if e.args else e) from e


def plan_pages(texts: list[str], *, triage: Triage | PageTriage | None) -> set[int]:
    """RETURNS (set[int]): indexes of the pages that get full layout analysis.

    triage: None analyses every page; a `PageTriage` picks the cover and the
    pages that show a sign; any other callable is asked about each page's text.
    """
    if triage is None:
        return set(range(len(texts)))
    if isinstance(triage, PageTriage):
        return triage.select(texts)
    return {index for index, text in enumerate(texts) if triage(text)}


def table_goes_on(page: Page, settings: PdfSettings, *, followed: bool) -> bool:
    """RETURNS (bool): the page ends with a table planwatch may read, so the next page may hold the rest.

    The last table counts when its own text shows a triage sign (its header
    row, status labels), or when it is the table followed onto this page
    (`followed`) going on still: the page starts with it. A budget table that
    ends a cover page is not followed.
    """
    if not isinstance(settings.triage, PageTriage) or not ends_with_table(page, settings):
        return False
    last = max(page.tables, key=lambda table: table.seq)
    if followed and _starts_page(page, last, settings):
        return True
    return settings.triage.table_shows_sign(table_text(last))


def table_text(table: Table) -> str:
    """RETURNS (str): the table as text, a line per row (what triage reads)."""
    return "\n".join(" ".join(" ".join(cell.text.split()) for cell in row.cells) for row in table.rows)


def _starts_page(page: Page, table: Table, settings: PdfSettings) -> bool:
    margin = (page.height or 0.0) * settings.furniture_margin
    before = [block for block in page.blocks if block.seq < table.seq]
    return all(_is_furniture_at(block, page.height or 0.0, margin) for block in before) and all(
        other.seq >= table.seq for other in page.tables
    )


def ends_with_table(page: Page, settings: PdfSettings) -> bool:
    """RETURNS (bool): the page's last content, running headers and footers aside, is a table.

    Only then can a table go on over the page break (`stitch` joins parts
    with nothing but page furniture between them).
    """
    if not page.analysed or not page.tables:
        return False
    last_table = max(table.seq for table in page.tables)
    margin = (page.height or 0.0) * settings.furniture_margin
    return not any(
        block.seq > last_table and not _is_furniture_at(block, page.height or 0.0, margin) for block in page.blocks
    )


def _is_furniture_at(block: TextBlock, height: float, margin: float) -> bool:
    if block.bbox is None:
        return is_running_line(block)
    return block.bbox[3] <= margin or block.bbox[1] >= height - margin or is_running_line(block)


def _text_only_page(number: int, text: str, width: float, height: float, seq: int) -> Page:
    blocks = []
    for line in text.split("\n"):
        if line.strip():
            blocks.append(TextBlock(text=" ".join(line.split()), seq=seq))
            seq += 1
    return Page(number=number, width=width, height=height, text=text, blocks=blocks, analysed=False)


def _next_seq(page: Page, seq: int) -> int:
    used = [block.seq for block in page.blocks] + [table.seq for table in page.tables]
    return max(used, default=seq - 1) + 1


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
        text=text, blocks=blocks, tables=tables, analysed=True,
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
        return [FoundTable(table, "ruled", table_texts(table, index)) for table in ruled]
    if settings.gutters is not None:
        unruled = find_unruled_tables(page, settings.gutters)
    else:
        unruled = page.find_tables(settings.unruled)
    found = [FoundTable(table, "unruled", table_texts(table, index)) for table in unruled]
    return [entry for entry in found if _looks_tabular(entry.texts, settings)]


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


def _stitch_across_pages(pages: list[Page], settings: PdfSettings) -> list[Page]:
    tables = [table for page in pages for table in page.tables]
    if len(tables) < 2:
        return pages
    furniture: set[int] = set()
    for page in pages:
        height = page.height or 0.0
        margin = height * settings.furniture_margin
        furniture.update(block.seq for block in page.blocks if _is_furniture_at(block, height, margin))
    blocks = [block for page in pages for block in page.blocks]
    stitched = stitch_tables(tables, blocks, is_furniture=lambda block: block.seq in furniture)
    by_page: dict[int | None, list[Table]] = {}
    for table in stitched:
        by_page.setdefault(table.page, []).append(table)
    return [page.model_copy(update={"tables": by_page.get(page.number, [])}) for page in pages]


def debug_page(path: Path, number: int, *, settings: PdfSettings | dict | None = None) -> dict[str, Any]:
    """RETURNS (dict): one page's intermediate results: tables found, fills, lines, model."""
    settings = PdfSettings.resolve(settings)
    with _open_plumber(path, settings.password) as pdf:
        page = use_fast_objects(pdf.pages[number - 1])
        index = CharIndex(page.chars)
        found = find_page_tables(page, settings, index)
        result = {
            "tables": [(entry.method, entry.table.bbox, entry.texts) for entry in found],
            "fills": filled_rects(page),
            "lines": [line["text"] for line in page_lines(page, [entry.table.bbox for entry in found], index)],
            "page": analyse_page(page, number=number, text="", seq=0, settings=settings),
        }
        release(page)
        return result
