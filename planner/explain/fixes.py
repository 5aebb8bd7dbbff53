"""When a level cannot be reached: the facts that make it impossible, and the cheapest changes that fix it.

Found with the solver, not by special cases. Every fact the partner could change (a departure, a
`can_take` list, a `max_new_exams` cap, a hiring limit, the budget) becomes an assumption literal in a
copy of the model built over a scenario with all those facts lifted, and over only the people who can
matter (planner/explain/relaxed.py says which, and proves that no answer changes):

- the facts that together make the level impossible are an infeasible core of those assumptions
  (CP-SAT's, on the copy without an objective), shrunk until every fact in it matters, with the facts of
  the people the pruning left out that could matter (they hold too);
- the cheapest fix lifts as few facts as possible (then the fewest exams, then the lowest cost, then the
  facts listed first); further options must keep at least one fact of each option already proposed.

A later deadline is tried on its own: the days new exams open. Each proposed fix is re-checked by planning
the changed scenario again with the ordinary planner; a fix that does not re-plan is not proposed.

The search is the same on any machine under any load: one CP-SAT worker with a fixed seed, and its work
bounded by CP-SAT's deterministic time (FIXES_WORK), never by the clock, unless the run has a time limit
(`--time-limit`), whose seconds left then bound it too.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from models.report import Fix
from models.scenario import Person, Scenario
from planner.core.cpsat import cp_model  # CP-SAT without pandas (0.6 s less per command)
from planner.core.model import lexicographic_preference
from planner.core.problem import Problem
from planner.explain.relaxed import CAN_TAKE, KEEP, MAX_NEW, Lift, Relaxation, Relaxed
from planner.input.loading import LoadedScenario
from planner.rules.domain import called, due, usd

MAX_OPTIONS = 3
FIXES_WORK = 120.0
"""CP-SAT's deterministic time (its measure of work, about a second each on a laptop) the whole search may
spend: a bound for rosters far beyond any measured (2,000 people who may take no new exam use about 0.5),
the same on any machine under any load."""


class Effort:
    """What the solves of one search may spend between them: FIXES_WORK of CP-SAT's deterministic time,
    and, only when the run has a time limit, the wall-clock seconds left of it."""

    def __init__(self, work: float | None = None, seconds: float | None = None) -> None:
        self.work = FIXES_WORK if work is None else work
        self.end = None if seconds is None else time.perf_counter() + seconds
        self.cut = False  # a solve of the search ended without an answer: the effort ran out
        self.by_time = False  # ... and it was the run's time limit that stopped it

    def _out_of_time(self) -> bool:
        return self.end is not None and time.perf_counter() >= self.end

    @property
    def spent(self) -> bool:
        return self.work <= 0 or self._out_of_time()

    def solve(self, relaxed: Relaxed, *, feasibility: bool = False
              ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        """Solve the relaxed model within what is left (UNKNOWN, and `cut`, when nothing is); `feasibility`:
        only whether it has a solution (the blocking facts' many small solves skip probing, which costs
        more than it saves there)."""
        solver = _solver(relaxed.problem)
        if feasibility:
            solver.parameters.cp_model_probing_level = 0
        status = cp_model.UNKNOWN
        if not self.spent:
            solver.parameters.max_deterministic_time = self.work
            if self.end is not None:
                solver.parameters.max_time_in_seconds = max(0.01, self.end - time.perf_counter())
            status = solver.solve(relaxed.model)
            self.work -= solver.deterministic_time
        if status in (cp_model.UNKNOWN, cp_model.FEASIBLE):
            self.cut = True
            self.by_time = self.by_time or self._out_of_time()
        return status, solver


class Fact:
    """A fact of the scenario the partner could change: how to lift it, and (worked out when asked, as a
    roster may have a fact for every person) how to say it and the change that lifts it."""

    __slots__ = ("lift", "person", "_words")

    def __init__(self, lift: Lift, person: str | None, words: _Words) -> None:
        self.lift, self.person, self._words = lift, person, words

    @property
    def kind(self) -> str:
        return self.lift.kind

    @property
    def position(self) -> int | None:
        """The person's position in the roster (None: a hiring limit, the budget)."""
        return self.lift.position

    @property
    def said(self) -> str:
        """The fact: "dave leaves on 2018-03-01"."""
        return self._words.said(self.lift)

    @property
    def fix(self) -> str:
        """The change: "keep dave on staff past the deadline 2018-06-30 (...)"."""
        return self._words.fix(self.lift)


