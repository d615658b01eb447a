"""Normalise: `Extraction` -> `NormalisedDocument` (rows of the database contract).

Canonical values sit beside the printed ones: dates as ISO, statuses on the
red / amber / green / complete scale, numbers as numbers. A document's status
is `partial` when any problem of severity 'error' was recorded (a part of it
could not be read), otherwise `ok`; `failed` documents never get this far
(see `failed_document`).
"""

from __future__ import annotations

from datetime import datetime, timezone

from planwatch import __version__
from planwatch.extract.models import Extraction
from planwatch.ingest.models import Origin, Problem, Severity

from .indicators import normalise_indicators
from .inspection import normalise_inspection
from .metadata import normalise_metadata
from .models import DocumentRow, NormalisedDocument, Status
from .plan import normalise_plan

MAX_ERRORS_IN_SUMMARY = 3
"""How many error messages `documents.error` quotes before saying how many more there are."""


def normalise(extraction: Extraction) -> NormalisedDocument:
    """RETURNS (NormalisedDocument): the extraction as contract rows with canonical values."""
    fields = normalise_metadata(extraction)
    plan = normalise_plan(extraction)
    indicators = normalise_indicators(extraction)
    inspection = normalise_inspection(extraction, council_code=fields.council_code)
    if inspection.doc_date:  # an inspection paper's date is its published date, else the inspection's last day
        fields = fields.model_copy(update={
            "doc_date": inspection.doc_date,
            "problems": [problem for problem in fields.problems if not problem.code.startswith("date_")],
        })
    problems = [*extraction.problems, *fields.problems, *plan.problems, *indicators.problems, *inspection.problems]
    document = _document_row(extraction.origin, pages=extraction.pages, problems=problems)
    document = document.model_copy(update=fields.model_dump(exclude={"problems"}))
    return NormalisedDocument(
        document=document,
        priorities=plan.priorities,
        actions=plan.actions,
        rag_key=plan.rag_key,
        rag_counts=plan.rag_counts,
        indicators=indicators.indicators,
        inspections=inspection.inspections,
        inspection_judgements=inspection.judgements,
        recommendations=inspection.recommendations,
        problems=problems,
    )


def failed_document(origin: Origin, problem: Problem, *, pages: int | None = None) -> NormalisedDocument:
    """RETURNS (NormalisedDocument): a document nothing could be read from, with why."""
    document = _document_row(origin, pages=pages, problems=[problem])
    document = document.model_copy(update={"status": Status.FAILED.value, "error": problem.message})
    return NormalisedDocument(document=document, problems=[problem])


def _document_row(origin: Origin, *, pages: int | None, problems: list[Problem]) -> DocumentRow:
    status, error = summarise_problems(problems)
    return DocumentRow(
        id=origin.sha256,
        source_path=origin.path,
        filename=origin.filename,
        format=origin.format.value,
        pages=pages,
        size=origin.size,
        status=status,
        error=error,
        extracted_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        extractor_version=__version__,
    )


def summarise_problems(problems: list[Problem]) -> tuple[Status, str | None]:
    """RETURNS (tuple): the document status and its `error` text from the problems recorded."""
    errors = [problem.message for problem in problems if problem.severity == Severity.ERROR]
    if not errors:
        return Status.OK, None
    text = "; ".join(errors[:MAX_ERRORS_IN_SUMMARY])
    if len(errors) > MAX_ERRORS_IN_SUMMARY:
        text += f"; and {len(errors) - MAX_ERRORS_IN_SUMMARY} more (see the problems table)"
    return Status.PARTIAL, text
