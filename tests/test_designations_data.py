"""The Solutions Partner designations and the certification catalog as shipped data: every file loads,
lists name known certifications, and every figure is the one the research notes quote
(/work/notes/designations.md), typed in here from the quotes, not read from the YAML; what no Microsoft text
says is marked unconfirmed."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from importlib import resources

import pytest

from models.catalog import Catalog, Metric
from planner.rules.catalogs import load_catalog_file, shipped_catalogs
from planner.rules.certifications import CERTIFICATIONS_FILE, load_certification_file, shipped_certifications
from planner.rules.points import gated_points, parts_points

DESIGNATIONS = ["business-applications", "data-ai", "infrastructure", "digital-app-innovation", "modern-work",
                "security"]
ENTERPRISE, SMB = "enterprise", "smb"
MICROSOFT = ("kv-", "p26-")
"""Source ids of Microsoft's own text: the 2023 pages (kv-*) and the 2026 pages (p26-*)."""


def revision(designation: str, day: str) -> Catalog:
    return shipped_catalogs().revision(designation, dt.date.fromisoformat(day))


def metric(designation: str, day: str, mid: str) -> Metric:
    (level,) = revision(designation, day).levels
    assert level.score is not None
    return next(m for m in level.score.metrics if m.id == mid)


def scored_metrics(catalog: Catalog) -> list[Metric]:
    (level,) = catalog.levels
    assert level.score is not None
    return level.score.metrics


def every_designation_revision() -> list[Catalog]:
    known = shipped_catalogs()
    return [c for d in DESIGNATIONS for c in known.revisions(d)]


def data_files() -> list[str]:
    folder = resources.files("planner.rules.data")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))


# ---- every file loads; lists name known certifications -----------------------------------------------------

@pytest.mark.parametrize("name", data_files())
def test_every_shipped_data_file_loads_on_its_own(name):
    """Each file of planner/rules/data loads with the loader for its kind (no file is skipped silently)."""
    entry = resources.files("planner.rules.data").joinpath(name)
    with resources.as_file(entry) as path:
        loaded = (load_certification_file(path) if name == CERTIFICATIONS_FILE else load_catalog_file(path))
    assert name.removesuffix(".yaml") == (
        "certifications" if name == CERTIFICATIONS_FILE else f"{loaded.id}-{loaded.revision}")


def test_the_certification_catalog_holds_the_71_certifications_the_lists_name():
    """71 certifications, each named by some designation list, every one of them loaded."""
    named = {c for cat in every_designation_revision() for lst in cat.lists for c in lst.certifications}
    assert (71, set()) == (len(shipped_certifications().certifications),
                           {c.id for c in shipped_certifications().certifications} ^ named)


def test_every_list_of_every_designation_names_known_certifications_only():
    """Designation lists name certifications (not exams), each one in the certification catalog."""
    lists = [(c.id, str(c.revision), lst) for c in every_designation_revision() for lst in c.lists]
    assert ([], []) == ([(d, r, lst.id) for d, r, lst in lists if lst.exams or not lst.certifications],
                        [(d, r, c) for d, r, lst in lists for c in lst.certifications
                         if c not in shipped_certifications()])


# ---- revisions, levels, metric ids -------------------------------------------------------------------------

def test_each_designation_ships_the_revisions_the_design_names():
    """The revisions of issue 21's design, one file each (2026-05-08: the third-party copy's check date)."""
    both = ["2023-06-13", "2026-05-08"]
    expected = {"business-applications": both, "data-ai": both, "infrastructure": both,
                "digital-app-innovation": both, "modern-work": ["2023-06-12", "2026-05-08"],
                "security": ["2023-06-13", "2023-12-01", "2026-05-08"]}
    known = shipped_catalogs()
    assert expected == {d: [str(c.revision) for c in known.revisions(d)] for d in DESIGNATIONS}


def test_every_revision_has_the_one_level_solutions_partner_of_70_points():
    """Level id solutions-partner, a score of 70 points, more than 0 in every metric."""
    found = {(c.id, str(c.revision), lv.id, lv.score.total if lv.score else None,
              lv.score.every_metric_above_zero if lv.score else None)
             for c in every_designation_revision() for lv in c.levels}
    assert {("solutions-partner", 70, True)} == {f[2:] for f in found}


MAXIMA = {
    # designations.md section 6: net customer adds, intermediate, advanced, usage growth, deployments
    "business-applications": (15, 20, 15, 30, 20),
    "data-ai": (30, 40, None, 20, 10),
    "infrastructure": (30, 20, 20, 20, 10),
    "digital-app-innovation": (30, 20, 20, 20, 10),
    "modern-work": (20, 10, 15, 30, 25),
    "security": (20, 40, None, 20, 20),
}
METRIC_IDS = ("net-customer-adds", "intermediate-certifications", "advanced-certifications", "usage-growth",
              "deployments")


