"""Generate planwatch's sample papers from the invented content in `samples/content/`.

    python samples/make.py                       # rewrite the committed samples in samples/
    python samples/make.py --out DIR             # write them somewhere else
    python samples/make.py --dense DIR --pages 200 [--seed 0]
                                                 # table-dense PDFs for the benchmark

Every sample carries a real authority's name and invented content, and says so
on its first line. Output is deterministic: reportlab writes with `invariant=1`
(fixed dates and document ids) and the one TrueType font is shipped in
`samples/fonts/`, so the PDFs are byte-stable; Word files get fixed core
properties and fixed ZIP timestamps. `samples/README.md` lists the layout
features and faults each sample carries; `tests/golden/` holds the records a
reader of each sample must find, written by hand.
"""

from __future__ import annotations

import argparse
import copy
import html
import io
import random
import re
import sys
import tempfile
import tomllib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_word import WORD_SAMPLES, cover_lines, fixed_zip  # noqa: E402 (samples/ is not a package)
from office import OFFICE_SAMPLES, NoLibreOffice, to_pdf  # noqa: E402

CONTENT_DIR = HERE / "content"
FONT_PATH = HERE / "fonts" / "DejaVuSans.ttf"
SYMBOL_FONT = "DejaVuSans"
"""Font for text outside Latin-1 (Cyrillic look-alikes, arrows); Helvetica has no such glyphs."""
MARGIN = 36
GRID_WIDTH = 0.5
CELL_FONT_SIZE = 9
GRID_FONT_SIZE = 7.5
"""The monthly indicator grid is set smaller, as councils squeeze twelve columns onto a portrait page."""
CREATOR = "planwatch samples/make.py"
DOCX_DATE = datetime(2024, 3, 5, 9, 0, 0)
"""Core-property dates written into every Word sample, so the files do not change between runs."""

RUTLAND_PDF = "rutland-2024-03-12-improvement-plan.pdf"
RUTLAND_DOCX = "rutland-2024-03-12-improvement-plan.docx"
TORBAY_PROGRESS_PDF = "torbay-2025-01-20-progress-report.pdf"
HALTON_TEXT = "halton-2023-10-05-scrutiny-update.txt"
WIRRAL_HTML = "wirral-2024-06-action-tracker.html"
TORBAY_PERFORMANCE_PDF = "torbay-2025-02-performance-report.pdf"
STOCKPORT_PLAN_DOCX = "stockport-2024-06-11-improvement-plan.docx"
STOCKPORT_PROGRESS_PDFS = ("stockport-2024-10-15-progress-report.pdf", "stockport-2025-01-21-progress-report.pdf")
SWINDON_PLAN_DOCX = "swindon-2024-09-17-improvement-plan.docx"
DOCX_NAMES = (RUTLAND_DOCX, STOCKPORT_PLAN_DOCX, SWINDON_PLAN_DOCX, *WORD_SAMPLES)
STOCKPORT_HTML = "stockport-moderngov-improvement-plan-item.html"
RUTLAND_INSPECTION_PDF = "rutland-2024-01-10-inspection-report.pdf"
"""Made by LibreOffice from the Word source `office.OFFICE_SAMPLES` writes (`inspection_report.py`)."""


def load_content(name: str) -> dict:
    """RETURNS (dict): the invented content in `samples/content/<name>.toml`."""
    with (CONTENT_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


# -- PDF building blocks --------------------------------------------------------


def _register_fonts() -> None:
    if SYMBOL_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(SYMBOL_FONT, str(FONT_PATH)))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11.5, spaceAfter=4)
    return {
        "body": base,
        "banner": ParagraphStyle("banner", parent=base, fontName="Helvetica-Bold", textColor=colors.HexColor("#C00000")),
        "council": ParagraphStyle("council", parent=base, fontName="Helvetica-Bold", fontSize=13, leading=16),
        "title": ParagraphStyle("title", parent=base, fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=8),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=6, keepWithNext=1
        ),
        "subheading": ParagraphStyle(
            "subheading", parent=base, fontName="Helvetica-Bold", spaceBefore=8, spaceAfter=3, keepWithNext=1
        ),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=14, bulletIndent=2, bulletFontName=SYMBOL_FONT),
        "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=CELL_FONT_SIZE, leading=CELL_FONT_SIZE * 1.2),
        "cell_bold": ParagraphStyle("cell_bold", fontName="Helvetica-Bold", fontSize=CELL_FONT_SIZE, leading=CELL_FONT_SIZE * 1.2),
        "cell_centre": ParagraphStyle(
            "cell_centre", fontName="Helvetica-Bold", fontSize=CELL_FONT_SIZE, leading=CELL_FONT_SIZE * 1.2, alignment=TA_CENTER
        ),
        "grid_head": ParagraphStyle("grid_head", fontName="Helvetica-Bold", fontSize=GRID_FONT_SIZE, leading=GRID_FONT_SIZE * 1.2),
        "grid_cell": ParagraphStyle("grid_cell", fontName="Helvetica", fontSize=GRID_FONT_SIZE, leading=GRID_FONT_SIZE * 1.2),
        "grid_value": ParagraphStyle(
            "grid_value", fontName="Helvetica", fontSize=GRID_FONT_SIZE, leading=GRID_FONT_SIZE * 1.2, alignment=TA_CENTER
        ),
        "banner_cell": ParagraphStyle(
            "banner_cell", fontName="Helvetica-Bold", fontSize=9, leading=11, textColor=colors.white
        ),
    }


