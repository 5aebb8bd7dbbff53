"""`planner generate --competency <scored>`: reproducible scored rosters with renewals that load and plan."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from typer.testing import CliRunner

from models.catalog import Score
from planner.cli.commands import app
from planner.input.loading import load_scenario_text
from planner.rules.catalogs import shipped_catalog
from planner.rules.certifications import shipped_certifications
from planner.rules.holdings import renewable_certifications
from planner.tools.generate import SCORED_AS_OF, generate_scenario

CATALOG = shipped_catalog("business-applications")  # the revision of 2026-05-08, in force on SCORED_AS_OF
CERTIFICATIONS = shipped_certifications()
LEVEL = CATALOG.levels[0]


def _score() -> Score:
    assert LEVEL.score is not None
    return LEVEL.score


SCORE = _score()
EXAMS = {e.code: e for e in CERTIFICATIONS.exams}


def _invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "PLANNER_DEBUG": None})


def _scenario(staff: int, seed: int):
    return load_scenario_text(generate_scenario(staff, seed, catalog=CATALOG), "generated.yaml").scenario


def test_same_seed_gives_the_same_scored_text():
    """Two runs with the same size and seed write exactly the same scored scenario."""
    assert generate_scenario(500, 3, catalog=CATALOG) == generate_scenario(500, 3, catalog=CATALOG)


def test_another_seed_gives_another_scored_roster():
    """Another seed draws another roster."""
    assert generate_scenario(500, 3, catalog=CATALOG) != generate_scenario(500, 4, catalog=CATALOG)


@pytest.mark.parametrize("staff", [0, 1, 200, 3000])
def test_scored_scenario_loads_with_a_track_and_every_metric_figure(staff):
    """The file loads with N people, a track of the catalog and a figure for every non-exam metric."""
    scenario = _scenario(staff, 2)
    inputs = sorted(m.input for m in SCORE.metrics if m.input)
    assert (staff, CATALOG.id, SCORED_AS_OF, True, inputs) == (
        len(scenario.staff), scenario.competency, scenario.as_of,
        scenario.organization.track in SCORE.tracks, sorted(scenario.organization.metrics))


@pytest.mark.parametrize("seed", range(8))
def test_non_exam_metrics_earn_40_to_55_points_and_each_more_than_0(seed):
    """The figures alone fall short of 70 points (the designation needs certified people) but can reach it."""
    org = _scenario(0, seed).organization
    points = [m.points(org.metrics[m.input], org.track) for m in SCORE.metrics if m.input]
    assert (True, True) == (Fraction(40) <= sum(points) <= Fraction(55), min(points) > 0)


def test_some_passes_are_renewable_some_lapsed_and_a_few_still_count():
    """At 200 people some certifications can be renewed in time, some have expired, a few outlast the day."""
    scenario = _scenario(200, 1)
    passes = [p for person in scenario.staff for p in person.passed]
    as_of, deadline = scenario.as_of, scenario.deadline
    renewable = [person for person in scenario.staff
                 if renewable_certifications(person, EXAMS, CERTIFICATIONS, as_of, deadline)]
    lapsed = [p for p in passes if p.expires is not None and p.expires <= scenario.as_of]
    counting = [p for p in passes if p.expires is not None and p.expires > scenario.deadline]
    assert (True, True, True) == (len(renewable) > 0, len(lapsed) > 0, 0 < len(counting) <= 5)


def test_holders_are_a_few_percent_and_fewer_hold_an_advanced_certification():
    """A few percent hold an intermediate certification; fewer hold an advanced one."""
    scenario = _scenario(10000, 1)
    lists = {cid: lst.id for lst in CATALOG.lists for cid in lst.certifications}
    held = [{lists[p.certification] for p in person.passed if p.certification} for person in scenario.staff]
    intermediate = sum("intermediate" in h for h in held)
    advanced = sum("advanced" in h for h in held)
    assert (True, True) == (200 <= intermediate <= 500, 0 < advanced < intermediate)


def test_a_generated_200_person_scored_scenario_plans_with_new_exams_and_renewals(tmp_path):
    """`planner plan` on 200 people reaches the score with new exams and at least one renewal."""
    path = tmp_path / "scored.yaml"
    path.write_text(generate_scenario(200, 1, catalog=CATALOG), encoding="utf-8")
    result = _invoke("plan", str(path), "--format", "json")
    data = json.loads(result.stdout)
    assert (0, True, True, True, True) == (
        result.exit_code, data["status"] in ("optimal", "feasible"), data["total_new_exams"] > 0,
        data.get("total_renewals", 0) > 0, data["scores"][0]["met"])


def test_generate_command_with_a_scored_competency_writes_the_scored_text():
    """`generate --competency business-applications` prints the scored scenario of that seed."""
    result = _invoke("generate", "--staff", "40", "--seed", "3", "--competency", "business-applications")
    assert (0, generate_scenario(40, 3, catalog=CATALOG)) == (result.exit_code, result.stdout)


def test_generate_command_refuses_an_unknown_competency_with_exit_2():
    """An unknown --competency is a one-line usage error (exit 2)."""
    result = _invoke("generate", "--staff", "4", "--seed", "3", "--competency", "nope")
    assert (2, True) == (result.exit_code, "--competency" in result.stderr)


@pytest.mark.parametrize("competency", ["data-ai", "digital-app-innovation"])
def test_a_gated_designation_draws_people_from_its_gate_steps_lists(competency):
    """A gated designation's roster holds the certifications of its gate steps' lists (Azure Administrator
    Associate, Azure Solutions Architect Expert) beside those of its metrics' own lists, so its gates can
    be met; before, people were drawn from each metric's first list only."""
    catalog = shipped_catalog(competency)
    scenario = load_scenario_text(generate_scenario(1000, 1, catalog=catalog), "generated.yaml").scenario
    held = {p.certification for person in scenario.staff for p in person.passed if p.certification}
    level = next(lv for lv in catalog.levels if lv.score is not None)
    assert level.score is not None
    gates = {lid for m in level.score.exam_metrics for step in m.gate for lid in step.lists}
    steps = {cid for lid in gates for cid in catalog.exam_list(lid).certifications}
    assert ({"azure-administrator-associate", "azure-solutions-architect-expert"}, set()) == (
        steps, steps - held)
