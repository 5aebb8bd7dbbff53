"""Work done beside the plan (planner/core/beside.py, planner/core/solving.py's Early): each designation
planned alone in a forked child, the other objective solved in a thread beside the tie-break. Same answers
as in turn, and an answer is never lost when the child fails."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from typing import Any

import pytest

from planner.core import beside, solving
from planner.core.beside import Beside, can_fork, may_fork
from planner.core.pipeline import PlanRequest, run
from planner.core.problem import build_problem
from planner.explain.designations import scored_in_force
from planner.input.loading import load_scenario, load_scenario_text, resolve_target
from planner.rules.catalogs import shipped_catalogs
from planner.rules.certifications import shipped_certifications
from planner.tools.generate_designations import DESIGNATIONS_AS_OF, generate_designations_scenario
from tests.conftest import SCENARIOS

needs_fork = pytest.mark.skipif(not can_fork(), reason="forks only on Linux, with no other thread running")


def _contoso() -> Any:
    return load_scenario(SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml")


def _six(seed: int) -> Any:
    """The six designations on 12 generated people."""
    catalogs = shipped_catalogs()
    chosen = [catalogs.in_force(c, DESIGNATIONS_AS_OF) for c in scored_in_force(catalogs, DESIGNATIONS_AS_OF)]
    return load_scenario_text(generate_designations_scenario(12, seed, chosen, shipped_certifications()),
                              "six.yaml")


def _alice_leaves() -> Any:
    """contoso-consultant-leaves planned for Silver with Cloud Business Applications Silver: Silver, met
    today, is lost when Alice leaves (a reason worked out in the child when forked)."""
    targets = "targets: [cloud-crm:silver, cloud-business-applications:silver]\n"
    text = (SCENARIOS / "contoso-consultant-leaves.yaml").read_text()
    text = text.replace("deadline: 2018-06-30\n", "deadline: 2018-06-30\n" + targets, 1)
    return load_scenario_text(text, "alice-leaves.yaml")


SEVERAL = {"contoso-crm-gold-and-cba-silver": _contoso, "six-designations-seed-1": lambda: _six(1),
           "six-designations-seed-2": lambda: _six(2), "alice-leaves-silver-and-cba": _alice_leaves}


@needs_fork
def test_the_work_beside_is_done_in_a_child_process() -> None:
    """Forked, the answer is the child's (its process id), sent back pickled."""
    work = Beside(lambda: (os.getpid(), [1, 2, 3]), fork=True)
    assert work.forked
    pid, numbers = work.result()
    assert (True, [1, 2, 3], False) == (pid != os.getpid(), numbers, work.forked)


def test_not_forked_the_work_is_done_when_its_answer_is_asked_for() -> None:
    calls: list[int] = []
    work = Beside(lambda: calls.append(os.getpid()) or "done", fork=False)
    assert ([], False) == (calls, work.forked)
    assert ("done", [os.getpid()]) == (work.result(), calls)


@needs_fork
def test_a_child_that_fails_leaves_the_work_to_the_parent() -> None:
    """The child raises (here: only in the child): the parent does the work itself, and answers."""
    parent = os.getpid()

    def work() -> str:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return "done by the parent"

    assert "done by the parent" == Beside(work, fork=True).result()


@needs_fork
def test_an_error_of_the_work_is_raised_in_the_parent_with_its_own_traceback() -> None:
    def work() -> None:
        raise ValueError("a bad roster")

    with pytest.raises(ValueError, match="a bad roster"):
        Beside(work, fork=True).result()


@needs_fork
def test_a_child_whose_answer_is_not_wanted_is_stopped() -> None:
    work = Beside(lambda: time.sleep(60), fork=True)
    started = time.perf_counter()
    work.cancel()
    assert (False, True) == (work.forked, time.perf_counter() - started < 10)


@pytest.mark.parametrize(("setting", "people", "cores", "expected"), [
    ("0", 10_000, 4, False),  # never
    ("", 10_000, 1, False),  # one core: nothing to gain
    ("", beside.FORK_FROM - 1, 4, False),  # a small roster: the fork costs more than the work
    ("", beside.FORK_FROM, 4, True),
    ("1", 3, 1, True),  # always (tests)
])
def test_when_the_work_beside_is_forked(monkeypatch: pytest.MonkeyPatch, setting: str, people: int,
                                        cores: int, expected: bool) -> None:
    monkeypatch.setenv(beside.ENV, setting)
    monkeypatch.setattr(beside, "cores", lambda: cores)
    assert (expected and can_fork()) == may_fork(people)


