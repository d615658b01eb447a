"""The same action across a council's papers: `actions.action_key`, its method and its score.

    result = link_actions(db, councils=["Stockport"])   # after the papers are stored

A plan's action comes back in its progress reports, in a Word and a PDF copy,
in a summary sheet of an agenda pack. Each such restatement gets the key of
the action it restates; an action printed for the first time gets a new key.
Linking runs over all the papers of a council at once, in paper-date order
(undated papers last), so a paper ingested after a later one, or read again,
is placed where it belongs: every pass works the council's links out afresh
from its papers, and then names each chain of rows by a key its rows already
held, so re-ingesting a paper keeps its keys.

How a row of a paper finds the action it restates, among the actions of the
council's earlier papers (each as its latest restatement):

1. `ref`: the same ref (compared trimmed, in any case, without a trailing dot)
   and a text that agrees (`REF_TEXT_MIN`; less, `REF_TEXT_WITH_LEAD_MIN`, when
   the leads agree too), or one text whose words all stand in the other
   (`REF_CONTAINED_MIN`: a summary sheet's short title). A new plan that
   restarts its numbering gives 1.1 to another action: its text does not
   agree, so no link.
2. `text`: another ref, the text alike (`TEXT_MIN`, or `TEXT_WITH_LEAD_MIN`
   with the lead alike), so a ref renumbered between versions still links.
3. `new`: nothing matched; the row starts a key of its own (score 1.0).

Each action of the earlier papers takes at most one row of a paper, and each
row one action, best score first (a ref link wins a tie with a text link).
Texts are compared with rapidfuzz's `token_sort_ratio` after its
`default_process` (lower case, no punctuation), as 0 to 1; it is the score
kept. Papers without a council are not linked (their keys stay NULL): there
is no series of papers to place them in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, utils
from rapidfuzz.process import cdist

from planwatch._sqlite_utils import Database

REF_TEXT_MIN = 0.65
"""Same ref: the texts must agree at least this much. Different actions of two Plymouth plans (the
2015 update's and the 2023 plan's) score at most 0.58 against each other; a restated action that was
edited or shortened keeps most of its words and scores 0.7 and more."""
REF_TEXT_WITH_LEAD_MIN = 0.5
"""Same ref and the same lead (`LEAD_MIN`): a text reworded further still links from this score."""
TEXT_MIN = 0.85
"""Another ref: the texts must be nearly the same. Two different actions of one plan score up to 0.68
against each other (the Plymouth 2023 plan), so a renumbered action is linked only on a text well above."""
TEXT_WITH_LEAD_MIN = 0.75
"""Another ref and the same lead (`LEAD_MIN`): still above any two different actions of one plan."""
LEAD_MIN = 0.85
"""Leads agree from this score (token_sort_ratio, 0 to 1): the same role with words reordered or repunctuated."""
REF_CONTAINED_MIN = 0.95
"""Same ref: a short text whose words all stand in the other (rapidfuzz `token_set_ratio`), as a summary
sheet's title ('Quality of Assessments') stands in its plan's action, also links."""
CONTAINED_MIN_WORDS = 2
"""...when the shorter text has at least this many words: one word ('Kinship') stands in too many actions."""
SHORT_TEXT_SHARE = 0.5
"""A restatement shorter than this share of the action's text (a title on a summary sheet) leaves the
action to be matched by its longer text."""
REF_ALONE_SCORE = 0.5
"""Score of a link made on the ref alone, when one of the two rows prints no action text."""
NEW_SCORE = 1.0
KIND_ORDER = {"improvement_plan": 0, "agenda_pack": 1, "progress_report": 2}
"""Papers of one council on one date: the plan first, then a pack, then reports, then the rest."""
OTHER_KIND = 9
UNDATED = "undated"


@dataclass(frozen=True)
class ActionText:
    """What an action row says that linking compares: its ref, text and lead."""

    id: int
    ref: str | None
    text: str
    lead: str
    old_key: str | None = None


@dataclass
class Paper:
    """One paper of a council with its action rows, in the order linking visits them."""

    document_id: str
    doc_date: str | None
    rows: list[ActionText]


@dataclass(frozen=True)
class Link:
    """How one row was linked: the chain (action) it belongs to, the method and the score."""

    chain: int
    method: str
    score: float


@dataclass
class LinkResult:
    """What a linking pass did: rows per method, and rows whose key changed."""

    councils: int = 0
    methods: dict[str, int] = field(default_factory=dict)
    changed: int = 0


# -- matching ----------------------------------------------------------------------------------


def normal_ref(ref: str | None) -> str | None:
    """RETURNS (str | None): the ref compared: trimmed, lower case, inner spaces gone, no trailing dot."""
    if ref is None:
        return None
    ref = re.sub(r"\s+", "", ref).rstrip(".").lower()
    return ref or None


def _similarity(a: str, b: str) -> float:
    return fuzz.token_sort_ratio(a, b, processor=utils.default_process) / 100


def _ref_link(row: ActionText, known: ActionText, text_score: float) -> float | None:
    """RETURNS (float | None): the score of a link on the same ref, None when the texts say it is another action."""
    if not row.text or not known.text:
        return None if _leads_differ(row, known) else REF_ALONE_SCORE
    if text_score >= REF_TEXT_MIN:
        return text_score
    if text_score >= REF_TEXT_WITH_LEAD_MIN and _leads_agree(row, known):
        return text_score
    contained = _containment(row.text, known.text)
    if contained >= REF_CONTAINED_MIN and not _leads_differ(row, known):
        return contained
    return None


def _containment(a: str, b: str) -> float:
    """RETURNS (float): how far the shorter text's words all stand in the longer one (0 to 1); 0 for one word."""
    shorter = min(utils.default_process(a).split(), utils.default_process(b).split(), key=len)
    if len(shorter) < CONTAINED_MIN_WORDS:
        return 0.0
    return fuzz.token_set_ratio(a, b, processor=utils.default_process) / 100


