"""Scored levels and renewals read the same in every format: the points on the deadline, a row per metric,
renewals marked as such, the score today and on the deadline in `check`; a plan of slots shows none of it.
Every expected figure is read from the JSON answer of the same run, never typed in."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from models.report import CheckReport
from planner.report import html_check
from tests.helpers import run

DATA = Path(__file__).parent / "data" / "scored"
SCENARIO = str(DATA / "mini-scenario.yaml")
CATALOG = str(DATA / "mini-scored.yaml")
SLOTTED = str(Path(__file__).parent.parent / "scenarios" / "contoso-gold-push.yaml")
FORMATS = ("table", "markdown", "html")


def _pts(value: float) -> str:
    """Points as the reports write them: 72, 61.5."""
    return f"{value:g}"


def _answer(*args: str) -> Any:
    result = run(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _text(*args: str, fmt: str) -> str:
    result = run(*args, "--format", fmt)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def _rows(text: str, fmt: str) -> list[list[str]]:
    """Every table row of a report as its cells, whatever the format."""
    if fmt == "html":
        return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
                for row in re.findall(r"<tr>(.*?)</tr>", text)]
    lines = [line.strip().replace("┃", "│") for line in text.splitlines()]
    mark = "│" if fmt == "table" else "|"
    return [[c.strip().strip("*") for c in line.strip(mark).split(mark)]
            for line in lines if line.startswith(mark) and not line.startswith("|---")]


@pytest.fixture(scope="module")
def plan() -> Any:
    return _answer("plan", SCENARIO, "--catalog", CATALOG)


@pytest.fixture(scope="module")
def plans() -> dict[str, str]:
    return {fmt: _text("plan", SCENARIO, "--catalog", CATALOG, fmt=fmt) for fmt in FORMATS}


@pytest.fixture(scope="module")
def check() -> Any:
    return _answer("check", SCENARIO, "--catalog", CATALOG)


def _check_text(answer: Any, fmt: str) -> str:
    """check has no --format html: its page is made from the JSON answer."""
    if fmt == "html":
        return html_check.check_page(CheckReport.model_validate(answer))
    return _text("check", SCENARIO, "--catalog", CATALOG, fmt=fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_plan_headline_says_the_points_reached_on_the_deadline(plan, plans, fmt):
    """The headline ends with the points the plan reaches on the deadline, of the points needed."""
    score = plan["scores"][0]
    words = (f"with {plan['total_new_exams']} new exams and {plan['total_renewals']} renewal costing "
             f"US${plan['total_cost_usd']:,.0f} (fewest new exams, proven): "
             f"{_pts(score['points'])} of the {_pts(score['needed'])} points needed.")
    assert (True, True) == (score["met"], words in plans[fmt])


@pytest.mark.parametrize("fmt", FORMATS)
def test_plan_score_table_has_a_row_per_metric_and_the_total(plan, plans, fmt):
    """Each metric's row: its name, its count (people or the scenario's figure), threshold, points, max."""
    score = plan["scores"][0]
    expected = [[m["name"], (f"{_pts(m['count'])} people" if m["kind"] == "people" else
                             f"{_pts(m['count'])} (input)"), _pts(m["threshold"]), _pts(m["points"]),
                 _pts(m["max_points"])] for m in score["metrics"]]
    expected.append(["total", "", f"{_pts(score['needed'])} needed", _pts(score["points"]),
                     _pts(score["out_of"])])
    rows = _rows(plans[fmt], fmt)
    first = rows.index(expected[0]) if expected[0] in rows else -1
    assert expected == rows[first:first + len(expected)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_plan_slot_table_of_a_scored_goal_names_the_metric(plan, plans, fmt):
    """A scored goal's slot table is 'Who counts toward which metric', its first column 'metric'."""
    rows = _rows(plans[fmt], fmt)
    heads = [row for row in rows if row[1:2] == ["person"] and row[0] in ("role", "metric")]
    assert (True, False, [["metric", "person"]]) == (
        "Who counts toward which metric" in plans[fmt], "Who fills which slot" in plans[fmt],
        [row[:2] for row in heads])


