"""Peak memory of reading each paper, as a planwatch worker reads it, under the memory ceiling.

    .venv/bin/python bench/peak_memory.py ../shared/corpus/kent samples

Each file is read in a process forked from one that has imported the
`planwatch` command, as `planwatch ingest` forks its workers, with the
worker's memory ceiling applied (`--max-memory`, default the runner's). The
table shows, per file, its pages, the peak address space (what the ceiling
limits) and the peak resident memory, then the largest of each and how many
files the ceiling stopped. Used to choose `runner.DEFAULT_MAX_MEMORY_MB`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from pathlib import Path

import planwatch.cli  # noqa: F401  (a worker starts from a parent that has imported the command)
from planwatch import pipeline
from planwatch.runner import DEFAULT_MAX_MEMORY_MB, discover
from planwatch.worker import limit_memory


def _status_mb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return 0


def _read(path: Path, max_memory: int, queue) -> None:  # type: ignore[no-untyped-def]
    limit_memory(max_memory)
    started = time.perf_counter()
    try:
        normalised = pipeline.process(path)
        outcome = normalised.document.status
        pages = normalised.document.pages or 0
        stopped = any(problem.code == "out_of_memory" for problem in normalised.problems)
    except MemoryError:
        outcome, pages, stopped = "failed", 0, True
    queue.put((pages, _status_mb("VmPeak"), _status_mb("VmHWM"), time.perf_counter() - started, outcome, stopped))


def measure(paths: list[Path], max_memory: int) -> list[tuple]:
    """RETURNS (list): (file, pages, peak address space MB, peak resident MB, seconds, status, stopped) per file."""
    context = multiprocessing.get_context("fork")
    rows = []
    for path in discover(paths):
        queue = context.Queue()
        process = context.Process(target=_read, args=(path, max_memory, queue))
        process.start()
        process.join()
        result = queue.get() if process.exitcode == 0 else (0, 0, 0, 0.0, f"died ({process.exitcode})", True)
        rows.append((path.name, *result))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--max-memory", type=int, default=DEFAULT_MAX_MEMORY_MB, help="MB; 0 for none")
    args = parser.parse_args()
    rows = measure(args.paths, args.max_memory)
    print(f"{'file':60} {'pages':>5} {'VM MB':>6} {'RSS MB':>6} {'s':>6}  status")
    for name, pages, vm, rss, seconds, status, _ in rows:
        print(f"{name[:60]:60} {pages:5} {vm:6} {rss:6} {seconds:6.2f}  {status}")
    print(
        f"\n{len(rows)} files, {sum(row[1] for row in rows)} pages; largest address space {max(row[2] for row in rows)} MB, "
        f"largest resident {max(row[3] for row in rows)} MB; stopped by the {args.max_memory} MB ceiling: "
        f"{sum(1 for row in rows if row[6])}"
    )


if __name__ == "__main__":
    sys.exit(main())
