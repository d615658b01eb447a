"""RAG count grids: how many actions sit at each status, per priority or section.

A grid is a table with status labels down one side (`Red`, `Amber`, `Green`,
`Completed`, and rows that are not statuses: `New Actions`, `Total`) and group
labels along the other (`1` ... `15`, `Total`), holding whole numbers. Either
orientation is read: statuses as rows or as columns. A table counts as a grid
when at least `rag_counts.min_statuses` of its labels on one side are status
words from `vocab.toml` [rag_key] and the cells they head are numbers, so a
finance table with a `Total` column is not one.

Every printed number becomes one record (grp, status as printed, count);
checking that rows and columns add up to the printed totals is the normalise
stage's job, which needs the numbers as printed.

Written for sunderland-tfc-2019-01-21-progress-report (statuses as rows,
priorities 1-15 and Total as columns under a `PRIORITIES` banner).
"""

from __future__ import annotations

import re
from typing import Any

from planwatch.ingest.models import RawDocument, Table
from planwatch.wording import counted

from . import common
from .common import clean, fold_lookalikes, vocabulary
from .models import Extraction, LayoutReport, RagCountRecord, Source

LAYOUT = "rag_counts"
_NUMBER = re.compile(r"^\d{1,5}$")


def label_kind(text: str) -> str | None:
    """RETURNS (str | None): 'status', 'total' or 'new' for a grid label, None for anything else."""
    wanted = clean(fold_lookalikes(text)).lower().rstrip(":")
    vocab = vocabulary()
    if wanted in vocab["rag_counts"]["total"]:
        return "total"
    if wanted in vocab["rag_counts"]["new"]:
        return "new"
    if wanted in vocab["rag_key"]["labels"] or wanted in vocab["cells"]["status"]:
        return "status"
    return None


def _number(text: str) -> int | None:
    text = clean(text).replace(",", "")
    return int(text) if _NUMBER.match(text) else None


def _grid(table: Table) -> list[list[str]]:
    return [common.row_texts(table, r) for r in range(len(table.rows))]


def _transpose(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(row) for row in rows), default=0)
    return [[row[col] if col < len(row) else "" for row in rows] for col in range(width)]


def read_grid(rows: list[list[str]]) -> list[tuple[str, str, int, int]] | None:
    """RETURNS (list | None): (grp, status, count, row index) for a grid with statuses down its first column.

    The group labels are taken from the nearest row above the first status row
    that has text over the number columns.
    """
    status_rows = []
    for r, row in enumerate(rows):
        first = next(((col, clean(text)) for col, text in enumerate(row) if clean(text)), None)
        if first is None or label_kind(first[1]) is None:
            continue
        numbers = {col: _number(text) for col, text in enumerate(row) if col > first[0] and clean(text)}
        if numbers and all(value is not None for value in numbers.values()):
            status_rows.append((r, first[1], numbers))
    real = {common.key(label) for _, label, _ in status_rows if label_kind(label) == "status"}
    if len(real) < vocabulary()["rag_counts"]["min_statuses"]:
        return None
    first_row = status_rows[0][0]
    columns = {col for _, _, numbers in status_rows for col in numbers}
    header = next(
        (rows[r] for r in range(first_row - 1, -1, -1) if all(col < len(rows[r]) and clean(rows[r][col]) for col in columns)),
        None,
    )
    if header is None:
        return None
    return [
        (clean(header[col]), label, count, r)
        for r, label, numbers in status_rows for col, count in sorted(numbers.items())
    ]


def grids(raw: RawDocument) -> list[tuple[Table, bool, list[tuple[str, str, int, int]]]]:
    """RETURNS (list): each grid found: its table, whether it was read transposed, and its cells."""
    found = []
    for table in common.all_tables(raw):
        rows = _grid(table)
        cells = read_grid(rows)
        transposed = False
        if cells is None:
            cells, transposed = read_grid(_transpose(rows)), True
        if cells:
            found.append((table, transposed, cells))
    return found


def matches(raw: RawDocument) -> bool:
    """RETURNS (bool): the document holds a RAG count grid."""
    return bool(grids(raw))


def extract(raw: RawDocument, *, settings: None = None) -> Extraction:
    """RETURNS (Extraction): one record per printed count of each grid, with a LayoutReport."""
    records = []
    found = grids(raw)
    for table, transposed, cells in found:
        for grp, status, count, index in cells:
            row = None if transposed else index
            page = table.rows[index].page if not transposed and index < len(table.rows) else None
            source = Source(page=page or table.page, seq=table.seq, table=table.seq, row=row)
            records.append(RagCountRecord(grp=grp, status_raw=status, count=count, source=source))
    report = LayoutReport(
        layout=LAYOUT, tables_seen=len(raw.tables), records=len(records),
        notes=[counted(len(found), "grid")] if found else [],
    )
    return Extraction(origin=raw.origin, rag_counts=records, reports=[report])


def debug(raw: RawDocument) -> dict[str, Any]:
    """RETURNS (dict): the grids found, with the table seq, orientation and cells of each."""
    return {"grids": [{"table": table.seq, "transposed": t, "cells": cells} for table, t, cells in grids(raw)]}
