"""Page triage: a fast look at each page's text decides which pages get layout analysis.

    triage = default_triage()
    triage.select(texts)        # indexes of the pages to analyse
    triage.reasons(text)        # the signs a page shows, for debugging

The rules are data (`triage.toml`): header words taken from the extractors'
vocabularies (`extract/vocab.toml`, `extract/indicators.toml`), status
labels, period patterns, KPI card labels and line patterns. Each kind of sign
is read by one small function here; what counts as a sign is in the data.

A page is analysed when it is the cover (the first page, and the next ones
while the text so far is short: a title page), or its text shows a sign.
The PDF reader adds one more rule it can only apply while reading: a table
may go on over the page break without its header, so the page after one
that ends with a table showing a sign (judged on the table's own text,
`table_shows_sign`) is analysed too, and so on while the table goes on
(`follow_tables`).
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from importlib import resources
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).with_name("triage.toml")
VOCABULARY_PACKAGE = "planwatch.extract"
_WORD = re.compile(r"[^\W_]+")
_NEWLINE = re.compile(r"\n")
_LEADING_REF = re.compile(r"^\s*(?:[A-Za-z]{0,4}\s?\d{1,3}(?:\.\d{1,3})*[a-z]?\.?)\s+")


Phrase = tuple[str, bool]
"""A header word or label as its letters and digits only ('timedate'), and whether it must match whole."""


@dataclass
class HeaderRule:
    """Header words of several column roles close together: a table header row."""

    name: str
    roles: dict[str, list[Phrase]]
    key_role: str | None
    min_roles: int
    min_roles_with_key: int
    key_alone: list[Phrase] = field(default_factory=list)
    capitalised: bool = False


@dataclass
class LabelRule:
    """Different status labels on one line, or at the starts of lines."""

    name: str
    labels: dict[str, list[Phrase]]
    min_distinct: int
    capitalised: bool = False


@dataclass
class PeriodRule:
    """A line of period column heads, on a page that shows indicator columns or names."""

    name: str
    periods: re.Pattern[str]
    min_per_line: int
    evidence: list[Phrase]
    names: re.Pattern[str] | None
    """Any of the names an indicator row may have, in one pattern."""
    capitalised: bool = False
    table_reject: list[str] = field(default_factory=list)
    money_units: re.Pattern[str] | None = None
    """Money units ('£000'): heads with `min_per_line` of them on their line or the next are a budget's."""


@dataclass
class PatternRule:
    """Lines matching any of the patterns (a KPI card's figures, 'RAG rating')."""

    name: str
    patterns: list[re.Pattern[str]]


@dataclass
class PageTriage:
    """Compiled triage rules; call it on a page's text, or `select` over a document's pages."""

    cover_pages: int = 3
    cover_min_lines: int = 12
    window_lines: int = 4
    follow_tables: bool = True
    fold: dict[int, int] = field(default_factory=dict)
    headers: list[HeaderRule] = field(default_factory=list)
    labels: list[LabelRule] = field(default_factory=list)
    periods: list[PeriodRule] = field(default_factory=list)
    patterns: list[PatternRule] = field(default_factory=list)

    def __call__(self, text: str) -> bool:
        return bool(self.reasons(text, first=True))

    def table_shows_sign(self, text: str) -> bool:
        """RETURNS (bool): a table's text (a line per row) shows a sign, judged as a table.

        As a table, a band of period columns whose header row or the rows
        above it name money (`table_reject`) is no sign: the grid reader
        leaves such bands to budgets.
        """
        return bool(self.reasons(text, first=True, table=True))

    def select(self, texts: list[str]) -> set[int]:
        """RETURNS (set[int]): indexes of the pages to analyse (the cover and pages showing a sign)."""
        return self.covers(texts) | {index for index, text in enumerate(texts) if self(text)}

    def covers(self, texts: list[str]) -> set[int]:
        """RETURNS (set[int]): the first page, and the next ones (up to `cover_pages`) while the
        text so far has fewer than `cover_min_lines` lines (a title page before the cover text)."""
        chosen: set[int] = set()
        lines = 0
        for index, text in enumerate(texts[: self.cover_pages]):
            if index and lines >= self.cover_min_lines:
                break
            chosen.add(index)
            lines += sum(1 for line in text.split("\n") if line.strip())
        return chosen

    def is_cover(self, texts: list[str]) -> bool:
        """RETURNS (bool): the last of `texts` (a document's pages so far) is one of `covers`.

        For a reader that takes pages one at a time: the answer depends on
        the pages before it only.
        """
        index = len(texts) - 1
        if index < 0 or index >= self.cover_pages:
            return False
        if index == 0:
            return True
        lines = sum(1 for text in texts[:index] for line in text.split("\n") if line.strip())
        return lines < self.cover_min_lines

    def reasons(self, text: str, *, first: bool = False, table: bool = False) -> list[str]:
        """RETURNS (list[str]): names of the signs the page's text shows (only the first when `first`).

        table (bool): the text is one table's, a line per row.
        """
        if self.fold and not text.isascii() and any(ord(char) in self.fold for char in set(text)):
            text = text.translate(self.fold)
        page = PageText(text, table=table)
        found = []
        checks = [(rule.name, _header_row, rule) for rule in self.headers]
        checks += [(rule.name, _status_labels, rule) for rule in self.labels]
        checks += [(rule.name, _period_heads, rule) for rule in self.periods]
        checks += [(rule.name, _pattern_line, rule) for rule in self.patterns]
        for name, check, rule in checks:
            if check(page, rule, self.window_lines):
                found.append(name)
                if first:
                    break
        return found


