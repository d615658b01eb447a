"""Writers that meet a lock wait and retry; a lock that never goes away stops the run with a message."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from planwatch.store import StoreBusy, immediate, open_db, retry_locked, store
from test_store import normalised


def hold_write_lock(path, release: threading.Event) -> threading.Thread:
    """Another connection takes the write lock and keeps it until `release` is set."""
    taken = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        taken.set()
        release.wait(timeout=30)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    taken.wait(timeout=10)
    return thread


def test_a_write_refused_as_locked_is_retried_until_the_lock_goes(tmp_path):
    path = tmp_path / "busy.db"
    db = open_db(path, busy_timeout=0.05)  # SQLite itself waits only 50 ms
    release = threading.Event()
    thread = hold_write_lock(path, release)
    attempts = []

    def write() -> None:
        attempts.append(1)
        if len(attempts) == 3:
            release.set()  # the other writer finishes while we are retrying
            thread.join()
        with immediate(db):
            db["planwatch_meta"].insert({"key": "note", "value": "written"})

    retry_locked(write, name="busy.db", deadline=30)
    assert len(attempts) == 3
    assert db["planwatch_meta"].get("note")["value"] == "written"


def test_store_itself_retries(tmp_path):
    path = tmp_path / "busy.db"
    db = open_db(path, busy_timeout=0.05)
    release = threading.Event()
    thread = hold_write_lock(path, release)
    timer = threading.Timer(0.5, release.set)
    timer.start()
    result = store(db, normalised())  # refused several times, then written
    thread.join()
    assert result.rows["actions"] == 3 and db["actions"].count == 3


def test_a_lock_that_outlasts_the_deadline_stops_with_a_message(tmp_path):
    path = tmp_path / "stuck.db"
    db = open_db(path, busy_timeout=0.05)
    release = threading.Event()
    thread = hold_write_lock(path, release)
    try:
        with pytest.raises(StoreBusy, match=r"stuck\.db: the database stayed locked by another program for over 0\.2 seconds"):
            store(db, normalised(), deadline=0.2)
    finally:
        release.set()
        thread.join()
    assert db["documents"].count == 0


def test_other_database_errors_are_not_retried(tmp_path):
    db = open_db(tmp_path / "x.db")
    calls = []

    def broken():
        calls.append(1)
        db.execute("insert into no_such_table values (1)")

    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        retry_locked(broken, name="x.db")
    assert calls == [1]
