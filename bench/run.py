"""Throughput of `planwatch ingest` against pdfplumber and the raw text layer, in one run.

    python bench/run.py              # the full benchmark (about ten minutes on two cores)
    python bench/run.py --repeat 2   # every measure in two rounds, the fastest kept (for a shared machine)
    python bench/run.py --quick      # a fifth of the Kent corpus, 60 dense pages, no scaling runs

On the same machine, in one run, for the Kent corpus (../shared/corpus/kent/;
skipped with a message when absent) and for table-dense papers written by
the samples generator (`samples/make.py --dense`, 400 pages; at least 200
are asked for, and a batch twice that long measures what a second worker
gives a batch rather than the one-off start-up both commands pay):

1. baseline: pdfplumber `extract_tables()` over every page, in one process;
2. ceiling: pypdfium2's text of every page, in one process (the practical
   ceiling: planwatch reads every page's text this way before anything else);
3. `planwatch ingest` (the command, as a user runs it) with 1 and with 2
   workers into a fresh database: full extraction, colours, stitching,
   normalisation and storage included.

Then the Kent corpus at 10%, 50% and 100% of its documents with 2 workers:
the cost per page (wall time, and wall time less the command's start-up,
measured on one small text paper) and the parent's peak memory should stay
flat.

Peak memory is the peak resident set (VmHWM in /proc/<pid>/status) of each
process: the command and each worker it starts are sampled every 0.2 s while
it runs, and the largest value seen for each is kept, with the CPU seconds
each has used (/proc/<pid>/stat). The baseline and ceiling run in a child
process each and report their own peak (getrusage).

Last, where a worker's time goes (CPU seconds per stage, one process) on
each corpus, and for Kent the lower bound this sets on 2 workers if triage
picked no page but the covers: start-up plus every other stage spread
perfectly over two cores.

The tables are printed and written to bench/results.md with the command
that made them and the machine. bench/measure.py does the measuring.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from rich.console import Console
from rich.table import Table

import measure as measuring
from measure import STAGES, Measure, baseline_run, ceiling_run, in_child, loop_run, run_ingest, stage_costs

ROOT = Path(__file__).resolve().parents[1]
KENT = ROOT.parent / "shared" / "corpus" / "kent"
OFSTED = ROOT.parent / "shared" / "corpus" / "ofsted"
CORPORA = ("kent", "dense", "ofsted")
RESULTS = ROOT / "bench" / "results.md"
DENSE_PAGES = 400
"""Table-dense pages: 87 papers, about 15 s for one worker, ten times its start-up."""
QUICK_DENSE_PAGES = 60
QUICK_KENT_SHARE = 5
"""--quick reads every fifth Kent paper."""
QUICK_OFSTED_SHARE = 10
"""--quick reads every tenth Ofsted paper."""
SCALES = (10, 50, 100)
WORKERS = (1, 2)
STARTUP_PAPER = (
    "Children's services improvement plan: progress update\n\n"
    "Ref\tAction\tLead\tTimescale\tRAG\n1.1\tRecruit permanent social workers\tDirector\tMarch 2025\tGreen\n"
)
"""A one-action paper: reading it loads what every worker loads on its first paper."""
TARGETS = {
    "kent_vs_baseline": 10.0,
    "dense_vs_baseline": 1.5,
    "two_vs_one": 1.7,
    "peak_rss_mb": 400.0,
}


# -- papers --------------------------------------------------------------------------


def kent_papers(share: int = 1) -> list[Path]:
    """RETURNS (list[Path]): the Kent PDFs (every `share`-th of them, by name)."""
    return sorted(KENT.glob("*.pdf"))[::share]


def ofsted_papers(share: int = 1) -> list[Path]:
    """RETURNS (list[Path]): the Ofsted reports and focused-visit letters that are PDFs (every `share`-th).

    Two files of the corpus are web pages saved under a report's name; pdfplumber cannot open them,
    so they are left out of every measure alike.
    """
    papers = [path for path in sorted(OFSTED.rglob("*.pdf")) if path.read_bytes()[:5] == b"%PDF-"]
    return papers[::share]


def scaled(papers: list[Path], percent: int) -> list[Path]:
    """RETURNS (list[Path]): about `percent`% of the papers, spread evenly over the sorted list."""
    if percent >= 100:
        return list(papers)
    count = max(1, round(len(papers) * percent / 100))
    step = len(papers) / count
    return [papers[int(index * step)] for index in range(count)]


def dense_papers(folder: Path, pages: int) -> list[Path]:
    """RETURNS (list[Path]): table-dense PDFs written by `samples/make.py --dense`, `pages` pages in all."""
    spec = importlib.util.spec_from_file_location("planwatch_samples_make", ROOT / "samples" / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    return [path for path, _ in make.make_dense(folder / "dense", pages=pages, seed=0)]


def startup_seconds(folder: Path) -> float:
    """RETURNS (float): what `planwatch ingest` takes on one small text paper: its imports and database,
    and a worker's start with the tables it loads on its first paper (council names, word frequencies);
    the fastest of three runs."""
    paper = folder / "startup" / "update.txt"
    paper.parent.mkdir(exist_ok=True)
    paper.write_text(STARTUP_PAPER, encoding="utf-8")
    return fastest(3, lambda: run_ingest([paper.parent], 2, "startup", "one paper", folder)).seconds


def stage_table(corpus: str, papers: list[Path]) -> tuple[Table, dict[str, float], int]:
    """RETURNS (tuple): where a worker's time goes on the papers (one process, CPU seconds), the costs, pages."""
    costs, pages, analysed = stage_costs(papers)
    table = Table(title=f"Where the time goes: {corpus}, one process, {pages} pages, {analysed} analysed")
    for name, justify in (("stage", "left"), ("CPU s", "right"), ("ms per page", "right"), ("share", "right")):
        table.add_column(name, justify=justify)
    total = sum(costs.values())
    for name in STAGES:
        table.add_row(name, f"{costs[name]:.1f}", f"{1000 * costs[name] / pages:.1f}", f"{costs[name] / total:.0%}")
    table.add_row("total", f"{total:.1f}", f"{1000 * total / pages:.1f}", "100%")
    return table, costs, pages


