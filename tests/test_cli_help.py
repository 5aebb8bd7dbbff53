"""Options and help read as words: no type names or ranges, choices listed, matched in any case and
completed by the shell, -q/-v after the command, and exam codes read the same by the YAML loader and the
CSV import."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from models.scenario import exam_code
from planner.cli.commands import app
from planner.input.loading import load_scenario
from tests.conftest import ROOT, SCENARIOS
from tests.helpers import run, scenario_dict

COMMANDS = ["plan", "best", "check", "compare", "rules", "validate", "schema", "generate", "import-roster"]
GOLD_PUSH = str(SCENARIOS / "contoso-gold-push.yaml")
CODE_LIKE = re.compile(r"<(bool|str|int|float|path|list|tuple)|x<=|x>=|<=x|\{|\}|…")


def _help(command: str | None, width: int = 80) -> str:
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": str(width)})
    assert 0 == result.exit_code, result.output
    return result.stdout


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_at_width_80_has_no_type_names_ranges_or_cut_words(command):
    """No `<bool>`, `<str>`, `<list[str]>`, `[0.0<=x<=...]`, `{scenario}` or a word cut with '…'."""
    assert [] == CODE_LIKE.findall(_help(command))


@pytest.mark.parametrize(("command", "option", "choices"), [
    pytest.param("plan", "--level", ["silver", "gold"], id="plan-level"),
    pytest.param("plan", "--objective", ["exams", "cost", "time", "risk"], id="plan-objective"),
    pytest.param("plan", "--format", ["table", "json", "markdown", "html"], id="plan-format"),
    pytest.param("check", "--format", ["table", "json", "markdown"], id="check-format"),
    pytest.param("compare", "--objective", ["exams", "cost"], id="compare-objective"),
    pytest.param("import-roster", "--market", ["developed", "developing"], id="import-market"),
    pytest.param("import-roster", "--date-order", ["dmy", "mdy"], id="import-date-order"),
])
def test_help_lists_the_choices_of_an_option(command, option, choices):
    """The help text of an option with choices names each of them (in the option's own row)."""
    page = _help(command, width=400)
    row = next(line for line in page.splitlines() if f" {option} " in line)
    assert [] == [c for c in choices if c not in row]


@pytest.mark.parametrize("command", COMMANDS)
def test_examples_are_whole_lines_at_width_80(command):
    """Every example line starts with `planner` or continues one ending in a backslash: none is wrapped."""
    lines = _help(command).splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("Example"))
    examples = [line.strip() for line in lines[start + 1:] if line.strip()]
    broken = [line for prev, line in zip(["planner"] + examples, examples, strict=False)
              if not line.startswith("planner") and not prev.endswith("\\")]
    assert ([], True) == (broken, bool(examples))


def test_a_paragraph_of_help_is_not_broken_mid_sentence():
    """On a wide terminal the plan command's exit-code paragraph is one line, not the source's lines."""
    page = _help("plan", width=300)
    assert 1 == sum(1 for line in page.splitlines() if "Exits 0" in line and "2 on bad input" in line)


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_quiet_is_accepted_after_the_command(flag):
    """`planner plan FILE -q` prints nothing and still exits 0 for a reachable level."""
    result = run("plan", GOLD_PUSH, flag)
    assert (0, "") == (result.exit_code, result.stdout)


def test_verbose_is_accepted_after_the_command():
    """`planner plan FILE -v` prints the solver's statistics on stderr after the report."""
    result = run("plan", GOLD_PUSH, "-v")
    assert (0, True) == (result.exit_code, "planner: stats:" in result.stderr)


def test_choices_are_matched_whatever_their_case():
    """--level Gold --objective Cost --format JSON gives the same answer as the lower-case words."""
    upper = run("plan", GOLD_PUSH, "--level", "Gold", "--objective", "Cost", "--format", "JSON")
    lower = run("plan", GOLD_PUSH, "--level", "gold", "--objective", "cost", "--format", "json")
    strip = lambda text: {k: v for k, v in json.loads(text).items() if k != "stats"}  # noqa: E731
    assert (0, strip(lower.stdout)) == (upper.exit_code, strip(upper.stdout))


@pytest.mark.parametrize(("args", "fragment"), [
    pytest.param(["--alternatives", "0"], "must be from 1 to 20 (got 0)", id="alternatives-0"),
    pytest.param(["--budget", "-1"], "must be from 0 to 10,000,000,000", id="budget-negative"),
    pytest.param(["--time-limit", "-2"], "must be 0 or more", id="time-limit-negative"),
])
def test_a_number_out_of_range_says_the_range_in_words(args, fragment):
    """A number outside its range is exit 2 with the limits written as numbers people read."""
    result = run("plan", GOLD_PUSH, *args)
    assert (2, True) == (result.exit_code, fragment in result.stderr)