def _needs_symbol_font(text: str) -> bool:
    # Helvetica's bullet comes out of pdfplumber as '(cid:127)', so '•' goes to the TrueType font too.
    return any(ord(ch) > 0xFF and ch not in "–—‘’“”€" for ch in text)


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    """RETURNS (Paragraph): `text` escaped, set in the symbol font when Helvetica lacks its glyphs."""
    markup = escape(text)
    if _needs_symbol_font(text):
        markup = f'<font name="{SYMBOL_FONT}">{markup}</font>'
    return Paragraph(markup, style)


def _cell(text: str, style: ParagraphStyle) -> list[Paragraph] | str:
    # A list of flowables lets reportlab cut the cell when its row is cut by a page break.
    return [_para(text, style)] if text else ""


def _grid_style(*, header_fill: str | None = None, header_rows: int = 1) -> list[tuple]:
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), GRID_WIDTH, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_fill:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor(header_fill)))
    return commands


class RuledTable(Table):
    """A table whose every part, when a page break cuts it, is closed by a rule at the bottom.

    reportlab leaves the first part of a row cut by a page break open at the
    bottom; Word closes it, and so do the PDFs councils publish.
    """

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab's signature)
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            parts[0].setStyle(TableStyle([("LINEBELOW", (0, -1), (-1, -1), GRID_WIDTH, colors.black)]))
        return parts


class SampleDocTemplate(SimpleDocTemplate):
    """A document that draws its running footer after each page's content and counts its pages.

    The footer comes last in each page's content stream, so the first text a
    reader meets on page 1 is the sample notice, not the footer.
    """

    def __init__(self, *args, footer: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.footer = footer
        self.pages = 0

    def afterPage(self) -> None:  # noqa: N802 (reportlab's hook)
        canvas = self.canv
        number = canvas.getPageNumber()
        self.pages = max(self.pages, number)
        width, _ = self.pagesize
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(MARGIN, MARGIN / 2, self.footer)
        canvas.drawRightString(width - MARGIN, MARGIN / 2, f"Page {number}")
        canvas.restoreState()


def _build_pdf(path: Path, story: list, *, pagesize, title: str, author: str, subject: str, footer: str) -> int:
    """RETURNS (int): pages written to `path` (reportlab, invariant output)."""
    _register_fonts()
    doc = SampleDocTemplate(
        str(path), pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=title, author=author, subject=subject, creator=CREATOR, producer=CREATOR, invariant=1, footer=footer,
    )
    doc.build(story)
    return doc.pages


# -- 1. Rutland improvement plan (PDF) -----------------------------------------


def _plan_cover(content: dict, styles: dict) -> list:
    story = [
        _para(content["banner"], styles["banner"]),
        _para(content["council"], styles["council"]),
        _para(content["title"], styles["title"]),
    ]
    for item in content["cover"]:
        story.append(Paragraph(f"<b>{escape(item['label'])}:</b> {escape(item['value'])}", styles["body"]))
    story += [Spacer(1, 6), _para(content["intro"]["heading"], styles["heading"]), _para(content["intro"]["text"], styles["body"])]
    for priority in content["priorities"]:
        line = f"Priority {priority['number']}: {priority['title']} ({priority['inspection_ref']})"
        story.append(_para(line, styles["bullet"]))
    return story


def _banner_text(priority: dict) -> str:
    return f"Priority {priority['number']} – {priority['title']}"


def _plan_table(content: dict, styles: dict) -> Table:
    spec = content["table"]
    data: list[list] = [[_cell(text, styles["cell_bold"]) for text in spec["headers"]]]
    commands = _grid_style(header_fill=spec["header_fill"])
    n_cols = len(spec["headers"])
    for priority in content["priorities"]:
        r = len(data)
        data.append([_cell(_banner_text(priority), styles["banner_cell"])] + [""] * (n_cols - 1))
        commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), colors.HexColor(spec["banner_fill"]))]
        for row in (row for row in content["rows"] if row["priority"] == priority["number"]):
            r = len(data)
            texts = [row["ref"], row["outcome"], row["action"], row["lead"], row["due"], row["progress"]]
            data.append([_cell(text, styles["cell"]) for text in texts] + [""])
            if row["rag"]:
                commands.append(("BACKGROUND", (n_cols - 1, r), (n_cols - 1, r), colors.HexColor(row["rag"])))
    # splitByRow=0 with splitInRow=1: a row that meets the page end is cut there and its
    # text goes on under the repeated header on the next page, as Word does.
    return RuledTable(data, colWidths=spec["widths"], repeatRows=1, splitByRow=0, splitInRow=1, style=TableStyle(commands))


