"""Where a partner stands (check): every level of every option, slots filled, gates, what is missing, today
and on the deadline, with the passes and leavers that cost a slot in between."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from models.catalog import Catalog, Exam, Level, Role, certification_id
from models.report import (
    Assignment,
    CheckReport,
    LevelStanding,
    Renewal,
    RenewalHold,
    SlotStanding,
    StandingLoss,
)
from models.scenario import Organization, Pass, Person
from planner.core.matching import match_people_to_slots
from planner.explain.out_of_reach import programme_ended
from planner.input.loading import LoadedScenario, revision_for
from planner.rules.catalogs import ended_words, has_ended
from planner.rules.domain import (
    RENEWAL_OPENS_MONTHS,
    GateCheck,
    add_months,
    certification_holds_on,
    held_on,
    level_gates,
    person_counts_on,
    person_words,
    role_in_words,
    role_lists,
    score_met,
    score_points,
)
from planner.rules.holdings import certification_expires, items_held_on, renewal_extends_to
from planner.rules.naming import certification_titles, report_names
from planner.rules.scoring import item_words, score_standing, shortfall, slotted

Qualified = dict[int, frozenset[str]]
"""Roster position -> the roles the person can fill on a day (people who fill none are left out)."""


def check(loaded: LoadedScenario, *, every_target: bool = True) -> CheckReport:
    """Where the partner stands today (on as_of) and on the deadline, for every level (of every option):
    slots filled, gates, what is missing, what is lost in between and the certifications to renew; with
    `every_target`, the other competencies of the scenario's targets in `others`."""
    report = _check_one(loaded)
    if not every_target:
        return report
    others = [_check_one(replace(loaded, catalog=revision_for(loaded.scenario, cid, loaded.catalogs)[0]))
              for cid in _other_competencies(loaded)]
    return report.model_copy(update={"others": others or None})


def _other_competencies(loaded: LoadedScenario) -> list[str]:
    """The competencies of the scenario's targets other than the one checked, in the targets' order."""
    ids = [t.partition(":")[0] for t in loaded.scenario.targets or []]
    return [cid for cid in dict.fromkeys(ids) if cid != loaded.catalog.id and cid in loaded.catalogs.by_id]


def _check_one(loaded: LoadedScenario) -> CheckReport:
    """check() for the scenario's competency only."""
    loaded = _with_track_of(loaded, loaded.catalog.id)
    scenario = loaded.scenario
    levels: list[LevelStanding] = []
    on_deadline: list[LevelStanding] = []
    losses: list[StandingLoss] = []
    renewals: list[Renewal] = []
    for catalog in _options(loaded, loaded.catalog):
        # one pass over the roster for both days, shared by the standings, the losses and the renewals
        today, later = _qualified_on(loaded, catalog, (scenario.as_of, _deadline(loaded)))
        levels += _standings(loaded, catalog, scenario.as_of, today)
        on_deadline += _standings(loaded, catalog, _deadline(loaded), later)
        losses += _losses(loaded, catalog, today, later)
        renewals = _with_holds(renewals, expiring(loaded, catalog, later))
    levels = _unless_ended(loaded, levels, scenario.as_of, "today")
    on_deadline = _unless_ended(loaded, on_deadline, _deadline(loaded), "the deadline")
    names = report_names([loaded.catalog], loaded.catalogs.certifications)
    return CheckReport(scenario=scenario.name, competency=loaded.catalog.id, as_of=scenario.as_of,
                       levels=levels, deadline=_deadline(loaded), levels_on_deadline=on_deadline,
                       losses=_merged(losses, person_words(scenario.staff, {x.person for x in losses}),
                                      _scored(loaded.catalog), names),
                       names=names, renewals=renewals or None)


# ---- certifications to renew -------------------------------------------------------------------------

