"""The inspection layout on hand-built pages: what a paper is, its dates, grades and recommendations lists."""

from __future__ import annotations

import datetime as dt

import pytest

from planwatch.extract import inspection
from planwatch.extract.inspection import paper_kind
from planwatch.extract.models import Extraction, InspectionRecord, JudgementRecord, RecommendationRecord, Source
from planwatch.ingest.models import Format, Origin, Page, RawDocument
from planwatch.normalise import normalise
from planwatch.normalise.inspection import day_of, framework_of, grade_of, inspection_dates
from planwatch.normalise.models import JudgementRow

ILACS_COVER = """Inspection of Rutland local authority
children’s services
Inspection dates: 6 to 17 November 2023
Lead inspector: Jane Example, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Requires improvement to be good
The experiences and progress of
children who need help and protection
Inadequate
The experiences and progress of
children in care
Good
The experiences and progress of care
leavers
Outstanding
Overall effectiveness Requires improvement to be good
"""

SIF_COVER = """1
Exampleshire County Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
Inspection date: 27 November 2017 – 8 December 2017
Report published: 2 February 2018
Children’s services in Exampleshire require improvement to be
good
1. Children who need help and protection Good
2. Children looked after and achieving
permanence
Requires
Improvement
2.1 Adoption performance Outstanding
2.2 Experiences and progress of care leavers Inadequate
3. Leadership, management and governance Requires improvement
"""

LETTER = """9 November 2021
Ms A Director
Dear Ms Director
Focused visit to Exampleshire children’s services
This letter summarises the findings of the focused visit to Exampleshire children’s
services on 30 September and 1 October 2021. Her Majesty’s Inspectors for this visit
were Ann Lead and Bob Second.
"""


def _raw(*pages: str, filename: str = "paper.pdf") -> RawDocument:
    origin = Origin(filename=filename, path=filename, sha256="0" * 64, format=Format.PDF, size=1)
    return RawDocument(origin=origin, pages=[Page(number=n, text=text) for n, text in enumerate(pages, start=1)])


@pytest.mark.parametrize("text, expected", [
    (ILACS_COVER, ("inspection_report", "ilacs")),
    (SIF_COVER, ("inspection_report", "sif")),
    (LETTER, ("inspection_letter", "focused_visit")),
    # A plan answering an inspection names it, but is no inspection report.
    ("Children's Services Improvement Plan\nOur response to the Inspection of Rutland local authority "
     "children's services\nInspection dates: 6 to 17 November 2023", (None, None)),
    ("Minutes of the Children's Scrutiny Panel\nThe panel discussed the inspection of local authority "
     "children's services and the focused visit.", (None, None)),
])
def test_paper_kind_reads_the_first_page(text, expected):
    assert paper_kind(text) == expected


@pytest.mark.parametrize("text, start, end", [
    ("2 to 13 December 2024", "2024-12-02", "2024-12-13"),
    ("21 November to 2 December 2022", "2022-11-21", "2022-12-02"),
    ("27 November 2017 – 8 December 2017", "2017-11-27", "2017-12-08"),
    ("8 – 12 July 2013", "2013-07-08", "2013-07-12"),
    ("12/09/2016 to 06/10/2016", "2016-09-12", "2016-10-06"),
    ("29 December to 9 January 2025", "2024-12-29", "2025-01-09"),
    ("30 September and 1 October 2021", "2021-09-30", "2021-10-01"),
    ("12 March 2014", "2014-03-12", "2014-03-12"),
])
def test_inspection_dates_read_ranges(text, start, end):
    assert tuple(day.isoformat() for day in inspection_dates(text)) == (start, end)


@pytest.mark.parametrize("text, expected", [
    ("09 may 2025", dt.date(2025, 5, 9)),  # a file name's small 'may'
    ("2023-01-31", dt.date(2023, 1, 31)),
    ("25/11/2016", dt.date(2016, 11, 25)),
])
def test_day_of_reads_file_name_and_printed_dates(text, expected):
    assert day_of(text) == expected


@pytest.mark.parametrize("printed, grade", [
    ("Requires improvement to be good", "requires_improvement"),
    ("Requires \nImprovement", "requires_improvement"),
    ("require improvement", "requires_improvement"),
    ("Outstanding", "outstanding"),
    ("inadequate", "inadequate"),
    ("Adequate", None),
    ("Not Judged", None),
    ("Grade 4 (inadequate)", "inadequate"),
    ("Grade 3 (adequate)", None),
])
def test_grade_of(printed, grade):
    found = grade_of(printed)
    assert (found.value if found else None) == grade


