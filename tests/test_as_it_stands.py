"""The plan of no change (planner/core/as_it_stands.py): a plan only the figures of are read, of scored goals
met on the deadline as the roster stands, is answered without a solve, and only then.

- Against the independent brute force (tests/bruteforce_designations.py) on random tiny designations: the plan
  of no change is given exactly when the brute force's cheapest plan makes no change.
- Against CP-SAT on random rosters of the three Azure designations, each alone and all together: exactly
  when the whole roster's optimum makes no change, and then with the solved plan's figures.
- Through the pipeline: such a plan is re-checked by the validator like any other; a plan whose details are
  read, one with resilience, and a goal not met as things stand are solved.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core import as_it_stands, pipeline, solving
from planner.core.as_it_stands import AS_IT_STANDS, plan_of_no_change
from planner.core.pipeline import PlanRequest, run
from planner.core.problem import PlanSettings, build_problem
from planner.input.loading import LoadedScenario, load_scenario_data, resolve_target
from planner.rules.catalogs import Catalogs
from tests import bruteforce_designations as bf
from tests.conftest import LIGHT
from tests.strategies_designations import azure_rosters
from tests.test_bruteforce_designations import EXAMPLES, designation

FIGURES_ONLY = PlanSettings(tie_break=False)
AZURE_EXAMPLES = 8 if LIGHT else max(1, settings.default.max_examples // 4)
"""8 random Azure rosters in CI, 25 by default, 250 with HYPOTHESIS_PROFILE=thorough."""


def _loaded(d: bf.Designation) -> LoadedScenario:
    return LoadedScenario(d.scenario, d.catalog, "brute.yaml",
                          Catalogs(by_id={d.catalog.id: (d.catalog,)}, certifications=d.certifications))


@settings(max_examples=EXAMPLES, deadline=None)
@given(d=designation(), objective=st.sampled_from(["exams", "cost"]))
def test_bruteforce_no_change_is_the_plan_exactly_when_the_cheapest_makes_none(d, objective) -> None:
    """Random tiny designations (gates, tracks, prerequisites, expiry, leavers): the plan of no change is
    given exactly when the brute force's cheapest plan makes no change, and then it is optimal."""
    problem = build_problem(_loaded(d), "solutions-partner", objective, settings=FIGURES_ONLY)
    best = bf.cheapest(d)
    none_needed = best is not None and not any(changes for _, changes in best.changes)
    nothing = plan_of_no_change(problem, d.certifications)
    assert (nothing is not None) == none_needed
    if nothing is not None:
        assert ("optimal", [], [], AS_IT_STANDS) == (nothing.status, nothing.takes, nothing.hires,
                                                      nothing.stats["solved"])


@settings(max_examples=AZURE_EXAMPLES, deadline=None)
@given(data=azure_rosters(), objective=st.sampled_from(["exams", "cost"]), alone=st.integers(-1, 2))
def test_no_change_is_the_plan_exactly_when_the_whole_rosters_optimum_makes_none(data, objective, alone
                                                                                 ) -> None:
    """The three Azure designations on 4-9 random people, one of them alone (or all together, -1): the plan
    of no change is given exactly when CP-SAT's optimum over the whole roster makes no change."""
    loaded = load_scenario_data(data, "azure.yaml")
    targets = [resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets]
    targets = targets if alone < 0 else [targets[alone]]
    problem = build_problem(loaded, "solutions-partner", objective, prune=False, settings=FIGURES_ONLY,
                            targets=targets)
    solved = solving.solve(problem)
    no_change = solved.status == "optimal" and not solved.takes and not solved.hires
    assert (plan_of_no_change(problem, loaded.catalogs.certifications) is not None) == no_change


