"""Linking the same action across a council's papers (store.linking), rule by rule on hand-made papers."""

from __future__ import annotations

import pytest

from planwatch.normalise.models import ActionRow, DocumentRow, NormalisedDocument
from planwatch.store import link_actions, open_db, store, unlinked_councils
from planwatch.store.linking import ActionText, Paper, link_papers, normal_ref

BOARD = "Set up an Improvement Board with an independent chair that meets every month"
RECRUIT = "Recruit permanent social workers and reduce the use of agency staff to one in ten posts"
AUDIT = "Audit fifty contacts to the front door each month and report the findings to the Board"
TRAIN = "Train every team manager in the new model of practice by the end of the year"
CARE = "Open two new children's homes in the borough for children with complex needs"


def paper(name: str, rows: list[tuple], *, council: str | None = "Stockport", date: str | None = "2024-06-01",
          kind: str = "progress_report") -> NormalisedDocument:
    """A stored paper: rows are (ref, action, lead[, rag])."""
    document = DocumentRow(id=name.ljust(64, "0"), source_path=f"/p/{name}.pdf", filename=f"{name}.pdf", format="pdf",
                           council=council, doc_date=date, kind=kind, extracted_at="2026-01-01T00:00:00+00:00")
    actions = [ActionRow(ref=row[0], action=row[1], lead=row[2], rag=row[3] if len(row) > 3 else None) for row in rows]
    return NormalisedDocument(document=document, actions=actions)


def keys(db, name: str) -> list[tuple]:
    return [tuple(row) for row in db.execute(
        "select ref, action_key, action_key_method from actions where document_id = ? order by id",
        [name.ljust(64, "0")]).fetchall()]


def links(db) -> list[tuple]:
    """Every row as (paper, ref, method, the first row of its key), whatever the keys are called."""
    rows = db.execute("select a.document_id, a.ref, a.action_key, a.action_key_method from actions a "
                      "join documents d on d.id = a.document_id order by d.doc_date, a.id").fetchall()
    first: dict[str, int] = {}
    return [(doc[:6], ref, method, first.setdefault(key, i)) for i, (doc, ref, key, method) in enumerate(rows)]


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "p.db")
    yield db
    db.conn.close()


def test_a_progress_report_links_to_its_plan_by_ref(db):
    store(db, paper("plan", [("1.1", BOARD, "DCS"), ("1.2", RECRUIT, "Head of HR")], date="2024-01-10", kind="improvement_plan"))
    store(db, paper("report", [("1.1", BOARD + ".", "DCS"), ("1.2", RECRUIT, "Head of HR")], date="2024-05-10"))
    link_actions(db)
    assert [key for _, key, _ in keys(db, "plan")] == [key for _, key, _ in keys(db, "report")]
    assert [method for *_, method in keys(db, "report")] == ["ref", "ref"]


def test_a_renumbered_action_links_by_its_text(db):
    store(db, paper("plan", [("1.1", BOARD, "DCS"), ("1.2", RECRUIT, "Head of HR"), ("1.3", AUDIT, "Front Door Manager")],
                    date="2024-01-10"))
    store(db, paper("report", [("1.1", BOARD, "DCS"), ("1.2", AUDIT, "Front Door Manager")], date="2024-05-10"))
    link_actions(db)
    plan = {ref: key for ref, key, _ in keys(db, "plan")}
    assert keys(db, "report") == [("1.1", plan["1.1"], "ref"), ("1.2", plan["1.3"], "text")]


def test_a_new_plan_that_restarts_its_numbering_links_nothing(db):
    store(db, paper("old", [("1.1", BOARD, "DCS"), ("1.2", RECRUIT, "Head of HR")], date="2015-03-01"))
    store(db, paper("new", [("1.1", CARE, "Head of Commissioning"), ("1.2", TRAIN, "Principal Social Worker")],
                    date="2023-03-01"))
    link_actions(db)
    assert {key for _, key, _ in keys(db, "old")}.isdisjoint(key for _, key, _ in keys(db, "new"))
    assert [method for *_, method in keys(db, "new")] == ["new", "new"]


