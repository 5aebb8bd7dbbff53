"""Solving the model: lexicographic stages, every CP-SAT status handled, a solver-free Solution out."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

from planner.core.cpsat import cp_model  # CP-SAT without pandas (0.6 s less per command)
from planner.core.model import build_model
from planner.core.problem import Candidate, NewExamOption, Problem, RoleSpec
from planner.errors import InternalError

SolveStatus = Literal["optimal", "feasible", "infeasible", "unknown"]
OBJECTIVE_STAGES = ("filled_slots", "time", "risk", "exams", "cost")


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

    @property
    def has_plan(self) -> bool:
        return self.status in ("optimal", "feasible")


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


def solve(problem: Problem, *, time_limit: float | None = None, workers: int = 1) -> Solution:
    """Solve the problem stage by stage: each stage's optimum is fixed before the next one.

    One worker and a fixed seed by default. With the canonical tie-break the final stage has a single
    optimum (up to month ties in a calendar, and in whole-roster models of more than 300 people, where
    the roster-order tie-break is by least sum of positions), so the plan does not depend on the
    number of workers either.
    """
    started = time.perf_counter()
    built = build_model(problem)
    model, d = built.model, built.decisions
    solver = _solver(problem, workers)
    proto = model.proto
    stats: dict[str, object] = {
        "variables": len(proto.variables),
        "constraints": len(proto.constraints),
        "stages": 0,
    }
    all_vars = [*d.take.values(), *d.qualifies.values(), *d.fill.values(), *d.hired.values(),
                *d.month.values(), *d.chosen.values(), *([d.finish] if d.finish is not None else [])]
    status_name: SolveStatus = "optimal"
    bound: float | None = None
    bound_stage: str | None = None
    have_solution = False
    cut_stage: str | None = None

    for number, (name, expr, sense) in enumerate(built.stages):
        if time_limit is not None:
            left = time_limit - (time.perf_counter() - started)
            if left <= 0:
                cut_stage = name if have_solution else None
                break
            solver.parameters.max_time_in_seconds = left
        if sense == "min":
            model.minimize(expr)
        else:
            model.maximize(expr)
        code = solver.solve(model)
        stats["stages"] = number + 1
        if code == cp_model.MODEL_INVALID:
            raise InternalError(f"CP-SAT says the model is invalid: {model.validate()}")
        if code == cp_model.INFEASIBLE:
            if number == 0:
                return Solution("infeasible", stats=_finish(stats, started))
            raise InternalError(f"stage {name} became infeasible after fixing earlier stages")
        if code == cp_model.UNKNOWN:
            if number == 0:
                return Solution("unknown", stats=_finish(stats, started))
            cut_stage = name
            break  # keep the previous stage's solution
        values = {id(v): solver.value(v) for v in all_vars}
        takes = [(p, o) for p in problem.people for o in p.options if values[id(d.take[p.index, o.key])]]
        fills = [(p, s) for p in problem.people for s in problem.roles if values[id(d.fill[p.index, s.key])]]
        hires = [p for p in problem.people if p.is_hire and values[id(d.hired[p.index])]]
        qualifies = [(p, s) for p in problem.people for s in problem.roles
                     if values[id(d.qualifies[p.index, s.key])]]
        months = {(i, e): m for (i, e, m), var in d.month.items() if values[id(var)]}
        chosen = frozenset(g.index for g in problem.goals
                           if g.index not in d.chosen or values[id(d.chosen[g.index])])
        have_solution = True
        if code == cp_model.FEASIBLE:
            if name in OBJECTIVE_STAGES:  # the objective itself is not proven
                status_name = "feasible"
                bound = solver.best_objective_bound
                bound_stage = name
            else:
                cut_stage = name
            break
        # the expression's own value, not objective_value: they differ when CP-SAT folds a constant
        # into the objective, and fixing the wrong one silently drops plans (issue 13)
        value = int(solver.value(expr)) if not isinstance(expr, int) else expr
        model.add(expr == value)
        # No solution hints between stages: measured on a 1,000-person whole-roster model, a hint of the
        # previous stage's plan made the next stage run 120 s to UNKNOWN instead of 0.2 s to OPTIMAL.
        # Except for a scored goal's departures constraints, where the hint is what makes the tie-break
        # fast: resilience 2 at 100,000 generated people, first tie-break stage 15 s without, 1.9 s with.
        if _scored_departures(problem):
            _hint(model, all_vars, values)
    if not have_solution:
        return Solution("unknown", stats=_finish(stats, started))
    if cut_stage in OBJECTIVE_STAGES and status_name == "optimal":
        status_name, bound_stage = "feasible", cut_stage  # an objective stage was never proven
    return Solution(status_name, takes, fills, hires, qualifies, months, chosen, bound, bound_stage,
                    _finish(stats, started), cut_stage)


def _hint(model: cp_model.CpModel, variables: list[cp_model.IntVar], values: dict[int, int]) -> None:
    """The last stage's plan as the next stage's starting point."""
    model.clear_hints()
    for var in variables:
        model.add_hint(var, values[id(var)])


def _finish(stats: dict[str, object], started: float) -> dict[str, object]:
    stats["solve_seconds"] = round(time.perf_counter() - started, 4)
    return stats
