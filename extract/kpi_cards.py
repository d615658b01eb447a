"""KPI cards: a name, a status, labelled figures and perhaps a note, per indicator.

Written first for the cards of `samples/torbay-2025-02-performance-report.pdf`,
printed as text:

    Percentage of case holding posts filled by permanent qualified social    AMBER
    workers
    Latest: 75.2% Target: 85%, Floor 75% Previous: 74.7% (Red)

and then for cards printed as small tables (`card_tables.py`), as in
`samples/bradford-2024-11-14-performance-dashboard.docx` and its LibreOffice
PDF: ruled cards two across, forms, cards nested in a layout table.

As text, the name wraps over lines and is joined again; the latest status sits
at the right of the first name line (and comes out of the PDF at the end of
that line); the figures line gives the labelled figures in any order and
wording (`card_fields.py`), a previous figure perhaps with its status in
brackets. A line of labels over a line of as many figures (a card in a table
without rules) is a figures line too. A card may state its own period
(`Latest (Nov-24): ...`); otherwise its latest value is for the period the
paper reports on, passed on as `metadata.reporting_period_raw` (`Quarter 3
2024/25`), and its previous value for the period before. A card without a
status keeps its name and figures.

A figures line must open with a label and a colon and show enough labelled
figures (`[cards] min_figures`, a latest or a target among them), so prose that
mentions 'the latest figures' is never a card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planwatch.ingest.models import Page, RawDocument, Table
from planwatch.settings import Settings
from planwatch.wording import counted

from . import card_fields as fields
from . import card_tables
from . import indicator_cells as cells
from .common import clean
from .models import Extraction, IndicatorRecord, IndicatorValueRecord, LayoutReport, Source

LAYOUT = "kpi_cards"
MAX_HEADING_WORDS = 12
MAX_NAME_WORDS = 30
NAME_LINE_GAP = 0.6
"""Font sizes of space at most between two lines of one name above a table."""
"""Words of a line above a table that can still be a card's name (longer is a paragraph)."""
STYLE_SIZE_TOLERANCE = 0.5
"""Points by which a name line's font size may differ from the line above the figures."""


@dataclass
class CardSettings(Settings):
    """Tuning for KPI card reading."""

    max_name_lines: int = field(default_factory=lambda: cells.lexicon()["cards"]["max_name_lines"])

    def __post_init__(self) -> None:
        if self.max_name_lines < 1:
            raise ValueError("Card setting 'max_name_lines' must be at least 1")


@dataclass(frozen=True)
class Line:
    """A line of running text, with what its style says."""

    text: str
    page: int | None
    seq: int
    bold: bool
    size: float | None
    heading: bool


@dataclass
class Card:
    """A card found: where its lines are and what its figures line says."""

    figures: int
    first: int
    name: str
    status: str | None
    parts: dict[str, dict[str, str | None]]


def matches(raw: RawDocument, *, settings: CardSettings | dict | None = None) -> bool:
    """RETURNS (bool): the document holds at least one KPI card."""
    return bool(lines_to_cards(document_lines(raw), settings=CardSettings.resolve(settings))) or bool(table_records(raw))


def extract(raw: RawDocument, *, settings: CardSettings | dict | None = None) -> Extraction:
    """RETURNS (Extraction): one indicator per card, printed as lines or as a small table, with a LayoutReport."""
    settings = CardSettings.resolve(settings)
    lines = document_lines(raw)
    scanned = figure_lines(lines)
    found = lines_to_cards(lines, settings=settings, scanned=scanned)
    records = [card_to_record(card, lines, section) for card, section in zip(found, card_sections(lines, found))]
    figures = len(scanned)
    report = LayoutReport(layout=LAYOUT, records=len(records), rows_rejected=figures - len(found))
    if figures > len(found):
        report.notes.append(f"{counted(figures - len(found), 'figures line')} without a name above, not read")
    from_tables = table_records(raw)
    report.tables_seen = len({record.source.table for record in from_tables})
    records += from_tables
    report.records = len(records)
    metadata = cells.period_metadata(raw, records)
    return Extraction(origin=raw.origin, indicators=records, reports=[report], metadata=metadata)


def debug_cards(raw: RawDocument, *, settings: CardSettings | dict | None = None) -> list[dict[str, Any]]:
    """RETURNS (list[dict]): every card found, with the lines it was read from."""
    lines = document_lines(raw)
    found = lines_to_cards(lines, settings=CardSettings.resolve(settings))
    return [{"lines": [lines[i].text for i in range(card.first, card.figures + 1)], "card": card} for card in found]


# -- lines ------------------------------------------------------------------------------------


def document_lines(raw: RawDocument) -> list[Line]:
    """RETURNS (list[Line]): the document's text lines in reading order (blocks split at line breaks)."""
    lines = []
    for page in raw.pages:
        lines += _page_lines(page)
    return lines


