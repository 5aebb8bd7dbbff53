"""compare says what it means (issue 20): a row that reaches no level never reads 'None', a level is
called by its name ('Solutions Partner for Business Applications', not 'Solutions-partner'), a file
whose variant is bad is not called a file without variants, and a variant reads as the change it makes
('metrics set to {}' is no change at all)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.core.compare import compare
from planner.input.loading import load_scenario_data
from planner.input.variants import expand_variants
from planner.report import html as html_report
from planner.report.compare import compare_markdown, compare_table
from tests.conftest import SCENARIOS
from tests.helpers import scenario_dict

NORTHWIND = SCENARIOS / "northwind-solutions-partner-smb.yaml"
WHAT_IF = SCENARIOS / "contoso-what-if.yaml"
NAME = "Solutions Partner for Business Applications"


def _with_variants(tmp_path: Path, source: Path, variants: list[dict[str, Any]], *,
                   targets: bool = True) -> Path:
    """The shipped scenario with these variants (and without its `targets`, when asked)."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if not targets:
        data.pop("targets", None)
    data["variants"] = variants
    path = tmp_path / "what-if.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _every_format(path: Path) -> str:
    """The comparison as a wide terminal table, Markdown and the HTML page."""
    result = compare([path])
    buffer = io.StringIO()
    Console(file=buffer, width=250, color_system=None).print(compare_table(result.report, result.plans))
    return "\n".join([buffer.getvalue(), compare_markdown(result.report, result.plans),
                      html_report.compare_page(result.report, result.plans)])


@pytest.mark.parametrize("targets", [True, False], ids=["targets", "competency"])
def test_a_row_that_reaches_no_level_says_so_with_the_levels_name(tmp_path, targets):
    """Usage growth at 9% leaves Northwind 37 of 70 points: the row reaches no level, and says which level it
    does not reach by name, in the table, Markdown and HTML, and in the line against the first row."""
    path = _with_variants(tmp_path, NORTHWIND, [{"name": "usage halves", "organization": {
        "metrics": {"usage-growth": 9}}}], targets=targets)
    out = _every_format(path)
    found = (f"no level (not {NAME})" in out, f"loses {NAME} (reaches no level)" in out,
             re.findall(r"\bNone\b|Solutions-partner", out))
    assert (True, True, []) == found


def test_a_file_with_one_bad_variant_is_not_called_a_file_without_variants(tmp_path):
    """One variant naming a person not on the staff: compare exits 2 with the located error line, says the
    variant is not valid, and never that the file has no variants."""
    path = _with_variants(tmp_path, WHAT_IF, [{"name": "alise leaves", "leave": {"alise": "2018-04-30"}}])
    result = CliRunner().invoke(app, ["compare", str(path)], env={"COLUMNS": "200", "PLANNER_DEBUG": None})
    out = " ".join(result.stdout.split())
    located = re.search(r"what-if\.yaml:\d+:\d+: variants\[0\]\.leave\.alise: no person 'alise'",
                        result.stderr)
    assert (2, True, False, True) == (
        result.exit_code, located is not None, "the file has no variants" in out,
        f"variants[0] of {path} is not valid" in out)


@pytest.mark.parametrize(("variant", "expected"), [
    pytest.param({"organization": {"metrics": {}}}, [], id="empty-metrics"),
    pytest.param({"costs": {"exams": {}}}, [], id="empty-exam-costs"),
    pytest.param({"organization": {}}, [], id="empty-organization"),
    pytest.param({"organization": {"metrics": {"usage-growth": 9}}},
                 ["organization.metrics.usage-growth set to 9"], id="one-figure"),
])
def test_a_variant_reads_as_the_change_it_makes(variant, expected):
    """An empty mapping merged key by key changes nothing, and a variant that changes nothing says nothing."""
    data = yaml.safe_load(NORTHWIND.read_text(encoding="utf-8"))
    data["variants"] = [{"name": "v", **variant}]
    (applied,) = expand_variants(load_scenario_data(data, "nw.yaml"))
    assert expected == applied.changes


def test_compare_of_a_file_without_variants_still_says_so():
    """A file that reads well and has no variants is still told how to compare."""
    result = compare([SCENARIOS / "contoso-gold-push.yaml"])
    buffer = io.StringIO()
    Console(file=buffer, width=250, color_system=None).print(compare_table(result.report, result.plans))
    assert True is ("the file has no variants" in buffer.getvalue())


def test_a_slotted_comparison_still_says_gold(tmp_path):
    """Cloud CRM rows keep 'Gold' and 'Silver (not Gold)': level names as the catalog gives them."""
    staff = [{"id": "ann", "passed": ["MB2-717", "MB2-715"]}, {"id": "bob", "passed": ["MB2-716"]}]
    data = scenario_dict(staff, variants=[{"name": "revenue falls", "organization": {"revenue_usd": 100000}}])
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = _every_format(path)
    assert (True, True) == ("Silver (not Gold)" in out, "Gold plan" in out)
