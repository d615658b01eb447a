"""Sample papers made the way councils make them: Word documents, converted to PDF by LibreOffice.

Each writer builds a .docx with python-docx from `content/<name>.toml`, using
what Word files carry outside their text: cells merged down a column
(`w:vMerge`), automatic numbering (`w:numPr` and `numbering.xml`), theme-colour
shading (`w:themeFill` with tints and shades), one small ruled table per
action. `make.py` then prints each with LibreOffice headless (`office.to_pdf`:
`soffice --headless --convert-to pdf`), as a council's office suite would.

The .docx files are deterministic (fixed core properties and ZIP times); the
PDFs are LibreOffice's and differ in their IDs each run, so they are
committed and only remade by `make samples`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

DOCX_DATE = datetime(2024, 11, 1, 9, 0, 0)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
MARGIN = 36
CELL_FONT_SIZE = 9
OFFICE_THEME = {
    "text2": "1F497D", "accent1": "4F81BD", "accent2": "C0504D", "accent3": "9BBB59",
    "accent4": "8064A2", "accent5": "4BACC6", "accent6": "F79646",
}  # fmt: skip
"""The theme colours of python-docx's template (Office 2007), to write each shading's resolved `w:fill` too."""

NUMBERING_ID = 90
"""`w:abstractNumId` / `w:numId` of the samples' own multilevel list (clear of the template's)."""


# -- Word parts ---------------------------------------------------------------------


def set_cell_text(cell, text: str, *, bold: bool = False, size: float = CELL_FONT_SIZE, white: bool = False):
    """RETURNS (Paragraph): the cell's first paragraph, holding `text`."""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if white:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    return paragraph


def shade(cell, fill: str) -> None:
    """Shade a cell with a plain colour ('#BFBFBF')."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shd)


def theme_shade(cell, fill: str, *, tint: str | None = None, shade_value: str | None = None) -> None:
    """Shade a cell with a theme colour as Word writes it: `w:themeFill` (+ tint or shade) and the resolved `w:fill`."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), resolved(fill, tint=tint, shade_value=shade_value))
    shd.set(qn("w:themeFill"), fill)
    if tint:
        shd.set(qn("w:themeFillTint"), tint)
    if shade_value:
        shd.set(qn("w:themeFillShade"), shade_value)
    cell._tc.get_or_add_tcPr().append(shd)


def resolved(fill: str, *, tint: str | None = None, shade_value: str | None = None) -> str:
    """RETURNS (str): the 'RRGGBB' Word shows for a theme colour with a tint or shade (hex 00-FF)."""
    channels = [int(OFFICE_THEME[fill][i : i + 2], 16) for i in (0, 2, 4)]
    if shade_value:
        channels = [round(c * int(shade_value, 16) / 255) for c in channels]
    if tint:
        channels = [round(255 - (255 - c) * int(tint, 16) / 255) for c in channels]
    return "".join(f"{c:02X}" for c in channels)


def add_numbering(document, levels: list[tuple[str, str]]) -> str:
    """RETURNS (str): the numId of a new multilevel list; `levels` are (lvlText, numFmt) from level 0."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(NUMBERING_ID))
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "multilevel")
    abstract.append(multi)
    for level, (text, fmt) in enumerate(levels):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text), ("w:lvlJc", "left")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        suffix = OxmlElement("w:suff")
        suffix.set(qn("w:val"), "space")
        lvl.append(suffix)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(NUMBERING_ID))
    link = OxmlElement("w:abstractNumId")
    link.set(qn("w:val"), str(NUMBERING_ID))
    num.append(link)
    numbering.append(num)
    return str(NUMBERING_ID)


def number_paragraph(paragraph, num_id: str, level: int) -> None:
    """Give a paragraph Word's automatic number at `level` of list `num_id` (the number is no text)."""
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), num_id)
    numpr.append(ilvl)
    numpr.append(num)
    ppr.append(numpr)


