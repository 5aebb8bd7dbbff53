"""Hypothesis strategies: small rosters planned for several shipped designations at once (issue 21, point 6).

The three Azure designations (Data & AI, Digital & App Innovation, Infrastructure: eleven roles, sharing
their Azure Administrator Associate and Azure Solutions Architect Expert gate steps) on a drawn track,
their own figures worth 60 of the 70 points each, and 4-9 people: hourly rates (some equal), now and then
`can_take` (a few exams) or `max_new_exams`, and 0-2 certification passes of the designations' lists or of
their prerequisites, held on the deadline or expiring before it (renewable).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from hypothesis import strategies as st

from models.catalog import certification_id
from planner.rules.catalogs import shipped_catalogs
from planner.rules.certifications import shipped_certifications

AS_OF = dt.date(2026, 12, 1)
DEADLINE = dt.date(2027, 6, 30)
AZURE = ("data-ai", "digital-app-innovation", "infrastructure")
RATES = st.sampled_from([40, 55, 55, 80, 120])


@functools.cache
def certifications_of(designations: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The certifications the designations' lists name, with their prerequisites (ids), and their exams."""
    catalogs, catalog = shipped_catalogs(), shipped_certifications()
    todo = [cid for d in designations for lst in catalogs.in_force(d, AS_OF).lists for item in lst.items
            if (cid := certification_id(item)) is not None]
    ids: list[str] = []
    while todo:
        cid = todo.pop(0)
        if cid not in ids and cid in catalog:
            ids.append(cid)
            todo += catalog.certification(cid).prerequisites
    exams = sorted({e for cid in ids for e in catalog.certification(cid).exams})
    return ids, exams


@st.composite
def certification_pass(draw: st.DrawFn, ids: list[str]) -> dict[str, Any]:
    """A pass of one of the certifications, held on the deadline or expiring before it."""
    expires = draw(st.sampled_from([DEADLINE + dt.timedelta(days=90), AS_OF + dt.timedelta(days=60)]))
    return {"certification": draw(st.sampled_from(ids)), "date": str(AS_OF - dt.timedelta(days=300)),
            "expires": str(expires)}


@st.composite
def person(draw: st.DrawFn, index: int, ids: list[str], exams: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": f"p{index}", "hourly_rate_usd": draw(RATES)}
    passes = draw(st.lists(certification_pass(ids), max_size=2))
    if passes and draw(st.integers(0, 2)):  # most people hold nothing
        data["passed"] = passes
    if draw(st.integers(0, 3)) == 0:
        data["can_take"] = draw(st.lists(st.sampled_from(exams), min_size=1, max_size=4, unique=True))
    if draw(st.integers(0, 3)) == 0:
        data["max_new_exams"] = draw(st.integers(1, 2))
    return data


@st.composite
def azure_rosters(draw: st.DrawFn) -> dict[str, Any]:
    """A scenario (the mapping a YAML file holds) planning the three Azure designations together."""
    ids, exams = certifications_of(AZURE)
    figures = {"net-customer-adds": 3, "usage-growth": 20, "deployments": 5}
    size = draw(st.integers(4, 9))
    return {
        "schema_version": 1, "name": "Azure together", "competency": AZURE[0],
        "targets": [f"{d}:solutions-partner" for d in AZURE],
        "as_of": str(AS_OF), "deadline": str(DEADLINE),
        "organization": {"track": draw(st.sampled_from(["enterprise", "smb"])),
                         "metrics": {d: dict(figures) for d in AZURE}},
        "costs": {"exam_fee_usd": 165, "prep_hours": 10, "hourly_rate_usd": 60, "renewal_prep_hours": 2},
        "staff": [draw(person(i, ids, exams)) for i in range(size)],
    }
