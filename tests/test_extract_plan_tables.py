"""Unit tests of the plan-table layouts and their normaliser, on documents built by hand.

Each test builds a small RawDocument (text blocks and tables, as a reader
would give them) showing one thing a council's layout does, and checks what
the extractors and `normalise_plan` make of it.
"""

from __future__ import annotations

import pytest

from planwatch.extract import action_table, extract, priorities, rag_counts, rag_key
from planwatch.extract.action_table import ActionTableSettings
from planwatch.extract.common import numeral_value, parse_priority_heading
from planwatch.extract.models import Extraction, RagCountRecord, Source
from planwatch.ingest.models import Cell, Format, Origin, Page, RawDocument, Row, Table, TextBlock
from planwatch.normalise.plan import clean_lead, normalise_plan

ORIGIN = Origin(filename="plan.txt", path="plan.txt", sha256="0" * 64, format=Format.TEXT, size=1)


def table(rows: list[list[str]], *, seq: int = 1, fills: dict[tuple[int, int], str] | None = None) -> Table:
    """A table from rows of cell texts; fills maps (row, col) to a colour."""
    n_cols = max(len(row) for row in rows)
    built = []
    for r, texts in enumerate(rows):
        cells = [Cell(text=text, col=c, fill=(fills or {}).get((r, c))) for c, text in enumerate(texts)]
        built.append(Row(cells=cells, page=1))
    return Table(rows=built, n_cols=n_cols, seq=seq, page=1, method="text")


def document(*items: TextBlock | Table | str) -> RawDocument:
    """A one-page document; strings become text blocks, in the order given."""
    blocks, tables = [], []
    for seq, item in enumerate(items):
        if isinstance(item, str):
            blocks.append(TextBlock(text=item, seq=seq))
        else:
            tables.append(item.model_copy(update={"seq": seq}))
    return RawDocument(origin=ORIGIN, pages=[Page(number=1, blocks=blocks, tables=tables)])


def actions(raw: RawDocument) -> list:
    return action_table.extract(raw).actions


# -- Column roles -------------------------------------------------------------------


def test_other_header_words_and_column_order_are_read():
    raw = document(table([
        ["Status", "Owner", "Task", "No.", "Deadline"],
        ["Green", "Head of Service", "Publish the plan", "4", "31/05/24"],
    ]))
    [row] = actions(raw)
    assert (row.ref, row.action, row.lead, row.due_raw, row.rag_raw) == (
        "4", "Publish the plan", "Head of Service", "31/05/24", "Green")


def test_a_column_of_refs_under_the_action_header_is_the_ref_column():
    # Plymouth 2015: 'Improvement Area' spans the ref column and the text column.
    raw = document(table([
        ["Improvement Area", "", "Overview"],
        ["1", "Ensure reasonable workloads.", "Monitoring is in place."],
        ["2", "Improve oversight.", "Framework agreed."],
    ]))
    rows = actions(raw)
    assert [(row.ref, row.action, row.progress) for row in rows] == [
        ("1", "Ensure reasonable workloads.", "Monitoring is in place."),
        ("2", "Improve oversight.", "Framework agreed."),
    ]


def test_a_column_of_status_letters_without_a_header_is_the_rag_column():
    raw = document(table([
        ["Ref", "Action", "Lead", ""],
        ["1.1", "Agree the model", "Director", "G"],
        ["1.2", "Train staff", "Principal Social Worker", "А"],
    ]))
    assert [row.rag_raw for row in actions(raw)] == ["G", "А"]


def test_a_colour_only_rag_column_is_read_from_its_fills():
    raw = document(table(
        [["Ref", "Action", "Lead", "Timescale", "RAG"],
         ["1.1", "Agree the model", "Director", "July 23", ""],
         ["1.2", "Train staff", "PSW", "Aug 23", ""]],
        fills={(1, 4): "#ffc000", (2, 4): "#00b050"},
    ))
    assert [(row.rag_raw, row.rag_fill) for row in actions(raw)] == [(None, "#ffc000"), (None, "#00b050")]


