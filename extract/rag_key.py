"""RAG keys: a document's own definition of its statuses.

A key is a run of at least `rag_key.min_rows` consecutive lines or table rows,
with different labels, each one of:

- a label and its definition in two cells (`RED | The action has not yet started ...`);
- a label, a dash and the definition on one line (`Red – Task is overdue`,
  `Amber E (yellow) - Task implemented but impact not yet evidenced`);
- a criteria rule (`To RAG a project amber ONE criteria must not be in place`);
- a coloured swatch cell with a label beside it (a PDF legend: the swatch's
  fill is kept as `fill`; the label must still be a status word, so a chart
  legend of years or series names is not a key).

Labels are the words in `vocab.toml` [rag_key] (a status colour or word,
optionally followed by a letter and a colour in brackets); look-alike Cyrillic
and Greek letters are read as Latin. What each label means on the canonical
scale is the normalise stage's decision.

Written for the seeds: sunderland-tfc-2019-01-21-progress-report (a
two-column key with COMPLETED), plymouth-2023-improvement-plan (`Task Rating
Key:` lines with `Amber E (yellow)`), worcestershire-2017-03-13-agenda-pack
(criteria rules).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from planwatch.ingest.models import RawDocument, Table
from planwatch.wording import counted

from . import common
from .common import WHITE_FILLS, clean, fold_lookalikes, vocabulary
from .models import Extraction, LayoutReport, RagKeyRecord, Source

LAYOUT = "rag_key"
MAX_LABEL_WORDS = 4


class Entry(NamedTuple):
    label: str
    definition: str | None
    fill: str | None


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    vocab = vocabulary()["rag_key"]
    labels = "|".join(re.escape(label) for label in sorted(vocab["labels"], key=len, reverse=True))
    label = rf"(?i:{labels})(?:\s+[A-Z](?![A-Za-z]))?(?:\s*\([^)]{{1,20}}\))?"
    return {
        "label": re.compile(rf"^(?P<label>{label})\s*:?$"),
        "line": re.compile(rf"^(?P<label>{label})\s*(?:[–—:-]+\s*|\s+(?=[A-Z]))(?P<definition>\S.*)$"),
        "criteria": re.compile("|".join(vocab["criteria"]), re.I),
    }


def entry_of_line(text: str) -> Entry | None:
    """RETURNS (Entry | None): a key line ('Red – Task is overdue', 'To RAG a project green ALL ...') read."""
    text = clean(fold_lookalikes(text))
    patterns = _patterns()
    for name in ("criteria", "line"):
        match = patterns[name].match(text)
        if match is not None:
            return Entry(clean(match.group("label")), clean(match.group("definition")) or None, None)
    return None


def entry_of_cells(texts: list[str], fills: list[str | None]) -> Entry | None:
    """RETURNS (Entry | None): a key row read from its cells (label | definition, or swatch | label)."""
    filled = [(col, clean(text)) for col, text in enumerate(texts) if clean(text)]
    if not filled:
        return None
    if len(filled) == 1:
        entry = entry_of_line(filled[0][1])
        swatch = next((fill for fill in fills[: filled[0][0]] if fill and fill not in WHITE_FILLS), None)
        if entry is None and swatch and _patterns()["label"].match(fold_lookalikes(filled[0][1])):
            return Entry(filled[0][1], None, swatch)
        return entry._replace(fill=swatch) if entry is not None and swatch else entry
    col, first = filled[0]
    if not _patterns()["label"].match(fold_lookalikes(first)) or len(first.split()) > MAX_LABEL_WORDS:
        return None
    definition = " ".join(text for _, text in filled[1:])
    fill = fills[col] if fills[col] and fills[col] not in WHITE_FILLS else None
    return Entry(first, definition, fill)


def _runs(entries: list[tuple[Entry | None, Source]]) -> list[list[tuple[Entry, Source]]]:
    runs, current = [], []
    for entry, source in entries + [(None, Source())]:
        if entry is not None:
            current.append((entry, source))
            continue
        labels = {key(item.label) for item, _ in current}
        if len(current) >= vocabulary()["rag_key"]["min_rows"] and len(labels) >= 2:
            runs.append(current)
        current = []
    return runs


def key(label: str) -> str:
    """RETURNS (str): a key label as compared with others: look-alike letters folded, only letters and digits."""
    return common.key(fold_lookalikes(label))


def _table_entries(table: Table) -> list[tuple[Entry | None, Source]]:
    entries = []
    for r, row in enumerate(table.rows):
        texts = common.row_texts(table, r)
        fills = [(common.cell_at(row, col).fill if common.cell_at(row, col) else None) for col in range(table.n_cols)]
        source = Source(page=row.page or table.page, seq=table.seq, table=table.seq, row=r)
        entries.append((entry_of_cells(texts, fills), source))
    return entries


def find_entries(raw: RawDocument) -> list[list[tuple[Entry, Source]]]:
    """RETURNS (list): the runs of key rows the document holds, each a key."""
    runs = []
    for page in raw.pages:
        blocks = sorted(page.blocks, key=lambda block: block.seq)
        runs.extend(_runs([(entry_of_line(block.text), Source(page=page.number, seq=block.seq)) for block in blocks]))
        for table in page.tables:
            runs.extend(_runs(_table_entries(table)))
    return runs


def matches(raw: RawDocument) -> bool:
    """RETURNS (bool): the document prints a RAG key."""
    return bool(find_entries(raw))


def extract(raw: RawDocument, *, settings: None = None) -> Extraction:
    """RETURNS (Extraction): the document's RAG key rows, as printed (first key wins a label)."""
    records: list[RagKeyRecord] = []
    seen: set[str] = set()
    runs = find_entries(raw)
    for run in runs:
        for entry, source in run:
            if key(entry.label) in seen:
                continue
            seen.add(key(entry.label))
            records.append(RagKeyRecord(label=entry.label, definition=entry.definition, fill=entry.fill, source=source))
    report = LayoutReport(layout=LAYOUT, records=len(records), notes=[counted(len(runs), "key")] if runs else [])
    return Extraction(origin=raw.origin, rag_key=records, reports=[report])


def debug(raw: RawDocument) -> dict[str, Any]:
    """RETURNS (dict): the runs of key rows found, before duplicates are dropped."""
    return {"runs": find_entries(raw)}
