"""What `check` shows, as a terminal table and as Markdown: each level's standing today and on the
deadline (its slots and who fills them, its gates, its score for a scored level), what is missing, who
the level is at risk of losing, and what changes by the deadline. `check_level_view` gives the HTML page
(planner/report/html.py) the same facts level by level."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from models.report import CheckReport, CheckSeveralReport, Renewal, ScoreStanding
from planner.report.blocks import bullets, md_bold, md_escaped, md_rows, text_table
from planner.report.words import (
    MET,
    NOT_MET,
    STANDING_SCORE_COLUMNS,
    Who,
    competency_name,
    gate_cell,
    level_title,
    met_word,
    names_of,
    plural,
    points,
    printable,
    score_standing_words,
    split_gate,
    standing_score_rows,
)
from planner.rules.scoring import needed_words, points_short_words

# ---- rows and lines (every format, the HTML page too) ---------------------------------------------

STANDING_COLUMNS = ("requirement", "met?", "who / detail")
_STANDING_FIGURES = STANDING_SCORE_COLUMNS[1:4]


def _at_risk_words(names: list[str]) -> str:
    """'alice leaves', 'alice or bob leaves', 'alice, bob or carol leaves'."""
    return (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]) + " leaves"


def _standing_rows(lv: Any, who: Who) -> list[list[str]]:
    rows = []
    for s in lv.slots:
        holders = ", ".join(who(a.person) for a in lv.assignments if a.role == s.role) or "-"
        rows.append([f"{s.role} slots", met_word(s.filled >= s.required),
                     f"{s.filled} of {s.required} filled: {holders}"])
    rows += [[split_gate(g.name)[1], met_word(g.ok), gate_cell(g)] for g in lv.gates]
    return rows


def _standing_notes(lv: Any, who: Who, names: dict[str, str]) -> list[str]:
    notes = [f"missing: {m}" for m in lv.missing]
    if lv.at_risk:
        leaves = _at_risk_words([who(p) for p in lv.at_risk])
        notes.append(f"at risk: {level_title(lv.level, names)} is lost if {leaves}")
    return notes


def _level_key(lv: Any) -> str:
    return f"{lv.option}:{lv.level}" if lv.option else lv.level


def _on_deadline(r: CheckReport, lv: Any) -> Any | None:
    """The level's standing on the deadline (None when the report has none)."""
    return next((d for d in r.levels_on_deadline if _level_key(d) == _level_key(lv)), None)


def _level_title(lv: Any, names: dict[str, str], later: Any | None = None, deadline: Any = None) -> str:
    """'Gold: met', or with the deadline: 'Gold: met today, NOT MET on 2019-03-31'."""
    option = f" (option {lv.option})" if lv.option else ""
    now = MET if lv.met else NOT_MET.upper()
    if later is None:
        return f"{level_title(lv.level, names)}{option}: {now}"
    name = f"{level_title(lv.level, names)}{option}"
    if later.met == lv.met:
        return f"{name}: {now} today {'and' if lv.met else 'or'} on the deadline ({deadline})"
    then = MET if later.met else NOT_MET.upper()
    return f"{name}: {now} today, {then} on the deadline ({deadline})"


def _deadline_notes(r: CheckReport, lv: Any, later: Any | None) -> list[str]:
    """What changes by the deadline: the passes and leavers that cost a slot; what is missing then."""
    if later is None:
        return []
    notes = [f"by the deadline: {loss.text}" for loss in r.losses if _level_key(lv) in loss.levels]
    if not later.met and (lv.met or (lv.score is not None and later.missing != lv.missing)):
        notes += [f"on the deadline, missing: {m}" for m in later.missing]
    return notes


def check_score_tables(r: CheckReport, lv: Any, later: Any | None) -> list[tuple[str, list[list[str]]]]:
    """A scored level's score today and on the deadline: each table's title ('Score today (2026-12-01):
    NOT met, 57 of 70 points (13 short)') and rows (columns STANDING_SCORE_COLUMNS)."""
    tables = []
    if lv.score is not None:
        tables.append((f"Score today ({r.as_of}): {score_standing_words(lv.score)}",
                       standing_score_rows(lv.score)))
    if later is not None and later.score is not None:
        tables.append((f"Score on the deadline ({r.deadline}): {score_standing_words(later.score)}",
                       standing_score_rows(later.score)))
    return tables


def score_series(r: CheckReport, lv: Any) -> list[tuple[str, ScoreStanding]]:
    """A scored level's scores to draw: ('today', today's) and ('on the deadline', the deadline's)."""
    later = _on_deadline(r, lv)
    out = [("today", lv.score)] if lv.score is not None else []
    return out + ([("on the deadline", later.score)] if later is not None and later.score is not None else [])


