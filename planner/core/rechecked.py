"""The plan's independent re-check (planner/validation), one entry point for every mode of the pipeline."""

from __future__ import annotations

from models.certification import CertificationCatalog
from models.report import PlanReport
from models.scenario import Scenario
from planner.core.request import PlanRequest
from planner.errors import InternalError


def recheck_report(scenario: Scenario, request: PlanRequest, report: PlanReport,
                   certifications: CertificationCatalog | None = None) -> list[str]:
    """The independent validator's problems with the report (one entry point for every mode; a plan of
    the most slots within a budget is re-checked for what it claims, planner.validation.partial)."""
    from planner import validation
    from planner.validation import partial

    goals = [(t.label, t.catalog, t.level) for t in request.goals]
    # the certification catalog only for goals whose lists name certifications (others: as before)
    named = any(lst.certifications for t in request.goals for lst in t.catalog.lists)
    extra = {"certifications": certifications} if named and certifications is not None else {}
    if request.fill_most:
        return partial.recheck_partial(scenario, goals, report, **extra)
    return validation.recheck(scenario, goals, report, **extra)


def refuse_unsound(problems: list[str]) -> None:
    """A plan that fails its independent check is a bug: it is never printed as a plan."""
    if problems:
        raise InternalError(
            "the plan failed its independent check (" + "; ".join(problems[:3]) + "). This is a bug in "
            "the planner: please report it with the scenario file attached."
        )
