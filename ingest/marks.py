"""Coloured marks on a PDF page: small filled circles and squares, with the words printed with them.

Some papers give a status only as the colour of a shape: a circle above each
indicator of an infographic, a coloured square beside each line of a list,
keyed by a legend of the same shapes beside their labels (`Better`, `No
difference`, `Worse`). Text lines run across the whole page, so they cannot
say which words belong to which shape; this module reads them from the
characters: the words inside a mark (a legend's label, an icon's caption), and
the words after it, beside it on its line or in the column under it, up to
the next mark. Which marks form a key and which are indicators is decided in
`extract/indicator_marks.py`.

Marks are read only on pages that are analysed, and their words only where
there are at least `MIN_MARKS` marks of at least two colours, so a page with a
logo or a pie chart costs nothing more.
"""

from __future__ import annotations

import statistics
from typing import Any

from pdfplumber.utils import dedupe_chars

from .colours import pdf_colour_to_hex
from .models import BBox, Mark

MIN_SIZE, MAX_SIZE = 6.0, 120.0
"""Points a mark's width and height lie between (smaller is a bullet, larger a picture)."""
MAX_ASPECT = 1.25
"""Widest ratio of width to height (and back) of a circle or square."""
SAME_PLACE = 0.8
"""Share of the larger box two shapes must share to be one drawn over the other."""
"""Widest ratio of width to height (and back) of a circle or square."""
MIN_MARKS = 3
"""Marks a page needs, of at least two colours, before their words are read."""
WHITE_LEVEL = 230
"""A fill whose red, green and blue are all at least this is white paper, not a mark."""
WORD_GAP = 1.5
"""A gap wider than this many font sizes between two words on a line starts a new column."""
SPACE_GAP = 0.2
"""A gap this many font sizes wider than the run's letter spacing is a space between words."""
LINE_STEP = 3.0
"""Characters whose tops round to the same multiple of this many points are on one line."""
CAPTION_DEPTH = 3.5
"""How far under a mark its column of words may reach, in mark heights."""
BESIDE_REACH = 2.0
BESIDE_HEIGHT = 3.0
"""A mark that words sit beside is at most this many times their height (a bullet, a key's swatch)."""
"""How far right of a mark the words beside it may start, in mark widths."""


def page_marks(page: Any) -> list[Mark]:
    """RETURNS (list[Mark]): the filled circles and squares of a pdfplumber-shaped page, with their words."""
    drawn: list[Mark] = []
    for shape, kind in [(curve, "round") for curve in page.curves] + [(rect, "square") for rect in page.rects]:
        mark = _mark(shape, kind)
        if mark is not None:  # one drawn over another at the same place: the one on top shows
            drawn = [other for other in drawn if not _same_place(other.bbox, mark.bbox)] + [mark]
    marks = [mark for mark in drawn if not any(_nested(mark.bbox, other.bbox) for other in drawn)]
    marks.sort(key=lambda mark: (round(mark.bbox[1]), mark.bbox[0]))
    if len(marks) < MIN_MARKS or len({mark.fill for mark in marks}) < 2:
        return marks
    return _with_words(marks, page.chars)


def _mark(shape: dict[str, Any], kind: str) -> Mark | None:
    if not shape.get("fill"):
        return None
    width, height = shape["x1"] - shape["x0"], shape["bottom"] - shape["top"]
    if not (MIN_SIZE <= width <= MAX_SIZE and MIN_SIZE <= height <= MAX_SIZE):
        return None
    if max(width, height) > MAX_ASPECT * min(width, height):
        return None
    fill = pdf_colour_to_hex(shape.get("non_stroking_color"))
    if fill is None or all(int(fill[i:i + 2], 16) >= WHITE_LEVEL for i in (1, 3, 5)):
        return None
    return Mark(bbox=(shape["x0"], shape["top"], shape["x1"], shape["bottom"]), fill=fill, shape=kind)


