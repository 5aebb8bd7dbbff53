"""Roster import: a skills report (CSV) becomes a scenario's staff; every bad row is reported."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.core.planning import plan
from planner.errors import UsageError
from planner.input.loading import load_scenario, load_scenario_text
from planner.input.roster_import import (
    Organization,
    RosterError,
    find_columns,
    import_roster,
    parse_columns_option,
    read_date,
)
from planner.input.roster_scenario import _yaml_text
from planner.rules.catalogs import shipped_catalog
from tests.conftest import SCENARIOS

SAMPLE = SCENARIOS / "contoso-skills-report.csv"
CATALOG = shipped_catalog("cloud-crm")
HEADER = "Name,Email,Exam,Date passed\n"


def imported(text: str, **options):
    """Import CSV text named skills.csv against the Cloud CRM catalog."""
    return import_roster(text, "skills.csv", CATALOG, **options)


def staff_of(text: str, **options) -> list[dict]:
    """The staff list of the scenario an import writes, as plain YAML data."""
    return yaml.safe_load(imported(text, **options).text)["staff"]


def problems_of(text: str, **options) -> list[str]:
    """The row-by-row problems of an import that must fail."""
    with pytest.raises(RosterError) as caught:
        imported(text, **options)
    return caught.value.problems


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


# ---- the shipped sample --------------------------------------------------------------------------------


def test_sample_csv_imports_into_a_scenario_that_validates(tmp_path):
    """`planner import-roster scenarios/contoso-skills-report.csv --out FILE` writes a valid scenario."""
    out = tmp_path / "contoso.yaml"
    result = run("import-roster", str(SAMPLE), "--out", str(out))
    loaded = load_scenario(out)
    assert (0, 13, 10) == (
        result.exit_code,
        len(loaded.scenario.staff),
        sum(len(p.passed) for p in loaded.scenario.staff),
    )


def test_sample_csv_says_what_it_assumed_on_stderr():
    """The notes name the placeholders, the as_of taken from the file and the date order it shows."""
    result = run("import-roster", str(SAMPLE))
    facts = [
        "placeholders to edit",
        "as_of is 2017-11-03, the latest pass",
        "read month first, as line 2 shows",
        "the id is column 'Email' (not 'MCID'",
    ]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in result.stderr])


def test_sample_with_the_organization_given_plans_gold():
    """With market, revenue and DPOR given, the imported Contoso roster reaches Gold with one new exam."""
    text = imported(
        SAMPLE.read_text(encoding="utf-8-sig"),
        as_of=dt.date(2017, 11, 20),
        deadline=dt.date(2018, 6, 30),
        organization=Organization(market="developed", revenue_usd=320000, dpor=True),
    ).text
    report = plan(load_scenario_text(text, "contoso.yaml"), "gold")
    assert (True, 1, 165.0) == (report.reachable, report.total_new_exams, report.total_cost_usd)


def test_sample_with_placeholders_plans_but_says_the_gates_fail():
    """With the placeholders left as they are, the revenue and DPOR gates fail: nothing looks fine."""
    text = imported(SAMPLE.read_text(encoding="utf-8-sig")).text
    report = plan(load_scenario_text(text, "contoso.yaml"), "silver")
    assert (False, ["revenue", "dpor"]) == (report.reachable, [g.name for g in report.gates if not g.ok])


# ---- columns -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param(
            ["Name", "Email", "Exam", "Date"], {"name": 0, "id": 1, "exam": 2, "date": 3}, id="plain"
        ),
        pytest.param(
            ["FULL NAME", "e-mail", "Exam Code", "Date Passed"],
            {"name": 0, "id": 1, "exam": 2, "date": 3},
            id="case-and-punctuation",
        ),
        pytest.param(
            ["Display name", "MCID", "Exam number", "Passed on"],
            {"name": 0, "id": 1, "exam": 2, "date": 3},
            id="other-aliases",
        ),
        pytest.param(["Exam_Code", "Person ID"], {"exam": 0, "id": 1}, id="no-name-no-date"),
        pytest.param(["MCID", "Email", "Exam"], {"id": 1, "exam": 2}, id="email-preferred-to-mcid"),
    ],
)
def test_columns_are_found_by_name_case_and_punctuation_ignored(headers, expected):
    """Headers match the aliases without regard to case, spaces or punctuation."""
    assert expected == find_columns(headers, {}, "skills.csv")


def test_columns_option_overrides_the_aliases():
    """--columns id=MCID picks MCID even though Email is the default id column."""
    given = parse_columns_option("id=mcid, exam=Exam")
    assert {"id": 0, "exam": 2} == find_columns(["MCID", "Email", "Exam"], given, "skills.csv")


@pytest.mark.parametrize(
    ("headers", "option", "expected"),
    [
        pytest.param(["Name", "Exam"], "", "no column for a person id (e-mail or MCID)", id="no-id-column"),
        pytest.param(["Email", "Title"], "", "no column for an exam code", id="no-exam-column"),
        pytest.param(
            ["Email", "Exam"], "id=Login", "has no column 'Login'", id="option-names-missing-column"
        ),
        pytest.param(["Email", "Exam"], "person=Email", "unknown field 'person'", id="option-unknown-field"),
        pytest.param(["Email", "Exam"], "id", "'id' is not FIELD=Column header", id="option-malformed"),
    ],
)
def test_missing_or_misnamed_columns_are_usage_errors(headers, option, expected):
    """A missing id or exam column, or a bad --columns, is one UsageError that lists the columns."""
    with pytest.raises(UsageError) as caught:
        find_columns(headers, parse_columns_option(option), "skills.csv")
    assert expected in str(caught.value)


def test_semicolon_separated_csv_from_a_european_excel_is_read():
    """A file separated by ';' (Excel in many European locales) gives the same staff as with ','."""
    comma = HEADER + "Alice,alice@x.com,MB2-717,2017-03-14\n"
    assert staff_of(comma) == staff_of(comma.replace(",", ";"))


def test_unused_columns_are_named_in_a_note():
    """Columns the import does not use are listed, so nothing disappears without a word."""
    notes = imported(
        "Email,Exam,Title,Department\nalice@x.com,MB2-717,Sales,Consulting\n", as_of=dt.date(2017, 11, 20)
    ).notes
    assert True is any("columns not used: 'Title', 'Department'" in n for n in notes)


# ---- dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("2017-03-14", dt.date(2017, 3, 14), id="iso"),
        pytest.param("2017-03-14 00:00:00", dt.date(2017, 3, 14), id="iso-with-time"),
        pytest.param("2017-03-14T09:30:00Z", dt.date(2017, 3, 14), id="iso-datetime"),
        pytest.param("2017/3/4", dt.date(2017, 3, 4), id="year-first-slashes"),
        pytest.param("14/03/2017", dt.date(2017, 3, 14), id="day-first-unambiguous"),
        pytest.param("03/14/2017", dt.date(2017, 3, 14), id="month-first-unambiguous"),
        pytest.param("5/5/2017", dt.date(2017, 5, 5), id="same-either-way"),
        pytest.param("14.03.2017", dt.date(2017, 3, 14), id="dotted-day-first"),
        pytest.param("14 Mar 2017", dt.date(2017, 3, 14), id="day-month-name"),
        pytest.param("14-Mar-2017", dt.date(2017, 3, 14), id="excel-d-mmm-yyyy"),
        pytest.param("March 14, 2017", dt.date(2017, 3, 14), id="month-name-day"),
        pytest.param("", None, id="empty-is-no-date"),
    ],
)
def test_dates_in_common_formats_are_read(cell, expected):
    """ISO and the common spreadsheet formats give the day; an empty cell gives no date."""
    read = read_date(cell)
    assert (expected, None) == (read.day, read.problem)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("5/4/17", "two-digit year", id="two-digit-year"),
        pytest.param("14 Foo 2017", "unknown month 'Foo'", id="unknown-month"),
        pytest.param("2017-02-30", "not a real day", id="impossible-day"),
        pytest.param("13/14/2017", "neither 13 nor 14 is a month", id="no-month"),
        pytest.param("42810", "Excel serial number", id="excel-serial"),
        pytest.param("1889-01-01", "outside 1990 to 2099", id="year-out-of-range"),
        pytest.param("yesterday", "write it as YYYY-MM-DD", id="words"),
    ],
)
def test_malformed_dates_are_explained(cell, expected):
    """A date that cannot be read says why and how to write it."""
    assert expected in (read_date(cell).problem or "")


def test_ambiguous_date_is_an_error_without_an_order():
    """04/05/2017 alone is ambiguous: the row is an error naming both readings and --date-order."""
    (problem,) = problems_of(HEADER + "Alice,alice@x.com,MB2-717,04/05/2017\n")
    assert ("skills.csv:2: column Date passed: date '04/05/2017' is ambiguous (4 May or 5 April?); pass "
            "--date-order") in problem


@pytest.mark.parametrize(
    ("order", "expected"),
    [pytest.param("dmy", "2017-05-04", id="day-first"), pytest.param("mdy", "2017-04-05", id="month-first")],
)
def test_date_order_option_reads_ambiguous_dates(order, expected):
    """--date-order dmy reads 04/05/2017 as 4 May, mdy as 5 April."""
    staff = staff_of(HEADER + "Alice,alice@x.com,MB2-717,04/05/2017\n", date_order=order)
    assert expected == staff[0]["passed"][0]["date"].isoformat()


def test_the_file_itself_settles_the_order_of_its_ambiguous_dates():
    """A file with 13/05/2017 on one row is day-first: 04/05/2017 on another is 4 May; a note says so."""
    result = imported(HEADER + "Alice,alice@x.com,MB2-717,13/05/2017\nBob,bob@x.com,MB2-716,04/05/2017\n")
    staff = yaml.safe_load(result.text)["staff"]
    assert (dt.date(2017, 5, 4), True) == (
        staff[1]["passed"][0]["date"],
        any("read day first, as line 2 shows" in n for n in result.notes),
    )


def test_a_file_mixing_both_orders_makes_its_ambiguous_dates_errors():
    """13/05/2017 and 05/13/2017 in one file: 04/05/2017 cannot be settled and is reported."""
    problems = problems_of(
        HEADER + "A,a@x.com,MB2-717,13/05/2017\nB,b@x.com,MB2-716,05/13/2017\nC,c@x.com,MB2-718,04/05/2017\n"
    )
    assert [True] == ["both day-first (line 2) and month-first (line 3)" in p for p in problems]


def test_date_contradicting_the_given_order_is_an_error():
    """With --date-order mdy, 13/05/2017 cannot be read month first."""
    (problem,) = problems_of(HEADER + "Alice,alice@x.com,MB2-717,13/05/2017\n", date_order="mdy")
    assert "cannot be read month first (--date-order mdy)" in problem


# ---- row problems, all listed --------------------------------------------------------------------------


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_dropped():
    """Missing id, unknown code, duplicate, date without exam, renamed id, impossible pass: one line each."""
    text = (
        HEADER
        + "Alice,alice@x.com,MB2-717,2017-03-14\n"  # 2: fine
        + "Bob,,MB2-716,2017-02-08\n"  # 3: no id
        + "Carol,carol@x.com,MB2-71,2017-06-12\n"  # 4: typo of a code
        + "Alice,alice@x.com,mb2-717,2017-03-15\n"  # 5: duplicate of line 2 (case ignored)
        + "Fay,fay@x.com,,2017-01-01\n"  # 6: a date but no exam
        + "Alicia,alice@x.com,MB2-715,2017-03-15\n"  # 7: same id, other name
        + "Hal,hal@x.com,MB2-877,2017-05-01\n"
    )  # 8: MB2-877 could not be taken then
    problems = problems_of(text)
    assert [
        "skills.csv:3: column Email: no person id for 'Bob'; every row needs one",
        "skills.csv:4: column Exam: unknown exam code 'MB2-71' (nearest: MB2-718, MB2-717, MB2-716)",
        "skills.csv:5: column Exam: duplicate: alice@x.com MB2-717 is already on line 2",
        "skills.csv:6: column Exam: a date ('2017-01-01') but no exam code",
        "skills.csv:7: column Name: alice@x.com is named 'Alicia' here but 'Alice' on line 2",
        "skills.csv:8: column Date passed: MB2-877 passed on 2017-05-01, but it could only be taken from "
        "2018-01-01",
    ] == problems


def test_a_cell_spanning_lines_is_an_error_where_it_starts_and_later_lines_keep_their_numbers():
    """A quoted cell over two lines is an error at its first line; the next row is still line 4."""
    text = 'Name,Email,Exam,Date\n"Alice\nCiccu",alice@x.com,MB2-717,2017-03-14\nBob,,MB2-716,2017-02-08\n'
    assert [
        "skills.csv:2: the cell in column 'Name' opens a quote here that runs on to line 3: a quote that is "
        "never closed (close it) or a line break inside a cell (remove it)",
        "skills.csv:4: column Email: no person id for 'Bob'; every row needs one",
    ] == problems_of(text)


def test_a_quote_never_closed_in_the_header_is_an_error_at_line_1():
    """A header whose quote runs on swallows the rows: a usage error at line 1, naming the cell."""
    with pytest.raises(UsageError) as caught:
        imported('Name,"Email,Exam,Date\nAl,al@x.com,MB2-717,2017-03-14\n')
    assert str(caught.value).startswith("skills.csv:1: cell 2 opens a quote here that runs on to line 2:")


def test_a_row_of_empty_cells_or_a_blank_line_is_skipped_not_counted_as_short():
    """Blank lines and rows of empty cells (Excel writes ',,,') are not rows with the wrong width."""
    text = HEADER + "\nAl,al@x.com,MB2-717,2017-03-14\n,,\n,,,\n"
    assert ["al@x.com"] == [p["id"] for p in staff_of(text)]


def test_exam_of_another_competency_is_an_error_that_offers_the_skip_option():
    """AZ-900 is not a Cloud CRM exam: the row is an error that mentions --skip-other-exams."""
    (problem,) = problems_of(HEADER + "Gus,gus@x.com,AZ-900,2017-01-01\n", as_of=dt.date(2017, 11, 20))
    assert (True, True) == ("unknown exam code 'AZ-900'" in problem, "--skip-other-exams" in problem)


def test_skip_other_exams_leaves_them_out_and_says_which():
    """With skip_other_exams the AZ-900 row is left out and the notes list it with its count."""
    result = imported(
        HEADER + "Gus,gus@x.com,AZ-900,2017-01-01\nGus,gus@x.com,MB2-716,2017-02-01\n", skip_other_exams=True
    )
    staff = yaml.safe_load(result.text)["staff"]
    assert ([["MB2-716"]], True) == (
        [[p["exam"] for p in s["passed"]] for s in staff],
        any("AZ-900 (1 row)" in n for n in result.notes),
    )


def test_pass_after_as_of_is_an_error_for_its_row():
    """With --as-of 2017-06-01 a pass dated 2017-06-12 cannot have happened yet."""
    (problem,) = problems_of(HEADER + "Carol,carol@x.com,MB2-718,2017-06-12\n", as_of=dt.date(2017, 6, 1))
    assert "skills.csv:2: column Date passed: MB2-718 passed on 2017-06-12, after as_of 2017-06-01" in problem


def test_person_without_exams_is_kept_on_the_staff():
    """A row with an id and no exam puts the person on the staff with nothing passed (they can take exams)."""
    staff = staff_of(HEADER + "Erin,erin@x.com,,\nAlice,alice@x.com,MB2-717,2017-03-14\n")
    assert [{"id": "erin@x.com", "name": "Erin"}] == [s for s in staff if "passed" not in s]


def test_pass_without_a_date_is_kept_without_one():
    """An empty date cell records the pass with no day, as a scenario allows."""
    staff = staff_of(HEADER + "Frank,frank@x.com,MB2-714,\n", as_of=dt.date(2017, 11, 20))
    assert ["MB2-714"] == staff[0]["passed"]


@pytest.mark.parametrize("pid", ["no", "007", "yes", "2017-01-01", "a: b", "#x"])
def test_ids_that_yaml_would_misread_are_quoted(pid):
    """An id such as 'no' or '007' comes back from the written YAML as the same text."""
    staff = staff_of(f'Email,Exam,Date\n"{pid}",MB2-717,2017-03-14\n')
    assert pid == staff[0]["id"]


@given(st.text(max_size=30))
def test_any_text_written_into_the_scenario_reads_back_as_the_same_text(value):
    """Names and ids are written so that YAML reads back exactly the text the CSV held."""
    assert value == yaml.safe_load(f"key: {_yaml_text(value)}\n")["key"]


def test_two_ids_with_one_name_get_a_note():
    """The same name under two ids may be one person counted twice: a note asks to check."""
    result = imported(HEADER + "Al,al@x.com,MB2-717,2017-03-14\nAl,al@y.com,MB2-716,2017-03-14\n")
    assert True is any("'Al' has two ids" in n for n in result.notes)


def test_header_only_file_is_an_error():
    """A file with a header and no rows has nothing to import."""
    assert ["skills.csv: no rows under the header line"] == problems_of(HEADER)


# ---- the command ---------------------------------------------------------------------------------------


def test_command_lists_every_problem_then_exits_2_and_writes_nothing(tmp_path):
    """import-roster prints one stderr line per problem plus a summary, exits 2, and creates no file."""
    csv_file = tmp_path / "skills.csv"
    csv_file.write_text(
        HEADER + "Bob,,MB2-716,2017-02-08\nCarol,c@x.com,MB2-171,2017-06-12\n", encoding="utf-8"
    )
    out = tmp_path / "out.yaml"
    result = run("import-roster", str(csv_file), "--out", str(out))
    lines = result.stderr.splitlines()
    assert (2, 3, [f"{csv_file}:2", f"{csv_file}:3"], False) == (
        result.exit_code,
        len(lines),
        [ln.split(": ")[2] for ln in lines[:2]],
        out.exists(),
    )


def test_command_writes_yaml_to_stdout_without_out():
    """Without --out the scenario goes to stdout and parses as YAML with schema_version 1."""
    result = run("import-roster", str(SAMPLE), "--as-of", "2017-11-20")
    assert (0, 1, "2017-11-20") == (
        result.exit_code,
        yaml.safe_load(result.stdout)["schema_version"],
        str(yaml.safe_load(result.stdout)["as_of"]),
    )


def test_command_options_fill_the_organization_without_placeholders():
    """--market, --revenue, --dpor and --name go into the scenario and no placeholder note is given."""
    result = run(
        "import-roster",
        str(SAMPLE),
        "--market",
        "emerging",
        "--revenue",
        "160000",
        "--dpor",
        "--name",
        "Contoso",
    )
    data = yaml.safe_load(result.stdout)
    assert ("Contoso", {"market": "developing", "revenue_usd": 160000, "dpor": True}, False) == (
        data["name"],
        data["organization"],
        "placeholders" in result.stderr,
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b"PK\x03\x04rest", "Excel workbook (.xlsx), not CSV", id="xlsx"),
        pytest.param(
            HEADER.encode() + "Zoë,z@x.com,MB2-717,2017-03-14\n".encode("cp1252"),
            "--encoding cp1252",
            id="windows-code-page",
        ),
        pytest.param(b"", "the file is empty", id="empty"),
    ],
)
def test_files_that_are_not_utf8_csv_get_advice(tmp_path, content, expected):
    """A workbook, a Windows code page file or an empty file is one usage error with what to do."""
    csv_file = tmp_path / "skills.csv"
    csv_file.write_bytes(content)
    result = run("import-roster", str(csv_file))
    assert (2, True) == (result.exit_code, expected in result.stderr)


def test_cp1252_file_reads_with_the_encoding_option(tmp_path):
    """--encoding cp1252 reads a file Excel saved as plain CSV on Windows."""
    csv_file = tmp_path / "skills.csv"
    csv_file.write_bytes(HEADER.encode() + "Zoë,z@x.com,MB2-717,2017-03-14\n".encode("cp1252"))
    result = run("import-roster", str(csv_file), "--encoding", "cp1252")
    assert (0, "Zoë") == (result.exit_code, yaml.safe_load(result.stdout)["staff"][0]["name"])


def test_excel_utf8_bom_is_ignored(tmp_path):
    """Excel's 'CSV UTF-8' starts with a byte-order mark; the first header is still found."""
    csv_file = tmp_path / "skills.csv"
    csv_file.write_bytes("\ufeff".encode() + HEADER.encode() + b"Al,al@x.com,MB2-717,2017-03-14\n")
    assert 0 == run("import-roster", str(csv_file)).exit_code