def expiring(loaded: LoadedScenario, catalog: Catalog, later: Qualified | None = None) -> list[Renewal]:
    """Each certification the catalog's lists read that expires on or before the deadline (an exam pass
    with `expires`, or a certification pass by its `expires` or Microsoft's default; the latest pass of
    each; none held on the deadline by another pass; people who leave by then left out), with its renewal
    window clipped to as_of..deadline and what it holds up for each level of this option: a pass is listed
    when renewing it (its expiry a year later) would let the person hold more of what the lists read on
    the deadline. `later`: who qualifies for what on the deadline, when known."""
    scenario, deadline = loaded.scenario, _deadline(loaded)
    holdings = _holdings(loaded, catalog)
    if later is None:
        later = _qualified(loaded, catalog, deadline)
    as_things_stand = _Later.of(later, catalog, scenario.organization)
    out: list[Renewal] = []
    for i, person in enumerate(scenario.staff):
        if not person.passed or not person_counts_on(person, deadline):
            continue
        held = holdings(person, deadline)
        for n, expires in _expiring_passes(loaded, person, deadline).items():
            renewed = holdings(_renewed(person, n, expires), deadline)
            if renewed <= held:
                continue  # another pass holds it on the deadline, or it stops counting anyway
            opens = max(scenario.as_of, add_months(expires, -RENEWAL_OPENS_MONTHS))
            closes = min(deadline, expires - dt.timedelta(days=1))
            closed = closes < opens
            passed = person.passed[n]
            out.append(Renewal(person=person.id, name=person.name,
                               exam=passed.exam or certification_id(passed.item) or passed.item,
                               certification=None if passed.exam else certification_id(passed.item),
                               expires=expires, window_opens=None if closed else opens,
                               window_closes=None if closed else closes,
                               closed=closed, holds=_holds(loaded, catalog, as_things_stand, i, renewed)))
    return out


def _expiring_passes(loaded: LoadedScenario, person: Person, deadline: dt.date) -> dict[int, dt.date]:
    """The person's passes that expire on or before the deadline (position -> expiry), the latest of each
    exam or certification only."""
    latest: dict[str, tuple[int, dt.date]] = {}
    for n, p in enumerate(person.passed):
        expires = _expiry(loaded, p)
        if expires is not None and expires <= deadline and (
                p.item not in latest or latest[p.item][1] < expires):
            latest[p.item] = (n, expires)
    return dict(latest.values())


def _expiry(loaded: LoadedScenario, passed: Pass) -> dt.date | None:
    """When a pass stops counting: its `expires`, or a certification pass's default (rules.holdings)."""
    if passed.expires is not None or passed.certification is None:
        return passed.expires
    catalog = loaded.catalogs.certifications
    return certification_expires(passed, catalog.certification(passed.certification)) \
        if passed.certification in catalog else None


def _renewed(person: Person, n: int, expires: dt.date) -> Person:
    """The person with their n-th pass renewed: it expires a year after its current expiry."""
    passed = list(person.passed)
    passed[n] = passed[n].model_copy(update={"expires": renewal_extends_to(expires)})
    return person.model_copy(update={"passed": passed})


@dataclass
class _Later:
    """Who qualifies for what on the deadline as things stand, and what each level is worth then: worked
    out once for every renewal of a catalog, each renewal changing one person's roles."""

    qualified: Qualified
    kinds: Counter[frozenset[str]]  # how many people qualify for each set of roles
    worth: dict[str, Any]  # level id -> its points (scored) or slots filled

    @classmethod
    def of(cls, qualified: Qualified, catalog: Catalog, org: Organization) -> _Later:
        kinds = Counter(qualified.values())
        worth = {lv.id: _worth(lv, kinds, lambda: qualified, org) for lv in catalog.levels}
        return cls(qualified, kinds, worth)


