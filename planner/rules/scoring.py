"""Scored levels (points over metrics instead of slots) as the rest of the planner reads them.

A scored level's exam metrics behave like roles of a `same-or-different` level whose 'slots' are the
metrics' thresholds on the scenario's track: a person counts once toward each metric they qualify for,
and no more people count than the threshold. A gate step of a metric is one more such role
(`gate_step_id`), its slots the people it needs. `slotted` gives that view of a catalog, so who qualifies
and who counts is worked out by the same code as for slots; the points (planner.rules.points), the verdict
and the sentences are here. A level scored on every track (`higher-total`) takes the most slots any track
needs, and its points are read on each track.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from models.catalog import Catalog, Level, Metric, Role, certification_id
from models.report import GateStepScore, MetricScore, PartScore, ScoreStanding, TrackTotal
from models.scenario import Organization
from planner.rules.domain import (
    fewest_to_count,
    input_figure,
    metric_met,
    metric_role,
    points_words,
    score_met,
    track_of,
)
from planner.rules.points import (
    Counts,
    gate_step_id,
    part_figures,
    part_points,
    steps_met,
    track_points,
    track_scores,
    winning_track,
)


def slotted(catalog: Catalog, org: Organization) -> Catalog:
    """The catalog with each scored level's exam metrics (and their gate steps) as roles, and its slots
    their thresholds on the scenario's track (a catalog without scored levels is returned as it is)."""
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
        slots: dict[str, int] = {}
        for role, need in metric_roles(level, org, catalog.id):
            if role.id not in known:
                roles.append(role)
                known.add(role.id)
            slots[role.id] = need
        levels.append(level.model_copy(update={"slots": slots}))
    return catalog.model_copy(update={"roles": roles, "levels": levels})


def metric_roles(level: Level, org: Organization, competency: str) -> list[tuple[Role, int]]:
    """Each exam metric of a scored level as a role with the people it counts (its threshold), followed
    by its gate steps as roles with the people each needs; on every track, the most any track counts."""
    assert level.score is not None
    tracks: list[str | None] = ([*level.score.tracks] if level.score.track_rule == "higher-total"
                                else [track_of(level, org, competency)])
    out = []
    for m in level.score.exam_metrics:
        out.append((metric_role(m), max(m.threshold_for(t) for t in tracks)))
        for k, step in enumerate(m.gate, start=1):
            role = Role(id=gate_step_id(m, k), description=f"{m.name}, step {k}", lists=step.lists)
            out.append((role, max(step.people_for(t) for t in tracks)))
    return out


def _scored(level: Level, org: Organization, counts: Counts, competency: str | None
            ) -> tuple[str | None, dict[str, Fraction], list[TrackTotal] | None]:
    """The track whose points count, the points per metric on it, and each track's total for a level
    scored on every track (None otherwise)."""
    assert level.score is not None
    if level.score.track_rule != "higher-total":
        track = track_of(level, org, competency)
        return track, track_points(level, counts, org, track, competency), None
    scores = track_scores(level, counts, org, competency)
    win = winning_track(scores)
    totals = [TrackTotal(track=s.track or "", points=_four(s.total), met=s.met, counts=s is win)
              for s in scores]
    return win.track, win.points, totals


def score_standing(target: str, level: Level, org: Organization, counts: Counts,
                   competency: str | None = None) -> ScoreStanding:
    """A scored level's points per metric from the people counting toward each exam metric (and meeting
    each gate step), on the track that counts (of `competency`, when organization.track is a mapping)."""
    score = level.score
    assert score is not None
    track, points, totals = _scored(level, org, counts, competency)
    metrics = [_metric_score(m, track, points[m.id], counts, (org, competency), score.every_metric_above_zero,
                             score.unconfirmed) for m in score.metrics]
    total = sum(points.values(), Fraction(0))
    return ScoreStanding(target=target, track=track, points=_four(total, score.total), needed=score.total,
                         out_of=float(score.out_of), met=score_met(level, points), metrics=metrics,
                         tracks=totals)


def _metric_score(m: Metric, track: str | None, points: Fraction, counts: Counts,
                  of: tuple[Organization, str | None], above_zero: bool, unconfirmed: bool) -> MetricScore:
    """One metric's row: its count and threshold (the best part's for a metric with parts), its points,
    and its gate steps or parts (`of`: the organization and the designation whose figures it reads)."""
    steps = parts = None
    if m.lists:
        count, threshold = float(counts.get(m.id, 0)), float(m.threshold_for(track))
        steps = _steps(m, track, counts) if m.gate else None
    elif m.parts:
        parts = _parts(m, track, part_figures(m, *of))
        best = max(parts, key=lambda p: p.points, default=None)
        count, threshold = (best.figure, best.threshold) if best else (0.0, 0.0)
    else:
        count, threshold = input_figure(m, *of), float(m.threshold_for(track))
    return MetricScore(metric=m.id, name=m.name, kind="people" if m.lists else "input", count=count,
                       threshold=threshold, points=_four(points, m.min_points), max_points=m.max_points,
                       min_points=m.min_points, met=metric_met(m, points, above_zero),
                       unconfirmed=m.unconfirmed or unconfirmed, steps=steps, parts=parts)


