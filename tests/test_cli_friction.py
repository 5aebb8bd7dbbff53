"""What a new user tripped over on the command line, each fixed and kept fixed: `schema -o`, the format
-o's extension names, and an imported roster's costs said to be defaults."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import pytest
import yaml

from planner import plan
from planner.input.loading import load_scenario, load_scenario_text
from planner.input.roster_import import ImportCosts, Organization, import_roster
from planner.rules.catalogs import shipped_catalog
from tests.conftest import ROOT, SCENARIOS
from tests.helpers import one_error_line, run

REACHABLE = str(SCENARIOS.parent / "tests" / "data" / "cli-fabrikam-reachable.yaml")
SKILLS_PATH = SCENARIOS / "contoso-skills-report.csv"
SKILLS = str(SKILLS_PATH)


def _without_stats(text: str, fmt: str) -> object:
    """A report without its timings: JSON without its `stats` objects, Markdown and tables without the
    seconds they print."""
    if fmt != "json":
        return re.sub(r"\d+(\.\d+)? ?s\b", "N s", text)

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "stats"}
        return [strip(v) for v in value] if isinstance(value, list) else value

    return strip(json.loads(text))


def test_schema_writes_to_output(tmp_path):
    """planner schema -o FILE writes to FILE the schema it prints without -o, and prints nothing."""
    target = tmp_path / "scenario.schema.json"
    written, printed = run("schema", "-o", str(target)), run("schema")
    assert (0, "", printed.stdout) == (written.exit_code, written.stdout, target.read_text(encoding="utf-8"))


# ---- the format follows -o's extension ---------------------------------------------------------------

@pytest.mark.parametrize("command", [
    pytest.param(["plan", REACHABLE], id="plan"),
    pytest.param(["best", REACHABLE, "--budget", "3000"], id="best"),
    pytest.param(["check", REACHABLE], id="check"),
    pytest.param(["compare", REACHABLE, REACHABLE], id="compare"),
    pytest.param(["rules", "--competency", "cloud-crm"], id="rules"),
])
@pytest.mark.parametrize(("name", "fmt"), [
    pytest.param("report.json", "json", id="json"),
    pytest.param("report.md", "markdown", id="md"),
    pytest.param("report.txt", "table", id="txt"),
])
def test_output_format_follows_the_extension(tmp_path, command, name, fmt):
    """Without --format, -o report.json writes JSON, report.md Markdown, report.txt the table, as --format
    would."""
    assert _as_asked(tmp_path, command, fmt) == _as_named(tmp_path, command, name, fmt)


@pytest.mark.parametrize(("name", "fmt"), [
    pytest.param("REPORT.JSON", "json", id="json-in-capitals"),
    pytest.param("report.markdown", "markdown", id="markdown"),
    pytest.param("report", "table", id="no-extension"),
    pytest.param("report.out", "table", id="other-extension"),
])
def test_output_format_follows_any_spelling_of_the_extension(tmp_path, name, fmt):
    """-o REPORT.JSON is JSON, report.markdown Markdown, and a name with no extension or another one the
    table."""
    command = ["plan", REACHABLE]
    assert _as_asked(tmp_path, command, fmt) == _as_named(tmp_path, command, name, fmt)


def _as_named(tmp_path, command: list[str], name: str, fmt: str) -> tuple[int, object]:
    """The exit code and the report (without timings) that `command -o NAME` writes."""
    target = tmp_path / name
    result = run(*command, "-o", str(target))
    return result.exit_code, _without_stats(target.read_text(encoding="utf-8"), fmt)


def _as_asked(tmp_path, command: list[str], fmt: str) -> tuple[int, object]:
    """The exit code and the report (without timings) that `command --format FMT -o FILE` writes."""
    return _as_named(tmp_path, [*command, "--format", fmt], f"asked.{fmt}", fmt)


@pytest.mark.parametrize("command", [
    pytest.param(["plan", REACHABLE], id="plan"),
    pytest.param(["best", REACHABLE, "--budget", "3000"], id="best"),
    pytest.param(["compare", REACHABLE, REACHABLE], id="compare"),
])
@pytest.mark.parametrize("name", ["report.html", "report.htm"])
def test_output_ending_in_html_is_the_html_page(tmp_path, command, name):
    """plan, best and compare -o report.html (or .htm) write the HTML page, not the text table."""
    target = tmp_path / name
    result = run(*command, "-o", str(target))
    assert (True, "") == (target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>"), result.stdout)


def test_explicit_format_wins_over_the_extension(tmp_path):
    """--format json -o report.html writes JSON, as asked (as curl and pandoc do), and says nothing."""
    target = tmp_path / "report.html"
    result = run("plan", REACHABLE, "--format", "json", "-o", str(target))
    assert (0, "", "Fabrikam Residences") == (
        result.exit_code, result.stderr, json.loads(target.read_text(encoding="utf-8"))["scenario"])


@pytest.mark.parametrize(("command", "name", "named", "writes"), [
    pytest.param(["check", REACHABLE], "check.csv", "csv", "table, json, markdown or html", id="check-csv"),
    pytest.param(["rules"], "rules.htm", "html", "table, json or markdown", id="rules-htm"),
    pytest.param(["plan", REACHABLE], "plan.yaml", "yaml", "table, json, markdown or html", id="plan-yaml"),
    pytest.param(["compare", REACHABLE, REACHABLE], "compare.csv", "csv", "table, json, markdown or html",
                 id="compare-csv"),
])
def test_output_naming_a_format_the_command_does_not_write_is_refused(tmp_path, command, name, named, writes):
    """rules -o rules.htm (a format rules does not write) is exit 2 and one line, and nothing is written."""
    target = tmp_path / name
    result = run(*command, "-o", str(target))
    expected = (f"planner: error: --output {target}: its extension {target.suffix} names {named}, which this "
                f"command does not write (it writes {writes}); give --format to write one of those to it")
    assert (2, expected, False) == (result.exit_code, one_error_line(result), target.exists())


# ---- an imported roster's costs ----------------------------------------------------------------------

def test_import_says_its_costs_are_defaults_and_how_to_set_them():
    """Without --rate and --prep-hours the import's summary says a new exam costs its US$165 fee and no
    preparation, and names the options."""
    result = run("import-roster", SKILLS)
    expected = ("planner: note: costs are defaults: a new exam costs its US$165 fee and no preparation; pass "
                "--rate USD (a person's hour) and --prep-hours H (study hours per exam), or edit costs: in "
                "the scenario")
    assert (0, True) == (result.exit_code, expected in result.stderr)


def test_import_writes_rate_and_prep_hours_into_the_scenarios_costs(tmp_path):
    """--rate '$60' --prep-hours 20 are the scenario's costs.hourly_rate_usd and costs.prep_hours, and the
    summary says what a new exam then costs."""
    target = tmp_path / "roster.yaml"
    result = run("import-roster", SKILLS, "--rate", "$60", "--prep-hours", "20", "-o", str(target))
    costs = load_scenario(target).scenario.costs
    assert (0, 60.0, 20.0, True) == (result.exit_code, costs.hourly_rate_usd, costs.prep_hours,
                                     "costs: a new exam costs its US$165 fee and 20 preparation hours at "
                                     "US$60 an hour (US$1,365 in all)" in result.stderr)


def test_import_with_only_a_rate_names_the_default_it_kept():
    """--rate alone writes the rate and the summary says --prep-hours was left at its default, 0."""
    result = run("import-roster", SKILLS, "--rate", "60")
    assert (0, {"hourly_rate_usd": 60}, True) == (
        result.exit_code, yaml.safe_load(result.stdout)["costs"],
        "not given: --prep-hours (default 0)" in result.stderr)


def test_imported_costs_are_what_the_plan_counts():
    """The imported Contoso roster reaches Gold with one new exam: US$165 by default, US$1,365 with 20 hours
    of preparation at US$60."""
    def cost(costs: ImportCosts | None) -> float:
        scenario = import_roster(SKILLS_PATH.read_text(encoding="utf-8-sig"), "skills.csv",
                                 shipped_catalog("cloud-crm"), as_of=dt.date(2017, 11, 20),
                                 deadline=dt.date(2018, 6, 30), costs=costs,
                                 organization=Organization(market="developed", revenue_usd=320000, dpor=True))
        return plan(load_scenario_text("".join(scenario.chunks()), "contoso.yaml"), "gold").total_cost_usd

    assert (165.0, 1365.0) == (cost(None), cost(ImportCosts(hourly_rate_usd=60, prep_hours=20)))


@pytest.mark.parametrize(("option", "value", "expected"), [
    pytest.param("--rate", "-1", "must be from 0 to 10,000,000,000", id="negative-rate"),
    pytest.param("--rate", "sixty", "must be an amount of US dollars", id="rate-in-words"),
    pytest.param("--prep-hours", "10001", "must be from 0 to 10,000", id="too-many-hours"),
])
def test_import_cost_options_refuse_junk_in_one_line(option, value, expected):
    """A negative or unreadable --rate, or more than 10,000 --prep-hours, is exit 2 and one line."""
    result = run("import-roster", SKILLS, option, value)
    assert (2, True) == (result.exit_code, expected in result.stderr)


# ---- python -m planner outside the virtual environment ---------------------------------------------------

def test_python_m_planner_without_typer_says_how_to_run_it_in_one_line():
    """`python -m planner` run by a Python without typer (the system's) is one line naming the missing module
    and the virtual environment, exit 2, never a traceback."""
    code = ("import runpy, sys\nsys.modules['typer'] = None  # as a Python without it\n"
            "sys.argv = ['planner', '--help']\nrunpy.run_module('planner', run_name='__main__')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert (2, "", 1, True, True) == (done.returncode, done.stdout, len(done.stderr.splitlines()),
                                      "no module 'typer'" in done.stderr, ".venv/bin/activate" in done.stderr)


def test_readme_says_to_activate_the_virtual_environment_and_keeps_the_two_set_up_commands():
    """The README says to activate .venv or run .venv/bin/planner, and keeps its two set-up commands: the
    second, `.ci/test`, is what `.ci/run` runs, and installs the test extras and chromium, then runs ruff,
    mypy and pytest."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = ["python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/planner plan "
             "scenarios/contoso-gold-push.yaml", "```bash\n.ci/test\n```"]
    script = (ROOT / ".ci" / "test").read_text(encoding="utf-8")
    steps = [".ci/install-test-deps &", "python3 -m venv .venv", "pip install -q -e '.[test]'",
             ".venv/bin/ruff check .", ".venv/bin/mypy", 'wait "$deps"', ".venv/bin/pytest"]
    assert [True, True, True, True, True] == [c in readme for c in setup] + [
        "source .venv/bin/activate" in readme, "`.venv/bin/planner`" in readme,
        "exec .ci/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")]
    assert sorted(steps, key=script.index) == steps


