"""The validator's roster read once per scenario (planner.validation.roster): the people who take no new
exam, counted per set of items they hold, are those a whole pass over the roster counts, in the same order;
and a roster read for one scenario is never reused for another, nor for the same one with its roster or
dates changed, nor its certification facts for another catalog or exams counting until other days."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.catalog import Exam
from models.certification import CertificationCatalog
from models.scenario import Pass, Person, Scenario
from planner.validation.holdings import Holdings
from planner.validation.roster import roster_of
from tests.helpers import scenario_dict
from tests.test_validation_holdings import AS_OF, CATALOG, DEADLINE, EXAMS, WANTED, a_pass

LEAVING = st.none() | st.sampled_from([AS_OF, DEADLINE, DEADLINE + dt.timedelta(days=1)])


def _scenario(staff: list[Person], deadline: dt.date = DEADLINE) -> Scenario:
    return Scenario.model_validate(scenario_dict([p.model_dump() for p in staff], as_of=AS_OF.isoformat(),
                                                 deadline=deadline.isoformat()))


def _exams(counts_until: dt.date | None = None) -> dict[str, Exam]:
    """The certification catalog's exams, X1 counting until `counts_until`."""
    exams = {c: CATALOG.exam(c) for c in sorted(EXAMS)}
    exams["X1"] = exams["X1"].model_copy(update={"counts_until": counts_until})
    return exams


def _book(exams: Mapping[str, Exam], catalog: CertificationCatalog = CATALOG,
          deadline: dt.date = DEADLINE) -> Holdings:
    return Holdings(exams, catalog, WANTED, AS_OF, deadline)


def _whole_pass(scenario: Scenario, taking: Collection[str], exams: Mapping[str, Exam],
                book: Holdings | None) -> list[tuple[frozenset[str], int]]:
    """The people who count and take nothing, by what they hold, one person after the other (what
    facts.Plan.others counted before the roster was read once)."""
    assert scenario.deadline is not None
    deadline = scenario.deadline
    out: Counter[frozenset[str]] = Counter()
    for p in {p.id: p for p in scenario.staff}.values():
        if p.id in taking or not (p.leaves_on is None or p.leaves_on > deadline):
            continue
        if book is not None:
            out[book.before(p)] += 1
        else:
            out[frozenset(x.exam for x in p.passed if x.exam in exams and (
                exams[x.exam].counts_until is None or deadline <= exams[x.exam].counts_until)  # type: ignore[operator]
                and (x.expires is None or deadline < x.expires))] += 1
    return list(out.items())


def _grouped(scenario: Scenario, taking: Collection[str], exams: Mapping[str, Exam],
             book: Holdings | None) -> list[tuple[frozenset[str], int]]:
    roster = roster_of(scenario)
    return list(roster.others(taking, roster.held(exams, book)).items())


@st.composite
def a_roster(draw: st.DrawFn) -> tuple[Scenario, set[str]]:
    """Up to 12 people (some alike, some leaving) and the ids of those a plan gives new exams."""
    kinds = draw(st.lists(st.lists(a_pass(), max_size=4), min_size=1, max_size=4))
    staff = [Person(id=f"p{i}", passed=draw(st.sampled_from(kinds)), leaves_on=draw(LEAVING))
             for i in range(draw(st.integers(1, 12)))]
    taking = set(draw(st.lists(st.sampled_from([p.id for p in staff]), max_size=4)))
    return _scenario(staff), taking


@given(case=a_roster(), counts_until=st.none() | st.sampled_from([AS_OF, DEADLINE]), with_book=st.booleans())
def test_roster_counts_the_people_taking_nothing_as_a_whole_pass_does(case, counts_until, with_book):
    """The people who count and take no new exam, grouped by their passes and read once per scenario, are
    counted per set of items held as a pass over every person counts them, in the order it first meets
    each set (with certifications or without, an exam counting until before the deadline or not)."""
    scenario, taking = case
    exams = _exams(counts_until)
    book = _book(exams) if with_book else None
    assert _whole_pass(scenario, taking, exams, book) == _grouped(scenario, taking, exams, book)


EXPIRED = [Pass(exam="X1", expires=AS_OF)]
"""Passes that hold nothing on the deadline."""


