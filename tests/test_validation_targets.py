"""The independent validator re-checks plans for several targets (and competencies with options): a sound plan
passes, each corruption of it is reported with its own message; plans for one level follow its people rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from models.catalog import Catalog
from models.report import Assignment, Gate, NewExam, PlanReport, Resilience, TargetPlan
from models.scenario import Scenario
from planner.rules.catalogs import shipped_catalog
from planner.validation import recheck
from tests.helpers import one_goal_problems, scenario_dict

CRM = shipped_catalog("cloud-crm")
CBA = shipped_catalog("cloud-business-applications")
CRM_SILVER, CBA_SILVER = "cloud-crm:silver", "cloud-business-applications:silver"
GOALS = [(CRM_SILVER, CRM, "silver"), (CBA_SILVER, CBA, "silver")]
CE = "enterprise-customer-engagement"
AS_OF, DEADLINE = dt.date(2017, 11, 20), dt.date(2018, 6, 30)  # scenario_dict's days
FEE = 165.0  # the default fee of one exam attempt (no preparation hours in these scenarios)

# p1..p4 hold every exam the Customer Engagement option names; p5 lacks MB2-716 and is planned it.
STAFF = [{"id": f"p{n}", "passed": ["MB2-715", "MB2-716", "MB2-717"]} for n in range(1, 5)] + [
    {"id": "p5", "passed": ["MB2-715", "MB2-717"]}]
SOUND_SLOTS = {
    CRM_SILVER: [("p1", "application+deployment", ["MB2-717", "MB2-715"]),
                 ("p2", "customization", ["MB2-716"])],
    CBA_SILVER: [(f"p{n}", "deployment+customization", ["MB2-715", "MB2-716"]) for n in range(1, 6)]
    + [(f"p{n}", "application", ["MB2-717"]) for n in range(1, 6)],
}
SOUND_NEW = [("p5", "MB2-716")]


def _scenario(**policy: Any) -> Scenario:
    return Scenario.model_validate(scenario_dict(STAFF, policy=policy))


def _gates(catalog: Catalog, option: str | None, level_id: str) -> list[Gate]:
    """Every gate of the level, met (the scenarios here are a developed-market DPOR partner with US$500k)."""
    chosen = next(c for c in catalog.option_catalogs() if (c.option_id or None) == option)
    level = chosen.level(level_id)
    dpor = [Gate(name="dpor", ok=True)] if level.dpor else []
    return [Gate(name=g.id, ok=True) for g in level.revenue_gates] + dpor


def _report(goals: list[tuple[str, Catalog, str]], slots: dict[str, list[tuple[str, str, list[str]]]],
            new: list[tuple[str, str]], options: dict[str, str | None]) -> PlanReport:
    """A plan for the goals put together by hand: the slot holders of each target and the new exams."""
    new_exams = [NewExam(person=p, exam=e, cost_usd=FEE) for p, e in new]
    targets = []
    for label, catalog, level_id in goals:
        mine = [Assignment(person=p, role=r, exams=exams, target=label) for p, r, exams in slots[label]]
        used = {(a.person, c) for a in mine for c in a.exams}
        targets.append(TargetPlan(
            target=label, competency=catalog.id, level=level_id, option=options[label],
            rules_revision=catalog.revision, reachable=True, gates=_gates(catalog, options[label], level_id),
            assignments=mine, new_exams=[e for e in new_exams if (e.person, e.exam) in used]))
    return _with_top_level_gates(PlanReport(
        scenario="Test Partner", competency=goals[0][1].id, level=goals[0][2], as_of=AS_OF,
        deadline=DEADLINE, objective="exams", status="optimal", reachable=True, gates=[],
        new_exams=new_exams, total_new_exams=len(new_exams), total_cost_usd=FEE * len(new_exams),
        assignments=[a for t in targets for a in t.assignments], reasons=[], targets=targets,
        rules_revision=goals[0][1].revision))


def _with_top_level_gates(report: PlanReport) -> PlanReport:
    """The report with its top-level gates made of the targets' (named 'target/gate' with several)."""
    several = len(report.targets) > 1
    return report.model_copy(update={"gates": [
        g.model_copy(update={"name": f"{t.target}/{g.name}"}) if several else g
        for t in report.targets for g in t.gates]})


def _sound() -> PlanReport:
    return _report(GOALS, SOUND_SLOTS, SOUND_NEW, {CRM_SILVER: None, CBA_SILVER: CE})


