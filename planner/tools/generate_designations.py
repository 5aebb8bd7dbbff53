"""Synthetic rosters for several Solutions Partner designations at once: `planner generate --staff N --seed
S --competency all` (or several --competency of scored designations).

The story: a partner working toward every designation named. Each designation has its own figures
(organization.metrics by designation id), which give 40-55 of its points, so that each needs certified
people too. A few percent of the staff hold a certification of some designation's lists (passes naming
the certification by id, with Microsoft's yearly expiry written out): a third still count on the deadline,
some expire before it and can be renewed, the rest have lapsed; a few hold two, some an expert
certification whose prerequisite they do not hold. Rates, limits (can_take by exam code, max_new_exams) and
leavers are drawn as for one designation.

As generate.py: everything comes from `random.Random(seed)` with explicit dates, written a block of people
at a time, every scalar from a safe alphabet.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping
from fractions import Fraction

from models.catalog import Catalog, Metric, Score
from models.certification import Certification, CertificationCatalog
from planner.rules.domain import add_months
from planner.rules.points import parts_points
from planner.tools.generate import (
    BLOCK,
    FIRST_NAMES,
    HORIZON_DAYS,
    LAST_NAMES,
    RENEWAL_PREP_HOURS,
    SCORED_PREP_HOURS,
    _Draws,
    _with_limits,
    scalar,
)

DESIGNATIONS_AS_OF = dt.date(2026, 6, 1)
"""The default as_of of a roster for several designations: the latest revisions (2026-05-08) in force."""
P_HOLDS = 0.05  # people holding a certification of some designation's lists
P_SECOND = 0.25  # of those, people holding a second one
P_STILL = 0.35  # a held certification still counts on the deadline
P_RENEWABLE = 0.3  # else: it expires before the deadline and can be renewed (the rest have lapsed)


def generate_designations_scenario(staff: int, seed: int, catalogs: list[Catalog],
                                   certifications: CertificationCatalog, *,
                                   as_of: dt.date = DESIGNATIONS_AS_OF) -> str:
    """The YAML text of a roster for every designation of `catalogs` (their revisions in force on as_of)."""
    return "".join(designations_chunks(staff, seed, catalogs, certifications, as_of=as_of))


def designations_chunks(staff: int, seed: int, catalogs: list[Catalog], certifications: CertificationCatalog,
                        *, as_of: dt.date = DESIGNATIONS_AS_OF) -> Iterator[str]:
    """The head (targets, a track, figures by designation, costs), then the people a block at a time."""
    rng = random.Random(seed)
    deadline = as_of + dt.timedelta(days=HORIZON_DAYS)
    track = "enterprise"
    figures = {c.id: _figures(rng, _score(c), track) for c in catalogs}
    held = _held_choices(catalogs, certifications, as_of, deadline)
    open_codes = sorted({code for cert in held for code in cert.exams})
    list_codes = [sorted({code for cert in held if cert.id in _items(c) for code in cert.exams})
                  for c in catalogs]  # can_take: one designation's exams, sometimes two
    draws = _Draws([], [], open_codes, [codes for codes in list_codes if codes])
    yield "\n".join([*_header(staff, seed, as_of, deadline, catalogs, track, figures),
                     "staff:" if staff else "staff: []"]) + "\n"
    for start in range(0, staff, BLOCK):
        yield "".join(_person_line(rng, i, held, draws, as_of, deadline) + "\n"
                      for i in range(start, min(staff, start + BLOCK)))


def _score(catalog: Catalog) -> Score:
    level = next(lv for c in catalog.option_catalogs() for lv in c.levels if lv.score is not None)
    assert level.score is not None
    return level.score


def _items(catalog: Catalog) -> set[str]:
    """Every certification id a designation's lists name."""
    return {cid for lst in catalog.lists for cid in lst.certifications}


def _held_choices(catalogs: list[Catalog], certifications: CertificationCatalog, as_of: dt.date,
                  deadline: dt.date) -> list[Certification]:
    """The certifications the designations' lists name that someone may hold and a plan may earn: with
    their exams known, not retired before the deadline, in the catalog's order."""
    wanted = set().union(*(_items(c) for c in catalogs))
    return [cert for cert in certifications.certifications
            if cert.id in wanted and cert.exams and (cert.retired is None or cert.retired >= deadline)
            and (cert.counts_until is None or cert.counts_until >= deadline)]


