"""The metadata layout (extract/metadata.py, extract/cover.py) and its normalisation (normalise/metadata.py).

Unit tests on hand-built RawDocuments; the seeds and the Kent corpus are in test_metadata_golden.py.
"""

from __future__ import annotations

import pytest

from planwatch.extract import LAYOUT_MODULES
from planwatch.extract.cover import CoverSettings
from planwatch.extract.metadata import MetadataSettings, extract
from planwatch.extract.models import Extraction, MetadataRecord
from planwatch.ingest.models import Format, Origin, Page, RawDocument
from planwatch.normalise.metadata import normalise_metadata, parse_cues


def make_raw(*pages: str, filename: str = "paper.pdf", folder: str = "papers",
             metadata: dict[str, str] | None = None) -> RawDocument:
    origin = Origin(filename=filename, path=f"{folder}/{filename}", sha256="0" * 64, format=Format.PDF, size=1)
    return RawDocument(origin=origin, pages=[Page(number=i + 1, text=text) for i, text in enumerate(pages)],
                       metadata=metadata or {})


def record_of(*pages: str, **kwargs) -> MetadataRecord:
    return extract(make_raw(*pages, **kwargs)).metadata


def test_layout_is_registered() -> None:
    assert LAYOUT_MODULES["metadata"] == "planwatch.extract.metadata"


def test_label_grid() -> None:
    record = record_of(
        "Education and Children's Social Care Overview and Scrutiny Committee\n"
        "Date of meeting: 07 November 2023\nTitle of Report: Children's Improvement Plan and Highlight Report\n"
        "Author: Vivien Lines\nContact Email: vivien.lines@plymouth.gov.uk\n"
    )
    assert (record.date_raw, record.date_source) == ("07 November 2023", "meeting")
    assert record.title == "Children's Improvement Plan and Highlight Report"
    assert record.body == "Education and Children's Social Care Overview and Scrutiny Committee"
    assert record.author == "Vivien Lines"
    assert record.kind == "progress_report"
    assert "email: vivien.lines@plymouth.gov.uk" in record.council_text


def test_to_line_gives_committee_and_meeting_date() -> None:
    record = record_of(
        "From: Roger Gough – Leader of the Council\nTo: Cabinet – 4 March 2025\n"
        "Subject: Quarterly Performance Report, Quarter 3, 2024/25\nClassification: Unrestricted\n"
    )
    assert (record.body, record.date_raw, record.date_source) == ("Cabinet", "4 March 2025", "meeting")
    assert record.author == "Roger Gough – Leader of the Council"
    assert record.reporting_period_raw == "Quarter 3, 2024/25"
    assert record.kind == "performance_report"


def test_committee_heading_over_a_meeting_date() -> None:
    record = record_of(
        "Agenda\nChildren and Families Overview and Scrutiny Panel\nMonday, 13 March 2017, 2.00 pm\n"
        "County Hall, Worcester\n"
    )
    assert (record.body, record.date_raw, record.date_source) == (
        "Children and Families Overview and Scrutiny Panel", "Monday, 13 March 2017", "meeting")
    assert record.kind == "agenda_pack"


def test_date_label_under_a_committee_is_the_meeting() -> None:
    record = record_of("TOGETHER FOR CHILDREN QUALITY & IMPROVEMENT COMMITTEE\nDATE: 21/01/19\n"
                       "REPORT AUTHOR: Lynsey Thurgood, Business Manager\nSUBJECT: Learning and Improvement Plan\n")
    assert record.body == "Together for Children Quality & Improvement Committee"
    assert (record.date_raw, record.date_source) == ("21/01/19", "meeting")
    assert record.title == "Learning and Improvement Plan"


