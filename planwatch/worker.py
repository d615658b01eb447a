"""A worker process of a batch: reads the files its parent sends, one at a time, and sends back each result.

    process = context.Process(target=worker_main, args=(conn, pdf_settings, max_memory, os.getpid()))

`worker_main` runs under a memory ceiling (`limit_memory`), ignores Ctrl-C
(the parent handles it), and ends when its parent does, whatever it is doing
(`_leave_with_parent`). `process_safely` is also how a batch read in the
parent's own process (`--workers 0`) reads each file: it never raises.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from planwatch.normalise.models import NormalisedDocument

from . import pipeline

try:
    import resource
except ImportError:  # Windows has no rlimits; the memory ceiling is then not enforced
    resource = None  # type: ignore[assignment]

MB = 1024 * 1024
ORPHAN_CHECK_SECONDS = 1.0
"""How often a worker checks that its parent is still there (see `_leave_with_parent`)."""
PR_SET_PDEATHSIG = 1
"""Linux's prctl option: the signal a process gets when its parent ends."""
EXIT_ORPHANED = 3
"""A worker's exit status when it ends because its parent did."""


def limit_memory(max_memory: int) -> None:
    """Cap this process's address space at `max_memory` MB (0: leave it as it is).

    An allocation beyond the cap raises MemoryError in Python code; the
    worker reports it as `out_of_memory` and is replaced by a fresh one.
    """
    if not max_memory or resource is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = max_memory * MB
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def worker_main(
    conn: Connection, pdf_settings, max_memory: int = 0, parent: int | None = None, scratch: Path | None = None,
) -> None:
    # Ctrl-C reaches the whole process group; the parent alone handles it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _leave_with_parent(os.getppid() if parent is None else parent)
    limit_memory(max_memory)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        path, sha = task
        conn.send(process_safely(path, sha, pdf_settings, max_memory, scratch=scratch))


def _leave_with_parent(parent: int) -> None:
    """Make this worker end when its parent does, whether it waits for work, reads or sends an answer.

    A worker forked after another holds a copy of the other's pipe, so when the
    parent is killed (SIGKILL) a worker may see no pipe close: it would wait
    for work, or wait to send an answer nobody reads, for ever. On Linux the
    kernel kills it when the parent ends (PR_SET_PDEATHSIG); elsewhere, and as
    well, a thread checks every `ORPHAN_CHECK_SECONDS` that the parent is
    still its parent.
    """
    _ask_for_parent_death_signal()
    if os.getppid() != parent:
        os._exit(EXIT_ORPHANED)  # the parent ended before the request was made
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch", daemon=True).start()


def _ask_for_parent_death_signal() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl in this C library: the watching thread does it alone
        pass


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(ORPHAN_CHECK_SECONDS)
        if os.getppid() != parent:
            os._exit(EXIT_ORPHANED)  # nobody is left to store what this worker reads


def process_safely(
    path: Path, sha: str | None, pdf_settings, max_memory: int = 0, *, scratch: Path | None = None,
) -> NormalisedDocument:
    """RETURNS (NormalisedDocument): the file read (`pipeline.process`, its copy in `scratch`), or a failed
    document; never raises."""
    try:
        return pipeline.process(path, sha256=sha, pdf_settings=pdf_settings, scratch=scratch)
    except MemoryError:
        return pipeline.failure(path, out_of_memory_message(path, max_memory), code="out_of_memory", sha256=sha)
    except Exception as e:  # a bug on one file must not stop the batch
        return pipeline.internal_error(path, e, sha256=sha)


def out_of_memory_message(path: Path, max_memory: int) -> str:
    if max_memory:
        return (
            f"{path.name}: reading needed more than the memory limit of {max_memory} MB and was stopped; "
            f"raise the limit with --max-memory (for example --max-memory {max_memory * 2}) or split the paper"
        )
    return f"{path.name}: ran out of memory while reading; try it alone with --workers 1"
