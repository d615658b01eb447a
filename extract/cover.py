"""Reading a paper's cover: its lines, the cover block, labelled fields and printed dates.

The metadata layout (`extract/metadata.py`) is built on these steps; they are
kept apart so that each module stays small. Nothing here knows councils: the
council register belongs to the normalise stage.

`document_lines` (every page's text lines, tidied of converter markup, with
font size where the page was analysed; an e-mail address wrapped over two
lines, as on Kent's agenda front sheets, is joined first) -> `cover_lines`
(page 1, with the next pages after a title page; an unpaged file's first lines)
-> `head_lines` (the cover block: its lines before the first paragraph) ->
`labelled_fields` ('Date of meeting: 07 November 2023', 'DECISION TO BE TAKEN
BY:' over 'Cabinet') -> `find_date` (the rules are in the metadata module's
docstring).
"""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from planwatch import vocabulary as shared
from planwatch.ingest.models import Page, RawDocument
from planwatch.settings import Settings

from .common import clean, key

DEFAULT_COVER_MIN_LINES = 12
"""Page 1 with fewer lines than this (a title page) takes page 2 into the cover."""
DEFAULT_UNPAGED_COVER_LINES = 40
"""Lines of a long unpaged file (text, Word, HTML) taken as its cover."""
DEFAULT_COVER_LINE_CHARS = 150
"""Longer lines are paragraphs: never a title, committee or cover date."""
DEFAULT_PARAGRAPH_CHARS = 60
"""Two lines this long in a row are a wrapped paragraph: the cover block ends there."""
DEFAULT_HEAD_LINES = 30
"""Most lines the cover block can hold."""

_MONTH = rf"{shared.MONTH_WORDS}[a-z]*\.?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)"
DAY_DATE = re.compile(rf"{_WEEKDAY}?\d{{1,2}}\s*(?:st|nd|rd|th)?,?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}", re.I)
NUMERIC_DATE = re.compile(r"(?<![\d/.])\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})(?![\d/.])")
FILE_DATE = re.compile(rf"\d{{1,2}}(?:st|nd|rd|th)?-{_MONTH}-\d{{4}}", re.I)
"""ModernGov's meeting date in a file name: 'Printed minutes 04th-Mar-2025 10.00 Cabinet.pdf'."""
OTHER_FILE_DATES = (
    re.compile(r"(?<!\d)(?:19|20)\d{2}-\d{2}-\d{2}(?!\d)"),
    re.compile(rf"(?<![\d])\d{{1,2}}(?:st|nd|rd|th)?[ _]+{_MONTH}[ _]+(?:19|20)\d{{2}}(?!\d)", re.I),
    re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})(?!\d|\.\d)"),
)
"""Other dates a downloaded file's name gives: '...-2023-01-31.pdf', '... - 29 january 2025.pdf', '21.01.25'."""
FILE_MONTH = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<month>0[1-9]|1[0-2])(?!\d)(?!-\d)")
"""A month a file name gives: 'westsussex-2016-08-outcomes.pdf'."""
MONTH_YEAR = re.compile(rf"^(?:{_MONTH})\s+\d{{4}}$", re.I)
MONTH_DATE = re.compile(rf"(?<![\w-])(?:{_MONTH})\s+\d{{4}}(?!\d)", re.I)
OWN_DATE = re.compile(
    r"(?:accurate when produced on|date of issue|produced on|published on|issue date|report published|"
    r"date published|publication date|published)\W*", re.I)
LETTER_GREETING = re.compile(r"^dear\b", re.I)
MEETING_ON = re.compile(r"\bmeeting\s+(?:held\s+)?on\s*$", re.I)
LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z /&'()-]{0,58}?)\s*:\s*(?P<value>.*)$")
EMAIL = re.compile(r"[\w.+'-]+@(?:[\w-]+\.)+[a-z]{2,}", re.I)
SPLIT_ADDRESS = re.compile(r"(@[\w.-]*\w)[ \t]*\n\s*(\.[\w.-]+)")
_TAGS = re.compile(r"</?(?:b|i|u|mark|sup|sub|strong|em|span)[^>]*>", re.I)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile("[<\\[*#\ufffe\u00ad]")
"""Characters that open the markup `tidy` takes out."""

