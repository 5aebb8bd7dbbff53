"""What `compare` shows, as a terminal table and as Markdown: the scenarios (or variants) side by side for
one level or each scenario's goals, the notes the table cannot show, each row's score, and what each row
changes against the first one. The HTML page (planner/report/html.py) reads the same columns, words and
lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from models.report import CompareReport, CompareRow, PlanReport
from planner.report.blocks import Fitted, bullets, md_escaped, md_rows, plain
from planner.report.words import Who, plan_score_words, printable, who_in
from planner.report.words import money as usd
from planner.rules.scoring import needed_words, points_short_words

# ---- columns, cells and lines (every format, the HTML page too) ---------------------------------

def _has_goals(r: CompareReport) -> bool:
    """Whether a row was planned for a scenario's several goals (`targets`) rather than one level."""
    return any(":" in (row.level_reached or "") for row in r.scenarios)


def compared_words(r: CompareReport) -> str:
    """What the rows were planned for: 'Gold' (a level by its catalog's name); "each scenario's goals" when
    every row has targets, "each scenario's goals, or its highest level where it names none" when some do
    (without --level a scenario without targets is planned for its Gold, or its one scored level)."""
    if not _has_goals(r):
        return level_reached_words(r.level, r.level_names)
    every = all(":" in (row.level_reached or "") for row in r.scenarios if not row.error)
    return "each scenario's goals" + ("" if every else ", or its highest level where it names none")


def _scored(r: CompareReport) -> bool:
    """Whether some row's plan is for a scored goal (the table then has a points column)."""
    return any(row.points for row in r.scenarios)


def compare_columns(r: CompareReport) -> list[str]:
    """The exams and cost are those of the plan for the compared level (or goals), and say so (a level
    whose name is several words is named in the title only: the figures' headers stay narrow); a points
    column when a row's plan is for a scored goal."""
    level = level_reached_words(r.level, r.level_names)
    name = "" if _has_goals(r) or " " in level else f"{level} "
    return ["scenario", "reaches", f"{name}plan\nexams", f"{name}plan\ncost",
            *(["plan\npoints"] if _scored(r) else []), "revenue\ngap", "people\nused"]


def points_cell(row: CompareRow) -> str:
    """'73 of 70' (the plan's points of the needed, on the deadline), '; '-joined for several scored goals;
    '-' for a row with no plan or no scored goal."""
    if not row.points:
        return "-"
    return "; ".join(f"{points_short_words(p.points, p.needed)} of {needed_words(p.needed)}"
                     for p in row.points)


def level_reached_words(reached: str | None, names: dict[str, str] | None = None) -> str:
    """A level by its name ('Gold', 'Solutions Partner for Business Applications'; the id as a sentence
    starts it when no name is known); targets as 'cloud-crm gold, cloud-business-applications silver';
    'no level' when none is reached."""
    if reached is None:
        return "no level"
    if ":" in reached:
        return ", ".join((names or {}).get(goal) or goal.replace(":", " ") for goal in reached.split(", "))
    return (names or {}).get(reached) or reached.capitalize()


def _proof_mark(row: CompareRow) -> str:
    return " *" if row.status == "feasible" else ""


def reaches_words(row: CompareRow, level: str, names: dict[str, str] | None = None) -> str:
    """'Gold'; 'Silver (not Gold)' when the row's plan for the compared level is not reachable, 'no level
    (not Gold)' when no level is."""
    reached = level_reached_words(row.level_reached, names)
    goals = ":" in (row.level_reached or "")
    return reached if row.reachable or goals else f"{reached} (not {level_reached_words(level, names)})"


def _compare_cells(row: CompareRow, r: CompareReport) -> list[str]:
    """One row's cells: the level reached, then the exams and cost (and points) of the plan for the
    compared level; '-' for the revenue gap of a plan with no revenue gate."""
    points = [points_cell(row)] if _scored(r) else []
    if row.error:
        return [row.file, "error", "", "", *[""] * len(points), "", ""]
    no_plan = row.status in ("infeasible", "unknown")
    return [
        row_label(row), reaches_words(row, r.level, r.level_names),
        "no plan" if no_plan else "-" if row.total_new_exams is None else str(row.total_new_exams),
        "-" if no_plan else usd(row.total_cost_usd) + _proof_mark(row), *points,
        usd(row.revenue_gap_usd), "-" if row.people_used is None else str(row.people_used),
    ]


def row_label(row: CompareRow) -> str:
    """A row's name: its variant, else its scenario, else its file."""
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


