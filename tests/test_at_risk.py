"""`check` lists, for each level met today, who is at risk: the people whose departure alone drops it."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.core.planning import check, plan
from planner.input.loading import load_scenario, load_scenario_data
from tests.conftest import SCENARIOS
from tests.helpers import loaded, scenario_dict

ANN_AB = {"id": "ann", "passed": ["MB2-717", "MB2-715"]}
ABE_AB = {"id": "abe", "passed": ["MB2-718", "MB2-706"]}
AL_AB = {"id": "al", "passed": ["MB2-714", "MB2-710"]}
BOB_C = {"id": "bob", "passed": ["MB2-716"]}
BEA_C = {"id": "bea", "passed": ["MB2-712"]}
SHORT_OF_SILVER = {"market": "developed", "revenue_usd": 99999, "dpor": True}

# (staff, organization or None) -> at risk on Silver, at risk on Gold
CASES = [
    pytest.param([ANN_AB, BOB_C], None, [["ann", "bob"], []], id="silver-exactly"),
    pytest.param([ANN_AB, BOB_C, {"id": "cy", "passed": ["MB2-707"]}], None, [["ann"], []],
                 id="silver-spare-customizer"),
    # cy can fill either slot, so nobody alone can break Silver.
    pytest.param([ANN_AB, BOB_C, {"id": "cy", "passed": ["MB2-717", "MB2-715", "MB2-716"]}], None, [[], []],
                 id="silver-spare-for-both"),
    pytest.param([ANN_AB, ABE_AB, BOB_C, BEA_C], None, [[], ["ann", "abe", "bob", "bea"]], id="gold-exactly"),
    pytest.param([ANN_AB, ABE_AB, AL_AB, BOB_C, BEA_C], None, [[], ["bob", "bea"]], id="gold-spare-pair"),
    # a pair-holder who also holds C can cover a customization slot when bob or bea leaves
    pytest.param([ANN_AB, ABE_AB, {**AL_AB, "passed": ["MB2-714", "MB2-710", "MB2-707"]}, BOB_C, BEA_C], None,
                 [[], []], id="gold-spare-for-both"),
    # Silver's exam rules are met but its revenue gate is not: a level not held cannot be lost.
    pytest.param([ANN_AB, BOB_C], SHORT_OF_SILVER, [[], []], id="not-met-revenue-short"),
    # dee left before as_of: she does not count today, so she is not at risk and not a spare either.
    pytest.param([ANN_AB, BOB_C, {"id": "dee", "passed": ["MB2-716"], "leaves_on": "2017-10-31"}], None,
                 [["ann", "bob"], []], id="already-left"),
]


def _check(staff: list[dict[str, Any]], organization: dict[str, Any] | None):
    extra = {} if organization is None else {"organization": organization}
    return check(loaded(staff, **extra))


@pytest.mark.parametrize(("staff", "organization", "expected"), CASES)
def test_at_risk_names_the_single_points_of_failure_of_each_met_level(staff, organization, expected):
    """at_risk lists, in roster order, exactly the hand-found people without whom a met level is lost."""
    assert expected == [lv.at_risk for lv in _check(staff, organization).levels]


@pytest.mark.parametrize(("staff", "organization", "expected"), CASES)
def test_at_risk_is_who_drops_a_met_level_when_removed_from_the_roster(staff, organization, expected):
    """Removing each person in turn and checking again: the level is lost exactly for those at risk."""
    before = _check(staff, organization)
    found: list[list[str]] = [[] for _ in before.levels]
    for person in staff:
        rest = [copy.deepcopy(p) for p in staff if p is not person]
        after = _check(rest, organization)
        for n, (was, now) in enumerate(zip(before.levels, after.levels, strict=True)):
            if was.met and not now.met:
                found[n].append(person["id"])
    assert found == [lv.at_risk for lv in before.levels]


def test_woodgrove_scenario_gold_is_at_risk_through_all_four_holders():
    """The shipped Woodgrove scenario: Gold is held today by exactly four people, all at risk; Silver has a
    spare of each kind, so nobody is."""
    report = check(load_scenario(SCENARIOS / "woodgrove-resilience.yaml"))
    levels = {lv.level: lv.at_risk for lv in report.levels}
    assert {"silver": [], "gold": ["ada", "bo", "cat", "dov"]} == levels


@pytest.mark.parametrize(
    ("fmt", "fact"),
    [
        pytest.param("table", "at risk: Silver is lost if ann or bob leaves", id="table"),
        pytest.param("markdown", "at risk: Silver is lost if ann or bob leaves", id="markdown"),
    ],
)
def test_check_output_says_who_is_at_risk(tmp_path, fmt, fact):
    """check's table and Markdown say which departures would lose the level."""
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(scenario_dict([ANN_AB, BOB_C])), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "-f", fmt], env={"COLUMNS": "200"})
    assert (0, True) == (result.exit_code, fact in result.stdout)


