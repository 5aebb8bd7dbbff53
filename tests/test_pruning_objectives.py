"""Pruning keeps the optimum under every objective: the pruned model plans as well as the whole roster.

Without a calendar and for the exams and cost objectives the model keeps the k first people of each class;
with `--schedule` or the time and risk objectives it keeps the people dominated by fewer than k others
(planner/core/pruning.py proves both). Here the pruned plan and the plan over the whole roster
(`prune=False`) are compared on small random rosters from tests/strategies_pruning.py: the same status,
and the same value at each stage the objective ranks (time: the month the last exam is taken; risk: the
chance that every new exam is passed first time; then the new exams and renewals, and the cost, in the
objective's order), and at Gold the same step and day Silver is met (a stage of its own). Ties may give
another plan. Every plan has passed the independent validator inside `plan`.
Examples per property: the profile's (75 in CI, 300 by default, 3,000 with HYPOTHESIS_PROFILE=thorough).
Hand-made rosters below pin each fact dominance compares, so a dominance test that overlooks one fails
whatever examples hypothesis draws."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings

from models.report import PlanReport
from planner.core.planning import plan
from planner.input.loading import load_scenario_data
from tests.conftest import LIGHT
from tests.helpers import loaded
from tests.strategies_pruning import Case, crm_cases, scored_cases, twin_cases


def stage_values(report: PlanReport, calendar: bool) -> tuple[Any, ...]:
    """The plan's value at every stage its objective ranks, and when the level below is met (with a
    calendar: the day; else after how many exams)."""
    if report.status == "infeasible":
        return (report.status,)
    finish = max((s.month for s in report.schedule), default=None) if report.objective == "time" else None
    odds = report.probability_all_pass if report.objective == "risk" else None
    changes = report.total_new_exams + (report.total_renewals or 0) + len(report.hires)
    below = [(m.level, m.by if calendar else m.after_step) for m in report.levels_met
             if m.level != report.level]
    return (report.status, finish, None if odds is None else pytest.approx(odds, rel=1e-5), changes,
            round(report.total_cost_usd * 100), below)


def pruned_equals_whole(case: Case) -> None:
    """The pruned model's plan has the whole roster's status and stage values."""
    loaded = load_scenario_data(case.data, "hypothesis.yaml", catalog=case.catalog)
    settings = {"schedule": case.schedule, "fixes": False, "explain": False}
    pruned = plan(loaded, case.level, case.objective, **settings)  # type: ignore[arg-type]
    everyone = pruned.stats["counted"] + sum(h.max for h in loaded.scenario.hiring)
    if pruned.stats["people_in_model"] == everyone:
        return  # nobody left out: the pruned model is the whole roster's
    whole = plan(loaded, case.level, case.objective, prune=False, **settings)  # type: ignore[arg-type]
    calendar = case.schedule or case.objective == "time"
    assert stage_values(whole, calendar) == stage_values(pruned, calendar)


@given(case=crm_cases())
def test_pruned_cloud_crm_plan_reaches_the_whole_rosters_optimum(case):
    """Cloud CRM Silver or Gold, any objective, with or without a calendar: the pruned model's plan has the
    whole roster's status and stage values."""
    pruned_equals_whole(case)


@given(case=twin_cases())
def test_pruned_plan_of_same_or_different_holders_reaches_the_whole_rosters_optimum(case):
    """A slotted level whose holders may be the same person (or must differ), any objective, with or
    without a calendar: the pruned model's plan has the whole roster's status and stage values."""
    pruned_equals_whole(case)


@given(case=scored_cases())
def test_pruned_scored_plan_reaches_the_whole_rosters_optimum(case):
    """A scored level with expiring passes and renewals, any objective, with or without a calendar: the
    pruned model's plan has the whole roster's status and stage values."""
    pruned_equals_whole(case)


def test_pruning_keeps_a_hire_who_meets_silver_without_an_exam():
    """Gold (k = 6) with six people who may take the customization exam free and a free hire who holds
    it: both ways are one change at no cost, but only the hire meets Silver before any exam (when it joins,
    the path's step 1), so the pruning must keep the hire though six staff come before it."""
    staff = [{"id": f"a{i}", "passed": ["MB2-717", "MB2-715"]} for i in (1, 2)]
    staff += [{"id": f"x{i}", "can_take": ["MB2-716"]} for i in range(1, 7)]
    consultant = {"profile": "consultant", "passed": ["MB2-716"], "cost_usd": 0, "max_new_exams": 0}
    scenario = loaded(staff, costs={"exam_fee_usd": 0}, hiring=[consultant])
    report = plan(scenario, "gold", "exams", fixes=False)
    silver = next(m for m in report.levels_met if m.level == "silver")
    joins = report.path[0]
    assert (1, None, 1, 1) == (silver.after_step, joins.exam, len(report.new_exams), len(report.hires))


