"""The scenario format's additions of issue 21 and their checks in the loader: passes of certifications (by
title or id), organization.track per designation, figures by part, market/revenue/dpor needed only for a
gate, and the refusal of a day before a scored designation's earliest revision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from models.scenario import Pass
from planner.cli import app
from planner.errors import ScenarioError
from planner.input.loading import load_scenario_text
from planner.input.variants import expand_variants
from planner.rules.catalogs import load_catalog_file, shipped_catalogs

GATED = load_catalog_file(Path(__file__).parent / "data" / "scored" / "gated-parts.yaml")
CATALOGS = shipped_catalogs().with_catalogs([GATED])

# A Business Applications scenario without market, revenue or DPOR (the designation has no gate).
BA = """\
schema_version: 1
name: Scored partner
competency: business-applications
as_of: 2026-12-01
deadline: 2027-06-30
organization:
  track: smb
  metrics: {net-customer-adds: 4, usage-growth: 18, deployments: 3}
staff:
  - id: ann
    passed:
      - {exam: PL-200, date: 2026-05-10, expires: 2027-05-10}
      - {certification: "Microsoft Certified: Azure Administrator Associate", date: 2026-01-10}
  - id: bob
"""

# The test designation with paths (no track needed) and a metric with parts.
GATED_TEXT = """\
schema_version: 1
name: Gated partner
competency: contoso-gated
as_of: 2026-12-01
organization:
  metrics: {usage-growth: {cpor: 1500, dpor: 2000}}
staff:
  - id: ann
    passed: [{certification: azure-administrator-associate}]
"""

CRM = """\
schema_version: 1
name: Contoso Consulting
as_of: 2017-11-20
organization:
  name: Contoso
  market: developed
  revenue_usd: 320000
  dpor: true
staff:
  - {id: ann, passed: [MB2-717]}
"""


def load(text: str, catalogs=CATALOGS):
    return load_scenario_text(text, "s.yaml", catalogs=catalogs)


def error(text: str, catalogs=CATALOGS) -> str:
    with pytest.raises(ScenarioError) as caught:
        load(text, catalogs)
    assert 1 == len(str(caught.value).splitlines())
    return str(caught.value)


def place(text: str, at: str) -> str:
    """'LINE:COL' of the first occurrence of `at` in `text`."""
    offset = text.index(at)
    return f"{text.count(chr(10), 0, offset) + 1}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


# ---- passes of certifications ---------------------------------------------------------------------------

def test_a_certification_pass_by_title_is_held_by_its_id():
    """A pass naming 'Microsoft Certified: Azure Administrator Associate' becomes the item '@<id>'."""
    passed = load(BA).scenario.staff[0].passed[1]
    assert ("azure-administrator-associate", "@azure-administrator-associate") == (passed.certification,
                                                                                   passed.item)


def test_an_exam_pass_is_its_code():
    """A pass of an exam is held as its code, as before."""
    assert "PL-200" == load(BA).scenario.staff[0].passed[0].item


def test_an_unknown_certification_names_the_nearest_title():
    """An unknown title is one line at the certification, with the nearest known title."""
    text = BA.replace("Azure Administrator Associate", "Azure Administrater Associate")
    message = error(text)
    at = place(text, '"Microsoft')
    assert (True, True) == (message.startswith(f"s.yaml:{at}: staff[0].passed[1].certification: unknown "
                                               "certification 'Microsoft Certified: Azure Administra"),
                            "(did you mean 'Azure Administrator Associate'?)" in message), message


def test_a_pass_names_an_exam_or_a_certification_not_both():
    """`exam` and `certification` together are one line at the pass."""
    text = BA.replace("{certification:", "{exam: AZ-104, certification:")
    assert "give `exam` (an exam code) or `certification`" in error(text)


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        pytest.param("date: 2027-01-10", "earned on 2027-01-10, after as_of 2026-12-01", id="after-as-of"),
        pytest.param("date: 2026-01-10, expires: 2026-01-01", "expires on 2026-01-01, not after the day",
                     id="expires-before-earned"),
    ],
)
def test_a_certification_pass_is_dated_possibly(edit, fragment):
    """A certification earned after as_of, or expiring before it was earned, is one located line."""
    assert fragment in error(BA.replace("date: 2026-01-10", edit))


def test_a_certification_earned_after_it_retired_is_refused():
    """Microsoft 365 Fundamentals could only be earned until its retirement on 2026-03-31."""
    text = BA.replace("Microsoft Certified: Azure Administrator Associate", "Microsoft 365 Fundamentals")
    late = text.replace("2026-01-10", "2026-04-01")
    assert "could only be earned until 2026-03-31 (retired)" in error(late)


def test_an_exam_of_the_certification_catalog_is_a_known_exam():
    """AZ-104 is known through the certification catalog, though no designation catalog lists it."""
    text = BA.replace("{exam: PL-200, date: 2026-05-10, expires: 2027-05-10}", "AZ-104")
    assert "AZ-104" == load(text).scenario.staff[0].passed[0].item


def test_a_variant_adds_a_certification_by_title():
    """A variant's added pass names a certification by title; the variant holds it by id."""
    text = BA + "variants:\n  - name: bob certified\n    add_passes: {bob: [{certification: Azure " \
                "Developer Associate, date: 2026-02-01}]}\n"
    variant = expand_variants(load(text), text)[0]
    assert "@azure-developer-associate" == variant.loaded.scenario.staff[1].passed[0].item


