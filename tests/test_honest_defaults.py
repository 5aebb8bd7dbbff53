"""Honest defaults (issue 22, point 4): `planner plan`'s fewest-exams answer names the cheaper plan when
one exists, and its cheapest answer the plan of fewer exams, in every format: the model the plan was solved
on, solved again for the other objective and re-checked, only where a person reads the headline. Several
goals a budget cannot cover together: the most of them it covers, planned and re-checked, with what each left
out would add. The path shows the hires joining and never meets a level by a spare's exam."""

from __future__ import annotations

import dataclasses
import functools
import html
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models.report import OtherPlan, PlanReport, TargetCost
from planner import validation
from planner.core import pipeline, solving
from planner.core import problem as problem_module
from planner.core.best_set import best_set
from planner.core.planning import plan
from planner.errors import InternalError
from planner.input.loading import load_scenario, resolve_target
from planner.report.html import plan_page
from planner.report.plan import plan_markdown
from planner.report.render import to_json
from planner.report.words import other_plan_words
from tests.conftest import LIGHT, SCENARIOS
from tests.helpers import one_goal_problems, run
from tests.test_html_report import chromium, needs_chromium

GOLD_PUSH = SCENARIOS / "contoso-gold-push.yaml"
CHEAPER_WORDS = "; a plan with 3 exams costs US$3,055 (--objective cost)"
FEWER_WORDS = "; a plan with 2 exams costs US$3,210 (--objective exams)"


@functools.cache
def _gold(objective: str) -> PlanReport:
    """contoso-gold-push's Gold plan as `planner plan` makes it (the other objective compared)."""
    return plan(load_scenario(GOLD_PUSH), "gold", objective, compare_objectives=True)  # type: ignore[arg-type]


class _Calls:
    """A stand-in that counts the calls of the function it wraps (and records their arguments)."""

    def __init__(self, wrapped: Callable[..., Any]) -> None:
        self.wrapped, self.calls = wrapped, []  # type: list[tuple[Any, ...]]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(args)
        return self.wrapped(*args, **kwargs)


# ---- the other objective's plan -------------------------------------------------------------------------

def test_fewest_exams_plan_names_the_cheaper_plan_the_cost_objective_finds() -> None:
    """contoso-gold-push's default Gold plan (2 exams, US$3,210) names the cheapest: 3 exams, US$3,055."""
    expected = OtherPlan(objective="cost", total_new_exams=3, total_cost_usd=3055.0)
    assert expected == _gold("exams").cheaper


def test_cheaper_plan_is_the_plan_the_cost_objective_gives() -> None:
    """The cheaper plan named beside the fewest-exams plan has the figures of `--objective cost`'s plan."""
    cost = _gold("cost")
    cheaper = _gold("exams").cheaper
    assert cheaper is not None
    assert (cost.total_new_exams, cost.total_cost_usd) == (cheaper.total_new_exams, cheaper.total_cost_usd)


def test_cheapest_plan_names_the_plan_of_fewer_exams() -> None:
    """Symmetrically, the cheapest Gold plan (3 exams) names the fewest-exams plan: 2 exams, US$3,210."""
    expected = OtherPlan(objective="exams", total_new_exams=2, total_cost_usd=3210.0)
    assert expected == _gold("cost").fewer_exams


def test_plan_that_is_both_fewest_and_cheapest_names_no_other_plan() -> None:
    """contoso-gold-push's Silver plan is already the cheapest: no other plan is named, no field written."""
    report = plan(load_scenario(GOLD_PUSH), "silver", "exams", compare_objectives=True)
    assert (None, None) == (report.cheaper, report.fewer_exams)
    assert "cheaper" not in report.model_dump(mode="json")


def test_library_plan_compares_no_objective_unless_asked() -> None:
    """A library caller's plan (compare_objectives off, the default) names no other plan and solves once."""
    report = plan(load_scenario(GOLD_PUSH), "gold", "exams")
    assert (None, False) == (report.cheaper, "other_objective_seconds" in report.stats)


