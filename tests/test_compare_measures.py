"""`compare measure` and the measure view: one catalogue measure across councils, whatever each paper calls it (#17)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from planwatch import compare
from planwatch.cli import cli
from planwatch.normalise.indicators import with_measure
from planwatch.normalise.measures import catalogue_rows
from planwatch.normalise.models import DocumentRow, IndicatorRow, IndicatorValueRow, NormalisedDocument
from planwatch.store import open_db, store
from png_checks import assert_png_shows_something

WORDINGS = [
    "Rate of children in care per 10,000 children",
    "Looked after children per 10,000 population aged 0-17",
    "CLA rate per 10,000",
    "Rate of Children in Care (CIC) per 10,000 children (month end snapshot)",
    "Children looked after rate per 10,000",
    "Rate of children looked after per 10,000 under 18s",
    "Children in care per 10,000 children",
    "LAC per 10,000 children",
    "Rate of children we care for per 10,000",
]
"""Nine councils' wordings of one measure (a chart holds eight lines per panel)."""
COUNCILS = ["Halton", "Rutland", "Torbay", "Wirral", "Plymouth", "Sunderland", "Kent", "Medway", "Slough"]


def paper(number: int, council: str, name: str, *, same_as: str | None = None, values=(90.0, 92.5)) -> NormalisedDocument:
    row = with_measure(IndicatorRow(name=name, unit="rate_per_10000", values=[
        IndicatorValueRow(period="Q1 2024/25", period_end="2024-06-30", value=values[0], value_raw=f"{values[0]}"),
        IndicatorValueRow(period="Q2 2024/25", period_end="2024-09-30", value=values[1], value_raw=f"{values[1]}"),
    ]))
    extra = with_measure(IndicatorRow(name="Number of children looked after", unit="count", values=[
        IndicatorValueRow(period="Q2 2024/25", period_end="2024-09-30", value=300, value_raw="300")]))
    return NormalisedDocument(
        document=DocumentRow(id=f"{number:064d}", source_path=f"/p/{number}.pdf", filename=f"{council.lower()}-{number}.pdf",
                             format="pdf", council=council, doc_date="2024-10-15", kind="performance_report"),
        indicators=[row, extra],
    )


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("measures") / "planwatch.db"
    db = open_db(path)
    for number, (council, name) in enumerate(zip(COUNCILS, WORDINGS), start=1):
        store(db, paper(number, council, name))
    copy = paper(99, "Halton", WORDINGS[0], values=(1.0, 2.0))  # the same paper in other bytes, stored as a copy
    store(db, copy)
    db["documents"].update(copy.document.id, {"same_as": f"{1:064d}"})
    db.conn.close()
    return path


def test_every_wording_is_the_same_measure():
    for name in WORDINGS:
        row = with_measure(IndicatorRow(name=name, unit="rate_per_10000"))
        assert row.measure == "cla_rate", name


def test_the_view_has_each_council_once_and_leaves_copies_out(db_path):
    db = open_db(db_path)
    rows = db.execute("select council, value from v_measure_across_councils where measure = 'cla_rate'").fetchall()
    assert sorted({council for council, _ in rows}) == sorted(COUNCILS)
    assert len(rows) == 2 * len(COUNCILS) and (("Halton", 1.0) not in rows)
    counts = db.execute("select count(*) from v_measure_across_councils where measure = 'cla_count'").fetchone()
    assert counts == (len(COUNCILS),), "the count is another measure"


def test_measure_series_finds_by_id_or_words(db_path):
    for text in ("cla_rate", "children looked after per 10,000", "CLA RATE"):
        measure, values = compare.measure_series(db_path, text)
        assert measure["id"] == "cla_rate" and sorted(values["series"].unique()) == sorted(COUNCILS)
    with pytest.raises(LookupError, match="fits .* measures: .*cla_rate"):
        compare.measure_series(db_path, "looked after")
    with pytest.raises(LookupError, match="no catalogue measure is called 'ferrets'"):
        compare.measure_series(db_path, "ferrets")


def test_measure_chart_adds_a_panel_past_eight_councils(db_path, tmp_path):
    measure, values = compare.measure_series(db_path, "cla_rate")
    few = values[values["council"].isin(COUNCILS[:3])]
    small = assert_png_shows_something(compare.measure_chart(measure, few, tmp_path / "few.png"))
    large = assert_png_shows_something(compare.measure_chart(measure, values, tmp_path / "all.png"))
    assert large.shape[0] > 1.5 * small.shape[0], "nine councils, two panels"


def test_compare_indicator_brings_the_same_measure_in_other_words(db_path):
    series = compare.indicator_series(db_path, "LAC")
    assert set(series["council"]) == set(COUNCILS)


def test_cli_compare_measure(db_path, tmp_path):
    chart = tmp_path / "m.png"
    result = CliRunner().invoke(cli, ["compare", "measure", "cla_rate", "--db", str(db_path), "--chart", str(chart),
                                      "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert len(rows) == 2 * len(COUNCILS) and {row["council"] for row in rows} == set(COUNCILS)
    assert_png_shows_something(chart)
    unknown = CliRunner().invoke(cli, ["compare", "measure", "ferrets", "--db", str(db_path)])
    assert unknown.exit_code == 1 and "no catalogue measure is called 'ferrets'" in unknown.output


def test_catalogue_is_in_every_database_and_follows_the_shipped_one(tmp_path):
    path = tmp_path / "p.db"
    db = open_db(path)
    assert db.execute("select count(*) from measures").fetchone() == (len(catalogue_rows()),)
    db.execute("update measures set name = 'stale' where id = 'cla_rate'")
    db.execute("insert into measures (id, name) values ('gone', 'a measure no longer shipped')")
    db.execute("update planwatch_meta set value = 'old' where key = 'measures_digest'")
    db.conn.close()
    db = open_db(path)
    assert db.execute("select name from measures where id = 'cla_rate'").fetchone() == ("Children looked after per 10,000 children",)
    assert db.execute("select count(*) from measures where id = 'gone'").fetchone() == (0,)


def test_a_changed_catalogue_matches_stored_indicators_again(tmp_path):
    path = tmp_path / "p.db"
    db = open_db(path)
    store(db, paper(1, "Halton", WORDINGS[0]))
    db.execute("update indicators set measure = 'gone', measure_score = 0.5")
    db.execute("update planwatch_meta set value = 'old' where key = 'measures_digest'")
    db.conn.close()
    db = open_db(path)
    found = db.execute("select name, measure, measure_score from indicators order by id").fetchall()
    assert found == [(WORDINGS[0], "cla_rate", 1.0), ("Number of children looked after", "cla_count", 1.0)]
