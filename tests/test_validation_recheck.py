"""`recheck`, the validator's one entry point, catches every false claim of a real plan: each test takes a
plan the planner made for a shipped scenario, corrupts one thing with model_copy, and asserts the exact
problem reported (issue 12 items 5 and 7, issue 13 item 9)."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import pytest

from models.catalog import Catalog
from models.report import (
    Alternative,
    Assignment,
    Fix,
    Gate,
    Hire,
    NewExam,
    PathStep,
    PlanReport,
    Resilience,
    ScheduledExam,
    TargetPlan,
)
from models.scenario import Scenario
from planner.core.planning import plan
from planner.input.loading import LoadedScenario, load_scenario, resolve_target
from planner.validation import GOAL_RULES, PLAN_RULES, recheck
from tests.helpers import loaded as small_scenario
from tests.helpers import scenario_dict

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
CRM_GOLD, CBA_SILVER = "cloud-crm:gold", "cloud-business-applications:silver"
WOODGROVE = "woodgrove-resilience"

Goals = list[tuple[str, Catalog, str]]


@functools.cache
def _loaded(name: str) -> LoadedScenario:
    return load_scenario(SCENARIOS / f"{name}.yaml")


def _goal(name: str, level: str = "gold") -> Goals:
    loaded = _loaded(name)
    return [(f"{loaded.catalog.id}:{level}", loaded.catalog, level)]


@functools.cache
def _single(name: str, level: str = "gold", **options: Any) -> PlanReport:
    """The planner's plan for one level of a shipped scenario (each solved once)."""
    return plan(_loaded(name), level, **options)


def _problems(name: str, report: PlanReport, level: str = "gold") -> list[str]:
    return recheck(_loaded(name).scenario, _goal(name, level), report)


TWO = "contoso-crm-gold-and-cba-silver"


def _two_goals() -> Goals:
    loaded = _loaded(TWO)
    targets = [resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets or ()]
    return [(t.label, t.catalog, t.level) for t in targets]


@functools.cache
def _two() -> PlanReport:
    """Cloud CRM Gold and Cloud Business Applications Silver planned together (hank's MB2-715 serves both)."""
    loaded = _loaded(TWO)
    return plan(
        loaded,
        targets=[resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets or ()],
    )


def _two_problems(report: PlanReport) -> list[str]:
    return recheck(_loaded(TWO).scenario, _two_goals(), report)


def _with(report: PlanReport, **changes: Any) -> PlanReport:
    return report.model_copy(update=changes)


# ---- the rules are listed, one function each; sound plans of every mode pass


def test_every_rule_is_a_named_function_with_a_docstring():
    """Each rule of PLAN_RULES and GOAL_RULES is its own function, named for the rule and documented."""
    rules = [*PLAN_RULES, *GOAL_RULES]
    assert [] == [r.__name__ for r in rules if not r.__doc__ or r.__name__.startswith("_")]
    assert len(rules) == len({r.__name__ for r in rules})


SOUND = {
    "one-level": lambda: _problems("fabrikam-one-exam-from-silver", _single("fabrikam-one-exam-from-silver")),
    "resilience": lambda: _problems("woodgrove-resilience", _single("woodgrove-resilience")),
    "calendar-and-buffer": lambda: _problems(
        "contoso-booking-calendar", _single("contoso-booking-calendar", schedule=True, buffer=True)
    ),
    "alternatives": lambda: _problems(
        "fabrikam-one-exam-from-silver", _single("fabrikam-one-exam-from-silver", alternatives=3)
    ),
    "hires": lambda: _problems("wingtip-hiring", _single("wingtip-hiring")),
    "fixes": lambda: _problems("proseware-impossible-with-fixes", _single("proseware-impossible-with-fixes")),
    "revenue-fix": lambda: _problems("litware-developing-market", _single("litware-developing-market")),
    "two-goals": lambda: _two_problems(_two()),
}


@pytest.mark.parametrize("mode", list(SOUND), ids=list(SOUND))
def test_plans_of_every_mode_pass_the_recheck(mode):
    """The planner's own plans, in every mode, keep every rule and every claim."""
    assert [] == SOUND[mode]()


# ---- resilience: Hall's condition after any K departures, for every goal


def test_single_goal_plan_that_does_not_survive_one_departure_is_rejected():
    """Woodgrove's plain Gold plan claimed to survive one departure: 2 people per role, 4 in all."""
    plain = _single("woodgrove-resilience", resilience=0)
    assert [] == _problems("woodgrove-resilience", plain)
    claimed = _with(plain, resilience=Resilience(k=1))
    assert [
        "after 1 departure(s) the application+deployment slots need 3 qualified people; the plan has 2",
        "after 1 departure(s) the customization slots need 3 qualified people; the plan has 2",
        "after 1 departure(s) the application+deployment/customization slots need 5 qualified people; "
        "the plan has 4",
    ] == _problems("woodgrove-resilience", claimed)


