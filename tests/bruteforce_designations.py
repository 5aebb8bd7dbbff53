"""An exhaustive solver for Solutions Partner designations whose lists name certifications (issue 21), on
tiny rosters, written without the planner: it reads the designation catalog, the certification catalog
and the scenario (models only) and imports nothing from planner.*, so a bug in the planner's rules, model
or validator cannot hide in it. It restates /work/notes/issue21-spec.md sections 2-4 and 7:

- An exam pass counts on a day when it is dated on or before it (or undated) and the day is before its
  `expires` (exam passes have no default expiry).
- A certification pass counts on a day when dated on or before it (or undated), the day is before it
  expires (its `expires`, else one year after `date` for associate, expert and specialty certifications
  earned from 30 Jun 2021, two years before; fundamentals never; undated: it counts), and the day is not
  after the certification's `counts_until`.
- A certification is held through its exams on a day (not after `counts_until`) when every exam of it is
  held that day and it has no prerequisite, or one prerequisite is held that day, or (every exam pass
  dated) one was held on the day it was earned, the latest first-pass day of its exams, before this day.
- A plan's new exam (an exam of a certification the lists name, or of one of their prerequisites, not
  held on the deadline, open between as_of and the deadline, allowed by `can_take`) is held on the
  deadline; it costs fee + prep hours x the person's rate (per-exam overrides). A certification completed
  with new exams needs a prerequisite held on the deadline, and can be earned only while not retired
  (as_of on or before `retired`); each exam is taken once per person, whatever shares it.
- A renewal of a certification pass counts on the as_of, expires on or before the deadline, and carried
  one year from its expiry counts past the deadline; the window (six months before expiry to the day
  before, within as_of .. deadline, not after retirement) must have a day. It costs renewal_fee_usd +
  renewal_prep_hours x the rate, and makes the certification held on the deadline.
- A renewal of an exam pass with `expires` (an exam of those certifications or prerequisites, not held on
  the deadline by another pass): it expires after as_of and on or before the deadline, carried one year
  counts past the deadline, and the window is the same (it always has a day then). Same cost; it makes
  the exam held on the deadline as a new exam does (so a certification it completes is earned as with a
  new exam: not retired, with a prerequisite held on the deadline). Neither renewal counts toward
  max_new_exams, nor needs can_take.
- Scoring: an exam metric (or gate step) counts the people who count on the day and hold one item of each
  of its lists (a person once in each, in several). Points: max x min(n, T) / T; a gated metric earns its
  met steps' points and, when all are met, its points step, capped at max_points; an input metric with
  parts earns the higher part's points (or their sum, capped), a part without a threshold on a track
  counting nothing there. A track meets the level when its total reaches `total` and every metric has its
  minimum and (where asked) more than 0. `higher-total` scores every track, the first with the highest
  total among those meeting the level counting (among all when none does); `assigned` scores the
  scenario's track.

The search: per person who counts on the deadline, every set of their options (new exams, renewals) gives
the roles (exam metrics and gate steps) they then count toward; per set of roles only the cheapest choice
is kept (fewest changes on ties). Then every combination of one choice per person is scored, and the
cheapest meeting the level (fewest changes on ties) is the optimum.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from models.catalog import Catalog, Level, Metric
from models.certification import Certification, CertificationCatalog
from models.scenario import Pass, Person, Scenario

ONE_YEAR_FROM = dt.date(2021, 6, 30)
EXPIRING = {"associate", "expert", "specialty"}

Change = tuple[str, str]
"""(exam code, 'new'), (certification id, 'renewal') or (exam code, 'exam renewal')."""


def gives(change: Change) -> str:
    """The item a change makes held on the deadline: the exam code, or '@<id>' for a certification's."""
    code, kind = change
    return "@" + code if kind == "renewal" else code


@dataclass(frozen=True)
class Designation:
    """What the search reads: the designation's scored level, its lists, the certifications."""

    catalog: Catalog
    certifications: CertificationCatalog
    scenario: Scenario

    @property
    def level(self) -> Level:
        return next(lv for lv in self.catalog.levels if lv.score is not None)

    @property
    def deadline(self) -> dt.date:
        assert self.scenario.deadline is not None
        return self.scenario.deadline

    @property
    def lists(self) -> dict[str, frozenset[str]]:
        return {lst.id: frozenset(lst.items) for lst in self.catalog.lists}

    def cert(self, cid: str) -> Certification:
        return self.certifications.certification(cid)


