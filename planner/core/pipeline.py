"""The one planning path: request -> problem (profiles, pruning) -> model -> staged solve -> plan ->
re-check -> explanations.

Every planning request goes through `run`. A single level is a request with one goal; several goals (or
a competency with several options) are the same request with more goals. Every mode (budget,
resilience, alternatives, calendar, buffer, the time and risk objectives, fixes, the path and odds)
is a setting of the request, so each works with every other and with any number of goals.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from models.catalog import Catalog
from models.report import (
    Alternative,
    Assignment,
    Buffer,
    Fix,
    Gate,
    Hire,
    NewExam,
    PlannedAlone,
    PlanReport,
    Resilience,
    Saving,
    ScheduledExam,
    ScoreStanding,
    TargetPlan,
)
from models.scenario import Person, Scenario
from planner.core.problem import Candidate, Goal, Objective, PlanSettings, Problem, RoleSpec, build_problem
from planner.errors import InternalError
from planner.explain.path import (
    expected_cost_usd,
    goals_path,
    metric_counts,
    probability_all_pass,
    probability_goals_met,
)
from planner.input.loading import LoadedScenario, ResolvedTarget
from planner.rules.domain import GateCheck, due, exam_cost_parts, level_gates, renewal_cost_parts, usd
from planner.rules.scoring import score_standing

if TYPE_CHECKING:
    from planner.core.solving import Solution

MAX_FACTS = 6  # facts named in one sentence; the fixes list the cheapest ones to change
FIXES_SECONDS = 10.0  # how long the search for blocking facts and fixes may take without --time-limit
Differ = Literal["people", "exams"]


@dataclass(frozen=True)
class PlanRequest:
    """What to reach and how: the goals (one or more), the objective and every mode's setting.

    `budget_usd` and `resilience` of None mean the scenario's policy."""

    goals: tuple[ResolvedTarget, ...]
    objective: Objective = "exams"
    budget_usd: float | None = None
    resilience: int | None = None
    alternatives: int = 1
    alternatives_differ: Differ = "people"
    schedule: bool = False
    buffer: bool = False
    time_limit: float | None = None
    fixes: bool = True
    prune: bool = True
    alone: bool = True  # with several goals, also plan each goal alone (what planning together saves)
    explain: bool = True  # say why a plan is out of reach (best skips it for a level it only tests)


class Clock:
    """The time limit of a whole run: building and every solve share it."""

    def __init__(self, limit: float | None) -> None:
        self.limit = limit
        self.started = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def left(self) -> float | None:
        """Seconds left (None: no limit)."""
        return None if self.limit is None else max(0.0, self.limit - self.elapsed())

    @property
    def expired(self) -> bool:
        left = self.left()
        return left is not None and left <= 0


