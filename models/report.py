"""What the planner answers: plans, standings and comparisons, as scripts read them (JSON)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer

Status = Literal["optimal", "feasible", "infeasible", "unknown"]
"""optimal: proven; feasible: stopped before proof; infeasible: no plan exists; unknown: none found in
time."""
Objective = Literal["exams", "cost", "time", "risk"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _without_none(data: dict[str, Any], key: str) -> dict[str, Any]:
    """An optional key added after the contract was set is left out when empty, so older answers keep
    their exact shape."""
    if data.get(key) is None:
        data.pop(key, None)
    return data


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
    """One exam the plan asks a person to take, and what it costs: fee + prep hours x hourly rate."""

    person: str
    exam: str
    cost_usd: float
    name: str | None = Field(None, description="The person's name (the roster's `name`, or the hiring "
                             "profile of a hire).")
    fee_usd: float | None = None
    prep_hours: float | None = None
    hourly_rate_usd: float | None = None
    renewal: bool | None = Field(None, description="True: renewing a certification the person holds, which "
                                 "expires before the deadline (the renewal assessment), not a new exam.")
    certifications: list[str] | None = Field(None, description="The certifications (ids) the plan gives the "
                                             "person with this exam (with their other exams), when lists "
                                             "name certifications.")
    certification: str | None = Field(None, description="A renewal of a pass naming a certification: its id "
                                      "(`exam` then names it too).")
    window_opens: dt.date | None = Field(None, description="A renewal: the first day of its window (six "
                                         "months before expiry, not before as_of).")
    window_closes: dt.date | None = Field(None, description="A renewal: the last day of its window (the day "
                                          "before expiry).")

    @model_serializer(mode="wrap")
    def _drop_empty(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        for key in ("name", "fee_usd", "prep_hours", "hourly_rate_usd", "renewal", "certifications",
                    "certification", "window_opens", "window_closes"):
            _without_none(data, key)
        return data


class Assignment(_Out):
    """A person filling one slot of the level, with the exams (held and new) that qualify them."""

    person: str
    role: str
    exams: list[str]
    target: str | None = Field(None, description="With several targets: the target ('competency:level') "
                               "whose slot this is.")
    name: str | None = Field(None, description="The person's name (the roster's `name`, or the hiring "
                             "profile of a hire).")

    @model_serializer(mode="wrap")
    def _drop_empty_target(self, handler: Any) -> dict[str, Any]:
        return _without_none(_without_none(handler(self), "target"), "name")


class GateStepScore(_Out):
    """A gate step of an exam metric: the people meeting it, how many it needs, and what it earns."""

    step: int = Field(description="1 for the first step.")
    lists: list[str]
    people: int = Field(description="People holding one item of each of the step's lists.")
    needed: int
    points: float = Field(description="What the step earns when met (0 for most).")
    met: bool


class PartScore(_Out):
    """One part (association type) of an input metric: the scenario's figure, its threshold on the track,
    and the points it would earn."""

    part: str
    figure: float
    threshold: float
    points: float


class TrackTotal(_Out):
    """A level scored on every track: one track's total and whether it meets the level."""

    track: str
    points: float = Field(description="The total on this track, to 4 decimals.")
    met: bool
    counts: bool = Field(description="The track whose score counts: the highest total among those meeting "
                         "the level (among all when none does; ties: the first listed).")


