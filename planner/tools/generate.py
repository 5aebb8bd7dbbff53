"""Synthetic scenarios for trying the planner at scale: `planner generate --staff N --seed S`.

The story of a generated scenario: a large partner whose staff mostly hold no exam of the competency.
Some hold an exam of the first list (application), fewer one of another list, a few hold two lists that
no role needs together, and a few senior consultants hold every list; all of those seniors but one
leave before the deadline, which is why the partner plans. Rates vary, some people may only take
certain exams (`can_take`) or only so many (`max_new_exams`), and a few others leave too.

Everything is drawn from `random.Random(seed)` and the dates are explicit (nothing reads the clock),
so the same arguments give a byte-identical file. The YAML text is written here, not by a YAML
library: every scalar is either a number, a date, or a string from a safe alphabet (anything else is
double-quoted), which makes 100,000 people a fraction of a second. Exam codes come from the catalog.

What is written is what the loader reads: as_of lies in AS_OF_RANGE, so that every date written (passes
up to five years before it, the deadline and departures up to 444 days after) lies in the loader's years;
at most MAX_STAFF people (some 33 MB, half the 64 MiB the loader reads); and the text comes a block of
people at a time (`scenario_chunks`), never whole. Each person's line costs the loader's memory budget
less than 64 bytes a character (a flow mapping of a dozen short fields), so no roster is too dense.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from models.catalog import Catalog, Exam, ExamList, Metric, Score, certification_id
from models.certification import CertificationCatalog
from planner.rules.domain import add_months, new_exam_is_open, takeable_window
from planner.rules.points import parts_points

_T = TypeVar("_T")
DEFAULT_AS_OF = dt.date(2017, 11, 20)
HORIZON_DAYS = 222  # as_of to deadline: 2017-11-20 -> 2018-06-30
HISTORY_DAYS = 4 * 365  # recorded passes happened within this many days before as_of
SENIORS = 3  # people who hold every list; all but one of them leave before the deadline
BLOCK = 1_000  # people made into text at a time
MAX_STAFF = 500_000
"""The most people generate writes: some 33 MB (66 bytes a person), within the 64 MiB the loader reads."""
AS_OF_RANGE = (dt.date(1996, 1, 1), dt.date(2097, 12, 31))
"""The as_of days generate serves: the dates it writes reach five years before as_of (passes; a lapsed
certification earned up to three years before it expired, up to two years before as_of) and 444 days after
it (the deadline 222 days after, departures up to twice that), and a scenario's dates lie in 1990 to 2099."""

# Share of people by what they hold (the rest hold nothing of the competency).
P_FIRST_LIST = 0.12
P_OTHER_LIST = 0.06  # shared by the other lists
P_TWO_LISTS = 0.015  # two lists that no role needs together
P_LEAVES = 0.015
P_RATE = 0.75
P_CAN_TAKE = 0.05
P_MAX_NEW = 0.06

FIRST_NAMES = ("Ana", "Ben", "Chen", "Dana", "Emil", "Fatima", "Goran", "Hana", "Ivan", "Julia", "Kenji",
               "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor",
               "Wei", "Ximena", "Yusuf", "Zoe")
LAST_NAMES = ("Abe", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
              "Kowalski", "Lopez", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Silva", "Tanaka",
              "Ueda", "Vargas", "Weber", "Xu", "Yilmaz", "Zhang")

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._@+-]*[A-Za-z0-9]|[A-Za-z]")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar(value: str) -> str:
    """A string as a YAML flow scalar: plain when that is safe, else double-quoted (JSON is valid YAML)."""
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML11_WORDS and ": " not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def generate_scenario(staff: int, seed: int, *, as_of: dt.date | None = None,
                      catalog: Catalog | None = None) -> str:
    """The YAML text of a synthetic scenario with `staff` people (schema_version 1); for a catalog with a
    scored level, a scored scenario (as_of by default 2026-12-01, else 2017-11-20)."""
    return "".join(scenario_chunks(staff, seed, as_of=as_of, catalog=catalog))


