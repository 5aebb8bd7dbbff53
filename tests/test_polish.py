"""Daily use: --quiet, --verbose, colours only on a terminal without NO_COLOR, progress, completion."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.cli.progress import Activity
from tests.conftest import ROOT, SCENARIOS

GOLD_PUSH = str(SCENARIOS / "contoso-gold-push.yaml")
IMPOSSIBLE = str(SCENARIOS / "adatum-gold-impossible.yaml")
WHAT_IF = str(SCENARIOS / "contoso-what-if.yaml")
ANSI = "\x1b["


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "PLANNER_DEBUG": None})


def planner_env(**extra: str) -> dict[str, str]:
    """The environment for a planner subprocess: no colour-forcing variables unless given."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "PLANNER_DEBUG", "COLUMNS")
    }
    return {**env, "COLUMNS": "120", "TERM": "xterm-256color", **extra}


def run_in_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run the planner with stdout and stderr on a pseudo-terminal; its exit code and everything it showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "planner", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        cwd=ROOT,
        close_fds=True,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=120), shown.decode("utf-8", "replace")


# ---- --quiet and --verbose ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected_code"),
    [
        pytest.param(["plan", GOLD_PUSH], 0, id="plan-reachable"),
        pytest.param(["plan", IMPOSSIBLE], 1, id="plan-unreachable"),
        pytest.param(["plan", GOLD_PUSH, "--format", "json"], 0, id="plan-json"),
        pytest.param(["compare", WHAT_IF], 0, id="compare"),
        pytest.param(["check", GOLD_PUSH], 0, id="check"),
        pytest.param(["validate", GOLD_PUSH], 0, id="validate"),
    ],
)
def test_quiet_prints_nothing_and_keeps_the_exit_code(args, expected_code):
    """--quiet: nothing on stdout or stderr; the exit code alone says whether the level is reachable."""
    result = run("--quiet", *args)
    assert (expected_code, "", "") == (result.exit_code, result.stdout, result.stderr)


def test_quiet_still_reports_errors():
    """--quiet keeps the one-line error on stderr and exit code 2 for bad input."""
    result = run("-q", "plan", "no-such-file.yaml")
    assert (2, True) == (result.exit_code, result.stderr.startswith("planner: error: no-such-file.yaml"))


def test_quiet_still_writes_the_output_file(tmp_path):
    """--quiet with --output writes the report file: the user asked for it."""
    target = tmp_path / "plan.json"
    result = run("-q", "plan", GOLD_PUSH, "--format", "json", "--output", str(target))
    assert (0, "", 3210.0) == (
        result.exit_code,
        result.stdout,
        json.loads(target.read_text())["total_cost_usd"],
    )


def test_verbose_prints_model_size_and_timings_on_stderr():
    """--verbose adds a stats line on stderr with the model's size and the time taken; stdout is the same."""
    quiet = run("plan", GOLD_PUSH, "--format", "json")
    loud = run("--verbose", "plan", GOLD_PUSH, "--format", "json")
    line = loud.stderr.strip()
    facts = [
        "planner: stats: Contoso Consulting:",
        "variables=",
        "constraints=",
        "solve_seconds=",
        "total_seconds=",
    ]
    without_stats = [{k: v for k, v in json.loads(r.stdout).items() if k != "stats"} for r in (quiet, loud)]
    assert ([], "", without_stats[0]) == ([f for f in facts if f not in line], quiet.stderr, without_stats[1])


def test_verbose_compare_prints_one_stats_line_per_scenario():
    """compare --verbose gives a stats line for the base and for each variant."""
    result = run("-v", "compare", WHAT_IF, "--format", "json")
    labels = [ln.split(": ")[2] for ln in result.stderr.splitlines()]
    assert [
        "Contoso Consulting",
        "alice leaves",
        "mia passes MB2-715",
        "revenue falls to US$250,000",
    ] == labels


def test_global_options_are_in_the_top_level_help():
    """`planner --help` shows --quiet, --verbose, shell completion and the import-roster command."""
    result = run("--help")
    facts = ["--quiet", "--verbose", "--install-completion", "--show-completion", "import-roster"]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in result.stdout])


def test_output_file_gets_the_usual_permissions(tmp_path):
    """A report written with --output is readable like any new file (0644 under umask 022), not 0600."""
    target = tmp_path / "report.html"
    old = os.umask(0o022)
    try:
        result = run("compare", WHAT_IF, "--format", "html", "--output", str(target))
    finally:
        os.umask(old)
    assert (0, 0o644) == (result.exit_code, target.stat().st_mode & 0o777)


