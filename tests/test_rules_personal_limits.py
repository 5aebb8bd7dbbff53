"""Rules: `can_take` lists the only exams a person may be planned; `max_new_exams` caps how many."""

from __future__ import annotations

import pytest

from models.scenario import Person
from planner.core.planning import plan
from planner.rules.domain import person_may_take
from tests.helpers import loaded

C_HOLDER_LOCKED = {"id": "carol", "passed": ["MB2-716"], "can_take": []}


@pytest.mark.parametrize(
    ("can_take", "code", "expected"),
    [
        pytest.param(None, "MB2-715", True, id="no-list-means-any"),
        pytest.param(["MB2-706"], "MB2-706", True, id="listed"),
        pytest.param(["MB2-706"], "MB2-715", False, id="not-listed"),
        pytest.param([], "MB2-715", False, id="empty-list-means-none"),
    ],
)
def test_person_may_take_only_exams_in_can_take(can_take, code, expected):
    """can_take, when given, is the whole list of exams a person may be planned."""
    assert expected == person_may_take(Person(id="ann", can_take=can_take), code)


@pytest.mark.parametrize(
    ("can_take", "expected_new_exams"),
    [
        pytest.param(None, [("ann", "MB2-715")], id="any-exam-preferred-one"),
        pytest.param(["MB2-706"], [("ann", "MB2-706")], id="only-mb2-706"),
        pytest.param([], [("bob", "MB2-717"), ("bob", "MB2-715")], id="nothing-so-bob-takes-two"),
    ],
)
def test_plan_gives_a_person_only_exams_from_can_take(can_take, expected_new_exams):
    """Ann needs a deployment exam; can_take decides which one she gets, or that bob is trained instead."""
    ann = {"id": "ann", "passed": ["MB2-717"]} | ({} if can_take is None else {"can_take": can_take})
    report = plan(loaded([ann, C_HOLDER_LOCKED, {"id": "bob"}]), "silver")
    assert expected_new_exams == [(e.person, e.exam) for e in report.new_exams]


def test_can_take_of_another_list_does_not_help():
    """Ann may take only a customization exam, which does not give her the deployment exam she lacks."""
    staff = [{"id": "ann", "passed": ["MB2-717"], "can_take": ["MB2-712"]}, C_HOLDER_LOCKED]
    report = plan(loaded(staff), "silver")
    reason = " ".join(report.reasons)
    assert ("infeasible", True) == (report.status, "ann may take no deployment exam (can_take)" in reason)


@pytest.mark.parametrize(
    ("max_new_exams", "expected"),
    [
        pytest.param(0, ("infeasible", None), id="zero"),
        pytest.param(1, ("infeasible", None), id="one-short"),
        pytest.param(2, ("optimal", 2), id="exactly-enough"),
        pytest.param(3, ("optimal", 2), id="more-than-enough"),
    ],
)
def test_max_new_exams_caps_what_a_person_is_planned(max_new_exams, expected):
    """Newbie needs two new exams (A and B) for the pair slot; a cap below two makes Silver unreachable."""
    staff = [{"id": "newbie", "max_new_exams": max_new_exams}, C_HOLDER_LOCKED]
    report = plan(loaded(staff), "silver")
    total = report.total_new_exams if report.status != "infeasible" else None
    assert expected == (report.status, total)


def test_max_new_exams_reason_names_the_person_and_the_cap():
    """The infeasible answer says newbie would need two exams while the cap is one."""
    report = plan(loaded([{"id": "newbie", "max_new_exams": 1}, C_HOLDER_LOCKED]), "silver")
    reason = " ".join(report.reasons)
    assert "newbie would need 2 new exams but max_new_exams is 1" in reason


def test_max_new_exams_zero_still_lets_a_qualified_person_fill_a_slot():
    """The cap limits new exams only: someone already holding A and B fills the pair slot with cap 0."""
    staff = [{"id": "ann", "passed": ["MB2-717", "MB2-715"], "max_new_exams": 0}, C_HOLDER_LOCKED]
    report = plan(loaded(staff), "silver")
    assert ("optimal", 0) == (report.status, report.total_new_exams)


def test_max_new_exams_moves_the_work_to_someone_else():
    """With ann capped at one exam, the pair slot goes to bob and ann takes the single C exam instead."""
    staff = [{"id": "ann", "max_new_exams": 1}, {"id": "bob"}]
    report = plan(loaded(staff), "silver")
    per_person = {p: sum(1 for e in report.new_exams if e.person == p) for p in ("ann", "bob")}
    assert {"ann": 1, "bob": 2} == per_person
