"""Turning reports into what people and scripts read: rich tables, Markdown and JSON.

Every sentence a plan, a standing or a comparison says comes from planner/report/words.py, so the table,
Markdown and HTML formats state the same facts in the same words. Text from the input (names, ids, scenario
and variant names) is shown with its control characters escaped (`render_words.printable`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from models.catalog import Catalog, Exam, Level, Metric
from models.report import (
    Assignment,
    BestReport,
    CheckReport,
    CompareReport,
    CompareRow,
    Gate,
    PlanReport,
    ScoreStanding,
)
from planner.report.targets import goals_in_words, targets_markdown, targets_table_parts
from planner.report.words import (
    MET,
    NOT_MET,
    SCORE_COLUMNS,
    STANDING_SCORE_COLUMNS,
    Who,
    any_breakdown,
    cost_breakdown,
    exam_cells,
    exam_label,
    gate_detail,
    headline,
    level_met_words,
    level_name,
    level_title,
    met_word,
    names_of,
    plan_score_words,
    plural,
    points,
    printable,
    renewals_of,
    score_rows,
    score_standing_words,
    score_title,
    score_words,
    slot_words,
    split_gate,
    standing_score_rows,
    takes_word,
    total_exams_cell,
    who_for,
    who_in,
    whole_money,
)
from planner.report.words import money as usd
from planner.rules.diff import MARKETS, PEOPLE_IN_WORDS, Change, and_list, money, people_in_words
from planner.rules.domain import role_in_words

if TYPE_CHECKING:
    from planner.rules.catalogs import Catalogs

_money = usd


def to_json(report: BaseModel | list[Any] | dict[str, Any]) -> str:
    """Stable JSON: the model's field order, two-space indent, a final newline."""
    data: list[Any] | dict[str, Any]
    data = report.model_dump(mode="json") if isinstance(report, BaseModel) else report
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[str]], *,
           right: Sequence[str] = (), bold_last: bool = False) -> Table:
    """A rich table whose cells are plain text (never read as rich markup); `right`: figure columns."""
    t = Table(title=title, title_justify="left")
    for c in columns:
        t.add_column(c, justify="right" if c in right else "left", no_wrap=c in right, overflow="fold")
    for i, row in enumerate(rows):
        t.add_row(*(Text(x) for x in row), style="bold" if bold_last and i == len(rows) - 1 else None)
    return t


def _bullets(lines: Sequence[str], mark: str = "-") -> Table:
    """Bulleted lines whose continuation lines wrap under the text, not under the bullet."""
    t = Table.grid(padding=(0, 1))
    t.add_column(no_wrap=True)
    t.add_column()
    for line in lines:
        t.add_row(mark, Text(line))
    return t


def _heading(r: PlanReport) -> list[str]:
    """The title and the facts line: two lines, so neither wraps with a dangling comma."""
    return [f"{r.scenario} - {goals_in_words(r)}",
            f"as of {r.as_of}; deadline {r.deadline}; objective: {r.objective}"]


# ---- plan ------------------------------------------------------------------------------------------

def _new_exam_rows(r: PlanReport, who: Who) -> tuple[list[str], list[list[str]]]:
    """The New exams table: person, exam, month (with a calendar), cost, and fee + preparation when known."""
    month = {(b.person, b.exam): b.month for b in r.schedule}
    explain = any_breakdown(r.new_exams)
    columns = ["person", "exam", *(["month"] if month else []), "cost",
               *(["fee + preparation"] if explain else [])]
    exams = sorted(r.new_exams, key=lambda e: month.get((e.person, e.exam), "")) if month else r.new_exams
    rows = [[who(e.person), exam_label(e.exam, e.renewal), *([month[e.person, e.exam]] if month else []),
             usd(e.cost_usd), *([cost_breakdown(e) or "-"] if explain else [])] for e in exams]
    rows.append(["total" + (" with hires" if r.hires else ""), total_exams_cell(r),
                 *([""] if month else []), usd(r.total_cost_usd), *([""] if explain else [])])
    return columns, rows


def _exam_cells(r: PlanReport, a: Assignment) -> str:
    return exam_cells(r, a.person, a.exams)


def _slot_rows(r: PlanReport, assignments: Sequence[Assignment], who: Who) -> list[list[str]]:
    return [[a.role, who(a.person), _exam_cells(r, a)] for a in assignments]


def _detail(g: Gate) -> str:
    """A gate's detail cell: the figures of a revenue gate; '-' where the met? column says it all."""
    return gate_detail(g) if g.required_usd is not None else "-"


def _gate_columns(gates: Sequence[Gate]) -> list[str]:
    goal = any(split_gate(g.name)[0] for g in gates)
    return [*(["goal"] if goal else []), "gate", "met?", "detail"]


def _gate_rows(gates: Sequence[Gate]) -> list[list[str]]:
    """One row per gate: with several goals the goal has its own column, so gate names are never cut."""
    goal = any(split_gate(g.name)[0] for g in gates)
    rows = []
    for g in gates:
        target, name = split_gate(g.name)
        rows.append([*([level_name(target)] if goal else []), name, met_word(g.ok), _detail(g)])
    return rows


def _alternative_rows(r: PlanReport, who: Who) -> list[list[str]]:
    rows = [["1", str(r.total_new_exams + len(r.hires)), usd(r.total_cost_usd), "(the plan above)", ""]]
    rows += [[str(a.rank), str(a.total_new_exams + len(a.hires)), usd(a.total_cost_usd),
              ", ".join(who.pair(x) for x in a.adds) or "-", ", ".join(who.pair(x) for x in a.drops) or "-"]
             for a in r.alternatives]
    return rows


_SLOTS = ("role", "person", "exams (new ones marked *)")


def _slot_head(r: PlanReport) -> tuple[str, list[str]]:
    """The slot table's title and columns: a scored goal's 'role' is a metric."""
    title, first = slot_words(bool(r.scores) and not r.targets)
    return title, [first, *_SLOTS[1:]]


def _holder_parts(r: PlanReport, who: Who) -> list[RenderableType]:
    """Who fills which slot (per target), the spares, and each scored goal's score on the deadline."""
    parts: list[RenderableType] = []
    title, columns = _slot_head(r)
    if r.targets:
        parts.extend(targets_table_parts(r, lambda t: [_score_table(*x) for x in score_tables(r, t.target)]))
    elif r.assignments:
        parts.append(_table(title, columns, _slot_rows(r, r.assignments, who)))
    if r.spares:
        parts.append(_table("Spares (qualified, ready to step in)", columns, _slot_rows(r, r.spares, who)))
    if not r.targets:
        parts += [_score_table(*x) for x in score_tables(r)]
    return parts


def score_tables(r: PlanReport, target: str | None = None) -> list[tuple[str, list[list[str]]]]:
    """Each scored goal's table on the deadline (only `target`'s when given): its title and rows (columns
    SCORE_COLUMNS)."""
    return [(score_title(r, s), score_rows(s)) for s in r.scores or [] if target in (None, s.target)]


def _score_table(title: str, rows: list[list[str]]) -> Table:
    return _table(title, SCORE_COLUMNS, rows, right=SCORE_COLUMNS[1:], bold_last=True)


