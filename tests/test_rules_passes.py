"""Rule: a pass counts with or without a date; a date after as_of or outside the exam's days is bad input."""

from __future__ import annotations

import pytest

from planner.core.planning import plan
from planner.errors import ScenarioError
from tests.helpers import loaded

C_HOLDER = {"id": "carol", "passed": ["MB2-716"]}


@pytest.mark.parametrize(
    "passed",
    [
        pytest.param(["MB2-717", "MB2-715"], id="codes-only"),
        pytest.param([{"exam": "MB2-717"}, {"exam": "MB2-715"}], id="mappings-without-date"),
        pytest.param([{"exam": "MB2-717", "date": "2017-06-01"}, "MB2-715"], id="one-dated-one-not"),
    ],
)
def test_a_pass_without_a_date_counts_like_a_dated_one(passed):
    """Ann fills the pair slot with no new exam whether or not her passes carry dates."""
    report = plan(loaded([{"id": "ann", "passed": passed}, C_HOLDER]), "silver")
    assert ("optimal", 0) == (report.status, report.total_new_exams)


@pytest.mark.parametrize(
    ("pass_709", "deadline", "expected_new_exams"),
    [
        pytest.param("MB2-709", "2018-12-31", 0, id="undated-counts-on-2018-12-31"),
        pytest.param("MB2-709", "2019-01-01", 1, id="undated-stops-after-2018-12-31"),
        pytest.param({"exam": "MB2-709", "date": "2017-06-01"}, "2018-12-31", 0,
                     id="dated-counts-on-2018-12-31"),
        pytest.param({"exam": "MB2-709", "date": "2017-06-01"}, "2019-01-01", 1,
                     id="dated-stops-after-2018-12-31"),
    ],
)
def test_an_undated_retired_exam_stops_counting_on_the_same_day_as_a_dated_one(pass_709, deadline,
                                                                              expected_new_exams):
    """MB2-709 counts until 2018-12-31 whether or not the pass has a date."""
    staff = [{"id": "ann", "passed": [pass_709, "MB2-715"]}, C_HOLDER]
    report = plan(loaded(staff, deadline=deadline), "silver")
    assert expected_new_exams == report.total_new_exams


@pytest.mark.parametrize(
    ("as_of", "recorded", "error"),
    [
        pytest.param("2017-11-20", {"exam": "MB2-717", "date": "2017-11-20"}, None, id="passed-on-as-of"),
        pytest.param("2017-11-20", {"exam": "MB2-717", "date": "2017-11-21"}, "after as_of 2017-11-20",
                     id="passed-after-as-of"),
        pytest.param("2018-02-01", {"exam": "MB2-877", "date": "2018-01-01"}, None, id="877-on-first-day"),
        pytest.param("2018-02-01", {"exam": "MB2-877", "date": "2017-12-31"}, "only be taken from 2018-01-01",
                     id="877-before-first-day"),
        pytest.param("2018-02-01", {"exam": "MB2-709", "date": "2017-12-31"}, None, id="709-on-last-day"),
        pytest.param("2018-02-01", {"exam": "MB2-709", "date": "2018-01-01"},
                     "only be taken until 2017-12-31",
                     id="709-after-last-day"),
    ],
)
def test_a_dated_pass_must_be_possible_on_its_day(as_of, recorded, error):
    """A pass dated after as_of, or on a day its exam could not be taken, is one line of bad input."""
    staff = [{"id": "ann", "passed": [recorded]}]
    if error is None:
        assert "ann" == loaded(staff, as_of=as_of, deadline="2018-06-30").scenario.staff[0].id
    else:
        with pytest.raises(ScenarioError) as caught:
            loaded(staff, as_of=as_of, deadline="2018-06-30")
        message = str(caught.value)
        assert (True, True, 1) == (error in message, "staff[0].passed[0]" in message,
                                   len(message.splitlines()))


def test_a_pass_of_an_unknown_exam_is_bad_input():
    """A misspelt exam code is rejected with the nearest known code."""
    with pytest.raises(ScenarioError) as caught:
        loaded([{"id": "ann", "passed": ["MB2-171"]}])
    assert "unknown exam code 'MB2-171'" in str(caught.value)


def test_a_held_exam_is_not_planned_again():
    """Ann, holding MB2-715 and needing an A exam, is planned only the A exam."""
    report = plan(loaded([{"id": "ann", "passed": ["MB2-715"]}, C_HOLDER]), "silver")
    assert [("ann", "MB2-717")] == [(e.person, e.exam) for e in report.new_exams]
