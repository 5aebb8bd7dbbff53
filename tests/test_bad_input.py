"""Bad input catalogue: every malformed scenario is exit 2 and one line naming the file, place and fix.

Each case edits a valid scenario (BASE) the way a person might get it wrong. The expected place is found in
the edited text itself (the line and column where the `at` text starts), so the table says where a reader
should look, not what the loader happens to print.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from planner.errors import ScenarioError
from planner.input import yamlio
from planner.input.loading import load_scenario, load_scenario_text

VENV_BIN = Path(sys.executable).parent
PLANNER = str(VENV_BIN / "planner")

# Line numbers matter: the cases below name places in this text.
BASE = """\
schema_version: 1
name: Contoso Consulting
as_of: 2017-11-20
deadline: 2018-06-30
organization:
  name: Contoso
  market: developed
  revenue_usd: 250000
  dpor: true
costs:
  exam_fee_usd: 165
  prep_hours: 10
  hourly_rate_usd: 50
  exams:
    MB2-715: {fee_usd: 165, prep_hours: 30}
staff:
  - id: alice
    name: Alice Smith
    passed:
      - MB2-717
      - {exam: MB2-709, date: 2017-06-01}
    can_take: [MB2-715, MB2-716]
    max_new_exams: 2
    leaves_on: 2018-03-01
    hourly_rate_usd: 60
  - id: bob
    passed: [MB2-716]
  - id: carol
    passed: [MB2-718, MB2-710]
  - id: dan
    passed: [MB2-712, MB2-707]
