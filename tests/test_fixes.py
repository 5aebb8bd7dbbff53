"""When a level cannot be reached: the facts that block it, and the cheapest changes that fix it.

Every proposed fix is applied here to the scenario mapping itself (not through the planner's own
lifting code), the scenario is loaded again and re-planned, and the level must then be reachable with
the exams and cost the fix promised.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from models.report import Fix
from planner.core.planning import plan
from planner.input.loading import load_scenario
from tests.conftest import SCENARIOS
from tests.helpers import loaded, scenario_dict

# A new exam costs US$100 plus 10 hours at the person's hourly rate (default 0).
COSTS = {"exam_fee_usd": 100, "prep_hours": 10, "hourly_rate_usd": 0}
SHORT_REVENUE = {"market": "developed", "revenue_usd": 250000, "dpor": True}  # Gold: US$50,000 short
NO_DPOR = {"market": "developed", "revenue_usd": 500000, "dpor": False}

# Gold on 2017-12-31 needs 4 people; only pat, cu and dee can fill a slot. kai (a pair) leaves on
# 2017-12-15; lara holds MB2-715 and may take only MB2-877, which opens on 2018-01-01; mo holds
# MB2-714 but may take no new exam. Each fact alone blocks one way to a fourth person.
RENEWAL = scenario_dict(
    [{"id": "pat", "passed": ["MB2-717", "MB2-715"]},
     {"id": "kai", "passed": ["MB2-718", "MB2-706"], "leaves_on": "2017-12-15"},
     {"id": "lara", "passed": ["MB2-715"], "can_take": ["MB2-877"]},
     {"id": "mo", "passed": ["MB2-714"], "max_new_exams": 0, "hourly_rate_usd": 5},
     {"id": "cu", "passed": ["MB2-716"]},
     {"id": "dee", "passed": ["MB2-712"]}],
    deadline="2017-12-31", costs=COSTS,
)

# Silver's customization slot: mel may take no new exam (US$150 if she could), lou may take none of
# the customization exams (US$100 if he could), kim holds MB2-716 but leaves before the deadline.
ONE_SLOT_THREE_WAYS = scenario_dict(
    [{"id": "ann", "passed": ["MB2-717", "MB2-715"], "can_take": []},
     {"id": "mel", "max_new_exams": 0, "hourly_rate_usd": 5},
     {"id": "lou", "can_take": ["MB2-717"]},
     {"id": "kim", "passed": ["MB2-716"], "leaves_on": "2018-05-31"}],
    costs=COSTS,
)

# Silver's pair costs US$400 (dan, two exams at US$200) but the budget is US$399.99.
OVER_BUDGET = scenario_dict(
    [{"id": "carol", "passed": ["MB2-716"], "can_take": []}, {"id": "dan", "hourly_rate_usd": 10}],
    costs=COSTS, policy={"budget_usd": 399.99},
)

# Silver's customization slot can only be filled by a hire, and the hiring list allows none.
HIRE_NONE_ALLOWED = scenario_dict(
    [{"id": "ann", "passed": ["MB2-717", "MB2-715"], "can_take": []}],
    costs=COSTS, hiring=[{"profile": "customizer", "passed": ["MB2-716"], "cost_usd": 3000, "max": 0}],
)

# Silver's exam rules are met, but Gold's revenue gate and DPOR fail; and kai, Gold's fourth person, leaves.
GATES_AND_A_LEAVER = scenario_dict(
    [{"id": "ann", "passed": ["MB2-717", "MB2-715"]}, {"id": "abe", "passed": ["MB2-718", "MB2-710"]},
     {"id": "bob", "passed": ["MB2-716"]}, {"id": "kai", "passed": ["MB2-712"], "leaves_on": "2018-01-31"}],
    costs=COSTS, organization={"market": "developed", "revenue_usd": 250000, "dpor": False},
)

CASES = {
    "renewal": (RENEWAL, "gold"),
    "one-slot-three-ways": (ONE_SLOT_THREE_WAYS, "silver"),
    "over-budget": (OVER_BUDGET, "silver"),
    "hire-none-allowed": (HIRE_NONE_ALLOWED, "silver"),
    "gates-and-a-leaver": (GATES_AND_A_LEAVER, "gold"),
}


def _load(d: dict[str, Any]):
    return loaded(d["staff"], **{k: v for k, v in d.items() if k != "staff"})


def _report(case: str, objective: str = "exams"):
    d, level = CASES[case]
    return plan(_load(d), level, objective)  # type: ignore[arg-type]


def _summary(fixes: list[Fix]) -> list[tuple]:
    return [(f.option, f.kind, f.person, f.total_new_exams, f.total_cost_usd) for f in fixes]


def apply(d: dict[str, Any], fixes: list[Fix]) -> dict[str, Any]:
    """The scenario mapping with the fixes applied, edited the way a person would edit the file."""
    d = copy.deepcopy(d)
    people = {p["id"]: p for p in d["staff"]}
    for f in fixes:
        if f.kind == "keep_person":
            del people[f.person]["leaves_on"]
        elif f.kind == "lift_can_take":
            del people[f.person]["can_take"]
        elif f.kind == "lift_max_new_exams":
            del people[f.person]["max_new_exams"]
        elif f.kind == "later_deadline":
            d["deadline"] = f.deadline.isoformat()
        elif f.kind == "hire":
            for profile in d["hiring"]:
                profile["max"] += 4  # "allow hiring more": as many as Gold has slots
        elif f.kind == "budget":
            d["policy"]["budget_usd"] += f.amount_usd
        elif f.kind == "revenue":
            d["organization"]["revenue_usd"] += f.amount_usd
        elif f.kind == "dpor":
            d["organization"]["dpor"] = True
    return d


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        pytest.param("renewal", [(1, "keep_person", "kai", 0, 0.0), (2, "lift_can_take", "lara", 1, 100.0),
                                 (3, "lift_max_new_exams", "mo", 1, 150.0),
                                 (4, "later_deadline", None, 1, 100.0)], id="renewal-keep-lift-lift-later"),
        pytest.param("one-slot-three-ways", [(1, "keep_person", "kim", 0, 0.0),
                                             (2, "lift_can_take", "lou", 1, 100.0),
                                             (3, "lift_max_new_exams", "mel", 1, 150.0)],
                     id="cheapest-first-not-roster-order"),
        pytest.param("over-budget", [(1, "budget", None, 2, 400.0)], id="budget"),
        pytest.param("hire-none-allowed", [(1, "hire", None, 0, 3000.0)], id="hire"),
        pytest.param("gates-and-a-leaver", [(1, "keep_person", "kai", 0, 0.0),
                                            (0, "revenue", None, None, None), (0, "dpor", None, None, None)],
                     id="gates-are-option-0"),
    ],
)
def test_fixes_are_listed_fewest_changes_then_cheapest_first(case, expected):
    """The fixes, worked out by hand: fewest exams first, then the cheapest, and failing gates as option 0."""
    assert expected == _summary(_report(case).fixes)


@pytest.mark.parametrize("objective", ["exams", "cost"])
@pytest.mark.parametrize("case", list(CASES))
def test_each_fix_applied_to_the_scenario_makes_the_level_reachable_as_promised(case, objective):
    """Every option (with option 0, the gates), applied to the file's data and re-planned, reaches the
    level with the exams and cost the fix states."""
    d, level = CASES[case]
    report = _report(case, objective)
    gates = [f for f in report.fixes if f.option == 0]
    options = sorted({f.option for f in report.fixes} - {0})
    outcomes, promised = [], []
    for option in options or [None]:
        chosen = [f for f in report.fixes if f.option == option]
        fixed = apply(d, gates + chosen)
        again = plan(_load(fixed), level, objective)  # type: ignore[arg-type]
        outcomes.append((again.reachable, again.total_new_exams, again.total_cost_usd))
        promised.append((True, chosen[0].total_new_exams, chosen[0].total_cost_usd) if chosen else
                        (True, report.total_new_exams, report.total_cost_usd))
    assert promised == outcomes


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        pytest.param("renewal", "even with every other limit lifted, these facts together keep Gold out of "
                     "reach: kai leaves on 2017-12-15; lara may take only MB2-877; mo may take no new exams",
                     id="three-facts"),
        pytest.param("one-slot-three-ways", "even with every other limit lifted, these facts together keep "
                     "Silver out of reach: mel may take no new exams; lou may take only MB2-717; "
                     "kim leaves on 2018-05-31", id="roster-order"),
        pytest.param("over-budget", "even with every other limit lifted, these facts together keep Silver "
                     "out of reach: the budget is US$399.99", id="budget"),
    ],
)
def test_blocking_facts_are_named_in_the_reasons(case, expected):
    """The reasons name exactly the changeable facts that together make the level impossible."""
    assert True is (expected in _report(case).reasons)


def test_fact_that_does_not_block_is_not_named_among_the_blocking_facts():
    """ann's empty can_take does not stand in the way (she fills the other slot as she is): it is not one
    of the blocking facts, while kim's departure is."""
    (facts,) = [r for r in _report("one-slot-three-ways").reasons if "facts together keep" in r]
    assert (False, True) == ("ann" in facts, "kim leaves on 2018-05-31" in facts)