class PageText:
    """A page's text as lines and as one stream of lower-case letters and digits.

    Header words are looked up in the stream the way the extractors compare
    them (letters and digits only, so 'Time / Date', 'Time/Date' and
    'TIME/DATE' are one), but only from the start of a word of the page.
    """

    def __init__(self, text: str, *, table: bool = False):
        self.text = text
        self.table = table
        self.line_starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]
        self.words: list[str] = []
        self.word_lines: list[int] = []
        self.line_firsts: set[int] = set()
        for number, line in enumerate(text.split("\n")):
            found = _WORD.findall(line)
            if found:
                self.line_firsts.add(len(self.words))
                self.words += found
                self.word_lines += [number] * len(found)
        lowered = [word.lower() for word in self.words]  # word by word: a lower case may be longer ('İ')
        ends = list(accumulate(map(len, lowered)))
        self.starts = dict(zip([0, *ends[:-1]], range(len(lowered))))
        self.ends = set(ends)
        self.stream = "".join(lowered)

    def find(self, phrases: list[Phrase], *, capitalised: bool = False) -> Iterator[tuple[int, bool]]:
        """YIELDS (tuple[int, bool]): line and whether at the line's start, for each match of the phrases."""
        for key, whole in phrases:
            at = self.stream.find(key)
            while at >= 0:
                index = self.starts.get(at)
                if index is not None and (not whole or at + len(key) in self.ends):
                    if not capitalised or not self.words[index][0].islower():
                        yield self.word_lines[index], index in self.line_firsts
                at = self.stream.find(key, at + 1)

    def lines(self) -> list[str]:
        return self.text.split("\n")


def _header_row(page: PageText, rule: HeaderRule, window: int) -> bool:
    if any(page.find(rule.key_alone, capitalised=rule.capitalised)):
        return True
    hits: dict[str, set[int]] = {}
    for role, phrases in rule.roles.items():
        found = {line for line, _ in page.find(phrases, capitalised=rule.capitalised)}
        if found:
            hits[role] = found
    if len(hits) < min(rule.min_roles, rule.min_roles_with_key):
        return False
    for line in sorted(set().union(*hits.values())):
        near = {role for role, at in hits.items() if any(line <= n < line + window for n in at)}
        if len(near) >= rule.min_roles or (rule.key_role in near and len(near) >= rule.min_roles_with_key):
            return True
    return False


def _status_labels(page: PageText, rule: LabelRule, window: int) -> bool:
    by_line: dict[int, set[str]] = {}
    at_starts: set[str] = set()
    for label, phrases in rule.labels.items():
        for line, first in page.find(phrases, capitalised=rule.capitalised):
            by_line.setdefault(line, set()).add(label)
            if first:
                at_starts.add(label)
    return len(at_starts) >= rule.min_distinct or any(len(found) >= rule.min_distinct for found in by_line.values())


def _period_heads(page: PageText, rule: PeriodRule, window: int) -> bool:
    per_line: dict[int, int] = {}
    for match in rule.periods.finditer(page.text):
        line = bisect_right(page.line_starts, match.start()) - 1
        per_line[line] = per_line.get(line, 0) + 1
    heads = [line for line, count in per_line.items() if count >= rule.min_per_line]
    if rule.money_units is not None:
        lines = page.lines()
        heads = [
            head for head in heads
            if len(rule.money_units.findall("\n".join(lines[head:head + 2]))) < rule.min_per_line
        ]
    if page.table and rule.table_reject:
        lines = page.lines()
        heads = [head for head in heads if not _names_money("\n".join(lines[: head + 1]), rule.table_reject)]
    if not heads:
        return False
    for line, _ in page.find(rule.evidence, capitalised=rule.capitalised):
        if any(abs(line - head) <= window for head in heads):
            return True  # an indicator column in the header rows
    for line in page.lines():
        name = _LEADING_REF.sub("", line).strip()
        if rule.capitalised and not name[:1].isupper():
            continue
        if rule.names is not None and rule.names.search(name):
            return True  # a row named like an indicator
    return False


