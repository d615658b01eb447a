"""Reading a database never changes it (#18): info, serve, export and compare open it read-only,
and a file that is not a planwatch database gets the same clean message in every command."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

import analyst_papers
from planwatch.cli import cli
from planwatch.serve import HOST, free_port, spawn
from test_migrate import set_version, version_1_database


def read_commands(tmp_path: Path) -> dict[str, list[str]]:
    return {
        "info": ["info"],
        "export": ["export", "--out", str(tmp_path / "out")],
        "compare rag": ["compare", "rag", "--chart", str(tmp_path / "rag.png")],
        "compare indicator": ["compare", "indicator", "foster", "--chart", str(tmp_path / "ind.png")],
        "serve": ["serve", "--port", str(free_port())],
    }


def run(args: list[str], db_path: Path):
    return CliRunner().invoke(cli, [*args, "--db", str(db_path)])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.fixture
def rollback_db(tmp_path):
    """A planwatch database in rollback-journal mode, as a copy made by another tool may be."""
    folder = tmp_path / "db"
    folder.mkdir()
    path = analyst_papers.build(folder / "plans.db")
    conn = sqlite3.connect(path)
    conn.execute("pragma journal_mode = delete")
    conn.close()
    return path


@pytest.mark.parametrize("command", ["info", "export", "compare rag", "compare indicator"])
def test_reading_leaves_the_file_and_its_folder_as_they_were(tmp_path, rollback_db, command):
    before = snapshot(rollback_db.parent)
    result = run(read_commands(tmp_path)[command], rollback_db)
    assert result.exit_code == 0, result.output
    assert snapshot(rollback_db.parent) == before, f"{command} changed the database or left files beside it"


def test_serve_leaves_the_file_as_it_was(tmp_path, rollback_db):
    before = snapshot(rollback_db.parent)
    process = spawn(rollback_db, port=(port := free_port()))
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/plans/v_actions.json") as response:
            assert response.status == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert snapshot(rollback_db.parent) == before


def test_an_older_database_is_read_through_an_up_to_date_copy(tmp_path):
    path = version_1_database(tmp_path / "v1.db")
    before = path.read_bytes()
    result = run(["info", "--json"], path)
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before, "reading an older database migrated the file"
    process = spawn(path, port=(port := free_port()))
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/v1/v_papers.json?_shape=array") as response:
            papers = json.loads(response.read())
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert papers, "serve shows the older database's papers through this planwatch's views"
    assert path.read_bytes() == before, "serving an older database migrated the file"


def _read_only_folder_command(folder: Path, command: list[str]) -> list[str]:
    """`command` run where `folder` may not be written: a read-only bind mount for root, who may write anywhere."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return command
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.skip("running as root without unshare and mount, so a folder cannot be made read-only")
    quoted = " ".join(f"'{part}'" for part in command)
    return ["unshare", "-m", "sh", "-c",
            f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' && exec {quoted}"]


@pytest.mark.parametrize("command", ["info", "export", "compare rag"])
def test_a_database_in_a_folder_that_may_not_be_written_is_read(tmp_path, command):
    """A WAL database (as ingest leaves it) in a read-only folder: mode=ro cannot open it, so it is read immutable."""
    folder = tmp_path / "shared"
    folder.mkdir()
    path = analyst_papers.build(folder / "plans.db")
    conn = sqlite3.connect(path)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert not list(folder.glob("plans.db-*")), "no -wal or -shm file left for readers to share"
    before = snapshot(folder)
    args = [sys.executable, "-c", "from planwatch.cli import main; main()", *read_commands(tmp_path)[command],
            "--db", str(path)]
    try:
        result = subprocess.run(_read_only_folder_command(folder, args), capture_output=True, text=True,
                                timeout=120)
    finally:
        folder.chmod(0o755)
    if "Operation not permitted" in result.stderr and "mount" in result.stderr:
        pytest.skip(f"no read-only bind mount here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    assert ("Rutland" in result.stdout or "v_papers" in result.stdout) and "readonly" not in result.stderr
    assert snapshot(folder) == before


def _not_planwatch(path: Path) -> str:
    conn = sqlite3.connect(path)
    conn.execute("create table recipes (name text)")
    conn.commit()
    conn.close()
    return "not a planwatch database (it holds the tables recipes and no documents table)"


def _not_sqlite(path: Path) -> str:
    path.write_bytes(b"%PDF-1.7\n" + b"x" * 2000)
    return "not an SQLite database (file is not a database)"


def _newer(path: Path) -> str:
    analyst_papers.build(path)
    set_version(path, "99")
    return "the database was written by a newer planwatch (schema version 99; this planwatch reads version 2)"


@pytest.mark.parametrize("make", [_not_planwatch, _not_sqlite, _newer], ids=["not planwatch", "not sqlite", "newer"])
def test_every_command_gives_the_same_clean_message(tmp_path, make):
    path = tmp_path / "other.db"
    expected = f"Error: {path}: {make(path)}"
    before = path.read_bytes()
    for name, args in read_commands(tmp_path).items():
        result = run(args, path)
        assert result.exit_code == 1, f"[{name}] {result.output}"
        assert result.output.startswith(expected), f"[{name}] {result.output[:300]}"
        assert "Traceback" not in result.output, name
    assert path.read_bytes() == before


def test_a_page_not_found_logs_one_line(tmp_path):
    path = analyst_papers.build(tmp_path / "plans.db")
    log = tmp_path / "serve.log"
    port = free_port()
    with log.open("w") as errors:
        process = subprocess.Popen(
            [sys.executable, "-c", "from planwatch.cli import main; main()", "serve", "--db", str(path),
             "--port", str(port)], stdout=errors, stderr=errors, text=True,
        )
        try:
            _wait_for(port)
            for address in ("/nope", "/plans/no_such_table", "/plans.json/x"):
                with pytest.raises(urllib.error.HTTPError, match="404"):
                    urllib.request.urlopen(f"http://{HOST}:{port}{address}")
            time.sleep(0.5)
        finally:
            process.terminate()
            process.wait(timeout=10)
    lines = [line for line in log.read_text().splitlines() if line.startswith("404 ")]
    text = log.read_text()
    assert "Traceback" not in text and len(lines) == 3, text[:2000]
    assert lines[0] == "404 GET /nope: Database not found"


def _wait_for(port: int, process: subprocess.Popen | None = None) -> None:
    import socket

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"serve exited with status {process.returncode} before listening")
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"serve did not listen on {port}")


def test_serve_reads_a_database_in_a_folder_that_may_not_be_written(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = analyst_papers.build(folder / "plans.db")
    before = snapshot(folder)
    port = free_port()
    args = [sys.executable, "-c", "from planwatch.cli import main; main()", "serve", "--db", str(path),
            "--port", str(port)]
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(_read_only_folder_command(folder, args), stdout=output, stderr=output)
        try:
            _wait_for(port, process)
            with urllib.request.urlopen(f"http://{HOST}:{port}/plans/v_papers.json?_shape=array") as response:
                papers = json.loads(response.read())
        finally:
            process.terminate()
            process.wait(timeout=10)
            folder.chmod(0o755)
    assert {paper["council"] for paper in papers} >= {"Rutland", "Halton"}, log.read_text()
    assert snapshot(folder) == before
