"""Rules on a level's gates and what follows from them: the gates are recomputed from the scenario, a
goal is reachable exactly when there is a plan and its gates are met, a programme that has ended by the
deadline is planned for nothing, and the fixes proposed are real.
"""

from __future__ import annotations

from models.report import Fix, Gate
from planner.validation.facts import CENT, Goal, Plan, recomputed_gates

FIX_KINDS = ("lift_can_take", "lift_max_new_exams", "keep_person", "later_deadline", "hire", "budget",
             "revenue", "dpor")
"""The kinds of fix the planner can propose."""


def gates_are_recomputed(plan: Plan, goal: Goal) -> list[str]:
    """The goal's gates are its level's, by name and verdict, with the required, actual and missing
    revenue (where given) recomputed from the scenario (a programme that has ended has none to meet)."""
    if goal.level is None or a_programme_has_ended(plan):
        return []
    expected = recomputed_gates(plan.scenario, goal.catalog.id, goal.level)
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


def reachable_follows_the_gates(plan: Plan, goal: Goal) -> list[str]:
    """A goal is reachable exactly when there is a plan and every gate of its level is met."""
    claimed = goal.claim.reachable
    if goal.level is None or a_programme_has_ended(plan):
        if claimed and not plan.has_plan:
            return [f"reachable is {claimed} but there is no plan"]
        return []
    gates_ok = all(g.ok for g in recomputed_gates(plan.scenario, goal.catalog.id, goal.level))
    if claimed != (plan.has_plan and gates_ok):
        why = f"the gates say {gates_ok}" if plan.has_plan else "there is no plan"
        return [f"reachable is {claimed} but {why}"]
    return []


def ended_programme_is_not_planned(plan: Plan, goal: Goal) -> list[str]:
    """When the programme of some goal has ended by the deadline (the catalog's `ended`), no goal is
    reachable and no exam is planned: the goals cannot all be met."""
    if not a_programme_has_ended(plan):
        return []
    if goal.claim.reachable or (goal.top_level or goal is plan.goals[0]) and plan.report.new_exams:
        ended = next(g.catalog for g in plan.goals if has_ended_by_the_deadline(plan, g))
        return [f"{ended.id} ended on {ended.ended}, before the deadline {plan.deadline}, yet the plan "
                f"{'reaches it' if goal.claim.reachable else 'gives it new exams'}"]
    return []


def has_ended_by_the_deadline(plan: Plan, goal: Goal) -> bool:
    """The goal's programme ended on or before the deadline."""
    return goal.catalog.ended is not None and plan.deadline >= goal.catalog.ended


def a_programme_has_ended(plan: Plan) -> bool:
    """Some goal's programme ended on or before the deadline."""
    return any(has_ended_by_the_deadline(plan, g) for g in plan.goals)


def fixes_are_real(plan: Plan) -> list[str]:
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


def _fix_problems(plan: Plan, fix: Fix) -> list[str]:
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


def _gate_fix_problems(plan: Plan, fix: Fix) -> list[str]:
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


def _failing_gates(plan: Plan) -> list[Gate] | None:
    """Every goal's failing gates, recomputed (None: a goal's option or level is unknown, so its gates
    cannot be known; that is reported on its own)."""
    failing = []
    for goal in plan.goals:
        if goal.level is None:
            return None
        failing += [g for g in recomputed_gates(plan.scenario, goal.catalog.id, goal.level) if not g.ok]
    return failing
