"""Issue 20 (the adversarial pass, input and output): what a run writes and shows must not be lost or
harm anything, whatever --output names, the terminal's width, standard output's encoding, or the text of
an input (a catalog's names, a file's name)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from planner.cli.commands import _run_app, app
from planner.cli.progress import Activity
from tests.conftest import ROOT, SCENARIOS
from tests.helpers import one_error_line, run

GOLD_PUSH = SCENARIOS / "contoso-gold-push.yaml"
PLANNER = str(Path(sys.executable).parent / "planner")
SHIPPED = ROOT / "planner" / "rules" / "data" / "cloud-crm-2017-11-16.yaml"


def cli(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess[str]:
    """The installed `planner` in its own process, stdout and stderr captured."""
    base = {k: v for k, v in os.environ.items() if k not in ("PLANNER_DEBUG", "NO_COLOR", "COLUMNS")}
    return subprocess.run([PLANNER, *args], capture_output=True, text=True, env={**base, **(env or {})},
                          timeout=120, check=False, **kwargs)


# ---- 1. --output never writes into the installed package ------------------------------------------------

@pytest.fixture
def package_kept():
    """The shipped catalog's bytes, put back after the test if a run changed it (so a failing test cannot
    break the package for the tests after it)."""
    before = SHIPPED.read_bytes()
    probe = ROOT / "models" / "i20-probe.txt"
    yield before
    if SHIPPED.read_bytes() != before:
        SHIPPED.write_bytes(before)
    probe.unlink(missing_ok=True)


@pytest.mark.parametrize("how", ["shipped-catalog", "new-file", "symlink", "symlinked-folder", "hard-link"])
def test_output_inside_the_installed_package_is_refused(tmp_path, package_kept, how):
    """-o onto a shipped catalog, a new file in the package, or a link to either is exit 2 in one line,
    and the package is unchanged (the catalog was overwritten and every later run exited 2)."""
    output = {"shipped-catalog": SHIPPED, "new-file": ROOT / "models" / "i20-probe.txt",
              "symlink": tmp_path / "link.yaml", "symlinked-folder": tmp_path / "data" / "i20-probe.txt",
              "hard-link": tmp_path / "hard.yaml"}[how]
    if how == "symlink":
        output.symlink_to(SHIPPED)
    elif how == "symlinked-folder":
        output.parent.symlink_to(ROOT / "models")
    elif how == "hard-link":
        try:
            os.link(SHIPPED, output)
        except OSError as exc:
            pytest.skip(f"no hard link from {tmp_path} to the package here: {exc}")
    result = run("rules", "-f", "json", "-o", str(output))
    assert (2, True, package_kept, False) == (
        result.exit_code, "is inside the installed planner" in one_error_line(result), SHIPPED.read_bytes(),
        (ROOT / "models" / "i20-probe.txt").exists())


# ---- 3. --output is never the pipe or file standard input brings -----------------------------------------

def test_output_naming_standard_input_read_as_the_scenario_is_refused():
    """`cat s.yaml | planner plan /dev/stdin -o /dev/stdin` is exit 2 before any work (the report went
    into the pipe nobody reads and the run exited 0)."""
    scenario = GOLD_PUSH.read_text(encoding="utf-8")
    done = cli("plan", "/dev/stdin", "-f", "json", "-o", "/dev/stdin", input=scenario)
    assert (2, "", True) == (done.returncode, done.stdout,
                             "--output /dev/stdin is the scenario this run reads" in done.stderr)


@pytest.fixture
def stdin_a_pipe():
    """Standard input (descriptor 0) is a pipe for the test, as in `cat s.yaml | planner ...`."""
    read, write = os.pipe()
    saved = os.dup(0)
    os.dup2(read, 0)
    try:
        yield
    finally:
        os.dup2(saved, 0)
        for fd in (saved, read, write):
            os.close(fd)


@pytest.mark.parametrize("name", ["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"])
def test_every_name_of_standard_input_is_the_pipe_it_reads(stdin_a_pipe, name):
    """-o /dev/stdin, /dev/fd/0 or /proc/self/fd/0 while the scenario is read from /dev/stdin (a pipe) is
    refused as the scenario this run reads."""
    from planner.errors import UsageError
    from planner.report import writing

    if not Path(name).exists():
        pytest.skip(f"{name} does not exist here")
    with pytest.raises(UsageError) as refused:
        writing.output_target(name, [(Path("/dev/stdin"), "the scenario")])
    expected = f"--output {name} is the scenario this run reads (/dev/stdin); choose another file"
    assert expected == str(refused.value)


# ---- 5. standard output that cannot encode a name -------------------------------------------------------

SYNTHETIC_CATALOG = ROOT / "tests" / "data" / "synthetic-catalog.yaml"


def with_jose(tmp_path: Path) -> Path:
    """contoso-gold-push.yaml with the scenario and Dan Park renamed José."""
    text = GOLD_PUSH.read_text(encoding="utf-8").replace("name: Contoso Consulting", "name: José Consulting")
    target = tmp_path / "jose.yaml"
    target.write_text(text.replace("name: Dan Park", "name: José Park"), encoding="utf-8")
    return target


def ascii_run(*args: str):
    """The CLI in-process with standard output encoded in ASCII (as PYTHONIOENCODING=ascii gives)."""
    return CliRunner(charset="ascii").invoke(app, list(args), env={"COLUMNS": "200", "PLANNER_DEBUG": None})


@pytest.mark.parametrize(("args", "expected"), [
    pytest.param(["validate", "{s}"], "ok - Jose Consulting", id="validate"),
    pytest.param(["plan", "{s}"], "Jose Park", id="plan"),
    pytest.param(["plan", "{s}", "-f", "markdown"], "| Jose Park |", id="plan-markdown"),
    pytest.param(["plan", "{s}", "-f", "json"], '"Jos\\u00e9 Park"', id="plan-json"),
    pytest.param(["plan", "{s}", "-f", "html"], "Jos&#233; Park", id="plan-html"),
    pytest.param(["check", "{s}"], "Jose Consulting", id="check"),
    pytest.param(["best", "{s}"], "Jose Consulting", id="best"),
    pytest.param(["compare", "{s}", str(GOLD_PUSH)], "Jose Consulting", id="compare"),
    pytest.param(["rules", "--catalog", "{c}"], "Jose Platform", id="rules"),
])
def test_ascii_standard_output_prints_every_command(tmp_path, args, expected):
    """On an ASCII standard output 'José' is written 'Jose' (JSON '\\u00e9', HTML '&#233;') and the
    command exits as usual (it was exit 3, UnicodeEncodeError)."""
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(SYNTHETIC_CATALOG.read_text(encoding="utf-8").replace(
        "name: Synthetic Data Platform", "name: José Platform"), encoding="utf-8")
    scenario = with_jose(tmp_path)
    result = ascii_run(*(a.format(s=scenario, c=catalog) for a in args))
    assert (0, True, "") == (result.exit_code, expected in result.stdout, result.stderr)


def test_ascii_standard_output_in_a_process_prints_the_table(tmp_path):
    """PYTHONIOENCODING=ascii (a process of its own): the table says 'Jose Park' and exits 0."""
    scenario = str(with_jose(tmp_path))
    table = cli("plan", scenario, env={"PYTHONIOENCODING": "ascii", "COLUMNS": "200"})
    assert (0, True, "") == (table.returncode, "Jose Park" in table.stdout, table.stderr)


def test_json_on_ascii_standard_output_reads_back_every_name(tmp_path):
    """On an ASCII standard output the JSON escapes 'é' and reads back 'José Park' (not 'Jose Park')."""
    result = ascii_run("plan", str(with_jose(tmp_path)), "-f", "json")
    names = [e["name"] for e in json.loads(result.stdout)["new_exams"]] if result.exit_code == 0 else []
    assert (0, True) == (result.exit_code, "José Park" in names)


def test_a_scenario_printed_on_ascii_standard_output_keeps_its_names_in_utf8(tmp_path):
    """import-roster on an ASCII standard output prints the scenario in UTF-8 (YAML's encoding), so a
    redirected file keeps 'José Park' rather than a changed name."""
    skills = tmp_path / "skills.csv"
    skills.write_text("Name,Email,Exam,Date\nJosé Park,jose@example.com,MB2-717,2017-06-01\n",
                      encoding="utf-8")
    result = ascii_run("import-roster", str(skills))
    assert (0, True) == (result.exit_code, "name: José Park".encode() in result.stdout_bytes)


def test_a_file_name_that_is_not_utf8_is_written_escaped_in_a_json_output(tmp_path):
    """compare of a file whose name has a byte that is not UTF-8, with -o x.json, writes valid JSON that
    reads back the name (it was exit 3: 'surrogates not allowed')."""
    scenario = tmp_path / os.fsdecode(b"caf\xe9.yaml")
    scenario.write_bytes(GOLD_PUSH.read_bytes())
    output = tmp_path / "out.json"
    result = run("compare", str(scenario), "-f", "json", "-o", str(output))
    files = [row["file"] for row in json.loads(output.read_text(encoding="utf-8"))["scenarios"]] \
        if result.exit_code == 0 else []
    assert (0, [str(scenario)]) == (result.exit_code, files)


# ---- the progress display: no escape with NO_COLOR, input text escaped -----------------------------------

def terminal_console(buffer: io.StringIO) -> Console:
    return Console(file=buffer, force_terminal=True, width=100, color_system=None)


def test_progress_with_no_color_writes_nothing_even_when_it_is_due(monkeypatch):
    """NO_COLOR=1 on a terminal, the display due at once (delay 0): not a byte is written, so no cursor
    escape (a run over a second wrote them, and the README promises none)."""
    monkeypatch.setenv("NO_COLOR", "1")
    buffer = io.StringIO()
    console = terminal_console(buffer)
    with Activity("planning gold", total=2, enabled=True, delay=0, console=console) as progress:
        progress.step("base")
    assert ("", False) == (buffer.getvalue(), progress.shown)


def test_progress_shows_a_variant_name_as_written_with_control_characters_escaped(monkeypatch):
    """A step named '[/x] <ESC>[31m' is shown as those characters, the escape as '\\x1b' (it was read as
    rich markup, and '[/x]' ended the run with exit 3)."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    buffer = io.StringIO()
    console = terminal_console(buffer)
    with Activity("planning gold", total=2, enabled=True, delay=0, console=console) as progress:
        progress.step("[/x] \x1b[31mred")
        progress._progress.refresh()
    shown = buffer.getvalue()
    assert (True, False) == ("planning gold: [/x] \\x1b[31mred" in shown, "\x1b[31m" in shown)


# ---- 7. a file name's escape codes never reach the terminal ---------------------------------------------

ESC = "\x1b[31m"


def test_validate_shows_a_file_name_with_its_escape_code_escaped(tmp_path):
    """validate's summary names the file with '\\x1b' for the escape code (it printed the escape)."""
    scenario = tmp_path / f"s{ESC}.yaml"
    scenario.write_bytes(GOLD_PUSH.read_bytes())
    result = run("validate", str(scenario))
    shown = result.stdout
    assert (0, True, False) == (result.exit_code, "s\\x1b[31m.yaml: ok" in shown, "\x1b" in shown)


@pytest.mark.parametrize("command", ["compare", "import-roster", "plan-verbose", "unknown-option"])
def test_every_line_on_stderr_shows_a_file_name_escaped(tmp_path, monkeypatch, capsys, command):
    """compare's unreadable file, import-roster's bad row (it wrote the escape), the --verbose statistics
    of a scenario named with an escape (it wrote it) and a usage error show the escape code as '\\x1b'."""
    scenario = tmp_path / f"s{ESC}.yaml"
    scenario.write_text(GOLD_PUSH.read_text(encoding="utf-8").replace(
        "name: Contoso Consulting", 'name: "Contoso\\e[31m"'), encoding="utf-8")
    skills = tmp_path / f"skills{ESC}.csv"
    skills.write_text("Name,Email,Exam,Date\nAl,al@example.com,XX-000,2017-06-01\n", encoding="utf-8")
    args = {"compare": ["compare", str(scenario), str(tmp_path / f"gone{ESC}.yaml"), "-f", "json"],
            "import-roster": ["import-roster", str(skills)],
            "plan-verbose": ["-v", "plan", str(scenario), "-f", "json"],
            "unknown-option": ["plan", str(scenario), f"--x{ESC}"]}[command]
    if command == "unknown-option":  # a usage error is reported by the entry point, around the app
        monkeypatch.setattr(sys, "argv", ["planner", *args])
        _run_app()
        stderr = capsys.readouterr().err
    else:
        stderr = run(*args).stderr
    assert (True, False) == ("\\x1b[31m" in stderr, "\x1b" in stderr)


# ---- 6. every text from a catalog is shown escaped --------------------------------------------------------

HOSTILE = "X\x1b[31m <script>alert(1)</script> a|b `t` ```f``` [/x] [l](u)"


def hostile_catalog(folder: Path, revision: str = "2020-01-15", level_id: str = "bronze") -> Path:
    """The synthetic catalog with a hostile text (an escape code, HTML, a pipe, backticks, rich markup) as
    its name, description, option, source, an exam's title and note, a list's name and a level's name."""
    data = yaml.safe_load(SYNTHETIC_CATALOG.read_text(encoding="utf-8"))
    data.update(name=f"Name {HOSTILE}", description=f"Desc {HOSTILE}", option=f"Opt {HOSTILE}",
                sources={"test": f"Src {HOSTILE}"}, revision=revision)
    data["exams"][0]["title"] = f"Title {HOSTILE}"
    data["exams"][5]["note"] = f"Note {HOSTILE}"
    data["lists"][0]["name"] = f"List {HOSTILE}"
    data["levels"][0].update(id=level_id, name=f"Lvl {HOSTILE}")
    target = folder / f"hostile-{revision}.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def rules_args(tmp_path: Path, what: str) -> list[str]:
    first = hostile_catalog(tmp_path)
    if what == "rules":
        return ["rules", "--catalog", str(first), "--competency", "synthetic-data"]
    second = hostile_catalog(tmp_path, "2021-01-15", level_id="bronze2")
    return ["rules", "--catalog", str(first), "--catalog", str(second), "--competency", "synthetic-data",
            "--diff", "2020-01-15", "2021-01-15"]


@pytest.mark.parametrize("what", ["rules", "diff"])
def test_rules_table_shows_catalog_text_as_written_with_escape_codes_escaped(tmp_path, what):
    """rules (and --diff) on a terminal: the escape code as '\\x1b', '[/x]' and '[l](u)' as written (they
    were rich markup: '[l]' vanished, '[/x]' was exit 3), and exit 0."""
    result = run(*rules_args(tmp_path, what))
    shown = result.stdout
    assert (0, False, True, True) == (result.exit_code, "\x1b" in shown, "X\\x1b[31m" in shown,
                                      "[/x] [l](u)" in shown.replace("\n", " "))


def broken_table_rows(markdown: str) -> list[str]:
    """The rows of each Markdown table with another number of cells than the table's header."""
    broken, header = [], None
    for line in markdown.splitlines():
        cells = len(re.findall(r"(?<!\\)\|", line))
        if not line.startswith("|"):
            header = None
        elif header is None:
            header = cells
        elif cells != header:
            broken.append(line)
    return broken


@pytest.mark.parametrize("what", ["rules", "diff"])
def test_rules_markdown_escapes_every_catalog_text(tmp_path, what):
    """rules -f markdown: no raw escape code, no HTML tag outside the index's code block (where it is
    text), pipes and backticks escaped, no table row broken by a pipe, and the code block fenced longer
    than the backtick runs in it (a name with ``` closed it)."""
    result = run(*rules_args(tmp_path, what), "-f", "markdown")
    fences = [line for line in result.stdout.splitlines() if line.startswith("```")]
    text = re.sub(r"^````\n.*?^````\n", "", result.stdout, flags=re.S | re.M)
    assert (0, False, False, True, True, [], [] if what == "diff" else ["````", "````"]) == (
        result.exit_code, "\x1b" in text, "<script>" in text, "a\\|b" in text, "\\`t\\`" in text,
        broken_table_rows(text), fences)


SYNTHETIC_SCENARIO = """\
schema_version: 1
name: Northwind Data
competency: synthetic-data
as_of: 2020-01-15
deadline: 2020-12-31
organization: {market: developed, revenue_usd: 500000, dpor: true}
staff:
  - {id: a, passed: [XX1-001, XX2-001]}
  - {id: b, passed: [XX3-001]}
  - {id: c}
"""
MARKUP_LEVEL = "b<i>|[/x]"


@pytest.mark.parametrize("command", ["plan", "plan-targets", "check", "compare", "plan-html"])
def test_a_level_id_written_like_markup_is_shown_as_written(tmp_path, command):
    """A catalog's level id '[/x]'-like (rich markup) and '<i>' (HTML) never breaks a table title or header
    (compare and several goals were exit 3); every screen calls the level by its catalog's name (issue 22),
    itself shown as written (its escape code escaped), and escaped in HTML."""
    catalog = str(hostile_catalog(tmp_path, level_id=MARKUP_LEVEL))
    scenario = tmp_path / "synthetic.yaml"
    scenario.write_text(SYNTHETIC_SCENARIO, encoding="utf-8")
    s = str(scenario)
    args = {"plan": ["plan", s, "--level", MARKUP_LEVEL],
            "plan-targets": ["plan", s, "--target", f"synthetic-data:{MARKUP_LEVEL}"],
            "check": ["check", s], "compare": ["compare", s, s, "--level", MARKUP_LEVEL],
            "plan-html": ["plan", s, "--level", MARKUP_LEVEL, "-f", "html"]}[command]
    result = run(*args, "--catalog", catalog)
    by_name = "Lvl X\\x1b[31m <script>alert(1)</script> a|b `t` ```f``` [/x]"
    in_html = "Lvl X\\x1b[31m &lt;script&gt;alert(1)&lt;/script&gt; a|b `t` ```f``` [/x]"
    shown = in_html if command == "plan-html" else by_name
    assert (0, True, "") == (result.exit_code, shown in result.stdout, result.stderr)


# ---- 2 and 4. no output lost at any terminal width ---------------------------------------------------------

SCORED = SCENARIOS / "northwind-solutions-partner-smb.yaml"  # a score table: the most figure columns
WHAT_IF = SCENARIOS / "contoso-what-if.yaml"


def letters(text: str) -> Counter[str]:
    """The characters a report shows, without spaces and box lines: the same at any width unless some
    are lost (wrapped, folded or stacked, a cell keeps its characters)."""
    return Counter(ch for ch in text if not ch.isspace() and not 0x2500 <= ord(ch) <= 0x257F)


@pytest.fixture(scope="module")
def tables():
    """Each command's terminal report, built once: plan, check and best of a scored scenario, compare of
    the what-if file, and the rules of every shipped competency."""
    import planner
    from planner.report import render

    loaded = planner.load_scenario(SCORED)
    comparison = planner.compare([WHAT_IF], "gold")
    known = planner.shipped_catalogs()
    return {"plan": render.plan_table(planner.plan(loaded, "solutions-partner")),
            "check": render.check_table(planner.check(loaded)),
            "best": render.best_table(planner.best(loaded)),
            "compare": render.compare_table(comparison.report, comparison.plans),
            "rules": render.rules_table([known.latest(i) for i in known.ids()], known)}


WIDE: dict[str, str] = {}
"""Each command's report at 400 columns, once."""


def shown_at(table, columns: str, monkeypatch) -> str:
    """The report as `planner` prints it on standard output with COLUMNS set to `columns`."""
    from planner.cli import output

    monkeypatch.setenv("COLUMNS", columns)
    console = output.console()
    console.file = io.StringIO()
    console.print(table)
    return console.file.getvalue()


@pytest.mark.parametrize("columns", ["0", "1", "10", "40", "80", "abc"])
@pytest.mark.parametrize("command", ["plan", "check", "best", "compare", "rules"])
def test_no_width_loses_any_of_a_report(tables, monkeypatch, command, columns):
    """At COLUMNS 0, 1, 10, 40, 80 or junk, every character of the wide report is shown, nothing is cut
    with an ellipsis, and no line is wider than the width used (at least 40): COLUMNS=0 printed nothing,
    10 left cells blank, a score table at 40 and compare at 80 cut or dropped columns."""
    wide = WIDE.get(command) or WIDE.setdefault(command, shown_at(tables[command], "400", monkeypatch))
    narrow = shown_at(tables[command], columns, monkeypatch)
    width = max(int(columns), 40) if columns.isdigit() and int(columns) > 0 else None
    too_wide = [line for line in narrow.splitlines() if width is not None and len(line.rstrip()) > width]
    assert (Counter(), False, []) == (letters(wide) - letters(narrow), "…" in narrow, too_wide)


def test_columns_0_still_prints_the_report():
    """`COLUMNS=0 planner check` prints the standing (it printed nothing and exited 0)."""
    result = CliRunner().invoke(app, ["check", str(GOLD_PUSH)], env={"COLUMNS": "0", "PLANNER_DEBUG": None})
    assert (0, True) == (result.exit_code, "Silver: met today" in result.stdout)


def test_compare_at_80_columns_keeps_every_column_of_wide_figures(tmp_path, monkeypatch):
    """compare at 80 columns with figures too wide for the table side by side (exams at US$1 billion)
    shows every column, the revenue gap and people used too (they were dropped without a word)."""
    import planner
    from planner.report import render

    scenario = tmp_path / "what-if.yaml"
    scenario.write_text(WHAT_IF.read_text(encoding="utf-8").replace(
        "exam_fee_usd: 165", "exam_fee_usd: 1000000000"), encoding="utf-8")
    comparison = planner.compare([scenario], "gold")
    table = render.compare_table(comparison.report, comparison.plans)
    at_80, wide = (shown_at(table, width, monkeypatch) for width in ("80", "400"))
    assert (Counter(), True, True) == (letters(wide) - letters(at_80), "people used" in at_80,
                                       "revenue gap" in at_80)


def test_columns_0_still_prints_the_help():
    """`COLUMNS=0 planner plan --help` prints the help (it printed blank lines: typer read COLUMNS too)."""
    done = cli("plan", "--help", env={"COLUMNS": "0"})
    assert (0, True) == (done.returncode, "Usage: planner plan [OPTIONS] SCENARIO" in done.stdout)
