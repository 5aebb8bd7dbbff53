"""Rule: without a deadline the level must hold on as_of + 365 days."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.core.planning import plan
from planner.input.loading import load_scenario_data
from tests.helpers import scenario_dict


def _without_deadline(staff: list[dict], as_of: str):
    data = scenario_dict(staff, as_of=as_of)
    del data["deadline"]
    return load_scenario_data(data, "test.yaml")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        pytest.param("2017-11-20", dt.date(2018, 11, 20), id="ordinary-year"),
        pytest.param("2019-03-01", dt.date(2020, 2, 29), id="across-29-february-365-days-not-a-year"),
    ],
)
def test_default_deadline_is_as_of_plus_365_days(as_of, expected):
    """The default deadline counts 365 days, so across 29 February it lands a day before the anniversary."""
    assert expected == _without_deadline([], as_of).scenario.deadline


@pytest.mark.parametrize(
    ("as_of", "expected_new_exams"),
    [
        pytest.param("2017-12-31", 0, id="default-deadline-2018-12-31-709-counts"),
        pytest.param("2018-01-01", 1, id="default-deadline-2019-01-01-709-stopped"),
    ],
)
def test_plan_uses_the_default_deadline(as_of, expected_new_exams):
    """The plan is for as_of + 365 days: MB2-709 still counts for as_of 2017-12-31 but not a day later."""
    staff = [{"id": "ann", "passed": ["MB2-709", "MB2-715"]}, {"id": "carol", "passed": ["MB2-716"]}]
    report = plan(_without_deadline(staff, as_of), "silver")
    expected_deadline = dt.date.fromisoformat(as_of) + dt.timedelta(days=365)
    assert (expected_deadline, expected_new_exams) == (report.deadline, report.total_new_exams)
