"""`check` on a designation of issue 21's format (planner.explain.standing with planner.rules.scoring): lists
of certifications, gate steps, a metric with parts and both tracks scored side by side, on the test catalog
tests/data/scored/gated-parts.yaml."""

from __future__ import annotations

from pathlib import Path

from planner.explain.standing import check
from planner.input.loading import load_scenario_text
from planner.report.words import score_standing_words
from planner.rules.catalogs import load_catalog_file, shipped_catalogs
from planner.rules.scoring import slotted
from tests.test_scenario_issue21 import BA

GATED = load_catalog_file(Path(__file__).parent / "data" / "scored" / "gated-parts.yaml")
CATALOGS = shipped_catalogs().with_catalogs([GATED])

# ann: the associate by a certification pass (expiring 2027-03-01) and AZ-305 undated: the expert while the
# associate holds. bob: AZ-104 and both hybrid exams. cy: the hybrid certification (expiring 2027-01-01) and
# Microsoft 365 Fundamentals (counting until 2027-03-31). dee: both hybrid exams.
TEXT = """\
schema_version: 1
name: Gated partner
competency: contoso-gated
as_of: 2026-12-01
deadline: 2027-06-30
organization:
  metrics: {usage-growth: {cpor: 300, dpor: 2000, csp: 1500}}
staff:
  - id: ann
    passed: [{certification: Azure Administrator Associate, date: 2026-03-01}, AZ-305]
  - id: bob
    passed: [AZ-104, {exam: AZ-800, date: 2026-02-01}, {exam: AZ-801, date: 2026-02-01}]
  - id: cy
    passed:
      - {certification: Windows Server Hybrid Administrator Associate, date: 2026-01-01}
      - {certification: Microsoft 365 Fundamentals, date: 2020-01-01}
  - id: dee
    passed: [AZ-800, AZ-801]
"""


def report():
    return check(load_scenario_text(TEXT, "s.yaml", catalogs=CATALOGS))


def test_gate_steps_are_roles_counting_the_most_people_any_track_needs():
    """The intermediate metric's two steps become roles; on both tracks scored, a step counts up to the two
    people enterprise needs (SMB needs one)."""
    org = load_scenario_text(TEXT, "s.yaml", catalogs=CATALOGS).scenario.organization
    level = slotted(GATED, org).levels[0]
    assert {"intermediate-certifications": 10, "intermediate-certifications.step-1": 2,
            "intermediate-certifications.step-2": 2, "advanced-certifications": 3} == level.slots


def test_check_scores_every_track_and_the_higher_total_counts():
    """Today: enterprise 25 (no step met with one Architect Expert), SMB 4 + 4 + 12 + 30 + 22.5 = 72.5."""
    score = report().levels[0].score
    assert ("smb", 72.5, [("enterprise", 25.0, False, False), ("smb", 72.5, True, True)]) == (
        score.track, score.points, [(t.track, t.points, t.met, t.counts) for t in score.tracks])


def test_check_shows_each_gate_step():
    """Today on SMB: two Administrators and one Architect Expert (ann, by the associate and AZ-305) meet both
    steps, each earning 4; the three hybrid administrators earn 12."""
    metric = report().levels[0].score.metrics[0]
    assert ([(1, 2, 1, 4.0, True), (2, 1, 1, 4.0, True)], 3.0, 20.0) == (
        [(s.step, s.people, s.needed, s.points, s.met) for s in metric.steps], metric.count, metric.points)


def test_check_shows_each_part_and_the_best_one():
    """Usage growth on SMB: CPOR 300 of 500 (18 points), CSP 1,500 of 2,000 (22.5); DPOR does not count
    there. The best part, CSP, is the metric's count and threshold."""
    metric = report().levels[0].score.metrics[2]
    assert ([("cpor", 18.0), ("csp", 22.5)], 1500.0, 2000.0, 22.5) == (
        [(p.part, p.points) for p in metric.parts], metric.count, metric.threshold, metric.points)


def test_on_the_deadline_the_expired_associate_takes_the_expert_and_a_step_with_it():
    """On 2027-06-30 ann's associate has expired (and her undated AZ-305 no longer makes the expert): step 2
    is not met, so the intermediate metric keeps only step 1's 4 points."""
    later = report().levels_on_deadline[0].score
    assert (26.5, False, 4.0) == (later.points, later.met, later.metrics[0].points)


def test_losses_name_the_certifications_that_stop_counting():
    """The losses name certifications by title, on the last day each counts, and the designation by its
    name."""
    texts = [loss.text for loss in report().losses]
    assert ["cy's Windows Server Hybrid Administrator Associate pass stops counting after 2026-12-31: "
            "Contoso Gated Partner loses points",
            "ann's Azure Administrator Associate pass stops counting after 2027-02-28: Contoso Gated Partner "
            "loses points",
            "ann's Azure Solutions Architect Expert pass stops counting after 2027-02-28: Contoso Gated "
            "Partner loses points",
            "cy's Microsoft 365 Fundamentals pass stops counting after 2027-03-31: Contoso Gated Partner "
            "loses points"] == texts


def test_the_score_line_says_each_tracks_total():
    """The score's words end with each track's total and the one that counts."""
    words = score_standing_words(report().levels[0].score)
    assert words.endswith("; on each track: enterprise 25 (not met), smb 72.5 (met, counts)")


def test_a_track_by_designation_checks_as_the_same_track_given_once():
    """Business Applications checked with track {business-applications: smb} stands as with track: smb."""
    mapped = BA.replace("track: smb", "track: {business-applications: smb}")
    by_id = check(load_scenario_text(mapped, "s.yaml"))
    once = check(load_scenario_text(BA, "s.yaml"))
    assert once.model_dump() == by_id.model_dump()
