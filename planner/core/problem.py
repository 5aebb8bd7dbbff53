"""From a loaded scenario to the data the CP-SAT model loops over: who counts, what they may take.

Two reductions keep the model small however long the roster is:

1. **Profiles.** People who count on the deadline are grouped by everything the plan depends on (the
   relevant exams they hold, `can_take`, `max_new_exams`, hourly rate). The rules are applied once per
   profile, not once per person.
2. **Pruning.** For each role, and each number of changes c a person needs to fill it (new exams, plus
   one for a hire), only the k cheapest such people can matter, k = the level's total slots (every mode
   is pruned; each extension of the argument follows):

   A person's *need* for a role is their cheapest way to fill it: c changes costing m. Rank the people
   of one (role, c) class by (m, roster position). Take a canonical optimal plan P (the tie-break in
   planner/core/model.py prefers, after the objective, slot holders earlier in the roster, earlier roles
   first) and suppose q fills role r in P with c changes though q is not among the k first of class
   (r, c). At most k - 1 of those k first people fill slots in P (q fills one of the k slots), so one of
   them, p, is unused. Give q's slot to p with p's cheapest changes: the count of changes is the same
   and the cost does not grow (so a budget still holds, whatever the objective). If the cost shrinks, P
   was not optimal; if it is equal, p is earlier in the roster than q and P was not canonical. So the
   canonical plan uses only people among the k first of some class: at most k x roles x (lists + 2)
   people, whatever the roster's size.

   The tie-break that meets the level below first (Silver under Gold) comes before roster order. Take
   k = this level's slots + the lower level's: the lower level is met with at most its slots' people, so
   among the k first of the class one person p is in neither q's level nor the lower one, and q's place
   in both (with the same number of exams) goes to p: the lower level needs no more steps. People left
   out who already qualify for the lower level enter the model only as counts (Hall capacities).

   With several targets (or a level whose slots may share a holder: `same-or-different`) a person may
   fill slots of several roles, so the classes are (set of roles one person can fill together, c): q
   fills the set S in P with c changes; an unused p among the k first of (S, c), k = the most people a
   plan uses (the sum over targets of the largest option's slots), fills the same S with as many changes
   at no more cost, and the same contradiction follows.

   **Alternatives.** To list the r best plans, keep k + r - 1 per class. The r-th plan P (canonical
   among the plans not listed) uses q outside the first k + r - 1 of its class: at most k - 1 of them
   are used in P, so r of them, p1..pr, are unused, and giving q's place to each gives r different plans
   (they differ in who makes q's changes; with no changes the plan is P itself, as the alternatives cut
   reads it) none worse than P and each earlier in the roster. At most r - 1 of them are listed, so one
   is not: P was not the canonical r-th plan.

   **Resilience K and buffers** (Hall constraints: after any K departures every set T of a goal's roles
   keeps slots(T) + K people qualifying for one of its roles). A person's worth to the plan is now the
   set of roles they qualify for, so the classes are (roles qualified for already, set S of roles
   qualified for after c changes, c), and k is the most people a plan can use: its slot holders plus,
   for every Hall group T, slots(T) + K people (a changed person who fills no slot is there for some
   group whose count is then exact). Swap q for an unused p of q's class: p ends qualifying for at least
   S, q for what p qualified for before, so no Hall count falls. People left out of the model who already
   qualify enter it as constants in the Hall constraints (`outside_hall`).

   **A calendar, the time and risk objectives, and many goals.** With months, per-person monthly
   capacity and pass rates a person's cheapest exams are no longer what matters, and with many goals the
   sets of roles are too many to list. Then pruning is by dominance (`_undominated`): p dominates q when
   p is earlier in the roster, pays no more per hour, covers every exam list q's held exams cover, may
   take each exam q may that serves a list p lacks, in every month q may, with no more risk, books as
   many exams a month and may take as many. q's place, with q's exams (less those p never needs), goes to
   p at no more exams, cost, risk or months. If k people dominate q one of them is unused in any plan of
   k people, so the canonical plan never uses q. The model then has the people dominated by fewer than
   k others: a number that depends on how varied the roster is, not on its length (measured in the
   README). With resilience dominance also asks for the same covered lists, so Hall counts stay put.

   **Scored levels and renewals.** A scored goal's exam metrics are the roles of a same-or-different
   level whose slots are the metrics' thresholds: no more than T people count toward a metric, so a plan
   uses at most the sum of the thresholds, and the argument for (set of roles, c) classes holds as it
   stands (with resilience the classes hold what people qualify for already, so every person's *type*,
   the set of metrics they qualify for, stays as it was after a swap, and so does every count the
   departures constraint reads). A renewal is one more option of a person with its own cost and months:
   the classes rank it by its cost like an exam; dominance lets only a renewal replace a renewal.

   The search for fixes lifts facts of single people (a leaver, a `can_take` list, a cap) and is built
   over the whole roster, up to 3,000 people (planner/explain/fixes.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from models.catalog import Catalog, Exam, Level, Role
from models.scenario import Pass, Person, Scenario
from planner.input.loading import LoadedScenario, ResolvedTarget
from planner.rules.domain import (
    due,
    exam_cost_cents,
    exams_per_month,
    held_on,
    level_gates,
    metric_role,
    months_between,
    months_exam_can_be_taken,
    new_exam_is_open,
    pass_rate,
    person_counts_on,
    person_may_take,
    person_words,
    renewable_on,
    renewal_as_exam,
    renewal_cost_cents,
    role_lists,
    track_of,
)

Objective = Literal["exams", "cost", "time", "risk"]
RISK_SCALE = 1_000_000  # -ln(pass rate) in millionths: integer weights for --objective risk


@dataclass(frozen=True)
class NewExamOption:
    """A new exam open to a person, with what it would cost them (cents)."""

    exam: str
    cost_cents: int
    months: tuple[int, ...] = ()  # with a calendar: the months (indices into Problem.months) it can be taken
    pass_rate: float = 1.0
    risk: int = 0  # round(-ln(pass_rate) * RISK_SCALE)
    renewal: bool = False  # renewing a certification the person holds today that expires before the deadline

    @property
    def key(self) -> str:
        """The option's name among a person's options: the exam, or 'EXAM~renewal' for its renewal (a
        person may be offered both ways to hold an expiring certification)."""
        return f"{self.exam}~renewal" if self.renewal else self.exam


@dataclass(frozen=True)
class Candidate:
    """A person who counts on the deadline (or a possible hire), with what they hold and may still take."""

    index: int
    person: Person
    held: frozenset[str]
    options: tuple[NewExamOption, ...]
    max_new: int | None
    hire_profile: int | None = None  # position in scenario.hiring for a possible hire
    hire_cost_cents: int = 0
    per_month: int = 1  # with a calendar: exams this person takes in one month

    @property
    def id(self) -> str:
        return self.person.id

    @property
    def is_hire(self) -> bool:
        return self.hire_profile is not None


@dataclass(frozen=True)
class RoleSpec:
    """A role of the level: how many slots, and the exam lists a slot holder needs one exam from each.

    `goal` is the position of the goal it belongs to; `key` names it among every goal's roles (the role
    id itself when the plan has one goal)."""

    role: Role
    slots: int
    lists: tuple[tuple[str, frozenset[str]], ...]
    goal: int = 0
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.role.id)

    @property
    def id(self) -> str:
        return self.role.id


@dataclass(frozen=True)
class Goal:
    """One way to meet one target: a level of one option of a competency (of one revision).

    A target with several options has one goal per option, of which the plan meets exactly one."""

    index: int
    target: str  # 'competency:level'
    target_index: int
    catalog: Catalog  # the option's catalog
    level: Level
    roles: tuple[RoleSpec, ...]

    @property
    def option(self) -> str | None:
        return self.catalog.option_id or None

    @property
    def scored(self) -> bool:
        """A scored level: its roles are exam metrics, each counting at most its threshold of people."""
        return self.level.score is not None

    @property
    def slots(self) -> int:
        """The most people the goal's roles can use (a scored level's thresholds)."""
        return sum(spec.slots for spec in self.roles)

    @property
    def gold(self) -> bool:
        """A Gold level, for `policy.one_gold_per_person` (a level whose id is 'gold')."""
        return self.level.id == "gold"


@dataclass(frozen=True)
class PlanSettings:
    """What the plan must respect beyond the level's rules."""

    budget_cents: int | None = None
    resilience: int = 0
    exclude: tuple[frozenset[tuple[str, str]], ...] = ()  # plans already listed: {(person, exam | "hire")}
    differ: str = "people"  # how alternatives differ from listed plans: "people" or "exams" (their changes)
    fill_most_slots: bool = False  # instead of filling every slot, fill as many as the budget allows
    whole_roster: bool = False  # no pruning (alternatives, fixes)
    schedule: bool = False  # give every new exam a month (implied by --objective time)
    spares: tuple[str, ...] = ()  # role keys that get one spare qualified person (--buffer)
    extra_plans: int = 0  # alternatives after the first: the pruning keeps this many more people per class