def _md_scores(r: PlanReport, target: str | None = None) -> list[str]:
    """The score tables (only `target`'s when given) as Markdown sections, their total rows in bold."""
    lines: list[str] = []
    for title, rows in score_tables(r, target):
        rows[-1] = [f"**{x}**" if x else "" for x in rows[-1]]
        lines += [f"## {title}", "", *_md_rows(SCORE_COLUMNS, rows, right=SCORE_COLUMNS[1:]), ""]
    return lines
_ALTERNATIVES = ("#", "exams", "cost", "adds", "drops")
_ALTERNATIVE_FIGURES = ("exams", "renewals", "cost", "points")


def _plan_points(scores: list[ScoreStanding] | None) -> str:
    """'72' (one scored goal), '72; 75' (several), '-' (none)."""
    return "; ".join(points(s.points) for s in scores or []) or "-"


def alternatives_view(r: PlanReport, who: Who) -> tuple[list[str], list[list[str]]]:
    """The Alternatives table: #, exams, cost, adds, drops; with renewals a renewals column after exams,
    and for a scored goal the points on the deadline after the cost."""
    rows = _alternative_rows(r, who)
    renewals = [r.total_renewals, *(getattr(a, "total_renewals", None) for a in r.alternatives)]
    scores = [r.scores, *(getattr(a, "scores", None) for a in r.alternatives)]
    columns = list(_ALTERNATIVES)
    if any(renewals):
        columns.insert(2, "renewals")
        rows = [[*row[:2], str(n or 0), *row[2:]] for row, n in zip(rows, renewals, strict=True)]
    if r.scores:
        at = columns.index("cost") + 1
        columns.insert(at, "points")
        rows = [[*row[:at], _plan_points(s), *row[at:]] for row, s in zip(rows, scores, strict=True)]
    return columns, rows


def plan_table(r: PlanReport) -> RenderableType:
    r = printable(r)
    who = who_for(r)
    title, facts = _heading(r)
    parts: list[RenderableType] = [Text(title, style="bold"), Text(facts),
                                   Text(headline(r), style="green" if r.reachable else "red")]
    if r.new_exams:
        columns, rows = _new_exam_rows(r, who)
        parts.append(_table("New exams", columns, rows, right=("cost",), bold_last=True))
    parts += _holder_parts(r, who)
    if r.gates:
        parts.append(_table("Gates", _gate_columns(r.gates), _gate_rows(r.gates)))
    parts.extend(Text(line) for line in _policy_lines(r))
    if r.schedule:
        parts.append(Text("Calendar (book these months):", style="bold"))
        parts.append(_bullets(calendar_lines(r), " "))
        parts.append(Text(gantt(r), no_wrap=True, overflow="ignore"))
    if r.path:
        parts.append(Text("Path:", style="bold"))
        parts.append(_bullets(path_lines(r), " "))
    parts.extend(Text(line) for line in odds_lines(r))
    if r.reasons:
        parts += [Text("Why:", style="bold"), _bullets(r.reasons)]
    if r.fixes:
        parts += [Text("What would make it reachable:", style="bold"), _bullets(fix_lines(r))]
    if r.alternatives:
        columns, rows = alternatives_view(r, who)
        parts.append(_table("Alternatives", columns, rows, right=_ALTERNATIVE_FIGURES))
    if r.alternatives_differ:
        parts.append(Text(differ_line(r)))
    return Group(*parts)


DIFFER_WORDS = {"people": "who takes exams", "exams": "the exams taken"}


def differ_line(r: PlanReport) -> str:
    """What the alternatives differ in (--alternatives-differ), or that no other plan does."""
    words = DIFFER_WORDS[r.alternatives_differ or "exams"]
    if r.alternatives:
        return f"Alternatives differ in {words}."
    return f"No other plan differs in {words}."


def policy_lines(r: PlanReport) -> list[str]:
    """Hires, budget and resilience, one line each."""
    lines = []
    if r.hires:
        lines.append("Hires: " + "; ".join(f"{h.id} ({h.profile}, {usd(h.cost_usd)})" for h in r.hires))
    if r.budget_usd is not None:
        lines.append(f"Budget: {usd(r.budget_usd)}" + (
            f", {usd(r.budget_usd - r.total_cost_usd)} left" if r.status in ("optimal", "feasible") else ""))
    if r.resilience is not None and r.resilience.k:
        extra = ("" if r.resilience.extra_cost_usd is None else
                 f"; it costs {usd(r.resilience.extra_cost_usd)} "
                 f"({r.resilience.extra_new_exams:+d} exams) more than a plan that does not")
        lines.append(f"Resilience: the level survives any {plural(r.resilience.k, 'departure')}{extra}")
    return lines


_policy_lines = policy_lines


def _met_by_words(r: PlanReport, level: str) -> str:
    words = level_met_words(r, level)
    if "'s exam rules met" in words:
        return words.replace("'s exam rules met", "'s exam rules are met", 1)
    return f"{level_name(level)} is {MET}"


def calendar_lines(r: PlanReport) -> list[str]:
    """'2018-01: alice MB2-715, bob MB2-716' month by month, with the day each level is met."""
    who = who_for(r)
    renewed = renewals_of(r)
    months: dict[str, list[str]] = {}
    for b in r.schedule:
        exam = exam_label(b.exam, (b.person, b.exam) in renewed)
        months.setdefault(b.month, []).append(f"{who(b.person)} {exam}")
    return [f"{month}: {', '.join(items)}" for month, items in sorted(months.items())] + met_by_lines(r)


def met_by_lines(r: PlanReport) -> list[str]:
    """'Silver is met by 2017-11-30', "Gold's exam rules are met by ..." (with a calendar only)."""
    met = [m for m in r.levels_met if m.by is not None]
    met.sort(key=lambda m: str(m.by))  # stable: the lower level first on the same day
    return [f"{_met_by_words(r, m.level)} by {m.by}" for m in met]


def _months_between(first: str, last: str) -> list[str]:
    months = []
    year, mon = int(first[:4]), int(first[5:])
    while f"{year:04d}-{mon:02d}" <= last:
        months.append(f"{year:04d}-{mon:02d}")
        year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return months


_RENEWED = "(r)"
"""A renewal's mark in the text chart: '1(r)'."""


def gantt(r: PlanReport) -> str:
    """A text chart: one row per person, one column per month, the exam booked in each cell."""
    if not r.schedule:
        return ""
    who = who_for(r)
    months = _months_between(min(b.month for b in r.schedule), max(b.month for b in r.schedule))
    people = list(dict.fromkeys(b.person for b in r.schedule))
    cells: dict[tuple[str, str], list[str]] = {(b.person, b.month): [] for b in r.schedule}
    renewed = renewals_of(r)
    for b in r.schedule:
        mark = _RENEWED if (b.person, b.exam) in renewed else ""
        cells[b.person, b.month].append(b.exam.split("-")[-1] + mark)
    width = max(7, *(len("+".join(v)) for v in cells.values()))
    name = max(len(who(p)) for p in people)
    head = " " * name + " | " + " | ".join(m.ljust(width) for m in months)
    rows = [head, "-" * len(head)]
    for person in people:
        row = [("+".join(cells.get((person, m), [])) or ".").ljust(width) for m in months]
        rows.append(who(person).ljust(name) + " | " + " | ".join(row))
    if renewed:
        rows.append(f"{_RENEWED}: a renewal")
    return "\n".join(rows)


