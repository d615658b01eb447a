"""The planwatch command: exit codes, summary, skipping known documents, mixed folders."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import shaded_docx, table_pdf
from planwatch.cli import cli


@pytest.fixture
def folder(tmp_path) -> Path:
    papers = tmp_path / "papers"
    (papers / "nested").mkdir(parents=True)
    table_pdf(papers / "plan.pdf", [["1.1", "Recruit", "Head of Service", "July 24", "G"]])
    shaded_docx(papers / "nested" / "plan.docx")
    (papers / "update.txt").write_text("Ref\tAction\tLead\n1\tReview\tDCS\n", encoding="utf-8")
    (papers / "tracker.html").write_text("<html><body><p>Tracker</p></body></html>", encoding="utf-8")
    return papers


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def summary_value(output: str, measure: str) -> int:
    match = re.search(rf"{re.escape(measure)}\s*│\s*(\d+)", output)
    assert match, f"summary has no '{measure}' line:\n{output}"
    return int(match.group(1))


def test_every_command_has_help():
    for name, command in cli.commands.items():
        result = run(name, "-h")
        assert result.exit_code == 0, name
        assert command.help and "Example" in command.help, f"planwatch {name} needs help with an example"


def test_mixed_folder_is_read_and_summarised(folder, tmp_path):
    db = tmp_path / "out.db"
    result = run("ingest", str(folder), "--db", str(db), "--workers", "0")
    assert result.exit_code == 0, result.output
    assert summary_value(result.stdout, "documents ok") == 4
    assert summary_value(result.stdout, "documents failed") == 0
    formats = {row[0] for row in sqlite3.connect(db).execute("select format from documents")}
    assert formats == {"pdf", "docx", "text", "html"}
    assert len(re.findall(r"^\[\d/4\] ok ", result.stderr, re.M)) == 4, "plain progress lines expected off a terminal"


def test_known_documents_are_skipped_unless_forced(folder, tmp_path):
    db = tmp_path / "out.db"
    run("ingest", str(folder), "--db", str(db), "--workers", "0")
    again = run("ingest", str(folder), "--db", str(db), "--workers", "0")
    assert again.exit_code == 0
    assert summary_value(again.stdout, "documents skipped") == 4
    assert summary_value(again.stdout, "documents ok") == 0
    forced = run("ingest", str(folder), "--db", str(db), "--workers", "0", "--force")
    assert summary_value(forced.stdout, "documents ok") == 4
    assert sqlite3.connect(db).execute("select count(*) from documents").fetchone()[0] == 4


def test_a_failed_document_sets_exit_status_1_and_the_batch_goes_on(folder, tmp_path):
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<<")
    (folder / "empty.docx").write_bytes(b"")
    db = tmp_path / "out.db"
    result = run("ingest", str(folder), "--db", str(db), "--workers", "2")
    assert result.exit_code == 1
    assert summary_value(result.stdout, "documents ok") == 4
    assert summary_value(result.stdout, "documents failed") == 2
    assert "empty.docx: the file is empty" in result.stderr
    rows = dict(sqlite3.connect(db).execute("select filename, status from documents"))
    assert rows["broken.pdf"] == "failed" and rows["plan.pdf"] == "ok"


@pytest.mark.parametrize("args", [
    ["ingest"],
    ["ingest", "does-not-exist.pdf"],
    ["ingest", ".", "--workers", "-1"],
    ["info", "--db", "no-such.db"],
])
def test_usage_errors_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(*args).exit_code == 2


def test_info_lists_counts_and_failures(folder, tmp_path):
    (folder / "empty.txt").write_bytes(b"")
    db = tmp_path / "out.db"
    run("ingest", str(folder), "--db", str(db), "--workers", "0")
    result = run("info", "--db", str(db))
    assert result.exit_code == 0
    assert "failed documents" in result.stdout and "empty.txt" in result.stdout
    as_json = run("info", "--db", str(db), "--json")
    assert '"documents": 5' in as_json.stdout
