"""`planner rules --diff` between revisions of the Solutions Partner designations: lists of certifications
(named by title), gate steps (matched by their lists, not their place), tracks and how they are scored,
parts of an input metric and the end of a programme, each a change with its before and after values."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from models.catalog import Catalog
from planner.rules.catalogs import shipped_catalog
from planner.rules.certifications import shipped_certifications
from planner.rules.diff import diff_catalogs
from tests.helpers import run

TITLES = {c.id: c.title for c in shipped_certifications().certifications}
SECURITY = "Solutions Partner for Security: metric intermediate-certifications"


def _changes(competency: str, a: str, b: str) -> list[Any]:
    return diff_catalogs(shipped_catalog(competency, dt.date.fromisoformat(a)),
                         shipped_catalog(competency, dt.date.fromisoformat(b)), TITLES)


def _edited(competency: str, edit: Any) -> list[tuple[str, str, Any, Any]]:
    """The changes from a shipped revision to the same revision edited by `edit` (on its JSON form)."""
    base = shipped_catalog(competency)
    data = base.model_dump(mode="json", exclude_defaults=True)
    edit(data["levels"][0]["score"])
    return [(c.kind, c.what, c.before, c.after) for c in diff_catalogs(base, Catalog.model_validate(data))]


def test_security_on_1_december_2023_needs_two_people_in_each_gate_step_and_drops_an_analyst():
    """Security's 1 Dec 2023 change is its two gate steps needing 2 people each (was 1) and Security
    Operations Analyst leaving the intermediate list, and nothing else."""
    changes = _changes("security", "2023-06-13", "2023-12-01")
    assert [
        ("list certifications", "list intermediate", "Security Operations Analyst Associate removed"),
        ("gate step people changed", f"{SECURITY}: gate step 1 (azure-security-engineer)", "from 1 to 2"),
        ("gate step people changed", f"{SECURITY}: gate step 2 (security-operations)", "from 1 to 2"),
    ] == [(c.kind, c.what, c.text.split(": ")[-1].replace("people needed changed ", "")) for c in changes]


def test_gate_steps_that_swap_places_are_matched_by_their_lists():
    """Data & AI lists its two gate steps in the other order in 2026: no step is said to count another
    list; only the SMB track's people and points differ."""
    changes = [c for c in _changes("data-ai", "2023-06-13", "2026-05-08") if "gate step" in c.kind]
    assert ({"gate step people changed", "gate step points changed"}, {"smb"}) == (
        {c.kind for c in changes}, {c.what.rsplit(": ", 1)[-1] for c in changes})


def test_a_list_of_certifications_names_what_it_gained_and_lost_by_title():
    """Business Applications' advanced list in 2026 gains Business Central Developer and the agentic-AI
    architect and loses the Solution Architect Expert, in words by title and in values by id."""
    change = next(c for c in _changes("business-applications", "2023-06-13", "2026-05-08")
                  if c.what == "list advanced")
    gained, lost = change.text.split(": ", 1)[1].split("; ")
    assert ("list certifications", ["agentic-ai-business-solutions-architect-expert",
                                    "d365-business-central-developer-associate"],
            "Dynamics 365 Business Central Developer Associate" in gained, lost.endswith(" removed")) == (
        change.kind, sorted(set(change.after) - set(change.before)), True, True)


def test_tracks_introduced_with_the_same_figures_are_one_change_not_one_per_metric():
    """A threshold given once reads as the same figure on every track: giving it per track with the same
    figures changes nothing; the score says once that it is now scored on tracks."""

    def per_track(score: dict) -> None:
        for metric in score["metrics"]:
            if isinstance(metric.get("threshold"), int):
                metric["threshold"] = {"enterprise": metric["threshold"], "smb": metric["threshold"]}

    base = shipped_catalog("security", dt.date(2023, 6, 13)).model_dump(mode="json", exclude_defaults=True)
    per_track(base["levels"][0]["score"])
    changes = diff_catalogs(shipped_catalog("security", dt.date(2023, 6, 13)), Catalog.model_validate(base))
    assert ["score tracks"] == [c.kind for c in changes]


STEP = {"people": {"enterprise": 2, "smb": 1}, "points": {"enterprise": 0.0, "smb": 4.0}}


@pytest.mark.parametrize(("edit", "expected"), [
    pytest.param(lambda s: s.update(track_rule="assigned"),
                 [("score track rule", "higher-total", "assigned")], id="track-rule"),
    pytest.param(lambda s: s["metrics"][1]["gate"].pop(),
                 [("gate step removed", {"lists": ["security-operations"], **STEP}, None)],
                 id="gate-step-removed"),
    pytest.param(lambda s: s["metrics"][1]["gate"].append({"lists": ["intermediate"], "people": 3}),
                 [("gate step added", None, {"lists": ["intermediate"], "people": 3})], id="gate-step-added"),
    pytest.param(lambda s: s["metrics"][1]["gate"][0].update(lists=["security-operations"]),
                 [("gate step lists", ["security-engineer"], ["security-operations"])], id="gate-step-lists"),
    pytest.param(lambda s: s["metrics"][2].update(combine="higher"),
                 [("metric combine", "sum", "higher")], id="combine"),
    pytest.param(lambda s: s["metrics"][2]["parts"].pop("m365"),
                 [("metric part removed", {"threshold": {"enterprise": 2500, "smb": 1000}}, None)],
                 id="part-removed"),
    pytest.param(lambda s: s["metrics"][2]["parts"]["azure"].update(threshold={"enterprise": 1, "smb": 2}),
                 [("metric part threshold changed", 25000, 1), ("metric part threshold changed", 15000, 2)],
                 id="part-threshold"),
])
def test_each_new_kind_of_score_rule_change_is_one_change(edit, expected):
    """Each edit of Security 2026's score is reported as its own kind of change with its values."""
    assert expected == [(kind, before, after) for kind, _, before, after in _edited("security", edit)]


def test_the_end_of_a_programme_is_a_change():
    """Giving a competency an end day and its replacements is one change saying both."""
    base = shipped_catalog("business-applications")
    ended = base.model_copy(update={"ended": dt.date(2030, 1, 1), "replaced_by": ["data-ai"]})
    (change,) = diff_catalogs(base, ended)
    assert ("ended", "the programme ends on 2030-01-01, replaced by data-ai") == (change.kind, change.text)


def test_rules_diff_json_of_security_names_certification_ids_and_the_tracks_change():
    """The command's JSON gives a list change's certifications by id and the tracks introduced in 2026."""
    result = run("rules", "--competency", "security", "--diff", "2023-12-01", "2026-05-08",
                 "--format", "json")
    changes = json.loads(result.stdout)
    kinds = {c["kind"]: c for c in changes}
    assert (0, ["enterprise", "smb"], "higher-total") == (
        result.exit_code, kinds["score tracks"]["after"], kinds["score track rule"]["after"])
