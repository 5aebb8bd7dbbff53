"""The plan as a path and its odds: the order of the new exams, when each level is met, the chances.

Solver-free: everything here is computed from the scenario and the plan's new exams, so it can describe
any plan (the solver's, an alternative, a plan with spares).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from models.catalog import Catalog, Exam, Level, certification_id, item_code
from models.certification import CertificationCatalog
from models.report import LevelMet, NewExam, PathStep, ScheduledExam
from models.scenario import Organization, Person, Scenario
from planner.core.items import CertificationRules, certification_rules
from planner.rules.certifications import shipped_certifications
from planner.rules.domain import (
    due,
    expected_cost_cents,
    held_on,
    month_days,
    pass_rate,
    person_counts_on,
    role_lists,
    score_met,
    score_points,
)
from planner.rules.holdings import HoldingsReader
from planner.rules.points import gate_step_id
from planner.rules.scoring import slotted

MAX_EXAMS_FOR_EXACT_ODDS = 16  # 2**16 outcomes of first attempts; beyond that the odds are not computed
MAX_EXAMS_FOR_SHORTEST_PATH = 12


@dataclass(frozen=True)
class _Roster:
    """Who counts on the deadline: the people a plan changes one by one, everyone else counted once.

    A roster of 100,000 people is read once here; every "is the level met with these exams?" after that
    costs as much as the few people the plan touches, not the whole roster.
    """

    holdings: dict[str, frozenset[str]]  # touched person id -> exam codes counting on the deadline
    persons: dict[str, Person]  # the touched people
    others: Counter[frozenset[str]]  # the untouched people: how many qualify for each set of roles
    org: Organization  # the scenario's figures, for scored levels
    lists: list[tuple[str, list[tuple[str, frozenset[str]]]]]  # every role's lists (scored metrics too)
    certifications: CertificationRules = CertificationRules()  # when lists name certifications
    hired: frozenset[str] = frozenset()  # the hires among the touched people (on the path: once they join)

    def grow(self, held: frozenset[str]) -> frozenset[str]:
        """A touched person's holdings with the certifications their exams give ('@<id>'; a renewal of a
        certification pass is written by its id, without the '@')."""
        rules = self.certifications
        if not rules:
            return held
        return rules.closure({item_code(h) if rules.spec(item_code(h)) else h for h in held})


_ROSTERS: list[tuple[Scenario, Catalog, tuple[object, ...], _Roster]] = []  # the last few, newest first


def _roster(scenario: Scenario, catalog: Catalog, hires: dict[str, Person],
            touched: Iterable[str], certifications: CertificationCatalog | None = None) -> _Roster:
    """The roster for one plan, read once: the path and the odds of the same plan share it
    (`certifications`: the scenario's certification catalog; None: the shipped one)."""
    touched = frozenset(touched)
    key = (tuple(sorted(hires)), tuple(id(p) for p in hires.values()), touched, id(certifications))
    for known_scenario, known_catalog, known_key, roster in _ROSTERS:
        if known_scenario is scenario and known_catalog is catalog and known_key == key:
            return roster
    roster = _read_roster(scenario, catalog, hires, touched, certifications)
    _ROSTERS.insert(0, (scenario, catalog, key, roster))
    del _ROSTERS[4:]
    return roster


def _read_roster(scenario: Scenario, catalog: Catalog, hires: dict[str, Person],
                 touched: Iterable[str], certifications: CertificationCatalog | None = None) -> _Roster:
    """_read_roster_directly, from the roster's people grouped once by their passes (_Staff): each
    catalog's reading of a group, and how many people of the roster qualify for each set of roles, are
    worked out once per scenario; a plan then costs only the people it touches."""
    deadline = due(scenario)
    staff = _staff(scenario.staff, deadline)
    if staff is None:
        return _read_roster_directly(scenario, catalog, hires, touched, certifications)
    catalog = slotted(catalog, scenario.organization)
    exams = {e.code: e for e in catalog.exams}
    rules, held_on, key = _certifications_read(scenario, catalog, deadline, certifications)
    lists = _role_lists(catalog)
    reading = staff.reading((_exam_dates(exams), key), lambda p: held_on(p, exams, deadline))
    roles_of = reading.roles(staff, catalog, lists)
    others = Counter(reading.qualified(staff, catalog, lists))
    touched = set(touched) | set(hires)
    holdings: dict[str, frozenset[str]] = {}
    persons: dict[str, Person] = {}
    for n in sorted(staff.place[pid] for pid in touched if pid in staff.place):
        p = scenario.staff[n]
        others[roles_of(_passes(p))] -= 1
        if p.id not in hires:
            holdings[p.id], persons[p.id] = held_on(p, exams, deadline), p
    for pid, p in hires.items():
        holdings[pid], persons[pid] = held_on(p, exams, deadline), p
    return _Roster(holdings, persons, +others, scenario.organization, lists, rules, frozenset(hires))


_Passes = tuple[tuple[str, dt.date | None, dt.date | None], ...]
"""A person's passes as a roster reading tells them apart: (item, date, expires) of each, in order."""


def _passes(person: Person) -> _Passes:
    return tuple([(r.item, r.date, r.expires) for r in person.passed]) if person.passed else ()


@dataclass
class _Reading:
    """One way of reading the roster (a catalog's exams and certifications): what each group holds on the
    deadline, and the roles each group qualifies for under each catalog's lists."""

    holds: Callable[[Person], frozenset[str]]
    held: dict[_Passes, frozenset[str]] = field(default_factory=dict)
    counts: dict[object, Counter[frozenset[str]]] = field(default_factory=dict)  # lists -> qualified

    def of(self, staff: _Staff, passes: _Passes) -> frozenset[str]:
        """What the people with these passes hold on the deadline (nothing, without passes)."""
        held = self.held.get(passes)
        if held is None:
            held = self.held[passes] = self.holds(staff.first[passes]) if passes else frozenset()
        return held

    def roles(self, staff: _Staff, catalog: Catalog, lists: _Lists) -> Callable[[_Passes], frozenset[str]]:
        """The roles of the catalog's lists the people with some passes qualify for."""
        by_held: dict[frozenset[str], frozenset[str]] = {}

        def roles_of(passes: _Passes) -> frozenset[str]:
            held = self.of(staff, passes)
            if held not in by_held:
                by_held[held] = _qualifies_for(catalog, held, lists)
            return by_held[held]

        return roles_of

    def qualified(self, staff: _Staff, catalog: Catalog, lists: _Lists) -> Counter[frozenset[str]]:
        """How many of the roster's people who count on the deadline qualify for each set of roles."""
        key = _lists_key(lists)
        if key not in self.counts:
            roles_of = self.roles(staff, catalog, lists)
            counts: Counter[frozenset[str]] = Counter()
            for passes, n in staff.groups.items():
                counts[roles_of(passes)] += n
            self.counts[key] = counts
        return self.counts[key]


@dataclass
class _Staff:
    """A roster's people who count on the deadline, grouped by their passes (the same passes hold the same
    items, so qualify for the same roles under any catalog): read once per roster and deadline."""

    groups: dict[_Passes, int]  # passes -> how many people who count have them (no passes: ())
    first: dict[_Passes, Person]  # the first person with each passes: what they hold, the group holds
    place: dict[str, int]  # id -> place on the roster (no tuple per person: 100,000 would wake the collector)
    readings: dict[object, _Reading] = field(default_factory=dict)

    def reading(self, key: object, holds: Callable[[Person], frozenset[str]]) -> _Reading:
        """The reading of the roster known by `key` (`holds`: what a person holds on the deadline)."""
        if key not in self.readings:
            self.readings[key] = _Reading(holds)
        return self.readings[key]


_STAFF: list[tuple[list[Person], int, dt.date, _Staff | None]] = []  # the last roster grouped


def _staff(people: list[Person], deadline: dt.date) -> _Staff | None:
    """The roster's people who count on the deadline, grouped by their passes, read once for the last
    roster (and its length) and deadline asked (None: two people share an id; the roster is read directly)."""
    if _STAFF and _STAFF[0][0] is people and _STAFF[0][1:3] == (len(people), deadline):
        return _STAFF[0][3]
    groups: dict[_Passes, int] = {}
    first: dict[_Passes, Person] = {}
    place: dict[str, int] = {}
    for n, p in enumerate(people):
        if not person_counts_on(p, deadline):
            continue
        passes = _passes(p)
        if passes in groups:
            groups[passes] += 1
        else:
            groups[passes], first[passes] = 1, p
        place[p.id] = n
    staff = _Staff(groups, first, place) if len(place) == sum(groups.values()) else None
    _STAFF[:] = [(people, len(people), deadline, staff)]
    return staff


def _read_roster_directly(scenario: Scenario, catalog: Catalog, hires: dict[str, Person],
                          touched: Iterable[str], certifications: CertificationCatalog | None = None
                          ) -> _Roster:
    """The roster for one plan, read person by person (a roster where two people share an id)."""
    catalog = slotted(catalog, scenario.organization)
    exams = {e.code: e for e in catalog.exams}
    deadline = due(scenario)
    rules, held_on = _certifications(scenario, catalog, deadline, certifications)
    touched = set(touched) | set(hires)
    holdings: dict[str, frozenset[str]] = {}
    persons: dict[str, Person] = {}
    others: Counter[frozenset[str]] = Counter()
    by_passes: dict[tuple[object, ...], frozenset[str]] = {}  # the same passes qualify for the same roles
    by_held: dict[frozenset[str], frozenset[str]] = {}
    lists = _role_lists(catalog)
    without_passes = 0  # untouched people who count and have passed nothing: counted at the end
    for p in scenario.staff:
        if p.id in hires or not person_counts_on(p, deadline):
            continue
        if p.id in touched:
            holdings[p.id], persons[p.id] = held_on(p, exams, deadline), p
            continue
        if not p.passed:
            without_passes += 1
            continue
        passes = tuple([(r.item, r.date, r.expires) for r in p.passed])
        roles = by_passes.get(passes)
        if roles is None:
            held = held_on(p, exams, deadline)
            if held not in by_held:
                by_held[held] = _qualifies_for(catalog, held, lists)
            roles = by_passes[passes] = by_held[held]
        others[roles] += 1
    if without_passes:
        others[_qualifies_for(catalog, frozenset(), lists)] += without_passes
    for pid, p in hires.items():
        holdings[pid], persons[pid] = held_on(p, exams, deadline), p
    return _Roster(holdings, persons, others, scenario.organization, lists, rules, frozenset(hires))


Holds = Callable[[Person, dict[str, Exam], dt.date], frozenset[str]]
"""What a person holds on a day, as a catalog's lists read it."""


class _Same:
    """An object as part of a dictionary key: the same object, not an equal one (kept alive by the key)."""

    def __init__(self, thing: object) -> None:
        self.thing = thing

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.thing is self.thing

    def __hash__(self) -> int:
        return id(self.thing)


def _exam_dates(exams: dict[str, Exam]) -> frozenset[tuple[str, dt.date | None]]:
    """All that reading a pass asks of the exams known: their codes and until when a pass counts."""
    return frozenset((code, e.counts_until) for code, e in exams.items())


def _certifications_read(scenario: Scenario, catalog: Catalog, deadline: dt.date,
                         certifications: CertificationCatalog | None = None
                         ) -> tuple[CertificationRules, Holds, object]:
    """_certifications, and a key that tells its `holds` apart from another's beside the catalog's exams
    (a `holds` with the same key reads every person the same)."""
    rules, holds = _certifications(scenario, catalog, deadline, certifications)
    if not any(certification_id(i) is not None for lst in catalog.lists for i in lst.items):
        return rules, holds, None
    certifications = certifications or shipped_certifications()
    known = {e.code: e for e in certifications.exams} | {e.code: e for e in catalog.exams}
    return rules, holds, (_Same(certifications), _exam_dates(known), tuple(s.item for s in rules.specs))


def _certifications(scenario: Scenario, catalog: Catalog, deadline: dt.date,
                    certifications: CertificationCatalog | None = None) -> tuple[CertificationRules, Holds]:
    """The rules of the certifications the catalog's lists name, and what a person holds on a day: their
    exams (rules.domain.held_on) and, when the lists name certifications, the exams of those and the
    certifications held (planner.rules.holdings), as the scenario's certification catalog (None: the
    shipped one) defines them."""
    wanted = [i for lst in catalog.lists for i in lst.items if certification_id(i) is not None]
    if not wanted:
        return CertificationRules(), held_on
    certifications = certifications or shipped_certifications()
    rules = certification_rules(wanted, certifications, scenario.as_of, deadline)
    known = {e.code: e for e in certifications.exams} | {e.code: e for e in catalog.exams}
    reader = HoldingsReader(known, certifications, [s.item for s in rules.specs])

    def holds(person: Person, exams: dict[str, Exam], day: dt.date) -> frozenset[str]:
        return held_on(person, exams, day) | reader.on(person, day)

    return rules, holds


_Lists = list[tuple[str, list[tuple[str, frozenset[str]]]]]
"""Every role's lists: (role id, [(list id, its items)])."""


def _lists_key(lists: _Lists) -> object:
    """The lists as a dictionary key."""
    return tuple((rid, tuple(lsts)) for rid, lsts in lists)


def _role_lists(catalog: Catalog) -> list[tuple[str, list[tuple[str, frozenset[str]]]]]:
    return [(r.id, role_lists(catalog, r)) for r in catalog.roles]


def _qualifies_for(catalog: Catalog, held: frozenset[str],
                   lists: list[tuple[str, list[tuple[str, frozenset[str]]]]] | None = None) -> frozenset[str]:
    """The roles (of the whole catalog) whose every list has an exam in `held`."""
    lists = _role_lists(catalog) if lists is None else lists
    return frozenset(rid for rid, lsts in lists if all(held & codes for _, codes in lsts))


def _quals(catalog: Catalog, roster: _Roster, holdings: dict[str, frozenset[str]]) -> Counter[frozenset[str]]:
    """How many people qualify for each set of roles: the roster's untouched people plus these holdings."""
    quals = Counter(roster.others)
    quals.update(_qualifies_for(catalog, roster.grow(h), roster.lists) for h in holdings.values())
    return quals


def _metric_counts(level: Level, quals: Counter[frozenset[str]]) -> dict[str, int]:
    """People counting toward each exam metric and meeting each of its gate steps (rules.points.Counts)."""
    assert level.score is not None
    keys = [key for m in level.score.exam_metrics
            for key in [m.id, *(gate_step_id(m, k) for k in range(1, len(m.gate) + 1))]]
    return {key: sum(n for q, n in quals.items() if key in q) for key in keys}


def _met(catalog: Catalog, level: Level, roster: _Roster, holdings: dict[str, frozenset[str]]) -> bool:
    """level_met for the roster's untouched people plus these holdings of the touched ones."""
    quals = _quals(catalog, roster, holdings)
    if level.score is not None:
        return score_met(level, score_points(level, _metric_counts(level, quals), roster.org, catalog.id))
    return _hall(level, [r.id for r in catalog.roles if level.slots.get(r.id, 0) > 0], quals)


def metric_counts(scenario: Scenario, catalog: Catalog, level: Level, new_exams: list[NewExam],
                  hires: dict[str, Person], certifications: CertificationCatalog | None = None
                  ) -> dict[str, int]:
    """People counting toward each exam metric of a scored level on the deadline once these new exams
    (and renewals) are passed (not capped by the thresholds), from the roster the path and the odds of
    the same plan read once (`certifications`: the scenario's certification catalog; None: the shipped
    one)."""
    roster = _roster(scenario, catalog, hires, (e.person for e in new_exams), certifications)
    holdings = _with(roster, [(e.person, e.exam) for e in new_exams])
    return _metric_counts(level, _quals(catalog, roster, holdings))


def _hall(level: Level, roles: list[str], quals: Counter[frozenset[str]]) -> bool:
    """Every set of roles has at least as many people qualifying for one of them as it has slots (each
    role on its own where one person may fill a slot of each: `same-or-different`)."""
    for size in range(1, len(roles) + 1) if level.people == "different" else [1]:
        for group in itertools.combinations(roles, size):
            if sum(n for q, n in quals.items() if q.intersection(group)) < sum(level.slots[r] for r in group):
                return False
    return True


def plan_path(scenario: Scenario, catalog: Catalog, level: Level, new_exams: list[NewExam],
              schedule: list[ScheduledExam], hires: dict[str, Person],
              order: dict[str, int], *, dated: bool = False,
              certifications: CertificationCatalog | None = None,
              spares: frozenset[str] = frozenset()) -> tuple[list[PathStep], list[LevelMet]]:
    """The hires joining, then the new exams in order (by month with a calendar; else lower levels' exams
    first, fewest first, the `spares`' exams last) and, for this level and every level below it, the step
    after which it is first met (`dated`: the plan has a calendar, so each level gets its day even when
    the calendar is empty). A spare's exam never meets a level: the slot holders' steps do."""
    roster = _roster(scenario, catalog, hires, (e.person for e in new_exams), certifications)
    levels = _up_to(catalog, level)
    steps = _joins(hires) + _in_month_order(new_exams, schedule, spares)
    if not schedule:
        holders, spared = _split_spares(steps, spares)
        steps = _lower_levels_first(catalog, levels, roster, holders, order) + spared
    return _walk(scenario, [(lv.id, catalog, lv, roster) for lv in levels], steps, schedule, (dated, spares))


_Step = tuple[str, str | None]
"""A step of the path: (person, exam taken), or (hire id, None) for a hire joining."""


def _joins(hires: dict[str, Person]) -> list[_Step]:
    """Each hire joining, as a step before the new exams (a hire's own exams follow it)."""
    return [(pid, None) for pid in hires]


def _split_spares(steps: list[_Step], spares: frozenset[str]) -> tuple[list[_Step], list[_Step]]:
    """The steps of everyone but the spares, and the spares' exams (in their order): they go last."""
    return [s for s in steps if s[0] not in spares], [s for s in steps if s[0] in spares]


def _counted(steps: Sequence[_Step], spares: frozenset[str]) -> list[_Step]:
    """The steps that count toward meeting a level along the path: every one but a spare's exams."""
    return [s for s in steps if s[0] not in spares]


_Rung = tuple[str, Catalog, Level, _Roster]
"""A level the path reports on: its label, its catalog, the level, and the roster it is read against."""


def _up_to(catalog: Catalog, level: Level) -> list[Level]:
    """The catalog's levels from the lowest up to and including `level`."""
    return catalog.levels[: [lv.id for lv in catalog.levels].index(level.id) + 1]


def _months(schedule: list[ScheduledExam]) -> dict[tuple[str, str], str]:
    """The month of each scheduled (person, exam)."""
    return {(s.person, s.exam): s.month for s in schedule}


def _in_month_order(new_exams: list[NewExam], schedule: list[ScheduledExam],
                    spares: frozenset[str] = frozenset()) -> list[_Step]:
    """The new exams as (person, exam) steps: by month with a calendar (the spares' last in their month),
    else as the plan lists them."""
    month_of = _months(schedule)
    steps: list[_Step] = [(e.person, e.exam) for e in new_exams]
    return (sorted(steps, key=lambda pe: (month_of[pe[0], pe[1] or ""], pe[0] in spares)) if schedule
            else steps)


def _by_order(steps: list[_Step], order: dict[str, int]) -> list[_Step]:
    """The steps by the exams' preferred order (hires joining first, exams it does not rank last)."""
    return sorted(steps, key=lambda pe: -1 if pe[1] is None else order.get(pe[1], 1 << 20))


def _walk(scenario: Scenario, rungs: list[_Rung], steps: list[_Step], schedule: list[ScheduledExam],
          dated_and_spares: tuple[bool, frozenset[str]]) -> tuple[list[PathStep], list[LevelMet]]:
    """Take the steps in turn and note the step after which each rung is first met (0: before any step;
    with a calendar only once the step's whole month is done; never by a spare's exam).

    A step only adds to what people hold (an exam, a renewal, a hire joining), and holding more never
    unmeets a level, so each rung's first month end with it met is found by halving the month ends, not by
    trying each: six designations after 33 steps, 6 x 6 level checks instead of 175."""
    dated, spares = dated_and_spares
    month_of = _months(schedule)
    met_after = {label: 0 for label, c, lv, r in rungs if _met(c, lv, r, _on_the_path(r, []))}
    path = [PathStep(step=n, person=person, exam=exam, month=month_of.get((person, exam or "")))
            for n, (person, exam) in enumerate(steps, start=1)]
    month_ends = [n for n in range(1, len(steps) + 1) if _month_done(steps, n, month_of)]
    for rung in rungs:
        label = rung[0]
        if label in met_after:
            continue
        end = _first_met(month_ends, _met_after_steps(rung, steps, spares))
        if end is not None:
            meeting = _meeting_step(path[:end], spares)
            met_after[label] = meeting
            path[meeting - 1].meets.append(label)
    return path, _levels_met(scenario, rungs, met_after, path, dated=bool(schedule) or dated)


def _met_after_steps(rung: _Rung, steps: list[_Step], spares: frozenset[str]) -> Callable[[int], bool]:
    """Whether the rung is met once the first n steps are done (a spare's exams not counting)."""
    _, catalog, level, roster = rung
    return lambda n: _met(catalog, level, roster, _on_the_path(roster, _counted(steps[:n], spares)))


def _first_met(month_ends: list[int], met: Callable[[int], bool]) -> int | None:
    """The first of the month ends (steps done) after which `met` holds, `met` holding from there on; None
    when it holds after none."""
    low, high = 0, len(month_ends)  # met after month_ends[high:], not after month_ends[:low]
    while low < high:
        middle = (low + high) // 2
        if met(month_ends[middle]):
            high = middle
        else:
            low = middle + 1
    return month_ends[low] if low < len(month_ends) else None


def _meeting_step(path: list[PathStep], spares: frozenset[str]) -> int:
    """The step a level met at the end of the last step's month is shown after: the month's last step that
    is not a spare's exam (a spare never meets a level), else the last step."""
    last = path[-1]
    for step in reversed(path):
        if step.month != last.month:
            break
        if step.person not in spares:
            return step.step
    return last.step


def _month_done(steps: list[_Step], n: int, month_of: dict[tuple[str, str], str]) -> bool:
    """Whether step n (from 1) ends its month: the last step, or the next falls in another month (every
    step ends one without a calendar; a hire joining has no month)."""
    def month(step: _Step) -> str | None:
        return month_of.get((step[0], step[1] or ""))

    return not month_of or n == len(steps) or month(steps[n]) != month(steps[n - 1])


def _levels_met(scenario: Scenario, rungs: list[_Rung], met_after: dict[str, int], path: list[PathStep], *,
                dated: bool) -> list[LevelMet]:
    """Each rung met, in rung order: after which step and (`dated`) by which day."""
    return [LevelMet(level=label, after_step=met_after[label],
                     by=_met_by(scenario, path, met_after[label]) if dated else None)
            for label, _, _, _ in rungs if label in met_after]


def _met_by(scenario: Scenario, path: list[PathStep], step: int) -> dt.date:
    """The day a level met after `step` is met: as_of before any step, else the end of the step's month
    (the deadline at the latest)."""
    month = None if step == 0 else path[step - 1].month
    return scenario.as_of if month is None else min(due(scenario), month_days(month)[1])


def _lower_levels_first(catalog: Catalog, levels: list[Level], roster: _Roster, steps: list[_Step],
                        order: dict[str, int]) -> list[_Step]:
    """Order the steps so each level, lowest first, is met after as few of them as possible (then spares)."""
    steps = _by_order(steps, order)
    done: list[_Step] = []
    rest = list(steps)
    for lv in levels:
        if len(rest) > MAX_EXAMS_FOR_SHORTEST_PATH:
            break
        for size in range(0, len(rest) + 1):
            found = None
            for subset in itertools.combinations(rest, size):
                if _met(catalog, lv, roster, _on_the_path(roster, [*done, *subset])):
                    found = list(subset)
                    break
            if found is not None:
                done += found
                rest = [s for s in rest if s not in found]
                break
    return done + rest


def _rate(scenario: Scenario, person: Person, e: NewExam) -> float:
    """The chance of passing at the first attempt: 1 for a renewal (its assessment can be retaken at will
    until the certification expires, at no cost)."""
    return 1.0 if e.renewal else pass_rate(scenario, person, e.exam)


def probability_all_pass(scenario: Scenario, people: dict[str, Person], new_exams: list[NewExam]) -> float:
    """The chance that every new exam is passed at the first attempt."""
    return math.prod(_rate(scenario, people[e.person], e) for e in new_exams)


def expected_cost_usd(scenario: Scenario, people: dict[str, Person], new_exams: list[NewExam],
                      hires_usd: float) -> float:
    """Expected cost with retakes of failed attempts (fee again, preparation once), plus the hires.

    Money is counted in whole cents, as the re-check counts it: each new exam's expected cost is rounded
    to the cent on its own (a renewal's is its cost: its pass rate is 1), then the cents are added up."""
    cents = sum(round(e.cost_usd * 100) if e.renewal
                else round(expected_cost_cents(scenario, people[e.person], e.exam)) for e in new_exams)
    return (cents + round(hires_usd * 100)) / 100


def _outcomes(rates: list[float]) -> Iterable[tuple[bool, ...]]:
    """Every way the first attempts can go (True: passed); an exam passed for certain is never failed, so
    only the uncertain ones multiply the outcomes (a renewal, a pass rate of 1)."""
    return itertools.product(*[(True,) if r >= 1.0 else (True, False) for r in rates])


def probability_level_met(scenario: Scenario, catalog: Catalog, level: Level, new_exams: list[NewExam],
                          hires: dict[str, Person], certifications: CertificationCatalog | None = None
                          ) -> float | None:
    """The chance that the level is met when each new exam gets one attempt (None: too many to enumerate)."""
    if len(new_exams) > MAX_EXAMS_FOR_EXACT_ODDS:
        return None
    roster = _roster(scenario, catalog, hires, (e.person for e in new_exams), certifications)
    rates = [_rate(scenario, roster.persons[e.person], e) for e in new_exams]
    total = 0.0
    for outcome in _outcomes(rates):
        chance = math.prod(r if ok else 1 - r for r, ok in zip(rates, outcome, strict=True))
        if chance == 0.0:
            continue
        holdings = dict(roster.holdings)
        for e, ok in zip(new_exams, outcome, strict=True):
            if ok:
                holdings[e.person] = holdings.get(e.person, frozenset()) | {e.exam}
        if _met(catalog, level, roster, holdings):
            total += chance
    return total


GoalSpec = tuple[str, Catalog, Level]
"""A goal of a plan for the path and the odds: (label 'competency:level', its option's catalog, level)."""


def goals_path(scenario: Scenario, goals: Sequence[GoalSpec], new_exams: list[NewExam],
               schedule: list[ScheduledExam], hires: dict[str, Person], order: dict[str, int], *,
               dated: bool = False, labelled: bool = False,
               certifications: CertificationCatalog | None = None,
               spares: frozenset[str] = frozenset()) -> tuple[list[PathStep], list[LevelMet]]:
    """plan_path for one goal or several: with several (`labelled`) each goal's levels are named
    'competency:level', the steps meet each goal in turn after as few exams as possible, and a goal is
    met after the step that completes its exam rules."""
    if not labelled:
        _, catalog, level = goals[0]
        return plan_path(scenario, catalog, level, new_exams, schedule, hires, order, dated=dated,
                         certifications=certifications, spares=spares)
    touched = [e.person for e in new_exams]
    rosters = [_roster(scenario, catalog, hires, touched, certifications) for _, catalog, _ in goals]
    steps = _joins(hires) + _in_month_order(new_exams, schedule, spares)
    if not schedule:
        holders, spared = _split_spares(steps, spares)
        steps = _each_goal_first(goals, rosters, _by_order(holders, order)) + spared
    return _walk(scenario, _goal_rungs(goals, rosters), steps, schedule, (dated, spares))


def _goal_rungs(goals: Sequence[GoalSpec], rosters: list[_Roster]) -> list[_Rung]:
    """Every goal's levels up to its own, labelled 'competency:level', each label once (where it first
    appears, read against the last goal's roster that names it)."""
    rungs = [(f"{catalog.id}:{lv.id}", catalog, lv, roster)
             for (_, catalog, level), roster in zip(goals, rosters, strict=True)
             for lv in _up_to(catalog, level)]
    return list({label: (label, c, lv, r) for label, c, lv, r in rungs}.values())


def _with(roster: _Roster, done: Sequence[tuple[str, str]]) -> dict[str, frozenset[str]]:
    holdings = dict(roster.holdings)
    for person, exam in done:
        holdings[person] = holdings.get(person, frozenset()) | {exam}
    return holdings


def _on_the_path(roster: _Roster, done: Sequence[_Step]) -> dict[str, frozenset[str]]:
    """The touched people's holdings once these steps are done: a hire counts once joined (with the passes
    hired), and a hire's exams only after that."""
    joined = {person for person, exam in done if exam is None}
    holdings = {p: h for p, h in roster.holdings.items() if p not in roster.hired or p in joined}
    for person, exam in done:
        if exam is not None and (person not in roster.hired or person in joined):
            holdings[person] = holdings.get(person, frozenset()) | {exam}
    return holdings


def _each_goal_first(goals: Sequence[GoalSpec], rosters: list[_Roster], steps: list[_Step]) -> list[_Step]:
    """Order the steps so each goal in turn is met after as few more of them as possible."""
    done: list[_Step] = []
    rest = list(steps)
    for (_, catalog, level), roster in zip(goals, rosters, strict=True):
        if len(rest) > MAX_EXAMS_FOR_SHORTEST_PATH:
            break
        for size in range(0, len(rest) + 1):
            found = next((list(subset) for subset in itertools.combinations(rest, size)
                          if _met(catalog, level, roster, _on_the_path(roster, [*done, *subset]))), None)
            if found is not None:
                done += found
                rest = [s for s in rest if s not in found]
                break
    return done + rest


def probability_goals_met(scenario: Scenario, goals: Sequence[tuple[str, Catalog, object]],
                          new_exams: list[NewExam], hires: dict[str, Person],
                          certifications: CertificationCatalog | None = None) -> float | None:
    """The chance that every goal is met when each new exam gets one attempt (None: too many to enumerate)."""
    if len(new_exams) > MAX_EXAMS_FOR_EXACT_ODDS:
        return None
    if len(goals) == 1:
        _, catalog, level = goals[0]
        return probability_level_met(scenario, catalog, level, new_exams, hires,  # type: ignore[arg-type]
                                     certifications)
    touched = [e.person for e in new_exams]
    rosters = [_roster(scenario, catalog, hires, touched, certifications) for _, catalog, _ in goals]
    people = {p.id: p for p in scenario.staff} | hires
    rates = [_rate(scenario, people[e.person], e) for e in new_exams]
    total = 0.0
    for outcome in _outcomes(rates):
        chance = math.prod(r if ok else 1 - r for r, ok in zip(rates, outcome, strict=True))
        if chance == 0.0:
            continue
        passed = [(e.person, e.exam) for e, ok in zip(new_exams, outcome, strict=True) if ok]
        if all(_met(catalog, level, roster, _with(roster, passed))  # type: ignore[arg-type]
               for (_, catalog, level), roster in zip(goals, rosters, strict=True)):
            total += chance
    return total
