"""A second, made-up competency of another shape is planned correctly from its data file alone.

tests/data/synthetic-catalog.yaml has four lists, three roles (the architect needs a platform, a query and a
reporting exam, all held by the same person), Bronze (1 architect + 2 analysts, no DPOR) and Platinum
(2 architects + 1 analyst + 2 guardians, two revenue gates, DPOR), and exams that open late or retire.
Small cases are checked against answers worked out by hand; random rosters against a brute force written
here from the rules alone (it imports nothing from the planner but the catalog it reads).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.planning import check, plan
from planner.errors import ScenarioError
from planner.input.loading import load_scenario_data
from planner.rules.catalogs import load_catalog_file
from tests.conftest import LIGHT

CATALOG_FILE = Path(__file__).parent / "data" / "synthetic-catalog.yaml"
CATALOG = load_catalog_file(CATALOG_FILE)
ARCHITECT = ["XX1-001", "XX2-001", "XX3-001"]  # platform, query, reporting
FEE = 165.0


def scenario(staff: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    """A scenario mapping for the synthetic competency, dated inside its exams' interesting days."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "name": "Northwind Data",
        "competency": "synthetic-data",
        "as_of": "2020-01-15",
        "deadline": "2020-12-31",
        "organization": {"market": "developed", "revenue_usd": 500_000, "dpor": True},
        "staff": staff,
    }
    data.update(overrides)
    return data


def load(staff: list[dict[str, Any]], **overrides: Any):
    """Validate a synthetic scenario against the catalog read from the test data file."""
    return load_scenario_data(scenario(staff, **overrides), "x.yaml", catalog=CATALOG)


def new_exams(report) -> list[tuple[str, str]]:
    return [(e.person, e.exam) for e in report.new_exams]


# ---- the file alone ----------------------------------------------------------------------------------

def test_catalog_file_has_a_shape_unlike_cloud_crm():
    """The test catalog really differs: three roles, one of three lists, and 3 and 5 slots per level."""
    shape = ({r.id: len(r.lists) for r in CATALOG.roles}, {lv.id: lv.total_slots for lv in CATALOG.levels})
    assert ({"architect": 3, "analyst": 1, "guardian": 1}, {"bronze": 3, "platinum": 5}) == shape


