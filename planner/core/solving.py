"""Solving the model: lexicographic stages, every CP-SAT status handled, a solver-free Solution out."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Literal

from planner.core.both_at_once import BothAtOnce
from planner.core.bounded import KnownOptimum
from planner.core.closing import close_the_tail, hint_the_known_plan, live_tie_breaks
from planner.core.cpsat import binary_digits, cp_model, set_hint  # CP-SAT without pandas (0.6 s less)
from planner.core.deadline import OutOfTimeBuilding, building_within
from planner.core.model import Decisions, PlanModel, Stage, build_model
from planner.core.problem import Candidate, Problem, RoleSpec
from planner.core.profiles import NewExamOption
from planner.errors import InternalError

SolveStatus = Literal["optimal", "feasible", "infeasible", "unknown"]
OBJECTIVE_STAGES = ("filled_slots", "time", "risk", "exams", "cost")
OTHER_WORK_TIMES = 2.0
OTHER_WORK_FLOOR = 2.0
"""solve_again's work limit: OTHER_WORK_TIMES the CP-SAT work (deterministic seconds) the plan's own stages
took, and at least OTHER_WORK_FLOOR. The other objective's plan is a comparison beside the plan: it must not
take minutes where the plan takes seconds. Six designations on 200 generated people (seed 5): the plan's
stages took 3 s, proving that no plan is cheaper than its own took 268 s. Deterministic seconds are counted
by CP-SAT from its own work, not the clock, so where the limit stops does not depend on the machine or its
load: the same roster gives the same answer."""
LARGE_MODEL = 10_000  # variables from which an objective stage is first solved with LIGHT_SETTINGS
LIGHT_WORK = 1.0  # deterministic seconds that solve may take before the stage is solved as before
LIGHT_SETTINGS = {"cp_model_probing_level": 0, "symmetry_level": 0, "find_big_linear_overlap": False,
                  "max_presolve_iterations": 1, "search_branching": cp_model.LP_SEARCH}
"""A light presolve (no probing, symmetry detection or big linear overlap; one pass) and a search led by the
LP's reduced costs, for the large models where presolve costs more than the search: six designations on
10,000 and 100,000 generated people, 13,600-14,300 variables, one change to make (`_Stages._light_first`)."""


@dataclass
class Solution:
    """What the solver decided, in domain terms; `bound` is the proven bound when not optimal."""

    status: SolveStatus
    takes: list[tuple[Candidate, NewExamOption]] = field(default_factory=list)
    fills: list[tuple[Candidate, RoleSpec]] = field(default_factory=list)
    hires: list[Candidate] = field(default_factory=list)
    qualifies: list[tuple[Candidate, RoleSpec]] = field(default_factory=list)
    months: dict[tuple[int, str], int] = field(default_factory=dict)  # (person index, exam) -> month index
    chosen: frozenset[int] = frozenset()  # the goals met (one per target)
    bound: float | None = None
    bound_stage: str | None = None
    stats: dict[str, object] = field(default_factory=dict)
    cut_stage: str | None = None  # a tie-break stage the time limit stopped before it was proven
    ran_out_building: bool = False  # the time limit ran out while the CP-SAT model was being built
    earns: list[tuple[Candidate, str]] = field(default_factory=list)  # certifications the plan gives (ids)
    # people of the tail who may be in the best plan: solve again with them in the model (bounded.py)
    widen: frozenset[int] = frozenset()
    known: KnownOptimum | None = None  # with them, the optimum already proven
    # solve(..., keep=True): the built model and the plan's values, for solve_again (another objective)
    kept: Kept | None = field(default=None, repr=False, compare=False)
    # solve(..., then_other=f): f(problem, this) when this is the other objective's plan worked out beside the
    # tie-break, worked out in the same thread (the caller's re-check of it); None when not (or it failed)
    beside: object = field(default=None, repr=False, compare=False)

    @property
    def has_plan(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def proven_bound(self) -> float | None:
        """With a plan not proven best (time limit): the bound proven for the objective, in its unit (changes,
        or US$ for the cost); None: none."""
        if self.status != "feasible" or self.bound is None:
            return None
        return self.bound / 100 if self.bound_stage == "cost" else self.bound


class TailNeeded(Exception):
    """solve_again on a problem with a tail (planner/core/bounded.py): the other objective's best plan needs
    people of the tail, so it is planned as a problem of its own."""


@dataclass
class Kept:
    """A solved model kept for another objective (solve(..., keep=True), then solve_again): the built
    model, where the constraints fixing the stages' optima begin, and the plan's decision values."""

    built: PlanModel
    fixed_from: int  # constraints from this index on fix the stages' optima (solve adds nothing else)
    values: dict[int, int]  # the plan's values of the decision variables, by id()
    early: Early | None = None  # the other objective, solved beside the tie-break (solve(..., other=...))
    work: float = 0.0  # CP-SAT's deterministic seconds the stages took (solve_again's work limit)
    optimum: dict[str, int] = field(default_factory=dict)  # the objective stages' optima (`floor_beside`)


@dataclass
class Early:
    """solve_again's answer for `objective` below `below`, being worked out in a thread on a copy of the model
    taken once the objective stages were proven, while the tie-break stages are solved (CP-SAT releases
    Python's lock while it solves, so on two cores both run at once)."""

    objective: Literal["exams", "cost"]
    below: int
    answer: Future[Solution | None]


@dataclass
class _Plan:
    """The decisions of one stage's solution, in domain terms."""

    takes: list[tuple[Candidate, NewExamOption]]
    fills: list[tuple[Candidate, RoleSpec]]
    hires: list[Candidate]
    qualifies: list[tuple[Candidate, RoleSpec]]
    months: dict[tuple[int, str], int]
    chosen: frozenset[int]
    earns: list[tuple[Candidate, str]] = field(default_factory=list)


@dataclass
class _Progress:
    """What the stages solved so far have found: the last plan read, and how far it is proven."""

    status_name: SolveStatus = "optimal"
    bound: float | None = None
    bound_stage: str | None = None
    cut_stage: str | None = None
    values: dict[int, int] = field(default_factory=dict)  # the last plan's decision values, by id()
    # what the last plan is read from into domain terms (`plan`), when there is one: read once, at the end
    read_from: tuple[Problem, Decisions] | None = None

    @property
    def have_solution(self) -> bool:
        return self.read_from is not None

    @property
    def plan(self) -> _Plan | None:
        """The last plan, in domain terms (None: no plan read yet)."""
        if self.read_from is None:
            return None
        problem, d = self.read_from
        return _plan_of(problem, d, self.values)

    def stop_unproven(self, name: str, solver: cp_model.CpSolver) -> None:
        """A stage ended FEASIBLE: an unproven objective stage makes the plan feasible with CP-SAT's bound,
        an unproven tie-break stage is cut."""
        if name in OBJECTIVE_STAGES:  # the objective itself is not proven
            self.status_name = "feasible"
            self.bound = solver.best_objective_bound
            self.bound_stage = name
        else:
            self.cut_stage = name

    def solution(self, stats: dict[str, object]) -> Solution:
        """The last plan read (none: unknown), feasible when an objective stage was never proven."""
        p = self.plan
        if p is None:
            return Solution("unknown", stats=stats)
        if self.cut_stage in OBJECTIVE_STAGES and self.status_name == "optimal":
            self.status_name, self.bound_stage = "feasible", self.cut_stage  # never proven
        return Solution(self.status_name, p.takes, p.fills, p.hires, p.qualifies, p.months, p.chosen,
                        self.bound, self.bound_stage, stats, self.cut_stage, earns=p.earns)


def _scored_departures(problem: Problem) -> bool:
    """Whether the model keeps a scored goal's points after departures (resilience or a buffer)."""
    return bool(problem.settings.resilience > 0 or problem.settings.spares) and any(
        g.scored for g in problem.goals)


def _solver(problem: Problem, workers: int) -> cp_model.CpSolver:
    """CP-SAT with one worker (by default), a fixed seed, and the settings the problem's constraints need."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    if problem.settings.resilience > 0 or problem.settings.spares or not problem.single_goal:
        # The Hall constraints need the full LP relaxation: with the default level, one worker proved
        # nothing in minutes for resilience 2 on a 40-person roster; with level 2 it takes 0.5 s.
        # So do several goals sharing one staff: on a 196-person roster, Cloud CRM Gold with Cloud
        # Business Applications Silver took 9 s to prove its fewest exams at the default level, 0.25 s here.
        solver.parameters.linearization_level = 2
    if _scored_departures(problem):
        # The departures constraints of a scored goal make every stage's probing slow and no help: at
        # 100,000 generated people, resilience 1's eight stages took 3.4 s with probing, 2.4 s without.
        solver.parameters.cp_model_probing_level = 0
    return solver


def solve(problem: Problem, *, time_limit: float | None = None, workers: int = 1, keep: bool = False,
          other: Literal["exams", "cost"] | None = None, work_limit: float | None = None,
          prior_work: float = 0.0, then_other: Callable[[Problem, Solution], object] | None = None,
          solving: Callable[[], object] | None = None) -> Solution:
    """Solve the problem stage by stage: each stage's optimum is fixed before the next one.

    One worker and a fixed seed by default. With the canonical tie-break the final stage has a single
    optimum (up to month ties in a calendar, and in whole-roster models of more than 300 people, where
    the roster-order tie-break is by least sum of positions), so the plan does not depend on the
    number of workers either. A problem with a tail (planner/core/bounded.py) has it closed after the
    objective stages (planner/core/closing.py), or is answered with the people to solve it again with.
    `keep`: the solution keeps the built model for solve_again. With `other` too, solve_again's answer for
    that objective below this plan's figure there is started beside the tie-break, once the objective
    stages are proven (`Early`). `work_limit`: CP-SAT's deterministic seconds for all the stages (the other
    objective's plan when it is a problem of its own, see OTHER_WORK_TIMES). `prior_work`: the deterministic
    seconds earlier rounds of the same plan took (a widened bounded plan), counted in the plan's work
    (`stats.deterministic_seconds`, which OTHER_WORK_TIMES multiplies). `then_other(problem, plan)`: what the
    caller does next with the other objective's plan, done in the thread that found it (its `beside`), while
    the tie-break may still be solved: any error there leaves `beside` None, for the caller to do it again.
    `solving()`: called once the model is built, as its first stage is solved (work to start beside it).
    """
    started = time.perf_counter()
    try:
        with building_within(time_limit):
            built = build_model(problem)
    except OutOfTimeBuilding:
        return Solution("unknown", stats={"stopped": "time limit while building the model",
                                          "model_seconds": round(time.perf_counter() - started, 4)},
                        ran_out_building=True)
    fixed_from = len(built.model.proto.constraints)
    run = _Stages(problem, built.model, built.decisions, _solver(problem, workers), time_limit, started,
                  work_limit=work_limit, work=prior_work)
    run.stages = list(built.stages)
    hint_the_known_plan(run.model, run.d)
    early: list[Early] = []
    if keep and other is not None:
        def start_early() -> None:
            early.append(_start_early(problem, built, fixed_from, run, other, time_limit, then_other))
        run.on_optimum = start_early
    if solving is not None:
        solving()
    answer = run.all_stages()
    if answer is not None:
        return answer
    solution = run.progress.solution(_finish(run.stats, started))
    if keep and solution.has_plan:
        solution.kept = Kept(built, fixed_from, run.progress.values, early[0] if early else None, run.work,
                             dict(run.optimum))
    return solution


def _start_early(problem: Problem, built: PlanModel, fixed_from: int, run: _Stages,
                 objective: Literal["exams", "cost"], time_limit: float | None,
                 then: Callable[[Problem, Solution], object] | None = None) -> Early:
    """solve_again's answer for `objective` below this plan's figure there (the objective stages' optimum),
    started in a thread on a copy of the model as it stands (see Early), with `then` done to a plan found."""
    below = run.optimum[objective]
    copy = PlanModel(built.model.clone(), built.decisions, built.stages)
    values = dict(run.progress.values)
    left = None if time_limit is None else time_limit - (time.perf_counter() - run.started)
    answer: Future[Solution | None] = Future()
    limit = _other_work(run.work)
    floor = floor_beside(objective, run.optimum)

    def work() -> None:
        try:
            found = _again(problem, copy, fixed_from, values, objective, below, left, limit, floor)
        except BaseException as error:  # noqa: BLE001 - raised where the answer is asked for
            answer.set_exception(error)
            return
        try:
            if found is not None and found.has_plan and then is not None:
                found.beside = then(problem, found)
        except BaseException:  # noqa: BLE001, S110 - done again by the caller, where any error is raised
            pass
        finally:
            answer.set_result(found)

    threading.Thread(target=work, name="planner-other-objective", daemon=True).start()
    return Early(objective, below, answer)


def solve_again(problem: Problem, solution: Solution, objective: Literal["exams", "cost"], below: int, *,
                time_limit: float | None = None) -> Solution | None:
    """The best plan of `objective` (the fewest changes, or the cheapest) among those that beat `below`
    there (changes, or cents), on the very model a `solve(..., keep=True)` built and solved; None when no
    plan beats it. The constraints that fixed the first solve's stages are emptied, the objective's
    expression is bounded below `below`, the first stage starts from the first solve's plan (a hint), and
    only the objective's two stages are solved (fewest changes and lowest cost, in the objective's order),
    within `time_limit`. No tie-break: only the plan's figures are read from it.

    The bound is what makes the usual answer, "no better plan", fast: at 100,000 generated people with two
    goals, proving that no plan is cheaper than the fewest-exams plan took 0.02 s with it and 0.3 to 0.8 s
    as a plain minimization.

    The pruned model holds the best plans of both objectives: pruning.py's argument swaps a person for
    one of the same class at the same count of changes and no more cost, which makes no plan worse on
    either (planner.core.pruning.pruning_strategy treats the two alike). A model pruned by what the best
    plan can afford (planner/core/bounded.py) holds its own objective's people only, but with the tail it is
    a relaxation of the whole roster under any objective: emptying the constraints that closed the tail,
    its optimum is the whole roster's when a plan of the model's people reaches it (the tail's changes
    minimized last), and TailNeeded is raised when none does."""
    kept = solution.kept
    if kept is None:
        raise InternalError("solve_again needs a solution solved with keep=True")
    early = kept.early
    if early is not None and (early.objective, early.below) == (objective, below):
        return early.answer.result()
    return _again(problem, kept.built, kept.fixed_from, kept.values, objective, below, time_limit,
                  _other_work(kept.work), floor_beside(objective, kept.optimum))


def other_work(solution: Solution) -> float | None:
    """The work limit of the other objective's plan beside this one, solved with keep=True (see
    OTHER_WORK_TIMES); None when it was not kept."""
    return None if solution.kept is None else _other_work(solution.kept.work)


def _other_work(plan_work: float) -> float:
    """solve_again's work limit beside a plan whose stages took `plan_work` (see OTHER_WORK_TIMES)."""
    return max(OTHER_WORK_FLOOR, OTHER_WORK_TIMES * plan_work)


