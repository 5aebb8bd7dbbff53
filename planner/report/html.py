"""The HTML report: one self-contained page (inline CSS, inline SVG charts, no script, no network resource).

`plan_page`, `compare_page` and `best_page` turn reports into a page a managing director can open in any
browser, print or attach to an e-mail: the plan or the comparison, a bar chart of cost and of new exams per
scenario (per person for a single plan), the exam calendar as a Gantt chart when the plan has one
(`--schedule`), and the reasons and fixes. Every piece of text from the input is escaped; the page holds
no timestamp, so the same report gives the same page. `check`'s pages are built from the same pieces in
planner/report/html_check.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from models.report import (
    BestReport,
    BestSetReport,
    CompareReport,
    CompareRow,
    PlanReport,
    ScheduledExam,
)
from planner.report.best import SET_COLUMNS, best_lines, best_set_lines, best_set_rows, budget_score_table
from planner.report.compare import (
    SCORES_HEADING,
    compare_columns,
    compare_diff_lines,
    compare_notes,
    compare_score_lines,
    compared_words,
    points_cell,
    reaches_words,
)
from planner.report.pictures import (
    Series,
    cost_chart,
    day_x,
    deadline_line,
    points_chart,
    window_bands,
)
from planner.report.plan import (
    alternatives_view,
    booked_label,
    differ_line,
    fix_lines,
    gantt_mark,
    mark_lines,
    met_by_lines,
    odds_lines,
    path_lines,
    policy_lines,
    renewal_window_lines,
    score_tables,
)
from planner.report.targets import alone_words, first_column, goals_in_words, saving_lines, target_title
from planner.report.words import (
    HIRED,
    SCORE_COLUMNS,
    Who,
    any_breakdown,
    competency_name,
    cost_breakdown,
    exam_label,
    gate_detail,
    headline,
    item_title,
    level_name,
    level_title,
    met_word,
    money,
    new_exam_label,
    new_items,
    plural,
    printable,
    proof_words,
    renewed_items,
    role_name,
    score_words,
    slot_words,
    split_gate,
    total_exams_cell,
    total_label,
    who_for,
    who_in,
    within_budget_title,
)

GREEN = "#1a7f37"
RED = "#cf222e"
BLUE = "#0969da"
GREY = "#8c959f"
AMBER = "#bf8700"

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f8fa; color: #1f2328;
       font: 15px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.sub { color: #59636e; margin: 0 0 16px; }
.headline { padding: 12px 16px; border-radius: 8px; font-weight: 600; margin: 12px 0 18px;
            border: 1px solid; }
.ok { background: #dafbe1; border-color: #4ac26b; color: #116329; }
.bad { background: #ffebe9; border-color: #ff8182; color: #a40e26; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 8px; }
.card { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 16px;
        min-width: 150px; }
.card .k { color: #59636e; font-size: 13px; }
.card .v { font-size: 22px; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; margin: 0 0 16px; }
figure { margin: 0; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 12px 14px;
         max-width: 100%; overflow-x: auto; }
svg { max-width: 100%; height: auto; }
.legend { font-size: 13px; margin: 6px 0 0; }
h1, h2, h3, p, li, .headline, figcaption { overflow-wrap: anywhere; }
figcaption { font-weight: 600; margin-bottom: 6px; }
table { border-collapse: collapse; background: #fff; width: 100%; margin: 6px 0 10px; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: 6px 10px; text-align: left; vertical-align: top; }
th { background: #eaeef2; }
td.num { text-align: right; white-space: nowrap; }
th.num { text-align: right; }
tr.err td { color: #a40e26; }
.yes { color: #116329; font-weight: 600; }
.no { color: #a40e26; font-weight: 600; }
.gain { color: #116329; }
.loss { color: #a40e26; }
.pair { white-space: nowrap; }
ul { margin: 4px 0 10px; padding-left: 22px; }
.muted { color: #59636e; }
.new { font-weight: 600; }
section.scenario { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 4px 18px 10px;
                   margin: 14px 0; }
footer { margin-top: 36px; color: #59636e; font-size: 13px; }
@media (max-width: 640px) { main { padding: 16px 10px 32px; } h1 { font-size: 22px; }
  table { display: block; overflow-x: auto; max-width: 100%; }
  .card { min-width: 0; flex: 1 1 120px; } .card .v { font-size: 18px; } }
@media print { body { background: #fff; } main { padding: 0; }
               figure, section.scenario { break-inside: avoid; } }
"""




