"""Join the parts of a table that a page break cut into one logical table.

PDF tables run over pages; text renderings show a page break as a blank line
inside a run of tab-separated rows. Two parts are one table when nothing but
running headers and footers comes between them and they share their columns
(or the second part starts by repeating the header). Then the repeated header
row is dropped, and a row cut by the break (its first cell empty where the
table's first column is normally filled) is joined back to the row above, cell
by cell; a row of one text cut mid-word across its cells (a priority banner) is
never a cut row, whatever its first cell holds.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from .models import Cell, Row, Table, TextBlock

FIRST_COLUMN_FILLED = 0.6
"""Share of a part's rows with a first cell that makes an empty one look cut."""

HEADER_MATCH = 0.8
"""Share of header cells that must repeat for a row to count as the header again."""

HEADER_LIKE = 0.5
"""Share of the header's cell texts a row must hold (in any column) to be a header, never a cut row."""

SHORT_WORDS = frozenset("a i am an as at be by do go he if in is it me my no of on or so to up us we".split())
"""English words of one or two letters: a piece that short and not one of these is part of a word."""

MIN_MID_WORD_CUTS = 2
"""Cells cut inside a word that make a row one text laid across the table."""

PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d+(?:\s*(?:of|/)\s*\d+)?$", re.IGNORECASE)
"""A line that is only a page number: '4', 'Page 4', '4 of 12', '4/12'."""

_NORMALISE = re.compile(r"[^a-z0-9]+")


def is_running_line(block: TextBlock) -> bool:
    """RETURNS (bool): the block reads like a running header or footer, not content."""
    text = block.text.strip()
    if PAGE_NUMBER.match(text):
        return True
    words = text.split()
    return block.heading is None and len(words) <= 5 and text.upper() == text and any(ch.isalpha() for ch in text)


def stitch_tables(
    tables: Sequence[Table],
    blocks: Sequence[TextBlock],
    *,
    is_furniture: Callable[[TextBlock], bool] = is_running_line,
) -> list[Table]:
    """RETURNS (list[Table]): the tables with continuations joined to the part before."""
    ordered = sorted(blocks, key=lambda block: block.seq)
    seqs = [block.seq for block in ordered]

    def between(first: Table, second: Table) -> Sequence[TextBlock]:
        return ordered[bisect_right(seqs, first.seq):bisect_left(seqs, second.seq)]

    result: list[Table] = []
    for table in sorted(tables, key=lambda t: t.seq):
        previous = result[-1] if result else None
        if previous is not None and _continues(previous, table, between(previous, table), is_furniture):
            result[-1] = join_parts(previous, table)
        else:
            result.append(table)
    return result


def _continues(
    first: Table,
    second: Table,
    between: Sequence[TextBlock],
    is_furniture: Callable[[TextBlock], bool],
) -> bool:
    if first.pages and second.page is not None and second.page != first.pages[-1] + 1:
        return False
    if any(not is_furniture(block) for block in between):
        return False
    if repeats_header(first, second):
        return True
    if abs(first.n_cols - second.n_cols) > (1 if first.method == "text" else 0):
        return False
    return not second.rows[0].header if second.rows else False


def header_row(table: Table) -> Row | None:
    """RETURNS (Row | None): the table's first row, taken as its header (None for a table without rows)."""
    if not table.rows:
        return None
    return table.rows[0]


def _row_key(row: Row) -> list[str]:
    return [_NORMALISE.sub("", cell.text.lower()) for cell in row.cells if cell.text.strip()]


def repeats_header(first: Table, second: Table) -> bool:
    """RETURNS (bool): the second part starts with the first part's header row."""
    head = header_row(first)
    if head is None or not second.rows:
        return False
    wanted, got = _row_key(head), _row_key(second.rows[0])
    if len(wanted) < 2 or not got:
        return False
    same = sum(1 for a, b in zip(wanted, got) if a == b)
    return same / max(len(wanted), len(got)) >= HEADER_MATCH


