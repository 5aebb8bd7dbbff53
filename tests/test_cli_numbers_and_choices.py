"""Options read as people write them: money with `$`, `US$` and thousands separators, counts with thousands
separators, time limits with a unit, and every choice or id in any case; junk is still one line saying what
is expected."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from planner.cli import help as cli_help
from planner.cli import values
from planner.cli.commands import app
from planner.rules.catalogs import shipped_catalog_ids
from tests.conftest import ROOT, SCENARIOS
from tests.helpers import one_error_line, run

REACHABLE = str(SCENARIOS.parent / "tests" / "data" / "cli-fabrikam-reachable.yaml")
WHAT_IF = str(SCENARIOS / "contoso-what-if.yaml")
SKILLS = str(SCENARIOS / "contoso-skills-report.csv")


def _without_stats(text: str) -> object:
    """A report's JSON without its timings (every `stats` object, at any depth)."""

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "stats"}
        return [strip(v) for v in value] if isinstance(value, list) else value

    return strip(json.loads(text))


def _error(*args: str) -> tuple[int, str]:
    """The exit code and stderr of `planner ARGS` run as a user runs it (the console script's one line)."""
    script = Path(sys.executable).parent / "planner"
    done = subprocess.run([str(script), *args], capture_output=True, text=True, cwd=ROOT, check=False,
                          env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"})
    return done.returncode, done.stderr


# ---- money -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "expected"), [
    pytest.param("3000", 3000.0, id="plain"),
    pytest.param("3,000", 3000.0, id="thousands-separator"),
    pytest.param("1,000,000", 1_000_000.0, id="two-separators"),
    pytest.param("$3000", 3000.0, id="dollar-sign"),
    pytest.param("$3,000", 3000.0, id="dollar-sign-and-separator"),
    pytest.param("US$3,000.50", 3000.5, id="us-dollar-sign-and-cents"),
    pytest.param("us$ 3,000", 3000.0, id="lower-case-us-and-a-space"),
    pytest.param("USD 3000", 3000.0, id="usd-before"),
    pytest.param("3000 USD", 3000.0, id="usd-after"),
    pytest.param(" 3000 ", 3000.0, id="spaces-around"),
    pytest.param("1e3", 1000.0, id="exponent-as-before"),
    pytest.param("3_000", 3000.0, id="underscore-as-before"),
    pytest.param("-1", -1.0, id="negative-left-to-the-range-check"),
])
def test_money_reads_separators_and_dollar_signs(written, expected):
    """An amount is read with or without `$`/`US$`/`USD` and comma thousands separators."""
    assert expected == values.money(written)


@pytest.mark.parametrize("written", [
    pytest.param("3.000,5", id="european-decimal-comma"),
    pytest.param("1,00", id="group-of-two"),
    pytest.param("1,0000", id="group-of-four"),
    pytest.param(",300", id="leading-comma"),
    pytest.param("$", id="sign-alone"),
    pytest.param("3000$$", id="two-signs"),
    pytest.param("three", id="words"),
    pytest.param("0x10", id="hexadecimal"),
])
def test_money_refuses_what_is_not_an_amount(written):
    """A value that is no amount is refused, saying what an amount looks like."""
    with pytest.raises(typer.BadParameter, match=r"must be an amount of US dollars such as 3000, 3,000\.50"):
        values.money(written)


@pytest.mark.parametrize("written", ["3,000", "$3000", "US$3,000.00", "3000"])
def test_plan_budget_reads_separators_and_dollar_signs(written):
    """plan --budget 3,000, $3000 and US$3,000.00 are the budget of 3000."""
    result = run("plan", REACHABLE, "--budget", written, "--format", "json")
    assert (0, 3000.0) == (result.exit_code, json.loads(result.stdout)["budget_usd"])


@pytest.mark.parametrize(("command", "written"), [("plan", "3.000,5"), ("best", "1,00")])
def test_budget_junk_is_one_line_saying_what_is_expected(command, written):
    """--budget 3.000,5 is exit 2 and one line naming the option, the value and what an amount looks like."""
    code, stderr = _error(command, REACHABLE, "--budget", written)
    assert (2, 1, True) == (code, len(stderr.splitlines()),
                            f"--budget': must be an amount of US dollars such as 3000, 3,000.50 or $3,000 "
                            f"(got '{written}')" in stderr)


def test_budget_out_of_range_still_says_the_range():
    """A budget written with separators is still range-checked: US$20,000,000,000 is above the limit."""
    result = run("best", REACHABLE, "--budget", "US$20,000,000,000")
    assert (2, True) == (result.exit_code, "must be from 0 to 10,000,000,000" in result.stderr)