def test_imported_scenario_plans_from_the_command_line(tmp_path):
    """The scenario written by import-roster goes straight into `planner plan`."""
    out = tmp_path / "contoso.yaml"
    run(
        "import-roster",
        str(SAMPLE),
        "--out",
        str(out),
        "--market",
        "developed",
        "--revenue",
        "320000",
        "--dpor",
        "--as-of",
        "2017-11-20",
    )
    result = run("plan", str(out), "--format", "json")
    assert (0, 1) == (result.exit_code, json.loads(result.stdout)["total_new_exams"])


# ---- issue 20: every import error names the CSV's line and column, never the output's --------------------


def test_every_row_problem_names_the_column_of_the_cell_at_fault():
    """Each row problem says which column's cell is wrong: `skills.csv:LINE: column HEADER: what`."""
    text = (
        HEADER
        + "Bob,,MB2-716,2017-02-08\n"  # 2: no id
        + "Carol,carol@x.com,MB2-71,2017-06-12\n"  # 3: unknown code
        + "Dan,dan@x.com,MB2-717,yesterday\n"  # 4: unreadable date
        + "Hal,hal@x.com,MB2-877,2017-05-01\n"  # 5: could not be taken then
    )
    assert [
        "skills.csv:2: column Email:",
        "skills.csv:3: column Exam:",
        "skills.csv:4: column Date passed:",
        "skills.csv:5: column Date passed:",
    ] == [":".join(p.split(":")[:3]) + ":" for p in problems_of(text)]