def _worth(level: Level, kinds: Counter[frozenset[str]], qualified: Callable[[], Qualified],
           org: Organization) -> Any:
    """A level's points (scored) or slots filled, `kinds[roles]` people qualifying for each set of roles.
    A scored level of 'same-or-different' people fills each role with its first slots' worth of people
    qualified for it (one matching per role); of 'different' people, one matching over `qualified()`."""
    if level.score is None:
        return _filled_of_kinds(kinds, level)
    if level.people == "same-or-different":
        counts = {r: min(n, sum(c for q, c in kinds.items() if r in q)) if n > 0 else 0
                  for r, n in level.slots.items()}
    else:
        counts = _count(_pairs(qualified(), level), level)
    return sum(score_points(level, counts, org).values())


def _holds(loaded: LoadedScenario, catalog: Catalog, later: _Later, index: int,
           held: frozenset[str]) -> list[RenewalHold]:
    """Per level: the points (scored) or slots the person's certification is worth on the deadline, as
    the level with it held then less the level as things stand."""
    lists = {r.id: role_lists(catalog, r) for r in catalog.roles}
    roles = frozenset(rid for rid, lsts in lists.items() if all(held & codes for _, codes in lsts))
    kinds = later.kinds
    if roles:  # the person's roles on the deadline become `roles`
        kinds = kinds.copy()
        before = later.qualified.get(index)
        if before is not None:
            kinds[before] -= 1
        kinds[roles] += 1
    org = loaded.scenario.organization
    prefix = f"{catalog.option_id}:" if catalog.option_id else ""
    holds = []
    for level in catalog.levels:
        worth = _worth(level, kinds, lambda: {**later.qualified, index: roles} if roles else later.qualified,
                       org)
        if level.score is not None:
            holds.append(RenewalHold(level=prefix + level.id,
                                     points=round(float(worth - later.worth[level.id]), 4)))
        else:
            holds.append(RenewalHold(level=prefix + level.id, slots=worth - later.worth[level.id]))
    return holds


def _with_holds(found: list[Renewal], more: list[Renewal]) -> list[Renewal]:
    """The renewals of several options as one list: one entry per person and exam, each option's holds
    added; by expiry day, then roster order as found."""
    by_key = {(r.person, r.exam): r for r in found}
    for r in more:
        known = by_key.get((r.person, r.exam))
        by_key[r.person, r.exam] = r if known is None else known.model_copy(
            update={"holds": known.holds + r.holds})
    return sorted(by_key.values(), key=lambda r: r.expires)


def _unless_ended(loaded: LoadedScenario, levels: list[LevelStanding], day: dt.date, which: str
                  ) -> list[LevelStanding]:
    """The standings on a day, none of them met once the programme has ended by then: the first thing
    missing is that it ended and what replaced it (the rest as its rules would read)."""
    catalog = loaded.catalog
    if not has_ended(catalog, day):
        return levels
    why = programme_ended(ended_words(catalog, loaded.catalogs), day, which, bool(catalog.replaced_by),
                          "no level of it is met")
    return [lv.model_copy(update={"met": False, "at_risk": [], "missing": [why, *lv.missing]})
            for lv in levels]


def deadline_losses(loaded: LoadedScenario, catalog: Catalog, level: str) -> list[str]:
    """Why a level met today must be planned for: empty unless `level` (of `catalog`, any option) is met on
    as_of but not on the deadline; then a sentence saying so and one per pass or leaver that costs a slot."""
    loaded = _with_track_of(loaded, catalog.id)
    options = _options(loaded, catalog)
    today, deadline = loaded.scenario.as_of, _deadline(loaded)
    # one pass over the roster per option for both days, shared by the verdicts and the losses
    both = [(o, _qualified_on(loaded, o, (today, deadline))) for o in options]
    now, then = [(o, q[0]) for o, q in both], [(o, q[1]) for o, q in both]
    if not _met(loaded, now, level) or _met(loaded, then, level):
        return []
    name = next((lv.name for o in options for lv in o.levels if lv.id == level), level)
    losses = [loss for (o, q_now), (_, q_then) in zip(now, then, strict=True)
              for loss in _losses(loaded, o, q_now, q_then) if level in _level_ids(loss, o)]
    found = _merged(losses, person_words(loaded.scenario.staff, {x.person for x in losses}), _scored(catalog),
                    report_names([catalog], loaded.catalogs.certifications))
    return ([f"{name} is met today ({today}) but not on the deadline ({deadline})."]
            + [loss.text + "." for loss in found])


