"""Property tests: the normalisers never raise on any text and are idempotent where they should be."""

from __future__ import annotations

import calendar
import math
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.normalise.dates import MONTHS, due_date, parse_date, period_end
from planwatch.normalise.models import Rag, Unit, ValueStatus
from planwatch.normalise.rag import (
    fold_confusables,
    key_from_labels,
    rag_from_cell,
    rag_from_colour,
    rag_from_text,
)
from planwatch.normalise.text import collapse, repair_split_words, repair_text
from planwatch.normalise.values import direction_of, parse_target, parse_value, unit_of

# wordfreq loads its lists on first use, which can outlast hypothesis's deadline.
PROPERTY = settings(deadline=None, max_examples=150)

HEX_DIGITS = "0123456789abcdefABCDEF"
DIRECTIONS = {None, "improving", "worsening", "stable"}
MONTH_NAMES = [name for name in MONTHS if len(name) > 3 or name == "may"]

texts = st.text(max_size=60)
lookalike_texts = st.text(
    alphabet=st.sampled_from(
        list(
            "ACEBHKMOPTXaceopxy "
            "\u0410\u0421\u0415\u0412\u0430\u0441\u0435\u0442\u0432"  # Cyrillic look-alikes
            "\u0391\u0395\u03bf"  # Greek look-alikes
            "\u043f\u0438"  # Cyrillic letters with no Latin twin
        )
    ),
    max_size=20,
)
word_texts = st.lists(st.text(alphabet="abcdefghilmnoprstuyAEIOT", min_size=1, max_size=9), max_size=6).map(
    " ".join
)
hex_colours = st.text(alphabet=HEX_DIGITS, min_size=6, max_size=6)


@PROPERTY
@given(texts, st.sampled_from(["end", "start"]), st.one_of(st.none(), st.integers(1, 9999)))
def test_dates_never_raise(text: str, month_only: str, default_year: int | None) -> None:
    parsed = parse_date(text, month_only=month_only, default_year=default_year)
    assert parsed is None or isinstance(parsed, date)
    due_date(text, default_year=default_year)
    period_end(text)


@PROPERTY
@given(st.dates())
def test_parse_date_round_trips_iso(day: date) -> None:
    assert parse_date(day.isoformat()) == day


@PROPERTY
@given(st.dates(min_value=date(1000, 1, 1)))
def test_parse_date_reads_day_first(day: date) -> None:
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year}") == day


@PROPERTY
@given(st.sampled_from(MONTH_NAMES), st.integers(1000, 9999))
def test_month_and_year_give_the_months_first_and_last_day(name: str, year: int) -> None:
    text = f"{name.title()} {year}"
    first = parse_date(text, month_only="start")
    last = parse_date(text, month_only="end")
    assert first is not None and last is not None
    assert (first.year, first.month, first.day) == (year, MONTHS[name], 1)
    assert (last.year, last.month, last.day) == (
        year,
        MONTHS[name],
        calendar.monthrange(year, MONTHS[name])[1],
    )


@PROPERTY
@given(hex_colours, st.booleans())
def test_rag_from_colour_never_raises_and_ignores_case_and_hash(digits: str, hash_sign: bool) -> None:
    colour = ("#" if hash_sign else "") + digits
    rag = rag_from_colour(colour)
    assert rag is None or isinstance(rag, Rag)
    assert rag_from_colour(digits.lower()) == rag_from_colour("#" + digits.upper()) == rag


@PROPERTY
@given(texts)
def test_rag_from_colour_never_raises_on_any_text(text: str) -> None:
    assert rag_from_colour(text) is None or isinstance(rag_from_colour(text), Rag)


@PROPERTY
@given(texts, st.one_of(st.none(), hex_colours.map(lambda digits: "#" + digits)))
def test_rag_from_text_and_cell_never_raise(text: str, fill: str | None) -> None:
    rag = rag_from_text(text)
    assert rag is None or isinstance(rag, Rag)
    cell_rag, raw = rag_from_cell(text, fill)
    assert cell_rag is None or isinstance(cell_rag, Rag)
    assert raw is None or isinstance(raw, str)


@PROPERTY
@given(
    st.lists(st.tuples(texts, st.one_of(st.none(), texts), st.one_of(st.none(), texts)), max_size=5), texts
)
def test_keys_never_raise(labels: list[tuple[str, str | None, str | None]], text: str) -> None:
    key = key_from_labels(labels)
    assert set(key) == {label for label, _, _ in labels}
    rag_from_text(text, key=key)


@PROPERTY
@given(st.sampled_from(list(Rag)))
def test_canonical_statuses_read_as_themselves(rag: Rag) -> None:
    assert rag_from_text(rag.value) == rag
    assert rag_from_text(rag.value.upper()) == rag


@PROPERTY
@given(st.one_of(texts, lookalike_texts))
def test_fold_confusables_is_idempotent(text: str) -> None:
    once = fold_confusables(text)
    assert fold_confusables(once) == once
    assert len(once) == len(text)


@PROPERTY
@given(texts)
def test_repair_text_is_idempotent(text: str) -> None:
    once = repair_text(text)
    assert repair_text(once) == once


@PROPERTY
@given(texts)
def test_collapse_is_idempotent(text: str) -> None:
    once = collapse(text)
    assert collapse(once) == once
    assert "  " not in once


@PROPERTY
@given(st.one_of(texts, word_texts))
def test_repair_split_words_is_idempotent(text: str) -> None:
    once = repair_split_words(text)
    assert repair_split_words(once) == once
    assert "".join(once.split()) == "".join(text.split())


@PROPERTY
@given(texts)
def test_values_never_raise(text: str) -> None:
    parsed = parse_value(text)
    assert (parsed.value is not None) == (parsed.status is ValueStatus.OK)
    assert parsed.value is None or math.isfinite(parsed.value)
    target = parse_target(text)
    assert target.comparator is None or target.target is not None
    assert direction_of(text) in DIRECTIONS
    assert isinstance(unit_of(text, [text]), Unit)


@PROPERTY
@given(st.integers(-(10**9), 10**9))
def test_counts_with_separators_read_back(number: int) -> None:
    assert parse_value(f"{number:,}").value == number


@PROPERTY
@given(st.decimals(min_value=0, max_value=1000, places=1))
def test_percentages_read_back(number) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_value(f"{number}%")
    assert parsed.value == float(number) and parsed.unit_hint is Unit.PERCENT
