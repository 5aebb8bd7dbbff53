"""Alternatives are the true next best plans: `plan --alternatives N`, against an exhaustive search.

`--alternatives-differ exams` lists, after the first plan, the best plan whose set of new exams and hires
is not one listed before, then the next, ...; `people` (the default) the best plan whose set of people who
take new exams or are hired is not. tests/bruteforce_alternatives.py enumerates every plan of rosters of
3-6 people without the planner's model, and the ranks are compared one by one. Ties make the exact plan
of a rank ambiguous, so each rank's (exams, cost) is compared, and each listed plan is checked to be a
valid plan with that value, distinct from those before it.

Examples per case (level x objective x differ): 60 by default, 30 in CI; HYPOTHESIS_PROFILE=thorough runs
1,000.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from models.report import PlanReport
from planner.core.planning import plan
from planner.input.loading import LoadedScenario, load_scenario, load_scenario_data
from tests.bruteforce_alternatives import Plan, every_plan, ranked_keys
from tests.conftest import LIGHT, SCENARIOS
from tests.helpers import loaded, one_goal_problems, run, scenario_dict
from tests.strategies import CATALOG, as_of_and_deadline, costs, staff

EXAMPLES = 1000 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 30 if LIGHT else 60
OBJECTIVES = pytest.mark.parametrize("objective", ["exams", "cost"], ids=["fewest-exams", "cheapest"])
DIFFERS = pytest.mark.parametrize("differ", ["exams", "people"], ids=["differ-exams", "differ-people"])

# Silver: p1 holds A+B (MB2-714, MB2-715) and may take nothing; p2 may take MB2-712 (C); p3 holds C
# (MB2-707) and A (MB2-713) and may take MB2-715 (B); p4 may take MB2-716 (C) at US$165 + 10 h x US$100.
ISSUE_12: list[dict[str, Any]] = [
    {"id": "p1", "passed": ["MB2-714", "MB2-715"], "max_new_exams": 0},
    {"id": "p2", "can_take": ["MB2-712"]},
    {"id": "p3", "passed": ["MB2-707", "MB2-713"], "can_take": ["MB2-715"]},
    {"id": "p4", "can_take": ["MB2-716"], "hourly_rate_usd": 100},
]
ISSUE_12_COSTS = {"prep_hours": 10}


def listed(report: PlanReport) -> list[tuple[frozenset[tuple[str, str]], int, int]]:
    """The first plan and each alternative as (pairs, new exams, cost in cents), in rank order."""
    plans = [(report.new_exams, report.total_new_exams, report.total_cost_usd)]
    plans += [(a.new_exams, a.total_new_exams, a.total_cost_usd) for a in report.alternatives]
    return [(frozenset((e.person, e.exam) for e in exams), n, round(usd * 100)) for exams, n, usd in plans]


def shown(report: PlanReport) -> list[tuple[list[str], float]]:
    """Each listed plan's new exams as 'person exam' strings, with its cost, in rank order."""
    plans = [(report.new_exams, report.total_cost_usd)]
    plans += [(a.new_exams, a.total_cost_usd) for a in report.alternatives]
    return [([f"{e.person} {e.exam}" for e in exams], usd) for exams, usd in plans]


def shown_with_hires(report: PlanReport) -> list[tuple[list[str], list[str]]]:
    """Each listed plan's new exams ('person exam') and hired profiles, in rank order."""
    plans = [(report.new_exams, report.hires)] + [(a.new_exams, a.hires) for a in report.alternatives]
    return [([f"{e.person} {e.exam}" for e in exams], [h.profile for h in hires]) for exams, hires in plans]


# ---- the example of issue 12 -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        pytest.param("cost", [([], 0.0), (["p2 MB2-712"], 165.0), (["p2 MB2-712", "p3 MB2-715"], 330.0),
                              (["p4 MB2-716"], 1165.0)], id="cheapest"),
        pytest.param("exams", [([], 0.0), (["p2 MB2-712"], 165.0), (["p4 MB2-716"], 1165.0),
                               (["p2 MB2-712", "p3 MB2-715"], 330.0)], id="fewest-exams"),
    ],
)
@DIFFERS
def test_a_listed_plan_with_an_exam_more_stays_an_alternative(objective, expected, differ):
    """Issue 12: by cost the third plan adds p3 MB2-715 to the second (US$330), ahead of p4 MB2-716."""
    scenario = loaded(ISSUE_12, costs=ISSUE_12_COSTS)
    report = plan(scenario, "silver", objective, alternatives=4, alternatives_differ=differ)
    assert [] == one_goal_problems(scenario.scenario, scenario.catalog, report)
    assert (expected, differ) == (shown(report), report.alternatives_differ)


