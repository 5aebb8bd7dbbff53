"""Brute force agrees: CP-SAT's plans equal an exhaustive enumeration's optimum on random small rosters.

tests/bruteforce.py restates the rules without planner.rules.domain, planner.core.problem or the model;
the strategies in tests/strategies.py draw valid scenarios of up to 7 people with dates around the
MB2-709 and MB2-877 boundaries. Examples per test come from the hypothesis profile in conftest.py (300;
3,000 with HYPOTHESIS_PROFILE=thorough). The property test plans with `fixes=False`: proposing fixes for an
unreachable level is a separate search over the whole roster (so it cannot depend on grouping) and cost
about nine tenths of the time per example.
"""

from __future__ import annotations

import pytest
from hypothesis import given, target

from models.report import PlanReport
from planner.core.planning import plan
from planner.input.loading import LoadedScenario, load_scenario_data
from planner.report.render import to_json
from tests.bruteforce import achievable, brute_force, witness_report
from tests.helpers import loaded, one_goal_problems
from tests.strategies import CATALOG, scenarios

LEVELS_AND_OBJECTIVES = pytest.mark.parametrize(
    ("level", "objective"),
    [("silver", "exams"), ("silver", "cost"), ("gold", "exams"), ("gold", "cost")],
    ids=["silver-fewest-exams", "silver-cheapest", "gold-fewest-exams", "gold-cheapest"],
)


def _load(data: dict) -> LoadedScenario:
    return load_scenario_data(data, "hypothesis.yaml", catalog=CATALOG)


def _cents(report: PlanReport) -> int:
    return round(report.total_cost_usd * 100)


def _json_without_stats(report: PlanReport) -> str:
    return to_json(report.model_copy(update={"stats": {}}))


@LEVELS_AND_OBJECTIVES
@given(data=scenarios())
def test_plan_equals_brute_force_optimum_and_grouped_model_gives_the_identical_plan(level, objective, data):
    """The plan passes the validator, is optimal at the brute force's (exams, cost) or infeasible exactly
    when it finds nothing, and is byte-identical (outside `stats`) with profiles and pruning turned off."""
    scenario = _load(data)
    expected = brute_force(scenario, level, objective)
    report = plan(scenario, level, objective, prune=True, fixes=False)
    assert [] == one_goal_problems(scenario.scenario, scenario.catalog, report)
    if expected is None:
        assert ("infeasible", 0, []) == (report.status, report.total_new_exams, report.assignments)
    else:
        target(float(expected.count), label="new exams in the optimum")
        actual = (report.status, report.total_new_exams, _cents(report))
        assert ("optimal", expected.count, expected.cost) == actual
        assert achievable(scenario, level, report.total_new_exams, _cents(report))
        assert [] == one_goal_problems(scenario.scenario, scenario.catalog,
                                   witness_report(scenario, level, objective, expected))
    ungrouped = plan(scenario, level, objective, prune=False, fixes=False)
    assert _json_without_stats(report) == _json_without_stats(ungrouped)


