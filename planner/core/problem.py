"""From a loaded scenario to the data the CP-SAT model loops over: who counts, what they may take.

Two reductions keep the model small however long the roster is:

1. **Profiles** (planner/core/profiles.py). People who count on the deadline are grouped by everything
   the plan depends on (the relevant exams they hold, `can_take`, `max_new_exams`, hourly rate). The
   rules are applied once per profile, not once per person.
2. **Pruning** (planner/core/pruning.py). For each role, and each number of changes c a person needs to
   fill it (new exams, plus one for a hire), only the k cheapest such people can matter, k = the level's
   total slots; with a calendar, the time and risk objectives or many goals, only the people dominated by
   fewer than k others. The docstring of planner/core/pruning.py proves that no best plan is lost, in
   every mode. Scored goals too many to list their sets of roles (several designations planned together)
   are pruned by what the best plan can afford instead, with a tail planned in counts
   (planner/core/bounded.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from models.catalog import Catalog, Exam, Level, Role, certification_id, item_code
from models.scenario import Person, Scenario
from planner.core.bounded import CostBound, KnownOptimum, Tail, bounded_applies, tail_of
from planner.core.covers import cheapest_cover  # noqa: F401 - imported from here by planner/explain/out_of_reach.py
from planner.core.deadline import OutOfTimeBuilding, building_within
from planner.core.items import CertificationRules, certification_rules
from planner.core.matching import slots_can_be_filled
from planner.core.profiles import Certifications, NewExamOption, Profile, Profiles, roster_profiles
from planner.core.pruning import (
    kept_people,
    people_a_plan_uses,
    pruning_strategy,
    qualifiers_left_out,
    types_left_out,
)
from planner.input.loading import LoadedScenario, ResolvedTarget
from planner.rules.domain import (
    due,
    level_gates,
    months_between,
    person_words,
    role_lists,
)
from planner.rules.scoring import metric_roles

Objective = Literal["exams", "cost", "time", "risk"]


@dataclass(frozen=True)
class Candidate:
    """A person who counts on the deadline (or a possible hire), with what they hold and may still take."""

    index: int
    person: Person
    held: frozenset[str]
    options: tuple[NewExamOption, ...]
    max_new: int | None
    hire_profile: int | None = None  # position in scenario.hiring for a possible hire
    hire_cost_cents: int = 0
    per_month: int = 1  # with a calendar: exams this person takes in one month

    @property
    def id(self) -> str:
        return self.person.id

    @property
    def is_hire(self) -> bool:
        return self.hire_profile is not None


@dataclass(frozen=True)
class RoleSpec:
    """A role of the level: how many slots, and the exam lists a slot holder needs one exam from each.

    `goal` is the position of the goal it belongs to; `key` names it among every goal's roles (the role
    id itself when the plan has one goal)."""

    role: Role
    slots: int
    lists: tuple[tuple[str, frozenset[str]], ...]
    goal: int = 0
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.role.id)

    @property
    def id(self) -> str:
        return self.role.id


@dataclass(frozen=True)
class Goal:
    """One way to meet one target: a level of one option of a competency (of one revision).

    A target with several options has one goal per option, of which the plan meets exactly one."""

    index: int
    target: str  # 'competency:level'
    target_index: int
    catalog: Catalog  # the option's catalog
    level: Level
    roles: tuple[RoleSpec, ...]

    @property
    def option(self) -> str | None:
        return self.catalog.option_id or None

    @property
    def scored(self) -> bool:
        """A scored level: its roles are exam metrics, each counting at most its threshold of people."""
        return self.level.score is not None

    @property
    def slots(self) -> int:
        """The most people the goal's roles can use (a scored level's thresholds)."""
        return sum(spec.slots for spec in self.roles)

    @property
    def gold(self) -> bool:
        """A Gold level, for `policy.one_gold_per_person` (a level whose id is 'gold')."""
        return self.level.id == "gold"


@dataclass(frozen=True)
class PlanSettings:
    """What the plan must respect beyond the level's rules."""

    budget_cents: int | None = None
    resilience: int = 0
    exclude: tuple[frozenset[tuple[str, str]], ...] = ()  # plans already listed: {(person, exam | "hire")}
    differ: str = "people"  # how alternatives differ from listed plans: "people" or "exams" (their changes)
    fill_most_slots: bool = False  # instead of filling every slot, fill as many as the budget allows
    whole_roster: bool = False  # no pruning (alternatives, fixes)
    schedule: bool = False  # give every new exam a month (implied by --objective time)
    spares: tuple[str, ...] = ()  # role keys that get one spare qualified person (--buffer)
    extra_plans: int = 0  # alternatives after the first: the pruning keeps this many more people per class
    tie_break: bool = True  # False: any plan at the objective's optimum (only its figures are read)


