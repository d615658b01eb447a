"""What a paper says about itself: title, committee, author, date, kind, and whose it is.

Written for the five seeds, the Kent corpus, and Ofsted's reports and letters
and West Sussex's papers in `../shared/corpus/`. Their covers vary:
`plymouth-2023-11-07-committee-cover` prints a label grid (`Date of meeting:`,
`Title of Report:`, `Author:`); `sunderland-tfc-2019-01-21-progress-report`
prints `DATE: 21/01/19` under a committee heading in a table whose first cell is
cut (`TOGETHER FOR C`); `worcestershire-2017-03-13-agenda-pack` opens with a
ModernGov item line and a panel heading over `Monday, 13 March 2017, 2.00 pm`;
Kent reports print `To: Cabinet – 4 March 2025`, Kent minutes `MINUTES of a
meeting of the Cabinet held ... on Thursday, 30 January 2025`, Kent agenda
front sheets wrap an e-mail address over two lines (`...@kent` / `.gov.uk`).

The chain: `cover.document_lines` -> `cover.cover_lines` -> `cover.head_lines`
(the cover block before the first paragraph) -> `cover.labelled_fields` ->
`find_body`, `cover.find_date`, `find_title`, `find_author`, `find_period`,
`find_kind` -> `council_cues` (the lines `normalise.councils` reads, each
prefixed with where it stood: `cover: ...`, `email: ...`).

Rules for `date_source`, in order: `meeting` (a meeting date on the cover:
`Date of meeting:`, `To: Cabinet – 4 March 2025`, a committee heading over or
beside a date, minutes' `held ... on`, or `DATE:` under a committee heading);
`document` for `Date:` on a cover naming no committee; `file_name` (the date in
a ModernGov file name); then the paper's own date: `document` (`Accurate when
produced on`, `Date of issue`, `Report published:`, a date alone on a cover
line, `Version 1.0 | 23 September 2024`, a date right of a letter's address
block); then `file_name` again for other dates a downloaded file's name gives
(`... - 29 january 2025.pdf`, `...-2023-01-31.pdf`).

Letters (a `Dear ...` line on the cover; Ofsted's focused-visit letters, a
minister's letter in Kent's appendices): the address block above the greeting
is never a title or a committee; the title is the subject line under it. A date without a
day (`June 2024`, `April 2023`) adds `_month` (`meeting_month`,
`document_month`): it is stored as the month's first day. A date inside a
paragraph is never used: it describes an event, not the paper.

Rules for `kind` (also in docs/metadata.md), in order: `other` for minutes and
meeting notes (`MINUTES of`, `Present:`); `agenda_pack` when the cover opens
an agenda (`Agenda`, `Summons to and Agenda`, `Public reports pack`, or three
agenda items such as `Apologies`); `performance_report` when the title or
cover names a performance report; when the title or cover names an
improvement or action plan about children's services, `progress_report` if
the title or the first cover lines speak of an update, progress, highlight,
monitoring, review or report (`PURPOSE: ... overview of progress against the
Improvement Plan`), and `improvement_plan` if not (the plan itself, even under
a committee cover, or its action tracker); else `other`.

`debug_metadata(raw)` returns the intermediate results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from planwatch.ingest.models import RawDocument
from planwatch.settings import Settings
from planwatch.wording import counted

from .common import clean
from .cover import (
    EMAIL, LABEL, LETTER_GREETING, OPEN_END, SMALL_WORDS, CoverSettings, Line, cover_lines, cover_table_rows, document_lines,
    find_date, first_date, head_lines, head_text, is_body_line, labelled_fields, only_date, title_case_caps,
    vocabulary, without_date,
)
from .models import Extraction, LayoutReport, MetadataRecord

DEFAULT_FURNITURE_LINES = 2
"""Lines at the top and at the bottom of each page that may be running headers or footers."""
DEFAULT_FURNITURE_SHARE = 0.3
"""Share of the pages a line must be repeated on to be a running header or footer."""
DEFAULT_MAX_BODY_LINES = 300
"""Most lines of running text that name a council passed on as council cues."""
DEFAULT_MAX_CONTACT_LINES = 40
"""Most contact lines passed on as council cues."""
DEFAULT_TITLE_LINES = 3
"""Most lines a cover heading may wrap over."""
BANNER_RATIO = 1.15
"""A cover line outside the cover block is the title when its type is this much larger than the block's."""
WRAP_TAIL_RATIO = 1.2
"""... and the line it goes on to is at most this much longer."""
DEFAULT_WRAP_CHARS = 25
"""Without type sizes, a heading line this long may have wrapped onto the next."""