def _with_track_of(loaded: LoadedScenario, competency: str) -> LoadedScenario:
    """The scenario with organization.track and organization.metrics read for this competency when they
    are mappings by designation: what follows reads one track and the designation's own figures."""
    org = loaded.scenario.organization
    figures = org.figures_for(competency)
    if not isinstance(org.track, dict) and figures is org.metrics:
        return loaded
    org = org.model_copy(update={"track": org.track_for(competency), "metrics": figures})
    return replace(loaded, scenario=loaded.scenario.model_copy(update={"organization": org}))


def _holdings(loaded: LoadedScenario, catalog: Catalog) -> Callable[[Person, dt.date], frozenset[str]]:
    """What a person holds on a day, as the catalog's lists read it: its exam codes (held_on) and, when its
    lists name certifications, the certifications held as '@<id>' (planner.rules.holdings)."""
    exams = {e.code: e for e in catalog.exams}
    wanted = [i for lst in catalog.lists for i in lst.items if certification_id(i) is not None]
    if not wanted:
        return lambda person, day: held_on(person, exams, day)
    known, certifications = loaded.catalogs.exams(catalog), loaded.catalogs.certifications
    return lambda person, day: held_on(person, exams, day) | items_held_on(person, day, known, certifications,
                                                                           wanted)


def _options(loaded: LoadedScenario, catalog: Catalog) -> list[Catalog]:
    """The competency's options, each with its scored levels' metrics as roles (scoring.slotted)."""
    return [slotted(o, loaded.scenario.organization) for o in catalog.option_catalogs()]


def _deadline(loaded: LoadedScenario) -> dt.date:
    """The scenario's deadline (always set once validated: as_of + the default horizon when not given)."""
    return loaded.scenario.deadline or loaded.scenario.as_of


def _met(loaded: LoadedScenario, options: list[tuple[Catalog, Qualified]], level_id: str) -> bool:
    """Whether any option, with who qualifies for what on one day, meets the level (its gates, and every
    slot filled: Hall's condition)."""
    for option, qualified in options:
        level = option.level(level_id)
        if not all(g.gate.ok for g in level_gates(level, loaded.scenario.organization, option.id)):
            continue
        if level.score is not None:
            if score_met(level, score_points(level, _count(_pairs(qualified, level), level),
                                             loaded.scenario.organization)):
                return True
        elif _filled_total(qualified, level) == level.total_slots:
            return True
    return False


def _filled_total(qualified: Qualified, level: Level) -> int:
    """How many of the level's slots a largest matching fills, by the deficiency form of Hall's theorem:
    per block, its slots less the largest shortfall slots(T) - |people qualifying for one of T| over the
    sets T of its roles. Counts people by what they qualify for, so it costs as much as the roster's
    distinct qualifications, not a matching over every person."""
    return _filled_of_kinds(Counter(qualified.values()), level)


def _filled_of_kinds(kinds: Counter[frozenset[str]], level: Level) -> int:
    """_filled_total, `kinds[roles]` people qualifying for each set of roles."""
    total = 0
    for block in _blocks(level):
        roles = [r for r, n in block.items() if n > 0]
        shortfall = 0
        for size in range(1, len(roles) + 1):
            for group in itertools.combinations(roles, size):
                have = sum(n for q, n in kinds.items() if q.intersection(group))
                shortfall = max(shortfall, sum(block[r] for r in group) - have)
        total += sum(block[r] for r in roles) - shortfall
    return total


