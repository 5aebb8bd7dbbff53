"""Rules on money: the hires follow their profiles, each new exam costs what the scenario says, the
totals add up, and the plan keeps its budget.
"""

from __future__ import annotations

from collections import Counter

from planner.validation.facts import CENT, Plan, cost_parts, in_cents, plan_cents


def hires_follow_their_profiles(plan: Plan) -> list[str]:
    """Each hire is of a known profile, numbered hire-1, hire-2, ..., at most `max` per profile, at the
    profile's cost."""
    problems: list[str] = []
    profiles = {hp.profile: hp for hp in plan.scenario.hiring}
    staff = plan.staff
    per_profile: Counter[str] = Counter()
    for n, hire in enumerate(plan.report.hires, start=1):
        hp = profiles.get(hire.profile)
        if hp is None or hire.id != f"hire-{n}" or hire.id in staff:
            problems.append(f"hire {hire.id} of profile {hire.profile!r}: unknown profile or misnumbered")
            continue
        per_profile[hire.profile] += 1
        if per_profile[hire.profile] == hp.max + 1:
            problems.append(f"more than {hp.max} hires of profile {hire.profile!r}")
        if in_cents(hire.cost_usd) != in_cents(hp.cost_usd):
            problems.append(f"hire {hire.id} costs {hp.cost_usd}, the plan says {hire.cost_usd}")
    return problems


def new_exam_costs_are_the_scenarios(plan: Plan) -> list[str]:
    """Each new exam costs fee + preparation hours x the person's hourly rate, and the optional breakdown
    (fee_usd, prep_hours, hourly_rate_usd), where given, is the scenario's."""
    problems: list[str] = []
    for item in plan.report.new_exams:
        person = plan.people.get(item.person)
        if person is None or not plan.known(item):
            continue
        fee, hours, rate = cost_parts(plan.scenario, person, item.exam, bool(item.renewal))
        expected = round((fee + hours * rate) * 100)
        where = f"{person.id}/{item.exam}"
        if in_cents(item.cost_usd) != expected:
            problems.append(f"{where} costs {expected / 100:.2f}, the plan says {item.cost_usd}")
        for name, claimed, actual in (("fee_usd", item.fee_usd, fee), ("prep_hours", item.prep_hours, hours),
                                      ("hourly_rate_usd", item.hourly_rate_usd, rate)):
            if claimed is not None and abs(claimed - actual) > CENT:
                problems.append(f"{where}: {name} {claimed} is not the scenario's {actual}")
    return problems


def totals_add_up(plan: Plan) -> list[str]:
    """total_new_exams counts the new exams; total_cost_usd is their cost and the hires' recomputed."""
    problems: list[str] = []
    report = plan.report
    renewals = sum(1 for e in report.new_exams if e.renewal)
    if report.total_new_exams != len(report.new_exams) - renewals:
        aside = " (renewals aside)" if renewals else ""
        problems.append(f"total_new_exams {report.total_new_exams} != {len(report.new_exams) - renewals} "
                        f"listed{aside}")
    if (report.total_renewals or 0) != renewals:
        problems.append(f"total_renewals {report.total_renewals} != {renewals} listed")
    cents = plan_cents(plan, report.new_exams, report.hires)
    if in_cents(report.total_cost_usd) != cents:
        problems.append(f"total_cost_usd {report.total_cost_usd} != {cents / 100:.2f} recomputed")
    return problems


def within_budget(plan: Plan) -> list[str]:
    """A plan costs at most its budget."""
    report = plan.report
    cents = plan_cents(plan, report.new_exams, report.hires)
    if plan.has_plan and report.budget_usd is not None and cents > in_cents(report.budget_usd):
        return [f"the plan costs {cents / 100:.2f}, over the budget of {report.budget_usd}"]
    return []
