"""Rule: `exams` minimizes the number of new exams (ties: cost); `cost` minimizes cost (ties: fewer exams)."""

from __future__ import annotations

import pytest

from planner.core.planning import plan
from tests.helpers import loaded

CAROL_LOCKED = {"id": "carol", "passed": ["MB2-716"], "can_take": []}
TEN_HOURS_PREP = {"exam_fee_usd": 165, "prep_hours": 10, "hourly_rate_usd": 0}


def _plan(staff: list[dict], objective: str):
    return plan(loaded(staff, costs=TEN_HOURS_PREP), "silver", objective)


# ann needs one exam but her hours are dear (165 + 10 x 200 = 2,165); bob needs two cheap ones (2 x 165).
ONE_DEAR_OR_TWO_CHEAP = [{"id": "ann", "passed": ["MB2-717"], "hourly_rate_usd": 200}, {"id": "bob"},
                         CAROL_LOCKED]


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        pytest.param("exams", (1, 2165.0, ["ann"]), id="exams-one-dear-exam"),
        pytest.param("cost", (2, 330.0, ["bob", "bob"]), id="cost-two-cheap-exams"),
    ],
)
def test_objectives_disagree_on_one_dear_exam_versus_two_cheap_ones(objective, expected):
    """Fewest exams trains ann once at US$2,165; lowest cost trains bob twice at US$330."""
    report = _plan(ONE_DEAR_OR_TWO_CHEAP, objective)
    actual = (report.total_new_exams, report.total_cost_usd, [e.person for e in report.new_exams])
    assert ("optimal", expected) == (report.status, actual)


def test_exams_objective_breaks_a_tie_in_exam_count_by_cost():
    """Ann and bob each need one exam; bob's is cheaper, so he is chosen though ann is first in the roster."""
    staff = [{"id": "ann", "passed": ["MB2-717"], "hourly_rate_usd": 100},
             {"id": "bob", "passed": ["MB2-718"]}, CAROL_LOCKED]
    report = _plan(staff, "exams")
    assert (["bob"], 165.0) == ([e.person for e in report.new_exams], report.total_cost_usd)


def test_cost_objective_breaks_a_tie_in_cost_by_exam_count():
    """Bob's two exams and ann's one cost the same US$330; the plan takes ann's single exam."""
    staff = [{"id": "bob"}, {"id": "ann", "passed": ["MB2-717"], "hourly_rate_usd": 16.5}, CAROL_LOCKED]
    report = _plan(staff, "cost")
    assert (["ann"], 1, 330.0) == ([e.person for e in report.new_exams], report.total_new_exams,
                                   report.total_cost_usd)


@pytest.mark.parametrize("objective", ["exams", "cost"])
def test_report_names_its_objective(objective):
    """The report says which objective it optimized."""
    assert objective == _plan(ONE_DEAR_OR_TWO_CHEAP, objective).objective
