"""What a Word file keeps outside the text: theme colours and automatic numbering.

Two things councils' Word plans show that are not in `w:t` text:

- cell shading given as a theme colour (`w:shd w:themeFill="accent6"
  w:themeFillTint="99"`), resolved through the document's theme part
  (`word/theme/theme1.xml`, `a:clrScheme`) as Word does: a tint moves each
  channel towards white, a shade towards black;
- refs made by automatic numbering (`w:numPr` on a paragraph or its style),
  whose numbers Word computes from `word/numbering.xml`: the list's abstract
  numbering gives each level a start, a number format and a text such as
  `%1.%2`; a level counts up each time a paragraph uses it, and deeper levels
  start again. `NumberingCounter.label` gives the number a paragraph shows,
  counting in document order, so a ref column of numbered empty paragraphs
  reads `1.1`, `1.2`, ... as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

THEME_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.theme+xml"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

THEME_NAMES = {
    "dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2",
    "text1": "dk1", "background1": "lt1", "text2": "dk2", "background2": "lt2",
    "accent1": "accent1", "accent2": "accent2", "accent3": "accent3", "accent4": "accent4",
    "accent5": "accent5", "accent6": "accent6", "hyperlink": "hlink", "followedHyperlink": "folHlink",
}  # fmt: skip
"""`w:themeFill` names -> the `a:clrScheme` element that holds the colour."""

ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip

UNNUMBERED = frozenset({"bullet", "none"})
"""Number formats that show no number: a bulleted list is no ref."""

MAX_LEVEL = 8
"""Word's lists have nine levels, 0-8; a paragraph claiming a deeper one is read as unnumbered."""

_VAL = qn("w:val")
_HEX6 = re.compile(r"[0-9A-Fa-f]{6}")


# -- Theme colours ------------------------------------------------------------------


def theme_colours(document: Any) -> dict[str, str]:
    """RETURNS (dict): theme colour name ('accent1', 'lt1') -> 'rrggbb', from the document's theme part."""
    for part in document.part.package.iter_parts():
        if part.content_type == THEME_CONTENT_TYPE:
            try:
                return _scheme_colours(etree.fromstring(part.blob))
            except etree.XMLSyntaxError:
                return {}  # a damaged theme: shading falls back to w:fill
    return {}


def _scheme_colours(theme: Any) -> dict[str, str]:
    scheme = theme.find(f".//{{{DRAWING_NS}}}clrScheme")
    colours: dict[str, str] = {}
    for slot in scheme if scheme is not None else []:
        name = etree.QName(slot).localname
        rgb = slot.find(f"{{{DRAWING_NS}}}srgbClr")
        system = slot.find(f"{{{DRAWING_NS}}}sysClr")
        value = rgb.get("val") if rgb is not None else system.get("lastClr") if system is not None else None
        if value and _HEX6.fullmatch(value):
            colours[name] = value.lower()
    return colours


def shading_fill(shd: Any, theme: dict[str, str]) -> str | None:
    """RETURNS (str | None): the fill a `w:shd` shows, as hex text: its theme colour when it names one.

    Word draws `w:themeFill` (with `w:themeFillTint` / `w:themeFillShade`, hex
    0-FF) over `w:fill`, which may be stale or `auto`. A solid pattern
    (`w:val="solid"`) shows its pattern colour instead: `w:themeColor` (with
    `w:themeTint` / `w:themeShade`) or `w:color`.
    """
    if shd is None:
        return None
    if shd.get(qn("w:val")) == "solid":
        found = _theme_or_plain(shd, theme, "w:themeColor", "w:themeTint", "w:themeShade", "w:color")
        if found is not None:
            return found
    return _theme_or_plain(shd, theme, "w:themeFill", "w:themeFillTint", "w:themeFillShade", "w:fill")


def _theme_or_plain(shd: Any, theme: dict[str, str], name_attr: str, tint_attr: str, shade_attr: str,
                    plain_attr: str) -> str | None:
    name = shd.get(qn(name_attr))
    base = theme.get(THEME_NAMES.get(name or "", name or ""))
    if base is None:
        plain = shd.get(qn(plain_attr))
        return None if plain in (None, "auto") else plain
    return tinted(base, tint=_hex_byte(shd.get(qn(tint_attr))), shade=_hex_byte(shd.get(qn(shade_attr))))


def _hex_byte(value: str | None) -> int | None:
    try:
        return int(value, 16) if value else None
    except ValueError:
        return None


def tinted(colour: str, *, tint: int | None = None, shade: int | None = None) -> str:
    """RETURNS (str): 'rrggbb' with Word's tint (towards white) and shade (towards black), each 0-255."""
    channels = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    if shade is not None:
        channels = [round(channel * shade / 255) for channel in channels]
    if tint is not None:
        channels = [round(255 - (255 - channel) * tint / 255) for channel in channels]
    return "".join(f"{channel:02x}" for channel in channels)


# -- Automatic numbering --------------------------------------------------------------