def test_banded_rows_and_coloured_banners_are_not_statuses():
    shade = {(r, c): "#cfd5ea" for r in (1, 3) for c in range(4)}
    shade.update({(0, c): "#005eb8" for c in range(4)})
    raw = document(table(
        [["Ref", "Action", "Lead", "Timescale"],
         ["1.1", "Agree the model", "Director", "July 23"],
         ["1.2", "Train staff", "PSW", "Aug 23"],
         ["1.3", "Audit plans", "Head of QA", "Sept 23"]],
        fills=shade,
    ))
    assert all(row.rag_fill is None and row.rag_raw is None for row in actions(raw))


def test_a_table_without_an_action_outcome_or_ref_column_is_not_an_action_table():
    raw = document(table([
        ["What we have committed to", "Led by", "Timescale", "Measure"],
        ["Support families", "Lead for Family Hubs", "Mar 2026", "Agreed metrics"],
    ]))
    assert actions(raw) == []


# -- Rows ---------------------------------------------------------------------------


def test_a_ref_printed_inside_the_action_is_taken_out():
    raw = document(table([
        ["Action", "Lead", "Timescale", "RAG"],
        ["1.1 Commission an independent review.", "Director", "01/09/18", "С"],
    ]))
    [row] = actions(raw)
    assert (row.ref, row.action) == ("1.1", "Commission an independent review.")


def test_rows_continued_on_the_next_line_join_the_row_above():
    raw = document(table([
        ["Action", "Lead", "Timescale", "RAG"],
        ["7.5 Review allocations for cases within", "Service Manager -", "31/12/18", "C"],
        ["legal team.", "Business", "", ""],
        ["7.6 Publish the guide", "Head of Legal", "31/01/19", "G"],
    ]))
    rows = actions(raw)
    assert [row.ref for row in rows] == ["7.5", "7.6"]
    assert rows[0].lead == "Service Manager -\nBusiness"
    assert rows[0].action == "Review allocations for cases within\nlegal team."


def test_a_repeated_ref_with_a_new_action_is_a_new_row():
    raw = document(table([
        ["Ref No.", "Actions", "Lead", "Time/Date"],
        ["2.6", "Give staff clear direction", "HOS Front Door", "March 23"],
        ["2.6", "Conclude the redesign", "HOS Front Door", "March 23"],
    ]))
    assert [row.action for row in actions(raw)] == ["Give staff clear direction", "Conclude the redesign"]


def test_repeated_header_rows_are_skipped_and_header_echoes_dropped():
    raw = document(table([
        ["Ref No.", "Actions", "Lead", "Time/Date", "R A G"],
        ["1.1", "Agree the model", "DCS", "July 23", ""],
        ["Ref No.", "Actions", "Lead", "Time scale/ Date", "R A G"],
        ["1.2", "Actions", "SD", "May 23", "E"],
    ]))
    rows = actions(raw)
    assert [(row.ref, row.action, row.rag_raw) for row in rows] == [("1.1", "Agree the model", None), ("1.2", None, "E")]


def test_banner_rows_set_the_priority_of_the_rows_under_them():
    raw = document(table([
        ["REF", "WORKSTREAM DETAIL", "RAG", "COMMENTARY"],
        ["1 Support and Develop Our Workforce", "", "", ""],
        ["1.1", "Workforce Strategy", "G", ""],
        ["", "Priority 2 – Improve Our Practice", "", ""],
        ["2.1", "Practice Standards", "R", "Site to be rebuilt"],
    ]))
    assert [(row.ref, row.priority) for row in actions(raw)] == [("1.1", "1"), ("2.1", "2")]


def test_a_banner_split_across_cells_is_still_a_banner():
    raw = document(table([
        ["Ref No.", "Actions", "Lead", "Time/Date", "RAG"],
        ["", "Priori", "ty 5 – Quali", "ty Assu", "rance and Audit"],
        ["5.1", "Track audit outcomes", "HoS QA", "July 23", ""],
    ]))
    assert [(row.ref, row.priority) for row in actions(raw)] == [("5.1", "5")]