def _plan_key(content: dict, styles: dict) -> KeepTogether:
    key = content["key"]
    data = [[_cell(f"{row['label']} – {row['definition']}", styles["cell_bold"])] for row in key["rows"]]
    commands = _grid_style()
    for r, row in enumerate(key["rows"]):
        commands.append(("BACKGROUND", (0, r), (0, r), colors.HexColor(row["fill"])))
    table = Table(data, colWidths=[260], hAlign="LEFT", style=TableStyle(commands))
    return KeepTogether([Spacer(1, 10), _para(key["heading"], styles["heading"]), table])


def make_plan_pdf(content: dict, path: Path) -> int:
    """RETURNS (int): pages of the landscape improvement plan written to `path`."""
    styles = _styles()
    story = _plan_cover(content, styles)
    story += [PageBreak(), _para(content["table"]["heading"], styles["heading"])]
    story += [_plan_table(content, styles), _plan_key(content, styles)]
    author = next(item["value"] for item in content["cover"] if item["label"] == "Author")
    return _build_pdf(
        path, story, pagesize=landscape(A4), title=content["title"], author=author,
        subject=content["banner"], footer=content["footer"],
    )


# -- 2. Rutland improvement plan (DOCX) ----------------------------------------


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shd)


def _mark_header_row(row) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _set_cell_text(cell, text: str, *, bold: bool = False, size: float = CELL_FONT_SIZE, white: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if white:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _docx_plan_table(document, content: dict) -> None:
    spec = content["table"]
    n_cols = len(spec["headers"])
    table = document.add_table(rows=1, cols=n_cols)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, spec["headers"]):
        _set_cell_text(cell, text, bold=True)
        _shade(cell, spec["header_fill"])
    _mark_header_row(table.rows[0])
    for priority in content["priorities"]:
        banner = table.add_row()
        merged = banner.cells[0].merge(banner.cells[n_cols - 1])
        _set_cell_text(merged, _banner_text(priority), bold=True, size=9, white=True)
        _shade(merged, spec["banner_fill"])
        outcome_cell = None
        outcome_text = None
        for row in (row for row in content["rows"] if row["priority"] == priority["number"]):
            cells = table.add_row().cells
            for col, text in enumerate([row["ref"], None, row["action"], row["lead"], row["due"], row["progress"]]):
                if text is not None:
                    _set_cell_text(cells[col], text)
            if row["outcome"] == outcome_text:
                # Rows of one outcome share a single Desired Outcome cell (w:vMerge).
                outcome_cell = outcome_cell.merge(cells[1])
            else:
                outcome_cell, outcome_text = cells[1], row["outcome"]
                _set_cell_text(outcome_cell, row["outcome"])
            if row["rag"]:
                _shade(cells[n_cols - 1], row["rag"])
    widths = [Pt(width) for width in spec["widths"]]
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _docx_core_properties(document, *, title: str, author: str, subject: str) -> None:
    props = document.core_properties
    props.title = title
    props.author = author
    props.subject = subject
    props.comments = subject
    props.last_modified_by = author
    props.keywords = "sample; invented content; planwatch"
    props.category = "sample"
    props.revision = 1
    props.created = DOCX_DATE
    props.modified = DOCX_DATE
    props.last_printed = DOCX_DATE


def _save_docx(document, path: Path) -> None:
    """Save with fixed ZIP timestamps, so the same content gives the same bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    fixed_zip(buffer.getvalue(), path)


def make_plan_docx(content: dict, path: Path) -> None:
    """Write the improvement plan as a landscape Word document to `path`."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Pt(MARGIN))
    cover_lines(document, content)
    document.add_heading(content["intro"]["heading"], level=2)
    document.add_paragraph(content["intro"]["text"])
    for priority in content["priorities"]:
        line = f"Priority {priority['number']}: {priority['title']} ({priority['inspection_ref']})"
        document.add_paragraph(line, style="List Bullet")
    document.add_heading(content["table"]["heading"], level=2)
    _docx_plan_table(document, content)
    document.add_heading(content["key"]["heading"], level=3)
    key = document.add_table(rows=0, cols=1)
    key.style = "Table Grid"
    for row in content["key"]["rows"]:
        cell = key.add_row().cells[0]
        _set_cell_text(cell, f"{row['label']} – {row['definition']}", bold=True)
        _shade(cell, row["fill"])
    author = next(item["value"] for item in content["cover"] if item["label"] == "Author")
    _docx_core_properties(document, title=content["title"], author=author, subject=content["banner"])
    _save_docx(document, path)


# -- 3. Torbay progress report (PDF) -------------------------------------------


def _label_table(rows: list[tuple[str, str]], widths: list[float], styles: dict) -> Table:
    data = [[_cell(label, styles["cell_bold"]), _cell(value, styles["cell"])] for label, value in rows]
    return Table(data, colWidths=widths, hAlign="LEFT", style=TableStyle(_grid_style()))


def _progress_key(content: dict, styles: dict) -> Table:
    rows = [(row["label"], row["definition"]) for row in content["key"]]
    table = _label_table(rows, [90, 330], styles)
    for r, row in enumerate(content["key"]):
        table.setStyle(TableStyle([("BACKGROUND", (0, r), (0, r), colors.HexColor(row["fill"]))]))
    return table


