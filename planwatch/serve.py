"""Browse a planwatch database in Datasette, on this machine only.

    ds = make_datasette(Path("planwatch.db"))   # a configured Datasette instance
    run(ds, port=8001)                          # serves http://127.0.0.1:8001/ until stopped
    process = spawn(Path("planwatch.db"), port=free_port())  # `planwatch serve` in the background

The database is opened read-only; its views and search indexes are brought up
to date first. Tables and columns carry their descriptions, tables their
facets; canned queries and the overview dashboard are listed on the database
page.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from datasette.app import Datasette

from planwatch.store import open_read_only
from planwatch.store.exceptions import no_database_message

from . import serve_errors
from .datasette_metadata import DASHBOARD, datasette_metadata

HOST = "127.0.0.1"
"""Loopback only: the database is shared with nobody else on the network."""
DEFAULT_PORT = 8001
START_TIMEOUT_SECONDS = 60.0
"""How long `spawn` waits for the server to listen (a cold start takes a few seconds)."""
POLL_SECONDS = 0.2
SETTINGS = {"default_page_size": 50, "sql_time_limit_ms": 3000, "facet_time_limit_ms": 500}


def make_datasette(db_path: Path) -> Datasette:
    """RETURNS (Datasette): Datasette over `db_path` with planwatch's metadata.

    The file is never changed (#18): Datasette opens it read-only, or
    immutable when it is a WAL database in a folder that may not be written;
    a database an older planwatch wrote is served from an up-to-date copy in a
    temporary folder (removed when the process ends). Raises FileNotFoundError
    naming the file when there is no database there, SchemaError for a file
    that is not a planwatch database or is of a newer schema.
    """
    if not db_path.is_file():
        raise FileNotFoundError(no_database_message(db_path))
    serve_errors.register()
    opened = open_read_only(db_path)
    db = opened.db
    columns = {name: [column.name for column in db[name].columns] for name in (*db.table_names(), *db.view_names())}
    metadata = datasette_metadata(db_path.stem, columns=columns)
    if opened.how == "copy":
        served = _file_copy(db, db_path)
        print(f"{db_path} was written by an older planwatch: serving an up-to-date copy, the file is unchanged "
              f"('planwatch ingest PATH --db {db_path}' brings it up to date)", file=sys.stderr)
        return Datasette([str(served)], metadata=metadata, settings=SETTINGS)
    db.conn.close()
    if opened.how == "immutable":
        return Datasette([], immutables=[str(db_path)], metadata=metadata, settings=SETTINGS)
    return Datasette([str(db_path)], metadata=metadata, settings=SETTINGS)


def _file_copy(db, db_path: Path) -> Path:
    """RETURNS (Path): the in-memory database `db` written to a temporary file named like `db_path`."""
    import atexit
    import shutil
    import sqlite3

    folder = Path(tempfile.mkdtemp(prefix="planwatch-serve-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / db_path.name
    target = sqlite3.connect(path)
    db.conn.backup(target)
    target.close()
    db.conn.close()
    return path


def urls(db_path: Path, port: int) -> dict[str, str]:
    """RETURNS (dict[str, str]): the pages worth opening first, by name."""
    base = f"http://{HOST}:{port}"
    return {"database": f"{base}/{db_path.stem}", "dashboard": f"{base}/-/dashboards/{DASHBOARD}"}


def run(ds: Datasette, *, port: int = DEFAULT_PORT) -> None:
    """Serve `ds` on the loopback address until interrupted."""
    import uvicorn

    asyncio.run(ds.invoke_startup())
    uvicorn.run(ds.app(), host=HOST, port=port, log_level="warning", lifespan="on")


def free_port() -> int:
    """RETURNS (int): a loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def spawn(db_path: Path, *, port: int) -> subprocess.Popen:
    """RETURNS (subprocess.Popen): `planwatch serve` in a child process, once it listens on `port`.

    The caller stops it with `terminate()`. Raises RuntimeError with the
    server's own message when it exits or does not listen in time.
    """
    command = [sys.executable, "-c", "from planwatch.cli import main; main()",
               "serve", "--db", str(db_path), "--port", str(port)]
    errors = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: a full pipe would stall the server
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, text=True)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            errors.seek(0)
            raise RuntimeError(f"planwatch serve exited with status {process.returncode}: {errors.read()}")
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return process
        time.sleep(POLL_SECONDS)
    process.terminate()
    raise RuntimeError(f"planwatch serve did not listen on {HOST}:{port} within {START_TIMEOUT_SECONDS:.0f}s")
