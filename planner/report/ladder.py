"""What `ladder` shows, as a terminal table, as Markdown and as an HTML page: one row per level (or
designation), side by side: today's standing, the deadline's without a plan, the fewest-exams plan and the
cheapest plan with their cost split into exam fees, staff hours and hires; then the score levers of a
scored level a few points short, and who takes what in each plan. The page draws each plan's cost stacked
as fees, staff hours and hires. The sentences about the levers come from planner.explain.ladder."""

from __future__ import annotations

from html import escape
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from models.report import LadderPlan, LadderReport, LadderRow, LadderStanding
from planner.explain.ladder import WITH_A_PLAN
from planner.report.blocks import bullets, md_escaped, md_rows, text_table
from planner.report.html import PLANS_MADE, _list, _page, _table
from planner.report.pictures import BLUE, PURPLE, TRACK
from planner.report.words import met_word, money, new_exam_label, plural, printable
from planner.rules.scoring import needed_words, points_short_words

COLUMNS = ("goal", "today", "on the deadline", "fewest exams", "cheapest")
LEVERS_TITLE = "Score levers on the deadline"
PLANS_TITLE = "Who takes what"
NOTES_TITLE = "Notes"
HIRES = "#bf8700"


# ---- words (every format) ----------------------------------------------------------------------------

def title(r: LadderReport) -> str:
    return f"{r.scenario} - the ladder: as of {r.as_of}, deadline {r.deadline}"


def row_name(row: LadderRow) -> str:
    """'Cloud Business Applications Silver (option enterprise-operations)'."""
    return row.name + (f" (option {row.option})" if row.option else "")


def standing_cell(s: LadderStanding) -> str:
    """'61.5 / 70, not met', '2 / 4 slots, not met', '2 / 2 slots, met'; a programme that has ended by
    then says so ('0 / 2 slots, not met: ended 2022-10-03')."""
    verdict = met_word(s.met) + (f": {s.missing}" if s.missing.startswith("ended ") else "")
    if s.points is not None and s.needed is not None:
        return f"{points_short_words(s.points, s.needed)} / {needed_words(s.needed)}, {verdict}"
    if s.slots is not None:
        return f"{s.slots_filled} / {s.slots} slots, {verdict}"
    return verdict


def changes_words(p: LadderPlan) -> str:
    """'2 exams', '3 exams + 2 renewals', '1 exam + 1 hire', '1 renewal'."""
    only_others = not p.total_new_exams and (p.total_renewals or p.hires)
    parts = [] if only_others else [plural(p.total_new_exams or 0, "exam")]
    parts += [plural(p.total_renewals, "renewal")] if p.total_renewals else []
    parts += [plural(p.hires, "hire")] if p.hires else []
    return " + ".join(parts)


def cost_words(p: LadderPlan) -> str:
    """'US$3,210 = US$330 fees + US$2,880 staff hours' (+ hires when there are some)."""
    hires = f" + {money(p.hires_usd)} hires" if p.hires_usd else ""
    return f"{money(p.total_cost_usd)} = {money(p.fees_usd)} fees + {money(p.hours_usd)} staff hours{hires}"


def plan_cell(p: LadderPlan) -> str:
    """'met already', '2 exams, US$3,210 = ...', 'out of reach: <the first reason>', and what a plan
    whose gates fail still costs in exams ('3 exams, US$3,495 = ...; out of reach: ...')."""
    if p.status not in WITH_A_PLAN:
        return f"out of reach: {p.reason}" if p.reason else "out of reach"
    text = "met already" if p.met_already else f"{changes_words(p)}, {cost_words(p)}"
    if not p.reachable:
        text += f"; out of reach: {p.reason}" if p.reason else "; out of reach"
    if p.status == "feasible":
        text += " (not proven best: time limit)"
    if p.within_budget is False:
        text += " (over the budget)"
    return text


def cheapest_cell(row: LadderRow) -> str:
    """The cheapest plan's cell; out of reach for the same reason as the fewest-exams plan, said once."""
    fewest, cheapest = row.fewest_exams, row.cheapest
    if cheapest.status not in WITH_A_PLAN and cheapest.reason and cheapest.reason == fewest.reason:
        return "out of reach, as the fewest-exams plan"
    return plan_cell(cheapest)


