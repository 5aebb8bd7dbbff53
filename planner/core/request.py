"""A planning request: what to reach and how (PlanRequest), and the time limit its run shares (Clock).

Every mode is a setting of the request (planner/core/pipeline.py plans it); the plans behind an explanation
are requests of their own, made from the reader's request with `PlanRequest.inside`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any, Literal

from planner.core.problem import Objective
from planner.input.loading import ResolvedTarget

Differ = Literal["people", "exams"]


@dataclass(frozen=True)
class PlanRequest:
    """What to reach and how: the goals (one or more), the objective and every mode's setting.

    `budget_usd` and `resilience` of None mean the scenario's policy; `any_budget` plans without a budget
    whatever both say."""

    goals: tuple[ResolvedTarget, ...]
    objective: Objective = "exams"
    budget_usd: float | None = None
    resilience: int | None = None
    alternatives: int = 1
    alternatives_differ: Differ = "people"
    schedule: bool = False
    buffer: bool = False
    time_limit: float | None = None
    fixes: bool = True
    prune: bool = True
    alone: bool = True  # with several goals, also plan each goal alone (what planning together saves)
    explain: bool = True  # say why a plan is out of reach (best skips it for a level it only tests)
    any_budget: bool = False  # no budget at all (the cheapest plan a budget falls short of)
    # Fill as many slots (a scored level: score as many points) as the budget allows instead of meeting
    # the goals: a partial plan, re-checked by planner.validation.partial (best's next level, and the
    # most points within a budget a reason names). It claims no goal reached.
    fill_most: bool = False
    # The plan's odds and path, what resilience costs, and why a goal met today still needs a plan; off
    # for a plan only its figures are read from (the plans behind an explanation, the fixes' re-plans).
    details: bool = True
    # Only the plan's figures are read (each goal planned alone beside several together): the plan stops at
    # the objective's optimum, without the tie-break that makes it the canonical one of its equals.
    figures_only: bool = False
    # What a person reading the plan is told beside it (on for `planner plan`, off for every plan made
    # inside another: best's levels, fixes, compare rows, alternatives, goals planned alone): the best plan
    # of the other objective when it beats this one there (the same model solved again, `cheaper` /
    # `fewer_exams`), and for several goals a budget cannot cover together the most of them it covers,
    # planned (`within_budget`).
    compare_objectives: bool = False
    goals_that_fit: bool = False

    def inside(self, **changes: Any) -> PlanRequest:
        """This request with `changes`, as a plan made inside another one: nothing for a reader beside it."""
        return replace(self, compare_objectives=False, goals_that_fit=False, **changes)

    @property
    def other_objective(self) -> Literal["exams", "cost"] | None:
        """The objective whose best plan is named beside this one's when it beats it there (cost beside
        exams, exams beside cost); None unless `compare_objectives`, for the time and risk objectives, and
        for a plan with spares (a problem of its own) or of the most slots."""
        if not self.compare_objectives or self.buffer or self.fill_most:
            return None
        return _OTHER.get(self.objective)


_OTHER: dict[str, Literal["exams", "cost"]] = {"exams": "cost", "cost": "exams"}


class Clock:
    """The time limit of a whole run: building and every solve share it."""

    def __init__(self, limit: float | None) -> None:
        self.limit = limit
        self.started = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def left(self) -> float | None:
        """Seconds left (None: no limit)."""
        return None if self.limit is None else max(0.0, self.limit - self.elapsed())

    @property
    def expired(self) -> bool:
        left = self.left()
        return left is not None and left <= 0