@needs_fork
@pytest.mark.parametrize("name", SEVERAL)
def test_several_designations_plan_the_same_with_their_plans_alone_forked(monkeypatch: pytest.MonkeyPatch,
                                                                         name: str) -> None:
    """The report of several targets (each goal's cost alone included) is the same, timings aside, with the
    plans alone done in a child process and in turn."""
    loaded = SEVERAL[name]()
    goals = tuple(resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets)
    forks: list[bool] = []
    original = beside.Beside.__init__

    def counted(self: Beside[Any], work: Any, *, fork: bool) -> None:
        forks.append(fork)
        original(self, work, fork=fork)

    monkeypatch.setattr(beside.Beside, "__init__", counted)
    reports = []
    for setting in ("1", "0"):
        monkeypatch.setenv(beside.ENV, setting)
        report = run(loaded, PlanRequest(goals=goals, compare_objectives=True)).model_dump(mode="json")
        report.pop("stats")
        reports.append(report)
    assert [True, False] == forks
    assert reports[0] == reports[1]
    if name.startswith("alice"):  # the losses by the deadline, worked out in the child, are the reasons'
        assert any("is met today (2017-11-20) but not on the deadline" in r for r in reports[0]["reasons"])
    assert [t["alone"] is not None for t in reports[0]["targets"]] == [True] * len(goals)


