"""Reading a large roster once, or less: a roster pass derived from a cached one (planner/core/profiles.py)
is what a whole pass would give (a scenario with a few people changed, a fix's re-plan, patches the cached
pass of the scenario it was made from; a pass for fewer exams, each goal planned alone, regroups the
profiles of a pass for more); reads keyed by each pass's exam and expiry tell apart what they must; and
the words for the few people a sentence names are those the whole roster gives them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from models.scenario import Person
from planner.core import profiles
from planner.core.problem import build_problem
from planner.explain.standing import check
from planner.input.loading import load_scenario_data, resolve_target
from planner.rules.domain import person_words
from tests.helpers import loaded
from tests.strategies import scenarios
from tests.strategies_designations import AZURE, azure_rosters
from tests.strategies_scored import instances


@st.composite
def _edited(draw: st.DrawFn) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]], bool]:
    """A scenario, up to three of its people changed as a fix or a variant would change them, and whether
    the plan has a calendar."""
    data = draw(scenarios(max_people=7))
    edits = []
    for _ in range(draw(st.integers(0, 3)) if data["staff"] else 0):
        changes: dict[str, Any] = draw(st.fixed_dictionaries({}, optional={
            "leaves_on": st.sampled_from([None, dt.date(2017, 12, 31)]),
            "can_take": st.sampled_from([None, [], ["MB2-716"]]),
            "max_new_exams": st.sampled_from([None, 0, 2]),
            "hourly_rate_usd": st.sampled_from([None, 5.0]),
        }))
        edits.append((draw(st.integers(0, len(data["staff"]) - 1)), changes))
    return data, edits, draw(st.booleans())


def _pass_facts(scenario: Any, problem: Any) -> tuple[Any, ...]:
    """Everything a roster pass gives, compared by value."""
    exams = {e.code: e for goal in reversed(problem.goals) for e in goal.catalog.exams}
    found, leavers, counted, hires = profiles.roster_profiles(scenario, exams, problem.exam_order,
                                                              list(problem.months), problem.settings.schedule)
    return ([(sig, p.held, p.options, p.max_new, p.members, p.hire_profile, p.hire_cost_cents, p.per_month,
              p.rate) for sig, p in found.items()], [p.id for p in leavers], counted, hires)


@settings(max_examples=max(20, settings.default.max_examples // 3))
@given(_edited())
def test_a_roster_pass_derived_from_a_few_changed_people_is_the_pass_made_afresh(case):
    """The profiles, leavers and hires of a scenario with a few people changed, patched from the cached pass
    of the scenario before the change, are those a whole pass over the changed roster makes."""
    data, edits, calendar = case
    lo = load_scenario_data(data, "edited.yaml")
    staff = list(lo.scenario.staff)
    for i, changes in edits:
        staff[i] = staff[i].model_copy(update=changes)
    changed = lo.scenario.model_copy(update={"staff": staff})
    problem = build_problem(lo, "gold", "time" if calendar else "exams")
    profiles._ROSTER_PASSES.clear()
    afresh = _pass_facts(changed, problem)
    profiles._ROSTER_PASSES.clear()
    _pass_facts(lo.scenario, problem)
    assert afresh == _pass_facts(changed, problem)


@settings(max_examples=max(20, settings.default.max_examples // 3))
@given(scenarios(max_people=7), st.booleans(),
       st.sampled_from(["cloud-crm:gold", "cloud-business-applications:silver"]))
def test_a_roster_pass_for_one_goal_made_from_the_pass_for_two_is_the_pass_made_afresh(data, calendar, label):
    """After the pass for Cloud CRM Gold with Cloud Business Applications Silver, the pass for one of them
    (fewer exams), regrouped from it, is the one a whole pass over the roster makes."""
    lo = load_scenario_data(data, "two.yaml")
    goals = [resolve_target(t, lo.scenario, lo.catalogs)
             for t in ("cloud-crm:gold", "cloud-business-applications:silver")]
    objective = "time" if calendar else "exams"
    both = build_problem(lo, goals[0].level, objective, targets=goals)
    alone = build_problem(lo, "x", objective, targets=[g for g in goals if g.label == label])
    profiles._ROSTER_PASSES.clear()
    afresh = _pass_facts(lo.scenario, alone)
    profiles._ROSTER_PASSES.clear()
    _pass_facts(lo.scenario, both)
    assert afresh == _pass_facts(lo.scenario, alone)


@settings(max_examples=max(20, settings.default.max_examples // 3))
@given(instances(), st.data())
def test_a_roster_pass_for_fewer_exams_keeps_only_their_renewals(instance, data):
    """On a scored roster whose certifications expire and renew, the pass for some of the catalog's exams,
    regrouped from the pass for all of them, is the one a whole pass makes: the renewals of the other
    exams are not theirs."""
    catalog, scenario = instance
    lo = load_scenario_data(scenario, "scored.yaml", catalog=catalog)
    exams = {e.code: e for e in catalog.exams}
    order = {c: n for n, c in enumerate(exams)}
    some = data.draw(st.lists(st.sampled_from(list(exams)), min_size=1, unique=True))
    fewer = {c: n for n, c in enumerate(some)}
    profiles._ROSTER_PASSES.clear()
    afresh = profiles.roster_profiles(lo.scenario, exams, fewer, [], False)
    profiles._ROSTER_PASSES.clear()
    profiles.roster_profiles(lo.scenario, exams, order, [], False)
    regrouped = profiles.roster_profiles(lo.scenario, exams, fewer, [], False)
    assert _by_value(afresh) == _by_value(regrouped)


def _by_value(found: Any) -> tuple[Any, ...]:
    by_profile, leavers, counted, hires = found
    return ([(sig, p.held, p.options, p.max_new, p.members, p.hire_profile, p.hire_cost_cents, p.per_month,
              p.rate) for sig, p in by_profile.items()], [p.id for p in leavers], counted, hires)


def test_a_roster_pass_for_fewer_exams_keeps_its_people_in_roster_order():
    """Two profiles that differ only in an exam left out become one whose people are in roster order
    (p0 and p3 hold that exam, p1 and p2 do not: the regrouped profile is p0, p1, p2, p3)."""
    lo = load_scenario_data({"schema_version": 1, "name": "Alternating", "as_of": "2018-03-01",
                             "organization": {"market": "developed", "revenue_usd": 0, "dpor": False},
                             "staff": [{"id": "p0", "passed": ["MB2-715"]}, {"id": "p1"}, {"id": "p2"},
                                       {"id": "p3", "passed": ["MB2-715"]}]}, "alternating.yaml")
    exams = {e.code: e for e in lo.catalog.exams}
    every = {c: n for n, c in enumerate(exams)}
    fewer = {c: n for n, c in enumerate(c for c in exams if c != "MB2-715")}
    profiles._ROSTER_PASSES.clear()
    afresh = profiles.roster_profiles(lo.scenario, exams, fewer, [], False)
    profiles._ROSTER_PASSES.clear()
    profiles.roster_profiles(lo.scenario, exams, every, [], False)
    regrouped = profiles.roster_profiles(lo.scenario, exams, fewer, [], False)
    assert [[0, 1, 2, 3]] == [p.members for p in afresh[0].values()]
    assert _by_value(afresh) == _by_value(regrouped)


def test_people_with_the_same_exams_but_other_expiry_dates_are_read_apart():
    """cy's application and deployment certifications expire before the deadline, ann's same exams do
    not: on the deadline only ann still fills Silver's pair, so Silver is still met (the roster is read
    once per exams and expiry dates, never per exams alone)."""
    cy = {"id": "cy", "passed": [{"exam": "MB2-717", "date": "2017-03-01", "expires": "2018-03-01"},
                                 {"exam": "MB2-715", "date": "2017-03-01", "expires": "2018-03-01"}]}
    ann = {"id": "ann", "passed": [{"exam": "MB2-717", "date": "2017-03-01"},
                                   {"exam": "MB2-715", "date": "2017-03-01"}]}
    report = check(loaded([cy, ann, {"id": "bob", "passed": ["MB2-716"]}]))
    assert ([True, False], [True, False]) == ([lv.met for lv in report.levels],
                                              [lv.met for lv in report.levels_on_deadline])


IDS = ["p0", "p1", "p2", "p3", "p4", "p5"]


@settings(max_examples=max(20, settings.default.max_examples // 3))
@given(st.lists(st.tuples(st.sampled_from(IDS), st.none() | st.sampled_from(["Ana", "Bo", "p1"])),
                max_size=8, unique_by=lambda t: t[0]),
       st.sets(st.sampled_from([*IDS, "gone"])))
def test_the_words_for_some_people_are_their_words_among_the_whole_roster(people, ids):
    """How a sentence calls the people it names (a name shared with anyone on the roster gets the id)
    does not depend on reading the words of everyone else."""
    staff = [Person(id=pid, name=name) for pid, name in people]
    everyone = person_words(staff)
    assert {pid: w for pid, w in everyone.items() if pid in ids} == person_words(iter(staff), ids)


def _certification_pass(loaded_: Any, problem: Any) -> tuple[Any, ...]:
    """A certification problem's roster pass (read as build_problem reads it), compared by value."""
    from planner.core.problem import exams_of

    exams, certifications = exams_of(loaded_, problem.goals, problem.exam_order, problem.certifications)
    found, leavers, counted, hires = profiles.roster_profiles(loaded_.scenario, exams, problem.exam_order,
                                                              [], False, certifications)
    return ([(p.held, p.options, p.max_new, p.members, p.rate) for p in found.values()],
            [p.id for p in leavers], counted, hires)