"""


@dataclass(frozen=True)
class Case:
    """A malformed scenario: edits to BASE, the place the message must name, and a phrase it must hold."""

    edits: tuple[tuple[str, str], ...]
    phrase: str
    path: str = ""
    at: str | tuple[int, int] | None = None  # text whose first occurrence is the place, or (line, column)
    text: str | None = None  # the whole file instead of edits to BASE

    def content(self) -> str:
        text = BASE if self.text is None else self.text
        for old, new in self.edits:
            assert 1 == text.count(old), f"edit target {old!r} must occur once"
            text = text.replace(old, new)
        return text

    def head(self, shown: str) -> str:
        """What the message must start with: file, line:column when known, and the YAML path."""
        where = shown
        if isinstance(self.at, tuple):
            where += f":{self.at[0]}:{self.at[1]}"
        elif isinstance(self.at, str):
            content = self.content()
            offset = content.index(self.at)
            line = content.count("\n", 0, offset) + 1
            column = offset - (content.rfind("\n", 0, offset) + 1) + 1
            where += f":{line}:{column}"
        return f"{where}: {self.path}: " if self.path else f"{where}: "


def edit(old: str, new: str, phrase: str, path: str = "", at: str | tuple[int, int] | None = None) -> Case:
    return Case(((old, new),), phrase, path, at)


CASES = {
    # ---- YAML syntax -------------------------------------------------------------------------------------
    "syntax-over-indented-key": edit("  market: developed", "    market: developed",
                                     "check the indentation", at=(7, 11)),
    "syntax-list-item-out-of-line": edit("  - id: bob", "   - id: bob", "does not line up", at=(26, 4)),
    "syntax-unclosed-bracket": edit("[MB2-715, MB2-716]", "[MB2-715, MB2-716",
                                    "a '[' list is not closed with ']'; the '[' is on line 22, column 15",
                                    at=(23, 18)),
    "syntax-unclosed-quote": edit("name: Alice Smith", 'name: "Alice Smith',
                                  "a quoted text is not closed; the quote opens on line 18, column 11",
                                  at=(32, 1)),
    "syntax-tab-indentation": edit("  market: developed", "\tmarket: developed", "indent with spaces",
                                   at=(7, 1)),
    "syntax-second-document": Case((("    passed: [MB2-712, MB2-707]\n",
                                      "    passed: [MB2-712, MB2-707]\n---\nname: again\n"),),
                                   "a second YAML document ('---') follows", at=(32, 1)),
    "syntax-control-character": edit("name: Contoso Consulting", "name: Contoso\a Consulting",
                                     "character U+0007 is not allowed", at=(2, 14)),
    # ---- not a scenario at all ---------------------------------------------------------------------------
    "empty-file": Case((), "the file is empty", text=""),
    "only-comments": Case((), "the file is empty (or holds only comments)", text="# roster\n\n# to do\n"),
    "top-level-list": Case((), "the top level is a list, not a mapping", at=(1, 1),
                           text="- schema_version: 1\n- name: Contoso\n"),
    "top-level-scalar": Case((), "the top level is 'Contoso Consulting', not a mapping", at=(1, 1),
                             text="Contoso Consulting\n"),
    # ---- keys --------------------------------------------------------------------------------------------
    "unknown-key-staf": edit("staff:", "staf:",
                             "unknown key 'staf' (did you mean 'staff'?)", "staf", "staf:"),
    "unknown-key-organisation": edit("organization:", "organisation:",
                                     "unknown key 'organisation' (did you mean 'organization'?)",
                                     "organisation", "organisation:"),
    "unknown-key-leaves": edit("leaves_on:", "leaves:", "unknown key 'leaves' (did you mean 'leaves_on'?)",
                               "staff[0].leaves", "leaves:"),
    "unknown-key-max_new_exam": edit("max_new_exams:", "max_new_exam:",
                                     "unknown key 'max_new_exam' (did you mean 'max_new_exams'?)",
                                     "staff[0].max_new_exam", "max_new_exam:"),
    "unknown-key-in-costs": edit("exam_fee_usd:", "exam_fee:",
                                 "unknown key 'exam_fee' (did you mean 'exam_fee_usd'?)",
                                 "costs.exam_fee", "exam_fee:"),
    "unknown-key-far-from-any": edit("    max_new_exams: 2", "    max_new_exams: 2\n    seniority: 3",
                                     "unknown key 'seniority'; allowed: id, name, passed",
                                     "staff[0].seniority", "seniority"),
    "duplicate-yaml-key": edit("  dpor: true", "  dpor: true\n  dpor: false",
                               "duplicate key 'dpor' (first given on line 9)", "organization.dpor",
                               "dpor: false"),
    # ---- exam codes and people ---------------------------------------------------------------------------
    "unknown-exam-in-passed": edit("[MB2-712, MB2-707]", "[MB2-712, MB2-171]",
                                   "unknown exam code 'MB2-171' (nearest: ", "staff[3].passed[1]", "MB2-171"),
    "unknown-exam-in-can_take": edit("[MB2-715, MB2-716]", "[MB2-715, MB2-761]",
                                     "unknown exam code 'MB2-761' (nearest: ",
                                     "staff[0].can_take[1]", "MB2-761"),
    "unknown-exam-in-costs": edit("    MB2-715: {", "    MB2-751: {",
                                  "unknown exam code 'MB2-751' (nearest: ",
                                  "costs.exams.MB2-751", "{fee_usd"),
    # an exam code in lower case is read as the catalog writes it, as the CSV import does (test_cli_help.py)
    "duplicate-person-id": edit("  - id: bob", "  - id: alice",
                                "duplicate person id 'alice' (first used by staff[0])", "staff[1].id",
                                "alice\n    passed: [MB2-716]"),
    # ---- dates -------------------------------------------------------------------------------------------
    "date-month-13": edit("as_of: 2017-11-20", "as_of: 2018-13-01",
                          "'2018-13-01' is not a real date", "as_of", "2018-13-01"),
    "date-february-30": edit("date: 2017-06-01", "date: 2017-02-30", "'2017-02-30' is not a real date",
                             "staff[0].passed[1].date", "2017-02-30"),
    "date-as-a-word": edit("deadline: 2018-06-30", "deadline: yesterday",
                           "expected a date written YYYY-MM-DD, e.g. 2018-06-30 (got 'yesterday')",
                           "deadline", "yesterday"),
    "date-with-slashes": edit("as_of: 2017-11-20", "as_of: 2018/01/01", "(got '2018/01/01')", "as_of",
                              "2018/01/01"),
    "date-with-a-time": edit("leaves_on: 2018-03-01", "leaves_on: 2018-03-01 09:30:00",
                             "without a time of day", "staff[0].leaves_on", "2018-03-01 09:30"),
    "date-year-typo": edit("deadline: 2018-06-30", "deadline: 2108-06-30", "outside the years 1990 to 2099",
                           "deadline", "2108"),
    "deadline-before-as_of": edit("deadline: 2018-06-30", "deadline: 2017-06-30",
                                  "deadline 2017-06-30 is before as_of 2017-11-20", "deadline", "2017-06-30"),
    "pass-after-as_of": edit("date: 2017-06-01", "date: 2017-12-01", "passed on 2017-12-01, after as_of",
                             "staff[0].passed[1]", "{exam: MB2-709"),
    "pass-of-877-before-it-existed": edit(
        "{exam: MB2-709, date: 2017-06-01}", "{exam: MB2-877, date: 2017-06-01}",
        "MB2-877 passed on 2017-06-01, but it could only be taken from 2018-01-01",
        "staff[0].passed[1]", "{exam: MB2-877"),
    "pass-of-709-after-it-retired": Case(
        (("as_of: 2017-11-20", "as_of: 2018-02-01"), ("date: 2017-06-01", "date: 2018-01-05")),
        "MB2-709 passed on 2018-01-05, but it could only be taken until 2017-12-31",
        "staff[0].passed[1]", "{exam: MB2-709"),
    # ---- numbers -----------------------------------------------------------------------------------------
    "negative-revenue": edit("revenue_usd: 250000", "revenue_usd: -5", "must be 0 or more (got -5)",
                             "organization.revenue_usd", "-5"),
    "negative-fee": edit("exam_fee_usd: 165", "exam_fee_usd: -165", "must be 0 or more (got -165)",
                         "costs.exam_fee_usd", "-165"),
    "negative-prep-hours": edit("prep_hours: 30", "prep_hours: -30", "must be 0 or more (got -30)",
                                "costs.exams.MB2-715.prep_hours", "-30}"),
    "negative-hourly-rate": edit("hourly_rate_usd: 60", "hourly_rate_usd: -60", "must be 0 or more (got -60)",
                                 "staff[0].hourly_rate_usd", "-60"),
    "negative-max_new_exams": edit("max_new_exams: 2", "max_new_exams: -1", "must be 0 or more (got -1)",
                                   "staff[0].max_new_exams", "-1\n"),
    "revenue-as-text": edit("revenue_usd: 250000", "revenue_usd: abc", "expected a number (got 'abc')",
                            "organization.revenue_usd", "abc"),
    "revenue-with-separators": edit("revenue_usd: 250000", "revenue_usd: 250,000",
                                    "write plain digits without separators", "organization.revenue_usd",
                                    "250,000"),
    "revenue-infinite": edit("revenue_usd: 250000", "revenue_usd: .inf",
                             "expected a finite number (got .inf)", "organization.revenue_usd", ".inf"),
    "fee-implausibly-large": edit("exam_fee_usd: 165", "exam_fee_usd: 1.0e+300",
                                  "must be at most 10,000,000,000", "costs.exam_fee_usd", "1.0e+300"),
    "max_new_exams-fractional": edit("max_new_exams: 2", "max_new_exams: 2.5",
                                     "expected a whole number (got 2.5)", "staff[0].max_new_exams", "2.5"),
    "max_new_exams-yes": edit("max_new_exams: 2", "max_new_exams: yes", "expected a number (got yes)",
                              "staff[0].max_new_exams", "yes"),
    "max_new_exams-octal": edit("max_new_exams: 2", "max_new_exams: 010", "010 is read by YAML 1.1 as 8",
                                "staff[0].max_new_exams", "010"),
    # ---- wrong shapes ------------------------------------------------------------------------------------
    "staff-as-a-mapping": Case(
        (("  - id: bob\n    passed: [MB2-716]\n  - id: carol\n    passed: [MB2-718, MB2-710]\n"
          "  - id: dan\n    passed: [MB2-712, MB2-707]\n", ""),
         ("staff:\n  - id: alice\n", "staff:\n  alice:\n")),
        "expected a list (got a mapping)", "staff", "alice:"),
    "passed-as-a-string": edit("passed: [MB2-716]", "passed: MB2-716", "expected a list (got 'MB2-716')",
                               "staff[1].passed", "MB2-716\n"),
    "dpor-as-a-list": edit("dpor: true", "dpor: [true]", "expected true or false (got a list)",
                           "organization.dpor", "[true]"),
    "person-as-a-bare-name": edit("  - id: bob\n    passed: [MB2-716]", "  - bob",
                                  "expected a mapping (key: value lines) (got 'bob')", "staff[1]", "bob"),
    "alias-cycle": edit("staff:\n  - id: alice", "staff: &roster\n  - *roster\n  - id: alice",
                        "refers to the mapping or list that contains it", "staff", "&roster"),
    # ---- choices -----------------------------------------------------------------------------------------
    "market-that-does-not-exist": edit("market: developed", "market: mars",
                                       "must be 'developed' or 'developing' (got 'mars')",
                                       "organization.market", "mars"),
    "market-no-stays-text": edit("market: developed", "market: no",
                                 "must be 'developed' or 'developing' (got 'no')",
                                 "organization.market", "no\n"),
    "competency-near-miss": edit("as_of:", "competency: cloud-xrm\nas_of:",
                                 "unknown competency 'cloud-xrm' (did you mean 'cloud-crm'?)", "competency",
                                 "cloud-xrm"),
    "competency-unknown": edit("as_of:", "competency: azure\nas_of:", "unknown competency 'azure'; known: ",
                               "competency", "azure"),
    "schema-version-2": edit("schema_version: 1", "schema_version: 2",
                             "must be 1 (got 2)", "schema_version", "2\nname"),
    # ---- missing keys ------------------------------------------------------------------------------------
    "missing-schema_version": edit("schema_version: 1\n", "", "missing required key 'schema_version'",
                                   "schema_version", "name:"),
    "missing-name": edit("name: Contoso Consulting\n", "", "missing required key 'name'", "name",
                         "schema_version"),
    "missing-as_of": edit("as_of: 2017-11-20\n", "", "missing required key 'as_of'", "as_of",
                          "schema_version"),
    "missing-market": edit("  market: developed\n", "",
                           "missing required key 'market'", "organization.market", "name: Contoso\n"),
    # ---- YAML that tries to run code ---------------------------------------------------------------------
    "standard-tag-on-the-wrong-value": edit("max_new_exams: 2", "max_new_exams: !!int two",
                                            "'two' is not a valid !!int value", "staff[0].max_new_exams",
                                            "!!int"),
    "python-object-tag-in-a-value": edit("name: Contoso Consulting", "name: !!python/name:os.system",
                                         "YAML tag !!python/name:os.system is not allowed",
                                         "name", "!!python"),
}


def write(tmp_path: Path, case: Case, name: str = "scenario.yaml") -> Path:
    target = tmp_path / name
    target.write_text(case.content(), encoding="utf-8")
    return target


def error_of(path: Path) -> str:
    """The ScenarioError message load_scenario raises for `path` (failing the test when it loads)."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return str(caught.value)


