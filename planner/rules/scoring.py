"""Scored levels (points over metrics instead of slots) as the rest of the planner reads them.

A scored level's exam metrics behave like roles of a `same-or-different` level whose 'slots' are the
metrics' thresholds on the scenario's track: a person counts once toward each metric they qualify for,
and no more people count than the threshold. `slotted` gives that view of a catalog, so who qualifies
and who counts is worked out by the same code as for slots; the points, the verdict and the sentences
are here.
"""

from __future__ import annotations

import math
from fractions import Fraction

from models.catalog import Catalog, Level
from models.report import MetricScore, ScoreStanding
from models.scenario import Organization
from planner.rules.domain import (
    fewest_to_count,
    input_figure,
    metric_met,
    metric_role,
    points_words,
    score_met,
    score_points,
    track_of,
)


def slotted(catalog: Catalog, org: Organization) -> Catalog:
    """The catalog with each scored level's exam metrics as roles, and its slots their thresholds on the
    scenario's track (a catalog without scored levels is returned as it is)."""
    scored = [lv for lv in catalog.levels if lv.score is not None]
    if not scored:
        return catalog
    roles = list(catalog.roles)
    known = {r.id for r in roles}
    levels = []
    for level in catalog.levels:
        if level.score is None:
            levels.append(level)
            continue
        track = track_of(level, org)
        for m in level.score.exam_metrics:
            if m.id not in known:
                roles.append(metric_role(m))
                known.add(m.id)
        slots = {m.id: m.threshold_for(track) for m in level.score.exam_metrics}
        levels.append(level.model_copy(update={"slots": slots}))
    return catalog.model_copy(update={"roles": roles, "levels": levels})


def score_standing(target: str, level: Level, org: Organization, counts: dict[str, int]) -> ScoreStanding:
    """A scored level's points per metric from the people counting toward each exam metric."""
    score = level.score
    assert score is not None
    track = track_of(level, org)
    points = score_points(level, counts, org)
    metrics = []
    for m in score.metrics:
        count = counts.get(m.id, 0) if m.lists else input_figure(m, org)
        ok = metric_met(m, points[m.id], score.every_metric_above_zero)
        metrics.append(MetricScore(
            metric=m.id, name=m.name, kind="people" if m.lists else "input", count=count,
            threshold=m.threshold_for(track), points=_four(points[m.id], m.min_points),
            max_points=m.max_points, min_points=m.min_points, met=ok,
            unconfirmed=m.unconfirmed or score.unconfirmed))
    total = sum(points.values(), Fraction(0))
    return ScoreStanding(target=target, track=track, points=_four(total, score.total), needed=score.total,
                         out_of=float(score.out_of), met=score_met(level, points), metrics=metrics)


def _four(value: Fraction, least: float = 0.0) -> float:
    """Points to four decimals; rounded down where rounding would take a figure short of `least` (the
    level's total, a metric's minimum) up to it, so that it is never written as reaching it."""
    rounded = round(float(value), 4)
    if value < _exact(least) <= _exact(rounded):
        return math.floor(value * 10_000) / 10_000
    return rounded


def _exact(value: Fraction | float) -> Fraction:
    """A figure as the decimal it is written as (70.5, not the binary float nearest it)."""
    return value if isinstance(value, Fraction) else Fraction(str(value))


def _decimals(value: Fraction, decimals: int) -> str:
    return f"{float(value):.{decimals}f}".rstrip("0").rstrip(".")


def points_short_words(points: Fraction | float, needed: Fraction | float) -> str:
    """Points as a sentence writes them (15, 12.86), except that points short of `needed` never read as
    reaching it: 69.996 of 70 is '69.996' (as many decimals as that takes, up to four), and 'just under
    70' when even four would round it up."""
    value, limit = _exact(points), _exact(needed)
    if value >= limit:
        return points_words(value)
    for decimals in (2, 3, 4):
        text = _decimals(value, decimals)
        if Fraction(text) < limit:
            return text
    return f"just under {needed_words(limit)}"


def short_by_words(gap: Fraction | float) -> str:
    """How many points short, never read as 0: '8.6', '0.004', 'less than 0.0001'."""
    value = _exact(gap)
    for decimals in (2, 3, 4):
        text = _decimals(value, decimals)
        if Fraction(text) > 0:
            return text
    return "less than 0.0001"


def needed_words(total: Fraction | float) -> str:
    """A level's total as the catalog gives it: 70, 70.5, 70.00001 (never rounded)."""
    value = _exact(total)
    short = f"{float(value):g}"
    return short if Fraction(short) == value else repr(float(value))


def shortfall(catalog: Catalog, level: Level, org: Organization, counts: dict[str, int]) -> list[str]:
    """Why a scored level is not met with these counts, in words: each metric short of its minimum (by how
    many people, or how much of its figure), then the total short of the level's by how many points, with
    the people each exam metric could still add."""
    score = level.score
    assert score is not None
    track = track_of(level, org)
    points = score_points(level, counts, org)
    out = []
    for m in score.metrics:
        if metric_met(m, points[m.id], score.every_metric_above_zero):
            continue
        if m.lists:
            fewest = fewest_to_count(m, track, score.every_metric_above_zero)
            gap = fewest - counts.get(m.id, 0)
            out.append(f"{m.name} has {points_words(points[m.id])} points: it needs {gap} more "
                       f"{'person' if gap == 1 else 'people'} with {_exams_words(catalog, m.lists)}")
        else:
            out.append(f"{m.name} has {points_words(points[m.id])} points (organization.metrics "
                       f"{m.input}: {input_figure(m, org):g} of {m.threshold_for(track)}"
                       f"{' ' + m.unit if m.unit else ''}); every metric needs more than 0")
    total = sum(points.values(), Fraction(0))
    needed = Fraction(str(score.total))
    if total < needed:
        room = [f"{m.name} {points_words(points[m.id])} of {m.max_points:g} "
                f"({counts.get(m.id, 0)} of {m.threshold_for(track)} people)"
                for m in score.exam_metrics if points[m.id] < Fraction(str(m.max_points))]
        out.append(f"{level.name} scores {points_short_words(total, needed)} of the {needed_words(needed)} "
                   f"points needed, {short_by_words(needed - total)} short"
                   + (f"; room left: {', '.join(room)}" if room else "; every exam metric is full"))
    return out


def _exams_words(catalog: Catalog, lists: list[str]) -> str:
    """'one of MB-335, MB-700 and PL-600' (and so on for each list)."""
    parts = []
    for lid in lists:
        codes = catalog.exam_list(lid).exams
        parts.append(codes[0] if len(codes) == 1 else "one of " + ", ".join(codes[:-1]) + " or " + codes[-1])
    return " and ".join(parts)
