"""The indicator layouts (grid, KPI table, KPI cards), one step at a time, on models built by hand."""

from __future__ import annotations

import pytest

from planwatch.extract import cell_messages as messages
from planwatch.extract import indicator_cells as cells
from planwatch.extract import indicator_grid as grid
from planwatch.extract import kpi_cards, kpi_table
from planwatch.ingest.models import Cell, Format, Origin, Page, RawDocument, Row, Table, TextBlock
from planwatch.ingest.stitch import stitch_tables

ORIGIN = Origin(filename="made.txt", path="made.txt", sha256="0" * 64, format=Format.TEXT, size=1)
MONTHS = ["Oct-22", "Nov-22", "Dec-22", "Jan-23", "Feb-23", "Mar-23"]
TAIL = ["Direction of travel", "Target", "MTFP Link"]
WORDS = frozenset({"report", "development", "required", "not", "available", "reporting", "due", "assurance"})


def table_of(rows: list[list[str]], *, seq: int = 1, page: int | None = None) -> Table:
    """A table as the text reader makes it: one cell per column, no spans."""
    n_cols = max(len(row) for row in rows)
    made = [Row(cells=[Cell(text=text, col=c) for c, text in enumerate(row + [""] * (n_cols - len(row)))], page=page)
            for row in rows]  # fmt: skip
    return Table(rows=made, n_cols=n_cols, seq=seq, page=page, pages=[page] if page else [], method="text")


def document_of(*tables: Table, blocks: list[TextBlock] | None = None) -> RawDocument:
    return RawDocument(origin=ORIGIN, pages=[Page(number=None, tables=list(tables), blocks=blocks or [])])


def header(section: str, months: list[str] = MONTHS) -> list[str]:
    return ["", section, *months, *TAIL]


# -- stitching: a section's header row after a page break ------------------------------------


def test_section_header_after_a_page_break_is_kept_not_joined_as_a_cut_row():
    first = table_of([header("Robust practice"),
                      ["1", "Number of visits", "1", "2", "3", "4", "5", "6", "•", "Monitor", ""],
                      ["2", "Number of plans", "1", "2", "3", "4", "5", "6", "•", "Monitor", ""]], seq=1)  # fmt: skip
    second = table_of([header("Audit", ["Aug-22", "Sep-22", *MONTHS[:4]]),
                       ["3", "Number of audits", "7", "8", "9", "10", "11", "12", "-", "30", ""]], seq=2)  # fmt: skip
    [stitched] = stitch_tables([first, second], [])
    texts = [[cell.text for cell in row.cells] for row in stitched.rows]
    assert texts[2][2] == "1", "the Aug-22 header was joined into the row above as if it were its cut half"
    assert texts[3][2] == "Aug-22"


# -- cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Oct-22", "Dec -24", "Mar- 25", "Q3 2024/25", "Quarter 3 2024-25", "2023/24", "October 2022"])
def test_period_headings_are_recognised(text):
    assert cells.is_period(text)


@pytest.mark.parametrize("text", ["Target", "Direction of travel", "Total Cost", "March", "1,147", "Oct-22 to Mar-23 inclusive of all"])
def test_other_headings_are_not_periods(text):
    assert not cells.is_period(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("23 NEW", ("23", "NEW")), ("36 R12M", ("36", "R12M")), ("12", ("12", None)), ("KPI 4", ("KPI 4", None)),
])  # fmt: skip
def test_ref_and_marker_are_split(text, expected):
    assert cells.split_ref(text) == expected


@pytest.mark.parametrize(("text", "kind"), [
    ("1,147", cells.VALUE), ("41.3%", cells.VALUE), ("189.2r", cells.VALUE), ("0%", cells.VALUE),
    ("", cells.BLANK), ("-", cells.PLACEHOLDER), ("TBC", cells.PLACEHOLDER), ("< >", cells.PLACEHOLDER),
    ("Repo", cells.TEXT), ("Not available", cells.TEXT),
])  # fmt: skip
def test_cell_kinds(text, kind):
    assert cells.cell_kind(text) == kind


# -- messages cut over the month cells --------------------------------------------------------


