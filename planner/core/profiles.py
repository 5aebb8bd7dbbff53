"""The roster as profiles: people grouped by everything a plan depends on, the rules applied once each.

People who count on the deadline are grouped by everything the plan depends on (the relevant exams they
hold, `can_take`, `max_new_exams`, hourly rate). The rules are applied once per profile, not once per
person: which new exams (and renewals) are open to whom, in which months, at what cost and risk. The
first of the two reductions that keep the model small (planner/core/problem.py; the second, pruning, is
planner/core/pruning.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
from dataclasses import dataclass, field
from typing import cast

from models.catalog import Exam, certification_id
from models.certification import CertificationCatalog
from models.scenario import Person, Scenario
from planner.core.deadline import check_build_time
from planner.core.items import CertificationRules
from planner.rules.domain import (
    due,
    exam_cost_cents,
    exams_per_month,
    held_on,
    months_exam_can_be_taken,
    new_exam_is_open,
    pass_rate,
    person_counts_on,
    person_may_take,
    renewable_on,
    renewal_as_exam,
    renewal_cost_cents,
)
from planner.rules.holdings import items_held_on, renewable_certifications

RISK_SCALE = 1_000_000  # -ln(pass rate) in millionths: integer weights for --objective risk


@dataclass(frozen=True)
class NewExamOption:
    """A new exam open to a person, with what it would cost them (cents)."""

    exam: str
    cost_cents: int
    months: tuple[int, ...] = ()  # with a calendar: the months (indices into Problem.months) it can be taken
    pass_rate: float = 1.0
    risk: int = 0  # round(-ln(pass_rate) * RISK_SCALE)
    renewal: bool = False  # renewing a certification the person holds today that expires before the deadline
    # a renewal: the days it can be taken so that the certification counts on the deadline
    window: tuple[dt.date, dt.date] | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        """The option's name among a person's options: the exam, or 'EXAM~renewal' for its renewal (a
        person may be offered both ways to hold an expiring certification)."""
        return f"{self.exam}~renewal" if self.renewal else self.exam


@dataclass(frozen=True)
class Profile:
    """People alike in everything a plan depends on: what they hold and may take, their limits and rate,
    and for possible hires their position in `hiring` and cost; `members` are their roster positions."""

    held: frozenset[str]
    options: tuple[NewExamOption, ...]
    max_new: int | None
    members: list[int]
    hire_profile: int | None = None
    hire_cost_cents: int = 0
    per_month: int = 1
    rate: float = 0.0  # hourly rate (US$): within profiles alike but for it, every exam costs more with more


Renewals = tuple[tuple[str, tuple[dt.date, dt.date]], ...]


def _renewal_dominates(renewal: NewExamOption, again: NewExamOption) -> bool:
    """Renewing is no dearer, no riskier and open in every month earning the exam again is: then earning it
    again is never needed (else both are offered, and the plan takes at most one of them)."""
    return (renewal.cost_cents <= again.cost_cents and renewal.risk <= again.risk
            and set(renewal.months) >= set(again.months))


@functools.lru_cache(maxsize=1 << 12)  # profiles alike but for their exams or limits share their options
def _new_exam(exam: str, cost_cents: int, months: tuple[int, ...], rate: float) -> NewExamOption:
    """A new exam's option, one object for equal options (they are immutable)."""
    return NewExamOption(exam, cost_cents, months, rate, round(-math.log(rate) * RISK_SCALE))


