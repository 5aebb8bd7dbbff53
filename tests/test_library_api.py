"""The library's face: `import planner` plans, checks, finds the best level and compares shipped scenarios
with typed reports, loads no solver until asked, and meets the CLI at a typed seam (no Any, no type: ignore
in planner/cli)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import planner
from tests.conftest import ROOT, SCENARIOS
from tests.helpers import run

GOLD_PUSH = SCENARIOS / "contoso-gold-push.yaml"  # Contoso: Silver held, Gold in 2 exams for US$3,210
WHAT_IF = SCENARIOS / "contoso-what-if.yaml"  # the same partner and three variants
CLI = ROOT / "planner" / "cli"


def test_plan_gives_a_typed_plan_report():
    """planner.plan on a loaded scenario gives a PlanReport: Gold optimal with 2 new exams for US$3,210."""
    loaded = planner.load_scenario(GOLD_PUSH)
    report = planner.plan(loaded, "gold")
    assert (True, "optimal", True, 2, 3210.0) == (
        isinstance(report, planner.PlanReport), report.status, report.reachable, report.total_new_exams,
        report.total_cost_usd)


def test_check_gives_a_typed_standing():
    """planner.check gives a CheckReport: Silver met today and on the deadline, Gold not."""
    report = planner.check(planner.load_scenario(GOLD_PUSH))
    assert (True, [("silver", True), ("gold", False)], [("silver", True), ("gold", False)]) == (
        isinstance(report, planner.CheckReport), [(s.level, s.met) for s in report.levels],
        [(s.level, s.met) for s in report.levels_on_deadline])


def test_best_gives_the_highest_level_within_the_budget():
    """planner.best within US$3,000 reaches Silver (held already) and says Gold needs US$55 more."""
    report = planner.best(planner.load_scenario(GOLD_PUSH), budget_usd=3000, objective="exams")
    assert report.next_level is not None
    assert (True, "silver", "gold", 55.0) == (
        isinstance(report, planner.BestReport), report.best_level, report.next_level.level,
        report.next_level.extra_usd_needed)


def test_compare_plans_a_file_and_its_variants_side_by_side():
    """planner.compare on a file with variants gives its base and each variant, each against the base."""
    comparison = planner.compare([WHAT_IF], "Gold")
    report = comparison.report
    rows = [(r.variant, r.reachable, r.exams_delta, r.level_reached) for r in report.scenarios]
    expected = [(None, True, 0, "gold"), ("alice leaves", True, 1, "gold"),
                ("mia passes MB2-715", True, -1, "gold"), ("revenue falls to US$250,000", False, 0, "silver")]
    assert (True, "gold", "Contoso Consulting") == (
        isinstance(comparison, planner.Comparison), report.level, report.reference)
    assert expected == rows
    assert [True] * 4 == [isinstance(p, planner.PlanReport) for p in comparison.plans]


def test_compare_takes_loaded_scenarios_and_lists_a_bad_file_as_a_row():
    """A loaded scenario is compared like its file; a file that cannot be read is a row with its error."""
    comparison = planner.compare([planner.load_scenario(GOLD_PUSH), ROOT / "no-such-file.yaml"])
    rows = comparison.report.scenarios
    assert ([None, "no such file"], [True, False]) == (
        [r.error if r.error is None else r.error.split(": ")[-1] for r in rows],
        [p is not None for p in comparison.plans])


def test_import_planner_loads_neither_the_solver_nor_pydantic():
    """`import planner` is instant: ortools, numpy and pydantic are loaded only when something is planned."""
    code = ("import sys, planner\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'ortools', 'numpy', 'pydantic'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          check=True)
    assert "[]" == done.stdout.strip()


def test_every_name_of_the_face_is_there():
    """Each name in planner.__all__ can be imported from planner; an unknown one is an AttributeError."""
    missing = [name for name in planner.__all__ if not hasattr(planner, name)]
    assert ([], False) == (missing, hasattr(planner, "no_such_name"))


def _cli_modules() -> list[Path]:
    return sorted(CLI.glob("*.py"))


def test_the_cli_has_no_any_annotation():
    """No module of planner/cli names typing.Any: the CLI meets the library through its types."""
    found = []
    for path in _cli_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Name) and node.id == "Any") or (
                    isinstance(node, ast.Attribute) and node.attr == "Any"):
                found.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.alias) and node.name == "Any":
                found.append(f"{path.name}:{node.lineno} (import)")
    assert [] == found


def test_the_cli_has_no_type_ignore():
    """No `type: ignore` in planner/cli: mypy checks every call across the seam."""
    found = [f"{path.name}:{n}" for path in _cli_modules()
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "type: ignore" in line]
    assert [] == found


def test_a_choice_in_any_case_reaches_the_library_as_its_value():
    """--alternatives-differ Exams plans as --alternatives-differ exams (it was an internal error, exit 3)."""
    strip = lambda text: {k: v for k, v in json.loads(text).items() if k != "stats"}  # noqa: E731
    upper = run("plan", str(GOLD_PUSH), "--alternatives", "2", "--alternatives-differ", "Exams", "-f", "json")
    lower = run("plan", str(GOLD_PUSH), "--alternatives", "2", "--alternatives-differ", "exams", "-f", "json")
    assert (0, strip(lower.stdout)) == (upper.exit_code, strip(upper.stdout))
