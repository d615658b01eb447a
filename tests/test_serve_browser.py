"""`planwatch serve` as a person uses it: a real server process, a real headless Chromium.

Screenshots go to tests/output/serve_browser/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

import analyst_papers
import sample_db
from browser import chromium, dump_dom, screenshot, table_rows
from conftest import REPO
from planwatch.serve import free_port, spawn
from png_checks import assert_png_shows_something

OUTPUT = REPO / "tests" / "output" / "serve_browser"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    chromium()  # skip before starting anything when there is no browser
    if not sample_db.SAMPLES.is_dir():
        pytest.skip("samples/ is not here")
    # With fingerprints, the Rutland plan (Word and PDF) is one paper, as ingest makes it (#18).
    db_path = sample_db.build_from_golden(tmp_path_factory.mktemp("serve") / "planwatch.db", fingerprints=True)
    port = free_port()
    process = spawn(db_path, port=port)  # `planwatch serve --db ... --port ...` as a child process
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def golden_actions(council: str) -> list[tuple[dict, dict]]:
    """(golden document, action) for every action of the council's sample papers."""
    found = []
    for path in sample_db.sample_papers():
        golden = sample_db.golden_for(path)
        if golden["document"].get("council") == council:
            found += [(golden["document"], action) for action in golden.get("actions", [])]
    return found


def test_canned_query_page_lists_red_and_amber_actions(server):
    url = f"{server}/planwatch/red_amber_actions?council=Halton"
    rows = table_rows(dump_dom(url))
    expected = sorted(((a["rag"] == "amber", a["ref"]), a["ref"], a["rag"])
                      for _, a in golden_actions("Halton") if a.get("rag") in ("red", "amber"))
    assert [(row["ref"], row["rag"]) for row in rows] == [(ref, rag) for _, ref, rag in expected], url
    assert {row["council"] for row in rows} == {"Halton"}
    assert_png_shows_something(screenshot(url, OUTPUT / "red_amber_actions.png"))


def test_table_page_filters_a_view_by_council(server):
    url = f"{server}/planwatch/v_overdue_actions?council=Torbay"
    html = dump_dom(url)
    rows = table_rows(html)
    expected = sorted(a["ref"] for d, a in golden_actions("Torbay")
                      if a.get("due_date") and a["due_date"] < d["doc_date"] and a.get("rag") != "complete")
    assert expected, "the Torbay samples should have overdue actions"
    assert sorted(row["ref"] for row in rows) == expected, url
    assert {row["council"] for row in rows} == {"Torbay"}
    assert f'{len(expected)} rows where council = "Torbay"' in " ".join(html.split())


# -- the same action over time (#17) --

HISTORY = json.loads((REPO / "tests" / "golden" / "history" / "actions-over-time.json").read_text(encoding="utf-8"))


def test_canned_query_page_lists_what_changed_for_a_council(server):
    url = f"{server}/planwatch/action_changes?council=Stockport&since=2025-01-01"
    rows = table_rows(dump_dom(url))
    expected = [(c["change"], c["ref"]) for c in HISTORY["changes"] if c["doc_date"] >= "2025-01-01"]
    assert [(row["change"], row["ref"]) for row in rows] == expected, url
    assert_png_shows_something(screenshot(url, OUTPUT / "action_changes.png"))


def test_history_view_follows_one_action_from_paper_to_paper(server):
    action = next(a for a in HISTORY["actions"]["Stockport"] if a["method"][-1] == "text")  # the renumbered one
    url = f"{server}/planwatch/v_action_history?action_key={action['key']}&_sort=paper_seq"
    rows = table_rows(dump_dom(url))
    assert [(row["ref"], row["rag"]) for row in rows] == [
        (ref, rag) for ref, rag in zip(action["ref"], action["rag"]) if ref is not None], url
    assert {row["council"] for row in rows} == {"Stockport"}


def test_measure_view_and_query_join_councils_in_the_browser(server):
    url = f"{server}/planwatch/v_measure_across_councils?measure=cla_3plus_placements_pct"
    rows = table_rows(dump_dom(url))
    # a sample made in Word and converted to PDF is one paper: the view shows its values once
    expected = {(d.get("council"), i["name"], v["period"]) for path in sample_db.sample_papers()
                for d, i in _golden_indicators(path) if i.get("measure") == "cla_3plus_placements_pct"
                for v in i["values"]}  # fmt: skip
    assert sorted((row["council"], row["indicator_name"], row["period"]) for row in rows) == sorted(expected), url
    assert {row["council"] for row in rows} == {"Bradford", "Halton", "Torbay"}
    query = f"{server}/planwatch/measure_across_councils?measure=cla_rate"
    assert {row["measure"] for row in table_rows(dump_dom(query))} == {"cla_rate"}
    assert_png_shows_something(screenshot(query, OUTPUT / "measure_across_councils.png"))
    chart = f"{server}/-/dashboards/overview/measure?measure=cla_3plus_placements_pct"  # the panel on its own page
    html = dump_dom(chart)
    assert 'class="marks"' in html and all(name in html for name in ("Bradford", "Halton", "Torbay")), \
        "the measure chart did not draw"
    assert_png_shows_something(screenshot(chart, OUTPUT / "dashboard_measure.png"))


