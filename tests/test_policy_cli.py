"""Policy: a budget, hires, plans that survive departures, alternatives, and how the CLI shows them.

Every instance is tiny and hand-made; each expected answer is worked out in the comment beside it and
also checked against `exhaustive` below, a search over every set of new exams and hires that restates
the rules without the planner's model.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from models.report import PlanReport
from planner import cli
from planner.core.matching import match_people_to_slots
from planner.core.planning import plan
from planner.rules.catalogs import shipped_catalog
from tests.helpers import loaded, one_goal_problems, scenario_dict

CATALOG = shipped_catalog("cloud-crm")
LISTS = {lst.id: lst.exams for lst in CATALOG.lists}
ROLE_LISTS = {role.id: role.lists for role in CATALOG.roles}
# A new exam costs US$100 plus 10 hours at the person's hourly rate (default 0): US$100, or 100 + 10 x rate.
COSTS = {"exam_fee_usd": 100, "prep_hours": 10, "hourly_rate_usd": 0}


def person(pid: str, *passed: str, rate: float | None = None, **extra: Any) -> dict[str, Any]:
    """A staff entry: id, exams held, optional hourly rate and other fields."""
    entry: dict[str, Any] = {"id": pid, "passed": list(passed), **extra}
    if rate is not None:
        entry["hourly_rate_usd"] = rate
    return entry


def locked(pid: str, *passed: str) -> dict[str, Any]:
    """Someone who holds what they hold and may be planned no exam."""
    return person(pid, *passed, can_take=[])


def data(staff: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    """A scenario mapping with the test costs (US$100 an exam by default)."""
    return scenario_dict(staff, **{"costs": COSTS, **overrides})


def run_plan(d: dict[str, Any], level: str = "silver", objective: str = "exams", **kwargs: Any) -> PlanReport:
    """Plan a scenario mapping and insist the plan passes the independent validator."""
    scenario = loaded(d["staff"], **{k: v for k, v in d.items() if k != "staff"})
    report = plan(scenario, level, objective, **kwargs)  # type: ignore[arg-type]
    assert [] == one_goal_problems(scenario.scenario, scenario.catalog, report)
    return report


def changes(report: PlanReport) -> list[str]:
    """The plan's changes as 'person exam' and 'hire profile' strings, in report order."""
    return [f"{e.person} {e.exam}" for e in report.new_exams] + [f"{h.id} {h.profile}" for h in report.hires]


# ---- an exhaustive search, without the planner's model -------------------------------------------------

def _roles(held: set[str]) -> frozenset[str]:
    return frozenset(r for r, lids in ROLE_LISTS.items() if all(held & set(LISTS[lid]) for lid in lids))


def _choices(held: set[str], can_take: list[str] | None, max_new: int | None, cents: int) -> list[tuple]:
    """(new exams, their cost) for one person: one exam (any allowed one) for each subset of lists not held.

    Every exam costs a person the same (no per-exam overrides in these instances), so one exam per list
    stands for all of that list's exams.
    """
    missing = []
    for codes in LISTS.values():
        allowed = [c for c in codes if can_take is None or c in can_take]
        if not held & set(codes) and allowed:
            missing.append(allowed[0])
    out = []
    for size in range(len(missing) + 1):
        if max_new is not None and size > max_new:
            break
        out += [(frozenset(combo), size * cents) for combo in itertools.combinations(missing, size)]
    return out


def survives(people: list[set[str]], slots: dict[str, int], k: int) -> bool:
    """Every slot can still be filled, by different people, after any k of `people` leave."""
    qualified = [(i, _roles(held)) for i, held in enumerate(people)]
    need = sum(slots.values())
    for gone in itertools.combinations(range(len(people)), k):
        rest = [q for q in qualified if q[0] not in gone]
        if len(match_people_to_slots(rest, slots)) < need:
            return False
    return True


