"""What the goals of a scenario read from its organization, checked after loading: market, revenue_usd and
dpor (for a revenue gate or a DPOR rule), the track of each scored designation, and the figures of its
non-exam metrics (a number, or a mapping by part for a metric with parts).

Each problem is an InputProblem: the place in the file and one line saying what is wrong.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from models.catalog import Catalog, Level, Metric
from models.scenario import Organization, Scenario
from planner.input.errors import Loc, describe
from planner.rules.catalogs import Catalogs

GATE_FIELDS = ("market", "revenue_usd", "dpor")
"""The organization's fields a revenue gate or a DPOR rule reads: required exactly when a goal has one."""

GATE_FIELD_HINTS = {
    "market": "developed or developing",
    "revenue_usd": "trailing-12-month net new CRM cloud revenue in US dollars, e.g. 'revenue_usd: 250000'",
    "dpor": "true or false: Digital Partner of Record for those customers",
}
"""The advice a missing gate field's message gives (the loader's words for a missing key)."""


@dataclass(frozen=True)
class InputProblem:
    """Bad input found after loading: where (`key`: at the key itself; `missing`: the key is not written,
    so the place shown is its parent's key) and what."""

    loc: Loc
    message: str
    key: bool = False
    missing: bool = False


Goal = tuple[str, Level]
"""A level as a goal: its label 'competency:level', and the level."""


def goal_levels(catalog: Catalog, level_ids: Iterable[str] | None = None) -> list[Goal]:
    """The levels of a catalog (the named ones only, when given), in every option."""
    wanted = None if level_ids is None else set(level_ids)
    return [(f"{catalog.id}:{lv.id}", lv) for opt in catalog.option_catalogs() for lv in opt.levels
            if wanted is None or lv.id in wanted]


def scored_levels(catalog: Catalog, level_ids: Iterable[str] | None = None) -> list[Goal]:
    """The scored levels of a catalog (of the named levels only, when given), in every option."""
    return [(label, lv) for label, lv in goal_levels(catalog, level_ids) if lv.score is not None]


def organization_fields_problem(org: Organization, goals: list[Goal]) -> InputProblem | None:
    """market, revenue_usd and dpor are required when a goal has a revenue gate or a DPOR rule: the first
    one missing, in the words the loader uses for a missing key ('and N more problems' for the others)."""
    if not any(level.revenue_gates or level.dpor for _, level in goals):
        return None
    missing = [name for name in GATE_FIELDS if getattr(org, name) is None]
    if not missing:
        return None
    more = len(missing) - 1
    also = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return InputProblem(("organization", missing[0]),
                        f"missing required key '{missing[0]}': {GATE_FIELD_HINTS[missing[0]]}{also}")


def scored_input_problem(scenario: Scenario, goals: list[Goal], catalogs: Catalogs) -> InputProblem | None:
    """What the scenario lacks or gets wrong for its scored goals: a figure no metric reads, the track,
    a figure a metric reads; None when nothing (levels that are not scored are left alone)."""
    org = scenario.organization
    return (_unknown_metric_key(org, catalogs) or _track_problem(org, goals, catalogs)
            or _missing_figures(org, goals, catalogs) or _figure_shapes(org, goals, catalogs))


def _scored_metrics(catalogs: Catalogs) -> list[Metric]:
    return [m for cid in catalogs.by_id for c in catalogs.revisions(cid) for _, lv in scored_levels(c)
            for m in (lv.score.metrics if lv.score else ())]


def _input_keys(catalogs: Catalogs) -> list[str]:
    """Every key of organization.metrics some metric of a known catalog reads."""
    return sorted({m.input for m in _scored_metrics(catalogs) if m.input is not None})


def _known_tracks(catalogs: Catalogs) -> list[str]:
    """Every track a known catalog's scored level names."""
    return sorted({t for cid in catalogs.by_id for c in catalogs.revisions(cid) for _, lv in scored_levels(c)
                   for t in (lv.score.tracks if lv.score else ())})


def by_designation(org: Organization, catalogs: Catalogs) -> bool:
    """Whether organization.metrics gives each designation its own figures (its keys are designation ids)
    rather than the same figures for every designation (its keys are metrics' input keys)."""
    return any(key in catalogs.by_id for key in org.metrics)


def _unknown_metric_key(org: Organization, catalogs: Catalogs) -> InputProblem | None:
    """A figure in organization.metrics that no metric of any known catalog reads (a typo, most often), a
    mix of designation ids and metrics' keys, or a designation's figures that are not a mapping."""
    if not by_designation(org, catalogs):
        return _unknown_key_in(org.metrics, ("organization", "metrics"), catalogs)
    for name, figures in org.metrics.items():
        loc: Loc = ("organization", "metrics", name)
        if name not in catalogs.by_id:
            return InputProblem(loc, f"{describe(name)} is not a designation id, but other keys of "
                                     "organization.metrics are: give every designation its own figures "
                                     "(e.g. data-ai: {net-customer-adds: 3}), or the same figures for all "
                                     "(e.g. net-customer-adds: 3), not both", key=True)
        if not isinstance(figures, dict):
            return InputProblem(loc, f"{name}'s figures are a mapping by metric, e.g. {name}: "
                                     "{net-customer-adds: 3, usage-growth: 30}")
        problem = _unknown_key_in(figures, loc, catalogs)
        if problem is not None:
            return problem
    return None


def _unknown_key_in(figures: Mapping[str, object], loc: Loc, catalogs: Catalogs) -> InputProblem | None:
    """A key of these figures that no metric of any known catalog reads."""
    known = _input_keys(catalogs)
    for name in figures:
        if name not in known:
            hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            near = f" (did you mean '{hint[0]}'?)" if hint else ""
            return InputProblem((*loc, name),
                                f"unknown metric {describe(name)}{near}; known: {', '.join(known) or 'none'}",
                                key=True)
    return None


