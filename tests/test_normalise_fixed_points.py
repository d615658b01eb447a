"""Property tests beside tests/test_normalise_properties.py: normalised values are fixed points.

That file shows the normalisers never raise and that the text repairs are
idempotent. These show the other half of 'idempotent where they should be':
a value planwatch stores (an ISO date, a number, a status, a fill as
#rrggbb, a rag_raw) reads back as itself, so normalising what was already
normalised changes nothing; and a status word written with look-alike
letters reads as the word, before and after the text is repaired, while
rag_raw keeps the letters as printed.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.normalise.dates import due_date, period_end
from planwatch.normalise.models import Rag
from planwatch.normalise.rag import fill_hex, parse_hex, rag_from_cell, rag_from_colour, rag_from_text
from planwatch.normalise.values import parse_value
from planwatch.repair import repair_string

PROPERTY = settings(deadline=None, max_examples=200)
MAX_PLAIN_NUMBER = 1e12
"""Numbers up to this size are written back without an exponent."""

texts = st.text(max_size=60)
colours = st.text(alphabet="0123456789abcdefABCDEF#", max_size=9)
LOOKALIKES = {"A": "\u0410", "C": "\u0421", "E": "\u0415", "a": "\u0430", "c": "\u0441", "e": "\u0435",
              "o": "\u043e", "p": "\u0440", "x": "\u0445", "O": "\u041e", "P": "\u0420", "M": "\u041c"}


@PROPERTY
@given(texts)
def test_a_due_date_reads_back_as_itself(text: str) -> None:
    found = due_date(text)
    if found is not None:
        assert due_date(found) == found


@PROPERTY
@given(texts)
def test_a_period_end_reads_back_as_itself(text: str) -> None:
    found = period_end(text)
    if found is not None:
        assert period_end(found) == found


@PROPERTY
@given(st.dates())
def test_an_iso_date_is_its_own_period_end(day) -> None:  # type: ignore[no-untyped-def]
    assert period_end(day.isoformat()) == day.isoformat()


@PROPERTY
@given(texts)
def test_a_value_written_plainly_reads_back_as_itself(text: str) -> None:
    value = parse_value(text).value
    if value is not None and abs(value) < MAX_PLAIN_NUMBER:
        plain = format(value, ".6f").rstrip("0").rstrip(".")
        assert parse_value(plain).value == round(value, 6)


@PROPERTY
@given(texts)
def test_a_status_reads_back_as_itself(text: str) -> None:
    rag = rag_from_text(text)
    if rag is not None:
        assert rag_from_text(rag.value) == rag


@PROPERTY
@given(st.sampled_from(["Red", "Amber", "Green", "Complete", "RED", "AMBER", "COMPLETE"]), st.data())
def test_a_status_word_with_look_alike_letters_reads_the_same(word: str, data) -> None:  # type: ignore[no-untyped-def]
    swaps = data.draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    disguised = "".join(LOOKALIKES.get(char, char) if swap else char for char, swap in zip(word, swaps))
    assert rag_from_text(disguised) == rag_from_text(repair_string(disguised)) == Rag(word.lower())
    assert rag_from_cell(disguised, None) == (Rag(word.lower()), disguised), "rag_raw keeps what is printed"


@PROPERTY
@given(colours)
def test_a_fill_as_stored_is_a_fixed_point(colour: str) -> None:
    stored = fill_hex(colour)
    if stored is not None:
        assert fill_hex(stored) == stored
        assert parse_hex(stored) == parse_hex(colour)
        assert rag_from_colour(stored) == rag_from_colour(colour)


@PROPERTY
@given(texts, st.one_of(st.none(), colours))
def test_rag_raw_read_again_gives_the_same_status(text: str, fill: str | None) -> None:
    rag, raw = rag_from_cell(text, fill)
    if raw is None:
        assert rag is None, "a status must keep what it was read from"
        return
    assert rag_from_cell(raw, fill) == (rag, raw)
    if not text.strip():  # a colour-only cell: the stored colour alone gives the status
        assert raw == fill_hex(fill) and rag_from_colour(raw) == rag