def exhaustive(d: dict[str, Any], level: str, objective: str, *, k: int = 0,
               budget: float | None = None) -> tuple[int, int] | None:
    """The best (changes, cents) over every set of new exams and hires, or None when none works.

    A change is a new exam or a hire; the key is (changes, cost) for `exams`, (cost, changes) for `cost`.
    Dates play no part: the instances use as_of 2017-11-20 and deadline 2018-06-30, when every exam of
    the catalog can be taken and counts, and nobody leaves unless `leaves_on` says so.
    """
    scenario = loaded(d["staff"], **{k2: v for k2, v in d.items() if k2 != "staff"}).scenario
    fee, hours, default_rate = (scenario.costs.exam_fee_usd, scenario.costs.prep_hours,
                                scenario.costs.hourly_rate_usd)
    def exam_cents(rate: float | None) -> int:
        return round((fee + hours * (default_rate if rate is None else rate)) * 100)

    options: list[list[tuple[set[str] | None, int, int]]] = []  # per candidate: (holdings, changes, cents)
    for p in scenario.staff:
        if p.leaves_on is not None and p.leaves_on <= scenario.deadline:
            continue
        held = {x.exam for x in p.passed}
        choices = _choices(held, p.can_take, p.max_new_exams, exam_cents(p.hourly_rate_usd))
        options.append([(held | new, len(new), c) for new, c in choices])
    for hp in scenario.hiring:
        held = {x.exam for x in hp.passed}
        choices = _choices(held, hp.can_take, hp.max_new_exams, exam_cents(hp.hourly_rate_usd))
        hire = round(hp.cost_usd * 100)
        for _ in range(hp.max):  # None: not hired
            options.append([(None, 0, 0)] + [(held | new, 1 + len(new), hire + c) for new, c in choices])
    slots = CATALOG.level(level).slots
    best: tuple[int, int] | None = None
    for combo in itertools.product(*options):
        count = sum(c for _, c, _ in combo)
        cents = sum(m for _, _, m in combo)
        if budget is not None and cents > round(budget * 100):
            continue
        key = (count, cents) if objective == "exams" else (cents, count)
        if best is not None and key >= best:
            continue
        if survives([h for h, _, _ in combo if h is not None], slots, k):
            best = key
    if best is None:
        return None
    return best if objective == "exams" else (best[1], best[0])


def final_holdings(d: dict[str, Any], report: PlanReport) -> list[set[str]]:
    """What every person who counts on the deadline (hires included) holds once the plan is done."""
    held: dict[str, set[str]] = {}
    for p in d["staff"]:
        if p.get("leaves_on") is None or str(p["leaves_on"]) > str(d["deadline"]):  # ISO days sort as text
            held[p["id"]] = set(p.get("passed", []))
    profiles = {hp["profile"]: hp for hp in d.get("hiring", [])}
    for h in report.hires:
        held[h.id] = set(profiles[h.profile].get("passed", []))
    for e in report.new_exams:
        held[e.person].add(e.exam)
    return list(held.values())


# ---- budget ----------------------------------------------------------------------------------------------

# Silver, carol holds the customization slot. ed holds MB2-717 and needs a deployment exam, but his hour
# is dear: 100 + 10 x 90 = US$1,000. dan holds nothing: two exams at 100 + 10 x 10 = US$200 each, US$400.
ED_OR_DAN = [locked("carol", "MB2-716"), person("ed", "MB2-717", rate=90), person("dan", rate=10)]


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        pytest.param(None, ("optimal", ["ed MB2-715"], 1000.0), id="no-budget-one-dear-exam"),
        pytest.param(1000, ("optimal", ["ed MB2-715"], 1000.0), id="budget-exactly-the-dear-exam"),
        pytest.param(999.99, ("optimal", ["dan MB2-717", "dan MB2-715"], 400.0), id="cent-short-two-cheap"),
        pytest.param(400, ("optimal", ["dan MB2-717", "dan MB2-715"], 400.0), id="budget-exactly-two-cheap"),
        pytest.param(399.99, ("infeasible", [], 0.0), id="cent-short-of-any-plan"),
    ],
)
def test_budget_caps_the_plan_cost_so_fewest_exams_gives_way_to_a_cheaper_plan(budget, expected):
    """Under a budget the fewest-exams plan is the best one that costs at most the budget, or none."""
    report = run_plan(data(ED_OR_DAN), budget_usd=budget)
    assert expected == (report.status, changes(report), report.total_cost_usd)


