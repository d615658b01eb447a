"""Build small real PDF and Word files for reader tests (no binary files committed)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HEADER = ["Ref", "Action", "Lead", "Timescale", "RAG"]


def long_text(words: int, seed: str) -> str:
    return " ".join(f"{seed}{i}" for i in range(words))


def table_pdf(path: Path, rows: list[list[str]], *, fills: dict[tuple[int, int], str] | None = None,
              banner: str | None = None, cut_row: int | None = None) -> Path:
    """Write a portrait PDF with one ruled table that repeats its header on every page.

    fills: (row, col) -> hex colour for data cells (row 0 is the first data row).
    banner: a coloured bar drawn above the table, outside it.
    cut_row: index of a data row given enough text to be split by a page break.
    """
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    data = [[Paragraph(f"<b>{text}</b>", body) for text in HEADER]]
    for r, row in enumerate(rows):
        cells = list(row)
        if cut_row == r:
            cells[1] = long_text(260, "word")
        data.append([Paragraph(text, body) for text in cells])
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for (r, c), colour in (fills or {}).items():
        style.append(("BACKGROUND", (c, r + 1), (c, r + 1), colors.HexColor(colour)))
    table = Table(data, colWidths=[40, 240, 100, 70, 40], repeatRows=1, splitInRow=1, style=TableStyle(style))
    story = []
    if banner:
        banner_table = Table([[Paragraph("Improvement plan", body)]], colWidths=[490],
                             style=TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(banner))]))
        story += [banner_table, Spacer(1, 30)]
    story.append(table)
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story)
    return path


def shaded_docx(path: Path) -> Path:
    """Write a Word file: heading, paragraph, and a table with gridSpan, vMerge, shading and a header row."""
    document = Document()
    document.add_heading("Improvement plan", level=1)
    document.add_paragraph("Progress against the plan.")
    table = document.add_table(rows=4, cols=4)
    for col, text in enumerate(["Ref", "Outcome", "Action", "RAG"]):
        table.cell(0, col).text = text
    _mark_header(table.rows[0])
    banner = table.cell(1, 0).merge(table.cell(1, 3))
    banner.text = "Priority 1 - Governance"
    outcome = table.cell(2, 1).merge(table.cell(3, 1))
    outcome.text = "Leaders know the service"
    for row, (ref, action, colour) in enumerate([("1.1", "Review boards", "FFC000"), ("1.2", "Agree plan", "00B050")], start=2):
        table.cell(row, 0).text = ref
        table.cell(row, 2).text = action
        _shade(table.cell(row, 3), colour)
    document.add_paragraph("After the table.")
    document.save(str(path))
    return path


def _shade(cell, colour: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shd)


def _mark_header(row) -> None:
    header = OxmlElement("w:tblHeader")
    row._tr.get_or_add_trPr().append(header)
