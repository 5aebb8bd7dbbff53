"""Where a partner stands for several designations at once (`check --competency all`, or several
--competency): each designation checked on its own revision (planner.explain.standing.check), then one row
per level with its points today and on the deadline, the track that counts and what is missing in a few
words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from models.catalog import Catalog
from models.report import CheckReport, CheckSeveralReport, DesignationStanding, LevelStanding
from planner.explain.standing import check
from planner.input.loading import LoadedScenario
from planner.rules.catalogs import Catalogs, has_ended
from planner.rules.scoring import points_short_words, short_by_words


def every_designation(catalogs: Catalogs, loaded: LoadedScenario) -> list[str]:
    """The ids of every scored designation (a competency whose revision in force on as_of has a scored
    level) that has not ended by as_of, sorted: what `--competency all` checks."""
    return scored_in_force(catalogs, loaded.scenario.as_of)


def scored_in_force(catalogs: Catalogs, day: dt.date) -> list[str]:
    """The ids of the competencies whose revision in force on `day` has a scored level and has not ended
    by then, sorted."""
    out = []
    for cid in catalogs.ids():
        catalog = catalogs.in_force(cid, day)
        levels = [lv for c in catalog.option_catalogs() for lv in c.levels]
        if any(lv.score is not None for lv in levels) and not has_ended(catalog, day):
            out.append(cid)
    return out


def check_several(checked: Sequence[LoadedScenario]) -> CheckSeveralReport:
    """Each designation's check (each loaded scenario names its designation's revision in `catalog`), and
    one row per level of each."""
    if not checked:
        raise ValueError("check_several needs at least one designation")
    reports = [check(loaded, every_target=False) for loaded in checked]
    scenario = checked[0].scenario
    rows = [row for loaded, report in zip(checked, reports, strict=True)
            for row in designation_rows(report, loaded.catalog)]
    return CheckSeveralReport(scenario=scenario.name, as_of=scenario.as_of, deadline=reports[0].deadline,
                              designations=rows, checks=reports)


def designation_rows(report: CheckReport, catalog: Catalog) -> list[DesignationStanding]:
    """One row per level of a designation's check: today's and the deadline's points and verdicts."""
    later = {(lv.option, lv.level): lv for lv in report.levels_on_deadline}
    out = []
    for lv in report.levels:
        then = later.get((lv.option, lv.level))
        last = then or lv
        out.append(DesignationStanding(
            competency=report.competency, name=catalog.name, revision=catalog.revision, level=lv.level,
            option=lv.option, needed=lv.score.needed if lv.score else None,
            points=lv.score.points if lv.score else None, met=lv.met,
            points_on_deadline=then.score.points if then and then.score else None,
            met_on_deadline=then.met if then else None,
            track=last.score.track if last.score else None,
            missing=missing_words(last, catalog, report.deadline if then else report.as_of)))
    return out


def missing_words(lv: LevelStanding, catalog: Catalog, day: Any) -> str:
    """What keeps a level from being met on a day, in a few words: '12 points short; Intermediate
    certifications 0 of 40', 'Sales 1 of 2 filled', 'ended 2022-10-03'; empty when met."""
    if lv.met:
        return ""
    if day is not None and has_ended(catalog, day):
        return f"ended {catalog.ended}"
    parts: list[str] = []
    score = lv.score
    if score is not None:
        if score.points < score.needed:
            parts.append(f"{short_by_words(score.needed - score.points)} points short")
        parts += [f"{m.name} {points_short_words(m.points, m.max_points)} of {m.max_points:g}"
                  for m in score.metrics if not m.met]
    parts += [f"{s.role} {s.filled} of {s.required} filled" for s in lv.slots if s.filled < s.required]
    parts += [g.name for g in lv.gates if not g.ok]
    return "; ".join(parts) or (lv.missing[0] if lv.missing else "not met")
