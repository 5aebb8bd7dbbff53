"""Pruning: of the roster, only the people a best plan can use enter the model; the proof it is safe.

For each role, and each number of changes c a person needs to fill it (new exams, plus one for a hire),
only the k cheapest such people can matter, k = the level's total slots (every mode is pruned; each
extension of the argument follows):

A person's *need* for a role is their cheapest way to fill it: c changes costing m. Rank the people
of one (role, c) class by (m, roster position). Take a canonical optimal plan P (the tie-break in
planner/core/model.py prefers, after the objective, slot holders earlier in the roster, earlier roles
first) and suppose q fills role r in P with c changes though q is not among the k first of class
(r, c). At most k - 1 of those k first people fill slots in P (q fills one of the k slots), so one of
them, p, is unused. Give q's slot to p with p's cheapest changes: the count of changes is the same
and the cost does not grow (so a budget still holds, whatever the objective). If the cost shrinks, P
was not optimal; if it is equal, p is earlier in the roster than q and P was not canonical. So the
canonical plan uses only people among the k first of some class: at most k x roles x (lists + 1)
people, and as many possible hires (ranked apart, see below), whatever the roster's size.

The tie-break that meets the level below first (Silver under Gold) comes before roster order. Take
k = this level's slots + the lower level's: the lower level is met with at most its slots' people, so
among the k first of the class one person p is in neither q's level nor the lower one, and q's place
in both (with the same number of exams) goes to p: the lower level needs no more steps. Possible hires
are ranked apart from staff, in classes of their own: a hire's change is no exam, so a hire who already
holds a role meets the lower level with fewer exams than a member of staff at the same count of changes
and cost would. People left out who already qualify for the lower level enter the model only as counts,
by the set of its roles they qualify for (each fills at most one slot of a role of the set: a flow).

With several targets (or a level whose slots may share a holder: `same-or-different`) a person may
fill slots of several roles, so the classes are (set of roles one person can fill together, c): q
fills the set S in P with c changes; an unused p among the k first of (S, c), k = the most people a
plan uses (the sum over targets of the largest option's slots), fills the same S with as many changes
at no more cost, and the same contradiction follows.

**Both objectives on one model.** The swap keeps the count of changes and does not raise the cost, so it
makes no plan worse whichever of the two comes first: the canonical plan of the exams objective (fewest
changes, then lowest cost) and that of the cost objective (the other way round) both use only the k first of
each class, and so does every argument below (dominance gives p q's place at no more exams, cost, risk or
months). Nothing kept depends on which of the two objectives the problem was built for (pruning_strategy
treats them alike), so one pruned model holds both optima: `planner plan` names the other objective's plan
by solving the same model again (planner.core.solving.solve_again).

**Alternatives.** To list the r best plans, keep k + r - 1 per class. The r-th plan P (canonical
among the plans not listed) uses q outside the first k + r - 1 of its class: at most k - 1 of them
are used in P, so r of them, p1..pr, are unused, and giving q's place to each gives r different plans
(they differ in who makes q's changes; with no changes the plan is P itself, as the alternatives cut
reads it) none worse than P and each earlier in the roster. At most r - 1 of them are listed, so one
is not: P was not the canonical r-th plan.

**Resilience K and buffers** (after any K departures every set T of a goal's roles keeps slots(T) + K
people qualifying for one of its roles: planner/core/model.py states it as one assignment per role r,
the slots with K more at r). A person's worth to the plan is now the set of roles they qualify for, so
the classes are (roles qualified for already, set S of roles qualified for after c changes, c), and k
is the most people a plan can use: its slot holders plus the people of one assignment per role (every
role's slots + K where slot holders differ, its own slots + K where they may be the same; a scored
metric counts at most its threshold + K people after any K departures). A changed person outside all
of these can drop their changes and every assignment still holds, so an optimal plan has none. Swap q
for an unused p of q's class: p ends qualifying for at least S, q for what p qualified for before, so
no assignment loses a qualified person. People left out of the model who already qualify enter it as
constants, counted by the exact set of roles they qualify for (`outside_types`).

**A calendar, the time and risk objectives, and many goals.** With months, per-person monthly
capacity and pass rates a person's cheapest exams are no longer what matters, and with many goals the
sets of roles are too many to list. Then pruning is by dominance (`_undominated`): p dominates q when
p is earlier in the roster, pays no more per hour, covers every exam list q's held exams cover, may
take each exam q may that serves a list p lacks, in every month q may, with no more risk, books as
many exams a month and may take as many. q's place, with q's exams (less those p never needs), goes to
p at no more exams, cost, risk or months. If k people dominate q one of them is unused in any plan of
k people, so the canonical plan never uses q. The model then has the people dominated by fewer than
k others: a number that depends on how varied the roster is, not on its length (measured in the
README). With resilience dominance also asks for the same covered lists, so Hall counts stay put.

**Scored levels and renewals.** A scored goal's exam metrics are the roles of a same-or-different
level whose slots are the metrics' thresholds: no more than T people count toward a metric, so a plan
uses at most the sum of the thresholds, and the argument for (set of roles, c) classes holds as it
stands (with resilience the classes hold what people qualify for already, so every person's *type*,
the set of metrics they qualify for, stays as it was after a swap, and so does every count the
departures constraint reads). A renewal is one more option of a person with its own cost and months:
the classes rank it by its cost like an exam; dominance lets only a renewal replace a renewal.

The search for fixes lifts facts of single people (a leaver, a `can_take` list, a cap): it is pruned with
this module's pruning, applied to every person once for each set of their facts a fix could lift together
(planner/explain/relaxed.py gives the argument).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from planner.core.covers import NO_CERTIFICATIONS, AlikeCovers, CoversOf, _bits_of, _joined_lists, bit_set
from planner.core.deadline import check_build_time
from planner.core.items import CertificationRules
from planner.core.profiles import Profile

if TYPE_CHECKING:
    from planner.core.problem import Goal, Objective, PlanSettings, RoleSpec


MAX_ROLE_SETS = 256  # beyond this many (set of roles, changes) classes, prune by profile instead


def pruning_strategy(prune: bool, settings: PlanSettings, objective: Objective, goals: tuple[Goal, ...],
                     n_targets: int) -> Literal["whole", "classes", "profiles"]:
    """Which reduction keeps the plan exact (see the module docstring).

    Classes of (set of roles, changes) ranked by cost are exact when a plan is worth the count and the
    cost of its changes: the exams and cost objectives without a calendar. With a calendar, or the time
    and risk objectives, or so many goals that the sets of roles would be too many to list, people are
    ranked within profiles that differ only in their hourly rate instead."""
    if not prune or settings.whole_roster:
        return "whole"
    if settings.schedule or objective not in ("exams", "cost"):
        return "profiles"
    hall = settings.resilience > 0 or bool(settings.spares)
    if _count_role_sets(goals, n_targets, every_subset=hall) > MAX_ROLE_SETS \
            or _lists_too_many_to_cover(goals):
        return "profiles"
    return "classes"


MAX_COVERS_PER_GROUP = 4096  # beyond this many covers of lists sharing exams, prune by profile instead


def _lists_too_many_to_cover(goals: tuple[Goal, ...]) -> bool:
    """Whether the classes would list more than MAX_COVERS_PER_GROUP covers (one exam of each list) of a
    group of exam lists joined by shared exams (cheapest_cover_by_count lists the covers of each group)."""
    lists = list(dict.fromkeys(codes for goal in goals for spec in goal.roles for _, codes in spec.lists))
    return any(math.prod(len(lists[n]) for n in group) > MAX_COVERS_PER_GROUP
               for group in _joined_lists(lists))


def kept_people(strategy: str, profiles: dict[tuple[object, ...], Profile], goals: tuple[Goal, ...],
                n_targets: int, k: int, hall: bool, rules: CertificationRules | None = None
                ) -> dict[int, Profile]:
    """The people the model gets, by the pruning strategy (see pruning_strategy); `rules`: the
    certifications the lists name, when they name some."""
    rules = rules or CertificationRules()
    if strategy == "whole":
        return _all_members(profiles)
    if strategy == "classes":
        return _k_first_per_class(profiles, _role_sets(goals, n_targets, every_subset=hall), k,
                                  goals if hall else (), rules)
    lists = tuple(dict.fromkeys(codes for goal in goals for spec in goal.roles for _, codes in spec.lists))
    return _undominated(profiles, k, lists, same_held=hall, rules=rules)


def people_a_plan_uses(goals: tuple[Goal, ...], n_targets: int, settings: PlanSettings) -> int:
    """An upper bound on the people a plan uses (fills a slot with, or gives a change to), plus one more
    per alternative plan to list: the k of the pruning argument.

    Without resilience that is the slots (the largest option of each target). With resilience K (or a
    buffer), every changed person who fills no slot is in one of the assignments that show the goal
    survives the departures (see the module docstring): one per role r whose slots holders differ, of
    the goal's slots + K people; one per role of its own slots + K where they may be the same (a scored
    metric: its threshold + K)."""
    k = sum(max((g.slots for g in goals if g.target_index == t), default=0) for t in range(n_targets))
    if settings.resilience > 0 or settings.spares:
        for goal in goals:
            for spec in goal.roles:
                extra = max(settings.resilience, 1 if spec.key in settings.spares else 0)
                if goal.level.people == "different" and not goal.scored:
                    k += goal.slots + extra if extra else 0
                else:
                    k += spec.slots + extra
    return k + settings.extra_plans


def _undominated(profiles: dict[tuple[object, ...], Profile], k: int, lists: tuple[frozenset[str], ...], *,
                 same_held: bool, rules: CertificationRules | None = None) -> dict[int, Profile]:
    """Everyone dominated by fewer than k people (and every possible hire among the k first of its profile).

    p dominates q when p is earlier in the roster, pays no more per hour, and can do whatever q can:
    p's held exams cover every exam list q's cover (the same lists, with resilience, so every Hall count
    stays as it was), p may take each exam q may take that serves a list p does not cover (and renew
    what q renews), in every
    month q may, with no more risk, takes as many exams in a month and has no lower `max_new_exams`.
    Then q's place in any plan, with q's new exams (less those that serve only lists p covers: the
    model never plans such an exam), goes to p at no more exams, cost, risk or months, and earlier in
    the roster.
    When lists name certifications, an exam serves a list when some item of it needs the exam (its
    footprint), and p must also hold every item q holds: then p, with q's new exams, holds all q would.
    A plan uses at most k people, so if k people dominate q one of them is free: the canonical plan
    never uses q. A person dominated by k others of its own profile is dropped at once; their
    dominators also dominate whoever they dominate, so no answer depends on them.
    """
    groups: dict[tuple[object, ...], list[tuple[int, float, Profile]]] = {}
    hires: dict[int, Profile] = {}
    for prof in profiles.values():
        if prof.hire_profile is not None:
            hires.update(_k_first_per_class_of_hires(prof, k))
            continue
        options = tuple((o.exam, o.months, o.risk, o.renewal) for o in prof.options)  # one per option key
        key = (prof.held, options, prof.max_new, prof.per_month)
        # one profile has one rate: its k first members dominate the rest of it
        groups.setdefault(key, []).extend((i, prof.rate, prof) for i in prof.members[:k])
    fronts = {key: _front(sorted(members), k) for key, members in groups.items()}
    rules = rules or CertificationRules()
    footprints = tuple(frozenset().union(*(rules.footprint(i) for i in codes)) if rules else codes
                       for codes in lists)
    abilities = {key: _Ability.of(key, lists, footprints, bool(rules)) for key in fronts}
    keep: dict[int, Profile] = dict(hires)
    for key_b, front_b in fronts.items():
        check_build_time()
        ability_b = abilities[key_b]
        rivals = [front_a for key_a, front_a in fronts.items()
                  if abilities[key_a].can_replace(ability_b, same_held)]
        merged = _until(front_b[-1][0], heapq.merge(*rivals))
        keep.update((i, prof) for i, _, prof in _front(merged, k, only=front_b))
    return keep


def _front(members: Iterable[tuple[int, float, Profile]], k: int,
           only: list[tuple[int, float, Profile]] | None = None) -> list[tuple[int, float, Profile]]:
    """Of `members` in roster order, those with fewer than k earlier members at no higher rate (of `only`,
    when given: the others count as dominators but are not returned)."""
    wanted = None if only is None else {i for i, _, _ in only}
    lowest: list[float] = []  # the k lowest rates so far, as a max-heap (negated)
    out = []
    for member in members:
        _, rate, _ = member
        dominated = len(lowest) >= k and -lowest[0] <= rate
        if not dominated and (wanted is None or member[0] in wanted):
            out.append(member)
        if len(lowest) < k:
            heapq.heappush(lowest, -rate)
        elif rate < -lowest[0]:
            heapq.heapreplace(lowest, -rate)
    return out


def _until(last: int, members: Iterable[tuple[int, float, Profile]]
           ) -> Iterator[tuple[int, float, Profile]]:
    """The members (in roster order) up to roster position `last`."""
    return itertools.takewhile(lambda m: m[0] <= last, members)


def _serves(exam: str, lists: tuple[frozenset[str], ...]) -> frozenset[int]:
    """The positions of the lists an exam belongs to."""
    return frozenset(n for n, codes in enumerate(lists) if exam in codes)


@dataclass(frozen=True)
class _Ability:
    """What people of one profile (but for the rate) can do, for the dominance test of _undominated."""

    covers: frozenset[int]  # positions in the problem's exam lists of the lists their held exams cover
    # (exam, a renewal) -> (lists it serves, months, risk, a renewal)
    options: dict[tuple[str, bool], tuple[frozenset[int], frozenset[int], int, bool]]
    max_new: int | None
    per_month: int
    held: frozenset[str] | None = None  # with certifications: what they hold (a dominator holds as much)

    @staticmethod
    def of(key: tuple[Any, ...], lists: tuple[frozenset[str], ...],
           footprints: tuple[frozenset[str], ...] | None = None, items: bool = False) -> _Ability:
        held, options, max_new, per_month = key
        serving = footprints if footprints is not None else lists
        return _Ability(frozenset(n for n, codes in enumerate(lists) if held & codes),
                        {(exam, renewal): (_serves(exam, serving), frozenset(months), risk, renewal)
                         for exam, months, risk, renewal in options},
                        max_new, per_month, held if items else None)

    def can_replace(self, other: _Ability, same_held: bool) -> bool:
        """Whether these people can do whatever `other`'s can (see _undominated)."""
        if (self.covers != other.covers) if same_held else not self.covers >= other.covers:
            return False
        if self.held is not None and other.held is not None and not self.held >= other.held:
            return False
        if self.max_new is not None and (other.max_new is None or self.max_new < other.max_new):
            return False
        if self.per_month < other.per_month:
            return False
        for (exam, renewal), (serves, months, risk, _) in other.options.items():
            if serves <= self.covers:
                continue  # serves only lists these people cover: never planned for them
            # a renewal costs otherwise than earning the exam: only a renewal replaces a renewal
            mine = self.options.get((exam, renewal))
            if mine is None or not mine[1] >= months or mine[2] > risk:
                return False
        return True