def test_the_issue_12_example_agrees_with_the_exhaustive_search():
    """The exhaustive search finds the same five plans of the example, in the same order by cost."""
    plans = every_plan(loaded(ISSUE_12, costs=ISSUE_12_COSTS), "silver")
    assert [(0, 0), (16500, 1), (33000, 2), (116500, 1), (133000, 2)] == ranked_keys(plans, "cost", "exams")


# ---- differ in people or in exams ------------------------------------------------------------------------

# Silver: ann holds A+B; bob may take MB2-716 or MB2-712 (C), both US$165; cy may take MB2-716 at US$175.
SWAPS: list[dict[str, Any]] = [
    {"id": "ann", "passed": ["MB2-717", "MB2-715"]},
    {"id": "bob", "can_take": ["MB2-716", "MB2-712"]},
    {"id": "cy", "can_take": ["MB2-716"], "hourly_rate_usd": 1},
]


@pytest.mark.parametrize(
    ("differ", "expected"),
    [
        pytest.param("exams", [(["bob MB2-716"], 165.0), (["bob MB2-712"], 165.0), (["cy MB2-716"], 175.0)],
                     id="exams-swaps-bob's-exam"),
        pytest.param("people", [(["bob MB2-716"], 165.0), (["cy MB2-716"], 175.0)],
                     id="people-another-person"),
    ],
)
def test_alternatives_differ_in_people_or_in_exams(differ, expected):
    """With `exams` bob's older equivalent exam is the second plan; with `people` cy's exam is."""
    report = plan(loaded(SWAPS, costs={"prep_hours": 10}), "silver", "exams", alternatives=3,
                  alternatives_differ=differ)
    assert expected == shown(report)


def test_people_mode_counts_a_hire_as_a_person():
    """A hire is a person of its own: after bob's exam, the hired customizer; then ann customizes and the
    hire takes the application and deployment exams (bob's other exam is never listed)."""
    hiring = [{"profile": "customizer", "cost_usd": 500, "passed": ["MB2-716"]}]
    report = plan(loaded(SWAPS[:2], hiring=hiring), "silver", "exams", alternatives=3,
                  alternatives_differ="people")
    assert [(["bob MB2-716"], []), ([], ["customizer"]),
            (["ann MB2-716", "hire-1 MB2-717", "hire-1 MB2-715"], ["customizer"])] == shown_with_hires(report)


def test_alternatives_differ_is_left_out_of_the_json_without_alternatives():
    """One plan asked for: the report has no alternatives_differ key (older answers keep their shape)."""
    report = plan(loaded(SWAPS), "silver", "exams")
    assert "alternatives_differ" not in report.model_dump(mode="json")


# ---- the CLI ---------------------------------------------------------------------------------------------

def _write(tmp_path: Path, people: list[dict[str, Any]]) -> str:
    """A scenario file with these people and 10 preparation hours per exam; its path."""
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(scenario_dict(people, costs={"prep_hours": 10}), sort_keys=False),
                    encoding="utf-8")
    return str(path)


def _plan_cli(tmp_path: Path, *args: str) -> Any:
    """`planner plan` of the SWAPS scenario for Silver with 3 plans asked for, and these options."""
    return run("plan", _write(tmp_path, SWAPS), "--level", "silver", "--alternatives", "3", *args)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param([], ("people", ["cy MB2-716"]), id="default-people"),
        pytest.param(["--alternatives-differ", "exams"], ("exams", ["bob MB2-712", "cy MB2-716"]),
                     id="exams"),
    ],
)
def test_cli_alternatives_differ_json(tmp_path, args, expected):
    """plan --alternatives 3 -f json: alternatives_differ says which, and the alternatives follow it."""
    result = _plan_cli(tmp_path, "-f", "json", *args)
    out = json.loads(result.stdout)
    assert (0, expected) == (result.exit_code, (out["alternatives_differ"], [
        f"{e['person']} {e['exam']}" for a in out["alternatives"] for e in a["new_exams"]]))


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
@pytest.mark.parametrize(
    ("args", "line"),
    [
        pytest.param([], "Alternatives differ in who takes exams.", id="people"),
        pytest.param(["--alternatives-differ", "exams"], "Alternatives differ in the exams taken.",
                     id="exams"),
    ],
)
def test_cli_says_what_the_alternatives_differ_in(tmp_path, fmt, args, line):
    """Table, Markdown and HTML say in one line whether the alternatives differ in people or in exams."""
    result = _plan_cli(tmp_path, "-f", fmt, *args)
    assert (0, True) == (result.exit_code, line in result.stdout)