@pytest.mark.parametrize("catalog", every_designation_revision(), ids=lambda c: f"{c.id}-{c.revision}")
def test_metric_maxima_are_the_notes_table_and_sum_to_100(catalog):
    """The metric ids and maxima of section 6 of the notes (no advanced metric for Data & AI and Security),
    100 points in all."""
    (level,) = catalog.levels
    assert level.score is not None
    expected = {mid: points for mid, points in zip(METRIC_IDS, MAXIMA[catalog.id], strict=True)
                if points is not None}
    got = {m.id: m.max_points for m in level.score.metrics}
    assert (expected, 100) == (got, level.score.out_of)


# ---- thresholds and points per unit, typed in from the quotes ----------------------------------------------

def printed(points: str) -> tuple[Fraction, Fraction]:
    """A figure as Microsoft prints it and half a unit of its last digit (2.14 -> 2.14 +- 0.005)."""
    decimals = len(points.partition(".")[2])
    return Fraction(points), Fraction(1, 2 * 10 ** decimals)


BOTH = (ENTERPRISE, SMB)
AZURE = ("data-ai", "infrastructure", "digital-app-innovation")
# (designation, revisions, metric, tracks, part, threshold, points per unit as printed; None: not printed)
RATES = [
    *[(d, r, m, BOTH, None, t, p) for d in ["business-applications"] for r in ["2023-06-13", "2026-05-08"]
      for m, t, p in [("net-customer-adds", 5, "3"), ("usage-growth", 30, "1"), ("deployments", 5, "4")]],
    *[("business-applications", r, m, (track,), None, t, p) for r in ["2023-06-13", "2026-05-08"]
      for m, track, t, p in [("intermediate-certifications", ENTERPRISE, 20, "1"),
                             ("intermediate-certifications", SMB, 5, "4"),
                             ("advanced-certifications", ENTERPRISE, 7, "2.14"),
                             ("advanced-certifications", SMB, 2, "7.5")]],
    *[(d, r, m, tracks, None, t, p) for d in AZURE
      for r, tracks in [("2023-06-13", (None,)), ("2026-05-08", BOTH)]
      for m, t, p in [("net-customer-adds", 3, "10"), ("usage-growth", 20, "1"), ("deployments", 5, "2")]],
    *[("data-ai", r, "intermediate-certifications", tracks, None, 10, "4")
      for r, tracks in [("2023-06-13", (None,)), ("2026-05-08", BOTH)]],
    *[(d, r, m, tracks, None, 5, "4") for d in ["infrastructure", "digital-app-innovation"]
      for r, tracks in [("2023-06-13", (None,)), ("2026-05-08", BOTH)]
      for m in ["intermediate-certifications", "advanced-certifications"]],
    *[("modern-work", r, m, (track,), part, t, p) for r in ["2023-06-12", "2026-05-08"]
      for m, track, part, t, p in [
          ("net-customer-adds", ENTERPRISE, None, 5, "4"), ("net-customer-adds", SMB, None, 10, "2"),
          ("intermediate-certifications", ENTERPRISE, None, 4, None),
          ("intermediate-certifications", SMB, None, 2, None),
          ("advanced-certifications", ENTERPRISE, None, 2, None),
          ("advanced-certifications", SMB, None, 1, None),
          ("usage-growth", ENTERPRISE, "cpor", 1000, None), ("usage-growth", ENTERPRISE, "dpor", 4000, None),
          ("usage-growth", SMB, "cpor", 500, None), ("usage-growth", SMB, "csp", 2000, None),
          ("deployments", ENTERPRISE, "cpor", 5, "5"), ("deployments", ENTERPRISE, "dpor", 10, "2.5"),
          ("deployments", SMB, "cpor", 5, "5"), ("deployments", SMB, "csp", 10, "2.5")]],
    *[("security", r, m, (None,), None, t, p) for r in ["2023-06-13", "2023-12-01"]
      for m, t, p in [("net-customer-adds", 10, "2"), ("intermediate-certifications", 6, "6.67"),
                      ("deployments", 6, "3.3")]],
    *[("security", "2026-05-08", m, (track,), None, t, p)
      for m, track, t, p in [("net-customer-adds", ENTERPRISE, 10, "2"), ("net-customer-adds", SMB, 5, "4"),
                             ("intermediate-certifications", ENTERPRISE, 6, "6.67"),
                             ("intermediate-certifications", SMB, 5, "8"),
                             ("deployments", ENTERPRISE, 6, "3.3"), ("deployments", SMB, 6, "3.3")]],
]
# Security usage growth: one point per this much growth (designations.md 4.1, 4.2)
UNITS_PER_POINT = [
    ("security", "2023-06-13", None, "azure", 1250), ("security", "2023-06-13", None, "m365", 125),
    ("security", "2023-12-01", None, "azure", 1250), ("security", "2023-12-01", None, "m365", 125),
    ("security", "2026-05-08", ENTERPRISE, "azure", 1250), ("security", "2026-05-08", SMB, "azure", 750),
    ("security", "2026-05-08", ENTERPRISE, "m365", 125), ("security", "2026-05-08", SMB, "m365", 50),
]