PERIOD = re.compile(
    r"\b(?:quarter|qtr|q)\s*[1-4]\b,?\s*(?:of\s+)?\d{4}\s*[/-]\s*\d{2,4}"
    r"|\b\d{4}\s*[/-]\s*\d{2,4}\s*[–-]?\s*(?:quarter|qtr|q)\s*[1-4]\b",
    re.I,
)
MINUTES = re.compile(r"minutes of (?:a|an|the) [\w ]*?meeting of (?:the )?(?P<body>.+?)\s+held\b", re.I)
ITEM_NUMBER = re.compile(r"\s*\((?:agenda\s+)?item\s+\d+\w*\)\s*$", re.I)
ISSUE_PREFIX = re.compile(r"^issue\s*[–-]\s*items at meetings\s*[–-]\s*", re.I)
"""A saved ModernGov item page's heading: 'Issue - items at meetings - <title>'."""
GREETING = LETTER_GREETING
SUBJECT = re.compile(r"^(?:re|subject|ref)\s*:\s*", re.I)
ITEM_TITLE = re.compile(r"^item\s+\d+\w?\s*[–-]\s*(?P<title>.+?)(?:\s*\((?:marked to follow|to follow)\))?$", re.I)
URL = re.compile(r"(?:https?://|www\.)(?:[\w-]+\.)+[a-z]{2,}[^\s]*", re.I)
_NOT_TITLE = re.compile(
    r"^(?:page \d+ of \d+|dear\b|yours\b|re:|\d{1,2}(?:\.\d+)*\.?\s|\(?[a-z]\)\s|[•·▪-]\s)"
    r"|\b(?:sessions house|county hall|telephone|tel:|ask for)\b"
    r"|^skip to\b|\s>\s"  # a web page's skip link and breadcrumbs
    r"|^(?:report|letter|paper)\s+(?:to|from|by)\s",  # 'Report to Kent County Council': whom it is for
    re.I,
)


@dataclass
class MetadataSettings(Settings):
    """Tuning for the metadata layout (pdfplumber's TableSettings pattern)."""

    cover: CoverSettings = field(default_factory=CoverSettings)
    furniture_lines: int = DEFAULT_FURNITURE_LINES
    furniture_share: float = DEFAULT_FURNITURE_SHARE
    max_body_lines: int = DEFAULT_MAX_BODY_LINES
    max_contact_lines: int = DEFAULT_MAX_CONTACT_LINES

    def __post_init__(self) -> None:
        self.cover = CoverSettings.resolve(self.cover)
        if not 0 < self.furniture_share <= 1:
            raise ValueError("Metadata setting 'furniture_share' must be above 0 and at most 1")
        if self.furniture_lines < 1:
            raise ValueError("Metadata setting 'furniture_lines' must be at least 1")


def find_body(fields: dict[str, str], head: list[Line], table_rows: list[list[str]], *,
              cover: list[Line] | None = None) -> str | None:
    """RETURNS (str | None): the committee, board or panel the paper went to, as printed."""
    joined = " ".join(line.text for line in (cover or head)[:8])
    if minutes := MINUTES.search(joined):
        return title_case_caps(minutes.group("body"))
    if "body" in fields:
        value = re.sub(r"^all members of (?:the )?", "", without_date(fields["body"]), flags=re.I)
        value = ITEM_NUMBER.sub("", value).strip(" –-")  # ModernGov: '12/03/2024 - Committee (Item 7)'
        if is_body_line(value):
            return _body_name(value)
    cells = [cell for cells in table_rows[:3] if not _is_label_row(cells) for cell in cells]
    lines = after_greeting(head)
    # a line that ends a wrapped phrase ('Review of the effectiveness of the' / 'Surrey Safeguarding
    # Children Board') names what the paper is about, not the meeting it went to
    own = [line.text for previous, line in zip([None, *lines], lines)
           if not LABEL.match(line.text) and not (previous and OPEN_END.search(previous.text))]
    for text in cells + own:
        parts = re.split(r"\s+[–-]\s+", text) if first_date(text, month=True) else [text]
        for part in parts:
            part = without_date(part)
            if is_body_line(part) and not only_date(part):
                return _body_name(part)
    return None


