"""Helpers every layout module shares: table grids, text cleaning, vocabularies.

Layout modules never import each other; what two of them need lives here.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from rapidfuzz import fuzz

from planwatch.ingest.models import Cell, RawDocument, Row, Table

WHITE_FILLS = frozenset({"#ffffff", "#fefefe", "#fdfdfd"})
"""Fills that are a cell's paper, not a colour: never a status or a key's swatch."""

STARTS_SCORE = 95.0
"""Match score of a header that starts with one of a role's `starts`: below an exact word."""

_KEY = re.compile(r"[^a-z0-9#]+")


def clean(text: str | None) -> str:
    """RETURNS (str): text with runs of whitespace (line breaks included) as single spaces."""
    return " ".join(text.split()) if text else ""


@lru_cache(maxsize=16384)
def key(text: str | None) -> str:
    """RETURNS (str): lower-case letters and digits only, for comparing header words."""
    return _KEY.sub("", (text or "").lower())


def grid(table: Table) -> list[list[Cell | None]]:
    """RETURNS (list): the table as a rectangle; a merged cell fills every position it covers."""
    rows: list[list[Cell | None]] = [[None] * table.n_cols for _ in table.rows]
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    rr, cc = r + dr, cell.col + dc
                    if rr < len(rows) and cc < table.n_cols:
                        rows[rr][cc] = cell
    return rows


def row_texts(table: Table, row_index: int) -> list[str]:
    """RETURNS (list[str]): one row's cell texts by grid column ('' where empty or merged from above)."""
    row = table.rows[row_index]
    texts = [""] * table.n_cols
    for cell in row.cells:
        if cell.col < table.n_cols:
            texts[cell.col] = cell.text
    return texts


def spanned_row_texts(table: Table) -> list[list[str]]:
    """RETURNS (list): every row's cell texts by grid column, a vertically merged cell repeated below.

    A Word table's merged outcome cell (vMerge) belongs to each row it spans;
    a cell merged across columns keeps its text in its first column only.
    """
    rows = [row_texts(table, r) for r in range(len(table.rows))]
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            for dr in range(1, cell.row_span):
                if r + dr < len(rows) and cell.col < table.n_cols and not rows[r + dr][cell.col].strip():
                    rows[r + dr][cell.col] = cell.text
    return rows


