"""A paper's fingerprint: what it says, not how its file is made (#18).

    fingerprint(normalised, text)   # 'records:3f2a…' or 'text:00a1…' or None

Councils publish the same paper as Word and as PDF, and re-save it under
other bytes, so the file's sha256 (`documents.id`) cannot tell that two files
are one paper. The fingerprint is made from what planwatch read:

- a paper with records (actions, count grids, indicator values) is known by
  their facts only: each action's ref, status and due date, each grid
  count, each indicator value's ref, period end and number. Word and PDF
  give the same facts even where their text differs (page headers, line
  breaks, a footer's page numbers), so the digest of the sorted facts is
  the same for both (`records:<sha256>`);
- a paper without records (a letter, a report in prose) is known by its
  words: a bottom-k sketch of its five-word shingles (`text:<k hashes>`),
  two sketches being the same paper when their estimated resemblance is at
  least `SAME_TEXT_RESEMBLANCE`.

`store.same_paper` compares fingerprints only between papers of the same
council and date, so a monthly report that restates last month's plan word
for word is never taken for it.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import zlib
from collections.abc import Callable

from .models import NormalisedDocument

RECORDS_PREFIX = "records:"
TEXT_PREFIX = "text:"
SHINGLE_WORDS = 5
"""Words per shingle: long enough that common phrases do not make two papers alike."""
SKETCH_SIZE = 128
"""Hashes kept of a text's shingles (the smallest ones): 2 KB of hex, an error of about 0.04 on resemblance."""
HASH_BYTES = 8
SAME_TEXT_RESEMBLANCE = 0.85
"""Estimated share of shingles two texts must have in common to be one paper in two files.

Word and PDF renderings of one paper differ by page headers, footers and
numbers (the samples' Word and PDF plan share 0.87 of their shingles); two
different papers share a few hundredths (0.02 at most among the samples). In
the Kent corpus, appendices tabled again at a later meeting share 0.88 to 1.0,
while a budget appendix whose figures changed between drafts shares 0.73 to
0.80 with its earlier version: another paper, counted as such."""
MIN_WORDS = 30
"""Fewer words than this give no text fingerprint: too little to tell two papers apart."""
MAX_WORDS = 20_000
"""Words sketched from a paper's start (about 40 pages): two copies of one paper agree from the first word,
two different papers part long before this."""
MAX_CHARS = 40 * MAX_WORDS
"""Characters looked at to find those words (words average well under 40 characters)."""
_WORD = re.compile(r"[a-z0-9]+")
_MASK = (1 << 64) - 1
_BASE = 1_000_003
"""Multiplier of the shingles' polynomial hash (a prime)."""


def fingerprint(normalised: NormalisedDocument, text: str) -> str | None:
    """RETURNS (str | None): the paper's fingerprint; None when it has neither records nor enough text."""
    facts = record_facts(normalised)
    if facts:
        return RECORDS_PREFIX + hashlib.sha256("\n".join(facts).encode("utf-8")).hexdigest()
    sketch = text_sketch(text)
    if not sketch:
        return None
    return TEXT_PREFIX + "".join(f"{value:0{2 * HASH_BYTES}x}" for value in sketch)


def record_facts(normalised: NormalisedDocument) -> list[str]:
    """RETURNS (list[str]): the paper's facts as sorted lines, the same whatever file format they were read from."""
    facts = [f"action|{_key(a.ref)}|{a.rag or ''}|{a.due_date or ''}" for a in normalised.actions]
    facts += [f"count|{_key(c.grp)}|{c.rag}|{c.count}" for c in normalised.rag_counts]
    for indicator in normalised.indicators:
        facts += [
            f"value|{_key(indicator.ref)}|{value.period_end or _key(value.period)}|{_number(value.value)}"
            for value in indicator.values
        ]
    return sorted(facts)


def text_sketch(text: str) -> list[int]:
    """RETURNS (list[int]): the smallest `SKETCH_SIZE` hashes of the text's word shingles, ascending.

    Each word is hashed once (crc32) and a shingle's hash is a polynomial over
    its words' hashes, rolled along the text and then mixed. Only the first
    `MAX_WORDS` words are sketched, so a long paper costs no more than a short one.
    """
    words = [zlib.crc32(word.encode("utf-8")) for word in _WORD.findall(text[:MAX_CHARS].lower())[:MAX_WORDS]]
    if len(words) < MIN_WORDS:
        return []
    lead = pow(_BASE, SHINGLE_WORDS - 1, _MASK + 1)
    rolling = 0
    for word in words[:SHINGLE_WORDS]:
        rolling = (rolling * _BASE + word) & _MASK
    shingles = {rolling}
    for old, new in zip(words, words[SHINGLE_WORDS:]):
        rolling = ((rolling - old * lead) * _BASE + new) & _MASK
        shingles.add(rolling)
    return heapq.nsmallest(SKETCH_SIZE, {_mix(value) for value in shingles})


def same_paper(first: str | None, second: str | None) -> bool:
    """RETURNS (bool): whether two fingerprints are one paper (equal records, or texts alike enough)."""
    return same_paper_as(first)(second)


def same_paper_as(first: str | None) -> Callable[[str | None], bool]:
    """RETURNS (Callable): a test of whether a fingerprint is the same paper as `first`, which it reads once."""
    if not first:
        return lambda second: False
    if not first.startswith(TEXT_PREFIX):
        return lambda second: second == first
    mine = set(_sketch_of(first))

    def alike(second: str | None) -> bool:
        if not second or not second.startswith(TEXT_PREFIX):
            return False
        theirs = set(_sketch_of(second))
        common, union = len(mine & theirs), min(SKETCH_SIZE, len(mine | theirs))
        if common < SAME_TEXT_RESEMBLANCE * union:
            return False  # the estimate counts common hashes only, so it cannot reach the threshold
        return resemblance(list(mine), list(theirs)) >= SAME_TEXT_RESEMBLANCE

    return alike


def resemblance(first: list, second: list) -> float:
    """RETURNS (float): the estimated share of shingles two sketched texts have in common (0 to 1).

    Sketches are lists of hashes (or their fixed-width hex, which sorts alike).
    """
    union = sorted(set(first) | set(second))[:SKETCH_SIZE]
    if not union:
        return 0.0
    both = set(first) & set(second)
    return sum(value in both for value in union) / len(union)


def _sketch_of(value: str) -> list[str]:
    """The hashes of a text fingerprint as fixed-width hex strings (sorted as the numbers are)."""
    digits = value[len(TEXT_PREFIX):]
    width = 2 * HASH_BYTES
    return [digits[i:i + width] for i in range(0, len(digits), width)]


def _mix(value: int) -> int:
    """splitmix64's finaliser: spreads a shingle's polynomial hash over all 64 bits, so the smallest are a fair sample."""
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def _key(text: str | None) -> str:
    """A ref or group as compared: trimmed, spaces closed up, any letter case."""
    return re.sub(r"\s+", "", text or "").casefold()


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"
