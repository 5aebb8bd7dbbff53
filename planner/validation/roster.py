"""The roster's facts a plan does not change, derived once per scenario: every plan re-checked against the
same scenario (several goals together, each of them alone, the other objective's plan, re-plans) reuses
them, so a plan's re-check reads the people it names, its hires and a few groups, not the whole roster.

The people who count on the deadline are grouped by what they passed (two people with the same passes hold
the same on any day, for any catalog). A group's exams whose passes count on the deadline are read once;
whether it holds a certification on the deadline is read once per certification catalog, certification
and the days its exams (and its prerequisites' exams) count until. A plan's people who take no new exam
are then counted per group, by what the group holds of the plan's exams and certifications.

A Roster serves a scenario while it is the same object (kept here, so its id stays its) with the same
dates and a roster of the same people; a copy of the scenario, a roster changed or replaced, or another
deadline is read afresh. A scenario is a value: the planner copies one to change it (model_copy), it never
edits a person in place. The last KEPT rosters are kept.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from models.catalog import Exam
from models.certification import CertificationCatalog
from models.scenario import Person, Scenario
from planner.validation.holdings import AT, Holdings, exams_passed_on

Passes = tuple[tuple[str | None, str | None, dt.date | None, dt.date | None], ...]
"""What a person passed, as the holdings read it: (exam, certification, date, expires) per pass."""
NOTHING: Passes = ()
"""The passes of someone who passed nothing."""
KEPT = 4
"""Rosters kept: a plan's re-checks, and those of the plans made beside it, read the same scenario."""

Held = Callable[[Passes, Person], frozenset[str]]
"""What a group (its passes, its first person) holds on the deadline, for one plan."""


def counts_on(person: Person, deadline: dt.date) -> bool:
    """Someone who leaves on or before the deadline does not count."""
    return person.leaves_on is None or person.leaves_on > deadline


def passes_of(person: Person) -> Passes:
    """A person's passes as the holdings read them."""
    if not person.passed:
        return NOTHING
    return tuple((p.exam, p.certification, p.date, p.expires) for p in person.passed)


class Group:
    """The people who count on the deadline with the same passes."""

    __slots__ = ("person", "positions")

    def __init__(self, person: Person, position: int) -> None:
        self.person = person
        """The first of them (all hold what they hold)."""
        self.positions = [position]
        """Their places in the roster (by id), in order."""


