"""check's words for a metric's points, its HTML page, every competency of a scenario's targets, and the
certifications that expire by the deadline (with their renewal windows and what they hold up); best's
most points within a budget never read as nearly there while a metric at 0 blocks the level."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from planner.cli.commands import app

SCENARIOS = Path(__file__).parent.parent / "scenarios"
NORTHWIND = SCENARIOS / "northwind-solutions-partner-smb.yaml"
TWO_GOALS = str(SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml")
GOLD_PUSH = str(SCENARIOS / "contoso-gold-push.yaml")
FORMATS = ["table", "markdown", "html"]


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "250", "NO_COLOR": "1"})


def flat(text: str) -> str:
    """The text with HTML tags dropped, entities of quotes read and white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).replace("&#x27;", "'").split())


def rows_of(text: str, fmt: str) -> list[list[str]]:
    """The cells of every table row of a table, Markdown or HTML text."""
    if fmt == "html":
        return [[flat(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr)]
                for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", text)]
    sep = "│" if fmt == "table" else "|"
    return [[c.strip() for c in line.strip().strip(sep).split(sep)]
            for line in text.splitlines() if sep in line]


def without_chen(tmp_path: Path) -> str:
    """Northwind without Chen, its only advanced-certified person: a budget of US$100 renews Ben's MB-230
    (US$50) and leaves Advanced certifications at 0 points."""
    data = yaml.safe_load(NORTHWIND.read_text(encoding="utf-8"))
    data["staff"] = [p for p in data["staff"] if p["id"] != "chen"]
    path = tmp_path / "no-chen.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


# ---- a metric is full, partial or 0, never 'met' short of its points ------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_check_calls_a_metric_with_some_of_its_points_partial_never_met(fmt):
    """Northwind today: Intermediate certifications at 12 of 20 is 'partial'; on the deadline Advanced
    certifications at 0 of 15 is '0, blocks the level'; no metric row says 'met'."""
    rows = [r for r in rows_of(run("check", str(NORTHWIND), "--format", fmt).stdout, fmt) if len(r) == 5]
    metric = {(r[0].split(" (")[0], r[3]): r[4] for r in rows if r[0].split(" (")[0] != "total"}
    words = {w for (name, _), w in metric.items()}
    assert ("partial", "0, blocks the level", set()) == (
        metric["Intermediate certifications", "12 / 20"], metric["Advanced certifications", "0 / 15"],
        words & {"met", "not met"})


def test_check_calls_a_metric_with_all_its_points_full(tmp_path):
    """With five intermediate-certified people (the SMB threshold) the metric has 20 of 20: 'full'."""
    data = yaml.safe_load(NORTHWIND.read_text(encoding="utf-8"))
    data["staff"] += [{"id": f"x{i}", "passed": [{"exam": "MB-230", "date": "2026-05-01",
                                                   "expires": "2027-11-01"}]} for i in range(5)]
    path = tmp_path / "five.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    rows = rows_of(run("check", str(path)).stdout, "table")
    assert ["20 / 20", "full"] == next(r[3:] for r in rows if r[0].startswith("Intermediate"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_best_says_a_metric_at_0_blocks_the_level_beside_the_most_points(tmp_path, fmt):
    """Within US$100 the most Northwind-without-Chen reaches is 50 of the 70 points, and the answer says
    Advanced certifications has 0 points, so the level needs more than 0 there (Ben's renewal named with
    the certification it keeps, its arrow written &gt; in Markdown and HTML)."""
    text = html.unescape(flat(run("best", without_chen(tmp_path), "--budget", "100", "--format", fmt).stdout))
    expected = ("50 of the 70 points needed, with Ben Okafor MB-230 (renewal) -> Dynamics 365 Customer "
                "Service Functional Consultant Associate for US$50, but Advanced certifications has 0 "
                "points: the level needs more than 0 in each metric")
    assert expected in text


# ---- check's HTML page and every competency of the targets ----------------------------------------

@pytest.mark.parametrize("how", [["--format", "html"], ["-o", "{tmp}/check.html"], ["-o", "{tmp}/CHECK.HTM"]])
def test_check_writes_its_html_page(tmp_path, how):
    """check --format html, -o check.html and -o CHECK.HTM write one self-contained page with the check's
    title and the same score words as the table."""
    args = [a.format(tmp=tmp_path) for a in how]
    result = run("check", str(NORTHWIND), *args)
    page = result.stdout if "--format" in args else Path(args[1]).read_text(encoding="utf-8")
    text = flat(page)
    assert (0, True, True, True, False) == (
        result.exit_code, page.startswith("<!DOCTYPE html>"),
        "Score today (2026-12-01): NOT met, 61.5 of 70 points (8.5 short)" in text,
        "Solutions Partner for Business Applications: NOT MET today or on the deadline" in text,
        "<script" in page)


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_of_a_two_goal_scenario_shows_both_competencies(fmt):
    """The two-goal Contoso scenario: Cloud CRM's levels, then Cloud Business Applications' options."""
    text = flat(run("check", TWO_GOALS, "--format", fmt).stdout)
    first = text.find("Cloud Customer Relationship Management")
    second = text.find("Cloud Business Applications", first)
    assert (True, True, True) == (first >= 0, second > first,
                                  "Silver (option enterprise-customer-engagement)" in text[second:])


def test_check_json_of_two_goals_adds_the_other_competency_in_others():
    """JSON: the first competency as today, then `others`: one CheckReport for cloud-business-applications."""
    data = json.loads(run("check", TWO_GOALS, "--format", "json").stdout)
    assert ("cloud-crm", ["cloud-business-applications"], ["silver", "gold", "silver", "gold"]) == (
        data["competency"], [o["competency"] for o in data["others"]],
        [lv["level"] for lv in data["others"][0]["levels"]])


def test_check_json_of_one_competency_has_no_others_nor_renewals_keys():
    """A one-competency check without expiring certifications keeps today's exact keys."""
    data = json.loads(run("check", GOLD_PUSH, "--format", "json").stdout)
    assert ["scenario", "competency", "as_of", "levels", "deadline", "levels_on_deadline", "losses"] \
        == list(data)


def test_check_with_competency_shows_that_competency_only():
    """check --competency cloud-business-applications of the two-goal scenario shows it alone."""
    data = json.loads(run("check", TWO_GOALS, "--competency", "cloud-business-applications",
                          "--format", "json").stdout)
    assert ("cloud-business-applications", None) == (data["competency"], data.get("others"))


# ---- certifications that expire by the deadline --------------------------------------------------

def test_check_json_lists_each_expiring_certification_with_its_window_and_points():
    """Northwind: Goran's MB-800 (expired 2026-10-01, window closed, 4 points), Chen's MB-820 (renewable
    2026-12-01 to 2027-01-19, 7.5 points), Ben's MB-230 (to 2027-03-14, 4 points); Fatima leaves before
    the deadline and Ana's PL-200 lasts past it."""
    renewals = json.loads(run("check", str(NORTHWIND), "--format", "json").stdout)["renewals"]
    got = [(x["person"], x["exam"], x["expires"], x["window_opens"], x["window_closes"], x["closed"],
            x["holds"]) for x in renewals]
    held = [{"level": "solutions-partner", "points": p} for p in (4.0, 7.5, 4.0)]
    assert [("goran", "MB-800", "2026-10-01", None, None, True, [held[0]]),
            ("chen", "MB-820", "2027-01-20", "2026-12-01", "2027-01-19", False, [held[1]]),
            ("ben", "MB-230", "2027-03-15", "2026-12-01", "2027-03-14", False, [held[2]])] == got


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_shows_the_expiring_certifications_in_every_format(fmt):
    """Table, Markdown and HTML show the same rows: person by name, certification, expiry, window and the
    points it holds up on the deadline."""
    rows = rows_of(run("check", str(NORTHWIND), "--format", fmt).stdout, fmt)
    expected = [["Goran Petrov", "MB-800", "2026-10-01", "closed: pass the exam again", "4 points"],
                ["Chen Wei", "MB-820", "2027-01-20", "2026-12-01 to 2027-01-19", "7.5 points"],
                ["Ben Okafor", "MB-230", "2027-03-15", "2026-12-01 to 2027-03-14", "4 points"]]
    assert expected == [r for r in rows if r[:1] in (["Goran Petrov"], ["Chen Wei"], ["Ben Okafor"])]


def test_a_renewal_window_opens_six_months_before_expiry_when_that_is_after_as_of(tmp_path):
    """A certification expiring 2027-06-15 (as_of 2026-12-01) can be renewed from 2026-12-15 to 2027-06-14;
    one expiring after the deadline is not listed."""
    data = yaml.safe_load(NORTHWIND.read_text(encoding="utf-8"))
    data["staff"] = [
        {"id": "zoe", "passed": [{"exam": "MB-335", "date": "2026-06-15", "expires": "2027-06-15"}]},
        {"id": "yan", "passed": [{"exam": "MB-230", "date": "2026-08-01", "expires": "2027-08-01"}]}]
    path = tmp_path / "window.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    renewals = json.loads(run("check", str(path), "--format", "json").stdout)["renewals"]
    assert [("zoe", "2026-12-15", "2027-06-14")] == [(x["person"], x["window_opens"], x["window_closes"])
                                                     for x in renewals]


def test_a_slot_level_renewal_holds_up_its_slots(tmp_path):
    """Cloud CRM: alice's customization exam MB2-716 expires before the deadline: it holds up 1 slot of Silver
    and 1 of Gold (named, the competency has two levels)."""
    scenario = {"schema_version": 1, "name": "Slots", "as_of": "2017-11-20", "deadline": "2018-06-30",
                "organization": {"market": "developed", "revenue_usd": 400000, "dpor": True},
                "staff": [{"id": "alice", "passed": [{"exam": "MB2-716", "date": "2017-06-01",
                                                      "expires": "2018-03-01"}]}]}
    path = tmp_path / "slots.yaml"
    path.write_text(yaml.safe_dump(scenario), encoding="utf-8")
    rows = rows_of(run("check", str(path)).stdout, "table")
    expected = ["alice", "MB2-716", "2018-03-01", "2017-11-20 to 2018-02-28",
                "1 slot of Silver; 1 slot of Gold"]
    assert expected == next(r for r in rows if r[0] == "alice" and len(r) == 5)



def test_a_certification_pass_without_expires_is_listed_by_its_default_expiry(tmp_path):
    """A certification pass earned 2026-03-10 with no `expires` (an associate: a year later, 2027-03-10)
    is listed with its id under `certification`, window 2026-12-01 to 2027-03-09; it holds up nothing on
    its own when the gate it counts for falls short anyway, and the screens say so."""
    data = yaml.safe_load((SCENARIOS / "adventure-works-data-ai-gates.yaml").read_text(encoding="utf-8"))
    data["staff"] = [{"id": "ada", "name": "Ada Lovelace", "passed": [
        {"certification": "Azure Administrator Associate", "date": "2026-03-10"}]}]
    path = tmp_path / "ada.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    renewals = json.loads(run("check", str(path), "--format", "json").stdout)["renewals"]
    got = [(x["certification"], x["expires"], x["window_opens"], x["window_closes"], x["holds"][0]["points"])
           for x in renewals]
    assert [("azure-administrator-associate", "2027-03-10", "2026-12-01", "2027-03-09", 0.0)] == got
    assert "nothing on its own (others cover it, or the level falls short anyway)" in flat(
        run("check", str(path)).stdout)

# ---- the calendar's Gantt: renewal windows and the deadline ----------------------------------------

def test_plan_json_gives_each_renewal_its_window():
    """Northwind's plan: Ben renews MB-230 in 2026-12-01..2027-03-14, Chen MB-820 in 2026-12-01..2027-01-19;
    new exams have no window keys."""
    exams = json.loads(run("plan", str(NORTHWIND), "--format", "json").stdout)["new_exams"]
    assert [("ben", "2026-12-01", "2027-03-14"), ("chen", "2026-12-01", "2027-01-19")] == [
        (e["person"], e["window_opens"], e["window_closes"]) for e in exams if e.get("renewal")]
    assert [] == [e for e in exams if not e.get("renewal") and "window_opens" in e]


@pytest.mark.parametrize("fmt", FORMATS)
def test_calendar_says_each_renewal_window(fmt):
    """With --schedule every format's calendar says 'Ben Okafor can renew MB-230 from 2026-12-01 to
    2027-03-14'."""
    text = flat(run("plan", str(NORTHWIND), "--schedule", "--format", fmt).stdout)
    assert [True, True] == [f"{who} can renew {exam} from 2026-12-01 to {end}" in text
                            for who, exam, end in (("Ben Okafor", "MB-230", "2027-03-14"),
                                                   ("Chen Wei", "MB-820", "2027-01-19"))]


def test_gantt_draws_renewal_windows_and_a_deadline_line():
    """The HTML calendar draws one band per renewal window (Ben's from 2026-12-01 to 2027-03-14 spans
    December to mid-March) and one red deadline line at the end of June 2027 (its last column)."""
    page = run("plan", str(NORTHWIND), "--schedule", "--format", "html").stdout
    figure = page.split('id="exam-calendar"', 1)[1].split("</figure>", 1)[0]
    band = r'<g class="renewal-window"><title>([^<]*)</title><rect x="([\d.]+)"[^>]*width="([\d.]+)"'
    bands = re.findall(band, figure)
    line = re.findall(r'<g class="deadline"><title>([^<]*)</title><line x1="([\d.]+)"', figure)
    columns = [float(x) for x in re.findall(r'<rect x="([\d.]+)" y="\d+" width="\d+" height="\d+" fill="#',
                                            figure)]
    col_w = columns[1] - columns[0]
    ben = next(b for b in bands if b[0].startswith("MB-230"))
    assert (2, "deadline 2027-06-30", True, True) == (
        len(bands), line[0][0], abs(float(line[0][1]) - (columns[-1] + col_w)) < 0.2,
        abs(float(ben[2]) - col_w * (3 + 14 / 31)) < 0.2)
