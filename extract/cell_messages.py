"""Messages printed across the month cells of a grid, cut into fragments, joined again.

A grid prints `Report development required` across the month cells where
there is no figure. In a PDF that is one merged cell; a text rendering cuts
it at each cell edge, and the letters at the cuts come out doubled or broken
(`Repo | ort developn | nent require | d` in the Plymouth 2023 plan,
`Not ava | ailable`). These helpers find the fragments of a row, join them
into words again with the document's own vocabulary, and give the message
to every month it covers. Used by `indicator_grid` only.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from planwatch.ingest.models import RawDocument

from . import indicator_cells as cells
from .common import clean

_WORD_RUN = re.compile(r"[^\W\d_]+")


def spread_messages(values: list[str], starts: list[int], words: frozenset[str]) -> list[str]:
    """RETURNS (list[str]): month texts with each message re-joined and given to every month it covers.

    Fragments in neighbouring cells are one message; a cell merged over several
    months (same start column) is one fragment. In a row without any figure,
    the empty months belong to the message too (it was one merged cell).
    """
    kinds = [cells.cell_kind(value) for value in values]
    result = [clean(value) for value in values]
    messages = []
    for run in _fragment_runs(values, kinds, starts):
        fragments = [values[i] for i in _distinct(run, starts)]
        message = known_message(join_fragments(fragments, words))
        messages.append(message)
        for i in run:
            result[i] = message
    if messages and cells.VALUE not in kinds:
        result = [value or messages[0] for value in result]
    return result


def _fragment_runs(values: list[str], kinds: list[str], starts: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i, kind in enumerate(kinds):
        if kind != cells.TEXT:
            continue
        previous = runs[-1][-1] if runs else None
        if previous == i - 1 and not _complete_apart(values[previous], values[i], starts[previous] == starts[i]):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _complete_apart(left: str, right: str, same_cell: bool) -> bool:
    """Two neighbouring texts that are each a whole message ('Not available' twice) are not one."""
    if same_cell:
        return False
    return clean(left) == clean(right) or (_is_known(left) and _is_known(right))


def _distinct(run: list[int], starts: list[int]) -> list[int]:
    seen, result = set(), []
    for i in run:
        if starts[i] not in seen:
            seen.add(starts[i])
            result.append(i)
    return result


def _is_known(text: str) -> bool:
    return known_message(clean(text)) in cells.lexicon()["messages"]["known"]


def known_message(text: str) -> str:
    """RETURNS (str): the known message (`[messages] known`) the text is close to, else the text."""
    settings = cells.lexicon()["messages"]
    best = max(settings["known"], key=lambda message: fuzz.ratio(message.lower(), text.lower()))
    return best if fuzz.ratio(best.lower(), text.lower()) >= settings["min_score"] else text


def join_fragments(fragments: list[str], words: frozenset[str]) -> str:
    """RETURNS (str): fragments of one message cut at cell edges, joined into words again.

    At each cut the candidates are tried in turn and the first that makes a
    known word wins: the two pieces as they are (`As|surance`), with a doubled
    letter dropped (`Repo|ort`, `Not ava|ailable`), with an `m` drawn as `n`+`n`
    or `r`+`n` (`developn|nent`), or as two words (`reporting|due`).
    """
    text = clean(fragments[0]) if fragments else ""
    for fragment in fragments[1:]:
        text = _join_two(text if not fragment[:1].isspace() else text + " ", fragment, words)
    return clean(text)


def _join_two(left: str, right: str, words: frozenset[str]) -> str:
    if left.endswith(" ") or right.startswith(" "):
        return left.rstrip() + " " + right.lstrip()
    right = right.rstrip()
    if right.startswith("- ") or right.startswith("– "):
        return left + " " + right
    head = re.search(r"[^\W\d_]+$", left)
    tail = re.match(r"[^\W\d_]+", right)
    if not head or not tail:
        return left + right
    a, b = head.group(0), tail.group(0)
    stem, rest = left[: head.start()], right[tail.end():]
    for joined in _candidates(a, b):
        if all(part.lower() in words for part in joined.split(" ")):
            return stem + joined + rest
    return left + right


def _candidates(a: str, b: str) -> list[str]:
    options = [a + b]
    if a[-1].lower() == b[0].lower():
        options.append(a + b[1:])
    if (a[-1] + b[0]).lower() in ("nn", "rn"):
        options.append(a[:-1] + "m" + b[1:])
    options.append(a + " " + b)
    return options


def document_words(raw: RawDocument) -> frozenset[str]:
    """RETURNS (frozenset[str]): lower-case words of the document's prose and long cells, and of the known messages.

    Short cells are left out: the fragments of a cut message are short cells,
    and must not vouch for themselves.
    """
    texts = [block.text for block in raw.blocks]
    texts += [cell.text for table in raw.tables for row in table.rows for cell in row.cells if len(cell.text.split()) >= 4]
    texts += cells.lexicon()["messages"]["known"]
    return frozenset(word.lower() for text in texts for word in _WORD_RUN.findall(text))
