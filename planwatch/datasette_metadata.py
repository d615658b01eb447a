"""Datasette metadata for a planwatch database: descriptions, facets, canned queries, dashboards.

    metadata = datasette_metadata("planwatch")   # the database's name in Datasette (the file stem)

Descriptions come from `descriptions.toml`; a view column that repeats a table
column borrows that column's description. Canned queries take a council or
words typed into a form; the dashboard draws with Vega-Lite through the
datasette-dashboards plugin, whose scripts are installed with it (no network).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from planwatch.store import META_TABLE
from planwatch.store.schema import TABLES
from planwatch.store.views import VIEWS

from .palette import RAG_COLOURS, STACK_ORDER

TITLE = "planwatch"
DESCRIPTION = "Councils' children's services improvement plans, progress and performance reports, as one database."
DASHBOARD = "overview"
DATABASE_HTML = (
    "Tables hold what each paper says; views (<code>v_…</code>) join them for comparison. "
    '<a href="/-/dashboards/{dashboard}">Charts: the overview dashboard</a>.'
)

MAX_SERIES = 8
"""Lines one indicator panel draws at most: a legend longer than this cannot be read (#18)."""

FACETS: dict[str, list[str]] = {
    "documents": ["council", "kind", "status", "format"],
    "actions": ["rag"],
    "rag_key": ["rag"],
    "rag_counts": ["rag"],
    "indicators": ["unit", "rag", "measure"],
    "measures": ["unit", "polarity", "source"],
    "indicator_values": ["status"],
    "problems": ["stage", "code", "severity"],
    "v_papers": ["council", "kind", "status", "format"],
    "v_actions": ["council", "kind", "rag"],
    "v_rag_by_document": ["council", "kind", "source"],
    "v_indicator_series": ["council", "unit", "status"],
    "v_overdue_actions": ["council", "rag"],
    "v_action_history": ["council", "rag", "action_key_method"],
    "v_action_changes": ["council", "change"],
    "v_measure_across_councils": ["measure", "council", "unit"],
    "v_recommendation_coverage": ["council", "framework", "answered"],
}
"""Facets shown above each table: the columns an analyst narrows by first."""

VIEW_SOURCES: dict[str, list[str]] = {
    "v_papers": ["documents"],
    "v_actions": ["actions", "documents"],
    "v_rag_by_document": ["documents"],
    "v_indicator_series": ["indicator_values", "indicators", "documents"],
    "v_overdue_actions": ["actions", "documents"],
    "v_action_history": ["actions", "documents"],
    "v_action_changes": ["documents"],
    "v_measure_across_councils": ["indicator_values", "indicators", "documents"],
    "v_recommendation_coverage": ["recommendations", "inspections", "documents"],
}
"""Where a view column without its own description borrows one, first table first."""

_COUNCIL_MATCH = "(:council = '' or lower(council) = lower(:council))"

QUERIES: dict[str, dict[str, str]] = {
    "red_amber_actions": {
        "title": "Red and amber actions by council",
        "description": "Actions rated red or amber; leave council empty for every council.",
        "sql": f"""select council, doc_date, kind, ref, action, lead, due_raw, rag, progress, filename, page
from v_actions
where rag in ('red', 'amber') and {_COUNCIL_MATCH}
order by council, doc_date desc, rag = 'amber', ref""",
    },
    "rag_shares_over_time": {
        "title": "RAG shares over time for one council",
        "description": "Each paper's share of rated items per status, oldest first.",
        "sql": """select doc_date, kind, filename, source, rated,
    round(100 * red_share, 1) as red_pct, round(100 * amber_share, 1) as amber_pct,
    round(100 * green_share, 1) as green_pct, round(100 * complete_share, 1) as complete_pct
from v_rag_by_document
where lower(council) = lower(:council)
order by doc_date, filename""",
    },
    "indicator_across_councils": {
        "title": "An indicator across councils",
        "description": "Dated values of every indicator whose name contains the words typed, per council.",
        "sql": """select council, name, period, period_end, value, value_raw, unit, doc_date, filename
from v_indicator_series
where name like '%' || :text || '%' and value is not null
order by name, council, period_end""",
    },
    "overdue_actions": {
        "title": "Overdue actions",
        "description": "Actions due before their paper's date and not complete, longest overdue first.",
        "sql": f"""select council, doc_date, ref, action, lead, due_raw, due_date, rag, days_overdue, filename
from v_overdue_actions
where {_COUNCIL_MATCH}
order by days_overdue desc, council, ref""",
    },
    "recommendation_coverage": {
        "title": "Inspection recommendations and the plans that answer them",
        "description": "Each recommendation of each inspection, with what answers it; those no plan answers first. "
                       "Leave council empty for every council.",
        "sql": f"""select council, published, framework, number, section, text, answered, answered_by, methods,
    best_score, filename, page
from v_recommendation_coverage
where {_COUNCIL_MATCH}
order by council, published desc, answered, cast(number as integer), number""",
    },
}
"""Canned queries: each one a page with a form for its parameters."""

# -- the same action over time (#17) --

CHANGE_COLOURS = {
    "new": "#7f7f7f", "dropped": "#c7c7c7", "newly_red": RAG_COLOURS["red"], "completed": RAG_COLOURS["complete"],
    "due_date_slipped": RAG_COLOURS["amber"], "renumbered": "#9467bd",
}
"""Colour per kind of change in the dashboard's changes panel; a status's own colour where there is one."""

QUERIES["action_changes"] = {
    "title": "What changed for the actions of a council, paper by paper",
    "description": "Actions new, dropped, newly red, completed, due later or renumbered since the council's paper "
                   "before; since is an ISO date (leave empty for every paper).",
    "sql": """select doc_date, previous_date, change, ref, previous_ref, action, lead, previous_rag, rag,
    previous_due_date, due_date, action_key, paper, previous_paper
from v_action_changes
where lower(council) = lower(:council) and (:since = '' or doc_date >= :since)
order by doc_date, change_order, coalesce(ref, previous_ref)""",
}


def _action_changes_chart(database: str, council_clause: str) -> dict:
    """RETURNS (dict): the dashboard panel counting each kind of change per council and paper."""
    return {
        "title": "What changed for actions since each council's paper before",
        "db": database,
        "query": "select council, council || ' ' || doc_date as paper, change, change_order, count(*) as actions "
                 f"from v_action_changes where true {council_clause} "
                 "group by council, doc_date, change order by council, doc_date, change_order",
        "library": "vega-lite",
        "display": {
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "x": {"field": "paper", "type": "nominal", "title": None, "axis": {"labelAngle": -30}},
                "xOffset": {"field": "change", "sort": list(CHANGE_COLOURS)},
                "y": {"field": "actions", "type": "quantitative", "title": "actions", "axis": {"tickMinStep": 1}},
                "color": {"field": "change", "type": "nominal",
                          "scale": {"domain": list(CHANGE_COLOURS), "range": list(CHANGE_COLOURS.values())}},
            },
            "width": 520,
            "height": 160,
        },
    }


