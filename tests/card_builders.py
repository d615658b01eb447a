"""One set of KPI cards and one scorecard, rendered as councils print them: PDF (reportlab: small
ruled cards side by side, forms, cards without rules), Word (cards nested in a layout table),
HTML (nested tables, `bgcolor` and `background-color` on empty cells) and text."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

COLOURS = {"Red": "#FF0000", "Amber": "#FFC000", "Green": "#00B050"}
CARDS = [
    {"name": "Number of foster households", "status": "Red", "word": True,
     "labels": ["Latest", "Target", "Floor", "Previous"], "figures": ["112", "130", "115", "117 (Amber)"]},
    {"name": "Percentage of assessments completed within 45 working days", "status": "Amber", "word": False,
     "labels": ["This quarter", "Goal", "Minimum", "Last quarter"], "figures": ["81.5%", "90%", "80%", "78.9% (Red)"]},
    {"name": "Average days between entering care and adoption", "status": "Green", "word": True,
     "labels": ["Target", "Current", "Last period", "Tolerance"], "figures": ["426 days", "398 days", "441 days (Amber)", "500 days"]},
]  # fmt: skip
"""Three cards: statuses as a word on its colour or the colour alone, labels in three wordings and orders."""
EXPECTED = [
    ("Number of foster households", "red", "amber", "112", "130", "115", "117"),
    ("Percentage of assessments completed within 45 working days", "amber", "red", "81.5%", "90%", "80%", "78.9%"),
    ("Average days between entering care and adoption", "green", "amber", "398 days", "426 days", "500 days", "441 days"),
]
"""(name, rag, rag_previous, latest, target, floor, previous) of each card, as read."""

SCORECARD_HEADER = ["Indicator", "Polarity", "Q1 2024/25", "Q2 2024/25", "Q3 2024/25", "Target", "England", "Status"]
SCORECARD = [
    ("Early Help", None),
    ("Number of families supported by early help", ["High is good", "1,412", "*", "1,530", "1,500", "-", "Green"]),
    ("Percentage of assessments within 45 days", ["High is good", "84.0%", "n/a", "83.2%", "90%", "87.4%", "Red"]),
    ("Children in Care", None),
    ("Rate of children in care per 10,000 children", ["Low is good", "68.2", "69.0", "70.4", "70.0", "70.0", "Amber"]),
]
"""Rows of a scorecard: a section row (None) or an indicator's cells; the status is printed only as a fill."""
SCORECARD_EXPECTED = [
    ("Number of families supported by early help", "Early Help", "green", [1412.0, None, 1530.0]),
    ("Percentage of assessments within 45 days", "Early Help", "red", [84.0, None, 83.2]),
    ("Rate of children in care per 10,000 children", "Children in Care", "amber", [68.2, 69.0, 70.4]),
]

_STYLES = getSampleStyleSheet()


def _p(text: str, bold: bool = False) -> Paragraph:
    return Paragraph(f"<b>{text}</b>" if bold else text, _STYLES["BodyText"])


def _card_table(card: dict, *, ruled: bool, form: bool) -> Table:
    status_text = card["status"].upper() if card["word"] else ""
    if form:
        rows = [[_p("Indicator", True), _p(card["name"])], [_p("Status", True), _p(status_text)]]
        rows += [[_p(label, True), _p(figure)] for label, figure in zip(card["labels"], card["figures"])]
        style = [("BACKGROUND", (1, 1), (1, 1), colors.HexColor(COLOURS[card["status"]]))]
        widths = [80, 160]
    else:
        rows = [[_p(card["name"], True), "", "", _p(status_text, True)],
                [_p(label, True) for label in card["labels"]], [_p(figure) for figure in card["figures"]]]
        style = [("SPAN", (0, 0), (2, 0)), ("BACKGROUND", (3, 0), (3, 0), colors.HexColor(COLOURS[card["status"]]))]
        widths = [60, 60, 60, 60] if ruled else [100, 100, 100, 110]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    return Table(rows, colWidths=widths, style=TableStyle(style))


def cards_pdf(path: Path, *, across: int = 2, ruled: bool = True, form: bool = False) -> Path:
    """The cards as small tables, `across` to a row inside a borderless layout table."""
    story: list = [_p("Performance dashboard, Quarter 3 2024/25", True), _p("Children's social care", True)]
    tables = [_card_table(card, ruled=ruled, form=form) for card in CARDS]
    for start in range(0, len(tables), across):
        row = tables[start:start + across] + [""] * (across - len(tables[start:start + across]))
        story += [Table([row], colWidths=[(250 if ruled else 430)] * across), Spacer(1, 16)]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story)
    return path


def _shade(cell, colour: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shd)


