"""The one planning path: request -> problem (profiles, pruning) -> model -> staged solve -> plan ->
re-check -> explanations.

Every planning request goes through `run`. A single level is a request with one goal; several goals (or
a competency with several options) are the same request with more goals. Every mode (budget,
resilience, alternatives, calendar, buffer, the time and risk objectives, fixes, the path and odds)
is a setting of the request, so each works with every other and with any number of goals.

`run` orchestrates: each stage is one named call. The plans behind an explanation (each goal alone, the
cheapest plan a budget blocks, the most points within it, each option alone, the fixes' re-plans) are
requests of their own, planned through `run` and re-checked like any plan. The pipeline finds facts
(figures, which limit binds); every sentence about them is built in planner.explain.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, cast

from models.catalog import Catalog
from models.certification import CertificationCatalog
from models.report import (
    Alternative,
    Buffer,
    Fix,
    Gate,
    OtherPlan,
    PlannedAlone,
    PlanReport,
    Resilience,
    Saving,
    ScoreStanding,
    TargetPlan,
    WithinBudget,
)
from models.scenario import Scenario
from planner.core.as_it_stands import met_as_it_stands
from planner.core.beside import Beside, may_fork
from planner.core.ended import ended_report
from planner.core.pieces import PlanBody, is_labelled, minus, plan_body
from planner.core.problem import Objective, PlanSettings, Problem, build_problem, widened
from planner.core.rechecked import read_the_roster_beside, recheck_report, refuse_unsound
from planner.core.request import Clock, PlanRequest
from planner.core.views import GoalView, goal_views, losses_by_target, lost_by_the_deadline
from planner.explain import out_of_reach
from planner.explain.gates import gate_fixes
from planner.explain.path import (
    expected_cost_usd,
    goals_path,
    metric_counts,
    probability_all_pass,
    probability_goals_met,
)
from planner.explain.time_limit import not_found_in_time, other_search_stopped, proof_reasons
from planner.input.loading import LoadedScenario
from planner.rules.catalogs import has_ended
from planner.rules.domain import due
from planner.rules.naming import catalog_names, certification_titles, report_names
from planner.rules.scoring import score_standing

if TYPE_CHECKING:
    from planner.core.solving import Solution

WITH_A_PLAN = ("optimal", "feasible")


@dataclass
class _Run:
    """What the stages of one run share: the scenario, the request, its clock, and its budget and
    resilience resolved against the scenario's policy into the plan's settings."""

    loaded: LoadedScenario
    request: PlanRequest
    clock: Clock
    budget: float | None
    k: int
    settings: PlanSettings
    built: float = 0.0  # seconds the problem took to build
    losses: dict[str, list[str]] | None = None  # each target's losses by the deadline, worked out beside
    stats: dict[str, object] = field(default_factory=dict)  # more figures for the report's stats
    read_beside: bool = False  # whether to read the roster beside the solve (read_the_roster_beside)
    reading: threading.Thread | None = None  # that reading, once started

    def start_reading(self) -> None:
        """The roster read beside the first solve (once its model is built: not to slow its building)."""
        if self.read_beside and self.reading is None:
            self.reading = read_the_roster_beside(self.loaded.scenario, self.request,
                                                  self.loaded.catalogs.certifications)

    def read_the_roster(self) -> None:
        if self.reading is not None:  # the reports read what it reads of the roster, once it is read
            self.reading.join()


def run(loaded: LoadedScenario, request: PlanRequest) -> PlanReport:
    """Plan the request, re-check the plan independently, and explain it."""
    r = _start(loaded, request)
    ended = [g for g in request.goals if has_ended(g.catalog, due(loaded.scenario))]
    if ended:
        return ended_report(loaded, request, r.budget, ended)
    # a plan of figures only whose goals are met as the roster stands: no problem to build, nothing to solve
    met = request.figures_only and met_as_it_stands(loaded, request.objective, r.settings,
                                                    list(request.goals), request.prune)
    started: list[_Alone | None] = []  # the plans alone beside this one, started once

    def start_alone() -> None:
        if not started:
            started.append(_alone_beside(r))

    try:
        # forked once the roster is read into profiles, before the pruning: the child's problems read that
        # pass (planner/core/profiles.py), the rest of the problem is the parent's alone
        problem = met[0] if met else build_problem(loaded, request.goals[0].level, request.objective,
                                                   prune=request.prune, settings=r.settings,
                                                   targets=list(request.goals), time_limit=r.clock.left(),
                                                   roster_read=start_alone)
        r.built = r.clock.elapsed()
        start_alone()  # (no roster was read: met as it stands, or the time limit)
        beside = started[0]
        r.read_beside = beside is not None and beside.forked  # the roster, read beside the first solve
        problem, solution, buffer_info = (problem, met[1], None) if met else _plan(r, problem)
        r.read_the_roster()
        body = plan_body(problem, solution) if solution.has_plan else PlanBody()
        other = _other_objective(r, problem, solution, body)  # while the plans alone may still run
        alone, r.losses = beside.result() if beside is not None else ([], None)
    finally:
        if started and started[0] is not None:
            started[0].cancel()
    views = goal_views(problem, solution, body, alone)
    outcome = _explain(r, problem, solution, body, views, alone, other)
    report = _report(r, problem, solution, body, views, outcome, buffer_info)
    _add_stats(report, r, problem, solution)
    if report.status != "unknown":
        refuse_unsound(recheck_report(loaded.scenario, request, report, loaded.catalogs.certifications))
    return report


# ---- the request's settings ------------------------------------------------------------------------------

def _start(loaded: LoadedScenario, request: PlanRequest) -> _Run:
    """The run's clock, budget and resilience (the request's, else the policy's) with the plan's settings."""
    clock = Clock(request.time_limit)
    policy = loaded.scenario.policy
    budget = request.budget_usd if request.budget_usd is not None else policy.budget_usd
    budget = None if request.any_budget else budget
    k = request.resilience if request.resilience is not None else policy.resilience
    settings = PlanSettings(budget_cents=None if budget is None else round(budget * 100), resilience=k,
                            schedule=request.schedule or request.objective == "time",
                            extra_plans=max(0, request.alternatives - 1),
                            differ=request.alternatives_differ, fill_most_slots=request.fill_most,
                            tie_break=not request.figures_only)
    return _Run(loaded, request, clock, budget, k, settings)


def _several_targets(request: PlanRequest) -> bool:
    return len(request.goals) > 1 and request.alone


def _solve(problem: Problem, clock: Clock, keep: bool = False, other: Literal["exams", "cost"] | None = None,
           work_limit: float | None = None, prior_work: float = 0.0,
           then_other: Callable[[Problem, Solution], object] | None = None,
           solving: Callable[[], object] | None = None) -> Solution:
    from planner.core.solving import Solution, solve  # ortools is imported only by commands that solve

    if clock.expired:
        stopped = problem.stats.get("stopped", "time limit before solving")
        return Solution("unknown", stats={"stopped": stopped})
    return solve(problem, time_limit=clock.left(), keep=keep, other=other, work_limit=work_limit,
                 prior_work=prior_work, then_other=then_other, solving=solving)


def _solve_widening(problem: Problem, clock: Clock, keep: bool = False,
                    other: Literal["exams", "cost"] | None = None, work_limit: float | None = None,
                    then_other: Callable[[Problem, Solution], object] | None = None,
                    solving: Callable[[], object] | None = None) -> tuple[Problem, Solution]:
    """Solve the problem, again with more people while the best plan may need people of its tail
    (planner/core/bounded.py); the problem last solved and its solution. `keep`, `other`, `work_limit`
    (each round's), `then_other` and `solving` (the first round's): as solve's."""
    solution = _solve(problem, clock, keep=keep, other=other, work_limit=work_limit, then_other=then_other,
                      solving=solving)
    rounds = 1
    while solution.widen:
        problem = widened(problem, solution.widen, solution.known)
        work = float(cast(float, solution.stats.get("deterministic_seconds", 0.0)))
        solution = _solve(problem, clock, keep=keep, other=other, work_limit=work_limit, prior_work=work,
                          then_other=then_other)
        rounds += 1
    if problem.bound is not None:
        solution.stats["rounds"] = rounds
    return problem, solution