class _ProfileBuilder:
    """Applies the rules once per profile: which exams (and renewals) are open to whom, in which months."""

    def __init__(self, scenario: Scenario, exams: dict[str, Exam], exam_order: dict[str, int],
                 deadline: dt.date, months: list[str], scheduled: bool,
                 certifications: Certifications | None = None) -> None:
        self.scenario, self.exams, self.exam_order = scenario, exams, exam_order
        self.deadline, self.months, self.scheduled = deadline, months, scheduled
        self.certifications = certifications
        self.relevant = frozenset(exam_order)
        unplannable = certifications.unplannable if certifications is not None else frozenset()
        self.open_codes = [c for c in exam_order if certification_id(c) is None and c not in unplannable
                           and new_exam_is_open(exams[c], scenario.as_of, deadline)]
        self.month_index = {m: i for i, m in enumerate(months)}
        self.open_months = {c: self._months(exams[c]) for c in self.open_codes} if scheduled else {}
        self.profiles: dict[tuple[object, ...], Profile] = {}
        # (hourly rate, pass factor, months away) -> exam -> its option: what earning an exam costs, when and
        # at what risk, is the same for every profile alike in these (held and `can_take` only filter it)
        self.earnings: dict[tuple[object, ...], dict[str, NewExamOption | None]] = {}
        # the same exams passed with the same expiry dates hold the same exams and can renew the same
        # certifications (the day of a pass does not matter: held_on and renewable_on read its expiry)
        self._by_passes: dict[tuple[object, ...], tuple[frozenset[str], Renewals]] = {}

    def _months(self, exam: Exam) -> tuple[int, ...]:
        return tuple(self.month_index[m] for m in months_exam_can_be_taken(
            exam, self.scenario.as_of, self.deadline, self.months, self.scenario.policy.days_to_book))

    def held(self, person: Person) -> tuple[frozenset[str], Renewals]:
        """The relevant exams a person holds on the deadline, and the certifications they can renew."""
        passes = tuple([(p.item, p.date, p.expires) for p in person.passed]) if person.passed else ()
        known = self._by_passes.get(passes)
        if known is None:
            renew = renewable_on(person, self.exams, self.scenario.as_of, self.deadline)
            held = held_on(person, self.exams, self.deadline)
            if self.certifications is not None:
                held, renew = self._with_certifications(person, held, renew)
            known = self._by_passes[passes] = (held & self.relevant,
                                               tuple(sorted((c, w) for c, w in renew.items()
                                                            if c in self.relevant)))
        return known

    def _with_certifications(self, person: Person, held: frozenset[str],
                             renew: dict[str, tuple[dt.date, dt.date]]
                             ) -> tuple[frozenset[str], dict[str, tuple[dt.date, dt.date]]]:
        """The certifications ('@<id>') a person holds on the deadline beside their exams, and the
        certification passes they can renew (planner.rules.holdings)."""
        assert self.certifications is not None
        catalog, known = self.certifications.catalog, self.certifications.exams
        wanted = [s.item for s in self.certifications.rules.specs]
        items = items_held_on(person, self.deadline, known, catalog, wanted)
        renewals = renewable_certifications(person, known, catalog, self.scenario.as_of, self.deadline)
        return held | items, {**renew, **renewals}

    def _renewal(self, person: Person, code: str, window: tuple[dt.date, dt.date], away: set[int]
                 ) -> NewExamOption | None:
        if not self.scheduled:
            return NewExamOption(code, renewal_cost_cents(self.scenario, person), (), renewal=True,
                                 window=window)
        exam = self.exams.get(code) or Exam(code=code, title=code)  # a certification pass: no exam rules
        when = tuple(m for m in self._months(renewal_as_exam(exam, window)) if m not in away)
        if not when:
            return None
        return NewExamOption(code, renewal_cost_cents(self.scenario, person), when, renewal=True,
                             window=window)

    def _options(self, person: Person, held: frozenset[str], renew: Renewals) -> tuple[NewExamOption, ...]:
        """The person's options: renewals where open, then each open exam they may earn, unless a renewal of
        it is the better way to hold it."""
        away = {self.month_index[m] for m in person.unavailable if m in self.month_index}
        renewals = {c: self._renewal(person, c, window, away) for c, window in renew}
        # a renewal, where one is open, instead of earning the exam again
        order = self.exam_order
        options = [o for c in sorted(renewals, key=order.__getitem__) if (o := renewals[c]) is not None]
        earnings = self._earnings_of(person, away)
        allowed = person.can_take
        for c in self.open_codes:
            if c in held or not (allowed is None or c in allowed):  # person_may_take
                continue
            again = earnings[c] if c in earnings else earnings.setdefault(
                c, self._earning(person, c, held, away))
            if again is None:
                continue
            renewing = renewals.get(c)
            if renewing is None or not _renewal_dominates(renewing, again):
                options.append(again)
        return tuple(options)

    def _earnings_of(self, person: Person, away: set[int]) -> dict[str, NewExamOption | None]:
        """The options of earning each exam (_earning) made so far for people alike in what they depend on."""
        key = (person.hourly_rate_usd, person.pass_factor, frozenset(away))
        earnings = self.earnings.get(key)
        if earnings is None:
            earnings = self.earnings[key] = {}
        return earnings

    def _earning(self, person: Person, c: str, held: frozenset[str], away: set[int]) -> NewExamOption | None:
        """Earning exam c as a new exam, with its cost, months and risk (None: held, not allowed, or no month
        the person is there)."""
        if c in held or not person_may_take(person, c):
            return None
        when = tuple(m for m in self.open_months[c] if m not in away) if self.scheduled else ()
        if self.scheduled and not when:
            return None  # every month it can be taken in, the person is away
        scenario = self.scenario
        return _new_exam(c, exam_cost_cents(scenario, person, c), when, pass_rate(scenario, person, c))

    def profile_for(self, person: Person, held: frozenset[str], hire: int | None, hire_cost: int,
                    renew: Renewals = ()) -> Profile:
        allowed = None if person.can_take is None else frozenset(person.can_take)
        # what a profile's people share: held exams first and renewals last (_narrowed reads them so)
        signature = (held, allowed, person.max_new_exams, person.hourly_rate_usd, hire, person.pass_factor,
                     tuple(person.unavailable) if self.scheduled else (), person.exams_per_month, renew)
        profile = self.profiles.get(signature)
        if profile is None:
            hourly = person.hourly_rate_usd
            if hourly is None:
                hourly = self.scenario.costs.hourly_rate_usd
            profile = self.profiles[signature] = Profile(
                held, self._options(person, held, renew), person.max_new_exams, [], hire, hire_cost,
                exams_per_month(self.scenario, person), hourly)
        return profile

    def narrowed(self, signature: tuple[object, ...]) -> tuple[object, ...]:
        """A wider pass's profile signature (profile_for) for this builder's exams: its held exams and
        renewals narrowed to them, the rest as it is (the same calendar)."""
        held, *rest, renew = signature
        return (cast(frozenset[str], held) & self.relevant, *rest,
                tuple((c, window) for c, window in cast(Renewals, renew) if c in self.relevant))