@dataclass
class Problem:
    """Everything the model needs for one scenario, level and objective."""

    scenario: Scenario
    catalog: Catalog
    level: Level
    objective: Objective
    roles: tuple[RoleSpec, ...]
    people: tuple[Candidate, ...]
    exam_order: dict[str, int]
    counted: int
    leavers: tuple[Person, ...]
    settings: PlanSettings = field(default_factory=PlanSettings)
    months: tuple[str, ...] = ()  # with a calendar: the months from as_of to the deadline
    lower_roles: tuple[RoleSpec, ...] = ()  # the level just below, when its slots are a subset of this one's
    lower_level: Level | None = None
    # people left out of the model who already qualify for the level below: for every set of its roles,
    # how many qualify for at least one of them (Hall capacities; empty over the whole roster)
    outside_lower: dict[frozenset[str], int] = field(default_factory=dict)
    stats: dict[str, int | str] = field(default_factory=dict)
    goals: tuple[Goal, ...] = ()
    targets: tuple[ResolvedTarget, ...] = ()
    one_gold_per_person: bool = False
    pruned: bool = True  # built with pruning allowed (the request's `prune`)
    # with resilience or a buffer: people left out of the model who already qualify, as Hall capacities:
    # (goal index, set of role keys) -> how many of them qualify for at least one of those roles
    outside_hall: dict[tuple[int, frozenset[str]], int] = field(default_factory=dict)
    # for a scored goal with resilience: (goal index, the exact set of its metric keys) -> how many people
    # left out of the model qualify for exactly those metrics
    outside_types: dict[tuple[int, frozenset[str]], int] = field(default_factory=dict)

    @functools.cached_property
    def words(self) -> dict[str, str]:
        """How sentences call the roster's people (rules.person_words), worked out once per problem."""
        return person_words(self.scenario.staff)

    @property
    def total_slots(self) -> int:
        return sum(r.slots for r in self.roles)

    @property
    def single_goal(self) -> bool:
        """One target, one way to meet it, all slot holders different people: the shape the pruning
        argument, the explanations and the fixes are made for."""
        return len(self.goals) <= 1 and self.level.people == "different"

    def goals_of(self, target_index: int) -> list[Goal]:
        return [g for g in self.goals if g.target_index == target_index]


