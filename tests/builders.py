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
              banner: str | None = None, cut_row: int | None = None, repeat_header: bool = True,
              after: list[str] | None = None, widths: list[float] | None = None) -> Path:
    """Write a portrait PDF with one ruled table that repeats its header on every page.

    fills: (row, col) -> hex colour for data cells (row 0 is the first data row).
    banner: a coloured bar drawn above the table, outside it.
    cut_row: index of a data row given enough text to be split by a page break.
    repeat_header: False prints the header on the first page only.
    after: paragraphs printed after the table.
    widths: the columns' widths in points (a ref column of 40 points wraps '100.100').
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
    table = Table(data, colWidths=widths or [40, 240, 100, 70, 40], repeatRows=1 if repeat_header else 0, splitInRow=1,
                  style=TableStyle(style))
    story = []
    if banner:
        banner_table = Table([[Paragraph("Improvement plan", body)]], colWidths=[490],
                             style=TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(banner))]))
        story += [banner_table, Spacer(1, 30)]
    story.append(table)
    story += [Paragraph(text, body) for text in after or []]
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


def prose_and_grid_pdf(path: Path) -> Path:
    """Write a PDF with paragraphs of prose and a table drawn without rules (for the text strategy)."""
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    story = [Paragraph("Performance summary", styles["Heading1"])]
    story += [Paragraph(long_text(80, f"para{n}-"), body) for n in range(2)]
    data = [["Indicator", "Oct-24", "Nov-24", "Dec-24", "Target"]]
    data += [[f"Measure {i}", f"{40 + i}%", f"{41 + i}%", f"{39 + i}%", "45%"] for i in range(12)]
    story.append(Table(data, colWidths=[150, 70, 70, 70, 70], style=TableStyle([("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")])))
    story += [Paragraph(long_text(60, f"tail{n}-"), body) for n in range(2)]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story)
    return path


UNRULED_HEADER = ["Ref", "Action", "Lead", "Timescale", "RAG", "Progress"]
UNRULED_COLUMNS = [40, 90, 330, 530, 610, 680]
"""x of each column's left edge on a landscape A4 page (842 x 595 points)."""


def unruled_plan_pdf(path: Path, rows: list[list[str | list[str]]], *, title: str = "Improvement plan",
                     before: list[str] | None = None, after: list[str] | None = None,
                     row_gap: float = 24, leading: float = 12) -> Path:
    """Write a landscape PDF with a plan table printed without rules or boxes, as many councils' papers are.

    rows: each a list of cells (a cell's text, or its lines when the cell wraps), or a one-item
    list for a banner line printed across the table ('Priority 2 – Safer families'); no rows,
    no header either (a page of prose).
    row_gap: points from the last line of a row to the first of the next; leading: between a cell's lines.
    before / after: lines of prose printed above the title / below the table.
    """
    from reportlab.lib.pagesizes import landscape
    from reportlab.pdfgen import canvas

    width, height = landscape(A4)
    pdf = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    y = height - 50
    for line in before or []:
        pdf.setFont("Helvetica", 10)
        pdf.drawString(40, y, line)
        y -= leading
    if before:
        y -= leading
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(40, y, title)
    y -= 30
    pdf.setFont("Helvetica-Bold", 10)
    for x, text in zip(UNRULED_COLUMNS, UNRULED_HEADER if rows else []):
        pdf.drawString(x, y, text)
    y -= row_gap if rows else 0
    for row in rows:
        if len(row) == 1:
            pdf.setFont("Helvetica-Bold", 10)
            pdf.drawString(UNRULED_COLUMNS[0], y, str(row[0]))
            y -= row_gap
            continue
        pdf.setFont("Helvetica", 10)
        lines = 1
        for x, cell in zip(UNRULED_COLUMNS, row):
            cell_lines = cell if isinstance(cell, list) else [cell]
            for n, text in enumerate(cell_lines):
                pdf.drawString(x, y - n * leading, text)
            lines = max(lines, len(cell_lines))
        y -= (lines - 1) * leading + row_gap
    pdf.setFont("Helvetica", 10)
    y -= leading
    for line in after or []:
        pdf.drawString(40, y, line)
        y -= leading
    pdf.showPage()
    pdf.save()
    return path


def unruled_plan_rows(count: int = 6) -> list[list[str]]:
    """The plain example: one line per row."""
    rags = ["Green", "Amber", "Red"]
    return [[f"1.{i}", f"Action number {i} text", "Head of Service", "July 24", rags[(i - 1) % 3], "On track"]
            for i in range(1, count + 1)]


PROSE_WORDS = ("The service has made steady progress since the inspection and the board has agreed "
               "a revised plan with partners across the county who now meet every month to review it").split()


def prose_lines(count: int, width: int = 16) -> list[str]:
    """Lines of running prose with words of natural, uneven lengths in no repeating order (they never line up)."""
    return [" ".join(PROSE_WORDS[(n * 7 + i * 5 + i * i) % len(PROSE_WORDS)] for i in range(width)) for n in range(count)]


def layout_pdfs(folder: Path) -> list[Path]:
    """A ruled plan over pages (coloured RAG cells, a banner, a cut row) and a page of prose with an unruled grid."""
    rows = [[f"2.{i}", f"Review case {i}", "Head of Service", "30/06/25", "Amber"] for i in range(1, 30)]
    fills = {(0, 4): "#FFC000", (3, 4): "#00B050"}
    return [
        table_pdf(folder / "ruled.pdf", rows, fills=fills, banner="#1F3864", cut_row=5),
        prose_and_grid_pdf(folder / "unruled.pdf"),
    ]


def shared_forms_pdf(path: Path, rows: list[list[str]], *, forms: int = 12) -> Path:
    """Write a one-page 16:9 PDF, as presentation software exports it: a ruled table of `rows` under
    Ref, Action, Lead and RAG, and `forms` form XObjects that all share the page's resource dictionary, which lists
    them all again (so a walk that does not remember what it saw goes round it `forms ** depth` times).
    """
    xs, top, height = [40, 110, 560, 700, 900], 480, 28
    lines = []
    for r in range(len(rows) + 2):  # the rules: rows and columns
        lines.append(f"{xs[0]} {top - r * height} m {xs[-1]} {top - r * height} l S")
    for x in xs:
        lines.append(f"{x} {top} m {x} {top - (len(rows) + 1) * height} l S")
    for r, texts in enumerate([["Ref", "Action", "Lead", "RAG"], *rows]):
        for x, text in zip(xs, texts):
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            lines.append(f"BT /F1 10 Tf {x + 4} {top - r * height - 18} Td ({escaped}) Tj ET")
    lines.append("/X0 Do")
    content = "\n".join(lines).encode("latin-1")
    form_numbers = range(7, 7 + forms)
    xobjects = " ".join(f"/X{i} {number} 0 R" for i, number in enumerate(form_numbers))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 960 540] /Resources 4 0 R /Contents 5 0 R >>",
        4: f"<< /Font << /F1 6 0 R >> /XObject << {xobjects} >> >>".encode(),
        5: _stream(b"", content),
        6: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for number in form_numbers:
        objects[number] = _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 960 540] /Resources 4 0 R", b"q Q")
    path.write_bytes(_pdf_file(objects))
    return path


def _stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _pdf_file(objects: dict[int, bytes]) -> bytes:
    """The bytes of a PDF holding `objects` (number -> body), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)
