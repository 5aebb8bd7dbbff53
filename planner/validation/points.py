"""A scored level's points restated for the re-check (without planner.rules), exactly in Fractions:

- an exam metric earns max x min(n, T) / T for the n people holding one item of each of its lists, T its
  threshold on the track; with gate steps, each step is met when at least its `people` hold one item of
  each of the step's lists (a person counts once per step, in several steps and in the points step), a
  met step earns its flat `points`, the points step earns only when every step is met, and the sum is
  capped at max_points;
- an input metric earns max x min(f, T) / T for the scenario's figure f; with parts, each part with a
  threshold on the track earns so from its own figure (a missing one reads 0), and the metric earns the
  higher part's points or their sum, capped at max_points;
- a track's total is the sum over the metrics; it meets the level when it reaches `total` and every metric
  has its minimum and, where asked, more than 0. `higher-total` scores every track, and the track that
  counts is the first with the highest total among those meeting the level (among all when none does).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

from models.catalog import GateStep, Level, Metric, MetricPart
from models.scenario import Figure, Organization


def exact(value: float) -> Fraction:
    """A figure as the decimal it is written as."""
    return Fraction(str(value))


def step_id(metric: Metric, k: int) -> str:
    """A gate step as a role of the plan: '<metric id>.step-<k>', k from 1."""
    return f"{metric.id}.step-{k}"


def _on_track(value: int | float | Mapping[str, int] | Mapping[str, float], track: str | None
              ) -> int | float | None:
    """A figure given once or per track, on a track (None: it has none there)."""
    if not isinstance(value, Mapping):
        return value
    return value.get(track) if track is not None else None


def threshold_on(metric: Metric | MetricPart, track: str | None) -> int | None:
    """A metric's (or a part's) threshold on a track (None: none there)."""
    if metric.threshold is None:
        return None
    t = _on_track(metric.threshold, track)
    return None if t is None else int(t)


def step_people(step: GateStep, track: str | None) -> int | None:
    people = _on_track(step.people, track)
    return None if people is None else int(people)


def step_points(step: GateStep, track: str | None) -> Fraction:
    points = _on_track(step.points, track)
    return Fraction(0) if points is None else exact(points)


def proportional(max_points: float, figure: Fraction, threshold: int | None) -> Fraction:
    """max x min(figure, T) / T (nothing without a threshold)."""
    if not threshold:
        return Fraction(0)
    return exact(max_points) * min(max(figure, Fraction(0)), Fraction(threshold)) / threshold


def steps_met(metric: Metric, track: str | None, counts: Mapping[str, int]) -> list[bool]:
    """Whether each gate step has its people on a track (a step without a figure there is not met)."""
    out = []
    for k, step in enumerate(metric.gate, start=1):
        need = step_people(step, track)
        out.append(need is not None and counts.get(step_id(metric, k), 0) >= need)
    return out


def exam_metric_points(metric: Metric, track: str | None, counts: Mapping[str, int]) -> Fraction:
    """An exam metric's points from the people counting toward it and meeting each of its steps."""
    points = proportional(metric.max_points, Fraction(counts.get(metric.id, 0)), threshold_on(metric, track))
    if not metric.gate:
        return points
    met = steps_met(metric, track, counts)
    flat = sum((step_points(s, track) for s, ok in zip(metric.gate, met, strict=True) if ok), Fraction(0))
    return min(exact(metric.max_points), flat + (points if all(met) else Fraction(0)))


Figures = Mapping[str, Figure]
"""One designation's figures for its input metrics, by input key (see figures_of)."""


def figures_of(org: Organization, competency: str) -> Figures:
    """The figures a designation reads: organization.metrics' entry for its id when the figures are given
    by designation (no metric's input key is a designation id), else organization.metrics itself, the same
    for every designation."""
    own = org.metrics.get(competency)
    return cast(Figures, own if isinstance(own, dict) else org.metrics)


def part_figures(metric: Metric, figures: Figures) -> dict[str, Fraction]:
    """The designation's figure per part of an input metric (0 for a part it does not give)."""
    given = figures.get(metric.input or "", {})
    given = given if isinstance(given, dict) else {}
    return {name: exact(given.get(name, 0.0)) for name in metric.parts}


