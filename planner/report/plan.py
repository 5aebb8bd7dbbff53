"""What `plan` shows, as a terminal table and as Markdown: the heading and headline, the new exams, who
fills which slot (per goal), the spares, the scores, the gates, the hires, budget and resilience, the
calendar and its text Gantt chart, the path, the odds, the reasons, the fixes and the alternatives.

The lines and views named without an underscore (`path_lines`, `odds_lines`, `alternatives_view`...) are
also read by the HTML page (planner/report/html.py), so every format states the same facts in the same
words; `best` shows its plan with `plan_table` and `plan_markdown`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from models.report import Assignment, Gate, PlanReport, ScoreStanding
from planner.report.blocks import Fitted, bullets, md_bold, md_escaped, md_rows, text_table
from planner.report.targets import goals_in_words, targets_markdown, targets_table_parts
from planner.report.words import (
    HIRED,
    MET,
    SCORE_COLUMNS,
    Who,
    any_breakdown,
    cost_breakdown,
    exam_cells,
    exam_label,
    gate_cell,
    headline,
    item_title,
    level_met_words,
    level_name,
    met_word,
    new_exam_label,
    plural,
    points,
    printable,
    renewals_of,
    role_name,
    score_rows,
    score_title,
    slot_words,
    split_gate,
    takes_word,
    total_exams_cell,
    total_label,
    who_for,
    whole_money,
    within_budget_title,
)
from planner.report.words import money as usd

# ---- rows (the terminal table and Markdown) -------------------------------------------------------

def _heading(r: PlanReport) -> list[str]:
    """The title and the facts line: two lines, so neither wraps with a dangling comma."""
    return [f"{r.scenario} - {goals_in_words(r)}",
            f"as of {r.as_of}; deadline {r.deadline}; objective: {r.objective}"]


def _new_exam_rows(r: PlanReport, who: Who) -> tuple[list[str], list[list[str]]]:
    """The New exams table: person, exam, month (with a calendar), cost, and fee + preparation when known."""
    month = {(b.person, b.exam): b.month for b in r.schedule}
    explain = any_breakdown(r.new_exams)
    columns = ["person", "exam", *(["month"] if month else []), "cost",
               *(["fee + preparation"] if explain else [])]
    exams = sorted(r.new_exams, key=lambda e: month.get((e.person, e.exam), "")) if month else r.new_exams
    rows = [[who(e.person), new_exam_label(e, r.names), *([month[e.person, e.exam]] if month else []),
             usd(e.cost_usd), *([cost_breakdown(e) or "-"] if explain else [])] for e in exams]
    rows += [[who(h.id), HIRED, *([""] if month else []), usd(h.cost_usd), *([""] if explain else [])]
             for h in r.hires]
    rows.append([total_label(r), total_exams_cell(r),
                 *([""] if month else []), usd(r.total_cost_usd), *([""] if explain else [])])
    return columns, rows


def _exam_cells(r: PlanReport, a: Assignment) -> str:
    return exam_cells(r, a.person, a.exams)


def _slot_rows(r: PlanReport, assignments: Sequence[Assignment], who: Who) -> list[list[str]]:
    return [[role_name(r, a.role, a.target), who(a.person), _exam_cells(r, a)] for a in assignments]


def _gate_columns(gates: Sequence[Gate]) -> list[str]:
    goal = any(split_gate(g.name)[0] for g in gates)
    return [*(["goal"] if goal else []), "gate", "met?", "detail"]


def _gate_rows(gates: Sequence[Gate], names: dict[str, str] | None = None) -> list[list[str]]:
    """One row per gate: with several goals the goal has its own column, so gate names are never cut."""
    goal = any(split_gate(g.name)[0] for g in gates)
    rows = []
    for g in gates:
        target, name = split_gate(g.name)
        rows.append([*([level_name(target, names)] if goal else []), name, met_word(g.ok), gate_cell(g)])
    return rows


_SLOTS = ("role", "person", "exams (new ones marked *)")


def _slot_head(r: PlanReport) -> tuple[str, list[str]]:
    """The slot table's title and columns: a scored goal's 'role' is a metric."""
    title, first = slot_words(bool(r.scores) and not r.targets)
    return title, [first, *_SLOTS[1:]]


def score_tables(r: PlanReport, target: str | None = None) -> list[tuple[str, list[list[str]]]]:
    """Each scored goal's table on the deadline (only `target`'s when given): its title and rows (columns
    SCORE_COLUMNS)."""
    return [(score_title(r, s), score_rows(s)) for s in r.scores or [] if target in (None, s.target)]


_ALTERNATIVES = ("#", "exams", "cost", "adds", "drops")
_ALTERNATIVE_FIGURES = ("exams", "renewals", "cost", "points")


def _alternative_rows(r: PlanReport, who: Who) -> list[list[str]]:
    rows = [["1", str(r.total_new_exams + len(r.hires)), usd(r.total_cost_usd), "(the plan above)", ""]]
    rows += [[str(a.rank), str(a.total_new_exams + len(a.hires)), usd(a.total_cost_usd),
              ", ".join(who.pair(x) for x in a.adds) or "-", ", ".join(who.pair(x) for x in a.drops) or "-"]
             for a in r.alternatives]
    return rows


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


# ---- lines (every format, the HTML page too) ------------------------------------------------------

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


DIFFER_WORDS = {"people": "who takes exams", "exams": "the exams taken"}


def differ_line(r: PlanReport) -> str:
    """What the alternatives differ in (--alternatives-differ), or that no other plan does."""
    words = DIFFER_WORDS[r.alternatives_differ or "exams"]
    if r.alternatives:
        return f"Alternatives differ in {words}."
    return f"No other plan differs in {words}."


def _met_by_words(r: PlanReport, level: str) -> str:
    words = level_met_words(r, level)
    if "'s exam rules met" in words:
        return words.replace("'s exam rules met", "'s exam rules are met", 1)
    return f"{level_name(level, r.names)} is {MET}"


def booked_label(r: PlanReport, person: str, exam: str, marked: bool = True) -> str:
    """A booked (or path) exam as the New exams table says it (new_exam_label): 'AZ-104 -> Azure
    Administrator Associate', 'Azure Solutions Architect Expert (renewal)' (unless not `marked`)."""
    found = next((e for e in r.new_exams if (e.person, e.exam) == (person, exam)), None)
    return exam_label(exam, False, r.names) if found is None else new_exam_label(found, r.names, marked)


