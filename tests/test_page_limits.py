"""Limits per page: no page's layout analysis runs unbounded, and a page that fails costs only its tables.

A page past its budget, out of memory or unreadable keeps its plain text, the
paper is `partial` with a problem naming the page, and a forced re-read that
yields less because a page failed never replaces the rows of a good reading.
The hungry and broken pages are stand-ins: `pdf.analyse_page` is replaced
before the worker processes are forked. The memory ceiling is real (the
worker's address space is capped with setrlimit) and so is the budget (an
interval timer interrupts the analysis).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import bad_files as bad
from builders import shared_forms_pdf
from planwatch.cli import cli
from planwatch.ingest import PdfSettings
from planwatch.ingest import pdf as pdf_reader
from planwatch.pipeline import process
from planwatch.runner import RunSettings, run_batch
from planwatch.store import open_db

real_analyse = pdf_reader.analyse_page
ROWS = [[f"1.{i}", f"Review casework audit {i}", "Head of Service", "Green"] for i in range(1, 5)]
TRIGGER: list[Path] = []
"""A file whose existence makes the stand-in analysis fail (set per test, read by forked workers)."""


def failing_analysis(kind: str):
    def analyse(page, **kwargs):
        if TRIGGER and TRIGGER[0].exists():
            if kind == "hungry":
                hoard = bytearray(4096 * 1024 * 1024)
                return hoard  # never reached under the ceiling
            raise ValueError("unexpected operator in the page's content")
        return real_analyse(page, **kwargs)
    return analyse


def virtual_memory_mb() -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)


def test_forms_sharing_the_page_resources_are_walked_once(tmp_path):
    """Twelve forms sharing the page's resources: a walk that forgot what it saw took 12**8 steps."""
    path = shared_forms_pdf(tmp_path / "slides.pdf", ROWS)
    db = tmp_path / "slides.db"
    summary = run_batch([path], open_db(db), settings=RunSettings(workers=1, timeout=30))
    assert summary.statuses == {"ok": 1}, summary.failures
    conn = sqlite3.connect(db)
    assert conn.execute("select ref, rag from actions order by ref").fetchall() == [
        (f"1.{i}", "green") for i in range(1, 5)
    ]
    codes = {code for (code,) in conn.execute("select code from problems")}
    assert not codes & {"page_too_slow", "page_unreadable", "timeout"}, codes


def test_a_page_past_its_budget_keeps_its_text_and_the_paper_is_partial(tmp_path):
    path = shared_forms_pdf(tmp_path / "slides.pdf", ROWS)
    tight = PdfSettings(page_budget_floor=1e-4, page_budget_multiple=0)  # a tenth of a millisecond
    normalised = process(path, pdf_settings=tight)
    assert normalised.document.status == "partial"
    assert normalised.actions == []
    (problem,) = [problem for problem in normalised.problems if problem.code == "page_too_slow"]
    assert problem.page == 1 and problem.message.startswith(
        "slides.pdf p.1: its layout took longer than 0.0001 seconds to analyse, so it was stopped; "
        "kept the page's plain text only"
    )
    assert process(path).document.status == "ok", "with the default budget the same page is read"
    db = tmp_path / "tight.db"  # in a worker process too
    summary = run_batch([path], open_db(db), settings=RunSettings(workers=1, pdf_settings=tight))
    assert summary.statuses == {"partial": 1}
    assert ("page_too_slow", 1) in sqlite3.connect(db).execute("select code, page from problems").fetchall()


def test_page_budget_is_a_multiple_of_the_text_layers_time_with_a_floor():
    settings = PdfSettings(page_budget_multiple=100, page_budget_floor=5)
    assert pdf_reader.page_budget(settings, 0.001) == 5
    assert pdf_reader.page_budget(settings, 0.2) == pytest.approx(20)
    with pytest.raises(ValueError, match="page_budget_floor"):
        PdfSettings(page_budget_floor=0)


def test_an_unreadable_page_makes_the_paper_partial(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "analyse_page", failing_analysis("broken"))
    path = bad.good_pdf(tmp_path / "plan.pdf", seed=4)
    TRIGGER[:] = [path]
    normalised = process(path)
    assert normalised.document.status == "partial"
    (problem,) = [problem for problem in normalised.problems if problem.code == "page_unreadable"]
    assert problem.page == 1 and "unexpected operator" in problem.message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory ceiling is measured through /proc (Linux)")
def test_a_page_out_of_memory_never_leaves_the_paper_ok_nor_replaces_a_good_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "analyse_page", failing_analysis("hungry"))
    path = bad.good_pdf(tmp_path / "plan.pdf", seed=5)
    trigger = tmp_path / "hungry"
    TRIGGER[:] = [trigger]
    db = tmp_path / "m.db"
    ceiling = str(virtual_memory_mb() + 512)
    ingest = ["ingest", str(path), "--db", str(db), "--workers", "1", "--max-memory", ceiling]
    first = CliRunner().invoke(cli, ingest, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    conn = sqlite3.connect(db)
    good = conn.execute("select ref, action from actions order by ref").fetchall()
    assert len(good) == 4 and conn.execute("select status from documents").fetchone() == ("ok",)

    trigger.touch()  # the same bytes again, forced: now the page's analysis runs out of memory
    again = CliRunner().invoke(cli, [*ingest, "--force"], catch_exceptions=False)
    assert again.exit_code == 0, again.output
    said = " ".join(again.stderr.split())
    assert "plan.pdf p.1: analysing its layout needed more memory than there was" in said, said
    assert "rows from the last successful reading were kept" in said, said
    status, last_error = conn.execute("select status, last_attempt_error from documents").fetchone()
    assert status == "ok" and "p.1: analysing its layout needed more memory" in last_error
    assert conn.execute("select ref, action from actions order by ref").fetchall() == good

    fresh = tmp_path / "fresh.db"  # with no good reading to keep, the paper is partial, never ok
    summary = run_batch([path], open_db(fresh), settings=RunSettings(workers=1, max_memory=int(ceiling)))
    assert summary.statuses == {"partial": 1}
    problems = sqlite3.connect(fresh).execute("select code, page, severity from problems").fetchall()
    assert ("out_of_memory", 1, "error") in problems
