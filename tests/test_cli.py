"""The `planner` command: every command's exit codes, output formats, --output, help and usage errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from planner.cli.commands import app
from tests.helpers import one_error_line, run

DATA = Path(__file__).parent / "data"
REACHABLE = str(DATA / "cli-fabrikam-reachable.yaml")  # Silver: 0 exams; Gold: 2 exams, US$1,330
LEAVER = str(DATA / "cli-northwind-leaver.yaml")  # Silver reachable; Gold infeasible (dan leaves 2018-03-01)
SHORT_REVENUE = str(DATA / "cli-litware-short-revenue.yaml")  # emerging market, US$49,999: exam rules met
BAD_EXAM = str(DATA / "cli-bad-exam-code.yaml")  # MB2-171 on line 9

CONTRACT_KEYS = ["scenario", "competency", "level", "as_of", "deadline", "objective", "status", "reachable",
                 "gates", "new_exams", "total_new_exams", "total_cost_usd", "assignments", "reasons", "stats"]
# Keys the PlanReport has beyond the contract (allowed: the contract permits extra keys).
EXTRA_KEYS = {"objective_bound", "spares", "hires", "budget_usd", "resilience", "alternatives", "fixes",
              "schedule", "path", "levels_met", "probability_all_pass", "probability_level_met",
              "expected_cost_usd", "buffer", "rules_revision", "option", "targets", "saving"}
SCENARIO_KEYS = {"schema_version", "name", "competency", "as_of", "deadline", "organization", "costs",
                 "staff"}
COMMANDS = {"plan", "check", "compare", "rules", "validate", "schema"}


# ---- plan --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("scenario", "level", "expected_code"),
    [
        pytest.param(REACHABLE, "silver", 0, id="reachable-silver"),
        pytest.param(REACHABLE, "gold", 0, id="reachable-gold"),
        pytest.param(LEAVER, "gold", 1, id="exam-rules-infeasible"),
        pytest.param(SHORT_REVENUE, "silver", 1, id="revenue-gate-fails"),
        pytest.param(BAD_EXAM, "gold", 2, id="bad-input"),
    ],
)
def test_plan_exit_code_says_whether_the_level_is_reachable(scenario, level, expected_code):
    """plan exits 0 when reachable, 1 when not (exam rules or a gate), 2 on bad input."""
    assert expected_code == run("plan", scenario, "--level", level, "--format", "json").exit_code


def test_plan_defaults_to_gold():
    """Without --level the plan is for Gold."""
    assert "gold" == json.loads(run("plan", REACHABLE, "--format", "json").stdout)["level"]


def test_plan_json_has_exactly_the_contract_keys_in_order():
    """The JSON has every contract key, in the contract's order, and no key outside the listed extras."""
    data = json.loads(run("plan", REACHABLE, "--format", "json").stdout)
    assert [] == [k for k in CONTRACT_KEYS if k not in data]
    assert set() == set(data) - set(CONTRACT_KEYS) - EXTRA_KEYS
    assert CONTRACT_KEYS == [k for k in data if k in CONTRACT_KEYS]


def test_plan_json_values_for_the_gold_push():
    """Fabrikam's Gold plan: bea and dora take one exam each at US$665 (US$165 fee + 10 h x US$50), four
    people fill the slots."""
    data = json.loads(run("plan", REACHABLE, "--format", "json").stdout)
    facts = {k: data[k] for k in ("scenario", "competency", "level", "as_of", "deadline", "objective",
                                  "status", "reachable", "total_new_exams", "total_cost_usd", "reasons")}
    assert {"scenario": "Fabrikam Residences", "competency": "cloud-crm", "level": "gold",
            "as_of": "2017-11-20", "deadline": "2018-06-30", "objective": "exams", "status": "optimal",
            "reachable": True, "total_new_exams": 2, "total_cost_usd": 1330.0, "reasons": []} == facts
    parts = {"fee_usd": 165.0, "prep_hours": 10.0, "hourly_rate_usd": 50.0}
    assert [{"person": "bea", "exam": "MB2-715", "cost_usd": 665.0, **parts},
            {"person": "dora", "exam": "MB2-716", "cost_usd": 665.0, **parts}] == [
        {k: v for k, v in e.items() if k != "name"} for e in data["new_exams"]]
    assert {"ann", "bea", "carl", "dora"} == {a["person"] for a in data["assignments"]}
    assert [{"name": "revenue", "ok": True, "required_usd": 300000, "actual_usd": 320000, "gap_usd": 0},
            {"name": "dpor", "ok": True}] == data["gates"]


