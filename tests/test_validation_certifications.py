"""The validator re-checks plans whose lists name certifications (issue 21, spec sections 2-4 and 7): a
hand-made sound plan passes, and each hand-made wrong one is caught with its own message (a missing
prerequisite, an exam listed twice, a gate step counted with one person twice, the lower track claimed, a
certification claimed but not earned, a renewal out of its window, a cost or a part misstated).

The designation is a small one of its own (certifications a, b, e of tests.test_validation_holdings: e is
Z1 with a or b as prerequisite), scored on both tracks, higher total counting:
- intermediate-certifications: 40 points at 2 (enterprise) or 3 (smb) people holding e, behind a gate
  step of 1 person holding a;
- usage-growth: 20 points at a CPOR figure of 100 (enterprise) or 50 (smb).
Bob holds a and e; Ann holds a (X1); CPOR growth is 50. Today: enterprise 20 + 10 = 30, smb 13.33 + 20 =
33.33, the level needs 50. The plan: Ann takes Z1 (US$165) and earns e: enterprise 40 + 10 = 50 (met,
counts), smb 26.67 + 20 = 46.67.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from models.catalog import Catalog
from models.report import Assignment, NewExam, PathStep, PlanReport, ScoreStanding, TargetPlan
from models.scenario import Scenario
from planner.rules.scoring import score_standing
from planner.validation import recheck
from tests.test_validation_holdings import CATALOG as CERTIFICATIONS

DESIGNATION = Catalog.model_validate({
    "catalog_version": 1, "id": "demo", "name": "Demo designation", "revision": "2026-01-01", "exams": [],
    "lists": [{"id": "l-a", "name": "Alpha", "certifications": ["a"]},
              {"id": "l-e", "name": "Epsilon", "certifications": ["e"]}],
    "levels": [{"id": "solutions-partner", "name": "Solutions Partner", "score": {
        "total": 50, "track_rule": "higher-total", "metrics": [
            {"id": "intermediate-certifications", "name": "Intermediate", "max_points": 40,
             "threshold": {"enterprise": 2, "smb": 3}, "lists": ["l-e"],
             "gate": [{"lists": ["l-a"], "people": {"enterprise": 1, "smb": 1}}]},
            {"id": "usage-growth", "name": "Usage growth", "max_points": 20, "input": "usage-growth",
             "combine": "higher", "parts": {"cpor": {"threshold": {"enterprise": 100, "smb": 50}}}}]}}],
})
LABEL = "demo:solutions-partner"
GOALS = [(LABEL, DESIGNATION, "solutions-partner")]
LEVEL = DESIGNATION.levels[0]
METRIC, STEP = "intermediate-certifications", "intermediate-certifications.step-1"


def scenario(**changes: Any) -> Scenario:
    data: dict[str, Any] = {
        "schema_version": 1, "name": "Demo", "competency": "demo", "as_of": "2026-09-01",
        "deadline": "2027-03-01", "organization": {"metrics": {"usage-growth": {"cpor": 50}}},
        "staff": [{"id": "ann", "passed": ["X1"]},
                  {"id": "bob", "passed": ["X1", {"exam": "Z1", "date": "2026-08-01"}]},
                  {"id": "cy", "passed": [{"certification": "e", "date": "2026-01-10"}]}]}
    return Scenario.model_validate({**data, **changes})


SCENARIO = scenario()


def standing(counts: dict[str, int]) -> ScoreStanding:
    """The score as the planner's rules write it for these counts (people per metric and step)."""
    return score_standing(LABEL, LEVEL, SCENARIO.organization, counts)


ANN_Z1 = NewExam(person="ann", exam="Z1", cost_usd=165.0, certifications=["e"])
SLOTS = [Assignment(person="bob", role=METRIC, exams=["e"]),
         Assignment(person="ann", role=METRIC, exams=["e"]),
         Assignment(person="ann", role=STEP, exams=["a"])]


def sound_plan() -> PlanReport:
    return PlanReport(
        scenario="Demo", competency="demo", level="solutions-partner", as_of=SCENARIO.as_of,
        deadline=SCENARIO.deadline, objective="exams", status="optimal", reachable=True, gates=[],
        new_exams=[ANN_Z1], total_new_exams=1, total_cost_usd=165.0, assignments=SLOTS, reasons=[],
        rules_revision=DESIGNATION.revision, total_renewals=0,
        scores=[standing({METRIC: 2, STEP: 1})])


