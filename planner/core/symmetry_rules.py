"""Rules that only spare the solver plans the tie-break never ends on: each keeps the canonical best plan
(planner/core/model.objective_stages) and cuts plans that differ from a cheaper or equal one only in who
does what. Listed in planner/core/model.py's HARD_RULES with the others (see also its
alike_people_fill_slots_in_roster_order)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.core.cpsat import cp_model

if TYPE_CHECKING:
    from planner.core.model import Decisions
    from planner.core.problem import Candidate, Problem


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
            model.add(sum(extra[k] * d.take[cheaper.index, k] for k in extra)
                      >= sum(extra[k] * d.take[dearer.index, k] for k in extra))


SYMMETRY_RULES = [the_cheaper_of_two_alike_takes_the_dearer_share]