def _is_label_row(cells: list[str]) -> bool:
    return bool(cells) and cells[0].rstrip().endswith(":")


def _body_name(text: str) -> str:
    return title_case_caps(re.sub(r"^(?:to|report to)\s+", "", text.strip(" .:"), flags=re.I))


def _skip_title(text: str, body: str | None) -> bool:
    lowered = text.lower().strip(" .:")
    vocab = vocabulary()["title"]["skip"]
    if any(lowered == word or lowered.startswith(word + " ") and len(lowered) < len(word) + 4 for word in vocab):
        return True
    heading = text[:1].isupper() and _title_word(text)  # 'Inspection of services for ... protection,'
    if _NOT_TITLE.search(text) or OPEN_END.search(lowered) and len(lowered) > 60 and not heading:
        return True
    if re.search(r"[a-z]\.\s+[A-Z]", text):  # two sentences: a note, not a heading
        return True
    words = lowered.split()
    if len(words) >= 6 and len(set(words)) < 0.7 * len(words):
        return True
    letters = re.findall(r"[A-Za-z]{2,}", text)
    numbers = re.findall(r"[\d£%]+", text)
    labelled = LABEL.match(text) and not re.match(r"(?:appendix|annex)\b", lowered)
    if len(letters) < 2 or len(numbers) > len(letters) or labelled or EMAIL.search(text) or URL.search(text):
        return True
    if only_date(text) or (body and title_case_caps(text).lower() == body.lower()):
        return True
    council = re.search(r"\bcouncil$", lowered) and len(letters) <= 5 and not _title_word(text)  # 'Kent County Council'
    return is_body_line(text) or bool(council)


def find_title(fields: dict[str, str], head: list[Line], body: str | None, kind_hint: str | None,
               metadata: dict[str, str], filename: str, *, cover: list[Line] | None = None) -> str | None:
    """RETURNS (str | None): the paper's title: labelled, else the cover heading, else the file's own."""
    if "title" in fields:
        return fields["title"]
    if head and (item := ITEM_TITLE.match(head[0].text)):
        return item.group("title")
    if issue := next((line.text for line in head if ISSUE_PREFIX.match(line.text)), None):
        return ISSUE_PREFIX.sub("", issue)  # a saved ModernGov page, under the site's navigation
    if (greeting := _greeting(head)) is not None:
        lines = cover or head  # the subject line may open the letter's paragraphs
        return _letter_title(lines[lines.index(head[greeting]) + 1:], metadata, filename)
    if kind_hint == "minutes" and body:
        return f"Minutes – {body}"
    if kind_hint == "agenda":
        return f"Agenda – {body}" if body else "Agenda"
    lines = [line for line in head if not _skip_title(line.text, body)]
    if (banner := _banner(cover or head, lines, body)) is not None:
        return title_case_caps(banner.text)
    if lines:
        return _title_group(lines, head)
    own = re.sub(r"^microsoft (?:word|excel|powerpoint) - ", "", metadata.get("Title", ""), flags=re.I)
    return own or PurePath(filename).stem or None


