"""The intermediate model every reader produces and every extractor reads.

A `RawDocument` is pages of text blocks and tables, nothing more. PDF, Word,
HTML and plain-text readers all produce it, so an extractor never knows (or
cares) which format a paper arrived in.

Coordinates are PDF points with the origin at the top left of the page, as in
pdfplumber: `(x0, top, x1, bottom)`. Formats without a page geometry (Word,
text, HTML) leave `bbox` empty and number nothing: `Page.number` is None.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_serializer

SCHEMA_VERSION = "1"
COORD_PRECISION = 2
"""Decimal places kept for coordinates when a model is serialised."""

BBox = tuple[float, float, float, float]


class Format(str, Enum):
    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"
    TEXT = "text"
    UNKNOWN = "unknown"
    """A file whose format could not be told from its bytes (empty, unsupported, unreadable); it is never read."""


class Severity(str, Enum):
    WARNING = "warning"
    ERROR = "error"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(_Model):
    """Something a stage could not read or understand, kept as a record."""

    code: str = Field(description="short stable identifier, e.g. 'no_text_layer'")
    message: str = Field(description="what went wrong and what to do, in words a user can act on")
    severity: Severity = Severity.WARNING
    stage: str = "ingest"
    page: int | None = None
    raw: str | None = Field(default=None, description="the text concerned, when there is some")


class Origin(_Model):
    """Where a document came from (docling-core's DocumentOrigin)."""

    filename: str
    path: str
    sha256: str
    format: Format
    size: int


def _round_bbox(bbox: BBox | None) -> BBox | None:
    if bbox is None:
        return None
    return tuple(round(v, COORD_PRECISION) for v in bbox)  # type: ignore[return-value]


class TextBlock(_Model):
    """A line or paragraph of running text outside tables."""

    text: str
    seq: int = Field(description="position in the document's reading order")
    bbox: BBox | None = None
    font_size: float | None = None
    bold: bool = False
    heading: int | None = Field(default=None, description="heading level when the source marks one")

    @field_serializer("bbox")
    def _ser_bbox(self, bbox: BBox | None) -> BBox | None:
        return _round_bbox(bbox)

    @field_serializer("font_size")
    def _ser_size(self, size: float | None) -> float | None:
        return None if size is None else round(size, COORD_PRECISION)


class Cell(_Model):
    """One cell of a table, placed at grid column `col` of its row."""

    text: str
    col: int
    bbox: BBox | None = None
    fill: str | None = Field(default=None, description="background colour as #rrggbb")
    row_span: int = 1
    col_span: int = 1
    header: bool = False
    bold: bool = False

    @field_serializer("bbox")
    def _ser_bbox(self, bbox: BBox | None) -> BBox | None:
        return _round_bbox(bbox)


class Row(_Model):
    """A table row: the cells that start in it, left to right."""

    cells: list[Cell]
    page: int | None = Field(default=None, description="page the row starts on")

    @property
    def header(self) -> bool:
        """Every cell of the row is a header cell."""
        return bool(self.cells) and all(cell.header for cell in self.cells)


class Table(_Model):
    """A logical table, stitched together when it runs over several pages."""

    rows: list[Row]
    n_cols: int
    seq: int
    page: int | None = None
    pages: list[int] = Field(default_factory=list)
    bbox: BBox | None = Field(default=None, description="position on its first page")
    method: str = Field(description="how it was found: ruled, unruled, docx, text, html")

    @field_serializer("bbox")
    def _ser_bbox(self, bbox: BBox | None) -> BBox | None:
        return _round_bbox(bbox)


class Mark(_Model):
    """A small filled circle or square on a PDF page, with the words printed with it.

    A paper may give a status only as a mark's colour (an infographic's
    circles, keyed by a legend of the same shapes); `ingest/marks.py` reads
    them.
    """

    bbox: BBox
    fill: str = Field(description="colour as #rrggbb")
    shape: str = Field(description="'round' or 'square'")
    label: str = Field(default="", description="the words inside the mark")
    caption: str = Field(default="", description="the words after it: beside it, or in the column under it")

    @field_serializer("bbox")
    def _ser_bbox(self, bbox: BBox) -> BBox:
        return _round_bbox(bbox)


class Page(_Model):
    number: int | None = None
    width: float | None = None
    height: float | None = None
    text: str = Field(default="", description="the page's plain text in reading order")
    blocks: list[TextBlock] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    marks: list[Mark] = Field(default_factory=list, description="coloured circles and squares (analysed PDF pages)")
    analysed: bool = Field(default=True, description="False when triage skipped layout analysis")


class RawDocument(_Model):
    schema_version: str = SCHEMA_VERSION
    origin: Origin
    pages: list[Page] = Field(default_factory=list)
    metadata: dict[str, str] = Field(default_factory=dict, description="the file's own properties")
    problems: list[Problem] = Field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        """Every table in reading order."""
        return [table for page in self.pages for table in page.tables]

    @property
    def blocks(self) -> list[TextBlock]:
        """Every text block in reading order."""
        return [block for page in self.pages for block in page.blocks]

    @property
    def text(self) -> str:
        """Every page's text, page after page."""
        return "\n".join(page.text for page in self.pages)