@pytest.mark.parametrize(("fragments", "joined"), [
    (["Repo", "ort developn", "nent require", "d"], "Report development required"),
    (["Rep", "ort developr", "nent require", "ed"], "Report development required"),
    (["Not ava", "ailable"], "Not available"),
    (["Quality As", "surance Fra", "amework re", "-developed", "- reporting", "due Apr"],
     "Quality Assurance Framework re-developed - reporting due Apr"),
])  # fmt: skip
def test_fragments_are_joined_into_known_words(fragments, joined):
    words = WORDS | {"quality", "framework", "developed"}
    assert messages.join_fragments(fragments, words) == joined


def test_a_message_covers_the_empty_months_of_a_row_without_figures_but_not_a_dash():
    values = ["", "Repo", "ort developn", "nent require", "d", "-"]
    spread = messages.spread_messages(values, list(range(6)), WORDS)
    assert spread == ["Report development required"] * 5 + ["-"]


def test_a_message_beside_figures_covers_only_its_own_cells():
    values = ["Not ava", "ailable", "0.0%", "", "0%", "23.1%"]
    spread = messages.spread_messages(values, list(range(6)), WORDS)
    assert spread == ["Not available", "Not available", "0.0%", "", "0%", "23.1%"]


def test_a_merged_cell_over_the_months_is_one_message_not_six():
    values = ["Report development required"] * 6
    assert messages.spread_messages(values, [2] * 6, WORDS) == ["Report development required"] * 6


def test_two_whole_messages_side_by_side_stay_apart():
    values = ["Not available", "Not available", "1", "2", "3", "4"]
    assert messages.spread_messages(values, list(range(6)), WORDS)[:2] == ["Not available", "Not available"]


# -- cells that slid left into the month columns ----------------------------------------------


COLUMNS = grid.GridColumns(periods={c: m for c, m in zip(range(2, 8), MONTHS)}, name=1, ref=0,
                           roles={8: "direction", 9: "target", 10: "link"}, section=None)  # fmt: skip


@pytest.mark.parametrize(("values", "tail", "expected_values", "expected_tail"), [
    (["", "Report development required", "", "", "+", "TBC"], {8: "", 9: "", 10: ""},
     ["", "Report development required", "", "", "", ""], {8: "+", 9: "TBC", 10: ""}),
    (["", "Report development required", "", "", "", "< >"], {8: "95.0%", 9: "", 10: ""},
     ["", "Report development required", "", "", "", ""], {8: "< >", 9: "95.0%", 10: ""}),
    (["", "Repo", "ort developn", "nent require", "d", "-"], {8: "< >", 9: "твс", 10: ""},
     ["", "Repo", "ort developn", "nent require", "d", "-"], {8: "< >", 9: "твс", 10: ""}),
    (["1", "2", "3", "4", "5", "6"], {8: "•", 9: "Monitor", 10: "MTFP 1"},
     ["1", "2", "3", "4", "5", "6"], {8: "•", 9: "Monitor", 10: "MTFP 1"}),
])  # fmt: skip
def test_slid_cells_go_back_to_the_column_they_fit(values, tail, expected_values, expected_tail):
    assert grid.realign(values, tail, COLUMNS) == (expected_values, expected_tail)


# -- a whole grid -----------------------------------------------------------------------------


def _plymouth_like() -> Table:
    return table_of([
        header("Early Help and Front Door"),
        ["1", "Number of referrals (in month)", "1,147", "1,033", "553", "670", "599", "624", "•", "Monitor", "MTFP 1"],
        ["2", "Percentage of assessments in 15 days", "", "Repo", "ort developn", "nent require", "d", "-", "< >", "твс", ""],
        header("Audit", ["Aug-22", "Sep-22", *MONTHS[:4]]),
        ["23 NEW", "Percentage of audits graded good", "41.3%", "46.5%", "", "42.2%", "39.6%", "37.6%", "↓", "7.6% England", ""],
    ], page=8)  # fmt: skip