def run(loaded: LoadedScenario, request: PlanRequest) -> PlanReport:
    """Plan the request, re-check the plan independently, and explain it."""
    clock = Clock(request.time_limit)
    budget, k, settings = _settings(loaded.scenario, request)
    problem = build_problem(loaded, request.goals[0].level, request.objective, prune=request.prune,
                            settings=settings, targets=list(request.goals))
    built = clock.elapsed()
    solution = _solve(problem, clock)
    buffer_info: Buffer | None = None
    if request.buffer and solution.has_plan:
        problem, solution, buffer_info = _with_spares(loaded, problem, solution, clock)
    body = plan_body(problem, solution) if solution.has_plan else _PlanBody()
    alone = _plan_alone(loaded, request, budget, k, clock) if _several_targets(request) else []
    outcome = _Outcome(status=solution.status)
    views = _goal_views(problem, solution, body, alone)
    outcome.reasons += [n for t in request.goals for n in t.notes if n not in outcome.reasons]
    for view in views:
        outcome.reasons += [view.prefix + g.reason for g in view.gates if g.reason]
        outcome.reasons += view.left_out
    if body.new_exams or body.hires or solution.status == "infeasible":
        outcome.reasons += _lost_by_the_deadline(loaded, views)
    if solution.has_plan:
        outcome.bound = _proven_bound(solution, outcome.reasons)
        if k > 0:
            outcome.resilience = _resilience_cost(loaded, problem, body, clock)
        if request.alternatives > 1:
            outcome.alternatives = _alternatives(loaded, problem, body, request, clock)
    elif solution.status == "infeasible":
        if request.explain:
            outcome.reasons = _why_not(loaded, problem, settings, request, alone, clock) + outcome.reasons
        if request.fixes:
            outcome.fixes = _solver_fixes(loaded, problem, request, clock, outcome.reasons)
    else:
        outcome.reasons.insert(0, _not_found_in_time(request.time_limit, clock.elapsed(), built))
    if request.fixes and outcome.status != "unknown":
        outcome.fixes += [f for view in views for f in _gate_fixes(view)]
    if k > 0 and outcome.resilience is None:
        outcome.resilience = Resilience(k=k)
    report = _report(loaded, request, problem, solution, body, views, alone, outcome, budget, buffer_info)
    report.stats.update({**problem.stats, **solution.stats, "build_seconds": round(built, 4),
                         "total_seconds": round(clock.elapsed(), 4)})
    if len(request.goals) > 1 or _labelled(problem):
        report.stats.update({"targets": len(request.goals), "goals": len(problem.goals)})
    if report.status != "unknown":
        _refuse_unsound(_recheck(loaded.scenario, request, report))
    return report


# ---- the request's settings ------------------------------------------------------------------------------

def _settings(scenario: Scenario, request: PlanRequest) -> tuple[float | None, int, PlanSettings]:
    """The budget and resilience (the request's, else the scenario's policy) and the plan's settings."""
    budget = request.budget_usd if request.budget_usd is not None else scenario.policy.budget_usd
    k = request.resilience if request.resilience is not None else scenario.policy.resilience
    settings = PlanSettings(budget_cents=None if budget is None else round(budget * 100), resilience=k,
                            schedule=request.schedule or request.objective == "time",
                            extra_plans=max(0, request.alternatives - 1),
                            differ=request.alternatives_differ)
    return budget, k, settings


def _several_targets(request: PlanRequest) -> bool:
    return len(request.goals) > 1 and request.alone


def _labelled(problem: Problem) -> bool:
    """Several goals, or a competency with options: the plan's slots name their target."""
    return len(problem.targets) > 1 or any(len(t.catalog.option_catalogs()) > 1 for t in problem.targets)


def _solve(problem: Problem, clock: Clock) -> Solution:
    from planner.core.solving import Solution, solve  # ortools is imported only by commands that solve

    if clock.expired:
        return Solution("unknown", stats={"stopped": "time limit before solving"})
    return solve(problem, time_limit=clock.left())


# ---- the plan's pieces -----------------------------------------------------------------------------------

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


@dataclass
class _Outcome:
    status: str
    reasons: list[str] = field(default_factory=list)
    bound: float | None = None
    resilience: Resilience | None = None
    alternatives: list[Alternative] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)


def plan_body(problem: Problem, solution: Solution) -> _PlanBody:
    """The solver's decisions as report pieces; hires get the ids hire-1, hire-2, ... in order."""
    scenario = problem.scenario
    shown: dict[str, str] = {}
    names: dict[str, str | None] = {}
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
    for candidate in problem.people:
        names[candidate.id] = candidate.person.name
    new_exams = []
    order = problem.exam_order
    for person, option in sorted(solution.takes, key=lambda t: (t[0].index, order[t[1].exam])):
        fee, hours, rate = (renewal_cost_parts(scenario, person.person) if option.renewal
                            else exam_cost_parts(scenario, person.person, option.exam))
        new_exams.append(NewExam(person=shown.get(person.id, person.id), exam=option.exam,
                                 cost_usd=option.cost_cents / 100, name=names.get(person.id),
                                 fee_usd=fee, prep_hours=hours, hourly_rate_usd=rate,
                                 renewal=True if option.renewal else None))
        total += option.cost_cents
    assignments, spares = _slot_holders(problem, solution, shown)
    changes = frozenset({(p.id, o.key) for p, o in solution.takes}
                        | {(p.id, "hire") for p in solution.hires})
    return _PlanBody(new_exams, hires, assignments, total, changes, hire_people,
                     _schedule(problem, solution, shown), spares)


