"""Sample papers made the way councils make them: a Word file or a spreadsheet, converted to PDF
by LibreOffice headless (`soffice --headless --convert-to pdf`).

    python samples/make.py               # writes these too (LibreOffice must be installed)
    make samples                         # installs LibreOffice first when it is missing

The Word and spreadsheet files are deterministic (fixed core properties and ZIP timestamps); the
PDFs are LibreOffice's and carry its dates, so they are committed as made and are not compared
byte for byte. `make test` never needs LibreOffice: it reads the committed files.

- `bradford-2024-11-14-performance-dashboard.docx` / `.pdf`: KPI cards as small ruled Word
  tables, two across inside a borderless layout table; a status as a word on its colour or as the
  colour alone; labels in each card's own words and order; a note under some cards.
- `rutland-2024-01-10-inspection-report.pdf` (from a `.docx` made in a temporary folder): an
  Ofsted ILACS report as `inspection_report.py` describes.
- `norfolk-2025-01-09-performance-scorecard.pdf` (from an `.xlsx` made in a temporary
  folder, since planwatch reads no spreadsheets): a scorecard sheet with quarters
  across under year headings, polarity, target and comparator columns, section rows, suppressed
  and missing values, and the status shown only as the fill of the last cell.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from inspection_report import RUTLAND_INSPECTION_DOCX, make_inspection_docx  # samples/ is on the path
from make_word import cover_lines, fixed_zip

BRADFORD_DOCX = "bradford-2024-11-14-performance-dashboard.docx"
NORFOLK_XLSX = "norfolk-2025-01-09-performance-scorecard.xlsx"
FIXED_DATE = datetime(2024, 11, 1, 9, 0, 0)
"""Core-property dates of every office sample, so the files do not change between runs."""
MARGIN_PT = 40
CARD_FONT = 9
CARD_WIDTHS_PT = (62, 62, 62, 62)
"""Widths of a card's four columns; two cards and a gutter fit an A4 page."""
SOFFICE_TIMEOUT = 180
SOFFICE = ("soffice", "libreoffice")


class NoLibreOffice(RuntimeError):
    """LibreOffice is not installed, so the PDFs cannot be made."""


# -- files ------------------------------------------------------------------------------------


def to_pdf(source: Path, out_dir: Path) -> Path:
    """RETURNS (Path): `source` converted to PDF by LibreOffice headless, in `out_dir`."""
    program = next((shutil.which(name) for name in SOFFICE if shutil.which(name)), None)
    if program is None:
        raise NoLibreOffice(
            "LibreOffice (soffice) is not installed; run `make samples`, which installs it, or "
            "`apt-get install -y libreoffice-writer libreoffice-calc`"
        )
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [program, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), str(source)],
            check=True, capture_output=True, timeout=SOFFICE_TIMEOUT,
        )  # fmt: skip
    return out_dir / f"{source.stem}.pdf"


# -- Bradford: KPI cards in Word ----------------------------------------------------------------


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shd)


