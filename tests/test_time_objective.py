"""`--objective time`: the earliest month by which the level is met (ties: fewer exams, then cost)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.core.planning import plan
from planner.input.loading import LoadedScenario, load_scenario, load_scenario_data
from tests.conftest import SCENARIOS
from tests.helpers import loaded
from tests.test_calendar import (
    EXAMPLES,
    booking_problems,
    brute_force,
    calendar_cases,
    earliest_lower_level_month,
    plan_months,
)

C_HOLDER = {"id": "carl", "passed": ["MB2-716"]}


def _met_by(data, finish: int | None) -> dt.date:
    """The day a plan finishing in month index `finish` meets its level: that month's last plan day."""
    as_of, deadline = dt.date.fromisoformat(data["as_of"]), dt.date.fromisoformat(data["deadline"])
    return as_of if finish is None else plan_months(as_of, deadline)[finish][2]


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=calendar_cases())
def test_time_plan_meets_the_level_in_the_earliest_month_then_with_fewest_exams_then_cheapest(case):
    """On tiny rosters the time plan's (month, exams, cost) is an exhaustive search's optimum."""
    data, level = case
    report = plan(load_scenario_data(data, "tiny.yaml"), level, "time", fixes=False)
    best = brute_force(data, level, "time")
    if best is None:
        assert "infeasible" == report.status
        return
    months = [m for m, _, _ in plan_months(dt.date.fromisoformat(data["as_of"]),
                                           dt.date.fromisoformat(data["deadline"]))]
    finish = max((months.index(b.month) for b in report.schedule), default=-1)
    expected_finish = best.key[0] if best.key[1] else -1
    assert ("optimal", (expected_finish, *best.key[1:])) == (
        report.status, (finish, report.total_new_exams, round(report.total_cost_usd * 100)))
    met = next(m for m in report.levels_met if m.level == level)
    assert _met_by(data, None if best.key[1] == 0 else best.key[0]) == met.by
    assert [] == booking_problems(data, report)


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=calendar_cases(level="gold"))
def test_time_gold_plan_meets_silver_as_early_as_any_equally_fast_plan(case):
    """Among the fastest Gold plans with the fewest exams and lowest cost, Silver is met earliest."""
    data, _ = case
    report = plan(load_scenario_data(data, "tiny.yaml"), "gold", "time", fixes=False)
    best = brute_force(data, "gold", "time")
    if best is None:
        assert "infeasible" == report.status
        return
    months = [m for m, _, _ in plan_months(dt.date.fromisoformat(data["as_of"]),
                                           dt.date.fromisoformat(data["deadline"]))]
    silver = next(m for m in report.levels_met if m.level == "silver")
    actual = -1 if silver.after_step == 0 else months.index(report.path[silver.after_step - 1].month)
    assert earliest_lower_level_month(data, best, best.key[0]) == actual


# ---- hand-made cases ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("staff", "objective", "expected"),
    [
        # Ann needs one exam but is away until February; Bea needs two and can sit them in Nov and Dec.
        pytest.param([{"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-717"],
                       "unavailable": ["2017-11", "2017-12", "2018-01"]},
                      {"id": "bea", "can_take": ["MB2-717", "MB2-715"]}, C_HOLDER],
                     "time", [("bea", "MB2-715", "2017-11"), ("bea", "MB2-717", "2017-12")],
                     id="time-two-exams-by-december-beat-one-in-february"),
        pytest.param([{"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-717"],
                       "unavailable": ["2017-11", "2017-12", "2018-01"]},
                      {"id": "bea", "can_take": ["MB2-717", "MB2-715"]}, C_HOLDER],
                     "exams", [("ann", "MB2-717", "2018-02")], id="exams-one-exam-in-february"),
        # Both can be done in November: then the fewer exams win under time too.
        pytest.param([{"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-717"]},
                      {"id": "bea", "can_take": ["MB2-717", "MB2-715"], "exams_per_month": 2}, C_HOLDER],
                     "time", [("ann", "MB2-717", "2017-11")], id="time-tie-on-month-fewer-exams"),
        # Same month, same count: the cheaper person.
        pytest.param([{"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-717"], "hourly_rate_usd": 90},
                      {"id": "bea", "passed": ["MB2-715"], "can_take": ["MB2-717"], "hourly_rate_usd": 30},
                      C_HOLDER],
                     "time", [("bea", "MB2-717", "2017-11")], id="time-tie-on-month-and-exams-cheaper"),
        # MB2-709 (until December) is faster than MB2-877 (from January), though it costs more.
        pytest.param([{"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-877"], "hourly_rate_usd": 10},
                      {"id": "bea", "passed": ["MB2-715"], "can_take": ["MB2-709"], "hourly_rate_usd": 90},
                      C_HOLDER],
                     "time", [("bea", "MB2-709", "2017-11")], id="time-709-before-it-retires-beats-877"),
        pytest.param([{"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-877"], "hourly_rate_usd": 10},
                      {"id": "bea", "passed": ["MB2-715"], "can_take": ["MB2-709"], "hourly_rate_usd": 90},
                      C_HOLDER],
                     "exams", [("ann", "MB2-877", "2018-01")], id="exams-cheaper-877-in-january"),
    ],
)
def test_time_objective_trades_exams_and_money_for_an_earlier_month(staff, objective, expected):
    """--objective time books the plan that finishes first; the exams objective the one with fewest exams.

    Bea's two exams may be booked in either order (the calendar only books as early as possible), so
    the bookings are compared as (person, month) pairs and the set of exams.
    """
    report = plan(loaded(staff, costs={"prep_hours": 10}), "silver", objective, schedule=True, fixes=False)
    actual = [(b.person, b.exam, b.month) for b in report.schedule]
    assert (sorted((p, m) for p, _, m in expected), sorted(e for _, e, _ in expected)) == (
        sorted((p, m) for p, _, m in actual), sorted(e for _, e, _ in actual))