def _k_first_per_class_of_hires(prof: Profile, k: int) -> dict[int, Profile]:
    """The first k possible hires of a hiring profile (they are alike: hires_of_a_profile_in_order)."""
    return {i: prof for i in prof.members[:k]}


def _all_members(profiles: dict[tuple[object, ...], Profile]) -> dict[int, Profile]:
    return {i: prof for prof in profiles.values() for i in prof.members}


def _target_choices(goals: tuple[Goal, ...], t: int, every_subset: bool) -> list[tuple[RoleSpec, ...]]:
    """The sets of one target's roles a person can fill together (or, `every_subset`, qualify for)."""
    choices: list[tuple[RoleSpec, ...]] = [()]
    for goal in goals:
        if goal.target_index != t:
            continue
        if goal.level.people == "different" and not every_subset:
            choices += [(spec,) for spec in goal.roles]
        else:
            choices += [combo for n in range(1, len(goal.roles) + 1)
                        for combo in itertools.combinations(goal.roles, n)]
    return choices


def _count_role_sets(goals: tuple[Goal, ...], n_targets: int, *, every_subset: bool) -> int:
    """How many sets _role_sets would list, counted without listing them (2^n - 1 non-empty sets of n
    roles where _target_choices lists every combination)."""
    def choices(t: int) -> int:
        return 1 + sum(len(g.roles) if g.level.people == "different" and not every_subset
                       else 2 ** len(g.roles) - 1 for g in goals if g.target_index == t)

    return math.prod(choices(t) for t in range(n_targets)) - 1


