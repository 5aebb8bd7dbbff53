"""The validator's own restatement of what a person holds when lists name certifications
(planner.validation.holdings.Holdings): the prerequisite (one of), Microsoft's default expiry by kind and
earning day, counts_until, certifications a plan's new exams complete (not after they retire), and the
window in which a certification pass is renewed. On random passes it agrees with planner.rules.holdings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.certification import CertificationCatalog
from models.scenario import Pass, Person
from planner.rules.holdings import items_held_on
from planner.validation.holdings import Holdings, certification_pass_expires, months_later

CATALOG = CertificationCatalog.model_validate({
    "certification_catalog_version": 1,
    "exams": [{"code": c, "title": c} for c in ("X1", "X2", "Y1", "Z1", "R1", "F1")],
    "certifications": [
        {"id": "a", "title": "Alpha Associate", "kind": "associate", "exams": ["X1"]},
        {"id": "b", "title": "Beta Associate", "kind": "associate", "exams": ["X2", "Y1"]},
        {"id": "e", "title": "Epsilon Expert", "kind": "expert", "exams": ["Z1"],
         "prerequisites": ["a", "b"]},
        {"id": "r", "title": "Retired Specialty", "kind": "specialty", "exams": ["R1"],
         "retired": "2026-06-30", "counts_until": "2027-06-30"},
        {"id": "f", "title": "Foundations", "kind": "fundamentals", "exams": ["F1"]},
    ]})
EXAMS = CATALOG.exam_codes()
WANTED = ["a", "b", "e", "r", "f"]
AS_OF, DEADLINE = dt.date(2026, 9, 1), dt.date(2027, 3, 1)


def person(*passed: Any) -> Person:
    return Person(id="p", passed=[Pass.model_validate(p) for p in passed])


def book(as_of: dt.date = AS_OF, deadline: dt.date = DEADLINE) -> Holdings:
    return Holdings(EXAMS, CATALOG, WANTED, as_of, deadline)


def certs(items: frozenset[str]) -> set[str]:
    """The certifications among items, by id."""
    return {i[1:] for i in items if i.startswith("@")}


# ---- held before the plan ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("passed", "expected"),
    [
        pytest.param(["Z1"], set(), id="the expert's exam alone: nothing"),
        pytest.param(["Z1", "X1"], {"a", "e"}, id="the exam and one prerequisite's: both"),
        pytest.param(["Z1", "X2"], set(), id="half of the other prerequisite: no expert"),
        pytest.param(["Z1", "X2", "Y1"], {"b", "e"}, id="the other prerequisite, of two exams: both"),
        pytest.param([{"certification": "a", "date": "2026-08-01"}, "Z1"], {"a", "e"},
                     id="a certification pass as the prerequisite"),
        pytest.param([{"certification": "e", "date": "2026-08-01"}], {"e"},
                     id="a pass naming the expert counts alone"),
    ],
)
def test_validator_holds_a_certification_by_its_exams_and_one_prerequisite(passed, expected):
    """A certification is held by a pass naming it, or by all its exams and one of its prerequisites."""
    assert expected == certs(book().before(person(*passed)))


@pytest.mark.parametrize(
    ("kind_id", "earned", "expected"),
    [
        pytest.param("a", dt.date(2021, 6, 30), dt.date(2022, 6, 30), id="associate from 30 Jun 2021: 1y"),
        pytest.param("a", dt.date(2021, 6, 29), dt.date(2023, 6, 29), id="associate before: 2 years"),
        pytest.param("e", dt.date(2024, 2, 29), dt.date(2025, 2, 28), id="29 Feb: to 28 Feb"),
        pytest.param("f", dt.date(2020, 1, 1), None, id="fundamentals never"),
    ],
)
def test_validator_default_expiry_by_kind_and_earning_day(kind_id, earned, expected):
    """Without `expires`, associate, expert and specialty certifications expire one year after earning
    (two before 30 Jun 2021); fundamentals never."""
    passed = Pass(certification=kind_id, date=earned)
    assert expected == certification_pass_expires(passed, CATALOG.certification(kind_id))


def test_validator_an_explicit_expiry_wins_and_is_the_first_day_not_counted():
    """`expires: 2027-03-01` stops the pass on the deadline itself."""
    passed = {"certification": "a", "date": "2021-01-01", "expires": "2027-03-01"}
    assert (set(), {"a"}) == (certs(book().before(person(passed))),
                              certs(book(deadline=dt.date(2027, 2, 28)).before(person(passed))))


def test_validator_a_retired_certification_counts_until_its_counts_until():
    """Retired on 2026-06-30, counting until 2027-06-30: held on 2027-06-30, not the day after."""
    passed = {"certification": "r", "date": "2026-06-01", "expires": "2030-01-01"}
    assert ({"r"}, set()) == (certs(book(deadline=dt.date(2027, 6, 30)).before(person(passed))),
                              certs(book(deadline=dt.date(2027, 7, 1)).before(person(passed))))


def test_validator_an_expert_stays_earned_after_its_prerequisite_expires():
    """X1 (to 2026-10-01) counted when Z1 was passed (2026-08-01): the expert holds on the deadline."""
    found = book().before(person({"exam": "X1", "date": "2025-10-01", "expires": "2026-10-01"},
                                 {"exam": "Z1", "date": "2026-08-01"}))
    assert {"e"} == certs(found)


# ---- with a plan ----------------------------------------------------------------------------------------

def test_validator_a_planned_exam_completes_a_certification_with_a_held_prerequisite():
    """Holding X1, the plan's Z1 earns the expert; without X1 it earns nothing."""
    assert ({"a", "e"}, set()) == (certs(book().after(person("X1"), frozenset({"Z1"}))),
                                   certs(book().after(person(), frozenset({"Z1"}))))


