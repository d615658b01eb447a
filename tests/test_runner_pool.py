"""The worker pool: results stored as they arrive, a lost worker costs only its file, queues refilled."""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import sys
import time
from pathlib import Path

import pytest

from planwatch import pipeline
from planwatch.runner import Event, RunSettings, run_batch
from planwatch.store import open_db

REAL_PROCESS = pipeline.process


def papers(folder: Path, sizes: dict[str, int]) -> Path:
    folder.mkdir()
    for name, size in sizes.items():
        (folder / name).write_text(f"Ref\tAction\tLead\n1\t{name}\tDCS\n" + "x" * size, encoding="utf-8")
    return folder


def stored(db_path: Path) -> dict[str, str]:
    return dict(open_db(db_path).execute("select filename, status from documents").fetchall())


def test_every_file_stored_once_with_two_workers(tmp_path):
    folder = papers(tmp_path / "in", {f"p{i}.txt": i * 100 for i in range(7)})
    events: list[Event] = []
    summary = run_batch([folder], open_db(tmp_path / "out.db"), settings=RunSettings(workers=2), progress=events.append)
    assert summary.statuses["ok"] == 7
    assert sorted(event.path.name for event in events) == sorted(f"p{i}.txt" for i in range(7))
    assert set(stored(tmp_path / "out.db").values()) == {"ok"}


def test_largest_files_go_first(tmp_path):
    folder = papers(tmp_path / "in", {"small.txt": 10, "large.txt": 5000, "middle.txt": 500})
    events: list[Event] = []
    run_batch([folder], open_db(tmp_path / "out.db"), settings=RunSettings(workers=0), progress=events.append)
    assert [event.path.name for event in events] == ["large.txt", "middle.txt", "small.txt"]


def _dies_on_crash(path, **kwargs):
    if Path(path).name == "crash.txt":
        os._exit(9)
    return REAL_PROCESS(path, **kwargs)


def test_a_dying_worker_costs_only_its_file_and_queued_files_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "process", _dies_on_crash)  # workers are forked, so they inherit it
    folder = papers(tmp_path / "in", {"crash.txt": 9000, "after1.txt": 50, "after2.txt": 40, "after3.txt": 30})
    summary = run_batch([folder], open_db(tmp_path / "out.db"), settings=RunSettings(workers=1))
    rows = stored(tmp_path / "out.db")
    assert rows == {"crash.txt": "failed", "after1.txt": "ok", "after2.txt": "ok", "after3.txt": "ok"}
    assert summary.failures[0][0] == "crash.txt" and "stopped unexpectedly (exit code 9)" in summary.failures[0][1]


def _hangs_on_slow(path, **kwargs):
    if Path(path).name == "slow.txt":
        time.sleep(60)
    return REAL_PROCESS(path, **kwargs)


def test_a_file_past_the_time_limit_is_stopped_and_the_rest_go_on(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "process", _hangs_on_slow)
    folder = papers(tmp_path / "in", {"slow.txt": 9000, "quick1.txt": 50, "quick2.txt": 40})
    summary = run_batch([folder], open_db(tmp_path / "out.db"), settings=RunSettings(workers=1, timeout=1.5))
    assert stored(tmp_path / "out.db") == {"slow.txt": "failed", "quick1.txt": "ok", "quick2.txt": "ok"}
    assert "longer than 1.5 seconds" in summary.failures[0][1]


def _waits_for_first_stored(path, **kwargs):
    """The second file is only read once the parent has stored the first: results must stream."""
    if Path(path).name == "second.txt":
        marker = Path(path).parent.parent / "first-stored"
        deadline = time.monotonic() + 20
        while not marker.exists():
            if time.monotonic() > deadline:
                raise RuntimeError("the first document was not stored while the second was read")
            time.sleep(0.02)
    return REAL_PROCESS(path, **kwargs)


