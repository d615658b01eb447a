"""The `NormalisedDocument`: rows shaped exactly like the database contract.

Field names and meanings follow `SCHEMA.md` (the contract analysts rely on);
the store stage writes these rows as they are. Raw text stays beside every
parsed value (`due_raw` / `due_date`, `rag_raw` / `rag`).
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from planwatch.ingest.models import Problem

SCHEMA_VERSION = "1"
VALUE_PRECISION = 6
"""Decimal places kept for numbers when a model is serialised."""


class Rag(str, Enum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    COMPLETE = "complete"


class Kind(str, Enum):
    IMPROVEMENT_PLAN = "improvement_plan"
    PROGRESS_REPORT = "progress_report"
    PERFORMANCE_REPORT = "performance_report"
    AGENDA_PACK = "agenda_pack"
    INSPECTION_REPORT = "inspection_report"
    INSPECTION_LETTER = "inspection_letter"
    OTHER = "other"


class Status(str, Enum):
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


class Unit(str, Enum):
    PERCENT = "percent"
    COUNT = "count"
    RATE_PER_10000 = "rate_per_10000"
    DAYS = "days"
    OTHER = "other"


class ValueStatus(str, Enum):
    OK = "ok"
    MISSING = "missing"
    IN_DEVELOPMENT = "in_development"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class DocumentRow(_Model):
    id: str
    source_path: str
    filename: str
    format: str
    council: str | None = None
    council_code: str | None = None
    council_dfe_code: str | None = None
    body: str | None = None
    doc_date: str | None = None
    title: str | None = None
    author: str | None = None
    kind: Kind | None = None
    pages: int | None = None
    status: Status = Status.OK
    error: str | None = None
    extracted_at: str | None = None
    extractor_version: str | None = None
    size: int | None = Field(default=None, description="the file's size in bytes")
    fingerprint: str | None = Field(default=None, description="what the paper says, to find it in other bytes (`normalise.fingerprint`)")


class PriorityRow(_Model):
    number: str
    title: str | None = None
    inspection_ref: str | None = None
    page: int | None = None


class ActionRow(_Model):
    ref: str | None = None
    priority: str | None = None
    outcome: str | None = None
    action: str | None = None
    lead: str | None = None
    due_raw: str | None = None
    due_date: str | None = None
    rag_raw: str | None = None
    rag: Rag | None = None
    progress: str | None = None
    page: int | None = None


class RagKeyRow(_Model):
    label: str
    rag: Rag | None = None
    definition: str | None = None
    page: int | None = None


class RagCountRow(_Model):
    grp: str
    rag: str = Field(description="a canonical status, or 'new' / 'total'")
    count: int
    page: int | None = None


class IndicatorValueRow(_Model):
    period: str
    period_end: str | None = None
    value: float | None = None
    value_raw: str | None = None
    status: ValueStatus = ValueStatus.OK

    @field_serializer("value")
    def _ser_value(self, value: float | None) -> float | None:
        return None if value is None else round(value, VALUE_PRECISION)


class IndicatorRow(_Model):
    ref: str | None = None
    marker: str | None = None
    name: str
    section: str | None = None
    unit: Unit | None = None
    target_raw: str | None = None
    target: float | None = None
    floor: float | None = None
    comparator: str | None = None
    direction_raw: str | None = None
    direction: str | None = None
    rag: Rag | None = None
    rag_previous: Rag | None = None
    link: str | None = None
    measure: str | None = Field(default=None, description="the catalogue measure it is (measures.id)")
    measure_score: float | None = None
    page: int | None = None
    values: list[IndicatorValueRow] = Field(default_factory=list)


class Framework(str, Enum):
    SIF = "sif"
    ILACS_STANDARD = "ilacs_standard"
    ILACS_SHORT = "ilacs_short"
    ILACS_2026 = "ilacs_2026"
    FOCUSED_VISIT = "focused_visit"
    OTHER = "other"


class Grade(str, Enum):
    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"


class InspectionRow(_Model):
    council_code: str | None = None
    framework: Framework | None = None
    inspection_start: str | None = None
    inspection_end: str | None = None
    published: str | None = None
    lead_inspector: str | None = None
    page: int | None = None


class JudgementRow(_Model):
    judgement: str
    grade: Grade | None = None
    grade_raw: str | None = None
    page: int | None = None


class RecommendationRow(_Model):
    number: str | None = None
    text: str
    section: str | None = None
    page: int | None = None


class NormalisedDocument(_Model):
    schema_version: str = SCHEMA_VERSION
    document: DocumentRow
    priorities: list[PriorityRow] = Field(default_factory=list)
    actions: list[ActionRow] = Field(default_factory=list)
    rag_key: list[RagKeyRow] = Field(default_factory=list)
    rag_counts: list[RagCountRow] = Field(default_factory=list)
    indicators: list[IndicatorRow] = Field(default_factory=list)
    inspections: list[InspectionRow] = Field(default_factory=list)
    inspection_judgements: list[JudgementRow] = Field(default_factory=list)
    recommendations: list[RecommendationRow] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
