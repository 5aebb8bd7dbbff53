"""Issue 20 (the adversarial pass, input and output): what a run writes and shows must not be lost or
harm anything, whatever --output names, the terminal's width, standard output's encoding, or the text of
an input (a catalog's names, a file's name)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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

@pytest.mark.parametrize("name", ["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"])
def test_output_naming_standard_input_read_as_the_scenario_is_refused(name):
    """`cat s.yaml | planner plan /dev/stdin -o /dev/stdin` is exit 2 before any work (the report went
    into the pipe nobody reads and the run exited 0)."""
    if not Path(name).exists():
        pytest.skip(f"{name} does not exist here")
    done = cli("plan", "/dev/stdin", "-f", "json", "-o", name, input=GOLD_PUSH.read_text(encoding="utf-8"))
    assert (2, "", True) == (done.returncode, done.stdout,
                             f"--output {name} is the scenario this run reads" in done.stderr)