# ---- colours -------------------------------------------------------------------------------------------


def test_table_on_a_terminal_has_colours():
    """On a terminal without NO_COLOR the table uses colours (so the two tests below can fail)."""
    code, shown = run_in_terminal(["plan", GOLD_PUSH], planner_env())
    assert (0, True) == (code, ANSI in shown)


def test_no_color_turns_off_every_escape_on_a_terminal():
    """NO_COLOR=1: the same table on a terminal has no ANSI escape at all (no colour, no bold)."""
    code, shown = run_in_terminal(["plan", GOLD_PUSH], planner_env(NO_COLOR="1"))
    assert (0, False, True) == (code, ANSI in shown, "US$3,210" in shown)


@pytest.mark.parametrize("args", [["plan", GOLD_PUSH], ["compare", WHAT_IF], ["check", GOLD_PUSH]])
def test_output_to_a_pipe_has_no_escapes(args):
    """When stdout is a pipe (not a terminal) the tables have no ANSI escapes."""
    result = subprocess.run(
        [sys.executable, "-m", "planner", *args],
        capture_output=True,
        text=True,
        env=planner_env(),
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert (0, False, False) == (result.returncode, ANSI in result.stdout, ANSI in result.stderr)


# ---- progress ------------------------------------------------------------------------------------------


def terminal_console(buffer: io.StringIO) -> Console:
    return Console(file=buffer, force_terminal=True, width=100, color_system=None)


def test_progress_shows_the_step_on_a_terminal_once_the_delay_is_over():
    """On a terminal, after the delay (0 here), the display names the work and the current step."""
    buffer = io.StringIO()
    with Activity(
        "planning gold", total=3, enabled=True, delay=0, console=terminal_console(buffer)
    ) as progress:
        progress.step("alice leaves")
        progress._progress.refresh()
    assert (True, True) == ("planning gold: alice leaves" in buffer.getvalue(), progress.shown)


def test_progress_stays_hidden_for_a_run_shorter_than_the_delay():
    """A run that ends before the delay shows nothing at all."""
    buffer = io.StringIO()
    with Activity("planning gold", enabled=True, delay=60, console=terminal_console(buffer)) as progress:
        progress.step("base")
    assert ("", False) == (buffer.getvalue(), progress.shown)


def test_progress_is_never_shown_when_disabled():
    """Off a terminal (or with --quiet) the activity is disabled and writes nothing, whatever the delay."""
    buffer = io.StringIO()
    with Activity("planning gold", enabled=False, delay=0, console=terminal_console(buffer)) as progress:
        progress.step("base")
    assert ("", False) == (buffer.getvalue(), progress.shown)


def test_no_progress_on_stderr_when_it_is_not_a_terminal():
    """compare with stderr captured (not a terminal) leaves stderr empty: no spinner, no bar."""
    result = subprocess.run(
        [sys.executable, "-m", "planner", "compare", WHAT_IF],
        capture_output=True,
        text=True,
        env=planner_env(),
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert (0, "") == (result.returncode, result.stderr)


# ---- shell completion and start-up ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        pytest.param("planner imp", "1", "import-roster", id="command"),
        pytest.param("planner compare --for", "2", "--format", id="option"),
    ],
)
def test_bash_completion_completes_commands_and_options(words, cword, expected):
    """The completion hook that `planner --install-completion` installs answers bash's requests."""
    planner = Path(sys.executable).parent / "planner"
    env = planner_env(_PLANNER_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword)
    result = subprocess.run([str(planner)], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert (0, True) == (result.returncode, expected in result.stdout.split())


def test_help_does_not_import_the_solver_or_the_report_modules():
    """`planner --help` stays fast: no ortools, no variants, roster import or HTML code is imported."""
    code = (
        "import sys\nfrom planner.cli.commands import main\nsys.argv = ['planner', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('ortools', 'numpy', 'planner.input.variants', 'planner.input.roster_import',\n"
        "         'planner.report.html')\n"
        "print(sorted({m.split('.')[0] if m.startswith(('ortools', 'numpy')) else m for m in sys.modules "
        "if m.startswith(heavy)}), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=planner_env(),
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert "[]" == result.stderr.strip()


def test_install_test_deps_is_quick_and_silent_when_chromium_is_there():
    """.ci/install-test-deps does nothing (exit 0, no output) when chromium is already installed."""
    import shutil

    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed here; the script would install it")
    result = subprocess.run(
        ["bash", str(ROOT / ".ci" / "install-test-deps")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (0, "", "") == (result.returncode, result.stdout, result.stderr)