@dataclass(frozen=True)
class _Profile:
    held: frozenset[str]
    options: tuple[NewExamOption, ...]
    max_new: int | None
    members: list[int]
    hire_profile: int | None = None
    hire_cost_cents: int = 0
    per_month: int = 1
    rate: float = 0.0  # hourly rate (US$): within profiles alike but for it, every exam costs more with more


def plan_goals(scenario: Scenario, targets: list[ResolvedTarget]) -> tuple[Goal, ...]:
    """Every goal of the targets: one per option of each target's competency, in catalog order.

    When some options of a target pass their revenue and DPOR gates, only those are goals: an option
    whose gates fail cannot attain the competency, however cheap its exams."""
    several = len(targets) > 1 or any(len(t.catalog.option_catalogs()) > 1 for t in targets)
    goals: list[Goal] = []
    for t_index, target in enumerate(targets):
        options = [(c, c.level(target.level)) for c in target.catalog.option_catalogs()]
        passing = [(c, lv) for c, lv in options
                   if all(g.gate.ok for g in level_gates(lv, scenario.organization, c.id))]
        for catalog, level in passing or options:
            index = len(goals)
            goals.append(Goal(index, target.label, t_index, catalog, level,
                              _goal_roles(scenario, catalog, level, index, several)))
    return tuple(goals)


def _goal_roles(scenario: Scenario, catalog: Catalog, level: Level, index: int, several: bool
                ) -> tuple[RoleSpec, ...]:
    """A level's roles with their slots; for a scored level, one role per exam metric whose 'slots' are
    its threshold on the scenario's track (no more people count toward it)."""
    def key(role_id: str) -> str:
        return f"{index}:{role_id}" if several else role_id

    if level.score is not None:
        track = track_of(level, scenario.organization)
        return tuple(RoleSpec(role=metric_role(m), slots=m.threshold_for(track),
                              lists=tuple(role_lists(catalog, metric_role(m))), goal=index, key=key(m.id))
                     for m in level.score.exam_metrics)
    return tuple(RoleSpec(role=r, slots=level.slots[r.id], lists=tuple(role_lists(catalog, r)), goal=index,
                          key=key(r.id))
                 for r in catalog.roles if level.slots.get(r.id, 0) > 0)


def build_problem(loaded: LoadedScenario, level_id: str, objective: Objective = "exams", *,
                  prune: bool = True, settings: PlanSettings | None = None,
                  targets: list[ResolvedTarget] | None = None) -> Problem:
    """Apply the rules to the roster and keep the people the model needs (all of them if not `prune`).

    Without `targets` the plan is for `level_id` of the scenario's competency; with them, for all of
    them at once with the shared staff."""
    settings = settings or PlanSettings()
    scenario = loaded.scenario
    if not targets:
        targets = [ResolvedTarget(f"{loaded.catalog.id}:{level_id}", loaded.catalog.id, level_id,
                                  loaded.catalog, loaded.notes)]
    goals = plan_goals(scenario, targets)
    catalog, level = goals[0].catalog, goals[0].level
    roles = tuple(spec for goal in goals for spec in goal.roles)
    exam_order = _preference_order(roles, goals)
    exams: dict[str, Exam] = {}
    for goal in goals:
        for exam in goal.catalog.exams:
            exams.setdefault(exam.code, exam)
    deadline = due(scenario)
    scheduled = settings.schedule or objective == "time"
    if scheduled and not settings.schedule:
        settings = replace(settings, schedule=True)
    months = months_between(scenario.as_of, deadline) if scheduled else []
    profiles, leavers, counted, hires = _roster_profiles(scenario, exams, exam_order, months, scheduled)
    staff = scenario.staff

    lower_level, lower_roles = _lower_level_to_prefer(goals, profiles)
    hall = settings.resilience > 0 or bool(settings.spares)
    k = _people_a_plan_uses(goals, len(targets), settings) + (lower_level.total_slots if lower_level else 0)
    strategy = _pruning(prune, settings, objective, goals, len(targets))
    keep = _kept(strategy, profiles, goals, len(targets), k, hall)
    outside = _outside_qualifiers(profiles, keep, lower_roles) if lower_roles else {}
    outside_hall = _outside_hall(profiles, keep, goals) if hall and strategy != "whole" else {}
    outside_types = _outside_types(profiles, keep, goals) if hall and strategy != "whole" else {}
    people = tuple(
        Candidate(i, staff[i] if i < len(staff) else hires[i - len(staff)][1], prof.held, prof.options,
                  prof.max_new, prof.hire_profile, prof.hire_cost_cents, prof.per_month)
        for i, prof in sorted(keep.items(), key=lambda item: item[0])
    )
    return Problem(
        scenario=scenario, catalog=catalog, level=level, objective=objective, roles=roles,
        lower_level=lower_level, lower_roles=lower_roles, outside_lower=outside,
        people=people, exam_order=exam_order, counted=counted, leavers=tuple(leavers), settings=settings,
        months=tuple(months),
        stats={"roster": len(staff), "counted": counted, "profiles": len(profiles),
               "people_in_model": len(people), "pruning": strategy},
        goals=goals, targets=tuple(targets), one_gold_per_person=scenario.policy.one_gold_per_person,
        pruned=prune, outside_hall=outside_hall, outside_types=outside_types,
    )