def signed_money(usd: float | None) -> str:
    if usd is None:
        return "-"
    return "±US$0" if usd == 0 else ("+" if usd > 0 else "") + money(usd)


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


# ---- charts --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its length, its colour and the text shown at its end."""

    label: str
    value: float
    color: str
    text: str


def bar_chart(title: str, bars: Sequence[Bar], *, chart_id: str, width: int = 480) -> str:
    """A horizontal bar chart as inline SVG, with the label left of each bar and its value at its end."""
    label_w, value_w, row_h, top = 200, 110, 30, 8
    plot_w = width - label_w - value_w
    top_value = max((b.value for b in bars), default=0.0) or 1.0
    height = top + row_h * max(len(bars), 1) + 8
    parts = [
        f'<figure id="{_e(chart_id)}"><figcaption>{_e(title)}</figcaption>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}">',
        f'<line x1="{label_w}" y1="{top - 4}" x2="{label_w}" y2="{height - 4}" stroke="#8c959f"/>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * row_h
        length = 0.0 if bar.value <= 0 else max(2.0, plot_w * bar.value / top_value)
        label = bar.label if len(bar.label) <= 28 else bar.label[:27] + "…"
        parts.append(
            f'<g class="bar"><title>{_e(bar.label)}: {_e(bar.text)}</title>'
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" font-size="13" fill="#1f2328">'
            f"{_e(label)}</text>"
            f'<rect x="{label_w}" y="{y + 5}" width="{length:.1f}" height="{row_h - 10}" rx="3" '
            f'fill="{bar.color}"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + 19}" font-size="13" fill="#1f2328">'
            f"{_e(bar.text)}</text></g>"
        )
    if not bars:
        parts.append(
            f'<text x="{label_w + 8}" y="{top + 19}" font-size="13" fill="#59636e">nothing to show</text>'
        )
    parts.append("</svg></figure>")
    return "".join(parts)


def exam_calendar(report: PlanReport) -> str:
    """The plan's exam calendar as a Gantt chart (one row per person, one column per month), or "".

    There is a calendar only when the plan was made with `--schedule` (or `--objective time`): the report's
    `schedule` lists each new exam's month. Without one this section is left out.
    """
    schedule = list(getattr(report, "schedule", None) or [])
    if not schedule:
        return ""
    months = _calendar_months(report, schedule)
    people = list(dict.fromkeys(b.person for b in schedule))
    call = who_for(report)
    name_w, col_w, row_h, head_h = 120, max(46, min(80, 820 // max(len(months), 1))), 28, 26
    width = name_w + col_w * len(months) + 10
    height = head_h + row_h * len(people) + 8
    parts = [
        '<figure id="exam-calendar"><figcaption>The month each new exam is booked</figcaption>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Exam calendar">',
    ]
    for j, month in enumerate(months):
        x = name_w + j * col_w
        parts.append(
            f'<rect x="{x}" y="{head_h}" width="{col_w}" height="{row_h * len(people)}" '
            f'fill="{"#f6f8fa" if j % 2 else "#ffffff"}" stroke="#d0d7de"/>'
            f'<text x="{x + col_w / 2:.1f}" y="{head_h - 8}" text-anchor="middle" font-size="11" '
            f'fill="#59636e">{_e(month)}</text>'
        )
    cells = _calendar_cells(report, schedule)
    x_of = day_x(months, name_w, col_w)
    for i, person in enumerate(people):
        y = head_h + i * row_h
        parts.append(
            f'<text x="{name_w - 8}" y="{y + 18}" text-anchor="end" font-size="13">{_e(call(person))}</text>'
        )
        parts += window_bands(report, person, x_of, y, row_h)
        for (who, month), exams in cells.items():
            if who != person or month not in months:
                continue
            x = name_w + months.index(month) * col_w
            parts.append(
                f'<g class="booking"><title>{_e(call(person))}: {_e(", ".join(exams))} in {_e(month)}</title>'
                f'<rect x="{x + 3}" y="{y + 4}" width="{col_w - 6}" height="{row_h - 8}" rx="4" '
                f'fill="{BLUE}"/><text x="{x + col_w / 2:.1f}" y="{y + 18}" text-anchor="middle" '
                f'font-size="10" fill="#ffffff">{_e(_booking_text(report, person, month))}'
                "</text></g>"
            )
    parts.append(deadline_line(report.deadline, x_of, head_h, height))
    parts.append("</svg></figure>")
    parts.append(_list([*met_by_lines(report), *renewal_window_lines(report), *mark_lines(report)]))
    if any(e.renewal and e.window_opens for e in report.new_exams):
        parts.append(f'<p class="muted">Pale amber: a renewal window; <span style="color:{RED}">red '
                     "line</span>: the deadline.</p>")
    return "".join(parts)


def _calendar_months(report: PlanReport, schedule: list[ScheduledExam]) -> list[str]:
    """The calendar's columns: every month from as_of to the deadline, and any booked outside them."""
    months = _months(report.as_of, report.deadline)
    booked = sorted({b.month for b in schedule})
    if booked and (booked[0] < months[0] or booked[-1] > months[-1]):
        months = sorted(set(months) | set(booked))
    return months


def _calendar_cells(report: PlanReport, schedule: list[ScheduledExam]) -> dict[tuple[str, str], list[str]]:
    """(person, month) -> the exams booked then, as the New exams table says them."""
    cells: dict[tuple[str, str], list[str]] = {}
    for b in schedule:
        cells.setdefault((b.person, b.month), []).append(booked_label(report, b.person, b.exam))
    return cells


def _booking_text(report: PlanReport, person: str, month: str) -> str:
    """What a calendar box says: the exam code ('MB2-715'), or of a certification or of several exams the
    text chart's marks ('ASAE', '715+716'; the box's title names them in full)."""
    booked = [b.exam for b in report.schedule if (b.person, b.month) == (person, month)]
    if len(booked) == 1 and item_title(booked[0], report.names) == booked[0]:
        return booked[0]
    return "+".join(gantt_mark(report, exam) for exam in booked)


def _months(first: dt.date, last: dt.date) -> list[str]:
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


# ---- pieces of a page ----------------------------------------------------------------------------------


PLANS_MADE = ("plans found with OR-Tools CP-SAT for the objective chosen (the headline says whether the plan "
              "is proven best for it) and re-checked by an independent validator")
STANDING_MADE = "the standing worked out from the scenario's passes, their dates, its people and its figures"


def _page(title: str, body: str, made: str = PLANS_MADE) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body><main>\n{body}\n"
        f"<footer>Made by <code>planner</code>: {_e(made)}. This page is self-contained: no script, no "
        "external resource.</footer>\n</main></body></html>\n"
    )


def _card(key: str, value: str) -> str:
    return f'<div class="card"><div class="k">{_e(key)}</div><div class="v">{_e(value)}</div></div>'


def _list(items: Sequence[str], css: str = "") -> str:
    if not items:
        return ""
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>" + "".join(f"<li>{_e(x)}</li>" for x in items) + "</ul>"


def _headline(r: PlanReport) -> str:
    """The same sentence as the terminal's (planner.report.words.headline)."""
    return headline(r)


NUM = ' class="num"'


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[str] = (),
           total: Sequence[str] | None = None) -> str:
    """An HTML table of escaped text; `numeric` columns align right; `total` is a bold last row."""
    def cells(row: Sequence[str], tag: str) -> str:
        return "".join(f"<{tag}{NUM if c in numeric else ''}>{_e(x)}</{tag}>"
                       for c, x in zip(columns, row, strict=True))
    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    foot = f"<tr>{cells(total, 'th')}</tr>" if total is not None else ""
    return f"<table><tr>{cells(columns, 'th')}</tr>{body}{foot}</table>"


def _new_exams_html(r: PlanReport, who: Who, h: str) -> str:
    """Who takes which exam and what it costs, with the fee + preparation behind each cost when known."""
    explain = any_breakdown(r.new_exams)
    columns = ["person", "exam", "cost", *(["fee + preparation hours x rate"] if explain else [])]
    rows = [[who(e.person), new_exam_label(e, r.names), money(e.cost_usd),
             *([cost_breakdown(e) or "-"] if explain else [])] for e in r.new_exams]
    rows += [[who(h.id), HIRED, money(h.cost_usd), *([""] if explain else [])] for h in r.hires]
    total = [total_label(r), total_exams_cell(r), money(r.total_cost_usd), *([""] if explain else [])]
    return f"<{h}>New exams</{h}>" + _table(columns, rows, ("cost",), total)


def _gates_html(r: PlanReport, h: str) -> str:
    """Gates with the same words as the terminal: met / not met, 'US$320,000 (needs US$300,000)'."""
    goal = any(split_gate(g.name)[0] for g in r.gates)
    rows = "".join(
        "<tr>" + (f"<td>{_e(level_name(split_gate(g.name)[0], r.names))}</td>" if goal else "")
        + f'<td>{_e(split_gate(g.name)[1])}</td><td class="{"yes" if g.ok else "no"}">{met_word(g.ok)}</td>'
        f"<td>{_e(gate_detail(g))}</td></tr>"
        for g in r.gates
    )
    head = ("<th>goal</th>" if goal else "") + "<th>gate</th><th>met?</th><th>detail</th>"
    return f"<{h}>Gates</{h}><table><tr>{head}</tr>{rows}</table>"


def _path_html(r: PlanReport, h: str) -> str:
    """The order of the new exams and the step that meets each level, then the odds."""
    out = []
    if r.path:
        items: list[str] = []
        for line in path_lines(r):  # an indented line ('end of 2018-01: Gold met') belongs to the step above
            if line.startswith(" ") and items:
                items[-1] += f"; {line.strip()}"
            else:
                items.append(line)
        out.append(f"<{h}>Path</{h}>" + _list(items, "path"))
    odds = odds_lines(r)
    if odds:
        out.append(f"<{h}>Odds</{h}>" + _list(odds))
    return "".join(out)


def _plan_details(r: PlanReport, *, heading: str = "h2") -> str:
    """The plan's tables: new exams, slot holders, gates, calendar, path, odds, reasons, fixes and so on."""
    h = heading
    who = who_for(r)
    out = []
    if r.new_exams:
        out.append(_new_exams_html(r, who, h))
    policy = policy_lines(r)
    if policy:
        out.append(f"<{h}>Hires, budget and resilience</{h}>" + _list(policy))
    out.append(_holders_html(r, h))
    if r.gates:
        out.append(_gates_html(r, h))
    calendar = exam_calendar(r)
    if calendar:
        out.append(f"<{h}>Exam calendar</{h}>{calendar}")
    out.append(_path_html(r, h))
    if r.reasons:
        out.append(f"<{h}>Why</{h}>" + _list(r.reasons))
    if r.fixes:
        fixes = [line[:1].upper() + line[1:] for line in fix_lines(r)]
        out.append(f"<{h}>What would make it reachable</{h}>" + _list(fixes))
    if r.alternatives:
        out.append(_alternatives_html(r, who, h))
    if r.alternatives_differ:
        out.append(f"<p>{_e(differ_line(r))}</p>")
    return "\n".join(x for x in out if x)


def _holders_html(r: PlanReport, h: str) -> str:
    """Who fills which slot (per target), the spares, and each scored goal's score on the deadline."""
    title, first = slot_words(bool(r.scores) and not r.targets)
    head = f"<table><tr><th>{_e(first)}</th><th>person</th><th>exams</th></tr>"
    out = []
    if r.targets:
        out.append(_targets_html(r, h))
    elif r.assignments:
        out.append(f"<{h}>{_e(title)}</{h}>{head}{_slot_rows(r, r.assignments)}</table>")
    if r.spares:
        out.append(f"<{h}>Spares (qualified, ready to step in)</{h}>{head}{_slot_rows(r, r.spares)}</table>")
    if not r.targets:
        out.append(_scores_html(r, h))
    return "\n".join(x for x in out if x)


def _scores_html(r: PlanReport, h: str, target: str | None = None) -> str:
    """The score tables on the deadline (only `target`'s when given), each under a heading."""
    return "".join(f"<{h}>{_e(heading)}</{h}>" + _table(SCORE_COLUMNS, rows[:-1], SCORE_COLUMNS[1:], rows[-1])
                   for heading, rows in score_tables(r, target))


def _alternatives_html(r: PlanReport, who: Who, h: str) -> str:
    """The plan and its alternatives, in the columns of the terminal's table."""
    columns, rows = alternatives_view(r, who)
    return f"<{h}>Alternatives</{h}>" + _table(columns, rows, ("exams", "renewals", "cost", "points"))


def _slot_rows(r: PlanReport, assignments: Sequence[Any], target: str | None = None) -> str:
    """Table rows of slot holders: role, person, exams (the plan's new ones, and the certifications they
    earn, marked; a certification by its title); `target`: the goal they serve."""
    renewed, new = renewed_items(r), new_items(r)
    who = who_for(r)

    def cell(person: str, code: str) -> str:
        code = code.removeprefix("@")
        if (person, code) in renewed:
            return f'<span class="new">{_e(exam_label(code, True, r.names))}</span>'
        title = _e(item_title(code, r.names))
        return f'<span class="new">{title} (new)</span>' if (person, code) in new else title

    return "".join(
        f"<tr><td>{_e(role_name(r, a.role, a.target or target))}</td><td>{_e(who(a.person))}</td><td>"
        + ", ".join(cell(a.person, c) for c in a.exams)
        + "</td></tr>"
        for a in assignments
    )


def _targets_html(r: PlanReport, h: str) -> str:
    """Per target (several goals, or a competency with options): who fills which slot; then the saving."""
    out = []
    for t in r.targets:
        rows = _slot_rows(r, t.assignments, t.target)
        alone = alone_words(t)
        out.append(
            f"<{h}>{_e(target_title(t, r.names))}</{h}><table><tr><th>{_e(first_column(r, t))}</th>"
            "<th>person</th>"
            "<th>exams</th></tr>"
            f"{rows}</table>" + (f"<p>{_e(level_name(t.target, r.names))} {_e(alone)}</p>" if alone else "")
            + _scores_html(r, h, t.target)
        )
    saving = saving_lines(r)
    if saving:
        out.append(f"<{h}>Together against one at a time</{h}>" + _list(saving))
    return "\n".join(out)


def _person_charts(r: PlanReport) -> str:
    """Cost and number of new exams per person in the plan."""
    who = who_for(r)
    people = list(dict.fromkeys(e.person for e in r.new_exams))
    cost = {p: sum(e.cost_usd for e in r.new_exams if e.person == p) for p in people}
    count = {p: sum(1 for e in r.new_exams if e.person == p) for p in people}
    exams = {p: ", ".join(exam_label(e.exam, e.renewal, r.names) for e in r.new_exams if e.person == p)
             for p in people}
    return (
        '<div class="charts">'
        + bar_chart(
            "Cost of new exams per person",
            [Bar(who(p), cost[p], BLUE, money(cost[p])) for p in people],
            chart_id="chart-cost",
        )
        + bar_chart(
            "New exams per person",
            [Bar(who(p), count[p], GREEN, exams[p]) for p in people],
            chart_id="chart-exams",
        )
        + cost_chart(r.new_exams, who)
        + "</div>"
    )


def _points_figures(r: PlanReport) -> str:
    """Each scored goal's points per metric on the deadline with the plan (as things stand, without one)."""
    label = "as things stand" if r.status == "infeasible" else "with the plan"
    figures = [points_chart(f"Points per metric on the deadline ({r.deadline}), {label}"
                            + (f": {level_name(s.target, r.names)}" if r.targets else ""),
                            [Series(label, s)], chart_id=f"chart-points-{i + 1}")
               for i, s in enumerate(r.scores or [])]
    return f'<div class="charts">{"".join(figures)}</div>' if figures else ""


# ---- pages ---------------------------------------------------------------------------------------------


def _score_card(r: PlanReport) -> str:
    """'points on the deadline: 72 of 70' for one scored goal ('' otherwise: the score tables say it)."""
    if not r.scores or len(r.scores) > 1:
        return ""
    s = r.scores[0]
    return _card("points on the deadline", score_words(s, "of"))


def _people_card(r: PlanReport) -> str:
    """'people in slots: 7' (each person once, whatever the slots they fill for several goals); for a scored
    goal 'people counted' (each person once, whatever their metrics)."""
    label = "people counted" if r.scores and not r.targets else "people in slots"
    return _card(label, str(len({a.person for a in r.assignments})))


def _cards(r: PlanReport) -> str:
    """The figures at the top; a plan that does not exist gets no exam count or cost."""
    if r.status in ("infeasible", "unknown"):
        plan = "none exists" if r.status == "infeasible" else "none found in the time limit"
        return '<div class="cards">' + _card("reachable", "no") + _card("plan", plan) + "</div>"
    proof = "proven" if r.status == "optimal" else "not proven (time limit)"
    return (
        '<div class="cards">'
        + _card("reachable", "yes" if r.reachable else "no")
        + _card("new exams", str(r.total_new_exams))
        + (_card("renewals", str(r.total_renewals)) if r.total_renewals else "")
        + _card("cost", money(r.total_cost_usd))
        + _score_card(r)
        + _people_card(r)
        + _card(proof_words(r).split(",")[0].replace("proven ", ""), proof)
        + "</div>"
    )


def plan_page(r: PlanReport) -> str:
    """One plan: headline, figures, charts per person, tables, calendar, path, odds, reasons and fixes."""
    r = printable(r)
    body = [
        f"<h1>{_e(r.scenario)}</h1>",
        f'<p class="sub">{_e(goals_in_words(r))}; as of {_e(r.as_of)}; deadline '
        f"{_e(r.deadline)}; objective: {_e(r.objective)}</p>",
        f'<div class="headline {"ok" if r.reachable else "bad"}">{_e(_headline(r))}</div>',
        _cards(r),
    ]
    if r.new_exams:
        body.append(_person_charts(r))
    body.append(_points_figures(r))
    body.append(_plan_details(r))
    if r.within_budget is not None:  # the plan of the goals that fit, as a plan of its own
        fit = r.within_budget.plan
        head = f'<div class="headline {"ok" if fit.reachable else "bad"}">{_e(_headline(fit))}</div>'
        body += [f"<h2>{_e(within_budget_title(r))}</h2>", head, _plan_details(fit, heading="h3")]
    return _page(f"{r.scenario}: {goals_in_words(r)} plan", "\n".join(body))


def _row_color(row: CompareRow) -> str:
    if row.error:
        return GREY
    return GREEN if row.reachable else (AMBER if row.status in ("optimal", "feasible") else RED)


def _row_label(row: CompareRow) -> str:
    return row.variant or row.scenario or row.file


def _compare_charts(readable: Sequence[CompareRow]) -> str:
    """Cost and new exams per scenario, coloured by whether the level is reached."""
    cost_bars = [Bar(_row_label(row), row.total_cost_usd or 0.0, _row_color(row),
                     money(row.total_cost_usd) if row.total_cost_usd is not None else "no plan")
                 for row in readable]
    exam_bars = [Bar(_row_label(row), float(row.total_new_exams or 0), _row_color(row),
                     str(row.total_new_exams) if row.total_new_exams is not None else "no plan")
                 for row in readable]
    return ('<div class="charts">'
            + bar_chart("Cost of the plan per scenario", cost_bars, chart_id="chart-cost")
            + bar_chart("New exams per scenario", exam_bars, chart_id="chart-exams")
            + _compare_points_chart(readable) + "</div>")


def _compare_points_chart(readable: Sequence[CompareRow]) -> str:
    """The points of each row whose plan is for a scored goal, as the table's points column says them."""
    scored = [row for row in readable if row.points]
    bars = [Bar(_row_label(row), sum(p.points for p in row.points or []),
                GREEN if all(p.met for p in row.points or []) else RED, points_cell(row)) for row in scored]
    return bar_chart("Points of the plan on the deadline", bars, chart_id="chart-points") if scored else ""


def _compare_cards(r: CompareReport, readable: Sequence[CompareRow], level: str) -> str:
    cheapest = min((x.total_cost_usd for x in readable if x.reachable and x.total_cost_usd is not None),
                   default=None)
    return ('<div class="cards">' + _card("scenarios", str(len(r.scenarios)))
            + _card(f"reach {level}", f"{sum(1 for x in readable if x.reachable)} of {len(r.scenarios)}")
            + _card("cheapest plan", money(cheapest)) + "</div>")


def _variant_section(i: int, row: CompareRow, plan: PlanReport) -> str:
    """One scenario's plan under the comparison, with what its variant changes."""
    changes = _list(row.changes) if row.changes else ""
    return (f'<section class="scenario" id="scenario-{i + 1}"><h2>{_e(_row_label(row))}</h2>'
            f'<p class="sub">{_e(plan.scenario)} — {_e(row.file)}</p>'
            + (f"<h3>What this variant changes</h3>{changes}" if changes else "")
            + f'<div class="headline {"ok" if plan.reachable else "bad"}">{_e(_headline(plan))}</div>'
            + _plan_details(plan, heading="h3")
            + "</section>")


def compare_page(r: CompareReport, plans: Sequence[PlanReport | None] = ()) -> str:
    """A comparison: charts of cost and exams per scenario, the table with the diff, then each plan."""
    r, plans = printable(r), [None if p is None else printable(p) for p in plans]
    rows = r.scenarios
    readable = [row for row in rows if not row.error]
    level = compared_words(r)
    who = who_in(plans)
    against = f"; differences are against <b>{_e(r.reference)}</b>" if r.reference else ""
    body = [
        f"<h1>Comparison: {_e(level)}</h1>",
        f'<p class="sub">{plural(len(rows), "scenario")} planned for {_e(level)}, '
        f"objective: {_e(r.objective)}{against}</p>",
        _compare_cards(r, readable, level),
        _compare_charts(readable),
        f'<p class="muted">Bars: <span class="yes">green</span> {_e(level)} reachable, '
        f'<span style="color:{AMBER};font-weight:600">amber</span> exam rules met but a gate fails, '
        f'<span class="no">red</span> no plan.</p>',
        "<h2>Side by side</h2>",
        _compare_table(r, who),
        _list(compare_notes(r)),
    ]
    scores = compare_score_lines(r, plans)
    if scores:
        body.append(f"<h2>{_e(SCORES_HEADING)}</h2>" + _list(scores))
    diff = compare_diff_lines(r)
    if diff:
        body.append(f"<h2>Against {_e(r.reference)} (the first row)</h2>" + _list(compare_diff_lines(r, who)))
    padded = list(plans) + [None] * (len(rows) - len(plans))
    body += [_variant_section(i, row, plan) for i, (row, plan) in enumerate(zip(rows, padded, strict=True))
             if plan is not None]
    return _page(f"Comparison: {level}", "\n".join(body))


def _compare_table(r: CompareReport, who: Who) -> str:
    """The rows side by side: what each reaches (green when the compared level, red when not), the exams and
    cost of its plan for the compared level with the change against the first row, and who takes what."""
    columns = compare_columns(r)
    exams, cost = (c.replace("\n", " ") for c in columns[2:4])
    scored = "plan\npoints" in columns
    head = (
        f'<tr><th>scenario</th><th>reaches</th><th class="num">{_e(exams)}</th>'
        f'<th class="num">Δ exams</th><th class="num">{_e(cost)}</th><th class="num">Δ cost</th>'
        + ('<th class="num">plan points</th>' if scored else "")
        + '<th class="num">revenue gap</th><th>adds exams</th><th>drops exams</th></tr>'
    )
    out = []
    for row in r.scenarios:
        if row.error:
            out.append(f'<tr class="err"><td>{_e(row.file)}</td><td colspan="{8 + scored}">'
                       f"{_e(row.error)}</td></tr>")
            continue
        delta = "-" if row.exams_delta is None else (f"{row.exams_delta:+d}" if row.exams_delta else "±0")
        out.append(
            f"<tr><td>{_e(_row_label(row))}</td>"
            f'<td class="{"yes" if row.reachable else "no"}">'
            f'{_e(reaches_words(row, r.level, r.level_names))}</td>'
            f'<td class="num">{"-" if row.total_new_exams is None else row.total_new_exams}</td>'
            f'<td class="num">{delta}</td><td class="num">{money(row.total_cost_usd)}</td>'
            f'<td class="num">{signed_money(row.cost_delta_usd)}</td>'
            + (f'<td class="num">{_e(points_cell(row))}</td>' if scored else "") +
            f'<td class="num">{money(row.revenue_gap_usd)}</td>'
            f'<td class="gain">{_pairs([who.pair(x) for x in row.gains])}</td>'
            f'<td class="loss">{_pairs([who.pair(x) for x in row.losses])}</td></tr>'
        )
    return f"<table>{head}{''.join(out)}</table>"


def _pairs(pairs: Sequence[str]) -> str:
    """'person exam' pairs, each kept on one line."""
    return ", ".join(f'<span class="pair">{_e(p)}</span>' for p in pairs) or "-"


def best_page(r: BestReport) -> str:
    """The best level within a budget, its plan, and how far short the next level falls (in the words of
    the terminal's `best`)."""
    r = printable(r)
    budget = "no budget limit" if r.budget_usd is None else f"a budget of {money(r.budget_usd)}"
    best = level_title(r.best_level, r.names) if r.best_level else "none"
    lines = best_lines(r)
    body = [
        f"<h1>{_e(r.scenario)}</h1>",
        f'<p class="sub">{_e(competency_name(r))}: the best level within {_e(budget)}, '
        f"objective {_e(r.objective)}</p>",
        f'<div class="headline {"ok" if r.best_level else "bad"}">{_e(lines[0])}</div>',
    ]
    n = r.next_level
    if n is not None:
        facts = [lines[1].split(": ", 1)[1]] + [x[2:] for x in lines[2:]]
        body.append(f"<h2>{_e(level_title(n.level, r.names))}, the next level up</h2>" + _list(facts))
    scored = budget_score_table(r)
    if scored is not None and n is not None and n.score_within_budget is not None:
        title, rows = scored
        chart = points_chart(f"{level_title(n.level, r.names)}: points per metric on the deadline, within "
                             "the budget", [Series("within the budget", n.score_within_budget)],
                             chart_id="chart-points-within-budget")
        body.append(f"<h3>{_e(title)}</h3>" + _table(SCORE_COLUMNS, rows[:-1], SCORE_COLUMNS[1:], rows[-1])
                    + f'<div class="charts">{chart}</div>')
    if r.plan is not None:
        body.append(f"<h2>The {_e(best)} plan</h2>")
        if r.plan.new_exams:
            body.append(_person_charts(r.plan))
        body.append(_points_figures(r.plan))
        body.append(_plan_details(r.plan, heading="h3"))
    return _page(f"{r.scenario}: best level", "\n".join(body))


def best_set_page(r: BestSetReport) -> str:
    """The largest set of targets a budget reaches together, each target's costs, and the set's plan (in
    the words of the terminal's `best`)."""
    r = printable(r)
    lines = best_set_lines(r)
    body = [f"<h1>{_e(r.scenario)}</h1>",
            f'<p class="sub">the most targets within the budget, objective {_e(r.objective)}</p>',
            f'<div class="headline {"ok" if r.best_set else "bad"}">{_e(lines[0])}</div>',
            "<h2>Targets</h2>" + _table(SET_COLUMNS, best_set_rows(r), SET_COLUMNS[2:])]
    if r.plan is not None:
        body.append("<h2>The plan</h2>")
        if r.plan.new_exams:
            body.append(_person_charts(r.plan))
        body.append(_plan_details(r.plan, heading="h3"))
    return _page(f"{r.scenario}: the most targets within the budget", "\n".join(body))
