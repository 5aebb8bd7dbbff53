"""The competency's rules about people, exams and days, in domain words (no solver here).

Each function states one rule of ../shared/rules/cloud-crm.md. The problem builder applies them to
decide which people count and which new exams are open to whom; the model then only loops over data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from fractions import Fraction

from models.catalog import Catalog, Exam, Level, Metric, Role
from models.report import Gate
from models.scenario import Organization, Pass, Person, Scenario
from planner.rules.points import Counts, track_points, track_scores, winning_track

# The point rules live in planner.rules.points; these are read from here by the rest of the planner too.
from planner.rules.points import input_figure as input_figure
from planner.rules.points import metric_met as metric_met
from planner.rules.points import part_figures as part_figures
from planner.rules.points import score_met as score_met

RENEWAL_OPENS_MONTHS = 6
"""A certification's renewal assessment opens this many months before it expires."""


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


def certification_holds_on(passed: Pass, day: dt.date) -> bool:
    """A certification with `expires` counts on the days before it expires."""
    return passed.expires is None or day < passed.expires


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier when negative), or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = (dt.date(year + (month == 11), (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(day.day, last))


def renewal_window(passed: Pass, as_of: dt.date, deadline: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days between as_of and the deadline on which an expiring certification can be renewed so that
    it counts on the deadline: from 6 months before it expires to the day before; a renewal adds a year,
    so it must expire before the deadline and, renewed once, after it. None: it cannot be renewed so."""
    if passed.expires is None or deadline < passed.expires or deadline >= add_months(passed.expires, 12):
        return None
    first = max(as_of, add_months(passed.expires, -RENEWAL_OPENS_MONTHS))
    last = passed.expires - dt.timedelta(days=1)
    return (first, last) if first <= last else None


def renewal_as_exam(exam: Exam, window: tuple[dt.date, dt.date]) -> Exam:
    """The exam as a renewal sees it: takeable only in the renewal window (for the calendar rules)."""
    return exam.model_copy(update={"first_take": window[0], "last_take": window[1]})


def renewable_on(person: Person, exams: dict[str, Exam], as_of: dt.date, deadline: dt.date
                 ) -> dict[str, tuple[dt.date, dt.date]]:
    """The certifications a person holds today that expire before the deadline and can still be renewed
    in time, each with its renewal window (not those also held by another pass that still counts)."""
    held = held_on(person, exams, deadline)
    out: dict[str, tuple[dt.date, dt.date]] = {}
    for p in person.passed:
        if p.exam in exams and p.exam not in held and pass_counts_on(exams[p.exam], deadline) \
                and certification_holds_on(p, as_of):
            window = renewal_window(p, as_of, deadline)
            if window is not None:
                out[p.exam] = window
    return out


def renewal_cost_parts(scenario: Scenario, person: Person) -> tuple[float, float, float]:
    """What a person renewing a certification costs, in parts: (fee, preparation hours, hourly rate)."""
    costs = scenario.costs
    rate = person.hourly_rate_usd if person.hourly_rate_usd is not None else costs.hourly_rate_usd
    return costs.renewal_fee_usd, costs.renewal_prep_hours, rate


def renewal_cost_cents(scenario: Scenario, person: Person) -> int:
    fee, hours, rate = renewal_cost_parts(scenario, person)
    return round((fee + hours * rate) * 100)


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
                     if p.exam in exams and pass_counts_on(exams[p.exam], day)
                     and certification_holds_on(p, day))


def person_words(people: Iterable[Person], ids: Collection[str] | None = None) -> dict[str, str]:
    """How sentences call people (person id -> words): the roster's name, with the id where two people
    share that name; the id for someone without a name. With `ids`, the words of those people only (the
    same words: their names are counted over everyone, and nothing is made for the others)."""
    if ids is None:
        named = [(p.id, p.name) for p in people if p.name]
        counts = Counter(name for _, name in named)
    else:
        people, wanted = list(people), set(ids)
        named = [(p.id, p.name) for p in people if p.id in wanted and p.name]
        names = {name for _, name in named}
        counts = Counter(p.name for p in people if p.name in names)
    return {pid: f"{name} ({pid})" if counts[name] > 1 and name != pid else name for pid, name in named}


def called(person: Person, words: dict[str, str]) -> str:
    """What a sentence calls this person (see person_words)."""
    return words.get(person.id, person.id)


def due(scenario: Scenario) -> dt.date:
    """The scenario's deadline (the loader fills in the default, so a loaded scenario always has one)."""
    if scenario.deadline is None:
        raise ValueError("the scenario has no deadline: load it with planner.input.loading, which sets "
                         "the default")
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
    """A role's lists as (list name, items: exam codes, or '@<id>' for certifications): the slot holder
    needs one item from each."""
    out = []
    for list_id in role.lists:
        lst = catalog.exam_list(list_id)
        out.append((lst.name, frozenset(lst.items)))
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
    return figures.get(gate_id, org.revenue_usd or 0.0)


def level_gates(level: Level, org: Organization, competency: str | None = None) -> list[GateCheck]:
    """Revenue thresholds for the partner's market, and DPOR, for one level (of `competency`, whose
    figures in `gate_revenue_usd` the gates read)."""
    checks: list[GateCheck] = []
    for rg in level.revenue_gates:
        actual = gate_revenue(org, competency, rg.id)
        required = rg.required_usd.get(org.market) if org.market is not None else None
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
        checks.append(GateCheck(Gate(name="dpor", ok=bool(org.dpor)), reason))
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


# ---- scored levels (points over metrics instead of slots) ---------------------------------------------

def metric_role(metric: Metric) -> Role:
    """An exam metric as a role: a person counts toward it with one exam of each of its lists."""
    return Role(id=metric.id, description=metric.name, lists=metric.lists)


def track_of(level: Level, org: Organization, competency: str | None = None) -> str | None:
    """The track a scored level (of `competency`) is judged on when the scenario assigns it: its
    `organization.track`, or its entry for the competency when that is a mapping. None: no tracks, or a
    level scored on every track (`higher-total`: see scored_track)."""
    if level.score is None or not level.score.tracks or level.score.track_rule != "assigned":
        return None
    return org.track_for(competency)


def scored_track(level: Level, counts: Counts, org: Organization, competency: str | None = None
                 ) -> str | None:
    """The track whose points count: the assigned one, or for `higher-total` the winning one."""
    assert level.score is not None
    if level.score.track_rule == "higher-total":
        return winning_track(track_scores(level, counts, org, competency)).track
    return track_of(level, org, competency)


def score_points(level: Level, counts: Counts, org: Organization, competency: str | None = None
                 ) -> dict[str, Fraction]:
    """Points per metric on the track that counts (scored_track): the exam metrics from `counts` (people
    counting toward each, and meeting each gate step), the others from the scenario's figures."""
    return track_points(level, counts, org, scored_track(level, counts, org, competency), competency)


def fewest_to_count(metric: Metric, track: str | None, every_metric_above_zero: bool) -> int:
    """The fewest people an exam metric needs for its own minimum (1 for 'more than 0')."""
    t = metric.threshold_for(track)
    need = Fraction(str(metric.min_points)) * t / Fraction(str(metric.max_points))
    n = -(-need.numerator // need.denominator)
    return min(t, max(n, 1 if every_metric_above_zero else 0))


def points_words(points: Fraction) -> str:
    """Points as a sentence writes them: 15, 12.86."""
    return f"{float(points):.2f}".rstrip("0").rstrip(".")
