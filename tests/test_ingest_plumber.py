"""The fast page reading in ingest/plumber.py gives exactly pdfplumber's own results."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from builders import layout_pdfs
from planwatch.ingest import plumber
from planwatch.ingest.pdf import DEFAULT_UNRULED_SETTINGS



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
