"""Dates as councils print them: timescales, document dates and indicator periods.

Every date is UK day-first (`01/09/18` is 1 September 2018, in the Sunderland
2019 progress report). Timescales are often a month and a year (`July 23`,
`Sept 23`, `Sep-24` in the Plymouth 2023 plan), sometimes with the month word
cut by a cell's wrapping (`Augus t 23`) or an ordinal set apart
(`31 st March 2023`); some are no date at all (`Immediately`, `Ongoing`,
`TBC`). Indicator periods add financial quarters and years (`Q3 2024/25`,
`2023/24`): UK financial years run from April to March.

Nothing here raises on any text: what cannot be read as a date is None.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date

from planwatch import vocabulary as shared

MONTHS = shared.MONTHS
"""Month words and the abbreviations councils print, lower-case (the shared vocabulary's)."""

CENTURY_PIVOT = 70
"""Two-digit years below this are 20xx (`23` -> 2023), the rest 19xx (`98` -> 1998)."""

MAX_FRAGMENTS = 3
"""A month word cut by wrapping is re-joined from at most this many pieces ('Sep tem ber')."""

MONTH_ONLY_CHOICES = ("end", "start")

FINANCIAL_QUARTER_ENDS = {1: (0, 6, 30), 2: (0, 9, 30), 3: (0, 12, 31), 4: (1, 3, 31)}
"""Quarter of a UK financial year -> (years after the start year, month, day) of its last day."""

CALENDAR_QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}

_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH = rf"(?P<month>{_MONTH_WORDS})\.?(?![a-z])"
_YEAR_2_OR_4 = r"(?:[0-9]{4}|[0-9]{2})(?![0-9]|[.:][0-9])"
_NOT_AFTER_DIGIT = r"(?<![0-9.])"
_TAGS = re.compile(r"<[^>]*>")
_SPLIT = re.compile(r"(\s+)")

_ISO = re.compile(r"(?<![0-9])(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})(?![0-9])")
_NUMERIC = re.compile(
    _NOT_AFTER_DIGIT
    + r"(?P<day>[0-9]{1,2})(?P<sep>[/.\-])(?P<month>[0-9]{1,2})(?P=sep)(?P<year>"
    + _YEAR_2_OR_4
    + ")"
)
_NUMERIC_MONTH_YEAR = re.compile(_NOT_AFTER_DIGIT + r"(?P<month>[0-9]{1,2})/(?P<year>[0-9]{4})(?![0-9/])")
_DAY_MONTH = re.compile(
    _NOT_AFTER_DIGIT
    + r"(?P<day>[0-9]{1,2})\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(?<![a-z])"
    + _MONTH
    + r"(?:[\s,]*(?P<year>"
    + _YEAR_2_OR_4
    + "))?",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    r"(?<![a-z])"
    + _MONTH
    + r"\s+(?P<day>[0-9]{1,2})(?:\s*(?:st|nd|rd|th)\b)?,?\s+(?P<year>[0-9]{4})(?![0-9])",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    r"(?<![a-z])" + _MONTH + r"[\s\-/,]*['’]?(?P<year>" + _YEAR_2_OR_4 + ")",
    re.IGNORECASE,
)
_MONTH_ALONE = re.compile(r"(?<![a-z])" + _MONTH, re.IGNORECASE)

_FINANCIAL_YEAR = r"(?P<first>[0-9]{4}|[0-9]{2})\s*[/\-–]\s*(?P<second>[0-9]{4}|[0-9]{2})(?![0-9/\-])"
_QUARTER = r"(?:q|qtr|quarter)\s*(?P<quarter>[1-4])(?![0-9])"
_QUARTER_FINANCIAL = re.compile(
    r"(?<![a-z])" + _QUARTER + r"[\s,]*(?:of\s+)?(?:fy\s*)?" + _FINANCIAL_YEAR, re.IGNORECASE
)
_FINANCIAL_QUARTER = re.compile(
    r"(?<![0-9])(?:fy\s*)?" + _FINANCIAL_YEAR + r"[\s,]*" + _QUARTER, re.IGNORECASE
)
_QUARTER_CALENDAR = re.compile(
    r"(?<![a-z])" + _QUARTER + r"[\s,]*(?P<year>[0-9]{4})(?![0-9/\-])", re.IGNORECASE
)
_YEAR_SPAN = re.compile(r"(?<![0-9/\-])(?:fy\s*)?" + _FINANCIAL_YEAR, re.IGNORECASE)
_BARE_YEAR = re.compile(r"(?:(?:calendar\s+)?year\s+)?(?P<year>[0-9]{4})", re.IGNORECASE)

