"""One council's actions over time: what changed from paper to paper, as a table and a flow chart.

    history = action_history(db_path, "Stockport", since="2024-10-01")
    changes = action_changes(db_path, "Stockport", since="2024-10-01")
    changes_chart(history, Path("changes.png"))   # statuses per paper, with the flows between them

Both read the views `v_action_history` and `v_action_changes` (see
docs/views.md): actions are followed by `action_key`. The papers compared are
the council's dated papers with actions, one copy of each (`same_as`), in the
order the views number them. `since` keeps the papers from that date on and
the paper just before the first of them, so the first change shown is the
one into the first paper after `since`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from rich.table import Table

from . import frames
from .compare import _paper_labels, _save, _text
from .palette import RAG_COLOURS, STACK_ORDER

UNRATED = "unrated"
FLOW_STATUSES = (*STACK_ORDER, UNRATED)
"""Bottom to top in each paper's bar: what is done forms the base, unrated rows sit on top."""
FLOW_COLOURS = {**RAG_COLOURS, UNRATED: "#bdbdbd"}
BAR_WIDTH = 0.18
"""Width of a paper's bar, in the gap between two papers (1.0)."""
FLOW_ALPHA = 0.35
FLOW_STEPS = 40
"""Points along each band's curve."""
INCHES_PER_PAPER = 2.4
CHANGE_COLUMNS = ["doc_date", "change", "ref", "previous_ref", "previous_rag", "rag", "previous_due_date", "due_date",
                  "action", "action_key"]


def action_history(db_path: Path | str, council: str, *, since: str | None = None) -> pd.DataFrame:
    """RETURNS (pd.DataFrame): the council's `v_action_history` rows on the papers compared, in paper order.

    council (str): any letter case. since (str | None): an ISO date, see the module docstring.
    """
    history = frames.load(db_path, "v_action_history", dates=False)
    history = history[history["council"].str.casefold() == council.casefold()]
    history = history[history["doc_date"].notna() & history["same_as"].isna()]
    if since:
        history = history[history["paper_seq"] >= _first_seq(history, since)]
    return history.sort_values(["paper_seq", "action_id"]).reset_index(drop=True)


def action_history_councils(db_path: Path | str) -> set[str]:
    """RETURNS (set[str]): councils with dated papers whose actions are linked."""
    history = frames.load(db_path, "v_action_history", dates=False)
    return set(history.loc[history["doc_date"].notna(), "council"].dropna())


def _first_seq(history: pd.DataFrame, since: str) -> int:
    """The paper just before the first paper dated on or after `since` (or that first paper)."""
    seqs = sorted(set(history["paper_seq"]))
    after = [seq for seq in seqs if history.loc[history["paper_seq"] == seq, "doc_date"].iloc[0] >= since]
    if not after:
        return max(seqs, default=0) + 1
    index = seqs.index(after[0])
    return seqs[max(index - 1, 0)]


def action_changes(db_path: Path | str, council: str, *, since: str | None = None) -> pd.DataFrame:
    """RETURNS (pd.DataFrame): the council's `v_action_changes` rows (later paper on or after `since`), in order."""
    changes = frames.load(db_path, "v_action_changes", dates=False)
    changes = changes[changes["council"].str.casefold() == council.casefold()]
    if since:
        changes = changes[changes["doc_date"] >= since]
    changes = changes.assign(_ref=changes["ref"].fillna(changes["previous_ref"]))
    return changes.sort_values(["doc_date", "change_order", "_ref"]).drop(columns="_ref").reset_index(drop=True)


def changes_table(changes: pd.DataFrame, *, council: str) -> Table:
    """RETURNS (Table): one line per change, for the terminal."""
    table = Table(title=f"{council}: what changed for its actions, paper by paper")
    for column in ("paper date", "since", "change", "ref", "was", "status", "due", "action"):
        table.add_column(column, overflow="fold")
    for row in changes.to_dict("records"):
        ref = _text(row["ref"]) or _text(row["previous_ref"])
        was = _was(row)
        table.add_row(row["doc_date"], _text(row["previous_date"]), row["change"].replace("_", " "), ref, was,
                      _text(row["rag"]), _text(row["due_date"]), _short(_text(row["action"])))
    return table


def _was(row: dict) -> str:
    """What the action was in the earlier paper, for the change shown."""
    if row["change"] == "due_date_slipped":
        return f"due {_text(row['previous_due_date'])}"
    if row["change"] == "renumbered":
        return f"ref {_text(row['previous_ref'])}"
    if row["change"] in ("newly_red", "completed", "dropped"):
        return _text(row["previous_rag"]) or UNRATED
    return ""


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- the flow chart ------------------------------------------------------------------------------