def rows_of(r: LadderReport) -> list[list[str]]:
    """One row per level (COLUMNS)."""
    return [[row_name(x), standing_cell(x.today), standing_cell(x.on_deadline), plan_cell(x.fewest_exams),
             cheapest_cell(x)] for x in r.rows]


def lever_lines(r: LadderReport) -> list[str]:
    """'Solutions Partner for Modern Work: Intermediate certifications blocks the level: one more ...'."""
    return [f"{row_name(x)}: {x.levers_words}" for x in r.rows if x.levers_words]


def _taken(p: LadderPlan) -> str:
    """'Dan Park MB2-717, Kim Lee MB2-716, hire certified customizer'."""
    exams = [f"{e.name or e.person} {new_exam_label(e, p.names)}" for e in p.new_exams]
    return ", ".join(exams + [f"hire {h.profile}" for h in p.hired])


def plan_lines(r: LadderReport) -> list[str]:
    """Who takes what in each plan that changes something; the cheapest named only when it differs."""
    out = []
    for x in r.rows:
        fewest, cheapest = x.fewest_exams, x.cheapest
        if fewest.status in WITH_A_PLAN and not fewest.met_already:
            out.append(f"{row_name(x)}, fewest exams: {_taken(fewest) or 'nothing'}")
        if cheapest.status in WITH_A_PLAN and not cheapest.met_already and _taken(cheapest) != _taken(fewest):
            out.append(f"{row_name(x)}, cheapest: {_taken(cheapest)}")
    return out


def note_lines(r: LadderReport) -> list[str]:
    """How the plans are made, the budget they are measured against, and the revisions' notes."""
    budget = (f" (one over the scenario's budget of {money(r.budget_usd)} says so)"
              if r.budget_usd is not None else "")
    kept = (f" (resilience {r.resilience}: the level survives any {plural(r.resilience, 'departure')})"
            if r.resilience else "")
    return [f"Every plan is made as planner plan makes it, with the scenario's policies{kept} but at any "
            f"budget{budget}, and re-checked by the independent validator.", *r.notes]


# ---- terminal and Markdown ------------------------------------------------------------------------------

def ladder_table(r: LadderReport) -> RenderableType:
    """The ladder as the terminal shows it: the table, the levers, who takes what, the notes."""
    r = printable(r)
    parts: list[RenderableType] = [Text(title(r), style="bold"), text_table(None, COLUMNS, rows_of(r))]
    for heading, lines in ((LEVERS_TITLE, lever_lines(r)), (PLANS_TITLE, plan_lines(r))):
        if lines:
            parts += [Text(heading, style="bold"), bullets(lines)]
    parts += [Text(NOTES_TITLE, style="bold"), bullets(note_lines(r))]
    return Group(*parts)


def ladder_markdown(r: LadderReport) -> str:
    """The ladder as Markdown: the same sections as ladder_table, every input string escaped."""
    r = md_escaped(printable(r))
    lines = [f"# {title(r)}", "", *md_rows(COLUMNS, rows_of(r)), ""]
    for heading, found in ((LEVERS_TITLE, lever_lines(r)), (PLANS_TITLE, plan_lines(r))):
        if found:
            lines += [f"## {heading}", "", *(f"- {x}" for x in found), ""]
    lines += [f"## {NOTES_TITLE}", "", *(f"- {x}" for x in note_lines(r))]
    return "\n".join(lines) + "\n"


# ---- the HTML page ---------------------------------------------------------------------------------------

def _e(value: Any) -> str:
    return escape(str(value), quote=True)


_LABEL, _BAR, _ROW, _HEAD = 124, 230, 24, 20
"""The cost chart's label column, longest bar, bar row and heading heights."""


def _plans_drawn(row: LadderRow) -> list[tuple[str, LadderPlan]]:
    """The plans of a row to draw: both, or one when the cheapest is the fewest-exams plan."""
    same = (row.cheapest.total_cost_usd, row.cheapest.total_new_exams) == (
        row.fewest_exams.total_cost_usd, row.fewest_exams.total_new_exams)
    return [("fewest, cheapest", row.fewest_exams)] if same else [("fewest exams", row.fewest_exams),
                                                                  ("cheapest", row.cheapest)]


