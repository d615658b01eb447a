"""The analyst's commands: `serve`, `compare rag`, `compare indicator`, `compare changes`, `compare measure`,
`export`.

Registered on the `planwatch` group by `planwatch.cli`. Commands are thin:
parse options, call the library, print. Tables and file lists go to stdout;
progress and errors go to stderr. Datasette, pandas and matplotlib are
imported only by the command that needs them, so `planwatch -h` stays quick.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import click
from rich.console import Console

from .options import database_errors, db_option, existing_db

WIDE_OUTPUT = 140
"""Columns for tables written to a file or pipe, where rich would otherwise assume 80."""

json_option = click.option("--json", "as_json", is_flag=True, help="print the rows as JSON instead of a table")


def _console() -> Console:
    console = Console()
    if not console.is_terminal:
        console.width = max(console.width, WIDE_OUTPUT)
    return console


@click.command()
@db_option
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True, help="port on 127.0.0.1")
def serve(db_path: Path, port: int) -> None:
    """Browse the database in Datasette on this machine (127.0.0.1), with facets, queries and charts.

    Opens the database read-only. The database page lists the canned queries
    (red and amber actions, RAG shares over time, an indicator across
    councils, overdue actions, what changed for a council's actions, one measure
    across councils);
    /-/dashboards/overview draws the charts.
    Stop with Ctrl-C.

    \b
    Example:
        planwatch serve --db plans.db --port 8001
    """
    from . import serve as serving

    with database_errors():
        ds = serving.make_datasette(existing_db(db_path))
    with socket.socket() as probe:
        if probe.connect_ex((serving.HOST, port)) == 0:
            raise click.ClickException(f"port {port} on {serving.HOST} is in use; choose another with --port")
    pages = serving.urls(db_path, port)
    click.echo(f"Serving {db_path} at {pages['database']} (charts: {pages['dashboard']}); Ctrl-C stops", err=True)
    serving.run(ds, port=port)


@click.group()
def compare() -> None:
    """Compare councils over time: RAG shares per paper, an indicator's values, one catalogue measure,
    or what changed for a council's actions.

    Each command prints a table and writes a PNG chart, whose path it prints last.

    \b
    Example:
        planwatch compare rag --council Rutland --council Halton
        planwatch compare indicator "foster households"
        planwatch compare changes Stockport --since 2024-10-01
        planwatch compare measure cla_rate
    """


@compare.command("rag")
@db_option
@click.option("--council", "councils", multiple=True, help="keep this council (repeat for more; any letter case)")
@click.option("--chart", "chart_path", type=click.Path(dir_okay=False, path_type=Path), default="rag-shares.png",
              show_default=True, help="where to write the chart (PNG)")
@json_option
def compare_rag(db_path: Path, councils: tuple[str, ...], chart_path: Path, as_json: bool) -> None:
    """RAG shares per council and paper date, as a table and a stacked bar chart (one panel per council).

    Shares are of rated items: a paper's rated actions, else its summary grid.

    \b
    Example:
        planwatch compare rag --db plans.db --council Rutland --chart rutland.png
    """
    from . import compare as comparing

    with database_errors():
        shares = comparing.rag_shares(existing_db(db_path), councils=list(councils) or None)
    if shares.empty:
        known = comparing.rag_shares(db_path)["council"].unique()
        raise click.ClickException(
            f"no papers with RAG statuses for {', '.join(councils) or 'any council'} in {db_path}; "
            f"councils with statuses: {', '.join(known) or 'none'}"
        )
    comparing.rag_chart(shares, chart_path)
    _print_result(comparing.rag_table(shares), shares, chart_path, as_json)


@compare.command("indicator")
@click.argument("text")
@db_option
@click.option("--chart", "chart_path", type=click.Path(dir_okay=False, path_type=Path), default="indicator.png",
              show_default=True, help="where to write the chart (PNG)")
@json_option
def compare_indicator(text: str, db_path: Path, chart_path: Path, as_json: bool) -> None:
    """An indicator's values across councils over time: every indicator whose name has all of TEXT's words.

    Words match their stems ('visit' finds 'visits'). When papers repeat a
    period, the latest paper's value is kept.

    \b
    Example:
        planwatch compare indicator "children in care" --db plans.db --chart care.png
    """
    from . import compare as comparing

    with database_errors():
        series = comparing.indicator_series(existing_db(db_path), text)
    if series.empty:
        raise click.ClickException(f"no indicator with dated values has a name matching '{text}' in {db_path}")
    comparing.indicator_chart(series, chart_path, title=f"Indicators matching '{text}'")
    _print_result(comparing.series_table(series), series, chart_path, as_json)


@compare.command("changes")
@click.argument("council")
@db_option
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="only changes into papers dated on or after this ISO date (YYYY-MM-DD)")
@click.option("--chart", "chart_path", type=click.Path(dir_okay=False, path_type=Path), default="action-changes.png",
              show_default=True, help="where to write the chart (PNG)")
@json_option
def compare_changes(council: str, db_path: Path, since, chart_path: Path, as_json: bool) -> None:
    """What changed for a council's actions from each paper to the next: new, dropped, newly red,
    completed, due date slipped, renumbered; and a chart of statuses per paper with the flows between them.

    Actions are followed from paper to paper by their key (actions.action_key),
    over the council's dated papers with actions.

    \b
    Example:
        planwatch compare changes Stockport --db plans.db --since 2024-10-01 --chart stockport.png
    """
    from . import compare_actions as comparing

    db = existing_db(db_path)
    since_text = since.date().isoformat() if since else None
    history = comparing.action_history(db, council, since=since_text)
    if history.empty:
        known = sorted(comparing.action_history_councils(db))
        raise click.ClickException(
            f"no dated papers with linked actions for {council}"
            f"{f' since {since_text}' if since_text else ''} in {db_path}; councils with some: {', '.join(known) or 'none'}"
        )
    changes = comparing.action_changes(db, council, since=since_text)
    name = history["council"].iloc[0]
    comparing.changes_chart(history, chart_path, title=f"{name}: actions by status per paper, and where each went next")
    _print_result(comparing.changes_table(changes, council=name), changes[comparing.CHANGE_COLUMNS], chart_path, as_json)


@compare.command("measure")
@click.argument("name")
@db_option
@click.option("--chart", "chart_path", type=click.Path(dir_okay=False, path_type=Path), default="measure.png",
              show_default=True, help="where to write the chart (PNG)")
@json_option
def compare_measure(name: str, db_path: Path, chart_path: Path, as_json: bool) -> None:
    """One catalogue measure across councils over time, whatever each paper calls it.

    NAME is a measure's id (cla_rate) or words of its name ('children looked
    after per 10,000'); the measures table lists them. One line per council;
    more than eight councils go to further panels. When papers repeat a
    period, the latest paper's value is kept.

    \b
    Example:
        planwatch compare measure cla_rate --db plans.db --chart cla-rate.png
        planwatch compare measure "re-referrals" --db plans.db
    """
    from . import compare as comparing

    try:
        measure, values = comparing.measure_series(existing_db(db_path), name)
    except LookupError as e:
        raise click.ClickException(str(e)) from None
    if values.empty:
        raise click.ClickException(f"no dated values of {measure['id']} ({measure['name']}) in {db_path}")
    comparing.measure_chart(measure, values, chart_path)
    _print_result(comparing.measure_table(measure, values), values, chart_path, as_json)


def _print_result(table, frame, chart_path: Path, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"rows": json.loads(frame.to_json(orient="records")), "chart": str(chart_path)}, indent=2))
        return
    console = _console()
    console.print(table)
    console.print(f"chart: {chart_path}", highlight=False, soft_wrap=True)


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), default="csv", show_default=True,
              help="file format")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="folder to write into (created when missing)")
def export_(db_path: Path, fmt: str, out_dir: Path) -> None:
    """Write every table and view to a folder, one file each: CSV, Parquet or JSON Lines.

    Prints one line per file: rows, then path.

    \b
    Example:
        planwatch export --db plans.db --format parquet --out exports/
    """
    from .export import export

    with database_errors():
        written = export(existing_db(db_path), out_dir, fmt=fmt)
    for one in written:
        click.echo(f"{one.rows}\t{one.path}")


COMMANDS = [serve, compare, export_]
"""Added to the `planwatch` group by `planwatch.cli`."""
