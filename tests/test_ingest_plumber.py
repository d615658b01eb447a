"""The fast page reading in ingest/plumber.py gives exactly pdfplumber's own results."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pytest
from pdfplumber.utils import extract_text, extract_words
from pdfplumber.utils.text import chars_to_textmap

from builders import layout_pdfs
from planwatch.ingest import plumber
from planwatch.ingest.pdf import DEFAULT_UNRULED_SETTINGS

SAMPLES = Path(__file__).resolve().parents[1] / "samples"



@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> list[Path]:
    return layout_pdfs(tmp_path_factory.mktemp("plumber"))


def _pages(path: Path):
    with pdfplumber.open(path) as stock, pdfplumber.open(path) as fast:
        for stock_page, fast_page in zip(stock.pages, fast.pages):
            yield stock_page, plumber.use_fast_objects(fast_page)


def test_fast_objects_equal_pdfplumber_objects(pdfs):
    for path in pdfs:
        for stock_page, fast_page in _pages(path):
            assert fast_page.objects == stock_page.objects, f"[{path.name}] p.{stock_page.page_number} objects differ"
            assert fast_page.process_object.fallback is False, f"[{path.name}] fell back to pdfplumber's conversion"


def test_fast_objects_fall_back_when_conversion_differs(pdfs, monkeypatch):
    original = plumber._FastObjects.char
    monkeypatch.setattr(plumber._FastObjects, "char", lambda self, obj: dict(original(self, obj), size=-1.0))
    pages = _pages(pdfs[0])
    stock_page, fast_page = next(pages)
    assert fast_page.chars == stock_page.chars
    assert fast_page.process_object.fallback is True
    pages.close()


@pytest.mark.parametrize("strategy", ["lines", "text"])
def test_table_texts_equal_extract(pdfs, strategy):
    settings = {} if strategy == "lines" else DEFAULT_UNRULED_SETTINGS
    seen = 0
    for path in pdfs:
        for _, page in _pages(path):
            index = plumber.CharIndex(page.chars)
            for table in page.find_tables(settings):
                assert plumber.table_texts(table, index) == table.extract(), f"[{path.name}] p.{page.page_number}"
                seen += 1
    assert seen >= 3, f"only {seen} {strategy} tables found in the test files"


def test_text_lines_outside_tables_equal_filtered_page(pdfs):
    for path in pdfs:
        for _, page in _pages(path):
            boxes = [table.bbox for table in page.find_tables()]

            def outside(obj, boxes=boxes):
                if obj.get("object_type") != "char":
                    return True
                cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
                return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

            expected = page.filter(outside).extract_text_lines(return_chars=True)
            chars = plumber.CharIndex(page.chars).outside(boxes)
            assert plumber.text_lines(page, chars) == expected, f"[{path.name}] p.{page.page_number}"


def test_release_lets_go_of_the_layout(pdfs):
    with pdfplumber.open(pdfs[0]) as pdf:
        page = plumber.use_fast_objects(pdf.pages[0])
        assert page.chars
        plumber.release(page)
        assert not {"_layout", "_objects", "process_object"} & set(vars(page))


def test_cell_text_equals_extract_text_in_any_box(pdfs):
    rng = random.Random(11)
    compared = 0
    for path in [*pdfs, *sorted(SAMPLES.glob("*.pdf"))]:
        for _, page in _pages(path):
            index = plumber.CharIndex(page.chars)
            for _ in range(40):
                x0, top = rng.uniform(0, float(page.width)), rng.uniform(0, float(page.height))
                box = (x0, top, x0 + rng.uniform(5, float(page.width) / 2), top + rng.uniform(5, float(page.height) / 3))
                chars = index.in_box(box)
                if chars:
                    assert plumber.cell_text(chars) == extract_text(chars), f"[{path.name}] p.{page.page_number} {box}"
                    compared += 1
    assert compared > 100, f"only {compared} boxes held characters"


def _char(text: str, x0: float, top: float, *, upright: bool = True) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 5, "top": top, "bottom": top + 10, "doctop": top, "upright": upright,
            "size": 10.0}


@pytest.mark.parametrize("chars", [
    [_char("ﬁ", 0, 0), _char("t", 5, 0), _char(" ", 10, 0), _char("A", 15, 0.5), _char("b", 30, 1)],  # ligature, gaps
    [_char("b", 20, 0), _char("a", 10, 2.9), _char("c", 5, 12), _char("d", 11, 12)],  # out of order, two lines
    [_char("x", 0, 0), _char("y", 5, 0, upright=False)],  # rotated: pdfplumber's own reading
    [_char("x", 0, 0), _char("", 5, 0), _char("y", 10, 0)],  # a character without text
    [_char(" ", 0, 0), _char(" ", 5, 0)],  # spaces only
    [_char("a", 0, 0), {**_char("b", 5, 0), "size": 12.0}, _char("c", 10, 0)],  # a run in another size
])
def test_cell_text_and_text_lines_follow_pdfplumber_at_the_edges(chars):
    assert plumber.cell_text(chars) == extract_text(chars)
    assert plumber.extract_words(chars) == extract_words(chars)
    assert plumber.extract_words(chars, extra_attrs=["size"]) == extract_words(chars, extra_attrs=["size"])
    page = SimpleNamespace(bbox=(0, 0, 100, 100), width=100, height=100)
    stock = chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height)
    assert plumber.text_lines(page, chars) == stock.extract_text_lines(strip=True, return_chars=True)


def test_text_lines_equal_pdfplumbers_for_any_characters(pdfs):
    rng = random.Random(5)
    for path in [*pdfs, *sorted(SAMPLES.glob("*.pdf"))]:
        for _, page in _pages(path):
            index = plumber.CharIndex(page.chars)
            for _ in range(5):
                x0, top = rng.uniform(0, float(page.width)), rng.uniform(0, float(page.height))
                chars = index.outside([(x0, top, x0 + rng.uniform(20, 300), top + rng.uniform(20, 300))])
                stock = chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height)
                assert plumber.text_lines(page, chars) == stock.extract_text_lines(strip=True, return_chars=True), \
                    f"[{path.name}] p.{page.page_number}"


@pytest.mark.parametrize("extra_attrs", [[], ["size", "fontname"]])
def test_words_equal_pdfplumbers(pdfs, extra_attrs):
    for path in [*pdfs, *sorted(SAMPLES.glob("*.pdf"))]:
        for _, page in _pages(path):
            wanted = extract_words(page.chars, extra_attrs=extra_attrs or None)
            assert plumber.extract_words(page.chars, extra_attrs=extra_attrs) == wanted, f"[{path.name}] p.{page.page_number}"
