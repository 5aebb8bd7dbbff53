"""The pictures of the HTML pages, as inline SVG (no script, no library): a scored level's points per
metric against what each metric can give (today, on the deadline, with the plan), and a plan's cost
stacked as exam fees and staff hours. Every figure says in text what it draws (each bar's numbers, and a
title per bar), so the words are those of the tables beside it; the SVGs scale down to a phone's width.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from models.report import NewExam, PlanReport, Renewal, ScoreStanding
from planner.report.words import Who, item_title, metric_standing_word, money, points, total_points

GREEN = "#1a7f37"
AMBER = "#bf8700"
RED = "#cf222e"
BLUE = "#0969da"
PURPLE = "#8250df"
TRACK = "#eaeef2"


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _svg(title: str, width: float, height: float, body: Sequence[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
            f'viewBox="0 0 {width:g} {height:g}" role="img" aria-label="{_e(title)}">'
            + "".join(body) + "</svg>")


# ---- points per metric -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One bar per metric: a score (today, on the deadline, with the plan) and what to call it."""

    label: str
    score: ScoreStanding


def _fill(m: Any) -> str:
    """Green with every point of the metric, amber with some, red below the level's minimum."""
    if not m.met:
        return RED
    return GREEN if m.points >= m.max_points else AMBER


def _count(m: Any) -> str:
    """'3 of 5 people' for an exam metric, '18 of 30' for a figure of the scenario."""
    if m.kind == "people":
        return f"{round(m.count)} of {points(m.threshold)} {'person' if m.threshold == 1 else 'people'}"
    return f"{points(m.count)} of {points(m.threshold)}"


_LABEL_W, _BAR_W, _ROW_H, _HEAD = 112, 230, 22, 20
"""The points chart's label column, bar length, bar row and metric heading heights."""


def _heading(name: str, y: float) -> str:
    return f'<text x="0" y="{y + 12}" font-size="13" font-weight="600" fill="#1f2328">{_e(name)}</text>'


def _metric_rows(rows: list[str], name: str, bars: Sequence[tuple[str, Any]], y: float) -> float:
    """A metric's heading and one bar per series (its points of the metric's maximum); the next y."""
    rows.append(_heading(name, y))
    y += _HEAD
    for label, m in bars:
        share = 0.0 if m.max_points <= 0 else min(1.0, m.points / m.max_points)
        words = f"{points(m.points)} / {points(m.max_points)} ({_count(m)}), {metric_standing_word(m)}"
        rows.append(_bar(label, words, y, _LABEL_W, _BAR_W, _ROW_H, share, _fill(m)))
        y += _ROW_H
    return y + 6


def points_chart(title: str, series: Sequence[Series], *, chart_id: str) -> str:
    """Per metric, one bar per series: its points against the metric's maximum (the full track, earned at
    the threshold), coloured full / partial / below the minimum; then the total against the points needed
    (a line at the level's total)."""
    if not series:
        return ""
    rows: list[str] = []
    y = 6.0
    for i, m in enumerate(series[0].score.metrics):
        y = _metric_rows(rows, m.name, [(s.label, s.score.metrics[i]) for s in series], y)
    rows.append(_heading("total", y))
    y += _HEAD
    label_w, bar_w, row_h = _LABEL_W, _BAR_W, _ROW_H
    for s in series:
        sc = s.score
        share = 0.0 if sc.out_of <= 0 else min(1.0, sc.points / sc.out_of)
        need = 0.0 if sc.out_of <= 0 else min(1.0, sc.needed / sc.out_of)
        words = f"{total_points(sc)} / {points(sc.out_of)} ({points(sc.needed)} needed)"
        rows.append(_bar(s.label, words, y, label_w, bar_w, row_h, share, GREEN if sc.met else RED))
        x = label_w + bar_w * need
        rows.append(f'<line class="needed" x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + row_h}" '
                    'stroke="#1f2328" stroke-width="2"/>')
        y += row_h
    return (f'<figure id="{_e(chart_id)}" class="points"><figcaption>{_e(title)}</figcaption>'
            + _svg(title, 480, y + 6, rows)
            + '<p class="muted legend">Green: every point of the metric; amber: some; red: below the '
            "level's minimum. The black line: the points the level needs.</p></figure>")


def _bar(label: str, words: str, y: float, label_w: float, bar_w: float, row_h: float, share: float,
         color: str) -> str:
    """One bar: its label on the left, the full track, the filled part and its numbers on it."""
    filled = bar_w * share
    return (f'<g class="metric-bar"><title>{_e(label)}: {_e(words)}</title>'
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12" fill="#59636e">'
            f"{_e(label)}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 6}" rx="3" fill="{TRACK}"'
            + (f' stroke="{RED}"' if color == RED else "") + "/>"
            f'<rect x="{label_w}" y="{y + 3}" width="{filled:.1f}" height="{row_h - 6}" rx="3" '
            f'fill="{color}"/>'
            f'<text x="{label_w + bar_w + 6}" y="{y + 15}" font-size="11" fill="#1f2328">'
            f"{_e(words.split(',')[0])}</text></g>")


