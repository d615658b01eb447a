"""Build the council register that ships in `normalise/` (rerun it when a source changes).

    python scripts/build_register.py [--reference PATH] [--built YYYY-MM-DD]

Reads mySociety's 'UK Local Authority Names and Codes' data package
(CC-BY-4.0, attribution: mySociety) from `../shared/reference/uk_local_authorities/`
and the curated facts in `scripts/register/` (DfE LA numbers, website domains,
code changes, extra aliases, the trusts and companies that run children's
services, and the sources of all of them). Writes:

- `normalise/councils.csv`: one row per authority and GSS code period, for every
  English authority with children's services responsibilities, past and present;
- `normalise/council_bodies.csv`: the trusts and companies, checked against it;
- `normalise/councils.meta.json`: attribution, licences, sources and build date.

The steps: `read_authorities` -> `code_periods` (split at code changes, end
dates made inclusive) -> `authority_rows` (names, places, DfE number, domains)
-> `check_register` (counts and known codes) -> `write_*`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "scripts" / "register"
OUTPUT = ROOT / "normalise"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "uk_local_authorities"

AUTHORITY_TYPES = {
    "CTY": "county",
    "UA": "unitary",
    "MD": "metropolitan_district",
    "LBO": "london_borough",
    "CC": "city_corporation",
}
"""mySociety authority types that hold children's services responsibilities in England."""

REGISTER_ENTRY_YEAR = "2005-"
"""mySociety gives 2005 start dates to authorities that existed before the old
local-authority register began; those are entry dates, not creation dates."""

NAME_OVERRIDES = {
    "DOR": "Dorset",
    "DST": "Dorset",
    "BKM": "Buckinghamshire",
    "SHN": "St Helens",
    "BST": "Bristol",
}
"""Canonical names where mySociety's 'nice name' carries a qualifier
('Dorset County', 'City of Bristol'); predecessors and successors of one area
share a name so that a paper's date picks the code."""

COUNCIL_WORDS = re.compile(r"\b(council|borough|boro|county|city|corporation|district|royal|ua)\b", re.I)
EXCLUDED_PLACES = {"Blackburn", "Windsor", "Chelsea", "Kingston", "Richmond", "Newcastle", "Aberdeen"}
"""Bare place names too ambiguous to stand for an authority on their own."""

EXPECTED_CURRENT = 153
KNOWN_CODES = {
    "Plymouth": "E06000026", "Worcestershire": "E10000034", "Sunderland": "E08000024",
    "Kent": "E10000016", "Rutland": "E06000017", "Torbay": "E06000027", "Halton": "E06000006",
    "Wirral": "E08000015",
}
"""Codes checked by hand against GOV.UK's local-links data and the DfE sources."""

COLUMNS = [
    "gss_code", "name", "official_name", "authority_type", "registry_code", "start_date",
    "end_date", "replaced_by", "dfe_code", "dfe_code_sources", "domains", "names", "places",
]
BODY_COLUMNS = [
    "body_id", "name", "aliases", "councils", "role", "start_date", "end_date", "domains",
    "sources", "note",
]


def read_csv(path: Path) -> list[dict[str, str]]:
    """RETURNS (list[dict]): the rows of a CSV file."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_authorities(reference: Path) -> list[dict[str, str]]:
    """RETURNS (list[dict]): mySociety's English authorities with children's services."""
    rows = read_csv(reference / "uk_local_authorities_current.csv")
    return [
        row for row in rows
        if row["nation"] == "England" and row["local-authority-type"] in AUTHORITY_TYPES
    ]


def _day_before(iso: str) -> str:
    return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()


def inclusive_end(row: dict[str, str], starts: dict[str, str]) -> str:
    """RETURNS (str): the last day the authority existed.

    mySociety writes some end dates as the successor's first day (Cumbria ends
    '2023-04-01' when Cumberland starts that day); the register keeps the last day.
    """
    end = row["end-date"]
    successors = [code for code in row["replaced-by"].split(",") if code]
    if end and any(starts.get(code) == end for code in successors):
        return _day_before(end)
    return end


def code_periods(row: dict[str, str], changes: list[dict[str, str]], end: str) -> list[dict[str, str]]:
    """RETURNS (list[dict]): the authority's GSS codes, each with its first and last day."""
    start = "" if row["start-date"].startswith(REGISTER_ENTRY_YEAR) else row["start-date"]
    mine = sorted((c for c in changes if c["registry_code"] == row["local-authority-code"]),
                  key=lambda c: c["first_day"])
    if not mine:
        return [{"gss_code": row["gss-code"], "start_date": start, "end_date": end, "replaced_by": ""}]
    periods = []
    for change in mine:
        periods.append({
            "gss_code": change["old_gss_code"], "start_date": start,
            "end_date": _day_before(change["first_day"]), "replaced_by": change["new_gss_code"],
        })
        start = change["first_day"]
    periods.append({"gss_code": mine[-1]["new_gss_code"], "start_date": start, "end_date": end, "replaced_by": ""})
    return periods


def names_and_places(
    row: dict[str, str], name: str, known: list[str], extra: list[dict[str, str]],
) -> tuple[list[str], list[str]]:
    """RETURNS (tuple): full council names (matched in any case) and bare place names (matched as printed).

    known (list[str]): mySociety's names for the authority (lookup_name_to_registry.csv).
    A name with a council word ('Kent County Council', 'plymouth city') is a full
    name; a capitalised name without one ('Kent', 'Kingston upon Hull') is a
    place; lower-case variants of places add nothing, since places are matched
    as printed and in capitals.
    """
    names = [" ".join(row["official-name"].split()), f"{name} Council"]
    if row["local-authority-type"] == "CTY":
        names.append(f"{name} County Council")
    places = [name]
    for alt in known:
        alt = " ".join(alt.split())
        if COUNCIL_WORDS.search(alt):
            names.append(alt)
        elif alt != alt.lower() and "," not in alt:
            places.append(alt)
    for alias in extra:
        (names if alias["kind"] == "name" else places).append(alias["alias"])
    return _unique(names, fold=True), [p for p in _unique(places, fold=False) if p not in EXCLUDED_PLACES]