@dataclass(frozen=True)
class _RosterPass:
    """One pass over the roster for one set of rules: the profiles, who leaves, who counts, the hires."""

    scenario: Scenario  # held so that the cache's key (its id) is never reused while it is cached
    key: tuple[object, ...]
    profiles: dict[tuple[object, ...], Profile]
    leavers: list[Person]
    counted: int
    hires: list[tuple[int, Person]]
    # the builder's options of earning each exam (_ProfileBuilder.earnings): a narrower pass reads them again
    earnings: dict[tuple[object, ...], dict[str, NewExamOption | None]] = field(default_factory=dict)


_ROSTER_PASSES: list[_RosterPass] = []
ROSTER_PASSES_KEPT = 8  # a plan with resilience, alternatives or a budget builds the same roster again; the
# fix search builds small rosters of its own before its re-plans derive theirs from the plan's (_derived_pass)


Profiles = dict[tuple[object, ...], Profile]


@dataclass(frozen=True)
class Certifications:
    """What the profiles read when lists name certifications: the problem's certification rules, the
    certification catalog, and every exam known (the catalogs' and the certification catalog's)."""

    rules: CertificationRules
    catalog: CertificationCatalog
    exams: dict[str, Exam]
    unplannable: frozenset[str] = frozenset()  # exams only certifications that cannot be earned need


