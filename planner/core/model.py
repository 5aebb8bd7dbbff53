"""The CP-SAT model: decision variables in one container, one function per rule, built in one place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from models.catalog import item_code
from planner.core.cpsat import cp_model  # CP-SAT without pandas (0.6 s less per command)
from planner.core.deadline import check_build_time
from planner.core.problem import Candidate, Goal, Problem, RoleSpec
from planner.core.profiles import NewExamOption
from planner.core.score_rules import (
    ScoreScale,
    TrackPoints,
    keep_the_score_after_departures,
    points_of,
    reach_the_score,
    scored_by_tracks,
)
from planner.core.symmetry_rules import SYMMETRY_RULES, may_serve
from planner.core.tail_rules import TAIL_RULES, TailDecisions
from planner.rules.domain import month_days

Stage = tuple[str, cp_model.LinearExprT, str]  # (name, expression, "min" | "max")
LEX_CHUNK = 50  # booleans per weighted tie-break stage: weights stay below 2**50
LEX_EXACT_MAX = 600  # beyond this many booleans the tie-break is one stage (see lexicographic_preference)


class Decisions:
    """The plan's decisions, one variable per domain fact, named after domain ids.

    `take[p, exam]`: p takes a new exam; `qualifies[p, role]`: p holds one exam of each of the role's lists
    on the deadline; `fill[p, role]`: p fills a slot of the role; `hired[p]`: a possible hire is hired;
    `earn[p, c]`: the plan gives p certification c (its missing exams, and a prerequisite where needed);
    `tail`: the people of the tail (planner/core/bounded.py), in counts.
    """

    def __init__(self, model: cp_model.CpModel, problem: Problem) -> None:
        self.problem = problem
        self.model = model
        self.take: dict[tuple[int, str], cp_model.IntVar] = {}
        self.qualifies: dict[tuple[int, str], cp_model.IntVar] = {}
        self.fill: dict[tuple[int, str], cp_model.IntVar] = {}
        self.hired: dict[int, cp_model.IntVar] = {}
        self.month: dict[tuple[int, str, int], cp_model.IntVar] = {}  # with a calendar: taken in month m
        self.finish: cp_model.IntVar | None = None  # with a calendar: the month the last new exam is taken
        self.lower_fill: dict[tuple[int, str], cp_model.IntVar] = {}  # slots of the level below
        self._counts: dict[str, cp_model.IntVar] = {}  # count_of: people filling each role
        self.earn: dict[tuple[int, str], cp_model.IntVar] = {}
        self.score_tracks: dict[int, list[TrackPoints]] = {}  # score_rules.track_points, once per goal
        # chosen[g]: the plan meets goal g (only for targets with several options; the others always)
        self.chosen: dict[int, cp_model.IntVar] = {
            g.index: model.new_bool_var(f"chosen[{g.target}/{g.option}]")
            for g in problem.goals if len(problem.goals_of(g.target_index)) > 1}
        serving: dict[frozenset[str], frozenset[str]] = {}
        for person in problem.people:
            check_build_time()
            self._changes_of(person, may_serve(problem, person, serving))
            for spec in problem.roles:
                fill = self.fill[person.index, spec.key] = model.new_bool_var(f"fill[{person.id},{spec.key}]")
                # a bounded plan qualifies its slot holders only: one variable (qualification_only_for_a_slot)
                self.qualifies[person.index, spec.key] = fill if problem.bound is not None else \
                    model.new_bool_var(f"qualifies[{person.id},{spec.key}]")
            if person.is_hire:
                self.hired[person.index] = model.new_bool_var(f"hired[{person.id}]")
        self._gets: dict[int, dict[str, list[cp_model.IntVar]]] = {}
        self.tail = TailDecisions(model, problem, problem.tail) if problem.tail else None
        if problem.settings.schedule:
            self.finish = model.new_int_var(0, max(0, len(problem.months) - 1), "finish_month")

    def _changes_of(self, person: Candidate, useful: frozenset[str] | None) -> None:
        """A person's new exams (with a calendar, their months) and certifications given: those of `useful`
        items only, the others being 0 in every plan (None: every one; symmetry_rules.may_serve)."""
        model, problem = self.model, self.problem
        for option in person.options if useful is None else (o for o in person.options if o.exam in useful):
            self.take[person.index, option.key] = model.new_bool_var(f"take[{person.id},{option.key}]")
            for m in option.months if problem.settings.schedule else ():
                self.month[person.index, option.key, m] = model.new_bool_var(
                    f"month[{person.id},{option.key},{problem.months[m]}]")
        for cert in problem.certifications.specs:
            if cert.earnable and cert.item not in person.held and (useful is None or cert.item in useful):
                self.earn[person.index, cert.id] = model.new_bool_var(f"earn[{person.id},{cert.id}]")

    def takes_of(self, person: Candidate) -> list[tuple[NewExamOption, cp_model.IntVar]]:
        """The new exams open to a person, each with its variable."""
        return [(o, var) for o in person.options if (var := self.take.get((person.index, o.key))) is not None]

    def gets(self, person: Candidate, item: str) -> list[cp_model.IntVar]:
        """The variables of which any one, true, gives a person an item they do not hold: the new exam or
        its renewal; for a certification, earning it or renewing its pass."""
        if person.index not in self._gets:
            ways: dict[str, list[cp_model.IntVar]] = {}
            for option, var in self.takes_of(person):
                ways.setdefault(option.exam, []).append(var)
            for cert in self.problem.certifications.specs:
                earn = self.earn.get((person.index, cert.id))
                if earn is not None:
                    ways.setdefault(cert.item, []).append(earn)
            self._gets[person.index] = ways
        return self._gets[person.index].get(item, [])

    def fillers_of(self, spec: RoleSpec) -> list[cp_model.IntVar]:
        """One variable per person: does this person fill a slot of this role (and the tail's count)."""
        fills: list[cp_model.IntVar] = [self.fill[p.index, spec.key] for p in self.problem.people]
        return fills + self.tail.fills(spec.key) if self.tail is not None else fills

    def count_of(self, spec: RoleSpec) -> cp_model.IntVar:
        """How many people fill the role (a scored metric: count toward it), one integer of 0..its slots:
        a weight multiplies this one variable, never every person's (see score_rules.ScoreScale)."""
        if spec.key not in self._counts:
            count = self._counts[spec.key] = self.model.new_int_var(0, spec.slots, f"count[{spec.key}]")
            self.model.add(count == sum(self.fillers_of(spec)))
        return self._counts[spec.key]

    def count_qualified(self, spec: RoleSpec, outside: dict[frozenset[str], int]) -> cp_model.IntVar:
        """How many people qualify for the role: in the model, and of those left out of it (`outside`: how
        many qualify for exactly each set of role keys) the ones whose set holds it."""
        constant = sum(n for keys, n in outside.items() if spec.key in keys)
        count = self.model.new_int_var(0, len(self.problem.people) + constant, f"qualified[{spec.key}]")
        inside = sum(self.qualifies[p.index, spec.key] for p in self.problem.people)
        self.model.add(count == inside + constant)
        return count

    def of_person(self, person: Candidate) -> list[cp_model.IntVar]:
        """A person's variables: their new exams, certifications given, qualifying and filling."""
        i, roles = person.index, self.problem.roles
        return [*(var for _, var in self.takes_of(person)), *(self.qualifies[i, s.key] for s in roles),
                *(self.fill[i, s.key] for s in roles), *(var for (j, _), var in self.earn.items() if j == i)]

    def changes(self) -> list[tuple[tuple[str, str], cp_model.IntVar]]:
        """Every change a plan can make, keyed (person id, exam code) or (person id, 'hire')."""
        out = [((p.id, o.key), var) for p in self.problem.people for o, var in self.takes_of(p)]
        out += [((p.id, "hire"), self.hired[p.index]) for p in self.problem.people if p.is_hire]
        return out


# ---- hard rules -------------------------------------------------------------------------------------

Rule = Callable[[cp_model.CpModel, Decisions, Problem], None]


def fill_every_slot(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """Each role of the level has exactly its number of slots filled (at most, when filling most slots);
    for a target with options, those of the option the plan meets, and none of the others."""
    for spec in problem.roles:
        chosen = d.chosen.get(spec.goal)
        if problem.goals[spec.goal].scored:  # no more people count toward a metric than its threshold
            model.add(sum(d.fillers_of(spec)) <= spec.slots * (1 if chosen is None else chosen))
        elif problem.settings.fill_most_slots:
            model.add(sum(d.fillers_of(spec)) <= spec.slots * (1 if chosen is None else chosen))
        elif chosen is None:
            model.add(sum(d.fillers_of(spec)) == spec.slots)
        else:
            model.add(sum(d.fillers_of(spec)) == spec.slots * chosen)


def one_option_per_target(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """A target with several options is met by exactly one of them (any one attains the competency)."""
    for t in range(len(problem.targets)):
        chosen = [d.chosen[g.index] for g in problem.goals_of(t) if g.index in d.chosen]
        if chosen:
            model.add_exactly_one(chosen)


def person_fills_at_most_one_slot(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """Slot holders of a level with `people: different` are all different people: nobody fills two of its
    slots, even of different roles. With `same-or-different` a person fills at most one slot of each role
    (one variable per person and role says so) but may fill slots of several roles."""
    for goal in problem.goals:
        if goal.level.people != "different":
            continue
        for person in problem.people:
            fills = [d.fill[person.index, spec.key] for spec in goal.roles]
            if len(fills) > 1:
                model.add_at_most_one(fills)


def one_gold_per_person(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """With `policy.one_gold_per_person`, a person fills slots toward at most one Gold target."""
    gold_targets = sorted({g.target_index for g in problem.goals if g.gold})
    if not problem.one_gold_per_person or len(gold_targets) < 2:
        return
    for person in problem.people:
        toward = []
        for t in gold_targets:
            fills = [d.fill[person.index, spec.key] for g in problem.goals_of(t) for spec in g.roles]
            var = model.new_bool_var(f"counts_toward[{person.id},{problem.targets[t].label}]")
            for fill in fills:
                model.add_implication(fill, var)
            toward.append(var)
        model.add_at_most_one(toward)


def slot_holder_qualifies(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """Only someone who qualifies for a role fills one of its slots."""
    for key, fill in d.fill.items():
        if d.qualifies[key] is not fill:
            model.add_implication(fill, d.qualifies[key])


def qualified_person_has_one_exam_from_each_list(model: cp_model.CpModel, d: Decisions,
                                                  problem: Problem) -> None:
    """Qualifying for a role means holding (already, or by a new exam or certification) one item of each
    of its lists."""
    for person in problem.people:
        for spec in problem.roles:
            qualifies = d.qualifies[person.index, spec.key]
            for _, codes in spec.lists:
                if person.held & codes:
                    continue
                covering = [var for item in sorted(codes) for var in d.gets(person, item)]
                model.add(sum(covering) >= 1).only_enforce_if(qualifies)


def certification_needs_its_exams_and_a_prerequisite(model: cp_model.CpModel, d: Decisions,
                                                      problem: Problem) -> None:
    """A person is given a certification only with every exam of it they lack (each taken once, however
    many certifications it serves) and, when they hold none of its prerequisites, one of those given too."""
    rules = problem.certifications
    for person in problem.people:
        for cert in rules.specs:
            earn = d.earn.get((person.index, cert.id))
            if earn is None:
                continue
            needs = [[*d.gets(person, e)] for e in cert.exams if e not in person.held]
            prerequisites = [item_code(q) for q in cert.prerequisites]
            if prerequisites and not person.held.intersection(prerequisites):
                needs.append([var for q in prerequisites for var in d.gets(person, q)])
            for ways in needs:
                model.add_bool_or(ways).only_enforce_if(earn)


def certification_earned_before_it_retires(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """With a calendar, a certification given by the plan has its exams booked in months that begin on or
    before the day it retires (the last day it can be earned)."""
    if not problem.settings.schedule:
        return
    retiring = {s.id: {m for m, month in enumerate(problem.months) if month_days(month)[0] > s.retired}
                for s in problem.certifications.specs if s.retired is not None}
    for (index, cid), earn in d.earn.items():
        for code in problem.certifications.by_id[cid].exams if cid in retiring else ():
            for m in retiring[cid]:
                booked = d.month.get((index, code, m))
                if booked is not None:
                    model.add_bool_or([earn.Not(), booked.Not()])


def new_exam_serves_a_role(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """A new exam (or a certification given) is planned only for someone who then qualifies for a role it
    gives a missing list of (an exam of a list the person already holds serves nothing there, whatever
    other lists it is in), or toward a certification the plan gives them that needs it."""
    lists_of: dict[str, list[tuple[RoleSpec, frozenset[str]]]] = {}
    for spec in problem.roles:
        for _, codes in spec.lists:
            for code in codes:
                lists_of.setdefault(code, []).append((spec, codes))
    needed_by = problem.certifications.needed_by
    for person in problem.people:
        given = [(option.exam, take) for option, take in d.takes_of(person)]
        given += [(cert.item, var) for cert in problem.certifications.specs
                  if (var := d.earn.get((person.index, cert.id))) is not None]
        for item, var in given:
            keys = dict.fromkeys(spec.key for spec, codes in lists_of.get(item, ())
                                 if not person.held & codes)
            toward = [d.earn[person.index, c] for c in needed_by.get(item, ()) if (person.index, c) in d.earn]
            model.add(var <= sum(d.qualifies[person.index, key] for key in keys) + sum(toward))


def qualify_only_for_the_chosen_option(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """For a target with several options, people qualify (and take exams) only for the option the plan
    meets: the other options' roles count for nothing."""
    for person in problem.people:
        for spec in problem.roles:
            chosen = d.chosen.get(spec.goal)
            if chosen is not None:
                model.add_implication(d.qualifies[person.index, spec.key], chosen)


def at_most_one_new_exam_per_list(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """A person is planned at most one new exam of any list, and none of a list they already hold.

    (Of two new exams of one list either can go, unless it also serves another list: so "at most one"
    is stated only for lists that share no exam with another list; several targets can overlap.)"""
    lists = _exam_lists_of_the_roles(problem)
    overlapping = {codes for codes in lists if any(codes & other for other in lists if other != codes)}
    for person in problem.people:
        # an exam (or a renewal) some certification needs may serve another list: never ruled out here
        takes = [(o, var) for o, var in d.takes_of(person) if o.exam not in problem.certifications.needed_by]
        for codes in lists:
            mine = [var for option, var in takes if option.exam in codes]
            if person.held & codes:
                _no_new_exam_only_for_held_lists(model, person, takes, codes, lists)
            elif len(mine) > 1 and codes not in overlapping:
                model.add(sum(mine) <= 1)


def _exam_lists_of_the_roles(problem: Problem) -> dict[frozenset[str], None]:
    """Every exam list of the problem's roles, once each, in the roles' order."""
    lists: dict[frozenset[str], None] = {}
    for spec in problem.roles:
        for _, codes in spec.lists:
            lists.setdefault(codes, None)
    return lists


def _no_new_exam_only_for_held_lists(model: cp_model.CpModel, person: Candidate,
                                     takes: list[tuple[NewExamOption, cp_model.IntVar]],
                                     codes: frozenset[str], lists: dict[frozenset[str], None]) -> None:
    """A person holding one exam of this list takes none of its exams that serve only lists they hold."""
    # an exam only of held lists adds nothing; one also in a missing list may still serve
    for option, var in takes:
        if option.exam in codes and all(person.held & c for c in lists if option.exam in c):
            model.add(var == 0)


def renew_or_earn_again_not_both(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """Where a person is offered both a renewal and earning the same exam again, the plan takes at most
    one of them (either keeps the certification)."""
    for person in problem.people:
        ways: dict[str, list[cp_model.IntVar]] = {}
        for option, var in d.takes_of(person):
            ways.setdefault(option.exam, []).append(var)
        for both in ways.values():
            if len(both) > 1:
                model.add_at_most_one(both)


def qualification_only_for_a_slot(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """Without resilience, only slot holders need to qualify (no spare exams)."""
    if problem.settings.resilience == 0 and not problem.settings.spares:
        for key, fill in d.fill.items():
            if d.qualifies[key] is not fill:
                model.add(d.qualifies[key] == fill)


def new_exams_within_personal_limit(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """A person with `max_new_exams` is planned at most that many new exams (renewals aside)."""
    for person in problem.people:
        if person.max_new is not None:  # a renewal is no new exam
            model.add(sum(var for option, var in d.takes_of(person) if not option.renewal) <= person.max_new)


def hires_only_when_hired(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """A possible hire takes exams and counts only if hired, and is hired only to qualify for a role."""
    for person in problem.people:
        if not person.is_hire:
            continue
        hired = d.hired[person.index]
        roles = [d.qualifies[person.index, s.key] for s in problem.roles]
        for var in roles:
            model.add_implication(var, hired)
        model.add(hired <= sum(roles))


def hires_of_a_profile_in_order(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """Hires of one profile are interchangeable: the second is hired only if the first is."""
    previous: dict[int, cp_model.IntVar] = {}
    for person in problem.people:
        if person.hire_profile is None:
            continue
        if person.hire_profile in previous:
            model.add_implication(d.hired[person.index], previous[person.hire_profile])
        previous[person.hire_profile] = d.hired[person.index]


def alike_people_fill_slots_in_roster_order(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """Of two people alike in everything the model reads of them (what they hold, their options with
    their costs, months and risks, their limits), the earlier in the roster fills the earlier set of roles.

    Their plans can be swapped at the same exams, cost, time and risk, and the tie-break prefers slot
    holders earlier in the roster (objective_stages, step 3), so every plan it can end on keeps this order:
    it only spares the solver the swapped copies of each plan (many alike people: one profile, kept whole
    by the pruning); the order is lexicographic by role. Not stated while listing alternatives (a swapped
    plan can be the next one), nor over the whole roster (the fix search adds facts of single people to
    that model: people alike there need not be alike), nor where the tie-break is by least sum of
    positions (over LEX_EXACT_MAX booleans), where its cut (the earlier fills at least as many slots) made
    20 goals on 200 people twice as slow (4.5 s -> 8.1 s of CPU, python -m planner.tools.benchmark_modes
    --targets-only); its gain measured there, four designations planned together (46 s -> 19.5 s), is now
    the bounded pruning's (planner/core/bounded.py)."""
    settings = problem.settings
    if settings.exclude or settings.extra_plans or settings.whole_roster:
        return
    roles = [spec.key for spec in problem.roles]
    if len(problem.people) * len(roles) > LEX_EXACT_MAX or len(roles) >= LEX_CHUNK:
        return  # by least sum of positions (see above); weights of 2^roles
    last: dict[tuple[object, ...], Candidate] = {}
    for person in problem.people:
        if person.is_hire:
            continue  # hires_of_a_profile_in_order
        alike = (person.held, person.options, person.max_new, person.per_month)
        earlier = last.get(alike)
        last[alike] = person
        if earlier is None:
            continue
        weights = [1 << (len(roles) - 1 - n) for n in range(len(roles))]
        model.add(sum(w * d.fill[earlier.index, key] for w, key in zip(weights, roles, strict=True))
                  >= sum(w * d.fill[person.index, key] for w, key in zip(weights, roles, strict=True)))


def survive_departures(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """After any `resilience` people leave, the rest can still fill every slot (and with `--buffer`, each
    buffered role keeps one spare: one person more than the slots of every set of roles containing it).

    By Hall's theorem the slots can be filled exactly when every set T of roles has at least as many
    people qualifying for one of them as T has slots; after the worst K departures that reads
    |qualifying for T| >= slots(T) + extra(T) for every T, extra(T) = K (or 1 for a buffered role of T).
    Where slot holders may be the same, T is each role alone: one linear count per role. Where they must
    differ, listing every T would take 2^roles constraints; instead, for each role r with extra(r) > 0,
    the people are assigned (each to at most one role they qualify for) to the slots with extra(r) more at
    r. By Hall's theorem that assignment exists exactly when every T containing r has slots(T) +
    extra(r) people qualifying, so all of them exist exactly when every T has slots(T) + max over r in T
    of extra(r) = slots(T) + extra(T): the same condition, in roles x people variables per role. People
    the pruning left out of the model who already qualify count as constants (problem.outside_types).
    """
    k = problem.settings.resilience
    spares = set(problem.settings.spares)
    if k == 0 and not spares:
        return
    for goal in problem.goals:
        if goal.scored:
            continue  # keep_the_score_after_departures
        chosen = d.chosen.get(goal.index)
        outside = {keys: n for (g, keys), n in problem.outside_types.items() if g == goal.index}
        for spec in goal.roles:
            extra = max(k, 1 if spec.key in spares else 0)
            if extra == 0:
                continue
            if goal.level.people == "different":
                _assign_with_more_at(model, d, problem, goal, spec, extra, outside, chosen)
            else:
                bound = model.add(d.count_qualified(spec, outside) >= spec.slots + extra)
                if chosen is not None:
                    bound.only_enforce_if(chosen)


def _assign_with_more_at(model: cp_model.CpModel, d: Decisions, problem: Problem, goal: Goal,
                         more: RoleSpec, extra: int, outside: dict[frozenset[str], int],
                         chosen: cp_model.IntVar | None) -> None:
    """People (in the model, and left out of it by the set of roles they qualify for) assigned each to at
    most one role of the goal they qualify for, every role getting its slots and `more` `extra` more
    (when the goal is the one the plan meets)."""
    name = f"spare_for[{more.key}]"
    at: dict[str, list[cp_model.LinearExprT]] = {spec.key: [] for spec in goal.roles}
    for person in problem.people:
        check_build_time()
        mine = []
        for spec in goal.roles:
            var = model.new_bool_var(f"{name}[{person.id},{spec.key}]")
            model.add_implication(var, d.qualifies[person.index, spec.key])
            at[spec.key].append(var)
            mine.append(var)
        model.add_at_most_one(mine)
    for keys, n in outside.items():
        shares = {key: model.new_int_var(0, n, "") for key in keys}
        model.add(sum(shares.values()) <= n)
        for key, share in shares.items():
            at[key].append(share)
    for spec in goal.roles:
        need = spec.slots + (extra if spec is more else 0)
        bound = model.add(sum(at[spec.key]) >= need)
        if chosen is not None:
            bound.only_enforce_if(chosen)


def stay_within_budget(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """The plan costs at most the budget."""
    if problem.settings.budget_cents is not None:
        model.add(cost_of_changes(d) <= problem.settings.budget_cents)


def differ_from_listed_plans(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """An alternative is none of the plans already listed: with `differ` "exams" its set of exams and
    hires is not a listed plan's; with "people" its set of people who take new exams or are hired is not
    (one boolean `changes[p]` per person: p takes a new exam or is hired).

    Each listed plan is cut off exactly by a no-good cut over the 0/1 variables x it is judged on (the
    change variables, or the people's booleans), L being the listed plan's true ones:
    sum over L of (1 - x) + sum over the others of x >= 1. Only x = L breaks it, so a plan holding all of
    L and more stays possible, and it can be a plan: a slot holder who needed no exam in the listed plan
    may take one in another (Silver: a listed {p2 MB2-712} next to p1's held slot, then the cheaper
    {p2 MB2-712, p3 MB2-715} with p3 in p1's place). The cut is linear, so the relaxation sees it.
    """
    if not problem.settings.exclude:
        return
    units: dict[object, cp_model.IntVar] = {}
    listed: list[frozenset[object]] = [frozenset(plan) for plan in problem.settings.exclude]
    if problem.settings.differ == "exams":
        units.update(d.changes())
    else:
        listed = [frozenset(pid for pid, _ in plan) for plan in problem.settings.exclude]
        by_person: dict[str, list[cp_model.IntVar]] = {}
        for (pid, _), var in d.changes():
            by_person.setdefault(pid, []).append(var)
        for pid, own in by_person.items():
            changed = units[pid] = model.new_bool_var(f"changes[{pid}]")
            model.add(changed <= sum(own))
            for var in own:
                model.add_implication(var, changed)
    for plan in listed:
        if plan <= units.keys():  # else a change this model cannot make: no plan here is the listed one
            model.add(sum(1 - units[key] for key in plan)
                      + sum(var for key, var in units.items() if key not in plan) >= 1)


def new_exam_in_one_open_month(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """With a calendar, every new exam is booked in exactly one month in which it can be taken."""
    if not problem.settings.schedule:
        return
    for person in problem.people:
        for option, take in d.takes_of(person):
            model.add(sum(d.month[person.index, option.key, m] for m in option.months) == take)


def exams_per_month_per_person(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """With a calendar, a person takes at most their `exams_per_month` exams in any one month."""
    if not problem.settings.schedule:
        return
    for person in problem.people:
        for m in range(len(problem.months)):
            booked = [d.month[person.index, o.key, m] for o in person.options if m in o.months]
            if len(booked) > person.per_month:
                model.add(sum(booked) <= person.per_month)


def plan_finishes_in_finish_month(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """With a calendar, the finish month is no earlier than any booked exam's month."""
    if d.finish is None:
        return
    for (_, _, m), var in d.month.items():
        if m > 0:
            model.add(d.finish >= m).only_enforce_if(var)


HARD_RULES: list[Rule] = [
    fill_every_slot,
    one_option_per_target,
    person_fills_at_most_one_slot,
    one_gold_per_person,
    slot_holder_qualifies,
    qualify_only_for_the_chosen_option,
    qualified_person_has_one_exam_from_each_list,
    certification_needs_its_exams_and_a_prerequisite,
    certification_earned_before_it_retires,
    new_exam_serves_a_role,
    at_most_one_new_exam_per_list,
    renew_or_earn_again_not_both,
    qualification_only_for_a_slot,
    new_exams_within_personal_limit,
    hires_only_when_hired,
    hires_of_a_profile_in_order,
    alike_people_fill_slots_in_roster_order,
    *SYMMETRY_RULES,
    reach_the_score,
    survive_departures,
    keep_the_score_after_departures,
    stay_within_budget,
    differ_from_listed_plans,
    new_exam_in_one_open_month,
    exams_per_month_per_person,
    plan_finishes_in_finish_month,
    *TAIL_RULES,
]
"""Every rule of the model, in one place. Which exams are open to whom (dates, `can_take`, leavers) is
decided before the model, in planner/core/profiles.py, by the rules of planner/rules/domain.py."""


# ---- objectives -------------------------------------------------------------------------------------

def number_of_changes(d: Decisions) -> cp_model.LinearExprT:
    """How many new exams the plan asks for, each hire counting as one more change."""
    tail = d.tail.take.values() if d.tail is not None else ()
    return sum(d.take.values()) + sum(d.hired.values()) + sum(tail)


def cost_of_changes(d: Decisions) -> cp_model.LinearExprT:
    """What the new exams and the hires cost, in cents."""
    exams = sum(o.cost_cents * var for p in d.problem.people for o, var in d.takes_of(p))
    hires = sum(p.hire_cost_cents * d.hired[p.index] for p in d.problem.people if p.is_hire)
    tail = 0 if d.tail is None else sum(o.cost_cents * d.tail.take[g, o.key]
                                        for g, group in enumerate(d.tail.tails) for o in group.options)
    return exams + hires + tail


def lower_level_first(model: cp_model.CpModel, d: Decisions) -> Stage | None:
    """A stage that meets the level below (Silver under Gold) as early as the plan allows.

    Some of the plan's new exams (`toward_lower`) qualify people for the lower level's slots, all
    different people; people outside the model who already qualify fill its slots within their Hall
    capacities. With a calendar the stage minimizes the month of the last such exam, else their number.
    """
    problem = d.problem
    if not problem.lower_roles:
        return None
    scheduled = problem.settings.schedule
    month = model.new_int_var(0, max(0, len(problem.months) - 1), "lower_level_month") if scheduled else None
    toward: dict[tuple[int, str], cp_model.IntVar] = {}
    for person in problem.people:
        _exams_toward_lower_level(model, d, person, month, toward)
        _person_fills_at_most_one_lower_slot(model, d, person, toward)
    _lower_slots_filled_inside_or_outside(model, d)
    if month is not None:
        return ("lower_level_first", month, "min")
    return ("lower_level_first", sum(toward.values()), "min")


def _exams_toward_lower_level(model: cp_model.CpModel, d: Decisions, person: Candidate,
                              month: cp_model.IntVar | None,
                              toward: dict[tuple[int, str], cp_model.IntVar]) -> None:
    """Which of a person's new exams count toward the level below (`toward_lower`), each one taken; with a
    calendar the lower level's month is no earlier than theirs."""
    for option, take in d.takes_of(person):
        var = model.new_bool_var(f"toward_lower[{person.id},{option.exam}]")
        toward[person.index, option.key] = var
        model.add_implication(var, take)
        for m in option.months if month is not None else ():
            if m > 0 and month is not None:
                model.add(month >= m).only_enforce_if([var, d.month[person.index, option.key, m]])


def _person_fills_at_most_one_lower_slot(model: cp_model.CpModel, d: Decisions, person: Candidate,
                                         toward: dict[tuple[int, str], cp_model.IntVar]) -> None:
    """A person fills at most one slot of the level below, holding one exam of each of its role's lists
    (already, or by an exam toward the lower level), and a possible hire only if hired."""
    fills = []
    for spec in d.problem.lower_roles:
        fill = model.new_bool_var(f"lower_fill[{person.id},{spec.id}]")
        fills.append(fill)
        for _, codes in spec.lists:
            if not person.held & codes:
                model.add(sum(toward.get((person.index, o.key), 0) for o in person.options
                              if o.exam in codes) >= 1).only_enforce_if(fill)
        if person.is_hire:
            model.add_implication(fill, d.hired[person.index])
        d.lower_fill[person.index, spec.id] = fill
    model.add_at_most_one(fills)


def _lower_slots_filled_inside_or_outside(model: cp_model.CpModel, d: Decisions) -> None:
    """Every slot of the level below is filled by someone in the model or by people outside it who already
    qualify: of those who qualify for exactly a set of its roles (problem.outside_lower), each fills at
    most one slot of a role of the set (a flow, which meets every Hall capacity exactly when one exists,
    without listing the sets of roles)."""
    problem = d.problem
    outside: dict[str, list[cp_model.IntVar]] = {spec.id: [] for spec in problem.lower_roles}
    for quals, n in problem.outside_lower.items():
        shares = {r: model.new_int_var(0, n, f"lower_outside[{r}|{'|'.join(sorted(quals))}]")
                  for r in quals if r in outside}
        model.add(sum(shares.values()) <= n)
        for r, share in shares.items():
            outside[r].append(share)
    for spec in problem.lower_roles:
        inside = sum(d.lower_fill[p.index, spec.id] for p in problem.people)
        model.add(inside + sum(outside[spec.id]) == spec.slots)


def most_filled(d: Decisions) -> Stage:
    """Within a budget: as many filled slots as possible, or for a scored goal as many points (each
    person counting toward a metric weighs its points, scaled to integers as in reach_the_score)."""
    problem = d.problem
    if any(goal.scored for goal in problem.goals):
        return ("most_points", _most_points(d), "max")
    return ("filled_slots", sum(d.fill.values()), "max")


def _most_points(d: Decisions) -> cp_model.LinearExprT:
    """The goals' points (a role of a goal not scored: one per filled slot): each person counting toward a
    metric weighs its points, or for a goal with gate steps or scored on every track, its points on its
    track (score_rules.points_of)."""
    problem = d.problem
    weights = {spec.key: 1 for spec in problem.roles}
    by_tracks = [goal for goal in problem.goals if goal.scored and scored_by_tracks(goal)]
    tracked = {goal.index for goal in by_tracks}
    for goal in problem.goals:
        if goal.scored and goal.index not in tracked:
            weights.update(ScoreScale.of(goal, problem).weights)
    skip = {spec.key for goal in by_tracks for spec in goal.roles}
    points: list[cp_model.LinearExprT] = [weights[spec.key] * d.count_of(spec) for spec in problem.roles
                                          if spec.key not in skip]
    points += [points_of(d.model, d, problem, goal) for goal in by_tracks]
    return sum(points)


def risk_of_new_exams(d: Decisions) -> cp_model.LinearExprT:
    """-ln(probability that every new exam is passed first time), in millionths: lower is safer."""
    return sum(o.risk * var for p in d.problem.people for o, var in d.takes_of(p))


def lexicographic_preference(name: str, ordered: Sequence[cp_model.LinearExprT | int]) -> list[Stage]:
    """Stages that make the earliest booleans true first: the canonical tie-break among equal plans.

    Exact (one weighted stage per LEX_CHUNK booleans) up to LEX_EXACT_MAX booleans, which covers every
    pruned model; a model over a very large roster would need hundreds of stages, so beyond that a single
    stage prefers the earliest booleans by the least sum of positions (still one answer for one input).
    A 0 in `ordered` stands for a boolean known to be false: it keeps its place, and no exact stage has it.
    """
    if len(ordered) > LEX_EXACT_MAX:
        return [(f"{name}[by position]", sum(i * var for i, var in enumerate(ordered)), "min")]
    ordered = [var for var in ordered if not isinstance(var, int)]
    stages: list[Stage] = []
    for start in range(0, len(ordered), LEX_CHUNK):
        chunk = ordered[start:start + LEX_CHUNK]
        expr = sum((1 << (len(chunk) - 1 - i)) * var for i, var in enumerate(chunk))
        stages.append((f"{name}[{start // LEX_CHUNK}]", expr, "max"))
    return stages


def objective_stages(d: Decisions) -> list[Stage]:
    """The objective, then the documented tie-break, as stages solved one after the other.

    0. (only when filling most slots within a budget) as many filled slots as possible;
       `--objective time`: the earliest finish month; `--objective risk`: the highest chance that every
       new exam is passed first time;
    1-2. fewest changes (new exams and hires), then lowest cost (`--objective cost`: the other way round);
    2b. the level below (Silver under Gold) met as early as possible: the fewest of the plan's exams,
        or with a calendar the earliest month;
    3. slot holders earlier in the roster first, each in the earliest role of the catalog it can fill;
    4. each slot holder's new exams earliest in the catalog's order of preference;
    5. with a calendar, exams booked as early as they can be (the least sum of months).
    """
    problem = d.problem
    exams: Stage = ("exams", number_of_changes(d), "min")
    cost: Stage = ("cost", cost_of_changes(d), "min")
    stages: list[Stage] = [cost, exams] if problem.objective == "cost" else [exams, cost]
    if problem.objective == "time":
        assert d.finish is not None
        stages.insert(0, ("time", d.finish, "min"))
    elif problem.objective == "risk":
        stages.insert(0, ("risk", risk_of_new_exams(d), "min"))
    if problem.settings.fill_most_slots:
        stages.insert(0, most_filled(d))
    lower = lower_level_first(d.model, d)
    if lower is not None:
        stages.append(lower)
    return stages + tie_break_stages(d) if problem.settings.tie_break else stages


def tie_break_stages(d: Decisions, dead: Callable[[int, str], bool] | None = None) -> list[Stage]:
    """Steps 3-5 of objective_stages. `dead(person, role)`: the person is known not to fill the role (every
    variable of a person dead for every role is 0): their booleans keep their places, and no stage is spent
    on them (planner/core/solving.py, once the tail of a bounded plan is closed)."""
    problem = d.problem
    fills = [0 if dead is not None and dead(p.index, spec.key) else d.fill[p.index, spec.key]
             for p in problem.people for spec in problem.roles]
    stages = lexicographic_preference("earliest_slot_holders", fills)
    idle = {p.index for p in problem.people if dead is not None and all(dead(p.index, s.key)
                                                                        for s in problem.roles)}
    stages += preferred_exams(d, idle if dead is not None else None)
    if problem.settings.schedule:
        # one stage, not a lexicographic one per month variable: the calendar has many of them
        stages.append(("earliest_months", sum(m * var for (_, _, m), var in d.month.items()), "min"))
    return stages


def preferred_exams(d: Decisions, idle: set[int] | None = None) -> list[Stage]:
    """Each slot holder's new exams earliest in the catalog's order of preference.

    Each slot holder's exams are chosen independently of the others' once the objective and the slot
    holders are fixed (every person's set is then one of their own cheapest), so a weighted stage, with
    weights that order each person's exams lexicographically, is exact whatever the roster's size. The
    exams are cut into chunks of ranks whose weights, summed over every person, stay within 2^61: each
    chunk's stage fixes every person's own best for those exams before the next, as one stage would.
    Only the exams someone may take are ranked (certifications, and the exams nobody in the model may
    take, never are), those of `idle` people (who take nothing) left out: in the same order, so the same
    answer in fewer stages."""
    problem = d.problem
    order = problem.exam_order
    order = {o.exam: order[o.exam] for p in problem.people if idle is None or p.index not in idle
             for o, _ in d.takes_of(p)}
    ranks = {c: r for r, c in enumerate(sorted(order, key=lambda c: order[c]))}
    chunk = max(1, 61 - (len(problem.people) + 1).bit_length())
    stages: list[Stage] = []
    for start in range(0, len(ranks), chunk):
        top = min(len(ranks), start + chunk)
        expr = sum((1 << (top - 1 - ranks[o.exam])) * var
                   for p in problem.people for o, var in d.takes_of(p)
                   if (idle is None or p.index not in idle) and start <= ranks[o.exam] < top)
        stages.append(("preferred_exams" + (f"[{start // chunk}]" if start else ""), expr, "max"))
    return stages


@dataclass
class PlanModel:
    """A built model with its decisions and its objective stages."""

    model: cp_model.CpModel
    decisions: Decisions
    stages: list[Stage]


def build_model(problem: Problem) -> PlanModel:
    """Build the CP-SAT model of a problem from HARD_RULES and objective_stages."""
    model = cp_model.CpModel()
    decisions = Decisions(model, problem)
    for rule in HARD_RULES:
        check_build_time()
        rule(model, decisions, problem)
    return PlanModel(model, decisions, objective_stages(decisions))