def _slot_holders(problem: Problem, solution: Solution, shown: dict[str, str]
                  ) -> tuple[list[Assignment], list[Assignment]]:
    """The slot holders, and the spares (people who qualify without a slot, with resilience or a buffer)."""
    order = problem.exam_order
    planned = {(p.index, o.exam) for p, o in solution.takes}
    role_rank = {spec.key: i for i, spec in enumerate(problem.roles)}
    labelled = _labelled(problem)

    def assignment(person: Candidate, spec: RoleSpec) -> Assignment:
        exams = []
        for _, codes in spec.lists:
            mine = [c for c in codes if c in person.held or (person.index, c) in planned]
            exams.append(min(mine, key=lambda c: (c not in person.held, order.get(c, 1 << 30))))
        return Assignment(person=shown.get(person.id, person.id), role=spec.id, exams=exams,
                          target=problem.goals[spec.goal].target if labelled else None,
                          name=person.person.name)

    def by_role(f: tuple[Candidate, RoleSpec]) -> tuple[int, int]:
        return role_rank[f[1].key], f[0].index

    assignments = [assignment(p, spec) for p, spec in sorted(solution.fills, key=by_role)]
    filling = {p.index for p, _ in solution.fills}
    spares = [assignment(p, spec) for p, spec in sorted(solution.qualifies, key=by_role)
              if p.index not in filling and (problem.settings.resilience or problem.settings.spares)]
    return assignments, spares


def _schedule(problem: Problem, solution: Solution, shown: dict[str, str]) -> list[ScheduledExam]:
    order = problem.exam_order
    booked = [(p, o) for p, o in solution.takes if (p.index, o.key) in solution.months]
    booked.sort(key=lambda t: (solution.months[t[0].index, t[1].key], t[0].index, order[t[1].exam]))
    return [ScheduledExam(person=shown.get(p.id, p.id), exam=o.exam,
                          month=problem.months[solution.months[p.index, o.key]]) for p, o in booked]


# ---- each goal's view of the plan -------------------------------------------------------------------------

@dataclass
class _GoalView:
    """One target as the plan meets it: the option chosen, its gates, its slot holders and exams."""

    target: ResolvedTarget
    goal: Goal
    gates: list[GateCheck]
    prefix: str
    left_out: list[str]
    assignments: list[Assignment]
    new_exams: list[NewExam]
    alone: PlanReport | None

    @property
    def gates_ok(self) -> bool:
        return all(g.gate.ok for g in self.gates)


def _goal_views(problem: Problem, solution: Solution, body: _PlanBody,
                alone: list[PlanReport]) -> list[_GoalView]:
    scenario = problem.scenario
    several = len(problem.targets) > 1
    views = []
    for t_index, target in enumerate(problem.targets):
        goals = problem.goals_of(t_index)
        chosen = [g for g in goals if g.index in solution.chosen] if solution.has_plan else []
        goal = chosen[0] if chosen else goals[0]
        gates = level_gates(goal.level, scenario.organization, goal.catalog.id)
        prefix = f"{target.label}: " if several else ""
        planned = {g.catalog.option_id for g in goals}
        left_out = []
        for option in target.catalog.option_catalogs():  # left out because its gates fail (plan_goals)
            if option.option_id not in planned:
                failing = [g.reason for g in level_gates(option.level(target.level), scenario.organization,
                                                         option.id) if g.reason]
                left_out.append(f"{prefix}option {option.option} is not planned, as its gates fail: "
                                + "; ".join(failing))
        mine = [a for a in body.assignments if a.target in (None, target.label)]
        spares = [a for a in body.spares if a.target in (None, target.label)]
        uses = {(a.person, e) for a in mine + spares for e in a.exams}
        new = [e for e in body.new_exams if (e.person, e.exam) in uses]
        views.append(_GoalView(target, goal, gates, prefix, left_out, mine, new,
                               alone[t_index] if alone else None))
    return views


