"""Tables printed without rules: columns from the gutters, wrapped cells whole, banners across, prose left alone.

Every test reads a real PDF written by reportlab (`builders.unruled_plan_pdf`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from builders import prose_and_grid_pdf, prose_lines, unruled_plan_pdf, unruled_plan_rows
from planwatch.cli import cli
from planwatch.ingest.pdf import PdfSettings, debug_page, find_page_tables
from planwatch.ingest.unruled import GutterSettings, find_unruled_tables
from planwatch.pipeline import process

WRAPPED_ROWS = [
    ["Priority 1 – Strong leadership"],
    ["1.1", ["Review the front door and the", "referral pathway with", "partners"], "Head of Service", "July 24",
     "Green", ["On track, first", "review done"]],
    ["1.2", "Train the duty team", ["Principal Social", "Worker"], "Sept 24", "Amber", "Slipped"],
    ["Priority 2 – Safer families"],
    ["2.1", ["Relaunch the family help offer", "across the county"], "Head of Early Help", "Dec 24", "Red",
     "Not started"],
    ["2.2", ["Audit case files each month and", "share the findings with the", "practice leads"], "Director",
     "March 25", "Green", "Done"],
]
PROSE = prose_lines(4)


def tables(path: Path, page: int = 1) -> list[tuple[str, list[list[str | None]]]]:
    return [(method, texts) for method, _, texts in debug_page(path, page)["tables"]]


def fields(action) -> tuple:
    return action.ref, action.lead, action.due_date, action.rag


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("unruled")


@pytest.fixture(scope="module")
def plain(folder) -> Path:
    return unruled_plan_pdf(folder / "plain.pdf", unruled_plan_rows())


@pytest.fixture(scope="module")
def wrapped(folder) -> Path:
    return unruled_plan_pdf(folder / "wrapped.pdf", WRAPPED_ROWS, before=PROSE[:2], after=PROSE[2:])


def test_text_strategy_misses_the_plain_plan(plain):
    """The case this reader exists for: pdfplumber's text strategy (gutters=None) splits 'Head of Service'."""
    with pdfplumber.open(plain) as pdf:
        assert find_page_tables(pdf.pages[0], PdfSettings(gutters=None)) == []


def test_plain_plan_is_one_table_with_a_row_per_line(plain):
    [(method, rows)] = tables(plain)
    assert method == "unruled"
    assert rows[0] == ["Ref", "Action", "Lead", "Timescale", "RAG", "Progress"]
    assert rows[1] == ["1.1", "Action number 1 text", "Head of Service", "July 24", "Green", "On track"]
    assert len(rows) == 7


def test_plain_plan_gives_six_actions(plain):
    actions = process(plain).actions
    assert [fields(action) for action in actions] == [
        (f"1.{i}", "Head of Service", "2024-07-31", rag)
        for i, rag in zip(range(1, 7), ["green", "amber", "red"] * 2)
    ]
    assert {action.action for action in actions} == {f"Action number {i} text" for i in range(1, 7)}


def test_wrapped_cells_are_whole_and_banners_are_rows_of_their_own(wrapped):
    [(method, rows)] = tables(wrapped)
    assert method == "unruled"
    assert len(rows) == 7, rows
    assert rows[1] == ["Priority 1 – Strong leadership", None, None, None, None, None]
    assert rows[2] == ["1.1", "Review the front door and the\nreferral pathway with\npartners", "Head of Service",
                       "July 24", "Green", "On track, first\nreview done"]
    assert rows[3][2] == "Principal Social\nWorker"
    assert rows[4][0] == "Priority 2 – Safer families"


def test_wrapped_plan_gives_whole_actions_under_their_priorities(wrapped):
    actions = process(wrapped).actions
    assert [(action.ref, action.priority) for action in actions] == [("1.1", "1"), ("1.2", "1"), ("2.1", "2"), ("2.2", "2")]
    assert actions[0].action == "Review the front door and the referral pathway with partners"
    assert actions[0].progress == "On track, first review done"
    assert actions[1].lead == "Principal Social Worker"
    assert actions[3].action == "Audit case files each month and share the findings with the practice leads"
    assert [action.due_date for action in actions] == ["2024-07-31", "2024-09-30", "2024-12-31", "2025-03-31"]


def test_prose_around_the_table_stays_text(wrapped):
    lines = debug_page(wrapped, 1)["lines"]
    assert all(line in lines for line in PROSE)
    assert "Improvement plan" in lines


def test_rows_printed_without_space_between_them(folder):
    """No gap marks the rows: refs, cells starting and full lines do."""
    tight = unruled_plan_pdf(folder / "tight.pdf", WRAPPED_ROWS, row_gap=12)
    [(_, rows)] = tables(tight)
    assert [row[0] for row in rows] == ["Ref", "Priority 1 – Strong leadership", "1.1", "1.2",
                                        "Priority 2 – Safer families", "2.1", "2.2"]
    unnumbered = [["", *row[1:]] for row in unruled_plan_rows()]
    [(_, rows)] = tables(unruled_plan_pdf(folder / "unnumbered.pdf", unnumbered, row_gap=12))
    assert len(rows) == 7 and rows[6][1] == "Action number 6 text"


def test_a_page_of_prose_gives_no_table(folder):
    path = folder / "prose.pdf"
    unruled_plan_pdf(path, [], title="Summary", after=prose_lines(30))
    with pdfplumber.open(path) as pdf:
        assert find_unruled_tables(pdf.pages[0]) == []
    assert tables(path) == []


def test_prose_and_grid_keeps_its_grid(folder):
    path = prose_and_grid_pdf(folder / "grid.pdf")
    [(method, rows)] = tables(path)
    assert method == "unruled"
    assert rows[0] == ["Indicator", "Oct-24", "Nov-24", "Dec-24", "Target"]
    assert rows[1] == ["Measure 0", "40%", "41%", "39%", "45%"]
    assert len(rows) == 13


def test_ruled_tables_keep_priority(folder):
    from builders import table_pdf

    path = table_pdf(folder / "ruled.pdf", [["1.1", "Recruit", "Head of Service", "July 24", "Green"]] * 3)
    assert {method for method, _ in tables(path)} == {"ruled"}


def test_gutter_settings_from_a_dict():
    settings = PdfSettings(gutters={"min_cols": 4})
    assert settings.gutters == GutterSettings(min_cols=4)
    with pytest.raises(ValueError):
        GutterSettings(min_rows=1)


def test_ingest_stores_the_unruled_plans_actions(folder, tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    unruled_plan_pdf(papers / "plan.pdf", unruled_plan_rows())
    db = tmp_path / "plans.db"
    result = CliRunner().invoke(cli, ["ingest", str(papers), "--db", str(db), "--workers", "0"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    stored = sqlite3.connect(db).execute("select ref, lead, due_date, rag from actions order by ref").fetchall()
    assert stored == [(f"1.{i}", "Head of Service", "2024-07-31", rag)
                      for i, rag in zip(range(1, 7), ["green", "amber", "red"] * 2)]