def calendar_lines(r: PlanReport) -> list[str]:
    """'2018-01: alice MB2-715, bob MB2-716' month by month, with the day each level is met."""
    who = who_for(r)
    months: dict[str, list[str]] = {}
    for b in r.schedule:
        months.setdefault(b.month, []).append(f"{who(b.person)} {booked_label(r, b.person, b.exam)}")
    return ([f"{month}: {', '.join(items)}" for month, items in sorted(months.items())] + met_by_lines(r)
            + renewal_window_lines(r))


def renewal_window_lines(r: PlanReport) -> list[str]:
    """'Ben Okafor can renew MB-210 from 2026-12-01 to 2027-03-14': each renewal's window (the six months
    before expiry, from as_of; the calendar books it inside)."""
    who = who_for(r)
    return [f"{who(e.person)} can renew {item_title(e.exam, r.names)} from {e.window_opens} to "
            f"{e.window_closes}" for e in r.new_exams if e.renewal and e.window_opens is not None]


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
    cells = _gantt_cells(r)
    width = max(7, *(len("+".join(v)) for v in cells.values()))
    name = max(len(who(p)) for p in people)
    head = " " * name + " | " + " | ".join(m.ljust(width) for m in months)
    rows = [head, "-" * len(head)]
    for person in people:
        row = [("+".join(cells.get((person, m), [])) or ".").ljust(width) for m in months]
        rows.append(who(person).ljust(name) + " | " + " | ".join(row))
    if renewals_of(r):
        rows.append(f"{_RENEWED}: a renewal")
    return "\n".join(rows + mark_lines(r))