def test_headings_between_tables_set_the_priority():
    header = ["Action", "Lead", "Timescale", "RAG"]
    raw = document(
        "Priority 3: Improve the timeliness of services. (Ref: Ofsted Recommendation 6)",
        table([header, ["3.1 Implement practice standards", "Director of Early Help", "31/07/18", "C"]]),
        "Priority 5: Ensure assessments are updated. (Ref: Ofsted Recommendation 8)",
        table([header, ["5.3 Introduce checks", "Service Manager", "30/09/18", "C"]]),
    )
    assert [(row.ref, row.priority) for row in actions(raw)] == [("3.1", "3"), ("5.3", "5")]


def test_a_dotted_ref_names_its_priority_where_the_banner_was_lost():
    header = ["Action", "Lead", "Timescale", "RAG"]
    raw = document(
        "Priority 1: Review the front door.",
        table([header, ["1.1 Commission a review", "Director", "01/09/18", "C"]]),
        "Priority 9: Find stable homes.",
        table([header, ["9.10 Develop a policy", "Service Manager", "31/12/18", "A"]]),
        "Actions to be completed by 31/03/19",
        table([header, ["2.4 Implement the workspace", "Service Manager", "31/03/19", "R"]]),
    )
    assert [(row.ref, row.priority) for row in actions(raw)] == [("1.1", "1"), ("9.10", "9"), ("2.4", "2")]


def test_banners_win_when_the_refs_do_not_follow_them():
    header = ["Ref", "Action", "Lead", "Timescale"]
    raw = document(table([
        header,
        ["Priority 1 – Leadership", "", "", ""],
        ["3.1", "Publish the plan", "DCS", "May 24"],
        ["Priority 2 – Practice", "", "", ""],
        ["1.1", "Train staff", "PSW", "June 24"],
    ]))
    assert [(row.ref, row.priority) for row in actions(raw)] == [("3.1", "1"), ("1.1", "2")]


def test_cells_run_together_are_read_back_with_a_warning():
    raw = document(table([
        ["Ref No.", "Actions", "Lead", "Time/Date"],
        ["1.4", "Report on time", "DCS", "March 23"],
        ["Priority 2 – Early Help", "1.6The Operating Model implemented. To include CDT.DCS, SD, AD EPSJuly 23Children will"],
        ["2.1", "Agree the strategy", "CSIL", "June 23"],
    ]))
    extraction = action_table.extract(raw)
    recovered = [row for row in extraction.actions if row.ref == "1.6"]
    assert [(row.lead, row.due_raw, row.priority) for row in recovered] == [("DCS, SD, AD EPS", "July 23", None)]
    assert [problem.code for problem in extraction.problems] == ["cells_run_together"]
    assert [row.priority for row in extraction.actions if row.ref == "2.1"] == ["2"]
    assert extraction.problems[0].message.startswith("plan.txt p.1: row 1.6: its cells ran together into one string")


def test_a_sentence_laid_across_the_table_does_not_continue_the_row_above():
    raw = document(table([
        ["Ref No.", "Actions", "Lead", "Time/Date", "Impact"],
        ["2.10", "Triage referrals", "HOS Front Door", "Dec 2023", ""],
        ["Social", "work practice is o", "f consistently high quality an ch", "d assessments are safe", "wo"],
    ]))
    [row] = actions(raw)
    assert row.lead == "HOS Front Door"


