"""The worker pool: results stored as they arrive, a lost worker costs only its file, queues refilled."""

from __future__ import annotations

import os
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

    summary = run_batch([folder], open_db(tmp_path / "out.db"), settings=RunSettings(workers=workers), progress=progress)
    assert summary.statuses["ok"] == 2, summary.failures