@dataclass
class Problem:
    """Everything the model needs for one scenario, level and objective."""

    scenario: Scenario
    catalog: Catalog
    level: Level
    objective: Objective
    roles: tuple[RoleSpec, ...]
    people: tuple[Candidate, ...]
    exam_order: dict[str, int]
    counted: int
    leavers: tuple[Person, ...]
    settings: PlanSettings = field(default_factory=PlanSettings)
    months: tuple[str, ...] = ()  # with a calendar: the months from as_of to the deadline
    lower_roles: tuple[RoleSpec, ...] = ()  # the level just below, when its slots are a subset of this one's
    lower_level: Level | None = None
    # people left out of the model who already qualify for the level below: how many qualify for exactly
    # each set of its roles (empty over the whole roster)
    outside_lower: dict[frozenset[str], int] = field(default_factory=dict)
    stats: dict[str, int | str] = field(default_factory=dict)
    goals: tuple[Goal, ...] = ()
    targets: tuple[ResolvedTarget, ...] = ()
    one_gold_per_person: bool = False
    pruned: bool = True  # built with pruning allowed (the request's `prune`)
    # with resilience or a buffer: (goal index, the exact set of its role keys, or a scored goal's metric
    # keys) -> how many people left out of the model already qualify for exactly those
    outside_types: dict[tuple[int, frozenset[str]], int] = field(default_factory=dict)
    # the certifications the lists name ('@<id>' items) and their prerequisites (planner/core/items.py)
    certifications: CertificationRules = field(default_factory=CertificationRules)
    # pruned by what the best plan can afford (planner/core/bounded.py): the people left out of the model
    # but not of every best plan, planned in counts, and what says who can be in the best plan
    tail: tuple[Tail, ...] = ()
    bound: CostBound | None = None
    known: KnownOptimum | None = None  # solved again with more people: the optimum found before

    @functools.cached_property
    def words(self) -> dict[str, str]:
        """How sentences call the roster's people (rules.person_words), worked out once per problem."""
        return person_words(self.scenario.staff)

    @property
    def total_slots(self) -> int:
        return sum(r.slots for r in self.roles)

    @property
    def single_goal(self) -> bool:
        """One target, one way to meet it, all slot holders different people: the shape the pruning
        argument, the explanations and the fixes are made for."""
        return len(self.goals) <= 1 and self.level.people == "different"

    def goals_of(self, target_index: int) -> list[Goal]:
        return [g for g in self.goals if g.target_index == target_index]


def plan_goals(scenario: Scenario, targets: list[ResolvedTarget]) -> tuple[Goal, ...]:
    """Every goal of the targets: one per option of each target's competency, in catalog order.

    When some options of a target pass their revenue and DPOR gates, only those are goals: an option
    whose gates fail cannot attain the competency, however cheap its exams."""
    several = len(targets) > 1 or any(len(t.catalog.option_catalogs()) > 1 for t in targets)
    goals: list[Goal] = []
    for t_index, target in enumerate(targets):
        options = [(c, c.level(target.level)) for c in target.catalog.option_catalogs()]
        passing = [(c, lv) for c, lv in options
                   if all(g.gate.ok for g in level_gates(lv, scenario.organization, c.id))]
        for catalog, level in passing or options:
            index = len(goals)
            goals.append(Goal(index, target.label, t_index, catalog, level,
                              _goal_roles(scenario, catalog, level, index, several)))
    return tuple(goals)


