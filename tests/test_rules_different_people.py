"""Rule: every slot of a level is filled by a different person; someone holding A, B and C fills one slot."""

from __future__ import annotations

import pytest

from planner.core.matching import match_people_to_slots
from planner.core.planning import check, plan
from tests.helpers import loaded

C = {"MB2-716", "MB2-712", "MB2-707"}
EVERYTHING = ["MB2-717", "MB2-715", "MB2-716"]


def _all_rounders(n: int) -> list[dict]:
    return [{"id": f"pro{i}", "passed": EVERYTHING} for i in range(1, n + 1)]


@pytest.mark.parametrize(
    ("level", "staff", "expected"),
    [
        pytest.param("silver", _all_rounders(1), ("infeasible", None), id="silver-one-all-rounder"),
        pytest.param("silver", _all_rounders(2), ("optimal", 0), id="silver-two-all-rounders"),
        pytest.param("silver", [*_all_rounders(1), {"id": "newbie"}], ("optimal", 1),
                     id="silver-all-rounder-plus-newbie"),
        pytest.param("gold", _all_rounders(3), ("infeasible", None), id="gold-three-all-rounders"),
        pytest.param("gold", _all_rounders(4), ("optimal", 0), id="gold-four-all-rounders"),
        pytest.param("gold", [*_all_rounders(3), {"id": "newbie"}], ("optimal", 1),
                     id="gold-three-all-rounders-plus-newbie"),
    ],
)
def test_a_person_holding_a_b_and_c_fills_only_one_slot(level, staff, expected):
    """Silver needs 2 and Gold 4 different people, however many lists one person covers."""
    report = plan(loaded(staff), level)
    total = report.total_new_exams if report.status != "infeasible" else None
    assert expected == (report.status, total)


@pytest.mark.parametrize("level", ["silver", "gold"])
def test_every_slot_holder_is_a_different_person(level):
    """In a plan over all-rounders, the slot holders are as many different people as the level has slots."""
    report = plan(loaded(_all_rounders(5)), level)
    people = [a.person for a in report.assignments]
    assert ({"silver": 2, "gold": 4}[level], len(people)) == (len(set(people)), len(people))


def test_the_newbie_next_to_an_all_rounder_takes_only_a_c_exam():
    """The all-rounder fills the pair slot, so the newbie needs one customization exam, not A and B."""
    report = plan(loaded([*_all_rounders(1), {"id": "newbie"}]), "silver")
    (new,) = report.new_exams
    assert ("newbie", True) == (new.person, new.exam in C)


@pytest.mark.parametrize(
    ("level", "count", "needed"),
    [pytest.param("silver", 1, 2, id="silver"), pytest.param("gold", 3, 4, id="gold")],
)
def test_too_few_people_reason_names_both_counts(level, count, needed):
    """The infeasible answer says how many different people the level needs and how many count."""
    report = plan(loaded(_all_rounders(count)), level)
    reason = " ".join(report.reasons)
    assert f"needs {needed} different people; only {count} count" in reason


def test_standing_today_fills_one_slot_per_all_rounder():
    """`check` (no solver) counts one all-rounder in one Silver slot, leaving the other open."""
    silver = next(lv for lv in check(loaded(_all_rounders(1))).levels if lv.level == "silver")
    assert (False, 1) == (silver.exam_rules_met, sum(s.filled for s in silver.slots))


@pytest.mark.parametrize(
    ("qualified", "slots", "expected_pairs"),
    [
        pytest.param([(0, frozenset({"ab", "c"}))], {"ab": 1, "c": 1}, 1, id="one-person-two-roles"),
        pytest.param([(0, frozenset({"ab", "c"})), (1, frozenset({"c"}))], {"ab": 1, "c": 1}, 2,
                     id="flexible-person-moves-to-ab"),
        pytest.param([(i, frozenset({"ab", "c"})) for i in range(3)], {"ab": 2, "c": 2}, 3,
                     id="three-all-rounders-for-four-slots"),
    ],
)
def test_matching_never_gives_one_person_two_slots(qualified, slots, expected_pairs):
    """The solver-free matching fills as many slots as there are distinct people able to fill them."""
    pairs = match_people_to_slots(qualified, slots)
    people = [p for p, _ in pairs]
    assert (expected_pairs, expected_pairs) == (len(pairs), len(set(people)))
