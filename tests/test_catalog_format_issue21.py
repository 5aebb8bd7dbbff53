"""The catalog format's additions of issue 21 (models/catalog.py): lists of certifications, gate steps,
input metrics with parts, scores with paths, ended programmes; one located line for each misuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.catalog import ExamList
from planner.errors import ScenarioError
from planner.rules.catalogs import load_catalog_file, shipped_catalogs

GATED = Path(__file__).parent / "data" / "scored" / "gated-parts.yaml"
TEXT = GATED.read_text(encoding="utf-8")
STEP_1 = "people: {enterprise: 2, smb: 1}, points: {enterprise: 0, smb: 4}}\n            - {lists: [arch"
COMBINE = "          combine: higher\n"
ADVANCED = "          lists: [fundamentals]\n"
REVISION = "revision: 2024-01-01\n"


def load_text(tmp_path: Path, text: str):
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return load_catalog_file(path)


def error_line(tmp_path: Path, text: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_text(tmp_path, text)
    return str(caught.value)


def test_a_list_of_certifications_reads_as_items():
    """A list naming certifications is the items '@<id>' beside exam codes."""
    lst = ExamList(id="a", name="A", certifications=["azure-administrator-associate"])
    assert ["@azure-administrator-associate"] == lst.items


def test_a_list_of_exams_reads_as_its_codes():
    """A list of exams is its codes, as before."""
    assert ["MB-210", "MB-220"] == ExamList(id="a", name="A", exams=["MB-210", "MB-220"]).items


def test_the_gated_catalog_with_parts_and_paths_loads():
    """The test catalog loads: its lists name certifications, its score has two tracks, higher-total."""
    catalog = load_catalog_file(GATED)
    score = catalog.levels[0].score
    assert (["enterprise", "smb"], "higher-total", 2) == (score.tracks, score.track_rule,
                                                          len(score.metrics[0].gate))


def test_every_shipped_catalog_still_loads_unchanged():
    """The shipped 2017 competencies load as before, their lists exam lists; the Solutions Partner
    designations' lists name certifications (items '@<id>')."""
    known = shipped_catalogs()
    lists = [(c.id, lst) for cid in known.ids() for c in known.revisions(cid) for lst in c.lists]
    competencies = ("cloud-crm", "cloud-business-applications")
    assert ([], []) == ([lst.id for cid, lst in lists if cid in competencies and lst.items != lst.exams],
                        [lst.id for cid, lst in lists if cid not in competencies
                         and lst.items != [f"@{c}" for c in lst.certifications]])


