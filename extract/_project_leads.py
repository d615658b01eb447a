"""Leads named in a project grid, linked to the action rows that name the same projects.

Some plans print their projects twice: once in a grid of project names under
numbered workstream headings, each with its lead in capitals in brackets
(`Social Work Pay Review (BEC WINDSOR)`), and once in a RAG summary sheet with
refs and statuses but no lead. The grid adds no rows; it fills `lead` on a
summary row that has none, when the two names match (see `link_project_leads`).
The grid's shape and the match threshold live in `vocab.toml` [project_leads].
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from planwatch.ingest.models import RawDocument, Table
from planwatch.wording import counted

from .common import clean, numeral_value, parse_bare_banner, parse_priority_heading, row_texts, vocabulary
from .models import ActionRecord

MIN_PROJECTS = 4
"""A grid names at least this many projects."""

_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
_WORD = re.compile(r"[a-z0-9]+")


class Project(NamedTuple):
    priority: int
    name: str
    lead: str


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(vocabulary()["project_leads"]["pattern"])


def _project_of(text: str) -> tuple[str, str] | None:
    match = _pattern().match(clean(text))
    if match is None or " " not in match.group("lead"):
        return None  # a person's name has two words; '(CSE)' is an acronym, not a lead
    return clean(match.group("name")), clean(match.group("lead"))


def _column_numbers(table: Table) -> dict[int, int]:
    for r in range(min(3, len(table.rows))):
        numbers = {}
        for col, text in enumerate(row_texts(table, r)):
            heading = parse_priority_heading(text) or parse_bare_banner(text)
            if heading is not None and numeral_value(heading.number) is not None:
                numbers[col] = numeral_value(heading.number)
        if len(numbers) >= 2:
            return numbers
    return {}


def grid_projects(table: Table) -> list[Project]:
    """RETURNS (list[Project]): the projects of a grid of `Name (LEAD)` cells under numbered headings."""
    numbers = _column_numbers(table)
    if not numbers:
        return []
    filled = [text for r in range(len(table.rows)) for text in row_texts(table, r) if clean(text)]
    found = []
    for r in range(len(table.rows)):
        for col, text in enumerate(row_texts(table, r)):
            project = _project_of(text) if col in numbers else None
            if project is not None:
                found.append(Project(numbers[col], *project))
    share = len(found) / len(filled) if filled else 0.0
    if len(found) < MIN_PROJECTS or share < vocabulary()["project_leads"]["min_share"]:
        return []
    return found


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _alike(action: str, project: str) -> bool:
    score = fuzz.token_set_ratio(action.lower(), project.lower())
    if score >= vocabulary()["project_leads"]["min_score"]:
        return True
    acronyms = {a.lower() for a in _ACRONYM.findall(action)} | {a.lower() for a in _ACRONYM.findall(project)}
    return bool(acronyms & _words(action) & _words(project))


def _lead_for(record: ActionRecord, projects: list[Project]) -> str | None:
    number = numeral_value(record.priority)
    if number is None or not record.action:
        return None
    name = clean(record.action)
    candidates = {project.lead for project in projects if project.priority == number and _alike(name, project.name)}
    return candidates.pop() if len(candidates) == 1 else None


def link_project_leads(raw: RawDocument, records: list[ActionRecord]) -> tuple[list[ActionRecord], list[str]]:
    """RETURNS (tuple): records with leads filled from a project grid, and notes on what was linked.

    A record takes a lead only when it has none, and exactly one grid project of
    its own priority matches its action: rapidfuzz token_set_ratio of the two
    names at least `project_leads.min_score`, or one name carries the other's
    bracketed acronym (`Child Sexual Exploitation (CSE)`, `CSE - To review ...`).
    """
    projects = [project for table in raw.tables for project in grid_projects(table)]
    if not projects:
        return records, []
    linked, result = 0, []
    for record in records:
        lead = None if record.lead else _lead_for(record, projects)
        if lead is not None:
            record = record.model_copy(update={"lead": lead})
            linked += 1
        result.append(record)
    unlinked = sum(1 for record in result if not record.lead)
    return result, [f"{counted(linked, 'lead')} taken from a project grid of {counted(len(projects), 'project')}; "
                    f"{counted(unlinked, 'row')} without a lead"]
