"""When a level cannot be reached: the facts that make it impossible, and the cheapest changes that fix it.

Found with the solver, not by special cases. Every fact the partner could change (a departure, a
`can_take` list, a `max_new_exams` cap, a hiring limit, the budget) becomes an assumption literal in a
copy of the model built over a scenario with all those facts lifted:

- the smallest set of facts that together make the level impossible is an infeasible core of those
  assumptions (CP-SAT's, on the copy without an objective), shrunk until every fact in it matters;
- the cheapest fix lifts as few facts as possible (then the fewest exams, then the lowest cost);
  further options must keep at least one fact of each option already proposed.

A later deadline is tried on its own: the days new exams open. Each proposed fix is re-checked by planning
the changed scenario again with the ordinary planner; a fix that does not re-plan is not proposed.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from models.report import Fix
from models.scenario import Person, Scenario
from planner.core.cpsat import cp_model  # CP-SAT without pandas (0.6 s less per command)
from planner.core.model import (
    Decisions,
    build_model,
    cost_of_changes,
    lexicographic_preference,
    number_of_changes,
)
from planner.core.problem import Candidate, Problem, build_problem
from planner.input.loading import LoadedScenario
from planner.rules.domain import called, due, usd

MAX_OPTIONS = 3
FIXES_SECONDS = 10.0  # the whole search for blocking facts and fixes stops after this long
MAX_FIXES_PEOPLE = 3000  # the search builds a model over the whole roster: beyond this it is not tried


class TimeBox:
    """A deadline shared by the solves of one search; each solve gets what is left of it."""

    def __init__(self, seconds: float = FIXES_SECONDS) -> None:
        self.end = time.perf_counter() + seconds
        self.cut = False  # a solve of the search ended without an answer: the time box ran out

    def left(self) -> float:
        return self.end - time.perf_counter()

    def solver(self) -> cp_model.CpSolver:
        solver = _solver()
        solver.parameters.max_time_in_seconds = max(0.01, self.left())
        return solver


def searchable(problem: Problem) -> bool:
    """Whether the roster is small enough for the solver-based search of facts and fixes."""
    return problem.counted + len(problem.leavers) + len(problem.scenario.hiring) <= MAX_FIXES_PEOPLE


@dataclass(frozen=True)
class Fact:
    """A fact of the scenario the partner could change, how to say it, and how to lift it."""

    kind: str
    person: str | None
    said: str  # the fact: "dave leaves on 2018-03-01"
    fix: str  # the change: "keep dave beyond 2018-06-30"
    lift: Callable[[Scenario], Scenario]
    hiring: int | None = None  # position in scenario.hiring, for a hiring limit


Replan = Callable[[Scenario, bool], tuple[int, float] | None]
"""Plan a changed scenario, keeping the budget (True) or raising it to what its cheapest plan costs
(False): (new exams, cost) of its plan, or None when it still has none. The pipeline gives one that plans
through `planner.core.pipeline.run`, so every re-plan is re-checked like any plan."""


def propose_fixes(loaded: LoadedScenario, problem: Problem, replan: Replan,
                  box: TimeBox | None = None) -> list[Fix]:
    """Cheapest changes that make the level's exam rules reachable, each verified by re-planning."""
    box = box or TimeBox()
    facts = _changeable_facts(loaded.scenario, problem)
    lifts = _cheapest_lifts(loaded, problem, facts, box) if searchable(problem) else []
    fixes: list[Fix] = []
    option = 0
    for chosen in lifts:
        verified = replan(_lifted(loaded.scenario, chosen), all(f.kind != "budget" for f in chosen))
        if verified is not None:
            option += 1
            fixes += [_fix(fact, option, verified, problem.settings.budget_cents) for fact in chosen]
    later = _later_deadline(loaded, problem, replan)
    if later is not None:
        fixes.append(_later_deadline_fix(problem, option + 1, *later))
    return fixes


def _lifted(scenario: Scenario, facts: list[Fact]) -> Scenario:
    """The scenario with these facts lifted."""
    for fact in facts:
        scenario = fact.lift(scenario)
    return scenario


def _fix(fact: Fact, option: int, verified: tuple[int, float], budget_cents: int | None) -> Fix:
    """A lifted fact as one change of a fix, with the re-planned plan's figures (a budget: how much more)."""
    change, amount = fact.fix, None
    if fact.kind == "budget" and budget_cents is not None:
        amount = round(verified[1] - budget_cents / 100, 2)
        change = f"raise the budget to {usd(verified[1])} ({usd(amount)} more)"
    return Fix(kind=fact.kind, option=option, change=change, person=fact.person,  # type: ignore[arg-type]
               amount_usd=amount, total_new_exams=verified[0], total_cost_usd=verified[1])


def _later_deadline_fix(problem: Problem, option: int, day: dt.date, verified: tuple[int, float]) -> Fix:
    """Moving the deadline to `day`, naming the exams that first open then."""
    opening = sorted({e.code for g in problem.goals for e in g.catalog.exams if e.first_take == day})
    return Fix(kind="later_deadline", option=option, deadline=day,
               change=f"move the deadline to {day}"
               + (f", when {' and '.join(opening)} can first be taken" if opening else ""),
               total_new_exams=verified[0], total_cost_usd=verified[1])