def status_flows(history: pd.DataFrame) -> tuple[list[Counter], list[Counter]]:
    """RETURNS (tuple): per paper, actions per status; per pair of consecutive papers, actions per
    (status before, status after), with `new` before and `dropped` after for actions in one paper only.
    """
    papers = [rows for _, rows in history.groupby("paper_seq", sort=True)]
    statuses = [dict(zip(rows["action_key"], rows["rag"].fillna(UNRATED))) for rows in papers]
    counts = [Counter(status.values()) for status in statuses]
    flows = []
    for before, after in zip(statuses, statuses[1:]):
        flow = Counter((before.get(key, "new"), after.get(key, "dropped")) for key in {*before, *after})
        flows.append(flow)
    return counts, flows


def changes_chart(history: pd.DataFrame, path: Path, *, title: str | None = None) -> Path:
    """RETURNS (Path): `path`, a PNG of each paper's actions by status, with bands for where they went next."""
    if history.empty:
        raise ValueError("no actions to chart: the council has no dated papers with linked actions in the selection")
    counts, flows = status_flows(history)
    papers = history.drop_duplicates("paper_seq")
    fig = Figure(figsize=(max(4.0, INCHES_PER_PAPER * len(counts)), 4.6), layout="constrained")
    ax = fig.subplots()
    bars = [_segments(count) for count in counts]
    for x, (count, segments) in enumerate(zip(counts, bars)):
        for status, (bottom, top) in segments.items():
            ax.bar(x, top - bottom, bottom=bottom, width=BAR_WIDTH, color=FLOW_COLOURS[status], edgecolor="white")
    for x, flow in enumerate(flows):
        _draw_flows(ax, x, flow, bars[x], bars[x + 1])
    for x, count in enumerate(counts):
        note = _bar_note(flows[x - 1] if x else None)
        ax.text(x, sum(count.values()) + 0.3, f"n={sum(count.values())}{note}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(counts)), _paper_labels(papers), fontsize=8)
    ax.set_xlim(-0.5, len(counts) - 0.5)
    ax.set_ylim(0, max(sum(count.values()) for count in counts) * 1.18 + 1)
    ax.set_ylabel("actions")
    ax.spines[["top", "right"]].set_visible(False)
    handles = [Patch(color=FLOW_COLOURS[status], label=status) for status in FLOW_STATUSES]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False)
    fig.suptitle(title or "Actions by status per paper, and where each went next", fontsize=11)
    return _save(fig, path)


def _segments(count: Counter) -> dict[str, tuple[float, float]]:
    """Status -> (bottom, top) of its part of a paper's bar."""
    segments, bottom = {}, 0.0
    for status in FLOW_STATUSES:
        if count[status]:
            segments[status] = (bottom, bottom + count[status])
            bottom += count[status]
    return segments


def _draw_flows(ax, x: int, flow: Counter, left: dict, right: dict) -> None:
    """Bands from paper `x`'s statuses to paper `x + 1`'s, for the actions in both."""
    out_at = {status: bottom for status, (bottom, _) in left.items()}
    in_at = {status: bottom for status, (bottom, _) in right.items()}
    order = {status: i for i, status in enumerate(FLOW_STATUSES)}
    # In source then target order, each status sends its bands out in target order and takes them in
    # in source order, so no two bands cross at a bar.
    pairs = sorted((pair for pair in flow if pair[0] != "new" and pair[1] != "dropped"),
                   key=lambda pair: (order[pair[0]], order[pair[1]]))
    for source, target in pairs:
        n = flow[source, target]
        y0, y1 = out_at[source], in_at[target]
        out_at[source] += n
        in_at[target] += n
        _band(ax, x + BAR_WIDTH / 2, x + 1 - BAR_WIDTH / 2, (y0, y0 + n), (y1, y1 + n), FLOW_COLOURS[source])


def _band(ax, x0: float, x1: float, start: tuple[float, float], end: tuple[float, float], colour: str) -> None:
    t = np.linspace(0, 1, FLOW_STEPS)
    ease = (1 - np.cos(np.pi * t)) / 2
    xs = x0 + (x1 - x0) * t
    lower = start[0] + (end[0] - start[0]) * ease
    upper = start[1] + (end[1] - start[1]) * ease
    ax.fill_between(xs, lower, upper, color=colour, alpha=FLOW_ALPHA, linewidth=0)


def _bar_note(flow: Counter | None) -> str:
    if flow is None:
        return ""
    new = sum(n for (source, _), n in flow.items() if source == "new")
    dropped = sum(n for (_, target), n in flow.items() if target == "dropped")
    parts = [f"+{new} new"] * bool(new) + [f"−{dropped} dropped"] * bool(dropped)
    return f"\n{', '.join(parts)}" if parts else ""