def path_lines(r: PlanReport) -> list[str]:
    """The steps in order, with the levels each one completes ("Gold's exam rules met" while a gate fails)."""
    who = who_for(r)
    renewed = renewals_of(r)
    lines = []
    for m in r.levels_met:
        if m.after_step == 0:
            already = _met_by_words(r, m.level).replace(" met", " already met", 1)
            lines.append(f"{already} before any new exam")
    for step in r.path:
        met = " and ".join(level_met_words(r, x) for x in step.meets)
        does = takes_word((step.person, step.exam) in renewed)
        took = f"{step.step}. {who(step.person)} {does} {step.exam}"
        if step.month:  # with a calendar a level is met once its month is over
            lines.append(f"{took} ({step.month})")
            if met:
                lines.append(f"   end of {step.month}: {met}")
        else:
            lines.append(took + (f"  -> {met}" if met else ""))
    return lines


def odds_lines(r: PlanReport) -> list[str]:
    """The chance the plan's first attempts pass, the level is met, and the expected cost with retakes."""
    certain = r.probability_all_pass == 1.0 and r.buffer is None
    if r.probability_all_pass is None or not r.new_exams or certain:
        return []  # nothing can be failed: no pass rates below 1
    line = f"Chance every new exam is passed first time: {r.probability_all_pass:.1%}"
    if r.probability_level_met is not None and abs(r.probability_level_met - r.probability_all_pass) > 1e-12:
        line += f"; chance the level is met with first attempts: {r.probability_level_met:.1%}"
    line += f"; expected cost with retakes: {whole_money(r.expected_cost_usd)}"
    lines = [line]
    b = r.buffer
    if b is not None:
        if b.roles:
            before, after = b.probability_level_met_before or 0, b.probability_level_met or 0
            lines.append(f"Buffer: a spare for {', '.join(b.roles)} raises the chance the level is met from "
                         f"{before:.1%} to {after:.1%} for {usd(b.extra_cost_usd)} more")
        else:
            lines.append("Buffer: no spare pays here (no exam of the plan can be failed, or no spare helps)")
    return lines


_odds_lines = odds_lines


def fix_lines(r: PlanReport) -> list[str]:
    """The fixes grouped by option, in words: 'option 1: keep kai on staff ... (then no new exams)'."""
    lines = []
    options = sorted({f.option for f in r.fixes})
    for option in options:
        group = [f for f in r.fixes if f.option == option]
        change = " and ".join(f.change for f in group)
        if option == 0:
            lines.append(f"in any case: {change}")
            continue
        result = group[0]
        n = result.total_new_exams
        cost = "" if result.total_cost_usd is None or n is None else (
            " (then no new exams)" if not n and not result.total_cost_usd else
            f" (then {plural(n, 'new exam')}, {usd(result.total_cost_usd)} in all)")
        lines.append(f"option {option}: {change}{cost}")
    return lines


# ---- Markdown ----------------------------------------------------------------------------------------

# `_` and `#` are left alone: CommonMark reads neither inside a word or a line (can_take stays readable)
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*[]|"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def md(text: str) -> str:
    """Text from the input, safe in Markdown: no markup, no HTML, no table-breaking pipe or line break."""
    return text.translate(_MD_SPECIAL)


def _md_escaped(value: Any) -> Any:
    """A printable copy of a report with every string also escaped for Markdown."""
    if isinstance(value, str):
        return md(value)
    if isinstance(value, BaseModel):
        return value.model_copy(update={k: _md_escaped(getattr(value, k)) for k in type(value).model_fields})
    if isinstance(value, list):
        return [_md_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _md_escaped(v) for k, v in value.items()}
    return value


def _md_rows(columns: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[str] = ()) -> list[str]:
    rule = "|" + "".join("---:|" if c in right else "---|" for c in columns)
    return (["| " + " | ".join(columns) + " |", rule]
            + ["| " + " | ".join(row) + " |" for row in rows])


def plan_markdown(r: PlanReport) -> str:
    shown_only = printable(r)
    r = _md_escaped(shown_only)
    title, facts = _heading(r)
    lines = [f"# {title}", "", facts[:1].upper() + facts[1:] + ".", "", headline(r), ""]
    lines += _md_tables(r, who_for(r)) + _md_timeline(r, gantt(shown_only)) + _md_notes(r)
    return "\n".join(lines) + "\n"


def _md_tables(r: PlanReport, who: Who) -> list[str]:
    """New exams, slot holders (per target), spares and gates, as Markdown tables."""
    lines: list[str] = []
    if r.new_exams:
        columns, rows = _new_exam_rows(r, who)
        rows[-1] = [f"**{x}**" if x else "" for x in rows[-1]]
        lines += ["## New exams", "", *_md_rows(columns, rows, right=("cost",)), ""]
    lines += _md_holders(r, who)
    if r.gates:
        lines += ["## Gates", "", *_md_rows(_gate_columns(r.gates), _gate_rows(r.gates))]
    elif lines and not lines[-1]:
        lines.pop()  # the section after starts with its own blank line
    policy = policy_lines(r)
    if policy:
        lines += [""] + [f"- {x}" for x in policy]
    return lines


def _md_holders(r: PlanReport, who: Who) -> list[str]:
    """Who fills which slot (per target), the spares and the scores on the deadline, as Markdown."""
    lines: list[str] = []
    title, columns = _slot_head(r)
    if r.targets:
        lines += targets_markdown(r, lambda t: _md_scores(r, t.target))
    elif r.assignments:
        lines += [f"## {title}", "", *_md_rows(columns, _slot_rows(r, r.assignments, who)), ""]
    if r.spares:
        spares = _slot_rows(r, r.spares, who)
        lines += ["## Spares (qualified, ready to step in)", "", *_md_rows(columns, spares), ""]
    if not r.targets:
        lines += _md_scores(r)
    return lines


def _md_timeline(r: PlanReport, chart: str) -> list[str]:
    """The calendar with its Gantt chart, the path and the odds."""
    lines: list[str] = []
    if r.schedule:
        lines += ["", "## Calendar", ""] + [f"- {x}" for x in calendar_lines(r)]
        lines += ["", "```", chart, "```"]
    if r.path:
        lines += ["", "## Path", ""] + [x if x[:1].isdigit() or x.startswith("   ") else f"- {x}"
                                        for x in path_lines(r)]
    odds = odds_lines(r)
    if odds:
        lines += [""] + [f"- {x}" for x in odds]
    return lines


def _md_notes(r: PlanReport) -> list[str]:
    """Why, the fixes and the alternatives."""
    lines: list[str] = []
    if r.reasons:
        lines += ["", "## Why", ""] + [f"- {x}" for x in r.reasons]
    if r.fixes:
        lines += ["", "## What would make it reachable", ""] + [f"- {x}" for x in fix_lines(r)]
    if r.alternatives:
        lines += ["", "## Alternatives", "",
                  *_md_rows(*alternatives_view(r, who_for(r)), _ALTERNATIVE_FIGURES)]
    if r.alternatives_differ:
        lines += ["", differ_line(r)]
    return lines