def arguments_problem(staff: int, as_of: dt.date | None, catalog: Catalog | None = None) -> str | None:
    """Why generate cannot write a scenario the loader reads for these arguments, or None (`catalog`: a
    scored designation is not written for a day before its earliest known revision)."""
    if staff < 0:
        return f"--staff {staff}: must be 0 or more"
    if staff > MAX_STAFF:
        return (f"--staff {staff} is more than {MAX_STAFF:,}, the most generate writes (some 33 MB; the "
                "planner reads files of at most 64 MiB)")
    first, last = AS_OF_RANGE
    if as_of is not None and not first <= as_of <= last:
        return (f"--as-of {as_of} is outside the days generate serves, {first} to {last}: its dates reach 5 "
                "years before as_of and 444 days after, and a scenario's dates lie in the years 1990 to 2099")
    if as_of is not None and catalog is not None:
        return _before_every_revision(as_of, catalog)
    return None


def _before_every_revision(as_of: dt.date, catalog: Catalog) -> str | None:
    """Why a scored designation is not written for as_of: the day comes before its earliest known revision
    (the loader refuses it: the rules before it are not known), or None."""
    earliest = _earliest_revision(catalog)
    if earliest is None or as_of >= earliest:
        return None
    return (f"--as-of {as_of} is before {earliest}, the earliest known revision of {catalog.name}: its rules "
            "before that day are not known (give --as-of on or after it)")


def _revisions(catalog: Catalog) -> tuple[Catalog, ...]:
    """The shipped revisions of the catalog's designation when it is a shipped one, else the catalog alone."""
    from planner.rules.catalogs import shipped_catalogs

    known = shipped_catalogs()
    if catalog.id in known.ids() and catalog.revision in {c.revision for c in known.revisions(catalog.id)}:
        return known.revisions(catalog.id)
    return (catalog,)


def _earliest_revision(catalog: Catalog) -> dt.date | None:
    """The day of a scored designation's earliest known revision (None: not scored; its rules are read
    on any day)."""
    return _revisions(catalog)[0].revision if is_scored(catalog) else None


def _in_force(catalog: Catalog, day: dt.date) -> Catalog:
    """The revision of the catalog's designation in force on `day` (the loader plans against it)."""
    current = catalog
    for revision in _revisions(catalog):
        if revision.revision <= day:
            current = revision
    return current


def oversize_problem(staff: int, seed: int, *, as_of: dt.date | None = None,
                     catalog: Catalog | None = None) -> str | None:
    """Why the scenario of these arguments is more than the loader reads, or None: a first pass over the
    text, holding none of it (the generator is fast, and this holds for every seed, not most)."""
    from planner.input import yamlio

    chunks = scenario_chunks(staff, seed, as_of=as_of, catalog=catalog)
    size = sum(len(chunk.encode("utf-8")) for chunk in chunks)
    if size <= yamlio.MAX_FILE_BYTES:
        return None
    return (f"the scenario would be {size:,} bytes, more than the {yamlio._size(yamlio.MAX_FILE_BYTES)} the "
            "planner reads; ask for fewer people (--staff)")


def scenario_chunks(staff: int, seed: int, *, as_of: dt.date | None = None,
                    catalog: Catalog | None = None) -> Iterator[str]:
    """The text of generate_scenario, made and given a block of people at a time (ValueError for
    arguments it cannot serve: arguments_problem)."""
    if catalog is None:
        from planner.rules.catalogs import DEFAULT_COMPETENCY, shipped_catalog

        catalog = shipped_catalog(DEFAULT_COMPETENCY)
    problem = arguments_problem(staff, as_of, catalog)
    if problem is not None:
        raise ValueError(problem)
    if is_scored(catalog):
        day = as_of or SCORED_AS_OF
        return _scored_chunks(staff, seed, _in_force(catalog, day), day)
    return _chunks(staff, seed, catalog, as_of or DEFAULT_AS_OF)


def _chunks(staff: int, seed: int, catalog: Catalog, as_of: dt.date) -> Iterator[str]:
    """A slotted competency's scenario: the head, then the people a block at a time."""
    rng = random.Random(seed)
    deadline = as_of + dt.timedelta(days=HORIZON_DAYS)
    draws = _draws_from(catalog, as_of, deadline)
    seniors = set(_sample(rng, staff, min(SENIORS, staff)))
    staying_senior = min(seniors) if seniors else None
    head = _header(staff, seed, as_of, deadline, catalog, draws)
    yield "\n".join([*head, "staff:" if staff else "staff: []"]) + "\n"
    for start in range(0, staff, BLOCK):
        yield "".join(_person_line(rng, i, draws, as_of, deadline, senior=i in seniors,
                                   leaving_senior=i in seniors and i != staying_senior) + "\n"
                      for i in range(start, min(staff, start + BLOCK)))


