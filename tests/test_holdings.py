"""What a person holds on a day when lists name certifications (planner.rules.holdings): the prerequisite
closure, Microsoft's default expiry, retirement, the ways to earn a certification, and renewals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from models.scenario import Pass, Person
from planner.rules.catalogs import shipped_catalogs
from planner.rules.certifications import shipped_certifications
from planner.rules.holdings import (
    certification_expires,
    certification_renewal_window,
    earning_window,
    items_held_on,
    renewable_certifications,
    renewal_extends_to,
    renewal_key,
    renewal_window_before,
    ways_to_earn,
)

CERTS = shipped_certifications()
EXAMS = shipped_catalogs().exams()
ADMIN, EXPERT = "@azure-administrator-associate", "@azure-solutions-architect-expert"
DAY = dt.date(2026, 12, 1)


def person(*passed: Any) -> Person:
    return Person(id="p", passed=[Pass.model_validate(p) for p in passed])


def held(*passed: Any, day: dt.date = DAY) -> frozenset[str]:
    return items_held_on(person(*passed), day, EXAMS, CERTS)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ---- the prerequisite closure ---------------------------------------------------------------------------

def test_az_305_alone_is_not_the_expert():
    """AZ-305 without Azure Administrator Associate does not make Azure Solutions Architect Expert."""
    assert (False, "AZ-305" in held("AZ-305")) == (EXPERT in held("AZ-305"), True)


def test_az_305_with_az_104_is_the_expert_and_the_associate():
    """AZ-305 and AZ-104 hold both the associate and the expert certification."""
    assert {ADMIN, EXPERT} <= held("AZ-305", "AZ-104")


def test_a_certification_pass_of_the_associate_is_the_prerequisite():
    """The associate recorded as a certification and AZ-305 as an exam: the expert."""
    assert EXPERT in held({"certification": "azure-administrator-associate", "date": "2026-06-01"}, "AZ-305")


def test_an_expert_pass_counts_without_its_prerequisite():
    """A pass naming the expert counts on its own expiry: the prerequisite mattered when it was earned."""
    assert EXPERT in held({"certification": "azure-solutions-architect-expert", "date": "2026-06-01"})


def test_the_expert_stays_earned_after_the_associate_expires():
    """AZ-104 (to 2026-07-01) counted when AZ-305 was passed on 2026-02-01: the expert counts on 2026-12-01
    though the associate has expired (Microsoft keeps an earned expert valid on its own expiry)."""
    found = held({"exam": "AZ-104", "date": "2025-07-01", "expires": "2026-07-01"},
                 {"exam": "AZ-305", "date": "2026-02-01", "expires": "2027-02-01"})
    assert (False, True) == (ADMIN in found, EXPERT in found)


def test_an_associate_earned_after_its_expert_exam_expired_earns_nothing_back():
    """AZ-104 passed after the AZ-305 pass's day but expired by now: the expert's earning day (the AZ-305
    pass) had no associate, so the expert does not count."""
    found = held({"exam": "AZ-104", "date": "2026-03-01", "expires": "2026-07-01"},
                 {"exam": "AZ-305", "date": "2026-02-01", "expires": "2027-02-01"})
    assert EXPERT not in found


def test_with_an_undated_exam_the_associate_is_needed_on_the_day():
    """AZ-305 undated: the day the expert was earned is not known, so the expired associate does not do."""
    found = held({"exam": "AZ-104", "date": "2025-07-01", "expires": "2026-07-01"}, "AZ-305")
    assert EXPERT not in found


def test_a_two_exam_certification_needs_both_exams():
    """Windows Server Hybrid Administrator Associate is AZ-800 and AZ-801."""
    item = "@windows-server-hybrid-administrator-associate"
    assert (False, True) == (item in held("AZ-800"), item in held("AZ-800", "AZ-801"))


def test_a_certification_with_several_prerequisites_needs_one():
    """DevOps Engineer Expert: AZ-400 with Azure Developer Associate (AZ-204) is enough."""
    assert "@devops-engineer-expert" in held("AZ-400", "AZ-204")


def test_items_asked_for_limit_the_certifications_worked_out():
    """With `items`, only those certifications are looked at (exam codes are always there)."""
    found = items_held_on(person("AZ-305", "AZ-104"), DAY, EXAMS, CERTS, items=[EXPERT])
    assert frozenset({"AZ-104", "AZ-305", EXPERT}) == found


# ---- expiry and retirement ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("earned", "expected"),
    [pytest.param("2021-06-29", day("2023-06-29"), id="before 30 Jun 2021: two years"),
     pytest.param("2021-06-30", day("2022-06-30"), id="from 30 Jun 2021: one year")],
)
def test_an_associate_without_expires_expires_by_microsofts_rule(earned, expected):
    """Associate, expert and specialty certifications earned from 30 Jun 2021 last a year, before then two."""
    passed = Pass(certification="azure-administrator-associate", date=day(earned))
    assert expected == certification_expires(passed, CERTS.certification("azure-administrator-associate"))


def test_a_fundamentals_certification_never_expires():
    """Microsoft 365 Fundamentals earned in 2019 has no expiry."""
    passed = Pass(certification="microsoft-365-fundamentals", date=day("2019-01-10"))
    assert None is certification_expires(passed, CERTS.certification("microsoft-365-fundamentals"))


def test_an_explicit_expiry_wins():
    """A pass's own `expires` is its expiry, whatever its kind."""
    cert = CERTS.certification("microsoft-365-fundamentals")
    passed = Pass(certification=cert.id, date=day("2019-01-10"), expires=day("2020-01-10"))
    assert day("2020-01-10") == certification_expires(passed, cert)


