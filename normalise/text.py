"""Text repairs shared by every normaliser: broken encodings, odd spaces, split words.

Council papers reach us through PDF converters that leave mojibake
(`Childrenâ€™s`), ligatures (`ﬁnance`), non-breaking and thin spaces, soft
hyphens, and words cut in two where a table cell wrapped (`Commissio ning`,
`Permanen ce`, `Immedi ately` in the Plymouth 2023 plan). Each function here
is pure, never raises on any string, and is idempotent: repairing twice gives
the same text as repairing once.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache
from itertools import pairwise

import ftfy

MAX_REPAIR_PASSES = 4
"""ftfy fixes one layer of mojibake per pass at most; loop until nothing changes."""

WORD_MIN_ZIPF = 3.0
"""Zipf frequency (wordfreq, English) from which a fragment counts as an ordinary word.

3.0 is about one use per million words: 'commissio' (1.2), 'improveme' (0.0)
fall below, 'care' (5.6) and 'ward' (4.3) are well above."""

JOINED_MIN_ZIPF = 2.5
"""Zipf frequency from which a re-joined form counts as a known English word
('permanence' 2.8, 'leavers' 2.9); rarer forms need the document's vocabulary."""

RARER_MARGIN = 1.5
"""A fragment that is a word but this many Zipf points rarer than the joined
form is taken as a fragment ('ment' 3.1 beside 'development' 5.3)."""

MAX_FRAGMENTS = 3
"""A word is rebuilt from at most this many fragments ('Sep tem ber')."""

MIN_JOINED_LENGTH = 4
"""Joins shorter than this ('R A G' -> 'rag') are never made."""

SHORT_WORDS = frozenset(
    """a i am an as at be by do go he hi if in is it me my no of oh ok on or
    ox so to up us we""".split()
)
"""The one- and two-letter English words; any other fragment that short ('t',
'ce', 'nt', 'ng') is a piece of a longer word. wordfreq rates 'nt' and 'ng'
as common only because of web abbreviations."""

SUFFIX_FRAGMENTS = frozenset(
    """ing ings ed ly ment ments tion tions sion sions ness ers ity ance ence
    ised ized isation ization ately ually ional ship ships""".split()
)
"""Word endings that wordfreq rates as words but which, left alone after a
line wrap, are the tail of the word before."""

SOUND_CHARS = "–—‘’“”•…£€°·½¼¾×≤≥▪●"
"""Typographic characters common in papers that the repairs leave alone when they stand between ASCII."""

_NEEDS_REPAIR = re.compile(f"[^\\x20-\\x7e\\n\\t{re.escape(SOUND_CHARS)}]|[^\\x00-\\x7f]{{2}}")
"""A character outside the sound ones, or two non-ASCII characters in a row."""
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_REMOVED = re.compile("[\u00ad\u200b\u2060\ufeff]")
_WHITESPACE = re.compile(r"\s+")
_TOKEN_SPLIT = re.compile(r"(\s+)")
_WORD_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)

_FTFY_CONFIG = ftfy.TextFixerConfig(
    # Entities are the HTML reader's job; unescaping here would not be
    # idempotent ('&amp;amp;' loses one layer per call).
    unescape_html=False,
    # Keep curly quotes and apostrophes as printed.
    uncurl_quotes=False,
    explain=False,
)


def repair_text(text: str | None) -> str:
    """RETURNS (str): `text` with mojibake, ligatures, odd spaces and soft hyphens repaired.

    Mojibake and ligatures go through ftfy; non-breaking, thin and other odd
    spaces become plain spaces; soft hyphens and zero-width spaces are removed.
    Curly quotes, line breaks and every other character are kept as they are.
    """
    if not text:
        return ""
    repaired = text
    for _ in range(MAX_REPAIR_PASSES):
        before = repaired
        repaired = ftfy.fix_text(repaired, _FTFY_CONFIG)
        repaired = _ODD_SPACES.sub(" ", repaired)
        repaired = _REMOVED.sub("", repaired)
        if repaired == before:
            break
    return repaired


def needs_repair(text: str | None) -> bool:
    """RETURNS (bool): whether `repair_text` could change the text.

    Text made only of printable ASCII and the typographic characters in
    `SOUND_CHARS`, none of them next to another non-ASCII character, holds no
    mojibake (always two or more non-ASCII characters in a row: 'â€™'), no
    ligature and no odd space, so the repair would leave it as it is.
    """
    return bool(text) and _NEEDS_REPAIR.search(text) is not None


