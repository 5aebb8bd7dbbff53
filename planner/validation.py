"""An independent check of a plan: the competency's rules restated without the solver.

Nothing here imports the model, the problem builder or planner.rules: a bug there cannot hide itself
here. `plan_problems` lists every way a plan for one level breaks the rules, `targets_problems` every way
a plan for several targets (or for a competency with options) does; the CLI refuses to print a plan that
has any.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from models.catalog import Catalog, Exam, Level, Role
from models.report import Assignment, NewExam, PlanReport, TargetPlan
from models.scenario import Person, Scenario

WITH_A_PLAN = ("optimal", "feasible")
"""The statuses that come with a plan."""


@dataclass
class _Roster:
    """Who a plan may use (the staff and its hires), the exams it knows, and the new exams it plans."""

    scenario: Scenario
    deadline: dt.date
    exams: dict[str, Exam]
    people: dict[str, Person]
    new: dict[str, set[str]] = field(default_factory=dict)
    """Person id -> the exams the plan gives them."""
    cents: int = 0
    """The plan's cost recomputed: its new exams and its hires."""

    def counts(self, person: Person) -> bool:
        """Someone who leaves on or before the deadline does not count."""
        return person.leaves_on is None or person.leaves_on > self.deadline

    def still_counts(self, exam: Exam) -> bool:
        """A pass counts on the deadline unless the exam has stopped counting by then."""
        return exam.counts_until is None or self.deadline <= exam.counts_until

    def held(self, person: Person) -> set[str]:
        """The known exams a person passed that still count on the deadline."""
        return {p.exam for p in person.passed
                if p.exam in self.exams and self.still_counts(self.exams[p.exam])}

    def has(self, person: Person) -> set[str]:
        """What a person holds on the deadline once the plan is carried out."""
        return self.held(person) | self.new.get(person.id, set())


def plan_problems(scenario: Scenario, catalog: Catalog, report: PlanReport) -> list[str]:
    """Every way the plan in `report` breaks the competency's rules (empty: the plan is sound)."""
    try:
        level = catalog.level(report.level)
    except KeyError:
        return [f"unknown level {report.level!r}"]
    problems, roster = _plan_wide_problems(scenario, {e.code: e for e in catalog.exams}, report)
    people, deadline = roster.people, roster.deadline

    # slots -------------------------------------------------------------------------------------------
    if report.status == "infeasible":
        if report.new_exams or report.assignments:
            problems.append("an infeasible answer lists exams or slot holders")
        if report.reachable:
            problems.append("an infeasible answer says reachable")
        return problems
    lists = {lst.id: set(lst.exams) for lst in catalog.lists}
    roles = {r.id: r for r in catalog.roles}
    problems += _people_rule_problems(level, report.assignments, "every slot needs a different person")
    filled: Counter[str] = Counter()
    for a in report.assignments:
        person, role = people.get(a.person), roles.get(a.role)
        if person is None or role is None:
            problems.append(f"slot {a.person}/{a.role}: unknown person or role")
            continue
        filled[a.role] += 1
        if not roster.counts(person):
            problems.append(f"{person.id} fills a {a.role} slot but does not count on {deadline}")
        has = roster.has(person)
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
            if not roster.counts(person):
                continue
            has = roster.has(person)
            qualified.append({rid for rid, role in roles.items()
                              if all(has & lists[lid] for lid in role.lists)})
        # Hall's theorem: the slots can be filled after removing any k people exactly when every set T
        # of roles has at least slots(T) + k people qualifying for one of its roles. When a person may
        # fill a slot of each role (same-or-different), each role stands alone.
        wanted = [r for r in level.slots if level.slots[r] > 0]
        sizes = range(1, len(wanted) + 1) if level.people == "different" else [1]
        for size in sizes:
            for group in itertools.combinations(wanted, size):
                have = sum(1 for q in qualified if q & set(group))
                need = sum(level.slots[r] for r in group) + max(k, 1 if spared & set(group) else 0)
                if have < need:
                    problems.append(f"after {k} departure(s) the {'/'.join(group)} slots need {need} "
                                    f"qualified people; the plan has {have}")

    problems += _calendar_problems(roster, report)
    problems += _alternatives_problems(report, lambda plan: plan_problems(scenario, catalog, plan))

    # gates -------------------------------------------------------------------------------------------
    gates_ok = all(_gates_met(scenario, catalog.id, level).values())
    if report.reachable != gates_ok:
        problems.append(f"reachable is {report.reachable} but the gates say {gates_ok}")
    return problems


