"""Several goals a budget cannot cover together: the most of them it covers, then the cheapest such set,
and its plan. Each set of goals is a request of its own, planned through the pipeline's `run` (so every
plan here is re-checked like any other); the search tries the sets from the largest down."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from models.report import PlanReport, WithinBudget

if TYPE_CHECKING:
    from planner.core.pipeline import PlanRequest
    from planner.input.loading import LoadedScenario

MAX_GOALS_SEARCHED = 4  # 14 sets of goals at most; beyond that no partial plan is searched

Run = Callable[["LoadedScenario", "PlanRequest"], PlanReport]


def most_goals_within_budget(run: Run, loaded: LoadedScenario, request: PlanRequest,
                             together_cost_usd: float | None) -> WithinBudget | None:
    """The largest set of the request's goals that one plan meets within its budget (among sets of that
    size, the one whose cheapest plan costs least), planned with the request's objective; None when no
    single goal fits or there are too many goals to search."""
    goals = request.goals
    if not 1 < len(goals) <= MAX_GOALS_SEARCHED:
        return None
    for size in range(len(goals) - 1, 0, -1):
        fits = [(cost, subset) for subset in itertools.combinations(goals, size)
                if (cost := _cheapest_within(run, loaded, request, subset)) is not None]
        if fits:
            chosen = min(fits, key=lambda f: f[0])[1]
            shown = run(loaded, replace(request, goals=chosen, alternatives=1, fixes=False, buffer=False))
            if not shown.reachable:
                return None
            return WithinBudget(targets=[g.label for g in chosen],
                                left_out=[g.label for g in goals if g not in chosen],
                                together_cost_usd=together_cost_usd, plan=shown)
    return None


def _cheapest_within(run: Run, loaded: LoadedScenario, request: PlanRequest,
                     subset: tuple[object, ...]) -> float | None:
    """The cost of the cheapest plan of these goals within the request's budget (None: none reaches them)."""
    found = run(loaded, replace(request, goals=subset, objective="cost", alternatives=1, fixes=False,  # type: ignore[arg-type]
                                buffer=False, alone=False, explain=False, details=False))
    return found.total_cost_usd if found.reachable else None