def test_plan_json_for_an_unreachable_level_explains_why():
    """Northwind's Gold answer is infeasible, lists nothing, and names the leaver and the day."""
    result = run("plan", LEAVER, "--format", "json")
    data = json.loads(result.stdout)
    assert (1, "infeasible", False, [], []) == (result.exit_code, data["status"], data["reachable"],
                                                data["new_exams"], data["assignments"])
    assert True is any("dan leaves on 2018-03-01" in r for r in data["reasons"])


def test_plan_json_for_a_failing_gate_still_shows_the_plan():
    """Litware meets Silver's exam rules but is US$1 short of US$50,000: plan shown, not reachable."""
    result = run("plan", SHORT_REVENUE, "--level", "silver", "--format", "json")
    data = json.loads(result.stdout)
    revenue = next(g for g in data["gates"] if g["name"] == "revenue")
    assert (1, "optimal", False, 2) == (result.exit_code, data["status"], data["reachable"],
                                        len(data["assignments"]))
    assert (50000, 1) == (revenue["required_usd"], revenue["gap_usd"])


def test_plan_objective_cost_is_reported():
    """--objective cost is echoed in the JSON."""
    result = run("plan", REACHABLE, "--objective", "cost", "--format", "json")
    assert "cost" == json.loads(result.stdout)["objective"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_plan_human_output_has_the_key_facts(fmt):
    """Table and Markdown show the headline, each new exam with its cost, the total and the gates."""
    result = run("plan", REACHABLE, "--format", fmt)
    out = result.stdout
    facts = ["Fabrikam Residences", "Gold is reachable", "bea", "MB2-715", "dora", "MB2-716", "US$665",
             "US$1,330", "application+deployment", "customization", "revenue", "dpor"]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in out])


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_plan_human_output_for_an_unreachable_level_says_why(fmt):
    """Table and Markdown of an infeasible Gold say it cannot be reached and name the leaver."""
    result = run("plan", LEAVER, "--format", fmt)
    facts = ["Gold cannot be reached", "dan leaves on 2018-03-01"]
    assert (1, []) == (result.exit_code, [f for f in facts if f not in result.stdout])


def test_plan_bad_input_is_one_line_naming_the_file_and_place():
    """A wrong exam code gives exit 2 and one stderr line with file:line:column, the path and the code."""
    result = run("plan", BAD_EXAM)
    line = one_error_line(result)
    assert (2, "", True) == (result.exit_code, result.stdout, f"{BAD_EXAM}:9:" in line)
    assert ("staff[0].passed[0]" in line, "MB2-171" in line) == (True, True)


def test_plan_missing_file_is_one_line():
    """A scenario path that does not exist gives exit 2 and one line."""
    result = run("plan", str(DATA / "no-such-scenario.yaml"))
    assert (2, True) == (result.exit_code, "no such file" in one_error_line(result))