@dataclass(frozen=True)
class _Draws:
    """What people's passes and exams to take are drawn from."""

    lists: list[list[tuple[Exam, float]]]  # per list someone could hold: its exams, weighted
    pairs: list[tuple[int, int]]  # two of those lists that no role needs together
    open_codes: list[str]  # exams a plan may add
    list_codes: list[list[str]]  # per list: its exams a plan may add


def _draws_from(catalog: Catalog, as_of: dt.date, deadline: dt.date) -> _Draws:
    exams = {e.code: e for e in catalog.exams}
    lists = [_held_choices(lst, exams, as_of) for lst in catalog.lists]
    lists = [choices for choices in lists if choices]
    pairs = _pairs_no_role_needs(catalog, len(lists))
    open_codes = [e.code for e in catalog.exams if new_exam_is_open(e, as_of, deadline)]
    list_codes = [[c for c in lst.exams if c in open_codes] for lst in catalog.lists]
    return _Draws(lists, pairs, open_codes, [codes for codes in list_codes if codes])


def _pairs_no_role_needs(catalog: Catalog, count: int) -> list[tuple[int, int]]:
    """Pairs of list numbers below `count` whose two catalog lists no role needs together."""
    together = [{lid for lid in role.lists} for role in catalog.roles]
    return [(a, b) for a, b in itertools.combinations(range(count), 2)
            if not any({catalog.lists[a].id, catalog.lists[b].id} <= need for need in together)]


def _header(staff: int, seed: int, as_of: dt.date, deadline: dt.date, catalog: Catalog,
            draws: _Draws) -> list[str]:
    """The lines before the staff: the comment, the scenario's settings and costs."""
    out = [
        f"# Generated by `planner generate --staff {staff} --seed {seed} --as-of {as_of}`:",
        "# a synthetic roster for trying the planner at scale. Most people hold no exam of the competency;",
        "# of the few who hold every list, all but one leave before the deadline.",
        "schema_version: 1",
        f"name: {scalar(f'Generated roster ({staff} people, seed {seed})')}",
        f"competency: {scalar(catalog.id)}",
        f"as_of: {as_of}",
        f"deadline: {deadline}",
        "organization: {name: Contoso (generated), market: developed, revenue_usd: 450000, dpor: true}",
        "costs:",
        "  exam_fee_usd: 165",
        "  prep_hours: 12",
        "  hourly_rate_usd: 60",
    ]
    newest = [codes[0] for codes in draws.list_codes]
    if newest:
        out.append("  exams:")
        out += [f"    {scalar(code)}: {{prep_hours: 16}}" for code in newest]
    return out


def _person_line(rng: random.Random, i: int, draws: _Draws, as_of: dt.date, deadline: dt.date, *,
                 senior: bool, leaving_senior: bool) -> str:
    """One person of the staff, drawn in a fixed order (the same seed gives the same file)."""
    fields = [f"id: e{i:06d}", f"name: {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"]
    if senior:
        held = [_pick(rng, choices) for choices in draws.lists]
    else:
        held = _holdings(rng, draws.lists, draws.pairs)
    if held:
        fields.append("passed: [" + ", ".join(_pass(rng, exam, as_of) for exam in held) + "]")
    return _with_limits(rng, fields, draws, as_of, deadline, leaving_senior)



def _with_limits(rng: random.Random, fields: list[str], draws: _Draws, as_of: dt.date, deadline: dt.date,
                 senior: bool) -> str:
    """A person's line: their fields, then the drawn limits (can_take, max_new_exams), leaving day and rate,
    drawn in this order (the same seed gives the same file)."""
    allowed = _can_take(rng, draws)
    if allowed is not None:
        fields.append("can_take: [" + ", ".join(scalar(c) for c in allowed) + "]")
    if rng.random() < P_MAX_NEW:
        fields.append(f"max_new_exams: {int(rng.random() * 3)}")
    leaves = _leaves_on(rng, as_of, deadline, senior=senior)
    if leaves is not None:
        fields.append(f"leaves_on: {leaves}")
    if rng.random() < P_RATE:
        fields.append(f"hourly_rate_usd: {_rate(rng)}")
    return "  - {" + ", ".join(fields) + "}"

