"""Golden tests: every shipped scenario's answers are checked in under tests/golden/ and compared.

Each scenarios/NAME.yaml has a folder tests/golden/NAME/ with one JSON file per answer: the Silver plan
(fewest exams), the Gold plan (fewest exams and cheapest), and the check. A file holds the report's
JSON without `stats` (timings and model size, the only part allowed to change between runs).

The expected answers were checked by hand against the rules before they were checked in. To regenerate
them on purpose (a rule or the tie-break changed), run
    PLANNER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
then read the diff of tests/golden/ line by line before committing it.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from models.report import PlanReport
from planner.cli.commands import app
from planner.core.planning import check, plan
from planner.input.loading import LoadedScenario, load_scenario, resolve_target
from planner.validation import recheck
from tests.conftest import SCENARIOS
from tests.helpers import one_goal_problems

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PLANNER_UPDATE_GOLDEN") == "1"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))
PLANS = {  # answer name -> (level, objective)
    "plan-silver-exams": ("silver", "exams"),
    "plan-gold-exams": ("gold", "exams"),
    "plan-gold-cost": ("gold", "cost"),
}
ANSWERS = [*PLANS, "check"]
SCORED_PLANS = {  # for a scenario of a scored designation (no Silver or Gold): its one level
    "plan-exams": "exams",
    "plan-cost": "cost",
}
TARGET_PLANS = {  # for a scenario with `targets`: all of them planned together
    "plan-targets-exams": "exams",
    "plan-targets-cost": "cost",
}


def _has_targets(path: Path) -> bool:
    return any(line.startswith("targets:") for line in path.read_text(encoding="utf-8").splitlines())


@functools.cache
def _loaded(path: Path) -> LoadedScenario:
    return load_scenario(path)


def _scored(path: Path) -> bool:
    """A scenario of a competency without Silver and Gold (a scored designation)."""
    return not {"silver", "gold"} & set(_levels(path))


def _levels(path: Path) -> list[str]:
    return _loaded(path).catalog.level_ids


def _answers(path: Path) -> list[str]:
    plans = list(SCORED_PLANS) if _scored(path) else list(PLANS)
    return [*plans, "check", *(list(TARGET_PLANS) if _has_targets(path) else [])]


CASES = [(p, a) for p in SCENARIO_FILES for a in _answers(p)]


AS_PLAN_SHOWS_IT = {"compare_objectives": True, "goals_that_fit": True}
"""A plan as `planner plan` makes it: beside the other objective's plan when it beats this one there."""


@functools.cache
def _fresh(path: Path, answer: str) -> str:
    """The answer computed now, as the JSON text a golden file holds (cached: each is solved once)."""
    if answer == "check":
        data = check(_loaded(path)).model_dump(mode="json")
    elif answer in TARGET_PLANS:
        loaded = _loaded(path)
        targets = [resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets or ()]
        data = plan(loaded, targets[0].level, TARGET_PLANS[answer],  # type: ignore[arg-type]
                    targets=targets, **AS_PLAN_SHOWS_IT).model_dump(mode="json")
    elif answer in SCORED_PLANS:
        objective = SCORED_PLANS[answer]
        data = plan(_loaded(path), _levels(path)[-1], objective,  # type: ignore[arg-type]
                    **AS_PLAN_SHOWS_IT).model_dump(mode="json")
    else:
        level, objective = PLANS[answer]
        data = plan(_loaded(path), level, objective,  # type: ignore[arg-type]
                    **AS_PLAN_SHOWS_IT).model_dump(mode="json")
    data.pop("stats", None)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _golden_file(path: Path, answer: str) -> Path:
    return GOLDEN / path.stem / f"{answer}.json"


def _golden(path: Path, answer: str) -> dict[str, Any]:
    """The checked-in answer; a missing file fails with the command that creates it."""
    target = _golden_file(path, answer)
    if not target.exists():
        pytest.fail(f"no golden file {target.relative_to(GOLDEN.parent.parent)} for {path.name}: check the "
                    "scenario's answers by hand, then create it with "
                    "PLANNER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py", pytrace=False)
    return json.loads(target.read_text(encoding="utf-8"))


def _without_stats(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "stats"}


def _ids(path: Path) -> str:
    return path.stem