def _write(cell, text: str, *, bold: bool = False, size: float = CARD_FONT, white: bool = False) -> None:
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if white:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _no_borders(table) -> None:
    """A layout table: no rules at all, so only the cards inside it are drawn."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _card(cell, card: dict, colours: dict[str, str]) -> None:
    """One KPI card as a small ruled table nested in a layout cell."""
    rows = 4 if card.get("note") else 3
    table = cell.add_table(rows=rows, cols=4)
    table.style = "Table Grid"
    name = table.cell(0, 0).merge(table.cell(0, 2))
    _write(name, card["name"], bold=True)
    status = table.cell(0, 3)
    _shade(status, colours[card["status"]])
    if card.get("word", True):
        _write(status, card["status"], bold=True, white=card["status"] == "RED")
    for col, (label, figure) in enumerate(zip(card["labels"], card["figures"])):
        _write(table.cell(1, col), label, bold=True)
        _write(table.cell(2, col), figure)
    if card.get("note"):
        note = table.cell(3, 0).merge(table.cell(3, 3))
        _write(note, card["note"], size=CARD_FONT - 1)
    for row in table.rows:
        for cell_, width in zip(row.cells, CARD_WIDTHS_PT):
            cell_.width = Pt(width)


def make_bradford_docx(content: dict, path: Path) -> None:
    """Write the card dashboard as a Word document to `path`."""
    document = Document()
    section = document.sections[0]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Pt(MARGIN_PT))
    cover_lines(document, content)
    document.add_paragraph(content["summary"])
    for part in content["sections"]:
        document.add_heading(part["heading"], level=2)
        cards = part["cards"]
        layout = document.add_table(rows=(len(cards) + 1) // 2, cols=2)
        layout.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(layout)
        for row in layout.rows:  # 'Allow row to break across pages' off: a card never splits
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for index, card in enumerate(cards):
            _card(layout.cell(index // 2, index % 2), card, content["status_colours"])
            layout.cell(index // 2, index % 2).add_paragraph()
    props = document.core_properties
    author = next(item["value"] for item in content["cover"] if item["label"] == "Report author")
    props.title, props.author, props.last_modified_by = content["title"], author, author
    props.subject = props.comments = content["banner"]
    props.keywords, props.category, props.revision = "sample; invented content; planwatch", "sample", 1
    props.created = props.modified = props.last_printed = FIXED_DATE
    buffer = io.BytesIO()
    document.save(buffer)
    fixed_zip(buffer.getvalue(), path, modified=FIXED_DATE)


# -- Norfolk: a scorecard sheet -----------------------------------------------------------------

THIN = Side(style="thin", color="000000")
RULED = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = "D9E1F2"
SECTION_FILL = "F2F2F2"
SHEET_WIDTHS = {"A": 6, "B": 48, "C": 12, "D": 8, "E": 8, "F": 8, "G": 8, "H": 9, "I": 11, "J": 9, "K": 8}


def _scorecard_columns(content: dict) -> list[str]:
    """The second header row: ref, name, polarity, the quarters, target, comparators, status."""
    ref, name, polarity, *tail = content["headers"]
    return [ref, name, polarity, *content["previous_quarters"], *content["quarters"], *tail]


def _put(sheet, row: int, col: int, text: str, *, bold: bool = False, fill: str | None = None) -> None:
    cell = sheet.cell(row=row, column=col, value=text)
    cell.font = Font(name="Arial", size=9, bold=bold)
    cell.border = RULED
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if fill:
        cell.fill = PatternFill("solid", start_color=fill.lstrip("#").upper(), end_color=fill.lstrip("#").upper())


def make_norfolk_xlsx(content: dict, path: Path) -> None:
    """Write the scorecard as a one-sheet workbook to `path`."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Scorecard"
    columns = _scorecard_columns(content)
    width = len(columns)
    lines = [(content["banner"], True), (content["council"], True), (content["title"], True)]
    lines += [(text, False) for text in content["cover"]]
    for row, (text, bold) in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=text).font = Font(name="Arial", size=11 if bold else 9, bold=bold)
    top = len(lines) + 2
    quarters = len(content["previous_quarters"])
    for col in range(1, width + 1):
        _put(sheet, top, col, "", bold=True, fill=HEADER_FILL)
    _put(sheet, top, 4, content["previous_year"], bold=True, fill=HEADER_FILL)
    _put(sheet, top, 4 + quarters, content["year"], bold=True, fill=HEADER_FILL)
    sheet.merge_cells(start_row=top, start_column=4, end_row=top, end_column=3 + quarters)
    sheet.merge_cells(start_row=top, start_column=4 + quarters, end_row=top, end_column=3 + quarters + len(content["quarters"]))
    for col, text in enumerate(columns, start=1):
        _put(sheet, top + 1, col, text, bold=True, fill=HEADER_FILL)
    row = top + 2
    for part in content["sections"]:
        _put(sheet, row, 1, "", fill=SECTION_FILL)
        _put(sheet, row, 2, part["heading"], bold=True, fill=SECTION_FILL)
        for col in range(3, width + 1):
            _put(sheet, row, col, "", fill=SECTION_FILL)
        row += 1
        for item in part["rows"]:
            texts = [item["ref"], item["name"], item["polarity"], *item["values"], item["target"], item["neighbours"],
                     item["england"], ""]  # fmt: skip
            for col, text in enumerate(texts, start=1):
                _put(sheet, row, col, text)
            if item["status"]:
                _put(sheet, row, width, "", fill=content["status_colours"][item["status"]])
            row += 1
    sheet.cell(row=row + 1, column=1, value=content["key"]).font = Font(name="Arial", size=8)
    for letter, size in SHEET_WIDTHS.items():
        sheet.column_dimensions[letter].width = size
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    book.properties.creator = book.properties.lastModifiedBy = "planwatch samples"
    book.properties.title = content["title"]
    book.properties.created = book.properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    book.save(buffer)
    fixed_zip(buffer.getvalue(), path, modified=FIXED_DATE)


OFFICE_SAMPLES = {
    BRADFORD_DOCX: ("bradford_cards", make_bradford_docx, True),
    NORFOLK_XLSX: ("norfolk_scorecard", make_norfolk_xlsx, False),
    RUTLAND_INSPECTION_DOCX: ("rutland_inspection", make_inspection_docx, False),
}
"""Source file name -> (content file, writer, whether the source is kept beside its PDF).

The Word file is a paper in its own right (planwatch reads it too); the spreadsheet is only the
PDF's source, written to a temporary folder, since planwatch reads no spreadsheets; so is the
inspection report's Word file (`inspection_report.py`): Ofsted publishes the PDF alone."""
