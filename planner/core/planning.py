"""The planner as a library: plan goals, check where a partner stands, compare scenarios, find the best
level within a budget.

Every plan goes through the one pipeline of planner/core/pipeline.py; the CLI is a thin layer over these
functions, each of which returns a pydantic report from models/report.py.
"""

from __future__ import annotations

import time
from typing import Any, Literal

from models.catalog import Catalog, Level
from models.report import BestReport, CompareRow, NextLevel, PlanReport, RowPoints
from planner.core.pipeline import PlanRequest, run
from planner.core.problem import Objective
from planner.explain.out_of_reach import only_without_resilience_and_budget, without_resilience
from planner.explain.standing import check  # noqa: F401 - part of this module's API
from planner.input.loading import LoadedScenario, ResolvedTarget
from planner.rules.domain import level_gates
from planner.rules.naming import report_names

Blocker = Literal["budget", "resilience", "budget and resilience"]


def plan(loaded: LoadedScenario, level_id: str = "gold", objective: Objective = "exams", *,
         time_limit: float | None = None, prune: bool = True, budget_usd: float | None = None,
         resilience: int | None = None, alternatives: int = 1, fixes: bool = True,
         schedule: bool = False, buffer: bool = False,
         targets: list[ResolvedTarget] | None = None,
         alternatives_differ: Literal["people", "exams"] = "people", explain: bool = True,
         compare_objectives: bool = False, goals_that_fit: bool = False) -> PlanReport:
    """The cheapest plan that meets the goals' exam rules on the deadline, re-checked before it is returned.

    The goals are `targets` (one plan meets all of them with the shared staff), else `level_id` of the
    scenario's competency. `budget_usd` and `resilience` default to the scenario's `policy`;
    `alternatives` > 1 lists the next best distinct plans, differing in who takes exams
    (`alternatives_differ` "people") or in the exams taken ("exams"); `fixes` proposes changes when the
    goals cannot be reached, and `explain` (when False: no reasons, for a plan only tested) why not.
    `compare_objectives` adds the other objective's plan when it beats this one there (`cheaper`,
    `fewer_exams`), and `goals_that_fit` the most goals a budget covers when it cannot cover them all
    (`within_budget`): what `planner plan` shows a reader; off by default, as for every plan made inside
    another.
    """
    goals = tuple(targets) if targets else (ResolvedTarget(
        f"{loaded.catalog.id}:{level_id}", loaded.catalog.id, level_id, loaded.catalog, loaded.notes),)
    request = PlanRequest(goals=goals, objective=objective, budget_usd=budget_usd, resilience=resilience,
                          alternatives=alternatives, alternatives_differ=alternatives_differ,
                          schedule=schedule, buffer=buffer, time_limit=time_limit, fixes=fixes, prune=prune,
                          explain=explain, compare_objectives=compare_objectives,
                          goals_that_fit=goals_that_fit)
    return run(loaded, request)


def compare_row(file: str, loaded: LoadedScenario, level_id: str, objective: Objective, *,
                time_limit: float | None = None,
                targets: list[ResolvedTarget] | None = None) -> tuple[CompareRow, PlanReport]:
    """One scenario's line in a comparison (of one level, or of several targets), with the plan behind it."""
    report = plan(loaded, level_id, objective, time_limit=time_limit, targets=targets)
    revenue = [g.gap_usd or 0.0 for g in report.gates if g.required_usd is not None]
    has_plan = report.status in ("optimal", "feasible")
    row = CompareRow(
        file=file, scenario=report.scenario, status=report.status, reachable=report.reachable,
        total_new_exams=report.total_new_exams if report.status != "infeasible" else None,
        total_cost_usd=report.total_cost_usd if report.status != "infeasible" else None,
        revenue_gap_usd=sum(revenue) if revenue else None,
        people_used=len({a.person for a in report.assignments}),
        points=[RowPoints(target=s.target, points=s.points, needed=s.needed, met=s.met)
                for s in report.scores] if report.scores and has_plan else None,
    )
    return row, report


def best(loaded: LoadedScenario, budget_usd: float | None = None, objective: Objective = "exams", *,
         time_limit: float | None = None) -> BestReport:
    """The highest level reachable within the budget, its plan, and how far short the next level up falls.

    For a competency with options a level is reached when any option reaches it (the plan picks the
    cheaper option); the next level's figures are those of the option its cheapest plan uses."""
    started = time.perf_counter()
    scenario, catalog = loaded.scenario, loaded.catalog
    budget = budget_usd if budget_usd is not None else scenario.policy.budget_usd
    reached: PlanReport | None = None
    above: str | None = None
    for level_id in catalog.level_ids:  # listed from the lowest level up
        report = plan(loaded, level_id, objective, time_limit=time_limit, budget_usd=budget, fixes=False,
                      explain=False)  # out of reach, it is discarded: _next_level says why
        if not report.reachable:
            above = level_id
            break
        reached = report
    return BestReport(
        scenario=scenario.name, competency=catalog.id, budget_usd=budget, objective=objective,
        best_level=reached.level if reached else None, plan=reached,
        next_level=None if above is None else _next_level(loaded, above, budget, objective, time_limit),
        stats={"total_seconds": round(time.perf_counter() - started, 4)},
        names=report_names([catalog], loaded.catalogs.certifications),
    )


