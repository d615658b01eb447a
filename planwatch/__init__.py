"""planwatch: councils' children's services improvement plans, as one SQLite database.

The stages live in their own packages, imported as `planwatch.ingest`,
`planwatch.extract`, `planwatch.normalise` and `planwatch.store` (folders
`ingest/`, `extract/`, `normalise/`, `store/` at the top of the repository).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("planwatch")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
