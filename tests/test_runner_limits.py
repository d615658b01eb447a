"""Limits per document: a paper that runs too long, eats memory or kills its worker costs only itself.

The slow, hungry and crashing papers are stand-ins: `pipeline.process` is
replaced before the worker processes are forked, so the workers run the
replacement for files with those names and the real reader for the rest.
The limits themselves are real: the parent kills the worker at the timeout,
and the worker's address space is capped with setrlimit.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import bad_files as bad
from planwatch import pipeline
from planwatch.cli import cli
from planwatch.runner import RunSettings, run_batch
from planwatch.store import open_db

real_process = pipeline.process
needs_rlimit = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the memory ceiling is measured through /proc (Linux)",
)


STALLED: set[str] = set()
"""Names of files that are made slow for one test, on top of the 'slow*' ones."""


def stand_in(path, **kwargs):
    """Read normally, except: 'slow*' sleeps, 'hungry*' allocates 4 GB, 'crash*' kills its own process."""
    name = Path(path).name
    if name.startswith("slow") or name in STALLED:
        time.sleep(60)
    elif name.startswith("hungry"):
        hoard = bytearray(4096 * 1024 * 1024)
        return hoard  # never reached under the ceiling
    elif name.startswith("crash"):
        os.kill(os.getpid(), 9)
    return real_process(path, **kwargs)


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> None:
    """Read one paper in this process first, so that forked workers start with the
    extractors' vocabularies loaded and a good paper stays far inside a 1-second limit."""
    real_process(bad.good_pdf(tmp_path_factory.mktemp("warm") / "warm.pdf", seed=99))


@pytest.fixture
def papers(tmp_path, monkeypatch, warm) -> Path:
    monkeypatch.setattr(pipeline, "process", stand_in)
    STALLED.clear()
    folder = tmp_path / "papers"
    folder.mkdir()
    for seed in range(3):
        bad.good_pdf(folder / f"plan-{seed}.pdf", seed=seed)
    return folder


def statuses(db_path: Path) -> dict[str, tuple[str, str | None]]:
    rows = sqlite3.connect(db_path).execute("select filename, status, error from documents")
    return {name: (status, error) for name, status, error in rows}


def virtual_memory_mb() -> int:
    """This process's address space in MB, which a forked worker starts from."""
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)


def test_a_document_past_the_timeout_is_stopped_and_the_batch_goes_on(papers, tmp_path):
    (papers / "slow.txt").write_text("Ref\tAction\n1\tWait\n")
    db = tmp_path / "t.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(papers), "--db", str(db), "--workers", "2", "--timeout", "1"], catch_exceptions=False,
    )
    assert result.exit_code == 1
    rows = statuses(db)
    assert rows["slow.txt"] == (
        "failed",
        "slow.txt: reading took longer than 1 seconds and was stopped; raise the limit with --timeout "
        "if the paper is very long",
    )
    assert all(rows[f"plan-{seed}.pdf"][0] == "ok" for seed in range(3)), rows


@needs_rlimit
def test_a_document_past_the_memory_ceiling_fails_with_the_limit_named(papers, tmp_path):
    (papers / "hungry.txt").write_text("Ref\tAction\n1\tEat\n")
    ceiling = virtual_memory_mb() + 512
    settings = RunSettings(workers=1, max_memory=ceiling)
    summary = run_batch([papers], open_db(tmp_path / "m.db"), settings=settings)
    rows = statuses(tmp_path / "m.db")
    assert rows["hungry.txt"] == (
        "failed",
        f"hungry.txt: reading needed more than the memory limit of {ceiling} MB and was stopped; "
        f"raise the limit with --max-memory (for example --max-memory {ceiling * 2}) or split the paper",
    )
    assert summary.statuses["ok"] == 3, "the papers after the hungry one are read by a fresh worker"


def test_without_a_ceiling_memory_is_not_limited(papers, tmp_path):
    settings = RunSettings(workers=1, max_memory=0)
    summary = run_batch([papers], open_db(tmp_path / "n.db"), settings=settings)
    assert summary.statuses["ok"] == 3