def test_resilient_plan_without_a_spares_exam_is_rejected():
    """Woodgrove's K=1 plan without hal's MB2-716 (and its cost) leaves the customization slots short."""
    report = _single("woodgrove-resilience")
    hal = next(e for e in report.new_exams if e.person == "hal")
    broken = _with(
        report,
        new_exams=[e for e in report.new_exams if e.person != "hal"],
        total_new_exams=report.total_new_exams - 1,
        total_cost_usd=report.total_cost_usd - hal.cost_usd,
        spares=[s for s in report.spares if s.person != "hal"],
        path=[],
        levels_met=[],
        probability_level_met=None,
        probability_all_pass=None,
        expected_cost_usd=None,
    )
    assert [
        "after 1 departure(s) the customization slots need 3 qualified people; the plan has 2"
    ] == _problems("woodgrove-resilience", broken)


def test_multi_target_plan_that_does_not_survive_one_departure_is_rejected():
    """The two-goal plan claimed to survive one departure: Cloud Business Applications has 5 per role."""
    claimed = _with(_two(), resilience=Resilience(k=1))
    assert [
        f"{CBA_SILVER}: after 1 departure(s) the deployment+customization slots need 6 qualified people; "
        "the plan has 5",
        f"{CBA_SILVER}: after 1 departure(s) the application slots need 6 qualified people; the plan has 5",
    ] == _two_problems(claimed)


# ---- gates

LITWARE = "litware-developing-market"  # developing market, US$72,000 of the US$150,000 Gold needs


def _regate(report: PlanReport, name: str, **changes: Any) -> PlanReport:
    return _with(report, gates=[g.model_copy(update=changes) if g.name == name else g for g in report.gates])


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"ok": True},
            "the report's gates {'revenue': True, 'dpor': True} are not the level's "
            "{'revenue': False, 'dpor': True}",
        ),
        ({"actual_usd": 150000.0}, "gate revenue: actual_usd 150000.0 is not 72000.0 recomputed"),
        ({"required_usd": 72000.0}, "gate revenue: required_usd 72000.0 is not 150000.0 recomputed"),
        ({"gap_usd": 0.0}, "gate revenue: gap_usd 0.0 is not 78000.0 recomputed"),
    ],
    ids=["ok-flipped", "actual", "required", "gap"],
)
def test_a_gate_claim_is_recomputed(changes, expected):
    """Litware's revenue gate: its verdict and amounts are recomputed from the scenario and catalog."""
    report = _regate(_single(LITWARE), "revenue", **changes)
    assert [expected] == _problems(LITWARE, report)


def test_missing_gates_are_rejected():
    """A report with no gates at all hides the failing revenue gate."""
    report = _with(_single(LITWARE), gates=[])
    assert ["the report's gates {} are not the level's {'revenue': False, 'dpor': True}"] == _problems(
        LITWARE, report
    )


def test_multi_target_top_level_gates_are_the_targets():
    """The top-level gates of a two-goal plan are the targets' gates, named 'target/gate'."""
    report = _two()
    broken = _with(report, gates=report.gates[1:])
    assert ["the top-level gates are not the targets' gates put together"] == _two_problems(broken)


# ---- a plan relabelled -------------------------------------------------------------------------------------

FABRIKAM = "fabrikam-one-exam-from-silver"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"level": "silver"}, ["the report names cloud-crm:silver, planned as cloud-crm:gold"]),
        (
            {"competency": "cloud-business-applications"},
            ["the report names cloud-business-applications:gold, planned as cloud-crm:gold"],
        ),
        (
            {"rules_revision": "2017-07-07"},
            ["rules_revision 2017-07-07 is not the revision planned, 2017-11-16"],
        ),
        (
            {"option": "enterprise-operations"},
            ["cloud-crm has no options, the report names option 'enterprise-operations'"],
        ),
    ],
    ids=["level", "competency", "revision", "option"],
)
def test_a_relabelled_gold_plan_is_rejected(changes, expected):
    """Fabrikam's Gold plan with its level, competency, revision or option changed."""
    assert expected == _problems(FABRIKAM, _with(_single(FABRIKAM), **changes))


