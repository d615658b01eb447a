"""`v_measure_across_councils` and its canned query on the samples, against the hand-made measures (#17)."""

from __future__ import annotations

import asyncio

import pytest

import sample_db
from planwatch.serve import make_datasette
from planwatch.store import open_db


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return sample_db.build_from_golden(tmp_path_factory.mktemp("measure_views") / "planwatch.db")


def expected_rows() -> dict[str, list[tuple]]:
    """measure -> sorted (council, indicator name, period, value_raw) of every sample value with that measure."""
    found: dict[str, list[tuple]] = {}
    for path in sample_db.sample_papers():
        normalised = sample_db.golden_document(path)
        for row in normalised.indicators:
            for value in row.values if row.measure else []:
                found.setdefault(row.measure, []).append(
                    (normalised.document.council, row.name, value.period, value.value_raw))
    return {measure: sorted(rows) for measure, rows in found.items()}


def test_view_has_every_value_of_every_measured_indicator(db_path):
    db = open_db(db_path)
    expected = expected_rows()
    assert {"cla_rate", "cp_count", "cla_3plus_placements_pct"} <= set(expected)
    for measure, rows in expected.items():
        got = db.execute("select council, indicator_name, period, value_raw from v_measure_across_councils "
                         "where measure = ?", [measure]).fetchall()
        assert sorted(got) == rows, measure
    (unmeasured,) = db.execute("select count(*) from v_measure_across_councils where measure is null").fetchone()
    assert unmeasured == 0


def test_one_measure_joins_councils(db_path):
    db = open_db(db_path)
    councils = db.execute("select distinct council from v_measure_across_councils "
                          "where measure = 'cla_3plus_placements_pct' order by council").fetchall()
    assert councils == [("Bradford",), ("Halton",), ("Torbay",)]


def test_canned_query_takes_an_id_or_words(db_path):
    ds = make_datasette(db_path)

    async def fetch(params: str):
        await ds.invoke_startup()
        return (await ds.client.get(f"/planwatch/measure_across_councils.json?{params}&_shape=array")).json()

    by_id = asyncio.run(fetch("measure=cla_3plus_placements_pct"))
    by_words = asyncio.run(fetch("measure=three+or+more+placements"))
    expected = [row for row in expected_rows()["cla_3plus_placements_pct"] if row[3] not in ("Not available",)]
    assert len(by_id) == len(expected) and by_id == by_words
    assert {row["council"] for row in by_id} == {"Bradford", "Halton", "Torbay"}