def mark_header_row(row) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def set_widths(table, widths: list[float]) -> None:
    """Column widths in points, in the table grid (which LibreOffice follows) and on every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Pt(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Pt(width)


def new_document(*, landscape: bool) -> Document:
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Pt(MARGIN))
    return document


def cover_lines(document, content: dict) -> None:
    """The banner, council, title and labelled cover lines every Word sample opens with."""
    document.add_paragraph().add_run(content["banner"]).bold = True
    document.add_paragraph().add_run(content["council"]).bold = True
    document.add_heading(content["title"], level=1)
    for item in content["cover"]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{item['label']}:").bold = True
        paragraph.add_run(f" {item['value']}")


def cover(document, content: dict) -> None:
    """The cover lines and the introduction under them."""
    cover_lines(document, content)
    document.add_paragraph(content["intro"])


def save_docx(document, path: Path, *, title: str, author: str, subject: str) -> None:
    """Save with fixed core properties and ZIP timestamps, so the same content gives the same bytes."""
    props = document.core_properties
    props.title, props.author, props.subject, props.comments = title, author, subject, subject
    props.last_modified_by, props.keywords, props.category = author, "sample; invented content; planwatch", "sample"
    props.revision = 1
    props.created = props.modified = props.last_printed = DOCX_DATE
    buffer = io.BytesIO()
    document.save(buffer)
    fixed_zip(buffer.getvalue(), path)


MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
"""The last-modified time in docProps/core.xml: openpyxl stamps the time of saving there, whatever was set."""


def fixed_zip(data: bytes, path: Path, *, modified: datetime | None = None) -> None:
    """Write an Office file's ZIP with fixed timestamps, so the same content gives the same bytes.

    modified: the last-modified time to write in its core properties, for
        writers (openpyxl) that put the time of saving there.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            part = source.read(info.filename)
            if modified is not None and info.filename == "docProps/core.xml":
                stamp = modified.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                part = MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", part)
            target.writestr(fixed, part)


def _author(content: dict) -> str:
    return next(item["value"] for item in content["cover"] if item["label"] == "Author").split(",")[0]


# -- a. Medway plan: merged priority column, Word numbering, theme colours ---------------


def make_medway_plan_docx(content: dict, path: Path) -> None:
    """Write the Medway plan: priorities merged down the first column, numbered refs, theme-shaded RAG cells."""
    document = new_document(landscape=True)
    cover(document, content)
    num_id = add_numbering(document, [("Priority %1:", "decimal"), ("%1.%2", "decimal")])
    table = document.add_table(rows=1, cols=len(content["headers"]))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, content["headers"]):
        set_cell_text(cell, text, bold=True, white=True)
        theme_shade(cell, content["header_theme"]["fill"])
    mark_header_row(table.rows[0])
    for priority in content["priorities"]:
        rows = [row for row in content["rows"] if row["priority"] == priority["number"]]
        first = None
        for row in rows:
            cells = table.add_row().cells
            if first is None:
                first = cells[0]
                number_paragraph(set_cell_text(first, priority["title"], bold=True), num_id, 0)
                theme_shade(first, content["priority_theme"]["fill"], tint=content["priority_theme"].get("tint"))
            else:
                first = first.merge(cells[0])
            number_paragraph(cells[1].paragraphs[0], num_id, 1)
            for cell, text in zip(cells[2:5], (row["action"], row["lead"], row["due"])):
                set_cell_text(cell, text)
            status = content["statuses"][row["rag"]]
            theme_shade(cells[5], status["fill"], tint=status.get("tint"), shade_value=status.get("shade"))
    set_widths(table, content["widths"])
    save_docx(document, path, title=content["title"], author=_author(content), subject=content["banner"])


# -- b. Sefton progress report: word status scale by its key, transposed count grid -------