def test_ilacs_cover_gives_every_judgement_and_the_2023_names():
    extraction = inspection.extract(_raw(ILACS_COVER, "What needs to improve?\n◼ The response to neglect."))
    grades = {record.judgement: record.grade_raw for record in extraction.judgements}
    assert grades == {
        "impact_of_leaders": "Requires improvement to be good", "help_and_protection": "Inadequate",
        "children_in_care": "Good", "care_leavers": "Outstanding",
        "overall_effectiveness": "Requires improvement to be good",
    }
    record = extraction.inspections[0]
    assert (record.dates_raw, record.lead_inspector) == ("6 to 17 November 2023", "Jane Example")
    assert extraction.metadata.kind == "inspection_report"


def test_combined_children_in_care_and_care_leavers_gives_no_care_leavers_row():
    cover = ILACS_COVER.replace(
        "children in care\nGood\nThe experiences and progress of care\nleavers\nOutstanding",
        "children in care and care\nleavers\nGood",
    )
    names = [record.judgement for record in inspection.extract(_raw(cover)).judgements]
    assert "children_in_care" in names and "care_leavers" not in names


def test_sif_cover_maps_its_judgements():
    extraction = inspection.extract(_raw(SIF_COVER))
    grades = {record.judgement: " ".join(record.grade_raw.split()) for record in extraction.judgements}
    assert grades == {
        "impact_of_leaders": "Requires improvement", "help_and_protection": "Good",
        "children_in_care": "Requires Improvement", "adoption": "Outstanding", "care_leavers": "Inadequate",
        "overall_effectiveness": "require improvement to be good",
    }
    assert extraction.inspections[0].published_raw == "2 February 2018"


def test_letter_dates_lead_and_bulleted_list_over_a_page_break():
    second = (
        "2\nWhat needs to improve in this area of social work practice?\n"
        "◼ The quality of written plans, so that they\nare specific.\n"
        "◼ Management oversight of\n"
    )
    third = "3\nchildren in care.\nMain findings\n1. Leaders have...\nYours sincerely\nAnn Lead\nHis Majesty’s Inspector"
    extraction = inspection.extract(_raw(LETTER, second, third))
    record = extraction.inspections[0]
    assert (record.kind, record.dates_raw, record.published_raw) == (
        "inspection_letter", "30 September and 1 October 2021", "9 November 2021")
    assert record.lead_inspector == "Ann Lead"
    assert [(r.number, r.text, r.source.page) for r in extraction.recommendations] == [
        ("1", "The quality of written plans, so that they are specific.", 2),
        ("2", "Management oversight of children in care.", 2),
    ]


def test_numbered_recommendations_keep_sub_bullets_and_stop_at_the_next_section():
    page = (
        "Recommendations\n1. Ensure that plans are clear.\n2. Strengthen the response by ensuring that:\n"
        "• governance is clear\n• actions are recorded.\n3. Improve supervision.\n"
        "Summary for children and young people\n4. Not a recommendation.\n"
    )
    found = inspection.extract(_raw(SIF_COVER, page)).recommendations
    assert [(r.number, r.text[:40], r.section) for r in found] == [
        ("1", "Ensure that plans are clear.", "recommendations"),
        ("2", "Strengthen the response by ensuring that", "recommendations"),
        ("3", "Improve supervision.", "recommendations"),
    ]
    assert found[1].text.endswith("• governance is clear • actions are recorded.")


def test_an_introduction_and_timing_headings_are_not_items():
    page = (
        "Areas for improvement\n15. In order to improve the services, the local authority should take the "
        "following action.\nImmediately:\n• ensure all children have a plan\n"
        "Within three months:\n• review supervision.\nOutcomes for children\n"
    )
    found = inspection.extract(_raw(SIF_COVER, page)).recommendations
    assert [(r.number, r.text) for r in found] == [("1", "ensure all children have a plan"), ("2", "review supervision.")]


def test_published_falls_back_to_the_file_name():
    raw = _raw(ILACS_COVER, filename="children's services inspection - 09 may 2025.pdf")
    assert inspection.extract(raw).inspections[0].published_raw == "09 may 2025"