def test_import_roster_revenue_reads_separators_and_dollar_signs():
    """import-roster --revenue '$320,000' writes revenue_usd 320000."""
    result = run("import-roster", SKILLS, "--revenue", "$320,000", "--market", "developed", "--dpor")
    assert (0, 320000) == (result.exit_code, yaml.safe_load(result.stdout)["organization"]["revenue_usd"])


# ---- counts ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "expected"), [
    pytest.param("1005", 1005, id="plain"),
    pytest.param("1,005", 1005, id="thousands-separator"),
    pytest.param("3.0", 3, id="whole-decimal-as-before"),
    pytest.param("3_0", 30, id="underscore-as-before"),
    pytest.param("-1", -1, id="negative-left-to-the-range-check"),
])
def test_count_reads_thousands_separators(written, expected):
    """A count is read with or without comma thousands separators."""
    assert expected == values.count(written)


@pytest.mark.parametrize("written", ["1,00", "3.5", "1,0000", "two"])
def test_count_refuses_what_is_not_a_whole_number(written):
    """1,00, 3.5 and words are no count, and the message says what one looks like."""
    with pytest.raises(typer.BadParameter, match="must be a whole number such as 3 or 100,000"):
        values.count(written)


def test_generate_staff_reads_thousands_separators():
    """generate --staff 1,005 writes 1,005 people."""
    result = run("generate", "--staff", "1,005", "--seed", "1,234")
    assert (0, 1005) == (result.exit_code, len(yaml.safe_load(result.stdout)["staff"]))


@pytest.mark.parametrize("option", ["--resilience", "--alternatives"])
def test_plan_counts_refuse_junk_in_one_line(option):
    """plan --resilience 1,00 (or --alternatives) is exit 2 and one line saying a whole number is expected."""
    result = run("plan", REACHABLE, option, "1,00")
    assert (2, True) == (result.exit_code, f"{option}': must be a whole number" in result.stderr)


# ---- time limits -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "expected"), [
    pytest.param("1.5", 1.5, id="seconds-as-before"),
    pytest.param("5", 5.0, id="whole-seconds"),
    pytest.param("5s", 5.0, id="s"),
    pytest.param("5 s", 5.0, id="s-after-a-space"),
    pytest.param("90s", 90.0, id="ninety-seconds"),
    pytest.param("2m", 120.0, id="minutes"),
    pytest.param("2 min", 120.0, id="min"),
    pytest.param("1m30s", 90.0, id="minutes-and-seconds"),
    pytest.param("1h", 3600.0, id="an-hour"),
    pytest.param("500ms", 0.5, id="milliseconds"),
    pytest.param("5S", 5.0, id="upper-case-unit"),
    pytest.param("-2", -2.0, id="negative-left-to-the-range-check"),
])
def test_seconds_reads_a_unit(written, expected):
    """A time limit is seconds, or a duration with a unit (s, m, h, ms)."""
    assert expected == values.seconds(written)


@pytest.mark.parametrize("written", ["5x", "s", "5s later", "five seconds", "-5s", "1,5"])
def test_seconds_refuse_what_is_not_a_duration(written):
    """5x, a unit alone or words are no duration, and the message says what one looks like."""
    with pytest.raises(typer.BadParameter, match="must be a number of seconds, or a duration such as 5s"):
        values.seconds(written)


@pytest.mark.parametrize("written", ["5s", "5 s", "2m"])
def test_plan_time_limit_reads_a_unit(written):
    """plan --time-limit 5s (or '5 s', 2m) plans as --time-limit 5 does."""
    assert 0 == run("plan", REACHABLE, "--time-limit", written, "--format", "json").exit_code


def test_time_limit_junk_is_one_line_saying_what_is_expected():
    """--time-limit 5x is exit 2 and one line naming the option and what a duration looks like."""
    code, stderr = _error("plan", REACHABLE, "--time-limit", "5x")
    expected = ("--time-limit': must be a number of seconds, or a duration such as 5s, 90s, 2m or 1m30s "
                "(got '5x')")
    assert (2, 1, True) == (code, len(stderr.splitlines()), expected in stderr)


# ---- choices and ids in any case -----------------------------------------------------------------------