@dataclass(frozen=True)
class _Words:
    """How the facts of one scenario are said."""

    scenario: Scenario
    problem: Problem

    def _who(self, lift: Lift) -> tuple[Person, str]:
        person = self.scenario.staff[lift.position or 0]
        return person, called(person, self.problem.words)

    def said(self, lift: Lift) -> str:
        if lift.kind == "hire":
            hp = self.scenario.hiring[lift.hiring or 0]
            return f"at most {hp.max} '{hp.profile}' can be hired"
        if lift.kind == "budget":
            return f"the budget is {usd((self.problem.settings.budget_cents or 0) / 100)}"
        person, who = self._who(lift)
        if lift.kind == KEEP:
            return f"{who} leaves on {person.leaves_on}"
        if lift.kind == CAN_TAKE:
            allowed = ", ".join(person.can_take or ())
            return f"{who} may take only {allowed}" if allowed else f"{who} may take no exams"
        cap = person.max_new_exams or 0
        return f"{who} may take {'no new exams' if cap == 0 else f'at most {cap} new exam' + 's' * (cap > 1)}"

    def fix(self, lift: Lift) -> str:
        if lift.kind == "hire":
            hp = self.scenario.hiring[lift.hiring or 0]
            return f"allow hiring more '{hp.profile}' (up to {hp.max + lift.extra_hires})"
        if lift.kind == "budget":
            return "raise the budget"  # lifted by the re-plan (Replan), worded by _fix
        person, who = self._who(lift)
        if lift.kind == KEEP:
            return (f"keep {who} on staff past the deadline {due(self.scenario)} ({who} is due to leave on "
                    f"{person.leaves_on})")
        if lift.kind == CAN_TAKE:
            allowed = ", ".join(person.can_take or ())
            return f"let {who} take any exam (" + (
                f"can_take lists only {allowed})" if allowed else "can_take is empty)")
        cap = person.max_new_exams or 0
        return f"let {who} take {'new exams' if cap == 0 else 'more new exams'} (max_new_exams is {cap})"


@dataclass
class Search:
    """One search's facts, and the relaxed models' shared part (the people as virtual people)."""

    facts: list[Fact]
    relaxation: Relaxation
    effort: Effort


def search(loaded: LoadedScenario, problem: Problem, effort: Effort | None = None) -> Search:
    """The facts of the scenario the partner could change, and what every relaxed model of the search
    shares."""
    facts = _changeable_facts(loaded.scenario, problem)
    return Search(facts, Relaxation(loaded, problem, [f.lift for f in facts]), effort or Effort())


Replan = Callable[[Scenario, bool], tuple[int, float] | None]
"""Plan a changed scenario, keeping the budget (True) or raising it to what its cheapest plan costs
(False): (new exams, cost) of its plan, or None when it still has none. The pipeline gives one that plans
through `planner.core.pipeline.run`, so every re-plan is re-checked like any plan."""


def propose_fixes(loaded: LoadedScenario, problem: Problem, replan: Replan,
                  within: Search | None = None) -> list[Fix]:
    """Cheapest changes that make the level's exam rules reachable, each verified by re-planning."""
    within = within or search(loaded, problem)
    fixes: list[Fix] = []
    option = 0
    for chosen in _cheapest_lifts(within):
        verified = replan(lifted(loaded.scenario, chosen), all(f.kind != "budget" for f in chosen))
        if verified is not None:
            option += 1
            fixes += [_fix(fact, option, verified, problem.settings.budget_cents) for fact in chosen]
    later = _later_deadline(loaded, problem, replan)
    if later is not None:
        fixes.append(_later_deadline_fix(problem, option + 1, *later))
    return fixes


