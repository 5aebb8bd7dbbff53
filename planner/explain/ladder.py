"""The ladder (`planner ladder`): one answer to "where do we stand, and what would each level or
designation cost?".

One row per level (of every option) of the competencies asked: where it stands today and on the deadline
without a plan (planner.explain.standing.check), its fewest-exams plan and its cheapest plan, each planned
through the one pipeline (planner.core.pipeline.run) and re-checked there like every plan, at any budget
(each says whether it fits policy.budget_usd), their cost split into exam fees, staff hours and hires; and
for a scored level a few points short on the deadline, its score levers: what one more unit of each metric
(one more person counted, one more person meeting a gate step, 1 more of a figure the partner reports)
would add, exactly as the rules score it (planner.rules.domain.score_points with that count or figure + 1),
gate steps, parts and tracks included.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Literal

from models.catalog import Catalog, Level, Metric
from models.report import (
    CheckReport,
    LadderPlan,
    LadderReport,
    LadderRow,
    LadderStanding,
    LevelStanding,
    PlanReport,
    ScoreLever,
    ScoreStanding,
)
from models.scenario import Organization
from planner.core.pipeline import PlanRequest, run
from planner.explain.designations import missing_words
from planner.explain.standing import check
from planner.input.loading import LoadedScenario, ResolvedTarget, check_goal_input, resolve_target
from planner.rules.catalogs import has_ended
from planner.rules.domain import due, score_met, score_points
from planner.rules.naming import goal_name
from planner.rules.points import Counts, gate_step_id, part_figures
from planner.rules.scoring import short_by_words

LEVER_WINDOW = Fraction(10)
"""Levers are shown for a scored level at most this many points short on the deadline (or as many as its
largest lever adds, when that is more): further off, one more unit of a metric is not the answer."""

WITH_A_PLAN = ("optimal", "feasible")


@dataclass(frozen=True)
class Rung:
    """A row to work out: a level of one option of a competency, with the scenario read against that
    competency's revision (`loaded.catalog`)."""

    loaded: LoadedScenario
    option: Catalog
    level: str

    @property
    def competency(self) -> str:
        return self.loaded.catalog.id

    @property
    def goal(self) -> ResolvedTarget:
        """The level as a goal of its own (the option's catalog for a competency with options)."""
        return ResolvedTarget(f"{self.competency}:{self.level}", self.competency, self.level, self.option)

    @property
    def planned(self) -> LoadedScenario:
        """The scenario an option is planned on alone (its catalog the option's), as the pipeline plans
        each option of a competency for its reasons."""
        if not self.option.option_id:
            return self.loaded
        return replace(self.loaded, catalog=self.option, notes=())


def every_level(loaded: LoadedScenario) -> list[Rung]:
    """Every level of every option of the scenario's competency (`loaded.catalog`), lowest first."""
    return [Rung(loaded, option, lv.id)
            for option in loaded.catalog.option_catalogs() for lv in option.levels]


def goal_rungs(loaded: LoadedScenario, goals: Sequence[ResolvedTarget]) -> list[Rung]:
    """Each goal's level, of every option of its competency, in the goals' order."""
    out = []
    for goal in goals:
        on = replace(loaded, catalog=goal.catalog, notes=goal.notes)
        out += [Rung(on, option, goal.level) for option in goal.catalog.option_catalogs()]
    return out


def default_rungs(loaded: LoadedScenario) -> list[Rung]:
    """The scenario's targets when it has some, else every level of its competency."""
    if not loaded.scenario.targets:
        return every_level(loaded)
    goals = [resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets]
    check_goal_input(loaded, goals)
    return goal_rungs(loaded, goals)


def ladder(loaded: LoadedScenario, rungs: Sequence[Rung] | None = None, *,
           time_limit: float | None = None) -> LadderReport:
    """The ladder of `rungs` (default: default_rungs): one row each, side by side. `time_limit` bounds each
    plan."""
    started = time.perf_counter()
    chosen = list(rungs) if rungs is not None else default_rungs(loaded)
    checks: dict[str, CheckReport] = {}
    for rung in chosen:
        if rung.competency not in checks:
            checks[rung.competency] = check(rung.loaded, every_target=False)
    scenario = loaded.scenario
    rows = [_row(rung, checks[rung.competency], time_limit) for rung in chosen]
    notes = list(dict.fromkeys(n for rung in chosen for n in rung.loaded.notes))
    return LadderReport(scenario=scenario.name, as_of=scenario.as_of, deadline=due(scenario),
                        budget_usd=scenario.policy.budget_usd, resilience=scenario.policy.resilience,
                        rows=rows, notes=notes,
                        stats={"total_seconds": round(time.perf_counter() - started, 4)})