@pytest.mark.parametrize("cover, date_raw, source", [
    ("Improvement Plan\nAccurate when produced on 24/02/2017\n", "24/02/2017", "document"),
    ("Children's Services Improvement Plan\nApril 2023\n", "April 2023", "document_month"),
    ("Improvement Plan\n06 February 2025\n", "06 February 2025", "document"),
])
def test_the_papers_own_date(cover: str, date_raw: str, source: str) -> None:
    record = record_of(cover)
    assert (record.date_raw, record.date_source) == (date_raw, source)


def test_date_of_an_event_in_a_paragraph_is_never_the_papers() -> None:
    paragraph = ("Following the inspection by Ofsted on 14 October 2014 an Improvement Board was established and "
                 "met for the first time on 11 March 2015 to monitor the plan and to report progress to members.")
    record = record_of(f"IMPROVEMENT PLAN UPDATE ON PROGRESS\n{paragraph}\n")
    assert record.date_raw is None


def test_month_only_meeting_date_says_so() -> None:
    record = record_of("Wirral Council\nChildren's Services Improvement Plan Action Tracker\n"
                       "Children, Young People and Education Committee – June 2024\nReport owner: Daniel Okafor\n")
    assert (record.date_raw, record.date_source) == ("June 2024", "meeting_month")
    assert record.body == "Children, Young People and Education Committee"
    assert (record.author, record.kind) == ("Daniel Okafor", "improvement_plan")


def test_a_title_is_not_taken_for_a_committee() -> None:
    record = record_of("Halton Borough Council\nChildren, Young People and Families Policy and Performance Board\n"
                       "Title of Report: Children's Services Improvement Plan – Scrutiny Update\n")
    assert record.body == "Children, Young People and Families Policy and Performance Board"
    assert record.title == "Children's Services Improvement Plan – Scrutiny Update"


def test_the_plan_itself_under_a_report_cover() -> None:
    record = record_of("Rutland County Council\nChildren's Services Improvement Plan\n"
                       "Date of meeting: 12 March 2024\nCommittee: Children and Families Scrutiny Panel\n"
                       "Author: Helen Marsh\n")
    assert (record.kind, record.body, record.date_raw) == (
        "improvement_plan", "Children and Families Scrutiny Panel", "12 March 2024")


def test_minutes() -> None:
    record = record_of(
        "KENT COUNTY COUNCIL\nCABINET\nMINUTES of a meeting of the Cabinet held in the Council Chamber, Sessions\n"
        "House, County Hall, Maidstone on Thursday, 30 January 2025.\nPRESENT: Mr R W Gough (Chairman)\n"
        "1. Apologies\n2. Declarations of Interest\n3. Minutes of the Meeting held on 9th January 2025\n"
    )
    assert (record.body, record.date_raw, record.kind) == ("Cabinet", "Thursday, 30 January 2025", "other")
    assert record.title == "Minutes – Cabinet"


def test_label_alone_takes_the_next_line() -> None:
    record = record_of("KENT COUNTY COUNCIL – PROPOSED RECORD OF DECISION\nDECISION TO BE TAKEN BY:\nCabinet\n"
                       "Title of Decision:\nAdoption of the Integrated Care Strategy Delivery Plan\n")
    assert (record.body, record.title) == ("Cabinet", "Adoption of the Integrated Care Strategy Delivery Plan")


def test_file_name_date_when_the_cover_gives_none() -> None:
    record = record_of("Dear Member\nI am now able to enclose the document.\n",
                       filename="24-00096 - PROD 30th-Jan-2025 10.00 Cabinet.pdf")
    assert (record.date_raw, record.date_source) == ("30th-Jan-2025", "file_name")


@pytest.mark.parametrize("title, expected", [
    ("PLYMOUTH CHILDREN, YOUNG PEOPLE AND FAMILIES IMPROVEMENT PLAN", "improvement_plan"),
    ("IMPROVEMENT PLAN UPDATE ON PROGRESS", "progress_report"),
    ("Children's Services Performance Scorecard", "performance_report"),
    ("Treasury Management Strategy", "other"),
])
def test_kind_from_the_title(title: str, expected: str) -> None:
    assert record_of(f"{title}\nChildren's social care\n").kind == expected