def test_budget_that_blocks_the_level_says_by_how_much():
    """When only the budget stands in the way, the reason names the cheapest plan and the shortfall."""
    report = run_plan(data(ED_OR_DAN), budget_usd=399.99)
    expected = "Silver needs a plan costing at least US$400, US$0.01 over the budget of US$399.99"
    assert (False, expected) == (report.reachable, report.reasons[0])


@pytest.mark.parametrize(
    ("policy_budget", "argument", "expected"),
    [
        pytest.param(399.99, None, (399.99, "infeasible"), id="policy-alone-applies"),
        pytest.param(399.99, 1000, (1000.0, "optimal"), id="argument-raises-policy"),
        pytest.param(5000, 399.99, (399.99, "infeasible"), id="argument-lowers-policy"),
        pytest.param(None, None, (None, "optimal"), id="neither"),
    ],
)
def test_budget_argument_overrides_the_policy_budget(policy_budget, argument, expected):
    """`budget_usd` (the CLI's --budget) replaces policy.budget_usd; the report echoes the one applied."""
    policy = {} if policy_budget is None else {"policy": {"budget_usd": policy_budget}}
    report = run_plan(data(ED_OR_DAN, **policy), budget_usd=argument)
    assert expected == (report.budget_usd, report.status)


# ---- hiring ----------------------------------------------------------------------------------------------

ANN_AB = locked("ann", "MB2-717", "MB2-715")


def customizer(cost: float, most: int = 1) -> dict[str, Any]:
    return {"profile": "customizer", "passed": ["MB2-716"], "cost_usd": cost, "max": most}


@pytest.mark.parametrize(
    ("objective", "hire_cost", "expected"),
    [
        # bob's MB2-716 costs US$100; a certified customizer costs hire_cost. One change either way.
        pytest.param("cost", 99, (["hire-1 customizer"], 99.0), id="cost-hire-a-dollar-cheaper"),
        pytest.param("cost", 100, (["bob MB2-716"], 100.0), id="cost-tie-goes-to-the-roster"),
        pytest.param("cost", 101, (["bob MB2-716"], 100.0), id="cost-training-cheaper"),
        pytest.param("exams", 99, (["hire-1 customizer"], 99.0), id="exams-tie-then-cheaper-hire"),
        pytest.param("exams", 101, (["bob MB2-716"], 100.0), id="exams-tie-then-cheaper-exam"),
    ],
)
def test_hire_is_used_only_when_it_is_cheaper_than_training(objective, hire_cost, expected):
    """Filling Silver's customization slot, a hire wins only when it costs less than bob's exam."""
    d = data([ANN_AB, person("bob")], hiring=[customizer(hire_cost)])
    report = run_plan(d, objective=objective)
    assert expected == (changes(report), report.total_cost_usd)


# Nobody holds an application+deployment pair: cy needs MB2-717 and MB2-715 (2 x US$100); a certified
# consultant costs US$1,000 but is one change.
CONSULTANT = {"profile": "consultant", "passed": ["MB2-717", "MB2-715"], "cost_usd": 1000}
CY_OR_CONSULTANT = [locked("bob", "MB2-716"), person("cy")]


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        pytest.param("exams", (["hire-1 consultant"], 1, 1000.0), id="exams-one-hire-beats-two-exams"),
        pytest.param("cost", (["cy MB2-717", "cy MB2-715"], 2, 200.0), id="cost-two-exams-beat-dear-hire"),
    ],
)
def test_hire_counts_as_one_change_under_exams_and_as_its_cost_under_cost(objective, expected):
    """Fewest changes hires the consultant (1 change, not 2 exams); lowest cost trains cy for US$200."""
    report = run_plan(data(CY_OR_CONSULTANT, hiring=[CONSULTANT]), objective=objective)
    assert expected == (changes(report), report.total_new_exams + len(report.hires), report.total_cost_usd)