def _with_slots(label: str, slots: list[tuple[str, str, list[str]]], new: list[tuple[str, str]] = SOUND_NEW
                ) -> PlanReport:
    """The sound plan with one target's slot holders (and, optionally, the new exams) replaced."""
    return _report(GOALS, {**SOUND_SLOTS, label: slots}, new, {CRM_SILVER: None, CBA_SILVER: CE})


def _retarget(report: PlanReport, label: str, **changes: Any) -> PlanReport:
    """The report with one target's fields changed."""
    return report.model_copy(update={"targets": [t.model_copy(update=changes) if t.target == label else t
                                                 for t in report.targets]})


def test_sound_two_target_plan_is_accepted():
    """A hand-made plan for Cloud CRM Silver and Cloud Business Applications Silver breaks no rule."""
    assert [] == recheck(_scenario(), GOALS, _sound())


def test_same_or_different_lets_one_person_fill_a_slot_of_each_role():
    """In a same-or-different level one person may fill one slot of each of two roles."""
    report = _sound()
    cba = report.targets[1]
    roles_of_p1 = sorted(a.role for a in cba.assignments if a.person == "p1")
    assert ["application", "deployment+customization"] == roles_of_p1
    assert [] == recheck(_scenario(), GOALS, report)


def test_different_level_rejects_a_person_in_two_slots():
    """Cloud CRM's 'another individual': the person in the A+B slot may not also fill the C slot."""
    report = _with_slots(CRM_SILVER, [("p1", "application+deployment", ["MB2-717", "MB2-715"]),
                                      ("p1", "customization", ["MB2-716"])])
    assert [f"{CRM_SILVER}: p1 fills 2 slots; every slot of Silver needs a different person"] == \
        recheck(_scenario(), GOALS, report)


def test_same_or_different_level_rejects_a_person_twice_in_one_role():
    """'The same or different individuals' still means one slot of each role per person."""
    slots = [s for s in SOUND_SLOTS[CBA_SILVER] if (s[0], s[1]) != ("p5", "application")]
    report = _with_slots(CBA_SILVER, [*slots, ("p1", "application", ["MB2-717"])])
    assert [f"{CBA_SILVER}: p1 fills 2 application slots; a person fills at most one slot of each role"] == \
        recheck(_scenario(), GOALS, report)


def _two_golds() -> tuple[list[tuple[str, Catalog, str]], PlanReport]:
    """Cloud CRM Gold and a tiny hand-made Gold whose one slot p2 fills, as p2 fills a Cloud CRM C slot."""
    tiny = Catalog.model_validate({
        "catalog_version": 1, "id": "tiny", "name": "Tiny", "revision": "2017-11-16",
        "exams": [{"code": "MB2-716", "title": "Customization"}],
        "lists": [{"id": "X", "name": "customization", "exams": ["MB2-716"]}],
        "roles": [{"id": "customizer", "lists": ["X"]}],
        "levels": [{"id": "gold", "name": "Gold", "slots": {"customizer": 1}}],
    })
    goals = [("cloud-crm:gold", CRM, "gold"), ("tiny:gold", tiny, "gold")]
    slots = {
        "cloud-crm:gold": [("p1", "application+deployment", ["MB2-717", "MB2-715"]),
                           ("p5", "application+deployment", ["MB2-717", "MB2-715"]),
                           ("p2", "customization", ["MB2-716"]), ("p3", "customization", ["MB2-716"])],
        "tiny:gold": [("p2", "customizer", ["MB2-716"])],
    }
    return goals, _report(goals, slots, [], {"cloud-crm:gold": None, "tiny:gold": None})


def test_one_gold_per_person_rejects_a_person_in_two_gold_targets():
    """With policy one_gold_per_person, p2 may not fill slots toward both Gold targets."""
    goals, report = _two_golds()
    assert [] == recheck(_scenario(), goals, report)
    assert ["p2 fills slots toward 2 Gold targets (cloud-crm:gold, tiny:gold); policy one_gold_per_person "
            "allows one"] == recheck(_scenario(one_gold_per_person=True), goals, report)


def test_a_slot_holder_without_the_exam_is_rejected():
    """A plan that forgets p5's MB2-716 leaves p5 without the exam its deployment+customization slot needs."""
    report = _with_slots(CBA_SILVER, SOUND_SLOTS[CBA_SILVER], new=[])
    assert [f"{CBA_SILVER}: p5 fills deployment+customization with MB2-716, neither held nor planned"] == \
        recheck(_scenario(), GOALS, report)