def test_grid_rows_become_indicators_with_every_month_kept():
    extraction = grid.extract(document_of(_plymouth_like()))
    first, second, third = extraction.indicators
    assert (first.ref, first.name, first.section, first.target_raw, first.link, first.direction_raw) == (
        "1", "Number of referrals (in month)", "Early Help and Front Door", "Monitor", "MTFP 1", "•")
    assert [v.value_raw for v in first.values] == ["1,147", "1,033", "553", "670", "599", "624"]
    assert [v.value_raw for v in second.values] == ["Report development required"] * 5 + ["-"]
    assert (second.direction_raw, second.target_raw) == ("< >", "твс")
    assert (third.ref, third.marker, third.section) == ("23", "NEW", "Audit")
    assert [v.period for v in third.values] == ["Aug-22", "Sep-22", "Oct-22", "Nov-22", "Dec-22", "Jan-23"]
    assert third.values[2].value_raw == "", "a blank month must stay a value (missing), never be dropped"
    assert third.source.page == 8 and third.source.row == 4
    [report] = extraction.reports
    assert (report.layout, report.tables_seen, report.records, report.cells_blank) == ("indicator_grid", 1, 3, 1)


def test_categories_by_quarter_columns_take_the_heading_above_as_their_section():
    table = table_of([["Status", "Dec-23", "Mar-24", "Jun-24", "Sep-24", "Dec-24"],
                      ["Early help", "1,204", "1,187", "1,251", "1,302", "1,276"],
                      ["Children in care", "301", "297", "304", "310", "306"]], seq=5)  # fmt: skip
    heading = TextBlock(text="Children open to services at quarter end", seq=4, bold=True)
    extraction = grid.extract(document_of(table, blocks=[heading]))
    assert [(r.name, r.section) for r in extraction.indicators] == [
        ("Early help", "Children open to services at quarter end"),
        ("Children in care", "Children open to services at quarter end"),
    ]
    assert [v.period for v in extraction.indicators[0].values] == ["Dec-23", "Mar-24", "Jun-24", "Sep-24", "Dec-24"]


def test_a_section_row_inside_a_band_sets_the_section():
    table = table_of([["Ref", "Indicator", *MONTHS, "Target"],
                      ["", "Children in care", "", "", "", "", "", "", ""],
                      ["7", "Number of admissions to care", "8", "20", "15", "29", "9", "14", "Monitor"]])  # fmt: skip
    [record] = grid.extract(document_of(table)).indicators
    assert (record.ref, record.section) == ("7", "Children in care")


@pytest.mark.parametrize("rows", [
    # capital programme: years as columns, money in the cells
    [["ROW REF", "Directorate", "2025-26", "2026-27", "2027-28", "2028-29"],
     ["1", "Schools", "£12.1m", "£9.0m", "£4.2m", "£1.0m"]],
    # treasury forecasts: quarters as columns, a finance word in the title cell
    [["Link Group Interest Rate forecasts", "Dec -24", "Mar- 25", "Jun- 25", "Sep -25"],
     ["Bank Rate", "4.75", "4.50", "4.25", "4.00"]],
    # figures by year with no indicator column and no indicator names
    [["", "2020-21", "2021-22", "2022-23", "2023-24"],
     ["Maintained Special Schools", "5,118", "5,591", "6,019", "6,382"],
     ["Independent Schools", "1,126", "1,348", "1,485", "1,620"]],
    # an action table whose milestone columns are months
    [["Ref", "Action", "Lead", "Oct-22", "Nov-22", "Dec-22"],
     ["1.1", "Recruit social workers", "HR lead", "Advert", "Interviews", "Start"]],
])  # fmt: skip
def test_tables_that_are_not_indicator_grids_give_no_indicators(rows):
    extraction = grid.extract(document_of(table_of(rows)))
    assert extraction.indicators == []
    assert extraction.reports[0].notes, "the band that was not read must be noted in the report"


@pytest.mark.parametrize("page, place", [(None, "table 1 row 0"), (4, "table 1 (p.4) row 0")])
def test_a_band_not_read_is_noted_with_its_page_only_when_it_has_one(page, place):
    rows = [["Budget line", "2022/23", "2023/24", "2024/25"], ["Staffing", "£1.2m", "£1.3m", "£1.4m"]]
    notes = grid.extract(document_of(table_of(rows, page=page))).reports[0].notes
    assert notes == [f"{place}: not indicators (finance: budget)"]