def threshold_on(m: Metric, track: str | None, part: str | None) -> int | None:
    return m.parts[part].threshold_for(track) if part else m.threshold_for(track)


@pytest.mark.parametrize(("designation", "day", "mid", "tracks", "part", "threshold", "per_unit"), RATES,
                         ids=lambda v: v if isinstance(v, str) else None)
def test_thresholds_and_points_per_unit_are_microsofts(designation, day, mid, tracks, part, threshold,
                                                      per_unit):
    """Each threshold is the notes' figure, and max_points / threshold is Microsoft's printed points per unit
    within the rounding of its last printed digit (2.14 for 15/7, 6.67 for 40/6, 3.3 for 20/6)."""
    m = metric(designation, day, mid)
    for track in tracks:
        got = threshold_on(m, track, part)
        assert threshold == got, (track, part)
        if per_unit is not None:
            value, tolerance = printed(per_unit)
            assert abs(Fraction(str(m.max_points)) / threshold - value) <= tolerance, (track, per_unit)


@pytest.mark.parametrize(("designation", "day", "track", "part", "per_point"), UNITS_PER_POINT)
def test_security_usage_growth_earns_a_point_per_microsofts_step(designation, day, track, part, per_point):
    """1 point per US$1,250 (SMB 2026: 750) of Azure growth and per 125 (50) protected users, 20 at most."""
    m = metric(designation, day, "usage-growth")
    assert (20, per_point) == (m.max_points, Fraction(m.parts[part].threshold_for(track) or 0, 20))


def test_modern_work_and_security_parts_combine_as_the_pages_say():
    """Modern Work: the higher association type counts; Security: Azure and Microsoft 365 added; parts
    absent on a track (DPOR on SMB, CSP on enterprise) do not count there."""
    got = {(d, day, mid): (metric(d, day, mid).combine, sorted(metric(d, day, mid).parts))
           for d, days in [("modern-work", ["2023-06-12", "2026-05-08"]),
                           ("security", ["2023-06-13", "2023-12-01", "2026-05-08"])]
           for day in days for mid in ["usage-growth", "deployments"] if metric(d, day, mid).parts}
    mw = ("higher", ["cpor", "csp", "dpor"])
    sec = ("sum", ["azure", "m365"])
    expected = {("modern-work", day, mid): mw for day in ["2023-06-12", "2026-05-08"]
                for mid in ["usage-growth", "deployments"]}
    expected |= {("security", day, "usage-growth"): sec for day in ["2023-06-13", "2023-12-01", "2026-05-08"]}
    absent = [metric("modern-work", "2026-05-08", "usage-growth").parts[p].threshold_for(t)
              for p, t in [("dpor", SMB), ("csp", ENTERPRISE)]]
    assert (expected, [None, None]) == (got, absent)


TRACK_RULES = {
    # designations.md 1.5: who gets which thresholds
    "business-applications": {"2023-06-13": ("assigned", BOTH), "2026-05-08": ("assigned", BOTH)},
    "data-ai": {"2023-06-13": ("assigned", ()), "2026-05-08": ("assigned", BOTH)},
    "infrastructure": {"2023-06-13": ("assigned", ()), "2026-05-08": ("assigned", BOTH)},
    "digital-app-innovation": {"2023-06-13": ("assigned", ()), "2026-05-08": ("assigned", BOTH)},
    "modern-work": {"2023-06-12": ("higher-total", BOTH), "2026-05-08": ("higher-total", BOTH)},
    "security": {"2023-06-13": ("assigned", ()), "2023-12-01": ("assigned", ()),
                 "2026-05-08": ("higher-total", BOTH)},
}


def test_tracks_are_assigned_scored_side_by_side_or_absent_as_each_page_says():
    """Business Applications and Azure 2026: an assigned track; Modern Work and Security 2026: both paths
    scored, the higher total wins; Azure and Security 2023: no tracks."""
    got = {d: {str(c.revision): (c.levels[0].score.track_rule, tuple(c.levels[0].score.tracks))
               for c in shipped_catalogs().revisions(d) if c.levels[0].score}
           for d in DESIGNATIONS}
    assert TRACK_RULES == got


# ---- gates: the steps' certifications, people and points ---------------------------------------------------