def test_a_target_relabelled_with_another_option_is_rejected():
    """Cloud Business Applications planned with Customer Engagement cannot claim Enterprise Operations."""
    report = _two()
    targets = [
        t.model_copy(update={"option": "enterprise-operations"}) if t.target == CBA_SILVER else t
        for t in report.targets
    ]
    problems = _two_problems(_with(report, targets=targets))
    assert f"{CBA_SILVER}: Silver needs 5 development+architecture slot(s); the plan fills 0" in problems
    assert (
        f"{CBA_SILVER}: slot alice/deployment+customization: enterprise-operations has no role "
        "deployment+customization"
    ) in problems
    assert (
        f"{CBA_SILVER}: the report's gates {{'revenue': True, 'dpor': True}} are not the level's "
        "{'total-revenue': True, 'cloud-net-new-revenue': True}"
    ) in problems


# ---- new exams and slots


def test_an_extra_new_exam_that_serves_no_slot_is_rejected():
    """A paid MB2-712 for someone who fills no slot and readies no spare."""
    report = _single(FABRIKAM)
    taker = next(
        p.id
        for p in _loaded(FABRIKAM).scenario.staff
        if p.id not in {a.person for a in report.assignments}
        and p.can_take is None
        and p.leaves_on is None
        and not any(x.exam == "MB2-712" for x in p.passed)
    )
    extra = NewExam(person=taker, exam="MB2-712", cost_usd=report.new_exams[0].cost_usd)
    broken = _with(
        report,
        new_exams=[*report.new_exams, extra],
        total_new_exams=report.total_new_exams + 1,
        total_cost_usd=report.total_cost_usd + extra.cost_usd,
        path=[],
        levels_met=[],
        probability_all_pass=None,
        probability_level_met=None,
        expected_cost_usd=None,
    )
    problems = _problems(FABRIKAM, broken)
    assert f"{taker}/MB2-712 is planned but serves no slot" in problems
    assert [] == [p for p in problems if "serves no slot" not in p and "costs" not in p]


@pytest.mark.parametrize(
    ("exams", "expected"),
    [
        (
            ["MB2-716", "MB2-712"],
            "{p} fills customization naming ['MB2-716', 'MB2-712']; it needs one exam of each of ['C']",
        ),
        (["MB2-717"], "{p} fills customization with MB2-717, neither held nor planned"),
    ],
    ids=["exam-of-no-list-of-the-role", "exam-neither-held-nor-planned"],
)
def test_a_stray_exam_in_a_slots_list_is_rejected(exams, expected):
    """A customization slot holder listed with an extra exam, or with an exam they neither hold nor take."""
    report = _single(FABRIKAM)
    slot = next(
        a
        for a in report.assignments
        if a.role == "customization"
        and "MB2-717"
        not in {x.exam for p in _loaded(FABRIKAM).scenario.staff if p.id == a.person for x in p.passed}
    )
    assignments = [a.model_copy(update={"exams": exams}) if a is slot else a for a in report.assignments]
    problems = _problems(FABRIKAM, _with(report, assignments=assignments))
    assert expected.format(p=slot.person) in problems


def test_a_new_exam_breakdown_must_be_the_scenarios():
    """fee_usd, prep_hours and hourly_rate_usd of a new exam, where given, are the scenario's."""
    report = _single(FABRIKAM)
    first = report.new_exams[0]
    wrong = first.model_copy(update={"fee_usd": 1.0, "prep_hours": (first.prep_hours or 0) + 1})
    problems = _problems(FABRIKAM, _with(report, new_exams=[wrong, *report.new_exams[1:]]))
    assert [
        f"{first.person}/{first.exam}: fee_usd 1.0 is not the scenario's {first.fee_usd}",
        f"{first.person}/{first.exam}: prep_hours {(first.prep_hours or 0) + 1} is not the scenario's "
        f"{first.prep_hours}",
    ] == problems


def test_a_hire_at_the_wrong_cost_is_rejected():
    """Wingtip hires a certified consultant for US$6,000; the plan cannot say US$1."""
    report = _single("wingtip-hiring")
    hire = report.hires[0].model_copy(update={"cost_usd": 1.0})
    assert ["hire hire-1 costs 6000.0, the plan says 1.0"] == _problems(
        "wingtip-hiring", _with(report, hires=[hire])
    )


# ---- odds, expected cost, path

BOOKING = "contoso-booking-calendar"  # pass rates below 1: the odds are not trivial


