"""Several designations planned together are pruned by what the best plan can afford (core/bounded.py): the
model gets the people who could be in the whole roster's best plan, and everyone else 1. keeps as a
tail planned in counts; the plan is the whole roster's, tie-break included."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core import bounded, solving
from planner.core.bounded import CostBound, Tail, free_qualifiers
from planner.core.cpsat import cp_model
from planner.core.model import Decisions
from planner.core.pipeline import PlanRequest, run
from planner.core.problem import build_problem
from planner.core.profiles import NewExamOption, Profile
from planner.explain.designations import scored_in_force
from planner.input.loading import load_scenario_data, load_scenario_text, resolve_target
from planner.rules.catalogs import shipped_catalogs
from planner.rules.certifications import shipped_certifications
from planner.tools.generate_designations import DESIGNATIONS_AS_OF, generate_designations_scenario
from tests.conftest import LIGHT
from tests.strategies_designations import AZURE, azure_rosters

EXAMPLES = 6 if LIGHT else max(1, settings.default.max_examples // 5)
"""6 random rosters in CI, 60 by default, 600 with HYPOTHESIS_PROFILE=thorough (each planned twice)."""
FEWER = 4 if LIGHT else EXAMPLES
"""The cross-checks of figures-only plans and of the other objective: 4 random rosters in CI."""


def _plans(loaded: Any) -> list[tuple[object, ...]]:
    """The plan pruned by cost and the whole roster's, as (pruning, status, new exams, cost, the new exams,
    who counts toward what)."""
    goals = tuple(resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets)
    out = []
    for prune in (True, False):
        r = run(loaded, PlanRequest(goals=goals, prune=prune, alone=False, fixes=False, details=False))
        out.append((r.stats.get("pruning"), r.status, r.total_new_exams, r.total_cost_usd,
                    sorted((e.person, e.exam, bool(e.renewal)) for e in r.new_exams),
                    sorted((a.person, a.target or "", a.role) for a in r.assignments)))
    return out


@settings(max_examples=EXAMPLES)
@given(azure_rosters(), st.booleans())
def test_three_azure_designations_plan_as_the_whole_roster_when_pruned_by_cost(data, tail_first) -> None:
    """Data & AI, Digital & App Innovation and Infrastructure on 4-9 random people: pruned by cost (with the
    people the first guess leaves out in the tail, or with everyone but the free qualifiers there, so that
    the tail is needed and the model widened) the plan is the whole roster's, person by person."""
    loaded = load_scenario_data(data, "azure.yaml")
    before = bounded.FIRST_GUESS_TIMES
    bounded.FIRST_GUESS_TIMES = 0 if tail_first else before
    try:
        pruned, whole = _plans(loaded)
    finally:
        bounded.FIRST_GUESS_TIMES = before
    assert ("bounded", "whole") == (pruned[0], whole[0])
    assert whole[1:] == pruned[1:]


@settings(max_examples=FEWER)
@given(azure_rosters(), st.sampled_from(["exams", "cost"]), st.booleans())
def test_a_plan_of_figures_only_has_the_figures_of_the_whole_rosters_plan(data, objective, tail_first
                                                                          ) -> None:
    """A plan only the figures of are read (each goal alone beside several, the other objective's plan) stops
    at the objective's optimum, without the tie-break: pruned by cost, with the tail needed or not (then a
    round solved with the optimum known must still read a plan), its status, changes and cost are those of
    the whole roster's canonical plan."""
    loaded = load_scenario_data(data, "azure.yaml")
    goals = tuple(resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets)
    before = bounded.FIRST_GUESS_TIMES
    bounded.FIRST_GUESS_TIMES = 0 if tail_first else before
    try:
        plans = [run(loaded, PlanRequest(goals=goals, objective=objective, prune=prune, alone=False,
                                         fixes=False, details=False, figures_only=prune))
                 for prune in (True, False)]
    finally:
        bounded.FIRST_GUESS_TIMES = before
    figures, whole = ((r.status, r.total_new_exams, r.total_renewals, r.total_cost_usd) for r in plans)
    assert "bounded" == plans[0].stats.get("pruning")
    assert whole == figures