def floor_beside(objective: Literal["exams", "cost"], optimum: dict[str, int]) -> tuple[str, int] | None:
    """The least solve_again's second stage can be, from the plan's own optima (both objective stages
    proven; None otherwise). A plan beating the plan on `objective` cannot equal it on the other measure:
    the plan is the best there, and of those the best on `objective`. So beside a plan of the fewest changes
    the cheapest plan has at least one change more, and beside a cheapest plan the plan of the fewest
    changes costs at least a cent more. When the first plan solve_again finds is there, that is the second
    stage's optimum, and the stage is not solved: six designations on 200 generated people, the cheapest
    plan's first solution was there on 5 rosters of 6 (a second stage of 0.6 to 16 s each)."""
    if "exams" not in optimum or "cost" not in optimum:
        return None
    second = "exams" if objective == "cost" else "cost"
    return second, optimum[second] + 1


def _again(problem: Problem, built: PlanModel, fixed_from: int, values: dict[int, int],
           objective: Literal["exams", "cost"], below: int, time_limit: float | None, work_limit: float,
           floor: tuple[str, int] | None = None) -> Solution | None:
    """solve_again on this model (changed), `values` its first stage's hint (none: the model's own hint),
    within `work_limit` deterministic seconds; `floor`: a lower bound of the second stage (floor_beside)."""
    started = time.perf_counter()
    model, d = built.model, built.decisions
    for index in range(fixed_from, len(model.proto.constraints)):
        model.proto.constraints[index].clear_linear()  # a stage's optimum (or an earlier bound), fixed before
    by_name = {stage[0]: stage for stage in built.stages}
    stages = [by_name[name] for name in (("cost", "exams") if objective == "cost" else ("exams", "cost"))]
    model.add(stages[0][1] <= below - 1)
    if values:  # else the optimum was known (a widened bounded plan) and the model's hint is its plan
        _hint(model, _decision_variables(d), values)
    run = _Stages(problem, model, d, _solver(problem, 1), time_limit, started, hint_first_only=True,
                  again=True, work_limit=work_limit, floor=floor)
    run.stages = stages
    answer = run.all_stages()
    if answer is not None:  # infeasible: no plan beats `below`; unknown: none found within the limits
        return None if answer.status == "infeasible" else answer
    if run.tail_taken:
        if run.work_limit is not None and run.work >= run.work_limit:  # no plan of the model's people read
            return Solution("unknown", stats=_finish(run.stats, started))
        run.without_the_tail()
    return run.progress.solution(_finish(run.stats, started))


