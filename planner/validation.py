"""An independent check of a plan: the competency's rules restated without the solver.

Nothing here imports the model, the problem builder or planner.rules: a bug there cannot hide itself
here. `plan_problems` lists every way a plan breaks the rules; the CLI refuses to print a plan that has any.
"""

from __future__ import annotations

from collections import Counter

from models.catalog import Catalog, Exam
from models.report import PlanReport
from models.scenario import Person, Scenario


def plan_problems(scenario: Scenario, catalog: Catalog, report: PlanReport) -> list[str]:
    """Every way the plan in `report` breaks the competency's rules (empty: the plan is sound)."""
    problems: list[str] = []
    try:
        level = catalog.level(report.level)
    except KeyError:
        return [f"unknown level {report.level!r}"]
    deadline, as_of = scenario.deadline, scenario.as_of
    assert deadline is not None
    exams = {e.code: e for e in catalog.exams}
    people = {p.id: p for p in scenario.staff}
    if report.deadline != deadline or report.as_of != as_of:
        problems.append("the report's dates are not the scenario's")

    def counts(person: Person) -> bool:
        return person.leaves_on is None or person.leaves_on > deadline

    def still_counts(exam: Exam) -> bool:
        return exam.counts_until is None or deadline <= exam.counts_until

    def held(person: Person) -> set[str]:
        return {p.exam for p in person.passed if p.exam in exams and still_counts(exams[p.exam])}

    # new exams ---------------------------------------------------------------------------------------
    new_by_person: dict[str, set[str]] = {}
    cents = 0
    for item in report.new_exams:
        person, exam = people.get(item.person), exams.get(item.exam)
        if person is None or exam is None:
            problems.append(f"new exam {item.person}/{item.exam}: unknown person or exam")
            continue
        mine = new_by_person.setdefault(person.id, set())
        if item.exam in mine:
            problems.append(f"{person.id} is planned {item.exam} twice")
        mine.add(item.exam)
        if not counts(person):
            problems.append(f"{person.id} leaves on {person.leaves_on} but is planned {item.exam}")
        if item.exam in held(person):
            problems.append(f"{person.id} already holds {item.exam}")
        if person.can_take is not None and item.exam not in person.can_take:
            problems.append(f"{person.id} may not take {item.exam} (can_take)")
        first = max(as_of, exam.first_take or as_of)
        last = min(deadline, exam.last_take or deadline)
        if first > last:
            problems.append(f"{item.exam} cannot be taken between {as_of} and {deadline}")
        if not still_counts(exam):
            problems.append(f"{item.exam} no longer counts on {deadline}")
        expected = _cost_cents(scenario, person, item.exam)
        if round(item.cost_usd * 100) != expected:
            problems.append(f"{person.id}/{item.exam} costs {expected / 100:.2f}, the plan says {item.cost_usd}")
        cents += expected
    for pid, mine in new_by_person.items():
        cap = people[pid].max_new_exams
        if cap is not None and len(mine) > cap:
            problems.append(f"{pid} is planned {len(mine)} new exams, more than max_new_exams {cap}")
    if report.total_new_exams != len(report.new_exams):
        problems.append(f"total_new_exams {report.total_new_exams} != {len(report.new_exams)} listed")
    if round(report.total_cost_usd * 100) != cents:
        problems.append(f"total_cost_usd {report.total_cost_usd} != {cents / 100:.2f} recomputed")

    # slots -------------------------------------------------------------------------------------------
    if report.status == "infeasible":
        if report.new_exams or report.assignments:
            problems.append("an infeasible answer lists exams or slot holders")
        if report.reachable:
            problems.append("an infeasible answer says reachable")
        return problems
    lists = {lst.id: set(lst.exams) for lst in catalog.lists}
    roles = {r.id: r for r in catalog.roles}
    used = Counter(a.person for a in report.assignments)
    for pid, n in used.items():
        if n > 1:
            problems.append(f"{pid} fills {n} slots; every slot needs a different person")
    filled: Counter[str] = Counter()
    for a in report.assignments:
        person, role = people.get(a.person), roles.get(a.role)
        if person is None or role is None:
            problems.append(f"slot {a.person}/{a.role}: unknown person or role")
            continue
        filled[a.role] += 1
        if not counts(person):
            problems.append(f"{person.id} fills a {a.role} slot but does not count on {deadline}")
        has = held(person) | new_by_person.get(person.id, set())
        for lid in role.lists:
            named = [c for c in a.exams if c in lists[lid]]
            if not named or not all(c in has for c in named):
                problems.append(f"{person.id} fills {a.role} without an exam of list {lid} held or planned")
    for rid, need in level.slots.items():
        if filled[rid] < need:
            problems.append(f"{level.name} needs {need} {rid} slot(s); the plan fills {filled[rid]}")
    extra = set(filled) - set(level.slots)
    if extra:
        problems.append(f"the plan fills roles the level does not have: {sorted(extra)}")

    # gates -------------------------------------------------------------------------------------------
    org = scenario.organization
    gates_ok = org.dpor or not level.dpor
    for rg in level.revenue_gates:
        gates_ok = gates_ok and org.revenue_usd >= rg.required_usd[org.market]
    if report.reachable != gates_ok:
        problems.append(f"reachable is {report.reachable} but the gates say {gates_ok}")
    return problems


def _cost_cents(scenario: Scenario, person: Person, code: str) -> int:
    costs = scenario.costs
    fee, hours = costs.exam_fee_usd, costs.prep_hours
    override = costs.exams.get(code)
    if override is not None:
        fee = fee if override.fee_usd is None else override.fee_usd
        hours = hours if override.prep_hours is None else override.prep_hours
    rate = costs.hourly_rate_usd if person.hourly_rate_usd is None else person.hourly_rate_usd
    return round((fee + hours * rate) * 100)
