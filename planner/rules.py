"""The competency's rules about people, exams and days, in domain words (no solver here).

Each function states one rule of ../shared/rules/cloud-crm.md. The problem builder applies them to
decide which people count and which new exams are open to whom; the model then only loops over data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from models.catalog import Catalog, Exam, Level, Role
from models.report import Gate
from models.scenario import Organization, Person, Scenario


def usd(amount: float | None) -> str:
    """US$1,234 for whole dollars, US$1,234.50 otherwise (how every amount in a sentence is written)."""
    if amount is None:
        return "-"
    return f"US${amount:,.0f}" if round(amount, 2) == round(amount) else f"US${amount:,.2f}"


def person_counts_on(person: Person, day: dt.date) -> bool:
    """Someone who leaves on or before `day` does not count on it."""
    return person.leaves_on is None or person.leaves_on > day


def pass_counts_on(exam: Exam, day: dt.date) -> bool:
    """A pass counts on `day` unless the exam has stopped counting by then (retired exams: +12 months)."""
    return exam.counts_until is None or day <= exam.counts_until


def takeable_window(exam: Exam, as_of: dt.date, deadline: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days from as_of to the deadline on which the exam can be taken, or None."""
    first = max(as_of, exam.first_take) if exam.first_take else as_of
    last = min(deadline, exam.last_take) if exam.last_take else deadline
    return (first, last) if first <= last else None


def new_exam_is_open(exam: Exam, as_of: dt.date, deadline: dt.date) -> bool:
    """A new exam can be planned if it can be taken between as_of and the deadline and counts on the
    deadline."""
    return takeable_window(exam, as_of, deadline) is not None and pass_counts_on(exam, deadline)


def person_may_take(person: Person, code: str) -> bool:
    """`can_take`, when given, lists the only exams this person may be planned."""
    return person.can_take is None or code in person.can_take


def held_on(person: Person, exams: dict[str, Exam], day: dt.date) -> frozenset[str]:
    """The exam codes of `exams` a person has passed that still count on `day` (passes of exams of other
    competencies are not this catalog's business)."""
    return frozenset(p.exam for p in person.passed
                     if p.exam in exams and pass_counts_on(exams[p.exam], day))


def person_words(people: Iterable[Person]) -> dict[str, str]:
    """How sentences call people (person id -> words): the roster's name, with the id where two people
    share that name; the id for someone without a name."""
    named = [(p.id, p.name) for p in people if p.name]
    counts = Counter(name for _, name in named)
    return {pid: f"{name} ({pid})" if counts[name] > 1 and name != pid else name for pid, name in named}


def called(person: Person, words: dict[str, str]) -> str:
    """What a sentence calls this person (see person_words)."""
    return words.get(person.id, person.id)


def due(scenario: Scenario) -> dt.date:
    """The scenario's deadline (the loader fills in the default, so a loaded scenario always has one)."""
    if scenario.deadline is None:
        raise ValueError("the scenario has no deadline: load it with planner.loading, which sets the default")
    return scenario.deadline


def exam_cost_parts(scenario: Scenario, person: Person, code: str) -> tuple[float, float, float]:
    """What a person taking an exam costs, in parts: (fee, preparation hours, hourly rate), US$."""
    costs = scenario.costs
    override = costs.exams.get(code)
    fee = override.fee_usd if override and override.fee_usd is not None else costs.exam_fee_usd
    hours = override.prep_hours if override and override.prep_hours is not None else costs.prep_hours
    rate = person.hourly_rate_usd if person.hourly_rate_usd is not None else costs.hourly_rate_usd
    return fee, hours, rate


def exam_cost_cents(scenario: Scenario, person: Person, code: str) -> int:
    """Cost of a person taking an exam: fee + preparation hours x the person's hourly rate, in cents."""
    fee, hours, rate = exam_cost_parts(scenario, person, code)
    return round((fee + hours * rate) * 100)


def role_lists(catalog: Catalog, role: Role) -> list[tuple[str, frozenset[str]]]:
    """A role's lists as (list name, exam codes): the slot holder needs one exam from each."""
    out = []
    for list_id in role.lists:
        lst = catalog.exam_list(list_id)
        out.append((lst.name, frozenset(lst.exams)))
    return out


def role_in_words(catalog: Catalog, role: Role) -> str:
    """'an application exam and a deployment exam' for a role of lists A and B."""
    names = [catalog.exam_list(lid).name for lid in role.lists]
    parts = [f"{'an' if n[:1].lower() in 'aeiou' else 'a'} {n} exam" for n in names]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True)
