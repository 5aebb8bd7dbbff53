"""The exam calendar (`--schedule`): months an exam can be taken, blackout months, exams per month.

The exhaustive checker below restates the calendar rules without the planner (it reads the scenario
mapping itself and imports nothing from planner/): an exam can be booked in a month if at least
`policy.days_to_book` (7 by default) of that month's days lie between `as_of` and the deadline and inside
the exam's own window (MB2-709 until 2017-12-31,
MB2-877 from 2018-01-01), it still counts on the deadline, and the person is not `unavailable` then; a
person takes at most `exams_per_month` (their own, else the policy's) in one month. On tiny rosters it
tries every set of new exams with every booking of them and keeps the best plan that meets the level.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.core.planning import plan
from planner.input.loading import load_scenario_data
from tests.conftest import SCENARIOS
from tests.helpers import loaded, scenario_dict

D = dt.date

# ---- the rules, restated from ../shared/rules/cloud-crm.md --------------------------------------------

LISTS = {
    "A": frozenset({"MB2-714", "MB2-713", "MB2-709", "MB2-717", "MB2-718", "MB2-877"}),
    "B": frozenset({"MB2-710", "MB2-706", "MB2-715"}),
    "C": frozenset({"MB2-712", "MB2-707", "MB2-716"}),
}
ROLE_LISTS = {"AB": ("A", "B"), "C": ("C",)}
SLOTS = {"silver": {"AB": 1, "C": 1}, "gold": {"AB": 2, "C": 2}}
FIRST_TAKE = {"MB2-877": D(2018, 1, 1)}
LAST_TAKE = {"MB2-709": D(2017, 12, 31)}
COUNTS_UNTIL = {"MB2-709": D(2018, 12, 31)}
DEPLOYMENT = LISTS["B"]


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def plan_months(as_of: dt.date, deadline: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """Each month from as_of to the deadline with its first and last day inside the plan."""
    out = []
    day = as_of.replace(day=1)
    while day <= deadline:
        following = (day.replace(year=day.year + 1, month=1) if day.month == 12
                     else day.replace(month=day.month + 1))
        out.append((f"{day:%Y-%m}", max(day, as_of), min(following - dt.timedelta(days=1), deadline)))
        day = following
    return out


def bookable_months(exam: str, as_of: dt.date, deadline: dt.date, days: int = 7) -> list[str]:
    """The months in which `exam` can be taken for this plan ([] if it would not count on the deadline):
    at least `days` (policy.days_to_book, 7 unless the scenario says) of the month's days lie in the
    plan and in the exam's window."""
    if COUNTS_UNTIL.get(exam, deadline) < deadline:
        return []
    out = []
    for month, first, last in plan_months(as_of, deadline):
        start, end = max(first, FIRST_TAKE.get(exam, first)), min(last, LAST_TAKE.get(exam, last))
        if (end - start).days + 1 >= days:
            out.append(month)
    return out


@dataclass(frozen=True)
class Choice:
    """One person's set of new exams: what it costs, the roles it gives, and every way to book it."""

    exams: tuple[str, ...]
    cost_cents: int
    roles: frozenset[str]
    bookings: tuple[tuple[int, ...], ...]  # every valid booking: month index per exam
    finish: int  # the earliest possible month of the last exam (-1 without exams)


def _roles_of(held: frozenset[str]) -> frozenset[str]:
    return frozenset(r for r, lists in ROLE_LISTS.items() if all(held & LISTS[x] for x in lists))


def person_choices(data: dict[str, Any], person: dict[str, Any]) -> list[Choice]:
    """Every set of new exams this person could take, each with all the ways to book it."""
    as_of, deadline = _day(data["as_of"]), _day(data["deadline"])
    months = [m for m, _, _ in plan_months(as_of, deadline)]
    costs = data.get("costs", {})
    per_exam = costs.get("exams", {})
    rate = person.get("hourly_rate_usd", costs.get("hourly_rate_usd", 0.0))
    cap = person.get("exams_per_month", data.get("policy", {}).get("exams_per_month", 1))
    held = frozenset(p for p in person.get("passed", []) if COUNTS_UNTIL.get(p, deadline) >= deadline)
    away = set(person.get("unavailable", []))
    open_months: dict[str, list[int]] = {}
    for exam in person.get("can_take", sorted(set().union(*LISTS.values()))):
        days = data.get("policy", {}).get("days_to_book", 7)
        when = [months.index(m) for m in bookable_months(exam, as_of, deadline, days) if m not in away]
        if exam not in held and when:
            open_months[exam] = when
    out = []
    limit = person.get("max_new_exams", len(open_months))
    for size in range(0, min(limit, len(open_months)) + 1):
        for exams in itertools.combinations(sorted(open_months), size):
            bookings = tuple(b for b in itertools.product(*(open_months[e] for e in exams))
                             if max(Counter(b).values(), default=0) <= cap)
            if not bookings:
                continue
            cents = 0
            for e in exams:
                fee = per_exam.get(e, {}).get("fee_usd", costs.get("exam_fee_usd", 165.0))
                hours = per_exam.get(e, {}).get("prep_hours", costs.get("prep_hours", 0.0))
                cents += round((fee + hours * rate) * 100)
            out.append(Choice(exams, cents, _roles_of(held | frozenset(exams)), bookings,
                              min(max(b, default=-1) for b in bookings)))
    return out


