"""The plan as a path: the new exams in order, the step after which Silver (and Gold) is met, the Gantt."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import planner.core.model
from planner.core.planning import plan
from planner.input.loading import load_scenario
from planner.report.plan import gantt, path_lines
from planner.report.words import who_for
from tests.conftest import SCENARIOS
from tests.helpers import loaded

ABE = {"id": "abe", "passed": ["MB2-717", "MB2-715"]}  # application + deployment held
CARL = {"id": "carl", "passed": ["MB2-716"]}  # customization held
DI = {"id": "di", "passed": ["MB2-712"]}
DEE = {"id": "dee", "passed": ["MB2-715"], "can_take": ["MB2-717"]}  # one exam from application+deployment
BOB = {"id": "bob", "can_take": ["MB2-716"]}  # one exam from customization
CY = {"id": "cy", "can_take": ["MB2-716"]}
FAY = {"id": "fay", "can_take": ["MB2-717", "MB2-715"]}  # two exams from application+deployment


def _met(report: Any) -> list[tuple[str, int]]:
    return [(m.level, m.after_step) for m in report.levels_met]


@pytest.mark.parametrize(
    ("staff", "expected_steps", "expected_met"),
    [
        # Silver is held today (abe, carl); Gold needs dee and a second customizer.
        pytest.param([DEE, ABE, CARL, BOB], [("dee", "MB2-717"), ("bob", "MB2-716")],
                     [("silver", 0), ("gold", 2)], id="silver-already-met-step-0"),
        # dee comes first in the roster, but Silver needs only a customizer: bob's exam goes first.
        pytest.param([DEE, ABE, BOB, CY], [("bob", "MB2-716"), ("dee", "MB2-717"), ("cy", "MB2-716")],
                     [("silver", 1), ("gold", 3)], id="silver-first-after-one-customization-exam"),
        # Nobody is application+deployment with one exam: Silver needs both of fay's, Gold also gus's.
        pytest.param([FAY, {**FAY, "id": "gus"}, CARL, DI],
                     [("fay", "MB2-717"), ("fay", "MB2-715"), ("gus", "MB2-717"), ("gus", "MB2-715")],
                     [("silver", 2), ("gold", 4)], id="silver-after-both-exams-of-one-person"),
        # Everything is needed for Silver already: Silver and Gold on the same step.
        pytest.param([DEE, {**DEE, "id": "eve"}, CARL, DI], [("dee", "MB2-717"), ("eve", "MB2-717")],
                     [("silver", 1), ("gold", 2)], id="silver-after-the-first-of-two-equal-exams"),
    ],
)
def test_gold_path_puts_the_exams_that_make_silver_first(staff, expected_steps, expected_met):
    """Without a calendar the path takes the fewest exams to Silver first and says after which step each
    level is met."""
    report = plan(loaded(staff), "gold")
    assert (expected_steps, expected_met) == ([(s.person, s.exam) for s in report.path], _met(report))
    assert [lv for lv, step in expected_met if step] == [lv for s in report.path for lv in s.meets]


def test_path_lines_say_a_level_already_met_and_the_step_that_meets_gold():
    """The path text says Silver is already met, then numbers the steps and marks the one meeting Gold."""
    report = plan(loaded([DEE, ABE, CARL, BOB]), "gold")
    assert ["Silver is already met before any new exam", "1. dee takes MB2-717",
            "2. bob takes MB2-716  -> Gold met"] == path_lines(report)


def test_silver_plan_path_has_only_silver():
    """A Silver plan's path names Silver only, not Gold."""
    report = plan(loaded([DEE, BOB, CY]), "silver")
    assert ["silver"] == [m.level for m in report.levels_met]


# ---- with a calendar ------------------------------------------------------------------------------------

# Gold needs two application+deployment people: two of xia, yul (MB2-877, from January) and zed (MB2-709,
# until December), at the same cost. The roster order picks xia and yul; only zed meets Silver in November.
XYZ = [{"id": "xia", "passed": ["MB2-715"], "can_take": ["MB2-877"]},
       {"id": "yul", "passed": ["MB2-715"], "can_take": ["MB2-877"]},
       {"id": "zed", "passed": ["MB2-715"], "can_take": ["MB2-709"]}, CARL, DI]


def test_without_a_calendar_the_roster_order_picks_the_first_two_equal_people():
    """The default tie-break (earlier in the roster first) gives xia and yul MB2-877."""
    report = plan(loaded(XYZ, deadline="2018-03-31"), "gold")
    assert [("xia", "MB2-877"), ("yul", "MB2-877")] == [(e.person, e.exam) for e in report.new_exams]


def test_with_a_calendar_the_equally_good_gold_plan_meeting_silver_first_is_chosen():
    """With a calendar zed's MB2-709 in November makes Silver by 30 Nov; Gold follows in January."""
    report = plan(loaded(XYZ, deadline="2018-03-31"), "gold", schedule=True)
    assert ([("zed", "MB2-709", "2017-11"), ("xia", "MB2-877", "2018-01")],
            [("silver", 1, dt.date(2017, 11, 30)), ("gold", 2, dt.date(2018, 1, 31))]) == (
        [(b.person, b.exam, b.month) for b in report.schedule],
        [(m.level, m.after_step, m.by) for m in report.levels_met])