@pytest.mark.parametrize("fmt", FORMATS)
def test_plan_marks_each_renewal_in_exams_totals_and_path(plan, plans, fmt):
    """A renewal is 'AD-1 (renewal)' in the new exams, the total counts it apart, the path says 'renews'."""
    renewals = [e for e in plan["new_exams"] if e.get("renewal")]
    rows = _rows(plans[fmt], fmt)
    marked = [[e["person"], f"{e['exam']} (renewal)"] in [row[:2] for row in rows] for e in renewals]
    total = f"{plan['total_new_exams']} new exams and {plan['total_renewals']} renewal"
    path = [f"{e['person']} renews {e['exam']}" in plans[fmt] for e in renewals]
    assert ([True] * len(renewals), True, [True] * len(renewals), 1) == (
        marked, ["total", total] in [row[:2] for row in rows], path, len(renewals))


@pytest.mark.parametrize("fmt", FORMATS)
def test_plan_with_no_gates_prints_no_gates_table(plan, plans, fmt):
    """A scored level with no gate gets no empty Gates table."""
    assert ([], False) == (plan["gates"], "Gates" in plans[fmt])


def test_plan_calendar_books_the_renewal_as_a_renewal(plan):
    """With --schedule the calendar line names the renewal '(renewal)' in its month."""
    answer = _answer("plan", SCENARIO, "--catalog", CATALOG, "--schedule")
    renewal = next(e for e in answer["new_exams"] if e.get("renewal"))
    month = next(b["month"] for b in answer["schedule"]
                 if (b["person"], b["exam"]) == (renewal["person"], renewal["exam"]))
    text = _text("plan", SCENARIO, "--catalog", CATALOG, "--schedule", fmt="markdown")
    line = next(x for x in text.splitlines() if x.startswith(f"- {month}:"))
    assert True is (f"{renewal['person']} {renewal['exam']} (renewal)" in line)


def _standing(m: dict[str, Any]) -> str:
    """A metric's standing word in check: full, partial or 0, and ', blocks the level' below its minimum."""
    word = "full" if m["points"] >= m["max_points"] else "partial" if m["points"] > 0 else "0"
    return word if m["met"] else f"{word}, blocks the level"


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_shows_the_score_today_and_on_the_deadline(check, fmt):
    """check says met or NOT met with the points, today and on the deadline, each with its metric rows."""
    today, later = check["levels"][0], check["levels_on_deadline"][0]
    text = _check_text(check, fmt)
    titles = [f"Score {when}: {'met' if lv['score']['met'] else 'NOT met'}, {_pts(lv['score']['points'])} "
              f"of {_pts(lv['score']['needed'])} points"
              for when, lv in ((f"today ({check['as_of']})", today),
                               (f"on the deadline ({check['deadline']})", later))]
    rows = _rows(text, fmt)
    metrics = [m for lv in (today, later) for m in lv["score"]["metrics"]]
    metric_rows = [[m["name"], f"{_pts(m['points'])} / {_pts(m['max_points'])}", _standing(m)]
                   for m in metrics]
    shown = [[row[0], row[3], row[4]] for row in rows if len(row) == 5]
    assert ([True, True], [True] * len(metric_rows)) == (
        [t in text for t in titles], [r in shown for r in metric_rows])


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_lists_what_is_missing_today_and_on_the_deadline(check, fmt):
    """The standing's missing lines (today's, and the deadline's when they differ) are shown."""
    text = re.sub(r"\s+", " ", _check_text(check, fmt).replace("&#x27;", "'"))
    lines = check["levels"][0]["missing"] + check["levels_on_deadline"][0]["missing"]
    assert [True] * len(lines) == [line in text for line in lines]


@pytest.mark.parametrize("fmt", FORMATS)
def test_plan_of_slots_shows_no_score_and_no_renewal(fmt):
    """A plan for a level of slots has no score section, no points in its headline and no renewal."""
    text = _text("plan", SLOTTED, fmt=fmt)
    assert (False, False, False, True) == ("points needed" in text, "Score on the deadline" in text,
                                           "renewal" in text, "Who fills which slot" in text)


