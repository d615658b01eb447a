"""KPI cards printed as small tables: what `kpi_cards` reads from a table.

Councils draw a card as a small ruled table, two or three across a page (or
inside a borderless table used only for layout), in several arrangements:

    | Number of foster households          | RED      |      labels over their figures
    | Latest | Target | Floor | Previous             |
    | 112    | 130    | 115   | 117 (Amber)          |
    | Commentary under the card ...                  |

    | Indicator | Number of foster households |              a form: field names down the left
    | Status    | Red                        |
    | Latest    | 112                        |

    | Number of foster households | Latest: 112 | Target: 130 | ...   'Label: figure' in each cell

Each cell is classed (a label, a labelled figure, a status word, a figure, an
empty coloured cell, other text); each label is paired with the figure at its
right or, in a row of labels, the figure below it. A card is anchored on its
name (the text that is no label, status or figure, or the cell a `KPI` field
names), and every pair and status belongs to the nearest name above and to its
left, so cards side by side or stacked in one table come apart. Text under a
card that anchors no figures is its note; text above the first card is a
heading. A status shown only as the colour of an empty cell is passed on as
`rag_fill`; which status a colour means is the normaliser's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planwatch.ingest.models import Table

from . import card_fields as fields
from . import indicator_cells as cells
from .common import clean

LABEL, INLINE, STATUS, FIGURE, EMPTY, TEXT = "label", "inline", "status", "figure", "empty", "text"
"""What a cell of a card table holds."""
NAME_MIN_LETTERS = 4
"""Letters a text needs to name an indicator (not a stray mark)."""


@dataclass
class Slot:
    """One cell at its grid position, and what it holds."""

    row: int
    col: int
    span: int
    text: str
    fill: str | None
    kind: str
    label: fields.Field | None = None
    inline: list[fields.Field] = field(default_factory=list)
    used: bool = False


@dataclass
class TableCard:
    """A card read from a table: name, status, labelled figures and note, with where it starts."""

    name: str
    row: int
    status: str | None = None
    status_fill: str | None = None
    previous_status: str | None = None
    direction: str | None = None
    note: str | None = None
    parts: dict[str, dict[str, str | None]] = field(default_factory=dict)


def table_slots(table: Table) -> list[Slot]:
    """RETURNS (list[Slot]): every cell of the table, classed, in reading order."""
    slots = []
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            slots.append(_slot(r, cell.col, cell.col_span, clean(cell.text), cell.fill))
    return slots


def _slot(row: int, col: int, span: int, text: str, fill: str | None) -> Slot:
    inline = fields.inline_fields(text)
    if len(inline) >= 2:
        return Slot(row, col, span, text, fill, INLINE, inline=inline)
    label = fields.label_of(text)
    if label is not None:
        return Slot(row, col, span, text, fill, LABEL, label=label)
    if not text:
        return Slot(row, col, span, text, fill, EMPTY)
    if cells.is_status(text):
        return Slot(row, col, span, text, fill, STATUS)
    if fields.is_figure(text):
        return Slot(row, col, span, text, fill, FIGURE)
    return Slot(row, col, span, text, fill, TEXT)


def table_cards(table: Table, *, name_above: str | None = None) -> list[TableCard]:
    """RETURNS (list[TableCard]): the cards a table holds, in reading order; none when it holds no card.

    name_above (str): the line printed just above the table, the card's name
    when the table holds only its figures.
    """
    slots = table_slots(table)
    if not any(slot.kind in (LABEL, INLINE) for slot in slots) or _is_list(slots):
        return []
    pairs = _pairs(slots)
    anchors = _anchors(slots, pairs)
    if name_above and not any(anchor.row <= min(pair[0].row for pair in pairs) for anchor, _ in anchors if pairs):
        anchors.insert(0, (Slot(row=0, col=0, span=table.n_cols, text=name_above, fill=None, kind=TEXT), name_above))
    cards = []
    for anchor, owned in _owners(anchors, pairs, slots):
        card = _card(anchor, owned)
        if card is not None:
            cards.append(card)
    return cards


def _is_list(slots: list[Slot]) -> bool:
    """A header of labels over a column of figures, one per row: a KPI table (`kpi_table`), not cards.

    So is a header that names the indicator column among the figure labels
    (`Indicator | Latest | Target`), even over a single row.
    """
    by_place = {(slot.row, slot.col): slot for slot in slots}
    for label in slots:
        if label.kind != LABEL or label.label is None or label.label.rest:
            continue
        right = by_place.get((label.row, label.col + label.span))
        if label.label.kind == "name" and right is not None and right.kind == LABEL:
            return True
        below = sorted((slot for slot in slots if slot.row > label.row and slot.col <= label.col < slot.col + slot.span),
                       key=lambda slot: slot.row)
        if len(below) >= 2 and below[1].row == below[0].row + 1 and below[0].kind in (FIGURE, STATUS) \
                and below[1].kind in (FIGURE, STATUS):
            return True
    return False


# -- labels and their figures -----------------------------------------------------------------


Pair = tuple[Slot, fields.Field, str, str | None]
"""(the slot the label sits in, the field, the text it labels, the fill of that text's cell)."""


def _pairs(slots: list[Slot]) -> list[Pair]:
    by_place = {(slot.row, slot.col): slot for slot in slots}
    pairs: list[Pair] = []
    for slot in slots:
        if slot.kind == INLINE:
            pairs += [(slot, found, found.rest, None) for found in slot.inline]
            slot.used = True
        elif slot.kind == LABEL and slot.label is not None:
            if slot.label.rest:
                pairs.append((slot, slot.label, slot.label.rest, None))
                slot.used = True
                continue
            target = _value_slot(slot, slots, by_place)
            if target is not None:
                pairs.append((slot, slot.label, target.text, target.fill))
                target.used = slot.used = True
    return pairs


def _value_slot(label: Slot, slots: list[Slot], by_place: dict[tuple[int, int], Slot]) -> Slot | None:
    """The cell a bare label names: at its right (a form), else below it (a row of labels); a filled cell first."""
    right = by_place.get((label.row, label.col + label.span))
    below = next((slot for slot in slots if slot.row > label.row and slot.col <= label.col < slot.col + slot.span), None)
    candidates = [slot for slot in (right, below) if slot is not None and not slot.used and _fits(label.label, slot)]
    filled = [slot for slot in candidates if slot.kind != EMPTY]
    return (filled or candidates or [None])[0]


def _fits(found: fields.Field | None, slot: Slot) -> bool:
    if found is None or slot.kind in (LABEL, INLINE):
        return False
    if found.kind in fields.FIGURE_KINDS:
        return slot.kind in (FIGURE, EMPTY)
    if found.kind in ("status", "previous_status"):
        return slot.kind in (STATUS, EMPTY, TEXT)
    return slot.kind in (TEXT, FIGURE, STATUS)


# -- which card each pair belongs to ----------------------------------------------------------


def _anchors(slots: list[Slot], pairs: list[Pair]) -> list[tuple[Slot, str]]:
    """(slot, name) of each possible card: a named field, or a text cell that is no label or figure."""
    anchors = [(label, text) for label, found, text, _ in pairs if found.kind == "name" and text]
    named = {id(label) for label, _ in anchors}
    for slot in slots:
        if slot.kind == TEXT and not slot.used and sum(ch.isalpha() for ch in slot.text) >= NAME_MIN_LETTERS:
            anchors.append((slot, slot.text))
    anchors = [(slot, text) for slot, text in anchors if id(slot) in named or not _inside_named(slot, anchors, named)]
    return sorted(anchors, key=lambda item: (item[0].row, item[0].col))


def _inside_named(slot: Slot, anchors: list[tuple[Slot, str]], named: set[int]) -> bool:
    """A text cell of a form whose card is already named by its `Indicator` field (its note, say)."""
    return any(id(other) in named and other.col <= slot.col and other.row < slot.row for other, _ in anchors)


def _owner(slot: Slot, anchors: list[tuple[Slot, str]]) -> int | None:
    """The index of the anchor a slot belongs to: among those above (or level with) it and starting at
    or left of it, the one in the nearest column (cards side by side), then the nearest row (stacked)."""
    best = None
    for index, (anchor, _) in enumerate(anchors):
        if anchor.row <= slot.row and anchor.col <= slot.col:
            if best is None or (anchor.col, anchor.row) >= (anchors[best][0].col, anchors[best][0].row):
                best = index
    return best


def _owners(anchors: list[tuple[Slot, str]], pairs: list[Pair], slots: list[Slot]):
    """Yield (anchor, what it owns) for the anchors that own figures; the others become notes."""
    owned: dict[int, list] = {index: [] for index in range(len(anchors))}
    for pair in pairs:
        index = _owner(pair[0], anchors)
        if index is not None:
            owned[index].append(pair)
    kinds = {index: {found.kind for _, found, _, _ in items} for index, items in owned.items()}
    cards = [index for index in owned if fields.is_card(kinds[index])]
    if not cards:
        return
    real = [anchors[index] for index in cards]
    regrouped: dict[int, list] = {index: [] for index in range(len(real))}
    for pair in pairs:
        index = _owner(pair[0], real)
        if index is not None:
            regrouped[index].append(pair)
    for slot in slots:
        if slot.kind in (STATUS, EMPTY, TEXT) and not slot.used and all(slot is not anchor for anchor, _ in real):
            index = _owner(slot, real)
            if index is not None:
                regrouped[index].append(slot)
    for index, anchor in enumerate(real):
        yield anchor, regrouped[index]


# -- a card -----------------------------------------------------------------------------------


def _card(anchor: tuple[Slot, str], owned: list) -> TableCard | None:
    slot, name = anchor
    name, status = split_trailing_status(name)
    card = TableCard(name=name, row=slot.row, status=status)
    notes = []
    for item in owned:
        if isinstance(item, Slot):
            _loose(card, item, slot, notes)
        else:
            _field(card, item)
    if not fields.is_card(set(card.parts)):
        return None
    card.note = clean(" ".join(notes)) or None
    return card


def split_trailing_status(text: str) -> tuple[str, str | None]:
    """`Number of foster households RED` -> ('Number of foster households', 'RED'): a status word in capitals
    printed at the end of a name (a cell without rules run into the next)."""
    words = text.split()
    for size in (2, 1):
        if len(words) > size:
            tail = " ".join(words[-size:])
            if cells.is_status(tail) and tail.isupper() and len(tail) > 1:
                return " ".join(words[:-size]), tail
    return text, None


def _field(card: TableCard, pair: Pair) -> None:
    _, found, text, fill = pair
    if found.kind in fields.FIGURE_KINDS:
        value, status = fields.split_status(text)
        card.parts.setdefault(found.kind, {"value": value, "period": found.period, "status": status})
    elif found.kind == "status":
        card.status = card.status or (text or None)
        card.status_fill = card.status_fill or (fill if not text and _coloured(fill) else None)
    elif found.kind == "previous_status":
        card.previous_status = card.previous_status or text or None
    elif found.kind == "direction":
        card.direction = card.direction or text or None
    elif found.kind == "note":
        card.note = text or None


def _loose(card: TableCard, slot: Slot, anchor: Slot, notes: list[str]) -> None:
    """A cell no label names: the status beside the name, a coloured empty cell, or a note under the card."""
    beside = anchor.row <= slot.row <= anchor.row + 1
    if slot.kind == STATUS and beside and card.status is None:
        card.status = slot.text
    elif slot.kind == EMPTY and beside and _coloured(slot.fill) and card.status_fill is None:
        card.status_fill = slot.fill
    elif slot.kind == TEXT and slot.row > anchor.row:
        notes.append(slot.text)



def _coloured(fill: str | None) -> bool:
    """The fill shows some colour (white, greys and black show none)."""
    return not cells.colourless(fill)