Renewals = tuple[tuple[str, tuple[dt.date, dt.date]], ...]


def _renewal_dominates(renewal: NewExamOption, again: NewExamOption) -> bool:
    """Renewing is no dearer, no riskier and open in every month earning the exam again is: then earning it
    again is never needed (else both are offered, and the plan takes at most one of them)."""
    return (renewal.cost_cents <= again.cost_cents and renewal.risk <= again.risk
            and set(renewal.months) >= set(again.months))


class _ProfileBuilder:
    """Applies the rules once per profile: which exams (and renewals) are open to whom, in which months."""

    def __init__(self, scenario: Scenario, exams: dict[str, Exam], exam_order: dict[str, int],
                 deadline: dt.date, months: list[str], scheduled: bool) -> None:
        self.scenario, self.exams, self.exam_order = scenario, exams, exam_order
        self.deadline, self.months, self.scheduled = deadline, months, scheduled
        self.relevant = frozenset(exam_order)
        self.open_codes = [c for c in exam_order if new_exam_is_open(exams[c], scenario.as_of, deadline)]
        self.month_index = {m: i for i, m in enumerate(months)}
        self.open_months = {c: self._months(exams[c]) for c in self.open_codes} if scheduled else {}
        self.profiles: dict[tuple[object, ...], _Profile] = {}
        # the same passes hold the same exams and can renew the same certifications
        self._by_passes: dict[tuple[object, ...], tuple[frozenset[str], Renewals]] = {}

    def _months(self, exam: Exam) -> tuple[int, ...]:
        return tuple(self.month_index[m] for m in months_exam_can_be_taken(
            exam, self.scenario.as_of, self.deadline, self.months, self.scenario.policy.days_to_book))

    def held(self, person: Person) -> tuple[frozenset[str], Renewals]:
        """The relevant exams a person holds on the deadline, and the certifications they can renew."""
        passes = tuple([(p.exam, p.date, p.expires) for p in person.passed]) if person.passed else ()
        known = self._by_passes.get(passes)
        if known is None:
            renew = renewable_on(person, self.exams, self.scenario.as_of, self.deadline)
            known = self._by_passes[passes] = (held_on(person, self.exams, self.deadline) & self.relevant,
                                               tuple(sorted((c, w) for c, w in renew.items()
                                                            if c in self.relevant)))
        return known

    def _renewal(self, person: Person, code: str, window: tuple[dt.date, dt.date], away: set[int]
                 ) -> NewExamOption | None:
        if not self.scheduled:
            return NewExamOption(code, renewal_cost_cents(self.scenario, person), (), renewal=True)
        when = tuple(m for m in self._months(renewal_as_exam(self.exams[code], window)) if m not in away)
        if not when:
            return None
        return NewExamOption(code, renewal_cost_cents(self.scenario, person), when, renewal=True)

    def _options(self, person: Person, held: frozenset[str], renew: Renewals) -> tuple[NewExamOption, ...]:
        away = {self.month_index[m] for m in person.unavailable if m in self.month_index}
        renewals = {c: self._renewal(person, c, window, away) for c, window in renew}
        # a renewal, where one is open, instead of earning the exam again
        options = [o for c in self.exam_order if (o := renewals.get(c)) is not None]
        for c in self.open_codes:
            if c in held or not person_may_take(person, c):
                continue
            when = tuple(m for m in self.open_months[c] if m not in away) if self.scheduled else ()
            if self.scheduled and not when:
                continue  # every month it can be taken in, the person is away
            rate = pass_rate(self.scenario, person, c)
            again = NewExamOption(c, exam_cost_cents(self.scenario, person, c), when, rate,
                                  round(-math.log(rate) * RISK_SCALE))
            renewing = renewals.get(c)
            if renewing is None or not _renewal_dominates(renewing, again):
                options.append(again)
        return tuple(options)

    def profile_for(self, person: Person, held: frozenset[str], hire: int | None, hire_cost: int,
                    renew: Renewals = ()) -> _Profile:
        allowed = None if person.can_take is None else frozenset(person.can_take)
        signature = (held, allowed, person.max_new_exams, person.hourly_rate_usd, hire, person.pass_factor,
                     tuple(person.unavailable) if self.scheduled else (), person.exams_per_month, renew)
        profile = self.profiles.get(signature)
        if profile is None:
            hourly = person.hourly_rate_usd
            if hourly is None:
                hourly = self.scenario.costs.hourly_rate_usd
            profile = self.profiles[signature] = _Profile(
                held, self._options(person, held, renew), person.max_new_exams, [], hire, hire_cost,
                exams_per_month(self.scenario, person), hourly)
        return profile


@dataclass(frozen=True)
class _RosterPass:
    """One pass over the roster for one set of rules: the profiles, who leaves, who counts, the hires."""

    scenario: Scenario  # held so that the cache's key (its id) is never reused while it is cached
    key: tuple[object, ...]
    profiles: dict[tuple[object, ...], _Profile]
    leavers: list[Person]
    counted: int
    hires: list[tuple[int, Person]]


_ROSTER_PASSES: list[_RosterPass] = []
ROSTER_PASSES_KEPT = 4  # a plan with resilience, alternatives or a budget builds the same roster again


Profiles = dict[tuple[object, ...], _Profile]


