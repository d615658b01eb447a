"""Word files: theme-colour shading and automatic numbering read as Word shows them.

The documents are built here with python-docx (through the sample
generator's Word helpers, `samples/make_word.py`), each holding one thing a
council's Word plan keeps outside its text.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import docx
import pytest

from planwatch.ingest import ingest
from planwatch.ingest.word_parts import format_number, tinted
from planwatch.pipeline import process

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _make_word():
    spec = importlib.util.spec_from_file_location("planwatch_samples_make_word", SAMPLES / "make_word.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mw = _make_word()


def _save(document, path: Path) -> Path:
    mw.save_docx(document, path, title="Test plan", author="Test", subject="test")
    return path


def test_theme_fill_is_resolved_through_the_theme_part_not_the_stale_fill(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=4)
    cells = table.rows[0].cells
    mw.theme_shade(cells[0], "accent2")
    mw.theme_shade(cells[1], "accent6", tint="99")
    mw.theme_shade(cells[2], "accent3", shade_value="BF")
    mw.theme_shade(cells[3], "accent1")
    for cell in cells:  # a stale w:fill, as a document whose theme was changed after shading
        cell._tc.tcPr.find(docx.oxml.ns.qn("w:shd")).set(docx.oxml.ns.qn("w:fill"), "FFFFFF")
        mw.set_cell_text(cell, "x")
    raw = ingest(_save(document, tmp_path / "theme.docx"))
    fills = [cell.fill for cell in raw.tables[0].rows[0].cells]
    # python-docx's template theme: accent2 C0504D, accent6 F79646, accent3 9BBB59, accent1 4F81BD
    assert fills == ["#c0504d", "#" + tinted("f79646", tint=0x99), "#" + tinted("9bbb59", shade=0xBF), "#4f81bd"]
    assert fills[1] == "#fac090" and fills[2] == "#748c43"


def test_tint_and_shade_move_each_channel_towards_white_or_black():
    assert tinted("000000", tint=0) == "ffffff"
    assert tinted("804020", tint=255) == "804020"
    assert tinted("804020", shade=0) == "000000"
    assert tinted("ff8000", shade=0x80) == "804000"


@pytest.mark.parametrize("number, fmt, printed", [
    (3, "decimal", "3"), (3, "lowerLetter", "c"), (28, "upperLetter", "AB"), (4, "upperRoman", "IV"),
    (14, "lowerRoman", "xiv"), (7, "decimalZero", "07"),
])
def test_list_numbers_are_written_in_their_format(number, fmt, printed):
    assert format_number(number, fmt) == printed


def _numbered_refs_document(levels, numbered):
    """A table whose first column holds only automatically numbered paragraphs, one level per row."""
    document = docx.Document()
    num_id = mw.add_numbering(document, levels)
    table = document.add_table(rows=0, cols=2)
    for level, text in numbered:
        cells = table.add_row().cells
        mw.number_paragraph(cells[0].paragraphs[0], num_id, level)
        mw.set_cell_text(cells[1], text)
    return document


def test_refs_made_by_word_numbering_are_read_as_word_counts_them(tmp_path):
    document = _numbered_refs_document(
        [("%1.", "decimal"), ("%1.%2", "decimal"), ("%1.%2.%3", "lowerLetter")],
        [(0, "Priority"), (1, "first"), (1, "second"), (2, "deeper"), (1, "third"), (0, "Next"), (1, "again")],
    )
    raw = ingest(_save(document, tmp_path / "numbered.docx"))
    refs = [row.cells[0].text for row in raw.tables[0].rows]
    assert refs == ["1.", "1.1", "1.2", "1.2.a", "1.3", "2.", "2.1"]


def test_a_start_override_and_a_numbered_body_paragraph(tmp_path):
    document = docx.Document()
    num_id = mw.add_numbering(document, [("Priority %1:", "upperRoman")])
    override = docx.oxml.OxmlElement("w:lvlOverride")
    override.set(docx.oxml.ns.qn("w:ilvl"), "0")
    start = docx.oxml.OxmlElement("w:startOverride")
    start.set(docx.oxml.ns.qn("w:val"), "3")
    override.append(start)
    numbering = document.part.numbering_part.element
    next(num for num in numbering.iterchildren(docx.oxml.ns.qn("w:num"))
         if num.get(docx.oxml.ns.qn("w:numId")) == num_id).append(override)
    for title in ("Early help", "Children in care"):
        mw.number_paragraph(document.add_paragraph(title), num_id, 0)
    raw = ingest(_save(document, tmp_path / "override.docx"))
    assert [block.text for block in raw.pages[0].blocks] == ["Priority III: Early help", "Priority IV: Children in care"]


def test_a_bulleted_list_gives_no_number(tmp_path):
    document = docx.Document()
    document.add_paragraph("Governance and leadership", style="List Bullet")
    document.add_paragraph("Early help", style="List Number")
    raw = ingest(_save(document, tmp_path / "styles.docx"))
    texts = [block.text for block in raw.pages[0].blocks]
    assert texts[0] == "Governance and leadership"
    assert texts[1].endswith("Early help") and texts[1][0].isdigit()


def test_a_plan_with_numbered_refs_a_merged_priority_column_and_theme_colours(tmp_path):
    """The Medway layout built afresh with other content: every record read from the structure."""
    content = {
        "banner": "SAMPLE – invented content for testing planwatch.", "council": "Medway Council",
        "title": "Improvement Plan", "cover": [{"label": "Author", "value": "A. Writer"}], "intro": "The plan.",
        "headers": ["Theme", "No.", "What we will do", "Owner", "By when", "Status"],
        "widths": [120, 40, 260, 100, 80, 50],
        "header_theme": {"fill": "text2"}, "priority_theme": {"fill": "accent5", "tint": "66"},
        "statuses": {"red": {"fill": "accent2", "tint": "CC"}, "green": {"fill": "accent3"},
                     "amber": {"fill": "accent6"}, "complete": {"fill": "accent1", "shade": "BF"}},
        "priorities": [{"number": "1", "title": "Workforce"}, {"number": "2", "title": "Practice"}],
        "rows": [
            {"priority": "1", "ref": "1.1", "action": "Hire staff", "lead": "HR", "due": "Q3 2024/25", "rag": "red"},
            {"priority": "1", "ref": "1.2", "action": "Train staff", "lead": "PSW", "due": "Jan-25", "rag": "complete"},
            {"priority": "2", "ref": "2.1", "action": "Audit cases", "lead": "QA", "due": "31.01.25", "rag": "amber"},
            {"priority": "2", "ref": "2.2", "action": "Fix the front door", "lead": "MASH", "due": "Spring 2025", "rag": "green"},
        ],
    }
    path = tmp_path / "medway-plan.docx"
    mw.make_medway_plan_docx(content, path)
    actions = process(path).model_dump(mode="json")["actions"]
    found = [(a["ref"], a["priority"], a["action"], a["due_date"], a["rag"]) for a in actions]
    assert found == [
        ("1.1", "1", "Hire staff", "2024-12-31", "red"),
        ("1.2", "1", "Train staff", "2025-01-31", "complete"),
        ("2.1", "2", "Audit cases", "2025-01-31", "amber"),
        ("2.2", "2", "Fix the front door", None, "green"),
    ]
    assert content["rows"][3]["due"] == actions[3]["due_raw"]


def test_numbering_with_values_that_are_no_numbers_never_stops_the_document(tmp_path):
    document = _numbered_refs_document([("%1.", "decimal")], [(0, "first"), (0, "second")])
    numbering = document.part.numbering_part.element
    abstract = next(a for a in numbering.iterchildren(docx.oxml.ns.qn("w:abstractNum"))
                    if a.get(docx.oxml.ns.qn("w:abstractNumId")) == str(mw.NUMBERING_ID))
    abstract.find(docx.oxml.ns.qn("w:lvl")).find(docx.oxml.ns.qn("w:start")).set(docx.oxml.ns.qn("w:val"), "one")
    row = document.tables[0].add_row().cells
    mw.number_paragraph(row[0].paragraphs[0], str(mw.NUMBERING_ID), 5000)
    mw.set_cell_text(row[1], "too deep")
    raw = ingest(_save(document, tmp_path / "odd.docx"))
    assert [r.cells[0].text for r in raw.tables[0].rows] == ["1.", "2.", ""]


def test_a_solid_pattern_shows_its_pattern_colour(tmp_path):
    document = docx.Document()
    cells = document.add_table(rows=1, cols=2).rows[0].cells
    for cell, attributes in zip(cells, ({"w:color": "FF0000"}, {"w:themeColor": "accent3", "w:themeShade": "BF"})):
        shd = docx.oxml.OxmlElement("w:shd")
        shd.set(docx.oxml.ns.qn("w:val"), "solid")
        shd.set(docx.oxml.ns.qn("w:fill"), "auto")
        for name, value in attributes.items():
            shd.set(docx.oxml.ns.qn(name), value)
        cell._tc.get_or_add_tcPr().append(shd)
        mw.set_cell_text(cell, "x")
    raw = ingest(_save(document, tmp_path / "solid.docx"))
    assert [cell.fill for cell in raw.tables[0].rows[0].cells] == ["#ff0000", "#748c43"]


def test_word_numbered_banners_and_actions_without_a_ref_column(tmp_path):
    """Numbering on the banner ('1.') and on each action's paragraph ('1.1'): the refs are in no text."""
    document = docx.Document()
    document.add_paragraph("SAMPLE – invented content. Medway Council")
    num_id = mw.add_numbering(document, [("%1.", "decimal"), ("%1.%2", "decimal")])
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("Action", "Lead", "Timescale", "RAG")):
        mw.set_cell_text(cell, text, bold=True)
    plan = {"Leadership": [("Appoint a chair", "DCS", "Q2 2024/25", "Green")],
            "Front door": [("Audit contacts", "Head of QA", "Jan-25", "Amber"), ("Hire staff", "HR", "31.01.25", "Red")]}
    for title, rows in plan.items():
        banner = table.add_row()
        merged = banner.cells[0].merge(banner.cells[3])
        mw.number_paragraph(mw.set_cell_text(merged, title, bold=True), num_id, 0)
        for action, lead, due, rag in rows:
            cells = table.add_row().cells
            mw.number_paragraph(mw.set_cell_text(cells[0], action), num_id, 1)
            for cell, text in zip(cells[1:], (lead, due, rag)):
                mw.set_cell_text(cell, text)
    actions = process(_save(document, tmp_path / "numbered-actions.docx")).model_dump(mode="json")["actions"]
    assert [(a["ref"], a["priority"], a["action"], a["due_date"], a["rag"]) for a in actions] == [
        ("1.1", "1", "Appoint a chair", "2024-09-30", "green"),
        ("2.1", "2", "Audit contacts", "2025-01-31", "amber"),
        ("2.2", "2", "Hire staff", "2025-01-31", "red"),
    ]
