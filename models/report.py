"""What the planner answers: plans, standings and comparisons, as scripts read them (JSON)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer

Status = Literal["optimal", "feasible", "infeasible", "unknown"]
"""optimal: proven; feasible: stopped before proof; infeasible: no plan exists; unknown: none found in time."""
Objective = Literal["exams", "cost"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Gate(_Out):
    """A non-exam requirement of a level (revenue threshold, DPOR) and whether it is met."""

    name: str
    ok: bool
    required_usd: float | None = None
    actual_usd: float | None = None
    gap_usd: float | None = None

    @model_serializer(mode="wrap")
    def _drop_empty(self, handler: Any) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None}


class NewExam(_Out):
    """One exam the plan asks a person to take, and what it costs."""

    person: str
    exam: str
    cost_usd: float


class Assignment(_Out):
    """A person filling one slot of the level, with the exams (held and new) that qualify them."""

    person: str
    role: str
    exams: list[str]


class PlanReport(_Out):
    """The answer of `planner plan` (the JSON contract of schema_version 1)."""

    scenario: str
    competency: str
    level: str
    as_of: dt.date
    deadline: dt.date
    objective: Objective
    status: Status
    reachable: bool
    gates: list[Gate]
    new_exams: list[NewExam]
    total_new_exams: int
    total_cost_usd: float
    assignments: list[Assignment]
    reasons: list[str]
    objective_bound: float | None = Field(
        None,
        description="With status 'feasible': the best proven lower bound of the objective "
        "(exams, or cost in USD). None when the plan is proven optimal or there is none.",
    )
    stats: dict[str, Any] = Field(default_factory=dict)


class SlotStanding(_Out):
    """How many slots of one role a level needs and how many the roster fills today."""

    role: str
    required: int
    filled: int


class LevelStanding(_Out):
    """Where the partner stands today for one level."""

    level: str
    met: bool
    exam_rules_met: bool
    gates: list[Gate]
    slots: list[SlotStanding]
    assignments: list[Assignment]
    missing: list[str]


class CheckReport(_Out):
    """The answer of `planner check`: every level, today (on as_of)."""

    scenario: str
    competency: str
    as_of: dt.date
    levels: list[LevelStanding]


class CompareRow(_Out):
    """One scenario's line in `planner compare`."""

    file: str
    scenario: str | None = None
    status: Status | None = None
    reachable: bool | None = None
    total_new_exams: int | None = None
    total_cost_usd: float | None = None
    revenue_gap_usd: float | None = None
    people_used: int | None = None
    error: str | None = None


class CompareReport(_Out):
    """The answer of `planner compare`: several scenarios planned for the same level."""

    level: str
    objective: Objective
    scenarios: list[CompareRow]