@functools.cache
def level_met(level: str, people_roles: tuple[frozenset[str], ...]) -> bool:
    """Some assignment of different people to the level's slots gives each slot a qualified holder."""
    slots = [r for r, n in SLOTS[level].items() for _ in range(n)]
    return any(all(r in people_roles[i] for i, r in zip(who, slots, strict=True))
               for who in itertools.permutations(range(len(people_roles)), len(slots)))


@dataclass(frozen=True)
class Best:
    """The best plan's key and the plans that reach it (one Choice per person)."""

    key: tuple[int, ...]
    plans: list[tuple[Choice, ...]]


def brute_force(data: dict[str, Any], level: str, objective: str) -> Best | None:
    """The best key over every set of new exams that can be booked and meets the level (None: no plan).

    Keys: exams (count, cost), cost (cost, count), time (month index of the last exam, count, cost).
    """
    per_person = [person_choices(data, p) for p in data["staff"]]
    best: Best | None = None
    for combo in itertools.product(*per_person):
        if not level_met(level, tuple(sorted((c.roles for c in combo), key=sorted))):
            continue
        count = sum(len(c.exams) for c in combo)
        cost = sum(c.cost_cents for c in combo)
        key = {"exams": (count, cost), "cost": (cost, count),
               "time": (max(c.finish for c in combo), count, cost)}[objective]
        if best is None or key < best.key:
            best = Best(key, [combo])
        elif key == best.key:
            best.plans.append(combo)
    return best


def earliest_lower_level_month(data: dict[str, Any], best: Best, finish: int | None) -> int:
    """Among the best plans (booked to end by `finish`), the earliest month by which Silver is met.

    -1: Silver is met before any new exam. Every booking of every best plan is tried.
    """
    deadline = _day(data["deadline"])
    held = [frozenset(e for e in p.get("passed", []) if COUNTS_UNTIL.get(e, deadline) >= deadline)
            for p in data["staff"]]
    if level_met("silver", tuple(sorted((_roles_of(h) for h in held), key=sorted))):
        return -1
    earliest = None
    for combo in best.plans:
        for booking in itertools.product(*(c.bookings for c in combo)):
            if finish is not None and max((m for b in booking for m in b), default=-1) > finish:
                continue
            months = sorted({m for b in booking for m in b})
            for month in months:
                # one held set, choice and booking per person; one booked month per exam of a choice
                holdings = tuple(sorted(
                    (_roles_of(h | {e for e, m in zip(c.exams, b, strict=True) if m <= month})
                     for h, c, b in zip(held, combo, booking, strict=True)), key=sorted))
                if level_met("silver", holdings):
                    earliest = month if earliest is None else min(earliest, month)
                    break
    assert earliest is not None
    return earliest


# ---- tiny rosters around the MB2-709 / MB2-877 boundary -----------------------------------------------

# What a person may hold and take, by the slot they are heading for (so that Gold is often within reach).
KINDS = {
    "AB": (["MB2-709", "MB2-717", "MB2-715", "MB2-710"], ["MB2-709", "MB2-877", "MB2-717", "MB2-715"]),
    "C": (["MB2-716"], ["MB2-716", "MB2-712", "MB2-877"]),
    "any": (["MB2-709", "MB2-717", "MB2-715", "MB2-716"],
            ["MB2-709", "MB2-877", "MB2-717", "MB2-715", "MB2-716"]),
}
AS_OF = ["2017-11-20", "2017-12-01", "2017-12-31"]
DEADLINES = ["2017-12-31", "2018-01-01", "2018-01-31", "2018-02-15", "2018-02-28"]
MONTHS = ["2017-11", "2017-12", "2018-01", "2018-02"]
COSTS = {"exam_fee_usd": 165, "prep_hours": 10, "hourly_rate_usd": 50,
         "exams": {"MB2-715": {"prep_hours": 30}, "MB2-709": {"fee_usd": 100}}}
