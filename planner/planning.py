"""The planner as a library: plan a level, check where a partner stands, compare scenarios.

The CLI is a thin layer over these functions; each returns a pydantic report from models/report.py.
"""

from __future__ import annotations

import datetime as dt
import time

from models.catalog import Catalog, Exam, Role
from models.report import (
    Assignment,
    CheckReport,
    CompareRow,
    LevelStanding,
    NewExam,
    PlanReport,
    SlotStanding,
)
from models.scenario import Person
from planner.errors import InternalError
from planner.explain import infeasibility_reasons
from planner.loading import LoadedScenario
from planner.matching import match_people_to_slots
from planner.problem import Objective, build_problem, cheapest_cover
from planner.rules import held_on, level_gates, person_counts_on, role_in_words, role_lists
from planner.validation import plan_problems

def plan(loaded: LoadedScenario, level_id: str = "gold", objective: Objective = "exams", *,
         time_limit: float | None = None, prune: bool = True) -> PlanReport:
    """The cheapest plan that meets the level's exam rules on the deadline, re-checked before it is returned."""
    from planner.solving import solve  # ortools is imported only by commands that solve

    started = time.perf_counter()
    scenario, catalog = loaded.scenario, loaded.catalog
    problem = build_problem(loaded, level_id, objective, prune=prune)
    built = time.perf_counter()
    solution = solve(problem, time_limit=time_limit)
    gates = level_gates(problem.level, scenario.organization)
    reasons = [g.reason for g in gates if g.reason]
    new_exams: list[NewExam] = []
    assignments: list[Assignment] = []
    bound: float | None = None
    if solution.status in ("optimal", "feasible"):
        order = problem.exam_order
        for person, option in sorted(solution.takes, key=lambda t: (t[0].index, order[t[1].exam])):
            new_exams.append(NewExam(person=person.id, exam=option.exam, cost_usd=option.cost_cents / 100))
        planned = {(p.index, o.exam) for p, o in solution.takes}
        role_rank = {spec.id: i for i, spec in enumerate(problem.roles)}
        for person, spec in sorted(solution.fills, key=lambda f: (role_rank[f[1].id], f[0].index)):
            exams = []
            for _, codes in spec.lists:
                mine = [c for c in codes if c in person.held or (person.index, c) in planned]
                exams.append(min(mine, key=lambda c: (c not in person.held, order.get(c, 1 << 30))))
            assignments.append(Assignment(person=person.id, role=spec.id, exams=exams))
        if solution.status == "feasible" and solution.bound is not None:
            bound = solution.bound / 100 if solution.bound_stage == "cost" else solution.bound
            reasons.append("the solver stopped at the time limit before proving this plan the cheapest; "
                           f"no plan can be better than {_bound_words(bound, solution.bound_stage)}")
        status = solution.status
    elif solution.status == "infeasible":
        status = "infeasible"
        everyone = problem if not prune else build_problem(loaded, level_id, objective, prune=False)
        reasons = infeasibility_reasons(everyone) + reasons
    else:
        status = "unknown"
        limit = f"the {time_limit:g} s time limit" if time_limit is not None else "the time limit"
        reasons = [f"no plan was found within {limit}; try a longer --time-limit"] + reasons
    total_cents = sum(round(e.cost_usd * 100) for e in new_exams)
    has_plan = status in ("optimal", "feasible")
    report = PlanReport(
        scenario=scenario.name, competency=catalog.id, level=problem.level.id,
        as_of=scenario.as_of, deadline=scenario.deadline, objective=objective,
        status=status,  # type: ignore[arg-type]
        reachable=has_plan and all(g.gate.ok for g in gates),
        gates=[g.gate for g in gates], new_exams=new_exams, total_new_exams=len(new_exams),
        total_cost_usd=total_cents / 100, assignments=assignments, reasons=reasons,
        objective_bound=bound,
        stats={**problem.stats, **solution.stats,
               "build_seconds": round(built - started, 4),
               "total_seconds": round(time.perf_counter() - started, 4)},
    )
    if status != "unknown":
        problems = plan_problems(scenario, catalog, report)
        if problems:
            raise InternalError(
                "the plan failed its independent check (" + "; ".join(problems[:3]) + "). This is a bug in "
                "the planner: please report it with the scenario file attached."
            )
    return report


