"""An independent check of a plan: the competency's rules restated without the solver.

Nothing here imports the model, the problem builder or planner.rules: a bug there cannot hide itself
here. `plan_problems` lists every way a plan breaks the rules; the CLI refuses to print a plan that has any.
"""

from __future__ import annotations

import datetime as dt
import itertools
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
    hire_cents = 0
    profiles = {hp.profile: hp for hp in scenario.hiring}
    hired_per_profile: Counter[str] = Counter()
    for n, hire in enumerate(report.hires, start=1):
        hp = profiles.get(hire.profile)
        if hp is None or hire.id != f"hire-{n}" or hire.id in people:
            problems.append(f"hire {hire.id} of profile {hire.profile!r}: unknown profile or misnumbered")
            continue
        hired_per_profile[hire.profile] += 1
        if hired_per_profile[hire.profile] > hp.max:
            problems.append(f"more than {hp.max} hires of profile {hire.profile!r}")
        if round(hire.cost_usd * 100) != round(hp.cost_usd * 100):
            problems.append(f"hire {hire.id} costs {hp.cost_usd}, the plan says {hire.cost_usd}")
        hire_cents += round(hp.cost_usd * 100)
        people[hire.id] = Person(id=hire.id, passed=hp.passed, can_take=hp.can_take,
                                 max_new_exams=hp.max_new_exams, hourly_rate_usd=hp.hourly_rate_usd)
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
    cents += hire_cents
    if round(report.total_cost_usd * 100) != cents:
        problems.append(f"total_cost_usd {report.total_cost_usd} != {cents / 100:.2f} recomputed")
    if report.budget_usd is not None and report.status != "infeasible" and cents > round(report.budget_usd * 100):
        problems.append(f"the plan costs {cents / 100:.2f}, over the budget of {report.budget_usd}")

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

    # surviving departures ----------------------------------------------------------------------------
    k = report.resilience.k if report.resilience else 0
    spared = set(report.buffer.roles) if report.buffer else set()
    if k or spared:
        qualified: list[set[str]] = []
        for person in people.values():
            if not counts(person):
                continue
            has = held(person) | new_by_person.get(person.id, set())
            qualified.append({rid for rid, role in roles.items()
                              if all(has & lists[lid] for lid in role.lists)})
        # Hall's theorem: the slots can be filled after removing any k people exactly when every set T
        # of roles has at least slots(T) + k people qualifying for one of its roles.
        wanted = [r for r in level.slots if level.slots[r] > 0]
        for size in range(1, len(wanted) + 1):
            for group in itertools.combinations(wanted, size):
                have = sum(1 for q in qualified if q & set(group))
                need = sum(level.slots[r] for r in group) + max(k, 1 if spared & set(group) else 0)
                if have < need:
                    problems.append(f"after {k} departure(s) the {'/'.join(group)} slots need {need} "
                                    f"qualified people; the plan has {have}")

    # calendar ----------------------------------------------------------------------------------------
    if report.schedule:
        booked = Counter((b.person, b.exam) for b in report.schedule)
        if set(booked) != {(e.person, e.exam) for e in report.new_exams} or max(booked.values()) > 1:
            problems.append("the calendar does not book every new exam exactly once")
        per_month: Counter[tuple[str, str]] = Counter()
        for b in report.schedule:
            person, exam = people.get(b.person), exams.get(b.exam)
            if person is None or exam is None:
                continue
            year, mon = int(b.month[:4]), int(b.month[5:])
            first = dt.date(year, mon, 1)
            last = (dt.date(year + 1, 1, 1) if mon == 12 else dt.date(year, mon + 1, 1)) - dt.timedelta(days=1)
            window_first = max(as_of, exam.first_take or as_of)
            window_last = min(deadline, exam.last_take or deadline)
            if last < window_first or first > window_last:
                problems.append(f"{b.exam} cannot be taken in {b.month} (between {as_of} and {deadline})")
            if b.month in person.unavailable:
                problems.append(f"{b.person} is unavailable in {b.month} but is booked {b.exam}")
            per_month[b.person, b.month] += 1
        for (pid, month), n in per_month.items():
            cap = people[pid].exams_per_month
            cap = scenario.policy.exams_per_month if cap is None else cap
            if n > cap:
                problems.append(f"{pid} is booked {n} exams in {month}, more than {cap}")
    if report.probability_all_pass is not None:
        chance = 1.0
        for e in report.new_exams:
            person = people.get(e.person)
            override = scenario.costs.exams.get(e.exam)
            rate = override.pass_rate if override and override.pass_rate is not None else scenario.costs.pass_rate
            factor = person.pass_factor if person is not None and person.pass_factor is not None else 1.0
            chance *= min(1.0, rate * factor)
        if abs(chance - report.probability_all_pass) > 1e-9:
            problems.append(f"probability_all_pass {report.probability_all_pass} != {chance} recomputed")

    # alternatives ------------------------------------------------------------------------------------
    seen = [frozenset(_changes(report))]
    previous = (report.total_new_exams + len(report.hires), report.total_cost_usd)
    for alt in report.alternatives:
        as_plan = report.model_copy(update={
            "new_exams": alt.new_exams, "hires": alt.hires, "assignments": alt.assignments,
            "total_new_exams": alt.total_new_exams, "total_cost_usd": alt.total_cost_usd,
            "alternatives": [], "resilience": report.resilience, "schedule": [], "probability_all_pass": None,
            "buffer": None})
        problems += [f"alternative {alt.rank}: {p}" for p in plan_problems(scenario, catalog, as_plan)]
        mine = frozenset(_changes(as_plan))
        if mine in seen:
            problems.append(f"alternative {alt.rank} repeats an earlier plan")
        seen.append(mine)
        key = (alt.total_new_exams + len(alt.hires), alt.total_cost_usd)
        ordered = key >= previous if report.objective == "exams" else key[::-1] >= previous[::-1]
        if not ordered:
            problems.append(f"alternative {alt.rank} is better than the plan before it")
        previous = key

    # gates -------------------------------------------------------------------------------------------
    org = scenario.organization
    gates_ok = org.dpor or not level.dpor
    for rg in level.revenue_gates:
        gates_ok = gates_ok and org.revenue_usd >= rg.required_usd[org.market]
    if report.reachable != gates_ok:
        problems.append(f"reachable is {report.reachable} but the gates say {gates_ok}")
    return problems


def _changes(report: PlanReport) -> list[tuple[str, str]]:
    """The plan's exams and hires, with hires named by profile (hire ids are renumbered per plan)."""
    hires = {h.id: h.profile for h in report.hires}
    out = [(f"{hires[e.person]}#{e.person}" if e.person in hires else e.person, e.exam) for e in report.new_exams]
    return out + [(h.profile, f"hire#{h.id}") for h in report.hires]


def _cost_cents(scenario: Scenario, person: Person, code: str) -> int:
    costs = scenario.costs
    fee, hours = costs.exam_fee_usd, costs.prep_hours
    override = costs.exams.get(code)
    if override is not None:
        fee = fee if override.fee_usd is None else override.fee_usd
        hours = hours if override.prep_hours is None else override.prep_hours
    rate = costs.hourly_rate_usd if person.hourly_rate_usd is None else person.hourly_rate_usd
    return round((fee + hours * rate) * 100)
