"""Rules: revenue thresholds by market class and level (developing Silver is US$50,000), and DPOR."""

from __future__ import annotations

import pytest

from models.scenario import Organization
from planner.core.planning import plan
from planner.rules.catalogs import shipped_catalog
from planner.rules.domain import level_gates
from tests.helpers import loaded

CATALOG = shipped_catalog("cloud-crm")
READY_FOR_GOLD = [{"id": f"pro{i}", "passed": ["MB2-717", "MB2-715", "MB2-716"]} for i in range(4)]


def _org(market: str, revenue: float, dpor: bool = True) -> dict:
    return {"market": market, "revenue_usd": revenue, "dpor": dpor}


@pytest.mark.parametrize(
    ("level", "market", "revenue", "expected_ok", "expected_required"),
    [
        pytest.param("silver", "developing", 49_999, False, 50_000, id="silver-developing-49999"),
        pytest.param("silver", "developing", 50_000, True, 50_000, id="silver-developing-50000"),
        pytest.param("silver", "emerging", 50_000, True, 50_000, id="silver-emerging-is-developing"),
        pytest.param("silver", "Emerging", 49_999, False, 50_000, id="silver-Emerging-any-case"),
        pytest.param("silver", "developed", 99_999, False, 100_000, id="silver-developed-99999"),
        pytest.param("silver", "developed", 100_000, True, 100_000, id="silver-developed-100000"),
        pytest.param("gold", "developing", 149_999, False, 150_000, id="gold-developing-149999"),
        pytest.param("gold", "developing", 150_000, True, 150_000, id="gold-developing-150000"),
        pytest.param("gold", "developed", 299_999, False, 300_000, id="gold-developed-299999"),
        pytest.param("gold", "developed", 300_000, True, 300_000, id="gold-developed-300000"),
    ],
)
def test_revenue_gate_threshold_depends_on_level_and_market(level, market, revenue, expected_ok,
                                                            expected_required):
    """The revenue gate is met from the threshold of the partner's market class upward, not a dollar below."""
    (revenue_gate, _dpor) = level_gates(CATALOG.level(level), Organization(**_org(market, revenue)))
    expected_gap = max(0, expected_required - revenue)
    assert (expected_ok, expected_required, expected_gap) == (
        revenue_gate.gate.ok, revenue_gate.gate.required_usd, revenue_gate.gate.gap_usd)


@pytest.mark.parametrize(
    ("level", "market", "revenue", "expected_reachable"),
    [
        pytest.param("silver", "developing", 49_999, False, id="silver-developing-short-by-1"),
        pytest.param("silver", "developing", 50_000, True, id="silver-developing-exactly"),
        pytest.param("gold", "emerging", 150_000, True, id="gold-emerging-exactly"),
        pytest.param("gold", "developed", 299_999, False, id="gold-developed-short-by-1"),
    ],
)
def test_plan_is_reachable_only_if_the_revenue_gate_is_met(level, market, revenue, expected_reachable):
    """The exam plan is found either way; `reachable` follows the revenue gate."""
    report = plan(loaded(READY_FOR_GOLD, organization=_org(market, revenue)), level)
    revenue_gate = next(g for g in report.gates if g.name == "revenue")
    assert ("optimal", expected_reachable, expected_reachable) == (
        report.status, report.reachable, revenue_gate.ok)
    assert {"silver": 2, "gold": 4}[level] == len(report.assignments)


def test_failed_revenue_gate_reason_gives_threshold_and_shortfall():
    """A developing partner one dollar short of Silver is told the US$50,000 threshold and the US$1 gap."""
    report = plan(loaded(READY_FOR_GOLD, organization=_org("developing", 49_999)), "silver")
    reason = " ".join(report.reasons)
    assert ("US$50,000" in reason, "US$1 short" in reason, "developing" in reason) == (True, True, True)


@pytest.mark.parametrize("level", ["silver", "gold"])
@pytest.mark.parametrize(
    ("dpor", "expected_reachable"),
    [pytest.param(True, True, id="dpor"), pytest.param(False, False, id="no-dpor")],
)
def test_dpor_is_required_for_every_level(level, dpor, expected_reachable):
    """Without Digital Partner of Record the level is not reachable, though the exam plan is still shown."""
    report = plan(loaded(READY_FOR_GOLD, organization=_org("developed", 500_000, dpor)), level)
    dpor_gate = next(g for g in report.gates if g.name == "dpor")
    assert (expected_reachable, expected_reachable, "optimal") == (
        report.reachable, dpor_gate.ok, report.status)


def test_no_dpor_reason_says_so():
    """The reason for a failed DPOR gate names DPOR and the scenario's dpor: false."""
    report = plan(loaded(READY_FOR_GOLD, organization=_org("developed", 500_000, False)), "silver")
    reason = " ".join(report.reasons)
    assert ("DPOR" in reason, "dpor: false" in reason) == (True, True)


def test_emerging_is_loaded_as_developing():
    """'emerging' in a scenario is the synonym of 'developing'."""
    assert "developing" == loaded([], organization=_org("emerging", 0)).scenario.organization.market


def test_developing_silver_threshold_note_explains_the_translation_error():
    """The rule data keeps the reason for US$50,000: the ru-RU page's 100 000 is a translation error."""
    (gate,) = CATALOG.level("silver").revenue_gates
    assert (50_000, True) == (gate.required_usd["developing"], "translation error" in (gate.note or ""))