def test_cli_says_when_no_other_plan_differs(tmp_path):
    """Only bob can fill the slot (one exam): asked for 3 plans, the table says no other plan differs."""
    result = run("plan", _write(tmp_path, SWAPS[:1] + [{"id": "bob", "can_take": ["MB2-716"]}]), "--level",
                 "silver", "--alternatives", "3")
    assert (0, True) == (result.exit_code, "No other plan differs in who takes exams." in result.stdout)


def test_cli_rejects_an_unknown_alternatives_differ(tmp_path):
    """--alternatives-differ roles: one line naming the option, exit 2."""
    result = run("plan", _write(tmp_path, SWAPS), "--alternatives-differ", "roles")
    assert (2, True) == (result.exit_code, "--alternatives-differ" in result.stderr)


# ---- against the exhaustive search -----------------------------------------------------------------------

@st.composite
def rosters(draw: st.DrawFn) -> dict[str, Any]:
    """A valid scenario mapping with 3-6 people (tests/strategies.py's people, dates and costs)."""
    as_of, deadline = draw(as_of_and_deadline())
    effective = deadline or as_of.replace(year=as_of.year + 1)
    data: dict[str, Any] = {
        "schema_version": 1, "name": "Hypothesis Partner", "as_of": as_of.isoformat(),
        "organization": {"market": "developed", "revenue_usd": 1000000, "dpor": True},
        "costs": draw(costs()), "staff": draw(staff(draw(st.integers(3, 6)), as_of, effective)),
    }
    if deadline is not None:
        data["deadline"] = deadline.isoformat()
    return data


def _load(data: dict[str, Any]) -> LoadedScenario:
    return load_scenario_data(data, "hypothesis.yaml", catalog=CATALOG)


def _distinct(plans: list[tuple[frozenset[tuple[str, str]], int, int]], differ: str) -> bool:
    """Every listed plan differs from each one before it (in its pairs, or in its set of people)."""
    seen = [pairs if differ == "exams" else frozenset(pid for pid, _ in pairs) for pairs, _, _ in plans]
    return len(set(seen)) == len(seen)


@pytest.mark.parametrize("level", ["silver", "gold"])
@OBJECTIVES
@DIFFERS
@settings(max_examples=EXAMPLES)
@given(data=rosters(), asked=st.integers(3, 5))
def test_alternatives_are_the_next_best_plans_rank_by_rank(objective, differ, level, data, asked):
    """The first plan and its alternatives are valid, distinct plans whose (exams, cost) are, rank by rank,
    the exhaustive search's best, next best, ... (over distinct plans, or distinct sets of people)."""
    scenario = _load(data)
    plans = {p.pairs: p for p in every_plan(scenario, level)}
    report = plan(scenario, level, objective, alternatives=asked, alternatives_differ=differ, fixes=False)
    if not plans:
        assert ("infeasible", []) == (report.status, report.alternatives)
        return
    mine = listed(report)
    expected = ranked_keys(list(plans.values()), objective, differ)[:asked]
    actual = [Plan(pairs, n, cents).key(objective) for pairs, n, cents in mine]
    valid = [plans.get(pairs) == Plan(pairs, n, cents) for pairs, n, cents in mine]
    assert (expected, [True] * len(mine), True) == (actual, valid, _distinct(mine, differ))
    assert [] == one_goal_problems(scenario.scenario, scenario.catalog, report)


def test_shipped_gold_push_alternatives_change_who_takes_exams():
    """Issue 14: on contoso-gold-push the default alternatives each change who takes exams, not only which
    equivalent exam Kim takes; asked for exams, the swaps of Kim's exam come back at the same cost."""
    scenario = load_scenario(SCENARIOS / "contoso-gold-push.yaml")
    people, exams = (plan(scenario, "gold", "exams", alternatives=3, alternatives_differ=d)
                     for d in ("people", "exams"))
    sets = [frozenset(pid for pid, _ in pairs) for pairs, _, _ in listed(people)]
    costs_of_exams = [cents for _, _, cents in listed(exams)]
    assert (3, 3, [costs_of_exams[0]] * 3) == (len(sets), len(set(sets)), costs_of_exams)
