"""Comparisons across councils and over time: tables for the terminal and PNG charts.

    shares = rag_shares(db_path, councils=["Rutland"])   # one row per paper
    rag_chart(shares, Path("rag-shares.png"))            # stacked bars, one panel per council
    series = indicator_series(db_path, "foster households")
    indicator_chart(series, Path("indicator.png"))       # one line per council and indicator
    measure, values = measure_series(db_path, "cla_rate")  # one catalogue measure, every council
    measure_chart(measure, values, Path("measure.png"))  # one line per council

Charts are drawn with matplotlib's Agg canvas directly (no pyplot, no window,
no global state), so they render the same on a server as on a laptop.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from rich.table import Table
from planwatch._sqlite_utils import Database

from planwatch.store.fts import search_indicators
from planwatch.store.views import RATED

from . import frames
from .palette import RAG_COLOURS, STACK_ORDER
from .report import UNKNOWN

DPI = 120
PANEL_HEIGHT = 2.8
"""Inches per row of council panels."""
BAR_WIDTH_INCHES = 1.0
PANEL_MARGIN_INCHES = 1.3
MIN_BARS = 2
"""Panels leave room for at least this many papers, so that one paper is not one wide block."""
MAX_WIDTH_INCHES = 14.0
"""Council panels sit side by side up to this width, then wrap to a new row."""
LEGEND_LABEL_CHARS = 60
MAX_SERIES = 8
"""Lines one indicator panel draws at most; past this the panels are one per council and unit (#18)."""
PANELS_IN_ONE_COLUMN = 3
"""Indicator panels stacked in one column up to this many, then in two."""
UNDATED = "undated"
SERIES_KEY = ["council", "name", "period_end"]
"""One value per council, indicator and period: a later paper's value replaces an earlier one's."""
MAX_SERIES_PER_PANEL = 8
"""Lines one measure chart panel holds; more councils go to further panels below, on the same scale."""
MAX_CANDIDATES = 8
"""Measures an ambiguous name lists."""
POLARITY_NOTES = {"higher_is_better": " — higher is better", "lower_is_better": " — lower is better"}


def rag_shares(db_path: Path | str, *, councils: list[str] | None = None) -> pd.DataFrame:
    """RETURNS (pd.DataFrame): `v_rag_by_document` rows, by council then paper date.

    councils (list[str] | None): keep these councils only (any letter case); None keeps all.
    """
    frame = frames.load(db_path, "v_rag_by_document", dates=False)
    frame["council"] = frame["council"].fillna(UNKNOWN)
    if councils:
        wanted = {council.casefold() for council in councils}
        frame = frame[frame["council"].str.casefold().isin(wanted)]
    return frame.sort_values(["council", "doc_date", "filename"], na_position="last").reset_index(drop=True)


def indicator_series(db_path: Path | str, text: str) -> pd.DataFrame:
    """RETURNS (pd.DataFrame): dated values of every indicator whose name matches all words of `text`.

    Indicators that are the same catalogue measure as one that matches come
    too, whatever their wording (another council's 'fostering households'
    beside 'foster households'). One row per council, indicator name and
    period end; when several papers give a value for the same period, the
    latest paper's value is kept.
    """
    conn = frames.connect(db_path)
    try:
        ids = search_indicators(Database(conn), text)
        ids = [*ids, *_same_measure_ids(conn, ids)]
        series = frames.read(conn, "v_indicator_series", dates=False)
    finally:
        conn.close()
    series = series[series["indicator_id"].isin(ids) & series["value"].notna() & series["period_end"].notna()]
    series = series.assign(council=series["council"].fillna(UNKNOWN))
    series = series.sort_values([*SERIES_KEY, "doc_date"], na_position="first")
    series = series.drop_duplicates(SERIES_KEY, keep="last")
    columns = ["council", "name", "unit", "period", "period_end", "value", "value_raw", "doc_date", "filename"]
    return series[columns].sort_values(["name", "council", "period_end"]).reset_index(drop=True)


def _same_measure_ids(conn, ids: list[int]) -> list[int]:
    """Ids of the indicators that are the same catalogue measure as one of `ids`, and not among them."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    sql = (f"select id from indicators where measure in (select measure from indicators where id in ({marks}) "
           f"and measure is not null) and id not in ({marks}) order by id")
    return [row[0] for row in conn.execute(sql, [*ids, *ids]).fetchall()]


def rag_chart(shares: pd.DataFrame, path: Path) -> Path:
    """RETURNS (Path): `path`, a PNG of stacked RAG shares per paper, one panel per council."""
    councils = list(dict.fromkeys(shares["council"]))
    if not councils:
        raise ValueError("no RAG statuses to chart: the selection has no papers with rated actions or counts")
    slots = max(MIN_BARS, *(len(shares[shares["council"] == council]) for council in councils))
    panel_width = PANEL_MARGIN_INCHES + BAR_WIDTH_INCHES * slots
    ncols = max(1, min(len(councils), int(MAX_WIDTH_INCHES // panel_width)))
    nrows = math.ceil(len(councils) / ncols)
    fig = Figure(figsize=(ncols * panel_width, 1.2 + PANEL_HEIGHT * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, council in zip(axes, councils):
        _rag_panel(ax, shares[shares["council"] == council], council, slots=slots)
    for ax in axes[len(councils):]:
        ax.set_visible(False)
    fig.suptitle("Share of rated actions by status, per paper", fontsize=11)
    fig.legend(axes[0].containers, list(STACK_ORDER), loc="outside lower center", ncols=len(STACK_ORDER), frameon=False)
    return _save(fig, path)


def _rag_panel(ax, rows: pd.DataFrame, council: str, *, slots: int) -> None:
    positions = range(len(rows))
    bottom = [0.0] * len(rows)
    for rag in STACK_ORDER:
        heights = [100 * share for share in rows[f"{rag}_share"].fillna(0)]
        ax.bar(positions, heights, bottom=bottom, color=RAG_COLOURS[rag], width=0.6, label=rag)
        bottom = [b + h for b, h in zip(bottom, heights)]
    for x, rated in zip(positions, rows["rated"]):
        ax.text(x, 101, f"n={rated}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(list(positions), _paper_labels(rows), fontsize=8)
    ax.set_xlim(-0.5, slots - 0.5)
    ax.set_ylim(0, 112)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.set_ylabel("% of rated")
    ax.set_title(council, loc="left", fontsize=10, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)


def _paper_labels(rows: pd.DataFrame) -> list[str]:
    """Date and kind of each paper; papers alike in both get their file type, then a number."""
    dates = list(rows["doc_date"].fillna(UNDATED))
    kinds = [kind.replace("_", "\n") for kind in rows["kind"].fillna("")]
    labels = [f"{date}\n{kind}" for date, kind in zip(dates, kinds)]
    labels = _disambiguate(labels, [f"({Path(name).suffix.lstrip('.')})" for name in rows["filename"]])
    return _disambiguate(labels, [f"#{i}" for i in range(1, len(labels) + 1)])


def _disambiguate(labels: list[str], extras: list[str]) -> list[str]:
    repeated = {label for label in labels if labels.count(label) > 1}
    return [f"{label} {extra}" if label in repeated else label for label, extra in zip(labels, extras)]


def indicator_chart(series: pd.DataFrame, path: Path, *, title: str | None = None) -> Path:
    """RETURNS (Path): `path`, a PNG with one line per council and indicator, one panel per unit.

    More than `MAX_SERIES` lines would make one unreadable legend, so the
    panels are then one per council and unit, each drawing its `MAX_SERIES`
    indicators with most values and saying how many it leaves out (#18).
    """
    if series.empty:
        raise ValueError("no dated indicator values to chart")
    panels = indicator_panels(series)
    ncols = 1 if len(panels) <= PANELS_IN_ONE_COLUMN else 2
    nrows = math.ceil(len(panels) / ncols)
    fig = Figure(figsize=(10 * ncols, 1.5 + 3.6 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, (heading, rows) in zip(axes, panels):
        _indicator_panel(ax, rows, heading=heading)
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    if title:
        fig.suptitle(title, fontsize=11)
    return _save(fig, path)


def _indicator_panel(ax, rows: pd.DataFrame, *, heading: str) -> None:
    lines = sorted(rows.groupby(["council", "name"], sort=True), key=lambda item: -len(item[1]))
    for (council, name), line in sorted(lines[:MAX_SERIES], key=lambda item: item[0]):
        label = f"{council}: {name}"
        label = label if len(label) <= LEGEND_LABEL_CHARS else label[: LEGEND_LABEL_CHARS - 1] + "…"
        ax.plot(pd.to_datetime(line["period_end"]), line["value"], marker="o", label=label)
    left_out = len(lines) - MAX_SERIES
    note = f" ({MAX_SERIES} of {len(lines)} series: narrow the words to see the rest)" if left_out > 0 else ""
    ax.set_title(heading.replace("_", " ") + note, loc="left", fontsize=9)
    ax.set_ylabel(str(rows["unit"].iloc[0]).replace("_", " "))
    ax.set_xlabel("period end")
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelrotation=30)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)


def indicator_panels(series: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """RETURNS (list[tuple]): (heading, rows) of each panel: one per unit, or per council and unit past `MAX_SERIES` lines."""
    series = series.assign(unit=series["unit"].fillna("other"))
    keys = ["unit"] if len(series.groupby(["council", "name"])) <= MAX_SERIES else ["council", "unit"]
    return [(" · ".join(key), rows) for key, rows in series.groupby(keys, sort=True)]


# -- one catalogue measure across councils (#17) ------------------------------------------------


def find_measure(db_path: Path | str, text: str) -> dict:
    """RETURNS (dict): the catalogue measure `text` names: its id, else the one whose name has all its words.

    Raises LookupError naming the candidates when none or several measures fit.
    """
    catalogue = frames.load(db_path, "measures", dates=False)
    wanted = text.strip().casefold()
    rows = catalogue.to_dict("records")
    exact = [row for row in rows if wanted in (row["id"].casefold(), row["name"].casefold())]
    words = [word for word in re.split(r"[^\w-]+", wanted) if word]
    found = exact or [row for row in rows if words and all(_starts_a_word(word, row) for word in words)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise LookupError(f"no catalogue measure is called '{text}'; the measures table lists them all "
                          "(planwatch serve, or sqlite-utils rows DB measures)")
    listed = "; ".join(f"{row['id']} ({row['name']})" for row in found[:MAX_CANDIDATES])
    more = f" and {len(found) - MAX_CANDIDATES} more" if len(found) > MAX_CANDIDATES else ""
    raise LookupError(f"'{text}' fits {len(found)} measures: {listed}{more}; give one of their ids")


def _starts_a_word(word: str, row: dict) -> bool:
    """Whether `word` begins a word of the measure's name or id ('referrals' is not found in 're-referrals')."""
    haystack = f"{row['id'].replace('_', ' ')} {row['name']}".casefold()
    return re.search(rf"(?<![\w-]){re.escape(word)}", haystack) is not None


def measure_series(db_path: Path | str, text: str) -> tuple[dict, pd.DataFrame]:
    """RETURNS (tuple): the measure `text` names (`find_measure`) and its dated values in every council.

    One row per council, printed indicator name and period end; when several
    papers give a value for the same period, the latest paper's value is kept.
    A `series` column labels each line: the council, with the indicator's
    name when the council reports the measure under more than one name.
    """
    measure = find_measure(db_path, text)
    values = frames.load(db_path, "v_measure_across_councils", dates=False)
    values = values[(values["measure"] == measure["id"]) & values["value"].notna() & values["period_end"].notna()]
    values = values.assign(council=values["council"].fillna(UNKNOWN))
    key = ["council", "indicator_name", "period_end"]
    values = values.sort_values([*key, "doc_date"], na_position="first").drop_duplicates(key, keep="last")
    names = values.groupby("council")["indicator_name"].transform("nunique")
    series = values["council"].where(names <= 1, values["council"] + ": " + values["indicator_name"])
    values = values.assign(series=series)
    columns = ["series", "council", "indicator_name", "unit", "period", "period_end", "value", "value_raw",
               "doc_date", "filename"]
    return measure, values[columns].sort_values(["council", "indicator_name", "period_end"]).reset_index(drop=True)


def measure_chart(measure: dict, values: pd.DataFrame, path: Path) -> Path:
    """RETURNS (Path): `path`, a PNG with one line per council; past `MAX_SERIES_PER_PANEL` lines, more panels."""
    if values.empty:
        raise ValueError(f"no dated values of {measure['id']} to chart")
    labels = sorted(values["series"].unique())
    groups = [labels[i:i + MAX_SERIES_PER_PANEL] for i in range(0, len(labels), MAX_SERIES_PER_PANEL)]
    fig = Figure(figsize=(10, 1.5 + 3.4 * len(groups)), layout="constrained")
    axes = fig.subplots(len(groups), 1, squeeze=False, sharex=True, sharey=True)[:, 0]
    for ax, group in zip(axes, groups):
        for label in group:
            line = values[values["series"] == label]
            short = label if len(label) <= LEGEND_LABEL_CHARS else label[: LEGEND_LABEL_CHARS - 1] + "…"
            ax.plot(pd.to_datetime(line["period_end"]), line["value"], marker="o", label=short)
        ax.set_ylabel(f"{measure['unit'].replace('_', ' ')}")
        ax.grid(alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        ax.tick_params(axis="x", labelrotation=30)
    axes[-1].set_xlabel("period end")
    better = POLARITY_NOTES.get(measure.get("polarity") or "", "")
    fig.suptitle(f"{measure['name']} ({measure['id']}){better}", fontsize=11)
    return _save(fig, path)


def measure_table(measure: dict, values: pd.DataFrame) -> Table:
    """RETURNS (Table): one measure's values per council and period, with each indicator's printed name."""
    table = Table(title=f"{measure['name']} ({measure['id']}, {measure['unit']}) per council and period")
    for column in ("council", "indicator as printed", "period", "period end", "value", "as printed", "paper date"):
        table.add_column(column, justify="right" if column == "value" else "left")
    for row in values.to_dict("records"):
        table.add_row(row["council"], row["indicator_name"], row["period"], row["period_end"], f"{row['value']:g}",
                      _text(row["value_raw"]), _text(row["doc_date"]))
    return table


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    FigureCanvasAgg(fig)
    fig.savefig(path, dpi=DPI, format="png")
    return path


def rag_table(shares: pd.DataFrame) -> Table:
    """RETURNS (Table): RAG shares (% of rated) per council and paper, for the terminal."""
    table = Table(title="RAG shares per council and paper (% of rated)")
    for column in ("council", "date", "kind", *RATED, "n rated", "counted from"):
        table.add_column(column, justify="right" if column in (*RATED, "n rated") else "left", no_wrap=True)
    for row in shares.to_dict("records"):
        cells = [_percent(row[f"{rag}_share"]) for rag in RATED]
        table.add_row(row["council"], _text(row["doc_date"]) or UNDATED, _text(row["kind"]).replace("_", " "),
                      *cells, str(row["rated"]), row["source"])
    return table


def series_table(series: pd.DataFrame) -> Table:
    """RETURNS (Table): matching indicators' values per council and period, for the terminal."""
    table = Table(title="Indicator values per council and period")
    for column in ("indicator", "council", "period end", "value", "as printed", "paper date"):
        table.add_column(column, justify="right" if column == "value" else "left")
    for row in series.to_dict("records"):
        table.add_row(row["name"], row["council"], row["period_end"], f"{row['value']:g}",
                      _text(row["value_raw"]), _text(row["doc_date"]))
    return table


def _percent(share) -> str:
    return "–" if _text(share) == "" else f"{100 * share:.0f}%"  # a grid of zeros has no shares


def _text(value) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)
