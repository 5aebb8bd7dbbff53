"""`check`'s HTML pages, built from the pieces of planner/report/html.py in the words of `check`:
`check_page` (one competency, then each other competency of the scenario's targets) and
`check_several_page` (`check --competency all`: one row per designation, then each designation's standing).
"""

from __future__ import annotations

import re
from typing import Any

from models.report import CheckReport, CheckSeveralReport
from planner.report.check import (
    RENEWAL_COLUMNS,
    SEVERAL_COLUMNS,
    STANDING_COLUMNS,
    check_level_view,
    renewal_rows,
    renewal_title,
    renewal_who,
    reports_of,
    score_series,
    several_rows,
)
from planner.report.html import NUM, STANDING_MADE, _e, _list, _page, _table
from planner.report.pictures import Series, points_chart, renewal_chart
from planner.report.words import (
    MET,
    NOT_MET,
    STANDING_SCORE_COLUMNS,
    competency_name,
    printable,
)


def _met_cells(html: str) -> str:
    """The met? cells coloured: green for met, red for not met."""
    html = re.sub(r"<td>([^<]*, blocks the level)</td>", r'<td class="no">\1</td>', html)
    return (html.replace(f"<td>{NOT_MET}</td>", f'<td class="no">{NOT_MET}</td>')
            .replace(f"<td>{MET}</td>", f'<td class="yes">{MET}</td>')
            .replace(f"<th>{NOT_MET}</th>", f'<th class="no">{NOT_MET}</th>')
            .replace(f"<th>{MET}</th>", f'<th class="yes">{MET}</th>'))


def _check_level_html(r: CheckReport, lv: Any, h: str = "h2") -> str:
    """One level: met or not today and on the deadline, its requirements or its score tables, its notes
    (under an `h` heading, its score tables one level below)."""
    title, rows, scores, notes = check_level_view(r, lv)
    sub = f"h{int(h[1]) + 1}"
    out = [f'<{h} class="{"yes" if lv.met else "no"}">{_e(title)}</{h}>']
    if rows is not None:
        out.append(_met_cells(_table(STANDING_COLUMNS, rows)))
    series = [Series(label, s) for label, s in score_series(r, lv)]
    if series:
        out.append('<div class="charts">' + points_chart(
            "Points per metric: today and on the deadline", series,
            chart_id=f"chart-points-{r.competency}-{lv.option + '-' if lv.option else ''}{lv.level}")
            + "</div>")
    for heading, score in scores:
        figures = STANDING_SCORE_COLUMNS[1:4]
        out.append(f"<{sub}>{_e(heading)}</{sub}>"
                   + _met_cells(_table(STANDING_SCORE_COLUMNS, score[:-1], figures, score[-1])))
    out.append(_list(notes))
    return "".join(out)


def _standing_html(one: CheckReport, h: str = "h2") -> list[str]:
    """One competency's standing: the line saying what it is (under an h2, which names it, only when),
    each level, the certifications to renew with their timeline."""
    on = f" and on the deadline {one.deadline}" if one.deadline and one.levels_on_deadline else ""
    name = f"{competency_name(one)}: standing" if h == "h2" else "Standing"
    body = [f'<p class="sub">{_e(name)} today ({_e(one.as_of)}){_e(on)}</p>']
    body += [_check_level_html(one, lv, h) for lv in one.levels]
    if one.renewals and one.deadline:
        chart = renewal_chart(one.renewals, one.as_of, one.deadline, renewal_who(one),
                              chart_id=f"chart-renewals-{one.competency}")
        body.append(f"<{h}>{_e(renewal_title(one))}</{h}>" + _table(RENEWAL_COLUMNS, renewal_rows(one))
                    + f'<div class="charts">{chart}</div>')
    return body


def check_page(r: CheckReport) -> str:
    """Where the partner stands today and on the deadline, level by level, in the words of `check`, with
    the points per metric drawn and the certifications that expire by the deadline; then each other
    competency of the scenario's targets."""
    r = printable(r)
    body = [f"<h1>{_e(r.scenario)}</h1>"]
    for one in reports_of(r):
        body += _standing_html(one)
    names = " and ".join(competency_name(one) for one in reports_of(r))
    return _page(f"{r.scenario}: {names} standing", "\n".join(body), STANDING_MADE)


def _verdict_cell(met: bool | None, text: str) -> str:
    """A figure cell of the designations' table, green when met, red when not ('-': no standing)."""
    css = "num" if met is None else f"num {'yes' if met else 'no'}"
    return f'<td class="{css}">{_e(text)}</td>'


def _several_table(r: CheckSeveralReport) -> str:
    """The designations' rows (several_rows), each designation linking to its section below, today's and
    the deadline's verdicts coloured."""
    body = []
    for d, row in zip(r.designations, several_rows(r), strict=True):
        body.append(f'<tr><td><a href="#designation-{_e(d.competency)}">{_e(row[0])}</a></td>'
                    f"<td>{_e(row[1])}</td>{_verdict_cell(d.met, row[2])}"
                    f"{_verdict_cell(d.met_on_deadline, row[3])}"
                    + "".join(f"<td>{_e(x)}</td>" for x in row[4:]) + "</tr>")
    head = "".join(f'<th{NUM if c in ("today", "on the deadline") else ""}>{_e(c)}</th>'
                   for c in SEVERAL_COLUMNS)
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def check_several_page(r: CheckSeveralReport) -> str:
    """`check --competency all` (or several --competency): the designations' rows, then each designation's
    standing as `check --competency` shows it, in a section of its own."""
    r = printable(r)
    on = f" and on the deadline {r.deadline}" if r.deadline else ""
    body = [f"<h1>{_e(r.scenario)}</h1>",
            f'<p class="sub">Every designation\'s standing today ({_e(r.as_of)}){_e(on)}</p>',
            "<h2>Every designation</h2>", _several_table(r)]
    for one in r.checks:
        section = "\n".join(_standing_html(one, "h3"))
        body.append(f'<section class="scenario" id="designation-{_e(one.competency)}">'
                    f"<h2>{_e(competency_name(one))}</h2>{section}</section>")
    return _page(f"{r.scenario}: every designation's standing", "\n".join(body), STANDING_MADE)