def test_scenario_must_name_the_catalog_it_is_planned_against():
    """A scenario asking for cloud-crm is refused when planned against the synthetic catalog."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario_data(scenario([], competency="cloud-crm"), "x.yaml", catalog=CATALOG)
    assert "synthetic-data" in str(caught.value)


def test_exam_codes_no_catalog_knows_are_refused():
    """A code no known catalog lists is an unknown exam."""
    with pytest.raises(ScenarioError) as caught:
        load([{"id": "ada", "passed": ["XX9-999"]}])
    assert "unknown exam code 'XX9-999'" in str(caught.value)


def test_a_pass_of_another_competency_is_accepted_and_counts_for_nothing_here():
    """A roster records every pass: a Cloud CRM exam loads, and it fills no slot of the synthetic one."""
    with_crm = plan(load([{"id": "ada", "passed": ["MB2-717"]}, {"id": "ben"}]), "bronze")
    without = plan(load([{"id": "ada"}, {"id": "ben"}]), "bronze")
    assert (with_crm.total_new_exams, with_crm.total_cost_usd) == (without.total_new_exams,
                                                                     without.total_cost_usd)


# ---- answers worked out by hand ------------------------------------------------------------------------

def test_bronze_architect_plus_one_trained_analyst():
    """Ada is the architect, ben an analyst already; cy takes one reporting exam: one new exam."""
    staff = [{"id": "ada", "passed": ARCHITECT}, {"id": "ben", "passed": ["XX3-002"]}, {"id": "cy"}]
    report = plan(load(staff), "bronze")
    roles = {a.person: a.role for a in report.assignments}
    assert ("optimal", True, [("cy", "XX3-001")]) == (report.status, report.reachable, new_exams(report))
    assert {"ada": "architect", "ben": "analyst", "cy": "analyst"} == roles


def test_architect_needs_all_three_lists_from_one_person():
    """Ada, ben and cy hold one list each: pooling is not allowed, so bronze costs three new exams.

    Cy (reporting) is an analyst for free. Of ada (platform) and ben (query), the architect needs the two
    lists they lack (2 exams) and the other needs a reporting exam to be an analyst (1 exam): 3 in all.
    """
    staff = [{"id": "ada", "passed": ["XX1-001"]}, {"id": "ben", "passed": ["XX2-001"]},
             {"id": "cy", "passed": ["XX3-001"]}]
    report = plan(load(staff), "bronze")
    architect = next(a for a in report.assignments if a.role == "architect")
    assert (3, 3) == (report.total_new_exams, len(architect.exams))


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        pytest.param("2020-08-31", None, id="cloud-security-not-yet-available"),
        pytest.param("2020-09-01", [("gil", "XX4-002")], id="cloud-security-first-day"),
    ],
)
def test_platinum_guardian_may_take_an_exam_only_from_its_first_day(deadline, expected):
    """Gil may take only XX4-002 (from 2020-09-01): Platinum needs a deadline on or after that day."""
    staff = [{"id": "a1", "passed": ARCHITECT}, {"id": "a2", "passed": ARCHITECT},
             {"id": "an", "passed": ["XX3-001"]}, {"id": "g1", "passed": ["XX4-001"]},
             {"id": "gil", "can_take": ["XX4-002"]}]
    report = plan(load(staff, deadline=deadline), "platinum")
    assert expected == (new_exams(report) if report.status != "infeasible" else None)


@pytest.mark.parametrize(
    ("deadline", "expected_new_exams"),
    [
        pytest.param("2021-06-30", 0, id="legacy-reporting-still-counts"),
        pytest.param("2021-07-01", 1, id="legacy-reporting-stopped-counting"),
    ],
)
def test_retired_exam_counts_until_its_counts_until_day(deadline, expected_new_exams):
    """Ben's XX3-002 makes him an analyst until 2021-06-30; a day later he needs XX3-001."""
    staff = [{"id": "ada", "passed": ARCHITECT}, {"id": "ben", "passed": ["XX3-002"]},
             {"id": "cy", "passed": ["XX3-001"]}]
    report = plan(load(staff, deadline=deadline), "bronze")
    assert expected_new_exams == report.total_new_exams


def test_platinum_with_two_revenue_gates_and_dpor_reports_each_gate():
    """Platinum's two revenue gates and DPOR are each reported; only the failing one blocks reachability."""
    staff = [{"id": f"p{i}", "passed": [*ARCHITECT, "XX4-001"]} for i in range(5)]
    org = {"market": "developing", "revenue_usd": 120_000, "dpor": True}
    report = plan(load(staff, organization=org), "platinum")
    gates = {g.name: (g.ok, g.required_usd) for g in report.gates}
    assert {"revenue": (True, 100_000), "cloud-revenue": (True, 25_000), "dpor": (True, None)} == gates
    assert (True, 0) == (report.reachable, report.total_new_exams)


def test_bronze_has_no_dpor_gate():
    """Bronze does not require DPOR, so a partner without it still reaches Bronze."""
    staff = [{"id": "ada", "passed": ARCHITECT}, {"id": "ben", "passed": ["XX3-001"]},
             {"id": "cy", "passed": ["XX3-001"]}]
    org = {"market": "developed", "revenue_usd": 10_000, "dpor": False}
    report = plan(load(staff, organization=org), "bronze")
    assert (["revenue"], True) == ([g.name for g in report.gates], report.reachable)


def test_infeasible_reason_uses_the_catalog_words():
    """Nobody may take a security exam: the reason speaks of guardians' security exams."""
    staff = [{"id": f"p{i}", "passed": ARCHITECT, "can_take": []} for i in range(5)]
    report = plan(load(staff), "platinum")
    text = " ".join(report.reasons)
    assert ("infeasible", True) == (report.status, "a security exam" in text)


def test_check_reports_the_synthetic_levels():
    """`check` lists bronze and platinum with the catalog's slot counts."""
    report = check(load([{"id": "ada", "passed": ARCHITECT}]))
    slots = {lv.level: {s.role: (s.filled, s.required) for s in lv.slots} for lv in report.levels}
    assert {"bronze": {"architect": (1, 1), "analyst": (0, 2)},
            "platinum": {"architect": (1, 2), "analyst": (0, 1), "guardian": (0, 2)}} == slots


