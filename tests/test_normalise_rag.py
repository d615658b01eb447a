"""RAG statuses from words, letters, look-alike letters, document keys and fill colours."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from planwatch.normalise.models import Rag
from planwatch.normalise.rag import (
    fill_hex,
    fold_confusables,
    key_from_labels,
    parse_hex,
    rag_from_cell,
    rag_from_colour,
    rag_from_text,
)

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

R, A, G, C = Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE

COLOURS = [
    ("#FF0000", R),  # Word's standard red
    ("#C00000", R),  # Word's dark red
    ("#FFC7CE", R),  # Excel 'Bad' fill
    ("#9C0006", R),  # Excel 'Bad' text
    ("#FFC000", A),  # amber
    ("#FFA500", A),  # orange
    ("#F79646", A),
    ("#ED7D31", A),
    ("#FFFF00", A),  # yellow
    ("#FFEB9C", A),  # Excel 'Neutral' fill
    ("#92D050", G),  # light green
    ("#00B050", G),
    ("#008000", G),
    ("#00FF00", G),
    ("#C6EFCE", G),  # Excel 'Good' fill
    ("#006100", G),  # Excel 'Good' text
    ("#0070C0", C),  # blue
    ("#00B0F0", C),  # light blue
    ("#8DB3E2", C),
    ("#F2F2F2", None),  # pale grey
    ("#D9E2F3", None),  # header tints
    ("#DEEAF6", None),
    ("#DDEBF7", None),
    ("#E2EFDA", None),
    ("#FCE4D6", None),
    ("#FFF2CC", None),
    ("#B4C6E7", None),
    ("#FFFFFF", None),
    ("#000000", None),
    ("#808080", None),
    ("#7030A0", None),  # purple
    ("#FF00FF", None),  # pink
    ("ff0000", R),
    ("#f00", R),
    ("FF00B050", G),  # Office writes alpha first
    ("auto", None),
    ("", None),
    (None, None),
    ("#GGGGGG", None),
]

TEXTS = [
    ("Red", R),
    ("RED", R),
    ("AMBER", A),
    ("green", G),
    ("Amber/Green", A),
    ("Red/Amber", R),
    ("Completed", C),
    ("Complete", C),
    ("COMPLETED", C),
    ("Blue", C),
    ("Done", C),
    ("Yellow", A),
    ("R", R),
    ("A", A),
    ("G", G),
    ("C", C),
    ("B", C),
    ("g", G),
    ("G*", G),
    ("R/A", R),
    ("(Red)", R),
    ("RAG: Green", G),
    ("Green – on track", G),
    ("Amber E", A),
    ("Amber E (yellow)", A),
    ("\u0421", C),  # Cyrillic capital es
    ("\u0410", A),  # Cyrillic capital a
    ("\u0391", A),  # Greek capital alpha
    ("\u0392", C),  # Greek capital beta
    ("\u0421ompleted", C),
    ("\u0395", None),  # Greek capital epsilon: 'E' means something only through a key
    ("E", None),
    ("RAG", None),
    ("R A G", None),
    ("TBC", None),
    ("Not started", None),
    ("A new approach", None),
    ("Reduced", None),
    ("", None),
    (None, None),
]

PLYMOUTH_STYLE_KEY = [
    ("Red – past its date", None, None),
    ("Amber - under way", None, None),
    ("Amber E (yellow) - done, effect still to be shown", None, None),
    ("Green – done and shown to work", None, None),
]

KEYED_TEXTS = [
    ("E", A),
    ("\u0415", A),  # Cyrillic capital ie
    ("\u0395", A),  # Greek capital epsilon
    ("Amber E", A),
    ("E (yellow)", A),
    ("yellow", A),
    ("Amber", A),
    ("R", R),
    ("C", C),
    ("Blue", C),
    ("X", None),
]

# (label, definition, fill) -> the status the key gives it
KEY_LABELS = [
    (("RED", "Work has not started, or is badly late", None), R),
    (("AMBER", "Begun, with some delay", None), A),
    (("GREEN", "On track to be completed when planned", None), G),
    (("COMPLETED", "Finished, with evidence", "#0070C0"), C),
    (("Blue", None, None), C),
    (("Yellow", None, None), A),
    (("Amber E (yellow)", "Done, effect still to be shown", None), A),
    (("E", None, "#FFFF00"), A),
    (("G", None, None), G),
    (("1", "On track to be completed when planned", None), G),
    (("2", "Completed, with evidence", None), C),
    (("3", "Overdue", None), R),
    (("4", "Begun, with some delay", None), A),
    (("", None, "#00B050"), G),
    (("Purple", "Not yet assessed", "#7030A0"), None),
]

FOLDS = [
    ("\u0421", "C"),
    ("\u0410mber", "Amber"),
    ("\u0395", "E"),
    ("\u0442\u0432\u0441", "TBC"),  # lower-case look-alikes of small capitals
    ("Re\u0441eived", "Received"),
    (
        "\u043f\u0440\u0438\u0432\u0435\u0442 \u0432\u0441\u0435",
        "\u043f\u0440\u0438\u0432\u0435\u0442 \u0432\u0441\u0435",
    ),  # Russian stays
    (
        "\u03ba\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1",
        "\u03ba\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1",
    ),  # Greek stays
    ("Caf\u00e9", "Caf\u00e9"),
    ("plain ASCII 123", "plain ASCII 123"),
    ("", ""),
]

# (text, fill, expected status, expected rag_raw)
CELLS = [
    ("G", "#FF0000", G, "G"),
    ("", "#00B050", G, "#00b050"),
    (None, "#FFC000", A, "#ffc000"),
    ("  ", "#0070C0", C, "#0070c0"),
    ("On track", "#92D050", G, "On track"),
    ("", "#FFFFFF", None, None),
    ("", "#F2F2F2", None, None),
    ("", "#7030A0", None, "#7030a0"),
    ("", None, None, None),
    ("Not rated", None, None, "Not rated"),
    ("\u0421", None, C, "\u0421"),
    ("Amber\n E", None, A, "Amber E"),
]


@pytest.mark.parametrize("colour,expected", COLOURS)
def test_rag_from_colour(colour: str | None, expected: Rag | None) -> None:
    assert rag_from_colour(colour) == expected


@pytest.mark.parametrize("text,expected", TEXTS)
def test_rag_from_text(text: str | None, expected: Rag | None) -> None:
    assert rag_from_text(text) == expected


@pytest.mark.parametrize("text,expected", KEYED_TEXTS)
def test_rag_from_text_with_the_documents_key(text: str, expected: Rag | None) -> None:
    key = key_from_labels(PLYMOUTH_STYLE_KEY)
    assert rag_from_text(text, key=key) == expected


def test_a_documents_key_overrides_the_usual_letters() -> None:
    key = key_from_labels([("B – Behind schedule", None, "#FF0000"), ("Green", None, None)])
    assert key == {"B – Behind schedule": R, "Green": G}
    assert rag_from_text("B", key=key) == R
    assert rag_from_text("B") == C


@pytest.mark.parametrize("row,expected", KEY_LABELS)
def test_key_from_labels(row: tuple[str, str | None, str | None], expected: Rag | None) -> None:
    assert key_from_labels([row]) == {row[0]: expected}


@pytest.mark.parametrize("text,expected", FOLDS)
def test_fold_confusables(text: str, expected: str) -> None:
    assert fold_confusables(text) == expected


@pytest.mark.parametrize("text,fill,expected,raw", CELLS)
def test_rag_from_cell(text: str | None, fill: str | None, expected: Rag | None, raw: str | None) -> None:
    assert rag_from_cell(text, fill) == (expected, raw)


@pytest.mark.parametrize(
    "colour,expected",
    [
        ("#00b050", (0, 176, 80)),
        ("00B050", (0, 176, 80)),
        ("#0b5", (0, 187, 85)),
        (" #00B050 ", (0, 176, 80)),
        ("blue", None),
    ],
)
def test_parse_hex(colour: str, expected: tuple[int, int, int] | None) -> None:
    assert parse_hex(colour) == expected


@pytest.mark.parametrize(
    "colour,expected", [("#00B050", "#00b050"), ("#FFFFFF", None), ("#1A1A1A", None), ("x", None)]
)
def test_fill_hex(colour: str, expected: str | None) -> None:
    assert fill_hex(colour) == expected


def _lookalike_cells() -> list[str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}; they live in ../shared/seeds beside the repository")
    cells = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            for cell in line.split("\t"):
                text = cell.strip()
                if len(text) == 1 and unicodedata.name(text, "").startswith(("CYRILLIC", "GREEK")):
                    cells.append(text)
    return cells


def test_every_lookalike_status_letter_in_the_seeds_is_a_status() -> None:
    cells = _lookalike_cells()
    assert cells, "[seeds] no look-alike status letters found"
    key = key_from_labels(PLYMOUTH_STYLE_KEY)
    unread = [cell for cell in cells if rag_from_text(cell, key=key) is None]
    assert not unread, f"[seeds] look-alike letters not read as statuses: {unread}"


# --- word scales, misprints and what a key leaves unrated ----------------------

WORD_KEY = key_from_labels([
    ("On track", "Progressing to plan", None),
    ("At risk", "Some slippage", None),
    ("Off track", "Significant delay", None),
    ("Complete", "Finished and signed off", None),
    ("Not started", "Work has not begun", "#bfbfbf"),
])


def test_a_word_scale_is_read_through_the_papers_key():
    assert WORD_KEY == {
        "On track": Rag.GREEN, "At risk": Rag.AMBER, "Off track": Rag.RED, "Complete": Rag.COMPLETE,
        "Not started": None,
    }
    assert rag_from_cell("On track", None, key=WORD_KEY) == (Rag.GREEN, "On track")
    assert rag_from_cell("Off track", None, key=WORD_KEY) == (Rag.RED, "Off track")


@pytest.mark.parametrize("printed, expected", [
    ("On  trak", Rag.GREEN), ("Off trac", Rag.RED), ("At Risk ", Rag.AMBER), ("A mber", Rag.AMBER),
    ("Complet", Rag.COMPLETE), ("Compl", Rag.COMPLETE), ("Gren", Rag.GREEN),
])
def test_status_words_with_stray_spaces_truncations_and_typos_are_read(printed, expected):
    assert rag_from_cell(printed, None, key=WORD_KEY)[0] is expected


@pytest.mark.parametrize("printed", ["Not started", "Delayed", "In progress", "Agreed", "Redesign", "N/A"])
def test_a_status_the_key_leaves_unrated_stays_unrated(printed):
    assert rag_from_cell(printed, None, key=WORD_KEY) == (None, printed)


def test_a_word_scale_without_a_key_is_not_guessed():
    assert rag_from_cell("On track", None) == (None, "On track")
    assert rag_from_cell("Off track", None) == (None, "Off track")