@dataclass(frozen=True)
class Optimum:
    """The cheapest plan: its cost in cents, its changes per person, the counting track and its total."""

    cost: int
    changes: tuple[tuple[str, frozenset[Change]], ...]
    track: str | None
    points: Fraction

    @property
    def count(self) -> int:
        return sum(len(c) for _, c in self.changes)


# ---- holdings ---------------------------------------------------------------------------------------------

def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier when negative), or that month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for d in range(day.day, 0, -1):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError(day)


def cert_expiry(p: Pass, cert: Certification) -> dt.date | None:
    if p.expires is not None:
        return p.expires
    if p.date is None or cert.kind not in EXPIRING:
        return None
    return add_months(p.date, 12 if p.date >= ONE_YEAR_FROM else 24)


def cert_pass_counts(p: Pass, cert: Certification, day: dt.date) -> bool:
    expiry = cert_expiry(p, cert)
    return ((p.date is None or p.date <= day) and (expiry is None or day < expiry)
            and (cert.counts_until is None or day <= cert.counts_until))


def exams_on(person: Person, day: dt.date) -> set[str]:
    return {p.exam for p in person.passed if p.exam is not None and (p.date is None or p.date <= day)
            and (p.expires is None or day < p.expires)}


def earned_day(person: Person, cert: Certification, day: dt.date) -> dt.date | None:
    """The day a certification held through its exams on `day` was earned (None: an undated pass)."""
    firsts = []
    for code in cert.exams:
        dates = [p.date for p in person.passed if p.exam == code and (p.date is None or p.date <= day)
                 and (p.expires is None or day < p.expires)]
        if None in dates:
            return None
        firsts.append(min(d for d in dates if d is not None))
    return max(firsts)


def holds(d: Designation, person: Person, cid: str, day: dt.date, new: frozenset[str] = frozenset(),
          seen: frozenset[str] = frozenset()) -> bool:
    """Whether the person holds certification `cid` on `day` (with the plan's `new` exam codes and
    '@<id>' renewals, on the deadline)."""
    cert = d.cert(cid)
    if cid in seen or (cert.counts_until is not None and day > cert.counts_until):
        return False
    if "@" + cid in new or any(p.certification == cid and cert_pass_counts(p, cert, day)
                               for p in person.passed):
        return True
    old = exams_on(person, day)
    if not cert.exams or not set(cert.exams) <= old | new:
        return False
    fresh = set(cert.exams) - old
    if fresh and cert.retired is not None and d.scenario.as_of > cert.retired:
        return False
    seen = seen | {cid}
    if not cert.prerequisites or any(holds(d, person, q, day, new, seen) for q in cert.prerequisites):
        return True
    if fresh:
        return False
    earned = earned_day(person, cert, day)
    return earned is not None and earned < day and any(holds(d, person, q, earned, frozenset(), seen)
                                                       for q in cert.prerequisites)


def items(d: Designation, person: Person, day: dt.date, new: frozenset[str] = frozenset()) -> frozenset[str]:
    """The list items (exam codes, '@<id>') a person holds on `day`."""
    wanted = {i for lst in d.lists.values() for i in lst}
    exams = exams_on(person, day) | {c for c in new if not c.startswith("@")}
    return frozenset(i for i in wanted
                     if (i in exams if not i.startswith("@") else holds(d, person, i[1:], day, new)))


# ---- points ---------------------------------------------------------------------------------------------

def on_track(value: object, track: str | None) -> int | float | None:
    if isinstance(value, dict):
        return value.get(track) if track is not None else None
    return value  # type: ignore[return-value]


def roles(level: Level) -> dict[str, list[str]]:
    """Each exam metric and gate step ('<metric>.step-<k>') with its lists."""
    assert level.score is not None
    out: dict[str, list[str]] = {}
    for m in level.score.metrics:
        if m.lists:
            out[m.id] = list(m.lists)
            for k, step in enumerate(m.gate, start=1):
                out[f"{m.id}.step-{k}"] = list(step.lists)
    return out


def role_set(d: Designation, held: frozenset[str]) -> frozenset[str]:
    """The roles someone holding these items counts toward."""
    lists = d.lists
    return frozenset(rid for rid, need in roles(d.level).items() if all(held & lists[lid] for lid in need))