@settings(max_examples=FEWER)
@given(azure_rosters(), st.sampled_from(["exams", "cost"]), st.booleans(), st.booleans())
def test_the_other_objectives_plan_beside_a_bounded_plan_is_the_whole_rosters(data, objective, tail_first,
                                                                              rebuilt) -> None:
    """Beside a plan pruned by cost, the other objective's best plan (`cheaper`, `fewer_exams`: the same model
    solved again with its tail open, or, `rebuilt`, a problem of its own as when that plan needs people of
    the tail) has the figures it has beside the whole roster's plan."""
    loaded = load_scenario_data(data, "azure.yaml")
    goals = tuple(resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets)
    before, again = bounded.FIRST_GUESS_TIMES, solving.solve_again

    def tail_needed(problem: Any, *args: Any, **kwargs: Any) -> Any:
        if problem.bound is not None:
            raise solving.TailNeeded
        return again(problem, *args, **kwargs)

    bounded.FIRST_GUESS_TIMES = 0 if tail_first else before
    solving.solve_again = tail_needed if rebuilt else again  # type: ignore[assignment]
    try:
        plans = [run(loaded, PlanRequest(goals=goals, objective=objective, prune=prune, alone=False,
                                         fixes=False, details=False, compare_objectives=True))
                 for prune in (True, False)]
    finally:
        bounded.FIRST_GUESS_TIMES, solving.solve_again = before, again  # type: ignore[assignment]
    assert (rebuilt and plans[0].status == "optimal") == bool(plans[0].stats.get("other_objective_rebuilt"))
    pruned, whole = (r.cheaper if objective == "exams" else r.fewer_exams for r in plans)
    assert "bounded" == plans[0].stats.get("pruning")
    assert whole == pruned


@pytest.mark.skipif(LIGHT, reason="seconds each: the default and thorough profiles run them")
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_six_generated_designations_plan_as_the_whole_roster_when_pruned_by_cost(seed, monkeypatch) -> None:
    """The six designations on a generated 12-person roster, every one left to the tail at first: the
    pruned plan is the whole roster's, person by person."""
    catalogs = shipped_catalogs()
    chosen = [catalogs.in_force(c, DESIGNATIONS_AS_OF) for c in scored_in_force(catalogs, DESIGNATIONS_AS_OF)]
    text = generate_designations_scenario(12, seed, chosen, shipped_certifications())
    monkeypatch.setattr(bounded, "FIRST_GUESS_TIMES", 0)
    pruned, whole = _plans(load_scenario_text(text, "six.yaml"))
    assert ("bounded", 6) == (pruned[0], len({target for _, target, _ in pruned[5]}))
    assert whole[1:] == pruned[1:]


def _profile(held: set[str], costs: dict[str, int], members: list[int], max_new: int | None = None
             ) -> Profile:
    return Profile(frozenset(held), tuple(NewExamOption(e, c) for e, c in costs.items()), max_new, members)


def _roster_problem(staff: list[dict[str, Any]]) -> Any:
    """The problem of the three Azure designations (enterprise track) for this staff."""
    figures = {"net-customer-adds": 3, "usage-growth": 20, "deployments": 5}
    data = {"schema_version": 1, "name": "t", "competency": "data-ai", "as_of": "2026-12-01",
            "deadline": "2027-06-30", "targets": [f"{d}:solutions-partner" for d in AZURE],
            "organization": {"track": "enterprise", "metrics": {d: dict(figures) for d in AZURE}},
            "costs": {"exam_fee_usd": 165, "prep_hours": 10, "hourly_rate_usd": 60}, "staff": staff}
    loaded = load_scenario_data(data, "t.yaml")
    goals = [resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets]
    return build_problem(loaded, "solutions-partner", targets=goals)


def test_the_role_of_slots_holders_already_closes_after_its_last_one() -> None:
    """Azure Administrator Associate, held by people 1, 3 and 4: the gate steps of 2 people close after
    person 3 (the second holder), Data & AI's intermediate metric of 10 stays open to everyone, and the
    first two holders are always in the model."""
    admin = "@azure-administrator-associate"
    problem = _roster_problem([{"id": f"p{i}"} for i in range(6)])
    step = next(s for s in problem.roles if s.key.endswith("step-1"))
    metric = next(s for s in problem.roles if not s.key.endswith(("step-1", "step-2")))
    profiles = [_profile({admin}, {}, [1, 3, 4]), _profile(set(), {"AZ-104": 1}, [0, 2, 5])]
    thresholds, first = free_qualifiers(profiles, (step, metric))
    assert ({step.key: 3, metric.key: None}, {1, 3}) == (thresholds, first)


def test_a_change_serving_only_roles_closed_to_a_person_has_no_variable_in_the_model() -> None:
    """People 1, 3 and 4 hold Azure Administrator Associate and Solutions Architect Expert: the gate steps
    of 2 people close after person 3, and person 5, whose open roles no AZ-305 or Expert serves, has no
    variable for them (always 0 there); person 2, before the steps close, has both."""
    held = [{"certification": c, "date": "2026-02-01", "expires": "2027-12-31"}
            for c in ("azure-administrator-associate", "azure-solutions-architect-expert")]
    problem = _roster_problem([{"id": f"p{i}", **({"passed": held} if i in (1, 3, 4) else {})}
                               for i in range(6)])
    d = Decisions(cp_model.CpModel(), problem)
    expert = "azure-solutions-architect-expert"
    assert [(True, True), (False, False)] == [((i, "AZ-305") in d.take, (i, expert) in d.earn)
                                              for i in (2, 5)]


