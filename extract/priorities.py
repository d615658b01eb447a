"""Priorities: the numbered priorities, workstreams or outcomes a plan is organised by.

Found in three places, in reading order, and merged by number:

- headings and paragraphs that start with a priority word and a number
  (`Priority 1: ... (Ofsted Recommendation 1)`, `PRIORITY 1 – GOVERNANCE...`,
  `Work-stream 1 - ...`, `OUTCOME 1 ...`); a bracket at the end that names an
  inspection finding becomes `inspection_ref`;
- numbered lists (`I. Governance, leadership and management`, `2. Early Help
  ...`) numbered 1, 2, 3 ... straight after a paragraph that speaks of
  priorities (so a list of design principles is not taken for one);
- table cells and banner rows with the same heading forms, including banners
  split over several cells (`Prio | rity 4 – At risk ...`).

The first source of a number gives its title, except that a title in capitals
gives way to a plain one, and one from a table cell (often broken by the page)
to one from running text; a later source fills an
`inspection_ref` the first lacked. The priority words, the inspection words
and the list context words live in `vocab.toml` [priorities].

Written for the seeds: sunderland-tfc-2019-01-21-progress-report (15
`Priority N:` paragraphs with Ofsted recommendations, repeated as headings
over the action tables), plymouth-2023-improvement-plan (a contents list in
capitals, a Roman `I.` list, banners split across cells),
worcestershire-2017-03-13-agenda-pack (`Work-stream N - ...` bullets, `OUTCOME
N` cells), plymouth-2015-scrutiny-update (none).
"""

from __future__ import annotations

import re
from typing import Any

from planwatch.ingest.models import RawDocument, Table, TextBlock
from planwatch.wording import counted

from . import common
from .common import clean, numeral_value, vocabulary
from .models import Extraction, LayoutReport, PriorityRecord, Source

LAYOUT = "priorities"
MAX_WRAPPED_LINES = 2
"""Lines a heading may wrap onto before its bracket closes."""
_LIST_ITEM = re.compile(r"^(?P<number>\d{1,2}|[IVX]{1,4}|l)[.)]\s+(?P<title>\S.*)$")


def _record(heading: common.Heading, source: Source) -> PriorityRecord:
    return PriorityRecord(
        number=heading.number, title=heading.title, inspection_ref=heading.inspection_ref, source=source,
    )


def _list_items(blocks: list[TextBlock], start: int) -> list[tuple[TextBlock, common.Heading]]:
    """The numbered list that starts at `blocks[start]`, numbered 1, 2, 3 ..., as headings."""
    items = []
    limit = vocabulary()["priorities"]["max_list_words"]
    for block in blocks[start:]:
        match = _LIST_ITEM.match(clean(block.text))
        if match is None or numeral_value(match.group("number")) != len(items) + 1:
            break
        if len(match.group("title").split()) > limit:
            return []
        title, ref = common.split_inspection_ref(match.group("title"))
        items.append((block, common.Heading(match.group("number"), title, ref)))
    return items if len(items) >= 2 else []


def _wrapped(blocks: list[TextBlock], index: int) -> tuple[str, int]:
    """A heading's text with the lines its wrapping pushed into the next blocks ('(Ofsted' / 'Recommendation 1)')."""
    text, used = blocks[index].text, 1
    while common.unclosed(text) and index + used < len(blocks) and used <= MAX_WRAPPED_LINES:
        text, used = f"{text} {blocks[index + used].text}", used + 1
    return text, used


def _speaks_of_priorities(block: TextBlock | None) -> bool:
    if block is None:
        return False
    words = set(re.findall(r"[a-z-]+", block.text.lower()))
    return bool(words & set(vocabulary()["priorities"]["list_context"]))


Mention = tuple[tuple[int, int], PriorityRecord]
"""A priority found at a reading-order position (page index, seq)."""


