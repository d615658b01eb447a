"""The sample generator: committed samples are what `samples/make.py` makes, and carry the features
`samples/README.md` promises; the golden files agree with the samples and with each other."""

from __future__ import annotations

import importlib.util
import json
import re
import zipfile
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from docx import Document

from planwatch.normalise.models import (
    ActionRow, DocumentRow, IndicatorRow, InspectionRow, JudgementRow, PriorityRow, RagCountRow, RagKeyRow,
    RecommendationRow,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = ROOT / "samples"
GOLDEN_DIR = ROOT / "tests" / "golden"
INVENTED = "SAMPLE – invented content"
RUTLAND_PDF = SAMPLES_DIR / "rutland-2024-03-12-improvement-plan.pdf"


def _load_make():
    spec = importlib.util.spec_from_file_location("planwatch_samples_make", SAMPLES_DIR / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make = _load_make()
SAMPLE_NAMES = list(make.SAMPLES) + [make.RUTLAND_INSPECTION_PDF]
PDF_NAMES = [name for name in SAMPLE_NAMES if name.endswith(".pdf")]
WORD_SAMPLES = make.WORD_SAMPLES
"""Word-made samples: the .docx is byte-stable, its PDF is LibreOffice's (remade by `make samples`)."""
GENERATED_PDF_NAMES = [name for name in make.SAMPLES if name.endswith(".pdf")]
"""PDFs reportlab writes byte-stable; LibreOffice's (the inspection report's) are committed as made."""


def golden_path(name: str) -> Path:
    """RETURNS (Path): `<file name>.json` when it exists (twins sharing a stem), else `<stem>.json`."""
    full = GOLDEN_DIR / f"{name}.json"
    return full if full.exists() else GOLDEN_DIR / f"{Path(name).stem}.json"


def _golden(name: str) -> dict:
    return json.loads(golden_path(name).read_text(encoding="utf-8"))


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    make.make_samples(out)
    return out


# -- the committed samples are the generator's output ---------------------------------------------


@pytest.mark.parametrize("name", GENERATED_PDF_NAMES)
def test_pdf_is_byte_identical_when_regenerated(regenerated: Path, name: str) -> None:
    fresh, committed = (regenerated / name).read_bytes(), (SAMPLES_DIR / name).read_bytes()
    assert fresh == committed, f"[{name}] regenerated PDF differs; run `python samples/make.py` and commit"


@pytest.mark.parametrize("name", make.DOCX_NAMES)
def test_docx_content_is_unchanged_when_regenerated(regenerated: Path, name: str) -> None:
    with zipfile.ZipFile(regenerated / name) as fresh, zipfile.ZipFile(SAMPLES_DIR / name) as committed:
        assert fresh.namelist() == committed.namelist(), f"[{name}] parts differ"
        for part in committed.namelist():
            assert fresh.read(part) == committed.read(part), f"[{name}] part {part} differs"


@pytest.mark.parametrize("name", list(WORD_SAMPLES))
def test_word_samples_pdf_was_printed_by_libreoffice_from_the_content(name: str) -> None:
    """The committed PDF is LibreOffice's print of this content (not stale): every ref and action is in it."""
    content = make.load_content(WORD_SAMPLES[name][0])
    pdf = SAMPLES_DIR / name.replace(".docx", ".pdf")
    with pdfplumber.open(pdf) as document:
        assert "LibreOffice" in document.metadata.get("Producer", ""), f"[{pdf.name}] not printed by LibreOffice"
        words = {word["text"] for page in document.pages for word in page.extract_words()}
    for row in content["rows"]:
        # cells wrap, so the action's words are looked for, not its line
        assert row["ref"] in words and set(row["action"].split()) <= words, f"[{pdf.name}] lacks row {row['ref']}"


@pytest.mark.parametrize("name", [make.HALTON_TEXT, make.WIRRAL_HTML])
def test_text_sample_is_unchanged_when_regenerated(regenerated: Path, name: str) -> None:
    fresh = (regenerated / name).read_text(encoding="utf-8")
    assert fresh == (SAMPLES_DIR / name).read_text(encoding="utf-8"), f"[{name}] regenerated text differs"


def _first_text(path: Path) -> str:
    if path.suffix == ".pdf":
        pdf = pdfium.PdfDocument(path)
        try:
            text = pdf[0].get_textpage().get_text_range()
        finally:
            pdf.close()
        return text.strip().splitlines()[0]
    if path.suffix == ".docx":
        return next(p.text for p in Document(path).paragraphs if p.text.strip())
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        body = text.split("<body>", 1)[1]
        return re.sub(r"<[^>]+>", "", body).strip().splitlines()[0]
    return text.splitlines()[0]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_says_first_that_it_is_invented(name: str) -> None:
    first = _first_text(SAMPLES_DIR / name)
    assert first.startswith(INVENTED), f"[{name}] first line is {first!r}"


# -- table-dense papers ----------------------------------------------------------------------------


def test_dense_generator_reaches_the_page_count(tmp_path: Path) -> None:
    written = make.make_dense(tmp_path, pages=12, seed=3)
    counted = 0
    for path, pages in written:
        pdf = pdfium.PdfDocument(path)
        assert len(pdf) == pages, f"[{path.name}] reported {pages} pages, has {len(pdf)}"
        counted += len(pdf)
        pdf.close()
    assert counted >= 12
    cycle = ["improvement-plan.pdf", "progress-report.pdf", "performance-report.pdf"]
    kinds = [path.name.split("-", 3)[3] for path, _ in written]
    assert kinds == [cycle[i % 3] for i in range(len(written))]


def test_dense_generator_is_deterministic(tmp_path: Path) -> None:
    first = make.make_dense(tmp_path / "a", pages=3, seed=7)
    second = make.make_dense(tmp_path / "b", pages=3, seed=7)
    assert [p.read_bytes() for p, _ in first] == [p.read_bytes() for p, _ in second]


def test_dense_generator_rejects_no_pages(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        make.make_dense(tmp_path, pages=0)


# -- what the Rutland PDF must show a reader -------------------------------------------------------


def _hex(colour) -> str:
    parts = colour if isinstance(colour, (tuple, list)) else (colour,)
    if len(parts) == 1:
        parts = parts * 3
    return "#" + "".join(f"{round(float(part) * 255):02x}" for part in parts)


@pytest.fixture(scope="module")
def rutland_tables() -> list[tuple[int, list, list, list]]:
    """RETURNS (list): per page its number, extracted tables, table boxes and filled rectangles."""
    with pdfplumber.open(RUTLAND_PDF) as pdf:
        pages = []
        for page in pdf.pages:
            tables = page.find_tables()
            pages.append((
                page.page_number,
                [table.extract() for table in tables],
                [table.bbox for table in tables],
                [(_hex(rect["non_stroking_color"]), rect["x0"], rect["top"]) for rect in page.rects if rect.get("fill")],
            ))
    return pages


def test_rutland_rag_fills_are_the_exact_colours(rutland_tables) -> None:
    content = make.load_content("rutland_plan")
    widths = content["table"]["widths"]
    rag_x0 = make.MARGIN + sum(widths[:-1])
    fills = {fill for _, _, _, rects in rutland_tables for fill, x0, _ in rects if abs(x0 - rag_x0) < 1}
    expected = {row["rag"].lower() for row in content["rows"] if row["rag"]}
    assert fills == expected, f"[{RUTLAND_PDF.name}] RAG fills {sorted(fills)}"
    assert {"#ff0000", "#ffc000", "#ffff00", "#92d050", "#00b050", "#0070c0", "#00b0f0"} <= fills


def test_rutland_header_repeats_on_every_page_of_the_table(rutland_tables) -> None:
    headers = make.load_content("rutland_plan")["table"]["headers"]
    table_pages = [number for number, tables, _, _ in rutland_tables if tables and len(tables[0][0]) == len(headers)]
    assert table_pages == [2, 3, 4], f"[{RUTLAND_PDF.name}] action table on pages {table_pages}"
    for number, tables, _, _ in rutland_tables:
        if number in table_pages:
            assert tables[0][0] == headers, f"[{RUTLAND_PDF.name}] p.{number} first row {tables[0][0]}"


@pytest.mark.parametrize(("ref", "column", "start_page"), [("2.3", 5, 2), ("3.4", 2, 3)])
def test_rutland_cut_row_goes_on_at_the_top_of_the_next_page(rutland_tables, ref, column, start_page) -> None:
    rows = {number: tables[0] for number, tables, _, _ in rutland_tables if tables}
    last = rows[start_page][-1]
    continued = rows[start_page + 1][1]  # row 0 is the repeated header
    assert last[0] == ref, f"[{RUTLAND_PDF.name}] p.{start_page} ends with row {last[0]!r}"
    assert continued[0] == "" and continued[column], f"[{RUTLAND_PDF.name}] p.{start_page + 1} row 1 is {continued}"
    row = next(r for r in make.load_content("rutland_plan")["rows"] if r["ref"] == ref)
    field = {5: "progress", 2: "action"}[column]
    joined = _collapse(f"{last[column]} {continued[column]}")
    assert joined == row[field], f"[{RUTLAND_PDF.name}] row {ref} {field} does not join back"


# -- the golden files ------------------------------------------------------------------------------

NOT_IN_SAMPLE_GOLDEN = {"indicators": ("measure", "measure_score")}
"""Fields the samples' golden files leave to their own golden file (tests/golden/measures.json)."""


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_golden_records_fit_the_contract(name: str) -> None:
    golden = _golden(name)
    assert set(golden["document"]) <= set(DocumentRow.model_fields), f"[{name}] unknown document keys"
    assert golden["document"]["format"] == {"pdf": "pdf", "docx": "docx", "txt": "text", "html": "html"}[name.rsplit(".", 1)[1]]
    models = {"priorities": PriorityRow, "actions": ActionRow, "rag_key": RagKeyRow, "rag_counts": RagCountRow,
              "indicators": IndicatorRow, "inspections": InspectionRow, "inspection_judgements": JudgementRow,
              "recommendations": RecommendationRow}
    for key, records in golden.items():
        if key == "document":
            continue
        for record in records:
            row = models[key].model_validate(record)
            dumped = row.model_dump(exclude=set(NOT_IN_SAMPLE_GOLDEN.get(key, ())))
            assert dumped == record, f"[{name}] {key} record does not round-trip: {record}"


def test_golden_pdf_and_docx_plans_have_the_same_actions() -> None:
    pdf, docx = _golden(make.RUTLAND_PDF), _golden(make.RUTLAND_DOCX)
    strip = lambda records: [{k: v for k, v in record.items() if k != "page"} for record in records]  # noqa: E731
    assert strip(pdf["actions"]) == strip(docx["actions"])
    assert all(record["page"] is None for record in docx["actions"])


def test_golden_rag_counts_add_up() -> None:
    counts = {(r["grp"], r["rag"]): r["count"] for r in _golden(make.TORBAY_PROGRESS_PDF)["rag_counts"]}
    groups = sorted({grp for grp, _ in counts} - {"Total"})
    statuses = ["red", "amber", "green", "complete", "new"]
    for grp in [*groups, "Total"]:
        assert sum(counts[grp, rag] for rag in statuses) == counts[grp, "total"], f"group {grp}"
    for rag in [*statuses, "total"]:
        assert sum(counts[grp, rag] for grp in groups) == counts["Total", rag], f"status {rag}"


def _page_texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [_collapse(page.get_textpage().get_text_range()) for page in pdf]
    finally:
        pdf.close()


@pytest.mark.parametrize("name", PDF_NAMES)
def test_golden_pages_are_where_the_records_start(name: str) -> None:
    golden = _golden(name)
    texts = _page_texts(SAMPLES_DIR / name)
    assert golden["document"]["pages"] == len(texts), f"[{name}] page count"
    for record in golden.get("actions", []):
        opening = " ".join(record["action"].split()[:3])
        pages = [n for n, text in enumerate(texts, start=1) if opening in text]
        assert pages[:1] == [record["page"]], f"[{name}] action {record['ref']} opens on {pages}, golden {record['page']}"
    for record in golden.get("recommendations", []):
        opening = " ".join(record["text"].split()[:4])
        pages = [n for n, text in enumerate(texts, start=1) if opening in text]
        assert pages[:1] == [record["page"]], f"[{name}] recommendation {record['number']} opens on {pages}"
    for record in golden.get("indicators", []):
        opening = " ".join(record["name"].split()[:4])
        pages = [n for n, text in enumerate(texts, start=1) if opening in text]
        assert record["page"] in pages, f"[{name}] indicator {record['name'][:30]!r} on {pages}"
