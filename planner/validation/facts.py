"""The plan as the rules read it, and the facts more than one family of rules recomputes.

`read_plan` gathers a scenario, its goals and a report into a Plan: the people (staff and hires), the exams
every goal's catalog knows, the new exams per person, and each goal as a Goal (its label, catalog and
level, and what the report claims about it). The helpers restate the scenario's facts without the rest of
the planner: money in cents, the days an exam or a renewal can be taken, costs and pass rates, who
qualifies for which roles, Hall's condition, a scored level's points and a level's gates.

A goal is (label 'competency:level', the catalog of the revision planned, level id). With one goal and no
`report.targets`, the report's top-level fields describe that goal; otherwise `report.targets` has one
TargetPlan per goal and the top-level fields describe the plan as a whole.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from models.catalog import Catalog, Exam, Level, Role
from models.certification import CertificationCatalog
from models.report import Assignment, Gate, Hire, NewExam, PlanReport, TargetPlan
from models.scenario import Pass, Person, Scenario
from planner.validation.holdings import AT, Holdings, renewed_item
from planner.validation.points import (
    TrackScore,
    counting_track,
    figures_of,
    scored_tracks,
    step_id,
    step_people,
    tracks_scored,
)
from planner.validation.roster import counts_on, roster_of

WITH_A_PLAN = ("optimal", "feasible")
"""The statuses that come with a plan."""
CENT = 0.005
"""Half a cent: two amounts in US dollars are equal when they round to the same cent."""

Goals = Sequence[tuple[str, Catalog, str]]
"""The goals of a plan: (label 'competency:level', the catalog of the revision planned, level id)."""
NO_CERTIFICATIONS = CertificationCatalog(certification_catalog_version=1)
"""The certification catalog of goals whose lists name exams only."""


@dataclass
class Goal:
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
        """Each list's items: exam codes, or '@<id>' per certification."""
        return {lst.id: set(lst.items) for lst in self.catalog.lists}

    @property
    def roles(self) -> dict[str, Role]:
        return {r.id: r for r in self.chosen.roles} if self.chosen is not None else {}

    def spares(self, report: PlanReport) -> list[Assignment]:
        """The plan's spares for this goal: labelled with it, or unlabelled in one of its roles."""
        roles = self.roles
        return [s for s in report.spares if s.target == self.label or (s.target is None and s.role in roles)]


@dataclass
class Plan:
    """A plan with everything the rules read: the scenario, the people (staff and hires), the exams every
    goal's catalog knows, the new exams per person, and the goals."""

    scenario: Scenario
    report: PlanReport
    goals: list[Goal]
    exams: dict[str, Exam]
    people: dict[str, Person]
    """The staff and the hires, by id."""
    staff: dict[str, Person]
    given: list[tuple[str, Catalog, str]] = field(default_factory=list)
    """The goals as given to `recheck`, in order."""
    new: dict[str, set[str]] = field(default_factory=dict)
    """Person id -> the known exams the plan gives them (and '@<id>' per certification pass it renews)."""
    certifications: CertificationCatalog = field(default_factory=lambda: NO_CERTIFICATIONS)
    """The certification catalog the goals' lists of certifications name."""
    book: Holdings | None = None
    """What people hold when the goals' lists name certifications (None: they name exams only)."""

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
        return counts_on(person, self.deadline)

    def still_counts(self, exam: Exam) -> bool:
        """A pass counts on the deadline unless the exam has stopped counting by then."""
        return exam.counts_until is None or self.deadline <= exam.counts_until

    def held(self, person: Person) -> frozenset[str]:
        """The known exams a person passed that still count on the deadline (a certification with
        `expires` counts on the days before it), and the certifications of the goals' lists held then."""
        if self.book is not None:
            return self.book.before(person)
        return frozenset(p.exam for p in person.passed
                         if p.exam in self.exams and self.still_counts(self.exams[p.exam])
                         and (p.expires is None or self.deadline < p.expires))

    @functools.cached_property
    def renewals(self) -> set[tuple[str, str]]:
        """(person, exam) of the new exams the report calls renewals."""
        return {(e.person, e.exam) for e in self.report.new_exams if e.renewal}

    def has(self, person: Person) -> frozenset[str]:
        """What a person holds on the deadline once the plan is carried out."""
        return self.holds_with(person, frozenset(self.new.get(person.id, set())))

    def holds_with(self, person: Person, new: frozenset[str]) -> frozenset[str]:
        """What a person holds on the deadline once `new` (exam codes taken, '@<id>' renewed) is done: the
        certifications it completes too."""
        if self.book is None or not new:
            return self.held(person) | new
        return self.book.after(person, new)

    def earned_with(self, person: Person, e: NewExam) -> frozenset[str]:
        """What a person holds on the deadline with the plan and not without this new exam of theirs: the
        exam, and the certifications it completes (its own, or one it is a prerequisite of)."""
        new = frozenset(self.new.get(person.id, set()))
        return self.has(person) - self.holds_with(person, new - {renewed_item(e)})

    def known(self, e: NewExam) -> bool:
        """A new exam names an exam of a goal's catalog (or of a certification its lists name), or renews
        a known certification (its `exam` repeating the id)."""
        if e.certification is not None:
            return bool(e.renewal) and e.exam == e.certification and e.certification in self.certifications
        return e.exam in self.exams

    def serves(self, e: NewExam, named: set[tuple[str, str]]) -> bool:
        """A new exam serves one of these (person, item) pairs, items as assignments name them: its own
        exam (or the certification it renews), or a certification it completes."""
        if (e.person, e.exam) in named:
            return True
        person = self.people.get(e.person)
        if person is None or self.book is None:
            return False
        return any((e.person, item[len(AT):]) in named for item in self.earned_with(person, e)
                   if item.startswith(AT))

    def item(self, name: str) -> str:
        """An item as an assignment names it (an exam code, or a certification id) as lists hold it."""
        return AT + name if name not in self.exams and name in self.certifications else name

    @functools.cached_property
    def others(self) -> Counter[frozenset[str]]:
        """The people who count on the deadline and take no new exam, counted once per set of exams they
        hold, in the order the roster (then the hires) first names each set: the staff from the scenario's
        roster read once (roster.Roster: every plan re-checked against it counts its groups), the hires
        one by one."""
        roster = roster_of(self.scenario)
        out = roster.others(self.new, roster.held(self.exams, self.book))
        for person in itertools.islice(self.people.values(), len(self.staff), None):
            if person.id not in self.new and self.counts(person):
                out[self.held(person) if person.passed else frozenset()] += 1
        return out

    def touched(self) -> list[Person]:
        """The people who count on the deadline and take a new exam."""
        return [self.people[pid] for pid in self.new if self.counts(self.people[pid])]


