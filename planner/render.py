"""Turning reports into what people and scripts read: rich tables, Markdown and JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from models.catalog import Catalog, Exam, Level
from models.report import BestReport, CheckReport, CompareReport, Gate, PlanReport
from planner.render_targets import goals_in_words, targets_markdown, targets_table_parts
from planner.rules import role_in_words
from planner.rules_diff import MARKETS, PEOPLE_IN_WORDS, Change, and_list, money, people_in_words

if TYPE_CHECKING:
    from planner.catalogs import Catalogs

Format = Literal["table", "json", "markdown"]


def to_json(report: BaseModel | list[Any] | dict[str, Any]) -> str:
    """Stable JSON: the model's field order, two-space indent, a final newline."""
    if isinstance(report, BaseModel):
        data = report.model_dump(mode="json")
    else:
        data = report
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _money(usd: float | None) -> str:
    return "-" if usd is None else f"US${usd:,.2f}" if usd % 1 else f"US${usd:,.0f}"


def _gate_text(g: Gate) -> str:
    if g.required_usd is None:
        return f"{g.name}: {'yes' if g.ok else 'no'}"
    gap = f", {_money(g.gap_usd)} short" if not g.ok else ""
    return f"{g.name}: {_money(g.actual_usd)} of {_money(g.required_usd)}{gap}"


def _headline(r: PlanReport) -> str:
    level = r.level.capitalize() if len(r.targets) <= 1 else goals_in_words(r)
    if r.status == "infeasible":
        limits = "".join([  # name the limits the plan had to keep: the exam rules alone may be met
            f" within the budget of {_money(r.budget_usd)}" if r.budget_usd is not None else "",
            f" that survives any {r.resilience.k} departure(s)" if r.resilience and r.resilience.k else ""])
        return f"{level} cannot be reached by {r.deadline}: no set of new exams{limits} meets its exam rules."
    if r.status == "unknown":
        return f"No {level} plan was found within the time limit."
    parts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in
             ((r.total_new_exams, "new exam"), (len(r.hires), "hire")) if n]
    what = "no new exams" if not parts else f"{' and '.join(parts)} costing {_money(r.total_cost_usd)}"
    best = {"exams": "fewest exams", "cost": "cheapest", "time": "fastest", "risk": "safest"}[r.objective]
    proof = f"proven {best}" if r.status == "optimal" else f"not proven {best} (time limit)"
    met = next((m.by for m in r.levels_met if m.level == r.level and m.by is not None), None)
    by = f"by {met}" if met is not None else f"by {r.deadline}"
    are = "are" if len(r.targets) > 1 else "is"
    if r.reachable:
        return f"{level} {are} reachable {by} with {what} ({proof})."
    return f"{level}'s exam rules can be met {by} with {what} ({proof}), but a gate fails."


# ---- plan ------------------------------------------------------------------------------------------

