"""Plan records (priorities, actions, RAG keys, RAG count grids) -> contract rows.

    from planwatch.normalise.plan import normalise_plan
    rows = normalise_plan(extraction)   # PlanRows: priorities, actions, rag_key, rag_counts, problems

What is made of each printed value:

- text: whitespace collapsed, encodings repaired, words split by a cell's
  wrapping joined again (`Commissio ning`), with the document's own unsplit
  words as extra vocabulary; a hyphen left at a line end joined to its word
  (`Co- ordinator`), and a capital I printed for a small l inside a word
  (`AII HOS`, `operationa I managers`) read as the l it stands for when only
  that gives an English word. Nothing is invented: a repair happens only when
  the result is a known word and the printed form is not.
- lead: as text, without a trailing full stop or comma.
- priority numbers: Roman numerals and 'I' typed for '1' as digits.
- due_date: the first date of the timescale (`May 23 Ongoing ...` is May
  2023), a month-only timescale on the month's last day; a month printed
  without a year takes the year most common among the document's other
  timescales; `Immediately` and `Ongoing` give none.
- rag: the document's own key first, then status words, letters and their
  look-alikes, then the cell's fill colour (`normalise.rag.rag_from_cell`).
- RAG count grids: each printed number kept; a status row or a group column
  that does not add up to its printed total gives a Problem of severity
  'error' saying which, so the document is stored as `partial`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping

from pydantic import BaseModel, ConfigDict, Field

from planwatch.extract.common import numeral_value, vocabulary
from planwatch.extract.models import ActionRecord, Extraction, PriorityRecord, RagCountRecord
from planwatch.ingest.models import Problem, Severity
from planwatch.wording import counted

from .dates import due_date, parse_date
from .models import ActionRow, PriorityRow, Rag, RagCountRow, RagKeyRow
from .rag import key_from_labels, rag_from_cell, rag_from_text
from .text import collapse, repair_if_needed, repair_split_words, word_zipf

STAGE = "normalise"
MIN_VOCABULARY_WORD = 4
"""Shortest unsplit word of the document that vouches for a re-joined one."""
L_WORD_MIN_ZIPF = 3.0
"""Zipf frequency from which a form with 'l' for a printed 'I' counts as a word ('all' 6.5)."""
I_WORD_MAX_ZIPF = 3.0
"""A printed form with 'I' at least this common is a word in its own right and stays."""

_WORD = re.compile(r"[A-Za-z]+")
_LINE_END_HYPHEN = re.compile(r"(?<=[A-Za-z])- (?=[a-z])")
_I_FOR_L_TAIL = re.compile(r"\b([a-z]{3,}) I\b")
_I_FOR_L_INSIDE = re.compile(r"\b([A-Za-z]*[A-Za-z]I[A-Za-z]*|I{2,}[a-z]*)\b")
_TRAILING = " .,;:"
_GROUP_NUMBER = re.compile(
    r"^(?:(?P<word>" + "|".join(re.escape(word) for word in vocabulary()["priorities"]["words"]) + r")\s*)?"
    r"(?:(?P<digits>\d{1,2})(?:[.):]\s*|\s+[-–—:]?\s*)(?=[A-Za-z])|(?P<roman>[IVX]{1,4})\s*[.):–—-]\s*(?=[A-Za-z])"
    r"|(?P<alone>\d{1,2}|[IVX]{1,4})$)",
    re.IGNORECASE,
)


class PlanRows(BaseModel):
    """The contract rows of a document's plan records, and what went wrong reading them."""

    model_config = ConfigDict(extra="forbid")

    priorities: list[PriorityRow] = Field(default_factory=list)
    actions: list[ActionRow] = Field(default_factory=list)
    rag_key: list[RagKeyRow] = Field(default_factory=list)
    rag_counts: list[RagCountRow] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)


# -- Text -----------------------------------------------------------------------


def _zipf(word: str) -> float:
    return word_zipf(word.lower())


def _i_for_l(match: re.Match[str]) -> str:
    token = match.group(0)
    if _zipf(token) >= I_WORD_MAX_ZIPF:
        return token
    candidate = token[0] + token[1:].replace("I", "l")
    return candidate if candidate != token and _zipf(candidate) >= L_WORD_MIN_ZIPF else token


def _join_i_tail(match: re.Match[str]) -> str:
    head = match.group(1)
    joined = head + "l"
    return joined if _zipf(head) < L_WORD_MIN_ZIPF <= _zipf(joined) else match.group(0)


def repair_lookalike_l(text: str) -> str:
    """RETURNS (str): capital I printed for a small l read as l, where only that makes a word.

    'AII HOS' -> 'All HOS'; 'operationa I managers' -> 'operational managers';
    'IRO', 'CSIL', 'PIL' and 'I' stay: they are not words with an l.
    """
    text = _I_FOR_L_TAIL.sub(_join_i_tail, text)
    return _I_FOR_L_INSIDE.sub(_i_for_l, text)


