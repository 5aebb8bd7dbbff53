"""Rules on the slots and who fills them: each slot holder qualifies and counts on the deadline, the
level's slots are filled role by role, its people rule is kept (different people, or one slot of each
role), one Gold per person where the policy asks, every new exam serves a slot or a spare, and each spare
qualifies.
"""

from __future__ import annotations

from collections import Counter

from models.catalog import Role
from models.report import NewExam
from planner.validation.facts import Goal, Plan


def slot_holders_qualify(plan: Plan, goal: Goal) -> list[str]:
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
        items = [plan.item(c) for c in a.exams]
        problems += _slot_exams_problems(plan.has(person), person.id, role, lists, items)
    return problems


def slot_counts_are_the_levels(plan: Plan, goal: Goal) -> list[str]:
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


def people_rule_is_kept(plan: Plan, goal: Goal) -> list[str]:
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


def one_gold_per_person(plan: Plan) -> list[str]:
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


def every_new_exam_serves(plan: Plan) -> list[str]:
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
        if plan.serves(item, serving):
            continue
        if with_spares and _readies_a_role(plan, item):
            continue
        problems.append(f"{item.person}/{item.exam} is planned but serves no slot")
    return problems


def spares_are_qualified(plan: Plan) -> list[str]:
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
                                                                 [plan.item(c) for c in spare.exams])]
    return problems


def _readies_a_role(plan: Plan, item: NewExam) -> bool:
    """With the new exam its taker qualifies for a role of some goal, and without it not."""
    person = plan.people.get(item.person)
    if person is None:
        return False
    has = plan.has(person)
    without = has - plan.earned_with(person, item)
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
