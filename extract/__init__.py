"""Extract: `RawDocument` -> `Extraction` (records as printed).

Each layout module reads one kind of structure a page can hold, in any
council's variant, steered by the vocabularies in `vocab.toml`,
`indicators.toml` and `metadata.toml`:

    def extract(raw, *, settings=None) -> Extraction   # its records only

`LAYOUT_MODULES` is the registry (a plain dict of layout name to module
path, as camelot's PARSERS; `layouts()` imports them). Adding a layout is a
new module and one line here. `extract()` runs them all and merges what they
found into one `Extraction`, its records in the paper's reading order, and
then `unread.py` says which signs of actions or indicators no record used.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from types import ModuleType

from planwatch.ingest.models import Problem, RawDocument, Severity

from .models import Extraction

LAYOUT_MODULES: dict[str, str] = {
    # First, so that an inspection paper's kind and date (its published date) win over the cover's.
    "inspection": "planwatch.extract.inspection",
    "metadata": "planwatch.extract.metadata",
    "action_table": "planwatch.extract.action_table",
    "priorities": "planwatch.extract.priorities",
    "rag_key": "planwatch.extract.rag_key",
    "rag_counts": "planwatch.extract.rag_counts",
    "indicator_grid": "planwatch.extract.indicator_grid",
    "kpi_table": "planwatch.extract.kpi_table",
    "kpi_cards": "planwatch.extract.kpi_cards",
    "indicator_marks": "planwatch.extract.indicator_marks",
}
"""Layout name -> module. Modules are imported when first used."""

_LIST_FIELDS = (
    "priorities", "actions", "rag_key", "rag_counts", "indicators", "inspections", "judgements",
    "recommendations", "reports", "problems",
)


def layouts() -> dict[str, ModuleType]:
    """RETURNS (dict): layout name -> its module, for the layouts that are installed."""
    return {name: import_module(path) for name, path in LAYOUT_MODULES.items()}


def extract(raw: RawDocument, *, only: list[str] | None = None) -> Extraction:
    """RETURNS (Extraction): everything every layout found in the document.

    only (list[str]): run just these layouts (for debugging one of them).
    """
    merged = Extraction(origin=raw.origin, pages=_page_count(raw), problems=list(raw.problems))
    for name, module in layouts().items():
        if only is not None and name not in only:
            continue
        found = _run_layout(name, module.extract, raw)
        merged = _merge(merged, found)
    if only is None:
        merged = merged.model_copy(update={"problems": merged.problems + _unread(raw, merged)})
    return _in_reading_order(merged)


def _unread(raw: RawDocument, extraction: Extraction) -> list[Problem]:
    """The `unread_structure` warnings: signals of actions or indicators no record used (`unread.py`)."""
    from .unread import unread_problems

    try:
        return unread_problems(raw, extraction)
    except Exception as e:  # the check must never lose what the layouts found
        return [Problem(
            code="layout_error", stage="extract", severity=Severity.ERROR,
            message=f"{raw.origin.filename}: the check for unread structure failed ({type(e).__name__}: {e}); "
            "the records were kept; please report this with the file",
        )]


def _in_reading_order(extraction: Extraction) -> Extraction:
    """Records of every list in the order the paper prints them, whichever layout found them."""

    def position(record) -> tuple[float, int]:
        seq = record.source.seq
        return (float("inf") if seq is None else seq, record.source.row or 0)

    names = ("priorities", "actions", "rag_key", "rag_counts", "indicators")
    return extraction.model_copy(update={name: sorted(getattr(extraction, name), key=position) for name in names})


def _run_layout(name: str, function: Callable[[RawDocument], Extraction], raw: RawDocument) -> Extraction:
    try:
        return function(raw)
    except Exception as e:  # one layout's bug must not lose what the other layouts found
        return Extraction(origin=raw.origin, problems=[Problem(
            code="layout_error", stage="extract", severity=Severity.ERROR,
            message=f"{raw.origin.filename}: the {name} extractor failed ({type(e).__name__}: {e}); "
            "other records were kept; please report this with the file",
        )])


def _merge(into: Extraction, found: Extraction) -> Extraction:
    update = {name: getattr(into, name) + getattr(found, name) for name in _LIST_FIELDS}
    # Several layouts may fill metadata (the KPI layouts give the reporting
    # period their 'Latest' figures stand for): a field keeps the first value found.
    fresh = {name: value for name, value in found.metadata.model_dump(exclude_defaults=True).items()
             if not getattr(into.metadata, name)}  # fmt: skip
    if fresh:
        update["metadata"] = into.metadata.model_copy(update=fresh)
    return into.model_copy(update=update)


def _page_count(raw: RawDocument) -> int | None:
    if raw.origin.format.value != "pdf":
        return None
    return len(raw.pages)