@pytest.mark.parametrize("workers", [0, 1])
def test_documents_are_stored_as_they_arrive(tmp_path, monkeypatch, workers):
    monkeypatch.setattr(pipeline, "process", _waits_for_first_stored)
    folder = papers(tmp_path / "in", {"first.txt": 5000, "second.txt": 10})

    def progress(event: Event) -> None:
        if event.path.name == "first.txt":
            (tmp_path / "first-stored").touch()

    settings = RunSettings(workers=workers)
    summary = run_batch([folder], open_db(tmp_path / "out.db"), settings=settings, progress=progress)
    assert summary.statuses["ok"] == 2, summary.failures


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc (Linux)")
def test_workers_leave_when_the_parent_is_killed(tmp_path):
    folder = papers(tmp_path / "in", {f"p{i}.txt": 100 for i in range(3)})
    (folder / "slow.txt").write_text("x", encoding="utf-8")
    command = [sys.executable, "-c", SLOW_PARENT, str(folder), str(tmp_path / "out.db")]
    parent = subprocess.Popen(command)
    workers: list[int] = []
    deadline = time.monotonic() + 20
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = [int(pid) for task in Path(f"/proc/{parent.pid}/task").glob("*")
                   for pid in (task / "children").read_text().split()]
        time.sleep(0.1)
    assert len(workers) == 2, "the batch did not start its workers"
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)]
    for pid in alive:
        os.kill(pid, 9)  # leave no stray process behind when the test fails
    assert not alive, f"workers {alive} outlived their killed parent"


SLOW_PARENT = """
import sys, time
from pathlib import Path
from planwatch import pipeline
from planwatch.runner import RunSettings, run_batch
from planwatch.store import open_db
real = pipeline.process
def slow(path, **kwargs):
    time.sleep(0.5)
    return real(path, **kwargs)
pipeline.process = slow
run_batch([Path(sys.argv[1])], open_db(Path(sys.argv[2])), settings=RunSettings(workers=2))
"""
"""A batch whose files each take half a second, so it is still running when it is killed."""


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


def _dies_after_answering(path, **kwargs):
    """The first worker answers 'a.txt', then is killed by the test while it reads 'b.txt';
    'c.txt' in the second worker is answered only once 'a.txt' is stored, so both answers
    are collected in one round and the first worker dies after the parent last saw it alive."""
    path = Path(path)
    marks = path.parent.parent / "marks"
    if path.name == "a.txt":
        (marks / "first-worker.pid").write_text(str(os.getpid()))
    elif path.name == "b.txt":
        time.sleep(60)
    elif path.name == "c.txt":
        _wait_for(marks / "a-stored")
        result = REAL_PROCESS(path, **kwargs)
        (marks / "c-read").touch()
        return result
    return REAL_PROCESS(path, **kwargs)


def _wait_for(marker: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not marker.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{marker.name} never came")
        time.sleep(0.01)


def _until_gone(pid: int) -> None:
    """Wait until the process has ended (a zombie its parent has not yet collected counts as ended)."""
    deadline = time.monotonic() + 20
    while Path(f"/proc/{pid}").exists() and _state(pid) not in ("Z", "") and time.monotonic() < deadline:
        time.sleep(0.01)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="watches the worker through /proc (Linux)")
def test_a_worker_killed_just_after_answering_is_replaced_and_the_batch_ends_with_its_summary(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "process", _dies_after_answering)
    # Largest first: the first worker holds a.txt and b.txt, the second c.txt and d.txt; e.txt waits.
    folder = papers(tmp_path / "in", {"a.txt": 5000, "b.txt": 4000, "c.txt": 3000, "d.txt": 2000, "e.txt": 10})
    marks = tmp_path / "marks"
    marks.mkdir()

    def progress(event: Event) -> None:
        if event.path.name == "a.txt":
            (marks / "a-stored").touch()
            _wait_for(marks / "c-read")
            time.sleep(0.3)  # c.txt's answer is on its way while a.txt's is stored
        elif event.path.name == "c.txt":
            pid = int((marks / "first-worker.pid").read_text())
            os.kill(pid, 9)
            _until_gone(pid)

    summary = run_batch([folder], open_db(tmp_path / "out.db"), settings=RunSettings(workers=2), progress=progress)
    assert stored(tmp_path / "out.db") == {
        "a.txt": "ok", "b.txt": "failed", "c.txt": "ok", "d.txt": "ok", "e.txt": "ok",
    }
    assert summary.failures == [("b.txt", summary.failures[0][1])]
    assert "stopped unexpectedly (exit code -9)" in summary.failures[0][1]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc (Linux)")
