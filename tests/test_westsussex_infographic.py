"""The West Sussex outcomes infographic (../shared/corpus/westsussex/): 35 indicators whose
status is only the colour of a circle, keyed at the top. Checked against a golden file of facts
read by hand from the page: a few words of each name, the figure, the status."""

from __future__ import annotations

import json
import re

import pytest

from conftest import GOLDEN, SHARED, need
from planwatch.pipeline import process

GOLDEN_FILE = GOLDEN / "corpus" / "westsussex-2016-08-cyp-outcomes-infographic.json"


def _squash(text: str) -> str:
    """Letters and digits only: the page sets some words without spaces between them."""
    return re.sub(r"[^a-z0-9*+]", "", text.lower())


@pytest.fixture(scope="module")
def infographic():
    golden = json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))
    path = SHARED / "corpus" / golden["file"]
    need(path)
    return golden, process(path)


def test_every_indicator_is_read_once_with_its_figure_and_status(infographic):
    golden, found = infographic
    assert len(found.indicators) == len(golden["indicators"]) == 35
    unused = list(found.indicators)
    for expected in golden["indicators"]:
        hits = [row for row in unused if _squash(expected["words"]) in _squash(row.name)
                and row.values and row.values[0].value == pytest.approx(expected["value"])]  # fmt: skip
        assert len(hits) == 1, f"{expected['words']!r} {expected['value']}: {len(hits)} indicators"
        assert hits[0].rag == expected["rag"], expected["words"]
        unused.remove(hits[0])


def test_the_key_maps_better_no_difference_and_worse_by_its_colours(infographic):
    golden, found = infographic
    key = [(row.label, row.rag) for row in found.rag_key]
    assert key == [tuple(item) for item in golden["key"]]


def test_colours_the_key_does_not_show_are_said_to_be_unread(infographic):
    _, found = infographic
    [problem] = [p for p in found.problems if p.code == "status_unknown"]
    assert "4 indicator statuses" in problem.message
