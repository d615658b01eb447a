"""pdfium's reading of a page (ingest/pdfium_page.py) gives pdfplumber's objects and tables."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from reportlab.pdfgen import canvas

from builders import layout_pdfs
from planwatch.cli import cli
from planwatch.ingest import PdfSettings, ingest
from planwatch.ingest.colours import pdf_colour_to_hex
from planwatch.ingest.layout import analyse_page
from planwatch.ingest.pdfium_page import (
    PageObjects, PdfiumPage, Unsupported, has_descriptor_without_descent, has_fractional_widths, open_page,
    pdfium_measures_otherwise,
)

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 0.01
"""Points: pdfium keeps coordinates as 32-bit floats, pdfminer as 64-bit."""
BOX = ("x0", "x1", "top", "bottom")


def _made_by_libreoffice(path: Path) -> bool:
    document = pdfium.PdfDocument(str(path))
    try:
        return "LibreOffice" in document.get_metadata_dict().get("Producer", "")
    finally:
        document.close()


OFFICE_SAMPLES = [path for path in sorted((ROOT / "samples").glob("*.pdf")) if _made_by_libreoffice(path)]
"""Samples LibreOffice made. Their embedded fonts' descriptors give Descent 0, which pdfminer takes
as printed and pdfium replaces by the font's own descent, so their characters would sit 0.18 em
lower in pdfium's reading; the reader leaves such pages to pdfplumber
(`pdfium_measures_otherwise`), so both engines give the same records."""


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> list[Path]:
    made = sorted(set((ROOT / "samples").glob("*.pdf")) - set(OFFICE_SAMPLES))
    return [*layout_pdfs(tmp_path_factory.mktemp("pdfium")), *made]


@pytest.mark.parametrize("path", OFFICE_SAMPLES, ids=lambda path: path.name)
def test_both_engines_give_the_same_records_of_libreoffice_pdfs(path):
    from planwatch.pipeline import process

    records = {engine: process(path, pdf_settings=PdfSettings(engine=engine)).model_dump(
        mode="json", include={"actions", "indicators", "rag_key", "rag_counts", "priorities", "inspections",
                              "inspection_judgements", "recommendations"})
        for engine in ("pdfium", "pdfplumber")}  # fmt: skip
    assert any(records["pdfium"].values()), path.name
    assert records["pdfium"] == records["pdfplumber"], path.name


def _pages(path: Path, *, all_pages: bool = False):
    """YIELDS (tuple): each page read by pdfplumber and by pdfium (the pages the reader gives pdfium, unless `all_pages`)."""
    document = pdfium.PdfDocument(str(path))
    try:
        with pdfplumber.open(path) as pdf:
            for index, stock in enumerate(pdf.pages):
                if not all_pages and pdfium_measures_otherwise(stock.page_obj.resources):
                    continue
                page = document[index]
                textpage = page.get_textpage()
                try:
                    yield stock, open_page(page, textpage, number=index + 1)
                finally:
                    textpage.close()
                    page.close()
    finally:
        document.close()


def _same_box(a: dict, b: dict) -> bool:
    return all(abs(a[key] - b[key]) <= TOLERANCE for key in BOX)


def test_chars_equal_pdfplumber_chars(pdfs):
    for path in pdfs:
        for stock, page in _pages(path):
            where = f"[{path.name}] p.{stock.page_number}"
            # pdfium leaves out some spaces pdfminer keeps (`pdfium_page._check_word_breaks`)
            wanted = [char for char in stock.chars if char["text"].strip()]
            got = [char for char in page.chars if char["text"].strip()]
            assert [char["text"] for char in got] == [char["text"] for char in wanted], where
            for a, b in zip(wanted, got):
                assert _same_box(a, b), f"{where} {a['text']!r}: {[a[k] for k in BOX]} != {[b[k] for k in BOX]}"
                assert abs(a["size"] - b["size"]) <= TOLERANCE and a["upright"] == b["upright"], where
                assert a["fontname"].split("+")[-1] == b["fontname"].split("+")[-1], where


def test_shapes_equal_pdfplumber_shapes(pdfs):
    for path in pdfs:
        for stock, page in _pages(path):
            where = f"[{path.name}] p.{stock.page_number}"
            assert tuple(page.bbox) == pytest.approx(tuple(stock.bbox), abs=TOLERANCE), where
            for kind in ("rects", "lines", "curves"):
                wanted, got = getattr(stock, kind), getattr(page, kind)
                assert len(got) == len(wanted), f"{where} {kind}"
                for a, b in zip(wanted, got):
                    assert _same_box(a, b), f"{where} {kind}"
                    assert (bool(a["fill"]), bool(a["stroke"])) == (bool(b["fill"]), bool(b["stroke"])), where
                    if a["fill"]:
                        wanted_fill = pdf_colour_to_hex(a["non_stroking_color"])
                        assert pdf_colour_to_hex(b["non_stroking_color"]) == wanted_fill, f"{where} {kind} fill"
            assert len(page.edges) == len(stock.edges), where


def _same(a, b) -> bool:
    """Equal, but for numbers (boxes, font sizes, shown to two decimals) within a hundredth, as pdfium's 32-bit ones round."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= 0.011
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[key], b[key]) for key in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(map(_same, a, b))
    return a == b