def check_level_view(r: CheckReport, lv: Any) -> tuple[str, list[list[str]] | None,
                                                       list[tuple[str, list[list[str]]]], list[str]]:
    """One level of `check` for a page: its title, its requirement rows (None for a scored level with no
    gate, whose score tables say it all), its score tables today and on the deadline, and its notes."""
    who = Who(names_of(lv.assignments))
    later = _on_deadline(r, lv)
    rows = _standing_rows(lv, who)
    notes = _standing_notes(lv, who, r.names) + _deadline_notes(r, lv, later)
    return (_level_title(lv, r.names, later, r.deadline), rows if rows or lv.score is None else None,
            check_score_tables(r, lv, later), notes)


# ---- certifications to renew (every format) -------------------------------------------------------

RENEWAL_COLUMNS = ("person", "certification", "expires", "renewal window", "holds up on the deadline")


def renewal_title(r: CheckReport) -> str:
    """'Certifications that expire by the deadline (2027-06-30)'."""
    return f"Certifications that expire by the deadline ({r.deadline})"


def window_words(x: Renewal) -> str:
    """'2026-12-01 to 2027-01-19' (the six months before expiry, within as_of..deadline), or 'closed: pass
    the exam again' once it has passed."""
    if x.closed or x.window_opens is None:
        return "closed: pass the exam again"
    return f"{x.window_opens} to {x.window_closes}"


def holds_words(x: Renewal, names: dict[str, str]) -> str:
    """'7.5 points', '1 slot of Silver; 1 slot of Gold' (each level it is worth something to on the
    deadline, named when the competency has several), or 'nothing on its own (others cover it, or the level
    falls short anyway)'."""
    parts = []
    for h in x.holds:
        option, _, level = h.level.rpartition(":")
        name = level_title(level, names) + (f" (option {option})" if option else "")
        name = f" of {name}" if len(x.holds) > 1 else ""
        if h.points:
            parts.append(f"{points(h.points)} points{name}")
        elif h.slots:
            parts.append(f"{plural(h.slots, 'slot')}{name}")
    return "; ".join(parts) or "nothing on its own (others cover it, or the level falls short anyway)"


def renewal_rows(r: CheckReport) -> list[list[str]]:
    """One row per certification that expires by the deadline (RENEWAL_COLUMNS), people by name, an exam
    pass by its code, a certification pass by its title."""
    who = renewal_who(r)
    return [[who(x.person), who.item(x.exam), str(x.expires), window_words(x), holds_words(x, r.names)]
            for x in r.renewals or []]


def renewal_who(r: CheckReport) -> Who:
    """The people of the certifications to renew by name, and the certifications by title."""
    return Who(names_of(list(r.renewals or [])), r.names)


def reports_of(r: CheckReport) -> list[CheckReport]:
    """The check of the scenario's competency, then each other competency of its targets."""
    return [r, *(r.others or [])]


# ---- terminal ------------------------------------------------------------------------------------

def check_table(r: CheckReport) -> RenderableType:
    """The standing as the terminal shows it: per competency and level, its table, its score tables and
    its notes; then the certifications that expire by the deadline."""
    r = printable(r)
    return Group(*(part for one in reports_of(r) for part in _table_parts(one)))


def _table_parts(r: CheckReport) -> list[RenderableType]:
    """check_table for one competency."""
    on = f" and on the deadline {r.deadline}" if r.deadline and r.levels_on_deadline else ""
    title = f"{r.scenario} - {competency_name(r)}, standing today ({r.as_of}){on}"
    parts: list[RenderableType] = [Text(title, style="bold")]
    for lv in r.levels:
        who = Who(names_of(lv.assignments))
        later = _on_deadline(r, lv)
        rows = _standing_rows(lv, who)
        if rows or lv.score is None:
            parts.append(text_table(_level_title(lv, r.names, later, r.deadline), STANDING_COLUMNS, rows))
        else:  # a scored level with no gate: its score tables say it all
            parts.append(Text(_level_title(lv, r.names, later, r.deadline), style="bold"))
        parts += [text_table(title, STANDING_SCORE_COLUMNS, rows, right=_STANDING_FIGURES, bold_last=True)
                  for title, rows in check_score_tables(r, lv, later)]
        notes = _standing_notes(lv, who, r.names) + _deadline_notes(r, lv, later)
        if notes:
            parts.append(bullets(notes))
    if r.renewals:
        parts.append(text_table(renewal_title(r), RENEWAL_COLUMNS, renewal_rows(r)))
    return parts