def test_hire_can_be_planned_new_exams_under_its_id():
    """A hire holding only MB2-717 is hired (US$50) and takes MB2-715 (US$100) as hire-1."""
    hiring = [{"profile": "functional consultant", "passed": ["MB2-717"], "cost_usd": 50}]
    report = run_plan(data([locked("bob", "MB2-716"), person("cy", rate=100)], hiring=hiring))
    assignments = [(a.person, a.role) for a in report.assignments]
    assert (["hire-1 MB2-715", "hire-1 functional consultant"], 150.0) == (changes(report),
                                                                          report.total_cost_usd)
    assert [("hire-1", "application+deployment"), ("bob", "customization")] == assignments


def test_hires_are_numbered_hire_1_hire_2_in_the_order_of_the_hiring_list():
    """Gold with nobody able to train: two customizers and two consultants are hired, numbered in order."""
    hiring = [customizer(50, most=2), {**CONSULTANT, "cost_usd": 100, "max": 2}]
    report = run_plan(data([locked("nobody")], hiring=hiring), "gold")
    assert [("hire-1", "customizer"), ("hire-2", "customizer"), ("hire-3", "consultant"),
            ("hire-4", "consultant")] == [(h.id, h.profile) for h in report.hires]
    assert ["hire-3", "hire-4", "hire-1", "hire-2"] == [a.person for a in report.assignments]


@pytest.mark.parametrize(
    ("hiring", "expected"),
    [
        pytest.param(None, ("optimal", ["cy MB2-717", "cy MB2-715"]), id="no-hiring-list"),
        pytest.param([], ("optimal", ["cy MB2-717", "cy MB2-715"]), id="empty-hiring-list"),
        pytest.param([{**CONSULTANT, "max": 0}], ("optimal", ["cy MB2-717", "cy MB2-715"]), id="max-zero"),
    ],
)
def test_without_a_hiring_list_nobody_is_hired(hiring, expected):
    """Without hiring profiles (or with max 0) the plan trains cy, though one hire would be fewer changes."""
    extra = {} if hiring is None else {"hiring": hiring}
    report = run_plan(data(CY_OR_CONSULTANT, **extra))
    assert (expected, []) == ((report.status, changes(report)), report.hires)


def test_without_a_hiring_list_a_level_short_of_people_stays_unreachable():
    """Gold with two people cannot be reached, and no one is hired to make up the numbers."""
    report = run_plan(data([ANN_AB, locked("bob", "MB2-716")]), "gold")
    assert ("infeasible", []) == (report.status, report.hires)


def test_hiring_max_caps_the_hires_of_a_profile():
    """Gold needs two customizers; at most one may be hired, so cy trains for the other slot."""
    staff = [ANN_AB, locked("abe", "MB2-717", "MB2-715"), person("cy", rate=5)]
    report = run_plan(data(staff, hiring=[customizer(10, most=1)]), "gold", "cost")
    assert (["cy MB2-716", "hire-1 customizer"], 160.0) == (changes(report), report.total_cost_usd)


# ---- surviving departures --------------------------------------------------------------------------------

SILVER_MET = [ANN_AB, locked("bob", "MB2-716")]
GOLD_MET = [ANN_AB, locked("abe", "MB2-717", "MB2-715"), locked("bob", "MB2-716"), locked("bea", "MB2-712")]

RESILIENCE_CASES = [
    # Silver, K=1: 2 application+deployment, 2 customization, 3 people in all. cy needs two exams for
    # the first, dee one for the second (or cy a third): 3 exams at US$100.
    pytest.param(SILVER_MET + [person("cy"), person("dee")], "silver", 1, (3, 300.0), id="silver-k1"),
    # cy already pairs A and B; the second customizer is the cheapest of ann (US$100), cy (US$150) and
    # dee (US$200): ann, a slot holder of the other role, doubles as the spare.
    pytest.param([person("ann", "MB2-717", "MB2-715"), locked("bob", "MB2-716"),
                  person("cy", "MB2-717", "MB2-715", rate=5), person("dee", rate=10)], "silver", 1,
                 (1, 100.0), id="silver-k1-slot-holder-doubles-as-spare"),
    # Silver, K=2: 3 and 3, 4 in all: two of cy, dee, eve pair A and B (4 exams), two take C (2 exams).
    pytest.param(SILVER_MET + [person("cy"), person("dee"), person("eve")], "silver", 2, (6, 600.0),
                 id="silver-k2"),
    # Gold, K=1: 3 and 3, 5 in all: one more pair (2 exams) and one more customizer (1 exam).
    pytest.param(GOLD_MET + [person("cy"), person("dee")], "gold", 1, (3, 300.0), id="gold-k1"),
    # Gold, K=2: 4 and 4, 6 in all: cy (US$100 an exam) and dee (US$110) each take A, B and C; eve's
    # exams (US$120) are dearer. 6 exams: 3 x 100 + 3 x 110.
    pytest.param(GOLD_MET + [person("cy"), person("dee", rate=1), person("eve", rate=2)], "gold", 2,
                 (6, 630.0), id="gold-k2"),
]


