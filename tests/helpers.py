"""Shared test helpers: builders for tiny scenarios (a dict in, a LoadedScenario out) and the CLI run
in-process, with its one-line error."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from planner.cli.commands import app
from planner.input.loading import LoadedScenario, load_scenario_data


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


def run(*args: str):
    """Invoke the CLI in-process with a wide terminal, so rich tables do not wrap the facts checked."""
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "PLANNER_DEBUG": None})


def one_error_line(result) -> str:
    """The single stderr line of a failed command (asserting there is exactly one, and no traceback)."""
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert 1 == len(lines), result.stderr
    return lines[0]


def one_goal_problems(scenario: Any, catalog: Any, report: Any, certifications: Any = None) -> list[str]:
    """The validator's one entry point (`recheck`) for a plan of one level of `catalog` (`certifications`:
    the certification catalog its lists name, if any)."""
    from planner.validation import recheck

    goals = [(f"{catalog.id}:{report.level}", catalog, report.level)]
    return recheck(scenario, goals, report, certifications)