def _roster_profiles(scenario: Scenario, exams: dict[str, Exam], exam_order: dict[str, int],
                     months: list[str], scheduled: bool
                     ) -> tuple[Profiles, list[Person], int, list[tuple[int, Person]]]:
    """The roster's profiles for these exams (read-only once made): one pass over the roster, the rules
    once per profile. The same scenario planned again with the same exams (the plan without resilience,
    the next alternative, best's levels, the fixes' re-plans) reuses the pass."""
    key = (id(scenario), tuple((c, exams[c].first_take, exams[c].last_take, exams[c].counts_until)
                               for c in exam_order), tuple(months), scheduled)
    for done in _ROSTER_PASSES:
        if done.key == key and done.scenario is scenario:
            return done.profiles, done.leavers, done.counted, done.hires
    deadline = due(scenario)
    builder = _ProfileBuilder(scenario, exams, exam_order, deadline, months, scheduled)
    leavers: list[Person] = []
    counted = 0
    for index, person in enumerate(scenario.staff):
        if not person_counts_on(person, deadline):
            leavers.append(person)
            continue
        counted += 1
        held, renew = builder.held(person)
        builder.profile_for(person, held, None, 0, renew).members.append(index)
    hires = hire_candidates(scenario)
    for index, (position, person) in enumerate(hires, start=len(scenario.staff)):
        held = held_on(person, exams, deadline) & builder.relevant
        hp = scenario.hiring[position]
        builder.profile_for(person, held, position, round(hp.cost_usd * 100)).members.append(index)
    _ROSTER_PASSES.insert(0, _RosterPass(scenario, key, builder.profiles, leavers, counted, hires))
    del _ROSTER_PASSES[ROSTER_PASSES_KEPT:]
    return builder.profiles, leavers, counted, hires


def _kept(strategy: str, profiles: dict[tuple[object, ...], _Profile], goals: tuple[Goal, ...],
          n_targets: int, k: int, hall: bool) -> dict[int, _Profile]:
    """The people the model gets, by the pruning strategy (see _pruning)."""
    if strategy == "whole":
        return _all_members(profiles)
    if strategy == "classes":
        return _k_first_per_class(profiles, _role_sets(goals, n_targets, every_subset=hall), k,
                                  goals if hall else ())
    lists = tuple(dict.fromkeys(codes for goal in goals for spec in goal.roles for _, codes in spec.lists))
    return _undominated(profiles, k, lists, same_held=hall)


MAX_ROLE_SETS = 256  # beyond this many (set of roles, changes) classes, prune by profile instead


def _pruning(prune: bool, settings: PlanSettings, objective: Objective, goals: tuple[Goal, ...],
             n_targets: int) -> Literal["whole", "classes", "profiles"]:
    """Which reduction keeps the plan exact (see the module docstring).

    Classes of (set of roles, changes) ranked by cost are exact when a plan is worth the count and the
    cost of its changes: the exams and cost objectives without a calendar. With a calendar, or the time
    and risk objectives, or so many goals that the sets of roles would be too many to list, people are
    ranked within profiles that differ only in their hourly rate instead."""
    if not prune or settings.whole_roster:
        return "whole"
    if settings.schedule or objective not in ("exams", "cost"):
        return "profiles"
    hall = settings.resilience > 0 or bool(settings.spares)
    if _count_role_sets(goals, n_targets, every_subset=hall) > MAX_ROLE_SETS:
        return "profiles"
    return "classes"


def _hall_groups(goal: Goal) -> list[tuple[RoleSpec, ...]]:
    """The sets of a goal's roles whose slots Hall's condition counts together: every set of roles
    when its slot holders are all different people, each role alone when they may be the same."""
    if goal.level.people != "different":
        return [(spec,) for spec in goal.roles]
    return [group for size in range(1, len(goal.roles) + 1)
            for group in itertools.combinations(goal.roles, size)]


def _people_a_plan_uses(goals: tuple[Goal, ...], n_targets: int, settings: PlanSettings) -> int:
    """An upper bound on the people a plan uses (fills a slot with, or gives a change to), plus one more
    per alternative plan to list: the k of the pruning argument.

    Without resilience that is the slots (the largest option of each target). With resilience K (or a
    buffer), every changed person who fills no slot is needed by some Hall group T whose count is then
    tight, so at most slots(T) + K of them qualify for T: summing over the groups bounds them."""
    k = sum(max((g.slots for g in goals if g.target_index == t), default=0) for t in range(n_targets))
    if settings.resilience > 0 or settings.spares:
        for goal in goals:
            for group in _hall_groups(goal):
                spare = 1 if set(settings.spares).intersection(s.key for s in group) else 0
                k += sum(s.slots for s in group) + max(settings.resilience, spare)
    return k + settings.extra_plans