def _leads_differ(row: ActionText, known: ActionText) -> bool:
    return bool(row.lead and known.lead) and _similarity(row.lead, known.lead) < LEAD_MIN


def _text_link(row: ActionText, known: ActionText, text_score: float) -> float | None:
    """RETURNS (float | None): the score of a link on the text under another ref, None when too unlike."""
    if text_score >= TEXT_MIN or (text_score >= TEXT_WITH_LEAD_MIN and _leads_agree(row, known)):
        return text_score
    return None


def _leads_agree(row: ActionText, known: ActionText) -> bool:
    return bool(row.lead and known.lead) and _similarity(row.lead, known.lead) >= LEAD_MIN


def candidate_links(rows: list[ActionText], known: list[ActionText]) -> list[tuple[int, int, str, float]]:
    """RETURNS (list): (row index, known index, method, score) of every link the rules allow."""
    if not rows or not known:
        return []
    texts = cdist([row.text for row in rows], [k.text for k in known], scorer=fuzz.token_sort_ratio,
                  processor=utils.default_process, score_cutoff=100 * REF_TEXT_WITH_LEAD_MIN, dtype="float32")
    by_ref: dict[str, list[int]] = {}
    for j, k in enumerate(known):
        if normal_ref(k.ref):
            by_ref.setdefault(normal_ref(k.ref), []).append(j)
    found = []
    for i, row in enumerate(rows):
        same_ref = set(by_ref.get(normal_ref(row.ref), [])) if normal_ref(row.ref) else set()
        for j in same_ref:
            score = _ref_link(row, known[j], float(texts[i, j]) / 100)
            if score is not None:
                found.append((i, j, "ref", round(score, 3)))
        for j in texts[i].nonzero()[0]:
            if int(j) not in same_ref:
                score = _text_link(row, known[j], float(texts[i, j]) / 100)
                if score is not None:
                    found.append((i, int(j), "text", round(score, 3)))
    return found


def link_papers(papers: list[Paper]) -> dict[int, Link]:
    """RETURNS (dict[int, Link]): action row id -> its chain, method and score, for papers in order.

    Each paper's rows are matched against every chain started by the papers
    before it, as that chain's latest row; one row per chain and one chain per
    row, best score first, then ref links, then the chain seen most recently.
    """
    latest: list[ActionText] = []
    seen: list[int] = []
    links: dict[int, Link] = {}
    for index, paper in enumerate(papers):
        pairs = candidate_links(paper.rows, latest)
        pairs.sort(key=lambda p: (p[3], p[2] == "ref", seen[p[1]]), reverse=True)
        taken_rows: dict[int, int] = {}
        taken_chains: set[int] = set()
        for i, j, method, score in pairs:
            if i in taken_rows or j in taken_chains:
                continue
            taken_rows[i], links[paper.rows[i].id] = j, Link(j, method, score)
            taken_chains.add(j)
        for i, row in enumerate(paper.rows):
            if i in taken_rows:
                j = taken_rows[i]
                latest[j], seen[j] = _restated(latest[j], row), index
            else:
                links[row.id] = Link(len(latest), "new", NEW_SCORE)
                latest.append(row)
                seen.append(index)
    return links


def _restated(previous: ActionText, row: ActionText) -> ActionText:
    """RETURNS (ActionText): what the chain is matched by from now on: the new row, keeping the earlier
    text when the new one is much shorter (a summary sheet's title) and the earlier lead when it has none."""
    text = previous.text if len(row.text) < SHORT_TEXT_SHARE * len(previous.text) else row.text
    return replace(row, text=text, lead=row.lead or previous.lead)


# -- naming --------------------------------------------------------------------------------------