# ---- check -----------------------------------------------------------------------------------------

def _at_risk_words(names: list[str]) -> str:
    """'alice leaves', 'alice or bob leaves', 'alice, bob or carol leaves'."""
    return (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]) + " leaves"


def _standing_rows(lv: Any, who: Who) -> list[list[str]]:
    rows = []
    for s in lv.slots:
        holders = ", ".join(who(a.person) for a in lv.assignments if a.role == s.role) or "-"
        rows.append([f"{s.role} slots", met_word(s.filled >= s.required),
                     f"{s.filled} of {s.required} filled: {holders}"])
    rows += [[split_gate(g.name)[1], met_word(g.ok), _detail(g)] for g in lv.gates]
    return rows


def _standing_notes(lv: Any, who: Who) -> list[str]:
    notes = [f"missing: {m}" for m in lv.missing]
    if lv.at_risk:
        leaves = _at_risk_words([who(p) for p in lv.at_risk])
        notes.append(f"at risk: {level_title(lv.level)} is lost if {leaves}")
    return notes


def _level_key(lv: Any) -> str:
    return f"{lv.option}:{lv.level}" if lv.option else lv.level


def _on_deadline(r: CheckReport, lv: Any) -> Any | None:
    """The level's standing on the deadline (None when the report has none)."""
    return next((d for d in r.levels_on_deadline if _level_key(d) == _level_key(lv)), None)


def _level_title(lv: Any, later: Any | None = None, deadline: Any = None) -> str:
    """'Gold: met', or with the deadline: 'Gold: met today, NOT MET on 2019-03-31'."""
    option = f" (option {lv.option})" if lv.option else ""
    now = MET if lv.met else NOT_MET.upper()
    if later is None:
        return f"{level_title(lv.level)}{option}: {now}"
    name = f"{level_title(lv.level)}{option}"
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


_STANDING = ("requirement", "met?", "who / detail")
_STANDING_FIGURES = STANDING_SCORE_COLUMNS[1:4]


def check_table(r: CheckReport) -> RenderableType:
    r = printable(r)
    on = f" and on the deadline {r.deadline}" if r.deadline and r.levels_on_deadline else ""
    parts: list[RenderableType] = [Text(f"{r.scenario} - {r.competency}, standing today ({r.as_of}){on}",
                                        style="bold")]
    for lv in r.levels:
        who = Who(names_of(lv.assignments))
        later = _on_deadline(r, lv)
        rows = _standing_rows(lv, who)
        if rows or lv.score is None:
            parts.append(_table(_level_title(lv, later, r.deadline), _STANDING, rows))
        else:  # a scored level with no gate: its score tables say it all
            parts.append(Text(_level_title(lv, later, r.deadline), style="bold"))
        parts += [_table(title, STANDING_SCORE_COLUMNS, rows, right=_STANDING_FIGURES, bold_last=True)
                  for title, rows in check_score_tables(r, lv, later)]
        notes = _standing_notes(lv, who) + _deadline_notes(r, lv, later)
        if notes:
            parts.append(_bullets(notes))
    return Group(*parts)


def check_level_view(r: CheckReport, lv: Any) -> tuple[str, list[list[str]] | None,
                                                       list[tuple[str, list[list[str]]]], list[str]]:
    """One level of `check` for a page: its title, its requirement rows (None for a scored level with no
    gate, whose score tables say it all), its score tables today and on the deadline, and its notes."""
    who = Who(names_of(lv.assignments))
    later = _on_deadline(r, lv)
    rows = _standing_rows(lv, who)
    notes = _standing_notes(lv, who) + _deadline_notes(r, lv, later)
    return (_level_title(lv, later, r.deadline), rows if rows or lv.score is None else None,
            check_score_tables(r, lv, later), notes)


STANDING_COLUMNS = _STANDING


def _md_check_scores(r: CheckReport, lv: Any, later: Any | None, after_table: bool) -> list[str]:
    """A scored level's score tables today and on the deadline, each under a heading."""
    lines: list[str] = []
    for title, score in check_score_tables(r, lv, later):
        score[-1] = [f"**{x}**" if x else "" for x in score[-1]]
        lines += ([""] if lines or after_table else []) + [f"### {title}", ""]
        lines += _md_rows(STANDING_SCORE_COLUMNS, score, _STANDING_FIGURES)
    return lines


def check_markdown(r: CheckReport) -> str:
    r = _md_escaped(printable(r))
    on = f" and on the deadline {r.deadline}" if r.deadline and r.levels_on_deadline else ""
    lines = [f"# {r.scenario}: {r.competency} standing today ({r.as_of}){on}", ""]
    for lv in r.levels:
        who = Who(names_of(lv.assignments))
        later = _on_deadline(r, lv)
        lines += [f"## {_level_title(lv, later, r.deadline)}", ""]
        rows = _standing_rows(lv, who)
        if rows or lv.score is None:
            lines += _md_rows(_STANDING, rows)
        lines += _md_check_scores(r, lv, later, after_table=bool(lines[-1]))
        notes = [f"- {x}" for x in _standing_notes(lv, who) + _deadline_notes(r, lv, later)]
        lines += [""] + notes + ([""] if notes else [])
    return "\n".join(lines) + "\n"


# ---- best ------------------------------------------------------------------------------------------

def best_lines(r: BestReport) -> list[str]:
    budget = "no budget limit" if r.budget_usd is None else f"a budget of {usd(r.budget_usd)}"
    lines = [f"With {budget}, the highest level reachable is {level_title(r.best_level)}." if r.best_level
             else f"With {budget}, no level is reachable."]
    n = r.next_level
    if n is not None:
        parts = []
        if n.open_slots is not None:
            parts.append(f"the budget fills {n.slots_filled_within_budget} of its {n.slots} slots "
                         f"({n.open_slots} open)")
        parts += _budget_score_words(n)
        if n.cheapest_cost_usd is not None:
            more = f", {usd(n.extra_usd_needed)} more than the budget" if n.extra_usd_needed else ""
            parts.append(f"its cheapest plan costs {usd(n.cheapest_cost_usd)}{more}")
        lines.append(f"{level_title(n.level)}: " + ("; ".join(parts) if parts else "not reachable") + ".")
        lines += [f"- {x}" for x in n.reasons]
    return lines


_best_lines = best_lines


def _budget_score_words(n: Any) -> list[str]:
    """For a scored level above the best one: 'the most the budget reaches on the deadline is 67 of the 70
    points needed, with ann AD-1, bob AD-1 (renewal) for US$330' ([] for a level of slots)."""
    s = getattr(n, "score_within_budget", None)
    if s is None:
        return []
    words = f"the most the budget reaches on the deadline is {score_words(s)}"
    exams = getattr(n, "new_exams_within_budget", None) or []
    if exams:
        taken = ", ".join(f"{e.name or e.person} {exam_label(e.exam, e.renewal)}" for e in exams)
        words += f", with {taken} for {usd(sum(e.cost_usd for e in exams))}"
    return [words]


def budget_score_table(r: BestReport) -> tuple[str, list[list[str]]] | None:
    """The score table of the most points the budget reaches for the level above the best one (None when
    that level is not scored)."""
    n = r.next_level
    s = None if n is None else getattr(n, "score_within_budget", None)
    if n is None or s is None:
        return None
    return f"{level_title(n.level)} within the budget, on the deadline: {score_words(s)}", score_rows(s)


