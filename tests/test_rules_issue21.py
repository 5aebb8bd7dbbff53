"""`planner rules` on issue 21's format: lists of certifications by their exams and titles, paths, gate
steps; and what an ended programme says (planner.rules.catalogs.ended_words)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.rules.catalogs import ended_words, has_ended, load_catalog_file, shipped_catalogs

GATED_FILE = Path(__file__).parent / "data" / "scored" / "gated-parts.yaml"
GATED = load_catalog_file(GATED_FILE)
ENDED = GATED.model_copy(update={"ended": dt.date(2025, 1, 1), "replaced_by": ["business-applications", "x"]})


def rules_markdown() -> str:
    result = CliRunner().invoke(app, ["rules", "--catalog", str(GATED_FILE), "--competency", "contoso-gated",
                                      "--format", "markdown"])
    assert 0 == result.exit_code, result.output
    return result.stdout


@pytest.mark.parametrize(
    "fragment",
    [
        pytest.param("| AZ-800 + AZ-801 | Windows Server Hybrid Administrator Associate (unconfirmed) |",
                     id="a two-exam certification"),
        pytest.param("| AZ-305 | Azure Solutions Architect Expert, with one of: Azure Administrator "
                     "Associate (unconfirmed) |", id="an expert with its prerequisite"),
        pytest.param("| (no exam known) | Teams Meetings and Meeting Rooms Technical Assessment "
                     "(unconfirmed) | until 2026-06-15 | 2027-06-15 |", id="an assessment"),
        pytest.param("every track (enterprise and smb) is scored and the higher total counts", id="paths"),
        pytest.param("only once every step is met: step 1, 2 (enterprise) or 1 (smb) people with list "
                     "admins, earning 0 (enterprise) or 4 (smb) points", id="gate steps"),
        pytest.param("cpor enterprise 1000, smb 500; dpor enterprise 4000; csp smb 2000 (the higher part "
                     "counts)", id="parts"),
    ],
)
def test_rules_shows_the_new_format(fragment):
    """The rules of a designation of the new format say what each list, path, step and part means."""
    assert fragment in rules_markdown()


def test_an_ended_programme_says_when_and_what_replaced_it():
    """Names and ids of the replacements (an id no catalog has, alone)."""
    assert ("Contoso Gated ended on 1 Jan 2025; replaced by Solutions Partner for Business Applications "
            "(business-applications), x") == ended_words(ENDED, shipped_catalogs())


@pytest.mark.parametrize(("day", "expected"), [("2024-12-31", False), ("2025-01-01", True)])
def test_a_programme_has_ended_from_its_ended_day(day, expected):
    """The day before `ended` it is current; from `ended` on it has ended."""
    assert expected == has_ended(ENDED, dt.date.fromisoformat(day))


def test_a_programme_that_has_not_ended_says_nothing():
    """No `ended`: no words."""
    assert "" == ended_words(GATED)