def test_wrapped_email_address_is_joined() -> None:
    record = record_of("AGENDA\nCABINET\nEmail:\ngeorgina.little@kent\n.gov.uk\nUNRESTRICTED ITEMS\n")
    assert "email: georgina.little@kent.gov.uk" in record.council_text


def test_cues_name_their_source() -> None:
    record = record_of("Reserves Policy\n", filename="Appendix G - Reserves Policy.pdf", folder="corpus/kent",
                       metadata={"Author": "KCC"})
    assert {"title: Reserves Policy", "cover: Reserves Policy", "file: Appendix G - Reserves Policy.pdf",
            "folder: kent", "metadata: KCC"} <= set(record.council_text)


def test_running_header_is_found() -> None:
    pages = [f"Plymouth City Council\nPage {n}\nText of page {n}.\n" for n in range(1, 5)]
    assert "header: Plymouth City Council" in record_of(*pages).council_text


def test_title_falls_back_to_the_files_own() -> None:
    record = record_of("Core External Total Core External Total Core External\n1,429.5 0.0 1,429.5\n",
                       filename="Appendix D - 3 Year Revenue Plan.pdf",
                       metadata={"Title": "Microsoft Word - Revenue Plan"})
    assert record.title == "Revenue Plan"


def test_report_says_what_was_found() -> None:
    report = extract(make_raw("Title of Report: A plan\n")).reports[0]
    assert report.layout == "metadata" and report.records == 1 and "title" in report.notes[0]


def test_settings_name_the_bad_setting() -> None:
    with pytest.raises(ValueError, match="'furniture_share'"):
        MetadataSettings(furniture_share=0)
    with pytest.raises(ValueError, match="'cover_line_chars'"):
        MetadataSettings.resolve({"cover": {"cover_line_chars": 5}})
    assert MetadataSettings.resolve({"cover": CoverSettings(head_lines=5)}).cover.head_lines == 5


# normalise/metadata.py


def extraction_of(**fields) -> Extraction:
    origin = Origin(filename="paper.pdf", path="papers/paper.pdf", sha256="0" * 64, format=Format.PDF, size=1)
    return Extraction(origin=origin, metadata=MetadataRecord(**fields))


@pytest.mark.parametrize("date_raw, expected", [
    ("07 November 2023", "2023-11-07"),
    ("Monday, 13 March 2017", "2017-03-13"),
    ("21/01/19", "2019-01-21"),
    ("Tuesday, 4th March, 2025", "2025-03-04"),
    ("30th-Jan-2025", "2025-01-30"),
    ("April 2023", "2023-04-01"),
    ("June 2024", "2024-06-01"),
])
def test_doc_date(date_raw: str, expected: str) -> None:
    assert normalise_metadata(extraction_of(date_raw=date_raw)).doc_date == expected


def test_gaps_are_null_with_problems() -> None:
    fields = normalise_metadata(extraction_of(title="A plan"))
    assert (fields.council, fields.council_code, fields.doc_date) == (None, None, None)
    assert [p.code for p in fields.problems] == ["date_not_found", "council_not_found"]
    assert all(p.message.startswith("paper.pdf: ") and p.stage == "normalise" for p in fields.problems)


def test_unreadable_date_and_unknown_kind_are_problems() -> None:
    fields = normalise_metadata(extraction_of(date_raw="sometime soon", kind="minutes"))
    assert fields.doc_date is None and fields.kind is None
    found = [(p.code, p.raw) for p in fields.problems][:2]
    assert found == [("date_unreadable", "sometime soon"), ("kind_unknown", "minutes")]


def test_council_code_of_the_papers_date() -> None:
    cues = ["cover: DORSET COUNTY COUNCIL", "cover: Children's Services Improvement Plan"]
    fields = normalise_metadata(extraction_of(date_raw="12 June 2017", council_text=cues, kind="improvement_plan"))
    assert (fields.council, fields.council_code, fields.council_dfe_code) == ("Dorset", "E10000009", "835")
    assert (fields.doc_date, fields.kind, fields.problems) == ("2017-06-12", "improvement_plan", [])