def _first_column_filled(table: Table) -> float:
    rows = [row for row in table.rows if not row.header]
    if not rows:
        return 0.0
    filled = sum(1 for row in rows if _cell_at(row, 0) is not None and _cell_at(row, 0).text.strip())
    return filled / len(rows)


def _cell_at(row: Row, col: int) -> Cell | None:
    for cell in row.cells:
        if cell.col <= col < cell.col + cell.col_span:
            return cell
    return None


def is_cut_row(first: Table, row: Row) -> bool:
    """RETURNS (bool): `row`, starting a new part, is the rest of the row above."""
    lead = _cell_at(row, 0)
    if lead is not None and lead.text.strip():
        return False
    if not any(cell.text.strip() for cell in row.cells):
        return False
    if _looks_like_header(first, row) or is_spread_text([cell.text for cell in row.cells]):
        return False
    return _first_column_filled(first) >= FIRST_COLUMN_FILLED


def is_spread_text(texts: Sequence[str]) -> bool:
    """RETURNS (bool): the cells hold one text laid across the table in pieces cut mid-word.

    A banner ('Priori | ty 5 – Quali | ty Assu | rance and Audit', p.37 of the
    Plymouth 2023 plan) or a priority's statement ('Social | work practice is o
    | f consistently ...') printed across the cells. A row continued from the
    row above breaks its cells between words, not inside them, so such a row
    is never joined to the row above, even when its first cell is empty.
    """
    pieces = [text.strip() for text in texts if text.strip()]
    cuts = 0
    for left, right in zip(pieces, pieces[1:]):
        left_word, right_word = left.split()[-1], right.split()[0]
        short = [word for word in (left_word, right_word) if len(word) <= 2 and word.lower() not in SHORT_WORDS]
        if left_word[-1:].isalpha() and right_word[:1].islower() and short:
            cuts += 1
    return len(pieces) >= 3 and cuts >= MIN_MID_WORD_CUTS


def _looks_like_header(first: Table, row: Row) -> bool:
    # A section's own header row after a page break (Oct-22 .. Mar-23, then a
    # section whose months start at Aug-22) starts with an empty cell like a
    # cut row does, but repeats most of the header's texts in some column.
    head = header_row(first)
    if head is None or row is head:
        return False
    wanted = set(_row_key(head))
    if len(wanted) < 2:
        return False
    return len(wanted & set(_row_key(row))) >= HEADER_LIKE * len(wanted)


def join_rows(upper: Row, lower: Row) -> Row:
    """RETURNS (Row): the two halves of a cut row as one row, cell texts joined by a line break."""
    cells = []
    for cell in upper.cells:
        other = _cell_at(lower, cell.col)
        if other is None or not other.text.strip():
            cells.append(cell)
            continue
        text = f"{cell.text}\n{other.text}" if cell.text.strip() else other.text
        cells.append(cell.model_copy(update={"text": text, "fill": cell.fill or other.fill}))
    return Row(cells=cells, page=upper.page)


def _drop_repeated_headers(rows: list[Row], header: Row | None) -> list[Row]:
    """Rows that repeat the header row (a header printed again before a cut row, say) go."""
    if header is None:
        return rows
    wanted = _row_key(header)
    if len(wanted) < 2:
        return rows
    return [row for row in rows if row is header or _row_key(row) != wanted]


def join_parts(first: Table, second: Table) -> Table:
    """RETURNS (Table): `second` appended to `first`, header repeats dropped and cut row joined."""
    header = header_row(first)
    rows = _drop_repeated_headers(list(second.rows), header)
    head = _drop_repeated_headers(list(first.rows), header)
    if rows and head and is_cut_row(first, rows[0]):
        head[-1] = join_rows(head[-1], rows[0])
        rows = rows[1:]
    pages = list(first.pages)
    pages.extend(p for p in second.pages if p not in pages)
    return first.model_copy(update={"rows": head + rows, "n_cols": max(first.n_cols, second.n_cols), "pages": pages})