def _role_sets(goals: tuple[Goal, ...], n_targets: int, *, every_subset: bool = False
               ) -> list[tuple[tuple[RoleSpec, ...], tuple[tuple[str, frozenset[str]], ...]]]:
    """Every set of roles one person can fill together in a plan, with the exam lists it needs.

    Per target: no role, or roles of one of its options (one role where slot holders must be different
    people, any of its roles where they may be the same). With one goal of 'different' people this is
    each role on its own. With resilience (`every_subset`) a person may qualify for several roles of a
    goal while filling one, and what counts after departures is every role they qualify for."""
    per_target = [_target_choices(goals, t, every_subset) for t in range(n_targets)]
    out = []
    for combo in itertools.product(*per_target):
        specs = [spec for part in combo for spec in part]
        if specs:
            lists = dict.fromkeys(lst for spec in specs for lst in spec.lists)  # one entry per list
            out.append((tuple(specs), tuple(lists)))
    return out


def _k_first_per_class(profiles: dict[tuple[object, ...], Profile],
                       role_sets: list[tuple[tuple[RoleSpec, ...], tuple[tuple[str, frozenset[str]], ...]]],
                       k: int, hall_goals: tuple[Goal, ...] = (),
                       rules: CertificationRules | None = None) -> dict[int, Profile]:
    """The k first people of every (set of roles, number of changes) class, by (cost, roster position).

    With several goals a person may fill slots of several roles (of different targets, or of one
    'same-or-different' level); the argument of the module docstring holds for the set of roles a person
    fills in the plan: swap them for an unused person among the k first who fills the same set with as
    many changes at no more cost. With resilience (`hall_goals`) the class also holds the roles a person
    qualifies for already, so the swap leaves every Hall count as it was."""
    classes: list[dict[tuple[object, ...], list[tuple[int, int, Profile]]]] = [{} for _ in role_sets]
    joined: dict[tuple[frozenset[str], ...], list[list[frozenset[str]]]] = {}  # shared by the profiles
    alike = AlikeCovers(rules or NO_CERTIFICATIONS)
    outranked = _outranked(profiles.values(), k)
    for prof in profiles.values():
        check_build_time()
        if id(prof) in outranked:
            continue
        already = _qualified_already(prof, hall_goals) if hall_goals else frozenset()
        covers = CoversOf(prof, joined, rules or NO_CERTIFICATIONS, alike)
        hire = prof.hire_profile is not None
        for (_, lists), by_class in zip(role_sets, classes, strict=True):
            for count, cost in covers.by_count(lists).items():
                total = cost + prof.hire_cost_cents
                # hires apart: their change is no exam toward the level below (see the module docstring)
                by_class.setdefault((count + hire, hire, already), []).append((total, prof.members[0], prof))
    keep: dict[int, Profile] = {}
    for by_class in classes:
        for ranked in by_class.values():
            keep.update((i, prof) for _, i, prof in _k_first(ranked, k))
    return keep


