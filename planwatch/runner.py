"""A batch of papers: worker processes read them, this process alone writes.

    summary = run_batch([Path("downloads/")], db, settings=RunSettings(workers=2))

Each worker process reads one file at a time (`pipeline.process`) and sends
back its `NormalisedDocument`; the parent stores each one as it arrives, so
memory stays flat however large the batch. Files go out largest first, and
each worker holds the next file while it reads one, so it never waits while
the parent writes. The parent watches every worker: one that runs past the
time limit is killed and restarted, one that dies is restarted (also when it
dies just after an answer and the next file finds its pipe closed), and either
way only the file it was reading is marked failed (the file queued behind it
goes back in line). Each worker runs
under a memory ceiling (`max_memory`, an address-space limit set with
`resource.setrlimit` when it starts), so one enormous or malicious file fails
alone instead of taking the machine's memory. A worker ends when this process
does (`worker.py`). Files already in the database
(same sha256) are skipped unless `force`.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import stat
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from planwatch._sqlite_utils import Database

from planwatch.extract import layouts
from planwatch.ingest import PdfSettings
from planwatch.ingest.detect import sha256_of
from planwatch.normalise.models import NormalisedDocument
from planwatch.store import SchemaError, StoreBusy, StoreResult, known_ids, link_actions, retry_locked, store, unlinked_councils

from . import pipeline
from .worker import process_safely, worker_main

DEFAULT_TIMEOUT_SECONDS = 300.0
"""Time one document may take before its worker is stopped (a 100-page plan takes seconds)."""
DEFAULT_MAX_MEMORY_MB = 2048
"""Address space one worker may use, in MB (0: no limit).

