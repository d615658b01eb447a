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
from .common import clean, is_ref, is_status, is_timescale, ref_text

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
    """RETURNS (dict): a data row's texts by role (ref, action, lead, ...), its RAG cell's fill and its milestones.

    A ref printed at the start of the action ('1.1 Commission ...') is taken
    out into `ref`; a status one column short of the RAG column is moved there.
    """
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
    ref = ref_text(fields.get("ref"))
    if ref is None:
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
    """RETURNS (dict): a record with a continuation row's texts added, field by field, on new lines."""
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


def starts_new(fields: dict[str, Any]) -> bool:
    """RETURNS (bool): a row without a ref that still reads as a record of its own (a lead, timescale or status)."""
    return any(clean(fields.get(name)) for name in ("lead", "timescale", "rag")) or bool(fields.get("rag_fill"))