def _page_lines(page: Page) -> list[Line]:
    lines = []
    for block in page.blocks:
        for text in block.text.split("\n"):
            text = clean(text)
            if text:
                lines.append(Line(text, page.number, block.seq, block.bold, block.font_size, block.heading is not None))
    return lines


# -- figures ----------------------------------------------------------------------------------


def parse_figures(text: str) -> dict[str, dict[str, str | None]] | None:
    """RETURNS (dict | None): a figures line read as {kind: {value, period, status}}, or None.

    `Latest: 75.2% Target: 85%, Floor 75% Previous: 74.7% (Red)` ->
    latest 75.2%, target 85%, floor 75%, previous 74.7% with status Red. The
    labels may come in any order and wording (`card_fields`); the line must
    open with one and a colon, and show enough figures for a card.
    """
    found = [item for item in fields.inline_fields(text) if item.kind in fields.FIGURE_KINDS]
    if not fields.is_card({item.kind for item in found}):
        return None
    parts: dict[str, dict[str, str | None]] = {}
    for item in found:
        value, status = fields.split_status(item.rest)
        parts.setdefault(item.kind, {"value": value, "period": item.period, "status": status})
    return parts


# -- cards ------------------------------------------------------------------------------------


def lines_to_cards(lines: list[Line], *, settings: CardSettings, scanned: dict | None = None) -> list[Card]:
    """RETURNS (list[Card]): each figures line with the name lines above it.

    scanned (dict): `figure_lines(lines)`, when the caller has it already.
    """
    cards: list[Card] = []
    taken = -1
    for i, (parts, last) in (figure_lines(lines) if scanned is None else scanned).items():
        first, name, status = name_above(lines, i, stop=taken, settings=settings)
        if name:
            cards.append(Card(figures=i, first=first, name=name, status=status, parts=parts))
        taken = last
    return cards


def figure_lines(lines: list[Line]) -> dict[int, tuple[dict[str, dict[str, str | None]], int]]:
    """RETURNS (dict): index of each figures line -> (its figures, the index of its last line)."""
    found = {}
    for i, line in enumerate(lines):
        parts = parse_figures(line.text)
        if parts is not None:
            found[i] = (parts, i)
            continue
        parts = labels_over_figures(lines, i)
        if parts is not None:
            found[i] = (parts, i + 1)
    return found


def labels_over_figures(lines: list[Line], i: int) -> dict[str, dict[str, str | None]] | None:
    """RETURNS (dict | None): a line of labels over a line of as many figures (a card in a table without rules)."""
    labels = fields.label_row(lines[i].text)
    if not labels or i + 1 >= len(lines) or lines[i + 1].page != lines[i].page:
        return None
    figures = fields.figure_row(lines[i + 1].text, len(labels))
    if figures is None or not fields.is_card({label.kind for label in labels}):
        return None
    parts: dict[str, dict[str, str | None]] = {}
    for label, figure in zip(labels, figures):
        if label.kind in fields.FIGURE_KINDS:
            value, status = fields.split_status(figure)
            parts.setdefault(label.kind, {"value": value, "period": label.period, "status": status})
    return parts


def name_above(lines: list[Line], i: int, *, stop: int, settings: CardSettings) -> tuple[int, str, str | None]:
    """RETURNS (tuple): the first name line's index, the name re-joined, and the status at its right.

    Walks up from the figures line over lines in the name's style, until a line
    ends with a status (the first line), a heading, the previous card, a change
    of page or style, or `max_name_lines`.
    """
    above = lines[i - 1] if i > 0 else None
    picked: list[str] = []
    status = None
    first = i
    for j in range(i - 1, max(stop, i - 1 - settings.max_name_lines), -1):
        line = lines[j]
        if line.page != lines[i].page or line.heading or not _same_style(line, above):
            break
        if cells.is_status(line.text):
            status = status or line.text
            first = j
            continue
        text, found = _strip_status(line.text)
        picked.insert(0, text)
        first = j
        if found:
            status = found
            break
        if line.text.endswith((".", ":")):
            picked.pop(0)
            first = j + 1
            break
    return first, clean(" ".join(picked)), status


def _same_style(line: Line, reference: Line | None) -> bool:
    if reference is None:
        return True
    if line.bold != reference.bold:
        return False
    if line.size is None or reference.size is None:
        return True
    return abs(line.size - reference.size) <= STYLE_SIZE_TOLERANCE


def _strip_status(text: str) -> tuple[str, str | None]:
    """`Number of foster households RED` -> ('Number of foster households', 'RED')."""
    words = text.split()
    for size in (2, 1):
        if len(words) > size:
            tail = " ".join(words[-size:])
            if cells.is_status(tail) and (tail.isupper() or size == 2):
                return " ".join(words[:-size]), tail
    return text, None


def card_sections(lines: list[Line], found: list[Card]) -> list[str | None]:
    """RETURNS (list): the heading each card sits under (the last heading-like line before it)."""
    used = {j for card in found for j in range(card.first, card.figures + 1)}
    firsts = {card.first: n for n, card in enumerate(found)}
    sections: list[str | None] = [None] * len(found)
    current = None
    for j, line in enumerate(lines):
        if j in firsts:
            sections[firsts[j]] = current
        elif j not in used and _is_heading(line):
            current = line.text
    return sections


