"""The tail of planner/core/bounded.py in the CP-SAT model: the people left out of it, planned in counts.

A relaxation: whatever the tail's people do in the whole roster's best plan, these counts allow it at no
more changes and no more cost (each option at the least any of its group pays for it), so the objective
stages solved with the tail bound the whole roster's optimum from below (bounded.py says what follows).
The tail comes in groups of people holding the same prerequisites and exams of certifications (bounded.
tail_of), each planned in counts of its own. The rules, one function each, are listed in
planner/core/model.py's HARD_RULES with the others; without a tail they add nothing. Once the objective
stages are proven, planner/core/solving.py closes the tail (every count 0).
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
    """The tail's counts, by group g: `take[g, option]` of its people take an option (a new exam or a
    renewal), `earn[g, c]` are given certification c, `fill[g, role]` count toward a role."""

    def __init__(self, model: cp_model.CpModel, problem: Problem, tails: tuple[Tail, ...]) -> None:
        self.tails = tails
        self.take: dict[tuple[int, str], cp_model.IntVar] = {}
        self.earn: dict[tuple[int, str], cp_model.IntVar] = {}
        self.fill: dict[tuple[int, str], cp_model.IntVar] = {}
        self._gets: dict[tuple[int, str], list[cp_model.IntVar]] = {}
        for g, tail in enumerate(tails):
            for o in tail.options:
                var = self.take[g, o.key] = model.new_int_var(0, o.people, f"tail_take[{g},{o.key}]")
                self._gets.setdefault((g, o.exam), []).append(var)
            for s in problem.certifications.specs:
                if s.earnable:
                    var = self.earn[g, s.id] = model.new_int_var(0, tail.people, f"tail_earn[{g},{s.id}]")
                    self._gets.setdefault((g, item_code(s.id)), []).append(var)
            for spec in problem.roles:
                self.fill[g, spec.key] = model.new_int_var(0, min(tail.people, spec.slots),
                                                           f"tail_count[{g},{spec.key}]")

    def gets(self, g: int, item: str) -> list[cp_model.IntVar]:
        """The counts of group g's people given an item by a change (its exam or renewal, or the
        certification earned)."""
        return self._gets.get((g, item), [])

    def has(self, g: int, item: str) -> cp_model.LinearExprT:
        """How many of group g's people may hold an item on the deadline: given it, or holding it."""
        return sum(self.gets(g, item)) + self.tails[g].held.get(item, 0)

    def fills(self, role: str) -> list[cp_model.IntVar]:
        """Every group's count toward a role."""
        return [self.fill[g, role] for g in range(len(self.tails))]

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
    for g in range(len(tail.tails)):
        for spec in problem.roles:
            fill = tail.fill[g, spec.key]
            for _, codes in spec.lists:
                model.add(fill <= sum(tail.has(g, item) for item in sorted(codes)))
            given = [var for _, codes in spec.lists for item in sorted(codes) for var in tail.gets(g, item)]
            model.add(fill <= sum(given))


def tail_certifications_need_their_exams(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """No more of a group of the tail are given a certification than may hold each of its exams and, when
    it has prerequisites, one of them."""
    tail = d.tail
    if tail is None:
        return
    for g in range(len(tail.tails)):
        for spec in problem.certifications.specs:
            earn = tail.earn.get((g, spec.id))
            if earn is None:
                continue
            for exam in spec.exams:
                model.add(earn <= tail.has(g, exam))
            if spec.prerequisites:
                model.add(earn <= sum(tail.has(g, item_code(q)) for q in spec.prerequisites))


def tail_within_personal_limits(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """A group of the tail takes no more new exams than its people's `max_new_exams` allow together."""
    tail = d.tail
    if tail is None:
        return
    for g, group in enumerate(tail.tails):
        if group.max_new is not None:
            model.add(sum(tail.take[g, o.key] for o in group.options if not o.renewal) <= group.max_new)


TAIL_RULES = [tail_counts_need_items, tail_certifications_need_their_exams, tail_within_personal_limits]