class MetricScore(_Out):
    """One metric of a scored level: its count (people, or the scenario's figure) and its points."""

    metric: str
    name: str
    kind: Literal["people", "input"] = Field(description="people: certified people counted; input: the "
                                             "scenario's figure in organization.metrics.")
    count: float = Field(description="People counted (at most once each), or the scenario's figure.")
    threshold: float = Field(description="The count that earns every point.")
    points: float = Field(description="max_points x min(count, threshold) / threshold, to 4 decimals.")
    max_points: float
    min_points: float = Field(description="The fewest points the level accepts here (0 with 'more than 0').")
    met: bool = Field(description="The metric has its minimum (more than 0 points, where asked).")
    unconfirmed: bool = Field(False, description="The sources do not confirm this metric's figures.")
    steps: list[GateStepScore] | None = Field(None, description="A gated exam metric's steps (left out "
                                              "otherwise); its points step earns only when all are met.")
    parts: list[PartScore] | None = Field(None, description="An input metric with a figure per part (left "
                                          "out otherwise); `count` and `threshold` are then the best part's.")

    @model_serializer(mode="wrap")
    def _drop_empty(self, handler: Any) -> dict[str, Any]:
        return _without_none(_without_none(handler(self), "steps"), "parts")


class ScoreStanding(_Out):
    """A scored level's points, metric by metric, and whether they reach the level's total."""

    target: str = Field(description="'competency:level'.")
    track: str | None = None
    points: float = Field(description="The total, to 4 decimals.")
    needed: float
    out_of: float
    met: bool = Field(description="The total reaches `needed` and every metric has its minimum.")
    metrics: list[MetricScore]
    tracks: list[TrackTotal] | None = Field(None, description="A level scored on every track (left out "
                                            "otherwise): each track's total; `track` is the one that counts.")

    @model_serializer(mode="wrap")
    def _drop_empty(self, handler: Any) -> dict[str, Any]:
        return _without_none(handler(self), "tracks")


class Hire(_Out):
    """A person the plan hires: an id (hire-1, hire-2, ...) and the profile hired."""

    id: str
    profile: str
    cost_usd: float


class Resilience(_Out):
    """How many departures the plan survives, and what that costs over the plan without it."""

    k: int
    extra_new_exams: int | None = None
    extra_cost_usd: float | None = None


class Alternative(_Out):
    """Another plan, the next best among those not yet listed, and how it differs from the first."""

    rank: int
    total_new_exams: int
    total_cost_usd: float
    new_exams: list[NewExam]
    hires: list[Hire]
    assignments: list[Assignment]
    adds: list[str] = Field(
        description="'person exam' pairs (or hires) this plan has and the first does not.")
    drops: list[str] = Field(
        description="'person exam' pairs (or hires) the first plan has and this does not.")
    total_renewals: int | None = Field(None, description="Renewals among new_exams (as in the plan).")
    scores: list[ScoreStanding] | None = Field(None, description="For scored levels: this plan's points.")

    @model_serializer(mode="wrap")
    def _drop_empty_late_fields(self, handler: Any) -> dict[str, Any]:
        return _without_none(_without_none(handler(self), "total_renewals"), "scores")


class Fix(_Out):
    """A change that would make an unreachable level reachable, re-checked by planning with it applied."""

    kind: Literal["lift_can_take", "lift_max_new_exams", "keep_person", "later_deadline", "hire",
                  "budget", "revenue", "dpor"]
    option: int = Field(1, description="Fixes with the same option number are applied together; option 0 "
                        "(a failing gate) is needed whichever option is chosen.")
    change: str = Field(description="The change in plain words.")
    person: str | None = None
    deadline: dt.date | None = None
    amount_usd: float | None = None
    total_new_exams: int | None = Field(None, description="The plan's exams with the change applied.")
    total_cost_usd: float | None = Field(None, description="The plan's cost with the change applied.")


class ScheduledExam(_Out):
    """A new exam booked in a month of the calendar."""

    person: str
    exam: str
    month: str


