"""The scenario an import writes: its YAML text from the people read, the organization and the catalog.

Every string is written so that YAML reads back exactly the text the CSV held (`_yaml_text`); the
organization's fields that a skills report does not say are placeholders marked `# EDIT`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from models.catalog import Catalog, Metric
from planner.errors import ScenarioError


@dataclass
class Organization:
    """What the scenario says about the partner; None means a placeholder the user must edit."""

    name: str | None = None
    market: str | None = None
    revenue_usd: float | None = None
    dpor: bool | None = None


@dataclass
class _Person:
    id: str
    name: str | None
    line: int  # where the id is first given (the name too, unless name_line says)
    passes: list[tuple[str, dt.date | None, int]] = field(default_factory=list)  # code, day, line
    name_line: int | None = None


_PLAIN = re.compile(r"[^\W\d_](?:[\w.@+' -]*[\w.@+'-])?")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _yaml_text(value: str) -> str:
    """A string as a YAML scalar: plain when it cannot read as anything else, else double-quoted.

    Quoted text is JSON's (a subset of YAML's double-quoted style), with every character that is not
    printable escaped, so a line separator or a byte-order mark in a name cannot break the file.
    """
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return "".join(c if c.isprintable() or c in "\\\"" else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF
                   else f"\\U{ord(c):08x}" for c in json.dumps(value, ensure_ascii=False))


def _scenario_yaml(
    shown: str,
    name: str,
    competency: str,
    as_of: dt.date,
    deadline: dt.date | None,
    org: Organization,
    people: list[_Person],
    rows: int,
    placeholders: list[str],
    scored: list[str] | None = None,
) -> str:
    passes = sum(len(p.passes) for p in people)
    lines = [
        f"# Imported by `planner import-roster` from {Path(shown).name}: "
        f"{rows} row{'s' if rows != 1 else ''}, "
        f"{len(people)} {'person' if len(people) == 1 else 'people'},",
        f"# {passes} pass{'es' if passes != 1 else ''}.",
    ]
    if placeholders:
        lines += [
            "# EDIT BEFORE PLANNING: the lines marked '# EDIT' are placeholders (a skills report does",
            "# not say them); with them as they are, the revenue and DPOR gates fail.",
        ]
    elif scored:
        lines.append("# EDIT BEFORE PLANNING: the lines marked '# EDIT' are placeholders (a skills report "
                     "does not say them).")
    lines += [
        "schema_version: 1",
        f"name: {_yaml_text(name)}",
        f"competency: {competency}",
        f"as_of: {as_of.isoformat()}",
    ]
    if deadline is not None:
        lines.append(f"deadline: {deadline.isoformat()}")
    else:
        lines.append("# deadline: YYYY-MM-DD       # the day the level must hold (default: as_of + 365 days)")
    lines += _organization_lines(org) + (scored or [])
    lines.append("staff:" if people else "staff: []")
    for p in people:
        lines += _person_lines(p)
    return "\n".join(lines) + "\n"


def _organization_lines(org: Organization) -> list[str]:
    """The organization block; a field not given is a placeholder marked '# EDIT'."""
    lines = ["organization:"]
    if org.name:
        lines.append(f"  name: {_yaml_text(org.name)}")
    lines.append(
        f"  market: {org.market or 'developed'}"
        + ("" if org.market else "            # EDIT: developed or developing")
    )
    revenue = org.revenue_usd
    revenue_note = "             # EDIT: trailing-12-month net new CRM cloud revenue, US$"
    lines.append(f"  revenue_usd: {0 if revenue is None else _number(revenue)}"
                 + ("" if revenue is not None else revenue_note))
    dpor_note = "                 # EDIT: Digital Partner of Record for those customers"
    lines.append(f"  dpor: {'true' if org.dpor else 'false'}" + ("" if org.dpor is not None else dpor_note))
    return lines


def _scored_lines(catalog: Catalog, notes: list[str]) -> list[str]:
    """organization.track and organization.metrics for a competency with scored levels: placeholders marked
    '# EDIT' (the first track, figures 0), with a note naming them; none for other competencies."""
    scores = [lv.score for opt in catalog.option_catalogs() for lv in opt.levels if lv.score is not None]
    tracks = list(dict.fromkeys(t for score in scores for t in score.tracks))
    inputs = {m.input: m for score in scores for m in score.input_metrics if m.input}
    lines = [f"  track: {_yaml_text(tracks[0])}    # EDIT: {' or '.join(tracks)}"] if tracks else []
    if inputs:
        lines.append("  metrics:")
        lines += [f"    {_yaml_text(key)}: 0    # EDIT: {_metric_words(m)}" for key, m in inputs.items()]
    named = [k for k, given in (("track", tracks), ("metrics", inputs)) if given]
    if named:
        notes.append(f"placeholders to edit in the scenario: organization {' and '.join(named)} "
                     f"({catalog.id} is scored; a skills report does not say them)")
    return lines


def _metric_words(metric: Metric) -> str:
    """A metric's name and unit, on one line (for a comment)."""
    return " ".join((metric.name + (f", in {metric.unit}" if metric.unit else "")).split())


def _person_lines(p: _Person) -> list[str]:
    """One person of `staff:`: id, name and passes (dated where the report gave a date)."""
    lines = [f"  - id: {_yaml_text(p.id)}"]
    if p.name:
        lines.append(f"    name: {_yaml_text(p.name)}")
    if p.passes:
        lines.append("    passed:")
        lines += [
            f"      - {{exam: {code}, date: {day.isoformat()}}}" if day else f"      - {code}"
            for code, day, _ in p.passes
        ]
    return lines


def _person_cells(p: _Person) -> list[tuple[int, str]]:
    """Where each line of _person_lines(p) comes from: its CSV line and the field of its cell."""
    cells = [(p.line, "id")] + ([(p.name_line or p.line, "name")] if p.name else [])
    if p.passes:
        cells += [(p.passes[0][2], "exam")] + [(line, "exam") for _, _, line in p.passes]
    return cells


def _written_place(exc: ScenarioError, text: str, people: list[_Person]) -> tuple[int, str] | None:
    """The CSV line and field of the scenario line a loader's error names, or None outside the staff."""
    lines = text.splitlines()
    if exc.line is None or "staff:" not in lines:
        return None
    offset = exc.line - 1 - (lines.index("staff:") + 1)
    if offset < 0:
        return None
    for p in people:
        cells = _person_cells(p)
        if offset < len(cells):
            line, key = cells[offset]
            field_name = exc.path.rsplit(".", 1)[-1]
            return line, field_name if key == "exam" and field_name in ("exam", "date") else key
        offset -= len(cells)
    return None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