# ---- usage errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        pytest.param(["plan", REACHABLE, "--level", "platinum"], "unknown level 'platinum'", id="plan-level"),
        pytest.param(["plan", REACHABLE, "--format", "xml"], "--format must be one of", id="plan-format"),
        pytest.param(["plan", REACHABLE, "--objective", "speed"], "--objective must be one of",
                     id="plan-objective"),
        pytest.param(["check", REACHABLE, "--format", "xml"], "--format must be one of", id="check-format"),
        pytest.param(["compare", REACHABLE, LEAVER, "--level", "bronze"], "unknown level 'bronze'",
                     id="compare-level"),
        pytest.param(["compare", REACHABLE, LEAVER, "--format", "csv"], "--format must be one of",
                     id="compare-format"),
        pytest.param(["rules", "--format", "yaml"], "--format must be one of", id="rules-format"),
    ],
)
def test_bad_option_value_exits_2_with_one_line(args, fragment):
    """An unknown level, format or objective is one stderr line, exit 2, and nothing on stdout."""
    result = run(*args)
    assert (2, "", True) == (result.exit_code, result.stdout, fragment in one_error_line(result))


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["plan", REACHABLE, "--bogus"], id="unknown-option"),
        pytest.param(["plan"], id="missing-scenario"),
        pytest.param(["plan", REACHABLE, "--level", "platinum"], id="unknown-level"),
    ],
)
def test_console_entry_point_reports_usage_errors_in_one_line(args):
    """`python -m planner` (the console script's main) turns typer's usage errors into one line, exit 2."""
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DEBUG"}
    done = subprocess.run([sys.executable, "-m", "planner", *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    lines = done.stderr.splitlines()
    first = lines[0] if lines else ""
    assert (2, 1, True) == (done.returncode, len(lines), first.startswith("planner: error:"))


def test_console_entry_point_leaves_with_its_output_flushed_and_its_exit_code():
    """The console script ends without Python's teardown (planner.cli.commands.leave): what the command
    printed, buffered on a pipe, is all written first, and the exit code is the command's."""
    code = "from planner.cli.commands import leave; print('x' * 1_000, end=''); leave(3)"
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a user's shell has it
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          check=False, env=buffered)
    assert (3, 1_000) == (done.returncode, len(done.stdout))
    plan = subprocess.run([sys.executable, "-m", "planner", "plan", REACHABLE, "--format", "json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert (0, "reachable") == (plan.returncode, "reachable" if json.loads(plan.stdout)["reachable"] else "")


# ---- check, compare, rules, validate, schema ---------------------------------------------------------

def test_check_shows_every_level_and_what_is_missing():
    """check exits 0: Silver met, Gold short of one customization slot (dan still counts today)."""
    result = run("check", LEAVER, "--format", "json")
    levels = {lv["level"]: lv for lv in json.loads(result.stdout)["levels"]}
    assert (0, True, False) == (result.exit_code, levels["silver"]["met"], levels["gold"]["met"])
    assert True is any("customization" in m for m in levels["gold"]["missing"])


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_check_human_output_has_the_key_facts(fmt):
    """check's table and Markdown name both levels, the slot holders and what is missing."""
    result = run("check", LEAVER, "--format", fmt)
    facts = ["Northwind Traders", "Silver", "Gold", "erin", "fay", "missing", "customization"]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in result.stdout])


def test_compare_lists_scenarios_side_by_side():
    """compare exits 0 for readable files, reachable or not, with exams, cost and people used per scenario."""
    result = run("compare", REACHABLE, LEAVER, "--format", "json")
    rows = json.loads(result.stdout)["scenarios"]
    summary = [(r["scenario"], r["reachable"], r["total_new_exams"], r["total_cost_usd"], r["people_used"])
               for r in rows]
    expected = [("Fabrikam Residences", True, 2, 1330.0, 4), ("Northwind Traders", False, None, None, 0)]
    assert (0, expected) == (result.exit_code, summary)


def test_compare_shows_the_revenue_gap():
    """compare reports Litware's US$1 revenue gap for Silver."""
    result = run("compare", REACHABLE, SHORT_REVENUE, "--level", "silver", "--format", "json")
    assert [0, 1] == [r["revenue_gap_usd"] for r in json.loads(result.stdout)["scenarios"]]


def test_compare_with_a_bad_file_exits_2_after_comparing_the_others():
    """A bad file is listed with its error and reported on stderr; the good one is still compared."""
    result = run("compare", REACHABLE, BAD_EXAM, "--format", "json")
    rows = json.loads(result.stdout)["scenarios"]
    assert (2, "Fabrikam Residences", True) == (result.exit_code, rows[0]["scenario"],
                                                "MB2-171" in rows[1]["error"])
    assert True is ("MB2-171" in one_error_line(result))


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_compare_human_output_has_the_key_facts(fmt):
    """compare's table and Markdown show each scenario with its exams and cost."""
    result = run("compare", REACHABLE, LEAVER, "--format", fmt)
    facts = ["Fabrikam Residences", "Northwind Traders", "US$1,330", "no plan"]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in result.stdout])


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_rules_show_developing_silver_at_50000_and_the_translation_error(fmt):
    """rules show both Silver thresholds (US$100,000 / US$50,000), Gold's, and the translation-error note."""
    result = run("rules", "--format", fmt)
    facts = ["US$100,000", "US$50,000", "US$300,000", "US$150,000", "translation error", "MB2-709",
             "2017-12-31", "2018-12-31", "MB2-877", "2018-01-01"]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in result.stdout])


def test_rules_json_has_the_developing_thresholds():
    """rules --format json gives Silver 50,000 and Gold 150,000 for developing markets."""
    catalogs = json.loads(run("rules", "--format", "json").stdout)  # the latest revision of each competency
    (catalog,) = [c for c in catalogs if c["id"] == "cloud-crm"]
    developing = {lv["id"]: lv["revenue_gates"][0]["required_usd"]["developing"] for lv in catalog["levels"]}
    assert {"silver": 50000, "gold": 150000} == developing


