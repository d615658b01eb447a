"""Indicator values, targets, units and directions of travel, as numbers and closed value sets.

The Plymouth 2023 plan's 'Indicators of success' grid is the model: counts
with thousands separators (`1,147`), percentages (`41.3%`), rates per 10,000
with an `r` suffix (`189.2r`), messages across the month cells (`Report
development required`, `Not ava ilable` cut by wrapping, `твс` in Cyrillic
letters), targets with a comparator (`7.6% England`, `10.5% Ofsted Good+`)
or none (`Monitor`), and direction-of-travel glyphs (arrows, `< >`, and
symbol-font characters no converter can read).

Nothing here raises on any text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from planwatch.normalise.models import Unit, ValueStatus
from planwatch.normalise.rag import fold_confusables
from planwatch.normalise.text import repair_if_needed

MISSING_MARKS = frozenset(
    {"", "-", "–", "—", "--", "―", "‒", "−", ".", "..", "...", "…", "n/a", "na", "n.a.", "n/k"}
)
"""Cell contents that mean 'no value' outright."""

IN_DEVELOPMENT_STEMS = (
    "develop",
    "tobeconfirmed",
    "tobedetermined",
    "tobeagreed",
    "newmeasure",
    "newindicator",
    "reportingdue",
    "reportduein",
    "awaiting",
    "notyetreported",
    "notyetavailable",
)
"""Wording (letters only, spaces removed, so wrapped text still matches) that
marks a value as being built: 'Report development required', 'Quality
Assurance Framework re-developed - reporting due Apr', 'In development'."""

IN_DEVELOPMENT_WORDS = frozenset({"tbc", "tbd", "tba"})
"""Whole words that mark a value as still to come ('TBC', Cyrillic 'твс')."""

MULTIPLIERS = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}

_NUMBER = (
    r"(?P<sign>[-+−])?\s*(?P<currency>[£$€])?\s*"
    r"(?P<number>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)"
)
_SUFFIX = r"\s*(?P<suffix>%|per\s*cent\b|percent\b|r\b|days?\b|bn\b|mn\b|k\b|m\b)?"
_VALUE = re.compile(
    r"^\s*" + _NUMBER + _SUFFIX + r"\s*(?:[*†‡^]+)?\s*(?:\([^()]*\))?\s*$",
    re.IGNORECASE,
)
_RATE = re.compile(
    r"^\s*" + _NUMBER + r"\s*per\s*(?P<base>1,?000|10,?000|100,?000)(?:\s+[a-z]+)?\s*$", re.IGNORECASE,
)
"""A rate printed with its base: `282.3 per 10,000`, `3.4 per 1,000 births`."""
_NUMBER_IN_TEXT = re.compile(r"(?<![0-9.,])" + _NUMBER + _SUFFIX, re.IGNORECASE)
_FLOOR = re.compile(r"\bfloor(?:\s+standard)?\s*[:=]?\s*" + _NUMBER + _SUFFIX, re.IGNORECASE)
_TARGET_LABEL = re.compile(r"\btarget\s*[:=]?\s*", re.IGNORECASE)
_LETTERS = re.compile(r"[^a-z]+")
_WORDS = re.compile(r"[a-z]+")
_TRIM = " \t\n,;:-–—()[]/"

DIRECTION_WORDS = {
    "improving": (r"\bimprov\w*", r"\bbetter\b"),
    "worsening": (r"\bwors\w*", r"\bdeclin\w*", r"\bdeteriorat\w*", r"\bpoorer\b"),
    "stable": (r"\bstable\b", r"\bno change\b", r"\bunchanged\b", r"\bsame\b", r"\bstatic\b", r"\bsteady\b",
               r"\bmaintained\b", r"\bno movement\b"),
}  # fmt: skip
"""Words of a direction-of-travel cell and the direction they state."""

DIRECTION_ARROWS = {
    "improving": "↑▲⬆⇧⇑↗△⏶🡅",
    "worsening": "↓▼⬇⇩⇓↘▽⏷🡇",
    "stable": "→►▶←◄◀↔⇔⬌⟷➡⬅⇨⇦",
}
"""Arrow characters and the direction they show, by the usual council
convention that arrows show performance (up is better), not the raw number."""