def mark_lines(r: PlanReport) -> list[str]:
    """'ASAE: Azure Solutions Architect Expert' for each certification the calendar's cells name by its
    initials (gantt_mark)."""
    titles = {gantt_mark(r, b.exam): item_title(b.exam, r.names) for b in r.schedule
              if item_title(b.exam, r.names) != b.exam}
    return [f"{mark}: {title}" for mark, title in titles.items()]


def gantt_mark(r: PlanReport, exam: str) -> str:
    """What a chart's cell says of a booking: an exam's number ('715' for MB2-715), a certification's
    initials ('ASAE' for Azure Solutions Architect Expert, named under the chart)."""
    title = item_title(exam, r.names)
    if title == exam:
        return exam.split("-")[-1]
    return "".join(word[0] for word in title.split() if word[0].isalnum()).upper()


def _gantt_cells(r: PlanReport) -> dict[tuple[str, str], list[str]]:
    """(person, month) -> the numbers of the exams booked then ('715', '1(r)' for a renewal)."""
    cells: dict[tuple[str, str], list[str]] = {(b.person, b.month): [] for b in r.schedule}
    renewed = renewals_of(r)
    for b in r.schedule:
        mark = _RENEWED if (b.person, b.exam) in renewed else ""
        cells[b.person, b.month].append(gantt_mark(r, b.exam) + mark)
    return cells


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
        if step.exam is None:  # a hire joining
            took = f"{step.step}. {who(step.person)} joins"
        else:
            renews = (step.person, step.exam) in renewed
            exam = booked_label(r, step.person, step.exam, marked=False)
            took = f"{step.step}. {who(step.person)} {takes_word(renews)} {exam}"
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


# ---- terminal ------------------------------------------------------------------------------------

def _score_table(title: str, rows: list[list[str]]) -> Fitted:
    return text_table(title, SCORE_COLUMNS, rows, right=SCORE_COLUMNS[1:], bold_last=True)


def _holder_parts(r: PlanReport, who: Who) -> list[RenderableType]:
    """Who fills which slot (per target), the spares, and each scored goal's score on the deadline."""
    parts: list[RenderableType] = []
    title, columns = _slot_head(r)
    if r.targets:
        parts.extend(targets_table_parts(r, lambda t: [_score_table(*x) for x in score_tables(r, t.target)]))
    elif r.assignments:
        parts.append(text_table(title, columns, _slot_rows(r, r.assignments, who)))
    if r.spares:
        spares = _slot_rows(r, r.spares, who)
        parts.append(text_table("Spares (qualified, ready to step in)", columns, spares))
    if not r.targets:
        parts += [_score_table(*x) for x in score_tables(r)]
    return parts


def plan_table(r: PlanReport) -> RenderableType:
    """The plan as the terminal shows it: heading, headline, tables, lines, reasons, fixes, alternatives."""
    r = printable(r)
    who = who_for(r)
    title, facts = _heading(r)
    parts: list[RenderableType] = [Text(title, style="bold"), Text(facts),
                                   Text(headline(r), style="green" if r.reachable else "red")]
    if r.new_exams:
        columns, rows = _new_exam_rows(r, who)
        parts.append(text_table("New exams", columns, rows, right=("cost",), bold_last=True))
    parts += _holder_parts(r, who)
    if r.gates:
        parts.append(text_table("Gates", _gate_columns(r.gates), _gate_rows(r.gates, r.names)))
    parts.extend(Text(line) for line in policy_lines(r))
    if r.schedule:
        parts.append(Text("Calendar (book these months):", style="bold"))
        parts.append(bullets(calendar_lines(r), " "))
        parts.append(Text(gantt(r), no_wrap=True, overflow="ignore"))
    if r.path:
        parts.append(Text("Path:", style="bold"))
        parts.append(bullets(path_lines(r), " "))
    parts.extend(Text(line) for line in odds_lines(r))
    if r.reasons:
        parts += [Text("Why:", style="bold"), bullets(r.reasons)]
    if r.fixes:
        parts += [Text("What would make it reachable:", style="bold"), bullets(fix_lines(r))]
    if r.alternatives:
        columns, rows = alternatives_view(r, who)
        parts.append(text_table("Alternatives", columns, rows, right=_ALTERNATIVE_FIGURES))
    if r.alternatives_differ:
        parts.append(Text(differ_line(r)))
    if r.within_budget is not None:  # the plan of the goals that fit, as a plan of its own
        parts += [Text(within_budget_title(r), style="bold"), plan_table(r.within_budget.plan)]
    return Group(*parts)