def roster_profiles(scenario: Scenario, exams: dict[str, Exam], exam_order: dict[str, int],
                    months: list[str], scheduled: bool, certifications: Certifications | None = None
                    ) -> tuple[Profiles, list[Person], int, list[tuple[int, Person]]]:
    """The roster's profiles for these exams (read-only once made): one pass over the roster, the rules
    once per profile. The same scenario planned again with the same exams (the plan without resilience,
    the next alternative, best's levels, the fixes' re-plans) reuses the pass."""
    key = (id(scenario), tuple((c, e.first_take, e.last_take, e.counts_until) if (e := exams.get(c)) else (c,)
                               for c in exam_order), tuple(months), scheduled,
           None if certifications is None else (certifications.rules, id(certifications.catalog)))
    for done in _ROSTER_PASSES:
        if done.key == key and done.scenario is scenario:
            return done.profiles, done.leavers, done.counted, done.hires
    derived = (_derived_pass(scenario, key, exams, exam_order, months, scheduled, certifications)
               or _narrower_pass(scenario, key, exams, exam_order, months, scheduled, certifications))
    if derived is not None:
        return derived.profiles, derived.leavers, derived.counted, derived.hires
    deadline = due(scenario)
    builder = _ProfileBuilder(scenario, exams, exam_order, deadline, months, scheduled, certifications)
    leavers: list[Person] = []
    counted = 0
    for index, person in enumerate(scenario.staff):
        if not index & 1023:
            check_build_time()
        if not person_counts_on(person, deadline):
            leavers.append(person)
            continue
        counted += 1
        held, renew = builder.held(person)
        builder.profile_for(person, held, None, 0, renew).members.append(index)
    hires = hire_candidates(scenario)
    for index, (position, person) in enumerate(hires, start=len(scenario.staff)):
        held, renew = builder.held(person)  # a hire's passes expire and renew like anyone's
        hp = scenario.hiring[position]
        builder.profile_for(person, held, position, round(hp.cost_usd * 100), renew).members.append(index)
    _ROSTER_PASSES.insert(0, _RosterPass(scenario, key, builder.profiles, leavers, counted, hires,
                                         builder.earnings))
    del _ROSTER_PASSES[ROSTER_PASSES_KEPT:]
    return builder.profiles, leavers, counted, hires


MOST_CHANGED = 64  # a scenario with at most this many roster entries changed is derived from a cached pass


def _derived_pass(scenario: Scenario, key: tuple[object, ...], exams: dict[str, Exam],
                  exam_order: dict[str, int], months: list[str], scheduled: bool,
                  certifications: Certifications | None = None) -> _RosterPass | None:
    """The pass of a scenario that is a cached pass's scenario with a few roster entries replaced (a fix's
    re-plan), patched instead of made again: the people whose entry changed leave their profiles and join
    the ones their new entry belongs to, in roster order. None when no cached pass is such."""
    found = _base_of(scenario, key)
    if found is None:
        return None
    done, changed = found
    deadline = due(scenario)
    builder = _ProfileBuilder(scenario, exams, exam_order, deadline, months, scheduled, certifications)
    builder.profiles = {sig: Profile(p.held, p.options, p.max_new, list(p.members), p.hire_profile,
                                     p.hire_cost_cents, p.per_month, p.rate)
                        for sig, p in done.profiles.items()}
    for i in changed:
        for prof in builder.profiles.values():
            at = bisect.bisect_left(prof.members, i)
            if at < len(prof.members) and prof.members[at] == i:
                del prof.members[at]
                break
        person = scenario.staff[i]
        if person_counts_on(person, deadline):
            held, renew = builder.held(person)
            bisect.insort(builder.profile_for(person, held, None, 0, renew).members, i)
    profiles = dict(sorted(((sig, p) for sig, p in builder.profiles.items() if p.members),
                           key=lambda item: item[1].members[0]))  # in the order a whole pass makes them
    leavers = done.leavers
    if not all(person_counts_on(s.staff[i], deadline) for s in (done.scenario, scenario) for i in changed):
        leavers = [p for p in scenario.staff if not person_counts_on(p, deadline)]
    derived = _RosterPass(scenario, key, profiles, leavers, len(scenario.staff) - len(leavers), done.hires)
    _ROSTER_PASSES.insert(0, derived)
    del _ROSTER_PASSES[ROSTER_PASSES_KEPT:]
    return derived