def _lost_by_the_deadline(loaded: LoadedScenario, views: list[_GoalView]) -> list[str]:
    """Why a goal met today still needs a plan: the passes that stop counting and the leavers that cost
    it a slot before the deadline (planner.explain.standing)."""
    from planner.explain.standing import deadline_losses

    return [view.prefix + sentence for view in views
            for sentence in deadline_losses(loaded, view.target.catalog, view.target.level)]


def _plan_alone(loaded: LoadedScenario, request: PlanRequest, budget: float | None, k: int,
                clock: Clock) -> list[PlanReport]:
    """Each goal planned on its own, through this same pipeline, for what planning together saves."""
    out = []
    for target in request.goals:
        single = replace(request, goals=(target,), budget_usd=budget, resilience=k, alternatives=1,
                         fixes=False, buffer=False, time_limit=clock.left(), alone=False)
        out.append(run(loaded, single))
    return out


# ---- the report ------------------------------------------------------------------------------------------

def _report(loaded: LoadedScenario, request: PlanRequest, problem: Problem, solution: Solution,
            body: _PlanBody, views: list[_GoalView], alone: list[PlanReport], outcome: _Outcome,
            budget: float | None, buffer_info: Buffer | None) -> PlanReport:
    scenario = loaded.scenario
    first = views[0]
    labelled = _labelled(problem)
    several = len(views) > 1
    gates: list[Gate] = [g.gate.model_copy(update={"name": f"{v.target.label}/{g.gate.name}"}) if several
                         else g.gate for v in views for g in v.gates]
    odds = _odds(loaded, problem, body, views) if solution.has_plan else {}
    return PlanReport(
        scenario=scenario.name, competency=first.target.competency, level=first.target.level,
        as_of=scenario.as_of, deadline=due(scenario), objective=request.objective,
        status=outcome.status,  # type: ignore[arg-type]
        reachable=solution.has_plan and all(v.gates_ok for v in views),
        gates=gates, new_exams=body.new_exams, total_new_exams=sum(not e.renewal for e in body.new_exams),
        total_renewals=sum(bool(e.renewal) for e in body.new_exams) or None,
        scores=_scores(problem, body, views) if solution.status != "unknown" else None,
        total_cost_usd=body.total_cents / 100, assignments=body.assignments, spares=body.spares,
        reasons=outcome.reasons, hires=body.hires, budget_usd=budget, resilience=outcome.resilience,
        alternatives=outcome.alternatives, fixes=outcome.fixes, objective_bound=outcome.bound,
        alternatives_differ=(request.alternatives_differ if request.alternatives > 1 and solution.has_plan
                             else None),
        buffer=buffer_info, **odds,
        rules_revision=first.goal.catalog.revision,
        option=(first.goal.option if solution.has_plan or not labelled else None),
        targets=[_target_plan(v, solution) for v in views] if labelled else [],
        saving=_saving(body, views) if solution.has_plan and several else None,
        stats={},
    )


def _scores(problem: Problem, body: _PlanBody, views: list[_GoalView]) -> list[ScoreStanding] | None:
    """Each scored goal's points on the deadline with the plan carried out (planner.rules.scoring)."""
    scored = [v for v in views if v.goal.scored]
    if not scored:
        return None
    scenario = problem.scenario
    return [score_standing(view.target.label, view.goal.level, scenario.organization,
                           metric_counts(scenario, view.goal.catalog, view.goal.level, body.new_exams,
                                         body.hire_people))
            for view in scored]


