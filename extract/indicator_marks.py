"""Indicators whose status is only the colour of a mark, keyed by a legend of the same marks.

Written for the West Sussex outcomes infographic
(`../shared/corpus/westsussex/westsussex-2016-08-cyp-outcomes-infographic.pdf`):
35 indicators, each a circle with a figure and a few lines under it, the
circle's colour the status against England, keyed at the top by four circles
labelled `Better`, `No diff.`, `Worse`, `Not applic.`. The same structure is
a list with a coloured square beside each line and a key of squares beside
their labels.

The PDF reader gives each page's coloured marks with the words inside them
and the words after them (`ingest/marks.py`). Here a page's key is the marks
whose words are key labels (`[marks] key_labels` in `indicators.toml`, an
abbreviation such as `No diff.` counting); it needs two colours at least. An
indicator is a mark of about the key's size (`min_size_share`,
`max_size_share`, against the marks that match a key colour) with a figure
first in its words: the figure is the value (`3.4 per 1,000 births`), the rest
the name, a period in brackets (`(2014/15)`) the value's period. Its status is
the key label whose colour it shows (within `max_colour_distance`); a colour
the key does not show is kept as `#rrggbb`, which names no status, so the
normaliser leaves it unrated and says so. The key itself is passed on as
`rag_key` records (label and colour), so the normaliser maps `Better` onto the
canonical scale the way it maps any key: by the label's words, then its colour.
"""

from __future__ import annotations

import re
import statistics

from planwatch.ingest.models import Mark, Page, RawDocument

from . import indicator_cells as cells
from .common import clean
from .models import Extraction, IndicatorRecord, IndicatorValueRecord, LayoutReport, RagKeyRecord, Source

LAYOUT = "indicator_marks"
MIN_KEY_COLOURS = 2
"""Distinct colours a legend needs."""
_FIGURE = re.compile(r"^[<>~]?\s*[-+]?\d[\d,]*(?:\.\d+)?\s*(?:%|per\b)?", re.IGNORECASE)
_CONTINUED = re.compile(r"\bper$", re.IGNORECASE)
_WHOLE_FIGURE = re.compile(r"^[<>~]?\s*[-+]?\d[\d,]*(?:\.\d+)?\s*%?\s*(?:\([^()]*\))?$")
"""A line that is only a figure (`9.6%`, `158 (2.0%)`)."""
_RATE_FIRST = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*per\s+[\d,]+\s", re.IGNORECASE)
"""A rate with its base opening a line of words (`48.2 per 10,000 children ...`)."""
_PERIOD_IN_BRACKETS = re.compile(r"\(([^()]*)\)")
_YEAR_RANGE = re.compile(r"\b(?:19|20)\d{2}\s*[-–]\s*((?:19|20)\d{2})\b")
"""Calendar years from one to another (`2012 -2014`): the period ends with the last."""
MIN_LABEL_WORD = 2
"""Letters a mark's inner words need on average to join the name (an icon's stray letters do not)."""


def settings() -> dict:
    """RETURNS (dict): `[marks]` of `indicators.toml`."""
    return cells.lexicon()["marks"]


def matches(raw: RawDocument) -> bool:
    """RETURNS (bool): some page has a key of coloured marks and indicators shown by them."""
    return any(page_records(page)[0] for page in raw.pages if page.marks)


def extract(raw: RawDocument) -> Extraction:
    """RETURNS (Extraction): the indicators and the key of every page whose statuses are coloured marks."""
    report = LayoutReport(layout=LAYOUT)
    indicators: list[IndicatorRecord] = []
    key: list[RagKeyRecord] = []
    for page in raw.pages:
        if not page.marks:
            continue
        found, legend = page_records(page)
        indicators += found
        key += legend
    report.records = len(indicators)
    return Extraction(origin=raw.origin, indicators=indicators, rag_key=key, reports=[report])


# -- the key ----------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", clean(text).lower())


def key_label(text: str) -> str | None:
    """RETURNS (str | None): the key label a mark's words print, whole or abbreviated (`No diff.`)."""
    printed = _words(text)
    if not printed:
        return None
    for label in settings()["key_labels"]:
        words = _words(label)
        if len(words) == len(printed) and all(full.startswith(part) for part, full in zip(printed, words)):
            if all(len(part) >= min(3, len(full)) for part, full in zip(printed, words)):
                return label
    return None


def page_key(page: Page) -> list[tuple[Mark, str]]:
    """RETURNS (list): the marks of the page's legend with the words they print (inside, else beside)."""
    legend = []
    for mark in page.marks:
        for text in (mark.label, mark.caption.split("\n")[0] if mark.caption else ""):
            if text and key_label(text):
                legend.append((mark, clean(text)))
                break
    if len({mark.fill for mark, _ in legend}) < MIN_KEY_COLOURS:
        return []
    return legend


