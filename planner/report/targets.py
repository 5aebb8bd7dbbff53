"""How a plan for several targets (or a competency with options) reads: per target, who fills what,
and what planning them together saves. Used by planner/report/plan.py and planner/report/html.py."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from models.report import PlanReport, TargetPlan
from planner.report.blocks import Fitted, plain
from planner.report.words import (
    exam_cells,
    level_name,
    money,
    plural,
    role_name,
    scored_targets,
    slot_words,
    who_for,
)

_money = money


def goals_in_words(r: PlanReport) -> str:
    """'Cloud Customer Relationship Management Gold' for one goal, '... Gold and Cloud Business Applications
    Silver' for two, 'Solutions Partner for Business Applications' (the catalogs' names)."""
    if not r.targets:
        return level_name(f"{r.competency}:{r.level}", r.names)
    names = [level_name(t.target, r.names) for t in r.targets]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def target_title(t: TargetPlan, names: dict[str, str] | None = None) -> str:
    """'Cloud Business Applications Silver, option enterprise-customer-engagement (rules of 2017-11-16)'."""
    option = f", option {t.option}" if t.option else ""
    met = "" if t.reachable else " - NOT reachable"
    return f"{level_name(t.target, names)}{option} (rules of {t.rules_revision}){met}"


def _exam_cells(r: PlanReport, person: str, exams: list[str]) -> str:
    return exam_cells(r, person, exams)


def first_column(r: PlanReport, t: TargetPlan) -> str:
    """'role' for a target of slots, 'metric' for a scored target."""
    return slot_words(t.target in scored_targets(r))[1]


def alone_words(t: TargetPlan) -> str:
    """What the target costs planned on its own."""
    if t.alone is None:
        return ""
    if t.alone.total_new_exams is None:
        none = "no plan exists" if t.alone.status == "infeasible" else "no plan found in time"
        return f"on its own: {none}"
    return f"on its own: {plural(t.alone.total_new_exams, 'new exam')}, {money(t.alone.total_cost_usd)}"


def saving_lines(r: PlanReport) -> list[str]:
    """Together against alone, in words."""
    s = r.saving
    if s is None:
        if len(r.targets) > 1 and r.status in ("optimal", "feasible") and any(
                t.alone is None or t.alone.total_new_exams is None for t in r.targets):
            return ["No saving is shown: not every target has a plan of its own to compare with."]
        return []
    together = f"{plural(r.total_new_exams, 'new exam')}, {money(r.total_cost_usd)}"
    alone = f"{plural(s.planned_alone_new_exams, 'new exam')}, {money(s.planned_alone_cost_usd)}"
    if s.saving_usd < 0:
        lines = [f"Planned together: {together}. Planned one target at a time and added up: {alone}, but "
                 "those "
                 "plans cannot all be carried out at once: together they break a limit (policy."
                 "one_gold_per_person, someone's max_new_exams, or the budget). Together costs "
                 f"{money(-s.saving_usd)} more."]
    else:
        n = s.new_exams_saved
        exams = (f" and {plural(n, 'exam')}" if n > 0
                 else f", with {plural(-n, 'more exam')}" if n < 0 else "")
        lines = [f"Planned together: {together}. Planned one target at a time and added up: {alone}. "
                 f"Saving: {money(s.saving_usd)}{exams}."]
    if s.shared_exams:
        who = who_for(r)
        shared = ", ".join(who.pair(x) for x in s.shared_exams)
        lines.append(f"New exams that serve more than one target: {shared}.")
    return lines


def _slot_table(r: PlanReport, t: TargetPlan) -> Fitted:
    who = who_for(r)
    table = Table(title=plain(target_title(t, r.names), "table.title"), title_justify="left")
    for column in (first_column(r, t), "person", "exams (new ones marked *)"):
        table.add_column(plain(column), overflow="fold")
    for a in t.assignments:
        table.add_row(Text(role_name(r, a.role, t.target)), Text(who(a.person)),
                      Text(_exam_cells(r, a.person, a.exams)))
    return Fitted(table)


def _indented(lines: list[str]) -> Table:
    """Lines indented by two, their continuation lines too."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for line in lines:
        grid.add_row(" ", Text(line))
    return grid


def targets_table_parts(r: PlanReport, scores: Callable[[TargetPlan], list[RenderableType]] | None = None
                        ) -> list[RenderableType]:
    """One table per target (who fills which slot, then what `scores` gives for it: a scored target's
    score), then the saving."""
    parts: list[RenderableType] = []
    for t in r.targets:
        parts.append(_slot_table(r, t))
        if t.alone is not None:
            parts.append(_indented([f"{level_name(t.target, r.names)} {alone_words(t)}"]))
        parts += scores(t) if scores else []
    lines = saving_lines(r)
    if lines:
        parts.append(Text("Together against one at a time:", style="bold"))
        parts.append(_indented(lines))
    return parts


def targets_markdown(r: PlanReport, scores: Callable[[TargetPlan], list[str]] | None = None) -> list[str]:
    """Markdown sections: one per target (with what `scores` gives for it), then the saving (`r` already
    escaped for Markdown)."""
    who = who_for(r)
    lines: list[str] = []
    for t in r.targets:
        lines += [f"## {target_title(t, r.names)}", "", f"| {first_column(r, t)} | person | exams |",
                  "|---|---|---|"]
        lines += [f"| {role_name(r, a.role, t.target)} | {who(a.person)} | "
                  f"{_exam_cells(r, a.person, a.exams)} |" for a in t.assignments]
        if t.alone is not None:
            lines += ["", f"{level_name(t.target, r.names)} {alone_words(t)}."]
        lines.append("")
        lines += scores(t) if scores else []
    saving = saving_lines(r)
    if saving:
        lines += ["## Together against one at a time", ""] + [f"- {x}" for x in saving] + [""]
    return lines