def make_sefton_progress_docx(content: dict, path: Path) -> None:
    """Write the Sefton progress report: a status key in words, a count grid with statuses across, the actions."""
    document = new_document(landscape=True)
    cover(document, content)
    document.add_heading(content["key"]["heading"], level=2)
    key = document.add_table(rows=0, cols=2)
    key.style = "Table Grid"
    for row in content["key"]["rows"]:
        cells = key.add_row().cells
        set_cell_text(cells[0], row["label"], bold=True)
        shade(cells[0], row["fill"])
        set_cell_text(cells[1], row["definition"])
    set_widths(key, [110, 360])
    document.add_heading(content["counts"]["heading"], level=2)
    _count_grid(document, content["counts"])
    document.add_heading(content["actions_heading"], level=2)
    table = document.add_table(rows=1, cols=len(content["headers"]))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, content["headers"]):
        set_cell_text(cell, text, bold=True)
        shade(cell, "#D9D9D9")
    mark_header_row(table.rows[0])
    for priority in content["priorities"]:
        banner = table.add_row()
        merged = banner.cells[0].merge(banner.cells[-1])
        set_cell_text(merged, f"Priority {priority['number']}: {priority['title']}", bold=True)
        for row in (row for row in content["rows"] if row["priority"] == priority["number"]):
            cells = table.add_row().cells
            for cell, text in zip(cells, (row["ref"], row["action"], row["lead"], row["due"], row["status"], row["update"])):
                set_cell_text(cell, text)
    set_widths(table, content["widths"])
    save_docx(document, path, title=content["title"], author=_author(content), subject=content["banner"])


def _count_grid(document, counts: dict) -> None:
    """Statuses across, priorities down (the transpose of the usual grid), with totals."""
    grid = document.add_table(rows=1, cols=len(counts["statuses"]) + 2)
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, [counts["corner"], *counts["statuses"], "Total"]):
        set_cell_text(cell, text, bold=True)
    for group in counts["groups"]:
        cells = grid.add_row().cells
        numbers = group["counts"]
        for cell, text in zip(cells, [group["label"], *map(str, numbers), str(sum(numbers))]):
            set_cell_text(cell, text)
    totals = [sum(group["counts"][i] for group in counts["groups"]) for i in range(len(counts["statuses"]))]
    for cell, text in zip(grid.add_row().cells, ["Total", *map(str, totals), str(sum(totals))]):
        set_cell_text(cell, text, bold=True)
    set_widths(grid, [200] + [60] * (len(counts["statuses"]) + 1))


# -- c. Walsall tracker: one small ruled table per action, field names down the left -------


def make_walsall_tracker_docx(content: dict, path: Path) -> None:
    """Write the Walsall tracker: a heading per priority, then one two-column form per action."""
    document = new_document(landscape=False)
    cover(document, content)
    for priority in content["priorities"]:
        document.add_heading(f"Priority {priority['number']} – {priority['title']}", level=2)
        for row in (row for row in content["rows"] if row["priority"] == priority["number"]):
            form = document.add_table(rows=0, cols=2)
            form.style = "Table Grid"
            for label, key in content["fields"]:
                cells = form.add_row().cells
                set_cell_text(cells[0], label, bold=True)
                shade(cells[0], "#DEEAF6")
                set_cell_text(cells[1], row[key])
                if key == "status":
                    shade(cells[1], content["colours"][row[key]])
            set_widths(form, [90, 420])
            document.add_paragraph()
    save_docx(document, path, title=content["title"], author=_author(content), subject=content["banner"])


WORD_SAMPLES: dict[str, tuple[str, Callable[[dict, Path], None]]] = {
    "medway-2024-11-19-improvement-plan.docx": ("medway_plan", make_medway_plan_docx),
    "sefton-2025-03-04-progress-report.docx": ("sefton_progress", make_sefton_progress_docx),
    "walsall-2025-01-action-tracker.docx": ("walsall_tracker", make_walsall_tracker_docx),
}
"""Word samples: file name -> (content file, writer); each is also printed to PDF under the same stem."""
