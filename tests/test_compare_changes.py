"""`compare changes`: what changed for a council's actions, as a table, JSON and a flow chart, on the samples."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

import sample_db
from conftest import GOLDEN
from planwatch import compare_actions
from planwatch.cli import cli
from planwatch.compare_actions import FLOW_COLOURS
from png_checks import assert_png_shows_something

HISTORY = json.loads((GOLDEN / "history" / "actions-over-time.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    if not sample_db.SAMPLES.is_dir():
        pytest.skip("samples/ is not here")
    return sample_db.build_from_golden(tmp_path_factory.mktemp("changes") / "samples.db")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def golden_changes(since: str = "") -> list[tuple]:
    return [(c["doc_date"], c["change"], c["ref"], c["previous_ref"]) for c in HISTORY["changes"] if c["doc_date"] >= since]


@pytest.mark.parametrize("since", ["", "2024-10-15", "2024-11-01", "2025-02-01"])
def test_json_rows_are_the_golden_changes(db_path, tmp_path, since):
    args = ["compare", "changes", "stockport", "--db", str(db_path), "--chart", str(tmp_path / "c.png"), "--json"]
    result = run(*args, *(["--since", since] if since else []))
    if since == "2025-02-01":  # no paper on or after it
        assert result.exit_code == 1
        assert "no dated papers with linked actions for stockport since 2025-02-01" in result.output
        return
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    assert [(r["doc_date"], r["change"], r["ref"], r["previous_ref"]) for r in rows] == golden_changes(since)


def test_table_names_each_change_and_the_chart(db_path, tmp_path):
    chart = tmp_path / "changes.png"
    result = run("compare", "changes", "Stockport", "--db", str(db_path), "--chart", str(chart))
    assert result.exit_code == 0, result.output
    assert "Stockport: what changed for its actions" in result.output
    assert "due 2024-09-30" in result.output and "ref 3.4" in result.output
    assert result.output.rstrip().endswith(f"chart: {chart}")
    assert_png_shows_something(chart, colours=[FLOW_COLOURS[status] for status in ("complete", "green", "amber", "red")])


def test_status_flows_follow_each_action(db_path):
    counts, flows = compare_actions.status_flows(compare_actions.action_history(db_path, "Stockport"))
    actions = HISTORY["actions"]["Stockport"]
    for i, count in enumerate(counts):
        expected = Counter(a["rag"][i] or "unrated" for a in actions if a["ref"][i] is not None)
        assert count == expected, f"paper {i + 1}"
    for i, flow in enumerate(flows):
        expected = Counter(
            ((a["rag"][i] or "unrated") if a["ref"][i] else "new", (a["rag"][i + 1] or "unrated") if a["ref"][i + 1] else "dropped")
            for a in actions if a["ref"][i] or a["ref"][i + 1])
        assert flow == expected, f"papers {i + 1} to {i + 2}"
    assert flows[0]["new", "green"] == 1 and flows[0]["unrated", "dropped"] == 1


def test_a_council_without_linked_papers_is_a_clear_error(db_path, tmp_path):
    result = CliRunner().invoke(cli, ["compare", "changes", "Nowhere", "--db", str(db_path),
                                      "--chart", str(tmp_path / "c.png")])
    assert result.exit_code == 1
    assert "no dated papers with linked actions for Nowhere" in result.output
    assert "councils with some: Halton, Medway, Rutland, Sefton, Stockport, Swindon, Torbay, Walsall, Wirral" in result.output
    assert not (tmp_path / "c.png").exists()


def test_since_must_be_an_iso_date(db_path):
    result = CliRunner().invoke(cli, ["compare", "changes", "Stockport", "--db", str(db_path), "--since", "Jan 2025"])
    assert result.exit_code == 2 and "does not match the format '%Y-%m-%d'" in result.output