def best_table(r: BestReport) -> RenderableType:
    r = printable(r)
    title = f"{r.scenario} - {r.competency}, objective: {r.objective}"
    parts: list[RenderableType] = [Text(title, style="bold")]
    parts += [Text(x) for x in best_lines(r)]
    scored = budget_score_table(r)
    if scored is not None:
        parts.append(_table(scored[0], SCORE_COLUMNS, scored[1], right=SCORE_COLUMNS[1:], bold_last=True))
    if r.plan is not None:
        parts.append(plan_table(r.plan))
    return Group(*parts)


def best_markdown(r: BestReport) -> str:
    r = printable(r)
    lines = [f"# {md(r.scenario)}: best level within budget", ""] + [md(x) for x in best_lines(r)] + [""]
    scored = budget_score_table(_md_escaped(r))
    if scored is not None:
        title, rows = scored
        rows[-1] = [f"**{x}**" if x else "" for x in rows[-1]]
        lines += [f"## {title}", "", *_md_rows(SCORE_COLUMNS, rows, right=SCORE_COLUMNS[1:]), ""]
    if r.plan is not None:
        lines.append(plan_markdown(r.plan).replace("# ", "## ", 1))
    return "\n".join(lines) + "\n"


# ---- compare ---------------------------------------------------------------------------------------

def _has_goals(r: CompareReport) -> bool:
    """Whether a row was planned for a scenario's several goals (`targets`) rather than one level."""
    return any(":" in (row.level_reached or "") for row in r.scenarios)


def compared_words(r: CompareReport) -> str:
    """What the rows were planned for: 'Gold', or 'Gold or each scenario's goals' when some have targets."""
    level = level_reached_words(r.level)
    return f"{level} or each scenario's goals" if _has_goals(r) else level


def compare_columns(r: CompareReport) -> list[str]:
    """The exams and cost are those of the plan for the compared level (or goals), and say so."""
    name = "" if _has_goals(r) else f"{level_reached_words(r.level)} "
    return ["scenario", "reaches", f"{name}plan\nexams", f"{name}plan\ncost", "revenue\ngap", "people\nused"]


def level_reached_words(reached: str | None) -> str:
    """'Gold' for a level; targets as 'cloud-crm gold, cloud-business-applications silver'; 'None' when
    none is reached."""
    if reached is None:
        return "None"
    return reached.replace(":", " ") if ":" in reached else reached.capitalize()


def _proof_mark(row: CompareRow) -> str:
    return " *" if row.status == "feasible" else ""


def reaches_words(row: CompareRow, level: str) -> str:
    """'Gold'; 'Silver (not Gold)' when the row's plan for the compared level is not reachable."""
    reached = level_reached_words(row.level_reached)
    goals = ":" in (row.level_reached or "")
    return reached if row.reachable or goals else f"{reached} (not {level_reached_words(level)})"


def _compare_cells(row: CompareRow, level: str) -> list[str]:
    """One row's cells: the level reached, then the exams and cost of the plan for the compared level."""
    if row.error:
        return [row.file, "error", "", "", "", ""]
    no_plan = row.status in ("infeasible", "unknown")
    return [
        row_label(row), reaches_words(row, level),
        "no plan" if no_plan else "-" if row.total_new_exams is None else str(row.total_new_exams),
        "-" if no_plan else usd(row.total_cost_usd) + _proof_mark(row),
        usd(row.revenue_gap_usd), "-" if row.people_used is None else str(row.people_used),
    ]


def row_label(row: CompareRow) -> str:
    return row.variant or row.scenario or row.file


def _change_words(row: CompareRow) -> list[str]:
    """'1 more exam', 'US$2,405 less': the change in exams and cost against the reference row."""
    out = []
    if row.exams_delta:
        more = "more" if row.exams_delta > 0 else "fewer"
        out.append(f"{abs(row.exams_delta)} {more} exam{'s' if abs(row.exams_delta) != 1 else ''}")
    if row.cost_delta_usd:
        out.append(f"{usd(abs(row.cost_delta_usd))} {'more' if row.cost_delta_usd > 0 else 'less'}")
    return out


def _level_change(row: CompareRow, first: CompareRow | None, level: str) -> list[str]:
    """'loses Gold (reaches Silver)' or 'gains Gold' against the reference row."""
    if first is None or first is row or row.reachable == first.reachable:
        return []
    name = level_reached_words(level)
    if row.reachable:
        return [f"gains {name}"]
    why = f": revenue {usd(row.revenue_gap_usd)} short" if row.revenue_gap_usd else ""
    return [f"loses {name}{why} (reaches {level_reached_words(row.level_reached)} only)"]


def compare_diff_lines(r: CompareReport, who: Who | None = None) -> list[str]:
    """Per row: what the variant changes, whether it loses or gains the level, and which exams it adds
    or drops against the reference row (people named by `who` when given: the HTML page has the plans)."""
    who = who or Who({})
    first = next((row for row in r.scenarios if not row.error), None)
    lines = []
    for row in r.scenarios:
        if row.error:
            continue
        parts = ["; ".join(row.changes)] if row.changes else []
        parts += _level_change(row, first, r.level)
        parts += _change_words(row)
        if row.gains:
            parts.append("adds " + ", ".join(who.pair(x) for x in row.gains))
        if row.losses:
            parts.append("drops " + ", ".join(who.pair(x) for x in row.losses))
        if parts:
            lines.append(f"{row_label(row)}: " + "; ".join(parts))
    return lines


SCORES_HEADING = "Scores on the deadline"


def compare_score_lines(r: CompareReport, plans: Sequence[PlanReport | None]) -> list[str]:
    """'Mini two: 74 of the 70 points needed' for each row whose plan is for a scored level."""
    return [f"{row_label(row)}: {plan_score_words(plan)}"
            for row, plan in zip(r.scenarios, plans, strict=False) if plan is not None and plan.scores]


def compare_notes(r: CompareReport) -> list[str]:
    """What the table cannot show: plans not proven best, and a comparison of a single scenario."""
    notes = []
    if any(row.status == "feasible" for row in r.scenarios):
        notes.append("* found within the time limit, not proven best")
    if len(r.scenarios) == 1:
        notes.append("Only one scenario: the file has no variants. Add `variants:` to it, or give several "
                     "files, to compare.")
    return notes


def compare_table(r: CompareReport, plans: Sequence[PlanReport | None] = ()) -> RenderableType:
    """The rows side by side, then each row's differences (people named from `plans`, when given)."""
    r = printable(r)
    who = who_in(printable(list(plans)))
    t = Table(title=f"{compared_words(r)}, objective: {r.objective}", title_justify="left")
    t.show_edge = False
    cells = [_compare_cells(row, r.level) for row in r.scenarios]
    for i, c in enumerate(compare_columns(r)):  # figures keep their width; names and headers wrap
        widest = max((len(row[i]) for row in cells), default=0)
        if i >= 2:
            header = max(len(x) for x in c.split("\n"))
            t.add_column(c, justify="right", no_wrap=True, min_width=max(widest, header))
        else:
            t.add_column(c, overflow="fold", min_width=min(widest, (14, 10)[i]))
    for row in cells:
        t.add_row(*(Text(x) for x in row))
    parts: list[RenderableType] = [t]
    parts.extend(Text(x) for x in compare_notes(r))
    scores = compare_score_lines(r, printable(list(plans)))
    if scores:
        parts += [Text(f"{SCORES_HEADING}:", style="bold"), _bullets(scores)]
    diff = compare_diff_lines(r, who)
    if diff:
        parts += [Text(f"Against {r.reference} (the first row):", style="bold"), _bullets(diff)]
    errors = [row.error for row in r.scenarios if row.error]
    if errors:
        parts += [Text("Not compared:", style="bold"), _bullets(errors)]
    return Group(*parts)