@settings(max_examples=max(10, settings.default.max_examples // 10))
@given(azure_rosters(), st.sampled_from(list(AZURE)))
def test_a_certification_pass_for_one_designation_made_from_the_pass_for_three_is_made_afresh(data, one):
    """After the pass for the three Azure designations together (their lists name certifications), the pass
    for one of them, regrouped from it, is the one a whole pass over the roster makes: what a person holds
    of a certification does not depend on which others are asked about."""
    lo = load_scenario_data(data, "azure.yaml")
    goals = [resolve_target(t, lo.scenario, lo.catalogs) for t in lo.scenario.targets]
    together = build_problem(lo, goals[0].level, targets=goals)
    alone = build_problem(lo, "x", targets=[g for g in goals if g.competency == one])
    profiles._ROSTER_PASSES.clear()
    afresh = _certification_pass(lo, alone)
    profiles._ROSTER_PASSES.clear()
    _certification_pass(lo, together)
    assert afresh == _certification_pass(lo, alone)


def test_people_alike_in_rate_share_the_options_of_an_exam_but_each_gets_only_their_own():
    """p0 may take every exam, p1 only MB2-716, p2 holds MB2-715 (all at one rate), p3 pays more an hour:
    each profile's options are what that person alone is offered, though earning an exam is made once per
    rate (the first of each rate made it for the others)."""
    lo = load_scenario_data({"schema_version": 1, "name": "Shared", "as_of": "2018-03-01",
                             "organization": {"market": "developed", "revenue_usd": 0, "dpor": False},
                             "staff": [{"id": "p0"}, {"id": "p1", "can_take": ["MB2-716"]},
                                       {"id": "p2", "passed": ["MB2-715"]},
                                       {"id": "p3", "hourly_rate_usd": 90.0}]}, "shared.yaml")
    exams = {e.code: e for e in lo.catalog.exams}
    order = {c: n for n, c in enumerate(exams)}
    profiles._ROSTER_PASSES.clear()
    together = profiles.roster_profiles(lo.scenario, exams, order, [], False)[0]
    alone = []
    for i, person in enumerate(lo.scenario.staff):
        profiles._ROSTER_PASSES.clear()
        one = lo.scenario.model_copy(update={"staff": [person]})
        (mine,) = profiles.roster_profiles(one, exams, order, [], False)[0].values()
        alone.append((i, mine.options))
    profiles._ROSTER_PASSES.clear()
    assert alone == [(p.members[0], p.options) for p in together.values()]
