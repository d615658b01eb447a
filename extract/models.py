"""What the extractors find, as printed: the `Extraction` model.

Every value here is text as the paper shows it (`due_raw`, `rag_raw`,
`target_raw`); turning it into dates, numbers and canonical statuses is the
normalise stage's job. Each record says where it came from.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from planwatch.ingest.models import Origin, Problem

SCHEMA_VERSION = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    """A pointer back into the RawDocument (docling-core's ProvenanceItem)."""

    page: int | None = None
    seq: int | None = Field(default=None, description="reading-order position: the Table.seq or TextBlock.seq read")
    table: int | None = Field(default=None, description="Table.seq the record was read from")
    row: int | None = Field(default=None, description="row index inside that table")


class PriorityRecord(_Model):
    number: str = Field(description="as printed: '1', 'I', 'ONE'")
    title: str
    inspection_ref: str | None = None
    source: Source = Field(default_factory=Source)


class ActionRecord(_Model):
    ref: str | None = None
    priority: str | None = Field(default=None, description="priority number as printed")
    outcome: str | None = None
    action: str | None = None
    lead: str | None = None
    due_raw: str | None = None
    rag_raw: str | None = Field(default=None, description="status text as printed")
    rag_fill: str | None = Field(default=None, description="fill colour of the status cell, #rrggbb")
    progress: str | None = None
    milestones: dict[str, str] = Field(default_factory=dict, description="period heading -> text")
    source: Source = Field(default_factory=Source)


class RagKeyRecord(_Model):
    label: str
    definition: str | None = None
    fill: str | None = None
    source: Source = Field(default_factory=Source)


class RagCountRecord(_Model):
    grp: str
    status_raw: str
    count: int
    source: Source = Field(default_factory=Source)


class IndicatorValueRecord(_Model):
    period: str
    value_raw: str


class IndicatorRecord(_Model):
    ref: str | None = None
    marker: str | None = Field(default=None, description="flag printed with the ref: NEW, R12M")
    name: str
    section: str | None = None
    target_raw: str | None = None
    floor_raw: str | None = None
    direction_raw: str | None = None
    rag_raw: str | None = None
    rag_previous_raw: str | None = None
    rag_fill: str | None = Field(default=None, description="fill colour of the status cell when it prints no word, #rrggbb")
    link: str | None = Field(default=None, description="cross-reference column such as 'MTFP 1'")
    values: list[IndicatorValueRecord] = Field(default_factory=list)
    source: Source = Field(default_factory=Source)


class MetadataRecord(_Model):
    """What the paper says about itself, as printed."""

    title: str | None = None
    body: str | None = None
    author: str | None = None
    date_raw: str | None = None
    date_source: str | None = Field(default=None, description="'meeting' or what else gave the date")
    reporting_period_raw: str | None = Field(default=None, description="e.g. 'Quarter 3 2024/25'")
    kind: str | None = None
    council_text: list[str] = Field(
        default_factory=list,
        description="cover lines, headers, footers, contact lines, e-mails and URLs, file name",
    )


class InspectionRecord(_Model):
    """An Ofsted inspection report or letter, as printed."""

    kind: str = Field(description="inspection_report or inspection_letter")
    family: str = Field(description="framework family from the title wording: sif, ilacs, focused_visit, other")
    dates_raw: str | None = Field(default=None, description="the inspection's dates: '7 to 18 November 2022'")
    published_raw: str | None = None
    published_source: str | None = Field(default=None, description="'paper' or 'file name'")
    lead_inspector: str | None = None
    source: Source = Field(default_factory=Source)


class JudgementRecord(_Model):
    judgement: str = Field(description="the vocabulary's name: overall_effectiveness, children_in_care, ...")
    label: str = Field(description="the judgement's name as printed")
    grade_raw: str
    source: Source = Field(default_factory=Source)


class RecommendationRecord(_Model):
    number: str = Field(description="as printed, else its place in the list")
    text: str
    section: str
    source: Source = Field(default_factory=Source)


class LayoutReport(_Model):
    """How one layout module fared on the document (camelot's parsing_report)."""

    layout: str
    tables_seen: int = 0
    records: int = 0
    rows_rejected: int = 0
    cells_blank: int = 0
    notes: list[str] = Field(default_factory=list)


class Extraction(_Model):
    schema_version: str = SCHEMA_VERSION
    origin: Origin
    pages: int | None = None
    metadata: MetadataRecord = Field(default_factory=MetadataRecord)
    priorities: list[PriorityRecord] = Field(default_factory=list)
    actions: list[ActionRecord] = Field(default_factory=list)
    rag_key: list[RagKeyRecord] = Field(default_factory=list)
    rag_counts: list[RagCountRecord] = Field(default_factory=list)
    indicators: list[IndicatorRecord] = Field(default_factory=list)
    inspections: list[InspectionRecord] = Field(default_factory=list)
    judgements: list[JudgementRecord] = Field(default_factory=list)
    recommendations: list[RecommendationRecord] = Field(default_factory=list)
    reports: list[LayoutReport] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