def test_other_objective_is_solved_on_the_same_problem_and_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Naming the cheaper plan builds one problem and one CP-SAT model, solved again for the cost
    objective."""
    problems = _Calls(problem_module.build_problem)
    models = _Calls(solving.build_model)
    again = _Calls(solving.solve_again)
    monkeypatch.setattr("planner.core.pipeline.build_problem", problems)
    monkeypatch.setattr(solving, "build_model", models)
    monkeypatch.setattr(solving, "solve_again", again)
    report = plan(load_scenario(GOLD_PUSH), "gold", "exams", compare_objectives=True)
    expected = (1, 1, 1, ["cost"], 3055.0)
    assert report.cheaper is not None
    assert expected == (len(problems.calls), len(models.calls), len(again.calls),
                        [c[2] for c in again.calls], report.cheaper.total_cost_usd)


@pytest.mark.parametrize(("command", "solved_again"), [
    (["plan", "{two}"], 1),  # the plan itself; each goal alone is planned without comparing
    (["plan", "{push}", "--alternatives", "3"], 1),  # the plan, not each alternative
    (["best", "{push}", "--budget", "3000"], 0),  # best's levels are plans made inside best
    (["compare", "{push}", "{two}"], 0),  # compare's rows
], ids=["two-goals", "alternatives", "best", "compare"])
def test_only_the_plan_a_person_reads_is_compared(monkeypatch: pytest.MonkeyPatch, command: list[str],
                                                  solved_again: int) -> None:
    """`planner plan` solves its own plan again for the other objective once; the plans made inside another
    (goals alone, alternatives, best's levels, compare's rows) are never solved again."""
    again = _Calls(solving.solve_again)
    monkeypatch.setattr(solving, "solve_again", again)
    files = {"{push}": str(GOLD_PUSH), "{two}": str(SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml")}
    result = run(*[files.get(a, a) for a in command])
    assert (solved_again, "") == (len(again.calls), result.stderr)


def test_cheaper_plan_is_rechecked_by_the_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cheaper plan is re-checked like any plan: the validator sees a cost plan of 3 exams, US$3,055,
    and finds nothing wrong with it."""
    checked = _Calls(validation.recheck)
    monkeypatch.setattr(validation, "recheck", checked)
    plan(load_scenario(GOLD_PUSH), "gold", "exams", compare_objectives=True)
    cost = [c for c in checked.calls if c[2].objective == "cost"]
    expected = ([(3, 3055.0)], [])
    figures = [(c[2].total_new_exams, c[2].total_cost_usd) for c in cost]
    assert expected == (figures, validation.recheck(*cost[0]))


def test_cheaper_plan_the_validator_refuses_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cheaper plan that failed its independent check would be a bug: the plan stops with an internal
    error rather than name it."""
    real = validation.recheck

    def refuse_the_cost_plan(scenario: Any, goals: Any, report: PlanReport, **kwargs: Any) -> list[str]:
        return ["made up"] if report.objective == "cost" else real(scenario, goals, report, **kwargs)

    monkeypatch.setattr(validation, "recheck", refuse_the_cost_plan)
    with pytest.raises(InternalError, match="made up"):
        plan(load_scenario(GOLD_PUSH), "gold", "exams", compare_objectives=True)


def _threads_rechecking_the_cost_plan(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the threads the validator re-checks the cost objective's plan in, as they are called."""
    real, names = validation.recheck, []

    def recheck(scenario: Any, goals: Any, report: PlanReport, **kwargs: Any) -> list[str]:
        if report.objective == "cost":
            names.append(threading.current_thread().name)
        return real(scenario, goals, report, **kwargs)

    monkeypatch.setattr(validation, "recheck", recheck)
    return names


def test_cheaper_plan_is_rechecked_in_the_thread_that_found_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cheaper plan is read and re-checked where it is found, beside the plan's tie-break (solving.solve's
    `then_other`), not after it; the answer is the same."""
    names = _threads_rechecking_the_cost_plan(monkeypatch)
    report = plan(load_scenario(GOLD_PUSH), "gold", "exams", compare_objectives=True)
    assert report.cheaper is not None
    assert (["planner-other-objective"], 3055.0) == (names, report.cheaper.total_cost_usd)


def test_cheaper_plan_whose_check_beside_fails_is_checked_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should reading or re-checking the cheaper plan fail in its thread, the plan does it again once solved,
    where any error is raised: the same answer."""
    names = _threads_rechecking_the_cost_plan(monkeypatch)
    real = pipeline._recheck_other

    def fails_beside(*args: Any, **kwargs: Any) -> list[str]:
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("fails beside")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_recheck_other", fails_beside)
    report = plan(load_scenario(GOLD_PUSH), "gold", "exams", compare_objectives=True)
    assert report.cheaper is not None
    assert (["MainThread"], 3055.0) == (names, report.cheaper.total_cost_usd)