def _goal_roles(scenario: Scenario, catalog: Catalog, level: Level, index: int, several: bool
                ) -> tuple[RoleSpec, ...]:
    """A level's roles with their slots; for a scored level, one role per exam metric whose 'slots' are
    its threshold on the scenario's track (no more people count toward it)."""
    def key(role_id: str) -> str:
        return f"{index}:{role_id}" if several else role_id

    if level.score is not None:  # exam metrics, then each one's gate steps (on every track: the most)
        return tuple(RoleSpec(role=role, slots=need, lists=tuple(role_lists(catalog, role)), goal=index,
                              key=key(role.id))
                     for role, need in metric_roles(level, scenario.organization, catalog.id))
    return tuple(RoleSpec(role=r, slots=level.slots[r.id], lists=tuple(role_lists(catalog, r)), goal=index,
                          key=key(r.id))
                 for r in catalog.roles if level.slots.get(r.id, 0) > 0)


def build_problem(loaded: LoadedScenario, level_id: str, objective: Objective = "exams", *,
                  prune: bool = True, settings: PlanSettings | None = None,
                  targets: list[ResolvedTarget] | None = None, time_limit: float | None = None,
                  roster_read: Callable[[], object] | None = None) -> Problem:
    """Apply the rules to the roster and keep the people the model needs (all of them if not `prune`).

    Without `targets` the plan is for `level_id` of the scenario's competency; with them, for all of
    them at once with the shared staff. When `time_limit` seconds pass before it is built, the problem
    has nobody in it and says so (`stats["stopped"]`): the run then answers that it ran out of time.
    `roster_read()`: called once the roster is read into profiles (roster_profiles), before the pruning."""
    settings = _with_calendar_if_timed(settings or PlanSettings(), objective)
    targets = targets or _the_scenario_level(loaded, level_id)
    try:
        with building_within(time_limit):
            return _build_problem(loaded, objective, prune, settings, targets, roster_read)
    except OutOfTimeBuilding:
        return problem_without_people(loaded, objective, settings, targets, prune, stopped=STOPPED_BUILDING)


def problem_without_people(loaded: LoadedScenario, objective: Objective, settings: PlanSettings,
                           targets: list[ResolvedTarget], prune: bool, stopped: str | None = None) -> Problem:
    """The problem's goals, nobody in it (the roster not read): what answers a plan that needs no model (the
    time limit `stopped` its building, or no change is needed: planner/core/as_it_stands.py)."""
    goals = plan_goals(loaded.scenario, targets)
    return Problem(scenario=loaded.scenario, catalog=goals[0].catalog, level=goals[0].level,
                   objective=objective, roles=tuple(spec for goal in goals for spec in goal.roles),
                   people=(), exam_order={}, counted=0, leavers=(), settings=settings,
                   stats={"roster": len(loaded.scenario.staff), **({"stopped": stopped} if stopped else {})},
                   goals=goals, targets=tuple(targets), pruned=prune)


STOPPED_BUILDING = "time limit while building"


def _build_problem(loaded: LoadedScenario, objective: Objective, prune: bool, settings: PlanSettings,
                   targets: list[ResolvedTarget], roster_read: Callable[[], object] | None = None) -> Problem:
    scenario = loaded.scenario
    goals = plan_goals(scenario, targets)
    catalog, level = goals[0].catalog, goals[0].level
    roles = tuple(spec for goal in goals for spec in goal.roles)
    deadline = due(scenario)
    rules = certification_rules((i for spec in roles for _, items in spec.lists for i in sorted(items)),
                                loaded.catalogs.certifications, scenario.as_of, deadline)
    exam_order = _preference_order(roles, goals, rules)
    scheduled = settings.schedule
    months = months_between(scenario.as_of, deadline) if scheduled else []
    exams, certifications = exams_of(loaded, goals, exam_order, rules)
    profiles, leavers, counted, hires = roster_profiles(scenario, exams, exam_order, months, scheduled,
                                                        certifications)
    if roster_read is not None:
        roster_read()
    staff = scenario.staff

    lower_level, lower_roles = _lower_level_to_prefer(goals, profiles)
    hall = settings.resilience > 0 or bool(settings.spares)
    k = people_a_plan_uses(goals, len(targets), settings) + (lower_level.total_slots if lower_level else 0)
    strategy, keep, bound = _kept(pruning_strategy(prune, settings, objective, goals, len(targets)),
                                  profiles, goals, (len(targets), k), hall, rules, (objective, settings),
                                  bool(hires))
    outside, outside_types = _left_out_counts(profiles, keep, goals, lower_roles,
                                              hall and strategy != "whole")
    people = _candidates(keep, staff, hires)
    tail = tail_of(bound, set(keep)) if bound is not None else ()
    return Problem(
        scenario=scenario, catalog=catalog, level=level, objective=objective, roles=roles,
        lower_level=lower_level, lower_roles=lower_roles, outside_lower=outside,
        people=people, exam_order=exam_order, counted=counted, leavers=tuple(leavers), settings=settings,
        months=tuple(months),
        stats={"roster": len(staff), "counted": counted, "profiles": len(profiles),
               "people_in_model": len(people), "pruning": strategy,
               **({"tail": sum(t.people for t in tail)} if bound is not None else {})},
        goals=goals, targets=tuple(targets), one_gold_per_person=scenario.policy.one_gold_per_person,
        pruned=prune, outside_types=outside_types, certifications=rules, tail=tail, bound=bound,
    )


