"""Views over the contract tables: the joins analysts would otherwise write themselves.

    ensure_views(db)                       # called by `ensure_schema`
    db.execute("select * from v_rag_by_document")

Each view is defined here once, by name. Whenever the schema is ensured, the
views are re-created if any definition in the database differs from this
module's, so a changed definition reaches every existing database on its next
open. `docs/views.md` documents every column; `VIEWS` keeps the order in which
they are listed there and exported.
"""

from __future__ import annotations

from planwatch._sqlite_utils import Database

from .action_views import ACTION_COMPUTED_TYPES, ACTION_VIEWS

RATED = ("red", "amber", "green", "complete")
"""The canonical statuses counted in RAG shares; `new` and `total` grid rows are not statuses."""

GRID_TOTAL_GROUP = "total"
"""A `rag_counts` group whose name, trimmed and lower-cased, is this is the grid's own total row."""

# The same paper as Word and as PDF, or re-saved, is several documents; only
# the one counted (same_as NULL, see store/same_paper.py) is a paper here. A
# document whose same_as names a document no longer there is counted too, so
# deleting the counted copy never hides the paper (#18).
_COUNTED = """
    d.same_as is null
    or not exists (select 1 from documents c where c.id = d.same_as and c.status != 'failed')"""

PAPER_LABEL = """
    coalesce(d.council, '(no council)') || ' ' || coalesce(d.doc_date, 'undated') || ': '
        || coalesce(nullif(trim(d.title), ''), d.filename)"""
"""A paper as people name it: council, date and title (the file name when it has no title) (#18)."""

V_PAPERS = f"""
select
    d.id as document_id,{PAPER_LABEL} as paper,
    d.council,
    d.council_code,
    d.doc_date,
    d.kind,
    d.title as document_title,
    d.filename,
    d.format,
    d.status,
    (select count(*) from documents o where o.same_as = d.id) + 1 as copies
from documents d
where {_COUNTED}
"""

_DOCUMENT_COLUMNS = """
    d.paper,
    d.council,
    d.council_code,
    d.doc_date,
    d.kind,
    d.document_title,
    d.filename"""

V_ACTIONS = f"""
select
    a.id as action_id,{_DOCUMENT_COLUMNS},
    a.ref,
    a.priority,
    a.outcome,
    a.action,
    a.lead,
    a.due_raw,
    a.due_date,
    a.rag_raw,
    a.rag,
    a.progress,
    a.page,
    a.document_id
from actions a
join v_papers d on d.document_id = a.document_id
"""

# A paper's distribution comes from its action rows when at least one of them
# carries a status, else from its summary grid: the grid's Total group when it
# prints one, else the sum over its groups. A plan whose action table has no
# status column says nothing about progress, while its grid does.
_ACTION_COUNTS = """
select
    document_id,
    'actions' as source,
    sum(rag = 'red') as red,
    sum(rag = 'amber') as amber,
    sum(rag = 'green') as green,
    sum(rag = 'complete') as complete,
    sum(rag is null) as unrated
from actions
group by document_id
having count(rag) > 0
"""

_GRID_ROWS = f"""
select
    document_id,
    rag,
    count,
    max(lower(trim(grp)) = '{GRID_TOTAL_GROUP}') over (partition by document_id) as has_total,
    lower(trim(grp)) = '{GRID_TOTAL_GROUP}' as is_total
from rag_counts
where rag in {RATED!r}
"""

_GRID_COUNTS = """
select
    document_id,
    case when max(has_total) then 'rag_counts total' else 'rag_counts groups' end as source,
    sum(case when rag = 'red' then count else 0 end) as red,
    sum(case when rag = 'amber' then count else 0 end) as amber,
    sum(case when rag = 'green' then count else 0 end) as green,
    sum(case when rag = 'complete' then count else 0 end) as complete,
    null as unrated
from grid_rows
where is_total = has_total
  and document_id not in (select document_id from action_counts)
group by document_id
"""

V_RAG_BY_DOCUMENT = f"""
with action_counts as ({_ACTION_COUNTS}),
grid_rows as ({_GRID_ROWS}),
grid_counts as ({_GRID_COUNTS}),
counts as (
    select * from action_counts
    union all
    select * from grid_counts
)
select{_DOCUMENT_COLUMNS},
    c.source,
    c.red,
    c.amber,
    c.green,
    c.complete,
    c.red + c.amber + c.green + c.complete as rated,
    c.unrated,
    round(1.0 * c.red / nullif(c.red + c.amber + c.green + c.complete, 0), 4) as red_share,
    round(1.0 * c.amber / nullif(c.red + c.amber + c.green + c.complete, 0), 4) as amber_share,
    round(1.0 * c.green / nullif(c.red + c.amber + c.green + c.complete, 0), 4) as green_share,
    round(1.0 * c.complete / nullif(c.red + c.amber + c.green + c.complete, 0), 4) as complete_share,
    c.document_id
from counts c
join v_papers d on d.document_id = c.document_id
"""

