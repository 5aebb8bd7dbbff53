"""The independent validator: every plan re-checked against the rules restated without the solver and
without the rest of the planner (nothing here imports planner outside this package, nor ortools).

`recheck` (in `recheck`) runs the rules of PLAN_RULES and GOAL_RULES; each rule lives in the module of its
family: labels, exams, costs, targets, slots, resilience, scores, schedule, odds, gates, alternatives,
holdings (what people hold when lists name certifications, and the certifications a plan earns or renews),
points (a scored level's points: gate steps, parts, tracks); the facts they share (the plan as the rules
read it) are in `facts`, and the roster's facts no plan changes, read once per scenario, in `roster`."""

from planner.validation.recheck import GOAL_RULES, PLAN_RULES, recheck

__all__ = ["GOAL_RULES", "PLAN_RULES", "recheck"]
