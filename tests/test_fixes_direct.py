"""The facts that block a level and the cheapest fixes (planner.explain.fixes), called directly.

Cloud CRM's Silver needs one person with an application exam (MB2-717, ...) and a deployment exam
(MB2-715, ...), and another with a customization exam (MB2-716, ...). In each tiny scenario below exactly
one changeable fact stands in the way, so the blocking fact and the fix are known by hand; a new exam
costs its US$100 fee plus 10 hours at the person's hourly rate (0 unless given).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.report import Fix
from planner.core.pipeline import PlanRequest, fix_replanner
from planner.core.problem import PlanSettings, Problem, build_problem
from planner.explain.fixes import blocking_facts, propose_fixes
from planner.input.loading import LoadedScenario, ResolvedTarget
from tests.helpers import loaded

COSTS = {"exam_fee_usd": 100, "prep_hours": 10, "hourly_rate_usd": 0}
ANN = {"id": "ann", "passed": ["MB2-717", "MB2-715"]}  # the application+deployment person
ANN_NO_EXAMS = {**ANN, "can_take": []}


def _problem(staff: list[dict[str, Any]], *, budget_usd: float | None = None,
             **overrides: Any) -> tuple[LoadedScenario, Problem]:
    ld = loaded(staff, costs=COSTS, **overrides)
    budget = None if budget_usd is None else round(budget_usd * 100)
    return ld, build_problem(ld, "silver", "exams", settings=PlanSettings(budget_cents=budget))


def _fixes(ld: LoadedScenario, problem: Problem) -> list[Fix]:
    """The fixes of a Silver plan of `ld` within the problem's budget, re-planned as the pipeline does."""
    budget = problem.settings.budget_cents
    goal = ResolvedTarget(f"{ld.catalog.id}:silver", ld.catalog.id, "silver", ld.catalog, ld.notes)
    request = PlanRequest(goals=(goal,), budget_usd=None if budget is None else budget / 100)
    return propose_fixes(ld, problem, fix_replanner(ld, request))


def test_a_person_barred_from_customization_exams_blocks_silver_and_lifting_can_take_fixes_it():
    """lou may take only MB2-717, so nobody can become Silver's customizer: lifting lou's can_take lets
    him take one exam (US$100). ann's own can_take is no cause: she cannot fill both slots."""
    ld, problem = _problem([ANN_NO_EXAMS, {"id": "lou", "can_take": ["MB2-717"]}])
    assert ["lou may take only MB2-717"] == blocking_facts(ld, problem)
    assert [Fix(kind="lift_can_take", option=1, change="let lou take any exam (can_take lists only MB2-717)",
                person="lou", total_new_exams=1, total_cost_usd=100.0)] == _fixes(ld, problem)


def test_a_leaver_holding_customization_blocks_silver_and_keeping_her_fixes_it_for_free():
    """kim, the only customizer, leaves on 2018-05-31, before the deadline 2018-06-30: keeping her meets
    Silver with no new exam."""
    ld, problem = _problem([ANN, {"id": "kim", "passed": ["MB2-716"], "leaves_on": "2018-05-31"}])
    assert ["kim leaves on 2018-05-31"] == blocking_facts(ld, problem)
    assert [Fix(kind="keep_person", option=1, person="kim", total_new_exams=0, total_cost_usd=0.0,
                change="keep kim on staff past the deadline 2018-06-30 (kim is due to leave on 2018-05-31)")
            ] == _fixes(ld, problem)


def test_a_budget_too_small_for_the_cheapest_plan_is_raised_by_exactly_the_difference():
    """dan's two exams at US$100 + 10 h x US$10 cost US$400, and carol may take none: a US$350 budget is
    US$50 short, so the fix raises it to US$400."""
    ld, problem = _problem([{"id": "carol", "passed": ["MB2-716"], "can_take": []},
                            {"id": "dan", "hourly_rate_usd": 10}], budget_usd=350)
    assert ["the budget is US$350"] == blocking_facts(ld, problem)
    assert [Fix(kind="budget", option=1, change="raise the budget to US$400 (US$50 more)", amount_usd=50.0,
                total_new_exams=2, total_cost_usd=400.0)] == _fixes(ld, problem)


