"""Rules on what the report says it is: the scenario's dates, each goal's competency, level, revision
and option, and an answer without a plan that lists nothing.
"""

from __future__ import annotations

from planner.validation.facts import Goal, Plan, chosen_option


def dates_are_the_scenarios(plan: Plan) -> list[str]:
    """The report's as_of and deadline are the scenario's."""
    if (plan.report.as_of, plan.report.deadline) != (plan.scenario.as_of, plan.deadline):
        return ["the report's dates are not the scenario's"]
    return []


def no_plan_lists_nothing(plan: Plan) -> list[str]:
    """An answer without a plan (infeasible, unknown) lists no exam, hire or slot holder."""
    report = plan.report
    listed = any(t.assignments or t.new_exams for t in report.targets)
    if not plan.has_plan and (report.new_exams or report.assignments or report.hires or listed):
        return [f"an {report.status} answer lists exams or slot holders"]
    return []


def goal_is_labelled_as_planned(plan: Plan, goal: Goal) -> list[str]:
    """The report names the goal's competency and level, the revision planned and an option it has."""
    problems: list[str] = []
    claim, catalog = goal.claim, goal.catalog
    if (claim.competency, claim.level) != (catalog.id, goal.level_id):
        problems.append(f"the report names {claim.competency}:{claim.level}, planned as "
                        f"{catalog.id}:{goal.level_id}")
    if claim.rules_revision != catalog.revision:
        problems.append(f"rules_revision {claim.rules_revision} is not the revision planned, "
                        f"{catalog.revision}")
    if catalog.options and claim.option is None and not plan.has_plan:
        return problems  # no plan, so no option chosen
    _, why = chosen_option(catalog, claim.option)
    if why is not None:
        return [*problems, why]
    if goal.level is None:
        problems.append(f"unknown level {goal.level_id!r}")
    return problems
