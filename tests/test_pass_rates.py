"""Pass rates: the chance a plan's exams are all passed, the chance the level is met, the expected cost,
`--buffer` spares and `--objective risk`, each checked against a computation done by hand."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.core.planning import plan
from planner.rules.domain import pass_rate
from tests.helpers import loaded, scenario_dict

# A new exam costs US$165 + 10 hours x US$50 = US$665 unless said otherwise.
COSTS: dict[str, Any] = {"exam_fee_usd": 165, "prep_hours": 10, "hourly_rate_usd": 50}
ANN = {"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-717"]}  # needs an application exam
BOB = {"id": "bob", "can_take": ["MB2-716"]}  # needs a customization exam
CARL = {"id": "carl", "passed": ["MB2-716"]}  # holds a customization exam
ABE = {"id": "abe", "passed": ["MB2-717", "MB2-715"]}  # holds an application and a deployment exam


def _costs(**extra: Any) -> dict[str, Any]:
    return {**COSTS, **extra}


@pytest.mark.parametrize(
    ("costs", "people", "expected"),
    [
        # 0.8 x 0.6 = 0.48; 165 / 0.8 + 500 = 706.25 and 165 / 0.6 + 500 = 775.
        pytest.param(_costs(exams={"MB2-717": {"pass_rate": 0.8}, "MB2-716": {"pass_rate": 0.6}}), [ANN, BOB],
                     (0.48, 1481.25), id="per-exam-rates-0.8-and-0.6"),
        pytest.param(_costs(), [ANN, BOB], (1.0, 1330.0), id="default-rate-1"),
        # default 0.9 for MB2-717, override 0.6 for MB2-716: 0.54; 165 / 0.9 + 500 = 683.33 + 775.
        pytest.param(_costs(pass_rate=0.9, exams={"MB2-716": {"pass_rate": 0.6}}), [ANN, BOB],
                     (0.54, 1458.33), id="exam-override-beats-default"),
        # ann's factor 1.5 x 0.9 = 1.35, capped at 1: 1 x 0.6; 665 + 775.
        pytest.param(_costs(pass_rate=0.9, exams={"MB2-716": {"pass_rate": 0.6}}),
                     [{**ANN, "pass_factor": 1.5}, BOB], (0.6, 1440.0), id="factor-capped-at-1"),
        # bob's factor 0.5 x 0.9 = 0.45: 0.9 x 0.45 = 0.405; 683.33 + 165 / 0.45 + 500 = 683.33 + 866.67.
        pytest.param(_costs(pass_rate=0.9), [ANN, {**BOB, "pass_factor": 0.5}], (0.405, 1550.0),
                     id="factor-below-1"),
        # Hours are paid once, the fee once per attempt: 10 hours x US$80 for bob.
        pytest.param(_costs(pass_rate=0.5), [ANN, {**BOB, "hourly_rate_usd": 80}],
                     (0.25, 165 * 4 + 500 + 800),
                     id="preparation-paid-once"),
    ],
)
def test_plan_reports_the_chance_all_exams_pass_and_the_expected_cost_with_retakes(costs, people, expected):
    """P(all pass) is the product of the rates; each exam's expected cost is fee / rate + hours x rate."""
    report = plan(loaded(people, costs=costs), "silver")
    chance, expected_cost = expected
    assert (2, pytest.approx(chance), expected_cost, pytest.approx(chance)) == (
        report.total_new_exams, report.probability_all_pass, report.expected_cost_usd,
        report.probability_level_met)


@pytest.mark.parametrize(
    ("rate", "factor", "expected"),
    [
        pytest.param(0.9, None, 0.9, id="no-factor"),
        pytest.param(0.9, 1.1, 0.99, id="factor-1.1"),
        pytest.param(0.95, 1.1, 1.0, id="capped-at-1"),
        pytest.param(0.5, 0.5, 0.25, id="factor-0.5"),
    ],
)
def test_pass_rate_is_the_exam_rate_times_the_person_factor_capped_at_1(rate, factor, expected):
    """pass_rate multiplies the exam's rate by the person's factor and never exceeds 1."""
    person = {**ANN, **({"pass_factor": factor} if factor is not None else {})}
    scenario = loaded([person, CARL], costs=_costs(pass_rate=rate)).scenario
    assert pytest.approx(expected) == pass_rate(scenario, scenario.staff[0], "MB2-717")