ADMIN = frozenset({"azure-administrator-associate"})
ARCHITECT = frozenset({"azure-solutions-architect-expert"})
ONE_NO_POINTS = {None: (2, 0)}
SMB_FLAT_4 = {ENTERPRISE: (2, 0), SMB: (1, 4)}
GATES = [
    # (designation, revision, metric, [(certifications of the step, {track: (people, points)})])
    ("data-ai", "2023-06-13", "intermediate-certifications",
     [(ARCHITECT, ONE_NO_POINTS), (ADMIN, ONE_NO_POINTS)]),
    ("data-ai", "2026-05-08", "intermediate-certifications", [(ADMIN, SMB_FLAT_4), (ARCHITECT, SMB_FLAT_4)]),
    *[(d, "2023-06-13", m, [(step, ONE_NO_POINTS)]) for d in ["infrastructure", "digital-app-innovation"]
      for m, step in [("intermediate-certifications", ADMIN), ("advanced-certifications", ARCHITECT)]],
    *[(d, "2026-05-08", m, [(step, SMB_FLAT_4)]) for d in ["infrastructure", "digital-app-innovation"]
      for m, step in [("intermediate-certifications", ADMIN), ("advanced-certifications", ARCHITECT)]],
    ("security", "2023-06-13", "intermediate-certifications",
     [(frozenset({"azure-security-engineer-associate"}), {None: (1, 0)}),
      (frozenset({"security-operations-analyst-associate", "m365-security-administrator-associate"}),
       {None: (1, 0)})]),
    ("security", "2023-12-01", "intermediate-certifications",
     [(frozenset({"azure-security-engineer-associate"}), {None: (2, 0)}),
      (frozenset({"security-operations-analyst-associate", "m365-security-administrator-associate"}),
       {None: (2, 0)})]),
    ("security", "2026-05-08", "intermediate-certifications",
     [(frozenset({"azure-security-engineer-associate", "cloud-and-ai-security-engineer-associate"}),
       SMB_FLAT_4),
      (frozenset({"security-operations-analyst-associate"}), SMB_FLAT_4)]),
]


def step_certifications(catalog: Catalog, lists: list[str]) -> frozenset[str]:
    return frozenset(c for lid in lists for c in catalog.exam_list(lid).certifications)


@pytest.mark.parametrize(("designation", "day", "mid", "steps"), GATES,
                         ids=lambda v: v if isinstance(v, str) else None)
def test_gate_steps_need_the_pages_people_and_earn_the_pages_points(designation, day, mid, steps):
    """Azure: Administrator / Architect steps of 2 people without points (2026 SMB: 1 person, a flat 4);
    Security: 1 + 1 before 1 Dec 2023, 2 + 2 from then, 2026 as Azure."""
    catalog = revision(designation, day)
    m = metric(designation, day, mid)
    got = [(step_certifications(catalog, s.lists),
            {t: (s.people_for(t), s.points_for(t)) for t in (steps[0][1])}) for s in m.gate]
    assert steps == got


def test_metrics_without_a_gate_on_the_pages_have_none():
    """Business Applications and Modern Work have no gate steps, in any revision."""
    gated = [(c.id, str(c.revision), m.id) for c in every_designation_revision()
             if c.id in ("business-applications", "modern-work") for m in scored_metrics(c) if m.gate]
    assert [] == gated


# ---- Microsoft's worked examples, on the shipped figures ---------------------------------------------------

EXAMPLES = [
    # (designation, revision, metric, track, people per step, people of the points step, Microsoft's total)
    ("data-ai", "2023-06-13", "intermediate-certifications", None, [2, 2], 3, "12"),
    ("data-ai", "2023-06-13", "intermediate-certifications", None, [2, 2], 2, "8"),
    ("data-ai", "2023-06-13", "intermediate-certifications", None, [2, 0], 2, "0"),
    ("data-ai", "2023-06-13", "intermediate-certifications", None, [1, 2], 2, "0"),
    ("data-ai", "2026-05-08", "intermediate-certifications", ENTERPRISE, [2, 2], 3, "12"),
    ("data-ai", "2026-05-08", "intermediate-certifications", ENTERPRISE, [2, 2], 2, "8"),
    ("data-ai", "2026-05-08", "intermediate-certifications", ENTERPRISE, [2, 0], 2, "0"),
    ("data-ai", "2026-05-08", "intermediate-certifications", ENTERPRISE, [1, 2], 2, "0"),
    ("data-ai", "2026-05-08", "intermediate-certifications", SMB, [2, 2], 3, "20"),
    ("data-ai", "2026-05-08", "intermediate-certifications", SMB, [2, 2], 2, "16"),
    ("data-ai", "2026-05-08", "intermediate-certifications", SMB, [2, 0], 2, "4"),
    ("data-ai", "2026-05-08", "intermediate-certifications", SMB, [0, 0], 2, "0"),
    *[(d, "2023-06-13", m, None, people, n, total)
      for d in ["infrastructure", "digital-app-innovation"]
      for m in ["intermediate-certifications", "advanced-certifications"]
      for people, n, total in [([2], 2, "8"), ([1], 2, "0")]],
    ("digital-app-innovation", "2026-05-08", "intermediate-certifications", ENTERPRISE, [2], 5, "20"),
    *[(d, "2026-05-08", m, track, people, n, total)
      for d in ["infrastructure", "digital-app-innovation"]
      for m in ["intermediate-certifications", "advanced-certifications"]
      for track, people, n, total in [(ENTERPRISE, [2], 2, "8"), (ENTERPRISE, [1], 2, "0"),
                                      (SMB, [2], 2, "12"), (SMB, [1], 2, "12"), (SMB, [0], 2, "0")]],
    ("security", "2023-06-13", "intermediate-certifications", None, [1, 1], 1, "6.67"),
    ("security", "2023-12-01", "intermediate-certifications", None, [2, 2], 3, "20"),
    ("security", "2023-12-01", "intermediate-certifications", None, [2, 2], 2, "13.3"),
    ("security", "2023-12-01", "intermediate-certifications", None, [2, 0], 2, "0"),
    ("security", "2026-05-08", "intermediate-certifications", ENTERPRISE, [2, 2], 3, "20"),
    ("security", "2026-05-08", "intermediate-certifications", ENTERPRISE, [2, 2], 2, "13.3"),
    ("security", "2026-05-08", "intermediate-certifications", ENTERPRISE, [2, 0], 2, "0"),
    ("security", "2026-05-08", "intermediate-certifications", ENTERPRISE, [1, 2], 2, "0"),
    ("security", "2026-05-08", "intermediate-certifications", SMB, [2, 2], 3, "32"),
    ("security", "2026-05-08", "intermediate-certifications", SMB, [2, 2], 2, "24"),
    ("security", "2026-05-08", "intermediate-certifications", SMB, [2, 0], 2, "4"),
    ("security", "2026-05-08", "intermediate-certifications", SMB, [0, 0], 2, "0"),
]


