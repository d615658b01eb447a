"""Which council a paper is about, from the lines that say who wrote it.

    from planwatch.normalise.councils import Cue, find_council
    match = find_council([Cue(text="Contact: vivien.lines@plymouth.gov.uk", source="email")])
    match.council, match.council_code          # 'Plymouth', 'E06000026'

The chain: `cue_mentions` (a blank English spaCy pipeline with two
EntityRulers built from the register: full council names and the trusts and
companies that run children's services, in any case; bare place names, as
printed; plus e-mail and website domains, and acronyms the paper itself
defines, such as 'Plymouth City Council (PCC)') -> `score_mentions` (each
mention weighs what its line is: a title, cover, header or footer line or the
paper's own e-mail address counts far more than a council named in passing in
the body) -> `choose_council` (the best score wins; a trust owned by two
councils, or two councils named in one cover line, makes a joint owner) ->
`council_for` (the code in use on the paper's date).

The folder a paper was filed in ('corpus/kent/') tips a balance, and fills
the gap when the paper names its council only in passing (the folder agrees
with the body) or not at all (then a Problem says so). A paper that names no
council, filed in no council's folder, gets none, with a Problem.

`debug_council` returns the intermediate results, to see why a council won.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.tokens import Doc

from planwatch.ingest.models import Problem, Severity
from planwatch.settings import Settings

from .register import Register, council_for, load_register

SOURCE_WEIGHTS: dict[str, float] = {
    "title": 6.0, "header": 5.0, "footer": 5.0, "email": 5.0, "cover": 4.0,
    "contact": 3.0, "url": 3.0, "file": 3.0, "metadata": 2.0, "folder": 2.0, "body": 0.5,
}
"""How much a mention counts by where it stands: the paper's own heading and
e-mail addresses say whose paper it is; the body names partners and visits.
The folder a paper was filed in only tips a balance or fills a gap (and says so)."""

KIND_FACTORS: dict[str, float] = {"name": 1.0, "body": 1.0, "domain": 1.0, "acronym": 0.8, "place": 0.5}
"""'Plymouth City Council' says more than 'Plymouth', which may be the city."""

DEFAULT_MAX_PER_SOURCE = 3
"""Repeated mentions within one kind of line count this many times at most."""
DEFAULT_MIN_BODY_SCORE = 3.0
"""A council named only in body text needs this score to be chosen: six full
names at least; a Kent paper naming Medway Council three times stays Kent's."""
DEFAULT_JOINT_RATIO = 0.6
"""Share of the winner's score a co-named council needs to be a joint owner."""

FOLDER = "folder"
STRONG_SOURCES = frozenset(SOURCE_WEIGHTS) - {"body", FOLDER}
LABEL_NAME, LABEL_PLACE, LABEL_BODY = "COUNCIL", "PLACE", "BODY"
BODY_PREFIX = "body:"
_EMAIL = re.compile(r"[\w.+'-]+@((?:[\w-]+\.)+[a-z]{2,})", re.I)
_URL = re.compile(r"(?:https?://|www\.)((?:[\w-]+\.)+[a-z]{2,})", re.I)
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z]{1,6}$")
"""'PCC', 'TfC': at least two capitals, so that '(Grant)' is not an acronym."""
_FILE_SPLIT = re.compile(r"[-_.\s]+")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Cue(_Model):
    """A line that may say whose paper it is, with where it stood."""

    text: str
    source: str = Field(description="title, cover, header, footer, contact, email, url, file, folder, metadata, body")


class Mention(_Model):
    """A council, trust, domain or defined acronym found in a cue."""

    key: str = Field(description="canonical council name, or 'body:<id>' for a trust or company")
    kind: str = Field(description="name, place, body, domain or acronym")
    source: str
    text: str
    order: int = Field(description="cue number, for ties and joint owners")