@dataclass
class _Stages:
    """One staged solve: the model, its decisions, the solver, the stages and what they found so far."""

    problem: Problem
    model: cp_model.CpModel
    d: Decisions
    solver: cp_model.CpSolver
    time_limit: float | None
    started: float
    stages: list[Stage] = field(default_factory=list)
    progress: _Progress = field(default_factory=_Progress)
    optimum: dict[str, int] = field(default_factory=dict)  # the objective stages' optima
    stats: dict[str, object] = field(default_factory=dict)
    hint_first_only: bool = False  # solve_again: the model's hint (the first plan) is for its first stage
    again: bool = False  # solve_again: the stages solved whatever the problem's known optimum, the tail open
    tail_taken: bool = False  # the last solution read takes the tail (no plan)
    on_optimum: Callable[[], None] | None = None  # called once, when the objective stages are proven
    work_limit: float | None = None  # deterministic seconds for all the stages (solve_again)
    work: float = 0.0  # deterministic seconds the stages took so far
    floor: tuple[str, int] | None = None  # (stage, a lower bound of its optimum): reached, it is not solved
    solved: dict[int, int] = field(default_factory=dict)  # the last solution read: decision values, by id()
    hinted: dict[int, int] | None = None  # the values the model's hint was last set to here (None: not here)
    proven: dict[str, int] = field(default_factory=dict)  # stages proven with the one before (_both_at_once)

    def __post_init__(self) -> None:
        self.stats = _model_size(self.model)
        self.stats["model_seconds"] = round(time.perf_counter() - self.started, 4)
        self.all_vars = _decision_variables(self.d)

    def all_stages(self) -> Solution | None:
        """Solve the stages in turn (the progress made is kept), or the Solution that answers first."""
        number = 0
        while number < len(self.stages):
            outcome = self.stage(number)
            if isinstance(outcome, Solution):
                return outcome
            if not outcome:
                break
            if self.on_optimum is not None and _last_objective_stage(self.stages, number):
                self.on_optimum()
                self.on_optimum = None
            number += 1
        return None

    def more_time(self) -> bool:
        """Whether time and work are left for one more solve (which then gets what is left of both)."""
        if self.work_limit is not None:
            if self.work >= self.work_limit:
                self.stats["stopped"] = "work limit"
                return False
            self.solver.parameters.max_deterministic_time = self.work_limit - self.work
        return _give_stage_the_time_left(self.solver, self.time_limit, self.started)

    def _solved(self, code: object) -> object:
        """Count a solve's work (CP-SAT's deterministic seconds), and say when the work limit stopped it."""
        self.work += self.solver.deterministic_time
        self.stats["deterministic_seconds"] = round(self.work, 3)
        if (self.work_limit is not None and self.work >= self.work_limit
                and code in (cp_model.FEASIBLE, cp_model.UNKNOWN)):
            self.stats["stopped"] = "work limit"
        return code

    def stage(self, number: int) -> Solution | bool:
        """Solve stage `number` and fix its optimum (True: go on), or stop (False: the plan so far, or a
        Solution: the answer)."""
        name, expr, sense = self.stages[number]
        known = self._known(name, expr)
        if known is not None:  # proven without solving it here: fixed
            self.model.add(expr == known)
            self.optimum[name] = known
        else:
            solved = self._solve(number, name, expr, sense)
            if solved is not True:
                return solved
        if self.problem.bound is not None and not self.again and _last_objective_stage(self.stages, number):
            return self._close(number, name)
        # No solution hints between stages: measured on a 1,000-person whole-roster model, a hint of the
        # previous stage's plan made the next stage run 120 s to UNKNOWN instead of 0.2 s to OPTIMAL.
        # Except for a scored goal's departures constraints, where the hint is what makes the tie-break
        # fast (resilience 2 at 100,000 generated people, first tie-break stage 15 s without, 1.9 s with),
        # and for a bounded plan's small model (six designations on 200 people: its first tie-break stages
        # 0.2-0.3 s each of deterministic time with, 0.4-0.6 s without).
        if (_scored_departures(self.problem) or self.problem.bound is not None) and known is None:
            self._hint_the_solution()
        elif self.hint_first_only:
            self.model.clear_hints()  # solve_again's hint, the first solve's plan, is for its first stage
            self.hinted = None
        return True

    def _hint_the_solution(self) -> None:
        """The solution read last as the model's hint for the next stage, unless it is that already (a
        tie-break stage often proves its hint best)."""
        if self.solved != self.hinted:
            _hint(self.model, self.all_vars, self.solved)
            self.hinted = self.solved

    def _known(self, name: str, expr: cp_model.LinearExprT) -> int | None:
        """The stage's optimum when it is known without solving it: proven before with fewer people (a widened
        bounded plan), or the floor the plan read so far is at (solve_again's second stage, floor_beside)."""
        if self.problem.known is not None and not self.again:
            return self.problem.known.value(name)
        if name in self.proven:
            return self.proven.pop(name)
        floor = self.floor
        if floor is not None and floor[0] == name and self._plan_at(expr, floor[1]):
            self.stats["floor_reached"] = name
            return floor[1]
        return None

    def _plan_at(self, expr: cp_model.LinearExprT, value: int) -> bool:
        """Whether the plan read from the last stage's proven solution (not one taking the tail) has `expr` at
        `value`."""
        return (self.progress.have_solution and not self.tail_taken and self.progress.status_name == "optimal"
                and int(self.solver.value(expr)) == value)

    def _solve(self, number: int, name: str, expr: cp_model.LinearExprT, sense: str) -> Solution | bool:
        """Solve one stage and fix its optimum (True), or say why not."""
        if not self.more_time():
            self.progress.cut_stage = name if self.progress.have_solution else None
            return False
        code, read, both = self._solved_stage(number, name, expr, sense)
        self.stats["stages"] = number + 1
        # MODEL_INVALID, INFEASIBLE, UNKNOWN: no plan here; FEASIBLE: a plan, unproven; OPTIMAL: fix it
        if code in (cp_model.MODEL_INVALID, cp_model.INFEASIBLE, cp_model.UNKNOWN):
            first_stage_answer = _stage_without_a_plan(code, number, name, self.model)
            if first_stage_answer is not None:
                return Solution(first_stage_answer, stats=_finish(self.stats, self.started))
            self.progress.cut_stage = name
            return False  # keep the previous stage's solution
        if not read:
            self._read_plan()
        if code == cp_model.FEASIBLE:
            self.progress.stop_unproven(name, self.solver)
            if both is not None:  # the bound of both at once, in the first stage's unit
                self.progress.bound = both.first_bound(self.solver.best_objective_bound)
            return False
        self.optimum[name] = _fix_stage_optimum(self.model, self.solver, expr)
        return True

    def _solved_stage(self, number: int, name: str, expr: cp_model.LinearExprT, sense: str
                      ) -> tuple[object, bool, BothAtOnce | None]:
        """The stage solved: light first (_light_first), with the next stage where both can be solved at once
        (_both_at_once), then as before when that did not prove it. The solve's status, whether its plan is
        read already, and how the solver's bound reads when it was both at once."""
        both = self._both_at_once(number)
        _set_objective(self.model, both.expr if both is not None else expr, sense)
        if both is not None:
            self.model.proto.objective.domain.extend([0, both.most])
        self.solver.parameters.add_cg_cuts = not _cost_once_the_changes_are_fixed(name, self.optimum)
        light, stopped = self._light_first(name)
        code, read = self._solved(light), False
        if both is not None:
            if code == cp_model.OPTIMAL:  # the next stage's optimum is this plan's figure there
                self.proven[both.name] = int(self.solver.value(both.second))
            else:  # (infeasible: no plan within the cap) solved as before, stage by stage
                _set_objective(self.model, expr, sense)
                code, stopped = (cp_model.UNKNOWN, True) if code == cp_model.INFEASIBLE else (code, stopped)
        if stopped and self.more_time():  # not proven light: solved as before
            if code == cp_model.FEASIBLE:
                self._read_plan()  # kept should the full solve find nothing in the time left
            full = self._solved(self.solver.solve(self.model))
            code, read = (code, code == cp_model.FEASIBLE) if full == cp_model.UNKNOWN else (full, False)
            both = None  # the solver's bound is the stage's own
        return code, read, both

    def _light_first(self, name: str) -> tuple[object, bool]:
        """Solve the stage: an objective stage of a large model (LARGE_MODEL) first with LIGHT_SETTINGS,
        within LIGHT_WORK deterministic seconds. The solve's status, and whether it was that light solve and
        ended unproven (then the stage is solved again with the solver's own settings, as before, when time
        is left).

        Measured in process, medians of 3-4 runs (the machine's clock moves by 0.3 s and more): six
        designations on 100,000 generated people, the stages' wall 2.76 -> 1.79 s with the light presolve,
        its fewest changes 0.67-1.11 -> 0.28-0.42 s with the LP's search as well; on 10,000 people 3.90 ->
        2.74 s, then the two objective stages 1.43 -> 0.9 s. The same plans. The models of 200 and 1,000
        people (3,300-7,600 variables, tens of changes) are below LARGE_MODEL: the light presolve made their
        searches 1.5-3x slower (seed 3 of 200 people: 9.8 -> 28 s)."""
        params = self.solver.parameters
        if name not in OBJECTIVE_STAGES or len(self.model.proto.variables) < LARGE_MODEL:
            return self.solver.solve(self.model), False
        kept = {key: getattr(params, key) for key in (*LIGHT_SETTINGS, "max_deterministic_time")}
        for key, value in LIGHT_SETTINGS.items():
            setattr(params, key, value)
        params.max_deterministic_time = min(kept["max_deterministic_time"], LIGHT_WORK)
        try:
            code = self.solver.solve(self.model)
        finally:
            for key, value in kept.items():
                setattr(params, key, value)
        unproven = code in (cp_model.FEASIBLE, cp_model.UNKNOWN)
        return code, unproven and kept["max_deterministic_time"] > LIGHT_WORK  # else its own limit stopped it

    def _both_at_once(self, number: int) -> BothAtOnce | None:
        """The objective stage `number` and the next solved as one (the next one's proven optimum kept for
        it), when the light solve of a large model comes first (_light_first) and both minimize: see
        BothAtOnce."""
        later = self.stages[number + 1:number + 2]
        if not later or self.problem.known is not None:
            return None
        name, expr, sense = self.stages[number]
        second, then, then_sense = later[0]
        if (name not in OBJECTIVE_STAGES or second not in OBJECTIVE_STAGES
                or (sense, then_sense) != ("min", "min") or second in self.proven
                or len(self.model.proto.variables) < LARGE_MODEL
                or self.solver.parameters.max_deterministic_time <= LIGHT_WORK):
            return None
        return BothAtOnce.of(self.model, expr, second, then)

    def _read_plan(self) -> None:
        """The solver's solution as the plan so far (a solution taking the tail is no plan)."""
        tail = self.d.tail
        self.solved = {id(v): self.solver.value(v) for v in self.all_vars}
        self.tail_taken = tail is not None and any(self.solver.value(v) for v in tail.take.values())
        if not self.tail_taken:
            self.progress.values = self.solved
            self.progress.read_from = (self.problem, self.d)

    def without_the_tail(self) -> None:
        """solve_again's optimum was reached with the tail: the plan reaching it with the model's people alone
        (the tail's changes minimized, the stages' optima fixed), else TailNeeded."""
        tail = self.d.tail
        assert tail is not None
        if self.progress.status_name != "optimal" or self.progress.cut_stage or not self.more_time():
            raise TailNeeded
        self.model.minimize(tail.changes())
        code = self._solved(self.solver.solve(self.model))
        if code != cp_model.OPTIMAL or self.solver.value(tail.changes()):
            raise TailNeeded
        self._read_plan()

    def _close(self, number: int, name: str) -> Solution | bool:
        """After the objective stages of a problem with a tail: close it and go on with the live tie-break,
        or answer with the people to solve it again with (planner/core/closing.py)."""
        closed = close_the_tail(self.model, self.solver, self.d, self.optimum, self.more_time)
        if closed.stopped:  # the time limit: the tail stays open, the plan is unproven
            self.progress.cut_stage = name
            return False
        if closed.widen:
            return Solution("unknown", stats=_finish(self.stats, self.started), widen=closed.widen,
                            known=closed.known)
        if self.problem.known is None:
            self._read_plan()
            self._hint_the_solution()
        if not self.problem.settings.tie_break:  # any plan at the optimum: the one solved, or (known) one
            _, expr, sense = self.stages[number]
            self.stages[number + 1:] = [] if self.progress.have_solution else [("plan", expr, sense)]
            return True
        self.stages[number + 1:] = live_tie_breaks(self.d, self.optimum, self.solver)
        # The tie-break's stages start from the last stage's plan (hinted) in a model whose objective and
        # tail are fixed: presolve's rounds, symmetry detection and probing cost more than they save there
        # (six designations on 200 people: 2.2-2.9 s of CPU for the tie-break with them, 0.9-1.6 without).
        params = self.solver.parameters
        params.max_presolve_iterations, params.symmetry_level, params.cp_model_probing_level = 1, 0, 0
        return True


