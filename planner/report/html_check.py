"""`check`'s HTML page, built from the pieces of planner/report/html.py in the words of `check`: one
competency's standing, then each other competency of the scenario's targets (`check_page`).
"""

from __future__ import annotations

import re
from typing import Any

from models.report import CheckReport
from planner.report.check import (
    RENEWAL_COLUMNS,
    STANDING_COLUMNS,
    check_level_view,
    renewal_rows,
    renewal_title,
    renewal_who,
    reports_of,
    score_series,
)
from planner.report.html import STANDING_MADE, _e, _list, _page, _table
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


def _check_level_html(r: CheckReport, lv: Any) -> str:
    """One level: met or not today and on the deadline, its requirements or its score tables, its notes."""
    title, rows, scores, notes = check_level_view(r, lv)
    out = [f'<h2 class="{"yes" if lv.met else "no"}">{_e(title)}</h2>']
    if rows is not None:
        out.append(_met_cells(_table(STANDING_COLUMNS, rows)))
    series = [Series(label, s) for label, s in score_series(r, lv)]
    if series:
        out.append('<div class="charts">' + points_chart(
            "Points per metric: today and on the deadline", series,
            chart_id=f"chart-points-{lv.option + '-' if lv.option else ''}{lv.level}") + "</div>")
    for heading, score in scores:
        figures = STANDING_SCORE_COLUMNS[1:4]
        out.append(f"<h3>{_e(heading)}</h3>"
                   + _met_cells(_table(STANDING_SCORE_COLUMNS, score[:-1], figures, score[-1])))
    out.append(_list(notes))
    return "".join(out)


def check_page(r: CheckReport) -> str:
    """Where the partner stands today and on the deadline, level by level, in the words of `check`, with
    the points per metric drawn and the certifications that expire by the deadline; then each other
    competency of the scenario's targets."""
    r = printable(r)
    body = [f"<h1>{_e(r.scenario)}</h1>"]
    for one in reports_of(r):
        on = f" and on the deadline {one.deadline}" if one.deadline and one.levels_on_deadline else ""
        body.append(f'<p class="sub">{_e(competency_name(one))}: standing today ({_e(one.as_of)})'
                    f"{_e(on)}</p>")
        body += [_check_level_html(one, lv) for lv in one.levels]
        if one.renewals and one.deadline:
            chart = renewal_chart(one.renewals, one.as_of, one.deadline, renewal_who(one),
                                  chart_id=f"chart-renewals-{one.competency}")
            body.append(f"<h2>{_e(renewal_title(one))}</h2>" + _table(RENEWAL_COLUMNS, renewal_rows(one))
                        + f'<div class="charts">{chart}</div>')
    names = " and ".join(competency_name(one) for one in reports_of(r))
    return _page(f"{r.scenario}: {names} standing", "\n".join(body), STANDING_MADE)
