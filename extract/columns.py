"""Column roles of a table, from its header words and from what its cells hold.

Header words are matched against the vocabularies in `vocab.toml` (see
`common.column_role`); where the header is silent or wrong the cells decide:
a column of distinct bare refs is the ref column, a column of status letters
the RAG column, a column coloured unlike the rest of each row (and not a
banner or banded shading) the RAG column of a colour-only table. Used by the
action-table layout; kept apart from it so that other table layouts can read
their columns the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from planwatch import vocabulary as shared

from . import common
from .common import WHITE_FILLS, clean, column_role, is_ref, is_rule, is_status, is_timescale

_PERIOD = re.compile(rf"^(?:\w+[\s-])?(?:\d{{2,4}}|{shared.MONTH_WORDS}|q[1-4])", re.I)


@dataclass
class Columns:
    """What each grid column of an action table holds."""

    roles: dict[int, str]
    labels: dict[int, set[str]] = field(default_factory=dict)
    periods: dict[int, str] = field(default_factory=dict)
    priority_col: int | None = None
    """A column headed by a priority word alone ('Priority', 'Theme'): it names each row's priority."""

    def col(self, role: str) -> int | None:
        """RETURNS (int | None): the grid column that holds `role`."""
        return next((col for col, name in self.roles.items() if name == role), None)


# -- Header rows --------------------------------------------------------------


def header_columns(
    texts: list[str],
    *,
    min_roles: int = shared.MATCHING["min_roles"],
    min_roles_with_action: int = shared.MATCHING["min_roles_with_action"],
) -> Columns | None:
    """RETURNS (Columns | None): the column roles a row of header texts names, when it is a header.

    A header names what the rows are about (an action, an outcome, or a ref
    column) and enough roles besides: `Led by | Timescale | Measure` alone is
    no action table.
    """
    roles = common.header_roles(texts)
    values = set(roles.values())
    if not values & {"action", "outcome", "ref"}:
        return None
    enough = len(roles) >= min_roles or ("action" in values and len(roles) >= min_roles_with_action)
    if not enough:
        return None
    labels = {col: {clean(texts[col])} for col in roles}
    return Columns(roles=roles, labels=labels, priority_col=_priority_header(texts, roles))


def _priority_header(texts: list[str], roles: dict[int, str]) -> int | None:
    """RETURNS (int | None): the first column without a role whose header is a priority word alone."""
    words = {common.key(word) for word in common.vocabulary()["priorities"]["words"]}
    found = (col for col, text in enumerate(texts) if col not in roles and text.strip() and common.key(text) in words)
    return next(found, None)


def two_row_header(texts: list[str], following: list[str], **minimums: int) -> Columns | None:
    """A header broken over two rows by the page ('Ref' / 'No.', 'Time' / 'scale/ Date')."""
    alone = common.header_roles(texts)
    if not alone or header_columns(following, **minimums) is not None:
        return None
    joined = [clean(f"{a} {b}") for a, b in zip(texts, following)]
    columns = header_columns(joined, **minimums)
    if columns is None or len(columns.roles) <= len(alone):
        return None
    for col, text in enumerate(following):
        if text.strip():
            columns.labels.setdefault(col, set()).update({clean(text), clean(texts[col])})
    return columns


def sub_header(columns: Columns, texts: list[str]) -> dict[int, str]:
    """Period sub-columns ('March', 'April') printed under a milestones header."""
    start = columns.col("milestones")
    if start is None:
        return {}
    filled = {col: clean(text) for col, text in enumerate(texts) if clean(text)}
    if not filled or min(filled) < start or not all(_PERIOD.match(text) for text in filled.values()):
        return {}
    return filled


def is_repeated_header(texts: list[str], columns: Columns) -> bool:
    """RETURNS (bool): the row names at least two of its columns' roles again (a header repeated on a new page)."""
    hits = 0
    for col, text in enumerate(texts):
        role = columns.roles.get(col)
        if role and text.strip() and column_role(clean(text))[0] == role:
            hits += 1
    return hits >= 2