def compare_markdown(r: CompareReport, plans: Sequence[PlanReport | None] = ()) -> str:
    r = _md_escaped(printable(r))
    who = who_in(_md_escaped(printable(list(plans))))
    columns = [c.replace("\n", " ") for c in compare_columns(r)]
    lines = [f"# Comparison: {compared_words(r)}, objective {r.objective}", "",
             *_md_rows(columns, [_compare_cells(row, r.level) for row in r.scenarios], right=columns[2:])]
    notes = compare_notes(r)
    if notes:
        lines += [""] + [n.replace("* ", "\\* ", 1) if n.startswith("* ") else n for n in notes]
    scores = compare_score_lines(r, _md_escaped(printable(list(plans))))
    if scores:
        lines += ["", f"{SCORES_HEADING}:", ""] + [f"- {x}" for x in scores]
    diff = compare_diff_lines(r, who)
    if diff:
        lines += ["", f"Against {r.reference} (the first row):", ""] + [f"- {x}" for x in diff]
    errors = [row.error for row in r.scenarios if row.error]
    if errors:
        lines += ["", "Not compared:", ""] + [f"- {x}" for x in errors]
    return "\n".join(lines) + "\n"


# ---- rules ---------------------------------------------------------------------------------------------

def rules_data(catalogs: Sequence[Catalog]) -> list[dict[str, Any]]:
    """The catalogs shown, as JSON-ready dicts (the catalog file format)."""
    return [c.model_dump(mode="json") for c in catalogs]


def _in_force(known: Catalogs | None, c: Catalog) -> str:
    """'latest, in force since 2017-11-16' or 'in force 2017-06-27 to 2017-07-06'."""
    if known is None or c.id not in known.by_id:
        return f"in force since {c.revision}"
    later = [r.revision for r in known.revisions(c.id) if r.revision > c.revision]
    if not later:
        return f"latest, in force since {c.revision}"
    return f"in force {c.revision} to {min(later) - dt.timedelta(days=1)}"


def _options_words(c: Catalog) -> list[str]:
    """'id: name' per option; the one option's name for a catalog without options."""
    if c.options:
        return [f"{o.id}: {o.name}" for o in c.options]
    return [f"{c.option} (the only one)" if c.option else "(one way, not named)"]


def rules_index_lines(known: Catalogs) -> list[str]:
    """Per competency: its id and name, its revisions oldest first (which one is in force when), and its
    options (those of the latest revision; an older revision with other options says so)."""
    lines = []
    for cid in known.ids():
        revisions = known.revisions(cid)
        latest = revisions[-1]
        lines.append(f"{cid}: {latest.name}" + (" (from --catalog)" if cid in known.custom else ""))
        lines.append("  revisions, oldest first:")
        lines += [f"    {c.revision}  {_in_force(known, c)}" for c in revisions]
        options = _options_words(latest)
        lines.append("  options (any one attains it):" if latest.options else "  option:")
        lines += [f"    {o}" for o in options]
        for c in revisions[:-1]:
            if _options_words(c) != options:
                lines.append(f"    (revision {c.revision}: {'; '.join(_options_words(c))})")
    return lines


def _shown_line(catalogs: Sequence[Catalog]) -> str:
    return "In full below: " + "; ".join(f"{c.id} revision {c.revision}" for c in catalogs) + "."


def _filled_by(lv: Level, sep: str = " ") -> str:
    """'4 different people' or 'the same or different people' (`sep` between 'or' and 'different')."""
    if lv.people == "different":
        return f"{lv.total_slots} {people_in_words(lv)}"
    return people_in_words(lv).replace(" or ", f" or{sep}")


def _people_rules(option: Catalog) -> list[str]:
    """What each people rule the option's levels use means, in one sentence each."""
    meaning = {"different": "no one fills two slots of the level, even of different roles",
               "same-or-different": "one person may fill a slot of each role, "
                                    "but never two slots of one role"}
    rules = dict.fromkeys(lv.people for lv in option.levels if lv.score is None)
    return [f"{PEOPLE_IN_WORDS.get(r, r)}: {meaning.get(r, r)}" for r in rules]


def _role_lines(option: Catalog) -> list[str]:
    """'application+deployment: one person with an application exam and a deployment exam (lists A and B)'."""
    return [f"{role.id}: one person with {role_in_words(option, role)} "
            f"({'list' if len(role.lists) == 1 else 'lists'} {and_list(role.lists)})"
            for role in option.roles]


def _metric_lines(option: Catalog) -> list[str]:
    seen: dict[str, str] = {}
    for lv in option.levels:
        for g in lv.revenue_gates:
            if g.metric:
                seen.setdefault(g.id, g.metric)
    return [f"revenue gate {gid}: {metric}" for gid, metric in seen.items()]


def _level_rows(option: Catalog, sep: str = " ") -> list[list[str]]:
    """The levels side by side: a row per requirement (slots of each role, who fills them, each revenue
    gate per market, DPOR), a column per level; `sep` joins a long label's two halves (a line break in a
    terminal table, so that the figures keep their width)."""
    levels = option.levels
    rows = [[f"{role.id} slots", *(str(lv.slots.get(role.id, 0)) for lv in levels)] for role in option.roles]
    rows.append(["filled by", *(_filled_by(lv, sep) for lv in levels)])
    gates = list(dict.fromkeys(g.id for lv in levels for g in lv.revenue_gates))
    for gid in gates:
        for market in MARKETS:
            label = (f"revenue, {market} markets" if gates == ["revenue"]
                     else f"revenue {gid},{sep}{market} markets")
            cells = []
            for lv in levels:
                gate = next((g for g in lv.revenue_gates if g.id == gid), None)
                cells.append("-" if gate is None else money(gate.required_usd.get(market)))
            rows.append([label, *cells])
    rows.append(["DPOR", *("required" if lv.dpor else "not required" for lv in levels)])
    return rows


def _level_columns(option: Catalog) -> list[str]:
    return ["requirement", *(lv.name for lv in option.levels)]


_EXAM_COLUMNS = ("list", "exam", "title", "can be taken", "counts until")


def _window(e: Exam) -> str:
    """When an exam can be taken: 'any day', 'from 2018-01-01', 'until 2017-12-31' or 'A to B'."""
    if e.first_take and e.last_take:
        return f"{e.first_take} to {e.last_take}"
    if e.first_take:
        return f"from {e.first_take}"
    return f"until {e.last_take}" if e.last_take else "any day"


