"""The Rutland inspection report sample: a Word document made like Ofsted's, which LibreOffice converts to PDF.

Ofsted's reports on councils' children's services are Word documents saved as
PDF: a title, the inspection dates and lead inspector, the 'Judgement | Grade'
table on the first page, a summary, the 'What needs to improve?' list, then
numbered paragraphs under each judgement's heading. `make_inspection_docx`
writes that structure from `content/rutland_inspection.toml` with python-docx;
`office.py` registers it, and `make samples` converts it with LibreOffice
headless (`office.to_pdf`). Only the PDF is committed, as Ofsted publishes it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document
from docx.shared import Pt

RUTLAND_INSPECTION_DOCX = "rutland-2024-01-10-inspection-report.docx"
FONT = "Arial"
BODY_SIZE = 11
TITLE_SIZE = 20
HEADING_SIZE = 14
FIXED_DATE = datetime(2024, 1, 10, 9, 0, 0)
"""Core-property dates of the Word file, so the same content gives the same document."""
BULLET = "▪"
"""The list's mark. Ofsted prints '◼', which LibreOffice sets in a fallback font whose boxes
pdfium and pdfminer place two points apart; '▪' is in the body font, as '◼' is in Ofsted's."""


def _run(paragraph, text: str, *, size: float = BODY_SIZE, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold


def _judgement_table(document, content: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, content["grade_header"]):
        _run(cell.paragraphs[0], text, bold=True)
    for judgement in content["judgements"]:
        cells = table.add_row().cells
        _run(cells[0].paragraphs[0], judgement["name"])
        _run(cells[1].paragraphs[0], judgement["grade"], bold=True)


def _properties(document, content: dict) -> None:
    props = document.core_properties
    props.title = " ".join(content["title"])
    props.author = props.last_modified_by = "planwatch samples"
    props.subject = props.comments = "SAMPLE – invented content"
    props.keywords = "sample; invented content; planwatch"
    props.revision = 1
    props.created = props.modified = props.last_printed = FIXED_DATE


def make_inspection_docx(content: dict, path: Path) -> Path:
    """RETURNS (Path): the report as a Word document at `path`."""
    document = Document()
    _run(document.add_paragraph(), content["banner"], bold=True)
    for line in content["title"]:
        _run(document.add_paragraph(), line, size=TITLE_SIZE)
    _run(document.add_paragraph(), content["dates"])
    _run(document.add_paragraph(), content["lead"])
    _judgement_table(document, content)
    for text in content["summary"]["paragraphs"]:
        _run(document.add_paragraph(), text)
    _run(document.add_paragraph(), content["improve"]["heading"], size=HEADING_SIZE, bold=True)
    for item in content["improve"]["items"]:
        _run(document.add_paragraph(), f"{BULLET} {item}")
    number = 0
    for section in content["sections"]:
        _run(document.add_paragraph(), section["heading"], size=HEADING_SIZE, bold=True)
        for text in section["paragraphs"]:
            number += 1
            _run(document.add_paragraph(), f"{number}. {text}")
    _run(document.sections[0].footer.paragraphs[0], content["footer"]["text"], size=8)
    _properties(document, content)
    document.save(path)
    return path
