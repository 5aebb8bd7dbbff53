"""check's at-risk people equal a brute force's, on random small rosters of slotted and scored levels.

At risk, on a day (as_of, or the deadline), are the people without whom alone a level met that day would
not be: its slots could no longer all be filled, or its score would fall below the total or a metric's
minimum. The brute force drops each person in turn and judges the level again with the rules restated in
tests/bruteforce_targets.py (every way of giving slots to people) and tests/bruteforce_scored.py (points
per metric), not with planner.*; the gates come from check itself (people do not change them). And a
level met on the deadline has nobody at risk, today or then, exactly when `plan --resilience 1` needs no
change: resilience counts the people who count on the deadline, and whoever counts then counts today
with no fewer passes, so nobody at risk on the deadline means nobody at risk today.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from models.catalog import Catalog
from models.report import CheckReport, LevelStanding
from models.scenario import Person
from planner.core.planning import check, plan
from planner.input.loading import LoadedScenario, load_scenario_data
from tests import bruteforce_scored as scored
from tests.bruteforce_targets import fills, level_met
from tests.strategies import CATALOG, EXAMS, recorded_pass, scenarios
from tests.strategies_scored import LEVEL, instances

Met = Callable[[Sequence[Person], dt.date], bool]
"""Whether the level's exam rules are met by these people on a day (brute force)."""


def _counts_on(person: Person, day: dt.date) -> bool:
    return person.leaves_on is None or person.leaves_on > day


def _expected_at_risk(staff: Sequence[Person], day: dt.date, gates_ok: bool, met: Met) -> list[str]:
    """The people counting on `day` without whom alone the level, met that day, is not (roster order)."""
    people = [p for p in staff if _counts_on(p, day)]
    if not (gates_ok and met(people, day)):
        return []
    return [p.id for p in people if not met([q for q in people if q is not p], day)]


def _slots_met(catalog: Catalog, level_id: str) -> Met:
    """A slotted level: every slot filled, each person given as the roles their passes on the day fill."""
    level = next(lv for lv in catalog.levels if lv.id == level_id)
    exams = {e.code: e for e in catalog.exams}

    def met(people: Sequence[Person], day: dt.date) -> bool:
        roles = [frozenset(r.id for r in catalog.roles if fills(scored.held(p, exams, day), catalog, r.id))
                 for p in people]
        return level_met(level, roles)
    return met


def _score_met(loaded: LoadedScenario, catalog: Catalog) -> Met:
    """A scored level: the total and every metric's minimum, each person counted once in each metric."""
    rules = scored.Rules.of(loaded.scenario, catalog, LEVEL)

    def met(people: Sequence[Person], day: dt.date) -> bool:
        return scored.met(rules, [rules.metrics_of(scored.held(p, rules.exams, day)) for p in people])
    return met


def _standings(report: CheckReport, level_id: str) -> tuple[LevelStanding, LevelStanding]:
    """The level's standing today and on the deadline."""
    return (next(lv for lv in report.levels if lv.level == level_id),
            next(lv for lv in report.levels_on_deadline if lv.level == level_id))


def _agrees(loaded: LoadedScenario, level_id: str, met: Met) -> tuple[LevelStanding, LevelStanding]:
    """check's at-risk people and exam-rule verdicts, today and on the deadline, equal the brute force's."""
    scenario = loaded.scenario
    days = (scenario.as_of, scenario.deadline or scenario.as_of)
    standings = _standings(check(loaded), level_id)
    for day, standing in zip(days, standings, strict=True):
        gates_ok = all(g.ok for g in standing.gates)
        expected = _expected_at_risk(scenario.staff, day, gates_ok, met)
        people = [p for p in scenario.staff if _counts_on(p, day)]
        assert (met(people, day), expected) == (standing.exam_rules_met, standing.at_risk)
    return standings


def _resilience_agrees(loaded: LoadedScenario, level_id: str,
                       standings: tuple[LevelStanding, LevelStanding]) -> None:
    """A level met on the deadline: nobody at risk today and then <=> `plan --resilience 1` adds nothing."""
    today, deadline = standings
    event(f"met today {today.met}, on the deadline {deadline.met}; at risk today {bool(today.at_risk)}, "
          f"on the deadline {bool(deadline.at_risk)}")
    if not deadline.met:
        return
    report = plan(loaded, level_id, resilience=1, fixes=False, explain=False)
    unchanged = report.reachable and 0 == report.total_new_exams + (report.total_renewals or 0) + len(
        report.hires)
    assert (not today.at_risk and not deadline.at_risk) == unchanged