# ---- organization.track per designation ------------------------------------------------------------------

def test_a_track_mapping_by_designation_is_read_for_its_designation():
    """track: {business-applications: smb} gives the designation its track."""
    loaded = load(BA.replace("track: smb", "track: {business-applications: smb}"))
    assert "smb" == loaded.scenario.organization.track_for("business-applications")


def test_a_track_mapping_without_the_designation_says_how_to_write_it():
    """A mapping that leaves the scored designation out is one line at the track key."""
    text = BA.replace("track: smb", "track: {data-ai: smb}")
    message = error(text, shipped_catalogs())
    assert (f"s.yaml:{place(text, 'track:')}: organization.track: business-applications:solutions-partner "
            "scores by track (organization.track names no track for business-applications); write "
            "business-applications: enterprise or business-applications: smb") == message


def test_a_track_mapping_names_known_designations():
    """A designation id no catalog has, in the track mapping, is a typo with its nearest id."""
    text = BA.replace("track: smb", "track: {business-applications: smb, busines-apps: smb}")
    assert "unknown designation 'busines-apps' (did you mean 'business-applications'?)" in error(text)


def test_a_designation_scored_on_both_paths_needs_no_track():
    """A higher-total designation reads no organization.track."""
    assert None is load(GATED_TEXT).scenario.organization.track


# ---- figures by part -------------------------------------------------------------------------------------

def test_a_metric_with_parts_reads_a_mapping_by_part():
    """usage-growth: {cpor: 1500, dpor: 2000} loads for a metric with parts."""
    assert {"cpor": 1500, "dpor": 2000} == load(GATED_TEXT).scenario.organization.metrics["usage-growth"]


def test_a_zero_for_a_metric_with_parts_loads_and_reads_as_every_part_zero():
    """usage-growth: 0 (what an imported roster writes for every designation) loads for a metric with parts,
    and each part reads 0."""
    from planner.rules.points import part_figures

    loaded = load(GATED_TEXT.replace("{cpor: 1500, dpor: 2000}", "0"))
    metric = next(m for opt in loaded.catalog.option_catalogs() for lv in opt.levels if lv.score
                  for m in lv.score.input_metrics if m.input == "usage-growth")
    assert {"cpor": 0, "dpor": 0, "csp": 0} == part_figures(metric, loaded.scenario.organization,
                                                                 loaded.catalog.id)


@pytest.mark.parametrize(
    ("figure", "fragment"),
    [
        pytest.param("1500", "Usage growth has a figure per association type; write usage-growth: {cpor: N, "
                     "dpor: N, csp: N} (a part left out is 0)", id="number-for-parts"),
        pytest.param("{cpr: 1500}", "usage-growth has no part 'cpr' (did you mean 'cpor'?); its parts: cpor, "
                     "dpor, csp", id="unknown-part"),
        pytest.param("{cpor: yes}", "expected a number (got yes)", id="part-not-a-number"),
        pytest.param("{cpor: 1e99}", "must be at most 10,000", id="part-too-big"),
    ],
)
def test_a_figure_by_part_is_checked_at_its_place(figure, fragment):
    """A number for a metric with parts, an unknown part, or a bad part figure is one located line."""
    text = GATED_TEXT.replace("{cpor: 1500, dpor: 2000}", figure)
    assert fragment in error(text)


def test_a_figure_in_us_dollars_above_10000_loads():
    """Security's Azure usage growth is US$ of consumption (full at 25,000 on the enterprise path): a figure
    of 25,000 loads and is read as given, as money is, not refused as a count above 10,000."""
    text = BA.replace("competency: business-applications", "competency: security").replace(
        "  track: smb\n", "").replace("usage-growth: 18", "usage-growth: {azure: 25000, m365: 0}")
    loaded = load(text)
    assert {"azure": 25000, "m365": 0} == loaded.scenario.organization.metrics["usage-growth"]