def problems(report: PlanReport, scn: Scenario = SCENARIO) -> list[str]:
    return recheck(scn, GOALS, report, CERTIFICATIONS)


def test_a_sound_plan_earning_a_certification_passes_the_recheck():
    """Ann's Z1 with her Alpha (a) earns Epsilon (e): enterprise meets 50 and counts; nothing to say."""
    assert [] == problems(sound_plan())


def test_the_sound_plans_score_is_the_enterprise_track():
    """The score the rules write (the fixture) counts the enterprise track, 50 against smb's 46.67."""
    said = sound_plan().scores[0]
    assert ("enterprise", 50.0, [("enterprise", 50.0, True), ("smb", 46.6667, False)]) == (
        said.track, said.points, [(t.track, t.points, t.counts) for t in said.tracks])


def _with(**changes: Any) -> Callable[[PlanReport], PlanReport]:
    return lambda r: r.model_copy(update=changes)


def _score(**changes: Any) -> Callable[[PlanReport], PlanReport]:
    return lambda r: r.model_copy(update={"scores": [r.scores[0].model_copy(update=changes)]})


CY_Z1 = NewExam(person="cy", exam="Z1", cost_usd=165.0, certifications=["e"])

MUTATIONS: dict[str, tuple[Callable[[PlanReport], PlanReport], list[str]]] = {
    "exam-counted-twice": (
        _with(new_exams=[ANN_Z1, ANN_Z1], total_new_exams=2, total_cost_usd=330.0),
        ["ann is planned Z1 twice"]),
    "gate-step-counted-with-one-person-twice": (
        _with(assignments=[*SLOTS, SLOTS[2]]),
        ["2 people count toward intermediate-certifications.step-1, more than its threshold 1",
         "ann fills 2 intermediate-certifications.step-1 slots; a person fills at most one slot of each "
         "role"]),
    "lower-track-claimed": (
        _score(track="smb", points=46.6667, met=False),
        ["the score counts the smb track; the track that counts is enterprise",
         "the score says 46.6667 points (met: False); recomputed 50.0000 (met: True)"]),
    "cost-understated": (
        _with(new_exams=[ANN_Z1.model_copy(update={"cost_usd": 100.0})], total_cost_usd=100.0),
        ["ann/Z1 costs 165.00, the plan says 100.0", "total_cost_usd 100.0 != 165.00 recomputed"]),
    "certification-claimed-not-earned": (
        _with(new_exams=[ANN_Z1.model_copy(update={"certifications": ["e", "b"]})]),
        ["ann/Z1 says it earns b, but Z1 is no exam of it or of its prerequisites"]),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_the_validator_rejects_a_wrong_plan_of_certifications(name):
    """Each hand-made wrong plan is caught, with exactly these messages."""
    mutate, expected = MUTATIONS[name]
    assert expected == problems(mutate(sound_plan()))


def test_a_plan_missing_a_prerequisite_earns_nothing():
    """Cy (her pass of e expires on 2027-01-10, no a or b) is planned Z1 as if it earned e: it does not,
    so Z1 serves no slot and cy does not count; the score the plan claims is then wrong too."""
    wrong = sound_plan().model_copy(update={
        "new_exams": [CY_Z1], "assignments": [SLOTS[0], Assignment(person="cy", role=METRIC, exams=["e"]),
                                              SLOTS[2]]})
    assert ["cy/Z1 says it earns e, but its exams (and a prerequisite) are not all held with the plan",
            "cy/Z1 is planned but serves no slot",
            "cy fills intermediate-certifications with @e, neither held nor planned"] == [
        p for p in problems(wrong) if p.startswith("cy")]


CY_RENEWS_E = NewExam(person="cy", exam="e", certification="e", renewal=True, cost_usd=0.0)


def renewal_plan() -> PlanReport:
    """Instead of Ann's Z1, Cy renews her Epsilon (a pass naming it, expiring on 2027-01-10) for free."""
    return sound_plan().model_copy(update={
        "new_exams": [CY_RENEWS_E], "total_new_exams": 0, "total_renewals": 1, "total_cost_usd": 0.0,
        "assignments": [SLOTS[0], Assignment(person="cy", role=METRIC, exams=["e"]), SLOTS[2]]})


def test_a_renewal_of_a_certification_pass_passes_the_recheck():
    """Cy's renewal in its window (2026-09-01 to 2027-01-09) keeps e on the deadline: enterprise meets 50."""
    assert [] == problems(renewal_plan())


def test_a_renewal_needs_a_pass_naming_the_certification():
    """Bob holds e by his exams, with no pass naming it: there is nothing of his to renew."""
    bob = CY_RENEWS_E.model_copy(update={"person": "bob"})
    assert ["bob/e is planned as a renewal, but no pass of theirs naming e can be renewed between 2026-09-01 "
            "and 2027-03-01 to count on the deadline"] == [
        p for p in problems(renewal_plan().model_copy(update={"new_exams": [bob]})) if p.startswith("bob/e")]


def test_a_renewal_after_the_certification_expired_is_refused():
    """With as_of 2027-01-10 Cy's pass has expired: she earns it again, she cannot renew it."""
    late = scenario(as_of="2027-01-10")
    assert ["cy/e is planned as a renewal, but no pass of theirs naming e can be renewed between 2027-01-10 "
            "and 2027-03-01 to count on the deadline"] == [
        p for p in problems(renewal_plan().model_copy(update={"as_of": late.as_of}), late)
        if p.startswith("cy/e")]


def test_a_misstated_gate_step_is_caught():
    """The score says the gate step is not met though Ann and Bob hold a."""
    said = sound_plan().scores[0]
    metric = said.metrics[0]
    steps = [metric.steps[0].model_copy(update={"met": False})]
    metrics = [metric.model_copy(update={"steps": steps}), *said.metrics[1:]]
    wrong = sound_plan().model_copy(update={"scores": [said.model_copy(update={"metrics": metrics})]})
    assert ["metric intermediate-certifications, gate step 1: the score says 1 of 1 people (met: False, 0 "
            "points); 2 qualify of the 1 needed (met: True, 0 points)"] == problems(wrong)


def test_a_misstated_part_is_caught():
    """The score says CPOR growth is 60, the scenario 50."""
    said = sound_plan().scores[0]
    usage = said.metrics[1]
    parts = [usage.parts[0].model_copy(update={"figure": 60.0})]
    metrics = [said.metrics[0], usage.model_copy(update={"parts": parts})]
    wrong = sound_plan().model_copy(update={"scores": [said.model_copy(update={"metrics": metrics})]})
    assert ["metric usage-growth, part cpor: the score says 60 of 100 for 10.0 points; recomputed 50 of 100 "
            "for 10.0000"] == problems(wrong)


def test_new_exam_names_its_certifications_only_when_it_has_some():
    """`certifications` and `certification` are optional: left out of the JSON when empty, so older plans
    keep their exact shape."""
    assert (["person", "exam", "cost_usd"], ["person", "exam", "cost_usd", "certifications"]) == (
        list(NewExam(person="p", exam="X1", cost_usd=1.0).model_dump()), list(ANN_Z1.model_dump()))


# ---- two designations sharing a certification ---------------------------------------------------------

SECOND = Catalog.model_validate({
    "catalog_version": 1, "id": "demo2", "name": "Second designation", "revision": "2026-01-01", "exams": [],
    "lists": [{"id": "l-e", "name": "Epsilon", "certifications": ["e"]}],
    "levels": [{"id": "solutions-partner", "name": "Solutions Partner", "score": {"total": 20, "metrics": [
        {"id": "advanced-certifications", "name": "Advanced", "max_points": 20, "threshold": 2,
         "lists": ["l-e"]}]}}],
})
LABEL2 = "demo2:solutions-partner"
BOTH = [*GOALS, (LABEL2, SECOND, "solutions-partner")]


def two_targets(second_uses: list[NewExam]) -> PlanReport:
    """Ann's Z1 earns e for both designations: the first as in the sound plan, the second with Bob and Ann
    counting toward its advanced certifications."""
    first = [a.model_copy(update={"target": LABEL}) for a in SLOTS]
    second = [Assignment(person=p, role="advanced-certifications", exams=["e"], target=LABEL2)
              for p in ("bob", "ann")]
    targets = [TargetPlan(target=LABEL, competency="demo", level="solutions-partner",
                          rules_revision=DESIGNATION.revision, reachable=True, gates=[], assignments=first,
                          new_exams=[ANN_Z1]),
               TargetPlan(target=LABEL2, competency="demo2", level="solutions-partner",
                          rules_revision=SECOND.revision, reachable=True, gates=[], assignments=second,
                          new_exams=second_uses)]
    scores = [standing({METRIC: 2, STEP: 1}),
              score_standing(LABEL2, SECOND.levels[0], SCENARIO.organization, {"advanced-certifications": 2})]
    return sound_plan().model_copy(update={"targets": targets, "assignments": first + second,
                                           "scores": scores})


def test_one_exam_counts_for_every_designation_it_serves():
    """Ann's one Z1 (one exam, costed once) earns e, which both designations count."""
    assert [] == recheck(SCENARIO, BOTH, two_targets([ANN_Z1]), CERTIFICATIONS)


def test_a_target_must_list_the_exam_that_earns_its_certification():
    """The second target leaves out Ann's Z1, which earns the e its slot holder Ann counts with."""
    assert ["demo2:solutions-partner: new_exams lists []; its slot holders and spares use the plan's new "
            "exams [('ann', 'Z1', 16500)]"] == recheck(SCENARIO, BOTH, two_targets([]), CERTIFICATIONS)


def test_the_chance_of_meeting_the_level_counts_the_certification_an_exam_completes():
    """At a pass rate of 0.8 the level is met exactly when Ann passes Z1 (which completes e): 0.8."""
    scn = scenario(costs={"pass_rate": 0.8})
    path = [PathStep(step=1, person="ann", exam="Z1")]
    odds = {"probability_all_pass": 0.8, "probability_level_met": 0.8, "path": path}
    wrong = {**odds, "probability_level_met": 1.0}
    assert ([], ["probability_level_met 1.0 != 0.8 recomputed"]) == (
        problems(sound_plan().model_copy(update=odds), scn),
        problems(sound_plan().model_copy(update=wrong), scn))


# ---- a certification earned after it retired -----------------------------------------------------------

RETIRING = Catalog.model_validate({
    "catalog_version": 1, "id": "demo3", "name": "Third designation", "revision": "2026-01-01", "exams": [],
    "lists": [{"id": "l-r", "name": "Retired one", "certifications": ["r"]}],
    "levels": [{"id": "solutions-partner", "name": "Solutions Partner", "score": {"total": 10, "metrics": [
        {"id": "advanced-certifications", "name": "Advanced", "max_points": 10, "threshold": 1,
         "lists": ["l-r"]}]}}],
})


def retiring_plan(as_of: str) -> tuple[Scenario, PlanReport]:
    """Ann is planned R1 to earn r (retired on 2026-06-30, counting until 2027-06-30)."""
    scn = scenario(as_of=as_of, deadline="2027-03-01")
    report = PlanReport(
        scenario="Demo", competency="demo3", level="solutions-partner", as_of=scn.as_of,
        deadline=scn.deadline,
        objective="exams", status="optimal", reachable=True, gates=[], total_new_exams=1, total_renewals=0,
        new_exams=[NewExam(person="ann", exam="R1", cost_usd=165.0, certifications=["r"])],
        total_cost_usd=165.0, reasons=[], rules_revision=RETIRING.revision,
        assignments=[Assignment(person="ann", role="advanced-certifications", exams=["r"])],
        scores=[score_standing("demo3:solutions-partner", RETIRING.levels[0], scn.organization,
                               {"advanced-certifications": 1})])
    return scn, report


def test_a_certification_is_not_earned_after_it_retires():
    """Planned from 2026-06-01, R1 earns r; planned from 2026-09-01, after r retired, it does not."""
    goals = [("demo3:solutions-partner", RETIRING, "solutions-partner")]
    (early, in_time), (late, too_late) = retiring_plan("2026-06-01"), retiring_plan("2026-09-01")
    assert ([], "ann/R1 says it earns r, but it retired on 2026-06-30, before the plan can earn it (on "
                "2026-09-01 at the earliest)") == (recheck(early, goals, in_time, CERTIFICATIONS),
                                                    recheck(late, goals, too_late, CERTIFICATIONS)[0])