def _golden_indicators(path) -> list[tuple[dict, dict]]:
    normalised = sample_db.golden_document(path).model_dump(mode="json")
    return [(normalised["document"], indicator) for indicator in normalised["indicators"]]


def test_dashboard_draws_its_charts_without_the_network(server):
    url = f"{server}/-/dashboards/overview"
    html = dump_dom(url)
    assert html.count('class="marks"') >= 4, "the Vega charts did not draw"
    assert_png_shows_something(screenshot(url, OUTPUT / "dashboard.png", window=(1400, 1400)))


def test_dashboard_counts_each_paper_once_and_shows_its_n(server):
    """The Rutland plan, read as Word and as PDF, is one bar; every bar's label says how many items it is of (#18)."""
    html = " ".join(dump_dom(f"{server}/-/dashboards/overview").split())
    rutland = [action for _, action in golden_actions("Rutland")]
    rated = sum(1 for action in rutland if action.get("rag")) // 2  # both files hold the same actions
    assert f"X-axis for a discrete scale with 1 value: 2024-03-12 (n={rated})" in html, "Rutland's plan is one bar"
    assert html.count("(n=") >= 4, "every bar says its n"
    for panel in ("Halton · count", "Torbay · count"):
        assert panel in html, f"the indicator chart has a panel per council and unit: {panel} missing"


def test_views_show_a_readable_paper_and_each_paper_once(server):
    url = f"{server}/planwatch/v_actions?council=Rutland"
    rows = table_rows(dump_dom(url))
    assert len(rows) == len(golden_actions("Rutland")) // 2, "the plan's actions once, not once per file"
    assert {row["paper"] for row in rows} == {"Rutland 2024-03-12: Children's Services Improvement Plan"}
    assert all(len(row["document_id"]) == 64 for row in rows), "document_id stays, for joins"
    papers = table_rows(dump_dom(f"{server}/planwatch/v_papers?council=Rutland&kind=improvement_plan"))
    assert [(row["format"], row["copies"]) for row in papers] == [("pdf", "2")], "the PDF is counted"
    assert_png_shows_something(screenshot(url, OUTPUT / "v_actions_rutland.png", window=(1400, 2200)))



def test_readme_images_are_made(tmp_path):
    chromium()
    spec = importlib.util.spec_from_file_location("make_images", REPO / "docs" / "make_images.py")
    make_images = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_images)
    db_path = analyst_papers.build(tmp_path / "planwatch.db")
    chart, shot = make_images.make_images(db_path, tmp_path / "img")
    assert (chart.name, shot.name) == ("rag-shares.png", "datasette.png")
    assert_png_shows_something(chart, colours=["#d7261e", "#2f6db5"])
    assert_png_shows_something(shot)


def test_recommendation_coverage_shows_what_the_plan_answers_and_what_it_leaves(server):
    url = f"{server}/planwatch/recommendation_coverage?council=Rutland"
    rows = table_rows(dump_dom(url))
    inspection = next(sample_db.golden_for(path) for path in sample_db.sample_papers()
                      if path.name.startswith("rutland") and "inspection" in path.name)
    assert sorted(row["number"] for row in rows) == sorted(r["number"] for r in inspection["recommendations"]), url
    answered = {row["number"]: row["answered"] for row in rows}
    assert answered == {"1": "1", "2": "1", "3": "1", "4": "1", "5": "0"}, "the plan answers 1-4, not 5"
    assert all("priority" in row["answered_by"] for row in rows if row["answered"] == "1")
    assert_png_shows_something(screenshot(url, OUTPUT / "recommendation_coverage.png"))
    chart = f"{server}/-/dashboards/overview/recommendations?council=Rutland"
    html = dump_dom(chart)
    assert 'class="marks"' in html and "Rutland (n = 5)" in html, "the coverage panel did not draw"
    assert_png_shows_something(screenshot(chart, OUTPUT / "dashboard_recommendations.png"))