@pytest.mark.parametrize(
    ("option", "value"),
    [pytest.param("--as-of", "2150-01-01", id="as-of"),
     pytest.param("--deadline", "2150-01-01", id="deadline")],
)
def test_an_option_date_the_loader_refuses_names_the_option_not_the_output(tmp_path, option, value):
    """A date outside the loader's years given as an option is one line naming the option, not out.yaml:8."""
    out = tmp_path / "out.yaml"
    result = run("import-roster", str(SAMPLE), option, value, "--out", str(out))
    assert (2, [f"planner: error: {option} {value} is outside the years 1990 to 2099 that a scenario's dates "
                "lie in"], False) == (result.exit_code, result.stderr.splitlines(), out.exists())


def test_a_cell_the_scenario_cannot_hold_is_an_error_at_its_csv_line_and_column(tmp_path):
    """A lone surrogate (UTF-7's +2AA-) in an id was 'out.yaml:15:12: YAML syntax error'; now its CSV line."""
    csv_file = tmp_path / "skills.csv"
    csv_file.write_bytes(HEADER.encode() + b"Al,al@x.com,MB2-717,2017-03-14\nBo,+2AA-,MB2-716,2017-02-08\n")
    out = tmp_path / "out.yaml"
    result = run("import-roster", str(csv_file), "--encoding", "utf-7", "--out", str(out))
    assert (2, f"planner: error: {csv_file}:3: column Email:", False) == (
        result.exit_code, ":".join(result.stderr.splitlines()[0].split(":")[:5]) + ":", out.exists())


