"""A competency's rules as data: exams, lists of exams, roles, levels and the sources behind them."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
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
    unconfirmed: bool = Field(False, description="The sources do not confirm this exam's place in the rules.")

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
    source: str | None = None
    unconfirmed: bool = Field(False, description="The sources do not confirm which exams are in the list.")
    note: str | None = None


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


MAX_SCALED_POINTS = 2 ** 53
"""The largest integer a scored level's points may become when the planner counts them exactly (see
Score.points_scale): far within CP-SAT's 64-bit integers, and exact in the doubles of its LP relaxation."""

People = Literal["different", "same-or-different"]
Points = Annotated[float, Field(gt=0, le=1_000_000)]
Threshold = Annotated[int, Field(ge=1, le=MAX_SLOTS)]


class Metric(_Strict):
    """One metric of a scored level: `max_points` at `threshold` or more, in proportion below it.

    An exam metric (`lists`) counts the people who hold one exam of each of its lists (a person counts
    once, however many such exams they hold); any other metric (`input`) reads a figure the scenario
    gives in `organization.metrics`. Points = max_points x min(n, threshold) / threshold."""

    id: Id
    name: str
    category: str = ""
    max_points: Points
    threshold: Threshold | dict[str, Threshold] = Field(
        description="The count that earns every point; a mapping gives one per track (e.g. enterprise, smb).")
    lists: list[str] = Field(default_factory=list, description="Exam metric: one exam of each list.")
    input: str | None = Field(None, description="Other metric: its key in organization.metrics.")
    unit: str = ""
    min_points: float = Field(0, ge=0, description="The level also needs at least this many points here.")
    source: str | None = None
    unconfirmed: bool = Field(False, description="The sources do not confirm this metric's figures.")
    note: str | None = None

    @field_validator("threshold")
    @classmethod
    def _a_threshold_per_named_track(cls, value: int | dict[str, int]) -> int | dict[str, int]:
        if isinstance(value, dict) and not value:
            raise ValueError("a threshold is a count, or one count per track (e.g. {enterprise: 20, "
                             "smb: 5}); got an empty mapping, which names no track")
        return value

    @model_validator(mode="after")
    def _lists_or_input(self) -> Metric:
        if bool(self.lists) == (self.input is not None):
            raise ValueError(f"metric {self.id}: give either `lists` (an exam metric) or `input` (a figure "
                             "from organization.metrics), not both or neither")
        if self.min_points > self.max_points:
            raise ValueError(f"metric {self.id}: min_points {self.min_points:g} is more than its max_points "
                             f"{self.max_points:g}: no count could meet it")
        return self

    def threshold_for(self, track: str | None) -> int:
        """The threshold on a track (the only one when the metric has one for every track)."""
        if isinstance(self.threshold, int):
            return self.threshold
        if track is None or track not in self.threshold:
            raise KeyError(track)
        return self.threshold[track]

    def points(self, count: float, track: str | None) -> Fraction:
        """Points for `count` people (or the input's figure): max x min(count, T) / T, exactly."""
        t = self.threshold_for(track)
        return Fraction(str(self.max_points)) * Fraction(str(min(max(count, 0), t))) / t


