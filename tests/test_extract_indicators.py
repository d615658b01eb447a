"""The indicator layouts (grid, KPI table, KPI cards), one step at a time, on models built by hand."""

from __future__ import annotations

import pytest

from planwatch.ingest.models import Cell, Format, Origin, Page, RawDocument, Row, Table, TextBlock
from planwatch.ingest.stitch import stitch_tables

ORIGIN = Origin(filename="made.txt", path="made.txt", sha256="0" * 64, format=Format.TEXT, size=1)
MONTHS = ["Oct-22", "Nov-22", "Dec-22", "Jan-23", "Feb-23", "Mar-23"]
TAIL = ["Direction of travel", "Target", "MTFP Link"]


def table_of(rows: list[list[str]], *, seq: int = 1, page: int | None = None) -> Table:
    """A table as the text reader makes it: one cell per column, no spans."""
    n_cols = max(len(row) for row in rows)
    made = [Row(cells=[Cell(text=text, col=c) for c, text in enumerate(row + [""] * (n_cols - len(row)))], page=page)
            for row in rows]  # fmt: skip
    return Table(rows=made, n_cols=n_cols, seq=seq, page=page, pages=[page] if page else [], method="text")


def document_of(*tables: Table, blocks: list[TextBlock] | None = None) -> RawDocument:
    return RawDocument(origin=ORIGIN, pages=[Page(number=None, tables=list(tables), blocks=blocks or [])])


def header(section: str, months: list[str] = MONTHS) -> list[str]:
    return ["", section, *months, *TAIL]


# -- stitching: a section's header row after a page break ------------------------------------


def test_section_header_after_a_page_break_is_kept_not_joined_as_a_cut_row():
    first = table_of([header("Robust practice"),
                      ["1", "Number of visits", "1", "2", "3", "4", "5", "6", "•", "Monitor", ""],
                      ["2", "Number of plans", "1", "2", "3", "4", "5", "6", "•", "Monitor", ""]], seq=1)  # fmt: skip
    second = table_of([header("Audit", ["Aug-22", "Sep-22", *MONTHS[:4]]),
                       ["3", "Number of audits", "7", "8", "9", "10", "11", "12", "-", "30", ""]], seq=2)  # fmt: skip
    [stitched] = stitch_tables([first, second], [])
    texts = [[cell.text for cell in row.cells] for row in stitched.rows]
    assert texts[2][2] == "1", "the Aug-22 header was joined into the row above as if it were its cut half"
    assert texts[3][2] == "Aug-22"