def _progress_counts(content: dict, styles: dict) -> Table:
    spec = content["counts"]
    groups = spec["groups"]
    top = [""] + [_cell(spec["group_heading"], styles["cell_bold"])] + [""] * (len(groups) - 1)
    header = [_cell(spec["corner"], styles["cell_bold"])] + [_cell(group, styles["cell_centre"]) for group in groups]
    data = [top, header]
    for row in spec["rows"]:
        data.append([_cell(row["label"], styles["cell"])] + [_cell(str(value), styles["cell_centre"]) for value in row["values"]])
    commands = _grid_style(header_fill="#D9D9D9", header_rows=2) + [("SPAN", (1, 0), (len(groups) - 1, 0))]
    widths = [130] + [44] * len(groups)
    return Table(data, colWidths=widths, hAlign="LEFT", style=TableStyle(commands))


def _progress_action_table(content: dict, actions: list[dict], styles: dict) -> Table:
    spec = content["detail"]
    data = [[_cell(text, styles["cell_bold"]) for text in spec["headers"]]]
    commands = _grid_style(header_fill="#D9D9D9")
    for r, action in enumerate(actions, start=1):
        data.append([
            _cell(action["text"], styles["cell"]), _cell(action["lead"], styles["cell"]),
            _cell(action["due"], styles["cell"]), _cell(action["rag"], styles["cell_centre"]),
            _cell(action["update"], styles["cell"]),
        ])
        commands.append(("BACKGROUND", (3, r), (3, r), colors.HexColor(action["fill"])))
    return RuledTable(data, colWidths=spec["widths"], repeatRows=1, style=TableStyle(commands))


def make_progress_pdf(content: dict, path: Path) -> int:
    """RETURNS (int): pages of the portrait progress report written to `path`."""
    styles = _styles()
    story = [_para(content["banner"], styles["banner"]), _para(content["council"], styles["council"])]
    story += [_label_table([(item["label"], item["value"]) for item in content["header"]], [110, 413], styles), Spacer(1, 8)]
    story += [_para(content["intro"]["heading"], styles["heading"]), _para(content["intro"]["text"], styles["body"])]
    for priority in content["priorities"]:
        line = f"Priority {priority['number']}: {priority['title']} ({priority['inspection_ref']})"
        story.append(Paragraph(escape(line), styles["bullet"], bulletText="•"))
    summary = content["summary"]
    story += [_para(summary["heading"], styles["heading"]), _para(summary["key_intro"], styles["body"])]
    story += [_progress_key(content, styles), Spacer(1, 8), _para(summary["counts_intro"], styles["body"])]
    story += [_progress_counts(content, styles), Spacer(1, 8)]
    story += [_para(content["detail"]["heading"], styles["heading"]), _para(content["detail"]["text"], styles["body"])]
    for priority in content["priorities"]:
        actions = [action for action in content["actions"] if action["priority"] == priority["number"]]
        if not actions:
            continue
        heading = f"Priority {priority['number']}: {priority['title']} (Ref: {priority['inspection_ref']})"
        story += [_para(heading, styles["subheading"]), _progress_action_table(content, actions, styles)]
    author = next(item["value"] for item in content["header"] if item["label"] == "REPORT AUTHOR:")
    subject = next(item["value"] for item in content["header"] if item["label"] == "SUBJECT:")
    return _build_pdf(
        path, story, pagesize=A4, title=subject, author=author, subject=content["banner"], footer=content["footer"],
    )


# -- 4. Halton scrutiny update (text rendering) --------------------------------


def make_halton_text(content: dict, path: Path) -> None:
    """Write the scrutiny update as a text rendering in the style of the seeds to `path`."""
    lines = [content["banner"], "", f"# **{content['council']}**", "", f"## **{content['body']}**", "", ""]
    lines += [f"{item['label']}\t{item['value']}" for item in content["cover"]]
    lines += ["", f"### **{content['purpose']['heading']}**", "", content["purpose"]["text"], ""]
    for priority in content["priorities"]:
        lines.append(f"- Priority {priority['number']}: {priority['title']} ({priority['inspection_ref']})")
    plan = content["plan"]
    lines += ["", f"### **{plan['heading']}**", ""]
    lines.append("\t".join(f"<b>{header}</b>" for header in plan["headers"]))
    n_cols = len(plan["headers"])
    for row in plan["rows"]:
        if "banner" in row:
            lines.append("\t".join([row["banner"]] + [""] * (n_cols - 1)))
            continue
        lines.append("\t".join([row["ref"], row["action"], row["lead"], row["due"], row["rag"], row["update"]]))
        if "more_update" in row:
            if row.get("break_before_more"):
                lines.append("")  # the page break of the original
            lines.append("\t".join(["", row.get("more_action", ""), "", "", "", row["more_update"]]))
    indicators = content["indicators"]
    lines += ["", f"### **{indicators['heading']}**", ""]
    lines.append("\t".join(["", f"<b>{indicators['heading']}</b>"] + [f"<b>{m}</b>" for m in indicators["months"]] + ["<b>Target</b>"]))
    for row in indicators["rows"]:
        lines.append("\t".join([row["ref"], row["name"], *row["values"], row["target"]]))
    lines += ["", f"{content['key']['heading']}\t"]
    lines += [f"{row['label']}\t{row['definition']}" for row in content["key"]["rows"]]
    lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


