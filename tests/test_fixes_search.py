"""The fix search at any size: pruned like the other modes, and the same answer under any load (issue 20).

The search's model keeps only the people who can matter (planner/explain/relaxed.py proves which): the
options it proposes are the ones the model over the whole roster gives, its blocking facts keep the level
out of reach over the whole roster, and no clock decides what it finds.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from models.report import Fix
from planner.core.planning import plan
from planner.core.problem import PlanSettings, build_problem
from planner.explain import fixes
from planner.explain.fixes import blocking_facts, lifted, propose_fixes, search
from planner.input.loading import LoadedScenario, load_scenario_data
from tests.helpers import loaded, run, scenario_dict
from tests.strategies import CATALOG, holdings

AS_OF, DEADLINE = dt.date(2017, 11, 20), dt.date(2018, 6, 30)
EXAMPLES = max(6, settings.default.max_examples // 12)  # ci 6, default 25, thorough 250
# --objective time books every exam in a month: its searches take seconds, so only beyond the ci profile
OBJECTIVES = ["exams", "cost"] + (["time"] if settings.default.max_examples > 75 else [])


# ---- pruned as the other modes, and the same answer as over the whole roster ----------------------------

@st.composite
def _person(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """Someone with holdings and, often, facts a fix could lift: a departure, a can_take list, a cap."""
    passed = [c for c in draw(holdings()) if c != "MB2-877"]  # MB2-877 opens after as_of
    data: dict[str, Any] = {"id": f"p{index:02d}", "passed": passed}
    if draw(st.integers(0, 3)) == 0:
        day = draw(st.sampled_from([AS_OF, DEADLINE - dt.timedelta(days=1), DEADLINE]))
        data["leaves_on"] = day.isoformat()
    if draw(st.integers(0, 3)) == 0:
        data["can_take"] = draw(st.lists(st.sampled_from([e.code for e in CATALOG.exams]), unique=True,
                                         max_size=2))
    if draw(st.integers(0, 2)) > 0:
        data["max_new_exams"] = draw(st.sampled_from([0, 0, 1]))
    if draw(st.booleans()):
        data["hourly_rate_usd"] = draw(st.sampled_from([0, 10, 60]))
    return data


@st.composite
def _blocked(draw: st.DrawFn) -> tuple[dict[str, Any], str, str]:
    """A roster of 6 to 14 people, many of them copies of one another (so the pruning leaves people out),
    with a resilience, a budget and a hiring limit now and then, and a level and an objective: (the
    scenario's mapping, level, objective)."""
    people: list[dict[str, Any]] = []
    for i in range(draw(st.integers(6, 14))):
        if people and draw(st.integers(0, 2)) > 0:
            people.append({**draw(st.sampled_from(people)), "id": f"p{i:02d}"})
        else:
            people.append(draw(_person(i)))
    policy: dict[str, Any] = {"resilience": draw(st.sampled_from([0, 0, 0, 1]))}
    if draw(st.integers(0, 3)) == 0:
        policy["budget_usd"] = draw(st.sampled_from([0, 300, 2000]))
    hiring = draw(st.sampled_from([[], [{"profile": "customizer", "passed": ["MB2-716"], "cost_usd": 3000,
                                         "max": 0}]]))
    data = scenario_dict(people, as_of=AS_OF.isoformat(), deadline=DEADLINE.isoformat(), policy=policy,
                         hiring=hiring, costs={"exam_fee_usd": 100, "prep_hours": 10})
    return data, draw(st.sampled_from(["silver", "gold"])), draw(st.sampled_from(OBJECTIVES))


def _problem(lo: LoadedScenario, level: str, objective: str, *, prune: bool):
    policy = lo.scenario.policy
    budget = None if policy.budget_usd is None else round(policy.budget_usd * 100)
    return build_problem(lo, level, objective, prune=prune,  # type: ignore[arg-type]
                         settings=PlanSettings(budget_cents=budget, resilience=policy.resilience))


def _options(lo: LoadedScenario, level: str, objective: str, *, prune: bool) -> list[tuple[Any, ...]]:
    """The options the search proposes (each re-plan taken as given: only the search is compared)."""
    found = propose_fixes(lo, _problem(lo, level, objective, prune=prune), lambda _s, _keep: (0, 0.0))
    return [(f.option, f.kind, f.person, f.change) for f in found]


@settings(max_examples=EXAMPLES)
@given(_blocked())
def test_the_pruned_fix_search_proposes_what_the_search_over_the_whole_roster_does(case):
    """Over a roster of alike people the search's model leaves some out, and its options are the whole
    roster's, option for option and fact for fact."""
    data, level, objective = case
    lo = load_scenario_data(data, "blocked.yaml")
    assert _options(lo, level, objective, prune=False) == _options(lo, level, objective, prune=True)


@settings(max_examples=EXAMPLES)
@given(_blocked())
def test_the_blocking_facts_keep_the_level_out_of_reach_over_the_whole_roster(case):
    """With every fact not named lifted (the budget too, unless it is named), the whole roster still
    cannot reach the level: the facts named block it together, people left out of the model included."""
    data, level, objective = case
    lo = load_scenario_data(data, "blocked.yaml")
    problem = _problem(lo, level, objective, prune=True)
    within = search(lo, problem)
    named = set(blocking_facts(lo, problem, within))
    if not named:
        return
    others = [f for f in within.facts if f.said not in named]
    scenario = lifted(lo.scenario, others)
    if all(f.kind != "budget" for f in within.facts if f.said in named):
        policy = scenario.policy.model_copy(update={"budget_usd": None})
        scenario = scenario.model_copy(update={"policy": policy})
    again = replace(lo, scenario=scenario)
    assert "infeasible" == plan(again, level, objective, fixes=False, explain=False).status  # type: ignore[arg-type]


def test_the_search_model_keeps_as_many_people_for_a_hundred_alike_as_for_a_thousand():
    """Nobody may take a new exam: the model of the search over 100 and over 1,000 copies of the same few
    people has the same people in it (the pruning's k per class), not one per person."""
    kinds = [{"passed": ["MB2-717"]}, {"passed": ["MB2-716"]}, {"passed": []}, {"passed": ["MB2-715"]}]
    sizes = []
    for copies in (25, 250):
        staff = [{"id": f"p{i:04d}", "max_new_exams": 0, **kinds[i % 4]} for i in range(4 * copies)]
        lo = loaded(staff)
        sizes.append(len(search(lo, build_problem(lo, "gold", "exams")).relaxation.model().people))
    assert sizes[0] == sizes[1] < 100


def test_a_roster_beyond_three_thousand_people_gets_its_fixes():
    """3,004 people who may take no new exam, one pair among them leaving: the search is tried (once it
    stopped at 3,000 people) and keeping the pair is the first fix."""
    staff = [{"id": f"p{i:04d}", "max_new_exams": 0, "passed": [["MB2-716"], [], ["MB2-712"]][i % 3]}
             for i in range(3003)]
    staff.append({"id": "pair", "passed": ["MB2-717", "MB2-715"], "leaves_on": "2018-03-01"})
    report = plan(loaded(staff), "silver")
    assert [(1, "keep_person", "pair", 0)] == [(f.option, f.kind, f.person, f.total_new_exams)
                                                for f in report.fixes if f.option == 1]


# ---- renewals: can_take and max_new_exams limit new exams, not renewals -----------------------------------

MINI = Path(__file__).parent / "data" / "scored" / "mini-scored.yaml"


@pytest.mark.parametrize("limit", [{"can_take": []}, {"max_new_exams": 0}], ids=["can-take", "cap"])
def test_a_renewal_open_to_someone_who_may_take_no_new_exam_counts_in_the_fix_search(tmp_path, limit):
    """ann (intermediate) leaves; bob's advanced certification expires before the deadline and he may
    renew it though he may take no new exam: keeping ann is the cheapest fix, one fact and no new exam
    (the search once barred bob's renewal and proposed lifting his limit first)."""
    scenario = {
        "schema_version": 1, "name": "Scored partner", "competency": "mini-scored",
        "as_of": "2026-12-01", "deadline": "2027-06-30",
        "organization": {"market": "developed", "revenue_usd": 0, "dpor": False, "track": "enterprise",
                         "metrics": {"adds": 5, "usage": 10, "deployments": 4}},
        "costs": {"exam_fee_usd": 165},
        "staff": [{"id": "ann", "passed": ["IN-1"], "can_take": [], "leaves_on": "2027-03-01"},
                  {"id": "bob", "passed": [{"exam": "AD-1", "date": "2026-01-10", "expires": "2027-01-10"}],
                   **limit},
                  {"id": "cy", **limit}],
    }
    path = tmp_path / "renewal.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    result = run("plan", str(path), "--catalog", str(MINI), "-f", "json")
    first = [f for f in yaml.safe_load(result.stdout)["fixes"] if f["option"] == 1]
    assert [("keep_person", "ann", 0)] == [(f["kind"], f["person"], f["total_new_exams"]) for f in first]


# ---- the same answer whatever the load and the clock ------------------------------------------------------

def _capped(size: int) -> LoadedScenario:
    """`size` people who may take no new exam: a third hold an application exam, a third a customization
    exam, none a deployment exam (so every fix lifts someone's cap)."""
    staff = [{"id": f"p{i:03d}", "max_new_exams": 0,
              "passed": ["MB2-717"] if i % 3 == 0 else (["MB2-716"] if i % 3 == 1 else [])}
             for i in range(size)]
    return loaded(staff)


def _answer(lo: LoadedScenario) -> tuple[list[Fix], list[str]]:
    report = plan(lo, "gold")
    return report.fixes, report.reasons


def test_the_fixes_do_not_depend_on_the_clock(monkeypatch):
    """A clock that runs 10 s ahead at every reading (a slow, busy machine, as the search once saw it
    through its 10 s box) changes nothing: no clock bounds the search without a time limit."""
    lo = _capped(36)
    idle = _answer(lo)
    ticks = iter(range(0, 10**9, 10))
    monkeypatch.setattr(time, "perf_counter", lambda: float(next(ticks)))
    assert idle == _answer(lo)


def test_the_fixes_are_the_same_with_the_other_core_busy():
    """The search run once idle and once with a process keeping another core busy gives the same facts
    and fixes."""
    lo = _capped(36)
    idle = _answer(lo)
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        loaded_answer = _answer(lo)
    finally:
        busy.kill()
        busy.wait()
    assert idle == loaded_answer


def test_a_search_out_of_work_says_so(monkeypatch):
    """With no deterministic work to spend, the search finds nothing and the answer says it stopped at its
    limit of work, not that there is nothing to fix."""
    monkeypatch.setattr(fixes, "FIXES_WORK", 0.0)
    report = plan(_capped(12), "gold")
    assert ([], True) == (report.fixes, any("stopped at its limit of work" in r for r in report.reasons))
