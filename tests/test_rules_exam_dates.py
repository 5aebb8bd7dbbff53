"""Rules on days: MB2-709 takeable until 2017-12-31, counting until 2018-12-31; MB2-877 from 2018-01-01."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.core.planning import plan
from planner.rules.catalogs import shipped_catalog
from planner.rules.domain import new_exam_is_open, pass_counts_on, takeable_window
from tests.helpers import loaded

CATALOG = shipped_catalog("cloud-crm")
MB2_709 = CATALOG.exam("MB2-709")
MB2_877 = CATALOG.exam("MB2-877")
A = set(CATALOG.exam_list("A").exams)
C_HOLDER = {"id": "carol", "passed": ["MB2-716"]}
D = dt.date


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        pytest.param(D(2018, 12, 31), True, id="last-day-it-counts"),
        pytest.param(D(2019, 1, 1), False, id="day-after"),
    ],
)
def test_mb2_709_pass_counts_until_2018_12_31(deadline, expected):
    """A recorded MB2-709 pass counts on 2018-12-31 and not on 2019-01-01."""
    assert expected == pass_counts_on(MB2_709, deadline)


@pytest.mark.parametrize(
    ("exam", "as_of", "deadline", "expected"),
    [
        pytest.param(MB2_709, D(2017, 12, 31), D(2018, 6, 30), (D(2017, 12, 31), D(2017, 12, 31)),
                     id="709-last-day-to-take"),
        pytest.param(MB2_709, D(2018, 1, 1), D(2018, 6, 30), None, id="709-retired"),
        pytest.param(MB2_877, D(2017, 11, 20), D(2018, 1, 1), (D(2018, 1, 1), D(2018, 1, 1)),
                     id="877-first-day-to-take"),
        pytest.param(MB2_877, D(2017, 11, 20), D(2017, 12, 31), None, id="877-not-yet-available"),
    ],
)
def test_takeable_window_clips_as_of_and_deadline_to_the_exam_dates(exam, as_of, deadline, expected):
    """The days an exam can be taken are the plan's days cut to the exam's first and last day."""
    assert expected == takeable_window(exam, as_of, deadline)


def test_mb2_709_taken_before_retirement_does_not_open_for_a_deadline_after_it_stops_counting():
    """MB2-709 taken in December 2017 would not count on 2019-01-01, so it cannot be planned for it."""
    assert (True, False) == (new_exam_is_open(MB2_709, D(2017, 12, 1), D(2018, 12, 31)),
                             new_exam_is_open(MB2_709, D(2017, 12, 1), D(2019, 1, 1)))


@pytest.mark.parametrize(
    ("deadline", "expected_new_exams"),
    [
        pytest.param("2018-12-31", 0, id="deadline-2018-12-31-still-counts"),
        pytest.param("2019-01-01", 1, id="deadline-2019-01-01-no-longer-counts"),
    ],
)
def test_plan_counts_a_held_mb2_709_until_2018_12_31(deadline, expected_new_exams):
    """Ann's MB2-709 fills her application exam up to 2018-12-31; after that she needs another A exam."""
    staff = [{"id": "ann", "passed": ["MB2-709", "MB2-715"]}, C_HOLDER]
    report = plan(loaded(staff, deadline=deadline), "silver")
    assert ("optimal", expected_new_exams) == (report.status, report.total_new_exams)
    assert all(e.exam in A and e.exam != "MB2-709" for e in report.new_exams)


@pytest.mark.parametrize(
    ("as_of", "deadline", "expected"),
    [
        pytest.param("2017-12-31", "2018-06-30", [("ann", "MB2-709")], id="as-of-2017-12-31-last-day"),
        pytest.param("2018-01-01", "2018-06-30", None, id="as-of-2018-01-01-retired"),
        pytest.param("2017-12-01", "2018-12-31", [("ann", "MB2-709")], id="deadline-2018-12-31-counts"),
        pytest.param("2017-12-01", "2019-01-01", None, id="deadline-2019-01-01-stopped-counting"),
    ],
)
def test_plan_may_give_mb2_709_only_if_takeable_by_2017_12_31_and_counting_on_the_deadline(as_of, deadline,
                                                                                         expected):
    """Ann, who may take only MB2-709, gets it when it can still be taken and still counts on the deadline."""
    staff = [{"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-709"]}, C_HOLDER]
    report = plan(loaded(staff, as_of=as_of, deadline=deadline), "silver")
    actual = [(e.person, e.exam) for e in report.new_exams] if report.status != "infeasible" else None
    assert expected == actual


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        pytest.param("2017-12-31", None, id="deadline-2017-12-31-not-available"),
        pytest.param("2018-01-01", [("ann", "MB2-877")], id="deadline-2018-01-01-first-day"),
    ],
)
def test_plan_may_give_mb2_877_only_from_2018_01_01(deadline, expected):
    """Ann, who may take only MB2-877, gets it only when the plan's days reach 2018-01-01."""
    staff = [{"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-877"]}, C_HOLDER]
    report = plan(loaded(staff, deadline=deadline), "silver")
    actual = [(e.person, e.exam) for e in report.new_exams] if report.status != "infeasible" else None
    assert expected == actual


@pytest.mark.parametrize(
    ("overrides", "exam", "day"),
    [
        pytest.param({"as_of": "2018-01-01"}, "MB2-709", "2017-12-31", id="709-retired"),
        pytest.param({"deadline": "2017-12-31"}, "MB2-877", "2018-01-01", id="877-not-yet-available"),
    ],
)
def test_infeasible_reason_names_the_exam_and_the_day(overrides, exam, day):
    """When the only exam someone may take is closed, the reason names that exam and the day closing it."""
    staff = [{"id": "ann", "passed": ["MB2-715"], "can_take": [exam]}, C_HOLDER]
    report = plan(loaded(staff, **overrides), "silver")
    text = " ".join(report.reasons)
    assert ("infeasible", True, True, True) == (report.status, "ann" in text, exam in text, day in text)
