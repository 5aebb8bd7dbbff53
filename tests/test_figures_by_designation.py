"""organization.metrics by designation: each designation reads its own net customer adds, usage growth and
deployments (`{data-ai: {net-customer-adds: 3}, modern-work: {...}}`), beside the form that gives the same
figures to every designation; a mix of the two forms, or a designation left without its figures, is one
located line (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from models.scenario import Organization
from planner.cli.commands import app
from planner.validation.points import figures_of
from tests.conftest import SCENARIOS

ADVENTURE = SCENARIOS / "adventure-works-data-ai-gates.yaml"
FLAT = "  metrics:\n    net-customer-adds: 3\n    usage-growth: 20\n    deployments: 5\n"


def _run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "PLANNER_DEBUG": None})


def _adventure(tmp_path: Path, metrics: str) -> tuple[str, str]:
    """Adventure Works with its organization.metrics replaced by `metrics` (YAML lines): path and text."""
    text = ADVENTURE.read_text(encoding="utf-8")
    assert 1 == text.count(FLAT)
    text = text.replace(FLAT, metrics)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path), text


def _points(path: str) -> tuple[float, float]:
    """Check's points of the designation today and on the deadline."""
    result = _run("check", path, "--format", "json")
    assert 0 == result.exit_code, result.output
    report = json.loads(result.output)
    return report["levels"][0]["score"]["points"], report["levels_on_deadline"][0]["score"]["points"]


def _place(text: str, at: str) -> str:
    """'LINE:COL' of `at` in the organization's part of `text` (after its first line)."""
    offset = text.index(at, text.index("\norganization:\n") + 1)
    return f"{text.count(chr(10), 0, offset) + 1}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _error(result) -> str:
    assert 2 == result.exit_code, result.output
    lines = result.output.strip().splitlines()
    assert 1 == len(lines), result.output
    return lines[0].removeprefix("planner: error: ")


def test_figures_by_designation_score_as_the_same_figures_given_to_every_designation(tmp_path: Path) -> None:
    """Adventure Works' figures written under data-ai score as the flat form does (60 today, 60 on the
    deadline, as its header works out)."""
    by_designation = "  metrics:\n    data-ai: {net-customer-adds: 3, usage-growth: 20, deployments: 5}\n"
    path, _ = _adventure(tmp_path, by_designation)
    assert (60.0, 60.0) == _points(path)


def test_each_designation_reads_its_own_figures_not_another_designations(tmp_path: Path) -> None:
    """Data & AI reads its own 1 net customer add (10 of 30 points), not Modern Work's 3: 40 points."""
    metrics = ("  metrics:\n"
               "    modern-work: {net-customer-adds: 3, usage-growth: {cpor: 1}, deployments: {cpor: 1}}\n"
               "    data-ai: {net-customer-adds: 1, usage-growth: 20, deployments: 5}\n")
    path, _ = _adventure(tmp_path, metrics)
    assert (40.0, 40.0) == _points(path)


def test_a_mix_of_designation_ids_and_metric_keys_is_refused_at_the_key(tmp_path: Path) -> None:
    """A metric's key beside designation ids is refused with one line placed at that key."""
    metrics = ("  metrics:\n    data-ai: {net-customer-adds: 3, usage-growth: 20, deployments: 5}\n"
               "    deployments: 5\n")
    path, text = _adventure(tmp_path, metrics)
    message = _error(_run("check", path))
    where = _place(text, "deployments: 5" + chr(10))
    assert message.startswith(f"{path}:{where}: "
                              "organization.metrics.deployments: 'deployments' is not a designation id, but "
                              "other keys of organization.metrics are")


def test_a_designation_without_its_figures_is_named(tmp_path: Path) -> None:
    """Figures given for Modern Work only: Data & AI's missing figures are named with the designation."""
    metrics = "  metrics:\n    modern-work: {net-customer-adds: 3}\n"
    path, text = _adventure(tmp_path, metrics)
    message = _error(_run("check", path))
    where = _place(text, "metrics:")
    assert (f"{path}:{where}: organization.metrics: data-ai:solutions-partner needs figures "
            "for its metrics that are not certifications; missing net-customer-adds (Net customer adds, "
            "in net customer adds), usage-growth (Usage growth, in percent), deployments (Deployments, "
            "in Azure services) for data-ai (organization.metrics.data-ai); write them as data-ai: "
            "{net-customer-adds: N, usage-growth: N, deployments: N} under organization.metrics") == message


def test_a_designation_missing_one_figure_is_placed_at_its_figures(tmp_path: Path) -> None:
    """Data & AI's figures without deployments: placed at data-ai's entry, naming the figure missing."""
    metrics = "  metrics:\n    data-ai: {net-customer-adds: 3, usage-growth: 20}\n"
    path, text = _adventure(tmp_path, metrics)
    message = _error(_run("check", path))
    assert message.startswith(f"{path}:{_place(text, 'data-ai: {')}: organization.metrics.data-ai: "
                              "data-ai:solutions-partner needs figures for its metrics that are not "
                              "certifications; missing deployments (Deployments, in Azure services) for "
                              "data-ai")


def test_an_unknown_figure_under_a_designation_is_placed_at_its_key(tmp_path: Path) -> None:
    """A typo inside a designation's figures is refused at its key, with the near key."""
    metrics = "  metrics:\n    data-ai: {net-customer-adds: 3, usage-growth: 20, deploymets: 5}\n"
    path, text = _adventure(tmp_path, metrics)
    message = _error(_run("check", path))
    where = _place(text, "deploymets")
    assert message.startswith(f"{path}:{where}: organization.metrics.data-ai.deploymets: "
                              "unknown metric 'deploymets' (did you mean 'deployments'?)")