def blocking_facts(loaded: LoadedScenario, problem: Problem, box: TimeBox | None = None) -> list[str]:
    """The smallest set of changeable facts that together make the level impossible (empty if none do,
    or if the roster is too large or the time box runs out before an infeasible core is found)."""
    box = box or TimeBox()
    if not searchable(problem):
        return []
    facts = _changeable_facts(loaded.scenario, problem)
    r = _relaxed_model(loaded, problem, facts)
    model, literals = r.model, r.literals
    model.clear_objective()
    model.add_assumptions(literals)
    solver = box.solver()
    if solver.solve(model) != cp_model.INFEASIBLE:
        return []
    core = [lit for lit in literals if lit.index in set(solver.sufficient_assumptions_for_infeasibility())]
    for lit in list(core):  # shrink: drop every fact the rest still fails without
        if box.left() <= 0:
            break  # out of time: the core found so far is still a set of facts that block together
        trial = [x for x in core if x is not lit]
        model.clear_assumptions()
        model.add_assumptions(trial)
        if box.solver().solve(model) == cp_model.INFEASIBLE:
            core = trial
    by_index = {lit.index: fact for lit, fact in zip(literals, facts, strict=True)}
    return [by_index[lit.index].said for lit in core]


def _changeable_facts(scenario: Scenario, problem: Problem) -> list[Fact]:
    deadline = due(scenario)
    facts: list[Fact] = []
    words = problem.words
    for i, person in enumerate(scenario.staff):
        who = called(person, words)
        if person.leaves_on is not None and person.leaves_on <= deadline:
            facts.append(Fact("keep_person", person.id, f"{who} leaves on {person.leaves_on}",
                              f"keep {who} on staff past the deadline {deadline} ({who} is "
                              f"due to leave on {person.leaves_on})",
                              _edit_person(i, leaves_on=None)))
        if person.can_take is not None:
            allowed = ", ".join(person.can_take)
            facts.append(Fact("lift_can_take", person.id,
                              f"{who} may take only {allowed}" if allowed
                              else f"{who} may take no exams",
                              f"let {who} take any exam ("
                              + (f"can_take lists only {allowed})" if allowed else "can_take is empty)"),
                              _edit_person(i, can_take=None)))
        if person.max_new_exams is not None:
            cap = person.max_new_exams
            allowed = "no new exams" if cap == 0 else f"at most {cap} new exam{'s' if cap > 1 else ''}"
            facts.append(Fact("lift_max_new_exams", person.id, f"{who} may take {allowed}",
                              f"let {who} take {'new exams' if cap == 0 else 'more new exams'} "
                              f"(max_new_exams is {cap})",
                              _edit_person(i, max_new_exams=None)))
    for j, hp in enumerate(scenario.hiring):
        facts.append(Fact("hire", None, f"at most {hp.max} '{hp.profile}' can be hired",
                          f"allow hiring more '{hp.profile}' (up to {hp.max + problem.total_slots})",
                          _edit_hiring(j, problem.total_slots), hiring=j))
    if problem.settings.budget_cents is not None:
        facts.append(Fact("budget", None, f"the budget is {usd(problem.settings.budget_cents / 100)}",
                          "raise the budget", lambda s: s))  # lifted by the re-plan (Replan), not here
    return facts


def _edit_person(index: int, **changes: object) -> Callable[[Scenario], Scenario]:
    def lift(s: Scenario) -> Scenario:
        staff = list(s.staff)
        staff[index] = staff[index].model_copy(update=changes)
        return s.model_copy(update={"staff": staff})
    return lift


def _edit_hiring(index: int, extra: int) -> Callable[[Scenario], Scenario]:
    def lift(s: Scenario) -> Scenario:
        hiring = list(s.hiring)
        hiring[index] = hiring[index].model_copy(update={"max": hiring[index].max + extra})
        return s.model_copy(update={"hiring": hiring})
    return lift


@dataclass
class _Relaxed:
    """The model over the scenario with every fact lifted, each fact enforced by its own literal."""

    model: cp_model.CpModel
    literals: list[cp_model.IntVar]  # literal n true: fact n holds
    changes: cp_model.LinearExprT
    cost: cp_model.LinearExprT


def _relaxed_model(loaded: LoadedScenario, problem: Problem, facts: list[Fact]) -> _Relaxed:
    """Build the model with every fact lifted and one literal per fact that puts it back."""
    lifted = loaded.scenario
    for fact in facts:
        lifted = fact.lift(lifted)
    settings = replace(problem.settings, whole_roster=True, budget_cents=None, exclude=())
    relaxed = build_problem(replace(loaded, scenario=lifted), problem.targets[0].level,
                            problem.objective, settings=settings, targets=list(problem.targets))
    built = build_model(relaxed)
    ctx = _Lifted(built.model, built.decisions, relaxed, loaded.scenario, problem.settings.budget_cents,
                  {p.id: p for p in relaxed.people}, {p.id: p for p in loaded.scenario.staff})
    literals: list[cp_model.IntVar] = []
    for n, fact in enumerate(facts):
        lit = ctx.model.new_bool_var(f"fact[{n}:{fact.said}]")
        literals.append(lit)
        _put_back(fact, lit, ctx)
    d = built.decisions
    return _Relaxed(ctx.model, literals, number_of_changes(d), cost_of_changes(d))


