"""unread_structure: signs of actions or indicators on a page that no record used.

Hand-built tables check each sign and each thing that is no sign (a budget, a
membership list, a colour bar); the samples and seeds must give none; real
Kent pages known to be flagged and known not to be are cut out of their PDFs
(one page each, so the check stays cheap) and skip when ../shared is absent.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from conftest import KENT, SAMPLES, SEEDS, need
from planwatch.cli import cli
from planwatch.extract import extract
from planwatch.extract.models import ActionRecord, Extraction, Source
from planwatch.extract.unread import CODE, unread_problems
from planwatch.ingest import ingest
from planwatch.ingest.models import Cell, Format, Origin, Page, RawDocument, Row, Table
from planwatch.repair import repair_raw

ORIGIN = Origin(filename="paper.pdf", path="paper.pdf", sha256="0" * 64, format=Format.PDF, size=1)


def table(rows: list[list[str]], *, fills: dict[tuple[int, int], str] | None = None, page: int = 2,
          seq: int = 7) -> Table:
    fills = fills or {}
    return Table(
        rows=[Row(cells=[Cell(text=text, col=c, fill=fills.get((r, c)), header=r == 0) for c, text in enumerate(row)],
                  page=page) for r, row in enumerate(rows)],
        n_cols=max(len(row) for row in rows), seq=seq, page=page, pages=[page], method="ruled",
    )


def paper(*tables: Table, text: str = "") -> RawDocument:
    return RawDocument(origin=ORIGIN, pages=[Page(number=1, text="Cover"), Page(number=2, text=text, tables=list(tables))])


def warnings(raw: RawDocument, extraction: Extraction | None = None) -> list:
    return unread_problems(raw, extraction or Extraction(origin=ORIGIN))


STATUS_TABLE = [
    ["Workstream", "Owner", "RAG"],
    ["Recruitment campaign", "HR", "Amber"],
    ["Caseload review", "Head of Service", "Green"],
    ["Audit programme", "QA Lead", "Red"],
]


def test_a_status_column_nothing_read_is_flagged_once_for_its_page():
    found = warnings(paper(table(STATUS_TABLE), table(STATUS_TABLE, seq=8)))
    assert [(p.code, p.page) for p in found] == [(CODE, 2)]
    assert "RAG column" in found[0].raw and "3 status cells" in found[0].raw
    assert "paper.pdf: page 2" in found[0].message


def test_a_table_a_record_was_read_from_is_not_flagged():
    read = Extraction(origin=ORIGIN, actions=[ActionRecord(ref="1", source=Source(page=2, table=7, row=1))])
    assert warnings(paper(table(STATUS_TABLE)), read) == []


def test_an_action_table_header_is_a_sign():
    rows = [["Ref", "Action", "Lead", "Timescale"], ["1.1", "Recruit", "DCS", "July 24"]]
    [found] = warnings(paper(table(rows)))
    assert "action-table header (ref, action, lead, timescale)" in found.raw


def test_period_columns_of_numbers_are_a_sign_but_not_in_a_budget():
    grid = [["Measure", "Q1 2024/25", "Q2 2024/25", "Q3 2024/25"], ["Visits in time", "81", "84", "88"],
            ["Plans reviewed", "70", "72", "75"]]
    [found] = warnings(paper(table(grid)))
    assert "3 period columns of numbers" in found.raw
    budget = [["Directorate", "2025-26 £000s", "2026-27 £000s", "2027-28 £000s"], ["Children", "1,200", "1,250", "1,300"],
              ["Adults", "900", "950", "990"]]
    assert warnings(paper(table(budget))) == []


def test_tables_of_no_status_are_not_flagged():
    members = [["Member", "Party", "Division"], ["A Smith", "C", "Ashford"], ["B Jones", "L", "Dover"],
               ["C Brown", "G", "Deal"], ["D White", "LD", "Thanet"]]
    form = [["a)", "Are there negative impacts?", "N/A"], ["b)", "Details", "N/A"], ["c)", "Mitigation", "N/A"],
            ["d)", "Owner", "N/A"]]
    assert warnings(paper(table(members), table(form, seq=8))) == []


def test_status_colours_count_when_they_show_two_statuses_and_never_a_bar():
    rows = [["Priority", "Owner", ""], ["Front door", "HoS", ""], ["Audits", "QA", ""], ["Training", "PSW", ""]]
    traffic = {(1, 2): "#ff0000", (2, 2): "#ffc000", (3, 2): "#00b050"}
    [found] = warnings(paper(table(rows, fills=traffic)))
    assert "3 status-coloured cells" in found.raw
    bar = {(1, 2): "#1f5f6b", (2, 2): "#1f5f6b", (3, 2): "#1f5f6b"}
    assert warnings(paper(table(rows, fills=bar))) == []


def test_latest_and_target_figures_in_running_text_are_a_sign():
    [found] = warnings(paper(text="Children seen within 10 days\nLatest: 75.2% Target: 85%"))
    assert "'latest'/'target' labels" in found.raw
    assert warnings(paper(text="The target of 85% was set in 2023 and the latest figure is better.")) == []


@pytest.mark.parametrize("path", sorted(p for p in SAMPLES.iterdir() if p.suffix in (".pdf", ".docx", ".html", ".txt")),
                         ids=lambda p: p.name)
def test_the_samples_leave_nothing_unread(path: Path):
    extraction = extract(repair_raw(ingest(path)))
    assert [p.raw for p in extraction.problems if p.code == CODE] == []


def test_the_seeds_leave_nothing_unread():
    for path in sorted(need(SEEDS).glob("*.txt")):
        extraction = extract(repair_raw(ingest(path)))
        assert [p.raw for p in extraction.problems if p.code == CODE] == [], path.name


def one_page(source: Path, number: int, out: Path) -> Path:
    """RETURNS (Path): page `number` of a PDF saved alone (real layout, a fraction of the cost)."""
    pdf = pdfium.PdfDocument(source)
    alone = pdfium.PdfDocument.new()
    alone.import_pages(pdf, [number - 1])
    alone.save(out)
    return out


KENT_PAGES = [
    # (paper, page, flagged?, what the warning must say)
    ("24-00108 - Finance Monitoring Report - Q3 - November 2024-25.pdf", 27, True, "period columns of numbers"),
    ("Appendix G - Key Service Statement.pdf", 1, False, None),  # a budget with directorate colour swatches
    ("24-00108 - Appendix - NOV 2024-25.pdf", 1, False, None),  # a budget with a coloured bar down a column
    ("Appendix B - Capital Investment by Directorate.pdf", 9, False, None),  # capital years in £000s
    ("Appendix 8 - Commissioned Family Hub Contracts Decision EqIA.pdf", 15, False, None),  # a form of N/A answers
]


OFSTED_REPORT = "ofsted/ilacs/80459_derby/children's services inspection - 11 may 2022.pdf"


def test_an_inspection_reports_judgement_grid_is_not_flagged(tmp_path):
    """Judgements in words (`Outstanding`, `Good`) are no status words: that grid is the inspection readers'."""
    page = one_page(need(KENT.parent / OFSTED_REPORT), 1, tmp_path / "page.pdf")
    assert [p.raw for p in extract(repair_raw(ingest(page))).problems if p.code == CODE] == []


@pytest.mark.parametrize(("name", "number", "flagged", "said"), KENT_PAGES, ids=[f"{n[:30]} p{p}" for n, p, *_ in KENT_PAGES])
def test_real_kent_pages(name, number, flagged, said, tmp_path):
    page = one_page(need(KENT) / name, number, tmp_path / "page.pdf")
    found = [p for p in extract(repair_raw(ingest(page))).problems if p.code == CODE]
    assert bool(found) == flagged, [p.raw for p in found]
    if said:
        assert said in found[0].raw


def test_planwatch_info_lists_the_papers_and_pages(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "board.txt").write_text(
        "Board summary\n\nArea\tOwner\tRAG\nRecruitment campaign\tHR\tAmber\nCaseload review\tHead of Service\tGreen\n"
        "Audit programme\tQA Lead\tRed\n", encoding="utf-8")
    db = tmp_path / "out.db"
    CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--workers", "0"], catch_exceptions=False)
    codes = [row[0] for row in sqlite3.connect(db).execute("select code from problems")]
    assert codes.count(CODE) == 1
    result = CliRunner().invoke(cli, ["info", "--db", str(db)], catch_exceptions=False)
    assert "unread_structure" in result.stdout and "board.txt" in result.stdout
