"""Counts in messages agree with their nouns."""

from __future__ import annotations

import pytest

from planwatch.wording import counted


@pytest.mark.parametrize(("number", "singular", "plural", "expected"), [
    (1, "grid", None, "1 grid"),
    (0, "grid", None, "0 grids"),
    (6, "direction of travel", "directions of travel", "6 directions of travel"),
    (1, "direction of travel", "directions of travel", "1 direction of travel"),
    (2, "priority", "priorities", "2 priorities"),
    (1.0, "second", None, "1 second"),
    (0.2, "second", None, "0.2 seconds"),
    (60.0, "second", None, "60 seconds"),
])  # fmt: skip
def test_counted(number, singular, plural, expected):
    assert counted(number, singular, plural) == expected