def test_a_slot_naming_no_exam_of_a_list_is_rejected():
    """A+B named with an application exam only: list B is not covered."""
    report = _with_slots(CRM_SILVER, [("p1", "application+deployment", ["MB2-717"]),
                                      ("p2", "customization", ["MB2-716"])])
    assert [f"{CRM_SILVER}: p1 fills application+deployment without an exam of list B",
            f"{CRM_SILVER}: p1 fills application+deployment naming ['MB2-717']; it needs one exam of each of "
            "['A', 'B']"] == recheck(_scenario(), GOALS, report)


def test_wrong_slot_count_is_rejected():
    """Four application slots where Cloud Business Applications Silver needs five."""
    slots = [s for s in SOUND_SLOTS[CBA_SILVER] if (s[0], s[1]) != ("p4", "application")]
    assert [f"{CBA_SILVER}: Silver needs 5 application slot(s); the plan fills 4"] == \
        recheck(_scenario(), GOALS, _with_slots(CBA_SILVER, slots))


def test_more_slots_than_the_level_has_are_rejected():
    """A sixth application slot is one too many: slot counts must equal the level's."""
    slots = [*SOUND_SLOTS[CBA_SILVER], ("p6", "application", ["MB2-717"])]
    staff = [*STAFF, {"id": "p6", "passed": ["MB2-717"]}]
    scenario = Scenario.model_validate(scenario_dict(staff))
    assert [f"{CBA_SILVER}: Silver needs 5 application slot(s); the plan fills 6"] == \
        recheck(scenario, GOALS, _with_slots(CBA_SILVER, slots))


@pytest.mark.parametrize(("label", "option", "expected"), [
    (CBA_SILVER, "enterprise-sales", "unknown option 'enterprise-sales'; cloud-business-applications has "
     "enterprise-customer-engagement, enterprise-operations"),
    (CBA_SILVER, None, "unknown option None; cloud-business-applications has enterprise-customer-engagement, "
     "enterprise-operations"),
    (CRM_SILVER, CE, f"cloud-crm has no options, the report names option '{CE}'"),
], ids=["unknown-option", "option-missing", "option-of-a-catalog-without-options"])
def test_an_option_the_catalog_does_not_have_is_rejected(label, option, expected):
    """The option named must be one of the catalog's, and none for a catalog without options."""
    report = _retarget(_sound(), label, option=option)
    assert [f"{label}: {expected}"] == recheck(_scenario(), GOALS, report)


def test_the_other_option_does_not_fit_the_slots():
    """Naming Enterprise Operations for slots of Customer Engagement roles: its roles and gates differ."""
    report = _retarget(_sound(), CBA_SILVER, option="enterprise-operations")
    problems = recheck(_scenario(), GOALS, report)
    assert f"{CBA_SILVER}: Silver needs 5 development+architecture slot(s); the plan fills 0" in problems
    assert any(p.startswith(f"{CBA_SILVER}: the report's gates") for p in problems)


def test_wrong_total_cost_is_rejected():
    """The total must be the new exams' cost recomputed."""
    report = _sound().model_copy(update={"total_cost_usd": FEE + 1})
    assert [f"total_cost_usd {FEE + 1} != {FEE:.2f} recomputed"] == \
        recheck(_scenario(), GOALS, report)


def test_a_new_exam_serving_no_slot_is_rejected():
    """MB2-718 for p1 fills no slot of any target: it is paid for nothing."""
    report = _with_slots(CBA_SILVER, SOUND_SLOTS[CBA_SILVER], new=[*SOUND_NEW, ("p1", "MB2-718")])
    assert ["p1/MB2-718 is planned but serves no slot"] == recheck(_scenario(), GOALS, report)


def test_a_missing_target_is_rejected():
    """Every goal needs its own entry in report.targets."""
    sound = _sound()
    report = sound.model_copy(update={"targets": sound.targets[1:],
                                      "assignments": sound.targets[1].assignments})
    problems = recheck(_scenario(), GOALS, report)
    assert f"target {CRM_SILVER} is missing from the report" in problems
    assert (f"the report lists the targets {[CBA_SILVER]}; the goals are {[CRM_SILVER, CBA_SILVER]}, "
            "in that order") in problems


