"""plan --target A --target B ...: several Solutions Partner designations planned together, sharing the
staff and their certifications (one exam counts everywhere it may), each designation reading its own
figures (organization.metrics by designation)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from planner.cli.commands import app

SHARED = Path(__file__).parent / "data" / "designations" / "shared-administrator.yaml"
TWO = ["--target", "data-ai:solutions-partner", "--target", "infrastructure:solutions-partner"]


def _plan(path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(app, ["plan", str(path), *args, "--format", "json"],
                                env={"COLUMNS": "200", "PLANNER_DEBUG": None})
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)


def test_a_shared_certification_is_taken_once_and_counts_for_both_designations() -> None:
    """Ann's one AZ-104 makes her an Azure Administrator Associate for Data & AI's and Infrastructure's
    administrator steps: 1 new exam, US$665, 72 points each (the file's header)."""
    code, report = _plan(SHARED, *TWO)
    new = [(e["person"], e["exam"], e.get("certifications")) for e in report["new_exams"]]
    step_1 = sorted((a["target"], a["role"]) for a in report["assignments"]
                    if a["person"] == "ann" and "azure-administrator-associate" in a["exams"])
    assert (0, [("ann", "AZ-104", ["azure-administrator-associate"])], 665.0) == (
        code, new, report["total_cost_usd"])
    assert [("data-ai:solutions-partner", "intermediate-certifications.step-1"),
            ("infrastructure:solutions-partner", "intermediate-certifications.step-1")] == step_1
    assert [72.0, 72.0] == [s["points"] for s in report["scores"]]


def test_each_designation_planned_together_reads_its_own_figures(tmp_path: Path) -> None:
    """With Infrastructure's net customer adds at 0 (every metric needs more than 0) Infrastructure is
    out of reach whatever the exams, while Data & AI's own figures still reach it on its own."""
    scenario = yaml.safe_load(SHARED.read_text(encoding="utf-8"))
    scenario["organization"]["metrics"]["infrastructure"]["net-customer-adds"] = 0
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
    code, report = _plan(path, *TWO)
    reach = {t["target"]: (t["reachable"], t["alone"]["status"]) for t in report["targets"]}
    assert (1, {"data-ai:solutions-partner": (False, "optimal"),
                "infrastructure:solutions-partner": (False, "infeasible")}) == (code, reach)


def test_an_exam_toward_one_of_two_prerequisites_held_earns_no_expert() -> None:
    """Zed takes AZ-104 and AZ-204 (both prerequisites of Azure DevOps Engineer Expert) and AZ-400: only
    AZ-400 earns the expert, and the plan passes its re-check (it failed it, exit 3, when each
    prerequisite's exam said it earned the expert too)."""
    code, report = _plan(SHARED.parent / "one-person-two-prerequisites.yaml")
    new = sorted((e["exam"], e.get("certifications")) for e in report["new_exams"])
    assert (0, [("AZ-104", ["azure-administrator-associate"]), ("AZ-204", ["azure-developer-associate"]),
                ("AZ-400", ["devops-engineer-expert"])], [72.0]) == (
        code, new, [s["points"] for s in report["scores"]])


# ---- best --budget with several targets -----------------------------------------------------------------

def _best(path: Path, *args: str) -> tuple[int, dict[str, Any], str, str]:
    """best's exit code and JSON answer, and its table and Markdown (the same run's arguments)."""
    def invoke(*more: str):
        return CliRunner().invoke(app, ["best", str(path), *args, *more],
                                  env={"COLUMNS": "200", "PLANNER_DEBUG": None})
    result = invoke("--format", "json")
    assert result.exit_code in (0, 1), result.output
    return (result.exit_code, json.loads(result.output), invoke().output,
            invoke("--format", "markdown").output)


def test_best_with_several_targets_finds_both_within_a_budget_that_pays_the_shared_exam() -> None:
    """US$700 pays Ann's AZ-104 (US$665), which reaches both designations together."""
    code, report, table, markdown = _best(SHARED, "--budget", "700", *TWO)
    assert (0, ["data-ai:solutions-partner", "infrastructure:solutions-partner"], 665.0) == (
        code, report["best_set"], report["plan"]["total_cost_usd"])
    line = ("With a budget of US$700, every target can be reached together: data-ai:solutions-partner, "
            "infrastructure:solutions-partner, for US$665 (1 new exam).")
    assert (True, True) == (line in table, line in markdown)


def test_best_reads_the_scenarios_targets_as_plan_does(tmp_path: Path) -> None:
    """A scenario listing both targets, and no --target: best answers for the set, as with --target (it
    answered for the scenario's first designation alone, the others silently left out)."""
    scenario = yaml.safe_load(SHARED.read_text(encoding="utf-8"))
    scenario["targets"] = ["data-ai:solutions-partner", "infrastructure:solutions-partner"]
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
    listed, given = _best(path, "--budget", "700"), _best(SHARED, "--budget", "700", *TWO)
    assert (0, ["data-ai:solutions-partner", "infrastructure:solutions-partner"]) == (
        listed[0], listed[1].get("best_set"))
    def answer(report: dict[str, Any]) -> dict[str, Any]:  # stats (timings) aside
        return {**report, "stats": None, "plan": {**report["plan"], "stats": None}}

    assert answer(given[1]) == answer(listed[1])


def test_best_with_several_targets_says_what_each_costs_when_the_budget_reaches_none() -> None:
    """US$600 reaches neither (each costs US$665 alone): exit 1, each row with its cost and the US$65
    over the budget."""
    code, report, _, _ = _best(SHARED, "--budget", "600", *TWO)
    rows = [(t["target"], t["in_best_set"], t["cost_alone_usd"], t["cost_with_set_usd"],
             t["extra_usd_needed"]) for t in report["targets"]]
    assert (1, [], [("data-ai:solutions-partner", False, 665.0, 665.0, 65.0),
                    ("infrastructure:solutions-partner", False, 665.0, 665.0, 65.0)]) == (
        code, report["best_set"], rows)


def test_best_with_several_targets_leaves_out_one_out_of_reach_on_its_own(tmp_path: Path) -> None:
    """Infrastructure's own net customer adds at 0: the set is Data & AI alone, Infrastructure's row has
    no cost (out of reach at any budget)."""
    scenario = yaml.safe_load(SHARED.read_text(encoding="utf-8"))
    scenario["organization"]["metrics"]["infrastructure"]["net-customer-adds"] = 0
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
    code, report, _, _ = _best(path, "--budget", "5000", *TWO)
    infra = report["targets"][1]
    assert (0, ["data-ai:solutions-partner"], (False, None, None)) == (
        code, report["best_set"], (infra["in_best_set"], infra["cost_alone_usd"], infra["cost_with_set_usd"]))


def test_a_renewed_prerequisite_is_used_by_every_designation_its_certification_counts_in() -> None:
    """Ann renews the Azure Administrator Associate her architect certification needs and takes AZ-305:
    both serve the architect steps of Data & AI and Infrastructure (the file's header), so each target lists
    both and both are shared; the plan passes its re-check (it failed it, exit 3, before)."""
    code, report = _plan(SHARED.parent / "renewed-prerequisite.yaml")
    listed = [sorted((e["person"], e["exam"]) for e in t["new_exams"]) for t in report["targets"]]
    both = [("ann", "AZ-305"), ("ann", "azure-administrator-associate")]
    assert (0, 765.0, [both, both]) == (code, report["total_cost_usd"], listed)
    assert ["ann azure-administrator-associate", "ann AZ-305"] == report["saving"]["shared_exams"]