def _level_ids(loss: StandingLoss, catalog: Catalog) -> list[str]:
    """The level ids (without the option) of a loss found in `catalog`."""
    prefix = f"{catalog.option_id}:" if catalog.option_id else ""
    return [lv.removeprefix(prefix) for lv in loss.levels if lv.startswith(prefix)]


# ---- who fills what on a day ------------------------------------------------------------------------

def _qualified(loaded: LoadedScenario, catalog: Catalog, day: dt.date) -> Qualified:
    """The people who count on `day`, with the roles their passes that still count then let them fill."""
    return _qualified_on(loaded, catalog, (day,))[0]


def _qualified_on(loaded: LoadedScenario, catalog: Catalog, days: tuple[dt.date, ...]) -> list[Qualified]:
    """_qualified for each of the days, from one pass over the roster."""
    holdings = _holdings(loaded, catalog)
    lists = {r.id: role_lists(catalog, r) for r in catalog.roles}
    out: list[Qualified] = [{} for _ in days]
    by_held: dict[frozenset[str], frozenset[str]] = {}  # the same exams qualify for the same roles
    by_passes: dict[tuple[object, ...], frozenset[str]] = {}  # by day and passes
    for i, person in enumerate(loaded.scenario.staff):
        if not person.passed:
            continue
        passes = tuple([(p.item, p.date, p.expires) for p in person.passed])
        for n, day in enumerate(days):
            if not person_counts_on(person, day):
                continue
            can = by_passes.get((n, passes))
            if can is None:
                can = by_passes[n, passes] = _roles_of(frozenset(holdings(person, day)), lists, by_held)
            if can:
                out[n][i] = can
    return out


def _roles_of(held: frozenset[str], lists: dict[str, list[tuple[str, frozenset[str]]]],
              known: dict[frozenset[str], frozenset[str]]) -> frozenset[str]:
    """The roles whose every list has an exam in `held` (worked out once per set of exams held)."""
    can = known.get(held)
    if can is None:
        can = known[held] = frozenset(rid for rid, lsts in lists.items()
                                      if all(held & codes for _, codes in lsts))
    return can


def _blocks(level: Level) -> list[dict[str, int]]:
    """'different': one matching over every role; 'same-or-different': one per role."""
    return [dict(level.slots)] if level.people == "different" else [{r: n} for r, n in level.slots.items()]


def _pairs(qualified: Qualified, level: Level) -> list[tuple[int, str]]:
    """Who fills which slot of the level: a largest matching (per block), roster order."""
    people = sorted(qualified.items())
    return [pair for block in _blocks(level) for pair in match_people_to_slots(people, block)]


def _count(pairs: list[tuple[int, str]], level: Level) -> dict[str, int]:
    """Slots filled per role."""
    return {rid: sum(1 for _, r in pairs if r == rid) for rid in level.slots}


# ---- the standing of each level ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Day:
    """What every level of one option is read against on one day."""

    loaded: LoadedScenario
    catalog: Catalog
    day: dt.date
    qualified: Qualified


def _standings(loaded: LoadedScenario, catalog: Catalog, day: dt.date, qualified: Qualified,
               at_risk: bool = True) -> list[LevelStanding]:
    """check() for one option of the competency, on one day (`qualified`: who qualifies for what then)."""
    on = _Day(loaded, catalog, day, qualified)
    return [_level_standing(on, level, at_risk) for level in catalog.levels]


