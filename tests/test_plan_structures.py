"""Plan-table structures read however they are printed: a PDF drawn by reportlab, an HTML page, a Word file.

Each structure (a priority merged down the first column, a form per action,
a word status scale defined by the paper's key, a count grid with statuses
across, colour-only statuses, refs run into the action text) is written in
several representations with the same content, and every one must give the
same records.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from planwatch.pipeline import process

ROWS = [
    # priority, ref, action, lead, due, status word, fill
    ("1", "1.1", "Appoint an independent chair", "Chief Executive", "Q2 2024/25", "On track", "#00B050"),
    ("1", "1.2", "Publish a monthly scorecard", "Head of Performance", "End of March 2025", "At risk", "#FFC000"),
    ("2", "2.1", "Move early help into the front door", "Head of Early Help", "w/c 14/10/24", "Off track", "#FF0000"),
    ("2", "2.2", "Audit thirty contacts a month", "Head of Quality Assurance", "Spring 2025", "Complete", "#0070C0"),
]
TITLES = {"1": "Leadership and governance", "2": "Help at the front door"}
EXPECTED_DUE = {"1.1": "2024-09-30", "1.2": "2025-03-31", "2.1": "2024-10-14", "2.2": None}
KEY = [("On track", "Progressing to plan", "green"), ("At risk", "Some slippage", "amber"),
       ("Off track", "Significant delay", "red"), ("Complete", "Finished and signed off", "complete")]
STYLES = getSampleStyleSheet()


def _p(text: str) -> Paragraph:
    return Paragraph(html.escape(text), STYLES["BodyText"])


def _pdf(path: Path, story: list) -> Path:
    SimpleDocTemplate(str(path), pagesize=landscape(A4), invariant=1).build(
        [_p("SAMPLE – invented content. Sefton Council"), Spacer(1, 12), *story]
    )
    return path


def _html(path: Path, body: str) -> Path:
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Improvement plan</title>"
        "<style>td,th{border:1px solid #555}</style></head><body>"
        "<p>SAMPLE – invented content. Sefton Council</p>" + body + "</body></html>",
        encoding="utf-8",
    )
    return path


def _actions(path: Path) -> list[tuple]:
    rows = process(path).model_dump(mode="json")["actions"]
    return [(a["priority"], a["ref"], a["action"], a["lead"], a["due_date"], a["rag"]) for a in rows]


def _expected() -> list[tuple]:
    """The records every representation must give: status words by the key, fills by their colour (the same)."""
    meaning = {label: rag for label, _, rag in KEY}
    return [(p, ref, action, lead, EXPECTED_DUE[ref], meaning[word]) for p, ref, action, lead, _, word, _ in ROWS]


# -- a priority merged down the first column ------------------------------------------------


def _merged_priority_pdf(path: Path) -> Path:
    data = [[_p(h) for h in ("Priority", "Ref", "Action", "Lead", "Timescale", "RAG")]]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for number in TITLES:
        rows = [row for row in ROWS if row[0] == number]
        first = len(data)
        for i, (_, ref, action, lead, due, _, fill) in enumerate(rows):
            label = _p(f"Priority {number}: {TITLES[number]}") if i == 0 else ""
            data.append([label, _p(ref), _p(action), _p(lead), _p(due), ""])
            style.append(("BACKGROUND", (5, len(data) - 1), (5, len(data) - 1), colors.HexColor(fill)))
        style.append(("SPAN", (0, first), (0, len(data) - 1)))
    return _pdf(path, [Table(data, colWidths=[130, 40, 220, 140, 100, 50], style=TableStyle(style))])


def _merged_priority_html(path: Path, *, fill_as: str = "bgcolor") -> Path:
    rows = []
    for number in TITLES:
        group = [row for row in ROWS if row[0] == number]
        for i, (_, ref, action, lead, due, _, fill) in enumerate(group):
            first = f"<td rowspan='{len(group)}'>Priority {number}: {TITLES[number]}</td>" if i == 0 else ""
            colour = f"bgcolor='{fill}'" if fill_as == "bgcolor" else f"style='background-color: {fill.lower()}'"
            rows.append(f"<tr>{first}<td>{ref}</td><td>{action}</td><td>{lead}</td><td>{due}</td>"
                        f"<td {colour}></td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Priority", "Ref", "Action", "Lead", "Timescale", "RAG"))
    return _html(path, f"<table><tr>{head}</tr>{''.join(rows)}</table>")


@pytest.mark.parametrize("writer", [_merged_priority_pdf, _merged_priority_html], ids=["pdf", "html"])
def test_a_priority_merged_down_the_first_column_holds_for_its_rows(tmp_path, writer):
    suffix = ".pdf" if writer is _merged_priority_pdf else ".html"
    assert _actions(writer(tmp_path / f"plan{suffix}")) == _expected()


def test_an_empty_html_cell_coloured_by_css_background_gives_the_status(tmp_path):
    path = _merged_priority_html(tmp_path / "plan.html", fill_as="style")
    assert "background-color: #00b050" in path.read_text(encoding="utf-8")
    assert _actions(path) == _expected()


# -- refs Word numbered, printed run into the action text -----------------------------------


@pytest.mark.parametrize("banner", ["Priority {number}: {title}", "{number}. {title}"])
def test_a_ref_printed_run_into_the_action_text_is_the_ref(tmp_path, banner):
    data = [[_p(h) for h in ("Action", "Lead", "Timescale", "RAG")]]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
    for number in TITLES:
        data.append([_p(banner.format(number=number, title=TITLES[number])), "", "", ""])
        style.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
        for _, ref, action, lead, due, _, fill in (row for row in ROWS if row[0] == number):
            data.append([_p(f"{ref}{action}"), _p(lead), _p(due), ""])
            style.append(("BACKGROUND", (3, len(data) - 1), (3, len(data) - 1), colors.HexColor(fill)))
    path = _pdf(tmp_path / "run-in.pdf", [Table(data, colWidths=[300, 160, 110, 50], style=TableStyle(style))])
    assert _actions(path) == _expected()


# -- a form per action, field names down the left --------------------------------------------


def _form_fields(row: tuple) -> list[tuple[str, str]]:
    _, ref, action, lead, due, word, _ = row
    return [("Ref", ref), ("Action", action), ("Lead", lead), ("Due", due), ("Status", word), ("Update", "Going to plan.")]


def _forms_pdf(path: Path) -> Path:
    story = []
    for number in TITLES:
        story += [_p(f"Priority {number} – {TITLES[number]}"), Spacer(1, 6)]
        for row in (row for row in ROWS if row[0] == number):
            data = [[_p(label), _p(value)] for label, value in _form_fields(row)]
            story += [Table(data, colWidths=[80, 400], style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)])),
                      Spacer(1, 10)]
    return _pdf(path, story)


def _forms_html(path: Path) -> Path:
    parts = []
    for number in TITLES:
        parts.append(f"<h2>Priority {number} – {TITLES[number]}</h2>")
        for row in (row for row in ROWS if row[0] == number):
            cells = "".join(f"<tr><th>{label}</th><td>{html.escape(value)}</td></tr>" for label, value in _form_fields(row))
            parts.append(f"<table>{cells}</table><p></p>")
    return _html(path, "".join(parts))


def _key_html() -> str:
    rows = "".join(f"<tr><td>{label}</td><td>{definition}</td></tr>" for label, definition, _ in KEY)
    return f"<h3>Status key</h3><table>{rows}</table>"


@pytest.mark.parametrize("writer", [_forms_pdf, _forms_html], ids=["pdf", "html"])
def test_a_form_per_action_is_read_as_action_rows(tmp_path, writer):
    suffix = ".pdf" if writer is _forms_pdf else ".html"
    found = _actions(writer(tmp_path / f"forms{suffix}"))
    # no key in the paper: 'Complete' names its status anywhere, the other words are left unrated
    expected = [(p, ref, action, lead, due, "complete" if rag == "complete" else None)
                for p, ref, action, lead, due, rag in _expected()]
    assert found == expected


def test_forms_with_the_papers_key_take_their_statuses_from_it(tmp_path):
    path = _forms_html(tmp_path / "forms.html")
    path.write_text(path.read_text(encoding="utf-8").replace("<h2>", _key_html() + "<h2>", 1), encoding="utf-8")
    assert _actions(path) == _expected()


def test_a_two_column_table_of_other_facts_is_no_form(tmp_path):
    facts = [("Report title", "Budget monitoring"), ("Lead officer", "Director of Finance"), ("Date", "4 March 2025"),
             ("Decision", "To note the report")]
    body = "<table>" + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in facts) + "</table>"
    assert _actions(_html(tmp_path / "cover.html", body)) == []


# -- a word status scale defined by the key, a count grid with statuses across ----------------


def _progress_html(path: Path, *, statuses: dict[str, str], transposed: bool) -> Path:
    counts = {"1. Leadership and governance": [1, 1, 0, 0], "2. Help at the front door": [0, 0, 1, 1]}
    labels = [label for label, _, _ in KEY]
    if transposed:  # statuses across, priorities down
        grid = "<tr><th>Priority</th>" + "".join(f"<th>{s}</th>" for s in labels) + "<th>Total</th></tr>"
        grid += "".join(f"<tr><td>{g}</td>" + "".join(f"<td>{n}</td>" for n in c) + f"<td>{sum(c)}</td></tr>"
                        for g, c in counts.items())
    else:
        grid = "<tr><th>Status</th>" + "".join(f"<th>{g}</th>" for g in counts) + "</tr>"
        grid += "".join(f"<tr><td>{s}</td>" + "".join(f"<td>{c[i]}</td>" for c in counts.values()) + "</tr>"
                        for i, s in enumerate(labels))
    rows = "".join(f"<tr><td>{ref}</td><td>{action}</td><td>{lead}</td><td>{due}</td><td>{statuses.get(ref, word)}</td></tr>"
                   for _, ref, action, lead, due, word, _ in ROWS)
    head = "".join(f"<th>{h}</th>" for h in ("Ref", "Action", "Lead", "Due", "Status"))
    return _html(path, _key_html() + f"<h3>Actions by status</h3><table>{grid}</table>"
                 f"<h3>Actions</h3><table><tr>{head}</tr>{rows}</table>")


@pytest.mark.parametrize("transposed", [True, False], ids=["statuses-across", "statuses-down"])
def test_a_count_grid_is_read_both_ways_with_priority_numbers(tmp_path, transposed):
    path = _progress_html(tmp_path / "progress.html", statuses={}, transposed=transposed)
    counts = process(path).model_dump(mode="json")["rag_counts"]
    found = {(c["grp"], c["rag"]): c["count"] for c in counts}
    assert {key: n for key, n in found.items() if key[1] != "total" and key[0] != "Total"} == {
        ("1", "green"): 1, ("1", "amber"): 1, ("1", "red"): 0, ("1", "complete"): 0,
        ("2", "green"): 0, ("2", "amber"): 0, ("2", "red"): 1, ("2", "complete"): 1,
    }


def test_misprinted_status_words_are_read_through_the_key(tmp_path):
    misprints = {"1.1": "On  trak", "1.2": "At risk", "2.1": "Off trac", "2.2": "Complet"}
    path = _progress_html(tmp_path / "progress.html", statuses=misprints, transposed=True)
    found = process(path).model_dump(mode="json")["actions"]
    assert [(a["ref"], a["rag_raw"], a["rag"]) for a in found] == [
        ("1.1", "On trak", "green"), ("1.2", "At risk", "amber"), ("2.1", "Off trac", "red"), ("2.2", "Complet", "complete"),
    ]


def test_a_status_the_key_does_not_rate_stays_unrated_with_a_warning(tmp_path):
    path = _progress_html(tmp_path / "progress.html", statuses={"2.1": "Delayed"}, transposed=True)
    normalised = process(path).model_dump(mode="json")
    assert [(a["ref"], a["rag"]) for a in normalised["actions"]][2] == ("2.1", None)
    assert [p["code"] for p in normalised["problems"]].count("status_not_recognised") == 1


# -- the same structures as a text rendering (tab-separated cells) -----------------------------


def _text(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(["SAMPLE – invented content. Sefton Council", "", *lines, ""]), encoding="utf-8")
    return path


def test_a_priority_column_in_a_text_rendering_holds_for_the_rows_below(tmp_path):
    lines = ["\t".join(("Priority", "Ref", "Action", "Lead", "Timescale", "Status"))]
    for number in TITLES:
        for i, (_, ref, action, lead, due, word, _) in enumerate(row for row in ROWS if row[0] == number):
            first = f"Priority {number}: {TITLES[number]}" if i == 0 else ""
            lines.append("\t".join((first, ref, action, lead, due, word)))
    key = ["Status key"] + [f"{label} – {definition}" for label, definition, _ in KEY]
    assert _actions(_text(tmp_path / "plan.txt", key + [""] + lines)) == _expected()


def test_a_transposed_count_grid_in_a_text_rendering(tmp_path):
    labels = [label for label, _, _ in KEY]
    lines = ["\t".join(("Priority", *labels, "Total")),
             "\t".join(("1. Leadership and governance", "1", "1", "0", "0", "2")),
             "\t".join(("2. Help at the front door", "0", "0", "1", "1", "2"))]
    key = ["Status key"] + [f"{label} – {definition}" for label, definition, _ in KEY]
    counts = process(_text(tmp_path / "grid.txt", key + [""] + lines)).model_dump(mode="json")["rag_counts"]
    found = {(c["grp"], c["rag"]): c["count"] for c in counts}
    assert {k: n for k, n in found.items() if k[1] != "total"} == {
        ("1", "green"): 1, ("1", "amber"): 1, ("1", "red"): 0, ("1", "complete"): 0,
        ("2", "green"): 0, ("2", "amber"): 0, ("2", "red"): 1, ("2", "complete"): 1,
    }


def test_a_status_the_key_lists_unrated_says_so(tmp_path):
    path = _progress_html(tmp_path / "progress.html", statuses={"2.1": "Not started"}, transposed=True)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "</table><h3>Actions by status", "<tr><td bgcolor='#BFBFBF'>Not started</td><td>Not yet due</td></tr>"
        "</table><h3>Actions by status", 1), encoding="utf-8")
    normalised = process(path).model_dump(mode="json")
    assert [(k["label"], k["rag"]) for k in normalised["rag_key"]][-1] == ("Not started", None)
    assert [(a["ref"], a["rag"]) for a in normalised["actions"]][2] == ("2.1", None)
    problem = next(p for p in normalised["problems"] if p["code"] == "status_not_recognised")
    assert "the paper's own key lists it with no rating" in problem["message"]


def test_a_first_column_of_numbered_priority_titles_holds_for_its_rows(tmp_path):
    path = _merged_priority_html(tmp_path / "plan.html")
    for number, title in TITLES.items():
        path.write_text(path.read_text(encoding="utf-8").replace(f"Priority {number}: {title}", f"{number}. {title}"),
                        encoding="utf-8")
    assert "1. Leadership and governance" in path.read_text(encoding="utf-8")
    assert _actions(path) == _expected()


@pytest.mark.parametrize("header", ["Priority", "Theme"])
def test_a_column_headed_priority_holding_numbers_names_each_rows_priority(tmp_path, header):
    path = _merged_priority_html(tmp_path / "plan.html")
    text = path.read_text(encoding="utf-8").replace("<th>Priority</th>", f"<th>{header}</th>")
    for number, title in TITLES.items():
        text = text.replace(f"Priority {number}: {title}", number)
    path.write_text(text, encoding="utf-8")
    assert _actions(path) == _expected()


def test_a_column_of_numbers_under_another_header_names_no_priority(tmp_path):
    path = _merged_priority_html(tmp_path / "plan.html")
    text = path.read_text(encoding="utf-8").replace("<th>Priority</th>", "<th>Row</th>")
    for number, title in TITLES.items():
        text = text.replace(f"Priority {number}: {title}", number)
    path.write_text(text, encoding="utf-8")
    assert [priority for priority, *_ in _actions(path)] == [None] * len(ROWS)


def test_forms_in_a_text_rendering_are_read_as_action_rows(tmp_path):
    lines = ["Status key"] + [f"{label} – {definition}" for label, definition, _ in KEY] + [""]
    for number in TITLES:
        lines += [f"Priority {number} – {TITLES[number]}", ""]
        for row in (row for row in ROWS if row[0] == number):
            lines += ["\t".join(field) for field in _form_fields(row)] + [""]
    assert _actions(_text(tmp_path / "forms.txt", lines)) == _expected()
