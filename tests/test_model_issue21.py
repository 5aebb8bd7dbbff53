"""The CP-SAT model on designations of issue 21's format (planner.core: problem, profiles, pruning, model,
solving): certifications as items beside exam codes, prerequisites, gate steps, figures by part and both
tracks scored side by side. The plans are read from the model (build_problem, solve, plan_body), as the
pipeline does before its independent re-check."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from planner.core.cpsat import cp_model
from planner.core.model import build_model
from planner.core.pieces import plan_body
from planner.core.problem import PlanSettings, build_problem
from planner.core.score_rules import track_points
from planner.core.solving import solve
from planner.input.loading import load_scenario, load_scenario_text, resolve_target
from planner.rules.catalogs import load_catalog_file, shipped_catalogs
from planner.rules.certifications import shipped_certifications
from planner.rules.holdings import items_held_on
from planner.rules.points import people_counts
from planner.rules.points import track_points as rules_track_points
from tests.conftest import SCENARIOS
from tests.test_standing_issue21 import TEXT as GATED_TEXT

SCORED = Path(__file__).parent / "data" / "scored"
ADMIN, ARCHITECT = "azure-administrator-associate", "azure-solutions-architect-expert"


def planned(loaded, objective="exams", *, prune=True, settings=None):
    """The model's plan: (status, 'person exam' of each new exam and renewal, the body)."""
    problem = build_problem(loaded, loaded.catalog.level_ids[-1], objective, prune=prune, settings=settings)
    solution = solve(problem)
    body = plan_body(problem, solution) if solution.has_plan else None
    new_exams = body.new_exams if body else []
    changes = [f"{e.person} {e.exam}{' (renewal)' if e.renewal else ''}" for e in new_exams]
    return solution.status, changes, body


# ---- certifications with a prerequisite ------------------------------------------------------------------

AZURE = """\
catalog_version: 1
id: contoso-azure
name: Contoso Azure
revision: 2024-01-01
exams: []
lists:
  - {id: admins, name: Administrators, certifications: [azure-administrator-associate]}
  - {id: architects, name: Architects, certifications: [azure-solutions-architect-expert]}
  - {id: associates, name: Associates, certifications: [azure-administrator-associate]}
levels:
  - id: solutions-partner
    name: Contoso Azure Partner
    score:
      total: 65
      metrics:
        - id: intermediate-certifications
          name: Intermediate certifications
          max_points: 40
          threshold: 10
          lists: [associates]
          gate:
            - {lists: [architects], people: 2}
            - {lists: [admins], people: 2}
        - {id: usage-growth, name: Usage growth, max_points: 60, threshold: 100, input: usage-growth}
"""


def azure_catalogs(tmp_path):
    path = tmp_path / "azure.yaml"
    path.write_text(AZURE, encoding="utf-8")
    return shipped_catalogs().with_catalogs([load_catalog_file(path)])


def azure(tmp_path, staff, usage=100):
    catalogs = azure_catalogs(tmp_path)
    text = ("schema_version: 1\nname: Azure partner\ncompetency: contoso-azure\nas_of: 2026-07-01\n"
            f"deadline: 2026-12-31\norganization:\n  metrics: {{usage-growth: {usage}}}\n"
            "costs: {exam_fee_usd: 165, prep_hours: 20, hourly_rate_usd: 50}\nstaff:\n" + staff)
    return load_scenario_text(text, "s.yaml", catalogs=catalogs)


def test_an_expert_certification_is_planned_with_its_exam_and_its_prerequisites_exam(tmp_path):
    """Two people hold nothing: the gates need two Architect Experts and two Administrators, so each takes
    AZ-305 and AZ-104 (the expert's prerequisite): four new exams, AZ-104 listed once per person though
    it gives both certifications, each exam naming what it gives."""
    loaded = azure(tmp_path, "  - {id: ann}\n  - {id: bob}\n")
    status, changes, body = planned(loaded)
    earned = [(e.person, e.exam, e.certifications, e.cost_usd) for e in body.new_exams]
    assert ("optimal", [("ann", "AZ-104", [ADMIN, ARCHITECT], 1165.0), ("ann", "AZ-305", [ARCHITECT], 1165.0),
                        ("bob", "AZ-104", [ADMIN, ARCHITECT], 1165.0), ("bob", "AZ-305", [ARCHITECT], 1165.0)]
            ) == (status, earned)