def matches(case: Case, message: str, shown: str) -> tuple[str, str]:
    """(start of the message, the phrase when present) for an `expected == actual` comparison."""
    head = case.head(shown)
    return message[: len(head)], case.phrase if case.phrase in message else message


def test_the_catalogue_holds_at_least_thirty_distinct_cases():
    """The issue asks for at least thirty malformed scenarios, each a different file."""
    contents = {case.content() for case in CASES.values()}
    assert (True, len(CASES)) == (len(CASES) >= 30, len(contents))


@pytest.mark.parametrize("case", [pytest.param(c, id=name) for name, c in CASES.items()])
def test_bad_scenario_is_one_line_naming_file_place_and_problem(tmp_path, case):
    """Each malformed scenario raises one ScenarioError line: file:line:column: path: what is wrong."""
    path = write(tmp_path, case)
    message = error_of(path)
    head = case.head(str(path))
    assert (head, case.phrase, 1) == (*matches(case, message, str(path)), len(message.splitlines()))


# ---- through the real command line -----------------------------------------------------------------------

def run_cli(*args: str, module: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "planner", *args] if module else [PLANNER, *args]
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DEBUG"}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, check=False)


CLI_CASES = [
    ("validate", "syntax-unclosed-bracket"), ("validate", "syntax-tab-indentation"),
    ("validate", "empty-file"), ("validate", "top-level-list"), ("validate", "unknown-key-staf"),
    ("validate", "duplicate-yaml-key"), ("validate", "unknown-exam-in-passed"),
    ("validate", "duplicate-person-id"), ("validate", "date-february-30"),
    ("validate", "pass-of-877-before-it-existed"), ("validate", "revenue-as-text"),
    ("validate", "staff-as-a-mapping"), ("validate", "python-object-tag-in-a-value"),
    ("plan", "unknown-exam-in-can_take"), ("plan", "date-as-a-word"), ("plan", "negative-fee"),
    ("plan", "market-that-does-not-exist"), ("plan", "missing-as_of"), ("plan", "syntax-unclosed-quote"),
    ("check", "competency-near-miss"), ("compare", "unknown-key-leaves"),
]