FLAT_COSTS = {"exam_fee_usd": 165, "prep_hours": 10, "hourly_rate_usd": 50}  # many ties between exams
EXAMPLES = max(40, settings().max_examples // 2)  # 150 by default, 40 in CI; the thorough profile runs 1,500


@st.composite
def calendar_cases(draw: st.DrawFn, level: str | None = None) -> tuple[dict[str, Any], str]:
    """A scenario of 2-4 people with 1-4 months around 2018-01-01, and a level (Gold: 4 people)."""
    as_of = draw(st.sampled_from(AS_OF))
    deadline = draw(st.sampled_from([d for d in DEADLINES if d >= as_of]))
    size = 4 if level == "gold" else draw(st.integers(2, 4))
    if level is None:
        level = "gold" if size == 4 and draw(st.booleans()) else "silver"
    kinds = ["AB", "C", "AB", "C"] if level == "gold" else ["AB", "C"] + [
        draw(st.sampled_from(sorted(KINDS))) for _ in range(size - 2)]
    kinds = draw(st.permutations(kinds))
    staff = []
    for i, kind in enumerate(kinds):
        held, may_take = KINDS[kind]
        person: dict[str, Any] = {
            "id": f"p{i}",
            "passed": sorted(draw(st.sets(st.sampled_from(held), max_size=1 if level == "gold" else 2))),
            "can_take": sorted(draw(st.sets(st.sampled_from(may_take), min_size=1 + (level == "gold"),
                                            max_size=3))),
        }
        if draw(st.booleans()):
            person["hourly_rate_usd"] = draw(st.sampled_from([20, 90]))
        if draw(st.booleans()):
            person["exams_per_month"] = draw(st.integers(1, 2))
        away = draw(st.sets(st.sampled_from(MONTHS), max_size=2)) if draw(st.booleans()) else set()
        if away:
            person["unavailable"] = sorted(away)
        staff.append(person)
    costs = FLAT_COSTS if level == "gold" else draw(st.sampled_from([COSTS, FLAT_COSTS]))
    data = scenario_dict(staff, as_of=as_of, deadline=deadline, costs=costs,
                         policy={"exams_per_month": draw(st.integers(1, 2))})
    return data, level


def booking_problems(data: dict[str, Any], report: Any) -> list[str]:
    """Every way the report's calendar breaks the calendar rules (restated here, not the planner's)."""
    as_of, deadline = _day(data["as_of"]), _day(data["deadline"])
    people = {p["id"]: p for p in data["staff"]}
    policy_cap = data.get("policy", {}).get("exams_per_month", 1)
    problems = []
    booked = sorted((b.person, b.exam) for b in report.schedule)
    if booked != sorted((e.person, e.exam) for e in report.new_exams):
        problems.append("the calendar does not book each new exam once")
    for b in report.schedule:
        days = data.get("policy", {}).get("days_to_book", 7)
        if b.month not in bookable_months(b.exam, as_of, deadline, days):
            problems.append(f"{b.exam} cannot be taken in {b.month}")
        if b.month in people[b.person].get("unavailable", []):
            problems.append(f"{b.person} is away in {b.month}")
    for (pid, month), n in Counter((b.person, b.month) for b in report.schedule).items():
        if n > people[pid].get("exams_per_month", policy_cap):
            problems.append(f"{pid} has {n} exams in {month}")
    return problems


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=calendar_cases(), objective=st.sampled_from(["exams", "cost"]))
def test_calendar_plan_is_as_good_as_every_bookable_set_of_new_exams(case, objective):
    """On tiny rosters the --schedule plan's status, exams and cost equal an exhaustive search's optimum."""
    data, level = case
    report = plan(load_scenario_data(data, "tiny.yaml"), level, objective, schedule=True, fixes=False)
    best = brute_force(data, level, objective)
    expected = ("infeasible", None) if best is None else ("optimal", best.key)
    key = {"exams": (report.total_new_exams, round(report.total_cost_usd * 100)),
           "cost": (round(report.total_cost_usd * 100), report.total_new_exams)}[objective]
    assert expected == (report.status, None if report.status == "infeasible" else key)
    assert [] == booking_problems(data, report)


