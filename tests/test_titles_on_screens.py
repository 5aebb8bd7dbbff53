"""Every screen names things as people do (issue 21's "Done when", issue 22's screens): a certification by
Microsoft's title, a new exam with the certifications it earns, a gate step by its metric, number and
list, in the table, Markdown and HTML alike; the JSON keeps the ids. The titles come from the scenario's
certification catalog, a custom one's too."""

from __future__ import annotations

import functools
import html
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from models.certification import CertificationCatalog
from planner.core.planning import plan
from planner.explain.standing import check
from planner.input.loading import LoadedScenario, load_scenario_text
from planner.report import render
from planner.rules.catalogs import Catalogs, shipped_catalogs
from planner.rules.naming import certification_titles, report_names
from planner.rules.scoring import item_words
from tests.conftest import SCENARIOS
from tests.helpers import run

ADVENTURE = SCENARIOS / "adventure-works-data-ai-gates.yaml"
TAILWIND = SCENARIOS / "tailwind-modern-work-paths.yaml"
NORTHWIND = SCENARIOS / "northwind-solutions-partner-smb.yaml"
FORMATS = ("table", "markdown", "html")


@functools.cache
def _screen(command: str, path: Path, fmt: str, *more: str) -> str:
    """What a command shows in a format (HTML and Markdown entities read, white space folded)."""
    result = run(command, str(path), "--format", fmt, *more)
    assert result.exit_code in (0, 1), result.stderr
    return " ".join(html.unescape(result.stdout).split())


def _ids() -> set[str]:
    """Every certification id of the shipped catalog."""
    return {c.id for c in shipped_catalogs().certifications.certifications}