def targets_problems(scenario: Scenario, goals: list[tuple[str, Catalog, str]],
                     report: PlanReport) -> list[str]:
    """Every way the plan in `report` for several targets breaks their rules (empty: the plan is sound).

    `goals` lists each target as (label 'competency:level', the catalog of the revision planned, level id).
    New exams are counted once however many targets they serve; each target is checked against its own
    option's roles and level, with the exams of every goal's catalog known.
    """
    exams: dict[str, Exam] = {}
    for _, catalog, _ in goals:
        for exam in catalog.exams:
            exams.setdefault(exam.code, exam)
    problems, roster = _plan_wide_problems(scenario, exams, report)
    with_plan = report.status in WITH_A_PLAN
    if goals and report.rules_revision is not None and report.rules_revision != goals[0][1].revision:
        problems.append(f"rules_revision {report.rules_revision} is not that of the first target, "
                        f"{goals[0][1].revision}")

    # the targets -------------------------------------------------------------------------------------
    labels = [label for label, _, _ in goals]
    listed = [t.target for t in report.targets]
    if listed != labels:
        problems.append(f"the report lists the targets {listed}; the goals are {labels}, in that order")
    for label, n in Counter(listed).items():
        if label not in labels:
            problems.append(f"target {label} is not one of the goals")
        elif n > 1:
            problems.append(f"target {label} is listed {n} times")
    by_label: dict[str, TargetPlan] = {}
    for target in report.targets:
        by_label.setdefault(target.target, target)
    for label, catalog, level_id in goals:
        target = by_label.get(label)
        if target is None:
            problems.append(f"target {label} is missing from the report")
            continue
        problems += [f"{label}: {p}" for p in _target_problems(roster, catalog, level_id, target, report)]

    if not with_plan:
        listed_anything = any(t.assignments or t.new_exams for t in report.targets)
        if report.new_exams or report.assignments or listed_anything:
            problems.append(f"an {report.status} answer lists exams or slot holders")
        if report.reachable:
            problems.append(f"an {report.status} answer says reachable")
        return problems

    # the plan as a whole -----------------------------------------------------------------------------
    together = [a for t in report.targets for a in t.assignments]
    if Counter(map(_slot_key, report.assignments)) != Counter(map(_slot_key, together)):
        problems.append("the top-level assignments are not the targets' assignments put together")
    if scenario.policy.one_gold_per_person:
        golds: dict[str, list[str]] = {}
        for label, _, level_id in goals:
            if level_id == "gold" and label in by_label:
                for pid in dict.fromkeys(a.person for a in by_label[label].assignments):
                    golds.setdefault(pid, []).append(label)
        for pid, where in golds.items():
            if len(where) > 1:
                problems.append(f"{pid} fills slots toward {len(where)} Gold targets ({', '.join(where)}); "
                                "policy one_gold_per_person allows one")
    spares_unlisted = report.resilience is not None and report.resilience.k > 0 and not report.spares
    serving = {(a.person, c) for a in [*together, *report.spares] for c in a.exams}
    for item in report.new_exams:  # (an alternative lists no spares: its spares' exams cannot be checked)
        if (item.person, item.exam) not in serving and not spares_unlisted:
            problems.append(f"{item.person}/{item.exam} is planned but serves no slot")
    problems += _calendar_problems(roster, report)
    problems += _alternatives_problems(
        report, lambda plan: targets_problems(scenario, goals, _targets_of_alternative(plan)))
    reachable = all(t.reachable for t in report.targets)
    if report.reachable != reachable:
        problems.append(f"reachable is {report.reachable} but the targets say {reachable}")
    return problems