# ---- rosters where levels are often met, so that departures matter --------------------------------------

LISTS = {lst.id: lst.exams for lst in CATALOG.lists}
KINDS = ["AB", "AB", "C", "C", "ABC", "A"]  # the lists a person holds one exam of


@st.composite
def holder(draw: st.DrawFn, as_of: dt.date) -> list[Any]:
    """The passes of one exam of each list of a kind (MB2-709, which stops counting after 2018, often
    among them), dated no later than as_of."""
    codes = [draw(st.sampled_from(LISTS[k] + (["MB2-709"] * 3 if k == "A" else [])))
             for k in draw(st.sampled_from(KINDS))]
    codes = [c for c in dict.fromkeys(codes) if not (EXAMS[c].first_take and EXAMS[c].first_take > as_of)]
    return [draw(recorded_pass(c, as_of)) for c in codes]


@st.composite
def slotted_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A Cloud CRM scenario of 2 to 7 people, mostly with its gates met, most of whom hold a role's exams
    and some of whom leave before, on or after the deadline."""
    data = draw(scenarios(max_people=5))
    as_of = dt.date.fromisoformat(data["as_of"])
    deadline = dt.date.fromisoformat(data.get("deadline", str(as_of + dt.timedelta(days=365))))
    if draw(st.integers(0, 3)) > 0:
        data["organization"] = {"market": "developed", "revenue_usd": 1_000_000, "dpor": True}
    for person in data["staff"]:
        if draw(st.integers(0, 3)) > 0:
            person["passed"] = draw(holder(as_of))
    for n in range(draw(st.integers(max(0, 2 - len(data["staff"])), 7 - len(data["staff"])))):
        extra: dict[str, Any] = {"id": f"q{n}", "passed": draw(holder(as_of))}
        if draw(st.integers(0, 3)) == 0:
            extra["leaves_on"] = draw(st.sampled_from([as_of, deadline, deadline + dt.timedelta(days=1)]))
        data["staff"].append(extra)
    return data


@st.composite
def scored_instances(draw: st.DrawFn) -> tuple[Catalog, dict[str, Any]]:
    """A scored catalog and scenario whose total is, most of the time, a little under the points the roster
    scores today, so that the level is met and one departure can undo it."""
    catalog, data = draw(instances())
    if draw(st.integers(0, 3)) == 0:
        return catalog, data
    loaded = load_scenario_data(data, "hypothesis.yaml", catalog=catalog)
    rules = scored.Rules.of(loaded.scenario, catalog, LEVEL)
    people = [p for p in loaded.scenario.staff if _counts_on(p, loaded.scenario.as_of)]
    today = sum(scored.points(rules, [rules.metrics_of(scored.held(p, rules.exams, loaded.scenario.as_of))
                                      for p in people]).values())
    total = max(0.5, math.floor(today * 10) / 10 - draw(st.sampled_from([0, 0, 0.5, 1, 3, 8])))
    level = catalog.levels[0]
    assert level.score is not None
    changed = level.model_copy(update={"score": level.score.model_copy(update={"total": total})})
    return catalog.model_copy(update={"levels": [changed]}), data


# ---- the properties ----------------------------------------------------------------------------------------

@given(data=slotted_scenarios(), level=st.sampled_from(["silver", "gold"]))
def test_at_risk_on_a_slotted_level_is_who_alone_breaks_the_slots(data: dict[str, Any], level: str):
    """Cloud CRM: at risk are exactly the people without whom alone the slots of a met level cannot all be
    filled, today and on the deadline; nobody at risk exactly when resilience 1 needs no new exam."""
    loaded = load_scenario_data(data, "hypothesis.yaml", catalog=CATALOG)
    standings = _agrees(loaded, level, _slots_met(loaded.catalog, level))
    _resilience_agrees(loaded, level, standings)


@given(instance=scored_instances())
def test_at_risk_on_a_scored_level_is_who_alone_breaks_the_score(instance: tuple[Catalog, dict[str, Any]]):
    """A scored level: at risk are exactly the people without whom alone the score falls below the total or
    a metric's minimum, today and on the deadline; nobody at risk exactly when resilience 1 changes
    nothing."""
    catalog, data = instance
    loaded = load_scenario_data(data, "hypothesis.yaml", catalog=catalog)
    standings = _agrees(loaded, LEVEL, _score_met(loaded, catalog))
    _resilience_agrees(loaded, LEVEL, standings)
