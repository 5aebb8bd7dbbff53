"""Money is counted in whole cents, the same way by the planner and by the re-check: each new exam's cost
and expected cost are rounded to the cent on their own, then added up."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.helpers import run

SLOTTED = {
    "schema_version": 1, "name": "Fractions of a cent", "competency": "cloud-crm",
    "as_of": "2017-11-20", "deadline": "2018-06-30",
    "organization": {"market": "developed", "revenue_usd": 500000, "dpor": True},
    "staff": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
}
SCORED = {
    "schema_version": 1, "name": "Fractions of a cent", "competency": "business-applications",
    "targets": ["business-applications:solutions-partner"], "as_of": "2026-12-01", "deadline": "2027-06-30",
    "organization": {"market": "developed", "revenue_usd": 0, "dpor": False, "track": "smb",
                     "metrics": {"net-customer-adds": 5, "usage-growth": 30, "deployments": 5}},
    "staff": [{"id": "ana", "passed": [{"exam": "PL-200", "date": "2026-05-10", "expires": "2027-01-10"}]},
              {"id": "ben", "passed": [{"exam": "PL-600", "date": "2026-05-10", "expires": "2027-01-10"}]}],
}


def _plan(tmp_path: Path, data: dict[str, Any]) -> dict[str, Any]:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("plan", str(path), "--format", "json")
    assert ("", 0) == (result.stderr, result.exit_code)
    return json.loads(result.stdout)


def test_renewals_of_a_fraction_of_a_cent_are_rounded_alike_by_planner_and_recheck(tmp_path):
    """Renewals costing 0.37 cents (0.0001 h at US$37) count as 0 cents in the expected cost too."""
    costs = {"exam_fee_usd": 165, "prep_hours": 0.007, "hourly_rate_usd": 37, "renewal_prep_hours": 0.0001,
             "pass_rate": 0.7}
    report = _plan(tmp_path, {**SCORED, "costs": costs})
    assert (["ana", "ben"], 0.0, 0.0) == (
        [e["person"] for e in report["new_exams"]], report["total_cost_usd"], report["expected_cost_usd"])


def test_the_expected_cost_of_certain_passes_equals_their_cost_in_cents(tmp_path):
    """Six exams of US$165.006 each (0.006 h at US$1) cost US$165.01 each, expected and planned alike."""
    costs = {"exam_fee_usd": 165, "prep_hours": 0.006, "hourly_rate_usd": 1}
    report = _plan(tmp_path, {**SLOTTED, "costs": costs})
    assert (6, 990.06, 990.06) == (
        report["total_new_exams"], report["total_cost_usd"], report["expected_cost_usd"])


def test_each_exams_expected_cost_is_rounded_to_the_cent_before_the_sum(tmp_path):
    """At a pass rate of 0.7 each exam's 165 / 0.7 + 0.259 = US$235.97 (rounded alone) is added six times."""
    costs = {"exam_fee_usd": 165, "prep_hours": 0.007, "hourly_rate_usd": 37, "pass_rate": 0.7}
    report = _plan(tmp_path, {**SLOTTED, "costs": costs})
    assert (6, round(6 * 235.97, 2)) == (report["total_new_exams"], report["expected_cost_usd"])