# Two people who may take MB2-709 (until December) or MB2-877 (from January) at the same cost: the
# catalog's preference (MB2-877 first) alone would meet Silver in January instead of November.
SILVER_EARLY_OR_LATE = (scenario_dict(
    [{"id": "p0", "can_take": ["MB2-709", "MB2-715", "MB2-877"]},
     {"id": "p1", "can_take": ["MB2-709", "MB2-715", "MB2-877"]},
     {"id": "p2", "can_take": ["MB2-712", "MB2-716"]}, {"id": "p3", "can_take": ["MB2-712", "MB2-716"]}],
    deadline="2018-01-01", costs=FLAT_COSTS, policy={"exams_per_month": 1}), "gold")


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=calendar_cases(level="gold"))
@example(case=SILVER_EARLY_OR_LATE)
def test_calendar_gold_plan_meets_silver_as_early_as_any_equally_good_plan(case):
    """Among Gold plans with the fewest exams and lowest cost, the one chosen meets Silver earliest."""
    data, _ = case
    report = plan(load_scenario_data(data, "tiny.yaml"), "gold", "exams", schedule=True, fixes=False)
    best = brute_force(data, "gold", "exams")
    if best is None:
        assert "infeasible" == report.status
        return
    months = [m for m, _, _ in plan_months(_day(data["as_of"]), _day(data["deadline"]))]
    silver = next(m for m in report.levels_met if m.level == "silver")
    actual = -1 if silver.after_step == 0 else months.index(report.path[silver.after_step - 1].month)
    assert earliest_lower_level_month(data, best, None) == actual


# ---- the boundaries, one by one -------------------------------------------------------------------------

C_HOLDER = {"id": "carl", "passed": ["MB2-716"]}


@pytest.mark.parametrize(
    ("as_of", "deadline", "person", "expected"),
    [
        pytest.param("2017-11-20", "2018-06-30", {"can_take": ["MB2-709"]}, "2017-11",
                     id="709-booked-in-the-first-month"),
        pytest.param("2017-11-20", "2018-06-30", {"can_take": ["MB2-709"], "unavailable": ["2017-11"]},
                     "2017-12", id="709-away-in-november-books-december"),
        pytest.param("2017-12-31", "2018-06-30", {"can_take": ["MB2-709"]}, "2017-12",
                     id="709-as-of-its-last-day"),
        pytest.param("2017-11-20", "2018-06-30", {"can_take": ["MB2-709"],
                                                  "unavailable": ["2017-11", "2017-12"]},
                     None, id="709-away-until-it-retires"),
        pytest.param("2017-11-20", "2018-01-01", {"can_take": ["MB2-877"]}, "2018-01",
                     id="877-deadline-on-its-first-day"),
        pytest.param("2017-11-20", "2017-12-31", {"can_take": ["MB2-877"]}, None,
                     id="877-deadline-before-it-opens"),
        pytest.param("2017-11-20", "2018-03-31", {"can_take": ["MB2-877"], "unavailable": ["2018-01"]},
                     "2018-02", id="877-away-in-january-books-february"),
        pytest.param("2017-11-20", "2018-02-28", {"can_take": ["MB2-717"],
                                                  "unavailable": ["2017-11", "2017-12", "2018-01"]},
                     "2018-02", id="only-the-last-month-free"),
        pytest.param("2017-11-20", "2018-02-28", {"can_take": ["MB2-717"], "exams_per_month": 0}, None,
                     id="zero-exams-a-month"),
    ],
)
def test_exam_is_booked_in_the_first_month_it_can_be_taken_and_the_person_is_free(as_of, deadline, person,
                                                                                  expected):
    """Ann (deployment exam held) is booked her one application exam in the first open, free month (one
    day of an exam's window is enough here: policy.days_to_book 1, so the window's edges are what count)."""
    staff = [{"id": "ann", "passed": ["MB2-715"], **person}, C_HOLDER]
    report = plan(loaded(staff, as_of=as_of, deadline=deadline, policy={"days_to_book": 1}), "silver",
                  schedule=True, fixes=False)
    actual = None if report.status == "infeasible" else [(b.person, b.month) for b in report.schedule]
    assert (None if expected is None else [("ann", expected)]) == actual