@pytest.mark.parametrize(("designation", "day", "mid", "track", "step_people", "n", "total"), EXAMPLES)
def test_microsofts_gate_examples_come_out_of_the_shipped_figures(designation, day, mid, track, step_people,
                                                                  n, total):
    """Every worked example of the Azure and Security pages (their misprints read as the notes say) gives
    Microsoft's total, within its printed rounding, from the shipped steps and thresholds (the rules
    function planner.rules.points.gated_points)."""
    value, tolerance = printed(total)
    assert abs(gated_points(metric(designation, day, mid), track, n, step_people) - value) <= tolerance


MODERN_WORK_EXAMPLES = [
    # KV-MW L178-208 and L254-283 (the same in 2026), misprints read as the notes say
    ("usage-growth", ENTERPRISE, {"dpor": 2000, "cpor": 1500}, 30),
    ("usage-growth", SMB, {"csp": 1000, "cpor": 1000}, 30),
    ("deployments", ENTERPRISE, {"dpor": 4, "cpor": 3}, 15),
    ("deployments", SMB, {"csp": 4, "cpor": 4}, 20),
]


@pytest.mark.parametrize("day", ["2023-06-12", "2026-05-08"])
@pytest.mark.parametrize(("mid", "track", "figures", "total"), MODERN_WORK_EXAMPLES)
def test_modern_works_association_examples_come_out_of_the_shipped_parts(day, mid, track, figures, total):
    """DPOR 2,000 and CPOR 1,500 growth give 30; DPOR 4 and CPOR 3 deployments give 15; and the SMB ones."""
    assert total == parts_points(metric("modern-work", day, mid), track, figures)


# ---- lists: Microsoft's list texts resolve to the shipped certifications -----------------------------------

BA_2023_INTERMEDIATE = [
    "Microsoft Certified: Dynamics 365 Finance Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Commerce Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365: Finance and Operations Apps Developer Associate",
    "Microsoft Certified: Dynamics 365 Supply Chain Management Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Supply Chain Management, Manufacturing Functional Consultant "
    "Associate",
    "Microsoft Certified: Dynamics 365 Customer Service Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Sales Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Field Service Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Business Central Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Marketing Functional Consultant Associate",
    "Microsoft Certified: Power Platform App Maker Associate",
    "Microsoft Certified: Data Analyst Associate",
    "Microsoft Certified: Power Platform Functional Consultant Associate",
    "Microsoft Certified: Power Platform Developer Associate",
    "Microsoft Certified: Customer Data Platform Specialty",
    "Microsoft Certified: Azure Enterprise Data Analyst Associate",
    "Microsoft Certified: Power Automate RPA Developer Associate",
]
BA_2023_ADVANCED = [
    "Microsoft Certified: Dynamics 365 Supply Chain Management Functional Consultant Expert",
    "Microsoft Certified: Dynamics 365: Finance and Operations Apps Solution Architect Expert",
    "Microsoft Certified: Dynamics 365 + Power Platform Solution Architect Expert",
    "Microsoft Certified: Power Platform Solution Architect Expert",
]
BA_2026_INTERMEDIATE = [
    "Microsoft Certified: Dynamics 365 Finance Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365: Finance and Operations Apps Developer Associate",
    "Microsoft Certified: Dynamics 365 Supply Chain Management Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Customer Service Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Field Service Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Business Central Functional Consultant Associate",
    "Microsoft Certified: Power BI Data Analyst Associate",
    "Microsoft Certified: Power Platform Functional Consultant Associate",
    "Microsoft Certified: Power Platform Developer Associate",
    "Microsoft Certified: Power Automate RPA Developer Associate",
    "Microsoft Certified: Dynamics 365 Customer Experience Analyst Associate",
    "Microsoft Certified: Dynamics 365 Sales AI Consultant Associate",
    "Microsoft Certified: Intelligent Applications Builder Associate",
    "Microsoft Certified: Dynamics 365 Contact Center AI Engineer Associate",
]
BA_2026_ADVANCED = [
    "Microsoft Certified: Dynamics 365 Supply Chain Management Functional Consultant Expert",
    "Microsoft Certified: Dynamics 365: Finance and Operations Apps Solution Architect Expert",
    "Microsoft Certified: Power Platform Solution Architect Expert",
    "Microsoft Certified: Dynamics 365 Business Central Developer Associate",
    "Microsoft Certified: Agentic AI Business Solutions Architect",
]
DATA_AI_2023 = ["Azure Database Administrator Associate", "Azure AI Engineer Associate",
                "Azure Data Scientist Associate", "Azure Data Engineer Associate", "Data Analyst Associate",
                "Customer Data Platform Specialty", "Azure Cosmos DB Developer Specialty"]
