"""Rule: a new exam costs fee + prep_hours x hourly rate, with per-exam and per-person overrides."""

from __future__ import annotations

import pytest

from planner.core.planning import plan
from planner.rules.domain import exam_cost_cents
from tests.helpers import loaded

DEFAULTS = {"exam_fee_usd": 165, "prep_hours": 10, "hourly_rate_usd": 50}


@pytest.mark.parametrize(
    ("costs", "person", "exam", "expected_usd"),
    [
        pytest.param(None, {}, "MB2-715", 165, id="no-costs-block-fee-165"),
        pytest.param(DEFAULTS, {}, "MB2-715", 165 + 10 * 50, id="fee-plus-prep-times-rate"),
        pytest.param({**DEFAULTS, "exams": {"MB2-715": {"fee_usd": 200}}}, {}, "MB2-715", 200 + 10 * 50,
                     id="exam-fee-override"),
        pytest.param({**DEFAULTS, "exams": {"MB2-715": {"prep_hours": 30}}}, {}, "MB2-715", 165 + 30 * 50,
                     id="exam-prep-override"),
        pytest.param({**DEFAULTS, "exams": {"MB2-715": {"fee_usd": 0, "prep_hours": 0}}}, {}, "MB2-715", 0,
                     id="exam-override-to-zero"),
        pytest.param({**DEFAULTS, "exams": {"MB2-715": {"prep_hours": 30}}}, {}, "MB2-710", 165 + 10 * 50,
                     id="override-of-another-exam-ignored"),
        pytest.param(DEFAULTS, {"hourly_rate_usd": 80}, "MB2-715", 165 + 10 * 80, id="person-rate-override"),
        pytest.param(DEFAULTS, {"hourly_rate_usd": 0}, "MB2-715", 165, id="person-rate-zero-overrides"),
        pytest.param({**DEFAULTS, "exams": {"MB2-715": {"prep_hours": 30}}}, {"hourly_rate_usd": 80},
                     "MB2-715",
                     165 + 30 * 80, id="both-overrides"),
        pytest.param({"exam_fee_usd": 99.5, "prep_hours": 2.5, "hourly_rate_usd": 41}, {}, "MB2-715",
                     99.5 + 2.5 * 41, id="fractional-dollars"),
    ],
)
def test_exam_cost_is_fee_plus_prep_hours_times_hourly_rate(costs, person, exam, expected_usd):
    """Each piece of the cost takes the most specific value given: person, then exam, then the defaults."""
    overrides = {} if costs is None else {"costs": costs}
    scenario = loaded([{"id": "ann", **person}], **overrides).scenario
    assert round(expected_usd * 100) == exam_cost_cents(scenario, scenario.staff[0], exam)


def test_plan_prices_each_new_exam_and_avoids_the_overridden_dear_one():
    """MB2-715 has 30 prep hours, so ann (US$80/h) takes another deployment exam; bob takes a C exam."""
    costs = {**DEFAULTS, "exams": {"MB2-715": {"prep_hours": 30}}}
    staff = [{"id": "ann", "passed": ["MB2-717"], "hourly_rate_usd": 80}, {"id": "bob"}]
    report = plan(loaded(staff, costs=costs), "silver")
    priced = [(e.person, e.exam, e.cost_usd) for e in report.new_exams]
    assert [("ann", "MB2-710", 165.0 + 10 * 80), ("bob", "MB2-716", 165.0 + 10 * 50)] == priced
    assert 165.0 + 800 + 165 + 500 == report.total_cost_usd
