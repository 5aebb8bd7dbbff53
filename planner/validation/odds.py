"""Rules on the odds and the expected cost: the chance every exam is passed, the chance every goal is
met (enumerated over each new exam passed or failed), and the expected cost with retakes.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterator

from models.report import NewExam
from planner.validation.facts import (
    CENT,
    Plan,
    all_pass,
    cost_parts,
    metric_points,
    plan_cents,
    qualifications,
    rate_of,
    score_problems,
    short_groups,
)

MAX_EXAMS_FOR_EXACT_ODDS = 16
"""Beyond this many new exams the chance of meeting the level is not enumerated (2**16 outcomes)."""


def probability_all_pass_is_recomputed(plan: Plan) -> list[str]:
    """probability_all_pass is the product of the new exams' pass rates (exam rate x person factor, at
    most 1), a probability."""
    claimed = plan.report.probability_all_pass
    if claimed is None:
        return []
    if not 0.0 <= claimed <= 1.0:
        return [f"probability_all_pass {claimed} is not a probability"]
    chance = all_pass(plan, plan.report.new_exams)
    if abs(chance - claimed) > 1e-9:
        return [f"probability_all_pass {claimed} != {chance} recomputed"]
    return []


def probability_level_met_is_recomputed(plan: Plan) -> list[str]:
    """probability_level_met is the chance that, each new exam taken once, every goal's slots can still be
    filled (spares cover a failure): at least probability_all_pass, at most 1, and (for up to 16 new exams,
    without one_gold_per_person between several Gold goals) the enumerated chance."""
    claimed = plan.report.probability_level_met
    if claimed is None or not plan.has_plan:
        return []
    if not 0.0 <= claimed <= 1.0:
        return [f"probability_level_met {claimed} is not a probability"]
    floor = all_pass(plan, plan.report.new_exams)
    if claimed < floor - 1e-9:
        return [f"probability_level_met {claimed} is below probability_all_pass {floor}"]
    golds = sum(1 for g in plan.goals if g.level_id == "gold")
    if len(plan.report.new_exams) > MAX_EXAMS_FOR_EXACT_ODDS or (
            plan.scenario.policy.one_gold_per_person and golds > 1):
        return []
    chance = _chance_goals_met(plan)
    if chance is not None and abs(chance - claimed) > 1e-9:
        return [f"probability_level_met {claimed} != {chance} recomputed"]
    return []


def expected_cost_is_recomputed(plan: Plan) -> list[str]:
    """expected_cost_usd is, per new exam, the fee once per expected attempt (1 / pass rate) plus the
    preparation once, rounded to the cent on its own (money is counted in whole cents), and the hires:
    never negative, never below total_cost_usd."""
    claimed = plan.report.expected_cost_usd
    if claimed is None:
        return []
    if claimed < 0:
        return [f"expected_cost_usd {claimed} is negative"]
    if claimed < plan.report.total_cost_usd - CENT:
        return [f"expected_cost_usd {claimed} is below total_cost_usd {plan.report.total_cost_usd}"]
    cents = 0
    for e in plan.report.new_exams:
        person = plan.people.get(e.person)
        if person is not None:
            fee, hours, rate = cost_parts(plan.scenario, person, e.exam, bool(e.renewal))
            cents += round((fee / rate_of(plan, person, e) + hours * rate) * 100)
    expected = round((cents + plan_cents(plan, [], plan.report.hires)) / 100, 2)
    if abs(expected - claimed) > CENT + 1e-9:
        return [f"expected_cost_usd {claimed} != {expected:.2f} recomputed"]
    return []


def _chance_goals_met(plan: Plan) -> float | None:
    """The chance every goal's slots can be filled when each new exam is taken once (None: a goal is
    unresolved). The people the plan leaves alone are counted once, by what they hold."""
    if any(g.level is None for g in plan.goals):
        return None
    base = plan.others
    held = {p.id: plan.held(p) for p in plan.touched()}
    items = [e for e in plan.report.new_exams if e.person in held]
    rates = [rate_of(plan, plan.people[e.person], e) for e in items]
    total = 0.0
    for chance, outcome in _outcomes(rates):
        if _goals_met(plan, base + _holdings_after(held, items, outcome)):
            total += chance
    return total


def _outcomes(rates: list[float]) -> Iterator[tuple[float, tuple[bool, ...]]]:
    """Each way exams of these pass rates can turn out (passed or not, in order) that has a chance, with
    that chance; an exam passed for certain (rate 1) has no failing outcome, so only the others are
    enumerated."""
    for outcome in itertools.product(*[(True,) if r >= 1.0 else (True, False) for r in rates]):
        chance = math.prod(r if ok else 1 - r for r, ok in zip(rates, outcome, strict=True))
        if chance != 0.0:
            yield chance, outcome


def _holdings_after(held: dict[str, frozenset[str]], items: list[NewExam],
                    outcome: tuple[bool, ...]) -> Counter[frozenset[str]]:
    """How many of the people taking new exams hold each set of exams once these exams turn out so."""
    holdings = dict(held)
    for e, ok in zip(items, outcome, strict=True):
        if ok:
            holdings[e.person] = holdings[e.person] | {e.exam}
    return Counter(holdings.values())


def _goals_met(plan: Plan, holdings: Counter[frozenset[str]]) -> bool:
    """Every goal's slots can be filled by people with these holdings (Hall's condition)."""
    for goal in plan.goals:
        assert goal.level is not None
        quals = qualifications(goal, holdings)
        if goal.scored is not None:
            if score_problems(goal.scored, metric_points(plan, goal, quals)):
                return False
        elif short_groups(goal.level, quals, lambda _: 0):
            return False
    return True