def test_a_refusal_by_the_loader_is_reported_at_the_csv_line_and_column_it_comes_from(tmp_path, monkeypatch):
    """With the import's own check switched off, the loader's refusal of an id still names the CSV's cell."""
    import re

    import planner.input.roster_import as roster_import

    monkeypatch.setattr(roster_import, "_SURROGATE", re.compile("(?!)"))
    text = HEADER.encode() + b"Al,al@x.com,MB2-717,2017-03-14\nBo,+2AA-,MB2-716,2017-02-08\n"
    problems = problems_of(text.decode("utf-7"))
    assert [True] == [p.startswith("skills.csv:3: column Email: YAML syntax error") for p in problems]


# ---- issue 20: the expiry column -----------------------------------------------------------------------

NORTHWIND = """Name,Email,Exam,Date,Expires
Ana Silva,ana,PL-200,2026-05-10,2027-11-10
Ben Okafor,ben,MB-210,2025-03-15,2027-03-15
Chen Wei,chen,PL-600,2025-01-20,2027-01-20
Dana Novak,dana,,,
Emil Berg,emil,,,
Goran Petrov,goran,MB-220,2024-10-01,2026-10-01
"""
"""Northwind's roster (scenarios/northwind-solutions-partner-smb.yaml) as a skills report, with expiries."""
BA = shipped_catalog("business-applications")


