"""The independent validator: every plan re-checked against the rules restated without the solver and
without the rest of the planner (nothing here imports planner outside this package, nor ortools)."""

from planner.validation.checks import GOAL_RULES, PLAN_RULES, recheck

__all__ = ["GOAL_RULES", "PLAN_RULES", "recheck"]
