"""The answer for goals of which some programme has ended by the deadline (planner/core/pipeline.py)."""

from __future__ import annotations

from models.report import PlanReport, TargetPlan
from planner.core.rechecked import recheck_report, refuse_unsound
from planner.core.request import PlanRequest
from planner.explain import out_of_reach
from planner.input.loading import LoadedScenario, ResolvedTarget
from planner.rules.catalogs import ended_words
from planner.rules.domain import due
from planner.rules.naming import report_names


def ended_report(loaded: LoadedScenario, request: PlanRequest, budget: float | None,
                 ended: list[ResolvedTarget]) -> PlanReport:
    """Nothing planned, not reachable, and why (re-checked like any plan); `budget`: the request's, else the
    policy's."""
    scenario, first = loaded.scenario, request.goals[0]
    deadline = due(scenario)
    reasons = list(dict.fromkeys(
        out_of_reach.programme_ended(ended_words(g.catalog, loaded.catalogs), deadline, "the deadline",
                                     bool(g.catalog.replaced_by)) for g in ended))
    report = PlanReport(
        scenario=scenario.name, competency=first.competency, level=first.level, as_of=scenario.as_of,
        deadline=deadline, objective=request.objective, status="infeasible", reachable=False, gates=[],
        new_exams=[], total_new_exams=0, total_cost_usd=0.0, assignments=[], reasons=reasons,
        budget_usd=budget, rules_revision=first.catalog.revision,
        programme_ended=min(g.catalog.ended for g in ended if g.catalog.ended is not None), stats={},
        names=report_names([loaded.catalog, *(g.catalog for g in request.goals)],
                           loaded.catalogs.certifications),
        targets=[TargetPlan(target=g.label, competency=g.competency, level=g.level,
                            rules_revision=g.catalog.revision, reachable=False, gates=[], assignments=[],
                            new_exams=[]) for g in request.goals] if len(request.goals) > 1 else [])
    refuse_unsound(recheck_report(loaded.scenario, request, report, loaded.catalogs.certifications))
    return report