# ---- cost: fees and staff hours -----------------------------------------------------------------------


def cost_parts(e: NewExam) -> tuple[float, float]:
    """(fee, staff hours' cost) of an exam: the fee when known (else the whole cost), the rest the hours of
    preparation (or of a renewal) times the person's rate."""
    fee = e.cost_usd if e.fee_usd is None else min(e.fee_usd, e.cost_usd)
    return fee, round(e.cost_usd - fee, 2)


def cost_chart(new_exams: Sequence[NewExam], who: Who, *, chart_id: str = "chart-cost-split") -> str:
    """Per person and in all, the cost of the plan's exams stacked as fees (blue) and staff hours
    (purple), each bar with its figures."""
    if not new_exams:
        return ""
    rows = _cost_rows(new_exams, who)
    all_fees, all_hours = rows[-1][1:]
    top = max(all_fees + all_hours, 0.01)
    body = [_cost_bar(name, fees, hours, 4 + i * _COST_ROW, top, bold=i == len(rows) - 1)
            for i, (name, fees, hours) in enumerate(rows)]
    title = "Cost: exam fees and staff hours"
    return (f'<figure id="{_e(chart_id)}" class="cost-split"><figcaption>{_e(title)}</figcaption>'
            + _svg(title, 480, 8 + _COST_ROW * len(rows), body)
            + f'<p class="muted legend"><span style="color:{BLUE}">Blue</span>: exam fees '
            f"({_e(money(all_fees))}); "
            f'<span style="color:{PURPLE}">purple</span>: staff hours{_e(hours_of(new_exams))} at each '
            f"person's rate ({_e(money(all_hours))}).</p></figure>")


_COST_LABEL, _COST_BAR, _COST_ROW = 120, 170, 26
"""The cost chart's label column, longest bar and row height."""


def _cost_rows(new_exams: Sequence[NewExam], who: Who) -> list[tuple[str, float, float]]:
    """(name, fees, staff hours' cost) per person in the plan's order, then the total."""
    people = list(dict.fromkeys(e.person for e in new_exams))
    rows = []
    for p in people:
        parts = [cost_parts(e) for e in new_exams if e.person == p]
        rows.append((who(p), round(sum(f for f, _ in parts), 2), round(sum(h for _, h in parts), 2)))
    rows.append(("total", round(sum(r[1] for r in rows), 2), round(sum(r[2] for r in rows), 2)))
    return rows


def _cost_bar(name: str, fees: float, hours: float, y: float, top: float, *, bold: bool) -> str:
    """One stacked bar: fees then staff hours, drawn to the scale of the total (`top`)."""
    left = _COST_LABEL
    fee_w, hour_w = _COST_BAR * fees / top, _COST_BAR * hours / top
    words = f"{money(fees)} fees + {money(hours)} staff hours = {money(fees + hours)}"
    label = name if len(name) <= 18 else name[:17] + "…"
    weight = ' font-weight="600"' if bold else ""
    return (f'<g class="cost-bar"><title>{_e(name)}: {_e(words)}</title>'
            f'<text x="{left - 6}" y="{y + 17}" text-anchor="end" font-size="12"{weight}>{_e(label)}</text>'
            f'<rect class="fees" x="{left}" y="{y + 5}" width="{fee_w:.1f}" height="{_COST_ROW - 10}" '
            f'fill="{BLUE}"/>'
            f'<rect class="hours" x="{left + fee_w:.1f}" y="{y + 5}" width="{hour_w:.1f}" '
            f'height="{_COST_ROW - 10}" fill="{PURPLE}"/>'
            f'<text x="{left + fee_w + hour_w + 6:.1f}" y="{y + 17}" font-size="11">'
            f"{_e(money(fees))} + {_e(money(hours))}</text></g>")


def hours_of(new_exams: Sequence[NewExam]) -> str:
    """' of preparation', ' of preparation and renewal' (what the staff hours are spent on)."""
    kinds = [k for k, here in (("preparation", any(not e.renewal for e in new_exams)),
                               ("renewal", any(e.renewal for e in new_exams))) if here]
    return " of " + " and ".join(kinds) if kinds else ""