A worker holds about 510 MB of address space once the extractors are loaded;
the largest paper of the Kent corpus peaks at 551 MB (178 MB resident) and a
198-page table-dense plan at 576 MB (`bench/peak_memory.py`; see
docs/failures.md), so 2 GB leaves ample room and still stops a runaway file
long before it starves the machine."""
POLL_SECONDS = 0.5
BROKEN_PIPE_GRACE_SECONDS = 5.0
"""How long a worker whose pipe closed is given to end before its exit code is read (it is ending already)."""
QUEUE_PER_WORKER = 2
"""Files a worker holds at once: the one it reads and the next, so it never waits for the writer."""
SKIP_NAMES = {"Thumbs.db", "desktop.ini"}
SKIP_PREFIXES = ("README", "LICENSE", "LICENCE", "COPYING")
NOT_PAPERS = {
    ".db", ".db-wal", ".db-shm", ".sqlite", ".sqlite3",  # databases, planwatch's own among them
    ".py", ".pyc", ".toml", ".cfg", ".ini", ".json", ".yaml", ".yml",  # code and configuration
    ".ttf", ".otf", ".woff", ".woff2",  # fonts
}
"""Files inside a folder that are never council papers; named on the command line, they are read."""
NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
)
"""What a path that is not a regular file is, as a warning names it."""


def available_cores() -> int:
    """RETURNS (int): the cores this process may run on (fewer than the machine's in a container)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


@dataclass
class RunSettings:
    """How a batch runs."""

    workers: int = field(default_factory=lambda: available_cores())
    force: bool = False
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    """Seconds per document before its worker is stopped. With workers=0 only the default (not applied)."""
    max_memory: int = DEFAULT_MAX_MEMORY_MB
    """MB of address space per worker process; 0 for no limit. With workers=0 only 0 or the default (not applied)."""
    pdf_settings: PdfSettings | dict | None = None

    def __post_init__(self) -> None:
        if self.workers < 0:
            raise ValueError("Run setting 'workers' cannot be negative (0 reads in this process)")
        if self.timeout <= 0:
            raise ValueError("Run setting 'timeout' must be a positive number of seconds")
        if self.max_memory < 0:
            raise ValueError("Run setting 'max_memory' cannot be negative (0 means no limit)")
        if self.workers == 0:
            _refuse_limits_in_process(self)


def _refuse_limits_in_process(settings: RunSettings) -> None:
    """Raise ValueError for a time or memory limit asked of a batch read in this process, where neither applies."""
    if settings.timeout != DEFAULT_TIMEOUT_SECONDS:
        asked = "timeout"
    elif settings.max_memory not in (0, DEFAULT_MAX_MEMORY_MB):
        asked = "max_memory"
    else:
        return
    raise ValueError(
        f"Run setting '{asked}' applies to worker processes, and workers=0 reads in this process, "
        "where it cannot be applied; use workers=1"
    )


@dataclass
class Event:
    """What happened to one file, for progress display."""

    kind: str  # 'stored', 'skipped'
    path: Path
    status: str | None = None
    message: str | None = None
    pages: int | None = None
    rows: dict[str, int] = field(default_factory=dict)


@dataclass
class BatchSummary:
    statuses: Counter = field(default_factory=Counter)
    skipped: int = 0
    rows: Counter = field(default_factory=Counter)
    pages: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """(path, message) for each file skipped for something the user should know (not a regular file)."""

    @property
    def documents(self) -> int:
        return sum(self.statuses.values())

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


Progress = Callable[[Event], None]
Task = tuple[Path, "str | None"]
"""A file to read and its sha256 (None when it could not be read to hash it)."""


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """YIELDS (Path): the files named and the files inside the folders named, recursively, sorted.

    Named pipes, sockets and devices are yielded too: the batch skips them
    with a warning naming them (`_not_regular`), rather than hang reading one
    or leave it out unseen.
    """
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if not hidden and not child.is_dir() and child.exists() and _wanted(child):
                    yield child  # a file that is not a regular one is reported, not left out unseen
        else:
            yield path


def _wanted(path: Path) -> bool:
    if path.name in SKIP_NAMES or path.name.startswith(".") or path.name.upper().startswith(SKIP_PREFIXES):
        return False
    return not any(path.name.lower().endswith(suffix) for suffix in NOT_PAPERS)


def run_batch(
    paths: Iterable[Path],
    db: Database,
    *,
    settings: RunSettings | None = None,
    progress: Progress | None = None,
) -> BatchSummary:
    """RETURNS (BatchSummary): what was stored, skipped and failed, and how fast."""
    settings = settings or RunSettings()
    progress = progress or (lambda event: None)
    summary = BatchSummary()
    started = time.perf_counter()
    tasks = sorted(_tasks(discover(paths), db, settings, summary, progress), key=_size, reverse=True)
    layouts()  # imported once here, so forked workers share the modules instead of each importing them
    councils: set[str] = set()
    with _frozen_heap(), tempfile.TemporaryDirectory(prefix=pipeline.SNAPSHOT_PREFIX) as scratch:
        # the readers' copies of the files go in one folder, removed here even when a worker is killed
        run = _run_here if settings.workers == 0 else _run_pool
        for path, normalised in run(tasks, settings, Path(scratch)):
            normalised, result = _store_safely(db, path, normalised)
            _count(summary, path, normalised, result, progress)
            councils.add(normalised.document.council)
    _link_councils(db, councils)
    summary.seconds = time.perf_counter() - started
    return summary


def _link_councils(db: Database, councils: set[str | None]) -> None:
    """Link the same action across the papers of every council the batch stored a paper of.

    One pass after the batch, not one per paper: linking works over all of a
    council's papers in date order, so a batch of a council's papers is
    linked once whatever order they were read in.
    """
    councils.discard(None)
    councils |= unlinked_councils(db)  # papers a stopped batch stored and never linked
    if councils:
        retry_locked(lambda: link_actions(db, councils=councils), name="database")


GC_THRESHOLDS = (20_000, 10, 10)
"""The collector's thresholds while a batch runs (Python's own: 700, 10, 10)."""


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """Leave the objects alive now (imported modules and their tables) out of garbage collection while
    the batch runs, in this process and in the workers forked from it, and collect less often.

    Reading a PDF makes millions of small objects, so the collector runs
    often, and each full collection went through every imported module's
    objects again: a fifth of the reading time on the Kent corpus. Almost all
    of a page's objects are freed when the page is done, without the
    collector; at Python's default rate its passes over the rest made two
    workers on two cores spend a sixth more CPU time than one worker (their
    memory traffic contends), at `GC_THRESHOLDS` hardly any more.
    """
    gc.freeze()  # no collection first: after the imports there is nothing to collect, and it takes 0.1 s
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _tasks(files: Iterable[Path], db: Database, settings: RunSettings, summary: BatchSummary, progress: Progress):
    known = set() if settings.force else known_ids(db)
    seen: dict[str, Path] = {}
    for path in files:
        kind = _not_regular(path)
        if kind:
            message = f"not a regular file ({kind}); skipped, as only files can be papers"
            summary.skipped += 1
            summary.warnings.append((str(path), message))
            progress(Event("skipped", path, message=message))
            continue
        try:
            sha = sha256_of(path)
        except OSError as e:
            yield path, None  # the worker reports the unreadable file
            continue
        if sha in seen:
            summary.skipped += 1
            progress(Event("skipped", path, message=f"same content as {seen[sha].name}"))
            continue
        seen[sha] = path
        if sha in known:
            summary.skipped += 1
            progress(Event("skipped", path, message="already in the database (use --force to read it again)"))
            continue
        yield path, sha


def _not_regular(path: Path) -> str | None:
    """RETURNS (str | None): what the path is when it is not a regular file ('a named pipe'), else None.

    Reading a named pipe waits for a writer, and a device may never end, so
    neither is opened. A path that cannot be looked at is left to the reader,
    which reports it.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in NOT_REGULAR if test(mode)), "not a file")


def _size(task: Task) -> int:
    """Largest files first: a long paper started last would leave the other workers idle at the end."""
    try:
        return task[0].stat().st_size
    except OSError:
        return 0


def _count(summary: BatchSummary, path: Path, normalised: NormalisedDocument, result: StoreResult, progress: Progress) -> None:
    document = normalised.document
    summary.statuses[document.status] += 1
    summary.rows.update(result.rows)
    summary.pages += document.pages or 0
    error = document.error
    if result.kept_previous:
        error = f"{error}; the rows from the last successful reading were kept"
    if document.status == "failed":
        summary.failures.append((document.filename, error or ""))
    progress(Event("stored", path, status=document.status, message=error, pages=document.pages, rows=result.rows))


def _store_safely(db: Database, path: Path, normalised: NormalisedDocument) -> tuple[NormalisedDocument, StoreResult]:
    """RETURNS (tuple): what was stored for the file: its rows, or a failure saying they could not be written.

    A lock that outlasts the retries (`StoreBusy`) stops the batch: nothing
    else could be written either, and every document stored so far is kept.
    """
    try:
        return normalised, store(db, normalised)
    except (StoreBusy, SchemaError):
        raise
    # A row SQLite refuses (sqlite3.Error, OverflowError for a huge integer) or
    # that cannot be serialised must cost only its document.
    except Exception as e:
        failed = pipeline.failure(
            path, f"{path.name}: read, but its rows could not be written to the database "
            f"({type(e).__name__}: {e}); the rest of the batch went on; please report it with the file",
            code="store_error", sha256=normalised.document.id,
        )
        return failed, store(db, failed)


def _run_here(tasks: list[Task], settings: RunSettings, scratch: Path) -> Iterator[tuple[Path, NormalisedDocument]]:
    for path, sha in tasks:
        yield path, process_safely(path, sha, settings.pdf_settings, scratch=scratch)


# -- worker pool -------------------------------------------------------------


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: Connection
    tasks: deque[Task] = field(default_factory=deque)
    """Files sent and not yet answered, in order; the first is being read."""
    started: float = 0.0
    """When the worker began the first of `tasks`."""


def _start_worker(context, settings: RunSettings, scratch: Path) -> _Worker:
    parent, child = context.Pipe()
    process = context.Process(
        target=worker_main, args=(child, settings.pdf_settings, settings.max_memory, os.getpid(), scratch), daemon=True,
    )
    process.start()
    child.close()
    return _Worker(process=process, conn=parent)


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(timeout=5)
    worker.conn.close()


def _run_pool(tasks: list[Task], settings: RunSettings, scratch: Path) -> Iterator[tuple[Path, NormalisedDocument]]:
    """YIELDS: (path, document) as workers finish, so the caller stores each one at once.

    Each worker holds up to `QUEUE_PER_WORKER` files: the one it reads and the
    next, so it starts on the next while this process stores the last.
    """
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pending = list(reversed(tasks))
    workers = [_start_worker(context, settings, scratch) for _ in range(min(settings.workers, len(tasks)))]
    try:
        while pending or any(worker.tasks for worker in workers):
            broken = {index for index, worker in enumerate(workers) if not _fill(worker, pending)}
            busy = [worker for worker in workers if worker.tasks]
            if not broken:
                wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=POLL_SECONDS)
            for index, worker in enumerate(workers):
                spent = False
                for outcome in _collect(worker, settings):
                    yield outcome
                    spent = spent or _spent(outcome[1])
                if index in broken:
                    worker.process.join(timeout=BROKEN_PIPE_GRACE_SECONDS)
                died = index in broken or not worker.process.is_alive()
                lost = died or _overdue(worker, settings)
                if spent or lost:
                    if lost and worker.tasks:
                        yield _failure(worker, settings, died=died)
                    pending.extend(reversed(worker.tasks))  # files queued behind it go back in line
                    _stop(worker)
                    workers[index] = _start_worker(context, settings, scratch)
    finally:
        for worker in workers:
            if worker.process.is_alive():
                try:
                    worker.conn.send(None)
                except (BrokenPipeError, OSError):
                    pass
            _stop(worker)


def _spent(normalised: NormalisedDocument) -> bool:
    """RETURNS (bool): whether the worker ran out of memory and should be replaced by a fresh one."""
    return any(problem.code == "out_of_memory" for problem in normalised.problems)


def _fill(worker: _Worker, pending: list[Task]) -> bool:
    """RETURNS (bool): False when the worker's pipe is closed (it died after its last answer);
    the file that could not be sent goes back in line."""
    while pending and len(worker.tasks) < QUEUE_PER_WORKER:
        task = pending.pop()
        try:
            worker.conn.send(task)
        except OSError:  # BrokenPipeError, ConnectionResetError: nobody reads at the other end
            pending.append(task)
            return False
        if not worker.tasks:
            worker.started = time.monotonic()
        worker.tasks.append(task)
    return True


def _collect(worker: _Worker, settings: RunSettings) -> Iterator[tuple[Path, NormalisedDocument]]:
    """YIELDS: the worker's finished (path, document) pairs, oldest first."""
    while worker.tasks and worker.conn.poll():
        try:
            result = worker.conn.recv()
        except (EOFError, OSError):
            return
        path, _ = worker.tasks.popleft()
        worker.started = time.monotonic()  # it goes straight on to the next file it holds
        yield path, result


def _overdue(worker: _Worker, settings: RunSettings) -> bool:
    return bool(worker.tasks) and time.monotonic() - worker.started > settings.timeout


def _failure(worker: _Worker, settings: RunSettings, *, died: bool) -> tuple[Path, NormalisedDocument]:
    """RETURNS: a failed document for the file the worker was reading when it died or ran too long."""
    path, sha = worker.tasks.popleft()
    if died:
        code = worker.process.exitcode
        limit = f" (the limit is {settings.max_memory} MB, see --max-memory)" if settings.max_memory else ""
        message = (
            f"{path.name}: the reading process stopped unexpectedly (exit code {code}), "
            f"most likely out of memory{limit} or a crash in the PDF library; try it alone with --workers 1"
        )
        return path, pipeline.failure(path, message, code="worker_died", sha256=sha)
    message = (
        f"{path.name}: reading took longer than {settings.timeout:g} seconds and was stopped; "
        "raise the limit with --timeout if the paper is very long"
    )
    return path, pipeline.failure(path, message, code="timeout", sha256=sha)