def clean_text(text: str | None, *, vocabulary: Collection[str] = ()) -> str | None:
    """RETURNS (str | None): printed text repaired and collapsed to one line (None when empty)."""
    if text is None:
        return None
    repaired = repair_split_words(collapse(repair_if_needed(text)), vocabulary=vocabulary)
    repaired = repair_lookalike_l(_LINE_END_HYPHEN.sub("-", repaired))
    return repaired or None


def clean_lead(text: str | None, *, vocabulary: Collection[str] = ()) -> str | None:
    """RETURNS (str | None): a lead repaired as text, without trailing punctuation ('DCS and SD.')."""
    cleaned = clean_text(text, vocabulary=vocabulary)
    return cleaned.rstrip(_TRAILING) or None if cleaned else None


def document_vocabulary(extraction: Extraction) -> frozenset[str]:
    """RETURNS (frozenset): lower-case words the document prints whole, to vouch for re-joined ones."""
    texts = [record.title for record in extraction.priorities]
    for record in extraction.actions:
        texts.extend([record.outcome, record.action, record.lead, record.progress])
    words = {word.lower() for text in texts if text for word in _WORD.findall(text)}
    return frozenset(word for word in words if len(word) >= MIN_VOCABULARY_WORD)


# -- Priorities and actions -------------------------------------------------------


def priority_number(text: str | None) -> str | None:
    """RETURNS (str | None): a priority number as digits ('I' -> '1', 'IV' -> '4'), else as printed."""
    if text is None:
        return None
    value = numeral_value(text)
    return str(value) if value is not None else collapse(text) or None


def priority_row(record: PriorityRecord, *, vocabulary: Collection[str] = ()) -> PriorityRow:
    """RETURNS (PriorityRow): one priority with its number as digits and its title repaired."""
    return PriorityRow(
        number=priority_number(record.number) or record.number,
        title=clean_text(record.title, vocabulary=vocabulary),
        inspection_ref=clean_text(record.inspection_ref),
        page=record.source.page,
    )


def common_year(records: list[ActionRecord]) -> int | None:
    """RETURNS (int | None): the year most of the document's dated timescales fall in."""
    years = Counter()
    for record in records:
        found = parse_date(collapse(repair_if_needed(record.due_raw)))
        if found is not None:
            years[found.year] += 1
    return years.most_common(1)[0][0] if years else None


def action_row(
    record: ActionRecord, *, key: Mapping[str, Rag | None], vocabulary: Collection[str] = (),
    default_year: int | None = None,
) -> ActionRow:
    """RETURNS (ActionRow): one action with its text repaired, due date and status read."""
    due_raw = clean_text(record.due_raw, vocabulary=vocabulary)
    rag, rag_raw = rag_from_cell(collapse(record.rag_raw) or None, record.rag_fill, key=key)
    return ActionRow(
        ref=collapse(record.ref) or None,
        priority=priority_number(record.priority),
        outcome=clean_text(record.outcome, vocabulary=vocabulary),
        action=clean_text(record.action, vocabulary=vocabulary),
        lead=clean_lead(record.lead, vocabulary=vocabulary),
        due_raw=due_raw,
        due_date=due_date(due_raw, default_year=default_year),
        rag_raw=rag_raw,
        rag=rag,
        progress=clean_text(record.progress, vocabulary=vocabulary),
        page=record.source.page,
    )


def _unread_statuses(
    extraction: Extraction, rows: list[ActionRow], key: Mapping[str, Rag | None] | None = None
) -> list[Problem]:
    unread = [row.rag_raw for row in rows if row.rag_raw and row.rag is None]
    if not unread:
        return []
    examples = ", ".join(f'"{text}"' for text in sorted(set(unread))[:3])
    unrated = {collapse(label).lower() for label, rag in (key or {}).items() if rag is None}
    if unrated and all(text.lower() in unrated for text in unread):
        which = "it" if len(set(unread)) == 1 else "them"
        why = f"the paper's own key lists {which} with no rating; kept as printed in rag_raw with no rag"
    else:
        why = "kept as printed in rag_raw with no rag. If the paper has a RAG key, check it was read"
    return [Problem(
        code="status_not_recognised", stage=STAGE, raw=unread[0],
        message=f"{extraction.origin.filename}: {counted(len(unread), 'action status', 'action statuses')} "
        f"not recognised ({examples}); {why}",
    )]


# -- RAG count grids ----------------------------------------------------------------


def count_status(label: str, *, key: Mapping[str, Rag | None]) -> str | None:
    """RETURNS (str | None): the canonical status a grid label stands for, or 'new' / 'total'."""
    wanted = collapse(label).lower().rstrip(":")
    vocab = vocabulary()["rag_counts"]
    if wanted in vocab["total"]:
        return "total"
    if wanted in vocab["new"]:
        return "new"
    found = rag_from_text(label, key=key, fuzzy=True)
    return found.value if found is not None else None