def _cost_bar(label: str, p: LadderPlan, y: float, top: float) -> str:
    """One stacked bar: fees, staff hours, hires; or the words 'met already' / 'out of reach'."""
    left = (f'<text x="{_LABEL - 6}" y="{y + 16}" text-anchor="end" font-size="12" fill="#59636e">'
            f"{_e(label)}</text>")
    if p.status not in WITH_A_PLAN or p.met_already or not p.total_cost_usd:
        words = "met already" if p.met_already else ("out of reach" if p.status not in WITH_A_PLAN
                                                     else money(p.total_cost_usd))
        return (f'<g class="ladder-cost">{left}<text x="{_LABEL}" y="{y + 16}" font-size="12">{_e(words)}'
                "</text></g>")
    x, body = float(_LABEL), []
    for part, value, color in (("fees", p.fees_usd, BLUE), ("hours", p.hours_usd, PURPLE),
                               ("hires", p.hires_usd, HIRES)):
        width = _BAR * (value or 0.0) / top
        if width > 0:
            body.append(f'<rect class="{part}" x="{x:.1f}" y="{y + 4}" width="{width:.1f}" '
                        f'height="{_ROW - 8}" fill="{color}"/>')
            x += width
    return (f'<g class="ladder-cost"><title>{_e(label)}: {_e(cost_words(p))}</title>{left}'
            f'<rect x="{_LABEL}" y="{y + 4}" width="{_BAR}" height="{_ROW - 8}" fill="{TRACK}"/>'
            + "".join(body) + f'<text x="{x + 6:.1f}" y="{y + 16}" font-size="11">'
            f"{_e(money(p.total_cost_usd))}</text></g>")


def cost_ladder_chart(r: LadderReport) -> str:
    """Per row, each plan's cost stacked as exam fees (blue), staff hours (purple) and hires (amber), all
    to one scale, so the rungs compare at a glance."""
    top = max((p.total_cost_usd or 0.0 for x in r.rows for p in (x.fewest_exams, x.cheapest)), default=0.0)
    top = max(top, 0.01)
    body, y = [], 4.0
    for row in r.rows:
        name = row_name(row)
        body.append(f'<text x="0" y="{y + 13}" font-size="13" font-weight="600">'
                    f"{_e(name if len(name) <= 62 else name[:61] + '…')}</text>")
        y += _HEAD
        for label, p in _plans_drawn(row):
            body.append(_cost_bar(label, p, y, top))
            y += _ROW
        y += 6
    caption = "What each rung costs: exam fees, staff hours and hires"
    return (f'<figure id="chart-ladder-cost" class="cost-split"><figcaption>{_e(caption)}</figcaption>'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="480" height="{y:g}" viewBox="0 0 480 {y:g}" '
            f'role="img" aria-label="{_e(caption)}">' + "".join(body) + "</svg>"
            f'<p class="muted legend"><span style="color:{BLUE}">Blue</span>: exam fees; '
            f'<span style="color:{PURPLE}">purple</span>: staff hours at each person\'s rate; '
            f'<span style="color:{HIRES}">amber</span>: hires.</p></figure>')


def ladder_page(r: LadderReport) -> str:
    """The ladder as one self-contained page: the table, the cost of every rung drawn, the levers, who
    takes what, the notes."""
    r = printable(r)
    body = [f"<h1>{_e(r.scenario)}</h1>",
            f'<p class="sub">The ladder: where each level stands and what it would cost; as of '
            f"{_e(r.as_of)}; deadline {_e(r.deadline)}</p>",
            _table(COLUMNS, rows_of(r)),
            f'<div class="charts">{cost_ladder_chart(r)}</div>']
    for heading, lines in ((LEVERS_TITLE, lever_lines(r)), (PLANS_TITLE, plan_lines(r))):
        if lines:
            body.append(f"<h2>{_e(heading)}</h2>" + _list(lines))
    body.append(f"<h2>{NOTES_TITLE}</h2>" + _list(note_lines(r), "muted"))
    return _page(f"{r.scenario}: the ladder", "\n".join(body), PLANS_MADE)
