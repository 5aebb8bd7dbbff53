"""Hypothesis strategies for random, valid Cloud CRM scenarios (as the mapping a YAML file would hold).

Dates cluster around the boundaries that matter: MB2-709's last day (2017-12-31) and last counting day
(2018-12-31), MB2-877's first day (2018-01-01), and departures just before, on and after the deadline.
Recorded passes are always valid input: dated no later than as_of, on a day the exam could be taken.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from planner.rules.catalogs import shipped_catalog

CATALOG = shipped_catalog("cloud-crm")
CODES = [e.code for e in CATALOG.exams]
EXAMS = {e.code: e for e in CATALOG.exams}
DAY = dt.timedelta(days=1)
# MB2-709 and MB2-877: exams with a first or last day; drawn more often than the others
DATED = [e.code for e in CATALOG.exams if e.first_take or e.last_take or e.counts_until]
SOME_CODE = st.sampled_from(CODES) | st.sampled_from(DATED)

BOUNDARIES = [dt.date(2017, 12, 31), dt.date(2018, 1, 1), dt.date(2018, 12, 31), dt.date(2019, 1, 1)]
AS_OF_DAYS = [
    dt.date(2017, 6, 1), dt.date(2017, 11, 20), dt.date(2017, 12, 30), dt.date(2017, 12, 31),
    dt.date(2018, 1, 1), dt.date(2018, 1, 2), dt.date(2018, 6, 30), dt.date(2018, 12, 31),
    dt.date(2019, 1, 1),
]
SIZES = [0, 1, 2, 3, 4, 4, 5, 5, 6, 6, 7, 7, 7]  # most rosters big enough for Gold
MONEY = st.sampled_from([0, 50, 99.5, 100, 165, 200])
HOURS = st.sampled_from([0.5, 4, 10, 30, 80])
RATES = st.sampled_from([0, 1, 25, 60, 150, 400])
REVENUES = st.sampled_from([0, 49999.99, 50000, 99999, 100000, 149999.99, 150000, 299999, 300000, 1000000])


@st.composite
def as_of_and_deadline(draw: st.DrawFn) -> tuple[dt.date, dt.date | None]:
    """An as_of near a boundary and a deadline on or after it (None: the default, as_of + 365 days)."""
    as_of = draw(st.sampled_from(AS_OF_DAYS))
    later = [d for d in BOUNDARIES + [as_of, as_of + DAY, dt.date(2018, 6, 30), dt.date(2019, 6, 30)]
             if d >= as_of]
    deadline = draw(st.sampled_from(sorted(set(later))) if draw(st.integers(0, 4)) else st.none())
    return as_of, deadline


@st.composite
def recorded_pass(draw: st.DrawFn, code: str, as_of: dt.date) -> Any:
    """A pass of `code`: a bare code, or dated on a day it could be taken by as_of (edges favoured)."""
    exam = EXAMS[code]
    first = exam.first_take or dt.date(2015, 1, 1)
    last = min(as_of, exam.last_take or as_of)
    if first > last or draw(st.booleans()):
        return code  # no date: the loader cannot question it (person() drops exams not yet open)
    day = draw(st.sampled_from([first, last]) | st.dates(min_value=first, max_value=last))
    return {"exam": code, "date": day.isoformat()}


@st.composite
def holdings(draw: st.DrawFn) -> list[str]:
    """Exam codes held: each list's exam now and then, so people are often one exam short of a role."""
    if draw(st.integers(0, 3)) == 0:
        return []
    codes = [draw(st.sampled_from(lst.exams)) for lst in CATALOG.lists if draw(st.integers(0, 2)) == 0]
    codes += draw(st.lists(SOME_CODE, max_size=1))
    return list(dict.fromkeys(codes))


@st.composite
def person(draw: st.DrawFn, index: int, as_of: dt.date, deadline: dt.date) -> dict[str, Any]:
    """One member of staff with random holdings, options, limits, departure and rate."""
    codes = [c for c in draw(holdings()) if not (EXAMS[c].first_take and EXAMS[c].first_take > as_of)]
    data: dict[str, Any] = {"id": f"p{index}", "passed": [draw(recorded_pass(c, as_of)) for c in codes]}
    if draw(st.integers(0, 4)) == 4:
        data["can_take"] = draw(st.lists(SOME_CODE, unique=True, max_size=4))
    if draw(st.booleans()):
        data["max_new_exams"] = draw(st.sampled_from([0, 1, 1, 2, 3]))
    if draw(st.integers(0, 5)) == 5:
        day = draw(st.sampled_from([as_of, deadline - DAY, deadline, deadline + DAY]))
        data["leaves_on"] = day.isoformat()
    if draw(st.integers(0, 2)) > 0:
        data["hourly_rate_usd"] = draw(RATES)
    return data


@st.composite
def staff(draw: st.DrawFn, size: int, as_of: dt.date, deadline: dt.date) -> list[dict[str, Any]]:
    """`size` people; some are copies of an earlier one (another id), so people group into profiles."""
    people: list[dict[str, Any]] = []
    for i in range(size):
        if people and draw(st.integers(0, 3)) == 0:
            people.append({**draw(st.sampled_from(people)), "id": f"p{i}"})
        else:
            people.append(draw(person(i, as_of, deadline)))
    return people


@st.composite
def costs(draw: st.DrawFn) -> dict[str, Any]:
    """Fees, preparation hours and rates, with per-exam overrides so fewest-exams and cheapest differ."""
    data: dict[str, Any] = {}
    if draw(st.booleans()):
        data["exam_fee_usd"] = draw(MONEY)
    if draw(st.integers(0, 4)) > 0:
        data["prep_hours"] = draw(HOURS)
    if draw(st.booleans()):
        data["hourly_rate_usd"] = draw(RATES)
    overrides = draw(st.dictionaries(
        SOME_CODE,
        st.fixed_dictionaries({}, optional={"fee_usd": MONEY, "prep_hours": st.just(0) | HOURS}),
        max_size=5,
    ))
    if overrides:
        data["exams"] = overrides
    return data


@st.composite
def scenarios(draw: st.DrawFn, max_people: int = 7) -> dict[str, Any]:
    """A valid scenario mapping (schema_version 1) with up to `max_people` people."""
    as_of, deadline = draw(as_of_and_deadline())
    effective = deadline or as_of + dt.timedelta(days=365)
    size = draw(st.sampled_from([n for n in SIZES if n <= max_people]))
    data: dict[str, Any] = {
        "schema_version": 1,
        "name": "Hypothesis Partner",
        "as_of": as_of.isoformat(),
        "organization": {
            "market": draw(st.sampled_from(["developed", "developing", "emerging"])),
            "revenue_usd": draw(REVENUES),
            "dpor": draw(st.booleans()),
        },
        "costs": draw(costs()),
        "staff": draw(staff(size, as_of, effective)),
    }
    if deadline is not None:
        data["deadline"] = deadline.isoformat()
    return data