def lifted(scenario: Scenario, facts: list[Fact]) -> Scenario:
    """The scenario with these facts lifted (one copy of the roster, however many facts)."""
    edits: dict[int, dict[str, object]] = {}
    hiring = list(scenario.hiring)
    for fact in facts:
        lift = fact.lift
        if lift.position is not None:
            edits.setdefault(lift.position, {}).update(lift.changes)
        elif lift.kind == "hire" and lift.hiring is not None:
            hp = hiring[lift.hiring]
            hiring[lift.hiring] = hp.model_copy(update={"max": hp.max + lift.extra_hires})
    update: dict[str, object] = {}
    if edits:
        staff = list(scenario.staff)
        for i, changes in edits.items():
            staff[i] = staff[i].model_copy(update=changes)
        update["staff"] = staff
    if any(a is not b for a, b in zip(hiring, scenario.hiring, strict=True)):
        update["hiring"] = hiring
    return scenario.model_copy(update=update) if update else scenario


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


def blocking_facts(loaded: LoadedScenario, problem: Problem, within: Search | None = None) -> list[str]:
    """Changeable facts that together make the level impossible, in roster order (empty if none do, or if
    the search's effort runs out before an infeasible core is found).

    Every fact of the people in the pruned model (and every hiring and budget fact) named matters: lifting
    it alone, the others held, makes the level reachable. With them come the facts of the people the pruning
    left out whose lifting could change what that person can do: they hold too, so that the set is true of
    the whole roster (planner/explain/relaxed.py); with a roster small enough to be the model, there are none,
    and the set is the smallest."""
    within = within or search(loaded, problem)
    r = within.relaxation.model()
    r.model.clear_objective()
    core = _smallest_core(r, within)
    named = {r.facts[n] for n in core}
    held = {p for n in named if (p := within.facts[n].position) is not None}
    named.update(within.relaxation.left_out_facts(r.people, held))
    return [within.facts[n].said for n in sorted(named)]


def _smallest_core(r: Relaxed, within: Search) -> list[int]:
    """The facts of an infeasible core of the model (positions in r.facts), CP-SAT's, shrunk until each
    fact in it matters (the core found so far if the effort runs out first); none when the model with
    every fact held is feasible, or its solve is cut."""
    effort = within.effort
    r.model.add_assumptions(r.literals)
    status, solver = effort.solve(r, feasibility=True)
    if status != cp_model.INFEASIBLE:
        return []
    found = set(solver.sufficient_assumptions_for_infeasibility())
    core = [n for n, lit in enumerate(r.literals) if lit.index in found]
    matters: set[tuple[object, ...]] = set()
    for n in list(core):  # shrink: drop every fact the rest still fails without
        alike = _alike_test(within, r.facts[n], {r.facts[m] for m in core})
        if alike in matters:
            continue  # an alike person's fact, tried as this one is now, mattered: so does this one
        trial = [m for m in core if m != n]
        r.model.clear_assumptions()
        r.model.add_assumptions([r.literals[m] for m in trial])
        if effort.solve(r, feasibility=True)[0] == cp_model.INFEASIBLE:
            core = trial
        elif effort.spent:
            break  # out of effort: the core found so far is still a set of facts that block together
        elif alike is not None:
            matters.add(alike)
    return core