def _exam_rows(c: Catalog, sep: str = " ") -> list[list[str]]:
    """A row per exam, list by list; the list's id and name (joined by `sep`) on its first row; then the
    exams in no list."""
    rows = []
    groups = [(f"{lst.id}{sep}{lst.name}{_unconfirmed(lst.unconfirmed)}", lst.exams) for lst in c.lists]
    unlisted = _unlisted_exams(c)
    if unlisted:
        groups.append(("(in no list)", unlisted))
    for label, codes in groups:
        for i, code in enumerate(codes):
            e = c.exam(code)
            rows.append([label if i == 0 else "", e.code, e.title + _unconfirmed(e.unconfirmed), _window(e),
                         str(e.counts_until or "-")])
    return rows


def _unconfirmed(flag: bool) -> str:
    """' (unconfirmed)' after a thing the sources do not confirm."""
    return " (unconfirmed)" if flag else ""


def _unlisted_exams(c: Catalog) -> list[str]:
    """The catalog's exams that no list names (they count toward nothing, but the catalog keeps them)."""
    listed = {code for lst in c.lists for code in lst.exams}
    return [e.code for e in c.exams if e.code not in listed]


def _rules_notes(c: Catalog) -> list[str]:
    notes = list(dict.fromkeys(g.note for o in c.option_catalogs() for lv in o.levels
                               for g in lv.revenue_gates if g.note))
    return notes + _score_notes(c) + [f"{e.code}: {e.note}" for e in c.exams if e.note]


def _score_notes(c: Catalog) -> list[str]:
    """The notes of the lists, the scores and their metrics, each once."""
    notes = [f"list {lst.id}: {lst.note}" for lst in c.lists if lst.note]
    scores = [lv.score for o in c.option_catalogs() for lv in o.levels if lv.score is not None]
    notes += [sc.note for sc in scores if sc.note]
    notes += [f"metric {m.id}: {m.note}" for sc in scores for m in sc.metrics if m.note]
    return list(dict.fromkeys(notes))


def _option_heading(c: Catalog, option: Catalog) -> str | None:
    if c.options:
        return f"Option {option.option_id}: {option.option}"
    return f"Option: {c.option}" if c.option else None


def _option_lines(c: Catalog, option: Catalog) -> list[str]:
    """The lines under an option's levels table: its description, roles, people rules, revenue metrics."""
    lines = [option.description] if c.options and option.description else []
    lines += [f"role {x}" for x in _role_lines(option)]
    if any(lv.score is None for lv in option.levels):
        lines += _people_rules(option)
    lines += _metric_lines(option)
    for lv in option.levels:
        lines += _score_lines(option, lv)
    return lines


def _rule_bullets(lines: Sequence[str]) -> Table:
    """Bulleted lines that wrap under their text; a word longer than the line (a web address) folds,
    never cut."""
    t = Table.grid(padding=(0, 1))
    t.add_column(no_wrap=True)
    t.add_column(overflow="fold")
    for line in lines:
        t.add_row("-", Text(line, overflow="fold"))
    return t


def _exam_when(e: Exam) -> str:
    """'' for an exam open any day whose pass always counts; else when it can be taken and until when a
    pass counts."""
    parts = [f"can be taken {_window(e)}"] if e.first_take or e.last_take else []
    if e.counts_until:
        parts.append(f"a pass counts until {e.counts_until}")
    return "; ".join(parts)