def _level_standing(on: _Day, level: Level, with_at_risk: bool) -> LevelStanding:
    scenario, catalog = on.loaded.scenario, on.catalog
    pairs = _pairs(on.qualified, level)
    filled = _count(pairs, level)
    gates = level_gates(level, scenario.organization, catalog.id)
    if level.score is not None:
        return _scored_standing(on, level, pairs, gates, with_at_risk)
    exam_ok = all(filled[r] >= n for r, n in level.slots.items())
    met = exam_ok and all(g.gate.ok for g in gates)
    at_risk = _at_risk(on, level, pairs) if met and with_at_risk else []  # only a level met can be lost
    return LevelStanding(
        level=level.id, option=catalog.option_id or None, met=met, exam_rules_met=exam_ok,
        gates=[g.gate for g in gates],
        slots=[SlotStanding(role=r, required=n, filled=filled[r]) for r, n in level.slots.items()],
        assignments=_assignments(on, pairs), missing=_missing(catalog, level, filled, gates), at_risk=at_risk,
    )


def _scored_standing(on: _Day, level: Level, pairs: list[tuple[int, str]], gates: list[GateCheck],
                     with_at_risk: bool) -> LevelStanding:
    """A scored level: the people counting toward each exam metric (at most its threshold), the points
    and, when met, who alone would take the score below the level's."""
    org = on.loaded.scenario.organization
    counts = _count(pairs, level)
    score = score_standing(f"{on.catalog.id}:{level.id}", level, org, counts, on.catalog.id)
    met = score.met and all(g.gate.ok for g in gates)
    at_risk = _points_at_risk(on, level, pairs, counts) if met and with_at_risk else []
    return LevelStanding(
        level=level.id, option=on.catalog.option_id or None, met=met, exam_rules_met=score.met,
        gates=[g.gate for g in gates], slots=[], assignments=_assignments(on, pairs),
        missing=(shortfall(on.catalog, level, org, counts, on.catalog.id,
                           certification_titles(on.loaded.catalogs.certifications))
                 + [g.reason for g in gates if g.reason]),
        at_risk=at_risk, score=score)


def _points_at_risk(on: _Day, level: Level, pairs: list[tuple[int, str]],
                    counts: dict[str, int]) -> list[str]:
    """The people counting toward a met scored level without whom alone its score would fall below the
    level's, in roster order. Each exam metric is its own matching (a person counts once in each), so
    without person i a metric counts min(threshold, its qualified people other than i): a holder beyond
    the threshold stands in for one who leaves."""
    org = on.loaded.scenario.organization
    qualified = Counter(r for roles in on.qualified.values() for r in roles if r in counts)
    at_risk: list[str] = []
    for i in sorted({i for i, _ in pairs}):  # someone outside the matching can leave without a loss
        without = {m: min(level.slots[m], qualified[m] - (m in on.qualified[i])) for m in counts}
        if not score_met(level, score_points(level, without, org, on.catalog.id)):
            at_risk.append(on.loaded.scenario.staff[i].id)
    return at_risk


def _missing(catalog: Catalog, level: Level, filled: dict[str, int], gates: list[GateCheck]) -> list[str]:
    """Each open slot and each failing gate, in words."""
    roles = {r.id: r for r in catalog.roles}
    missing: list[str] = []
    for rid, need in level.slots.items():
        if filled[rid] < need:
            gap = need - filled[rid]
            other = ", not already in another slot" if level.people == "different" else ""
            missing.append(f"{gap} {rid} slot{'s' if gap > 1 else ''} open: "
                           f"{'a person' if gap == 1 else f'{gap} more people'} with "
                           f"{role_in_words(catalog, roles[rid])}{other}")
    return missing + [g.reason for g in gates if g.reason]


def _assignments(on: _Day, pairs: list[tuple[int, str]]) -> list[Assignment]:
    staff, catalog = on.loaded.scenario.staff, on.catalog
    exams = {e.code: e for e in catalog.exams}
    roles = {r.id: r for r in catalog.roles}
    order = [r.id for r in catalog.roles]
    holdings = _holdings(on.loaded, catalog)
    return [Assignment(person=staff[i].id, name=staff[i].name, role=r, target=None,
                       exams=_qualifying_exams(staff[i], roles[r], catalog, exams, on.day, holdings))
            for i, r in sorted(pairs, key=lambda p: (order.index(p[1]), p[0]))]


