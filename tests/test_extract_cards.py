"""KPI cards in every arrangement a council prints them: lines, ruled card tables (labels over
figures, a form, `Label: figure` cells), cards side by side or stacked in one table, a status
shown only by colour, a note under the card."""

from __future__ import annotations

import pytest

from planwatch.extract import card_fields as fields
from planwatch.extract import indicator_grid as grid
from planwatch.extract import kpi_cards, kpi_table
from planwatch.ingest.models import Cell, Format, Origin, Page, RawDocument, Row, Table, TextBlock
from planwatch.normalise.indicators import normalise_indicators

ORIGIN = Origin(filename="made.txt", path="made.txt", sha256="0" * 64, format=Format.TEXT, size=1)
RED, AMBER, GREEN = "#ff0000", "#ffc000", "#00b050"


def table(rows: list[list[str | tuple[str, int]]], *, fills: dict[tuple[int, int], str] | None = None, seq: int = 2) -> Table:
    """Rows of cells; a cell given as (text, span) spans that many columns; fills by (row, col)."""
    made = []
    n_cols = 0
    for r, row in enumerate(rows):
        cells, col = [], 0
        for item in row:
            text, span = item if isinstance(item, tuple) else (item, 1)
            cells.append(Cell(text=text, col=col, col_span=span, fill=(fills or {}).get((r, col))))
            col += span
        n_cols = max(n_cols, col)
        made.append(Row(cells=cells))
    return Table(rows=made, n_cols=n_cols, seq=seq, method="ruled")


def document(*tables: Table, blocks: list[TextBlock] | None = None) -> RawDocument:
    return RawDocument(origin=ORIGIN, pages=[Page(number=None, tables=list(tables), blocks=blocks or [])])


def read(raw: RawDocument) -> list[tuple]:
    """(name, rag_raw, rag_fill, latest, target, floor, previous, rag_previous_raw) of each card."""
    found = []
    for record in kpi_cards.extract(raw).indicators:
        values = {value.period: value.value_raw for value in record.values}
        found.append((record.name, record.rag_raw, record.rag_fill, values.get("Latest"), record.target_raw,
                      record.floor_raw, values.get("Previous"), record.rag_previous_raw))  # fmt: skip
    return found


FOSTER = ("Number of foster households", "RED", None, "112", "130", "115", "117", "Amber")


def test_labels_over_figures_with_the_status_beside_the_name():
    raw = document(table([[("Number of foster households", 3), "RED"],
                          ["Latest", "Target", "Floor", "Previous"],
                          ["112", "130", "115", "117 (Amber)"]]))  # fmt: skip
    assert read(raw) == [FOSTER]


def test_labels_in_other_words_and_order():
    raw = document(table([[("Number of foster households", 3), "RED"],
                          ["Goal", "This quarter", "Last quarter", "Minimum"],
                          ["130", "112", "117 (Amber)", "115"]]))  # fmt: skip
    assert read(raw) == [FOSTER]


def test_a_form_with_field_names_down_the_left():
    raw = document(table([["Indicator", "Number of foster households"], ["Status", "RED"], ["Current", "112"],
                          ["Target", "130"], ["Tolerance", "115"], ["Last period", "117 (Amber)"],
                          ["Commentary", "Recruitment campaign under way."]]))  # fmt: skip
    assert read(raw) == [FOSTER]


def test_label_and_figure_in_each_cell():
    raw = document(table([["Number of foster households", "RED"],
                          ["Latest: 112", "Target: 130"], ["Floor: 115", "Previous: 117 (Amber)"]]))  # fmt: skip
    assert read(raw) == [FOSTER]


def test_two_cards_side_by_side_and_stacked_in_one_table_with_notes_under_them():
    raw = document(table([
        ["Children's Social Care", "", "", "", "", "", ""],
        [("Number of foster households", 2), "RED", "", ("Rate of children in care per 10,000", 2), "AMBER"],
        ["Latest", "Target", "Floor", "", "Latest", "Target", "Floor"],
        ["112", "130", "115", "", "98.6", "90.0", "105.0"],
        [("Recruitment is behind plan.", 3), "", ("Rate is stable.", 3)],
        [("Percentage of care leavers in education, employment or training", 2), "GREEN", "", "", "", ""],
        ["Latest", "Target", "Floor", "", "", "", ""],
        ["61%", "60%", "50%", "", "", "", ""],
    ]))  # fmt: skip
    assert [(name, rag, latest, target, floor) for name, rag, _, latest, target, floor, _, _ in read(raw)] == [
        ("Number of foster households", "RED", "112", "130", "115"),
        ("Rate of children in care per 10,000", "AMBER", "98.6", "90.0", "105.0"),
        ("Percentage of care leavers in education, employment or training", "GREEN", "61%", "60%", "50%"),
    ]
    assert [record.section for record in kpi_cards.extract(raw).indicators] == [None] * 3