def _designations_met_as_they_stand() -> tuple[LoadedScenario, list[Any]]:
    """Two designations on a roster whose certified people meet Data & AI as they stand and Infrastructure
    only with a new exam: the scenario and both targets."""
    azure_admin = {"certification": "azure-administrator-associate", "date": "2026-05-01"}
    architect = {"certification": "azure-solutions-architect-expert", "date": "2026-05-01"}
    data_engineer = {"certification": "fabric-data-engineer-associate", "date": "2026-05-01"}
    staff = [{"id": f"p{i}", "name": f"Person {i}", "hourly_rate_usd": 50,
              "passed": [azure_admin, architect] if i < 2 else [azure_admin] if i < 4 else [data_engineer]}
             for i in range(16)]
    data = {"schema_version": 1, "name": "Met as it stands", "competency": "data-ai",
            "targets": ["data-ai:solutions-partner", "infrastructure:solutions-partner"],
            "as_of": "2026-12-01", "deadline": "2027-03-31",
            "organization": {"track": "enterprise",
                             "metrics": {"data-ai": {"net-customer-adds": 10, "usage-growth": 30,
                                                     "deployments": 10},
                                         "infrastructure": {"net-customer-adds": 10, "usage-growth": 30,
                                                            "deployments": 5}}},
            "costs": {"exam_fee_usd": 165, "prep_hours": 10, "hourly_rate_usd": 60},
            "staff": staff}
    loaded = load_scenario_data(data, "met.yaml")
    return loaded, [resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets]


def _alone(loaded: LoadedScenario, target: Any, **changes: Any) -> Any:
    request = PlanRequest(goals=(target,), alone=False, fixes=False, details=False, figures_only=True)
    return run(loaded, replace(request, **changes))


def test_a_goal_met_as_it_stands_is_planned_without_a_solve_and_rechecked(monkeypatch) -> None:
    """Each designation planned alone for its figures: the one met as things stand gets the plan of no change
    (no problem read from the roster, no model built), which `run` re-checks with the validator (it refuses
    an unsound plan); the one that needs a new exam is solved. Solved instead, the first has the same
    figures."""
    loaded, (met, short) = _designations_met_as_they_stand()
    built: list[object] = []
    problems: list[object] = []
    build, build_problem_ = solving.build_model, pipeline.build_problem
    monkeypatch.setattr(solving, "build_model", lambda problem: built.append(problem) or build(problem))
    monkeypatch.setattr(pipeline, "build_problem",
                        lambda *args, **kwargs: problems.append(args) or build_problem_(*args, **kwargs))
    report = _alone(loaded, met)
    assert (report.status, report.total_new_exams, report.total_cost_usd, report.reachable) == (
        "optimal", 0, 0.0, True)
    assert (AS_IT_STANDS, [], [], 1) == (report.stats["solved"], built, problems, len(report.scores or []))
    assert report.scores is not None and report.scores[0].met
    other = _alone(loaded, short)
    assert "solved" not in other.stats and built and problems and other.total_new_exams > 0
    monkeypatch.setattr(as_it_stands, "plan_of_no_change", lambda problem, certifications: None)
    solved = _alone(loaded, met)
    assert "solved" not in solved.stats
    assert (solved.status, solved.total_new_exams, solved.total_renewals, solved.total_cost_usd) == (
        report.status, report.total_new_exams, report.total_renewals, report.total_cost_usd)


def test_the_plan_of_no_change_is_only_for_plain_plans_of_figures() -> None:
    """A plan whose details are read (who counts toward what), and one with resilience, are solved even for a
    goal met as things stand."""
    loaded, (met, _) = _designations_met_as_they_stand()
    full = run(loaded, PlanRequest(goals=(met,), alone=False, fixes=False, details=False))
    assert "solved" not in full.stats and full.assignments and full.total_new_exams == 0
    resilient = _alone(loaded, met, resilience=1)
    assert "solved" not in resilient.stats


def test_several_designations_read_the_plan_of_no_change_as_planned_alone() -> None:
    """Planned together, the designation met as it stands is planned alone at no cost, and the saving adds up
    (the validator re-checks it)."""
    loaded, goals = _designations_met_as_they_stand()
    report = run(loaded, PlanRequest(goals=tuple(goals), fixes=False))
    alone = {t.target: t.alone for t in report.targets}
    assert alone["data-ai:solutions-partner"] is not None
    assert (alone["data-ai:solutions-partner"].status, alone["data-ai:solutions-partner"].total_new_exams,
            alone["data-ai:solutions-partner"].total_cost_usd) == ("optimal", 0, 0.0)
    assert report.saving is not None and report.total_new_exams > 0
