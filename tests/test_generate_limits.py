"""`planner generate` writes only scenarios the loader reads: any --as-of it serves, capped, streamed."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.input import yamlio
from planner.input.loading import DATES, load_scenario_text
from planner.rules.catalogs import shipped_catalog, shipped_catalog_ids
from planner.tools import generate

PLANNER = str(Path(sys.executable).parent / "planner")
CATALOGS = {cid: shipped_catalog(cid) for cid in shipped_catalog_ids()}


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


@given(as_of=st.dates(DATES[0], DATES[1]), staff=st.integers(0, 25), seed=st.integers(0, 2**32),
       competency=st.sampled_from(shipped_catalog_ids()))
@example(as_of=dt.date(2099, 12, 31), staff=5, seed=1, competency="cloud-crm")
@example(as_of=dt.date(1990, 1, 1), staff=5, seed=1, competency="business-applications")
@example(as_of=dt.date(1996, 1, 1), staff=40, seed=1, competency="business-applications")
@example(as_of=dt.date(2097, 12, 31), staff=40, seed=1, competency="cloud-crm")
def test_every_as_of_generate_accepts_gives_a_scenario_that_validates(as_of, staff, seed, competency):
    """For any day a scenario may hold, generate refuses it (outside AS_OF_RANGE) or writes what loads."""
    problem = generate.arguments_problem(staff, as_of)
    if problem is not None:
        first, last = generate.AS_OF_RANGE
        assert (False, "--as-of") == (first <= as_of <= last, problem[:7])
        return
    text = generate.generate_scenario(staff, seed, as_of=as_of, catalog=CATALOGS[competency])
    loaded = load_scenario_text(text, "generated.yaml")
    assert (staff, as_of) == (len(loaded.scenario.staff), loaded.scenario.as_of)


def test_an_as_of_generate_cannot_serve_is_refused_in_one_line_naming_the_range():
    """--as-of 2099-12-31 wrote a scenario whose deadline is 2100 (validate refused it): now exit 2."""
    result = run("generate", "--staff", "5", "--seed", "1", "--as-of", "2099-12-31")
    first, last = generate.AS_OF_RANGE
    assert (2, "", [f"planner: error: --as-of 2099-12-31 is outside the days generate serves, {first} to "
                    f"{last}: its dates reach 5 years before as_of and 444 days after, and a scenario's "
                    "dates lie in the years 1990 to 2099"]) == (result.exit_code, result.stdout,
                                                               result.stderr.splitlines())


def test_staff_over_the_maximum_is_refused_at_once_in_one_line():
    """--staff 1000000000 grew without bound: now exit 2 at once, naming the maximum."""
    done = subprocess.run([PLANNER, "generate", "--staff", "1000000000", "--seed", "1"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert (2, "", [f"planner: error: --staff 1000000000 is more than {generate.MAX_STAFF:,}, the most "
                    "generate writes (some 33 MB; the planner reads files of at most 64 MiB)"]) == (
        done.returncode, done.stdout, done.stderr.splitlines())


def test_the_maximum_staff_is_said_in_the_help():
    """`planner generate --help` names the maximum of --staff."""
    assert f"{generate.MAX_STAFF:,}" in run("generate", "--help").stdout


def test_a_scenario_over_the_loaders_cap_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    """With a 10,000-byte cap 1,000 people are too many: exit 2 in one line, no file, nothing printed."""
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 10_000)
    out = tmp_path / "big.yaml"
    printed = run("generate", "--staff", "1000", "--seed", "1")
    written = run("generate", "--staff", "1000", "--seed", "1", "--output", str(out))
    assert ([2, 2], ["", ""], [1, 1], False) == (
        [printed.exit_code, written.exit_code], [printed.stdout, written.stdout],
        [len(printed.stderr.splitlines()), len(written.stderr.splitlines())], out.exists())


@pytest.mark.parametrize("competency", ["cloud-crm", "business-applications"])
def test_the_scenario_is_made_a_block_of_people_at_a_time(competency):
    """The text comes in chunks of at most BLOCK people, and together they are the scenario."""
    catalog = shipped_catalog(competency)
    block = generate.BLOCK
    chunks = list(generate.scenario_chunks(2 * block + 5, 3, catalog=catalog))
    people = [chunk.count("\n  - {id: ") + chunk.startswith("  - {id: ") for chunk in chunks]
    assert (generate.generate_scenario(2 * block + 5, 3, catalog=catalog), [0, block, block, 5]) == (
        "".join(chunks), people)