def test_project_grid_leads_fill_rows_that_have_none():
    grid = table([
        ["1 – SUPPORT OUR WORKFORCE", "2 – IMPROVE OUR PRACTICE"],
        ["Workforce Strategy (BEC WINDSOR)", "Practice Standards (TIM NEWTON)"],
        ["Recruitment Project (BEC WINDSOR)", "CSE - To review information sharing (EMMA BRITAIN / ADAM JOHNSTON)"],
        ["Pay Review (TINA RUSSELL)", "Engagement with Young People (SALLY CLEWES)"],
    ])
    summary = table([
        ["REF", "WORKSTREAM DETAIL", "RAG"],
        ["1 Support Our Workforce", "", ""],
        ["1.1", "Workforce Strategy", "G"],
        ["1.2", "Pay Review", "A"],
        ["2 Improve Our Practice", "", ""],
        ["2.1", "Child Sexual Exploitation (CSE)", "G"],
        ["2.2", "Children in Care Council", "R"],
    ])
    rows = actions(document(grid, "Summary sheet", summary))
    assert [(row.ref, row.lead) for row in rows] == [
        ("1.1", "BEC WINDSOR"), ("1.2", "TINA RUSSELL"), ("2.1", "EMMA BRITAIN / ADAM JOHNSTON"), ("2.2", None),
    ]


def test_the_layout_report_counts_rows_and_blank_cells():
    raw = document(table([
        ["Ref", "Action", "Lead", "Timescale", "RAG"],
        ["1", "Agree the model", "", "July 23", "G"],
        ["", "", "", "", ""],
    ]))
    [report] = action_table.extract(raw).reports
    assert (report.layout, report.records, report.cells_blank) == ("action_table", 1, 1)


def test_debug_shows_how_each_row_was_read():
    raw = document(table([["Ref", "Action", "Lead"], ["1", "Agree", "DCS"], ["", "and publish", ""]]))
    kinds = [entry["kind"] for entry in action_table.debug(raw)["trace"]]
    assert kinds == ["header", "record", "continuation"]


def test_settings_name_the_bad_value():
    with pytest.raises(ValueError, match="content_share"):
        ActionTableSettings(content_share=0)
    assert ActionTableSettings.resolve({"min_roles": 4}).min_roles == 4


# -- Priorities ---------------------------------------------------------------------


def test_priority_headings_keep_their_inspection_reference():
    raw = document(
        "Priority 1: Urgently review ICRT. (Ofsted Recommendation 1)",
        "• Priority 2: Ensure children at risk have an assessment (Ofsted",
        "Recommendation 2)",
        "PRIORITY 3 – GOVERNANCE AND LEADERSHIP",
        "Work-stream 4 - Support and Develop Our Workforce",
    )
    found = priorities.extract(raw).priorities
    assert [(p.number, p.title, p.inspection_ref) for p in found] == [
        ("1", "Urgently review ICRT", "Ofsted Recommendation 1"),
        ("2", "Ensure children at risk have an assessment", "Ofsted Recommendation 2"),
        ("3", "GOVERNANCE AND LEADERSHIP", None),
        ("4", "Support and Develop Our Workforce", None),
    ]


def test_a_numbered_list_is_priorities_only_after_a_paragraph_about_priorities():
    raw = document(
        "The project has five design principles:",
        "1. Keep the workforce stable",
        "2. Design a new operating model",
        "Our 3 improvement priorities are:",
        "I. Governance, leadership and management",
        "2. Early Help and Front Door responses",
        "3. Quality assurance and audit",
    )
    found = priorities.extract(raw).priorities
    assert [(p.number, p.title) for p in found] == [
        ("I", "Governance, leadership and management"),
        ("2", "Early Help and Front Door responses"),
        ("3", "Quality assurance and audit"),
    ]


def test_a_plain_title_replaces_one_in_capitals():
    raw = document(
        table([["PRIORITY I – GOVERNANCE, LEADERSHIP AND MANAGEMENT", "12"]]),
        "Our priorities are:",
        "I. Governance, leadership and management",
        "2. Early Help",
    )
    found = priorities.extract(raw).priorities
    assert [(p.number, p.title) for p in found] == [("I", "Governance, leadership and management"), ("2", "Early Help")]


@pytest.mark.parametrize("text", [
    "Priority action plans were agreed", "Priority 2 necessarily attends to the front door",
    "objectiv", "these 54,189 homes", "riority 1: Levelling up",
])
def test_sentences_and_fragments_are_not_priority_headings(text):
    assert parse_priority_heading(text) is None


@pytest.mark.parametrize(("text", "value"), [("I", 1), ("IV", 4), ("2", 2), ("l", 1), ("VI", 6), ("ONE", None)])
def test_priority_numerals(text, value):
    assert numeral_value(text) == value