def _plan(r: _Run, problem: Problem) -> tuple[Problem, Solution, Buffer | None]:
    """Solve the problem (again with more people while the best plan may need people of its tail:
    planner/core/bounded.py); with a buffer, add the spares that raise the odds (a problem of their own)."""
    other = r.request.other_objective
    problem, solution = _solve_widening(problem, r.clock, keep=other is not None, other=other,
                                        then_other=None if other is None else _checked_beside(r, other),
                                        solving=r.start_reading)
    if r.request.buffer and solution.has_plan:
        r.read_the_roster()  # the spares' odds read it too
        return _with_spares(r.loaded, problem, solution, r.clock)
    return problem, solution, None


def _add_stats(report: PlanReport, r: _Run, problem: Problem, solution: Solution) -> None:
    """The problem's and the solve's figures, and the run's time, in the report's stats."""
    report.stats.update({**problem.stats, **solution.stats, **r.stats, "build_seconds": round(r.built, 4),
                         "total_seconds": round(r.clock.elapsed(), 4)})
    if len(r.request.goals) > 1 or is_labelled(problem):
        report.stats.update({"targets": len(r.request.goals), "goals": len(problem.goals)})


_Alone = Beside[tuple[list[PlanReport], dict[str, list[str]] | None]]


def _alone_beside(r: _Run) -> _Alone | None:
    """With several targets, each planned alone (`_plan_alone`) beside the plan of them together: in a child
    process from now on (run: once the roster is read) when the machine has a core to spare
    (planner/core/beside.py), else when asked.
    Forked, the child also works out what each target loses by the deadline (for the reasons)."""
    if not _several_targets(r.request):
        return None
    fork = may_fork(len(r.loaded.scenario.staff))
    if fork:  # the solver's code and numpy loaded once, before the fork, not in both processes
        from planner.core.cpsat import load_solver
        load_solver()
    return Beside(lambda: _plan_alone(r, losses=fork), fork=fork)


