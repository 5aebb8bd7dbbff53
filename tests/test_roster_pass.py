"""A roster pass derived from a cached one: a scenario with a few people changed (a fix's re-plan, a
variant) patches the cached pass of the scenario it was made from instead of reading the whole roster
again (planner/core/profiles.py), and gets what a whole pass would give."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core import profiles
from planner.core.problem import build_problem
from planner.input.loading import load_scenario_data
from tests.strategies import scenarios


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
    exams = {e.code: e for e in problem.catalog.exams}
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
