"""Trust: the same answer every time, bounded time, nothing lost when writing or comparing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.core.planning import plan
from planner.core.solving import Solution
from tests.helpers import loaded

DATA = Path(__file__).parent / "data"
TIES = DATA / "trust-many-ties.yaml"


def _run_cli(*args: str, hashseed: str = "0",
             cpus: set[int] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    env.pop("PLANNER_DEBUG", None)

    def pin() -> None:
        if cpus is not None:
            os.sched_setaffinity(0, cpus)

    return subprocess.run([sys.executable, "-m", "planner", *args], capture_output=True, text=True, env=env,
                          preexec_fn=pin, timeout=120, check=False)


def _without_stats(text: str) -> str:
    data = json.loads(text)
    data.pop("stats")
    return json.dumps(data, sort_keys=False)


@pytest.mark.parametrize("objective", ["exams", "cost"])
def test_same_input_gives_byte_identical_json_across_hash_seeds_and_core_counts(objective):
    """Runs under different PYTHONHASHSEED values and CPU affinities print the same JSON outside stats."""
    available = sorted(os.sched_getaffinity(0))
    runs = [("0", None), ("1", None), ("12345", {available[0]}), ("random", set(available))]
    outputs = set()
    for seed, cpus in runs:
        result = _run_cli("plan", str(TIES), "--format", "json", "--objective", objective,
                          hashseed=seed, cpus=cpus)
        assert 0 == result.returncode, result.stderr
        outputs.add(_without_stats(result.stdout))
    assert 1 == len(outputs)


def test_tie_break_prefers_people_earlier_in_the_roster():
    """Among equally cheap Gold plans the one using earlier roster entries is chosen."""
    report = plan(loaded([
        {"id": "p1", "passed": ["MB2-716"]},
        {"id": "p2", "passed": ["MB2-716"]},
        {"id": "p3", "passed": ["MB2-716"]},
        {"id": "q1", "passed": ["MB2-717", "MB2-715"]},
        {"id": "q2", "passed": ["MB2-717", "MB2-715"]},
        {"id": "q3", "passed": ["MB2-717", "MB2-715"]},
    ]), "gold")
    assert ["q1", "q2", "p1", "p2"] == [a.person for a in report.assignments]


def test_zero_time_limit_finds_no_plan_and_exits_1_with_the_reason():
    """With --time-limit 0 no plan is found: status unknown, exit 1, a reason naming the time limit."""
    result = CliRunner().invoke(app, ["plan", str(TIES), "--time-limit", "0", "--format", "json"])
    assert 1 == result.exit_code
    data = json.loads(result.stdout)
    assert ("unknown", False, []) == (data["status"], data["reachable"], data["new_exams"])
    assert "time limit" in data["reasons"][0]


def test_plan_stopped_at_the_time_limit_is_shown_as_feasible_with_its_bound(monkeypatch):
    """A solver stopped before proof yields status feasible, the plan, and the proven lower bound."""
    import planner.core.solving as solving

    real_solve = solving.solve

    def stopped_early(problem, **kwargs):
        full = real_solve(problem)
        return Solution("feasible", full.takes, full.fills, full.hires, full.qualifies, bound=1.0,
                        bound_stage="exams", stats=full.stats)

    monkeypatch.setattr(solving, "solve", stopped_early)
    report = plan(loaded([{"id": "a", "passed": ["MB2-717"]}, {"id": "b"}]), "silver")
    assert ("feasible", 1.0, 2) == (report.status, report.objective_bound, report.total_new_exams)
    assert any("time limit" in r and "1 new exam" in r for r in report.reasons)


def test_output_file_is_written_and_holds_the_report(tmp_path):
    """--output writes the JSON report to the file and nothing to standard output."""
    target = tmp_path / "plan.json"
    result = CliRunner().invoke(app, ["plan", str(TIES), "--format", "json", "--output", str(target)])
    assert (0, "") == (result.exit_code, result.stdout)
    assert "gold" == json.loads(target.read_text())["level"]
    assert [] == [p.name for p in tmp_path.iterdir() if p.name != "plan.json"]  # no temporary file left


def test_output_refuses_to_overwrite_the_scenario_it_reads(tmp_path):
    """--output pointing at the input scenario is refused with exit 2 and the file is untouched."""
    scenario = tmp_path / "s.yaml"
    scenario.write_bytes(TIES.read_bytes())
    result = CliRunner().invoke(app, ["plan", str(scenario), "--output", str(scenario)])
    assert 2 == result.exit_code
    assert TIES.read_bytes() == scenario.read_bytes()


def test_compare_with_one_bad_file_still_compares_the_good_ones(tmp_path):
    """A bad file among good ones is listed with its error, the others are planned, exit code 2."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nname: [unclosed\n")
    result = CliRunner().invoke(app, ["compare", str(TIES), str(bad), str(TIES), "--format", "json"])
    assert 2 == result.exit_code
    rows = json.loads(result.stdout)["scenarios"]
    assert [False, True, False] == [r["error"] is not None for r in rows]
    assert rows[0]["total_new_exams"] == rows[2]["total_new_exams"] is not None
    assert str(bad) in rows[1]["error"]


def test_a_plan_that_fails_its_recheck_is_an_internal_error_with_exit_3(monkeypatch):
    """If the independent validator rejects a plan, nothing is printed as a plan and the exit code is 3."""
    import planner.validation as validation

    monkeypatch.setattr(validation, "recheck", lambda *_: ["alice fills two slots"])
    result = CliRunner().invoke(app, ["plan", str(TIES), "--format", "json"])
    assert (3, "") == (result.exit_code, result.stdout)
    assert "bug" in result.stderr and "alice fills two slots" in result.stderr