def share(max_points: float, figure: Fraction, threshold: int | float | None) -> Fraction:
    if not threshold:
        return Fraction(0)
    t = Fraction(str(threshold))
    return Fraction(str(max_points)) * min(figure, t) / t


def metric_points(m: Metric, track: str | None, counts: dict[str, int], org_metrics: dict) -> Fraction:
    cap = Fraction(str(m.max_points))
    if m.lists:
        base = share(m.max_points, Fraction(counts.get(m.id, 0)), on_track(m.threshold, track))
        if not m.gate:
            return base
        met = [counts.get(f"{m.id}.step-{k}", 0) >= (on_track(s.people, track) or 10**9)
               for k, s in enumerate(m.gate, start=1)]
        earned = [Fraction(str(on_track(s.points, track) or 0))
                  for s, ok in zip(m.gate, met, strict=True) if ok]
        flat = sum(earned, Fraction(0))
        return min(cap, flat + (base if all(met) else 0))
    given = org_metrics.get(m.input, 0)
    if not m.parts:
        figure = Fraction(str(given)) if not isinstance(given, dict) else Fraction(0)
        return share(m.max_points, figure, on_track(m.threshold, track))
    figures = given if isinstance(given, dict) else {}
    each = [share(m.max_points, Fraction(str(figures.get(name, 0))), on_track(part.threshold, track))
            for name, part in m.parts.items() if on_track(part.threshold, track) is not None]
    if not each:
        return Fraction(0)
    return min(cap, max(each) if m.combine == "higher" else sum(each, Fraction(0)))


def track_score(d: Designation, track: str | None, counts: dict[str, int]) -> tuple[Fraction, bool]:
    """A track's total and whether it meets the level."""
    score = d.level.score
    assert score is not None
    points = {m.id: metric_points(m, track, counts, d.scenario.organization.metrics) for m in score.metrics}
    total = sum(points.values(), Fraction(0))
    met = total >= Fraction(str(score.total)) and all(
        points[m.id] >= Fraction(str(m.min_points))
        and (points[m.id] > 0 or not score.every_metric_above_zero)
        for m in score.metrics)
    return total, met


def scores(d: Designation, counts: dict[str, int]) -> list[tuple[str | None, Fraction, bool]]:
    """(track, total, met) on each track scored."""
    score = d.level.score
    assert score is not None
    if score.track_rule == "higher-total":
        tracks: list[str | None] = list(score.tracks)
    else:
        tracks = [d.scenario.organization.track_for(d.catalog.id) if score.tracks else None]
    return [(t, *track_score(d, t, counts)) for t in tracks]


def counting(results: list[tuple[str | None, Fraction, bool]]) -> tuple[str | None, Fraction, bool]:
    """The track that counts: the first with the highest total among those meeting, else among all."""
    pool = [r for r in results if r[2]] or results
    best = max(r[1] for r in pool)
    return next(r for r in pool if r[1] == best)


def counts_of(d: Designation, role_sets: Iterable[frozenset[str]]) -> dict[str, int]:
    counts = dict.fromkeys(roles(d.level), 0)
    for rs in role_sets:
        for rid in rs:
            counts[rid] += 1
    return counts


def standing(d: Designation, day: dt.date) -> tuple[list[tuple[str | None, Fraction, bool]], tuple]:
    """The level on `day` as things stand: each track's (track, total, met) and the one that counts."""
    people = [p for p in d.scenario.staff if p.leaves_on is None or p.leaves_on > day]
    results = scores(d, counts_of(d, [role_set(d, items(d, p, day)) for p in people]))
    return results, counting(results)


# ---- the search -----------------------------------------------------------------------------------------

def relevant_exams(d: Designation) -> list[str]:
    """The exams of the certifications the lists name and of their prerequisites, in code order."""
    todo = [i[1:] for lst in d.lists.values() for i in lst if i.startswith("@")]
    seen: set[str] = set()
    while todo:
        cid = todo.pop()
        if cid not in seen:
            seen.add(cid)
            todo += d.cert(cid).prerequisites
    return sorted({e for cid in seen for e in d.cert(cid).exams})