def plan_table(r: PlanReport) -> RenderableType:
    parts: list[RenderableType] = [
        Text(f"{r.scenario} - {goals_in_words(r)}, as of {r.as_of}, deadline {r.deadline}, "
             f"objective: {r.objective}", style="bold"),
        Text(_headline(r), style="green" if r.reachable else "red"),
    ]
    if r.new_exams:
        t = Table(title="New exams", title_justify="left")
        month = {(b.person, b.exam): b.month for b in r.schedule}
        t.add_column("person")
        t.add_column("exam")
        if month:
            t.add_column("month")
        t.add_column("cost", justify="right")
        rows = sorted(r.new_exams, key=lambda e: month.get((e.person, e.exam), "")) if month else r.new_exams
        for e in rows:
            t.add_row(e.person, e.exam, *([month[e.person, e.exam]] if month else []), _money(e.cost_usd))
        t.add_row("total" + (" with hires" if r.hires else ""), str(r.total_new_exams), *([""] if month else []),
                  _money(r.total_cost_usd), style="bold")
        parts.append(t)
    if r.targets:
        parts.extend(targets_table_parts(r))
    elif r.assignments:
        t = Table(title="Who fills which slot", title_justify="left")
        t.add_column("role")
        t.add_column("person")
        t.add_column("exams (new ones marked *)")
        new = {(e.person, e.exam) for e in r.new_exams}
        for a in r.assignments:
            t.add_row(a.role, a.person, ", ".join(c + ("*" if (a.person, c) in new else "") for c in a.exams))
        parts.append(t)
    if r.spares:
        t = Table(title="Spares (qualified, ready to step in)", title_justify="left")
        t.add_column("role")
        t.add_column("person")
        t.add_column("exams (new ones marked *)")
        for a in r.spares:
            t.add_row(a.role, a.person, ", ".join(c + ("*" if (a.person, c) in new else "") for c in a.exams))
        parts.append(t)
    t = Table(title="Gates", title_justify="left")
    t.add_column("gate")
    t.add_column("ok")
    t.add_column("detail")
    for g in r.gates:
        t.add_row(g.name, "yes" if g.ok else "NO", _gate_text(g))
    parts.append(t)
    parts.extend(Text(line) for line in _policy_lines(r))
    if r.schedule:
        parts.append(Text("Calendar (book these months):", style="bold"))
        parts.extend(Text(f"  {line}") for line in calendar_lines(r))
        parts.append(Text(gantt(r), no_wrap=True, overflow="ignore"))
    if r.path:
        parts.append(Text("Path:", style="bold"))
        parts.extend(Text(f"  {line}") for line in path_lines(r))
    parts.extend(Text(line) for line in _odds_lines(r))
    if r.reasons:
        parts.append(Text("Why:", style="bold"))
        parts.extend(Text(f"- {reason}") for reason in r.reasons)
    if r.fixes:
        parts.append(Text("What would make it reachable:", style="bold"))
        parts.extend(Text(f"- {line}") for line in fix_lines(r))
    if r.alternatives:
        t = Table(title="Alternatives", title_justify="left")
        for col in ("#", "exams", "cost", "adds", "drops"):
            t.add_column(col)
        t.add_row("1", str(r.total_new_exams + len(r.hires)), _money(r.total_cost_usd), "(the plan above)", "")
        for a in r.alternatives:
            t.add_row(str(a.rank), str(a.total_new_exams + len(a.hires)), _money(a.total_cost_usd),
                      ", ".join(a.adds) or "-", ", ".join(a.drops) or "-")
        parts.append(t)
    return Group(*parts)


def _policy_lines(r: PlanReport) -> list[str]:
    lines = []
    if r.hires:
        lines.append("Hires: " + "; ".join(f"{h.id} ({h.profile}, {_money(h.cost_usd)})" for h in r.hires))
    if r.budget_usd is not None:
        lines.append(f"Budget: {_money(r.budget_usd)}" + (
            f", {_money(r.budget_usd - r.total_cost_usd)} left" if r.status in ("optimal", "feasible") else ""))
    if r.resilience is not None and r.resilience.k:
        extra = ("" if r.resilience.extra_cost_usd is None else
                 f"; it costs {_money(r.resilience.extra_cost_usd)} "
                 f"({r.resilience.extra_new_exams:+d} exams) more than a plan that does not")
        lines.append(f"Resilience: the level survives any {r.resilience.k} departure(s){extra}")
    return lines


def calendar_lines(r: PlanReport) -> list[str]:
    """'2018-01: alice MB2-715, bob MB2-716' month by month, with the day each level is met."""
    months: dict[str, list[str]] = {}
    for b in r.schedule:
        months.setdefault(b.month, []).append(f"{b.person} {b.exam}")
    met = sorted((m for m in r.levels_met if m.by is not None), key=lambda m: m.by)  # stable: lower level first
    lines = [f"{month}: {', '.join(items)}" for month, items in sorted(months.items())]
    lines += [f"{m.level.capitalize()} is met by {m.by}" for m in met]
    return lines


def gantt(r: PlanReport) -> str:
    """A text chart: one row per person, one column per month, the exam booked in each cell."""
    if not r.schedule:
        return ""
    first, last = min(b.month for b in r.schedule), max(b.month for b in r.schedule)
    months = []
    year, mon = int(first[:4]), int(first[5:])
    while f"{year:04d}-{mon:02d}" <= last:
        months.append(f"{year:04d}-{mon:02d}")
        year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    people = list(dict.fromkeys(b.person for b in r.schedule))
    cells = {(b.person, b.month): [] for b in r.schedule}
    for b in r.schedule:
        cells[b.person, b.month].append(b.exam.split("-")[-1])
    width = max(7, *(len("+".join(v)) for v in cells.values()))
    name = max(len(p) for p in people)
    head = " " * name + " | " + " | ".join(m.ljust(width) for m in months)
    rows = [head, "-" * len(head)]
    for person in people:
        row = [("+".join(cells.get((person, m), [])) or ".").ljust(width) for m in months]
        rows.append(person.ljust(name) + " | " + " | ".join(row))
    return "\n".join(rows)