def read_plan(scenario: Scenario, goals: Goals, report: PlanReport,
              certifications: CertificationCatalog | None = None) -> Plan:
    """The plan in `report` for `goals` as the rules read it, its hires made people of their profiles;
    `certifications` is the catalog the goals' lists of certifications name."""
    certifications = certifications or NO_CERTIFICATIONS
    exams, book = _exams_and_book(scenario, goals, certifications)
    staff = roster_of(scenario).staff
    people = _with_hires(staff, scenario, report)
    plan = Plan(scenario, report, [], exams, people, staff, list(goals), certifications=certifications)
    plan.book = book
    for item in report.new_exams:
        if item.person in people and plan.known(item):
            plan.new.setdefault(item.person, set()).add(renewed_item(item))
    plan.goals = _goals(goals, report, scenario)
    return plan


def read_the_roster(scenario: Scenario, goals: Goals,
                    certifications: CertificationCatalog | None = None) -> None:
    """Read now what re-checking any plan of these goals reads of the scenario's roster (roster.Roster keeps
    it: its groups, what each holds on the deadline): the pipeline asks for it beside the solve, so that the
    re-checks after it read only their plans' people."""
    exams, book = _exams_and_book(scenario, goals, certifications or NO_CERTIFICATIONS)
    roster = roster_of(scenario)
    roster.others((), roster.held(exams, book))


def _exams_and_book(scenario: Scenario, goals: Goals, certifications: CertificationCatalog
                    ) -> tuple[dict[str, Exam], Holdings | None]:
    """The exams the goals know (known_exams) and, when their lists name certifications, the book that
    tells who holds those on the deadline."""
    exams, wanted = known_exams(goals, certifications)
    if not wanted:
        return exams, None
    assert scenario.deadline is not None
    return exams, Holdings(exams, certifications, wanted, scenario.as_of, scenario.deadline)


def known_exams(goals: Goals, certifications: CertificationCatalog) -> tuple[dict[str, Exam], list[str]]:
    """The exams the goals' catalogs know, and those of the certifications their lists name (and of the
    prerequisites on the way); with those certifications, by id."""
    exams: dict[str, Exam] = {}
    for _, catalog, _ in goals:
        for exam in catalog.exams:
            exams.setdefault(exam.code, exam)
    wanted = with_prerequisites(certifications, named_certifications(goals, certifications))
    for code in dict.fromkeys(c for cid in wanted for c in certifications.certification(cid).exams):
        exams.setdefault(code, certifications.exam(code))
    return exams, wanted