@pytest.mark.parametrize(
    ("staff", "expected"),
    [
        pytest.param([EXPIRED, [Pass(exam="X1")], [], EXPIRED], [({"X1"}, 1), (set(), 2)],
                     id="a group's first person takes exams: its next one places its set"),
        pytest.param([EXPIRED, [], [Pass(exam="X1")], EXPIRED], [(set(), 2), ({"X1"}, 1)],
                     id="a later group holding the same set comes first"),
    ],
)
def test_roster_counts_each_set_where_the_roster_first_names_it(staff, expected):
    """The sets held are in the order of the first person holding each who takes no new exam, whichever
    group that person is in."""
    scenario = _scenario([Person(id=f"p{i}", passed=passed) for i, passed in enumerate(staff)])
    exams = _exams()
    assert [(frozenset(items), n) for items, n in expected] == _grouped(scenario, {"p0"}, exams, None)


def test_roster_is_read_once_for_the_same_scenario():
    """Two plans re-checked against the same scenario, unchanged, share its roster."""
    scenario = _scenario([Person(id="ann", passed=[Pass(exam="X1")])])
    assert roster_of(scenario) is roster_of(scenario)


def test_roster_is_never_reused_for_a_copy_with_a_person_changed():
    """A copy of the scenario with one person's passes changed is read afresh: its holdings are its own."""
    scenario = _scenario([Person(id="ann", passed=[Pass(exam="X1")]), Person(id="bob")])
    exams = _exams()
    assert [(frozenset({"X1", "@a"}), 1), (frozenset(), 1)] == _grouped(scenario, (), exams, _book(exams))
    changed = scenario.model_copy(update={"staff": [Person(id="ann"), scenario.staff[1]]})
    assert [(frozenset(), 2)] == _grouped(changed, (), exams, _book(exams))


def test_roster_is_never_reused_once_the_roster_is_changed_in_place():
    """The same scenario object with a person replaced, added or removed, or another deadline, is read
    afresh."""
    scenario = _scenario([Person(id="ann", passed=[Pass(exam="X1")])])
    exams = _exams()
    assert [(frozenset({"X1"}), 1)] == _grouped(scenario, (), exams, None)
    scenario.staff[0] = Person(id="ann", passed=[Pass(exam="F1")])
    assert [(frozenset({"F1"}), 1)] == _grouped(scenario, (), exams, None)
    scenario.staff.append(Person(id="bob", passed=[Pass(exam="F1")]))
    assert [(frozenset({"F1"}), 2)] == _grouped(scenario, (), exams, None)
    scenario.staff = [Person(id="cat")]
    assert [(frozenset(), 1)] == _grouped(scenario, (), exams, None)
    scenario.staff = [Person(id="cat", passed=[Pass(exam="X1", expires=DEADLINE)])]
    assert [(frozenset(), 1)] == _grouped(scenario, (), exams, None)
    scenario.deadline = DEADLINE - dt.timedelta(days=1)
    assert [(frozenset({"X1"}), 1)] == _grouped(scenario, (), exams, None)


def test_roster_certifications_are_never_reused_for_another_catalog_or_exam_counting_until():
    """What a group holds of a certification is read again for another certification catalog, and for its
    exams counting until another day."""
    scenario = _scenario([Person(id="ann", passed=[Pass(exam="X1")])])
    exams = _exams()
    assert [(frozenset({"X1", "@a"}), 1)] == _grouped(scenario, (), exams, _book(exams))
    data = CATALOG.model_dump(exclude_none=True)
    for cert in data["certifications"]:
        if cert["id"] == "a":
            cert["counts_until"] = AS_OF.isoformat()
    other = CertificationCatalog.model_validate(data)
    assert [(frozenset({"X1"}), 1)] == _grouped(scenario, (), exams, _book(exams, other))
    stopped = _exams(AS_OF)
    assert [(frozenset(), 1)] == _grouped(scenario, (), stopped, _book(stopped))


def test_roster_reads_a_pass_dated_after_the_deadline_as_each_kind_of_plan_does():
    """An exam pass dated after the deadline counts for a plan whose lists name exams only (facts.Plan.held
    reads no date there) and not for one whose lists name certifications (Holdings: passed by then)."""
    scenario = _scenario([Person(id="ann", passed=[Pass(exam="F1", date=DEADLINE + dt.timedelta(days=1))])])
    exams = _exams()
    assert [(frozenset({"F1"}), 1)] == _grouped(scenario, (), exams, None)
    assert [(frozenset(), 1)] == _grouped(scenario, (), exams, _book(exams))