def test_a_report_of_the_new_plan_links_to_it_not_to_the_old_plan(db):
    store(db, paper("old", [("1.1", BOARD, "DCS")], date="2015-03-01"))
    store(db, paper("new", [("1.1", CARE, "Head of Commissioning")], date="2023-03-01"))
    store(db, paper("report", [("1.1", CARE, "Head of Commissioning")], date="2023-09-01"))
    link_actions(db)
    assert keys(db, "report")[0][1] == keys(db, "new")[0][1] != keys(db, "old")[0][1]


def test_two_rows_of_one_paper_never_share_a_key(db):
    store(db, paper("plan", [("2.6", BOARD, "DCS"), ("2.6", AUDIT, "DCS")], date="2024-01-10"))
    store(db, paper("report", [("2.6", AUDIT, "DCS"), ("2.6", BOARD, "DCS")], date="2024-05-10"))
    link_actions(db)
    plan, report = keys(db, "plan"), keys(db, "report")
    assert len({key for _, key, _ in plan}) == 2
    assert [key for _, key, _ in report] == [plan[1][1], plan[0][1]], "each row finds its own action by its text"


def test_a_row_without_text_links_on_its_ref_alone(db):
    store(db, paper("plan", [("1.1", BOARD, "DCS")], date="2024-01-10"))
    store(db, paper("sheet", [("1.1", None, None, "red")], date="2024-05-10"))
    link_actions(db)
    (row,) = db.execute("select action_key_method, action_key_score from actions where document_id = ?",
                        ["sheet".ljust(64, "0")]).fetchall()
    assert row == ("ref", 0.5)
    assert keys(db, "sheet")[0][1] == keys(db, "plan")[0][1]


def test_papers_ingested_out_of_date_order_link_as_in_order(db, tmp_path):
    plan = paper("plan", [("1.1", BOARD, "DCS"), ("1.2", RECRUIT, "Head of HR")], date="2024-01-10")
    report = paper("report", [("1.1", BOARD, "DCS"), ("1.3", RECRUIT, "Head of HR")], date="2024-05-10")
    store(db, report)
    link_actions(db)
    store(db, plan)
    link_actions(db, councils=["Stockport"])
    in_order = open_db(tmp_path / "in-order.db")
    store(in_order, plan)
    store(in_order, report)
    link_actions(in_order)
    assert links(db) == links(in_order)
    assert keys(db, "report")[1][2] == "text"


def test_reingesting_a_paper_keeps_its_keys(db):
    plan = paper("plan", [("1.1", BOARD, "DCS"), ("1.2", RECRUIT, "Head of HR")], date="2024-01-10")
    report = paper("report", [("1.1", BOARD, "DCS"), ("1.2", RECRUIT, "Head of HR")], date="2024-05-10")
    store(db, plan)
    store(db, report)
    link_actions(db)
    before = keys(db, "plan") + keys(db, "report")
    store(db, plan)  # its rows are replaced, their keys gone until the next pass
    assert unlinked_councils(db) == {"Stockport"}
    link_actions(db, councils=unlinked_councils(db))
    assert keys(db, "plan") + keys(db, "report") == before


def test_reingesting_a_single_paper_keeps_its_keys(db):
    report = paper("report", [("1.1", BOARD, "DCS"), ("1.2", RECRUIT, "Head of HR")], date="2024-05-10")
    store(db, report)
    link_actions(db)
    before = keys(db, "report")
    store(db, report)
    link_actions(db)
    assert keys(db, "report") == before


def test_a_key_a_chain_held_is_kept_when_an_earlier_paper_arrives(db):
    store(db, paper("report", [("1.1", BOARD, "DCS")], date="2024-05-10"))
    link_actions(db)
    (_, key, _), = keys(db, "report")
    store(db, paper("plan", [("1.1", BOARD, "DCS")], date="2024-01-10"))
    link_actions(db)
    assert keys(db, "plan") == [("1.1", key, "new")] and keys(db, "report") == [("1.1", key, "ref")]


def test_councils_are_linked_apart_and_papers_without_one_not_at_all(db):
    store(db, paper("stockport", [("1.1", BOARD, "DCS")], date="2024-01-10"))
    store(db, paper("swindon", [("1.1", BOARD, "DCS")], council="Swindon", date="2024-05-10"))
    store(db, paper("unknown", [("1.1", BOARD, "DCS")], council=None, date="2024-05-10"))
    link_actions(db)
    assert keys(db, "stockport")[0][1] != keys(db, "swindon")[0][1]
    assert keys(db, "unknown") == [("1.1", None, None)]