_Builder = Callable[[re.Match[str], str, int | None, str], date | None]


def parse_date(text: str | None, *, month_only: str = "end", default_year: int | None = None) -> date | None:
    """RETURNS (date | None): the first date the text gives, or None when it gives none.

    Reads day-first numbers (`01/09/18`, `1.9.18`), ISO dates, day and month
    words (`31 st March 2023`, `Monday, 13 March 2017, 2.00 pm`, `14th April`),
    months with years (`July 23`, `Sep-24`, `Augus t 23`, `April 2023`) and a
    month alone (`March`). Impossible dates (`31/02/19`) are skipped.

    month_only (str): 'end' puts a month without a day on its last day (due
        dates), 'start' on its first (document dates).
    default_year (int): the year for a day or month printed without one
        (`14th April`, `March`); without it such text gives None.
    """
    if month_only not in MONTH_ONLY_CHOICES:
        raise ValueError(f"parse_date: month_only must be 'end' or 'start', not {month_only!r}")
    found = _dates_in(text, month_only=month_only, default_year=default_year)
    return found[0] if found else None


def due_date(text: str | None, *, default_year: int | None = None) -> str | None:
    """RETURNS (str | None): a timescale's date as ISO text, from whichever date or period it names first.

    A month-only timescale is the month's last day (`Jan-25`, `End of March
    2025`); `w/c 14/10/24` is the printed day; a quarter is its last day
    (`Q2 2024/25` is 2024-09-30: financial years start in April; `Q2 2025`
    is a calendar quarter, 2025-06-30); a financial year is its 31 March
    (`2024/25`). A season (`Spring 2025`) names no day and gives None.
    """
    clean = _prepare(text)
    found = _dated_in(clean, month_only="end", default_year=default_year)
    period = _first_period_end(clean)
    if period is not None and (not found or period[0] < found[0][0]):
        return period[1].isoformat()
    return found[0][1].isoformat() if found else None


def _first_period_end(text: str) -> tuple[int, date] | None:
    """RETURNS (tuple | None): (where, last day) of the first quarter or financial year the text names."""
    found: list[tuple[int, date]] = []
    for pattern in (_QUARTER_FINANCIAL, _FINANCIAL_QUARTER):
        for match in pattern.finditer(text):
            start = _financial_start(match)
            if start is not None:
                offset, month, day = FINANCIAL_QUARTER_ENDS[int(match.group("quarter"))]
                end = _safe_date(start + offset, month, day)
                if end is not None:
                    found.append((match.start(), end))
    for match in _QUARTER_CALENDAR.finditer(text):
        month, day = CALENDAR_QUARTER_ENDS[int(match.group("quarter"))]
        end = _safe_date(int(match.group("year")), month, day)
        if end is not None:
            found.append((match.start(), end))
    if not found:
        for match in _YEAR_SPAN.finditer(text):
            start = _financial_start(match)
            # '2024/25' is a financial year; '03/04' is more likely a day and month
            if start is not None and len(match.group("first")) == 4:
                found.append((match.start(), date(start + 1, 3, 31)))
                break
    return min(found, key=lambda item: item[0]) if found else None


