"""Scored levels (planner.rules.scoring and the point rules of planner.rules.domain), called directly.

Microsoft's partner capability score: a metric earns max x min(n, T) / T points for a count n against its
threshold T; a level needs its total (70 of 100) and, where it asks, more than 0 in every metric. Every
expected number below is worked out by hand from that rule.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from models.catalog import Catalog, Level, Metric, Role
from models.report import MetricScore
from models.scenario import Organization
from planner.rules.catalogs import shipped_catalog
from planner.rules.domain import fewest_to_count, metric_met, points_words, score_met, score_points
from planner.rules.scoring import score_standing, shortfall, slotted

# A hand-made scored level: 20 points for certified people (full at 5), 80 for usage (full at 40 percent),
# 70 to qualify, every metric above zero.
PEOPLE = {"id": "people", "name": "Certified people", "max_points": 20, "threshold": 5, "lists": ["L"]}
USAGE = {"id": "usage", "name": "Usage", "max_points": 80, "threshold": 40, "input": "usage",
         "unit": "percent"}


def _level(*, above_zero: bool = True, people: dict[str, Any] | None = None) -> Level:
    return Level.model_validate({"id": "scored", "name": "Scored level", "score": {
        "total": 70, "every_metric_above_zero": above_zero, "metrics": [people or PEOPLE, USAGE]}})


def _catalog(level: Level | None = None) -> Catalog:
    """A competency of one scored level whose people metric counts one of MB-1 or MB-2."""
    return Catalog.model_validate({
        "catalog_version": 1, "id": "hand", "name": "Hand-made", "revision": "2022-01-01",
        "exams": [{"code": "MB-1", "title": "one"}, {"code": "MB-2", "title": "two"}],
        "lists": [{"id": "L", "name": "L", "exams": ["MB-1", "MB-2"]}],
        "levels": [(level or _level()).model_dump(exclude={"slots", "people"})],
    })


def _org(usage: float = 0.0, **figures: float) -> Organization:
    return Organization(market="developed", revenue_usd=0, dpor=True, metrics={"usage": usage, **figures})


def _points(level: Level, people: int, usage: float) -> dict[str, Fraction]:
    return score_points(level, {"people": people}, _org(usage))


def _metric(max_points: float, threshold: int, min_points: float = 0) -> Metric:
    return Metric(id="m", name="m", max_points=max_points, threshold=threshold, lists=["L"],
                  min_points=min_points)


# ---- max x min(n, T) / T -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("people", "expected"),
    [pytest.param(0, Fraction(0), id="none"),
     pytest.param(4, Fraction(16), id="T-1: 20 x 4 / 5"),
     pytest.param(5, Fraction(20), id="T: all 20"),
     pytest.param(6, Fraction(20), id="T+1: capped at 20")],
)
def test_exam_metric_points_grow_in_proportion_up_to_the_threshold(people, expected):
    """Certified people earn 20 x min(n, 5) / 5 points."""
    assert expected == _points(_level(), people, 0)["people"]


@pytest.mark.parametrize(
    ("usage", "expected"),
    [pytest.param(25, Fraction(50), id="80 x 25 / 40"), pytest.param(20.5, Fraction(41), id="fractional"),
     pytest.param(50, Fraction(80), id="capped-at-80")],
)
def test_input_metric_points_read_the_scenarios_figure(usage, expected):
    """Usage earns 80 x min(figure, 40) / 40 points from organization.metrics."""
    assert expected == _points(_level(), 0, usage)["usage"]


def test_metric_points_are_exact_fractions_not_floats():
    """One of 7 people on a 15-point metric is exactly 15/7 points."""
    assert Fraction(15, 7) == _metric(15, 7).points(1, None)


# ---- 70 of 100, every metric above zero ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("people", "usage", "expected"),
    [pytest.param(5, 25, True, id="exactly-70: 20 + 50"),
     pytest.param(5, 24, False, id="68: 20 + 48"),
     pytest.param(4, 27, True, id="70.0: 16 + 54"),
     pytest.param(4, 26.5, False, id="69: 16 + 53")],
)
def test_level_is_met_from_exactly_its_total(people, usage, expected):
    """The level needs 70 points or more: exactly 70 qualifies, 68 and 69 do not."""
    level = _level()
    assert expected == score_met(level, _points(level, people, usage))


@pytest.mark.parametrize(("above_zero", "expected"), [(True, False), (False, True)],
                         ids=["above-zero-asked", "not-asked"])
def test_a_metric_at_zero_fails_the_level_only_when_every_metric_must_be_above_zero(above_zero, expected):
    """No certified people but full usage is 80 points: enough, unless every metric needs more than 0."""
    level = _level(above_zero=above_zero)
    assert expected == score_met(level, _points(level, 0, 40))


def test_a_metric_below_its_own_minimum_fails_the_level_whatever_the_total():
    """Certified people with a 12-point minimum: 2 people (8 points) and full usage (80) fail the level."""
    level = _level(people={**PEOPLE, "min_points": 12})
    assert False is score_met(level, _points(level, 2, 40))
    assert True is score_met(level, _points(level, 3, 40))


@pytest.mark.parametrize(
    ("points", "min_points", "above_zero", "expected"),
    [pytest.param(Fraction(0), 0, True, False, id="zero-above-zero-asked"),
     pytest.param(Fraction(0), 0, False, True, id="zero-not-asked"),
     pytest.param(Fraction(1, 1000), 0, True, True, id="just-above-zero"),
     pytest.param(Fraction(10), 10, True, True, id="at-its-minimum"),
     pytest.param(Fraction(999, 100), 10, True, False, id="just-below-its-minimum")],
)
def test_metric_is_met_at_its_minimum_and_above_zero_where_asked(points, min_points, above_zero, expected):
    """A metric needs its own minimum, and more than 0 points where the level asks for it."""
    assert expected == metric_met(_metric(20, 5, min_points), points, above_zero)


# ---- the fewest people a metric needs -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("max_points", "threshold", "min_points", "above_zero", "expected"),
    [pytest.param(15, 7, 5, True, 3, id="ceil: 5 x 7 / 15 = 2.33 needs 3"),
     pytest.param(20, 5, 8, True, 2, id="exact: 8 x 5 / 20 = 2"),
     pytest.param(0.3, 3, 0.1, True, 1, id="decimals exact: 0.1 x 3 / 0.3 = 1, not 1.0000000000000002"),
     pytest.param(15, 7, 15, True, 7, id="the whole metric: all 7"),
     pytest.param(15, 7, 0, True, 1, id="more than 0: one person"),
     pytest.param(15, 7, 0, False, 0, id="no minimum: nobody")],
)
def test_fewest_to_count_rounds_the_minimum_up_to_whole_people(max_points, threshold, min_points,
                                                               above_zero, expected):
    """The fewest people meeting a metric's minimum is min x T / max rounded up (at least 1 for 'more
    than 0'), and one person fewer would not meet it."""
    metric = _metric(max_points, threshold, min_points)
    fewest = fewest_to_count(metric, None, above_zero)
    assert expected == fewest
    assert metric_met(metric, metric.points(fewest, None), above_zero)
    if fewest:
        assert not metric_met(metric, metric.points(fewest - 1, None), above_zero)


