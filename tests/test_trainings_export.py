"""Partner Center's Trainings export imported as it comes (planner/input/trainings_export.py): the fixtures in
tests/data/trainings/ are shaped as the two published samples (the CSV's 17 columns with a byte-order mark,
CRLF and dd/mm/yyyy hh:mm dates; the TSV's 15 columns, ISO dates with two spaces and seconds), with
synthetic people."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.cli.inputs import with_competency
from planner.errors import UsageError
from planner.explain.standing import check
from planner.input.loading import load_scenario_text
from planner.input.roster_import import RosterError, import_roster, read_csv_text
from planner.rules.catalogs import shipped_catalog
from planner.rules.certifications import shipped_certifications

DATA = Path(__file__).parent / "data" / "trainings"
CSV = DATA / "Export_trainings_Lifetime_7654321_Fabrikam_Ltd.csv"
TSV = DATA / "Export_trainings_Lifetime_7654321_Fabrikam_Ltd.tsv"
AS_OF = dt.date(2026, 12, 1)
DESIGNATIONS = ["business-applications", "data-ai", "infrastructure", "digital-app-innovation", "modern-work",
                "security"]
HEADER = ("TrainingActivityId,TrainingTitle,TrainingType,IndividualFirstName,IndividualLastName,Email,"
          "CorpEmail,TrainingCompletionDate,Month,IcMCP,MCPID,MPNId,PartnerName,PartnerCityLocation,"
          "PartnerCountryLocation,ExpirationDate,ActivationStatus\n")


def row(title: str, mcpid: str = "7100001", *, kind: str = "Certification", first: str = "Ann",
        last: str = "Lee", done: str = "14/03/2026 10:05", expires: str = "14/03/2027 10:05",
        status: str = "Active", email: str = "ann.lee@outlook.com", corp: str = "", sep: str = ",") -> str:
    """One line of the export, in the CSV sample's column order (the title quoted in a CSV)."""
    cells = ["3051", f'"{title}"' if sep == "," else title, kind, first, last, email, corp, done, "Mar-26",
             "1", mcpid, "7654321", "Fabrikam Ltd", "Leeds", "United Kingdom", expires, status]
    return sep.join(cells) + "\n"


def imported(text: str, competency: str | None = "data-ai", **options):
    """The export's text imported for a designation (None: the one the import chooses)."""
    catalog = shipped_catalog(competency) if competency else None
    return import_roster(text, "export.csv", catalog, as_of=options.pop("as_of", AS_OF), **options)


def staff(text: str, **options) -> list[dict]:
    return yaml.safe_load(imported(text, **options).text)["staff"]


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


FIXTURE_STAFF: list[dict] = [
    {"id": "7100001", "name": "Nadia Petrova", "passed": [
        {"certification": "azure-administrator-associate", "date": dt.date(2026, 3, 14),
         "expires": dt.date(2027, 3, 14)},
        {"certification": "azure-solutions-architect-expert", "date": dt.date(2026, 5, 20),
         "expires": dt.date(2027, 5, 20)}]},
    {"id": "7100002", "name": "rshah@fabrikam.com", "passed": [
        {"certification": "d365-business-central-developer-associate", "date": dt.date(2026, 2, 3),
         "expires": dt.date(2027, 2, 3)},
        {"certification": "power-platform-developer-associate", "date": dt.date(2025, 11, 25),
         "expires": dt.date(2026, 11, 25)}]},
    {"id": "7100003", "name": "Tomas Varga", "passed": [
        {"certification": "m365-teams-administrator-associate", "date": dt.date(2026, 6, 30),
         "expires": dt.date(2027, 6, 30)},
        {"certification": "m365-security-administrator-associate", "date": dt.date(2021, 1, 12),
         "expires": dt.date(2023, 1, 12)},
        {"certification": "azure-administrator-associate", "date": dt.date(2025, 4, 5),
         "expires": dt.date(2027, 4, 5)}]},
    {"id": "7100004", "name": "Grace Okoro", "passed": [
        {"certification": "azure-network-engineer-associate", "date": dt.date(2026, 10, 9),
         "expires": dt.date(2027, 10, 9)}]},
    {"id": "7100005", "name": "lmartin@fabrikam.com", "passed": [
        {"certification": "data-analyst-associate", "date": dt.date(2026, 8, 22),
         "expires": dt.date(2027, 8, 22)}]},
]
"""The fixture's people: one per MCPID, named by first and last name or else by the work e-mail; Tomas's
Azure Administrator Associate given twice keeps the later; Grace's MCSA and Leo's pass of 3 Dec 2026 (after
as_of) are left out."""


