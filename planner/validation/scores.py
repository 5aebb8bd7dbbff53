"""Rules on a scored level: its points on the deadline reach the total and each metric's minimum, and
the report's score is the one recomputed: the track that counts and every track's total (a level scored on
every track), each metric's points, each gate step's people and verdict, and each part's figure and points.
"""

from __future__ import annotations

from collections import Counter

from models.catalog import Level
from models.report import MetricScore, ScoreStanding
from planner.validation.facts import Goal, Plan, goal_scores, qualifications
from planner.validation.points import (
    Figures,
    TrackScore,
    counting_track,
    figures_of,
    parts_on_track,
    step_id,
    step_people,
    step_points,
    steps_met,
)

CLOSE = 1e-3
"""Reported points are rounded to 4 decimals: a claim within this of the exact figure agrees."""


def score_is_reached(plan: Plan, goal: Goal) -> list[str]:
    """A scored goal's points on the deadline, with the plan carried out (every person who counts then and
    qualifies for an exam metric or gate step, plus the scenario's figures), reach its total on the track
    that counts (any track, for a level scored on every track), and every metric there has more than 0
    (where asked) and its own minimum."""
    if not plan.has_plan or goal.scored is None or goal.level is None:
        return []
    quals = qualifications(goal, plan.others + Counter(plan.has(p) for p in plan.touched()))
    best = counting_track(goal_scores(plan, goal, quals))
    if not best.short:
        return []
    return [f"{goal.scored.name} is not met on {plan.deadline}: {', '.join(best.short)}"]


def scores_are_recomputed(plan: Plan, goal: Goal) -> list[str]:
    """The report's score for a scored goal is the one recomputed: the track that counts, points per
    metric, gate steps and parts, the total and the verdict; and a scored goal has a score when there is a
    plan."""
    if goal.scored is None or goal.level is None:
        return []
    said = next((sc for sc in plan.report.scores or [] if sc.target == goal.label), None)
    if said is None:
        return ["the report gives no score for this scored level"] if plan.has_plan else []
    quals = qualifications(goal, plan.others + Counter(plan.has(p) for p in plan.touched()))
    counts = {rid: sum(n for q, n in quals.items() if rid in q) for rid in goal.roles}
    return score_claim_problems(said, goal.scored, goal_scores(plan, goal, quals), counts,
                                figures_of(plan.scenario.organization, goal.catalog.id))


def score_claim_problems(said: ScoreStanding, level: Level, scores: list[TrackScore], counts: dict[str, int],
                         figures: Figures) -> list[str]:
    """What a reported score misstates against the level scored on its tracks from these counts (people
    qualifying for each exam metric and gate step) and the scenario's figures."""
    best = counting_track(scores)
    problems = track_claim_problems(said, scores, best)
    total = float(best.total)
    if abs(said.points - total) > CLOSE or said.met != best.met:
        problems.append(f"the score says {said.points} points (met: {said.met}); recomputed {total:.4f} "
                        f"(met: {best.met})")
    claimed = {m.metric: m for m in said.metrics}
    assert level.score is not None
    for metric in level.score.metrics:
        value = best.points[metric.id]
        row = claimed.get(metric.id)
        if row is None or abs(row.points - float(value)) > CLOSE:
            problems.append(f"metric {metric.id}: the score says {row.points if row else None} points; "
                            f"recomputed {float(value):.4f}")
        if row is not None and metric.lists:
            problems += step_claim_problems(row, level, metric.id, best.track, counts)
        if row is not None and metric.parts:
            problems += part_claim_problems(row, level, metric.id, best.track, figures)
    return problems


def track_claim_problems(said: ScoreStanding, scores: list[TrackScore], best: TrackScore) -> list[str]:
    """A level scored on every track names the track that counts (the first with the highest total among
    those meeting the level, among all when none does) and each track's total and verdict; a level scored
    on one track names that one."""
    problems = []
    if said.track != best.track:
        problems.append(f"the score counts the {said.track} track; the track that counts is {best.track}")
    if len(scores) < 2 and best.track is None:
        return problems
    if len(scores) > 1 or said.tracks:
        given = {t.track: t for t in said.tracks or []}
        for s in scores:
            t = given.get(s.track or "")
            if t is None:
                problems.append(f"the score gives no total for the {s.track} track")
            elif abs(t.points - float(s.total)) > CLOSE or t.met != s.met or t.counts != (s is best):
                problems.append(f"the {s.track} track: the score says {t.points} points (met: {t.met}, "
                                f"counts: {t.counts}); recomputed {float(s.total):.4f} (met: {s.met}, "
                                f"counts: {s is best})")
    return problems


def step_claim_problems(row: MetricScore, level: Level, metric_id: str, track: str | None,
                        counts: dict[str, int]) -> list[str]:
    """A gated exam metric's row gives each step: the people it needs and its points on the track, and
    whether it is met; no more people than qualify (for the step, or for the metric's points step)."""
    assert level.score is not None
    metric = next(m for m in level.score.metrics if m.id == metric_id)
    problems = []
    qualifying = counts.get(metric.id, 0)
    if row.count > qualifying:
        problems.append(f"metric {metric.id}: the score counts {row.count:g} people; {qualifying} qualify")
    if not metric.gate:
        return problems + [f"metric {metric.id} has no gate steps; the score gives some"] * bool(row.steps)
    given = {s.step: s for s in row.steps or []}
    met = steps_met(metric, track, counts)
    for k, step in enumerate(metric.gate, start=1):
        s, have = given.get(k), counts.get(step_id(metric, k), 0)
        need, points = step_people(step, track) or 0, step_points(step, track)
        if s is None:
            problems.append(f"metric {metric.id}: the score leaves out gate step {k}")
        elif ((s.needed, s.met) != (need, met[k - 1]) or s.people > have
              or abs(s.points - float(points)) > CLOSE):
            problems.append(f"metric {metric.id}, gate step {k}: the score says {s.people} of {s.needed} "
                            f"people (met: {s.met}, {s.points:g} points); {have} qualify of the {need} "
                            f"needed (met: {met[k - 1]}, {float(points):g} points)")
    return problems


def part_claim_problems(row: MetricScore, level: Level, metric_id: str, track: str | None,
                        figures: Figures) -> list[str]:
    """An input metric with parts gives each part counting on the track: the scenario's figure, its
    threshold there and the points it earns."""
    assert level.score is not None
    metric = next(m for m in level.score.metrics if m.id == metric_id)
    given = {p.part: p for p in row.parts or []}
    problems = []
    for name, (figure, threshold, points) in parts_on_track(metric, track, figures).items():
        p = given.get(name)
        if p is None:
            problems.append(f"metric {metric.id}: the score leaves out part {name}")
        elif (abs(p.figure - float(figure)) > CLOSE or abs(p.threshold - threshold) > CLOSE
              or abs(p.points - float(points)) > CLOSE):
            problems.append(f"metric {metric.id}, part {name}: the score says {p.figure:g} of "
                            f"{p.threshold:g} for {p.points} points; recomputed {float(figure):g} of "
                            f"{threshold} for {float(points):.4f}")
    return problems
