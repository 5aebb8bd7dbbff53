"""Points short of a scored level's total never read as reaching it (issue 20): 69.996 of 70 is shown with
the decimals it takes, or as 'just under 70', in best, plan and check, in every sentence and table."""

from __future__ import annotations

import datetime as dt
import io
import json
from fractions import Fraction
from typing import Any

import pytest
from rich.console import Console

from models.catalog import Catalog
from planner.core.planning import best, check, plan
from planner.input.loading import LoadedScenario, load_scenario_data
from planner.report.best import best_markdown, best_table
from planner.report.check import check_markdown, check_table
from planner.report.plan import plan_markdown, plan_table
from planner.report.render import to_json
from planner.rules.scoring import needed_words, points_short_words, short_by_words

# One exam metric (10 points, held by ann, who may take nothing) and a figure worth its value in points:
# 10 + 59.996 = 69.996 of the 70 needed, at any budget.
NEAR = Catalog.model_validate({
    "catalog_version": 1, "id": "scored", "name": "Scored", "revision": dt.date(2022, 10, 3),
    "exams": [{"code": "E1", "title": "Exam one"}],
    "lists": [{"id": "l", "name": "List", "exams": ["E1"]}],
    "levels": [{"id": "designation", "name": "Designation", "score": {"total": 70, "metrics": [
        {"id": "m", "name": "Certified", "max_points": 10, "threshold": 1, "lists": ["l"]},
        {"id": "f", "name": "Figure", "max_points": 70, "threshold": 70, "input": "fig"}]}}]})


def _near(figure: float = 59.996) -> LoadedScenario:
    data: dict[str, Any] = {
        "schema_version": 1, "name": "Near", "competency": "scored", "as_of": "2026-12-01",
        "deadline": "2027-06-30", "organization": {"market": "developed", "revenue_usd": 0, "dpor": False,
                                                   "metrics": {"fig": figure}},
        "staff": [{"id": "ann", "passed": ["E1"], "can_take": []}]}
    return load_scenario_data(data, "near.yaml", catalog=NEAR)


def _wide(renderable: Any) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=250, color_system=None).print(renderable)
    return buffer.getvalue()


def _every_format() -> str:
    """best (within US$50), plan and check of the near miss, as the terminal, Markdown and JSON give them."""
    loaded = _near()
    reports = [best(loaded, 50), plan(loaded, "designation"), check(loaded)]
    renders = [(best_table, best_markdown), (plan_table, plan_markdown), (check_table, check_markdown)]
    return "\n".join(_wide(table(r)) + markdown(r) + to_json(r)
                     for r, (table, markdown) in zip(reports, renders, strict=True))


@pytest.mark.parametrize("said", [
    "the most the budget reaches on the deadline is 69.996 of the 70 points needed",
    "reaches its score (69.996 of 70 points as things stand)",
    "NOT met, 69.996 of 70 points (0.004 short)",
    "scores 69.996 of the 70 points needed, 0.004 short",
    "is 69.996 of the 70 points needed (0.004 short)",
])
def test_a_near_miss_shows_the_decimals_that_keep_it_short(said):
    """69.996 of 70 points reads 69.996, and its shortfall 0.004, wherever it is said."""
    assert said in _every_format()


@pytest.mark.parametrize("never", ["70 of the 70", "70 of 70", "0 short", "70 / 80", '"points": 70.0'])
def test_a_near_miss_never_reads_as_the_total(never):
    """No sentence, table cell or JSON figure rounds 69.996 of 70 points up to 70."""
    assert never not in _every_format()


@pytest.mark.parametrize(("points", "needed", "expected"), [
    pytest.param(Fraction(69996, 1000), 70, "69.996", id="three-decimals"),
    pytest.param(Fraction(699999, 10000), 70, "69.9999", id="four-decimals"),
    pytest.param(Fraction(6999999, 100000), 70, "just under 70", id="beyond-four-decimals"),
    pytest.param(Fraction(6141, 100), 70, "61.41", id="two-decimals"),
    pytest.param(Fraction(214, 3), 70, "71.33", id="met-rounds-as-usual"),
])
def test_points_short_of_the_total_are_never_rounded_up_to_it(points, needed, expected):
    """points_short_words shows as many decimals as keep a shortfall short, up to four, then 'just under'."""
    assert expected == points_short_words(points, needed)


@pytest.mark.parametrize(("total", "expected"), [(70, "70"), (70.5, "70.5"), (70.00001, "70.00001")])
def test_the_total_needed_is_shown_as_the_catalog_gives_it(total, expected):
    """needed_words never rounds a level's total, so points just short of it never read as equal to it."""
    assert expected == needed_words(total)


@pytest.mark.parametrize(("gap", "expected"), [
    (Fraction(86, 10), "8.6"), (Fraction(4, 1000), "0.004"), (Fraction(1, 10**6), "less than 0.0001")])
def test_a_shortfall_never_reads_as_zero(gap, expected):
    """short_by_words shows a positive gap with the decimals it takes, never 0."""
    assert expected == short_by_words(gap)


def test_json_points_of_a_near_miss_stay_below_the_total():
    """check's JSON gives points just short of the total rounded down to four decimals, not up to it."""
    report = json.loads(to_json(check(_near(59.99999))))
    days = report["levels"] + report["levels_on_deadline"]
    assert [69.9999, 69.9999] == [lv["score"]["points"] for lv in days]