def _at_risk(on: _Day, level: Level, pairs: list[tuple[int, str]]) -> list[str]:
    people = sorted(on.qualified.items())
    critical = sorted({i for block in _blocks(level) for i in _single_points_of_failure(
        people, [p for p in pairs if p[1] in block], block)})
    return [on.loaded.scenario.staff[i].id for i in critical]


def _single_points_of_failure(qualified: list[tuple[int, frozenset[str]]], pairs: list[tuple[int, str]],
                              slots: dict[str, int]) -> list[int]:
    """Roster positions of the people without whom the slots can no longer all be filled."""
    need = sum(slots.values())
    critical = []
    for index, _ in pairs:  # someone outside the matching can leave without breaking it
        rest = [q for q in qualified if q[0] != index]
        if len(match_people_to_slots(rest, slots)) < need:
            critical.append(index)
    return sorted(critical)


def _qualifying_exams(person: Person, role: Role, catalog: Catalog, exams: dict[str, Exam],
                      day: dt.date, holdings: Callable[[Person, dt.date], frozenset[str]] | None = None
                      ) -> list[str]:
    """The held exam (or certification, '@<id>') that covers each of the role's lists, the catalog's
    preferred one first."""
    held = holdings(person, day) if holdings is not None else held_on(person, exams, day)
    return [next(c for c in catalog.exam_list(lid).items if c in held) for lid in role.lists]


# ---- what is lost between as_of and the deadline ----------------------------------------------------

def _losses(loaded: LoadedScenario, catalog: Catalog, today: Qualified | None = None,
            later: Qualified | None = None) -> list[StandingLoss]:
    """Per level of one option: the passes that stop counting and the leavers that cost it a slot it fills
    today (one StandingLoss per event and level; _merged joins the levels)."""
    if today is None:
        today = _qualified(loaded, catalog, loaded.scenario.as_of)
    if later is None:
        later = _qualified(loaded, catalog, _deadline(loaded))
    out: list[StandingLoss] = []
    for level in catalog.levels:
        for i in _who_costs_a_slot(today, later, level):
            label = f"{catalog.option_id}:{level.id}" if catalog.option_id else level.id
            out += _events(loaded, catalog, i, today[i] - later.get(i, frozenset()), label)
    return out


def _who_costs_a_slot(today: Qualified, later: Qualified, level: Level) -> list[int]:
    """The people who fill fewer roles on the deadline than today and without whose change the level would
    fill more slots on the deadline (all such people of today's matching when no one alone makes up)."""
    if _filled_total(later, level) >= _filled_total(today, level):
        return []
    changed = [i for i, roles in today.items() if roles & level.slots.keys() and later.get(i) != roles]
    restoring = [i for i in changed if _fills_more(later, {**later, i: today[i]}, level)]
    if restoring:
        return restoring
    holders = {i for i, _ in _pairs(today, level)}
    return [i for i in changed if i in holders]


def _fills_more(base: Qualified, other: Qualified, level: Level) -> bool:
    return _filled_total(other, level) > _filled_total(base, level)


def _events(loaded: LoadedScenario, catalog: Catalog, index: int, lost_roles: frozenset[str],
            level: str) -> list[StandingLoss]:
    """Why a person fills fewer roles on the deadline: they leave, else passes of the roles' lists stop
    counting."""
    person = loaded.scenario.staff[index]
    deadline = _deadline(loaded)
    if person.leaves_on is not None and person.leaves_on <= deadline:
        return [StandingLoss(kind="leaves", person=person.id, day=person.leaves_on, exam=None, levels=[level],
                             text="")]
    exams = {e.code: e for e in catalog.exams}
    codes = {c for r in catalog.roles if r.id in lost_roles for _, lst in role_lists(catalog, r) for c in lst}
    holdings = _holdings(loaded, catalog)
    lost = holdings(person, loaded.scenario.as_of) - holdings(person, deadline)
    return [StandingLoss(kind="pass_stops_counting", person=person.id, exam=code,
                         day=_last_day_counted(person, exams[code], deadline) if code in exams else
                         _last_day_held(holdings, person, code, loaded.scenario.as_of, deadline),
                         levels=[level], text="")
            for code in sorted(lost & codes)]