def test_validate_prints_a_one_line_summary():
    """validate exits 0 with one line: the file, ok, the scenario name, head count and who leaves."""
    result = run("validate", LEAVER)
    (line,) = result.stdout.splitlines()
    facts = [LEAVER, "ok", "Northwind Traders", "4 people", "1 leaving"]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in line])


def test_validate_bad_input_is_one_line():
    """validate of a bad file exits 2 with one stderr line and prints nothing on stdout."""
    result = run("validate", BAD_EXAM)
    assert (2, "", True) == (result.exit_code, result.stdout, "MB2-171" in one_error_line(result))


def test_schema_is_a_json_schema_of_the_scenario_contract():
    """schema prints a JSON Schema whose properties include every top-level key of the scenario contract."""
    result = run("schema")
    schema = json.loads(result.stdout)
    missing = SCENARIO_KEYS - set(schema["properties"])
    assert (0, "object", set()) == (result.exit_code, schema["type"], missing)
    assert {"schema_version", "name", "as_of", "organization", "staff"} == set(schema["required"])
    assert False is schema.get("additionalProperties")


def test_test_scenarios_use_only_keys_the_schema_allows():
    """Every top-level key of the CLI test scenarios is a property of the printed schema."""
    allowed = set(json.loads(run("schema").stdout)["properties"])
    used = set().union(*(yaml.safe_load(p.read_text()) for p in DATA.glob("cli-*.yaml")))
    assert set() == used - allowed


# ---- --output and help -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("args", "expected_code", "fact"),
    [
        pytest.param(["plan", REACHABLE, "--format", "json"], 0, '"total_cost_usd": 1330.0', id="plan-json"),
        pytest.param(["plan", LEAVER, "--format", "markdown"], 1, "dan leaves on 2018-03-01",
                     id="plan-markdown"),
        pytest.param(["plan", REACHABLE, "--format", "table"], 0, "US$1,330", id="plan-table"),
        pytest.param(["check", LEAVER, "--format", "json"], 0, '"levels"', id="check-json"),
        pytest.param(["compare", REACHABLE, LEAVER], 0, "Northwind", id="compare-table"),
        pytest.param(["rules", "--format", "markdown"], 0, "US$50,000", id="rules-markdown"),
    ],
)
def test_output_option_writes_the_report_to_the_file(tmp_path, args, expected_code, fact):
    """--output FILE writes the report there (no colour codes), prints nothing, keeps the exit code."""
    target = tmp_path / "report.out"
    result = run(*args, "--output", str(target))
    text = target.read_text(encoding="utf-8")
    assert (expected_code, "", True, False) == (result.exit_code, result.stdout, fact in text,
                                                "\x1b[" in text)


def test_output_json_file_equals_stdout_json(tmp_path):
    """The JSON written by --output is the JSON printed on stdout (outside stats)."""
    target = tmp_path / "plan.json"
    printed = json.loads(run("plan", REACHABLE, "--format", "json").stdout)
    run("plan", REACHABLE, "--format", "json", "--output", str(target))
    written = json.loads(target.read_text(encoding="utf-8"))
    printed.pop("stats")
    written.pop("stats")
    assert printed == written


def test_output_refuses_to_overwrite_the_scenario(tmp_path):
    """--output naming the scenario being read exits 2 and leaves the scenario untouched."""
    scenario = tmp_path / "s.yaml"
    original = Path(REACHABLE).read_text(encoding="utf-8")
    scenario.write_text(original, encoding="utf-8")
    result = run("plan", str(scenario), "--output", str(scenario))
    assert (2, original) == (result.exit_code, scenario.read_text(encoding="utf-8"))


def test_every_documented_command_exists():
    """The app has the six commands of the issue (plan, check, compare, rules, validate, schema)."""
    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert set() == COMMANDS - names


@pytest.mark.parametrize("command", sorted({c.name or c.callback.__name__ for c in app.registered_commands}))
def test_every_command_has_help_with_an_example(command):
    """`planner COMMAND --help` exits 0 and shows an Example."""
    result = run(command, "--help")
    assert (0, True) == (result.exit_code, "Example" in result.stdout)


def test_top_level_help_lists_every_command():
    """`planner --help` names every command."""
    result = run("--help")
    assert (0, set()) == (result.exit_code, {c for c in COMMANDS if c not in result.stdout})