def _unique(items: Iterable[str], *, fold: bool) -> list[str]:
    seen: set[str] = set()
    result = []
    for item in items:
        key = item.lower() if fold else item
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


def authority_rows(reference: Path) -> list[dict[str, str]]:
    """RETURNS (list[dict]): the register, one row per authority and code period."""
    authorities = read_authorities(reference)
    starts = {row["local-authority-code"]: row["start-date"] for row in authorities}
    changes = read_csv(CURATED / "code_changes.csv")
    dfe = {row["registry_code"]: row for row in read_csv(CURATED / "dfe_codes.csv")}
    domains = _grouped(read_csv(CURATED / "domains.csv"), "registry_code")
    aliases = _grouped(read_csv(CURATED / "aliases.csv"), "registry_code")
    known = _grouped(read_csv(reference / "lookup_name_to_registry.csv"), "local-authority-code")
    first_codes = {row["local-authority-code"]: row["gss-code"] for row in authorities}
    for change in changes:
        first_codes[change["registry_code"]] = change["old_gss_code"]
    rows = []
    for row in authorities:
        code = row["local-authority-code"]
        name = NAME_OVERRIDES.get(code, row["nice-name"].strip())
        names, places = names_and_places(
            row, name, [k["la-name"] for k in known.get(code, [])], aliases.get(code, []),
        )
        successors = [first_codes[c] for c in row["replaced-by"].split(",") if c in first_codes]
        for period in code_periods(row, changes, inclusive_end(row, starts)):
            rows.append({
                **period,
                "replaced_by": period["replaced_by"] or "|".join(successors),
                "name": name,
                "official_name": " ".join(row["official-name"].split()),
                "authority_type": AUTHORITY_TYPES[row["local-authority-type"]],
                "registry_code": code,
                "dfe_code": dfe.get(code, {}).get("dfe_code", ""),
                "dfe_code_sources": dfe.get(code, {}).get("sources", ""),
                "domains": "|".join(d["domain"] for d in domains.get(code, [])),
                "names": "|".join(names),
                "places": "|".join(places),
            })
    return sorted(rows, key=lambda r: (r["name"].lower(), r["start_date"], r["gss_code"]))


def _grouped(rows: list[dict[str, str]], key: str) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def check_register(rows: list[dict[str, str]], bodies: list[dict[str, str]]) -> list[str]:
    """RETURNS (list[str]): what is wrong with the register, in words; empty when it is sound."""
    errors = []
    current = [row for row in rows if not row["end_date"]]
    if len(current) != EXPECTED_CURRENT:
        errors.append(f"expected {EXPECTED_CURRENT} current authorities, found {len(current)}")
    by_name = {row["name"]: row["gss_code"] for row in current}
    for name, code in KNOWN_CODES.items():
        if by_name.get(name) != code:
            errors.append(f"{name}: expected {code}, register has {by_name.get(name)}")
    codes = [row["gss_code"] for row in rows]
    errors += [f"GSS code {code} appears twice" for code in set(codes) if codes.count(code) > 1]
    names = {row["name"] for row in rows}
    for body in bodies:
        errors += [f"{body['name']}: unknown council {c!r}" for c in body["councils"].split("|") if c not in names]
    return errors


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    """Write rows with a fixed column order and Unix line ends, so that diffs stay small."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in columns} for row in rows)


def package_version(reference: Path) -> str:
    """RETURNS (str): the data package's version from its datapackage.yaml."""
    text = (reference / "datapackage.yaml").read_text(encoding="utf-8")
    match = re.search(r"^version:\s*(\S+)", text, re.M)
    return match.group(1) if match else "unknown"


def write_meta(path: Path, reference: Path, built: str) -> None:
    """Write the attribution, licences and sources next to the register."""
    meta = {
        "register": "councils.csv",
        "bodies": "council_bodies.csv",
        "built": built,
        "built_by": "scripts/build_register.py",
        "attribution": "Contains data from mySociety's UK Local Authority Names and Codes "
        f"(uk_la_past_current {package_version(reference)}), licensed CC-BY-4.0",
        "licence": "CC-BY-4.0",
        "sources": read_csv(CURATED / "sources.csv"),
        "columns": COLUMNS,
    }
    path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--built", default=dt.date.today().isoformat(), help="build date to record")
    args = parser.parse_args(argv)
    if not (args.reference / "uk_local_authorities_current.csv").exists():
        print(f"{args.reference}: mySociety's data package is not there; pass --reference", file=sys.stderr)
        return 2
    rows = authority_rows(args.reference)
    bodies = read_csv(CURATED / "bodies.csv")
    errors = check_register(rows, bodies)
    if errors:
        print("register not written:\n  " + "\n  ".join(errors), file=sys.stderr)
        return 1
    write_csv(OUTPUT / "councils.csv", rows, COLUMNS)
    write_csv(OUTPUT / "council_bodies.csv", bodies, BODY_COLUMNS)
    write_meta(OUTPUT / "councils.meta.json", args.reference, args.built)
    print(f"wrote {len(rows)} code periods and {len(bodies)} bodies to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
