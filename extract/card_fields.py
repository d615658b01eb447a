"""The labelled fields of a KPI card, however the card is printed.

Not a layout: `kpi_cards` reads cards printed as lines of text and as small
tables, and both ask this module what a piece of text says. A card's figures
come with labels in any order and wording (`Latest`, `Current`, `This
quarter`; `Target`, `Goal`; `Floor`, `Minimum`, `Tolerance`; `Previous`,
`Last quarter`), a previous figure may carry its status in brackets
(`117 (Amber)`), and a form-style card names its other fields down the left
(`Indicator`, `Status`, `Commentary`). The words live in `[cards]` of
`indicators.toml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import indicator_cells as cells
from .common import clean

FIGURE_KINDS = ("latest", "target", "floor", "previous")
"""Fields that hold a figure."""
FIELD_KINDS = ("name", "status", "previous_status", "direction", "note")
"""Fields of a form-style card that hold words, not figures."""
ANCHOR_KINDS = ("latest", "target")
"""A card shows at least one of these, so a lone 'Previous' or 'Floor' never makes one."""
MAX_FIGURE_WORDS = 6
"""Words a figure may have ('Not yet available', '398 days (Amber)'); longer text is prose."""


@dataclass(frozen=True)
class Field:
    """One labelled field: its kind, the period its label names, and what follows the label."""

    kind: str
    period: str | None
    rest: str


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[re.Pattern[str], dict[str, str]]:
    words = cells.lexicon()["cards"]
    kinds: dict[str, str] = {}
    for kind in FIGURE_KINDS + FIELD_KINDS:
        for label in words.get(f"{kind}_labels", []):
            kinds.setdefault(clean(label).lower(), kind)
    alternatives = "|".join(r"\s+".join(map(re.escape, label.split())) for label in sorted(kinds, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w])(?P<label>{alternatives})(?![\w])\s*(?:\((?P<period>[^)]*)\))?\s*:?\s*", re.IGNORECASE)
    return pattern, kinds


@lru_cache(maxsize=1)
def _initials() -> frozenset[str]:
    """First letters of the labels: a text opening with another letter opens with no label."""
    return frozenset(label[0] for label in _vocabulary()[1])


def _may_open_with_label(text: str) -> bool:
    return bool(text) and text[0].lower() in _initials()


def min_figures() -> int:
    """RETURNS (int): labelled figures a card must show (`[cards] min_figures`)."""
    return int(cells.lexicon()["cards"].get("min_figures", 2))


def _kind(label: str) -> str:
    return _vocabulary()[1][" ".join(label.lower().split())]


def label_of(text: str | None) -> Field | None:
    """RETURNS (Field | None): the field a cell names when it opens with a label (`Target`, `Latest (Nov-24):`, `Goal 85%`).

    The whole text must be the label, or the label then a colon or a figure:
    `Target` and `Target: 85%` and `Target 85%` are fields, `Target setting
    was agreed in May` is not.
    """
    text = clean(text)
    if not _may_open_with_label(text):
        return None
    pattern, _ = _vocabulary()
    match = pattern.match(text)
    if match is None:
        return None
    rest = text[match.end():].strip()
    kind = _kind(match.group("label"))
    colon = ":" in text[match.start("label"): match.end()]
    if rest and not colon and not _figure_like(rest):
        return None
    if rest and kind in FIGURE_KINDS and pattern.search(rest):
        return None  # several labels in one cell: `inline_fields`
    return Field(kind=kind, period=clean(match.group("period")) or None, rest=rest)


def inline_fields(text: str | None) -> list[Field]:
    """RETURNS (list[Field]): every `Label: figure` in one text, in order (`Latest: 112 Target: 130, Floor 115`).

    The text must open with a label followed by a colon and hold at least two
    labels, so prose that mentions 'the latest figures' is none.
    """
    text = clean(text)
    if not _may_open_with_label(text):
        return []
    pattern, _ = _vocabulary()
    opening = pattern.match(text)
    if opening is None or ":" not in text[: opening.end()]:
        return []
    found = [opening, *pattern.finditer(text, opening.end())]
    if len(found) < 2:
        return []
    fields = []
    for match, following in zip(found, found[1:] + [None]):
        segment = text[match.end(): following.start() if following else len(text)].strip(" ,;")
        kind = _kind(match.group("label"))
        if kind in FIGURE_KINDS and not _figure_like(segment):
            return []
        fields.append(Field(kind=kind, period=clean(match.group("period")) or None, rest=segment))
    return fields


def _figure_like(text: str) -> bool:
    """A figure as cards print them: a number, a placeholder, a short message, maybe a status in brackets."""
    value, _ = split_status(text)
    if not value:
        return True
    if cells.cell_kind(value) in (cells.VALUE, cells.PLACEHOLDER):
        return True
    return len(value.split()) <= MAX_FIGURE_WORDS and (any(ch.isdigit() for ch in value) or cells.is_known_message(value))


def is_figure(text: str | None) -> bool:
    """RETURNS (bool): the cell could be a card's figure (`112`, `75.2%`, `117 (Amber)`, `Not available`)."""
    text = clean(text)
    return bool(text) and label_of(text) is None and _figure_like(text)


def split_status(segment: str) -> tuple[str, str | None]:
    """RETURNS (tuple): a figure and the status in brackets after it: `74.7% (Red)` -> ('74.7%', 'Red')."""
    match = re.match(r"^(?P<value>.*?)\s*\((?P<status>[^)]*)\)$", clean(segment))
    if match and cells.is_status(match.group("status")):
        return match.group("value"), match.group("status")
    return clean(segment), None


def is_card(kinds: set[str]) -> bool:
    """RETURNS (bool): these labelled figures are enough for a card (`min_figures`, a latest or target among them)."""
    figures = kinds & set(FIGURE_KINDS)
    return len(figures) >= min_figures() and bool(figures & set(ANCHOR_KINDS))


_FIGURE_TOKEN = re.compile(
    r"(?:[<>~]?\s*[-+]?\d[\d,]*(?:\.\d+)?\s*(?:%|days?\b|r\b)?|n/a|-|\*)(?:\s*\((?P<status>[^)]*)\))?",
    re.IGNORECASE,
)


def label_row(text: str | None) -> list[Field]:
    """RETURNS (list[Field]): the labels of a line made of labels only (`Latest Target Floor Previous`), else []."""
    text = clean(text)
    if not _may_open_with_label(text):
        return []
    pattern, _ = _vocabulary()
    found, at = [], 0
    while at < len(text):
        match = pattern.match(text, at)
        if match is None or match.end() == at:
            return []
        found.append(Field(kind=_kind(match.group("label")), period=clean(match.group("period")) or None, rest=""))
        at = match.end()
    return found if len(found) >= 2 else []


def figure_row(text: str | None, count: int) -> list[str] | None:
    """RETURNS (list[str] | None): a line of exactly `count` figures (`112 130 115 117 (Amber)`), else None."""
    text = clean(text)
    figures, at = [], 0
    while at < len(text):
        match = _FIGURE_TOKEN.match(text, at)
        if match is None or match.end() == at:
            return None
        if match.group("status") and not cells.is_status(match.group("status")):
            return None
        figures.append(match.group(0).strip())
        at = match.end()
        while at < len(text) and text[at] == " ":
            at += 1
    return figures if len(figures) == count else None
