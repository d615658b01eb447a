"""Page triage: which page texts show something planwatch extracts, and how the PDF reader uses it."""

from __future__ import annotations

import sqlite3
import tomllib

import pytest
from click.testing import CliRunner

from builders import long_text, table_pdf
from planwatch.cli import cli
from planwatch.ingest import PdfSettings, ingest
from planwatch.ingest import pdf
from planwatch.ingest.pdf import read_page_texts
from planwatch.ingest.triage import RULES_FILE, PageTriage, default_triage, phrases, rules_from_data, vocabulary_value


@pytest.fixture(scope="module")
def triage() -> PageTriage:
    return default_triage()


@pytest.mark.parametrize("text", [
    "Improvement plan\nRef Action Lead Timescale RAG\n1.1 Recruit social workers Head of Service 31/03/24",
    "REF WORKSTREAM DETAIL RAG COMMENTARY NEXT KEY MILESTONES",
    "Ref No. Desired Outcome Actions Lead Time / Date Evidence of Progress",
    # a header whose cells wrap: the words of one row land on neighbouring lines
    "Ref Desired Actions Lead Evidence of\nNo. Outcome Progress\nTime/\nDate",
    "Action Lead Timescale\nUpdate from Service",
])
def test_action_table_headers_are_seen(triage, text):
    assert "action table header" in triage.reasons(text)


@pytest.mark.parametrize("text", [
    # the same words in running prose, without capitals
    "The lead officer will update the committee on progress against each action by the due date.",
    # header words of three roles, but too many lines apart to be one row
    "Action\n" + "filler line\n" * 6 + "Lead\n" + "filler line\n" * 6 + "Timescale",
    "Minutes of the meeting held on 30 January 2025. Apologies were received.",
])
def test_prose_is_not_a_header(triage, text):
    assert "action table header" not in triage.reasons(text)


@pytest.mark.parametrize("text, expected", [
    ("RAG key\nRed – Task is overdue\nAmber – Task is at risk\nGreen – On track", True),
    ("Status Red Amber Green Total", True),
    ("Completed 4 2 1\nNot started 0 1 3", True),
    ("The Green Belt review was discussed.", False),
    ("work achieved by the team,\nachieved in full and completed on time", False),
])
def test_status_labels(triage, text, expected):
    assert ("status labels" in triage.reasons(text)) is expected


@pytest.mark.parametrize("text, expected", [
    ("Key performance indicator Comments", True),
    ("Objectively Verifiable Indicators Timescale Progress", True),
    ("KPI name DoT RAG rating", True),
    ("Measure Latest Previous", True),
    ("the key performance indicators were discussed", False),
])
def test_indicator_table_headers(triage, text, expected):
    if vocabulary_value("indicators.toml:columns") is None:
        pytest.skip("the indicator layouts (extract/indicators.toml) are not installed")
    assert ("indicator table header" in triage.reasons(text)) is expected


def test_lookalike_letters_are_read_as_latin(triage):
    cyrillic = "\u0410mber \u2013 at risk\nR\u0435d \u2013 overdue"  # А and е are Cyrillic
    assert "status labels" in triage.reasons(cyrillic)


@pytest.mark.parametrize("text, expected", [
    ("Front door Jul-24 Aug-24 Sep-24 Oct-24 Direction\nof travel\nTarget", True),
    ("Category Q1 2024/25 Q2 2024/25 Q3 2024/25\nPercentage of referrals within 12 months 21% 22% 23%", True),
    ("Revenue budget 2025-26 2026-27 2027-28\nAdult social care £m 1,234 1,301 1,355", False),
    ("Oct-24 Target", False),
])
def test_period_columns_need_indicator_evidence(triage, text, expected):
    assert ("indicator grid" in triage.reasons(text)) is expected


@pytest.mark.parametrize("text, expected", [
    # a budget's heads: money units under the periods, whatever the header words beside them
    ("Category Description 2025-26 2026-27 2027-28 Service\nArea £000's £000's £000's Funded", False),
    ("Measure 2022/23 2023/24 2024/25 (£m) (£m) (£m)\nPercentage of spend on agency staff", False),
    # an indicator measured in pounds: amounts, not units, under the heads
    ("Measure 2022/23 2023/24 2024/25 Target\nAverage weekly cost of placement £1,020 £1,150 £1,230", True),
    ("Indicator Q1 Q2 Q3 Q4\nNumber of children in care 410 402 398 395", True),
])
def test_period_columns_over_money_units_are_a_budget(triage, text, expected):
    assert ("indicator grid" in triage.reasons(text)) is expected


@pytest.mark.parametrize("text, expected", [
    ("Percentage of posts filled AMBER\nLatest: 75.2% Target: 85%, Floor 75% Previous: 74.7% (Red)", True),
    ("Latest (Nov-24): 41 Previous: 38", True),
    ("The latest figures show the target was met.", False),
])
def test_kpi_card_lines(triage, text, expected):
    assert ("KPI card" in triage.reasons(text)) is expected