def northwind(csv: str = NORTHWIND) -> str:
    """The scenario imported from a Northwind skills report, with Northwind's track and figures filled in."""
    text = import_roster(csv, "skills.csv", BA, as_of=dt.date(2026, 12, 1),
                         deadline=dt.date(2027, 6, 30)).text
    placeholders = ("  track:", "  metrics:", "    net-", "    usage", "    deploy")
    lines = [ln for ln in text.splitlines() if not ln.startswith(placeholders)]
    at = lines.index("staff:")
    figures = ["  track: smb", "  metrics: {net-customer-adds: 4, usage-growth: 18, deployments: 3}"]
    return "\n".join(lines[:at] + figures + lines[at:]) + "\n"


@pytest.mark.parametrize("header", ["Expires", "EXPIRY", "ExpirationDate", "Expiration date"])
def test_an_expiry_column_becomes_each_passes_expires(header):
    """Expires, Expiry or ExpirationDate, in any case, is read as the day the certification expires."""
    csv = f"Email,Exam,Date,{header}\nben,MB-210,2025-03-15,2027-03-15\nana,PL-200,,\n"
    staff = yaml.safe_load(import_roster(csv, "skills.csv", BA, as_of=dt.date(2026, 12, 1)).text)["staff"]
    assert [[{"exam": "MB-210", "date": dt.date(2025, 3, 15), "expires": dt.date(2027, 3, 15)}],
            ["PL-200"]] == [s["passed"] for s in staff]