@pytest.mark.parametrize(
    ("policy", "own", "deadline", "expected"),
    [
        pytest.param(1, None, "2017-11-30", None, id="one-a-month-one-month-too-short"),
        pytest.param(1, None, "2017-12-31", ["2017-11", "2017-12"], id="one-a-month-two-months"),
        pytest.param(2, None, "2017-11-30", ["2017-11", "2017-11"], id="policy-two-a-month"),
        pytest.param(1, 2, "2017-11-30", ["2017-11", "2017-11"], id="own-two-overrides-policy-one"),
        pytest.param(2, 1, "2017-11-30", None, id="own-one-overrides-policy-two"),
    ],
)
def test_exams_per_month_spreads_two_exams_over_months(policy, own, deadline, expected):
    """Bea needs an application and a deployment exam: one a month takes two months, two a month one."""
    bea: dict[str, Any] = {"id": "bea", "can_take": ["MB2-717", "MB2-715"]}
    if own is not None:
        bea["exams_per_month"] = own
    report = plan(loaded([bea, C_HOLDER], deadline=deadline, policy={"exams_per_month": policy}), "silver",
                  schedule=True, fixes=False)
    actual = None if report.status == "infeasible" else sorted(b.month for b in report.schedule)
    assert expected == actual


def test_plan_without_a_calendar_ignores_months_and_capacity():
    """Without --schedule Bea's two exams in a one-month plan are fine; with it they are not."""
    staff = [{"id": "bea", "can_take": ["MB2-717", "MB2-715"]}, C_HOLDER]
    scenario = loaded(staff, deadline="2017-11-30")
    assert ("optimal", "infeasible") == (plan(scenario, "silver").status,
                                         plan(scenario, "silver", schedule=True, fixes=False).status)


def test_calendar_prefers_a_free_person_to_a_cheaper_one_who_is_away_when_the_exam_can_be_taken():
    """Cheap Cai is away while MB2-709 can still be taken, so Dee, who costs more, books it in December."""
    staff = [{"id": "cai", "passed": ["MB2-715"], "can_take": ["MB2-709"], "hourly_rate_usd": 10,
              "unavailable": ["2017-11", "2017-12"]},
             {"id": "dee", "passed": ["MB2-715"], "can_take": ["MB2-709"], "hourly_rate_usd": 90,
              "unavailable": ["2017-11"]}, C_HOLDER]
    scenario = loaded(staff)
    without, with_calendar = plan(scenario, "silver"), plan(scenario, "silver", schedule=True, fixes=False)
    assert ([("cai", "MB2-709")], [("dee", "MB2-709", "2017-12")]) == (
        [(e.person, e.exam) for e in without.new_exams],
        [(b.person, b.exam, b.month) for b in with_calendar.schedule])


def test_reason_names_the_months_a_person_is_away_when_that_closes_their_only_exam():
    """Cai may take only MB2-709 and is away in both months it can be taken: the reason says so."""
    staff = [{"id": "cai", "passed": ["MB2-715"], "can_take": ["MB2-709"],
              "unavailable": ["2017-11", "2017-12"]}, C_HOLDER]
    report = plan(loaded(staff), "silver", schedule=True)
    reason = "MB2-709 can be taken only in 2017-11, 2017-12, when cai is unavailable"
    assert ("infeasible", True) == (report.status, any(reason in r for r in report.reasons))


# ---- the command line -----------------------------------------------------------------------------------

BOOKING = str(SCENARIOS / "contoso-booking-calendar.yaml")
# Hand-checked in the scenario's header: carol must sit MB2-709 in November (away in December, retires
# 31 Dec), mia is away until January, kim joins in February.
BOOKING_CALENDAR = [{"person": "carol", "exam": "MB2-709", "month": "2017-11"},
                    {"person": "mia", "exam": "MB2-715", "month": "2018-01"},
                    {"person": "kim", "exam": "MB2-716", "month": "2018-02"}]


def run(*args: str):
    """Invoke the CLI in-process with a wide terminal."""
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "PLANNER_DEBUG": None})


def test_cli_schedule_json_lists_person_exam_and_month_and_the_day_each_level_is_met():
    """`plan --schedule --format json` books carol, mia and kim and says when Silver and Gold are met."""
    result = run("plan", BOOKING, "--schedule", "--format", "json")
    data = json.loads(result.stdout)
    assert (0, BOOKING_CALENDAR) == (result.exit_code, data["schedule"])
    assert [{"level": "silver", "after_step": 1, "by": "2017-11-30"},
            {"level": "gold", "after_step": 3, "by": "2018-02-28"}] == data["levels_met"]


