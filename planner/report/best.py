"""What `best` shows, as a terminal table and as Markdown: the highest level reachable within the budget,
how far short the next level falls (for a scored level, the most points the budget reaches), then the
best level's plan as `plan` shows it (planner/report/plan.py). The HTML page reads `best_lines` and
`budget_score_table` too."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from models.report import BestReport, BestSetReport
from planner.report.blocks import md, md_bold, md_escaped, md_rows, text_table
from planner.report.plan import plan_markdown, plan_table
from planner.report.words import (
    SCORE_COLUMNS,
    blocking_words,
    competency_name,
    level_title,
    new_exam_label,
    printable,
    score_rows,
    score_words,
)
from planner.report.words import money as usd


def best_lines(r: BestReport) -> list[str]:
    """The best level within the budget, then how far short the next level falls and why."""
    budget = "no budget limit" if r.budget_usd is None else f"a budget of {usd(r.budget_usd)}"
    names = r.names
    blocked = _blocked_words(r.next_level, names)
    lines = [f"With {budget}, the highest level reachable is {level_title(r.best_level, r.names)}"
             + (f"; {blocked}." if blocked else ".") if r.best_level
             else f"With {budget}, no level is reachable" + (f": {blocked}." if blocked else ".")]
    n = r.next_level
    if n is not None:
        parts = []
        if n.open_slots is not None:
            parts.append(f"the budget fills {n.slots_filled_within_budget} of its {n.slots} slots "
                         f"({n.open_slots} open)")
        parts += _budget_score_words(n, names)
        if n.cheapest_cost_usd is not None:
            more = f", {usd(n.extra_usd_needed)} more than the budget" if n.extra_usd_needed else ""
            parts.append(f"its cheapest plan costs {usd(n.cheapest_cost_usd)}{more}")
        lines.append(f"{level_title(n.level, names)}: "
                     + ("; ".join(parts) if parts else "not reachable") + ".")
        lines += [f"- {x}" for x in n.reasons]
    return lines



_BLOCKED = {
    ("budget",): "the budget keeps {} out of reach",
    ("resilience",): "the resilience policy keeps {} out of reach",
    ("budget", "resilience"): "the budget and the resilience policy each keep {} out of reach (lifting "
                              "either reaches it)",
    ("budget and resilience",): "the budget and the resilience policy together keep {} out of reach",
}


def _blocked_words(n: Any, names: dict[str, str]) -> str:
    """'the resilience policy keeps Silver out of reach': the policies that keep the next level out of
    reach ('' when none is why)."""
    blocked = getattr(n, "blocked_by", None)
    return _BLOCKED[tuple(blocked)].format(level_title(n.level, names)) if blocked else ""


def _budget_score_words(n: Any, names: dict[str, str]) -> list[str]:
    """For a scored level above the best one: 'the most the budget reaches on the deadline is 67 of the 70
    points needed, with ann AD-1, bob AD-1 (renewal) for US$330' ([] for a level of slots; an exam that
    earns a certification says so, a certification by its title, as in the New exams table)."""
    s = getattr(n, "score_within_budget", None)
    if s is None:
        return []
    words = f"the most the budget reaches on the deadline is {score_words(s)}"
    exams = getattr(n, "new_exams_within_budget", None) or []
    if exams:
        taken = ", ".join(f"{e.name or e.person} {new_exam_label(e, names)}" for e in exams)
        words += f", with {taken} for {usd(sum(e.cost_usd for e in exams))}"
    return [words + blocking_words(s)]


def budget_score_table(r: BestReport) -> tuple[str, list[list[str]]] | None:
    """The score table of the most points the budget reaches for the level above the best one (None when
    that level is not scored)."""
    n = r.next_level
    s = None if n is None else getattr(n, "score_within_budget", None)
    if n is None or s is None:
        return None
    title = (f"{level_title(n.level, r.names)} within the budget, on the deadline: {score_words(s)}"
             f"{blocking_words(s)}")
    return title, score_rows(s)


def best_table(r: BestReport) -> RenderableType:
    """The best level as the terminal shows it: the lines, the budget's score table, then the plan."""
    r = printable(r)
    title = f"{r.scenario} - {competency_name(r)}, objective: {r.objective}"
    parts: list[RenderableType] = [Text(title, style="bold")]
    parts += [Text(x) for x in best_lines(r)]
    scored = budget_score_table(r)
    if scored is not None:
        parts.append(text_table(scored[0], SCORE_COLUMNS, scored[1], right=SCORE_COLUMNS[1:], bold_last=True))
    if r.plan is not None:
        parts.append(plan_table(r.plan))
    return Group(*parts)


