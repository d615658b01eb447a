"""Report: what matching indicators to catalogue measures costs, and what it finds.

    .venv/bin/python bench/measures.py [--rounds 20]

Reads the indicators of the samples and of ../shared/seeds once (that is
ingest's cost, not matching's), then times `match_measure` over all of them
for a number of rounds, and prints the time per indicator and how many
indicators each measure took. Matching runs inside `normalise` for every
indicator of every paper, so it must stay far below a paper's reading time
(milliseconds per paper). Prints to stdout.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from planwatch.normalise.measures import catalogue, match_measure
from planwatch.pipeline import process

REPO = Path(__file__).resolve().parents[1]
FOLDERS = [REPO / "samples", REPO.parent / "shared" / "seeds"]
SUFFIXES = {".pdf", ".docx", ".txt", ".html"}
DEFAULT_ROUNDS = 20


def indicator_inputs() -> list[tuple[str, str | None, str | None, list[float | None]]]:
    """(name, unit, section, numbers) of every indicator of the samples and seeds."""
    found = []
    for folder in FOLDERS:
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            if path.suffix not in SUFFIXES:
                continue
            for row in process(path).indicators:
                numbers = [value.value for value in row.values] + [row.target, row.floor]
                found.append((row.name, row.unit, row.section, numbers))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    args = parser.parse_args()
    inputs = indicator_inputs()
    catalogue()  # parsing the catalogue is a one-off cost, not matching's
    started = time.perf_counter()
    for _ in range(args.rounds):
        results = [match_measure(name, unit=unit, section=section, values=numbers)
                   for name, unit, section, numbers in inputs]  # fmt: skip
    seconds = time.perf_counter() - started
    per = seconds / max(1, args.rounds * len(inputs))
    print(f"{len(inputs)} indicators, {len(catalogue())} measures, {args.rounds} rounds: "
          f"{per * 1e6:.0f} µs per indicator")
    taken = Counter(result.measure for result in results if result)
    print(f"{sum(taken.values())} indicators are a catalogue measure, {len(taken)} measures in use:")
    for measure, count in taken.most_common():
        print(f"  {count:3d}  {measure}")


if __name__ == "__main__":
    main()
