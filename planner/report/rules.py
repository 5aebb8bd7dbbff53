"""What `rules` shows, as a terminal table, as Markdown and as JSON data: the index of known competencies
and their revisions, then each catalog's rules in full (levels per option, roles, people rules, revenue
gates, a scored level's metrics, the exams list by list, notes and sources); and `rules --diff`, what
changed between two revisions of a catalog."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from models.catalog import Catalog, Exam, Level, Metric, certification_id
from models.certification import CertificationCatalog
from planner.report.blocks import Fitted, md, md_escaped, plain, plain_title
from planner.report.words import printable, shown
from planner.rules.diff import MARKETS, PEOPLE_IN_WORDS, Change, and_list, money, people_in_words
from planner.rules.domain import role_in_words

if TYPE_CHECKING:
    from collections.abc import Callable

    from planner.rules.catalogs import Catalogs


# ---- JSON ----------------------------------------------------------------------------------------

def rules_data(catalogs: Sequence[Catalog]) -> list[dict[str, Any]]:
    """The catalogs shown, as JSON-ready dicts (the catalog file format)."""
    return [c.model_dump(mode="json") for c in catalogs]


# ---- rows and lines (the terminal table and Markdown) ---------------------------------------------

def _in_force(known: Catalogs | None, c: Catalog) -> str:
    """'in force since 2017-11-16', 'in force A to B', 'latest, ...', with '; ended ..., replaced by ...'
    for a programme that ended."""
    from planner.rules.catalogs import replacements_words

    if c.ended is None:
        return _in_force_since(known, c)
    by = replacements_words(c, known)
    return f"{_in_force_since(known, c)}; ended {c.ended}" + (f", replaced by {by}" if by else "")


def _in_force_since(known: Catalogs | None, c: Catalog) -> str:
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
    """'In full below: cloud-crm revision 2017-11-16.'"""
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


def _level_columns(option: Catalog) -> list[str]:
    return ["requirement", *(lv.name for lv in option.levels)]


def _level_rows(option: Catalog, sep: str = " ") -> list[list[str]]:
    """The levels side by side: a row per requirement (slots of each role, who fills them, each revenue
    gate per market, DPOR), a column per level; `sep` joins a long label's two halves (a line break in a
    terminal table, so that the figures keep their width)."""
    levels = option.levels
    rows = [[f"{role.id} slots", *(str(lv.slots.get(role.id, 0)) for lv in levels)] for role in option.roles]
    rows.append(["filled by", *(_filled_by(lv, sep) for lv in levels)])
    rows += _revenue_rows(levels, sep)
    rows.append(["DPOR", *("required" if lv.dpor else "not required" for lv in levels)])
    return rows


def _revenue_rows(levels: Sequence[Level], sep: str) -> list[list[str]]:
    """A row per revenue gate and market: the revenue each level requires ('-' where it has no such gate)."""
    rows = []
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
    return rows


_EXAM_COLUMNS = ("list", "exam", "title", "can be taken", "counts until")


def _window(e: Exam) -> str:
    """When an exam can be taken: 'any day', 'from 2018-01-01', 'until 2017-12-31' or 'A to B'."""
    if e.first_take and e.last_take:
        return f"{e.first_take} to {e.last_take}"
    if e.first_take:
        return f"from {e.first_take}"
    return f"until {e.last_take}" if e.last_take else "any day"


Cells = dict[str, list[str]]
"""A certification item ('@<id>') -> its cells as an exam row shows them (certification_cells)."""


def _exam_rows(c: Catalog, cells: Cells, sep: str = " ") -> list[list[str]]:
    """A row per exam, list by list; the list's id and name (joined by `sep`) on its first row; then the
    exams in no list (a certification as `cells` gives it)."""
    rows = []
    groups = [(f"{lst.id}{sep}{lst.name}{_unconfirmed(lst.unconfirmed)}", lst.items) for lst in c.lists]
    unlisted = _unlisted_exams(c)
    if unlisted:
        groups.append(("(in no list)", unlisted))
    for label, codes in groups:
        for i, code in enumerate(codes):
            if certification_id(code) is not None:
                rows.append([label if i == 0 else "", *cells[code]])
                continue
            e = c.exam(code)
            rows.append([label if i == 0 else "", e.code, e.title + _unconfirmed(e.unconfirmed), _window(e),
                         str(e.counts_until or "-")])
    return rows


def certification_cells(catalogs: Sequence[Catalog], certifications: CertificationCatalog | None) -> Cells:
    """Each certification the catalogs' lists name, as an exam row shows it (_certification_cells), read
    from `certifications` (the catalogs' certification catalog; None: none known, the ids shown)."""
    items = {i for c in catalogs for lst in c.lists for i in lst.items if certification_id(i) is not None}
    return {item: _certification_cells(item, certifications) for item in sorted(items)}


def _certification_cells(item: str, certifications: CertificationCatalog | None) -> list[str]:
    """A certification ('@<id>') as an exam row shows it: its exams ('AZ-800 + AZ-801'), its title with its
    prerequisites, until when it can be earned, until when it counts."""
    cid = certification_id(item) or item
    if certifications is None or cid not in certifications:
        return [item, cid, "any day", "-"]
    cert = certifications.certification(cid)
    needs = [certifications.certification(q).title for q in cert.prerequisites]
    title = (cert.title + (f", with one of: {'; '.join(needs)}" if needs else "")
             + _unconfirmed(cert.unconfirmed))
    return [" + ".join(cert.exams) or "(no exam known)", title,
            f"until {cert.retired}" if cert.retired else "any day", str(cert.counts_until or "-")]


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


def _slotted(option: Catalog) -> Catalog | None:
    """The option with its slotted levels only (itself when none is scored; None when all are)."""
    levels = [lv for lv in option.levels if lv.score is None]
    if len(levels) == len(option.levels):
        return option
    return option.model_copy(update={"levels": levels}) if levels else None


# ---- rules of a scored level ---------------------------------------------------------------------

_SCORE_COLUMNS = ("metric", "category", "max points", "threshold", "counts")


def _points(value: float) -> str:
    """15, 2.5: points as a person writes them."""
    return f"{value:g}"


def _threshold_words(metric: Metric, sep: str = ", ") -> str:
    """'20' for one threshold, 'enterprise 20, smb 5' (joined by `sep`) for one per track."""
    if metric.threshold is None:
        return _parts_words(metric, sep)
    if isinstance(metric.threshold, int):
        return str(metric.threshold)
    return sep.join(f"{track} {n}" for track, n in metric.threshold.items())


def _threshold_sentence(metric: Metric, joiner: str = " or ") -> str:
    """'20 certified people (enterprise) or 5 (smb)'; '20 certified people' for one threshold."""
    unit = f" {metric.unit}" if metric.unit else ""
    if metric.threshold is None:
        return _parts_words(metric, ", ")
    if isinstance(metric.threshold, int):
        return f"{metric.threshold}{unit}"
    parts = [f"{n}{unit if i == 0 else ''} ({track})"
             for i, (track, n) in enumerate(metric.threshold.items())]
    return joiner.join(parts)


def _parts_words(metric: Metric, sep: str) -> str:
    """'cpor enterprise 1000, smb 500; dpor enterprise 4000 (the higher part counts)' for a metric with a
    threshold per part."""
    def one(threshold: int | dict[str, int]) -> str:
        return str(threshold) if isinstance(threshold, int) else sep.join(
            f"{track} {n}" for track, n in threshold.items())
    how = "the higher part counts" if metric.combine == "higher" else "the parts add up"
    return "; ".join(f"{name} {one(part.threshold)}" for name, part in metric.parts.items()) + f" ({how})"


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
    if score.tracks and score.track_rule == "higher-total":
        lines.append(f"every track ({' and '.join(score.tracks)}) is scored and the higher total counts "
                     "(no organization.track needed)")
    elif score.tracks:
        lines.append(f"thresholds per track ({' or '.join(score.tracks)}): the scenario's "
                     "organization.track picks one")
    lines += [_metric_line(option, m) for m in score.metrics]
    return lines


def _gate_words(m: Metric) -> str:
    """'; first its steps: step 1, 2 (enterprise) or 1 (smb) people with list admins, earning 0 (enterprise)
    or 4 (smb) points; ...' for a gated metric ('' otherwise)."""
    def on_tracks(value: object) -> str:
        if isinstance(value, dict):
            return " or ".join(f"{_points(float(v))} ({t})" for t, v in value.items())
        return _points(float(value)) if isinstance(value, (int, float)) else str(value)
    steps = [f"step {k}, {on_tracks(s.people)} people with list {' and '.join(s.lists)}, earning "
             f"{on_tracks(s.points)} points" for k, s in enumerate(m.gate, start=1)]
    return f"; only once every step is met: {'; '.join(steps)}" if steps else ""


def _metric_line(option: Catalog, m: Metric) -> str:
    """'metric x (Name, category) (unconfirmed): 20 points at 20 certified people (enterprise) ...'."""
    label = ", ".join(x for x in (m.name, m.category) if x)
    minimum = f"; at least {_points(m.min_points)} points needed here" if m.min_points else ""
    return (f"metric {m.id} ({label}){_unconfirmed(m.unconfirmed)}: {_points(m.max_points)} points at "
            f"{_threshold_sentence(m)}, in proportion below; counts {_counts_words(option, m)}{minimum}"
            + _gate_words(m))


# ---- terminal ------------------------------------------------------------------------------------

def rules_table(catalogs: Sequence[Catalog], known: Catalogs | None = None) -> RenderableType:
    """The index of `known` competencies and revisions (when given), then each catalog's rules in full,
    laid out to read at 80 columns. Every text from a catalog is shown with its control characters
    escaped."""
    cells = printable(certification_cells(catalogs, known.certifications if known else None))
    catalogs, known = escaped_catalogs(catalogs, known, printable)
    parts: list[RenderableType] = []
    if known is not None:
        parts.append(Text("Known competencies", style="bold"))
        parts += [Text(line) for line in rules_index_lines(known)]
        parts.append(Text(_shown_line(catalogs)))
    for c in catalogs:
        parts += _rules_parts(c, known, cells)
    return Group(*parts)


def _rules_parts(c: Catalog, known: Catalogs | None, cells: Cells) -> list[RenderableType]:
    """One catalog's rules in full: heading, levels per option, exams, notes and sources."""
    parts: list[RenderableType] = [
        Text(""), Text(f"{c.name} ({c.id}), revision of {c.revision} ({_in_force(known, c)})", style="bold")]
    if c.description:
        parts.append(Text(c.description))
    for option in c.option_catalogs():
        parts += [*_level_tables(c, option), _rule_bullets(_option_lines(c, option))]
    parts += _exam_lists(c, cells)
    notes = _rules_notes(c)
    if notes:
        parts += [Text("Notes:", style="bold"), _rule_bullets(notes)]
    if c.sources:
        parts += [Text("Sources:", style="bold"), _rule_bullets([f"{k}: {v}" for k, v in c.sources.items()])]
    return parts


def _rule_bullets(lines: Sequence[str]) -> Table:
    """Bulleted lines that wrap under their text; a word longer than the line (a web address) folds,
    never cut."""
    t = Table.grid(padding=(0, 1))
    t.add_column(no_wrap=True)
    t.add_column(overflow="fold")
    for line in lines:
        t.add_row("-", Text(line, overflow="fold"))
    return t


def _level_tables(c: Catalog, option: Catalog) -> list[RenderableType]:
    """The slotted levels side by side, then a table of metrics for each scored level."""
    slotted = _slotted(option)
    parts: list[RenderableType] = [] if slotted is None else [Fitted(_levels_table(c, slotted))]
    for lv in option.levels:
        if lv.score is None:
            continue
        heading = _option_heading(c, option) if slotted is None else None
        title = f"{heading + ': ' if heading else ''}{lv.name}: score"
        t = Table(title=plain_title(title, "bold"), title_justify="left")
        for col, widest in zip(_SCORE_COLUMNS[:-1], (None, 11, 10, 13), strict=False):  # ids whole at 80
            t.add_column(plain(col), overflow="fold", max_width=widest)
        for row in _score_rows(lv, "\n", counts=False):
            t.add_row(*(Text(x) for x in row))
        parts.append(Fitted(t))
    return parts


def _levels_table(c: Catalog, option: Catalog) -> Table:
    """The option's levels side by side (ids fold, never cut)."""
    t = Table(title=plain_title(_option_heading(c, option), "bold"), title_justify="left")
    for col in _level_columns(option):
        t.add_column(plain(col), overflow="fold")
    for row in _level_rows(option, "\n"):
        t.add_row(*(Text(x) for x in row))
    return t


def _exam_lists(c: Catalog, cells: Cells) -> list[RenderableType]:
    """The exams list by list, stacked to read at 80 columns: a heading per list, then each exam's code
    beside its title, with its dates (if any) under the title."""
    parts: list[RenderableType] = [Text("Exams, list by list", style="bold")]
    groups = [(f"List {lst.id}: {lst.name}{_unconfirmed(lst.unconfirmed)}", lst.items) for lst in c.lists]
    unlisted = _unlisted_exams(c)
    if unlisted:
        groups.append(("Exams in no list", unlisted))
    for heading, codes in groups:
        parts.append(Text(heading, style="bold"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for code in codes:
            if certification_id(code) is not None:
                exams, title, window, counts = cells[code]
                when = "; ".join([f"can be earned {window}"] * (window != "any day")
                                 + [f"counts until {counts}"] * (counts != "-"))
                grid.add_row(Text(exams), Text(title + (f"\n{when}" if when else "")))
                continue
            e = c.exam(code)
            when = _exam_when(e)
            title = e.title + _unconfirmed(e.unconfirmed)
            grid.add_row(Text(e.code), Text(title + (f"\n{when}" if when else "")))
        parts.append(Padding(grid, (0, 0, 0, 2)))
    return parts


def _exam_when(e: Exam) -> str:
    """'' for an exam open any day whose pass always counts; else when it can be taken and until when a
    pass counts."""
    parts = [f"can be taken {_window(e)}"] if e.first_take or e.last_take else []
    if e.counts_until:
        parts.append(f"a pass counts until {e.counts_until}")
    return "; ".join(parts)


# ---- Markdown ------------------------------------------------------------------------------------

def rules_markdown(catalogs: Sequence[Catalog], known: Catalogs | None = None) -> str:
    """The same as rules_table, as Markdown: every text from a catalog escaped for it (no markup, no HTML,
    no pipe that breaks a table; the index, in a code block, is shown as it is written)."""
    lines = _md_index(known)
    cells = md_escaped(printable(certification_cells(catalogs, known.certifications if known else None)))
    catalogs, known = escaped_catalogs(catalogs, known, lambda value: md_escaped(printable(value)))
    if known is not None:
        lines += [_shown_line(catalogs), ""]
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
        lines += ["## Exams", ""] + _md_table(_EXAM_COLUMNS, _exam_rows(c, cells))
        notes = _rules_notes(c)
        if notes:
            lines += ["", "Notes:", ""] + [f"- {n}" for n in notes]
        if c.sources:
            lines += ["", "Sources:", ""] + [f"- {k}: {v}" for k, v in c.sources.items()]
        lines.append("")
    return "\n".join(lines)


def _md_index(known: Catalogs | None) -> list[str]:
    """The index of known competencies in a code block (as written, control characters escaped), fenced
    longer than any run of backticks in it so that none closes it."""
    if known is None:
        return []
    index = rules_index_lines(escaped_catalogs((), known, printable)[1] or known)
    longest = max((len(run) for line in index for run in re.findall("`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return ["# Known competencies", "", fence, *index, fence, ""]


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


def _md_table(columns: Sequence[str], rows: list[list[str]]) -> list[str]:
    return (["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
            + ["| " + " | ".join(_cell(x) for x in row) + " |" for row in rows])


def _cell(text: str) -> str:
    """A Markdown table cell (its text escaped already, pipes too): line breaks as <br>."""
    return text.replace("\n", "<br>")


def escaped_catalogs(catalogs: Sequence[Catalog], known: Catalogs | None, escape: Callable[[Any], Any]
                     ) -> tuple[list[Catalog], Catalogs | None]:
    """The catalogs and the index of known ones with every text passed through `escape` (ids too, so that
    looking a revision up by an escaped id still finds it)."""
    from planner.rules.catalogs import Catalogs

    shown_catalogs = [escape(c) for c in catalogs]
    if known is None:
        return shown_catalogs, None
    index = {escape(i): tuple(escape(c) for c in known.revisions(i)) for i in known.ids()}
    return shown_catalogs, Catalogs(index, frozenset(escape(i) for i in known.custom))


# ---- rules --diff --------------------------------------------------------------------------------

def rules_diff_data(changes: Sequence[Change]) -> list[dict[str, Any]]:
    """The changes as JSON-ready dicts: kind, what, before, after, text."""
    return [c.model_dump(mode="json") for c in changes]


def rules_diff_table(changes: Sequence[Change], a: Catalog, b: Catalog) -> RenderableType:
    """What changed from revision `a` to revision `b`: a table of the changes, or 'no changes'."""
    parts: list[RenderableType] = [Text(shown(_diff_heading(a, b)), style="bold")]
    if not changes:
        parts.append(Text("no changes"))
        return Group(*parts)
    t = Table(title=f"{len(changes)} change{'s' if len(changes) != 1 else ''}", title_justify="left")
    t.add_column("kind", no_wrap=True)
    t.add_column("change")
    for c in changes:
        t.add_row(Text(shown(c.kind)), Text(shown(c.text)))
    parts.append(Fitted(t))
    return Group(*parts)


def rules_diff_markdown(changes: Sequence[Change], a: Catalog, b: Catalog) -> str:
    """The same as rules_diff_table, as Markdown bullets."""
    lines = [f"# {md(shown(_diff_heading(a, b)))}", ""]
    lines += [f"- {md(shown(c.text))}" for c in changes] or ["no changes"]
    return "\n".join(lines) + "\n"


def _diff_heading(a: Catalog, b: Catalog) -> str:
    return f"{b.name} ({b.id}): what changed from revision {a.revision} to revision {b.revision}"