QUERIES["measure_across_councils"] = {
    "title": "One measure across councils",
    "description": "Values of one catalogue measure in every council, whatever each paper calls it. "
                   "Type its id (cla_rate) or words of its name; the measures table lists them.",
    "sql": """select council, paper, period, period_end, value, value_raw, unit, indicator_name, measure, measure_name, filename
from v_measure_across_councils
where (measure = :measure or lower(measure_name) like '%' || lower(:measure) || '%') and value is not null
order by measure, council, period_end, paper""",
}
"""The measure across councils (#17), kept apart so other queries merge in beside it."""


@cache
def descriptions() -> dict:
    """RETURNS (dict): the parsed `descriptions.toml`."""
    text = resources.files("planwatch").joinpath("descriptions.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["tables"]


def column_descriptions(name: str, columns: list[str]) -> dict[str, str]:
    """RETURNS (dict[str, str]): column -> description for one table or view, where one is known."""
    own = descriptions().get(name, {}).get("columns", {})
    found = {}
    for column in columns:
        text = own.get(column) or next(
            (descriptions()[source]["columns"][column] for source in VIEW_SOURCES.get(name, [])
             if column in descriptions()[source]["columns"]),
            None,
        )
        if text:
            found[column] = text
    return found


def datasette_metadata(database: str, *, columns: dict[str, list[str]] | None = None) -> dict:
    """RETURNS (dict): Datasette metadata for the planwatch database called `database`.

    columns (dict | None): table or view -> its columns, for the column
        descriptions; the contract's columns when None (views then get their own only).
    """
    columns = columns or {name: list(spec["columns"]) for name, spec in TABLES.items()}
    tables = {}
    for name in (*TABLES, *VIEWS):
        entry = {"description": descriptions()[name]["description"]}
        names = columns.get(name) or list(descriptions()[name].get("columns", {}))
        entry["columns"] = column_descriptions(name, names)
        if name in FACETS:
            entry["facets"] = FACETS[name]
        tables[name] = entry
    tables["documents"]["label_column"] = "filename"
    tables[META_TABLE] = {"hidden": True}
    database_entry = {"description_html": DATABASE_HTML.format(dashboard=DASHBOARD), "tables": tables, "queries": QUERIES}
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "databases": {database: database_entry},
        "plugins": {"datasette-dashboards": {DASHBOARD: dashboard(database)}},
    }