def _booking() -> PlanReport:
    return _single(BOOKING, schedule=True)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"probability_level_met": 1.7}, "probability_level_met 1.7 is not a probability"),
        ({"probability_all_pass": -0.1}, "probability_all_pass -0.1 is not a probability"),
        ({"probability_all_pass": 0.5}, "probability_all_pass 0.5 != {all_pass} recomputed"),
        ({"probability_level_met": 0.99}, "probability_level_met 0.99 != {level_met} recomputed"),
        (
            {"probability_level_met": 0.01},
            "probability_level_met 0.01 is below probability_all_pass {all_pass}",
        ),
    ],
    ids=[
        "level-met-above-1",
        "all-pass-negative",
        "all-pass-wrong",
        "level-met-wrong",
        "level-met-below-all-pass",
    ],
)
def test_odds_are_probabilities_recomputed(changes, expected):
    """The chances are recomputed from the pass rates (exam rate x person factor) independently."""
    report = _booking()
    assert report.probability_all_pass is not None and report.probability_level_met is not None
    message = expected.format(all_pass=report.probability_all_pass, level_met=report.probability_level_met)
    assert [message] == _problems(BOOKING, _with(report, **changes))


@pytest.mark.parametrize(
    ("claimed", "expected"),
    [
        (-5.0, "expected_cost_usd -5.0 is negative"),
        (100.0, "expected_cost_usd 100.0 is below total_cost_usd {total}"),
        (1e6, "expected_cost_usd 1000000.0 != {expected:.2f} recomputed"),
    ],
    ids=["negative", "below-total", "wrong"],
)
def test_expected_cost_is_recomputed(claimed, expected):
    """The expected cost with retakes is at least the plan's cost and equal to its recomputation."""
    report = _booking()
    message = expected.format(total=report.total_cost_usd, expected=report.expected_cost_usd)
    assert [message] == _problems(BOOKING, _with(report, expected_cost_usd=claimed))


def test_an_emptied_path_is_rejected():
    """A plan with levels met along its path cannot list no step."""
    report = _booking()
    assert [
        f"the path lists 0 step(s); it must list each of the {report.total_new_exams} new exam(s) once"
    ] == _problems(BOOKING, _with(report, path=[]))


def test_a_path_listing_an_exam_twice_is_rejected():
    """Each new exam is one step of the path."""
    report = _booking()
    first = report.path[0]
    doubled = [
        *report.path,
        PathStep(step=len(report.path) + 1, person=first.person, exam=first.exam, month=first.month),
    ]
    assert [
        f"the path lists {len(doubled)} step(s); it must list each of the {report.total_new_exams} new "
        "exam(s) once"
    ] == _problems(BOOKING, _with(report, path=doubled))


# ---- calendar ----------------------------------------------------------------------------------------------


def _rebook(report: PlanReport, month: str) -> PlanReport:
    first = report.schedule[0]
    schedule = [ScheduledExam(person=first.person, exam=first.exam, month=month), *report.schedule[1:]]
    path = [
        s.model_copy(update={"month": month}) if (s.person, s.exam) == (first.person, first.exam) else s
        for s in report.path
    ]
    return _with(report, schedule=schedule, path=path)


def test_a_month_that_does_not_exist_is_a_problem_not_a_crash():
    """A booking in 2018-13 is reported in words."""
    report = _booking()
    first = report.schedule[0]
    assert [
        f"{first.person}/{first.exam} is booked in '2018-13', which is not a month written YYYY-MM"
    ] == _problems(BOOKING, _rebook(report, "2018-13"))


def test_a_booking_after_the_deadline_is_rejected():
    """The calendar books each exam in a month it can be taken, up to the deadline."""
    report = _booking()
    first = report.schedule[0]
    scenario = _loaded(BOOKING).scenario
    assert [
        f"{first.exam} cannot be taken in 2030-01 (between {scenario.as_of} and {scenario.deadline}, at "
        "least 7 days of the month: policy.days_to_book)"
    ] == _problems(BOOKING, _rebook(report, "2030-01"))


def test_a_calendar_missing_a_booking_is_rejected():
    """Every new exam is booked once."""
    report = _booking()
    assert [
        "the calendar does not book every new exam exactly once",
        "the path's months are not the calendar's",
    ] == _problems(BOOKING, _with(report, schedule=report.schedule[1:]))


# ---- buffer


def test_buffer_claims_are_checked():
    """A buffer's chance after is the plan's, a probability, and its spared roles are roles of the level."""
    report = _single(BOOKING, schedule=True, buffer=True)
    assert report.buffer is not None
    buffer = report.buffer.model_copy(update={"probability_level_met": 1.5, "roles": ["tester"]})
    assert [
        "buffer probability_level_met 1.5 is not a probability",
        f"buffer probability_level_met 1.5 is not the plan's {report.probability_level_met}",
        "buffer spares role tester, which no goal has",
    ] == _problems(BOOKING, _with(report, buffer=buffer))