# -- the run -------------------------------------------------------------------------


def fastest(repeat: int, measure: Callable[[], Measure]) -> Measure:
    """RETURNS (Measure): the fastest of `repeat` runs (a busy moment on a shared machine only slows a run down)."""
    return min((measure() for _ in range(repeat)), key=lambda run: run.seconds)


def bench_corpus(corpus: str, papers: list[Path], folder: Path, console: Console, repeat: int) -> list[Measure]:
    """RETURNS (list[Measure]): baseline, ceiling and planwatch ingest with 1 and 2 workers on the papers.

    With `repeat`, every measure is run once per round, rounds one after the
    other, and each measure's fastest run is kept: a slow spell of a shared
    machine (they last minutes) then falls on every measure alike, not on the
    repeats of one. Every round's time is kept too (`Measure.rounds`): two
    workers against one is judged round by round, from runs made seconds
    apart (`two_vs_one`). Before each planwatch run, a CPU-bound Python loop
    runs in as many processes as it has workers: what this machine gains from
    a second core at that moment (`loop_run`).
    """
    runs: dict[str, Callable[[], Measure]] = {}
    references = (("pdfplumber extract_tables (baseline)", baseline_run), ("pypdfium2 text (ceiling)", ceiling_run))
    for name, target in references:
        runs[name] = lambda target=target, name=name: in_child(target, papers, corpus, name)
    for workers in WORKERS:
        runs[f"loop {workers}"] = lambda workers=workers: loop_run(workers, corpus)
        name = f"planwatch ingest --workers {workers}" + (f" --pdf-engine {measuring.ENGINE}" if measuring.ENGINE else "")
        runs[name] = lambda workers=workers, name=name: run_ingest(papers, workers, corpus, name, folder)
    best: dict[str, Measure] = {}
    rounds: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(repeat):
        for name, run in runs.items():
            if not name.startswith("loop"):
                console.print(f"[dim]{corpus}: {name} (round {round_ + 1} of {repeat}) ...[/dim]")
            measure = run()
            rounds[name].append(measure.seconds)
            if name not in best or measure.seconds < best[name].seconds:
                best[name] = measure
    for name in runs:
        best[name].rounds = rounds[name]
    return [best[name] for name in runs]


def bench_scaling(
    papers: list[Path], folder: Path, full: Measure, console: Console, repeat: int,
) -> list[tuple[int, Measure]]:
    """RETURNS (list): (percent, Measure) for the corpus at 10%, 50% and 100% of its papers, 2 workers."""
    rows = []
    for percent in SCALES:
        if percent == 100:
            rows.append((percent, full))
            continue
        console.print(f"[dim]kent: {percent}% with 2 workers ...[/dim]")
        share = scaled(papers, percent)
        rows.append((percent, fastest(repeat, lambda: run_ingest(share, 2, "kent", f"{percent}%", folder))))
    return rows