DATA_AI_2026 = [
    "Azure Database Administrator Associate", "Azure AI Engineer Associate", "Azure Data Scientist Associate",
    "Data Analyst Associate", "Azure Cosmos DB Developer Specialty",
    "Microsoft Certified: Fabric Analytics Engineer Associate",
    "Microsoft Certified: Fabric Data Engineer Associate",
    "Microsoft Certified: SQL AI Developer Associate", "Azure AI Apps and Agents Developer Associate",
    "Machine Learning Operations Engineer Associate", "Azure Databricks Data Engineer Associate"]
MW_2023_INTERMEDIATE = [
    "Microsoft 365 Fundamentals", "Microsoft 365 Certified: Teams Application Developer Associate",
    "Microsoft 365 Certified: Teams Administrator Associate",
    "Microsoft 365 Certified: Messaging Administrator Associate",
    "Microsoft Certified: Identity and Access Administrator Associate",
    "Microsoft 365 Certified: Collaboration Communications Systems Engineer Associate",
    "Microsoft 365 Certified: Endpoint Administrator Associate"]
MW_2026_INTERMEDIATE = [
    "Microsoft 365 Fundamentals", "Microsoft 365 Certified: Teams Administrator Associate",
    "Microsoft Certified: Identity and Access Administrator Associate",
    "Microsoft 365 Certified: Collaboration Communications Systems Engineer Associate",
    "Microsoft 365 Certified: Modern Desktop Administrator Associate",
    "Microsoft 365 Certified: Copilot and Agent Administration Fundamentals"]
MW_ADVANCED = ["Microsoft 365 Certified: Enterprise Administrator Expert",
               "Teams Meetings and Meeting Rooms Technical Assessment"]
SEC_2023 = ["Microsoft Cybersecurity Architect expert", "Microsoft Security Operations Analyst",
            "Microsoft Identity and Access Administrator",
            "Microsoft Information Protection and Compliance Administrator Associate"]
SEC_2026 = ["Microsoft Cybersecurity Architect expert", "Microsoft Identity and Access Administrator",
            "Microsoft Information Protection Administrator",
            "Microsoft Certified: Information Security Administrator Associate"]
LISTS = [
    ("business-applications", "2023-06-13", "intermediate", BA_2023_INTERMEDIATE),
    ("business-applications", "2023-06-13", "advanced", BA_2023_ADVANCED),
    ("business-applications", "2026-05-08", "intermediate", BA_2026_INTERMEDIATE),
    ("business-applications", "2026-05-08", "advanced", BA_2026_ADVANCED),
    ("data-ai", "2023-06-13", "intermediate", DATA_AI_2023),
    ("data-ai", "2026-05-08", "intermediate", DATA_AI_2026),
    ("digital-app-innovation", "2023-06-13", "intermediate", ["Azure Developer Associate",
                                                               "Power Platform Developer Associate"]),
    ("digital-app-innovation", "2023-06-13", "advanced", ["Azure IoT Developer Specialty",
                                                           "Azure DevOps Engineer Expert",
                                                           "Power Platform Solution Architect Expert"]),
    ("digital-app-innovation", "2026-05-08", "intermediate", [
        "Azure Developer Associate", "Power Platform Developer Associate",
        "Azure AI Cloud Developer Associate", "GitHub Certified: Agentic AI Developer"]),
    ("digital-app-innovation", "2026-05-08", "advanced", [
        "Azure DevOps Engineer Expert", "Power Platform Solution Architect Expert", "GitHub Actions",
        "GitHub Administration", "GitHub Advanced Security", "GitHub Copilot"]),
    ("infrastructure", "2023-06-13", "intermediate", ["Azure Network Engineer Associate",
                                                       "Azure Stack Hub Operator Associate",
                                                       "Windows Server Hybrid Administrator Associate"]),
    ("infrastructure", "2026-05-08", "intermediate", ["Azure Network Engineer Associate",
                                                       "Windows Server Hybrid Administrator Associate"]),
    *[("infrastructure", day, "advanced",
       ["Azure Virtual Desktop Specialty", "Azure for SAP Workloads Specialty"])
      for day in ["2023-06-13", "2026-05-08"]],
    ("modern-work", "2023-06-12", "intermediate", MW_2023_INTERMEDIATE),
    ("modern-work", "2026-05-08", "intermediate", MW_2026_INTERMEDIATE),
    *[("modern-work", day, "advanced", MW_ADVANCED) for day in ["2023-06-12", "2026-05-08"]],
    ("security", "2023-06-13", "intermediate", SEC_2023),
    ("security", "2023-12-01", "intermediate", [t for t in SEC_2023 if "Operations" not in t]),
    ("security", "2026-05-08", "intermediate", SEC_2026),
]