def test_plan_without_new_exams_is_certain_and_costs_nothing():
    """A level already met has probability 1 and expected cost 0."""
    report = plan(loaded([ABE, CARL], costs=_costs(pass_rate=0.5)), "silver")
    assert (0, 1.0, 1.0, 0.0) == (report.total_new_exams, report.probability_all_pass,
                                  report.probability_level_met, report.expected_cost_usd)


# ---- --buffer: a spare person per slot kind ---------------------------------------------------------------

RISKY_C = _costs(exams={"MB2-716": {"pass_rate": 0.6}})
RISKY_A = _costs(exams={"MB2-717": {"pass_rate": 0.8}})
RISKY_BOTH = _costs(exams={"MB2-716": {"pass_rate": 0.6}, "MB2-717": {"pass_rate": 0.8}})
CY = {"id": "cy", "can_take": ["MB2-716"]}
DEE = {"id": "dee", "passed": ["MB2-715"], "can_take": ["MB2-717"]}
FAY = {"id": "fay", "can_take": ["MB2-717", "MB2-715"]}  # needs both exams


@pytest.mark.parametrize(
    ("costs", "people", "expected"),
    [
        # bob alone: 0.6; bob or cy: 1 - 0.4 x 0.4 = 0.84; one more exam (US$665).
        pytest.param(RISKY_C, [ABE, BOB, CY], (["customization"], 0.6, 0.84, 665.0, 0.36),
                     id="spare-customizer"),
        # ann alone: 0.8; ann or dee: 1 - 0.2 x 0.2 = 0.96.
        pytest.param(RISKY_A, [ANN, DEE, CARL], (["application+deployment"], 0.8, 0.96, 665.0, 0.64),
                     id="spare-application-deployment"),
        # fay needs MB2-717 (0.8) and MB2-715 (0.5): 1 - 0.2 x (1 - 0.8 x 0.5) = 0.88; 665 + 165 + 1500.
        pytest.param(_costs(exams={"MB2-717": {"pass_rate": 0.8}, "MB2-715": {"pass_rate": 0.5,
                                                                             "prep_hours": 30}}),
                     [ANN, FAY, CARL], (["application+deployment"], 0.8, 0.88, 2330.0, 0.32),
                     id="spare-who-needs-two-exams"),
        # both roles: (1 - 0.2 x 0.2) x (1 - 0.4 x 0.4) = 0.96 x 0.84 = 0.8064, from 0.8 x 0.6 = 0.48.
        pytest.param(RISKY_BOTH, [ANN, DEE, BOB, CY],
                     (["application+deployment", "customization"], 0.48, 0.8064, 1330.0, 0.2304),
                     id="spares-for-both-roles"),
        # nobody else can be a spare: the plan stays as it is.
        pytest.param(RISKY_BOTH, [ANN, BOB], ([], 0.48, 0.48, 0.0, 0.48), id="no-spare-available"),
        # every exam is certain: a spare cannot raise the chance.
        pytest.param(_costs(), [ANN, DEE, BOB, CY], ([], 1.0, 1.0, 0.0, 1.0), id="nothing-can-fail"),
    ],
)
def test_buffer_adds_a_spare_and_reports_the_chance_the_level_is_met_by_hand(costs, people, expected):
    """--buffer's spare raises P(level met with first attempts) to the hand-computed value."""
    report = plan(loaded(people, costs=costs), "silver", buffer=True)
    roles, before, after, extra, all_pass = expected
    b = report.buffer
    assert (roles, pytest.approx(before), pytest.approx(after), extra) == (
        b.roles, b.probability_level_met_before, b.probability_level_met, b.extra_cost_usd)
    assert (pytest.approx(after), pytest.approx(all_pass)) == (report.probability_level_met,
                                                               report.probability_all_pass)


