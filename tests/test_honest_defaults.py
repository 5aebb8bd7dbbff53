"""Honest defaults: a fewest-exams answer names the cheaper plan when one exists, and a cheapest answer
names the plan of fewer exams, in every format, both planned through the pipeline and re-checked."""

from __future__ import annotations

import functools
import html
import json

from models.report import OtherPlan, PlanReport
from planner.core.planning import plan
from planner.input.loading import load_scenario
from planner.report.html import plan_page
from planner.report.plan import plan_markdown
from tests.conftest import SCENARIOS
from tests.helpers import run

GOLD_PUSH = SCENARIOS / "contoso-gold-push.yaml"
CHEAPER_WORDS = "; a plan with 3 exams costs US$3,055 (--objective cost)"
FEWER_WORDS = "; a plan with 2 exams costs US$3,210 (--objective exams)"


@functools.cache
def _gold(objective: str) -> PlanReport:
    return plan(load_scenario(GOLD_PUSH), "gold", objective)  # type: ignore[arg-type]


def test_fewest_exams_plan_names_the_cheaper_plan_the_cost_objective_finds() -> None:
    """contoso-gold-push's default Gold plan (2 exams, US$3,210) names the cheapest: 3 exams, US$3,055."""
    expected = OtherPlan(objective="cost", total_new_exams=3, total_cost_usd=3055.0)
    assert expected == _gold("exams").cheaper


def test_cheaper_plan_is_the_plan_the_cost_objective_gives() -> None:
    """The cheaper plan named beside the fewest-exams plan has the figures of `--objective cost`'s plan."""
    cost = _gold("cost")
    expected = (cost.total_new_exams, cost.total_cost_usd)
    cheaper = _gold("exams").cheaper
    assert cheaper is not None
    assert expected == (cheaper.total_new_exams, cheaper.total_cost_usd)


def test_cheapest_plan_names_the_plan_of_fewer_exams() -> None:
    """Symmetrically, the cheapest Gold plan (3 exams) names the fewest-exams plan: 2 exams, US$3,210."""
    expected = OtherPlan(objective="exams", total_new_exams=2, total_cost_usd=3210.0)
    assert expected == _gold("cost").fewer_exams


def test_plan_that_is_both_fewest_and_cheapest_names_no_other_plan() -> None:
    """contoso-gold-push's Silver plan is already the cheapest: no other plan is named, no field written."""
    report = plan(load_scenario(GOLD_PUSH), "silver", "exams")
    assert (None, None) == (report.cheaper, report.fewer_exams)
    assert "cheaper" not in report.model_dump(mode="json")


def test_headline_names_the_cheaper_plan_in_the_table() -> None:
    """The terminal's headline says the fewest-exams plan's cost and then the cheaper plan's."""
    result = run("plan", str(GOLD_PUSH))
    expected = ("Gold is reachable by 2018-06-30 with 2 new exams costing US$3,210 (fewest new exams, "
                f"proven){CHEAPER_WORDS}.")
    assert 0 == result.exit_code
    assert expected in " ".join(result.stdout.split())


def test_headline_names_the_plan_of_fewer_exams_in_the_table() -> None:
    """With --objective cost the terminal's headline names the fewest-exams plan."""
    result = run("plan", str(GOLD_PUSH), "--objective", "cost")
    expected = f"with 3 new exams costing US$3,055 (proven cheapest){FEWER_WORDS}."
    assert expected in " ".join(result.stdout.split())


def test_cheaper_plan_in_json() -> None:
    """The JSON answer carries the cheaper plan as an additive field `cheaper`."""
    result = run("plan", str(GOLD_PUSH), "--format", "json")
    expected = {"objective": "cost", "total_new_exams": 3, "total_cost_usd": 3055.0}
    assert expected == json.loads(result.stdout)["cheaper"]


def test_cheaper_plan_in_markdown_and_html() -> None:
    """Markdown and HTML say the same words as the table."""
    report = _gold("exams")
    expected = (True, True)
    page = html.unescape(plan_page(report))
    assert expected == (CHEAPER_WORDS in plan_markdown(report), CHEAPER_WORDS in page)