def dashboard(database: str) -> dict:
    """RETURNS (dict): the overview dashboard: counts, RAG shares per paper, overdue actions, an indicator, a measure."""
    board = {
        "title": "planwatch overview",
        "description": "Progress across councils and over time. Pick a council, or type words of an indicator's name.",
        "layout": [["papers", "actions", "overdue"], ["rag-shares", "rag-shares", "rag-shares"],
                   ["indicator", "indicator", "overdue-by-council"],
                   ["action-changes", "action-changes", "action-changes"],
                   ["recommendations", "recommendations", "recommendations"]],
        "filters": {
            "council": {"name": "Council", "type": "select", "db": database,
                        "query": "select distinct council from documents where council is not null order by council"},
            "indicator": {"name": "Indicator name contains", "type": "text"},
        },
        "charts": _charts(database),
    }
    return _with_measure_panel(board, database)


def _with_measure_panel(board: dict, database: str) -> dict:
    """The dashboard with a row charting one catalogue measure across councils (#17)."""
    board["layout"] = [*board["layout"], ["measure", "measure", "measure"]]
    board["filters"] = {**board["filters"], "measure": {
        "name": "Measure", "type": "select", "db": database,
        "query": "select distinct measure from v_measure_across_councils order by measure"}}
    board["charts"] = {**board["charts"], "measure": {
        "title": "One measure across councils (pick a measure above)",
        "db": database,
        "query": "select council, measure_name, period_end, value from v_measure_across_councils "
                 "where value is not null and period_end is not null [[ and measure = :measure ]] "
                 "[[ and council = :council ]] order by period_end",
        "library": "vega-lite",
        "display": {
            "mark": {"type": "line", "point": True, "tooltip": True},
            "encoding": {"x": {"field": "period_end", "type": "temporal", "title": "period end"},
                         "y": {"field": "value", "type": "quantitative"},
                         "color": {"field": "council", "type": "nominal", "legend": {"orient": "bottom"}},
                         "facet": {"field": "measure_name", "type": "nominal", "columns": 2, "title": None}},
            "width": 360,
            "height": 160,
            "resolve": {"scale": {"y": "independent"}},
        },
    }}
    return board


def _charts(database: str) -> dict:
    council = "[[ and council = :council ]]"
    return {
        "action-changes": _action_changes_chart(database, council),
        "papers": _metric(database, "Papers read (each once)",
                          f"select count(*) as n from v_papers where status != 'failed' {council}"),
        "actions": _metric(database, "Actions", f"select count(*) as n from v_actions where true {council}"),
        "overdue": _metric(database, "Overdue actions", f"select count(*) as n from v_overdue_actions where true {council}"),
        "rag-shares": {
            "title": "Share of rated items by status, per paper",
            "db": database,
            "query": _rag_long_sql(council),
            "library": "vega-lite",
            "display": _rag_spec(),
        },
        "overdue-by-council": {
            "title": "Overdue actions per council",
            "db": database,
            "query": f"select council, count(*) as overdue from v_overdue_actions where true {council} "
                     "group by council order by overdue desc",
            "library": "vega-lite",
            "display": {
                "mark": {"type": "bar", "tooltip": True, "color": RAG_COLOURS["red"]},
                "encoding": {"y": {"field": "council", "type": "nominal", "sort": "-x"},
                             "x": {"field": "overdue", "type": "quantitative", "title": "overdue actions"}},
            },
        },
        "recommendations": {
            "title": "Inspection recommendations answered by a plan, per council (latest inspection)",
            "db": database,
            "query": _coverage_sql(council),
            "library": "vega-lite",
            "display": _coverage_spec(),
        },
        "indicator": {
            "title": f"Indicator values over time, one panel per council and unit (at most {MAX_SERIES} series each; "
                     "type words of a name to choose)",
            "db": database,
            "query": _indicator_sql(council),
            "library": "vega-lite",
            "display": _indicator_spec(),
        },
    }


def _coverage_sql(council_clause: str) -> str:
    """Recommendations of each council's latest inspection, answered or not, with the count behind each bar."""
    return (
        "with latest as (select council, max(coalesce(published, inspection_end)) as published "
        f"from v_recommendation_coverage where true {council_clause} group by council) "
        "select c.council, case when c.answered then 'answered by a plan' else 'no plan answers it' end as coverage, "
        "count(*) as recommendations, c.council || ' (n = ' || sum(count(*)) over (partition by c.council) || ')' "
        "as label from v_recommendation_coverage c join latest l on l.council = c.council "
        "and coalesce(c.published, c.inspection_end) is l.published group by c.council, c.answered order by c.council"
    )


