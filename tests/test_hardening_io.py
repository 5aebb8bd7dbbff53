"""Issue 13 (items 1-3, 5): outputs, exit codes, compare with bad files, CSV import and unreadable inputs.

Every case here lost a file, hung, or exited 3 before: `--output` replaced symlinks and devices and reset
modes, wrote over a --catalog file, left its temporary file on SIGTERM; a folder, an empty name, a full
device or running out of memory was "a bug"; one bad file aborted `compare`; an unbalanced quote in a CSV
silently swallowed rows; a FIFO with no writer hung `validate`.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import SCENARIOS
from tests.helpers import one_error_line, run

DATA = Path(__file__).parent / "data"
REACHABLE = DATA / "cli-fabrikam-reachable.yaml"  # Silver: 0 exams; Gold: 2 exams
LEAVER = DATA / "cli-northwind-leaver.yaml"
SYNTHETIC_CATALOG = DATA / "synthetic-catalog.yaml"  # levels bronze and platinum, no gold
SKILLS = SCENARIOS / "contoso-skills-report.csv"  # 14 rows, 13 people
PLANNER = str(Path(sys.executable).parent / "planner")
NOT_ROOT = pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                              reason="root may write in any folder")


def cli(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess[str]:
    """The installed `planner` in its own process (stdout and stderr captured unless given)."""
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DEBUG"}
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([PLANNER, *args], text=True, env=env, timeout=timeout, check=False, **kwargs)


def copy(source: Path, folder: Path, name: str | None = None) -> Path:
    target = folder / (name or source.name)
    shutil.copyfile(source, target)
    return target


# ---- 1. --output: links, devices, pipes, modes --------------------------------------------------------

def test_output_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path):
    """-o link writes the report into the file the link points to; the link is still a link."""
    target = tmp_path / "reports" / "plan.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    result = run("plan", str(REACHABLE), "-f", "json", "-o", str(link))
    assert (0, True, True) == (result.exit_code, link.is_symlink(), '"total_cost_usd"' in target.read_text())


def test_output_through_a_dangling_symlink_creates_its_target(tmp_path):
    """A link to a file not yet there: the file is created where the link points, the link kept."""
    link = tmp_path / "latest.md"
    link.symlink_to(tmp_path / "made.md")
    result = run("check", str(REACHABLE), "-f", "markdown", "-o", str(link))
    assert (0, True, True) == (result.exit_code, link.is_symlink(), (tmp_path / "made.md").is_file())


def test_output_keeps_an_existing_files_mode(tmp_path):
    """A report written over a 0600 file leaves it 0600 (it was reset to 0644)."""
    target = tmp_path / "private.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o600)
    run("check", str(REACHABLE), "-f", "json", "-o", str(target))
    assert (0o600, True) == (stat.S_IMODE(target.stat().st_mode), '"levels"' in target.read_text())


def test_new_output_file_gets_0666_less_the_umask(tmp_path):
    """A new report file gets 0666 & ~umask, here 0640 under umask 027 (not mkstemp's 0600)."""
    target = tmp_path / "new.json"
    old = os.umask(0o027)
    try:
        run("check", str(REACHABLE), "-f", "json", "-o", str(target))
    finally:
        os.umask(old)
    assert 0o640 == stat.S_IMODE(target.stat().st_mode)


def test_output_into_a_named_pipe_writes_into_it(tmp_path):
    """-o FIFO writes the report into the pipe's reader; the FIFO stays a FIFO (it became a file)."""
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    time.sleep(0.3)  # the reader is waiting in open() before the planner writes
    result = run("check", str(REACHABLE), "-f", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert (0, True, True) == (result.exit_code, stat.S_ISFIFO(fifo.stat().st_mode),
                               b'"levels"' in b"".join(received))


def test_output_into_a_named_pipe_nobody_reads_is_one_line(tmp_path):
    """A FIFO with no reader is exit 2 at once, not a hang and not a regular file put in its place."""
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    result = run("check", str(REACHABLE), "-o", str(fifo))
    assert (2, "a named pipe that nothing reads from", True) == (
        result.exit_code, one_error_line(result).split(": ")[-1], stat.S_ISFIFO(fifo.stat().st_mode))


def test_output_to_a_link_to_dev_null_writes_into_the_device(tmp_path):
    """-o to a link to /dev/null writes into the device; the link is not replaced by a file."""
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    result = run("check", str(REACHABLE), "-o", str(link))
    assert (0, True, "/dev/null") == (result.exit_code, link.is_symlink(), os.readlink(link))


def test_output_to_dev_stdout_reaches_standard_output(tmp_path):
    """-o /dev/stdout (through a link, so no test can replace the real one) prints the report."""
    link = tmp_path / "stdout"
    link.symlink_to("/dev/stdout")
    done = cli("check", str(REACHABLE), "-f", "json", "-o", str(link))
    assert (0, True, True, "") == (done.returncode, '"levels"' in done.stdout, link.is_symlink(), done.stderr)


def test_output_to_a_full_device_is_exit_2_with_the_reason(tmp_path):
    """-o to /dev/full (through a link) is exit 2: 'no space left on device'; nothing is replaced."""
    link = tmp_path / "full"
    link.symlink_to("/dev/full")
    result = run("check", str(REACHABLE), "-o", str(link))
    assert (2, f"planner: error: --output {link}: no space left on device", True) == (
        result.exit_code, one_error_line(result), link.is_symlink())


# ---- 1. --output is never an input of the run -----------------------------------------------------------

def _catalog_copy(tmp_path: Path) -> Path:
    return copy(SYNTHETIC_CATALOG, tmp_path, "mine.yaml")


@pytest.mark.parametrize("command", [
    pytest.param(lambda s, c: ["plan", s, "--catalog", c], id="plan"),
    pytest.param(lambda s, c: ["best", s, "--catalog", c], id="best"),
    pytest.param(lambda s, c: ["check", s, "--catalog", c], id="check"),
    pytest.param(lambda s, c: ["compare", s, s, "--catalog", c], id="compare"),
    pytest.param(lambda s, c: ["rules", "--catalog", c], id="rules"),
])
def test_output_naming_a_catalog_is_refused_on_every_command(tmp_path, command):
    """`--catalog c.yaml -o c.yaml` is exit 2 and leaves the catalog as it was (it was overwritten)."""
    scenario = copy(REACHABLE, tmp_path)
    catalog = _catalog_copy(tmp_path)
    before = catalog.read_bytes()
    result = run(*command(str(scenario), str(catalog)), "-o", str(catalog))
    message = one_error_line(result)
    assert (2, True, before) == (result.exit_code, "a --catalog file this run reads" in message,
                                 catalog.read_bytes())


@pytest.mark.parametrize("how", ["same-path", "symlink", "hard-link"])
def test_output_naming_a_compared_file_is_refused_by_path_or_link(tmp_path, how):
    """compare A B -o X, X being B itself, a symlink to it or a hard link to it: exit 2, B untouched."""
    first, second = copy(REACHABLE, tmp_path), copy(LEAVER, tmp_path)
    output = {"same-path": second, "symlink": tmp_path / "link.yaml",
              "hard-link": tmp_path / "hard.yaml"}[how]
    if how == "symlink":
        output.symlink_to(second)
    elif how == "hard-link":
        os.link(second, output)
    before = second.read_bytes()
    result = run("compare", str(first), str(second), "-o", str(output))
    assert (2, True, before) == (result.exit_code, "a scenario being compared" in one_error_line(result),
                                 second.read_bytes())


def test_output_naming_the_csv_of_an_import_is_refused(tmp_path):
    """import-roster skills.csv -o skills.csv is exit 2 and the CSV is unchanged."""
    csv_file = copy(SKILLS, tmp_path)
    before = csv_file.read_bytes()
    result = run("import-roster", str(csv_file), "-o", str(csv_file))
    assert (2, True, before) == (result.exit_code, "the CSV file this run reads" in one_error_line(result),
                                 csv_file.read_bytes())


# ---- 1. SIGTERM while a file is written ---------------------------------------------------------------

SLOW_WRITE = """\
import os, sys, time
from planner.report import writing
real = writing._write_all
def slow(fd, data):
    real(fd, data[:10])
    open(os.environ["STARTED"], "w").close()
    time.sleep(60)
    real(fd, data[10:])
writing._write_all = slow
from planner.cli.commands import main
main()
"""


@pytest.mark.parametrize(("signum", "expected_code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_mid_write_removes_the_temporary_file(tmp_path, signum, expected_code):
    """SIGTERM (like SIGINT) during the write leaves no temporary file and no half report; exit 128+N."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    started = tmp_path / "started"
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DEBUG"} | {"STARTED": str(started)}
    child = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, "check", str(REACHABLE), "-o",
                              str(out_dir / "report.txt")], env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    written_then = sorted(p.name.endswith(".tmp") for p in out_dir.iterdir())
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    assert ([True], expected_code, [], 1) == (written_then, child.returncode, list(out_dir.iterdir()),
                                              len(err.splitlines())), err


# ---- 2. exit codes: bad outputs are usage errors, not bugs --------------------------------------------

@pytest.mark.parametrize(("output", "phrase"), [
    pytest.param("{tmp}/", "is a folder", id="folder-with-slash"),
    pytest.param("{tmp}", "is a folder", id="folder"),
    pytest.param("", "--output is empty", id="empty"),
    pytest.param("{tmp}/missing/report.txt", "does not exist", id="missing-folder"),
    pytest.param("/sys/planner-report.txt", "cannot create a file in folder /sys (permission denied)",
                 id="unwritable-folder"),
])
def test_an_output_that_cannot_be_a_file_is_exit_2_in_one_line(tmp_path, output, phrase):
    """-o naming a folder, '', a missing folder or one nobody may write in: exit 2 (it was 3)."""
    result = run("check", str(REACHABLE), "-o", output.format(tmp=tmp_path))
    assert (2, True) == (result.exit_code, phrase in one_error_line(result))


@NOT_ROOT
def test_an_output_in_a_read_only_folder_is_exit_2(tmp_path):
    """A folder without write permission: exit 2 naming the folder."""
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    result = run("check", str(REACHABLE), "-o", str(folder / "report.txt"))
    assert (2, True) == (result.exit_code, "permission denied" in one_error_line(result))


def test_the_output_check_comes_before_the_work(tmp_path, monkeypatch):
    """A bad --output is refused before the scenario is even read (no minutes of solving first)."""
    from planner.cli import inputs

    monkeypatch.setattr(inputs, "load_all", lambda *a, **k: pytest.fail("the scenario was read"))
    result = run("plan", str(REACHABLE), "-o", str(tmp_path))
    assert 2 == result.exit_code


@pytest.mark.parametrize("args", [
    pytest.param(["check", str(REACHABLE)], id="check-table"),
    pytest.param(["plan", str(REACHABLE), "-f", "json"], id="plan-json"),
    pytest.param(["validate", str(REACHABLE)], id="validate"),
    pytest.param(["schema"], id="schema"),
    pytest.param(["--help"], id="help"),
])
def test_standard_output_on_a_full_device_is_exit_2_in_one_line(args):
    """`planner ... > /dev/full` is exit 2 with 'standard output: no space left on device' (it was 3)."""
    with open("/dev/full", "w") as full:
        done = cli(*args, stdout=full)
    assert (2, ["planner: error: standard output: no space left on device"]) == (
        done.returncode, done.stderr.splitlines())


def test_standard_output_closed_by_its_reader_ends_quietly_with_141():
    """A reader that has gone (`| head` done) ends the run with 141, like cat, and nothing on stderr."""
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DEBUG"}
    child = subprocess.Popen([PLANNER, "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    child.stdout.close()
    err = child.stderr.read()
    child.stderr.close()
    assert (141, b"") == (child.wait(timeout=60), err)


def test_a_reader_leaving_mid_write_also_ends_with_141():
    """A reader that leaves after the first bytes of a big output: 141 too, not 0 with the rest dropped."""
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DEBUG"}
    child = subprocess.Popen([PLANNER, "generate", "--staff", "30000", "--seed", "1"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
    first = child.stdout.read(100)
    child.stdout.close()
    err = child.stderr.read()
    child.stderr.close()
    assert (141, b"", 100) == (child.wait(timeout=120), err, len(first))


def test_out_of_memory_in_a_command_is_exit_2_in_one_line(monkeypatch):
    """A MemoryError anywhere in a command is exit 2 'out of memory ...' (it was 3, 'a bug')."""
    import planner.cli.inputs

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(planner.cli.inputs, "load_all", exhausted)
    result = run("validate", str(REACHABLE))
    assert (2, True) == (result.exit_code, one_error_line(result).startswith("planner: error: out of memory"))


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_AS"), reason="needs an address-space limit")
def test_a_file_too_big_for_the_memory_left_is_exit_2_in_one_line(tmp_path):
    """Under a 130 MiB address-space limit a 60 MiB scenario ends 'out of memory', exit 2, one line.

    The file is padded with a comment so that the allocation that fails is a large one (reading the file):
    where small objects run out instead, CPython 3.11 can spin for ever unwinding into a `finally` (it
    needs a new int for the handler and cannot get one), which no code of ours can catch.
    """
    big = tmp_path / "big.yaml"
    big.write_text(REACHABLE.read_text(encoding="utf-8") + "# " + "x" * (60 * 2**20) + "\n", encoding="utf-8")
    limited = ("import os, resource, sys; resource.setrlimit(resource.RLIMIT_AS, (130 * 2**20,) * 2); "
               "os.execv(sys.argv[1], sys.argv[1:])")  # the limit set in the child itself, not in a fork
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_DEBUG"}
    done = subprocess.run([sys.executable, "-c", limited, PLANNER, "validate", str(big)], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    assert (2, 1, True) == (done.returncode, len(done.stderr.splitlines()),
                            done.stderr.startswith("planner: error: out of memory")), done.stderr[-500:]


# ---- 2. compare: one bad file does not abort the others -----------------------------------------------

def test_compare_lists_a_file_without_the_level_and_compares_the_rest(tmp_path):
    """--level gold on a file whose competency has no gold: that file is an error row, the others planned."""
    other = tmp_path / "synthetic.yaml"
    other.write_text("schema_version: 1\nname: Northwind Data\ncompetency: synthetic-data\n"
                     "as_of: 2020-01-15\norganization: {market: developed, revenue_usd: 500000, dpor: true}\n"
                     "staff: []\n", encoding="utf-8")
    result = run("compare", str(REACHABLE), str(other), "--level", "gold",
                 "--catalog", str(SYNTHETIC_CATALOG), "-f", "json")
    rows = yaml.safe_load(result.stdout)["scenarios"]
    assert (2, [None, True], True) == (
        result.exit_code, [r["error"] and "unknown level 'gold'" in r["error"] for r in rows],
        rows[0]["level_reached"] is not None)


def test_compare_lists_an_unreadable_file_and_compares_the_rest(tmp_path):
    """A file that is a FIFO nobody writes to (it hung) or missing is listed; the good ones compared."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    done = cli("compare", str(REACHABLE), str(fifo), str(tmp_path / "missing.yaml"), "-f", "json",
               timeout=120)
    rows = yaml.safe_load(done.stdout)["scenarios"]
    assert (2, [False, True, True]) == (done.returncode, [bool(r["error"]) for r in rows])


# ---- 3. and 5. inputs that are not files --------------------------------------------------------------

@pytest.mark.parametrize("command", ["validate", "import-roster"])
def test_a_named_pipe_nothing_writes_to_is_refused_at_once(tmp_path, command):
    """validate / import-roster on a FIFO with no writer: exit 2 in one line at once (validate hung)."""
    fifo = tmp_path / "input"
    os.mkfifo(fifo)
    done = cli(command, str(fifo), timeout=60)
    assert (2, [f"planner: error: {fifo}: is a pipe that nothing writes to; give the "
                f"{'scenario' if command == 'validate' else 'CSV'} file itself"]) == (
        done.returncode, done.stderr.splitlines())


@pytest.mark.parametrize("command", ["validate", "import-roster"])
def test_an_endless_device_is_refused(command):
    """/dev/zero is refused as a device (import-roster read it until memory ran out)."""
    done = cli(command, "/dev/zero", timeout=60)
    assert (2, 1, True) == (done.returncode, len(done.stderr.splitlines()), "is a device" in done.stderr)


def test_a_pipe_with_a_writer_is_still_read(tmp_path):
    """A scenario piped in through /dev/stdin (or <(...)) still validates: pipes are not refused."""
    with open(REACHABLE, "rb") as source:
        done = cli("validate", "/dev/stdin", stdin=source)
    assert (0, True) == (done.returncode, ": ok - " in done.stdout)


def test_csv_bigger_than_the_cap_is_refused_before_reading(tmp_path):
    """A CSV over 64 MiB (the YAML loader's cap) is one line naming the size."""
    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:
        handle.truncate(64 * 2**20 + 1)
    result = run("import-roster", str(big))
    assert (2, True) == (result.exit_code, "at most 64 MiB" in one_error_line(result))


# ---- 3. CSV rows that cannot be trusted ---------------------------------------------------------------

def test_an_unbalanced_quote_is_an_error_at_its_line_not_lost_rows(tmp_path):
    """One missing closing quote made 13 people 6 with exit 0; now exit 2 at the line of the quote."""
    text = SKILLS.read_text(encoding="utf-8").replace('"Microsoft Dynamics CRM Online Deployment (2015)"',
                                                      '"Microsoft Dynamics CRM Online Deployment (2015)')
    csv_file = tmp_path / "skills.csv"
    csv_file.write_text(text, encoding="utf-8")
    result = run("import-roster", str(csv_file))
    expected = (f"planner: error: {csv_file}:11: the cell in column 'Exam Title' opens a quote here that "
                "runs on to line 15: a quote that is never closed (close it) or a line break inside a cell "
                "(remove it)")
    assert (2, expected, "") == (result.exit_code, result.stderr.splitlines()[0], result.stdout)


def test_a_row_with_too_few_or_too_many_cells_is_an_error_at_its_line(tmp_path):
    """A row whose cell count differs from the header's is reported at its line, with the counts."""
    csv_file = tmp_path / "skills.csv"
    csv_file.write_text("Name,Email,Exam,Date\nAl,al@x.com,MB2-717,2017-03-14\nBo,bo@x.com,MB2-716\n"
                        "Cy,cy@x.com,MB2-718,2017-06-12,extra\n", encoding="utf-8")
    result = run("import-roster", str(csv_file))
    lines = result.stderr.splitlines()
    assert (2, [f"planner: error: {csv_file}:3: 3 cells, but the header line has 4 columns",
                f"planner: error: {csv_file}:4: 5 cells, but the header line has 4 columns"]) == (
        result.exit_code, [line.split(";")[0] for line in lines[:2]])


# ---- issue 14.6: -o/--output on import-roster and generate ---------------------------------------------

@pytest.mark.parametrize("option", ["-o", "--output", "--out"])
@pytest.mark.parametrize("command", [
    pytest.param(["import-roster", str(SKILLS)], id="import-roster"),
    pytest.param(["generate", "--staff", "5", "--seed", "1"], id="generate"),
])
def test_scenario_writers_take_o_output_and_out(tmp_path, command, option):
    """import-roster and generate write the scenario with -o, --output or --out alike."""
    target = tmp_path / "scenario.yaml"
    result = run(*command, option, str(target))
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert (0, "", 1) == (result.exit_code, result.stdout, written["schema_version"])


def test_every_command_that_writes_a_report_or_scenario_takes_o_and_output():
    """-o/--output is on every command that writes (validate only prints a line); --out is kept."""
    import typer.main

    from planner.cli.commands import app

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    options = {name: sorted(opt for p in command.params if p.name == "output" for opt in p.opts)
               for name, command in commands.items()}
    assert {"plan": ["--output", "-o"], "best": ["--output", "-o"], "check": ["--output", "-o"],
            "ladder": ["--output", "-o"],
            "compare": ["--output", "-o"], "rules": ["--output", "-o"], "validate": [],
            "schema": ["--output", "-o"],
            "generate": ["--out", "--output", "-o"], "import-roster": ["--out", "--output", "-o"]} == options
