"""The shipped scored catalog (Solutions Partner for Business Applications): its figures, its unconfirmed
marks, how `planner rules` shows a scored level in every format, `rules --diff` on scored levels, and
one-line errors for a bad scored catalog given with --catalog."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from models.catalog import Catalog
from planner.rules.catalogs import shipped_catalog
from planner.rules.diff import diff_catalogs
from tests.helpers import one_error_line, run

COMPETENCY = "business-applications"
THIRD_PARTY = "pcs-guide"


def scored() -> Catalog:
    return shipped_catalog(COMPETENCY)


def metric(mid: str):
    (score,) = [lv.score for lv in scored().levels if lv.score is not None]
    return next(m for m in score.metrics if m.id == mid)


def rules(fmt: str) -> str:
    result = run("rules", "--competency", COMPETENCY, "--format", fmt)
    assert 0 == result.exit_code, result.stderr
    return result.stdout


# ---- the shipped catalog ---------------------------------------------------------------------------------

def test_shipped_catalog_has_one_scored_level_of_70_points_over_five_metrics_worth_100():
    """The catalog's one level is scored: 70 needed of 100, more than 0 in every metric, five metrics."""
    (level,) = scored().levels
    score = level.score
    assert score is not None
    expected = (70, 100, True, ["net-customer-adds", "intermediate-certifications", "advanced-certifications",
                                "usage-growth", "deployments"], [15, 20, 15, 30, 20])
    assert expected == (score.total, score.out_of, score.every_metric_above_zero,
                        [m.id for m in score.metrics], [m.max_points for m in score.metrics])


@pytest.mark.parametrize(
    ("mid", "track", "people", "points"),
    [
        pytest.param("intermediate-certifications", "enterprise", 20, 20, id="intermediate-enterprise-full"),
        pytest.param("intermediate-certifications", "enterprise", 19, 19, id="intermediate-enterprise-19"),
        pytest.param("intermediate-certifications", "smb", 5, 20, id="intermediate-smb-full"),
        pytest.param("intermediate-certifications", "smb", 1, 4, id="intermediate-smb-one"),
        pytest.param("advanced-certifications", "enterprise", 7, 15, id="advanced-enterprise-full"),
        pytest.param("advanced-certifications", "enterprise", 6, 15 * 6 / 7, id="advanced-enterprise-6"),
        pytest.param("advanced-certifications", "smb", 2, 15, id="advanced-smb-full"),
        pytest.param("advanced-certifications", "smb", 1, 7.5, id="advanced-smb-one"),
        pytest.param("advanced-certifications", "smb", 9, 15, id="advanced-smb-capped"),
    ],
)
def test_skilling_metrics_give_the_rules_files_points_per_person_on_each_track(mid, track, people, points):
    """Intermediate: 20 points at 20 people (enterprise) or 5 (SMB); advanced: 15 at 7 or 2; in
    proportion below, capped at the threshold."""
    assert pytest.approx(points) == float(metric(mid).points(people, track))


def test_skilling_metrics_count_people_with_an_exam_of_their_list():
    """Intermediate certifications count list intermediate, advanced ones list advanced; the other three
    metrics read organization.metrics under their own id."""
    ids = ["intermediate-certifications", "advanced-certifications", "net-customer-adds", "usage-growth",
           "deployments"]
    expected = [(["intermediate"], None), (["advanced"], None), ([], "net-customer-adds"),
                ([], "usage-growth"), ([], "deployments")]
    assert expected == [(metric(m).lists, metric(m).input) for m in ids]


def test_every_figure_from_the_third_party_guide_is_marked_unconfirmed():
    """Every metric, list and exam sourced from the third-party guide is unconfirmed (and the skilling
    metrics are among them, so the check is not empty)."""
    (level,) = scored().levels
    assert level.score is not None
    from_guide = [m for m in level.score.metrics if m.source == THIRD_PARTY]
    lists = [lst for lst in scored().lists if lst.source == THIRD_PARTY]
    assert ({"intermediate-certifications", "advanced-certifications"}, [], [], 2) == (
        {m.id for m in from_guide}, [m.id for m in from_guide if not m.unconfirmed],
        [lst.id for lst in lists if not lst.unconfirmed], len(lists))