def _can_take(rng: random.Random, draws: _Draws) -> list[str] | None:
    """For a few people, the only exams they may take: one list's, sometimes two lists'; else None."""
    list_codes = draws.list_codes
    if not (rng.random() < P_CAN_TAKE and list_codes):
        return None
    allowed = list_codes[int(rng.random() * len(list_codes))]
    if rng.random() < 0.5 and len(list_codes) > 1:
        other = list_codes[int(rng.random() * len(list_codes))]
        allowed = [c for c in draws.open_codes if c in allowed or c in other]
    return allowed


def _held_choices(lst: ExamList, exams: dict[str, Exam], as_of: dt.date) -> list[tuple[Exam, float]]:
    """The list's exams someone could have passed in the years before as_of, newest (first) most often."""
    out = []
    for position, code in enumerate(lst.exams):
        exam = exams[code]
        if takeable_window(exam, as_of - dt.timedelta(days=HISTORY_DAYS), as_of) is not None:
            out.append((exam, 1.0 / (position + 1)))
    return out


def _pick(rng: random.Random, choices: list[tuple[_T, float]]) -> _T:
    total = sum(w for _, w in choices)
    u = rng.random() * total
    for exam, weight in choices:
        u -= weight
        if u < 0:
            return exam
    return choices[-1][0]


def _holdings(rng: random.Random, lists: list[list[tuple[Exam, float]]],
              pairs: list[tuple[int, int]]) -> list[Exam]:
    """What an ordinary person holds: mostly nothing, some the first list, fewer another list or two."""
    u = rng.random()
    if not lists or u >= P_FIRST_LIST + P_OTHER_LIST + P_TWO_LISTS:
        return []
    if u < P_FIRST_LIST or len(lists) == 1:
        held = [_pick(rng, lists[0])]
        if rng.random() < 0.2:  # some hold two exams of the same list
            second = _pick(rng, lists[0])
            if second is not held[0]:
                held.append(second)
        return held
    if u < P_FIRST_LIST + P_OTHER_LIST or not pairs:
        return [_pick(rng, lists[1 + int(rng.random() * (len(lists) - 1))])]
    a, b = pairs[int(rng.random() * len(pairs))]
    return [_pick(rng, lists[a]), _pick(rng, lists[b])]


def _pass(rng: random.Random, exam: Exam, as_of: dt.date) -> str:
    """One recorded pass, dated on a day it could be taken (one in ten without a date)."""
    if rng.random() < 0.1:
        return scalar(exam.code)
    window = takeable_window(exam, as_of - dt.timedelta(days=HISTORY_DAYS), as_of)
    assert window is not None
    first, last = window
    day = first + dt.timedelta(days=int(rng.random() * ((last - first).days + 1)))
    return f"{{exam: {scalar(exam.code)}, date: {day}}}"


def _leaves_on(rng: random.Random, as_of: dt.date, deadline: dt.date, *, senior: bool) -> dt.date | None:
    """Leaving seniors go before the deadline; of the others a few leave, some after the deadline."""
    if senior:
        return as_of + dt.timedelta(days=1 + int(rng.random() * (deadline - as_of).days))
    if rng.random() >= P_LEAVES:
        return None
    return as_of + dt.timedelta(days=1 + int(rng.random() * 2 * (deadline - as_of).days))


def _rate(rng: random.Random) -> str:
    """An hourly rate from 30 to 180 US$ in steps of 5, most near 70 (triangular)."""
    return _number(30 + 5 * round(rng.triangular(0, 30, 8)))


def _sample(rng: random.Random, n: int, k: int) -> list[int]:
    """k distinct indexes below n."""
    chosen: list[int] = []
    while len(chosen) < k:
        i = int(rng.random() * n)
        if i not in chosen:
            chosen.append(i)
    return chosen


