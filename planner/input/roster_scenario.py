"""The scenario an import writes: its YAML text from the people read, the organization and the catalog.

Every string is written so that YAML reads back exactly the text the CSV held (`_yaml_text`); the
organization's fields that a skills report does not say are placeholders marked `# EDIT`.

The text is never held whole: `ImportedScenario` keeps the head (everything before the people) and the
people, and makes the text block by block, to check it and to write it. Before anything is written it
checks what the loader will check when the file is read: its size within the loader's cap (64 MiB), its data
within the loader's memory budget (counted as the loader counts it), and each block of people loaded, with
the head, by the loader itself; a block needs no more than any other, so memory does not grow with the
roster beyond the people themselves. The ids are unique (the import keys people by id), the one check that
spans blocks.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from models.catalog import Catalog, Metric
from planner.errors import ScenarioError, UsageError
from planner.input import yamlio

FIELDS = ("name", "id", "exam", "date", "expires")
"""What a row of a skills report may give about a person and a pass."""
BLOCK = 2_000
"""People written, and checked by the loader, at a time."""


@dataclass
class Organization:
    """What the scenario says about the partner; None means a placeholder the user must edit."""

    name: str | None = None
    market: str | None = None
    revenue_usd: float | None = None
    dpor: bool | None = None


@dataclass
class ImportCosts:
    """What a new exam costs beyond its fee, given at import (--rate, --prep-hours); None: the default."""

    hourly_rate_usd: float | None = None
    prep_hours: float | None = None

    def note(self) -> str:
        """The import summary's line on costs: what a new exam costs, and which figures are defaults."""
        from models.scenario import Costs

        fee, rate, hours = Costs().exam_fee_usd, self.hourly_rate_usd, self.prep_hours
        if rate is None and hours is None:
            return (f"costs are defaults: a new exam costs its {_usd(fee)} fee and no preparation; pass "
                    "--rate USD (a person's hour) and --prep-hours H (study hours per exam), or edit costs: "
                    "in the scenario")
        rate, hours = rate or 0.0, hours or 0.0
        defaults = [f"--{o} (default {d})" for o, d, v in (("rate", "US$0", self.hourly_rate_usd),
                                                         ("prep-hours", "0", self.prep_hours)) if v is None]
        return (f"costs: a new exam costs its {_usd(fee)} fee and {_number(hours)} preparation hours at "
                f"{_usd(rate)} an hour ({_usd(fee + hours * rate)} in all)"
                + (f"; not given: {', '.join(defaults)}" if defaults else ""))


@dataclass(slots=True)
class _Person:
    id: str
    name: str | None
    line: int  # where the id is first given (the name too, unless name_line says)
    # each pass: its code, the day passed, its line, the day it expires
    passes: list[tuple[str, dt.date | None, int, dt.date | None]] = field(default_factory=list)
    name_line: int | None = None


Where = Callable[[int, str], str]
"""'skills.csv:7: column Exam' for a CSV line and a field."""


class ImportedScenario:
    """The scenario an import writes: its head and its people, made into text a block at a time."""

    def __init__(self, head: list[str], people: list[_Person]) -> None:
        self.head = "\n".join(head) + "\n"
        self.people = people

    def chunks(self) -> Iterator[str]:
        """The scenario's text: the head, then the people a block at a time."""
        yield self.head
        for start in range(0, len(self.people), BLOCK):
            yield "".join(_person_text(p) for p in self.people[start:start + BLOCK])

    def size(self) -> tuple[int, int, int]:
        """The text's size in bytes (UTF-8) and in characters, and what the loader counts its data at."""
        head = self.head
        size, chars, cost = len(head.encode("utf-8")), len(head), self._head_cost()
        for p in self.people:
            text = _person_text(p)
            size += len(text) if text.isascii() else len(text.encode("utf-8"))
            chars += len(text)
            cost += _person_cost(p)
        return size, chars, cost

    def check(self, shown: str, out_name: str, catalog: Catalog, where: Where) -> str | None:
        """Whether the loader reads the scenario: a UsageError when it is too big or too dense to read, else
        the problem a block of it gives the loader (at its CSV line and column), or None."""
        self._check_size(shown)
        from planner.input.loading import load_scenario_text

        for start in range(0, len(self.people), BLOCK):
            block = self.people[start:start + BLOCK]
            try:
                load_scenario_text(self.head + "".join(_person_text(p) for p in block), out_name,
                                   catalog=catalog)
            except ScenarioError as exc:
                return _refusal(exc, self.head.count("\n"), block, shown, where)
        if not self.people:
            try:
                load_scenario_text(self.head, out_name, catalog=catalog)
            except ScenarioError as exc:
                return _refusal(exc, self.head.count("\n"), [], shown, where)
        return None

    def _head_cost(self) -> int:
        """What the loader counts the head's data at, with the staff a list (the head ends 'staff:')."""
        if not self.people:
            return _data_cost(self.head)
        return _data_cost(self.head.removesuffix("staff:\n") + "staff: []\n")

    def _check_size(self, shown: str) -> None:
        """A UsageError at the CSV line of the first person past the loader's size cap, or past its memory
        budget for a file of the scenario's size (64 bytes a character, plus 64 MiB)."""
        cap = yamlio.MAX_FILE_BYTES
        size, chars, cost = self.size()
        budget = yamlio.MEMORY_FACTOR * chars + yamlio.MEMORY_SLACK
        if size <= cap and cost <= budget:
            return
        size, cost, at = len(self.head.encode("utf-8")), self._head_cost(), shown
        for p in self.people:
            size += len(_person_text(p).encode("utf-8"))
            cost += _person_cost(p)
            at = f"{shown}:{p.line}"
            if size > cap:
                raise UsageError(f"{at}: by this row the scenario would be more than {yamlio._size(cap)}, "
                                 "the most the planner reads; split the skills report into several files")
            if cost > budget:
                break
        raise UsageError(
            f"{at}: by this row the scenario would take more memory to read than the planner allows a file "
            f"its size ({yamlio.MEMORY_FACTOR} times its size plus {yamlio._size(yamlio.MEMORY_SLACK)}): too "
            "many people with a short id and nothing else; split the skills report into several files")


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
    costs: ImportCosts | None = None,
) -> ImportedScenario:
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
    lines += _organization_lines(org) + (scored or []) + _cost_lines(costs or ImportCosts())
    lines.append("staff:" if people else "staff: []")
    return ImportedScenario(lines, people)


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


