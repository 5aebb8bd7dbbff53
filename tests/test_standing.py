"""`check` gives the standing today and on the deadline, and names each pass that stops counting and each
leaver that costs a slot in between; `deadline_losses` gives `plan` that reason in words."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.explain.standing import check, deadline_losses
from planner.input.loading import load_scenario
from tests.conftest import SCENARIOS
from tests.helpers import loaded, run

# deadline 2018-06-30 (tests.helpers.scenario_dict); MB2-709 counts until 2018-12-31
ANN_AB = {"id": "ann", "passed": ["MB2-717", "MB2-715"]}
BOB_C = {"id": "bob", "passed": ["MB2-716"]}
CY_AB = {"id": "cy", "passed": ["MB2-718", "MB2-706"]}
OLD_AB = {"id": "old", "passed": ["MB2-709", "MB2-715"]}


def _losses(staff: list[dict[str, Any]], **overrides: Any) -> list[tuple[str, str, str | None, list[str]]]:
    report = check(loaded(staff, **overrides))
    return [(x.kind, x.person, x.exam, x.levels) for x in report.losses]


@pytest.mark.parametrize(("staff", "overrides", "expected"), [
    pytest.param([ANN_AB, BOB_C], {}, [], id="nothing-changes"),
    pytest.param([{**ANN_AB, "leaves_on": "2018-03-31"}, BOB_C], {},
                 [("leaves", "ann", None, ["silver", "gold"])], id="slot-holder-leaves"),
    pytest.param([{**ANN_AB, "leaves_on": "2018-03-31"}, CY_AB, BOB_C], {},
                 [("leaves", "ann", None, ["gold"])], id="leaver-with-a-spare-costs-only-gold"),
    pytest.param([{**ANN_AB, "leaves_on": "2018-07-01"}, BOB_C], {}, [], id="leaves-after-the-deadline"),
    pytest.param([{**ANN_AB, "leaves_on": "2018-06-30"}, BOB_C], {},
                 [("leaves", "ann", None, ["silver", "gold"])], id="leaves-on-the-deadline-does-not-count"),
    pytest.param([OLD_AB, BOB_C], {"deadline": "2019-01-31"},
                 [("pass_stops_counting", "old", "MB2-709", ["silver", "gold"])],
                 id="retired-pass-stops-counting"),
    pytest.param([OLD_AB, BOB_C], {"deadline": "2018-12-31"}, [], id="retired-pass-counts-on-its-last-day"),
])
def test_losses_name_each_pass_and_leaver_that_costs_a_slot(staff, overrides, expected):
    """A leaver or a pass that stops counting is named for the levels it costs a slot, and only those."""
    assert expected == _losses(staff, **overrides)


def test_check_gives_the_standing_on_the_deadline_beside_today():
    """Silver is met today and lost on the deadline when its only pair-holder leaves before it."""
    report = check(loaded([{**ANN_AB, "leaves_on": "2018-03-31"}, BOB_C]))
    today = [(lv.level, lv.met) for lv in report.levels]
    later = [(lv.level, lv.met, [s.filled for s in lv.slots]) for lv in report.levels_on_deadline]
    assert ([("silver", True), ("gold", False)], [("silver", False, [0, 1]), ("gold", False, [0, 1])]) == (
        today, later)


def test_northwind_check_names_both_mb2_709_passes():
    """Northwind holds Gold today; both its MB2-709 passes stop counting before the deadline."""
    report = check(load_scenario(SCENARIOS / "northwind-mb2-709-retirement.yaml"))
    assert ([True, True], [False, False], [("olga", "MB2-709"), ("sven", "MB2-709")]) == (
        [lv.met for lv in report.levels], [lv.met for lv in report.levels_on_deadline],
        [(x.person, x.exam) for x in report.losses])


@pytest.mark.parametrize(("staff", "level", "expected"), [
    pytest.param([{**ANN_AB, "leaves_on": "2018-03-31"}, BOB_C], "silver",
                 ["Silver is met today (2017-11-20) but not on the deadline (2018-06-30).",
                  "ann leaves on 2018-03-31, before the deadline: Silver loses a slot."], id="leaver"),
    pytest.param([ANN_AB, BOB_C], "silver", [], id="still-met"),
    pytest.param([{**ANN_AB, "leaves_on": "2018-03-31"}, BOB_C], "gold", [], id="not-met-today"),
])
def test_deadline_losses_gives_plan_its_reason(staff, level, expected):
    """The reason is given only for a level met today but not on the deadline, one sentence per loss."""
    scenario = loaded(staff)
    assert expected == deadline_losses(scenario, scenario.catalog, level)


def test_check_table_at_width_80_shows_the_deadline_and_what_is_lost():
    """The terminal table says the deadline's verdict and names the pass that stops counting."""
    result = run("check", str(SCENARIOS / "northwind-mb2-709-retirement.yaml"))
    facts = ["Gold: met today, NOT MET on the deadline (2019-03-31)",
             "Olga Ivanova's MB2-709 pass stops counting after 2018-12-31"]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in result.stdout])