def _target_problems(roster: _Roster, catalog: Catalog, level_id: str, target: TargetPlan,
                     report: PlanReport) -> list[str]:
    """Every way one target's part of a plan breaks its option's rules."""
    problems: list[str] = []
    if (target.competency, target.level) != (catalog.id, level_id):
        problems.append(f"the report names {target.competency}:{target.level}, "
                        f"planned as {catalog.id}:{level_id}")
    if target.rules_revision != catalog.revision:
        problems.append(f"rules_revision {target.rules_revision} is not the revision planned, "
                        f"{catalog.revision}")
    with_plan = report.status in WITH_A_PLAN
    if catalog.options and target.option is None and not with_plan:  # no plan, so no option chosen
        if target.reachable:
            problems.append(f"reachable is {target.reachable} but there is no plan")
        return problems
    if catalog.options:
        chosen = next((c for c in catalog.option_catalogs() if c.option_id == target.option), None)
        if chosen is None:
            known = ", ".join(o.id for o in catalog.options)
            return [*problems, f"unknown option {target.option!r}; {catalog.id} has {known}"]
    elif target.option is not None:
        return [*problems, f"{catalog.id} has no options, the report names option {target.option!r}"]
    else:
        chosen = catalog
    try:
        level = chosen.level(level_id)
    except KeyError:
        return [*problems, f"unknown level {level_id!r}"]

    expected = _gates_met(roster.scenario, catalog.id, level)
    reported = {g.name: g.ok for g in target.gates}
    if reported != expected:
        problems.append(f"the report's gates {reported} are not the level's {expected}")
    gates_ok = all(expected.values())
    if target.reachable != (with_plan and gates_ok):
        why = f"the gates say {gates_ok}" if with_plan else "there is no plan"
        problems.append(f"reachable is {target.reachable} but {why}")
    if not with_plan:
        return problems

    # slots -------------------------------------------------------------------------------------------
    lists = {lst.id: set(lst.exams) for lst in catalog.lists}
    roles = {r.id: r for r in chosen.roles}
    filled: Counter[str] = Counter()
    for a in target.assignments:
        if a.target != target.target:
            problems.append(f"the slot {a.person}/{a.role} is labelled {a.target!r}")
        person, role = roster.people.get(a.person), roles.get(a.role)
        if person is None or role is None:
            problems.append(f"slot {a.person}/{a.role}: unknown person, or a role the "
                            f"{chosen.option_id or catalog.id} option does not have")
            continue
        filled[a.role] += 1
        if not roster.counts(person):
            problems.append(f"{person.id} fills a {a.role} slot but does not count on {roster.deadline}")
        problems += _slot_exams_problems(roster.has(person), person.id, role, lists, a.exams)
    for rid in [*level.slots, *sorted(set(filled) - set(level.slots))]:
        need = level.slots.get(rid, 0)
        if filled[rid] != need:
            problems.append(f"{level.name} needs {need} {rid} slot(s); the plan fills {filled[rid]}")
    problems += _people_rule_problems(level, target.assignments,
                                      f"every slot of {level.name} needs a different person")

    # the new exams it uses ---------------------------------------------------------------------------
    used = {(a.person, c) for a in target.assignments for c in a.exams}
    want = Counter(_new_exam_key(e) for e in report.new_exams if (e.person, e.exam) in used)
    got = Counter(_new_exam_key(e) for e in target.new_exams)
    if want != got:
        problems.append(f"new_exams lists {sorted(got.elements())}; its slot holders use the plan's "
                        f"new exams {sorted(want.elements())}")
    return problems


def _people_rule_problems(level: Level, assignments: list[Assignment], different: str) -> list[str]:
    """The level's people rule: 'different' lets no person fill two of its slots (`different` says why);
    'same-or-different' lets a person fill at most one slot of each role."""
    if level.people == "different":
        return [f"{pid} fills {n} slots; {different}"
                for pid, n in Counter(a.person for a in assignments).items() if n > 1]
    return [f"{pid} fills {n} {rid} slots; a person fills at most one slot of each role"
            for (pid, rid), n in Counter((a.person, a.role) for a in assignments).items() if n > 1]


def _slot_exams_problems(has: set[str], pid: str, role: Role, lists: dict[str, set[str]],
                         exams: list[str]) -> list[str]:
    """What is wrong with the exams a slot holder is listed with: one of each of the role's lists, each
    held or planned."""
    problems = []
    missing = [c for c in exams if c not in has]
    if missing:
        problems.append(f"{pid} fills {role.id} with {', '.join(missing)}, neither held nor planned")
    for lid in role.lists:
        if not any(c in lists[lid] for c in exams):
            problems.append(f"{pid} fills {role.id} without an exam of list {lid}")
    stray = [c for c in exams if not any(c in lists[lid] for lid in role.lists)]
    if stray or len(exams) != len(role.lists):
        problems.append(f"{pid} fills {role.id} naming {exams}; it needs one exam of each of {role.lists}")
    return problems


def _slot_key(a: Assignment) -> tuple[str, str, tuple[str, ...], str | None]:
    return a.person, a.role, tuple(a.exams), a.target


def _new_exam_key(e: NewExam) -> tuple[str, str, int]:
    return e.person, e.exam, round(e.cost_usd * 100)


def _targets_of_alternative(plan: PlanReport) -> PlanReport:
    """An alternative as a plan: each target's slot holders (and the new exams they use) taken from its
    labelled assignments."""
    targets = []
    for t in plan.targets:
        mine = [a for a in plan.assignments if a.target == t.target]
        used = {(a.person, c) for a in mine for c in a.exams}
        targets.append(t.model_copy(update={
            "assignments": mine, "new_exams": [e for e in plan.new_exams if (e.person, e.exam) in used]}))
    return plan.model_copy(update={"targets": targets})


