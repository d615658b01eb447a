"""Reading the rows of an action table: banners, run-together cells, continuations.

Helpers of the action-table layout (`action_table.py`), each a plain function
from a row's cell texts to what the row says; the layout's docstring tells
which seed showed each quirk.
"""

from __future__ import annotations

import re
from typing import Any

from . import common
from .columns import Columns
from .common import clean, is_ref, is_status, is_timescale

BANNER_PIECE_CHARS = 25
"""Longest piece of a banner split across cells ('ty 5 – Quali')."""
SHORT_WORDS = frozenset("a i am an as at be by do go he if in is it me my no of on or so to up us we".split())
"""English words of one or two letters: a piece that short and not one of these is part of a word."""
MIN_MID_WORD_CUTS = 2
"""Cells cut inside a word that make a row a sentence laid across the table."""
FIELDS = ("ref", "outcome", "action", "lead", "timescale", "rag", "progress")

_GLUED_DATE = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s?(?:\d{4}|\d{2})")


def banner_of(texts: list[str], columns: Columns | None) -> tuple[common.Heading, list[str]] | None:
    """RETURNS (tuple | None): the priority heading a banner row names and its other cells' texts."""
    cells = [clean(text) for text in texts if clean(text)]
    if not cells:
        return None
    if columns is not None and holds_row_values(texts, columns):
        return None
    heading = common.parse_priority_heading(cells[0])
    if heading is not None:
        return heading, cells[1:]
    for joined in (" ".join(cells), "".join(cells)):
        heading = common.parse_priority_heading(joined, fuzzy=True)
        if heading is not None:
            return heading, []
    if len(cells) == 1:
        heading = common.parse_bare_banner(cells[0])
        if heading is not None:
            return heading, []
    return None


def holds_row_values(texts: list[str], columns: Columns) -> bool:
    """A ref, a status or a timescale in its own column: a data row, whatever its first words say."""
    tests = {"ref": is_ref, "rag": is_status, "timescale": is_timescale}
    for role, test in tests.items():
        col = columns.col(role)
        if col is not None and col < len(texts) and test(texts[col]):
            return True
    return False


def recover_run_together(text: str) -> dict | None:
    """RETURNS (dict | None): ref, action, lead and timescale read back from a row whose cells ran together.

    '1.6The Operating Model implemented. ... CDT.DCS, SD, AD EPSJuly 23Children ...'
    gives ref 1.6, lead 'DCS, SD, AD EPS' and timescale 'July 23': the lead is
    what stands between the last full stop and the first month-and-year.
    """
    ref, rest = common.split_leading_ref(text)
    if ref is None or not re.match(rf"^{re.escape(ref)}[A-Z]", text.strip()):
        return None
    date = _GLUED_DATE.search(rest)
    if date is None:
        return {"ref": ref, "action": rest}
    before = rest[: date.start()]
    cut = before.rfind(".")
    return {
        "ref": ref, "action": before[: cut + 1].strip() or None,
        "lead": before[cut + 1:].strip() or None, "timescale": date.group(0),
    }


def fields_of(texts: list[str], fills: list[str | None], columns: Columns) -> dict[str, Any]:
    fields: dict[str, Any] = {"milestones": {}}
    for col, role in columns.roles.items():
        text = texts[col] if col < len(texts) else ""
        if role in FIELDS:
            fields[role] = text
        if role == "rag":
            fields["rag_fill"] = fills[col] if col < len(fills) else None
    for col, period in columns.periods.items():
        if col < len(texts) and clean(texts[col]):
            fields["milestones"][period] = texts[col]
    if not columns.periods:
        col = columns.col("milestones")
        if col is not None and col < len(texts) and clean(texts[col]):
            fields["milestones"][sorted(columns.labels.get(col, {"Milestones"}))[0]] = texts[col]
    pull_stray_status(fields, texts, columns)
    ref = clean(fields.get("ref"))
    if not is_ref(ref):
        fields["ref"] = None
        inline, rest = common.split_leading_ref(fields.get("action"))
        if inline is not None:
            fields["ref"], fields["action"] = inline, rest
    else:
        fields["ref"] = ref.rstrip(".")
    return fields