def group_label(text: str) -> str:
    """RETURNS (str): a count grid's group as stored: the priority number a label starts with, else as printed.

    '1. Leadership and governance', '1 Leadership', 'Priority 2: Front door'
    and 'II – Early help' are the priorities 1, 1, 2 and 2; 'Total' and
    '2024/25' stay as printed.
    """
    printed = collapse(text)
    match = _GROUP_NUMBER.match(printed)
    if match is None or (match.group("alone") and not match.group("word")):
        return printed
    value = numeral_value(match.group("digits") or match.group("roman") or match.group("alone"))
    return str(value) if value is not None else printed


def _grids(records: list[RagCountRecord]) -> dict[int | None, list[RagCountRecord]]:
    grids: dict[int | None, list[RagCountRecord]] = {}
    for record in records:
        grids.setdefault(record.source.table, []).append(record)
    return grids


def check_grid(records: list[RagCountRecord], statuses: Mapping[str, str | None], *, where: str) -> list[str]:
    """RETURNS (list[str]): where the grid's rows and columns miss their printed totals, in words.

    A status row must add up to its 'Total' column; a group column's statuses
    must add up to its 'Total' row, with or without the rows that are not
    statuses ('New Actions'), since papers count those either way.
    """
    cells = {(record.status_raw, record.grp): record.count for record in records}
    rows = list(dict.fromkeys(record.status_raw for record in records))
    groups = list(dict.fromkeys(record.grp for record in records))
    total_groups = [grp for grp in groups if collapse(grp).lower() in vocabulary()["rag_counts"]["total"]]
    total_rows = [row for row in rows if statuses.get(row) == "total"]
    found = []
    for row in rows:
        if statuses.get(row) == "total" or not total_groups:
            continue
        printed = cells.get((row, total_groups[0]))
        added = sum(cells.get((row, grp), 0) for grp in groups if grp not in total_groups)
        if printed is not None and printed != added:
            found.append(f"{where}: row '{row}' adds up to {added} but its '{total_groups[0]}' says {printed}")
    for grp in groups:
        if not total_rows:
            break
        printed = cells.get((total_rows[0], grp))
        statuses_only = sum(cells.get((row, grp), 0) for row in rows if statuses.get(row) not in ("total", "new"))
        with_new = statuses_only + sum(cells.get((row, grp), 0) for row in rows if statuses.get(row) == "new")
        if printed is not None and printed not in (statuses_only, with_new):
            found.append(f"{where}: column '{grp}' adds up to {statuses_only} but its '{total_rows[0]}' row says {printed}")
    return found


def count_rows(extraction: Extraction, *, key: Mapping[str, Rag | None]) -> tuple[list[RagCountRow], list[Problem]]:
    """RETURNS (tuple): the grids' count rows and a Problem (severity error) per grid that does not add up."""
    rows, problems = [], []
    for table, records in _grids(extraction.rag_counts).items():
        statuses = {record.status_raw: count_status(record.status_raw, key=key) for record in records}
        page = records[0].source.page
        where = f"{extraction.origin.filename}" + (f" p.{page}" if page else "") + " RAG count grid"
        for record in records:
            rag = statuses[record.status_raw]
            if rag is None:
                problems.append(Problem(
                    code="count_status_not_recognised", stage=STAGE, page=page, raw=record.status_raw,
                    message=f"{where}: row '{record.status_raw}' is no status; its counts were left out",
                ))
                continue
            rows.append(RagCountRow(grp=group_label(record.grp), rag=rag, count=record.count, page=record.source.page))
        mismatches = check_grid(records, statuses, where=where)
        if mismatches:
            problems.append(Problem(
                code="rag_counts_do_not_add_up", stage=STAGE, severity=Severity.ERROR, page=page,
                message="; ".join(mismatches) + ". The numbers are kept as printed; check the paper",
            ))
    return rows, _once(problems)


def _once(problems: list[Problem]) -> list[Problem]:
    seen, kept = set(), []
    for problem in problems:
        if (problem.code, problem.raw, problem.message) not in seen:
            seen.add((problem.code, problem.raw, problem.message))
            kept.append(problem)
    return kept


# -- The whole document --------------------------------------------------------------


def normalise_plan(extraction: Extraction) -> PlanRows:
    """RETURNS (PlanRows): the extraction's plan records as contract rows, with problems found on the way."""
    key = key_from_labels((record.label, record.definition, record.fill) for record in extraction.rag_key)
    words = document_vocabulary(extraction)
    year = common_year(extraction.actions)
    actions = [action_row(record, key=key, vocabulary=words, default_year=year) for record in extraction.actions]
    rag_key = [
        RagKeyRow(label=collapse(record.label), rag=key.get(record.label),
                  definition=clean_text(record.definition, vocabulary=words), page=record.source.page)
        for record in extraction.rag_key
    ]
    rag_counts, count_problems = count_rows(extraction, key=key)
    return PlanRows(
        priorities=[priority_row(record, vocabulary=words) for record in extraction.priorities],
        actions=actions, rag_key=rag_key, rag_counts=rag_counts,
        problems=_unread_statuses(extraction, actions, key) + count_problems,
    )