def test_other_plan_words_name_its_renewals_and_hires() -> None:
    """The headline's words for the other plan count its exams, renewals and hires, as the plan's own do."""
    report = _gold("exams").model_copy(update={"cheaper": OtherPlan(
        objective="cost", total_new_exams=1, total_cost_usd=6250.0, total_renewals=2, total_hires=1)})
    expected = "; a plan with 1 exam, 2 renewals and 1 hire costs US$6,250 (--objective cost)"
    assert expected == other_plan_words(report)


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


def test_cheaper_and_fewer_exams_plans_in_json() -> None:
    """The JSON answer carries the other plan as an additive field: `cheaper`, or with --objective cost
    `fewer_exams`."""
    exams = json.loads(run("plan", str(GOLD_PUSH), "--format", "json").stdout)
    cost = json.loads(run("plan", str(GOLD_PUSH), "--objective", "cost", "--format", "json").stdout)
    expected = ({"objective": "cost", "total_new_exams": 3, "total_cost_usd": 3055.0},
                {"objective": "exams", "total_new_exams": 2, "total_cost_usd": 3210.0}, False, False)
    assert expected == (exams["cheaper"], cost["fewer_exams"], "fewer_exams" in exams, "cheaper" in cost)


def test_cheaper_plan_in_markdown_and_html() -> None:
    """Markdown and HTML say the same words as the table."""
    report = _gold("exams")
    expected = (True, True)
    page = html.unescape(plan_page(report))
    assert expected == (CHEAPER_WORDS in plan_markdown(report), CHEAPER_WORDS in page)


# ---- the other objective's work limit ------------------------------------------------------------------

def test_the_other_objectives_work_limit_is_twice_the_plans_own_and_at_least_the_floor() -> None:
    assert (solving.OTHER_WORK_FLOOR, 7.0) == (solving._other_work(0.5), solving._other_work(3.5))


def test_the_plans_work_counts_its_earlier_rounds() -> None:
    """A widened plan's later round carries the work of the earlier ones (`prior_work`), so the other
    objective's limit is twice the whole plan's work, not the last round's alone."""
    loaded = load_scenario(GOLD_PUSH)
    alone = solving.solve(problem_module.build_problem(loaded, "gold", "exams"), keep=True, other="cost")
    later = solving.solve(problem_module.build_problem(loaded, "gold", "exams"), keep=True, other="cost",
                          prior_work=3.0)
    assert alone.kept is not None and later.kept is not None
    work = alone.stats["deterministic_seconds"]
    assert isinstance(work, float) and work > 0
    assert later.stats["deterministic_seconds"] == pytest.approx(3.0 + work, abs=0.002)
    assert solving.other_work(later) == pytest.approx(2 * (3.0 + work), abs=0.004)


