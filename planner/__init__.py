"""planner: the cheapest exam plan that reaches a Microsoft partner competency level.

The library's face: load a scenario, then plan it, check where the partner stands, find the best level
within a budget, compare scenarios, or set every level side by side (the ladder); each answer is a typed
pydantic report (models/report.py).

    import planner

    loaded = planner.load_scenario("scenarios/contoso-gold-push.yaml")
    report = planner.plan(loaded, "gold")          # a PlanReport: report.status, report.total_cost_usd...
    standing = planner.check(loaded)               # a CheckReport
    best = planner.best(loaded, budget_usd=3000)   # a BestReport
    both = planner.compare(["scenarios/contoso-what-if.yaml"], "gold")  # a Comparison: .report, .plans
    rungs = planner.ladder(loaded)                 # a LadderReport: every level, its standing and plans

Bad input raises ScenarioError (or UsageError), a plan that fails its re-check InternalError; all are
PlannerError. The names are imported on first use, so that `import planner` (and `planner --help`) stays
instant: the solver is loaded only when something is planned.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from models.report import (
        BestReport,
        CheckReport,
        CompareReport,
        CompareRow,
        LadderReport,
        Objective,
        PlanReport,
    )
    from planner.core.compare import Comparison, compare
    from planner.core.planning import best, check, plan
    from planner.errors import InternalError, PlannerError, ScenarioError, UsageError
    from planner.explain.ladder import ladder
    from planner.input.loading import LoadedScenario, ResolvedTarget, load_scenario, resolve_target
    from planner.rules.catalogs import Catalogs, load_catalogs, shipped_catalogs

_HOMES = {
    "models.report": ("BestReport", "CheckReport", "CompareReport", "CompareRow", "LadderReport", "Objective",
                      "PlanReport"),
    "planner.core.compare": ("Comparison", "compare"),
    "planner.core.planning": ("best", "check", "plan"),
    "planner.explain.ladder": ("ladder",),
    "planner.errors": ("InternalError", "PlannerError", "ScenarioError", "UsageError"),
    "planner.input.loading": ("LoadedScenario", "ResolvedTarget", "load_scenario", "resolve_target"),
    "planner.rules.catalogs": ("Catalogs", "load_catalogs", "shipped_catalogs"),
}
"""The module each name of the face lives in."""

_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "BestReport",
    "Catalogs",
    "CheckReport",
    "CompareReport",
    "CompareRow",
    "Comparison",
    "InternalError",
    "LadderReport",
    "LoadedScenario",
    "Objective",
    "PlanReport",
    "PlannerError",
    "ResolvedTarget",
    "ScenarioError",
    "UsageError",
    "best",
    "check",
    "compare",
    "ladder",
    "load_catalogs",
    "load_scenario",
    "plan",
    "resolve_target",
    "shipped_catalogs",
]


if not TYPE_CHECKING:  # for a type checker, the names are those imported above

    def __getattr__(name: str) -> object:
        """A name of the face, imported from its module on first use (PEP 562)."""
        module = _HOME_OF.get(name)
        if module is None:
            raise AttributeError(f"module 'planner' has no attribute '{name}'")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*globals(), *__all__])