def test_pages_analyse_to_the_same_tables_and_lines(pdfs):
    settings = PdfSettings(triage=None)
    for path in pdfs:
        for stock, page in _pages(path):
            number = stock.page_number
            wanted = analyse_page(stock, number=number, text="", seq=0, settings=settings)
            got = analyse_page(page, number=number, text="", seq=0, settings=settings)
            assert _same(got.model_dump(), wanted.model_dump()), f"[{path.name}] p.{number}"


def test_both_engines_read_the_same_document(pdfs):
    for path in pdfs:
        raw = {
            engine: ingest(path, pdf_settings=PdfSettings(engine=engine)).model_dump(exclude={"origin"})
            for engine in ("pdfium", "pdfplumber")
        }
        assert _same(raw["pdfium"], raw["pdfplumber"]), path.name


def test_rotated_text_is_left_to_pdfplumber(tmp_path):
    path = tmp_path / "rotated.pdf"
    drawing = canvas.Canvas(str(path))
    drawing.saveState()
    drawing.translate(200, 400)
    drawing.rotate(90)
    drawing.drawString(0, 0, "Sideways")
    drawing.restoreState()
    drawing.save()
    document = pdfium.PdfDocument(str(path))
    page = document[0]
    textpage = page.get_textpage()
    with pytest.raises(Unsupported):
        open_page(page, textpage, number=1)
    textpage.close()
    page.close()
    document.close()
    settings = {"triage": None}
    raw = ingest(path, pdf_settings=PdfSettings(**settings, engine="pdfium"))
    assert raw.pages[0].analysed and raw.pages[0].blocks
    assert raw.model_dump(exclude={"origin"}) == ingest(
        path, pdf_settings=PdfSettings(**settings, engine="pdfplumber")).model_dump(exclude={"origin"})


def test_the_command_reads_the_same_rows_with_either_engine(tmp_path):
    found = {}
    for engine in ("pdfplumber", "pdfium"):
        db = tmp_path / f"{engine}.db"
        result = CliRunner().invoke(cli, [
            "ingest", str(ROOT / "samples"), "--db", str(db), "--workers", "0", "-q", "--pdf-engine", engine,
        ])
        assert result.exit_code == 0, result.output
        connection = sqlite3.connect(db)
        found[engine] = connection.execute("select ref, action, rag from actions order by ref, action").fetchall()
        connection.close()
    assert found["pdfium"] == found["pdfplumber"] and found["pdfium"]


def test_fonts_with_fractional_widths_are_left_to_pdfplumber():
    # reportlab embeds DejaVu Sans with widths such as 600.0977; pdfium measures 600
    path = ROOT / "samples" / "torbay-2025-02-performance-report.pdf"
    with pdfplumber.open(path) as pdf:
        assert all(has_fractional_widths(page.page_obj.resources) for page in pdf.pages)
    with pdfplumber.open(ROOT / "samples" / "rutland-2024-03-12-improvement-plan.pdf") as pdf:
        assert not any(has_fractional_widths(page.page_obj.resources) for page in pdf.pages)


def test_fonts_whose_descriptor_gives_no_descent_are_left_to_pdfplumber():
    # LibreOffice writes /Descent 0 for the fonts it embeds; pdfium takes the font program's descent
    path = ROOT / "samples" / "medway-2024-11-19-improvement-plan.pdf"
    with pdfplumber.open(path) as pdf:
        assert all(has_descriptor_without_descent(page.page_obj.resources) for page in pdf.pages)
        assert all(pdfium_measures_otherwise(page.page_obj.resources) for page in pdf.pages)
    with pdfplumber.open(ROOT / "samples" / "rutland-2024-03-12-improvement-plan.pdf") as pdf:
        assert not any(pdfium_measures_otherwise(page.page_obj.resources) for page in pdf.pages)


def test_page_objects_are_let_go():
    path = ROOT / "samples" / "rutland-2024-03-12-improvement-plan.pdf"
    edges = 0
    for _, page in _pages(path):
        assert page.chars
        edges += len(page.edges)
        page.close()
        assert not page.chars and not page.rects and not page.edges
    assert edges, "the sample's tables are ruled"


