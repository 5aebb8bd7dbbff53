"""The shipped scenarios of issue 21 give the answers their headers work out by hand: Adventure Works (Data &
AI: gate steps and an expert certification's prerequisite) and Tailwind Traders (Modern Work: both paths
scored side by side, usage and deployments per association type)."""

from __future__ import annotations

import planner
from tests.conftest import SCENARIOS

ADVENTURE = SCENARIOS / "adventure-works-data-ai-gates.yaml"
TAILWIND = SCENARIOS / "tailwind-modern-work-paths.yaml"


def _score(level):
    return level.score.points, level.met, [(s.step, s.people, s.needed, s.met)
                                           for m in level.score.metrics for s in (m.steps or [])]


def test_adventure_works_check_today_waits_behind_its_second_gate_step():
    """Today 60 of 70: step 1 has Ada and Bo, step 2 only Ada (Cy's AZ-305 lacks its prerequisite), so the
    two intermediate people earn nothing."""
    report = planner.check(planner.load_scenario(ADVENTURE))
    (today,) = report.levels
    assert (60.0, False, [(1, 2, 2, True), (2, 1, 2, False)]) == _score(today)


def test_adventure_works_check_on_the_deadline_has_lost_adas_and_elis_certifications():
    """On the deadline 60 again: step 1 has Bo only, and the losses are Eli's, then Ada's two, by day."""
    report = planner.check(planner.load_scenario(ADVENTURE))
    (later,) = report.levels_on_deadline
    losses = [(loss.person, loss.day.isoformat(), loss.exam) for loss in report.losses]
    assert ((60.0, False, [(1, 1, 2, False), (2, 0, 2, False)]), [
        ("eli", "2027-02-14", "@azure-database-administrator-associate"),
        ("ada", "2027-03-09", "@azure-administrator-associate"),
        ("ada", "2027-04-01", "@azure-solutions-architect-expert"),
    ]) == (_score(later), losses)


def _tracks(level):
    return [(t.track, t.points, t.met, t.counts) for t in level.score.tracks or []]


def test_tailwind_check_today_is_met_on_both_paths_and_the_smb_path_counts():
    """Today the enterprise path scores 73.5 and the SMB path 88; both meet 70, the higher counts."""
    report = planner.check(planner.load_scenario(TAILWIND))
    (today,) = report.levels
    assert (True, [("enterprise", 73.5, True, False), ("smb", 88.0, True, True)]) == (
        today.met, _tracks(today))


def test_tailwind_check_on_the_deadline_fails_both_paths_for_want_of_an_intermediate_person():
    """On the deadline Kai's fundamentals stop counting, Jon's expires and Mo has left: intermediate 0 fails
    both paths (66 and 78); Ivy alone holds the advanced points today."""
    report = planner.check(planner.load_scenario(TAILWIND))
    (today,) = report.levels
    (later,) = report.levels_on_deadline
    intermediate = next(m for m in later.score.metrics if m.metric == "intermediate-certifications")
    assert (False, [("enterprise", 66.0, False, False), ("smb", 78.0, False, True)], 0.0, ["ivy"]) == (
        later.met, _tracks(later), intermediate.points, today.at_risk)
