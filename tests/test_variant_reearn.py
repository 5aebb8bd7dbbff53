"""A variant may earn again a certification whose earlier pass has expired, or expires before the deadline
(issue 20): the new pass is added and its own dates count; a pass that still counts on the deadline is a
genuine duplicate and refused, as before."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from planner.core.planning import check
from planner.errors import ScenarioError
from planner.input.loading import load_scenario_data
from planner.input.variants import expand_variants
from tests.conftest import SCENARIOS

# Northwind (as_of 2026-12-01, deadline 2027-06-30): ana's PL-200 expires 2027-11-10 (after the deadline),
# ben's MB-210 on 2027-03-15 (before it), goran's MB-220 expired on 2026-10-01 (before as_of).
NORTHWIND = SCENARIOS / "northwind-solutions-partner-smb.yaml"


def _variant(variant: dict[str, Any]) -> Any:
    """The scenario Northwind's one variant makes (ScenarioError when the variant is refused)."""
    data = yaml.safe_load(NORTHWIND.read_text(encoding="utf-8"))
    data["variants"] = [{"name": "v", **variant}]
    (applied,) = expand_variants(load_scenario_data(data, "nw.yaml"))
    return applied


def _passes(applied: Any, pid: str) -> list[tuple[str, str | None]]:
    person = next(p for p in applied.loaded.scenario.staff if p.id == pid)
    return [(p.exam, p.expires and p.expires.isoformat()) for p in person.passed]


@pytest.mark.parametrize(("pid", "added", "expected"), [
    pytest.param("goran", {"exam": "MB-220", "date": "2026-11-20", "expires": "2027-11-20"},
                 [("MB-220", "2026-10-01"), ("MB-220", "2027-11-20")], id="expired-before-as-of"),
    pytest.param("ben", {"exam": "MB-210", "date": "2026-11-25", "expires": "2027-11-25"},
                 [("MB-210", "2027-03-15"), ("MB-210", "2027-11-25")], id="expires-before-the-deadline"),
    pytest.param("goran", "MB-220", [("MB-220", "2026-10-01"), ("MB-220", None)], id="undated-pass"),
])
def test_a_variant_earns_again_a_certification_that_does_not_count_on_the_deadline(pid, added, expected):
    """add_passes of an exam whose earlier pass no longer counts on the deadline is accepted: the person
    holds both passes."""
    assert expected == _passes(_variant({"add_passes": {pid: [added]}}), pid)


def test_the_pass_earned_again_counts_on_the_deadline():
    """Goran's MB-220 earned again (expiring 2027-11-20) makes him an intermediate on the deadline."""
    applied = _variant({"add_passes": {"goran": [{"exam": "MB-220", "date": "2026-11-20",
                                                  "expires": "2027-11-20"}]}})
    counting = {a.person for lv in check(applied.loaded).levels_on_deadline for a in lv.assignments
                if a.role == "intermediate-certifications"}
    assert {"ana", "goran"} == counting


def test_a_later_deadline_in_the_variant_lets_a_pass_expiring_before_it_be_earned_again():
    """With the deadline moved to 2027-12-31, ana's PL-200 (expiring 2027-11-10) may be earned again."""
    applied = _variant({"deadline": "2027-12-31", "add_passes": {"ana": [
        {"exam": "PL-200", "date": "2026-11-30", "expires": "2027-11-30"}]}})
    assert [("PL-200", "2027-11-10"), ("PL-200", "2027-11-30")] == _passes(applied, "ana")


@pytest.mark.parametrize(("variant", "message"), [
    pytest.param({"add_passes": {"ana": ["PL-200"]}},
                 "variants[0].add_passes.ana[0]: ana has already passed PL-200 in the base scenario",
                 id="counts-on-the-deadline"),
    pytest.param({"add_passes": {"goran": ["MB-220", {"exam": "MB-220", "date": "2026-11-20"}]}},
                 "variants[0].add_passes.goran[1]: goran has already passed MB-220 in this variant",
                 id="twice-in-the-variant"),
])
def test_a_genuine_duplicate_pass_is_still_refused(variant, message):
    """A pass of an exam the person holds on the deadline (in the base, or earlier in the variant) is
    refused where it is written."""
    with pytest.raises(ScenarioError) as caught:
        _variant(variant)
    assert message in str(caught.value)