def _last_day_held(holdings: Callable[[Person, dt.date], frozenset[str]], person: Person, item: str,
                   first: dt.date, last: dt.date) -> dt.date:
    """The last day from `first` (held) to `last` (not held) a person holds an item such as a certification
    '@<id>' (an expiry, a prerequisite's, or the end of counting): found by halving the days."""
    low, high = first, last
    while (high - low).days > 1:
        middle = low + (high - low) // 2
        if item in holdings(person, middle):
            low = middle
        else:
            high = middle
    return low


def _last_day_counted(person: Person, exam: Exam, deadline: dt.date) -> dt.date:
    """The last day a pass counts: the day before its certification expires, or the exam's counts_until."""
    expiring = [p.expires - dt.timedelta(days=1) for p in person.passed
                if p.exam == exam.code and not certification_holds_on(p, deadline) and p.expires is not None]
    days = [max(expiring)] if expiring else []
    if exam.counts_until is not None and exam.counts_until < deadline:
        days.append(exam.counts_until)
    return min(days, default=deadline)


def _scored(catalog: Catalog) -> frozenset[str]:
    """The labels ('level', 'option:level') of a competency's scored levels, as losses name levels."""
    return frozenset(f"{o.option_id}:{lv.id}" if o.option_id else lv.id
                     for o in catalog.option_catalogs() for lv in o.levels if lv.score is not None)


def _merged(losses: list[StandingLoss], words: dict[str, str], scored: frozenset[str] = frozenset(),
            names: dict[str, str] | None = None) -> list[StandingLoss]:
    """One loss per event, with every level it costs a slot, and its sentence; by day, then person."""
    merged: dict[tuple[str, str, str | None], StandingLoss] = {}
    for loss in losses:
        key = (loss.kind, loss.person, loss.exam)
        known = merged.get(key)
        levels = list(dict.fromkeys((known.levels if known else []) + loss.levels))
        merged[key] = loss.model_copy(update={"levels": levels})
    out = [m.model_copy(update={"text": _loss_text(m, words.get(m.person, m.person), scored, names or {})})
           for m in merged.values()]
    return sorted(out, key=lambda m: (m.day, m.person, m.exam or ""))


def _level_words(levels: list[str], names: dict[str, str]) -> str:
    """'Gold', 'Silver and Gold', 'Gold (option enterprise-operations)', 'Solutions Partner for Business
    Applications': each level by the catalog's name."""
    words = [f"{_id_words(lv.split(':')[1], names)} (option {lv.split(':')[0]})" if ":" in lv
             else _id_words(lv, names) for lv in levels]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _id_words(level_id: str, names: dict[str, str]) -> str:
    return names.get(level_id) or level_id.replace("-", " ").capitalize()


def _loss_text(loss: StandingLoss, who: str, scored: frozenset[str] = frozenset(),
               names: dict[str, str] | None = None) -> str:
    """'olga's MB2-709 pass stops counting after 2018-12-31: Silver and Gold lose a slot'; for a scored
    level 'Solutions partner loses points'."""
    levels = _level_words(loss.levels, names or {})
    if scored.issuperset(loss.levels):
        what = f"{levels} {'loses' if len(loss.levels) == 1 else 'lose'} points"
    else:
        what = f"{levels} {'loses' if len(loss.levels) == 1 else 'lose'} a slot"
    if loss.kind == "leaves":
        return f"{who} leaves on {loss.day}, before the deadline: {what}"
    return f"{who}'s {item_words(loss.exam or '', names)} pass stops counting after {loss.day}: {what}"