def _plan_alone(r: _Run, losses: bool) -> tuple[list[PlanReport], dict[str, list[str]] | None]:
    """Each goal planned on its own, through this same pipeline, for what planning together saves. Only its
    figures are read (status, exams, cost, and the first reason of a goal that cannot be met even alone,
    which comes first), so it is planned without details: no odds, path or what resilience costs. With
    `losses`, what each goal loses by the deadline too (losses_by_target)."""
    out = []
    for target in r.request.goals:
        single = r.request.inside(goals=(target,), budget_usd=r.budget, resilience=r.k, alternatives=1,
                                  fixes=False, buffer=False, time_limit=r.clock.left(), alone=False,
                                  details=False, figures_only=True)
        out.append(run(r.loaded, single))
    return out, losses_by_target(r.loaded, r.request.goals, out) if losses else None


# ---- what the plan says beyond its pieces ----------------------------------------------------------------

@dataclass
class _Outcome:
    status: str
    reasons: list[str] = field(default_factory=list)
    bound: float | None = None
    resilience: Resilience | None = None
    alternatives: list[Alternative] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    other: OtherPlan | None = None  # the other objective's best plan, when it beats this one there
    within: WithinBudget | None = None  # several goals over the budget: the most of them it covers


def _explain(r: _Run, problem: Problem, solution: Solution, body: PlanBody, views: list[GoalView],
             alone: list[PlanReport], other: tuple[OtherPlan | None, list[str]]) -> _Outcome:
    """The reasons, bound, resilience, alternatives and fixes that go with the plan (or its absence);
    `other`: the other objective's plan and the reasons it gives (`_other_objective`)."""
    outcome = _Outcome(status=solution.status, reasons=_plan_reasons(r, solution, body, views))
    if solution.has_plan:
        _with_a_plan(r, problem, solution, body, outcome)
        outcome.other = other[0]
        outcome.reasons += other[1]
    elif solution.status == "infeasible":
        _without_a_plan(r, problem, alone, outcome)
    else:  # building stopped by the time limit (the problem, or the model in the solve) takes it all
        built = r.clock.elapsed() if solution.ran_out_building else r.built
        outcome.reasons.insert(0, not_found_in_time(r.request.time_limit, built))
    if r.request.fixes and outcome.status != "unknown":
        outcome.fixes += [f for v in views for f in gate_fixes(v.gates, v.goal.level.name, v.prefix)]
    if r.k > 0 and outcome.resilience is None:
        outcome.resilience = Resilience(k=r.k)
    return outcome


def _plan_reasons(r: _Run, solution: Solution, body: PlanBody, views: list[GoalView]) -> list[str]:
    """The goals' notes (the revision planned), each goal's failing gates and options left out, and (with
    details) why a goal met today still needs a plan."""
    reasons: list[str] = []
    reasons += [n for t in r.request.goals for n in t.notes if n not in reasons]
    for view in views:
        reasons += [view.prefix + g.reason for g in view.gates if g.reason]
        reasons += view.left_out
    if r.request.details and (body.new_exams or body.hires or solution.status == "infeasible"):
        reasons += lost_by_the_deadline(r.loaded, views, r.losses)
    return reasons


def _with_a_plan(r: _Run, problem: Problem, solution: Solution, body: PlanBody, outcome: _Outcome) -> None:
    """A plan's proven bound under a time limit, what its resilience costs, and its alternatives."""
    outcome.bound = solution.proven_bound
    outcome.reasons += proof_reasons(solution.status, solution.cut_stage, outcome.bound, solution.bound_stage)
    if r.k > 0 and r.request.details:
        outcome.resilience = _resilience_cost(r, body)
    if r.request.alternatives > 1:
        outcome.alternatives = _alternatives(r.loaded, problem, body, r.request, r.clock)


def _other_objective(r: _Run, problem: Problem, solution: Solution, body: PlanBody
                     ) -> tuple[OtherPlan | None, list[str]]:
    """When asked for: beside a fewest-exams plan the cheapest plan when it costs less, beside a cheapest plan
    the plan of the fewest changes when it has fewer: this plan's model solved again for the other objective
    (solving.solve_again: no second problem or model; a bounded plan's whose best plan needs people of its
    tail: a problem of its own), re-checked like any plan. Its search has a work limit (OTHER_WORK_TIMES): a
    plan not proven best is shown as such, a search stopped before it found one says so (the reasons
    returned). Asked for as soon as the plan is solved, before the plans alone in their child process are
    waited for: at 100,000 people its re-check (0.85 s) is done in that wait."""
    other = r.request.other_objective
    if other is None or solution.kept is None or r.clock.expired:
        return None, []
    started = time.perf_counter()
    problem, found = _other_solved(r, problem, solution, other, body.figure(other))
    answer = _other_answer(r, problem, found, body, other)
    r.stats["other_objective_seconds"] = round(time.perf_counter() - started, 4)
    return answer


