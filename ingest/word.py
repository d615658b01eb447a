"""Read Word (.docx) papers: paragraphs and tables in document order.

python-docx gives the document, but merged cells and shading live in the XML:
`w:gridSpan` (a cell across columns), `w:vMerge` (a cell down rows: `restart`
opens it, an empty value continues it) and `w:shd/@w:fill` (cell shading, the
only thing in a RAG cell of many plans). This module walks `w:tbl` itself so
that each merged cell appears once, at its grid position, with its spans.
Rows marked `w:tblHeader` (repeated on each printed page) are header rows.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from .colours import word_colour_to_hex
from .exceptions import CorruptFile
from .models import Cell, Origin, Page, RawDocument, Row, Table, TextBlock

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_SDT, _SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
_VAL = qn("w:val")
LAYOUT_CELL_LINES = 2
"""Lines of its own text a layout table's cell may hold beside its nested table."""


def read_docx(path: Path, origin: Origin) -> RawDocument:
    """RETURNS (RawDocument): one page (number None) of the document's blocks and tables."""
    try:
        document = docx.Document(str(path))
    # A damaged deflate stream inside the ZIP raises zlib.error (a part with flipped bytes).
    except (KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError, etree.XMLSyntaxError, PackageNotFoundError) as e:
        raise CorruptFile(
            f"{path.name}: the Word document is damaged ({type(e).__name__}: {e}); "
            "open it in Word and save it again, or export it as PDF"
        ) from e
    blocks: list[TextBlock] = []
    tables: list[Table] = []
    seq = 0
    for element in _body_elements(document.element.body):
        if element.tag == _P:
            block = paragraph_to_block(Paragraph(element, document), seq=seq)
            if block is None:
                continue
            blocks.append(block)
        else:
            table = table_to_model(element, seq=seq)
            if table is None:
                continue
            tables.append(table)
        seq += 1
    lines = [block.text for block in blocks]
    for table in tables:
        lines.extend("  ".join(cell.text for cell in row.cells) for row in table.rows)
    page = Page(number=None, text="\n".join(lines), blocks=blocks, tables=tables)
    return RawDocument(origin=origin, pages=[page], metadata=_core_properties(document))


def _body_elements(body: Any):
    """Paragraphs and tables in order, looking inside content controls and layout tables."""
    for child in body.iterchildren():
        if child.tag == _TBL and _is_layout_table(child):
            for tr in child.iterchildren(_TR):
                for tc in _row_cells(tr):
                    yield from _body_elements(tc)
        elif child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _body_elements(content)


def _is_layout_table(tbl: Any) -> bool:
    """A table used only to place other tables on the page (cards two across): its cells hold tables.

    Every cell that holds anything holds a nested table, and at most
    `LAYOUT_CELL_LINES` lines of its own (a heading over the card).
    """
    filled = 0
    for tr in tbl.iterchildren(_TR):
        for tc in _row_cells(tr):
            nested = tc.find(_TBL) is not None
            own = [p for p in tc.iterchildren(_P) if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()]
            if not nested and own:
                return False
            if nested and len(own) > LAYOUT_CELL_LINES:
                return False
            filled += nested
    return filled > 0


def paragraph_to_block(paragraph: Paragraph, *, seq: int) -> TextBlock | None:
    """RETURNS (TextBlock | None): a paragraph with its heading level, size and weight."""
    text = " ".join(paragraph.text.split())
    if not text:
        return None
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = None
    if style.lower().startswith("heading"):
        digits = "".join(ch for ch in style if ch.isdigit())
        heading = int(digits) if digits else 1
    elif style.lower() == "title":
        heading = 1
    runs = [run for run in paragraph.runs if run.text.strip()]
    bold = bool(runs) and all(_run_bold(run, paragraph) for run in runs)
    sizes = [run.font.size.pt for run in runs if run.font.size is not None]
    if not sizes and paragraph.style is not None and paragraph.style.font.size is not None:
        sizes = [paragraph.style.font.size.pt]
    return TextBlock(
        text=text, seq=seq, heading=heading, bold=bold or heading is not None,
        font_size=max(sizes) if sizes else None,
    )


def _run_bold(run: Any, paragraph: Paragraph) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    style = paragraph.style
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def table_to_model(tbl: Any, *, seq: int) -> Table | None:
    """RETURNS (Table | None): a w:tbl element as rows of cells with spans and shading."""
    rows: list[Row] = []
    open_cells: dict[int, tuple[int, int]] = {}  # grid column -> (row index, cell index) of a vMerge start
    n_cols = 0
    for tr in tbl.iterchildren(_TR):
        header = _row_is_header(tr)
        cells: list[Cell] = []
        col = _grid_before(tr)
        for tc in _row_cells(tr):
            span = _int_attr(tc, "w:tcPr/w:gridSpan")
            merge = tc.find(qn("w:tcPr") + "/" + qn("w:vMerge"))
            if merge is not None and merge.get(_VAL) in (None, "continue"):
                start = open_cells.get(col)
                if start is not None:
                    r, i = start
                    origin = rows[r].cells[i]
                    rows[r].cells[i] = origin.model_copy(update={"row_span": origin.row_span + 1})
                col += span
                continue
            cell = Cell(
                text=_cell_text(tc), col=col, col_span=span, header=header,
                fill=word_colour_to_hex(_shading(tc)), bold=_cell_bold(tc),
            )
            if merge is not None:
                open_cells[col] = (len(rows), len(cells))
            else:
                open_cells.pop(col, None)
            cells.append(cell)
            col += span
        n_cols = max(n_cols, col)
        rows.append(Row(cells=cells))
    if not rows or n_cols == 0:
        return None
    return Table(rows=rows, n_cols=n_cols, seq=seq, method="docx")


def _row_cells(tr: Any):
    for child in tr.iterchildren():
        if child.tag == _TC:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from content.iterchildren(_TC)


def _row_is_header(tr: Any) -> bool:
    header = tr.find(qn("w:trPr") + "/" + qn("w:tblHeader"))
    return header is not None and header.get(_VAL) not in ("0", "false")


def _grid_before(tr: Any) -> int:
    element = tr.find(qn("w:trPr") + "/" + qn("w:gridBefore"))
    return int(element.get(_VAL, "0")) if element is not None else 0


def _int_attr(tc: Any, path: str) -> int:
    parts = [qn(part) for part in path.split("/")]
    element = tc.find("/".join(parts))
    if element is None:
        return 1
    try:
        return max(1, int(element.get(_VAL, "1")))
    except ValueError:
        return 1


def _shading(tc: Any) -> str | None:
    shd = tc.find(qn("w:tcPr") + "/" + qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))


def _cell_text(tc: Any) -> str:
    """Paragraphs of a cell (and of any table nested in it) joined by line breaks."""
    lines = []
    for p in tc.iter(_P):
        text = "".join(node.text or "" for node in p.iter(qn("w:t")))
        if text.strip():
            lines.append(" ".join(text.split()))
    return "\n".join(lines)


def _cell_bold(tc: Any) -> bool:
    runs = [r for r in tc.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.find(qn("w:rPr") + "/" + qn("w:b"))
        if bold is None or bold.get(_VAL) in ("0", "false"):
            return False
    return True


def _core_properties(document: Any) -> dict[str, str]:
    props = document.core_properties
    values = {
        "Title": props.title, "Author": props.author, "Subject": props.subject,
        "Created": props.created.isoformat() if props.created else None,
        "Modified": props.modified.isoformat() if props.modified else None,
    }
    return {key: str(value) for key, value in values.items() if value}