def floor_note(costs: dict[str, float], pages: int, startup: float, measures: list[Measure]) -> str:
    """RETURNS (str): the fastest 2 workers could read Kent if triage picked no page but the covers."""
    floor = sum(cost for name, cost in costs.items() if name != "layout analysis: other pages")
    seconds = startup + floor / 2
    baseline = next(m for m in measures if m.corpus == "kent" and "baseline" in m.name).pages_per_second
    return (
        f"- Kent lower bound: if triage picked no page but the covers, every other stage ({floor:.1f} CPU s: "
        f"text layer, triage, the covers' layout analysis, reading, extraction, normalisation) spread perfectly "
        f"over 2 workers after the start-up ({startup:.1f} s, one small paper) would take {seconds:.1f} s for "
        f"{pages} pages: {pages / seconds:.0f} pages/s, {pages / seconds / baseline:.1f}× the baseline."
    )


def is_loop(measure: Measure) -> bool:
    return measure.name.startswith("Python loop")


def times(measure: Measure) -> list[float]:
    """RETURNS (list[float]): the seconds of each round (one round: the run's)."""
    return measure.rounds or [measure.seconds]


def two_vs_one(one: Measure, two: Measure, work: int = 1) -> list[float]:
    """RETURNS (list[float]): round by round, how many times faster the 2-process run did `work` times
    the 1-process run's work (2 for the loop, which runs a full copy in each process)."""
    return [work * ratio(a, b) for a, b in zip(times(one), times(two))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def machine_table(measures: list[Measure]) -> Table:
    """RETURNS (Table): per corpus and round, what a second core gave a plain Python loop and planwatch."""
    table = Table(title="Two cores against one, round by round: this machine and planwatch")
    for name in ("corpus", "round", "Python loop, 1 process s", "2 processes side by side s", "loop 2 vs 1",
                 "planwatch 1 worker s", "2 workers s", "planwatch 2 vs 1"):
        table.add_column(name, justify="left" if name == "corpus" else "right")
    for corpus in dict.fromkeys(m.corpus for m in measures):
        loops = [m for m in measures if m.corpus == corpus and is_loop(m)]
        runs = [m for m in measures if m.corpus == corpus and "--workers" in m.name]
        if len(loops) != 2 or len(runs) != 2:
            continue
        loop_ratios, ratios = two_vs_one(*loops, work=2), two_vs_one(*runs)
        rows = zip(times(loops[0]), times(loops[1]), loop_ratios, times(runs[0]), times(runs[1]), ratios)
        for index, (loop_one, loop_two, loop_ratio, one, two, planwatch_ratio) in enumerate(rows):
            table.add_row(corpus, str(index + 1), f"{loop_one:.2f}", f"{loop_two:.2f}", f"{loop_ratio:.2f}",
                          f"{one:.1f}", f"{two:.1f}", f"{planwatch_ratio:.2f}")
        if len(ratios) > 1:
            table.add_row(corpus, "median", "", "", f"{median(loop_ratios):.2f}", "", "", f"{median(ratios):.2f}")
    return table


def startup_note(measures: list[Measure], startup: float) -> str:
    """RETURNS (str): the most two workers can give over one on each corpus, the start-up being serial."""
    bounds = []
    for corpus in dict.fromkeys(m.corpus for m in measures):
        one = next((m for m in measures if m.corpus == corpus and "--workers 1" in m.name), None)
        if one:
            work = max(one.seconds - startup, 0.0)
            bounds.append(f"{corpus} {ratio(one.seconds, startup + work / 2):.2f}×")
    return (
        f"- Start-up ({startup:.1f} s: imports, the database, a worker's loads on its first paper) is paid once "
        f"by each command and cannot be shared between workers, so two workers give at most "
        f"{', '.join(bounds)} over one (the 1-worker time less the start-up, halved)."
    )


def ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def results_table(measures: list[Measure]) -> Table:
    table = Table(title="Throughput (one run, same machine)")
    for name, justify in (("corpus", "left"), ("measure", "left"), ("processes", "right"), ("pages", "right"),
                          ("docs", "right"), ("seconds", "right"), ("pages/s", "right"), ("docs/s", "right"),
                          ("peak RSS parent MB", "right"), ("peak RSS worker MB", "right"),
                          ("CPU s parent / workers", "right"), ("× baseline", "right"), ("share of ceiling", "right")):
        table.add_column(name, justify=justify)
    for measure in (m for m in measures if not is_loop(m)):
        group = [m for m in measures if m.corpus == measure.corpus]
        baseline = next(m for m in group if "baseline" in m.name).pages_per_second
        ceiling = next(m for m in group if "ceiling" in m.name).pages_per_second
        table.add_row(
            measure.corpus, measure.name, str(measure.processes), str(measure.pages), str(measure.documents),
            f"{measure.seconds:.1f}", f"{measure.pages_per_second:.1f}", f"{measure.documents_per_second:.2f}",
            f"{measure.parent_mb:.0f}", f"{measure.worker_mb:.0f}" if measure.worker_mb else "-",
            _cpu(measure), f"{ratio(measure.pages_per_second, baseline):.2f}",
            f"{ratio(measure.pages_per_second, ceiling):.2f}",
        )
    return table


def _cpu(measure: Measure) -> str:
    if measure.cpu_parent is None:
        return "-"
    return f"{measure.cpu_parent:.1f} / {measure.cpu_workers or 0:.1f}"


def scaling_table(rows: list[tuple[int, Measure]], startup: float) -> Table:
    table = Table(title=f"Kent corpus at 10/50/100% of its papers, 2 workers (start-up {startup:.1f} s)")
    for name in ("share", "docs", "pages", "seconds", "ms/page", "ms/page after start-up",
                 "peak RSS parent MB", "peak RSS worker MB"):
        table.add_column(name, justify="right")
    for percent, measure in rows:
        table.add_row(
            f"{percent}%", str(measure.documents), str(measure.pages), f"{measure.seconds:.1f}",
            f"{1000 * measure.seconds / max(measure.pages, 1):.1f}",
            f"{1000 * max(measure.seconds - startup, 0) / max(measure.pages, 1):.1f}",
            f"{measure.parent_mb:.0f}", f"{measure.worker_mb:.0f}" if measure.worker_mb else "-",
        )
    return table


def target_lines(measures: list[Measure]) -> list[str]:
    """RETURNS (list[str]): each target of issue #7 with the measured value and whether it is met."""
    lines = []

    def get(corpus: str, words: str) -> Measure | None:
        return next((m for m in measures if m.corpus == corpus and words in m.name), None)

    for corpus, target in (("kent", "kent_vs_baseline"), ("dense", "dense_vs_baseline")):
        two, baseline, one = get(corpus, "--workers 2"), get(corpus, "baseline"), get(corpus, "--workers 1")
        if two is None:
            continue
        value = ratio(two.pages_per_second, baseline.pages_per_second)
        lines.append(_target(f"{corpus}: 2 workers vs baseline", value, TARGETS[target], "×"))
        rounds = two_vs_one(one, two)
        label = f"{corpus}: 2 workers vs 1 worker" + (", median of the rounds" if len(rounds) > 1 else "")
        line = _target(label, median(rounds), TARGETS["two_vs_one"], "×")
        details = [f"rounds {', '.join(f'{r:.2f}' for r in rounds)}"] if len(rounds) > 1 else []
        details.append(f"fastest runs {ratio(two.pages_per_second, one.pages_per_second):.2f}×")
        loops = [m for m in measures if m.corpus == corpus and is_loop(m)]
        if len(loops) == 2:
            details.append(f"a Python loop on this machine in the same rounds {median(two_vs_one(*loops, work=2)):.2f}×")
        lines.append(f"{line} ({'; '.join(details)})")
    peak = max(max(m.parent_mb, m.worker_mb or 0) for m in measures if "planwatch" in m.name)
    lines.append(_target("peak RSS of any planwatch process", peak, TARGETS["peak_rss_mb"], " MB", below=True))
    return lines


def _target(label: str, value: float, wanted: float, unit: str, *, below: bool = False) -> str:
    met = value < wanted if below else value >= wanted
    sign = "<" if below else "≥"
    return f"- {label}: {value:.2f}{unit} (target {sign} {wanted:g}{unit}) — {'met' if met else 'NOT met'}"


def machine() -> list[str]:
    model = platform.processor()
    if Path("/proc/cpuinfo").exists():
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        model = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), model)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- CPU: {model}; {cores} cores available ({os.cpu_count()} on the machine)",
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}",
        f"- pdfplumber {pdfplumber.__version__}, pypdfium2 {pdfium.PYPDFIUM_INFO}",
    ]


