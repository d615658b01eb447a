"""The plan-table extractors on the four seed layouts, against golden files written by hand.

tests/golden/seeds/<seed-stem>.json holds, read from the seed documents in
../shared/seeds/, every action (ref, priority, rag, due_date, lead and the
first words of the action), every priority, every RAG key row and every RAG
count cell. Action rows are matched on (ref, rag, due_date, lead); precision
and recall must each reach MIN_SCORE per seed, and every count cell must be
right. Run with `-rA` (or `-s`) to see the per-seed scores.

A few real Kent papers (../shared/corpus/kent/) with coloured, banded and
plan-like tables but no improvement-plan tables must give no plan records.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import GOLDEN, SEEDS, need
from planwatch.extract import extract
from planwatch.ingest import ingest
from planwatch.normalise.plan import PlanRows, normalise_plan

MIN_SCORE = 0.98
SEED_STEMS = [
    "plymouth-2015-scrutiny-update",
    "plymouth-2023-improvement-plan",
    "worcestershire-2017-03-13-agenda-pack",
    "sunderland-tfc-2019-01-21-progress-report",
]


def _plan_rows(stem: str) -> PlanRows:
    path = need(SEEDS / f"{stem}.txt")
    return normalise_plan(extract(ingest(path)))


@pytest.fixture(scope="module")
def rows_by_seed() -> dict[str, PlanRows]:
    need(SEEDS)
    return {stem: _plan_rows(stem) for stem in SEED_STEMS}


def _golden(stem: str) -> dict:
    return json.loads((GOLDEN / "seeds" / f"{stem}.json").read_text(encoding="utf-8"))


def _match_key(row: dict) -> tuple:
    return (row["ref"], row["rag"], row["due_date"], row["lead"])


def _starts(found: str | None, words: str | None) -> bool:
    if words is None:
        return found is None
    return (found or "").lower().startswith(words.lower())


def action_scores(found: list[dict], expected: list[dict]) -> tuple[float, float, list[tuple], list[tuple]]:
    """RETURNS (tuple): precision, recall, the expected keys missed and the found keys not expected."""
    want = Counter(_match_key(row) for row in expected)
    got = Counter(_match_key(row) for row in found)
    matched = sum((want & got).values())
    precision = matched / sum(got.values()) if got else (1.0 if not want else 0.0)
    recall = matched / sum(want.values()) if want else 1.0
    return precision, recall, sorted((want - got).elements(), key=str), sorted((got - want).elements(), key=str)


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_action_rows_match_the_golden_file(rows_by_seed, stem):
    expected = _golden(stem)["actions"]
    found = [row.model_dump(mode="json") for row in rows_by_seed[stem].actions]
    precision, recall, missed, extra = action_scores(found, expected)
    print(f"\n{stem}: actions precision {precision:.3f} recall {recall:.3f} "
          f"({len(found)} found, {len(expected)} expected)")
    assert precision >= MIN_SCORE and recall >= MIN_SCORE, f"missed {missed}\nnot expected {extra}"


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_matched_action_rows_have_their_priority_and_action(rows_by_seed, stem):
    expected = {}
    for row in _golden(stem)["actions"]:
        expected.setdefault(_match_key(row), []).append(row)
    wrong = []
    for row in (row.model_dump(mode="json") for row in rows_by_seed[stem].actions):
        candidates = expected.get(_match_key(row), [])
        if candidates and not any(
            want["priority"] == row["priority"] and _starts(row["action"], want["action"]) for want in candidates
        ):
            wrong.append((row["ref"], row["priority"], (row["action"] or "")[:40]))
    assert not wrong


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_priorities_match_the_golden_file(rows_by_seed, stem):
    expected = _golden(stem)["priorities"]
    found = rows_by_seed[stem].priorities
    assert [(row.number, row.inspection_ref) for row in found] == [
        (row["number"], row["inspection_ref"]) for row in expected
    ]
    assert all(_starts(row.title, want["title"]) for row, want in zip(found, expected))


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_rag_key_matches_the_golden_file(rows_by_seed, stem):
    expected = [(row["label"], row["rag"]) for row in _golden(stem)["rag_key"]]
    assert [(row.label, row.rag) for row in rows_by_seed[stem].rag_key] == expected


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_every_rag_count_cell_is_right(rows_by_seed, stem):
    expected = Counter((row["grp"], row["rag"], row["count"]) for row in _golden(stem)["rag_counts"])
    found = Counter((row.grp, row.rag, row.count) for row in rows_by_seed[stem].rag_counts)
    print(f"\n{stem}: {sum(found.values())} RAG count cells, {sum((found & expected).values())} right")
    assert found == expected
    assert not [problem for problem in rows_by_seed[stem].problems if problem.code == "rag_counts_do_not_add_up"]


def test_golden_files_cover_every_seed_named_here():
    for stem in SEED_STEMS:
        golden = _golden(stem)
        assert set(golden) >= {"actions", "priorities", "rag_key", "rag_counts"}, stem
        assert Path(GOLDEN / "seeds" / f"{stem}.json").exists()


KENT_PAPERS = [
    "24-00115 - Appendix B - KCC ICS priorities measures.pdf",  # banded rows, 'Led by | Timescale', SO codes
    "Cabinet QPR Q3 Cover.pdf",  # a performance report cover with coloured tables
    "Appendix 1 - Half-year Report 2024-25.pdf",
]


@pytest.mark.parametrize("name", KENT_PAPERS)
def test_real_papers_without_plan_tables_give_no_plan_records(kent_dir, name):
    rows = normalise_plan(extract(ingest(need(kent_dir / name))))
    assert (rows.actions, rows.rag_key, rows.rag_counts) == ([], [], [])