def test_a_mapping_for_a_metric_without_parts_is_refused():
    """Business Applications' usage growth has one figure: a mapping by part is one located line."""
    text = BA.replace("usage-growth: 18", "usage-growth: {cpor: 18}")
    assert (f"s.yaml:{place(text, '{cpor')}: organization.metrics.usage-growth: business-applications:"
            "solutions-partner: Usage growth has one figure; write usage-growth: N") == error(text)


# ---- market, revenue and DPOR only for a gate --------------------------------------------------------------

def test_a_scored_scenario_needs_no_market_revenue_or_dpor():
    """A designation without revenue gate or DPOR rule loads without them."""
    organization = load(BA).scenario.organization
    assert (None, None, None) == (organization.market, organization.revenue_usd, organization.dpor)


@pytest.mark.parametrize(
    ("removed", "message"),
    [
        pytest.param("  market: developed\n", "missing required key 'market': developed or developing",
                     id="market"),
        pytest.param("  revenue_usd: 320000\n", "missing required key 'revenue_usd': trailing-12-month",
                     id="revenue"),
        pytest.param("  dpor: true\n", "missing required key 'dpor': true or false", id="dpor"),
        pytest.param("  market: developed\n  revenue_usd: 320000\n", "developed or developing (and 1 more "
                     "problem)", id="two-missing"),
    ],
)
def test_a_competency_with_gates_still_needs_them_where_it_did(removed, message):
    """Cloud CRM's gates read market, revenue and DPOR: each missing one is the loader's line, placed as
    before at the organization's first key."""
    text = CRM.replace(removed, "")
    found = error(text, shipped_catalogs())
    at = place(text, "name: Contoso\n")
    assert (True, True) == (found.startswith(f"s.yaml:{at}: organization."), message in found), found


def test_a_target_with_a_gate_needs_the_fields_a_scored_competency_does_not():
    """A scored scenario whose targets add Cloud CRM Gold needs the market again."""
    text = BA.replace("competency: business-applications\n", "targets: [business-applications:solutions-"
                      "partner, cloud-crm:gold]\n")
    assert "missing required key 'market'" in error(text, shipped_catalogs())


# ---- a day before the earliest revision ------------------------------------------------------------------

def test_a_day_before_a_scored_designations_earliest_revision_is_refused():
    """as_of before the earliest revision of a scored designation: one line at as_of naming the revision
    and how to plan against it (never a later revision's figures silently)."""
    text = GATED_TEXT.replace("as_of: 2026-12-01", "as_of: 2023-12-01")
    assert (f"s.yaml:{place(text, '2023-12-01')}: as_of: Contoso Gated has no revision known for as_of "
            "2023-12-01: its earliest known revision is of 2024-01-01 and the rules before it are not known; "
            "to plan against that revision anyway write 'rules_revision: 2024-01-01' (or rules_revision: "
            "{contoso-gated: 2024-01-01})") == error(text)


def test_naming_the_earliest_revision_plans_against_it():
    """With rules_revision naming it, the earliest revision is used on an earlier day."""
    text = GATED_TEXT.replace("as_of: 2026-12-01", "as_of: 2023-12-01\nrules_revision: 2024-01-01")
    assert "2024-01-01" == str(load(text).catalog.revision)


def test_a_target_before_the_earliest_revision_is_refused_at_the_target():
    """A scored target whose earliest revision comes after as_of is refused at the target."""
    text = CRM.replace("as_of: 2017-11-20", "targets: [cloud-crm:gold, contoso-gated:solutions-partner]\n"
                       "as_of: 2017-11-20")
    assert "targets[1]: Contoso Gated has no revision known for as_of 2017-11-20" in error(text)


# ---- the JSON schema --------------------------------------------------------------------------------------

def test_the_schema_documents_certification_passes_and_optional_gate_fields():
    """`planner schema` has Pass.certification and no longer requires market, revenue_usd, dpor."""
    result = CliRunner().invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    defs = schema["$defs"]
    assert (0, True, []) == (result.exit_code, "certification" in defs["Pass"]["properties"],
                             defs["Organization"].get("required", []))


def test_pass_item_of_a_bare_code():
    """A pass written as a bare code is that exam."""
    assert "MB2-715" == Pass.model_validate("mb2-715").item
