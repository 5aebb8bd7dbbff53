"""The independent validator catches every kind of broken plan (each mutation of a sound plan)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models.report import Assignment, NewExam, PlanReport
from planner.planning import plan
from planner.validation import plan_problems
from tests.helpers import loaded

STAFF = [
    {"id": "ann", "passed": ["MB2-717"], "max_new_exams": 1},
    {"id": "ben", "passed": ["MB2-716"]},
    {"id": "cat", "passed": ["MB2-715"], "can_take": ["MB2-717"]},
    {"id": "dan", "leaves_on": "2018-03-01", "passed": ["MB2-717", "MB2-715"]},
    {"id": "eve", "passed": ["MB2-712", "MB2-709"]},
]


@pytest.fixture(name="sound")
def _sound():
    scenario = loaded(STAFF)
    report = plan(scenario, "silver")
    assert [] == plan_problems(scenario.scenario, scenario.catalog, report)
    return scenario, report


def _with(report: PlanReport, **changes) -> PlanReport:
    return report.model_copy(update=changes)


MUTATIONS: dict[str, Callable[[PlanReport], PlanReport]] = {
    "a-and-b-split-across-people": lambda r: _with(r, new_exams=[], total_new_exams=0, total_cost_usd=0.0,
        assignments=[Assignment(person="ann", role="application+deployment", exams=["MB2-717", "MB2-715"]),
                     Assignment(person="ben", role="customization", exams=["MB2-716"])]),
    "same-person-in-two-slots": lambda r: _with(r, assignments=[
        Assignment(person="ben", role="application+deployment", exams=["MB2-717", "MB2-715"]),
        Assignment(person="ben", role="customization", exams=["MB2-716"])]),
    "slot-left-empty": lambda r: _with(r, assignments=r.assignments[:1]),
    "leaver-fills-a-slot": lambda r: _with(r, assignments=[
        Assignment(person="dan", role="application+deployment", exams=["MB2-717", "MB2-715"]),
        *[a for a in r.assignments if a.role == "customization"]]),
    "exam-beyond-max-new-exams": lambda r: _with(r, new_exams=[
        NewExam(person="ann", exam="MB2-715", cost_usd=165.0), NewExam(person="ann", exam="MB2-716", cost_usd=165.0)],
        total_new_exams=2, total_cost_usd=330.0),
    "exam-outside-can-take": lambda r: _with(r, new_exams=[NewExam(person="cat", exam="MB2-716", cost_usd=165.0)],
                                             total_new_exams=1, total_cost_usd=165.0),
    "retired-exam-planned": lambda r: _with(r, new_exams=[NewExam(person="ben", exam="MB2-709", cost_usd=165.0)],
                                            total_new_exams=1, total_cost_usd=165.0),
    "exam-already-held": lambda r: _with(r, new_exams=[NewExam(person="ann", exam="MB2-717", cost_usd=165.0)],
                                         total_new_exams=1, total_cost_usd=165.0),
    "wrong-exam-cost": lambda r: _with(r, new_exams=[n.model_copy(update={"cost_usd": 1.0}) for n in r.new_exams]),
    "wrong-total-cost": lambda r: _with(r, total_cost_usd=r.total_cost_usd + 1),
    "wrong-exam-count": lambda r: _with(r, total_new_exams=r.total_new_exams + 1),
    "unknown-person": lambda r: _with(r, assignments=[Assignment(person="zed", role="customization", exams=[]),
                                                      *r.assignments[1:]]),
    "reachable-despite-failing-gate": lambda r: _with(r, reachable=not r.reachable, gates=r.gates),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS), ids=list(MUTATIONS))
def test_validator_rejects_a_broken_plan(sound, mutation):
    """Each way of breaking a sound Silver plan is reported by the validator."""
    scenario, report = sound
    broken = MUTATIONS[mutation](report)
    assert [] != plan_problems(scenario.scenario, scenario.catalog, broken)