def _other_answer(r: _Run, problem: Problem, found: Solution | None, body: PlanBody,
                  other: Literal["exams", "cost"]) -> tuple[OtherPlan | None, list[str]]:
    """The other objective's plan when it beats this one there (re-checked first), else none; a search stopped
    before it found one says so."""
    if found is None:
        return None, []  # proven: no plan beats this one there
    by_work = found.stats.get("stopped") == "work limit"
    if by_work:
        r.stats["other_objective_stopped"] = "work limit"
    if not found.has_plan:
        return None, [other_search_stopped(other, by_work)] if found.status == "unknown" else []
    checked = found.beside if isinstance(found.beside, _CheckedOther) else None
    its = checked.body if checked is not None else plan_body(problem, found)
    if its.figure(other) >= body.figure(other):
        return None, []  # the other objective's best plan does not beat this one there
    refuse_unsound(checked.problems if checked is not None else _recheck_other(r, problem, found, its, other))
    return OtherPlan(objective=other, total_new_exams=its.exams, total_cost_usd=its.total_cents / 100,
                     total_renewals=its.renewals,
                     total_hires=len(its.hires) or None, proven=found.status == "optimal"), []


def _other_solved(r: _Run, problem: Problem, solution: Solution, other: Literal["exams", "cost"], beat: int
                  ) -> tuple[Problem, Solution | None]:
    """The other objective's best plan beating `beat` there (None: none does), on the plan's own model, or
    as a problem of its own when it needs people of the plan's tail; with the problem it was solved on."""
    from planner.core.solving import TailNeeded, other_work, solve_again

    try:
        return problem, solve_again(problem, solution, other, beat, time_limit=r.clock.left())
    except TailNeeded:
        r.stats["other_objective_rebuilt"] = True
        return _solve_widening(_rebuild(r.loaded, problem, objective=other, clock=r.clock, tie_break=False),
                               r.clock, work_limit=other_work(solution))


@dataclass(frozen=True)
class _CheckedOther:
    """The other objective's plan read and re-checked in the thread that found it (`_checked_beside`)."""

    body: PlanBody
    problems: list[str]


def _checked_beside(r: _Run, other: Literal["exams", "cost"]) -> Callable[[Problem, Solution], _CheckedOther]:
    """_other_answer's reading and re-check of the other objective's plan, done in the thread that finds it,
    beside the tie-break (solving.solve's `then_other`; 100,000 people: the wait 0.50 s -> 0.25 s)."""
    def check(problem: Problem, found: Solution) -> _CheckedOther:
        r.read_the_roster()
        its = plan_body(problem, found)
        return _CheckedOther(its, _recheck_other(r, problem, found, its, other))

    return check


def _recheck_other(r: _Run, problem: Problem, found: Solution, its: PlanBody, objective: Objective
                   ) -> list[str]:
    """The validator's problems with the other objective's plan, reported as a plan of its own without
    details (its figures are all the headline reads)."""
    plain = replace(r, request=r.request.inside(objective=objective, details=False, alternatives=1))
    views = goal_views(problem, found, its, [])
    outcome = _Outcome(status=found.status, reasons=_plan_reasons(plain, found, its, views),
                       resilience=Resilience(k=r.k) if r.k > 0 else None)
    report = _report(plain, problem, found, its, views, outcome, None)
    return recheck_report(r.loaded.scenario, plain.request, report, r.loaded.catalogs.certifications)


def _without_a_plan(r: _Run, problem: Problem, alone: list[PlanReport], outcome: _Outcome) -> None:
    """Why there is no plan (before the other reasons), and the fixes that would give one."""
    if r.request.explain:
        outcome.reasons = _why_not(r, problem, alone) + outcome.reasons
    if r.request.fixes:
        outcome.fixes = _solver_fixes(r, problem, outcome.reasons)
    if r.request.goals_that_fit and r.budget is not None and _several_targets(r.request):
        outcome.within = _most_goals_within_budget(r)


def _most_goals_within_budget(r: _Run) -> WithinBudget | None:
    """Several goals the budget cannot cover together: the most of them it covers, planned with the
    request's settings and re-checked, and what each left out would add (planner.core.best_set.fitting,
    the question `best --budget` answers for several targets; each plan a request through `run`)."""
    from planner.core.best_set import fitting

    base = r.request.inside(budget_usd=r.budget, resilience=r.k, alternatives=1, buffer=False, fixes=False,
                            explain=False, alone=False, time_limit=r.clock.left())
    chosen, reached, rows = fitting(r.loaded, base, r.budget)
    if reached is None or len(chosen) == len(r.request.goals):
        return None
    return WithinBudget(targets=[g.label for g in chosen],
                        left_out=[g.label for g in r.request.goals if g not in chosen], plan=reached,
                        goals=rows)