@pytest.mark.parametrize(("staff", "level", "k", "expected"), RESILIENCE_CASES)
def test_resilient_plan_has_the_worked_out_cost_and_matches_the_exhaustive_search(staff, level, k, expected):
    """The plan that survives any K departures costs what the worked example says, the search's optimum."""
    report = run_plan(data(staff), level, resilience=k)
    actual = (report.total_new_exams, report.total_cost_usd)
    assert (expected, expected) == (actual, _usd(exhaustive(data(staff), level, "exams", k=k)))


def _usd(found: tuple[int, int] | None) -> tuple[int, float] | None:
    return None if found is None else (found[0], found[1] / 100)


@pytest.mark.parametrize(("staff", "level", "k", "expected"), RESILIENCE_CASES)
def test_resilient_plan_keeps_the_level_after_any_k_people_leave(staff, level, k, expected):
    """With the plan's exams any K people who count can leave and the slots still fill; with the plain
    plan's (resilience 0) some K cannot."""
    slots = CATALOG.level(level).slots
    kept = [survives(final_holdings(data(staff), run_plan(data(staff), level, resilience=n)), slots, k)
            for n in (k, 0)]
    assert [True, False] == kept


@pytest.mark.parametrize(("staff", "level", "k", "expected"), RESILIENCE_CASES)
def test_resilience_extra_cost_is_the_difference_to_the_plan_without_it(staff, level, k, expected):
    """`resilience` reports K and the exams and money it adds over the plan with resilience 0."""
    report = run_plan(data(staff), level, resilience=k)
    plain = run_plan(data(staff), level, resilience=0)
    extra = (k, report.total_new_exams - plain.total_new_exams, report.total_cost_usd - plain.total_cost_usd)
    assert (extra, None) == ((report.resilience.k, report.resilience.extra_new_exams,
                              report.resilience.extra_cost_usd), plain.resilience)


def test_resilience_from_the_policy_applies_unless_overridden():
    """policy.resilience 1 is used by default; resilience=0 in the call turns it off."""
    d = data(SILVER_MET + [person("cy"), person("dee")], policy={"resilience": 1})
    assert [(1, 3), (None, 0)] == [
        (None if r.resilience is None else r.resilience.k, r.total_new_exams)
        for r in (run_plan(d), run_plan(d, resilience=0))
    ]


def test_resilience_that_no_roster_can_give_is_infeasible_with_a_reason():
    """Two people can hold Silver but not survive one of them leaving: infeasible, and the reason says so."""
    report = run_plan(data(SILVER_MET), resilience=1)
    expected = ("Silver can be reached, but no plan keeps it after any 1 of the people who count leave: "
                "there are not enough people who can qualify for its slots")
    assert ("infeasible", expected, 1) == (report.status, report.reasons[0], report.resilience.k)


def test_resilience_counts_a_hire_as_someone_who_can_leave():
    """Silver K=1 with one spare customizer to find: hiring one (US$50) beats training cy (US$100)."""
    d = data([*SILVER_MET, person("cy", "MB2-717", "MB2-715", can_take=["MB2-716"])], hiring=[customizer(50)])
    report = run_plan(d, "silver", "cost", resilience=1)
    assert ((["hire-1 customizer"], 50.0), (1, 5000)) == ((changes(report), report.total_cost_usd),
                                                          exhaustive(d, "silver", "cost", k=1))


# ---- the exhaustive search agrees on budgets and hires ---------------------------------------------------

