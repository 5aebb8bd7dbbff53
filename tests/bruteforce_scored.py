"""An exhaustive solver for scored levels on tiny rosters, written without the planner.

It restates ../shared/rules/solutions-partner.md and /work/notes/scored.md from the catalog and scenario
data alone (it imports nothing from planner.*), so a bug in the planner's rules, problem, model or
validator cannot hide in it:

- A pass counts on the deadline if its exam still counts then (`counts_until`, when given, is not before
  the deadline) and its certification has not expired (`expires`, when given, is after the deadline: a
  certification counts on the days before it expires).
- Someone with `leaves_on` on or before the deadline does not count and is planned nothing.
- A *new exam* is one of the level's listed exams that the person does not hold on the deadline, that can
  be taken on some day from `as_of` to the deadline (`first_take` not after the deadline, `last_take` not
  before `as_of`), that still counts on the deadline, and that `can_take`, when given, names. A person
  takes at most `max_new_exams` of them. It costs fee + prep hours x hourly rate (per-exam overrides).
- A *renewal* renews a certification the person holds today (as_of < expires) that expires on or before
  the deadline, when renewed once (a year later) it counts on the deadline (deadline < expires + 1 year),
  and its exam still counts on the deadline. It is booked in the 6 months before expiry, from as_of at the
  earliest: always some day, since as_of < expires. It costs renewal_fee_usd + renewal_prep_hours x the
  person's hourly rate, does not count toward `max_new_exams` and is not limited by `can_take` (a renewal
  is no exam taken). A renewable certification may instead be earned again as a new exam; with
  `renewal_only` (what the planner once offered) the renewal is the only way back while its window is
  open; by default both are open, as the planner now offers.
- A person counts toward an exam metric when they hold one exam of each of its lists; once per metric,
  however many such exams, and in every metric they qualify for.
- Points per metric = max_points x min(n, T) / T (exact fractions), n the people counted (exam metric) or
  the scenario's figure `organization.metrics[input]` (0 when absent), T the threshold on the
  scenario's track. The level is met when the points add up to `total` or more, every metric has more
  than 0 (with `every_metric_above_zero`) and at least its `min_points`.
- Resilience K: the level is still met after any K of the counted people leave (all of them, when fewer).
- The objective: fewest changes (new exams + renewals), then lowest cost in cents (objective "exams"), or
  the other way round (objective "cost"), within the budget when there is one; `most_points`: the most
  points with a cost within the budget.

The search: per counted person, every set of renewals and every set of new exams of allowed size gives
the set of metrics the person then counts toward (their *type*); per type only the cheapest choice in the
objective's order is kept, and a type is dropped when a superset of it is no dearer (the score and its
resilience only grow when a person counts toward more metrics); within a budget a choice is dropped only
when another beats it on metrics, changes and cost at once. Then every combination of one choice per
person is scored. `naive` skips both reductions (slow; the tests check that both agree).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from models.catalog import Catalog, Exam, Level, Metric
from models.scenario import Pass, Person, Scenario

Objective = Literal["exams", "cost"]
Kind = Literal["new", "renewal"]
Change = tuple[str, Kind]  # (exam code, new exam or renewal)


@dataclass(frozen=True)
class Choice:
    """One person's changes and what they give: the metrics counted, changes, cost in cents."""

    changes: frozenset[Change]
    metrics: frozenset[str]
    cost: int

    @property
    def count(self) -> int:
        return len(self.changes)


@dataclass(frozen=True)
class Optimum:
    """The best plan: changes (new exams + renewals), cost in cents, and the changes per person."""

    count: int
    cost: int
    renewals: int
    plan: tuple[tuple[str, frozenset[Change]], ...]
    points: Fraction


# ---- the rules, restated ---------------------------------------------------------------------------------

