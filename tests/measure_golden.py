"""The hand-made mapping of indicators to catalogue measures (tests/golden/measures.json), and how its keys name rows."""

from __future__ import annotations

import json
from functools import cache

from conftest import GOLDEN

MEASURES_GOLDEN = GOLDEN / "measures.json"


@cache
def golden_measures() -> dict:
    return json.loads(MEASURES_GOLDEN.read_text(encoding="utf-8"))


def resolve(rows, key: str):
    """The one indicator a golden key names: by ref, else by whole name, else by a unique part of its name.

    rows: indicator rows (models or dicts with `ref` and `name`).
    """
    def field(row, name):
        return row[name] if isinstance(row, dict) else getattr(row, name)

    for test in (lambda row: field(row, "ref") == key, lambda row: field(row, "name").casefold() == key.casefold(),
                 lambda row: key.casefold() in field(row, "name").casefold()):  # fmt: skip
        found = [row for row in rows if test(row)]
        if found:
            assert len(found) == 1, f"golden key {key!r} names {len(found)} indicators"
            return found[0]
    raise AssertionError(f"golden key {key!r} names no indicator")


def hand_measures(filename: str, indicators: list[dict]) -> list[dict]:
    """RETURNS (list[dict]): the indicators with `measure` as the hand-made mapping gives it (score left empty)."""
    mapping = golden_measures()["samples"].get(filename, {})
    chosen = {id(resolve(indicators, key)): measure for key, measure in mapping.items()}
    return [dict(row, measure=chosen.get(id(row))) for row in indicators]