def parts_on_track(metric: Metric, track: str | None, given: Figures
                   ) -> dict[str, tuple[Fraction, int, Fraction]]:
    """Each part counting on a track: its figure, its threshold and its points."""
    figures = part_figures(metric, given)
    out = {}
    for name, part in metric.parts.items():
        t = threshold_on(part, track)
        if t is not None:
            out[name] = (figures[name], t, proportional(metric.max_points, figures[name], t))
    return out


def input_metric_points(metric: Metric, track: str | None, figures: Figures) -> Fraction:
    """An input metric's points from the designation's figure, or from its parts (higher or sum, capped)."""
    if not metric.parts:
        value = figures.get(metric.input or "", 0.0)
        figure = exact(value) if not isinstance(value, dict) else Fraction(0)
        return proportional(metric.max_points, figure, threshold_on(metric, track))
    each = [points for _, _, points in parts_on_track(metric, track, figures).values()]
    if not each:
        return Fraction(0)
    combined = max(each) if metric.combine == "higher" else sum(each, Fraction(0))
    return min(exact(metric.max_points), combined)


def track_points(level: Level, track: str | None, counts: Mapping[str, int], figures: Figures
                 ) -> dict[str, Fraction]:
    """Points per metric of a scored level on one track (`figures`: the designation's, see figures_of)."""
    assert level.score is not None
    return {m.id: exam_metric_points(m, track, counts) if m.lists else input_metric_points(m, track, figures)
            for m in level.score.metrics}


def shortfall(level: Level, points: Mapping[str, Fraction]) -> list[str]:
    """What keeps these points from meeting the scored level (empty: met)."""
    assert level.score is not None
    score = level.score
    problems = []
    total = sum(points.values(), Fraction(0))
    if total < exact(score.total):
        problems.append(f"{float(total):.4g} points of the {score.total:g} needed")
    for m in score.metrics:
        if score.every_metric_above_zero and points[m.id] <= 0:
            problems.append(f"{m.id} has no points")
        if points[m.id] < exact(m.min_points):
            problems.append(f"{m.id} has {float(points[m.id]):.4g} points, below its {m.min_points:g}")
    return problems


@dataclass(frozen=True)
class TrackScore:
    """A scored level on one track: the points per metric, their total, and what keeps it from the level."""

    track: str | None
    points: dict[str, Fraction]
    total: Fraction
    short: list[str]

    @property
    def met(self) -> bool:
        return not self.short


def tracks_scored(level: Level, org: Organization, competency: str) -> list[str | None]:
    """The tracks a scored level is scored on: every track of a `higher-total` level, else the one the
    scenario names for the designation (None: the level's figures name no track, or none is named)."""
    assert level.score is not None
    if level.score.track_rule == "higher-total":
        return list(level.score.tracks)
    return [org.track_for(competency) if level.score.tracks else None]


def scored_tracks(level: Level, tracks: list[str | None], counts: Mapping[str, int], figures: Figures
                  ) -> list[TrackScore]:
    """The level scored on each of these tracks, in order (`figures`: the designation's, see figures_of)."""
    out = []
    for track in tracks:
        points = track_points(level, track, counts, figures)
        out.append(TrackScore(track, points, sum(points.values(), Fraction(0)), shortfall(level, points)))
    return out


def counting_track(scores: list[TrackScore]) -> TrackScore:
    """The track that counts: the first with the highest total among those meeting the level, or among all
    when none does."""
    meeting = [s for s in scores if s.met] or scores
    best = max(s.total for s in meeting)
    return next(s for s in meeting if s.total == best)


def exam_roles(level: Level) -> dict[str, list[str]]:
    """Each exam metric of a scored level and each of its gate steps (by step_id), with the lists a person
    holds one item of each of to count there."""
    assert level.score is not None
    out: dict[str, list[str]] = {}
    for m in level.score.metrics:
        if m.lists:
            out[m.id] = list(m.lists)
            out.update({step_id(m, k): list(s.lists) for k, s in enumerate(m.gate, start=1)})
    return out


def people_counting(level: Level, lists: Mapping[str, set[str]], holdings: Iterable[frozenset[str]]
                    ) -> dict[str, int]:
    """The people counting toward each exam metric and meeting each gate step: those holding one item of
    each of its lists (a person once in each, in as many as they qualify for)."""
    roles = exam_roles(level)
    counts = dict.fromkeys(roles, 0)
    for held in holdings:
        for rid, need in roles.items():
            counts[rid] += all(held & lists[lid] for lid in need)
    return counts
