"""A page's characters and drawn shapes read by pdfium, shaped as pdfplumber gives them.

pdfplumber reads a page through pdfminer, which parses the page's content in
Python (about 30 ms a page, most of layout analysis). pdfium parses it in C;
this module asks pdfium for what pdfplumber's table finder and text functions
need and builds the same dicts pdfplumber would:

- characters: text, box (`x0`, `x1`, `top`, `bottom`: pdfminer's box, the
  advance width by the font size from below the baseline by the font's
  descent), `size`, `fontname`, `upright`, in the order the page draws them;
- rectangles, lines and curves: the page's painted paths (inside form
  XObjects too), each subpath classified as pdfminer does, with `fill`,
  `stroke` and the fill colour.

Coordinates are pdfplumber's: points from the top left of the media box.
Pages pdfium's answers cannot be turned into pdfminer's boxes exactly (a
rotated page, rotated or vertical text) raise `Unsupported`, and the reader
analyses them with pdfplumber instead.
"""

from __future__ import annotations

import ctypes
from operator import itemgetter
from bisect import bisect_left, bisect_right
import struct
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as pdfium_c
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import LIT
from pdfplumber.table import TableFinder, TableSettings
from pdfplumber.utils import curve_to_edges, extract_words, line_to_edge, rect_to_edges
from pypdfium2_raw.bindings import _libs

from .plumber import CharIndex
from .plumber import extract_words as fast_words

_LIB = _libs["pdfium"]
_VOID = ctypes.c_void_p
_INT = ctypes.c_int


def _function(name: str, result, *args):
    """A pdfium function taking and returning plain pointers and numbers (faster to call than pypdfium2's)."""
    return ctypes.CFUNCTYPE(result, *args)((name, _LIB))


_count_chars = _function("FPDFText_CountChars", _INT, _VOID)
_text_object = _function("FPDFText_GetTextObject", _VOID, _VOID, _INT)
_loose_box_of = _function("FPDFText_GetLooseCharBox", _INT, _VOID, _INT, _VOID)
_char_origin = _function("FPDFText_GetCharOrigin", _INT, _VOID, _INT, _VOID, _VOID)
_glyph_width = _function("FPDFFont_GetGlyphWidth", _INT, _VOID, ctypes.c_uint, ctypes.c_float, _VOID)
_get_text = _function("FPDFText_GetText", _INT, _VOID, _INT, _INT, _VOID)
_get_unicode = _function("FPDFText_GetUnicode", ctypes.c_uint, _VOID, _INT)
_is_generated = _function("FPDFText_IsGenerated", _INT, _VOID, _INT)
_object_bounds = _function("FPDFPageObj_GetBounds", _INT, _VOID, _VOID, _VOID, _VOID, _VOID)
_char_matrix = _function("FPDFText_GetMatrix", _INT, _VOID, _INT, _VOID)
_count_objects = _function("FPDFPage_CountObjects", _INT, _VOID)
_page_object = _function("FPDFPage_GetObject", _VOID, _VOID, _INT)
_count_form_objects = _function("FPDFFormObj_CountObjects", _INT, _VOID)
_form_object = _function("FPDFFormObj_GetObject", _VOID, _VOID, ctypes.c_ulong)
_object_type = _function("FPDFPageObj_GetType", _INT, _VOID)
_object_matrix = _function("FPDFPageObj_GetMatrix", _INT, _VOID, _VOID)
_draw_mode = _function("FPDFPath_GetDrawMode", _INT, _VOID, _VOID, _VOID)
_fill_colour = _function("FPDFPageObj_GetFillColor", _INT, _VOID, _VOID, _VOID, _VOID, _VOID)
_stroke_colour = _function("FPDFPageObj_GetStrokeColor", _INT, _VOID, _VOID, _VOID, _VOID, _VOID)
_count_segments = _function("FPDFPath_CountSegments", _INT, _VOID)
_segment = _function("FPDFPath_GetPathSegment", _VOID, _VOID, _INT)
_segment_point = _function("FPDFPathSegment_GetPoint", _INT, _VOID, _VOID, _VOID)
_segment_type = _function("FPDFPathSegment_GetType", _INT, _VOID)
_segment_close = _function("FPDFPathSegment_GetClose", _INT, _VOID)
_text_font = _function("FPDFTextObj_GetFont", _VOID, _VOID)
_font_size = _function("FPDFTextObj_GetFontSize", _INT, _VOID, _VOID)
_font_name = _function("FPDFFont_GetBaseFontName", ctypes.c_ulong, _VOID, _VOID, ctypes.c_ulong)
_font_descent = _function("FPDFFont_GetDescent", _INT, _VOID, ctypes.c_float, _VOID)
_font_embedded = _function("FPDFFont_GetIsEmbedded", _INT, _VOID)

