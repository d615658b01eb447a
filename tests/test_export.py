"""`export` and `frames`: every table and view, in each format, with its rows and types."""

from __future__ import annotations

import csv
import json
import sqlite3

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import analyst_papers
from planwatch import frames
from planwatch.cli import cli
from planwatch.export import export

FORMATS = ["csv", "parquet", "jsonl"]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return analyst_papers.build(tmp_path_factory.mktemp("export") / "planwatch.db")


@pytest.fixture(scope="module")
def expected(db_path) -> dict[str, tuple[list[str], int]]:
    """name -> (columns, rows), read straight from SQLite."""
    conn = sqlite3.connect(db_path)
    found = {}
    for name in frames.NAMES:
        cursor = conn.execute(f"select * from [{name}]")
        found[name] = ([column[0] for column in cursor.description], len(cursor.fetchall()))
    return found


def read_back(path, fmt: str) -> tuple[list[str], list[dict]]:
    if fmt == "csv":
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            return list(reader.fieldnames or []), list(reader)
    if fmt == "parquet":
        table = pq.read_table(path)
        return table.column_names, table.to_pylist()
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    return (list(rows[0]) if rows else []), rows


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_table_and_view_is_written_with_its_rows(db_path, expected, tmp_path, fmt):
    written = export(db_path, tmp_path / fmt, fmt=fmt)
    assert [item.name for item in written] == list(frames.NAMES)
    for item in written:
        columns, rows = expected[item.name]
        assert item.path == tmp_path / fmt / f"{item.name}.{fmt}" and item.rows == rows, item.name
        found_columns, found_rows = read_back(item.path, fmt)
        assert len(found_rows) == rows, f"[{item.path.name}] rows"
        if rows or fmt != "jsonl":
            assert found_columns == columns, f"[{item.path.name}] columns"


def test_views_are_among_the_files(db_path, tmp_path):
    export(db_path, tmp_path, fmt="jsonl")
    rows = [json.loads(line) for line in (tmp_path / "v_rag_by_document.jsonl").read_text().splitlines()]
    halton = next(row for row in rows if row["council"] == "Halton")
    assert (halton["amber"], halton["amber_share"], halton["unrated"]) == (3, 0.5, None)


def test_parquet_keeps_column_types_even_when_all_null(db_path, tmp_path):
    export(db_path, tmp_path, fmt="parquet")
    schema = pq.read_schema(tmp_path / "indicators.parquet")
    assert str(schema.field("target").type) == "double", "an all-NULL REAL column stays double"
    assert str(schema.field("page").type) == "int64"
    assert "string" in str(schema.field("name").type)
    shares = pq.read_schema(tmp_path / "v_rag_by_document.parquet")
    assert str(shares.field("red").type) == "int64" and str(shares.field("red_share").type) == "double"


def test_export_replaces_earlier_files(db_path, tmp_path):
    (tmp_path / "actions.csv").write_text("stale\n")
    export(db_path, tmp_path, fmt="csv")
    assert (tmp_path / "actions.csv").read_text().startswith("id,document_id,ref")


def test_cli_export_lists_files_and_rows(db_path, tmp_path):
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--format", "parquet", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = dict(line.split("\t")[::-1] for line in result.stdout.splitlines())
    assert lines[str(tmp_path / "v_overdue_actions.parquet")] == "5"
    assert len(lines) == len(frames.NAMES)


def test_cli_export_rejects_an_unknown_format(db_path, tmp_path):
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--format", "xlsx", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "'xlsx' is not one of" in result.output


def test_frames_load_a_view_with_dates_and_nullable_integers(db_path):
    actions = frames.load(db_path, "v_actions")
    assert len(actions) == 9
    assert pd.api.types.is_datetime64_any_dtype(actions["doc_date"])
    assert str(actions["page"].dtype) == "Int64"
    raw = frames.load(db_path, "v_actions", dates=False)
    assert raw["doc_date"].iloc[0] in {"2024-03-12", "2024-06-01"}


def test_frames_tables_gives_every_name(db_path):
    everything = frames.tables(db_path)
    assert list(everything) == list(frames.NAMES)
    assert len(everything["v_overdue_actions"]) == 5


def test_frames_name_what_is_wrong(db_path, tmp_path):
    with pytest.raises(ValueError, match="no table or view 'action'.*choose one of: documents"):
        frames.load(db_path, "action")
    with pytest.raises(FileNotFoundError, match="no database at .*missing.db"):
        frames.load(tmp_path / "missing.db", "actions")
    assert not (tmp_path / "missing.db").exists()
