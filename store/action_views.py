"""Views of one action over time: its row in every paper, and what changed from paper to paper.

    db.execute("select * from v_action_history where council = ? order by paper_seq, ref", ["Stockport"])
    db.execute("select * from v_action_changes where council = ?", ["Stockport"])

Both read `actions.action_key` (written by `store.linking`). Papers of a
council are numbered (`paper_seq`) in the order linking visits them: by date,
undated last; on one date the copy counted before its `same_as` copies, a
plan before a pack before a report, then by file name. Changes compare each
dated paper with the council's dated paper before it, leaving out copies of
one paper in other bytes (`documents.same_as`) and papers without actions.
`docs/views.md` documents every column.
"""

from __future__ import annotations

from .linking import KIND_ORDER, OTHER_KIND

CHANGES = ("new", "dropped", "newly_red", "completed", "due_date_slipped", "renumbered")
"""What `v_action_changes` reports, in the order it lists them within a paper."""

_KIND_RANK = "case d.kind " + " ".join(f"when '{kind}' then {rank}" for kind, rank in KIND_ORDER.items()) + \
    f" else {OTHER_KIND} end"

_PAPER_ORDER = f"d.doc_date is null, d.doc_date, d.same_as is not null, {_KIND_RANK}, d.filename, d.id"

_PAPER_LABEL = ("coalesce(d.doc_date, 'undated') || ' ' || replace(coalesce(d.kind, 'other'), '_', ' ') "
                "|| ' (' || d.format || ')'")

V_ACTION_HISTORY = f"""
with papers as (
    select
        d.id,
        dense_rank() over (partition by d.council order by {_PAPER_ORDER}) as paper_seq
    from documents d
    where d.id in (select document_id from actions where action_key is not null)
)
select
    a.id as action_id,
    a.document_id,
    d.council,
    d.council_code,
    d.doc_date,
    d.kind,
    d.title as document_title,
    d.filename,
    {_PAPER_LABEL} as paper,
    p.paper_seq,
    d.same_as,
    a.action_key,
    a.action_key_method,
    a.action_key_score,
    a.ref,
    a.action,
    a.lead,
    a.rag,
    a.due_raw,
    a.due_date,
    a.progress,
    a.page
from actions a
join documents d on d.id = a.document_id
join papers p on p.id = a.document_id
"""

# The changes read `actions` itself (indexed on document_id and action_key), not the history view,
# so that each lookup of an action in the paper before is an index search.
_PAIRS = f"""
compared as (
    select
        d.id as document_id, d.council, d.council_code, d.doc_date, d.filename, {_PAPER_LABEL} as paper,
        row_number() over (partition by d.council order by {_PAPER_ORDER}) as step
    from documents d
    where d.doc_date is not null and d.same_as is null and d.council is not null
      and d.id in (select document_id from actions where action_key is not null)
),
pairs as (
    select cur.document_id, cur.council, cur.council_code, cur.doc_date, cur.paper, cur.filename,
        prev.document_id as previous_document_id, prev.paper as previous_paper, prev.doc_date as previous_date
    from compared cur
    join compared prev on prev.council = cur.council and prev.step = cur.step - 1
)"""

_PAIR_COLUMNS = """p.council, p.council_code, p.document_id, p.paper, p.doc_date, p.filename,
    p.previous_document_id, p.previous_paper, p.previous_date"""


def _change(name: str, condition: str) -> str:
    return f"""select {_PAIR_COLUMNS}, '{name}' as change, {CHANGES.index(name)} as change_order,
    cur.action_key, cur.ref, prev.ref as previous_ref, cur.action, cur.lead,
    cur.rag, prev.rag as previous_rag, cur.due_date, prev.due_date as previous_due_date,
    cur.id as action_id, prev.id as previous_action_id
from pairs p
join actions cur on cur.document_id = p.document_id and cur.action_key is not null
join actions prev on prev.document_id = p.previous_document_id and prev.action_key = cur.action_key
where {condition}"""


V_ACTION_CHANGES = f"""
with {_PAIRS.strip()}
select {_PAIR_COLUMNS}, 'new' as change, {CHANGES.index("new")} as change_order,
    cur.action_key, cur.ref, null as previous_ref, cur.action, cur.lead,
    cur.rag, null as previous_rag, cur.due_date, null as previous_due_date,
    cur.id as action_id, null as previous_action_id
from pairs p
join actions cur on cur.document_id = p.document_id and cur.action_key is not null
where not exists (select 1 from actions prev
                  where prev.action_key = cur.action_key and prev.document_id = p.previous_document_id)
union all
select {_PAIR_COLUMNS}, 'dropped' as change, {CHANGES.index("dropped")} as change_order,
    prev.action_key, null as ref, prev.ref as previous_ref, prev.action, prev.lead,
    null as rag, prev.rag as previous_rag, null as due_date, prev.due_date as previous_due_date,
    null as action_id, prev.id as previous_action_id
from pairs p
join actions prev on prev.document_id = p.previous_document_id and prev.action_key is not null
where not exists (select 1 from actions cur
                  where cur.action_key = prev.action_key and cur.document_id = p.document_id)
union all
{_change("newly_red", "cur.rag = 'red' and prev.rag is not 'red'")}
union all
{_change("completed", "cur.rag = 'complete' and prev.rag is not 'complete'")}
union all
{_change("due_date_slipped", "cur.due_date > prev.due_date")}
union all
{_change("renumbered", "cur.ref is not prev.ref")}
"""

ACTION_VIEWS: dict[str, str] = {
    "v_action_history": V_ACTION_HISTORY,
    "v_action_changes": V_ACTION_CHANGES,
}
"""The views of this module, in dependency order (changes read the history)."""

ACTION_COMPUTED_TYPES: dict[str, str] = {
    "paper": "TEXT", "paper_seq": "INTEGER", "change": "TEXT", "change_order": "INTEGER",
    "previous_document_id": "TEXT", "previous_paper": "TEXT", "previous_date": "TEXT", "previous_ref": "TEXT",
    "previous_rag": "TEXT", "previous_due_date": "TEXT", "previous_action_id": "INTEGER",
}
"""SQLite type of each computed column of these views."""