def markdown(table: Table) -> str:
    """RETURNS (str): a rich table as a Markdown table."""
    headers = [str(column.header) for column in table.columns]
    cells = [list(column.cells) for column in table.columns]
    rows = [[str(cells[c][r]) for c in range(len(headers))] for r in range(len(cells[0]) if cells else 0)]
    lines = [f"**{table.title}**", "", "| " + " | ".join(headers) + " |",
             "|" + "|".join("---" if column.justify == "left" else "---:" for column in table.columns) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def write_results(path: Path, command: str, tables: list[Table], targets: list[str], notes: list[str]) -> None:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    text = [
        "# Benchmark results", "",
        f"Made by `{command}` on {time.strftime('%Y-%m-%d %H:%M')}.", "",
        "Machine:", "", *machine(),
        f"- load average at the end of the run: {', '.join(f'{v:.2f}' for v in load)}" if load else "", "",
    ]
    for table in tables:
        text += [markdown(table), ""]
    text += ["Targets (issue #7):", "", *targets, ""]
    if notes:
        text += ["Notes:", "", *notes, ""]
    text += [
        "How memory is measured: the peak resident set (VmHWM) of the command and of each worker, read",
        "from /proc every 0.2 s while the command runs; the baseline and ceiling report their own",
        "(getrusage). CPU seconds of the command and of its workers come from /proc/<pid>/stat at the",
        "last sample. Pages per second for planwatch count the pages it read: byte-identical copies in",
        "a folder are read once.", "",
    ]
    path.write_text("\n".join(text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fifth of Kent, 60 dense pages, no scaling runs")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the Markdown results")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run every measure N times and keep the fastest (default 1)")
    parser.add_argument("--only", choices=CORPORA, action="append",
                        help="measure only this corpus (repeatable); all of them if not given")
    parser.add_argument("--engine", choices=("pdfplumber", "pdfium"),
                        help="the PDF engine planwatch reads pages with (planwatch ingest --pdf-engine); its default if not given")
    args = parser.parse_args(argv)
    measuring.ENGINE = args.engine
    console = Console()
    command = "python bench/run.py" + (" --quick" if args.quick else "")
    command += f" --repeat {args.repeat}" if args.repeat > 1 else ""
    command += f" --engine {args.engine}" if args.engine else ""
    command += "".join(f" --only {name}" for name in args.only or [])
    wanted = set(args.only or CORPORA)
    measures: list[Measure] = []
    notes: list[str] = []
    tables: list[Table] = []
    with tempfile.TemporaryDirectory(prefix="planwatch-bench-") as tmp:
        folder = Path(tmp)
        kent, dense, ofsted = [], [], []
        if "kent" in wanted and KENT.exists():
            kent = kent_papers(QUICK_KENT_SHARE if args.quick else 1)
            measures += bench_corpus("kent", kent, folder, console, args.repeat)
        elif "kent" in wanted:
            notes.append(f"- {KENT} is not here: the Kent corpus was skipped.")
            console.print(f"[yellow]{KENT} is not here; skipping the Kent corpus[/yellow]")
        if "dense" in wanted:
            dense = dense_papers(folder, QUICK_DENSE_PAGES if args.quick else DENSE_PAGES)
            measures += bench_corpus("dense", dense, folder, console, args.repeat)
        if "ofsted" in wanted and OFSTED.exists():
            ofsted = ofsted_papers(QUICK_OFSTED_SHARE if args.quick else 1)
            measures += bench_corpus("ofsted", ofsted, folder, console, args.repeat)
        elif "ofsted" in wanted:
            notes.append(f"- {OFSTED} is not here: the Ofsted corpus was skipped.")
            console.print(f"[yellow]{OFSTED} is not here; skipping the Ofsted corpus[/yellow]")
        tables.append(results_table(measures))
        tables.append(machine_table(measures))
        startup = startup_seconds(folder)
        notes.append(startup_note(measures, startup))
        if kent and not args.quick:
            full = next(m for m in measures if m.corpus == "kent" and "--workers 2" in m.name)
            tables.append(scaling_table(bench_scaling(kent, folder, full, console, args.repeat), startup))
        for corpus, papers in (("kent", kent), ("dense", dense), ("ofsted", ofsted)):
            if papers:
                console.print(f"[dim]{corpus}: where the time goes ...[/dim]")
                table, costs, pages = stage_table(corpus, papers)
                tables.append(table)
                if corpus == "kent":
                    notes.append(floor_note(costs, pages, startup, measures))
        shutil.rmtree(folder / "dense", ignore_errors=True)
    targets = target_lines(measures)
    if args.quick:
        targets.insert(0, "- --quick reads a fifth of the Kent papers and 60 dense pages, where the start-up weighs "
                          "several times more: the targets are for the full run.")
    for measure in measures:
        notes += [f"- {measure.corpus}, {measure.name}: {note}" for note in measure.notes]
    for table in tables:
        console.print(table)
    console.print("\n".join(targets))
    write_results(args.out, command, tables, targets, notes)
    console.print(f"[dim]written to {args.out}[/dim]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
