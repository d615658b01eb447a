"""Text repair between ingest and extract: once, for every reader, every block and cell."""

from __future__ import annotations

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch import pipeline
from planwatch.ingest import ingest
from planwatch.ingest.models import Cell, Format, Origin, Page, RawDocument, Row, Table, TextBlock
from planwatch.normalise.text import repair_text
from planwatch.repair import PDFIUM_HYPHEN, SOUND_CHARS, repair_raw, repair_string

PROPERTY = settings(deadline=None, max_examples=200)
ORIGIN = Origin(filename="plan.pdf", path="/papers/plan.pdf", sha256="a" * 64, format=Format.PDF, size=1)
BROKEN = {
    "Childrenâ€™s Services": "Children’s Services",  # UTF-8 read as Windows-1252
    "Service ï¬\x81nance": "Service finance",  # a ligature, itself mojibake
    "ﬁnal oﬀer": "final offer",  # ligatures
    "£5\u00a0million": "£5 million",  # a non-breaking space
    "cost\ufffeeffective": "cost-effective",  # pypdfium2's hyphen
    "Direc\u00adtor": "Director",  # a soft hyphen
}


def document(texts: list[str]) -> RawDocument:
    """One page holding each text as page text, a block, a cell, and metadata."""
    cells = [Cell(text=text, col=col) for col, text in enumerate(texts)]
    page = Page(
        number=1, text="\n".join(texts),
        blocks=[TextBlock(text=text, seq=seq) for seq, text in enumerate(texts)],
        tables=[Table(rows=[Row(cells=cells, page=1)], n_cols=len(cells), seq=len(texts), method="ruled")],
    )
    return RawDocument(origin=ORIGIN, pages=[page], metadata={f"k{i}": text for i, text in enumerate(texts)})


def all_texts(raw: RawDocument) -> list[str]:
    page = raw.pages[0]
    return [page.text] + [b.text for b in page.blocks] + [c.text for t in page.tables for r in t.rows for c in r.cells] + list(raw.metadata.values())


def test_every_block_cell_page_and_property_is_repaired():
    raw = repair_raw(document(list(BROKEN)))
    page = raw.pages[0]
    assert [block.text for block in page.blocks] == list(BROKEN.values())
    assert [cell.text for cell in page.tables[0].rows[0].cells] == list(BROKEN.values())
    assert page.text == "\n".join(BROKEN.values())
    assert list(raw.metadata.values()) == list(BROKEN.values())


def test_sound_text_is_left_as_the_same_objects():
    raw = document(["Ref", "Action – review £5m", "Amber", "“Good” • 12°"])
    assert repair_raw(raw) is raw


def test_look_alike_letters_are_kept_as_printed_for_the_normalisers_to_read():
    assert repair_string("\u0421") == "\u0421"  # a Cyrillic C in a RAG cell: rag_raw keeps it
    assert repair_string("Привет, мир") == "Привет, мир"
    assert repair_string("Αθήνα") == "Αθήνα"


def test_the_pipeline_repairs_before_extraction(tmp_path, monkeypatch):
    path = tmp_path / "plan.docx"
    word = Document()
    word.add_paragraph("Childrenâ€™s Services: ﬁnal plan")
    table = word.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "1.1", "Direc\u00adtor\u00a0of Services"
    word.save(str(path))
    seen = []
    real_extract = pipeline.extract
    monkeypatch.setattr(pipeline, "extract", lambda raw: seen.append(raw) or real_extract(raw))
    pipeline.process(path)
    (raw,) = seen
    assert raw.blocks[0].text == "Children’s Services: final plan"
    assert [cell.text for cell in raw.tables[0].rows[0].cells] == ["1.1", "Director of Services"]
    assert ingest(path).blocks[0].text == "Childrenâ€™s Services: ﬁnal plan", "the reader itself keeps what the file says"


sound_texts = st.text(
    alphabet=st.sampled_from([chr(c) for c in range(0x20, 0x7F)] + ["\n", "\t"] + list(SOUND_CHARS) * 8)
)
"""Text the fast path may pass over; the sound characters are drawn often so that they meet."""
messy_texts = st.lists(
    st.sampled_from(list("aeAE t’–£") + list(BROKEN) + ["\u00a0", "\ufffe", "\u0410", "\u0430", "ﬁ", "Ã©", "Â"]),
    max_size=12,
).map("".join)
"""Pieces of broken text, joined in any order: mojibake beside look-alikes beside odd spaces."""


@settings(deadline=None, max_examples=500)
@given(st.one_of(sound_texts, st.text(max_size=30), messy_texts))
def test_passing_sound_text_over_gives_what_the_full_repair_gives(text: str) -> None:
    assert repair_string(text) == repair_text(text.replace(PDFIUM_HYPHEN, "-"))


@pytest.mark.parametrize("text", ["×‘", "”£", "Ã©", "â€™"])
def test_non_ascii_characters_side_by_side_get_the_full_repair(text):
    assert repair_string(text) == repair_text(text) != text


@PROPERTY
@given(st.one_of(st.text(max_size=60), messy_texts))
def test_repair_is_idempotent(text: str) -> None:
    once = repair_string(text)
    assert repair_string(once) == once


@PROPERTY
@given(st.lists(st.one_of(st.text(max_size=30), messy_texts), min_size=1, max_size=5))
def test_repairing_a_document_twice_changes_nothing(texts: list[str]) -> None:
    once = repair_raw(document(texts))
    assert repair_raw(once) is once
    assert all_texts(once) == [repair_string(text) for text in all_texts(document(texts))]