def test_targets_out_of_order_are_rejected():
    """report.targets follows the order of the goals."""
    sound = _sound()
    report = sound.model_copy(update={"targets": sound.targets[::-1]})
    assert [f"the report lists the targets {[CBA_SILVER, CRM_SILVER]}; the goals are "
            f"{[CRM_SILVER, CBA_SILVER]}, in that order"] == recheck(_scenario(), GOALS, report)


def test_top_level_assignments_must_be_the_targets_put_together():
    """A slot holder dropped from the top-level list is caught."""
    sound = _sound()
    report = sound.model_copy(update={"assignments": sound.assignments[1:]})
    assert ["the top-level assignments are not the targets' assignments put together"] == \
        recheck(_scenario(), GOALS, report)


def test_a_target_must_list_the_new_exams_its_slot_holders_use():
    """Cloud Business Applications' p5 uses the new MB2-716; its target must say so (and Cloud CRM's not)."""
    report = _retarget(_sound(), CBA_SILVER, new_exams=[])
    assert [f"{CBA_SILVER}: new_exams lists []; its slot holders and spares use the plan's new exams "
            "[('p5', 'MB2-716', 16500)]"] == recheck(_scenario(), GOALS, report)


def test_a_new_exam_for_a_spare_serves_the_plan():
    """With resilience, a new exam that readies a listed spare serves the plan (and the spare's target
    lists it); without resilience it serves nothing."""
    staff: list[dict[str, Any]] = [*STAFF, {"id": "p6"},
                                   {"id": "p7", "passed": ["MB2-715", "MB2-716"]}]  # p7: enough for K = 1
    scenario = Scenario.model_validate(scenario_dict(staff))
    report = _with_slots(CBA_SILVER, SOUND_SLOTS[CBA_SILVER], new=[*SOUND_NEW, ("p6", "MB2-717")])
    spare = Assignment(person="p6", role="application", exams=["MB2-717"], target=CBA_SILVER)
    with_spare = _retarget(report.model_copy(update={"resilience": Resilience(k=1), "spares": [spare]}),
                           CBA_SILVER, new_exams=[NewExam(person=p, exam=e, cost_usd=FEE)
                                                  for p, e in [*SOUND_NEW, ("p6", "MB2-717")]])
    assert ([], ["p6/MB2-717 is planned but serves no slot"]) == (
        recheck(scenario, GOALS, with_spare), recheck(scenario, GOALS, report))


def test_a_new_exam_already_held_is_rejected():
    """p1 already holds MB2-715 (it counts in both catalogs)."""
    report = _with_slots(CBA_SILVER, SOUND_SLOTS[CBA_SILVER], new=[*SOUND_NEW, ("p1", "MB2-715")])
    assert ["p1 already holds MB2-715"] == recheck(_scenario(), GOALS, report)


def test_rules_revision_must_be_the_catalogs():
    """A target planned against the 16 Nov 2017 revision cannot claim another one."""
    report = _retarget(_sound(), CRM_SILVER, rules_revision="2017-07-07")
    assert [f"{CRM_SILVER}: rules_revision 2017-07-07 is not the revision planned, 2017-11-16"] == \
        recheck(_scenario(), GOALS, report)


def test_reachable_follows_the_gates_of_every_target():
    """Without DPOR both targets' gates fail: each target and the plan must say unreachable."""
    scenario = Scenario.model_validate(scenario_dict(STAFF, organization={
        "market": "developed", "revenue_usd": 500000, "dpor": False}))
    report = _sound()
    assert [f"{CRM_SILVER}: the report's gates {{'revenue': True, 'dpor': True}} are not the level's "
            "{'revenue': True, 'dpor': False}",
            f"{CRM_SILVER}: reachable is True but the gates say False",
            f"{CBA_SILVER}: the report's gates {{'revenue': True, 'dpor': True}} are not the level's "
            "{'revenue': True, 'dpor': False}",
            f"{CBA_SILVER}: reachable is True but the gates say False"] == \
        recheck(scenario, GOALS, report)
    unreachable = _with_top_level_gates(report.model_copy(update={"reachable": False, "targets": [
        t.model_copy(update={"reachable": False, "gates": [g.model_copy(update={"ok": g.name != "dpor"})
                                                           for g in t.gates]}) for t in report.targets]}))
    assert [] == recheck(scenario, GOALS, unreachable)