@pytest.mark.parametrize(("designation", "day", "list_id", "titles"), LISTS,
                         ids=lambda v: v if isinstance(v, str) else None)
def test_each_points_list_is_microsofts_list_in_its_order(designation, day, list_id, titles):
    """Microsoft's list, as its page writes the titles, names the shipped list's certifications, in order."""
    found = [shipped_certifications().by_title(t) for t in titles]
    assert ([], [c.id for c in found if c]) == (
        [t for t, c in zip(titles, found, strict=True) if c is None],
        revision(designation, day).exam_list(list_id).certifications)


# ---- retirement: what each page says about how long a retired certification counts -------------------------

RETIREMENTS = [
    # (certification, retired, counts until), from the footnotes quoted in designations.md
    ("azure-ai-engineer-associate", "2026-06-30", "2027-06-30"),
    ("azure-data-scientist-associate", "2026-06-01", "2027-06-01"),
    ("azure-developer-associate", "2026-07-31", "2027-07-31"),
    ("power-platform-solution-architect-expert", "2026-06-30", "2027-06-30"),
    ("azure-iot-developer-specialty", "2023-07-31", "2024-07-31"),
    ("azure-stack-hub-operator-associate", "2023-07-31", "2024-07-31"),
    ("d365-field-service-functional-consultant-associate", "2026-06-30", "2027-06-30"),
    ("power-platform-app-maker-associate", None, "2023-11-30"),
    ("power-platform-functional-consultant-associate", "2026-08-31", "2027-08-31"),
    ("power-automate-rpa-developer-associate", "2026-06-30", "2027-06-30"),
    ("d365-customer-experience-analyst-associate", "2026-07-31", "2027-07-31"),
    ("d365-scm-functional-consultant-expert", "2026-06-30", "2027-06-30"),
    ("d365-finance-and-operations-apps-solution-architect-expert", "2026-06-30", "2027-06-30"),
    ("d365-power-platform-solution-architect-expert", "2021-06-30", "2023-06-30"),
    ("microsoft-365-fundamentals", "2026-03-31", "2027-03-31"),
    ("m365-enterprise-administrator-expert", "2026-11-30", "2027-11-30"),
    ("teams-meetings-and-meeting-rooms-technical-assessment", "2026-06-15", "2027-06-15"),
    ("azure-security-engineer-associate", "2026-08-31", "2027-08-31"),
    ("m365-security-administrator-associate", "2023-06-30", "2024-06-30"),
    ("information-protection-administrator-associate", "2025-05-31", "2026-05-31"),
]


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def test_retired_certifications_count_as_long_as_the_pages_say():
    """Each retirement footnote of the designation pages is the certification's retired / counts_until
    (2023: "through June 2024" = its last day; 2026: one year after retirement), and no other
    certification ends in a designation page's name (one more, from a third party, has `retired` only)."""
    expected = {cid: (_day(r), _day(c)) for cid, r, c in RETIREMENTS}
    got = {c.id: (c.retired, c.counts_until) for c in shipped_certifications().certifications
           if c.counts_until}
    third_party = [c.id for c in shipped_certifications().certifications if c.retired and not c.counts_until]
    assert (expected, ["azure-data-engineer-associate"]) == (got, third_party)


def test_exams_a_microsoft_study_guide_retires_cannot_be_taken_after():
    """MB-320 (30 Jun 2023), MB-260 (30 Nov 2024) and MS-600 (31 Dec 2023, partner code holders) have the
    study guides' last days."""
    exams = shipped_certifications().exam_codes()
    expected = {"MB-320": dt.date(2023, 6, 30), "MB-260": dt.date(2024, 11, 30),
                "MS-600": dt.date(2023, 12, 31)}
    assert expected == {code: exams[code].last_take for code in ("MB-320", "MB-260", "MS-600")}