# Scored designations (a level with `score:`): `planner generate --competency <scored catalog>`.
# The story: a partner whose non-exam metrics give 40-55 of the points (so the designation needs certified
# people too), a few percent holding a certification of the first exam metric and fewer of the others.
# Certifications expire yearly: only a handful still count on the deadline, some expire before it and can
# be renewed (more than a month after as_of), and many have already expired (earned again or not at all).
# The default day lies in the latest revision of the shipped designations (2026-05-08), after the
# retirements of 30 Jun and 31 Aug 2026; a scored scenario is never written before its designation's
# earliest known revision (the loader refuses it).
SCORED_AS_OF = dt.date(2026, 12, 1)
P_FIRST_METRIC = 0.03  # people holding a certification of the first exam metric (e.g. intermediate)
P_LATER_METRIC = 0.008  # of each later exam metric (e.g. advanced), most also holding the first
P_ALSO_FIRST = 0.7
P_STILL = 0.3  # of a first metric's holders, while fewer than `keep` do: still counting on the deadline
P_RENEWABLE = 0.4  # of the other holders (up to a third of a later metric's threshold): the rest have lapsed
SCORED_PREP_HOURS = 16
RENEWAL_PREP_HOURS = 2


@dataclass(frozen=True)
class _ScoredDraws:
    """What a scored scenario's people are drawn from."""

    metrics: list[list[tuple[str, float]]]  # per exam metric: its lists' and gate steps' passes, weighted
    keep: list[int]  # per exam metric: how many of its holders at most still count on the deadline
    renewable: list[int | None]  # per exam metric: how many at most can renew (None: no limit)
    open_codes: list[str]
    list_codes: list[list[str]]


def is_scored(catalog: Catalog) -> bool:
    """The catalog has a scored level (points over metrics)."""
    return any(level.score is not None for level in catalog.levels)


def generate_scored_scenario(staff: int, seed: int, catalog: Catalog, *,
                             as_of: dt.date = SCORED_AS_OF) -> str:
    """The YAML text of a synthetic scenario with `staff` people for the catalog's first scored level."""
    problem = arguments_problem(staff, as_of, catalog)
    if problem is not None:
        raise ValueError(problem)
    return "".join(_scored_chunks(staff, seed, _in_force(catalog, as_of), as_of))


def _scored_chunks(staff: int, seed: int, catalog: Catalog, as_of: dt.date) -> Iterator[str]:
    """A scored scenario: the head, then the people a block at a time."""
    level = next(lv for lv in catalog.levels if lv.score is not None)
    assert level.score is not None
    rng = random.Random(seed)
    deadline = as_of + dt.timedelta(days=HORIZON_DAYS)
    tracks = sorted(level.score.tracks)
    track = rng.choice(tracks) if tracks else None
    figures = _figures(rng, level.score, track)
    draws = _scored_draws(catalog, level.score, track, as_of, deadline)
    head = _scored_header(staff, seed, as_of, deadline, catalog, track, figures)
    yield "\n".join([*head, "staff:" if staff else "staff: []"]) + "\n"
    kept = {state: [0] * len(draws.metrics) for state in ("still", "renewable")}
    for start in range(0, staff, BLOCK):
        yield "".join(_scored_person_line(rng, i, draws, kept, as_of, deadline) + "\n"
                      for i in range(start, min(staff, start + BLOCK)))