def best_markdown(r: BestReport) -> str:
    """The best level as Markdown: the same sections as best_table, the plan's headings one level down."""
    r = printable(r)
    lines = [f"# {md(r.scenario)}: best level within budget", ""] + [md(x) for x in best_lines(r)] + [""]
    scored = budget_score_table(md_escaped(r))
    if scored is not None:
        title, rows = scored
        rows[-1] = md_bold(rows[-1])
        lines += [f"## {title}", "", *md_rows(SCORE_COLUMNS, rows, right=SCORE_COLUMNS[1:]), ""]
    if r.plan is not None:
        lines.append(plan_markdown(r.plan).replace("# ", "## ", 1))
    return "\n".join(lines) + "\n"



# ---- several targets (best --budget --target A --target B ...) -------------------------------------

SET_COLUMNS = ("target", "in the set", "cheapest alone", "with the set", "over the budget")
_SET_FIGURES = SET_COLUMNS[2:]


def _cost(value: float | None) -> str:
    return "-" if value is None else usd(value)


def best_set_lines(r: BestSetReport) -> list[str]:
    """The largest set of targets the budget reaches together, and what it costs."""
    budget = "no budget limit" if r.budget_usd is None else f"a budget of {usd(r.budget_usd)}"
    if not r.best_set or r.plan is None:
        return [f"With {budget}, no target is reachable."]
    which = "every target" if len(r.best_set) == len(r.targets) else (
        f"{len(r.best_set)} of the {len(r.targets)} targets")
    return [f"With {budget}, {which} can be reached together: {', '.join(r.best_set)}, for "
            f"{usd(r.plan.total_cost_usd)} ({r.plan.total_new_exams} new "
            f"exam{'' if r.plan.total_new_exams == 1 else 's'})."]


def best_set_rows(r: BestSetReport) -> list[list[str]]:
    """One row per target: in the set or not, its cheapest plan alone, and left out, the set with it."""
    return [[t.target, "yes" if t.in_best_set else "no", _cost(t.cost_alone_usd),
             "-" if t.in_best_set else _cost(t.cost_with_set_usd),
             "-" if t.in_best_set else _cost(t.extra_usd_needed)] for t in r.targets]


def best_set_table(r: BestSetReport) -> RenderableType:
    """The set as the terminal shows it: the line, the targets' table, then the set's plan."""
    r = printable(r)
    parts: list[RenderableType] = [Text(f"{r.scenario} - the most targets within the budget, objective: "
                                        f"{r.objective}", style="bold")]
    parts += [Text(x) for x in best_set_lines(r)]
    parts.append(text_table("Targets", SET_COLUMNS, best_set_rows(r), right=_SET_FIGURES))
    if r.plan is not None:
        parts.append(plan_table(r.plan))
    return Group(*parts)


def best_set_markdown(r: BestSetReport) -> str:
    """The set as Markdown: the same sections as best_set_table, the plan's headings one level down."""
    shown = md_escaped(printable(r))
    lines = [f"# {shown.scenario}: the most targets within the budget", "", *best_set_lines(shown), "",
             "## Targets", "", *md_rows(SET_COLUMNS, best_set_rows(shown), right=_SET_FIGURES), ""]
    if r.plan is not None:
        lines.append(plan_markdown(printable(r.plan)).replace("# ", "## ", 1))
    return "\n".join(lines) + "\n"