def _outranked(profiles: Iterable[Profile], k: int) -> set[int]:
    """The profiles (ids) none of whose people is among the k first of any class: those with k people
    before their first member in profiles that rank before them in every class.

    Profile a ranks before profile b when they hold the same (so each person's roles held already are the
    same), a may take every option b may (a renewal too) at no higher cost, and as many new exams: every
    way b's people have of filling a set of roles a's people have too, with as many changes at no more cost
    (the ways of earning a list's items are those of b's options and more). So each of b's people has the
    k people of a before them (at no more cost, earlier in the roster) in every class of theirs. Such a
    person is among the k first of no class, and dropping them changes no class's k first."""
    by_held: dict[frozenset[str], list[Profile]] = {}
    for prof in profiles:
        if prof.hire_profile is None and prof.members:
            by_held.setdefault(prof.held, []).append(prof)
    out: set[int] = set()
    for group in by_held.values():
        check_build_time()
        out.update(_outranked_holding_alike(sorted(group, key=lambda prof: prof.members[0]), k))
    return out


def _outranked_holding_alike(group: list[Profile], k: int) -> Iterator[int]:
    """_outranked of profiles holding the same, by first member."""
    costs = [{o.key: o.cost_cents for o in prof.options} for prof in group]
    having: dict[str, list[int]] = {}
    for position, mine in enumerate(costs):
        for key in mine:
            having.setdefault(key, []).append(position)
    sets = {key: bit_set(positions) for key, positions in having.items()}
    for position, prof in enumerate(group):
        earlier = (1 << position) - 1  # profiles whose first member is earlier, with every option of prof
        for key in costs[position]:
            earlier &= sets[key]
        before = 0
        for other in _bits_of(earlier):
            if before >= k:
                break
            if _ranks_before(group[other], costs[other], prof, costs[position]):
                before += bisect.bisect_left(group[other].members, prof.members[0])
        if before >= k:
            yield id(prof)