def _row(rung: Rung, report: CheckReport, time_limit: float | None) -> LadderRow:
    """One rung's row: its standing today and on the deadline, its two plans and its levers."""
    option, level = rung.option, rung.option.level(rung.level)
    key = (option.option_id or None, rung.level)
    today = _level_of(report.levels, key)
    later = _level_of(report.levels_on_deadline, key) or today
    assert today is not None and later is not None
    fewest = _plan(rung, "exams", time_limit)
    cheapest = fewest.model_copy(update={"objective": "cost"}) if fewest.met_already or \
        fewest.status not in WITH_A_PLAN else _plan(rung, "cost", time_limit)
    levers = _levers_of(rung, level, later)
    return LadderRow(
        competency=rung.competency, name=goal_name(option.name, level.name), level=rung.level,
        option=option.option_id or None, revision=option.revision, scored=level.score is not None,
        today=_standing(today, option, report.as_of),
        on_deadline=_standing(later, option, report.deadline or report.as_of),
        fewest_exams=fewest, cheapest=cheapest,
        levers=None if levers is None else levers[0], levers_words=None if levers is None else levers[1])


def _level_of(levels: list[LevelStanding], key: tuple[str | None, str]) -> LevelStanding | None:
    return next((lv for lv in levels if (lv.option, lv.level) == key), None)


def _standing(lv: LevelStanding, option: Catalog, day: Any) -> LadderStanding:
    """A level's standing on a day: points / needed (scored) or slots filled / needed, met, and what is
    missing in a few words."""
    missing = missing_words(lv, option, day)
    if lv.score is not None:
        return LadderStanding(met=lv.met, points=lv.score.points, needed=lv.score.needed, missing=missing)
    return LadderStanding(met=lv.met, slots_filled=sum(s.filled for s in lv.slots),
                          slots=sum(s.required for s in lv.slots), missing=missing)


# ---- the plans -------------------------------------------------------------------------------------------

def _plan(rung: Rung, objective: Literal["exams", "cost"], time_limit: float | None) -> LadderPlan:
    """The rung's plan for an objective, through the pipeline (re-checked there), at any budget."""
    report = run(rung.planned, PlanRequest(goals=(rung.goal,), objective=objective, any_budget=True,
                                           fixes=False, alone=False, details=False, time_limit=time_limit))
    return ladder_plan(report, objective, rung.loaded.scenario.policy.budget_usd)


def ladder_plan(report: PlanReport, objective: Literal["exams", "cost"], budget: float | None) -> LadderPlan:
    """A plan as a ladder shows it: its exams, renewals and hires, its cost split into fees, staff hours and
    hires (in cents, so that the parts add up to the total), and the first reason it is out of reach."""
    if report.status not in WITH_A_PLAN:
        return LadderPlan(objective=objective, status=report.status, reachable=False, met_already=False,
                          reason=report.reasons[0] if report.reasons else None)
    fees = sum(_cents(e.cost_usd if e.fee_usd is None else min(e.fee_usd, e.cost_usd))
               for e in report.new_exams)
    exams = sum(_cents(e.cost_usd) for e in report.new_exams)
    hires = sum(_cents(h.cost_usd) for h in report.hires)
    nothing = not report.new_exams and not report.hires
    return LadderPlan(
        objective=objective, status=report.status, reachable=report.reachable,
        met_already=report.reachable and nothing, total_new_exams=report.total_new_exams,
        total_renewals=report.total_renewals or 0, hires=len(report.hires),
        total_cost_usd=report.total_cost_usd, fees_usd=fees / 100, hours_usd=(exams - fees) / 100,
        hires_usd=hires / 100,
        within_budget=None if budget is None else report.total_cost_usd <= budget,
        reason=None if report.reachable else (report.reasons[0] if report.reasons else None),
        new_exams=report.new_exams, hired=report.hires, names=report.names)


def _cents(usd: float) -> int:
    return round(usd * 100)


# ---- score levers ----------------------------------------------------------------------------------------

def _levers_of(rung: Rung, level: Level, later: LevelStanding) -> tuple[list[ScoreLever], str] | None:
    """A scored level not met on the deadline, and a few points short then: its levers and their
    sentence (None otherwise: met, a level of slots, an ended programme, or too far off)."""
    score = later.score
    if score is None or later.met or later.exam_rules_met:
        return None
    if has_ended(rung.option, due(rung.loaded.scenario)):
        return None
    org, cid = rung.loaded.scenario.organization, rung.competency
    found = score_levers(level, score, org, cid, rung.option)
    exact = sum(score_points(level, counts_of(score), org, cid).values(), Fraction(0))
    short = max(Fraction(0), Fraction(str(score.needed)) - exact)
    largest = max((Fraction(str(x.points)) for x in found), default=Fraction(0))
    if short > max(LEVER_WINDOW, largest):
        return None
    return found, levers_sentence(short, [m.name for m in score.metrics if not m.met], found)


