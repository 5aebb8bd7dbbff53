"""The certification catalog (models/certification.py, planner/rules/certifications.py): the shipped file,
title matching, and one located line for each bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.certification import title_key
from planner.errors import ScenarioError
from planner.rules.certifications import load_certification_file, shipped_certifications

GOOD = """\
certification_catalog_version: 1
sources: {s: a source}
exams:
  - {code: AZ-104, title: Administrator}
  - {code: AZ-305, title: Architect}
certifications:
  - {id: admin, title: Azure Administrator Associate, kind: associate, exams: [AZ-104], source: s}
  - id: architect
    title: Azure Solutions Architect Expert
    kind: expert
    exams: [AZ-305]
    prerequisites: [admin]
"""


def load_text(tmp_path: Path, text: str):
    path = tmp_path / "certifications.yaml"
    path.write_text(text, encoding="utf-8")
    return load_certification_file(path)


def test_the_shipped_catalog_loads_with_its_two_exam_certification():
    """The starter catalog loads; Windows Server Hybrid Administrator Associate needs AZ-800 and AZ-801."""
    hybrid = shipped_certifications().certification("windows-server-hybrid-administrator-associate")
    assert ["AZ-800", "AZ-801"] == hybrid.exams


def test_the_shipped_expert_needs_the_associate():
    """Azure Solutions Architect Expert is AZ-305 with Azure Administrator Associate as its prerequisite."""
    expert = shipped_certifications().certification("azure-solutions-architect-expert")
    assert (["AZ-305"], ["azure-administrator-associate"]) == (expert.exams, expert.prerequisites)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        pytest.param("Azure Administrator Associate", "azure-administrator-associate", id="export-title"),
        pytest.param("Microsoft Certified: Azure Administrator Associate", "azure-administrator-associate",
                     id="with-prefix"),
        pytest.param("  microsoft certified:   AZURE  administrator associate ",
                     "azure-administrator-associate", id="case-and-spaces"),
        pytest.param("Microsoft Certified - Azure Developer Associate", "azure-developer-associate",
                     id="dash-prefix"),
        pytest.param("Microsoft 365 Certified: Microsoft 365 Fundamentals", "microsoft-365-fundamentals",
                     id="m365-prefix"),
        pytest.param("DevOps Engineer Expert", "devops-engineer-expert", id="also-known-as"),
        pytest.param("Microsoft Certified: DevOps Engineer Expert", "devops-engineer-expert",
                     id="also-known-as-with-prefix"),
        pytest.param("azure-developer-associate", "azure-developer-associate", id="id"),
        pytest.param("Azure Administrator", None, id="not-a-title"),
    ],
)
def test_certification_by_title_matches_titles_prefixes_and_other_names(written, expected):
    """Titles match without case, extra spaces or a 'Microsoft Certified:' prefix, by other names and ids."""
    found = shipped_certifications().by_title(written)
    assert expected == (found.id if found else None)


def test_title_key_drops_a_github_prefix():
    """'GitHub Certified: X' and 'X' compare equal."""
    assert title_key("GitHub Certified: Agentic AI Developer") == title_key("agentic ai developer")


def test_a_good_small_catalog_loads(tmp_path):
    """A catalog of two certifications, one the other's prerequisite, loads."""
    assert ["admin", "architect"] == [c.id for c in load_text(tmp_path, GOOD).certifications]


@pytest.mark.parametrize(
    ("old", "new", "place", "fragment"),
    [
        pytest.param("    prerequisites: [admin]\n", "    prerequisites: [admin]\n  - {id: admin, "
                     "title: Other, kind: associate, exams: [AZ-104]}\n", ":13:",
                     "certification id 'admin' is listed twice", id="duplicate-id"),
        pytest.param("{code: AZ-305, title: Architect}", "{code: AZ-104, title: Architect}", ":5:",
                     "exam code 'AZ-104' is listed twice", id="duplicate-exam"),
        pytest.param("exams: [AZ-305]", "exams: [AZ-999]", ":11:", "names unknown exam 'AZ-999'",
                     id="unknown-exam"),
        pytest.param("prerequisites: [admin]", "prerequisites: [admn]", ":12:",
                     "names unknown prerequisite 'admn'", id="unknown-prerequisite"),
        pytest.param("exams: [AZ-104], source: s}", "exams: [AZ-104], source: s, prerequisites: [architect]}",
                     ":7:", "prerequisites go round in a circle: admin -> architect -> admin", id="cycle"),
        pytest.param("    prerequisites: [admin]\n", "    prerequisites: [admin]\n    retired: 2026-06-30\n"
                     "    counts_until: 2026-01-01\n", ":8:", "counts_until 2026-01-01 is before retired",
                     id="counts-until-before-retired"),
        pytest.param("title: Azure Solutions Architect Expert", "title: azure administrator associate", ":8:",
                     "certification architect is also called 'azure administrator associate'",
                     id="title-names-two"),
        pytest.param("source: s}", "source: t}", ":7:", "unknown source 't'", id="unknown-source"),
        pytest.param("exams: [AZ-305]", "exams: []", ":8:", "lists no exam", id="no-exams-not-unconfirmed"),
        pytest.param("kind: expert", "kind: master", ":10:", "must be 'fundamentals', 'associate'",
                     id="unknown-kind"),
    ],
)
def test_a_bad_certification_catalog_is_one_line_at_its_place(tmp_path, old, new, place, fragment):
    """Each problem is a ScenarioError naming the file, the line and what is wrong."""
    assert 1 == GOOD.count(old)
    with pytest.raises(ScenarioError) as caught:
        load_text(tmp_path, GOOD.replace(old, new))
    message = str(caught.value)
    assert (True, True, 1) == (place in message, fragment in message, len(message.splitlines())), message


def test_an_unconfirmed_certification_may_have_no_exam(tmp_path):
    """An assessment with no known exam loads when it is marked unconfirmed (it cannot be planned)."""
    text = GOOD.replace("exams: [AZ-305]", "exams: []\n    unconfirmed: true")
    assert False is load_text(tmp_path, text).certification("architect").plannable