def test_validator_a_retired_certification_is_not_earned_by_the_plan():
    """R1 planned after r retired (as_of 2026-09-01 > 2026-06-30): r is not held on the deadline."""
    assert set() == certs(book().after(person(), frozenset({"R1"})))


def test_validator_a_renewed_certification_pass_counts_on_the_deadline():
    """A renewal ('@a') carries an expiring pass of `a` past the deadline."""
    expiring = {"certification": "a", "date": "2026-01-10"}
    assert (set(), {"a"}) == (certs(book().before(person(expiring))),
                              certs(book().after(person(expiring), frozenset({"@a"}))))


@pytest.mark.parametrize(
    ("passed", "expected"),
    [
        pytest.param({"certification": "a", "date": "2026-01-10"}, (AS_OF, dt.date(2027, 1, 9)),
                     id="default expiry 2027-01-10: opens 2026-07-10, clipped to as_of"),
        pytest.param({"certification": "a", "date": "2026-04-10"}, None,
                     id="expires after the deadline: nothing to renew"),
        pytest.param({"certification": "a", "date": "2025-10-01", "expires": "2026-08-01"}, None,
                     id="expired before as_of: earned again, not renewed"),
        pytest.param({"certification": "f", "date": "2020-01-01"}, None, id="fundamentals never expire"),
    ],
)
def test_validator_renewal_window_of_a_certification_pass(passed, expected):
    """A certification pass is renewed from six months before it expires to the day before, between as_of
    and the deadline, when it counts on as_of and one year more carries it past the deadline."""
    cid = passed["certification"]
    assert expected == book().renewal_days(person(passed), cid)


def test_validator_months_later_keeps_the_day_or_the_months_last():
    """31 Aug + 6 months is 28 Feb (2027 is no leap year); 31 Jan - 6 months is 31 Jul."""
    assert (dt.date(2027, 2, 28), dt.date(2026, 7, 31)) == (months_later(dt.date(2026, 8, 31), 6),
                                                             months_later(dt.date(2027, 1, 31), -6))


# ---- agreement with planner.rules.holdings ----------------------------------------------------------------

DAYS = st.dates(dt.date(2019, 1, 1), dt.date(2028, 12, 31))


@st.composite
def a_pass(draw: st.DrawFn) -> Pass:
    """An exam or certification pass, dated or not, with or without `expires`."""
    date = draw(st.none() | DAYS)
    expires = draw(st.none() | DAYS)
    if date is not None and expires is not None and expires <= date:
        expires = None
    if draw(st.booleans()):
        return Pass(exam=draw(st.sampled_from(sorted(EXAMS))), date=date, expires=expires)
    return Pass(certification=draw(st.sampled_from(WANTED)), date=date, expires=expires)


@settings(max_examples=settings.default.max_examples * 4, deadline=None)
@given(passed=st.lists(a_pass(), max_size=6), day=DAYS)
def test_validator_holdings_agree_with_the_rules_on_random_passes(passed, day):
    """On any day, the validator holds exactly the exams and certifications planner.rules.holdings does."""
    someone = Person(id="p", passed=passed)
    on_day = Holdings(EXAMS, CATALOG, WANTED, min(day, AS_OF), day).before(someone)
    assert items_held_on(someone, day, EXAMS, CATALOG) == on_day


def test_what_a_person_holds_with_a_set_of_new_items_is_worked_out_once(monkeypatch):
    """The rules ask again and again what the same person holds with the same new items (six designations
    on 200 people: 2,110 questions, 211 different): each is worked out once, and a different person or set
    is not answered from another's."""
    holdings, worked = book(), []
    original = Holdings._work_out

    def counted(self, who, new):
        worked.append((who.id, new))
        return original(self, who, new)

    monkeypatch.setattr(Holdings, "_work_out", counted)
    ann, bob = Person(id="ann", passed=[Pass.model_validate("X1")]), Person(id="bob")
    z1, none = frozenset({"Z1"}), frozenset()
    answers = [certs(holdings.after(p, new)) for p, new in [(ann, z1), (ann, z1), (bob, z1), (ann, none)]]
    assert [{"a", "e"}, {"a", "e"}, set(), {"a"}] == answers
    assert [("ann", frozenset({"Z1"})), ("bob", frozenset({"Z1"})), ("ann", frozenset())] == worked
    assert {"a"} == certs(holdings.before(ann)) and len(worked) == 3
