"""A scored level's points in domain words (no solver here): gate steps, input metrics with parts, and
levels scored on every track side by side. Exact Fractions throughout.

The counts a level is scored from map an exam metric's id to the people counting toward its points step,
and each gate step's id (`gate_step_id`) to the people meeting that step; a person counts once per metric
and once per step (planner.rules.scoring.slotted turns steps into roles for that).

- An exam metric earns max x min(n, T) / T (Metric.points). With gate steps, a met step (at least its
  `people`) earns its own points, and the points step earns only when every step is met; the sum is capped
  at max_points (the cap is our reading: doubt D8 of the research notes).
- An input metric with parts earns, per part counting on the track, max x min(f, T) / T; `higher` keeps
  the highest part, `sum` adds them; capped at max_points.
- `track_rule: assigned` scores the track the scenario names; `higher-total` scores every track and the
  level is met when any track meets it: the track that counts is the first, in the catalog's order, with
  the highest total among those meeting the level (among all tracks when none does).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from models.catalog import Catalog, Level, Metric
from models.scenario import Organization

Counts = Mapping[str, int]
"""People counting toward each exam metric (by metric id) and meeting each gate step (by gate_step_id)."""


def gate_step_id(metric: Metric | str, step: int) -> str:
    """The id of a metric's gate step (`step` from 1), as counts and roles name it: 'metric.step-1'."""
    return f"{metric if isinstance(metric, str) else metric.id}.step-{step}"


def _fraction(value: float) -> Fraction:
    return Fraction(str(value))


def _capped(metric: Metric, points: Fraction) -> Fraction:
    return min(_fraction(metric.max_points), points)


def people_counts(level: Level, catalog: Catalog, holdings: Iterable[frozenset[str]]) -> dict[str, int]:
    """For each exam metric and gate step of a scored level, the people who hold one item of each of its
    lists (a person counts once in each, and may count in several). `holdings` are the items each person
    holds (planner.rules.holdings.items_held_on)."""
    assert level.score is not None
    needs: dict[str, list[frozenset[str]]] = {}
    for m in level.score.exam_metrics:
        needs[m.id] = [frozenset(catalog.exam_list(lid).items) for lid in m.lists]
        for k, step in enumerate(m.gate, start=1):
            needs[gate_step_id(m, k)] = [frozenset(catalog.exam_list(lid).items) for lid in step.lists]
    counts = dict.fromkeys(needs, 0)
    for held in holdings:
        for key, lists in needs.items():
            counts[key] += all(held & items for items in lists)
    return counts


# ---- figures the scenario gives -------------------------------------------------------------------------

def input_figure(metric: Metric, org: Organization, competency: str | None) -> float:
    """The scenario's figure for a non-exam metric without parts, the designation's own (0 when it gives
    none: the loader asks for it; a metric with parts reads `part_figures`)."""
    value = org.figures_for(competency).get(metric.input or "", 0.0)
    return value if not isinstance(value, dict) else 0.0


def part_figures(metric: Metric, org: Organization, competency: str | None) -> dict[str, float]:
    """The scenario's figures for an input metric with parts, the designation's own, by part (a part not
    given reads 0)."""
    value = org.figures_for(competency).get(metric.input or "", {})
    given = value if isinstance(value, dict) else {}
    return {name: given.get(name, 0.0) for name in metric.parts}


# ---- one metric -----------------------------------------------------------------------------------------

def steps_met(metric: Metric, track: str | None, counts: Counts) -> list[bool]:
    """Whether each gate step of an exam metric has its people on a track."""
    return [counts.get(gate_step_id(metric, k), 0) >= step.people_for(track)
            for k, step in enumerate(metric.gate, start=1)]


