"""The words every stage shares: month names, look-alike letters, status words, header words, thresholds.

    from planwatch import vocabulary
    vocabulary.MONTHS["sept"]            # 9
    vocabulary.fold_lookalikes("Аmber")  # 'Amber' (the first letter was Cyrillic)
    vocabulary.expand(r"<MONTH>\\s+\\d{4}")   # a pattern with every month word

Page triage (ingest), the layout readers (extract) and the canonical values
(normalise) all take these from here, read once from `vocabulary.toml`, so a
word added to the file is known to every stage and a threshold set there is
the one every stage uses. `PLANWATCH_VOCABULARY` names another file to read
instead (a user's trial copy). The tables are built once at import and never
changed: each stage holds the same objects.

It lives in the top package, beside `settings`, so that every stage may
import it: this package's `__init__` imports no stage.
"""

from __future__ import annotations

import os
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

ENVIRONMENT_VARIABLE = "PLANWATCH_VOCABULARY"
"""Names a vocabulary file to read instead of the one shipped with planwatch."""

MONTH_PLACEHOLDER = "<MONTH>"
"""Written in a vocabulary file's pattern for 'any month word' (`expand`)."""

RAG_NAMES = ("red", "amber", "green", "complete")
"""The canonical statuses the file's status words may name."""


def load(path: str | Path | None = None) -> dict[str, Any]:
    """RETURNS (dict): a parsed vocabulary file: `path`, else `$PLANWATCH_VOCABULARY`, else the shipped one.

    Raises ValueError naming the file and the setting when a setting is wrong.
    """
    path = path or os.environ.get(ENVIRONMENT_VARIABLE)
    source = str(path) if path else "vocabulary.toml"
    try:
        if path:
            text = Path(path).read_text(encoding="utf-8")
        else:
            text = resources.files("planwatch").joinpath("vocabulary.toml").read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ValueError(f"{source}: the vocabulary file cannot be read ({e}); fix it or unset {ENVIRONMENT_VARIABLE}") from e
    try:
        _check(data, source)
    except (KeyError, TypeError, AttributeError) as e:
        raise ValueError(f"{source}: the vocabulary file misses or misspells a setting ({e!r})") from e
    return data


REQUIRED = ("months.names", "lookalikes.letters", "lookalikes.small_capitals", "statuses.letters", "statuses.scale",
            "statuses.other_labels", "statuses.colours", "statuses.phrases", "columns", "matching.min_score",
            "matching.min_roles", "matching.min_roles_with_action")
"""Every setting a vocabulary file must give."""


def _check(data: dict[str, Any], source: str) -> None:
    """Raise ValueError naming the first wrong setting of a vocabulary file."""
    for setting in REQUIRED:
        value: Any = data
        for part in setting.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            raise ValueError(f"{source}: the vocabulary file has no '{setting}'")
    if len(data.get("months", {}).get("names", [])) != 12:
        raise ValueError(f"{source}: 'months.names' needs twelve lists of month words, January first")
    for rag in list(data["statuses"]["colours"]) + list(data["statuses"]["letters"].values()):
        if rag not in RAG_NAMES:
            raise ValueError(f"{source}: status '{rag}' is not one of {', '.join(RAG_NAMES)}")
    for letter, latin in data["lookalikes"]["letters"].items():
        if len(letter) != 1 or len(latin) != 1:
            raise ValueError(f"{source}: look-alike '{letter}' = '{latin}' must be one letter for one letter")
    matching = data["matching"]
    if not 0 <= matching["min_score"] <= 100:
        raise ValueError(f"{source}: 'matching.min_score' must be between 0 and 100")
    if matching["min_roles"] < 1 or matching["min_roles_with_action"] < 1:
        raise ValueError(f"{source}: 'matching.min_roles' and 'min_roles_with_action' must be at least 1")


DATA = load()
"""The vocabulary file as read."""

MONTHS: dict[str, int] = {
    word.lower(): number for number, words in enumerate(DATA["months"]["names"], start=1) for word in words
}
"""Every month word councils print, lower case -> month number."""

MONTH_WORDS = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
"""A regular expression (no flags) matching any month word, longest first ('september' before 'sep')."""

LOOKALIKES: dict[str, str] = dict(DATA["lookalikes"]["letters"])
"""Letters that print like a Latin letter -> that letter."""

SMALL_CAPITALS = frozenset(DATA["lookalikes"]["small_capitals"])
"""Look-alikes of Latin capitals in small-letter form ('т', 'в')."""

LOOKALIKE_TABLE = str.maketrans(LOOKALIKES)
"""`str.translate` table folding every look-alike letter to its Latin twin."""

STATUS_COLOURS: dict[str, str] = {
    word.lower(): rag for rag, words in DATA["statuses"]["colours"].items() for word in words
}
"""Words that name a status wherever they are printed -> 'red', 'amber', 'green' or 'complete'."""

STATUS_LETTERS: dict[str, str] = {letter.lower(): rag for letter, rag in DATA["statuses"]["letters"].items()}
"""Single letters that name a status when a cell holds nothing else."""

SCALE_WORDS: tuple[str, ...] = tuple(word.lower() for word in DATA["statuses"]["scale"])
"""Status words whose meaning a paper's key gives ('on track', 'at risk')."""

STATUS_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (entry["rag"], tuple(phrase.lower() for phrase in entry["phrases"])) for entry in DATA["statuses"]["phrases"]
)
"""(status, phrases) in the order tried: what a key's definition or a scale word means without a key."""

KEY_LABELS: tuple[str, ...] = tuple(
    dict.fromkeys([*STATUS_COLOURS, *SCALE_WORDS, *(word.lower() for word in DATA["statuses"]["other_labels"])])
)
"""Every label a RAG key may list."""

STATUS_CELL_WORDS: frozenset[str] = frozenset([*STATUS_COLOURS, *STATUS_LETTERS, *SCALE_WORDS])
"""Every word or letter a status cell may hold (the layout readers add combinations)."""

COLUMNS: dict[str, dict[str, list[str]]] = DATA["columns"]
"""Action-table column role -> its header `words` and `starts`."""

MATCHING: dict[str, int] = DATA["matching"]
"""Header thresholds: `min_score`, `min_roles`, `min_roles_with_action`."""


def fold_lookalikes(text: str | None) -> str:
    """RETURNS (str): every look-alike letter of `text` as the Latin letter it shows (no questions asked).

    For matching words against the vocabulary; `normalise.rag.fold_confusables`
    is the careful fold that leaves real Russian or Greek text alone.
    """
    return (text or "").translate(LOOKALIKE_TABLE)


def expand(pattern: str) -> str:
    """RETURNS (str): a vocabulary file's regular expression with `<MONTH>` as every month word."""
    return pattern.replace(MONTH_PLACEHOLDER, MONTH_WORDS)


_MONTH_ONLY = re.compile(rf"^{MONTH_WORDS}\.?$", re.IGNORECASE)


def is_month(text: str | None) -> bool:
    """RETURNS (bool): the text is one month word ('Sept', 'March.')."""
    return bool(_MONTH_ONLY.match((text or "").strip()))


REFERENCES: dict[str, Any] = {
    **DATA,
    "statuses": {**DATA["statuses"], "key_labels": list(KEY_LABELS), "cell_words": sorted(STATUS_CELL_WORDS)},
}
"""The file's values and the lists built from them, for other files' `vocabulary.toml:table.path` references."""