def _narrower_pass(scenario: Scenario, key: tuple[object, ...], exams: dict[str, Exam],
                   exam_order: dict[str, int], months: list[str], scheduled: bool,
                   certifications: Certifications | None = None) -> _RosterPass | None:
    """The pass of a scenario for some of the exams of a cached pass of it (each goal planned alone after
    the goals together), made from that pass's profiles instead of the roster: people alike for more exams
    are alike for fewer, so each profile joins the one its people's entry belongs to for these exams (the
    held exams and renewals narrowed to them), its rules applied once. With certifications, the cached
    pass's are of the same catalog and hold these (what a person holds of a certification does not depend
    on which others are asked about). None when no cached pass is such."""
    wanted = set(cast(tuple[object, ...], key[1]))
    wider = next((done for done in _ROSTER_PASSES if done.scenario is scenario and done.key[2:4] == key[2:4]
                  and _certifications_within(key[4], done.key[4])
                  and wanted <= set(cast(tuple[object, ...], done.key[1]))), None)
    if wider is None:
        return None
    builder = _ProfileBuilder(scenario, exams, exam_order, due(scenario), months, scheduled, certifications)
    builder.earnings = wider.earnings  # the same scenario, deadline and calendar: the same options of an exam
    staff = scenario.staff
    for signature, prof in wider.profiles.items():
        narrowed = builder.narrowed(signature)
        mine = builder.profiles.get(narrowed)
        if mine is None:  # its rules applied once, for the first of the wider profiles it regroups
            first = prof.members[0]
            person = staff[first] if first < len(staff) else wider.hires[first - len(staff)][1]
            mine = builder.profile_for(person, cast(frozenset[str], narrowed[0]), prof.hire_profile,
                                       prof.hire_cost_cents, cast(Renewals, narrowed[-1]))
        mine.members.extend(prof.members)
    for prof in builder.profiles.values():
        prof.members.sort()
    profiles = dict(sorted(builder.profiles.items(), key=lambda item: item[1].members[0]))
    narrower = _RosterPass(scenario, key, profiles, wider.leavers, wider.counted, wider.hires, wider.earnings)
    _ROSTER_PASSES.insert(0, narrower)
    del _ROSTER_PASSES[ROSTER_PASSES_KEPT:]
    return narrower


def _certifications_within(narrow: object, wide: object) -> bool:
    """Whether a pass's certification rules (None, or (rules, the catalog's id)) are within a cached pass's:
    none, or every certification of the same catalog."""
    if narrow is None or wide is None:
        return narrow is wide
    (rules, catalog), (wider, wider_catalog) = cast(tuple[CertificationRules, int], narrow), \
        cast(tuple[CertificationRules, int], wide)
    return catalog == wider_catalog and set(rules.specs) <= set(wider.specs)


def _base_of(scenario: Scenario, key: tuple[object, ...]) -> tuple[_RosterPass, list[int]] | None:
    """A cached pass for the same exams and calendar whose scenario differs from this one only in at most
    MOST_CHANGED roster entries (everything else the same objects, as `model_copy` leaves them), with the
    positions of those entries."""
    for done in _ROSTER_PASSES:
        before = done.scenario
        if done.key[1:] != key[1:] or len(before.staff) != len(scenario.staff) or any(
                getattr(before, name) is not getattr(scenario, name)
                for name in type(scenario).model_fields if name != "staff"):
            continue
        changed = [i for i, (a, b) in enumerate(zip(before.staff, scenario.staff, strict=True)) if a is not b]
        if len(changed) <= MOST_CHANGED:
            return done, changed
    return None


def hire_candidates(scenario: Scenario) -> list[tuple[int, Person]]:
    """Every possible hire as (position in `hiring`, a Person), `max` of each profile, in list order; a hire
    holds the profile's passes as recorded (dates and expiries: one that expires before the deadline counts
    only if renewed or earned again, as the re-check reads it)."""
    out: list[tuple[int, Person]] = []
    for position, hp in enumerate(scenario.hiring):
        for j in range(hp.max):
            out.append((position, Person(
                id=f"hire[{position}.{j}]", name=hp.profile,
                passed=list(hp.passed), can_take=hp.can_take,
                max_new_exams=hp.max_new_exams, hourly_rate_usd=hp.hourly_rate_usd,
            )))
    return out