def _set_objective(model: cp_model.CpModel, expr: cp_model.LinearExprT, sense: str) -> None:
    if sense == "min":
        model.minimize(expr)
    else:
        model.maximize(expr)


def _cost_once_the_changes_are_fixed(name: str, optimum: dict[str, int]) -> bool:
    """Whether the stage is the lowest cost among plans of the fewest changes (their number fixed): there
    CP-SAT's Chvátal-Gomory cuts cost the LP more than they prune, so that stage is solved without them (and
    so is a bounded plan's solve closing its tail right after it, which was measured with it).

    Measured in CP-SAT's deterministic seconds over whole plans (each stage starts from the one before, so a
    stage alone says little; the clock moves more than the change on this machine). Six designations on 13
    generated 200-person rosters: the plans' work 38.0 -> 27.4 in all (the benchmark's roster 1.19 -> 1.01,
    seed 3 12.4 -> 4.0; slower on 2: seed 8 3.4 -> 5.3, seed 12 0.89 -> 0.97), the cheaper plans' searches
    16.7 -> 10.1 (seed 5's now proves that none is cheaper, seed 3's finds a cheaper one), the plans the
    same; on 1,000 people 10.5 -> 6.9, on 10,000 and 100,000 unchanged. Cloud CRM's modes, a Business
    Applications plan and 20 goals: every stage's work unchanged. Every other stage keeps the cuts: without
    them the fewest changes and the tie-break did no better."""
    return name == "cost" and "exams" in optimum


