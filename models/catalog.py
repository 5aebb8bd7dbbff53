"""A competency's rules as data: exams, lists of exams, roles, levels and the sources behind them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

Market = Literal["developed", "developing"]

MAX_SLOTS = 1_000_000
"""The most slots a level may give one role: far beyond any programme, and within CP-SAT's integers."""
MAX_REQUIRED_USD = 10_000_000_000
"""The largest revenue a gate may require (US$10 billion), the scenario's own bound on revenue figures."""
RESERVED_GATE_IDS = frozenset({"dpor"})
"""Gate ids the planner uses itself: a level's DPOR requirement is reported as the gate `dpor`."""


def _no_colon(value: str) -> str:
    """An id is written inside 'competency:level' targets and 'competency:gate' keys: no ':' in it."""
    if ":" in value:
        raise ValueError(f"an id must not contain ':' (targets are written 'competency:level'); "
                         f"got {value!r}")
    return value


Id = Annotated[str, Field(min_length=1), AfterValidator(_no_colon)]
SlotCount = Annotated[int, Field(ge=0, le=MAX_SLOTS)]
RequiredUsd = Annotated[int, Field(ge=0, le=MAX_REQUIRED_USD)]


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

    id: Id
    name: str
    description: str = ""
    exams: list[str] = Field(min_length=1)


class Role(_Strict):
    """What one slot demands: one exam from each of these lists, all held by the same person."""

    id: Id
    description: str = ""
    lists: list[str] = Field(min_length=1)


class RevenueGate(_Strict):
    """A revenue threshold per market class."""

    id: Id
    metric: str = ""
    required_usd: dict[Market, RequiredUsd]
    source: str | None = None
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_GATE_IDS:
            raise ValueError(f"a revenue gate must not be called {value!r}: the planner reports a level's "
                             "DPOR requirement under that name; pick another id")
        return value


People = Literal["different", "same-or-different"]


class Level(_Strict):
    """A competency level: slots per role, who may fill them, and its gates."""

    id: Id
    name: str
    slots: dict[str, SlotCount]
    people: People = Field(
        "different",
        description="'different': no person fills two slots of the level, even of different roles (Cloud "
        "CRM's 'another individual'); 'same-or-different': a person fills at most one slot of each role "
        "but may fill slots of several roles (Cloud Business Applications' 'the same or different "
        "individuals').",
    )
    revenue_gates: list[RevenueGate] = []
    dpor: bool = False

    @field_validator("revenue_gates")
    @classmethod
    def _gates_named_once(cls, value: list[RevenueGate]) -> list[RevenueGate]:
        require_unique("revenue gate id", [g.id for g in value])
        return value

    @property
    def total_slots(self) -> int:
        return sum(self.slots.values())


class CatalogOption(_Strict):
    """One way to attain a competency: its own roles and levels over the catalog's exams and lists.

    Meeting every requirement of one option attains the competency; the planner picks the cheaper."""

    id: Id
    name: str
    description: str = ""
    roles: list[Role] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)


class Catalog(_Strict):
    """A competency (one revision of it) as the planner reads it.

    A competency with one way to attain it writes `roles` and `levels` at the top (and may name the
    option in `option`); one with several writes them per option under `options`.
    """

    catalog_version: Literal[1]
    id: Id
    name: str
    option: str = ""
    option_id: str = ""
    revision: dt.date = Field(description="The day this revision of the rules came into force.")
    description: str = ""
    sources: dict[str, str] = {}
    exams: list[Exam]
    lists: list[ExamList]
    roles: list[Role] = []
    levels: list[Level] = []
    options: list[CatalogOption] = []

    @model_validator(mode="after")
    def _references_resolve(self) -> Catalog:
        codes = [e.code for e in self.exams]
        require_unique("exam code", codes)
        require_unique("list id", [lst.id for lst in self.lists])
        known = set(codes)
        for lst in self.lists:
            for code in lst.exams:
                if code not in known:
                    raise ValueError(f"list {lst.id} names unknown exam {code}")
        if self.options:
            _check_options(self)
        else:
            if not self.levels:
                raise ValueError("a catalog needs levels (or options, each with its roles and levels)")
            _check_roles_and_levels(self, self.roles, self.levels, "")
        named = set(self.sources)
        gates = [g for opt in self.option_catalogs() for lv in opt.levels for g in lv.revenue_gates]
        sourced: list[Exam | RevenueGate] = [*self.exams, *gates]
        for thing in sourced:
            if thing.source is not None and thing.source not in named:
                raise ValueError(f"unknown source {thing.source!r}")
        return self

    def option_catalogs(self) -> list[Catalog]:
        """One catalog per option, each with that option's roles and levels (itself when it has one)."""
        if not self.options:
            return [self]
        return [self.model_copy(update={"option": o.name, "option_id": o.id, "roles": o.roles,
                                        "levels": o.levels, "options": [],
                                        "description": o.description or self.description})
                for o in self.options]

    @property
    def level_ids(self) -> list[str]:
        """The ids of the levels, lowest first (the same in every option)."""
        return [lv.id for lv in self.option_catalogs()[0].levels]

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


def _check_options(catalog: Catalog) -> None:
    """Options instead of top-level roles and levels, each named once, all with the same levels."""
    if catalog.roles or catalog.levels or catalog.option:
        raise ValueError("write roles and levels either at the top (one way to attain the "
                         "competency) or under options, not both")
    require_unique("option id", [o.id for o in catalog.options])
    level_ids = [lv.id for lv in catalog.options[0].levels]
    for opt in catalog.options:
        if [lv.id for lv in opt.levels] != level_ids:
            raise ValueError(f"option {opt.id} has levels {[lv.id for lv in opt.levels]}, but "
                             f"option {catalog.options[0].id} has {level_ids}: every option needs the "
                             "same levels")
        _check_roles_and_levels(catalog, opt.roles, opt.levels, f"option {opt.id}: ")


def _check_roles_and_levels(catalog: Catalog, roles: list[Role], levels: list[Level], where: str) -> None:
    require_unique(f"{where}role id", [r.id for r in roles])
    require_unique(f"{where}level id", [lv.id for lv in levels])
    list_ids = {lst.id for lst in catalog.lists}
    for role in roles:
        for lid in role.lists:
            if lid not in list_ids:
                raise ValueError(f"{where}role {role.id} names unknown list {lid}")
    role_ids = {r.id for r in roles}
    for level in levels:
        for rid, n in level.slots.items():
            if rid not in role_ids:
                raise ValueError(f"{where}level {level.id} names unknown role {rid}")
            if n < 0:
                raise ValueError(f"{where}level {level.id}: slot count of {rid} is negative")


def require_unique(what: str, values: list[str]) -> None:
    """Each name once: a second entry with the same name would be ambiguous."""
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise ValueError(f"{what} {v!r} is listed twice; give each its own name")
        seen.add(v)