@pytest.mark.parametrize(("command", "name"), [pytest.param(c, n, id=f"{c}-{n}") for c, n in CLI_CASES])
def test_cli_answers_bad_input_with_exit_2_and_the_same_single_line(tmp_path, command, name):
    """`planner COMMAND FILE` exits 2, prints nothing on stdout and exactly the loader's line on stderr."""
    case = CASES[name]
    path = write(tmp_path, case)
    expected_line = f"planner: error: {error_of(path)}"
    args = [command, str(path)] + ([str(path)] if command == "compare" else [])
    done = run_cli(*args)
    stderr = done.stderr.splitlines()
    if command == "compare":  # compare lists the bad file once per occurrence and still prints its table
        assert (2, {expected_line}) == (done.returncode, set(stderr))
    else:
        assert (2, "", [expected_line]) == (done.returncode, done.stdout, stderr)


@pytest.mark.parametrize("name", ["unknown-key-organisation", "date-month-13"])
def test_python_dash_m_planner_answers_bad_input_the_same_way(tmp_path, name):
    """`python -m planner plan FILE` gives the same exit code 2 and one line as the console script."""
    path = write(tmp_path, CASES[name])
    done = run_cli("plan", str(path), module=True)
    assert (2, "", [f"planner: error: {error_of(path)}"]) == (done.returncode, done.stdout,
                                                                 done.stderr.splitlines())