def _target_plan(view: _GoalView, solution: Solution) -> TargetPlan:
    single = view.alone
    has = single is not None and single.status in ("optimal", "feasible")
    return TargetPlan(
        target=view.target.label, competency=view.target.competency, level=view.target.level,
        option=(view.goal.option if solution.has_plan else None), rules_revision=view.goal.catalog.revision,
        reachable=solution.has_plan and view.gates_ok, gates=[g.gate for g in view.gates],
        assignments=view.assignments, new_exams=view.new_exams,
        alone=None if single is None else PlannedAlone(
            status=single.status, total_new_exams=single.total_new_exams if has else None,
            total_cost_usd=single.total_cost_usd if has else None),
    )


def _saving(body: _PlanBody, views: list[_GoalView]) -> Saving | None:
    """What planning the goals together saves against planning each alone (None: some has no plan alone)."""
    alone = [v.alone for v in views]
    if not all(a is not None and a.status in ("optimal", "feasible") for a in alone):
        return None
    alone_exams = sum(a.total_new_exams for a in alone if a is not None)
    alone_cost = round(sum(a.total_cost_usd for a in alone if a is not None), 2)
    serving = Counter((e.person, e.exam) for v in views for e in v.new_exams)
    return Saving(planned_alone_new_exams=alone_exams, planned_alone_cost_usd=alone_cost,
                  new_exams_saved=alone_exams - sum(not e.renewal for e in body.new_exams),
                  saving_usd=round(alone_cost - body.total_cents / 100, 2),
                  shared_exams=[f"{e.person} {e.exam}" for e in body.new_exams
                                if serving[(e.person, e.exam)] > 1])


def _odds(loaded: LoadedScenario, problem: Problem, body: _PlanBody, views: list[_GoalView]
          ) -> dict[str, Any]:
    """Schedule, path, levels met, and the chances of the plan, as PlanReport fields."""
    scenario = loaded.scenario
    people = {p.id: p for p in scenario.staff} | body.hire_people
    goals = [(v.target.label, v.goal.catalog, v.goal.level) for v in views]
    steps, met = goals_path(scenario, goals, body.new_exams, body.schedule, body.hire_people,
                            problem.exam_order, dated=problem.settings.schedule, labelled=_labelled(problem))
    hires_usd = sum(h.cost_usd for h in body.hires)
    return {
        "schedule": body.schedule, "path": steps, "levels_met": met,
        "probability_all_pass": probability_all_pass(scenario, people, body.new_exams),
        "probability_level_met": probability_goals_met(scenario, goals, body.new_exams, body.hire_people),
        "expected_cost_usd": expected_cost_usd(scenario, people, body.new_exams, hires_usd),
    }


def _recheck(scenario: Scenario, request: PlanRequest, report: PlanReport) -> list[str]:
    """The independent validator's problems with the report (one entry point for every mode)."""
    from planner import validation

    goals = [(t.label, t.catalog, t.level) for t in request.goals]
    return validation.recheck(scenario, goals, report)


def _refuse_unsound(problems: list[str]) -> None:
    """A plan that fails its independent check is a bug: it is never printed as a plan."""
    if problems:
        raise InternalError(
            "the plan failed its independent check (" + "; ".join(problems[:3]) + "). This is a bug in "
            "the planner: please report it with the scenario file attached."
        )


# ---- modes on top of the plan ----------------------------------------------------------------------------

def _rebuild(loaded: LoadedScenario, problem: Problem, objective: Objective | None = None,
             **changes: object) -> Problem:
    """The same request's problem with some settings changed."""
    return build_problem(loaded, problem.targets[0].level, objective or problem.objective,
                         prune=problem.pruned, settings=replace(problem.settings, **changes),  # type: ignore[arg-type]
                         targets=list(problem.targets))