def test_an_undated_certification_pass_counts():
    """No date and no expires: the certification counts (when it expires is not known)."""
    assert ADMIN in held({"certification": "azure-administrator-associate"})


@pytest.mark.parametrize(
    ("on", "expected"),
    [pytest.param("2022-06-29", True, id="the day before it expires"),
     pytest.param("2022-06-30", False, id="the day it expires")],
)
def test_a_default_expiry_is_the_first_day_it_no_longer_counts(on, expected):
    """Earned 2021-06-30, the associate counts until 2022-06-29."""
    found = held({"certification": "azure-administrator-associate", "date": "2021-06-30"}, day=day(on))
    assert expected == (ADMIN in found)


@pytest.mark.parametrize(
    ("on", "expected"),
    [pytest.param("2027-03-31", True, id="counts_until"),
     pytest.param("2027-04-01", False, id="the day after")],
)
def test_a_retired_certification_counts_until_its_counts_until(on, expected):
    """Microsoft 365 Fundamentals (retired 2026-03-31) counts for the designations through 2027-03-31."""
    found = held({"certification": "microsoft-365-fundamentals", "date": "2020-05-01"}, day=day(on))
    assert expected == ("@microsoft-365-fundamentals" in found)


def test_earning_window_ends_when_the_certification_retires():
    """Azure Developer Associate (retired 2026-07-31) can be earned from as_of until it retires."""
    cert = CERTS.certification("azure-developer-associate")
    window = earning_window(cert, day("2026-01-01"), day("2026-12-31"))
    assert (day("2026-01-01"), day("2026-07-31")) == window


def test_a_certification_that_stops_counting_before_the_deadline_cannot_be_planned():
    """Microsoft 365 Fundamentals stops counting after 2027-03-31: not for a deadline after it."""
    cert = CERTS.certification("microsoft-365-fundamentals")
    assert None is earning_window(cert, day("2026-01-01"), day("2027-06-30"))


