"""Hypothesis strategies for small random scored catalogs and scenarios (the mappings YAML files would hold).

A catalog has 2-4 exams (some retired, some not open yet), 1-3 exam metrics over lists of one or two of
them (lists may share exams; now and then a metric needs one exam of each of two lists), 0-2 input
metrics, thresholds 1-4 (7 now and then, beyond any roster here), one per track or one for all, max
points that seldom divide evenly (15 at T=7 or T=4, 7.5 at T=3), now and then a minimum on any metric
(one that seldom needs a whole number of people), and a total drawn from nothing to every point, so some
levels cannot be reached. A scenario has 2-5 people holding passes of which some expire:
before as_of, before the deadline (renewable when the deadline is within the year after expiry, not
when it is later), on the deadline, or after it; with leavers, `can_take`, `max_new_exams`, hourly rates,
exam fees and overrides, and renewal fees and hours.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from models.catalog import Catalog

CATALOG_ID = "scored"
LEVEL = "designation"
TRACKS = ("enterprise", "smb")
AS_OF = dt.date(2026, 12, 1)
# the deadline within a year of as_of (every expiry before it renewable), or beyond (some not)
DEADLINES = [dt.date(2027, 6, 30), dt.date(2027, 3, 1), dt.date(2028, 1, 31)]
DAY = dt.timedelta(days=1)
SIZES = [3, 4, 5, 5, 2, 4]  # people on the roster, mostly enough to reach a threshold of 3 or 4
CODES = ["E1", "E2", "E3", "E4"]
MAX_POINTS = st.sampled_from([15, 20, 10, 7.5, 30, 5, 12.5, 1])
THRESHOLDS = st.sampled_from([1, 2, 2, 3, 3, 4, 4, 7])
# minimums that seldom need a whole number of people: 5 of 15 at T=7 needs 2.33 people, so 3
MIN_POINTS = st.sampled_from([1, 2.5, 5, 7.5, 12])
MONEY = st.sampled_from([0, 10, 50, 99.5, 165])
HOURS = st.sampled_from([0, 0.5, 1, 4, 10])
RATES = st.sampled_from([0, 1, 25, 60, 150])


@st.composite
def exam(draw: st.DrawFn, code: str, deadline: dt.date) -> dict[str, Any]:
    """An exam, now and then with dates: opens after the deadline, retired but counting, or no longer
    counting on the deadline."""
    data: dict[str, Any] = {"code": code, "title": f"Exam {code}"}
    kind = draw(st.integers(0, 11))
    if kind == 9:
        data["first_take"] = deadline + DAY
    elif kind == 10:
        data.update(last_take=AS_OF - DAY, counts_until=deadline)
    elif kind == 11:
        data.update(last_take=AS_OF - DAY, counts_until=deadline - DAY)
    return data


@st.composite
def threshold(draw: st.DrawFn, by_track: bool) -> Any:
    if by_track:
        return {t: draw(THRESHOLDS) for t in TRACKS}
    return draw(THRESHOLDS)


@st.composite
def catalogs(draw: st.DrawFn, deadline: dt.date) -> dict[str, Any]:
    """A scored catalog mapping with one level, LEVEL."""
    codes = CODES[:draw(st.integers(2, 4))]
    n_exam, n_input = draw(st.integers(1, 3)), draw(st.integers(0, 2))
    lists = [{"id": f"l{i}", "name": f"list {i}",
              "exams": draw(st.lists(st.sampled_from(codes), min_size=1, max_size=2, unique=True))}
             for i in range(n_exam + (draw(st.integers(0, 4)) == 0))]
    by_track = draw(st.booleans())
    metrics: list[dict[str, Any]] = []
    for i in range(n_exam):
        # an extra list, when drawn, is a second list the first metric needs one exam of
        ids = [f"l{i}", f"l{n_exam}"] if i == 0 and len(lists) > n_exam else [f"l{i}"]
        metrics.append({"id": f"m{i}", "name": f"metric {i}", "max_points": draw(MAX_POINTS),
                        "threshold": draw(threshold(by_track)), "lists": ids})
    for i in range(n_input):
        metrics.append({"id": f"in{i}", "name": f"input {i}", "max_points": draw(MAX_POINTS),
                        "threshold": draw(threshold(by_track)), "input": f"figure-{i}"})
    for metric in metrics:  # now and then a minimum within any metric's points (more: see the regression)
        if draw(st.integers(0, 4)) == 0:
            metric["min_points"] = min(metric["max_points"], draw(MIN_POINTS))
    out_of = sum(m["max_points"] for m in metrics)
    share = draw(st.sampled_from([0.1, 0.3, 0.4, 0.5, 0.5, 0.6, 0.7, 0.7, 0.8, 0.9, 1.0]))
    score = {"total": max(0.5, round(out_of * share, 1)), "metrics": metrics,
             "every_metric_above_zero": draw(st.integers(0, 4)) > 0}
    score["total"] = min(score["total"], out_of)
    return {"catalog_version": 1, "id": CATALOG_ID, "name": "Scored", "revision": dt.date(2022, 10, 3),
            "exams": [draw(exam(c, deadline)) for c in codes], "lists": lists,
            "levels": [{"id": LEVEL, "name": "Designation", "score": score}]}


@st.composite
def recorded_pass(draw: st.DrawFn, code: str, deadline: dt.date) -> Any:
    """A pass: a bare code, or one that expires before as_of, between as_of and the deadline, on the
    deadline, the day after, or later."""
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return code
    expires = [AS_OF, AS_OF + DAY, dt.date(2027, 1, 31), deadline - DAY, deadline, deadline + DAY,
               deadline + dt.timedelta(days=200)][draw(st.integers(0, 6))]
    data: dict[str, Any] = {"exam": code, "expires": expires.isoformat()}
    if draw(st.booleans()):  # passed a year before it expires, and before as_of
        data["date"] = min(expires - dt.timedelta(days=365), AS_OF - dt.timedelta(days=30)).isoformat()
    return data


@st.composite
def person(draw: st.DrawFn, index: int, codes: list[str], startable: list[str], deadline: dt.date
           ) -> dict[str, Any]:
    """One member of staff with random passes, limits, departure and rate."""
    held = draw(st.lists(st.sampled_from(startable), unique=True, max_size=3)) if startable else []
    data: dict[str, Any] = {"id": f"p{index}", "passed": [draw(recorded_pass(c, deadline)) for c in held]}
    if draw(st.integers(0, 4)) == 0:
        least = draw(st.integers(0, 1))
        data["can_take"] = draw(st.lists(st.sampled_from(codes), unique=True, min_size=least,
                                         max_size=3))
    if draw(st.integers(0, 2)) == 0:
        data["max_new_exams"] = draw(st.sampled_from([0, 1, 1, 2]))
    if draw(st.integers(0, 6)) == 0:
        data["leaves_on"] = draw(st.sampled_from([AS_OF, deadline, deadline + DAY])).isoformat()
    if draw(st.booleans()):
        data["hourly_rate_usd"] = draw(RATES)
    return data


@st.composite
def costs(draw: st.DrawFn, codes: list[str]) -> dict[str, Any]:
    """Exam fees and hours (with per-exam overrides), rates, and renewal fees and hours."""
    data: dict[str, Any] = {}
    for field, values in [("exam_fee_usd", MONEY), ("prep_hours", HOURS), ("hourly_rate_usd", RATES),
                          ("renewal_fee_usd", MONEY), ("renewal_prep_hours", HOURS)]:
        if draw(st.booleans()):
            data[field] = draw(values)
    overrides = draw(st.dictionaries(
        st.sampled_from(codes), st.fixed_dictionaries({}, optional={"fee_usd": MONEY, "prep_hours": HOURS}),
        max_size=2))
    if overrides:
        data["exams"] = overrides
    return data


def scored_codes(catalog: dict[str, Any]) -> list[str]:
    return [e["code"] for e in catalog["exams"]]


@st.composite
def instances(draw: st.DrawFn, resilience: int = 0) -> tuple[Catalog, dict[str, Any]]:
    """A scored catalog and a scenario mapping for it with 2-5 people."""
    deadline = draw(st.sampled_from(DEADLINES))
    raw = draw(catalogs(deadline))
    catalog = Catalog.model_validate(raw)
    codes = scored_codes(raw)
    startable = [e["code"] for e in raw["exams"] if "first_take" not in e]  # passed by as_of
    assert catalog.levels[0].score is not None
    org: dict[str, Any] = {"market": "developed", "revenue_usd": 0, "dpor": False,
                           "metrics": {m.input: draw(st.sampled_from([1, 1.5, 2, 3, 4, 9, 0]))
                                       for m in catalog.levels[0].score.input_metrics if m.input}}
    if catalog.levels[0].score.tracks:
        org["track"] = draw(st.sampled_from(TRACKS))
    data: dict[str, Any] = {
        "schema_version": 1, "name": "Scored partner", "competency": CATALOG_ID, "as_of": AS_OF.isoformat(),
        "deadline": deadline.isoformat(), "organization": org, "costs": draw(costs(codes)),
        "policy": {"resilience": resilience},
        "staff": [draw(person(i, codes, startable, deadline)) for i in range(draw(st.sampled_from(SIZES)))],
    }
    return catalog, data
