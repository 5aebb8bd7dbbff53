"""The independent validator catches every kind of broken plan (each mutation of a sound plan), each with
its own exact message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from models.report import Assignment, NewExam, PlanReport
from planner.core.planning import plan
from tests.helpers import loaded, one_goal_problems

STAFF: list[dict[str, Any]] = [
    {"id": "ann", "passed": ["MB2-717"], "max_new_exams": 1},
    {"id": "ben", "passed": ["MB2-716"]},
    {"id": "cat", "passed": ["MB2-715"], "can_take": ["MB2-717"]},
    {"id": "dan", "leaves_on": "2018-03-01", "passed": ["MB2-717", "MB2-715"]},
    {"id": "eve", "passed": ["MB2-712", "MB2-709"]},
]
AB, C = "application+deployment", "customization"
ANN_AB = Assignment(person="ann", role=AB, exams=["MB2-717", "MB2-715"])
BEN_C = Assignment(person="ben", role=C, exams=["MB2-716"])


@pytest.fixture(name="sound")
def _sound():
    """Silver for the staff above (ann takes MB2-715), without the path and odds (tested on their own)."""
    scenario = loaded(STAFF)
    report = plan(scenario, "silver")
    assert [] == one_goal_problems(scenario.scenario, scenario.catalog, report)
    bare = report.model_copy(update={"path": [], "levels_met": [], "probability_all_pass": None,
                                     "probability_level_met": None, "expected_cost_usd": None})
    return scenario, bare


def _with(report: PlanReport, **changes) -> PlanReport:
    return report.model_copy(update=changes)


def _new(*pairs: tuple[str, str]) -> dict[str, object]:
    """New exams at the default fee, with their totals."""
    exams = [NewExam(person=p, exam=e, cost_usd=165.0) for p, e in pairs]
    return {"new_exams": exams, "total_new_exams": len(exams), "total_cost_usd": 165.0 * len(exams)}


MUTATIONS: dict[str, tuple[Callable[[PlanReport], PlanReport], list[str]]] = {
    "a-and-b-split-across-people": (
        lambda r: _with(r, **_new(), assignments=[ANN_AB, BEN_C]),
        ["ann fills application+deployment with MB2-715, neither held nor planned"]),
    "same-person-in-two-slots": (
        lambda r: _with(r, assignments=[Assignment(person="ben", role=AB, exams=["MB2-717", "MB2-715"]),
                                        Assignment(person="ben", role=C, exams=["MB2-716"])]),
        ["ann/MB2-715 is planned but serves no slot",
         "ben fills application+deployment with MB2-717, MB2-715, neither held nor planned",
         "ben fills 2 slots; every slot needs a different person"]),
    "slot-left-empty": (
        lambda r: _with(r, assignments=r.assignments[:1]),
        ["Silver needs 1 customization slot(s); the plan fills 0"]),
    "leaver-fills-a-slot": (
        lambda r: _with(r, **_new(), assignments=[
            Assignment(person="dan", role=AB, exams=["MB2-717", "MB2-715"]),
            *[a for a in r.assignments if a.role == C]]),
        ["dan fills a application+deployment slot but does not count on 2018-06-30"]),
    "leaver-planned-an-exam": (
        lambda r: _with(r, **_new(("ann", "MB2-715"), ("dan", "MB2-716"))),
        ["dan leaves on 2018-03-01 but is planned MB2-716", "dan/MB2-716 is planned but serves no slot"]),
    "exam-beyond-max-new-exams": (
        lambda r: _with(r, **_new(("ann", "MB2-715"), ("ann", "MB2-716"))),
        ["ann is planned 2 new exams, more than max_new_exams 1",
         "ann/MB2-716 is planned but serves no slot"]),
    "exam-outside-can-take": (
        lambda r: _with(r, **_new(("cat", "MB2-716")), assignments=[
            ANN_AB, Assignment(person="cat", role=C, exams=["MB2-716"])]),
        ["cat may not take MB2-716 (can_take)",
         "ann fills application+deployment with MB2-715, neither held nor planned"]),
    "exam-already-held": (
        lambda r: _with(r, **_new(("ann", "MB2-715"), ("ann", "MB2-717"))),
        ["ann already holds MB2-717", "ann is planned 2 new exams, more than max_new_exams 1"]),
    "exam-planned-twice": (
        lambda r: _with(r, **_new(("ann", "MB2-715"), ("ann", "MB2-715"))),
        ["ann is planned MB2-715 twice"]),
    "unknown-exam": (
        lambda r: _with(r, **_new(("ann", "MB2-715"), ("ben", "XX-000"))),
        ["new exam ben/XX-000: unknown person or exam", "total_cost_usd 330.0 != 165.00 recomputed",
         "ben/XX-000 is planned but serves no slot"]),
    "wrong-exam-cost": (
        lambda r: _with(r, new_exams=[n.model_copy(update={"cost_usd": 1.0}) for n in r.new_exams]),
        ["ann/MB2-715 costs 165.00, the plan says 1.0"]),
    "wrong-total-cost": (
        lambda r: _with(r, total_cost_usd=r.total_cost_usd + 1),
        ["total_cost_usd 166.0 != 165.00 recomputed"]),
    "wrong-exam-count": (
        lambda r: _with(r, total_new_exams=r.total_new_exams + 1),
        ["total_new_exams 2 != 1 listed"]),
    "over-budget": (
        lambda r: _with(r, budget_usd=100.0),
        ["the plan costs 165.00, over the budget of 100.0"]),
    "unknown-person-in-a-slot": (
        lambda r: _with(r, assignments=[ANN_AB, Assignment(person="zed", role=C, exams=["MB2-716"])]),
        ["slot zed/customization: zed is neither on the staff nor hired"]),
    "unknown-role": (
        lambda r: _with(r, assignments=[ANN_AB, Assignment(person="ben", role="tester", exams=["MB2-716"])]),
        ["slot ben/tester: cloud-crm has no role tester",
         "Silver needs 1 customization slot(s); the plan fills 0",
         "Silver needs 0 tester slot(s); the plan fills 1"]),
    "reachable-despite-failing-gate": (
        lambda r: _with(r, reachable=not r.reachable),
        ["reachable is False but the gates say True"]),
    "dates-not-the-scenarios": (
        lambda r: _with(r, deadline=r.deadline.replace(year=2019)),
        ["the report's dates are not the scenario's"]),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS), ids=list(MUTATIONS))
def test_validator_rejects_a_broken_plan_with_its_exact_message(sound, mutation):
    """Each way of breaking a sound Silver plan is reported by the validator, in its own words."""
    scenario, report = sound
    corrupt, expected = MUTATIONS[mutation]
    assert expected == one_goal_problems(scenario.scenario, scenario.catalog, corrupt(report))