def test_an_imported_certification_that_expires_before_the_deadline_is_planned_with_a_renewal():
    """Ben's MB-210 and Chen's PL-600 expire before the deadline: the plan renews them."""
    report = plan(load_scenario_text(northwind(), "northwind.yaml"), "solutions-partner")
    assert [("ben", "MB-210"), ("chen", "PL-600")] == sorted(
        (e.person, e.exam) for e in report.new_exams if e.renewal)


def test_a_slotted_competency_keeps_the_expiry_and_a_pass_counts_only_before_it():
    """On Cloud CRM an expiry before the deadline is written: the pass stops counting then, and is renewed."""
    csv = (HEADER.rstrip("\n") + ",Expires\n"
           + "".join(f"{n},{n}@x.com,{e},2017-06-01,{x}\n" for n, e, x in [
               ("a", "MB2-717", ""), ("a", "MB2-715", ""), ("b", "MB2-716", "2018-01-31")]))
    text = imported(csv, as_of=dt.date(2017, 11, 20), deadline=dt.date(2018, 6, 30),
                    organization=Organization(market="developed", revenue_usd=320000, dpor=True)).text
    report = plan(load_scenario_text(text, "s.yaml"), "silver")
    assert (dt.date(2018, 1, 31), [("b@x.com", "MB2-716")]) == (
        yaml.safe_load(text)["staff"][1]["passed"][0]["expires"],
        [(e.person, e.exam) for e in report.new_exams if e.renewal])


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param("ben,MB-210,2025-03-15,2024-03-15", "skills.csv:2: column Expires: MB-210 expires on "
                     "2024-03-15, not after the day it was passed (2025-03-15)", id="before-passed"),
        pytest.param("ben,,,2027-03-15", "skills.csv:2: column Exam: an expiry date ('2027-03-15') but no "
                     "exam code", id="no-exam"),
        pytest.param("ben,MB-210,2025-03-15,yesterday",
                     "skills.csv:2: column Expires: date 'yesterday' is not a date", id="unreadable"),
    ],
)
def test_a_bad_expiry_is_a_row_problem_at_its_column(row, expected):
    """An expiry on or before the pass, without an exam, or unreadable is reported at the Expires cell."""
    with pytest.raises(RosterError) as caught:
        import_roster(f"Email,Exam,Date,Expires\n{row}\n", "skills.csv", BA, as_of=dt.date(2026, 12, 1))
    assert [True] == [p.startswith(expected) for p in caught.value.problems]


def test_an_ambiguous_expiry_is_read_in_the_order_the_file_shows():
    """04/05/2027 as an expiry waits for the file's order: 13/03/2025 on the same row makes it 4 May."""
    text = import_roster("Email,Exam,Date,Expires\nben,MB-210,13/03/2025,04/05/2027\n", "skills.csv", BA,
                         as_of=dt.date(2026, 12, 1)).text
    assert dt.date(2027, 5, 4) == yaml.safe_load(text)["staff"][0]["passed"][0]["expires"]
