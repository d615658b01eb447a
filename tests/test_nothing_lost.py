"""Nothing lost: a run killed mid-batch, and two runs writing to one database at once.

These tests start `planwatch ingest` as real processes on folders of small
generated papers and look at the database file they leave behind.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import bad_files as bad
from planwatch.ingest.detect import sha256_of
from planwatch.runner import RunSettings, run_batch
from planwatch.store import open_db
from planwatch.store.schema import CHILD_TABLES

POLL_SECONDS = 0.01
START_LIMIT_SECONDS = 60.0
VOLATILE = {"id", "indicator_id", "extracted_at", "last_attempt_at"}
"""Columns that differ between two correct runs: row ids and timestamps."""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


def ingest_command(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-c", "from planwatch.cli import main; main()",
            "ingest", str(folder), "--db", str(db), "--workers", "1", "-q"]


def make_papers(folder: Path, n_good: int, *, seed: int = 0) -> int:
    """Good plans, partly scanned plans (a problems row each) and broken files. RETURNS the file count."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_good):
        bad.good_pdf(folder / f"plan-{seed}-{i:02d}.pdf", seed=seed * 1000 + i)
        (folder / f"update-{seed}-{i:02d}.txt").write_text(f"Ref\tAction\tLead\n{seed}.{i}\tReview {i}\tDCS\n")
    bad.scanned_pdf(folder / f"scan-{seed}.pdf", ["text", "scan"] + ["text"] * seed)
    bad.zero_byte(folder / f"empty-{seed}.pdf")
    bad.truncated_pdf(folder / f"cut-{seed}.pdf", seed=seed)
    return 2 * n_good + 3


