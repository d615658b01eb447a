"""The recommendations of an Ofsted report or letter: the lists under 'What needs to improve?' and the like.

A heading line from `inspection.toml` [[sections]] opens a list; its items are
numbered ('1. Ensure that ...', the SIF's recommendations) or bulleted ('◼ The
quality of ...', ILACS and focused visits; '' in the 2013 reports). An item
goes on over line and page breaks (page numbers and running headers dropped)
until the next item or the end of the list: a stop heading, or a line that is
neither an item nor the rest of an unfinished one. Under numbered items,
bullets are the item's own sub-points; under bulleted items a numbered line
is the report's next numbered paragraph and ends the list. An opening
sentence that leads into the list ('the local authority should take the
following action.') and timing sub-headings ('Within three months:') are not
items. Each item keeps the number it prints, else its place in the list.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from planwatch.ingest.models import RawDocument

from .models import RecommendationRecord, Source

RUNNING_LINE_MIN_PAGES = 3
"""A line (digits aside) among a page's first or last lines on at least this many pages is a running header or footer."""
RUNNING_LINE_EDGE = 3
"""How many lines at the top and at the bottom of a page may be running headers or footers."""
MAX_INTRO_LINES = 6
"""Lines of introduction a heading may have before its first item; more, and it heads prose."""
_NUMBERED = re.compile(r"^(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_BULLET = re.compile(r"^(?P<bullet>[^\w\s(\"'“‘£$%]|[–—-])\s*(?P<text>\S.*)$")
_FINISHED = re.compile(r"[.?!;]['’”)]?$")
_DIGITS = re.compile(r"\d+")
_INTRO = re.compile(r"(?:following actions?|should|must|needs? to)\s*[:.]?$|:$", re.I)
_SENTENCE_END = re.compile(r"[.!?]['’”)]?\s+(?=[A-Z])")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


@dataclass
class _Item:
    number: str | None
    lines: list[str]
    page: int | None
    bulleted: bool

    @property
    def text(self) -> str:
        joined = ""
        for line in self.lines:
            if joined.endswith("-") and not joined.endswith(" -"):
                joined += line  # 'self-' + 'assessment'
            else:
                joined = f"{joined} {line}" if joined else line
        return " ".join(joined.split())


@dataclass
class _List:
    section: str
    items: list[_Item] = field(default_factory=list)
    numbered: bool | None = None
    intro_lines: int = 0
    bullet: str | None = None


def read_recommendations(raw: RawDocument, vocab: dict) -> list[RecommendationRecord]:
    """RETURNS (list[RecommendationRecord]): every item of every recommendations list, in reading order.

    vocab (dict): the inspection layout's vocabulary (`inspection.toml`).
    """
    lines = paper_lines(raw, skip=vocab["lists"]["letterhead"])
    records: list[RecommendationRecord] = []
    current: _List | None = None
    for index, (page, line) in enumerate(lines):
        low = line.translate(_APOSTROPHES).lower()
        section = _capitalised(line) and _heading(low, tuple((entry["section"], entry["heading"]) for entry in vocab["sections"]))
        if section:
            records += _records(current, vocab["lists"])
            current = _List(section=section)
            continue
        if current is None:
            continue
        stop = _matches(low, vocab["lists"]["stop"])
        if not stop and _take(current, page, line, low, vocab["lists"]):
            continue
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        if stop or not _subheading(current, line, following, vocab["lists"]):
            records += _records(current, vocab["lists"])
            current = None
    records += _records(current, vocab["lists"])
    return records


def paper_lines(raw: RawDocument, *, skip: list[str] = ()) -> list[tuple[int | None, str]]:
    """RETURNS (list): (page, line) for every line of text, page numbers, running headers and `skip` lines dropped."""
    skipped = re.compile("|".join(f"(?:{pattern})" for pattern in skip), re.I) if skip else None
    pages = [[line.strip() for line in page.text.split("\n") if line.strip()] for page in raw.pages]
    seen = Counter(shape for lines in pages for shape in {_DIGITS.sub("#", line) for line in _edges(lines)})
    running = {shape for shape, count in seen.items() if count >= RUNNING_LINE_MIN_PAGES and len(pages) > 3}
    found = []
    for page, lines in zip(raw.pages, pages):
        edges = set(_edges(lines))
        for line in lines:
            if line.isdigit() or (line in edges and _DIGITS.sub("#", line) in running):
                continue
            if skipped and skipped.search(line):
                continue
            found.append((page.number, line))
    return found


def _edges(lines: list[str]) -> list[str]:
    """The first and last lines of a page, where running headers and footers are."""
    return lines[:RUNNING_LINE_EDGE] + lines[-RUNNING_LINE_EDGE:]


@lru_cache(maxsize=64)
def _heading_patterns(sections: tuple[tuple[str, str], ...]) -> list[tuple[str, re.Pattern[str]]]:
    return [
        (section, re.compile(rf"^(?:\d{{1,2}}\.?\s+)?(?:{heading})(?:\s*[?:.])?\d?$", re.I))
        for section, heading in sections
    ]


def _capitalised(line: str) -> bool:
    """Headings start with a capital ('Recommendations'); a line of prose may hold only the word ('recommendations.')."""
    return next((char for char in line if char.isalpha()), "").isupper()


def _heading(low: str, sections: tuple[tuple[str, str], ...]) -> str | None:
    for section, pattern in _heading_patterns(sections):
        if pattern.match(low):
            return section
    return None


def _matches(low: str, patterns: list[str]) -> bool:
    return any(re.search(pattern, low) for pattern in patterns)


def _take(current: _List, page: int | None, line: str, low: str, vocab: dict) -> bool:
    """Add the line to the list; False when the line ends it."""
    if _matches(low, vocab["timing"]):
        return True
    last = current.items[-1] if current.items else None
    if last is not None and _FINISHED.search(last.lines[-1]) and _INTRO.search(last.text):
        current.items.pop()  # '15. In order to improve ..., the local authority should take the following action.'
        current.numbered, last = None, None
    if last is None:
        current.intro_lines += 1
    numbered, bullet = _NUMBERED.match(line), _BULLET.match(line)
    if numbered and current.numbered is not False:
        if current.numbered is None or _next_number(current, numbered.group("number")):
            current.numbered = True
            current.items.append(_Item(numbered.group("number"), [numbered.group("text")], page, False))
            return True
        return False
    if numbered:
        return False  # the report's numbered paragraphs start after a bulleted list
    if bullet and current.numbered:
        if last is not None:
            last.lines.append(line)
            return True
        return False
    if bullet and last is not None and current.bullet and bullet.group("bullet") != current.bullet:
        last.lines.append(line)  # '◼ The quality of records, including:' then '⎯ the child's written plan' (Manchester 2020)
        return True
    if bullet:
        current.numbered = False
        current.bullet = current.bullet or bullet.group("bullet")
        current.items.append(_Item(None, [bullet.group("text")], page, True))
        return True
    if last is not None and not _FINISHED.search(last.lines[-1]):
        last.lines.append(line)
        return True
    return last is None and current.intro_lines <= MAX_INTRO_LINES


def _subheading(current: _List, line: str, following: str, vocab: dict) -> bool:
    """A short unpunctuated line followed by the list's next numbered item is a sub-heading inside it."""
    if not current.numbered or len(line) > vocab["subheading_max_chars"] or _FINISHED.search(line):
        return False
    numbered = _NUMBERED.match(following)
    return numbered is not None and _next_number(current, numbered.group("number"))


def _sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text)) + 1


def _next_number(current: _List, number: str) -> bool:
    numbers = [int(item.number) for item in current.items if item.number and item.number.isdigit()]
    return not numbers or int(number) == numbers[-1] + 1


def _records(current: _List | None, vocab: dict) -> list[RecommendationRecord]:
    """The list's items as records: introductions and items saying there is nothing to list left out,
    and the list cut before a numbered item that is a paragraph of findings."""
    if current is None:
        return []
    records = []
    items = []
    for item in current.items:
        if item.number and _sentences(item.text) >= vocab["prose_sentences"]:
            break
        if not _INTRO.search(item.text) and not _matches(item.text.lower(), vocab["nothing"]):
            items.append(item)
    for order, item in enumerate(items, start=1):
        records.append(RecommendationRecord(
            number=item.number or str(order), text=item.text, section=current.section,
            source=Source(page=item.page),
        ))
    return records
