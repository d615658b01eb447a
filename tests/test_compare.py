"""`compare`: RAG shares and indicator series as tables and PNG charts that show something."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import analyst_papers
from planwatch import compare
from planwatch.cli import cli
from planwatch.normalise.models import DocumentRow, IndicatorRow, IndicatorValueRow, NormalisedDocument
from planwatch.palette import RAG_COLOURS
from planwatch.store import open_db, store
from png_checks import assert_png_shows_something


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = analyst_papers.build(tmp_path_factory.mktemp("compare") / "planwatch.db")
    db = open_db(path)
    store(db, later_torbay_report())
    db.conn.close()
    return path


def later_torbay_report() -> NormalisedDocument:
    """A later paper that revises December's figure and adds March's."""
    return NormalisedDocument(
        document=DocumentRow(id="9" * 64, source_path="/papers/torbay-may.pdf", filename="torbay-may.pdf",
                             format="pdf", council="Torbay", doc_date="2025-05-01", kind="performance_report"),
        indicators=[IndicatorRow(name="Number of foster households", unit="count", values=[
            IndicatorValueRow(period="Latest", period_end="2025-03-31", value=120),
            IndicatorValueRow(period="Previous", period_end="2024-12-31", value=113),
        ])],
    )


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_rag_shares_per_council_and_date(db_path):
    shares = compare.rag_shares(db_path)
    assert list(zip(shares["council"], shares["doc_date"])) == [
        ("Halton", "2023-10-05"), ("Rutland", "2024-03-12"), ("Rutland", "2024-09-10"), ("Wirral", "2024-06-01"),
    ]
    only = compare.rag_shares(db_path, councils=["rutland", "WIRRAL"])
    assert set(only["council"]) == {"Rutland", "Wirral"}


def test_rag_chart_is_a_stacked_picture_with_one_panel_per_council(db_path, tmp_path):
    one = compare.rag_chart(compare.rag_shares(db_path, councils=["Rutland"]), tmp_path / "one.png")
    three = compare.rag_chart(compare.rag_shares(db_path), tmp_path / "all" / "three.png")
    assert_png_shows_something(one, colours=list(RAG_COLOURS.values()))
    pixels = assert_png_shows_something(three, colours=list(RAG_COLOURS.values()))
    one_area = assert_png_shows_something(one).shape[:2]
    assert pixels.shape[0] * pixels.shape[1] > 2.5 * one_area[0] * one_area[1], "three councils, three panels"


def test_rag_chart_of_nothing_is_refused(db_path, tmp_path):
    with pytest.raises(ValueError, match="no RAG statuses to chart"):
        compare.rag_chart(compare.rag_shares(db_path, councils=["Nowhere"]), tmp_path / "x.png")


def test_indicator_series_keeps_the_latest_papers_value(db_path):
    series = compare.indicator_series(db_path, "foster household")
    assert list(zip(series["period_end"], series["value"], series["doc_date"])) == [
        ("2024-09-30", 117.0, "2025-02-01"),
        ("2024-12-31", 113.0, "2025-05-01"),
        ("2025-03-31", 120.0, "2025-05-01"),
    ]
    assert compare.indicator_series(db_path, "caseload").empty


def test_indicator_chart_draws_lines(db_path, tmp_path):
    assert compare.indicator_series(db_path, "households OR leavers").empty, "OR is a word, not an operator"
    one_unit = compare.indicator_series(db_path, "foster")
    two_units = compare.indicator_series(db_path, "of")
    assert set(two_units["unit"]) == {"count", "percent"}
    one = assert_png_shows_something(compare.indicator_chart(one_unit, tmp_path / "one.png", title="foster"))
    two = assert_png_shows_something(compare.indicator_chart(two_units, tmp_path / "two.png"))
    assert two.shape[0] > 1.5 * one.shape[0], "one panel per unit"


def test_cli_compare_rag_prints_a_table_and_the_chart_path(db_path, tmp_path):
    chart = tmp_path / "rag.png"
    result = run("compare", "rag", "--db", str(db_path), "--council", "Rutland", "--chart", str(chart))
    assert result.exit_code == 0, result.output
    assert "2024-09-10" in result.stdout and "Halton" not in result.stdout
    assert result.stdout.rstrip().endswith(f"chart: {chart}")
    assert_png_shows_something(chart)


def test_cli_compare_json(db_path, tmp_path):
    chart = tmp_path / "ind.png"
    result = run("compare", "indicator", "foster", "--db", str(db_path), "--chart", str(chart), "--json")
    facts = json.loads(result.stdout)
    assert facts["chart"] == str(chart) and [row["value"] for row in facts["rows"]] == [117.0, 113.0, 120.0]


@pytest.mark.parametrize("args, code, message", [
    (["compare", "rag", "--council", "Nowhere"], 1,
     "no papers with RAG statuses for Nowhere in {db}; councils with statuses: Halton, Rutland, Wirral"),
    (["compare", "indicator", "caseload"], 1, "no indicator with dated values has a name matching 'caseload'"),
])
def test_cli_compare_says_what_is_there(db_path, tmp_path, args, code, message):
    result = run(*args, "--db", str(db_path), "--chart", str(tmp_path / "x.png"))
    assert result.exit_code == code
    assert message.format(db=db_path) in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_cli_compare_without_a_database_is_a_usage_error(tmp_path):
    result = run("compare", "rag", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "no database at" in result.stderr
    assert not (tmp_path / "none.db").exists(), "a missing database must not be created"


def test_a_paper_whose_grid_counts_nothing_shows_no_shares(tmp_path):
    from planwatch.normalise.models import RagCountRow

    db = open_db(tmp_path / "zero.db")
    paper = NormalisedDocument(
        document=DocumentRow(id="8" * 64, source_path="/z.pdf", filename="z.pdf", format="pdf", council=None),
        rag_counts=[RagCountRow(grp="Total", rag="red", count=0)],
    )
    store(db, paper)
    result = run("compare", "rag", "--db", str(tmp_path / "zero.db"), "--chart", str(tmp_path / "z.png"))
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "(not identified)" in line)
    assert "undated" in row and row.count("–") == 4
    assert_png_shows_something(tmp_path / "z.png")


def _many_series(councils: int, names: int):
    import pandas as pd

    rows = [
        {"council": f"C{c}", "name": f"indicator {n}", "unit": "percent", "period_end": f"2024-0{p}-28",
         "value": float(c + n + p)}
        for c in range(councils) for n in range(names) for p in range(1, 4)
    ]
    return pd.DataFrame(rows)


def test_indicator_chart_with_many_series_is_one_panel_per_council(tmp_path):
    """Past eight lines one legend cannot be read (#18): panels per council and unit, eight lines each at most."""
    few = compare.indicator_panels(_many_series(2, 4))
    assert [heading for heading, _ in few] == ["percent"]
    many = compare.indicator_panels(_many_series(3, 10))
    assert [heading for heading, _ in many] == ["C0 · percent", "C1 · percent", "C2 · percent"]
    assert_png_shows_something(compare.indicator_chart(_many_series(3, 10), tmp_path / "many.png"))


def test_rag_table_says_how_many_items_each_share_is_of(db_path):
    table = compare.rag_table(compare.rag_shares(db_path))
    assert "n rated" in [column.header for column in table.columns], "a share of one action says so (#18)"