@pytest.mark.parametrize(
    ("old", "new", "place", "fragment"),
    [
        pytest.param("certifications: [azure-administrator-associate]",
                     "certifications: [Azure Administrator Associate]", ":10:",
                     "unknown certification 'Azure Administrator Associate' (did you mean "
                     "'azure-administrator-associate'?", id="certification-by-title"),
        pytest.param("certifications: [azure-administrator-associate]", "certifications: [azure-admin]",
                     ":10:", "list admins names unknown certification 'azure-admin'",
                     id="unknown-certification"),
        pytest.param("- {lists: [admins], people:", "- {lists: [admin], people:", ":29:",
                     "metric intermediate-certifications names unknown list 'admin'", id="gate-unknown-list"),
        pytest.param(STEP_1, STEP_1.replace("smb: 1}", "smb: 0}"),
                     ":29:", "must be 1 or more (got 0)", id="people-below-one"),
        pytest.param(STEP_1, STEP_1.replace(", smb: 1}", "}"), ":20:",
                     "gate step 1 gives people for enterprise; give one for each track: enterprise, smb",
                     id="gate-people-missing-a-track"),
        pytest.param("points: {enterprise: 0, smb: 4}}\n            - {lists: [arch",
                     "points: {enterprise: 0, smb: 41}}\n            - {lists: [arch",
                     ":23:", "gate step 1 earns more points than the metric's max_points 40",
                     id="gate-points-above-max"),
        pytest.param("          combine: higher\n", "          combine: higher\n          gate:\n"
                     "            - {lists: [admins], people: 1}\n", ":36:",
                     "gate steps count certified people; give them to an exam metric",
                     id="gate-on-input-metric"),
        pytest.param(COMBINE, "", ":36:", "say how its parts combine", id="parts-without-combine"),
        pytest.param(COMBINE, COMBINE + "          threshold: 5\n", ":36:", "give `threshold` or `parts`",
                     id="parts-and-threshold"),
        pytest.param("csp: {threshold: {smb: 2000}}", "csp: {threshold: {smbb: 2000}}", ":20:",
                     "part csp names track 'smbb'", id="part-unknown-track"),
        pytest.param("{enterprise: 1000, smb: 500}}\n            dpor: {threshold: {enterprise: 4000}}\n"
                     "            csp: {threshold: {smb: 2000}}\n", "{enterprise: 1000}}\n            dpor: "
                     "{threshold: {enterprise: 4000}}\n", ":20:", "no part has a threshold on the smb track",
                     id="parts-without-a-threshold-on-a-track"),
        pytest.param("cpor: {threshold: {enterprise: 1000, smb: 500}}", "cpor: {}", ":42:",
                     "missing required key 'threshold'", id="part-without-threshold"),
        pytest.param(ADVANCED, ADVANCED + "          combine: sum\n", ":31:",
                     "`combine` says how parts combine; it has no `parts`", id="combine-without-parts"),
        pytest.param("      track_rule: higher-total\n", "      track_rule: best\n", ":21:",
                     "must be 'assigned' or 'higher-total'", id="unknown-track-rule"),
        pytest.param("revision: 2024-01-01\n", "revision: 2024-01-01\nreplaced_by: [cloud-crm]\n", ":8:",
                     "replaced_by says how a programme ended: give `ended` too",
                     id="replaced-without-ended"),
        pytest.param(REVISION, REVISION + "ended: 2025-01-01\nended_source: nowhere\n", ":9:",
                     "unknown source 'nowhere'", id="ended-source-unknown"),
    ],
)
def test_a_misused_catalog_field_is_one_line_at_its_place(tmp_path, old, new, place, fragment):
    """Each misuse of the new fields is one line naming the file, the line and what is wrong."""
    assert 1 == TEXT.count(old), old
    line = error_line(tmp_path, TEXT.replace(old, new))
    assert (True, True, 1) == (place in line, fragment in line, len(line.splitlines())), line


def test_a_list_needs_exams_or_certifications_not_both():
    """A list gives exam codes or certification ids, one of the two."""
    with pytest.raises(ValueError, match="give either `exams`"):
        ExamList(id="a", name="A", exams=["AZ-104"], certifications=["azure-administrator-associate"])


def test_higher_total_needs_tracks(tmp_path):
    """A score whose figures name no track cannot keep the better of its tracks."""
    text = ("catalog_version: 1\nid: x\nname: X\nrevision: 2024-01-01\nexams: []\nlists: []\nlevels:\n"
            "  - id: p\n    name: P\n    score:\n      total: 1\n      track_rule: higher-total\n"
            "      metrics:\n        - {id: m, name: M, max_points: 5, threshold: 2, input: m}\n")
    assert "give thresholds per track" in error_line(tmp_path, text)


def test_an_ended_programme_names_what_replaced_it(tmp_path):
    """`ended`, `replaced_by` and `ended_source` load together."""
    text = TEXT.replace(REVISION, REVISION + "ended: 2025-01-01\nreplaced_by: [business-applications]\n"
                        "ended_source: mcpp\nsources: {mcpp: the launch}\n")
    catalog = load_text(tmp_path, text)
    assert (["business-applications"], "mcpp") == (catalog.replaced_by, catalog.ended_source)
