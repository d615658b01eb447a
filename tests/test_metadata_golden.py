"""Hand-checked metadata of the five seeds, Kent, Ofsted and West Sussex papers, and every Kent paper's council code.

Reads ../shared/seeds/ and ../shared/corpus/ at run time and skips when they
are absent. Kent and Ofsted PDFs are read as their text layer only
(pypdfium2, the PDF reader's first step, without layout analysis): metadata
comes from covers, headers and footers, so the whole corpus reads in seconds.
The West Sussex papers are read whole: the benchmark sheet's title (white on
a dark banner) is told from its table only by its type size.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import GOLDEN, KENT, SEEDS, SHARED
from planwatch.extract.metadata import extract
from planwatch.ingest import ingest, origin_of
from planwatch.ingest.models import Page, RawDocument
from planwatch.ingest.pdf import read_page_texts
from planwatch.normalise.metadata import DocumentFields, normalise_metadata

METADATA_GOLDEN = GOLDEN / "metadata"
KENT_CODE = "E10000016"


def golden(name: str) -> dict[str, dict]:
    data = json.loads((METADATA_GOLDEN / name).read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


SEED_GOLDEN = golden("seeds.json")
KENT_GOLDEN = golden("kent.json")
KENT_PAPERS = sorted(path.name for path in KENT.glob("*.pdf")) if KENT.exists() else []
OFSTED, WEST_SUSSEX = SHARED / "corpus" / "ofsted", SHARED / "corpus" / "westsussex"
OFSTED_GOLDEN = golden("ofsted.json")
WEST_SUSSEX_GOLDEN = golden("westsussex.json")


def text_layer(path: Path) -> RawDocument:
    """RETURNS (RawDocument): a PDF's pages with their text and no layout analysis."""
    texts, sizes, metadata = read_page_texts(path)
    pages = [
        Page(number=number, width=width, height=height, text=text, analysed=False)
        for number, (text, (width, height)) in enumerate(zip(texts, sizes), start=1)
    ]
    return RawDocument(origin=origin_of(path), pages=pages, metadata=metadata)


@lru_cache(maxsize=None)
def fields_of(path: Path, *, whole: bool = False) -> DocumentFields:
    raw = text_layer(path) if path.suffix == ".pdf" and not whole else ingest(path)
    return normalise_metadata(extract(raw))


def check(name: str, fields: DocumentFields, expected: dict) -> None:
    for column in ("council", "council_code", "council_dfe_code", "doc_date", "body", "kind"):
        if column in expected:
            assert getattr(fields, column) == expected[column], f"[{name}] {column}: {getattr(fields, column)!r}"
    for column in ("title", "author"):
        if column not in expected:
            continue
        if expected[column] is None:
            assert getattr(fields, column) is None, f"[{name}] {column}: {getattr(fields, column)!r}"
        else:
            assert expected[column].lower() in (getattr(fields, column) or "").lower(), (
                f"[{name}] {column}: {getattr(fields, column)!r} lacks {expected[column]!r}")


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not there")
@pytest.mark.parametrize("name", sorted(SEED_GOLDEN), ids=sorted(SEED_GOLDEN))
def test_seed_metadata(name: str) -> None:
    check(name, fields_of(SEEDS / name), SEED_GOLDEN[name])


def test_golden_covers_every_seed_and_enough_kent_papers() -> None:
    if SEEDS.exists():
        assert sorted(SEED_GOLDEN) == sorted(path.name for path in SEEDS.glob("*.txt"))
    assert len(KENT_GOLDEN) >= 20
    assert {entry["kind"] for entry in KENT_GOLDEN.values()} >= {"agenda_pack", "performance_report", "other"}


@pytest.mark.skipif(not KENT.exists(), reason="../shared/corpus/kent is not there")
@pytest.mark.parametrize("name", sorted(KENT_GOLDEN), ids=sorted(KENT_GOLDEN))
def test_kent_metadata(name: str) -> None:
    check(name, fields_of(KENT / name), KENT_GOLDEN[name])


@pytest.mark.skipif(not KENT.exists(), reason="../shared/corpus/kent is not there")
@pytest.mark.parametrize("name", KENT_PAPERS, ids=KENT_PAPERS)
def test_every_kent_paper_is_kents(name: str) -> None:
    fields = fields_of(KENT / name)
    assert fields.council_code == KENT_CODE, f"[{name}] council_code {fields.council_code!r} ({fields.council!r})"
    assert fields.council_dfe_code == "886", f"[{name}] council_dfe_code {fields.council_dfe_code!r}"


def test_golden_covers_enough_papers_of_other_corpora() -> None:
    assert len(OFSTED_GOLDEN) + len(WEST_SUSSEX_GOLDEN) + len(KENT_GOLDEN) - 27 >= 25
    assert {name.split("/")[0] for name in OFSTED_GOLDEN} == {"focused-visits", "ilacs"}
    assert not any("kind" in entry for entry in OFSTED_GOLDEN.values()), "the kind of Ofsted papers is not checked here"


@pytest.mark.skipif(not OFSTED.exists(), reason="../shared/corpus/ofsted is not there")
@pytest.mark.parametrize("name", sorted(OFSTED_GOLDEN), ids=sorted(OFSTED_GOLDEN))
def test_ofsted_metadata(name: str) -> None:
    check(name, fields_of(OFSTED / name), OFSTED_GOLDEN[name])


@pytest.mark.skipif(not WEST_SUSSEX.exists(), reason="../shared/corpus/westsussex is not there")
@pytest.mark.parametrize("name", sorted(WEST_SUSSEX_GOLDEN), ids=sorted(WEST_SUSSEX_GOLDEN))
def test_west_sussex_metadata(name: str) -> None:
    check(name, fields_of(WEST_SUSSEX / name, whole=True), WEST_SUSSEX_GOLDEN[name])