@pytest.mark.parametrize(
    ("fmt", "facts"),
    [
        pytest.param("table", ["Calendar", "2017-11: Carol Philips MB2-709", "2018-01: Mia Hansen MB2-715",
                               "2018-02: Kim Abercrombie MB2-716", "Silver is met by 2017-11-30",
                               "Gold is met by 2018-02-28",
                               "1. Carol Philips takes MB2-709 (2017-11)"], id="table"),
        pytest.param("markdown", ["## Calendar", "- 2017-11: Carol Philips MB2-709",
                                  "- 2018-01: Mia Hansen MB2-715", "- 2018-02: Kim Abercrombie MB2-716",
                                  "- Silver is met by 2017-11-30",
                                  "- Gold is met by 2018-02-28", "```", "## Path"], id="markdown"),
    ],
)
def test_cli_schedule_human_output_lists_the_calendar_month_by_month(fmt, facts):
    """Table and Markdown show each month's bookings (people by name) and the day each level is met."""
    result = run("plan", BOOKING, "--schedule", "--format", fmt)
    assert (0, []) == (result.exit_code, [f for f in facts if f not in result.stdout])


def test_cli_without_schedule_shows_no_calendar():
    """Without --schedule the JSON has an empty calendar and the table no calendar section."""
    data = json.loads(run("plan", BOOKING, "--format", "json").stdout)
    table = run("plan", BOOKING).stdout
    assert ([], [None, None], False) == (data["schedule"], [m["by"] for m in data["levels_met"]],
                                         "Calendar" in table)


def test_calendar_lines_name_every_level_met_on_the_same_day(tmp_path):
    """When Silver and Gold are met in the same month, the calendar names both (not only the last)."""
    staff = [{"id": "ann", "passed": ["MB2-715"], "can_take": ["MB2-717"]},
             {"id": "bo", "passed": ["MB2-715"], "can_take": ["MB2-717"]},
             {"id": "cy", "passed": ["MB2-716"]}, {"id": "di", "passed": ["MB2-716"]}]
    result = run("plan", _write(tmp_path, staff), "--schedule", "--format", "markdown")
    assert (True, True) == ("- Silver is met by 2017-11-30" in result.stdout,
                            "- Gold is met by 2017-11-30" in result.stdout)


@pytest.mark.parametrize(
    "month",
    [pytest.param("2018-13", id="month-13"), pytest.param("2018-00", id="month-00"),
     pytest.param("2018-1", id="one-digit-month"), pytest.param("18-01", id="two-digit-year")],
)
def test_cli_invalid_unavailable_month_exits_2_with_one_line(tmp_path, month):
    """`unavailable: [2018-13]` is one stderr line naming the file, the line and staff[0].unavailable[0]."""
    path = _write(tmp_path, [{"id": "ann", "passed": ["MB2-717", "MB2-715"], "unavailable": [month]},
                   {"id": "bo", "passed": ["MB2-716"]}], raw_unavailable=month)
    result = run("plan", path, "--schedule")
    lines = result.stderr.splitlines()
    assert (2, "", 1) == (result.exit_code, result.stdout, len(lines))
    assert (True, True, True) == (f"{path}:" in lines[0], "staff[0].unavailable[0]" in lines[0],
                                  "YYYY-MM" in lines[0])


def _write(folder: Path, staff: list[dict[str, Any]], raw_unavailable: str | None = None) -> str:
    """A scenario file for the CLI; an unavailable month is written unquoted, as a person would type it."""
    text = yaml.safe_dump(scenario_dict(staff), sort_keys=False)
    if raw_unavailable is not None:
        text = text.replace(f"'{raw_unavailable}'", raw_unavailable)
    path = folder / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_month_with_fewer_days_left_than_days_to_book_is_not_booked():
    """as_of 2017-11-28 leaves 3 days of November: with the default (7 days) two exams go to December and
    January instead of two in November; with days_to_book: 3 November is bookable again."""
    staff = [{"id": "ann", "passed": ["MB2-717"], "exams_per_month": 2}, {"id": "bo", "passed": ["MB2-716"]}]
    data = scenario_dict(staff, as_of="2017-11-28", deadline="2018-06-30", costs=FLAT_COSTS)
    late = plan(load_scenario_data(data, "late.yaml"), "silver", "exams", schedule=True, fixes=False)
    assert "2017-11" not in {b.month for b in late.schedule}
    early = plan(load_scenario_data({**data, "policy": {"days_to_book": 3}}, "early.yaml"), "silver", "exams",
                 schedule=True, fixes=False)
    assert {"2017-11"} == {b.month for b in early.schedule}
