"""The validator on the shipped designation scenarios: Northwind Traders' and Fourth Coffee's plans exactly
as their headers work them out by hand (Business Applications, 2026-05-08 revision) pass the re-check, and
the same plans with one new exam less are caught: Northwind short of its points, Fourth Coffee short after
one departure (policy.resilience 1). (Their plan goldens wait for the CP-SAT model to plan lists of
certifications: these are the plans the model must find.)
"""

from __future__ import annotations

from pathlib import Path

from models.report import Assignment, NewExam, PlanReport, Resilience
from planner.input.loading import LoadedScenario, load_scenario
from planner.rules.holdings import items_held_on
from planner.rules.scoring import score_standing
from planner.validation import recheck

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


FINANCE = "d365-finance-functional-consultant-associate"
SERVICE = "d365-customer-service-functional-consultant-associate"
PLATFORM = "power-platform-functional-consultant-associate"
BC_DEV = "d365-business-central-developer-associate"
INTERMEDIATE, ADVANCED = "intermediate-certifications", "advanced-certifications"


def northwind_plan(drop: str | None = None) -> tuple[LoadedScenario, PlanReport]:
    """Northwind's header: Ben and Chen renew (US$50 each), Chen takes MB-310 (US$1,165), Emil MB-310 and
    MB-820 (US$1,065 each): intermediate Ana, Ben, Chen, Emil, advanced Chen and Emil, 73 points; `drop`
    leaves one new exam out ('person/exam') with the slot it gave."""
    loaded = load_scenario(SCENARIOS / "northwind-solutions-partner-smb.yaml")
    new = [NewExam(person="ben", exam="MB-230", cost_usd=50.0, renewal=True),
           NewExam(person="chen", exam="MB-820", cost_usd=50.0, renewal=True),
           NewExam(person="chen", exam="MB-310", cost_usd=1165.0, certifications=[FINANCE]),
           NewExam(person="emil", exam="MB-310", cost_usd=1065.0, certifications=[FINANCE]),
           NewExam(person="emil", exam="MB-820", cost_usd=1065.0, certifications=[BC_DEV])]
    slots = [("ana", INTERMEDIATE, PLATFORM), ("ben", INTERMEDIATE, SERVICE),
             ("chen", INTERMEDIATE, FINANCE), ("emil", INTERMEDIATE, FINANCE),
             ("chen", ADVANCED, BC_DEV), ("emil", ADVANCED, BC_DEV)]
    if drop is not None:
        new = [e for e in new if f"{e.person}/{e.exam}" != drop]
        slots = [s for s in slots if not (s[0] == drop.split("/")[0] and s[1] == INTERMEDIATE)]
    assignments = [Assignment(person=p, role=r, exams=[c]) for p, r, c in slots]
    level = loaded.catalog.levels[0]
    counts = {r: sum(1 for _, role, _ in slots if role == r) for r in (INTERMEDIATE, ADVANCED)}
    renewals = sum(1 for e in new if e.renewal)
    report = PlanReport(
        scenario=loaded.scenario.name, competency=loaded.catalog.id, level=level.id,
        as_of=loaded.scenario.as_of, deadline=loaded.scenario.deadline, objective="exams", status="optimal",
        reachable=True, gates=[],
        new_exams=new, total_new_exams=len(new) - renewals, total_renewals=renewals,
        total_cost_usd=sum(e.cost_usd for e in new), assignments=assignments, reasons=[],
        rules_revision=loaded.catalog.revision,
        scores=[score_standing(f"{loaded.catalog.id}:{level.id}", level, loaded.scenario.organization,
                               counts)])
    return loaded, report


def northwind_problems(drop: str | None = None) -> list[str]:
    loaded, report = northwind_plan(drop)
    goals = [(f"{loaded.catalog.id}:solutions-partner", loaded.catalog, "solutions-partner")]
    return recheck(loaded.scenario, goals, report, loaded.catalogs.certifications)


def test_northwinds_plan_as_its_header_works_it_out_passes_the_validator():
    """Two renewals and three new exams, US$3,395, 73 points: nothing to say."""
    loaded, report = northwind_plan()
    assert (3395.0, 73.0, []) == (report.total_cost_usd, report.scores[0].points, northwind_problems())


