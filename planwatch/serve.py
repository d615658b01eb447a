"""Browse a planwatch database in Datasette, on this machine only.

    ds = make_datasette(Path("planwatch.db"))   # a configured Datasette instance
    run(ds, port=8001)                          # serves http://127.0.0.1:8001/ until stopped

The database is opened read-only; its views and search indexes are brought up
to date first. Tables and columns carry their descriptions, tables their
facets; canned queries and the overview dashboard are listed on the database
page.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from datasette.app import Datasette

from planwatch.store import open_db

from .datasette_metadata import DASHBOARD, datasette_metadata

HOST = "127.0.0.1"
"""Loopback only: the database is shared with nobody else on the network."""
DEFAULT_PORT = 8001
SETTINGS = {"default_page_size": 50, "sql_time_limit_ms": 3000, "facet_time_limit_ms": 500}


def make_datasette(db_path: Path) -> Datasette:
    """RETURNS (Datasette): Datasette over `db_path` with planwatch's metadata.

    Raises FileNotFoundError naming the file when there is no database there.
    """
    if not db_path.is_file():
        raise FileNotFoundError(f"no database at {db_path}; run 'planwatch ingest PATH --db {db_path}' first")
    db = open_db(db_path)
    columns = {name: [column.name for column in db[name].columns] for name in (*db.table_names(), *db.view_names())}
    db.conn.close()
    metadata = datasette_metadata(db_path.stem, columns=columns)
    return Datasette([str(db_path)], metadata=metadata, settings=SETTINGS)


def urls(db_path: Path, port: int) -> dict[str, str]:
    """RETURNS (dict[str, str]): the pages worth opening first, by name."""
    base = f"http://{HOST}:{port}"
    return {"database": f"{base}/{db_path.stem}", "dashboard": f"{base}/-/dashboards/{DASHBOARD}"}


def run(ds: Datasette, *, port: int = DEFAULT_PORT) -> None:
    """Serve `ds` on the loopback address until interrupted."""
    import uvicorn

    asyncio.run(ds.invoke_startup())
    uvicorn.run(ds.app(), host=HOST, port=port, log_level="warning", lifespan="on")
