"""Rules on a plan for several goals (or a competency with options): the targets are the goals in
order, the top level is the first goal and the targets put together, each target lists the new exams it
uses, reachable follows the targets, and a saving against planning each goal alone adds up.
"""

from __future__ import annotations

from collections import Counter

from models.report import Assignment, NewExam, PlanReport, Saving, TargetPlan
from planner.validation.facts import Goal, Plan, in_cents, plan_cents


def targets_are_the_goals(plan: Plan) -> list[str]:
    """With several goals (or options) report.targets lists each goal once, in the goals' order."""
    report, goals = plan.report, plan.given
    if len(goals) == 1 and not report.targets:
        return []
    problems: list[str] = []
    labels = [label for label, _, _ in goals]
    listed = [t.target for t in report.targets]
    if listed != labels:
        problems.append(f"the report lists the targets {listed}; the goals are {labels}, in that order")
    for label, n in Counter(listed).items():
        if label not in labels:
            problems.append(f"target {label} is not one of the goals")
        elif n > 1:
            problems.append(f"target {label} is listed {n} times")
    problems += [f"target {label} is missing from the report" for label in labels if label not in listed]
    return problems


def top_level_names_the_first_goal(plan: Plan) -> list[str]:
    """With targets, the top level names the first goal: its competency, level, revision and (where it
    names one) option."""
    report, goals = plan.report, plan.given
    if not report.targets or not goals:
        return []
    problems: list[str] = []
    _, catalog, level_id = goals[0]
    if (report.competency, report.level) != (catalog.id, level_id):
        problems.append(f"the report names {report.competency}:{report.level}, the first goal is "
                        f"{catalog.id}:{level_id}")
    if report.rules_revision is not None and report.rules_revision != catalog.revision:
        problems.append(f"rules_revision {report.rules_revision} is not that of the first target, "
                        f"{catalog.revision}")
    first = next((t for t in report.targets if t.target == goals[0][0]), None)
    if report.option is not None and first is not None and report.option != first.option:
        problems.append(f"option {report.option!r} is not the first target's, {first.option!r}")
    return problems


def top_level_is_the_targets_put_together(plan: Plan) -> list[str]:
    """With targets, the top-level slot holders (of a plan) and gates are the targets' put together, gates
    in the goals' order and named 'label/gate' when there are several goals."""
    report = plan.report
    if not report.targets:
        return []
    problems: list[str] = []
    together = [a for t in report.targets for a in t.assignments]
    if plan.has_plan and Counter(map(_slot_key, report.assignments)) != Counter(map(_slot_key, together)):
        problems.append("the top-level assignments are not the targets' assignments put together")
    several = len(plan.given) > 1
    gates = [g.model_copy(update={"name": f"{goal.label}/{g.name}"}) if several else g
             for goal in plan.goals for g in goal.claim.gates]
    if [g.model_dump() for g in report.gates] != [g.model_dump() for g in gates]:
        problems.append("the top-level gates are not the targets' gates put together")
    return problems


def saving_adds_up(plan: Plan) -> list[str]:
    """A saving is claimed for several goals only: the alone figures are the targets' planned alone, the
    savings their difference with this plan, and the shared exams exactly the new exams that serve two
    goals or more (their slot holders or spares)."""
    saving, report = plan.report.saving, plan.report
    if saving is None:
        return []
    if len(plan.goals) < 2:
        return ["a plan for one goal claims a saving"]
    problems = _alone_problems(saving, report.targets)
    together = report.total_new_exams  # renewals aside (totals_add_up checks the count)
    if saving.new_exams_saved != saving.planned_alone_new_exams - together:
        problems.append(f"new_exams_saved {saving.new_exams_saved} != "
                        f"{saving.planned_alone_new_exams - together} recomputed")
    saved = in_cents(saving.planned_alone_cost_usd) - plan_cents(plan, report.new_exams, report.hires)
    if in_cents(saving.saving_usd) != saved:
        problems.append(f"saving_usd {saving.saving_usd} != {saved / 100:.2f} recomputed")
    uses = [_uses(g, report) for g in plan.goals]
    shared = sorted(f"{e.person} {e.exam}" for e in report.new_exams
                    if sum(plan.serves(e, used) for used in uses) > 1)
    if sorted(saving.shared_exams) != shared:
        problems.append(f"shared_exams {saving.shared_exams} are not the new exams serving two goals, "
                        f"{shared}")
    return problems


def _alone_problems(saving: Saving, targets: list[TargetPlan]) -> list[str]:
    """The planned-alone figures are the targets' own, added up (when every target has them)."""
    alone = [t.alone for t in targets]
    exams, cost = 0, 0.0
    for a in alone:
        if a is None or a.total_new_exams is None or a.total_cost_usd is None:
            return []
        exams, cost = exams + a.total_new_exams, cost + a.total_cost_usd
    if (saving.planned_alone_new_exams, in_cents(saving.planned_alone_cost_usd)) != (exams, in_cents(cost)):
        return [f"planned alone {saving.planned_alone_new_exams} exam(s), {saving.planned_alone_cost_usd}; "
                f"the targets alone add up to {exams}, {round(cost, 2)}"]
    return []


def reachable_follows_the_targets(plan: Plan) -> list[str]:
    """With targets, the plan is reachable exactly when there is a plan and every target says it is."""
    report = plan.report
    if not report.targets:
        return []
    if not plan.has_plan:
        return ["reachable is True but there is no plan"] if report.reachable else []
    reachable = all(t.reachable for t in report.targets)
    if report.reachable != reachable:
        return [f"reachable is {report.reachable} but the targets say {reachable}"]
    return []


def target_lists_the_new_exams_it_uses(plan: Plan, goal: Goal) -> list[str]:
    """A target lists exactly the plan's new exams its slot holders and its spares use."""
    if goal.top_level or not plan.has_plan:
        return []
    used = _uses(goal, plan.report)
    want = Counter(_new_exam_key(e) for e in plan.report.new_exams if plan.serves(e, used))
    got = Counter(_new_exam_key(e) for e in goal.claim.new_exams)
    if want != got:
        return [f"new_exams lists {sorted(got.elements())}; its slot holders and spares use the plan's "
                f"new exams {sorted(want.elements())}"]
    return []


def _uses(goal: Goal, report: PlanReport) -> set[tuple[str, str]]:
    """The (person, item) pairs a goal's slot holders and spares are named with (exam codes, certification
    ids)."""
    return {(a.person, c) for a in [*goal.claim.assignments, *goal.spares(report)] for c in a.exams}


def _slot_key(a: Assignment) -> tuple[str, str, tuple[str, ...], str | None]:
    return a.person, a.role, tuple(a.exams), a.target


def _new_exam_key(e: NewExam) -> tuple[str, str, int]:
    return e.person, e.exam, in_cents(e.cost_usd)
