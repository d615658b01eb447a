"""Options and checks the `planwatch` commands share (sqlite-utils' `output_options` pattern)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import click

from planwatch.store.exceptions import StoreError, no_database_message

DEFAULT_DB = "planwatch.db"

db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB,
    show_default=True, help="SQLite database file",
)


@contextlib.contextmanager
def database_errors() -> Iterator[None]:
    """Turn a database that cannot be read (not SQLite, not planwatch's, newer) into 'Error: ...' and exit 1."""
    try:
        yield
    except StoreError as e:
        raise click.ClickException(str(e)) from e


def existing_db(db_path: Path) -> Path:
    """RETURNS (Path): `db_path`, when a database is there; else a usage error (exit 2) saying what to run."""
    if not db_path.is_file():
        raise click.UsageError(no_database_message(db_path))
    return db_path