# ---- the report ------------------------------------------------------------------------------------------

def _report(r: _Run, problem: Problem, solution: Solution, body: PlanBody, views: list[GoalView],
            outcome: _Outcome, buffer_info: Buffer | None) -> PlanReport:
    """The run's answer: the plan's pieces, each goal's view of them, and what goes with the plan."""
    scenario, request, first = r.loaded.scenario, r.request, views[0]
    has_plan = solution.has_plan
    labelled = is_labelled(problem)
    return PlanReport(
        scenario=scenario.name, competency=first.target.competency, level=first.target.level,
        as_of=scenario.as_of, deadline=due(scenario), objective=request.objective,
        status=outcome.status,  # type: ignore[arg-type]
        reachable=_meets_the_goals(r, solution) and all(v.gates_ok for v in views),
        gates=_top_level_gates(views), new_exams=body.new_exams,
        total_new_exams=body.exams,
        total_renewals=body.renewals,
        scores=_scores(problem, solution, body, views, r.loaded.catalogs.certifications),
        total_cost_usd=body.total_cents / 100, assignments=body.assignments, spares=body.spares,
        reasons=outcome.reasons, hires=body.hires, budget_usd=r.budget, resilience=outcome.resilience,
        alternatives=outcome.alternatives, fixes=outcome.fixes, objective_bound=outcome.bound,
        alternatives_differ=(request.alternatives_differ if request.alternatives > 1 and has_plan else None),
        buffer=buffer_info, **_odds(r, problem, solution, body, views),
        rules_revision=first.goal.catalog.revision,
        option=(first.goal.option if has_plan or not labelled else None),
        targets=[_target_plan(v, solution, _meets_the_goals(r, solution)) for v in views] if labelled else [],
        saving=_saving(body, views) if has_plan and len(views) > 1 else None,
        **_other_plan(request.objective, outcome.other), within_budget=outcome.within,
        stats={}, names=report_names([r.loaded.catalog, *(v.target.catalog for v in views)],
                                     r.loaded.catalogs.certifications),
    )


def _other_plan(objective: Objective, other: OtherPlan | None) -> dict[str, Any]:
    """The other objective's better plan as its PlanReport field: `cheaper` or `fewer_exams` ({}: none)."""
    if other is None:
        return {}
    return {"cheaper": other} if objective == "exams" else {"fewer_exams": other}


def _meets_the_goals(r: _Run, solution: Solution) -> bool:
    """Whether the plan claims to meet its goals' exam rules (a plan of the most slots claims none)."""
    return solution.has_plan and not r.request.fill_most


def _top_level_gates(views: list[GoalView]) -> list[Gate]:
    """Every goal's gates, named 'label/gate' when there are several goals."""
    several = len(views) > 1
    return [g.gate.model_copy(update={"name": f"{v.target.label}/{g.gate.name}"}) if several else g.gate
            for v in views for g in v.gates]


def _scores(problem: Problem, solution: Solution, body: PlanBody, views: list[GoalView],
            certifications: CertificationCatalog) -> list[ScoreStanding] | None:
    """Each scored goal's points on the deadline with the plan carried out (planner.rules.scoring), its
    certifications read from the scenario's certification catalog; none when the solve stopped without
    an answer."""
    scored = [v for v in views if v.goal.scored]
    if not scored or solution.status == "unknown":
        return None
    scenario = problem.scenario
    return [score_standing(view.target.label, view.goal.level, scenario.organization,
                           metric_counts(scenario, view.goal.catalog, view.goal.level, body.new_exams,
                                         body.hire_people, certifications), view.goal.catalog.id)
            for view in scored]


def _target_plan(view: GoalView, solution: Solution, meets: bool) -> TargetPlan:
    """One target's part of the plan (`meets`: the plan claims to meet the goals), with its plan alone."""
    single = view.alone
    has = single is not None and single.status in ("optimal", "feasible")
    return TargetPlan(
        target=view.target.label, competency=view.target.competency, level=view.target.level,
        option=(view.goal.option if solution.has_plan else None), rules_revision=view.goal.catalog.revision,
        reachable=meets and view.gates_ok, gates=[g.gate for g in view.gates],
        assignments=view.assignments, new_exams=view.new_exams,
        alone=None if single is None else PlannedAlone(
            status=single.status, total_new_exams=single.total_new_exams if has else None,
            total_cost_usd=single.total_cost_usd if has else None),
    )