def _with_hires(staff: dict[str, Person], scenario: Scenario, report: PlanReport) -> dict[str, Person]:
    """The staff and the report's hires, each hire a person of its profile."""
    people = dict(staff)
    profiles = {hp.profile: hp for hp in scenario.hiring}
    for hire in report.hires:
        hp = profiles.get(hire.profile)
        if hp is not None and hire.id not in people:
            people[hire.id] = Person(id=hire.id, passed=hp.passed, can_take=hp.can_take,
                                     max_new_exams=hp.max_new_exams, hourly_rate_usd=hp.hourly_rate_usd,
                                     leaves_on=None, exams_per_month=None, pass_factor=None)
    return people


def named_certifications(goals: Goals, certifications: CertificationCatalog) -> list[str]:
    """The known certifications the goals' lists name, by id, in order."""
    items = (i for _, catalog, _ in goals for lst in catalog.lists for i in lst.items)
    ids = (i[len(AT):] for i in items if i.startswith(AT))
    return list(dict.fromkeys(cid for cid in ids if cid in certifications))


def with_prerequisites(certifications: CertificationCatalog, wanted: Iterable[str]) -> list[str]:
    """These certifications and every prerequisite on the way to them (a plan may earn those too), in
    order."""
    out: dict[str, None] = {}
    todo = list(wanted)
    while todo:
        cid = todo.pop(0)
        if cid in out or cid not in certifications:
            continue
        out[cid] = None
        todo += certifications.certification(cid).prerequisites
    return list(out)


def _goals(goals: Goals, report: PlanReport, scenario: Scenario) -> list[Goal]:
    """The goals, each with the claim the report makes about it."""
    if len(goals) == 1 and not report.targets:
        label, catalog, level_id = goals[0]
        claim = TargetPlan(
            target=label, competency=report.competency, level=report.level, option=report.option,
            rules_revision=report.rules_revision or catalog.revision, reachable=report.reachable,
            gates=report.gates, assignments=report.assignments, new_exams=[], alone=None)
        return [_resolved(Goal(label, catalog, level_id, claim, top_level=True), scenario)]
    by_label: dict[str, TargetPlan] = {}
    for target in report.targets:
        by_label.setdefault(target.target, target)
    return [_resolved(Goal(label, catalog, level_id, by_label[label], top_level=False), scenario)
            for label, catalog, level_id in goals if label in by_label]


def _resolved(goal: Goal, scenario: Scenario) -> Goal:
    """The goal with the option its claim names and its level (a scored level's exam metrics as slots)."""
    goal.chosen, _ = chosen_option(goal.catalog, goal.claim.option)
    if goal.chosen is not None:
        goal.level = next((lv for lv in goal.chosen.levels if lv.id == goal.level_id), None)
    if goal.chosen is not None and goal.level is not None and goal.level.score is not None:
        goal.scored = goal.level
        slots: dict[str, int] = {}
        roles: list[Role] = []
        for rid, lists, need in _metric_roles(goal.level, goal_tracks(scenario, goal)):
            slots[rid] = need
            roles.append(Role(id=rid, lists=lists))
        goal.level = goal.level.model_copy(update={"slots": slots})
        goal.chosen = goal.chosen.model_copy(update={"roles": [*goal.chosen.roles, *roles]})
    return goal


def goal_tracks(scenario: Scenario, goal: Goal) -> list[str | None]:
    """The tracks a scored goal is scored on (points.tracks_scored)."""
    level = goal.scored or goal.level
    assert level is not None
    return tracks_scored(level, scenario.organization, goal.catalog.id)


def _metric_roles(level: Level, tracks: list[str | None]) -> list[tuple[str, list[str], int]]:
    """Each exam metric of a scored level as a role (its id, its lists, the people it counts: its
    threshold), each followed by its gate steps (the people each needs); the most any track counts."""
    assert level.score is not None
    out = []
    for m in level.score.exam_metrics:
        out.append((m.id, m.lists, max(_threshold(m.threshold, t) for t in tracks)))
        for k, step in enumerate(m.gate, start=1):
            out.append((step_id(m, k), step.lists, max(step_people(step, t) or 0 for t in tracks)))
    return out


def _threshold(threshold: int | dict[str, int] | None, track: str | None) -> int:
    """A metric's threshold on the scenario's track (0 for a metric with a threshold per part)."""
    if threshold is None:
        return 0
    if isinstance(threshold, int):
        return threshold
    if track not in threshold:
        return 0  # no such track: the loader refuses it; nothing can count
    return threshold[track]