# ---- the samples' shape -----------------------------------------------------------------------------------

def test_the_csv_export_with_its_byte_order_mark_gives_one_person_per_mcpid_with_each_certification():
    """The CSV fixture (BOM, CRLF, dd/mm/yyyy hh:mm) gives the people and passes of FIXTURE_STAFF."""
    assert FIXTURE_STAFF == staff(read_csv_text(CSV, "export.csv"))


def test_the_tsv_export_without_expiry_gives_the_same_passes_undated_expiry():
    """The TSV fixture (tabs, ISO dates with two spaces and seconds, no ExpirationDate) gives the same
    passes, without `expires` (Microsoft's rule for the kind applies)."""
    expected = [{**p, "passed": [{k: v for k, v in h.items() if k != "expires"} for h in p["passed"]]}
                for p in FIXTURE_STAFF]
    assert expected == staff(read_csv_text(TSV, "export.tsv"))


def test_what_the_import_leaves_out_is_listed_once_in_its_notes():
    """The columns not used, the unknown title, the completion after as_of, the repeated certification and
    the people named by e-mail are each one note."""
    notes = imported(read_csv_text(CSV, "export.csv")).notes
    assert [
        "read as Partner Center's Trainings export (one person per MCPID)",
        "columns not used: 'TrainingActivityId', 'Month', 'IcMCP', 'MPNId', 'PartnerName', "
        "'PartnerCityLocation', 'PartnerCountryLocation'",
        "left out, titles no catalog knows (1 row): 'MCSA: Windows Server 2016' (1 row) (retired ones and "
        "older programmes show so)",
        "left out, 1 row completed after as_of 2026-12-01",
        "1 row gave a certification or exam a person already has: the latest kept",
        "2 of 5 people have no first or last name in the export: named by their e-mail",
    ] == [n for n in notes if not n.startswith(("dates such as", "placeholders", "costs"))]


def test_without_competency_the_export_is_imported_for_the_designation_counting_most_people():
    """Three of the five count for Data & AI (ties with two others broken by id): the note says so."""
    result = imported(read_csv_text(CSV, "export.csv"), competency=None)
    chosen = next(n for n in result.notes if n.startswith("competency"))
    assert ("data-ai", "competency: data-ai, the designation whose certification lists count the most of "
            "these people (3 of 5; then digital-app-innovation 3, infrastructure 3, business-applications 2, "
            "modern-work 1); pass --competency to choose another") == (
        yaml.safe_load(result.text)["competency"], chosen)


# ---- the command and check, for every designation ------------------------------------------------------

@pytest.fixture(scope="module")
def roster(tmp_path_factory) -> Path:
    """The CSV fixture imported by the command, with no --competency."""
    out = tmp_path_factory.mktemp("trainings") / "roster.yaml"
    result = run("import-roster", str(CSV), "--as-of", "2026-12-01", "-o", str(out))
    assert 0 == result.exit_code, result.stderr
    return out


@pytest.mark.parametrize("competency", DESIGNATIONS)
def test_check_accepts_the_imported_export_as_it_is_for_every_designation(roster, competency):
    """`planner check roster.yaml --competency ID` runs on the scenario as written (exit 0, no error)."""
    result = run("check", str(roster), "--competency", competency, "--format", "json")
    assert (0, "") == (result.exit_code, result.stderr)


def test_the_imported_export_names_every_figure_a_designation_reads_as_a_placeholder(roster):
    """track and the three figures are written 0 with an EDIT note (parts named where a designation reads
    them by part)."""
    lines = roster.read_text(encoding="utf-8").splitlines()
    at = lines.index("  metrics:")
    assert [
        "  track: enterprise    # EDIT: enterprise or smb",
        "  metrics:",
        "    net-customer-adds: 0    # EDIT: Net customer adds, in net customer adds",
        "    usage-growth: 0    # EDIT: Usage growth, in percent; by part for modern-work: {cpor: N, dpor: "
        "N, csp: N}; by part for security: {azure: N, m365: N}",
        "    deployments: 0    # EDIT: Deployments, in Azure services; by part for modern-work: {cpor: N, "
        "dpor: N, csp: N}",
    ] == lines[at - 1:at + 4]