def name_chains(papers: list[Paper], links: dict[int, Link], *, council: str) -> dict[int, str]:
    """RETURNS (dict[int, str]): chain -> its key.

    A chain keeps the key its earliest row held before (the first chain to
    claim a key gets it); a chain without one gets a new key made from the
    council, the date of its first paper and its first ref
    (`stockport-2024-05-14-1.1`), with `#2`, `#3` when taken.
    """
    first: dict[int, tuple[Paper, ActionText]] = {}
    old: dict[int, str] = {}
    for paper in papers:
        for row in paper.rows:
            chain = links[row.id].chain
            first.setdefault(chain, (paper, row))
            if row.old_key and chain not in old:
                old[chain] = row.old_key
    names: dict[int, str] = {}
    used: set[str] = set()
    for chain in sorted(first):
        if chain in old and old[chain] not in used:
            names[chain] = old[chain]
            used.add(old[chain])
    held = {row.old_key for paper in papers for row in paper.rows if row.old_key}
    for chain in sorted(first):
        if chain not in names:
            paper, row = first[chain]
            names[chain] = _new_key(council, paper.doc_date, row, used | held)
            used.add(names[chain])
    return names


def _new_key(council: str, doc_date: str | None, row: ActionText, used: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", council.lower()).strip("-")
    ref = re.sub(r"\s+", "", row.ref or "") or "row"
    base = f"{slug}-{doc_date or UNDATED}-{ref}"
    key, n = base, 1
    while key in used:
        n += 1
        key = f"{base}#{n}"
    return key


# -- the database --------------------------------------------------------------------------------


def link_actions(db: Database, *, councils: Iterable[str | None] | None = None) -> LinkResult:
    """RETURNS (LinkResult): what the pass did, after writing every action's key, method and score.

    councils (Iterable | None): link these councils' papers (None: every
        council). A council's papers are always linked together, whichever
        of them changed. Runs in one write transaction.
    """
    from . import immediate  # the package imports this module; its helpers are ready by the time this runs

    result = LinkResult()
    with immediate(db):
        wanted = _councils(db) if councils is None else sorted({c for c in councils if c})
        for council in wanted:
            papers = _papers(db, council)
            if not any(paper.rows for paper in papers):
                continue
            result.councils += 1
            links = link_papers(papers)
            names = name_chains(papers, links, council=council)
            result.changed += _write(db, papers, links, names, result.methods)
    return result


def unlinked_councils(db: Database) -> set[str]:
    """RETURNS (set[str]): councils with action rows that have no key yet (a batch stopped before its
    linking pass, a database migrated from version 1)."""
    rows = db.execute("select distinct d.council from actions a join documents d on d.id = a.document_id "
                      "where a.action_key is null and d.council is not null").fetchall()
    return {row[0] for row in rows}


def _councils(db: Database) -> list[str]:
    rows = db.execute("select distinct d.council from documents d join actions a on a.document_id = d.id "
                      "where d.council is not null order by 1").fetchall()
    return [row[0] for row in rows]


def _papers(db: Database, council: str) -> list[Paper]:
    documents = db.execute(
        "select id, doc_date, kind, filename, same_as from documents "
        "where council = ? and status in ('ok', 'partial')", [council]).fetchall()
    documents.sort(key=_paper_order)
    rows: dict[str, list[ActionText]] = {doc_id: [] for doc_id, *_ in documents}
    found = db.execute(
        "select a.id, a.document_id, a.ref, a.action, a.lead, a.action_key from actions a "
        "join documents d on d.id = a.document_id where d.council = ? order by a.id", [council]).fetchall()
    for action_id, doc_id, ref, text, lead, old_key in found:
        if doc_id in rows:
            rows[doc_id].append(ActionText(action_id, ref, _clean(text), _clean(lead), old_key))
    return [Paper(doc_id, doc_date, rows[doc_id]) for doc_id, doc_date, *_ in documents if rows[doc_id]]


def _paper_order(document: tuple) -> tuple:
    doc_id, doc_date, kind, filename, same_as = document
    return (doc_date is None, doc_date or "", same_as is not None, KIND_ORDER.get(kind, OTHER_KIND),
            filename or "", doc_id)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _write(db: Database, papers: list[Paper], links: dict[int, Link], names: dict[int, str],
           methods: dict[str, int]) -> int:
    """Write each row's key, method and score; RETURNS (int): rows whose key changed."""
    updates, changed = [], 0
    for paper in papers:
        for row in paper.rows:
            link = links[row.id]
            methods[link.method] = methods.get(link.method, 0) + 1
            updates.append((names[link.chain], link.method, link.score, row.id))
            changed += row.old_key != names[link.chain]
    db.conn.executemany(
        "update actions set action_key = ?, action_key_method = ?, action_key_score = ? where id = ?", updates)
    return changed