def test_a_status_shown_only_by_colour_becomes_rag_through_the_normaliser():
    raw = document(table([["Number of foster households", ""], ["Latest", "112"], ["Target", "130"]],
                         fills={(0, 1): RED}))  # fmt: skip
    extraction = kpi_cards.extract(raw)
    [record] = extraction.indicators
    assert (record.rag_raw, record.rag_fill) == (None, RED)
    assert normalise_indicators(extraction).indicators[0].rag == "red"


def test_cards_side_by_side_as_separate_tables_with_the_name_above():
    blocks = [TextBlock(text="Number of foster households", seq=1), TextBlock(text="Average days to adoption", seq=3)]
    raw = document(table([["Latest", "Target"], ["112", "130"]], seq=2),
                   table([["Latest", "Target"], ["398 days", "426 days"]], seq=4), blocks=blocks)
    assert [(name, latest, target) for name, _, _, latest, target, _, _, _ in read(raw)] == [
        ("Number of foster households", "112", "130"), ("Average days to adoption", "398 days", "426 days")]


def test_a_kpi_table_is_not_read_as_cards():
    rows = [["KPI name", "Latest", "Target", "RAG"],
            ["Number of foster households", "112", "130", "Red"],
            ["Number of adopters approved", "14", "20", "Amber"]]  # fmt: skip
    raw = document(table(rows))
    assert read(raw) == []
    assert [record.name for record in kpi_table.extract(raw).indicators] == [
        "Number of foster households", "Number of adopters approved"]


def test_a_form_card_is_not_read_as_a_kpi_table():
    raw = document(table([["Indicator", "Number of foster households"], ["Status", "Red"],
                          ["Latest", "112"], ["Target", "130"]]))  # fmt: skip
    assert kpi_table.extract(raw).indicators == []
    assert len(kpi_cards.extract(raw).indicators) == 1


@pytest.mark.parametrize("rows", [
    [["Credit risk indicator", "Actual", "Target"], ["Portfolio average credit rating", "A+", "A-"]],
    [["Meeting", "Target date"], ["Cabinet", "12 March"]],
    [["Latest news", "The target for the year was agreed by Cabinet in May after a long debate."]],
])  # fmt: skip
def test_tables_that_are_no_cards(rows):
    assert read(document(table(rows))) == []


@pytest.mark.parametrize(("text", "kind"), [
    ("Latest", "latest"), ("This quarter", "latest"), ("Latest (Nov-24):", "latest"), ("Goal", "target"),
    ("Minimum", "floor"), ("Tolerance", "floor"), ("Last quarter", "previous"), ("Commentary", "note"),
    ("Target: 85%", "target"), ("Target 85%", "target"),
])  # fmt: skip
def test_labels(text, kind):
    assert fields.label_of(text).kind == kind


@pytest.mark.parametrize("text", ["Target setting was agreed in May", "Latest news from the service", "Floor plan"])
def test_prose_is_no_label(text):
    assert fields.label_of(text) is None


def test_figures_lines_take_labels_in_any_order():
    parts = kpi_cards.parse_figures("Target: 85% Current: 75.2% Last quarter: 74.7% (Red) Minimum: 75%")
    assert {kind: part["value"] for kind, part in parts.items()} == {
        "target": "85%", "latest": "75.2%", "previous": "74.7%", "floor": "75%"}
    assert parts["previous"]["status"] == "Red"


# -- one set of cards, one scorecard, in every representation --------------------------------

import card_builders as built  # noqa: E402
from planwatch.pipeline import process  # noqa: E402


def _cards_read(path) -> list[tuple]:
    found = []
    for row in process(path).indicators:
        values = {value.period: value.value_raw for value in row.values}
        found.append((row.name, row.rag, row.rag_previous, values.get("Latest"), row.target_raw,
                      None if row.floor is None else row.floor, values.get("Previous")))  # fmt: skip
    return found


def _expected(*, floors: bool = True) -> list[tuple]:
    return [(name, rag, previous_rag, latest, target, _number(floor) if floors else None, previous)
            for name, rag, previous_rag, latest, target, floor, previous in built.EXPECTED]  # fmt: skip


def _number(text: str) -> float:
    return float(text.rstrip("%").replace(" days", ""))


@pytest.mark.parametrize("kind", ["ruled two across", "ruled three across", "forms", "no rules"])
def test_cards_in_a_pdf(tmp_path, kind):
    options = {"ruled two across": {}, "ruled three across": {"across": 3}, "forms": {"form": True},
               "no rules": {"ruled": False, "across": 1}}[kind]  # fmt: skip
    path = built.cards_pdf(tmp_path / "cards.pdf", **options)
    expected = _expected()
    if kind == "no rules":  # a colour box outside any cell of a table without rules carries no status
        expected = [(name, rag if card["word"] else None, *rest) for card, (name, rag, *rest) in zip(built.CARDS, expected)]
    assert sorted(_cards_read(path)) == sorted(expected)


