"""Read text renderings (and HTML pages) into the intermediate model.

Text renderings are what a converter made of a paper: one line per paragraph,
tabs between table cells, Markdown-ish headings (`#`, `**bold**`) and left-over
tags (`<b>`, `<sup>`, `<mark>`, `<p>`). The seeds in `../shared/seeds/` are the
model. Rules:

- a run of lines holding tabs is a table; a blank line inside the run is a page
  break in the original, so the run is cut there and `stitch.stitch_tables`
  joins the parts back when they are one table;
- tags are stripped but their meaning kept: `<mark>NEW</mark>` stays as the word
  `NEW` beside the ref, `14<sup>th</sup>` becomes `14th`, a cell wholly inside
  `<b>` is marked bold (and a row of bold cells is a header row).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .models import Cell, Page, Row, Table, TextBlock
from .stitch import stitch_tables

_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_BREAK_TAGS = {"br", "p", "div", "li", "tr"}
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MARKDOWN_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^\s*(?:[-*•]|\\\*)\s+")
_WHOLE_BOLD = re.compile(r"^\s*(?:<b>|<strong>|\*\*)(.*?)(?:</b>|</strong>|\*\*)\s*$", re.S)


def strip_tags(text: str) -> str:
    """RETURNS (str): text without tags or entities; line-breaking tags become spaces."""

    def _replace(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        if name in _BREAK_TAGS:
            return " "
        if name == "mark" and not match.group(0).startswith("</"):
            return " "  # '23<mark>NEW</mark>' keeps NEW as a word of its own
        return ""

    text = _TAG.sub(_replace, text)
    text = _MARKDOWN_BOLD.sub(r"\1", text)
    text = html.unescape(text)
    return re.sub(r"[ \u00a0]{2,}", " ", text).strip()


def _is_bold(raw: str) -> bool:
    return bool(raw.strip()) and _WHOLE_BOLD.match(raw) is not None


def text_to_page(text: str) -> Page:
    """RETURNS (Page): one page (number None) of blocks and tables in reading order."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[TextBlock] = []
    tables: list[Table] = []
    pending: list[list[str]] = []
    seq = 0

    def flush() -> None:
        nonlocal seq, pending
        if pending:
            tables.append(_rows_to_table(pending, seq=seq, method="text"))
            seq += 1
            pending = []

    for line in text.split("\n"):
        if "\t" in line:
            pending.append(line.split("\t"))
            continue
        flush()
        block = _line_to_block(line, seq=seq)
        if block is not None:
            blocks.append(block)
            seq += 1
    flush()
    plain = "\n".join(strip_tags(line.replace("\t", "  ")) for line in text.split("\n"))
    return Page(number=None, text=plain, blocks=blocks, tables=stitch_tables(tables, blocks))


def _line_to_block(line: str, *, seq: int) -> TextBlock | None:
    if not line.strip():
        return None
    heading = None
    match = _HEADING.match(line.strip())
    if match:
        heading = len(match.group(1))
        line = match.group(2)
    bold = heading is not None or _is_bold(line)
    line = _BULLET.sub("", line)
    clean = strip_tags(line)
    if not clean:
        return None
    return TextBlock(text=clean, seq=seq, bold=bold, heading=heading)


def _rows_to_table(raw_rows: list[list[str]], *, seq: int, method: str) -> Table:
    n_cols = max(len(cells) for cells in raw_rows)
    rows = []
    for raw_cells in raw_rows:
        padded = raw_cells + [""] * (n_cols - len(raw_cells))
        cells = [
            Cell(text=strip_tags(raw), col=col, bold=_is_bold(raw), header=False)
            for col, raw in enumerate(padded)
        ]
        filled = [cell for cell in cells if cell.text]
        if filled and all(cell.bold for cell in filled):
            cells = [cell.model_copy(update={"header": True}) for cell in cells]
        rows.append(Row(cells=cells))
    return Table(rows=rows, n_cols=n_cols, seq=seq, method=method)


# -- HTML pages ---------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "title", "dt", "dd", "caption"}
_SKIP_TAGS = {"script", "style", "head", "noscript"}
_COLOUR = re.compile(r"background(?:-color)?\s*:\s*(#[0-9a-fA-F]{3,6}|rgb\([^)]*\)|[a-zA-Z]+)")
_NAMED_COLOURS = {
    "red": "#ff0000", "green": "#008000", "yellow": "#ffff00", "orange": "#ffa500",
    "amber": "#ffc000", "blue": "#0000ff", "white": "#ffffff", "black": "#000000",
    "lime": "#00ff00", "gold": "#ffd700", "grey": "#808080", "gray": "#808080",
}