@pytest.mark.parametrize(("path", "answer"), CASES, ids=[f"{p.stem}-{a}" for p, a in CASES])
def test_scenario_answer_matches_its_golden_file(path, answer):
    """A shipped scenario's plan or check, computed now, equals the answer checked in for it."""
    fresh = _fresh(path, answer)
    if UPDATE:
        target = _golden_file(path, answer)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != fresh:
            target.write_text(fresh, encoding="utf-8")
    assert _golden(path, answer) == json.loads(fresh)


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=_ids)
def test_cli_gold_plan_prints_the_golden_answer_and_exits_0_only_when_reachable(path):
    """`planner plan` (Gold by default, or the scenario's targets) prints the golden JSON and exits 0 if
    Gold (every target) is reachable, else 1."""
    golden = _golden(path, "plan-targets-exams" if _has_targets(path) else "plan-gold-exams")
    result = CliRunner().invoke(app, ["plan", str(path), "--format", "json"])
    assert (0 if golden["reachable"] else 1, "") == (result.exit_code, result.stderr)
    assert golden == _without_stats(json.loads(result.stdout))


ONE_GOAL_CASES = [(p, a) for p, a in CASES if a in PLANS or a in SCORED_PLANS]


@pytest.mark.parametrize(("path", "answer"), ONE_GOAL_CASES, ids=[f"{p.stem}-{a}" for p, a in ONE_GOAL_CASES])
def test_golden_plans_pass_the_independent_validator(path, answer):
    """Every checked-in plan keeps the rules when re-checked without the solver (guards hand edits)."""
    golden = PlanReport.model_validate(_golden(path, answer))
    loaded = _loaded(path)
    assert [] == one_goal_problems(loaded.scenario, loaded.catalog, golden, loaded.catalogs.certifications)


TARGET_CASES = [(p, a) for p, a in CASES if a in TARGET_PLANS]


@pytest.mark.parametrize(("path", "answer"), TARGET_CASES, ids=[f"{p.stem}-{a}" for p, a in TARGET_CASES])
def test_golden_plans_for_several_targets_pass_the_independent_validator(path, answer):
    """Every checked-in plan for several targets keeps every target's rules, re-checked without the solver."""
    golden = PlanReport.model_validate(_golden(path, answer))
    loaded = _loaded(path)
    targets = [resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets or ()]
    assert [] == recheck(loaded.scenario, [(t.label, t.catalog, t.level) for t in targets], golden,
                         loaded.catalogs.certifications)


