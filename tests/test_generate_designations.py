"""planner generate --competency all (or several --competency): one roster for several Solutions Partner
designations, with certification passes for their lists and figures per designation, that the loader
reads and the planner plans."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.input.loading import load_scenario
from tests.test_figures_by_designation import EVERY


def _generate(tmp_path, *args: str) -> str:
    result = CliRunner().invoke(app, ["generate", *args], env={"COLUMNS": "200", "PLANNER_DEBUG": None})
    assert 0 == result.exit_code, result.output
    return result.output


def test_generate_all_writes_every_designation_with_its_own_figures(tmp_path) -> None:
    """--competency all: targets and figures for the six designations, certification passes, and a file
    that loads with its 300 people."""
    text = _generate(tmp_path, "--staff", "300", "--seed", "3", "--competency", "all")
    data = yaml.safe_load(text)
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    passes = [p for person in data["staff"] for p in person.get("passed", [])]
    assert ([f"{c}:solutions-partner" for c in EVERY], EVERY, 300) == (
        data["targets"], list(data["organization"]["metrics"]), len(load_scenario(path).scenario.staff))
    assert passes and all("certification" in p for p in passes)


def test_generate_several_is_the_same_file_for_the_same_seed(tmp_path) -> None:
    """Two designations named, the same seed twice: byte-identical text, their two targets only."""
    args = ("--staff", "50", "--seed", "9", "--competency", "data-ai", "--competency", "modern-work")
    first, second = _generate(tmp_path, *args), _generate(tmp_path, *args)
    assert (first, ["data-ai:solutions-partner", "modern-work:solutions-partner"]) == (
        second, yaml.safe_load(first)["targets"])


def test_a_generated_roster_for_two_designations_is_planned_and_rechecked(tmp_path) -> None:
    """Data & AI and Modern Work planned together on a generated 60-person roster: a re-checked plan
    (exit 0 reachable, or 1 with the reasons), never a failed re-check."""
    path = tmp_path / "g.yaml"
    path.write_text(_generate(tmp_path, "--staff", "60", "--seed", "2", "--competency", "data-ai",
                              "--competency", "modern-work"), encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", str(path), "--format", "json"], env={"PLANNER_DEBUG": None})
    assert result.exit_code in (0, 1), result.output