def _coverage_spec() -> dict:
    return {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "title": None},
            "x": {"field": "recommendations", "type": "quantitative", "stack": "zero", "title": "recommendations"},
            "color": {"field": "coverage", "type": "nominal",
                      "scale": {"domain": ["answered by a plan", "no plan answers it"],
                                "range": [RAG_COLOURS["green"], RAG_COLOURS["red"]]}},
        },
        "width": 520,
        "height": {"step": 28},
    }


def _metric(database: str, title: str, sql: str) -> dict:
    return {"title": title, "db": database, "query": sql, "library": "metric", "display": {"field": "n"}}


def _rag_long_sql(council_clause: str) -> str:
    # The view counts a plan read as PDF and as Word once (#18); two other papers of
    # one council on one date get #1, #2. Each label says how many items its shares
    # are of, so one rated action at 100% says so.
    papers = (
        "with papers as (select *, coalesce(doc_date, 'undated') || case "
        "when count(*) over (partition by council, doc_date) > 1 "
        "then ' #' || row_number() over (partition by council, doc_date order by filename) else '' end "
        "|| ' (n=' || rated || ')' as label "
        f"from v_rag_by_document where true {council_clause})\n"
    )
    parts = [
        f"select council, label, paper, filename, kind, '{rag}' as status, {order} as stack, "
        f"round(100 * {rag}_share, 1) as share, {rag} as items, rated from papers"
        for order, rag in enumerate(STACK_ORDER)
    ]
    return papers + "\nunion all\n".join(parts) + "\norder by council, label, stack"


def _indicator_sql(council_clause: str) -> str:
    """Dated values, one panel per council and unit, keeping the `MAX_SERIES` series with most values in each.

    A word typed into the filter narrows the indicators first; without one,
    every council's indicators would make one unreadable legend (#18).
    """
    return (
        "with v as (select council, name, coalesce(unit, 'other') as unit, period_end, value, paper "
        "from v_indicator_series where value is not null and period_end is not null "
        f"[[ and name like '%' || :indicator || '%' ]] {council_clause}),\n"
        "series as (select council, unit, name, count(*) as n from v group by 1, 2, 3),\n"
        "ranked as (select *, row_number() over (partition by council, unit order by n desc, name) as rank, "
        "count(*) over (partition by council, unit) as in_panel from series)\n"
        "select coalesce(v.council, '(no council)') || ' · ' || v.unit || case when r.in_panel > "
        f"{MAX_SERIES} then ' (' || {MAX_SERIES} || ' of ' || r.in_panel || ' series)' else '' end as panel, "
        "v.name as series, v.period_end, v.value, v.paper from v join ranked r "
        "on r.council is v.council and r.unit = v.unit and r.name = v.name "
        f"where r.rank <= {MAX_SERIES} order by panel, series, v.period_end"
    )


def _indicator_spec() -> dict:
    return {
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {"x": {"field": "period_end", "type": "temporal", "title": "period end"},
                     "y": {"field": "value", "type": "quantitative"},
                     "color": {"field": "series", "type": "nominal",
                               "legend": {"orient": "bottom", "labelLimit": 400, "columns": 1}},
                     "facet": {"field": "panel", "type": "nominal", "columns": 2, "title": None}},
        "width": 300,
        "height": 160,
        "resolve": {"scale": {"y": "independent", "color": "independent"}, "legend": {"color": "independent"}},
    }


def _rag_spec() -> dict:
    return {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": "label", "type": "nominal", "title": None, "axis": {"labelAngle": -30}},
            "y": {"field": "share", "type": "quantitative", "stack": "zero", "title": "% of rated (n under each bar)",
                  "scale": {"domain": [0, 100]}},
            "color": {"field": "status", "type": "nominal",
                      "scale": {"domain": list(STACK_ORDER), "range": [RAG_COLOURS[r] for r in STACK_ORDER]}},
            "order": {"field": "stack", "type": "quantitative"},
            "tooltip": [{"field": "paper"}, {"field": "status"}, {"field": "share", "title": "% of rated"},
                        {"field": "items"}, {"field": "rated", "title": "n (rated items)"}],
            "facet": {"field": "council", "type": "nominal", "columns": 4, "title": None},
        },
        "width": {"step": 44},
        "height": 160,
        "resolve": {"scale": {"x": "independent"}},
    }