# -- RAG keys -----------------------------------------------------------------------


def test_rag_key_lines_with_dashes_and_letters():
    raw = document(table([
        ["Task Rating Key:", ""],
        ["Red – Task is overdue", ""],
        ["Amber E (yellow) - Task implemented but impact not yet evidenced", ""],
        ["Green – Task implemented and embedded", ""],
    ]))
    found = rag_key.extract(raw).rag_key
    assert [(k.label, k.definition) for k in found] == [
        ("Red", "Task is overdue"),
        ("Amber E (yellow)", "Task implemented but impact not yet evidenced"),
        ("Green", "Task implemented and embedded"),
    ]


def test_rag_key_in_two_cells_and_coloured_swatches():
    raw = document(table(
        [["RED", "The action has not yet started."], ["COMPLETED", "The action has been completed and evidenced."]],
        fills={(0, 0): "#ff0000", (1, 0): "#0070c0"},
    ))
    found = rag_key.extract(raw).rag_key
    assert [(k.label, k.fill) for k in found] == [("RED", "#ff0000"), ("COMPLETED", "#0070c0")]


def test_criteria_keys_are_read():
    raw = document(
        "RAG Rating:",
        "To RAG a project green ALL criteria must be in place",
        "To RAG a project amber ONE criteria must not be in place",
        "To RAG a project red TWO or MORE criteria must not be in place",
    )
    found = rag_key.extract(raw).rag_key
    assert [(k.label, k.definition) for k in found] == [
        ("green", "ALL criteria must be in place"),
        ("amber", "ONE criteria must not be in place"),
        ("red", "TWO or MORE criteria must not be in place"),
    ]


def test_a_lone_line_starting_with_a_colour_is_no_key():
    raw = document("Red Lion House – the venue for the meeting", "Members are asked to note the report.")
    assert rag_key.extract(raw).rag_key == []


# -- RAG count grids ------------------------------------------------------------------


def test_count_grid_with_statuses_as_rows():
    raw = document(table([
        ["", "PRIORITIES", "", ""],
        ["CURRENT RAG RATINGS", "1", "2", "Total"],
        ["Red", "0", "1", "1"],
        ["Green", "3", "2", "5"],
        ["Total", "3", "3", "6"],
    ]))
    found = rag_counts.extract(raw).rag_counts
    assert [(c.grp, c.status_raw, c.count) for c in found] == [
        ("1", "Red", 0), ("2", "Red", 1), ("Total", "Red", 1),
        ("1", "Green", 3), ("2", "Green", 2), ("Total", "Green", 5),
        ("1", "Total", 3), ("2", "Total", 3), ("Total", "Total", 6),
    ]


def test_count_grid_with_statuses_as_columns():
    raw = document(table([
        ["Directorate", "Red", "Amber", "Green", "Total"],
        ["Children's Social Care", "1", "2", "3", "6"],
        ["Education", "0", "1", "1", "2"],
    ]))
    found = rag_counts.extract(raw).rag_counts
    assert ("Children's Social Care", "Amber", 2) in [(c.grp, c.status_raw, c.count) for c in found]
    assert len(found) == 8


def test_a_finance_table_with_totals_is_no_count_grid():
    raw = document(table([["Budget line", "2024-25", "Total"], ["Staffing", "1200", "1200"], ["Total", "1200", "1200"]]))
    assert rag_counts.extract(raw).rag_counts == []


# -- Normalising ----------------------------------------------------------------------