def test_organization_figures_for_reads_the_designations_entry_or_the_shared_figures() -> None:
    """The model's accessor and the validator's own both read a designation's entry, or the shared form."""
    by_id = Organization(metrics=yaml.safe_load("{data-ai: {net-customer-adds: 3}, modern-work: "
                                                "{usage-growth: {cpor: 5}}}"))
    shared = Organization(metrics={"net-customer-adds": 2, "usage-growth": {"cpor": 5}})
    expected = [{"net-customer-adds": 3}, {"usage-growth": {"cpor": 5}}, {"net-customer-adds": 2,
                                                                          "usage-growth": {"cpor": 5}}]
    assert expected == [by_id.figures_for("data-ai"), by_id.figures_for("modern-work"),
                        shared.figures_for("data-ai")]
    assert expected == [figures_of(by_id, "data-ai"), figures_of(by_id, "modern-work"),
                        figures_of(shared, "data-ai")]


# ---- check of several designations (check --competency all, or several --competency) -------------------

SIX = ("  metrics:\n"
       "    data-ai: {net-customer-adds: 3, usage-growth: 20, deployments: 5}\n"
       "    infrastructure: {net-customer-adds: 1, usage-growth: 20, deployments: 5}\n"
       "    digital-app-innovation: {net-customer-adds: 3, usage-growth: 20, deployments: 5}\n"
       "    business-applications: {net-customer-adds: 3, usage-growth: 20, deployments: 5}\n"
       "    modern-work: {net-customer-adds: 4, usage-growth: {cpor: 800, dpor: 4000, csp: 1000},\n"
       "                  deployments: {cpor: 1, dpor: 5, csp: 10}}\n"
       "    security: {net-customer-adds: 3, usage-growth: {azure: 20, m365: 10}, deployments: 5}\n")
EVERY = ["business-applications", "data-ai", "digital-app-innovation", "infrastructure", "modern-work",
         "security"]


def test_check_all_gives_one_row_per_designation_with_its_own_figures(tmp_path: Path) -> None:
    """`check --competency all` on Adventure Works with figures per designation: six rows in id order,
    Data & AI at 60 of 70 both days (its header's figures) and Infrastructure reading its own 1 net
    customer add."""
    path, _ = _adventure(tmp_path, SIX)
    result = _run("check", path, "--competency", "all", "--format", "json")
    assert 0 == result.exit_code, result.output
    report = json.loads(result.output)
    rows = {r["competency"]: r for r in report["designations"]}
    data_ai = rows["data-ai"]
    assert (EVERY, [c["competency"] for c in report["checks"]]) == (list(rows), EVERY)
    short = "10 points short; Intermediate certifications 0 of 40"
    assert ((60.0, 60.0, 70.0, False, False, "enterprise", short)
            == (data_ai["points"], data_ai["points_on_deadline"], data_ai["needed"], data_ai["met"],
                data_ai["met_on_deadline"], data_ai["track"], data_ai["missing"]))
    assert rows["infrastructure"]["points"] < rows["digital-app-innovation"]["points"]


def test_check_several_competencies_keeps_their_order_and_names_each_once(tmp_path: Path) -> None:
    """Two --competency (any case, one named twice) give their rows in the order named, once each."""
    path, _ = _adventure(tmp_path, SIX)
    result = _run("check", path, "--competency", "modern-work", "--competency", "Data-AI", "--competency",
                  "modern-work", "--format", "json")
    assert 0 == result.exit_code, result.output
    assert ["modern-work", "data-ai"] == [r["competency"] for r in json.loads(result.output)["designations"]]


def test_check_one_competency_keeps_its_report(tmp_path: Path) -> None:
    """One --competency still gives check's own report (its JSON keys as check's, with the renewals in
    sight)."""
    path, _ = _adventure(tmp_path, SIX)
    result = _run("check", path, "--competency", "data-ai", "--format", "json")
    assert ["scenario", "competency", "as_of", "levels", "deadline", "levels_on_deadline", "losses",
            "renewals"] == list(json.loads(result.output))


def test_check_all_table_and_markdown_show_the_rows(tmp_path: Path) -> None:
    """The table and the Markdown both start with the designations' rows, then each designation's check."""
    path, _ = _adventure(tmp_path, SIX)
    table = _run("check", path, "--competency", "all").output
    markdown = _run("check", path, "--competency", "all", "--format", "markdown").output.splitlines()
    row = ("| Solutions Partner for Data &amp; AI (Azure) (data-ai) | 2026-05-08 | 60 / 70 not met | 60 / 70 "
           "not met | enterprise | 10 points short; Intermediate certifications 0 of 40 |")
    assert (True, True, 6) == ("(data-ai)" in table and "10 points short; Intermediate" in table,
                               row in markdown, sum(x.startswith("## ") for x in markdown))


def test_check_all_without_a_designations_figures_is_refused(tmp_path: Path) -> None:
    """`check --competency all` needs every designation's figures: one located line names the first
    missing."""
    metrics = "  metrics:\n    data-ai: {net-customer-adds: 3, usage-growth: 20, deployments: 5}\n"
    path, _ = _adventure(tmp_path, metrics)
    message = _error(_run("check", path, "--competency", "all"))
    assert "business-applications:solutions-partner needs figures" in message
