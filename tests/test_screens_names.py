"""Solutions Partner screens name competencies, levels, goals and metrics as the catalogs do, never by
their ids; compare shows a scored plan's points and no revenue gap where there is no revenue gate."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from planner.cli.commands import app

SCENARIOS = Path(__file__).parent.parent / "scenarios"
NORTHWIND = str(SCENARIOS / "northwind-solutions-partner-smb.yaml")
FOURTH_COFFEE = str(SCENARIOS / "fourth-coffee-solutions-partner-resilience.yaml")
GOLD_PUSH = str(SCENARIOS / "contoso-gold-push.yaml")
DESIGNATION = "Solutions Partner for Business Applications"
IDS = ("business-applications", "solutions-partner", "Solutions partner", "Solutions-partner",
       "intermediate-certifications", "advanced-certifications")


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})


def flat(text: str) -> str:
    """The text with HTML tags dropped and white space folded, as a reader takes it in."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def ids_shown(text: str) -> list[str]:
    """The ids of IDS the text shows (a file name is not a screen's word: paths are left out)."""
    return [i for i in IDS if i in text.replace("northwind-solutions-partner-smb", "")
            .replace("fourth-coffee-solutions-partner-resilience", "")]


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_plan_of_a_designation_names_it_and_its_metrics_never_their_ids(fmt):
    """The Northwind plan's header, headline, metric table and path say 'Solutions Partner for Business
    Applications' and 'Intermediate certifications', never an id."""
    text = flat(run("plan", NORTHWIND, "--format", fmt).stdout)
    assert ([], True, True) == (ids_shown(text), f"{DESIGNATION} is reachable" in text,
                                "Intermediate certifications" in text)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_check_of_a_designation_names_it_in_its_header_titles_and_losses(fmt):
    """check's header, level title and the losses by the deadline name the designation, not its ids."""
    text = flat(run("check", NORTHWIND, "--format", fmt).stdout)
    assert ([], True) == (ids_shown(text), f"{DESIGNATION} loses points" in text)


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_best_of_a_designation_names_it(fmt):
    """best within US$2,000 says the budget keeps Solutions Partner for Business Applications out of reach."""
    text = flat(run("best", NORTHWIND, "--budget", "2000", "--format", fmt).stdout)
    assert ([], True) == (ids_shown(text), f"keeps {DESIGNATION} out of reach" in text)


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_compare_of_designations_names_them_shows_points_and_no_revenue_gap(fmt):
    """compare of the two designation scenarios and Contoso: each goal by its name, the plan's points
    (73 of 70, 73.43 of 70), '-' for the revenue gap of a plan with no revenue gate, US$0 for Contoso's."""
    out = run("compare", NORTHWIND, FOURTH_COFFEE, GOLD_PUSH, "--format", fmt).stdout
    text = flat(out)
    assert ([], True, True, False) == (ids_shown(text), "73 of 70" in text, "73.43 of 70" in text,
                                       "or each scenario's goals" in text)


def test_compare_table_row_of_a_designation_has_points_and_a_dash_for_the_revenue_gap():
    """In the table, Northwind's row reads: reaches the designation, 3 exams, US$3,395, 73 of 70, -, 4."""
    out = run("compare", NORTHWIND, GOLD_PUSH).stdout
    rows = [[c.strip() for c in line.split("│")] for line in out.splitlines() if "│" in line]
    northwind = next(r for r in rows if r[0] == "Northwind Traders (SMB)")
    contoso = next(r for r in rows if r[0] == "Contoso Consulting")
    expected = ([DESIGNATION, "3", "US$3,395", "73 of 70", "-", "4"],
                ["Gold", "2", "US$3,210", "-", "US$0", "4"])
    assert expected == (northwind[1:], contoso[1:])


def test_compare_json_gives_points_and_no_revenue_gap_for_a_designation():
    """JSON: Northwind's row has points [{target, points 73, needed 70, met}] and revenue_gap_usd null;
    Contoso's row keeps revenue_gap_usd 0 and has no points key."""
    rows = json.loads(run("compare", NORTHWIND, GOLD_PUSH, "--format", "json").stdout)["scenarios"]
    points = [{"target": "business-applications:solutions-partner", "points": 73.0, "needed": 70.0,
               "met": True}]
    assert ((points, None), (False, 0)) == ((rows[0]["points"], rows[0]["revenue_gap_usd"]),
                                           ("points" in rows[1], rows[1]["revenue_gap_usd"]))


def test_compare_level_names_carry_the_goals_of_scenarios_with_targets():
    """compare's level_names (JSON) also name each goal a row reaches ('competency:level')."""
    names = json.loads(run("compare", NORTHWIND, GOLD_PUSH, "--format", "json").stdout)["level_names"]
    assert (DESIGNATION, "Gold") == (names["business-applications:solutions-partner"], names["gold"])


def test_reasons_about_one_goal_of_several_name_it():
    """Contoso's two goals within US$500: the reasons name each goal by its name ('Cloud Business
    Applications Silver cannot be met even on its own'), never 'cloud-business-applications:silver'."""
    contoso = str(SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml")
    text = flat(run("plan", contoso, "--budget", "500").stdout)
    assert (True, True, False) == ("Cloud Business Applications Silver cannot be met even on its own" in text,
                                   "Cloud Customer Relationship Management Gold and Cloud Business "
                                   "Applications Silver out of reach" in text,
                                   "cloud-business-applications:silver" in text)
