"""Which catalogue measure an indicator is: `indicators.measure` and `measure_score`.

    from planwatch.normalise.measures import match_measure
    match_measure("Rate of Children in Need (CIN) per 10,000 children", unit="rate_per_10000")
    # MeasureMatch(measure='cin_rate', score=0.93)

The catalogue (`measures.toml`, shipped with the package) lists the measures
councils report about children's services, each with its unit and the words
that make an indicator that measure or another one. Two indicators are the
same measure only when they count the same thing, over the same population,
on the same unit basis; so, in order:

1. the unit must be the measure's (a rate per 10,000 is not a number, a
   count of children is not a percentage); a measure in `other` units (an
   average score, a rate per 100,000) also takes a plain number;
2. the values must be possible in that unit (350 is not a percentage, a
   negative number is no count, 12.5 children is no count);
3. a benchmark printed beside the figure ('England rate = 337.3') is taken
   out of the name; no name that is a benchmark row or one team's figure (`[rules]
   exclude_any`: 'statistical neighbour average', '... team') is a measure;
   every `require` pattern must be found in the name and no `exclude`
   pattern (another age group, another time limit, 'ever' against 'within
   two years', reviews against visits), nor an `exclude_section` pattern in
   the section heading;
4. of the measures left, the one whose name or alias is closest to the
   indicator's name (rapidfuzz token-set ratio, 0 to 1, abbreviations such
   as CLA and CP expanded first) wins, when its score
   reaches `MIN_SCORE`; on equal scores, the one with more qualifiers met
   (more `require` patterns) wins.

The rules decide; the score breaks ties and guards against a name that
meets the rules by accident inside a sentence about something else. It is
per indicator and needs no database: a few compiled patterns and one fuzzy
comparison per surviving measure.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz

CATALOGUE_FILE = "measures.toml"
MIN_SCORE = 0.75
"""Lowest fuzzy score a rule-passing measure may have. The true matches of the
samples and seeds score 0.86 and more (token-set ratio forgives the extra words
of a long printed name); a name that passes the rules while sharing under three
quarters of its wording with the measure's name and aliases is more likely a
sentence about something else that happens to hold the qualifiers (a Kent
health deck's 'children who are up to date with the vaccinations in the NHS
routine list' scored 0.67 against the looked-after immunisation measure before
that measure required its population)."""
SCORE_DIGITS = 3
STORED_FIELDS = ("id", "name", "unit", "polarity", "source", "definition", "reference")
"""Catalogue fields written to the `measures` table; the matching fields stay in the package."""
UNITS = frozenset({"percent", "count", "rate_per_10000", "days", "other"})
POLARITIES = frozenset({"higher_is_better", "lower_is_better", "neither"})
UNIT_ACCEPTS = {"other": {"other", "count"}}
"""A measure's unit -> the indicator units it takes (default: its own only); a plain number reads as a count."""
VALUE_RANGES = {"percent": (0.0, 100.0), "rate_per_10000": (0.0, 10000.0), "count": (0.0, None), "days": (0.0, None)}
"""Unit -> the lowest and highest value it can hold (None: no limit)."""
_TERM = re.compile(r"\{(\w+)\}")
_PARENTHESES = re.compile(r"\([^()]*\)")
_PLAIN = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "’": "", "‘": "", "“": "", "”": "", "'": "", '"': ""})


class CatalogueError(ValueError):
    """The shipped catalogue is malformed (a test keeps it well formed)."""


