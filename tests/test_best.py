"""`best`: the highest level a budget reaches, its plan, and how far the next level up falls short."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.core.planning import best
from planner.input.loading import load_scenario
from planner.report.best import best_lines
from tests.conftest import SCENARIOS
from tests.helpers import loaded, scenario_dict

# Every exam costs the default US$165. ann pairs A and B, bob holds C: Silver is met with no exam.
# Gold needs one more pair (cy: MB2-717 + MB2-715, US$330) and one more customizer (dee: US$165):
# its cheapest plan costs US$495.
SILVER_TODAY = [{"id": "ann", "passed": ["MB2-717", "MB2-715"]}, {"id": "bob", "passed": ["MB2-716"]},
                {"id": "cy"}, {"id": "dee"}]
NEXT_LEVEL_FIELDS = ("level", "slots", "slots_filled_within_budget", "open_slots", "cheapest_cost_usd",
                     "extra_usd_needed")


def _next(report) -> tuple | None:
    n = report.next_level
    return None if n is None else tuple(getattr(n, f) for f in NEXT_LEVEL_FIELDS)


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        pytest.param(None, ("gold", 495.0, None), id="no-budget-gold"),
        pytest.param(495, ("gold", 495.0, None), id="exactly-gold"),
        # US$494: ann, bob and dee's C fill 3 of Gold's 4 slots; the pair needs US$330 more than is left.
        pytest.param(494, ("silver", 0.0, ("gold", 4, 3, 1, 495.0, 1.0)), id="a-dollar-short-of-gold"),
        # US$330 buys the pair or the customizer, not both: 3 slots.
        pytest.param(330, ("silver", 0.0, ("gold", 4, 3, 1, 495.0, 165.0)), id="pair-or-customizer"),
        # US$164 buys no exam: only ann and bob fill Gold slots.
        pytest.param(164, ("silver", 0.0, ("gold", 4, 2, 2, 495.0, 331.0)), id="no-exam-affordable"),
        pytest.param(0, ("silver", 0.0, ("gold", 4, 2, 2, 495.0, 495.0)), id="zero-budget"),
    ],
)
def test_best_is_the_highest_level_within_the_budget_with_the_next_levels_shortfall(budget, expected):
    """best picks Gold when US$495 is there, else Silver, with Gold's open slots and missing money."""
    report = best(loaded(SILVER_TODAY), budget)
    cost = None if report.plan is None else report.plan.total_cost_usd
    assert expected == (report.best_level, cost, _next(report))


def test_best_when_no_level_fits_the_budget_reports_the_lowest_level_short():
    """Nobody holds anything: Silver costs US$495 (a pair and a customizer) and US$100 fills no slot."""
    report = best(loaded([{"id": "cy"}, {"id": "dee"}, {"id": "eve"}]), 100)
    assert (None, None, ("silver", 2, 0, 2, 495.0, 395.0)) == (report.best_level, report.plan, _next(report))


def test_best_plan_is_the_best_levels_plan_under_the_budget():
    """The plan inside best is the best level's plan under the budget: US$200 buys Silver's customizer
    (cy, MB2-716, US$165), not Gold's pair and two customizers."""
    staff = [{"id": "ann", "passed": ["MB2-717", "MB2-715"]}, {"id": "cy"}, {"id": "dee"}]
    report = best(loaded(staff), 200)
    new = [(e.person, e.exam) for e in report.plan.new_exams]
    assert ("silver", "silver", 200.0, [("cy", "MB2-716")]) == (report.best_level, report.plan.level,
                                                                report.plan.budget_usd, new)


def test_best_next_level_blocked_by_revenue_names_the_gap_not_money():
    """With US$200,000 of revenue Gold's exam rules cost US$495 but its revenue gate is US$100,000 short."""
    org = {"market": "developed", "revenue_usd": 200000, "dpor": True}
    report = best(loaded(SILVER_TODAY, organization=org))
    revenue = next(g for g in report.next_level.gates if g.name == "revenue")
    assert ("silver", ("gold", 4, None, None, 495.0, None), 100000.0) == (
        report.best_level, _next(report), revenue.gap_usd)
    assert True is any("US$100,000 short" in r for r in report.next_level.reasons)


