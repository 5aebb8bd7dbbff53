"""An independent check of a plan: the competency's rules restated without the solver.

Nothing here imports the model, the problem builder, the solving or planner.rules.domain: a bug there cannot
hide itself here. `recheck` is the one entry point: it lists every way a plan of any mode (one level,
several goals, a competency with options, resilience, a buffer, a calendar, alternatives, fixes) breaks
the rules or claims something its scenario and catalogs do not give. It runs every rule of PLAN_RULES
once and every rule of GOAL_RULES for each goal; each rule is one small function, named for what it
demands, returning its problems in plain words (an empty list: the plan keeps that rule).

A goal is (label 'competency:level', the catalog of the revision planned, level id). With one goal and no
`report.targets`, the report's top-level fields describe that goal; otherwise `report.targets` has one
TargetPlan per goal and the top-level fields describe the plan as a whole.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from models.catalog import Catalog, Exam, Level, Role
from models.report import (
    Alternative,
    Assignment,
    Buffer,
    Fix,
    Gate,
    Hire,
    NewExam,
    PlanReport,
    Saving,
    ScoreStanding,
    TargetPlan,
)
from models.scenario import Pass, Person, Scenario

WITH_A_PLAN = ("optimal", "feasible")
"""The statuses that come with a plan."""
MAX_EXAMS_FOR_EXACT_ODDS = 16
"""Beyond this many new exams the chance of meeting the level is not enumerated (2**16 outcomes)."""
FIX_KINDS = ("lift_can_take", "lift_max_new_exams", "keep_person", "later_deadline", "hire", "budget",
             "revenue", "dpor")
"""The kinds of fix the planner can propose."""
CENT = 0.005
"""Half a cent: two amounts in US dollars are equal when they round to the same cent."""
MONTH = re.compile(r"(\d{4})-(\d{2})")

Goals = Sequence[tuple[str, Catalog, str]]


# ---- the plan as the rules read it ----------------------------------------------------------------------

@dataclass
class _Goal:
    """One goal of the plan, with what the report claims about it (a TargetPlan; for a plan of one level
    without targets, one made from the report's top-level fields)."""

    label: str
    catalog: Catalog
    level_id: str
    claim: TargetPlan
    top_level: bool
    """The claim is the report's top level (a plan for one goal without `targets`)."""
    chosen: Catalog | None = None
    """The option's catalog the claim names (the catalog itself without options); None: unresolved."""
    level: Level | None = None
    scored: Level | None = None
    """A scored level as the catalog writes it (then `level` has its exam metrics as slots, `chosen` as
    roles, with the thresholds of the scenario's track)."""

    @property
    def lists(self) -> dict[str, set[str]]:
        return {lst.id: set(lst.exams) for lst in self.catalog.lists}

    @property
    def roles(self) -> dict[str, Role]:
        return {r.id: r for r in self.chosen.roles} if self.chosen is not None else {}

    def spares(self, report: PlanReport) -> list[Assignment]:
        """The plan's spares for this goal: labelled with it, or unlabelled in one of its roles."""
        roles = self.roles
        return [s for s in report.spares if s.target == self.label or (s.target is None and s.role in roles)]


@dataclass
class _Plan:
    """A plan with everything the rules read: the scenario, the people (staff and hires), the exams every
    goal's catalog knows, the new exams per person, and the goals."""

    scenario: Scenario
    report: PlanReport
    goals: list[_Goal]
    exams: dict[str, Exam]
    people: dict[str, Person]
    """The staff and the hires, by id."""
    staff: dict[str, Person]
    given: list[tuple[str, Catalog, str]] = field(default_factory=list)
    """The goals as given to `recheck`, in order."""
    new: dict[str, set[str]] = field(default_factory=dict)
    """Person id -> the known exams the plan gives them."""

    @property
    def deadline(self) -> dt.date:
        assert self.scenario.deadline is not None
        return self.scenario.deadline

    @property
    def has_plan(self) -> bool:
        return self.report.status in WITH_A_PLAN

    @property
    def spared(self) -> set[str]:
        """Slot kinds given a spare by --buffer."""
        return set(self.report.buffer.roles) if self.report.buffer else set()

    @property
    def k(self) -> int:
        return self.report.resilience.k if self.report.resilience else 0

    def counts(self, person: Person) -> bool:
        """Someone who leaves on or before the deadline does not count."""
        return person.leaves_on is None or person.leaves_on > self.deadline

    def still_counts(self, exam: Exam) -> bool:
        """A pass counts on the deadline unless the exam has stopped counting by then."""
        return exam.counts_until is None or self.deadline <= exam.counts_until

    def held(self, person: Person) -> frozenset[str]:
        """The known exams a person passed that still count on the deadline (a certification with
        `expires` counts on the days before it)."""
        return frozenset(p.exam for p in person.passed
                         if p.exam in self.exams and self.still_counts(self.exams[p.exam])
                         and (p.expires is None or self.deadline < p.expires))

    @functools.cached_property
    def renewals(self) -> set[tuple[str, str]]:
        """(person, exam) of the new exams the report calls renewals."""
        return {(e.person, e.exam) for e in self.report.new_exams if e.renewal}

    def has(self, person: Person) -> frozenset[str]:
        """What a person holds on the deadline once the plan is carried out."""
        return self.held(person) | self.new.get(person.id, set())

    @functools.cached_property
    def others(self) -> Counter[frozenset[str]]:
        """The people who count on the deadline and take no new exam, counted once per set of exams they
        hold (a roster of 100,000 is read once; every Hall count after that costs the few sets)."""
        out: Counter[frozenset[str]] = Counter()
        none: frozenset[str] = frozenset()
        for person in self.people.values():
            if person.id not in self.new and self.counts(person):
                out[self.held(person) if person.passed else none] += 1
        return out

    def touched(self) -> list[Person]:
        """The people who count on the deadline and take a new exam."""
        return [self.people[pid] for pid in self.new if self.counts(self.people[pid])]


def recheck(scenario: Scenario, goals: Goals, report: PlanReport) -> list[str]:
    """Every way the plan in `report` for `goals` breaks their rules or misstates itself (empty: sound)."""
    plan = _plan(scenario, goals, report)
    problems: list[str] = []
    for rule in PLAN_RULES:
        problems += rule(plan)
    for goal in plan.goals:
        prefix = "" if goal.top_level else f"{goal.label}: "
        for goal_rule in GOAL_RULES:
            problems += [prefix + p for p in goal_rule(plan, goal)]
    return problems


def _plan(scenario: Scenario, goals: Goals, report: PlanReport) -> _Plan:
    exams: dict[str, Exam] = {}
    for _, catalog, _ in goals:
        for exam in catalog.exams:
            exams.setdefault(exam.code, exam)
    staff = {p.id: p for p in scenario.staff}
    people = dict(staff)
    profiles = {hp.profile: hp for hp in scenario.hiring}
    for hire in report.hires:
        hp = profiles.get(hire.profile)
        if hp is not None and hire.id not in people:
            people[hire.id] = Person(id=hire.id, passed=hp.passed, can_take=hp.can_take,
                                     max_new_exams=hp.max_new_exams, hourly_rate_usd=hp.hourly_rate_usd,
                                     leaves_on=None, exams_per_month=None, pass_factor=None)
    plan = _Plan(scenario, report, [], exams, people, staff, list(goals))
    for item in report.new_exams:
        if item.person in people and item.exam in exams:
            plan.new.setdefault(item.person, set()).add(item.exam)
    plan.goals = _goals(goals, report, scenario)
    return plan


def _goals(goals: Goals, report: PlanReport, scenario: Scenario) -> list[_Goal]:
    """The goals, each with the claim the report makes about it."""
    if len(goals) == 1 and not report.targets:
        label, catalog, level_id = goals[0]
        claim = TargetPlan(
            target=label, competency=report.competency, level=report.level, option=report.option,
            rules_revision=report.rules_revision or catalog.revision, reachable=report.reachable,
            gates=report.gates, assignments=report.assignments, new_exams=[], alone=None)
        return [_resolved(_Goal(label, catalog, level_id, claim, top_level=True), scenario)]
    by_label: dict[str, TargetPlan] = {}
    for target in report.targets:
        by_label.setdefault(target.target, target)
    return [_resolved(_Goal(label, catalog, level_id, by_label[label], top_level=False), scenario)
            for label, catalog, level_id in goals if label in by_label]


def _resolved(goal: _Goal, scenario: Scenario) -> _Goal:
    goal.chosen, _ = _option(goal.catalog, goal.claim.option)
    if goal.chosen is not None:
        goal.level = next((lv for lv in goal.chosen.levels if lv.id == goal.level_id), None)
    if goal.chosen is not None and goal.level is not None and goal.level.score is not None:
        score, track = goal.level.score, scenario.organization.track
        goal.scored = goal.level
        slots = {m.id: _threshold(m.threshold, track) for m in score.metrics if m.lists}
        roles = [Role(id=m.id, lists=m.lists) for m in score.metrics if m.lists]
        goal.level = goal.level.model_copy(update={"slots": slots})
        goal.chosen = goal.chosen.model_copy(update={"roles": [*goal.chosen.roles, *roles]})
    return goal


def _threshold(threshold: int | dict[str, int], track: str | None) -> int:
    """A metric's threshold on the scenario's track."""
    if isinstance(threshold, int):
        return threshold
    if track not in threshold:
        return 0  # no such track: the loader refuses it; nothing can count
    return threshold[track]


def _option(catalog: Catalog, option: str | None) -> tuple[Catalog | None, str | None]:
    """The option's catalog a report names, or the problem with the name."""
    if catalog.options:
        chosen = next((c for c in catalog.option_catalogs() if c.option_id == option), None)
        if chosen is None:
            known = ", ".join(o.id for o in catalog.options)
            return None, f"unknown option {option!r}; {catalog.id} has {known}"
        return chosen, None
    if option is not None and option != (catalog.option_id or None):
        if catalog.option_id:
            return None, f"option {option!r} is not the option planned, {catalog.option_id!r}"
        return None, f"{catalog.id} has no options, the report names option {option!r}"
    return catalog, None


# ---- rules of the plan as a whole ----------------------------------------------------------------------

def dates_are_the_scenarios(plan: _Plan) -> list[str]:
    """The report's as_of and deadline are the scenario's."""
    if (plan.report.as_of, plan.report.deadline) != (plan.scenario.as_of, plan.deadline):
        return ["the report's dates are not the scenario's"]
    return []


def hires_follow_their_profiles(plan: _Plan) -> list[str]:
    """Each hire is of a known profile, numbered hire-1, hire-2, ..., at most `max` per profile, at the
    profile's cost."""
    problems: list[str] = []
    profiles = {hp.profile: hp for hp in plan.scenario.hiring}
    staff = plan.staff
    per_profile: Counter[str] = Counter()
    for n, hire in enumerate(plan.report.hires, start=1):
        hp = profiles.get(hire.profile)
        if hp is None or hire.id != f"hire-{n}" or hire.id in staff:
            problems.append(f"hire {hire.id} of profile {hire.profile!r}: unknown profile or misnumbered")
            continue
        per_profile[hire.profile] += 1
        if per_profile[hire.profile] == hp.max + 1:
            problems.append(f"more than {hp.max} hires of profile {hire.profile!r}")
        if _cents(hire.cost_usd) != _cents(hp.cost_usd):
            problems.append(f"hire {hire.id} costs {hp.cost_usd}, the plan says {hire.cost_usd}")
    return problems


def new_exams_are_known_and_once(plan: _Plan) -> list[str]:
    """Each new exam names a person of the plan and an exam of a goal's catalog, once."""
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for item in plan.report.new_exams:
        if item.person not in plan.people or item.exam not in plan.exams:
            problems.append(f"new exam {item.person}/{item.exam}: unknown person or exam")
        elif (item.person, item.exam) in seen:
            problems.append(f"{item.person} is planned {item.exam} twice")
        seen.add((item.person, item.exam))
    return problems


def new_exams_are_open(plan: _Plan) -> list[str]:
    """A new exam can be taken between as_of and the deadline, and its pass still counts on the deadline."""
    problems: list[str] = []
    as_of, deadline = plan.scenario.as_of, plan.deadline
    for e in plan.report.new_exams:
        person = plan.people.get(e.person)
        if e.renewal and person is not None and e.exam in plan.exams \
                and not _renewal_days(plan, person, e.exam):
            problems.append(f"{e.person}/{e.exam} is planned as a renewal, but no certification of theirs "
                            f"can be renewed between {as_of} and {deadline} to count on the deadline")
    for code in dict.fromkeys(e.exam for e in plan.report.new_exams
                              if e.exam in plan.exams and not e.renewal):
        exam = plan.exams[code]
        if _window(exam, as_of, deadline) is None:
            problems.append(f"{code} cannot be taken between {as_of} and {deadline}")
        if not plan.still_counts(exam):
            problems.append(f"{code} no longer counts on {deadline}")
    return problems


def new_exams_are_allowed(plan: _Plan) -> list[str]:
    """A new exam goes to someone who counts on the deadline, does not hold it, may take it (can_take) and
    stays within max_new_exams."""
    problems: list[str] = []
    for item in plan.report.new_exams:
        person = plan.people.get(item.person)
        if person is None or item.exam not in plan.exams:
            continue
        if not plan.counts(person):
            problems.append(f"{person.id} leaves on {person.leaves_on} but is planned {item.exam}")
        if item.exam in plan.held(person):
            problems.append(f"{person.id} already holds {item.exam}")
        if person.can_take is not None and item.exam not in person.can_take and not item.renewal:
            problems.append(f"{person.id} may not take {item.exam} (can_take)")
    for pid, mine in plan.new.items():
        cap = plan.people[pid].max_new_exams
        mine = {c for c in mine if (pid, c) not in plan.renewals}
        if cap is not None and len(mine) > cap:
            problems.append(f"{pid} is planned {len(mine)} new exams, more than max_new_exams {cap}")
    return problems


def new_exam_costs_are_the_scenarios(plan: _Plan) -> list[str]:
    """Each new exam costs fee + preparation hours x the person's hourly rate, and the optional breakdown
    (fee_usd, prep_hours, hourly_rate_usd), where given, is the scenario's."""
    problems: list[str] = []
    for item in plan.report.new_exams:
        person = plan.people.get(item.person)
        if person is None or item.exam not in plan.exams:
            continue
        fee, hours, rate = _cost_parts(plan.scenario, person, item.exam, bool(item.renewal))
        expected = round((fee + hours * rate) * 100)
        where = f"{person.id}/{item.exam}"
        if _cents(item.cost_usd) != expected:
            problems.append(f"{where} costs {expected / 100:.2f}, the plan says {item.cost_usd}")
        for name, claimed, actual in (("fee_usd", item.fee_usd, fee), ("prep_hours", item.prep_hours, hours),
                                      ("hourly_rate_usd", item.hourly_rate_usd, rate)):
            if claimed is not None and abs(claimed - actual) > CENT:
                problems.append(f"{where}: {name} {claimed} is not the scenario's {actual}")
    return problems


def totals_add_up(plan: _Plan) -> list[str]:
    """total_new_exams counts the new exams; total_cost_usd is their cost and the hires' recomputed."""
    problems: list[str] = []
    report = plan.report
    renewals = sum(1 for e in report.new_exams if e.renewal)
    if report.total_new_exams != len(report.new_exams) - renewals:
        aside = " (renewals aside)" if renewals else ""
        problems.append(f"total_new_exams {report.total_new_exams} != {len(report.new_exams) - renewals} "
                        f"listed{aside}")
    if (report.total_renewals or 0) != renewals:
        problems.append(f"total_renewals {report.total_renewals} != {renewals} listed")
    cents = _plan_cents(plan, report.new_exams, report.hires)
    if _cents(report.total_cost_usd) != cents:
        problems.append(f"total_cost_usd {report.total_cost_usd} != {cents / 100:.2f} recomputed")
    return problems


def within_budget(plan: _Plan) -> list[str]:
    """A plan costs at most its budget."""
    report = plan.report
    cents = _plan_cents(plan, report.new_exams, report.hires)
    if plan.has_plan and report.budget_usd is not None and cents > _cents(report.budget_usd):
        return [f"the plan costs {cents / 100:.2f}, over the budget of {report.budget_usd}"]
    return []


def no_plan_lists_nothing(plan: _Plan) -> list[str]:
    """An answer without a plan (infeasible, unknown) lists no exam, hire or slot holder."""
    report = plan.report
    listed = any(t.assignments or t.new_exams for t in report.targets)
    if not plan.has_plan and (report.new_exams or report.assignments or report.hires or listed):
        return [f"an {report.status} answer lists exams or slot holders"]
    return []


def targets_are_the_goals(plan: _Plan) -> list[str]:
    """With several goals (or options) report.targets lists each goal once, in the goals' order."""
    report, goals = plan.report, plan.given
    if len(goals) == 1 and not report.targets:
        return []
    problems: list[str] = []
    labels = [label for label, _, _ in goals]
    listed = [t.target for t in report.targets]
    if listed != labels:
        problems.append(f"the report lists the targets {listed}; the goals are {labels}, in that order")
    for label, n in Counter(listed).items():
        if label not in labels:
            problems.append(f"target {label} is not one of the goals")
        elif n > 1:
            problems.append(f"target {label} is listed {n} times")
    problems += [f"target {label} is missing from the report" for label in labels if label not in listed]
    return problems


def top_level_names_the_first_goal(plan: _Plan) -> list[str]:
    """With targets, the top level names the first goal: its competency, level, revision and (where it
    names one) option."""
    report, goals = plan.report, plan.given
    if not report.targets or not goals:
        return []
    problems: list[str] = []
    _, catalog, level_id = goals[0]
    if (report.competency, report.level) != (catalog.id, level_id):
        problems.append(f"the report names {report.competency}:{report.level}, the first goal is "
                        f"{catalog.id}:{level_id}")
    if report.rules_revision is not None and report.rules_revision != catalog.revision:
        problems.append(f"rules_revision {report.rules_revision} is not that of the first target, "
                        f"{catalog.revision}")
    first = next((t for t in report.targets if t.target == goals[0][0]), None)
    if report.option is not None and first is not None and report.option != first.option:
        problems.append(f"option {report.option!r} is not the first target's, {first.option!r}")
    return problems


def top_level_is_the_targets_put_together(plan: _Plan) -> list[str]:
    """With targets, the top-level slot holders (of a plan) and gates are the targets' put together, gates
    in the goals' order and named 'label/gate' when there are several goals."""
    report = plan.report
    if not report.targets:
        return []
    problems: list[str] = []
    together = [a for t in report.targets for a in t.assignments]
    if plan.has_plan and Counter(map(_slot_key, report.assignments)) != Counter(map(_slot_key, together)):
        problems.append("the top-level assignments are not the targets' assignments put together")
    several = len(plan.given) > 1
    gates = [g.model_copy(update={"name": f"{goal.label}/{g.name}"}) if several else g
             for goal in plan.goals for g in goal.claim.gates]
    if [g.model_dump() for g in report.gates] != [g.model_dump() for g in gates]:
        problems.append("the top-level gates are not the targets' gates put together")
    return problems


def one_gold_per_person(plan: _Plan) -> list[str]:
    """With policy one_gold_per_person, a person fills slots toward at most one Gold goal."""
    if not plan.scenario.policy.one_gold_per_person:
        return []
    golds: dict[str, list[str]] = {}
    for goal in plan.goals:
        if goal.level_id == "gold":
            for pid in dict.fromkeys(a.person for a in goal.claim.assignments):
                golds.setdefault(pid, []).append(goal.label)
    return [f"{pid} fills slots toward {len(where)} Gold targets ({', '.join(where)}); "
            "policy one_gold_per_person allows one" for pid, where in golds.items() if len(where) > 1]


def every_new_exam_serves(plan: _Plan) -> list[str]:
    """Each new exam serves its taker's slot, or (with resilience or a buffer) a spare's qualification:
    its taker qualifies for a role with it and not without it (a slot holder may be the spare of another
    role, and an alternative lists no spares)."""
    if not plan.has_plan:
        return []
    report = plan.report
    serving = {(a.person, c) for g in plan.goals for a in g.claim.assignments for c in a.exams}
    serving |= {(a.person, c) for a in report.spares for c in a.exams}
    with_spares = plan.k > 0 or bool(plan.spared)
    problems = []
    for item in report.new_exams:
        if (item.person, item.exam) in serving:
            continue
        if with_spares and _readies_a_role(plan, item):
            continue
        problems.append(f"{item.person}/{item.exam} is planned but serves no slot")
    return problems


def spares_are_qualified(plan: _Plan) -> list[str]:
    """A spare counts on the deadline, fills no slot, and holds (or is planned) one exam of each list of
    the role it is spare for."""
    problems: list[str] = []
    holders = {a.person for g in plan.goals for a in g.claim.assignments}
    for spare in plan.report.spares:
        person = plan.people.get(spare.person)
        goal = next((g for g in plan.goals if spare.role in g.roles
                     and spare.target in (None, g.label)), None)
        if person is None or goal is None:
            problems.append(f"spare {spare.person}/{spare.role}: unknown person or role")
            continue
        if spare.person in holders:
            problems.append(f"spare {spare.person} also fills a slot")
        if not plan.counts(person):
            problems.append(f"spare {person.id} does not count on {plan.deadline}")
        role = goal.roles[spare.role]
        problems += [f"spare {p}" for p in _slot_exams_problems(plan.has(person), person.id, role, goal.lists,
                                                                 spare.exams)]
    return problems


def calendar_books_every_new_exam_once(plan: _Plan) -> list[str]:
    """A calendar books each new exam exactly once, and nothing else."""
    report = plan.report
    if not report.schedule:
        return []
    booked = Counter((b.person, b.exam) for b in report.schedule)
    if set(booked) != {(e.person, e.exam) for e in report.new_exams} or max(booked.values()) > 1:
        return ["the calendar does not book every new exam exactly once"]
    return []


def calendar_months_are_open(plan: _Plan) -> list[str]:
    """Each booking is in a month written YYYY-MM in which its exam can be taken on at least
    policy.days_to_book days between as_of and the deadline, and not in one of its person's unavailable
    months."""
    problems: list[str] = []
    as_of, deadline = plan.scenario.as_of, plan.deadline
    for b in plan.report.schedule:
        days = _month_days(b.month)
        if days is None:
            problems.append(f"{b.person}/{b.exam} is booked in {b.month!r}, which is not a month written "
                            "YYYY-MM")
            continue
        person, exam = plan.people.get(b.person), plan.exams.get(b.exam)
        if person is None or exam is None:
            continue
        window = _window(exam, as_of, deadline)
        if (b.person, b.exam) in plan.renewals:
            window = _renewal_days(plan, person, b.exam)
        need = plan.scenario.policy.days_to_book
        if window is None or (min(days[1], window[1]) - max(days[0], window[0])).days + 1 < need:
            problems.append(f"{b.exam} cannot be taken in {b.month} (between {as_of} and {deadline}, at "
                            f"least {need} days of the month: policy.days_to_book)")
        if b.month in person.unavailable:
            problems.append(f"{b.person} is unavailable in {b.month} but is booked {b.exam}")
    return problems


def calendar_keeps_exams_per_month(plan: _Plan) -> list[str]:
    """A person is booked at most exams_per_month exams in a month (their own limit, else the policy's)."""
    per_month = Counter((b.person, b.month) for b in plan.report.schedule if b.person in plan.people)
    problems = []
    for (pid, month), n in per_month.items():
        cap = plan.people[pid].exams_per_month
        cap = plan.scenario.policy.exams_per_month if cap is None else cap
        if n > cap:
            problems.append(f"{pid} is booked {n} exams in {month}, more than {cap}")
    return problems


def path_lists_every_new_exam_once(plan: _Plan) -> list[str]:
    """When the report has a path (or the levels met along it), the path lists every new exam once, in
    steps 1, 2, ..., each in the month the calendar books it."""
    report = plan.report
    if not (report.path or report.levels_met or report.probability_level_met is not None):
        return []
    problems: list[str] = []
    steps = Counter((s.person, s.exam) for s in report.path)
    if steps != Counter((e.person, e.exam) for e in report.new_exams):
        problems.append(f"the path lists {len(report.path)} step(s); it must list each of the "
                        f"{len(report.new_exams)} new exam(s) once")
    if [s.step for s in report.path] != list(range(1, len(report.path) + 1)):
        problems.append("the path's steps are not numbered 1, 2, ... in order")
    month_of = {(b.person, b.exam): b.month for b in report.schedule}
    if any(s.month != month_of.get((s.person, s.exam)) for s in report.path):
        problems.append("the path's months are not the calendar's")
    return problems


def levels_met_are_along_the_path(plan: _Plan) -> list[str]:
    """Each level said met is a level of a goal ('competency:level', or its id alone with one goal), met
    after a step of the path (0: before any)."""
    if any(g.chosen is None for g in plan.goals):
        return []
    known: set[str] = set()
    for g in plan.goals:
        levels = g.chosen.levels if g.chosen is not None else []
        known |= {f"{g.catalog.id}:{lv.id}" for lv in levels}
        known |= {lv.id for lv in levels if len(plan.goals) == 1}
    steps = len(plan.report.path)
    problems = [f"levels_met names {m.level}, not a level of the goals ({', '.join(sorted(known))})"
                for m in plan.report.levels_met if m.level not in known]
    if steps:
        problems += [f"levels_met says {m.level} is met after step {m.after_step}; the path has {steps} "
                     "step(s)" for m in plan.report.levels_met if not 0 <= m.after_step <= steps]
    return problems


def probability_all_pass_is_recomputed(plan: _Plan) -> list[str]:
    """probability_all_pass is the product of the new exams' pass rates (exam rate x person factor, at
    most 1), a probability."""
    claimed = plan.report.probability_all_pass
    if claimed is None:
        return []
    if not 0.0 <= claimed <= 1.0:
        return [f"probability_all_pass {claimed} is not a probability"]
    chance = _all_pass(plan, plan.report.new_exams)
    if abs(chance - claimed) > 1e-9:
        return [f"probability_all_pass {claimed} != {chance} recomputed"]
    return []


def probability_level_met_is_recomputed(plan: _Plan) -> list[str]:
    """probability_level_met is the chance that, each new exam taken once, every goal's slots can still be
    filled (spares cover a failure): at least probability_all_pass, at most 1, and (for up to 16 new exams,
    without one_gold_per_person between several Gold goals) the enumerated chance."""
    claimed = plan.report.probability_level_met
    if claimed is None or not plan.has_plan:
        return []
    if not 0.0 <= claimed <= 1.0:
        return [f"probability_level_met {claimed} is not a probability"]
    floor = _all_pass(plan, plan.report.new_exams)
    if claimed < floor - 1e-9:
        return [f"probability_level_met {claimed} is below probability_all_pass {floor}"]
    golds = sum(1 for g in plan.goals if g.level_id == "gold")
    if len(plan.report.new_exams) > MAX_EXAMS_FOR_EXACT_ODDS or (
            plan.scenario.policy.one_gold_per_person and golds > 1):
        return []
    chance = _chance_goals_met(plan)
    if chance is not None and abs(chance - claimed) > 1e-9:
        return [f"probability_level_met {claimed} != {chance} recomputed"]
    return []


def expected_cost_is_recomputed(plan: _Plan) -> list[str]:
    """expected_cost_usd is, per new exam, the fee once per expected attempt (1 / pass rate) plus the
    preparation once, and the hires: never negative, never below total_cost_usd."""
    claimed = plan.report.expected_cost_usd
    if claimed is None:
        return []
    if claimed < 0:
        return [f"expected_cost_usd {claimed} is negative"]
    if claimed < plan.report.total_cost_usd - CENT:
        return [f"expected_cost_usd {claimed} is below total_cost_usd {plan.report.total_cost_usd}"]
    cents = 0.0
    for e in plan.report.new_exams:
        person = plan.people.get(e.person)
        if person is not None:
            fee, hours, rate = _cost_parts(plan.scenario, person, e.exam, bool(e.renewal))
            cents += (fee / _rate_of(plan, person, e) + hours * rate) * 100
    expected = round((cents + _plan_cents(plan, [], plan.report.hires)) / 100, 2)
    if abs(expected - claimed) > CENT + 1e-9:
        return [f"expected_cost_usd {claimed} != {expected:.2f} recomputed"]
    return []


def buffer_claims_hold(plan: _Plan) -> list[str]:
    """A buffer's probabilities are probabilities, its chance after is the plan's, its spared roles are
    roles of a goal, and its extra cost is not negative."""
    buffer = plan.report.buffer
    if buffer is None:
        return []
    problems = [f"buffer {name} {value} is not a probability"
                for name, value in (("probability_level_met_before", buffer.probability_level_met_before),
                                    ("probability_level_met", buffer.probability_level_met))
                if value is not None and not 0.0 <= value <= 1.0]
    met, after = plan.report.probability_level_met, buffer.probability_level_met
    if met is not None and after is not None and abs(after - met) > 1e-9:
        problems.append(f"buffer probability_level_met {after} is not the plan's {met}")
    roles = {rid for g in plan.goals for rid in g.roles}
    problems += [f"buffer spares role {rid}, which no goal has" for rid in buffer.roles if rid not in roles]
    if buffer.extra_cost_usd is not None and buffer.extra_cost_usd < 0:
        problems.append(f"buffer extra_cost_usd {buffer.extra_cost_usd} is negative")
    return problems


def fixes_are_real(plan: _Plan) -> list[str]:
    """A fix is of a known kind, names a person of the staff where its kind needs one (one that has the
    limit to lift, or leaves), proposes revenue equal to a failing gate's gap, DPOR only where DPOR fails,
    and none is proposed for a reachable plan."""
    fixes = plan.report.fixes
    if not fixes:
        return []
    problems = ["a reachable plan proposes fixes"] if plan.report.reachable else []
    for n, fix in enumerate(fixes, start=1):
        problems += [f"fix {n} ({fix.kind}): {p}" for p in _fix_problems(plan, fix)]
    return problems


def saving_adds_up(plan: _Plan) -> list[str]:
    """A saving is claimed for several goals only: the alone figures are the targets' planned alone, the
    savings their difference with this plan, and the shared exams exactly the new exams that serve two
    goals or more (their slot holders or spares)."""
    saving, report = plan.report.saving, plan.report
    if saving is None:
        return []
    if len(plan.goals) < 2:
        return ["a plan for one goal claims a saving"]
    problems = _alone_problems(saving, report.targets)
    together = report.total_new_exams  # renewals aside (totals_add_up checks the count)
    if saving.new_exams_saved != saving.planned_alone_new_exams - together:
        problems.append(f"new_exams_saved {saving.new_exams_saved} != "
                        f"{saving.planned_alone_new_exams - together} recomputed")
    saved = _cents(saving.planned_alone_cost_usd) - _plan_cents(plan, report.new_exams, report.hires)
    if _cents(saving.saving_usd) != saved:
        problems.append(f"saving_usd {saving.saving_usd} != {saved / 100:.2f} recomputed")
    serving = Counter(pair for g in plan.goals for pair in _uses(g, report))
    shared = sorted(f"{e.person} {e.exam}" for e in report.new_exams if serving[(e.person, e.exam)] > 1)
    if sorted(saving.shared_exams) != shared:
        problems.append(f"shared_exams {saving.shared_exams} are not the new exams serving two goals, "
                        f"{shared}")
    return problems


def _alone_problems(saving: Saving, targets: list[TargetPlan]) -> list[str]:
    """The planned-alone figures are the targets' own, added up (when every target has them)."""
    alone = [t.alone for t in targets]
    exams, cost = 0, 0.0
    for a in alone:
        if a is None or a.total_new_exams is None or a.total_cost_usd is None:
            return []
        exams, cost = exams + a.total_new_exams, cost + a.total_cost_usd
    if (saving.planned_alone_new_exams, _cents(saving.planned_alone_cost_usd)) != (exams, _cents(cost)):
        return [f"planned alone {saving.planned_alone_new_exams} exam(s), {saving.planned_alone_cost_usd}; "
                f"the targets alone add up to {exams}, {round(cost, 2)}"]
    return []


def reachable_follows_the_targets(plan: _Plan) -> list[str]:
    """With targets, the plan is reachable exactly when there is a plan and every target says it is."""
    report = plan.report
    if not report.targets:
        return []
    if not plan.has_plan:
        return ["reachable is True but there is no plan"] if report.reachable else []
    reachable = all(t.reachable for t in report.targets)
    if report.reachable != reachable:
        return [f"reachable is {report.reachable} but the targets say {reachable}"]
    return []


def alternatives_are_next_best(plan: _Plan) -> list[str]:
    """Each alternative is a sound plan (re-checked as one), ranked 2, 3, ..., no better than the one
    before it by the objective, distinct from every plan before it, with its adds and drops against the
    first plan right."""
    report = plan.report
    if not report.alternatives:
        return []
    problems: list[str] = []
    ranks = [alt.rank for alt in report.alternatives]
    if ranks != list(range(2, len(ranks) + 2)):
        problems.append(f"the alternatives are ranked {ranks}; they count up from 2")
    seen = [_changes(report, report.new_exams, report.hires)]
    previous = _objective_key(plan, report.new_exams, report.hires, report.total_cost_usd)
    first = _pairs(report.new_exams, report.hires)
    for alt in report.alternatives:
        as_plan = _as_plan(plan, alt)
        problems += [f"alternative {alt.rank}: {p}" for p in recheck(plan.scenario, plan.given, as_plan)]
        mine = _changes(report, alt.new_exams, alt.hires)
        if mine in seen:
            problems.append(f"alternative {alt.rank} repeats an earlier plan")
        seen.append(mine)
        key = _objective_key(plan, alt.new_exams, alt.hires, alt.total_cost_usd)
        if key < previous:
            problems.append(f"alternative {alt.rank} is better than the plan before it")
        previous = key
        pairs = _pairs(alt.new_exams, alt.hires)
        if (sorted(alt.adds), sorted(alt.drops)) != (sorted(_minus(pairs, first)),
                                                     sorted(_minus(first, pairs))):
            problems.append(f"alternative {alt.rank}: adds and drops are not its differences with the first "
                            "plan")
    return problems


# ---- rules of each goal ---------------------------------------------------------------------------------

def goal_is_labelled_as_planned(plan: _Plan, goal: _Goal) -> list[str]:
    """The report names the goal's competency and level, the revision planned and an option it has."""
    problems: list[str] = []
    claim, catalog = goal.claim, goal.catalog
    if (claim.competency, claim.level) != (catalog.id, goal.level_id):
        problems.append(f"the report names {claim.competency}:{claim.level}, planned as "
                        f"{catalog.id}:{goal.level_id}")
    if claim.rules_revision != catalog.revision:
        problems.append(f"rules_revision {claim.rules_revision} is not the revision planned, "
                        f"{catalog.revision}")
    if catalog.options and claim.option is None and not plan.has_plan:
        return problems  # no plan, so no option chosen
    _, why = _option(catalog, claim.option)
    if why is not None:
        return [*problems, why]
    if goal.level is None:
        problems.append(f"unknown level {goal.level_id!r}")
    return problems


def gates_are_recomputed(plan: _Plan, goal: _Goal) -> list[str]:
    """The goal's gates are its level's, by name and verdict, with the required, actual and missing
    revenue (where given) recomputed from the scenario."""
    if goal.level is None:
        return []
    expected = _gates(plan.scenario, goal.catalog.id, goal.level)
    reported = {g.name: g.ok for g in goal.claim.gates}
    verdicts = {g.name: g.ok for g in expected}
    if [g.name for g in goal.claim.gates] != [g.name for g in expected] or reported != verdicts:
        return [f"the report's gates {reported} are not the level's {verdicts}"]
    problems = []
    for claimed, actual in zip(goal.claim.gates, expected, strict=True):
        for name in ("required_usd", "actual_usd", "gap_usd"):
            said, value = getattr(claimed, name), getattr(actual, name)
            if said is not None and (value is None or abs(said - value) > CENT):
                problems.append(f"gate {claimed.name}: {name} {said} is not {value} recomputed")
    return problems


def reachable_follows_the_gates(plan: _Plan, goal: _Goal) -> list[str]:
    """A goal is reachable exactly when there is a plan and every gate of its level is met."""
    claimed = goal.claim.reachable
    if goal.level is None:
        if claimed and not plan.has_plan:
            return [f"reachable is {claimed} but there is no plan"]
        return []
    gates_ok = all(g.ok for g in _gates(plan.scenario, goal.catalog.id, goal.level))
    if claimed != (plan.has_plan and gates_ok):
        why = f"the gates say {gates_ok}" if plan.has_plan else "there is no plan"
        return [f"reachable is {claimed} but {why}"]
    return []


def slot_holders_qualify(plan: _Plan, goal: _Goal) -> list[str]:
    """Each slot holder is a person of the plan who counts on the deadline, in a role of the goal's
    option, named with one exam of each of the role's lists, each held or planned."""
    if not plan.has_plan or goal.chosen is None:
        return []
    problems: list[str] = []
    roles, lists = goal.roles, goal.lists
    for a in goal.claim.assignments:
        if not goal.top_level and a.target != goal.label:
            problems.append(f"the slot {a.person}/{a.role} is labelled {a.target!r}")
        person, role = plan.people.get(a.person), roles.get(a.role)
        if person is None:
            problems.append(f"slot {a.person}/{a.role}: {a.person} is neither on the staff nor hired")
            continue
        if role is None:
            where = goal.chosen.option_id or goal.catalog.id
            problems.append(f"slot {a.person}/{a.role}: {where} has no role {a.role}")
            continue
        if not plan.counts(person):
            problems.append(f"{person.id} fills a {a.role} slot but does not count on {plan.deadline}")
        problems += _slot_exams_problems(plan.has(person), person.id, role, lists, a.exams)
    return problems


def slot_counts_are_the_levels(plan: _Plan, goal: _Goal) -> list[str]:
    """The plan fills exactly the slots the level has, role by role."""
    if not plan.has_plan or goal.level is None:
        return []
    level = goal.level
    filled = Counter(a.role for a in goal.claim.assignments)
    if goal.scored is not None:  # a metric counts at most its threshold of people
        return [f"{filled[rid]} people count toward {rid}, more than its threshold {level.slots.get(rid, 0)}"
                for rid in filled if filled[rid] > level.slots.get(rid, 0)]
    return [f"{level.name} needs {level.slots.get(rid, 0)} {rid} slot(s); the plan fills {filled[rid]}"
            for rid in [*level.slots, *sorted(set(filled) - set(level.slots))]
            if filled[rid] != level.slots.get(rid, 0)]


def people_rule_is_kept(plan: _Plan, goal: _Goal) -> list[str]:
    """'different': no person fills two slots of the level; 'same-or-different': a person fills at most one
    slot of each role."""
    if not plan.has_plan or goal.level is None:
        return []
    level, assignments = goal.level, goal.claim.assignments
    if level.people == "different":
        why = "every slot needs a different person" if goal.top_level else \
            f"every slot of {level.name} needs a different person"
        return [f"{pid} fills {n} slots; {why}"
                for pid, n in Counter(a.person for a in assignments).items() if n > 1]
    return [f"{pid} fills {n} {rid} slots; a person fills at most one slot of each role"
            for (pid, rid), n in Counter((a.person, a.role) for a in assignments).items() if n > 1]


def target_lists_the_new_exams_it_uses(plan: _Plan, goal: _Goal) -> list[str]:
    """A target lists exactly the plan's new exams its slot holders and its spares use."""
    if goal.top_level or not plan.has_plan:
        return []
    used = _uses(goal, plan.report)
    want = Counter(_new_exam_key(e) for e in plan.report.new_exams if (e.person, e.exam) in used)
    got = Counter(_new_exam_key(e) for e in goal.claim.new_exams)
    if want != got:
        return [f"new_exams lists {sorted(got.elements())}; its slot holders and spares use the plan's "
                f"new exams {sorted(want.elements())}"]
    return []


def survives_k_departures(plan: _Plan, goal: _Goal) -> list[str]:
    """With resilience K (or a buffer), the goal's slots can still be filled after any K counted people
    leave (one for a spared role): by Hall's theorem, every set of roles has at least its slots + K people
    qualifying for one of them (each role on its own when a person may fill a slot of each role)."""
    k, spared = plan.k, plan.spared
    if not plan.has_plan or goal.level is None or not (k or spared & set(goal.roles)):
        return []
    quals = _qualifications(goal, plan.others + Counter(plan.has(p) for p in plan.touched()))
    if goal.scored is not None:
        k = max(k, 1 if spared & set(goal.roles) else 0)  # a buffer: one departure (one failed exam)
        worst = _worst_departures(plan, goal, quals, k)
        return [] if worst is None else [
            f"after {k} departure(s) ({worst}) {goal.scored.name} no longer has its points"]
    level = goal.level
    short = _short_groups(level, quals, lambda group: max(k, 1 if spared & set(group) else 0))
    return [f"after {k} departure(s) the {'/'.join(group)} slots need {need} qualified people; the plan "
            f"has {have}" for group, need, have in short]


def score_is_reached(plan: _Plan, goal: _Goal) -> list[str]:
    """A scored goal's points on the deadline, with the plan carried out (every person who counts then and
    qualifies for an exam metric, at most its threshold, plus the scenario's figures), reach its total, and
    every metric has more than 0 (where asked) and its own minimum."""
    if not plan.has_plan or goal.scored is None or goal.level is None:
        return []
    quals = _qualifications(goal, plan.others + Counter(plan.has(p) for p in plan.touched()))
    points = _points(plan, goal, quals)
    short = _score_problems(goal.scored, points)
    return [f"{goal.scored.name} is not met on {plan.deadline}: {', '.join(short)}"] if short else []


def scores_are_recomputed(plan: _Plan, goal: _Goal) -> list[str]:
    """The report's score for a scored goal is the one recomputed: points per metric, the total and the
    verdict; and a scored goal has a score when there is a plan."""
    if goal.scored is None or goal.level is None:
        return []
    said = next((sc for sc in plan.report.scores or [] if sc.target == goal.label), None)
    if said is None:
        return ["the report gives no score for this scored level"] if plan.has_plan else []
    quals = _qualifications(goal, plan.others + Counter(plan.has(p) for p in plan.touched()))
    points = _points(plan, goal, quals)
    return _score_claim_problems(said, points, not _score_problems(goal.scored, points))


PLAN_RULES: list[Callable[[_Plan], list[str]]] = [
    dates_are_the_scenarios,
    hires_follow_their_profiles,
    new_exams_are_known_and_once,
    new_exams_are_open,
    new_exams_are_allowed,
    new_exam_costs_are_the_scenarios,
    totals_add_up,
    within_budget,
    no_plan_lists_nothing,
    targets_are_the_goals,
    top_level_names_the_first_goal,
    top_level_is_the_targets_put_together,
    one_gold_per_person,
    every_new_exam_serves,
    spares_are_qualified,
    calendar_books_every_new_exam_once,
    calendar_months_are_open,
    calendar_keeps_exams_per_month,
    path_lists_every_new_exam_once,
    levels_met_are_along_the_path,
    probability_all_pass_is_recomputed,
    probability_level_met_is_recomputed,
    expected_cost_is_recomputed,
    buffer_claims_hold,
    fixes_are_real,
    saving_adds_up,
    reachable_follows_the_targets,
    alternatives_are_next_best,
]
"""The rules of the plan as a whole, in the order their problems are listed."""
GOAL_RULES: list[Callable[[_Plan, _Goal], list[str]]] = [
    goal_is_labelled_as_planned,
    gates_are_recomputed,
    reachable_follows_the_gates,
    slot_holders_qualify,
    slot_counts_are_the_levels,
    people_rule_is_kept,
    target_lists_the_new_exams_it_uses,
    survives_k_departures,
    score_is_reached,
    scores_are_recomputed,
]
"""The rules of each goal, run goal by goal (a goal's problems are prefixed with its label when the plan
has targets)."""


# ---- helpers --------------------------------------------------------------------------------------------

def _cents(usd: float) -> int:
    return round(usd * 100)


def _window(exam: Exam, as_of: dt.date, deadline: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days from as_of to the deadline on which the exam can be taken, or None."""
    first = max(as_of, exam.first_take or as_of)
    last = min(deadline, exam.last_take or deadline)
    return (first, last) if first <= last else None


def _month_days(month: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a YYYY-MM month; None for anything else (2018-13, 18-01)."""
    match = MONTH.fullmatch(month)
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        return None
    year, mon = int(match[1]), int(match[2])
    following = dt.date(year + 1, 1, 1) if mon == 12 else dt.date(year, mon + 1, 1)
    return dt.date(year, mon, 1), following - dt.timedelta(days=1)


def _cost_parts(scenario: Scenario, person: Person, code: str, renewal: bool = False
                ) -> tuple[float, float, float]:
    """An exam's fee and preparation hours (the exam's override, else the default; a renewal's from
    costs.renewal_*) and the person's hourly rate (their own, else the default)."""
    costs = scenario.costs
    rate = costs.hourly_rate_usd if person.hourly_rate_usd is None else person.hourly_rate_usd
    if renewal:
        return costs.renewal_fee_usd, costs.renewal_prep_hours, rate
    fee, hours = costs.exam_fee_usd, costs.prep_hours
    override = costs.exams.get(code)
    if override is not None:
        fee = fee if override.fee_usd is None else override.fee_usd
        hours = hours if override.prep_hours is None else override.prep_hours
    return fee, hours, rate


def _plan_cents(plan: _Plan, new_exams: Iterable[NewExam], hires: Iterable[Hire]) -> int:
    """A plan's cost recomputed: its known new exams and its hires of known profiles, in cents."""
    profiles = {hp.profile: hp for hp in plan.scenario.hiring}
    cents = 0
    for item in new_exams:
        person = plan.people.get(item.person)
        if person is not None and item.exam in plan.exams:
            fee, hours, rate = _cost_parts(plan.scenario, person, item.exam, bool(item.renewal))
            cents += round((fee + hours * rate) * 100)
    for hire in hires:
        hp = profiles.get(hire.profile)
        cents += 0 if hp is None else _cents(hp.cost_usd)
    return cents


def _renewal_days(plan: _Plan, person: Person, code: str) -> tuple[dt.date, dt.date] | None:
    """The days between as_of and the deadline on which one of the person's certifications of `code` can be
    renewed so that it counts on the deadline: it holds today, expires on or before the deadline, renewed
    adds a year past the deadline, and the renewal opens 6 months before it expires."""
    as_of, deadline = plan.scenario.as_of, plan.deadline
    exam = plan.exams.get(code)
    if exam is None or not plan.still_counts(exam) or code in plan.held(person):
        return None
    for passed in person.passed:
        window = _renewable(passed, code, as_of, deadline)
        if window is not None:
            return window
    return None


def _renewable(passed: Pass, code: str, as_of: dt.date, deadline: dt.date) -> tuple[dt.date, dt.date] | None:
    if passed.exam != code or passed.expires is None or not as_of < passed.expires <= deadline:
        return None
    year_on = _months_later(passed.expires, 12)
    if deadline >= year_on:
        return None
    first = max(as_of, _months_later(passed.expires, -6))
    last = passed.expires - dt.timedelta(days=1)
    return (first, last) if first <= last else None


def _months_later(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (or earlier), or that month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    for d in range(day.day, 27, -1) if day.day > 28 else [day.day]:
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    return dt.date(year, month + 1, 28)


def _rate_of(plan: _Plan, person: Person, e: NewExam) -> float:
    """A new exam's chance at the first attempt; a renewal's is 1 (retaken at will, free, in its window)."""
    return 1.0 if e.renewal else _pass_rate(plan.scenario, person, e.exam)


def _pass_rate(scenario: Scenario, person: Person, code: str) -> float:
    """The chance a person passes an exam at the first attempt: the exam's rate (its override, else the
    default) times the person's factor, at most 1."""
    override = scenario.costs.exams.get(code)
    rate = override.pass_rate if override and override.pass_rate is not None else scenario.costs.pass_rate
    factor = person.pass_factor if person.pass_factor is not None else 1.0
    return min(1.0, rate * factor)


def _all_pass(plan: _Plan, new_exams: list[NewExam]) -> float:
    return math.prod(_rate_of(plan, plan.people[e.person], e)
                     for e in new_exams if e.person in plan.people)


def _qualifications(goal: _Goal, holdings: Counter[frozenset[str]]) -> Counter[frozenset[str]]:
    """How many people qualify for each set of the goal's roles, given how many hold each set of exams."""
    lists, roles = goal.lists, goal.roles
    out: Counter[frozenset[str]] = Counter()
    for held, n in holdings.items():
        out[frozenset(rid for rid, role in roles.items()
                      if all(held & lists[lid] for lid in role.lists))] += n
    return out


def _short_groups(level: Level, quals: Counter[frozenset[str]], extra: Callable[[tuple[str, ...]], int]
                  ) -> list[tuple[tuple[str, ...], int, int]]:
    """Hall's condition: the sets of roles (each role alone under same-or-different) with fewer qualified
    people than their slots plus `extra`, as (roles, people needed, people qualified)."""
    wanted = [r for r in level.slots if level.slots[r] > 0]
    sizes = range(1, len(wanted) + 1) if level.people == "different" else [1]
    short = []
    for size in sizes:
        for group in itertools.combinations(wanted, size):
            have = sum(n for q, n in quals.items() if q & set(group))
            need = sum(level.slots[r] for r in group) + extra(group)
            if have < need:
                short.append((group, need, have))
    return short


def _points(plan: _Plan, goal: _Goal, quals: Counter[frozenset[str]]) -> dict[str, Fraction]:
    """Each metric's points: max x min(count, threshold) / threshold, the count being the people
    qualifying for an exam metric, else the scenario's figure."""
    assert goal.scored is not None and goal.scored.score is not None
    org = plan.scenario.organization
    out = {}
    for m in goal.scored.score.metrics:
        t = _threshold(m.threshold, org.track)
        count = (Fraction(sum(n for q, n in quals.items() if m.id in q)) if m.lists
                 else Fraction(str(org.metrics.get(m.input or "", 0.0))))
        out[m.id] = Fraction(0) if t == 0 else Fraction(str(m.max_points)) * min(count, Fraction(t)) / t
    return out


def _score_problems(level: Level, points: dict[str, Fraction]) -> list[str]:
    """What keeps these points from meeting the scored level (empty: met)."""
    assert level.score is not None
    score = level.score
    problems = []
    total = sum(points.values(), Fraction(0))
    if total < Fraction(str(score.total)):
        problems.append(f"{float(total):.4g} points of the {score.total:g} needed")
    for m in score.metrics:
        if score.every_metric_above_zero and points[m.id] <= 0:
            problems.append(f"{m.id} has no points")
        if points[m.id] < Fraction(str(m.min_points)):
            problems.append(f"{m.id} has {float(points[m.id]):.4g} points, below its {m.min_points:g}")
    return problems


def _score_claim_problems(said: ScoreStanding, points: dict[str, Fraction], met: bool) -> list[str]:
    problems = []
    total = float(sum(points.values(), Fraction(0)))
    if abs(said.points - total) > 1e-3 or said.met != met:
        problems.append(f"the score says {said.points} points (met: {said.met}); recomputed {total:.4f} "
                        f"(met: {met})")
    claimed = {m.metric: m.points for m in said.metrics}
    for mid, value in points.items():
        if mid not in claimed or abs(claimed[mid] - float(value)) > 1e-3:
            problems.append(f"metric {mid}: the score says {claimed.get(mid)} points; recomputed "
                            f"{float(value):.4f}")
    return problems


def _worst_departures(plan: _Plan, goal: _Goal, quals: Counter[frozenset[str]], k: int) -> str | None:
    """Departures of k people (by the metrics they qualify for) after which the scored goal's points fall
    short, in words; None when every k departures leave it met. Tries every way to take k people from the
    groups of people alike."""
    assert goal.scored is not None
    kinds = sorted((q, n) for q, n in quals.items() if q)
    k = min(k, sum(n for _, n in kinds))
    for taken in _spread(k, [n for _, n in kinds]):
        left = Counter({q: n - t for (q, n), t in zip(kinds, taken, strict=True)})
        if _score_problems(goal.scored, _points(plan, goal, left)):
            return ", ".join(f"{t} qualifying for {'/'.join(sorted(q))}" for (q, _), t in
                             zip(kinds, taken, strict=True) if t)
    return None


def _spread(k: int, sizes: list[int]) -> Iterable[tuple[int, ...]]:
    """Every way to take k people from groups of these sizes (how many from each)."""
    if not sizes:
        if k == 0:
            yield ()
        return
    for first in range(min(k, sizes[0]) + 1):
        for rest in _spread(k - first, sizes[1:]):
            yield (first, *rest)


def _chance_goals_met(plan: _Plan) -> float | None:
    """The chance every goal's slots can be filled when each new exam is taken once (None: a goal is
    unresolved). The people the plan leaves alone are counted once, by what they hold."""
    if any(g.level is None for g in plan.goals):
        return None
    base = plan.others
    held = {p.id: plan.held(p) for p in plan.touched()}
    items = [e for e in plan.report.new_exams if e.person in held]
    rates = [_rate_of(plan, plan.people[e.person], e) for e in items]
    total = 0.0
    # an exam passed for certain (rate 1) has no failing outcome: only the others are enumerated
    for outcome in itertools.product(*[(True,) if r >= 1.0 else (True, False) for r in rates]):
        chance = math.prod(r if ok else 1 - r for r, ok in zip(rates, outcome, strict=True))
        if chance == 0.0:
            continue
        holdings = dict(held)
        for e, ok in zip(items, outcome, strict=True):
            if ok:
                holdings[e.person] = holdings[e.person] | {e.exam}
        if _goals_met(plan, base + Counter(holdings.values())):
            total += chance
    return total


def _goals_met(plan: _Plan, holdings: Counter[frozenset[str]]) -> bool:
    """Every goal's slots can be filled by people with these holdings (Hall's condition)."""
    for goal in plan.goals:
        assert goal.level is not None
        quals = _qualifications(goal, holdings)
        if goal.scored is not None:
            if _score_problems(goal.scored, _points(plan, goal, quals)):
                return False
        elif _short_groups(goal.level, quals, lambda _: 0):
            return False
    return True


def _readies_a_role(plan: _Plan, item: NewExam) -> bool:
    """With the new exam its taker qualifies for a role of some goal, and without it not."""
    person = plan.people.get(item.person)
    if person is None:
        return False
    has = plan.has(person)
    without = has - {item.exam}
    for goal in plan.goals:
        lists = goal.lists
        for role in goal.roles.values():
            qualifies = all(has & lists[lid] for lid in role.lists)
            if qualifies and not all(without & lists[lid] for lid in role.lists):
                return True
    return False


def _slot_exams_problems(has: frozenset[str], pid: str, role: Role, lists: dict[str, set[str]],
                         exams: list[str]) -> list[str]:
    """What is wrong with the exams a slot holder is listed with: one of each of the role's lists, each
    held or planned, and no other."""
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


def _gates(scenario: Scenario, competency: str, level: Level) -> list[Gate]:
    """A level's gates recomputed: each revenue threshold for the partner's market (by gate id; the
    scenario's figure for it in organization.gate_revenue_usd[competency], else revenue_usd; no threshold
    for the market fails the gate), then DPOR."""
    org = scenario.organization
    figures = org.gate_revenue_usd.get(competency, {})
    gates = []
    for gate in level.revenue_gates:
        actual = figures.get(gate.id, org.revenue_usd)
        required = gate.required_usd.get(org.market)
        if required is None:
            gates.append(Gate(name=gate.id, ok=False, actual_usd=actual))
            continue
        gap = max(0.0, required - actual)
        gates.append(Gate(name=gate.id, ok=gap == 0, required_usd=required, actual_usd=actual, gap_usd=gap))
    if level.dpor:
        gates.append(Gate(name="dpor", ok=org.dpor))
    return gates


def _fix_problems(plan: _Plan, fix: Fix) -> list[str]:
    """What is made up in one fix."""
    if fix.kind not in FIX_KINDS:
        return [f"unknown kind of fix; the kinds are {', '.join(FIX_KINDS)}"]
    staff = plan.staff
    if fix.person is not None and fix.person not in staff:
        return [f"{fix.person} is not on the staff"]
    needs = {"lift_can_take": "can_take", "lift_max_new_exams": "max_new_exams", "keep_person": "leaves_on"}
    if fix.kind in needs:
        if fix.person is None:
            return ["names no person"]
        if getattr(staff[fix.person], needs[fix.kind]) is None:
            return [f"{fix.person} has no {needs[fix.kind]} to change"]
    return _gate_fix_problems(plan, fix)


def _gate_fix_problems(plan: _Plan, fix: Fix) -> list[str]:
    """A revenue fix proposes a failing gate's gap, a DPOR fix a failing DPOR gate, a later deadline a
    later day."""
    if fix.kind == "later_deadline" and (fix.deadline is None or fix.deadline <= plan.deadline):
        return [f"deadline {fix.deadline} is not later than {plan.deadline}"]
    failing = _failing_gates(plan)
    if fix.kind not in ("revenue", "dpor") or failing is None:
        return []
    if fix.kind == "dpor":
        return [] if any(g.name == "dpor" for g in failing) else ["no goal fails its DPOR gate"]
    gaps = sorted({g.gap_usd for g in failing if g.gap_usd})
    if fix.amount_usd is None or not any(abs(fix.amount_usd - gap) <= CENT for gap in gaps):
        return [f"amount_usd {fix.amount_usd} is not the gap of a failing gate ({gaps})"]
    return []


def _failing_gates(plan: _Plan) -> list[Gate] | None:
    """Every goal's failing gates, recomputed (None: a goal's option or level is unknown, so its gates
    cannot be known; that is reported on its own)."""
    failing = []
    for goal in plan.goals:
        if goal.level is None:
            return None
        failing += [g for g in _gates(plan.scenario, goal.catalog.id, goal.level) if not g.ok]
    return failing


def _uses(goal: _Goal, report: PlanReport) -> set[tuple[str, str]]:
    """The (person, exam) pairs a goal's slot holders and spares are named with."""
    return {(a.person, c) for a in [*goal.claim.assignments, *goal.spares(report)] for c in a.exams}


def _slot_key(a: Assignment) -> tuple[str, str, tuple[str, ...], str | None]:
    return a.person, a.role, tuple(a.exams), a.target


def _new_exam_key(e: NewExam) -> tuple[str, str, int]:
    return e.person, e.exam, _cents(e.cost_usd)


def _as_plan(plan: _Plan, alt: Alternative) -> PlanReport:
    """An alternative as a plan of its own: its exams, hires and slot holders (each target's taken from
    its labelled slots, with the option its slots fit), the first plan's settings, no claims of its own
    beyond those."""
    report = plan.report
    buffer = Buffer(roles=report.buffer.roles) if report.buffer else None
    as_plan = report.model_copy(update={
        "new_exams": alt.new_exams, "hires": alt.hires, "assignments": alt.assignments,
        "total_new_exams": alt.total_new_exams, "total_cost_usd": alt.total_cost_usd,
        "total_renewals": alt.total_renewals, "scores": alt.scores,
        "alternatives": [], "schedule": [], "path": [], "levels_met": [], "probability_all_pass": None,
        "probability_level_met": None, "expected_cost_usd": None, "buffer": buffer, "spares": [], "fixes": [],
        "saving": None})
    if not report.targets:
        return as_plan
    targets = [_target_of_alternative(plan, as_plan, t) for t in report.targets]
    several = len(plan.given) > 1
    gates = [g.model_copy(update={"name": f"{t.target}/{g.name}"}) if several else g
             for t in targets for g in t.gates]
    return as_plan.model_copy(update={"targets": targets, "gates": gates, "option": targets[0].option,
                                      "reachable": all(t.reachable for t in targets)})


def _target_of_alternative(plan: _Plan, as_plan: PlanReport, target: TargetPlan) -> TargetPlan:
    """One target of an alternative: its labelled slots, the new exams they use, the option they fit."""
    mine = [a for a in as_plan.assignments if a.target == target.target]
    used = {(a.person, c) for a in mine for c in a.exams}
    target = target.model_copy(update={
        "assignments": mine, "new_exams": [e for e in as_plan.new_exams if (e.person, e.exam) in used]})
    given = next(((c, lv) for label, c, lv in plan.given if label == target.target), None)
    return target if given is None else _with_option_fitting(plan.scenario, target, *given)


def _with_option_fitting(scenario: Scenario, target: TargetPlan, catalog: Catalog,
                         level_id: str) -> TargetPlan:
    """An alternative's target with the option its slots fit (an alternative may meet a goal by another
    option than the first plan; it names none), and that option's gates."""
    lists = {lst.id: set(lst.exams) for lst in catalog.lists}

    def fits(option: Catalog) -> bool:
        roles = {r.id: r for r in option.roles}
        level = next((lv for lv in option.levels if lv.id == level_id), None)
        filled = Counter(a.role for a in target.assignments)
        return level is not None and +Counter(level.slots) == filled and all(
            a.role in roles and len(a.exams) == len(roles[a.role].lists)
            and all(set(a.exams) & lists[lid] for lid in roles[a.role].lists) for a in target.assignments)

    if not catalog.options or not target.assignments:
        return target
    fitting = [o for o in catalog.option_catalogs() if fits(o)]
    if not fitting or any(o.option_id == target.option for o in fitting):
        return target
    option = fitting[0]
    gates = _gates(scenario, catalog.id, option.level(level_id))
    return target.model_copy(update={"option": option.option_id, "gates": gates,
                                     "reachable": all(g.ok for g in gates)})


def _changes(report: PlanReport, new_exams: list[NewExam], hires: list[Hire]) -> frozenset[tuple[str, str]]:
    """A plan's changes, as alternatives must differ in them: its exams and hires (hires named by profile,
    as hire ids are renumbered per plan), or with alternatives_differ 'people' who takes exams or is hired."""
    profile = {h.id: h.profile for h in hires}
    named = [(f"{profile[e.person]}#{e.person}" if e.person in profile else e.person,
              f"{e.exam}~renewal" if e.renewal else e.exam) for e in new_exams]
    named += [(f"{h.profile}#{h.id}", "hire") for h in hires]
    if report.alternatives_differ == "people":
        return frozenset((who, "") for who, _ in named)
    return frozenset(named)


def _objective_key(plan: _Plan, new_exams: list[NewExam], hires: list[Hire],
                   cost: float) -> tuple[float, ...]:
    """What the objective compares, best lowest: (changes, cost) for exams, (cost, changes) for cost, the
    chance of failing some exam for risk; time is not compared (alternatives carry no calendar)."""
    changes = len(new_exams) + len(hires)
    objective = plan.report.objective
    if objective == "exams":
        return (changes, _cents(cost))
    if objective == "cost":
        return (_cents(cost), changes)
    if objective == "risk":
        return (round(1.0 - _all_pass(plan, new_exams), 9),)
    return ()


def _pairs(new_exams: list[NewExam], hires: list[Hire]) -> list[str]:
    return ([f"{e.person} {e.exam}{' (renewal)' if e.renewal else ''}" for e in new_exams]
            + [f"hire {h.profile}" for h in hires])


def _minus(items: list[str], taken: list[str]) -> list[str]:
    """`items` without `taken`, counting repeats."""
    left = list(taken)
    out = []
    for item in items:
        if item in left:
            left.remove(item)
        else:
            out.append(item)
    return out
