"""The validator's own restatement of a scored level's points (planner.validation.points): gate steps,
input metrics with parts, and levels scored on every track. Microsoft's worked examples (the fixtures of
test_points_issue21) are its tests too, and on every shipped designation revision it agrees with the
planner's rules (planner.rules.points) on random counts and figures.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.catalog import Catalog, Level
from models.scenario import Organization
from planner.rules.catalogs import shipped_catalogs
from planner.rules.points import track_scores, winning_track
from planner.validation.points import (
    counting_track,
    exam_metric_points,
    exam_roles,
    input_metric_points,
    people_counting,
    scored_tracks,
)
from tests.test_points_issue21 import (
    DATA_AI_2023,
    DATA_AI_2026,
    DEPLOYMENTS,
    DIGITAL_APP_2026,
    PATHS,
    SECURITY_2023_BEFORE_DEC,
    SECURITY_2023_FROM_DEC,
    SECURITY_2026,
    USAGE_GROWTH,
    people,
)


def validator_points(catalog: Catalog, holders: list[frozenset[str]], track: str | None = None) -> Fraction:
    """The first metric's points as the validator counts them from what each person holds."""
    level = catalog.levels[0]
    lists = {lst.id: set(lst.items) for lst in catalog.lists}
    counts = people_counting(level, lists, holders)
    return exam_metric_points(level.score.metrics[0], track, counts)


ALL_STEPS = "admin+architect+step3"


@pytest.mark.parametrize(
    ("catalog", "track", "holders", "expected"),
    [
        pytest.param(DATA_AI_2023, None, people("architect", "architect", "admin", "admin", "step3", "step3",
                                                "step3"), Fraction(12), id="data-ai-2023-1: 12"),
        pytest.param(DATA_AI_2023, None, people(ALL_STEPS, ALL_STEPS), Fraction(8), id="data-ai-2023-2: 8"),
        pytest.param(DATA_AI_2023, None, people("architect+step3", "architect+step3"), Fraction(0),
                     id="data-ai-2023-3: 0"),
        pytest.param(DATA_AI_2023, None, people("architect", "admin+step3", "admin+step3"), Fraction(0),
                     id="data-ai-2023-4: 0"),
        pytest.param(DATA_AI_2026, "enterprise", people(ALL_STEPS, ALL_STEPS), Fraction(8),
                     id="data-ai-2026-enterprise-2: 8"),
        pytest.param(DATA_AI_2026, "smb", people("admin", "admin", "architect", "architect", "step3", "step3",
                                                 "step3"), Fraction(20), id="data-ai-2026-smb-1: 20"),
        pytest.param(DATA_AI_2026, "smb", people("admin", "admin", "step3", "step3"), Fraction(4),
                     id="data-ai-2026-smb-3: a met step earns its 4 alone"),
        pytest.param(DATA_AI_2026, "smb", people("admin", "architect", *["step3"] * 10), Fraction(40),
                     id="steps and points capped at 40"),
        pytest.param(DIGITAL_APP_2026, "smb", people("admin", "step3", "step3"), Fraction(12),
                     id="digital-app-2026-smb-3: 12"),
        pytest.param(SECURITY_2023_BEFORE_DEC, None, people("admin", "architect", "step3"), Fraction(20, 3),
                     id="security-2023 before Dec: 6.67"),
        pytest.param(SECURITY_2023_FROM_DEC, None, people(ALL_STEPS, ALL_STEPS), Fraction(40, 3),
                     id="security-2023 from Dec: 13.3"),
        pytest.param(SECURITY_2026, "smb", people(ALL_STEPS, ALL_STEPS), Fraction(24),
                     id="security-2026-smb-2: 24"),
    ],
)
def test_validator_gate_steps_give_microsofts_worked_examples(catalog, track, holders, expected):
    """The validator's gate steps (a person once per step, in several steps; flat step points; the cap)
    give Microsoft's Data & AI, Digital & App Innovation and Security examples."""
    assert expected == validator_points(catalog, holders, track)


