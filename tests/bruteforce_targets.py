"""An exhaustive solver for several targets on tiny rosters, written without the planner's rules or model.

It restates ../shared/rules/cloud-crm.md and the multi-target rules of issue 7 from the catalog data alone
(it imports nothing from planner.core.problem, planner.core.model, planner.rules.domain,
planner.core.solving or planner.validation), so a bug there cannot hide:

- A pass counts on the deadline if the exam still counts then (`counts_until`, when given, is not before
  the deadline); the exams a person *holds* are their passes that still count.
- Someone with `leaves_on` on or before the deadline does not count and gets no exams.
- A new exam is *open* to a person if some list of some target's catalog names it, it can be taken on some
  day from `as_of` to the deadline (`first_take` not after the deadline, `last_take` not before `as_of`),
  it still counts on the deadline, the person does not hold it and `can_take`, when given, names it.
  A person takes at most `max_new_exams` of them.
- A new exam costs fee + prep_hours x hourly rate (per-exam and per-person overrides), in cents; it is
  counted once however many targets it serves.
- A slot of role R is filled by a person holding (already, or by a new exam) one exam of each list of R.
- A target is met when one of its options fills every slot of its level: with `people: different` no
  person fills two slots of the level (even of different roles); with `same-or-different` the holders of
  one role's slots are different people, but a person may fill slots of several roles.
- With `policy.one_gold_per_person` and two or more Gold targets (level id "gold"), a person fills slots
  in at most one Gold target.

The search considers every assignment of new exams, in two steps:

1. Per counted person, every subset of the exams open to them of size at most `max_new_exams`. Each
   subset gives the person a set of *capabilities*: the (target, option, role) triples they can fill.
   Whether the targets are met depends on the people only through their capabilities, and the objective
   is a sum over people, compared lexicographically; so for each person and capability set only the
   subset with the smallest (count, cost) (or (cost, count)) matters. A capability set is dropped when a
   superset of it is no dearer: any plan using it stays valid and no worse with the superset instead.
2. Every combination of one remaining capability set per person, checked against the rules above (the
   people of a `different` level matched to its slots by trying every assignment of people to slots).

`naive_optimum` tries every assignment without step 1's reduction (slow: the tests check that both
agree); `report_problems` checks a plan report against the same rules.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from models.catalog import Catalog, Exam, Level
from models.report import Assignment, PlanReport, TargetPlan
from models.scenario import Person, Scenario
from tests.bruteforce import exam_cents

Objective = Literal["exams", "cost"]
Capability = tuple[int, int, str]  # (target index, option index, role id)
GOLD = "gold"


@dataclass(frozen=True)
class Target:
    """A goal: its label ('competency:level'), its competency as one catalog per option, and the level."""

    label: str
    options: tuple[Catalog, ...]
    level: str

    @classmethod
    def of(cls, label: str, catalog: Catalog, level: str) -> Target:
        return cls(label, tuple(catalog.option_catalogs()), level)

    @property
    def gold(self) -> bool:
        return self.level == GOLD


@dataclass(frozen=True)
class Optimum:
    """The best (count, cost in cents) and a plan reaching it: person id -> new exams."""

    count: int
    cost: int
    exams: tuple[tuple[str, frozenset[str]], ...]


# ---- the rules, restated ---------------------------------------------------------------------------------

def still_counts(exam: Exam, day: dt.date) -> bool:
    return exam.counts_until is None or day <= exam.counts_until


def takeable_between(exam: Exam, first: dt.date, last: dt.date) -> bool:
    opens_in_time = exam.first_take is None or exam.first_take <= last
    still_open = exam.last_take is None or exam.last_take >= first
    return opens_in_time and still_open


def counted(person: Person, deadline: dt.date) -> bool:
    return person.leaves_on is None or person.leaves_on > deadline


def exams_of(targets: Sequence[Target]) -> dict[str, Exam]:
    """Every exam a target's catalog defines (the test catalogs define shared codes identically)."""
    out: dict[str, Exam] = {}
    for target in targets:
        for option in target.options:
            for exam in option.exams:
                out.setdefault(exam.code, exam)
    return out