def test_gate_steps_are_roles_and_people_count_in_several_steps_and_the_points_step(tmp_path):
    """Each of the two people fills both gate steps and the points step, named by certification id."""
    loaded = azure(tmp_path, "  - {id: ann}\n  - {id: bob}\n")
    _, _, body = planned(loaded)
    assert [("ann", "intermediate-certifications", [ADMIN]), ("bob", "intermediate-certifications", [ADMIN]),
            ("ann", "intermediate-certifications.step-1", [ARCHITECT]),
            ("bob", "intermediate-certifications.step-1", [ARCHITECT]),
            ("ann", "intermediate-certifications.step-2", [ADMIN]),
            ("bob", "intermediate-certifications.step-2", [ADMIN])] == [
        (a.person, a.role, a.exams) for a in body.assignments]


def test_a_held_associate_makes_the_expert_one_exam(tmp_path):
    """Someone holding AZ-104 needs only AZ-305 for the expert certification."""
    loaded = azure(tmp_path, "  - {id: ann, passed: [AZ-104]}\n  - {id: bob, passed: [AZ-104]}\n")
    assert ("optimal", ["ann AZ-305", "bob AZ-305"]) == planned(loaded)[:2]


def test_can_take_names_exam_codes_and_the_prerequisites_exam_must_be_open_to_the_person(tmp_path):
    """bob may take only AZ-305: without the associate he cannot become an expert, so the plan has no way
    to two experts with one more person (cy), but with cy it does."""
    alone = azure(tmp_path, "  - {id: ann}\n  - {id: bob, can_take: [AZ-305]}\n")
    with_cy = azure(tmp_path, "  - {id: ann}\n  - {id: bob, can_take: [AZ-305]}\n  - {id: cy}\n")
    assert ("infeasible", ["ann AZ-104", "ann AZ-305", "cy AZ-104", "cy AZ-305"]) == (
        planned(alone)[0], planned(with_cy)[1])


def test_a_certification_pass_is_renewed_by_its_id(tmp_path):
    """ann's Administrator Associate pass (a certification, earned 2026-01-15) expires on 2027-01-15, after
    the deadline of a scenario due 2027-03-31: renewing it (US$50) beats AZ-104 again; the renewal is
    written {exam: <id>, renewal: true, certification: <id>} with its window (as_of to the day before
    expiry)."""
    catalog = azure_catalogs(tmp_path)
    text = ("schema_version: 1\nname: Azure partner\ncompetency: contoso-azure\nas_of: 2026-12-01\n"
            "deadline: 2027-03-31\norganization:\n  metrics: {usage-growth: 100}\n"
            "costs: {exam_fee_usd: 165, prep_hours: 20, hourly_rate_usd: 50}\nstaff:\n"
            f"  - {{id: ann, passed: [{{certification: {ADMIN}, date: 2026-01-15}}, AZ-305]}}\n"
            "  - {id: bob, passed: [AZ-104, AZ-305]}\n")
    status, changes, body = planned(load_scenario_text(text, "s.yaml", catalogs=catalog))
    renewal = body.new_exams[0].model_dump(exclude_none=True)
    assert ("optimal", [f"ann {ADMIN} (renewal)"], {
        "person": "ann", "exam": ADMIN, "renewal": True, "certification": ADMIN, "cost_usd": 50.0,
        "fee_usd": 0.0, "prep_hours": 1.0, "hourly_rate_usd": 50.0, "window_opens": dt.date(2026, 12, 1),
        "window_closes": dt.date(2027, 1, 14)}) == (status, changes, renewal)


def test_retired_certifications_offer_no_exam_to_plan():
    """Northwind on 2026-12-01: PL-600, MB-335 and MB-700 make only expert certifications retired on
    2026-06-30, so nobody is offered them; MB-310 (Finance, counting) is offered."""
    problem = build_problem(load_scenario(SCENARIOS / "northwind-solutions-partner-smb.yaml"),
                            "solutions-partner")
    offered = {o.exam for p in problem.people for o in p.options}
    assert (set(), True) == ({"PL-600", "MB-335", "MB-700"} & offered, "MB-310" in offered)


def test_pruned_and_whole_roster_plans_agree_with_certification_items(tmp_path):
    """On a roster of alike and different people, pruning keeps the plan the whole roster gives."""
    staff = "".join(f"  - {{id: p{i}{', passed: [AZ-104]' if i % 3 == 0 else ''}"
                    f"{', hourly_rate_usd: ' + str(40 + i) if i % 2 else ''}}}\n" for i in range(12))
    loaded = azure(tmp_path, staff)
    for objective in ("exams", "cost"):
        pruned, whole = planned(loaded, objective), planned(loaded, objective, prune=False)
        assert (whole[0], whole[1], whole[2].total_cents) == (pruned[0], pruned[1], pruned[2].total_cents)