def _with_spares(loaded: LoadedScenario, problem: Problem, solution: Solution, clock: Clock
                 ) -> tuple[Problem, Solution, Buffer]:
    """Add a spare person for every slot kind whose new exams can be failed, where that raises the odds."""
    scenario = loaded.scenario
    base = plan_body(problem, solution)
    can_fail = {person.index for person, option in solution.takes if option.pass_rate < 1.0}
    risky = sorted({spec.key for person, spec in solution.fills if person.index in can_fail},
                   key=[s.key for s in problem.roles].index)
    goals = _chosen_goals(problem, solution)
    before = probability_goals_met(scenario, goals, base.new_exams, base.hire_people)
    unchanged = Buffer(roles=[], probability_level_met_before=before, probability_level_met=before,
                       extra_cost_usd=0.0)
    if not risky:
        return problem, solution, unchanged
    spared = _rebuild(loaded, problem, spares=tuple(risky))
    again = _solve(spared, clock)
    if not again.has_plan:
        return problem, solution, unchanged
    body = plan_body(spared, again)
    after = probability_goals_met(scenario, _chosen_goals(spared, again), body.new_exams, body.hire_people)
    if before is not None and after is not None and after <= before:
        return problem, solution, unchanged
    specs = {s.key: s for s in problem.roles}
    labelled = _labelled(problem)
    shown = [f"{problem.goals[specs[key].goal].target}/{specs[key].id}" if labelled else specs[key].id
             for key in risky]
    return spared, again, Buffer(roles=shown, probability_level_met_before=before,
                                 probability_level_met=after,
                                 extra_cost_usd=(body.total_cents - base.total_cents) / 100)


def _chosen_goals(problem: Problem, solution: Solution) -> list[tuple[str, Catalog, object]]:
    return [(g.target, g.catalog, g.level) for g in problem.goals if g.index in solution.chosen]


def _resilience_cost(loaded: LoadedScenario, problem: Problem, body: _PlanBody, clock: Clock) -> Resilience:
    """What surviving departures adds, against the same plan without resilience."""
    plain = _solve(_rebuild(loaded, problem, resilience=0, extra_plans=0), clock)
    if not plain.has_plan:
        return Resilience(k=problem.settings.resilience)
    without = plan_body(problem, plain)
    return Resilience(k=problem.settings.resilience,
                      extra_new_exams=(sum(not e.renewal for e in body.new_exams)
                                       - sum(not e.renewal for e in without.new_exams)),
                      extra_cost_usd=(body.total_cents - without.total_cents) / 100)


def _alternatives(loaded: LoadedScenario, problem: Problem, first: _PlanBody, request: PlanRequest,
                  clock: Clock) -> list[Alternative]:
    """The next best plans, each a different plan from every plan listed before (see
    model.differ_from_listed_plans), over the same pruned problem (see problem.py)."""
    listed = [first.changes]
    out: list[Alternative] = []
    first_pairs = _pairs(first)
    for rank in range(2, request.alternatives + 1):
        if clock.expired:
            break
        other = replace(problem, settings=replace(problem.settings, exclude=tuple(listed)))
        solution = _solve(other, clock)
        if not solution.has_plan:
            break
        body = plan_body(other, solution)
        pairs = _pairs(body)
        views = _goal_views(other, solution, body, [])
        out.append(Alternative(
            rank=rank, total_new_exams=sum(not e.renewal for e in body.new_exams),
            total_cost_usd=body.total_cents / 100,
            new_exams=body.new_exams, hires=body.hires, assignments=body.assignments,
            adds=_minus(pairs, first_pairs), drops=_minus(first_pairs, pairs),
            total_renewals=sum(bool(e.renewal) for e in body.new_exams) or None,
            scores=_scores(other, body, views),
        ))
        listed.append(body.changes)
    return out


def _pairs(body: _PlanBody) -> list[str]:
    return ([f"{e.person} {e.exam}{' (renewal)' if e.renewal else ''}" for e in body.new_exams]
            + [f"hire {h.profile}" for h in body.hires])


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


# ---- why not, and fixes ----------------------------------------------------------------------------------

