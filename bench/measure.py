"""Measuring runs for bench/run.py: timed, with peak memory and CPU per process.

- `in_child`: a one-process reference run (the pdfplumber baseline, the
  pypdfium2 ceiling) in a fresh spawned process, reporting its own peak
  resident set (getrusage).
- `run_ingest`: `planwatch ingest` as a user runs it, into a fresh database;
  the command and each worker it starts are sampled every 0.2 s for their
  peak resident set (VmHWM in /proc/<pid>/status) and CPU seconds
  (/proc/<pid>/stat).
- `stage_costs`: CPU seconds of each stage of reading, in one process, the
  way a worker reads (to see where the time goes).
- `loop_run`: a CPU-bound Python loop in one process, or in two side by side:
  how much this machine itself gains from its second core (on a shared or
  virtual machine, two busy cores often run slower each than one).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

SAMPLE_SECONDS = 0.2
STAGES = (
    "text layer (pypdfium2)", "triage", "layout analysis: covers", "layout analysis: other pages",
    "rest of reading (open, stitch, models)", "extract", "normalise",
)


@dataclass
class Measure:
    """One timed run over a set of papers."""

    corpus: str
    name: str
    processes: int
    pages: int
    documents: int
    seconds: float
    parent_mb: float
    worker_mb: float | None = None
    cpu_parent: float | None = None
    cpu_workers: float | None = None
    notes: list[str] = field(default_factory=list)
    rounds: list[float] = field(default_factory=list)
    """With `--repeat`, the seconds of every round, in order (`seconds` is the fastest)."""

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


# -- one-process reference runs (each in a child process) ---------------------------


def baseline_run(paths: list[str], queue) -> None:
    started, pages = time.perf_counter(), 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
                pages += 1
    queue.put((time.perf_counter() - started, pages, _own_peak_mb()))


def ceiling_run(paths: list[str], queue) -> None:
    started, pages = time.perf_counter(), 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    queue.put((time.perf_counter() - started, pages, _own_peak_mb()))


def _own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(target, paths: list[Path], corpus: str, name: str) -> Measure:
    """RETURNS (Measure): `target` run over the papers in a fresh process (spawned, so it starts clean)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=([str(path) for path in paths], queue))
    process.start()
    seconds, pages, peak = queue.get()
    process.join()
    return Measure(corpus, name, 1, pages, len(paths), seconds, peak)


ENGINE: str | None = None
"""The PDF engine planwatch is measured with (`planwatch ingest --pdf-engine`); None for its default."""


def _stages(paths: list[str], queue, engine: str | None = None) -> None:
    """CPU seconds of each stage of reading the papers in one process, the way a worker reads them."""
    import gc

    import planwatch.cli  # noqa: F401  (what a worker has imported when it is forked)
    from planwatch.extract import extract, layouts
    from planwatch.ingest import ingest, pdf
    from planwatch.ingest.triage import default_triage
    from planwatch.normalise import normalise

    layouts()
    gc.collect()
    gc.freeze()
    costs = dict.fromkeys(STAGES, 0.0)
    covers: set[int] = set()
    def timed(function):
        def timed_call(page, *args, **kwargs):
            started = time.process_time()
            try:
                return function(page, *args, **kwargs)
            finally:
                stage = "layout analysis: covers" if kwargs["number"] - 1 in covers else "layout analysis: other pages"
                costs[stage] += time.process_time() - started
        return timed_call

    # a page's layout analysis: its objects read by pdfium (open_page), then analysed
    pdf.analyse_page = timed(pdf.analyse_page)
    pdf.open_page = timed(pdf.open_page)
    triage, pages, analysed = default_triage(), 0, 0
    for path in map(Path, paths):
        started = time.process_time()
        texts = pdf.read_page_texts(path)[0]
        costs["text layer (pypdfium2)"] += time.process_time() - started
        started = time.process_time()
        covers = triage.covers(texts)
        triage.select(texts)
        costs["triage"] += time.process_time() - started
        started = time.process_time()
        raw = ingest(path, pdf_settings={"engine": engine} if engine else None)
        costs["rest of reading (open, stitch, models)"] += time.process_time() - started
        started = time.process_time()
        extraction = extract(raw)
        costs["extract"] += time.process_time() - started
        started = time.process_time()
        normalise(extraction)
        costs["normalise"] += time.process_time() - started
        pages += len(texts)
        analysed += sum(page.analysed for page in raw.pages)
    inside = ("text layer (pypdfium2)", "triage", "layout analysis: covers", "layout analysis: other pages")
    costs["rest of reading (open, stitch, models)"] -= sum(costs[name] for name in inside)
    queue.put((costs, pages, analysed))


def stage_costs(papers: list[Path]) -> tuple[dict[str, float], int, int]:
    """RETURNS (tuple): CPU seconds per stage of reading the papers in one fresh process, pages, pages analysed."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_stages, args=([str(path) for path in papers], queue, ENGINE))
    process.start()
    costs, pages, analysed = queue.get()
    process.join()
    return costs, pages, analysed


# -- the machine's own two-core scaling ---------------------------------------------------

LOOP = """
table = {}
for i in range(12_000_000):
    table[i % 5000] = str(i)
"""
"""About two seconds of pure Python work that makes and frees small objects, as reading a paper does."""


def loop_run(processes: int, corpus: str) -> Measure:
    """RETURNS (Measure): `processes` copies of `LOOP` started together, timed until the last one ends."""
    started = time.perf_counter()
    children = [subprocess.Popen([sys.executable, "-c", LOOP]) for _ in range(processes)]
    for child in children:
        child.wait()
    name = "Python loop, 1 process" if processes == 1 else f"Python loop, {processes} processes side by side"
    return Measure(corpus, name, processes, 0, 0, time.perf_counter() - started, 0.0)


# -- planwatch ingest, as a user runs it ---------------------------------------------------


def _status_kb(pid: int, field_name: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user and system) the process has used so far, from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def run_ingest(paths: list[Path], workers: int, corpus: str, name: str, folder: Path) -> Measure:
    """RETURNS (Measure): `planwatch ingest` over the papers into a fresh database, with peak memory per process."""
    db = folder / f"bench-{corpus}-{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    command = [sys.executable, "-c", "from planwatch.cli import main; main()", "ingest", *map(str, paths),
               "--db", str(db), "--workers", str(workers), "-q", *(["--pdf-engine", ENGINE] if ENGINE else [])]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}
    while process.poll() is None:
        for pid in [process.pid, *_children(process.pid)]:
            peak, used = _status_kb(pid, "VmHWM"), _cpu_seconds(pid)
            if peak:
                peaks[pid] = max(peaks.get(pid, 0), peak)
            if used is not None:
                cpu[pid] = used
        try:
            process.wait(timeout=SAMPLE_SECONDS)  # returns as the command ends, not at the next sample
        except subprocess.TimeoutExpired:
            pass
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"planwatch ingest failed ({process.returncode}): {process.stderr.read()[-2000:]}")
    documents, pages, failed = sqlite3.connect(db).execute(
        "select count(*), coalesce(sum(pages), 0), sum(status = 'failed') from documents"
    ).fetchone()
    parent = peaks.pop(process.pid, 0) / 1024
    parent_cpu = cpu.pop(process.pid, None)
    measure = Measure(corpus, name, workers + 1 if workers else 1, pages, documents, seconds, parent,
                      worker_mb=max(peaks.values(), default=0) / 1024 or None,
                      cpu_parent=parent_cpu, cpu_workers=sum(cpu.values()) if cpu else None)
    if failed:
        measure.notes.append(f"{failed} documents failed")
    return measure