def _banner(cover: list[Line], lines: list[Line], body: str | None) -> Line | None:
    """A heading in type much larger than the cover block's, printed apart from it (a white title on a
    dark banner, read after the table under it): the title. Only where the page was analysed (type sizes)."""
    page = cover[0].page if cover else None
    sized = [line for line in cover if line.size and line.page == page and not _skip_title(line.text, body)]
    if not sized:
        return None
    biggest = max(sized, key=lambda line: line.size)
    if biggest in lines or len(biggest.text.split()) < 3 or not biggest.text[:1].isalpha():
        return None  # a footnote ('[3] ...'), a column heading
    # compared with the cover block's type, or with the page's middle size when the block's is unknown
    sizes = sorted(line.size for line in sized)
    block = max((line.size for line in lines if line.size), default=0.0) or sizes[len(sizes) // 2]
    return biggest if biggest.size >= BANNER_RATIO * block else None


def _greeting(head: list[Line]) -> int | None:
    """RETURNS (int | None): where a letter's greeting ('Dear Sara') stands in the cover block."""
    return next((i for i, line in enumerate(head) if GREETING.match(line.text)), None)


def after_greeting(head: list[Line]) -> list[Line]:
    """RETURNS (list[Line]): a letter's cover block without its address block (what comes before 'Dear')."""
    greeting = _greeting(head)
    return head if greeting is None else head[greeting + 1:]


def _letter_title(following: list[Line], metadata: dict[str, str], filename: str) -> str | None:
    """A letter's title is the subject line under its greeting ('Re: ...'); the addressee never is."""
    if following:
        labelled = SUBJECT.match(following[0].text) is not None
        text = SUBJECT.sub("", following[0].text)
        paragraph = len(following) > 1 and following[1].text[:1].islower() and len(following[1].text) >= 40 \
            and not OPEN_END.search(text)  # the first line of a paragraph, not a subject wrapped onto 'services'

        if not _skip_title(text, None) and not text.rstrip().endswith((".", ",")) and len(text.split()) <= 20 \
                and (labelled or not paragraph):
            group = [following[0]]
            for line in following[1:DEFAULT_TITLE_LINES]:
                if not (OPEN_END.search(group[-1].text) or line.text[:1].islower() and len(line.text) < 40):
                    break
                group.append(line)
            return title_case_caps(clean(SUBJECT.sub("", " ".join(line.text for line in group))))
    own = re.sub(r"^microsoft (?:word|excel|powerpoint) - ", "", metadata.get("Title", ""), flags=re.I)
    return own or PurePath(filename).stem or None


def _title_word(text: str) -> bool:
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(word)}", lowered) for word in vocabulary()["title"]["words"])


def _only_a_name(line: Line) -> bool:
    """A short line of capitalised words naming no kind of paper: a place or an authority over the heading."""
    words = [word for word in re.findall(r"[A-Za-z][A-Za-z'’&-]*", line.text) if word.lower() not in SMALL_WORDS]
    return 0 < len(words) <= 4 and all(word[0].isupper() for word in words) and not _title_word(line.text)


def _title_group(lines: list[Line], head: list[Line]) -> str:
    sized = [line for line in lines[:15] if line.size]
    first = max(sized, key=lambda line: line.size) if sized else lines[0]
    following = lines[lines.index(first) + 1] if lines.index(first) + 1 < len(lines) else None
    if following is not None and _only_a_name(first) and _title_word(following.text) \
            and len(following.text.split()) >= 3 and head.index(following) - head.index(first) <= 2:
        first = following  # 'Bracknell Forest' over 'Inspection of services for children ...'
    group = [first]
    for line in head[head.index(first) + 1:]:
        if len(group) >= DEFAULT_TITLE_LINES or not (line in lines or _fragment(line)):
            break
        same_look = first.size is not None and line.size == first.size and line.bold == first.bold
        open_end = re.search(r"(?:[–,&~-]|\b(?:and|of|the|for|to|in))$", group[-1].text, re.I)
        goes_on = line.text[:1].islower() or line.text.split()[0].lower() in ("and", "of", "in", "for", "to", "with")
        if not (same_look or open_end or goes_on or _wraps_on(group[-1], line)):
            break
        group.append(line)
    return title_case_caps(clean(" ".join(line.text for line in group)))


def _wraps_on(last: Line, line: Line) -> bool:
    """Without type sizes: a long heading line goes on onto a line of running words ('Somerset local authority ...')."""
    if last.size is not None or len(last.text) < DEFAULT_WRAP_CHARS or last.text.rstrip().endswith((".", ":", ")")):
        return False
    if len(line.text) > WRAP_TAIL_RATIO * len(last.text) or not line.text[:1].isalpha():
        return False  # a wrapped heading's tail is no longer than its first line: a longer line is a subtitle or a note
    words = line.text.split()
    capitals = not re.search(r"[a-z]", last.text + line.text)  # a heading set in capitals throughout
    running = any(word[:1].islower() and word not in SMALL_WORDS for word in words)
    return len(words) >= 2 and (running or capitals) and not LABEL.match(line.text) and not re.search(r"\d", line.text)