def test_a_spare_who_fills_a_slot_is_rejected():
    """A spare is ready to step in: it fills no slot already."""
    report = _single("woodgrove-resilience")
    holder = report.assignments[0]
    spare = Assignment(person=holder.person, role=holder.role, exams=holder.exams)
    assert [f"spare {holder.person} also fills a slot"] == _problems(
        "woodgrove-resilience", _with(report, spares=[*report.spares, spare])
    )


# ---- fixes

PROSEWARE = "proseware-impossible-with-fixes"


@pytest.mark.parametrize(
    ("fix", "expected"),
    [
        (
            Fix.model_construct(kind="magic", option=1, change="wave a wand"),  # type: ignore[arg-type]  # made up
            "fix {n} (magic): unknown kind of fix; the kinds are lift_can_take, lift_max_new_exams, "
            "keep_person, "
            "later_deadline, hire, budget, revenue, dpor",
        ),
        (
            Fix(kind="keep_person", change="keep zed", person="zed"),
            "fix {n} (keep_person): zed is not on the staff",
        ),
        (Fix(kind="keep_person", change="keep someone"), "fix {n} (keep_person): names no person"),
        (
            Fix(kind="revenue", option=0, change="more revenue", amount_usd=5.0),
            "fix {n} (revenue): amount_usd 5.0 is not the gap of a failing gate ([])",
        ),
        (Fix(kind="dpor", option=0, change="become DPOR"), "fix {n} (dpor): no goal fails its DPOR gate"),
    ],
    ids=["unknown-kind", "unknown-person", "no-person", "revenue-without-a-gap", "dpor-already-met"],
)
def test_a_made_up_fix_is_rejected(fix, expected):
    """Proseware's fixes plus one the scenario does not support."""
    report = _single(PROSEWARE)
    fixes = [*report.fixes, fix]
    assert [expected.format(n=len(fixes))] == _problems(PROSEWARE, _with(report, fixes=fixes))


def test_a_revenue_fix_must_be_the_gap():
    """Litware misses US$78,000 of revenue: a fix of US$50,000 is not the gap."""
    report = _single(LITWARE)
    fixes = [f.model_copy(update={"amount_usd": 50000.0}) if f.kind == "revenue" else f for f in report.fixes]
    assert ["fix 1 (revenue): amount_usd 50000.0 is not the gap of a failing gate ([78000.0])"] == _problems(
        LITWARE, _with(report, fixes=fixes)
    )


def test_a_reachable_plan_proposes_no_fix():
    """Fixes are for goals out of reach: Woodgrove reaches Gold."""
    report = _single(WOODGROVE)
    fix = Fix(kind="later_deadline", change="later", deadline=dt.date(2019, 1, 1))
    assert ["a reachable plan proposes fixes"] == _problems(WOODGROVE, _with(report, fixes=[fix]))


# ---- saving and alone


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"saving_usd": 2000.0}, "saving_usd 2000.0 != 1365.00 recomputed"),
        ({"new_exams_saved": 3}, "new_exams_saved 3 != 1 recomputed"),
        (
            {"planned_alone_cost_usd": 9000.0, "saving_usd": 1195.0},
            "planned alone 6 exam(s), 9000.0; the targets alone add up to 6, 9170.0",
        ),
        ({"shared_exams": []}, "shared_exams [] are not the new exams serving two goals, ['hank MB2-715']"),
        (
            {"shared_exams": ["hank MB2-715", "bob MB2-715"]},
            "shared_exams ['hank MB2-715', 'bob MB2-715'] are not the new exams serving two goals, "
            "['hank MB2-715']",
        ),
    ],
    ids=["saving-usd", "exams-saved", "alone-cost", "shared-missing", "exam-one-goal-needs-called-shared"],
)
def test_a_saving_that_does_not_add_up_is_rejected(changes, expected):
    """Together: 5 exams, US$7,805; alone: 6 exams, US$9,170; hank's MB2-715 serves both goals, bob's MB2-715
    only Cloud Business Applications."""
    report = _two()
    assert report.saving is not None
    assert [expected] == _two_problems(_with(report, saving=report.saving.model_copy(update=changes)))


def test_a_saving_for_one_goal_is_rejected():
    """A plan for one goal has nothing to save against."""
    saving = _two().saving
    assert ["a plan for one goal claims a saving"] == _problems(
        FABRIKAM, _with(_single(FABRIKAM), saving=saving)
    )


# ---- alternatives


def _alternatives() -> PlanReport:
    return _single(FABRIKAM, alternatives=3)