def test_the_budget_is_raised_to_the_cheapest_plan_not_to_the_plan_with_fewest_exams():
    """dan (US$10 an hour, 10 h for MB2-717 and MB2-715, none for MB2-716) as the pair costs 2 x US$200 =
    US$400 in 2 exams; carol (US$0 an hour) as the pair and dan as customizer cost 2 x US$100 + US$100 =
    US$300 in 3 exams: a US$250 budget is raised to US$300, not US$400."""
    costs = {**COSTS, "exams": {"MB2-716": {"prep_hours": 0}}}
    ld = loaded([{"id": "carol", "passed": ["MB2-716"]}, {"id": "dan", "hourly_rate_usd": 10}], costs=costs)
    problem = build_problem(ld, "silver", "exams", settings=PlanSettings(budget_cents=25000))
    assert [Fix(kind="budget", option=1, change="raise the budget to US$300 (US$50 more)", amount_usd=50.0,
                total_new_exams=3, total_cost_usd=300.0)] == _fixes(ld, problem)


def test_a_hiring_limit_of_zero_blocks_silver_and_allowing_a_hire_fixes_it():
    """Only a hired customizer (US$3,000) can join ann, and the hiring list allows none: allowing up to
    Silver's 2 slots more fixes it with no new exam."""
    hiring = [{"profile": "customizer", "passed": ["MB2-716"], "cost_usd": 3000, "max": 0}]
    ld, problem = _problem([ANN_NO_EXAMS], hiring=hiring)
    assert ["at most 0 'customizer' can be hired"] == blocking_facts(ld, problem)
    assert [Fix(kind="hire", option=1, change="allow hiring more 'customizer' (up to 2)", total_new_exams=0,
                total_cost_usd=3000.0)] == _fixes(ld, problem)


def test_an_exam_opening_after_the_deadline_gives_a_later_deadline_as_a_second_option():
    """lara may take only MB2-877, which opens on 2018-01-01, a day after the deadline: lifting her
    can_take (MB2-717, US$100) is option 1, moving the deadline to 2018-01-01 option 2."""
    ld, problem = _problem([{"id": "lara", "passed": ["MB2-715"], "can_take": ["MB2-877"]},
                            {"id": "carl", "passed": ["MB2-716"]}], deadline="2017-12-31")
    assert [Fix(kind="lift_can_take", option=1, change="let lara take any exam (can_take lists only MB2-877)",
                person="lara", total_new_exams=1, total_cost_usd=100.0),
            Fix(kind="later_deadline", option=2, deadline=dt.date(2018, 1, 1),
                change="move the deadline to 2018-01-01, when MB2-877 can first be taken",
                total_new_exams=1, total_cost_usd=100.0)] == _fixes(ld, problem)


def test_nothing_blocks_a_level_the_roster_can_reach():
    """ann and a person free to take a customization exam can meet Silver: no blocking facts."""
    ld, problem = _problem([ANN, {"id": "bob", "max_new_exams": 1}])
    assert [] == blocking_facts(ld, problem)


def test_a_designation_nobody_may_take_exams_for_gets_its_fixes_from_the_certifications_lists():
    """Adventure Works (Data & AI, lists of certifications) with every can_take empty: the fix search
    reads the certifications' exams (it once looked up DP-300 among the designation's exams, exit 3), and
    its first fix, letting Bo Svensson take exams, is re-planned and re-checked: 2 new exams."""
    from planner.core.planning import plan
    from planner.input.loading import load_scenario_text
    from tests.conftest import SCENARIOS

    text = (SCENARIOS / "adventure-works-data-ai-gates.yaml").read_text(encoding="utf-8")
    text = text.replace("\n  - id: ", "\n  - can_take: []\n    id: ")
    report = plan(load_scenario_text(text, "adventure-works.yaml"), "solutions-partner")
    first = report.fixes[0]
    got = (report.reachable, first.kind, first.person, first.total_new_exams)
    assert (False, "lift_can_take", "bo", 2) == got