def documents(db: Path) -> int:
    try:
        return sqlite3.connect(db).execute("select count(*) from documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def snapshot(db: Path, *, ignore: frozenset[str] = frozenset()) -> dict[str, dict[str, list[tuple]]]:
    """Every row of every table by document id, without row ids, timestamps and `ignore`d columns, sorted."""
    conn = sqlite3.connect(db)
    result: dict[str, dict[str, list[tuple]]] = {}
    for table in ["documents"] + CHILD_TABLES:
        key = "id" if table == "documents" else "document_id"
        columns = [row[1] for row in conn.execute(f"pragma table_info({table})")
                   if row[1] == key or row[1] not in VOLATILE | ignore]
        by_document: dict[str, list[tuple]] = {}
        for row in conn.execute(f"select {key}, {', '.join(columns)} from {table}"):
            by_document.setdefault(row[0], []).append(row[1:])
        result[table] = {doc_id: sorted(rows, key=repr) for doc_id, rows in by_document.items()}
    return result


def rows_of(snap: dict[str, dict[str, list[tuple]]], doc_id: str) -> dict[str, list[tuple]]:
    return {table: by_document.get(doc_id, []) for table, by_document in snap.items()}


def assert_consistent(db: Path) -> None:
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok", f"[{db.name}] integrity"
    assert conn.execute("pragma foreign_key_check").fetchall() == [], f"[{db.name}] foreign keys"
    for table in CHILD_TABLES:
        orphans = conn.execute(
            f"select count(*) from {table} where document_id not in (select id from documents)"
        ).fetchone()[0]
        assert orphans == 0, f"[{db.name}] {orphans} orphan rows in {table}"
    orphans = conn.execute(
        "select count(*) from indicator_values where indicator_id not in (select id from indicators)"
    ).fetchone()[0]
    assert orphans == 0, f"[{db.name}] orphan indicator values"


def test_a_run_killed_mid_batch_leaves_a_consistent_database_and_a_rerun_completes_it(tmp_path):
    folder = tmp_path / "papers"
    total = make_papers(folder, n_good=20)  # enough that the signal lands mid-batch
    reference = tmp_path / "reference.db"
    run_batch([folder], open_db(reference), settings=RunSettings(workers=0))  # uninterrupted, in this process
    expected = snapshot(reference)
    assert len(expected["documents"]) == total

    db = tmp_path / "killed.db"
    process = subprocess.Popen(ingest_command(folder, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    while documents(db) < 3 and time.monotonic() - started < START_LIMIT_SECONDS:
        time.sleep(POLL_SECONDS)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be killed"

    assert_consistent(db)
    stored = snapshot(db)
    assert 3 <= len(stored["documents"]) < total, "the kill should land mid-batch"
    for doc_id in stored["documents"]:
        assert rows_of(stored, doc_id) == rows_of(expected, doc_id), (
            f"[{doc_id[:12]}] a document was half written"
        )

    rerun = subprocess.run(ingest_command(folder, db), capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 1, rerun.stderr  # the broken files fail again; everything else is stored
    assert_consistent(db)
    assert snapshot(db) == expected, "after the rerun the database must equal an uninterrupted run's"


def test_two_runs_writing_to_one_database_at_once_both_store_everything(tmp_path):
    first, second, shared = tmp_path / "first", tmp_path / "second", tmp_path / "shared"
    make_papers(first, n_good=4, seed=1)
    make_papers(second, n_good=4, seed=2)
    for folder in (first, second):  # the same papers in both folders: written twice, stored once
        for i in range(2):
            bad.good_pdf(folder / f"common-{i}.pdf", seed=9000 + i)
    db = tmp_path / "shared.db"
    runs = [
        subprocess.Popen(ingest_command(folder, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for folder in (first, second)
    ]
    outputs = [run.communicate(timeout=180) for run in runs]
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 1, err  # each batch holds two broken files
        assert "database is locked" not in err and "Traceback" not in err, err
    assert_consistent(db)
    conn = sqlite3.connect(db)
    ids = {doc_id for (doc_id,) in conn.execute("select id from documents")}
    assert ids == {sha256_of(path) for folder in (first, second) for path in folder.iterdir()}
    by_status = dict(conn.execute("select status, count(*) from documents group by status").fetchall())
    # 8 plans and updates per folder, 2 common plans; a scan each; 2 cut files, 1 empty (the same bytes twice)
    assert by_status == {"ok": 2 * 8 + 2, "partial": 2, "failed": 3}
    reference = tmp_path / "one-after-the-other.db"
    run_batch([first, second], open_db(reference), settings=RunSettings(workers=0))
    # A paper in both folders keeps the path of whichever run stored it last; one whose bytes are
    # in both under two names (the empty file) keeps that run's name too, in its error as well.
    same = frozenset({"source_path"})
    twice = {sha256_of(path) for path in first.iterdir()} & {sha256_of(path) for path in second.iterdir()}
    named = {sha256_of(path) for path in first.iterdir() if path.name not in {p.name for p in second.iterdir()}}
    renamed = same | {"filename", "error", "message"}
    for ignore, ids in ((same, None), (renamed, twice & named)):
        at_once, in_turn = snapshot(db, ignore=ignore), snapshot(reference, ignore=ignore)
        if ids is None:
            at_once, in_turn = _without(at_once, twice & named), _without(in_turn, twice & named)
        else:
            at_once, in_turn = _only(at_once, ids), _only(in_turn, ids)
        assert at_once == in_turn, "writing at once must store what writing in turn stores"


def _without(snap: dict[str, dict[str, list[tuple]]], ids: set[str]) -> dict[str, dict[str, list[tuple]]]:
    return {table: {k: v for k, v in rows.items() if k not in ids} for table, rows in snap.items()}


def _only(snap: dict[str, dict[str, list[tuple]]], ids: set[str]) -> dict[str, dict[str, list[tuple]]]:
    return {table: {k: v for k, v in rows.items() if k in ids} for table, rows in snap.items()}


def test_ctrl_c_stops_the_run_with_a_message_and_a_rerun_finishes_it(tmp_path):
    folder = tmp_path / "papers"
    total = make_papers(folder, n_good=20, seed=3)  # enough that the signal lands mid-batch
    db = tmp_path / "stopped.db"
    process = subprocess.Popen(
        ingest_command(folder, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    started = time.monotonic()
    while documents(db) < 3 and time.monotonic() - started < START_LIMIT_SECONDS:
        time.sleep(POLL_SECONDS)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole group, workers too
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert re.search(r"stopped after \d+ of \d+ files; every document stored so far is complete; "
                     r"run the same command again to finish the batch", " ".join(err.split())), err
    assert "Traceback" not in err, err
    assert_consistent(db)
    rerun = subprocess.run(ingest_command(folder, db), capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 1, rerun.stderr  # the broken files fail again
    assert documents(db) == total