def listed_codes(targets: Sequence[Target]) -> set[str]:
    return {code for t in targets for o in t.options for lst in o.lists for code in lst.exams}


def held(person: Person, exams: dict[str, Exam], deadline: dt.date) -> frozenset[str]:
    """The exams a person holds on the deadline: passes of exams the targets know that still count."""
    return frozenset(p.exam for p in person.passed
                     if p.exam in exams and still_counts(exams[p.exam], deadline))


def open_exams(scenario: Scenario, person: Person, targets: Sequence[Target]) -> list[str]:
    """The new exams the person may be planned (none for someone who does not count), sorted."""
    deadline = scenario.deadline
    assert deadline is not None
    if not counted(person, deadline):
        return []
    exams = exams_of(targets)
    has = held(person, exams, deadline)
    return sorted(
        code for code in listed_codes(targets)
        if code not in has
        and (person.can_take is None or code in person.can_take)
        and takeable_between(exams[code], scenario.as_of, deadline)
        and still_counts(exams[code], deadline)
    )


cents = exam_cents  # the cost formula of tests/bruteforce.py


def role_lists(option: Catalog, role_id: str) -> list[set[str]]:
    lists = {lst.id: set(lst.exams) for lst in option.lists}
    role = next(r for r in option.roles if r.id == role_id)
    return [lists[lid] for lid in role.lists]


def fills(has: frozenset[str] | set[str], option: Catalog, role_id: str) -> bool:
    """Whether holding `has` lets a person fill a slot of the role: one exam of each of its lists."""
    return all(has & lst for lst in role_lists(option, role_id))


def capabilities(has: frozenset[str], targets: Sequence[Target]) -> frozenset[Capability]:
    """Every (target, option, role) whose slots a person holding `has` can fill."""
    return frozenset(
        (t, o, role.id)
        for t, target in enumerate(targets) for o, option in enumerate(target.options)
        for role in option.roles if fills(has, option, role.id)
    )


def level_met(level: Level, people: Sequence[frozenset[str]]) -> bool:
    """Whether people, each given as the roles they can fill, fill every slot of the level."""
    slots = {rid: n for rid, n in level.slots.items() if n > 0}
    if level.people == "same-or-different":
        # per role, different people; a person may serve several roles
        return all(sum(rid in roles for roles in people) >= n for rid, n in slots.items())
    # different: every way of giving each role its holders, nobody twice
    order = list(slots.items())

    def place(k: int, free: frozenset[int]) -> bool:
        if k == len(order):
            return True
        rid, n = order[k]
        able = [i for i in sorted(free) if rid in people[i]]
        return any(place(k + 1, free - set(group)) for group in itertools.combinations(able, n))

    return place(0, frozenset(range(len(people))))


def target_met(target_index: int, target: Target, caps: Sequence[frozenset[Capability]]) -> bool:
    """Whether some option of the target is met by these people (given as their capabilities)."""
    for o, option in enumerate(target.options):
        roles = [frozenset(r for t, oo, r in c if t == target_index and oo == o) for c in caps]
        if level_met(option.level(target.level), roles):
            return True
    return False


def all_met(targets: Sequence[Target], caps: Sequence[frozenset[Capability]],
            one_gold_per_person: bool) -> bool:
    """Whether every target is met, a person serving at most one Gold target when the policy says so."""
    golds = [t for t, target in enumerate(targets) if target.gold]
    others = [t for t in range(len(targets)) if t not in golds]
    if not all(target_met(t, targets[t], caps) for t in others):
        return False
    if not (one_gold_per_person and len(golds) >= 2):
        return all(target_met(t, targets[t], caps) for t in golds)
    # every way to give each person to one Gold target (giving nobody to none loses nothing)
    for pick in itertools.product(golds, repeat=len(caps)):
        if all(target_met(t, targets[t], [c if pick[i] == t else frozenset() for i, c in enumerate(caps)])
               for t in golds):
            return True
    return False


