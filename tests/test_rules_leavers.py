"""Rule: someone who leaves on or before the deadline does not count and is planned no exams."""

from __future__ import annotations

import datetime as dt

import pytest

from models.scenario import Person
from planner.core.planning import check, plan
from planner.rules.domain import person_counts_on
from tests.helpers import loaded

DEADLINE = dt.date(2018, 6, 30)
C_HOLDER = {"id": "carol", "passed": ["MB2-716"]}


@pytest.mark.parametrize(
    ("leaves_on", "expected"),
    [
        pytest.param(None, True, id="stays"),
        pytest.param(DEADLINE - dt.timedelta(days=1), False, id="day-before-deadline"),
        pytest.param(DEADLINE, False, id="on-the-deadline"),
        pytest.param(DEADLINE + dt.timedelta(days=1), True, id="day-after-deadline"),
    ],
)
def test_person_counts_on_the_deadline_only_if_leaving_after_it(leaves_on, expected):
    """leaves_on is the first day someone no longer counts, so leaving on the deadline means not counting."""
    assert expected == person_counts_on(Person(id="dan", leaves_on=leaves_on), DEADLINE)


@pytest.mark.parametrize(
    ("leaves_on", "expected_new_exams", "expected_slot_holders"),
    [
        pytest.param("2018-06-30", [("nick", "MB2-717"), ("nick", "MB2-715")], {"nick", "carol"},
                     id="leaves-on-the-deadline"),
        pytest.param("2018-07-01", [("dan", "MB2-715")], {"dan", "carol"}, id="leaves-the-day-after"),
    ],
)
def test_a_leaver_gets_no_exams_and_fills_no_slot(leaves_on, expected_new_exams, expected_slot_holders):
    """Dan, one exam from the pair slot, is planned it only if he is still there on the deadline."""
    staff = [{"id": "dan", "passed": ["MB2-717"], "leaves_on": leaves_on}, C_HOLDER, {"id": "nick"}]
    report = plan(loaded(staff), "silver")
    assert expected_new_exams == [(e.person, e.exam) for e in report.new_exams]
    assert expected_slot_holders == {a.person for a in report.assignments}


def test_a_leaver_holding_everything_does_not_fill_a_slot():
    """Dan holds A and B but leaves on the deadline: the newcomer takes both exams instead."""
    staff = [{"id": "dan", "passed": ["MB2-717", "MB2-715"], "leaves_on": "2018-06-30"}, C_HOLDER,
             {"id": "nick"}]
    report = plan(loaded(staff), "silver")
    assert ({"nick", "carol"}, 2) == ({a.person for a in report.assignments}, report.total_new_exams)


@pytest.mark.parametrize(
    ("staff", "expected_fragments"),
    [
        pytest.param([{"id": "dan", "passed": ["MB2-717", "MB2-715"], "leaves_on": "2018-06-30"}, C_HOLDER],
                     ["only 1 count on 2018-06-30", "dan leaves on 2018-06-30"], id="too-few-people"),
        pytest.param([{"id": "dan", "passed": ["MB2-717", "MB2-715"], "leaves_on": "2018-03-01"}, C_HOLDER,
                      {"id": "nick", "can_take": []}],
                     ["only 1 can: carol", "nick may take no application exam", "dan leaves on 2018-03-01"],
                     id="remaining-people-cannot-qualify"),
    ],
)
def test_infeasible_reason_names_the_leaver_and_the_day(staff, expected_fragments):
    """When a departure makes the level unreachable, the reasons name who leaves and when."""
    report = plan(loaded(staff), "silver")
    text = " ".join(report.reasons)
    assert "infeasible" == report.status
    assert [] == [f for f in expected_fragments if f not in text]


def test_leaving_before_the_deadline_still_counts_today():
    """`check` looks at as_of: someone leaving after as_of still fills a slot today."""
    staff = [{"id": "dan", "passed": ["MB2-717", "MB2-715"], "leaves_on": "2018-03-01"}, C_HOLDER]
    silver = next(lv for lv in check(loaded(staff)).levels if lv.level == "silver")
    assert True is silver.exam_rules_met