def test_python_tags_are_refused_without_running_anything(tmp_path):
    """A document built from !!python/object/apply:os.system is refused and its command never runs."""
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f"!!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    done = run_cli("validate", str(path))
    line = f"planner: error: {path}:1:1: YAML tag !!python/object/apply:os.system is not allowed"
    assert (2, [line], False) == (done.returncode, [s[: len(line)] for s in done.stderr.splitlines()],
                                  marker.exists())


@pytest.mark.parametrize(
    ("make", "phrase"),
    [
        pytest.param(lambda p: p.mkdir(), "is a directory, not a scenario file", id="directory"),
        pytest.param(lambda p: None, "no such file", id="missing-file"),
        pytest.param(lambda p: p.write_bytes(BASE.replace("Alice Smith", "Alice Sm\xe9th").encode("latin-1")),
                     ":18:19: byte ", id="latin-1-bytes"),
        pytest.param(lambda p: p.write_bytes(BASE.encode("utf-16")),
                     "the file is UTF-16 text; save it as UTF-8", id="utf-16"),
    ],
)
def test_unreadable_scenario_file_is_one_line_with_exit_2(tmp_path, make, phrase):
    """A directory, a missing file or bytes that are not UTF-8 give exit 2 and one line naming the file."""
    path = tmp_path / "roster.yaml"
    make(path)
    done = run_cli("validate", str(path))
    lines = done.stderr.splitlines()
    assert (2, 1, True, True) == (done.returncode, len(lines), lines[0].startswith(f"planner: error: {path}"),
                                  phrase in lines[0])