_SIDEWAYS = re.compile(r"<\s*-*\s*>|<-+>|<=>")
_NEGATION = re.compile(r"\b(?:not|no longer)\b")


@dataclass(frozen=True)
class ParsedValue:
    """An indicator value read from its cell."""

    value: float | None
    status: ValueStatus
    unit_hint: Unit | None = None


@dataclass(frozen=True)
class ParsedTarget:
    """A target cell read: the number, what it is benchmarked on, and a floor standard."""

    target: float | None = None
    comparator: str | None = None
    floor: float | None = None


def parse_value(text: str | None) -> ParsedValue:
    """RETURNS (ParsedValue): the number a value cell prints, or why there is none.

    `1,147` -> 1147 (count); `41.3%` -> 41.3 (percent); `189.2r` and
    `189.2 per 10,000` -> 189.2 (rate_per_10000); `3.4 per 1,000 births` -> 3.4
    (other); `12 days` -> 12 (days); `£1.2m` -> 1200000 (other: money).
    A plain integer hints a count, a plain decimal hints nothing.

    A cell without a number is `missing` when blank or a dash, and otherwise
    by its words: wording of a value being built (`Report development
    required`, `TBC`, `In development`, `... reporting due Apr`, see
    `IN_DEVELOPMENT_STEMS`) is `in_development`; any other message (`Not
    available`, `No data`, `*`) is `missing`. A value is never made up: no
    message becomes zero.
    """
    clean = _clean(text)
    if clean.lower() in MISSING_MARKS:
        return ParsedValue(None, ValueStatus.MISSING)
    match = _VALUE.match(clean)
    if match is not None:
        number = _number(match)
        if number is not None:
            return ParsedValue(number, ValueStatus.OK, _unit_hint(match))
    rate = _RATE.match(clean)
    if rate is not None and _number(rate) is not None:
        per_10000 = rate.group("base").replace(",", "") == "10000"
        return ParsedValue(_number(rate), ValueStatus.OK, Unit.RATE_PER_10000 if per_10000 else Unit.OTHER)
    if is_in_development(clean):
        return ParsedValue(None, ValueStatus.IN_DEVELOPMENT)
    return ParsedValue(None, ValueStatus.MISSING)


def is_in_development(text: str | None) -> bool:
    """RETURNS (bool): whether a message says the value is still being developed or is to be confirmed."""
    folded = fold_confusables(_clean(text)).lower()
    if IN_DEVELOPMENT_WORDS & set(_WORDS.findall(folded)):
        return True
    compact = _LETTERS.sub("", folded)
    return compact in IN_DEVELOPMENT_WORDS or any(stem in compact for stem in IN_DEVELOPMENT_STEMS)


def parse_target(text: str | None) -> ParsedTarget:
    """RETURNS (ParsedTarget): a target cell's number, comparator and floor standard.

    `7.6% England` -> 7.6 against 'England'; `10.5% Ofsted Good+` -> 10.5
    against 'Ofsted Good+'; `90.0%` -> 90.0; `Target: 85%, Floor 75%` -> 85
    with floor 75. The comparator is the words printed beside the number
    (after it, else before it). `Monitor`, `TBC` and other text without a
    number give no target.
    """
    clean = _clean(text)
    floor = None
    floor_match = _FLOOR.search(clean)
    if floor_match is not None:
        floor = _number(floor_match)
        clean = clean[: floor_match.start()] + " " + clean[floor_match.end() :]
    clean = _TARGET_LABEL.sub(" ", clean)
    match = _NUMBER_IN_TEXT.search(clean)
    if match is None:
        return ParsedTarget(None, None, floor)
    target = _number(match)
    comparator = _comparator(clean[match.end() :]) or _comparator(clean[: match.start()])
    return ParsedTarget(target, comparator if target is not None else None, floor)


def _comparator(text: str) -> str | None:
    """RETURNS (str | None): the words of a target's benchmark, trimmed ('England', 'Ofsted Good+')."""
    words = " ".join(text.split()).strip(_TRIM)
    return words if re.search(r"[^\W\d_]", words) else None


