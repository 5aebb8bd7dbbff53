"""Rules on the alternatives: each is a sound plan re-checked as one, ranked after the plan, no
better than the plan before it, distinct from every plan before it, with its adds and drops right.
"""

from __future__ import annotations

from collections import Counter

from models.catalog import Catalog
from models.report import Alternative, Buffer, Hire, NewExam, PlanReport, TargetPlan
from models.scenario import Scenario
from planner.validation.facts import Plan, all_pass, in_cents, read_plan, recomputed_gates


def alternatives_are_next_best(plan: Plan) -> list[str]:
    """Each alternative is a sound plan (re-checked as one), ranked 2, 3, ..., no better than the one
    before it by the objective, distinct from every plan before it, with its adds and drops against the
    first plan right."""
    from planner.validation.recheck import recheck  # here, not at the top: recheck lists this rule

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
        problems += [f"alternative {alt.rank}: {p}"
                     for p in recheck(plan.scenario, plan.given, as_plan, plan.certifications)]
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


def _as_plan(plan: Plan, alt: Alternative) -> PlanReport:
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


def _target_of_alternative(plan: Plan, as_plan: PlanReport, target: TargetPlan) -> TargetPlan:
    """One target of an alternative: its labelled slots, the new exams they use, the option they fit."""
    mine = [a for a in as_plan.assignments if a.target == target.target]
    used = {(a.person, c) for a in mine for c in a.exams}
    alt = plan if plan.book is None else read_plan(plan.scenario, plan.given, as_plan, plan.certifications)
    target = target.model_copy(update={
        "assignments": mine, "new_exams": [e for e in as_plan.new_exams if alt.serves(e, used)]})
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
    gates = recomputed_gates(scenario, catalog.id, option.level(level_id))
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


def _objective_key(plan: Plan, new_exams: list[NewExam], hires: list[Hire],
                   cost: float) -> tuple[float, ...]:
    """What the objective compares, best lowest: (changes, cost) for exams, (cost, changes) for cost, the
    chance of failing some exam for risk; time is not compared (alternatives carry no calendar)."""
    changes = len(new_exams) + len(hires)
    objective = plan.report.objective
    if objective == "exams":
        return (changes, in_cents(cost))
    if objective == "cost":
        return (in_cents(cost), changes)
    if objective == "risk":
        return (round(1.0 - all_pass(plan, new_exams), 9),)
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
