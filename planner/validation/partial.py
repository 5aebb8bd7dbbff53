"""An independent check of a plan that fills as many slots (a scored level: scores as many points) as its
budget allows, instead of meeting its goal.

Such a plan (planner.core.pipeline.run with `fill_most`: the figures of best's next level, and the most
points within a budget a reason names) does not claim its goal met, so `recheck`, which demands that, does
not fit it. `recheck_partial` runs every rule of `recheck` but the three that demand the goal be met (every
slot filled, the score reached, reachable exactly when the gates pass), and two of its own instead: no role
has more slot holders than the level has slots, and the plan claims no goal reached. So such a plan is
re-checked for what it does claim: its new exams can be taken by those people, its cost adds up within its
budget, its slot holders qualify, and its score is the one its exams give.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from models.certification import CertificationCatalog
from models.report import PlanReport
from models.scenario import Scenario
from planner.validation.facts import Goal, Goals, Plan, read_plan
from planner.validation.gates import reachable_follows_the_gates
from planner.validation.recheck import GOAL_RULES, PLAN_RULES
from planner.validation.scores import score_is_reached
from planner.validation.slots import slot_counts_are_the_levels


def slots_are_at_most_the_levels(plan: Plan, goal: Goal) -> list[str]:
    """A plan of the most slots fills at most the slots the level has, role by role (a scored level: at
    most each exam metric's threshold of people)."""
    if not plan.has_plan or goal.level is None:
        return []
    level = goal.level
    filled = Counter(a.role for a in goal.claim.assignments)
    return [f"{n} people fill {rid} slots; {level.name} has {level.slots.get(rid, 0)}"
            for rid, n in filled.items() if n > level.slots.get(rid, 0)]


def claims_no_goal_reached(plan: Plan, goal: Goal) -> list[str]:
    """A plan of the most slots within a budget does not claim its goal reachable."""
    if goal.claim.reachable:
        return [f"a plan of the most slots within a budget claims {goal.label} reachable"]
    return []


DEMANDS_THE_GOAL: tuple[Callable[[Plan, Goal], list[str]], ...] = (
    slot_counts_are_the_levels, score_is_reached, reachable_follows_the_gates)
"""The rules of a goal a plan of the most slots is not held to: it need not meet its goal."""
PARTIAL_GOAL_RULES: list[Callable[[Plan, Goal], list[str]]] = [
    *(rule for rule in GOAL_RULES if rule not in DEMANDS_THE_GOAL),
    slots_are_at_most_the_levels,
    claims_no_goal_reached,
]
"""The rules of each goal of a plan of the most slots, in the order their problems are listed."""


def recheck_partial(scenario: Scenario, goals: Goals, report: PlanReport,
                    certifications: CertificationCatalog | None = None) -> list[str]:
    """Every way a plan of the most slots (or points) within a budget for `goals` breaks their rules or
    misstates itself, its goals aside (empty: sound)."""
    plan = read_plan(scenario, goals, report, certifications)
    problems: list[str] = []
    for rule in PLAN_RULES:
        problems += rule(plan)
    for goal in plan.goals:
        prefix = "" if goal.top_level else f"{goal.label}: "
        for goal_rule in PARTIAL_GOAL_RULES:
            problems += [prefix + p for p in goal_rule(plan, goal)]
    return problems