TEXT, PATH, FORM = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
LINETO, BEZIERTO, MOVETO = pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_BEZIERTO, pdfium_c.FPDF_SEGMENT_MOVETO
EVEN_ODD = pdfium_c.FPDF_FILLMODE_ALTERNATE
FORM_DEPTH = 8
"""How deep form XObjects inside form XObjects are followed (pdfminer follows them all; real papers nest two or three)."""
FONT_NAME_BYTES = 256
LITERAL_FORM = LIT("Form")

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Unsupported(Exception):
    """The page holds something whose pdfminer boxes pdfium's answers cannot give exactly."""


@dataclass
class PageObjects:
    """One page's objects as pdfplumber gives them (`Page.chars`, `.rects`, `.lines`, `.curves`)."""

    chars: list[dict[str, Any]] = field(default_factory=list)
    rects: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    curves: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Frame:
    """Where pdfplumber's coordinates start: x as the file's, y down from the media box's top."""

    height: float
    doctop: float
    number: int


@dataclass
class _Font:
    name: str
    descent: float
    """Below the baseline per point of font size, negative, as pdfminer reads it."""
    widths: dict[tuple[str, float], float]
    scaled: dict[tuple[float, float], dict[str, float | None]] = field(default_factory=dict)
    """Advances on the page by text, per (font size, horizontal scale), filled as characters are read."""

    def advances(self, look: tuple) -> dict[str, float | None]:
        """RETURNS (dict): the advances (text -> points, None if unknown) of this font as `look` draws it."""
        return self.scaled.setdefault((look[2], look[3]), {})


_UNMEASURED = object()


def handle(obj: Any) -> int:
    """RETURNS (int): the address of a pypdfium2 raw handle (a page, a text page)."""
    return ctypes.cast(obj, _VOID).value or 0


def read_objects(page: int, textpage: int, *, height: float, number: int, doctop: float = 0.0) -> PageObjects:
    """RETURNS (PageObjects): the page's characters, rectangles, lines and curves.

    page, textpage (int): pdfium handles (`handle(pdf_page.raw)`).
    height (float): the media box's height; number: the 1-based page number.
    Raises Unsupported for a page whose text is rotated or vertical.
    """
    frame = _Frame(height=height, doctop=doctop, number=number)
    order: dict[int, int] = {}
    outer: dict[int, Matrix] = {}
    objects = PageObjects()
    for position, (obj, kind, matrix) in enumerate(_walk(page)):
        if kind == TEXT:
            order[obj] = position
            outer[obj] = matrix
        elif kind == PATH:
            _add_path(objects, obj, matrix, frame)
    fonts: dict[int, _Font] = {}
    marked: list[dict[str, Any]] = []
    chars, owners = _chars(textpage, order, frame, fonts, outer, marked)
    for obj in order.keys() - owners:
        for blank in _blank_object(obj, outer[obj], frame, order[obj], fonts):
            blank["_owner"] = obj
            chars.append(blank)
            if "_unknown" in blank:
                marked.append(blank)
    _check_word_breaks(chars, marked)
    for char in marked:
        for mark in MARKS:
            char.pop(mark, None)
    chars.sort(key=itemgetter("_order"))
    for char in chars:
        del char["_owner"], char["_order"]
    objects.chars = chars
    return objects


def _blank_object(obj: int, outer: Matrix, frame: _Frame, order: int, fonts: dict[int, _Font]) -> list[dict[str, Any]]:
    """A text object pdfium's text page holds no character of: spaces (Word writes many), read as pdfminer reads them.

    The object's bounds run from its first space to where its last one
    starts. Spaces one advance apart are each read; otherwise the first and
    the last are, and the last is marked `_unknown` with where the others may
    lie, for `_check_word_breaks`.
    """
    matrix_buffer = (ctypes.c_float * 6)()
    _object_matrix(obj, ctypes.addressof(matrix_buffer))
    matrix = _multiply(tuple(matrix_buffer), outer)
    look = _look_of(obj, matrix, fonts)
    e = matrix[4]
    advance = _advance(look, " ") or 0.0
    bounds = (ctypes.c_float * 4)()
    _object_bounds(obj, *(ctypes.addressof(bounds) + 4 * side for side in range(4)))
    run = (bounds[2] - bounds[0]) * outer[0]
    if run < RUN_EPSILON or advance <= 0:
        return [_char(" ", e, e + advance, look, frame, order, 0)]
    steps = run / advance
    if abs(steps - round(steps)) < RUN_EPSILON:
        starts = [e + step * advance for step in range(round(steps) + 1)]
        return [_char(" ", x, x + advance, look, frame, order, step) for step, x in enumerate(starts)]
    last = _char(" ", e + run, e + run + advance, look, frame, order, 1)
    last["_unknown"] = (e + advance, e + run)
    return [_char(" ", e, e + advance, look, frame, order, 0), last]


