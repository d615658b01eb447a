"""Errors opening or writing the database. Each message names the file and says what to do."""


class StoreError(Exception):
    """The database cannot be used; nothing was written."""

    code = "store_error"


class SchemaError(StoreError):
    """The file is not a planwatch database, or one of a version this planwatch cannot read."""

    code = "schema_version"


class StoreBusy(StoreError):
    """Another program held the database locked for longer than planwatch waits."""

    code = "database_locked"


def no_database_message(path: object) -> str:
    """RETURNS (str): what to say when there is no database at `path`, and what to run first."""
    return f"no database at {path}; run 'planwatch ingest PATH --db {path}' first"