def test_other_papers_give_nothing():
    extraction = inspection.extract(_raw("Children's Services Improvement Plan\nPriority 1: Governance"))
    assert (extraction.inspections, extraction.judgements, extraction.recommendations) == ([], [], [])


@pytest.mark.parametrize("family, names, days, framework", [
    ("ilacs", ["overall_effectiveness", "children_in_care"], 11, "ilacs_standard"),
    ("ilacs", ["overall_effectiveness", "children_in_care"], 4, "ilacs_short"),
    ("ilacs", ["children_in_care", "care_leavers"], 11, "ilacs_2026"),
    ("sif", ["overall_effectiveness"], 24, "sif"),
    ("focused_visit", [], 1, "focused_visit"),
])
def test_framework_of(family, names, days, framework):
    record = InspectionRecord(kind="inspection_report", family=family)
    judgements = [JudgementRow(judgement=name) for name in names]
    assert framework_of(record, judgements, days).value == framework


def test_normalise_sets_kind_and_date_and_rows():
    raw = _raw(ILACS_COVER, "What needs to improve?\n◼ The response to neglect.\n",
               filename="children's services inspection - 10 january 2024.pdf")
    extraction = inspection.extract(raw)
    normalised = normalise(Extraction(
        origin=raw.origin, metadata=extraction.metadata, inspections=extraction.inspections,
        judgements=extraction.judgements, recommendations=extraction.recommendations,
    ))
    assert normalised.document.kind == "inspection_report"
    assert normalised.document.doc_date == "2024-01-10"
    row = normalised.inspections[0]
    assert (row.framework, row.inspection_start, row.inspection_end, row.published) == (
        "ilacs_standard", "2023-11-06", "2023-11-17", "2024-01-10")
    assert [(r.judgement, r.grade) for r in normalised.inspection_judgements][:2] == [
        ("impact_of_leaders", "requires_improvement"), ("help_and_protection", "inadequate")]
    assert [(r.number, r.text, r.section) for r in normalised.recommendations] == [
        ("1", "The response to neglect.", "what needs to improve")]


def test_doc_date_is_the_last_day_when_nothing_gives_a_published_date():
    raw = _raw(ILACS_COVER, filename="report.pdf")
    extraction = inspection.extract(raw)
    normalised = normalise(Extraction(origin=raw.origin, metadata=extraction.metadata,
                                      inspections=extraction.inspections, judgements=extraction.judgements))
    assert normalised.document.doc_date == "2023-11-17"
    assert normalised.inspections[0].published is None
    assert any(problem.code == "inspection_incomplete" and "published date" in problem.message
               for problem in normalised.problems)


def test_records_keep_their_pages():
    record = RecommendationRecord(number="1", text="x", section="what needs to improve", source=Source(page=3))
    judgement = JudgementRecord(judgement="lscb", label="The LSCB is", grade_raw="good", source=Source(page=39))
    assert (record.source.page, judgement.source.page) == (3, 39)


def test_matches_and_debug_show_the_steps():
    raw = _raw(ILACS_COVER, "What needs to improve?\n◼ The response to neglect.\n")
    assert inspection.matches(raw) and not inspection.matches(_raw("Agenda\nApologies"))
    steps = inspection.debug(raw)
    assert (steps["kind"], steps["family"]) == ("inspection_report", "ilacs")
    assert [item["text"] for item in steps["recommendations"]] == ["The response to neglect."]
    assert inspection.debug(_raw("Agenda\nApologies"))["first_lines"] == "Agenda\nApologies"


def test_an_item_saying_there_is_nothing_to_list_is_not_a_recommendation():
    page = ("What does the local authority need to improve?\n"
            "12. The inspection did not find any areas for priority and immediate action.\n"
            "Areas for improvement\n13. Ensure that plans are specific.\nThe local authority\n")
    found = inspection.extract(_raw(SIF_COVER, page)).recommendations
    assert [(r.number, r.section) for r in found] == [("13", "areas for improvement")]


def test_sub_bullets_of_another_mark_stay_in_their_item():
    page = ("What needs to improve in this area of social work practice\n"
            "◼ The quality of written records, including:\n⎯ the child’s written plan\n⎯ supervision records.\n"
            "◼ Letters before proceedings.\nFindings\n")
    found = inspection.extract(_raw(LETTER, page)).recommendations
    assert [r.text for r in found] == [
        "The quality of written records, including: ⎯ the child’s written plan ⎯ supervision records.",
        "Letters before proceedings.",
    ]