# ---- brute force ---------------------------------------------------------------------------------------
#
# Exams are personal and nobody fills two slots, so a plan is: which person fills which slot, and for each
# slot holder a set of new exams that completes their role. The brute force enumerates, for every person,
# every subset of the exams open to them (the rules restated from the catalog's dates), keeps each role's
# best subset, then tries every way to give people roles.

CODES = [e.code for e in CATALOG.exams]
DAYS = {"as_of": ["2020-01-15", "2020-07-01"],
        "deadline": ["2020-08-31", "2020-09-01", "2021-06-30", "2021-07-01"]}
EXAM_BY_CODE = {e.code: e for e in CATALOG.exams}
LIST_CODES = {lst.id: set(lst.exams) for lst in CATALOG.lists}


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@dataclass(frozen=True)
class _Rules:
    """What the brute force reads from a scenario's data: its dates, its costs and the objective."""

    as_of: dt.date
    deadline: dt.date
    costs: dict[str, Any]
    objective: str

    def counts(self, code: str) -> bool:
        """A pass of the exam still counts on the deadline."""
        end = EXAM_BY_CODE[code].counts_until
        return end is None or self.deadline <= end

    def takeable(self, code: str) -> bool:
        """The exam can be taken on some day from as_of to the deadline, and still counts then."""
        e = EXAM_BY_CODE[code]
        first = max(self.as_of, e.first_take) if e.first_take else self.as_of
        last = min(self.deadline, e.last_take) if e.last_take else self.deadline
        return first <= last and self.counts(code)

    def cost(self, person: dict[str, Any], code: str) -> int:
        """The person's cost of a new exam, in cents: fee + prep hours x hourly rate, with overrides."""
        override = self.costs.get("exams", {}).get(code, {})
        fee = override.get("fee_usd", self.costs.get("exam_fee_usd", FEE))
        hours = override.get("prep_hours", self.costs.get("prep_hours", 0))
        rate = person.get("hourly_rate_usd", self.costs.get("hourly_rate_usd", 0))
        return round((fee + hours * rate) * 100)

    def key(self, count: int, cents: int) -> tuple[int, int]:
        """(count, cents) in the order the objective compares them."""
        return (count, cents) if self.objective == "exams" else (cents, count)


def brute_force_optimum(data: dict[str, Any], level_id: str, objective: str) -> tuple[int, int] | None:
    """(new exams, cost in cents) of the best plan by exhaustive search, or None when there is none."""
    rules = _Rules(_day(data["as_of"]), _day(data["deadline"]), data.get("costs", {}), objective)
    level = next(lv for lv in CATALOG.levels if lv.id == level_id)
    roles = {r.id: r.lists for r in CATALOG.roles if level.slots.get(r.id, 0) > 0}
    best_per_person = [cheapest_per_role(rules, roles, person) for person in data["staff"]
                       if not leaves_by_deadline(rules, person)]
    optimum = best_role_choice(level.slots, roles, best_per_person)
    if optimum is None:
        return None
    return optimum if objective == "exams" else (optimum[1], optimum[0])


def leaves_by_deadline(rules: _Rules, person: dict[str, Any]) -> bool:
    """The person leaves on or before the deadline, so does not count."""
    leaves = person.get("leaves_on")
    return leaves is not None and _day(leaves) <= rules.deadline