def _why_not(loaded: LoadedScenario, problem: Problem, settings: PlanSettings, request: PlanRequest,
             alone: list[PlanReport], clock: Clock) -> list[str]:
    """Plain reasons: a goal that cannot be met even alone, the budget or resilience when they are what
    blocks the plan, else which slots cannot be filled (per option for a competency with options), or
    for a scored level which metrics fall short and the most points the roster can score."""
    blocked = [f"{t.label} cannot be met even on its own: {a.reasons[0] if a.reasons else 'no plan exists'}"
               for t, a in zip(request.goals, alone, strict=False) if a.status == "infeasible"]
    if blocked:
        return blocked
    limits = _binding_limits(loaded, problem, settings, clock)
    if limits:
        return limits
    if len(problem.targets) > 1:
        return [_sharing_reason(problem, settings)]
    if _labelled(problem):  # one target of a competency with options: each option's own reasons
        return _options_reasons(loaded, problem, request, clock)
    from planner.explain.reasons import best_counts, infeasibility_reasons, scored_reasons

    everyone = _rebuild(loaded, problem, whole_roster=True, budget_cents=settings.budget_cents)
    if everyone.goals and everyone.goals[0].scored:  # the most points the roster can score, and why short
        most = _rebuild(loaded, problem, fill_most_slots=True, budget_cents=None,  # pruned, as `best` is
                        resilience=0, extra_plans=0, spares=(), exclude=())
        return scored_reasons(everyone, best_counts(most, clock.left()))
    return infeasibility_reasons(everyone)


def _binding_limits(loaded: LoadedScenario, problem: Problem, settings: PlanSettings,
                    clock: Clock) -> list[str]:
    """The budget (with, for a scored level, the most points within it), or resilience, when the goals can
    be met without it."""
    from planner.explain.reasons import score_within_budget

    name = _goals_name(problem)
    if settings.budget_cents is not None:
        cheapest = _solve(_rebuild(loaded, problem, "cost", budget_cents=None, extra_plans=0), clock)
        if cheapest.has_plan:
            cost = (sum(o.cost_cents for _, o in cheapest.takes)
                    + sum(p.hire_cost_cents for p in cheapest.hires))
            return [f"{name} needs a plan costing at least {usd(cost / 100)}, "
                    f"{usd((cost - settings.budget_cents) / 100)} over the budget of "
                    f"{usd(settings.budget_cents / 100)}"
                    + score_within_budget(loaded, problem, clock.left())]
    without = _rebuild(loaded, problem, resilience=0, extra_plans=0) if settings.resilience > 0 else None
    if without is not None and _solve(without, clock).has_plan:
        what = "qualify to keep its points" if problem.goals[0].scored and len(problem.targets) == 1 else (
            "qualify for its slots")
        return [f"{name} can be reached, but no plan keeps it after any {settings.resilience} of the people "
                f"who count leave: there are not enough people who can {what}"]
    return []


def _goals_name(problem: Problem) -> str:
    if len(problem.targets) > 1:
        return " and ".join(t.label for t in problem.targets)
    return problem.level.name


def _sharing_reason(problem: Problem, settings: PlanSettings) -> str:
    limits = []
    if problem.one_gold_per_person and sum(1 for t in problem.targets if t.level == "gold") > 1:
        limits.append("a person counts toward at most one Gold competency (policy.one_gold_per_person)")
    if settings.budget_cents is not None:
        limits.append(f"the budget is {usd(settings.budget_cents / 100)}")
    if any(p.max_new is not None for p in problem.people):
        limits.append("some people may take only a few new exams (max_new_exams)")
    return ("each target can be met on its own, but not all of them together with the same staff"
            + (": " + "; ".join(limits) if limits else ""))


def _options_reasons(loaded: LoadedScenario, problem: Problem, request: PlanRequest,
                     clock: Clock) -> list[str]:
    """One target of a competency with options: why each option fails, each planned alone."""
    target = problem.targets[0]
    out = []
    for goal in problem.goals:
        option = replace(target, catalog=goal.catalog, notes=())
        single = run(replace(loaded, catalog=goal.catalog, notes=()),
                     replace(request, goals=(option,), alternatives=1, fixes=False, buffer=False,
                             time_limit=clock.left(), alone=False))
        why = "; ".join(single.reasons[:2]) if single.reasons else "no plan exists"
        out.append(f"option {goal.catalog.option} ({goal.option}) cannot be met: {why}")
    return out