# What each shipped scenario is for, verified by hand (see each file's header). This pins the story
# the README tells, so that regenerating the golden files cannot silently change it.
# (scenario, answer) -> (status, reachable, new exams, cost in USD, who takes what)
STORIES = {
    ("fabrikam-one-exam-from-silver", "plan-silver-exams"): ("optimal", True, 1, 765.0, ["gus MB2-716"]),
    ("fabrikam-one-exam-from-silver", "plan-gold-exams"): (
        "optimal", False, 3, 3495.0, ["eli MB2-715", "farah MB2-716", "gus MB2-716"]),
    ("contoso-gold-push", "plan-silver-exams"): ("optimal", True, 0, 0.0, []),
    ("contoso-gold-push", "plan-gold-exams"): ("optimal", True, 2, 3210.0, ["dan MB2-717", "kim MB2-716"]),
    ("contoso-gold-push", "plan-gold-cost"): (
        "optimal", True, 3, 3055.0, ["erin MB2-716", "kim MB2-717", "kim MB2-715"]),
    ("contoso-consultant-leaves", "plan-silver-exams"): ("optimal", True, 1, 2405.0, ["dan MB2-717"]),
    ("contoso-consultant-leaves", "plan-gold-exams"): (
        "optimal", True, 3, 5925.0, ["dan MB2-717", "kim MB2-716", "mia MB2-715"]),
    ("contoso-consultant-leaves", "plan-gold-cost"): (
        "optimal", True, 4, 5460.0, ["dan MB2-717", "erin MB2-716", "kim MB2-717", "kim MB2-715"]),
    ("litware-developing-market", "plan-silver-exams"): ("optimal", True, 0, 0.0, []),
    ("litware-developing-market", "plan-gold-exams"): (
        "optimal", False, 2, 620.0, ["sofia MB2-715", "zara MB2-716"]),
    ("northwind-mb2-709-retirement", "plan-silver-exams"): ("optimal", True, 1, 1445.0, ["olga MB2-717"]),
    ("northwind-mb2-709-retirement", "plan-gold-exams"): (
        "optimal", True, 2, 3130.0, ["olga MB2-717", "sven MB2-717"]),
    ("adatum-gold-impossible", "plan-silver-exams"): ("optimal", True, 0, 0.0, []),
    ("adatum-gold-impossible", "plan-gold-exams"): ("infeasible", False, 0, 0.0, []),
    ("tailspin-budget", "plan-silver-exams"): ("optimal", True, 1, 1125.0, ["vic MB2-716"]),
    ("tailspin-budget", "plan-gold-exams"): ("infeasible", False, 0, 0.0, []),
    ("wingtip-hiring", "plan-gold-exams"): ("optimal", True, 1, 7845.0, ["lee MB2-716"]),
    ("wingtip-hiring", "plan-gold-cost"): ("optimal", True, 1, 7845.0, ["lee MB2-716"]),
    ("woodgrove-resilience", "plan-silver-exams"): ("optimal", True, 1, 1685.0, ["fin MB2-717"]),
    ("woodgrove-resilience", "plan-gold-exams"): (
        "optimal", True, 3, 5445.0, ["eva MB2-715", "fin MB2-717", "hal MB2-716"]),
    ("proseware-impossible-with-fixes", "plan-silver-exams"): ("optimal", True, 0, 0.0, []),
    ("proseware-impossible-with-fixes", "plan-gold-exams"): ("infeasible", False, 0, 0.0, []),
    ("contoso-booking-calendar", "plan-silver-exams"): ("optimal", True, 1, 1605.0, ["carol MB2-709"]),
    ("contoso-booking-calendar", "plan-gold-exams"): (
        "optimal", True, 3, 5125.0, ["carol MB2-709", "kim MB2-716", "mia MB2-715"]),
    ("contoso-crm-gold-and-cba-silver", "plan-targets-exams"): (
        "optimal", True, 5, 7805.0,
        ["bob MB2-715", "hank MB2-715", "ivy MB2-717", "ivy MB2-715", "ivy MB2-716"]),
    ("contoso-crm-gold-and-cba-silver", "plan-gold-exams"): ("optimal", True, 1, 1365.0, ["dan MB2-717"]),
    ("northwind-solutions-partner-smb", "plan-exams"): (
        "optimal", True, 3, 3395.0,
        ["ben MB-230", "chen MB-310", "chen MB-820", "emil MB-310", "emil MB-820"]),
    ("fourth-coffee-solutions-partner-resilience", "plan-exams"): (
        "optimal", True, 2, 4230.0, ["cyd MB-820", "fay MB-820"]),
    ("fourth-coffee-solutions-partner-resilience", "plan-cost"): (
        "optimal", True, 2, 3915.0, ["cyd MB-820", "nia PL-400", "pia MB-310"]),
    ("adventure-works-data-ai-gates", "plan-exams"): (
        "optimal", True, 2, 2550.0,
        ["ada azure-solutions-architect-expert", "cy AZ-104", "eli azure-database-administrator-associate",
         "fay DP-300"]),
    ("adventure-works-data-ai-gates", "plan-cost"): (
        "optimal", True, 2, 2550.0,
        ["ada azure-solutions-architect-expert", "cy AZ-104", "eli azure-database-administrator-associate",
         "fay DP-300"]),
    ("tailwind-modern-work-paths", "plan-exams"): (
        "optimal", True, 0, 50.0, ["jon m365-teams-administrator-associate"]),
    ("tailwind-modern-work-paths", "plan-cost"): (
        "optimal", True, 0, 50.0, ["jon m365-teams-administrator-associate"]),
    ("contoso-booking-calendar", "plan-gold-cost"): (
        "optimal", True, 4, 4740.0, ["carol MB2-709", "kim MB2-717", "kim MB2-715", "quinn MB2-716"]),
}