# -- Column roles from cell contents ---------------------------------------------


def _share(values: list[str], test) -> float:
    filled = [value for value in values if clean(value)]
    return sum(1 for value in filled if test(value)) / len(filled) if filled else 0.0


def infer_roles(columns: Columns, rows: list[list[str]], fills: list[list[str | None]], share: float) -> Columns:
    """RETURNS (Columns): the header's roles corrected by what the data cells hold."""
    roles = dict(columns.roles)
    n_cols = max((len(row) for row in rows), default=0)
    by_col = [[row[col] if col < len(row) else "" for row in rows] for col in range(n_cols)]
    if "ref" not in roles.values():
        for col, values in enumerate(by_col):
            filled = [clean(v) for v in values if clean(v)]
            distinct = len(set(filled)) / len(filled) if filled else 0.0
            if _share(values, is_ref) >= share and len(filled) >= 2 and distinct >= share:
                moved = roles.get(col)
                roles[col] = "ref"
                if moved and col + 1 < n_cols and col + 1 not in roles:
                    roles[col + 1] = moved  # the header spans the ref column and the next one
                break
    if "rag" not in roles.values():
        for col, values in enumerate(by_col):
            if col not in roles and _share(values, is_status) >= share and any(clean(v) for v in values):
                roles[col] = "rag"
                break
        else:
            colour_col = colour_column(rows, fills, roles, share)
            if colour_col is not None:
                roles[colour_col] = "rag"
    if "timescale" not in roles.values():
        for col, values in enumerate(by_col):
            if col not in roles and _share(values, is_timescale) >= share and any(clean(v) for v in values):
                roles[col] = "timescale"
                break
    return Columns(roles=roles, labels=columns.labels, periods=columns.periods, priority_col=columns.priority_col)


def colour_column(
    texts: list[list[str]], fills: list[list[str | None]], roles: dict[int, str], share: float,
) -> int | None:
    """A column with no role whose cells are coloured unlike the rest of their row.

    Banded rows (every cell of a row in one shade) and banners (one coloured
    cell across the table) are layout, not statuses.
    """
    rows = [
        row for row, words in zip(fills, texts)
        if sum(1 for col, fill in enumerate(row) if fill or (col < len(words) and clean(words[col]))) >= 2
    ]
    if not rows:
        return None
    n_cols = max(len(row) for row in rows)
    for col in range(n_cols):
        if col in roles:
            continue
        contrasting = sum(1 for row in rows if col < len(row) and _stands_out(row, col))
        if contrasting / len(rows) >= share:
            return col
    return None


def _stands_out(fills: list[str | None], col: int) -> bool:
    fill = fills[col]
    if not fill or fill in WHITE_FILLS:
        return False
    others = [other for index, other in enumerate(fills) if index != col and other]
    return not others or Counter(others).most_common(1)[0][0] != fill


def strip_furniture(texts: list[str], columns: Columns) -> list[str]:
    """RETURNS (list[str]): the row's texts without lines that only repeat their column's header, or rules."""
    stripped = []
    for col, text in enumerate(texts):
        labels = columns.labels.get(col, set()) | ({columns.periods[col]} if col in columns.periods else set())
        lines = [line for line in text.split("\n") if not any(common.repeats_header(line, label) for label in labels)]
        stripped.append("\n".join(lines) if not is_rule(text) else "")
    return stripped


def merge_labels(columns: Columns, other: Columns | None) -> Columns:
    """RETURNS (Columns): `columns` with the header texts `other` knows for each column added."""
    if other is None:
        return columns
    labels = {col: set(texts) for col, texts in columns.labels.items()}
    for col, texts in other.labels.items():
        labels.setdefault(col, set()).update(texts)
    periods = columns.periods or other.periods
    priority_col = columns.priority_col if columns.priority_col is not None else other.priority_col
    return Columns(roles=columns.roles, labels=labels, periods=periods, priority_col=priority_col)