def _last_objective_stage(stages: list[Stage], number: int) -> bool:
    """Whether stage `number` is the objective's last (the tie-break stages come next, or nothing)."""
    later = stages[number + 1:number + 2]
    return stages[number][0] in OBJECTIVE_STAGES and (not later or later[0][0] not in OBJECTIVE_STAGES)


def _model_size(model: cp_model.CpModel) -> dict[str, object]:
    """The statistics a solve starts with: the model's variables and constraints, no stage solved yet."""
    proto = model.proto
    return {
        "variables": len(proto.variables),
        "constraints": len(proto.constraints),
        "stages": 0,
    }


def _decision_variables(d: Decisions) -> list[cp_model.IntVar]:
    """Every decision variable a plan is read from (and, for scored departures, hinted with), once each
    (a bounded plan's `qualifies` are its `fill`s)."""
    every = [*d.take.values(), *d.qualifies.values(), *d.fill.values(), *d.hired.values(),
             *d.month.values(), *d.chosen.values(), *([d.finish] if d.finish is not None else []),
             *d.earn.values()]
    return list({id(var): var for var in every}.values())


def _give_stage_the_time_left(solver: cp_model.CpSolver, time_limit: float | None, started: float) -> bool:
    """Give the next stage what is left of the time limit; False when nothing is left."""
    if time_limit is None:
        return True
    left = time_limit - (time.perf_counter() - started)
    if left <= 0:
        return False
    solver.parameters.max_time_in_seconds = left
    return True