def _track_problem(org: Organization, goals: list[Goal], catalogs: Catalogs) -> InputProblem | None:
    """A goal scored by an assigned track needs organization.track (for its designation, when a mapping),
    one of its tracks; a track no catalog names, or a mapping key no designation has, is a typo even when
    no goal reads it."""
    for label, level in goals:
        problem = _goal_track_problem(org, label, level)
        if problem is not None:
            return problem
    return _unknown_track(org, catalogs)


def _goal_track_problem(org: Organization, label: str, level: Level) -> InputProblem | None:
    """The track one goal reads: missing or not one of its tracks (None: fine, or not read)."""
    score = level.score
    if score is None or not score.tracks or score.track_rule != "assigned":
        return None
    competency = label.split(":", 1)[0]
    track = org.track_for(competency)
    if track in score.tracks:
        return None
    by_id = isinstance(org.track, dict)
    write = " or ".join(f"{competency}: {t}" if by_id else f"track: {t}" for t in score.tracks)
    loc: Loc = ("organization", "track", competency) if by_id and track is not None else ("organization",
                                                                                           "track")
    if track is None:
        where = f" (organization.track names no track for {competency})" if by_id else ""
        return InputProblem(loc, f"{label} scores by track{where}; write {write}", missing=not by_id,
                            key=by_id)
    return InputProblem(loc, f"unknown track {describe(track)}: {label} scores by track; write {write}")


def _unknown_track(org: Organization, catalogs: Catalogs) -> InputProblem | None:
    """A track no known catalog names, or a designation id in a track mapping that no catalog has."""
    known = _known_tracks(catalogs)
    given = org.track if isinstance(org.track, dict) else {"": org.track} if org.track is not None else {}
    for competency, track in given.items():
        loc: Loc = ("organization", "track", competency) if competency else ("organization", "track")
        if competency and competency not in catalogs.by_id:
            hint = difflib.get_close_matches(competency, catalogs.ids(), n=1, cutoff=0.5)
            near = f" (did you mean '{hint[0]}'?)" if hint else f"; known: {', '.join(catalogs.ids())}"
            return InputProblem(loc, f"unknown designation {describe(competency)}{near}", key=True)
        if known and track not in known:
            return InputProblem(loc, f"unknown track {describe(track)}; the tracks known: {', '.join(known)}")
    return None


def _figures_loc(org: Organization, competency: str, catalogs: Catalogs) -> Loc:
    """Where a designation's figures are written."""
    if by_designation(org, catalogs):
        return ("organization", "metrics", competency)
    return ("organization", "metrics")


def _missing_figures(org: Organization, goals: list[Goal], catalogs: Catalogs) -> InputProblem | None:
    """Every non-exam metric of a scored goal reads its figure from organization.metrics (its designation's
    entry, when the figures are given by designation)."""
    for label, level in goals:
        competency = label.split(":", 1)[0]
        metrics = level.score.input_metrics if level.score is not None else []
        figures = org.figures_for(competency)
        missing = [m for m in metrics if m.input not in figures]
        if not missing:
            continue
        what = ", ".join(f"{m.input} ({m.name}" + (f", in {m.unit})" if m.unit else ")") for m in missing)
        example = ", ".join(f"{m.input}: {_example(m)}" for m in missing)
        if by_designation(org, catalogs):
            given = True  # organization.metrics is written: placed at the designation's entry, else at it
            loc: Loc = ("organization", "metrics", *[competency] * (competency in org.metrics))
            where = f" for {competency} (organization.metrics.{competency})"
            write = f"write them as {competency}: {{{example}}} under organization.metrics"
        else:
            given, loc, where = "metrics" in org.model_fields_set, ("organization", "metrics"), ""
            write = f"write them as metrics: {{{example}}}"
        return InputProblem(loc, f"{label} needs figures for its metrics that are not certifications; "
                                 f"missing {what}{where}; {write}", key=given, missing=not given)
    return None


def _example(metric: Metric) -> str:
    """'N' for a metric's figure; '{cpor: N, dpor: N}' for one with parts."""
    return "{" + ", ".join(f"{p}: N" for p in metric.parts) + "}" if metric.parts else "N"


def _figure_shapes(org: Organization, goals: list[Goal], catalogs: Catalogs) -> InputProblem | None:
    """A metric with parts reads a mapping by part (of its parts only) or 0 (every part 0: what an imported
    roster writes for every designation), one without a number."""
    for label, level in goals:
        competency = label.split(":", 1)[0]
        for m in level.score.input_metrics if level.score is not None else []:
            value = org.figures_for(competency).get(m.input or "")
            loc: Loc = (*_figures_loc(org, competency, catalogs), m.input or "")
            if m.parts and not isinstance(value, dict) and value != 0:  # 0 alone: every part 0
                return InputProblem(loc, f"{label}: {m.name} has a figure per association type; write "
                                         f"{m.input}: {_example(m)} (a part left out is 0)")
            if not m.parts and isinstance(value, dict):
                return InputProblem(loc, f"{label}: {m.name} has one figure; write {m.input}: N")
            for part in value if isinstance(value, dict) else {}:
                if part not in m.parts:
                    hint = difflib.get_close_matches(part, list(m.parts), n=1, cutoff=0.5)
                    near = f" (did you mean '{hint[0]}'?)" if hint else ""
                    return InputProblem((*loc, part), f"{m.input} has no part {describe(part)}{near}; its "
                                                      f"parts: {', '.join(m.parts)}", key=True)
    return None
