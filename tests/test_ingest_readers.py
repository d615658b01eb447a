"""Readers: real PDF, Word, HTML and text files into the intermediate model."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import shaded_docx, table_pdf
from planwatch.extract.common import grid
from planwatch.ingest import EmptyFile, UnsupportedFormat, ingest
from planwatch.extract import action_table
from planwatch.ingest.detect import sniff_format
from planwatch.ingest.models import Format, RawDocument
from planwatch.ingest.text import text_to_page

ROWS = [[f"1.{i}", f"Action number {i}", "Head of Service", "31/03/24", ""] for i in range(1, 40)]


@pytest.fixture(scope="module")
def three_page_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "plan.pdf"
    fills = {(0, 4): "#FF0000", (1, 4): "#FFC000", (2, 4): "#00B050", (3, 4): "#0070C0"}
    return table_pdf(path, ROWS, fills=fills, banner="#1F3864", cut_row=17)


def test_table_over_pages_is_one_table(three_page_pdf):
    raw = ingest(three_page_pdf)
    assert len(raw.pages) >= 3, f"[{three_page_pdf.name}] expected the table to run over 3+ pages"
    tables = [table for table in raw.tables if table.n_cols == 5]
    assert len(tables) == 1, f"[{three_page_pdf.name}] {len(tables)} tables, wanted one logical table"
    table = tables[0]
    assert table.pages == list(range(1, len(raw.pages) + 1))
    refs = [grid(table)[r][0].text for r in range(len(table.rows)) if grid(table)[r][0] is not None]
    assert refs.count("Ref") == 1, f"[{three_page_pdf.name}] repeated header rows were kept: {refs.count('Ref')}"
    assert refs[1:] == [row[0] for row in ROWS], f"[{three_page_pdf.name}] rows lost or split: {refs[1:]}"


def test_row_cut_by_page_break_is_joined(three_page_pdf):
    table = next(table for table in ingest(three_page_pdf).tables if table.n_cols == 5)
    cut = next(row for row in table.rows if row.cells[0].text == "1.18")
    action = cut.cells[1].text.split()
    assert action[0] == "word0" and action[-1] == "word259", "the cut row's two halves were not joined"
    assert len(action) == 260


def test_fill_colours_behind_cells(three_page_pdf):
    table = next(table for table in ingest(three_page_pdf).tables if table.n_cols == 5)
    fills = {row.cells[0].text: row.cells[4].fill for row in table.rows[1:5]}
    assert fills == {"1.1": "#ff0000", "1.2": "#ffc000", "1.3": "#00b050", "1.4": "#0070c0"}
    assert table.rows[5].cells[4].fill is None
    assert all(cell.fill is None for cell in table.rows[1].cells[:4]), "the banner's colour leaked into cells"


def test_header_row_marked(three_page_pdf):
    table = next(table for table in ingest(three_page_pdf).tables if table.n_cols == 5)
    assert table.rows[0].header and not table.rows[1].header


def test_docx_merged_cells_and_shading(tmp_path):
    raw = ingest(shaded_docx(tmp_path / "plan.docx"))
    assert raw.origin.format is Format.DOCX
    (table,) = raw.tables
    assert table.n_cols == 4
    assert table.rows[0].header and not table.rows[2].header
    banner = table.rows[1].cells
    assert len(banner) == 1 and banner[0].col_span == 4 and banner[0].text.startswith("Priority 1")
    outcome = table.rows[2].cells[1]
    assert outcome.row_span == 2 and outcome.text == "Leaders know the service"
    assert [cell.col for cell in table.rows[3].cells] == [0, 2, 3], "the merged-down cell appeared twice"
    assert [table.rows[r].cells[-1].fill for r in (2, 3)] == ["#ffc000", "#00b050"]
    assert grid(table)[3][1] is outcome


def test_docx_blocks_in_order_with_tables(tmp_path):
    raw = ingest(shaded_docx(tmp_path / "plan.docx"))
    heading, first, last = raw.blocks
    assert heading.heading == 1 and heading.text == "Improvement plan"
    assert first.seq < raw.tables[0].seq < last.seq


def test_text_rendering_tabs_and_tags(tmp_path):
    path = tmp_path / "update.txt"
    path.write_text(
        "# **Progress update**\n\n"
        "<b>Ref</b>\t<b>Indicator</b>\t<b>Oct-22</b>\n"
        "23 <mark>NEW</mark>\tChildren seen\t41.3%\n"
        "\n"
        "24\tVisits on the 14<sup>th</sup>\t12\n"
        "\n"
        "A paragraph between tables.\n"
        "Red\tTask is overdue\n",
        encoding="utf-8",
    )
    raw = ingest(path)
    assert raw.origin.format is Format.TEXT
    first, key = raw.tables
    assert first.rows[0].header
    assert [row.cells[0].text for row in first.rows] == ["Ref", "23 NEW", "24"], "page-break blank line split the table"
    assert first.rows[2].cells[1].text == "Visits on the 14th"
    assert key.rows[0].cells[0].text == "Red"
    assert [block.text for block in raw.blocks] == ["Progress update", "A paragraph between tables."]
    assert raw.blocks[0].heading == 1


def test_html_table_spans_and_colours(tmp_path):
    path = tmp_path / "tracker.pdf"  # mislabelled on purpose: bytes decide
    path.write_text(
        "<!DOCTYPE html><html><body><h1>Tracker</h1><table>"
        "<tr><th>No.</th><th>Project</th><th>Status</th></tr>"
        "<tr><td colspan=3 style='background:#ddd'>Work-stream 1</td></tr>"
        "<tr><td>1</td><td>Recruit</td><td style='background-color: #FFC000'>Amber</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    raw = ingest(path)
    assert raw.origin.format is Format.HTML
    (table,) = raw.tables
    assert table.rows[0].header
    assert table.rows[1].cells[0].col_span == 3
    assert table.rows[2].cells[2].fill == "#ffc000"
    assert raw.blocks[0].text == "Tracker" and raw.blocks[0].heading == 1


@pytest.mark.parametrize("content, expected", [
    (b"%PDF-1.7\n", Format.PDF),
    (b"<!DOCTYPE html><html>", Format.HTML),
    (b"Plain words\tand tabs\n", Format.TEXT),
    ("Caf\u00e9 \u2013 text".encode("utf-8"), Format.TEXT),
])
def test_format_from_bytes(tmp_path, content, expected):
    path = tmp_path / "paper.docx"  # the name says Word; the bytes decide
    path.write_bytes(content)
    assert sniff_format(path) is expected


def test_empty_and_binary_files_are_refused_with_a_reason(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile, match=r"empty\.pdf: the file is empty"):
        sniff_format(empty)
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(UnsupportedFormat, match=r"junk\.pdf: named \.pdf but not a PDF"):
        sniff_format(junk)


# A page break (the blank line) before a banner whose first cell is empty and
# whose words the converter cut across the cells, as in the Plymouth 2023 plan.
BANNER_AFTER_A_PAGE_BREAK = """Ref\tAction\tLead\tTimescale\tRAG
1.1\tReview the front door\tHead of MASH\tMay 24\tG
1.2\tTrain the duty team\tPrincipal SW\tJune 24\tA

\tPr\tiority 2 – Sa\tfer families\t
2.1\tRelaunch family help\tHead of Early Help\tSept 24\tG
"""


def test_a_banner_cut_across_cells_after_a_page_break_is_not_joined_to_the_row_above():
    page = text_to_page(BANNER_AFTER_A_PAGE_BREAK)
    (table,) = page.tables
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    assert texts[2] == ["1.2", "Train the duty team", "Principal SW", "June 24", "A"], "the banner was glued on"
    assert texts[3][1:4] == ["Pr", "iority 2 – Sa", "fer families"]
    assert texts[1][0] == "1.1" and texts[4][0] == "2.1"


def test_the_rows_under_a_banner_cut_across_cells_take_its_priority(tmp_path):
    raw = RawDocument.model_validate({
        "origin": {"filename": "plan.txt", "path": "plan.txt", "sha256": "0" * 64, "format": "text", "size": 1},
        "pages": [text_to_page(BANNER_AFTER_A_PAGE_BREAK).model_dump()],
    })
    actions = action_table.extract(raw).actions
    assert [(action.ref, action.priority, action.lead) for action in actions] == [
        ("1.1", None, "Head of MASH"), ("1.2", None, "Principal SW"), ("2.1", "2", "Head of Early Help"),
    ]
