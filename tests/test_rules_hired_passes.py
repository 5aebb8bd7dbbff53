"""A possible hire's passes are read like a person's: a certification that expires before the deadline
does not count on it unless renewed (scored and slotted levels alike)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.helpers import run

SCORED = {
    "schema_version": 1, "name": "Hire whose pass expires", "competency": "business-applications",
    "targets": ["business-applications:solutions-partner"], "as_of": "2026-12-01", "deadline": "2027-06-30",
    "organization": {"market": "developed", "revenue_usd": 0, "dpor": False, "track": "smb",
                     "metrics": {"net-customer-adds": 5, "usage-growth": 30, "deployments": 5}},
    "staff": [{"id": "ana", "can_take": [],
               "passed": [{"exam": "PL-200", "date": "2026-05-10", "expires": "2027-11-10"}]}],
}
SLOTTED = {
    "schema_version": 1, "name": "Hire whose pass expires", "competency": "cloud-crm",
    "as_of": "2017-11-20", "deadline": "2018-06-30",
    "organization": {"market": "developed", "revenue_usd": 500000, "dpor": True},
    "staff": [{"id": "a", "passed": ["MB2-717", "MB2-715"], "can_take": []}, {"id": "b", "can_take": []}],
}


def _plan(tmp_path: Path, data: dict[str, Any], *options: str) -> tuple[int, dict[str, Any]]:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("plan", str(path), "--format", "json", *options)
    assert "" == result.stderr
    return result.exit_code, json.loads(result.stdout)


def _changes(report: dict[str, Any]) -> list[str]:
    return [f"{e['person']} {e['exam']}{' renewal' if e.get('renewal') else ''}" for e in report["new_exams"]]


def test_a_hires_advanced_pass_expiring_before_the_deadline_is_renewed_on_a_scored_level(tmp_path):
    """A hire whose PL-600 expires in January counts as advanced on the June deadline only once renewed."""
    hiring = [{"profile": "expert", "cost_usd": 1000, "max": 1,
               "passed": [{"exam": "PL-600", "date": "2025-01-01", "expires": "2027-01-20"}]}]
    code, report = _plan(tmp_path, {**SCORED, "hiring": hiring})
    assert (0, ["hire-1 PL-600 renewal"], ["expert"]) == (
        code, _changes(report), [h["profile"] for h in report["hires"]])


def test_a_hires_pass_that_expires_with_no_renewal_in_time_is_earned_again(tmp_path):
    """A hire whose PL-600 expired before the as_of day must earn it again to count."""
    hiring = [{"profile": "lapsed", "cost_usd": 1000, "max": 1,
               "passed": [{"exam": "PL-600", "date": "2024-01-01", "expires": "2026-01-20"}]}]
    code, report = _plan(tmp_path, {**SCORED, "hiring": hiring})
    assert (0, ["hire-1 MB-335"]) == (code, _changes(report))


def test_a_hires_customization_pass_expiring_before_the_deadline_is_renewed_to_fill_a_slot(tmp_path):
    """On a slotted level a hire's MB2-716 that expires in March fills the June slot once renewed."""
    hiring = [{"profile": "customizer", "cost_usd": 1000, "max": 2, "can_take": [],
               "passed": [{"exam": "MB2-716", "date": "2017-01-01", "expires": "2018-03-01"}]}]
    code, report = _plan(tmp_path, {**SLOTTED, "hiring": hiring}, "--level", "silver")
    assert (0, ["hire-1 MB2-716 renewal"]) == (code, _changes(report))


def test_a_hires_expired_customization_pass_fills_no_slot(tmp_path):
    """A hire's MB2-716 that expired before as_of, with no exam allowed, fills no slot: no plan can."""
    hiring = [{"profile": "customizer", "cost_usd": 1000, "max": 2, "can_take": [],
               "passed": [{"exam": "MB2-716", "date": "2016-01-01", "expires": "2017-03-01"}]}]
    code, report = _plan(tmp_path, {**SLOTTED, "hiring": hiring}, "--level", "silver")
    assert (1, "infeasible", []) == (code, report["status"], report["hires"])
