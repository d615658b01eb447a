"""The council register: every English authority with children's services, past and present.

    from planwatch.normalise.register import load_register, council_for
    council_for("Dorset", date(2017, 5, 1)).gss_code   # 'E10000009', Dorset County Council
    council_for("Dorset", date(2020, 5, 1)).gss_code   # 'E06000059', Dorset Council

The data files (`councils.csv`, `council_bodies.csv`, `councils.meta.json`) are
built by `scripts/build_register.py` from mySociety's 'UK Local Authority Names
and Codes' (CC-BY-4.0, attribution: mySociety) and the curated facts in
`scripts/register/`; `docs/councils.md` describes them. One row of
`councils.csv` is one GSS code period of one authority: an authority whose code
changed (Gateshead in 2013, Barnsley in 2025) or that was replaced (Dorset
County Council by Dorset Council in 2019) has several rows under one `name`,
so that a paper's date picks the code valid then.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

REGISTER_FILE = "councils.csv"
BODIES_FILE = "council_bodies.csv"
META_FILE = "councils.meta.json"
LIST_SEPARATOR = "|"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _within(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether `day` falls from `start` to `end` (both included; None is open)."""
    return (start is None or start <= day) and (end is None or day <= end)


class Council(_Model):
    """One GSS code period of an authority."""

    gss_code: str
    name: str = Field(description="canonical name shared by predecessors and successors: 'Dorset'")
    official_name: str
    authority_type: str
    registry_code: str = Field(description="mySociety's local-authority-code, e.g. 'PLY'")
    start_date: dt.date | None = None
    end_date: dt.date | None = Field(default=None, description="last day; None while current")
    replaced_by: list[str] = Field(default_factory=list)
    dfe_code: str | None = None
    domains: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list, description="full names, matched in any case")
    places: list[str] = Field(default_factory=list, description="bare place names, matched as printed")

    def valid_on(self, day: dt.date) -> bool:
        """RETURNS (bool): the code was in use on `day`."""
        return _within(day, self.start_date, self.end_date)


class Body(_Model):
    """A trust or company that runs children's services for one or more councils."""

    body_id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    councils: list[str] = Field(description="canonical council names, first owner first")
    role: str = Field(description="'owner', or 'partner' for a council served but not named by default")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    domains: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    note: str | None = None

    def valid_on(self, day: dt.date) -> bool:
        """RETURNS (bool): the body ran the councils' services on `day`."""
        return _within(day, self.start_date, self.end_date)


@dataclass(frozen=True)
class Register:
    """The loaded register: code periods, bodies and the provenance record."""

    councils: tuple[Council, ...]
    bodies: tuple[Body, ...]
    meta: dict = field(default_factory=dict)

    def periods(self, name: str) -> list[Council]:
        """RETURNS (list[Council]): every code period filed under a canonical name, oldest first."""
        return [council for council in self.councils if council.name == name]

    @property
    def names(self) -> list[str]:
        """RETURNS (list[str]): the canonical names, each once, in register order."""
        return list(dict.fromkeys(council.name for council in self.councils))


def _split(value: str) -> list[str]:
    return [item for item in value.split(LIST_SEPARATOR) if item]


def parse_partial_date(value: str, *, end: bool = False) -> dt.date | None:
    """RETURNS (date | None): an ISO date, or the first (last, when `end`) day of 'YYYY-MM' or 'YYYY'.

    The bodies file records what its sources say: 'December 2018' is '2018-12'.
    """
    if not value:
        return None
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        year, month = parts
        if not end:
            return dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31) if end else dt.date(parts[0], 1, 1)


def _read_rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("planwatch.normalise").joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _council(row: dict[str, str]) -> Council:
    return Council(
        gss_code=row["gss_code"], name=row["name"], official_name=row["official_name"],
        authority_type=row["authority_type"], registry_code=row["registry_code"],
        start_date=parse_partial_date(row["start_date"]),
        end_date=parse_partial_date(row["end_date"], end=True),
        replaced_by=_split(row["replaced_by"]), dfe_code=row["dfe_code"] or None,
        domains=_split(row["domains"]), names=_split(row["names"]), places=_split(row["places"]),
    )


def _body(row: dict[str, str]) -> Body:
    return Body(
        body_id=row["body_id"], name=row["name"], aliases=_split(row["aliases"]),
        councils=_split(row["councils"]), role=row["role"],
        start_date=parse_partial_date(row["start_date"]),
        end_date=parse_partial_date(row["end_date"], end=True),
        domains=_split(row["domains"]), sources=row["sources"].split(), note=row["note"] or None,
    )


@lru_cache(maxsize=1)
def load_register() -> Register:
    """RETURNS (Register): the register shipped with the package, read once."""
    meta_text = resources.files("planwatch.normalise").joinpath(META_FILE).read_text(encoding="utf-8")
    return Register(
        councils=tuple(_council(row) for row in _read_rows(REGISTER_FILE)),
        bodies=tuple(_body(row) for row in _read_rows(BODIES_FILE)),
        meta=json.loads(meta_text),
    )


def council_for(name: str, day: dt.date | None = None, *, register: Register | None = None) -> Council | None:
    """RETURNS (Council | None): the code period of `name` in use on `day`.

    Undated, the latest period. Dated outside every period (a 2023 paper naming
    Northamptonshire, abolished in 2021), the nearest one.
    """
    periods = (register or load_register()).periods(name)
    if not periods:
        return None
    if day is None:
        return periods[-1]
    for council in periods:
        if council.valid_on(day):
            return council
    return min(periods, key=lambda council: _distance(council, day))


def _distance(council: Council, day: dt.date) -> int:
    if council.end_date is not None and day > council.end_date:
        return (day - council.end_date).days
    if council.start_date is not None and day < council.start_date:
        return (council.start_date - day).days
    return 0
