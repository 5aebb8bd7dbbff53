"""The tail of planner/core/bounded.py in the CP-SAT model: the people left out of it, planned in counts.

A relaxation: whatever the tail's people do in the whole roster's best plan, these counts allow it at no
more changes and no more cost (each option at the least any of them pays for it), so the objective stages
solved with the tail bound the whole roster's optimum from below (bounded.py says what follows). The rules,
one function each, are listed in planner/core/model.py's HARD_RULES with the others; without a tail they
add nothing. Once the objective stages are proven, planner/core/solving.py closes the tail (every count 0).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.catalog import item_code
from planner.core.cpsat import cp_model

if TYPE_CHECKING:
    from planner.core.bounded import Tail
    from planner.core.model import Decisions
    from planner.core.problem import Problem


class TailDecisions:
    """The tail's counts: `take[option]` of its people take an option (a new exam or a renewal),
    `earn[c]` are given certification c, `fill[role]` count toward a role."""

    def __init__(self, model: cp_model.CpModel, problem: Problem, tail: Tail) -> None:
        self.tail = tail
        self.take = {o.key: model.new_int_var(0, o.people, f"tail_take[{o.key}]") for o in tail.options}
        self.earn = {s.id: model.new_int_var(0, tail.people, f"tail_earn[{s.id}]")
                     for s in problem.certifications.specs if s.earnable}
        self.fill = {spec.key: model.new_int_var(0, min(tail.people, spec.slots), f"tail_count[{spec.key}]")
                     for spec in problem.roles}
        self._gets: dict[str, list[cp_model.IntVar]] = {}
        for o in tail.options:
            self._gets.setdefault(o.exam, []).append(self.take[o.key])
        for cid, var in self.earn.items():
            self._gets.setdefault(item_code(cid), []).append(var)

    def gets(self, item: str) -> list[cp_model.IntVar]:
        """The counts of the tail's people given an item by a change (its exam or renewal, or the
        certification earned)."""
        return self._gets.get(item, [])

    def has(self, item: str) -> cp_model.LinearExprT:
        """How many of the tail's people may hold an item on the deadline: given it, or holding it."""
        return sum(self.gets(item)) + self.tail.held.get(item, 0)

    def changes(self) -> cp_model.LinearExprT:
        """How many changes the tail's people make (planner/core/model.py's objectives count them too)."""
        return sum(self.take.values())

    def variables(self) -> list[cp_model.IntVar]:
        return [*self.take.values(), *self.earn.values(), *self.fill.values()]


def tail_counts_need_items(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """The tail's people counting toward a role hold an item of each of its lists, at least one of them
    given by a change (those holding a role's items already count toward it only after its first `slots`
    holders, who are in the model: bounded.py, 1.)."""
    tail = d.tail
    if tail is None:
        return
    for spec in problem.roles:
        fill = tail.fill[spec.key]
        for _, codes in spec.lists:
            model.add(fill <= sum(tail.has(item) for item in codes))
        model.add(fill <= sum(var for _, codes in spec.lists for item in codes for var in tail.gets(item)))


def tail_certifications_need_their_exams(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """No more of the tail's people are given a certification than may hold each of its exams and, when it
    has prerequisites, one of them."""
    tail = d.tail
    if tail is None:
        return
    for spec in problem.certifications.specs:
        earn = tail.earn.get(spec.id)
        if earn is None:
            continue
        for exam in spec.exams:
            model.add(earn <= tail.has(exam))
        if spec.prerequisites:
            model.add(earn <= sum(tail.has(item_code(q)) for q in spec.prerequisites))


def tail_within_personal_limits(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """The tail's people take no more new exams together than their `max_new_exams` allow together."""
    tail = d.tail
    if tail is None or tail.tail.max_new is None:
        return
    model.add(sum(tail.take[o.key] for o in tail.tail.options if not o.renewal) <= tail.tail.max_new)


TAIL_RULES = [tail_counts_need_items, tail_certifications_need_their_exams, tail_within_personal_limits]