def test_alternative_ranks_count_up_from_two():
    """Ranks 2, 3, ... in order."""
    report = _alternatives()
    alts = [a.model_copy(update={"rank": 7}) for a in report.alternatives]
    problems = _problems(FABRIKAM, _with(report, alternatives=alts))
    assert f"the alternatives are ranked {[7] * len(alts)}; they count up from 2" == problems[0]


def test_a_repeated_alternative_is_rejected():
    """An alternative identical to one before it lists nothing new."""
    report = _alternatives()
    second = report.alternatives[0]
    alts = [second, second.model_copy(update={"rank": 3})]
    assert ["alternative 3 repeats an earlier plan"] == _problems(FABRIKAM, _with(report, alternatives=alts))


def test_an_alternative_better_than_the_first_is_rejected():
    """The first plan is the best: an alternative with fewer exams would make it not optimal."""
    report = _alternatives()
    alt = report.alternatives[0]
    cheaper = alt.model_copy(
        update={
            "new_exams": [],
            "total_new_exams": 0,
            "total_cost_usd": 0.0,
            "adds": [],
            "drops": [f"{e.person} {e.exam}" for e in report.new_exams],
        }
    )
    problems = _problems(FABRIKAM, _with(report, alternatives=[cheaper]))
    assert "alternative 2 is better than the plan before it" in problems
    assert any(p.startswith("alternative 2: ") and "neither held nor planned" in p for p in problems)


def test_an_alternatives_adds_and_drops_are_its_differences():
    """adds and drops are recomputed against the first plan."""
    report = _alternatives()
    alt = report.alternatives[0].model_copy(update={"adds": []})
    assert ["alternative 2: adds and drops are not its differences with the first plan"] == _problems(
        FABRIKAM, _with(report, alternatives=[alt, *report.alternatives[1:]])
    )


def test_an_alternative_is_rechecked_as_a_plan():
    """An alternative's own total is recomputed like the first plan's."""
    report = _alternatives()
    alt = report.alternatives[0]
    wrong = alt.model_copy(update={"total_cost_usd": alt.total_cost_usd + 1})
    problems = _problems(FABRIKAM, _with(report, alternatives=[wrong, *report.alternatives[1:]]))
    assert (
        f"alternative 2: total_cost_usd {alt.total_cost_usd + 1} != {alt.total_cost_usd:.2f} recomputed"
        == problems[0]
    )


# ---- no plan ----------------------------------------------------------------------------------------------


def test_an_infeasible_answer_lists_nothing():
    """Adatum cannot reach Gold: an answer listing a slot holder anyway is caught."""
    report = _single("adatum-gold-impossible")
    slot = Assignment(person="x", role="customization", exams=["MB2-716"])
    assert ["an infeasible answer lists exams or slot holders"] == _problems(
        "adatum-gold-impossible", _with(report, assignments=[slot])
    )


def test_a_gate_the_level_does_not_have_is_rejected():
    """A gate the level does not have is a made-up requirement."""
    report = _single(WOODGROVE)
    gates = [*report.gates, Gate(name="extra", ok=True)]
    assert [
        "the report's gates {'revenue': True, 'dpor': True, 'extra': True} are not the level's "
        "{'revenue': True, 'dpor': True}"
    ] == _problems(WOODGROVE, _with(report, gates=gates))


# ---- the rules no other test above names

SMALL = [
    {"id": "ann", "passed": ["MB2-717"]},
    {"id": "ben", "passed": ["MB2-716"]},
    {"id": "eve", "passed": ["MB2-712"]},
]


def _small(staff: list[dict[str, Any]] = SMALL, **overrides: Any) -> tuple[LoadedScenario, PlanReport]:
    """Silver for three people (ann takes MB2-715), planned by the planner."""
    loaded = small_scenario(staff, **overrides)
    return loaded, plan(loaded, "silver")


def _small_problems(loaded: LoadedScenario, report: PlanReport) -> list[str]:
    return recheck(loaded.scenario, [("cloud-crm:silver", loaded.catalog, "silver")], report)


def _bare(report: PlanReport, **changes: Any) -> PlanReport:
    """The report without its path and odds (so one corruption shows one rule), with changes."""
    return _with(report, path=[], levels_met=[], probability_all_pass=None, probability_level_met=None,
                 expected_cost_usd=None, **changes)


def test_a_new_exam_closed_in_the_window_or_no_longer_counting_is_rejected():
    """MB2-709 could be taken until 2017-12-31 and counts until 2018-12-31: from 2018-01-02 to 2019-03-01
    it can neither be taken nor count."""
    loaded, report = _small(as_of="2018-01-02", deadline="2019-03-01")
    extra = NewExam(person="eve", exam="MB2-709", cost_usd=165.0)
    broken = _bare(report, new_exams=[*report.new_exams, extra], total_new_exams=report.total_new_exams + 1,
                   total_cost_usd=report.total_cost_usd + 165.0)
    assert ["MB2-709 cannot be taken between 2018-01-02 and 2019-03-01",
            "MB2-709 no longer counts on 2019-03-01",
            "eve/MB2-709 is planned but serves no slot"] == _small_problems(loaded, broken)


