"""The fix search's model: the scenario with every changeable fact lifted, each fact put back by its own
literal, over only the people who can matter.

The facts are a person's departure, `can_take` list and `max_new_exams` cap, a hiring limit and the budget
(planner/explain/fixes.py lists them). The search solves, stage by stage: the fewest facts lifted (F), then
the fewest changes (C: new exams and hires), then the lowest cost (M), then the facts listed first (roster
order) lifted rather than later ones. That last preference is exact, so the facts lifted are the search's
one canonical answer, and an optimal solution lifts a fact only of a person it uses (one who fills a slot,
takes a new exam, or counts after departures).

**Who can matter.** Give every person one *virtual person* per set A of their facts that may be lifted
together: the person with the facts of A lifted and the others held (a leaver's A always holds the
departure: held, a leaver counts for nothing). Sort the virtual people by level f = |A| and by side
(leavers, and the others). Each level of each side is a roster of its own, and the plain pruning
(planner/core/pruning.py, `kept_people`, with the mode's strategy: classes ranked by cost, or dominance)
keeps its k' virtual people that matter: for every virtual person q it leaves out, and every way q takes
part in a plan, k' virtual people it keeps can each take q's part with as many changes at no more cost (no
more risk, in the same months), and earlier in the roster when the cost is the same. The model has every
person of whom some virtual person is kept.

Exchange. Let P be the canonical solution and q a person P uses who is not in the model, with the facts
A_q lifted. q's virtual person (q, A_q) was left out at level f = |A_q| on q's side, so k' kept virtual
people of that level and side can take q's part. One person has at most m virtual people at one level (m
= 2 when someone has both a `can_take` list and a cap: either can be lifted alone), so with k' = m x k
they are at least k different people; P uses at most k people (`people_a_plan_uses`), q among them, so one
of them, p, is unused in P. Give q's part to p with p's virtual person's facts lifted, and hold q's again:
F does not grow (p lifts at most f facts), nor do C and M; when all three stay the same, p is earlier in
the roster, and so are p's facts, which the last stage prefers. Either way P was not the canonical
solution. p is of q's side, so an unused p counts after departures (resilience) for what it held
before, and after the swap q does the same: no count falls. People left out who already qualify for some
roles as they are need no constants there: with resilience the pruning tells people apart by what they
qualify for as they are, so whoever it leaves out of level 0 (nothing lifted) has k' kept people who
qualify as they do, and k people already meet any count of those roles after departures (k is at least
the slots of any set of roles plus the departures). Possible hires of one profile are alike and hired in
order: the first k' of each are kept.

The second and third options must each keep one fact of every earlier option, so the people of earlier
options are always in the model, and the pruning picks the others among the rest of the roster: the p of
the swap is then never one of them (lifting p's facts cannot undo an earlier option's condition).

**The blocking facts.** With the facts of every person left out held, a plan over the whole roster that
uses a left-out person q uses q as they are: q's virtual person with nothing lifted is of level 0, and k'
kept people of level 0 can take q's part with nothing lifted, whatever facts of theirs are held. So with
those facts held, the level is reachable over the whole roster exactly when it is over the model: the
facts of an infeasible core of the model, together with the facts of the people left out (those whose
lifting could change what that person can do), make the level impossible over the whole roster.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, replace
from typing import NamedTuple

from models.scenario import Person, Scenario
from planner.core.cpsat import cp_model  # CP-SAT without pandas (0.6 s less per command)
from planner.core.model import Decisions, build_model, cost_of_changes, number_of_changes
from planner.core.problem import Candidate, Problem, build_problem, exams_of
from planner.core.profiles import Profile, roster_profiles
from planner.core.pruning import kept_people, people_a_plan_uses, pruning_strategy
from planner.input.loading import LoadedScenario

KEEP, CAN_TAKE, MAX_NEW = "keep_person", "lift_can_take", "lift_max_new_exams"
PERSON_KINDS = (KEEP, CAN_TAKE, MAX_NEW)


class Lift(NamedTuple):
    """One changeable fact as the model sees it: its kind, whose it is (roster position) and what lifting it
    sets on the person's entry, or for a hiring limit which profile and how many more it allows."""

    kind: str
    position: int | None = None
    changes: tuple[tuple[str, object], ...] = ()
    hiring: int | None = None
    extra_hires: int = 0


@dataclass
class Relaxed:
    """A model with every fact lifted and one literal per fact of the people in it that puts it back."""

    model: cp_model.CpModel
    problem: Problem
    facts: list[int]  # positions in the search's list of facts, of the facts this model has
    literals: list[cp_model.IntVar]  # literal n true: fact facts[n] holds
    changes: cp_model.LinearExprT
    cost: cp_model.LinearExprT
    people: frozenset[int]  # roster positions of the people in the model


