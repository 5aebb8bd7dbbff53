"""`planner generate`: synthetic rosters that are reproducible, valid and shaped like a real partner's."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter

import pytest
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.input.loading import load_scenario, load_scenario_text
from planner.rules.catalogs import shipped_catalog
from planner.rules.domain import person_counts_on
from planner.tools.generate import generate_scenario, scalar

CATALOG = shipped_catalog("cloud-crm")
LIST_OF = {code: lst.id for lst in CATALOG.lists for code in lst.exams}


def _invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "PLANNER_DEBUG": None})


def test_same_seed_gives_byte_identical_files():
    """Two runs with the same size and seed write exactly the same text."""
    assert generate_scenario(500, 7) == generate_scenario(500, 7)


def test_same_seed_gives_the_same_file_whatever_the_hash_seed():
    """The text does not depend on Python's string hashing (set or dict order) either."""
    code = ("import sys; from planner.tools.generate import generate_scenario; "
            "sys.stdout.write(generate_scenario(200, 3))")
    texts = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert 1 == len(texts)


@pytest.mark.parametrize(("first", "second"), [
    pytest.param((500, 1), (500, 2), id="different-seed"),
    pytest.param((500, 1), (501, 1), id="different-size"),
])
def test_different_arguments_give_different_rosters(first, second):
    """Another seed (or size) draws another roster."""
    assert generate_scenario(*first) != generate_scenario(*second)


@pytest.mark.parametrize("staff", [0, 1, 2, 3, 60, 2000])
def test_generated_file_loads_with_the_requested_number_of_people(staff):
    """The output is a valid scenario (schema_version 1) with exactly N people, edge sizes included."""
    scenario = load_scenario_text(generate_scenario(staff, 5), "generated.yaml").scenario
    assert (1, staff) == (scenario.schema_version, len(scenario.staff))


def test_dates_are_explicit_and_follow_as_of():
    """as_of is the one given, the deadline follows it, and every recorded pass is on or before as_of."""
    as_of = dt.date(2018, 3, 1)
    scenario = load_scenario_text(generate_scenario(1000, 2, as_of=as_of), "generated.yaml").scenario
    days = [p.date for person in scenario.staff for p in person.passed if p.date is not None]
    assert (as_of, True, True) == (scenario.as_of, scenario.deadline > as_of, max(days) <= as_of)


def test_roster_has_departures_before_and_after_the_deadline():
    """Some people leave by the deadline (they do not count) and some leave after it (they still count)."""
    scenario = load_scenario_text(generate_scenario(2000, 1), "generated.yaml").scenario
    leaving = [p for p in scenario.staff if p.leaves_on is not None]
    gone = [p for p in leaving if not person_counts_on(p, scenario.deadline)]
    assert (True, True) == (len(gone) > 0, len(gone) < len(leaving))


def test_holdings_are_skewed_most_people_hold_nothing_and_a_few_hold_everything():
    """Most hold no exam; the first list is the commonest; few hold every list and only one of them stays."""
    scenario = load_scenario_text(generate_scenario(5000, 4), "generated.yaml").scenario
    lists_held = [frozenset(LIST_OF[p.exam] for p in person.passed) for person in scenario.staff]
    by_list = Counter(lid for held in lists_held for lid in held)
    everything = [p for p, held in zip(scenario.staff, lists_held, strict=True)
                  if len(held) == len(CATALOG.lists)]
    staying = [p for p in everything if person_counts_on(p, scenario.deadline)]
    assert sum(1 for held in lists_held if not held) > 0.7 * len(scenario.staff)
    assert by_list["A"] > by_list["B"] and by_list["A"] > by_list["C"]
    assert (True, 1) == (0 < len(everything) <= 5, len(staying))


def test_rates_limits_and_can_take_vary():
    """Hourly rates take many values, and some people have can_take or max_new_exams."""
    scenario = load_scenario_text(generate_scenario(2000, 9), "generated.yaml").scenario
    rates = {p.hourly_rate_usd for p in scenario.staff if p.hourly_rate_usd is not None}
    limited = [p for p in scenario.staff if p.max_new_exams is not None]
    restricted = [p for p in scenario.staff if p.can_take is not None]
    assert (True, True, True) == (len(rates) >= 10, len(limited) > 0, len(restricted) > 0)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("e000001", "e000001", id="plain-id"),
    pytest.param("Ana Costa", "Ana Costa", id="name-with-space"),
    pytest.param("MB2-717", "MB2-717", id="exam-code"),
    pytest.param("no", '"no"', id="yaml-1.1-boolean-word"),
    pytest.param("123", '"123"', id="digits"),
    pytest.param("a: b", '"a: b"', id="colon-space"),
    pytest.param("O'Brien, Pat", '"O\'Brien, Pat"', id="comma-and-quote"),
])
def test_scalars_are_written_plain_only_when_yaml_reads_them_back_as_the_same_text(text, expected):
    """Anything YAML could read as another type, or that breaks a flow mapping, is double-quoted."""
    assert expected == scalar(text)


def test_generate_command_prints_the_scenario_to_standard_output():
    """Without --out the YAML goes to standard output, exactly as the library writes it."""
    result = _invoke("generate", "--staff", "40", "--seed", "3")
    assert (0, generate_scenario(40, 3)) == (result.exit_code, result.stdout)


def test_generate_command_writes_the_file_given_by_out(tmp_path):
    """With --out the scenario is written to that file and loads; --as-of sets its day."""
    target = tmp_path / "big.yaml"
    result = _invoke("generate", "--staff", "120", "--seed", "8", "--as-of", "2018-02-01",
                     "--out", str(target))
    scenario = load_scenario(target).scenario
    assert (0, "", 120, dt.date(2018, 2, 1)) == (result.exit_code, result.stdout, len(scenario.staff),
                                                 scenario.as_of)


@pytest.mark.parametrize("args", [
    pytest.param(["--staff", "10", "--seed", "1", "--as-of", "2018-13-01"], id="impossible-as-of"),
    pytest.param(["--staff", "-1", "--seed", "1"], id="negative-staff"),
    pytest.param(["--staff", "10"], id="no-seed"),
])
def test_generate_command_refuses_bad_arguments_with_exit_2(args):
    """A bad or missing argument is a usage error (exit 2), and nothing is printed as a scenario."""
    result = _invoke("generate", *args)
    assert (2, "") == (result.exit_code, result.stdout)