def _raw_pdf(path: Path, content: bytes) -> Path:
    """A one-page PDF in Helvetica whose page draws `content` (text operators written out, as some producers do)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


SPACING_CASES = {
    # a gap inside a text object (a TJ offset) that pdfium reads as a space and pdfminer does not
    "offset gap": b"BT /F1 12 Tf 72 700 Td [(with) -200 (community)] TJ ET",
    # a text object of one space, then the next word set at a tab just inside that space
    "space object": b"BT /F1 12 Tf 72 700 Td (1.1.) Tj ET BT /F1 12 Tf 92.016 700 Td ( ) Tj ET "
                    b"BT /F1 12 Tf 93.5 700 Td (Next) Tj ET",
    # a run of spaces drawn apart (an offset between them), with words set among them
    "spaces among words": b"BT /F1 12 Tf 72 700 Td (Cost) Tj ET BT /F1 12 Tf 100 700 Td [( ) -300 ( )] TJ ET "
                          b"BT /F1 12 Tf 102 700 Td (-) Tj ET BT /F1 12 Tf 107.5 700 Td (DEMAND) Tj ET",
    # a space after a space pdfium put in for an offset, then a word close by
    "space after an offset": b"BT /F1 12 Tf 72 700 Td [(ab) -400 ( )] TJ ET BT /F1 12 Tf 93.3 700 Td (cd) Tj ET",
    # trailing spaces pdfium leaves out, one advance apart, then a word close after them
    "trailing spaces": b"BT /F1 12 Tf 72 700 Td (ab   ) Tj ET BT /F1 12 Tf 95.5 700 Td (cd) Tj ET",
    # the same spaces with a word drawn among them: pdfminer's spaces part its letters
    "trailing spaces over a word": b"BT /F1 12 Tf 72 700 Td (ab    ) Tj ET BT /F1 12 Tf 89.5 700 Td (xy) Tj ET",
    # spaces after a space, drawn apart (an offset), with a word drawn among them
    "spaces apart over a word": b"BT /F1 12 Tf 72 700 Td [(ab ) -500 ( )] TJ ET BT /F1 12 Tf 92 700 Td (xy) Tj ET",
    # an object opening with a space pdfium leaves out (it follows an object ending with one)
    "leading space": b"BT /F1 12 Tf 72 700 Td (ab ) Tj ET BT /F1 12 Tf 86 700 Td ( cd) Tj ET",
}
READ_BY_PDFIUM = {"offset gap", "space object", "space after an offset", "trailing spaces", "trailing spaces over a word"}
"""Cases pdfium's reading gives exactly, which must not be left to pdfplumber."""


@pytest.mark.parametrize("case", sorted(SPACING_CASES))
def test_words_are_pdfplumbers_or_the_page_goes_to_pdfplumber(tmp_path, case):
    path = _raw_pdf(tmp_path / "spacing.pdf", SPACING_CASES[case])
    with pdfplumber.open(path) as pdf:
        wanted = [word["text"] for word in pdf.pages[0].extract_words()]
    document = pdfium.PdfDocument(str(path))
    page = document[0]
    textpage = page.get_textpage()
    try:
        got = [word["text"] for word in open_page(page, textpage, number=1).extract_words()]
    except Unsupported:
        got = None  # the reader gives the page to pdfplumber
    finally:
        textpage.close()
        page.close()
        document.close()
    assert got is None or got == wanted, f"{case}: pdfium {got} != pdfplumber {wanted}"
    if case in READ_BY_PDFIUM:
        assert got == wanted, f"{case}: read as pdfminer reads it, not left to pdfplumber"
    if case == "space object":
        assert wanted == ["1.1.", "Next"]


def _text(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 6.0, "top": top, "bottom": top + 10.0}


@pytest.mark.parametrize("x0, left_out", [
    (47.0, True),     # the midpoint on the column rule at x=50: pdfminer's arithmetic may put it in either cell
    (46.999, True),   # within EDGE_MARGIN of the rule
    (46.9, False),    # clearly in the first cell
    (60.0, False),    # clearly in the second cell
])
def test_a_character_on_a_cells_edge_leaves_the_page_to_pdfplumber(x0, left_out):
    table = SimpleNamespace(bbox=(0.0, 0.0, 100.0, 40.0), cells=[(0.0, 0.0, 50.0, 20.0), (50.0, 0.0, 100.0, 20.0)])
    page = PdfiumPage(PageObjects(chars=[_text("1", 10.0, 5.0), _text("2", x0, 5.0), _text(" ", 49.0, 25.0)]),
                      bbox=(0.0, 0.0, 100.0, 100.0), number=1)
    if left_out:
        with pytest.raises(Unsupported):
            page.check_tables([table])
    else:
        page.check_tables([table])
