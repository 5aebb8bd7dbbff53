"""The pipeline itself (planner.core.pipeline.run): every plan it gives is re-checked, and every plan behind
an answer (best's next level, the most points behind a scored level's reasons, the fixes' re-plans) is a
request of its own through `run`, re-checked like any plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import planner.validation as validation
import planner.validation.partial as partial
from planner.core import pipeline
from planner.core.pipeline import PlanRequest
from planner.core.planning import best
from planner.errors import InternalError
from planner.input.loading import LoadedScenario, ResolvedTarget, load_scenario_data
from planner.rules.catalogs import load_catalog_file
from tests.helpers import loaded

SCORED = load_catalog_file(Path(__file__).parent / "data" / "scored" / "mini-scored.yaml")
# Every exam costs the default US$165. ann pairs A and B, bob holds C: Silver is met with no exam; Gold
# needs cy's pair and dee's customizer (US$495).
SILVER_TODAY = [{"id": "ann", "passed": ["MB2-717", "MB2-715"]}, {"id": "bob", "passed": ["MB2-716"]},
                {"id": "cy"}, {"id": "dee"}]


def _request(lo: LoadedScenario, level: str, **settings: Any) -> PlanRequest:
    target = ResolvedTarget(f"{lo.catalog.id}:{level}", lo.catalog.id, level, lo.catalog, lo.notes)
    return PlanRequest(goals=(target,), **settings)


def _scored(staff: list[dict[str, Any]], **policy: Any) -> LoadedScenario:
    """A scenario of the mini-scored catalog: 37 points from organization.metrics, 70 needed."""
    data = {"schema_version": 1, "name": "Scored partner", "competency": "mini-scored",
            "as_of": "2026-12-01", "deadline": "2027-06-30", "policy": policy,
            "organization": {"market": "developed", "revenue_usd": 0, "dpor": False, "track": "enterprise",
                             "metrics": {"adds": 3, "usage": 6, "deployments": 2}},
            "staff": staff}
    return load_scenario_data(data, "scored.yaml", catalog=SCORED)


class _Spy:
    """Wraps a function, recording each call's arguments and passing them on."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(args)
        return self.real(*args, **kwargs)


def test_run_on_a_reachable_request_returns_the_plan_the_validator_accepted(monkeypatch):
    """Gold of SILVER_TODAY: `run` plans cy's pair and dee's customizer, and the validator re-checked that
    very report and found nothing wrong with it."""
    spy = _Spy(validation.recheck)
    monkeypatch.setattr(validation, "recheck", spy)
    report = pipeline.run(loaded(SILVER_TODAY), _request(loaded(SILVER_TODAY), "gold"))
    assert ("optimal", True, 495.0) == (report.status, report.reachable, report.total_cost_usd)
    assert [report] == [call[2] for call in spy.calls]
    assert [] == validation.recheck(*spy.calls[0])


def test_a_plan_the_validator_rejects_is_an_internal_error(monkeypatch):
    """When the independent check finds a problem, `run` raises InternalError naming it instead of
    returning the plan."""
    monkeypatch.setattr(validation, "recheck", lambda *_: ["cy fills two slots"])
    with pytest.raises(InternalError, match="cy fills two slots"):
        pipeline.run(loaded(SILVER_TODAY), _request(loaded(SILVER_TODAY), "gold"))


def test_a_plan_of_the_most_slots_is_rechecked_as_a_partial_plan(monkeypatch):
    """A request with fill_most plans what US$330 buys of Gold (3 of its 4 slots), claims no goal met,
    and is re-checked by planner.validation.partial, which accepts it."""
    spy = _Spy(partial.recheck_partial)
    monkeypatch.setattr(partial, "recheck_partial", spy)
    lo = loaded(SILVER_TODAY)
    report = pipeline.run(lo, _request(lo, "gold", budget_usd=330, fill_most=True, fixes=False))
    assert ("optimal", False, 3) == (report.status, report.reachable, len(report.assignments))
    assert [report] == [call[2] for call in spy.calls]
    assert [] == partial.recheck_partial(*spy.calls[0])