class Score(_Strict):
    """A scored level: at least `total` points over the metrics (and, with `every_metric_above_zero`,
    more than 0 in each)."""

    total: Points
    every_metric_above_zero: bool = True
    metrics: list[Metric] = Field(min_length=1)
    source: str | None = None
    unconfirmed: bool = False
    note: str | None = None

    @field_validator("metrics")
    @classmethod
    def _metrics_once_same_tracks(cls, value: list[Metric]) -> list[Metric]:
        require_unique("metric id", [m.id for m in value])
        tracks = {frozenset(m.threshold) for m in value if isinstance(m.threshold, dict)}
        if len(tracks) > 1:
            raise ValueError("every metric with thresholds per track must name the same tracks")
        return value

    @model_validator(mode="after")
    def _reachable_total(self) -> Score:
        out_of = sum(Fraction(str(m.max_points)) for m in self.metrics)
        if Fraction(str(self.total)) > out_of:
            raise ValueError(f"total {self.total} is more than the metrics' {float(out_of):g} points")
        return self

    @model_validator(mode="after")
    def _points_counted_exactly(self) -> Score:
        """The planner counts points exactly in integers: on every track, the points scale times the
        metrics' points must stay within MAX_SCALED_POINTS."""
        out_of = self.out_of
        tracks: list[str | None] = list(self.tracks) or [None]
        for track in tracks:
            scale = self.points_scale(track)
            if scale * out_of > MAX_SCALED_POINTS:
                on = f" on the {track} track" if track is not None else ""
                raise ValueError(
                    f"the points of the exam metrics{on} cannot be counted exactly: their thresholds and "
                    f"max_points' decimals need a common scale of {float(scale):.3g}, so "
                    f"{float(out_of):g} points become {float(scale * out_of):.3g}, above the "
                    f"{float(MAX_SCALED_POINTS):.3g} the planner counts with; give the metrics thresholds "
                    "with common factors (5, 10, 20, ...) or max_points with fewer decimals")
        return self

    def points_scale(self, track: str | None) -> int:
        """The least integer L that makes every exam metric's points per person, max_points / threshold,
        a whole number of 1/L points on this track: the lcm of threshold x the denominator of max_points."""
        return math.lcm(*(m.threshold_for(track) * Fraction(str(m.max_points)).denominator
                          for m in self.exam_metrics))

    @property
    def tracks(self) -> list[str]:
        """The tracks the thresholds name (none when every metric has one threshold)."""
        for m in self.metrics:
            if isinstance(m.threshold, dict):
                return list(m.threshold)
        return []

    @property
    def out_of(self) -> Fraction:
        return sum((Fraction(str(m.max_points)) for m in self.metrics), Fraction(0))

    @property
    def exam_metrics(self) -> list[Metric]:
        return [m for m in self.metrics if m.lists]

    @property
    def input_metrics(self) -> list[Metric]:
        return [m for m in self.metrics if m.input is not None]


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
    score: Score | None = Field(None, description="A scored level: points over metrics instead of slots.")

    @model_validator(mode="before")
    @classmethod
    def _scored_levels_count_people_once_per_metric(cls, data: object) -> object:
        """A scored level counts a person once in each metric, and may count them in several."""
        if isinstance(data, dict) and data.get("score") is not None:
            if data.get("slots"):
                raise ValueError("a scored level has metrics, not slots: leave `slots` out")
            if data.get("people", "same-or-different") != "same-or-different":
                raise ValueError("a scored level counts a person once in each metric: leave `people` out")
            data = {**data, "slots": {}, "people": "same-or-different"}
        return data

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
        _exams_and_lists_named_once(self)
        _lists_name_known_exams(self)
        if self.options:
            _check_options(self)
        else:
            if not self.levels:
                raise ValueError("a catalog needs levels (or options, each with its roles and levels)")
            _check_roles_and_levels(self, self.roles, self.levels, "")
        _sources_named(self)
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


def _exams_and_lists_named_once(catalog: Catalog) -> None:
    """Each exam code and each list id appears once."""
    require_unique("exam code", [e.code for e in catalog.exams])
    require_unique("list id", [lst.id for lst in catalog.lists])


def _lists_name_known_exams(catalog: Catalog) -> None:
    """Every exam a list names is one of the catalog's exams."""
    known = {e.code for e in catalog.exams}
    for lst in catalog.lists:
        for code in lst.exams:
            if code not in known:
                raise ValueError(f"list {lst.id} names unknown exam {code}")


def _sources_named(catalog: Catalog) -> None:
    """Every source an exam, list, gate, score or metric cites is one of the catalog's named sources."""
    named = set(catalog.sources)
    gates = [g for opt in catalog.option_catalogs() for lv in opt.levels for g in lv.revenue_gates]
    scores = [lv.score for opt in catalog.option_catalogs() for lv in opt.levels if lv.score]
    sourced: list[Exam | RevenueGate | ExamList | Metric | Score] = [
        *catalog.exams, *gates, *catalog.lists, *scores, *(m for sc in scores for m in sc.metrics)]
    for thing in sourced:
        if thing.source is not None and thing.source not in named:
            raise ValueError(f"unknown source {thing.source!r}")


def _check_roles_and_levels(catalog: Catalog, roles: list[Role], levels: list[Level], where: str) -> None:
    """Roles and levels named once, roles naming known lists, levels naming known roles and lists."""
    require_unique(f"{where}role id", [r.id for r in roles])
    require_unique(f"{where}level id", [lv.id for lv in levels])
    list_ids = {lst.id for lst in catalog.lists}
    for role in roles:
        _role_names_known_lists(role, list_ids, where)
    role_ids = {r.id for r in roles}
    for level in levels:
        _metrics_name_known_lists(level, list_ids, where)
        _slots_name_known_roles(level, role_ids, where)


def _role_names_known_lists(role: Role, list_ids: set[str], where: str) -> None:
    """Every list a role needs an exam of is one of the catalog's lists."""
    for lid in role.lists:
        if lid not in list_ids:
            raise ValueError(f"{where}role {role.id} names unknown list {lid}")


def _metrics_name_known_lists(level: Level, list_ids: set[str], where: str) -> None:
    """Every list an exam metric of a scored level counts is one of the catalog's lists."""
    for metric in level.score.exam_metrics if level.score else ():
        for lid in metric.lists:
            if lid not in list_ids:
                raise ValueError(f"{where}level {level.id}: metric {metric.id} names unknown list {lid}")


def _slots_name_known_roles(level: Level, role_ids: set[str], where: str) -> None:
    """Every role a level has slots for is one of the roles beside it, with a count of 0 or more."""
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
