"""Helpers every layout module shares: table grids, text cleaning, vocabularies.

Layout modules never import each other; what two of them need lives here.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz

from planwatch.ingest.models import Cell, RawDocument, Row, Table

_SPACES = re.compile(r"\s+")
_KEY = re.compile(r"[^a-z0-9#]+")


def clean(text: str | None) -> str:
    """RETURNS (str): text with runs of whitespace (line breaks included) as single spaces."""
    return _SPACES.sub(" ", text or "").strip()


def key(text: str | None) -> str:
    """RETURNS (str): lower-case letters and digits only, for comparing header words."""
    return _KEY.sub("", (text or "").lower())


def grid(table: Table) -> list[list[Cell | None]]:
    """RETURNS (list): the table as a rectangle; a merged cell fills every position it covers."""
    rows: list[list[Cell | None]] = [[None] * table.n_cols for _ in table.rows]
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    rr, cc = r + dr, cell.col + dc
                    if rr < len(rows) and cc < table.n_cols:
                        rows[rr][cc] = cell
    return rows


def row_texts(table: Table, row_index: int) -> list[str]:
    """RETURNS (list[str]): one row's cell texts by grid column ('' where empty or merged from above)."""
    row = table.rows[row_index]
    texts = [""] * table.n_cols
    for cell in row.cells:
        if cell.col < table.n_cols:
            texts[cell.col] = cell.text
    return texts


def cell_at(row: Row, col: int) -> Cell | None:
    """RETURNS (Cell | None): the cell of `row` covering grid column `col`."""
    for cell in row.cells:
        if cell.col <= col < cell.col + cell.col_span:
            return cell
    return None


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """RETURNS (dict): the vocabularies in `vocab.toml`, read once."""
    text = resources.files("planwatch.extract").joinpath("vocab.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=4096)
def column_role(header: str) -> tuple[str | None, float]:
    """RETURNS (tuple): the role a header text names (or None) and the match score 0-100.

    A header matches a role when it equals one of the role's words or starts
    with one of its `starts`, fuzzily (rapidfuzz ratio, so 'Time scale/ Date'
    and 'Timescale' or 'R A G' and 'RAG' agree).
    """
    vocab = vocabulary()
    wanted = key(header)
    if not wanted:
        return None, 0.0
    threshold = vocab["matching"]["min_score"]
    best: tuple[str | None, float] = (None, 0.0)
    for role, lists in vocab["columns"].items():
        for word in lists["words"]:
            score = 100.0 if key(word) == wanted else fuzz.ratio(key(word), wanted)
            if score >= threshold and score > best[1]:
                best = (role, score)
        for start in lists.get("starts", []):
            prefix = key(start)
            if prefix and wanted.startswith(prefix) and 95.0 > best[1]:
                best = (role, 95.0)
    return best


def header_roles(texts: list[str]) -> dict[int, str]:
    """RETURNS (dict): grid column -> role for a row of header texts (first column wins a role)."""
    roles: dict[int, str] = {}
    for col, text in enumerate(texts):
        role, _ = column_role(clean(text))
        if role is not None and role not in roles.values():
            roles[col] = role
    return roles


def all_tables(raw: RawDocument) -> list[Table]:
    """RETURNS (list[Table]): every table of the document in reading order."""
    return sorted(raw.tables, key=lambda table: table.seq)
