"""From a loaded scenario to the data the CP-SAT model loops over: who counts, what they may take.

Two reductions keep the model small however long the roster is:

1. **Profiles.** People who count on the deadline are grouped by everything the plan depends on (the
   relevant exams they hold, `can_take`, `max_new_exams`, hourly rate). The rules are applied once per
   profile, not once per person.
2. **Pruning.** For each role only the k cheapest people can matter, k = the level's total slots:

   Let a person's *key* for a role be the objective of their cheapest exam set for it ((exams, cost) or
   (cost, exams)), and rank people for the role by (key, roster position). Take a canonical optimal plan
   P (the tie-break in planner/solving.py prefers, after the objective, slot holders earlier in the
   roster, earlier roles first) and suppose person q fills role r in P though q is not among the k first
   for r. At most k - 1 of those k first people fill slots in P (q fills one of the k slots), so one of
   them, p, is unused. Give q's slot to p with p's cheapest exam set: the objective does not grow, since
   key(p) <= key(q). If it shrinks, P was not optimal; if it is equal, p is earlier in the roster than q
   and P was not canonical. So the canonical plan uses only people among the k first of some role, and
   the model needs no one else: at most k x (number of roles) people, whatever the roster's size.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field
from typing import Literal

from models.catalog import Catalog, Level, Role
from models.scenario import Person, Scenario
from planner.loading import LoadedScenario
from planner.rules import (
    exam_cost_cents,
    held_on,
    new_exam_is_open,
    person_counts_on,
    person_may_take,
    role_lists,
)

Objective = Literal["exams", "cost"]


@dataclass(frozen=True)
class NewExamOption:
    """A new exam open to a person, with what it would cost them (cents)."""

    exam: str
    cost_cents: int


@dataclass(frozen=True)
class Candidate:
    """A person who counts on the deadline, with what they hold and what they may still take."""

    index: int
    person: Person
    held: frozenset[str]
    options: tuple[NewExamOption, ...]
    max_new: int | None

    @property
    def id(self) -> str:
        return self.person.id


@dataclass(frozen=True)
class RoleSpec:
    """A role of the level: how many slots, and the exam lists a slot holder needs one exam from each."""

    role: Role
    slots: int
    lists: tuple[tuple[str, frozenset[str]], ...]

    @property
    def id(self) -> str:
        return self.role.id


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


def build_problem(loaded: LoadedScenario, level_id: str, objective: Objective = "exams", *,
                  prune: bool = True) -> Problem:
    """Apply the rules to the roster and keep the people the model needs (all of them if not `prune`)."""
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

    profiles: dict[tuple[object, ...], _Profile] = {}
    leavers: list[Person] = []
    counted = 0
    staff = scenario.staff
    for index, person in enumerate(staff):
        if not person_counts_on(person, scenario.deadline):
            leavers.append(person)
            continue
        counted += 1
        held = held_on(person, exams, scenario.deadline) & relevant
        allowed = None if person.can_take is None else frozenset(person.can_take)
        signature = (held, allowed, person.max_new_exams, person.hourly_rate_usd)
        profile = profiles.get(signature)
        if profile is None:
            options = tuple(
                NewExamOption(c, exam_cost_cents(scenario, person, c))
                for c in open_codes if c not in held and person_may_take(person, c)
            )
            profile = profiles[signature] = _Profile(held, options, person.max_new_exams, [])
        profile.members.append(index)

    k = level.total_slots
    members_in_model: dict[int, _Profile] = {}
    if prune:
        for spec in roles:
            ranked: list[tuple[tuple[int, int], int, _Profile]] = []
            for prof in profiles.values():
                cover = cheapest_cover(prof.held, prof.options, prof.max_new, spec.lists, objective)
                if cover is not None:
                    ranked.extend((cover.key, i, prof) for i in prof.members[:k])
            members_in_model.update((i, prof) for _, i, prof in heapq.nsmallest(k, ranked, key=_rank))
    else:
        members_in_model = {i: prof for prof in profiles.values() for i in prof.members}
    people = tuple(
        Candidate(i, staff[i], prof.held, prof.options, prof.max_new)
        for i, prof in sorted(members_in_model.items(), key=lambda item: item[0])
    )
    return Problem(
        scenario=scenario, catalog=catalog, level=level, objective=objective, roles=roles,
        people=people, exam_order=exam_order, counted=counted, leavers=tuple(leavers),
        stats={"roster": len(staff), "counted": counted, "profiles": len(profiles),
               "people_in_model": len(people)},
    )


def _rank(item: tuple[tuple[int, int], int, _Profile]) -> tuple[tuple[int, int], int]:
    return item[0], item[1]


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


def cheapest_cover(held: frozenset[str], options: tuple[NewExamOption, ...], max_new: int | None,
                   lists: tuple[tuple[str, frozenset[str]], ...], objective: Objective) -> Cover | None:
    """The cheapest set of new exams that gives one exam from each list (None: impossible)."""
    missing = [codes for _, codes in lists if not (held & codes)]
    if not missing:
        return Cover((), 0, 0, (0, 0))
    choices = [[o for o in options if o.exam in codes] for codes in missing]
    if any(not c for c in choices):
        return None
    best: Cover | None = None
    for combo in itertools.product(*choices):
        unique = {o.exam: o.cost_cents for o in combo}
        count = len(unique)
        if max_new is not None and count > max_new:
            continue
        cost = sum(unique.values())
        key = (count, cost) if objective == "exams" else (cost, count)
        if best is None or key < best.key:
            best = Cover(tuple(unique), count, cost, key)
    return best