@dataclass(frozen=True)
class _Lifted:
    """What putting a fact back needs: the model over the lifted scenario, and the original facts."""

    model: cp_model.CpModel
    d: Decisions
    relaxed: Problem
    original: Scenario
    budget_cents: int | None
    by_id: dict[str, Candidate]  # the relaxed problem's people
    staff: dict[str, Person]  # the original scenario's staff


def _put_back(fact: Fact, lit: cp_model.IntVar, ctx: _Lifted) -> None:
    """Enforce the fact when its literal is true: a leaver counts toward nothing, a person takes only
    what can_take allows and no more than max_new_exams, no more hires than allowed, the budget holds."""
    model, d = ctx.model, ctx.d
    person = ctx.by_id.get(fact.person or "")
    if person is not None:
        _put_back_for_person(fact, lit, ctx, person)
    elif fact.kind == "hire":
        allowed_hires = ctx.original.hiring[fact.hiring or 0].max
        mine = [p for p in ctx.relaxed.people if p.hire_profile == fact.hiring]
        for extra in mine[allowed_hires:]:
            model.add(d.hired[extra.index] == 0).only_enforce_if(lit)
    elif fact.kind == "budget" and ctx.budget_cents is not None:
        model.add(cost_of_changes(d) <= ctx.budget_cents).only_enforce_if(lit)


def _put_back_for_person(fact: Fact, lit: cp_model.IntVar, ctx: _Lifted, person: Candidate) -> None:
    model, d = ctx.model, ctx.d
    original = ctx.staff[person.id]
    if fact.kind == "keep_person":
        for spec in ctx.relaxed.roles:
            model.add(d.qualifies[person.index, spec.key] == 0).only_enforce_if(lit)
    elif fact.kind == "lift_can_take":
        allowed = set(original.can_take or ())
        for option, var in d.takes_of(person):
            if option.exam not in allowed:
                model.add(var == 0).only_enforce_if(lit)
    elif fact.kind == "lift_max_new_exams":
        cap = original.max_new_exams or 0
        model.add(sum(v for _, v in d.takes_of(person)) <= cap).only_enforce_if(lit)


def _cheapest_lifts(loaded: LoadedScenario, problem: Problem, facts: list[Fact],
                    box: TimeBox) -> list[list[Fact]]:
    """Up to MAX_OPTIONS sets of facts to lift: fewest facts, then fewest changes, then lowest cost,
    then the facts listed first (roster order). Each option keeps one fact of every earlier option."""
    if not facts:
        return []
    options: list[list[int]] = []
    for _ in range(MAX_OPTIONS):
        if box.left() <= 0:
            break
        r = _relaxed_model(loaded, problem, facts)
        for earlier in options:  # the next option keeps one fact of each earlier option
            r.model.add(sum(r.literals[n] for n in earlier) >= 1)
        chosen = _next_option(r, box)
        if not chosen:
            break  # nothing (more) to lift
        options.append(chosen)
    return [[facts[n] for n in chosen] for chosen in options]


def _next_option(r: _Relaxed, box: TimeBox) -> list[int] | None:
    """The facts to lift (by position) in the best option the relaxed model allows, stage by stage; None
    when there is none, or the time box stops a stage first (then `box.cut`)."""
    stages = [(sum(1 - lit for lit in r.literals), "min"), (r.changes, "min"), (r.cost, "min")]
    stages += [(expr, sense) for _, expr, sense in
               lexicographic_preference("earliest_facts", [1 - lit for lit in r.literals])]
    chosen: list[int] | None = None
    for expr, sense in stages:
        if sense == "min":
            r.model.minimize(expr)
        else:
            r.model.maximize(expr)
        solver = box.solver()
        code = solver.solve(r.model)
        if code != cp_model.OPTIMAL:
            box.cut = box.cut or code != cp_model.INFEASIBLE  # stopped by the time box, not done
            return None
        chosen = [n for n, lit in enumerate(r.literals) if not solver.value(lit)]
        r.model.add(expr == int(solver.value(expr)))  # the expression's value, not objective_value
    return chosen


def _later_deadline(loaded: LoadedScenario, problem: Problem, replan: Replan
                    ) -> tuple[dt.date, tuple[int, float]] | None:
    """The first day after the deadline on which a new exam opens and the level becomes reachable."""
    scenario = loaded.scenario
    days = sorted({e.first_take for g in problem.goals for e in g.catalog.exams
                   if e.first_take is not None and e.first_take > due(scenario)})
    for day in days:
        verified = replan(scenario.model_copy(update={"deadline": day}), True)
        if verified is not None:
            return day, verified
    return None


def _solver() -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    return solver