def _plan_wide_problems(scenario: Scenario, exams: dict[str, Exam],
                        report: PlanReport) -> tuple[list[str], _Roster]:
    """What is wrong with a plan's hires, dates, new exams, costs and budget, whatever it is for; and the
    roster (staff and hires) with the new exams planned."""
    problems: list[str] = []
    deadline, as_of = scenario.deadline, scenario.as_of
    assert deadline is not None
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
    roster = _Roster(scenario, deadline, exams, people)

    # new exams ---------------------------------------------------------------------------------------
    cents = 0
    for item in report.new_exams:
        person, exam = people.get(item.person), exams.get(item.exam)
        if person is None or exam is None:
            problems.append(f"new exam {item.person}/{item.exam}: unknown person or exam")
            continue
        mine = roster.new.setdefault(person.id, set())
        if item.exam in mine:
            problems.append(f"{person.id} is planned {item.exam} twice")
        mine.add(item.exam)
        if not roster.counts(person):
            problems.append(f"{person.id} leaves on {person.leaves_on} but is planned {item.exam}")
        if item.exam in roster.held(person):
            problems.append(f"{person.id} already holds {item.exam}")
        if person.can_take is not None and item.exam not in person.can_take:
            problems.append(f"{person.id} may not take {item.exam} (can_take)")
        first = max(as_of, exam.first_take or as_of)
        last = min(deadline, exam.last_take or deadline)
        if first > last:
            problems.append(f"{item.exam} cannot be taken between {as_of} and {deadline}")
        if not roster.still_counts(exam):
            problems.append(f"{item.exam} no longer counts on {deadline}")
        expected = _cost_cents(scenario, person, item.exam)
        if round(item.cost_usd * 100) != expected:
            problems.append(f"{person.id}/{item.exam} costs {expected / 100:.2f}, the plan says {item.cost_usd}")
        cents += expected
    for pid, mine in roster.new.items():
        cap = people[pid].max_new_exams
        if cap is not None and len(mine) > cap:
            problems.append(f"{pid} is planned {len(mine)} new exams, more than max_new_exams {cap}")
    if report.total_new_exams != len(report.new_exams):
        problems.append(f"total_new_exams {report.total_new_exams} != {len(report.new_exams)} listed")
    cents += hire_cents
    roster.cents = cents
    if round(report.total_cost_usd * 100) != cents:
        problems.append(f"total_cost_usd {report.total_cost_usd} != {cents / 100:.2f} recomputed")
    if report.budget_usd is not None and report.status != "infeasible" and cents > round(report.budget_usd * 100):
        problems.append(f"the plan costs {cents / 100:.2f}, over the budget of {report.budget_usd}")
    return problems, roster


def _calendar_problems(roster: _Roster, report: PlanReport) -> list[str]:
    """What is wrong with the plan's calendar (each new exam booked once, in a month it can be taken) and
    with its chance of passing every new exam at the first attempt."""
    problems: list[str] = []
    scenario, people, exams = roster.scenario, roster.people, roster.exams
    as_of, deadline = scenario.as_of, roster.deadline
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
    return problems


def _alternatives_problems(report: PlanReport, recheck: Callable[[PlanReport], list[str]]) -> list[str]:
    """Each alternative re-checked as a plan (by `recheck`), distinct from the plans before it and no
    better than the one before it."""
    problems: list[str] = []
    seen = [frozenset(_changes(report))]
    previous = (report.total_new_exams + len(report.hires), report.total_cost_usd)
    for alt in report.alternatives:
        as_plan = report.model_copy(update={
            "new_exams": alt.new_exams, "hires": alt.hires, "assignments": alt.assignments,
            "total_new_exams": alt.total_new_exams, "total_cost_usd": alt.total_cost_usd,
            "alternatives": [], "resilience": report.resilience, "schedule": [], "probability_all_pass": None,
            "buffer": None, "spares": []})
        problems += [f"alternative {alt.rank}: {p}" for p in recheck(as_plan)]
        mine = frozenset(_changes(as_plan))
        if mine in seen:
            problems.append(f"alternative {alt.rank} repeats an earlier plan")
        seen.append(mine)
        key = (alt.total_new_exams + len(alt.hires), alt.total_cost_usd)
        ordered = key >= previous if report.objective == "exams" else key[::-1] >= previous[::-1]
        if not ordered:
            problems.append(f"alternative {alt.rank} is better than the plan before it")
        previous = key
    return problems


def _gates_met(scenario: Scenario, competency: str, level: Level) -> dict[str, bool]:
    """Whether each gate of a level is met, by name: its revenue thresholds (by gate id) and DPOR.

    A gate reads the scenario's figure for it (organization.gate_revenue_usd[competency][gate id]), else
    organization.revenue_usd; a revision with no threshold for the partner's market fails the gate."""
    org = scenario.organization
    figures = org.gate_revenue_usd.get(competency, {})
    met: dict[str, bool] = {}
    for gate in level.revenue_gates:
        required = gate.required_usd.get(org.market)
        met[gate.id] = required is not None and figures.get(gate.id, org.revenue_usd) >= required
    if level.dpor:
        met["dpor"] = org.dpor
    return met


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