@pytest.mark.parametrize(
    ("metric", "track", "figures", "expected"),
    [
        pytest.param(USAGE_GROWTH, "enterprise", {"dpor": 2000, "cpor": 1500}, 30, id="usage enterprise: 30"),
        pytest.param(USAGE_GROWTH, "smb", {"csp": 1000, "cpor": 1000}, 30, id="usage smb: 30"),
        pytest.param(DEPLOYMENTS, "enterprise", {"dpor": 4, "cpor": 3}, 15, id="deployments enterprise: 15"),
        pytest.param(DEPLOYMENTS, "smb", {"csp": 4, "cpor": 4}, 20, id="deployments smb: 20"),
        pytest.param(USAGE_GROWTH, "smb", {"dpor": 4000}, 0, id="a part absent on the track counts nothing"),
    ],
)
def test_validator_parts_give_microsofts_modern_work_examples(metric, track, figures, expected):
    """The validator's input metric with parts, the higher part counting, gives Microsoft's Modern Work
    examples."""
    org = Organization(metrics={metric.input: figures})
    assert Fraction(expected) == input_metric_points(metric, track, org.metrics)


def test_validator_scores_every_track_and_the_higher_total_counts():
    """Two people and 600 CPOR growth: enterprise 10 + 18 = 28, SMB 20 + 30 = 50; SMB counts."""
    org = Organization(metrics={"usage": {"cpor": 600}})
    scores = scored_tracks(PATHS, ["enterprise", "smb"], {"people": 2}, org.metrics)
    assert ([Fraction(28), Fraction(50)], "smb") == ([s.total for s in scores], counting_track(scores).track)


def test_validator_ties_go_to_the_first_track_listed():
    """Equal totals on both tracks: the first listed counts."""
    scores = scored_tracks(PATHS, ["enterprise", "smb"], {"people": 0}, {})
    assert "enterprise" == counting_track(scores).track


# ---- agreement with planner.rules.points on every shipped designation ------------------------------------

def scored_levels() -> list[tuple[str, Level]]:
    """Every scored level of every shipped revision, named 'id@revision'."""
    catalogs = shipped_catalogs()
    return [(f"{c.id}@{c.revision}", lv) for cid in catalogs.ids() for c in catalogs.revisions(cid)
            for lv in c.levels if lv.score is not None]


SCORED = scored_levels()


@st.composite
def counts_and_figures(draw: st.DrawFn, level: Level) -> tuple[dict[str, int], Organization]:
    """People counted per exam metric and gate step, and a figure (or one per part) per input metric."""
    assert level.score is not None
    counts = {rid: draw(st.integers(0, 25)) for rid in exam_roles(level)}
    metrics: dict[str, float | dict[str, float]] = {}
    for m in level.score.input_metrics:
        figure = st.integers(0, 6000).map(float)
        metrics[m.input] = ({p: draw(figure) for p in m.parts} if m.parts else draw(figure))
    return counts, Organization(metrics=metrics)


@pytest.mark.parametrize(("name", "level"), SCORED, ids=[n for n, _ in SCORED])
@settings(max_examples=max(1, settings.default.max_examples // 3), deadline=None)
@given(data=st.data())
def test_validator_points_agree_with_the_rules_on_every_shipped_designation(name, level, data):
    """On every track of every shipped scored level, the validator's points per metric, totals, verdicts
    and counting track are the planner's rules' (random people counts and figures)."""
    counts, org = data.draw(counts_and_figures(level))
    tracks: list[str | None] = [*level.score.tracks] or [None]
    rules = track_scores(level, counts, org, None)
    mine = scored_tracks(level, tracks, counts, org.metrics)
    assert ([(s.track, s.points, s.met) for s in rules], winning_track(rules).track) == (
        [(s.track, s.points, s.met) for s in mine], counting_track(mine).track)