@dataclass(frozen=True)
class _Virtual:
    """A person with some of their facts lifted (see the module docstring), as a profile of the pruning."""

    leaver: bool
    level: int  # how many facts are lifted
    profile: Profile


@dataclass(frozen=True)
class _Alike:
    """People alike in the lifted roster and in their facts (kinds), in roster order, and the (side, level)
    of each of their virtual people with some fact lifted."""

    lifted: Profile
    kinds: frozenset[str]
    members: list[int]
    sides: frozenset[tuple[bool, int]]
    virtual: range  # their virtual people (positions in Relaxation.virtual)


class Relaxation:
    """What every relaxed model of one search shares: its people as virtual people, worked out once from
    the roster's profiles (the plan's own, so no pass over the roster) and one person of each."""

    def __init__(self, loaded: LoadedScenario, problem: Problem, lifts: list[Lift]) -> None:
        self.loaded, self.problem, self.lifts = loaded, problem, lifts
        self.settings = replace(problem.settings, whole_roster=True, budget_cents=None, exclude=(),
                                extra_plans=0)
        self.pruned = problem.pruned
        self.of_person: dict[int, dict[str, int]] = {}  # roster position -> kind -> position in lifts
        for n, lift in enumerate(lifts):
            if lift.position is not None:
                mine = self.of_person.get(lift.position)
                if mine is None:
                    self.of_person[lift.position] = {lift.kind: n}
                else:
                    mine[lift.kind] = n
        self.virtual: list[_Virtual] = []
        self.alike: list[_Alike] = []
        self.group_of: dict[int, int] = {}  # roster position -> their group of people alike (in self.alike)
        # roster position -> their group of people alike but for what things cost them (rate, pass rates):
        # alike for whether a level can be reached at all, when no budget holds
        self.able_alike: dict[int, int] = {}
        self._abilities: dict[tuple[object, ...], int] = {}
        self.multiple = 1
        if self.pruned:
            self._split()
        self.k = people_a_plan_uses(problem.goals, len(problem.targets), self.settings) * self.multiple
        self._kept: dict[frozenset[int], frozenset[int]] = {}

    def lift_person(self, i: int) -> Person:
        """Roster entry i with every fact of that person lifted."""
        person = self.loaded.scenario.staff[i]
        facts = self.of_person.get(i)
        if not facts:
            return person
        return person.model_copy(update={k: v for n in facts.values() for k, v in self.lifts[n].changes})

    def _split(self) -> None:
        """The people, in groups alike in everything the model depends on once their facts are lifted and
        in those facts, then as virtual people. The plan's profiles already group the people who count
        (alike, facts included); each leaver is a group of their own until their lifted profiles say."""
        problem, scenario = self.problem, self.loaded.scenario
        exams, certifications = exams_of(self.loaded, problem.goals, problem.exam_order,
                                         problem.certifications)
        months = list(problem.months)
        profiles, _, _, _ = roster_profiles(scenario, exams, problem.exam_order, months,
                                            problem.settings.schedule, certifications)
        groups = [prof.members for prof in profiles.values() if prof.hire_profile is None]
        groups += [[i] for i, facts in self.of_person.items() if KEEP in facts]
        one_each = scenario.model_copy(update={"staff": [self.lift_person(g[0]) for g in groups],
                                               "hiring": []})
        lifted, _, _, _ = roster_profiles(one_each, exams, problem.exam_order, months,
                                          problem.settings.schedule, certifications)
        alike: dict[tuple[object, ...], tuple[Profile, list[int]]] = {}
        for prof in lifted.values():
            for j in prof.members:
                first = groups[j][0]
                key = (id(prof), _signature(scenario.staff[first], self.of_person.get(first, {})))
                alike.setdefault(key, (prof, []))[1].extend(groups[j])
        for prof, members in alike.values():
            members.sort()
            self._add_group(prof, members)

    def _add_group(self, prof: Profile, members: list[int]) -> None:
        """The virtual people of people alike (lifted profile `prof`, the same facts)."""
        person = self.loaded.scenario.staff[members[0]]
        kinds = frozenset(self.of_person.get(members[0], {}))
        leaver = KEEP in kinds
        first = len(self.virtual)
        self.virtual += _virtual_people(prof, person, kinds, members)
        levels = Counter(v.level for v in self.virtual[first:])
        self.group_of.update(dict.fromkeys(members, len(self.alike)))
        able = (prof.held, tuple((o.exam, o.months, o.renewal) for o in prof.options), prof.per_month,
                _signature(person, self.of_person.get(members[0], {})))
        self.able_alike.update(dict.fromkeys(members, self._abilities.setdefault(able, len(self._abilities))))
        self.alike.append(_Alike(prof, kinds, members, frozenset((leaver, n) for n in levels if n),
                                 range(first, len(self.virtual))))
        self.multiple = max(self.multiple, *levels.values())

    def _virtual_of(self, i: int) -> range:
        """The virtual people of roster entry i."""
        group = self.group_of.get(i)
        return range(0) if group is None else self.alike[group].virtual

    def kept(self, earlier: frozenset[int] = frozenset()) -> frozenset[int]:
        """The roster positions of the people the model needs (everyone without pruning), with the people
        of earlier options (`earlier`) always among them and never counted among the k' of a class."""
        if not self.pruned:
            return frozenset(range(len(self.loaded.scenario.staff)))
        if earlier not in self._kept:
            self._kept[earlier] = self._prune(earlier)
        return self._kept[earlier]

    def _prune(self, earlier: frozenset[int]) -> frozenset[int]:
        problem = self.problem
        strategy = pruning_strategy(True, replace(self.settings, whole_roster=False), problem.objective,
                                    problem.goals, len(problem.targets))
        hall = self.settings.resilience > 0 or bool(self.settings.spares)
        touched = {n for i in earlier for n in self._virtual_of(i)}
        kept: set[int] = set(earlier)
        for side, level in sorted({(v.leaver, v.level) for v in self.virtual}):
            profiles: dict[tuple[object, ...], Profile] = {}
            for n, v in enumerate(self.virtual):
                if (v.leaver, v.level) != (side, level):
                    continue
                members = [i for i in v.profile.members if i not in earlier] if n in touched else None
                if members is None:
                    profiles[(n,)] = v.profile
                elif members:
                    profiles[(n,)] = replace(v.profile, members=members)
            kept.update(kept_people(strategy, profiles, problem.goals, len(problem.targets), self.k, hall))
        return frozenset(kept)

    def model(self, earlier: frozenset[int] = frozenset()) -> Relaxed:
        """The relaxed model over the people who can matter (see the module docstring)."""
        people = self.kept(earlier)
        relaxed = self._problem(people)
        built = build_model(relaxed)
        ctx = _Lifted(built.model, built.decisions, relaxed, self.loaded.scenario,
                      self.problem.settings.budget_cents, {p.id: p for p in relaxed.people})
        staff = self.loaded.scenario.staff
        facts: list[int] = []
        literals: list[cp_model.IntVar] = []
        for n, lift in enumerate(self.lifts):
            if lift.position is not None and lift.position not in people:
                continue  # a person left out: the fact holds (see the module docstring)
            person = staff[lift.position].id if lift.position is not None else None
            lit = ctx.model.new_bool_var(f"fact[{n}:{lift.kind}:{person or lift.hiring or ''}]")
            facts.append(n)
            literals.append(lit)
            _put_back(lift, person, lit, ctx)
        d = built.decisions
        return Relaxed(ctx.model, relaxed, facts, literals, number_of_changes(d), cost_of_changes(d), people)

    def _problem(self, people: frozenset[int]) -> Problem:
        """The problem over the people in `people` (in roster order) with their facts lifted, and with every
        hiring limit lifted."""
        problem, scenario = self.problem, self.loaded.scenario
        hiring = list(scenario.hiring)
        for lift in self.lifts:
            if lift.kind == "hire" and lift.hiring is not None:
                hp = hiring[lift.hiring]
                most = hp.max + lift.extra_hires
                hiring[lift.hiring] = hp.model_copy(
                    update={"max": min(most, self.k) if self.pruned else most})
        lifted = scenario.model_copy(update={"staff": [self.lift_person(i) for i in sorted(people)],
                                             "hiring": hiring})
        relaxed = build_problem(replace(self.loaded, scenario=lifted), problem.targets[0].level,
                                problem.objective, settings=self.settings, targets=list(problem.targets))
        relaxed.stats["people_in_model"] = len(relaxed.people)
        return relaxed

    def left_out_facts(self, people: frozenset[int], core: set[int]) -> list[int]:
        """The facts of people left out of the model (not in `people`) that the blocking facts name with an
        infeasible core of the model whose facts are those of `core` (roster positions).

        A left-out person's facts are named when one of their virtual people with some fact lifted is of a
        side and level where a virtual person of someone in `core` is kept: only then could the k' kept
        people that can take their part be held back by the core. Of them, those whose lifting could change
        what the person can do (a departure; a `can_take` list that leaves out an exam they could take; a
        cap below the exams they could take): the others change nothing. With the facts named held, a plan
        over the whole roster that uses a left-out person can give their part to a kept one the core does
        not hold back (see the module docstring), so the facts named make the level impossible."""
        blocked = {(self.virtual[n].leaver, self.virtual[n].level) for i in core
                   for n in self._virtual_of(i) if self.virtual[n].level}
        out: list[int] = []
        for group in self.alike:
            if not group.sides & blocked:
                continue
            person = self.loaded.scenario.staff[group.members[0]]
            could = [kind for kind in group.kinds if _could_matter(kind, person, group.lifted)]
            out += [self.of_person[i][kind] for i in group.members if i not in people for kind in could]
        return sorted(out)