def test_the_other_objective_is_solved_beside_the_tie_break_with_the_figures_solved_after_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """contoso-gold-push's Gold plan: the cheaper plan is solved in a thread on a copy of the model taken when
    the objective stages are proven, and has the figures of the one solved on the model after the tie-break
    (in turn, as without `other`)."""
    loaded = load_scenario(SCENARIOS / "contoso-gold-push.yaml")
    threads: list[str] = []
    again = solving._again

    def recorded(*args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return again(*args)

    monkeypatch.setattr(solving, "_again", recorded)
    figures = []
    for other in ("cost", None):
        problem = build_problem(loaded, "gold", "exams")
        solution = solving.solve(problem, keep=True, other=other)  # type: ignore[arg-type]
        assert solution.kept is not None
        assert (other is not None) == (solution.kept.early is not None)
        found = solving.solve_again(problem, solution, "cost", 321_000)
        assert found is not None
        figures.append((found.status, len(found.takes), len(found.hires),
                        sum(o.cost_cents for _, o in found.takes)))
    assert ["planner-other-objective", "MainThread"] == threads
    assert [("optimal", 3, 0, 305_500)] * 2 == figures


def test_the_solver_is_loaded_before_the_fork_so_the_child_does_not_load_it_again() -> None:
    """numpy (loaded by CP-SAT's first model, 0.12 s of CPU) and the planner's solving code are loaded in
    the parent before it forks the plans alone (planner/core/cpsat.load_solver)."""
    code = ("import sys; from planner.core.cpsat import load_solver; before = 'numpy' in sys.modules; "
            "load_solver(); print(before, 'numpy' in sys.modules, 'planner.core.solving' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "False True True" == out.stdout.strip()


@needs_fork
def test_the_roster_is_read_beside_the_solve_when_the_plans_alone_are_forked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the plans alone forked, what the re-checks and the scores read of the roster is read in a thread
    beside the solve (planner/core/rechecked.read_the_roster_beside), joined before the report; in turn it is
    not (the reports are the same: test_several_designations_plan_the_same_with_their_plans_alone_forked)."""
    from planner.core import pipeline

    loaded = _six(1)
    goals = tuple(resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets)
    threads: list[threading.Thread] = []
    reading = pipeline.read_the_roster_beside

    def counted(*args: Any) -> threading.Thread:
        threads.append(reading(*args))
        return threads[-1]

    monkeypatch.setattr(pipeline, "read_the_roster_beside", counted)
    for setting, started in (("0", 0), ("1", 1)):
        monkeypatch.setenv(beside.ENV, setting)
        run(loaded, PlanRequest(goals=goals, compare_objectives=True))
        assert started == len(threads)
    assert not threads[0].is_alive()  # joined before the report


def test_reading_the_roster_beside_fills_the_validators_and_the_scores_readings(
        capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The thread reads the validator's roster (its groups and what they hold) and each scored goal's counts
    (planner.explain.path); an error there is left to the work that reads them again, printing nothing."""
    from planner.core.rechecked import read_the_roster_beside
    from planner.explain import path
    from planner.validation import facts
    from planner.validation.roster import roster_of

    loaded = _six(2)
    goals = tuple(resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets)
    request = PlanRequest(goals=goals)
    read_the_roster_beside(loaded.scenario, request, loaded.catalogs.certifications).join()
    roster = roster_of(loaded.scenario)
    assert roster._groups is not None and roster._exams and roster._holders
    read = {id(catalog) for scenario, catalog, _, _ in path._ROSTERS if scenario is loaded.scenario}
    assert len(read) == min(len(goals), 4)  # path keeps the last four readings

    def failing(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a reading that fails")

    monkeypatch.setattr(facts, "read_the_roster", failing)
    thread = read_the_roster_beside(loaded.scenario, request, loaded.catalogs.certifications)
    thread.join()
    assert "" == capfd.readouterr().err


@needs_fork
def test_no_report_reads_the_roster_before_the_thread_reading_it_is_done(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The roster's readings are caches that a thread filling them and a report reading them would race on:
    every re-check (the plan's, the other objective's in its own thread) starts once the reading is done."""
    from planner import validation
    from planner.validation import facts

    loaded = _six(3)
    goals = tuple(resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets)
    events: list[tuple[str, float]] = []
    read, recheck = facts.read_the_roster, validation.recheck

    def slow_reading(*args: Any, **kwargs: Any) -> None:
        time.sleep(2.0)  # longer than the plan takes to solve
        read(*args, **kwargs)
        events.append(("read", time.perf_counter()))

    def rechecking(*args: Any, **kwargs: Any) -> list[str]:
        events.append(("recheck", time.perf_counter()))
        return recheck(*args, **kwargs)

    monkeypatch.setattr(facts, "read_the_roster", slow_reading)
    monkeypatch.setattr(validation, "recheck", rechecking)
    monkeypatch.setenv(beside.ENV, "1")
    report = run(loaded, PlanRequest(goals=goals, compare_objectives=True))
    assert report.status == "optimal"
    done = [t for kind, t in events if kind == "read"]
    checks = [t for kind, t in events if kind == "recheck"]
    assert len(done) == 1 and checks and min(checks) > done[0]


@needs_fork
def test_the_plans_alone_are_forked_once_the_roster_is_read_before_the_pruning(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Six designations on 12 generated people, forked: the child starts once the roster pass is made (its
    problems read it), before the pruning, which the parent does alone (at 100,000 people the child's work
    then ends before the parent's first solve, which it slowed: the parent's lane 1.5 -> 1.35-1.45 s)."""
    from planner.core import bounded, problem

    events: list[str] = []
    profiles, bound, init = problem.roster_profiles, bounded.CostBound.of, beside.Beside.__init__

    def read(*args: Any, **kwargs: Any) -> Any:
        events.append("roster read")
        return profiles(*args, **kwargs)

    def pruning(*args: Any, **kwargs: Any) -> Any:
        events.append("pruning")
        return bound(*args, **kwargs)

    def started(self: Beside[Any], work: Any, *, fork: bool) -> None:
        events.append("fork" if fork else "in turn")
        init(self, work, fork=fork)

    monkeypatch.setenv(beside.ENV, "1")
    monkeypatch.setattr(problem, "roster_profiles", read)
    monkeypatch.setattr(bounded.CostBound, "of", staticmethod(pruning))
    monkeypatch.setattr(beside.Beside, "__init__", started)
    loaded = _six(1)
    goals = tuple(resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets)
    report = run(loaded, PlanRequest(goals=goals))
    assert report.status == "optimal"
    assert ["roster read", "fork", "pruning"] == events[:3]
    assert events.count("fork") == 1


@needs_fork
def test_an_error_building_the_problem_after_the_fork_stops_the_child(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The pruning fails in the parent after the child is started: the error is raised, and the child is
    stopped and reaped, not left running."""
    from planner.core import bounded

    stopped: list[bool] = []
    cancel = beside.Beside.cancel

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the pruning failed")

    def cancelled(self: Beside[Any]) -> None:
        stopped.append(self.forked)
        cancel(self)
        stopped.append(self.forked)

    monkeypatch.setenv(beside.ENV, "1")
    monkeypatch.setattr(bounded.CostBound, "of", staticmethod(failing))
    monkeypatch.setattr(beside.Beside, "cancel", cancelled)
    loaded = _six(1)
    goals = tuple(resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets)
    with pytest.raises(RuntimeError, match="the pruning failed"):
        run(loaded, PlanRequest(goals=goals))
    assert [True, False] == stopped
