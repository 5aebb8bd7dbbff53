"""Rules that only spare the solver plans the tie-break never ends on: each keeps the canonical best plan
(planner/core/model.objective_stages) and cuts plans that differ from a cheaper or equal one only in who
does what. Listed in planner/core/model.py's HARD_RULES with the others (see also its
alike_people_fill_slots_in_roster_order)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.core.cpsat import cp_model

if TYPE_CHECKING:
    from planner.core.model import Decisions
    from planner.core.problem import Candidate, Problem, RoleSpec


def the_cheaper_of_two_alike_takes_the_dearer_share(model: cp_model.CpModel, d: Decisions,
                                                      problem: Problem) -> None:
    """Of two people alike but for what their options cost (what they hold, the options they have, their
    limit), the one paying no more for any option takes new exams worth at least as much of the other's
    extra cost: with d(e) what e costs the dearer one more, d over the cheaper one's exams is at least d
    over the dearer one's.

    Were it less, swapping their changes and places would cost strictly less at the same exams and points:
    no best plan does so (where d is 0 it says nothing: alike_people_fill_slots_in_roster_order orders
    them). Stated for a plan pruned by what the best plan can afford (planner/core/bounded.py), judged on
    its exams and cost only (no calendar, risk, alternatives or whole roster): its model keeps people
    alike but for their rate."""
    if problem.bound is None:
        return
    groups: dict[tuple[object, ...], list[Candidate]] = {}
    for person in problem.people:
        if person.is_hire:
            continue
        options = tuple(sorted(o.key for o in person.options))
        groups.setdefault((person.held, options, person.max_new), []).append(person)
    for members in groups.values():
        ranked = sorted(members, key=lambda p: (sum(o.cost_cents for o in p.options), p.index))
        for cheaper, dearer in zip(ranked, ranked[1:], strict=False):
            mine = {o.key: o.cost_cents for o in cheaper.options}
            extra = {o.key: o.cost_cents - mine[o.key] for o in dearer.options}
            if min(extra.values(), default=0) < 0 or not any(extra.values()):
                continue  # not cheaper for every option, or alike in cost too
            model.add(sum(extra[k] * d.take.get((cheaper.index, k), 0) for k in extra)
                      >= sum(extra[k] * d.take.get((dearer.index, k), 0) for k in extra))



def nobody_counts_after_the_first_holders(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """Pruned by what the best plan can afford, nobody counts toward a role with `slots` people before them
    in the roster who hold its items already (planner/core/bounded.py, 1.), nor takes a new exam or is
    given a certification that serves only such roles: every such variable is 0 (the best plan has them
    all 0, and with the people of a large roster past most roles' first holders the model keeps only what
    could still count)."""
    bound = problem.bound
    if bound is None:
        return
    serving: dict[frozenset[str], frozenset[str]] = {}
    earned: dict[int, list[tuple[str, cp_model.IntVar]]] = {}
    by_id = problem.certifications.by_id
    for (i, cid), earn in d.earn.items():
        earned.setdefault(i, []).append((by_id[cid].item, earn))
    for person in problem.people:
        closed = closed_roles(problem, person)
        if not closed:
            continue
        useful = may_serve(problem, person, serving)
        assert useful is not None
        outside = [*(var for option, var in d.takes_of(person) if option.exam not in useful),
                   *(earn for item, earn in earned.get(person.index, ()) if item not in useful)]
        for var in [*outside, *(d.fill[person.index, key] for key in closed)]:
            model.add(var == 0)


def closed_roles(problem: Problem, person: Candidate) -> frozenset[str]:
    """The roles a person of a plan pruned by what the best plan can afford never counts toward: those with
    `slots` people before them holding their items already (none without the bound)."""
    bound = problem.bound
    if bound is None:
        return frozenset()
    return frozenset(spec.key for spec in problem.roles
                     if (limit := bound.thresholds[spec.key]) is not None and person.index > limit)


def may_serve(problem: Problem, person: Candidate, known: dict[frozenset[str], frozenset[str]]
              ) -> frozenset[str] | None:
    """The exams and certifications whose changes nobody_counts_after_the_first_holders leaves open to a
    person (None: every one): the model has no variable for the others, 0 in every plan it could end on.
    `known`: the sets worked out so far, by closed roles (many people share them)."""
    closed = closed_roles(problem, person)
    if not closed:
        return None
    if closed not in known:
        known[closed] = frozenset(_serving(problem, [s for s in problem.roles if s.key not in closed]))
    return known[closed]


def _serving(problem: Problem, roles: list[RoleSpec]) -> set[str]:
    """Every exam and certification that can help someone hold an item of these roles' lists."""
    rules = problem.certifications
    return {part for spec in roles for _, codes in spec.lists for item in codes
            for part in (rules.footprint(item) if rules else {item})}


SYMMETRY_RULES = [the_cheaper_of_two_alike_takes_the_dearer_share, nobody_counts_after_the_first_holders]