def _saving(body: PlanBody, views: list[GoalView]) -> Saving | None:
    """What planning the goals together saves against planning each alone (None: some has no plan alone)."""
    alone = [v.alone for v in views]
    if not all(a is not None and a.status in ("optimal", "feasible") for a in alone):
        return None
    alone_exams = sum(a.total_new_exams for a in alone if a is not None)
    alone_cost = round(sum(a.total_cost_usd for a in alone if a is not None), 2)
    serving = Counter((e.person, e.exam) for v in views for e in v.new_exams)
    return Saving(planned_alone_new_exams=alone_exams, planned_alone_cost_usd=alone_cost,
                  new_exams_saved=alone_exams - body.exams,
                  saving_usd=round(alone_cost - body.total_cents / 100, 2),
                  shared_exams=[f"{e.person} {e.exam}" for e in body.new_exams
                                if serving[(e.person, e.exam)] > 1])


def _odds(r: _Run, problem: Problem, solution: Solution, body: PlanBody, views: list[GoalView]
          ) -> dict[str, Any]:
    """Schedule, path, levels met, and the chances of the plan, as PlanReport fields (none without a plan,
    without details, or for a plan of the most slots: it meets no goal to have odds of)."""
    if not (solution.has_plan and r.request.details) or r.request.fill_most:
        return {}
    scenario = r.loaded.scenario
    # whoever the plan gives a new exam is in the model: no need to index the whole roster
    people = {c.person.id: c.person for c in problem.people} | body.hire_people
    goals = [(v.target.label, v.goal.catalog, v.goal.level) for v in views]
    holders = {a.person for a in body.assignments}
    steps, met = goals_path(scenario, goals, body.new_exams, body.schedule, body.hire_people,
                            problem.exam_order, dated=problem.settings.schedule,
                            labelled=is_labelled(problem), certifications=r.loaded.catalogs.certifications,
                            spares=frozenset(a.person for a in body.spares if a.person not in holders))
    profiles = {h.id: h.profile for h in body.hires}
    steps = [s.model_copy(update={"hire": profiles[s.person]}) if s.exam is None else s for s in steps]
    hires_usd = sum(h.cost_usd for h in body.hires)
    return {
        "schedule": body.schedule, "path": steps, "levels_met": met,
        "probability_all_pass": probability_all_pass(scenario, people, body.new_exams),
        "probability_level_met": probability_goals_met(scenario, goals, body.new_exams, body.hire_people,
                                                       r.loaded.catalogs.certifications),
        "expected_cost_usd": expected_cost_usd(scenario, people, body.new_exams, hires_usd),
    }


# ---- modes on top of the plan ----------------------------------------------------------------------------

def _rebuild(loaded: LoadedScenario, problem: Problem, objective: Objective | None = None,
             clock: Clock | None = None, **changes: object) -> Problem:
    """The same request's problem with some settings changed (built within the `clock`'s time left)."""
    return build_problem(loaded, problem.targets[0].level, objective or problem.objective,
                         prune=problem.pruned, settings=replace(problem.settings, **changes),  # type: ignore[arg-type]
                         targets=list(problem.targets), time_limit=clock.left() if clock else None)


def _with_spares(loaded: LoadedScenario, problem: Problem, solution: Solution, clock: Clock
                 ) -> tuple[Problem, Solution, Buffer]:
    """Add a spare person for every slot kind whose new exams can be failed, where that raises the odds."""
    scenario = loaded.scenario
    base = plan_body(problem, solution)
    can_fail = {person.index for person, option in solution.takes if option.pass_rate < 1.0}
    risky = sorted({spec.key for person, spec in solution.fills if person.index in can_fail},
                   key=[s.key for s in problem.roles].index)
    goals = _chosen_goals(problem, solution)
    certifications = loaded.catalogs.certifications
    before = probability_goals_met(scenario, goals, base.new_exams, base.hire_people, certifications)
    unchanged = Buffer(roles=[], probability_level_met_before=before, probability_level_met=before,
                       extra_cost_usd=0.0)
    if not risky:
        return problem, solution, unchanged
    spared = _rebuild(loaded, problem, clock=clock, spares=tuple(risky))
    again = _solve(spared, clock)
    if not again.has_plan:
        return problem, solution, unchanged
    body = plan_body(spared, again)
    after = probability_goals_met(scenario, _chosen_goals(spared, again), body.new_exams, body.hire_people,
                                  certifications)
    if before is not None and after is not None and after <= before:
        return problem, solution, unchanged
    specs = {s.key: s for s in problem.roles}
    labelled = is_labelled(problem)
    shown = [f"{problem.goals[specs[key].goal].target}/{specs[key].id}" if labelled else specs[key].id
             for key in risky]
    return spared, again, Buffer(roles=shown, probability_level_met_before=before,
                                 probability_level_met=after,
                                 extra_cost_usd=(body.total_cents - base.total_cents) / 100)


def _chosen_goals(problem: Problem, solution: Solution) -> list[tuple[str, Catalog, object]]:
    return [(g.target, g.catalog, g.level) for g in problem.goals if g.index in solution.chosen]