# ---- Microsoft's worked examples of gate steps, through the model ------------------------------------------

EXAMPLES = [
    # (designation, revision's as_of, track, people per step, people of the points step, Microsoft's points)
    ("data-ai", "2023-07-01", None, [2, 2], 3, "12"),
    ("data-ai", "2023-07-01", None, [2, 2], 2, "8"),
    ("data-ai", "2023-07-01", None, [2, 0], 2, "0"),
    ("data-ai", "2023-07-01", None, [1, 2], 2, "0"),
    ("data-ai", "2026-06-01", "enterprise", [2, 2], 3, "12"),
    ("data-ai", "2026-06-01", "smb", [2, 2], 3, "20"),
    ("data-ai", "2026-06-01", "smb", [2, 2], 2, "16"),
    ("data-ai", "2026-06-01", "smb", [2, 0], 2, "4"),
    ("data-ai", "2026-06-01", "smb", [0, 0], 2, "0"),
    ("infrastructure", "2026-06-01", "smb", [1], 2, "12"),
    ("infrastructure", "2026-06-01", "enterprise", [1], 2, "0"),
    # Security 2026 scores both tracks side by side: the better of Microsoft's enterprise and SMB figures
    ("security", "2026-06-01", None, [2, 2], 3, "32"),  # enterprise 20, SMB 32
    ("security", "2026-06-01", None, [2, 2], 2, "24"),  # enterprise 13.3, SMB 24
    ("security", "2026-06-01", None, [2, 0], 2, "4"),  # enterprise 0, SMB 4
]


def _example_scenario(designation, as_of, track, step_people, n):
    """A roster realizing a worked example: step k's people hold the first certification of its first list,
    the points step's people the first certification of its list that no step names and that counts on
    the deadline; nobody may take an exam."""
    catalog = shipped_catalogs().in_force(designation, dt.date.fromisoformat(as_of))
    metric = next(m for m in catalog.levels[0].score.exam_metrics if m.gate)
    certifications = shipped_certifications()
    in_steps = {i for step in metric.gate for lid in step.lists for i in catalog.exam_list(lid).items}
    counting = [i for i in catalog.exam_list(metric.lists[0]).items if i not in in_steps
                and (certifications.certification(i[1:]).counts_until is None
                     or str(certifications.certification(i[1:]).counts_until) > "2031")]
    holders = [catalog.exam_list(step.lists[0]).items[0][1:] for step in metric.gate]
    staff = []
    for k, count in enumerate(step_people):
        staff += [holders[k]] * count
    staff += [counting[0][1:]] * n
    people = "".join(f"  - {{id: p{i}, can_take: [], passed: [{{certification: {c}, date: {as_of}, "
                     "expires: 2031-01-01}]}\n" for i, c in enumerate(staff))
    score = catalog.levels[0].score
    inputs = {m.input: ({p: 0 for p in m.parts} if m.parts else 0) for m in score.input_metrics}
    figures = ", ".join(f"{k}: {v}".replace("'", "") for k, v in inputs.items())
    text = (f"schema_version: 1\nname: Example\ncompetency: {designation}\nas_of: {as_of}\n"
            f"organization:\n  metrics: {{{figures}}}\n" + (f"  track: {track}\n" if track else "")
            + "staff:\n" + people)
    return load_scenario_text(text, "s.yaml"), metric


def printed(value: Fraction | str) -> Fraction:
    """A figure as Microsoft prints it: to one decimal where it has one (13.3), else whole."""
    if isinstance(value, str):
        return Fraction(value)
    return Fraction(round(float(value), 1)).limit_denominator(10)


