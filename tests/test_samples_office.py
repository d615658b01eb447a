"""The samples made the way councils make them (Word and a spreadsheet, converted to PDF by
LibreOffice): their sources are what `samples/make.py` writes, and the committed PDFs are
LibreOffice's, of that content. LibreOffice itself is never needed here."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from test_samples_generator import INVENTED, SAMPLES_DIR, golden_path, make

OFFICE = make.OFFICE_SAMPLES
BRADFORD = SAMPLES_DIR / "bradford-2024-11-14-performance-dashboard.docx"
NORFOLK_PDF = SAMPLES_DIR / "norfolk-2025-01-09-performance-scorecard.pdf"


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("office")
    for filename, (content_name, writer, _) in OFFICE.items():
        writer(make.load_content(content_name), out / filename)
    return out


def test_word_sample_is_what_the_generator_writes(sources: Path) -> None:
    with zipfile.ZipFile(sources / BRADFORD.name) as fresh, zipfile.ZipFile(BRADFORD) as committed:
        assert fresh.namelist() == committed.namelist()
        for part in committed.namelist():
            assert fresh.read(part) == committed.read(part), f"[{BRADFORD.name}] part {part} differs"


def test_the_sheet_is_written_the_same_twice(sources: Path, tmp_path: Path) -> None:
    name = "norfolk-2025-01-09-performance-scorecard.xlsx"
    content_name, writer, _ = OFFICE[name]
    writer(make.load_content(content_name), tmp_path / name)
    assert (tmp_path / name).read_bytes() == (sources / name).read_bytes()
    sheet = load_workbook(io.BytesIO((sources / name).read_bytes())).active
    fills = {cell.fill.start_color.rgb[-6:] for row in sheet.iter_rows() for cell in row
             if cell.value is None and cell.fill.fill_type == "solid"}  # fmt: skip
    assert {"00B050", "FFC000", "FF0000"} <= fills, "the statuses are the fills of empty cells"


def test_cards_are_small_tables_two_across_in_a_borderless_layout_table() -> None:
    body = Document(str(BRADFORD)).element.body
    layouts = [tbl for tbl in body.iterchildren(qn("w:tbl"))]
    assert len(layouts) == 2, "one layout table per section"
    nested = [tbl for layout in layouts for tbl in layout.iter(qn("w:tbl")) if tbl is not layout]
    assert len(nested) == 7, "seven cards, each a nested table"
    borders = layouts[0].find(qn("w:tblPr") + "/" + qn("w:tblBorders"))
    assert all(side.get(qn("w:val")) == "nil" for side in borders)


@pytest.mark.parametrize("name", ["bradford-2024-11-14-performance-dashboard.pdf", NORFOLK_PDF.name])
def test_office_pdfs_are_libreoffices_and_say_first_that_they_are_invented(name: str) -> None:
    pdf = pdfium.PdfDocument(SAMPLES_DIR / name)
    try:
        first = pdf[0].get_textpage().get_text_range().strip().splitlines()[0]
        producer = pdf.get_metadata_dict().get("Producer", "")
    finally:
        pdf.close()
    assert first.startswith(INVENTED)
    assert "LibreOffice" in producer, f"[{name}] made by {producer!r}"
    assert golden_path(name).exists()