# ---- the ways to earn an item ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("item", "holding", "expected"),
    [
        pytest.param("AZ-305", set(), [{"AZ-305"}], id="an exam: itself"),
        pytest.param("AZ-305", {"AZ-305"}, [set()], id="an exam held: nothing"),
        pytest.param(EXPERT, set(), [{"AZ-104", "AZ-305"}], id="expert from nothing: with its prerequisite"),
        pytest.param(EXPERT, {"AZ-104", ADMIN}, [{"AZ-305"}], id="expert with the associate held"),
        pytest.param("@devops-engineer-expert", set(), [{"AZ-104", "AZ-400"}, {"AZ-204", "AZ-400"}],
                     id="one of two prerequisites: two ways"),
        pytest.param("@devops-engineer-expert", {"AZ-204", "@azure-developer-associate"}, [{"AZ-400"}],
                     id="one prerequisite held: one way"),
        pytest.param("@windows-server-hybrid-administrator-associate", {"AZ-800"}, [{"AZ-801"}],
                     id="two exams, one held"),
        pytest.param("@teams-meetings-and-meeting-rooms-technical-assessment", set(), [],
                     id="no known exam: cannot be planned"),
    ],
)
def test_ways_to_earn_an_item(item, holding, expected):
    """The minimal sets of exams to take, each exam once, fewest first."""
    assert [frozenset(w) for w in expected] == ways_to_earn(item, frozenset(holding), CERTS)


# ---- renewals ---------------------------------------------------------------------------------------------

def test_a_renewal_extends_from_the_current_expiry():
    """Renewed at any day of its window, a certification expiring 2027-03-15 then expires 2028-03-15."""
    assert day("2028-03-15") == renewal_extends_to(day("2027-03-15"))


def test_the_renewal_window_opens_six_months_before_expiry():
    """Expiring 2027-05-01 with a deadline of 2027-06-30: renewable from 2026-11-01 (as_of 2026-10-01)
    to 2027-04-30."""
    window = renewal_window_before(day("2027-05-01"), day("2026-10-01"), day("2027-06-30"))
    assert (day("2026-11-01"), day("2027-04-30")) == window


def test_a_certification_pass_renews_on_its_default_expiry():
    """An associate earned 2026-05-01 (expiring 2027-05-01 by Microsoft's rule) is renewable from as_of."""
    passed = Pass(certification="azure-administrator-associate", date=day("2026-05-01"))
    window = certification_renewal_window(passed, CERTS.certification("azure-administrator-associate"),
                                          day("2026-12-01"), day("2027-06-30"))
    assert (day("2026-12-01"), day("2027-04-30")) == window


def test_a_renewal_is_not_offered_when_one_year_does_not_reach_the_deadline():
    """Expiring 2027-05-01, a deadline of 2028-06-30 is beyond one renewal."""
    assert None is renewal_window_before(day("2027-05-01"), day("2026-12-01"), day("2028-06-30"))


def test_a_retired_certification_is_renewable_only_until_it_retires():
    """Azure Developer Associate retires 2026-07-31: its window ends then."""
    passed = Pass(certification="azure-developer-associate", date=day("2025-09-01"))
    window = certification_renewal_window(passed, CERTS.certification("azure-developer-associate"),
                                          day("2026-04-01"), day("2026-12-31"))
    assert (day("2026-04-01"), day("2026-07-31")) == window


def test_renewable_certifications_of_a_person():
    """A person's certification passes expiring before the deadline, with their windows, as '@<id>'."""
    p = person({"certification": "azure-administrator-associate", "date": "2026-05-01"},
               {"certification": "microsoft-365-fundamentals", "date": "2020-05-01"})
    found = renewable_certifications(p, EXAMS, CERTS, day("2026-12-01"), day("2027-06-30"))
    assert {ADMIN: (day("2026-12-01"), day("2027-04-30"))} == found


def test_a_certification_held_on_the_deadline_by_its_exams_is_not_renewed():
    """The associate's certification pass expires, but a later AZ-104 pass holds it on the deadline."""
    p = person({"certification": "azure-administrator-associate", "date": "2026-05-01"},
               {"exam": "AZ-104", "date": "2026-11-01", "expires": "2027-11-01"})
    assert {} == renewable_certifications(p, EXAMS, CERTS, day("2026-12-01"), day("2027-06-30"))


def test_a_renewal_is_named_after_its_item():
    """The renewal of '@c' is '@c~renewal' among a person's options."""
    assert "@azure-administrator-associate~renewal" == renewal_key(ADMIN)
