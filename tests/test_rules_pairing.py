"""Rule: the A exam and the B exam of an application+deployment slot are held by the same person."""

from __future__ import annotations

import pytest

from planner.core.covers import cheapest_cover
from planner.core.planning import check, plan
from planner.core.profiles import NewExamOption
from tests.helpers import loaded

A = frozenset({"MB2-717", "MB2-718", "MB2-877", "MB2-714", "MB2-713", "MB2-709"})
B = frozenset({"MB2-715", "MB2-710", "MB2-706"})
AB_LISTS = (("application", A), ("deployment", B))
C_HOLDER = {"id": "carol", "passed": ["MB2-716"]}


@pytest.mark.parametrize(
    ("staff", "expected_new_exams"),
    [
        pytest.param([{"id": "ann", "passed": ["MB2-717", "MB2-715"]}, C_HOLDER], 0,
                     id="one-person-holds-a-and-b"),
        pytest.param([{"id": "ann", "passed": ["MB2-717"]}, {"id": "bob", "passed": ["MB2-715"]}, C_HOLDER],
                     1, id="a-holder-and-b-holder-are-different-people"),
        pytest.param([{"id": "ann", "passed": ["MB2-717"]}, C_HOLDER], 1,
                     id="a-holder-lacks-b"),
    ],
)
def test_pairing_needs_one_person_with_both_a_and_b(staff, expected_new_exams):
    """Silver's application+deployment slot costs no exam only when one person holds an A and a B exam."""
    report = plan(loaded(staff), "silver")
    assert ("optimal", expected_new_exams) == (report.status, report.total_new_exams)
    pair_holder = next(a for a in report.assignments if a.role == "application+deployment")
    held_or_new = {c for p in staff if p["id"] == pair_holder.person for c in p.get("passed", [])}
    held_or_new |= {e.exam for e in report.new_exams if e.person == pair_holder.person}
    assert (True, True) == (bool(held_or_new & A), bool(held_or_new & B))


def test_split_a_and_b_holders_get_the_missing_exam_for_one_of_them():
    """With A and B split between ann and bob, the one new exam completes one of them, not a pooled pair."""
    staff = [{"id": "ann", "passed": ["MB2-717"]}, {"id": "bob", "passed": ["MB2-715"]}, C_HOLDER]
    report = plan(loaded(staff), "silver")
    (new,) = report.new_exams
    completes_ann = new.person == "ann" and new.exam in B
    completes_bob = new.person == "bob" and new.exam in A
    assert True is (completes_ann or completes_bob)


def test_split_a_and_b_holders_who_may_take_nothing_cannot_reach_silver():
    """An A-holder and a different B-holder who may take no exam leave the pair slot empty: infeasible."""
    staff = [{"id": "ann", "passed": ["MB2-717"], "can_take": []},
             {"id": "bob", "passed": ["MB2-715"], "can_take": []}, C_HOLDER]
    report = plan(loaded(staff), "silver")
    assert ("infeasible", False, []) == (report.status, report.reachable, report.assignments)
    text = " ".join(report.reasons)
    assert all(name in text for name in ("ann", "bob", "can_take"))


@pytest.mark.parametrize(
    ("staff", "expected_met"),
    [
        pytest.param([{"id": "ann", "passed": ["MB2-717", "MB2-715"]}, C_HOLDER], True, id="same-person"),
        pytest.param([{"id": "ann", "passed": ["MB2-717"]}, {"id": "bob", "passed": ["MB2-715"]}, C_HOLDER],
                     False, id="different-people"),
    ],
)
def test_standing_today_counts_a_pair_only_when_one_person_holds_both(staff, expected_met):
    """`check` (no solver) meets Silver's exam rules today only when one person holds A and B."""
    silver = next(lv for lv in check(loaded(staff)).levels if lv.level == "silver")
    assert expected_met == silver.exam_rules_met


@pytest.mark.parametrize(
    ("held", "options", "expected"),
    [
        pytest.param({"MB2-717", "MB2-715"}, (), ((), 0), id="holds-both"),
        pytest.param({"MB2-717"}, (NewExamOption("MB2-715", 16500),), (("MB2-715",), 16500),
                     id="holds-a-takes-b"),
        pytest.param(set(), (NewExamOption("MB2-717", 16500), NewExamOption("MB2-715", 16500)),
                     (("MB2-717", "MB2-715"), 33000), id="holds-nothing-takes-both"),
    ],
)
def test_cheapest_cover_for_the_pair_role_gives_one_person_an_exam_from_each_list(held, options, expected):
    """The solver-free cover of the pair role adds exactly the lists the person does not hold yet."""
    cover = cheapest_cover(frozenset(held), options, None, AB_LISTS, "exams")
    assert expected == (cover.exams, cover.cost_cents)


def test_cheapest_cover_is_impossible_when_a_list_has_no_open_exam():
    """A person who holds only A and may take no B exam cannot fill the pair role."""
    assert None is cheapest_cover(frozenset({"MB2-717"}), (NewExamOption("MB2-716", 16500),), None, AB_LISTS,
                                  "exams")