class GateCheck:
    """A gate with its verdict and, when it fails, the sentence that says why."""

    gate: Gate
    reason: str | None


def gate_revenue(org: Organization, competency: str | None, gate_id: str) -> float:
    """The revenue figure a gate reads: the scenario's own figure for it, else `revenue_usd`."""
    figures = org.gate_revenue_usd.get(competency or "", {})
    return figures.get(gate_id, org.revenue_usd)


def level_gates(level: Level, org: Organization, competency: str | None = None) -> list[GateCheck]:
    """Revenue thresholds for the partner's market, and DPOR, for one level (of `competency`, whose
    figures in `gate_revenue_usd` the gates read)."""
    checks: list[GateCheck] = []
    for rg in level.revenue_gates:
        actual = gate_revenue(org, competency, rg.id)
        required = rg.required_usd.get(org.market)
        if required is None:
            checks.append(GateCheck(Gate(name=rg.id, ok=False, actual_usd=actual), (
                f"{level.name} has no {rg.id} threshold for {org.market} markets in this revision of the "
                "rules: the competency was not offered there")))
            continue
        gap = max(0.0, required - actual)
        ok = gap == 0
        reason = None if ok else (
            f"{level.name} needs US${required:,.0f} of {rg.id} in {org.market} markets; "
            f"the partner has US${actual:,.0f}, US${gap:,.0f} short"
        )
        checks.append(GateCheck(Gate(name=rg.id, ok=ok, required_usd=required, actual_usd=actual,
                                     gap_usd=gap), reason))
    if level.dpor:
        reason = None if org.dpor else (
            f"{level.name} counts revenue only from customers for which the partner is Digital Partner "
            "of Record (DPOR), and the scenario says dpor: false"
        )
        checks.append(GateCheck(Gate(name="dpor", ok=org.dpor), reason))
    return checks


# ---- calendar and pass rates (used with --schedule, --objective time and --objective risk) -----------

def months_between(first: dt.date, last: dt.date) -> list[str]:
    """The months (YYYY-MM) from the month of `first` to the month of `last`, in order."""
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_days(month: str) -> tuple[dt.date, dt.date]:
    """First and last day of a YYYY-MM month."""
    year, mon = int(month[:4]), int(month[5:])
    first = dt.date(year, mon, 1)
    nxt = dt.date(year + 1, 1, 1) if mon == 12 else dt.date(year, mon + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def months_exam_can_be_taken(exam: Exam, as_of: dt.date, deadline: dt.date, months: list[str],
                             days: int = 1) -> list[str]:
    """The plan's months with at least `days` days in the exam's window between as_of and the deadline
    (policy.days_to_book: three days left at the end of a month are not enough to book an exam in)."""
    window = takeable_window(exam, as_of, deadline)
    if window is None:
        return []
    out = []
    for month in months:
        first, last = month_days(month)
        left = (min(last, window[1]) - max(first, window[0])).days + 1
        if left >= days:
            out.append(month)
    return out


def exams_per_month(scenario: Scenario, person: Person) -> int:
    """How many exams a person takes in one month (their own limit, else the policy's)."""
    return person.exams_per_month if person.exams_per_month is not None else scenario.policy.exams_per_month


def pass_rate(scenario: Scenario, person: Person, code: str) -> float:
    """Chance that this person passes this exam at the first attempt (exam's rate x person's factor, <= 1)."""
    override = scenario.costs.exams.get(code)
    rate = override.pass_rate if override and override.pass_rate is not None else scenario.costs.pass_rate
    return min(1.0, rate * (person.pass_factor if person.pass_factor is not None else 1.0))


def expected_cost_cents(scenario: Scenario, person: Person, code: str) -> float:
    """Expected cost when failed attempts are retaken: the fee once per attempt (1 / pass rate attempts
    on average), the preparation once."""
    costs = scenario.costs
    override = costs.exams.get(code)
    fee = override.fee_usd if override and override.fee_usd is not None else costs.exam_fee_usd
    hours = override.prep_hours if override and override.prep_hours is not None else costs.prep_hours
    rate = person.hourly_rate_usd if person.hourly_rate_usd is not None else costs.hourly_rate_usd
    return (fee / pass_rate(scenario, person, code) + hours * rate) * 100