# ---- rows of other kinds ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "expected"), [
    pytest.param("AZ-104: Microsoft Azure Administrator", ["AZ-104"], id="code-in-title"),
    pytest.param("Exam AZ-104", ["AZ-104"], id="exam-and-code"),
    pytest.param("Microsoft Azure Administrator", ["AZ-104"], id="exam-title"),
])
def test_a_row_of_type_exam_is_kept_as_an_exam_pass(title, expected):
    """An exam row names its exam by a code in its title or by the exam's title."""
    text = HEADER + row(title, kind="Exam", expires="")
    assert expected == [p["exam"] for p in staff(text)[0]["passed"]]


@pytest.mark.parametrize(("changes", "note"), [
    pytest.param({"status": "Expired"}, "left out, certifications not active: 'Expired' (1 row)",
                 id="not-active"),
    pytest.param({"kind": "Assessment"}, "left out, rows that are neither certifications nor exams: "
                 "'Assessment' (1 row)", id="other-type"),
    pytest.param({"kind": "Exam"}, "left out, titles no catalog knows (1 row): 'Azure Administrator "
                 "Associate' (1 row) (retired ones and older programmes show so)", id="exam-unknown"),
    pytest.param({"title": ""}, "left out, titles no catalog knows (1 row): '(no title)' (1 row) (retired "
                 "ones and older programmes show so)", id="no-title"),
])
def test_a_row_left_out_keeps_its_person_and_is_named_in_a_note(changes, note):
    """A certification not active, a row of another type, an exam no catalog knows or a row without a title
    gives no pass; the person stays on the staff and one note says what was left out."""
    result = imported(HEADER + row(changes.pop("title", "Azure Administrator Associate"), **changes))
    assert ([{"id": "7100001", "name": "Ann Lee"}], True) == (
        yaml.safe_load(result.text)["staff"], note in result.notes)


def test_a_prefixed_title_and_a_renamed_one_name_their_certification():
    """'Microsoft Certified: Data Analyst Associate' and 'Power BI Data Analyst Associate' are one
    certification: the later completion is kept."""
    text = (HEADER + row("Microsoft Certified: Data Analyst Associate")
            + row("Power BI Data Analyst Associate", done="15/05/2026 08:00", expires="15/05/2027 08:00"))
    assert [{"certification": "data-analyst-associate", "date": dt.date(2026, 5, 15),
             "expires": dt.date(2027, 5, 15)}] == staff(text)[0]["passed"]


def test_a_person_without_names_is_named_by_the_work_email_else_the_personal_one():
    """CorpEmail names a person without first and last name; without it, Email; with neither, no name."""
    text = (HEADER + row("Azure Administrator Associate", "1", first="", last="", corp="al@fabrikam.com")
            + row("Azure Administrator Associate", "2", first="", last="", email="bo@outlook.com")
            + row("Azure Administrator Associate", "3", first="", last="", email=""))
    assert [("1", "al@fabrikam.com"), ("2", "bo@outlook.com"), ("3", None)] == [
        (p["id"], p.get("name")) for p in staff(text)]


def test_a_full_name_on_a_later_row_replaces_an_email_and_another_full_name_is_a_note():
    """A person named by e-mail on one row takes the full name of a later row; a second, different full name
    is kept out and named in a note."""
    text = (HEADER + row("Azure Administrator Associate", first="", last="")
            + row("Data Analyst Associate") + row("Azure Network Engineer Associate", first="Anne"))
    result = imported(text)
    assert ("Ann Lee", True, False) == (
        yaml.safe_load(result.text)["staff"][0]["name"],
        "MCPID 7100001 is named 'Ann Lee' on line 3 and 'Anne Lee' on line 4: the first kept" in result.notes,
        any("named by their e-mail" in n for n in result.notes))


# ---- bad rows ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    pytest.param(row("Azure Administrator Associate", done="31/02/2026 10:00"),
                 "export.csv:2: column TrainingCompletionDate: date '31/02/2026 10:00' is not a real day",
                 id="no-such-day"),
    pytest.param(row("Azure Administrator Associate", expires="14/03/2025 10:05"),
                 "export.csv:2: column ExpirationDate: Azure Administrator Associate expires on 2025-03-14, "
                 "not after the day it was passed (2026-03-14)", id="expiry-before"),
    pytest.param(row("Azure Administrator Associate", mcpid=""),
                 "export.csv:2: column MCPID: no person id for 'Ann Lee'; every row of the export needs one",
                 id="no-mcpid"),
    pytest.param("3051,Azure Administrator Associate,Certification\n",
                 "export.csv:2: 3 cells, but the header line has 17 columns", id="short-row"),
])
def test_an_unreadable_row_is_an_error_at_its_line_and_column(line, expected):
    """A row the import cannot read is one problem naming the export's line and column; nothing is written."""
    with pytest.raises(RosterError) as caught:
        imported(HEADER + line)
    assert [True] == [p.startswith(expected) for p in caught.value.problems]


