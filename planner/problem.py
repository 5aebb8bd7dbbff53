"""From a loaded scenario to the data the CP-SAT model loops over: who counts, what they may take.

Two reductions keep the model small however long the roster is:

1. **Profiles.** People who count on the deadline are grouped by everything the plan depends on (the
   relevant exams they hold, `can_take`, `max_new_exams`, hourly rate). The rules are applied once per
   profile, not once per person.
2. **Pruning.** For each role, and each number of changes c a person needs to fill it (new exams, plus
   one for a hire), only the k cheapest such people can matter, k = the level's total slots:

   A person's *need* for a role is their cheapest way to fill it: c changes costing m. Rank the people
   of one (role, c) class by (m, roster position). Take a canonical optimal plan P (the tie-break in
   planner/model.py prefers, after the objective, slot holders earlier in the roster, earlier roles
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

   The argument needs every person in a plan to be there for one slot, and a plan's worth to be the sum
   of what each slot holder costs. Plans that must survive departures (`resilience`), lists of
   alternative plans, the search for fixes, a calendar (months and per-person capacity) and the time and
   risk objectives break that, so they are built over the whole roster (still grouped into profiles).
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from models.catalog import Catalog, Level, Role
from models.scenario import Pass, Person, Scenario
from planner.loading import LoadedScenario
from planner.rules import (
    exam_cost_cents,
    exams_per_month,
    held_on,
    months_between,
    months_exam_can_be_taken,
    new_exam_is_open,
    pass_rate,
    person_counts_on,
    person_may_take,
    role_lists,
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
    """A role of the level: how many slots, and the exam lists a slot holder needs one exam from each."""

    role: Role
    slots: int
    lists: tuple[tuple[str, frozenset[str]], ...]

    @property
    def id(self) -> str:
        return self.role.id


@dataclass(frozen=True)
class PlanSettings:
    """What the plan must respect beyond the level's rules."""

    budget_cents: int | None = None
    resilience: int = 0
    exclude: tuple[frozenset[tuple[str, str]], ...] = ()  # plans already listed: sets of (person, exam|"hire")
    fill_most_slots: bool = False  # instead of filling every slot, fill as many as the budget allows
    whole_roster: bool = False  # no pruning (alternatives, fixes)
    schedule: bool = False  # give every new exam a month (implied by --objective time)
    spares: tuple[str, ...] = ()  # roles that get one spare qualified person (--buffer)


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
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def total_slots(self) -> int:
        return sum(r.slots for r in self.roles)


@dataclass(frozen=True)
class _Profile:
    held: frozenset[str]
    options: tuple[NewExamOption, ...]
    max_new: int | None
    members: list[int]
    hire_profile: int | None = None
    hire_cost_cents: int = 0
    per_month: int = 1