def path_lines(r: PlanReport) -> list[str]:
    """The steps in order, with the levels each one completes."""
    lines = []
    for m in r.levels_met:
        if m.after_step == 0:
            lines.append(f"{m.level.capitalize()} is already met before any new exam")
    for step in r.path:
        when = f" ({step.month})" if step.month else ""
        met = " and ".join(x.capitalize() for x in step.meets)
        if step.month:  # with a calendar a level is met once its month is over
            lines.append(f"{step.step}. {step.person} takes {step.exam}{when}")
            if met:
                lines.append(f"   end of {step.month}: {met} met")
        else:
            lines.append(f"{step.step}. {step.person} takes {step.exam}" + (f"  -> {met} met" if met else ""))
    return lines


def _odds_lines(r: PlanReport) -> list[str]:
    if r.probability_all_pass is None or not r.new_exams or (r.probability_all_pass == 1.0 and r.buffer is None):
        return []  # nothing can be failed: no pass rates below 1
    line = f"Chance every new exam is passed first time: {r.probability_all_pass:.1%}"
    if r.probability_level_met is not None and abs(r.probability_level_met - r.probability_all_pass) > 1e-12:
        line += f"; chance the level is met with first attempts: {r.probability_level_met:.1%}"
    line += f"; expected cost with retakes: {_money(r.expected_cost_usd)}"
    lines = [line]
    b = r.buffer
    if b is not None:
        if b.roles:
            lines.append(f"Buffer: a spare for {', '.join(b.roles)} raises the chance the level is met from "
                         f"{(b.probability_level_met_before or 0):.1%} to {(b.probability_level_met or 0):.1%} "
                         f"for {_money(b.extra_cost_usd)} more")
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
        cost = "" if result.total_cost_usd is None else (
            " (then no new exams)" if not n and not result.total_cost_usd else
            f" (then {n} new exam{'s' if n != 1 else ''}, {_money(result.total_cost_usd)} in all)")
        lines.append(f"option {option}: {change}{cost}")
    return lines


def plan_markdown(r: PlanReport) -> str:
    lines = [f"# {r.scenario}: {goals_in_words(r)}", "",
             f"As of {r.as_of}, deadline {r.deadline}, objective: {r.objective}.", "", _headline(r), ""]
    if r.new_exams:
        lines += ["## New exams", "", "| person | exam | cost |", "|---|---|---:|"]
        lines += [f"| {e.person} | {e.exam} | {_money(e.cost_usd)} |" for e in r.new_exams]
        lines += [f"| **total** | **{r.total_new_exams}** | **{_money(r.total_cost_usd)}** |", ""]
    if r.targets:
        lines += targets_markdown(r)
    elif r.assignments:
        lines += ["## Who fills which slot", "", "| role | person | exams |", "|---|---|---|"]
        new = {(e.person, e.exam) for e in r.new_exams}
        lines += [f"| {a.role} | {a.person} | {', '.join(c + ('*' if (a.person, c) in new else '') for c in a.exams)} |"
                  for a in r.assignments]
        lines.append("")
    if r.spares:
        lines += ["## Spares (qualified, ready to step in)", "", "| role | person | exams |", "|---|---|---|"]
        lines += [f"| {a.role} | {a.person} | {', '.join(a.exams)} |" for a in r.spares]
        lines.append("")
    lines += ["## Gates", "", "| gate | ok | detail |", "|---|---|---|"]
    lines += [f"| {g.name} | {'yes' if g.ok else 'no'} | {_gate_text(g)} |" for g in r.gates]
    policy = _policy_lines(r)
    if policy:
        lines += [""] + [f"- {x}" for x in policy]
    if r.schedule:
        lines += ["", "## Calendar", ""] + [f"- {x}" for x in calendar_lines(r)]
        lines += ["", "```", gantt(r), "```"]
    if r.path:
        lines += ["", "## Path", ""] + [x if x[:1].isdigit() or x.startswith("   ") else f"- {x}"
                                        for x in path_lines(r)]
    odds = _odds_lines(r)
    if odds:
        lines += [""] + [f"- {x}" for x in odds]
    if r.reasons:
        lines += ["", "## Why", ""] + [f"- {x}" for x in r.reasons]
    if r.fixes:
        lines += ["", "## What would make it reachable", ""] + [f"- {x}" for x in fix_lines(r)]
    if r.alternatives:
        lines += ["", "## Alternatives", "", "| # | exams | cost | adds | drops |", "|---|---:|---:|---|---|",
                  f"| 1 | {r.total_new_exams + len(r.hires)} | {_money(r.total_cost_usd)} | (the plan above) | |"]
        lines += [f"| {a.rank} | {a.total_new_exams + len(a.hires)} | {_money(a.total_cost_usd)} | "
                  f"{', '.join(a.adds) or '-'} | {', '.join(a.drops) or '-'} |" for a in r.alternatives]
    return "\n".join(lines) + "\n"