def _cost_lines(costs: ImportCosts) -> list[str]:
    """The costs block with the rate and preparation hours given at import; without either, a comment
    saying that a new exam costs its fee alone and how to say otherwise."""
    given = [(key, value, note) for key, value, note in (
        ("hourly_rate_usd", costs.hourly_rate_usd, "a person's hour, US$ (--rate)"),
        ("prep_hours", costs.prep_hours, "study hours per new exam (--prep-hours)")) if value is not None]
    if not given:
        return ["# costs: a new exam costs its fee alone (no preparation) until said, e.g.",
                "# costs: {hourly_rate_usd: 60, prep_hours: 20}    # or --rate and --prep-hours at import"]
    return ["costs:"] + [f"  {key}: {_number(value)}    # {note}" for key, value, note in given]


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
    """One person of `staff:`: id, name and passes (dated where the report gave a date, with the day the
    certification expires where it gave one)."""
    lines = [f"  - id: {_yaml_text(p.id)}"]
    if p.name:
        lines.append(f"    name: {_yaml_text(p.name)}")
    if p.passes:
        lines.append("    passed:")
        lines += [f"      - {_pass_text(*held)}" for held in p.passes]
    return lines


def _pass_text(code: str, day: dt.date | None, _line: int, expires: dt.date | None) -> str:
    """A pass: its code alone, or a mapping with the day passed and the day it expires where known."""
    if day is None and expires is None:
        return code
    return (f"{{exam: {code}" + ("" if day is None else f", date: {day.isoformat()}")
            + ("" if expires is None else f", expires: {expires.isoformat()}") + "}")


def _person_text(p: _Person) -> str:
    return "\n".join(_person_lines(p)) + "\n"


def _person_cost(p: _Person) -> int:
    """What the loader counts the person's data at (yamlio._PlainBuilder): a mapping with id (and name),
    and its passes: a list of mappings (exam, date and expires) or of codes."""
    fields = [(day is not None) + (expires is not None) for _, day, _, expires in p.passes]
    mappings = sum(1 for n in fields if n)
    scalars = 2 + (2 if p.name else 0) + (1 if p.passes else 0) + 2 * (mappings + sum(fields))
    return (yamlio._COST_MAPPING * (1 + mappings) + (yamlio._COST_LIST if p.passes else 0)
            + yamlio._COST_SCALAR * scalars + yamlio._COST_LIST_SCALAR * (len(p.passes) - mappings))


def _data_cost(text: str) -> int:
    """What the loader counts the data of a plain YAML text at (as yamlio._PlainBuilder counts it), from the
    parser's events alone: for the scenario's head."""
    cost, in_list = 0, [True]  # the document's root sits in a holder counted as a list
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.ScalarEvent):
            cost += yamlio._COST_LIST_SCALAR if in_list[-1] else yamlio._COST_SCALAR
        elif isinstance(event, yaml.CollectionStartEvent):
            is_list = isinstance(event, yaml.SequenceStartEvent)
            cost += yamlio._COST_LIST if is_list else yamlio._COST_MAPPING
            in_list.append(is_list)
        elif isinstance(event, yaml.CollectionEndEvent):
            in_list.pop()
    return cost


def _refusal(exc: ScenarioError, head_lines: int, block: list[_Person], shown: str, where: Where) -> str:
    """The loader's refusal of a block of the scenario, at the CSV line and column the refused text came
    from (a place in a scenario never written means nothing to the user)."""
    offset = -1 if exc.line is None else exc.line - 1 - head_lines
    if offset >= 0:
        for p in block:
            cells = _person_cells(p)
            if offset < len(cells):
                line, key = cells[offset]
                field_name = exc.path.rsplit(".", 1)[-1]
                key = field_name if key == "exam" and field_name in FIELDS else key
                return f"{where(line, key)}: {exc.detail}"
            offset -= len(cells)
    return f"{shown}: the scenario made from it is refused: {exc.path or 'its text'}: {exc.detail}"


def _person_cells(p: _Person) -> list[tuple[int, str]]:
    """Where each line of _person_lines(p) comes from: its CSV line and the field of its cell."""
    cells = [(p.line, "id")] + ([(p.name_line or p.line, "name")] if p.name else [])
    if p.passes:
        cells += [(p.passes[0][2], "exam")] + [(held[2], "exam") for held in p.passes]
    return cells


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _usd(value: float) -> str:
    """US$1,365, or US$60.50 with cents."""
    return f"US${value:,.0f}" if float(value).is_integer() else f"US${value:,.2f}"