# ---- scored levels: a spare holder beyond a metric's threshold -------------------------------------------

# Solutions Partner for Business Applications on the SMB track: advanced certifications 15 points at 2
# people, intermediate 20 at 5 (4 each); net customer adds 15 at 5, deployments 20 at 5, usage growth
# 1 point per percent. 70 points needed, more than 0 in each metric.
def _smb(staff: list[dict[str, Any]], usage_growth: int) -> dict[str, Any]:
    org = {"market": "developed", "revenue_usd": 0, "dpor": False, "track": "smb",
           "metrics": {"net-customer-adds": 5, "usage-growth": usage_growth, "deployments": 5}}
    return scenario_dict(staff, competency="business-applications", as_of="2026-12-01",
                         deadline="2027-06-30", organization=org)


ARCHITECTS = [{"id": x, "passed": ["PL-600"]} for x in ("a", "b", "c")]
CONSULTANTS = [{"id": f"i{n}", "passed": ["PL-200"]} for n in range(1, 7)]
SCORED_CASES = [
    # 15 + 20 + 35 + 5 = 75; a third architect beyond the threshold 2 and a sixth consultant beyond 5 make
    # every departure harmless (one architect fewer on the count would give 67.5 < 70).
    pytest.param(ARCHITECTS + CONSULTANTS, 5, [], id="spare-architect-and-consultant"),
    # 7.5 + 20 + 35 + 10 = 72.5: a is the only advanced holder (more than 0 in each metric); losing one of
    # six consultants leaves five, still 20 points.
    pytest.param(ARCHITECTS[:1] + CONSULTANTS, 10, ["a"], id="one-architect-six-consultants"),
    # 15 + 4 + 35 + 20 = 74: the sole consultant i1 is at risk (more than 0 in each metric), not the
    # architects, though one fewer on the count would give 66.5: a third stands by.
    pytest.param(ARCHITECTS + CONSULTANTS[:1], 20, ["i1"], id="three-architects-one-consultant"),
]


@pytest.mark.parametrize(("staff", "usage_growth", "expected"), SCORED_CASES)
def test_at_risk_on_a_scored_level_counts_the_spare_beyond_a_metric_threshold(staff, usage_growth, expected):
    """A holder beyond a metric's threshold stands in for one who leaves: at risk, today and on the deadline,
    are only the people without whom alone the score falls below the level's."""
    report = check(load_scenario_data(_smb(staff, usage_growth), "smb.yaml"))
    assert [expected, expected] == [lv.at_risk for lv in report.levels + report.levels_on_deadline]


@pytest.mark.parametrize(("staff", "usage_growth", "expected"), SCORED_CASES)
def test_nobody_at_risk_on_a_scored_level_means_resilience_one_needs_no_change(staff, usage_growth, expected):
    """`plan --resilience 1` on the same roster needs no new exam exactly when check names nobody at risk."""
    report = plan(load_scenario_data(_smb(staff, usage_growth), "smb.yaml"), "solutions-partner",
                  resilience=1, fixes=False)
    changes = report.total_new_exams + (report.total_renewals or 0)
    assert (True, not expected) == (report.reachable, 0 == changes)