AGREEMENT = [
    pytest.param(data(ED_OR_DAN), "silver", "exams", 0, 999.99, id="budget-exams"),
    pytest.param(data(ED_OR_DAN), "silver", "cost", 0, 399.99, id="budget-too-small"),
    pytest.param(data(CY_OR_CONSULTANT, hiring=[CONSULTANT]), "silver", "exams", 0, None, id="hire-exams"),
    pytest.param(data(CY_OR_CONSULTANT, hiring=[CONSULTANT]), "silver", "cost", 0, None, id="hire-cost"),
    pytest.param(data(CY_OR_CONSULTANT, hiring=[CONSULTANT]), "silver", "exams", 0, 999,
                 id="hire-over-budget"),
    pytest.param(data([ANN_AB, person("cy", rate=5), person("dee", "MB2-718")], hiring=[customizer(10, 2)]),
                 "gold", "cost", 0, None, id="gold-hire-and-train"),
    pytest.param(data([ANN_AB, person("cy", rate=5), person("dee", "MB2-718")], hiring=[customizer(10, 2)]),
                 "gold", "exams", 1, None, id="gold-hire-train-survive-one"),
    pytest.param(data([ANN_AB, locked("bob", "MB2-716"), person("cy"), person("dee", rate=3)]), "silver",
                 "cost", 1, 250, id="resilience-within-budget"),
    pytest.param(data([ANN_AB, locked("bob", "MB2-716"), person("cy"), person("dee", rate=3)]), "silver",
                 "exams", 1, 299.99, id="resilience-over-budget"),
]


@pytest.mark.parametrize(("d", "level", "objective", "k", "budget"), AGREEMENT)
def test_plan_with_budget_hires_and_resilience_equals_the_exhaustive_optimum(d, level, objective, k, budget):
    """The planner's (changes, cost) equals the exhaustive search's, or both find no plan."""
    report = run_plan(d, level, objective, resilience=k, budget_usd=budget)
    found = exhaustive(d, level, objective, k=k, budget=budget)
    actual = None if report.status == "infeasible" else (
        report.total_new_exams + len(report.hires), round(report.total_cost_usd * 100))
    assert found == actual


# ---- alternatives ----------------------------------------------------------------------------------------

# Silver: ann holds A+B; bob (US$100), cy (US$110) and dee (US$130) may each take MB2-716 only.
THREE_CUSTOMIZERS = [ANN_AB, person("bob", can_take=["MB2-716"]), person("cy", rate=1, can_take=["MB2-716"]),
                     person("dee", rate=3, can_take=["MB2-716"])]


def test_alternatives_are_the_next_best_plans_in_order_each_with_what_differs():
    """Asked for 3 plans: bob's exam, then cy's, then dee's, each listing what it adds and drops."""
    report = run_plan(data(THREE_CUSTOMIZERS), alternatives=3)
    listed = [(a.rank, [f"{e.person} {e.exam}" for e in a.new_exams], a.total_cost_usd, a.adds, a.drops)
              for a in report.alternatives]
    assert (["bob MB2-716"], [
        (2, ["cy MB2-716"], 110.0, ["cy MB2-716"], ["bob MB2-716"]),
        (3, ["dee MB2-716"], 130.0, ["dee MB2-716"], ["bob MB2-716"]),
    ]) == (changes(report), listed)


def test_alternatives_stop_when_no_other_plan_exists():
    """Only three plans exist, so asking for ten lists the first and two alternatives."""
    assert [2, 3] == [a.rank for a in run_plan(data(THREE_CUSTOMIZERS), alternatives=10).alternatives]


def test_alternatives_are_distinct_and_never_better_than_the_one_before():
    """Every listed plan differs from all earlier ones and comes in order of (changes, cost)."""
    staff = [person("ann", "MB2-717"), person("abe", "MB2-715", rate=1), locked("bob", "MB2-716"),
             person("cy", rate=2)]
    report = run_plan(data(staff), alternatives=6)
    plans = [(report.total_new_exams, report.total_cost_usd, frozenset(changes(report)))]
    plans += [(a.total_new_exams, a.total_cost_usd, frozenset(f"{e.person} {e.exam}" for e in a.new_exams))
              for a in report.alternatives]
    keys = [(n, c) for n, c, _ in plans]
    assert (6, len(plans), sorted(keys)) == (len(plans), len({s for _, _, s in plans}), keys)