# ---- the search ------------------------------------------------------------------------------------------

def _key(count: int, cost: int, objective: Objective) -> tuple[int, int]:
    return (count, cost) if objective == "exams" else (cost, count)


def person_options(scenario: Scenario, person: Person, targets: Sequence[Target],
                   objective: Objective) -> list[tuple[frozenset[Capability], int, int, frozenset[str]]]:
    """Per capability set the person can reach, the best subset of new exams giving it, undominated only:
    (capabilities, count, cost, exams)."""
    deadline = scenario.deadline
    assert deadline is not None
    if not counted(person, deadline):
        return [(frozenset(), 0, 0, frozenset())]
    has = held(person, exams_of(targets), deadline)
    best: dict[frozenset[Capability], tuple[int, int, frozenset[str]]] = {}
    for combo in new_exam_subsets(scenario, person, targets):
        caps = capabilities(has | combo, targets)
        size, cost = len(combo), sum(cents(scenario, person, c) for c in combo)
        old = best.get(caps)
        if old is None or _key(size, cost, objective) < _key(old[0], old[1], objective):
            best[caps] = (size, cost, combo)
    kept = []
    for caps, (count, cost, combo) in best.items():
        dominated = any(other > caps and _key(c2, m2, objective) <= _key(count, cost, objective)
                        for other, (c2, m2, _) in best.items())
        if not dominated:
            kept.append((caps, count, cost, combo))
    return kept


def brute_force(scenario: Scenario, targets: Sequence[Target], objective: Objective) -> Optimum | None:
    """The optimum (count, cost) of new exams meeting every target, or None when no plan exists."""
    one_gold = scenario.policy.one_gold_per_person
    per_person = [person_options(scenario, p, targets, objective) for p in scenario.staff]

    @cache
    def met(caps: tuple[frozenset[Capability], ...]) -> bool:
        return all_met(targets, caps, one_gold)

    winner: tuple[tuple[int, int], Optimum] | None = None
    for combo in itertools.product(*per_person):
        count = sum(c[1] for c in combo)
        cost = sum(c[2] for c in combo)
        key = _key(count, cost, objective)
        if winner is not None and key >= winner[0]:
            continue
        if met(tuple(sorted((c[0] for c in combo), key=sorted))):
            plan = tuple((p.id, c[3]) for p, c in zip(scenario.staff, combo, strict=True) if c[3])
            winner = (key, Optimum(count, cost, plan))
    return None if winner is None else winner[1]


def new_exam_subsets(scenario: Scenario, person: Person, targets: Sequence[Target]) -> list[frozenset[str]]:
    """Every set of new exams the person may be planned: subsets of the open ones, within max_new_exams."""
    codes = open_exams(scenario, person, targets)
    bound = len(codes) if person.max_new_exams is None else min(len(codes), person.max_new_exams)
    return [frozenset(c) for n in range(bound + 1) for c in itertools.combinations(codes, n)]


def naive_optimum(scenario: Scenario, targets: Sequence[Target],
                  objective: Objective) -> tuple[int, int] | None:
    """The optimum over every assignment, with no reduction (slow: a check on `brute_force`'s reduction)."""
    deadline = scenario.deadline
    assert deadline is not None
    exams = exams_of(targets)
    one_gold = scenario.policy.one_gold_per_person
    rows = []  # per person: every set of new exams as (capabilities, count, cost)
    for person in scenario.staff:
        has = held(person, exams, deadline)
        rows.append([(capabilities(has | new, targets) if counted(person, deadline) else frozenset(),
                      len(new), sum(cents(scenario, person, c) for c in new))
                     for new in new_exam_subsets(scenario, person, targets)])
    met: dict[tuple[frozenset[Capability], ...], bool] = {}
    best: tuple[int, int] | None = None
    for plan in itertools.product(*rows):
        caps = tuple(c for c, _, _ in plan)
        if caps not in met:
            met[caps] = all_met(targets, caps, one_gold)
        if not met[caps]:
            continue
        count, cost = sum(n for _, n, _ in plan), sum(m for _, _, m in plan)
        if best is None or _key(count, cost, objective) < _key(*best, objective):
            best = (count, cost)
    return best