class CouncilMatch(_Model):
    """The council a paper is about, or None with the reason in `problems`."""

    council: str | None = None
    council_code: str | None = None
    council_dfe_code: str | None = None
    names: list[str] = Field(default_factory=list, description="every owner when jointly owned")
    source: str | None = Field(default=None, description="the strongest kind of line that named it")
    score: float = 0.0
    scores: dict[str, float] = Field(default_factory=dict)
    problems: list[Problem] = Field(default_factory=list)


@dataclass
class CouncilSettings(Settings):
    """Tuning for `find_council` (pdfplumber's TableSettings pattern)."""

    max_per_source: int = DEFAULT_MAX_PER_SOURCE
    min_body_score: float = DEFAULT_MIN_BODY_SCORE
    joint_ratio: float = DEFAULT_JOINT_RATIO
    use_folder: bool = True
    weights: dict[str, float] = field(default_factory=lambda: dict(SOURCE_WEIGHTS))

    def __post_init__(self) -> None:
        if self.max_per_source < 1:
            raise ValueError("Council setting 'max_per_source' must be at least 1")
        if not 0 < self.joint_ratio <= 1:
            raise ValueError("Council setting 'joint_ratio' must be above 0 and at most 1")


def name_patterns(register: Register) -> list[dict]:
    """RETURNS (list[dict]): phrase patterns for every full council name and every body, matched on LOWER."""
    patterns: list[dict] = []
    for name in register.names:
        full = {n for council in register.periods(name) for n in council.names}
        patterns += [{"label": LABEL_NAME, "pattern": n, "id": name} for n in sorted(full)]
    for body in register.bodies:
        for alias in [body.name, *body.aliases]:
            patterns.append({"label": LABEL_BODY, "pattern": alias, "id": BODY_PREFIX + body.body_id})
    return patterns


def place_patterns(register: Register) -> list[dict]:
    """RETURNS (list[dict]): phrase patterns for bare place names, matched on ORTH.

    Each place as printed, in capitals and in title case (file names), so
    that 'Reading' is Reading and 'reading' is not.
    """
    patterns: list[dict] = []
    for name in register.names:
        places = {p for council in register.periods(name) for p in council.places}
        for place in sorted(places):
            forms = {place, place.upper(), " ".join(w[:1].upper() + w[1:].lower() for w in place.split())}
            patterns += [{"label": LABEL_PLACE, "pattern": form, "id": name} for form in sorted(forms)]
    return patterns