def _undominated(profiles: dict[tuple[object, ...], _Profile], k: int, lists: tuple[frozenset[str], ...], *,
                 same_held: bool) -> dict[int, _Profile]:
    """Everyone dominated by fewer than k people (and every possible hire among the k first of its profile).

    p dominates q when p is earlier in the roster, pays no more per hour, and can do whatever q can:
    p's held exams cover every exam list q's cover (the same lists, with resilience, so every Hall count
    stays as it was), p may take each exam q may take that serves a list p does not cover (and renew
    what q renews), in every
    month q may, with no more risk, takes as many exams in a month and has no lower `max_new_exams`.
    Then q's place in any plan, with q's new exams (less those that serve only lists p covers: the
    model never plans such an exam), goes to p at no more exams, cost, risk or months, and earlier in
    the roster.
    A plan uses at most k people, so if k people dominate q one of them is free: the canonical plan
    never uses q. A person dominated by k others of its own profile is dropped at once; their
    dominators also dominate whoever they dominate, so no answer depends on them.
    """
    groups: dict[tuple[object, ...], list[tuple[int, float, _Profile]]] = {}
    hires: dict[int, _Profile] = {}
    for prof in profiles.values():
        if prof.hire_profile is not None:
            hires.update(_k_first_per_class_of_hires(prof, k))
            continue
        options = tuple((o.exam, o.months, o.risk, o.renewal) for o in prof.options)  # one per option key
        key = (prof.held, options, prof.max_new, prof.per_month)
        # one profile has one rate: its k first members dominate the rest of it
        groups.setdefault(key, []).extend((i, prof.rate, prof) for i in prof.members[:k])
    fronts = {key: _front(sorted(members), k) for key, members in groups.items()}
    abilities = {key: _Ability.of(key, lists) for key in fronts}
    keep: dict[int, _Profile] = dict(hires)
    for key_b, front_b in fronts.items():
        ability_b = abilities[key_b]
        rivals = [front_a for key_a, front_a in fronts.items()
                  if abilities[key_a].can_replace(ability_b, same_held)]
        merged = _until(front_b[-1][0], heapq.merge(*rivals))
        keep.update((i, prof) for i, _, prof in _front(merged, k, only=front_b))
    return keep


def _front(members: Iterable[tuple[int, float, _Profile]], k: int,
           only: list[tuple[int, float, _Profile]] | None = None) -> list[tuple[int, float, _Profile]]:
    """Of `members` in roster order, those with fewer than k earlier members at no higher rate (of `only`,
    when given: the others count as dominators but are not returned)."""
    wanted = None if only is None else {i for i, _, _ in only}
    lowest: list[float] = []  # the k lowest rates so far, as a max-heap (negated)
    out = []
    for member in members:
        _, rate, _ = member
        dominated = len(lowest) >= k and -lowest[0] <= rate
        if not dominated and (wanted is None or member[0] in wanted):
            out.append(member)
        if len(lowest) < k:
            heapq.heappush(lowest, -rate)
        elif rate < -lowest[0]:
            heapq.heapreplace(lowest, -rate)
    return out


def _until(last: int, members: Iterable[tuple[int, float, _Profile]]
           ) -> Iterator[tuple[int, float, _Profile]]:
    """The members (in roster order) up to roster position `last`."""
    return itertools.takewhile(lambda m: m[0] <= last, members)


def _serves(exam: str, lists: tuple[frozenset[str], ...]) -> frozenset[int]:
    """The positions of the lists an exam belongs to."""
    return frozenset(n for n, codes in enumerate(lists) if exam in codes)


@dataclass(frozen=True)
class _Ability:
    """What people of one profile (but for the rate) can do, for the dominance test of _undominated."""

    covers: frozenset[int]  # positions in the problem's exam lists of the lists their held exams cover
    # (exam, a renewal) -> (lists it serves, months, risk, a renewal)
    options: dict[tuple[str, bool], tuple[frozenset[int], frozenset[int], int, bool]]
    max_new: int | None
    per_month: int

    @staticmethod
    def of(key: tuple[Any, ...], lists: tuple[frozenset[str], ...]) -> _Ability:
        held, options, max_new, per_month = key
        return _Ability(frozenset(n for n, codes in enumerate(lists) if held & codes),
                        {(exam, renewal): (_serves(exam, lists), frozenset(months), risk, renewal)
                         for exam, months, risk, renewal in options},
                        max_new, per_month)

    def can_replace(self, other: _Ability, same_held: bool) -> bool:
        """Whether these people can do whatever `other`'s can (see _undominated)."""
        if (self.covers != other.covers) if same_held else not self.covers >= other.covers:
            return False
        if self.max_new is not None and (other.max_new is None or self.max_new < other.max_new):
            return False
        if self.per_month < other.per_month:
            return False
        for (exam, renewal), (serves, months, risk, _) in other.options.items():
            if serves <= self.covers:
                continue  # serves only lists these people cover: never planned for them
            # a renewal costs otherwise than earning the exam: only a renewal replaces a renewal
            mine = self.options.get((exam, renewal))
            if mine is None or not mine[1] >= months or mine[2] > risk:
                return False
        return True


def _k_first_per_class_of_hires(prof: _Profile, k: int) -> dict[int, _Profile]:
    """The first k possible hires of a hiring profile (they are alike: hires_of_a_profile_in_order)."""
    return {i: prof for i in prof.members[:k]}


def _outside_hall(profiles: dict[tuple[object, ...], _Profile], keep: dict[int, _Profile],
                  goals: tuple[Goal, ...]) -> dict[tuple[int, frozenset[str]], int]:
    """For every goal and Hall group of its roles, how many staff left out of the model already qualify
    for one of the group's roles (they count after departures, though the model has no variable for them)."""
    out: dict[tuple[int, frozenset[str]], int] = {}
    for prof in profiles.values():
        if prof.hire_profile is not None:
            continue
        left_out = sum(1 for i in prof.members if i not in keep)
        if not left_out:
            continue
        for goal in goals:
            quals = {spec.key for spec in goal.roles if all(prof.held & codes for _, codes in spec.lists)}
            for group in _hall_groups(goal) if quals else ():
                keys = frozenset(s.key for s in group)
                if quals & keys:
                    out[goal.index, keys] = out.get((goal.index, keys), 0) + left_out
    return out