# ---- checking a plan report ------------------------------------------------------------------------------

def report_problems(scenario: Scenario, targets: Sequence[Target], report: PlanReport) -> list[str]:
    """What is wrong with a plan report under the rules above (empty: nothing).

    Every new exam is open to its person and listed once, with the right cost; the totals add up; per
    target, the assignments fill every slot of the chosen option's level (`option` is the option id, or
    None for a catalog without options) with people holding the exams they are listed with, under the
    level's people rule; a person serves at most one Gold target when the policy says so."""
    deadline = scenario.deadline
    assert deadline is not None
    if report.status == "infeasible":
        if report.new_exams or report.assignments:
            return ["an infeasible report lists new exams or assignments"]
        return []
    people = {p.id: p for p in scenario.staff}
    problems, new = _new_exam_problems(scenario, targets, report, people)
    problems += _total_problems(scenario, report, people, new)
    plans: list[TargetPlan | None] = list(report.targets)
    if not plans and len(targets) == 1:
        plans = [None]  # a single target without options is described by the top-level fields
    if len(plans) != len(targets):
        return problems + [f"{len(plans)} target plans for {len(targets)} targets"]
    context = _Checked(people, exams_of(targets), deadline, new, {})
    for target, tp in zip(targets, plans, strict=True):  # same lengths: checked just above
        problems += _target_problems(context, target, tp, report)
    if scenario.policy.one_gold_per_person:
        problems += _gold_problems(context.serving_gold)
    return problems


@dataclass(frozen=True)
class _Checked:
    """What `report_problems` checks every target plan against, and who serves which Gold target so far."""

    people: dict[str, Person]
    exams: dict[str, Exam]
    deadline: dt.date
    new: dict[str, set[str]]  # person id -> the new exams the report plans them
    serving_gold: dict[str, set[str]]  # person id -> the Gold targets they fill slots in (filled in here)


def _new_exam_problems(scenario: Scenario, targets: Sequence[Target], report: PlanReport,
                       people: dict[str, Person]) -> tuple[list[str], dict[str, set[str]]]:
    """Each new exam: for a known person, listed once, open to them, at the right cost; and per person,
    within max_new_exams. Also gives person id -> the new exams planned for them."""
    problems: list[str] = []
    new: dict[str, set[str]] = {}
    for e in report.new_exams:
        person = people.get(e.person)
        if person is None:
            problems.append(f"new exam {e.exam} for unknown person {e.person}")
            continue
        if e.exam in new.setdefault(e.person, set()):
            problems.append(f"new exam {e.person} {e.exam} is listed twice")
        new[e.person].add(e.exam)
        if e.exam not in open_exams(scenario, person, targets):
            problems.append(f"{e.person} cannot be planned {e.exam}")
        if round(e.cost_usd * 100) != cents(scenario, person, e.exam):
            problems.append(f"{e.person} {e.exam} costs {cents(scenario, person, e.exam)} cents, "
                            f"not {round(e.cost_usd * 100)}")
    for pid, codes in new.items():
        cap = people[pid].max_new_exams
        if cap is not None and len(codes) > cap:
            problems.append(f"{pid} is planned {len(codes)} new exams, more than max_new_exams {cap}")
    return problems, new


def _total_problems(scenario: Scenario, report: PlanReport, people: dict[str, Person],
                    new: dict[str, set[str]]) -> list[str]:
    """The report's total count and cost of new exams add up."""
    problems: list[str] = []
    if report.total_new_exams != len(report.new_exams):
        problems.append(f"total_new_exams {report.total_new_exams} but {len(report.new_exams)} listed")
    total = sum(cents(scenario, people[e.person], e.exam) for e in report.new_exams if e.person in people)
    if round(report.total_cost_usd * 100) != total:
        problems.append(f"total_cost_usd {report.total_cost_usd} but the new exams cost {total / 100}")
    return problems