COVER = "\n".join(f"Cover line {n}" for n in range(14))


def test_select_keeps_the_cover_and_pages_with_signs(triage):
    texts = [COVER, "Apologies", "Ref Action Lead RAG", "Any other business"]
    assert triage.select(texts) == {0, 2}
    assert triage("Ref Action Lead RAG") and not triage("Apologies")


def test_a_short_title_page_takes_the_next_page_into_the_cover(triage):
    texts = ["Annual report\n2024", "", COVER, "Apologies"]
    assert triage.select(texts) == {0, 1, 2}
    assert triage.select([COVER] * 4) == {0}


def test_header_words_come_from_the_extractors_vocabulary():
    vocabulary = vocabulary_value("vocabulary.toml:columns")
    assert vocabulary and "Action" in vocabulary["action"]["words"]
    rules = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    header = next(rule for rule in rules["headers"] if rule["columns"].startswith("vocabulary.toml"))
    triage = rules_from_data({"headers": [header]})
    role_phrases = {role: set(found) for role, found in triage.headers[0].roles.items()}
    for role, lists in vocabulary.items():
        assert set(phrases(lists["words"], starts=lists.get("starts", []))) == role_phrases[role], role


def test_a_vocabulary_that_is_not_installed_is_skipped():
    assert vocabulary_value("no-such-file.toml:columns") is None
    triage = rules_from_data({"headers": [{"name": "x", "columns": "no-such-file.toml:columns", "min_roles": 2}]})
    assert triage.headers == []


def test_phrases_ignore_case_punctuation_and_spacing():
    triage = rules_from_data({"labels": [{"name": "x", "words": ["Not started", "R A G"], "min_distinct": 2}]})
    assert triage.reasons("NOT-STARTED   rag")
    assert not triage.reasons("notes started rags")


@pytest.mark.parametrize("data, message", [
    ({"headers": [{"name": "x", "columns": "vocabulary.toml:columns", "min_roles": "vocabulary.toml:matching.none"}]},
     "'vocabulary.toml:matching.none' names no value"),
    ({"window_lines": 0}, "'window_lines' must be at least 1"),
])
def test_bad_rules_are_refused(data, message):
    with pytest.raises(ValueError, match=message):
        rules_from_data(data)


# -- In the PDF reader -----------------------------------------------------------------


def test_a_table_going_on_without_its_header_is_followed_over_pages(tmp_path):
    rows = [[f"1.{i}", f"Recruit and train practitioners, group {i}", "Head of Service", "31/03/25", ""]
            for i in range(1, 110)]
    path = table_pdf(tmp_path / "plan.pdf", rows, repeat_header=False)
    texts = read_page_texts(path)[0]
    assert len(texts) >= 3 and default_triage().select(texts) == {0}, "only the first page shows the header"
    raw = ingest(path)
    assert all(page.analysed for page in raw.pages), "the pages the table goes on to were not analysed"
    full = ingest(path, pdf_settings=PdfSettings(triage=None))
    assert [table.model_dump() for table in raw.tables] == [table.model_dump() for table in full.tables]
    assert len(raw.tables) == 1 and len(raw.tables[0].rows) == len(rows) + 1


def test_pages_of_prose_after_a_table_are_not_analysed(tmp_path):
    rows = [[f"1.{i}", f"Review case {i}", "Head of Service", "31/03/25", ""] for i in range(1, 4)]
    prose = [long_text(120, f"para{n}-") for n in range(12)]
    raw = ingest(table_pdf(tmp_path / "plan.pdf", rows, after=prose))
    assert len(raw.pages) >= 3
    assert raw.pages[0].analysed and not any(page.analysed for page in raw.pages[1:])
    assert raw.pages[1].blocks and raw.pages[1].text, "a skipped page keeps its text"
    assert PdfSettings(triage=None).triage is None


def test_no_triage_option_reads_every_page_to_the_same_rows(tmp_path, monkeypatch):
    rows = [[f"1.{i}", f"Recruit and train practitioners, group {i}", "Head of Service", "31/03/25", "Green"]
            for i in range(1, 40)]
    folder = tmp_path / "papers"
    folder.mkdir()
    table_pdf(folder / "plan.pdf", rows, after=[long_text(300, f"tail{n}-") for n in range(6)])
    analysed: list[int] = []
    analyse = pdf.analyse_page
    def counted(page, **kwargs):
        analysed.append(kwargs["number"])
        return analyse(page, **kwargs)

    monkeypatch.setattr(pdf, "analyse_page", counted)
    found, counts = {}, {}
    for name, extra in (("triage", []), ("every page", ["--no-triage"])):
        analysed.clear()
        db = tmp_path / f"{name}.db"
        result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--workers", "0", *extra])
        assert result.exit_code == 0, result.output
        found[name] = sqlite3.connect(db).execute("select ref, action, rag from actions order by ref").fetchall()
        counts[name] = len(analysed)
    assert found["triage"] == found["every page"] and len(found["triage"]) == len(rows)
    assert counts["triage"] < counts["every page"], f"pages analysed: {counts}"
