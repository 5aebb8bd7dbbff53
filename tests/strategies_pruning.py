"""Hypothesis strategies for the pruning properties: small rosters of people alike but for one fact.

Pruning by dominance (planner/core/pruning.py) drops a person when k people earlier in the roster can do
whatever they can: cover the same exam lists, take the same exams in the same months at no more risk, as
many a month and as many in all, at no higher rate (k: the most people a plan uses). So most rosters
here are *ladders*: k people alike, then one better than them in a single fact (a cap, exams a month,
months away, a pass factor, a rate, `can_take`, passes, a departure), planned with an objective that
ranks that fact (the risk objective for a pass factor, the time objective for the calendar): a dominance
test that overlooks the fact drops the one person the best plan needs. The other rosters are copies of
earlier people with a fact or two changed. Three kinds of level: Cloud CRM Silver and Gold (exam windows
around MB2-709's last day and MB2-877's first), a small synthetic slotted catalog whose slot holders are
different people or may be the same, and the small scored catalogs of tests/strategies_scored.py
(expiring passes, renewals); each with possible hires, scenario and per-exam pass rates, and the policy's
exams a month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from hypothesis import strategies as st

from models.catalog import Catalog, Exam, ExamList, Level, Role
from planner.rules.catalogs import shipped_catalog
from planner.rules.domain import months_between
from tests import strategies_scored


class Case(NamedTuple):
    """One comparison: the catalog planned against, the scenario mapping, the level, how to plan it."""

    catalog: Catalog
    data: dict[str, Any]
    level: str
    objective: str
    schedule: bool


CRM = shipped_catalog("cloud-crm")
# (as_of, deadline): a few months each, around MB2-709's last day (2017-12-31) and MB2-877's first
# (2018-01-01); in the last, the first and last months have too few days left to book an exam in
CRM_WINDOWS = [(dt.date(2017, 11, 20), dt.date(2018, 2, 28)), (dt.date(2017, 12, 1), dt.date(2018, 1, 31)),
               (dt.date(2018, 1, 10), dt.date(2018, 3, 31)), (dt.date(2017, 12, 27), dt.date(2018, 2, 4))]
CRM_HELD = ["MB2-717", "MB2-715", "MB2-716", "MB2-709", "MB2-710"]  # exams people may hold
CRM_TAKE = ["MB2-709", "MB2-877", "MB2-717", "MB2-715", "MB2-716", "MB2-710"]  # and may be limited to

# A synthetic catalog over A1, A2 (application), D (deployment) and C (customization): A2 opens in the
# plan's second month, D can be taken only in its first two; a dep+cus role and an app role.
AS_OF, DEADLINE = dt.date(2030, 1, 1), dt.date(2030, 4, 30)
TWIN_EXAMS = [Exam(code="A1", title="A1"), Exam(code="A2", title="A2", first_take=dt.date(2030, 2, 1)),
              Exam(code="D", title="D", last_take=dt.date(2030, 2, 28)), Exam(code="C", title="C")]
TWIN_CODES = [e.code for e in TWIN_EXAMS]

FACTORS = st.sampled_from([0.5, 0.8, 0.9, 1.25])
RATES = st.sampled_from([0, 10, 40, 150])
PASS_RATES = st.sampled_from([0.5, 0.7, 0.9, 1.0, 1.0])

OBJECTIVES = ("exams", "cost", "time", "risk")
# The facts of a person dominance compares, and the objectives that rank plans by each (every objective
# ranks the others); the calendar's facts matter with a calendar.
FACTS = ("max_new_exams", "exams_per_month", "unavailable", "pass_factor", "hourly_rate_usd", "can_take",
         "passed", "leaves_on")
RANKED_BY = {"exams_per_month": ("time",), "unavailable": ("time",), "pass_factor": ("risk",),
             "hourly_rate_usd": ("cost",)}
CALENDAR = ("exams_per_month", "unavailable")


def twin_catalog(people: str) -> Catalog:
    """The synthetic catalog, with `people` (different, or same-or-different) at both levels."""
    lists = [ExamList(id="app", name="app", exams=["A1", "A2"]), ExamList(id="dep", name="dep", exams=["D"]),
             ExamList(id="cus", name="cus", exams=["C"])]
    levels = [Level(id="silver", name="Silver", slots={"dep+cus": 1, "app": 1}, people=people),
              Level(id="gold", name="Gold", slots={"dep+cus": 2, "app": 1}, people=people)]
    roles = [Role(id="dep+cus", lists=["dep", "cus"]), Role(id="app", lists=["app"])]
    return Catalog(catalog_version=1, id="twin", name="Twin", revision=dt.date(2029, 1, 1), exams=TWIN_EXAMS,
                   lists=lists, roles=roles, levels=levels)


def one_in(draw: st.DrawFn, n: int) -> bool:
    """True one time in n, and False for hypothesis's simplest choice (which it draws more often than
    that): so a rare case stays rare."""
    return draw(st.integers(0, n - 1)) == n - 1


class How(NamedTuple):
    """The fact a ladder turns on, and how the plan is made: mostly with an objective that ranks it."""

    fact: str
    objective: str
    schedule: bool


@st.composite
def how(draw: st.DrawFn) -> How:
    fact = draw(st.sampled_from(FACTS))
    ranking = RANKED_BY.get(fact, OBJECTIVES)
    objective = draw(st.sampled_from(OBJECTIVES) if one_in(draw, 5) else st.sampled_from(ranking))
    schedule = not one_in(draw, 4 if fact in CALENDAR else 3)
    return How(fact, objective, schedule)


@dataclass(frozen=True)
class Ground:
    """What a roster is drawn over: exams people may hold and take, the plan's months and days, the
    ladder's fact, and k (the most people a plan uses: the pruning's bound)."""

    held: list[str]
    takeable: list[str]
    months: list[str]
    leave_days: list[dt.date]  # as_of, the deadline, the day after
    fact: str
    k: int

    @property
    def facts(self) -> list[str]:
        return [f for f in FACTS if self.held or f != "passed"]


def ground(held: list[str], takeable: list[str], as_of: dt.date, deadline: dt.date, fact: str, k: int
           ) -> Ground:
    return Ground(held, takeable, months_between(as_of, deadline),
                  [as_of, deadline, deadline + dt.timedelta(days=1)], fact if held or fact != "passed"
                  else "max_new_exams", k)


def _fact(fact: str, g: Ground) -> st.SearchStrategy[Any]:
    """A value of one fact of a person (None: the default)."""
    if fact == "max_new_exams":
        return st.sampled_from([None, 0, 1, 1, 2])
    if fact == "exams_per_month":
        return st.sampled_from([None, 0, 1, 2, 2, 3])
    if fact == "unavailable":
        return st.lists(st.sampled_from(g.months), unique=True, max_size=2)
    if fact == "pass_factor":
        return st.none() | FACTORS
    if fact == "hourly_rate_usd":
        return st.none() | RATES
    if fact == "can_take":
        return st.none() | st.lists(st.sampled_from(g.takeable), unique=True, max_size=3)
    if fact == "passed":
        return st.lists(st.sampled_from(g.held), unique=True, max_size=2)
    return st.sampled_from(g.leave_days).map(dt.date.isoformat)


@st.composite
def worse_and_better(draw: st.DrawFn, fact: str, g: Ground) -> tuple[Any, Any]:
    """Two values of one fact, the second strictly better for a plan (None: the default)."""
    if fact == "max_new_exams":
        worse = draw(st.sampled_from([1, 1, 1, 0, 2]))
        return worse, draw(st.sampled_from([worse + 1, None, worse + 2]))
    if fact == "exams_per_month":
        worse = draw(st.sampled_from([1, 1, 1, 0]))
        return worse, draw(st.sampled_from([worse + 1, worse + 2]))
    if fact == "unavailable":
        worse = draw(st.lists(st.sampled_from(g.months), unique=True, min_size=1, max_size=3))
        return worse, draw(st.lists(st.sampled_from(worse), unique=True, max_size=len(worse) - 1))
    if fact == "pass_factor":
        return draw(st.sampled_from([0.5, 0.8])), draw(st.sampled_from([None, 0.9, 1.25]))
    if fact == "hourly_rate_usd":
        return draw(st.sampled_from([40, 150])), draw(st.sampled_from([0, 10]))
    if fact == "leaves_on":
        return g.leave_days[draw(st.integers(0, 1))].isoformat(), None  # leaves by the deadline, or stays
    codes = g.takeable if fact == "can_take" else g.held
    worse = draw(st.lists(st.sampled_from(codes), unique=True, max_size=min(2, len(codes) - 1)))
    more = draw(st.lists(st.sampled_from([c for c in codes if c not in worse]), unique=True, min_size=1))
    return worse, None if fact == "can_take" and draw(st.booleans()) else worse + more


@st.composite
def fresh_person(draw: st.DrawFn, g: Ground, odds: int = 3) -> dict[str, Any]:
    """A person holding nothing (half the time) or a few exams, each other fact drawn one time in `odds`."""
    data: dict[str, Any] = {"passed": draw(_fact("passed", g)) if g.held and draw(st.booleans()) else []}
    for fact in FACTS[:-2]:  # not passes, not a departure
        if one_in(draw, odds):
            data[fact] = draw(_fact(fact, g))
    return {k: v for k, v in data.items() if v is not None}


@st.composite
def changed(draw: st.DrawFn, person: dict[str, Any], g: Ground) -> dict[str, Any]:
    """A copy of `person` with none, one or two facts changed (unchanged copies give the k people it takes
    to dominate)."""
    data = {k: v for k, v in person.items() if k != "id"}
    for _ in range(draw(st.sampled_from([1, 0, 0, 1, 1, 2]))):
        fact = draw(st.sampled_from(g.facts + [g.fact] * 3))
        data[fact] = draw(_fact(fact, g))
    return {k: v for k, v in data.items() if v is not None}


@st.composite
def ladder(draw: st.DrawFn, g: Ground, person: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """k people alike (k - 1 now and then), then one better than them in the ground's fact, and now and
    then someone else. Alike: `person`, or a person drawn afresh."""
    worse, better = draw(worse_and_better(g.fact, g))
    if person is None:  # holding nothing two times in three: then a plan needs their exams
        person = draw(fresh_person(g, odds=6)) | ({} if one_in(draw, 3) else {"passed": []})
    base = {k: v for k, v in person.items() if k not in (g.fact, "id")}
    alike = [{**base, g.fact: worse}] * (g.k - one_in(draw, 5))
    people = alike + [{**base, g.fact: better}] + draw(st.lists(fresh_person(g), max_size=1))
    return [{k: v for k, v in p.items() if v is not None} for p in people]


@st.composite
def roster(draw: st.DrawFn, g: Ground, sizes: list[int]) -> list[dict[str, Any]]:
    """People p0, p1, ...: a ladder (three times in four), or a first person drawn afresh and others
    mostly copies of an earlier one."""
    if not one_in(draw, 4):
        people = draw(ladder(g))
    else:
        people = []
        for _ in range(draw(st.sampled_from(sizes))):
            if people and not one_in(draw, 4):
                people.append(draw(changed(draw(st.sampled_from(people)), g)))
            else:
                people.append(draw(fresh_person(g)))
    return [{"id": f"p{i}", **person} for i, person in enumerate(people)]


@st.composite
def costs(draw: st.DrawFn, codes: list[str]) -> dict[str, Any]:
    """Fees, hours, a rate and a pass rate, with per-exam overrides of each (pass rates too)."""
    data: dict[str, Any] = {"exam_fee_usd": draw(st.sampled_from([0, 100, 165])),
                            "prep_hours": draw(st.sampled_from([0, 4, 10])),
                            "hourly_rate_usd": draw(st.sampled_from([0, 50])), "pass_rate": draw(PASS_RATES)}
    overrides = draw(st.dictionaries(st.sampled_from(codes), st.fixed_dictionaries(
        {}, optional={"fee_usd": st.sampled_from([0, 80, 300]), "prep_hours": st.sampled_from([0, 20]),
                      "pass_rate": PASS_RATES}), max_size=2))
    if overrides:
        data["exams"] = overrides
    return data


@st.composite
def hiring(draw: st.DrawFn, g: Ground) -> list[dict[str, Any]]:
    """No hires two times in three; else one or two profiles of one or two hires each."""
    if not one_in(draw, 3):
        return []
    out = []
    for n in range(draw(st.integers(1, 2))):
        hp: dict[str, Any] = {"profile": f"h{n}", "cost_usd": draw(st.sampled_from([0, 100, 2000])),
                              "max": draw(st.integers(1, 2)),
                              "passed": draw(_fact("passed", g)) if g.held else []}
        for fact in ("max_new_exams", "can_take", "hourly_rate_usd"):
            if one_in(draw, 3) and (value := draw(_fact(fact, g))) is not None:
                hp[fact] = value
        out.append(hp)
    return out


def _scenario(draw: st.DrawFn, competency: str, as_of: dt.date, deadline: dt.date, codes: list[str]
              ) -> dict[str, Any]:
    return {"schema_version": 1, "name": "Pruning", "competency": competency, "as_of": as_of.isoformat(),
            "deadline": deadline.isoformat(),
            "organization": {"market": "developed", "revenue_usd": 1000000, "dpor": True},
            "costs": draw(costs(codes)), "policy": {"exams_per_month": draw(st.sampled_from([1, 1, 2]))}}


@st.composite
def crm_cases(draw: st.DrawFn) -> Case:
    """Cloud CRM Silver (k = 2, two times in three) or Gold (k = 6: 4 slots and Silver's 2)."""
    fact, objective, schedule = draw(how())
    as_of, deadline = draw(st.sampled_from(CRM_WINDOWS))
    level = draw(st.sampled_from(["silver", "silver", "gold"]))
    g = ground(CRM_HELD, CRM_TAKE, as_of, deadline, fact, 2 if level == "silver" else 6)
    data = _scenario(draw, "cloud-crm", as_of, deadline, [e.code for e in CRM.exams])
    data["staff"] = draw(roster(g, [2, 3, 3, 3, 4, 5] if level == "silver" else [4, 5, 5, 6]))
    data["hiring"] = draw(hiring(g))
    return Case(CRM, data, level, objective, schedule)


@st.composite
def twin_cases(draw: st.DrawFn) -> Case:
    """The synthetic slotted catalog (holders different people, or the same or different): Silver (k = 2)
    or Gold (k = 5: 3 slots and Silver's 2)."""
    fact, objective, schedule = draw(how())
    catalog = twin_catalog(draw(st.sampled_from(["same-or-different", "different"])))
    level = draw(st.sampled_from(["silver", "silver", "gold"]))
    g = ground(["A1", "D", "C"], TWIN_CODES, AS_OF, DEADLINE, fact, 2 if level == "silver" else 5)
    data = _scenario(draw, "twin", AS_OF, DEADLINE, TWIN_CODES)
    data["staff"] = draw(roster(g, [2, 3, 3, 4, 5]))
    data["hiring"] = draw(hiring(g))
    return Case(catalog, data, level, objective, schedule)


@st.composite
def scored_cases(draw: st.DrawFn) -> Case:
    """A small scored catalog and scenario (tests/strategies_scored.py) whose people also get calendar
    facts and odds; three times in four (when k, the sum of the thresholds, is at most 6) a ladder comes
    first."""
    fact, objective, schedule = draw(how())
    catalog, data = draw(strategies_scored.instances())
    score = catalog.levels[0].score
    assert score is not None
    k = sum(m.threshold_for(data["organization"].get("track")) for m in score.exam_metrics)
    g = ground([], strategies_scored.scored_codes(catalog.model_dump()), strategies_scored.AS_OF,
               dt.date.fromisoformat(data["deadline"]), fact, k)
    staff = [{**person, **{f: v for f in CALENDAR + ("pass_factor",)
                           if one_in(draw, 3) and (v := draw(_fact(f, g))) is not None}}
             for person in data["staff"]]
    if k <= 6 and not one_in(draw, 4):  # alike: holding nothing, or the passes of one of them
        passes = draw(st.sampled_from(staff))["passed"] if draw(st.booleans()) else []
        alike = {**draw(fresh_person(g, odds=6)), "passed": passes}
        staff = draw(ladder(g, alike)) + staff[:draw(st.integers(0, 2))]
    data = {**data, "staff": [{**person, "id": f"p{i}"} for i, person in enumerate(staff)],
            "policy": {**data["policy"], "exams_per_month": draw(st.sampled_from([1, 1, 2]))}}
    data["costs"] = {**data["costs"], "pass_rate": draw(PASS_RATES)}
    return Case(catalog, data, strategies_scored.LEVEL, objective, schedule)
