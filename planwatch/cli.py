"""The `planwatch` command. Commands are thin: parse options, call the library, print.

Data goes to stdout; progress, warnings and errors go to stderr.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from planwatch import __version__
from planwatch.ingest import PdfSettings
from planwatch.ingest.pdf import DEFAULT_ENGINE, ENGINES
from planwatch.runner import (
    DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, BatchSummary, Event, RunSettings, discover, run_batch,
)
from planwatch.store import StoreError, open_db
from planwatch.wording import counted, without_name

from . import analyst_cli, report
from .options import db_option, existing_db

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
EXIT_INTERRUPTED = 130
"""Exit status after Ctrl-C (128 + SIGINT), as shells report it."""


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="planwatch")
def cli() -> None:
    """Turn councils' children's services improvement papers into one SQLite database."""


def _pdf_settings(*, no_triage: bool, engine: str) -> PdfSettings | None:
    """RETURNS (PdfSettings | None): the PDF reader's settings for the options given, None for the defaults."""
    if not no_triage and engine == DEFAULT_ENGINE:
        return None
    return PdfSettings(engine=engine, **({"triage": None} if no_triage else {}))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="worker processes (default: the number of cores; 0 reads in this process)")
@click.option("--force", is_flag=True, help="read documents again even when already in the database")
@click.option("--timeout", type=click.FloatRange(min=1), default=DEFAULT_TIMEOUT_SECONDS, show_default=True,
              help="seconds one document may take before it is stopped and marked failed (in worker processes: not with --workers 0)")
@click.option("--max-memory", type=click.IntRange(min=0), default=DEFAULT_MAX_MEMORY_MB, show_default=True,
              help="MB of memory one worker process may use before its document is stopped (0: no limit; not with --workers 0)")
@click.option("--no-triage", is_flag=True,
              help="analyse the layout of every PDF page, not only the pages whose text shows a table planwatch reads (slower)")
@click.option("--pdf-engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help="what reads an analysed PDF page's characters and shapes: pdfium (pages it cannot read exactly "
              "as pdfminer does go to pdfplumber), or pdfplumber for every page (slower, the same records)")
@click.option("-q", "--quiet", is_flag=True, help="no progress display")
def ingest(
    paths: tuple[Path, ...], db_path: Path, workers: int | None, force: bool, timeout: float, max_memory: int,
    no_triage: bool, pdf_engine: str, quiet: bool,
) -> None:
    """Read papers (PDF, Word, HTML, text) into the database.

    PATHS are files or folders (read recursively; inside folders, hidden
    files, README/LICENSE files, code, fonts and databases are left out).
    The format is found from each file's bytes, not its name. Exit status:
    0 when every document was read, 1 when any failed, 2 for a usage error.
    A run that is stopped can be started again with the same command:
    documents already stored are skipped.

    \b
    Example:
        planwatch ingest downloads/ --db plans.db --workers 2
    """
    _refuse_limits_without_workers(workers)
    settings = RunSettings(
        force=force, timeout=timeout, max_memory=max_memory,
        pdf_settings=_pdf_settings(no_triage=no_triage, engine=pdf_engine),
        **({} if workers is None else {"workers": workers}),
    )
    err = Console(stderr=True)
    files = list(discover(paths))  # listed once: the progress display counts them, the batch reads them
    if not files:
        raise click.ClickException(no_papers_message(paths, db_path))
    _check_db_folder(db_path)
    db = _open(db_path)
    display = _ProgressDisplay(err, len(files), quiet)
    with display as show:
        try:
            summary = run_batch(files, db, settings=settings, progress=show)
        except StoreError as e:
            raise click.ClickException(str(e)) from e
        except KeyboardInterrupt:
            err.print(
                f"stopped after {display.done} of {counted(len(files), 'file')}; every document stored so far is "
                "complete; run the same command again to finish the batch", highlight=False,
            )
            sys.exit(EXIT_INTERRUPTED)
        finally:
            db.close()  # on every way out: the heap is frozen at exit, so nothing else would close it
    Console().print(summary_table(summary))
    for path, message in summary.warnings:
        err.print(f"[yellow]skipped[/yellow] {path}: {message}", highlight=False, soft_wrap=True)
    for filename, error in summary.failures:
        err.print(f"[red]failed[/red] {filename}: {without_name(error, filename)}", highlight=False)
    sys.exit(1 if summary.statuses.get("failed") else 0)