def _fragment(line: Line) -> bool:
    """A heading's last word or two wrapped onto a line of their own ('services')."""
    words = line.text.split()
    return len(words) <= 2 and not re.search(r"\d|:", line.text) and any(
        len(word) >= 3 and word.lower() not in SMALL_WORDS for word in words)


def find_author(fields: dict[str, str]) -> str | None:
    """RETURNS (str | None): the author or report owner as printed on the cover."""
    value = fields.get("author") or fields.get("owner")
    if not value:
        return None
    value = EMAIL.sub("", re.split(r"\b(?:tel|telephone|e-?mail|phone)\b|\s{3,}", value, flags=re.I)[0])
    return clean(value.strip(" ,;:")) or None


def find_period(title: str | None, head: list[Line]) -> str | None:
    """RETURNS (str | None): the reporting period the cover states, as printed ('Quarter 3, 2024/25')."""
    for text in (title or "", head_text(head)):
        if match := PERIOD.search(text):
            return match.group(0)
    return None


def find_kind(title: str | None, head: list[Line], *, cover: list[Line] | None = None) -> str:
    """RETURNS (str): improvement_plan, progress_report, performance_report, agenda_pack or other."""
    vocab = vocabulary()["kind"]
    if kind_hint(cover or head) == "minutes":
        return "other"
    opening = [line.text.lower() for line in head[:6]]
    items = sum(1 for line in head if any(word in line.text.lower() for word in vocab["agenda_items"]))
    if any(any(text.startswith(word) for word in vocab["agenda"]) for text in opening) or items >= 3:
        return "agenda_pack"
    about = f"{title or ''} {head_text(head[:12])}".lower()
    if any(word in about for word in vocab["performance"]):
        return "performance_report"
    if any(word in about for word in vocab["plan"]) and any(word in about for word in vocab["improvement_context"]):
        values = " ".join(LABEL.sub(r"\g<value>", line.text) for line in head[:6])
        said = f"{title or ''} {values}".lower()
        for phrase in vocab.get("not_progress", []):
            said = said.replace(phrase, " ")
        progress = any(re.search(rf"\b{word}\b", said) for word in vocab["progress"])
        return "progress_report" if progress else "improvement_plan"
    return "other"


def kind_hint(head: list[Line]) -> str | None:
    """RETURNS (str | None): 'minutes' or 'agenda' when the cover says the paper is one."""
    opening = " ".join(line.text.lower() for line in head[:12])
    markers = (r"\bminutes of (?:a|an|the)\b", r"(?:^|\s)(?:present|attendance|in attendance)\s*:")
    if any(re.search(marker, opening) for marker in markers):
        return "minutes"
    if any(line.text.lower().startswith(word) for line in head[:4] for word in vocabulary()["kind"]["agenda"]):
        return "agenda"
    return None


def furniture_lines(pages: list[list[Line]], settings: MetadataSettings) -> list[str]:
    """RETURNS (list[str]): running header and footer lines: the first or last lines repeated on pages."""
    if len(pages) < 2:
        return []
    seen: dict[str, tuple[int, str]] = {}
    for lines in pages:
        edge = lines[: settings.furniture_lines] + lines[-settings.furniture_lines:]
        for text in {line.text for line in edge}:
            norm = re.sub(r"\d+", "#", text.lower())
            count, first = seen.get(norm, (0, text))
            seen[norm] = (count + 1, first)
    needed = max(2, round(settings.furniture_share * len(pages)))
    return [first for norm, (count, first) in seen.items()
            if count >= needed and re.search(r"[a-z]{3,}", norm) and not re.fullmatch(r"page # of #", norm)]


def _mentions_council(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in vocabulary()["mention"]["words"]) or bool(re.search(r"\([A-Z]{2,6}\)", text))


def _holds_any(lowered: str, words: list[str]) -> bool:
    return any(word in lowered for word in words)


def _addresses(text: str) -> list[tuple[str, str]]:
    return [("email", m.group(0)) for m in EMAIL.finditer(text)] + [("url", m.group(0)) for m in URL.finditer(text)]


