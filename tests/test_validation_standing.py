"""The validator agrees with `planner check` on scored designations (planner.validation.standing): on the
shipped Solutions Partner scenarios, on random rosters of every shipped designation revision (passes
naming exams or certifications, dated or not, expiring, leavers), and it catches a standing check
misstates (a score on the wrong track, a person at risk left out, a verdict turned round).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.catalog import Catalog
from models.report import CheckReport
from planner.explain.standing import check
from planner.input.loading import LoadedScenario, load_scenario, load_scenario_data
from planner.rules.catalogs import shipped_catalogs
from planner.validation.standing import recheck_standing

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
CATALOGS = shipped_catalogs()
CERTIFICATIONS = CATALOGS.certifications


def standing_problems(loaded: LoadedScenario, report: CheckReport | None = None) -> list[str]:
    """What the validator finds wrong with check's report (check's own answer when none is given)."""
    report = check(loaded) if report is None else report
    return recheck_standing(loaded.scenario, loaded.catalog, report, loaded.catalogs.certifications)


@pytest.mark.parametrize("name", ["northwind-solutions-partner-smb",
                                  "fourth-coffee-solutions-partner-resilience"])
def test_the_validator_agrees_with_check_on_the_shipped_solutions_partner_scenarios(name):
    """Northwind (61.5 today, 46 on the deadline) and Fourth Coffee: nothing to say."""
    assert [] == standing_problems(load_scenario(SCENARIOS / f"{name}.yaml"))


def designation(competency: str, revision: str) -> Catalog:
    return CATALOGS.revision(competency, dt.date.fromisoformat(revision))


def scenario_on(catalog: Catalog, staff: list[dict[str, Any]], metrics: dict[str, Any], track: str | None,
                as_of: dt.date, deadline: dt.date) -> LoadedScenario:
    """A scenario of `staff` pinned to this revision of the designation."""
    org: dict[str, Any] = {"metrics": metrics}
    if track is not None:
        org["track"] = track
    return load_scenario_data({
        "schema_version": 1, "name": "Random", "competency": catalog.id,
        "rules_revision": str(catalog.revision), "as_of": str(as_of), "deadline": str(deadline),
        "organization": org, "staff": staff}, "random.yaml")


AZURE = [{"id": "ann", "passed": ["AZ-104", {"exam": "AZ-305", "date": "2026-05-01"}]},
         {"id": "bob", "passed": [{"certification": "Azure Administrator Associate", "date": "2026-03-01"}]},
         {"id": "cy", "passed": [{"certification": "azure-ai-engineer-associate", "date": "2026-06-01"}]},
         {"id": "dee", "passed": [{"certification": "azure-data-scientist-associate"}],
          "leaves_on": "2026-12-01"}]


def test_the_validator_agrees_with_check_on_data_ai_gate_steps_on_the_smb_track():
    """Data & AI 2026 SMB: Ann is both Administrator and Architect (4 + 4 for the steps), Cy and Dee count
    in step 3 today, Dee leaves and Bob's certification expires before the deadline. Check counts a
    step's people up to the one it needs (Ann and Bob hold the Administrator certification)."""
    loaded = scenario_on(designation("data-ai", "2026-05-08"), AZURE,
                         {"net-customer-adds": 2, "usage-growth": 10, "deployments": 3}, "smb",
                         dt.date(2026, 9, 1), dt.date(2027, 6, 1))
    report = check(loaded)
    steps = [(s.people, s.met) for s in report.levels[0].score.metrics[1].steps]
    assert ([(1, True), (1, True)], []) == (steps, standing_problems(loaded, report))


MODERN = [{"id": "ann", "passed": ["MS-900", "MS-700"]},
          {"id": "bob", "passed": [{"certification": "m365-enterprise-administrator-expert",
                                    "date": "2026-08-01"}]}]


def test_the_validator_agrees_with_check_on_modern_work_paths_and_parts():
    """Modern Work 2026: both tracks scored, usage growth and deployments read by association type."""
    loaded = scenario_on(designation("modern-work", "2026-05-08"), MODERN,
                         {"net-customer-adds": 6, "usage-growth": {"cpor": 600, "csp": 900},
                          "deployments": {"dpor": 4, "cpor": 3}}, None,
                         dt.date(2026, 9, 1), dt.date(2027, 3, 1))
    report = check(loaded)
    assert (2, []) == (len(report.levels[0].score.tracks), standing_problems(loaded, report))


def test_the_validator_catches_a_score_on_the_wrong_track():
    """Modern Work: the standing's score names the track that does not count."""
    loaded = scenario_on(designation("modern-work", "2026-05-08"), MODERN,
                         {"net-customer-adds": 6, "usage-growth": {"cpor": 600}, "deployments": {"cpor": 3}},
                         None, dt.date(2026, 9, 1), dt.date(2027, 3, 1))
    report = check(loaded)
    score = report.levels[0].score
    other = next(t.track for t in score.tracks if not t.counts)
    wrong = report.model_copy(update={"levels": [report.levels[0].model_copy(update={
        "score": score.model_copy(update={"track": other})})]})
    assert [f"solutions-partner on 2026-09-01: the score counts the {other} track; the track that counts is "
            f"{score.track}"] == standing_problems(loaded, wrong)