def test_lines_without_a_known_source_are_body_text() -> None:
    cues = parse_cues(["cover: Kent County Council", "Sessions House: County Hall", "weird: text"])
    assert [(c.source, c.text) for c in cues] == [
        ("cover", "Kent County Council"), ("body", "Sessions House: County Hall"), ("body", "weird: text"),
    ]


# -- letters, reports and downloaded files (#15) -------------------------------------------------

LETTER = (
    "9 November 2021\nSara Example\nExecutive Director, Children’s Services\nCounty Hall\nMartineau Lane\n"
    "Norwich\nNR1 2DH\nDear Sara\nFocused visit to Norfolk children’s services\n"
    "This letter summarises the findings of the focused visit to Norfolk County Council children’s services\n"
    "on 5 and 6 October 2021. The inspectors for this visit were two of Her Majesty’s Inspectors, who looked\n"
)


def test_a_letter_is_titled_by_its_subject_never_its_addressee() -> None:
    record = record_of(LETTER)
    assert record.title == "Focused visit to Norfolk children’s services"
    assert record.body is None, "a job title in the address block is no committee"
    assert (record.date_raw, record.date_source) == ("9 November 2021", "document")


def test_a_letter_without_a_subject_line_falls_back_to_the_file_not_a_person() -> None:
    record = record_of("Jim Example MP\nMinister of State\n2 Marsham Street\nLondon\nCllr Ann Example\n"
                       "Leader - Example Council 5 February 2025\nDear Leaders,\n"
                       "In July 2024, the Deputy Prime Minister invited you to partner with this new Government to\n"
                       "deliver the most ambitious programme of devolution this country has ever seen. Since that\n",
                       filename="Appendix 2.pdf")
    assert record.title == "Appendix 2"
    assert (record.date_raw, record.date_source) == ("5 February 2025", "document")


def test_re_line_and_a_wrapped_subject() -> None:
    assert record_of("10 January 2025\nDear Jim,\nRe: Kent and Medway request to join the programme\n"
                     "Further to the publication of the White Paper on the 16 December and your letter\n").title \
        == "Kent and Medway request to join the programme"
    wrapped = record_of("Dear Joanne Example\nFocused visit to Blackburn with Darwen Borough Council children’s\n"
                        "services\nThis letter summarises the findings of the focused visit to Blackburn with Darwen\n")
    assert wrapped.title == "Focused visit to Blackburn with Darwen Borough Council children’s services"


def test_a_heading_wrapped_onto_a_short_last_line_is_joined() -> None:
    record = record_of("Inspection of Bath and North East\nSomerset local authority children’s\nservices\n"
                       "Inspection dates: 9 to 13 June 2025\nLead inspector: A Example\n")
    assert record.title == "Inspection of Bath and North East Somerset local authority children’s services"


def test_the_place_over_a_report_heading_is_not_its_title() -> None:
    record = record_of("1\nBracknell Forest\nInspection of services for children in need of help and\n"
                       "protection, children looked after and care leavers\nand\nReview of the effectiveness\n"
                       "Report published: 14 July 2017\n")
    assert record.title == "Inspection of services for children in need of help and protection, children looked " \
                           "after and care leavers"
    assert (record.date_raw, record.date_source) == ("14 July 2017", "document")


def test_contents_pages_and_section_headings_are_no_title_or_committee() -> None:
    record = record_of("Table of Contents\nExecutive Summary\nFamily Hubs Review\nJanuary 2025\n")
    assert record.title == "Family Hubs Review"
    assert record.body is None