def _virtual_people(prof: Profile, person: Person, kinds: frozenset[str], members: list[int]
                    ) -> list[_Virtual]:
    """One virtual person per set of the facts of these alike people that may be lifted together (a leaver's
    departure always among them): their lifted profile with the other facts held."""
    leaver = KEEP in kinds
    optional = [kind for kind in (CAN_TAKE, MAX_NEW) if kind in kinds]
    out = []
    for n in range(len(optional) + 1):
        for chosen in itertools.combinations(optional, n):
            lifted = set(chosen) | ({KEEP} if leaver else set())
            options = prof.options if CAN_TAKE in lifted or person.can_take is None else tuple(
                o for o in prof.options if o.renewal or o.exam in person.can_take)
            cap = person.max_new_exams if MAX_NEW in kinds and MAX_NEW not in lifted else None
            out.append(_Virtual(leaver, len(lifted), Profile(prof.held, options, cap, members, None, 0,
                                                             prof.per_month, prof.rate)))
    return out


def _could_matter(kind: str, person: Person, prof: Profile) -> bool:
    """Whether lifting this fact of this person (lifted profile `prof`) could change what they can do."""
    if kind == CAN_TAKE:
        return any(not o.renewal and o.exam not in (person.can_take or ()) for o in prof.options)
    if kind == MAX_NEW:
        return (person.max_new_exams or 0) < sum(1 for o in prof.options if not o.renewal)
    return True


