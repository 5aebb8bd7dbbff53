"""The scenario file (schema_version 1): a partner's roster, revenue and costs on a given day."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional, cast

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeFloat,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from models.catalog import Market, item_code, require_unique

DEFAULT_HORIZON_DAYS = 365


def _year_month(value: Any) -> Any:
    """A month written '2018-02'."""
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str) and len(value) == 7 and value[4] == "-" and value[:4].isdigit() \
            and value[5:].isdigit() and 1 <= int(value[5:]) <= 12:
        return value
    raise ValueError("expected a month written YYYY-MM, such as 2018-02")


YearMonth = Annotated[str, BeforeValidator(_year_month)]
Probability = Annotated[float, Field(gt=0.0, le=1.0)]


def _target(value: Any) -> Any:
    """A goal written 'competency:level'."""
    if isinstance(value, str):
        competency, colon, level = value.strip().partition(":")
        if not (colon and competency and level) or any(c.isspace() or c == ":" for c in competency + level):
            raise ValueError(f"write a target as 'competency:level', e.g. cloud-crm:gold (got {value!r})")
        return f"{competency}:{level}"
    return value


Target = Annotated[str, BeforeValidator(_target)]


def exam_code(text: str) -> str:
    """An exam code as the catalogs write it, whatever its case or an 'Exam ' before it: 'mb2-715',
    'Exam MB2-715' and 'MB2 715' are MB2-715 (the scenario loader and the CSV import both read codes so)."""
    return re.sub(r"^EXAM\s*", "", text.strip().upper()).replace(" ", "")


def _exam_code(value: Any) -> Any:
    return exam_code(value) if isinstance(value, str) else value


ExamCode = Annotated[str, BeforeValidator(_exam_code)]


def _market(value: Any) -> Any:
    """Accept 'emerging' (and any letter case) as the synonym of 'developing'."""
    if isinstance(value, str):
        value = value.strip().lower()
        return "developing" if value == "emerging" else value
    return value


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class Pass(_Input):
    """A recorded pass: an exam code, or a certification (its id or title), and, optionally, the day it was
    passed and the day it expires."""

    exam: ExamCode | None = Field(None, min_length=1, description="Exam code, e.g. MB2-717 (or give "
                                  "certification).")
    certification: str | None = Field(
        None, min_length=1, description="A certification held, by id or title as Partner Center writes it, "
        "e.g. 'Azure Administrator Associate' (or give exam); the loader turns a title into the id.")
    date: dt.date | None = Field(None, description="Day passed; unknown when left out.")
    expires: dt.date | None = Field(
        None, description="The day the certification expires (it counts on the days before); it can be "
        "renewed in the 6 months before, or earned again. A certification without it expires by "
        "Microsoft's rule: fundamentals never, others one year after `date` (two years before 30 Jun 2021).")

    @model_validator(mode="before")
    @classmethod
    def _from_code(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"exam": value}
        return value

    @model_validator(mode="after")
    def _exam_or_certification(self) -> Pass:
        if (self.exam is None) == (self.certification is None):
            raise ValueError("give `exam` (an exam code) or `certification` (a certification's id or title), "
                             "one of the two")
        return self

    @property
    def item(self) -> str:
        """What the pass holds as the planner names it: the exam code, or '@<id>' for a certification."""
        return self.exam if self.exam is not None else item_code(self.certification or "")


class ExamCost(_Input):
    """Per-exam overrides of the default fee, preparation hours and pass rate."""

    fee_usd: NonNegativeFloat | None = None
    prep_hours: NonNegativeFloat | None = None
    pass_rate: Probability | None = Field(None, description="Chance of passing at the first attempt.")


class Costs(_Input):
    """What a new exam costs: fee plus preparation hours times the person's hourly rate."""

    exam_fee_usd: NonNegativeFloat = Field(165.0, description="Fee of one exam attempt.")
    prep_hours: NonNegativeFloat = Field(0.0, description="Default study hours per exam.")
    hourly_rate_usd: NonNegativeFloat = Field(0.0, description="Default cost of one hour of a person's time.")
    pass_rate: Probability = Field(1.0, description="Default chance of passing an exam at the first attempt.")
    exams: dict[ExamCode, ExamCost] = Field(default_factory=dict, description="Per-exam overrides by code.")
    renewal_fee_usd: NonNegativeFloat = Field(0.0, description="Fee of renewing a certification (the "
                                              "renewal assessment is free).")
    renewal_prep_hours: NonNegativeFloat = Field(1.0, description="Study hours for one renewal assessment.")


Figure = NonNegativeFloat | dict[str, NonNegativeFloat]
"""A scored metric's figure: a number, or one per part (association type) for a metric with parts."""

Figures = dict[str, Figure]
"""A designation's figures for its non-exam metrics, by the metric's input key."""