# -- indicators -------------------------------------------------------------------------------


def page_records(page: Page) -> tuple[list[IndicatorRecord], list[RagKeyRecord]]:
    """RETURNS (tuple): the page's indicators shown by marks, and its key; nothing without a key."""
    legend = page_key(page)
    if not legend:
        return [], []
    keyed = {id(mark) for mark, _ in legend}
    candidates = [mark for mark in page.marks if id(mark) not in keyed and _figure_lines(mark) is not None]
    matched = [mark for mark in candidates if _key_text(mark, legend) is not None]
    if not matched:
        return [], []
    size = statistics.median(_size(mark) for mark in matched)
    low, high = settings()["min_size_share"] * size, settings()["max_size_share"] * size
    records = []
    for order, mark in enumerate(_reading_order([m for m in candidates if low <= _size(m) <= high])):
        records.append(_record(mark, legend, page, order))
    texts = {id(mark): text for mark, text in legend}
    key = [RagKeyRecord(label=texts[id(mark)], fill=mark.fill, source=Source(page=page.number, row=order))
           for order, mark in enumerate(_reading_order([mark for mark, _ in legend]))]  # fmt: skip
    return records, key


def _size(mark: Mark) -> float:
    return max(mark.bbox[2] - mark.bbox[0], mark.bbox[3] - mark.bbox[1])


def _reading_order(marks: list[Mark]) -> list[Mark]:
    """Rows top to bottom (marks whose tops lie within half a mark of each other), each left to right."""
    rows: list[list[Mark]] = []
    for mark in sorted(marks, key=lambda m: m.bbox[1]):
        if rows and mark.bbox[1] - rows[-1][0].bbox[1] <= _size(rows[-1][0]) / 2:
            rows[-1].append(mark)
        else:
            rows.append([mark])
    return [mark for row in rows for mark in sorted(row, key=lambda m: m.bbox[0])]


def _distance(a: str, b: str) -> float:
    one = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    two = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return sum((x - y) ** 2 for x, y in zip(one, two)) ** 0.5


def _key_text(mark: Mark, legend: list[tuple[Mark, str]]) -> str | None:
    """The key label whose colour the mark shows, or None when the key shows no such colour."""
    nearest = min(legend, key=lambda item: _distance(item[0].fill, mark.fill))
    return nearest[1] if _distance(nearest[0].fill, mark.fill) <= settings()["max_colour_distance"] else None


def _figure_lines(mark: Mark) -> tuple[str, list[str]] | None:
    """The figure a mark's words open with (`3.4 per 1,000 births`) and the lines after it; None without one."""
    lines = [clean(line) for line in mark.caption.split("\n") if clean(line)]
    match = _FIGURE.match(lines[0]) if lines else None
    if match is None:
        return None
    figure, rest = lines[0], lines[1:]
    if _CONTINUED.search(figure) and rest:
        figure, rest = f"{figure} {rest[0]}", rest[1:]
    elif not _WHOLE_FIGURE.match(figure):  # the figure, then the words on the same line
        rate = _RATE_FIRST.match(figure)
        head = rate.group(0) if rate else match.group(0)
        figure, rest = head.strip(), [figure[len(head):].strip(), *rest]
    return figure, rest


def _period(lines: list[str]) -> str:
    """The last period printed in brackets in the name (`(2014/15)`, `(2015)`; `(2012 -2014)` is 2014), else 'Latest'."""
    found = "Latest"
    for inner in _PERIOD_IN_BRACKETS.findall(" ".join(lines)):
        inner = _YEAR_RANGE.sub(r"\1", inner)
        for part in re.split(r"\s[-–]\s|,", inner):
            if cells.is_period(part.strip()):
                found = part.strip()
    return found


def _wordy(text: str) -> bool:
    words = text.split()
    return bool(words) and sum(len(word) for word in words) / len(words) >= MIN_LABEL_WORD


def _record(mark: Mark, legend: list[tuple[Mark, str]], page: Page, order: int) -> IndicatorRecord:
    figure, rest = _figure_lines(mark) or ("", [])
    label = mark.label if _wordy(mark.label) else ""
    name = clean(" ".join([label, *rest])) or figure
    seq = min((block.seq for block in page.blocks), default=0)
    return IndicatorRecord(
        name=name, values=[IndicatorValueRecord(period=_period(rest), value_raw=figure)],
        rag_raw=_key_text(mark, legend) or mark.fill,
        source=Source(page=page.number, seq=seq, row=order),
    )