def test_a_person_with_as_many_cheaper_look_alikes_as_the_plan_has_changes_is_in_no_best_plan() -> None:
    """Five people able to take every exam, at US$40, 40, 40, 60 and 80 an hour, for a best plan of 3
    changes costing US$1,695 (3 x US$565): the three at US$40 could be in it; the fourth has three cheaper
    look-alikes (3 + its own change > 3); so has the fifth."""
    problem = _roster_problem([{"id": f"p{i}", "hourly_rate_usd": rate}
                               for i, rate in enumerate([40, 40, 40, 60, 80])])
    bound = problem.bound
    assert isinstance(bound, CostBound)
    assert [True, True, True, False, False] == [bound.could_be_in(i, 3, 169500) for i in range(5)]


def test_a_person_whose_cheapest_change_does_not_fit_the_cost_is_in_no_best_plan() -> None:
    """Two people, US$40 and US$80 an hour, for a best plan of 2 changes costing US$1,130 (2 x US$565): the
    second would need US$965 of its own and US$565 more for the first's change."""
    problem = _roster_problem([{"id": "a", "hourly_rate_usd": 40}, {"id": "b", "hourly_rate_usd": 80}])
    assert [True, False] == [problem.bound.could_be_in(i, 2, 113000) for i in range(2)]


def test_the_tail_counts_its_people_their_options_at_the_least_cost_and_what_they_hold() -> None:
    """Three people in the tail (one and two of two profiles): each option with how many have it and the
    least it costs one of them, the items they hold counted, their limits added up (none when one has
    none)."""
    tail = Tail.of([(_profile({"@c"}, {"E1": 500, "E2": 900}, [4], 1), 1),
                    (_profile(set(), {"E1": 300}, [7, 9], 2), 2)])
    assert tail is not None
    options = {o.key: (o.people, o.cost_cents) for o in tail.options}
    assert (3, {"E1": (3, 300), "E2": (1, 900)}, {"@c": 1}, 5) == (tail.people, options, tail.held,
                                                                    tail.max_new)
    assert None is Tail.of([(_profile(set(), {"E1": 1}, [1]), 1)]).max_new
    assert None is Tail.of([])


@pytest.mark.skipif(LIGHT, reason="a few seconds: the default and thorough profiles run it")
def test_six_designations_on_200_generated_people_keep_about_a_tenth_in_the_model() -> None:
    """The benchmark's roster (generate --competency all --staff 200 --seed 1): at most 30 of the 200 people
    in the model (169 with the dominance pruning before), and the plan proven optimal."""
    catalogs = shipped_catalogs()
    chosen = [catalogs.in_force(c, DESIGNATIONS_AS_OF) for c in scored_in_force(catalogs, DESIGNATIONS_AS_OF)]
    loaded = load_scenario_text(generate_designations_scenario(200, 1, chosen, shipped_certifications()),
                                "g.yaml")
    goals = tuple(resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets)
    report = run(loaded, PlanRequest(goals=goals, alone=False, fixes=False, details=False))
    assert ("optimal", "bounded", True) == (report.status, report.stats["pruning"],
                                            int(report.stats["people_in_model"]) <= 30)



def test_the_first_guess_ranks_people_by_the_plan_they_enter_with_their_dominators() -> None:
    """Three people at US$40 an hour who may take one new exam each, then one at US$45 with no limit, whom
    nobody dominates: the second at US$40 needs less than the one at US$45, but enters only a plan with the
    first too (who dominates them: one change more). Guessing two people (the largest threshold taken as
    2), the one at US$45 is guessed; ranked by their own need alone, the first two at US$40 were."""
    staff = [{"id": f"p{i}", "hourly_rate_usd": 40, "max_new_exams": 1} for i in range(3)]
    problem = _roster_problem([*staff, {"id": "p3", "hourly_rate_usd": 45}])
    bound = problem.bound
    assert isinstance(bound, CostBound) and not bound.first
    bound.largest = 2

    def entry(i: int) -> tuple[int, int]:
        n = bound.kind_of[i]
        return bound._entry(n, i, *bound._dominators(n, i, 2))

    assert [(1, 56500), (2, 113000), (1, 61500)] == [entry(i) for i in (0, 1, 3)]
    assert {0, 3} <= bound.first_guess()
    bound.objective = "cost"  # the least cost first
    assert [(56500, 1), (113000, 2), (61500, 1)] == [entry(i) for i in (0, 1, 3)]