RUN_EPSILON = 0.01
"""Points within which a run of spaces counts as whole spaces one advance apart."""


def _walk(page: int):
    """YIELDS (tuple): every page object (forms' contents too, forms first) with its type and the form matrix around it."""
    stack = [(_page_object(page, index), IDENTITY, 0) for index in reversed(range(_count_objects(page)))]
    matrix_buffer = (ctypes.c_float * 6)()
    while stack:
        obj, outer, depth = stack.pop()
        kind = _object_type(obj)
        yield obj, kind, outer
        if kind == FORM and depth < FORM_DEPTH:
            _object_matrix(obj, ctypes.addressof(matrix_buffer))
            inner = _multiply(tuple(matrix_buffer), outer)
            count = _count_form_objects(obj)
            stack.extend((_form_object(obj, index), inner, depth + 1) for index in reversed(range(count)))


def _multiply(first: Matrix, second: Matrix) -> Matrix:
    """The matrix applying `first`, then `second` (PDF's row-vector convention)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = second
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


# -- characters ------------------------------------------------------------------------


def _chars(textpage: int, order: dict[int, int], frame: _Frame, fonts: dict[int, "_Font"],
           outer: dict[int, Matrix], marked: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], set[int]]:
    """The text page's characters (not yet in drawing order), and the text objects they belong to.

    pdfium's text page leaves out a space that comes straight after another
    space in its reading (one it put in itself, or one the file draws), and
    spaces before a hyphen it takes for a line's end. pdfminer keeps them, and
    a space parts words, so each such place is read back or marked here for
    `_check_word_breaks`:

    - a space pdfium put for a gap inside a text object (a TJ offset) sits
      where the object's next character starts; when that character is not
      next in the text page, it was a space left out, read back at that place;
    - a text object whose first character follows a space, and does not sit
      where the object starts, may have begun with a space left out: marked
      `_lead`;
    - a hyphen pdfium took for a line's end: marked `_break`.

    Marked characters are added to `marked`.
    """
    count = _count_chars(textpage)
    if count <= 0:
        return [], set()
    owners = [_text_object(textpage, index) for index in range(count)]
    origins = (ctypes.c_double * (2 * count))()
    base = ctypes.addressof(origins)
    for index in range(count):
        _char_origin(textpage, index, base + 16 * index, base + 16 * index + 8)
    values = memoryview(origins).cast("B").cast("d").tolist()
    texts = _char_texts(textpage, count)
    looks: dict[int, tuple] = {}
    styles: dict[int, tuple[dict[str, Any], dict[str, float | None], int]] = {}
    """Per text object: its characters' shared values, advances by text, drawing order."""
    chars: list[dict[str, Any]] = []
    previous = -1
    for index, owner in enumerate(owners):
        text = texts[index]
        if not owner:
            # A space or line break pdfium put between words and lines: pdfminer
            # has no character there, and parts words by their gap.
            continue
        left = values[2 * index]
        if text == " " and _is_generated(textpage, index) == 1:
            # A space pdfium put for a gap inside a text object (a TJ offset), at
            # the place of the object's next character: no character for pdfminer.
            after = index + 1
            if after < count and owners[after] == owner and abs(values[2 * after] - left) <= SAME_PLACE:
                continue
            look = looks.get(owner)
            if look is None:
                raise Unsupported("a space pdfium may leave out starts a text object")
            space = _char(" ", left, left + (_advance(look, " ") or 0.0), look, frame, order.get(owner, -1), index)
            space["_owner"] = owner
            chars.append(space)  # the file's space at that place, which pdfium left out
            continue
        if previous == index - 1 and owners[previous] == owner and values[2 * previous] == left \
                and values[2 * previous + 1] == values[2 * index + 1] and not text.isspace() \
                and not chars[-1]["text"].isspace() and _loose_box(textpage, previous) == _loose_box(textpage, index):
            # one glyph read as several characters (a ligature: 'ti', 'fl'; the same box), as pdfminer gives it
            char = chars[-1]
            char["text"] += text
            char["x1"] = char["x0"] + _loose_width(textpage, previous)
            char["width"] = char["x1"] - char["x0"]
            previous = index
            continue
        previous = index
        hyphen = text in _HYPHEN_MARKS
        if hyphen:
            text = _line_end_hyphen(owners, values, index)
        style = styles.get(owner)
        if style is None:
            look = looks[owner] = _look(textpage, index, owner, fonts)
            style = styles[owner] = (_style(look, frame), fonts[look[6]].advances(look), order.get(owner, -1))
        shared, advances, drawn = style
        advance = advances.get(text, _UNMEASURED)
        if advance is _UNMEASURED:
            advance = advances[text] = _advance(looks[owner], text)
        if advance is None:
            advance = _loose_width(textpage, index)
        right = left + advance
        char = {"text": text, **shared, "x0": left, "x1": right, "width": right - left,
                "_order": (drawn, index), "_owner": owner}
        if hyphen:
            char["_break"] = True
            marked.append(char)
        elif index and owners[index - 1] != owner and texts[index - 1] == " " \
                and abs(left - _start(owner, outer)) > SAME_PLACE:
            char["_lead"] = True
            marked.append(char)
        chars.append(char)
    _after_spaces(chars, outer, marked)
    return chars, set(owners) - {None, 0}