def _scored_draws(catalog: Catalog, score: Score, track: str | None, as_of: dt.date,
                  deadline: dt.date) -> _ScoredDraws:
    """Per exam metric, the exams and certifications of every list of it and of its gate steps; a quarter
    of the first metric's threshold of its holders still count on the deadline, none of the later
    metrics', of which a third of the threshold (at least 1) can renew: on every roster size a later metric
    needs new certifications."""
    from planner.rules.certifications import shipped_certifications

    exam_metrics = [m for m in score.metrics if m.lists]
    exams = {e.code: e for e in catalog.exams}
    lists = {lst.id: lst for lst in catalog.lists}
    base = _draws_from(catalog, as_of, deadline)
    certifications = shipped_certifications()
    return _ScoredDraws([_metric_choices([lists[lid] for lid in _drawn_lists(m)], exams, certifications,
                                         as_of, deadline) for m in exam_metrics],
                        [m.threshold_for(track) // 4 if n == 0 else 0 for n, m in enumerate(exam_metrics)],
                        [None if n == 0 else max(1, m.threshold_for(track) // 3)
                         for n, m in enumerate(exam_metrics)],
                        base.open_codes, base.list_codes)


def _drawn_lists(m: Metric) -> list[str]:
    """The lists an exam metric's people are drawn from: its own, then each gate step's, each once (a
    gated designation's people hold the steps' certifications too, so its gates can be met)."""
    return list(dict.fromkeys([*m.lists, *(lid for step in m.gate for lid in step.lists)]))


def _metric_choices(lists: list[ExamList], exams: dict[str, Exam], certifications: CertificationCatalog,
                    as_of: dt.date, deadline: dt.date) -> list[tuple[str, float]]:
    """The passes of every list (_scored_choices), a pass in several lists once (its first weight)."""
    found: dict[str, float] = {}
    for lst in lists:
        for held, weight in _scored_choices(lst, exams, certifications, as_of, deadline):
            found.setdefault(held, weight)
    return list(found.items())


def _scored_choices(lst: ExamList, exams: dict[str, Exam], certifications: CertificationCatalog,
                    as_of: dt.date, deadline: dt.date) -> list[tuple[str, float]]:
    """A list's passes someone could hold, first (newest) most often: its exams passed in the years before
    as_of ('exam: X'), and its certifications ('certification: <id>', held as given) that can still be
    earned, renewed and counted through the deadline."""
    out: list[tuple[str, float]] = []
    for position, item in enumerate(lst.items):
        cid = certification_id(item)
        if cid is None:
            exam = exams[item]
            if takeable_window(exam, as_of - dt.timedelta(days=HISTORY_DAYS), as_of) is not None:
                out.append((f"exam: {scalar(item)}", 1.0 / (position + 1)))
        elif cid in certifications and _lasts(certifications, cid, deadline):
            out.append((f"certification: {scalar(cid)}", 1.0 / (position + 1)))
    return out


def _lasts(certifications: CertificationCatalog, cid: str, deadline: dt.date) -> bool:
    """The certification is not retired by the deadline and still counts on it."""
    cert = certifications.certification(cid)
    return ((cert.retired is None or cert.retired > deadline)
            and (cert.counts_until is None or cert.counts_until >= deadline))


Figure = int | dict[str, int]
"""A non-exam metric's figure: one number, or one per part (association type)."""


def _figure(rng: random.Random, m: Metric, track: str | None) -> Figure:
    """A figure from 1 to the metric's threshold on the track (per part that counts on it)."""
    if m.parts:
        return {name: 1 + int(rng.random() * t) for name, part in m.parts.items()
                if (t := part.threshold_for(track)) is not None}
    return 1 + int(rng.random() * m.threshold_for(track))


def _figure_points(m: Metric, figure: Figure, track: str | None) -> Fraction:
    return parts_points(m, track, figure) if isinstance(figure, dict) else m.points(figure, track)


def _figure_text(figure: Figure) -> str:
    if isinstance(figure, dict):
        return "{" + ", ".join(f"{scalar(k)}: {v}" for k, v in figure.items()) + "}"
    return str(figure)


def _figures(rng: random.Random, score: Score, track: str | None) -> dict[str, Figure]:
    """Figures for the non-exam metrics, each earning more than 0, whose points add up to between
    (total - the exam metrics' maximum + 5) and (total - 15): reachable, but only with certified people."""
    inputs = [(str(m.input), m) for m in score.metrics if not m.lists and m.input]
    exam_max = sum(Fraction(str(m.max_points)) for m in score.metrics if m.lists)
    total = Fraction(str(score.total))
    low, high = total - exam_max + 5, total - 15
    best: dict[str, Figure] = {}
    best_gap: Fraction | None = None
    for _ in range(1000):
        figures = {key: _figure(rng, m, track) for key, m in inputs}
        points = sum((_figure_points(m, figures[key], track) for key, m in inputs), Fraction(0))
        gap = max(low - points, points - high, Fraction(0))
        if best_gap is None or gap < best_gap:
            best, best_gap = figures, gap
        if gap == 0:
            break
    return best


def _scored_header(staff: int, seed: int, as_of: dt.date, deadline: dt.date, catalog: Catalog,
                   track: str | None, figures: dict[str, Figure]) -> list[str]:
    """The lines before the staff: the comment, the organization (track, metrics) and the costs."""
    organization = "{name: Contoso (generated), market: developed, revenue_usd: 450000, dpor: true"
    if track is not None:
        organization += f", track: {scalar(track)}"
    metrics = ", ".join(f"{scalar(key)}: {_figure_text(value)}" for key, value in figures.items())
    return [
        f"# Generated by `planner generate --staff {staff} --seed {seed} --competency {catalog.id} "
        f"--as-of {as_of}`:",
        "# a synthetic roster for a scored designation. The non-exam metrics alone fall short; few people",
        "# hold a certification that still counts on the deadline, some can renew one, many have lapsed.",
        "schema_version: 1",
        f"name: {scalar(f'Generated scored roster ({staff} people, seed {seed})')}",
        f"competency: {scalar(catalog.id)}",
        f"as_of: {as_of}",
        f"deadline: {deadline}",
        f"organization: {organization}, metrics: {{{metrics}}}}}",
        "costs:",
        "  exam_fee_usd: 165",
        f"  prep_hours: {SCORED_PREP_HOURS}",
        "  hourly_rate_usd: 60",
        "  renewal_fee_usd: 0",
        f"  renewal_prep_hours: {RENEWAL_PREP_HOURS}",
    ]


def _scored_person_line(rng: random.Random, i: int, draws: _ScoredDraws, kept: dict[str, list[int]],
                        as_of: dt.date, deadline: dt.date) -> str:
    """One person of a scored scenario, drawn in a fixed order (the same seed gives the same file)."""
    fields = [f"id: e{i:06d}", f"name: {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"]
    passes = []
    for m in _metrics_held(rng, len(draws.metrics)):
        if not draws.metrics[m]:
            continue
        state = _pass_state(rng, m, draws, kept)
        passes.append(_expiring_pass(rng, _pick(rng, draws.metrics[m]), as_of, deadline, state))
    if passes:
        fields.append("passed: [" + ", ".join(passes) + "]")
    return _with_limits(rng, fields, _Draws([], [], draws.open_codes, draws.list_codes), as_of, deadline,
                        False)


def _metrics_held(rng: random.Random, count: int) -> list[int]:
    """Which exam metrics (by number) a person holds a certification of: mostly none."""
    u = rng.random()
    if count == 0 or u >= P_FIRST_METRIC + P_LATER_METRIC * (count - 1):
        return []
    if u < P_FIRST_METRIC or count == 1:
        return [0]
    later = 1 + int((u - P_FIRST_METRIC) / P_LATER_METRIC)
    return [0, later] if rng.random() < P_ALSO_FIRST else [later]


def _pass_state(rng: random.Random, m: int, draws: _ScoredDraws, kept: dict[str, list[int]]) -> str:
    """still (counts on the deadline), renewable or lapsed, within the draws' limits; `kept` counts."""
    limit = draws.renewable[m]
    if kept["still"][m] < draws.keep[m] and rng.random() < P_STILL:
        state = "still"
    elif rng.random() < P_RENEWABLE and (limit is None or kept["renewable"][m] < limit):
        state = "renewable"
    else:
        return "lapsed"
    kept[state][m] += 1
    return state


def _expiring_pass(rng: random.Random, held: str, as_of: dt.date, deadline: dt.date, state: str) -> str:
    """A certification earned a year (or, renewed since, whole years) before it expires: still counting on
    the deadline, renewable (expiring more than a month after as_of and before the deadline) or lapsed."""
    if state == "still":
        days = (add_months(as_of, 12) - deadline).days
        expires = deadline + dt.timedelta(days=1 + int(rng.random() * days))
    elif state == "renewable":
        first = add_months(as_of, 1) + dt.timedelta(days=1)
        expires = first + dt.timedelta(days=int(rng.random() * (deadline - first).days))
    else:
        expires = as_of - dt.timedelta(days=1 + int(rng.random() * 2 * 365))
    earned = add_months(expires, -12 * (1 + int(rng.random() * 3)))
    return f"{{{held}, date: {earned}, expires: {expires}}}"
