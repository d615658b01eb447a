"""A newcomer's first hour (#18): what the first commands print, store and say when something is off."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import analyst_papers
from conftest import REPO, SAMPLES
from planwatch.cli import cli
from planwatch.datasette_metadata import MAX_SERIES, dashboard
from planwatch.ingest.models import Problem, Severity
from planwatch.normalise.models import DocumentRow, IndicatorRow, IndicatorValueRow, NormalisedDocument
from planwatch.store import open_db, store


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def bad_folder(tmp_path) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "noise.pdf").write_bytes(bytes(range(256)) * 8)
    (folder / "update.txt").write_text("Ref\tAction\tLead\n1\tReview\tDCS\n", encoding="utf-8")
    return folder


def test_progress_and_failures_say_failed_and_name_each_file_once(bad_folder, tmp_path):
    result = run("ingest", str(bad_folder), "--db", str(tmp_path / "p.db"), "--workers", "0")
    assert result.exit_code == 1
    assert "Status." not in result.output, "statuses are printed as words"
    assert re.search(r"^\[\d/3\] failed .*empty\.pdf - the file is empty", result.stderr, re.M), result.stderr
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed ")]
    assert len(failures) == 2, result.stderr
    for name in ("empty.pdf", "noise.pdf"):
        assert sum(line.count(name) for line in failures) == 1, f"[{name}] named more than once: {failures}"


def test_documents_hold_their_size_and_no_format_is_guessed(bad_folder, tmp_path):
    db_path = tmp_path / "p.db"
    run("ingest", str(bad_folder), "--db", str(db_path), "--workers", "0")
    rows = {name: (fmt, size) for name, fmt, size in
            sqlite3.connect(db_path).execute("select filename, format, size from documents")}
    assert rows == {
        "empty.pdf": ("unknown", 0),
        "noise.pdf": ("unknown", 2048),  # not text, whatever its name or bytes
        "update.txt": ("text", (bad_folder / "update.txt").stat().st_size),
    }


@pytest.mark.parametrize("contents", ["nothing", "no papers"])
def test_a_folder_without_papers_says_so_and_creates_no_database(tmp_path, contents):
    folder = tmp_path / "in"
    folder.mkdir()
    if contents == "no papers":
        (folder / "README.md").write_text("notes", encoding="utf-8")
        (folder / ".hidden.pdf").write_bytes(b"%PDF-1.4")
    db_path = tmp_path / "p.db"
    result = run("ingest", str(folder), "--db", str(db_path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no papers in {folder}: no PDF, Word, HTML or text file to read")
    assert not db_path.exists() and not list(tmp_path.glob("p.db*"))


def test_a_database_in_a_missing_folder_is_a_usage_error_naming_the_whole_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Ref\tAction\n1\tRead\n", encoding="utf-8")
    result = run("ingest", "a.txt", "--db", "out/plans.db")
    assert result.exit_code == 2
    assert f"the folder {tmp_path / 'out'} does not exist" in result.stderr


def _with_warnings(tmp_path) -> Path:
    path = analyst_papers.build(tmp_path / "p.db")
    db = open_db(path)
    for name, codes in (("x.pdf", ["council_from_folder", "date_not_found"]), ("y.pdf", ["date_not_found"])):
        problems = [Problem(code=code, message=f"{name}: {code}", severity=Severity.WARNING) for code in codes]
        store(db, NormalisedDocument(
            document=DocumentRow(id=name[0] * 64, source_path=name, filename=name, format="pdf"), problems=problems,
        ))
    db.conn.close()
    return path


def test_info_lists_warnings_by_code_with_counts_and_papers(tmp_path):
    path = _with_warnings(tmp_path)
    facts = __import__("json").loads(run("info", "--db", str(path), "--json").stdout)
    by_code = {row["code"]: row for row in facts["problems"]}
    assert by_code["date_not_found"] == {"code": "date_not_found", "severity": "warning", "problems": 2,
                                         "papers": ["x.pdf", "y.pdf"]}
    assert by_code["council_from_folder"]["papers"] == ["x.pdf"]
    text = run("info", "--db", str(path)).stdout
    assert re.search(r"date_not_found\s*│\s*warning\s*│\s*2\s*│\s*2\s*│\s*x\.pdf, y\.pdf", text), text


def test_views_name_papers_readably_and_keep_the_id(tmp_path):
    path = analyst_papers.build(tmp_path / "p.db")
    conn = sqlite3.connect(path)
    for view in ("v_actions", "v_rag_by_document", "v_indicator_series", "v_overdue_actions"):
        columns = [row[1] for row in conn.execute(f"pragma table_info({view})")]
        assert "paper" in columns[:3] and "document_id" in columns, view
    (paper,) = conn.execute("select paper from v_actions where council = 'Rutland' limit 1").fetchone()
    assert paper == "Rutland 2024-03-12: rutland_plan.pdf", "council, date, and the title or else the file name"


def test_dashboard_indicator_chart_draws_at_most_eight_series_a_panel(tmp_path):
    path = analyst_papers.build(tmp_path / "p.db")
    db = open_db(path)
    store(db, NormalisedDocument(
        document=DocumentRow(id="9" * 64, source_path="k.pdf", filename="k.pdf", format="pdf", council="Kent",
                             doc_date="2025-01-31"),
        indicators=[IndicatorRow(name=f"Measure {n}", unit="percent", values=[
            IndicatorValueRow(period="Dec", period_end="2024-12-31", value=n)]) for n in range(12)],
    ))
    query = dashboard("p")["charts"]["indicator"]["query"]
    query = re.sub(r"\[\[[^\]]*\]\]", "", query)  # the optional filters, left empty
    rows = db.execute(query).fetchall()
    panels = {row[0] for row in rows}
    kent = [row for row in rows if row[0].startswith("Kent")]
    assert len(kent) == MAX_SERIES and kent[0][0] == f"Kent · percent ({MAX_SERIES} of 12 series)"
    assert len(panels) >= 2, "one panel per council and unit"


def test_readme_says_how_to_run_the_commands_after_the_first_two():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    after = text[text.index("make test"):][:1200]
    assert "source .venv/bin/activate" in after and ".venv/bin/planwatch" in after and ".venv/bin/sqlite-utils" in after