SMALL_WORDS = {"and", "of", "the", "for", "to", "in", "on", "a", "an", "at", "by", "with"}
CONTINUED = ("title", "author", "owner")
"""Labelled fields whose value may wrap onto the next lines."""
OPEN_END = re.compile(r"(?:[–,&~-]|\b(?:and|of|the|for|to|in|on|at))$", re.I)
"""A line that ends open ('... for Finance, Corporate and') goes on on the next line."""
_STOP_WORDS = re.compile(r"^(?:classification|summary|decision|key decision|electoral|recommendation)", re.I)
NAME_LINE_MAX_WORDS = 10
"""A name or role wrapped onto a next line leaves it short; a longer line, or one ending a sentence,
is the paragraph that follows the cover block ('This report gives the status of ...')."""
SENTENCE_END = re.compile(r"[.!?]$")


@dataclass(frozen=True)
class Line:
    """One line of a page, tidied, with what the reader knew of its look."""

    text: str
    page: int | None
    index: int
    size: float | None = None
    bold: bool = False


@dataclass
class CoverSettings(Settings):
    """Tuning for reading the cover (pdfplumber's TableSettings pattern)."""

    cover_min_lines: int = DEFAULT_COVER_MIN_LINES
    unpaged_cover_lines: int = DEFAULT_UNPAGED_COVER_LINES
    cover_line_chars: int = DEFAULT_COVER_LINE_CHARS
    paragraph_chars: int = DEFAULT_PARAGRAPH_CHARS
    head_lines: int = DEFAULT_HEAD_LINES

    def __post_init__(self) -> None:
        if self.cover_line_chars < 20:
            raise ValueError("Cover setting 'cover_line_chars' must be at least 20")
        if self.head_lines < 1 or self.cover_min_lines < 1:
            raise ValueError("Cover settings 'head_lines' and 'cover_min_lines' must be at least 1")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """RETURNS (dict): the words in `metadata.toml`, read once."""
    text = resources.files("planwatch.extract").joinpath("metadata.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def tidy(text: str) -> str:
    """RETURNS (str): a line without markup left by converters ('# ', '<b>', '**', links)."""
    if _MARKUP.search(text) is None:
        return clean(text)  # most lines of a PDF's text layer
    text = _LINK.sub(r"\1", _TAGS.sub("", text)).replace("\ufffe", "-").replace("\u00ad", "")
    return clean(text.replace("**", "").lstrip("#").strip())


def page_lines(page: Page, *, position: int) -> list[Line]:
    """RETURNS (list[Line]): a page's text lines, with font size and weight from its blocks."""
    looks = {tidy(block.text): block for block in page.blocks if block.font_size is not None}
    text = SPLIT_ADDRESS.sub(r"\1\2", page.text)
    lines = []
    for raw_line in text.split("\n"):
        line = tidy(raw_line)
        if not line:
            continue
        block = looks.get(line)
        lines.append(Line(line, page.number if page.number is not None else position, len(lines),
                          block.font_size if block else None, bool(block and block.bold)))
    return lines


def document_lines(raw: RawDocument) -> list[list[Line]]:
    """RETURNS (list): each page's lines (one 'page' for text, Word and HTML files)."""
    return [page_lines(page, position=index + 1) for index, page in enumerate(raw.pages)]


def cover_lines(pages: list[list[Line]], settings: CoverSettings) -> list[Line]:
    """RETURNS (list[Line]): page 1 (and the next after a title page); an unpaged file's first lines."""
    if not pages:
        return []
    if len(pages) == 1:
        return pages[0][: settings.unpaged_cover_lines] if len(pages[0]) > 80 else pages[0]
    cover: list[Line] = []
    for lines in pages[:3]:  # a title page, then perhaps a blank page, before the cover text
        cover += lines
        if len(cover) >= settings.cover_min_lines:
            break
    return cover


def head_lines(cover: list[Line], settings: CoverSettings) -> list[Line]:
    """RETURNS (list[Line]): the cover block: its lines before the first paragraph.

    A paragraph starts at a line longer than `cover_line_chars`, or at two
    unlabelled lines of `paragraph_chars` or more in a row (PDF text wraps).
    """
    head: list[Line] = []
    for position, line in enumerate(cover[: settings.head_lines]):
        following = cover[position + 1] if position + 1 < len(cover) else None
        wrapped = following is not None and not LABEL.match(line.text) and not LABEL.match(following.text) \
            and min(len(line.text), len(following.text)) >= settings.paragraph_chars
        if len(line.text) > settings.cover_line_chars or wrapped:
            break
        head.append(line)
    return head


def _label_role(label: str) -> str | None:
    wanted = key(label)
    for role, labels in vocabulary()["labels"].items():
        if wanted in {key(item) for item in labels}:
            return role
    return None


def labelled_fields(head: list[Line], tables_rows: list[list[str]], *, rest: list[Line] = ()) -> dict[str, str]:
    """RETURNS (dict): role -> value for the first 'Label: value' of each role on the cover.

    A label alone on its line ('DECISION TO BE TAKEN BY:', 'EQIA Title') takes
    the next line. Below the cover block (`rest`), only 'Label:' with its colon
    counts ('Title of Decision:' under a Record of Decision's criteria).
    """
    found = _labelled(head)
    for cells in tables_rows:
        if len(cells) >= 2 and (role := _label_role(cells[0].rstrip(": "))) and cells[1]:
            found.setdefault(role, clean(cells[1]))
    for role, value in _labelled(list(rest), colon_only=True).items():
        found.setdefault(role, value)
    return found


def _labelled(lines: list[Line], *, colon_only: bool = False) -> dict[str, str]:
    found: dict[str, str] = {}
    for position, line in enumerate(lines):
        match = LABEL.match(line.text)
        if colon_only and not match and len(line.text.split()) < 3:
            continue
        label, value = (match.group("label"), match.group("value")) if match else (line.text, "")
        role = _label_role(label)
        if role is None:
            continue
        rest = lines[position + 1:]
        if not value and rest:
            if _is_label(rest[0].text):
                continue
            value, rest = rest[0].text, rest[1:]
        if value:
            found.setdefault(role, _continued(value, rest, role=role) if role in CONTINUED else value)
    return found


def _is_label(text: str) -> bool:
    match = LABEL.match(text)
    return _label_role(match.group("label") if match else text) is not None


def _continued(value: str, following: list[Line], *, role: str) -> str:
    """RETURNS (str): a labelled value with the lines its wrapping carried on to.

    A title carries on after a long line; a name only after an open end
    ('... for Finance, Corporate and') or onto a line with no second name.
    """
    joined, last = value, value
    for line in following[:3]:
        if LABEL.match(line.text) or _is_label(line.text) or _STOP_WORDS.match(line.text):
            break
        if role != "title" and (SENTENCE_END.search(line.text) or len(line.text.split()) > NAME_LINE_MAX_WORDS):
            break
        wraps = len(last) >= 45 if role == "title" else "," not in line.text
        if not (OPEN_END.search(last) or line.text[:1].islower() or wraps):
            break
        joined, last = f"{joined} {line.text}", line.text
    return clean(joined)


def cover_table_rows(raw: RawDocument, cover_pages: set[int | None]) -> list[list[str]]:
    """RETURNS (list): the cell texts of each table row on the cover pages."""
    rows = []
    for page in raw.pages:
        if page.number not in cover_pages:
            continue
        for table in page.tables[:3]:
            rows += [[clean(cell.text) for cell in row.cells] for row in table.rows[:12]]
    return rows


def title_case_caps(text: str) -> str:
    """RETURNS (str): a line printed in capitals, in title case ('COUNTY COUNCIL' -> 'County Council')."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or any(ch.islower() for ch in letters):
        return text
    words = text.lower().split()
    return " ".join(w if (i and w in SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def is_body_line(text: str) -> bool:
    """RETURNS (bool): the line names a committee, board, panel, cabinet or full council meeting.

    It must read as a name: at most 12 words, most of them capitalised, no
    digits, no dangling 'and' or 'of' (a fragment of a wrapped sentence).
    """
    vocab = vocabulary()["body"]
    lowered = re.sub(r"^(?:to|report to)\s+", "", text.lower().strip(" .:"))
    if lowered in vocab["full_council"]:
        return True
    if len(text.split()) > 12 or any(phrase in lowered for phrase in vocab["not_body"]) or LABEL.match(text):
        return False
    if re.search(r"\d|\.{3,}|…", text) or OPEN_END.search(lowered) or not _reads_as_name(text):
        return False
    return any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in vocab["words"])


def _reads_as_name(text: str) -> bool:
    words = [word for word in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if word.lower() not in SMALL_WORDS]
    return bool(words) and sum(word[0].isupper() for word in words) >= 0.75 * len(words)


def without_date(value: str) -> str:
    """RETURNS (str): the text with its dates taken out and a dash or comma left dangling at its end trimmed."""
    for pattern in (DAY_DATE, NUMERIC_DATE, MONTH_DATE):
        value = pattern.sub("", value)
    return clean(re.sub(r"[–,-]\s*$", "", clean(value)))


def only_date(text: str) -> bool:
    """RETURNS (bool): the line says nothing but a date (and perhaps a time: 'at 2.00 pm')."""
    rest = DAY_DATE.sub("", NUMERIC_DATE.sub("", text))
    return not re.search(r"[a-z]{3,}", re.sub(r"\b(at|am|pm)\b", "", rest.lower()))


def first_date(text: str, *, month: bool = False) -> str | None:
    """RETURNS (str | None): the first date printed in the text, as printed.

    month (bool): when the text gives no day, accept a month and year ('June 2024').
    """
    found = [m for m in (DAY_DATE.search(text), NUMERIC_DATE.search(text)) if m]
    if not found and month:
        found = [m for m in [MONTH_DATE.search(text)] if m]
    return min(found, key=lambda m: m.start()).group(0) if found else None


def _dated(found: str, source: str) -> tuple[str, str]:
    """RETURNS (tuple): the date and its source, marked '_month' when it names no day."""
    return (found, f"{source}_month") if MONTH_DATE.fullmatch(found) else (found, source)


def find_date(fields: dict[str, str], head: list[Line], body: str | None, filename: str, *,
              cover: list[Line] | None = None) -> tuple[str | None, str | None]:
    """RETURNS (tuple): the date as printed and what gave it (see the module docstring)."""
    if "meeting_date" in fields and (found := first_date(fields["meeting_date"], month=True)):
        return _dated(found, "meeting")
    if "body" in fields and (found := first_date(fields["body"], month=True)):
        return _dated(found, "meeting")
    found = _date_under_heading(head) or _minutes_date(cover or head)
    if found:
        return _dated(found, "meeting")
    if "date" in fields and (found := first_date(fields["date"], month=True)):
        return _dated(found, "meeting" if body else "document")
    if file_date := FILE_DATE.search(filename):
        return file_date.group(0), "file_name"
    own = _own_date(head)
    if own[0] is None and (found := _other_file_date(filename)):
        return _dated(found, "file_name")
    return own


def _other_file_date(filename: str) -> str | None:
    """The date a downloaded file's name gives, when the paper prints none ('... - 29 january 2025.pdf')."""
    for pattern in OTHER_FILE_DATES:
        if match := pattern.search(filename):
            return match.group(0).replace("_", " ").title()  # 'may' in lower case reads as the verb
    if (month := FILE_MONTH.search(filename)) and int(month.group("month")) != (int(month.group("year")) + 1) % 100:
        return f"{calendar.month_name[int(month.group('month'))]} {month.group('year')}"  # never a year '2011-12'
    return None


def _date_under_heading(head: list[Line]) -> str | None:
    for position, line in enumerate(head):
        parts = [without_date(part) for part in re.split(r"\s+[–-]\s+", line.text)]
        if any(is_body_line(part) for part in parts) and (found := first_date(line.text, month=True)):
            return found
        if is_body_line(line.text) or MEETING_ON.search(line.text):
            following = " ".join(next_line.text for next_line in head[position + 1: position + 4])
            found = first_date(following, month=True)
            if found and following.find(found) < 40:
                return found
    return None


def _minutes_date(head: list[Line]) -> str | None:
    joined = " ".join(line.text for line in head[:10])
    match = re.search(r"minutes of .{0,200}?\bheld\b.{0,200}?\bon\s+", joined, re.I)
    return first_date(joined[match.end(): match.end() + 60]) if match else None


def _own_date(head: list[Line]) -> tuple[str | None, str | None]:
    for line in head:
        if (own := OWN_DATE.search(line.text)) and (found := first_date(line.text[own.end():])):
            return found, "document"
    for line in head:
        if only_date(line.text) and (found := first_date(line.text)):
            return found, "document"
    for line in head:  # 'Version 1.0 | 23 September 2024'
        parts = [part for part in re.split(r"\s+[|•·]\s+", line.text) if part]
        if len(parts) > 1 and (found := next((first_date(p) for p in parts if only_date(p) and first_date(p)), None)):
            return found, "document"
    for line in head:
        if MONTH_YEAR.match(line.text):
            return line.text, "document_month"
    for line in head[:2]:
        if (found := first_date(line.text)) and line.text.rstrip(" .").endswith(found):
            return found, "document"
    if any(LETTER_GREETING.match(line.text) for line in head):  # a letter's date set right of its address block
        for line in head:
            if LETTER_GREETING.match(line.text):
                break
            if (found := first_date(line.text)) and line.text.rstrip(" .").endswith(found):
                return found, "document"
    return None, None


def head_text(head: list[Line]) -> str:
    """RETURNS (str): the cover block's lines joined into one text."""
    return clean(" ".join(line.text for line in head))
