"""Rules on the calendar and the path: the calendar books each new exam once, in an open month its
person is available, within exams_per_month; the path lists each new exam once in the calendar's month,
and the levels met along it are the goals' levels.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from planner.validation.facts import Plan, exam_window, renewal_days

MONTH = re.compile(r"(\d{4})-(\d{2})")
"""A month as a calendar writes it: YYYY-MM."""


def calendar_books_every_new_exam_once(plan: Plan) -> list[str]:
    """A calendar books each new exam exactly once, and nothing else."""
    report = plan.report
    if not report.schedule:
        return []
    booked = Counter((b.person, b.exam) for b in report.schedule)
    if set(booked) != {(e.person, e.exam) for e in report.new_exams} or max(booked.values()) > 1:
        return ["the calendar does not book every new exam exactly once"]
    return []


def calendar_months_are_open(plan: Plan) -> list[str]:
    """Each booking is in a month written YYYY-MM in which its exam can be taken on at least
    policy.days_to_book days between as_of and the deadline, and not in one of its person's unavailable
    months."""
    problems: list[str] = []
    as_of, deadline = plan.scenario.as_of, plan.deadline
    for b in plan.report.schedule:
        days = _month_days(b.month)
        if days is None:
            problems.append(f"{b.person}/{b.exam} is booked in {b.month!r}, which is not a month written "
                            "YYYY-MM")
            continue
        person, exam = plan.people.get(b.person), plan.exams.get(b.exam)
        if person is None or exam is None:
            continue
        window = exam_window(exam, as_of, deadline)
        if (b.person, b.exam) in plan.renewals:
            window = renewal_days(plan, person, b.exam)
        need = plan.scenario.policy.days_to_book
        if window is None or (min(days[1], window[1]) - max(days[0], window[0])).days + 1 < need:
            problems.append(f"{b.exam} cannot be taken in {b.month} (between {as_of} and {deadline}, at "
                            f"least {need} days of the month: policy.days_to_book)")
        if b.month in person.unavailable:
            problems.append(f"{b.person} is unavailable in {b.month} but is booked {b.exam}")
    return problems


def calendar_keeps_exams_per_month(plan: Plan) -> list[str]:
    """A person is booked at most exams_per_month exams in a month (their own limit, else the policy's)."""
    per_month = Counter((b.person, b.month) for b in plan.report.schedule if b.person in plan.people)
    problems = []
    for (pid, month), n in per_month.items():
        cap = plan.people[pid].exams_per_month
        cap = plan.scenario.policy.exams_per_month if cap is None else cap
        if n > cap:
            problems.append(f"{pid} is booked {n} exams in {month}, more than {cap}")
    return problems


def path_lists_every_new_exam_once(plan: Plan) -> list[str]:
    """When the report has a path (or the levels met along it), the path lists every new exam once, in
    steps 1, 2, ..., each in the month the calendar books it."""
    report = plan.report
    if not (report.path or report.levels_met or report.probability_level_met is not None):
        return []
    problems: list[str] = []
    exams = [s for s in report.path if s.exam is not None]
    steps = Counter((s.person, s.exam) for s in exams)
    if steps != Counter((e.person, e.exam) for e in report.new_exams):
        problems.append(f"the path lists {len(exams)} step(s); it must list each of the "
                        f"{len(report.new_exams)} new exam(s) once")
    if [s.step for s in report.path] != list(range(1, len(report.path) + 1)):
        problems.append("the path's steps are not numbered 1, 2, ... in order")
    month_of = {(b.person, b.exam): b.month for b in report.schedule}
    if any(s.month != month_of.get((s.person, s.exam or "")) for s in report.path):
        problems.append("the path's months are not the calendar's")
    return problems


def path_lists_every_hire_joining_once(plan: Plan) -> list[str]:
    """When the report has a path (or the levels met along it), it lists each hire joining once, as a
    step without an exam naming the profile hired."""
    report = plan.report
    if not (report.path or report.levels_met or report.probability_level_met is not None):
        return []
    joins = Counter((s.person, s.hire) for s in report.path if s.exam is None)
    if joins == Counter((h.id, h.profile) for h in report.hires):
        return []
    return [f"the path lists {sum(joins.values())} hire(s) joining; it must list each of the "
            f"{len(report.hires)} hire(s) once, with the profile hired"]


def levels_met_are_along_the_path(plan: Plan) -> list[str]:
    """Each level said met is a level of a goal ('competency:level', or its id alone with one goal), met
    after a step of the path (0: before any)."""
    if any(g.chosen is None for g in plan.goals):
        return []
    known: set[str] = set()
    for g in plan.goals:
        levels = g.chosen.levels if g.chosen is not None else []
        known |= {f"{g.catalog.id}:{lv.id}" for lv in levels}
        known |= {lv.id for lv in levels if len(plan.goals) == 1}
    steps = len(plan.report.path)
    problems = [f"levels_met names {m.level}, not a level of the goals ({', '.join(sorted(known))})"
                for m in plan.report.levels_met if m.level not in known]
    if steps:
        problems += [f"levels_met says {m.level} is met after step {m.after_step}; the path has {steps} "
                     "step(s)" for m in plan.report.levels_met if not 0 <= m.after_step <= steps]
    return problems


def _month_days(month: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a YYYY-MM month; None for anything else (2018-13, 18-01)."""
    match = MONTH.fullmatch(month)
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        return None
    year, mon = int(match[1]), int(match[2])
    following = dt.date(year + 1, 1, 1) if mon == 12 else dt.date(year, mon + 1, 1)
    return dt.date(year, mon, 1), following - dt.timedelta(days=1)