def period_end(text: str | None) -> str | None:
    """RETURNS (str | None): the ISO last day of an indicator's period, or None when it cannot be known.

    `Oct-22` -> 2022-10-31; `Q3 2024/25` or `Quarter 3 2024/25` -> 2024-12-31
    (financial quarters: Q1 April-June ... Q4 January-March of the second
    year); `2023/24` or `2023-24` -> 2024-03-31 (the year to 31 March); a
    quarter with one year (`Q3 2024`) is a calendar quarter -> 2024-09-30; a
    bare year `2024` -> 2024-12-31; a text naming several dates (`Apr 23 -
    Mar 24`) ends on the latest; `Latest` -> None.
    """
    clean = _prepare(text)
    if not clean:
        return None
    for reader in (_financial_quarter_end, _calendar_quarter_end, _financial_year_end):
        found = reader(clean)
        if found is not None:
            return found.isoformat()
    dates = _dates_in(clean, month_only="end", default_year=None)
    if dates:
        return max(dates).isoformat()
    bare = _BARE_YEAR.fullmatch(clean)
    if bare is not None:
        year_end = _safe_date(int(bare.group("year")), 12, 31)
        return year_end.isoformat() if year_end else None
    return None


def full_year(year: int) -> int:
    """RETURNS (int): a two-digit year as four digits (`CENTURY_PIVOT`); four-digit years unchanged."""
    if year >= 100:
        return year
    return 2000 + year if year < CENTURY_PIVOT else 1900 + year


def _prepare(text: str | None) -> str:
    """RETURNS (str): text without markup tags, month words re-joined, whitespace collapsed."""
    if not text:
        return ""
    clean = _TAGS.sub(" ", text)
    clean = _join_split_months(clean)
    return " ".join(clean.split())


def _join_split_months(text: str) -> str:
    """RETURNS (str): text with a month name cut by wrapping ('Augus t', 'Sep tember') made whole."""
    parts = _SPLIT.split(text)
    out: list[str] = []
    i = 0
    while i < len(parts):
        joined = _month_from_fragments(parts, i)
        if joined is None:
            out.append(parts[i])
            i += 1
        else:
            word, used = joined
            out.append(word)
            i += 2 * used - 1
    return "".join(out)


def _month_from_fragments(parts: list[str], start: int) -> tuple[str, int] | None:
    """RETURNS (tuple | None): (joined month word, fragments used) starting at parts[start]."""
    if start % 2 or not parts[start].isalpha():
        return None
    for count in range(MAX_FRAGMENTS, 1, -1):
        pieces = parts[start : start + 2 * count : 2]
        if len(pieces) < count or not all(piece.isalpha() for piece in pieces):
            continue
        word = "".join(pieces)
        # Only whole month names of four letters or more: 'Ma y' is too short to be sure of.
        if len(word) > 3 and word.lower() in MONTHS:
            return word, count
    return None


def _dates_in(text: str | None, *, month_only: str, default_year: int | None) -> list[date]:
    """RETURNS (list[date]): every date the text gives, in reading order."""
    return [found for _, found in _dated_in(_prepare(text), month_only=month_only, default_year=default_year)]


def _dated_in(clean: str, *, month_only: str, default_year: int | None) -> list[tuple[int, date]]:
    """RETURNS (list[tuple]): (where, date) of every date in prepared text, in reading order."""
    if not clean:
        return []
    candidates: list[tuple[int, int, re.Match[str], _Builder]] = []
    for pattern, builder in _PATTERNS:
        for match in pattern.finditer(clean):
            candidates.append((match.start(), -(match.end() - match.start()), match, builder))
    candidates.sort(key=lambda item: (item[0], item[1]))
    dates: list[tuple[int, date]] = []
    taken_until = -1
    for start, _, match, builder in candidates:
        if start < taken_until:
            continue
        built = builder(match, clean, default_year, month_only)
        if built is not None:
            dates.append((start, built))
            taken_until = match.end()
    return dates


def _safe_date(year: int, month: int, day: int) -> date | None:
    """RETURNS (date | None): the date, or None when no such day exists (31/02)."""
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _month_day(year: int, month: int, month_only: str) -> date | None:
    """RETURNS (date | None): the first or last day of a month, as `month_only` says."""
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return None
    day = 1 if month_only == "start" else calendar.monthrange(year, month)[1]
    return date(year, month, day)


