"""Closing the tail of a plan pruned by what the best plan can afford (planner/core/bounded.py).

Once the objective stages are proven with the tail, planner/core/solving.py asks `close_the_tail` what
follows: when the optimum takes the tail, more people for the model; when a plan of the model's people
alone reaches it, it is the whole roster's optimum, and the people of the tail who could still be in the
best plan join the model (solved again, the optimum known: `KnownOptimum`); when nobody can, every count of
the tail is fixed at 0, and so is everything of the people in the model who cannot be in the best plan or
not toward a role (bounded.py, 1. and 2.), and the tie-break is solved on the rest (`live_tie_breaks`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planner.core.bounded import CostBound, KnownOptimum
from planner.core.cpsat import cp_model, set_hint
from planner.core.model import Decisions, Stage, cost_of_changes, number_of_changes, tie_break_stages


@dataclass(frozen=True)
class Closed:
    """What closing the tail gave: people to add to the model (none: closed, the stages go on), with the
    optimum when it is proven; or `stopped` by the time limit."""

    widen: frozenset[int] = frozenset()
    known: KnownOptimum | None = None
    stopped: bool = False


def close_the_tail(model: cp_model.CpModel, solver: cp_model.CpSolver, d: Decisions, optimum: dict[str, int],
                   more_time: Callable[[], bool]) -> Closed:
    """After the objective stages, whose optima are `optimum` (the solver holds the last stage's plan, or
    none when they were known): see the module docstring."""
    problem, tail = d.problem, d.tail
    bound = problem.bound
    assert bound is not None
    if problem.known is None and tail is not None and any(solver.value(v) for v in tail.take.values()):
        without = _without_the_tail(model, solver, d, more_time)
        if without is not None:
            return without
    changes, cost = _changes_and_cost(d, solver, optimum)
    inside = {p.index for p in problem.people}
    widen = frozenset(bound.who_could_be_in(inside, changes, cost))
    if widen:
        return Closed(widen, _known(d, solver, optimum) if problem.known is None else problem.known)
    for var in tail.variables() if tail is not None else ():
        model.add(var == 0)
    _nobody_where_the_best_plan_has_nobody(model, d, bound, changes, cost)
    return Closed()


def _without_the_tail(model: cp_model.CpModel, solver: cp_model.CpSolver, d: Decisions,
                      more_time: Callable[[], bool]) -> Closed | None:
    """The objective's optimum reached with the tail: whether a plan of the model's people alone reaches it
    too (None: it does, and the solver holds it), else more people, or the time limit."""
    tail, bound = d.tail, d.problem.bound
    assert tail is not None and bound is not None
    if not more_time():
        return Closed(stopped=True)
    model.minimize(tail.changes())
    if solver.solve(model) != cp_model.OPTIMAL:
        return Closed(stopped=True)
    if solver.value(tail.changes()):  # the optimum takes the tail: its cheapest people join the model
        used = {(tail.tails[g].group, key): int(solver.value(var)) for (g, key), var in tail.take.items()
                if solver.value(var)}
        return Closed(widen=frozenset(bound.next_guess({p.index for p in d.problem.people}, used)))
    return None


def _nobody_where_the_best_plan_has_nobody(model: cp_model.CpModel, d: Decisions, bound: CostBound,
                                           changes: int, cost: int) -> None:
    """Every variable of someone who cannot be in the best plan is 0, and so is everyone's place in a role
    they cannot count toward in it."""
    for person in d.problem.people:
        if not bound.could_be_in(person.index, changes, cost):
            for var in d.of_person(person):
                model.add(var == 0)
            continue
        for spec in d.problem.roles:
            if _dead(bound, person.index, spec.key, changes, cost):
                model.add(d.fill[person.index, spec.key] == 0)


def live_tie_breaks(d: Decisions, optimum: dict[str, int], solver: cp_model.CpSolver) -> list[Stage]:
    """The tie-break stages once the tail is closed: without the people and places known to be empty."""
    bound = d.problem.bound
    assert bound is not None
    changes, cost = _changes_and_cost(d, solver, optimum)
    return tie_break_stages(d, lambda i, key: _dead(bound, i, key, changes, cost))


def hint_the_known_plan(model: cp_model.CpModel, d: Decisions) -> None:
    """Solved again with more people: the plan found before (theirs, with nobody new) as the hint."""
    known = d.problem.known
    if known is None:
        return
    tail = d.tail.variables() if d.tail is not None else ()
    set_hint(model, [*((var, (i, key) in known.takes) for (i, key), var in d.take.items()),
                     # (a bounded plan's qualifies are its fills)
                     *((var, (i, key) in known.fills) for (i, key), var in d.fill.items()),
                     *((var, (i, cid) in known.earns) for (i, cid), var in d.earn.items()),
                     *((var, 0) for var in tail)])


def _dead(bound: CostBound, position: int, role: str, changes: int, cost: int) -> bool:
    """Whether the person at this roster position is known not to count toward the role in the best plan:
    not in it at all, or with `slots` of the role's free qualifiers before them (bounded.py, 1.)."""
    limit = bound.thresholds[role]
    return (limit is not None and position > limit) or not bound.could_be_in(position, changes, cost)


def _changes_and_cost(d: Decisions, solver: cp_model.CpSolver, optimum: dict[str, int]) -> tuple[int, int]:
    """The best plan's changes and cost: the objective stages' optima (or the solver's plan's figures)."""
    changes, cost = optimum.get("exams"), optimum.get("cost")
    if changes is None:
        changes = int(solver.value(number_of_changes(d)))
    if cost is None:
        cost = int(solver.value(cost_of_changes(d)))
    return changes, cost


def _known(d: Decisions, solver: cp_model.CpSolver, optimum: dict[str, int]) -> KnownOptimum:
    """The optimum and the model's plan that reaches it (the solver's current solution)."""
    def on(var: cp_model.IntVar) -> bool:
        return bool(solver.value(var))

    return KnownOptimum(tuple(optimum.items()),
                        frozenset(k for k, var in d.take.items() if on(var)),
                        frozenset(k for k, var in d.fill.items() if on(var)),
                        frozenset(k for k, var in d.earn.items() if on(var)))
