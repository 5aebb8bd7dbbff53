"""`best --budget` with several targets: the largest set of designations (goals) a budget reaches together
with the shared staff, its plan, and what each goal left out would cost added to it.

Each goal is first planned alone at any budget (its cheapest plan: a lower bound of what any set holding it
costs); goals out of reach alone, or costing more alone than the budget, are in no set. Then sets are tried
from the largest down, each size's sets in order of the sum of their members' costs alone, the first one
the budget reaches winning. Every plan is one of the pipeline, re-checked.

`planner plan` with several goals a budget cannot cover together asks the same question (`fitting`), with
its own request's settings (resilience, calendar, objective), and plans the set it finds."""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import replace

from models.report import BestSetReport, PlanReport, TargetCost
from planner.core.pipeline import PlanRequest, run
from planner.core.problem import Objective
from planner.input.loading import LoadedScenario, ResolvedTarget


def best_set(loaded: LoadedScenario, goals: Sequence[ResolvedTarget], budget_usd: float | None = None,
             objective: Objective = "exams", *, time_limit: float | None = None) -> BestSetReport:
    """The largest set of `goals` reachable together within the budget (the scenario's policy budget when
    None), its plan, and each goal's cost alone and, left out, with the set."""
    started = time.perf_counter()
    budget = budget_usd if budget_usd is not None else loaded.scenario.policy.budget_usd
    base = PlanRequest(goals=tuple(goals), objective=objective, budget_usd=budget, time_limit=time_limit,
                       fixes=False, explain=False, alone=False)
    chosen, reached, rows = fitting(loaded, base, budget)
    return BestSetReport(scenario=loaded.scenario.name, budget_usd=budget, objective=objective,
                         best_set=[g.label for g in chosen], plan=reached, targets=rows,
                         stats={"total_seconds": round(time.perf_counter() - started, 4)})


def fitting(loaded: LoadedScenario, base: PlanRequest, budget: float | None
            ) -> tuple[tuple[ResolvedTarget, ...], PlanReport | None, list[TargetCost]]:
    """The largest set of `base`'s goals reachable together within `budget`, its plan (each set planned as
    `base` with those goals), and every goal's row: its cost alone and, left out, with the set."""
    goals = base.goals
    alone = {g.label: _cheapest(loaded, base, (g,)) for g in goals}
    fits = [g for g in goals if _within(alone[g.label], budget)]
    chosen, reached = _largest_set(loaded, base, fits, alone)
    return chosen, reached, [_row(loaded, base, g, chosen, alone[g.label], budget) for g in goals]


def _within(cost: float | None, budget: float | None) -> bool:
    """A goal with a plan of its own that the budget pays (any, without a budget)."""
    return cost is not None and (budget is None or cost <= budget)


def _largest_set(loaded: LoadedScenario, base: PlanRequest, fits: list[ResolvedTarget],
                 alone: dict[str, float | None]) -> tuple[tuple[ResolvedTarget, ...], PlanReport | None]:
    """The first set, from the largest down and each size's in order of their costs alone, the budget
    reaches together, with its plan (none: no set)."""
    for size in range(len(fits), 0, -1):
        for subset in sorted(itertools.combinations(fits, size),
                             key=lambda s: sum(alone[g.label] or 0.0 for g in s)):
            report = run(loaded, replace(base, goals=subset))
            if report.reachable:
                return subset, report
    return (), None


def _row(loaded: LoadedScenario, base: PlanRequest, goal: ResolvedTarget, chosen: tuple[ResolvedTarget, ...],
         alone: float | None, budget: float | None) -> TargetCost:
    """A goal's row: in the set, or left out with what the set and it cost together."""
    if goal in chosen:
        return TargetCost(target=goal.label, in_best_set=True, cost_alone_usd=alone)
    cost = _cheapest(loaded, base, (*chosen, goal)) if alone is not None else None
    extra = None if cost is None or budget is None else round(max(0.0, cost - budget), 2)
    return TargetCost(target=goal.label, in_best_set=False, cost_alone_usd=alone, cost_with_set_usd=cost,
                      extra_usd_needed=extra)


def _cheapest(loaded: LoadedScenario, base: PlanRequest, goals: tuple[ResolvedTarget, ...]) -> float | None:
    """The cost of the cheapest plan reaching these goals together at any budget (None: out of reach)."""
    report = run(loaded, replace(base, goals=goals, objective="cost", any_budget=True, details=False))
    return report.total_cost_usd if report.reachable else None