@pytest.mark.parametrize("printed, compared", [("1.1", "1.1"), (" 1.1. ", "1.1"), ("WS 1.2", "ws1.2"), ("", None), (None, None)])
def test_refs_are_compared_trimmed_and_in_any_case(printed, compared):
    assert normal_ref(printed) == compared


def test_an_action_back_after_a_paper_without_it_links_to_its_chain():
    papers = [
        Paper("a", "2024-01-01", [ActionText(1, "1.1", BOARD, "DCS"), ActionText(2, "1.2", RECRUIT, "HR")]),
        Paper("b", "2024-03-01", [ActionText(3, "1.1", BOARD, "DCS")]),
        Paper("c", "2024-06-01", [ActionText(4, "1.1", BOARD, "DCS"), ActionText(5, "1.2", RECRUIT, "HR")]),
    ]
    links = link_papers(papers)
    assert links[5].chain == links[2].chain and links[5].method == "ref"


def test_a_summary_sheet_title_links_to_its_plan_action_under_the_same_ref(db):
    store(db, paper("plan", [("2.2", "Improve the quality of all assessments through revised training and a new framework",
                              "Principal Social Worker"), ("4.4", "Complete life story work for every child in care", "HOS")],
                    date="2024-01-10", kind="improvement_plan"))
    store(db, paper("pack", [("2.2", "Quality of Assessments", None), ("4.4", "Kinship", None)], date="2024-05-10",
                    kind="agenda_pack"))
    link_actions(db)
    plan, pack = keys(db, "plan"), keys(db, "pack")
    assert pack[0] == ("2.2", plan[0][1], "ref"), "the title's words all stand in the action"
    assert pack[1][2] == "new", "one word is not enough to stand for an action"


def test_a_copy_in_other_bytes_is_linked_but_not_compared(db):
    """A plan as Word and as PDF (`documents.same_as`): both rows get the key; changes skip the copy."""
    store(db, paper("word", [("1.1", BOARD, "DCS", "amber")], date="2024-01-10", kind="improvement_plan"))
    store(db, paper("pdf", [("1.1", BOARD, "DCS", "amber")], date="2024-01-10", kind="improvement_plan"))
    store(db, paper("report", [("1.1", BOARD, "DCS", "red")], date="2024-05-10"))
    db.execute("update documents set same_as = ? where id = ?", ["word".ljust(64, "0"), "pdf".ljust(64, "0")])
    link_actions(db)
    assert keys(db, "pdf")[0][1] == keys(db, "word")[0][1] == keys(db, "report")[0][1]
    changes = db.execute("select previous_document_id, change from v_action_changes").fetchall()
    assert changes == [("word".ljust(64, "0"), "newly_red")]
    seqs = db.execute("select filename, paper_seq from v_action_history order by paper_seq").fetchall()
    assert seqs == [("word.pdf", 1), ("pdf.pdf", 2), ("report.pdf", 3)], "the copy comes after the paper it copies"


def test_a_batch_links_what_an_earlier_batch_left_unlinked(db, tmp_path):
    """A batch stopped before its linking pass (or a version 1 database) is linked by the next batch."""
    from planwatch.runner import RunSettings, run_batch

    store(db, paper("plan", [("1.1", BOARD, "DCS")], date="2024-01-10"))
    assert keys(db, "plan") == [("1.1", None, None)]
    (tmp_path / "nothing-new").mkdir()
    run_batch([tmp_path / "nothing-new"], db, settings=RunSettings(workers=0))
    assert keys(db, "plan") == [("1.1", "stockport-2024-01-10-1.1", "new")]


def test_an_action_keeps_its_full_text_after_a_summary_sheet_names_it_briefly():
    full = "Improve the quality of all assessments through revised training and a new framework"
    papers = [
        Paper("plan", "2024-01-01", [ActionText(1, "2.2", full, "Principal Social Worker")]),
        Paper("pack", "2024-03-01", [ActionText(2, "2.2", "Quality of Assessments", "")]),
        Paper("report", "2024-06-01", [ActionText(3, "3.1", full, "Principal Social Worker")]),  # renumbered
    ]
    links = link_papers(papers)
    assert links[2].chain == links[1].chain and links[2].method == "ref"
    assert links[3].chain == links[1].chain and links[3].method == "text"