def from_blocks(raw: RawDocument) -> list[Mention]:
    """RETURNS (list): priorities named by headings, paragraphs and numbered lists, with their positions."""
    found: list[Mention] = []
    for page_index, page in enumerate(raw.pages):
        blocks = sorted(page.blocks, key=lambda block: block.seq)
        skip_to = 0
        for index, block in enumerate(blocks):
            if index < skip_to:
                continue
            source = Source(page=page.number, seq=block.seq)
            text, used = _wrapped(blocks, index)
            heading = common.parse_priority_heading(text)
            if heading is not None:
                found.append(((page_index, block.seq), _record(heading, source)))
                skip_to = index + used
                continue
            items = _list_items(blocks, index) if _speaks_of_priorities(blocks[index - 1] if index else None) else []
            found.extend(((page_index, item_block.seq), _record(item, source)) for item_block, item in items)
            skip_to = index + len(items)
    return found


def from_tables(raw: RawDocument) -> list[Mention]:
    """RETURNS (list): priorities named in table cells and banner rows, with their positions."""
    return [
        mention for page_index, page in enumerate(raw.pages) for table in page.tables
        for mention in _table_mentions(page_index, table)
    ]


def _table_mentions(page_index: int, table: Table) -> list[Mention]:
    found: list[Mention] = []
    for r, row in enumerate(table.rows):
        source = Source(page=row.page or table.page, seq=table.seq, table=table.seq, row=r)
        cells = [clean(cell.text) for cell in row.cells if clean(cell.text)]
        headings = [common.parse_priority_heading(text) for text in cells]
        if any(headings):
            found.extend(((page_index, table.seq), _record(h, source)) for h in headings if h is not None)
            continue
        joined = common.parse_priority_heading("".join(cells), fuzzy=True) if 1 < len(cells) <= 8 else None
        if joined is not None:
            found.append(((page_index, table.seq), _record(joined, source)))
    return found


def _title_quality(record: PriorityRecord) -> int:
    """2 for a plain title from running text, 1 from a table cell, 0 for one in capitals or none."""
    letters = [ch for ch in record.title or "" if ch.isalpha()]
    if not letters or all(ch.isupper() for ch in letters):
        return 0
    return 1 if record.source.table is not None else 2


def merge(records: list[PriorityRecord]) -> list[PriorityRecord]:
    """RETURNS (list): one record per priority number, in order of first appearance."""
    merged: dict[int, PriorityRecord] = {}
    for record in records:
        number = numeral_value(record.number)
        if number is None:
            continue
        kept = merged.get(number)
        if kept is None:
            merged[number] = record
            continue
        update: dict[str, Any] = {}
        if _title_quality(record) > _title_quality(kept):
            update["title"] = record.title
        if kept.inspection_ref is None and record.inspection_ref:
            update["inspection_ref"] = record.inspection_ref
        if update:
            merged[number] = kept.model_copy(update=update)
    return list(merged.values())


def matches(raw: RawDocument) -> bool:
    """RETURNS (bool): the document names at least one numbered priority."""
    return bool(from_blocks(raw) or from_tables(raw))


def extract(raw: RawDocument, *, settings: None = None) -> Extraction:
    """RETURNS (Extraction): the document's priorities, as printed, with a LayoutReport."""
    found = [record for _, record in sorted(from_blocks(raw) + from_tables(raw), key=lambda m: m[0])]
    records = merge(found)
    report = LayoutReport(
        layout=LAYOUT, records=len(records), tables_seen=len(raw.tables),
        notes=[f"{counted(len(found), 'mention')} of {counted(len(records), 'priority', 'priorities')}"]
        if found else [],
    )
    return Extraction(origin=raw.origin, priorities=records, reports=[report])


def debug(raw: RawDocument) -> dict[str, Any]:
    """RETURNS (dict): every mention found, by source, before the merge."""
    return {"blocks": [record for _, record in from_blocks(raw)], "tables": [record for _, record in from_tables(raw)]}