def test_compare_says_each_scored_plans_points(tmp_path):
    """compare lists each scenario's points on the deadline, as its own plan reports them."""
    other = tmp_path / "more-adds.yaml"
    other.write_text(Path(SCENARIO).read_text(encoding="utf-8").replace(
        "name: Mini scored partner", "name: More adds").replace("adds: 3", "adds: 5"), encoding="utf-8")
    expected = []
    for path in (SCENARIO, str(other)):
        answer = _answer("plan", path, "--catalog", CATALOG)
        s = answer["scores"][0]
        expected.append(f"{answer['scenario']}: {_pts(s['points'])} of the {_pts(s['needed'])} points needed")
    texts = [_text("compare", SCENARIO, str(other), "--catalog", CATALOG, "--level", "designation", fmt=fmt)
             for fmt in FORMATS]
    assert [[True, True]] * 3 == [[line in text for line in expected] for text in texts]


@pytest.mark.parametrize("fmt", FORMATS)
def test_alternatives_show_renewals_and_points(fmt):
    """With --alternatives the table has a renewals and a points column, filled from each plan."""
    args = ("plan", SCENARIO, "--catalog", CATALOG, "--alternatives", "2")
    answer = _answer(*args)
    rows = _rows(_text(*args, fmt=fmt), fmt)
    head = next(row for row in rows if row[:1] == ["#"])
    plans = [answer, *answer["alternatives"]]
    expected = [[str(i + 1), str(p["total_renewals"]), _pts(p["scores"][0]["points"])]
                for i, p in enumerate(plans)]
    at = [head.index(c) for c in ("#", "renewals", "points")]
    shown = [[row[i] for i in at] for row in rows[rows.index(head) + 1:rows.index(head) + 1 + len(plans)]]
    assert expected == shown


@pytest.mark.parametrize("fmt", FORMATS)
def test_best_within_a_too_small_budget_says_the_most_points_it_reaches(fmt):
    """best below the cheapest plan says the most points the budget reaches on the deadline."""
    args = ("best", SCENARIO, "--catalog", CATALOG, "--budget", "400")
    answer = _answer(*args)
    score = (answer["next_level"] or {}).get("score_within_budget")
    if score is None:
        pytest.skip("best does not report score_within_budget")
    words = (f"the most the budget reaches on the deadline is {_pts(score['points'])} of the "
             f"{_pts(score['needed'])} points needed")
    assert True is (words in re.sub(r"\s+", " ", _text(*args, fmt=fmt)))


SHIPPED = str(Path(__file__).parent.parent / "scenarios" / "northwind-solutions-partner-smb.yaml")
TWO_TARGETS = ("--target", "business-applications:solutions-partner", "--target",
               "cloud-business-applications:silver")


def _slotted_still_running(tmp_path: Path) -> tuple[str, str]:
    """--catalog with Cloud Business Applications as if it had not ended (the shipped one ended on 3 Oct
    2022, before any scored designation's first revision): a slotted target beside a scored one."""
    shipped = (Path(__file__).parent.parent / "planner" / "rules" / "data"
               / "cloud-business-applications-2017-11-16.yaml")
    text = "\n".join(line for line in shipped.read_text(encoding="utf-8").splitlines()
                     if not line.startswith(("ended:", "replaced_by:", "ended_source:")))
    path = tmp_path / "cba-running.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    return "--catalog", str(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_several_targets_show_the_scored_targets_score_under_its_own_slots(fmt, tmp_path):
    """With a scored and a slotted target, the scored one's slots read 'metric' and its score follows
    them, before the next target's slots; the headline names its points."""
    catalog = _slotted_still_running(tmp_path)
    answer = _answer("plan", SHIPPED, *TWO_TARGETS, *catalog)
    text = re.sub(r"\s+", " ", _text("plan", SHIPPED, *TWO_TARGETS, *catalog, fmt=fmt))
    scored, slotted = (t["target"] for t in answer["targets"])
    s = answer["scores"][0]
    words = f"{_pts(s['points'])} of the {_pts(s['needed'])} points needed"
    places = [0]
    name = "Solutions Partner for Business Applications"  # the scored target by its catalog's name
    slotted_name = "Cloud Business Applications " + slotted.split(":")[1].capitalize()
    for piece in (f"{name} (rules", f"Score of {name}", words, f"{slotted_name}, option"):
        places.append(text.find(piece, places[-1]))
    heads = [row[0] for row in _rows(_text("plan", SHIPPED, *TWO_TARGETS, *catalog, fmt=fmt), fmt)
             if row[1:2] == ["person"]]
    assert (s["target"], True, ["metric", "role"]) == (scored, -1 not in places, heads)