# ---- check -----------------------------------------------------------------------------------------

def check_table(r: CheckReport) -> RenderableType:
    parts: list[RenderableType] = [Text(f"{r.scenario} - {r.competency}, standing on {r.as_of}", style="bold")]
    for lv in r.levels:
        option = f" (option {lv.option})" if lv.option else ""
        t = Table(title=f"{lv.level.capitalize()}{option}: {'MET' if lv.met else 'not met'}", title_justify="left")
        t.add_column("requirement")
        t.add_column("status")
        t.add_column("who / detail")
        for s in lv.slots:
            who = ", ".join(a.person for a in lv.assignments if a.role == s.role) or "-"
            t.add_row(f"{s.role} slots", f"{s.filled}/{s.required}", who)
        for g in lv.gates:
            t.add_row(g.name, "ok" if g.ok else "NO", _gate_text(g))
        parts.append(t)
        parts.extend(Text(f"- missing: {m}") for m in lv.missing)
        if lv.at_risk:
            parts.append(Text(f"- at risk: {lv.level.capitalize()} is lost if any one of "
                              f"{', '.join(lv.at_risk)} leaves", style="yellow"))
    return Group(*parts)


def check_markdown(r: CheckReport) -> str:
    lines = [f"# {r.scenario}: {r.competency} standing on {r.as_of}", ""]
    for lv in r.levels:
        option = f" (option {lv.option})" if lv.option else ""
        lines += [f"## {lv.level.capitalize()}{option}: {'met' if lv.met else 'not met'}", "",
                  "| requirement | status | who / detail |", "|---|---|---|"]
        for s in lv.slots:
            who = ", ".join(a.person for a in lv.assignments if a.role == s.role) or "-"
            lines.append(f"| {s.role} slots | {s.filled}/{s.required} | {who} |")
        lines += [f"| {g.name} | {'ok' if g.ok else 'no'} | {_gate_text(g)} |" for g in lv.gates]
        notes = [f"- missing: {m}" for m in lv.missing]
        if lv.at_risk:
            notes.append(f"- at risk: lost if any one of {', '.join(lv.at_risk)} leaves")
        lines += [""] + notes + ([""] if notes else [])
    return "\n".join(lines) + "\n"


# ---- best ------------------------------------------------------------------------------------------

def _best_lines(r: BestReport) -> list[str]:
    budget = "no budget limit" if r.budget_usd is None else f"a budget of {_money(r.budget_usd)}"
    lines = [f"With {budget}, the highest level reachable is {r.best_level.capitalize()}." if r.best_level
             else f"With {budget}, no level is reachable."]
    n = r.next_level
    if n is not None:
        parts = []
        if n.open_slots is not None:
            parts.append(f"the budget fills {n.slots_filled_within_budget} of its {n.slots} slots "
                         f"({n.open_slots} open)")
        if n.cheapest_cost_usd is not None:
            parts.append(f"its cheapest plan costs {_money(n.cheapest_cost_usd)}"
                         + (f", {_money(n.extra_usd_needed)} more than the budget" if n.extra_usd_needed else ""))
        lines.append(f"{n.level.capitalize()}: " + ("; ".join(parts) if parts else "not reachable") + ".")
        lines += [f"- {x}" for x in n.reasons]
    return lines