def _alike_test(within: Search, n: int, held: set[int]) -> tuple[object, ...] | None:
    """What trying to drop fact n from the core tests, the same for people alike: the fact's kind, the
    person's group of alike people, and which of their earlier facts are lifted (not `held`); their later
    facts are all still held. If lifting an alike person's fact, tried the same way, made the level
    reachable, so does lifting this one: the two people swap, and every fact lifted then is lifted now
    (the core only shrinks). Without a budget held, people alike but for what things cost them are alike
    here. None for a hiring or budget fact, and over the whole roster."""
    position = within.facts[n].position
    if position is None:
        return None
    relaxation = within.relaxation
    budget = any(within.facts[m].kind == "budget" for m in held)
    group = (relaxation.group_of if budget else relaxation.able_alike).get(position)
    if group is None:
        return None  # a search over the whole roster tells no people alike
    lifted = frozenset(kind for kind, m in relaxation.of_person[position].items() if m < n and m not in held)
    return (budget, group, within.facts[n].kind, lifted)


LEAVE, ANY_EXAM, NO_CAP = (("leaves_on", None),), (("can_take", None),), (("max_new_exams", None),)


def _changeable_facts(scenario: Scenario, problem: Problem) -> list[Fact]:
    """Every fact the partner could change, people's in roster order (a departure before the deadline, a
    `can_take` list, a `max_new_exams` cap), then each hiring limit and the budget."""
    deadline = due(scenario)
    words = _Words(scenario, problem)
    facts: list[Fact] = []
    for i, person in enumerate(scenario.staff):
        if person.leaves_on is not None and person.leaves_on <= deadline:
            facts.append(Fact(Lift(KEEP, i, LEAVE), person.id, words))
        if person.can_take is not None:
            facts.append(Fact(Lift(CAN_TAKE, i, ANY_EXAM), person.id, words))
        if person.max_new_exams is not None:
            facts.append(Fact(Lift(MAX_NEW, i, NO_CAP), person.id, words))
    for j in range(len(scenario.hiring)):
        facts.append(Fact(Lift("hire", hiring=j, extra_hires=problem.total_slots), None, words))
    if problem.settings.budget_cents is not None:
        facts.append(Fact(Lift("budget"), None, words))
    return facts


def _cheapest_lifts(within: Search) -> list[list[Fact]]:
    """Up to MAX_OPTIONS sets of facts to lift: fewest facts, then fewest changes, then lowest cost,
    then the facts listed first (roster order). Each option keeps one fact of every earlier option."""
    if not within.facts:
        return []
    options: list[list[int]] = []
    for _ in range(MAX_OPTIONS):
        earlier = frozenset(p for chosen in options for n in chosen
                            if (p := within.facts[n].position) is not None)
        r = within.relaxation.model(earlier)
        literal = dict(zip(r.facts, r.literals, strict=True))
        for chosen in options:  # the next option keeps one fact of each earlier option
            r.model.add(sum(literal[n] for n in chosen) >= 1)
        found = _next_option(r, within.effort)
        if not found:
            break  # nothing (more) to lift
        options.append(found)
    return [[within.facts[n] for n in chosen] for chosen in options]


def _next_option(r: Relaxed, effort: Effort) -> list[int] | None:
    """The facts to lift (positions in the search's list) in the best option the relaxed model allows,
    stage by stage; None when there is none, or the effort runs out in a stage first (then `effort.cut`)."""
    stages = [(sum(1 - lit for lit in r.literals), "min"), (r.changes, "min"), (r.cost, "min")]
    stages += [(expr, sense) for _, expr, sense in
               lexicographic_preference("earliest_facts", [1 - lit for lit in r.literals])]
    chosen: list[int] | None = None
    for expr, sense in stages:
        if sense == "min":
            r.model.minimize(expr)
        else:
            r.model.maximize(expr)
        code, solver = effort.solve(r)
        if code != cp_model.OPTIMAL:
            return None
        chosen = [n for n, lit in zip(r.facts, r.literals, strict=True) if not solver.value(lit)]
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


def _solver(problem: Problem) -> cp_model.CpSolver:
    """One worker and a fixed seed (the same answer on every run), with the LP relaxation planner.core.solving
    gives models with Hall constraints or several goals."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    if problem.settings.resilience > 0 or problem.settings.spares or not problem.single_goal:
        solver.parameters.linearization_level = 2
    return solver