def unit_of(name: str | None, values_raw: Iterable[str | None] = ()) -> Unit:
    """RETURNS (Unit): an indicator's unit, from its printed values first and then its name.

    Values with `%`, an `r` suffix or `days` decide; then the name
    (`Percentage of…`, `Rate of … per 10,000`, `… days` / `Average days`,
    `Number of…`); then integers alone mean a count, money means other.
    """
    parsed = [parse_value(raw) for raw in values_raw]
    hints = [value.unit_hint for value in parsed if value.status is ValueStatus.OK]
    for unit in (Unit.PERCENT, Unit.RATE_PER_10000, Unit.DAYS):
        if unit in hints:
            return unit
    from_name = _unit_from_name(name)
    if from_name is not None:
        return from_name
    if hints and all(hint is Unit.COUNT for hint in hints):
        return Unit.COUNT
    return Unit.OTHER


def _unit_from_name(name: str | None) -> Unit | None:
    """RETURNS (Unit | None): the unit an indicator's name states."""
    lower = " ".join(fold_confusables(_clean(name)).lower().split())
    if not lower:
        return None
    if re.search(r"\bpercent(age)?\b|%|\bper cent\b", lower):
        return Unit.PERCENT
    if re.search(r"\bper 10,?000\b", lower):
        return Unit.RATE_PER_10000
    if re.search(
        r"\bdays\)?$|^(average|mean|median)( number of)? days\b|^(number of )?days\b|\(days\)", lower
    ):
        return Unit.DAYS
    if re.search(r"^(the )?(number|no\.|count|total number) of\b", lower):
        return Unit.COUNT
    return None


def direction_of(text: str | None) -> str | None:
    """RETURNS (str | None): 'improving', 'worsening' or 'stable' from a direction-of-travel cell.

    Words ('Improving', 'Better', 'Worse', 'Declining', 'No change',
    'Stable', 'Same') and arrows decide. Arrows follow the usual council
    convention that they show performance, not the raw number: ↑ ▲ ⬆
    improving, ↓ ▼ ⬇ worsening, → ► ← ◄ and `< >` stable. A cell whose signs
    disagree (`↓ ►`), a negated word ('not improving'), and glyphs no
    converter could read ('•', private-use characters, '+') give None: the
    caller keeps the cell as printed.
    """
    clean = fold_confusables(_clean(text)).lower()
    if not clean:
        return None
    found: set[str] = set()
    if _SIDEWAYS.search(clean):
        found.add("stable")
    for direction, arrows in DIRECTION_ARROWS.items():
        if any(arrow in clean for arrow in arrows):
            found.add(direction)
    if _NEGATION.search(clean):
        return None
    for direction, patterns in DIRECTION_WORDS.items():
        if any(re.search(pattern, clean) for pattern in patterns):
            found.add(direction)
    return found.pop() if len(found) == 1 else None


def _clean(text: str | None) -> str:
    """RETURNS (str): text repaired, look-alike letters folded, whitespace collapsed."""
    if not text:
        return ""
    return " ".join(fold_confusables(repair_if_needed(text)).split())


def _number(match: re.Match[str]) -> float | None:
    """RETURNS (float | None): the signed, scaled number a match holds (None when not finite)."""
    number = float(match.group("number").replace(",", ""))
    if match.group("sign") in ("-", "−"):
        number = -number
    suffix = (match.groupdict().get("suffix") or "").lower()
    number *= MULTIPLIERS.get(suffix, 1.0)
    return number if math.isfinite(number) else None


def _unit_hint(match: re.Match[str]) -> Unit | None:
    """RETURNS (Unit | None): what a value's own marks say its unit is."""
    suffix = (match.group("suffix") or "").lower().replace(" ", "")
    if suffix in ("%", "percent"):
        return Unit.PERCENT
    if suffix == "r":
        return Unit.RATE_PER_10000
    if suffix in ("day", "days"):
        return Unit.DAYS
    if suffix in MULTIPLIERS or match.group("currency"):
        return Unit.OTHER
    if "." in match.group("number"):
        return None
    return Unit.COUNT
