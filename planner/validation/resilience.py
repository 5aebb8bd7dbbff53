"""Rules on resilience and departures: with resilience K or a buffer, each goal's slots (or a scored
goal's points) survive K departures, and a buffer's claims hold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from planner.validation.facts import Goal, Plan, goal_score, qualifications, short_groups


def survives_k_departures(plan: Plan, goal: Goal) -> list[str]:
    """With resilience K (or a buffer), the goal's slots can still be filled after any K counted people
    leave (one for a spared role): by Hall's theorem, every set of roles has at least its slots + K people
    qualifying for one of them (each role on its own when a person may fill a slot of each role)."""
    k, spared = plan.k, plan.spared
    if not plan.has_plan or goal.level is None or not (k or spared & set(goal.roles)):
        return []
    quals = qualifications(goal, plan.others + Counter(plan.has(p) for p in plan.touched()))
    if goal.scored is not None:
        k = max(k, 1 if spared & set(goal.roles) else 0)  # a buffer: one departure (one failed exam)
        worst = _worst_departures(plan, goal, quals, k)
        return [] if worst is None else [
            f"after {k} departure(s) ({worst}) {goal.scored.name} no longer has its points"]
    level = goal.level
    short = short_groups(level, quals, lambda group: max(k, 1 if spared & set(group) else 0))
    return [f"after {k} departure(s) the {'/'.join(group)} slots need {need} qualified people; the plan "
            f"has {have}" for group, need, have in short]


def buffer_claims_hold(plan: Plan) -> list[str]:
    """A buffer's probabilities are probabilities, its chance after is the plan's, its spared roles are
    roles of a goal, and its extra cost is not negative."""
    buffer = plan.report.buffer
    if buffer is None:
        return []
    problems = [f"buffer {name} {value} is not a probability"
                for name, value in (("probability_level_met_before", buffer.probability_level_met_before),
                                    ("probability_level_met", buffer.probability_level_met))
                if value is not None and not 0.0 <= value <= 1.0]
    met, after = plan.report.probability_level_met, buffer.probability_level_met
    if met is not None and after is not None and abs(after - met) > 1e-9:
        problems.append(f"buffer probability_level_met {after} is not the plan's {met}")
    roles = {rid for g in plan.goals for rid in g.roles}
    problems += [f"buffer spares role {rid}, which no goal has" for rid in buffer.roles if rid not in roles]
    if buffer.extra_cost_usd is not None and buffer.extra_cost_usd < 0:
        problems.append(f"buffer extra_cost_usd {buffer.extra_cost_usd} is negative")
    return problems


def _worst_departures(plan: Plan, goal: Goal, quals: Counter[frozenset[str]], k: int) -> str | None:
    """Departures of k people (by the metrics they qualify for) after which the scored goal's points fall
    short, in words; None when every k departures leave it met. Tries every way to take k people from the
    groups of people alike."""
    assert goal.scored is not None
    kinds = sorted((q, n) for q, n in quals.items() if q)
    k = min(k, sum(n for _, n in kinds))
    for taken in _spread(k, [n for _, n in kinds]):
        left = Counter({q: n - t for (q, n), t in zip(kinds, taken, strict=True)})
        if not goal_score(plan, goal, left).met:
            return ", ".join(f"{t} qualifying for {'/'.join(sorted(q))}" for (q, _), t in
                             zip(kinds, taken, strict=True) if t)
    return None


def _spread(k: int, sizes: list[int]) -> Iterable[tuple[int, ...]]:
    """Every way to take k people from groups of these sizes (how many from each)."""
    if not sizes:
        if k == 0:
            yield ()
        return
    for first in range(min(k, sizes[0]) + 1):
        for rest in _spread(k - first, sizes[1:]):
            yield (first, *rest)
