"""The brute force of tests/bruteforce_designations.py (no planner in it) against the planner, on random
tiny designations: 1-3 certifications of 1-2 exams with prerequisites, one exam metric behind 0-2 gate
steps, an input metric with two parts (higher or sum), two tracks (higher-total or assigned), 2-4 people
with passes naming exams or certifications (dated or not, expiring), leavers, can_take, max_new_exams.

- As things stand (today and on the deadline), its holdings, points, verdicts and counting track are
  planner.rules.holdings' and planner.rules.points'.
- Its cheapest plan passes the independent validator, and the same plan without any one of its changes
  does not (the optimum is minimal, and the validator rejects a plan that falls short).
- Against the CP-SAT model's optimum: the model's cheapest plan costs what the brute force's does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from models.catalog import Catalog
from models.certification import CertificationCatalog
from models.report import Assignment, NewExam, PlanReport
from models.scenario import Scenario
from planner.rules.domain import score_met
from planner.rules.holdings import items_held_on
from planner.rules.points import people_counts, track_points, track_scores, winning_track
from planner.rules.scoring import score_standing
from planner.validation import recheck
from tests import bruteforce_designations as bf

AS_OF = dt.date(2026, 3, 1)
EXAMS = ["E1", "E2", "E3", "E4", "E5"]
TRACKS = ["enterprise", "smb"]
EXAMPLES = max(1, settings.default.max_examples // 3)
"""25 random designations per property in CI, 1,000 with HYPOTHESIS_PROFILE=thorough."""


def days(draw: st.DrawFn, low: int, high: int) -> dt.date:
    return AS_OF + dt.timedelta(days=draw(st.integers(low, high)))


@st.composite
def certifications(draw: st.DrawFn) -> CertificationCatalog:
    """1-3 certifications of 1-2 exams each, each a prerequisite candidate of the later ones."""
    certs = []
    for i in range(draw(st.integers(1, 3))):
        cert: dict[str, Any] = {
            "id": f"c{i}", "title": f"Cert {i}", "kind": draw(st.sampled_from(
                ["associate", "expert", "specialty", "fundamentals"])),
            "exams": draw(st.lists(st.sampled_from(EXAMS), min_size=1, max_size=2, unique=True)),
            "prerequisites": draw(st.lists(st.sampled_from([f"c{j}" for j in range(i)]), max_size=2,
                                           unique=True)) if i else []}
        if draw(st.integers(0, 4)) == 0:
            cert["retired"] = str(days(draw, -60, 120))
        certs.append(cert)
    used = sorted({e for c in certs for e in c["exams"]})
    exams = [{"code": c, "title": c, **({"last_take": str(days(draw, -30, 200))}
                                          if draw(st.integers(0, 6)) == 0 else {})} for c in used]
    return CertificationCatalog.model_validate({"certification_catalog_version": 1, "exams": exams,
                                                "certifications": certs})


def on_tracks(draw: st.DrawFn, low: int, high: int) -> dict[str, int]:
    return {t: draw(st.integers(low, high)) for t in TRACKS}


@st.composite
def designation(draw: st.DrawFn) -> bf.Designation:
    """A catalog, its certifications and a scenario of 2-4 people."""
    certs = draw(certifications())
    ids = [c.id for c in certs.certifications]
    subset = st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True)
    steps = draw(st.integers(0, 2))
    lists = [{"id": "main", "name": "Main", "certifications": draw(subset)}]
    lists += [{"id": f"g{k}", "name": f"Gate {k}", "certifications": draw(subset)}
              for k in range(1, steps + 1)]
    gate = [{"lists": [f"g{k}"], "people": on_tracks(draw, 1, 2),
             "points": {"enterprise": 0, "smb": draw(st.sampled_from([0, 4]))}} for k in range(1, steps + 1)]
    score = {"total": draw(st.sampled_from([25, 35, 45, 55])),
             "track_rule": draw(st.sampled_from(["higher-total", "assigned"])),
             "every_metric_above_zero": draw(st.booleans()), "metrics": [
                 {"id": "intermediate-certifications", "name": "Certified", "max_points": 40,
                  "threshold": on_tracks(draw, 2, 4), "lists": ["main"], "gate": gate},
                 {"id": "usage-growth", "name": "Usage", "max_points": 20, "input": "usage-growth",
                  "combine": draw(st.sampled_from(["higher", "sum"])),
                  "parts": {"cpor": {"threshold": {"enterprise": 100, "smb": 50}},
                            "dpor": {"threshold": {"enterprise": 200}}}}]}
    catalog = Catalog.model_validate({
        "catalog_version": 1, "id": "sp-demo", "name": "Demo", "revision": "2025-01-01", "exams": [],
        "lists": lists, "levels": [{"id": "solutions-partner", "name": "Solutions Partner", "score": score}]})
    return bf.Designation(catalog, certs, draw(scenario(certs)))


@st.composite
def scenario(draw: st.DrawFn, certs: CertificationCatalog) -> Scenario:
    pool = [{"certification": c.id} for c in certs.certifications] + [{"exam": e.code} for e in certs.exams]
    staff = []
    for n in range(draw(st.integers(2, 4))):
        passed = []
        for base in draw(st.lists(st.sampled_from(pool), max_size=2, unique_by=str)):
            entry: dict[str, Any] = dict(base)
            if draw(st.integers(0, 3)):
                entry["date"] = str(days(draw, -800, 0))
            if draw(st.integers(0, 3)) == 0:
                entry["expires"] = str(days(draw, 1, 500))
            passed.append(entry)
        person: dict[str, Any] = {"id": f"p{n}", "passed": passed}
        if draw(st.integers(0, 5)) == 0:
            person["leaves_on"] = str(days(draw, 1, 400))
        if draw(st.integers(0, 5)) == 0:
            person["can_take"] = draw(st.lists(st.sampled_from(EXAMS), max_size=3, unique=True))
        if draw(st.integers(0, 5)) == 0:
            person["max_new_exams"] = draw(st.integers(1, 2))
        staff.append(person)
    fees = {code: {"fee_usd": draw(st.sampled_from([50, 100, 165, 200]))} for code in EXAMS}
    return Scenario.model_validate({
        "schema_version": 1, "name": "Brute", "competency": "sp-demo", "as_of": str(AS_OF),
        "deadline": str(days(draw, 60, 400)), "staff": staff,
        "organization": {"track": draw(st.sampled_from(TRACKS)), "metrics": {"usage-growth": {
            "cpor": draw(st.sampled_from([0, 25, 50, 100])), "dpor": draw(st.sampled_from([50, 100, 200]))}}},
        "costs": {"exam_fee_usd": 100, "hourly_rate_usd": 10, "renewal_fee_usd": 0, "renewal_prep_hours": 1,
                  "exams": fees}})


# ---- as things stand: the brute force against planner.rules ---------------------------------------------

def rules_standing(d: bf.Designation, day: dt.date) -> tuple[list[tuple], tuple]:
    """The level on `day` as planner.rules.holdings and planner.rules.points score it."""
    items = [i for lst in d.catalog.lists for i in lst.items]
    people = [p for p in d.scenario.staff if p.leaves_on is None or p.leaves_on > day]
    holdings = [items_held_on(p, day, d.certifications.exam_codes(), d.certifications, items) for p in people]
    counts = people_counts(d.level, d.catalog, holdings)
    org = d.scenario.organization
    if d.level.score.track_rule == "higher-total":
        scores = track_scores(d.level, counts, org, None)
        win = winning_track(scores)
        return [(s.track, s.total, s.met) for s in scores], (win.track, win.total, win.met)
    points = track_points(d.level, counts, org, org.track, None)
    one = (org.track, sum(points.values()), score_met(d.level, points))
    return [one], one


@settings(max_examples=EXAMPLES, deadline=None)
@given(d=designation())
def test_bruteforce_standing_agrees_with_the_rules(d):
    """Today and on the deadline, as things stand: the same totals, verdicts and counting track."""
    for day in (d.scenario.as_of, d.deadline):
        assert rules_standing(d, day) == bf.standing(d, day)


# ---- the cheapest plan, re-checked by the validator --------------------------------------------------------

def plan_report(d: bf.Designation, changes: dict[str, frozenset[bf.Change]]) -> PlanReport:
    """The plan of these changes as the planner writes one: its new exams and renewals, the people counting
    toward each exam metric and gate step (roster order, as many as any track counts), and its score."""
    label, level, org = "sp-demo:solutions-partner", d.level, d.scenario.organization
    people = {p.id: p for p in d.scenario.staff}
    new_exams = [_new_exam(d, people[pid], change)
                 for pid in people for change in sorted(changes.get(pid, ()))]
    slots = _slots(d)
    assignments, lists = [], {lst.id: lst.items for lst in d.catalog.lists}
    for pid, person in people.items():
        if person.leaves_on is not None and person.leaves_on <= d.deadline:
            continue
        new = frozenset(bf.gives(ch) for ch in changes.get(pid, ()))
        held = bf.items(d, person, d.deadline, new)
        for rid in bf.role_set(d, held):
            if sum(1 for a in assignments if a.role == rid) < slots[rid]:
                first = [next(i for i in lists[lid] if i in held) for lid in bf.roles(level)[rid]]
                names = [i.removeprefix("@") for i in first]
                assignments.append(Assignment(person=pid, role=rid, exams=names))
    counts = {rid: sum(1 for a in assignments if a.role == rid) for rid in slots}
    said = score_standing(label, level, org, counts)
    renewals = sum(1 for e in new_exams if e.renewal)
    return PlanReport(
        scenario=d.scenario.name, competency=d.catalog.id, level=level.id, as_of=d.scenario.as_of,
        deadline=d.deadline, objective="cost", status="optimal", reachable=said.met, gates=[],
        new_exams=new_exams, total_new_exams=len(new_exams) - renewals, total_renewals=renewals,
        total_cost_usd=sum(round(e.cost_usd * 100) for e in new_exams) / 100, assignments=assignments,
        reasons=[], rules_revision=d.catalog.revision, scores=[said])


def _new_exam(d: bf.Designation, person: Any, change: bf.Change) -> NewExam:
    cost = bf.cents(d, person, change) / 100
    if change[1] == "renewal":
        return NewExam(person=person.id, exam=change[0], certification=change[0], renewal=True, cost_usd=cost)
    if change[1] == "exam renewal":
        return NewExam(person=person.id, exam=change[0], renewal=True, cost_usd=cost)
    return NewExam(person=person.id, exam=change[0], cost_usd=cost)


def _slots(d: bf.Designation) -> dict[str, int]:
    """People counted per exam metric and gate step: the most any track scored counts."""
    score = d.level.score
    tracks = score.tracks if score.track_rule == "higher-total" else [d.scenario.organization.track]
    out = {}
    for m in score.exam_metrics:
        out[m.id] = max(m.threshold_for(t) for t in tracks)
        for k, step in enumerate(m.gate, start=1):
            out[f"{m.id}.step-{k}"] = max(step.people_for(t) for t in tracks)
    return out


def validator_problems(d: bf.Designation, changes: dict[str, frozenset[bf.Change]]) -> list[str]:
    return recheck(d.scenario, [("sp-demo:solutions-partner", d.catalog, "solutions-partner")],
                   plan_report(d, changes), d.certifications)


@settings(max_examples=EXAMPLES, deadline=None)
@given(d=designation())
def test_bruteforce_optimum_passes_the_validator_and_is_minimal(d):
    """The cheapest plan passes the validator; without any one of its changes it does not."""
    best = bf.cheapest(d)
    if best is None:
        return
    changes = dict(best.changes)
    fewer = [{**changes, pid: mine - {one}} for pid, mine in changes.items() for one in mine]
    assert ([], [True] * len(fewer)) == (validator_problems(d, changes),
                                          [bool(validator_problems(d, c)) for c in fewer])


# ---- against the CP-SAT model's optimum ------------------------------------------------------------------

@settings(max_examples=EXAMPLES, deadline=None)
@given(d=designation())
def test_bruteforce_optimum_is_the_models(d):
    """The model's cheapest plan (objective cost) costs what the brute force's does, or both find none."""
    from planner.core.planning import plan
    from planner.input.loading import LoadedScenario
    from planner.rules.catalogs import Catalogs

    loaded = LoadedScenario(d.scenario, d.catalog, "brute.yaml",
                            Catalogs(by_id={d.catalog.id: (d.catalog,)}, certifications=d.certifications))
    report = plan(loaded, "solutions-partner", "cost", fixes=False, explain=False)
    best = bf.cheapest(d)
    expected = ("infeasible", None) if best is None else ("optimal", best.cost)
    actual = (report.status, round(report.total_cost_usd * 100) if report.status == "optimal" else None)
    assert expected == actual


# ---- examples ---------------------------------------------------------------------------------------------

def one_exam_designation(retired: str | None = None) -> bf.Designation:
    """c0 = [E1] on a list of threshold 2; p0's pass of E1 expires the day after as_of, p1 holds nothing and
    may take nothing: p0 holding c0 on the deadline gives 20 points, usage 5, the level asks 25."""
    cert: dict[str, Any] = {"id": "c0", "title": "Cert 0", "kind": "associate", "exams": ["E1"]}
    if retired is not None:
        cert["retired"] = retired
    certs = CertificationCatalog.model_validate({
        "certification_catalog_version": 1, "exams": [{"code": "E1", "title": "E1"}],
        "certifications": [cert]})
    catalog = Catalog.model_validate({
        "catalog_version": 1, "id": "sp-demo", "name": "Demo", "revision": "2025-01-01", "exams": [],
        "lists": [{"id": "main", "name": "Main", "certifications": ["c0"]}],
        "levels": [{"id": "solutions-partner", "name": "Solutions Partner", "score": {
            "total": 25, "track_rule": "higher-total", "every_metric_above_zero": False, "metrics": [
                {"id": "intermediate-certifications", "name": "Certified", "max_points": 40,
                 "threshold": {"enterprise": 2, "smb": 2}, "lists": ["main"]},
                {"id": "usage-growth", "name": "Usage", "max_points": 20, "input": "usage-growth",
                 "combine": "higher", "parts": {"cpor": {"threshold": {"enterprise": 100, "smb": 50}},
                                                "dpor": {"threshold": {"enterprise": 200}}}}]}}]})
    scenario = Scenario.model_validate({
        "schema_version": 1, "name": "Brute", "competency": "sp-demo", "as_of": "2026-03-01",
        "deadline": "2026-04-30", "staff": [{"id": "p0", "passed": [{"exam": "E1", "expires": "2026-03-02"}]},
                                            {"id": "p1", "can_take": []}],
        "organization": {"track": "enterprise", "metrics": {"usage-growth": {"cpor": 0, "dpor": 50}}},
        "costs": {"exam_fee_usd": 100, "hourly_rate_usd": 10, "renewal_fee_usd": 0, "renewal_prep_hours": 1,
                  "exams": {"E1": {"fee_usd": 50}}}})
    return bf.Designation(catalog, certs, scenario)


def model_cents(d: bf.Designation) -> int | None:
    """The CP-SAT model's cheapest plan (objective cost) in cents, or None when it finds none."""
    from planner.core.planning import plan
    from planner.input.loading import LoadedScenario
    from planner.rules.catalogs import Catalogs

    loaded = LoadedScenario(d.scenario, d.catalog, "brute.yaml",
                            Catalogs(by_id={d.catalog.id: (d.catalog,)}, certifications=d.certifications))
    report = plan(loaded, "solutions-partner", "cost", fixes=False, explain=False)
    return round(report.total_cost_usd * 100) if report.status == "optimal" else None


def test_bruteforce_renews_an_expiring_exam_pass_in_its_window():
    """An exam pass expiring the day after as_of is renewed on as_of for US$10 (not retaken for US$50), as
    the model plans it and the validator accepts it."""
    d = one_exam_designation()
    best = bf.cheapest(d)
    changes = {"p0": frozenset({("E1", "exam renewal")})}
    assert (1000, tuple(changes.items()), 1000, []) == (best.cost, best.changes, model_cents(d),
                                                        validator_problems(d, changes))


def test_bruteforce_renews_no_exam_pass_of_a_retired_certification():
    """Renewing the exam pass of a certification retired before as_of earns it no more than a new exam
    would: no plan, as the model finds none."""
    d = one_exam_designation(retired="2026-02-01")
    assert (None, None) == (bf.cheapest(d), model_cents(d))