def best_table(r: BestReport) -> RenderableType:
    parts: list[RenderableType] = [Text(f"{r.scenario} - {r.competency}, objective: {r.objective}", style="bold")]
    parts += [Text(x) for x in _best_lines(r)]
    if r.plan is not None:
        parts.append(plan_table(r.plan))
    return Group(*parts)


def best_markdown(r: BestReport) -> str:
    lines = [f"# {r.scenario}: best level within budget", ""] + _best_lines(r) + [""]
    if r.plan is not None:
        lines.append(plan_markdown(r.plan).replace("# ", "## ", 1))
    return "\n".join(lines) + "\n"


# ---- compare ---------------------------------------------------------------------------------------

_COMPARE_COLUMNS = ("scenario", "level reached", "status", "exams", "cost", "revenue gap", "people used")
_NUMERIC_COLUMNS = ("exams", "cost", "revenue gap", "people used")


def level_reached_words(reached: str | None) -> str:
    """'Gold' for a level; the targets ('cloud-crm:gold, ...') as written; 'None' when none is reached."""
    if reached is None:
        return "None"
    return reached if ":" in reached else reached.capitalize()


def _compare_cells(row: Any) -> list[str]:
    """One row's cells; 'level reached' names the highest level up to the compared one (reachable = it)."""
    if row.error:
        return [row.file, "error"] + [""] * (len(_COMPARE_COLUMNS) - 2)
    return [
        row.variant or row.scenario or row.file, level_reached_words(row.level_reached), row.status or "",
        "-" if row.total_new_exams is None else str(row.total_new_exams), _money(row.total_cost_usd),
        _money(row.revenue_gap_usd), "-" if row.people_used is None else str(row.people_used),
    ]


def _change_words(row: Any) -> list[str]:
    """'+1 exam', '-US$2,405': the change in exams and cost against the reference row."""
    out = []
    if row.exams_delta:
        out.append(f"{row.exams_delta:+d} exam{'s' if abs(row.exams_delta) != 1 else ''}")
    if row.cost_delta_usd:
        out.append(("+" if row.cost_delta_usd > 0 else "-") + _money(abs(row.cost_delta_usd)))
    return out


def compare_diff_lines(r: CompareReport) -> list[str]:
    """Per row: what the variant changes, and who gains or loses which exam against the reference row."""
    lines = []
    for row in r.scenarios:
        if row.error:
            continue
        parts = []
        if row.changes:
            parts.append("changes " + "; ".join(row.changes))
        parts += _change_words(row)
        if row.gains:
            parts.append("gains " + ", ".join(row.gains))
        if row.losses:
            parts.append("loses " + ", ".join(row.losses))
        if parts:
            lines.append(f"{row.variant or row.scenario}: " + "; ".join(parts))
    return lines


def compare_table(r: CompareReport) -> RenderableType:
    t = Table(title=f"{r.level.capitalize()}, objective: {r.objective}", title_justify="left")
    t.show_edge = False
    cells = [_compare_cells(row) for row in r.scenarios]
    for i, c in enumerate(_COMPARE_COLUMNS):  # figures keep their width; names and headers wrap
        widest = max((len(row[i]) for row in cells), default=0)
        t.add_column(c.replace(" ", "\n"), justify="right" if c in _NUMERIC_COLUMNS else "left",
                     min_width=widest if c != "scenario" else min(widest, 12))
    for row in cells:
        t.add_row(*row)
    parts: list[RenderableType] = [t]
    diff = compare_diff_lines(r)
    if diff:
        parts += [Text(f"Against {r.reference} (the first row):", style="bold"),
                  *(Text(f"- {x}") for x in diff)]
    errors = [row.error for row in r.scenarios if row.error]
    if errors:
        parts += [Text("Not compared:", style="bold"), *(Text(f"- {x}") for x in errors)]
    return Group(*parts)