@pytest.mark.parametrize(("mixed", "lower"), [
    pytest.param(["plan", REACHABLE, "--target", "Cloud-CRM:Gold"], ["plan", REACHABLE, "--target",
                                                                       "cloud-crm:gold"], id="plan-target"),
    pytest.param(["plan", REACHABLE, "--level", "GOLD"], ["plan", REACHABLE, "--level", "gold"],
                 id="plan-level"),
    pytest.param(["plan", REACHABLE, "--alternatives", "2", "--alternatives-differ", "Exams"],
                 ["plan", REACHABLE, "--alternatives", "2", "--alternatives-differ", "exams"],
                 id="plan-alternatives-differ"),
    pytest.param(["plan", WHAT_IF, "--variant", "Alice Leaves"],
                 ["plan", WHAT_IF, "--variant", "alice leaves"], id="plan-variant"),
    pytest.param(["best", REACHABLE, "--objective", "Cost"], ["best", REACHABLE, "--objective", "cost"],
                 id="best-objective"),
    pytest.param(["check", REACHABLE, "--competency", "Cloud-CRM"], ["check", REACHABLE, "--competency",
                                                                      "cloud-crm"], id="check-competency"),
    pytest.param(["rules", "--competency", "Cloud-CRM"], ["rules", "--competency", "cloud-crm"],
                 id="rules-competency"),
])
def test_choices_and_ids_are_read_in_any_case(mixed, lower):
    """An option's choice or id written in another case gives the same answer as written in lower case."""
    a, b = run(*mixed, "--format", "JSON"), run(*lower, "--format", "json")
    assert (b.exit_code, _without_stats(b.stdout)) == (a.exit_code, _without_stats(a.stdout))


@pytest.mark.parametrize(("mixed", "lower"), [
    pytest.param(["generate", "--competency", "Cloud-CRM"], ["generate", "--competency", "cloud-crm"],
                 id="generate-competency"),
    pytest.param(["import-roster", SKILLS, "--competency", "CLOUD-CRM", "--market", "Developed",
                  "--date-order", "MDY"],
                 ["import-roster", SKILLS, "--competency", "cloud-crm", "--market", "developed",
                  "--date-order", "mdy"], id="import-roster-competency-market-date-order"),
])
def test_scenario_writers_read_choices_in_any_case(mixed, lower):
    """generate and import-roster write the same scenario for a choice in any case."""
    seed = ["--staff", "3", "--seed", "1"] if mixed[0] == "generate" else []
    a, b = run(*mixed, *seed), run(*lower, *seed)
    assert (0, b.stdout) == (a.exit_code, a.stdout)


def test_target_names_an_unknown_level_of_a_known_competency_with_its_levels():
    """--target Cloud-CRM:platinum names the competency as the catalog spells it and lists its levels."""
    result = run("plan", REACHABLE, "--target", "Cloud-CRM:platinum")
    assert (2, True) == (result.exit_code, "unknown level 'platinum' of cloud-crm; it has silver, gold"
                         in result.stderr)


def test_target_in_any_case_is_shown_as_the_catalog_spells_it():
    """--target Cloud-CRM:Gold plans the goal cloud-crm:gold, and the JSON names it so."""
    result = run("plan", REACHABLE, "--target", "Cloud-CRM:Gold", "--format", "json")
    shown = json.loads(result.stdout)
    assert (0, "cloud-crm", "gold") == (result.exit_code, shown["competency"], shown["level"])


# ---- --competency names the known ids ------------------------------------------------------------------

KNOWN = "business-applications, cloud-business-applications, cloud-crm"


@pytest.mark.parametrize("command", [
    pytest.param(["check", REACHABLE], id="check"),
    pytest.param(["rules"], id="rules"),
    pytest.param(["generate", "--staff", "2", "--seed", "1"], id="generate"),
    pytest.param(["import-roster", SKILLS], id="import-roster"),
])
@pytest.mark.parametrize(("unknown", "hint"), [
    pytest.param("cloud-crn", " (did you mean 'cloud-crm'?)", id="near-miss"),
    pytest.param("azure", "", id="nothing-near"),
])
def test_unknown_competency_lists_the_known_ids_in_one_line(command, unknown, hint):
    """--competency with an unknown id (a near miss or not) is exit 2 and one line listing the known ids."""
    result = run(*command, "--competency", unknown)
    assert (2, f"planner: error: --competency: unknown competency '{unknown}'{hint}; known: {KNOWN}") == (
        result.exit_code, one_error_line(result))


@pytest.mark.parametrize("command", ["check", "rules", "generate", "import-roster"])
def test_competency_help_names_the_shipped_ids(command):
    """Every command with --competency names the shipped competencies' ids in its help (import-roster's
    option column is too narrow for them at 80 columns: its description names them)."""
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "300"})
    shown = [line for line in result.stdout.splitlines() if "--competency" in line]
    assert [True] == [any("business-applications, cloud-business-applications or cloud-crm" in line
                          for line in shown)]


def test_ids_named_in_help_are_the_shipped_catalogs_ids():
    """The ids --help reads from the catalog files' names are the ids the loaded catalogs have."""
    assert shipped_catalog_ids() == list(cli_help.shipped_ids())
