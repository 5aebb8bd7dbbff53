"""`best --budget` with several targets: the largest set of designations (goals) a budget reaches together
with the shared staff, its plan, and what each goal left out would cost added to it.

Each goal is first planned alone at any budget (its cheapest plan: a lower bound of what any set holding it
costs); goals out of reach alone, or costing more alone than the budget, are in no set. Then sets are tried
from the largest down, each size's sets in order of the sum of their members' costs alone, the first one
the budget reaches winning. Every plan is one of the pipeline, re-checked."""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence

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
    alone = {g.label: _cheapest(loaded, (g,), time_limit) for g in goals}
    fits = [g for g in goals if alone[g.label] is not None
            and (budget is None or (alone[g.label] or 0.0) <= budget)]
    chosen: tuple[ResolvedTarget, ...] = ()
    reached: PlanReport | None = None
    for size in range(len(fits), 0, -1):
        for subset in sorted(itertools.combinations(fits, size),
                             key=lambda s: sum(alone[g.label] or 0.0 for g in s)):
            report = run(loaded, PlanRequest(goals=subset, objective=objective, budget_usd=budget,
                                             time_limit=time_limit, fixes=False, explain=False, alone=False))
            if report.reachable:
                chosen, reached = subset, report
                break
        if reached is not None:
            break
    labels = {g.label for g in chosen}
    rows = []
    for g in goals:
        row = TargetCost(target=g.label, in_best_set=g.label in labels, cost_alone_usd=alone[g.label])
        if g.label not in labels:
            cost = _cheapest(loaded, (*chosen, g), time_limit) if alone[g.label] is not None else None
            extra = None if cost is None or budget is None else round(max(0.0, cost - budget), 2)
            row = row.model_copy(update={"cost_with_set_usd": cost, "extra_usd_needed": extra})
        rows.append(row)
    return BestSetReport(scenario=loaded.scenario.name, budget_usd=budget, objective=objective,
                         best_set=[g.label for g in chosen], plan=reached, targets=rows,
                         stats={"total_seconds": round(time.perf_counter() - started, 4)})


def _cheapest(loaded: LoadedScenario, goals: tuple[ResolvedTarget, ...], time_limit: float | None
              ) -> float | None:
    """The cost of the cheapest plan reaching these goals together at any budget (None: out of reach)."""
    report = run(loaded, PlanRequest(goals=goals, objective="cost", any_budget=True, fixes=False,
                                     explain=False, details=False, alone=False, time_limit=time_limit))
    return report.total_cost_usd if report.reachable else None