def _target_problems(context: _Checked, target: Target, tp: TargetPlan | None,
                     report: PlanReport) -> list[str]:
    """One target's plan (`tp`, or None for the report's top-level fields): it names the target, lists only
    planned new exams, chooses one of the target's options, and its assignments fill that option's level."""
    label = target.label
    option_id = report.option if tp is None else tp.option
    assignments = report.assignments if tp is None else tp.assignments
    problems = [] if tp is None else _target_plan_problems(context, label, tp)
    chosen = [o for o in target.options if (o.option_id or None) == option_id]
    if len(chosen) != 1:
        problems.append(f"{label}: option {option_id!r} is not one of "
                        f"{[o.option_id or None for o in target.options]}")
        return problems
    option = chosen[0]
    level = option.level(target.level)
    holders: dict[str, list[str]] = {}  # role id -> the people listed in its slots
    for a in assignments:
        problems += _assignment_problems(context, target, option, level, a, holders)
    return problems + _holder_problems(label, level, holders)


def _target_plan_problems(context: _Checked, label: str, tp: TargetPlan) -> list[str]:
    """A target plan names its target and lists only new exams the whole plan lists."""
    problems: list[str] = []
    if tp.target != label:
        problems.append(f"target plan {tp.target} where {label} was expected")
    for e in tp.new_exams:
        if e.exam not in context.new.get(e.person, set()):
            problems.append(f"{label} lists new exam {e.person} {e.exam}, which the plan does not")
    return problems


def _assignment_problems(context: _Checked, target: Target, option: Catalog, level: Level, a: Assignment,
                         holders: dict[str, list[str]]) -> list[str]:
    """One assignment: a counted person, in a role the level needs, holding the exams they are listed with;
    records them among the role's holders (and the Gold targets' servers) unless they may not fill a slot."""
    label = target.label
    person = context.people.get(a.person)
    if person is None or not counted(person, context.deadline):
        return [f"{label}: {a.person} fills a slot but does not count on the deadline"]
    if level.slots.get(a.role, 0) == 0:
        return [f"{label}: {a.person} fills role {a.role}, which the level does not need"]
    problems: list[str] = []
    has = held(person, context.exams, context.deadline) | context.new.get(a.person, set())
    lists = role_lists(option, a.role)
    shown = zip(a.exams, lists, strict=True)  # iterated only when the lengths are equal (checked first)
    if len(a.exams) != len(lists) or any(c not in lst or c not in has for c, lst in shown):
        problems.append(f"{label}: {a.person} is listed for {a.role} with {a.exams}, which are not "
                        "one held exam of each of its lists")
    if not fills(has, option, a.role):
        problems.append(f"{label}: {a.person} cannot fill {a.role}")
    holders.setdefault(a.role, []).append(a.person)
    if target.gold:
        context.serving_gold.setdefault(a.person, set()).add(label)
    return problems


def _holder_problems(label: str, level: Level, holders: dict[str, list[str]]) -> list[str]:
    """Every slot of the level is filled, once, under the level's people rule."""
    problems: list[str] = []
    for rid, n in level.slots.items():
        if len(holders.get(rid, [])) != n:
            problems.append(f"{label}: {len(holders.get(rid, []))} holders of {rid}, the level needs {n}")
    everyone = [pid for names in holders.values() for pid in names]
    if level.people == "different" and len(set(everyone)) != len(everyone):
        problems.append(f"{label}: a person fills two slots of a level whose people must be different")
    for rid, names in holders.items():
        if len(set(names)) != len(names):
            problems.append(f"{label}: a person fills two slots of role {rid}")
    return problems


def _gold_problems(serving_gold: dict[str, set[str]]) -> list[str]:
    """Under one_gold_per_person: nobody fills slots in two Gold targets."""
    return [f"{pid} serves {len(labels)} Gold targets: {sorted(labels)}"
            for pid, labels in serving_gold.items() if len(labels) > 1]