def _kept(strategy: str, profiles: Profiles, goals: tuple[Goal, ...], sizes: tuple[int, int], hall: bool,
          rules: CertificationRules, request: tuple[Objective, PlanSettings], hiring: bool
          ) -> tuple[str, dict[int, Profile], CostBound | None]:
    """The pruning strategy, the people the model gets (`sizes`: the targets, and the most people a plan
    uses) and, pruned by what the best plan can afford instead of by profiles where the arguments of
    planner/core/bounded.py hold, what says who else could be in the best plan."""
    objective, settings = request
    if strategy == "profiles" and not hiring and bounded_applies(settings, objective, goals):
        bound = CostBound.of(profiles, goals, rules, objective)
        return "bounded", {i: bound.profile(i) for i in bound.first_guess()}, bound
    return strategy, kept_people(strategy, profiles, goals, sizes[0], sizes[1], hall, rules), None


def widened(problem: Problem, extra: Iterable[int], known: KnownOptimum | None = None) -> Problem:
    """The problem with these people of its tail in the model (planner/core/bounded.py), and the optimum
    already proven, if any."""
    bound = problem.bound
    assert bound is not None
    model = {c.index for c in problem.people} | set(extra)
    people = _candidates({i: bound.profile(i) for i in model}, problem.scenario.staff, [])
    tail = tail_of(bound, model)
    stats = {**problem.stats, "people_in_model": len(people), "tail": sum(t.people for t in tail)}
    return replace(problem, people=people, tail=tail, known=known, stats=stats)


def _with_calendar_if_timed(settings: PlanSettings, objective: Objective) -> PlanSettings:
    """The settings, with a calendar (every new exam given a month) when the time objective needs one."""
    if objective == "time" and not settings.schedule:
        return replace(settings, schedule=True)
    return settings


def _the_scenario_level(loaded: LoadedScenario, level_id: str) -> list[ResolvedTarget]:
    """The one target of a plan without targets: the level of the scenario's competency."""
    return [ResolvedTarget(f"{loaded.catalog.id}:{level_id}", loaded.catalog.id, level_id,
                           loaded.catalog, loaded.notes)]


def exams_of(loaded: LoadedScenario, goals: tuple[Goal, ...], exam_order: dict[str, int],
              rules: CertificationRules) -> tuple[dict[str, Exam], Certifications | None]:
    """Every exam of the goals' catalogs by code (the first catalog that lists it), and those of the
    certifications the lists name (the certification catalog's), with what the profiles read of the
    certifications (None: the lists name none)."""
    exams: dict[str, Exam] = {}
    for goal in goals:
        for exam in goal.catalog.exams:
            exams.setdefault(exam.code, exam)
    if not rules:
        return exams, None
    known = loaded.catalogs.exams(goals[0].catalog)
    for code in exam_order:
        if certification_id(code) is None and code not in exams and code in known:
            exams[code] = known[code]
    direct = {i for goal in goals for lst in goal.catalog.lists for i in lst.items}
    return exams, Certifications(rules, loaded.catalogs.certifications, known, rules.unplannable - direct)


