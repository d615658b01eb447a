"""Faster pdfplumber page reading, with exactly pdfplumber's results.

Layout analysis spends most of its time turning pdfminer's layout objects into
pdfplumber's dicts and then finding the characters inside each table cell.
Both are done here in fewer steps, and tests compare the results with
pdfplumber's own (`tests/test_ingest_plumber.py`):

- `use_fast_objects(page)`: characters are converted without pdfplumber's
  generic attribute walk (other objects still go through pdfplumber); the
  first character of every page is also converted the stock way and compared,
  and a page whose conversion differs falls back to pdfplumber's own.
- `CharIndex`: a page's characters sorted by their vertical midpoint, so the
  characters in a box are found by bisection instead of a scan of the page.
- `table_texts(table, index)`: `Table.extract()` by the index, each cell's
  text by `cell_text` (pdfplumber's `extract_text` without its generic
  steps).
- `text_lines(page, chars)`: `Page.extract_text_lines()` of some of a page's
  characters, without building pdfplumber's text map.
- `release(page)`: a page's parsed objects and its pdfminer layout (which
  `Page.close()` keeps) let go once the page is read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby
from typing import Any

from pdfminer.layout import LTChar
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils import extract_text
from pdfplumber.utils import extract_words as stock_extract_words
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode
from pdfplumber.utils.text import LIGATURES, chars_to_textmap

BBox = tuple[float, float, float, float]
_PLAIN = frozenset({float, int, str, bool, type(None)})


def use_fast_objects(page: Page) -> Page:
    """RETURNS (Page): the page, set to convert its characters the fast way (before it is parsed)."""
    page.process_object = _FastObjects(page)  # an instance attribute shadows Page.process_object
    return page


class _FastObjects:
    """`Page.process_object` for one page: characters directly, anything else by pdfplumber."""

    def __init__(self, page: Page):
        self.stock = Page.process_object.__get__(page)
        self.checked = False
        self.fallback = False
        self.mb_x0, self.mb_top = page.mediabox[:2]
        self.height = page.height
        self.doctop = page.initial_doctop
        self.number = page.page_number
        self.unicode_norm = page.pdf.unicode_norm
        self.keys: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.colour_spaces: dict[str, Any] = {}

    def __call__(self, obj: Any) -> dict[str, Any]:
        if type(obj) is not LTChar or self.fallback or self.unicode_norm is not None:
            return self.stock(obj)
        attr = self.char(obj)
        if not self.checked:
            self.checked = True
            if attr != self.stock(obj):  # a pdfplumber release that converts differently
                self.fallback = True
                return self.stock(obj)
        return attr

    def char(self, obj: LTChar) -> dict[str, Any]:
        """The dict pdfplumber makes of a character (`Page.process_object`), made directly."""
        values = obj.__dict__
        names = tuple(values)
        keys = self.keys.get(names)
        if keys is None:
            keys = self.keys[names] = tuple(name for name in names if name in ALL_ATTRS)
        attr = {key: values[key] for key in keys}
        for key, value in attr.items():
            kind = type(value)
            if kind not in _PLAIN and not (kind is tuple and key == "matrix"):  # pdfminer's matrix: six numbers
                attr[key] = resolve_all(value)
        attr["object_type"] = "char"
        attr["page_number"] = self.number
        name = obj.ncs.name
        colour_space = self.colour_spaces.get(name)
        if colour_space is None:
            colour_space = self.colour_spaces[name] = resolve_and_decode(name)
        attr["ncs"] = colour_space
        attr["text"] = obj.get_text()
        state = obj.graphicstate
        attr["stroking_color"] = state.scolor if isinstance(state.scolor, tuple) else (state.scolor,)
        attr["non_stroking_color"] = state.ncolor if isinstance(state.ncolor, tuple) else (state.ncolor,)
        if isinstance(attr["fontname"], bytes):
            return self.stock(obj)
        top = (self.height - attr["y1"]) + self.mb_top
        attr["top"] = top
        attr["bottom"] = (self.height - attr["y0"]) + self.mb_top
        attr["doctop"] = self.doctop + top
        if self.mb_x0 != 0:
            attr["x0"] = attr["x0"] + self.mb_x0
            attr["x1"] = attr["x1"] + self.mb_x0
        return attr


def release(page: Page) -> None:
    """Let go of everything the page parsed: objects, text map and pdfminer layout."""
    page.close()
    page.__dict__.pop("_layout", None)
    page.__dict__.pop("process_object", None)


class CharIndex:
    """A page's characters by vertical midpoint, to find the ones in a box quickly.

    A character is in a box when its midpoint is (pdfplumber's `char_in_bbox`:
    left and top edges inclusive, right and bottom exclusive).
    """

    def __init__(self, chars: list[dict[str, Any]]):
        self.chars = chars
        mids = [((char["top"] + char["bottom"]) / 2, index) for index, char in enumerate(chars)]
        mids.sort()
        self.v_mids = [mid for mid, _ in mids]
        self.order = [index for _, index in mids]
        self.h_mids = [(char["x0"] + char["x1"]) / 2 for char in chars]

    def band(self, top: float, bottom: float, *, inclusive: bool = False) -> Iterable[int]:
        """YIELDS (int): indexes of characters whose vertical midpoint is in [top, bottom) (or [top, bottom])."""
        lo = bisect_left(self.v_mids, top)
        hi = (bisect_right if inclusive else bisect_left)(self.v_mids, bottom)
        return self.order[lo:hi]

    def in_box(self, bbox: BBox) -> list[dict[str, Any]]:
        """RETURNS (list): the characters whose midpoint is in the box, in page order."""
        x0, top, x1, bottom = bbox
        h_mids = self.h_mids
        found = sorted(index for index in self.band(top, bottom) if x0 <= h_mids[index] < x1)
        return [self.chars[index] for index in found]

    def outside(self, boxes: list[BBox]) -> list[dict[str, Any]]:
        """RETURNS (list): the characters whose midpoint is in none of the boxes (edges inclusive), in page order."""
        inside: set[int] = set()
        for x0, top, x1, bottom in boxes:
            inside.update(index for index in self.band(top, bottom, inclusive=True) if x0 <= self.h_mids[index] <= x1)
        return [char for index, char in enumerate(self.chars) if index not in inside]


def table_texts(table: Any, index: CharIndex) -> list[list[str | None]]:
    """RETURNS (list): each row's cell texts, as pdfplumber's `Table.extract()` gives them."""
    result = []
    for row in table.rows:
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            chars = index.in_box(cell)
            texts.append(cell_text(chars) if chars else "")
        result.append(texts)
    return result


TOLERANCE = 3
"""pdfplumber's default x_tolerance and y_tolerance."""