# -- 5. Wirral action tracker (HTML) -------------------------------------------


def make_wirral_html(content: dict, path: Path) -> None:
    """Write the action tracker as an HTML page to `path`."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f"<head><meta charset=\"utf-8\"><title>{e(content['council'])} – {e(content['title'])}</title>",
        "<style>table{border-collapse:collapse}td,th{border:1px solid #555;padding:4px;vertical-align:top}"
        ".ws td{background-color:#D6EAF8;font-weight:bold}</style></head>",
        "<body>",
        f"<p><strong>{e(content['banner'])}</strong></p>",
        f"<h1>{e(content['council'])}</h1>",
        f"<h2>{e(content['title'])}</h2>",
        f"<p>{e(content['body'])} – {e(content['period'])}</p>",
        f"<p>Report owner: {e(content['owner'])}</p>",
        f"<p>{e(content['intro'])}</p>",
        "<h3>Work-streams</h3>",
        "<ul>",
    ]
    for ws in content["workstreams"]:
        parts.append(f"<li>Work-stream {e(ws['number'])} - {e(ws['title'])}</li>")
    parts += ["</ul>", "<table>", "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in content["headers"]) + "</tr></thead>", "<tbody>"]
    for ws in content["workstreams"]:
        parts.append(
            f'<tr class="ws"><td colspan="{len(content["headers"])}">Work-stream {e(ws["number"])} - {e(ws["title"])}</td></tr>'
        )
        for row in (row for row in content["rows"] if row["workstream"] == ws["number"]):
            colour = content["colours"][row["status"]]
            parts.append(
                "<tr>"
                f"<td>{e(row['ref'])}</td>"
                f'<td style="background-color: {colour}">{e(row["status"])}</td>'
                f"<td>{e(row['project'])}</td><td>{e(row['owner'])}</td>"
                f"<td>{e(row['deadline'])}</td><td>{e(row['progress'])}</td>"
                "</tr>"
            )
    parts += ["</tbody>", "</table>", "</body>", "</html>", ""]
    path.write_text("\n".join(parts), encoding="utf-8")


# -- 5b. Stockport ModernGov item page (HTML, as a browser saves it) --------------


def make_moderngov_html(content: dict, path: Path) -> None:
    """Write a saved ModernGov 'Issue - items at meetings' page to `path`: site furniture, then the item."""
    e = html.escape
    heading = f"Issue - items at meetings - {content['title']}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f"<head><meta charset=\"utf-8\"><title>{e(heading)} | {e(content['site'])}</title></head>",
        "<body>",
        f'<p class="sample"><strong>{e(content["banner"])}</strong></p>',
        '<div id="header"><ul class="nav">' + "".join(f"<li><a href=\"#\">{e(item)}</a></li>"
                                                      for item in content["navigation"]) + "</ul></div>",
        '<div class="breadcrumb"><p>' + " &gt; ".join(e(crumb) for crumb in content["breadcrumbs"]) + "</p></div>",
        '<div id="modgov">',
        f'<h1 class="mgMainTitleTxt">{e(heading)}</h1>',
        f'<p class="mgSubTitleTxt">Meeting: {e(content["meeting_date"])} - {e(content["committee"])} '
        f'(Item {e(content["item"])})</p>',
        f"<h2>{e(content['item'])} {e(content['title'])}</h2>",
        "<h3>Minutes:</h3>",
    ]
    parts += [f"<p>{e(paragraph)}</p>" for paragraph in content["minutes"]]
    parts += ["<h3>Supporting documents:</h3>", "<ul>"]
    parts += [f'<li><a href="#">{e(document)}</a></li>' for document in content["documents"]]
    parts += ["</ul>", "</div>", f'<div id="footer"><p>{e(content["footer"])}</p></div>', "</body>", "</html>", ""]
    path.write_text("\n".join(parts), encoding="utf-8")


# -- 6. Torbay performance report (PDF) ----------------------------------------

CARD_NAME_WIDTH = 400
CARD_NAME_SIZE = 10
CARD_FIGURE_SIZE = 9


class KpiCard(Flowable):
    """One KPI as a text block: bold name lines with the status at the right, then the figures."""

    def __init__(self, name: str, status: str, figures: str, fill: str | None) -> None:
        super().__init__()
        self.name, self.status, self.figures, self.fill = name, status, figures, fill
        self.lines: list[str] = []

    def wrap(self, avail_width, avail_height):
        self.lines = simpleSplit(self.name, "Helvetica-Bold", CARD_NAME_SIZE, CARD_NAME_WIDTH)
        self.width = avail_width
        self.height = (len(self.lines) + 1) * 13 + 14
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        y = self.height - 12
        canvas.setFont("Helvetica-Bold", CARD_NAME_SIZE)
        for line in self.lines:
            canvas.drawString(0, y, line)
            y -= 13
        if self.status:
            top = self.height - 12
            if self.fill:
                canvas.setFillColor(colors.HexColor(self.fill))
                canvas.rect(self.width - 62, top - 3, 62, 13, stroke=0, fill=1)
                canvas.setFillColor(colors.black)
            canvas.drawRightString(self.width - 6, top, self.status)
        canvas.setFont("Helvetica", CARD_FIGURE_SIZE)
        canvas.drawString(0, y, self.figures)
        canvas.setStrokeColor(colors.HexColor("#A6A6A6"))
        canvas.line(0, 2, self.width, 2)


def _performance_status_table(content: dict, styles: dict) -> list:
    spec = content["status_table"]
    h = spec["headers"]
    data = [
        [_cell(h[0], styles["cell_bold"]), _cell(h[1], styles["cell_bold"]), _cell(h[2], styles["cell_bold"]), ""],
        ["", "", _cell(h[4], styles["cell_bold"]), _cell(h[5], styles["cell_bold"])],
    ]
    commands = _grid_style(header_fill="#D9D9D9", header_rows=2) + [
        ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (3, 0)),
    ]
    for r, row in enumerate(spec["rows"], start=2):
        data.append([
            _cell(row["name"], styles["cell"]), _cell(row["dot"], styles["cell_centre"]),
            _cell(row["latest"], styles["cell_centre"]), _cell(row["previous"], styles["cell_centre"]),
        ])
        for col, status in ((2, row["latest"]), (3, row["previous"])):
            commands.append(("BACKGROUND", (col, r), (col, r), colors.HexColor(content["status_colours"][status])))
    table = Table(data, colWidths=spec["widths"], hAlign="LEFT", style=TableStyle(commands))
    return [_para(spec["heading"], styles["heading"]), table, Spacer(1, 3), _para(spec["key"], styles["body"])]


def _performance_quarter_grid(content: dict, styles: dict) -> list:
    spec = content["quarter_grid"]
    data = [[_cell(text, styles["cell_bold"]) for text in spec["headers"]]]
    for row in spec["rows"]:
        data.append([_cell(row["name"], styles["cell"])] + [_cell(value, styles["grid_value"]) for value in row["values"]])
    table = Table(data, colWidths=spec["widths"], hAlign="LEFT", style=TableStyle(_grid_style(header_fill="#D9D9D9")))
    return [_para(spec["heading"], styles["heading"]), table]


def _performance_grid(content: dict, styles: dict) -> list:
    spec = content["grid"]
    n_months = len(spec["months"])
    data: list[list] = []
    commands = _grid_style()
    for section in spec["sections"]:
        r = len(data)
        data.append([""] + [_cell(text, styles["grid_head"]) for text in [section["name"], *spec["months"], *spec["tail"]]])
        commands.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#D9D9D9")))
        for row in section["rows"]:
            r = len(data)
            ref = escape(row["ref"])
            if row.get("marker"):
                ref += f' <font color="{spec["new_colour"]}"><b>{escape(row["marker"])}</b></font>'
            values = row["values"]
            if len(values) == 1 and values[0].startswith("span:"):
                message = values[0].removeprefix("span:")
                month_cells = [_cell(message, styles["grid_value"])] + [""] * (n_months - 1)
                commands.append(("SPAN", (2, r), (1 + n_months, r)))
            else:
                month_cells = [_cell(value, styles["grid_value"]) for value in values]
            tail = [_cell(row["dot"], styles["grid_value"]), _cell(row["target"], styles["grid_cell"]), _cell(row["link"], styles["grid_cell"])]
            data.append([[Paragraph(ref, styles["grid_cell"])], _cell(row["name"], styles["grid_cell"])] + month_cells + tail)
    table = RuledTable(data, colWidths=spec["widths"], repeatRows=1, style=TableStyle(commands))
    return [_para(spec["heading"], styles["heading"]), table, Spacer(1, 3), _para(spec["key"], styles["body"])]


def make_performance_pdf(content: dict, path: Path) -> int:
    """RETURNS (int): pages of the portrait performance report written to `path`."""
    styles = _styles()
    story = [
        _para(content["banner"], styles["banner"]),
        _para(content["council"], styles["council"]),
        _para(content["title"], styles["title"]),
        _para(content["period"], styles["heading"]),
    ]
    for item in content["cover"]:
        story.append(Paragraph(f"<b>{escape(item['label'])}:</b> {escape(item['value'])}", styles["body"]))
    story += [_para(content["summary"], styles["body"]), _para(content["cards"]["heading"], styles["heading"])]
    for card in content["cards"]["rows"]:
        fill = content["status_colours"].get(card["status"])
        story += [KpiCard(card["name"], card["status"], card["figures"], fill), Spacer(1, 4)]
    story += _performance_status_table(content, styles)
    story += _performance_quarter_grid(content, styles)
    story += _performance_grid(content, styles)
    author = next(item["value"] for item in content["cover"] if item["label"] == "Report author")
    return _build_pdf(
        path, story, pagesize=A4, title=content["title"], author=author, subject=content["banner"], footer=content["footer"],
    )


# -- the committed samples -----------------------------------------------------

SAMPLES: dict[str, tuple[str, Callable[[dict, Path], object]]] = {
    RUTLAND_PDF: ("rutland_plan", make_plan_pdf),
    RUTLAND_DOCX: ("rutland_plan", make_plan_docx),
    TORBAY_PROGRESS_PDF: ("torbay_progress", make_progress_pdf),
    HALTON_TEXT: ("halton_update", make_halton_text),
    WIRRAL_HTML: ("wirral_tracker", make_wirral_html),
    TORBAY_PERFORMANCE_PDF: ("torbay_performance", make_performance_pdf),
    # One council's plan and two progress reports that restate its actions, and a second council's
    # plan with the same refs for other actions (the same action over time, #17).
    STOCKPORT_PLAN_DOCX: ("stockport_plan", make_plan_docx),
    STOCKPORT_PROGRESS_PDFS[0]: ("stockport_progress_1", make_progress_pdf),
    STOCKPORT_PROGRESS_PDFS[1]: ("stockport_progress_2", make_progress_pdf),
    SWINDON_PLAN_DOCX: ("swindon_plan", make_plan_docx),
    STOCKPORT_HTML: ("stockport_moderngov", make_moderngov_html),
}
"""File name -> (content file, writer) for every committed sample."""


def make_samples(out_dir: Path = HERE) -> list[Path]:
    """RETURNS (list[Path]): the sample papers, written to `out_dir`.

    The Word-made samples of `make_word.py` are written as .docx only; their
    PDFs are LibreOffice's, made by `make_office_samples`.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for filename, (content_name, writer) in SAMPLES.items():
        path = out_dir / filename
        writer(load_content(content_name), path)
        paths.append(path)
    return paths + _word_samples(out_dir)