def _after_spaces(chars: list[dict[str, Any]], outer: dict[int, Matrix], marked: list[dict[str, Any]]) -> None:
    """Read back or mark the spaces pdfium may have left out after a space of the same text object.

    A space left out after a space and before the object's next character
    lies somewhere in the gap between them: a gap (word or character
    spacing, an offset, or such spaces) is marked `_unknown`. After an
    object's last character, when that is a space, the object's bounds (which
    take in every character the file draws) say whether more followed:
    spaces one advance apart are read, otherwise the last one, with the gap
    before it marked `_unknown`.
    """
    ends: dict[int, dict[str, Any]] = {}
    for char, following in zip(chars, chars[1:] + [None]):
        if following is not None and following["_owner"] == char["_owner"]:
            if char["text"] == " " and following["x0"] - char["x1"] > SAME_PLACE:
                char["_unknown"] = (char["x1"], following["x0"])
                marked.append(char)
        else:
            ends[char["_owner"]] = char
    for owner, last in ends.items():
        if last["text"] != " ":
            continue
        bounds = (ctypes.c_float * 4)()
        _object_bounds(owner, *(ctypes.addressof(bounds) + 4 * side for side in range(4)))
        matrix = outer.get(owner, IDENTITY)
        right = bounds[2] * matrix[0] + matrix[4]
        advance = last["x1"] - last["x0"]
        if right - last["x0"] <= SAME_PLACE or advance <= 0:
            continue
        steps = (right - last["x0"]) / advance
        if abs(steps - round(steps)) < RUN_EPSILON:
            places = [last["x0"] + step * advance for step in range(1, round(steps) + 1)]
        else:
            places = [right]
            if "_unknown" not in last:
                marked.append(last)
            last["_unknown"] = (last["x1"], right)
        for place in places:
            chars.append({key: value for key, value in last.items() if key not in MARKS} | {"x0": place, "x1": place + advance})


SAME_PLACE = 0.01
"""Points within which two of pdfium's character origins are the same place."""
MARKS = ("_break", "_lead", "_unknown")
"""Where a character says a space may be missing near it (`_check_word_breaks`)."""


def _start(obj: int, outer: dict[int, Matrix]) -> float:
    """RETURNS (float): where a text object's text starts on the page (x)."""
    matrix_buffer = (ctypes.c_float * 6)()
    _object_matrix(obj, ctypes.addressof(matrix_buffer))
    return _multiply(tuple(matrix_buffer), outer.get(obj, IDENTITY))[4]


JOIN_TOLERANCE = 3.0
"""pdfplumber's x_tolerance and y_tolerance: characters this close on a line make one word, unless a space parts them."""
ABUTTING = 0.5
"""Points after a character within which the next carries its word on (kerning, a run of a word in another font)."""


def _check_word_breaks(chars: list[dict[str, Any]], marked: list[dict[str, Any]]) -> None:
    """Unsupported when a space the file draws may be missing from pdfium's reading, and it would part two words.

    Where `_chars` marked a place a space may have been left out: after a
    hyphen taken for a line's end (`_break`), when the next character on the
    line starts past `ABUTTING` but within pdfplumber's x_tolerance, with no
    space between; before a text object's first character (`_lead`), when
    the character before it on the line is no space and ends within the
    x_tolerance. Either way a missing space would change the words, and the
    page is left to pdfplumber. So is a page with a character inside a gap
    where spaces may lie whose places are not known (`_unknown`, from
    `_after_spaces` and `_blank_object`).
    """
    if not marked:
        return
    breaks = [char for char in marked if "_break" in char]
    leads = [char for char in marked if "_lead" in char]
    runs = [char for char in marked if "_unknown" in char]
    lines = _Lines(chars)
    for end in breaks:
        near = lines.between(end, end["x1"] - ABUTTING, end["x1"] + JOIN_TOLERANCE, closed=True)
        if near and not any(char["text"].isspace() for char in near) \
                and min(char["x0"] for char in near) > end["x1"] + ABUTTING:
            raise Unsupported("a space pdfium may leave out would part two words")
    for lead in leads:
        before = lines.between(lead, float("-inf"), lead["x0"])
        if before:
            last = max(before, key=lambda char: char["x0"])
            if not last["text"].isspace() and lead["x0"] - last["x1"] <= JOIN_TOLERANCE:
                raise Unsupported("a space pdfium may leave out would part two words")
    for run in runs:
        start, stop = run["_unknown"]
        if any(start - ABUTTING < other["x0"] and not other["text"].isspace() for other in lines.between(run, start - ABUTTING, stop)):
            raise Unsupported("a run of spaces pdfium leaves out lies among characters")


