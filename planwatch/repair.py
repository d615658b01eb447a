"""Repair the text of a freshly read document, once, before any extractor sees it.

Papers reach planwatch through converters that leave mojibake
(`Childrenâ€™s`), ligatures (`ﬁnance`), non-breaking and zero-width spaces and
soft hyphens. `repair_raw` runs the normalisers' own repair
(`normalise.text.repair_text`) over every piece of text a reader produced:
each page's text, each text block, each table cell and the file's metadata.
Doing it here, in one place between ingest and extract, means every reader
(PDF, Word, HTML, text) benefits and every extractor sees the same text.

Look-alike letters (a Cyrillic `С` typed for `C` in a RAG cell) are not
changed here: they are what the paper prints, so `rag_raw` keeps them, and
the normalisers fold them (`normalise.rag.fold_confusables`) wherever they
read a canonical value from text, so `С` still reads as complete.

It stays fast: text made only of printable ASCII and the common typographic
characters in `SOUND_CHARS`, none of them next to another non-ASCII
character, cannot hold any of these faults and is passed over
(`normalise.text.needs_repair`; mojibake is always two or more non-ASCII
characters in a row: 'â€™', and in Mac Roman even '”£'). A property test
checks that the full repair would leave such text as it is; about one page in
thirty-five of the Kent corpus needs the full repair. Each distinct string is
repaired once per document (table cells repeat: 'Amber', 'Head of Service').

pypdfium2 returns U+FFFE, a noncharacter, where a PDF prints a hyphen inside
a compound ('cost\ufffeeffective', 'in\ufffehouse': 200 times in the Kent
corpus); it becomes the hyphen pdfplumber reads there.
"""

from __future__ import annotations

from collections.abc import Callable

from planwatch.ingest.models import Page, RawDocument, Row, Table
from planwatch.normalise.text import SOUND_CHARS, repair_if_needed

__all__ = ["repair_raw", "repair_string", "PDFIUM_HYPHEN", "SOUND_CHARS"]

PDFIUM_HYPHEN = "\ufffe"

Fix = Callable[[str], str]


def repair_string(text: str) -> str:
    """RETURNS (str): one string with broken encodings, ligatures and odd spaces repaired."""
    if PDFIUM_HYPHEN in text:
        text = text.replace(PDFIUM_HYPHEN, "-")
    return repair_if_needed(text)


def repair_raw(raw: RawDocument) -> RawDocument:
    """RETURNS (RawDocument): the document with every text, block, cell and metadata value repaired.

    Models whose text is already sound are kept as they are (not copied).
    """
    cache: dict[str, str] = {}

    def fix(text: str) -> str:
        if text not in cache:
            cache[text] = repair_string(text)
        return cache[text]

    pages = [_repair_page(page, fix) for page in raw.pages]
    metadata = {key: fix(value) for key, value in raw.metadata.items()}
    if all(new is old for new, old in zip(pages, raw.pages)) and metadata == raw.metadata:
        return raw
    return raw.model_copy(update={"pages": pages, "metadata": metadata})


def _repair_page(page: Page, fix: Fix) -> Page:
    text = fix(page.text)
    blocks = [
        block if fix(block.text) == block.text else block.model_copy(update={"text": fix(block.text)})
        for block in page.blocks
    ]
    tables = [_repair_table(table, fix) for table in page.tables]
    unchanged = (
        text == page.text
        and all(new is old for new, old in zip(blocks, page.blocks))
        and all(new is old for new, old in zip(tables, page.tables))
    )
    if unchanged:
        return page
    return page.model_copy(update={"text": text, "blocks": blocks, "tables": tables})


def _repair_table(table: Table, fix: Fix) -> Table:
    rows = [_repair_row(row, fix) for row in table.rows]
    if all(new is old for new, old in zip(rows, table.rows)):
        return table
    return table.model_copy(update={"rows": rows})


def _repair_row(row: Row, fix: Fix) -> Row:
    cells = [cell if fix(cell.text) == cell.text else cell.model_copy(update={"text": fix(cell.text)}) for cell in row.cells]
    if all(new is old for new, old in zip(cells, row.cells)):
        return row
    return row.model_copy(update={"cells": cells})