def _outside_types(profiles: dict[tuple[object, ...], _Profile], keep: dict[int, _Profile],
                   goals: tuple[Goal, ...]) -> dict[tuple[int, frozenset[str]], int]:
    """For every scored goal, how many staff left out of the model qualify for exactly each set of its
    metrics (they count after departures as constants)."""
    out: dict[tuple[int, frozenset[str]], int] = {}
    scored = [g for g in goals if g.scored]
    for prof in profiles.values() if scored else ():
        left_out = sum(1 for i in prof.members if i not in keep) if prof.hire_profile is None else 0
        for goal in scored if left_out else ():
            quals = frozenset(spec.key for spec in goal.roles
                              if all(prof.held & codes for _, codes in spec.lists))
            if quals:
                out[goal.index, quals] = out.get((goal.index, quals), 0) + left_out
    return out


def _lower_level_to_prefer(goals: tuple[Goal, ...], profiles: dict[tuple[object, ...], _Profile]
                           ) -> tuple[Level | None, tuple[RoleSpec, ...]]:
    """The level below a single goal of all-different slot holders, met on the way (Silver under Gold),
    unless the roster already meets it as it stands."""
    if len(goals) != 1 or goals[0].level.people != "different":
        return None, ()
    lower_level, lower_roles = _level_below(goals[0].catalog, goals[0].level)
    if lower_roles and _met_without_new_exams(profiles, lower_roles):
        return None, ()  # already met as the roster stands: nothing to prefer
    return lower_level, lower_roles


def _level_below(catalog: Catalog, level: Level) -> tuple[Level | None, tuple[RoleSpec, ...]]:
    """The level listed just before this one, if meeting this level's slots always meets its slots too."""
    position = [lv.id for lv in catalog.levels].index(level.id)
    if position == 0:
        return None, ()
    lower = catalog.levels[position - 1]
    if any(n > level.slots.get(rid, 0) for rid, n in lower.slots.items()):
        return None, ()
    return lower, tuple(RoleSpec(role=r, slots=lower.slots[r.id], lists=tuple(role_lists(catalog, r)))
                        for r in catalog.roles if lower.slots.get(r.id, 0) > 0)


def hire_candidates(scenario: Scenario) -> list[tuple[int, Person]]:
    """Every possible hire as (position in `hiring`, a Person), `max` of each profile, in list order."""
    out: list[tuple[int, Person]] = []
    for position, hp in enumerate(scenario.hiring):
        for j in range(hp.max):
            out.append((position, Person(
                id=f"hire[{position}.{j}]", name=hp.profile,
                passed=[Pass(exam=p.exam) for p in hp.passed], can_take=hp.can_take,
                max_new_exams=hp.max_new_exams, hourly_rate_usd=hp.hourly_rate_usd,
            )))
    return out


def _met_without_new_exams(profiles: dict[tuple[object, ...], _Profile], specs: tuple[RoleSpec, ...]) -> bool:
    """Whether the staff as they are (no hires) fill every slot of these roles, all different (Hall)."""
    counts: dict[frozenset[str], int] = {}
    for prof in profiles.values():
        if prof.hire_profile is None:
            quals = frozenset(s.id for s in specs if all(prof.held & codes for _, codes in s.lists))
            counts[quals] = counts.get(quals, 0) + len(prof.members)
    for size in range(1, len(specs) + 1):
        for group in itertools.combinations(specs, size):
            ids = {s.id for s in group}
            if sum(n for q, n in counts.items() if q & ids) < sum(s.slots for s in group):
                return False
    return True


def _outside_qualifiers(profiles: dict[tuple[object, ...], _Profile], keep: dict[int, _Profile],
                        lower_roles: tuple[RoleSpec, ...]) -> dict[frozenset[str], int]:
    """For every set of the lower level's roles, how many staff outside the model already qualify for one."""
    counts: dict[frozenset[str], int] = {}
    for prof in profiles.values():
        if prof.hire_profile is not None:
            continue  # a possible hire counts only if hired, and only hires in the model can be
        quals = frozenset(spec.id for spec in lower_roles
                          if all(prof.held & codes for _, codes in spec.lists))
        left_out = sum(1 for i in prof.members if i not in keep) if quals else 0
        if left_out:
            counts[quals] = counts.get(quals, 0) + left_out
    out: dict[frozenset[str], int] = {}
    for size in range(1, len(lower_roles) + 1):
        for group in itertools.combinations([s.id for s in lower_roles], size):
            out[frozenset(group)] = sum(n for quals, n in counts.items() if quals.intersection(group))
    return {g: n for g, n in out.items() if n}


def _all_members(profiles: dict[tuple[object, ...], _Profile]) -> dict[int, _Profile]:
    return {i: prof for prof in profiles.values() for i in prof.members}


def _target_choices(goals: tuple[Goal, ...], t: int, every_subset: bool) -> list[tuple[RoleSpec, ...]]:
    """The sets of one target's roles a person can fill together (or, `every_subset`, qualify for)."""
    choices: list[tuple[RoleSpec, ...]] = [()]
    for goal in goals:
        if goal.target_index != t:
            continue
        if goal.level.people == "different" and not every_subset:
            choices += [(spec,) for spec in goal.roles]
        else:
            choices += [combo for n in range(1, len(goal.roles) + 1)
                        for combo in itertools.combinations(goal.roles, n)]
    return choices


def _count_role_sets(goals: tuple[Goal, ...], n_targets: int, *, every_subset: bool) -> int:
    """How many sets _role_sets would list, without listing them."""
    return math.prod(len(_target_choices(goals, t, every_subset)) for t in range(n_targets)) - 1