def _word_samples(out_dir: Path) -> list[Path]:
    """RETURNS (list[Path]): the .docx files of `make_word.WORD_SAMPLES`, written to `out_dir`."""
    paths = []
    for filename, (content_name, writer) in WORD_SAMPLES.items():
        writer(load_content(content_name), out_dir / filename)
        paths.append(out_dir / filename)
    return paths


def make_office_samples(out_dir: Path = HERE, *, convert: bool = True) -> list[Path]:
    """RETURNS (list[Path]): the office samples (`office.py`, `make_word.py`), and with `convert` the PDFs
    LibreOffice makes of them and of the sheet."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    with tempfile.TemporaryDirectory() as scratch:
        for filename, (content_name, writer, kept) in OFFICE_SAMPLES.items():
            path = (out_dir if kept else Path(scratch)) / filename
            writer(load_content(content_name), path)
            paths.append(path)
            if convert:
                paths.append(to_pdf(path, out_dir))
    for path in _word_samples(out_dir):
        paths.append(path)
        if convert:
            paths.append(to_pdf(path, out_dir))
    return [path for path in paths if path.exists()]


# -- table-dense papers for the benchmark ----------------------------------------

DENSE_COUNCILS = ("Rutland County Council", "Torbay Council", "Halton Borough Council", "Wirral Council")
DENSE_LEADS = (
    "DCS", "Head of Safeguarding", "Principal Social Worker", "Head of Early Help & Prevention",
    "Service Manager – Front Door", "Head of Quality Assurance & Performance", "Fostering Service Manager",
    "Head of Children in Care & Care Leavers", "Director of Children's Services & Head of HR", "Virtual School Head",
)
DENSE_PLAN_FILLS = ("#FF0000", "#FFC000", "#FFFF00", "#92D050", "#00B050", "#0070C0", "#00B0F0", "")
DENSE_LETTERS = (("R", "#FF0000"), ("A", "#FFC000"), ("G", "#00B050"), ("C", "#0070C0"), ("С", "#0070C0"), ("А", "#FFC000"))
MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
DENSE_ROW_FACTOR = (1, 2, 3)
"""How many times a plan's rows are repeated (with new refs) to make longer papers."""