def _solver_fixes(loaded: LoadedScenario, problem: Problem, request: PlanRequest, clock: Clock,
                  reasons: list[str]) -> list[Fix]:
    """The facts that block the plan together (added to the reasons) and the cheapest fixes (none when a
    scored level's organization.metrics figures alone keep it out of reach: no change to the staff helps)."""
    from planner.explain.fixes import TimeBox, blocking_facts, propose_fixes, searchable
    from planner.explain.reasons import beyond_exams

    if beyond_exams(problem):
        return []
    left = clock.left()
    seconds = left if left is not None else FIXES_SECONDS
    core = blocking_facts(loaded, problem, TimeBox(seconds / 2))
    box = TimeBox(seconds / 2)
    if core:
        shown = "; ".join(core[:MAX_FACTS]) + (
            f"; and {len(core) - MAX_FACTS} more facts of these kinds" if len(core) > MAX_FACTS else "")
        reasons.insert(1, f"even with every other limit lifted, these facts together keep "
                       f"{_goals_name(problem)} out of reach: {shown}")
    proposed = propose_fixes(loaded, problem, box)
    if not searchable(problem):
        reasons.append("the search for the facts behind this and for the cheapest fixes is tried on "
                       "rosters of up to 3,000 people; this one is larger")
    elif box.left() <= 0 or box.cut:
        reasons.append("the search for fixes stopped at its time limit; the fixes listed (if any) are "
                       "the best found so far")
    return proposed


def _gate_fixes(view: _GoalView) -> list[Fix]:
    """The revenue still missing, and DPOR, when a gate of a goal fails."""
    out = []
    name = view.goal.level.name
    for g in view.gates:
        if g.gate.ok:
            continue
        if g.gate.name == "dpor":
            out.append(Fix(kind="dpor", option=0, change=f"{view.prefix}become Digital Partner of Record "
                           "(DPOR) for the customers whose revenue counts"))
        elif g.gate.required_usd is None:
            continue  # no threshold in this market: no amount of revenue helps (the reason says so)
        elif g.gate.gap_usd is not None:
            out.append(Fix(kind="revenue", option=0, amount_usd=g.gate.gap_usd,
                           change=f"{view.prefix}US${g.gate.gap_usd:,.0f} more {g.gate.name} in the trailing "
                           f"twelve months (the {name} threshold is US${g.gate.required_usd:,.0f})"))
    return out


# ---- limits ----------------------------------------------------------------------------------------------

def _proven_bound(solution: Solution, reasons: list[str]) -> float | None:
    """With a plan not proven best (time limit): the proven bound, and a reason saying so."""
    if solution.status == "optimal" and solution.cut_stage:
        reasons.append(f"the time limit stopped the tie-break ({solution.cut_stage}) before it finished: "
                       "this plan is proven best by the objective, but another equally good plan may be "
                       "shown without --time-limit")
    if solution.status != "feasible":
        return None
    if solution.bound is None:
        reasons.append("the solver stopped at the time limit before proving this plan the best by the "
                       f"objective ({solution.bound_stage})")
        return None
    bound = solution.bound / 100 if solution.bound_stage == "cost" else solution.bound
    exams = f"{bound:g} new exam{'s' if bound != 1 else ''}"
    words = usd(bound) if solution.bound_stage == "cost" else exams
    reasons.append("the solver stopped at the time limit before proving this plan the best for the "
                   "objective; "
                   f"no plan can be better than {words}")
    return bound


def _not_found_in_time(time_limit: float | None, elapsed: float, built: float) -> str:
    limit = f"the {time_limit:g} s time limit" if time_limit is not None else "the time limit"
    building = time_limit is not None and built >= time_limit
    where = " (it ran out while the model was being built)" if building else ""
    return f"no plan was found within {limit}{where}; try a longer --time-limit"
