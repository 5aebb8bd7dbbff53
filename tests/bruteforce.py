"""An exhaustive solver for tiny rosters, written without the planner's rules, problem builder or model.

It restates the rules of ../shared/rules/cloud-crm.md from the catalog data alone (it imports nothing
from planner.rules.domain, planner.core.problem, planner.core.model or planner.core.solving),
so a bug there cannot hide:

- A pass counts on the deadline if the catalog (the revision planned against) lists the exam and it
  still counts then (`counts_until`, when given, is not before the deadline); a pass of an exam only
  another revision lists counts for nothing.
- A new exam can be planned if it can be taken on some day from `as_of` to the deadline (after its
  `first_take`, not after its `last_take`) and still counts on the deadline; the person does not hold it
  already and `can_take`, when given, names it.
- Someone with `leaves_on` on or before the deadline does not count and gets no exams.
- A new exam costs fee + prep_hours x hourly rate (per-exam and per-person overrides), in cents.
- Every slot of a level is filled by a different person who holds, already or by a new exam, one exam
  from each list of the slot's role.

The search is exhaustive over plans in two steps:

1. Per person, every set of new exams open to them of size at most min(max_new_exams, L), where L is the
   largest number of lists of any role. Bounding the size by L loses no optimum: a person fills at most
   one slot, and one exam per list of that slot's role suffices, so from any valid plan we can drop every
   other new exam (and every exam of people who fill no slot) and get a valid plan with no more exams and
   no more cost (every exam counts 1 and costs >= 0). Each set is recorded with the roles it qualifies
   the person for and its (count, cost).
2. Every assignment of people to slots (each person at most one slot, every role's slot count met); for
   each, every slot holder's cheapest qualifying set. Picking each holder's set independently is exact:
   the objective is a sum over people compared lexicographically, and lexicographic order on pairs of
   integers is preserved by adding the same pair to both sides, so the best sum is the sum of the bests.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from models.catalog import Catalog, Exam
from models.report import Assignment, Gate, NewExam, PlanReport
from models.scenario import Person, Scenario
from planner.input.loading import LoadedScenario

Objective = Literal["exams", "cost"]
Holders = dict[str, tuple[int, ...]]  # role -> the people filling its slots


@dataclass(frozen=True)
class Choice:
    """A set of new exams for one person, the roles it lets them fill, and its (count, cost in cents)."""

    exams: frozenset[str]
    roles: frozenset[str]
    count: int
    cost: int


@dataclass(frozen=True)
class Optimum:
    """The best (count, cost) for a level and objective, and a plan reaching it: (person, role, exams)."""

    count: int
    cost: int
    plan: tuple[tuple[str, str, frozenset[str]], ...]


def _still_counts(exam: Exam, day: dt.date) -> bool:
    return exam.counts_until is None or day <= exam.counts_until


def _takeable_in(exam: Exam, first: dt.date, last: dt.date) -> bool:
    start = first if exam.first_take is None or exam.first_take < first else exam.first_take
    end = last if exam.last_take is None or exam.last_take > last else exam.last_take
    return start <= end


def _in_team(person: Person, deadline: dt.date) -> bool:
    return person.leaves_on is None or deadline < person.leaves_on


def exam_cents(scenario: Scenario, person: Person, code: str) -> int:
    """What one new exam costs this person, in cents: fee + preparation hours x hourly rate."""
    fee = scenario.costs.exam_fee_usd
    hours = scenario.costs.prep_hours
    override = scenario.costs.exams.get(code)
    if override is not None and override.fee_usd is not None:
        fee = override.fee_usd
    if override is not None and override.prep_hours is not None:
        hours = override.prep_hours
    rate = scenario.costs.hourly_rate_usd if person.hourly_rate_usd is None else person.hourly_rate_usd
    return round((fee + hours * rate) * 100)


def counting_passes(catalog: Catalog, person: Person, deadline: dt.date) -> set[str]:
    """The exams a person holds that count on the deadline: listed by this catalog and not yet expired."""
    exams = {e.code: e for e in catalog.exams}
    return {p.exam for p in person.passed if p.exam in exams and _still_counts(exams[p.exam], deadline)}


def _role_lists(catalog: Catalog) -> dict[str, list[set[str]]]:
    lists = {lst.id: set(lst.exams) for lst in catalog.lists}
    return {role.id: [lists[lid] for lid in role.lists] for role in catalog.roles}


def person_choices(loaded: LoadedScenario, person: Person) -> list[Choice]:
    """Every set of new exams worth considering for one person (see the module docstring for the bound)."""
    scenario, catalog = loaded.scenario, loaded.catalog
    deadline = scenario.deadline
    assert deadline is not None
    if not _in_team(person, deadline):
        return [Choice(frozenset(), frozenset(), 0, 0)]
    held = counting_passes(catalog, person, deadline)
    open_codes = [
        e.code for e in catalog.exams
        if e.code not in held
        and (person.can_take is None or e.code in person.can_take)
        and _takeable_in(e, scenario.as_of, deadline)
        and _still_counts(e, deadline)
    ]
    role_lists = _role_lists(catalog)
    bound = max(len(lsts) for lsts in role_lists.values())  # L in the module docstring
    if person.max_new_exams is not None:
        bound = min(bound, person.max_new_exams)
    choices = []
    for size in range(bound + 1):
        for combo in itertools.combinations(open_codes, size):
            has = held | set(combo)
            roles = frozenset(rid for rid, lsts in role_lists.items() if all(has & lst for lst in lsts))
            cost = sum(exam_cents(scenario, person, code) for code in combo)
            choices.append(Choice(frozenset(combo), roles, size, cost))
    return choices


def _key(count: int, cost: int, objective: Objective) -> tuple[int, int]:
    return (count, cost) if objective == "exams" else (cost, count)


def brute_force(loaded: LoadedScenario, level_id: str, objective: Objective) -> Optimum | None:
    """The optimum (count, cost) of new exams for the level's exam rules, or None when no plan exists."""
    scenario, catalog = loaded.scenario, loaded.catalog
    level = catalog.level(level_id)
    staff = scenario.staff
    # best[i][role]: person i's cheapest choice that qualifies them for the role
    best: list[dict[str, Choice]] = []
    for person in staff:
        mine: dict[str, Choice] = {}
        for choice in person_choices(loaded, person):
            for rid in choice.roles:
                old = mine.get(rid)
                if old is None or _key(choice.count, choice.cost, objective) < _key(old.count, old.cost,
                                                                                    objective):
                    mine[rid] = choice
        best.append(mine)
    winner: Optimum | None = None
    for holders in _assignments(len(staff), level.slots):
        pairs = [(i, rid) for rid, people in holders.items() for i in people]
        if any(rid not in best[i] for i, rid in pairs):
            continue
        count = sum(best[i][rid].count for i, rid in pairs)
        cost = sum(best[i][rid].cost for i, rid in pairs)
        if winner is None or _key(count, cost, objective) < _key(winner.count, winner.cost, objective):
            plan = tuple((staff[i].id, rid, best[i][rid].exams) for i, rid in pairs)
            winner = Optimum(count, cost, plan)
    return winner