def chosen_option(catalog: Catalog, option: str | None) -> tuple[Catalog | None, str | None]:
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


def in_cents(usd: float) -> int:
    return round(usd * 100)


def exam_window(exam: Exam, as_of: dt.date, deadline: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days from as_of to the deadline on which the exam can be taken, or None."""
    first = max(as_of, exam.first_take or as_of)
    last = min(deadline, exam.last_take or deadline)
    return (first, last) if first <= last else None


def cost_parts(scenario: Scenario, person: Person, code: str, renewal: bool = False
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


def plan_cents(plan: Plan, new_exams: Iterable[NewExam], hires: Iterable[Hire]) -> int:
    """A plan's cost recomputed: its known new exams and its hires of known profiles, in cents."""
    profiles = {hp.profile: hp for hp in plan.scenario.hiring}
    cents = 0
    for item in new_exams:
        person = plan.people.get(item.person)
        if person is not None and plan.known(item):
            fee, hours, rate = cost_parts(plan.scenario, person, item.exam, bool(item.renewal))
            cents += round((fee + hours * rate) * 100)
    for hire in hires:
        hp = profiles.get(hire.profile)
        cents += 0 if hp is None else in_cents(hp.cost_usd)
    return cents


def renewal_days(plan: Plan, person: Person, code: str) -> tuple[dt.date, dt.date] | None:
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


def rate_of(plan: Plan, person: Person, e: NewExam) -> float:
    """A new exam's chance at the first attempt; a renewal's is 1 (retaken at will, free, in its window)."""
    return 1.0 if e.renewal else _pass_rate(plan.scenario, person, e.exam)


def _pass_rate(scenario: Scenario, person: Person, code: str) -> float:
    """The chance a person passes an exam at the first attempt: the exam's rate (its override, else the
    default) times the person's factor, at most 1."""
    override = scenario.costs.exams.get(code)
    rate = override.pass_rate if override and override.pass_rate is not None else scenario.costs.pass_rate
    factor = person.pass_factor if person.pass_factor is not None else 1.0
    return min(1.0, rate * factor)


def all_pass(plan: Plan, new_exams: list[NewExam]) -> float:
    return math.prod(rate_of(plan, plan.people[e.person], e)
                     for e in new_exams if e.person in plan.people)


def qualifications(goal: Goal, holdings: Counter[frozenset[str]]) -> Counter[frozenset[str]]:
    """How many people qualify for each set of the goal's roles, given how many hold each set of exams."""
    lists, roles = goal.lists, goal.roles
    out: Counter[frozenset[str]] = Counter()
    for held, n in holdings.items():
        out[frozenset(rid for rid, role in roles.items()
                      if all(held & lists[lid] for lid in role.lists))] += n
    return out


def short_groups(level: Level, quals: Counter[frozenset[str]], extra: Callable[[tuple[str, ...]], int]
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


def goal_scores(plan: Plan, goal: Goal, quals: Counter[frozenset[str]]) -> list[TrackScore]:
    """A scored goal on each track it is scored on: the people qualifying for each exam metric and gate
    step, and the scenario's figures."""
    assert goal.scored is not None
    counts = {rid: sum(n for q, n in quals.items() if rid in q) for rid in goal.roles}
    return scored_tracks(goal.scored, goal_tracks(plan.scenario, goal), counts,
                         figures_of(plan.scenario.organization, goal.catalog.id))


def goal_score(plan: Plan, goal: Goal, quals: Counter[frozenset[str]]) -> TrackScore:
    """A scored goal's score on the track that counts."""
    return counting_track(goal_scores(plan, goal, quals))


def recomputed_gates(scenario: Scenario, competency: str, level: Level) -> list[Gate]:
    """A level's gates recomputed: each revenue threshold for the partner's market (by gate id; the
    scenario's figure for it in organization.gate_revenue_usd[competency], else revenue_usd; no threshold
    for the market fails the gate), then DPOR."""
    org = scenario.organization
    figures = org.gate_revenue_usd.get(competency, {})
    gates = []
    for gate in level.revenue_gates:
        actual = figures.get(gate.id, org.revenue_usd or 0.0)
        required = gate.required_usd.get(org.market) if org.market is not None else None
        if required is None:
            gates.append(Gate(name=gate.id, ok=False, actual_usd=actual))
            continue
        gap = max(0.0, required - actual)
        gates.append(Gate(name=gate.id, ok=gap == 0, required_usd=required, actual_usd=actual, gap_usd=gap))
    if level.dpor:
        gates.append(Gate(name="dpor", ok=bool(org.dpor)))
    return gates
