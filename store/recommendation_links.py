"""Which plan rows answer which inspection recommendation (`recommendation_links`).

    relink(db, council_codes={"E06000017"})   # after a paper of that council is stored

An improvement plan exists because Ofsted judged the council's children's
services: its priorities answer the inspection's recommendations. Links cross
papers (the plan is one, the inspection report another, read in any order),
so they are made here, in the writer, after papers are stored, for every plan
of each council touched, and made again whenever a paper of that council is.

For a plan of council C dated D the inspection answered is C's latest full
inspection (any framework but a focused visit) published on or before D; when
C has none, its latest focused visit before D. An undated plan answers C's
latest inspection. A plan dated before every inspection of its council answers
none of them.

A priority is linked:
1. by its printed `inspection_ref` (`Ofsted Recommendation 3`, `Rec 3`, `para 6`):
   the recommendation of that number, method `inspection_ref`, score 1.0;
2. otherwise by wording (`match_wording`): the recommendation that holds most
   of the priority's subject words, method `text`, with the share of words held
   as the score. `MIN_TEXT_SCORE` and `MIN_SHARED_WORDS` keep a title that
   shares one word with a recommendation ('Leadership', or 'care' in any of
   them) from being linked; `MIN_MARGIN` leaves a priority unlinked when two
   recommendations hold its words about as well, rather than pick one.
An action is linked only where the plan prints which recommendation it answers
(in its text or outcome: `Recommendation 4`, `Rec 4`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from planwatch._sqlite_utils import Database

INSPECTION_KINDS = ("inspection_report", "inspection_letter")
FOCUSED_VISIT = "focused_visit"

MIN_TEXT_SCORE = 0.6
"""Share of a priority's subject words a recommendation must hold to be linked by wording.

