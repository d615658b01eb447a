"""Form-style trackers: one small ruled table per action, the field names down its left.

    Ref     | 1.1
    Action  | Launch a recruitment campaign ...
    Lead    | Head of Workforce
    Due     | Q3 2024/25
    Status  | Green
    Update  | Twelve offers made since October.

Such a table is an action table turned on its side. `form_rows` turns it back:
its field names become a header row and each form's values a data row, so
the action-table reader reads it as it reads any table, and the forms that
follow (the same labels) add one record each. Forms a page break joined into
one table (the next form's `Ref` row after the last one's `Update`) are split
where a field name comes round again. A table is a form when its first
column names at least `matching.min_roles` different action-table roles (the
action among them) in the shared vocabulary's header words, and its other
cells are not header words themselves.
"""

from __future__ import annotations

from planwatch import vocabulary as shared

from .columns import header_columns
from .common import clean, column_role

MIN_FORM_ROLES = shared.MATCHING["min_roles"]
"""A form's labels name this many roles, the action among them (a two-column table of other facts is no form)."""
FORM_COLUMNS = 2
"""A form has its labels and one column of values."""
MIN_FORM_ROWS = 3


def form_rows(
    rows: list[list[str]], fills: list[list[str | None]]
) -> tuple[list[list[str]], list[list[str | None]], list[int]] | None:
    """RETURNS (tuple | None): the forms as (header row + one data row per form, their fills, the
    table row each starts at), or None when the table is no form."""
    width = 1 + max((col for texts in rows for col, text in enumerate(texts) if clean(text)), default=-1)
    if width != FORM_COLUMNS or sum(1 for texts in rows if any(clean(text) for text in texts)) < MIN_FORM_ROWS:
        return None
    fields = [(clean(texts[0]), texts[1] if len(texts) > 1 else "", row_fills[1] if len(row_fills) > 1 else None)
              for texts, row_fills in zip(rows, fills)]
    if any(column_role(clean(value))[0] for _, value, _ in fields if clean(value)):
        return None
    forms, starts = _split_forms(fields)
    labels = list(dict.fromkeys(label for form in forms for label in form))
    columns = header_columns(labels)
    if columns is None or len(columns.roles) < MIN_FORM_ROLES or "action" not in columns.roles.values():
        return None
    data = [[form.get(label, ("", None))[0] for label in labels] for form in forms]
    data_fills = [[form.get(label, ("", None))[1] for label in labels] for form in forms]
    return [labels, *data], [[None] * len(labels), *data_fills], [0, *starts]


def _split_forms(
    fields: list[tuple[str, str, str | None]]
) -> tuple[list[dict[str, tuple[str, str | None]]], list[int]]:
    """RETURNS (tuple): one dict per form (field name -> (value, fill)), a field name seen again
    starting the next, and the row each form starts at."""
    forms: list[dict[str, tuple[str, str | None]]] = [{}]
    starts = [0]
    for row, (label, value, fill) in enumerate(fields):
        if not label:
            continue
        if label in forms[-1]:
            forms.append({})
            starts.append(row)
        forms[-1][label] = (value, fill)
    return forms, starts