def test_with_a_calendar_but_no_silver_stage_the_roster_order_would_meet_silver_in_january(monkeypatch):
    """The case above needs the Silver stage: without it the calendar books xia and yul in January."""
    monkeypatch.setattr(planner.core.model, "lower_level_first", lambda model, d: None)
    report = plan(loaded(XYZ, deadline="2018-03-31"), "gold", schedule=True)
    assert [("silver", dt.date(2018, 1, 31)), ("gold", dt.date(2018, 1, 31))] == [
        (m.level, m.by) for m in report.levels_met]


def test_with_a_calendar_a_level_is_marked_met_on_the_last_step_of_its_month():
    """All three exams are booked in November: Silver and Gold are both marked on November's last step."""
    staff = [{**FAY, "exams_per_month": 2}, CARL, DI, DEE]
    report = plan(loaded(staff), "gold", schedule=True)
    assert [("2017-11", []), ("2017-11", []), ("2017-11", ["silver", "gold"])] == [
        (s.month, s.meets) for s in report.path]


# ---- the Gantt chart --------------------------------------------------------------------------------------

def _gantt_cells(text: str) -> tuple[list[str], dict[tuple[str, str], str]]:
    """The chart's months and its non-empty cells (person, month) -> exams."""
    lines = text.splitlines()
    months = [c.strip() for c in lines[0].split("|")[1:]]
    cells = {}
    for row in lines[2:]:
        person, *rest = [c.strip() for c in row.split("|")]
        cells.update({(person, m): c for m, c in zip(months, rest, strict=True) if c != "."})
    return months, cells


def _month_range(first: str, last: str) -> list[str]:
    out, day = [], dt.date(int(first[:4]), int(first[5:]), 1)
    while f"{day:%Y-%m}" <= last:
        out.append(f"{day:%Y-%m}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return out


@pytest.mark.parametrize(
    ("objective", "level"),
    [pytest.param("exams", "gold", id="gold-fewest-exams"), pytest.param("time", "gold", id="gold-fastest"),
     pytest.param("cost", "gold", id="gold-cheapest"), pytest.param("exams", "silver", id="silver")],
)
def test_gantt_shows_every_booked_exam_in_its_month_and_nothing_else(objective, level):
    """Every booking of the shipped booking calendar is in its person's row (by name) and month column, and
    no more."""
    scenario = load_scenario(SCENARIOS / "contoso-booking-calendar.yaml")
    report = plan(scenario, level, objective, schedule=True)
    months, cells = _gantt_cells(gantt(report))
    expected: dict[tuple[str, str], list[str]] = {}
    for b in report.schedule:
        expected.setdefault((who_for(report)(b.person), b.month), []).append(b.exam.split("-")[-1])
    first, last = min(b.month for b in report.schedule), max(b.month for b in report.schedule)
    assert (_month_range(first, last), {k: sorted(v) for k, v in expected.items()}) == (
        months, {k: sorted(v.split("+")) for k, v in cells.items()})


SILVER_FIRST = [{"id": "p0"}, {"id": "p1"}, {"id": "p2", "passed": ["MB2-717", "MB2-716"]},
                {"id": "p3", "passed": ["MB2-717", "MB2-712"]}]


def test_without_a_calendar_equal_gold_plans_prefer_the_one_meeting_silver_in_fewer_steps(monkeypatch):
    """Two Gold plans of four exams tie; the one where p2's single exam already makes Silver is chosen,
    while roster order alone would pick one needing two exams first."""
    chosen = plan(loaded(SILVER_FIRST), "gold", fixes=False)
    monkeypatch.setattr(planner.core.model, "lower_level_first", lambda model, d: None)
    roster_order = plan(loaded(SILVER_FIRST), "gold", fixes=False)

    def silver_step(report):
        return next(m.after_step for m in report.levels_met if m.level == "silver")

    assert (4, 4, 1, 2) == (chosen.total_new_exams, roster_order.total_new_exams,
                            silver_step(chosen), silver_step(roster_order))
    assert ["p2 MB2-715"] == [f"{s.person} {s.exam}" for s in chosen.path[:1]]


def test_a_levels_first_month_end_met_is_found_by_halving_as_by_trying_each() -> None:
    """_walk's search (holding more never unmeets a level): the first month end after which the level is met,
    as a step-by-step walk finds it, for every place it may first be met and for never."""
    from planner.explain.path import _first_met

    for ends in ([], [3], [1, 2, 3], [2, 5, 6, 9, 12], list(range(1, 34))):
        for first in [*ends, None]:
            asked: list[int] = []

            def met(n: int, first: int | None = first, asked: list[int] = asked) -> bool:
                asked.append(n)
                return first is not None and n >= first

            walked = next((n for n in ends if first is not None and n >= first), None)
            assert _first_met(ends, met) == walked == first
            assert len(asked) <= max(1, len(ends)).bit_length()
