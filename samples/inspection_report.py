"""The Rutland inspection report sample: a Word document made like Ofsted's, converted to PDF by LibreOffice.

Ofsted's reports on councils' children's services are Word documents saved as
PDF: a title, the inspection dates and lead inspector, the 'Judgement | Grade'
table on the first page, a summary, the 'What needs to improve?' list, then
numbered paragraphs under each judgement's heading. `make_inspection_pdf`
writes that structure from `content/rutland_inspection.toml` with python-docx
and converts it with LibreOffice headless (`soffice`), which `make samples`
installs when it is missing; the tests read the committed PDF and never need it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.shared import Pt

FONT = "Arial"
BODY_SIZE = 11
TITLE_SIZE = 20
CONVERT_TIMEOUT_SECONDS = 180
"""How long LibreOffice may take to convert the document."""
SOFFICE_NAMES = ("soffice", "libreoffice")
BULLET = "▪"
"""The list's mark. Ofsted prints '◼', which LibreOffice sets in a fallback font whose boxes
pdfium and pdfminer place two points apart; '▪' is in the body font, as '◼' is in Ofsted's."""


def soffice() -> str:
    """RETURNS (str): the LibreOffice command; raises RuntimeError saying how to install it when missing."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(
        "LibreOffice is needed to make the inspection report sample and is not installed; "
        "run `make samples` (it installs libreoffice-writer) or "
        "`apt-get update && apt-get install -y libreoffice-writer`"
    )


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


def inspection_docx(content: dict, path: Path, *, core_properties) -> Path:
    """RETURNS (Path): the report as a Word document at `path` (core properties set by the caller's helper)."""
    document = Document()
    _run(document.add_paragraph(), content["banner"], bold=True)
    for line in content["title"]:
        _run(document.add_paragraph(), line, size=TITLE_SIZE)
    _run(document.add_paragraph(), content["dates"])
    _run(document.add_paragraph(), content["lead"])
    _judgement_table(document, content)
    for text in content["summary"]["paragraphs"]:
        _run(document.add_paragraph(), text)
    _run(document.add_paragraph(), content["improve"]["heading"], size=14, bold=True)
    for item in content["improve"]["items"]:
        _run(document.add_paragraph(), f"{BULLET} {item}")
    number = 0
    for section in content["sections"]:
        _run(document.add_paragraph(), section["heading"], size=14, bold=True)
        for text in section["paragraphs"]:
            number += 1
            _run(document.add_paragraph(), f"{number}. {text}")
    footer = document.sections[0].footer.paragraphs[0]
    _run(footer, content["footer"]["text"], size=8)
    core_properties(document, title=" ".join(content["title"]), author="planwatch samples",
                    subject="SAMPLE – invented content")
    document.save(path)
    return path


def make_inspection_pdf(content: dict, path: Path, *, core_properties) -> int:
    """RETURNS (int): the page count of the report, written as a PDF to `path` by LibreOffice."""
    import pypdfium2 as pdfium

    command = soffice()
    with tempfile.TemporaryDirectory() as work:
        source = inspection_docx(content, Path(work) / f"{path.stem}.docx", core_properties=core_properties)
        subprocess.run(
            [command, "--headless", "--norestore", f"-env:UserInstallation=file://{work}/profile",
             "--convert-to", "pdf", "--outdir", work, str(source)],
            check=True, capture_output=True, timeout=CONVERT_TIMEOUT_SECONDS,
        )
        shutil.copyfile(Path(work) / f"{path.stem}.pdf", path)
    return len(pdfium.PdfDocument(str(path)))