def cell_at(row: Row, col: int) -> Cell | None:
    """RETURNS (Cell | None): the cell of `row` covering grid column `col`."""
    for cell in row.cells:
        if cell.col <= col < cell.col + cell.col_span:
            return cell
    return None


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """RETURNS (dict): the vocabularies in `vocab.toml`, read once."""
    text = resources.files("planwatch.extract").joinpath("vocab.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def best_role(header: str | None, roles: dict[str, dict[str, list[str]]], threshold: float) -> tuple[str | None, float]:
    """RETURNS (tuple): the role a header text names (or None) and the match score 0-100.

    A header matches a role when it equals one of the role's `words`,
    fuzzily (rapidfuzz ratio at least `threshold`, so 'Time scale/ Date' and
    'Timescale' or 'R A G' and 'RAG' agree), or starts with one of its
    `starts` (scored `STARTS_SCORE`). Case, spacing and punctuation are ignored.
    roles (dict): role -> {'words': [...], 'starts': [...]}, a vocabulary's table.
    """
    wanted = key(header)
    if not wanted:
        return None, 0.0
    best: tuple[str | None, float] = (None, 0.0)
    for role, lists in roles.items():
        for word in lists["words"]:
            keyed = key(word)
            score = 100.0 if keyed == wanted else fuzz.ratio(keyed, wanted, score_cutoff=threshold)
            if score >= threshold and score > best[1]:
                best = (role, score)
        for start in lists.get("starts", []):
            prefix = key(start)
            if prefix and wanted.startswith(prefix) and STARTS_SCORE > best[1]:
                best = (role, STARTS_SCORE)
    return best


@lru_cache(maxsize=4096)
def column_role(header: str) -> tuple[str | None, float]:
    """RETURNS (tuple): the plan-table role a header text names (or None) and the match score 0-100.

    Matched by `best_role` against `[columns.*]` in `vocab.toml`.
    """
    vocab = vocabulary()
    return best_role(header, vocab["columns"], vocab["matching"]["min_score"])


def header_roles(texts: list[str]) -> dict[int, str]:
    """RETURNS (dict): grid column -> role for a row of header texts (first column wins a role)."""
    roles: dict[int, str] = {}
    for col, text in enumerate(texts):
        role, _ = column_role(clean(text))
        if role is not None and role not in roles.values():
            roles[col] = role
    return roles


def all_tables(raw: RawDocument) -> list[Table]:
    """RETURNS (list[Table]): every table of the document in reading order."""
    return sorted(raw.tables, key=lambda table: table.seq)


# -- What a cell holds ----------------------------------------------------------

_LOOKALIKES = str.maketrans({
    # Cyrillic capitals and small letters that PDFs carry for Latin ones
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "О": "O", "Р": "P",
    "Т": "T", "Х": "X", "а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y",
    # Greek capitals
    "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Κ": "K", "Μ": "M", "Ο": "O", "Ρ": "P", "Τ": "T",
    "Χ": "X", "ο": "o",
})

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATE_PATTERN = re.compile(
    rf"\b(?:\d{{1,2}}\s*(?:st|nd|rd|th)?\s+{_MONTH}\.?\s*(?:\d{{4}}|\d{{2}})?|{_MONTH}\.?\s*(?:\d{{4}}|\d{{2}})\b|"
    rf"\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|(?:q[1-4]|quarter\s*[1-4])\s*\d{{2,4}}(?:/\d{{2,4}})?)",
    re.I,
)
"""A date or month as printed: '01/09/18', '31 st March 2023', 'July 23', 'Sept 23', 'Q3 2024/25'."""

_MONTH_ONLY = re.compile(rf"^{_MONTH}\.?$", re.I)


def fold_lookalikes(text: str) -> str:
    """RETURNS (str): text with Cyrillic and Greek look-alike letters as the Latin ones they show."""
    return text.translate(_LOOKALIKES)


@lru_cache(maxsize=1)
def _cell_patterns() -> dict[str, re.Pattern[str]]:
    cells = vocabulary()["cells"]
    return {"rule": re.compile(cells["rule"]), "ref": re.compile(cells["ref"]),
            "leading_ref": re.compile(cells["leading_ref"])}


def is_ref(text: str | None) -> bool:
    """RETURNS (bool): the cell holds only a row reference ('1', '1.1', '3.10', '100.100')."""
    return ref_text(text) is not None


def ref_text(text: str | None) -> str | None:
    """RETURNS (str | None): the row reference the cell holds, or None.

    A narrow ref column wraps a long ref: '98.10' over '0', '100.' over
    '100'. Lines after the first that hold only digits continue the ref when
    the first holds a dot, so the cell is '98.100'; a ref is text, and
    '98.10 0' is no ref at all. Two refs in one cell ('1.1' over '1.2') stay
    apart.
    """
    cleaned = clean(text)
    pattern = _cell_patterns()["ref"]
    if pattern.match(cleaned):
        return cleaned
    lines = (text or "").split()
    if len(lines) > 1 and "." in lines[0] and all(line.isdigit() for line in lines[1:]) and "\n" in text:
        joined = "".join(lines)
        return joined if pattern.match(joined) else None
    return None


def is_rule(text: str | None) -> bool:
    """RETURNS (bool): the text is only rule characters ('-----'), a text rendering's border."""
    text = clean(text)
    return bool(text) and bool(_cell_patterns()["rule"].match(text))


def split_leading_ref(text: str | None) -> tuple[str | None, str]:
    """RETURNS (tuple): the dotted ref printed at the start of `text` (or None) and the rest.

    '1.1 Commission an independent review' -> ('1.1', 'Commission an independent review').
    """
    text = (text or "").strip()
    match = _cell_patterns()["leading_ref"].match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end():].strip()


def is_status(text: str | None) -> bool:
    """RETURNS (bool): the cell holds a status word or letter ('G', 'Amber', 'С', 'Completed')."""
    wanted = clean(fold_lookalikes(text or "")).lower().rstrip(".")
    return bool(wanted) and wanted in set(vocabulary()["cells"]["status"])


def is_timescale(text: str | None) -> bool:
    """RETURNS (bool): the cell reads as a timescale: a date, a month or a word like 'Ongoing'."""
    text = clean(text)
    if not text or len(text.split()) > 12:
        return False
    if DATE_PATTERN.search(text) or _MONTH_ONLY.match(text):
        return True
    words = {word.strip(".,").lower() for word in text.split()}
    return bool(words & set(vocabulary()["cells"]["timescale_words"]))


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}


def numeral_value(text: str | None) -> int | None:
    """RETURNS (int | None): the number a priority numeral shows: '2', 'IV', 'I' (or 'l' typed for 1)."""
    text = clean(fold_lookalikes(text or "")).rstrip(".):").lower()
    if text.isdigit():
        return int(text)
    if text == "l":
        return 1
    if not text or any(ch not in "ivx" for ch in text):
        return None
    total = 0
    for ch, following in zip(text, text[1:] + " "):
        value = _ROMAN[ch]
        total += -value if _ROMAN.get(following, 0) > value else value
    return total if total > 0 else None