def test_normalise_plan_reads_dates_statuses_and_numbers():
    raw = document(
        table([["Task Rating Key:", ""], ["Red – Task is overdue", ""], ["Amber E (yellow) - Implemented", ""]]),
        "Our priorities are:",
        "I. Governance",
        "2. Early Help",
        table([
            ["Ref No.", "Actions", "Lead", "Time/Date", "R A G"],
            ["", "Priority I – Governance", "", "", ""],
            ["1.1", "Agree the model", "DCS and SD.", "July 23", "Е"],
            ["1.2", "Publish the plan", "AII HOS", "May", ""],
            ["1.3", "Hold the board", "HOS Permanen ce", "Immediately", "R"],
            ["1.4", "Track outcomes", "Operational MASH Group", "May 23 Ongoing through the year", ""],
        ]),
    )
    rows = normalise_plan(extract(raw))
    assert [(a.ref, a.priority, a.lead, a.due_date, a.rag) for a in rows.actions] == [
        ("1.1", "1", "DCS and SD", "2023-07-31", "amber"),
        ("1.2", "1", "All HOS", "2023-05-31", None),
        ("1.3", "1", "HOS Permanence", None, "red"),
        ("1.4", "1", "Operational MASH Group", "2023-05-31", None),
    ]
    assert [p.number for p in rows.priorities] == ["1", "2"]
    assert [(k.label, k.rag) for k in rows.rag_key] == [("Red", "red"), ("Amber E (yellow)", "amber")]


def test_a_colour_only_status_keeps_its_colour_as_rag_raw():
    raw = document(table(
        [["Ref", "Action", "Lead", "Timescale", "RAG"], ["1.1", "Agree the model", "DCS", "01/09/24", ""]],
        fills={(1, 4): "#00b050"},
    ))
    [row] = normalise_plan(extract(raw)).actions
    assert (row.rag_raw, row.rag) == ("#00b050", "green")


def test_a_count_grid_that_does_not_add_up_is_an_error_saying_where():
    counts = [
        RagCountRecord(grp=grp, status_raw=status, count=count, source=Source(page=3, table=7))
        for status, values in (("Red", (1, 2, 3)), ("Amber", (0, 1, 2)), ("Total", (1, 3, 5)))
        for grp, count in zip(("1", "2", "Total"), values)
    ]
    rows = normalise_plan(Extraction(origin=ORIGIN, rag_counts=counts))
    assert len(rows.rag_counts) == 9
    [problem] = [p for p in rows.problems if p.code == "rag_counts_do_not_add_up"]
    assert problem.severity.value == "error"
    assert "row 'Amber' adds up to 1 but its 'Total' says 2" in problem.message
    assert "p.3" in problem.message and "plan.txt" in problem.message


def test_unrecognised_statuses_are_kept_and_reported_once():
    raw = document(table([
        ["Ref", "Action", "Status"],
        ["1", "Agree", "Partly done"],
        ["2", "Publish", "Partly done"],
    ]))
    rows = normalise_plan(extract(raw))
    assert [(a.rag_raw, a.rag) for a in rows.actions] == [("Partly done", None), ("Partly done", None)]
    assert [p.code for p in rows.problems] == ["status_not_recognised"]


@pytest.mark.parametrize(("printed", "clean"), [
    ("MSET Co- ordinator", "MSET Co-ordinator"),
    ("DCS, SD, HOS and operationa I managers, Partners", "DCS, SD, HOS and operational managers, Partners"),
    ("Improveme\nnt Team Manager/\nTeam\nManagers MASH/", "Improvement Team Manager/ Team Managers MASH/"),
    ("PIL, QA Lead Team Managers, CP Chairs and IRO's.", "PIL, QA Lead Team Managers, CP Chairs and IRO's"),
    ("CSIL/ HOS Targeted Support", "CSIL/ HOS Targeted Support"),
])
def test_leads_are_repaired_without_inventing_words(printed, clean):
    assert clean_lead(printed) == clean


