"""Check's standing of scored levels re-checked without the rest of the planner (`planner check`: every
scored level today, on as_of, and on the deadline).

On each day the people who count then (not left by it) hold what planner.validation.holdings says (passes
naming certifications, exams with one prerequisite, expiry, counts_until); each exam metric and gate step
counts the people holding one item of each of its lists; the level is scored on its tracks
(planner.validation.points). `recheck_standing` lists every way the report misstates that: the score (the
track that counts, each track's total, points per metric, gate steps and parts: scores.score_claim_problems),
the verdict, and the people at risk (those without whom alone a met level's score would fall short).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from models.catalog import Catalog, Level
from models.certification import CertificationCatalog
from models.report import CheckReport, LevelStanding
from models.scenario import Person, Scenario
from planner.validation.facts import NO_CERTIFICATIONS, known_exams
from planner.validation.holdings import Holdings
from planner.validation.points import (
    TrackScore,
    counting_track,
    exam_roles,
    figures_of,
    people_counting,
    scored_tracks,
    tracks_scored,
)
from planner.validation.scores import score_claim_problems


@dataclass
class Day:
    """What a scored level is read against on one day: who counts then and what each holds."""

    scenario: Scenario
    catalog: Catalog
    day: dt.date
    held: dict[str, frozenset[str]]
    """Person id -> what they hold on the day (only the people who count then)."""
    lists: dict[str, set[str]] = field(default_factory=dict)

    @property
    def profiles(self) -> Counter[frozenset[str]]:
        """How many people hold each set of items."""
        return Counter(self.held.values())

    def counts(self, level: Level, profiles: Counter[frozenset[str]] | None = None) -> dict[str, int]:
        """The people counting toward each exam metric and meeting each gate step."""
        profiles = self.profiles if profiles is None else profiles
        counts = dict.fromkeys(exam_roles(level), 0)
        for held, n in profiles.items():
            for rid, k in people_counting(level, self.lists, [held]).items():
                counts[rid] += k * n
        return counts

    def scores(self, level: Level, counts: dict[str, int]) -> list[TrackScore]:
        org = self.scenario.organization
        return scored_tracks(level, tracks_scored(level, org, self.catalog.id), counts,
                             figures_of(org, self.catalog.id))


def read_day(scenario: Scenario, catalog: Catalog, certifications: CertificationCatalog, day: dt.date) -> Day:
    """Who counts on `day` (not left by it) and what each holds then."""
    goals = [(catalog.id, catalog, "")]
    exams, wanted = known_exams(goals, certifications)
    book = Holdings(exams, certifications, wanted, min(scenario.as_of, day), day)
    held = {p.id: book.before(p) for p in scenario.staff if _counts_on(p, day)}
    return Day(scenario, catalog, day, held, {lst.id: set(lst.items) for lst in catalog.lists})


def _counts_on(person: Person, day: dt.date) -> bool:
    return person.leaves_on is None or person.leaves_on > day


# ---- the rules ------------------------------------------------------------------------------------------

def score_is_recomputed(on: Day, level: Level, said: LevelStanding) -> list[str]:
    """A scored level's standing gives its score, and it is the one recomputed from who holds what."""
    if said.score is None:
        return ["the standing gives no score for this scored level"]
    counts = on.counts(level)
    return score_claim_problems(said.score, level, on.scores(level, counts), counts,
                                figures_of(on.scenario.organization, on.catalog.id))


def met_follows_the_score(on: Day, level: Level, said: LevelStanding) -> list[str]:
    """The level's exam rules are met exactly when its score is; met, when its gates pass too."""
    met = counting_track(on.scores(level, on.counts(level))).met
    problems = []
    if said.exam_rules_met != met:
        problems.append(f"exam_rules_met is {said.exam_rules_met}; the score is {'' if met else 'not '}met")
    gated = bool(level.revenue_gates or level.dpor)
    if (said.met and not met) or (not gated and said.met != met):
        problems.append(f"met is {said.met}; the score is {'' if met else 'not '}met")
    return problems


def at_risk_are_the_people_the_score_needs(on: Day, level: Level, said: LevelStanding) -> list[str]:
    """At risk are exactly the people (of a met level) without whom alone its score would fall short; a
    level not met has none."""
    expected: list[str] = []
    if said.met:
        profiles = on.profiles
        short: dict[frozenset[str], bool] = {}
        for pid, held in on.held.items():
            if held not in short:
                without = on.counts(level, profiles - Counter([held]))
                short[held] = not counting_track(on.scores(level, without)).met
            if short[held]:
                expected.append(pid)
    if sorted(said.at_risk) != sorted(expected):
        return [f"at_risk names {sorted(said.at_risk)}; recomputed {sorted(expected)}"]
    return []


STANDING_RULES: list[Callable[[Day, Level, LevelStanding], list[str]]] = [
    score_is_recomputed,
    met_follows_the_score,
    at_risk_are_the_people_the_score_needs,
]
"""The rules of a scored level's standing on one day, in the order their problems are listed."""


def recheck_standing(scenario: Scenario, catalog: Catalog, report: CheckReport,
                     certifications: CertificationCatalog | None = None) -> list[str]:
    """Every way check's report misstates a scored level of `catalog` today or on the deadline (empty:
    sound); `certifications` is the catalog its lists of certifications name."""
    certifications = certifications or NO_CERTIFICATIONS
    levels = {lv.id: lv for lv in catalog.levels if lv.score is not None}
    problems: list[str] = []
    deadline = report.deadline or scenario.as_of
    for day, standings in ((scenario.as_of, report.levels), (deadline, report.levels_on_deadline)):
        scored = [s for s in standings if s.level in levels]
        if not scored:
            continue
        on = read_day(scenario, catalog, certifications, day)
        for said in scored:
            problems += [f"{said.level} on {day}: {p}" for rule in STANDING_RULES
                         for p in rule(on, levels[said.level], said)]
    return problems
