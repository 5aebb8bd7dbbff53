"""Every plan of a tiny roster, ranked: the exhaustive answer to `plan --alternatives N`.

Written without planner.core.problem, planner.core.model or planner.core.solving (only the catalog data
and the date and cost rules of tests/bruteforce.py), so a bug in the model's cut that excludes listed
plans cannot hide.

A *plan* is a set of (person, new exam) pairs for which some choice of slot holders makes it valid:

- every slot of the level is filled, all by different people, each of whom counts on the deadline and
  holds (already, or by a new exam of the plan) one exam of each list of the role whose slot they fill;
- each new exam serves its taker's slot: it is in a list of the role they fill, they take at most one new
  exam of a list, and none of a list they already hold (so a slot holder takes exactly one exam of each
  list of their role they do not hold, and nobody else takes any);
- nobody takes more than `max_new_exams`, and each new exam is open to its taker (see `open_exams`).

So `every_plan` finds them all by trying every choice of slot holders (each person: no slot, or a slot of
one role) and, for each, every choice of one open exam per list its holders miss. Different choices of
slot holders can give the same set of pairs: a plan is counted once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from models.catalog import Catalog
from models.scenario import Person
from planner.input.loading import LoadedScenario
from tests.bruteforce import _in_team, _still_counts, _takeable_in, exam_cents

Objective = Literal["exams", "cost"]
Differ = Literal["people", "exams"]
Key = tuple[int, int]


@dataclass(frozen=True)
class Plan:
    """A valid plan: its (person, exam) pairs, how many new exams it asks for, and their cost in cents."""

    pairs: frozenset[tuple[str, str]]
    count: int
    cost: int

    def key(self, objective: Objective) -> Key:
        """The objective's order: fewest exams then cheapest, or cheapest then fewest exams."""
        return (self.count, self.cost) if objective == "exams" else (self.cost, self.count)

    @property
    def people(self) -> frozenset[str]:
        """Who takes new exams in this plan."""
        return frozenset(pid for pid, _ in self.pairs)


def open_exams(loaded: LoadedScenario, person: Person) -> tuple[frozenset[str], frozenset[str]]:
    """(held, open): the exams a person holds on the deadline, and the new exams open to them.

    A pass counts if the exam still counts on the deadline. A new exam is open if it can be taken on some
    day from as_of to the deadline, still counts on the deadline, is not held, and `can_take` (when
    given) names it. Someone who leaves on or before the deadline holds nothing and may take nothing.
    """
    scenario, catalog = loaded.scenario, loaded.catalog
    deadline = scenario.deadline
    assert deadline is not None
    if not _in_team(person, deadline):
        return frozenset(), frozenset()
    exams = {e.code: e for e in catalog.exams}
    held = frozenset(p.exam for p in person.passed if _still_counts(exams[p.exam], deadline))
    return held, frozenset(
        e.code for e in catalog.exams
        if e.code not in held and (person.can_take is None or e.code in person.can_take)
        and _takeable_in(e, scenario.as_of, deadline) and _still_counts(e, deadline))


def _role_lists(catalog: Catalog) -> dict[str, list[frozenset[str]]]:
    lists = {lst.id: frozenset(lst.exams) for lst in catalog.lists}
    return {role.id: [lists[lid] for lid in role.lists] for role in catalog.roles}


def ways_to_fill(loaded: LoadedScenario, person: Person, lists: list[frozenset[str]]) -> list[frozenset[str]]:
    """Every set of new exams with which this person fills a slot of a role with these lists (none for
    someone who does not count on the deadline: they hold nothing and may take nothing)."""
    held, open_codes = open_exams(loaded, person)
    per_list = [[None] if held & codes else sorted(open_codes & codes) for codes in lists]
    ways = [frozenset(c for c in combo if c is not None) for combo in itertools.product(*per_list)]
    limit = person.max_new_exams
    return [w for w in ways if limit is None or len(w) <= limit]


def _slot_holders(people: int, slots: dict[str, int]) -> Iterator[list[tuple[int, str]]]:
    """Every choice of slot holders: each person fills no slot or a slot of one role, every role's slots
    filled, as (person index, role) pairs."""
    for roles in itertools.product([None, *slots], repeat=people):
        if all(roles.count(rid) == n for rid, n in slots.items()):
            yield [(i, rid) for i, rid in enumerate(roles) if rid is not None]


def every_plan(loaded: LoadedScenario, level_id: str) -> list[Plan]:
    """Every valid plan of the level's exam rules (each set of pairs once), in no particular order."""
    scenario, catalog = loaded.scenario, loaded.catalog
    slots = {rid: n for rid, n in catalog.level(level_id).slots.items() if n > 0}
    role_lists = _role_lists(catalog)
    # ways[i][role]: person i's ways to fill a slot of the role, as (pairs, cost in cents)
    ways = [{rid: [(frozenset((p.id, c) for c in new), sum(exam_cents(scenario, p, c) for c in new))
                   for new in ways_to_fill(loaded, p, role_lists[rid])] for rid in slots}
            for p in scenario.staff]
    found: dict[frozenset[tuple[str, str]], Plan] = {}
    for holders in _slot_holders(len(scenario.staff), slots):
        for combo in itertools.product(*(ways[i][rid] for i, rid in holders)):
            pairs = frozenset().union(*(new for new, _ in combo))
            if pairs not in found:
                found[pairs] = Plan(pairs, len(pairs), sum(cost for _, cost in combo))
    return list(found.values())


def ranked_keys(plans: list[Plan], objective: Objective, differ: Differ) -> list[Key]:
    """The objective's values of the best plan, the next best, ...: over distinct plans ("exams"), or
    over distinct sets of people who take new exams ("people": each set at its best plan)."""
    if differ == "exams":
        return sorted(p.key(objective) for p in plans)
    best: dict[frozenset[str], Key] = {}
    for p in plans:
        people, key = p.people, p.key(objective)
        best[people] = min(best.get(people, key), key)
    return sorted(best.values())