def test_best_next_level_figures_come_from_a_rechecked_plan(monkeypatch):
    """best at US$330 reaches Silver; the slots Gold's plan within the budget fills are those of a plan
    that went through `run` and its partial re-check."""
    spy = _Spy(partial.recheck_partial)
    monkeypatch.setattr(partial, "recheck_partial", spy)
    report = best(loaded(SILVER_TODAY), 330)
    assert report.next_level is not None
    (_, goals, most), = spy.calls
    assert ("silver", ["gold"]) == (report.best_level, [level for _, _, level in goals])
    assert len(most.assignments) == report.next_level.slots_filled_within_budget == 3


def test_best_raises_when_its_next_levels_plan_fails_the_recheck(monkeypatch):
    """If the partial re-check rejects the plan of the most slots within the budget, best raises instead
    of reporting its figures."""
    monkeypatch.setattr(partial, "recheck_partial", lambda *_: ["dee is planned MB2-716 twice"])
    with pytest.raises(InternalError, match="dee is planned MB2-716 twice"):
        best(loaded(SILVER_TODAY), 330)


def test_best_next_level_score_within_the_budget_is_rechecked(monkeypatch):
    """For a scored next level, the score within the budget is that of the report the partial re-check
    was given: US$200 buys one US$165 exam and bob's free renewal, 62 of the 70 points needed."""
    spy = _Spy(partial.recheck_partial)
    monkeypatch.setattr(partial, "recheck_partial", spy)
    staff = [{"id": "ann", "passed": ["IN-1"]},
             {"id": "bob", "passed": [{"exam": "AD-1", "date": "2026-01-10", "expires": "2027-01-10"}]},
             {"id": "cy"}, {"id": "dee"}, {"id": "eve", "passed": ["IN-2", "AD-2"]}]
    report = best(_scored(staff), 200)
    assert report.next_level is not None and report.next_level.score_within_budget is not None
    (_, _, most), = spy.calls
    assert (most.scores or [None])[0] == report.next_level.score_within_budget
    assert (62.0, most.new_exams) == (report.next_level.score_within_budget.points,
                                      report.next_level.new_exams_within_budget)


def test_the_most_points_behind_a_scored_reason_are_a_rechecked_plan(monkeypatch):
    """Three people cannot reach the mini-scored designation: the most points its reasons name come from
    a fill_most request through `run`, re-checked by the partial check."""
    runs = _Spy(pipeline.run)
    monkeypatch.setattr(pipeline, "run", runs)
    checks = _Spy(partial.recheck_partial)
    monkeypatch.setattr(partial, "recheck_partial", checks)
    lo = _scored([{"id": "ann", "passed": ["IN-1"]}, {"id": "bob", "passed": ["AD-1"]}, {"id": "cy"}])
    report = pipeline.run(lo, _request(lo, "designation", fixes=False))
    most = [request for _, request in runs.calls if request.fill_most]
    assert ("infeasible", 1, 1) == (report.status, len(most), len(checks.calls))
    assert any("the most Mini designation can score" in r for r in report.reasons)


def test_the_fix_search_replans_each_fix_through_run(monkeypatch):
    """Gold is out of reach while dee may take no exam: every fix proposed was re-planned by a request of
    its own through `run` (figures only, no fixes of its own) over the changed scenario."""
    staff = [*SILVER_TODAY[:3], {"id": "dee", "can_take": []}]
    runs = _Spy(pipeline.run)
    monkeypatch.setattr(pipeline, "run", runs)
    lo = loaded(staff)
    report = pipeline.run(lo, _request(lo, "gold"))
    replans = [(scenario, request) for scenario, request in runs.calls[1:]
               if not request.fixes and not request.details]
    assert "infeasible" == report.status and report.fixes
    assert len(replans) >= len({f.option for f in report.fixes})
    assert all(scenario.scenario != lo.scenario for scenario, _ in replans)


def test_a_fix_whose_replan_fails_the_recheck_is_an_internal_error(monkeypatch):
    """The fixes' re-plans are re-checked like any plan: a validator that rejects only the plans of a
    changed scenario makes the run raise."""
    staff = [*SILVER_TODAY[:3], {"id": "dee", "can_take": []}]
    lo = loaded(staff)
    real = validation.recheck

    def rejects_changed(scenario, goals, report):
        return ["a re-plan is wrong"] if scenario != lo.scenario else real(scenario, goals, report)

    monkeypatch.setattr(validation, "recheck", rejects_changed)
    with pytest.raises(InternalError, match="a re-plan is wrong"):
        pipeline.run(lo, _request(lo, "gold"))