def cheapest_per_role(rules: _Rules, roles: dict[str, list[str]],
                      person: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Role id -> the best key (see `_Rules.key`) of new exams letting the person fill the role (roles the
    person cannot fill with any allowed set of new exams are left out)."""
    held = {c for c in person.get("passed", []) if rules.counts(c)}
    open_codes = open_to(rules, person, held)
    cap = person.get("max_new_exams")
    best: dict[str, tuple[int, int]] = {}
    for size in range(len(open_codes) + 1):
        if cap is not None and size > cap:
            break
        for chosen in itertools.combinations(open_codes, size):
            k = rules.key(size, sum(rules.cost(person, c) for c in chosen))
            for rid in roles_filled(held | set(chosen), roles):
                if rid not in best or k < best[rid]:
                    best[rid] = k
    return best


def open_to(rules: _Rules, person: dict[str, Any], held: set[str]) -> list[str]:
    """The exams the person may be planned: not held, takeable in time, and in can_take when given."""
    allowed = person.get("can_take")
    return [c for c in CODES if c not in held and rules.takeable(c) and (allowed is None or c in allowed)]


def roles_filled(has: set[str], roles: dict[str, list[str]]) -> list[str]:
    """The roles (in the order given) a person holding these exams fills: one exam of each of its lists."""
    return [rid for rid, role_lists in roles.items() if all(has & LIST_CODES[lid] for lid in role_lists)]


def best_role_choice(slots: dict[str, int], roles: dict[str, list[str]],
                     best_per_person: list[dict[str, tuple[int, int]]]) -> tuple[int, int] | None:
    """The smallest sum of keys over every way to give each person a role or none that fills every slot."""
    optimum: tuple[int, int] | None = None
    for choice in itertools.product([None, *roles], repeat=len(best_per_person)):
        if any(choice.count(rid) != slots[rid] for rid in roles):
            continue
        pairs = list(zip(choice, best_per_person, strict=True))  # `choice` has one entry per person
        if any(rid is not None and rid not in best for rid, best in pairs):
            continue
        keys = [best[rid] for rid, best in pairs if rid is not None]
        total = (sum(k[0] for k in keys), sum(k[1] for k in keys))
        if optimum is None or total < optimum:
            optimum = total
    return optimum


@st.composite
def rosters(draw: st.DrawFn) -> dict[str, Any]:
    """A synthetic scenario with up to 6 people, undated passes, limits, leavers and dear exams."""
    staff = []
    as_of = draw(st.sampled_from(DAYS["as_of"]))
    day = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(str(as_of))
    # a pass of an exam that opens after as_of cannot have happened (the loader refuses it)
    passable = [e.code for e in CATALOG.exams if e.first_take is None or e.first_take <= day]
    for i in range(draw(st.integers(0, 6) | st.integers(4, 6))):
        person: dict[str, Any] = {
            "id": f"p{i}", "passed": draw(st.lists(st.sampled_from(passable), unique=True, max_size=4))}
        if draw(st.integers(0, 3)) == 0:
            person["can_take"] = draw(st.lists(st.sampled_from(CODES), unique=True, max_size=5))
        if draw(st.integers(0, 2)) == 0:
            person["max_new_exams"] = draw(st.integers(0, 3))
        if draw(st.integers(0, 5)) == 0:
            person["leaves_on"] = draw(st.sampled_from(["2020-09-01", "2021-07-01", "2021-07-02"]))
        if draw(st.booleans()):
            person["hourly_rate_usd"] = draw(st.sampled_from([0, 20, 90]))
        staff.append(person)
    costs = {"exam_fee_usd": draw(st.sampled_from([0, 100, 165])),
             "prep_hours": draw(st.sampled_from([0, 8])), "hourly_rate_usd": 40,
             "exams": {c: {"prep_hours": draw(st.sampled_from([0, 40]))}
                       for c in draw(st.lists(st.sampled_from(CODES), unique=True, max_size=3))}}
    return scenario(staff, as_of=as_of,
                    deadline=draw(st.sampled_from(DAYS["deadline"])), costs=costs)


@settings(max_examples=40 if LIGHT else settings().max_examples)  # four plans per example
@given(data=rosters())
def test_planner_optimum_equals_brute_force_on_random_synthetic_rosters(data):
    """For both levels and both objectives, CP-SAT's optimum is the brute force's (or both find none)."""
    loaded = load_scenario_data(data, "x.yaml", catalog=CATALOG)
    for level_id in ("bronze", "platinum"):
        for objective in ("exams", "cost"):
            report = plan(loaded, level_id, objective)
            found = None if report.status == "infeasible" else (report.total_new_exams,
                                                                  round(report.total_cost_usd * 100))
            assert (level_id, objective, brute_force_optimum(data, level_id, objective)) == (
                level_id, objective, found)
            assert report.status in ("optimal", "infeasible")