def _is_heading(line: Line) -> bool:
    if line.heading:
        return True
    return line.bold and len(line.text.split()) <= MAX_HEADING_WORDS and not line.text.endswith((".", ":"))


def card_to_record(card: Card, lines: list[Line], section: str | None) -> IndicatorRecord:
    """RETURNS (IndicatorRecord): the card as printed; its latest period is 'Latest' unless it states one."""
    parts = card.parts
    values = []
    for kind, default in (("latest", "Latest"), ("previous", "Previous")):
        if kind in parts:
            values.append(IndicatorValueRecord(period=parts[kind]["period"] or default, value_raw=parts[kind]["value"] or ""))
    latest_status = parts.get("latest", {}).get("status")
    return IndicatorRecord(
        name=card.name, section=section, values=values,
        target_raw=_value(parts, "target"), floor_raw=_value(parts, "floor"),
        rag_raw=card.status or latest_status, rag_previous_raw=parts.get("previous", {}).get("status"),
        source=Source(page=lines[card.first].page, seq=lines[card.first].seq),
    )


def _value(parts: dict[str, dict[str, str | None]], kind: str) -> str | None:
    return parts[kind]["value"] or None if kind in parts else None


# -- cards printed as tables ------------------------------------------------------------------


def table_records(raw: RawDocument) -> list[IndicatorRecord]:
    """RETURNS (list[IndicatorRecord]): one record per card printed as a small table (`card_tables`)."""
    records = []
    for page in raw.pages:
        for table in sorted(page.tables, key=lambda t: t.seq):
            if cells.finance_words_in([cell.text for row in table.rows[:2] for cell in row.cells]):
                continue
            above = _line_above(page, table)
            name_above, status_above = _strip_status(above) if above else (None, None)
            found = card_tables.table_cards(table, name_above=name_above)
            if not found:
                continue
            named_above = found[0].name == name_above
            if named_above and found[0].status is None and found[0].status_fill is None:
                found[0].status = status_above
            section = _section_before(raw, table, skip=above if named_above else None)
            for card in found:
                records.append(_table_record(card, table, section))
    return records


def _section_before(raw: RawDocument, table: Table, *, skip: str | None) -> str | None:
    """The last heading printed before a table (a heading, or a short bold line), other than its card's name."""
    running = cells.running_texts(raw)
    found = None
    for page in raw.pages:
        for block in page.blocks:
            if block.seq >= table.seq:
                return found
            text = clean(block.text)
            if text and text != skip and text not in running and _is_heading(Line(text, page.number, block.seq,
                                                                                   block.bold, block.font_size,
                                                                                   block.heading is not None)):
                found = text
    return found


def _line_above(page: Page, table: Table) -> str | None:
    """The text just above a table on its page (a name wrapped over lines re-joined), when no other table
    sits between them: the lines in one style set close together, at most `max_name_lines`."""
    before = [block for block in page.blocks if block.seq < table.seq]
    if not before or any(before[-1].seq < other.seq < table.seq for other in page.tables):
        return None
    picked = [before[-1]]
    for block in reversed(before[:-1]):
        if len(picked) >= CardSettings().max_name_lines or not _continues(block, picked[0]):
            break
        picked.insert(0, block)
    text = clean(" ".join(block.text for block in picked))
    return text if text and not text.endswith((".", ":")) and len(text.split()) <= MAX_NAME_WORDS else None


def _continues(upper, lower) -> bool:
    """Two lines of one wrapped name: same weight and size, the lower set right under the upper."""
    if upper.bold != lower.bold or upper.font_size != lower.font_size or upper.bbox is None or lower.bbox is None:
        return False
    if clean(upper.text).endswith((".", ":")):
        return False
    return 0 <= lower.bbox[1] - upper.bbox[3] <= NAME_LINE_GAP * (lower.font_size or 10.0)


def _table_record(card: card_tables.TableCard, table: Table, section: str | None) -> IndicatorRecord:
    parts = card.parts
    values = []
    for kind, default in (("latest", "Latest"), ("previous", "Previous")):
        if kind in parts:
            values.append(IndicatorValueRecord(period=parts[kind]["period"] or default, value_raw=parts[kind]["value"] or ""))
    latest_status = parts.get("latest", {}).get("status")
    row = table.rows[card.row] if card.row < len(table.rows) else None
    return IndicatorRecord(
        name=card.name, section=section, values=values,
        target_raw=_value(parts, "target"), floor_raw=_value(parts, "floor"),
        rag_raw=card.status or latest_status, rag_fill=None if card.status or latest_status else card.status_fill,
        rag_previous_raw=card.previous_status or parts.get("previous", {}).get("status"),
        direction_raw=card.direction,
        source=Source(page=(row.page if row else None) or table.page, seq=table.seq, table=table.seq, row=card.row),
    )
