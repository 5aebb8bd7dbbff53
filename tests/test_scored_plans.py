"""Scored levels and renewals through the one pipeline: plans, resilience, several targets, the calendar,
best within a budget. The small catalog tests/data/scored/mini-scored.yaml scores 100 points: three
non-exam metrics (15 at 5 adds, 30 at 10 usage, 20 at 4 deployments) and two exam metrics (20 points at
4 intermediate people on the enterprise track, 2 on SMB; 15 at 3 advanced people, 1 on SMB); it needs 70.
A new exam costs US$165 (no preparation), a renewal US$0 (one hour at US$0)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import run

DATA = Path(__file__).parent / "data" / "scored"
CATALOG = str(DATA / "mini-scored.yaml")
OTHER = {
    "catalog_version": 1, "id": "other-scored", "name": "Other Scored", "revision": "2022-10-03",
    "exams": [{"code": "IN-1", "title": "Intermediate one"}, {"code": "OT-1", "title": "Other one"}],
    "lists": [{"id": "shared", "name": "shared", "exams": ["IN-1", "OT-1"]}],
    "levels": [{"id": "designation", "name": "Other designation", "score": {
        "total": 10, "metrics": [{"id": "people", "name": "Certified people", "max_points": 10,
                                  "threshold": 2, "lists": ["shared"]}]}}],
}


def _scenario(staff: list[dict[str, Any]], track: str = "enterprise", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": 1, "name": "Scored", "competency": "mini-scored",
        "as_of": "2026-12-01", "deadline": "2027-06-30",
        "organization": {"market": "developed", "revenue_usd": 0, "dpor": False, "track": track,
                         "metrics": {"adds": 3, "usage": 6, "deployments": 2}},
        "staff": staff,
    }
    data.update(extra)
    return data


def _plan(tmp_path: Path, scenario: dict[str, Any], *options: str, catalogs: tuple[str, ...] = (CATALOG,)
          ) -> dict[str, Any]:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario), encoding="utf-8")
    args = ["plan", str(path), "--format", "json", *options]
    for c in catalogs:
        args += ["--catalog", c]
    result = run(*args)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _changes(report: dict[str, Any]) -> list[str]:
    return [f"{e['person']} {e['exam']}{' renewal' if e.get('renewal') else ''}" for e in report["new_exams"]]


# the inputs of _scenario: 3 of 5 adds (9 points), 6 of 10 usage (18), 2 of 4 deployments (10)
INPUT_POINTS = Fraction(9 + 18 + 10)


def test_a_renewal_in_its_window_is_planned_instead_of_earning_the_exam_again(tmp_path):
    """Bob's AD-1 expires on 10 Jan 2027, before the deadline: renewing it (US$0) brings the advanced
    metric back; Cy's AD-1 expired in October (window closed), so he would have to pass it again."""
    staff = [{"id": "ann", "passed": ["IN-1", "IN-2"]},
             {"id": "bob", "passed": [{"exam": "AD-1", "date": "2026-01-10", "expires": "2027-01-10"}]},
             {"id": "cy", "passed": [{"exam": "AD-2", "date": "2024-10-01", "expires": "2026-10-01"}]}]
    report = _plan(tmp_path, _scenario(staff, track="smb"))
    # SMB: ann fills 1 of 2 intermediate places (10 points), the renewal 1 of 1 advanced (15): 37 + 25 < 70
    # needs one more intermediate person (10 points): 72; the fewest changes are 2 and the cheapest has
    # the renewal
    assert ["bob IN-1", "bob AD-1 renewal"] == _changes(report)
    assert (1, 1, 165.0) == (report["total_new_exams"], report["total_renewals"], report["total_cost_usd"])
    assert float(INPUT_POINTS + 20 + 15) == report["scores"][0]["points"]


def test_an_expired_certification_whose_window_has_closed_is_earned_again(tmp_path):
    """Cy's AD-2 expired before as_of: no renewal is possible, so the plan earns an advanced exam again."""
    staff = [{"id": "ann", "passed": ["IN-1"]}, {"id": "bob", "passed": ["IN-2"]},
             {"id": "cy", "passed": [{"exam": "AD-2", "date": "2024-10-01", "expires": "2026-10-01"}]}]
    report = _plan(tmp_path, _scenario(staff, track="smb"))
    assert [] == [e for e in report["new_exams"] if e.get("renewal")]
    assert 1 == report["total_new_exams"]
    assert report["new_exams"][0]["exam"] in ("AD-1", "AD-2")