# ---- Markdown ------------------------------------------------------------------------------------

def check_markdown(r: CheckReport) -> str:
    """The standing as Markdown: the same sections as check_table, every input string escaped."""
    r = md_escaped(printable(r))
    return "".join(_markdown_of(one) for one in reports_of(r))


def _markdown_of(r: CheckReport) -> str:
    """check_markdown for one competency."""
    on = f" and on the deadline {r.deadline}" if r.deadline and r.levels_on_deadline else ""
    lines = [f"# {r.scenario}: {competency_name(r)} standing today ({r.as_of}){on}", ""]
    for lv in r.levels:
        who = Who(names_of(lv.assignments))
        later = _on_deadline(r, lv)
        lines += [f"## {_level_title(lv, r.names, later, r.deadline)}", ""]
        rows = _standing_rows(lv, who)
        if rows or lv.score is None:
            lines += md_rows(STANDING_COLUMNS, rows)
        lines += _md_check_scores(r, lv, later, after_table=bool(lines[-1]))
        notes = [f"- {x}" for x in _standing_notes(lv, who, r.names) + _deadline_notes(r, lv, later)]
        lines += [""] + notes + ([""] if notes else [])
    if r.renewals:
        lines += [f"## {renewal_title(r)}", "", *md_rows(RENEWAL_COLUMNS, renewal_rows(r)), ""]
    return "\n".join(lines) + "\n"


def _md_check_scores(r: CheckReport, lv: Any, later: Any | None, after_table: bool) -> list[str]:
    """A scored level's score tables today and on the deadline, each under a heading."""
    lines: list[str] = []
    for title, score in check_score_tables(r, lv, later):
        score[-1] = md_bold(score[-1])
        lines += ([""] if lines or after_table else []) + [f"### {title}", ""]
        lines += md_rows(STANDING_SCORE_COLUMNS, score, _STANDING_FIGURES)
    return lines


# ---- several designations (check --competency all) ------------------------------------------------

SEVERAL_COLUMNS = ("designation", "revision", "today", "on the deadline", "track", "missing")
_SEVERAL_FIGURES = ("today", "on the deadline")


def _points_cell(points: float | None, needed: float | None, met: bool | None) -> str:
    """'60 / 70 NOT MET', 'met' for a level without a score, '-' for no standing."""
    if met is None:
        return "-"
    verdict = met_word(met)
    if points is None or needed is None:
        return verdict
    return f"{points_short_words(points, needed)} / {needed_words(needed)} {verdict}"


def several_rows(r: CheckSeveralReport) -> list[list[str]]:
    """One row per designation's level: today's and the deadline's points / needed and verdict, the track
    that counts and what is missing (the level and option named when a designation has several)."""
    rows_of = Counter(d.competency for d in r.designations)
    rows = []
    for d in r.designations:
        which = [x for x in (d.option, d.level) if x] if rows_of[d.competency] > 1 else []
        rows.append([f"{d.name} ({', '.join([d.competency, *which])})", str(d.revision),
                     _points_cell(d.points, d.needed, d.met),
                     _points_cell(d.points_on_deadline, d.needed, d.met_on_deadline),
                     d.track or "-", d.missing or "-"])
    return rows


def _several_title(r: CheckSeveralReport) -> str:
    on = f" and on the deadline {r.deadline}" if r.deadline else ""
    return f"{r.scenario} - every designation's standing today ({r.as_of}){on}"


def check_several_table(r: CheckSeveralReport) -> RenderableType:
    """The designations' standings in one table, then each designation's check as `check` shows it."""
    shown = printable(r)
    parts: list[RenderableType] = [Text(_several_title(shown), style="bold"),
                                   text_table(None, SEVERAL_COLUMNS, several_rows(shown),
                                              right=_SEVERAL_FIGURES)]
    for one in r.checks:
        parts += [Text(""), check_table(one)]
    return Group(*parts)


def check_several_markdown(r: CheckSeveralReport) -> str:
    """The designations' standings as Markdown: the table, then each designation's check a heading level
    lower."""
    shown = md_escaped(printable(r))
    lines = [f"# {_several_title(shown)}", ""]
    lines += md_rows(SEVERAL_COLUMNS, several_rows(shown), _SEVERAL_FIGURES)
    for one in r.checks:
        lines += [""] + ["#" + x if x.startswith("#") else x for x in check_markdown(one).splitlines()]
    return "\n".join(lines) + "\n"