def gated_points(metric: Metric, track: str | None, count: int, step_counts: list[int]) -> Fraction:
    """An exam metric's points with gate steps: every met step's points, plus the points step's
    max x min(count, T) / T when every step is met; capped at max_points."""
    met = [n >= step.people_for(track) for step, n in zip(metric.gate, step_counts, strict=True)]
    earned = [step.points_for(track) for step, ok in zip(metric.gate, met, strict=True) if ok]
    points = sum(earned, Fraction(0))
    if all(met):
        points += metric.points(count, track)
    return _capped(metric, points)


def part_points(metric: Metric, track: str | None, figures: Mapping[str, float]) -> dict[str, Fraction]:
    """Each part counting on a track with its points, max x min(f, T) / T (a part without a threshold on the
    track is left out)."""
    out: dict[str, Fraction] = {}
    for name, part in metric.parts.items():
        t = part.threshold_for(track)
        if t is not None:
            out[name] = _fraction(metric.max_points) * _fraction(min(max(figures.get(name, 0.0), 0.0), t)) / t
    return out


def parts_points(metric: Metric, track: str | None, figures: Mapping[str, float]) -> Fraction:
    """An input metric's points from its parts: the higher part's, or their sum, capped at max_points."""
    each = list(part_points(metric, track, figures).values())
    if not each:
        return Fraction(0)
    return _capped(metric, max(each) if metric.combine == "higher" else sum(each, Fraction(0)))


def metric_points(metric: Metric, track: str | None, counts: Counts, org: Organization,
                  competency: str | None) -> Fraction:
    """A metric's points on a track: an exam metric from the people counted (and its gate steps), an input
    metric from the scenario's figure for the designation `competency` (or its figures by part)."""
    if metric.lists:
        if metric.gate:
            steps = [counts.get(gate_step_id(metric, k), 0) for k in range(1, len(metric.gate) + 1)]
            return gated_points(metric, track, counts.get(metric.id, 0), steps)
        return metric.points(counts.get(metric.id, 0), track)
    if metric.parts:
        return parts_points(metric, track, part_figures(metric, org, competency))
    return metric.points(input_figure(metric, org, competency), track)


# ---- a level --------------------------------------------------------------------------------------------

def metric_met(metric: Metric, points: Fraction, above_zero: bool) -> bool:
    """A metric has its own minimum, and more than 0 points where the level asks for it."""
    return points >= _fraction(metric.min_points) and (points > 0 or not above_zero)


def score_met(level: Level, points: dict[str, Fraction]) -> bool:
    """The total reaches the level's, every metric has more than 0 (when asked) and its own minimum."""
    assert level.score is not None
    score = level.score
    if sum(points.values(), Fraction(0)) < _fraction(score.total):
        return False
    return all(metric_met(m, points[m.id], score.every_metric_above_zero) for m in score.metrics)


def track_points(level: Level, counts: Counts, org: Organization, track: str | None,
                 competency: str | None) -> dict[str, Fraction]:
    """Points per metric of a scored level (of the designation `competency`) on one track."""
    assert level.score is not None
    return {m.id: metric_points(m, track, counts, org, competency) for m in level.score.metrics}


@dataclass(frozen=True)
class TrackScore:
    """A scored level on one track: the points per metric, their total, and whether they meet it."""

    track: str | None
    points: dict[str, Fraction]
    total: Fraction
    met: bool


def track_scores(level: Level, counts: Counts, org: Organization, competency: str | None) -> list[TrackScore]:
    """The level scored on every one of its tracks, in the catalog's order (one score, track None, when
    its figures name no track)."""
    assert level.score is not None
    out = []
    tracks: list[str | None] = [*level.score.tracks] or [None]
    for track in tracks:
        points = track_points(level, counts, org, track, competency)
        out.append(TrackScore(track, points, sum(points.values(), Fraction(0)), score_met(level, points)))
    return out


def winning_track(scores: list[TrackScore]) -> TrackScore:
    """The track that counts when every track is scored: the first with the highest total among those
    meeting the level, or among all when none does."""
    meeting = [s for s in scores if s.met] or scores
    best = max(s.total for s in meeting)
    return next(s for s in meeting if s.total == best)