def _assignments(people: int, slots: dict[str, int]) -> Iterator[Holders]:
    """Every way to give each role its number of slot holders, all different people (role -> people)."""
    roles = [(rid, n) for rid, n in slots.items() if n > 0]

    def extend(k: int, free: tuple[int, ...], sofar: Holders) -> Iterator[Holders]:
        if k == len(roles):
            yield dict(sofar)
            return
        rid, n = roles[k]
        for group in itertools.combinations(free, n):
            rest = tuple(i for i in free if i not in group)
            yield from extend(k + 1, rest, {**sofar, rid: group})

    yield from extend(0, tuple(range(people)), {})


def achievable(loaded: LoadedScenario, level_id: str, count: int, cost: int) -> bool:
    """Whether some valid plan asks for exactly `count` new exams costing exactly `cost` cents.

    Unlike `brute_force`, people may take sets that are not their cheapest, so every total of at most
    L exams per slot holder is reachable here; totals above (count, cost) are cut off early since no
    exam has a negative count or cost.
    """
    scenario, catalog = loaded.scenario, loaded.catalog
    level = catalog.level(level_id)
    options = []
    for person in scenario.staff:
        per_role: dict[str, set[tuple[int, int]]] = {}
        for choice in person_choices(loaded, person):
            for rid in choice.roles:
                per_role.setdefault(rid, set()).add((choice.count, choice.cost))
        options.append(per_role)
    roles = [rid for rid, n in level.slots.items() if n > 0]
    # states: slots still open per role -> totals (count, cost) reachable so far
    start = tuple(level.slots[rid] for rid in roles)
    states: dict[tuple[int, ...], set[tuple[int, int]]] = {start: {(0, 0)}}
    for per_role in options:
        nxt: dict[tuple[int, ...], set[tuple[int, int]]] = {s: set(t) for s, t in states.items()}
        for state, totals in states.items():
            for r, rid in enumerate(roles):
                if state[r] == 0 or rid not in per_role:
                    continue
                after = state[:r] + (state[r] - 1,) + state[r + 1:]
                bucket = nxt.setdefault(after, set())
                for c0, m0 in totals:
                    for c1, m1 in per_role[rid]:
                        if c0 + c1 <= count and m0 + m1 <= cost:
                            bucket.add((c0 + c1, m0 + m1))
        states = nxt
    done = tuple(0 for _ in roles)
    return (count, cost) in states.get(done, set())


def witness_report(loaded: LoadedScenario, level_id: str, objective: Objective,
                   optimum: Optimum) -> PlanReport:
    """The brute force's plan as a PlanReport, so the independent validator can accept or reject it."""
    scenario, catalog = loaded.scenario, loaded.catalog
    deadline = scenario.deadline
    assert deadline is not None
    level = catalog.level(level_id)
    people = {p.id: p for p in scenario.staff}
    lists = {lst.id: lst.exams for lst in catalog.lists}
    roles = {r.id: r for r in catalog.roles}
    new_exams: list[NewExam] = []
    assignments: list[Assignment] = []
    for pid, rid, codes in optimum.plan:
        person = people[pid]
        for code in sorted(codes):
            cost_usd = exam_cents(scenario, person, code) / 100
            new_exams.append(NewExam(person=pid, exam=code, cost_usd=cost_usd))
        has = counting_passes(catalog, person, deadline) | codes
        qualifying = [next(c for c in lists[lid] if c in has) for lid in roles[rid].lists]
        assignments.append(Assignment(person=pid, role=rid, exams=qualifying))
    org = scenario.organization
    gates = [Gate(name=g.id, ok=org.revenue_usd >= g.required_usd[org.market]) for g in level.revenue_gates]
    if level.dpor:
        gates.append(Gate(name="dpor", ok=org.dpor))
    return PlanReport(
        scenario=scenario.name, competency=catalog.id, level=level_id, as_of=scenario.as_of,
        deadline=deadline, objective=objective, status="optimal", reachable=all(g.ok for g in gates),
        gates=gates, new_exams=new_exams, total_new_exams=len(new_exams),
        total_cost_usd=sum(round(e.cost_usd * 100) for e in new_exams) / 100,
        assignments=assignments, reasons=[],
    )