def council_cues(raw: RawDocument, pages: list[list[Line]], cover: list[Line], head: list[Line],
                 title: str | None, settings: MetadataSettings) -> list[str]:
    """RETURNS (list[str]): the lines `normalise.councils` reads, as 'source: text', strongest first.

    Only the cover block is `cover`; the cover's paragraphs are `body`, like
    the rest of the paper (a Kent report's summary names Medway Council).
    """
    cues: list[tuple[str, str]] = [("title", title)] if title else []
    cover_texts = {line.text for line in cover}
    head_texts = {line.text for line in head}
    cues += [("cover", line.text) for line in head]
    # a name wrapped over two lines ('The Royal Borough of Windsor and' / 'Maidenhead')
    cues += [("cover", f"{line.text} {following.text}") for line, following in zip(head, head[1:])
             if OPEN_END.search(line.text)]
    cues += [("body", line.text) for line in cover if line.text not in head_texts]
    furniture = furniture_lines(pages, settings)
    cues += [("header", text) for text in furniture]
    contact_words = vocabulary()["contact"]["words"]
    everything = [line for lines in pages for line in lines]
    contacts = [line.text for line in everything
                if len(line.text) <= 200 and _holds_any(line.text.lower(), contact_words)]
    cues += [("contact", text) for text in contacts[: settings.max_contact_lines]]
    own = cover_texts | set(furniture) | set(contacts) | {line.text for line in (pages[-1] if pages else [])}
    for line in everything:
        for source, address in _addresses(line.text):
            cues.append((source if line.text in own else "body", address))
    cues += [("metadata", raw.metadata[name]) for name in ("Title", "Author", "Subject") if raw.metadata.get(name)]
    cues.append(("file", raw.origin.filename))
    folder = PurePath(raw.origin.path).parent.name
    if folder:
        cues.append(("folder", folder))
    body = [line.text for line in everything if line.text not in cover_texts and _mentions_council(line.text)]
    cues += [("body", text) for text in body[: settings.max_body_lines]]
    return [f"{source}: {text}" for source, text in dict.fromkeys(cues)]


def read_metadata(raw: RawDocument, *, settings: MetadataSettings | dict | None = None) -> dict[str, Any]:
    """RETURNS (dict): every intermediate result and the record (the debug hook's content)."""
    settings = MetadataSettings.resolve(settings)
    pages = document_lines(raw)
    cover = cover_lines(pages, settings.cover)
    head = head_lines(cover, settings.cover)
    tables = cover_table_rows(raw, {line.page for line in cover} | ({None} if len(raw.pages) == 1 else set()))
    fields = labelled_fields(head, tables, rest=cover[len(head):])
    body = find_body(fields, head, tables, cover=cover)
    date_raw, date_source = find_date(fields, head, body, raw.origin.filename, cover=cover)
    title = find_title(fields, head, body, kind_hint(cover), raw.metadata, raw.origin.filename, cover=cover)
    record = MetadataRecord(
        title=title, body=body, author=find_author(fields), date_raw=date_raw, date_source=date_source,
        reporting_period_raw=find_period(title, head),
        kind=find_kind(title, head, cover=cover),
        council_text=council_cues(raw, pages, cover, head, title, settings),
    )
    return {"cover": cover, "head": head, "tables": tables, "fields": fields, "record": record}


def extract(raw: RawDocument, *, settings: MetadataSettings | dict | None = None) -> Extraction:
    """RETURNS (Extraction): the paper's metadata record and a report of what was found."""
    record = read_metadata(raw, settings=settings)["record"]
    found = [name for name in ("title", "body", "author", "date_raw", "kind") if getattr(record, name)]
    report = LayoutReport(
        layout="metadata", records=1,
        notes=[f"found: {', '.join(found)}", counted(len(record.council_text), "council cue")],
    )
    return Extraction(origin=raw.origin, metadata=record, reports=[report])


def debug_metadata(raw: RawDocument, *, settings: MetadataSettings | dict | None = None) -> dict[str, Any]:
    """RETURNS (dict): the cover, head lines, cover tables, labelled fields and the record."""
    return read_metadata(raw, settings=settings)