@pytest.mark.parametrize(("stem", "answer"), list(STORIES), ids=[f"{s}-{a}" for s, a in STORIES])
def test_shipped_scenario_gives_the_answer_its_header_promises(stem, answer):
    """The six shipped scenarios give the hand-checked answers their headers (and the README) state."""
    report = json.loads(_fresh(SCENARIOS / f"{stem}.yaml", answer))
    actual = (report["status"], report["reachable"], report["total_new_exams"], report["total_cost_usd"],
              [f"{e['person']} {e['exam']}" for e in report["new_exams"]])
    assert STORIES[stem, answer] == actual


def test_two_goals_together_save_what_the_header_says():
    """Contoso's two goals: planned one at a time 6 exams and US$9,170; together one exam and US$1,365
    less, hank's MB2-715 serving both (worked out by hand in the scenario's header)."""
    report = json.loads(_fresh(SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml", "plan-targets-exams"))
    saving = report["saving"]
    alone = [(t["target"], t["alone"]["total_new_exams"], t["alone"]["total_cost_usd"])
             for t in report["targets"]]
    assert ([("cloud-crm:gold", 1, 1365.0), ("cloud-business-applications:silver", 5, 7805.0)],
            6, 9170.0, 1, 1365.0, ["hank MB2-715"]) == (
        alone, saving["planned_alone_new_exams"], saving["planned_alone_cost_usd"], saving["new_exams_saved"],
        saving["saving_usd"], saving["shared_exams"])
    shared = {a["person"] for a in report["targets"][1]["assignments"] if a["role"] == "application"} & {
        a["person"] for a in report["targets"][1]["assignments"] if a["role"] == "deployment+customization"}
    assert ["alice", "hank", "ivy"] == sorted(shared)


def test_every_golden_folder_belongs_to_a_shipped_scenario():
    """No golden answers are left behind for a scenario that was renamed or removed."""
    expected = {(p.stem, f"{a}.json") for p, a in CASES}
    actual = {(f.parent.name, f.name) for f in GOLDEN.glob("*/*") if f.is_file()}
    assert set() == actual - expected


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=_ids)
def test_every_scenario_opens_with_a_comment_header_stating_its_expected_answer(path):
    """A scenario file starts with comments saying what it shows and what answer to expect."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[:next(i for i, line in enumerate(lines) if not line.startswith("#"))]
    assert (True, True) == (any("What it shows" in ln for ln in header),
                            any("Expected answer" in ln for ln in header))


# Scored designations: the points and the renewals their headers work out by hand.
# (scenario, answer) -> (points on the deadline, renewals as 'person exam')
SCORES = {
    ("northwind-solutions-partner-smb", "plan-exams"): (73.0, ["ben MB-230", "chen MB-820"]),
    ("fourth-coffee-solutions-partner-resilience", "plan-exams"): (round(54 + 13 + 3 * 15 / 7, 4), []),
    ("fourth-coffee-solutions-partner-resilience", "plan-cost"): (round(54 + 15 + 2 * 15 / 7, 4),
                                                                  ["nia PL-400"]),
}


@pytest.mark.parametrize(("stem", "answer"), list(SCORES), ids=[f"{s}-{a}" for s, a in SCORES])
def test_scored_scenario_reaches_the_points_its_header_works_out(stem, answer):
    """A shipped scored scenario's plan reaches the points and makes the renewals its header states."""
    report = json.loads(_fresh(SCENARIOS / f"{stem}.yaml", answer))
    points, renewals = SCORES[stem, answer]
    actual = (report["scores"][0]["points"], [f"{e['person']} {e['exam']}" for e in report["new_exams"]
                                               if e.get("renewal")])
    assert (points, renewals) == actual


def test_scored_check_gives_the_points_today_and_on_the_deadline():
    """Fourth Coffee: met today with 71.14 points (Ada alone at risk), 69.14 on the deadline, 0.86 short."""
    report = json.loads(_fresh(SCENARIOS / "fourth-coffee-solutions-partner-resilience.yaml", "check"))
    today, later = report["levels"][0], report["levels_on_deadline"][0]
    assert (True, round(54 + 15 + 15 / 7, 4), ["ada"]) == (today["met"], today["score"]["points"],
                                                          today["at_risk"])
    assert (False, round(54 + 13 + 15 / 7, 4)) == (later["met"], later["score"]["points"])