@pytest.mark.parametrize(
    ("staff", "costs", "objective", "expected"),
    [pytest.param([{"max_new_exams": 1}, {"max_new_exams": 1}, {"max_new_exams": 2}], {}, "exams",
                  ("optimal", "p2", 3, 1.0, "2017-12"), id="only-the-third-may-take-two-exams"),
     pytest.param([{"exams_per_month": 1}, {"exams_per_month": 1}, {"exams_per_month": 2}], {}, "time",
                  ("optimal", "p2", 3, 1.0, "2017-11"), id="only-the-third-takes-two-exams-in-a-month"),
     pytest.param([{"pass_factor": 0.5}, {"pass_factor": 0.5}, {}], {"pass_rate": 0.9}, "risk",
                  ("optimal", "p2", 3, pytest.approx(0.81 * 0.45), "2017-12"),
                  id="the-third-passes-more-often")],
)
def test_dominance_keeps_the_one_person_better_than_k_others_in_one_fact(staff, costs, objective, expected):
    """Silver with a calendar (k = 2) and three people holding nothing, the third better than the first two
    in one fact the plan needs: the pruning keeps the third, who takes the application and deployment
    exams."""
    people = [{"id": f"p{i}", **facts} for i, facts in enumerate(staff)]
    report = plan(loaded(people, costs=costs), "silver", objective, schedule=True, fixes=False, explain=False)
    holder = next((a.person for a in report.assignments if a.role == "application+deployment"), None)
    finish = max((s.month for s in report.schedule), default=None)
    assert expected == (report.status, holder, report.total_new_exams, report.probability_all_pass, finish)


# ---- the other objective, solved again on the model pruned for the first (planner plan's headline) ---------

def _changes(report: PlanReport) -> int:
    return report.total_new_exams + (report.total_renewals or 0) + len(report.hires)


def other_objective_equals_whole(case: Case) -> None:
    """The fewest-exams plan names a cheaper plan (the cheapest, a plan of fewer changes) exactly when the
    whole roster's plan of the other objective beats it there, with that plan's changes and cost: the model
    pruned for one of the two objectives holds the other's optimum too."""
    loaded = load_scenario_data(case.data, "hypothesis.yaml", catalog=case.catalog)
    settings = {"schedule": case.schedule, "fixes": False, "explain": False}
    pruned = plan(loaded, case.level, case.objective, compare_objectives=True, **settings)  # type: ignore[arg-type]
    if pruned.status not in ("optimal", "feasible"):
        return
    other = "cost" if case.objective == "exams" else "exams"
    whole = plan(loaded, case.level, other, prune=False, **settings)  # type: ignore[arg-type]
    beats = (round(whole.total_cost_usd * 100) < round(pruned.total_cost_usd * 100) if other == "cost"
             else _changes(whole) < _changes(pruned))
    shown = pruned.cheaper or pruned.fewer_exams
    expected = (_changes(whole), round(whole.total_cost_usd * 100)) if beats else None
    actual = None if shown is None else (
        shown.total_new_exams + (shown.total_renewals or 0) + (shown.total_hires or 0),
        round(shown.total_cost_usd * 100))
    assert expected == actual


def _exams_or_cost(case: Case) -> Case:
    """The case planned with the exams or the cost objective (the two `planner plan` compares)."""
    return case._replace(objective="cost" if case.objective in ("cost", "risk") else "exams")


OTHER_EXAMPLES = settings(max_examples=5 if LIGHT else settings().max_examples)


@OTHER_EXAMPLES
@given(case=crm_cases().map(_exams_or_cost))
def test_other_objective_on_the_pruned_model_is_the_whole_rosters_optimum(case):
    """Cloud CRM Silver or Gold, with or without a calendar: the other objective's plan, solved again on
    the pruned model, is named exactly when the whole roster's beats the plan, with its figures."""
    other_objective_equals_whole(case)


@OTHER_EXAMPLES
@given(case=scored_cases().map(_exams_or_cost))
def test_other_objective_of_a_scored_plan_on_the_pruned_model_is_the_whole_rosters_optimum(case):
    """A scored level with expiring passes and renewals: the same, renewals counted among the changes."""
    other_objective_equals_whole(case)