def repeats_header(text: str | None, header: str | None) -> bool:
    """RETURNS (bool): a data cell that only repeats its column's header (page furniture)."""
    wanted, got = key(header), key(text)
    return bool(wanted) and bool(got) and (wanted == got or (len(got) >= 5 and wanted.endswith(got)))


# -- Priority headings and banners ------------------------------------------------

_HEADING = re.compile(
    r"^(?P<word>[A-Za-z][A-Za-z-]*(?:\s+(?:stream|priority))?)"
    r"(?:\s*(?P<digits>\d{1,3})|\s+(?P<roman>[IVXivx]{1,4}|l))\b(?![.,]\d)"
    r"\s*(?:[:.)–—-]+\s*)?(?P<title>.*)$",
    re.S,
)
"""'Priority 1: ...', 'PRIORITY I – ...', 'Priority5–Quality...' (a banner joined from split cells);
a Roman numeral needs a space before it, so 'objectiv' is not 'objecti' + 'v'."""
_BARE_BANNER = re.compile(r"^(?P<number>\d{1,2})\s*(?:[–—-]\s*)?\s(?P<title>[A-Z][^.:;]*)$")
_BULLET = re.compile(r"^[•●▪◦‣*·–-]\s+")
_BRACKET = re.compile(r"\((?:ref(?:erence)?\s*[:.-]?\s*)?(?P<ref>[^()]+)\)\s*[\"'”’.]*\s*$", re.I)


MIN_PRIORITY_WORD = 5
"""Shortest leading word that can be a (fuzzily matched) priority word."""


class Heading(NamedTuple):
    """A priority heading as printed."""

    number: str
    title: str
    inspection_ref: str | None


def _priority_word(word: str, *, fuzzy: bool) -> bool:
    vocab = vocabulary()["priorities"]
    wanted = key(word)
    if not fuzzy:
        return wanted in {key(candidate) for candidate in vocab["words"]}
    if len(wanted) < MIN_PRIORITY_WORD:
        return False
    return any(
        fuzz.ratio(key(candidate), wanted) >= vocab["min_score"] for candidate in vocab["words"]
    )


def split_inspection_ref(title: str) -> tuple[str, str | None]:
    """RETURNS (tuple): a title without its trailing '(Ofsted Recommendation 1)' and that reference."""
    title = clean(title)
    match = _BRACKET.search(title)
    if match is None:
        return title.rstrip(" \"'”’"), None
    ref = clean(match.group("ref"))
    words = vocabulary()["priorities"]["inspection_words"]
    if not any(word.lower() in ref.lower() for word in words):
        return title.rstrip(" \"'”’"), None
    return title[: match.start()].rstrip(" \"'”’.,;:"), ref


@lru_cache(maxsize=16384)  # each extractor asks about the same lines and cells
def parse_priority_heading(text: str | None, *, fuzzy: bool = False) -> Heading | None:
    """RETURNS (Heading | None): 'Priority 1: ... (Ofsted Recommendation 1)' read as number, title, ref.

    The leading word must be one of the priority words in `vocab.toml`;
    'Priority I' and 'Work-stream 1' count, 'Priority action' does not.
    fuzzy (bool): match the word fuzzily, for a banner joined from pieces a
        page split across cells ('Pi' + 'riority 6 – A'); a lone fragment such
        as 'riority 1: Lev' inside a sentence is not taken without it.
    """
    text = _BULLET.sub("", clean(fold_lookalikes(text or "")))
    match = _HEADING.match(text)
    if match is None or not _priority_word(match.group("word"), fuzzy=fuzzy):
        return None
    number = match.group("digits") or match.group("roman")
    if numeral_value(number) is None:
        return None
    number_end = match.end("digits") if match.group("digits") else match.end("roman")
    separated = re.search(r"[:.)–—-]", text[number_end: match.start("title")])
    if not separated and match.group("title")[:1].islower():
        return None  # 'Priority 2 necessarily attends to ...' is a sentence, not a heading
    title, inspection_ref = split_inspection_ref(match.group("title"))
    return Heading(number, title, inspection_ref)


def unclosed(text: str | None) -> bool:
    """RETURNS (bool): the text opens a bracket it does not close (a heading wrapped onto the next line)."""
    return (text or "").count("(") > (text or "").count(")")


def parse_bare_banner(text: str | None) -> Heading | None:
    """RETURNS (Heading | None): a banner such as '1 Support and Develop Our Workforce' read as a heading."""
    text = clean(text)
    match = _BARE_BANNER.match(text)
    if match is None or len(text.split()) > vocabulary()["priorities"]["max_banner_words"]:
        return None
    return Heading(match.group("number"), clean(match.group("title")), None)