def test_unknown_level_on_the_command_line_is_one_line_with_exit_2(tmp_path):
    """`plan --level platinum` names the levels the competency has, in one line, exit 2."""
    path = tmp_path / "ok.yaml"
    path.write_text(BASE, encoding="utf-8")
    done = run_cli("plan", str(path), "--level", "platinum")
    expected = "planner: error: unknown level 'platinum'; cloud-crm has silver, gold"
    assert (2, "", [expected]) == (done.returncode, done.stdout, done.stderr.splitlines())


def test_the_base_scenario_itself_is_valid():
    """The scenario every case edits loads, so each case fails only because of its own edit."""
    staff = load_scenario_text(BASE, "base.yaml").scenario.staff
    assert ["alice", "bob", "carol", "dan"] == [p.id for p in staff]


# ---- YAML 1.1 quirks: text stays as written ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("old", "new", "field", "expected"),
    [
        pytest.param("id: bob", "id: no", "id", "no", id="id-no"),
        pytest.param("id: bob", "id: 007", "id", "007", id="id-007"),
        pytest.param("id: bob", "id: 1e3", "id", "1e3", id="id-1e3"),
        pytest.param("id: bob", "id: 0x1F", "id", "0x1F", id="id-hex"),
        pytest.param("id: bob", "id: 1.50", "id", "1.50", id="id-decimal"),
        pytest.param("id: bob", "id: 2018-01-01", "id", "2018-01-01", id="id-date"),
        pytest.param("id: bob", "id: 12345", "id", "12345", id="id-number"),
        pytest.param("id: bob", "id: bob\n    name: yes", "name", "yes", id="name-yes"),
    ],
)
def test_text_fields_keep_what_was_written_despite_yaml_1_1(old, new, field, expected):
    """Unquoted no, 007, 0x1F, 1.50 or a date in a text field stay exactly as written, never converted."""
    person = load_scenario_text(BASE.replace(old, new), "quirks.yaml").scenario.staff[1]
    assert expected == getattr(person, field)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("dpor: true", "dpor: yes", True, id="dpor-yes"),
        pytest.param("dpor: true", "dpor: no", False, id="dpor-no"),
        pytest.param("dpor: true", "dpor: off", False, id="dpor-off"),
    ],
)
def test_yes_and_no_are_booleans_where_a_boolean_is_expected(old, new, expected):
    """In the one boolean field, dpor, YAML's yes/no/off keep their boolean meaning."""
    assert expected is load_scenario_text(BASE.replace(old, new), "dpor.yaml").scenario.organization.dpor


def test_merge_keys_share_defaults_between_people():
    """`<<: *defaults` copies shared settings into a person; the person's own keys win."""
    template = "  - &defaults {id: template, max_new_exams: 1, hourly_rate_usd: 80}\n"
    text = BASE.replace("staff:\n", "staff:\n" + template)
    text = text.replace("  - id: bob\n", "  - <<: *defaults\n    id: bob\n")
    bob = load_scenario_text(text, "merge.yaml").scenario.staff[2]
    assert ("bob", 1, 80.0) == (bob.id, bob.max_new_exams, bob.hourly_rate_usd)