def test_a_gate_reads_its_own_revenue_figure():
    """gate_revenue_usd gives Cloud Business Applications its own, too small, revenue figure."""
    scenario = Scenario.model_validate(scenario_dict(STAFF, organization={
        "market": "developed", "revenue_usd": 500000, "dpor": True,
        "gate_revenue_usd": {"cloud-business-applications": {"revenue": 1000}}}))
    problems = recheck(scenario, GOALS, _sound())
    assert f"{CBA_SILVER}: reachable is True but the gates say False" in problems
    assert not any(p.startswith(CRM_SILVER) for p in problems)


def _infeasible(option: str | None) -> PlanReport:
    """The sound plan's targets as an infeasible answer: nothing planned, nothing reachable."""
    sound = _sound()
    return sound.model_copy(update={
        "status": "infeasible", "reachable": False, "new_exams": [], "total_new_exams": 0,
        "total_cost_usd": 0.0, "assignments": [],
        "targets": [t.model_copy(update={"assignments": [], "new_exams": [], "reachable": False})
                    for t in sound.targets]})


@pytest.mark.parametrize("option", [CE, None], ids=["option-named", "no-option-chosen"])
def test_infeasible_answer_lists_nothing_and_is_unreachable(option):
    """An infeasible answer, naming an option or none, has no exams or slot holders and reaches nothing."""
    empty = _retarget(_infeasible(option), CBA_SILVER, option=option)
    assert [] == recheck(_scenario(), GOALS, empty)


def test_infeasible_answer_with_slot_holders_is_rejected():
    """An infeasible answer that still lists a target's slot holders (and says it is reachable) is caught."""
    leftover = _infeasible(CE).model_copy(update={"targets": _sound().targets})
    assert ["an infeasible answer lists exams or slot holders",
            f"{CRM_SILVER}: reachable is True but there is no plan",
            f"{CBA_SILVER}: reachable is True but there is no plan"] == \
        recheck(_scenario(), GOALS, leftover)


# ---- one level of a catalog without options: recheck honours the level's people rule -------------

def _solo(people: str, slots: dict[str, int]) -> Catalog:
    """A one-level catalog: a deployment role (MB2-715) and an application role (MB2-717)."""
    return Catalog.model_validate({
        "catalog_version": 1, "id": "solo", "name": "Solo", "revision": "2017-11-16",
        "exams": [{"code": "MB2-715", "title": "Deployment"}, {"code": "MB2-717", "title": "Sales"}],
        "lists": [{"id": "D", "name": "deployment", "exams": ["MB2-715"]},
                  {"id": "A", "name": "application", "exams": ["MB2-717"]}],
        "roles": [{"id": "dep", "lists": ["D"]}, {"id": "app", "lists": ["A"]}],
        "levels": [{"id": "silver", "name": "Silver", "slots": slots, "people": people}],
    })


def _solo_report(slots: list[tuple[str, str, list[str]]]) -> PlanReport:
    return PlanReport(
        scenario="Test Partner", competency="solo", level="silver", as_of=AS_OF, deadline=DEADLINE,
        objective="exams", status="optimal", reachable=True, gates=[], new_exams=[], total_new_exams=0,
        total_cost_usd=0.0, reasons=[],
        assignments=[Assignment(person=p, role=r, exams=e) for p, r, e in slots])


@pytest.mark.parametrize(("people", "slots", "filled", "expected"), [
    ("same-or-different", {"dep": 1, "app": 1}, [("p1", "dep", ["MB2-715"]), ("p1", "app", ["MB2-717"])], []),
    ("different", {"dep": 1, "app": 1}, [("p1", "dep", ["MB2-715"]), ("p1", "app", ["MB2-717"])],
     ["p1 fills 2 slots; every slot needs a different person"]),
    ("same-or-different", {"dep": 2, "app": 1},
     [("p1", "dep", ["MB2-715"]), ("p1", "dep", ["MB2-715"]), ("p1", "app", ["MB2-717"])],
     ["p1 fills 2 dep slots; a person fills at most one slot of each role"]),
], ids=["same-or-different-one-slot-of-each-role", "different-one-person-twice",
        "same-or-different-one-role-twice"])
def test_single_level_plan_follows_the_people_rule(people, slots, filled, expected):
    """recheck, for one level, lets a person fill a slot of each role only under same-or-different."""
    assert expected == one_goal_problems(_scenario(), _solo(people, slots), _solo_report(filled))