def test_metrics_whose_figures_postdate_the_revision_are_unconfirmed_too():
    """The non-exam metrics' thresholds come from Microsoft's page of June 2023, not of Oct 2022: marked
    unconfirmed, with a note saying what the scenario must give."""
    inputs = [metric(m) for m in ("net-customer-adds", "usage-growth", "deployments")]
    assert [(True, True, True)] * 3 == [(m.unconfirmed, bool(m.unit), f"organization.metrics.{m.input}"
                                         in (m.note or "")) for m in inputs]


def test_the_doubtful_exam_is_unconfirmed_and_in_no_list():
    """MB-820 (an associate certification one list calls advanced) is marked unconfirmed and counts for no
    metric."""
    catalog = scored()
    listed = {code for lst in catalog.lists for code in lst.exams}
    assert (True, False) == (catalog.exam("MB-820").unconfirmed, "MB-820" in listed)


def test_catalog_says_why_the_bridge_eras_indicators_are_not_modelled():
    """The description names the Partner Contribution Indicators and why they are left out."""
    text = scored().description
    assert (True, True) == ("Partner Contribution Indicators" in text, "too thin" in text)


# ---- planner rules ---------------------------------------------------------------------------------------

UNCONFIRMED_THINGS = ["net-customer-adds", "intermediate-certifications", "advanced-certifications",
                      "usage-growth", "deployments"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_rules_mark_every_unconfirmed_metric_list_and_exam(fmt):
    """Each metric id, both list headings and MB-820's title are followed by '(unconfirmed)'."""
    out = re.sub(r"\s+", " ", rules(fmt))
    patterns = [*(rf"{m} \(unconfirmed\)" for m in UNCONFIRMED_THINGS),
                r"intermediate:? Intermediate certifications \(unconfirmed\)",
                r"advanced:? Advanced certifications \(unconfirmed\)",
                r"MB-820 \|? ?Microsoft Dynamics 365 Business Central Developer \(unconfirmed\)"]
    assert [] == [p for p in patterns if not re.search(p, out)]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_rules_show_the_total_the_rule_and_each_metrics_thresholds_and_what_it_counts(fmt):
    """The score's total out of its points, 'more than 0 in every metric', the thresholds per track and
    what each metric counts."""
    out = re.sub(r"\s+", " ", rules(fmt))
    facts = ["70 of 100", "more than 0 in every metric", "20 certified people (enterprise) or 5 (smb)",
             "7 certified people (enterprise) or 2 (smb)", "30 percent (enterprise) or 30 (smb)",
             "list intermediate (Intermediate certifications)", "organization.metrics.usage-growth",
             "organization.track"]
    assert [] == [f for f in facts if f not in out]


def test_rules_json_carries_the_score_and_the_unconfirmed_marks():
    """--format json gives the level's score with every metric marked unconfirmed, and the lists too."""
    (catalog,) = json.loads(rules("json"))
    (level,) = catalog["levels"]
    marks = [m["unconfirmed"] for m in level["score"]["metrics"]] + [lst["unconfirmed"]
                                                                     for lst in catalog["lists"]]
    assert (70, [True] * 7) == (level["score"]["total"], marks)


def test_rules_json_is_the_catalog_format_again():
    """The JSON of a scored catalog reads back as the same catalog."""
    (data,) = json.loads(rules("json"))
    assert scored() == Catalog.model_validate(data)


def test_rules_table_of_a_scored_level_fits_80_columns_with_whole_metric_ids():
    """At 80 columns no line is longer and every metric id is on one line."""
    from typer.testing import CliRunner

    from planner.cli.commands import app

    result = CliRunner().invoke(app, ["rules", "--competency", COMPETENCY], env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert (0, [], []) == (result.exit_code, [line for line in lines if len(line) > 80],
                           [m for m in UNCONFIRMED_THINGS if not any(m in line for line in lines)])


# ---- rules --diff ----------------------------------------------------------------------------------------

def changed(edit) -> list[tuple[str, str, Any, Any]]:
    """The changes from the shipped catalog to a copy edited by `edit` (a function of its score dict)."""
    data = scored().model_dump(mode="json")
    data["revision"] = "2023-06-13"
    edit(data["levels"][0]["score"])
    changes = diff_catalogs(scored(), Catalog.model_validate(data))
    return [(c.kind, c.what, c.before, c.after) for c in changes]


LEVEL = "Solutions Partner for Business Applications"


def _threshold(score: dict) -> None:
    score["metrics"][2]["threshold"] = {"enterprise": 8, "smb": 2}


def _total(score: dict) -> None:
    score["total"] = 75


def _points(score: dict) -> None:
    score["metrics"][1]["max_points"] = 25


def _removed(score: dict) -> None:
    del score["metrics"][4]


def _counts(score: dict) -> None:
    score["metrics"][2]["lists"] = ["intermediate"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(_threshold, [("metric threshold changed",
                                   f"{LEVEL}: metric advanced-certifications: enterprise", 7, 8)],
                     id="threshold"),
        pytest.param(_total, [("score total", LEVEL, 70, 75)], id="total"),
        pytest.param(_points, [("metric points", f"{LEVEL}: metric intermediate-certifications", 20, 25)],
                     id="max-points"),
        pytest.param(_removed, [("metric removed", f"{LEVEL}: metric deployments",
                                 {"id": "deployments", "name": "Deployments", "category": "customer success",
                                  "max_points": 20.0, "threshold": {"enterprise": 5, "smb": 5},
                                  "input": "deployments", "unit": "net new deployments",
                                  "unconfirmed": True}, None)], id="metric-removed"),
        pytest.param(_counts, [("metric counts", f"{LEVEL}: metric advanced-certifications",
                                "list advanced", "list intermediate")], id="counts"),
    ],
)
def test_diff_reports_each_kind_of_score_change(edit, expected):
    """Each changed score rule is one change with its before and after values."""
    assert expected == changed(edit)


def test_diff_of_the_scored_catalog_with_itself_is_empty():
    """The same scored rules under another date differ in nothing."""
    assert [] == changed(lambda score: None)


def test_diff_from_a_slotted_competency_to_a_scored_one_says_the_level_is_scored():
    """From Cloud CRM to the scored catalog the diff runs, adds the scored level and names its total."""
    changes = diff_catalogs(shipped_catalog("cloud-crm"), scored())
    added = [c for c in changes if c.kind == "level added"]
    texts = [c.text for c in added]
    assert (["level solutions-partner"], True) == ([c.what for c in added], "70 of 100 points" in texts[0])


def test_rules_diff_command_reports_a_metric_added_between_two_catalog_files(tmp_path):
    """`planner rules --diff` over two --catalog revisions reports the added metric in words."""
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(SCORED, encoding="utf-8")
    second.write_text(SCORED.replace("2024-01-01", "2024-06-01") + "        - {id: extra, name: Extra, "
                      "max_points: 5, threshold: {big: 1, small: 1}, input: extra}\n", encoding="utf-8")
    result = run("rules", "--catalog", str(first), "--catalog", str(second), "--competency", "contoso-scored",
                 "--diff", "2024-01-01", "2024-06-01", "--format", "json")
    changes = json.loads(result.stdout)
    assert (0, ["metric added"], True) == (result.exit_code, [c["kind"] for c in changes],
                                           "organization.metrics.extra" in changes[0]["text"])


# ---- a bad scored catalog --------------------------------------------------------------------------------

SCORED = """\
catalog_version: 1
id: contoso-scored
name: Contoso Scored
revision: 2024-01-01
exams:
  - {code: ZZ1-001, title: Basics}
  - {code: ZZ1-002, title: Expert}
lists:
  - {id: basic, name: Basic, exams: [ZZ1-001]}
  - {id: expert, name: Expert, exams: [ZZ1-002]}
roles:
  - {id: basic, lists: [basic]}
levels:
  - id: partner
    name: Partner
    score:
      total: 20
      metrics:
        - {id: basics, name: Basics, max_points: 10, threshold: {big: 4, small: 2}, lists: [basic]}
        - {id: experts, name: Experts, max_points: 10, threshold: {big: 2, small: 1}, lists: [expert]}
        - {id: adds, name: Adds, max_points: 5, threshold: {big: 5, small: 3}, input: adds}
"""


def test_a_good_scored_catalog_file_is_shown_with_its_total(tmp_path):
    """The small scored catalog loads with --catalog and `rules` shows 20 of its 25 points."""
    good = tmp_path / "scored.yaml"
    good.write_text(SCORED, encoding="utf-8")
    result = run("rules", "--catalog", str(good), "--competency", "contoso-scored", "--format", "markdown")
    assert (0, True) == (result.exit_code, "20 of 25" in result.stdout)


INPUT_METRIC = "max_points: 5, threshold: {big: 5, small: 3}, input: adds}"
TINY_EXAM_METRIC = ("max_points: 1e-300, threshold: {big: 5, small: 3}, lists: [basic]}\n"
                    "        - {id: adds2, name: Adds, max_points: 5, threshold: {big: 5, small: 3}, "
                    "input: adds}")
TWO_EXAM_METRICS = ("max_points: 10, threshold: {big: 4, small: 2}, lists: [basic]}\n"
                    "        - {id: experts, name: Experts, max_points: 10, threshold: {big: 2,")
NEAR_A_MILLION = ("max_points: 10.001, threshold: {big: 999983, small: 2}, lists: [basic]}\n"
                  "        - {id: experts, name: Experts, max_points: 10, threshold: {big: 999979,")


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        pytest.param("    name: Partner\n", "    name: Partner\n    slots: {basic: 1}\n",
                     [":14:5:", "a scored level has metrics, not slots"], id="scored-level-with-slots"),
        pytest.param("input: adds}", "input: adds, lists: [basic]}",
                     [":21:11:", "metric adds", "not both"], id="metric-with-lists-and-input"),
        pytest.param("total: 20", "total: 26", [":17:7:", "total 26", "25 points"], id="total-above-sum"),
        pytest.param("lists: [expert]}", "lists: [experts]}",
                     [":20:", "metric experts names unknown list 'experts'", "lists: basic, expert"],
                     id="metric-names-unknown-list"),
        pytest.param("threshold: {big: 4, small: 2}", "threshold: {}",
                     [":19:", "threshold", "empty mapping, which names no track"],
                     id="threshold-naming-no-track"),
        pytest.param(INPUT_METRIC, TINY_EXAM_METRIC, [":17:", "cannot be counted exactly", "scale of 5e+300"],
                     id="max-points-of-300-decimals"),
        pytest.param(TWO_EXAM_METRICS, NEAR_A_MILLION,
                     [":17:", "on the big track cannot be counted exactly", "above the 9.01e+15"],
                     id="thresholds-near-a-million"),
    ],
)
def test_bad_scored_catalog_exits_2_with_one_line_at_its_place(tmp_path, old, new, fragments):
    """Each bad scored level is one stderr line 'FILE:LINE:COL: what', exit 2, nothing on stdout."""
    assert SCORED.count(old) == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text(SCORED.replace(old, new), encoding="utf-8")
    result = run("rules", "--catalog", str(bad))
    line = one_error_line(result)
    assert (2, "", True, []) == (result.exit_code, result.stdout, line.startswith(f"planner: error: {bad}:"),
                                 [f for f in fragments if f not in line])


def test_revision_date_of_the_shipped_catalog_is_the_programs_start():
    """The shipped revision is dated 3 Oct 2022, the day the scored designations began."""
    assert dt.date(2022, 10, 3) == scored().revision
