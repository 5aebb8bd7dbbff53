"""The plan as a path and its odds (planner.explain.path), called directly on tiny hand-made rosters.

Cloud CRM (the scenarios' default competency) asks for Silver: one person with an application exam (list
A: MB2-717, ...) and a deployment exam (list B: MB2-715, ...), and another with a customization exam (list
C: MB2-716, MB2-712, ...); Gold: two of each, all four different people. Every number below is worked out
by hand from those rules and the costs each test gives.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from models.catalog import Catalog
from models.report import LevelMet, NewExam, ScheduledExam
from models.scenario import Person
from planner.explain.path import (
    MAX_EXAMS_FOR_EXACT_ODDS,
    expected_cost_usd,
    goals_path,
    plan_path,
    probability_all_pass,
    probability_goals_met,
    probability_level_met,
)
from planner.input.loading import LoadedScenario
from tests.helpers import loaded

ABE = {"id": "abe", "passed": ["MB2-717", "MB2-715"]}  # application + deployment held
CARL = {"id": "carl", "passed": ["MB2-716"]}  # customization held
DEE = {"id": "dee", "passed": ["MB2-715"]}  # deployment held: one application exam makes a pair
BOB = {"id": "bob"}
CY = {"id": "cy"}
NO_ORDER: dict[str, int] = {}


def _exam(person: str, code: str, *, renewal: bool | None = None, cost_usd: float = 0.0) -> NewExam:
    return NewExam(person=person, exam=code, cost_usd=cost_usd, renewal=renewal)


def _steps(path: list[Any]) -> list[tuple[str, str]]:
    return [(s.person, s.exam) for s in path]


def _met(met: list[LevelMet]) -> list[tuple[str, int]]:
    return [(m.level, m.after_step) for m in met]


def _people(ld: LoadedScenario, hires: dict[str, Person] | None = None) -> dict[str, Person]:
    return {p.id: p for p in ld.scenario.staff} | (hires or {})


def _path(ld: LoadedScenario, level: str, new_exams: list[NewExam], *,
          schedule: list[ScheduledExam] | None = None, hires: dict[str, Person] | None = None,
          order: dict[str, int] | None = None, dated: bool = False):
    return plan_path(ld.scenario, ld.catalog, ld.catalog.level(level), new_exams, schedule or [],
                     hires or {}, order or NO_ORDER, dated=dated)


def _odds(ld: LoadedScenario, level: str, new_exams: list[NewExam],
          hires: dict[str, Person] | None = None) -> float | None:
    return probability_level_met(ld.scenario, ld.catalog, ld.catalog.level(level), new_exams, hires or {})


def _rates(by_exam: dict[str, float]) -> dict[str, Any]:
    """Costs with a pass rate per exam code."""
    return {"exams": {code: {"pass_rate": rate} for code, rate in by_exam.items()}}


def _one_role_catalog(cid: str, code: str, levels: dict[str, int]) -> Catalog:
    """A competency whose only role is holding `code`; each level asks for that many such people."""
    return Catalog.model_validate({
        "catalog_version": 1, "id": cid, "name": cid, "revision": "2017-01-01",
        "exams": [{"code": code, "title": code}],
        "lists": [{"id": "only", "name": "only", "exams": [code]}],
        "roles": [{"id": "holder", "lists": ["only"]}],
        "levels": [{"id": lid, "name": lid, "slots": {"holder": n}} for lid, n in levels.items()],
    })


# ---- the order of the steps and the step that meets each level ------------------------------------------

def test_path_puts_the_exam_that_meets_silver_before_the_gold_only_exams():
    """Without a calendar, the one exam that gives Silver its customizer (bob's) comes first, though the
    plan lists dee's first; Silver is met after step 1 and Gold after step 3."""
    ld = loaded([ABE, DEE, BOB, CY])
    new = [_exam("dee", "MB2-717"), _exam("bob", "MB2-716"), _exam("cy", "MB2-716")]
    path, met = _path(ld, "gold", new)
    assert [("bob", "MB2-716"), ("dee", "MB2-717"), ("cy", "MB2-716")] == _steps(path)
    assert [("silver", 1), ("gold", 3)] == _met(met)
    assert [["silver"], [], ["gold"]] == [s.meets for s in path]
    assert [1, 2, 3] == [s.step for s in path]


@pytest.mark.parametrize(
    ("order", "expected_first"),
    [pytest.param({"MB2-716": 0, "MB2-712": 1}, ("bob", "MB2-716"), id="MB2-716-preferred"),
     pytest.param({"MB2-712": 0, "MB2-716": 1}, ("cy", "MB2-712"), id="MB2-712-preferred")],
)
def test_path_takes_the_preferred_exam_first_when_either_meets_silver(order, expected_first):
    """Two customization exams each meet Silver alone: the exam order the plan prefers decides which
    comes first."""
    ld = loaded([ABE, BOB, CY])
    path, met = _path(ld, "silver", [_exam("cy", "MB2-712"), _exam("bob", "MB2-716")], order=order)
    assert expected_first == _steps(path)[0]
    assert [("silver", 1)] == _met(met)


def test_level_held_today_is_met_after_step_zero_and_only_levels_up_to_the_target_are_named():
    """abe and carl fill Silver today: Silver is met after step 0; a Silver plan names no Gold."""
    ld = loaded([ABE, CARL])
    path, met = _path(ld, "silver", [])
    assert ([], [("silver", 0)]) == (path, _met(met))


def test_level_not_met_by_the_plan_is_not_listed():
    """One customization exam for a Gold plan meets Silver but leaves Gold's second pair open: only
    Silver is listed."""
    ld = loaded([ABE, BOB])
    _, met = _path(ld, "gold", [_exam("bob", "MB2-716")])
    assert [("silver", 1)] == _met(met)


# ---- with a calendar ---------------------------------------------------------------------------------

def test_with_a_calendar_a_level_is_met_only_once_its_month_is_done():
    """cy's January exam alone would meet Silver, but dee also takes one in January: Silver is met after
    step 2 (by 31 January), Gold after bob's February exam (by 28 February)."""
    ld = loaded([ABE, DEE, BOB, CY])
    new = [_exam("bob", "MB2-716"), _exam("cy", "MB2-716"), _exam("dee", "MB2-717")]
    schedule = [ScheduledExam(person="bob", exam="MB2-716", month="2018-02"),
                ScheduledExam(person="cy", exam="MB2-716", month="2018-01"),
                ScheduledExam(person="dee", exam="MB2-717", month="2018-01")]
    path, met = _path(ld, "gold", new, schedule=schedule)
    assert [("cy", "MB2-716", "2018-01"), ("dee", "MB2-717", "2018-01"), ("bob", "MB2-716", "2018-02")] == [
        (s.person, s.exam, s.month) for s in path]
    assert [[], ["silver"], ["gold"]] == [s.meets for s in path]
    assert [LevelMet(level="silver", after_step=2, by=dt.date(2018, 1, 31)),
            LevelMet(level="gold", after_step=3, by=dt.date(2018, 2, 28))] == met


def test_with_a_calendar_the_day_a_level_is_met_is_never_after_the_deadline():
    """An exam booked in the deadline's month meets Silver by the deadline (15 June), not by 30 June."""
    ld = loaded([ABE, BOB], deadline="2018-06-15")
    schedule = [ScheduledExam(person="bob", exam="MB2-716", month="2018-06")]
    _, met = _path(ld, "silver", [_exam("bob", "MB2-716")], schedule=schedule)
    assert [LevelMet(level="silver", after_step=1, by=dt.date(2018, 6, 15))] == met


@pytest.mark.parametrize(("dated", "expected_by"), [(True, dt.date(2017, 11, 20)), (False, None)],
                         ids=["dated-as-of", "undated-none"])
def test_level_met_today_is_dated_as_of_only_when_the_plan_has_a_calendar(dated, expected_by):
    """A level met before any step is met on as_of (2017-11-20) when the plan is dated, else undated."""
    ld = loaded([ABE, CARL])
    _, met = _path(ld, "silver", [], dated=dated)
    assert [LevelMet(level="silver", after_step=0, by=expected_by)] == met


# ---- hires and renewals ------------------------------------------------------------------------------

def test_a_hire_who_holds_customization_meets_silver_when_joining():
    """A hired customizer beside abe fills Silver with no new exam, once the hire joins (step 1, the path's
    only step); without the hire nothing is met."""
    ld = loaded([ABE])
    hire = {"hire-1": Person.model_validate({"id": "hire-1", "passed": ["MB2-716"]})}
    path, met = _path(ld, "silver", [], hires=hire)
    assert ([("hire-1", None)], [("silver", 1)]) == (_steps(path), _met(met))
    assert [] == _met(_path(ld, "silver", [])[1])


def test_a_hire_can_take_the_new_exam_that_makes_a_pair():
    """A hire holding MB2-715 who joins (step 1) and takes MB2-717 (step 2) becomes the
    application+deployment person: Silver after step 2, and the hire's exam counts toward the odds at its
    pass rate (0.6)."""
    ld = loaded([CARL], costs=_rates({"MB2-717": 0.6}))
    hire = {"hire-1": Person.model_validate({"id": "hire-1", "passed": ["MB2-715"]})}
    new = [_exam("hire-1", "MB2-717")]
    path, met = _path(ld, "silver", new, hires=hire)
    assert ([("hire-1", None), ("hire-1", "MB2-717")], [("silver", 2)]) == (_steps(path), _met(met))
    assert pytest.approx(0.6) == _odds(ld, "silver", new, hire)


def test_a_renewal_keeps_an_expiring_customizer_counting_on_the_deadline():
    """carl's MB2-716 expires on 2018-03-01, before the deadline: Silver is not met without renewing it,
    and is met after the renewal step."""
    carl = {"id": "carl", "passed": [{"exam": "MB2-716", "date": "2017-03-01", "expires": "2018-03-01"}]}
    ld = loaded([ABE, carl])
    assert [] == _met(_path(ld, "silver", [])[1])
    path, met = _path(ld, "silver", [_exam("carl", "MB2-716", renewal=True)])
    assert ([("carl", "MB2-716")], [("silver", 1)]) == (_steps(path), _met(met))


# ---- several goals -----------------------------------------------------------------------------------

ALPHA = _one_role_catalog("alpha", "MB2-716", {"one": 1})  # one person with MB2-716
BETA = _one_role_catalog("beta", "MB2-717", {"one": 1, "two": 2})  # one, then two people with MB2-717


def _goals(*goals: tuple[Catalog, str]) -> list[tuple[str, Catalog, Any]]:
    return [(f"{c.id}:{lv}", c, c.level(lv)) for c, lv in goals]


def test_several_goals_are_met_in_turn_each_after_as_few_steps_as_possible():
    """alpha's exam (cy's MB2-716) comes before beta's though the plan lists it last; each goal's levels
    are labelled 'competency:level', beta's lower level too."""
    ld = loaded([BOB, CY, DEE])
    new = [_exam("bob", "MB2-717"), _exam("dee", "MB2-717"), _exam("cy", "MB2-716")]
    path, met = goals_path(ld.scenario, _goals((ALPHA, "one"), (BETA, "two")), new, [], {}, NO_ORDER,
                           labelled=True)
    assert [("cy", "MB2-716"), ("bob", "MB2-717"), ("dee", "MB2-717")] == _steps(path)
    assert [("alpha:one", 1), ("beta:one", 2), ("beta:two", 3)] == _met(met)


def test_one_unlabelled_goal_is_the_plan_path_of_its_level():
    """goals_path with one goal and no labels gives plan_path's steps and plain level ids."""
    ld = loaded([ABE, DEE, BOB, CY])
    new = [_exam("dee", "MB2-717"), _exam("bob", "MB2-716"), _exam("cy", "MB2-716")]
    gold = ld.catalog.level("gold")
    expected = _path(ld, "gold", new)
    assert expected == goals_path(ld.scenario, [("cloud-crm:gold", ld.catalog, gold)], new, [], {},
                                  NO_ORDER)


def test_chance_several_goals_are_met_multiplies_independent_goals_with_a_spare_for_one():
    """alpha is met unless both MB2-716 attempts fail (1 - 0.2 x 0.2 = 0.96), beta needs bob's MB2-717
    (0.5): both 0.96 x 0.5 = 0.48."""
    ld = loaded([BOB, CY, DEE], costs=_rates({"MB2-716": 0.8, "MB2-717": 0.5}))
    new = [_exam("cy", "MB2-716"), _exam("dee", "MB2-716"), _exam("bob", "MB2-717")]
    chance = probability_goals_met(ld.scenario, _goals((ALPHA, "one"), (BETA, "one")), new, {})
    assert pytest.approx(0.48) == chance


def test_chance_one_goal_is_met_is_that_of_its_level():
    """With one goal probability_goals_met is probability_level_met of its level: 0.8 x 0.5 = 0.4."""
    ld = loaded([DEE, BOB], costs=_rates({"MB2-717": 0.8, "MB2-716": 0.5}))
    new = [_exam("dee", "MB2-717"), _exam("bob", "MB2-716")]
    silver = ld.catalog.level("silver")
    chance = probability_goals_met(ld.scenario, [("cloud-crm:silver", ld.catalog, silver)], new, {})
    assert pytest.approx(0.4) == chance


# ---- the odds ----------------------------------------------------------------------------------------

def test_chance_all_pass_is_the_product_of_the_pass_rates():
    """Two first attempts at 0.8 and 0.5: both pass with chance 0.8 x 0.5 = 0.4."""
    ld = loaded([DEE, BOB], costs=_rates({"MB2-717": 0.8, "MB2-716": 0.5}))
    new = [_exam("dee", "MB2-717"), _exam("bob", "MB2-716")]
    assert pytest.approx(0.4) == probability_all_pass(ld.scenario, _people(ld), new)


@pytest.mark.parametrize(
    ("factor", "expected"),
    [pytest.param(0.5, 0.4, id="half-of-0.8"), pytest.param(2.0, 1.0, id="capped-at-1")],
)
def test_chance_all_pass_uses_the_persons_pass_factor_capped_at_one(factor, expected):
    """A person's pass_factor multiplies the exam's rate 0.8 (x 0.5 = 0.4), never above 1 (x 2 = 1)."""
    ld = loaded([{**DEE, "pass_factor": factor}], costs=_rates({"MB2-717": 0.8}))
    new = [_exam("dee", "MB2-717")]
    assert pytest.approx(expected) == probability_all_pass(ld.scenario, _people(ld), new)


def test_a_renewal_is_passed_for_certain_whatever_the_pass_rate():
    """A renewal assessment can be retaken until the certification expires: its chance is 1, so only
    bob's exam (0.5) is uncertain."""
    carl = {"id": "carl", "passed": [{"exam": "MB2-716", "date": "2017-03-01", "expires": "2018-03-01"}]}
    ld = loaded([carl, BOB], costs={"pass_rate": 0.5})
    new = [_exam("carl", "MB2-716", renewal=True), _exam("bob", "MB2-716")]
    assert pytest.approx(0.5) == probability_all_pass(ld.scenario, _people(ld), new)


def test_chance_level_met_needs_both_exams_when_there_is_no_spare():
    """Silver needs dee's MB2-717 (0.8) and bob's MB2-716 (0.5): met with chance 0.4, as all pass."""
    ld = loaded([DEE, BOB], costs=_rates({"MB2-717": 0.8, "MB2-716": 0.5}))
    assert pytest.approx(0.4) == _odds(ld, "silver", [_exam("dee", "MB2-717"), _exam("bob", "MB2-716")])


def test_a_spare_customizer_raises_the_chance_silver_is_met_and_lowers_the_chance_all_pass():
    """With abe holding the pair, Silver needs one of bob's and cy's MB2-716 (0.5 each): 1 - 0.5 x 0.5 =
    0.75, up from 0.5 with bob alone; every exam passing falls to 0.25."""
    ld = loaded([ABE, BOB, CY], costs={"pass_rate": 0.5})
    alone = [_exam("bob", "MB2-716")]
    spare = [*alone, _exam("cy", "MB2-716")]
    assert pytest.approx(0.5) == _odds(ld, "silver", alone)
    assert pytest.approx(0.75) == _odds(ld, "silver", spare)
    assert pytest.approx(0.25) == probability_all_pass(ld.scenario, _people(ld), spare)


def test_chance_level_met_is_one_when_the_level_is_met_already():
    """abe and carl hold Silver: a spare exam that may fail (0.1) does not change that."""
    ld = loaded([ABE, CARL, BOB], costs={"pass_rate": 0.1})
    assert pytest.approx(1.0) == _odds(ld, "silver", [_exam("bob", "MB2-716")])


def test_chance_level_met_is_not_computed_beyond_the_exact_limit():
    """One exam more than MAX_EXAMS_FOR_EXACT_ODDS is too many outcomes to enumerate: None."""
    count = MAX_EXAMS_FOR_EXACT_ODDS + 1
    ld = loaded([ABE] + [{"id": f"p{i}"} for i in range(count)])
    new = [_exam(f"p{i}", "MB2-716") for i in range(count)]
    assert _odds(ld, "silver", new) is None
    assert probability_goals_met(ld.scenario, _goals((ALPHA, "one"), (BETA, "one")), new, {}) is None


def test_expected_cost_pays_the_fee_once_per_attempt_and_the_preparation_once():
    """Fee US$100 at pass rate 0.5 (two attempts on average: US$200) plus 10 hours at US$20 (US$200) is
    US$400 an exam; two such exams and a US$3,000 hire: US$3,800."""
    costs = {"exam_fee_usd": 100, "prep_hours": 10, "hourly_rate_usd": 20, "pass_rate": 0.5}
    ld = loaded([DEE, BOB], costs=costs)
    new = [_exam("dee", "MB2-717"), _exam("bob", "MB2-716")]
    assert 3800.0 == expected_cost_usd(ld.scenario, _people(ld), new, 3000.0)


def test_expected_cost_is_rounded_to_cents():
    """Fee US$100 at pass rate 0.3 is 100 / 0.3 = US$333.33 expected (no preparation cost)."""
    ld = loaded([BOB], costs={"exam_fee_usd": 100, "prep_hours": 0, "pass_rate": 0.3})
    assert 333.33 == expected_cost_usd(ld.scenario, _people(ld), [_exam("bob", "MB2-716")], 0.0)


def test_expected_cost_of_a_renewal_is_its_cost_without_retakes():
    """A renewal costs what the plan says (US$25) whatever the pass rate; bob's exam at fee US$100 and
    rate 0.5 adds US$200."""
    carl = {"id": "carl", "passed": [{"exam": "MB2-716", "date": "2017-03-01", "expires": "2018-03-01"}]}
    ld = loaded([carl, BOB], costs={"exam_fee_usd": 100, "pass_rate": 0.5})
    new = [_exam("carl", "MB2-716", renewal=True, cost_usd=25.0), _exam("bob", "MB2-716")]
    assert 225.0 == expected_cost_usd(ld.scenario, _people(ld), new, 0.0)