def _same_place(a: BBox, b: BBox) -> bool:
    """Two shapes covering (nearly) the same box."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return False
    overlap = width * height
    return overlap >= SAME_PLACE * max((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))


def _nested(inner: BBox, outer: BBox) -> bool:
    """A smaller shape drawn inside a larger one: part of an icon, not a mark of its own."""
    if (inner[2] - inner[0]) >= (outer[2] - outer[0]) - 1:
        return False
    cx, cy = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


# -- words ------------------------------------------------------------------------------------


Segment = tuple[BBox, str]


def _segments(chars: list[dict[str, Any]]) -> list[Segment]:
    """Runs of characters on one line with no wide gap between them, as (box, text).

    Spaces come from the gaps between characters, measured against the run's
    own letter spacing, since such papers often set text with no space
    characters, or spread out letter by letter.
    """
    chars = [char for char in dedupe_chars(chars) if char.get("upright", True) and char["text"].strip()]
    lines: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        lines.setdefault(round(char["top"] / LINE_STEP), []).append(char)
    segments: list[Segment] = []
    for key in sorted(lines):
        run: list[dict[str, Any]] = []
        for char in sorted(lines[key], key=lambda c: c["x0"]):
            if run and char["x0"] - run[-1]["x1"] > WORD_GAP * _size(char):
                segments.append(_segment(run))
                run = []
            run.append(char)
        if run:
            segments.append(_segment(run))
    return segments


def _size(char: dict[str, Any]) -> float:
    return max(float(char.get("size") or 0.0), 1.0)


def _segment(run: list[dict[str, Any]]) -> Segment:
    gaps = [right["x0"] - left["x1"] for left, right in zip(run, run[1:])]
    spacing = statistics.median(gaps) if len(gaps) >= 2 else 0.0
    text = run[0]["text"]
    for gap, char in zip(gaps, run[1:]):
        text += (" " if gap > max(spacing, 0.0) + SPACE_GAP * _size(char) else "") + char["text"]
    box = (min(c["x0"] for c in run), min(c["top"] for c in run), max(c["x1"] for c in run), max(c["bottom"] for c in run))
    return box, text


def _inside(box: BBox, mark: BBox) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return mark[0] <= cx <= mark[2] and mark[1] <= cy <= mark[3]


def _with_words(marks: list[Mark], chars: list[dict[str, Any]]) -> list[Mark]:
    """Each mark with the words inside it and the words after it (beside it, or in the column under it)."""
    labels: dict[int, list[str]] = {i: [] for i in range(len(marks))}
    after: dict[int, list[Segment]] = {i: [] for i in range(len(marks))}
    for box, text in _segments(chars):
        inside = next((i for i, mark in enumerate(marks) if _inside(box, mark.bbox)), None)
        if inside is not None:
            labels[inside].append(text)
            continue
        owner = _owner(box, marks)
        if owner is not None:
            after[owner].append((box, text))
    result = []
    for i, mark in enumerate(marks):
        lines = [text for _, text in sorted(after[i], key=lambda item: (round(item[0][1]), item[0][0]))]
        result.append(mark.model_copy(update={"label": " ".join(labels[i]), "caption": "\n".join(lines)}))
    return result


def _owner(box: BBox, marks: list[Mark]) -> int | None:
    """The mark a run of words belongs to: the nearest it sits beside, or under in the mark's column."""
    middle = (box[1] + box[3]) / 2
    best, best_distance = None, None
    for i, mark in enumerate(marks):
        x0, top, x1, bottom = mark.bbox
        width, height = x1 - x0, bottom - top
        beside_size = height <= BESIDE_HEIGHT * (box[3] - box[1])
        if beside_size and top <= middle <= bottom and x1 <= box[0] <= x1 + BESIDE_REACH * width:
            distance = box[0] - x1
        elif bottom - height / 4 <= box[1] <= bottom + CAPTION_DEPTH * height and x0 - width <= box[0] <= x1:
            distance = max(box[1] - bottom, 0.0) + abs(box[0] - x0) / 2
        else:
            continue
        if best_distance is None or distance < best_distance:
            best, best_distance = i, distance
    return best