def test_best_uses_the_policy_budget_and_still_prices_the_next_level_without_it():
    """policy.budget_usd 494 gives Silver; Gold's cheapest plan (any budget) is US$495, US$1 more."""
    report = best(loaded(SILVER_TODAY, policy={"budget_usd": 494}))
    assert (494.0, "silver", ("gold", 4, 3, 1, 495.0, 1.0)) == (report.budget_usd, report.best_level,
                                                                _next(report))


def test_best_budget_argument_overrides_the_policy_budget():
    """A budget of US$495 passed in replaces the policy's US$100 and reaches Gold."""
    report = best(loaded(SILVER_TODAY, policy={"budget_usd": 100}), 495)
    assert (495.0, "gold", None) == (report.budget_usd, report.best_level, report.next_level)


def test_best_with_resilience_counts_the_slots_filled_not_the_spares():
    """Resilience 1: Silver needs spares (cy's pair, US$330, and ann's MB2-716, US$165); US$100 buys none,
    yet ann and bob still fill both of Silver's slots: 2 filled, 0 open, US$395 missing."""
    report = best(loaded(SILVER_TODAY[:3], policy={"resilience": 1}), 100)
    assert (None, ("silver", 2, 2, 0, 495.0, 395.0)) == (report.best_level, _next(report))


def test_tailspin_budget_scenario_reaches_silver_and_is_1895_short_of_gold():
    """The shipped Tailspin scenario: US$3,000 reaches Silver (vic, US$1,125); Gold fills 3 of 4 slots and
    its cheapest plan, US$4,895, is US$1,895 over the budget (see the file's header)."""
    report = best(load_scenario(SCENARIOS / "tailspin-budget.yaml"))
    new = [(e.person, e.exam, e.cost_usd) for e in report.plan.new_exams]
    assert ("silver", [("vic", "MB2-716", 1125.0)], ("gold", 4, 3, 1, 4895.0, 1895.0)) == (
        report.best_level, new, _next(report))


# ---- the CLI ---------------------------------------------------------------------------------------------

BEST_KEYS = ["scenario", "competency", "budget_usd", "objective", "best_level", "plan", "next_level", "stats"]


def _write(tmp_path: Path, staff: list[dict[str, Any]]) -> str:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(scenario_dict(staff), sort_keys=False), encoding="utf-8")
    return str(path)


def _run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "PLANNER_DEBUG": None})


@pytest.mark.parametrize(
    ("staff", "budget", "expected"),
    [
        pytest.param(SILVER_TODAY, [], (0, "gold"), id="gold-without-budget"),
        pytest.param(SILVER_TODAY, ["--budget", "494"], (0, "silver"), id="silver-within-budget"),
        pytest.param([{"id": "cy"}, {"id": "dee"}], ["--budget", "100"], (1, None),
                     id="nothing-within-budget"),
        pytest.param([{"id": "cy", "can_take": []}], [], (1, None), id="nothing-at-all"),
    ],
)
def test_cli_best_exits_0_when_some_level_is_reachable_else_1(tmp_path, staff, budget, expected):
    """best exits 0 and names the level when one is reachable within the budget, else exits 1 with null."""
    result = _run("best", _write(tmp_path, staff), "-f", "json", *budget)
    assert expected == (result.exit_code, json.loads(result.stdout)["best_level"])


def test_cli_best_json_shape():
    """best's JSON has its keys in order, a full plan for the best level and the next level's shortfall."""
    result = _run("best", str(SCENARIOS / "tailspin-budget.yaml"), "-f", "json")
    out = json.loads(result.stdout)
    next_level = {k: out["next_level"][k] for k in NEXT_LEVEL_FIELDS}
    assert (0, BEST_KEYS, 3000.0, "silver", True) == (result.exit_code, list(out), out["budget_usd"],
                                                      out["plan"]["level"], out["plan"]["reachable"])
    assert {"level": "gold", "slots": 4, "slots_filled_within_budget": 3, "open_slots": 1,
            "cheapest_cost_usd": 4895.0, "extra_usd_needed": 1895.0} == next_level


def test_cli_best_budget_option_overrides_the_scenario_policy():
    """--budget 5000 lifts Tailspin's policy budget of US$3,000 enough for Gold."""
    result = _run("best", str(SCENARIOS / "tailspin-budget.yaml"), "--budget", "5000", "-f", "json")
    out = json.loads(result.stdout)
    assert (5000.0, "gold", None) == (out["budget_usd"], out["best_level"], out["next_level"])


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_cli_best_human_output_states_the_level_and_the_shortfall(fmt):
    """Table and Markdown say Silver is the highest level, Gold's open slot and the US$1,895 missing, and
    who takes which exam (vic, by name)."""
    result = _run("best", str(SCENARIOS / "tailspin-budget.yaml"), "-f", fmt)
    facts = ["highest level reachable is Silver", "3 of its 4 slots", "1 open", "US$4,895", "US$1,895",
             "Victor Lopez", "MB2-716"]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in result.stdout])