def test_northwinds_plan_without_chens_finance_exam_falls_short():
    """Without Chen's MB-310 the plan has 3 intermediate people: 42 + 12 + 15 = 69 of the 70 points."""
    assert ["Solutions Partner for Business Applications is not met on 2027-06-30: 69 points of the 70 "
            "needed"] == northwind_problems("chen/MB-310")


# ---- Fourth Coffee: resilience 1 ---------------------------------------------------------------------------

def fourth_coffee_plan(takers: list[tuple[str, float]]) -> tuple[LoadedScenario, PlanReport]:
    """Fourth Coffee with these people taking MB-820 (Business Central Developer, advanced), at their cost:
    every person who counts on the deadline fills the metrics they hold a certification of (what they
    hold by planner.rules.holdings, the new certification added by hand), and the score follows."""
    loaded = load_scenario(SCENARIOS / "fourth-coffee-solutions-partner-resilience.yaml")
    catalog, scenario, certs = loaded.catalog, loaded.scenario, loaded.catalogs.certifications
    deadline = scenario.deadline
    lists = {lst.id: lst.items for lst in catalog.lists}
    new_by = {pid for pid, _ in takers}
    assignments = []
    for person in scenario.staff:
        if person.leaves_on is not None and person.leaves_on <= deadline:
            continue
        held = set(items_held_on(person, deadline, loaded.catalogs.exams(catalog), certs,
                                 [i for items in lists.values() for i in items]))
        held |= {"@" + BC_DEV} if person.id in new_by else set()
        for role, lid in ((INTERMEDIATE, "intermediate"), (ADVANCED, "advanced")):
            first = next((i for i in lists[lid] if i in held), None)
            if first is not None:
                assignments.append(Assignment(person=person.id, role=role, exams=[first.removeprefix("@")]))
    new = [NewExam(person=pid, exam="MB-820", cost_usd=cost, certifications=[BC_DEV]) for pid, cost in takers]
    level = catalog.levels[0]
    counts = {r: sum(1 for a in assignments if a.role == r) for r in (INTERMEDIATE, ADVANCED)}
    report = PlanReport(
        scenario=scenario.name, competency=catalog.id, level=level.id, as_of=scenario.as_of,
        deadline=deadline,
        objective="exams", status="optimal", reachable=True, gates=[], new_exams=new,
        total_new_exams=len(new), total_renewals=0, total_cost_usd=sum(c for _, c in takers),
        assignments=assignments, reasons=[], rules_revision=catalog.revision, resilience=Resilience(k=1),
        scores=[score_standing(f"{catalog.id}:{level.id}", level, scenario.organization, counts)])
    return loaded, report


def fourth_coffee_problems(takers: list[tuple[str, float]]) -> list[str]:
    loaded, report = fourth_coffee_plan(takers)
    goals = [(f"{loaded.catalog.id}:solutions-partner", loaded.catalog, "solutions-partner")]
    return recheck(loaded.scenario, goals, report, loaded.catalogs.certifications)


def test_fourth_coffees_resilient_plan_as_its_header_works_it_out_passes_the_validator():
    """Cyd (US$1,965) and Fay (US$2,265) take MB-820: 13 + 3 x 15/7 skilling, 73.43 points, and losing
    anyone leaves 70 or more."""
    _, report = fourth_coffee_plan([("cyd", 1965.0), ("fay", 2265.0)])
    assert (4230.0, 73.4286, []) == (report.total_cost_usd, report.scores[0].points,
                                     fourth_coffee_problems([("cyd", 1965.0), ("fay", 2265.0)]))


def test_fourth_coffee_with_one_new_advanced_person_does_not_survive_a_departure():
    """Cyd alone: 71.29 points, but without Ada (or Cyd) 12 + 15/7: the validator says so."""
    assert ["after 1 departure(s) (1 qualifying for advanced-certifications/intermediate-certifications) "
            "Solutions Partner for Business Applications no longer has its points"] == fourth_coffee_problems(
        [("cyd", 1965.0)])