def test_cards_nested_in_a_word_layout_table(tmp_path):
    assert _cards_read(built.cards_docx(tmp_path / "cards.docx")) == _expected()


def test_cards_nested_in_an_html_layout_table(tmp_path):
    path = tmp_path / "cards.html"
    path.write_text(built.cards_html(), encoding="utf-8")
    assert _cards_read(path) == _expected()


def test_cards_as_forms_in_a_text_rendering(tmp_path):
    path = tmp_path / "cards.txt"
    path.write_text(built.cards_text(), encoding="utf-8")
    expected = [(name, rag if built.CARDS[n]["word"] else None, *rest) for n, (name, rag, *rest) in enumerate(_expected())]
    assert _cards_read(path) == expected, "a text rendering loses colour: a colour-only status is unread"


def _scorecard_read(path) -> list[tuple]:
    return [(row.name, row.section, row.rag, [value.value for value in row.values]) for row in process(path).indicators]


def test_a_scorecard_pdf_with_statuses_only_as_fills(tmp_path):
    assert _scorecard_read(built.scorecard_pdf(tmp_path / "scorecard.pdf")) == built.SCORECARD_EXPECTED


def test_a_scorecard_in_html_with_bgcolor_and_background_color(tmp_path):
    path = tmp_path / "scorecard.html"
    path.write_text(built.scorecard_html(), encoding="utf-8")
    assert _scorecard_read(path) == built.SCORECARD_EXPECTED


def test_a_scorecard_on_its_side_is_read_upright():
    rows = [["Quarter", "Number of families supported by early help", "Percentage of assessments within 45 days"],
            ["Q1 2024/25", "1,412", "84.0%"], ["Q2 2024/25", "*", "n/a"], ["Q3 2024/25", "1,530", "83.2%"],
            ["Target", "1,500", "90%"]]  # fmt: skip
    raw = document(table(rows))
    found = [(row.name, row.target_raw, [value.value_raw for value in row.values])
             for row in normalise_indicators(grid.extract(raw)).indicators]  # fmt: skip
    assert found == [("Number of families supported by early help", "1,500", ["1,412", "*", "1,530"]),
                     ("Percentage of assessments within 45 days", "90%", ["84.0%", "n/a", "83.2%"])]


def test_a_status_shown_only_as_the_fill_of_the_latest_figure():
    rows = [["Indicator", "Q1 2024/25", "Q2 2024/25", "Q3 2024/25", "Target"],
            ["Number of families supported by early help", "1,412", "1,488", "1,530", "1,500"],
            ["Percentage of assessments within 45 days", "84.0%", "88.1%", "83.2%", "90%"],
            ["Rate of children in care per 10,000", "68.2", "69.0", "", "70.0"]]  # fmt: skip
    raw = document(table(rows, fills={(1, 3): GREEN, (2, 3): RED, (3, 2): AMBER, (3, 0): "#dddddd"}))
    assert [row.rag for row in normalise_indicators(grid.extract(raw)).indicators] == ["green", "red", "amber"]


def test_a_shaded_row_is_no_status():
    rows = [["Indicator", "Q1 2024/25", "Q2 2024/25", "Q3 2024/25", "Target"],
            ["Number of families supported by early help", "1,412", "1,488", "1,530", "1,500"]]  # fmt: skip
    fills = {(1, col): "#c6e0b4" for col in range(5)}
    raw = document(table(rows, fills=fills))
    assert [row.rag for row in normalise_indicators(grid.extract(raw)).indicators] == [None]


def test_statuses_only_as_coloured_squares_beside_each_line(tmp_path):
    rows = process(built.marked_list_pdf(tmp_path / "marked.pdf"))
    found = [(row.name, row.values[0].value, row.rag) for row in rows.indicators]
    assert found == [("of children in need had a repeat referral", 12.3, "green"),
                     ("children subject to a child protection plan", 48.2, "red"),
                     ("of care leavers in suitable accommodation", 67.0, "amber"),
                     ("of pupils persistently absent", 3.1, None)]
    assert [(row.label, row.rag) for row in rows.rag_key] == [("Better", "green"), ("Similar", "amber"), ("Worse", "red")]


def test_a_word_table_with_a_table_inside_one_cell_is_not_unwrapped(tmp_path):
    from docx import Document

    from planwatch.ingest import ingest

    document = Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).paragraphs[0].add_run("Action")
    outer.cell(0, 1).paragraphs[0].add_run("Progress")
    outer.cell(1, 0).paragraphs[0].add_run("Relaunch the front door")
    inner = outer.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).paragraphs[0].add_run("Q1")
    inner.cell(0, 1).paragraphs[0].add_run("Done")
    document.save(str(tmp_path / "plan.docx"))
    [table] = ingest(tmp_path / "plan.docx").tables
    assert [[cell.text for cell in row.cells] for row in table.rows][0] == ["Action", "Progress"]