Priority titles are short ('Early help and the front door') and recommendations
long sentences, so the question is whether the recommendation holds the title's
subject, not whether the two texts are alike; 0.6 asks for most of it (two of
three subject words, three of five)."""
MIN_SHARED_WORDS = 2
"""Subject words a priority and a recommendation must share. A one-word title ('Leadership',
'Practice') names a theme most inspections touch in several places: it is linked only by the
reference it prints. Tried on the sample and seed plans' titles against the recommendations of 166
real inspection reports of other councils, a one-word match picked an unrelated recommendation
(an adoption panel's for 'Improve our practice') more often than a related one."""
MIN_MARGIN = 0.2
"""How much better the best recommendation must score than the next for a wording link."""
PREFIX = 5
"""Two words are the same subject word when they share their first `PREFIX` letters (or are equal):
'leaders' and 'leadership', 'planning' and 'plans' stay apart only below it."""

STOP_WORDS = frozenset("""
a about across all also an and any are as at be been being both but by can could do does each
ensure ensuring especially every for from further has have how improve improved improvement
improvements improving in into is it its make more most must need needs no not of on or other
our should so such than that the their them there these they this those through to under up
us was we well were what when where whether which while who will with within would young
child children people person services service council councils local authority authorities
strengthen develop provide secure deliver increase raise review establish maintain continue sure
right good better effective effectively consistent consistently robust
""".split())
"""Words every recommendation and priority may hold (what to do, and how well): they say nothing of
its subject."""

REF_NUMBER = re.compile(
    r"\b(?:recommendations?|recs?|para(?:graph)?s?|r|no|number)\.?\s*#?\s*(\d{1,3})\b", re.IGNORECASE
)
"""A printed pointer to a recommendation's number: 'Ofsted Recommendation 3', 'Rec 3', 'para 6'."""
ACTION_REF_NUMBER = re.compile(r"\b(?:recommendations?|recs?)\.?\s*#?\s*(\d{1,3})\b", re.IGNORECASE)
"""In an action's own text only an explicit 'Recommendation 4' or 'Rec 4' names a recommendation."""
BARE_NUMBER = re.compile(r"\s*(\d{1,3})\s*")
WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Recommendation:
    id: int
    number: str | None
    text: str


def relink(db: Database, *, council_codes: Iterable[str] | None = None) -> int:
    """RETURNS (int): links written, after replacing every link of the plans of these councils.

    council_codes: the councils whose plans to link again; every council with
        a plan when None. Call inside the writer's transaction or alone.
    """
    codes = _councils_with_plans(db) if council_codes is None else {code for code in council_codes if code}
    written = 0
    for code in sorted(codes):
        inspections = _inspections(db, code)
        for plan_id, plan_date in _plans(db, code):
            db.execute("delete from recommendation_links where document_id = ?", [plan_id])
            inspection = answered_inspection(inspections, plan_date)
            if inspection is None:
                continue
            links = plan_links(db, plan_id, _recommendations(db, inspection))
            if links:
                db["recommendation_links"].insert_all(links)
            written += len(links)
    return written


def answered_inspection(inspections: list[tuple[str, str | None, str]], plan_date: str | None) -> str | None:
    """RETURNS (str | None): the document id of the inspection a plan dated `plan_date` answers.

    inspections: (document id, date, framework) of the council's inspections.
    """
    before = [item for item in inspections if plan_date is None or (item[1] is not None and item[1] <= plan_date)]
    full = [item for item in before if item[2] != FOCUSED_VISIT]
    chosen = full or before
    if not chosen:
        return None
    return max(chosen, key=lambda item: (item[1] or "", item[0]))[0]


def plan_links(db: Database, plan_id: str, recommendations: list[Recommendation]) -> list[dict]:
    """RETURNS (list[dict]): `recommendation_links` rows for one plan's priorities and actions."""
    if not recommendations:
        return []
    by_number = {_digits(rec.number): rec for rec in recommendations if _digits(rec.number)}
    links = []
    priorities = db.execute(
        "select id, title, inspection_ref from priorities where document_id = ? order by id", [plan_id]
    ).fetchall()
    for priority_id, title, inspection_ref in priorities:
        link = _by_reference(inspection_ref, by_number) or match_wording(title or "", recommendations)
        if link is not None:
            rec, method, score = link
            links.append(_row(plan_id, rec, method, score, priority_id=priority_id))
    actions = db.execute(
        "select id, action, outcome from actions where document_id = ? order by id", [plan_id]
    ).fetchall()
    for action_id, action, outcome in actions:
        link = _by_reference(" ".join(filter(None, (outcome, action))), by_number, printed_only=True)
        if link is not None:
            rec, method, score = link
            links.append(_row(plan_id, rec, method, score, action_id=action_id))
    return links


def match_wording(title: str, recommendations: list[Recommendation]) -> tuple[Recommendation, str, float] | None:
    """RETURNS (tuple | None): the recommendation whose wording holds the priority's subject, with
    method `text` and its score; None when none holds enough of it, or two hold it about as well."""
    words = subject_words(title)
    if not words:
        return None
    scored = sorted(
        ((_held(words, subject_words(rec.text)), rec) for rec in recommendations),
        key=lambda pair: pair[0],
        reverse=True,
    )
    held, best = scored[0]
    score = held / len(words)
    runner_up = scored[1][0] / len(words) if len(scored) > 1 else 0.0
    enough_words = held >= MIN_SHARED_WORDS
    if score < MIN_TEXT_SCORE or not enough_words or score - runner_up < MIN_MARGIN:
        return None
    return best, "text", round(score, 3)


def subject_words(text: str) -> set[str]:
    """RETURNS (set[str]): the words of `text` that say what it is about, lower-cased."""
    return {word for word in WORD.findall(text.lower()) if len(word) > 2 and word not in STOP_WORDS}


def _held(words: set[str], other: set[str]) -> int:
    """How many of `words` stand in `other`, as the same word or one sharing its first `PREFIX` letters."""
    prefixes = {word[:PREFIX] for word in other if len(word) >= PREFIX}
    return sum(1 for word in words if word in other or (len(word) >= PREFIX and word[:PREFIX] in prefixes))


def _by_reference(text: str | None, by_number: dict[str, Recommendation], *, printed_only: bool = False):
    """The recommendation a printed reference names, as (recommendation, 'inspection_ref', 1.0)."""
    if not text:
        return None
    pattern = ACTION_REF_NUMBER if printed_only else REF_NUMBER
    for match in pattern.finditer(text):
        rec = by_number.get(match.group(1).lstrip("0") or "0")
        if rec is not None:
            return rec, "inspection_ref", 1.0
    if not printed_only:
        bare = BARE_NUMBER.fullmatch(text)
        if bare and (rec := by_number.get(bare.group(1).lstrip("0") or "0")):
            return rec, "inspection_ref", 1.0
    return None


def _digits(number: str | None) -> str | None:
    found = re.search(r"\d+", number or "")
    return (found.group(0).lstrip("0") or "0") if found else None


def _row(plan_id: str, rec: Recommendation, method: str, score: float, *,
         priority_id: int | None = None, action_id: int | None = None) -> dict:
    return {"document_id": plan_id, "recommendation_id": rec.id, "priority_id": priority_id,
            "action_id": action_id, "method": method, "score": score}


def _councils_with_plans(db: Database) -> set[str]:
    rows = db.execute(
        "select distinct council_code from documents where council_code is not null "
        f"and coalesce(kind, '') not in {INSPECTION_KINDS!r}"
    ).fetchall()
    return {row[0] for row in rows}


def _plans(db: Database, council_code: str) -> list[tuple[str, str | None]]:
    """(document id, date) of the council's papers that hold priorities or actions."""
    return db.execute(
        "select id, doc_date from documents d where council_code = ? "
        f"and coalesce(kind, '') not in {INSPECTION_KINDS!r} and status != 'failed' "
        "and (exists (select 1 from priorities p where p.document_id = d.id) "
        "or exists (select 1 from actions a where a.document_id = d.id)) order by id",
        [council_code],
    ).fetchall()


def _inspections(db: Database, council_code: str) -> list[tuple[str, str | None, str]]:
    """(document id, date, framework) of the council's inspections that list recommendations."""
    return db.execute(
        "select i.document_id, coalesce(i.published, i.inspection_end, d.doc_date), coalesce(i.framework, 'other') "
        "from inspections i join documents d on d.id = i.document_id "
        "where coalesce(i.council_code, d.council_code) = ? and d.status != 'failed' "
        "and exists (select 1 from recommendations r where r.document_id = i.document_id)",
        [council_code],
    ).fetchall()


def _recommendations(db: Database, inspection_id: str) -> list[Recommendation]:
    rows = db.execute(
        "select id, number, text from recommendations where document_id = ? order by id", [inspection_id]
    ).fetchall()
    return [Recommendation(id=row[0], number=row[1], text=row[2] or "") for row in rows]
