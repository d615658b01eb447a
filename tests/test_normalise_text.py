"""Text repairs: encodings, odd spaces, whitespace runs and words split by wrapping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planwatch.normalise.text import collapse, repair_split_words, repair_text

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

REPAIRS = [
    ("Childrenâ€™s services", "Children’s services"),
    ("cafÃ©", "café"),
    ("ﬁnance and ﬂexible staﬀ", "finance and flexible staff"),
    ("Lead\u00a0Officer", "Lead Officer"),
    ("31\u2009March\u202f2023", "31 March 2023"),
    ("co\u00adoperation", "cooperation"),
    ("zero\u200bwidth", "zerowidth"),
    ("“Good” and ‘Outstanding’", "“Good” and ‘Outstanding’"),
    ("two\nlines", "two\nlines"),
    ("R&amp;D", "R&amp;D"),
    ("", ""),
]

COLLAPSES = [
    ("  Director of Quality\n Assurance &\tPerformance ", "Director of Quality Assurance & Performance"),
    ("one", "one"),
    ("\n\t ", ""),
    ("a\u00a0\u00a0b", "a b"),
]

SPLIT_WORDS = [
    ("Strategic Commissio ning Manager", "Strategic Commissioning Manager"),
    ("Head of Permanen ce", "Head of Permanence"),
    ("Head of Permanen ce/ Head of VS", "Head of Permanence/ Head of VS"),
    ("Immedi ately", "Immediately"),
    ("Imme diately", "Immediately"),
    ("Augus t 23", "August 23"),
    ("Directors of partner organisati ons", "Directors of partner organisations"),
    ("Improveme nt Team", "Improvement Team"),
    ("SD/ Commissioni ng SC", "SD/ Commissioning SC"),
    ("QA and Safeguardi ng", "QA and Safeguarding"),
    ("Not ava ilable", "Not available"),
    ("report develop ment", "report development"),
    ("Sep tem ber", "September"),
    ("COMMISSIO NING", "COMMISSIONING"),
    ("Commissio\nning", "Commissioning"),
]

ORDINARY_PHRASES = [
    "children in care",
    "a part of the plan",
    "any way we can",
    "on going visits",
    "the rapist",
    "for mat",
    "care leavers",
    "some times",
    "work force",
    "over view",
    "to day",
    "may be",
    "a lot",
    "with in",
    "out come",
    "short fall",
    "well being",
    "multi agency",
    "R A G",
    "Amber E (yellow)",
    "Children in Care Council",
    "ure a robust",
    "Si no habla",
    "Head of Service",
    "Report development required",
    "SD/ HoS Front Door",
    "31 st March",
    "care, leavers",
    "in-care",
]


@pytest.mark.parametrize("text,expected", REPAIRS)
def test_repair_text(text: str, expected: str) -> None:
    assert repair_text(text) == expected


def test_repair_text_accepts_none() -> None:
    assert repair_text(None) == ""


@pytest.mark.parametrize("text,expected", COLLAPSES)
def test_collapse(text: str, expected: str) -> None:
    assert collapse(text) == expected


@pytest.mark.parametrize("text,expected", SPLIT_WORDS)
def test_repair_split_words_joins_fragments(text: str, expected: str) -> None:
    assert repair_split_words(text) == expected


@pytest.mark.parametrize("text", ORDINARY_PHRASES)
def test_repair_split_words_leaves_ordinary_words(text: str) -> None:
    assert repair_split_words(text) == text


def test_repair_split_words_uses_the_documents_vocabulary() -> None:
    # 'permanency' is too rare in general English to be trusted on its own.
    assert repair_split_words("Head of Permanen cy") == "Head of Permanen cy"
    assert repair_split_words("Head of Permanen cy", vocabulary={"permanency"}) == "Head of Permanency"


def test_vocabulary_never_makes_a_fragment_a_word() -> None:
    # A document's vocabulary holds its own fragments too; they must not block a join.
    vocabulary = {"commissio", "ning", "commissioning"}
    assert repair_split_words("Commissio ning", vocabulary=vocabulary) == "Commissioning"


def _seed_cells() -> list[str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}; they live in ../shared/seeds beside the repository")
    return [
        cell
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text("utf-8").splitlines()
        for cell in line.split("\t")
    ]


SEED_JOINS = {
    "commissioning",
    "permanence",
    "immediately",
    "immediate",
    "organisations",
    "improvement",
    "safeguarding",
    "august",
}
"""Every word the seeds print cut in two by wrapping (facts read from the seeds by hand)."""


def test_seed_cells_join_only_words_cut_by_wrapping() -> None:
    joined: set[str] = set()
    for cell in _seed_cells():
        before = set(cell.lower().split())
        after = set(repair_split_words(cell).lower().split())
        joined |= {re.sub(r"\W+$", "", word) for word in after - before}
    assert joined == SEED_JOINS, f"[seeds] joined {sorted(joined ^ SEED_JOINS)} unexpectedly or not at all"
