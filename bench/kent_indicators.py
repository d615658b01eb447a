"""Report: what the indicator layouts find in the Kent corpus, paper by paper.

    .venv/bin/python bench/kent_indicators.py [--workers 2] [--corpus ../shared/corpus/kent]

Ingests every PDF of `../shared/corpus/kent/` (137 papers, ~1,430 pages:
budget books, capital programmes, treasury strategies, minutes, an ICS
priorities deck, a quarterly performance report cover), runs the three
indicator layouts and prints, per paper: pages, indicators found, and every
table band with period columns or an indicator header that was left unread
and why ('finance: budget, £m', 'action table', ...). It ends with the totals.

Too slow for the test suite (a few minutes on two cores); the test suite reads
a handful of these papers (`tests/test_kent_indicators.py`). Prints to stdout;
exits 2 when the corpus is not there.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "kent"
DEFAULT_WORKERS = 2


def read_paper(path: Path) -> dict:
    """RETURNS (dict): one paper's page count, indicators found, notes and the seconds it took."""
    from planwatch.extract import indicator_grid, kpi_cards, kpi_table
    from planwatch.ingest import IngestError, ingest

    started = time.perf_counter()
    try:
        raw = ingest(path)
    except IngestError as e:
        return {"name": path.name, "error": str(e), "seconds": time.perf_counter() - started}
    found = [module.extract(raw) for module in (kpi_cards, kpi_table, indicator_grid)]
    records = [record for part in found for record in part.indicators]
    return {
        "name": path.name,
        "pages": len(raw.pages),
        "indicators": len(records),
        "with_values": sum(1 for record in records if record.values),
        "examples": [record.name[:70] for record in records[:3]],
        "notes": [note for part in found for report in part.reports for note in report.notes],
        "seconds": time.perf_counter() - started,
    }


def report(results: list[dict]) -> str:
    """RETURNS (str): the per-paper table and the totals."""
    lines = [f"{'indicators':>10} {'valued':>6} {'pages':>5} {'secs':>5}  paper"]
    for result in sorted(results, key=lambda r: r["name"]):
        if "error" in result:
            lines.append(f"{'-':>10} {'-':>6} {'-':>5} {result['seconds']:5.1f}  {result['name']}  ERROR {result['error']}")
            continue
        lines.append(f"{result['indicators']:>10} {result['with_values']:>6} {result['pages']:>5} "
                     f"{result['seconds']:5.1f}  {result['name']}")  # fmt: skip
        lines += [f"{'':>30}e.g. {example}" for example in result["examples"]]
        lines += [f"{'':>30}{note}" for note in result["notes"]]
    read = [result for result in results if "error" not in result]
    lines.append(
        f"\n{len(results)} papers, {sum(r['pages'] for r in read)} pages, "
        f"{sum(r['indicators'] for r in read)} indicators in {sum(1 for r in read if r['indicators'])} papers, "
        f"{sum(len(r['notes']) for r in read)} table bands left unread"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    args = parser.parse_args(argv)
    papers = sorted(args.corpus.glob("*.pdf"))
    if not papers:
        print(f"no PDFs in {args.corpus}; this report reads ../shared/corpus/kent beside the repository", file=sys.stderr)
        return 2
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(read_paper, papers))
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
