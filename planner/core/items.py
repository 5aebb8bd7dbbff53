"""Certification items as the planning pipeline reads them (no solver here).

Designation lists name certifications as items '@<id>' beside exam codes (models.catalog.item_code). A
person holds '@c' on the deadline as planner.rules.holdings says; a plan gives it to them by taking every
exam of c they lack and, when they hold none of c's prerequisites, by giving them one of those in the same
way (recursively). Each exam is taken once per person, however many certifications it serves.

`CertificationRules` is what the problem, the profiles, the pruning and the model need of the
certification catalog: for each certification the lists name (and their prerequisites), its exams, its
prerequisites and whether it can still be earned between as_of and the deadline (planner.rules.holdings.
earning_window: not retired before as_of, still counting on the deadline, its exams known). It is frozen
and hashable, so the pruning's caches can key on it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from models.catalog import certification_id, item_code
from models.certification import CertificationCatalog
from planner.rules.holdings import earning_window


@dataclass(frozen=True)
class CertificationSpec:
    """One certification as the model reads it: its exams (all needed), its prerequisites (one of them
    needed), and whether a plan can earn it."""

    id: str
    exams: tuple[str, ...]
    prerequisites: tuple[str, ...]
    earnable: bool
    retired: dt.date | None = None  # the last day it can be earned

    @functools.cached_property
    def item(self) -> str:
        return item_code(self.id)


@dataclass(frozen=True)
class CertificationRules:
    """The certifications a problem's lists name, with their prerequisites, by id (none: exam lists only)."""

    specs: tuple[CertificationSpec, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.specs)

    def __hash__(self) -> int:  # worked out once: the rules key the caches of _closure and _footprint
        return self._hash

    @functools.cached_property
    def _hash(self) -> int:
        return hash(self.specs)

    def __getstate__(self) -> dict[str, object]:  # a string's hash is the process's: worked out again
        return {key: value for key, value in self.__dict__.items() if key != "_hash"}

    @functools.cached_property
    def by_id(self) -> dict[str, CertificationSpec]:
        return {s.id: s for s in self.specs}

    def spec(self, item: str) -> CertificationSpec | None:
        """The certification an item names (None: an exam code, or a certification not in the problem)."""
        cid = certification_id(item)
        return None if cid is None else self.by_id.get(cid)

    @functools.cached_property
    def exams(self) -> frozenset[str]:
        """Every exam some certification of the problem needs."""
        return frozenset(e for s in self.specs for e in s.exams)

    @functools.cached_property
    def needed_by(self) -> dict[str, tuple[str, ...]]:
        """For each exam code or certification item, the certifications (ids) that need it: as one of
        their exams, or as one of their prerequisites."""
        out: dict[str, list[str]] = {}
        for s in self.specs:
            for e in s.exams:
                out.setdefault(e, []).append(s.id)
            for q in s.prerequisites:
                out.setdefault(item_code(q), []).append(s.id)
        return {k: tuple(v) for k, v in out.items()}

    @functools.cached_property
    def unplannable(self) -> frozenset[str]:
        """The exams only certifications that cannot be earned need (a plan never takes them for those)."""
        return self.exams - frozenset(e for s in self.specs if s.earnable for e in s.exams)

    def footprint(self, item: str) -> frozenset[str]:
        """Everything that can help give a person `item`: the item itself, and for a certification its
        exams and its prerequisites' footprints."""
        return _footprint(self, item)

    def ways(self, item: str, held: Collection[str]) -> list[frozenset[str]]:
        """The minimal sets of exams a person holding `held` takes to hold `item` (fewest first, then in
        code order): [frozenset()] when held, [{item}] for an exam code, [] when it cannot be earned.
        A certification held by a renewal is not among them (a renewal is an option of its own)."""
        if item in held:
            return [frozenset()]
        spec = self.spec(item)
        if spec is None:
            return [] if certification_id(item) is not None else [frozenset({item})]
        if not spec.earnable:
            return []
        missing = frozenset(spec.exams) - frozenset(held)
        if not spec.prerequisites or any(item_code(q) in held for q in spec.prerequisites):
            return [missing]
        ways = [missing | way for q in spec.prerequisites for way in self.ways(item_code(q), held)]
        unique = sorted(set(ways), key=lambda w: (len(w), sorted(w)))
        return [w for i, w in enumerate(unique) if not any(o < w for o in unique[:i])]

    def closure(self, held: Iterable[str]) -> frozenset[str]:
        """`held` (exam codes and items) with every certification of the problem those exams and items
        give (each of its exams held, and one of its prerequisites when it has any) that a plan can still
        earn (a held one is in `held` already: planner.rules.holdings says which)."""
        return _closure(self, frozenset(held))


@functools.lru_cache(maxsize=1 << 14)  # the path and the odds ask again for the same holdings
def _closure(rules: CertificationRules, held: frozenset[str]) -> frozenset[str]:
    have = set(held)
    grown = True
    while grown:
        grown = False
        for s in rules.specs:
            if s.earnable and s.item not in have and have.issuperset(s.exams) and s.exams and (
                    not s.prerequisites or any(item_code(q) in have for q in s.prerequisites)):
                have.add(s.item)
                grown = True
    return frozenset(have)


@functools.lru_cache(maxsize=4096)
def _footprint(rules: CertificationRules, item: str) -> frozenset[str]:
    spec = rules.spec(item)
    if spec is None:
        return frozenset({item})
    out = {item, *spec.exams}
    for q in spec.prerequisites:
        out |= _footprint(rules, item_code(q))
    return frozenset(out)


def certification_rules(items: Iterable[str], certifications: CertificationCatalog, as_of: dt.date,
                        deadline: dt.date) -> CertificationRules:
    """The rules of the certifications `items` name ('@<id>'; exam codes are left aside) and of their
    prerequisites, recursively, in the order first named."""
    order: list[str] = []
    todo = [cid for i in items if (cid := certification_id(i)) is not None]
    while todo:
        cid = todo.pop(0)
        if cid in order or cid not in certifications:
            continue
        order.append(cid)
        todo += certifications.certification(cid).prerequisites
    specs = []
    for cid in order:
        cert = certifications.certification(cid)
        specs.append(CertificationSpec(cid, tuple(cert.exams), tuple(q for q in cert.prerequisites
                                                                     if q in certifications),
                                       earning_window(cert, as_of, deadline) is not None,
                                       cert.retired))
    return CertificationRules(tuple(specs))
