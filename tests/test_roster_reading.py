"""Reading a roster once (planner.explain.path._read_roster, planner.rules.holdings.HoldingsReader) reads it
as reading it person by person does: the people grouped by their passes, each catalog's reading of a group
kept, and the certifications asked about looked up once, change nothing of who counts and what they hold."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from models.scenario import Pass, Person
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