# ---- unconfirmed: every figure no Microsoft text gives -----------------------------------------------------

DERIVED_OR_DOUBTED = {
    # designations.md: thresholds derived from "N points each, max M" (Azure), doubts D5-D14
    **{(d, r, m): "derived" for d in AZURE for r in ["2023-06-13", "2026-05-08"]
       for m in METRIC_IDS if not (d == "data-ai" and m == "advanced-certifications")},
    ("business-applications", "2023-06-13", "advanced-certifications"): "D5",
    ("business-applications", "2026-05-08", "advanced-certifications"): "D5",
    ("modern-work", "2023-06-12", "advanced-certifications"): "D14",
    ("modern-work", "2026-05-08", "advanced-certifications"): "D14",
    ("security", "2023-06-13", "intermediate-certifications"): "D11 D12",
    ("security", "2023-12-01", "intermediate-certifications"): "D11 D12",
    ("security", "2023-06-13", "usage-growth"): "derived",
    ("security", "2023-12-01", "usage-growth"): "derived",
    ("security", "2026-05-08", "net-customer-adds"): "D13",
    ("security", "2026-05-08", "intermediate-certifications"): "derived, D8",
    ("security", "2026-05-08", "usage-growth"): "derived",
}


def test_derived_figures_and_doubts_are_unconfirmed_and_the_rest_quotes_microsoft():
    """A metric with a derived figure or a doubt is unconfirmed; every other metric cites a Microsoft page
    whose quote holds its maximum points."""
    metrics = {(c.id, str(c.revision), m.id): (c, m) for c in every_designation_revision()
               for m in scored_metrics(c)}
    confirmed = {k: v for k, v in metrics.items() if not v[1].unconfirmed}
    unquoted = [k for k, (c, m) in confirmed.items() if not (m.source or "").startswith(MICROSOFT)
                or f"{m.max_points:g}" not in c.sources[m.source or ""]]
    assert ([], []) == ([k for k in DERIVED_OR_DOUBTED if not metrics[k][1].unconfirmed], unquoted)


def test_lists_and_scores_cite_microsoft_and_every_score_reading_is_unconfirmed():
    """Every list cites a Microsoft page (unconfirmed only for Modern Work's advanced list, D14); every
    score's "more than 0 in every metric" is our reading of "at least one point" (D2)."""
    lists = [(c.id, str(c.revision), lst) for c in every_designation_revision() for lst in c.lists]
    scores = [c.levels[0].score for c in every_designation_revision()]
    assert ([], {("modern-work", "advanced")}, []) == (
        [(d, r, lst.id) for d, r, lst in lists if not (lst.source or "").startswith(MICROSOFT)],
        {(d, lst.id) for d, r, lst in lists if lst.unconfirmed},
        [s for s in scores if s is None or not s.unconfirmed or "D2" not in (s.note or "")])


def test_the_2026_revision_dates_are_said_to_be_a_copys_check_date():
    """2026-05-08 is when a third-party copy was checked, not when the rules came into force: every such
    file says so (the catalog format has no mark for a revision date)."""
    late = [c for c in every_designation_revision() if str(c.revision) == "2026-05-08"]
    assert (6, []) == (len(late), [c.id for c in late if "UNCONFIRMED REVISION DATE" not in c.description])


def test_every_certification_and_exam_is_unconfirmed_with_its_third_party_source_named():
    """No Microsoft certification page was readable: every certification is unconfirmed and cites a source
    besides Microsoft's designation pages (its exams' or prerequisites'), and so is every exam."""
    catalog = shipped_certifications()
    sources = {c.id: [c.source] if isinstance(c.source, str) else list(c.source or []) for c in
               catalog.certifications}
    assert ([], [], []) == (
        [c.id for c in catalog.certifications if not c.unconfirmed or not c.note],
        [cid for cid, s in sources.items() if catalog.certification(cid).exams and
         all(k.startswith(MICROSOFT) for k in s)],
        [e.code for e in catalog.exams if not e.unconfirmed or e.source not in catalog.sources])


# ---- Cloud CRM and Cloud Business Applications ended -------------------------------------------------------

@pytest.mark.parametrize("competency", ["cloud-crm", "cloud-business-applications"])
def test_the_2017_competencies_ended_on_3_oct_2022_replaced_by_the_six_designations(competency):
    """Every revision says the competency ended on 3 Oct 2022, replaced by the six designations (all
    shipped), quoting Microsoft's FAQ."""
    revisions = shipped_catalogs().revisions(competency)
    got = {(c.ended, tuple(c.replaced_by), "Beginning October 3, 2022, your Silver or Gold competencies"
            in c.sources.get(c.ended_source or "", "")) for c in revisions}
    assert ({(dt.date(2022, 10, 3), tuple(sorted(DESIGNATIONS)), True)}, set()) == (
        got, set(DESIGNATIONS) - set(shipped_catalogs().ids()))
