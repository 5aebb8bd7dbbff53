"""The CP-SAT model: decision variables in one container, one function per rule, built in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.problem import Candidate, NewExamOption, Problem, RoleSpec

Stage = tuple[str, cp_model.LinearExprT, str]  # (name, expression, "min" | "max")
LEX_CHUNK = 50  # booleans per weighted tie-break stage: weights stay below 2**50


class Decisions:
    """The plan's decisions: who takes which new exam (`take`), who fills a slot of which role (`fill`)."""

    def __init__(self, model: cp_model.CpModel, problem: Problem) -> None:
        self.problem = problem
        self.take: dict[tuple[int, str], cp_model.IntVar] = {}
        self.fill: dict[tuple[int, str], cp_model.IntVar] = {}
        for person in problem.people:
            for option in person.options:
                self.take[person.index, option.exam] = model.new_bool_var(f"take[{person.id},{option.exam}]")
            for spec in problem.roles:
                self.fill[person.index, spec.id] = model.new_bool_var(f"fill[{person.id},{spec.id}]")

    def takes_of(self, person: Candidate) -> list[tuple[NewExamOption, cp_model.IntVar]]:
        """The new exams open to a person, each with its variable."""
        return [(o, self.take[person.index, o.exam]) for o in person.options]

    def fills_of(self, person: Candidate) -> list[cp_model.IntVar]:
        """One variable per role: does this person fill a slot of it."""
        return [self.fill[person.index, spec.id] for spec in self.problem.roles]

    def fillers_of(self, spec: RoleSpec) -> list[cp_model.IntVar]:
        """One variable per person: does this person fill a slot of this role."""
        return [self.fill[p.index, spec.id] for p in self.problem.people]


# ---- hard rules -------------------------------------------------------------------------------------

def fill_every_slot(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """Each role of the level has exactly its number of slots filled."""
    for spec in problem.roles:
        model.add(sum(d.fillers_of(spec)) == spec.slots)


def person_fills_at_most_one_slot(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """Slot holders are all different people: nobody fills two slots, even of different roles."""
    for person in problem.people:
        model.add_at_most_one(d.fills_of(person))


def slot_holder_has_one_exam_from_each_list(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """Whoever fills a role holds (already, or by a new exam) one exam from each of its lists, the same person."""
    for person in problem.people:
        takes = d.takes_of(person)
        for spec in problem.roles:
            fills = d.fill[person.index, spec.id]
            for _, codes in spec.lists:
                if person.held & codes:
                    continue
                model.add(sum(var for option, var in takes if option.exam in codes) >= 1).only_enforce_if(fills)


def new_exams_within_personal_limit(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """A person with `max_new_exams` is planned at most that many new exams."""
    for person in problem.people:
        if person.max_new is not None:
            model.add(sum(var for _, var in d.takes_of(person)) <= person.max_new)


HARD_RULES: list[Callable[[cp_model.CpModel, Decisions, Problem], None]] = [
    fill_every_slot,
    person_fills_at_most_one_slot,
    slot_holder_has_one_exam_from_each_list,
    new_exams_within_personal_limit,
]
"""Every rule of the model, in one place. Which exams are open to whom (dates, `can_take`, leavers) is
decided before the model, in planner/problem.py, by the rules of planner/rules.py."""


# ---- objectives -------------------------------------------------------------------------------------

def number_of_new_exams(d: Decisions) -> cp_model.LinearExprT:
    """How many new exams the plan asks for."""
    return sum(d.take.values())


def cost_of_new_exams(d: Decisions) -> cp_model.LinearExprT:
    """What the new exams cost, in cents."""
    return sum(o.cost_cents * d.take[p.index, o.exam] for p in d.problem.people for o in p.options)


def lexicographic_preference(name: str, ordered: list[cp_model.IntVar]) -> list[Stage]:
    """Stages that make the earliest booleans true first: the canonical tie-break among equal plans."""
    stages: list[Stage] = []
    for start in range(0, len(ordered), LEX_CHUNK):
        chunk = ordered[start:start + LEX_CHUNK]
        expr = sum((1 << (len(chunk) - 1 - i)) * var for i, var in enumerate(chunk))
        stages.append((f"{name}[{start // LEX_CHUNK}]", expr, "max"))
    return stages


def objective_stages(d: Decisions) -> list[Stage]:
    """The objective, then the documented tie-break, as stages solved one after the other.

    1-2. fewest new exams, then lowest cost (`--objective cost`: the other way round);
    3. slot holders earlier in the roster first, each in the earliest role of the catalog it can fill;
    4. each slot holder's new exams earliest in the catalog's order of preference.
    """
    problem = d.problem
    exams = ("exams", number_of_new_exams(d), "min")
    cost = ("cost", cost_of_new_exams(d), "min")
    stages: list[Stage] = [exams, cost] if problem.objective == "exams" else [cost, exams]
    fills = [d.fill[p.index, spec.id] for p in problem.people for spec in problem.roles]
    stages += lexicographic_preference("earliest_slot_holders", fills)
    takes = [d.take[p.index, o.exam] for p in problem.people
             for o in sorted(p.options, key=lambda o: problem.exam_order[o.exam])]
    stages += lexicographic_preference("preferred_exams", takes)
    return stages


@dataclass
class PlanModel:
    """A built model with its decisions and its objective stages."""

    model: cp_model.CpModel
    decisions: Decisions
    stages: list[Stage]


def build_model(problem: Problem) -> PlanModel:
    """Build the CP-SAT model of a problem from HARD_RULES and objective_stages."""
    model = cp_model.CpModel()
    decisions = Decisions(model, problem)
    for rule in HARD_RULES:
        rule(model, decisions, problem)
    return PlanModel(model, decisions, objective_stages(decisions))
