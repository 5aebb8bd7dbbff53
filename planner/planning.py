"""The planner as a library: plan a level, check where a partner stands, compare scenarios.

The CLI is a thin layer over these functions; each returns a pydantic report from models/report.py.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from models.report import (
    Alternative,
    Assignment,
    BestReport,
    Buffer,
    CompareRow,
    Fix,
    Hire,
    NewExam,
    NextLevel,
    PlannedAlone,
    PlanReport,
    Resilience,
    Saving,
    ScheduledExam,
    TargetPlan,
)
from models.scenario import Person, Scenario
from planner.errors import InternalError, UsageError
from planner.explain import infeasibility_reasons
from planner.loading import LoadedScenario, ResolvedTarget
from planner.path import expected_cost_usd, plan_path, probability_all_pass, probability_level_met
from planner.problem import (
    Candidate,
    Objective,
    PlanSettings,
    Problem,
    RoleSpec,
    build_problem,
)
from planner.rules import (
    GateCheck,
    level_gates,
    pass_rate,
    usd,
)
from planner.standing import check  # noqa: F401 - part of this module's API
from planner.validation import plan_problems

MAX_FACTS = 6  # facts named in one sentence; the fixes list the cheapest ones to change
FIXES_SECONDS = 10.0  # how long the search for blocking facts and fixes may take without --time-limit

if TYPE_CHECKING:
    from planner.solving import Solution


def plan(loaded: LoadedScenario, level_id: str = "gold", objective: Objective = "exams", *,
         time_limit: float | None = None, prune: bool = True, budget_usd: float | None = None,
         resilience: int | None = None, alternatives: int = 1, fixes: bool = True,
         schedule: bool = False, buffer: bool = False,
         targets: list[ResolvedTarget] | None = None) -> PlanReport:
    """The cheapest plan that meets the level's exam rules on the deadline, re-checked before it is returned.

    `budget_usd` and `resilience` default to the scenario's `policy`; `alternatives` > 1 lists the next
    best distinct plans; `fixes` proposes changes when the level cannot be reached. With `targets`, one
    plan meets all of them with the shared staff (see plan_targets); `level_id` is then not used.
    """
    if targets:
        several = len(targets) > 1 or len(targets[0].catalog.option_catalogs()) > 1
        if several:
            return plan_targets(loaded, targets, objective, time_limit=time_limit, budget_usd=budget_usd,
                                resilience=resilience, alternatives=alternatives, schedule=schedule,
                                buffer=buffer, prune=prune)
        loaded = replace(loaded, catalog=targets[0].catalog.option_catalogs()[0], notes=targets[0].notes)
        level_id = targets[0].level
    elif len(loaded.catalog.option_catalogs()) > 1:
        return plan_targets(loaded, [ResolvedTarget(f"{loaded.catalog.id}:{level_id}", loaded.catalog.id, level_id,
                                                    loaded.catalog, loaded.notes)], objective,
                            time_limit=time_limit, budget_usd=budget_usd, resilience=resilience,
                            alternatives=alternatives, schedule=schedule, buffer=buffer, prune=prune)
    elif loaded.catalog.options:  # written with `options:`, but only one: plan it as it is
        loaded = replace(loaded, catalog=loaded.catalog.option_catalogs()[0])
    from planner.solving import solve  # ortools is imported only by commands that solve

    started = time.perf_counter()
    scenario, catalog = loaded.scenario, loaded.catalog
    budget, k, settings = _settings(scenario, objective, budget_usd, resilience, schedule)
    problem = build_problem(loaded, level_id, objective, prune=prune, settings=settings)
    built = time.perf_counter()
    solution = solve(problem, time_limit=time_limit)
    buffer_info: Buffer | None = None
    if buffer and solution.has_plan:
        problem, solution, buffer_info = _with_spares(loaded, problem, solution, time_limit)
    gates = level_gates(problem.level, scenario.organization, catalog.id)
    reasons = [g.reason for g in gates if g.reason]
    body = _plan_body(problem, solution) if solution.has_plan else _PlanBody()
    bound: float | None = None
    resilience_info: Resilience | None = None
    listed: list[Alternative] = []
    proposed: list[Fix] = []
    if solution.has_plan:
        bound = _proven_bound(solution, reasons)
        status = solution.status
        if k > 0:
            resilience_info = _resilience_cost(loaded, problem, body, time_limit, prune)
        if alternatives > 1:
            listed = _alternatives(loaded, problem, body, alternatives - 1, time_limit)
    elif solution.status == "infeasible":
        status = "infeasible"
        reasons = _why_not_reachable(loaded, problem, settings, prune) + reasons
        if fixes:
            from planner.fixes import TimeBox, blocking_facts, propose_fixes, searchable

            seconds = time_limit if time_limit is not None else FIXES_SECONDS
            core = blocking_facts(loaded, problem, TimeBox(seconds / 2))
            box = TimeBox(seconds / 2)
            if core:
                shown = "; ".join(core[:MAX_FACTS]) + (
                    f"; and {len(core) - MAX_FACTS} more like these" if len(core) > MAX_FACTS else "")
                reasons.insert(1, f"even with every other limit lifted, these facts together keep "
                               f"{problem.level.name} out of reach: {shown}")
            proposed = propose_fixes(loaded, problem, box)
            if not searchable(problem):
                reasons.append("the search for the facts behind this and for the cheapest fixes is tried on "
                               "rosters of up to 3,000 people; this one is larger")
            elif box.left() <= 0:
                reasons.append("the search for fixes stopped at its time limit; the fixes listed (if any) are "
                               "the best found so far")
    else:
        status = "unknown"
        reasons = [_not_found_in_time(time_limit)] + reasons
    if fixes and status != "unknown":
        proposed += _gate_fixes(gates, problem)
    if k > 0 and resilience_info is None:
        resilience_info = Resilience(k=k)
    reasons += [n for n in loaded.notes if n not in reasons]
    odds = _odds(loaded, problem, body) if solution.has_plan else {}
    report = PlanReport(
        scenario=scenario.name, competency=catalog.id, level=problem.level.id,
        as_of=scenario.as_of, deadline=scenario.deadline, objective=objective,
        status=status,  # type: ignore[arg-type]
        reachable=solution.has_plan and all(g.gate.ok for g in gates),
        gates=[g.gate for g in gates], new_exams=body.new_exams, total_new_exams=len(body.new_exams),
        total_cost_usd=body.total_cents / 100, assignments=body.assignments, spares=body.spares, reasons=reasons,
        hires=body.hires, budget_usd=budget, resilience=resilience_info, alternatives=listed,
        fixes=proposed, objective_bound=bound, buffer=buffer_info, **odds, rules_revision=catalog.revision,
        option=catalog.option_id or None,
        stats={**problem.stats, **solution.stats,
               "build_seconds": round(built - started, 4),
               "total_seconds": round(time.perf_counter() - started, 4)},
    )
    if status != "unknown":
        _refuse_unsound(plan_problems(scenario, catalog, report))
    return report


def plan_targets(loaded: LoadedScenario, targets: list[ResolvedTarget], objective: Objective = "exams", *,
                 time_limit: float | None = None, budget_usd: float | None = None, resilience: int | None = None,
                 alternatives: int = 1, schedule: bool = False, buffer: bool = False,
                 prune: bool = True) -> PlanReport:
    """One plan meeting every target with the shared staff, each new exam counted once, re-checked.

    A target of a competency with options is met by the cheaper option (within the objective and its
    tie-break). With several targets each is also planned on its own, and the report says what planning
    them together saves. The search for fixes and the --buffer spares are made for one level of one
    option; here the answer says which target blocks the plan instead.
    """
    from planner.solving import solve  # ortools is imported only by commands that solve
    from planner.validation import targets_problems

    if buffer:
        raise UsageError("--buffer adds spare people for one level of one option; plan the targets one at a "
                         "time to use it")
    started = time.perf_counter()
    scenario = loaded.scenario
    budget, k, settings = _settings(scenario, objective, budget_usd, resilience, schedule)
    problem = build_problem(loaded, targets[0].level, objective, settings=settings, targets=targets, prune=prune)
    built = time.perf_counter()
    solution = solve(problem, time_limit=time_limit)
    body = _plan_body(problem, solution) if solution.has_plan else _PlanBody()
    alone: list[PlanReport | None] = [None] * len(targets)
    if len(targets) > 1:
        for i, target in enumerate(targets):
            alone[i] = plan(loaded, target.level, objective, targets=[target], time_limit=time_limit,
                            budget_usd=budget, resilience=k, fixes=False, schedule=schedule, prune=prune)
    reasons: list[str] = []
    for target in targets:
        reasons += [n for n in target.notes if n not in reasons]
    target_plans: list[TargetPlan] = []
    all_gates = []
    for t_index, target in enumerate(targets):
        goals = problem.goals_of(t_index)
        goal = next((g for g in goals if g.index in solution.chosen), goals[0]) if solution.has_plan else goals[0]
        gates = level_gates(goal.level, scenario.organization, goal.catalog.id)
        prefix = f"{target.label}: " if len(targets) > 1 else ""
        reasons += [prefix + g.reason for g in gates if g.reason]
        planned = {g.catalog.option_id for g in goals}
        for option in target.catalog.option_catalogs():  # left out because its gates fail (plan_goals)
            if option.option_id not in planned:
                failing = [g.reason for g in level_gates(option.level(target.level), scenario.organization,
                                                         option.id) if g.reason]
                reasons.append(f"{prefix}option {option.option} is not planned, as its gates fail: "
                               + "; ".join(failing))
        mine = [a for a in body.assignments if a.target == target.label]
        uses = {(a.person, e) for a in mine for e in a.exams}
        single = alone[t_index]
        target_plans.append(TargetPlan(
            target=target.label, competency=target.competency, level=target.level,
            option=(goal.option if solution.has_plan else None), rules_revision=goal.catalog.revision,
            reachable=solution.has_plan and all(g.gate.ok for g in gates), gates=[g.gate for g in gates],
            assignments=mine, new_exams=[e for e in body.new_exams if (e.person, e.exam) in uses],
            alone=None if single is None else PlannedAlone(
                status=single.status,
                total_new_exams=single.total_new_exams if single.status in ("optimal", "feasible") else None,
                total_cost_usd=single.total_cost_usd if single.status in ("optimal", "feasible") else None),
        ))
        for g in gates:
            all_gates.append(g.gate.model_copy(update={"name": f"{target.label}/{g.gate.name}"})
                             if len(targets) > 1 else g.gate)
    bound: float | None = None
    resilience_info: Resilience | None = None
    listed: list[Alternative] = []
    if solution.has_plan:
        status = solution.status
        bound = _proven_bound(solution, reasons)
        if k > 0:
            resilience_info = _resilience_cost(loaded, problem, body, time_limit, prune)
        if alternatives > 1:
            listed = _alternatives(loaded, problem, body, alternatives - 1, time_limit)
    elif solution.status == "infeasible":
        status = "infeasible"
        reasons = _why_targets_fail(loaded, problem, settings, alone) + reasons
    else:
        status = "unknown"
        reasons = [_not_found_in_time(time_limit)] + reasons
    if k > 0 and resilience_info is None:
        resilience_info = Resilience(k=k)
    saving: Saving | None = None
    if solution.has_plan and len(targets) > 1 and all(
            a is not None and a.status in ("optimal", "feasible") for a in alone):
        alone_exams = sum(a.total_new_exams for a in alone if a is not None)
        alone_cost = round(sum(a.total_cost_usd for a in alone if a is not None), 2)
        serving = Counter((e.person, e.exam) for t in target_plans for e in t.new_exams)
        saving = Saving(planned_alone_new_exams=alone_exams, planned_alone_cost_usd=alone_cost,
                        new_exams_saved=alone_exams - len(body.new_exams),
                        saving_usd=round(alone_cost - body.total_cents / 100, 2),
                        shared_exams=[f"{e.person} {e.exam}" for e in body.new_exams
                                      if serving[(e.person, e.exam)] > 1])
    people = {p.id: p for p in scenario.staff} | body.hire_people
    first = targets[0]
    report = PlanReport(
        scenario=scenario.name, competency=first.competency, level=first.level,
        as_of=scenario.as_of, deadline=scenario.deadline, objective=objective,
        status=status,  # type: ignore[arg-type]
        reachable=solution.has_plan and all(t.reachable for t in target_plans),
        gates=all_gates, new_exams=body.new_exams, total_new_exams=len(body.new_exams),
        total_cost_usd=body.total_cents / 100, assignments=body.assignments, spares=body.spares,
        reasons=reasons, hires=body.hires, budget_usd=budget, resilience=resilience_info, alternatives=listed,
        objective_bound=bound, schedule=body.schedule,
        probability_all_pass=probability_all_pass(scenario, people, body.new_exams) if solution.has_plan else None,
        expected_cost_usd=expected_cost_usd(scenario, people, body.new_exams, sum(h.cost_usd for h in body.hires))
        if solution.has_plan else None,
        rules_revision=first.catalog.revision, option=target_plans[0].option, targets=target_plans, saving=saving,
        stats={**problem.stats, **solution.stats, "targets": len(targets), "goals": len(problem.goals),
               "build_seconds": round(built - started, 4),
               "total_seconds": round(time.perf_counter() - started, 4)},
    )
    if status != "unknown":
        _refuse_unsound(targets_problems(scenario, [(t.label, t.catalog, t.level) for t in targets], report))
    return report


def _why_targets_fail(loaded: LoadedScenario, problem: Problem, settings: PlanSettings,
                      alone: list[PlanReport | None]) -> list[str]:
    """Which target blocks a plan for several: one that cannot be met even alone, or their sharing."""
    out: list[str] = []
    for target, single in zip(problem.targets, alone, strict=True):
        if single is not None and single.status == "infeasible":
            why = single.reasons[0] if single.reasons else "no plan exists"
            out.append(f"{target.label} cannot be met even on its own: {why}")
    if out:
        return out
    if len(problem.targets) > 1:
        limits = []
        if problem.one_gold_per_person and sum(1 for t in problem.targets if t.level == "gold") > 1:
            limits.append("a person counts toward at most one Gold competency (policy.one_gold_per_person)")
        if settings.budget_cents is not None:
            limits.append(f"the budget is {usd(settings.budget_cents / 100)}")
        if any(p.max_new is not None for p in problem.people):
            limits.append("some people may take only a few new exams (max_new_exams)")
        return ["each target can be met on its own, but not all of them together with the same staff"
                + (": " + "; ".join(limits) if limits else "")]
    # one target of a competency with options: why each option fails
    target = problem.targets[0]
    for goal in problem.goals:
        option = replace(target, catalog=goal.catalog, label=target.label)
        single = plan(replace(loaded, catalog=goal.catalog, notes=()), target.level, problem.objective,
                      targets=[option], budget_usd=None if settings.budget_cents is None
                      else settings.budget_cents / 100, resilience=settings.resilience, fixes=False,
                      schedule=settings.schedule)
        why = "; ".join(single.reasons[:2]) if single.reasons else "no plan exists"
        out.append(f"option {goal.catalog.option} ({goal.option}) cannot be met: {why}")
    return out


def _settings(scenario: Scenario, objective: Objective, budget_usd: float | None, resilience: int | None,
              schedule: bool) -> tuple[float | None, int, PlanSettings]:
    """The budget and resilience (the options, else the scenario's policy) and the plan's settings."""
    budget = budget_usd if budget_usd is not None else scenario.policy.budget_usd
    k = resilience if resilience is not None else scenario.policy.resilience
    return budget, k, PlanSettings(budget_cents=None if budget is None else round(budget * 100), resilience=k,
                                   schedule=schedule or objective == "time")


def _proven_bound(solution: Solution, reasons: list[str]) -> float | None:
    """With a plan not proven best (time limit): the proven bound, and a reason saying so."""
    if solution.status != "feasible" or solution.bound is None:
        return None
    bound = solution.bound / 100 if solution.bound_stage == "cost" else solution.bound
    reasons.append("the solver stopped at the time limit before proving this plan the cheapest; "
                   f"no plan can be better than {_bound_words(bound, solution.bound_stage)}")
    return bound


def _resilience_cost(loaded: LoadedScenario, problem: Problem, body: _PlanBody, time_limit: float | None,
                     prune: bool) -> Resilience:
    """What surviving departures adds, against the same plan without resilience."""
    from planner.solving import solve

    without = build_problem(loaded, problem.level.id, problem.objective, prune=prune,
                            settings=replace(problem.settings, resilience=0), targets=list(problem.targets))
    plain = solve(without, time_limit=time_limit)
    base = _plan_body(without, plain) if plain.has_plan else None
    return Resilience(k=problem.settings.resilience,
                      extra_new_exams=None if base is None else len(body.new_exams) - len(base.new_exams),
                      extra_cost_usd=None if base is None else (body.total_cents - base.total_cents) / 100)


def _not_found_in_time(time_limit: float | None) -> str:
    limit = f"the {time_limit:g} s time limit" if time_limit is not None else "the time limit"
    return f"no plan was found within {limit}; try a longer --time-limit"


def _refuse_unsound(problems: list[str]) -> None:
    """A plan that fails its independent check is a bug: it is never printed as a plan."""
    if problems:
        raise InternalError(
            "the plan failed its independent check (" + "; ".join(problems[:3]) + "). This is a bug in "
            "the planner: please report it with the scenario file attached."
        )


@dataclass
class _PlanBody:
    new_exams: list[NewExam] = field(default_factory=list)
    hires: list[Hire] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    total_cents: int = 0
    changes: frozenset[tuple[str, str]] = frozenset()  # (candidate id, exam | "hire"), for exclusions
    hire_people: dict[str, Person] = field(default_factory=dict)  # shown hire id -> the hire as a Person
    schedule: list[ScheduledExam] = field(default_factory=list)
    spares: list[Assignment] = field(default_factory=list)


def _plan_body(problem: Problem, solution: Solution) -> _PlanBody:
    """The solver's decisions as report pieces; hires get the ids hire-1, hire-2, ... in order."""
    order = problem.exam_order
    scenario = problem.scenario
    shown: dict[str, str] = {}
    hire_people: dict[str, Person] = {}
    hires: list[Hire] = []
    total = 0
    for n, person in enumerate(sorted(solution.hires, key=lambda p: p.index), start=1):
        assert person.hire_profile is not None
        shown[person.id] = f"hire-{n}"
        hire_people[f"hire-{n}"] = person.person.model_copy(update={"id": f"hire-{n}"})
        hires.append(Hire(id=f"hire-{n}", profile=scenario.hiring[person.hire_profile].profile,
                          cost_usd=person.hire_cost_cents / 100))
        total += person.hire_cost_cents
    new_exams = []
    for person, option in sorted(solution.takes, key=lambda t: (t[0].index, order[t[1].exam])):
        new_exams.append(NewExam(person=shown.get(person.id, person.id), exam=option.exam,
                                 cost_usd=option.cost_cents / 100))
        total += option.cost_cents
    planned = {(p.index, o.exam) for p, o in solution.takes}
    role_rank = {spec.key: i for i, spec in enumerate(problem.roles)}
    # a plan made by plan_targets (several targets, or a competency with options) labels its slots
    labelled = len(problem.targets) > 1 or any(len(t.catalog.option_catalogs()) > 1 for t in problem.targets)
    def assignment(person: Candidate, spec: RoleSpec) -> Assignment:
        exams = []
        for _, codes in spec.lists:
            mine = [c for c in codes if c in person.held or (person.index, c) in planned]
            exams.append(min(mine, key=lambda c: (c not in person.held, order.get(c, 1 << 30))))
        return Assignment(person=shown.get(person.id, person.id), role=spec.id, exams=exams,
                          target=problem.goals[spec.goal].target if labelled else None)

    by_role = lambda f: (role_rank[f[1].key], f[0].index)  # noqa: E731
    assignments = [assignment(p, spec) for p, spec in sorted(solution.fills, key=by_role)]
    filling = {p.index for p, _ in solution.fills}
    spares = [assignment(p, spec) for p, spec in sorted(solution.qualifies, key=by_role)
              if p.index not in filling and (problem.settings.resilience or problem.settings.spares)]
    changes = frozenset({(p.id, o.exam) for p, o in solution.takes} | {(p.id, "hire") for p in solution.hires})
    schedule = [ScheduledExam(person=shown.get(p.id, p.id), exam=o.exam, month=problem.months[solution.months[p.index, o.exam]])
                for p, o in sorted(solution.takes, key=lambda t: (solution.months.get((t[0].index, t[1].exam), 0),
                                                                   t[0].index, order[t[1].exam]))
                if (p.index, o.exam) in solution.months]
    return _PlanBody(new_exams, hires, assignments, total, changes, hire_people, schedule, spares)


def _odds(loaded: LoadedScenario, problem: Problem, body: _PlanBody) -> dict[str, object]:
    """Schedule, path, levels met, and the chances of the plan, as PlanReport fields."""
    scenario, catalog = loaded.scenario, loaded.catalog
    people = {p.id: p for p in scenario.staff} | body.hire_people
    steps, met = plan_path(scenario, catalog, problem.level, body.new_exams, body.schedule, body.hire_people,
                           problem.exam_order, dated=problem.settings.schedule)
    hires_usd = sum(h.cost_usd for h in body.hires)
    return {
        "schedule": body.schedule, "path": steps, "levels_met": met,
        "probability_all_pass": probability_all_pass(scenario, people, body.new_exams),
        "probability_level_met": probability_level_met(scenario, catalog, problem.level, body.new_exams,
                                                       body.hire_people),
        "expected_cost_usd": expected_cost_usd(scenario, people, body.new_exams, hires_usd),
    }


def _with_spares(loaded: LoadedScenario, problem: Problem, solution: Solution, time_limit: float | None
                 ) -> tuple[Problem, Solution, Buffer]:
    """Add a spare person for every slot kind whose new exams can be failed, where that raises the odds."""
    from planner.solving import solve

    scenario = loaded.scenario
    base = _plan_body(problem, solution)
    people = {p.id: p for p in scenario.staff} | base.hire_people
    risky = sorted({a.role for a in base.assignments for e in base.new_exams
                    if e.person == a.person and pass_rate(scenario, people[e.person], e.exam) < 1.0},
                   key=[s.id for s in problem.roles].index)
    before = probability_level_met(scenario, loaded.catalog, problem.level, base.new_exams, base.hire_people)
    if not risky:
        return problem, solution, Buffer(roles=[], probability_level_met_before=before, probability_level_met=before,
                                         extra_cost_usd=0.0)
    spared = build_problem(loaded, problem.level.id, problem.objective,
                           settings=replace(problem.settings, spares=tuple(risky)))
    again = solve(spared, time_limit=time_limit)
    if not again.has_plan:
        return problem, solution, Buffer(roles=[], probability_level_met_before=before,
                                         probability_level_met=before, extra_cost_usd=0.0)
    body = _plan_body(spared, again)
    after = probability_level_met(scenario, loaded.catalog, problem.level, body.new_exams, body.hire_people)
    if before is not None and after is not None and after <= before:
        return problem, solution, Buffer(roles=[], probability_level_met_before=before,
                                         probability_level_met=before, extra_cost_usd=0.0)
    return spared, again, Buffer(roles=risky, probability_level_met_before=before, probability_level_met=after,
                                 extra_cost_usd=(body.total_cents - base.total_cents) / 100)


def _alternatives(loaded: LoadedScenario, problem: Problem, first: _PlanBody, more: int,
                  time_limit: float | None) -> list[Alternative]:
    """The next `more` best plans, each differing from every plan listed before in an exam or a hire."""
    from planner.solving import solve

    listed = [first.changes]
    out: list[Alternative] = []
    first_pairs = _pairs(first)
    for rank in range(2, more + 2):
        settings = replace(problem.settings, exclude=tuple(listed), whole_roster=True)
        other = build_problem(loaded, problem.level.id, problem.objective, settings=settings,
                              targets=list(problem.targets))
        solution = solve(other, time_limit=time_limit)
        if not solution.has_plan:
            break
        body = _plan_body(other, solution)
        pairs = _pairs(body)
        out.append(Alternative(
            rank=rank, total_new_exams=len(body.new_exams), total_cost_usd=body.total_cents / 100,
            new_exams=body.new_exams, hires=body.hires, assignments=body.assignments,
            adds=_minus(pairs, first_pairs), drops=_minus(first_pairs, pairs),
        ))
        listed.append(body.changes)
    return out


def _pairs(body: _PlanBody) -> list[str]:
    return [f"{e.person} {e.exam}" for e in body.new_exams] + [f"hire {h.profile}" for h in body.hires]


def _minus(items: list[str], taken: list[str]) -> list[str]:
    """`items` without `taken`, counting repeats: a second hire of a profile is an addition too."""
    left = list(taken)
    out = []
    for item in items:
        if item in left:
            left.remove(item)
        else:
            out.append(item)
    return out


def _why_not_reachable(loaded: LoadedScenario, problem: Problem, settings: PlanSettings, prune: bool) -> list[str]:
    """Plain reasons: the budget when it is what blocks the plan, else which slots cannot be filled."""
    from planner.solving import solve

    if settings.budget_cents is not None:
        unbounded = build_problem(loaded, problem.level.id, problem.objective, prune=prune,
                                  settings=replace(settings, budget_cents=None))
        free = solve(unbounded)
        if free.has_plan:
            body = _plan_body(unbounded, free)
            cheapest = solve(build_problem(loaded, problem.level.id, "cost", prune=prune,
                                           settings=replace(settings, budget_cents=None)))
            cost = _plan_body(unbounded, cheapest).total_cents if cheapest.has_plan else body.total_cents
            return [f"{problem.level.name} needs a plan costing at least {usd(cost / 100)}, "
                    f"{usd((cost - settings.budget_cents) / 100)} over the budget of "
                    f"{usd(settings.budget_cents / 100)}"]
    if settings.resilience > 0:
        plain = build_problem(loaded, problem.level.id, problem.objective, prune=prune,
                              settings=replace(settings, resilience=0))
        if solve(plain).has_plan:
            return [f"{problem.level.name} can be reached, but no plan keeps it after any "
                    f"{settings.resilience} of the people who count leave: there are not enough people "
                    "who can qualify for its slots"]
    everyone = build_problem(loaded, problem.level.id, problem.objective, prune=False,
                             settings=replace(settings, whole_roster=True))
    return infeasibility_reasons(everyone)


def _gate_fixes(gates: list[GateCheck], problem: Problem) -> list[Fix]:
    """The revenue still missing, and DPOR, when a gate fails."""
    out = []
    for g in gates:
        if g.gate.ok:
            continue
        if g.gate.name == "dpor":
            out.append(Fix(kind="dpor", option=0, change="become Digital Partner of Record (DPOR) for the customers whose "
                           "revenue counts"))
        elif g.gate.required_usd is None:
            continue  # no threshold in this market: no amount of revenue helps (the reason says so)
        else:
            out.append(Fix(kind="revenue", option=0, amount_usd=g.gate.gap_usd,
                           change=f"US${g.gate.gap_usd:,.0f} more {g.gate.name} in the trailing twelve months "
                           f"(the {problem.level.name} threshold is US${g.gate.required_usd:,.0f})"))
    return out


def _bound_words(bound: float, stage: str | None) -> str:
    if stage == "cost":
        return usd(bound)
    return f"{bound:g} new exam(s)"


def compare_row(file: str, loaded: LoadedScenario, level_id: str, objective: Objective, *,
                time_limit: float | None = None,
                targets: list[ResolvedTarget] | None = None) -> tuple[CompareRow, PlanReport]:
    """One scenario's line in a comparison (of one level, or of several targets), with the plan behind it."""
    report = plan(loaded, level_id, objective, time_limit=time_limit, targets=targets)
    revenue_gap = sum(g.gap_usd or 0.0 for g in report.gates if g.required_usd is not None)
    row = CompareRow(
        file=file, scenario=report.scenario, status=report.status, reachable=report.reachable,
        total_new_exams=report.total_new_exams if report.status != "infeasible" else None,
        total_cost_usd=report.total_cost_usd if report.status != "infeasible" else None,
        revenue_gap_usd=revenue_gap, people_used=len({a.person for a in report.assignments}),
    )
    return row, report


def best(loaded: LoadedScenario, budget_usd: float | None = None, objective: Objective = "exams", *,
         time_limit: float | None = None) -> BestReport:
    """The highest level reachable within the budget, its plan, and how far short the next level up falls."""
    from planner.solving import solve

    started = time.perf_counter()
    scenario, catalog = loaded.scenario, loaded.catalog
    budget = budget_usd if budget_usd is not None else scenario.policy.budget_usd
    reached: PlanReport | None = None
    above = None
    for level in catalog.levels:  # listed from the lowest level up
        report = plan(loaded, level.id, objective, time_limit=time_limit, budget_usd=budget, fixes=False)
        if report.reachable:
            reached = report
            continue
        above = level
        break
    next_level: NextLevel | None = None
    if above is not None:
        settings = PlanSettings(resilience=scenario.policy.resilience)
        # "any budget": budget_usd=None would fall back to policy.budget_usd, so plan without it
        unbudgeted = replace(loaded, scenario=scenario.model_copy(update={"policy": scenario.policy.model_copy(
            update={"budget_usd": None})}))
        cheapest = plan(unbudgeted, above.id, "cost", time_limit=time_limit, budget_usd=None, fixes=False,
                        resilience=scenario.policy.resilience)
        filled = None
        if budget is not None:
            # slots, not spares: with resilience > 0 the model demands every slot plus K spares, so a
            # budget short of that would count as filling no slot at all
            most = solve(build_problem(loaded, above.id, objective, settings=replace(
                settings, budget_cents=round(budget * 100), fill_most_slots=True, resilience=0)),
                time_limit=time_limit)
            filled = len(most.fills) if most.has_plan else 0
        gates = level_gates(above, scenario.organization, catalog.id)
        reasons = [g.reason for g in gates if g.reason]
        cost = cheapest.total_cost_usd if cheapest.status in ("optimal", "feasible") else None
        if cheapest.status == "infeasible":
            reasons = cheapest.reasons
        next_level = NextLevel(
            level=above.id, slots=above.total_slots, slots_filled_within_budget=filled,
            open_slots=None if filled is None else above.total_slots - filled,
            cheapest_cost_usd=cost,
            extra_usd_needed=None if cost is None or budget is None else round(max(0.0, cost - budget), 2),
            gates=[g.gate for g in gates], reasons=reasons,
        )
    return BestReport(
        scenario=scenario.name, competency=catalog.id, budget_usd=budget, objective=objective,
        best_level=reached.level if reached else None, plan=reached, next_level=next_level,
        stats={"total_seconds": round(time.perf_counter() - started, 4)},
    )