@pytest.mark.parametrize("filename, raw", [
    ("report-2023-01-31.pdf", "2023-01-31"),
    ("children's services inspection - 29 january 2025.pdf", "29 January 2025"),
    ("Appendix D 21.01.25.pdf", "21.01.25"),
    ("westsussex-2016-08-outcomes.pdf", "August 2016"),
])
def test_a_downloaded_file_name_gives_the_date_when_the_paper_prints_none(filename: str, raw: str) -> None:
    record = record_of("Budget appendix\nSpending by directorate\n", filename=filename)
    assert record.date_raw == raw and record.date_source.startswith("file_name")


def test_a_financial_year_in_a_file_name_is_no_month() -> None:
    assert record_of("Budget appendix\nSpending by directorate\n", filename="Budget 2011-12.pdf").date_raw is None


def test_version_line_and_moderngov_meeting_line() -> None:
    version = record_of("Early Help Strategy\nVersion 1.0 | 23 September 2024\n")
    assert (version.date_raw, version.date_source) == ("23 September 2024", "document")
    item = record_of("Issue - items at meetings - Improvement plan progress\n"
                     "Meeting: 12/03/2024 - Children and Families Scrutiny Committee (Item 7)\n")
    assert (item.title, item.body, item.date_raw) == (
        "Improvement plan progress", "Children and Families Scrutiny Committee", "12/03/2024")


def test_a_title_in_large_type_apart_from_the_cover_block_is_the_title() -> None:
    """An Excel export: column headings first in the text, its white-on-dark title read after the table."""
    from planwatch.ingest.models import TextBlock

    lines = [("Change Authority Topic Indicator 171", 4.7), ("Statistical Neighbours", 5.9),
             ("The averages presented here are simple averages for the authorities listed, excluding the one", 5.9),
             ("selected, and give a simple comparator of the indicators without weighting any one authority.", 5.9),
             ("Example Shire - Statistical Neighbour View", 8.3), ("Children in Need rate per 10,000", 7.1)]
    page = Page(number=1, text="\n".join(text for text, _ in lines),
                blocks=[TextBlock(text=text, seq=i, font_size=size) for i, (text, size) in enumerate(lines)])
    origin = Origin(filename="sheet.pdf", path="x/sheet.pdf", sha256="0" * 64, format=Format.PDF, size=1)
    record = extract(RawDocument(origin=origin, pages=[page, Page(number=2, text="Notes")])).metadata
    assert record.title == "Example Shire - Statistical Neighbour View"


def test_a_place_written_as_one_word_in_a_file_name_names_the_council() -> None:
    fields = normalise_metadata(extract(make_raw("Population tables\nUpdate\n",
                                                 filename="westsussex-2013-03-population-update.pdf", folder="x")))
    assert (fields.council, fields.council_code) == ("West Sussex", "E10000032")


def test_a_plan_sent_to_an_overview_and_scrutiny_committee_is_the_plan_not_an_overview() -> None:
    record = record_of("Medway Council\nChildren's Services Improvement Plan 2024-25\nDate: 19 November 2024\n"
                       "Committee: Children and Young People Overview and Scrutiny Committee\n"
                       "Author: Rachel Onyango, Head of Improvement\n")
    assert record.kind == "improvement_plan"
    record = record_of("Medway Council\nImprovement Plan: an overview of progress\n"
                       "Committee: Children and Young People Overview and Scrutiny Committee\n")
    assert record.kind == "progress_report", "a title that speaks of progress still makes a progress report"


@pytest.mark.parametrize("following, author", [
    ("This report gives the status of every action in the improvement plan at the end of February.",
     "Tomasz Wilk, Improvement Programme Manager"),
    ("and Deputy Director", "Tomasz Wilk, Improvement Programme Manager and Deputy Director"),
])
def test_an_author_carries_on_onto_a_wrapped_line_but_not_into_the_paragraph_after(following, author) -> None:
    record = record_of("Sefton Council\nImprovement Plan Progress Report\nMeeting: Improvement Board, 4 March 2025\n"
                       f"Author: Tomasz Wilk, Improvement Programme Manager\n{following}\n")
    assert record.author == author