def test_the_validator_catches_a_person_at_risk_left_out_and_a_verdict_turned_round():
    """Data & AI 2026 SMB with every figure full: met today, Ann alone holds both gate steps (at risk);
    a standing that leaves her out, and one that says the level is not met, are caught."""
    loaded = scenario_on(designation("data-ai", "2026-05-08"), AZURE,
                         {"net-customer-adds": 3, "usage-growth": 20, "deployments": 5}, "smb",
                         dt.date(2026, 9, 1), dt.date(2027, 6, 1))
    report = check(loaded)
    today = report.levels[0]
    left_out = report.model_copy(update={"levels": [today.model_copy(update={"at_risk": []})]})
    turned = report.model_copy(update={"levels": [today.model_copy(update={"met": False})]})
    assert (["ann"], ["solutions-partner on 2026-09-01: at_risk names []; recomputed ['ann']"],
            ["solutions-partner on 2026-09-01: met is False; the score is met",
             "solutions-partner on 2026-09-01: at_risk names ['ann']; recomputed []"]) == (
        today.at_risk, standing_problems(loaded, left_out), standing_problems(loaded, turned))


# ---- random rosters on every shipped designation revision ------------------------------------------------

def designations() -> dict[str, Catalog]:
    """Every shipped revision of a scored designation, by 'id@revision'."""
    return {f"{c.id}@{c.revision}": c for cid in CATALOGS.ids() for c in CATALOGS.revisions(cid)
            if any(lv.score is not None for lv in c.levels) and c.ended is None}


DESIGNATIONS = designations()


def pass_pool(catalog: Catalog) -> list[tuple[dict[str, str], dt.date | None]]:
    """The passes a person of this designation may have, each with the last day it can be dated: each
    certification its lists name (and each prerequisite), by id, and each of their exams."""
    todo = [i[1:] for lst in catalog.lists for i in lst.items if i.startswith("@")]
    seen: list[str] = []
    while todo:
        cid = todo.pop()
        if cid not in seen and cid in CERTIFICATIONS:
            seen.append(cid)
            todo += CERTIFICATIONS.certification(cid).prerequisites
    exams = sorted({e for cid in seen for e in CERTIFICATIONS.certification(cid).exams})
    return ([({"certification": cid}, CERTIFICATIONS.certification(cid).retired) for cid in sorted(seen)]
            + [({"exam": code}, CERTIFICATIONS.exam(code).last_take) for code in exams])


@st.composite
def roster(draw: st.DrawFn, catalog: Catalog) -> LoadedScenario:
    """3 to 6 people with 0 to 4 passes each (dated within 2 years before as_of or undated, some with
    `expires`), some leaving, and every figure the level reads."""
    first = catalog.revision + dt.timedelta(days=10)
    as_of = draw(st.dates(first, first + dt.timedelta(days=300)))
    deadline = as_of + dt.timedelta(days=draw(st.integers(30, 420)))
    pool = pass_pool(catalog)
    staff = []
    for n in range(draw(st.integers(3, 6))):
        passed = []
        for base, last in draw(st.lists(st.sampled_from(pool), max_size=4, unique_by=str)):
            entry: dict[str, Any] = dict(base)
            if draw(st.integers(0, 3)) or (last is not None and last < as_of):
                entry["date"] = str(min(as_of, last or as_of) - dt.timedelta(days=draw(st.integers(0, 730))))
            if draw(st.integers(0, 3)) == 0:
                entry["expires"] = str(as_of + dt.timedelta(days=draw(st.integers(1, 500))))
            passed.append(entry)
        person: dict[str, Any] = {"id": f"p{n}", "passed": passed}
        if draw(st.integers(0, 4)) == 0:
            person["leaves_on"] = str(as_of + dt.timedelta(days=draw(st.integers(1, 500))))
        staff.append(person)
    score = catalog.levels[0].score
    metrics: dict[str, Any] = {}
    for m in score.input_metrics:
        metrics[m.input] = ({p: draw(st.integers(0, 6000)) for p in m.parts} if m.parts
                            else draw(st.integers(0, 40)))
    track = draw(st.sampled_from(score.tracks)) if score.tracks and score.track_rule == "assigned" else None
    return scenario_on(catalog, staff, metrics, track, as_of, deadline)


@pytest.mark.parametrize("revision", list(DESIGNATIONS))
@settings(max_examples=max(1, settings.default.max_examples // 6), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_validator_agrees_with_check_on_random_rosters(revision, data):
    """On random rosters of every shipped designation revision, today and on the deadline, the validator
    finds nothing wrong with check's scores, verdicts and people at risk (a sixth of the profile's examples
    per revision: 12 in CI, 500 with HYPOTHESIS_PROFILE=thorough)."""
    assert [] == standing_problems(data.draw(roster(DESIGNATIONS[revision])))