def test_misnumbered_and_too_many_hires_are_rejected():
    """Hires are numbered hire-1, hire-2, ... and at most `max` of a profile."""
    profile = {"profile": "customizer", "passed": ["MB2-716"], "cost_usd": 100, "max": 1}
    loaded, report = _small(hiring=[profile])
    hires = [Hire(id="hire-1", profile="customizer", cost_usd=100.0),
             Hire(id="hire-2", profile="customizer", cost_usd=100.0),
             Hire(id="hire-9", profile="customizer", cost_usd=100.0)]
    broken = _bare(report, hires=hires, total_cost_usd=report.total_cost_usd + 300.0)
    assert ["more than 1 hires of profile 'customizer'",
            "hire hire-9 of profile 'customizer': unknown profile or misnumbered"] == \
        _small_problems(loaded, broken)


def test_top_level_of_a_multi_target_plan_names_the_first_goal():
    """The top level of a two-goal plan is the first goal's competency, level, revision and option."""
    report = _two()
    broken = _with(report, level="silver", rules_revision="2017-07-07", option="enterprise-operations")
    assert ["the report names cloud-crm:silver, the first goal is cloud-crm:gold",
            "rules_revision 2017-07-07 is not that of the first target, 2017-11-16",
            "option 'enterprise-operations' is not the first target's, None"] == _two_problems(broken)


def test_multi_target_reachable_follows_its_targets():
    """The plan is reachable only when every target is."""
    report = _two()
    assert report.reachable
    assert ["reachable is False but the targets say True"] == _two_problems(_with(report, reachable=False))


def test_a_calendar_over_the_monthly_limit_or_in_an_away_month_is_rejected():
    """Two exams for one person in one month (the limit is 1), in a month they are away (ben and eve hold
    nothing, so the plan has two new exams, moved here onto ann)."""
    loaded, report = _small(staff=[{"id": "ann", "passed": ["MB2-717"], "unavailable": ["2018-01"]},
                                   {"id": "ben"}, {"id": "eve"}])
    report = plan(loaded, "silver", schedule=True)
    assert [] == _small_problems(loaded, report)
    months = [s.model_copy(update={"person": "ann", "month": "2018-01"}) for s in report.schedule]
    new = [e.model_copy(update={"person": "ann"}) for e in report.new_exams]
    broken = _bare(report, schedule=months, new_exams=new)
    problems = _small_problems(loaded, broken)
    assert "ann is unavailable in 2018-01 but is booked MB2-715" in problems
    assert f"ann is booked {len(months)} exams in 2018-01, more than 1" in problems


def test_levels_met_must_be_levels_along_the_path():
    """A level the catalog does not have, or a step beyond the path, is a made-up milestone."""
    report = _booking()
    met = [m.model_copy(update={"level": "platinum"}) if m.level == "silver" else m
           for m in report.levels_met]
    met += [met[-1].model_copy(update={"after_step": 99})]
    steps = len(report.path)
    assert ["levels_met names platinum, not a level of the goals (cloud-crm:gold, cloud-crm:silver, gold, "
            "silver)",
            f"levels_met says gold is met after step 99; the path has {steps} step(s)"] == \
        _problems(BOOKING, _with(report, levels_met=met))


@pytest.mark.parametrize(("fix", "expected"), [
    (Fix(kind="later_deadline", change="earlier", deadline=dt.date(2017, 6, 1)),
     "fix {n} (later_deadline): deadline 2017-06-01 is not later than {deadline}"),
    (Fix(kind="lift_can_take", change="lift", person="kai"),
     "fix {n} (lift_can_take): kai has no can_take to change"),
], ids=["deadline-not-later", "nothing-to-lift"])
def test_a_fix_that_changes_nothing_is_rejected(fix, expected):
    """A later deadline must be later; a lifted can_take must exist."""
    report = _single(PROSEWARE)
    kai = next(p for p in _loaded(PROSEWARE).scenario.staff if p.id == "kai")
    assert kai.can_take is None
    fixes = [*report.fixes, fix]
    message = expected.format(n=len(fixes), deadline=_loaded(PROSEWARE).scenario.deadline)
    assert [message] == _problems(PROSEWARE, _with(report, fixes=fixes))