def test_a_worker_that_dies_costs_only_its_document(papers, tmp_path):
    (papers / "crash.txt").write_text("Ref\tAction\n1\tBoom\n")
    summary = run_batch([papers], open_db(tmp_path / "c.db"), settings=RunSettings(workers=1, max_memory=2048))
    status, error = statuses(tmp_path / "c.db")["crash.txt"]
    assert status == "failed"
    assert error.startswith(
        "crash.txt: the reading process stopped unexpectedly (exit code -9), most likely out of memory "
        "(the limit is 2048 MB, see --max-memory) or a crash in the PDF library"
    )
    assert summary.statuses["ok"] == 3


def test_a_failed_reingest_through_the_cli_keeps_the_last_good_rows(papers, tmp_path):
    target = bad.scanned_pdf(papers / "scan.pdf", ["text", "scan"])  # partial: one problems row
    db = tmp_path / "k.db"
    first = CliRunner().invoke(cli, ["ingest", str(target), "--db", str(db), "--workers", "0"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    before = sqlite3.connect(db).execute("select status, error, pages from documents").fetchone()
    problems_before = sqlite3.connect(db).execute("select code, page from problems").fetchall()
    assert before[0] == "partial" and ("no_text_layer", 2) in problems_before
    # The same bytes again, forced, now past the time limit: the reading fails.
    STALLED.add("scan.pdf")
    again = CliRunner().invoke(
        cli, ["ingest", str(target), "--db", str(db), "--workers", "1", "--timeout", "1", "--force"],
        catch_exceptions=False,
    )
    assert again.exit_code == 1
    assert "scan.pdf: reading took longer than 1 seconds" in " ".join(again.stderr.split())
    assert "rows from the last successful reading were kept" in " ".join(again.stderr.split())
    conn = sqlite3.connect(db)
    status, error, pages, last_error = conn.execute(
        "select status, error, pages, last_attempt_error from documents"
    ).fetchone()
    assert (status, error, pages) == before, "the last good reading must stay as it was"
    assert last_error.startswith("scan.pdf: reading took longer than 1 seconds")
    assert conn.execute("select code, page from problems").fetchall() == problems_before
    info = json.loads(CliRunner().invoke(cli, ["info", "--db", str(db), "--json"]).stdout)
    assert [row["filename"] for row in info["kept_after_failure"]] == ["scan.pdf"]
    assert info["failed"] == [] and [row["filename"] for row in info["partial"]] == ["scan.pdf"]


def test_run_settings_name_the_bad_setting():
    with pytest.raises(ValueError, match="'max_memory' cannot be negative"):
        RunSettings(max_memory=-1)


def test_a_document_the_database_refuses_costs_only_itself(papers, tmp_path, monkeypatch):
    def unstorable(path, **kwargs):
        normalised = real_process(path, **kwargs)
        if Path(path).name == "plan-1.pdf":
            normalised.document.__dict__["pages"] = 10**30  # too large for an SQLite integer
        return normalised

    monkeypatch.setattr(pipeline, "process", unstorable)
    summary = run_batch([papers], open_db(tmp_path / "s.db"), settings=RunSettings(workers=0))
    rows = statuses(tmp_path / "s.db")
    assert rows["plan-1.pdf"][0] == "failed"
    assert rows["plan-1.pdf"][1].startswith("plan-1.pdf: read, but its rows could not be written to the database (")
    assert rows["plan-0.pdf"][0] == rows["plan-2.pdf"][0] == "ok"
    assert summary.statuses == {"ok": 2, "failed": 1}


@pytest.mark.parametrize("limit", [["--timeout", "5"], ["--max-memory", "512"], ["--timeout", "300"]])
def test_limits_with_no_worker_processes_are_refused_with_a_message(tmp_path, limit):
    (tmp_path / "a.txt").write_text("Ref\tAction\tLead\n1\tReview\tDCS\n")
    db = tmp_path / "w.db"
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "a.txt"), "--db", str(db), "--workers", "0", *limit])
    assert result.exit_code == 2, result.output
    message = " ".join(result.stderr.split())
    assert f"{limit[0]} applies to worker processes" in message and "--workers 1" in message, message
    assert not db.exists(), "a refused command reads nothing"


def test_run_settings_refuse_limits_with_no_worker_processes():
    with pytest.raises(ValueError, match="'timeout' applies to worker processes"):
        RunSettings(workers=0, timeout=5)
    with pytest.raises(ValueError, match="'max_memory' applies to worker processes"):
        RunSettings(workers=0, max_memory=512)
    assert RunSettings(workers=0, max_memory=0).workers == 0  # no limit asked for: nothing to refuse