@dataclass
class Level:
    """One level of an abstract numbering: where it starts, how its number is written, its text."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""


@dataclass
class NumberingCounter:
    """The document's lists and how far each has counted (advanced in document order by `label`)."""

    lists: dict[str, str] = field(default_factory=dict)
    """numId -> abstractNumId."""
    levels: dict[str, dict[int, Level]] = field(default_factory=dict)
    """abstractNumId -> level -> Level."""
    starts: dict[str, dict[int, int]] = field(default_factory=dict)
    """numId -> level -> start override."""
    style_numbering: dict[str, tuple[str, int]] = field(default_factory=dict)
    """paragraph style id -> (numId, level) its style gives."""
    counts: dict[str, list[int]] = field(default_factory=dict)

    def label(self, paragraph: Any) -> str | None:
        """RETURNS (str | None): the number Word shows before this `w:p` ('1.2'), counting it; None if unnumbered."""
        found = self._numbering_of(paragraph)
        if found is None:
            return None
        num_id, level = found
        abstract = self.lists.get(num_id)
        levels = self.levels.get(abstract or "")
        if not levels or level not in levels or level > MAX_LEVEL or levels[level].fmt in UNNUMBERED:
            return None
        counter_key = num_id if num_id in self.starts else abstract
        counts = self.counts.setdefault(counter_key, [])
        while len(counts) <= level:
            depth = len(counts)
            counts.append(self._start(num_id, levels, depth) - 1)
        counts[level] += 1
        for deeper in range(level + 1, len(counts)):
            counts[deeper] = self._start(num_id, levels, deeper) - 1
        return _level_text(levels, level, counts)

    def _start(self, num_id: str, levels: dict[int, Level], level: int) -> int:
        override = self.starts.get(num_id, {}).get(level)
        if override is not None:
            return override
        return levels[level].start if level in levels else 1

    def _numbering_of(self, paragraph: Any) -> tuple[str, int] | None:
        ppr = paragraph.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        from_style = self.style_numbering.get(style.get(_VAL)) if style is not None else None
        if numpr is None:
            return from_style
        num = numpr.find(qn("w:numId"))
        ilvl = numpr.find(qn("w:ilvl"))
        num_id = num.get(_VAL) if num is not None else (from_style[0] if from_style else None)
        if num_id is None or num_id == "0":
            return None
        level = _int(ilvl.get(_VAL), 0) if ilvl is not None else (from_style[1] if from_style else 0)
        return num_id, level


def _level_text(levels: dict[int, Level], level: int, counts: list[int]) -> str:
    """RETURNS (str): a level's text with each `%n` as level n-1's number in that level's format."""
    text = levels[level].text
    for depth in range(len(counts) - 1, -1, -1):
        fmt = levels[depth].fmt if depth in levels else "decimal"
        text = text.replace(f"%{depth + 1}", format_number(max(counts[depth], 0), fmt))
    return text.strip()


def format_number(number: int, fmt: str) -> str:
    """RETURNS (str): a list number in a `w:numFmt` ('decimal', 'lowerLetter', 'upperRoman', ...)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = ""
        for value, numeral in ROMAN:
            while number >= value:
                roman, number = roman + numeral, number - value
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt in ("bullet", "none"):
        return ""
    return str(number)


def numbering_counter(document: Any) -> NumberingCounter:
    """RETURNS (NumberingCounter): the document's lists from numbering.xml and styles.xml, counting from zero."""
    counter = NumberingCounter()
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return counter
    for abstract in numbering.iterchildren(qn("w:abstractNum")):
        levels = {}
        for lvl in abstract.iterchildren(qn("w:lvl")):
            levels[_int(lvl.get(qn("w:ilvl")), 0)] = Level(
                start=_int(_child_val(lvl, "w:start"), 1), fmt=_child_val(lvl, "w:numFmt") or "decimal",
                text=_child_val(lvl, "w:lvlText") or "",
            )
        counter.levels[abstract.get(qn("w:abstractNumId"))] = levels
    for num in numbering.iterchildren(qn("w:num")):
        num_id = num.get(qn("w:numId"))
        counter.lists[num_id] = _child_val(num, "w:abstractNumId") or ""
        for override in num.iterchildren(qn("w:lvlOverride")):
            start = _child_val(override, "w:startOverride")
            if start is not None:
                counter.starts.setdefault(num_id, {})[_int(override.get(qn("w:ilvl")), 0)] = _int(start, 1)
    counter.style_numbering = _style_numbering(document)
    return counter


def _int(value: str | None, default: int) -> int:
    """RETURNS (int): a numbering attribute as a number, `default` when it is missing or no number."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _child_val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(_VAL) if child is not None else None


def _style_numbering(document: Any) -> dict[str, tuple[str, int]]:
    """RETURNS (dict): paragraph style id -> (numId, level) of the numbering it gives ('List Number')."""
    found: dict[str, tuple[str, int]] = {}
    styles = document.styles.element
    for style in styles.iterchildren(qn("w:style")):
        numpr = style.find(qn("w:pPr") + "/" + qn("w:numPr"))
        if numpr is None:
            continue
        num_id = _child_val(numpr, "w:numId")
        if num_id and num_id != "0":
            found[style.get(qn("w:styleId"))] = (num_id, _int(_child_val(numpr, "w:ilvl"), 0))
    return found
