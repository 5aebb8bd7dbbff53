"""Reading a roster once (planner.explain.path._read_roster, planner.rules.holdings.HoldingsReader) reads it
as reading it person by person does: the people grouped by their passes, each catalog's reading of a group
kept, and the certifications asked about looked up once, change nothing of who counts and what they hold."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from models.catalog import Catalog
from models.scenario import Pass, Person
from planner.explain.path import _read_roster, _read_roster_directly, _Roster
from planner.input.loading import LoadedScenario, load_scenario_data
from planner.rules.certifications import shipped_certifications
from planner.rules.holdings import _Holder, items_held_on
from tests.strategies_designations import AS_OF, AZURE, DEADLINE, certifications_of

DESIGNATIONS = ("data-ai", "business-applications")
CERTS = shipped_certifications()


def _pass_pool() -> list[dict[str, Any]]:
    """A few passes people share: certifications held on the deadline or expiring before it, and exams of
    those certifications, dated or not, one expiring before the deadline."""
    ids, exams = certifications_of(DESIGNATIONS)
    early, late = str(AS_OF - dt.timedelta(days=300)), str(DEADLINE + dt.timedelta(days=90))
    soon = str(AS_OF + dt.timedelta(days=60))
    return ([{"certification": c, "date": early, "expires": late} for c in ids[:6]]
            + [{"certification": ids[0], "date": early, "expires": soon}]
            + [{"exam": e, "date": early} for e in exams[:8]] + [{"exam": e} for e in exams[:3]]
            + [{"exam": exams[0], "date": early, "expires": soon}])


POOL = _pass_pool()


@st.composite
def rosters(draw: st.DrawFn) -> LoadedScenario:
    """A scenario of 3-8 people drawing 0-3 passes from a small pool (so several share theirs), now and
    then leaving before the deadline."""
    staff = []
    for i in range(draw(st.integers(3, 8))):
        person: dict[str, Any] = {"id": f"p{i}", "passed": draw(st.lists(st.sampled_from(POOL), max_size=3))}
        if draw(st.integers(0, 4)) == 0:
            leaves = draw(st.sampled_from([AS_OF, DEADLINE, DEADLINE + dt.timedelta(days=1)]))
            person["leaves_on"] = str(leaves)
        staff.append(person)
    figures = {"net-customer-adds": 3, "usage-growth": 20, "deployments": 5}
    return load_scenario_data({
        "schema_version": 1, "name": "Reading", "competency": DESIGNATIONS[0],
        "targets": [f"{d}:solutions-partner" for d in DESIGNATIONS], "as_of": str(AS_OF),
        "deadline": str(DEADLINE), "organization": {"track": "enterprise",
                                                     "metrics": {d: dict(figures) for d in DESIGNATIONS}},
        "staff": staff}, "reading.yaml")


def _catalog(ld: LoadedScenario, designation: str) -> Catalog:
    return ld.catalogs.in_force(designation, ld.scenario.as_of).option_catalogs()[0]


def _fields(roster: _Roster) -> tuple[Any, ...]:
    """Everything a roster holds, with the order of its touched people."""
    return (list(roster.holdings.items()), list(roster.persons), roster.others, roster.org, roster.lists,
            roster.certifications, roster.hired)


@given(rosters(), st.data())
def test_the_roster_read_once_counts_as_the_roster_read_person_by_person(ld, data):
    """For every designation, and plans touching a few people (a hire among them, now and then with a staff
    member's id), the grouped reading of the roster equals the direct one, the second plan as the first."""
    ids = [p.id for p in ld.scenario.staff]
    for _ in range(2):
        touched = data.draw(st.lists(st.sampled_from([*ids, "nobody"]), max_size=4))
        hire_id = data.draw(st.sampled_from([None, "hire", *ids]))
        hires = {} if hire_id is None else {hire_id: Person(id=hire_id, passed=[Pass.model_validate(
            data.draw(st.sampled_from(POOL)))])}
        for designation in DESIGNATIONS:
            catalog = _catalog(ld, designation)
            expected = _read_roster_directly(ld.scenario, catalog, hires, touched, CERTS)
            assert _fields(expected) == _fields(_read_roster(ld.scenario, catalog, hires, touched, CERTS))


@given(st.lists(st.sampled_from([p for p in POOL if "certification" in p]), max_size=4),
       st.sampled_from([None, ["@azure-administrator-associate"], certifications_of(AZURE)[0][:3]]))
def test_a_person_holding_certification_passes_only_holds_what_the_general_reading_says(passes, wanted):
    """items_held_on for someone whose passes all name certifications (read by their passes alone) equals
    the general reading of the same passes, certification by certification."""
    items = None if wanted is None else [f"@{c}" if not c.startswith("@") else c for c in wanted]
    person = Person(id="p", passed=[Pass.model_validate(p) for p in passes])
    exams = CERTS.exam_codes()
    holder = _Holder(person, exams, CERTS)
    asked = [c.id for c in CERTS.certifications] if items is None else [i[1:] for i in items]
    expected = frozenset(f"@{cid}" for cid in asked if holder.holds(cid, DEADLINE))
    assert expected == items_held_on(person, DEADLINE, exams, CERTS, items)


def test_a_reader_kept_for_the_same_items_reads_a_new_person_afresh():
    """Two people read with the same exams, catalog and items (the second from the reader kept): each gets
    their own certifications."""
    exams, items = CERTS.exam_codes(), ["@azure-administrator-associate", "@azure-solutions-architect-expert"]
    late = str(DEADLINE + dt.timedelta(days=90))
    admin = Person(id="a", passed=[Pass.model_validate({"certification": "azure-administrator-associate",
                                                        "expires": late})])
    nobody = Person(id="b")
    assert ([{"@azure-administrator-associate"}, set()]
            == [set(items_held_on(p, DEADLINE, exams, CERTS, items)) for p in (admin, nobody)])