@pytest.mark.parametrize(
    ("organization", "expected"),
    [
        pytest.param(SHORT_REVENUE, [("revenue", 0, 50000.0)], id="revenue-short"),
        pytest.param(NO_DPOR, [("dpor", 0, None)], id="no-dpor"),
        pytest.param({**SHORT_REVENUE, "dpor": False}, [("revenue", 0, 50000.0), ("dpor", 0, None)],
                     id="both"),
    ],
)
def test_failing_gate_is_option_0_with_the_missing_revenue(organization, expected):
    """Gold's exam rules are met; a failing gate is a fix needed whatever else, with the US$ still missing."""
    staff = [{"id": "ann", "passed": ["MB2-717", "MB2-715"]}, {"id": "abe", "passed": ["MB2-718", "MB2-710"]},
             {"id": "bob", "passed": ["MB2-716"]}, {"id": "bea", "passed": ["MB2-712"]}]
    report = plan(loaded(staff, organization=organization), "gold")
    assert (False, expected) == (report.reachable, [(f.kind, f.option, f.amount_usd) for f in report.fixes])


def test_revenue_fix_reads_as_advice():
    """The revenue fix says how much more revenue, over which period, and the threshold."""
    staff = [{"id": "ann", "passed": ["MB2-717", "MB2-715"]}, {"id": "bob", "passed": ["MB2-716"]}]
    (fix,) = plan(loaded(staff, organization={**SHORT_REVENUE, "revenue_usd": 60000}), "silver").fixes
    assert "US$40,000 more revenue in the trailing twelve months (the Silver threshold is US$100,000)" == \
        fix.change