def _exam_lists(c: Catalog) -> list[RenderableType]:
    """The exams list by list, stacked to read at 80 columns: a heading per list, then each exam's code
    beside its title, with its dates (if any) under the title."""
    parts: list[RenderableType] = [Text("Exams, list by list", style="bold")]
    groups = [(f"List {lst.id}: {lst.name}{_unconfirmed(lst.unconfirmed)}", lst.exams) for lst in c.lists]
    unlisted = _unlisted_exams(c)
    if unlisted:
        groups.append(("Exams in no list", unlisted))
    for heading, codes in groups:
        parts.append(Text(heading, style="bold"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for code in codes:
            e = c.exam(code)
            when = _exam_when(e)
            title = e.title + _unconfirmed(e.unconfirmed)
            grid.add_row(Text(e.code), Text(title + (f"\n{when}" if when else "")))
        parts.append(Padding(grid, (0, 0, 0, 2)))
    return parts


def _levels_table(c: Catalog, option: Catalog) -> Table:
    """The option's levels side by side (ids fold, never cut)."""
    t = Table(title=_option_heading(c, option), title_justify="left", title_style="bold")
    for col in _level_columns(option):
        t.add_column(col, overflow="fold")
    for row in _level_rows(option, "\n"):
        t.add_row(*(Text(x) for x in row))
    return t


def _slotted(option: Catalog) -> Catalog | None:
    """The option with its slotted levels only (itself when none is scored; None when all are)."""
    levels = [lv for lv in option.levels if lv.score is None]
    if len(levels) == len(option.levels):
        return option
    return option.model_copy(update={"levels": levels}) if levels else None


def _level_tables(c: Catalog, option: Catalog) -> list[RenderableType]:
    """The slotted levels side by side, then a table of metrics for each scored level."""
    slotted = _slotted(option)
    parts: list[RenderableType] = [] if slotted is None else [_levels_table(c, slotted)]
    for lv in option.levels:
        if lv.score is None:
            continue
        heading = _option_heading(c, option) if slotted is None else None
        title = f"{heading + ': ' if heading else ''}{lv.name}: score"
        t = Table(title=title, title_justify="left", title_style="bold")
        for col, widest in zip(_SCORE_COLUMNS[:-1], (None, 11, 10, 13), strict=False):  # ids whole at 80
            t.add_column(col, overflow="fold", max_width=widest)
        for row in _score_rows(lv, "\n", counts=False):
            t.add_row(*(Text(x) for x in row))
        parts.append(t)
    return parts


# ---- rules of a scored level ---------------------------------------------------------------------------

_SCORE_COLUMNS = ("metric", "category", "max points", "threshold", "counts")


def _points(value: float) -> str:
    """15, 2.5: points as a person writes them."""
    return f"{value:g}"


def _threshold_words(metric: Metric, sep: str = ", ") -> str:
    """'20' for one threshold, 'enterprise 20, smb 5' (joined by `sep`) for one per track."""
    if isinstance(metric.threshold, int):
        return str(metric.threshold)
    return sep.join(f"{track} {n}" for track, n in metric.threshold.items())


def _threshold_sentence(metric: Metric, joiner: str = " or ") -> str:
    """'20 certified people (enterprise) or 5 (smb)'; '20 certified people' for one threshold."""
    unit = f" {metric.unit}" if metric.unit else ""
    if isinstance(metric.threshold, int):
        return f"{metric.threshold}{unit}"
    parts = [f"{n}{unit if i == 0 else ''} ({track})"
             for i, (track, n) in enumerate(metric.threshold.items())]
    return joiner.join(parts)


def _counts_words(option: Catalog, metric: Metric) -> str:
    """What a metric counts: people holding an exam of each of its lists (each person once), or the
    scenario's figure."""
    if metric.lists:
        names = " and ".join(f"list {lid} ({option.exam_list(lid).name})" for lid in metric.lists)
        each = "an exam of" if len(metric.lists) == 1 else "an exam of each of"
        return f"the people with {each} {names}, each person once"
    return f"the scenario's figure organization.metrics.{metric.input}"


def _score_rows(lv: Level, sep: str = " ", counts: bool = True) -> list[list[str]]:
    """A row per metric of a scored level (with what it counts, unless `counts` is False: a terminal
    table leaves that to the sentences under it), then the total needed, out of how many points."""
    assert lv.score is not None
    score = lv.score
    rows = [[f"{m.id}{_unconfirmed(m.unconfirmed)}", m.category, _points(m.max_points),
             _threshold_sentence(m, sep) if counts else _threshold_words(m, sep),
             f"list {', '.join(m.lists)}" if m.lists else f"organization.metrics.{m.input}"]
            for m in score.metrics]
    above = "more than 0 in every metric" if score.every_metric_above_zero else ""
    rows.append([f"total needed{_unconfirmed(score.unconfirmed)}", "",
                 f"{_points(score.total)} of {_points(float(score.out_of))}", above, ""])
    return rows if counts else [row[:-1] for row in rows]


def _score_lines(option: Catalog, lv: Level) -> list[str]:
    """A scored level in sentences: the total, the rule for each metric, the tracks."""
    if lv.score is None:
        return []
    score = lv.score
    need = [f"at least {_points(score.total)} of the {_points(float(score.out_of))} points over "
            f"{len(score.metrics)} metrics"]
    if score.every_metric_above_zero:
        need.append("more than 0 in every metric")
    lines = [f"{lv.name}{_unconfirmed(score.unconfirmed)}: {' and '.join(need)}; a metric gives its max "
             "points at its threshold and points in proportion below it"]
    if score.tracks:
        lines.append(f"thresholds per track ({' or '.join(score.tracks)}): the scenario's "
                     "organization.track picks one")
    lines += [_metric_line(option, m) for m in score.metrics]
    return lines


def _metric_line(option: Catalog, m: Metric) -> str:
    """'metric x (Name, category) (unconfirmed): 20 points at 20 certified people (enterprise) ...'."""
    label = ", ".join(x for x in (m.name, m.category) if x)
    minimum = f"; at least {_points(m.min_points)} points needed here" if m.min_points else ""
    return (f"metric {m.id} ({label}){_unconfirmed(m.unconfirmed)}: {_points(m.max_points)} points at "
            f"{_threshold_sentence(m)}, in proportion below; counts {_counts_words(option, m)}{minimum}")


def _rules_parts(c: Catalog, known: Catalogs | None) -> list[RenderableType]:
    """One catalog's rules in full: heading, levels per option, exams, notes and sources."""
    parts: list[RenderableType] = [
        Text(""), Text(f"{c.name} ({c.id}), revision of {c.revision} ({_in_force(known, c)})", style="bold")]
    if c.description:
        parts.append(Text(c.description))
    for option in c.option_catalogs():
        parts += [*_level_tables(c, option), _rule_bullets(_option_lines(c, option))]
    parts += _exam_lists(c)
    notes = _rules_notes(c)
    if notes:
        parts += [Text("Notes:", style="bold"), _rule_bullets(notes)]
    if c.sources:
        parts += [Text("Sources:", style="bold"), _rule_bullets([f"{k}: {v}" for k, v in c.sources.items()])]
    return parts


def rules_table(catalogs: Sequence[Catalog], known: Catalogs | None = None) -> RenderableType:
    """The index of `known` competencies and revisions (when given), then each catalog's rules in full,
    laid out to read at 80 columns."""
    parts: list[RenderableType] = []
    if known is not None:
        parts.append(Text("Known competencies", style="bold"))
        parts += [Text(line) for line in rules_index_lines(known)]
        parts.append(Text(_shown_line(catalogs)))
    for c in catalogs:
        parts += _rules_parts(c, known)
    return Group(*parts)


def _cell(text: str) -> str:
    """A Markdown table cell: pipes escaped, line breaks as <br>."""
    return text.replace("|", "\\|").replace("\n", "<br>")


def _md_table(columns: Sequence[str], rows: list[list[str]]) -> list[str]:
    return (["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
            + ["| " + " | ".join(_cell(x) for x in row) + " |" for row in rows])


def _md_level_tables(option: Catalog, depth: str) -> list[str]:
    """The slotted levels side by side, then a table of metrics for each scored level (under a heading
    of `depth`, e.g. '##')."""
    slotted = _slotted(option)
    lines = [] if slotted is None else _md_table(_level_columns(slotted), _level_rows(slotted))
    for lv in option.levels:
        if lv.score is not None:
            lines += ([""] if lines else []) + [f"{depth} {lv.name}: score", ""]
            lines += _md_table(_SCORE_COLUMNS, _score_rows(lv, "\n"))
    return lines


def rules_markdown(catalogs: Sequence[Catalog], known: Catalogs | None = None) -> str:
    """The same as rules_table, as Markdown."""
    lines: list[str] = []
    if known is not None:
        lines += ["# Known competencies", "", "```", *rules_index_lines(known), "```", "",
                  _shown_line(catalogs), ""]
    for c in catalogs:
        lines += [f"# {c.name} ({c.id})", "", f"Revision of {c.revision} ({_in_force(known, c)}).", ""]
        if c.description:
            lines += [c.description, ""]
        for option in c.option_catalogs():
            heading = _option_heading(c, option)
            if heading:
                lines += [f"## {heading}", ""]
            lines += _md_level_tables(option, "###" if heading else "##")
            lines += [""] + [f"- {x}" for x in _option_lines(c, option)] + [""]
        lines += ["## Exams", ""] + _md_table(_EXAM_COLUMNS, _exam_rows(c))
        notes = _rules_notes(c)
        if notes:
            lines += ["", "Notes:", ""] + [f"- {n}" for n in notes]
        if c.sources:
            lines += ["", "Sources:", ""] + [f"- {k}: {v}" for k, v in c.sources.items()]
        lines.append("")
    return "\n".join(lines)


# ---- rules --diff --------------------------------------------------------------------------------------

def _diff_heading(a: Catalog, b: Catalog) -> str:
    return f"{b.name} ({b.id}): what changed from revision {a.revision} to revision {b.revision}"


def rules_diff_data(changes: Sequence[Change]) -> list[dict[str, Any]]:
    """The changes as JSON-ready dicts: kind, what, before, after, text."""
    return [c.model_dump(mode="json") for c in changes]


def rules_diff_table(changes: Sequence[Change], a: Catalog, b: Catalog) -> RenderableType:
    parts: list[RenderableType] = [Text(_diff_heading(a, b), style="bold")]
    if not changes:
        parts.append(Text("no changes"))
        return Group(*parts)
    t = Table(title=f"{len(changes)} change{'s' if len(changes) != 1 else ''}", title_justify="left")
    t.add_column("kind", no_wrap=True)
    t.add_column("change")
    for c in changes:
        t.add_row(c.kind, c.text)
    parts.append(t)
    return Group(*parts)


def rules_diff_markdown(changes: Sequence[Change], a: Catalog, b: Catalog) -> str:
    lines = [f"# {_diff_heading(a, b)}", ""]
    lines += [f"- {c.text}" for c in changes] or ["no changes"]
    return "\n".join(lines) + "\n"
