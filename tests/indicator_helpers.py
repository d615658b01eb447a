"""Run the three indicator layouts alone (the other layouts are not needed to test them)."""

from __future__ import annotations

from planwatch.extract import indicator_grid, kpi_cards, kpi_table
from planwatch.extract.models import Extraction
from planwatch.ingest.models import RawDocument

INDICATOR_LAYOUTS = (kpi_cards, kpi_table, indicator_grid)


def indicators_of(raw: RawDocument) -> Extraction:
    """RETURNS (Extraction): what the indicator layouts find, merged as `extract()` merges them."""
    found = [module.extract(raw) for module in INDICATOR_LAYOUTS]
    period = next((part.metadata.reporting_period_raw for part in found if part.metadata.reporting_period_raw), None)
    extraction = Extraction(origin=raw.origin, indicators=[record for part in found for record in part.indicators],
                            reports=[report for part in found for report in part.reports])  # fmt: skip
    metadata = extraction.metadata.model_copy(update={"reporting_period_raw": period})
    return extraction.model_copy(update={"metadata": metadata})
