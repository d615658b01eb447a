"""RAG statuses as printed, as look-alike letters, or as cell colours, to the canonical scale.

The canonical scale is `Rag`: red, amber, green, complete (None when a cell is
unrated). Papers print statuses as words in any case (`AMBER`, `Completed`),
as single letters (`G`, `C`), as Cyrillic or Greek letters that look Latin
(the Sunderland 2019 progress report prints complete as Cyrillic `С` and
amber as Greek `Α`; the Plymouth 2023 plan prints its 'Amber E' as Cyrillic
`Е` or Greek `Ε`), or only as a fill colour. A document's own key decides
what its labels mean: `key_from_labels` reads it, `rag_from_text` uses it.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz

from planwatch import vocabulary as shared
from planwatch.normalise.models import Rag

# --- look-alike letters -------------------------------------------------------

CONFUSABLES = shared.LOOKALIKES
"""Letters that print like a Latin letter, and that letter (the shared vocabulary's)."""

SMALL_CAPITALS = shared.SMALL_CAPITALS
"""Look-alikes of Latin *capitals* in small-letter form: a token that holds one
is folded to capitals (Plymouth's 'твс' is 'TBC', not 'TBc')."""

_LETTER_RUN = re.compile(r"[^\W\d_]+")
_GREEK_OR_CYRILLIC = re.compile("[\u0370-\u03ff\u0400-\u052f\u1f00-\u1fff]")

# --- words and letters --------------------------------------------------------

STATUS_WORDS = {word: Rag(rag) for word, rag in shared.STATUS_COLOURS.items()}
"""Words that name a status wherever they are printed."""

STATUS_LETTERS = {letter: Rag(rag) for letter, rag in shared.STATUS_LETTERS.items()}
"""Single letters that name a status when a cell holds nothing else."""

DEFINITION_PHRASES = tuple((Rag(rag), phrases) for rag, phrases in shared.STATUS_PHRASES)
"""Phrases of a key's definition, tried in this order, for a label that names
no colour and has no fill. 'on track to be completed' is green, so green is
tried before complete."""

FUZZY_MIN_LETTERS = 3
"""A misprinted status is read only when it and the word it is compared with have this many letters."""
FUZZY_MIN_PREFIX = 4
"""A status cut short keeps at least this many letters ('Comp' for complete)."""
FUZZY_MIN_SCORE = 80
"""rapidfuzz ratio (0-100) from which a misspelling counts as the word ('On trak', 'Ambr')."""
FUZZY_MAX_WORDS = 3
"""A cell of more words is a sentence, never a misprinted status."""

_LABEL_PREFIX = re.compile(r"^(?:r\s*a\s*g(?:\s*rating)?|status|rating)\s*[:\-–—]\s*", re.IGNORECASE)
_EDGE_MARKS = " \t\n*.,;:!?'\"†‡"
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_DEFINITION_SEPARATOR = re.compile(r"\s[-–—:]\s|\s*[:–—]\s*")
_WORD = re.compile(r"[a-z]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

# --- colours ------------------------------------------------------------------

DARK_VALUE = 0.2
"""HSV value (brightness, 0-1) below which a fill is too dark to be a status (black, near-black)."""

NEUTRAL_LIGHTEST = 0xF0
"""A swatch with every channel this light or lighter is the paper, not a grey."""

NEUTRAL_CHROMA = 0.05
"""Chroma below which a fill is a grey (white, greys, black): no colour at all."""

HUE_BANDS = (
    # (from degrees, to degrees, status, least chroma)
    (340.0, 360.0, Rag.RED, 0.15),
    (0.0, 15.0, Rag.RED, 0.15),
    (15.0, 68.0, Rag.AMBER, 0.25),
    (68.0, 170.0, Rag.GREEN, 0.15),
    (170.0, 255.0, Rag.COMPLETE, 0.25),
)
"""Hue bands of the status colours and the chroma a fill needs to count.

Hues between the bands (purple and pink, 255-340 degrees) are not statuses.
The least chroma keeps the pale status fills that Excel-made plans use,
Excel's 'Bad' #FFC7CE (chroma 0.22) and 'Good' #C6EFCE (0.16), but drops the
pale tints Office uses for header rows and banding: 'Lighter 80%' accent tints
such as #DDEBF7, #D9E2F3, #DEEAF6, #E2EFDA (0.08-0.10) and #FCE4D6 (0.15).
Yellow and blue header tints are stronger (#FFF2CC 0.20, #B4C6E7 0.20), so
amber and complete need 0.25; Excel's 'Neutral' #FFEB9C (0.39) and the light
blue #8DB3E2 (0.33) still count."""

_HEX = re.compile(r"#?([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})")


def fold_confusables(text: str | None) -> str:
    """RETURNS (str): `text` with Cyrillic and Greek look-alike letters as the Latin letters they imitate.

    A run of letters is folded only when every letter in it is Latin or a
    look-alike, and then only if it mixes in a Latin letter ('Аmber' with a
    Cyrillic 'А') or the text holds no other Cyrillic or Greek letter. Real
    Russian or Greek text always has letters with no Latin twin ('привет'),
    so its short all-look-alike words ('все') stay as they are; a cell that is
    only look-alikes ('С', 'твс') is taken as Latin, as it is in an English
    plan. A run that holds a small-capital look-alike ('т', 'в') is folded
    to capitals, so 'твс' reads 'TBC'.
    """
    if not text:
        return ""
    runs = _LETTER_RUN.findall(text)
    foreign = any(_GREEK_OR_CYRILLIC.search(run) and not _foldable(run) for run in runs)
    return _LETTER_RUN.sub(lambda match: _fold_run(match.group(), foreign=foreign), text)


def _foldable(run: str) -> bool:
    """RETURNS (bool): whether every letter of `run` is ASCII Latin or a look-alike."""
    return all(char.isascii() or char in CONFUSABLES for char in run)


def _fold_run(run: str, *, foreign: bool) -> str:
    """RETURNS (str): one run of letters folded to Latin, or as it was."""
    if not _foldable(run) or all(char.isascii() for char in run):
        return run
    if foreign and not any(char.isascii() for char in run):
        return run
    folded = "".join(CONFUSABLES.get(char, char) for char in run)
    if any(char in SMALL_CAPITALS for char in run):
        return folded.upper()
    return folded


def rag_from_text(
    text: str | None, *, key: Mapping[str, Rag | None] | None = None, fuzzy: bool = False
) -> Rag | None:
    """RETURNS (Rag | None): the status a cell's text names, or None when it names none.

    The document's key is tried first, so its own labels decide ('E' or
    'Amber E' in the Plymouth 2023 plan is amber because its key says
    'Amber E (yellow)'). Then a status word opening the text ('Amber',
    'GREEN - on track', 'Amber/Green' is amber: the first colour named), or a
    single status letter standing alone ('R', 'C', Cyrillic 'С').

    key (Mapping[str, Rag | None]): label -> status, from `key_from_labels`.
    fuzzy (bool): also read a status word printed with stray spaces ('A mber'),
        cut short ('Complet') or mistyped ('On trak'), when only one status
        comes close (`fuzzy_status`); for cells of a status column.
    """
    head = _status_head(text)
    if not head:
        return None
    aliases = _key_aliases(key) if key else {}
    for form in (head, _PARENTHESES.sub(" ", head)):
        found = aliases.get(_compact(form))
        if found is not None:
            return found
    if key and _key_leaves_unrated(head, key):
        return None
    found = _default_status(head)
    if found is None and fuzzy:
        found = fuzzy_status(head, {**STATUS_WORDS, **aliases})
    return found


def _key_leaves_unrated(head: str, key: Mapping[str, Rag | None]) -> bool:
    """RETURNS (bool): the key lists this label and rates it as no status (a grey swatch)."""
    wanted = _compact(_PARENTHESES.sub(" ", head))
    return any(rag is None and _compact(fold_confusables(label)) == wanted for label, rag in key.items())


def fuzzy_status(head: str, statuses: Mapping[str, Rag]) -> Rag | None:
    """RETURNS (Rag | None): the one status a misprinted status word stands for, or None.

    `head` is compared, letters and digits only, with every status word and
    key label: the same letters with stray spaces ('A mber'), the start of
    one at least `FUZZY_MIN_PREFIX` letters long ('Complet', 'On tra'), or
    a close spelling (rapidfuzz ratio at least `FUZZY_MIN_SCORE`: 'On trak',
    'Ambr'). When the words that come close name different statuses, None.
    """
    wanted = _compact(_PARENTHESES.sub(" ", head))
    if len(wanted) < FUZZY_MIN_LETTERS or len(head.split()) > FUZZY_MAX_WORDS:
        return None
    compact = {_compact(word): rag for word, rag in statuses.items() if len(_compact(word)) >= FUZZY_MIN_LETTERS}
    if wanted in compact:
        return compact[wanted]
    near = {rag for word, rag in compact.items()
            if (len(wanted) >= FUZZY_MIN_PREFIX and word.startswith(wanted))
            or fuzz.ratio(wanted, word) >= FUZZY_MIN_SCORE}
    return near.pop() if len(near) == 1 else None


def _status_head(text: str | None) -> str:
    """RETURNS (str): the text folded, lower-case, without a 'RAG:' label or outer brackets."""
    folded = fold_confusables(text or "").strip().lower()
    folded = _LABEL_PREFIX.sub("", folded).strip(_EDGE_MARKS)
    if folded[:1] in "([" and folded[-1:] in ")]":
        folded = folded[1:-1].strip(_EDGE_MARKS)
    return folded


def _default_status(head: str) -> Rag | None:
    """RETURNS (Rag | None): the status a cleaned text names without a key."""
    bare = _PARENTHESES.sub(" ", head).strip(" -–—/*.")
    letters = [part.strip() for part in bare.split("/")]
    if all(part in STATUS_LETTERS for part in letters):
        return STATUS_LETTERS[letters[0]]
    first = _WORD.match(head)
    if first is None:
        return None
    return STATUS_WORDS.get(first.group())


def _compact(text: str) -> str:
    """RETURNS (str): lower-case letters and digits only, for comparing labels."""
    return _NOT_ALNUM.sub("", text.lower())


def _key_aliases(key: Mapping[str, Rag | None]) -> dict[str, Rag]:
    """RETURNS (dict): every way a cell may print a key's label -> its status.

    'Amber E (yellow)' may be printed as the whole label, as 'Amber E', as
    'yellow' or as its code letter 'E'. A whole label beats a derived alias.
    """
    aliases: dict[str, Rag] = {}
    derived: dict[str, Rag] = {}
    for label, rag in key.items():
        if rag is None:
            continue
        folded = fold_confusables(label).lower()
        aliases.setdefault(_compact(folded), rag)
        for alias in _label_aliases(folded):
            derived.setdefault(alias, rag)
    for alias, rag in derived.items():
        aliases.setdefault(alias, rag)
    aliases.pop("", None)
    return aliases


def _label_aliases(label: str) -> list[str]:
    """RETURNS (list[str]): the shorter forms of one lower-case key label."""
    head = _DEFINITION_SEPARATOR.split(label, maxsplit=1)[0]
    bare = _PARENTHESES.sub(" ", head)
    aliases = [_compact(head), _compact(bare)]
    aliases += [_compact(inner) for inner in re.findall(r"\(([^)]*)\)", head)]
    words = bare.split()
    if len(words) > 1 and len(_compact(words[-1])) == 1:
        aliases.append(_compact(words[-1]))
    return aliases


def key_from_labels(labels: Iterable[tuple[str, str | None, str | None]]) -> dict[str, Rag | None]:
    """RETURNS (dict): each key label as printed -> the canonical status it stands for.

    A label's own words decide first ('Amber E (yellow)' is amber, 'Blue' and
    'COMPLETED' are complete, 'Yellow' is amber); then its fill colour
    ('COMPLETED' shown in blue); then the words of its definition
    (`DEFINITION_PHRASES`). A label none of these decide maps to None.

    labels (Iterable[tuple]): (label, definition, fill as '#rrggbb') per key row.
    """
    key: dict[str, Rag | None] = {}
    for label, definition, fill in labels:
        key[label] = _label_status(label, definition, fill)
    return key


def _label_status(label: str, definition: str | None, fill: str | None) -> Rag | None:
    """RETURNS (Rag | None): the status one key row stands for."""
    words = _WORD.findall(fold_confusables(label).lower())
    for word in words:
        if word in STATUS_WORDS:
            return STATUS_WORDS[word]
    from_text = _default_status(_status_head(label))
    if from_text is not None:
        return from_text
    from_fill = rag_from_colour(fill)
    if from_fill is not None:
        return from_fill
    if _is_neutral_swatch(fill):
        return None
    return _definition_status(definition) or _definition_status(label)


def _is_neutral_swatch(fill: str | None) -> bool:
    """RETURNS (bool): the key's swatch is grey or black: the key shows this label as no status."""
    rgb = parse_hex(fill)
    if rgb is None or min(rgb) >= NEUTRAL_LIGHTEST:
        return False
    return fill_hex(fill) is None


def _definition_status(definition: str | None) -> Rag | None:
    """RETURNS (Rag | None): the status a key's definition describes, by `DEFINITION_PHRASES`."""
    text = " ".join(fold_confusables(definition or "").lower().split())
    for rag, phrases in DEFINITION_PHRASES:
        if any(phrase in text for phrase in phrases):
            return rag
    return None


def parse_hex(colour: str | None) -> tuple[int, int, int] | None:
    """RETURNS (tuple | None): (red, green, blue) 0-255 from '#rrggbb', 'rrggbb', '#rgb' or 'aarrggbb'.

    Eight digits are read as Office writes them, alpha first (Excel's
    'FF00B050'). Anything else ('auto', '', 'none') gives None.
    """
    if not colour:
        return None
    match = _HEX.fullmatch(colour.strip().lower())
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(char * 2 for char in digits)
    digits = digits[-6:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def rag_from_colour(colour: str | None) -> Rag | None:
    """RETURNS (Rag | None): the status a fill colour shows, or None when it shows none.

    The colour model is HSV. The hue (0-360 degrees) says which status colour
    a fill is nearest to (`HUE_BANDS`: red 340-15, amber/orange/yellow 15-68,
    green 68-170, blue 170-255 as complete; purple and pink are none). The
    chroma, max(r, g, b) - min(r, g, b) on a 0-1 scale, says how much colour
    there is: whites, greys and black have none, pale header tints little, so a
    fill needs the band's least chroma to count. A fill darker than
    `DARK_VALUE` is never a status.
    """
    rgb = parse_hex(colour)
    if rgb is None:
        return None
    hue, chroma, value = _hue_chroma_value(rgb)
    if value < DARK_VALUE:
        return None
    for start, end, rag, least_chroma in HUE_BANDS:
        if start <= hue < end:
            return rag if chroma >= least_chroma else None
    return None


def _hue_chroma_value(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """RETURNS (tuple): hue in degrees, chroma 0-1 and HSV value 0-1 of an RGB colour."""
    red, green, blue = (channel / 255 for channel in rgb)
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    return (hue * 360.0) % 360.0, saturation * value, value


def fill_hex(colour: str | None) -> str | None:
    """RETURNS (str | None): a fill as '#rrggbb' when it shows some colour; None for white, greys, black."""
    rgb = parse_hex(colour)
    if rgb is None:
        return None
    _, chroma, value = _hue_chroma_value(rgb)
    if chroma < NEUTRAL_CHROMA or value < DARK_VALUE:
        return None
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def rag_from_cell(
    text: str | None, fill: str | None, *, key: Mapping[str, Rag | None] | None = None
) -> tuple[Rag | None, str | None]:
    """RETURNS (tuple): (status, rag_raw) for a cell of a RAG column.

    The printed text wins when it names a status; otherwise the fill colour
    decides. rag_raw is the printed text, or, when the cell prints nothing,
    the fill as '#rrggbb' if it shows any colour (a blank white or grey cell
    gives (None, None)). A coloured cell whose colour is no status (purple)
    keeps its colour in rag_raw with a None status, so nothing is lost.
    """
    printed = " ".join((text or "").split())
    from_text = rag_from_text(printed, key=key, fuzzy=True)
    if from_text is not None:
        return from_text, printed
    from_fill = rag_from_colour(fill)
    if printed:
        return from_fill, printed
    return from_fill, fill_hex(fill)