def css_colour_to_hex(value: str | None) -> str | None:
    """RETURNS (str | None): a CSS colour (`#f00`, `rgb(255,0,0)`, `red`) as #rrggbb."""
    if not value:
        return None
    value = value.strip().lower()
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) == 3:
            digits = "".join(ch * 2 for ch in digits)
        return f"#{digits}" if re.fullmatch(r"[0-9a-f]{6}", digits) else None
    if value.startswith("rgb"):
        parts = re.findall(r"\d+", value)[:3]
        if len(parts) == 3:
            return "#" + "".join(f"{min(int(p), 255):02x}" for p in parts)
        return None
    return _NAMED_COLOURS.get(value)


class _HtmlReader(HTMLParser):
    """Collects blocks and tables from an HTML page in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, object]] = []  # ("block", (text, heading, bold)) | ("table", rows)
        self._text: list[str] = []
        self._heading: int | None = None
        self._bold_depth = 0
        self._skip = 0
        self._tables: list[list[list[dict]]] = []
        self._cell: dict | None = None
        self._bold_seen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "table":
            self._flush_block()
            self._tables.append([])
        elif tag == "tr" and self._tables:
            self._tables[-1].append([])
        elif tag in ("td", "th") and self._tables:
            if not self._tables[-1]:
                self._tables[-1].append([])
            self._cell = {
                "text": [], "header": tag == "th",
                "colspan": _int(attributes.get("colspan")), "rowspan": _int(attributes.get("rowspan")),
                "fill": _cell_fill(attributes),
            }
            self._tables[-1][-1].append(self._cell)
        elif tag in ("b", "strong"):
            self._bold_depth += 1
        elif tag == "br":
            self._add_text("\n")
        elif tag in _BLOCK_TAGS and self._cell is None:
            self._flush_block()
            if tag.startswith("h") and tag[1:].isdigit():
                self._heading = int(tag[1:])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th"):
            self._cell = None
        elif tag == "table" and self._tables:
            rows = self._tables.pop()
            if self._tables and self._cell is not None:
                return  # a nested table's text already went into the outer cell
            self.items.append(("table", rows))
        elif tag in ("b", "strong"):
            self._bold_depth = max(0, self._bold_depth - 1)
        elif tag in _BLOCK_TAGS and self._cell is None:
            self._flush_block()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._add_text(data)

    def _add_text(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"].append(data)
        elif self._tables:
            return  # text between cells
        else:
            self._text.append(data)
            if data.strip():
                self._bold_seen = self._bold_depth > 0

    def _flush_block(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            bold = self._heading is not None or self._bold_seen
            self.items.append(("block", (text, self._heading, bold)))
        self._text = []
        self._heading = None
        self._bold_seen = False

    def close(self) -> None:
        super().close()
        self._flush_block()


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _cell_fill(attributes: dict[str, str]) -> str | None:
    if attributes.get("bgcolor"):
        return css_colour_to_hex(attributes["bgcolor"])
    match = _COLOUR.search(attributes.get("style", ""))
    return css_colour_to_hex(match.group(1)) if match else None


def html_to_page(markup: str) -> Page:
    """RETURNS (Page): one page (number None) of an HTML document's blocks and tables."""
    reader = _HtmlReader()
    reader.feed(markup)
    reader.close()
    blocks: list[TextBlock] = []
    tables: list[Table] = []
    for seq, (kind, payload) in enumerate(reader.items):
        if kind == "block":
            text, heading, bold = payload  # type: ignore[misc]
            blocks.append(TextBlock(text=text, seq=seq, heading=heading, bold=bold))
        else:
            table = _html_rows_to_table(payload, seq=seq)  # type: ignore[arg-type]
            if table is not None:
                tables.append(table)
    lines = [block.text for block in blocks]
    for table in tables:
        lines.extend("  ".join(cell.text for cell in row.cells) for row in table.rows)
    return Page(number=None, text="\n".join(lines), blocks=blocks, tables=tables)


def _html_rows_to_table(raw_rows: list[list[dict]], *, seq: int) -> Table | None:
    occupied: dict[tuple[int, int], bool] = {}
    rows: list[Row] = []
    n_cols = 0
    for r, raw_cells in enumerate(raw_rows):
        cells = []
        col = 0
        for raw in raw_cells:
            while occupied.get((r, col)):
                col += 1
            for dr in range(raw["rowspan"]):
                for dc in range(raw["colspan"]):
                    occupied[(r + dr, col + dc)] = True
            text = " ".join("".join(raw["text"]).split())
            cells.append(Cell(
                text=text, col=col, fill=raw["fill"], header=raw["header"],
                row_span=raw["rowspan"], col_span=raw["colspan"],
            ))
            col += raw["colspan"]
        n_cols = max(n_cols, col)
        rows.append(Row(cells=cells))
    if not rows or n_cols == 0:
        return None
    return Table(rows=rows, n_cols=n_cols, seq=seq, method="html")
