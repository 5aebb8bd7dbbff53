"""What a time limit did to a plan, in plain words: a tie-break it cut, a plan it kept from being proven
best (with the bound proven), or no plan found at all."""

from __future__ import annotations

from planner.rules.domain import usd


def proof_reasons(status: str, cut_stage: str | None, bound: float | None, bound_stage: str | None
                  ) -> list[str]:
    """The reasons a plan stopped by the time limit has: a tie-break stage it cut (the plan is still best
    by the objective), or the objective itself not proven, with the proven `bound` (None: none proven)."""
    reasons = []
    if status == "optimal" and cut_stage:
        reasons.append(f"the time limit stopped the tie-break ({cut_stage}) before it finished: "
                       "this plan is proven best by the objective, but another equally good plan may be "
                       "shown without --time-limit")
    if status != "feasible":
        return reasons
    if bound is None:
        reasons.append("the solver stopped at the time limit before proving this plan the best by the "
                       f"objective ({bound_stage})")
        return reasons
    exams = f"{bound:g} new exam{'s' if bound != 1 else ''}"
    words = usd(bound) if bound_stage == "cost" else exams
    reasons.append("the solver stopped at the time limit before proving this plan the best for the "
                   "objective; "
                   f"no plan can be better than {words}")
    return reasons


def not_found_in_time(time_limit: float | None, built: float) -> str:
    """No plan within the time limit (and whether it ran out while the model was being built)."""
    limit = f"the {time_limit:g} s time limit" if time_limit is not None else "the time limit"
    building = time_limit is not None and built >= time_limit
    where = " (it ran out while the model was being built)" if building else ""
    return f"no plan was found within {limit}{where}; try a longer --time-limit"


def other_search_stopped(objective: str, by_work: bool) -> str:
    """The other objective's search (the cheaper plan, or the plan of fewer changes) stopped at its work limit
    or at the time limit before it found a plan beating this one there (none may exist)."""
    what = "a cheaper plan" if objective == "cost" else "a plan of fewer new exams"
    limit = "its work limit (twice the solver's work on this plan)" if by_work else "the time limit"
    return (f"the search for {what} stopped at {limit} before finding one; none may exist: "
            f"plan with --objective {objective} to search to the end")
