"""What each target loses by the deadline, worked out beside several targets planned together
(planner/core/views.losses_by_target): a target its plan alone meets with no change loses nothing by then,
and no roster is read for it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings

from planner.core import views
from planner.core.pipeline import PlanRequest, run
from planner.input.loading import load_scenario_data, resolve_target
from tests.conftest import LIGHT
from tests.strategies_designations import AS_OF, AZURE, DEADLINE, azure_rosters

EXAMPLES = 10 if LIGHT else max(1, settings.default.max_examples // 2)


def _unchanged(plan: Any) -> bool:
    return plan.reachable and plan.status == "optimal" and not plan.new_exams and not plan.hires


def _read_and_given_alone(loaded: Any) -> tuple[list[Any], dict[str, list[str]], dict[str, list[str]],
                                                 list[str]]:
    """Each target's plan alone, the losses worked out for every target, those worked out given the plans
    alone, and the targets whose losses that read the roster for."""
    goals = tuple(resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets)
    alone = [run(loaded, PlanRequest(goals=(g,), alone=False, fixes=False, details=False, figures_only=True))
             for g in goals]
    every = views.losses_by_target(loaded, goals)
    read: list[str] = []
    losses_of = views.losses_of

    def reading(loaded: Any, target: Any) -> list[str]:
        read.append(target.label)
        return losses_of(loaded, target)

    views.losses_of = reading  # type: ignore[assignment]
    try:
        given_alone = views.losses_by_target(loaded, goals, alone)
    finally:
        views.losses_of = losses_of  # type: ignore[assignment]
    return alone, every, given_alone, read


@settings(max_examples=EXAMPLES, deadline=None)
@given(azure_rosters())
def test_given_the_plans_alone_the_losses_are_those_of_the_roster(data) -> None:
    """Random Azure rosters: given each target's plan alone, the losses are those worked out for every
    target from the roster (deadline_losses), which reads the roster for the targets changed alone."""
    loaded = load_scenario_data(data, "azure.yaml")
    alone, every, given_alone, read = _read_and_given_alone(loaded)
    assert given_alone == every
    assert read == [t for t, plan in zip(every, alone, strict=True) if not _unchanged(plan)]


INFRASTRUCTURE = ("azure-administrator-associate", "azure-solutions-architect-expert",
                  "azure-network-engineer-associate", "windows-server-hybrid-administrator-associate",
                  "azure-virtual-desktop-specialty", "azure-for-sap-workloads-specialty")


@pytest.mark.parametrize(("kept", "unchanged"), [(2, True), (1, False)])
def test_infrastructure_met_with_no_change_alone_loses_nothing_else_it_loses_the_lapsed_passes(
        kept: int, unchanged: bool) -> None:
    """Six people with the Infrastructure designation's certifications, all but `kept` of them lapsing in
    January: with two kept, Infrastructure is met on the deadline with no change, loses nothing and no
    roster is read for it; with one, it needs changes and loses the lapsed passes (read from the roster)."""
    def holder(i: int, expires: dt.date) -> dict[str, Any]:
        return {"id": f"p{i}", "passed": [{"certification": c, "date": str(AS_OF - dt.timedelta(days=300)),
                                           "expires": str(expires)} for c in INFRASTRUCTURE]}

    staff = [holder(i, DEADLINE + dt.timedelta(days=90) if i < kept else AS_OF + dt.timedelta(days=60))
             for i in range(6)]
    figures = {"net-customer-adds": 3, "usage-growth": 20, "deployments": 5}
    data = {"schema_version": 1, "name": "Azure together", "competency": AZURE[0],
            "targets": [f"{d}:solutions-partner" for d in AZURE], "as_of": str(AS_OF),
            "deadline": str(DEADLINE), "organization": {"track": "enterprise",
                                                        "metrics": {d: dict(figures) for d in AZURE}},
            "costs": {"exam_fee_usd": 165, "prep_hours": 10, "hourly_rate_usd": 60}, "staff": staff}
    alone, every, given_alone, read = _read_and_given_alone(load_scenario_data(data, "azure.yaml"))
    label = "infrastructure:solutions-partner"
    assert given_alone == every
    assert _unchanged(alone[2]) == unchanged
    assert (label in read, bool(every[label])) == (not unchanged, not unchanged)