def _dense_due(rng: random.Random) -> str:
    month, year = rng.randrange(12), rng.choice((24, 25, 26))
    forms = (
        f"{MONTHS[month]} {year}",
        f"{MONTH_DAYS[month]:02d}/{month + 1:02d}/{year}",
        f"{MONTH_DAYS[month]} st {MONTHS[month]} 20{year}",
        "Immediately",
        "Ongoing",
        f"{MONTHS[month]} {year} Ongoing through the year",
    )
    return rng.choice(forms)


DENSE_SENTENCES = (1, 2, 2, 3, 3, 4, 6, 12)
"""Sentences of progress text per row; the long ones make rows that page breaks cut."""


def _dense_words(rng: random.Random, text: str) -> str:
    sentences = [s for s in re.split(r"(?<=\.) ", text) if s]
    rng.shuffle(sentences)
    return " ".join(sentences[: rng.choice(DENSE_SENTENCES)])


def _vary_plan(base: dict, rng: random.Random) -> dict:
    content = copy.deepcopy(base)
    content["council"] = rng.choice(DENSE_COUNCILS)
    content["footer"] = f"{content['council']} – {content['title']} (sample)"
    long_text = " ".join(row["progress"] for row in base["rows"])
    rows = []
    for priority in content["priorities"]:
        own = [row for row in base["rows"] if row["priority"] == priority["number"]]
        for n, row in enumerate(own * rng.choice(DENSE_ROW_FACTOR), start=1):
            rows.append(row | {
                "ref": f"{priority['number']}.{n}", "lead": rng.choice(DENSE_LEADS), "due": _dense_due(rng),
                "rag": rng.choice(DENSE_PLAN_FILLS), "progress": _dense_words(rng, long_text),
            })
    content["rows"] = rows
    return content


