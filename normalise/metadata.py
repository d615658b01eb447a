"""A paper's metadata as the `documents` row holds it: council, code, date, body, title, kind.

    from planwatch.normalise.metadata import normalise_metadata
    fields = normalise_metadata(extraction)
    fields.council_code, fields.doc_date          # 'E06000026', '2023-11-07'

`normalise_metadata` reads the `MetadataRecord` the metadata layout wrote
(`extract/metadata.py`): it parses `date_raw` (a month alone is its first day),
finds the council in `council_text` with `normalise.councils` (the code valid
on that date), and checks `kind` against the closed vocabulary. What it cannot
fill stays None, with a Problem that `planwatch info` lists: a guess would be
worse than a gap.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field

from planwatch.extract.models import Extraction, MetadataRecord
from planwatch.ingest.models import Problem, Severity

from .councils import SOURCE_WEIGHTS, Cue, CouncilSettings, find_council
from .dates import parse_date
from .models import Kind

CUE_SOURCES = frozenset(SOURCE_WEIGHTS)
"""The prefixes the metadata layout writes on each council_text line ('cover: ...'): every weighted source."""

_CUE = re.compile(r"^(?P<source>[a-z]+):\s?(?P<text>.*)$", re.S)
_WORD_DASH = re.compile(r"(?<=\w)-(?=[A-Za-z])|(?<=[A-Za-z])-(?=\d)")


class DocumentFields(BaseModel):
    """The metadata columns of a `documents` row, and what could not be filled."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    council: str | None = None
    council_code: str | None = None
    council_dfe_code: str | None = None
    body: str | None = None
    doc_date: str | None = Field(default=None, description="ISO date")
    title: str | None = None
    author: str | None = None
    kind: Kind | None = None
    problems: list[Problem] = Field(default_factory=list)


def parse_cues(council_text: list[str]) -> list[Cue]:
    """RETURNS (list[Cue]): 'source: text' lines as cues; a line without a known source is body text."""
    cues = []
    for line in council_text:
        match = _CUE.match(line)
        if match and match.group("source") in CUE_SOURCES:
            cues.append(Cue(text=match.group("text"), source=match.group("source")))
        else:
            cues.append(Cue(text=line, source="body"))
    return cues


def document_date(record: MetadataRecord, *, filename: str) -> tuple[dt.date | None, list[Problem]]:
    """RETURNS (tuple): the paper's date (a month alone is its first day) and any problem reading it."""
    if not record.date_raw:
        return None, [_problem("date_not_found", filename,
            "no meeting date or date of its own on the cover or in the file name; doc_date left empty")]
    text = _WORD_DASH.sub(" ", record.date_raw)  # '04th-Mar-2025' in ModernGov file names
    parsed = parse_date(text, month_only="start")
    if parsed is None:
        return None, [_problem("date_unreadable", filename,
            f"date {record.date_raw!r} could not be read; doc_date left empty", raw=record.date_raw)]
    return parsed, []


def document_kind(record: MetadataRecord, *, filename: str) -> tuple[Kind | None, list[Problem]]:
    """RETURNS (tuple): the kind as the closed vocabulary, or None with a problem."""
    if record.kind is None:
        return None, []
    if record.kind in {kind.value for kind in Kind}:
        return Kind(record.kind), []
    return None, [_problem("kind_unknown", filename, f"kind {record.kind!r} is not one of "
                           f"{', '.join(kind.value for kind in Kind)}; kind left empty", raw=record.kind)]


def normalise_metadata(extraction: Extraction, *, settings: CouncilSettings | dict | None = None) -> DocumentFields:
    """RETURNS (DocumentFields): the documents row's metadata columns, with problems for the gaps."""
    record = extraction.metadata
    filename = extraction.origin.filename
    day, problems = document_date(record, filename=filename)
    kind, kind_problems = document_kind(record, filename=filename)
    match = find_council(parse_cues(record.council_text), day=day, filename=filename, settings=settings)
    return DocumentFields(
        council=match.council, council_code=match.council_code, council_dfe_code=match.council_dfe_code,
        body=record.body, doc_date=day.isoformat() if day else None, title=record.title,
        author=record.author, kind=kind, problems=problems + kind_problems + match.problems,
    )


def _problem(code: str, filename: str, message: str, *, raw: str | None = None) -> Problem:
    return Problem(code=code, stage="normalise", severity=Severity.WARNING, message=f"{filename}: {message}", raw=raw)