class OtherPlan(_Out):
    """The best plan of the other objective when it beats this one on that objective: the cheapest plan
    beside a fewest-exams plan, or the plan of the fewest changes (new exams, renewals and hires) beside a
    cheapest plan; planned on the same model, within the same budget and policy, and re-checked. Only
    `planner plan` asks for it (PlanRequest.compare_objectives)."""

    objective: Objective = Field(description="The objective that plans it (`--objective`).")
    total_new_exams: int
    total_cost_usd: float
    total_renewals: int | None = Field(None, description="Renewals among its new exams (as in the plan; "
                                       "left out when none).")
    total_hires: int | None = Field(None, description="Hires it makes (left out when none); its cost "
                                    "includes theirs, as the plan's does.")
    proven: bool = Field(True, description="False when its search stopped (at its work limit, or the "
                         "time limit) before proving it the best of its objective: it still beats this plan "
                         "there, and another plan may beat it. Left out when proven.")

    @model_serializer(mode="wrap")
    def _drop_empty_counts(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        for key in ("total_renewals", "total_hires"):
            _without_none(data, key)
        if data.get("proven") is True:
            del data["proven"]
        return data


class PathStep(_Out):
    """One step of the plan in order: a new exam (or renewal) passed, or a hire joining; and the levels
    first met once it is done (never by a spare's step: a level counts as met along the path once its
    slot holders meet it)."""

    step: int
    person: str
    exam: str | None = Field(description="The exam taken; null for a hire joining (see `hire`).")
    month: str | None = None
    meets: list[str] = Field(default_factory=list, description="Levels first met after this step.")
    hire: str | None = Field(None, description="A hire joining: the profile hired (`person` is the hire's "
                             "id, as in `hires`); left out for an exam.")

    @model_serializer(mode="wrap")
    def _drop_empty_late_fields(self, handler: Any) -> dict[str, Any]:
        return _without_none(handler(self), "hire")


class LevelMet(_Out):
    """When a level (this one, or one below it) is first met along the plan."""

    level: str
    after_step: int = Field(description="0: already met before any new exam.")
    by: dt.date | None = Field(None, description="With a calendar: the day it is met at the latest.")


class Buffer(_Out):
    """Spare people added so that one failed exam does not sink the level."""

    roles: list[str] = Field(description="Slot kinds that got a spare.")
    probability_level_met_before: float | None = None
    probability_level_met: float | None = None
    extra_cost_usd: float | None = None


class PlannedAlone(_Out):
    """A target planned on its own, with the same staff, rules and policy (for the saving)."""

    status: Status
    total_new_exams: int | None = None
    total_cost_usd: float | None = None


class TargetPlan(_Out):
    """One target of a plan for several: the option and revision planned, its gates and who fills what."""

    target: str = Field(description="'competency:level'.")
    competency: str
    level: str
    option: str | None = Field(None, description="The option that attains it (competencies with options).")
    rules_revision: dt.date
    reachable: bool
    gates: list[Gate]
    assignments: list[Assignment]
    new_exams: list[NewExam] = Field(description="The plan's new exams that this target's slot holders use.")
    alone: PlannedAlone | None = Field(None, description="This target planned on its own.")


class Saving(_Out):
    """What planning the targets together saves against planning each on its own and adding up."""

    planned_alone_new_exams: int
    planned_alone_cost_usd: float
    new_exams_saved: int
    saving_usd: float
    shared_exams: list[str] = Field(description="'person exam' pairs that serve more than one target.")


class WithinBudget(_Out):
    """Several goals a budget cannot cover together: the largest set of them it covers (as `best --budget`
    with several targets chooses it: among sets of that size, the first in order of their costs alone), its
    plan (planned with the request's settings within the budget, and re-checked), and what each goal left
    out would add."""

    targets: list[str] = Field(description="The goals that fit ('competency:level'), in the request's order.")
    left_out: list[str] = Field(description="The goals left out ('competency:level').")
    plan: PlanReport = Field(description="The plan of the goals that fit.")
    goals: list[TargetCost] = Field(description="Every goal as `best --budget` lists it: in the set or not, "
                                    "its cheapest plan alone, and for one left out the cheapest plan of the "
                                    "set with it and how much that is over the budget.")


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
    spares: list[Assignment] = Field(
        default_factory=list, description="With resilience or --buffer: people qualified for a role who fill "
        "no slot, ready to step in.")
    hires: list[Hire] = Field(default_factory=list)
    budget_usd: float | None = None
    resilience: Resilience | None = None
    alternatives: list[Alternative] = Field(default_factory=list)
    alternatives_differ: Literal["people", "exams"] | None = Field(
        None, description="With --alternatives N > 1: how each alternative differs from every plan listed "
        "before it, in who takes exams or is hired ('people') or in the exams and hires themselves "
        "('exams').")
    fixes: list[Fix] = Field(default_factory=list)
    schedule: list[ScheduledExam] = Field(default_factory=list,
                                          description="With --schedule: month per exam.")
    path: list[PathStep] = Field(default_factory=list, description="The new exams in order.")
    levels_met: list[LevelMet] = Field(default_factory=list,
                                       description="When each level up to this one is met.")
    probability_all_pass: float | None = Field(
        None, description="Probability that every new exam is passed at the first attempt.")
    probability_level_met: float | None = Field(
        None, description="Probability that the level is met with first attempts only (spares can cover).")
    expected_cost_usd: float | None = Field(
        None, description="Expected cost when failed attempts are retaken (fee again, preparation once).")
    buffer: Buffer | None = None
    objective_bound: float | None = Field(
        None,
        description="With status 'feasible': the best proven lower bound of the objective "
        "(exams, or cost in USD). None when the plan is proven optimal or there is none.",
    )
    rules_revision: dt.date | None = Field(None, description="The revision of the rules planned against "
                                           "(of the first target's competency).")
    option: str | None = Field(None, description="For a competency with options: the option planned.")
    targets: list[TargetPlan] = Field(
        default_factory=list, description="With several targets (or a competency with options): each "
        "target's option, gates and slot holders; top-level fields describe the plan as a whole.")
    saving: Saving | None = Field(None, description="With several targets: against planning each alone.")
    scores: list[ScoreStanding] | None = Field(
        None, description="For scored levels: the points on the deadline with the plan carried out (with "
        "status infeasible: as things stand, no plan).")
    total_renewals: int | None = Field(
        None, description="Renewals among new_exams (entries with renewal: true); total_new_exams counts "
        "the others.")
    programme_ended: dt.date | None = Field(
        None, description="The day the programme planned ended, on or before the deadline: nothing is "
        "planned for it (status infeasible; reasons name what replaced it). Left out otherwise.")
    cheaper: OtherPlan | None = Field(
        None, description="Optional (`planner plan` only): with objective exams, the cheapest plan, when it "
        "costs less than this one.")
    fewer_exams: OtherPlan | None = Field(
        None, description="Optional (`planner plan` only): with objective cost, the plan of the fewest "
        "changes (new exams, renewals and hires), when it has fewer than this one.")
    within_budget: WithinBudget | None = Field(
        None, description="Optional (`planner plan` only): with several goals the budget cannot cover "
        "together, the most of them it covers, planned, and what each goal left out would add.")
    stats: dict[str, Any] = Field(default_factory=dict)
    names: dict[str, str] = Field(
        default_factory=dict, exclude=True, description="What the screens call the competencies, levels and "
        "goals ('competency:level') by id, from the catalogs (planner.rules.naming); not in the JSON, which "
        "keeps the ids, as it keeps a person's id.")

    @model_serializer(mode="wrap")
    def _drop_empty_late_fields(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        for key in ("alternatives_differ", "scores", "total_renewals", "programme_ended", "cheaper",
                    "fewer_exams", "within_budget"):
            _without_none(data, key)
        return data


class NextLevel(_Out):
    """How far a budget falls short of the level above the best one it reaches."""

    level: str
    slots: int
    slots_filled_within_budget: int | None = Field(None, description="Most slots the budget can fill.")
    open_slots: int | None = None
    cheapest_cost_usd: float | None = Field(None, description="The cheapest plan for the level, any budget.")
    extra_usd_needed: float | None = None
    gates: list[Gate] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    score_within_budget: ScoreStanding | None = Field(
        None, description="For a scored level: the most points the budget reaches on the deadline, with "
        "the plan that reaches them (new_exams_within_budget).")
    new_exams_within_budget: list[NewExam] | None = Field(
        None, description="For a scored level: the cheapest exams and renewals that reach "
        "score_within_budget.")
    blocked_by: list[Literal["budget", "resilience", "budget and resilience"]] | None = Field(
        None, description="The policies that keep the level out of reach: ['budget'] (a larger budget "
        "reaches it with the resilience asked), ['resilience'] (policy.resilience: the budget reaches it "
        "without), ['budget', 'resilience'] (lifting either one reaches it), ['budget and resilience'] "
        "(only lifting both does); null when lifting them would not reach it (or none is set).")

    @model_serializer(mode="wrap")
    def _drop_empty_score(self, handler: Any) -> dict[str, Any]:
        data = _without_none(_without_none(handler(self), "score_within_budget"), "new_exams_within_budget")
        return _without_none(data, "blocked_by")


class BestReport(_Out):
    """The answer of `planner best`: the highest level a budget reaches, its plan, and the next level up."""

    scenario: str
    competency: str
    budget_usd: float | None
    objective: Objective
    best_level: str | None
    plan: PlanReport | None
    next_level: NextLevel | None
    stats: dict[str, Any] = Field(default_factory=dict)
    names: dict[str, str] = Field(
        default_factory=dict, exclude=True, description="What the screens call the competencies and levels "
        "by id (planner.rules.naming); not in the JSON, which keeps the ids.")


class TargetCost(_Out):
    """One target of `best --budget` with several targets: whether it is in the largest set the budget
    reaches together, its cheapest plan alone, and for one left out what adding it to that set costs."""

    target: str
    in_best_set: bool
    cost_alone_usd: float | None = Field(description="Its cheapest plan on its own, at any budget (None: "
                                         "out of reach even so).")
    cost_with_set_usd: float | None = Field(None, description="Left out: the cheapest plan of the best set "
                                            "and this target together, at any budget (None: out of reach).")
    extra_usd_needed: float | None = Field(None, description="Left out: how much that plan is over the "
                                           "budget.")


class BestSetReport(_Out):
    """The answer of `planner best --budget B --target A --target C ...`: the largest set of targets the
    budget reaches together (the first, in order of their costs alone, of the largest sets reachable), its
    plan, and what each target left out would cost."""

    scenario: str
    budget_usd: float | None
    objective: Objective
    best_set: list[str]
    plan: PlanReport | None
    targets: list[TargetCost]
    stats: dict[str, Any] = Field(default_factory=dict)


class SlotStanding(_Out):
    """How many slots of one role a level needs and how many the roster fills today."""

    role: str
    required: int
    filled: int


class LevelStanding(_Out):
    """Where the partner stands today for one level (of one option, for a competency with options)."""

    level: str
    option: str | None = Field(None, description="For a competency with options: the option's id.")
    met: bool
    exam_rules_met: bool
    gates: list[Gate]
    slots: list[SlotStanding]
    assignments: list[Assignment]
    missing: list[str]
    at_risk: list[str] = Field(
        default_factory=list, description="People whose departure alone would drop this level (met levels)."
    )
    score: ScoreStanding | None = Field(None, description="For a scored level: its points per metric.")

    @model_serializer(mode="wrap")
    def _drop_empty_option(self, handler: Any) -> dict[str, Any]:
        return _without_none(_without_none(handler(self), "option"), "score")


class StandingLoss(_Out):
    """A pass that stops counting, or a person who leaves, between as_of and the deadline, that costs a
    level a slot it has today."""

    kind: Literal["pass_stops_counting", "leaves"]
    person: str
    day: dt.date = Field(description="pass_stops_counting: the last day the pass counts; leaves: leaves_on.")
    exam: str | None = Field(None, description="pass_stops_counting: the exam whose pass stops counting.")
    levels: list[str] = Field(description="The levels that lose a slot ('option:level' with options).")
    text: str = Field(description="The loss in plain words.")

    @model_serializer(mode="wrap")
    def _drop_empty_exam(self, handler: Any) -> dict[str, Any]:
        return _without_none(handler(self), "exam")


class RenewalHold(_Out):
    """What an expiring certification holds up on the deadline for one level: the points (a scored level)
    or slots it is worth there, if it still counted then, with everything else as things stand."""

    level: str = Field(description="The level ('option:level' with options).")
    points: float | None = Field(None, description="A scored level: the points it is worth on the deadline.")
    slots: int | None = Field(None, description="A level of slots: the slots it is worth on the deadline.")

    @model_serializer(mode="wrap")
    def _drop_empty(self, handler: Any) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None}


class Renewal(_Out):
    """A certification (an exam pass with `expires`) that expires on or before the deadline, its renewal
    window and what it holds up."""

    person: str
    name: str | None = Field(None, description="The person's name (the roster's `name`).")
    exam: str = Field(description="The pass's exam code, or a certification pass's certification id.")
    certification: str | None = Field(None, description="A certification pass: its id.")
    expires: dt.date = Field(description="The day it stops counting (it counts on the days before).")
    window_opens: dt.date | None = Field(description="The renewal window, the six months before expiry "
                                         "(to the day before it), clipped to as_of..deadline; null when "
                                         "closed.")
    window_closes: dt.date | None
    closed: bool = Field(description="The window has passed (or ends before as_of): the exam must be "
                         "passed again.")
    holds: list[RenewalHold] = Field(description="Per level: the points or slots it is worth on the "
                                     "deadline (0 when others cover it).")

    @model_serializer(mode="wrap")
    def _drop_empty_certification(self, handler: Any) -> dict[str, Any]:
        return _without_none(handler(self), "certification")


class CheckReport(_Out):
    """The answer of `planner check`: every level, today (on as_of) and on the deadline."""

    scenario: str
    competency: str
    as_of: dt.date
    levels: list[LevelStanding]
    deadline: dt.date | None = Field(None, description="The day the level must hold.")
    levels_on_deadline: list[LevelStanding] = Field(
        default_factory=list, description="Every level as it stands on the deadline, with the passes and "
        "people that count then (same order as `levels`).")
    losses: list[StandingLoss] = Field(
        default_factory=list, description="Each pass that stops counting and each leaver that costs a "
        "slot a level has today, before the deadline.")
    names: dict[str, str] = Field(
        default_factory=dict, exclude=True, description="What the screens call the competencies and levels "
        "by id (planner.rules.naming); not in the JSON, which keeps the ids.")
    renewals: list[Renewal] | None = Field(
        None, description="Each certification of this competency's exams that expires on or before the "
        "deadline (people who leave by then left out), by expiry day (left out when none).")
    others: list[CheckReport] | None = Field(
        None, description="With targets of several competencies: the check of each other competency, in "
        "the order of the targets (left out otherwise).")

    @model_serializer(mode="wrap")
    def _drop_empty_late_fields(self, handler: Any) -> dict[str, Any]:
        return _without_none(_without_none(handler(self), "renewals"), "others")


class RowPoints(_Out):
    """A scored goal's points on the deadline with a compared row's plan carried out."""

    target: str = Field(description="'competency:level'.")
    points: float
    needed: float
    met: bool


class DesignationStanding(_Out):
    """One level of one designation in `check` of several designations: its points today and on the
    deadline against those needed, the track that counts, and what is missing in a few words."""

    competency: str
    name: str = Field(description="The designation's name, as its catalog gives it.")
    revision: dt.date = Field(description="The revision of its rules checked (its date).")
    level: str
    option: str | None = Field(None, description="For a competency with options: the option's id.")
    needed: float | None = Field(None, description="The points the level needs (scored levels only).")
    points: float | None = Field(None, description="Today's points (scored levels only).")
    met: bool = Field(description="Met today.")
    points_on_deadline: float | None = Field(None, description="The points on the deadline as things stand.")
    met_on_deadline: bool | None = Field(None, description="Met on the deadline as things stand.")
    track: str | None = Field(None, description="The track that counts (on the deadline, else today).")
    missing: str = Field(description="What is missing, in a few words, on the deadline (else today); "
                         "empty when met.")

    @model_serializer(mode="wrap")
    def _drop_empty_option(self, handler: Any) -> dict[str, Any]:
        return _without_none(handler(self), "option")


class CheckSeveralReport(_Out):
    """The answer of `planner check --competency all` (or of several --competency): one row per
    designation's level, and each designation's whole check (CheckReport) in the same order."""

    scenario: str
    as_of: dt.date
    deadline: dt.date | None = None
    designations: list[DesignationStanding]
    checks: list[CheckReport]


class CompareRow(_Out):
    """One scenario's line in `planner compare`."""

    file: str
    scenario: str | None = None
    status: Status | None = None
    reachable: bool | None = None
    total_new_exams: int | None = None
    total_cost_usd: float | None = None
    revenue_gap_usd: float | None = Field(None, description="What the plan's revenue gates miss in all; "
                                          "null when it has none (a scored designation).")
    people_used: int | None = None
    error: str | None = None
    variant: str | None = Field(
        None, description="The variant's name, for a row made from a scenario's variants.")
    changes: list[str] = Field(default_factory=list, description="What the variant changes, in plain words.")
    level_reached: str | None = Field(
        None, description="The highest level, up to the one compared, this scenario reaches (None: none).")
    exams_delta: int | None = Field(None, description="New exams minus those of the reference row.")
    cost_delta_usd: float | None = Field(None, description="Plan cost minus that of the reference row.")
    gains: list[str] = Field(
        default_factory=list,
        description="'person exam' pairs (or hires) this plan has and the reference's lacks.")
    losses: list[str] = Field(
        default_factory=list,
        description="'person exam' pairs (or hires) the reference plan has and this lacks.")
    points: list[RowPoints] | None = Field(
        None, description="For a plan of scored goals: each one's points on the deadline with the plan "
        "(left out otherwise).")

    @model_serializer(mode="wrap")
    def _drop_empty_points(self, handler: Any) -> dict[str, Any]:
        return _without_none(handler(self), "points")


class CompareReport(_Out):
    """The answer of `planner compare`: several scenarios planned for the same level."""

    level: str
    objective: Objective
    scenarios: list[CompareRow]
    reference: str | None = Field(
        None, description="The row the differences are taken against: the first one that could be read.")
    level_names: dict[str, str] = Field(
        default_factory=dict, description="The name of each level the rows may reach, by id, as the "
        "compared scenarios' catalogs give it ('gold': 'Gold').")


class LadderStanding(_Out):
    """Where one level stands on a day, without a plan: points against those needed (a scored level) or
    slots filled against those needed (a level of slots), and whether it is met."""

    met: bool
    points: float | None = Field(None, description="A scored level: its points (on the track that counts).")
    needed: float | None = Field(None, description="A scored level: the points it needs.")
    slots_filled: int | None = Field(None, description="A level of slots: the slots the roster fills.")
    slots: int | None = Field(None, description="A level of slots: the slots it needs.")
    missing: str = Field(description="What keeps it from being met, in a few words; empty when met.")

    @model_serializer(mode="wrap")
    def _drop_empty(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        for key in ("points", "needed", "slots_filled", "slots"):
            _without_none(data, key)
        return data


class LadderPlan(_Out):
    """One plan of a ladder's row (the fewest-exams plan, or the cheapest), from the planning pipeline and
    re-checked like every plan, with its cost split into exam fees, staff hours and hires."""

    objective: Literal["exams", "cost"]
    status: Status
    reachable: bool
    met_already: bool = Field(description="Reachable with nothing to do: no exam, renewal or hire.")
    total_new_exams: int | None = Field(None, description="New exams (renewals not counted); null: no plan.")
    total_renewals: int = 0
    hires: int = 0
    total_cost_usd: float | None = Field(None, description="fees_usd + hours_usd + hires_usd; null: no plan.")
    fees_usd: float | None = Field(None, description="The exam (and renewal) fees.")
    hours_usd: float | None = Field(None, description="The staff hours of preparation (and renewal) at each "
                                    "person's rate.")
    hires_usd: float | None = Field(None, description="What the plan's hires cost.")
    within_budget: bool | None = Field(None, description="The cost is within the scenario's "
                                       "policy.budget_usd (null when it sets none, or without a plan).")
    reason: str | None = Field(None, description="Not reachable: the first reason why (null when reachable).")
    new_exams: list[NewExam] = Field(default_factory=list)
    hired: list[Hire] = Field(default_factory=list, description="The plan's hires.")
    names: dict[str, str] = Field(
        default_factory=dict, exclude=True, description="What the screens call the plan's certifications "
        "(its report's names); not in the JSON, which keeps the ids.")


class ScoreLever(_Out):
    """What one more unit of one metric (a person counted, a person meeting a gate step, or 1 more of a
    figure the partner reports) would add to a scored level's points on the deadline, exactly as the
    rules score it."""

    metric: str
    name: str = Field(description="The metric's name, as its catalog gives it.")
    kind: Literal["people", "gate-step", "input"]
    step: int | None = Field(None, description="gate-step: the step (1 for the first).")
    part: str | None = Field(None, description="An input metric with parts: the part.")
    count: float = Field(description="People counted (or meeting the step), or the figure, on the deadline.")
    points: float = Field(description="The points it adds, to 4 decimals (always above 0).")
    meets: bool = Field(description="With it alone the level is met on the deadline.")
    words: str = Field(description="The lever in words: 'one more person in Intermediate certifications'.")

    @model_serializer(mode="wrap")
    def _drop_empty(self, handler: Any) -> dict[str, Any]:
        return _without_none(_without_none(handler(self), "step"), "part")


class LadderRow(_Out):
    """One level of one competency (of one option) on the ladder: where it stands today and on the
    deadline, its fewest-exams and cheapest plans, and for a scored level a few points short its score
    levers."""

    competency: str
    name: str = Field(description="The goal's name, as the catalogs give it.")
    level: str
    option: str | None = Field(None, description="For a competency with options: the option's id.")
    revision: dt.date = Field(description="The revision of its rules (its date).")
    scored: bool
    today: LadderStanding
    on_deadline: LadderStanding = Field(description="On the deadline, as things stand (no plan).")
    fewest_exams: LadderPlan
    cheapest: LadderPlan
    levers: list[ScoreLever] | None = Field(
        None, description="A scored level not met on the deadline, a few points short (at most 10, or the "
        "largest lever): each metric's one more unit that adds points, most first ([] when none does); left "
        "out otherwise.")
    levers_words: str | None = Field(None, description="The levers in one sentence; left out with them.")

    @model_serializer(mode="wrap")
    def _drop_empty(self, handler: Any) -> dict[str, Any]:
        data = _without_none(handler(self), "option")
        return _without_none(_without_none(data, "levers"), "levers_words")


class LadderReport(_Out):
    """The answer of `planner ladder`: every level (or designation) side by side, where it stands and what
    its fewest-exams and cheapest plans cost."""

    scenario: str
    as_of: dt.date
    deadline: dt.date
    budget_usd: float | None = Field(None, description="The scenario's policy.budget_usd: the plans are made "
                                     "at any budget and say whether they fit it.")
    resilience: int = Field(0, description="The scenario's policy.resilience, which every plan keeps.")
    rows: list[LadderRow]
    notes: list[str] = Field(default_factory=list, description="About the revisions planned against.")
    stats: dict[str, Any] = Field(default_factory=dict)


WithinBudget.model_rebuild()