@pytest.mark.parametrize(("words", "expected"), [
    pytest.param("planner plan x.yaml --objective ", ["exams", "cost", "time", "risk"], id="objective"),
    pytest.param("planner plan x.yaml --level g", ["gold"], id="level"),
    pytest.param("planner check x.yaml --format m", ["markdown"], id="format"),
    pytest.param("planner import-roster x.csv --market dev", ["developed", "developing"], id="market"),
    pytest.param("planner import-roster x.csv --date-order ", ["dmy", "mdy"], id="date-order"),
])
def test_shell_completion_completes_choice_values(words, expected):
    """Bash completion offers the choices of an option that has them."""
    env = {**os.environ, "_PLANNER_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split(" ")) - 1)}
    script = Path(sys.executable).parent / "planner"  # the console script: completion is keyed on its name
    done = subprocess.run([str(script)], env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    assert expected == done.stdout.split()


@pytest.mark.parametrize(("written", "expected"), [
    pytest.param("MB2-715", "MB2-715", id="as-written"),
    pytest.param("mb2-715", "MB2-715", id="lower-case"),
    pytest.param(" Mb2-715 ", "MB2-715", id="mixed-case-and-spaces"),
    pytest.param("Exam MB2-715", "MB2-715", id="exam-prefix"),
    pytest.param("70-535", "70-535", id="digits"),
])
def test_exam_code_is_read_as_the_catalog_writes_it(written, expected):
    """One function reads an exam code for both the scenario loader and the CSV import."""
    assert expected == exam_code(written)


def test_yaml_and_csv_read_a_lower_case_exam_code_alike(tmp_path: Path):
    """mb2-715 in a scenario file and in a skills report both become the pass MB2-715."""
    data = scenario_dict([{"id": "ann", "passed": ["mb2-715"], "can_take": ["mb2-717"]}])
    data["costs"] = {"exams": {"mb2-717": {"fee_usd": 100}}}
    scenario_file = tmp_path / "lower.yaml"
    scenario_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    scenario = load_scenario(scenario_file).scenario
    person = scenario.staff[0]
    csv_file = tmp_path / "skills.csv"
    csv_file.write_text("Name,Email,Exam,Passed\nAnn,ann,mb2-715,2017-06-01\n", encoding="utf-8")
    imported = run("import-roster", str(csv_file), "--as-of", "2017-11-20")
    staff = yaml.safe_load(imported.stdout)["staff"]
    from_csv = [p["exam"] if isinstance(p, dict) else p for p in staff[0]["passed"]]
    assert ((["MB2-715"], ["MB2-717"], ["MB2-717"]), (0, ["MB2-715"])) == (
        ([p.exam for p in person.passed], person.can_take, list(scenario.costs.exams)),
        (imported.exit_code, from_csv))


def _rules_at_80(*args: str) -> list[str]:
    result = CliRunner().invoke(app, ["rules", *args], env={"COLUMNS": "80"})
    assert 0 == result.exit_code, result.output
    return result.stdout.splitlines()


def test_rules_at_width_80_cut_no_id_and_stack_each_exam_on_at_most_three_lines():
    """Every list id is whole, nothing is cut with '…', and each exam (code, title, dates) takes at most
    three lines at 80 columns."""
    from planner.rules.catalogs import shipped_catalogs

    lines = _rules_at_80()
    known = shipped_catalogs()
    latest = [known.latest(i) for i in known.ids()]
    heads = [f"List {lst.id}: {lst.name}" for c in latest for lst in c.lists]
    codes = [e.code for c in latest for e in c.exams]
    starts = [i for i, line in enumerate(lines) if line.split()[:1] and line.split()[0] in codes]
    tall = [lines[i].split()[0] for i in starts if _continuations(lines, i) > 2]
    cut = [line for line in lines if "…" in line or len(line) > 80]
    missing = [h for h in heads if not any(line.startswith(h) for line in lines)]
    assert ([], [], [], True) == (cut, missing, tall, len(starts) >= len(set(codes)))


def _continuations(lines: list[str], index: int) -> int:
    """How many lines under an exam's code line continue it (indented under its title)."""
    indent = len(lines[index]) - len(lines[index].lstrip()) + len(lines[index].split()[0]) + 2
    count = 0
    for line in lines[index + 1:]:
        if not line.startswith(" " * indent) or not line.strip():
            break
        count += 1
    return count


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_rules_cite_no_internal_path(fmt):
    """`planner rules` cites the published pages only: no seed file, no shared/ path, no project file."""
    result = CliRunner().invoke(app, ["rules", "--format", fmt], env={"COLUMNS": "200"})
    found = re.findall(r"shared/|seed|\.md\b|\.txt\b|the project", result.stdout)
    assert (0, [], True) == (result.exit_code, found, "docs.microsoft.com" in result.stdout)


def test_cp_model_loads_without_pandas_or_numpy_and_they_still_import_for_real_later():
    """planner.core.cpsat imports CP-SAT without loading pandas or numpy (0.7 s of start-up); a later
    import of either gets the real package, and CP-SAT still solves."""
    code = ("import sys\nfrom planner.core.cpsat import cp_model\n"
            "loaded = sorted(p for p in ('pandas', 'numpy') if p in sys.modules)\n"
            "m = cp_model.CpModel(); x = m.new_int_var(0, 9, 'x'); m.add(x >= 4); m.minimize(x)\n"
            "s = cp_model.CpSolver(); s.parameters.num_workers = 1\n"
            "ok = s.solve(m) == cp_model.OPTIMAL and s.value(x) == 4\n"
            "import numpy, pandas\n"
            "print(loaded, ok, hasattr(numpy, 'ndarray'), hasattr(pandas, 'DataFrame'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert ("[] True True True", "") == (done.stdout.strip(), done.stderr)


def test_target_completes_goals_and_check_competency_matches_any_case():
    """--target completes 'competency:level' goals; check --competency CLOUD-CRM is cloud-crm."""
    words = "planner plan x.yaml --target cloud-c"
    env = {**os.environ, "_PLANNER_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "4"}
    script = Path(sys.executable).parent / "planner"
    done = subprocess.run([str(script)], env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    checked = run("check", GOLD_PUSH, "--competency", "CLOUD-CRM", "--format", "json")
    assert (["cloud-crm:silver", "cloud-crm:gold"], 0, "cloud-crm") == (
        done.stdout.split(), checked.exit_code, json.loads(checked.stdout)["competency"])