def test_debug_hook_shows_the_verdict_of_every_band():
    debug = grid.debug_grid(document_of(_plymouth_like()))
    assert [band["verdict"] for band in debug[0]["bands"]] == ["indicators", "indicators"]
    assert debug[0]["bands"][0]["rows"][1]["kind"] == "indicator"


def test_grid_settings_name_the_bad_setting():
    with pytest.raises(ValueError, match="'min_periods'"):
        grid.GridSettings(min_periods=1)


# -- KPI status tables ------------------------------------------------------------------------


def _status_table() -> Table:
    """`KPI name | DoT | RAG rating` over `Latest | Previous`, the RAG header merged over two columns."""
    head = Row(cells=[Cell(text="KPI name", col=0, row_span=2), Cell(text="DoT", col=1, row_span=2),
                      Cell(text="RAG rating", col=2, col_span=2)], page=1)  # fmt: skip
    sub = Row(cells=[Cell(text="Latest", col=2), Cell(text="Previous", col=3)], page=1)
    body = [Row(cells=[Cell(text=t, col=c) for c, t in enumerate(texts)], page=1) for texts in (
        ["Percentage of assessments within 30 days", "↑", "GREEN", "AMBER"],
        ["Number of children missing education", "Stable", "RED", "RED"],
    )]  # fmt: skip
    return Table(rows=[head, sub, *body], n_cols=4, seq=3, page=1, pages=[1], method="ruled")


def test_kpi_status_table_reads_statuses_and_direction_as_printed():
    heading = TextBlock(text="Early Help and Education", seq=2, bold=True)
    extraction = kpi_table.extract(document_of(_status_table(), blocks=[heading]))
    first, second = extraction.indicators
    assert (first.name, first.direction_raw, first.rag_raw, first.rag_previous_raw, first.section) == (
        "Percentage of assessments within 30 days", "↑", "GREEN", "AMBER", "Early Help and Education")
    assert (second.direction_raw, second.rag_raw, second.values) == ("Stable", "RED", [])
    assert extraction.reports[0].records == 2


def test_kpi_table_latest_and_previous_figures_keep_their_labels_and_the_reporting_period():
    table = table_of([["Indicator", "Latest", "Previous", "Target", "RAG"],
                      ["Percentage of plans reviewed on time", "91.2%", "88.0%", "90%", "Green"]])  # fmt: skip
    cover = TextBlock(text="Performance report, Quarter 3 2024/25", seq=0)
    raw = document_of(table, blocks=[cover]).model_copy()
    raw = raw.model_copy(update={"pages": [raw.pages[0].model_copy(update={"text": cover.text})]})
    extraction = kpi_table.extract(raw)
    [record] = extraction.indicators
    assert [(v.period, v.value_raw) for v in record.values] == [("Latest", "91.2%"), ("Previous", "88.0%")]
    assert (record.target_raw, record.rag_raw) == ("90%", "Green")
    assert extraction.metadata.reporting_period_raw == "Quarter 3 2024/25"


@pytest.mark.parametrize("rows", [
    # an action plan with a Measure column
    [["What we have committed to", "Led by", "Timescale", "Measure"],
     ["Deliver school support", "Active Kent", "Mar 2026", "Proportion of primary schools offering Daily Mile"]],
    # treasury indicators
    [["Credit risk indicator", "Actual 30/11/2024", "Target"], ["Portfolio average credit rating", "AA+", "AA-"]],
    [["Indicator", "Actual", "Limit"], ["Total cash available within 3 months", "£145.76m", "£100m"]],
    # a grid is not a KPI table
    [["Indicator", *MONTHS], ["Number of visits", "1", "2", "3", "4", "5", "6"]],
])  # fmt: skip
def test_tables_that_are_not_kpi_tables_give_no_indicators(rows):
    assert kpi_table.extract(document_of(table_of(rows))).indicators == []


def test_a_list_of_indicators_without_figures_is_read():
    table = table_of([["Objectively Verifiable Indicators", "Timescale", "Progress"],
                      ["Pupil absence rates will have fallen below 5%", "2028", ""]])  # fmt: skip
    [record] = kpi_table.extract(document_of(table)).indicators
    assert (record.name, record.values, record.rag_raw) == ("Pupil absence rates will have fallen below 5%", [], None)


# -- KPI cards --------------------------------------------------------------------------------