# ---- points in words ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("points", "expected"),
    [pytest.param(Fraction(15), "15", id="whole"), pytest.param(Fraction(100), "100", id="whole-with-zeros"),
     pytest.param(Fraction(15, 7), "2.14", id="two-decimals"),
     pytest.param(Fraction(90, 7), "12.86", id="rounded-up"),
     pytest.param(Fraction(5, 2), "2.5", id="trailing-zero-dropped"),
     pytest.param(Fraction(0), "0", id="zero"), pytest.param(Fraction(1, 1000), "0", id="below-a-cent"),
     pytest.param(Fraction(12999, 1000), "13", id="rounds-to-whole")],
)
def test_points_words_write_at_most_two_decimals_without_trailing_zeros(points, expected):
    """Points in a sentence: two decimals at most, trailing zeros and a bare point dropped."""
    assert expected == points_words(points)


# ---- Microsoft's Business Applications figures ---------------------------------------------------------

def _business_applications() -> Level:
    (level,) = shipped_catalog("business-applications").levels
    return level


def _ba_points(track: str, **counts: float) -> dict[str, Fraction]:
    """Points for people counts (intermediate, advanced) and figures (the input metrics)."""
    people = {k: int(counts.pop(k, 0)) for k in ("intermediate-certifications", "advanced-certifications")}
    org = Organization(market="developed", revenue_usd=0, dpor=True, track=track, metrics=counts)
    return score_points(_business_applications(), people, org)


def _ba(intermediate: int, advanced: int, net_customer_adds: float, usage_growth: float,
        deployments: float, track: str = "enterprise") -> dict[str, Fraction]:
    return _ba_points(track, **{"intermediate-certifications": intermediate,
                                "advanced-certifications": advanced, "net-customer-adds": net_customer_adds,
                                "usage-growth": usage_growth, "deployments": deployments})


def test_business_applications_advanced_person_is_worth_2_14_points_on_the_enterprise_track():
    """Advanced certifications: 15 points, full at 7 people: one person earns 15/7, written 2.14."""
    points = _ba(0, 1, 0, 0, 0)["advanced-certifications"]
    assert (Fraction(15, 7), "2.14") == (points, points_words(points))


def test_business_applications_advanced_person_is_worth_7_5_points_on_the_smb_track():
    """On SMB the same metric is full at 2 people: one person earns 15 / 2 = 7.5."""
    assert Fraction(15, 2) == _ba(0, 1, 0, 0, 0, track="smb")["advanced-certifications"]


@pytest.mark.parametrize(
    ("usage_growth", "expected"),
    [pytest.param(10, True, id="70: 10 + 15 + 15 + 10 + 20"), pytest.param(9, False, id="69: one short")],
)
def test_business_applications_qualifies_at_70_of_100(usage_growth, expected):
    """10 intermediate (10 of 20), 7 advanced (15), 5 net customer adds (15), 5 deployments (20) and
    usage growth 10% (10 of 30) make 70: qualified; 9% makes 69."""
    assert expected == score_met(_business_applications(), _ba(10, 7, 5, usage_growth, 5))