def test_buffer_spare_is_an_extra_exam_not_a_slot():
    """With a spare customizer the plan still fills one customization slot; the spare's exam is extra."""
    report = plan(loaded([ABE, BOB, CY], costs=RISKY_C), "silver", buffer=True)
    assert (["abe", "bob"], [("bob", "MB2-716"), ("cy", "MB2-716")]) == (
        [a.person for a in report.assignments], [(e.person, e.exam) for e in report.new_exams])


# ---- --objective risk ---------------------------------------------------------------------------------

# ann may take MB2-717 (US$665, passed with 0.6) or MB2-718 (20 hours: US$1,165, passed with 0.9).
RISK_COSTS = _costs(exams={"MB2-717": {"pass_rate": 0.6}, "MB2-718": {"pass_rate": 0.9, "prep_hours": 20}})
ANN_TWO = {"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-717", "MB2-718"]}


@pytest.mark.parametrize(
    ("objective", "budget", "expected"),
    [
        pytest.param("exams", None, ("MB2-717", 0.6), id="exams-the-cheaper-exam"),
        pytest.param("risk", None, ("MB2-718", 0.9), id="risk-the-likelier-exam"),
        pytest.param("risk", 1165, ("MB2-718", 0.9), id="risk-budget-just-enough"),
        pytest.param("risk", 1164.99, ("MB2-717", 0.6), id="risk-budget-a-cent-short"),
    ],
)
def test_risk_objective_prefers_the_higher_pass_rate_within_the_budget(objective, budget, expected):
    """--objective risk picks the exam most likely to be passed that the budget still pays for."""
    report = plan(loaded([ANN_TWO, CARL], costs=RISK_COSTS), "silver", objective, budget_usd=budget)
    assert expected == (report.new_exams[0].exam, pytest.approx(report.probability_all_pass))


def test_risk_objective_takes_two_likely_exams_over_one_unlikely_one():
    """Cal's two exams at 0.95 (0.9025 together) beat ann's one at 0.8 under risk, not under exams."""
    cal = {"id": "cal", "can_take": ["MB2-718", "MB2-715"]}
    costs = _costs(exams={"MB2-717": {"pass_rate": 0.8}, "MB2-718": {"pass_rate": 0.95},
                          "MB2-715": {"pass_rate": 0.95}})
    scenario = loaded([ANN, cal, CARL], costs=costs)
    risk, exams = plan(scenario, "silver", "risk"), plan(scenario, "silver", "exams")
    assert ([("cal", "MB2-718"), ("cal", "MB2-715")], pytest.approx(0.9025), [("ann", "MB2-717")]) == (
        sorted([(e.person, e.exam) for e in risk.new_exams], reverse=True), risk.probability_all_pass,
        [(e.person, e.exam) for e in exams.new_exams])


def test_risk_objective_with_equal_chances_falls_back_to_fewest_exams_then_cost():
    """When every exam has the same rate, fewer exams is safer, and among equal counts the cheaper wins."""
    cheap = {"id": "dee", "passed": ["MB2-715"], "can_take": ["MB2-717"], "hourly_rate_usd": 10}
    report = plan(loaded([ANN, cheap, FAY, CARL], costs=_costs(pass_rate=0.7)), "silver", "risk")
    assert [("dee", "MB2-717")] == [(e.person, e.exam) for e in report.new_exams]


# ---- the command line ---------------------------------------------------------------------------------

def test_cli_table_shows_the_chances_and_the_buffer(tmp_path):
    """The table says the chance of all passes, of the level, the expected cost and what the spare adds."""
    import yaml

    path = tmp_path / "risky.yaml"
    path.write_text(yaml.safe_dump(scenario_dict([ABE, BOB, CY], costs=RISKY_C)), encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", str(path), "--level", "silver", "--buffer"],
                                env={"COLUMNS": "200", "PLANNER_DEBUG": None})
    facts = ["Chance every new exam is passed first time: 36.0%",
             "chance the level is met with first attempts: 84.0%", "expected cost with retakes: US$1,550",
             "a spare for customization raises the chance the level is met from 60.0% to 84.0% "
             "for US$665 more"]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in result.stdout])