def compare_markdown(r: CompareReport) -> str:
    lines = [f"# Comparison: {r.level}, objective {r.objective}", "",
             "| " + " | ".join(_COMPARE_COLUMNS) + " |", "|" + "---|" * len(_COMPARE_COLUMNS)]
    lines += ["| " + " | ".join(_compare_cells(row)) + " |" for row in r.scenarios]
    diff = compare_diff_lines(r)
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
               "same-or-different": "one person may fill a slot of each role, but never two slots of one role"}
    rules = dict.fromkeys(lv.people for lv in option.levels)
    return [f"{PEOPLE_IN_WORDS.get(r, r)}: {meaning.get(r, r)}" for r in rules]


def _role_lines(option: Catalog) -> list[str]:
    """'application+deployment: one person with an application exam and a deployment exam (lists A and B)'."""
    return [f"{role.id}: one person with {role_in_words(option, role)} "
            f"({'list' if len(role.lists) == 1 else 'lists'} {and_list(role.lists)})" for role in option.roles]


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
            label = f"revenue, {market} markets" if gates == ["revenue"] else f"revenue {gid},{sep}{market} markets"
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
    """A row per exam, list by list; the list's id and name (joined by `sep`) on its first row."""
    rows = []
    for lst in c.lists:
        for i, code in enumerate(lst.exams):
            e = c.exam(code)
            rows.append([f"{lst.id}{sep}{lst.name}" if i == 0 else "", e.code, e.title, _window(e),
                         str(e.counts_until or "-")])
    return rows


def _rules_notes(c: Catalog) -> list[str]:
    notes = list(dict.fromkeys(g.note for o in c.option_catalogs() for lv in o.levels for g in lv.revenue_gates
                               if g.note))
    return notes + [f"{e.code}: {e.note}" for e in c.exams if e.note]


def _option_heading(c: Catalog, option: Catalog) -> str | None:
    if c.options:
        return f"Option {option.option_id}: {option.option}"
    return f"Option: {c.option}" if c.option else None


def _option_lines(c: Catalog, option: Catalog) -> list[str]:
    """The lines under an option's levels table: its description, roles, people rules, revenue metrics."""
    lines = [option.description] if c.options and option.description else []
    lines += [f"role {x}" for x in _role_lines(option)]
    lines += _people_rules(option)
    lines += _metric_lines(option)
    return lines


def rules_table(catalogs: Sequence[Catalog], known: Catalogs | None = None) -> RenderableType:
    """The index of `known` competencies and revisions (when given), then each catalog's rules in full."""
    parts: list[RenderableType] = []
    if known is not None:
        parts.append(Text("Known competencies", style="bold"))
        parts += [Text(line) for line in rules_index_lines(known)]
        parts.append(Text(_shown_line(catalogs)))
    for c in catalogs:
        parts += [Text(""), Text(f"{c.name} ({c.id}), revision of {c.revision} ({_in_force(known, c)})",
                                 style="bold")]
        if c.description:
            parts.append(Text(c.description))
        for option in c.option_catalogs():
            heading = _option_heading(c, option)
            rows = _level_rows(option, "\n")
            t = Table(title=heading, title_justify="left", title_style="bold")
            for i, col in enumerate(_level_columns(option)):
                t.add_column(col, overflow="fold" if i == 0 else "ellipsis")  # ids fold, never cut
            for row in rows:
                t.add_row(*row)
            parts.append(t)
            parts.extend(Text(f"- {line}") for line in _option_lines(c, option))
        rows = _exam_rows(c, "\n")
        t = Table(title="Exams", title_justify="left", title_style="bold")
        for col in _EXAM_COLUMNS:
            t.add_column(col)
        for row in rows:
            t.add_row(*row)
        parts.append(t)
        notes = _rules_notes(c)
        if notes:
            parts.append(Text("Notes:", style="bold"))
            parts.extend(Text(f"- {n}") for n in notes)
        if c.sources:
            parts.append(Text("Sources:", style="bold"))
            parts.extend(Text(f"- {k}: {v}") for k, v in c.sources.items())
    return Group(*parts)


def _cell(text: str) -> str:
    """A Markdown table cell: pipes escaped, line breaks as <br>."""
    return text.replace("|", "\\|").replace("\n", "<br>")


def _md_table(columns: Sequence[str], rows: list[list[str]]) -> list[str]:
    return (["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
            + ["| " + " | ".join(_cell(x) for x in row) + " |" for row in rows])


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
            lines += _md_table(_level_columns(option), _level_rows(option))
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