def _signature(person: Person, kinds: dict[str, int]) -> tuple[object, ...]:
    """What of a person's facts the pruning tells apart: whether they leave, their can_take and their cap."""
    return (KEEP in kinds, None if CAN_TAKE not in kinds else frozenset(person.can_take or ()),
            person.max_new_exams if MAX_NEW in kinds else None)


@dataclass(frozen=True)
class _Lifted:
    """What putting a fact back needs: the model over the lifted scenario, and the original facts."""

    model: cp_model.CpModel
    d: Decisions
    relaxed: Problem
    original: Scenario
    budget_cents: int | None
    by_id: dict[str, Candidate]  # the relaxed problem's people


def _put_back(lift: Lift, person_id: str | None, lit: cp_model.IntVar, ctx: _Lifted) -> None:
    """Enforce the fact when its literal is true: a leaver counts toward nothing, a person takes only
    what can_take allows and no more than max_new_exams, no more hires than allowed, the budget holds."""
    model, d = ctx.model, ctx.d
    person = ctx.by_id.get(person_id or "")
    if person is not None and lift.position is not None:
        _put_back_for_person(lift, lit, ctx, person, ctx.original.staff[lift.position])
    elif lift.kind == "hire":
        allowed_hires = ctx.original.hiring[lift.hiring or 0].max
        mine = [p for p in ctx.relaxed.people if p.hire_profile == lift.hiring]
        for extra in mine[allowed_hires:]:
            model.add(d.hired[extra.index] == 0).only_enforce_if(lit)
    elif lift.kind == "budget" and ctx.budget_cents is not None:
        model.add(cost_of_changes(d) <= ctx.budget_cents).only_enforce_if(lit)


def _put_back_for_person(lift: Lift, lit: cp_model.IntVar, ctx: _Lifted, person: Candidate,
                         original: Person) -> None:
    model, d = ctx.model, ctx.d
    if lift.kind == KEEP:
        for spec in ctx.relaxed.roles:
            model.add(d.qualifies[person.index, spec.key] == 0).only_enforce_if(lit)
    elif lift.kind == CAN_TAKE:  # as planner/core/profiles.py has it: can_take limits new exams, not renewals
        allowed = set(original.can_take or ())
        for option, var in d.takes_of(person):
            if not option.renewal and option.exam not in allowed:
                model.add(var == 0).only_enforce_if(lit)
    elif lift.kind == MAX_NEW:  # a renewal is no new exam (planner/core/model.py)
        cap = original.max_new_exams or 0
        model.add(sum(v for o, v in d.takes_of(person) if not o.renewal) <= cap).only_enforce_if(lit)

