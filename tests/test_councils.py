"""The council register and finding the council a paper is about (normalise/councils.py)."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from planwatch.normalise.councils import Cue, CouncilSettings, council_nlp, find_council, read_cues
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


# Finding the council a paper is about


def test_own_email_address_names_the_council() -> None:
    match = find_council([Cue(text="Vivien.lines@plymouth.gov.uk", source="email")])
    assert (match.council, match.council_code, match.council_dfe_code) == ("Plymouth", "E06000026", "879")


def test_council_about_wins_over_council_visited() -> None:
    cues = [
        Cue(text="Worcestershire County Council", source="cover"),
        Cue(text="Children and Families Overview and Scrutiny Panel", source="cover"),
        Cue(text="Members visited Nottinghamshire County Council to see its practice", source="body"),
        Cue(text="Nottinghamshire County Council shared its audit tool", source="body"),
    ]
    assert find_council(cues).council == "Worcestershire"


def test_improvement_partner_does_not_take_the_plan() -> None:
    cues = [
        Cue(text="PLYMOUTH CHILDREN, YOUNG PEOPLE AND FAMILIES IMPROVEMENT PLAN", source="title"),
        Cue(text="advice from our Sector Led Improvement Partner Dorset Council", source="body"),
        Cue(text="Dorset Council chairs the Improvement Board", source="body"),
    ]
    assert find_council(cues).council_code == "E06000026"


def test_two_councils_named_together_on_the_cover_are_joint_owners() -> None:
    cover = "Royal Borough of Kingston upon Thames and London Borough of Richmond upon Thames"
    cues = [Cue(text=cover, source="cover")]
    match = find_council(cues)
    assert match.council == "Kingston upon Thames and Richmond upon Thames"
    assert match.council_code == "E09000021" and match.names == ["Kingston upon Thames", "Richmond upon Thames"]


@pytest.mark.parametrize("company, day, council, code", [
    ("Together for Children", "2019-01-21", "Sunderland", "E08000024"),
    ("Achieving for Children", "2019-01-01", "Kingston upon Thames and Richmond upon Thames", "E09000021"),
    ("Northamptonshire Children's Trust", "2020-12-01", "Northamptonshire", "E10000021"),
    ("Northamptonshire Children's Trust", "2022-06-01",
     "North Northamptonshire and West Northamptonshire", "E06000061"),
    ("Slough Children's Services Trust", "2017-01-01", "Slough", "E06000039"),
    ("Brighter Futures for Children", "2020-01-01", "Reading", "E06000038"),
])
def test_companies_running_childrens_services(company: str, day: str, council: str, code: str) -> None:
    match = find_council([Cue(text=f"{company.upper()} QUALITY COMMITTEE", source="cover")],
                         day=dt.date.fromisoformat(day))
    assert (match.council, match.council_code) == (council, code)


def test_a_partner_councils_own_paper_stays_its_own() -> None:
    cues = [Cue(text="London Borough of Richmond upon Thames", source="cover"),
            Cue(text="Achieving for Children", source="cover")]
    match = find_council(cues, day=dt.date(2020, 1, 1))
    assert (match.council, match.council_code) == ("Richmond upon Thames", "E09000027")


def test_acronym_counts_only_when_the_paper_defines_it() -> None:
    undefined = [Cue(text="PCC Improvement Board", source="cover")]
    assert find_council(undefined).council is None
    defined = undefined + [Cue(text="Plymouth City Council (PCC) was issued a notice", source="body")]
    match = find_council(defined)
    assert match.council == "Plymouth" and match.problems == []


@pytest.mark.parametrize("text, day, code", [
    ("DORSET COUNTY COUNCIL", "2017-05-01", "E10000009"),
    ("Dorset Council", "2022-05-01", "E06000059"),
    ("North Yorkshire County Council", "2022-05-01", "E10000023"),
    ("North Yorkshire Council", "2024-05-01", "E06000065"),
])
def test_code_valid_on_the_date(text: str, day: str, code: str) -> None:
    assert find_council([Cue(text=text, source="cover")], day=dt.date.fromisoformat(day)).council_code == code


def test_abolished_council_on_a_later_paper_keeps_its_code_and_says_so() -> None:
    match = find_council([Cue(text="Northamptonshire County Council", source="cover")], day=dt.date(2023, 1, 1))
    assert match.council_code == "E10000021"
    assert [p.code for p in match.problems] == ["council_code_outside_dates"]


def test_places_match_as_printed() -> None:
    assert find_council([Cue(text="reading the report closely", source="cover")]).council is None
    assert find_council([Cue(text="Reading Borough Council", source="cover")]).council_code == "E06000038"


def test_file_name_names_the_council() -> None:
    match = find_council([Cue(text="plymouth-2023-improvement-plan.txt", source="file")])
    assert match.council == "Plymouth"


def test_no_council_gives_none_and_a_problem() -> None:
    match = find_council([Cue(text="Budget Amendment Form", source="cover")], filename="amendment.pdf")
    assert match.council is None and match.council_code is None
    assert [p.code for p in match.problems] == ["council_not_found"]
    assert match.problems[0].message.startswith("amendment.pdf: ")


def test_folder_fills_the_gap_and_says_so() -> None:
    cues = [Cue(text="Budget Amendment Form", source="cover"), Cue(text="kent", source="folder")]
    match = find_council(cues)
    assert match.council_code == "E10000016"
    assert [p.code for p in match.problems] == ["council_from_folder"]
    assert find_council(cues, settings={"use_folder": False}).council is None


def test_folder_agreeing_with_the_body_is_no_problem() -> None:
    cues = [Cue(text="Fly tipping in Kent has increased", source="body"), Cue(text="kent", source="folder")]
    match = find_council(cues)
    assert match.council_code == "E10000016" and match.problems == []


def test_settings_name_the_bad_setting() -> None:
    with pytest.raises(ValueError, match="'joint_ratio'"):
        CouncilSettings(joint_ratio=0)
    with pytest.raises(ValueError, match="'max_per_source'"):
        CouncilSettings.resolve({"max_per_source": 0})


def test_texts_without_a_patterns_first_word_skip_the_rulers_and_lose_nothing() -> None:
    texts = [
        "Report of the Corporate Director, Children, Young People and Education",
        "KENT COUNTY COUNCIL – Cabinet Member for Integrated Children's Services",
        "Kent's Children's Services (KCC) and Medway Council's joint board",
        "Brighton-and-Hove and reading the papers in Reading",
        "www.kent.gov.uk/childrensimprovement",
        "",
    ]
    nlp = council_nlp()
    read = [[(ent.text, ent.label_, ent.ent_id_) for ent in doc.ents] for doc in read_cues(texts)]
    full = [[(ent.text, ent.label_, ent.ent_id_) for ent in doc.ents] for doc in nlp.pipe(texts)]
    assert read == full
    assert read[1] and read[2] and not read[0], "the register's names are found, a line naming none has none"