@lru_cache(maxsize=1)
def council_nlp() -> Language:
    """RETURNS (Language): a blank English pipeline with the register's two EntityRulers, built once.

    Full names and bodies first (any case); then places (as printed), which
    never overwrite a name ('Kent' inside 'Kent County Council').
    """
    register = load_register()
    nlp = spacy.blank("en")
    names = nlp.add_pipe("entity_ruler", name="council_names",
                         config={"validate": True, "phrase_matcher_attr": "LOWER"})
    names.add_patterns(name_patterns(register))
    places = nlp.add_pipe("entity_ruler", name="council_places",
                          config={"validate": True, "phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    places.add_patterns(place_patterns(register))
    return nlp


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """RETURNS (frozenset): the first word (lower case) of every pattern of `council_nlp`."""
    register = load_register()
    texts = [pattern["pattern"] for pattern in name_patterns(register) + place_patterns(register)]
    return frozenset(doc[0].lower_ for doc in council_nlp().tokenizer.pipe(texts) if len(doc))


def read_cues(texts: list[str]) -> list[Doc]:
    """RETURNS (list[Doc]): the texts tokenised, with the register's names, places and bodies as entities.

    A text holding no pattern's first word cannot match any, so the rulers
    (most of the time spent) run only on the texts that hold one.
    """
    nlp, firsts = council_nlp(), _first_words()
    docs = []
    for doc in nlp.tokenizer.pipe(texts):
        if any(token.lower_ in firsts for token in doc):
            for _, pipe in nlp.pipeline:
                doc = pipe(doc)
        docs.append(doc)
    return docs


def cue_text(cue: Cue) -> str:
    """RETURNS (str): the cue as the matcher should see it; file and folder names become words."""
    if cue.source not in ("file", FOLDER):
        return cue.text
    stem = re.sub(r"\.(pdf|docx?|txt|html?)$", "", cue.text, flags=re.I)
    squashed = _squashed_places()
    words = [squashed.get(word.lower(), word) for word in _FILE_SPLIT.split(stem) if word]
    return " ".join(word[:1].upper() + word[1:] for word in words)


@lru_cache(maxsize=1)
def _squashed_places() -> dict[str, str]:
    """RETURNS (dict): a place of several words written as one, as file and folder names do
    ('westsussex', 'northtyneside') -> the place ('West Sussex')."""
    register = load_register()
    places = {place for name in register.names for council in register.periods(name) for place in council.places}
    return {re.sub(r"[^a-z]", "", place.lower()): " ".join(w[:1].upper() + w[1:] for w in place.split())
            for place in places if len(place.split()) > 1}


def domain_keys(register: Register) -> dict[str, str]:
    """RETURNS (dict): website and e-mail domain -> council name or body key."""
    keys = {domain: council.name for council in register.councils for domain in council.domains}
    keys.update({domain: BODY_PREFIX + body.body_id for body in register.bodies for domain in body.domains})
    return keys


def domain_mentions(cue: Cue, order: int, domains: dict[str, str]) -> list[Mention]:
    """RETURNS (list[Mention]): councils and bodies whose domain an e-mail or URL in the cue uses."""
    mentions = []
    for pattern, source in ((_EMAIL, "email"), (_URL, "url")):
        for match in pattern.finditer(cue.text):
            key = _domain_key(match.group(1).lower(), domains)
            if key is not None:
                kind_source = cue.source if cue.source in ("body", "metadata") else source
                mentions.append(Mention(key=key, kind="domain", source=kind_source, text=match.group(0), order=order))
    return mentions


def _domain_key(host: str, domains: dict[str, str]) -> str | None:
    parts = host.split(".")
    for start in range(len(parts) - 1):
        key = domains.get(".".join(parts[start:]))
        if key is not None:
            return key
    return None


def entity_mentions(doc: Doc, cue: Cue, order: int) -> list[Mention]:
    """RETURNS (list[Mention]): the register's names, places and bodies in one cue."""
    kinds = {LABEL_NAME: "name", LABEL_PLACE: "place", LABEL_BODY: "body"}
    return [
        Mention(key=ent.ent_id_, kind=kinds[ent.label_], source=cue.source, text=ent.text, order=order)
        for ent in doc.ents if ent.label_ in kinds
    ]


def acronym_definitions(doc: Doc) -> dict[str, str]:
    """RETURNS (dict): acronym -> key, for 'Plymouth City Council (PCC)' and 'PCC (Plymouth City Council)'."""
    found = {}
    for ent in doc.ents:
        after = doc[ent.end:ent.end + 3]
        if len(after) == 3 and after[0].text == "(" and after[2].text == ")" and _ACRONYM.match(after[1].text):
            found[after[1].text] = ent.ent_id_
        before = doc[max(ent.start - 2, 0):ent.start]
        if len(before) == 2 and before[1].text == "(" and _ACRONYM.match(before[0].text):
            found[before[0].text] = ent.ent_id_
    return found


def cue_mentions(cues: list[Cue], *, register: Register | None = None) -> tuple[list[Mention], list[list[Mention]]]:
    """RETURNS (tuple): every mention, and each cue's mentions in reading order (for joint owners)."""
    register = register or load_register()
    domains = domain_keys(register)
    docs = read_cues([cue_text(cue) for cue in cues])
    acronyms: dict[str, str] = {}
    for doc in docs:
        acronyms.update(acronym_definitions(doc))
    per_cue = []
    for order, (cue, doc) in enumerate(zip(cues, docs)):
        found = entity_mentions(doc, cue, order) + domain_mentions(cue, order, domains)
        if any(acronym in doc.text for acronym in acronyms):
            found += [
                Mention(key=acronyms[token.text], kind="acronym", source=cue.source, text=token.text, order=order)
                for token in doc if token.text in acronyms and not _inside_definition(token, doc)
            ]
        per_cue.append(found)
    return [mention for found in per_cue for mention in found], per_cue


def _inside_definition(token, doc: Doc) -> bool:
    return 0 < token.i < len(doc) - 1 and doc[token.i - 1].text == "(" and doc[token.i + 1].text == ")"


def owners(key: str, day: dt.date | None, *, register: Register | None = None) -> list[str]:
    """RETURNS (list[str]): the council names a mention stands for; a body stands for its owners then."""
    if not key.startswith(BODY_PREFIX):
        return [key]
    rows = [b for b in (register or load_register()).bodies if BODY_PREFIX + b.body_id == key and b.role == "owner"]
    if not rows:
        return []
    current = [b for b in rows if day is not None and b.valid_on(day)]
    chosen = current[0] if current else rows[-1]
    return list(chosen.councils)


def score_mentions(mentions: list[Mention], settings: CouncilSettings) -> dict[str, float]:
    """RETURNS (dict): mention key -> score; each (key, source, kind) counts up to `max_per_source` times."""
    counts: dict[tuple[str, str, str], int] = {}
    for mention in mentions:
        slot = (mention.key, mention.source, mention.kind)
        counts[slot] = counts.get(slot, 0) + 1
    scores: dict[str, float] = {}
    for (key, source, kind), count in counts.items():
        weight = settings.weights.get(source, 0.0) * KIND_FACTORS[kind]
        scores[key] = scores.get(key, 0.0) + weight * min(count, settings.max_per_source)
    return scores


def council_scores(mentions: list[Mention], day: dt.date | None, settings: CouncilSettings) -> dict[str, float]:
    """RETURNS (dict): council name -> score, with each body's score given to its owners."""
    scores: dict[str, float] = {}
    for key, score in score_mentions(mentions, settings).items():
        for name in owners(key, day):
            scores[name] = scores.get(name, 0.0) + score
    return scores


def _strong(name: str, mentions: list[Mention], day: dt.date | None) -> bool:
    return any(m.source in STRONG_SOURCES and name in owners(m.key, day) for m in mentions)


def _first_seen(name: str, mentions: list[Mention], day: dt.date | None) -> int:
    return min((m.order for m in mentions if name in owners(m.key, day)), default=10**9)


def joint_partner(winner: str, scores: dict[str, float], per_cue: list[list[Mention]], day: dt.date | None,
                  settings: CouncilSettings) -> list[str]:
    """RETURNS (list[str]): the owners in print order when the winner shares the paper; else [winner].

    Shared means: a company owned by several councils on the cover, or two
    councils in one cover line, each partner scoring `joint_ratio` of the
    winner. A Richmond paper that names Achieving for Children stays Richmond's.
    """
    def close(names: list[str]) -> bool:
        return all(scores.get(name, 0.0) >= settings.joint_ratio * scores[winner] for name in names)

    for found in per_cue:
        for mention in found:
            names = owners(mention.key, day)
            if mention.kind == "body" and mention.source in STRONG_SOURCES and winner in names \
                    and len(names) > 1 and close(names):
                return names
    for found in per_cue:
        pair = _named_together(found, winner)
        if pair and close(list(pair)):
            return list(pair)
    return [winner]


def _named_together(found: list[Mention], winner: str) -> tuple[str, str] | None:
    strong = [m for m in found if m.source in ("title", "cover", "header", "footer") and m.kind in ("name", "place")]
    for first, second in zip(strong, strong[1:]):
        if winner in (first.key, second.key) and first.key != second.key and first.order == second.order:
            return first.key, second.key
    return None


def choose_council(mentions: list[Mention], per_cue: list[list[Mention]], day: dt.date | None,
                   settings: CouncilSettings) -> tuple[list[str], dict[str, float]]:
    """RETURNS (tuple): the owner names (empty when none qualifies) and every council's score.

    A council qualifies with one mention in a strong place (title, cover,
    header, footer, own e-mail, file name) or `min_body_score` in the body;
    the folder's weight is added only to qualified councils.
    """
    scores = council_scores(mentions, day, settings)
    own = council_scores([m for m in mentions if m.source != FOLDER], day, settings)
    qualified = {
        name: scores[name] for name in own
        if _strong(name, mentions, day) or own[name] >= settings.min_body_score
    }
    if not qualified:
        return [], scores
    winner = max(qualified, key=lambda name: (qualified[name], -_first_seen(name, mentions, day)))
    return joint_partner(winner, qualified, per_cue, day, settings), scores


def find_council(cues: list[Cue], *, day: dt.date | None = None, filename: str | None = None,
                 settings: CouncilSettings | dict | None = None) -> CouncilMatch:
    """RETURNS (CouncilMatch): the council the cues say the paper is about, with its code on `day`.

    day (date): the paper's date, which picks the code valid then.
    filename (str): for problem messages.
    """
    settings = CouncilSettings.resolve(settings)
    mentions, per_cue = cue_mentions(cues)
    names, scores = choose_council(mentions, per_cue, day, settings)
    problems: list[Problem] = []
    if not names and settings.use_folder:
        names = _folder_council(mentions, day)
        named_in_body = any(m.source == "body" and names and names[0] in owners(m.key, day) for m in mentions)
        if names and not named_in_body:
            problems.append(_problem("council_from_folder", filename,
                f"the paper names no council; '{names[0]}' was taken from the folder it was filed in"))
    if not names:
        problems.append(_problem("council_not_found", filename,
            "no council named on the cover, in headers or footers, contact lines or the file name; "
            "council left empty"))
        return CouncilMatch(scores=scores, problems=problems)
    return _match(names, mentions, scores, day, filename, problems)


def _folder_council(mentions: list[Mention], day: dt.date | None) -> list[str]:
    for mention in mentions:
        if mention.source == FOLDER:
            return owners(mention.key, day)[:1]
    return []


def _match(names: list[str], mentions: list[Mention], scores: dict[str, float], day: dt.date | None,
           filename: str | None, problems: list[Problem]) -> CouncilMatch:
    first = council_for(names[0], day)
    if first is not None and day is not None and not first.valid_on(day):
        problems.append(_problem("council_code_outside_dates", filename,
            f"{first.official_name} ({first.gss_code}) did not exist on {day.isoformat()}; kept its nearest code"))
    sources = [m.source for m in mentions if names[0] in owners(m.key, day)]
    best_source = max(sources, key=lambda s: SOURCE_WEIGHTS.get(s, 0.0), default=FOLDER)
    return CouncilMatch(
        council=" and ".join(names), council_code=first.gss_code if first else None,
        council_dfe_code=first.dfe_code if first else None, names=names, source=best_source,
        score=scores.get(names[0], 0.0), scores=scores, problems=problems,
    )


def _problem(code: str, filename: str | None, message: str) -> Problem:
    prefix = f"{filename}: " if filename else ""
    return Problem(code=code, stage="normalise", severity=Severity.WARNING, message=prefix + message)


def debug_council(cues: list[Cue], *, day: dt.date | None = None,
                  settings: CouncilSettings | dict | None = None) -> dict:
    """RETURNS (dict): the intermediate results: cue texts, mentions, scores and the match."""
    settings = CouncilSettings.resolve(settings)
    mentions, _ = cue_mentions(cues)
    return {
        "texts": [cue_text(cue) for cue in cues],
        "mentions": mentions,
        "scores": council_scores(mentions, day, settings),
        "match": find_council(cues, day=day, settings=settings),
    }