def _card_lines(*texts: tuple[str, bool, float]) -> RawDocument:
    blocks = [TextBlock(text=text, seq=n, bold=bold, font_size=size) for n, (text, bold, size) in enumerate(texts)]
    page = Page(number=1, blocks=blocks, text="Children's Services Performance Report\nQuarter 3 2024/25")
    return RawDocument(origin=ORIGIN, pages=[page])


CARDS = _card_lines(
    ("Quarter 3 2024/25", True, 11.0),
    ("Children's Social Care", True, 11.0),
    ("Percentage of case holding posts filled by permanent qualified social AMBER", True, 10.0),
    ("workers", True, 10.0),
    ("Latest: 75.2% Target: 85%, Floor 75% Previous: 74.7% (Red)", False, 9.0),
    ("Percentage of conferences held within 15 working days", True, 10.0),
    ("Latest (Nov-24): 88.2% Target: 85%, Floor 75% Previous: 79.5% (Amber)", False, 9.0),
    ("Number of foster households RED", True, 10.0),
    ("Latest: Not available Target: 130, Floor 115 Previous: 117", False, 9.0),
)


def test_cards_give_name_status_figures_and_section():
    extraction = kpi_cards.extract(CARDS)
    first, second, third = extraction.indicators
    assert first.name == "Percentage of case holding posts filled by permanent qualified social workers"
    assert (first.rag_raw, first.rag_previous_raw, first.target_raw, first.floor_raw, first.section) == (
        "AMBER", "Red", "85%", "75%", "Children's Social Care")
    assert [(v.period, v.value_raw) for v in first.values] == [("Latest", "75.2%"), ("Previous", "74.7%")]
    assert (second.rag_raw, second.values[0].period) == (None, "Nov-24"), "a card's own period wins"
    assert (third.name, third.rag_raw, third.values[0].value_raw) == ("Number of foster households", "RED", "Not available")
    assert extraction.metadata.reporting_period_raw == "Quarter 3 2024/25"


@pytest.mark.parametrize(("text", "expected"), [
    ("Latest: 75.2% Target: 85%, Floor 75% Previous: 74.7% (Red)",
     {"latest": "75.2%", "target": "85%", "floor": "75%", "previous": "74.7%"}),
    ("Latest: 398 days Target: 426 days", {"latest": "398 days", "target": "426 days"}),
    ("Latest figures show an improvement on the previous quarter", None),
    ("The target for the latest quarter: 85%", None),
])  # fmt: skip
def test_figures_lines(text, expected):
    parts = kpi_cards.parse_figures(text)
    assert (None if parts is None else {kind: part["value"] for kind, part in parts.items()}) == expected


# -- the registry -----------------------------------------------------------------------------


def test_a_reporting_period_from_one_layout_does_not_wipe_another_layouts_metadata():
    from planwatch.extract import _merge
    from planwatch.extract.models import Extraction, MetadataRecord

    into = Extraction(origin=ORIGIN, metadata=MetadataRecord(title="Performance report", reporting_period_raw="Q3 2024/25"))
    found = Extraction(origin=ORIGIN, metadata=MetadataRecord(reporting_period_raw="Quarter 2 2024/25", author="A. Person"))
    merged = _merge(into, found).metadata
    assert (merged.title, merged.reporting_period_raw, merged.author) == ("Performance report", "Q3 2024/25", "A. Person")


def test_quarters_under_a_year_heading_take_that_year():
    table = table_of([["", "2023/24", "2023/24", "2023/24", "2023/24"],
                      ["Indicator", "Q1", "Q2", "Q3", "Q4"],
                      ["Number of children in care", "301", "297", "304", "310"]])  # fmt: skip
    [record] = grid.extract(document_of(table)).indicators
    assert [v.period for v in record.values] == ["Q1 2023/24", "Q2 2023/24", "Q3 2023/24", "Q4 2023/24"]


def test_a_figures_line_without_a_name_above_is_counted_not_read():
    raw = _card_lines(("Latest: 75.2% Target: 85%, Floor 75% Previous: 74.7% (Red)", False, 9.0))
    extraction = kpi_cards.extract(raw)
    assert extraction.indicators == [] and extraction.reports[0].rows_rejected == 1
    assert not kpi_cards.matches(raw)
