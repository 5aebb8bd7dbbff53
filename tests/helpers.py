"""Builders for tiny scenarios in tests: a dict in, a LoadedScenario out."""

from __future__ import annotations

from typing import Any

from planner.loading import LoadedScenario, load_scenario_data


def scenario_dict(staff: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    """A valid scenario mapping with sensible defaults around the given staff."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "name": "Test Partner",
        "as_of": "2017-11-20",
        "deadline": "2018-06-30",
        "organization": {"market": "developed", "revenue_usd": 500000, "dpor": True},
        "staff": staff,
    }
    data.update(overrides)
    return data


def loaded(staff: list[dict[str, Any]], **overrides: Any) -> LoadedScenario:
    """Validate a scenario built by scenario_dict (raises ScenarioError on bad input)."""
    return load_scenario_data(scenario_dict(staff, **overrides), "test.yaml")