@pytest.mark.parametrize("command", [
    pytest.param(["generate", "--staff", "2", "--seed", "1"], id="generate"),
    pytest.param(["import-roster", SKILLS], id="import-roster"),
])
@pytest.mark.parametrize(("name", "named"), [("roster.json", "json"), ("roster.md", "markdown"),
                                             ("roster.HTML", "html"), ("roster.csv", "csv")])
def test_scenario_writers_refuse_an_output_named_for_another_format(tmp_path, command, name, named):
    """generate and import-roster -o roster.json (a scenario is YAML) are exit 2 and one line; nothing is
    written."""
    target = tmp_path / name
    result = run(*command, "-o", str(target))
    expected = (f"planner: error: --output {target}: its extension {target.suffix.lower()} names {named}, "
                "but a scenario is written in YAML; name the file .yaml")
    assert (2, expected, False) == (result.exit_code, one_error_line(result), target.exists())


@pytest.mark.parametrize("name", ["roster.yaml", "roster.YML", "roster.txt", "roster"])
def test_scenario_writers_write_yaml_under_any_other_name(tmp_path, name):
    """generate -o roster.yaml, .YML, .txt or no extension writes the scenario."""
    target = tmp_path / name
    result = run("generate", "--staff", "2", "--seed", "1", "-o", str(target))
    assert (0, 1) == (result.exit_code, yaml.safe_load(target.read_text(encoding="utf-8"))["schema_version"])
