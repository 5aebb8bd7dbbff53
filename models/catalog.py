"""A competency's rules as data: exams, lists of exams, roles, levels and the sources behind them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Market = Literal["developed", "developing"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Exam(_Strict):
    """One exam: when it can be taken and until when a pass counts."""

    code: str = Field(min_length=1)
    title: str
    first_take: dt.date | None = Field(None, description="First day the exam can be taken (none: always).")
    last_take: dt.date | None = Field(None, description="Last day the exam can be taken (none: no end).")
    counts_until: dt.date | None = Field(None, description="Last day a pass counts (none: no end).")
    source: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Exam:
        if self.first_take and self.last_take and self.first_take > self.last_take:
            raise ValueError(f"{self.code}: first_take is after last_take")
        if self.last_take and self.counts_until and self.counts_until < self.last_take:
            raise ValueError(f"{self.code}: counts_until is before last_take")
        return self


class ExamList(_Strict):
    """A named list of exams; a role needs one exam from each of its lists."""

    id: str
    name: str
    description: str = ""
    exams: list[str] = Field(min_length=1)


class Role(_Strict):
    """What one slot demands: one exam from each of these lists, all held by the same person."""

    id: str
    description: str = ""
    lists: list[str] = Field(min_length=1)


class RevenueGate(_Strict):
    """A revenue threshold per market class."""

    id: str
    metric: str = ""
    required_usd: dict[Market, int]
    source: str | None = None
    note: str | None = None


class Level(_Strict):
    """A competency level: slots per role, filled by different people, and its gates."""

    id: str
    name: str
    slots: dict[str, int]
    people: Literal["different"] = Field(
        "different", description="'different': no person fills two slots of the level."
    )
    revenue_gates: list[RevenueGate] = []
    dpor: bool = False

    @property
    def total_slots(self) -> int:
        return sum(self.slots.values())


class Catalog(_Strict):
    """A competency (one option of it, one revision) as the planner reads it."""

    catalog_version: Literal[1]
    id: str
    name: str
    option: str = ""
    revision: dt.date
    sources: dict[str, str] = {}
    exams: list[Exam]
    lists: list[ExamList]
    roles: list[Role]
    levels: list[Level] = Field(min_length=1)

    @model_validator(mode="after")
    def _references_resolve(self) -> Catalog:
        codes = [e.code for e in self.exams]
        require_unique("exam code", codes)
        require_unique("list id", [lst.id for lst in self.lists])
        require_unique("role id", [r.id for r in self.roles])
        require_unique("level id", [lv.id for lv in self.levels])
        known = set(codes)
        for lst in self.lists:
            for code in lst.exams:
                if code not in known:
                    raise ValueError(f"list {lst.id} names unknown exam {code}")
        list_ids = {lst.id for lst in self.lists}
        for role in self.roles:
            for lid in role.lists:
                if lid not in list_ids:
                    raise ValueError(f"role {role.id} names unknown list {lid}")
        role_ids = {r.id for r in self.roles}
        for level in self.levels:
            for rid, n in level.slots.items():
                if rid not in role_ids:
                    raise ValueError(f"level {level.id} names unknown role {rid}")
                if n < 0:
                    raise ValueError(f"level {level.id}: slot count of {rid} is negative")
        named = set(self.sources)
        for thing in [*self.exams, *(g for lv in self.levels for g in lv.revenue_gates)]:
            if thing.source is not None and thing.source not in named:
                raise ValueError(f"unknown source {thing.source!r}")
        return self

    def exam(self, code: str) -> Exam:
        for e in self.exams:
            if e.code == code:
                return e
        raise KeyError(code)

    def level(self, level_id: str) -> Level:
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        raise KeyError(level_id)

    def exam_list(self, list_id: str) -> ExamList:
        for lst in self.lists:
            if lst.id == list_id:
                return lst
        raise KeyError(list_id)


def require_unique(what: str, values: list[str]) -> None:
    """Each name once: a second entry with the same name would be ambiguous."""
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise ValueError(f"{what} {v!r} is listed twice; give each its own name")
        seen.add(v)
