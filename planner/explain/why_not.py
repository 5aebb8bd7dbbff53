"""Why a request has no plan, in plain words, from the facts the pipeline finds: a goal that fails even
alone, a budget or a resilience that blocks it, goals that cannot share the staff, an option that fails,
and the facts that block it together (with what the search for them could not finish).

The pipeline (planner.core.pipeline) finds the facts (which limit binds, what the cheapest plan costs,
the most points within a budget); every sentence about them is built here.
"""

from __future__ import annotations

import datetime as dt

from planner.rules.domain import usd

MAX_FACTS = 6  # facts named in one sentence; the fixes list the cheapest ones to change


def goals_name(labels: list[str], level_name: str) -> str:
    """'cloud-crm:gold and cloud-business-applications:silver' for several goals, else the level's name."""
    if len(labels) > 1:
        return " and ".join(labels)
    return level_name


def blocked_alone(label: str, reasons: list[str]) -> str:
    """A goal that cannot be met even when planned on its own, with the first reason it has."""
    return f"{label} cannot be met even on its own: {reasons[0] if reasons else 'no plan exists'}"


def over_budget(name: str, cost_cents: int, budget_cents: int, within: str = "") -> str:
    """The budget blocks the goals: what their cheapest plan costs, how far over the budget that is, and
    (`within`, from `most_points_within`) what the budget buys of a scored level."""
    return (f"{name} needs a plan costing at least {usd(cost_cents / 100)}, "
            f"{usd((cost_cents - budget_cents) / 100)} over the budget of "
            f"{usd(budget_cents / 100)}" + within)


def most_points_within(level_name: str, deadline: dt.date | None, points: str) -> str:
    """'; within it, the most Mini designation can score by 2027-06-30 is 57 of the 70 points needed'
    (`points` from planner.explain.reasons.best_score_words)."""
    return f"; within it, the most {level_name} can score by {deadline} is {points}"


def not_resilient(name: str, k: int, scored_alone: bool) -> str:
    """Resilience blocks the goals: they can be reached, but not kept after any `k` departures (a single
    scored goal keeps its points, any other keeps its slots)."""
    what = "qualify to keep its points" if scored_alone else "qualify for its slots"
    return (f"{name} can be reached, but no plan keeps it after any {k} of the people "
            f"who count leave: there are not enough people who can {what}")


def _departures(k: int) -> str:
    return f"any {k} departure{'s' if k != 1 else ''}"


def _changes(new_exams: int, renewals: int, hires: int, cost_usd: float) -> str:
    """'no new exams', '2 new exams for US$330', '1 new exam, 1 renewal and 1 hire for US$12,250'."""
    counts = [(new_exams, "new exam"), (renewals, "renewal"), (hires, "hire")]
    parts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n]
    if not parts:
        return "no new exams"
    words = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{words} for {usd(cost_usd)}"


def without_resilience(name: str, k: int, within_budget: bool, changes: tuple[int, int, int, float]) -> str:
    """The resilience policy keeps a level out of reach: what reaches it without the policy (within the
    budget, when there is one); `changes` are its new exams, renewals, hires and cost."""
    budget = "within the budget " if within_budget else ""
    return (f"without the resilience policy (the level kept after {_departures(k)}) {name} is reachable "
            f"{budget}with {_changes(*changes)}")


def only_without_resilience_and_budget(name: str, k: int, cost_usd: float, budget_usd: float) -> str:
    """The budget and the resilience policy together keep a level out of reach: no plan keeps it after k
    departures, and the cheapest plan without the policy costs more than the budget."""
    return (f"{name} is reachable only without the resilience policy (the level kept after {_departures(k)}) "
            f"and with a larger budget: its cheapest plan without the policy costs {usd(cost_usd)}, "
            f"{usd(cost_usd - budget_usd)} over the budget")


def cannot_share(golds_clash: bool, budget_cents: int | None, capped: bool) -> str:
    """Each goal can be met alone but not all together: the limits that make them compete for the staff
    (one Gold per person, the budget, people's max_new_exams)."""
    limits = []
    if golds_clash:
        limits.append("a person counts toward at most one Gold competency (policy.one_gold_per_person)")
    if budget_cents is not None:
        limits.append(f"the budget is {usd(budget_cents / 100)}")
    if capped:
        limits.append("some people may take only a few new exams (max_new_exams)")
    return ("each target can be met on its own, but not all of them together with the same staff"
            + (": " + "; ".join(limits) if limits else ""))


def option_fails(option: str, option_id: str | None, reasons: list[str]) -> str:
    """Why one option of a competency cannot be met: the first two reasons of its own plan."""
    why = "; ".join(reasons[:2]) if reasons else "no plan exists"
    return f"option {option} ({option_id}) cannot be met: {why}"


def facts_together(name: str, facts: list[str]) -> str:
    """The facts that together keep the goals out of reach (the first MAX_FACTS of them, and how many
    more)."""
    shown = "; ".join(facts[:MAX_FACTS]) + (
        f"; and {len(facts) - MAX_FACTS} more facts of these kinds" if len(facts) > MAX_FACTS else "")
    return f"even with every other limit lifted, these facts together keep {name} out of reach: {shown}"


def search_stopped(by_time: bool) -> str:
    """The search for fixes ran out of time (the run's time limit) or of work (its deterministic bound):
    what it lists is the best found so far."""
    limit = "the run's time limit" if by_time else "its limit of work"
    return f"the search for fixes stopped at {limit}; the fixes listed (if any) are the best found so far"