def _ranks_before(a: Profile, a_costs: dict[str, int], b: Profile, b_costs: dict[str, int]) -> bool:
    """Whether a (holding what b holds, with b's options) ranks before b in every class (_outranked)."""
    if b.max_new is None and a.max_new is not None:
        return False
    if a.max_new is not None and b.max_new is not None and a.max_new < b.max_new:
        return False
    return all(a_costs[key] <= cost for key, cost in b_costs.items())


def _k_first(ranked: list[tuple[int, int, Profile]], k: int) -> list[tuple[int, int, Profile]]:
    """The k first people of a class by (cost, roster position), from one entry per profile (its people's
    cost and its first member): each of them is among the first k people of one of the k first profiles
    (every profile before theirs has a person before them)."""
    profiles = heapq.nsmallest(k, ranked, key=lambda t: (t[0], t[1]))
    people = [(total, i, prof) for total, _, prof in profiles for i in prof.members[:k]]
    return heapq.nsmallest(k, people, key=lambda t: (t[0], t[1]))


def _qualified_already(prof: Profile, goals: tuple[Goal, ...]) -> frozenset[str]:
    """The role keys a profile qualifies for with the exams it holds (none for a possible hire)."""
    if prof.hire_profile is not None:
        return frozenset({"hire"})
    return frozenset(spec.key for goal in goals for spec in goal.roles
                     if all(prof.held & codes for _, codes in spec.lists))