def cell_text(chars: list[dict[str, Any]]) -> str:
    """RETURNS (str): pdfplumber's `extract_text(chars)` with its default settings, in fewer steps.

    The same steps for upright characters: lines clustered by `top`, each
    sorted by `x0`, words parted at spaces and gaps over the tolerance,
    ligatures expanded, words clustered into lines again by their top.
    Anything else (rotated characters, a character without text) is left to
    pdfplumber.
    """
    if not _plain(chars):
        return extract_text(chars)
    words = _words(chars)
    if not words:
        return ""
    return "\n".join(" ".join(word.text for word in line) for line in _clusters(words, _TOP_OF_WORD))


def _plain(chars: list[dict[str, Any]]) -> bool:
    """RETURNS (bool): every character is upright and has text (what `cell_text` and `text_lines` read)."""
    return all(char["upright"] and char["text"] for char in chars)


@dataclass
class _Word:
    top: float
    text: str
    chars: list[dict[str, Any]]


def extract_words(chars: list[dict[str, Any]], *, extra_attrs: Sequence[str] = ()) -> list[dict[str, Any]]:
    """RETURNS (list): pdfplumber's `extract_words(chars, extra_attrs=...)` with its default settings, in fewer steps.

    Characters are taken in runs of the same `extra_attrs` values (as
    pdfplumber groups them), each run read into words as `_words` reads
    them; rotated characters and characters without text are left to
    pdfplumber.
    """
    if not _plain(chars):
        return stock_extract_words(chars, extra_attrs=list(extra_attrs) or None)
    found = []
    runs = groupby(chars, itemgetter(*extra_attrs)) if extra_attrs else [((), chars)]
    for _, run in runs:
        for word in _words(list(run)):
            x0, x1 = min(char["x0"] for char in word.chars), max(char["x1"] for char in word.chars)
            bottom = max(char["bottom"] for char in word.chars)
            first = word.chars[0]
            merged = {
                "text": word.text, "x0": x0, "x1": x1, "top": word.top, "doctop": word.top + (first["doctop"] - first["top"]),
                "bottom": bottom, "upright": first["upright"], "height": bottom - word.top, "width": x1 - x0,
                "direction": "ltr",
            }
            for name in extra_attrs:
                merged[name] = first[name]
            found.append(merged)
    return found


