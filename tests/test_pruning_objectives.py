"""Pruning keeps the optimum under every objective: the pruned model plans as well as the whole roster."""

from __future__ import annotations

from planner.core.planning import plan
from tests.helpers import loaded


def test_pruning_keeps_a_hire_who_meets_silver_without_an_exam():
    """Gold (k = 6) with six people who may take the customization exam free and a free hire who holds
    it: both ways are one change at no cost, but only the hire meets Silver before any exam, so the
    pruning must keep the hire though six staff come before it."""
    staff = [{"id": f"a{i}", "passed": ["MB2-717", "MB2-715"]} for i in (1, 2)]
    staff += [{"id": f"x{i}", "can_take": ["MB2-716"]} for i in range(1, 7)]
    consultant = {"profile": "consultant", "passed": ["MB2-716"], "cost_usd": 0, "max_new_exams": 0}
    scenario = loaded(staff, costs={"exam_fee_usd": 0}, hiring=[consultant])
    report = plan(scenario, "gold", "exams", fixes=False)
    silver = next(m for m in report.levels_met if m.level == "silver")
    assert (0, 1, 1) == (silver.after_step, len(report.new_exams), len(report.hires))
