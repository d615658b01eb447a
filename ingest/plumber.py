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
- `table_texts(table, index)`: `Table.extract()` by the index.
- `release(page)`: a page's parsed objects and its pdfminer layout (which
  `Page.close()` keeps) let go once the page is read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any

from pdfminer.layout import LTChar
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils import extract_text
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode
from pdfplumber.utils.text import chars_to_textmap

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
            texts.append(extract_text(chars) if chars else "")
        result.append(texts)
    return result


def text_lines(page: Page, chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """RETURNS (list): text lines of these characters with their characters, as `Page.extract_text_lines()`."""
    textmap = chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height)
    return textmap.extract_text_lines(strip=True, return_chars=True)
