"""The plan's independent re-check (planner/validation), one entry point for every mode of the pipeline."""

from __future__ import annotations

import threading

from models.catalog import Catalog
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

    goals, extra = _goals(request, certifications)
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


def _goals(request: PlanRequest, certifications: CertificationCatalog | None
           ) -> tuple[list[tuple[str, Catalog, str]], dict[str, CertificationCatalog]]:
    """The request's goals as the validator names them, and the certification catalog to read them with:
    only for goals whose lists name certifications (others: as before)."""
    named = any(lst.certifications for t in request.goals for lst in t.catalog.lists)
    extra = {"certifications": certifications} if named and certifications is not None else {}
    return [(t.label, t.catalog, t.level) for t in request.goals], extra


def read_the_roster_beside(scenario: Scenario, request: PlanRequest,
                           certifications: CertificationCatalog | None = None) -> threading.Thread:
    """What the re-checks (planner.validation.facts.read_the_roster) and the scores (planner.explain.path's
    counts) of any plan of the request read of a large roster, read in a thread started now, beside the
    solve (CP-SAT lets Python run while it works): join it before any report reads them (they share its
    caches). Six designations on 100,000 generated people: about 0.5 s of reading, which the cheaper plan's
    report and re-check did after the tie-break before."""
    from planner.explain.path import metric_counts
    from planner.validation.facts import read_the_roster

    def read() -> None:
        try:
            goals, extra = _goals(request, certifications)
            read_the_roster(scenario, goals, **extra)
            for t in request.goals:
                for option in t.catalog.option_catalogs():
                    level = option.level(t.level)
                    if level.score is not None:
                        metric_counts(scenario, option, level, [], {}, certifications)
        except BaseException:  # noqa: BLE001, S110 - read again where it is needed, any error raised there
            pass

    thread = threading.Thread(target=read, name="planner-roster", daemon=True)
    thread.start()
    return thread