# ---- renewals in sight ----------------------------------------------------------------------------------


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from `first`'s to `last`'s."""
    out, day = [], first.replace(day=1)
    while day <= last:
        out.append(day)
        day = day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)
    return out


@dataclass(frozen=True)
class _Timeline:
    """Where days fall on a chart of months: the first month's first day, the chart's left edge, the
    width of the months and the number of days they span (to the deadline)."""

    first: dt.date
    left: float
    width: float
    days: int

    def x(self, day: dt.date) -> float:
        return self.left + self.width * min(max((day - self.first).days, 0), self.days) / self.days


def renewal_chart(renewals: Sequence[Renewal], as_of: dt.date, deadline: dt.date, who: Who,
                  *, chart_id: str = "chart-renewals") -> str:
    """A Gantt chart of the certifications that expire by the deadline: one row each, its renewal window as
    a band (none once closed), its expiry as a red tick, and lines on as_of and the deadline; the months
    from the earliest expiry or as_of to the deadline."""
    if not renewals:
        return ""
    months = _months(min(as_of, *(x.expires for x in renewals)), deadline)
    col_w = max(24.0, min(60.0, 330 / len(months)))
    line = _Timeline(months[0], 150, col_w * len(months), (deadline - months[0]).days + 1)
    step = -(-46 // int(col_w))  # a label needs about 46 px: every month, or every second, third...
    body = [f'<text x="{line.x(m):.1f}" y="14" font-size="10" fill="#59636e">{m:%Y-%m}</text>'
            for i, m in enumerate(months) if i % step == 0]
    body += [_renewal_row(x, 22 + i * _RENEWAL_ROW, line, who) for i, x in enumerate(renewals)]
    bottom = 22 + _RENEWAL_ROW * len(renewals)
    for day, color, name in ((as_of, "#59636e", "as-of"), (deadline, RED, "deadline")):
        at = line.x(day) if day != deadline else line.left + line.width
        body.append(f'<g class="{name}"><title>{name.replace("-", " ")} {day}</title><line x1="{at:.1f}" '
                    f'y1="18" x2="{at:.1f}" y2="{bottom}" stroke="{color}" stroke-dasharray="4 3"/></g>')
    title = "Renewal windows and expiry days, to the deadline"
    return (f'<figure id="{_e(chart_id)}" class="renewals"><figcaption>{_e(title)}</figcaption>'
            + _svg(title, round(line.left + line.width + 12), bottom + 6, body)
            + '<p class="muted legend">Pale amber: the renewal window; red tick: the day it expires; dashed '
            "lines: as of (grey) and the deadline (red).</p></figure>")


_RENEWAL_ROW = 26
"""A row of the renewal chart."""


def _renewal_row(x: Renewal, y: float, line: _Timeline, who: Who) -> str:
    """A certification's row: its name, its renewal window (when open) and its expiry day."""
    label = f"{who(x.person)} {who.item(x.exam)}"
    out = [f'<text x="{line.left - 6}" y="{y + 17}" text-anchor="end" font-size="12">'
           f"{_e(label if len(label) <= 24 else label[:23] + '…')}</text>"]
    opens, closes = x.window_opens, x.window_closes
    window = "closed" if x.closed or opens is None or closes is None else f"{opens} to {closes}"
    if not x.closed and opens is not None and closes is not None:
        x0, x1 = line.x(opens), line.x(closes + dt.timedelta(days=1))
        out.append(f'<rect x="{x0:.1f}" y="{y + 5}" width="{max(x1 - x0, 2):.1f}" '
                   f'height="{_RENEWAL_ROW - 10}" fill="#fff1c2" stroke="{AMBER}"/>')
    at = line.x(x.expires)
    out.append(f'<g class="renewal"><title>{_e(label)}: expires {x.expires}; renewal window {window}</title>'
               f'<line x1="{at:.1f}" y1="{y + 3}" x2="{at:.1f}" y2="{y + _RENEWAL_ROW - 3}" stroke="{RED}" '
               'stroke-width="3"/></g>')
    return "".join(out)


# ---- the exam calendar's renewal windows and deadline --------------------------------------------------


def day_x(months: list[str], left: float, col_w: float) -> Any:
    """The x where a day starts (`end`: where it ends) in a chart of month columns, the first at `left`."""
    def x_of(day: dt.date, end: bool = False) -> float:
        key = f"{day.year:04d}-{day.month:02d}"
        index = months.index(key) if key in months else (0 if key < months[0] else len(months) - 1)
        days = (dt.date(day.year + day.month // 12, day.month % 12 + 1, 1) - dt.timedelta(days=1)).day
        return left + (index + (day.day - 1 + end) / days) * col_w
    return x_of


def window_bands(report: PlanReport, person: str, x_of: Any, y: float, row_h: float) -> list[str]:
    """The renewal windows of a person's renewals in the plan, as pale bands behind the bookings."""
    bands = []
    for e in report.new_exams:
        if e.person == person and e.renewal and e.window_opens and e.window_closes:
            x0, x1 = x_of(e.window_opens), x_of(e.window_closes, end=True)
            name = item_title(e.exam, report.names)
            bands.append(f'<g class="renewal-window"><title>{_e(name)} renewal window: '
                         f'{_e(e.window_opens)} to {_e(e.window_closes)}</title>'
                         f'<rect x="{x0:.1f}" y="{y + 2}" '
                         f'width="{max(x1 - x0, 2):.1f}" height="{row_h - 4}" fill="#fff1c2" '
                         f'stroke="{AMBER}" stroke-dasharray="3 2"/></g>')
    return bands


def deadline_line(deadline: dt.date, x_of: Any, top: float, height: float) -> str:
    """A red vertical line on the deadline (the end of its day), labelled."""
    x = x_of(deadline, end=True)
    return (f'<g class="deadline"><title>deadline {_e(deadline)}</title><line x1="{x:.1f}" y1="{top - 4}" '
            f'x2="{x:.1f}" y2="{height - 4}" stroke="{RED}" stroke-width="2"/></g>')