class Roster:
    """A scenario's staff by id, its people who count on the deadline grouped by their passes, and what the
    groups hold (read as plans ask)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.people = list(scenario.staff)
        """The roster as read (a roster changed since is not this one)."""
        self.as_of, self.deadline = scenario.as_of, scenario.deadline
        self.staff = {p.id: p for p in self.people}
        """The staff by id (read-only)."""
        self._groups: dict[Passes, Group] | None = None
        self._position: dict[str, int] = {}
        self._exams: dict[tuple[Passes, bool], frozenset[str]] = {}
        self._naming: dict[str, list[Passes]] = {}
        self._holders: list[tuple[CertificationCatalog, dict[object, frozenset[Passes]]]] = []

    def is_for(self, scenario: Scenario) -> bool:
        """This roster is the scenario's: the same object, dates and people (`==` on the same list is a
        pass of identity checks)."""
        return (scenario is self.scenario and scenario.as_of == self.as_of
                and scenario.deadline == self.deadline and scenario.staff == self.people)

    @property
    def groups(self) -> dict[Passes, Group]:
        """The people who count on the deadline, grouped by their passes (in the order each is first met)."""
        if self._groups is None:
            assert self.deadline is not None
            groups: dict[Passes, Group] = {}
            for position, person in enumerate(self.staff.values()):
                if not counts_on(person, self.deadline):
                    continue
                key = passes_of(person)
                group = groups.get(key)
                if group is None:
                    groups[key] = Group(person, position)
                else:
                    group.positions.append(position)
            self._groups = groups
            self._position = {pid: i for i, pid in enumerate(self.staff)}
            for key in groups:
                for name in dict.fromkeys(e if e is not None else AT + (c or "") for e, c, _, _ in key):
                    self._naming.setdefault(name, []).append(key)
        return self._groups

    def others(self, taking: Iterable[str], held: Held) -> Counter[frozenset[str]]:
        """The staff who count on the deadline and are not in `taking`, counted once per set of items they
        hold, in the order the roster first names each set."""
        groups = self.groups
        assert self.deadline is not None
        skipped: dict[Passes, set[int]] = {}
        for pid in taking:
            person = self.staff.get(pid)
            if person is not None and counts_on(person, self.deadline):
                skipped.setdefault(passes_of(person), set()).add(self._position[pid])
        first: dict[frozenset[str], int] = {}
        out: Counter[frozenset[str]] = Counter()
        for key, group in groups.items():
            gone = skipped.get(key, set())
            n = len(group.positions) - len(gone)
            if n == 0:
                continue
            at = next(i for i in group.positions if i not in gone)
            items = held(key, group.person)
            out[items] += n
            if first.get(items, at) >= at:
                first[items] = at
        return Counter({items: out[items] for items in sorted(first, key=first.__getitem__)})

    def held(self, exams: Mapping[str, Exam], book: Holdings | None) -> Held:
        """What each group holds on the deadline for a plan of these known exams (and, with a book, the
        certifications its goals' lists name): its exams still counting then, and those certifications."""
        deadline = self.deadline
        assert deadline is not None
        live = frozenset(c for c, e in exams.items() if e.counts_until is None or deadline <= e.counts_until)
        dated = book is not None
        certs: dict[Passes, list[str]] = {}
        for cid in book.wanted if book is not None else []:
            assert book is not None
            for key in self._holders_of(book, cid):
                certs.setdefault(key, []).append(AT + cid)

        def group_held(key: Passes, person: Person) -> frozenset[str]:
            if not key:
                return frozenset()
            passed = self._exams.get((key, dated))
            if passed is None:
                passed = self._exams[key, dated] = exams_passed_on(person.passed, deadline, dated)
            got = passed & live
            return got | frozenset(certs[key]) if key in certs else got

        return group_held

    def _holders_of(self, book: Holdings, cid: str) -> frozenset[Passes]:
        """The groups holding certification `cid` on the deadline without a plan: by a pass naming it, or
        its exams (read once per certification catalog, certification and the days the exams of it and of
        its prerequisites count until)."""
        known = next((h for catalog, h in self._holders if catalog is book.certifications), None)
        if known is None:
            known = {}
            self._holders.insert(0, (book.certifications, known))
            del self._holders[KEPT:]
        codes = sorted(_exams_toward(book, cid))
        key = (cid, tuple((c, book.exams[c].counts_until) if c in book.exams else (c,) for c in codes))
        found = known.get(key)
        if found is None:
            groups, cert = self.groups, book.by_id[cid]
            maybe = dict.fromkeys(k for name in [AT + cid, *cert.exams] for k in self._naming.get(name, []))
            found = known[key] = frozenset(k for k in maybe if book.holds_before(groups[k].person, cid))
        return found


def _exams_toward(book: Holdings, cid: str) -> set[str]:
    """The exams of a certification and of every prerequisite on the way to it."""
    out: set[str] = set()
    todo, seen = [cid], set()
    while todo:
        c = todo.pop()
        if c in seen or c not in book.by_id:
            continue
        seen.add(c)
        out |= set(book.by_id[c].exams)
        todo += book.by_id[c].prerequisites
    return out


_ROSTERS: list[Roster] = []


def roster_of(scenario: Scenario) -> Roster:
    """The scenario's roster, read once while it stays the same (see the module's docstring)."""
    for i, roster in enumerate(_ROSTERS):
        if roster.is_for(scenario):
            _ROSTERS.insert(0, _ROSTERS.pop(i))
            return roster
    roster = Roster(scenario)
    _ROSTERS.insert(0, roster)
    del _ROSTERS[KEPT:]
    return roster
