"""Rules on a scored level: its points on the deadline reach the total and each metric's minimum, and
the report's score is the one recomputed.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from models.report import ScoreStanding
from planner.validation.facts import Goal, Plan, metric_points, qualifications, score_problems


def score_is_reached(plan: Plan, goal: Goal) -> list[str]:
    """A scored goal's points on the deadline, with the plan carried out (every person who counts then and
    qualifies for an exam metric, at most its threshold, plus the scenario's figures), reach its total, and
    every metric has more than 0 (where asked) and its own minimum."""
    if not plan.has_plan or goal.scored is None or goal.level is None:
        return []
    quals = qualifications(goal, plan.others + Counter(plan.has(p) for p in plan.touched()))
    points = metric_points(plan, goal, quals)
    short = score_problems(goal.scored, points)
    return [f"{goal.scored.name} is not met on {plan.deadline}: {', '.join(short)}"] if short else []


def scores_are_recomputed(plan: Plan, goal: Goal) -> list[str]:
    """The report's score for a scored goal is the one recomputed: points per metric, the total and the
    verdict; and a scored goal has a score when there is a plan."""
    if goal.scored is None or goal.level is None:
        return []
    said = next((sc for sc in plan.report.scores or [] if sc.target == goal.label), None)
    if said is None:
        return ["the report gives no score for this scored level"] if plan.has_plan else []
    quals = qualifications(goal, plan.others + Counter(plan.has(p) for p in plan.touched()))
    points = metric_points(plan, goal, quals)
    return _score_claim_problems(said, points, not score_problems(goal.scored, points))


def _score_claim_problems(said: ScoreStanding, points: dict[str, Fraction], met: bool) -> list[str]:
    problems = []
    total = float(sum(points.values(), Fraction(0)))
    if abs(said.points - total) > 1e-3 or said.met != met:
        problems.append(f"the score says {said.points} points (met: {said.met}); recomputed {total:.4f} "
                        f"(met: {met})")
    claimed = {m.metric: m.points for m in said.metrics}
    for mid, value in points.items():
        if mid not in claimed or abs(claimed[mid] - float(value)) > 1e-3:
            problems.append(f"metric {mid}: the score says {claimed.get(mid)} points; recomputed "
                            f"{float(value):.4f}")
    return problems