def _role_sets(goals: tuple[Goal, ...], n_targets: int, *, every_subset: bool = False
               ) -> list[tuple[tuple[RoleSpec, ...], tuple[tuple[str, frozenset[str]], ...]]]:
    """Every set of roles one person can fill together in a plan, with the exam lists it needs.

    Per target: no role, or roles of one of its options (one role where slot holders must be different
    people, any of its roles where they may be the same). With one goal of 'different' people this is
    each role on its own. With resilience (`every_subset`) a person may qualify for several roles of a
    goal while filling one, and what counts after departures is every role they qualify for."""
    per_target = [_target_choices(goals, t, every_subset) for t in range(n_targets)]
    out = []
    for combo in itertools.product(*per_target):
        specs = [spec for part in combo for spec in part]
        if specs:
            lists = dict.fromkeys(lst for spec in specs for lst in spec.lists)  # one entry per list
            out.append((tuple(specs), tuple(lists)))
    return out


def _k_first_per_class(profiles: dict[tuple[object, ...], _Profile],
                       role_sets: list[tuple[tuple[RoleSpec, ...], tuple[tuple[str, frozenset[str]], ...]]],
                       k: int, hall_goals: tuple[Goal, ...] = ()) -> dict[int, _Profile]:
    """The k first people of every (set of roles, number of changes) class, by (cost, roster position).

    With several goals a person may fill slots of several roles (of different targets, or of one
    'same-or-different' level); the argument of the module docstring holds for the set of roles a person
    fills in the plan: swap them for an unused person among the k first who fills the same set with as
    many changes at no more cost. With resilience (`hall_goals`) the class also holds the roles a person
    qualifies for already, so the swap leaves every Hall count as it was."""
    keep: dict[int, _Profile] = {}
    for _, lists in role_sets:
        classes: dict[tuple[object, ...], list[tuple[int, int, _Profile]]] = {}
        for prof in profiles.values():
            already = _qualified_already(prof, hall_goals) if hall_goals else frozenset()
            for count, cost in cheapest_cover_by_count(prof.held, prof.options, prof.max_new,
                                                       lists).items():
                changes = count + (prof.hire_profile is not None)
                total = cost + prof.hire_cost_cents
                classes.setdefault((changes, already), []).extend((total, i, prof) for i in prof.members[:k])
        for ranked in classes.values():
            keep.update((i, prof) for _, i, prof in heapq.nsmallest(k, ranked, key=lambda t: (t[0], t[1])))
    return keep


def _qualified_already(prof: _Profile, goals: tuple[Goal, ...]) -> frozenset[str]:
    """The role keys a profile qualifies for with the exams it holds (none for a possible hire)."""
    if prof.hire_profile is not None:
        return frozenset({"hire"})
    return frozenset(spec.key for goal in goals for spec in goal.roles
                     if all(prof.held & codes for _, codes in spec.lists))


def _preference_order(roles: tuple[RoleSpec, ...], goals: tuple[Goal, ...]) -> dict[str, int]:
    """Exams of the goals' roles in the catalogs' order of preference (goal, role, list, position in list)."""
    order: dict[str, int] = {}
    for spec in roles:
        catalog = goals[spec.goal].catalog
        for list_id in spec.role.lists:
            for code in catalog.exam_list(list_id).exams:
                order.setdefault(code, len(order))
    return order


@dataclass(frozen=True)
class Cover:
    """The cheapest new exams that let someone fill a role, and its objective key."""

    exams: tuple[str, ...]
    count: int
    cost_cents: int
    key: tuple[int, int]


def _covers(held: frozenset[str], options: tuple[NewExamOption, ...], max_new: int | None,
            lists: tuple[tuple[str, frozenset[str]], ...]) -> Iterator[tuple[tuple[str, ...], int, int]]:
    """Every way to add one exam of each missing list: (exams, how many, cost in cents)."""
    missing = [codes for _, codes in lists if not (held & codes)]
    for combo in itertools.product(*[[o for o in options if o.exam in codes] for codes in missing]):
        chosen = dict.fromkeys(combo)
        if len({o.exam for o in chosen}) < len(chosen):
            continue  # a renewal and earning the same exam again: one of them is enough
        unique = {o.exam: o.cost_cents for o in combo}
        if max_new is None or sum(not o.renewal for o in chosen) <= max_new:
            yield tuple(unique), len(unique), sum(unique.values())


@functools.lru_cache(maxsize=1 << 16)  # the same profile and lists again: the next re-plan, best's levels
def cheapest_cover_by_count(held: frozenset[str], options: tuple[NewExamOption, ...], max_new: int | None,
                            lists: tuple[tuple[str, frozenset[str]], ...]) -> dict[int, int]:
    """For each number of new exams that can fill the role, the lowest cost (cents) of doing so."""
    best: dict[int, int] = {}
    for _, count, cost in _covers(held, options, max_new, lists):
        best[count] = min(cost, best.get(count, cost))
    return best


def cheapest_cover(held: frozenset[str], options: tuple[NewExamOption, ...], max_new: int | None,
                   lists: tuple[tuple[str, frozenset[str]], ...], objective: Objective) -> Cover | None:
    """The cheapest set of new exams that gives one exam from each list (None: impossible).

    With objective "exams" the fewest exams, then the lowest cost; otherwise the lowest cost first.
    """
    best: Cover | None = None
    for exams, count, cost in _covers(held, options, max_new, lists):
        key = (count, cost) if objective == "exams" else (cost, count)
        if best is None or key < best.key:
            best = Cover(exams, count, cost, key)
    return best
