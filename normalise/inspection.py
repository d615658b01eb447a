"""Inspection records (the inspection, its judgements, its recommendations) -> contract rows.

    from planwatch.normalise.inspection import normalise_inspection
    rows = normalise_inspection(extraction, council_code="E10000020")

What is made of each printed value:

- dates: a range such as `7 to 18 November 2022`, `21 November to 2 December
  2022` or `27 November 2017 – 8 December 2017` gives `inspection_start` and
  `inspection_end` (a day or month left out of the first date is the second's);
  a single date is both.
- published: the date printed in the paper, else the one in the file's name
  as downloaded; NULL when neither has one.
- framework: the title's family (`sif`, `focused_visit`, `other`) as it is;
  an ILACS report is `ilacs_2026` when its judgement table has no overall
  effectiveness (the framework in force from April 2026 gives none), else
  `ilacs_short` when the inspection lasted a week or less (short inspections
  are one week on site, standard ones two), else `ilacs_standard`.
- grade: the vocabulary's grades (`requires improvement to be good` is
  `requires_improvement`); `adequate`, the 2012-13 scale's third grade, has no
  equivalent and leaves grade NULL beside its grade_raw.

What a report should print and does not give a Problem (warning) naming it.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field

from planwatch.extract.inspection import SINGLE_DATE, vocabulary
from planwatch.extract.models import Extraction, InspectionRecord, JudgementRecord
from planwatch.ingest.models import Problem, Severity

from .dates import parse_date
from .models import Framework, Grade, InspectionRow, JudgementRow, RecommendationRow

STAGE = "normalise"
SHORT_INSPECTION_MAX_DAYS = 7
"""Longest ILACS inspection (first to last day) that is a short one: a week on site; standard ones take two."""
_RANGE = re.compile(
    r"^(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:\s+(?P<m1>[a-z]+)(?:\s+(?P<y1>\d{4}))?)?\s*(?:to|–|—|-|and|until)\s*"
    r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>[a-z]+)\s+(?P<y2>\d{4})$",
    re.I,
)


_DAY_PATTERNS = ("%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d/%m/%Y")


class InspectionRows(BaseModel):
    """The contract rows of an inspection paper, and what it should print and does not."""

    model_config = ConfigDict(extra="forbid")

    inspections: list[InspectionRow] = Field(default_factory=list)
    judgements: list[JudgementRow] = Field(default_factory=list)
    recommendations: list[RecommendationRow] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

    @property
    def doc_date(self) -> str | None:
        """An inspection paper's date: its published date, else the inspection's last day."""
        if not self.inspections:
            return None
        return self.inspections[0].published or self.inspections[0].inspection_end


def day_of(text: str | None) -> dt.date | None:
    """RETURNS (date | None): a whole date as printed ('19 January 2018', '09 may 2025', '2023-01-31').

    Read as day, month and year first: a general reader takes the small 'may'
    of a file name for the verb and the date for a month alone.
    """
    text = " ".join((text or "").split())
    for pattern in _DAY_PATTERNS:
        try:
            return dt.datetime.strptime(re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text).title(), pattern).date()
        except ValueError:
            continue
    return parse_date(text)


def inspection_dates(text: str | None) -> tuple[dt.date | None, dt.date | None]:
    """RETURNS (tuple): the first and last day of the inspection dates as printed; (None, None) unreadable."""
    if not text:
        return None, None
    text = " ".join(text.split())
    match = _RANGE.match(text)
    if match is None:
        days = [day_of(part) for part in SINGLE_DATE.findall(text)] or [None]
        return days[0], days[-1]
    end = day_of(f"{match['d2']} {match['m2']} {match['y2']}")
    start = day_of(f"{match['d1']} {match['m1'] or match['m2']} {match['y1'] or match['y2']}")
    if start and end and start > end and not match["y1"]:
        start = day_of(f"{match['d1']} {match['m1'] or match['m2']} {int(match['y2']) - 1}")  # 29 December to 9 January 2025
    return start, end


def grade_of(printed: str | None) -> Grade | None:
    """RETURNS (Grade | None): the contract grade of a printed one; None for 'adequate' and anything unknown."""
    text = " ".join((printed or "").lower().split())
    numbered = re.fullmatch(vocabulary()["grade_forms"]["numbered"], text)
    if numbered:
        text = numbered.group("word").strip()  # 'Grade 4 (inadequate)'
    for grade, patterns in vocabulary()["grades"].items():
        if any(re.fullmatch(pattern, text) for pattern in patterns):
            return Grade(grade) if grade in Grade._value2member_map_ else None
    return None


def framework_of(record: InspectionRecord, judgements: list[JudgementRow], days: int | None) -> Framework:
    """RETURNS (Framework): the contract's framework from the title's family, the judgements and the length."""
    if record.family != "ilacs":
        return Framework(record.family) if record.family in Framework._value2member_map_ else Framework.OTHER
    names = {row.judgement for row in judgements}
    if names and "overall_effectiveness" not in names:
        return Framework.ILACS_2026
    if days is not None and days <= SHORT_INSPECTION_MAX_DAYS:
        return Framework.ILACS_SHORT
    return Framework.ILACS_STANDARD


def normalise_inspection(extraction: Extraction, *, council_code: str | None) -> InspectionRows:
    """RETURNS (InspectionRows): the inspection, judgements and recommendations as contract rows."""
    if not extraction.inspections:
        return InspectionRows()
    record = extraction.inspections[0]
    filename = extraction.origin.filename
    judgements = [_judgement_row(judgement) for judgement in extraction.judgements]
    start, end = inspection_dates(record.dates_raw)
    published = day_of(record.published_raw) if record.published_raw else None
    days = (end - start).days if start and end else None
    inspection = InspectionRow(
        council_code=council_code, framework=framework_of(record, judgements, days),
        inspection_start=start.isoformat() if start else None, inspection_end=end.isoformat() if end else None,
        published=published.isoformat() if published else None, lead_inspector=record.lead_inspector,
        page=record.source.page,
    )
    recommendations = [
        RecommendationRow(number=item.number, text=item.text, section=item.section, page=item.source.page)
        for item in extraction.recommendations
    ]
    problems = _gaps(record, inspection, judgements, filename)
    return InspectionRows(
        inspections=[inspection], judgements=judgements, recommendations=recommendations, problems=problems,
    )


def _judgement_row(record: JudgementRecord) -> JudgementRow:
    return JudgementRow(
        judgement=record.judgement, grade=grade_of(record.grade_raw), grade_raw=record.grade_raw,
        page=record.source.page,
    )


def _gaps(record: InspectionRecord, row: InspectionRow, judgements: list[JudgementRow], filename: str) -> list[Problem]:
    """Problems for what the paper should print and was not read."""
    missing = []
    if row.inspection_start is None:
        missing.append(f"the inspection's dates ({record.dates_raw!r} could not be read)" if record.dates_raw
                       else "the inspection's dates")
    if row.lead_inspector is None:
        missing.append("the lead inspector")
    if row.published is None:
        missing.append("the published date (neither printed nor in the file name)")
    if record.kind == "inspection_report" and record.family in ("sif", "ilacs") and not judgements:
        missing.append("the judgements")
    if not missing:
        return []
    return [Problem(
        code="inspection_incomplete", stage=STAGE, severity=Severity.WARNING, page=row.page,
        message=f"{filename}: an Ofsted {record.kind.replace('_', ' ')}, but {', '.join(missing)} "
        "could not be found; those columns are left empty",
    )]

