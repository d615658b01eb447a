"""Datasette metadata and pages, in process: descriptions, facets, canned queries, the dashboard."""

from __future__ import annotations

import asyncio

import pytest

import analyst_papers
from planwatch.datasette_metadata import FACETS, QUERIES
from planwatch.serve import make_datasette
from planwatch.store import open_db
from planwatch.store.views import VIEWS
from test_store import contract_columns


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return analyst_papers.build(tmp_path_factory.mktemp("serve") / "planwatch.db")


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(db_path)


def get(ds, path: str):
    async def fetch():
        await ds.invoke_startup()
        return await ds.client.get(path)
    return asyncio.run(fetch())


def table_metadata(ds, name: str) -> dict:
    return ds.metadata()["databases"]["planwatch"]["tables"][name]


def test_every_contract_column_has_a_description(ds):
    for table, columns in contract_columns().items():
        described = table_metadata(ds, table)
        assert described["description"], f"[SCHEMA.md] {table} has no description"
        missing = set(columns) - set(described["columns"])
        assert not missing, f"[SCHEMA.md] {table} columns without a description: {sorted(missing)}"


def test_every_view_and_extra_column_has_a_description(ds, db_path):
    db = open_db(db_path)
    for name in (*VIEWS, "problems"):
        columns = {column.name for column in db[name].columns}
        missing = columns - set(table_metadata(ds, name)["columns"])
        assert not missing, f"[{name}] columns without a description: {sorted(missing)}"


def test_facets_name_real_columns(ds, db_path):
    db = open_db(db_path)
    for name, facets in FACETS.items():
        assert set(facets) <= {column.name for column in db[name].columns}, name
    assert {"council", "kind", "rag"} <= set(FACETS["v_actions"])


def test_table_page_shows_facets_and_descriptions(ds):
    response = get(ds, "/planwatch/v_actions.json?_facet=council&_facet=rag&_shape=objects")
    assert response.status_code == 200
    facets = response.json()["facet_results"]
    rag_counts = {item["value"]: item["count"] for item in facets["rag"]["results"]}
    assert rag_counts == {"amber": 2, "red": 1, "green": 1, "complete": 1}
    page = get(ds, "/planwatch/v_rag_by_document").text
    assert "red / rated" in page, "column descriptions are not shown"


@pytest.mark.parametrize("query, params, column, expected", [
    ("red_amber_actions", "council=rutland", "ref", ["1.1", "1.2", "1.3"]),
    ("red_amber_actions", "council=", "ref", ["1.1", "1.2", "1.3"]),
    ("rag_shares_over_time", "council=Rutland", "red_pct", [20.0, 10.0]),
    ("indicator_across_councils", "text=foster", "value", [117.0, 112.0]),
    ("overdue_actions", "council=", "days_overdue", [122, 122, 122, 41, 12]),
    ("overdue_actions", "council=Halton", "days_overdue", []),
])
def test_canned_queries(ds, query, params, column, expected):
    response = get(ds, f"/planwatch/{query}.json?{params}&_shape=array")
    assert response.status_code == 200, response.text
    assert [row[column] for row in response.json()] == expected


def test_every_canned_query_has_a_title_and_runs(ds):
    for name, query in QUERIES.items():
        assert query["title"] and query["description"], name
        page = get(ds, f"/planwatch/{name}")
        assert page.status_code == 200 and query["title"] in page.text, name


def test_dashboard_page_and_its_chart_data(ds):
    page = get(ds, "/-/dashboards/overview")
    assert page.status_code == 200 and "planwatch overview" in page.text
    assert "vega-lite.min.js" in page.text and "cdn" not in page.text.lower(), "charts must load without the network"
    metadata = ds.metadata()["plugins"]["datasette-dashboards"]["overview"]
    sql = metadata["charts"]["rag-shares"]["query"].replace("[[ and council = :council ]]", "")
    rows = get(ds, "/planwatch.json?_shape=array&sql=" + _quote(sql)).json()
    halton = {row["status"]: row["share"] for row in rows if row["council"] == "Halton"}
    assert halton == {"red": 16.7, "amber": 50.0, "green": 33.3, "complete": 0.0}


def test_missing_database_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no database at .*nothing.db; run 'planwatch ingest"):
        make_datasette(tmp_path / "nothing.db")


def _quote(sql: str) -> str:
    from urllib.parse import quote

    return quote(sql)


def test_spawn_reports_a_server_that_cannot_start(tmp_path):
    from planwatch.serve import free_port, spawn

    with pytest.raises(RuntimeError, match="(?s)exited with status 2: .*no database at"):
        spawn(tmp_path / "none.db", port=free_port())