def months_later(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, or that month's last day when it is shorter."""
    year = day.year + (day.month - 1 + months) // 12
    month = (day.month - 1 + months) % 12 + 1
    for d in range(day.day, 27, -1):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    return dt.date(year, month, day.day)


def deadline_of(scenario: Scenario) -> dt.date:
    return scenario.deadline or scenario.as_of + dt.timedelta(days=365)


def counted(person: Person, deadline: dt.date) -> bool:
    return person.leaves_on is None or person.leaves_on > deadline


def exam_counts_on(exam: Exam, day: dt.date) -> bool:
    return exam.counts_until is None or day <= exam.counts_until


def holds_on(passed: Pass, exam: Exam, day: dt.date) -> bool:
    return exam_counts_on(exam, day) and (passed.expires is None or day < passed.expires)


def held(person: Person, exams: dict[str, Exam], deadline: dt.date) -> frozenset[str]:
    return frozenset(p.exam for p in person.passed
                     if p.exam in exams and holds_on(p, exams[p.exam], deadline))


def renewable(person: Person, exams: dict[str, Exam], as_of: dt.date, deadline: dt.date) -> frozenset[str]:
    """Certifications held today, expiring by the deadline, that one renewal makes count on it."""
    has = held(person, exams, deadline)
    return frozenset(
        p.exam for p in person.passed
        if p.exam in exams and p.exam not in has and p.expires is not None
        and as_of < p.expires <= deadline < months_later(p.expires, 12)
        and exam_counts_on(exams[p.exam], deadline))


def takeable(exam: Exam, as_of: dt.date, deadline: dt.date) -> bool:
    opens = exam.first_take is None or exam.first_take <= deadline
    still_open = exam.last_take is None or exam.last_take >= as_of
    return opens and still_open and exam_counts_on(exam, deadline)


def rate_of(scenario: Scenario, person: Person) -> float:
    return scenario.costs.hourly_rate_usd if person.hourly_rate_usd is None else person.hourly_rate_usd


def exam_cents(scenario: Scenario, person: Person, code: str) -> int:
    costs = scenario.costs
    override = costs.exams.get(code)
    fee = override.fee_usd if override and override.fee_usd is not None else costs.exam_fee_usd
    hours = override.prep_hours if override and override.prep_hours is not None else costs.prep_hours
    return round((fee + hours * rate_of(scenario, person)) * 100)


def renewal_cents(scenario: Scenario, person: Person) -> int:
    costs = scenario.costs
    return round((costs.renewal_fee_usd + costs.renewal_prep_hours * rate_of(scenario, person)) * 100)


def scored_level(catalog: Catalog, level_id: str) -> Level:
    level = next(lv for lv in catalog.levels if lv.id == level_id)
    assert level.score is not None
    return level


def listed(catalog: Catalog, level: Level) -> set[str]:
    assert level.score is not None
    lists = {lst.id: lst.exams for lst in catalog.lists}
    return {code for m in level.score.metrics for lid in m.lists for code in lists[lid]}


def qualifies(has: frozenset[str], metric: Metric, lists: dict[str, set[str]]) -> bool:
    return bool(metric.lists) and all(has & lists[lid] for lid in metric.lists)


# ---- each person's choices -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rules:
    """What the search needs of the scenario and catalog, worked out once."""

    scenario: Scenario
    catalog: Catalog
    level: Level
    deadline: dt.date
    exams: dict[str, Exam]
    lists: dict[str, set[str]]

    @classmethod
    def of(cls, scenario: Scenario, catalog: Catalog, level_id: str) -> Rules:
        return cls(scenario, catalog, scored_level(catalog, level_id), deadline_of(scenario),
                   {e.code: e for e in catalog.exams}, {lst.id: set(lst.exams) for lst in catalog.lists})

    def metrics_of(self, has: frozenset[str]) -> frozenset[str]:
        assert self.level.score is not None
        return frozenset(m.id for m in self.level.score.metrics if qualifies(has, m, self.lists))


def open_changes(rules: Rules, person: Person, renewal_only: bool) -> tuple[list[str], list[str], int]:
    """The certifications a counted person may renew, the new exams open to them, and how many they may
    take."""
    scenario, deadline = rules.scenario, rules.deadline
    has = held(person, rules.exams, deadline)
    renew = sorted(renewable(person, rules.exams, scenario.as_of, deadline))
    new = sorted(
        code for code in listed(rules.catalog, rules.level)
        if code not in has and not (renewal_only and code in renew)
        and (person.can_take is None or code in person.can_take)
        and takeable(rules.exams[code], scenario.as_of, deadline))
    limit = len(new) if person.max_new_exams is None else min(len(new), person.max_new_exams)
    return renew, new, limit


def subsets(codes: list[str], most: int) -> Iterator[tuple[str, ...]]:
    return itertools.chain.from_iterable(itertools.combinations(codes, n) for n in range(most + 1))


def choices(rules: Rules, person: Person, renewal_only: bool = False) -> list[Choice]:
    """Every set of changes open to a counted person (just 'nothing' for someone who leaves)."""
    scenario = rules.scenario
    if not counted(person, rules.deadline):
        return [Choice(frozenset(), frozenset(), 0)]
    has = held(person, rules.exams, rules.deadline)
    renew, new, limit = open_changes(rules, person, renewal_only)
    out = []
    for renewed in subsets(renew, len(renew)):
        for taken in subsets(new, limit):
            if set(renewed) & set(taken):
                continue  # renewing and earning again the same certification: never useful
            changes = frozenset([*(renewal(c) for c in renewed), *(fresh(c) for c in taken)])
            cost = len(renewed) * renewal_cents(scenario, person) + sum(
                exam_cents(scenario, person, c) for c in taken)
            out.append(Choice(changes, rules.metrics_of(has | set(renewed) | set(taken)), cost))
    return out


def renewal(code: str) -> Change:
    return (code, "renewal")


def fresh(code: str) -> Change:
    return (code, "new")


def key(choice: Choice, objective: Objective | None) -> tuple[int, ...]:
    """What the objective compares: (count, cost), (cost, count), or (cost,) within a budget."""
    if objective is None:
        return (choice.cost,)
    return (choice.count, choice.cost) if objective == "exams" else (choice.cost, choice.count)


def reduced(options: list[Choice], objective: Objective | None) -> list[Choice]:
    """The cheapest choice per set of metrics, without those a no dearer superset makes useless."""
    best: dict[frozenset[str], Choice] = {}
    for c in sorted(options, key=lambda c: (key(c, objective), sorted(c.changes))):
        best.setdefault(c.metrics, c)
    return [c for c in best.values()
            if not any(o is not c and o.metrics > c.metrics and key(o, objective) <= key(c, objective)
                       for o in best.values())]


def pareto(options: list[Choice]) -> list[Choice]:
    """Within a budget: the choices no other beats on metrics, changes and cost at once (the cheapest
    choice in the objective's order may not fit the budget)."""
    kept: list[Choice] = []
    for c in sorted(options, key=lambda c: (c.count, c.cost, sorted(c.changes))):
        if not any(o.metrics >= c.metrics and o.count <= c.count and o.cost <= c.cost for o in kept):
            kept.append(c)
    return kept


# ---- the score -------------------------------------------------------------------------------------------

def points(rules: Rules, types: Sequence[frozenset[str]]) -> dict[str, Fraction]:
    """Points per metric with these people (each given as the metrics they count toward)."""
    level, org = rules.level, rules.scenario.organization
    assert level.score is not None
    out = {}
    for m in level.score.metrics:
        t = m.threshold if isinstance(m.threshold, int) else m.threshold[org.track or ""]
        n = Fraction(sum(m.id in ty for ty in types)) if m.lists else Fraction(str(org.metrics.get(
            m.input or "", 0)))
        out[m.id] = Fraction(str(m.max_points)) * min(n, Fraction(t)) / t
    return out


def met(rules: Rules, types: Sequence[frozenset[str]]) -> bool:
    score = rules.level.score
    assert score is not None
    got = points(rules, types)
    if sum(got.values()) < Fraction(str(score.total)):
        return False
    above_zero = all(got[m.id] > 0 for m in score.metrics) or not score.every_metric_above_zero
    return above_zero and all(got[m.id] >= Fraction(str(m.min_points)) for m in score.metrics)


def resilient(rules: Rules, types: Sequence[frozenset[str]], k: int) -> bool:
    """Met after any k of these people leave (all of them, when there are fewer)."""
    if k >= len(types):
        return met(rules, [])
    return all(met(rules, [t for i, t in enumerate(types) if i not in gone])
               for gone in itertools.combinations(range(len(types)), k))


# ---- the search ------------------------------------------------------------------------------------------

def _combinations(rules: Rules, objective: Objective | None, naive: bool, renewal_only: bool,
                  budgeted: bool = False) -> tuple[list[Person], Iterator[tuple[Choice, ...]]]:
    people = [p for p in rules.scenario.staff if counted(p, rules.deadline)]
    per_person = [choices(rules, p, renewal_only) for p in people]
    if budgeted and not naive:
        per_person = [pareto(c) for c in per_person]
    elif not naive:
        per_person = [reduced(c, objective) for c in per_person]
    return people, itertools.product(*per_person)


def brute_force(scenario: Scenario, catalog: Catalog, level_id: str, objective: Objective = "exams", *,
                resilience: int = 0, naive: bool = False, renewal_only: bool = False,
                budget_cents: int | None = None) -> Optimum | None:
    """The optimum plan for a scored level in the objective's order (costing at most `budget_cents`, when
    given), or None when none meets it."""
    rules = Rules.of(scenario, catalog, level_id)
    people, combos = _combinations(rules, objective, naive, renewal_only, budget_cents is not None)
    budget = budget_cents if budget_cents is not None else 1 << 62
    best: tuple[tuple[int, ...], Optimum] | None = None
    seen: dict[tuple[frozenset[str], ...], bool] = {}
    for combo in combos:
        count, cost = sum(c.count for c in combo), sum(c.cost for c in combo)
        order = (count, cost) if objective == "exams" else (cost, count)
        if cost > budget or (best is not None and order >= best[0]):
            continue
        types = tuple(sorted((c.metrics for c in combo), key=sorted))
        ok = seen.get(types)
        if ok is None:
            ok = seen[types] = met(rules, types) and resilient(rules, types, resilience)
        if ok:
            best = (order, optimum(rules, people, combo))
    return None if best is None else best[1]


def optimum(rules: Rules, people: list[Person], combo: tuple[Choice, ...]) -> Optimum:
    plan = tuple((p.id, c.changes) for p, c in zip(people, combo, strict=True) if c.changes)
    renewals = sum(kind == "renewal" for c in combo for _, kind in c.changes)
    total = sum(points(rules, [c.metrics for c in combo]).values(), Fraction(0))
    return Optimum(sum(c.count for c in combo), sum(c.cost for c in combo), renewals, plan, total)


def most_points(scenario: Scenario, catalog: Catalog, level_id: str, budget_cents: int, *,
                renewal_only: bool = False) -> tuple[Fraction, bool]:
    """The most points any plan costing at most the budget reaches, and whether some such plan meets the
    level (the most points need not meet it: a metric may be left at 0)."""
    rules = Rules.of(scenario, catalog, level_id)
    _, combos = _combinations(rules, None, False, renewal_only)
    most, reached = Fraction(-1), False
    for combo in combos:
        if sum(c.cost for c in combo) > budget_cents:
            continue
        types = [c.metrics for c in combo]
        most = max(most, sum(points(rules, types).values(), Fraction(0)))
        reached = reached or met(rules, types)
    return most, reached