def _names_money(text: str, words: list[str]) -> bool:
    """The text holds one of the words ('£' anywhere, others whole), as the grid reader judges a band."""
    text = " ".join(text.lower().split())
    return any(
        word in text if word.startswith("£") else re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text)
        for word in words
    )


def _pattern_line(page: PageText, rule: PatternRule, window: int) -> bool:
    return any(pattern.search(page.text) for pattern in rule.patterns)


# -- Building the rules from data ------------------------------------------------


def phrases(words: Iterable[str], *, starts: Iterable[str] = ()) -> list[Phrase]:
    """RETURNS (list[Phrase]): header words as the letters and digits they must match, whole or as a start."""
    found = {(_key(word), True) for word in words} | {(_key(start), False) for start in starts}
    return sorted((key, whole) for key, whole in found if key)


def _key(text: str) -> str:
    return "".join(_WORD.findall(text.lower()))


def _vocabulary_file(name: str) -> dict[str, Any] | None:
    try:
        text = resources.files(VOCABULARY_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return None
    return tomllib.loads(text)


def vocabulary_value(reference: str) -> Any:
    """RETURNS (Any): the value a `file:table.path` reference names, or None when it is not installed."""
    name, _, path = reference.partition(":")
    value: Any = _vocabulary_file(name)
    for part in filter(None, path.split(".")):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _words(rule: dict[str, Any], key: str) -> list[str]:
    """A rule's own list under `key` plus the lists its `<key>_from` references name."""
    words = list(rule.get(key, []))
    for reference in rule.get(f"{key}_from", []):
        value = vocabulary_value(reference)
        if isinstance(value, str):
            value = [value]
        words.extend(item for item in value or [] if isinstance(item, str))
    return words


def _columns(reference: str | None) -> dict[str, dict[str, list[str]]]:
    value = vocabulary_value(reference) if reference else None
    return value if isinstance(value, dict) else {}


def _header_rule(rule: dict[str, Any]) -> HeaderRule | None:
    columns = _columns(rule["columns"])
    roles = {}
    for role, lists in columns.items():
        found = phrases(lists.get("words", []), starts=lists.get("starts", []))
        if found:
            roles[role] = found
    if not roles:
        return None
    return HeaderRule(
        name=rule["name"], roles=roles, key_role=rule.get("key_role"),
        min_roles=rule["min_roles"], min_roles_with_key=rule.get("min_roles_with_key", rule["min_roles"]),
        key_alone=_alone(roles.get(rule.get("key_role"), []), rule.get("key_alone_holding", [])),
        capitalised=rule.get("capitalised", False),
    )


def _alone(role_phrases: list[Phrase], holding: list[str]) -> list[Phrase]:
    """The key role's header words that hold one of the `holding` words ('Key performance indicator')."""
    wanted = [_key(word) for word in holding]
    return [(key, whole) for key, whole in role_phrases if any(word and word in key for word in wanted)]


def _label_rule(rule: dict[str, Any]) -> LabelRule:
    keys = {_key(word) for word in _words(rule, "words")}
    labels = {key: [(key, True)] for key in sorted(keys) if len(key) >= rule.get("min_letters", 1)}
    return LabelRule(
        name=rule["name"], labels=labels, min_distinct=rule["min_distinct"], capitalised=rule.get("capitalised", False),
    )


def _any_of(patterns: list[str], *, bounded: bool) -> re.Pattern[str]:
    body = "|".join(f"(?:{pattern})" for pattern in dict.fromkeys(patterns))
    return re.compile(rf"(?<![\w/-])(?:{body})(?![\w/-])" if bounded else body, re.I)


def _period_rule(rule: dict[str, Any]) -> PeriodRule:
    columns = _columns(rule.get("columns"))
    names = _words(rule, "name_patterns")
    evidence = list(_words(rule, "evidence_words"))
    starts: list[str] = []
    for role in rule.get("evidence_roles", []):
        evidence += columns.get(role, {}).get("words", [])
        starts += columns.get(role, {}).get("starts", [])
    return PeriodRule(
        name=rule["name"], periods=_any_of(_words(rule, "patterns"), bounded=True),
        min_per_line=rule["min_per_line"], evidence=phrases(evidence, starts=starts),
        names=_any_of(names, bounded=False) if names else None,
        capitalised=rule.get("capitalised", False),
        table_reject=[word.lower() for word in _words(rule, "table_reject")],
        money_units=_any_of(rule["money_units"], bounded=False) if rule.get("money_units") else None,
    )


def _card_rule(rule: dict[str, Any]) -> PatternRule:
    """A card's labelled figures as a line (`Latest: 75.2% Target: 85%`), a row of labels over its
    figures (`This quarter Goal Minimum Last quarter`), or a form's lines (`Latest 112` then `Target 130`)."""
    first = "|".join(re.escape(word) for word in dict.fromkeys(_words(rule, "first")))
    then = "|".join(re.escape(word) for word in dict.fromkeys(_words(rule, "then")))
    label = rf"(?:{first}|{then})(?:\s*\([^)\n]*\))?"
    figure = r"[<>~]?\s*[-+]?\d[\d,.]*\s*(?:%|days?|r)?(?:\s*\([A-Za-z ]+\))?"
    line = re.compile(rf"^\s*(?:{first})\s*(?:\([^)\n]*\)\s*)?:.*\b(?:{then})\b", re.I | re.M)
    labels = re.compile(rf"^[ \t]*{label}(?:[ \t]+{label})+[ \t]*\r?$", re.I | re.M)
    form = re.compile(rf"^[ \t]*{label}[ \t]*:?[ \t]*{figure}[ \t]*\r?\n[ \t]*{label}[ \t]*:?[ \t]*{figure}[ \t]*\r?$", re.I | re.M)
    return PatternRule(name=rule["name"], patterns=[line, labels, form])


def _heading_rule(rule: dict[str, Any]) -> PatternRule:
    """'Priority 1: ...', 'PRIORITY I – ...', '• Work-stream 3': a line opening with a word and a number."""
    spelt = [r"[\W_]*".join(map(re.escape, _WORD.findall(word))) for word in dict.fromkeys(_words(rule, "words"))]
    words = "|".join(spelt)
    pattern = rf"^[^\w\n]*(?:{words})(?:\s*\d{{1,2}}|\s+[IVXivx]{{1,4}}|\s+l)\b"
    return PatternRule(name=rule["name"], patterns=[re.compile(pattern, re.I | re.M)])


def _list_rule(rule: dict[str, Any]) -> PatternRule:
    """A line using one of the context words, then a line opening a numbered list ('1.', 'I.')."""
    words = "|".join(re.escape(word) for word in dict.fromkeys(_words(rule, "context")))
    pattern = rf"\b(?:{words})\b[^\n]*\n[^\w\n]*(?:1|I|l)[.)]\s"
    return PatternRule(name=rule["name"], patterns=[re.compile(pattern, re.I | re.M)])


def _pattern_rule(rule: dict[str, Any]) -> PatternRule:
    patterns = [re.compile(pattern, re.I | re.M) for pattern in dict.fromkeys(_words(rule, "patterns"))]
    return PatternRule(name=rule["name"], patterns=patterns)


def rules_from_data(data: dict[str, Any]) -> PageTriage:
    """RETURNS (PageTriage): the rules of a parsed `triage.toml`, with the vocabularies they name."""
    fold: dict[int, int] = {}
    for key in ("lookalikes", "greek_lookalikes"):
        source, target = data.get(key, ["", ""])
        if len(source) != len(target):
            raise ValueError(f"Triage setting '{key}' needs two strings of the same length")
        fold.update(str.maketrans(source, target))
    if data.get("cover_pages", 0) < 0 or data.get("window_lines", 1) < 1:
        raise ValueError("Triage settings 'cover_pages' cannot be negative and 'window_lines' must be at least 1")
    return PageTriage(
        cover_pages=data.get("cover_pages", 1),
        cover_min_lines=data.get("cover_min_lines", 0),
        window_lines=data.get("window_lines", 4),
        follow_tables=data.get("follow_tables", True),
        fold=fold,
        headers=[rule for rule in map(_header_rule, data.get("headers", [])) if rule is not None],
        labels=[_label_rule(rule) for rule in data.get("labels", [])],
        periods=[_period_rule(rule) for rule in data.get("periods", [])],
        patterns=[_card_rule(rule) for rule in data.get("cards", [])]
        + [_heading_rule(rule) for rule in data.get("headings", [])]
        + [_list_rule(rule) for rule in data.get("lists", [])]
        + [_pattern_rule(rule) for rule in data.get("patterns", [])],
    )


def load_triage(path: Path = RULES_FILE) -> PageTriage:
    """RETURNS (PageTriage): the triage rules in a TOML file (by default `ingest/triage.toml`)."""
    with open(path, "rb") as handle:
        return rules_from_data(tomllib.load(handle))


@lru_cache(maxsize=1)
def default_triage() -> PageTriage:
    """RETURNS (PageTriage): planwatch's own rules, read once."""
    return load_triage()
