"""Pruning by what the best plan can afford: scored goals planned together (several designations).

The classes of planner/core/pruning.py list every set of roles one person can fill together; planning the
six Solutions Partner designations at once those sets are millions, and the dominance pruning that replaces
them keeps whoever fewer than k people dominate (k: every metric's threshold together, 85), which on a
generated roster is nearly everyone (169 of 200 people). Two facts about the canonical best plan P* (the
tie-break of planner/core/model.objective_stages: fewest changes and least cost, in the objective's order,
then the people counting earlier in the roster, then the preferred exams) keep far fewer, for a plan of
scored goals judged on its exams and cost (no calendar, resilience, buffer, alternatives, hires, or most
points within a budget):

1. **Who counts toward a role are the earliest who can.** In P* the people counting toward a role (an exam
   metric or a gate step; a person counts at most once in each, and in several) are the earliest in the
   roster of those holding its items with the plan. Were p, earlier, holding them without counting while h,
   later, counts, give h's place to p: the counts stay, no change is added, and the tie-break prefers p (an
   exam of h's that then serves nothing is dropped, and the plan has fewer changes). So someone with
   `slots` people before them who hold a role's items already (its *free qualifiers*) never counts toward
   it, and someone who can count toward no role is in no best plan (`Reach`). The first `slots` free
   qualifiers of every role are always in the model.

2. **What P* can afford.** p *dominates* q when p holds whatever q holds, may take every option q may (a
   renewal too) at no higher cost, may take as many new exams, and every such option costs p strictly less
   or p is earlier in the roster. If q is in P* (takes an exam or counts) and p is not, give q's changes
   and places to p: nothing costs more and the tie-break prefers p. So with q in P* are all of q's
   dominators. Outside the free qualifiers of 1., a person counts in P* only through changes: at least
   n_q of them (the fewest that let q count toward a role still open to q), costing at least c_q. With X*
   changes costing C* in P*, q is in P* only if q and their dominators D outside those free qualifiers
   fit: |D| + n_q <= X* and sum over D of each one's cheapest option + min over s of (max(c_q, q's s
   cheapest options) + LB(X* - |D| - s)) <= C*, LB(k) being the k cheapest options of anyone (P*'s other
   changes are k options of the roster). Whoever fails is in no best plan (`CostBound.could_be_in`).

X* and C* are known only once solved. So the model gets the free qualifiers of 1. and the people most
likely in P* (`CostBound.first_guess`), and everyone else 1. keeps is the **tail**, planned in counts (how
many of them take each option, earn each certification, count toward each role), in groups holding and
renewing the same prerequisites and exams of certifications (`tail_of`): a relaxation of whatever they
could do (planner/core/tail_rules.py), whose counts never join one person's prerequisite to another's exam.
Solved with the tail, the objective stages give a lower bound of the whole roster's optimum. When the
optimum takes the tail, the people of each group who pay least for what it took join the model
(`next_guess`) and it is solved again. When a plan of the model's people alone reaches it, it is the
optimum (X*, C*), and 2. says whether anyone in the tail could be in P*: nobody, and the tail is closed
and the tie-break solved on the model's people, without what 1. and 2. leave out of P*
(planner/core/closing.py); somebody, and they join the model, solved again with the optimum known and its
plan as a hint (planner/core/pipeline.py widens). Either way the plan is the whole roster's P*.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from planner.core.covers import AlikeCovers, CoversOf, bit_set
from planner.core.deadline import check_build_time
from planner.core.items import CertificationRules
from planner.core.profiles import NewExamOption, Profile

if TYPE_CHECKING:
    from planner.core.problem import Goal, Objective, PlanSettings, RoleSpec

FIRST_GUESS_TIMES = 1  # the first guess: the free qualifiers, and this many times the largest threshold
PER_GROUP = 2  # and this many of each group of the tail


def bounded_applies(settings: PlanSettings, objective: Objective, goals: tuple[Goal, ...]) -> bool:
    """Whether the arguments of this module hold for the request: scored goals only, a plan judged on its
    exams and cost, no calendar, resilience, buffer, alternatives or most points within a budget, and every
    role needing an item (a role of no list would count everyone)."""
    return (objective in ("exams", "cost") and not settings.schedule and settings.resilience == 0
            and not settings.spares and not settings.exclude and not settings.extra_plans
            and not settings.fill_most_slots and not settings.whole_roster
            and all(goal.scored for goal in goals)
            and all(spec.lists and all(codes for _, codes in spec.lists) for g in goals for spec in g.roles))


@dataclass(frozen=True)
class KnownOptimum:
    """The whole roster's optimum of the objective stages, proven with the tail, and a plan reaching it,
    kept when the model is solved again with more people (they change the tie-break, not the optimum)."""

    values: tuple[tuple[str, int], ...]  # (stage name, its optimum)
    takes: frozenset[tuple[int, str]]  # (roster position, option key)
    fills: frozenset[tuple[int, str]]  # (roster position, role key)
    earns: frozenset[tuple[int, str]]  # (roster position, certification id)

    def value(self, stage: str) -> int | None:
        return dict(self.values).get(stage)


@dataclass(frozen=True)
class TailOption:
    """An option some people of the tail have: how many have it and the least it costs one of them."""

    key: str
    exam: str
    renewal: bool
    people: int
    cost_cents: int


@dataclass(frozen=True)
class Tail:
    """The people left out of the model but not (yet) out of every best plan, planned in counts."""

    people: int
    options: tuple[TailOption, ...]
    held: dict[str, int]  # item or exam code -> how many of them hold it on the deadline
    max_new: int | None  # the most new exams they may take together (None: no limit)
    group: frozenset[str] = frozenset()  # what they hold or renew toward certifications (tail_of)

    @staticmethod
    def of(profiles: Iterable[tuple[Profile, int]], group: frozenset[str] = frozenset()) -> Tail | None:
        """The tail of these people (a profile and how many of its people), None when there are none."""
        people = 0
        options: dict[str, NewExamOption] = {}  # option key -> the first option of it
        having: dict[str, int] = {}  # option key -> how many have it
        least: dict[str, int] = {}  # option key -> the least it costs one of them
        held: dict[str, int] = {}
        limits: list[int | None] = []
        for prof, n in profiles:
            people += n
            limits.append(None if prof.max_new is None else prof.max_new * n)
            for item in prof.held:
                held[item] = held.get(item, 0) + n
            for o in prof.options:
                key = o.key
                if key in options:
                    having[key] += n
                    least[key] = min(least[key], o.cost_cents)
                else:
                    options[key], having[key], least[key] = o, n, o.cost_cents
        if not people:
            return None
        max_new = None if any(n is None for n in limits) else sum(n for n in limits if n is not None)
        return Tail(people, tuple(TailOption(key, o.exam, o.renewal, having[key], least[key])
                                  for key, o in options.items()), held, max_new, group)


@dataclass(frozen=True)
class Reach:
    """How a profile's people can count toward roles with changes: per role (key) the fewest changes and
    the least cost that let one of them count toward it (roles they hold the items of already aside)."""

    ways: dict[str, tuple[int, int]]

    def last_open(self, thresholds: dict[str, int | None]) -> float:
        """The last roster position to which some of these roles are open (inf: to everyone; -1: none)."""
        limits = [thresholds[key] for key in self.ways]
        if not limits:
            return -1
        return float("inf") if None in limits else max(limit for limit in limits if limit is not None)

    def open_to(self, position: int, thresholds: dict[str, int | None]) -> tuple[int, int] | None:
        """The fewest changes and least cost (each over the roles still open to someone at this roster
        position: fewer than `slots` free qualifiers before them), None when no role is open."""
        open_ways = [way for key, way in self.ways.items()
                     if (limit := thresholds[key]) is None or position <= limit]
        if not open_ways:
            return None
        return min(n for n, _ in open_ways), min(c for _, c in open_ways)


def free_qualifiers(profiles: Iterable[Profile], roles: tuple[RoleSpec, ...]
                    ) -> tuple[dict[str, int | None], set[int]]:
    """For each role, the roster position of its `slots`-th free qualifier (None: fewer hold its items), and
    the first `slots` free qualifiers of every role (each role's earliest holders of its items)."""
    holders: dict[str, list[int]] = {spec.key: [] for spec in roles}
    for prof in profiles:
        for spec in roles:
            if all(prof.held & codes for _, codes in spec.lists):
                holders[spec.key].extend(prof.members[:spec.slots])
    thresholds: dict[str, int | None] = {}
    first: set[int] = set()
    for spec in roles:
        earliest = heapq.nsmallest(spec.slots, holders[spec.key])
        first.update(earliest)
        thresholds[spec.key] = earliest[-1] if len(earliest) == spec.slots else None
    return thresholds, first


@dataclass
class _Kind:
    """A profile as the bound reads it."""

    profile: Profile
    costs: dict[str, int]  # option key -> cents
    cheapest: int  # its cheapest option (cents; 0 without options)
    sorted_costs: tuple[int, ...]
    reach: Reach
    members: list[int] = field(default_factory=list)  # roster positions of those who may count in P*


@dataclass
class CostBound:
    """What 2. reads of the roster: the people who may count in P* (by 1.), their profiles, who dominates
    whom, the free qualifiers always in the model, and the cheapest options of anyone."""

    kinds: list[_Kind]
    thresholds: dict[str, int | None]
    first: set[int]
    objective: Objective
    largest: int  # the largest threshold of any role
    needed: frozenset[str]  # the exams and prerequisites of the plan's certifications
    _lb: list[int] = field(default_factory=list)  # LB(k) for k = 0, 1, ...
    _pool: list[tuple[int, int]] = field(default_factory=list)  # (cost, how many have an option of it)
    _order: list[int] = field(default_factory=list)  # kinds by cheapest option
    kind_of: dict[int, int] = field(default_factory=dict)  # roster position -> kind
    _sets: _KindSets | None = None  # see _dominators_of
    _walks: dict[int, _Walk] = field(default_factory=dict)  # kind -> its dominators found so far

    @staticmethod
    def of(profiles: dict[tuple[object, ...], Profile], goals: tuple[Goal, ...], rules: CertificationRules,
           objective: Objective) -> CostBound:
        """The bound of these profiles' people for the goals' roles: read once for a roster's profiles (the
        other objective's plan reads the same, but for the objective: _BOUNDS)."""
        roles = tuple(spec for goal in goals for spec in goal.roles)
        key = (tuple((spec.key, spec.slots, spec.lists) for spec in roles), rules)
        for read in _BOUNDS:
            if read.profiles is profiles and read.key == key:
                return replace(read.bound, objective=objective)  # what it found of the roster, shared
        bound = CostBound._read(profiles, roles, rules, objective)
        _BOUNDS.insert(0, _Read(profiles, key, bound))
        del _BOUNDS[BOUNDS_KEPT:]
        return bound

    @staticmethod
    def _read(profiles: dict[tuple[object, ...], Profile], roles: tuple[RoleSpec, ...],
              rules: CertificationRules, objective: Objective) -> CostBound:
        thresholds, first = free_qualifiers(profiles.values(), roles)
        largest = max(spec.slots for spec in roles)
        kinds: list[_Kind] = []
        pool: dict[int, int] = {}
        alike = AlikeCovers(rules)
        for prof in profiles.values():
            check_build_time()
            for o in prof.options:
                pool[o.cost_cents] = pool.get(o.cost_cents, 0) + len(prof.members)
            kind = _kind(prof, roles, alike, thresholds, first, largest)
            if kind.members:
                kinds.append(kind)
        bound = CostBound(kinds, thresholds, first, objective, largest, frozenset(rules.needed_by),
                          _pool=sorted(pool.items()))
        bound._order = sorted(range(len(kinds)), key=lambda n: (kinds[n].cheapest, kinds[n].members[0]))
        bound.kind_of = {i: n for n, kind in enumerate(kinds) for i in kind.members}
        return bound

    @property
    def people(self) -> int:
        """How many people may count in P* by 1."""
        return len(self.kind_of)

    def profile(self, position: int) -> Profile:
        return self.kinds[self.kind_of[position]].profile

    # ---- the first guess --------------------------------------------------------------------------------

    def first_guess(self) -> set[int]:
        """The free qualifiers of 1., and the people likeliest in P*: of those with fewer dominators than the
        largest threshold (times FIRST_GUESS_TIMES), that many by the fewest changes and least cost of a plan
        with them in it (_entry: their own and their dominators'; least cost first for --objective cost),
        then roster position; and of each group of the tail (tail_of) the first PER_GROUP so and the
        PER_GROUP paying least for a new exam, whose least costs the tail's then are no lower than theirs.

        Ranked by their own need alone, the guess missed people whom nobody dominates: six designations on
        100,000 generated people (one change in P*), 4 such people of the tail could still be in P*, and the
        model was solved a second time with them. Ranked by the plan they enter, 10,000 to 100,000 people
        (7 rosters) take 4-15 fewer people into the model, and 100,000 people one round instead of two;
        200 people (8 rosters) the same model."""
        wanted = FIRST_GUESS_TIMES * self.largest
        ranked: dict[frozenset[str], list[tuple[tuple[int, int], int, int]]] = {}
        for n, kind in enumerate(self.kinds):
            group = ranked.setdefault(self.group_of(kind.profile), [])
            new = min((o.cost_cents for o in kind.profile.options if not o.renewal), default=1 << 62)
            for i in kind.members:
                if i in self.first:
                    continue
                dominators, cheapest = self._dominators(n, i, wanted)
                if dominators >= wanted:
                    break  # the later members of a kind have as many dominators or more
                group.append((self._entry(n, i, dominators, cheapest), new, i))
        everyone = [entry for group in ranked.values() for entry in group]
        chosen = {i for _, _, i in heapq.nsmallest(wanted, everyone)}
        for group in ranked.values():
            chosen.update(i for _, _, i in heapq.nsmallest(PER_GROUP if wanted else 0, group))
            chosen.update(i for _, _, i in heapq.nsmallest(PER_GROUP if wanted else 0, group,
                                                            key=lambda entry: (entry[1], entry[2])))
        return set(self.first) | chosen

    def group_of(self, prof: Profile) -> frozenset[str]:
        """What of a profile's holdings and renewals is an exam or a prerequisite of some certification of
        the plan: people of the tail are planned in counts only with others holding the same (tail_of)."""
        renewals = (o.exam for o in prof.options if o.renewal)
        return frozenset(item for item in (*prof.held, *renewals) if item in self.needed)

    def next_guess(self, model: set[int], used: dict[tuple[frozenset[str], str], int]) -> set[int]:
        """More people when the tail was needed, `used` saying how many of each group took each option:
        that many and PER_GROUP more of the group, who pay least for the option, then roster position (or,
        used as none are left, as many more as the model has by the fewest changes and least cost)."""
        more: set[int] = set()
        for (group, key), count in used.items():
            having = [(kind.costs[key], i) for kind in self.kinds if key in kind.costs
                      and self.group_of(kind.profile) == group for i in kind.members if i not in model]
            more.update(i for _, i in heapq.nsmallest(count + PER_GROUP, having))
        if not more:
            ranked = [(self._need(n, i), i) for n, kind in enumerate(self.kinds) for i in kind.members
                      if i not in model]
            more = {i for _, i in heapq.nsmallest(max(len(model), self.largest), ranked)}
        return model | more

    def _entry(self, n: int, position: int, dominators: int, cheapest: int) -> tuple[int, int]:
        """The fewest changes and least cost of a plan with this person in it, as 2. reads them (in the
        objective's order): theirs, the fewest that let them count (_need), and their dominators', one
        change each at its cheapest."""
        need = self._need(n, position)
        if self.objective == "exams":
            return need[0] + dominators, need[1] + cheapest
        return need[0] + cheapest, need[1] + dominators

    def _need(self, n: int, position: int) -> tuple[int, int]:
        need = self.kinds[n].reach.open_to(position, self.thresholds)
        assert need is not None
        return need if self.objective == "exams" else (need[1], need[0])

    # ---- 2. --------------------------------------------------------------------------------------------

    def could_be_in(self, position: int, changes: int, cost_cents: int) -> bool:
        """Whether the person at this roster position can be in P*, P* making `changes` changes that cost
        `cost_cents` (see 2. in the module docstring; the free qualifiers of 1. always can)."""
        n = self.kind_of[position]
        return position in self.first or bool(self._fits(n, position, changes, cost_cents))

    def who_could_be_in(self, model: set[int], changes: int, cost_cents: int) -> set[int]:
        """The people of the tail (not in `model`) who could be in P* (could_be_in), kind by kind: once one
        of a kind has too many dominators to fit P*'s changes, so have its later people."""
        out = set()
        for n, kind in enumerate(self.kinds):
            for i in kind.members:
                if i in model or i in self.first:
                    continue
                fits = self._fits(n, i, changes, cost_cents)
                if fits is None:
                    break
                if fits:
                    out.add(i)
        return out

    def _fits(self, n: int, position: int, changes: int, cost_cents: int) -> bool | None:
        """Whether the person at `position` (of kind n, not a free qualifier of 1.) fits P*'s changes and cost
        with their dominators (None: not its changes, nor those of anyone later of the kind)."""
        kind = self.kinds[n]
        need = kind.reach.open_to(position, self.thresholds)
        assert need is not None
        fewest, least = need
        dominators, cheapest = self._dominators(n, position, changes - fewest + 1)
        left = changes - dominators
        prof = kind.profile  # at most its options, and of them no more new exams than its limit
        renewals = sum(o.renewal for o in prof.options)
        most = min(left, len(kind.sorted_costs), left if prof.max_new is None else prof.max_new + renewals)
        if most < fewest:  # later people of the kind have as many dominators or more, and fewer roles open
            return None
        own = min(max(least, sum(kind.sorted_costs[:s])) + self.cheapest_options(left - s)
                  for s in range(fewest, most + 1))
        return cheapest + own <= cost_cents

    def cheapest_options(self, k: int) -> int:
        """LB(k): the cost of the k cheapest options of anyone (an option counted once per person having
        it)."""
        while len(self._lb) <= k:
            if not self._lb:
                self._lb.append(0)
                continue
            self._lb.append(self._lb[-1] + self._kth(len(self._lb)))
        return self._lb[k]

    def _kth(self, k: int) -> int:
        """The k-th cheapest option of anyone (1-based); beyond them all, the dearest."""
        seen = 0
        for cost, count in self._pool:
            seen += count
            if seen >= k:
                return cost
        return self._pool[-1][0] if self._pool else 0

    def _dominators(self, n: int, position: int, limit: int) -> tuple[int, int]:
        """How many people dominate the person at `position` (of kind n), outside the free qualifiers of 1.,
        and the sum of their cheapest options, counted until `limit` of them are found (the kinds with the
        cheapest options first: they are the likeliest to dominate). The kinds dominating kind n are found
        once, as far as a call needs them (_Walk), whatever the position."""
        count = total = 0
        walk = self._walks.get(n)
        if walk is None:
            walk = self._walks[n] = _Walk(self._dominators_of(n))
        assert self._sets is not None  # made by _dominators_of
        found = 0
        while count < limit:
            if found == len(walk.found):
                following = next(walk.dominators, None)
                if following is None:
                    break
                walk.found.append(following)
            m, relation = walk.found[found]
            found += 1
            free = self._sets.free[m]
            people = len(free) if relation == _STRICT else bisect.bisect_left(free, position)
            count += people
            total += people * self.kinds[m].cheapest
        return count, total

    def _dominators_of(self, n: int) -> Iterator[tuple[int, int]]:
        """The kinds dominating kind n, by cheapest option (see _KindSets.dominators)."""
        if self._sets is None:
            self._sets = _KindSets.of(self.kinds, self._order, self.first)
        return self._sets.dominators(self.kinds[n])


_NONE, _EARLIER, _STRICT = 0, 1, 2


@dataclass(frozen=True)
class _Read:
    """A bound read of a roster's profiles (held so that their id is never reused while it is kept)."""

    profiles: dict[tuple[object, ...], Profile]
    key: tuple[object, ...]
    bound: CostBound


_BOUNDS: list[_Read] = []
BOUNDS_KEPT = 2  # the plan's and its other objective's (planner/core/pipeline.py) read the same roster


@dataclass
class _Walk:
    """The kinds dominating one kind: those left to read, and those read so far (kind, _STRICT or
    _EARLIER), by cheapest option."""

    dominators: Iterator[tuple[int, int]]
    found: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _KindSets:
    """The kinds as sets (bits of an int, by position in the order of their cheapest option), so that the
    kinds dominating a kind are the intersection of a few of them: those holding an item, those whose
    option of a key costs no more (or less) than some amount, those with room for as many new exams; and
    each kind's people outside the free qualifiers of 1., in roster order.

    People of kind a dominate those of kind b (b's people earlier in the roster, or all of them when every
    option of b's costs a's people strictly less) when a's people hold whatever b's hold, may take every
    option b's may at no higher cost, and as many new exams (a kind dominates its own later people)."""

    order: list[int]  # kinds by cheapest option
    cheapest: list[int]  # their cheapest options, in that order
    holding: dict[str, int]  # item -> the kinds holding it
    # option key -> its costs, lowest first, and for each the kinds with the option at no higher cost
    costing: dict[str, tuple[list[int], list[int]]]
    unlimited: int  # the kinds without a limit of new exams
    limits: tuple[list[int], list[int]]  # limits, lowest first, and for each the kinds with as much room
    free: list[list[int]]  # kind -> its people outside the free qualifiers of 1.

    @staticmethod
    def of(kinds: list[_Kind], order: list[int], first: set[int]) -> _KindSets:
        holding: dict[str, list[int]] = {}
        costing: dict[str, dict[int, list[int]]] = {}
        limited: dict[int, list[int]] = {}
        unlimited: list[int] = []
        for bit, n in enumerate(order):
            for item in kinds[n].profile.held:
                holding.setdefault(item, []).append(bit)
            for key, cost in kinds[n].costs.items():
                costing.setdefault(key, {}).setdefault(cost, []).append(bit)
            max_new = kinds[n].profile.max_new
            (unlimited if max_new is None else limited.setdefault(max_new, [])).append(bit)
        return _KindSets(order, [kinds[n].cheapest for n in order],
                         {item: bit_set(bits) for item, bits in holding.items()},
                         {key: _at_most(by_cost) for key, by_cost in costing.items()}, bit_set(unlimited),
                         _at_least(limited), [[i for i in kind.members if i not in first] for kind in kinds])

    def dominators(self, kind: _Kind) -> Iterator[tuple[int, int]]:
        """The kinds dominating `kind`, by cheapest option (none pays more for its cheapest option than
        `kind`: a dominator pays no more for any option), each _STRICT or _EARLIER."""
        bits = (1 << bisect.bisect_right(self.cheapest, kind.cheapest)) - 1
        max_new = kind.profile.max_new
        if max_new is not None:
            limits, room = self.limits
            at = bisect.bisect_left(limits, max_new)
            bits &= self.unlimited | (room[at] if at < len(room) else 0)
        else:
            bits &= self.unlimited
        for item in kind.profile.held:
            bits &= self.holding[item]
        strict = bits if kind.costs else 0
        for key, cost in kind.costs.items():
            costs, cheaper = self.costing[key]
            bits &= cheaper[bisect.bisect_right(costs, cost) - 1]  # the kind itself has it at that cost
            below = bisect.bisect_left(costs, cost) - 1
            strict &= cheaper[below] if below >= 0 else 0
        while bits:
            low = bits & -bits
            yield self.order[low.bit_length() - 1], _STRICT if strict & low else _EARLIER
            bits ^= low


def _at_most(by_cost: dict[int, list[int]]) -> tuple[list[int], list[int]]:
    """The costs of an option, lowest first, and for each the kinds (bits) with the option at no more."""
    costs = sorted(by_cost)
    cheaper, so_far = [], 0
    for cost in costs:
        so_far |= bit_set(by_cost[cost])
        cheaper.append(so_far)
    return costs, cheaper


def _at_least(by_limit: dict[int, list[int]]) -> tuple[list[int], list[int]]:
    """The limits of new exams, lowest first, and for each the kinds (bits) with at least that limit."""
    limits = sorted(by_limit)
    room, so_far = [], 0
    for limit in reversed(limits):
        so_far |= bit_set(by_limit[limit])
        room.append(so_far)
    return limits, room[::-1]


def _kind(prof: Profile, roles: tuple[RoleSpec, ...], alike: AlikeCovers,
          thresholds: dict[str, int | None], first: set[int], largest: int) -> _Kind:
    """A profile as the bound reads it, with its people who may count in P* by 1. (none: left out)."""
    first_member = prof.members[0]  # roles closed to a profile's first member are closed to all of it
    reach = Reach(_ways(prof, tuple(spec for spec in roles if (limit := thresholds[spec.key]) is None
                                    or first_member <= limit), alike))
    costs = sorted(o.cost_cents for o in prof.options)
    kind = _Kind(prof, {o.key: o.cost_cents for o in prof.options}, costs[0] if costs else 0, tuple(costs),
                 reach)
    last = reach.last_open(thresholds)
    reached = prof.members if last == float("inf") else prof.members[:bisect.bisect_right(prof.members, last)]
    # a profile's free qualifiers among the first are among its `largest` first members
    kind.members = sorted(set(reached).union(i for i in prof.members[:largest] if i in first))
    return kind


def _ways(prof: Profile, roles: tuple[RoleSpec, ...], alike: AlikeCovers) -> dict[str, tuple[int, int]]:
    """Per role a profile's people can count toward only with changes: the fewest and the least cost."""
    out = {}
    # roles share lists (each list's ways worked out once), profiles alike on a role's lists its covers
    of_profile = CoversOf(prof, {}, alike.rules, alike)
    for spec in roles:
        covers = of_profile.by_count(spec.lists)
        if covers and 0 not in covers:
            out[spec.key] = (min(covers), min(covers.values()))
    return out


def tail_of(bound: CostBound, model: set[int]) -> tuple[Tail, ...]:
    """The tail: the people who may count in P* by 1. but are not in the model, in groups of the same
    holdings and renewals toward the plan's certifications (CostBound.group_of), so that no count has one
    person's prerequisite and another's cheaper exam."""
    groups: dict[frozenset[str], list[tuple[Profile, int]]] = {}
    for kind in bound.kinds:
        n = sum(1 for i in kind.members if i not in model)
        if n:
            groups.setdefault(bound.group_of(kind.profile), []).append((kind.profile, n))
    tails = (Tail.of(group, key) for key, group in sorted(groups.items(), key=lambda g: sorted(g[0])))
    return tuple(t for t in tails if t is not None)
