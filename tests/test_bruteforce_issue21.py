"""The model's optimum on tiny rosters of issue 21's format equals an exhaustive search.

Two certifications with a prerequisite (Azure Solutions Architect Expert: AZ-305 and the Azure Administrator
Associate, AZ-104), one exam metric of experts gated by one step of administrators (people and points
drawn), and an input metric; on one track, or on two scored side by side (`higher-total`: the SMB one with
fewer experts and people but a higher usage threshold, its step earning points). Each person may hold AZ-104
or AZ-305 passes, or an Administrator Associate certification pass that expires before the deadline
(renewable in its window); resilience 0 or 1 (the level still met after any one of the people leaves). The
search tries every set of changes (new exams a person may take, renewals) for every person, scores the
deadline's holdings with the rules functions (planner.rules.holdings.items_held_on, planner.rules.points),
and keeps the fewest changes, then the lowest cost (objective "exams"), or the other way round ("cost").
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from models.scenario import Pass
from planner.core.pieces import plan_body
from planner.core.problem import PlanSettings, build_problem
from planner.core.solving import solve
from planner.input.loading import LoadedScenario, load_scenario_text
from planner.rules.catalogs import load_catalog_file, shipped_catalogs
from planner.rules.domain import exam_cost_cents, renewal_cost_cents
from planner.rules.holdings import items_held_on
from planner.rules.points import people_counts, track_scores

ADMIN, ARCHITECT = "azure-administrator-associate", "azure-solutions-architect-expert"
AS_OF, DEADLINE = dt.date(2026, 7, 1), dt.date(2026, 12, 31)

CATALOG = """\
catalog_version: 1
id: tiny-gated
name: Tiny Gated
revision: 2024-01-01
exams: []
lists:
  - {{id: admins, name: Administrators, certifications: [azure-administrator-associate]}}
  - {{id: experts, name: Experts, certifications: [azure-solutions-architect-expert]}}
levels:
  - id: solutions-partner
    name: Tiny Gated Partner
    score:
      total: {total}
      metrics:
        - id: experts
          name: Experts
          max_points: 40
          threshold: 2
          lists: [experts]
          gate: [{{lists: [admins], people: {people}, points: {points}}}]
        - {{id: usage-growth, name: Usage growth, max_points: 60, threshold: 100, input: usage-growth}}
"""

SIDES = """\
catalog_version: 1
id: tiny-gated
name: Tiny Gated
revision: 2024-01-01
exams: []
lists:
  - {{id: admins, name: Administrators, certifications: [azure-administrator-associate]}}
  - {{id: experts, name: Experts, certifications: [azure-solutions-architect-expert]}}
levels:
  - id: solutions-partner
    name: Tiny Gated Partner
    score:
      total: {total}
      track_rule: higher-total
      metrics:
        - id: experts
          name: Experts
          max_points: 40
          threshold: {{enterprise: 2, smb: 1}}
          lists: [experts]
          gate:
            - lists: [admins]
              people: {{enterprise: {people}, smb: 1}}
              points: {{enterprise: 0, smb: {points}}}
        - id: usage-growth
          name: Usage growth
          max_points: 60
          threshold: {{enterprise: 100, smb: 200}}
          input: usage-growth