def _bound_words(bound: float, stage: str | None) -> str:
    if stage == "cost":
        return f"US${bound:,.2f}"
    return f"{bound:g} new exam(s)"


def check(loaded: LoadedScenario) -> CheckReport:
    """Where the partner stands today (on as_of), for every level: slots filled, gates, what is missing."""
    scenario, catalog = loaded.scenario, loaded.catalog
    today = scenario.as_of
    exams = {e.code: e for e in catalog.exams}
    roles = {r.id: r for r in catalog.roles}
    lists = {r.id: role_lists(catalog, r) for r in catalog.roles}
    qualified: list[tuple[int, frozenset[str]]] = []
    for i, person in enumerate(scenario.staff):
        if not person_counts_on(person, today):
            continue
        held = held_on(person, exams, today)
        can = frozenset(rid for rid, lsts in lists.items() if all(held & codes for _, codes in lsts))
        if can:
            qualified.append((i, can))
    levels: list[LevelStanding] = []
    for level in catalog.levels:
        pairs = match_people_to_slots(qualified, level.slots)
        filled = {rid: sum(1 for _, r in pairs if r == rid) for rid in level.slots}
        gates = level_gates(level, scenario.organization)
        missing: list[str] = []
        for rid, need in level.slots.items():
            if filled[rid] < need:
                gap = need - filled[rid]
                missing.append(f"{gap} {rid} slot{'s' if gap > 1 else ''} open: "
                               f"{'a person' if gap == 1 else f'{gap} more people'} with "
                               f"{role_in_words(catalog, roles[rid])}, not already in another slot")
        missing += [g.reason for g in gates if g.reason]
        exam_ok = all(filled[r] >= n for r, n in level.slots.items())
        order = [r.id for r in catalog.roles]
        levels.append(LevelStanding(
            level=level.id, met=exam_ok and all(g.gate.ok for g in gates), exam_rules_met=exam_ok,
            gates=[g.gate for g in gates],
            slots=[SlotStanding(role=r, required=n, filled=filled[r]) for r, n in level.slots.items()],
            assignments=[
                Assignment(person=scenario.staff[i].id, role=r,
                           exams=_qualifying_exams(scenario.staff[i], roles[r], catalog, exams, today))
                for i, r in sorted(pairs, key=lambda p: (order.index(p[1]), p[0]))
            ],
            missing=missing,
        ))
    return CheckReport(scenario=scenario.name, competency=catalog.id, as_of=today, levels=levels)


def _qualifying_exams(person: Person, role: Role, catalog: Catalog, exams: dict[str, Exam],
                      day: dt.date) -> list[str]:
    """The held exam that covers each of the role's lists, the catalog's preferred one first."""
    held = held_on(person, exams, day)
    return [next(c for c in catalog.exam_list(lid).exams if c in held) for lid in role.lists]


def compare_row(file: str, loaded: LoadedScenario, level_id: str, objective: Objective, *,
                time_limit: float | None = None) -> tuple[CompareRow, PlanReport]:
    """One scenario's line in a comparison, with the plan behind it."""
    report = plan(loaded, level_id, objective, time_limit=time_limit)
    revenue_gap = sum(g.gap_usd or 0.0 for g in report.gates if g.required_usd is not None)
    row = CompareRow(
        file=file, scenario=report.scenario, status=report.status, reachable=report.reachable,
        total_new_exams=report.total_new_exams if report.status != "infeasible" else None,
        total_cost_usd=report.total_cost_usd if report.status != "infeasible" else None,
        revenue_gap_usd=revenue_gap, people_used=len(report.assignments),
    )
    return row, report


__all__ = ["check", "cheapest_cover", "compare_row", "plan"]
