"""Every table and view of a planwatch database, written as CSV, Parquet or JSON Lines files.

    written = export("planwatch.db", Path("out/"), fmt=ExportFormat.PARQUET)
    # out/documents.parquet, out/actions.parquet, …, out/v_overdue_actions.parquet

One file per table or view, named after it. Dates stay ISO text, as in the
database, so the three formats agree; columns keep their SQLite types
(Parquet: string, int64, double) even when every value is NULL.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict

from . import frames


class ExportFormat(str, Enum):
    CSV = "csv"
    PARQUET = "parquet"
    JSONL = "jsonl"


class ExportedFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    path: Path
    rows: int


def export(db_path: Path | str, out_dir: Path, *, fmt: ExportFormat | str) -> list[ExportedFile]:
    """RETURNS (list[ExportedFile]): one file per table and view in `frames.NAMES`, in that order.

    out_dir (Path): created when missing; files of the same name are replaced.
    fmt (ExportFormat | str): `csv`, `parquet` or `jsonl`.
    """
    fmt = ExportFormat(fmt)
    out_dir.mkdir(parents=True, exist_ok=True)
    conn = frames.connect(db_path)
    try:
        written = []
        for name in frames.NAMES:
            frame = frames.read(conn, name, dates=False)
            path = out_dir / f"{name}.{fmt.value}"
            write_frame(frame, path, fmt=fmt)
            written.append(ExportedFile(name=name, path=path, rows=len(frame)))
        return written
    finally:
        conn.close()


def write_frame(frame: pd.DataFrame, path: Path, *, fmt: ExportFormat) -> None:
    """Write one DataFrame to `path` in the given format, without its index."""
    if fmt is ExportFormat.CSV:
        frame.to_csv(path, index=False)
    elif fmt is ExportFormat.PARQUET:
        frame.to_parquet(path, index=False, engine="pyarrow")
    elif frame.empty:
        path.write_text("", encoding="utf-8")  # pandas writes a blank line, which JSON Lines readers reject
    else:
        frame.to_json(path, orient="records", lines=True, force_ascii=False, date_format="iso")