# ---- which policy keeps the next level out of reach (issue 20) --------------------------------------------

# ann (A+B) and bob (C) meet Silver with no exam; cy may take any exam. Keeping Silver after any one
# departure needs a spare of each kind: cy's pair (US$330) and ann's or cy's C (US$165), US$495 in all.
SPARE_NEEDED = [{"id": "ann", "passed": ["MB2-717", "MB2-715"], "can_take": []},
                {"id": "bob", "passed": ["MB2-716"], "can_take": []}, {"id": "cy"}]
NOBODY_SPARE = [{**p, "can_take": []} for p in SPARE_NEEDED[:2]]
# cy and dee could be Silver's pair and customizer (US$495) but nobody a spare
TOGETHER = [{"id": "cy", "can_take": ["MB2-717", "MB2-715"]}, {"id": "dee", "can_take": ["MB2-716"]}]


@pytest.mark.parametrize(
    ("staff", "policy", "budget", "expected"),
    [
        # nobody may take an exam: no spare at any budget, yet Silver is met without the policy
        pytest.param(NOBODY_SPARE, {"resilience": 1}, None, ["resilience"], id="resilience-alone"),
        # US$100 buys no spare (US$495), while Silver without resilience costs nothing: either is why
        pytest.param(SPARE_NEEDED, {"resilience": 1}, 100, ["budget", "resilience"], id="either"),
        # nobody holds anything: Silver costs US$495 without resilience and more with it
        pytest.param([{"id": "cy"}, {"id": "dee"}, {"id": "eve"}], {"resilience": 1}, 100,
                     ["budget"], id="budget-alone"),
        pytest.param([{"id": "cy"}, {"id": "dee"}], {}, 100, ["budget"], id="budget-without-resilience"),
        # only without the policy and with more money
        pytest.param(TOGETHER, {"resilience": 1}, 100, ["budget and resilience"], id="both-together"),
        # nobody may take an exam and nobody holds one: no policy is why
        pytest.param([{"id": "cy", "can_take": []}], {"resilience": 1}, 100, None, id="neither"),
    ],
)
def test_best_names_the_policy_that_keeps_the_next_level_out_of_reach(staff, policy, budget, expected):
    """next_level.blocked_by names the budget, the resilience policy, either of them, or both together,
    when lifting it (them) would reach the level, and nothing when no policy is why."""
    report = best(loaded(staff, policy=policy), budget)
    assert (None, expected) == (report.best_level, report.next_level.blocked_by)


@pytest.mark.parametrize(
    ("staff", "budget", "said"),
    [
        pytest.param(NOBODY_SPARE, None, "With no budget limit, no level is reachable: the resilience policy "
                     "keeps Silver out of reach.", id="resilience"),
        pytest.param(SPARE_NEEDED, 100, "With a budget of US$100, no level is reachable: the budget and the "
                     "resilience policy each keep Silver out of reach (lifting either reaches it).",
                     id="either"),
        pytest.param(NOBODY_SPARE, None, "- without the resilience policy (the level kept after any 1 "
                     "departure) Silver is reachable with no new exams", id="without-the-policy"),
        pytest.param(TOGETHER, 100, "- Silver is reachable only without the resilience policy (the level "
                     "kept after any 1 departure) and with a larger budget: its cheapest plan without the "
                     "policy costs US$495, US$395 over the budget", id="together"),
    ],
)
def test_best_says_which_policy_makes_no_level_reachable(staff, budget, said):
    """best's first line says which policy keeps the level out of reach, and a reason what lifting the
    resilience policy would reach."""
    report = best(loaded(staff, policy={"resilience": 1}), budget)
    assert said in best_lines(report)


def test_best_names_the_budget_that_keeps_gold_out_of_reach_above_silver():
    """Silver within US$494; Gold costs US$495: the budget keeps Gold out of reach."""
    assert ("With a budget of US$494, the highest level reachable is Silver; the budget keeps Gold out of "
            "reach.") == best_lines(best(loaded(SILVER_TODAY), 494))[0]