def _vary_progress(base: dict, rng: random.Random) -> dict:
    content = copy.deepcopy(base)
    content["council"] = rng.choice(DENSE_COUNCILS).upper()
    actions = []
    for priority in content["priorities"]:
        own = [a for a in base["actions"] if a["priority"] == priority["number"]]
        for n, action in enumerate(own * rng.choice(DENSE_ROW_FACTOR), start=1):
            letter, fill = rng.choice(DENSE_LETTERS)
            text = re.sub(r"^\d+\.\d+", f"{priority['number']}.{n}", action["text"])
            month = rng.randrange(12)
            due = f"{MONTH_DAYS[month]:02d}/{month + 1:02d}/{rng.choice((24, 25))}"
            actions.append(action | {"text": text, "lead": rng.choice(DENSE_LEADS), "due": due, "rag": letter, "fill": fill})
    content["actions"] = actions
    groups = content["counts"]["groups"][:-1]
    grid = [[rng.randint(0, 6) for _ in groups] for _ in range(4)] + [[0] * len(groups)]
    rows = content["counts"]["rows"]
    for row, values in zip(rows[:-1], grid):
        row["values"] = values + [sum(values)]
    rows[-1]["values"] = [sum(column) for column in zip(*(row["values"] for row in rows[:-1]))]
    return content


def _vary_number(rng: random.Random, text: str) -> str:
    match = re.fullmatch(r"([\d,]+(?:\.\d+)?)(%|r)?", text)
    if not match:
        return text
    number = float(match.group(1).replace(",", "")) * rng.uniform(0.85, 1.15)
    decimals = len(match.group(1).split(".")[1]) if "." in match.group(1) else 0
    formatted = f"{number:,.{decimals}f}" if "," in match.group(1) else f"{number:.{decimals}f}"
    return formatted + (match.group(2) or "")


def _vary_performance(base: dict, rng: random.Random) -> dict:
    content = copy.deepcopy(base)
    content["council"] = rng.choice(DENSE_COUNCILS)
    for row in content["quarter_grid"]["rows"]:
        row["values"] = [_vary_number(rng, value) for value in row["values"]]
    for section in content["grid"]["sections"]:
        for row in section["rows"]:
            row["values"] = [_vary_number(rng, value) for value in row["values"]]
    statuses = list(content["status_colours"])
    for row in content["status_table"]["rows"]:
        row["latest"], row["previous"] = rng.choice(statuses), rng.choice(statuses)
    for card in content["cards"]["rows"]:
        if card["status"]:
            card["status"] = rng.choice(statuses)
    return content


DENSE_KINDS: tuple[tuple[str, str, Callable[[dict, random.Random], dict], Callable[[dict, Path], int]], ...] = (
    ("improvement-plan", "rutland_plan", _vary_plan, make_plan_pdf),
    ("progress-report", "torbay_progress", _vary_progress, make_progress_pdf),
    ("performance-report", "torbay_performance", _vary_performance, make_performance_pdf),
)


def make_dense(out_dir: Path, *, pages: int = 200, seed: int = 0) -> list[tuple[Path, int]]:
    """RETURNS (list[tuple[Path, int]]): table-dense PDFs and their page counts, at least `pages` pages in all.

    The papers repeat the layouts of the three PDF samples with varied invented
    content (refs, leads, dates, colours, values); the same `seed` gives the same files.
    """
    if pages < 1:
        raise ValueError(f"--pages must be at least 1, not {pages}")
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    bases = {content_name: load_content(content_name) for _, content_name, _, _ in DENSE_KINDS}
    written: list[tuple[Path, int]] = []
    total = 0
    while total < pages:
        kind, content_name, vary, writer = DENSE_KINDS[len(written) % len(DENSE_KINDS)]
        content = vary(bases[content_name], rng)
        slug = content["council"].split()[0].lower()
        path = out_dir / f"dense-{len(written) + 1:04d}-{slug}-{kind}.pdf"
        count = writer(content, path)
        written.append((path, count))
        total += count
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate planwatch's sample papers (invented content).")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the samples (default: samples/)")
    parser.add_argument("--dense", type=Path, metavar="OUTDIR", help="write table-dense benchmark PDFs to OUTDIR instead")
    parser.add_argument("--pages", type=int, default=200, help="pages the dense PDFs must reach in all (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the dense PDFs' content (default 0)")
    args = parser.parse_args(argv)
    if args.dense is not None:
        if args.pages < 1:
            parser.error("--pages must be at least 1")
        written = make_dense(args.dense, pages=args.pages, seed=args.seed)
        total = sum(count for _, count in written)
        print(f"wrote {len(written)} PDFs, {total} pages, to {args.dense}")
        return 0
    for path in make_samples(args.out):
        print(path)
    try:
        office = make_office_samples(args.out)
    except NoLibreOffice as error:
        print(f"make.py: {error}", file=sys.stderr)
        return 1
    for path in office:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