@pytest.mark.parametrize(
    ("as_of", "deadline", "expected"),
    [
        pytest.param("2017-11-20", "2018-06-30", dt.date(2017, 11, 30), id="end-of-the-first-month"),
        pytest.param("2017-11-20", "2017-11-25", dt.date(2017, 11, 25), id="deadline-inside-the-month"),
    ],
)
def test_time_plan_says_the_level_is_met_on_the_last_day_of_its_month_or_the_deadline(as_of, deadline,
                                                                                      expected):
    """The level is met by the end of the month of its last exam, or the deadline when that comes first
    (six days are enough to book in here: policy.days_to_book 1)."""
    staff = [{"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-717"]}, C_HOLDER]
    report = plan(loaded(staff, as_of=as_of, deadline=deadline, policy={"days_to_book": 1}), "silver", "time")
    assert [("silver", 1, expected)] == [(m.level, m.after_step, m.by) for m in report.levels_met]


def test_time_plan_for_a_level_already_met_needs_no_exam_and_is_met_on_as_of():
    """A level met before any new exam is met on as_of, with an empty calendar."""
    staff = [{"id": "ann", "passed": ["MB2-717", "MB2-715"]}, C_HOLDER]
    report = plan(loaded(staff), "silver", "time")
    assert ([], [("silver", 0, dt.date(2017, 11, 20))]) == (
        report.schedule, [(m.level, m.after_step, m.by) for m in report.levels_met])


# ---- the shipped scenario -------------------------------------------------------------------------------

BOOKING = str(SCENARIOS / "contoso-booking-calendar.yaml")


def run(*args: str):
    """Invoke the CLI in-process with a wide terminal."""
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "PLANNER_DEBUG": None})


def test_cli_time_gold_on_the_booking_scenario_shows_silver_and_gold_months():
    """Contoso Bookings' fastest Gold (hand-checked in its header): Silver by 30 Nov, Gold by 31 Dec 2017."""
    result = run("plan", BOOKING, "--objective", "time", "--level", "gold", "--format", "json")
    data = json.loads(result.stdout)
    assert (0, "time", 4, 5830.0) == (result.exit_code, data["objective"], data["total_new_exams"],
                                      data["total_cost_usd"])
    assert [("carol", "MB2-709", "2017-11"), ("omar", "MB2-717", "2017-11"), ("omar", "MB2-715", "2017-11"),
            ("leo", "MB2-716", "2017-12")] == [(b["person"], b["exam"], b["month"]) for b in data["schedule"]]
    assert [("silver", "2017-11-30"), ("gold", "2017-12-31")] == [(m["level"], m["by"])
                                                                 for m in data["levels_met"]]


def test_cli_time_gold_table_names_the_day_silver_and_gold_are_met():
    """The table of the fastest Gold says when Silver and when Gold is met (people by name), and draws the
    chart."""
    out = run("plan", BOOKING, "--objective", "time", "--level", "gold").stdout
    facts = ["Silver is met by 2017-11-30", "Gold is met by 2017-12-31", "2017-11: Carol Philips MB2-709",
             "2017-12: Leo Girard MB2-716", "717+715"]
    assert [] == [f for f in facts if f not in out]


def test_booking_scenario_needs_omar_two_exams_in_one_month_for_gold_in_december():
    """With one exam a month for Omar too, Gold cannot be met before January (he is away in December)."""
    base = load_scenario(BOOKING)
    staff = [p.model_copy(update={"exams_per_month": None}) if p.id == "omar" else p
             for p in base.scenario.staff]
    report = plan(LoadedScenario(base.scenario.model_copy(update={"staff": staff}), base.catalog, base.file),
                  "gold", "time")
    assert [("silver", dt.date(2017, 11, 30)), ("gold", dt.date(2018, 1, 31))] == [
        (m.level, m.by) for m in report.levels_met]