def test_busy_workers_leave_when_the_parent_is_killed(tmp_path):
    """One worker is reading a long file, the other is sending an answer larger than its pipe
    holds to a parent that no longer reads: neither may outlive the parent."""
    # Largest first: the first worker holds first.txt and big.txt, the second long.txt and last.txt.
    folder = papers(tmp_path / "in", {"first.txt": 5000, "big.txt": 4000, "long.txt": 3000, "last.txt": 10})
    marks = tmp_path / "marks"
    marks.mkdir()
    command = [sys.executable, "-c", STUCK_PARENT, str(folder), str(tmp_path / "out.db"), str(marks)]
    parent = subprocess.Popen(command)
    try:
        deadline = time.monotonic() + 60
        while not all((marks / name).exists() for name in ("big", "long")) and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = [int(pid) for task in Path(f"/proc/{parent.pid}/task").glob("*")
                   for pid in (task / "children").read_text().split()]
        assert (marks / "big").exists() and (marks / "long").exists() and len(workers) == 2, "the batch did not start"
        time.sleep(0.5)  # big.txt's answer fills the pipe
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)]
    for pid in alive:
        os.kill(pid, 9)  # leave no stray process behind when the test fails
    assert not alive, f"workers {alive} outlived their killed parent"


STUCK_PARENT = """
import sys, time
from pathlib import Path
from planwatch import pipeline
from planwatch.runner import RunSettings, run_batch
from planwatch.store import open_db
real = pipeline.process
marks = Path(sys.argv[3])
def stand_in(path, **kwargs):
    result = real(path, **kwargs)
    if Path(path).name == "big.txt":
        result.document.__dict__["error"] = "x" * (64 << 20)  # far more than a pipe holds
        (marks / "big").touch()
    elif Path(path).name == "long.txt":
        (marks / "long").touch()
        time.sleep(120)
    return result
pipeline.process = stand_in
def progress(event):
    time.sleep(120)  # the parent stops reading answers after the first
run_batch([Path(sys.argv[1])], open_db(Path(sys.argv[2])), settings=RunSettings(workers=2), progress=progress)
"""
"""A batch whose parent stops reading after its first answer, while its workers are busy."""


def test_a_file_rewritten_during_the_batch_is_stored_under_the_hash_of_the_bytes_read(tmp_path):
    folder = papers(tmp_path / "in", {"first.txt": 5000})
    later = folder / "later.txt"
    later.write_text("Ref\tAction\tLead\n1.1\tOld wording\tDCS\n", encoding="utf-8")
    rewritten = "Ref\tAction\tLead\n1.1\tNew wording\tDCS\n1.2\tA second action\tDCS\n"

    def progress(event: Event) -> None:
        if event.path.name == "first.txt":  # the batch hashed later.txt already; it is read only now
            later.write_text(rewritten, encoding="utf-8")

    db = tmp_path / "out.db"
    run_batch([folder], open_db(db), settings=RunSettings(workers=0), progress=progress)
    conn = open_db(db)
    (doc_id,) = conn.execute("select id from documents where filename = 'later.txt'").fetchone()
    assert doc_id == hashlib.sha256(rewritten.encode()).hexdigest()
    actions = conn.execute("select ref, action from actions where document_id = ? order by ref", [doc_id]).fetchall()
    assert actions == [("1.1", "New wording"), ("1.2", "A second action")]
    again = run_batch([folder], open_db(db), settings=RunSettings(workers=0))
    assert again.skipped == 2 and again.documents == 0, "what was stored is what the file now holds"


def _ingest_slowly(path, **kwargs):
    """Reads slow.txt for a minute, from the copy the reader made of it."""
    if Path(path).name == "slow.txt":
        time.sleep(60)
    return REAL_INGEST(path, **kwargs)


REAL_INGEST = pipeline.ingest


def test_a_worker_stopped_mid_read_leaves_no_copy_of_its_file_behind(tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the batch's copies go
    monkeypatch.setattr(pipeline, "ingest", _ingest_slowly)
    folder = papers(tmp_path / "in", {"slow.txt": 9000, "quick.txt": 50})
    summary = run_batch([folder], open_db(tmp_path / "out.db"), settings=RunSettings(workers=1, timeout=1.5))
    assert summary.statuses == {"failed": 1, "ok": 1}
    assert list(scratch.rglob("*")) == [], "the copies of the files read are removed, also when a worker is killed"


def test_a_file_is_read_even_where_no_copy_of_it_can_be_made(tmp_path):
    folder = papers(tmp_path / "in", {"plan.txt": 10})
    not_a_folder = tmp_path / "scratch"
    not_a_folder.write_text("a file where the copies' folder should be")
    normalised = pipeline.process(folder / "plan.txt", scratch=not_a_folder)
    assert normalised.document.status == "ok"
    assert normalised.document.id == hashlib.sha256((folder / "plan.txt").read_bytes()).hexdigest()
