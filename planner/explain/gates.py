"""A goal's gates in words: the options left out of a plan because their gates fail, and the changes that
would open a failing gate (revenue still missing, DPOR).

The gates themselves (thresholds, verdicts, the reason each fails) are planner.rules.domain.level_gates.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.catalog import Catalog
from models.report import Fix
from models.scenario import Organization
from planner.rules.domain import GateCheck, level_gates


def target_prefix(label: str, several: bool) -> str:
    """'Cloud Customer Relationship Management Gold: ' (the goal's name) before what is said about one goal
    of several, else nothing."""
    return f"{label}: " if several else ""


def options_left_out(catalog: Catalog, level_id: str, planned: Iterable[str], organization: Organization,
                     prefix: str = "") -> list[str]:
    """'option X is not planned, as its gates fail: ...' for each option of the competency the plan leaves
    out (planner.core.problem.plan_goals plans only the options whose gates pass)."""
    kept = set(planned)
    out = []
    for option in catalog.option_catalogs():
        if option.option_id not in kept:
            failing = [g.reason for g in level_gates(option.level(level_id), organization, option.id)
                       if g.reason]
            out.append(f"{prefix}option {option.option} is not planned, as its gates fail: "
                       + "; ".join(failing))
    return out


def gate_fixes(gates: list[GateCheck], level_name: str, prefix: str = "") -> list[Fix]:
    """The revenue still missing, and DPOR, for each gate of a goal that fails."""
    out = []
    for g in gates:
        if g.gate.ok:
            continue
        if g.gate.name == "dpor":
            out.append(Fix(kind="dpor", option=0, change=f"{prefix}become Digital Partner of Record "
                           "(DPOR) for the customers whose revenue counts"))
        elif g.gate.required_usd is None:
            continue  # no threshold in this market: no amount of revenue helps (the reason says so)
        elif g.gate.gap_usd is not None:
            out.append(Fix(kind="revenue", option=0, amount_usd=g.gate.gap_usd,
                           change=f"{prefix}US${g.gate.gap_usd:,.0f} more {g.gate.name} in the trailing "
                           f"twelve months (the {level_name} threshold is US${g.gate.required_usd:,.0f})"))
    return out