@dataclass(frozen=True)
class Measure:
    """One catalogue measure, with its compiled matching rules."""

    id: str
    name: str
    unit: str
    polarity: str
    source: str
    definition: str
    reference: str
    require: tuple[re.Pattern, ...] = ()
    exclude: tuple[re.Pattern, ...] = ()
    exclude_section: tuple[re.Pattern, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeasureMatch:
    measure: str
    score: float


@cache
def _catalogue_data() -> dict:
    text = resources.files("planwatch.normalise").joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def _exclude_any() -> tuple[re.Pattern, ...]:
    """Patterns that make a name no measure of the council at all (benchmark rows, one team's figure)."""
    data = _catalogue_data()
    return _patterns(data.get("rules", {}).get("exclude_any", []), data.get("terms", {}), f"{CATALOGUE_FILE} [rules]")


@cache
def _comparator_note() -> re.Pattern:
    """A benchmark printed in the name beside the council's figure ('England rate = 337.3'), taken out before matching."""
    data = _catalogue_data()
    texts = [data.get("rules", {}).get("comparator_note", "(?!)")]
    return _patterns(texts, data.get("terms", {}), f"{CATALOGUE_FILE} [rules]")[0]


@cache
def _abbreviations() -> tuple[re.Pattern, dict[str, str]]:
    """The abbreviations a name's words are expanded from before scoring ('cla' -> 'children looked after')."""
    table = {key.casefold(): plain(value) for key, value in _catalogue_data().get("abbreviations", {}).items()}
    words = "|".join(sorted(map(re.escape, table), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"\b(?:{words})\b"), table


@cache
def catalogue() -> tuple[Measure, ...]:
    """RETURNS (tuple[Measure]): the shipped catalogue, in file order."""
    data = _catalogue_data()
    terms = data.get("terms", {})
    measures = tuple(_measure(entry, terms) for entry in data["measures"])
    ids = [measure.id for measure in measures]
    if len(set(ids)) != len(ids):
        raise CatalogueError(f"{CATALOGUE_FILE}: measure ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
    return measures


def _measure(entry: dict, terms: dict[str, str]) -> Measure:
    where = f"{CATALOGUE_FILE} [{entry.get('id', '?')}]"
    if entry.get("unit") not in UNITS or entry.get("polarity") not in POLARITIES:
        raise CatalogueError(f"{where}: unit {entry.get('unit')!r} or polarity {entry.get('polarity')!r} not allowed")
    if not entry.get("require"):
        raise CatalogueError(f"{where}: no require patterns, so any name would match")
    fields = {field: entry[field] for field in STORED_FIELDS}
    return Measure(
        **fields,
        require=_patterns(entry.get("require", []), terms, where),
        exclude=_patterns(entry.get("exclude", []), terms, where),
        exclude_section=_patterns(entry.get("exclude_section", []), terms, where),
        aliases=tuple(plain(alias) for alias in entry.get("aliases", [])),
    )


def _patterns(texts: list[str], terms: dict[str, str], where: str) -> tuple[re.Pattern, ...]:
    compiled = []
    for text in texts:
        expanded = _TERM.sub(lambda m: terms[m.group(1)] if m.group(1) in terms else m.group(0), text)
        try:
            compiled.append(re.compile(expanded, re.IGNORECASE))
        except re.error as e:
            raise CatalogueError(f"{where}: pattern {text!r} is not a regular expression ({e})") from e
    return tuple(compiled)


def catalogue_rows() -> list[dict[str, str]]:
    """RETURNS (list[dict]): the catalogue as rows of the `measures` table."""
    return [{field: getattr(measure, field) for field in STORED_FIELDS} for measure in catalogue()]


def catalogue_digest() -> str:
    """RETURNS (str): a digest of the whole catalogue, rules included; it changes whenever the shipped file does."""
    text = json.dumps(_catalogue_data(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def plain(text: str | None) -> str:
    """RETURNS (str): lower-case text with dashes made plain, quotes and apostrophes dropped, '&' as 'and'.

    'placed with \'In house\' foster carers' -> 'placed with in house foster carers'; "children's" -> 'childrens'.
    """
    text = (text or "").translate(_PLAIN).replace("&", " and ").lower()
    return " ".join(text.split())


def match_measure(
    name: str,
    *,
    unit: str | None,
    section: str | None = None,
    values: Iterable[float | None] = (),
) -> MeasureMatch | None:
    """RETURNS (MeasureMatch | None): the catalogue measure the indicator is, with its score; None when none is.

    unit (str): the indicator's unit; values: its numbers (target included), to veto impossible units.
    """
    text, heading = _comparator_note().sub(" ", plain(name)), plain(section)
    if any(pattern.search(text) for pattern in _exclude_any()):
        return None
    numbers = [value for value in values if value is not None]
    best, best_rank = None, None
    for measure in catalogue():
        if not _unit_fits(measure.unit, unit, numbers) or not _rules_pass(measure, text, heading):
            continue
        score = _score(measure, text)
        rank = (score, len(measure.require))  # on equal wording, the measure with more qualifiers met
        if score >= MIN_SCORE and (best_rank is None or rank > best_rank):
            best, best_rank = MeasureMatch(measure.id, score), rank
    return best


def _unit_fits(measure_unit: str, unit: str | None, numbers: list[float]) -> bool:
    if unit is not None and unit not in UNIT_ACCEPTS.get(measure_unit, {measure_unit}):
        return False
    low, high = VALUE_RANGES.get(measure_unit, (None, None))
    for number in numbers:
        if (low is not None and number < low) or (high is not None and number > high):
            return False
        if measure_unit == "count" and number != int(number):
            return False
    return True


def _rules_pass(measure: Measure, text: str, heading: str) -> bool:
    return (all(pattern.search(text) for pattern in measure.require)
            and not any(pattern.search(text) for pattern in measure.exclude)
            and not any(pattern.search(heading) for pattern in measure.exclude_section))  # fmt: skip


def _score(measure: Measure, text: str) -> float:
    """Closest wording among the measure's name and aliases; brackets ('(in month)', '(CIN)') left out, abbreviations expanded."""
    bare = " ".join(_PARENTHESES.sub(" ", text).split()) or text
    pattern, table = _abbreviations()
    bare = pattern.sub(lambda match: table[match.group(0)], bare)
    best = max(fuzz.token_set_ratio(bare, candidate) for candidate in (plain(measure.name), *measure.aliases))
    return round(best / 100, SCORE_DIGITS)
