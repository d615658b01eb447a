"""Ofsted inspection reports and focused-visit letters on councils' children's services.

What the paper is comes from its first page only (`paper_kind`): a report
opens with the title of one of Ofsted's inspections and prints the
inspection's date line; a letter says it summarises the findings of a
focused (or monitoring) visit. Anything else returns an empty extraction, so
plans, minutes and agenda packs that quote an inspection never become one.

From a report or letter the layout reads, all from the text layer (no page
but the cover needs layout analysis, so a 60-page report costs its text):

- the inspection (`InspectionRecord`): the framework's family from the title
  wording, the dates line as printed, the published date as printed (else
  from the file name as downloaded), the lead inspector (a letter's is the
  one who signs it);
- the judgements (`JudgementRecord`): a judgement's printed name followed
  directly by a grade, on the first pages (the table on the cover; the SIF's
  LSCB judgement heads its own section further in);
- the recommendations (`RecommendationRecord`, in `_inspection_lists.py`).

The names, grades, titles and headings are in `inspection.toml`. Written for
`../shared/corpus/ofsted/`: SIF reports 2014-18 (grades on the line after a
wrapped name: 'achieving \\npermanence\\nRequires improvement'), ILACS reports
2018-26 (a 'Judgement | Grade' table whose names wrap; 'Requires \\nImprovement'
split), the April 2026 framework (no overall effectiveness), the 2013
looked-after-children inspections (the four-point scale with 'adequate'), a
standalone LSCB review (Surrey 2015) and 124 focused-visit letters.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from planwatch.ingest.models import RawDocument

from . import _inspection_lists as lists
from .models import (
    Extraction, InspectionRecord, JudgementRecord, LayoutReport, MetadataRecord, Source,
)

LAYOUT = "inspection"
VOCABULARY_FILE = Path(__file__).with_name("inspection.toml")
REPORT, LETTER = "inspection_report", "inspection_letter"
MAX_GRADE_GAP = 3
"""Characters (spaces, a colon) a grade may stand after the judgement's name."""

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_NUMERIC = r"\d{1,2}/\d{1,2}/(?:19|20)\d{2}"
DATE_RANGE = re.compile(
    rf"{_DAY}(?:\s+{_MONTH}(?:\s+{_YEAR})?)?\s*(?:to|–|—|-|and|until)\s*{_DAY}\s+{_MONTH}\s+{_YEAR}"
    rf"|{_NUMERIC}\s*(?:to|–|—|-)\s*{_NUMERIC}|{_DAY}\s+{_MONTH}\s+{_YEAR}|{_NUMERIC}",
    re.I,
)
"""An inspection's dates as printed: '7 to 18 November 2022', '6 July 2015 – 30 July 2015', '1/06/2015 – 25/06/2015'."""
SINGLE_DATE = re.compile(rf"{_DAY}\s+{_MONTH}\s+{_YEAR}|{_NUMERIC}", re.I)
"""A whole date: '19 January 2018', '25/11/2016' (Redbridge 2016 prints its dates so)."""
FILE_DATE = re.compile(rf"(?<!\d)(\d{{1,2}}\s+{_MONTH}\s+{_YEAR}|{_YEAR}-\d{{2}}-\d{{2}})(?!\d)", re.I)
"""A date in a downloaded file's name: 'children's services inspection - 29 january 2025.pdf', '...-2023-01-31.pdf'."""
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@dataclass(frozen=True)
class PageText:
    """A paper's text with the page each character is on."""

    text: str
    starts: list[int]

    def page_at(self, offset: int) -> int:
        page = 1
        for number, start in enumerate(self.starts, start=1):
            if start > offset:
                break
            page = number
        return page


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """RETURNS (dict): `inspection.toml`, read once."""
    with open(VOCABULARY_FILE, "rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern[str]:
    """A vocabulary pattern with its spaces matching any run of whitespace (names wrap over lines)."""
    return re.compile(pattern.replace(" ", r"\s+"), re.I | re.M | re.S)


def fold(text: str) -> str:
    """RETURNS (str): text with curly apostrophes straight, as the vocabulary writes them."""
    return text.translate(_APOSTROPHES)


def _first_lines(text: str, count: int) -> str:
    return "\n".join([line.strip() for line in text.split("\n") if line.strip()][:count])


def paper_kind(first_page: str) -> tuple[str | None, str | None]:
    """RETURNS (tuple): (kind, framework family) from the first page's text, or (None, None).

    kind is `inspection_report` or `inspection_letter`; the family is `sif`,
    `ilacs`, `focused_visit` or `other`.
    """
    vocab = vocabulary()
    text = fold(first_page)
    for pattern in vocab["detect"]["letter"]:
        match = _compiled(pattern).search(text)
        if match:
            return LETTER, "focused_visit" if "focused" in match.group("visit").lower() else "other"
    head = _first_lines(text, vocab["detect"]["title_lines"])
    if not any(_compiled(pattern).search(head) for pattern in vocab["detect"]["dated"]):
        return None, None
    for title in vocab["titles"]:
        if _compiled(title["pattern"]).search(head):
            return REPORT, title["family"]
    return None, None


def matches(raw: RawDocument) -> bool:
    """RETURNS (bool): the paper is an Ofsted inspection report or letter, by its first page."""
    return bool(raw.pages) and paper_kind(raw.pages[0].text)[0] is not None


def debug(raw: RawDocument) -> dict[str, Any]:
    """RETURNS (dict): what the layout decided and read, step by step, for finding where a paper went wrong."""
    if not raw.pages:
        return {"kind": None}
    kind, family = paper_kind(raw.pages[0].text)
    if kind is None:
        return {"kind": None, "first_lines": _first_lines(fold(raw.pages[0].text), vocabulary()["detect"]["title_lines"])}
    whole = paper_text(raw)
    return {
        "kind": kind, "family": family,
        "inspection": read_inspection(raw, whole, kind=kind, family=family).model_dump(),
        "judgements": [record.model_dump() for record in read_judgements(whole, family=family)],
        "lines": lists.paper_lines(raw, skip=vocabulary()["lists"]["letterhead"]),
        "recommendations": [record.model_dump() for record in lists.read_recommendations(raw, vocabulary())],
    }


def extract(raw: RawDocument, *, settings: Any = None) -> Extraction:
    """RETURNS (Extraction): the inspection, its judgements and recommendations; empty for other papers."""
    if not raw.pages:
        return Extraction(origin=raw.origin)
    kind, family = paper_kind(raw.pages[0].text)
    if kind is None:
        return Extraction(origin=raw.origin)
    whole = paper_text(raw)
    inspection = read_inspection(raw, whole, kind=kind, family=family)
    judgements = read_judgements(whole, family=family) if kind == REPORT else []
    recommendations = lists.read_recommendations(raw, vocabulary())
    report = LayoutReport(
        layout=LAYOUT, records=1 + len(judgements) + len(recommendations),
        notes=[f"{kind} ({family})", f"{len(judgements)} judgements", f"{len(recommendations)} recommendations"],
    )
    metadata = MetadataRecord(
        kind=kind, date_raw=inspection.published_raw or _last_day(inspection.dates_raw),
        date_source="published" if inspection.published_raw else "inspection end",
    )
    return Extraction(
        origin=raw.origin, metadata=metadata, inspections=[inspection], judgements=judgements,
        recommendations=recommendations, reports=[report],
    )


def paper_text(raw: RawDocument) -> PageText:
    """RETURNS (PageText): every page's text, apostrophes folded, with where each page starts."""
    parts, starts, at = [], [], 0
    for page in raw.pages:
        starts.append(at)
        text = fold(page.text) + "\n"
        parts.append(text)
        at += len(text)
    return PageText("".join(parts), starts)


def read_inspection(raw: RawDocument, whole: PageText, *, kind: str, family: str) -> InspectionRecord:
    """RETURNS (InspectionRecord): dates, published date, lead inspector and where they are printed."""
    vocab = vocabulary()
    first = fold(raw.pages[0].text)
    if kind == LETTER:
        dates_raw, dates_page = _after_label(whole, vocab["dates"]["letters"], DATE_RANGE,
                                             window=vocab["dates"]["letter_window"])
    else:
        dates_raw, dates_page = _after_label(whole, vocab["dates"]["reports"], DATE_RANGE)
    published_raw, source = _published(first, raw.origin.filename, kind=kind)
    lead = _lead_inspector(whole, kind=kind)
    return InspectionRecord(
        kind=kind, family=family, dates_raw=dates_raw, published_raw=published_raw, published_source=source,
        lead_inspector=lead, source=Source(page=dates_page or 1),
    )


def _after_label(whole: PageText, labels: list[str], value: re.Pattern[str], *,
                 window: int = 0) -> tuple[str | None, int | None]:
    """The first value printed straight after one of the labels, or within `window` characters of it."""
    for label in labels:
        for match in _compiled(label).finditer(whole.text):
            at = _skip_space(whole.text, match.end())
            found = value.search(whole.text, at, at + window) if window else value.match(whole.text, at)
            if found:
                return " ".join(found.group(0).split()), whole.page_at(match.start())
    return None, None


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\n:":
        at += 1
    return at


def _published(first: str, filename: str, *, kind: str) -> tuple[str | None, str | None]:
    """The published date as printed on the first page (a letter's own date), else from the file name."""
    for label in vocabulary()["dates"]["published"]:
        match = _compiled(label).search(first)
        if match:
            found = SINGLE_DATE.match(first, _skip_space(first, match.end()))
            if found:
                return " ".join(found.group(0).split()), "paper"
    if kind == LETTER:
        opening = _first_lines(first, 3)
        found = SINGLE_DATE.search(opening)
        if found:
            return " ".join(found.group(0).split()), "paper"
    found = FILE_DATE.search(filename)
    if found:
        return found.group(1), "file name"
    return None, None


def _lead_inspector(whole: PageText, *, kind: str) -> str | None:
    """The lead inspector: a letter's signatory, else the name after a label ('Lead inspector:')."""
    vocab = vocabulary()["lead"]
    if kind == LETTER:
        for closing in vocab["letter_closing"]:
            match = _compiled(closing).search(whole.text)
            if match:
                name = _name(_next_line(whole.text, match.end()), vocab["titles"])
                if name:
                    return name
    labels = vocab["labels"] + (vocab["letter_labels"] if kind == LETTER else [])
    for label in labels:
        for match in _compiled(label).finditer(whole.text):
            end = whole.text.find("\n", match.end())
            rest = whole.text[match.end(): end if end >= 0 else None].strip(" :")
            name = _name(rest, vocab["titles"]) or _name(f"{rest} {_next_line(whole.text, match.end())}", vocab["titles"])
            if name:
                return name
    return None


def _next_line(text: str, at: int) -> str:
    for line in text[at:].split("\n")[1:6]:
        if line.strip():
            return line.strip()
    return ""


_NAME = re.compile(r"^[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){1,4}")


def _name(text: str, titles: list[str]) -> str | None:
    """The inspector's name at the start of `text`, without a title ('Her Majesty's Inspector', 'HMI')."""
    text = re.split(r",|\s+and\s+", text)[0]
    for title in titles:
        text = re.split(title.replace(" ", r"\s+"), text, flags=re.I)[0]
    match = _NAME.match(text.strip())
    return match.group(0) if match else None


def read_judgements(whole: PageText, *, family: str) -> list[JudgementRecord]:
    """RETURNS (list[JudgementRecord]): each judgement the report grades, in the vocabulary's order.

    A judgement is looked for in the table on the first pages, or in the
    whole paper when its entry says `anywhere`; entries naming `families`
    apply to those frameworks only.
    """
    vocab = vocabulary()
    first = vocab["judgement_pages"]["first_pages"]
    cut = whole.starts[first] if len(whole.starts) > first else len(whole.text)
    found = []
    for judgement in vocab["judgements"]:
        if family not in judgement.get("families", [family]):
            continue
        text = whole.text if judgement.get("anywhere") else whole.text[:cut]
        record = _graded(judgement, text, whole)
        if record is not None:
            found.append(record)
    return found


def _graded(judgement: dict[str, Any], text: str, whole: PageText) -> JudgementRecord | None:
    grade = _grade_pattern()
    for label in judgement["labels"]:
        for match in _compiled(label).finditer(text):
            at = match.end()
            gap = text[at: at + MAX_GRADE_GAP + 1]
            start = at + len(gap) - len(gap.lstrip(" \t\n:–-"))
            printed = grade.match(text, start)
            if printed and start - at <= MAX_GRADE_GAP:
                return JudgementRecord(
                    judgement=judgement["name"], label=" ".join(match.group(0).split()),
                    grade_raw=" ".join(printed.group(0).split()), source=Source(page=whole.page_at(match.start())),
                )
    return None


@lru_cache(maxsize=1)
def _grade_pattern() -> re.Pattern[str]:
    vocab = vocabulary()
    words = [word for group in vocab["grades"].values() for word in group]
    words.sort(key=len, reverse=True)
    body = "|".join(word.replace(" ", r"\s+") for word in words)
    return re.compile(rf"{vocab['grade_forms']['numbered']}|(?:{body})\b", re.I)


def _last_day(dates_raw: str | None) -> str | None:
    """The last date of a printed range ('7 to 18 November 2022' -> '18 November 2022')."""
    if not dates_raw:
        return None
    found = SINGLE_DATE.findall(dates_raw)
    return found[-1] if found else None