def _stage_without_a_plan(code: object, number: int, name: str, model: cp_model.CpModel
                          ) -> SolveStatus | None:
    """A stage that found no plan: MODEL_INVALID, and INFEASIBLE after the first stage, are errors; at
    the first stage INFEASIBLE or UNKNOWN is the answer; a later UNKNOWN (None) keeps the last plan."""
    if code == cp_model.MODEL_INVALID:
        raise InternalError(f"CP-SAT says the model is invalid: {model.validate()}")
    if code == cp_model.INFEASIBLE:
        if number == 0:
            return "infeasible"
        raise InternalError(f"stage {name} became infeasible after fixing earlier stages")
    if number == 0:
        return "unknown"
    return None


def _plan_of(problem: Problem, d: Decisions, values: dict[int, int]) -> _Plan:
    """The plan a stage's solution describes, read from the variables' values into domain terms."""
    takes = [(p, o) for p in problem.people for o, var in d.takes_of(p) if values[id(var)]]
    fills = [(p, s) for p in problem.people for s in problem.roles if values[id(d.fill[p.index, s.key])]]
    hires = [p for p in problem.people if p.is_hire and values[id(d.hired[p.index])]]
    qualifies = [(p, s) for p in problem.people for s in problem.roles
                 if values[id(d.qualifies[p.index, s.key])]]
    return _Plan(takes, fills, hires, qualifies, _months_booked(d, values), _goals_met(problem, d, values),
                 _earned(problem, d, values))