def repair_if_needed(text: str | None) -> str:
    """RETURNS (str): what `repair_text` gives, without running it over text that `needs_repair` passes."""
    if not needs_repair(text):
        return text or ""
    return repair_text(text)


def collapse(text: str | None) -> str:
    """RETURNS (str): `text` with each run of whitespace (line breaks too) as one space, trimmed."""
    return _WHITESPACE.sub(" ", text or "").strip()


def repair_split_words(text: str | None, *, vocabulary: Collection[str] | None = None) -> str:
    """RETURNS (str): `text` with words that a cell's wrapping cut in two joined again.

    Two neighbouring fragments are joined only when the joined form is a known
    word, at least one fragment is not an ordinary word (or is a much rarer
    one), and a fragment that is a word is not much more common than the
    joined form. So 'Commissio ning' becomes 'Commissioning' while 'in care',
    'a part' and 'ure a' stay as they are. Known means English in wordfreq's lists or in
    `vocabulary`. Joins repeat until none is left, so a word cut twice is
    rebuilt and a second call changes nothing.

    vocabulary (Collection[str]): lower-case words seen unsplit in the same
        document, for names and jargon wordfreq does not know ('permanency').
        Used only to accept a joined form, never to make a fragment a word,
        because a document's own fragments would otherwise vouch for themselves.
    """
    if not text:
        return ""
    known = frozenset(vocabulary or ())
    parts = _TOKEN_SPLIT.split(text)
    changed = True
    while changed:
        parts, changed = _join_once(parts, known)
    return "".join(parts)


def _join_once(parts: list[str], known: frozenset[str]) -> tuple[list[str], bool]:
    """RETURNS (tuple): the parts with the first joinable run of fragments joined, and whether one was.

    `parts` alternates words and the whitespace between them; three fragments
    are tried before two, so 'Sep tem ber' is rebuilt in one step.
    """
    for i in range(0, len(parts), 2):
        for count in range(MAX_FRAGMENTS, 1, -1):
            fragments = parts[i : i + 2 * count : 2]
            if len(fragments) < count:
                continue
            joined = _joined(fragments, known)
            if joined is not None:
                return parts[:i] + [joined] + parts[i + 2 * count - 1 :], True
    return parts, False


def _joined(fragments: list[str], known: frozenset[str]) -> str | None:
    """RETURNS (str | None): the fragments as one word when they look like one word cut by wrapping."""
    cores = []
    for position, fragment in enumerate(fragments):
        match = _WORD_CORE.match(fragment)
        if match is None:
            return None
        lead, core, tail = match.groups()
        # Punctuation between the fragments ('care,' 'leavers') marks separate words.
        if (tail and position < len(fragments) - 1) or (lead and position > 0):
            return None
        if not core.isalpha():
            return None
        cores.append(core)
    if not all(_continues(left, right) for left, right in pairwise(cores)):
        return None
    joined = "".join(cores).lower()
    if len(joined) < MIN_JOINED_LENGTH:
        return None
    joined_zipf = word_zipf(joined)
    if joined not in known and joined_zipf < JOINED_MIN_ZIPF:
        return None
    words = [core for core in cores if _is_word(core, joined_zipf)]
    if len(words) == len(cores):
        return None
    # 'ure a' (the tail of 'ensure' in the next cell, then 'a') must not become
    # 'urea': a common word is not swallowed into a much rarer one.
    if any(joined_zipf < word_zipf(word.lower()) - RARER_MARGIN for word in words):
        return None
    return "".join(fragments)


def _continues(left: str, right: str) -> bool:
    """RETURNS (bool): whether `right`'s case lets it continue `left` ('Augus' 't', 'COMMISSIO' 'NING')."""
    if right.islower():
        return True
    return left.isupper() and right.isupper() and len(left) > 1


def _is_word(fragment: str, joined_zipf: float) -> bool:
    """RETURNS (bool): whether `fragment` stands as an ordinary word beside its joined form."""
    lower = fragment.lower()
    if len(lower) <= 2:
        return lower in SHORT_WORDS
    if lower in SUFFIX_FRAGMENTS:
        return False
    zipf = word_zipf(lower)
    return zipf >= WORD_MIN_ZIPF and zipf > joined_zipf - RARER_MARGIN


@lru_cache(maxsize=65536)
def word_zipf(word: str) -> float:
    """RETURNS (float): wordfreq's Zipf frequency of an English word (0 when unknown)."""
    # Imported here: loading the word lists takes a moment and most callers
    # of this module never need them.
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