def _refuse_limits_without_workers(workers: int | None) -> None:
    """Stop with a usage error (exit 2) when --timeout or --max-memory is given with --workers 0.

    Both limits are enforced on worker processes; with no worker process they
    could not be applied, and silently ignoring them would be a lie.
    """
    if workers != 0:
        return
    context = click.get_current_context()
    for name, option in (("timeout", "--timeout"), ("max_memory", "--max-memory")):
        if context.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT:
            raise click.UsageError(
                f"{option} applies to worker processes, and --workers 0 reads in this process, where it cannot "
                f"be applied; use --workers 1 to read in one worker process with the limit, or leave {option} out"
            )


class _ProgressDisplay:
    """A progress bar on a terminal; one plain line per document otherwise."""

    def __init__(self, console: Console, total: int, quiet: bool):
        self.console, self.total, self.quiet = console, total, quiet
        self.bar: Progress | None = None
        self.done = 0

    def __enter__(self):
        if not self.quiet and self.console.is_terminal:
            self.bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=self.console, transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("reading", total=self.total)
        return self.show

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()

    def show(self, event: Event) -> None:
        self.done += 1
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=event.path.name[:40])
            return
        status = event.status or event.kind
        detail = f" - {without_name(event.message, event.path.name)}" if event.message and status != "ok" else ""
        self.console.print(f"[{self.done}/{self.total}] {status} {event.path}{detail}", highlight=False, soft_wrap=True)


def no_papers_message(paths: tuple[Path, ...], db_path: Path) -> str:
    """RETURNS (str): what to say when the paths named hold no file to read (no database is created)."""
    named = ", ".join(str(path) for path in paths)
    return (
        f"no papers in {named}: no PDF, Word, HTML or text file to read (hidden files, README and LICENSE "
        f"files, code and databases are left out of folders); nothing was read and {db_path} was not created "
        "or changed"
    )


def _check_db_folder(db_path: Path) -> None:
    """A usage error (exit 2) naming the whole path when the database's folder does not exist."""
    folder = db_path.absolute().parent
    if not folder.is_dir():
        raise click.UsageError(
            f"--db {db_path}: the folder {folder} does not exist; create it first (mkdir -p {folder}) "
            "or choose another path with --db"
        )


def summary_table(summary: BatchSummary) -> Table:
    """RETURNS (Table): the end-of-run summary: documents by outcome, rows per table, speed."""
    table = Table(title="planwatch ingest", show_header=True)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for status in ("ok", "partial", "failed"):
        table.add_row(f"documents {status}", str(summary.statuses.get(status, 0)))
    table.add_row("documents skipped", str(summary.skipped))
    for name in ("priorities", "actions", "rag_key", "rag_counts", "indicators", "indicator_values", "problems"):
        table.add_row(f"rows {name}", str(summary.rows.get(name, 0)))
    table.add_row("pages", str(summary.pages))
    table.add_row("seconds", f"{summary.seconds:.1f}")
    table.add_row("pages per second", f"{summary.pages_per_second:.1f}")
    return table


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
def info(db_path: Path, as_json: bool) -> None:
    """Show what the database holds: rows per table, documents per council and kind, failures.

    \b
    Example:
        planwatch info --db plans.db
    """
    facts = report.info(_open(existing_db(db_path), read_only=True))
    if as_json:
        click.echo(json.dumps(facts, indent=2))
        return
    console = Console()
    for table in report.info_tables(facts):
        console.print(table)


def _open(db_path: Path, *, read_only: bool = False):
    """The database, or a clear message (exit 1) when it cannot be used."""
    try:
        return open_db(db_path, read_only=read_only)
    except StoreError as e:
        raise click.ClickException(str(e)) from e


for command in analyst_cli.COMMANDS:
    cli.add_command(command)


def main() -> None:
    """The `planwatch` console script."""
    try:
        cli(prog_name="planwatch")
    finally:
        # The process ends here: the interpreter's last garbage collection need
        # not walk every object of spaCy, pandas and the rest (a third of a second).
        gc.freeze()