def _level_change(row: CompareRow, first: CompareRow | None, level: str, names: dict[str, str]) -> list[str]:
    """'loses Gold (reaches Silver only)', 'loses Gold (reaches no level)' or 'gains Gold' against the
    reference row."""
    if first is None or first is row or row.reachable == first.reachable:
        return []
    name = level_reached_words(level, names)
    if row.reachable:
        return [f"gains {name}"]
    why = f": revenue {usd(row.revenue_gap_usd)} short" if row.revenue_gap_usd else ""
    reached = ("reaches no level" if row.level_reached is None
               else f"reaches {level_reached_words(row.level_reached, names)} only")
    return [f"loses {name}{why} ({reached})"]


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
        parts += _level_change(row, first, r.level, r.level_names)
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
    if len(r.scenarios) == 1 and not r.scenarios[0].error:
        notes.append("Only one scenario: the file has no variants. Add `variants:` to it, or give several "
                     "files, to compare.")
    for row in r.scenarios:
        bad = _bad_variant(row)
        if bad:
            notes.append(f"{bad} of {row.file} is not valid (the error below): a file is compared only when "
                         "its base and every variant are.")
    return notes


def _bad_variant(row: CompareRow) -> str | None:
    """'variants[0]' for a row whose file could not be read because of that variant (its error line is
    'FILE:LINE:COLUMN: variants[0]...: what')."""
    found = re.search(r": (variants\[\d+\])[.:]", row.error or "")
    return found.group(1) if found else None


# ---- terminal ------------------------------------------------------------------------------------

def compare_table(r: CompareReport, plans: Sequence[PlanReport | None] = ()) -> RenderableType:
    """The rows side by side, then each row's differences (people named from `plans`, when given)."""
    r = printable(r)
    who = who_in(printable(list(plans)))
    title = plain(f"{compared_words(r)}, objective: {r.objective}", "table.title")
    t = Table(title=title, title_justify="left")
    t.show_edge = False
    cells = [_compare_cells(row, r) for row in r.scenarios]
    for i, c in enumerate(compare_columns(r)):  # figures keep their width; names and headers wrap
        widest = max((len(row[i]) for row in cells), default=0)
        if i >= 2:
            header = max(len(x) for x in c.split("\n"))
            t.add_column(plain(c), justify="right", no_wrap=True, min_width=max(widest, header))
        else:
            t.add_column(plain(c), overflow="fold", min_width=min(widest, (14, 10)[i]))
    for row in cells:
        t.add_row(*(Text(x) for x in row))
    parts: list[RenderableType] = [Fitted(t)]  # too narrow for every column: one row under another
    parts.extend(Text(x) for x in compare_notes(r))
    scores = compare_score_lines(r, printable(list(plans)))
    if scores:
        parts += [Text(f"{SCORES_HEADING}:", style="bold"), bullets(scores)]
    diff = compare_diff_lines(r, who)
    if diff:
        parts += [Text(f"Against {r.reference} (the first row):", style="bold"), bullets(diff)]
    errors = [row.error for row in r.scenarios if row.error]
    if errors:
        parts += [Text("Not compared:", style="bold"), bullets(errors)]
    return Group(*parts)


# ---- Markdown ------------------------------------------------------------------------------------

def compare_markdown(r: CompareReport, plans: Sequence[PlanReport | None] = ()) -> str:
    """The same as compare_table, as Markdown."""
    r = md_escaped(printable(r))
    who = who_in(md_escaped(printable(list(plans))))
    columns = [c.replace("\n", " ") for c in compare_columns(r)]
    lines = [f"# Comparison: {compared_words(r)}, objective {r.objective}", "",
             *md_rows(columns, [_compare_cells(row, r) for row in r.scenarios],
                      right=columns[2:])]
    notes = compare_notes(r)
    if notes:
        lines += [""] + [n.replace("* ", "\\* ", 1) if n.startswith("* ") else n for n in notes]
    scores = compare_score_lines(r, md_escaped(printable(list(plans))))
    if scores:
        lines += ["", f"{SCORES_HEADING}:", ""] + [f"- {x}" for x in scores]
    diff = compare_diff_lines(r, who)
    if diff:
        lines += ["", f"Against {r.reference} (the first row):", ""] + [f"- {x}" for x in diff]
    errors = [row.error for row in r.scenarios if row.error]
    if errors:
        lines += ["", "Not compared:", ""] + [f"- {x}" for x in errors]
    return "\n".join(lines) + "\n"
