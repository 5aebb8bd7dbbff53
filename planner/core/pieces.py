"""The solver's decisions as a plan's pieces: new exams (with their costs), hires, slot holders and spares,
the calendar, and the changes that tell one plan from another (planner.core.pipeline builds the report
from them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from models.catalog import certification_id, item_code
from models.report import Assignment, Hire, NewExam, ScheduledExam
from models.scenario import Person
from planner.core.problem import Candidate, Problem, RoleSpec
from planner.rules.domain import exam_cost_parts, renewal_cost_parts

if TYPE_CHECKING:
    from planner.core.solving import Solution


def is_labelled(problem: Problem) -> bool:
    """Several goals, or a competency with options: the plan's slots name their target."""
    return len(problem.targets) > 1 or any(len(t.catalog.option_catalogs()) > 1 for t in problem.targets)


@dataclass
class PlanBody:
    """A plan's pieces as the report lists them, with what the modes on top of it need."""

    new_exams: list[NewExam] = field(default_factory=list)
    hires: list[Hire] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    total_cents: int = 0
    changes: frozenset[tuple[str, str]] = frozenset()  # (candidate id, exam | "hire"), for exclusions
    hire_people: dict[str, Person] = field(default_factory=dict)  # shown hire id -> the hire as a Person
    schedule: list[ScheduledExam] = field(default_factory=list)
    spares: list[Assignment] = field(default_factory=list)
    # (shown person, new exam as listed) -> the certifications (ids) the person holds on the deadline with
    # it and would not without it: its own, one it completes, one it is (or renews) a prerequisite of
    gives: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    def figure(self, objective: str) -> int:
        """What the objective reads of the plan: its cost in cents ("cost"), or its changes (new exams,
        renewals and hires)."""
        return self.total_cents if objective == "cost" else len(self.new_exams) + len(self.hires)

    @property
    def exams(self) -> int:
        """The plan's new exams, renewals not counted (as total_new_exams)."""
        return sum(not e.renewal for e in self.new_exams)

    @property
    def renewals(self) -> int | None:
        """The plan's renewals among its new exams (None: none, as total_renewals is left out)."""
        return sum(bool(e.renewal) for e in self.new_exams) or None

    def listed(self) -> list[str]:
        """The plan's changes as an alternative's differences name them: 'person exam' ('(renewal)' marked)
        and 'hire profile'."""
        return ([f"{e.person} {e.exam}{' (renewal)' if e.renewal else ''}" for e in self.new_exams]
                + [f"hire {h.profile}" for h in self.hires])


def minus(items: list[str], taken: list[str]) -> list[str]:
    """`items` without `taken`, counting repeats: a second hire of a profile is an addition too."""
    left = list(taken)
    out = []
    for item in items:
        if item in left:
            left.remove(item)
        else:
            out.append(item)
    return out


def plan_body(problem: Problem, solution: Solution) -> PlanBody:
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
    given = _certifications_given(problem, solution)
    for person, option in sorted(solution.takes, key=lambda t: (t[0].index, order[t[1].exam])):
        fee, hours, rate = (renewal_cost_parts(scenario, person.person) if option.renewal
                            else exam_cost_parts(scenario, person.person, option.exam))
        cid = certification_id(option.exam)
        earned = _earned_with(problem, solution, person, option.exam, given) if cid is None else []
        window = option.window if option.renewal else None
        new_exams.append(NewExam(person=shown.get(person.id, person.id), exam=cid or option.exam,
                                 cost_usd=option.cost_cents / 100, name=names.get(person.id),
                                 fee_usd=fee, prep_hours=hours, hourly_rate_usd=rate,
                                 renewal=True if option.renewal else None, certifications=earned or None,
                                 certification=cid,
                                 window_opens=window[0] if window else None,
                                 window_closes=window[1] if window else None))
        total += option.cost_cents
    assignments, spares = _slot_holders(problem, solution, shown)
    changes = frozenset({(p.id, o.key) for p, o in solution.takes}
                        | {(p.id, "hire") for p in solution.hires})
    return PlanBody(new_exams, hires, assignments, total, changes, hire_people,
                    _schedule(problem, solution, shown), spares, _gives_of(problem, solution, shown))


def _earned_with(problem: Problem, solution: Solution, person: Candidate, exam: str,
                 given: dict[int, list[str]]) -> list[str]:
    """The certifications a person's new exam earns: those the plan gives them whose exams (or a
    prerequisite's) include it and that they would not hold without it (an exam toward one of two
    prerequisites, when the plan gives both, earns neither's expert)."""
    rules = problem.certifications
    mine = {option.exam for p, option in solution.takes if p.index == person.index} - {exam}
    without = rules.closure(person.held | mine)
    return [c for c in given.get(person.index, ())
            if exam in rules.footprint(item_code(c)) and item_code(c) not in without]


def _gives_of(problem: Problem, solution: Solution, shown: dict[str, str]
              ) -> dict[tuple[str, str], frozenset[str]]:
    """PlanBody.gives: for each new exam and renewal, as listed (shown person, exam or certification id)."""
    return {(shown.get(p.id, p.id), certification_id(o.exam) or o.exam): _gives(problem, solution, p, o.exam)
            for p, o in solution.takes}


def _gives(problem: Problem, solution: Solution, person: Candidate, exam: str) -> frozenset[str]:
    """The certifications (ids) a person holds on the deadline with the plan and not without this new
    exam (or renewal) of theirs, as the validator reads what a new exam serves (validation.facts.serves)."""
    rules = problem.certifications
    if not rules:
        return frozenset()
    mine = {option.exam for p, option in solution.takes if p.index == person.index}
    lost = rules.closure(person.held | mine) - rules.closure(person.held | (mine - {exam}))
    return frozenset(cid for item in lost if (cid := certification_id(item)) is not None)


def _certifications_given(problem: Problem, solution: Solution) -> dict[int, list[str]]:
    """For each person the plan changes, the certifications (ids, in the problem's order) they hold on the
    deadline with the plan and not without it: what their new exams and renewals give them."""
    rules = problem.certifications
    if not rules:
        return {}
    new: dict[int, set[str]] = {}
    people: dict[int, Candidate] = {}
    for person, option in solution.takes:
        new.setdefault(person.index, set()).add(option.exam)
        people[person.index] = person
    out = {}
    for index, items in new.items():
        held = people[index].held
        after = rules.closure(held | items)
        out[index] = [s.id for s in rules.specs if s.item in after and s.item not in held]
    return out


def _slot_holders(problem: Problem, solution: Solution, shown: dict[str, str]
                  ) -> tuple[list[Assignment], list[Assignment]]:
    """The slot holders, and the spares (people who qualify without a slot, with resilience or a buffer)."""
    order = problem.exam_order
    planned = {(p.index, o.exam) for p, o in solution.takes}
    given = _certifications_given(problem, solution)
    planned |= {(i, item_code(c)) for i, ids in given.items() for c in ids}
    role_rank = {spec.key: i for i, spec in enumerate(problem.roles)}
    labelled = is_labelled(problem)

    def assignment(person: Candidate, spec: RoleSpec) -> Assignment:
        exams = []
        for _, codes in spec.lists:
            mine = [c for c in codes if c in person.held or (person.index, c) in planned]
            best = min(mine, key=lambda c: (c not in person.held, order.get(c, 1 << 30)))
            exams.append(certification_id(best) or best)
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
    return [ScheduledExam(person=shown.get(p.id, p.id), exam=certification_id(o.exam) or o.exam,
                          month=problem.months[solution.months[p.index, o.key]]) for p, o in booked]