def test_a_search_for_the_cheaper_plan_stopped_by_its_work_limit_says_so_and_names_no_plan(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """contoso-gold-push's Gold plan with almost no work allowed beside it: no cheaper plan is named (the
    search found none), the reasons say the search stopped and how to search to the end, and the stats
    say why; the plan itself is the same."""
    monkeypatch.setattr(solving, "OTHER_WORK_FLOOR", 1e-9)
    monkeypatch.setattr(solving, "OTHER_WORK_TIMES", 1e-9)
    report = plan(load_scenario(GOLD_PUSH), "gold", "exams", compare_objectives=True)
    expected = ("the search for a cheaper plan stopped at its work limit (twice the solver's work on this "
                "plan) before finding one; none may exist: plan with --objective cost to search to the end")
    assert (None, "work limit") == (report.cheaper, report.stats.get("other_objective_stopped"))
    assert expected in report.reasons
    assert (2, 3210.0) == (report.total_new_exams, report.total_cost_usd)


def test_an_other_plan_not_proven_best_is_named_as_such_in_words_and_json() -> None:
    """A cheaper plan found within the limits but not proven the cheapest keeps `proven: false` in the JSON
    (left out when proven) and says so in the headline's words."""
    unproven = OtherPlan(objective="cost", total_new_exams=3, total_cost_usd=3055.0, proven=False)
    report = _gold("exams").model_copy(update={"cheaper": unproven})
    fewer = _gold("cost").model_copy(update={"fewer_exams": OtherPlan(
        objective="exams", total_new_exams=2, total_cost_usd=3210.0, proven=False)})
    assert "; a plan with 3 exams costs US$3,055 (--objective cost, not proven the cheapest)" == \
        other_plan_words(report)
    assert "; a plan with 2 exams costs US$3,210 (--objective exams, not proven fewest)" == \
        other_plan_words(fewer)
    assert (False, False) == (report.model_dump(mode="json")["cheaper"]["proven"],
                              "proven" in _gold("exams").model_dump(mode="json")["cheaper"])


# ---- the other objective's second stage, known from the plan's own optima ------------------------------

def test_beside_a_plan_the_other_objectives_second_stage_is_bounded_by_its_optima() -> None:
    """A plan beating the plan on one measure is worse on the other: one change more beside the fewest
    changes, a cent more beside the cheapest; nothing is known until both of the plan's stages are proven."""
    optimum = {"exams": 2, "cost": 321000}
    assert (("exams", 3), ("cost", 321001), None) == (
        solving.floor_beside("cost", optimum), solving.floor_beside("exams", optimum),
        solving.floor_beside("cost", {"exams": 2}))


def _cheaper_of_gold(floor: bool) -> solving.Solution | None:
    problem = problem_module.build_problem(load_scenario(GOLD_PUSH), "gold", "exams")
    first = solving.solve(problem, keep=True)
    assert first.kept is not None
    kept = first.kept if floor else dataclasses.replace(first.kept, optimum={})
    return solving.solve_again(problem, dataclasses.replace(first, kept=kept), "cost", 321000)


def test_the_cheaper_plan_at_one_change_more_than_the_plan_is_not_solved_again_for_its_changes() -> None:
    """contoso-gold-push's Gold plan: 2 exams, US$3,210. The first cheaper plan found has 3 exams, one more
    than the fewest: that is the fewest a cheaper plan can have, so its changes are not solved for (one
    stage solved, not two), and the figures are those of solving both stages."""
    reached, solved = _cheaper_of_gold(floor=True), _cheaper_of_gold(floor=False)
    assert reached is not None and solved is not None
    figures = [(s.status, len(s.takes), sum(o.cost_cents for _, o in s.takes)) for s in (reached, solved)]
    assert [("optimal", 3, 305500)] * 2 == figures
    assert (("exams", 1), (None, 2)) == ((reached.stats.get("floor_reached"), reached.stats["stages"]),
                                        (solved.stats.get("floor_reached"), solved.stats["stages"]))


# ---- the path shows hires and spares; totals add up; people counted once ---------------------------------

WINGTIP = SCENARIOS / "wingtip-hiring.yaml"
WOODGROVE = SCENARIOS / "woodgrove-resilience.yaml"
TWO_GOALS = SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml"


@functools.cache
def _plan_of(path: str, level: str = "gold") -> PlanReport:
    return plan(load_scenario(SCENARIOS / path), level)


def test_path_lists_the_hire_joining_as_a_step() -> None:
    """wingtip's path: the hire joins (step 1), then Lee Chang takes MB2-716 and Gold is met (step 2)."""
    report = _plan_of("wingtip-hiring.yaml")
    expected = [("hire-1", None, "certified Dynamics 365 consultant", []), ("lee", "MB2-716", None, ["gold"])]
    assert expected == [(s.person, s.exam, s.hire, s.meets) for s in report.path]


def test_path_lines_say_the_hire_joins() -> None:
    """The path's words (table, Markdown and HTML share them) name the hire joining before the exam."""
    result = run("plan", str(WINGTIP))
    expected = ["1. hire-1 (certified Dynamics 365 consultant) joins",
                "2. Lee Chang takes MB2-716 -> Gold met"]
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert expected == [line for line in lines if line[:2] in ("1.", "2.")]


def test_new_exams_table_lists_each_hire_so_the_total_adds_up() -> None:
    """wingtip's New exams table has the hire's row (US$6,000) above the total of US$7,845 in every format."""
    report = _plan_of("wingtip-hiring.yaml")
    row = "| hire-1 (certified Dynamics 365 consultant) | hired | US$6,000 |"
    page = html.unescape(plan_page(report))
    cells = "<td>hire-1 (certified Dynamics 365 consultant)</td><td>hired</td><td class=\"num\">US$6,000</td>"
    terminal = " ".join(run("plan", str(WINGTIP)).stdout.split())
    expected = (True, True, True, 7845.0)
    actual = (row in plan_markdown(report), cells in page, "│ hired │ US$6,000 │" in terminal,
              report.total_cost_usd)
    assert expected == actual


def test_a_spare_never_meets_the_level_in_the_path() -> None:
    """woodgrove's Gold is met by the slot holder Eva Nilsson's exam; the spares' exams come after it."""
    report = _plan_of("woodgrove-resilience.yaml")
    spares = {a.person for a in report.spares} - {a.person for a in report.assignments}
    meeting = [s.person for s in report.path if s.meets]
    expected = (["eva"], [False, True, True])
    assert expected == (meeting, [s.person in spares for s in report.path])


def test_a_spare_never_meets_the_level_on_a_calendar() -> None:
    """With --schedule woodgrove's three exams fall in one month: Gold is shown met after Eva Nilsson's
    exam (a slot holder), the spares' exams listed after hers in that month."""
    report = plan(load_scenario(WOODGROVE), "gold", schedule=True)
    expected = [("eva", ["gold"]), ("fin", []), ("hal", [])]
    assert expected == [(s.person, s.meets) for s in report.path]


def test_people_in_slots_counts_each_person_once_with_two_goals() -> None:
    """With two goals the HTML card counts the people in slots once each, not their slots."""
    ld = load_scenario(TWO_GOALS)
    targets = [resolve_target(t, ld.scenario, ld.catalogs) for t in ld.scenario.targets or ()]
    report = plan(ld, targets[0].level, targets=targets)
    people = len({a.person for a in report.assignments})
    expected = f'<div class="k">people in slots</div><div class="v">{people}</div>'
    assert (True, True) == (expected in plan_page(report), people < len(report.assignments))


def test_a_path_without_the_hire_joining_is_rejected() -> None:
    """The independent check refuses wingtip's path with the hire's step left out (as it was shown before)."""
    ld = load_scenario(WINGTIP)
    report = _plan_of("wingtip-hiring.yaml")
    exams = [s.model_copy(update={"step": n}) for n, s in enumerate(
        (s for s in report.path if s.exam is not None), start=1)]
    hidden = report.model_copy(update={"path": exams, "levels_met": []})
    expected = ["the path lists 0 hire(s) joining; it must list each of the 1 hire(s) once, with the profile "
                "hired"]
    assert expected == one_goal_problems(ld.scenario, ld.catalog, hidden)


# ---- several goals within a budget: which fit, planned ---------------------------------------------------

CRM_GOLD = "Cloud Customer Relationship Management Gold"
WITHIN_WORDS = (f"Within the budget, {CRM_GOLD} alone fits: 1 new exam costing US$1,365; with Cloud Business "
                "Applications Silver the cheapest plan costs US$7,560, US$6,060 over the budget.")


@functools.cache
def _two_goals(budget: float) -> PlanReport:
    """contoso-crm-gold-and-cba-silver's two goals within `budget`, as `planner plan --budget` plans them."""
    ld = load_scenario(TWO_GOALS)
    targets = [resolve_target(t, ld.scenario, ld.catalogs) for t in ld.scenario.targets or ()]
    return plan(ld, targets[0].level, budget_usd=budget, targets=targets, goals_that_fit=True)


def test_goals_over_the_budget_together_name_the_goal_that_fits_alone() -> None:
    """With US$1,500 CRM Gold and CBA Silver cannot both be met; CRM Gold alone fits and is planned."""
    within = _two_goals(1500.0).within_budget
    assert within is not None
    expected = (["cloud-crm:gold"], ["cloud-business-applications:silver"], True, 1, 1365.0)
    actual = (within.targets, within.left_out, within.plan.reachable, within.plan.total_new_exams,
              within.plan.total_cost_usd)
    assert expected == actual


def test_goals_over_the_budget_say_what_the_goal_left_out_would_add() -> None:
    """CBA Silver, left out, costs US$7,560 at the least alone and with CRM Gold: US$6,060 over the budget."""
    within = _two_goals(1500.0).within_budget
    assert within is not None
    expected = [TargetCost(target="cloud-crm:gold", in_best_set=True, cost_alone_usd=1365.0),
                TargetCost(target="cloud-business-applications:silver", in_best_set=False,
                           cost_alone_usd=7560.0, cost_with_set_usd=7560.0, extra_usd_needed=6060.0)]
    assert expected == within.goals


def test_goals_that_fit_are_the_set_best_finds_for_the_same_budget() -> None:
    """`plan --budget` and `best --budget` with the same goals answer alike: the same set and rows."""
    ld = load_scenario(TWO_GOALS)
    targets = [resolve_target(t, ld.scenario, ld.catalogs) for t in ld.scenario.targets or ()]
    best = best_set(ld, targets, 1500.0)
    within = _two_goals(1500.0).within_budget
    assert within is not None
    assert (best.best_set, best.targets) == (within.targets, within.goals)


def test_plan_of_the_goals_that_fit_passes_the_validator() -> None:
    """The plan of the goal that fits keeps CRM Gold's rules within the budget, re-checked without the
    solver."""
    ld = load_scenario(TWO_GOALS)
    within = _two_goals(1500.0).within_budget
    assert within is not None
    crm = resolve_target("cloud-crm:gold", ld.scenario, ld.catalogs)
    assert (1500.0, []) == (within.plan.budget_usd, validation.recheck(
        ld.scenario, [(crm.label, crm.catalog, crm.level)], within.plan))


def test_goals_that_fit_together_name_no_partial_plan() -> None:
    """With a budget that covers both goals the plan meets both and no partial plan is written."""
    report = _two_goals(10000.0)
    assert (True, None) == (report.reachable, report.within_budget)
    assert "within_budget" not in report.model_dump(mode="json")


def test_library_plan_names_no_goals_that_fit_unless_asked() -> None:
    """A library caller's plan over the budget (goals_that_fit off, the default) plans no partial set."""
    ld = load_scenario(TWO_GOALS)
    targets = [resolve_target(t, ld.scenario, ld.catalogs) for t in ld.scenario.targets or ()]
    report = plan(ld, targets[0].level, budget_usd=1500.0, targets=targets, fixes=False)
    assert (False, None) == (report.reachable, report.within_budget)


def test_goals_over_the_budget_in_every_format() -> None:
    """The table, Markdown, HTML and JSON name the goal that fits and plan it under its own heading."""
    result = run("plan", str(TWO_GOALS), "--budget", "1500")
    terminal = " ".join(result.stdout.split())
    report = _two_goals(1500.0)
    markdown = plan_markdown(report)
    page = html.unescape(plan_page(report))
    data = json.loads(to_json(report))
    expected = (1, True, True, True, True, True, ["cloud-crm:gold"], [6060.0])
    actual = (result.exit_code, WITHIN_WORDS in terminal,
              f"Within the budget: {CRM_GOLD} Contoso" in terminal,
              WITHIN_WORDS in markdown and f"## Within the budget: {CRM_GOLD}" in markdown,
              WITHIN_WORDS in page, f"<h2>Within the budget: {CRM_GOLD}</h2>" in page,
              data["within_budget"]["targets"],
              [g["extra_usd_needed"] for g in data["within_budget"]["goals"] if not g["in_best_set"]])
    assert expected == actual


@needs_chromium
def test_chromium_renders_the_cheaper_plan_the_hire_and_the_goals_that_fit(tmp_path: Path) -> None:
    """The DOM Chromium builds holds the cheaper plan's words, wingtip's hire row and join step, and the
    plan of the goal that fits the budget under its heading (in CI only the last page)."""
    pages = {"push": _gold("exams"), "wingtip": _plan_of("wingtip-hiring.yaml"), "goals": _two_goals(1500.0)}
    if LIGHT:  # one browser run in CI (about a second each): the page of the goals that fit
        pages = {"goals": pages["goals"]}
    dumped = {}
    for name, report in pages.items():
        page = tmp_path / f"{name}.html"
        page.write_text(plan_page(report), encoding="utf-8")
        dom = chromium(tmp_path, "--dump-dom", page.as_uri())
        dumped[name] = (dom.returncode, html.unescape(dom.stdout))
    facts = {"push": [CHEAPER_WORDS], "wingtip": ["<td>hired</td>", "1. hire-1 (certified Dynamics 365 "
                                                  "consultant) joins", "total with hires"],
             "goals": [WITHIN_WORDS, f"<h2>Within the budget: {CRM_GOLD}</h2>"]}
    missing = {name: [f for f in facts[name] if f not in text] for name, (_, text) in dumped.items()}
    expected: dict[str, tuple[int, list[str]]] = {name: (0, []) for name in pages}
    assert expected == {name: (dumped[name][0], missing[name]) for name in pages}