def cards_docx(path: Path) -> Path:
    """The cards as Word tables nested two across in a layout table."""
    document = Document()
    document.add_paragraph("Performance dashboard, Quarter 3 2024/25")
    document.add_heading("Children's social care", level=2)
    layout = document.add_table(rows=2, cols=2)
    for index, card in enumerate(CARDS):
        outer = layout.cell(index // 2, index % 2)
        table = outer.add_table(rows=3, cols=4)
        table.style = "Table Grid"
        name = table.cell(0, 0).merge(table.cell(0, 2))
        name.paragraphs[0].add_run(card["name"]).bold = True
        _shade(table.cell(0, 3), COLOURS[card["status"]])
        if card["word"]:
            table.cell(0, 3).paragraphs[0].add_run(card["status"].upper())
        for col, (label, figure) in enumerate(zip(card["labels"], card["figures"])):
            table.cell(1, col).paragraphs[0].add_run(label)
            table.cell(2, col).paragraphs[0].add_run(figure)
        outer.add_paragraph()
    document.save(str(path))
    return path


def cards_html() -> str:
    """The cards as HTML tables nested in a layout table; colours as `bgcolor` and `background-color`."""
    cells = []
    for n, card in enumerate(CARDS):
        colour = COLOURS[card["status"]]
        fill = f'bgcolor="{colour}"' if n % 2 else f'style="background-color: {colour}"'
        status = card["status"].upper() if card["word"] else ""
        labels = "".join(f"<th>{label}</th>" for label in card["labels"])
        figures = "".join(f"<td>{figure}</td>" for figure in card["figures"])
        cells.append(f'<td><table border="1"><tr><th colspan="3">{card["name"]}</th><td {fill}>{status}</td></tr>'
                     f"<tr>{labels}</tr><tr>{figures}</tr></table></td>")  # fmt: skip
    rows = "".join(f"<tr>{''.join(cells[i:i + 2])}</tr>" for i in range(0, len(cells), 2))
    return ("<html><body><p>Performance dashboard, Quarter 3 2024/25</p><h2>Children's social care</h2>"
            f"<table>{rows}</table></body></html>")  # fmt: skip


def cards_text() -> str:
    """The cards as a text rendering: each a form of tab-separated lines, a blank line between."""
    parts = ["Performance dashboard, Quarter 3 2024/25", "## Children's social care"]
    for card in CARDS:
        lines = [f"Indicator\t{card['name']}", f"Status\t{card['status'].upper() if card['word'] else ''}"]
        lines += [f"{label}\t{figure}" for label, figure in zip(card["labels"], card["figures"])]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def scorecard_pdf(path: Path) -> Path:
    """The scorecard as one ruled table; each status only the fill of its last cell."""
    rows = [[_p(text, True) for text in SCORECARD_HEADER]]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
    for name, cells in SCORECARD:
        if cells is None:
            rows.append([_p(name, True)] + [""] * (len(SCORECARD_HEADER) - 1))
            continue
        rows.append([_p(name)] + [_p(text) for text in cells[:-1]] + [""])
        style.append(("BACKGROUND", (len(SCORECARD_HEADER) - 1, len(rows) - 1), (-1, len(rows) - 1),
                      colors.HexColor(COLOURS[cells[-1]])))  # fmt: skip
    story = [_p("Performance scorecard, Quarter 3 2024/25", True), Table(rows, colWidths=[200] + [70] * 7, style=TableStyle(style))]
    SimpleDocTemplate(str(path), pagesize=landscape(A4), invariant=1).build(story)
    return path


def scorecard_html() -> str:
    """The scorecard as an HTML table; each status only the `bgcolor` or `background-color` of an empty cell."""
    head = "".join(f"<th>{text}</th>" for text in SCORECARD_HEADER)
    body = []
    for n, (name, cells) in enumerate(SCORECARD):
        if cells is None:
            body.append(f'<tr><td colspan="{len(SCORECARD_HEADER)}"><b>{name}</b></td></tr>')
            continue
        colour = COLOURS[cells[-1]]
        fill = f'bgcolor="{colour}"' if n % 2 else f'style="background-color:{colour}"'
        body.append(f"<tr><td>{name}</td>" + "".join(f"<td>{text}</td>" for text in cells[:-1]) + f"<td {fill}></td></tr>")
    return f"<html><body><h2>Performance scorecard</h2><table><tr>{head}</tr>{''.join(body)}</table></body></html>"


LEGEND = [("Better", "#00A651"), ("Similar", "#F7A81B"), ("Worse", "#E31B23")]
MARKED = [
    ("12.3%", "of children in need had a repeat referral", "#00A651"),
    ("48.2 per 10,000", "children subject to a child protection plan", "#E31B23"),
    ("67%", "of care leavers in suitable accommodation", "#F7A81B"),
    ("3.1%", "of pupils persistently absent", "#7F7F7F"),
]
"""(figure, words, colour): the last colour is not in the legend."""


def marked_list_pdf(path: Path) -> Path:
    """A list whose statuses are only coloured squares beside each line, keyed by squares beside their labels."""
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    _, height = A4
    drawing.setFont("Helvetica-Bold", 12)
    drawing.drawString(50, height - 60, "Outcomes compared with England")
    drawing.setFont("Helvetica", 10)
    for n, (label, colour) in enumerate(LEGEND):
        x = 50 + n * 110
        drawing.setFillColor(colors.HexColor(colour))
        drawing.rect(x, height - 95, 10, 10, stroke=0, fill=1)
        drawing.setFillColor(colors.black)
        drawing.drawString(x + 14, height - 94, label)
    for n, (figure, words, colour) in enumerate(MARKED):
        y = height - 140 - n * 28
        drawing.setFillColor(colors.HexColor(colour))
        drawing.rect(50, y - 1, 10, 10, stroke=0, fill=1)
        drawing.setFillColor(colors.black)
        drawing.drawString(66, y, f"{figure} {words}")
    drawing.showPage()
    drawing.save()
    return path