def counts_of(score: ScoreStanding) -> dict[str, int]:
    """The counts a scored standing was scored from: people counted per exam metric, and per gate step
    the people meeting it (planner.rules.points.Counts)."""
    counts = {m.metric: round(m.count) for m in score.metrics if m.kind == "people"}
    for m in score.metrics:
        counts.update({gate_step_id(m.metric, s.step): s.people for s in m.steps or []})
    return counts


@dataclass(frozen=True)
class _Change:
    """One more unit of one metric: the counts and the organization with it."""

    metric: Metric
    kind: Literal["people", "gate-step", "input"]
    count: float
    counts: Counts
    org: Organization
    words: str
    step: int | None = None
    part: str | None = None


def score_levers(level: Level, score: ScoreStanding, org: Organization, competency: str,
                 catalog: Catalog) -> list[ScoreLever]:
    """Each metric's one more unit that adds points to the level on the deadline (`score`, with the
    counts it was scored from), with what it adds exactly and whether it alone meets the level; most
    points first (ties: the catalog's order)."""
    assert level.score is not None
    counts = counts_of(score)
    before = sum(score_points(level, counts, org, competency).values(), Fraction(0))
    out = []
    for change in (c for m in level.score.metrics for c in _changes(m, counts, org, competency, catalog)):
        after = score_points(level, change.counts, change.org, competency)
        gain = sum(after.values(), Fraction(0)) - before
        if gain > 0:
            out.append(ScoreLever(metric=change.metric.id, name=change.metric.name, kind=change.kind,
                                  step=change.step, part=change.part, count=change.count,
                                  points=round(float(gain), 4), meets=score_met(level, after),
                                  words=change.words))
    return sorted(out, key=lambda x: -x.points)


def _changes(m: Metric, counts: Counts, org: Organization, competency: str, catalog: Catalog
             ) -> list[_Change]:
    """One more unit of a metric: one more person counted (and one more meeting each gate step), or 1
    more of its figure (of each part)."""
    if m.lists:
        out = [_Change(m, "people", counts.get(m.id, 0), {**counts, m.id: counts.get(m.id, 0) + 1}, org,
                       f"one more person in {m.name}")]
        for k, step in enumerate(m.gate, start=1):
            sid = gate_step_id(m, k)
            lists = " and ".join(catalog.exam_list(lid).name for lid in step.lists)
            out.append(_Change(m, "gate-step", counts.get(sid, 0), {**counts, sid: counts.get(sid, 0) + 1},
                               org, f"one more person with {lists} for step {k} of {m.name}", step=k))
        return out
    figures = org.figures_for(competency)
    key = m.input or ""
    if not m.parts:
        now = figures.get(key, 0.0)
        figure = now if isinstance(now, (int, float)) else 0.0
        return [_Change(m, "input", figure, counts, _with_figure(org, competency, key, figure + 1),
                        f"{m.name} from {figure:g} to {figure + 1:g}")]
    parts = part_figures(m, org, competency)
    return [_Change(m, "input", parts[p], counts,
                    _with_figure(org, competency, key, {**parts, p: parts[p] + 1}),
                    f"{m.name} ({p}) from {parts[p]:g} to {parts[p] + 1:g}", part=p) for p in parts]


def _with_figure(org: Organization, competency: str, key: str, value: Any) -> Organization:
    """The organization with one figure of the designation's changed (in its own figures when
    organization.metrics is a mapping by designation)."""
    figures = org.figures_for(competency)
    if figures is org.metrics:
        return org.model_copy(update={"metrics": {**org.metrics, key: value}})
    return org.model_copy(update={"metrics": {**org.metrics, competency: {**figures, key: value}}})


def levers_sentence(short: Fraction, blocking: list[str], levers: list[ScoreLever]) -> str:
    """'5 points short: one more person in Intermediate certifications (+4) or Deployments from 3 to 4 (+4)';
    a metric below its minimum named too ('Intermediate certifications blocks the level')."""
    why = [f"{short_by_words(short)} points short"] if short > 0 else []
    if blocking:
        why.append(f"{' and '.join(blocking)} {'blocks' if len(blocking) == 1 else 'block'} the level")
    head = " and ".join(why) or "not met"
    if not levers:
        return (f"{head}: no single change (one more certified person, or one more of a reported figure) "
                "adds points on its own")
    return f"{head}: " + " or ".join(lever_words(x) for x in levers)


def lever_words(lever: ScoreLever) -> str:
    """'one more person in Intermediate certifications (+4)', '(+8, meets the level)'."""
    return f"{lever.words} (+{short_by_words(lever.points)}{', meets the level' if lever.meets else ''})"