# ---- Markdown ------------------------------------------------------------------------------------

def plan_markdown(r: PlanReport) -> str:
    """The plan as Markdown: the same sections as plan_table, every input string escaped."""
    shown_only = printable(r)
    r = md_escaped(shown_only)
    title, facts = _heading(r)
    lines = [f"# {title}", "", facts[:1].upper() + facts[1:] + ".", "", headline(r), ""]
    lines += _md_tables(r, who_for(r)) + _md_timeline(r, gantt(shown_only)) + _md_notes(r)
    if r.within_budget is not None:  # the plan of the goals that fit, its headings one level down
        inner = plan_markdown(shown_only.within_budget.plan)  # type: ignore[union-attr]
        lines += ["", f"## {within_budget_title(r)}", "",
                  *[("#" + x if x.startswith("#") else x) for x in inner.splitlines()[2:]]]
    return "\n".join(lines) + "\n"


def _md_tables(r: PlanReport, who: Who) -> list[str]:
    """New exams, slot holders (per target), spares and gates, as Markdown tables."""
    lines: list[str] = []
    if r.new_exams:
        columns, rows = _new_exam_rows(r, who)
        rows[-1] = md_bold(rows[-1])
        lines += ["## New exams", "", *md_rows(columns, rows, right=("cost",)), ""]
    lines += _md_holders(r, who)
    if r.gates:
        lines += ["## Gates", "", *md_rows(_gate_columns(r.gates), _gate_rows(r.gates, r.names))]
    elif lines and not lines[-1]:
        lines.pop()  # the section after starts with its own blank line
    policy = policy_lines(r)
    if policy:
        lines += [""] + [f"- {x}" for x in policy]
    return lines


def _md_scores(r: PlanReport, target: str | None = None) -> list[str]:
    """The score tables (only `target`'s when given) as Markdown sections, their total rows in bold."""
    lines: list[str] = []
    for title, rows in score_tables(r, target):
        rows[-1] = md_bold(rows[-1])
        lines += [f"## {title}", "", *md_rows(SCORE_COLUMNS, rows, right=SCORE_COLUMNS[1:]), ""]
    return lines


def _md_holders(r: PlanReport, who: Who) -> list[str]:
    """Who fills which slot (per target), the spares and the scores on the deadline, as Markdown."""
    lines: list[str] = []
    title, columns = _slot_head(r)
    if r.targets:
        lines += targets_markdown(r, lambda t: _md_scores(r, t.target))
    elif r.assignments:
        lines += [f"## {title}", "", *md_rows(columns, _slot_rows(r, r.assignments, who)), ""]
    if r.spares:
        spares = _slot_rows(r, r.spares, who)
        lines += ["## Spares (qualified, ready to step in)", "", *md_rows(columns, spares), ""]
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
                  *md_rows(*alternatives_view(r, who_for(r)), _ALTERNATIVE_FIGURES)]
    if r.alternatives_differ:
        lines += ["", differ_line(r)]
    return lines