def pull_stray_status(fields: dict[str, Any], texts: list[str], columns: Columns) -> None:
    """A status letter printed one column short of the RAG column (a row with a cell missing)."""
    rag_col = columns.col("rag")
    if rag_col is None or clean(fields.get("rag")):
        return
    filled = [col for col, text in enumerate(texts) if clean(text)]
    if filled and filled[-1] < rag_col and is_status(texts[filled[-1]]) and columns.roles.get(filled[-1]) != "ref":
        role = columns.roles.get(filled[-1])
        fields["rag"] = texts[filled[-1]]
        if role in fields:
            fields[role] = ""


def join_rows(upper: dict[str, Any], lower: dict[str, Any]) -> dict[str, Any]:
    joined = dict(upper)
    for name in ("outcome", "action", "lead", "timescale", "progress"):
        if clean(lower.get(name)) and clean(lower.get(name)) != clean(upper.get(name)):
            joined[name] = f"{upper[name]}\n{lower[name]}" if clean(upper.get(name)) else lower[name]
    if not clean(upper.get("rag")) and clean(lower.get("rag")):
        joined["rag"] = lower["rag"]
    joined["rag_fill"] = upper.get("rag_fill") or lower.get("rag_fill")
    milestones = dict(upper.get("milestones", {}))
    for period, text in lower.get("milestones", {}).items():
        milestones[period] = f"{milestones[period]}\n{text}" if period in milestones else text
    joined["milestones"] = milestones
    return joined


def _has_content(fields: dict[str, Any]) -> bool:
    return any(clean(fields.get(name)) for name in ("outcome", "action", "lead", "timescale", "rag", "progress"))



def spread_sentence(texts: list[str]) -> bool:
    """RETURNS (bool): the row is one sentence laid across the table in pieces cut mid-word.

    'Social | work practice is o | f consistently high quality an ch | d
    assessments ...' on p.37 of the Plymouth 2023 plan is priority 3's statement
    without its banner; it must not be read as the rest of the row above.
    A row continued from above breaks its cells between words, not inside them.
    """
    pieces = [text.strip() for text in texts if clean(text)]
    cuts = 0
    for left, right in zip(pieces, pieces[1:]):
        left_word, right_word = left.split()[-1], right.split()[0]
        short = [word for word in (left_word, right_word) if len(word) <= 2 and word.lower() not in SHORT_WORDS]
        if left_word[-1:].isalpha() and right_word[:1].islower() and short:
            cuts += 1
    return len(pieces) >= 3 and cuts >= MIN_MID_WORD_CUTS


def split_glued_banner(texts: list[str]) -> tuple[list[str], common.Heading | None]:
    """RETURNS (tuple): a row without the banner a page-break join glued to its last lines, and that banner.

    When a banner row ('Priori | ty 5 – Quali | ty Assu | rance and Audit')
    starts the next page with its first cell empty, a reader joining cut rows
    appends its pieces to the last lines of the row above.
    """
    lasts = [text.rsplit("\n", 1)[-1] for text in texts]
    for start, last in enumerate(lasts):
        if not clean(last) or len(clean(last).split()) > 3:
            continue
        end = start + 1
        while end < len(texts) and clean(lasts[end]) and len(clean(lasts[end])) <= BANNER_PIECE_CHARS:
            end += 1
        heading = common.parse_priority_heading("".join(clean(piece) for piece in lasts[start:end]), fuzzy=True)
        if heading is not None and end - start >= 2:
            kept = [text.rsplit("\n", 1)[0] if start <= col < end and "\n" in text else
                    ("" if start <= col < end else text) for col, text in enumerate(texts)]
            return kept, heading
    return texts, None

def starts_new(fields: dict[str, Any]) -> bool:
    return any(clean(fields.get(name)) for name in ("lead", "timescale", "rag")) or bool(fields.get("rag_fill"))

