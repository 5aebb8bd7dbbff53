"""An independent check of a plan: the competency's rules restated without the solver.

Nothing in this package imports the model, the problem builder, the solving or planner.rules.domain: a bug
there cannot hide itself here. `recheck` is the one entry point: it lists every way a plan of any mode (one
level, several goals, a competency with options, resilience, a buffer, a calendar, alternatives, fixes)
breaks the rules or claims something its scenario and catalogs do not give. It runs every rule of
PLAN_RULES once and every rule of GOAL_RULES for each goal; each rule is one small function, named for what
it demands, in the module of its family (labels, exams, costs, targets, slots, resilience, scores,
schedule, odds, gates, alternatives, holdings), returning its problems in plain words (an empty list: the
plan keeps that rule). The facts the rules share are in `facts`.
"""

from __future__ import annotations

from collections.abc import Callable

from models.certification import CertificationCatalog
from models.report import PlanReport
from models.scenario import Scenario
from planner.validation.alternatives import alternatives_are_next_best
from planner.validation.costs import (
    hires_follow_their_profiles,
    new_exam_costs_are_the_scenarios,
    totals_add_up,
    within_budget,
)
from planner.validation.exams import new_exams_are_allowed, new_exams_are_known_and_once, new_exams_are_open
from planner.validation.facts import Goal, Goals, Plan, read_plan
from planner.validation.gates import (
    ended_programme_is_not_planned,
    fixes_are_real,
    gates_are_recomputed,
    reachable_follows_the_gates,
)
from planner.validation.holdings import (
    certification_renewals_can_be_made,
    new_exams_earn_the_certifications_they_name,
)
from planner.validation.labels import (
    dates_are_the_scenarios,
    goal_is_labelled_as_planned,
    no_plan_lists_nothing,
)
from planner.validation.odds import (
    expected_cost_is_recomputed,
    probability_all_pass_is_recomputed,
    probability_level_met_is_recomputed,
)
from planner.validation.resilience import buffer_claims_hold, survives_k_departures
from planner.validation.schedule import (
    calendar_books_every_new_exam_once,
    calendar_keeps_exams_per_month,
    calendar_months_are_open,
    levels_met_are_along_the_path,
    path_lists_every_hire_joining_once,
    path_lists_every_new_exam_once,
)
from planner.validation.scores import score_is_reached, scores_are_recomputed
from planner.validation.slots import (
    every_new_exam_serves,
    one_gold_per_person,
    people_rule_is_kept,
    slot_counts_are_the_levels,
    slot_holders_qualify,
    spares_are_qualified,
)
from planner.validation.targets import (
    reachable_follows_the_targets,
    saving_adds_up,
    target_lists_the_new_exams_it_uses,
    targets_are_the_goals,
    top_level_is_the_targets_put_together,
    top_level_names_the_first_goal,
)


def recheck(scenario: Scenario, goals: Goals, report: PlanReport,
            certifications: CertificationCatalog | None = None) -> list[str]:
    """Every way the plan in `report` for `goals` breaks their rules or misstates itself (empty: sound);
    `certifications` is the certification catalog the goals' lists of certifications name."""
    plan = read_plan(scenario, goals, report, certifications)
    problems: list[str] = []
    for rule in PLAN_RULES:
        problems += rule(plan)
    for goal in plan.goals:
        prefix = "" if goal.top_level else f"{goal.label}: "
        for goal_rule in GOAL_RULES:
            problems += [prefix + p for p in goal_rule(plan, goal)]
    return problems


PLAN_RULES: list[Callable[[Plan], list[str]]] = [
    dates_are_the_scenarios,
    hires_follow_their_profiles,
    new_exams_are_known_and_once,
    new_exams_are_open,
    new_exams_are_allowed,
    certification_renewals_can_be_made,
    new_exams_earn_the_certifications_they_name,
    new_exam_costs_are_the_scenarios,
    totals_add_up,
    within_budget,
    no_plan_lists_nothing,
    targets_are_the_goals,
    top_level_names_the_first_goal,
    top_level_is_the_targets_put_together,
    one_gold_per_person,
    every_new_exam_serves,
    spares_are_qualified,
    calendar_books_every_new_exam_once,
    calendar_months_are_open,
    calendar_keeps_exams_per_month,
    path_lists_every_new_exam_once,
    path_lists_every_hire_joining_once,
    levels_met_are_along_the_path,
    probability_all_pass_is_recomputed,
    probability_level_met_is_recomputed,
    expected_cost_is_recomputed,
    buffer_claims_hold,
    fixes_are_real,
    saving_adds_up,
    reachable_follows_the_targets,
    alternatives_are_next_best,
]
"""The rules of the plan as a whole, in the order their problems are listed."""


GOAL_RULES: list[Callable[[Plan, Goal], list[str]]] = [
    goal_is_labelled_as_planned,
    ended_programme_is_not_planned,
    gates_are_recomputed,
    reachable_follows_the_gates,
    slot_holders_qualify,
    slot_counts_are_the_levels,
    people_rule_is_kept,
    target_lists_the_new_exams_it_uses,
    survives_k_departures,
    score_is_reached,
    scores_are_recomputed,
]
"""The rules of each goal, run goal by goal (a goal's problems are prefixed with its label when the plan
has targets)."""