def test_a_new_header_word_is_supported_by_extending_the_vocabulary(monkeypatch):
    # The example in extract/README.md: 'Who is responsible' names no role until the vocabulary says so.
    from planwatch.extract import common

    raw = document(table([
        ["Objective", "What we will do", "Who is responsible", "Target completion", "Progress RAG"],
        ["Theme 2 – Safer families", "", "", "", ""],
        ["2.1", "Relaunch the front door", "Head of MASH", "Sept 24", "Amber"],
        ["2.2", "Train the duty team", "Principal SW", "Oct 24", "Green"],
    ]))
    assert [(row.ref, row.priority, row.lead) for row in actions(raw)] == [("2.1", "2", None), ("2.2", "2", None)]
    vocab = common.vocabulary()
    extended = {**vocab, "columns": {**vocab["columns"], "lead": {
        **vocab["columns"]["lead"], "words": [*vocab["columns"]["lead"]["words"], "Who is responsible"]}}}
    monkeypatch.setattr(common, "vocabulary", lambda: extended)
    common.column_role.cache_clear()
    try:
        assert [row.lead for row in actions(raw)] == ["Head of MASH", "Principal SW"]
    finally:
        common.column_role.cache_clear()


def test_a_header_printed_apart_from_its_rows_takes_its_refs_from_them():
    # A text rendering whose banner line has no tabs: the header is a table of its own.
    raw = document(
        table([["Objective", "What we will do", "Lead", "Target completion", "Progress RAG"]]),
        "Theme 2 – Safer families",
        table([
            ["2.1", "Relaunch the front door", "Head of MASH", "Sept 24", "Amber"],
            ["2.2", "Train the duty team", "Principal SW", "Oct 24", "Green"],
        ]),
    )
    assert [(row.ref, row.priority, row.lead, row.rag_raw) for row in actions(raw)] == [
        ("2.1", "2", "Head of MASH", "Amber"), ("2.2", "2", "Principal SW", "Green"),
    ]


# -- Refs are text ------------------------------------------------------------------

LONG_PLAN_REFS = ["98.99", "98.100", "98.101", "99.1", "99.99", "99.100", "100.1", "100.99", "100.100", "101.7"]
"""Refs of a plan with a hundred priorities of a hundred actions and more: 'N.100' is not 'N.99' or 'N.1'."""


def _long_plan_rows() -> list[list[str]]:
    return [[ref, f"Review casework {ref}", "DCS", "March 2025", "Green"] for ref in LONG_PLAN_REFS]


def test_refs_past_99_are_rows_of_their_own():
    raw = document(table([["Ref", "Action", "Lead", "Timescale", "RAG"], *_long_plan_rows()]))
    found = actions(raw)
    assert [record.ref for record in found] == LONG_PLAN_REFS
    assert [record.action for record in found] == [f"Review casework {ref}" for ref in LONG_PLAN_REFS]


@pytest.mark.parametrize("form", ["pdf", "text"])
def test_refs_past_99_are_stored_as_printed(tmp_path, form):
    from builders import table_pdf
    from planwatch.pipeline import process

    if form == "pdf":
        path = table_pdf(tmp_path / "long-plan.pdf", _long_plan_rows(), widths=[50, 230, 100, 70, 40])
    else:
        path = tmp_path / "long-plan.txt"
        lines = ["\t".join(["Ref", "Action", "Lead", "Timescale", "RAG"])] + ["\t".join(row) for row in _long_plan_rows()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    normalised = process(path)
    assert [(action.ref, action.action) for action in normalised.actions] == [
        (ref, f"Review casework {ref}") for ref in LONG_PLAN_REFS
    ]


def test_a_priority_numbered_past_99_is_a_heading():
    assert parse_priority_heading("Priority 100: Leadership and management").number == "100"


def test_a_ref_wrapped_in_a_narrow_column_is_one_ref(tmp_path):
    from builders import table_pdf
    from planwatch.pipeline import process

    path = table_pdf(tmp_path / "narrow.pdf", _long_plan_rows())  # a ref column of 40 points wraps '98.100'
    assert [(action.ref, action.action) for action in process(path).actions] == [
        (ref, f"Review casework {ref}") for ref in LONG_PLAN_REFS
    ]


@pytest.mark.parametrize("text, ref", [
    ("98.10\n0", "98.100"), ("100.\n100", "100.100"), ("1.1\n1.2", None), ("12\n3", None), ("2.4.1", "2.4.1"),
])
def test_ref_text_joins_a_ref_broken_over_lines_only(text, ref):
    from planwatch.extract.common import ref_text

    assert ref_text(text) == ref