class Organization(_Input):
    """The partner: its market class, its revenue and whether it is Digital Partner of Record.

    market, revenue_usd and dpor are required (the loader says so) exactly when a goal has a revenue gate or
    a DPOR rule (the 2017 competencies); a scored designation does not read them."""

    name: str | None = None
    market: Annotated[Market, BeforeValidator(_market)] | None = Field(
        None, description="developed | developing ('emerging' is accepted as a synonym)."
    )
    revenue_usd: NonNegativeFloat | None = Field(
        None, description="Trailing-12-month net new CRM cloud revenue, in US dollars: the figure every "
        "revenue gate reads unless gate_revenue_usd gives it its own."
    )
    dpor: bool | None = Field(None, description="Digital Partner of Record for those customers.")
    gate_revenue_usd: dict[str, dict[str, NonNegativeFloat]] = Field(
        default_factory=dict,
        description="Revenue figures for particular gates, by competency id and gate id, e.g. "
        "{cloud-business-applications: {total-revenue: 150000, cloud-net-new-revenue: 30000}}. "
        "A gate not listed here reads revenue_usd.",
    )
    track: str | dict[str, str] | None = Field(
        None, description="The track of a scored designation whose thresholds differ by track "
        "(Solutions Partner: enterprise or smb): one for every designation, or a mapping by designation id, "
        "e.g. {business-applications: smb, data-ai: enterprise}.")
    metrics: dict[str, Figure | Figures] = Field(
        default_factory=dict, description="Figures for a scored designation's non-exam metrics, by the "
        "metric's input key, e.g. {net-customer-adds: 4, usage-growth: 30, deployments: 12}; a metric with "
        "parts takes a mapping by part, e.g. {usage-growth: {cpor: 1500, dpor: 2000}} (a missing part is 0). "
        "The same figures serve every designation that reads them; or give each designation its own, by "
        "designation id, e.g. {data-ai: {net-customer-adds: 3}, modern-work: {net-customer-adds: 5}} (the "
        "loader tells the two forms apart by the keys: designation ids, or metrics' input keys).")

    def track_for(self, competency: str | None) -> str | None:
        """The track this scenario names for a designation: `track` itself, or its entry for the
        designation's id when `track` is a mapping (None: none given)."""
        if isinstance(self.track, dict):
            return self.track.get(competency or "")
        return self.track

    def figures_for(self, competency: str | None) -> Figures:
        """The figures a designation reads: its own entry when `metrics` is a mapping by designation id,
        else `metrics` itself, the same for every designation (the loader has refused a mix of the two
        forms, so a key that is the designation's id can only be the mapping by designation)."""
        own = self.metrics.get(competency or "")
        if competency and isinstance(own, dict):
            return cast(Figures, own)
        return cast(Figures, self.metrics)


class Person(_Input):
    """One member of staff: what they passed and what they may still take."""

    id: str = Field(min_length=1, description="Unique id (e-mail, MCID or a short name).")
    name: str | None = None
    passed: list[Pass] = Field(default_factory=list)
    can_take: list[ExamCode] | None = Field(None, description="The only exams this person may be planned.")
    max_new_exams: int | None = Field(None, ge=0, description="At most this many new exams.")
    leaves_on: dt.date | None = Field(None, description="From this day on the person no longer counts.")
    hourly_rate_usd: NonNegativeFloat | None = Field(None, description="Overrides costs.hourly_rate_usd.")
    exams_per_month: int | None = Field(None, ge=0, description="Overrides policy.exams_per_month.")
    unavailable: list[YearMonth] = Field(default_factory=list, description="Months (YYYY-MM) with no exam.")
    pass_factor: float | None = Field(
        None, gt=0.0, description="Multiplies this person's pass rates (capped at 1), e.g. 0.8 or 1.1."
    )


class Policy(_Input):
    """How the plan must be made: a spending limit, and how many departures it must survive."""

    budget_usd: NonNegativeFloat | None = Field(None, description="The plan may cost at most this much.")
    resilience: int = Field(
        0, ge=0, description="The level's exam rules stay met after any this many counted people leave."
    )
    exams_per_month: int = Field(1, ge=1, description="With a calendar: exams one person takes in a month.")
    days_to_book: int = Field(
        7, ge=1, le=31, description="With a calendar: a month is booked for an exam only if at least this "
        "many of its days are left for it (after as_of, before the deadline, inside the exam's window).")
    one_gold_per_person: bool = Field(
        False, description="With several targets: a person counts toward at most one Gold competency "
        "(as the partner programme once required).")


class HireProfile(_Input):
    """A kind of person the partner could hire; each hire may also be planned new exams."""

    profile: str = Field(min_length=1, description="What to call this kind of hire.")
    passed: list[Pass] = Field(default_factory=list, description="Exams such a hire already holds.")
    cost_usd: NonNegativeFloat = Field(description="What one hire costs (counted like exam costs).")
    max: int = Field(1, ge=0, description="At most this many hires of this profile.")
    can_take: list[ExamCode] | None = Field(None, description="The only exams such a hire may be planned.")
    max_new_exams: int | None = Field(None, ge=0)
    hourly_rate_usd: NonNegativeFloat | None = Field(None, description="Overrides costs.hourly_rate_usd.")