class _Lines:
    """A page's characters in bands of pdfplumber's y_tolerance, each sorted by `x0` when first asked about."""

    def __init__(self, chars: list[dict[str, Any]]):
        self.unsorted: dict[int, list[dict[str, Any]]] = {}
        for char in chars:
            self.unsorted.setdefault(int(char["top"] // JOIN_TOLERANCE), []).append(char)
        self.bands: dict[int, tuple[list[dict[str, Any]], list[float]]] = {}

    def between(self, char: dict[str, Any], low: float, high: float, *, closed: bool = False) -> list[dict[str, Any]]:
        """RETURNS (list): the other characters on `char`'s line (within the y_tolerance) with `x0` from `low` to `high`
        (`high` itself only when `closed`)."""
        band = int(char["top"] // JOIN_TOLERANCE)
        found = []
        for key in (band - 1, band, band + 1):
            chars, starts = self._band(key)
            if not starts:
                continue
            stop = (bisect_right if closed else bisect_left)(starts, high)
            for other in chars[bisect_left(starts, low):stop]:
                if other is not char and abs(other["top"] - char["top"]) <= JOIN_TOLERANCE:
                    found.append(other)
        return found

    def _band(self, key: int) -> tuple[list[dict[str, Any]], list[float]]:
        band = self.bands.get(key)
        if band is None:
            chars = sorted(self.unsorted.get(key, ()), key=itemgetter("x0"))
            band = self.bands[key] = (chars, [char["x0"] for char in chars])
        return band


def _line_end_hyphen(owners: list[int], values: list[float], index: int) -> str:
    """The hyphen pdfium marked as ending a line (U+FFFE, or 2); Unsupported when the line goes on after it.

    pdfium marks a '-' it takes for a word broken over lines, and leaves out
    a space after it; pdfminer keeps that space, which parts the words
    around it, so a line going on after the mark may read differently.
    """
    for after in range(index + 1, len(owners)):
        if owners[after]:
            if abs(values[2 * after + 1] - values[2 * index + 1]) < 1.0:
                raise Unsupported("a hyphen pdfium took for the end of a line goes on")
            break
    return "-"


def _char_texts(textpage: int, count: int) -> list[str]:
    """Each character's text: the page's text in one call when it maps one unit to one character.

    pdfium marks a hyphen ending a line (it reads the word as going on) as
    U+FFFE in the text and 2 from `FPDFText_GetUnicode` (`_line_end_hyphen`).
    """
    buffer = (ctypes.c_ushort * (count + 1))()
    written = _get_text(textpage, 0, count, ctypes.addressof(buffer))
    if written == count + 1:
        units = memoryview(buffer).cast("B").cast("H").tolist()[:count]
        if not any(0xD800 <= unit <= 0xDFFF for unit in units):
            return [chr(unit) for unit in units]
    return [chr(_get_unicode(textpage, index)) for index in range(count)]


_HYPHEN_MARKS = frozenset({"\ufffe", "\x02"})


def _look(textpage: int, index: int, owner: int, fonts: dict[int, _Font]) -> tuple:
    """(name, descent, size, a, d, baseline, upright) for a text object, read at its first character."""
    matrix = (ctypes.c_float * 6)()
    _char_matrix(textpage, index, ctypes.addressof(matrix))
    return _look_of(owner, tuple(matrix), fonts)


def _look_of(obj: int, matrix: tuple, fonts: dict[int, _Font]) -> tuple:
    """(name, descent, size, a, d, baseline, font handle, widths) of a text object drawn by `matrix`."""
    a, b, c, d, _, f = matrix
    if b or c or a <= 0 or d <= 0:
        raise Unsupported("rotated or mirrored text")
    size_buffer = ctypes.c_float()
    _font_size(obj, ctypes.addressof(size_buffer))
    font_handle = _text_font(obj)
    font = fonts.get(font_handle)
    if font is None:
        font = fonts[font_handle] = _font(font_handle)
    return font.name, font.descent, size_buffer.value, a, d, f, font_handle, font.widths


def _advance(look: tuple, text: str) -> float | None:
    """The character's advance width on the page: its width in the font, by the font size (None if unknown)."""
    widths, key = look[7], (text, look[2])
    width = widths.get(key, -1.0)
    if width == -1.0:
        value = ctypes.c_float()
        found = _glyph_width(look[6], ord(text), look[2], ctypes.addressof(value))
        width = widths[key] = value.value if found and value.value > 0 else None
    return None if width is None else look[3] * width


def _loose_box(textpage: int, index: int) -> tuple[float, float, float, float]:
    box = (ctypes.c_float * 4)()
    _loose_box_of(textpage, index, ctypes.addressof(box))
    return tuple(box)


def _loose_width(textpage: int, index: int) -> float:
    box = _loose_box(textpage, index)
    return box[2] - box[0]


def _font(font_handle: int) -> _Font:
    buffer = ctypes.create_string_buffer(FONT_NAME_BYTES)
    _font_name(font_handle, ctypes.addressof(buffer), FONT_NAME_BYTES)
    name = buffer.value.decode("utf-8", "replace")
    metrics = FONT_METRICS.get(name)
    if metrics is not None and not _font_embedded(font_handle):
        descent = float(metrics[0].get("Descent", 0))  # pdfminer reads a standard font's metrics from its AFM
    else:
        value = ctypes.c_float()
        _font_descent(font_handle, ctypes.c_float(1000.0), ctypes.addressof(value))
        descent = value.value
    return _Font(name=name, descent=-abs(descent) / 1000, widths={})


def _char(text: str, left: float, right: float, look: tuple, frame: _Frame, order: int, index: int) -> dict[str, Any]:
    return {"text": text, **_style(look, frame), "x0": left, "x1": right, "width": right - left, "_order": (order, index)}


def _style(look: tuple, frame: _Frame) -> dict[str, Any]:
    """RETURNS (dict): what the characters of one text object share: font, size and the line's top and bottom."""
    name, descent, font_size, a, d, baseline = look[:6]
    y0 = baseline + d * descent * font_size
    size = d * font_size
    top = frame.height - (y0 + size)
    return {
        "fontname": name, "size": size, "upright": True, "top": top, "bottom": top + size,
        "doctop": frame.doctop + top, "height": size, "object_type": "char", "page_number": frame.number,
    }


# -- paths -----------------------------------------------------------------------------------


def _add_path(objects: PageObjects, obj: int, outer: Matrix, frame: _Frame) -> None:
    fill_mode, stroke = _INT(), _INT()
    _draw_mode(obj, ctypes.addressof(fill_mode), ctypes.addressof(stroke))
    fill, stroke_on = bool(fill_mode.value), bool(stroke.value)
    if not fill and not stroke_on:
        return
    matrix_buffer = (ctypes.c_float * 6)()
    _object_matrix(obj, ctypes.addressof(matrix_buffer))
    matrix = _multiply(tuple(matrix_buffer), outer)
    style = {
        "fill": fill, "stroke": stroke_on, "evenodd": fill_mode.value == EVEN_ODD,
        "non_stroking_color": _colour(_fill_colour, obj), "stroking_color": _colour(_stroke_colour, obj),
    }
    for ops in _subpaths(_segments(obj, matrix, frame)):
        kind, shape = _shape(ops, frame)
        if kind:
            getattr(objects, kind).append({**shape, **style, "page_number": frame.number})


def _colour(getter, obj: int) -> tuple[float, ...] | None:
    parts = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
    if not getter(obj, *(ctypes.addressof(part) for part in parts)):
        return None
    return tuple(part.value / 255 for part in parts[:3])


def _segments(obj: int, matrix: Matrix, frame: _Frame) -> list[tuple[str, tuple[float, float]]]:
    """The path as pdfminer's operators ('m', 'l', 'c', 'h') with each one's end point in pdfplumber's coordinates."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.addressof(x), ctypes.addressof(y)
    ops: list[tuple[str, tuple[float, float]]] = []
    bezier = 0
    for index in range(_count_segments(obj)):
        segment = _segment(obj, index)
        kind = _segment_type(segment)
        _segment_point(segment, px, py)
        point = (a * x.value + c * y.value + e, frame.height - (b * x.value + d * y.value + f))
        if kind == BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue  # the control points; pdfminer keeps each curve's end point
            ops.append(("c", point))
        else:
            ops.append(("m" if kind == MOVETO else "l", point))
        if _segment_close(segment):
            ops.append(("h", ops[0][1]))
    return ops


def _subpaths(ops: list[tuple[str, tuple[float, float]]]) -> list[list[tuple[str, tuple[float, float]]]]:
    """Each subpath (from an 'm' to the next), as pdfminer paints them one by one."""
    paths: list[list[tuple[str, tuple[float, float]]]] = []
    for op in ops:
        if op[0] == "m" or not paths:
            paths.append([])
        if op[0] == "h":
            op = ("h", paths[-1][0][1])
        paths[-1].append(op)
    return [path for path in paths if path[0][0] == "m" and len(path) > 1]


def _shape(ops: list[tuple[str, tuple[float, float]]], frame: _Frame) -> tuple[str | None, dict[str, Any]]:
    """('lines' | 'rects' | 'curves', the object) for one subpath, by pdfminer's rules (`paint_path`)."""
    shape = "".join(op for op, _ in ops)
    pts = [point for _, point in ops]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        return "lines", _bounds("line", pts[:2], frame)
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if closed and square:
            return "rects", _bounds("rect", [pts[0], pts[2]], frame)
    return "curves", {**_bounds("curve", pts, frame), "pts": pts}


def _bounds(kind: str, pts: list[tuple[float, float]], frame: _Frame) -> dict[str, Any]:
    xs = [x for x, _ in pts]
    tops = [top for _, top in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(tops), max(tops)
    return {
        "object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": frame.doctop + top,
        "y0": frame.height - bottom, "y1": frame.height - top, "width": x1 - x0, "height": bottom - top,
    }


# -- the page -------------------------------------------------------------------------------


class PdfiumPage:
    """What layout analysis asks of a pdfplumber `Page`, answered from pdfium's reading of the page.

    `chars`, `rects`, `lines`, `curves` and `edges` are pdfplumber's dicts;
    `find_tables` and `extract_words` are pdfplumber's own functions run on
    them, so the tables found are the ones pdfplumber would find.
    """

    def __init__(self, objects: PageObjects, *, bbox: tuple[float, float, float, float], number: int):
        self.chars = objects.chars
        self.rects = objects.rects
        self.lines = objects.lines
        self.curves = objects.curves
        self.page_number = number
        self.bbox = bbox
        self.mediabox = bbox
        self.width = bbox[2] - bbox[0]
        self.height = bbox[3] - bbox[1]
        self._edges: list[dict[str, Any]] | None = None

    @property
    def edges(self) -> list[dict[str, Any]]:
        """RETURNS (list): the edges of lines, rectangles and curves, as pdfplumber's `Page.edges` (in its order)."""
        if self._edges is None:
            line_edges = [line_to_edge(line) for line in self.lines]
            rect_edges = [edge for rect in self.rects for edge in rect_to_edges(rect)]
            curve_edges = [edge for curve in self.curves for edge in curve_to_edges(curve)]
            self._edges = line_edges + rect_edges + curve_edges
        return self._edges

    def extract_words(self, **kwargs: Any) -> list[dict[str, Any]]:
        if set(kwargs) <= {"extra_attrs"}:  # pdfplumber's default settings: its words in fewer steps
            return fast_words(self.chars, extra_attrs=kwargs.get("extra_attrs") or ())
        return extract_words(self.chars, **kwargs)

    def find_tables(self, table_settings: dict[str, Any] | None = None) -> list[Any]:
        return TableFinder(self, TableSettings.resolve(table_settings)).tables

    def check_tables(self, tables: list[Any], index: CharIndex | None = None) -> None:
        """Unsupported when a character of one of the tables read sits on a cell's edge.

        pdfium's positions are 32-bit floats and pdfminer's 64-bit, so they
        differ in the fifth decimal; where pdfminer's arithmetic puts a
        character's midpoint exactly on a cell's edge (characters of even
        width under a column of numbers), pdfplumber's rule (left edge in,
        right edge out) can put it in the other cell than pdfium's does.
        """
        index = index or CharIndex(self.chars)
        for table in tables:
            _check_on_edges(index, table)

    def debug_tablefinder(self, table_settings: dict[str, Any] | None = None) -> Any:
        return TableFinder(self, TableSettings.resolve(table_settings))

    def close(self) -> None:
        """Let go of the page's objects (the pdfium page itself is closed by its owner)."""
        self.chars, self.rects, self.lines, self.curves, self._edges = [], [], [], [], None


def _written(value: float) -> float:
    """RETURNS (float): a number as the file wrote it (as pdfminer reads it), from pdfium's 32-bit float.

    The shortest decimal that pdfium would read as the same 32-bit float:
    595.2756 for 595.27557373046875.
    """
    single = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(1, 10):
        written = float(f"{single:.{digits}g}")
        if struct.unpack("f", struct.pack("f", written))[0] == single:
            return written
    return float(value)


EDGE_MARGIN = 0.002
"""Points from a cell's edge within which a character's midpoint is too close to call (`PdfiumPage.check_tables`)."""


def _check_on_edges(index: CharIndex, table: Any) -> None:
    x0, top, x1, bottom = table.bbox
    xs = sorted({value for cell in table.cells for value in (cell[0], cell[2])})
    ys = sorted({value for cell in table.cells for value in (cell[1], cell[3])})
    x0, x1 = x0 - EDGE_MARGIN, x1 + EDGE_MARGIN
    for at in index.band(top - EDGE_MARGIN, bottom + EDGE_MARGIN, inclusive=True):
        centre = index.h_mids[at]
        if not x0 <= centre <= x1:
            continue
        char = index.chars[at]
        middle = (char["top"] + char["bottom"]) / 2
        if (_near(xs, centre) or _near(ys, middle)) and not char["text"].isspace():
            raise Unsupported("a character sits on a table cell's edge")


def _near(values: list[float], value: float) -> bool:
    at = bisect_left(values, value)
    return (at < len(values) and values[at] - value < EDGE_MARGIN) or (at > 0 and value - values[at - 1] < EDGE_MARGIN)


def open_page(pdf_page: Any, textpage: Any, *, number: int, doctop: float = 0.0) -> PdfiumPage:
    """RETURNS (PdfiumPage): a pypdfium2 page's objects read into pdfplumber's shapes.

    pdf_page, textpage: pypdfium2's `PdfPage` and its `PdfTextPage` (both
    stay open, and are closed by the caller). Raises Unsupported for a page
    pdfplumber would see in other coordinates (a rotated page) or whose text
    is rotated.
    """
    if pdf_page.get_rotation() % 360:
        raise Unsupported("rotated page")
    left, bottom, right, top = (_written(value) for value in pdf_page.get_mediabox())
    if right <= left or top <= bottom:
        raise Unsupported("media box given from its top right corner")
    height = float(top - bottom)
    objects = read_objects(handle(pdf_page.raw), handle(textpage.raw), height=height, number=number, doctop=doctop)
    # pdfplumber's box for a media box not at the origin (its `_invert_box` of the raw box)
    return PdfiumPage(objects, bbox=(float(left), -float(bottom), float(right), height - float(bottom)), number=number)


# -- fonts pdfium measures otherwise ---------------------------------------------------------


def has_fractional_widths(resources: Any, *, depth: int = FORM_DEPTH, seen: set[tuple] | None = None) -> bool:
    """RETURNS (bool): a font of these page resources (pdfminer's, forms' too) gives a glyph width in fractions.

    pdfium keeps a simple font's widths in whole thousandths of the font size
    (600.0977 is 600), so every character after such a glyph sits a little
    further from pdfminer's place for it; a page with such a font is left to
    pdfplumber.

    Each resource dictionary is looked at once (`seen`): forms that share one
    (presentation software gives every form the page's own, which lists the
    forms again) would otherwise be walked again at every level, a number of
    steps that grows exponentially with `depth`.
    """
    seen = set() if seen is None else seen
    if not _first_visit(resources, seen):
        return False
    resources = resolve1(resources)
    if not isinstance(resources, dict):
        return False
    for font in (resolve1(resources.get("Font")) or {}).values():
        font = resolve1(font)
        if isinstance(font, dict) and _fractional_font(font):
            return True
    if depth > 0:
        for xobject in (resolve1(resources.get("XObject")) or {}).values():
            xobject = resolve1(xobject)
            attrs = getattr(xobject, "attrs", None)
            if attrs and resolve1(attrs.get("Subtype")) == LITERAL_FORM and attrs.get("Resources") is not None \
                    and has_fractional_widths(attrs.get("Resources"), depth=depth - 1, seen=seen):
                return True
    return False


def _first_visit(obj: Any, seen: set[tuple]) -> bool:
    """RETURNS (bool): whether `obj` (an indirect reference, by its object number, or the object itself) is new to `seen`."""
    objid = getattr(obj, "objid", None)
    key = ("ref", objid) if objid is not None else ("obj", id(resolve1(obj)))
    if key in seen:
        return False
    seen.add(key)
    return True


def _fractional_font(font: dict) -> bool:
    numbers = list(resolve1(font.get("Widths")) or [])
    for descendant in resolve1(font.get("DescendantFonts")) or []:
        descendant = resolve1(descendant)
        if isinstance(descendant, dict):
            for item in resolve1(descendant.get("W")) or []:
                item = resolve1(item)
                numbers.extend(item if isinstance(item, list) else [item])
            numbers.append(descendant.get("DW"))
    return any(isinstance(value, float) and not value.is_integer() for value in map(resolve1, numbers))