def build_problem(loaded: LoadedScenario, level_id: str, objective: Objective = "exams", *,
                  prune: bool = True, settings: PlanSettings | None = None) -> Problem:
    """Apply the rules to the roster and keep the people the model needs (all of them if not `prune`)."""
    settings = settings or PlanSettings()
    scenario, catalog = loaded.scenario, loaded.catalog
    level = catalog.level(level_id)
    roles = tuple(
        RoleSpec(role=r, slots=level.slots[r.id], lists=tuple(role_lists(catalog, r)))
        for r in catalog.roles if level.slots.get(r.id, 0) > 0
    )
    exam_order = _preference_order(catalog, roles)
    exams = {e.code: e for e in catalog.exams}
    open_codes = [c for c in exam_order if new_exam_is_open(exams[c], scenario.as_of, scenario.deadline)]
    relevant = frozenset(exam_order)
    scheduled = settings.schedule or objective == "time"
    if scheduled and not settings.schedule:
        settings = replace(settings, schedule=True)
    months = months_between(scenario.as_of, scenario.deadline) if scheduled else []
    month_index = {m: i for i, m in enumerate(months)}
    open_months = {c: tuple(month_index[m] for m in months_exam_can_be_taken(
        exams[c], scenario.as_of, scenario.deadline, months)) for c in open_codes} if scheduled else {}

    profiles: dict[tuple[object, ...], _Profile] = {}

    def profile_for(person: Person, held: frozenset[str], hire: int | None, hire_cost: int) -> _Profile:
        allowed = None if person.can_take is None else frozenset(person.can_take)
        signature = (held, allowed, person.max_new_exams, person.hourly_rate_usd, hire, person.pass_factor,
                     tuple(person.unavailable) if scheduled else (), person.exams_per_month)
        profile = profiles.get(signature)
        if profile is None:
            away = {month_index[m] for m in person.unavailable if m in month_index}
            options = []
            for c in open_codes:
                if c in held or not person_may_take(person, c):
                    continue
                when = tuple(m for m in open_months[c] if m not in away) if scheduled else ()
                if scheduled and not when:
                    continue  # every month it can be taken in, the person is away
                rate = pass_rate(scenario, person, c)
                options.append(NewExamOption(c, exam_cost_cents(scenario, person, c), when, rate,
                                             round(-math.log(rate) * RISK_SCALE)))
            profile = profiles[signature] = _Profile(held, tuple(options), person.max_new_exams, [], hire,
                                                     hire_cost, exams_per_month(scenario, person))
        return profile

    leavers: list[Person] = []
    counted = 0
    staff = scenario.staff
    deadline = scenario.deadline
    held_by_passes: dict[tuple[object, ...], frozenset[str]] = {}  # the same passes hold the same exams
    for index, person in enumerate(staff):  # one pass over the roster, the rules once per profile
        if not person_counts_on(person, deadline):
            leavers.append(person)
            continue
        counted += 1
        passes = tuple([(p.exam, p.date) for p in person.passed]) if person.passed else ()
        held = held_by_passes.get(passes)
        if held is None:
            held = held_by_passes[passes] = held_on(person, exams, deadline) & relevant
        profile_for(person, held, None, 0).members.append(index)
    hires = hire_candidates(scenario)
    for index, (position, person) in enumerate(hires, start=len(staff)):
        held = held_on(person, exams, scenario.deadline) & relevant
        hp = scenario.hiring[position]
        profile_for(person, held, position, round(hp.cost_usd * 100)).members.append(index)

    whole = (not prune or settings.whole_roster or settings.resilience > 0 or scheduled or bool(settings.spares)
             or objective not in ("exams", "cost"))
    lower_level, lower_roles = _level_below(catalog, level)
    if lower_roles and _met_without_new_exams(profiles, lower_roles):
        lower_level, lower_roles = None, ()  # already met as the roster stands: nothing to prefer
    # k: the level's slots, plus the level below's, so the tie-break that meets it first stays exact
    k = level.total_slots + (lower_level.total_slots if lower_level else 0)
    keep = _all_members(profiles) if whole else _k_first_per_class(profiles, roles, k)
    outside = _outside_qualifiers(profiles, keep, lower_roles) if lower_roles else {}
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
               "people_in_model": len(people)},
    )


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
        quals = frozenset(spec.id for spec in lower_roles if all(prof.held & codes for _, codes in spec.lists))
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


def _k_first_per_class(profiles: dict[tuple[object, ...], _Profile], roles: tuple[RoleSpec, ...],
                       k: int) -> dict[int, _Profile]:
    """The k first people of every (role, number of changes) class, by (cost, roster position)."""
    keep: dict[int, _Profile] = {}
    for spec in roles:
        classes: dict[int, list[tuple[int, int, _Profile]]] = {}
        for prof in profiles.values():
            for count, cost in cheapest_cover_by_count(prof.held, prof.options, prof.max_new,
                                                       spec.lists).items():
                changes = count + (prof.hire_profile is not None)
                total = cost + prof.hire_cost_cents
                classes.setdefault(changes, []).extend((total, i, prof) for i in prof.members[:k])
        for ranked in classes.values():
            keep.update((i, prof) for _, i, prof in heapq.nsmallest(k, ranked, key=lambda t: (t[0], t[1])))
    return keep


def _preference_order(catalog: Catalog, roles: tuple[RoleSpec, ...]) -> dict[str, int]:
    """Exams of the level's roles in the catalog's order of preference (role, list, position in list)."""
    order: dict[str, int] = {}
    for spec in roles:
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
        unique = {o.exam: o.cost_cents for o in combo}
        if max_new is None or len(unique) <= max_new:
            yield tuple(unique), len(unique), sum(unique.values())


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