def _left_out_counts(profiles: Profiles, keep: dict[int, Profile], goals: tuple[Goal, ...],
                     lower_roles: tuple[RoleSpec, ...], hall_left_out: bool
                     ) -> tuple[dict[frozenset[str], int], dict[tuple[int, frozenset[str]], int]]:
    """The people the pruning left out who already qualify, as the counts the model reads: for the level
    below, and (`hall_left_out`: with resilience or a buffer, over a pruned roster) for every goal, each
    by the exact set of roles they qualify for."""
    outside = qualifiers_left_out(profiles, keep, lower_roles) if lower_roles else {}
    outside_types = types_left_out(profiles, keep, goals) if hall_left_out else {}
    return outside, outside_types


def _candidates(keep: dict[int, Profile], staff: list[Person], hires: list[tuple[int, Person]]
                ) -> tuple[Candidate, ...]:
    """The people the model gets, in roster order (possible hires after the staff)."""
    return tuple(
        Candidate(i, staff[i] if i < len(staff) else hires[i - len(staff)][1], prof.held, prof.options,
                  prof.max_new, prof.hire_profile, prof.hire_cost_cents, prof.per_month)
        for i, prof in sorted(keep.items(), key=lambda item: item[0])
    )


def _lower_level_to_prefer(goals: tuple[Goal, ...], profiles: dict[tuple[object, ...], Profile]
                           ) -> tuple[Level | None, tuple[RoleSpec, ...]]:
    """The level below a single goal of all-different slot holders, met on the way (Silver under Gold),
    unless the roster already meets it as it stands."""
    if len(goals) != 1 or goals[0].level.people != "different":
        return None, ()
    lower_level, lower_roles = _level_below(goals[0].catalog, goals[0].level)
    if lower_roles and _met_without_new_exams(profiles, lower_roles):
        return None, ()  # already met as the roster stands: nothing to prefer
    return lower_level, lower_roles


def _level_below(catalog: Catalog, level: Level) -> tuple[Level | None, tuple[RoleSpec, ...]]:
    """The level listed just before this one, if meeting this level's slots always meets its slots too."""
    position = [lv.id for lv in catalog.levels].index(level.id)
    if position == 0:
        return None, ()
    lower = catalog.levels[position - 1]
    if any(n > level.slots.get(rid, 0) for rid, n in lower.slots.items()):
        return None, ()
    return lower, tuple(RoleSpec(role=r, slots=lower.slots[r.id], lists=tuple(role_lists(catalog, r)))
                        for r in catalog.roles if lower.slots.get(r.id, 0) > 0)


def _met_without_new_exams(profiles: dict[tuple[object, ...], Profile], specs: tuple[RoleSpec, ...]) -> bool:
    """Whether the staff as they are (no hires) fill every slot of these roles, all different: a largest
    matching of people, by the set of roles they qualify for, to the slots fills them all."""
    counts: dict[frozenset[str], int] = {}
    for prof in profiles.values():
        if prof.hire_profile is None:
            quals = frozenset(s.id for s in specs if all(prof.held & codes for _, codes in s.lists))
            counts[quals] = counts.get(quals, 0) + len(prof.members)
    return slots_can_be_filled(counts, {s.id: s.slots for s in specs})


def _preference_order(roles: tuple[RoleSpec, ...], goals: tuple[Goal, ...],
                      rules: CertificationRules) -> dict[str, int]:
    """Items of the goals' roles in the catalogs' order of preference (goal, role, list, position in list),
    each certification followed by its exams and its prerequisites' (recursively)."""
    order: dict[str, int] = {}

    def add(item: str) -> None:
        if item in order:
            return
        order[item] = len(order)
        spec = rules.spec(item)
        if spec is not None:
            for code in spec.exams:
                order.setdefault(code, len(order))
            for q in spec.prerequisites:
                add(item_code(q))

    for spec in roles:
        catalog = goals[spec.goal].catalog
        for list_id in spec.role.lists:
            for item in catalog.exam_list(list_id).items:
                add(item)
    return order