def test_check_markdown_shows_the_deadline_and_the_leaver():
    """The Markdown check names the leaver under the level that loses the slot."""
    result = run("check", str(SCENARIOS / "contoso-consultant-leaves.yaml"), "-f", "markdown")
    facts = ["## Silver: met today, NOT MET on the deadline (2018-06-30)", "Alice Ciccu leaves on 2018-04-30"]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in result.stdout])


def test_losses_of_a_competency_with_options_name_the_option():
    """With options, a leaver costs the option's levels a slot, and plan's reason names the option."""
    held = ["MB2-715", "MB2-716", "MB2-717"]
    staff: list[dict[str, Any]] = [{"id": f"p{i}", "passed": held} for i in range(5)]
    staff[2] = {**staff[2], "leaves_on": "2018-02-01"}
    scenario = loaded(staff, competency="cloud-business-applications")
    option = "enterprise-customer-engagement"
    losses = [(x.kind, x.person, x.levels) for x in check(scenario).losses]
    reason = deadline_losses(scenario, scenario.catalog, "silver")
    assert ([("leaves", "p2", [f"{option}:silver", f"{option}:gold"])],
            ["Silver is met today (2017-11-20) but not on the deadline (2018-06-30).",
             f"p2 leaves on 2018-02-01, before the deadline: Silver (option {option}) loses a slot."]) == (
        losses, reason)


def _levels_by_people() -> list[Any]:
    """A scored level of 'same-or-different' people (Data & AI's, as a scenario plans it) and Cloud CRM's
    levels of 'different' people, slots counted."""
    from planner.explain.standing import _options

    scenarios = [load_scenario(SCENARIOS / f"{name}.yaml")
                 for name in ("adventure-works-data-ai-gates", "contoso-gold-push")]
    return [level for lo in scenarios for catalog in _options(lo, lo.catalog) for level in catalog.levels]


@settings(max_examples=max(20, settings.default.max_examples // 2))
@given(st.data())
def test_what_a_level_is_worth_counted_by_kinds_of_people_is_its_worth_by_matching(data: Any) -> None:
    """What a renewal holds up is a level's worth with one person's roles changed, counted from how many
    people qualify for each set of roles: the points of a largest matching (a scored level), or the slots
    filled (Hall's theorem), as a matching over every person counts them."""
    from collections import Counter

    from planner.explain.standing import _count, _filled_total, _pairs, _worth
    from planner.rules.domain import score_points

    levels = _levels_by_people()
    assert {"same-or-different", "different"} == {level.people for level in levels}
    for level in levels:
        roles = sorted(level.slots)
        qualified = data.draw(st.dictionaries(st.integers(0, 30), st.frozensets(st.sampled_from(roles),
                                                                                min_size=1)))
        org = load_scenario(SCENARIOS / "adventure-works-data-ai-gates.yaml").scenario.organization
        if level.score is not None:
            expected = sum(score_points(level, _count(_pairs(qualified, level), level), org).values())
        else:
            expected = _filled_total(qualified, level)
        assert expected == _worth(level, Counter(qualified.values()), lambda q=qualified: q, org)