def test_the_validator_imports_nothing_it_re_checks():
    """The validator package imports no model, problem builder, solving or rules module (only its own
    modules): it restates the rules."""
    import ast

    import planner.validation as validation

    modules: set[str] = set()
    for source in Path(validation.__file__).parent.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        modules |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    outside = [m for m in modules
               if m.startswith(("planner", "ortools")) and not m.startswith("planner.validation")]
    assert [] == sorted(outside)


# ---- a goal with options: alternatives may choose another option; spares follow the chosen one

BETA = Catalog.model_validate({
    "catalog_version": 1, "id": "beta", "name": "Beta", "revision": "2017-01-01",
    "exams": [{"code": c, "title": c} for c in ("E1", "E2", "E3", "E5")],
    "lists": [{"id": "b0", "name": "b0", "exams": ["E3", "E1"]},
              {"id": "b1", "name": "b1", "exams": ["E1", "E5"]},
              {"id": "b2", "name": "b2", "exams": ["E2"]}],
    "options": [
        {"id": "opt0", "name": "Opt0", "roles": [{"id": "y0", "lists": ["b1", "b2"]}],
         "levels": [{"id": "gold", "name": "Gold", "slots": {"y0": 1}}]},
        {"id": "opt1", "name": "Opt1", "roles": [{"id": "y0", "lists": ["b0"]}],
         "levels": [{"id": "gold", "name": "Gold", "slots": {"y0": 1}}]},
    ],
})
BETA_GOLD = "beta:gold"


def _beta_plan(**changes: Any) -> tuple[Scenario, PlanReport]:
    """p2 (E1) fills Opt1's one slot; p3 (E1, E3) may take E2."""
    scenario = Scenario.model_validate(scenario_dict(
        [{"id": "p2", "passed": ["E1"]}, {"id": "p3", "passed": ["E1", "E3"]}], competency="beta"))
    slot = Assignment(person="p2", role="y0", exams=["E1"], target=BETA_GOLD)
    target = TargetPlan(target=BETA_GOLD, competency="beta", level="gold", option="opt1",
                        rules_revision=BETA.revision, reachable=True, gates=[], assignments=[slot],
                        new_exams=[])
    report = PlanReport(
        scenario=scenario.name, competency="beta", level="gold", as_of=scenario.as_of,
        deadline=scenario.deadline or scenario.as_of,
        objective="exams", status="optimal", reachable=True, gates=[], new_exams=[], total_new_exams=0,
        total_cost_usd=0.0, assignments=[slot], reasons=[], targets=[target], option="opt1",
        rules_revision=BETA.revision)
    return scenario, report.model_copy(update=changes)


def _beta_alternative(exams: list[str]) -> Alternative:
    """p3 takes E2 and fills the slot named with `exams`."""
    return Alternative(rank=2, total_new_exams=1, total_cost_usd=165.0,
                       new_exams=[NewExam(person="p3", exam="E2", cost_usd=165.0)], hires=[],
                       assignments=[Assignment(person="p3", role="y0", exams=exams, target=BETA_GOLD)],
                       adds=["p3 E2"], drops=[])


def test_an_alternative_may_meet_a_goal_by_another_option():
    """p3 with E1 and E2 fits Opt0's y0 (b1 + b2), not Opt1's (b0 only): the alternative is sound."""
    scenario, report = _beta_plan(alternatives=[_beta_alternative(["E1", "E2"])])
    assert [] == recheck(scenario, [(BETA_GOLD, BETA, "gold")], report)


def test_an_alternative_fitting_no_option_is_rejected():
    """p3 named with E2 alone fits neither option: re-checked against the first plan's option."""
    scenario, report = _beta_plan(alternatives=[_beta_alternative(["E2"])])
    assert [f"alternative 2: {BETA_GOLD}: p3 fills y0 without an exam of list b0",
            f"alternative 2: {BETA_GOLD}: p3 fills y0 naming ['E2']; it needs one exam of each of "
            "['b0']"] == \
        recheck(scenario, [(BETA_GOLD, BETA, "gold")], report)


def test_a_spare_for_a_role_of_the_option_not_chosen_is_rejected():
    """With Opt1 chosen, a spare named for Opt0's y0 (lists b1 and b2) is no spare of the plan."""
    spare = Assignment(person="p3", role="y0", exams=["E1", "E2"], target=BETA_GOLD)
    scenario, report = _beta_plan(resilience=Resilience(k=1), spares=[spare])
    assert ["spare p3 fills y0 with E2, neither held nor planned",
            "spare p3 fills y0 naming ['E1', 'E2']; it needs one exam of each of ['b0']"] == \
        recheck(scenario, [(BETA_GOLD, BETA, "gold")], report)
