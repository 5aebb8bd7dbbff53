"""What a new user tripped over on the command line, each fixed and kept fixed: `schema -o`, the format
-o's extension names, and an imported roster's costs said to be defaults."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import SCENARIOS
from tests.helpers import one_error_line, run

REACHABLE = str(SCENARIOS.parent / "tests" / "data" / "cli-fabrikam-reachable.yaml")


def _without_stats(text: str, fmt: str) -> object:
    """A report without its timings: JSON without its `stats` objects, Markdown and tables without the
    seconds they print."""
    if fmt != "json":
        return re.sub(r"\d+(\.\d+)? ?s\b", "N s", text)

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "stats"}
        return [strip(v) for v in value] if isinstance(value, list) else value

    return strip(json.loads(text))


def test_schema_writes_to_output(tmp_path):
    """planner schema -o FILE writes to FILE the schema it prints without -o, and prints nothing."""
    target = tmp_path / "scenario.schema.json"
    written, printed = run("schema", "-o", str(target)), run("schema")
    assert (0, "", printed.stdout) == (written.exit_code, written.stdout, target.read_text(encoding="utf-8"))


# ---- the format follows -o's extension ---------------------------------------------------------------

@pytest.mark.parametrize("command", [
    pytest.param(["plan", REACHABLE], id="plan"),
    pytest.param(["best", REACHABLE, "--budget", "3000"], id="best"),
    pytest.param(["check", REACHABLE], id="check"),
    pytest.param(["compare", REACHABLE, REACHABLE], id="compare"),
    pytest.param(["rules", "--competency", "cloud-crm"], id="rules"),
])
@pytest.mark.parametrize(("name", "fmt"), [
    pytest.param("report.json", "json", id="json"),
    pytest.param("REPORT.JSON", "json", id="json-in-capitals"),
    pytest.param("report.md", "markdown", id="md"),
    pytest.param("report.markdown", "markdown", id="markdown"),
    pytest.param("report.txt", "table", id="txt"),
    pytest.param("report", "table", id="no-extension"),
    pytest.param("report.out", "table", id="other-extension"),
])
def test_output_format_follows_the_extension(tmp_path, command, name, fmt):
    """Without --format, -o report.json writes JSON, report.md Markdown, anything else the table, as
    --format would."""
    by_name, by_format = tmp_path / name, tmp_path / f"{name}.as-asked"
    named = run(*command, "-o", str(by_name))
    asked = run(*command, "-o", str(by_format), "--format", fmt)
    assert (asked.exit_code, _without_stats(by_format.read_text(encoding="utf-8"), fmt)) == (
        named.exit_code, _without_stats(by_name.read_text(encoding="utf-8"), fmt))


@pytest.mark.parametrize("command", [
    pytest.param(["plan", REACHABLE], id="plan"),
    pytest.param(["best", REACHABLE, "--budget", "3000"], id="best"),
    pytest.param(["compare", REACHABLE, REACHABLE], id="compare"),
])
@pytest.mark.parametrize("name", ["report.html", "report.htm"])
def test_output_ending_in_html_is_the_html_page(tmp_path, command, name):
    """plan, best and compare -o report.html (or .htm) write the HTML page, not the text table."""
    target = tmp_path / name
    result = run(*command, "-o", str(target))
    assert (True, "") == (target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>"), result.stdout)


def test_explicit_format_wins_over_the_extension(tmp_path):
    """--format json -o report.html writes JSON, as asked (as curl and pandoc do), and says nothing."""
    target = tmp_path / "report.html"
    result = run("plan", REACHABLE, "--format", "json", "-o", str(target))
    assert (0, "", "Fabrikam Residences") == (
        result.exit_code, result.stderr, json.loads(target.read_text(encoding="utf-8"))["scenario"])


@pytest.mark.parametrize(("command", "name", "named", "writes"), [
    pytest.param(["check", REACHABLE], "report.html", "html", "table, json or markdown", id="check-html"),
    pytest.param(["rules"], "rules.htm", "html", "table, json or markdown", id="rules-htm"),
    pytest.param(["plan", REACHABLE], "plan.yaml", "yaml", "table, json, markdown or html", id="plan-yaml"),
    pytest.param(["compare", REACHABLE, REACHABLE], "compare.csv", "csv", "table, json, markdown or html",
                 id="compare-csv"),
])
def test_output_naming_a_format_the_command_does_not_write_is_refused(tmp_path, command, name, named, writes):
    """check -o report.html (a format check does not write) is exit 2 and one line, and nothing is written."""
    target = tmp_path / name
    result = run(*command, "-o", str(target))
    expected = (f"planner: error: --output {target}: its extension {target.suffix} names {named}, which this "
                f"command does not write (it writes {writes}); give --format to write one of those to it")
    assert (2, expected, False) == (result.exit_code, one_error_line(result), target.exists())