def test_business_applications_85_points_without_an_advanced_person_do_not_qualify():
    """Everything full but no advanced certification: 20 + 0 + 15 + 30 + 20 = 85, yet one metric is 0."""
    points = _ba(20, 0, 5, 30, 5)
    assert (Fraction(85), False) == (sum(points.values()), score_met(_business_applications(), points))


# ---- slotted: exam metrics as roles --------------------------------------------------------------------

def test_slotted_turns_exam_metrics_into_roles_with_their_thresholds_as_slots():
    """The scored level's people metric becomes a role needing list L, with 5 slots (its threshold); the
    input metric gets no slots."""
    out = slotted(_catalog(), _org())
    assert [Role(id="people", description="Certified people", lists=["L"])] == out.roles
    assert {"people": 5} == out.level("scored").slots


@pytest.mark.parametrize(("track", "expected"),
                         [("enterprise", {"intermediate-certifications": 20, "advanced-certifications": 7}),
                          ("smb", {"intermediate-certifications": 5, "advanced-certifications": 2})])
def test_slotted_reads_the_thresholds_of_the_scenarios_track(track, expected):
    """Business Applications' slots are its thresholds on the organization's track."""
    org = Organization(market="developed", revenue_usd=0, dpor=True, track=track)
    assert expected == slotted(shipped_catalog("business-applications"), org).levels[0].slots


def test_slotted_leaves_a_catalog_without_scored_levels_as_it_is():
    """Cloud CRM has slots already: slotted returns the very same catalog."""
    crm = shipped_catalog("cloud-crm")
    assert crm is slotted(crm, _org())


# ---- score_standing and shortfall ---------------------------------------------------------------------

def test_score_standing_lists_each_metric_and_the_total_short_of_70():
    """4 people (16 of 20) and usage 25% (50 of 80) make 66 of 70: each metric above 0, the level not met."""
    standing = score_standing("hand:scored", _level(), _org(25), {"people": 4})
    assert (66.0, 70.0, 100.0, False, None) == (standing.points, standing.needed, standing.out_of,
                                                standing.met, standing.track)
    assert [MetricScore(metric="people", name="Certified people", kind="people", count=4, threshold=5,
                        points=16.0, max_points=20, min_points=0, met=True),
            MetricScore(metric="usage", name="Usage", kind="input", count=25, threshold=40, points=50.0,
                        max_points=80, min_points=0, met=True)] == standing.metrics


def test_score_standing_rounds_points_to_four_decimals():
    """One advanced person on the enterprise track shows 15/7 as 2.1429."""
    org = Organization(market="developed", revenue_usd=0, dpor=True, track="enterprise",
                       metrics={"net-customer-adds": 0, "usage-growth": 0, "deployments": 0})
    standing = score_standing("ba", _business_applications(), org, {"advanced-certifications": 1})
    assert 2.1429 == next(m.points for m in standing.metrics if m.metric == "advanced-certifications")


def test_shortfall_names_the_empty_exam_metric_and_the_one_person_it_needs():
    """No certified people but full usage: 80 points is enough, but the people metric needs 1 person."""
    assert ["Certified people has 0 points: it needs 1 more person with one of MB-1 or MB-2"] == shortfall(
        _catalog(), _level(), _org(40), {"people": 0})


def test_shortfall_counts_the_people_a_metric_minimum_still_needs():
    """A 12-point minimum needs 12 x 5 / 20 = 3 people; with 1 (4 points) it needs 2 more, and 4 + 80 =
    84 is enough in total."""
    level = _level(people={**PEOPLE, "min_points": 12})
    assert ["Certified people has 4 points: it needs 2 more people with one of MB-1 or MB-2"] == shortfall(
        _catalog(level), level, _org(40), {"people": 1})


def test_shortfall_says_the_total_and_the_room_left_in_exam_metrics():
    """16 + 50 = 66 of 70: 4 short, with room for 1 more person in the people metric."""
    assert ["Scored level scores 66 of the 70 points needed, 4 short; room left: Certified people 16 of 20 "
            "(4 of 5 people)"] == shortfall(_catalog(), _level(), _org(25), {"people": 4})


def test_shortfall_names_an_input_metric_at_zero_and_a_full_exam_metric():
    """Usage 0% earns nothing (and every metric needs more than 0); 20 of 70 is 50 short though the people
    metric is full."""
    expected = ["Usage has 0 points (organization.metrics usage: 0 of 40 percent); every metric needs more "
                "than 0",
                "Scored level scores 20 of the 70 points needed, 50 short; every exam metric is full"]
    assert expected == shortfall(_catalog(), _level(), _org(0), {"people": 5})


def test_shortfall_is_empty_for_a_level_that_is_met():
    """5 people and usage 25% make exactly 70 with every metric above 0: nothing is missing."""
    assert [] == shortfall(_catalog(), _level(), _org(25), {"people": 5})