# ---- size ------------------------------------------------------------------------------------------------

def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    """A file one byte over the limit is refused with its size; one at the limit is read."""
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", len(BASE.encode()))
    at_limit = tmp_path / "at-limit.yaml"
    at_limit.write_text(BASE, encoding="utf-8")
    over = tmp_path / "over.yaml"
    over.write_text(BASE + "\n", encoding="utf-8")
    assert 4 == len(load_scenario(at_limit).scenario.staff)
    limit = len(BASE.encode())
    expected = f"{over}: the file is {limit + 1:,} bytes; the planner reads files of at most {limit:,} bytes"
    assert expected == error_of(over)[: len(expected)]


def roster_yaml(people: int) -> str:
    """A realistic scenario with `people` people (about 210 bytes each)."""
    codes = ["MB2-717", "MB2-718", "MB2-714", "MB2-713"]
    rows = [BASE.split("staff:")[0], "staff:\n"]
    rows += [f"  - id: person-{i:07d}\n    name: Person Number {i}\n    passed:\n      - {codes[i % 4]}\n"
             f"      - {{exam: MB2-716, date: 2017-0{1 + i % 9}-1{i % 10}}}\n"
             f"    can_take: [MB2-715, MB2-716, MB2-710]\n    max_new_exams: {i % 3}\n"
             f"    hourly_rate_usd: {50 + i % 40}\n" for i in range(people)]
    return "".join(rows)


# Runs the console script's main() and, at exit, writes the process's peak resident memory (VmHWM, KiB)
# to PEAK_FILE. Measured inside the child: the kernel's ru_maxrss of a child also counts the pytest process
# it was forked from.
MEASURED_MAIN = """\
import atexit, os, sys
def report():
    with open('/proc/self/status') as status, open(os.environ['PEAK_FILE'], 'w') as out:
        out.write(next(line for line in status if line.startswith('VmHWM:')).split()[1])
atexit.register(report)
from planner.cli.commands import main
main()
"""


LINUX_ONLY = pytest.mark.skipif(not Path("/proc/self/status").exists(),
                                reason="peak memory is read from /proc/self/status")


def run_measured(tmp_path: Path, *args: str) -> tuple[int, str, str, int]:
    """Run the planner; return its exit code, stdout, stderr and peak resident memory in MiB."""
    peak_file = tmp_path / "peak-kib"
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DEBUG"} | {"PEAK_FILE": str(peak_file)}
    done = subprocess.run([sys.executable, "-c", MEASURED_MAIN, *args], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    return done.returncode, done.stdout, done.stderr, int(peak_file.read_text()) // 1024


@LINUX_ONLY
def test_seventy_megabyte_scenario_fails_cleanly_within_memory(tmp_path):
    """A generated 70 MB roster (350,000 people) is refused in one line; the planner stays under 200 MiB."""
    path = tmp_path / "huge.yaml"
    path.write_text(roster_yaml(350_000), encoding="utf-8")
    code, out, err, peak_mib = run_measured(tmp_path, "validate", str(path))
    size = path.stat().st_size
    expected = (f"planner: error: {path}: the file is {size / 2**20:.1f} MiB; the planner reads files of "
                "at most 64 MiB (some 300,000 people); split the roster into several scenarios")
    actual = (size > 64 * 2**20, code, out, err.splitlines(), peak_mib < 200)
    assert (True, 2, "", [expected], True) == actual, peak_mib


@LINUX_ONLY
def test_two_megabyte_scenario_loads_within_memory(tmp_path):
    """A generated 2 MB roster (10,000 people) validates, and the planner stays under 400 MiB."""
    path = tmp_path / "big.yaml"
    path.write_text(roster_yaml(10_000), encoding="utf-8")
    code, out, err, peak_mib = run_measured(tmp_path, "validate", str(path))
    assert (0, True, "", True) == (code, "10000 people" in out, err, peak_mib < 400), (out, err, peak_mib)