V_INDICATOR_SERIES = f"""
select
    v.id as value_id,
    i.id as indicator_id,{_DOCUMENT_COLUMNS},
    i.ref,
    i.name,
    i.section,
    i.unit,
    v.period,
    v.period_end,
    v.value,
    v.value_raw,
    v.status,
    i.target,
    i.rag,
    i.document_id
from indicator_values v
join indicators i on i.id = v.indicator_id
join v_papers d on d.document_id = i.document_id
"""

V_OVERDUE_ACTIONS = """
select
    *,
    cast(julianday(doc_date) - julianday(due_date) as integer) as days_overdue
from v_actions
where due_date is not null
  and doc_date is not null
  and due_date < doc_date
  and rag is not 'complete'
"""

# One measure across councils (#17): every value of every indicator that is a
# catalogue measure. Papers come from v_papers, so a plan read as Word and as
# PDF gives its values once (#18).
V_MEASURE_ACROSS_COUNCILS = """
select
    m.id as measure,
    m.name as measure_name,
    m.polarity,
    d.council,
    d.council_code,
    d.paper,
    d.doc_date,
    d.document_title,
    d.filename,
    i.id as indicator_id,
    i.document_id,
    i.name as indicator_name,
    i.section,
    i.unit,
    i.measure_score,
    v.period,
    v.period_end,
    v.value,
    v.value_raw,
    v.status
from indicator_values v
join indicators i on i.id = v.indicator_id
join measures m on m.id = i.measure
join v_papers d on d.document_id = i.document_id
"""

# One row per recommendation of every inspection, with what answers it. A plan
# read twice (its Word file and its PDF, marked `same_as`) is counted once.
V_RECOMMENDATION_COVERAGE = f"""
with answers as (
    select
        l.recommendation_id,
        l.document_id as plan_id,
        l.method,
        l.score,
        coalesce(pd.doc_date, 'undated') || ' ' || coalesce(pd.document_title, pd.filename) as plan,
        case when l.priority_id is not null then 'priority ' || coalesce(p.number, '?')
             else 'action ' || coalesce(a.ref, '?') end as answer
    from recommendation_links l
    join v_papers pd on pd.document_id = l.document_id
    left join priorities p on p.id = l.priority_id
    left join actions a on a.id = l.action_id
)
select
    r.id as recommendation_id,
    r.document_id,{_DOCUMENT_COLUMNS},
    i.framework,
    i.inspection_start,
    i.inspection_end,
    i.published,
    r.number,
    r.section,
    r.text,
    r.page,
    count(distinct x.plan_id) as plans,
    count(x.answer) as answers,
    group_concat(distinct x.plan || ': ' || x.answer) as answered_by,
    group_concat(distinct x.method) as methods,
    max(x.score) as best_score,
    count(x.answer) > 0 as answered
from recommendations r
join v_papers d on d.document_id = r.document_id
left join inspections i on i.document_id = r.document_id
left join answers x on x.recommendation_id = r.id
group by r.id
"""

VIEWS: dict[str, str] = {
    "v_papers": V_PAPERS,
    "v_actions": V_ACTIONS,
    "v_rag_by_document": V_RAG_BY_DOCUMENT,
    "v_indicator_series": V_INDICATOR_SERIES,
    "v_overdue_actions": V_OVERDUE_ACTIONS,
    **ACTION_VIEWS,
    "v_measure_across_councils": V_MEASURE_ACROSS_COUNCILS,
    "v_recommendation_coverage": V_RECOMMENDATION_COVERAGE,
}
"""View name -> its select statement, in dependency order (a view may read the ones before it)."""


COMPUTED_TYPES: dict[str, str] = {
    "source": "TEXT",
    "paper": "TEXT",
    "copies": "INTEGER",
    **{column: "INTEGER" for column in (*RATED, "rated", "unrated", "days_overdue", "plans", "answers", "answered")},
    "answered_by": "TEXT",
    "methods": "TEXT",
    "best_score": "REAL",
    **{f"{rag}_share": "REAL" for rag in RATED},
    **ACTION_COMPUTED_TYPES,
}
"""SQLite type of each view column computed by an expression, which SQLite leaves undeclared."""


def views_current(db: Database) -> bool:
    """RETURNS (bool): whether every view in the database is defined as this module defines it."""
    wanted = {name: _create_statement(name, sql) for name, sql in VIEWS.items()}
    found = dict(db.execute("select name, sql from sqlite_master where type = 'view'").fetchall())
    return all(found.get(name) == statement for name, statement in wanted.items())


def ensure_views(db: Database) -> None:
    """Create the views, replacing them all when any definition differs from this module's."""
    if views_current(db):
        return
    wanted = {name: _create_statement(name, sql) for name, sql in VIEWS.items()}
    for name in reversed(VIEWS):
        db.execute(f"drop view if exists [{name}]")
    for statement in wanted.values():
        db.execute(statement)


def _create_statement(name: str, sql: str) -> str:
    return f"CREATE VIEW [{name}] AS {sql.strip()}"