# Hand-built cases: the expected (exams, cents) is worked out by hand from ../shared/rules/cloud-crm.md,
# and both the brute force and the planner must give it. Default cost: US$165 a new exam.
HAND_BUILT = [
    pytest.param(
        "silver", "exams",
        {"costs": {"prep_hours": 10},
         "staff": [{"id": "ann", "passed": ["MB2-717"], "hourly_rate_usd": 100},
                   {"id": "bob", "hourly_rate_usd": 0},
                   {"id": "cat", "passed": ["MB2-716"]}]},
        (1, 116500), id="fewest-exams-takes-ann's-one-dear-deployment-exam"),
    pytest.param(
        "silver", "cost",
        {"costs": {"prep_hours": 10},
         "staff": [{"id": "ann", "passed": ["MB2-717"], "hourly_rate_usd": 100},
                   {"id": "bob", "hourly_rate_usd": 0},
                   {"id": "cat", "passed": ["MB2-716"]}]},
        (2, 33000), id="cheapest-takes-bob's-two-cheap-exams-instead"),
    pytest.param(
        "silver", "exams",
        {"staff": [{"id": "ann", "max_new_exams": 1}, {"id": "bob"}]},
        (3, 49500), id="a-cap-of-one-sends-ann-to-the-customization-slot"),
    pytest.param(
        "silver", "exams",
        {"staff": [{"id": "ann", "passed": ["MB2-717", "MB2-715", "MB2-716"]}, {"id": "bob"}]},
        (1, 16500), id="a-person-holding-every-list-still-fills-one-slot"),
    pytest.param(
        "silver", "exams",
        {"as_of": "2017-12-31", "deadline": "2018-12-31",
         "staff": [{"id": "ann", "passed": [{"exam": "MB2-709", "date": "2017-12-31"}, "MB2-715"]},
                   {"id": "cat", "passed": ["MB2-716"]}]},
        (0, 0), id="mb2-709-still-counts-on-2018-12-31"),
    pytest.param(
        "silver", "exams",
        {"as_of": "2017-12-31", "deadline": "2019-01-01",
         "staff": [{"id": "ann", "passed": [{"exam": "MB2-709", "date": "2017-12-31"}, "MB2-715"],
                    "can_take": ["MB2-709", "MB2-877"]},
                   {"id": "cat", "passed": ["MB2-716"]}]},
        (1, 16500), id="mb2-709-stops-counting-on-2019-01-01-and-mb2-877-replaces-it"),
    pytest.param(
        "silver", "exams",
        {"as_of": "2017-12-30", "deadline": "2017-12-31",
         "staff": [{"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-877"]},
                   {"id": "cat", "passed": ["MB2-716"]}]},
        None, id="mb2-877-cannot-be-taken-before-2018-01-01"),
    pytest.param(
        "silver", "exams",
        {"as_of": "2017-12-30", "deadline": "2019-01-01",
         "staff": [{"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-709"]},
                   {"id": "cat", "passed": ["MB2-716"]}]},
        None, id="mb2-709-taken-in-time-no-longer-counts-on-the-deadline"),
    pytest.param(
        "silver", "exams",
        {"staff": [{"id": "ann", "passed": ["MB2-717", "MB2-715"], "leaves_on": "2018-06-30"},
                   {"id": "bob"}, {"id": "cat", "passed": ["MB2-716"]}]},
        (2, 33000), id="leaving-on-the-deadline-does-not-count"),
    pytest.param(
        "silver", "exams",
        {"staff": [{"id": "ann", "passed": ["MB2-717", "MB2-715"], "leaves_on": "2018-07-01"},
                   {"id": "bob"}, {"id": "cat", "passed": ["MB2-716"]}]},
        (0, 0), id="leaving-the-day-after-the-deadline-counts"),
]


@pytest.mark.parametrize(("level", "objective", "overrides", "expected"), HAND_BUILT)
def test_brute_force_and_planner_give_the_hand_worked_optimum(level, objective, overrides, expected):
    """On a hand-built roster both solvers give the optimum worked out by hand (None: no plan)."""
    scenario = loaded(overrides["staff"], **{k: v for k, v in overrides.items() if k != "staff"})
    found = brute_force(scenario, level, objective)
    report = plan(scenario, level, objective, fixes=False)
    planned = None if report.status == "infeasible" else (report.total_new_exams, _cents(report))
    assert (expected, expected) == (None if found is None else (found.count, found.cost), planned)


def test_achievable_refuses_a_total_below_the_optimum():
    """The brute force's achievability check accepts the optimum and rejects one exam or one cent less."""
    scenario = loaded([{"id": "ann", "passed": ["MB2-717"]}, {"id": "bob"}])
    assert (True, False, False) == (achievable(scenario, "silver", 2, 33000),
                                    achievable(scenario, "silver", 1, 33000),
                                    achievable(scenario, "silver", 2, 32999))