def _figures(rng: random.Random, score: Score, track: str) -> dict[str, int | dict[str, int]]:
    """Figures for the non-exam metrics (a mapping by part for a metric with parts), each earning more
    than 0, whose points add up to between (total - the exam metrics' maximum + 5) and (total - 15)."""
    inputs = [m for m in score.metrics if not m.lists and m.input]
    exam_max = sum(Fraction(str(m.max_points)) for m in score.metrics if m.lists)
    total = Fraction(str(score.total))
    low, high = total - exam_max + 5, total - 15
    on = track if track in score.tracks else (score.tracks[0] if score.tracks else None)
    best: dict[str, int | dict[str, int]] = {}
    best_gap: Fraction | None = None
    for _ in range(1000):
        figures = {str(m.input): _figure(rng, m, on) for m in inputs}
        points = sum((_points(m, on, figures[str(m.input)]) for m in inputs), Fraction(0))
        gap = max(low - points, points - high, Fraction(0))
        if best_gap is None or gap < best_gap:
            best, best_gap = figures, gap
        if gap == 0:
            break
    return best


def _figure(rng: random.Random, metric: Metric, track: str | None) -> int | dict[str, int]:
    if not metric.parts:
        return 1 + int(rng.random() * metric.threshold_for(track))
    return {name: 1 + int(rng.random() * (part.threshold_for(track) or 1))
            for name, part in metric.parts.items()}


def _points(metric: Metric, track: str | None, figure: int | Mapping[str, int]) -> Fraction:
    if isinstance(figure, Mapping):
        return parts_points(metric, track, {k: float(v) for k, v in figure.items()})
    return metric.points(figure, track)


def _header(staff: int, seed: int, as_of: dt.date, deadline: dt.date, catalogs: list[Catalog], track: str,
            figures: dict[str, dict[str, int | dict[str, int]]]) -> list[str]:
    """The lines before the staff: the comment, the targets, the organization and the costs."""
    ids = [c.id for c in catalogs]
    targets = ", ".join(f"{scalar(c.id)}:{scalar(lv.id)}" for c in catalogs for lv in c.levels
                        if lv.score is not None)
    metrics = ", ".join(f"{scalar(cid)}: {{{_figures_text(fig)}}}" for cid, fig in figures.items())
    return [
        f"# Generated by `planner generate --staff {staff} --seed {seed} "
        + " ".join(f"--competency {cid}" for cid in ids) + f" --as-of {as_of}`:",
        "# a synthetic roster for several designations. Each designation's own non-exam figures fall short;",
        "# few people hold a certification that still counts on the deadline, some can renew one.",
        "schema_version: 1",
        f"name: {scalar(f'Generated roster for {len(ids)} designations ({staff} people, seed {seed})')}",
        f"competency: {scalar(ids[0])}",
        f"targets: [{targets}]",
        f"as_of: {as_of}",
        f"deadline: {deadline}",
        f"organization: {{name: Contoso (generated), track: {track}, metrics: {{{metrics}}}}}",
        "costs:",
        "  exam_fee_usd: 165",
        f"  prep_hours: {SCORED_PREP_HOURS}",
        "  hourly_rate_usd: 60",
        "  renewal_fee_usd: 0",
        f"  renewal_prep_hours: {RENEWAL_PREP_HOURS}",
    ]


def _figures_text(figures: dict[str, int | dict[str, int]]) -> str:
    return ", ".join(f"{scalar(key)}: " + (f"{{{', '.join(f'{scalar(p)}: {n}' for p, n in value.items())}}}"
                                           if isinstance(value, dict) else str(value))
                     for key, value in figures.items())


def _person_line(rng: random.Random, i: int, held: list[Certification], draws: _Draws, as_of: dt.date,
                 deadline: dt.date) -> str:
    """One person, drawn in a fixed order (the same seed gives the same file)."""
    fields = [f"id: e{i:06d}", f"name: {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"]
    if held and rng.random() < P_HOLDS:
        certs = [held[int(rng.random() * len(held))]]
        if rng.random() < P_SECOND:
            second = held[int(rng.random() * len(held))]
            certs += [second] if second is not certs[0] else []
        fields.append("passed: [" + ", ".join(_pass(rng, c, as_of, deadline) for c in certs) + "]")
    return _with_limits(rng, fields, draws, as_of, deadline, False)


def _pass(rng: random.Random, cert: Certification, as_of: dt.date, deadline: dt.date) -> str:
    """A certification pass earned a year (or whole years, renewed since) before it expires: still counting
    on the deadline, renewable (expiring more than a month after as_of, before the deadline) or lapsed."""
    u = rng.random()
    if u < P_STILL:
        days = (add_months(as_of, 12) - deadline).days
        expires = deadline + dt.timedelta(days=1 + int(rng.random() * max(days, 1)))
    elif u < P_STILL + P_RENEWABLE:
        first = add_months(as_of, 1) + dt.timedelta(days=1)
        expires = first + dt.timedelta(days=int(rng.random() * (deadline - first).days))
    else:
        expires = as_of - dt.timedelta(days=1 + int(rng.random() * 2 * 365))
    earned = add_months(expires, -12 * (1 + int(rng.random() * 3)))
    if cert.kind == "fundamentals":
        return f"{{certification: {scalar(cert.id)}, date: {earned}}}"
    return f"{{certification: {scalar(cert.id)}, date: {earned}, expires: {expires}}}"