def _words(chars: list[dict[str, Any]]) -> list[_Word]:
    """RETURNS (list): pdfplumber's words of upright characters (`WordExtractor.iter_extract_tuples`), in its order."""
    words: list[_Word] = []
    for line in _clusters(chars, _TOP):
        line.sort(key=_X0)
        word: list[dict[str, Any]] = []
        for char in line:
            if char["text"].isspace():
                if word:
                    words.append(_word(word))
                word = []
            elif word and (char["x0"] < word[-1]["x0"] or char["x0"] > word[-1]["x1"] + TOLERANCE
                           or abs(char["top"] - word[-1]["top"]) > TOLERANCE):
                words.append(_word(word))
                word = [char]
            else:
                word.append(char)
        if word:
            words.append(_word(word))
    return words


_X0 = itemgetter("x0")
_TOP = itemgetter("top")
_TOP_OF_WORD = attrgetter("top")


def _word(chars: list[dict[str, Any]]) -> _Word:
    return _Word(min(char["top"] for char in chars), "".join(LIGATURES.get(char["text"], char["text"]) for char in chars),
                 chars)


def _cluster_ids(values: Iterable[float]) -> dict[float, int]:
    """RETURNS (dict): value -> cluster, values within the tolerance of the next in one (`make_cluster_dict`)."""
    ids: dict[float, int] = {}
    number, last = 0, None
    for value in sorted(set(values)):
        if last is not None and value > last + TOLERANCE:
            number += 1
        ids[value] = number
        last = value
    return ids


def _clusters(items: list, key: Callable[[Any], float]) -> list[list]:
    """RETURNS (list): the items in clusters of `key`, in cluster order, items in their order (`cluster_objects`)."""
    ids = _cluster_ids(map(key, items))
    clusters: list[list] = [[] for _ in range(max(ids.values(), default=-1) + 1)]
    for item in items:
        clusters[ids[key(item)]].append(item)
    return clusters


def text_lines(page: Page, chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """RETURNS (list): text lines of these characters with their characters, as `Page.extract_text_lines()`.

    For upright characters with text, pdfplumber's steps without its text
    map: words as `_words` makes them, a line for each run of words whose
    tops cluster together, words joined by a space, a line's characters
    (a ligature once per letter it expands to) and their box.
    """
    if not _plain(chars):
        textmap = chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height)
        return textmap.extract_text_lines(strip=True, return_chars=True)
    words = _words(chars)
    ids = _cluster_ids(word.top for word in words)
    runs: list[list[_Word]] = []
    previous = None
    for word in words:
        if runs and ids[word.top] == previous:
            runs[-1].append(word)
        else:
            runs.append([word])
        previous = ids[word.top]
    lines = []
    for run in runs:
        text = " ".join(word.text for word in run)
        if not text.strip():
            continue
        line_chars = [char for word in run for char in word.chars for _ in LIGATURES.get(char["text"], char["text"])]
        lines.append({
            "text": text,
            "x0": min(char["x0"] for char in line_chars), "top": min(char["top"] for char in line_chars),
            "x1": max(char["x1"] for char in line_chars), "bottom": max(char["bottom"] for char in line_chars),
            "chars": line_chars,
        })
    return lines