def types_left_out(profiles: dict[tuple[object, ...], Profile], keep: dict[int, Profile],
                   goals: tuple[Goal, ...]) -> dict[tuple[int, frozenset[str]], int]:
    """For every goal, how many staff left out of the model qualify for exactly each set of its roles (or
    metrics): they count after departures as constants. One entry per profile at most, whatever the
    number of roles."""
    out: dict[tuple[int, frozenset[str]], int] = {}
    for prof in profiles.values():
        check_build_time()
        left_out = sum(1 for i in prof.members if i not in keep) if prof.hire_profile is None else 0
        for goal in goals if left_out else ():
            quals = frozenset(spec.key for spec in goal.roles
                              if all(prof.held & codes for _, codes in spec.lists))
            if quals:
                out[goal.index, quals] = out.get((goal.index, quals), 0) + left_out
    return out


def qualifiers_left_out(profiles: dict[tuple[object, ...], Profile], keep: dict[int, Profile],
                        lower_roles: tuple[RoleSpec, ...]) -> dict[frozenset[str], int]:
    """How many staff outside the model qualify for exactly each set of the lower level's roles (at most
    one entry per profile: the model lets each of them fill one slot of a role of their set)."""
    counts: dict[frozenset[str], int] = {}
    for prof in profiles.values():
        check_build_time()
        if prof.hire_profile is not None:
            continue  # a possible hire counts only if hired, and only hires in the model can be
        quals = frozenset(spec.id for spec in lower_roles
                          if all(prof.held & codes for _, codes in spec.lists))
        left_out = sum(1 for i in prof.members if i not in keep) if quals else 0
        if left_out:
            counts[quals] = counts.get(quals, 0) + left_out
    return counts