"""

PASSES = {  # what a person may hold on as_of
    "AZ-104": "AZ-104",
    "AZ-305": "AZ-305",
    "renewable": f"{{certification: {ADMIN}, date: 2025-09-01}}",  # expires 2026-09-01: renewable from as_of
}


@st.composite
def instances(draw):
    people = []
    for i in range(draw(st.integers(2, 4))):
        passes = draw(st.sets(st.sampled_from(sorted(PASSES))))
        can_take = draw(st.sampled_from([None, [], ["AZ-104"], ["AZ-305"]]))
        rate = draw(st.sampled_from([None, 40, 70]))
        people.append((f"p{i}", sorted(passes), can_take, rate))
    figures = {"total": draw(st.sampled_from([40, 55, 60, 70, 80])), "people": draw(st.sampled_from([1, 2])),
               "points": draw(st.sampled_from([0, 5])), "sides": draw(st.booleans())}
    usage = draw(st.sampled_from([20, 50, 100]))
    return figures, usage, people


def loaded_instance(figures, usage, people, tmp_dir) -> LoadedScenario:
    path = tmp_dir / "tiny-gated.yaml"
    path.write_text((SIDES if figures["sides"] else CATALOG).format(**figures), encoding="utf-8")
    catalogs = shipped_catalogs().with_catalogs([load_catalog_file(path)])
    staff = ""
    for pid, passes, can_take, rate in people:
        staff += f"  - id: {pid}\n    passed: [{', '.join(PASSES[p] for p in passes)}]\n"
        staff += f"    can_take: {can_take}\n" if can_take is not None else ""
        staff += f"    hourly_rate_usd: {rate}\n" if rate is not None else ""
    text = (f"schema_version: 1\nname: Tiny\ncompetency: tiny-gated\nas_of: {AS_OF}\ndeadline: {DEADLINE}\n"
            f"organization:\n  metrics: {{usage-growth: {usage}}}\n"
            "costs: {exam_fee_usd: 165, prep_hours: 20, hourly_rate_usd: 50}\nstaff:\n" + staff)
    return load_scenario_text(text, "s.yaml", catalogs=catalogs)


def brute_force(loaded: LoadedScenario, objective: str, resilience: int = 0) -> tuple[int, int] | None:
    """The best (changes, cost in cents) by exhaustive search, or None when no set of changes meets the
    level (and, with resilience K, still meets it after any K people leave)."""
    scenario, catalog = loaded.scenario, loaded.catalog
    level = catalog.levels[0]
    known, certifications = loaded.catalogs.exams(catalog), loaded.catalogs.certifications
    per_person = []
    for person in scenario.staff:
        held = items_held_on(person, DEADLINE, known, certifications)
        changes = [c for c in ("AZ-104", "AZ-305") if c not in held
                   and (person.can_take is None or c in person.can_take)]
        renewable = any(p.certification == ADMIN for p in person.passed) and f"@{ADMIN}" not in held
        changes += ["renewal"] if renewable else []
        options = []
        for n in range(len(changes) + 1):
            for chosen in itertools.combinations(changes, n):
                passed = list(person.passed)
                passed += [Pass(exam=c) for c in chosen if c != "renewal"]
                if "renewal" in chosen:
                    renewed = {"expires": dt.date(2027, 9, 1)}  # one year from its expiry
                    passed = [p.model_copy(update=renewed) if p.certification == ADMIN else p for p in passed]
                after = person.model_copy(update={"passed": passed})
                cost = sum(renewal_cost_cents(scenario, person) if c == "renewal"
                           else exam_cost_cents(scenario, person, c) for c in chosen)
                options.append((items_held_on(after, DEADLINE, known, certifications), len(chosen), cost))
        per_person.append(options)
    best = None
    def met(holdings: list[frozenset[str]]) -> bool:
        counts = people_counts(level, catalog, holdings)
        return any(s.met for s in track_scores(level, counts, scenario.organization, None))

    for combo in itertools.product(*per_person):
        holdings = [held for held, _, _ in combo]
        k = min(resilience, len(holdings))
        if not all(met([h for i, h in enumerate(holdings) if i not in gone])
                   for gone in itertools.combinations(range(len(holdings)), k)):
            continue
        changes, cost = sum(c for _, c, _ in combo), sum(c for _, _, c in combo)
        key = (changes, cost) if objective == "exams" else (cost, changes)
        best = key if best is None or key < best else best
    if best is None:
        return None
    return best if objective == "exams" else (best[1], best[0])


def model_optimum(loaded: LoadedScenario, objective: str, prune: bool = True, resilience: int = 0
                  ) -> tuple[int, int] | None:
    problem = build_problem(loaded, "solutions-partner", objective, prune=prune,  # type: ignore[arg-type]
                            settings=PlanSettings(resilience=resilience))
    solution = solve(problem)
    if not solution.has_plan:
        return None
    body = plan_body(problem, solution)
    return len(body.new_exams), body.total_cents


RESILIENCE = st.sampled_from([0, 0, 1])


@given(instance=instances(), objective=st.sampled_from(["exams", "cost"]), resilience=RESILIENCE)
def test_the_models_optimum_equals_the_exhaustive_search(instance, objective, resilience, tmp_path_factory):
    """On 2-4 people with prerequisites, a gate step and renewals, the model (pruned and whole) finds the
    exhaustive search's fewest changes and cost, with resilience 0 or 1."""
    loaded = loaded_instance(*instance, tmp_path_factory.mktemp("tiny"))
    expected = brute_force(loaded, objective, resilience)
    assert (expected, expected) == (model_optimum(loaded, objective, True, resilience),
                                    model_optimum(loaded, objective, False, resilience))