def test_a_bad_row_through_the_command_is_one_located_line_and_exit_2(tmp_path):
    """The command prints the problem at the export's line and column, writes nothing, exits 2."""
    export = tmp_path / "export.csv"
    export.write_bytes(b"\xef\xbb\xbf" + (HEADER + row("Azure Administrator Associate",
                                                       done="2026-13-01 10:00")).encode())
    result = run("import-roster", str(export), "--as-of", "2026-12-01", "-o", str(tmp_path / "r.yaml"))
    assert (2, f"planner: error: {export}:2: column TrainingCompletionDate: date '2026-13-01 10:00' is not a "
               "real day", False) == (result.exit_code, result.stderr.splitlines()[0].split(" (")[0],
                                      (tmp_path / "r.yaml").exists())


def test_an_export_without_a_person_id_column_is_refused_at_its_header():
    """Without MCPID (or AADUserId) nothing says which rows are one person: a usage error at line 1."""
    with pytest.raises(UsageError) as caught:
        imported("TrainingTitle,TrainingType,TrainingCompletionDate\nAzure Administrator Associate,"
                 "Certification,14/03/2026 10:05\n")
    assert str(caught.value).startswith("export.csv:1: a Partner Center Trainings export without an MCPID")


# ---- property: any export imports and checks -------------------------------------------------------------

TITLES = sorted(c.full_title if i % 2 else c.title
                for i, c in enumerate(shipped_certifications().certifications) if c.retired is None)


@st.composite
def exports(draw) -> str:
    """An export of up to 8 people with up to 3 certifications each (titles with and without their prefix,
    and an unknown one), as CSV or TSV."""
    tab = draw(st.booleans())
    lines = [HEADER.replace(",", "\t") if tab else HEADER]
    for pid in range(draw(st.integers(1, 8))):
        for _ in range(draw(st.integers(1, 3))):
            title = draw(st.sampled_from([*TITLES, "MCSA: SQL 2016 Database Administration"]))
            done = dt.date(2024, 1, 1) + dt.timedelta(days=draw(st.integers(0, 1000)))
            when = done.strftime("%d/%m/%Y 13:45")
            expires = (done + dt.timedelta(days=365)).strftime("%d/%m/%Y 13:45")
            lines.append(row(title, str(7200000 + pid), first=draw(st.sampled_from(["", "Kim"])), done=when,
                             expires=expires, sep="\t" if tab else ","))
    return "".join(lines)


@settings(max_examples=20)
@given(exports())
def test_a_generated_export_imports_and_check_accepts_it_for_every_designation(text):
    """Whatever the export holds, every MCPID is one person of the scenario written, which loads, and check
    runs on it for each designation."""
    result = import_roster(text, "export.csv", None, as_of=AS_OF, date_order="dmy")
    loaded = load_scenario_text(result.text, "roster.yaml")
    assert (set(re.findall(r"\b7200\d{3}\b", text)), DESIGNATIONS) == (
        {p.id for p in loaded.scenario.staff},
        [c for c in DESIGNATIONS if check(with_competency(loaded, c)) is not None])


VIEWER = "TrainingTitle,TrainingType,AADUserId,TrainingCompletionDate"
"""A Report viewer's columns: AADUserId, no names or e-mails."""


@pytest.mark.parametrize(("header", "ids"), [
    pytest.param(VIEWER + ",MCPID", ["71", "72"], id="mcpid"),
    pytest.param(VIEWER, ["a-1", "a-2"], id="aaduserid"),
])
def test_a_report_viewers_export_without_names_keys_people_by_mcpid_else_aaduserid(header, ids):
    """A Report viewer's download has AADUserId instead of names: people are their MCPID, else their
    AADUserId, without a name, and a note says so."""
    cells = header.count(",") + 1
    text = header + "\n" + "".join(
        ",".join(["Azure Administrator Associate", "Certification", aad, "14/03/2026 10:05", mcpid][:cells])
        + "\n" for aad, mcpid in [("a-1", "71"), ("a-2", "72")])
    result = imported(text)
    column = "MCPID" if "MCPID" in header else "AADUserId"
    note = (f"2 of 2 people have neither a name nor an e-mail in the export (a Report viewer's download has "
            f"none): known by their {column} only")
    assert (ids, True) == ([p["id"] for p in yaml.safe_load(result.text)["staff"]], note in result.notes)