def _month_number(match: re.Match[str]) -> int:
    """RETURNS (int): the month a match's month word or number names."""
    word = match.group("month").lower()
    return MONTHS[word] if word in MONTHS else int(word)


def _build_iso(match: re.Match[str], text: str, default_year: int | None, month_only: str) -> date | None:
    return _safe_date(int(match.group("year")), int(match.group("month")), int(match.group("day")))


def _build_day_month_year(
    match: re.Match[str], text: str, default_year: int | None, month_only: str
) -> date | None:
    year_text = match.group("year")
    year = full_year(int(year_text)) if year_text else default_year
    if year is None:
        return None
    if match.group("month").isalpha() and not _month_word_allowed(match, text, has_day=True):
        return None
    return _safe_date(year, _month_number(match), int(match.group("day")))


def _build_month_year(
    match: re.Match[str], text: str, default_year: int | None, month_only: str
) -> date | None:
    return _month_day(full_year(int(match.group("year"))), _month_number(match), month_only)


def _build_month_alone(
    match: re.Match[str], text: str, default_year: int | None, month_only: str
) -> date | None:
    if default_year is None or not _month_word_allowed(match, text, has_day=False):
        return None
    return _month_day(default_year, _month_number(match), month_only)


def _month_word_allowed(match: re.Match[str], text: str, *, has_day: bool) -> bool:
    """RETURNS (bool): whether a month word without a year is a month, not the verb 'may'.

    'May' is a month when capitalised and beside a day, or when it is the
    whole text; 'may' in 'actions may slip' is not.
    """
    word = match.group("month")
    if word.lower() != "may":
        return True
    if not word[0].isupper():
        return False
    return has_day or text.strip(" .,;:") == word


_PATTERNS: tuple[tuple[re.Pattern[str], _Builder], ...] = (
    (_ISO, _build_iso),
    (_NUMERIC, _build_day_month_year),
    (_NUMERIC_MONTH_YEAR, _build_month_year),
    (_DAY_MONTH, _build_day_month_year),
    (_MONTH_DAY_YEAR, _build_day_month_year),
    (_MONTH_YEAR, _build_month_year),
    (_MONTH_ALONE, _build_month_alone),
)


def _financial_quarter_end(text: str) -> date | None:
    """RETURNS (date | None): the last day of a financial quarter (`Q3 2024/25`, `2024/25 Q3`)."""
    for pattern in (_QUARTER_FINANCIAL, _FINANCIAL_QUARTER):
        for match in pattern.finditer(text):
            start = _financial_start(match)
            if start is None:
                continue
            offset, month, day = FINANCIAL_QUARTER_ENDS[int(match.group("quarter"))]
            return _safe_date(start + offset, month, day)
    return None


def _calendar_quarter_end(text: str) -> date | None:
    """RETURNS (date | None): the last day of a calendar quarter (`Q3 2024`)."""
    match = _QUARTER_CALENDAR.search(text)
    if match is None:
        return None
    month, day = CALENDAR_QUARTER_ENDS[int(match.group("quarter"))]
    return _safe_date(int(match.group("year")), month, day)


def _financial_year_end(text: str) -> date | None:
    """RETURNS (date | None): 31 March ending a financial year (`2023/24`, `2023-24`, `FY 23/24`)."""
    for match in _YEAR_SPAN.finditer(text):
        start = _financial_start(match)
        if start is not None:
            return _safe_date(start + 1, 3, 31)
    return None


def _financial_start(match: re.Match[str]) -> int | None:
    """RETURNS (int | None): the first year of a year span, when the second year follows it."""
    first, second = match.group("first"), match.group("second")
    start = full_year(int(first))
    if len(second) == 4:
        follows = int(second) == start + 1
    else:
        follows = int(second) == (start + 1) % 100
    if len(first) == 2 and len(second) == 4:
        follows = False
    return start if follows else None