def _changes_to(model: type[_Input], name: str, doc: str, *, without: tuple[str, ...] = ()) -> type[_Input]:
    """A model with `model`'s fields, each optional: what a variant changes (fields left out stay as they
    are).

    Built from `model` itself, so a field added to the scenario format can be changed by a variant at once.
    """
    fields: dict[str, Any] = {}
    for key, info in model.model_fields.items():
        if key in without:
            continue
        annotation: Any = info.annotation
        if info.metadata:
            with_metadata = (annotation, *info.metadata)
            annotation = Annotated[with_metadata]
        fields[key] = (Optional[annotation], Field(None, description=info.description))  # noqa: UP045
    return create_model(name, __base__=_Input, __doc__=doc, **fields)


if TYPE_CHECKING:
    class _Changes(_Input):
        """What a type checker knows of a change model: its fields are the ones of the model it changes."""

        def __getattr__(self, name: str) -> Any: ...

    OrganizationChange = _Changes
    CostsChange = _Changes
    PolicyChange = _Changes
    PersonChange = _Changes
else:
    OrganizationChange = _changes_to(Organization, "OrganizationChange",
                                     "Organization fields a variant changes.")
    CostsChange = _changes_to(Costs, "CostsChange",
                              "Cost fields a variant changes; `exams` is merged per code.")
    PolicyChange = _changes_to(Policy, "PolicyChange", "Policy fields a variant changes.")
    PersonChange = _changes_to(Person, "PersonChange", "A person's fields a variant changes (not the id).",
                               without=("id",))


class Variant(_Input):
    """A what-if: a named change to the base scenario, planned beside it by `planner compare FILE`."""

    name: str = Field(min_length=1, description="What to call this what-if, e.g. 'alice leaves'.")
    remove: list[str] = Field(default_factory=list, description="Ids of people no longer on the staff.")
    leave: dict[str, dt.date] = Field(
        default_factory=dict, description="Person id -> the day they leave (sets their leaves_on).")
    add_passes: dict[str, list[Pass]] = Field(
        default_factory=dict, description="Person id -> exams they have passed by as_of.")
    add_staff: list[Person] = Field(default_factory=list, description="People added to the staff.")
    change: dict[str, PersonChange] = Field(
        default_factory=dict, description="Person id -> the fields of that person that change.")
    deadline: dt.date | None = Field(None, description="Another day the level must hold.")
    organization: OrganizationChange | None = None
    costs: CostsChange | None = None
    policy: PolicyChange | None = None
    hiring: list[HireProfile] | None = Field(None, description="Replaces the base scenario's hiring list.")


class Scenario(_Input):
    """A partner's situation on `as_of`, and the day (`deadline`) the level must hold."""

    schema_version: Literal[1]
    name: str = Field(min_length=1)
    competency: str = Field("cloud-crm", description="Which competency to plan (catalog id); with "
                            "`targets` and no competency, the first target's.")
    targets: list[Target] | None = Field(
        None, min_length=1,
        description="Goals planned together with the shared staff, each 'competency:level', e.g. "
        "[cloud-crm:gold, cloud-business-applications:silver]. `planner plan --target` overrides them.",
    )
    rules_revision: dt.date | dict[str, dt.date] | None = Field(
        None,
        description="Plan against this revision of the rules (its date) instead of the one in force on "
        "as_of; a mapping gives one per competency id.",
    )
    as_of: dt.date = Field(description="The day the roster is true.")
    deadline: dt.date | None = Field(
        None,
        validate_default=True,
        description=f"The day the level must hold (default: as_of + {DEFAULT_HORIZON_DAYS} days).",
    )
    organization: Organization
    costs: Costs = Field(default_factory=Costs)
    policy: Policy = Field(default_factory=Policy)
    staff: list[Person]
    hiring: list[HireProfile] = Field(
        default_factory=list, description="People the partner could hire (none without this list)."
    )
    variants: list[Variant] = Field(
        default_factory=list,
        description="What-ifs: named changes to this scenario, planned side by side by `planner compare`.",
    )

    @model_validator(mode="before")
    @classmethod
    def _competency_of_the_first_target(cls, data: Any) -> Any:
        if isinstance(data, dict) and "competency" not in data and isinstance(data.get("targets"), list):
            first = data["targets"][0] if data["targets"] else None
            if isinstance(first, str) and ":" in first:
                data = {**data, "competency": first.split(":", 1)[0]}
        return data

    @field_validator("targets")
    @classmethod
    def _targets_once(cls, value: list[str] | None) -> list[str] | None:
        require_unique("target", value or [])
        return value

    @field_validator("variants")
    @classmethod
    def _variants_named_once(cls, value: list[Variant]) -> list[Variant]:
        require_unique("variant", [v.name for v in value])
        return value

    @field_validator("hiring")
    @classmethod
    def _profiles_named_once(cls, value: list[HireProfile]) -> list[HireProfile]:
        require_unique("hiring profile", [hp.profile for hp in value])
        return value

    @field_validator("deadline")
    @classmethod
    def _deadline_on_or_after_as_of(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        as_of = info.data.get("as_of")
        if as_of is None:
            return value  # as_of itself is invalid and reported
        if value is None:
            return as_of + dt.timedelta(days=DEFAULT_HORIZON_DAYS)
        if value < as_of:
            raise ValueError(f"deadline {value} is before as_of {as_of}")
        return value