def test_alternative_may_swap_an_exam_for_a_hire():
    """bob's exam (US$100) first, then the customizer hire (US$105): adds the hire, drops bob's exam."""
    d = data([ANN_AB, person("bob", can_take=["MB2-716"])], hiring=[customizer(105)])
    (alternative,) = run_plan(d, alternatives=2).alternatives
    assert (["hire customizer"], ["bob MB2-716"], 105.0) == (alternative.adds, alternative.drops,
                                                             alternative.total_cost_usd)


def test_alternative_with_a_second_hire_of_the_same_profile_lists_it_as_added():
    """Gold: bob's exam and one customizer (US$220) first; then two customizers (US$240), which adds a
    hire and drops bob's exam."""
    staff = [ANN_AB, locked("abe", "MB2-717", "MB2-715"), person("bob", can_take=["MB2-716"])]
    report = run_plan(data(staff, hiring=[customizer(120, most=2)]), "gold", "cost", alternatives=2)
    (alternative,) = report.alternatives
    assert ((["bob MB2-716", "hire-1 customizer"], 220.0), (240.0, ["hire customizer"], ["bob MB2-716"])) == (
        (changes(report), report.total_cost_usd),
        (alternative.total_cost_usd, alternative.adds, alternative.drops))


def test_alternative_to_a_plan_with_no_new_exams_adds_without_dropping():
    """Silver is met already; the next plan has cy take MB2-716 and fill bob's slot: adds, drops nothing."""
    d = data([ANN_AB, locked("bob", "MB2-716"), person("cy", can_take=["MB2-716"])])
    report = run_plan(d, alternatives=2)
    assert ([], [(["cy MB2-716"], [])]) == (changes(report), [(a.adds, a.drops) for a in report.alternatives])


# ---- the CLI ---------------------------------------------------------------------------------------------

def write(tmp_path: Path, d: dict[str, Any], name: str = "s.yaml") -> str:
    """Write a scenario mapping to a YAML file and return its path."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(d, sort_keys=False), encoding="utf-8")
    return str(path)


def invoke(*args: str):
    """Run the CLI in-process with a wide terminal."""
    return CliRunner().invoke(cli.app, list(args), env={"COLUMNS": "200", "PLANNER_DEBUG": None})


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["--budget", "1000"], (0, 1000.0, ["ed MB2-715"]), id="budget-allows-dear-exam"),
        pytest.param(["--budget", "999.99"], (0, 999.99, ["dan MB2-717", "dan MB2-715"]),
                     id="budget-cheaper"),
        pytest.param(["--budget", "399.99"], (1, 399.99, []), id="budget-too-small"),
        pytest.param(["--budget", "0"], (1, 0.0, []), id="budget-zero"),
    ],
)
def test_cli_plan_budget_sets_budget_usd_and_the_exit_code(tmp_path, args, expected):
    """plan --budget USD: the JSON echoes budget_usd, the plan fits it, exit 1 when nothing does."""
    result = invoke("plan", write(tmp_path, data(ED_OR_DAN)), "--level", "silver", "-f", "json", *args)
    out = json.loads(result.stdout)
    new = [f"{e['person']} {e['exam']}" for e in out["new_exams"]]
    assert expected == (result.exit_code, out["budget_usd"], new)


def test_cli_budget_overrides_the_policy_budget(tmp_path):
    """A scenario whose policy budget blocks Silver plans it with --budget 1000 and exits 0."""
    path = write(tmp_path, data(ED_OR_DAN, policy={"budget_usd": 100}))
    codes = [invoke("plan", path, "--level", "silver", "-f", "json", *extra).exit_code
             for extra in ([], ["--budget", "1000"])]
    assert [1, 0] == codes


def test_cli_plan_resilience_json_shows_k_and_the_extra_cost(tmp_path):
    """plan --resilience 1: the JSON's resilience holds k 1, 3 extra exams and US$300 extra."""
    path = write(tmp_path, data(SILVER_MET + [person("cy"), person("dee")]))
    result = invoke("plan", path, "--level", "silver", "--resilience", "1", "-f", "json")
    assert (0, {"k": 1, "extra_new_exams": 3, "extra_cost_usd": 300.0}) == (
        result.exit_code, json.loads(result.stdout)["resilience"])


