"""Rules on the new exams: each names a known person and exam once, can be taken (or renewed) between
as_of and the deadline and still counts then, and goes to someone who counts, may take it and stays
within their own limit.
"""

from __future__ import annotations

from planner.validation.facts import Plan, exam_window, renewal_days


def new_exams_are_known_and_once(plan: Plan) -> list[str]:
    """Each new exam names a person of the plan and an exam of a goal's catalog, once."""
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for item in plan.report.new_exams:
        if item.person not in plan.people or not plan.known(item):
            problems.append(f"new exam {item.person}/{item.exam}: unknown person or exam")
        elif (item.person, item.exam) in seen:
            problems.append(f"{item.person} is planned {item.exam} twice")
        seen.add((item.person, item.exam))
    return problems


def new_exams_are_open(plan: Plan) -> list[str]:
    """A new exam can be taken between as_of and the deadline, and its pass still counts on the deadline."""
    problems: list[str] = []
    as_of, deadline = plan.scenario.as_of, plan.deadline
    for e in plan.report.new_exams:
        person = plan.people.get(e.person)
        if e.renewal and person is not None and e.exam in plan.exams \
                and not renewal_days(plan, person, e.exam):
            problems.append(f"{e.person}/{e.exam} is planned as a renewal, but no certification of theirs "
                            f"can be renewed between {as_of} and {deadline} to count on the deadline")
    for code in dict.fromkeys(e.exam for e in plan.report.new_exams
                              if e.exam in plan.exams and not e.renewal):
        exam = plan.exams[code]
        if exam_window(exam, as_of, deadline) is None:
            problems.append(f"{code} cannot be taken between {as_of} and {deadline}")
        if not plan.still_counts(exam):
            problems.append(f"{code} no longer counts on {deadline}")
    return problems


def new_exams_are_allowed(plan: Plan) -> list[str]:
    """A new exam goes to someone who counts on the deadline, does not hold it, may take it (can_take) and
    stays within max_new_exams."""
    problems: list[str] = []
    for item in plan.report.new_exams:
        person = plan.people.get(item.person)
        if person is None or item.exam not in plan.exams:
            continue
        if not plan.counts(person):
            problems.append(f"{person.id} leaves on {person.leaves_on} but is planned {item.exam}")
        if item.exam in plan.held(person):
            problems.append(f"{person.id} already holds {item.exam}")
        if person.can_take is not None and item.exam not in person.can_take and not item.renewal:
            problems.append(f"{person.id} may not take {item.exam} (can_take)")
    return problems + _within_max_new_exams(plan)


def _within_max_new_exams(plan: Plan) -> list[str]:
    """Each person's new exams (renewals aside) are at most their max_new_exams."""
    problems: list[str] = []
    for pid in plan.new:
        cap = plan.people[pid].max_new_exams
        mine = {e.exam for e in plan.report.new_exams if e.person == pid and not e.renewal and plan.known(e)}
        if cap is not None and len(mine) > cap:
            problems.append(f"{pid} is planned {len(mine)} new exams, more than max_new_exams {cap}")
    return problems