def _next_level(loaded: LoadedScenario, level_id: str, budget: float | None, objective: Objective,
                time_limit: float | None) -> NextLevel:
    """The level above the best one: its cheapest plan at any budget, and how many of its slots (a scored
    level: how many points) the budget fills. Both are plans of the pipeline, re-checked."""
    scenario = loaded.scenario
    goal = ResolvedTarget(f"{loaded.catalog.id}:{level_id}", loaded.catalog.id, level_id, loaded.catalog,
                          loaded.notes)
    cheapest = run(loaded, PlanRequest(goals=(goal,), objective="cost", any_budget=True, fixes=False,
                                       resilience=scenario.policy.resilience, time_limit=time_limit))
    option = _option(loaded.catalog, cheapest.option)
    level = option.level(level_id)
    most = None if budget is None else _most_within(loaded, option, level_id, budget, objective, time_limit)
    gates = level_gates(level, scenario.organization, option.id)
    reasons = cheapest.reasons if cheapest.status == "infeasible" else [g.reason for g in gates if g.reason]
    cost = cheapest.total_cost_usd if _has_plan(cheapest) else None
    extra = None if cost is None or budget is None else round(max(0.0, cost - budget), 2)
    blocked, why = (None, []) if any(not g.gate.ok for g in gates) else _blocked_by(
        loaded, (goal, level.name), budget, objective, time_limit, _has_plan(cheapest))
    return NextLevel(level=level_id, cheapest_cost_usd=cost, extra_usd_needed=extra,
                     gates=[g.gate for g in gates], reasons=why + reasons, **_within_budget(level, most),
                     blocked_by=blocked)


def _blocked_by(loaded: LoadedScenario, named: tuple[ResolvedTarget, str], budget: float | None,
                objective: Objective, time_limit: float | None, with_resilience: bool
                ) -> tuple[list[Blocker] | None, list[str]]:
    """Which policies keep a level whose gates are met out of reach (NextLevel.blocked_by), and what it
    takes without the resilience policy when that is why. `named`: the level's goal and its name;
    `with_resilience`: some plan at any budget keeps the level after policy.resilience departures, so the
    budget (if any) is what blocks it."""
    goal, name = named
    k = loaded.scenario.policy.resilience
    budget_blocks = with_resilience and budget is not None
    if k == 0:
        return (["budget"] if budget_blocks else None), []
    without = plan(loaded, goal.level, objective, time_limit=time_limit, budget_usd=budget, resilience=0,
                   fixes=False, explain=False)
    if without.reachable:
        changes = (without.total_new_exams, without.total_renewals or 0, len(without.hires),
                   without.total_cost_usd)
        return ((["budget", "resilience"] if budget_blocks else ["resilience"]),
                [without_resilience(name, k, budget is not None, changes)])
    if budget_blocks or budget is None:
        return (["budget"] if budget_blocks else None), []
    anywhere = run(loaded, PlanRequest(goals=(goal,), objective="cost", any_budget=True, fixes=False,
                                       resilience=0, time_limit=time_limit, explain=False, details=False))
    if not anywhere.reachable:
        return None, []
    return ["budget and resilience"], [only_without_resilience_and_budget(name, k, anywhere.total_cost_usd,
                                                                          budget)]


def _within_budget(level: Level, most: PlanReport | None) -> dict[str, Any]:
    """What the next level's plan of the most slots within the budget gives, as NextLevel fields: the
    slots it fills and leaves open, or for a scored level (no slots) its score and its new exams."""
    if level.score is not None:
        planned = most if most is not None and _has_plan(most) and most.scores else None
        return {"slots": 0, "score_within_budget": planned.scores[0] if planned and planned.scores else None,
                "new_exams_within_budget": planned.new_exams if planned else None}
    filled = None if most is None else len(most.assignments)
    return {"slots": level.total_slots, "slots_filled_within_budget": filled,
            "open_slots": None if filled is None else level.total_slots - filled}


def _most_within(loaded: LoadedScenario, option: Catalog, level_id: str, budget: float, objective: Objective,
                 time_limit: float | None) -> PlanReport:
    """The option's plan of the most slots (a scored level: the most points) within the budget, through
    the pipeline. Slots, not spares: with resilience > 0 the model demands every slot plus K spares, so a
    budget short of that would count as filling no slot at all."""
    goal = ResolvedTarget(f"{option.id}:{level_id}", option.id, level_id, option, loaded.notes)
    return run(loaded, PlanRequest(goals=(goal,), objective=objective, budget_usd=budget, resilience=0,
                                   time_limit=time_limit, fixes=False, alone=False, explain=False,
                                   fill_most=True, details=False))


def _has_plan(report: PlanReport) -> bool:
    return report.status in ("optimal", "feasible")


def _option(catalog: Catalog, option_id: str | None) -> Catalog:
    """The option's catalog (the first option when none is named)."""
    options = catalog.option_catalogs()
    return next((c for c in options if option_id and c.option_id == option_id), options[0])



def level_named(loaded: LoadedScenario, level: str) -> str:
    """The scenario's catalog's level id that `level` names, whatever its case (a UsageError otherwise)."""
    from planner.errors import UsageError

    ids = loaded.catalog.level_ids
    wanted = level.strip().casefold()
    found = next((i for i in ids if i.casefold() == wanted), None)
    if found is None:
        raise UsageError(f"unknown level '{level}'; {loaded.catalog.id} has {', '.join(ids)}")
    return found