@pytest.mark.parametrize(("designation", "as_of", "track", "step_people", "n", "total"), EXAMPLES)
def test_microsofts_gate_examples_are_the_models_points(designation, as_of, track, step_people, n, total):
    """The model's exam points for a roster realizing a worked example of the Azure pages (the gated
    metric's people per step and in the points step, no other exam metric scoring) are Microsoft's, and
    the rules function's (planner.rules.points) on the same roster."""
    loaded, metric = _example_scenario(designation, as_of, track, step_people, n)
    problem = build_problem(loaded, "solutions-partner", prune=False,
                            settings=PlanSettings(fill_most_slots=True))
    built = build_model(problem)
    name, expr, _ = built.stages[0]
    built.model.maximize(expr)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert cp_model.OPTIMAL == solver.solve(built.model)
    scale = track_points(built.model, built.decisions, problem, problem.goals[0])[0].scale
    model_points = Fraction(int(solver.value(expr)), scale)
    level, catalog = problem.goals[0].level, problem.goals[0].catalog
    certs, known = shipped_certifications(), loaded.catalogs.exams(catalog)
    holdings = [items_held_on(p, loaded.scenario.deadline, known, certs) for p in loaded.scenario.staff]
    counts, org = people_counts(level, catalog, holdings), loaded.scenario.organization
    tracks = level.score.tracks if level.score.track_rule == "higher-total" else [track]
    by_track = [rules_track_points(level, counts, org, t, None) for t in tracks]
    exam_points = max(sum((rules[m.id] for m in level.score.exam_metrics), Fraction(0)) for rules in by_track)
    gated = max(rules[metric.id] for rules in by_track)
    assert ("most_points", printed(total), exam_points, gated) == (name, printed(model_points), model_points,
                                                                   model_points)


# ---- both tracks side by side, figures by part -------------------------------------------------------------

def test_the_level_is_met_on_the_track_a_renewal_takes_over_its_total(tmp_path):
    """The gated test catalog with a total of 60, on 2027-03-15: SMB has 4 (Administrators step, bob) + 30
    (cy's fundamentals, 1 of 1) + 22.5 (CSP usage 1,500 of 2,000) = 56.5, enterprise far less. ann's
    Administrator Associate pass (expires 2027-03-01) renewed makes her undated AZ-305 an Architect Expert
    again: the Architects step's 4 more points, and with both steps met bob's and dee's hybrid
    certifications' 8, give 68.5 on SMB. One renewal (cheaper than bob's AZ-305), no new exam."""
    text = (SCORED / "gated-parts.yaml").read_text(encoding="utf-8").replace("total: 30", "total: 60")
    path = tmp_path / "gated.yaml"
    path.write_text(text, encoding="utf-8")
    catalogs = shipped_catalogs().with_catalogs([load_catalog_file(path)])
    scenario = GATED_TEXT.replace("deadline: 2027-06-30", "deadline: 2027-03-15")
    status, changes, body = planned(load_scenario_text(scenario, "s.yaml", catalogs=catalogs))
    assert ("optimal", [f"ann {ADMIN} (renewal)"]) == (status, changes)


def test_no_track_reaches_a_total_above_the_best_one(tmp_path):
    """The same with a total of 73: the most SMB can score is 72.5 (both steps' 8; 12 for three hybrid
    administrators, bob, dee and cy renewing, as AZ-800 and AZ-801 can no longer be taken; 30; 22.5),
    enterprise far less: no plan. With 72.5, ann's and cy's renewals reach it."""
    text = (SCORED / "gated-parts.yaml").read_text(encoding="utf-8")
    scenario = GATED_TEXT.replace("deadline: 2027-06-30", "deadline: 2027-03-15")
    found = []
    for total in ("73", "72.5"):
        path = tmp_path / f"gated-{total}.yaml"
        path.write_text(text.replace("total: 30", f"total: {total}"), encoding="utf-8")
        catalogs = shipped_catalogs().with_catalogs([load_catalog_file(path)])
        found.append(planned(load_scenario_text(scenario, "s.yaml", catalogs=catalogs))[:2])
    assert [("infeasible", []), ("optimal", [f"ann {ADMIN} (renewal)",
                                             "cy windows-server-hybrid-administrator-associate (renewal)"])
            ] == found


GATE = ("          gate:\n            - {lists: [architects], people: 2}\n"
        "            - {lists: [admins], people: 2}\n")
DEVELOPERS = AZURE.replace("certifications: [azure-administrator-associate]}\n  - {id: architects",
                           "certifications: [azure-developer-associate]}\n  - {id: architects").replace(
    GATE, "").replace("lists: [associates]", "lists: [admins]").replace("total: 65", "total: 61")