def test_cli_plan_alternatives_json_lists_ranked_plans(tmp_path):
    """plan --alternatives 3: ranks 2 and 3 with their costs, adds and drops."""
    result = invoke("plan", write(tmp_path, data(THREE_CUSTOMIZERS)), "--level", "silver",
                    "--alternatives", "3", "-f", "json")
    listed = [(a["rank"], a["total_cost_usd"], a["adds"], a["drops"])
              for a in json.loads(result.stdout)["alternatives"]]
    expected = [(2, 110.0, ["cy MB2-716"], ["bob MB2-716"]), (3, 130.0, ["dee MB2-716"], ["bob MB2-716"])]
    assert (0, expected) == (result.exit_code, listed)


def test_cli_plan_json_has_the_hires(tmp_path):
    """plan on a scenario with a hiring list shows the hire's id, profile and cost in the JSON."""
    result = invoke("plan", write(tmp_path, data(CY_OR_CONSULTANT, hiring=[CONSULTANT])), "--level", "silver",
                    "-f", "json")
    assert (0, [{"id": "hire-1", "profile": "consultant", "cost_usd": 1000.0}]) == (
        result.exit_code, json.loads(result.stdout)["hires"])


@pytest.mark.parametrize("fmt", ["table", "markdown"])
@pytest.mark.parametrize(
    ("d", "args", "facts"),
    [
        pytest.param(data(ED_OR_DAN), ["--budget", "1000"], ["Budget: US$1,000", "US$0 left"], id="budget"),
        pytest.param(data(ED_OR_DAN), ["--budget", "399.99"],
                     ["Budget: US$399.99", "US$0.01 over the budget", "raise the budget to US$400"],
                     id="budget-blocks"),
        pytest.param(data(SILVER_MET + [person("cy"), person("dee")]), ["--resilience", "1"],
                     ["Resilience", "survives any 1 departure", "US$300", "+3"], id="resilience"),
        pytest.param(data(THREE_CUSTOMIZERS), ["--alternatives", "3"],
                     ["Alternatives", "cy MB2-716", "dee MB2-716", "US$110", "US$130"], id="alternatives"),
        pytest.param(data(CY_OR_CONSULTANT, hiring=[CONSULTANT]), [],
                     ["Hires", "hire-1", "consultant", "US$1,000"], id="hires"),
    ],
)
def test_cli_plan_human_output_shows_the_policy_facts(tmp_path, fmt, d, args, facts):
    """Table and Markdown show the budget, resilience, alternatives and hires the JSON holds."""
    result = invoke("plan", write(tmp_path, d), "--level", "silver", "-f", fmt, *args)
    assert [] == [f for f in facts if f not in result.stdout]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        pytest.param(["plan", "--budget", "-1"], "--budget", id="plan-negative-budget"),
        pytest.param(["plan", "--budget", "inf"], "--budget", id="plan-infinite-budget"),
        pytest.param(["plan", "--budget", "lots"], "--budget", id="plan-budget-not-a-number"),
        pytest.param(["plan", "--alternatives", "0"], "--alternatives", id="plan-zero-alternatives"),
        pytest.param(["plan", "--resilience", "-1"], "--resilience", id="plan-negative-resilience"),
        pytest.param(["best", "--budget", "-5"], "--budget", id="best-negative-budget"),
    ],
)
def test_bad_policy_option_exits_2_with_one_line(tmp_path, monkeypatch, capsys, args, fragment):
    """The console entry point turns a bad --budget, --alternatives or --resilience into one line, exit 2."""
    command, *options = args
    monkeypatch.setattr(sys, "argv", ["planner", command, write(tmp_path, data(ED_OR_DAN)), *options])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    err = capsys.readouterr()
    lines = err.err.splitlines()
    assert (2, "", 1, True) == (stopped.value.code, err.out, len(lines), fragment in lines[0])