# ---- plan: certifications, new exams and gate steps in words --------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_a_renewed_certification_is_named_by_its_title(fmt):
    """Adventure Works' plan renews Ada's expert certification: 'Azure Solutions Architect Expert
    (renewal)', never its id."""
    text = _screen("plan", ADVENTURE, fmt)
    assert (True, False) == ("Azure Solutions Architect Expert (renewal)" in text,
                             "azure-solutions-architect-expert" in text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_new_exam_says_the_certifications_it_earns(fmt):
    """Cy's AZ-104 makes her an Administrator and, with her AZ-305, an Expert; Fay's DP-300 a Database
    Administrator: the New exams table says so in words."""
    text = _screen("plan", ADVENTURE, fmt)
    assert (True, True) == (
        "AZ-104 -> Azure Administrator Associate and Azure Solutions Architect Expert" in text,
        "DP-300 -> Azure Database Administrator Associate" in text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_gate_step_is_named_by_its_metric_number_and_list(fmt):
    """The slot table names Data & AI's steps 'Intermediate certifications, gate step 1 (Azure Administrator
    Associate)' and 'step 2 (Azure Solutions Architect Expert)', never by their ids ('...step-1')."""
    text = _screen("plan", ADVENTURE, fmt)
    assert (True, True, False) == (
        "Intermediate certifications, gate step 1 (Azure Administrator Associate)" in text,
        "Intermediate certifications, gate step 2 (Azure Solutions Architect Expert)" in text,
        ".step-" in text)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_a_certification_earned_by_a_new_exam_is_marked_new(fmt):
    """In 'Who counts toward which metric' Cy's Administrator certification, which her AZ-104 earns, is
    marked new (*) like an exam the plan adds."""
    assert "Cy Tran | Azure Administrator Associate*" in _screen("plan", ADVENTURE, fmt).replace("│", "|")


def test_the_html_slot_table_marks_a_certification_earned_by_a_new_exam():
    """The HTML page marks Cy's earned Administrator certification '(new)', in bold."""
    page = run("plan", str(ADVENTURE), "--format", "html").stdout
    assert '<td>Cy Tran</td><td><span class="new">Azure Administrator Associate (new)</span>' in page


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_renewal_of_an_exam_pass_keeps_the_code_and_names_what_it_keeps(fmt):
    """Northwind's renewal of Ben's MB-230 pass is 'MB-230 (renewal) -> Dynamics 365 Customer Service
    Functional Consultant Associate'; the path says 'Ben Okafor renews MB-230 -> ...'."""
    text = _screen("plan", NORTHWIND, fmt)
    keeps = "MB-230 (renewal) -> Dynamics 365 Customer Service Functional Consultant Associate"
    assert (True, True) == (keeps in text, "Ben Okafor renews MB-230 -> Dynamics 365 Customer" in text)


@pytest.mark.parametrize("path", [ADVENTURE, TAILWIND, NORTHWIND], ids=lambda p: p.stem)
@pytest.mark.parametrize("command", ["plan", "check"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_certification_id_is_on_a_screen(path, command, fmt):
    """The three designation scenarios' plans and checks, in every format, show no certification id."""
    text = _screen(command, path, fmt)
    assert [] == sorted(cid for cid in _ids() if cid in text)


def test_the_json_keeps_the_ids():
    """The JSON of the same plan keeps the ids: the renewal's exam and certification, the earned
    certifications and the gate step's role."""
    answer = json.loads(run("plan", str(ADVENTURE), "--format", "json").stdout)
    ada = next(e for e in answer["new_exams"] if e["person"] == "ada")
    cy = next(e for e in answer["new_exams"] if e["person"] == "cy")
    assert (("azure-solutions-architect-expert", "azure-solutions-architect-expert"),
            ["azure-administrator-associate", "azure-solutions-architect-expert"], True) == (
        (ada["exam"], ada["certification"]), cy["certifications"],
        "intermediate-certifications.step-1" in {a["role"] for a in answer["assignments"]})


def test_the_text_calendar_names_a_certification_by_its_initials_and_says_them():
    """With a calendar, Ada's renewal is 'ASAE(r)' in the text chart, and the line under it says 'ASAE:
    Azure Solutions Architect Expert' (an exam keeps its number: Cy's '104')."""
    lines = [" ".join(x.split()) for x in run("plan", str(ADVENTURE), "--schedule").stdout.splitlines()]
    assert (True, True, True) == ("Ada Lovelace | ASAE(r)" in lines, "Cy Tran | 104" in lines,
                                  "ASAE: Azure Solutions Architect Expert" in lines)


def test_the_html_calendar_box_names_a_certification_by_its_initials():
    """The HTML calendar's box says 'ASAE', its title the renewal in full, and the lines below say
    'ASAE: Azure Solutions Architect Expert'."""
    page = html.unescape(run("plan", str(ADVENTURE), "--schedule", "--format", "html").stdout)
    assert (True, True, True) == (
        "Ada Lovelace: Azure Solutions Architect Expert (renewal) in 2026-12</title>" in page,
        'fill="#ffffff">ASAE</text>' in page, "<li>ASAE: Azure Solutions Architect Expert</li>" in page)


# ---- check: renewals and losses ------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_check_names_the_certifications_to_renew_by_title(fmt):
    """Adventure Works' certifications to renew: 'Eli Cohen | Azure Database Administrator Associate |
    2027-02-15' and Ada's two, by title; its losses say 'Ada Lovelace's Azure Administrator Associate pass
    stops counting'."""
    text = re.sub(r"\s*[|│]\s*", " | ", _screen("check", ADVENTURE, fmt).replace("</td><td>", " | "))
    assert (True, True) == ("Eli Cohen | Azure Database Administrator Associate | 2027-02-15" in text,
                            "Ada Lovelace's Azure Administrator Associate pass stops counting" in text)


def test_check_keeps_an_exam_pass_by_its_code():
    """Northwind's expiring exam passes keep their codes in the renewals table (MB-820, MB-230)."""
    rows = [re.split(r"\s*│\s*", x.strip("│ ")) for x in run("check", str(NORTHWIND)).stdout.splitlines()
            if x.count("│") == 6]
    assert ["MB-800", "MB-820", "MB-230"] == [r[1] for r in rows if r[0] in ("Goran Petrov", "Chen Wei",
                                                                                 "Ben Okafor")]


def test_the_renewal_timeline_names_a_certification_by_title():
    """check's HTML timeline: 'Ada Lovelace Azure Administrator Associate: expires 2027-03-10; ...'."""
    page = html.unescape(run("check", str(ADVENTURE), "--format", "html").stdout)
    assert ("<title>Ada Lovelace Azure Administrator Associate: expires 2027-03-10; renewal window "
            "2026-12-01 to 2027-03-09</title>") in page


# ---- the scenario's certification catalog, not the shipped one ------------------------------------------

HOUSE = "Administrator (house title)"


@functools.cache
def _house_catalogs() -> Catalogs:
    """The shipped catalogs with a certification catalog of their own, in which Azure Administrator
    Associate is called HOUSE (its old title kept as another name, so the scenario's passes still read)."""
    shipped = shipped_catalogs()
    data = shipped.certifications.model_dump(mode="json")
    for cert in data["certifications"]:
        if cert["id"] == "azure-administrator-associate":
            cert["also_known_as"] = [*cert["also_known_as"], cert["title"]]
            cert["title"] = HOUSE
    return Catalogs(shipped.by_id, shipped.custom, CertificationCatalog.model_validate(data))


def _house(text: str | None = None) -> LoadedScenario:
    return load_scenario_text(text or ADVENTURE.read_text(encoding="utf-8"), "a.yaml",
                              catalogs=_house_catalogs())


def _shown(renderable: object) -> str:
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(renderable)
    return " ".join(out.getvalue().split())


def test_a_plan_names_certifications_as_the_scenarios_catalog_does():
    """Planned against a certification catalog that calls the Administrator certification HOUSE, Cy's
    AZ-104 earns 'HOUSE and Azure Solutions Architect Expert'."""
    text = _shown(render.plan_table(plan(_house(), "solutions-partner")))
    assert f"AZ-104 -> {HOUSE} and Azure Solutions Architect Expert" in text


def test_check_words_name_certifications_as_the_scenarios_catalog_does():
    """check's loss, what is missing on the deadline and the renewals table read HOUSE."""
    report = check(_house())
    text = _shown(render.check_table(report))
    assert (True, True, True) == (
        f"Ada Lovelace's {HOUSE} pass stops counting" in text,
        f"its step 1 needs 2 people with {HOUSE} (1 now)" in text, f"Ada Lovelace | {HOUSE} |" in
        text.replace("│", "|"))


def test_why_a_plan_is_out_of_reach_names_certifications_as_the_scenarios_catalog_does():
    """With nobody able to take an exam, Adventure Works is out of reach and the reason names step 1's
    certification as the scenario's catalog does."""
    text = re.sub(r"(  - id: \w+\n)", r"\1    can_take: []\n", ADVENTURE.read_text(encoding="utf-8"))
    report = plan(_house(text), "solutions-partner", fixes=False)
    assert ("infeasible", True) == (report.status, any(f"with {HOUSE} (1 now)" in x for x in report.reasons))


def test_rules_name_certifications_as_the_catalogs_do():
    """`rules` shows a list's certification by the title the given certification catalog has."""
    known = _house_catalogs()
    data_ai = known.latest("data-ai")
    assert (True, True) == (f"AZ-104 | {HOUSE}" in render.rules_markdown([data_ai], known),
                            f"AZ-104 {HOUSE}" in _shown(render.rules_table([data_ai], known)))


def test_item_words_read_the_titles_given():
    """A certification item is its title in the titles given, its id without one; an exam code as it is."""
    titles = certification_titles(_house_catalogs().certifications)
    assert [HOUSE, "azure-administrator-associate", "AZ-104"] == [
        item_words("@azure-administrator-associate", titles), item_words("@azure-administrator-associate"),
        item_words("AZ-104", titles)]


def test_report_names_hold_gate_steps_and_titles():
    """A report's names give Data & AI's step 2 and a certification's title from the catalog given."""
    known = _house_catalogs()
    names = report_names([known.latest("data-ai")], known.certifications)
    assert (("Intermediate certifications, gate step 2 (Azure Solutions Architect Expert)"), HOUSE) == (
        names["data-ai:solutions-partner/intermediate-certifications.step-2"],
        names["@azure-administrator-associate"])


def test_compare_names_a_plans_certifications_by_title():
    """compare of Adventure Works and Northwind: the exams Northwind's plan drops against Adventure
    Works' name Ada's renewed certification by its title."""
    text = " ".join(run("compare", str(ADVENTURE), str(NORTHWIND)).stdout.split())
    assert "drops Ada Lovelace Azure Solutions Architect Expert, Cy Tran AZ-104" in text