def _resilience_cost(r: _Run, body: PlanBody) -> Resilience:
    """What surviving departures adds, against the same request without resilience (a plan of its own,
    through `run` and its re-check)."""
    plain = run(r.loaded, _figures_request(r, r.budget, resilience=0, buffer=r.request.buffer))
    if not _has_plan(plain):
        return Resilience(k=r.k)
    return Resilience(k=r.k, extra_new_exams=body.exams - plain.total_new_exams,
                      extra_cost_usd=round(body.total_cents / 100 - plain.total_cost_usd, 2))


def _alternatives(loaded: LoadedScenario, problem: Problem, first: PlanBody, request: PlanRequest,
                  clock: Clock) -> list[Alternative]:
    """The next best plans, each a different plan from every plan listed before (see
    model.differ_from_listed_plans), over the same pruned problem (see pruning.py)."""
    listed = [first.changes]
    out: list[Alternative] = []
    first_pairs = first.listed()
    for rank in range(2, request.alternatives + 1):
        if clock.expired:
            break
        other = replace(problem, settings=replace(problem.settings, exclude=tuple(listed)))
        solution = _solve(other, clock)
        if not solution.has_plan:
            break
        body = plan_body(other, solution)
        pairs = body.listed()
        views = goal_views(other, solution, body, [])
        out.append(Alternative(
            rank=rank, total_new_exams=body.exams,
            total_cost_usd=body.total_cents / 100,
            new_exams=body.new_exams, hires=body.hires, assignments=body.assignments,
            adds=minus(pairs, first_pairs), drops=minus(first_pairs, pairs),
            total_renewals=body.renewals,
            scores=_scores(other, solution, body, views, loaded.catalogs.certifications),
        ))
        listed.append(body.changes)
    return out


# ---- why not, and fixes ----------------------------------------------------------------------------------

def _why_not(r: _Run, problem: Problem, alone: list[PlanReport]) -> list[str]:
    """Plain reasons: a goal that cannot be met even alone, the budget or resilience when they are what
    blocks the plan, else which slots cannot be filled (per option for a competency with options), or
    for a scored level which metrics fall short and the most points the roster can score."""
    names = catalog_names(t.catalog for t in r.request.goals)
    blocked = [out_of_reach.blocked_alone(names.get(t.label, t.label), a.reasons)
               for t, a in zip(r.request.goals, alone, strict=False) if a.status == "infeasible"]
    if blocked:
        return blocked
    limits = _binding_limits(r, problem)
    if limits:
        return limits
    if len(problem.targets) > 1:
        return [_sharing_reason(problem, r.settings)]
    if is_labelled(problem):  # one target of a competency with options: each option's own reasons
        return _options_reasons(r, problem)
    return _roster_reasons(r, problem)


def _binding_limits(r: _Run, problem: Problem) -> list[str]:
    """The budget (with, for a scored level, the most points within it), or resilience, when the goals can
    be met without it."""
    name = _goals_name(problem)
    budget_cents = r.settings.budget_cents
    if budget_cents is not None:
        cheapest = _cheapest_plan(r)
        if _has_plan(cheapest):
            within = _score_within_budget(r, problem)
            cost_cents = round(cheapest.total_cost_usd * 100)
            return [out_of_reach.over_budget(name, cost_cents, budget_cents, within)]
    if r.k > 0 and _has_plan(run(r.loaded, _figures_request(r, r.budget, resilience=0))):
        return [out_of_reach.not_resilient(name, r.k, _one_scored_target(problem))]
    return []


def _score_within_budget(r: _Run, problem: Problem) -> str:
    """For one scored target: the most points its plan of the most points within the budget scores, in
    words ('' for any other goals)."""
    from planner.explain.out_of_reach import score_within_budget

    if not _one_scored_target(problem):
        return ""
    return score_within_budget(problem, _most_points_plan(r, r.budget))


def _roster_reasons(r: _Run, problem: Problem) -> list[str]:
    """Why the whole roster cannot meet the one goal: the slots too few people can fill, or for a scored
    level the metrics that fall short and the most points the roster can score at any budget."""
    from planner.explain.out_of_reach import best_counts, infeasibility_reasons, scored_reasons

    everyone = _rebuild(r.loaded, problem, whole_roster=True, budget_cents=r.settings.budget_cents)
    if everyone.goals and everyone.goals[0].scored:  # the most points the roster can score, and why short
        most = _most_points_plan(r, None)
        return scored_reasons(everyone, best_counts(most, problem.goals[0]),
                              certification_titles(r.loaded.catalogs.certifications))
    return infeasibility_reasons(everyone)


def _goals_name(problem: Problem) -> str:
    names = catalog_names(t.catalog for t in problem.targets)
    return out_of_reach.goals_name([names.get(t.label, t.label) for t in problem.targets], problem.level.name)


