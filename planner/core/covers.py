"""Covers: the new exams (or items, or renewals) that let a person fill a set of roles, and the cheapest
of them by number of changes: what the pruning classes rank people by (planner/core/pruning.py), worked out
once per group of lists joined by shared exams, per profile, and per set of profiles alike on the lists.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from models.catalog import item_code
from planner.core.items import CertificationRules
from planner.core.profiles import NewExamOption, Profile

if TYPE_CHECKING:
    from planner.core.problem import Objective


NO_CERTIFICATIONS = CertificationRules()  # lists of exam codes only
_G = TypeVar("_G")  # a group of lists: exam lists, or each list's ways of earning
_O = TypeVar("_O")  # an option of a union: the option itself, or its position among a profile's

@dataclass(frozen=True)
class Cover:
    """The cheapest new exams that let someone fill a role, and its objective key."""

    exams: tuple[str, ...]
    count: int
    cost_cents: int
    key: tuple[int, int]


def _covers(held: frozenset[str], options: tuple[NewExamOption, ...], max_new: int | None,
            lists: tuple[tuple[str, frozenset[str]], ...], rules: CertificationRules = NO_CERTIFICATIONS
            ) -> Iterator[tuple[tuple[str, ...], int, int]]:
    """Every way to add one exam (or item: `_ways`) of each missing list: (exams, how many, cost in
    cents)."""
    missing = [codes for _, codes in lists if not (held & codes)]
    for combo in itertools.product(*[_ways(held, options, codes, rules) for codes in missing]):
        chosen = dict.fromkeys(o for way in combo for o in way)
        if len({o.exam for o in chosen}) < len(chosen):
            continue  # a renewal and earning the same exam again: one of them is enough
        unique = {o.exam: o.cost_cents for o in chosen}
        if max_new is None or sum(not o.renewal for o in chosen) <= max_new:
            yield tuple(unique), len(unique), sum(unique.values())


@functools.lru_cache(maxsize=1 << 16)  # the same profile and lists again: the next re-plan, best's levels
def cheapest_cover_by_count(held: frozenset[str], options: tuple[NewExamOption, ...], max_new: int | None,
                            lists: tuple[tuple[str, frozenset[str]], ...],
                            rules: CertificationRules = NO_CERTIFICATIONS) -> dict[int, int]:
    """For each number of new exams that can fill the role, the lowest cost (cents) of doing so.

    The missing lists fall into groups joined by shared exams; no exam serves two groups, so a cover is
    one cover of each group, and the groups' covers are combined by (exams, of them new exams, cost),
    keeping the cheapest of each: the same answer as listing every combination of one exam per list,
    listed only within a group (polynomial in the number of groups).

    A list naming certifications is covered by one of the ways of earning one of them (`_ways`: its
    missing exams, and a prerequisite's when none is held), or by a renewal; lists are joined when their
    ways share an exam, and an exam two ways share is taken (and counted) once. In a best plan a person's
    new exams are such a union of one way per list (a larger set costs no less and counts more
    changes), so the classes still rank every set a best plan gives someone."""
    if not rules:
        missing = [codes for _, codes in lists if not (held & codes)]
        return _by_count(_groups_of(missing), lambda group: _within(_group_covers(options, group), max_new),
                         max_new)
    ways = [_ways(held, options, codes, rules) for _, codes in lists if not (held & codes)]
    groups = [[ways[n] for n in group]
              for group in _joined_lists([frozenset(o.exam for way in w for o in way) for w in ways])]
    return _by_count(groups, lambda group: _within(_ways_covers(group), max_new), max_new)


def _groups_of(lists: list[frozenset[str]]) -> list[list[frozenset[str]]]:
    """The lists in groups joined by shared exams (_joined_lists), as the lists themselves."""
    return [[lists[n] for n in group] for group in _joined_lists(lists)]


def _within(covers: dict[tuple[int, int], int], max_new: int | None) -> dict[tuple[int, int], int]:
    """The covers with at most max_new new exams."""
    return covers if max_new is None else {key: cost for key, cost in covers.items() if key[1] <= max_new}


def _by_count(groups: list[_G], covers: Callable[[_G], dict[tuple[int, int], int]],
              max_new: int | None) -> dict[int, int]:
    """cheapest_cover_by_count from the groups of missing lists and each group's covers (within max_new)."""
    combined: dict[tuple[int, int], int] = {(0, 0): 0}  # (exams, of them new exams) -> least cost
    for n, group in enumerate(groups):
        combined = covers(group) if n == 0 else _combine(combined, covers(group), max_new)
    best: dict[int, int] = {}
    for (count, _), cost in combined.items():
        best[count] = min(cost, best.get(count, cost))
    return best


def _joined_lists(lists: list[frozenset[str]]) -> list[list[int]]:
    """The lists' positions in groups joined by shared exams (two lists sharing an exam are in one group),
    in order."""
    groups: list[list[int]] = []
    exams_of: list[set[str]] = []
    for n, codes in enumerate(lists):
        joined = [g for g, exams in enumerate(exams_of) if exams & codes]
        group, exams = [n], set(codes)
        for g in reversed(joined):
            group = groups.pop(g) + group
            exams |= exams_of.pop(g)
        groups.append(group)
        exams_of.append(exams)
    return groups


Way = tuple[NewExamOption, ...]
"""Options that together give a person one item of a list (one option for an exam or a renewal)."""


def _exams_of(ways: list[Way]) -> frozenset[str]:
    """The exams (and renewals' items) some of these ways take."""
    return frozenset(o.exam for way in ways for o in way)


def _ways(held: frozenset[str], options: tuple[NewExamOption, ...], codes: frozenset[str],
          rules: CertificationRules) -> list[Way]:
    """Every way a person holding `held` with these options gets one item of a list: an option of an
    item (an exam, or a certification's renewal), or for a certification the options of one of its
    ways of earning (_earning_ways), in the list's order."""
    by_exam: dict[str, list[NewExamOption]] = {}
    for o in options:
        by_exam.setdefault(o.exam, []).append(o)
    out: list[Way] = [(o,) for code in sorted(codes) for o in by_exam.get(code, ())]
    if not rules:
        return [(o,) for o in options if o.exam in codes]  # as before: in the options' order
    offered = frozenset(by_exam)
    for item in sorted(codes):
        for way in _earning_ways(item, held, offered, rules):
            out += itertools.product(*[by_exam[e] for e in sorted(way)])
    return list(dict.fromkeys(out))


def _earning_ways(item: str, held: frozenset[str], offered: frozenset[str], rules: CertificationRules
                  ) -> list[frozenset[str]]:
    """The minimal sets of option exams (exam codes, '@<id>' for a renewal) that give a certification
    item by earning it: its missing exams, and when no prerequisite is held, a renewal or a way of
    earning one of them ([] for an exam code, or a certification that cannot be earned so)."""
    spec = rules.spec(item)
    if spec is None or not spec.earnable or item in held:
        return []
    missing = frozenset(spec.exams) - held
    if not missing <= offered:
        return []
    prerequisites = [item_code(q) for q in spec.prerequisites]
    if not prerequisites or held.intersection(prerequisites):
        return [missing]
    ways = [missing | {q} for q in prerequisites if q in offered]
    ways += [missing | way for q in prerequisites for way in _earning_ways(q, held, offered, rules)]
    unique = sorted(set(ways), key=lambda w: (len(w), sorted(w)))
    return [w for i, w in enumerate(unique) if not any(o < w for o in unique[:i])]


def _group_covers(options: tuple[NewExamOption, ...], group: list[frozenset[str]]
                  ) -> dict[tuple[int, int], int]:
    """Every way to give one exam of each list of a group, as (exams, new exams) -> least cost."""
    out: dict[tuple[int, int], int] = {}
    if len(group) == 1:  # one list (the usual group): each option of it on its own
        for o in options:
            if o.exam in group[0]:
                key = (1, 0 if o.renewal else 1)
                out[key] = min(o.cost_cents, out.get(key, o.cost_cents))
        return out
    return _ways_covers([[(o,) for o in options if o.exam in codes] for codes in group])


def _ways_covers(group: list[list[Way]]) -> dict[tuple[int, int], int]:
    """Every way to give one item of each list of a group (each list's ways), as (exams, new exams) ->
    least cost.

    The options a person takes are a union of one way per list; unions are built list by list, each set of
    options once however many choices of ways give it (as bits of an int), and dropped as soon as it holds a
    renewal and the earning of one exam (one of them is enough: no choice of the later lists' ways mends
    that)."""
    return _priced(_cover_shapes(group), lambda o: o.cost_cents)


Shape = tuple[tuple[int, int], tuple[NewExamOption, ...]]
"""A union of ways (_ways_covers) as (exams, new exams) and its options: what it costs is the options'."""


def _cover_shapes(group: list[list[Way]]) -> list[Shape]:
    """Every union of one way per list of a group (_ways_covers), with its count of exams and of new exams:
    nothing in it depends on what the options cost."""
    bit: dict[NewExamOption, int] = {}  # option -> its bit
    for ways in group:
        for way in ways:
            for o in way:
                bit.setdefault(o, 1 << len(bit))
    options = list(bit)
    new = sum(b for o, b in bit.items() if not o.renewal)
    return [((union.bit_count(), (union & new).bit_count()), tuple(options[n] for n in _bits_of(union)))
            for union in _unions(group, bit)]


def _priced(shapes: Iterable[tuple[tuple[int, int], tuple[_O, ...]]], cost_of: Callable[[_O], int]
            ) -> dict[tuple[int, int], int]:
    """The least cost of each (exams, new exams) of these unions, each option costing cost_of(it)."""
    out: dict[tuple[int, int], int] = {}
    for key, union in shapes:
        cost = sum(cost_of(o) for o in union)
        out[key] = min(cost, out.get(key, cost))
    return out


def _unions(group: list[list[Way]], bit: dict[NewExamOption, int]) -> set[int]:
    """The sets of options (bits) of one way per list, none with a renewal and the earning of one exam."""
    by_exam: dict[str, int] = {}
    for o, b in bit.items():
        by_exam[o.exam] = by_exam.get(o.exam, 0) | b
    twice = [mask for mask in by_exam.values() if mask & (mask - 1)]  # exams of two options
    unions = {0}
    for ways in group:
        masks = {sum({bit[o] for o in way}) for way in ways}
        unions = {union | mask for union in unions for mask in masks}
        if twice:
            unions = {union for union in unions if not any((union & m) & ((union & m) - 1) for m in twice)}
    return unions


def _combine(first: dict[tuple[int, int], int], second: dict[tuple[int, int], int], max_new: int | None
             ) -> dict[tuple[int, int], int]:
    """The least cost of each (exams, new exams) made of one cover from each side (within max_new)."""
    out: dict[tuple[int, int], int] = {}
    for (c1, n1), cost1 in first.items():
        for (c2, n2), cost2 in second.items():
            if max_new is not None and n1 + n2 > max_new:
                continue
            key, cost = (c1 + c2, n1 + n2), cost1 + cost2
            out[key] = min(cost, out.get(key, cost))
    return out


def cheapest_cover(held: frozenset[str], options: tuple[NewExamOption, ...], max_new: int | None,
                   lists: tuple[tuple[str, frozenset[str]], ...], objective: Objective,
                   rules: CertificationRules = NO_CERTIFICATIONS) -> Cover | None:
    """The cheapest set of new exams that gives one exam (or item) from each list (None: impossible).

    With objective "exams" the fewest exams, then the lowest cost; otherwise the lowest cost first.
    """
    best: Cover | None = None
    for exams, count, cost in _covers(held, options, max_new, lists, rules):
        key = (count, cost) if objective == "exams" else (cost, count)
        if best is None or key < best.key:
            best = Cover(exams, count, cost, key)
    return best


def bit_set(positions: list[int]) -> int:
    """An int with these bits set (a set of small numbers, intersected fast)."""
    out = bytearray(positions[-1] // 8 + 1 if positions else 0)
    for p in positions:
        out[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(out, "little")


def _bits_of(bits: int) -> Iterator[int]:
    """The positions of an int's bits set, lowest first."""
    while bits:
        low = bits & -bits
        yield low.bit_length() - 1
        bits ^= low


class CoversOf:
    """One profile's cheapest covers (cheapest_cover_by_count) for many sets of lists, the covers of each
    group of joined lists worked out once: the sets of roles of a plan share their roles' lists. Lists
    naming certifications (`rules`) are joined by the exams of the profile's ways of earning them (_ways,
    worked out once per list), and their groups' covers too are worked out once."""

    def __init__(self, prof: Profile, joined: dict[tuple[frozenset[str], ...], list[list[frozenset[str]]]],
                 rules: CertificationRules = NO_CERTIFICATIONS, alike: AlikeCovers | None = None) -> None:
        self.prof, self.joined, self.rules, self.alike = prof, joined, rules, alike
        self.groups: dict[tuple[frozenset[str], ...], dict[tuple[int, int], int]] = {}
        self.answers: dict[tuple[frozenset[str], ...], dict[int, int]] = {}  # by the lists missing
        self.ways: dict[frozenset[str], frozenset[str]] = {}  # the exams of a list's ways

    def _group(self, group: list[frozenset[str]]) -> dict[tuple[int, int], int]:
        key = tuple(group)
        mine = self.groups.get(key)
        if mine is None:
            mine = self.groups[key] = _within(_group_covers(self.prof.options, group), self.prof.max_new)
        return mine

    def _ways_of(self, codes: frozenset[str]) -> frozenset[str]:
        """The exams of the profile's ways to one item of a list (_ways; those of a profile of the same
        shape on the list when one was read: AlikeCovers.shape)."""
        mine = self.ways.get(codes)
        if mine is None:
            if self.alike is None:
                mine = _exams_of(_ways(self.prof.held, self.prof.options, codes, self.rules))
            else:
                options, shape = self.alike.shape(self.prof, (codes,))
                mine = self.alike.ways.get(shape)
                if mine is None:
                    ways = _ways(self.prof.held, options, codes, self.rules)
                    mine = self.alike.ways[shape] = _exams_of(ways)
            self.ways[codes] = mine
        return mine

    def _ways_group(self, group: tuple[frozenset[str], ...]) -> dict[tuple[int, int], int]:
        mine = self.groups.get(group)
        if mine is None:
            if self.alike is None:
                mine = self._read_ways_group(group)
            else:
                key = self.alike.key(self.prof, group)
                mine = self.alike.groups.get(key)
                if mine is None:
                    mine = self.alike.groups[key] = self._read_ways_group(group)
            self.groups[group] = mine
        return mine

    def _read_ways_group(self, group: tuple[frozenset[str], ...]) -> dict[tuple[int, int], int]:
        """_ways_covers of a group of lists, its unions read once per shape (AlikeCovers.shape) and priced
        with the profile's options."""
        prof = self.prof
        if self.alike is None:
            covers = _ways_covers([_ways(prof.held, prof.options, codes, self.rules) for codes in group])
            return _within(covers, prof.max_new)
        options, shape = self.alike.shape(prof, group)
        unions = self.alike.unions.get(shape)
        if unions is None:
            at = {o: n for n, o in enumerate(options)}
            shapes = _cover_shapes([_ways(prof.held, options, codes, self.rules) for codes in group])
            unions = self.alike.unions[shape] = [(key, tuple(at[o] for o in union)) for key, union in shapes]
        costs = [o.cost_cents for o in options]
        return _within(_priced(unions, costs.__getitem__), prof.max_new)

    def by_count(self, lists: tuple[tuple[str, frozenset[str]], ...]) -> dict[int, int]:
        """cheapest_cover_by_count(held, options, max_new, lists, rules) of the profile."""
        missing = tuple(codes for _, codes in lists if not (self.prof.held & codes))
        answer = self.answers.get(missing)
        if answer is None:
            answer = self.answers[missing] = self._shared(missing)
        return answer

    def _shared(self, missing: tuple[frozenset[str], ...]) -> dict[int, int]:
        """The covers of the lists missing, those of a profile alike on them when one was read."""
        if self.alike is None:
            return self._covers(missing)
        key = self.alike.key(self.prof, missing)
        answer = self.alike.answers.get(key)
        if answer is None:
            answer = self.alike.answers[key] = self._covers(missing)
        return answer

    def _covers(self, missing: tuple[frozenset[str], ...]) -> dict[int, int]:
        if self.rules:
            joined = _joined_lists([self._ways_of(codes) for codes in missing])
            return _by_count([tuple(missing[n] for n in group) for group in joined], self._ways_group,
                             self.prof.max_new)
        groups = self.joined.get(missing)
        if groups is None:
            groups = self.joined[missing] = _groups_of(list(missing))
        return _by_count(groups, self._group, self.prof.max_new)


class AlikeCovers:
    """Cheapest covers (and ways of earning, and covers of a group of lists) shared by profiles alike on
    some lists: holding the same of the exams and items that can help give one of the lists' items (their
    footprint: planner.core.items, closed under prerequisites), with the same limit, and the same options
    (equal in everything but the dates of a renewal's window) of those; nothing else of a profile's enters
    its covers of those lists (_ways, _earning_ways and _group_covers read only the footprint)."""

    def __init__(self, rules: CertificationRules) -> None:
        self.rules = rules
        self.footprints: dict[tuple[frozenset[str], ...], frozenset[str]] = {}
        self.answers: dict[tuple[object, ...], dict[int, int]] = {}
        self.groups: dict[tuple[object, ...], dict[tuple[int, int], int]] = {}  # CoversOf._ways_group
        # by shape (see `shape`): the exams of a list's ways; a group's unions, options by position
        self.ways: dict[tuple[object, ...], frozenset[str]] = {}
        self.unions: dict[tuple[object, ...], list[tuple[tuple[int, int], tuple[int, ...]]]] = {}

    def footprint(self, lists: tuple[frozenset[str], ...]) -> frozenset[str]:
        """Everything that can help give one of the lists' items."""
        footprint = self.footprints.get(lists)
        if footprint is None:
            items = {item for codes in lists for item in codes}
            footprint = self.footprints[lists] = frozenset().union(
                *(self.rules.footprint(item) for item in items)) if self.rules else frozenset(items)
        return footprint

    def shape(self, prof: Profile, lists: tuple[frozenset[str], ...]
              ) -> tuple[tuple[NewExamOption, ...], tuple[object, ...]]:
        """A profile's options of the lists' footprint, and its shape on the lists: what it holds of the
        footprint and which options (exam, a renewal) it has of it, in order. Profiles of one shape have
        the same ways of earning the lists' items and the same unions of them, by position among those
        options (_ways and _cover_shapes read nothing else); only what the options cost differs."""
        footprint = self.footprint(lists)
        options = tuple(o for o in prof.options if o.exam in footprint)
        return options, (prof.held & footprint, tuple((o.exam, o.renewal) for o in options), lists)

    def key(self, prof: Profile, lists: tuple[frozenset[str], ...]) -> tuple[object, ...]:
        """What of a profile its covers of these lists depend on."""
        footprint = self.footprint(lists)
        return (prof.held & footprint, prof.max_new, lists,
                tuple((o.exam, o.cost_cents, o.months, o.pass_rate, o.risk, o.renewal) for o in prof.options
                      if o.exam in footprint))
