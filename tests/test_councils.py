"""The council register (normalise/register.py, built by scripts/build_register.py)."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from planwatch.normalise.register import council_for, load_register, parse_partial_date

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "uk_local_authorities"
needs_reference = pytest.mark.skipif(
    not (REFERENCE / "uk_local_authorities_current.csv").exists(),
    reason="../shared/reference/uk_local_authorities is not there",
)

KNOWN = [
    # name, GSS code, DfE LA number: GOV.UK local links and three DfE lists agree
    ("Plymouth", "E06000026", "879"),
    ("Worcestershire", "E10000034", "885"),
    ("Sunderland", "E08000024", "394"),
    ("Kent", "E10000016", "886"),
    ("Rutland", "E06000017", "857"),
    ("Torbay", "E06000027", "880"),
    ("Halton", "E06000006", "876"),
    ("Wirral", "E08000015", "344"),
    ("Birmingham", "E08000025", "330"),
    ("City of London", "E09000001", "201"),
    ("Isles of Scilly", "E06000053", "420"),
]

BY_DATE = [
    ("Dorset", "2017-05-01", "E10000009"),
    ("Dorset", "2020-05-01", "E06000059"),
    ("North Yorkshire", "2022-06-01", "E10000023"),
    ("North Yorkshire", "2023-04-01", "E06000065"),
    ("Somerset", "2023-03-31", "E10000027"),
    ("Somerset", "2024-01-01", "E06000066"),
    ("Buckinghamshire", "2019-01-01", "E10000002"),
    ("Buckinghamshire", "2021-01-01", "E06000060"),
    ("Cumbria", "2017-01-01", "E10000006"),
    ("Northamptonshire", "2017-01-01", "E10000021"),
    ("Bournemouth", "2018-01-01", "E06000028"),
    ("Bournemouth, Christchurch and Poole", "2020-01-01", "E06000058"),
    ("Gateshead", "2012-06-01", "E08000020"),
    ("Gateshead", "2017-06-01", "E08000037"),
    ("Barnsley", "2024-06-01", "E08000016"),
    ("Barnsley", "2025-06-01", "E08000038"),
]


def test_register_has_every_current_authority() -> None:
    current = [c for c in load_register().councils if c.end_date is None]
    assert len(current) == 153
    assert {c.authority_type for c in current} == {
        "county", "unitary", "metropolitan_district", "london_borough", "city_corporation",
    }


@pytest.mark.parametrize(("name", "code", "dfe"), KNOWN, ids=[k[0] for k in KNOWN])
def test_known_codes(name: str, code: str, dfe: str) -> None:
    council = council_for(name)
    assert (council.gss_code, council.dfe_code) == (code, dfe)


@pytest.mark.parametrize(("name", "day", "code"), BY_DATE, ids=[f"{b[0]}-{b[1]}" for b in BY_DATE])
def test_code_valid_on_the_papers_date(name: str, day: str, code: str) -> None:
    assert council_for(name, dt.date.fromisoformat(day)).gss_code == code


def test_dfe_numbers_missing_only_where_no_source_was_found() -> None:
    missing = {c.gss_code for c in load_register().councils if c.dfe_code is None}
    assert missing == {"E06000063", "E06000064", "E06000065", "E06000066"}


def test_successors_start_the_day_after_predecessors_end() -> None:
    register = load_register()
    by_code = {c.gss_code: c for c in register.councils}
    for council in register.councils:
        for code in council.replaced_by:
            assert council.end_date + dt.timedelta(days=1) == by_code[code].start_date, council.gss_code


def test_code_periods_of_one_name_do_not_overlap() -> None:
    register = load_register()
    for name in register.names:
        periods = register.periods(name)
        for earlier, later in zip(periods, periods[1:]):
            assert earlier.end_date is not None and earlier.end_date < later.start_date, name


@pytest.mark.parametrize("domain, name", [
    ("plymouth.gov.uk", "Plymouth"), ("worcestershire.gov.uk", "Worcestershire"),
    ("kent.gov.uk", "Kent"), ("sunderland.gov.uk", "Sunderland"), ("hants.gov.uk", "Hampshire"),
])
def test_domains(domain: str, name: str) -> None:
    owners = {c.name for c in load_register().councils if domain in c.domains}
    assert owners == {name}


def test_bodies_name_known_councils_and_sources() -> None:
    register = load_register()
    assert all(body.sources for body in register.bodies)
    assert {b.name for b in register.bodies} >= {
        "Together for Children", "Achieving for Children", "Birmingham Children's Trust",
        "Northamptonshire Children's Trust", "Slough Children First", "Doncaster Children's Services Trust",
        "Sandwell Children's Trust", "Bradford Children and Families Trust",
    }


def test_meta_names_licence_and_sources() -> None:
    meta = load_register().meta
    assert meta["licence"] == "CC-BY-4.0" and "mySociety" in meta["attribution"]
    keys = {source["key"] for source in meta["sources"]}
    assert {"mysociety", "govuk", "termdates", "tuition", "fiat", "ilr2010", "sims2019"} <= keys


@needs_reference
def test_codes_agree_with_mysocietys_code_lookup() -> None:
    with (REFERENCE / "lookup_gss_to_registry.csv").open(newline="", encoding="utf-8") as handle:
        lookup = {row["gss-code"]: row["local-authority-code"] for row in csv.DictReader(handle)}
    register = load_register().councils
    unknown = {c.gss_code for c in register if c.gss_code not in lookup}
    assert unknown == {"E08000038", "E08000039"}  # recoded on 1 April 2025, after the package
    assert all(lookup[c.gss_code] == c.registry_code for c in register if c.gss_code in lookup)


@needs_reference
def test_committed_register_is_what_the_build_script_makes() -> None:
    spec = importlib.util.spec_from_file_location("build_register", ROOT / "scripts" / "build_register.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rows = build.authority_rows(REFERENCE)
    with (ROOT / "normalise" / "councils.csv").open(newline="", encoding="utf-8") as handle:
        committed = list(csv.DictReader(handle))
    assert committed == [{column: row[column] for column in build.COLUMNS} for row in rows]
    assert build.check_register(rows, build.read_csv(build.CURATED / "bodies.csv")) == []


@pytest.mark.parametrize("value, end, expected", [
    ("2018-12", False, "2018-12-01"), ("2018-12", True, "2018-12-31"),
    ("2014", False, "2014-01-01"), ("2022-09", True, "2022-09-30"), ("", False, None),
])
def test_partial_dates(value: str, end: bool, expected: str | None) -> None:
    parsed = parse_partial_date(value, end=end)
    assert (parsed.isoformat() if parsed else None) == expected