@pytest.mark.parametrize(("away", "schedule", "expected"), [
    ("[]", True, ("optimal", ["ann AZ-204"], ["2026-07"])),
    ("[2026-07]", False, ("optimal", ["ann AZ-204"], [])),
    ("[2026-07]", True, ("infeasible", [], [])),
])
def test_with_a_calendar_a_certification_is_earned_by_the_day_it_retires(tmp_path, away, schedule, expected):
    """Azure Developer Associate (AZ-204) retires on 2026-07-31: from 2026-07-01 its exam is booked in July;
    someone away all July cannot earn it with a calendar (without one, only the day it retires is read)."""
    path = tmp_path / "developers.yaml"
    path.write_text(DEVELOPERS, encoding="utf-8")
    catalogs = shipped_catalogs().with_catalogs([load_catalog_file(path)])
    text = ("schema_version: 1\nname: Azure partner\ncompetency: contoso-azure\nas_of: 2026-07-01\n"
            "deadline: 2026-12-31\norganization:\n  metrics: {usage-growth: 100}\n"
            f"staff:\n  - {{id: ann, unavailable: {away}}}\n")
    settings = PlanSettings(schedule=schedule)
    status, changes, body = planned(load_scenario_text(text, "s.yaml", catalogs=catalogs), settings=settings)
    assert expected == (status, changes, [s.month for s in body.schedule] if body else [])


def test_a_certification_renewal_is_booked_by_its_id_in_its_window(tmp_path):
    """With a calendar, ann's Administrator Associate renewal (expires 2027-01-15) is booked by the
    certification's id in the first month of its window from as_of, December 2026."""
    catalog = azure_catalogs(tmp_path)
    text = ("schema_version: 1\nname: Azure partner\ncompetency: contoso-azure\nas_of: 2026-12-01\n"
            "deadline: 2027-03-31\norganization:\n  metrics: {usage-growth: 100}\nstaff:\n"
            f"  - {{id: ann, passed: [{{certification: {ADMIN}, date: 2026-01-15}}, AZ-305]}}\n"
            "  - {id: bob, passed: [AZ-104, AZ-305]}\n")
    _, _, body = planned(load_scenario_text(text, "s.yaml", catalogs=catalog),
                         settings=PlanSettings(schedule=True))
    assert [("ann", ADMIN, "2026-12")] == [(s.person, s.exam, s.month) for s in body.schedule]


ADMINS_ONLY = """\
catalog_version: 1
id: contoso-admins
name: Contoso Admins
revision: 2024-01-01
exams: []
lists:
  - {id: admins, name: Administrators, certifications: [azure-administrator-associate]}
levels:
  - id: solutions-partner
    name: Contoso Admins Partner
    score:
      total: 40
      metrics:
        - {id: admins, name: Administrators, max_points: 40, threshold: 2, lists: [admins]}
"""


def test_two_designations_planned_together_share_the_exam_both_need(tmp_path):
    """Contoso Azure needs two Architect Experts (AZ-305 + AZ-104 each), Contoso Admins two Administrators
    (AZ-104): alone 4 and 2 exams, together 4: each AZ-104 counts for both designations."""
    (tmp_path / "admins.yaml").write_text(ADMINS_ONLY, encoding="utf-8")
    catalogs = azure_catalogs(tmp_path).with_catalogs([load_catalog_file(tmp_path / "admins.yaml")])
    text = ("schema_version: 1\nname: Two\ncompetency: contoso-azure\n"
            "targets: [contoso-azure:solutions-partner, contoso-admins:solutions-partner]\n"
            "as_of: 2026-07-01\ndeadline: 2026-12-31\norganization:\n  metrics: {usage-growth: 100}\n"
            "staff:\n  - {id: ann}\n  - {id: bob}\n")
    loaded = load_scenario_text(text, "s.yaml", catalogs=catalogs)
    targets = [resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets or ()]
    counts = []
    for chosen in ([targets[0]], [targets[1]], targets):
        problem = build_problem(loaded, "solutions-partner", targets=chosen)
        counts.append(len(plan_body(problem, solve(problem)).new_exams))
    assert [4, 2, 4] == counts


@pytest.mark.parametrize(("staff", "expected"), [
    ("  - {id: ann}\n  - {id: bob}\n  - {id: cy}\n",
     ("optimal", ["ann AZ-104", "ann AZ-305", "bob AZ-104", "bob AZ-305", "cy AZ-104", "cy AZ-305"])),
    ("  - {id: ann}\n  - {id: bob}\n", ("infeasible", [])),
])
def test_resilience_keeps_the_gate_steps_met_after_a_departure(tmp_path, staff, expected):
    """With resilience 1 the gates need two Architect Experts and two Administrators after anyone leaves:
    three people each take AZ-104 and AZ-305 (six exams); two people cannot."""
    loaded = azure(tmp_path, staff)
    assert expected == planned(loaded, settings=PlanSettings(resilience=1))[:2]
