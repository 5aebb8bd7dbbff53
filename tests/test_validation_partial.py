"""The partial re-check (planner.validation.partial): a plan of the most slots (or points) within a budget
is accepted as the pipeline gives it, and each claim it could misstate is caught, while filling fewer slots
than the level has is not a problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models.report import Assignment, PlanReport
from planner.core import pipeline
from planner.core.pipeline import PlanRequest
from planner.input.loading import LoadedScenario, ResolvedTarget, load_scenario_data
from planner.rules.catalogs import load_catalog_file
from planner.validation.partial import recheck_partial
from tests.helpers import loaded

SCORED = load_catalog_file(Path(__file__).parent / "data" / "scored" / "mini-scored.yaml")
# ann pairs A and B, bob holds C: US$330 fills three of Gold's four slots with cy's MB2-716 (US$165).
STAFF = [{"id": "ann", "passed": ["MB2-717", "MB2-715"]}, {"id": "bob", "passed": ["MB2-716"]},
         {"id": "cy"}, {"id": "dee", "can_take": []}]


def _most(lo: LoadedScenario, level: str, budget: float) -> tuple[list[tuple[str, Any, str]], PlanReport]:
    """The goals and the pipeline's plan of the most slots within the budget."""
    target = ResolvedTarget(f"{lo.catalog.id}:{level}", lo.catalog.id, level, lo.catalog, lo.notes)
    report = pipeline.run(lo, PlanRequest(goals=(target,), budget_usd=budget, fill_most=True, fixes=False,
                                          alone=False, explain=False, details=False))
    return [(target.label, target.catalog, level)], report


def _scored() -> LoadedScenario:
    data = {"schema_version": 1, "name": "Scored partner", "competency": "mini-scored",
            "as_of": "2026-12-01", "deadline": "2027-06-30",
            "organization": {"market": "developed", "revenue_usd": 0, "dpor": False, "track": "enterprise",
                             "metrics": {"adds": 3, "usage": 6, "deployments": 2}},
            "staff": [{"id": "ann", "passed": ["IN-1"]}, {"id": "bob", "passed": ["AD-1"]}, {"id": "cy"}]}
    return load_scenario_data(data, "scored.yaml", catalog=SCORED)


def test_the_pipelines_plan_of_the_most_slots_passes():
    """The plan the pipeline gives for US$330 of Gold (3 of 4 slots, US$165) has nothing wrong with it."""
    goals, report = _most(loaded(STAFF), "gold", 330)
    assert (3, 165.0, []) == (len(report.assignments), report.total_cost_usd,
                              recheck_partial(loaded(STAFF).scenario, goals, report))


def test_the_pipelines_plan_of_the_most_points_passes():
    """The plan of the most points for US$165 of the mini-scored designation has nothing wrong with it."""
    lo = _scored()
    goals, report = _most(lo, "designation", 165)
    assert report.scores and ("optimal", []) == (report.status, recheck_partial(lo.scenario, goals, report))


def _cost(report: PlanReport) -> None:
    report.new_exams[0].cost_usd = 1.0


def _over_budget(report: PlanReport) -> None:
    report.budget_usd = 100.0


def _unqualified_holder(report: PlanReport) -> None:
    report.assignments[2] = Assignment(person="dee", role="customization", exams=["MB2-716"])


def _forbidden_exam(report: PlanReport) -> None:
    report.new_exams[0].person = "dee"
    report.assignments[2] = Assignment(person="dee", role="customization", exams=["MB2-716"])


def _twice(report: PlanReport) -> None:
    report.assignments.append(Assignment(person="ann", role="application+deployment",
                                         exams=["MB2-717", "MB2-715"]))


def _too_many_holders(report: PlanReport) -> None:
    report.assignments.append(Assignment(person="bob", role="customization", exams=["MB2-716"]))


def _reachable(report: PlanReport) -> None:
    report.reachable = True


def _total(report: PlanReport) -> None:
    report.total_new_exams = 0


@pytest.mark.parametrize(("change", "fragment"), [
    pytest.param(_cost, "costs 165.00, the plan says 1.0", id="an-exam-cost-misstated"),
    pytest.param(_over_budget, "over the budget of 100.0", id="over-the-budget"),
    pytest.param(_unqualified_holder, "dee fills customization with MB2-716, neither held nor planned",
                 id="a-holder-without-the-exam"),
    pytest.param(_forbidden_exam, "dee may not take MB2-716", id="an-exam-can-take-forbids"),
    pytest.param(_twice, "ann fills 2 slots", id="a-person-in-two-slots"),
    pytest.param(_too_many_holders, "3 people fill customization slots; Gold has 2",
                 id="more-holders-than-slots"),
    pytest.param(_reachable, "claims cloud-crm:gold reachable", id="claims-the-goal-reached"),
    pytest.param(_total, "total_new_exams 0 != 1", id="totals-misstated"),
])
def test_a_misstated_plan_of_the_most_slots_is_caught(change: Callable[[PlanReport], None], fragment: str):
    """Each misstatement of the plan of the most slots is named by the partial re-check."""
    lo = loaded(STAFF)
    goals, report = _most(lo, "gold", 330)
    change(report)
    problems = recheck_partial(lo.scenario, goals, report)
    assert [p for p in problems if fragment in p], problems


def test_a_misstated_score_is_caught():
    """A plan of the most points that claims more points than its people give is caught."""
    lo = _scored()
    goals, report = _most(lo, "designation", 165)
    assert report.scores
    report.scores[0].points += 5
    assert [p for p in recheck_partial(lo.scenario, goals, report) if "the score says" in p]
