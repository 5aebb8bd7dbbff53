"""The validator on a shipped designation scenario: Northwind Traders' plan exactly as its header works it
out by hand (Business Applications, 2026-05-08 revision, SMB track) passes the re-check, and the same plan
without one of its new exams is caught falling short. (Its plan golden waits for the CP-SAT model to plan
lists of certifications: this is the plan the model must find.)
"""

from __future__ import annotations

from pathlib import Path

from models.report import Assignment, NewExam, PlanReport
from planner.input.loading import LoadedScenario, load_scenario
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
