"""The same paper twice (#18): a plan as Word and as PDF, or re-saved, is kept twice and counted once."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from conftest import SAMPLES
from planwatch import compare
from planwatch.datasette_metadata import dashboard
from planwatch.normalise.fingerprint import RECORDS_PREFIX, TEXT_PREFIX, fingerprint, same_paper
from planwatch.normalise.models import ActionRow, DocumentRow, NormalisedDocument
from planwatch.runner import RunSettings, run_batch
from planwatch.store import open_db, store

PLAN = "rutland-2024-03-12-improvement-plan"
PROSE = " ".join(
    f"Paragraph {n}: the service met the board and agreed that the work on case files goes on "
    f"with audit number {n} reported to the panel in the spring." for n in range(12)
)


def ingest(db_path, paths, *, force: bool = False):
    db = open_db(db_path)
    summary = run_batch(paths, db, settings=RunSettings(workers=0, force=force))
    db.conn.close()
    return summary


def documents(db_path) -> dict[str, dict]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return {row["filename"]: dict(row) for row in conn.execute("select * from documents")}
    finally:
        conn.close()


@pytest.fixture
def pair(tmp_path):
    if not (SAMPLES / f"{PLAN}.pdf").exists():
        pytest.skip("samples/ is not here")
    return [SAMPLES / f"{PLAN}.docx", SAMPLES / f"{PLAN}.pdf"]


@pytest.mark.parametrize("order", ["docx first", "pdf first"])
def test_word_and_pdf_are_one_paper_whichever_is_read_first(tmp_path, pair, order):
    db_path = tmp_path / "p.db"
    for path in (pair if order == "docx first" else pair[::-1]):
        ingest(db_path, [path])
    found = documents(db_path)
    docx, pdf = found[f"{PLAN}.docx"], found[f"{PLAN}.pdf"]
    assert docx["fingerprint"] == pdf["fingerprint"] and docx["fingerprint"].startswith(RECORDS_PREFIX), \
        f"[{PLAN}] Word and PDF give one fingerprint"
    assert (docx["same_as"], pdf["same_as"]) == (pdf["id"], None), f"[{PLAN}] the PDF is counted, the Word copy points to it"


def test_compare_views_and_dashboard_count_the_paper_once(tmp_path, pair):
    db_path = tmp_path / "p.db"
    ingest(db_path, pair)
    shares = compare.rag_shares(db_path, councils=["Rutland"])
    assert len(shares) == 1, f"[{PLAN}] compare rag shows the plan once, not once per file: {list(shares['filename'])}"
    conn = sqlite3.connect(db_path)
    (actions,) = conn.execute("select count(*) from v_actions where council = 'Rutland'").fetchone()
    (papers, copies) = conn.execute("select count(*), sum(copies) from v_papers where council = 'Rutland'").fetchone()
    (n_actions,) = conn.execute("select count(*) from actions").fetchone()
    assert (papers, copies) == (1, 2)
    assert actions * 2 == n_actions, "v_actions holds one copy's actions; the table keeps both"
    metric = dashboard("p")["charts"]["papers"]["query"].replace("[[ and council = :council ]]", "")
    assert conn.execute(metric).fetchone()[0] == 1, "the dashboard's paper count counts the plan once"
    conn.close()


def test_a_resaved_copy_is_the_same_paper(tmp_path):
    original = tmp_path / "in" / "halton-update.txt"
    original.parent.mkdir()
    shutil.copy(SAMPLES / "halton-2023-10-05-scrutiny-update.txt", original)
    resaved = tmp_path / "in" / "halton-update (1).txt"
    resaved.write_text(original.read_text(encoding="utf-8").replace("\n", "\r\n") + "\r\n", encoding="utf-8")
    ingest(tmp_path / "p.db", [original.parent])
    found = documents(tmp_path / "p.db")
    first, second = found["halton-update.txt"], found["halton-update (1).txt"]
    assert first["id"] != second["id"], "other bytes, two documents"
    counted = min((first, second), key=lambda row: row["id"])
    other = second if counted is first else first
    assert (counted["same_as"], other["same_as"]) == (None, counted["id"]), "the smallest id is counted among equals"


def test_the_copy_is_counted_again_when_the_counted_one_is_deleted_or_reread(tmp_path, pair):
    db_path = tmp_path / "p.db"
    ingest(db_path, pair)
    ingest(db_path, [pair[1]], force=True)
    found = documents(db_path)
    assert (found[f"{PLAN}.docx"]["same_as"], found[f"{PLAN}.pdf"]["same_as"]) == (found[f"{PLAN}.pdf"]["id"], None), \
        "re-reading the PDF keeps the choice"
    conn = sqlite3.connect(db_path)
    conn.execute("pragma foreign_keys = off")
    conn.execute("delete from documents where format = 'pdf'")
    conn.commit()
    (filename,) = conn.execute("select filename from v_papers where council = 'Rutland'").fetchone()
    conn.close()
    assert filename == f"{PLAN}.docx", "with the PDF gone, the Word copy is the paper"


def _paper(doc_id: str, *, refs: list[tuple[str, str]], date: str = "2024-01-31", fmt: str = "pdf") -> NormalisedDocument:
    return NormalisedDocument(
        document=DocumentRow(id=doc_id * 64, source_path=f"/p/{doc_id}.{fmt}", filename=f"{doc_id}.{fmt}",
                             format=fmt, council="Torbay", doc_date=date),
        actions=[ActionRow(ref=ref, rag=rag) for ref, rag in refs],
    )


def test_papers_that_differ_in_facts_or_date_are_not_linked(tmp_path):
    db = open_db(tmp_path / "p.db")
    january = [("1.1", "red"), ("1.2", "green")]
    for paper in (
        _paper("a", refs=january),
        _paper("b", refs=[("1.1", "amber"), ("1.2", "green")]),  # a status changed: another paper
        _paper("c", refs=january, date="2024-02-29"),  # the same facts a month later: another paper
        _paper("d", refs=january, fmt="docx"),  # the same facts and date: the same paper
    ):
        document = paper.document.model_copy(update={"fingerprint": fingerprint(paper, "")})
        store(db, paper.model_copy(update={"document": document}))
    same_as = dict(db.execute("select filename, same_as from documents").fetchall())
    db.conn.close()
    assert same_as == {"a.pdf": None, "b.pdf": None, "c.pdf": None, "d.docx": "a" * 64}


def test_text_fingerprint_for_papers_without_records():
    plain = NormalisedDocument(document=DocumentRow(id="e" * 64, source_path="e", filename="e", format="text"))
    letter = fingerprint(plain, PROSE)
    with_header = fingerprint(plain, "Torbay Council\nPage 1 of 3\n" + PROSE.replace(". ", ".\n"))
    other = fingerprint(plain, PROSE.replace("case files", "foster carers").replace("audit", "visit"))
    assert letter.startswith(TEXT_PREFIX)
    assert same_paper(letter, with_header), "a header and other line breaks leave the paper the same"
    assert not same_paper(letter, other), "other words make another paper"
    assert fingerprint(plain, "too short") is None


def test_info_counts_documents_and_papers_per_council(tmp_path, pair):
    from click.testing import CliRunner

    from planwatch.cli import cli

    ingest(tmp_path / "p.db", pair)
    facts = __import__("json").loads(CliRunner().invoke(cli, ["info", "--db", str(tmp_path / "p.db"), "--json"]).stdout)
    assert facts["councils"] == [{"council": "Rutland", "council_code": "E06000017", "documents": 2, "papers": 1}]
    assert facts["copies"] == [{"filename": f"{PLAN}.docx", "same_as": f"{PLAN}.pdf"}], "info shows what was taken as one paper"


def test_a_counted_copy_read_again_to_other_facts_leaves_its_copies_counted(tmp_path):
    db = open_db(tmp_path / "p.db")

    def stored(paper):
        document = paper.document.model_copy(update={"fingerprint": fingerprint(paper, "")})
        store(db, paper.model_copy(update={"document": document}))

    stored(_paper("a", refs=[("1.1", "red")]))
    stored(_paper("d", refs=[("1.1", "red")], fmt="docx"))
    assert db.execute("select same_as from documents where filename = 'd.docx'").fetchone() == ("a" * 64,)
    stored(_paper("a", refs=[("1.1", "green")]))  # the PDF read again (a newer planwatch) to other facts
    same_as = dict(db.execute("select filename, same_as from documents").fetchall())
    db.conn.close()
    assert same_as == {"a.pdf": None, "d.docx": None}, "no longer the same paper: both counted"