def _earned(problem: Problem, d: Decisions, values: dict[int, int]) -> list[tuple[Candidate, str]]:
    """The certifications the solution gives people (ids), person by person."""
    by_index = {p.index: p for p in problem.people}
    return [(by_index[i], cid) for (i, cid), var in d.earn.items() if values[id(var)]]


def _months_booked(d: Decisions, values: dict[int, int]) -> dict[tuple[int, str], int]:
    """With a calendar, the month each new exam is booked in: (person index, exam) -> month index."""
    return {(i, e): m for (i, e, m), var in d.month.items() if values[id(var)]}


def _goals_met(problem: Problem, d: Decisions, values: dict[int, int]) -> frozenset[int]:
    """The goals the plan meets: the chosen option of each target with several, every other goal."""
    return frozenset(g.index for g in problem.goals
                     if g.index not in d.chosen or values[id(d.chosen[g.index])])


def _fix_stage_optimum(model: cp_model.CpModel, solver: cp_model.CpSolver,
                       expr: cp_model.LinearExprT) -> int:
    """Fix the stage's expression at the optimum found, before the next stage."""
    # the expression's own value, not objective_value: they differ when CP-SAT folds a constant
    # into the objective, and fixing the wrong one silently drops plans (issue 13)
    value = int(solver.value(expr)) if not isinstance(expr, int) else expr
    digits = binary_digits(model, expr)
    if digits is None:
        model.add(expr == value)
    else:  # a lexicographic stage: each of its booleans fixed at its value, the same plans left. Presolve and
        # the LP then need not work them out of a sum weighted up to 2^49 (six designations on 200 generated
        # people: the tie-break's work 0.50 -> 0.34 deterministic seconds, about 0.3 s)
        for var in digits:
            model.add(var == solver.value(var))
    return value


def _hint(model: cp_model.CpModel, variables: list[cp_model.IntVar], values: dict[int, int]) -> None:
    """The last stage's plan as the next stage's starting point."""
    set_hint(model, [(var, values[id(var)]) for var in variables])


def _finish(stats: dict[str, object], started: float) -> dict[str, object]:
    stats["solve_seconds"] = round(time.perf_counter() - started, 4)
    return stats