def test_the_calendar_books_a_renewal_inside_its_window(tmp_path):
    """Bob's window runs from 10 Jul 2026 to 9 Jan 2027: with a calendar the renewal is booked in
    December or January, never later."""
    staff = [{"id": "ann", "passed": ["IN-1", "IN-2"]},
             {"id": "bob", "passed": [{"exam": "AD-1", "date": "2026-01-10", "expires": "2027-01-10"}],
              "unavailable": ["2026-12"]}]
    report = _plan(tmp_path, _scenario(staff, track="smb"), "--schedule")
    booked = {(b["person"], b["exam"]): b["month"] for b in report["schedule"]}
    assert "2027-01" == booked["bob", "AD-1"]


def test_resilience_keeps_the_score_after_any_departure_or_says_no_plan_can(tmp_path):
    """Five people on the enterprise track: one departure can be survived (the re-check verifies every
    one), two cannot (all five qualified for both metrics leave 3 + 3 after two departures: 15 + 15
    points, with the 37 of the inputs 67 < 70)."""
    staff = [{"id": name} for name in ("ann", "bob", "cy", "dee", "eve")]
    one = _plan(tmp_path, _scenario(staff), "--resilience", "1")
    two = _plan(tmp_path, _scenario(staff), "--resilience", "2")
    assert ("optimal", True) == (one["status"], one["reachable"])
    assert ("infeasible", False) == (two["status"], two["reachable"])


def test_two_scored_designations_share_a_certification(tmp_path):
    """IN-1 counts in both designations: planned together two exams serve both (one fewer than alone)."""
    other = tmp_path / "other.yaml"
    other.write_text(yaml.safe_dump(OTHER), encoding="utf-8")
    scenario = _scenario([{"id": "ann"}, {"id": "bob"}, {"id": "cy", "passed": ["AD-1"]}], track="smb",
                         targets=["mini-scored:designation", "other-scored:designation"])
    scenario["organization"]["metrics"] = {"adds": 5, "usage": 10, "deployments": 4}
    report = _plan(tmp_path, scenario, catalogs=(CATALOG, str(other)))
    assert ["ann IN-1", "bob IN-1"] == _changes(report)
    assert (3, 1) == (report["saving"]["planned_alone_new_exams"], report["saving"]["new_exams_saved"])
    assert [100.0, 10.0] == [s["points"] for s in report["scores"]]


def test_a_scored_designation_and_a_slot_competency_planned_together(tmp_path):
    """A designation and Cloud CRM Silver with one staff: both are met, each re-checked (the designation
    named by its revision: no scored designation's rules are known for a day before its earliest revision)."""
    scenario = _scenario([{"id": "ann", "passed": ["MB2-717"]}, {"id": "bob"}, {"id": "cy"}], track="smb",
                         targets=["mini-scored:designation", "cloud-crm:silver"], as_of="2017-11-20",
                         deadline="2018-06-30", rules_revision={"mini-scored": "2022-10-03"})
    scenario["organization"].update({"revenue_usd": 500000, "dpor": True,
                                     "metrics": {"adds": 5, "usage": 10, "deployments": 4}})
    report = _plan(tmp_path, scenario)
    assert ("optimal", True) == (report["status"], report["reachable"])
    assert ["mini-scored:designation", "cloud-crm:silver"] == [t["target"] for t in report["targets"]]


def test_best_within_a_budget_gives_the_most_points_it_reaches(tmp_path):
    """US$200 buys one exam (and the free renewal): the most points are 37 + 10 + 15 = 62 on the
    enterprise track (2 intermediate people of 4, 3 advanced of 3 with Ann's new AD exam)."""
    staff = [{"id": "ann", "passed": ["IN-1"]},
             {"id": "bob", "passed": [{"exam": "AD-1", "date": "2026-01-10", "expires": "2027-01-10"}]},
             {"id": "cy"}, {"id": "dee"}, {"id": "eve", "passed": ["IN-2", "AD-2"]}]
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(_scenario(staff)), encoding="utf-8")
    result = run("best", str(path), "--catalog", CATALOG, "--budget", "200", "--format", "json")
    report = json.loads(result.stdout)
    within = report["next_level"]["score_within_budget"]
    assert (None, 62.0, False) == (report["best_level"], within["points"], within["met"])
    assert 165.0 == sum(e["cost_usd"] for e in report["next_level"]["new_exams_within_budget"])


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_check_of_a_scored_level_states_the_points_today(tmp_path, fmt):
    """check: 37 input points + Ann's intermediate (5 of 20 on the enterprise track) = 42 today."""
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(_scenario([{"id": "ann", "passed": ["IN-1"]}])), encoding="utf-8")
    result = run("check", str(path), "--catalog", CATALOG, "--format", fmt)
    assert 0 == result.exit_code
    assert "42" in result.stdout