def _one_scored_target(problem: Problem) -> bool:
    """One target, of a scored level (the reasons then speak of its points)."""
    return len(problem.targets) == 1 and bool(problem.goals) and problem.goals[0].scored


def _sharing_reason(problem: Problem, settings: PlanSettings) -> str:
    """Each goal can be met alone but not together: which limits make them compete for the staff."""
    golds = sum(1 for t in problem.targets if t.level == "gold")
    return out_of_reach.cannot_share(problem.one_gold_per_person and golds > 1, settings.budget_cents,
                                any(p.max_new is not None for p in problem.people))


def _options_reasons(r: _Run, problem: Problem) -> list[str]:
    """One target of a competency with options: why each option fails, each planned alone."""
    target = problem.targets[0]
    out = []
    for goal in problem.goals:
        option = replace(target, catalog=goal.catalog, notes=())
        single = run(replace(r.loaded, catalog=goal.catalog, notes=()),
                     r.request.inside(goals=(option,), alternatives=1, fixes=False, buffer=False,
                                      time_limit=r.clock.left(), alone=False))
        out.append(out_of_reach.option_fails(goal.catalog.option, goal.option, single.reasons))
    return out


def _solver_fixes(r: _Run, problem: Problem, reasons: list[str]) -> list[Fix]:
    """The facts that block the plan together (added to the reasons) and the cheapest fixes, each re-planned
    through `run` (none when a scored level's organization.metrics figures alone keep it out of reach: no
    change to the staff helps). The search is bounded by deterministic work, and by the run's time limit
    only when it has one (planner/explain/fixes.py)."""
    from planner.explain.fixes import Effort, blocking_facts, propose_fixes, search
    from planner.explain.out_of_reach import beyond_exams

    if beyond_exams(problem):
        return []
    within = search(r.loaded, problem, Effort(seconds=r.clock.left()))
    core = blocking_facts(r.loaded, problem, within)
    if core:
        reasons.insert(1, out_of_reach.facts_together(_goals_name(problem), core))
    proposed = propose_fixes(r.loaded, problem, _replanner(r), within)
    if within.effort.cut:
        reasons.append(out_of_reach.search_stopped(within.effort.by_time))
    return proposed


# ---- the plans behind an explanation: requests of their own, through `run` --------------------------------

def _figures_request(r: _Run, budget: float | None, **changes: Any) -> PlanRequest:
    """The run's request as a plan only its figures are read from: one plan within exactly `budget` (None:
    none at all), with the run's resilience and calendar, no buffer, no plans alone, no reasons why not,
    no fixes, no details; the time left on the run's clock."""
    plain = r.request.inside(budget_usd=budget, any_budget=budget is None, resilience=r.k,
                             schedule=r.settings.schedule, alternatives=1, buffer=False, alone=False,
                             explain=False, fixes=False, details=False, time_limit=r.clock.left())
    return replace(plain, **changes)


def _has_plan(report: PlanReport) -> bool:
    return report.status in WITH_A_PLAN


def _cheapest_plan(r: _Run) -> PlanReport:
    """The cheapest plan of the goals at any budget (what a budget that blocks them falls short of)."""
    return run(r.loaded, _figures_request(r, None, objective="cost"))


def _most_points_plan(r: _Run, budget: float | None) -> PlanReport:
    """The plan of the most points (slots) within `budget` (None: any budget), pruned as `best` plans it."""
    return run(r.loaded, _figures_request(r, budget, fill_most=True, resilience=0))


Replan = Callable[[Scenario, bool], "tuple[int, float] | None"]


def fix_replanner(loaded: LoadedScenario, request: PlanRequest) -> Replan:
    """How the fix search re-plans a changed scenario for `request`: through `run` (see `_replan`)."""
    return _replanner(_start(loaded, request))


def _replanner(r: _Run) -> Replan:
    return lambda changed, keep_budget: _replan(r, changed, keep_budget)


def _replan(r: _Run, changed: Scenario, keep_budget: bool) -> tuple[int, float] | None:
    """A fix re-planned: the changed scenario planned through `run` (without a calendar, as the fixes are
    searched), keeping the budget or raising it to the cheapest plan's cost; (new exams, cost) of its
    plan (renewals cost but are not counted, as in total_new_exams), or None when it still has none."""
    loaded = replace(r.loaded, scenario=changed)
    request = _figures_request(r, r.budget if keep_budget else None, schedule=False, prune=True,
                               time_limit=None)
    if not keep_budget and r.budget is not None:
        # the budget is raised to the cheapest plan's cost, not lifted: without any budget, `exams`
        # would plan the fewest exams at whatever they cost and overstate the raise needed
        cheapest = run(loaded, replace(request, objective="cost"))
        if not _has_plan(cheapest):
            return None
        request = replace(request, budget_usd=cheapest.total_cost_usd, any_budget=False)
    again = run(loaded, request)
    return (again.total_new_exams, again.total_cost_usd) if _has_plan(again) else None