def test_budget_fix_raises_the_budget_to_the_cheapest_plan_not_to_the_fewest_exams_plan():
    """ed's one exam costs US$1,000, dan's two US$400: US$399.99 needs US$0.01 more, not US$600.01."""
    staff = [{"id": "carol", "passed": ["MB2-716"], "can_take": []},
             {"id": "ed", "passed": ["MB2-717"], "hourly_rate_usd": 90}, {"id": "dan", "hourly_rate_usd": 10}]
    (fix,) = plan(loaded(staff, costs=COSTS), "silver", budget_usd=399.99).fixes
    assert ("raise the budget to US$400 (US$0.01 more)", 0.01, 2, 400.0) == (
        fix.change, fix.amount_usd, fix.total_new_exams, fix.total_cost_usd)


def test_reachable_level_proposes_no_fixes():
    """A reachable level has nothing to fix."""
    staff = [{"id": "ann", "passed": ["MB2-717", "MB2-715"]}, {"id": "bob", "passed": ["MB2-716"]}]
    assert [] == plan(loaded(staff), "silver").fixes


def test_fixes_can_be_turned_off():
    """plan(..., fixes=False) names no fixes and no blocking facts, only why the level is out of reach."""
    d, level = CASES["renewal"]
    report = plan(_load(d), level, fixes=False)
    assert ([], False) == (report.fixes, any("facts together keep" in r for r in report.reasons))


def test_proseware_scenario_fixes_read_as_its_header_says():
    """The shipped Proseware scenario: keep kai, let lara take MB2-717, let mo take an exam, or wait until
    MB2-877 opens on 2018-01-01 (see the file's header)."""
    report = plan(load_scenario(SCENARIOS / "proseware-impossible-with-fixes.yaml"), "gold")
    assert [(1, "keep_person", "kai", 0, 0.0), (2, "lift_can_take", "lara", 1, 1765.0),
            (3, "lift_max_new_exams", "mo", 1, 2565.0), (4, "later_deadline", None, 1, 1765.0)] == \
        _summary(report.fixes)
    assert dt.date(2018, 1, 1) == report.fixes[-1].deadline