def renewals(d: Designation, person: Person) -> list[str]:
    """The certifications a person can renew in time (see the module's docstring)."""
    as_of, deadline = d.scenario.as_of, d.deadline
    out = []
    for p in person.passed:
        if p.certification is None or p.certification in out:
            continue
        cert = d.cert(p.certification)
        expiry = cert_expiry(p, cert)
        if expiry is None or not cert_pass_counts(p, cert, as_of) or holds(d, person, cert.id, deadline):
            continue
        if cert.counts_until is not None and cert.counts_until < deadline:
            continue
        first = max(as_of, add_months(expiry, -6))
        last = min(expiry - dt.timedelta(days=1), deadline, cert.retired or deadline)
        if expiry <= deadline < add_months(expiry, 12) and first <= last:
            out.append(cert.id)
    return out


def exam_renewals(d: Designation, person: Person) -> list[str]:
    """The exams whose expiring pass a person can renew in time (see the module's docstring)."""
    as_of, deadline = d.scenario.as_of, d.deadline
    held = exams_on(person, deadline)
    out = []
    for p in person.passed:
        code, expiry = p.exam, p.expires
        if code is None or expiry is None or code in held or code in out or code not in relevant_exams(d):
            continue
        if as_of < expiry <= deadline < add_months(expiry, 12):  # then its window has a day: as_of
            out.append(code)
    return out


def options(d: Designation, person: Person) -> list[Change]:
    held = exams_on(person, d.deadline)
    exams = d.certifications.exam_codes()
    new = [(c, "new") for c in relevant_exams(d) if c not in held
           and (person.can_take is None or c in person.can_take)
           and (exams[c].last_take is None or exams[c].last_take >= d.scenario.as_of)
           and (exams[c].first_take is None or exams[c].first_take <= d.deadline)]
    return (new + [(cid, "renewal") for cid in renewals(d, person)]
            + [(code, "exam renewal") for code in exam_renewals(d, person)])


def cents(d: Designation, person: Person, change: Change) -> int:
    costs = d.scenario.costs
    rate = costs.hourly_rate_usd if person.hourly_rate_usd is None else person.hourly_rate_usd
    if change[1] != "new":
        return round((costs.renewal_fee_usd + costs.renewal_prep_hours * rate) * 100)
    override = costs.exams.get(change[0])
    fee = override.fee_usd if override and override.fee_usd is not None else costs.exam_fee_usd
    hours = override.prep_hours if override and override.prep_hours is not None else costs.prep_hours
    return round((fee + hours * rate) * 100)


def choices(d: Designation, person: Person) -> dict[frozenset[str], tuple[int, frozenset[Change]]]:
    """Per set of roles the person can count toward on the deadline, the cheapest changes giving it."""
    opts = options(d, person)
    out: dict[frozenset[str], tuple[int, frozenset[Change]]] = {}
    cap = person.max_new_exams
    for size in range(len(opts) + 1):
        for combo in itertools.combinations(opts, size):
            if cap is not None and sum(1 for _, kind in combo if kind == "new") > cap:
                continue
            new = frozenset(gives(ch) for ch in combo)
            rs = role_set(d, items(d, person, d.deadline, new))
            cost = sum(cents(d, person, ch) for ch in combo)
            key = (cost, len(combo))
            if rs not in out or key < (out[rs][0], len(out[rs][1])):
                out[rs] = (cost, frozenset(combo))
    return out


def cheapest(d: Designation) -> Optimum | None:
    """The cheapest plan meeting the level on the deadline (fewest changes on ties), or None."""
    people = [p for p in d.scenario.staff if p.leaves_on is None or p.leaves_on > d.deadline]
    per_person = [sorted(choices(d, p).items(), key=lambda kv: (kv[1][0], len(kv[1][1]))) for p in people]
    best: tuple[tuple[int, int], Optimum] | None = None
    for pick in itertools.product(*per_person):
        cost = sum(c for _, (c, _) in pick)
        count = sum(len(ch) for _, (_, ch) in pick)
        if best is not None and (cost, count) >= best[0]:
            continue
        track, total, met = counting(scores(d, counts_of(d, [rs for rs, _ in pick])))
        if met:
            changes = tuple((p.id, ch) for p, (_, (_, ch)) in zip(people, pick, strict=True) if ch)
            best = ((cost, count), Optimum(cost, changes, track, total))
    return None if best is None else best[1]