def _steps(m: Metric, track: str | None, counts: Counts) -> list[GateStepScore]:
    met = steps_met(m, track, counts)
    return [GateStepScore(step=k, lists=step.lists, people=counts.get(gate_step_id(m, k), 0),
                          needed=step.people_for(track), points=float(step.points_for(track)), met=met[k - 1])
            for k, step in enumerate(m.gate, start=1)]


def _parts(m: Metric, track: str | None, figures: dict[str, float]) -> list[PartScore]:
    earned = part_points(m, track, figures)
    return [PartScore(part=name, figure=figures[name], points=_four(p),
                      threshold=float(m.parts[name].threshold_for(track) or 0)) for name, p in earned.items()]


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


def shortfall(catalog: Catalog, level: Level, org: Organization, counts: Counts,
              competency: str | None = None, titles: Mapping[str, str] | None = None) -> list[str]:
    """Why a scored level is not met with these counts, in words: each metric short of its minimum (by how
    many people, which gate step, or how much of its figure), then the total short of the level's by how
    many points, with the people each exam metric could still add (a certification by its title in
    `titles`, the scenario's certification catalog's: planner.rules.naming.certification_titles)."""
    score = level.score
    assert score is not None
    track, points, _ = _scored(level, org, counts, competency or catalog.id)
    out = [_metric_short(catalog, m, track, points[m.id], counts, (org, competency or catalog.id),
                         score.every_metric_above_zero, titles or {})
           for m in score.metrics if not metric_met(m, points[m.id], score.every_metric_above_zero)]
    total = sum(points.values(), Fraction(0))
    needed = Fraction(str(score.total))
    if total < needed:
        room = [f"{m.name} {points_words(points[m.id])} of {m.max_points:g} "
                f"({counts.get(m.id, 0)} of {m.threshold_for(track)} people)"
                for m in score.exam_metrics if points[m.id] < Fraction(str(m.max_points))]
        on = f" on the {track} track" if score.track_rule == "higher-total" else ""
        out.append(f"{level.name} scores {points_short_words(total, needed)} of the {needed_words(needed)} "
                   f"points needed{on}, {short_by_words(needed - total)} short"
                   + (f"; room left: {', '.join(room)}" if room else "; every exam metric is full"))
    return out


def _metric_short(catalog: Catalog, m: Metric, track: str | None, points: Fraction, counts: Counts,
                  of: tuple[Organization, str | None], above_zero: bool, titles: Mapping[str, str]) -> str:
    """One metric below its minimum, in words (`of`: the organization and the designation whose figures
    it reads)."""
    if m.lists:
        unmet = [k for k, ok in enumerate(steps_met(m, track, counts), start=1) if not ok]
        if unmet:
            k = unmet[0]
            need = m.gate[k - 1].people_for(track)
            step = m.gate[k - 1]
            return (f"{m.name} has {points_words(points)} points: its step {k} needs {need} "
                    f"{'person' if need == 1 else 'people'} with "
                    f"{_exams_words(catalog, step.lists, titles)} ({counts.get(gate_step_id(m, k), 0)} now) "
                    "before its people earn points")
        gap = fewest_to_count(m, track, above_zero) - counts.get(m.id, 0)
        return (f"{m.name} has {points_words(points)} points: it needs {gap} more "
                f"{'person' if gap == 1 else 'people'} with {_exams_words(catalog, m.lists, titles)}")
    if m.parts:
        given = ", ".join(f"{p}: {f:g}" for p, f in part_figures(m, *of).items())
        return (f"{m.name} has {points_words(points)} points (organization.metrics {m.input}: {{{given}}}); "
                "every metric needs more than 0")
    return (f"{m.name} has {points_words(points)} points (organization.metrics "
            f"{m.input}: {input_figure(m, *of):g} of {m.threshold_for(track)}"
            f"{' ' + m.unit if m.unit else ''}); every metric needs more than 0")


def item_words(item: str, titles: Mapping[str, str] | None = None) -> str:
    """An exam code as it is; a certification '@id' by its title in `titles` ('@id' -> title, of the
    scenario's certification catalog: planner.rules.naming.certification_titles), else by its id."""
    cid = certification_id(item)
    if cid is None:
        return item
    return (titles or {}).get(item) or cid


def _exams_words(catalog: Catalog, lists: list[str], titles: Mapping[str, str]) -> str:
    """'one of MB-335, MB-700 and PL-600' (and so on for each list)."""
    parts = []
    for lid in lists:
        codes = [item_words(i, titles) for i in catalog.exam_list(lid).items]
        parts.append(codes[0] if len(codes) == 1 else "one of " + ", ".join(codes[:-1]) + " or " + codes[-1])
    return " and ".join(parts)
