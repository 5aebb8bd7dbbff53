"""Importing a roster: a skills report (CSV, one row per person and exam) in, a scenario's `staff:` out.

Columns are found by name, case and punctuation ignored, with common aliases (see COLUMN_ALIASES), or
named with `columns={"id": "Email", ...}`. Every problem is reported row by row as
`FILE:LINE: column HEADER: what` and nothing is dropped silently: with any problem nothing is written
(RosterError lists them all). The scenario written validates as it is (planner/input/roster_scenario.py
checks it as the loader will read it); the organization's market, revenue and DPOR are placeholders
(marked `# EDIT`) unless given, because a skills report does not hold them.

The rows are read in one pass, each taken as it is read: what is kept is the people and their passes,
not the rows (memory: the CSV's text and about six times its size more; planner/tools/benchmark_import.py
measures it).

Dates: YYYY-MM-DD (a time of day after it is ignored), YYYY/MM/DD, 14 Mar 2017, 14-Mar-2017,
March 14, 2017, 14.03.2017 (day first) and NN/NN/YYYY or NN-NN-YYYY. The last are ambiguous (04/05/2017:
4 May or April 5?): they are read with `date_order` ("dmy" or "mdy"), else in the order the file itself
shows (a date such as 13/05/2017 can only be day first), else they are errors. Two-digit years are errors.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from models.catalog import Catalog
from models.scenario import exam_code
from planner.errors import PlannerError, UsageError
from planner.input.roster_scenario import (
    FIELDS,
    ImportCosts,
    ImportedScenario,
    Organization,
    _Person,
    _scenario_yaml,
    _scored_lines,
)
from planner.input.yamlio import MAX_FILE_BYTES, read_bytes

DateOrder = Literal["dmy", "mdy"]
REQUIRED = ("id", "exam")
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "display name", "person name", "employee name", "person", "employee"),
    "id": (
        "id",
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "mcid",
        "mcp id",
        "person id",
        "user id",
        "user principal name",
        "upn",
        "employee id",
    ),
    "exam": ("exam", "exam code", "exam number", "exam id", "exam no"),
    "date": (
        "date",
        "passed",
        "date passed",
        "passed on",
        "pass date",
        "exam date",
        "date achieved",
        "achieved on",
        "completion date",
    ),
    "expires": ("expires", "expiry", "expiration date", "expiry date", "expires on", "expiration",
                "valid until"),
}
DAYS = ("date", "expires")  # the fields that hold a date: the day passed, the day the certification expires
MAX_BYTES = MAX_FILE_BYTES  # the YAML loader's cap: 64 MiB
DATE_YEARS = (1990, 2099)  # the loader's range for any date in a scenario

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?Z?)?"
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + _TIME)
_NUMERIC = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})" + _TIME)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})" + _TIME)
_DAY_MONTH = re.compile(r"(\d{1,2})[- ]([A-Za-z]{3,9})\.?[-, ]+(\d{2}|\d{4})")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # half of a UTF-16 pair (UTF-7 decodes one): no YAML holds it
TWINS_LISTED = 20  # notes naming a name under two ids; past them, how many more
DATE_CACHE = 10_000  # date cells remembered once read
_WAITS, _BAD = "waits", "bad"  # a date cell that waits for the file's order; one with a problem
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_MONTH_DAY = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{2}|\d{4})")


class RosterError(PlannerError):
    """The CSV has problems: one line each in `problems` (FILE:LINE: what), nothing was written."""

    exit_code = 2

    def __init__(self, shown: str, problems: list[str]) -> None:
        self.problems = problems
        rows = len(problems)
        super().__init__(f"{shown}: {rows} problem{'s' if rows != 1 else ''}; nothing was written")


@dataclass
class Imported:
    """The scenario (written a block at a time), what went into it, and notes for the user (placeholders,
    assumptions)."""

    scenario: ImportedScenario
    rows: int
    people: int
    passes: int
    notes: list[str] = field(default_factory=list)

    def chunks(self) -> Iterator[str]:
        """The scenario's text, a block of people at a time."""
        return self.scenario.chunks()

    @property
    def text(self) -> str:
        """The scenario's text whole."""
        return "".join(self.chunks())


# ---- reading the file ---------------------------------------------------------------------------------


def read_csv_text(path: Path, shown: str, encoding: str = "utf-8-sig") -> str:
    """The file's text; an Excel file saved as CSV in a Windows code page gets advice instead of mojibake."""
    # The YAML loader's reading: the same 64 MiB cap, a device or an endless stream (/dev/zero) refused,
    # a named pipe that nothing writes to refused at once instead of waiting.
    data = read_bytes(path, shown, max_bytes=MAX_BYTES, kind="CSV file",
                      too_big_advice="; split the skills report into several files")
    if data[:4] == b"PK\x03\x04":
        raise UsageError(
            f"{shown}: this is an Excel workbook (.xlsx), not CSV; in Excel use File > Save As > "
            "'CSV UTF-8 (Comma delimited) (*.csv)' and import that file"
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UsageError(
            f"{shown}:{line}: not {encoding} text (byte 0x{data[exc.start]:02x}); save it from Excel "
            "as 'CSV UTF-8 (Comma delimited)', or pass --encoding cp1252 for a file saved as "
            "plain 'CSV (Comma delimited)' on Windows"
        ) from None
    except LookupError:
        raise UsageError(f"--encoding: unknown encoding '{encoding}'") from None
    return text.removeprefix("\ufeff")


def _normal(header: str) -> str:
    """'E-mail Address' -> 'emailaddress': headers compare without case, spaces or punctuation."""
    return re.sub(r"[^0-9a-z]", "", header.lower())


def parse_columns_option(value: str | None) -> dict[str, str]:
    """'name=Full Name,id=Email' -> {'name': 'Full Name', 'id': 'Email'} (a UsageError when malformed)."""
    out: dict[str, str] = {}
    if not value:
        return out
    for part in value.split(","):
        if not part.strip():
            continue
        key, sep, header = part.partition("=")
        key = key.strip().lower()
        if not sep or not header.strip():
            raise UsageError(f"--columns: '{part.strip()}' is not FIELD=Column header (e.g. id=Email)")
        if key not in FIELDS:
            raise UsageError(f"--columns: unknown field '{key}'; the fields are {', '.join(FIELDS)}")
        if key in out:
            raise UsageError(f"--columns: '{key}' is given twice")
        out[key] = header.strip()
    return out


def find_columns(
    headers: list[str], given: dict[str, str], shown: str, notes: list[str] | None = None
) -> dict[str, int]:
    """Which column holds each field: the --columns choice, else the header matching the earliest alias.

    When several headers match (Email and MCID both name a person), the earlier alias wins and `notes`
    says which other columns could have been used.
    """
    normal = [_normal(h) for h in headers]
    found: dict[str, int] = {}
    for key, header in given.items():
        matches = [i for i, h in enumerate(normal) if h == _normal(header)]
        if not matches:
            raise UsageError(
                f"--columns {key}={header}: {shown} has no column '{header}'; its columns are "
                + ", ".join(repr(h) for h in headers)
            )
        found[key] = matches[0]
    for key in FIELDS:
        if key not in found:
            _by_alias(key, headers, normal, found, notes)
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        what = " and ".join(
            {"id": "a person id (e-mail or MCID)", "exam": "an exam code"}[k] for k in missing
        )
        raise UsageError(
            f"{shown}:1: no column for {what}; the columns are "
            + ", ".join(repr(h) for h in headers)
            + '; name them with --columns, e.g. --columns id=Email,exam="Exam code"'
        )
    return found


def _by_alias(key: str, headers: list[str], normal: list[str], found: dict[str, int],
              notes: list[str] | None) -> None:
    """The column for `key` among those not yet taken: the header matching its earliest alias (a note names
    the other candidates)."""
    rank = {_normal(a): r for r, a in enumerate(COLUMN_ALIASES[key])}
    ranked = sorted((rank[h], i) for i, h in enumerate(normal) if h in rank and i not in found.values())
    if not ranked:
        return
    found[key] = ranked[0][1]
    if len(ranked) > 1 and notes is not None:
        others = ", ".join(repr(headers[i]) for _, i in ranked[1:])
        notes.append(
            f"the {key} is column {headers[found[key]]!r} (not {others}; choose with --columns {key}=...)"
        )


# ---- dates ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Day:
    """A date cell read: the day, or why it cannot be read; `order` tells what a NN/NN/YYYY date shows."""

    day: dt.date | None = None
    problem: str | None = None
    ambiguous: tuple[int, int, int] | None = None  # (first, second, year) of NN/NN/YYYY with both <= 12
    shows: DateOrder | None = None  # the order this cell proves (13/05/2017 proves dmy)


def _make(year: int, month: int, day: int, text: str) -> _Day:
    if not DATE_YEARS[0] <= year <= DATE_YEARS[1]:
        return _Day(problem=f"date {text!r}: the year {year} is outside {DATE_YEARS[0]} to {DATE_YEARS[1]}")
    try:
        return _Day(day=dt.date(year, month, day))
    except ValueError as exc:
        return _Day(problem=f"date {text!r} is not a real day ({exc})")


def read_date(text: str) -> _Day:
    """One date cell (see the module docstring for the formats); an empty cell is no date."""
    text = text.strip()
    if not text:
        return _Day()
    two_digit = f"date {text!r} has a two-digit year; write the year in full (e.g. 2017-03-14)"
    if m := _ISO.fullmatch(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _NUMERIC.fullmatch(text):
        if len(m[4]) == 2:
            return _Day(problem=two_digit)
        return _numeric_date(int(m[1]), int(m[3]), int(m[4]), text)
    if m := _DOTTED.fullmatch(text):
        if len(m[3]) == 2:
            return _Day(problem=two_digit)
        return _make(int(m[3]), int(m[2]), int(m[1]), text)
    named = _DAY_MONTH.fullmatch(text)
    if named:
        day, month_name, year = named[1], named[2], named[3]
    elif named := _MONTH_DAY.fullmatch(text):
        month_name, day, year = named[1], named[2], named[3]
    if named:
        month = _MONTHS.get(month_name.lower())
        if month is None:
            return _Day(problem=f"date {text!r}: unknown month {month_name!r}")
        if len(year) == 2:
            return _Day(problem=two_digit)
        return _make(int(year), month, int(day), text)
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _Day(
            problem=f"date {text!r} looks like an Excel serial number; format the column as a date "
            "(yyyy-mm-dd) in Excel before saving as CSV"
        )
    return _Day(
        problem=f"date {text!r} is not a date this import reads; write it as YYYY-MM-DD (e.g. 2017-03-14)"
    )


def _numeric_date(first: int, second: int, year: int, text: str) -> _Day:
    """NN/NN/YYYY: a day when one number cannot be a month (or both are equal), else ambiguous."""
    if first > 12 and second > 12:
        return _Day(problem=f"date {text!r} is not a real day (neither {first} nor {second} is a month)")
    if first > 12 or second > 12:
        made = _make(year, second, first, text) if first > 12 else _make(year, first, second, text)
        return _Day(day=made.day, problem=made.problem, shows="dmy" if first > 12 else "mdy")
    if first == second:
        return _make(year, first, second, text)
    return _Day(ambiguous=(first, second, year))


def _resolve(cell: _Day, text: str, order: DateOrder | None, why: str) -> _Day:
    """An ambiguous NN/NN/YYYY cell read in `order`, or an error saying how to choose."""
    if cell.ambiguous is None:
        return cell
    first, second, year = cell.ambiguous
    if order is None:
        return _Day(
            problem=f"date {text!r} is ambiguous ({_words(year, second, first)} or "
            f"{_words(year, first, second)}?); {why}"
        )
    return _make(year, second, first, text) if order == "dmy" else _make(year, first, second, text)


def _words(year: int, month: int, day: int) -> str:
    """'4 May' for (2017, 5, 4)."""
    return f"{day} {dt.date(year, month, 1).strftime('%B')}"


# ---- the import ----------------------------------------------------------------------------------------


def import_roster(
    text: str,
    shown: str,
    catalog: Catalog,
    *,
    columns: dict[str, str] | None = None,
    name: str | None = None,
    as_of: dt.date | None = None,
    deadline: dt.date | None = None,
    organization: Organization | None = None,
    date_order: DateOrder | None = None,
    skip_other_exams: bool = False,
    out_name: str = "scenario.yaml",
    on_row: Callable[[int], None] | None = None,
    costs: ImportCosts | None = None,
) -> Imported:
    """Build a scenario from CSV text in one pass over its rows; every problem in the rows is collected, then
    raised as RosterError (a scenario the loader would refuse as too big is a UsageError). `costs` (the
    hourly rate and preparation hours) are written as given; a note says which are defaults."""
    organization = organization or Organization()
    _check_option_dates(as_of=as_of, deadline=deadline)
    reader, headers = _header(text, shown)
    notes: list[str] = []
    col = find_columns(headers, columns or {}, shown, notes)
    _note_unused_columns(headers, col, notes)
    rows = _Rows(shown, headers, col, catalog, as_of, date_order, skip_other_exams, notes)
    count = rows.read(reader, on_row)
    if not count and not rows.problems:
        rows.problems.append((0, f"{shown}: no rows under the header line"))
    if rows.problems:
        raise RosterError(shown, [problem for _, problem in sorted(rows.problems, key=lambda p: p[0])])
    rows.note_skipped()
    as_of = _as_of(as_of, rows.latest, shown, notes)
    if deadline is not None and deadline < as_of:
        raise UsageError(f"--deadline {deadline} is before as_of {as_of}")
    placeholders = _placeholders(organization, notes)
    scored = _scored_lines(catalog, notes)
    costs = costs or ImportCosts()
    notes.append(costs.note())
    scenario_name = name or Path(shown).stem.replace("-", " ").replace("_", " ").strip() or "Imported roster"
    people = list(rows.people.values())
    rows.release()
    scenario = _scenario_yaml(shown, scenario_name, catalog.id, as_of, deadline, organization, people, count,
                              placeholders, scored, costs)
    # the promise: what is written validates; a refusal is reported at the CSV's line and column
    refused = scenario.check(shown, out_name, catalog, rows.at)
    if refused is not None:
        raise RosterError(shown, [refused])
    return Imported(scenario, rows=count, people=len(people), passes=sum(len(p.passes) for p in people),
                    notes=notes)


def _check_option_dates(**options: dt.date | None) -> None:
    """--as-of and --deadline lie in the years every date of a scenario lies in (the loader's)."""
    for option, day in options.items():
        if day is not None and not DATE_YEARS[0] <= day.year <= DATE_YEARS[1]:
            raise UsageError(f"--{option.replace('_', '-')} {day} is outside the years {DATE_YEARS[0]} to "
                             f"{DATE_YEARS[1]} that a scenario's dates lie in")


def _label(header: str, index: int) -> str:
    """A column as a message names it: its header (control characters escaped), or its number when blank."""
    text = " ".join(header.split())
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text) or str(index + 1)


def _note_unused_columns(headers: list[str], col: dict[str, int], notes: list[str]) -> None:
    """A note naming the columns the import does not use."""
    ignored = [h for i, h in enumerate(headers) if i not in col.values() and h.strip()]
    if ignored:
        notes.append(f"columns not used: {', '.join(repr(h) for h in ignored)}")


def _placeholders(organization: Organization, notes: list[str]) -> list[str]:
    """The organization's fields left to edit (not given), with a note naming them."""
    placeholders = [k for k in ("market", "revenue_usd", "dpor") if getattr(organization, k) is None]
    if placeholders:
        notes.append(
            f"placeholders to edit in the scenario: organization {', '.join(placeholders)} "
            "(or pass --market, --revenue and --dpor)"
        )
    return placeholders


def _header(text: str, shown: str) -> tuple[Any, list[str]]:
    """A CSV reader past the header line, and the header's cells (a UsageError when there is none)."""
    reader = csv.reader(_lines(text), _dialect(text))
    try:
        headers = next(reader)
    except StopIteration:
        raise UsageError(
            f"{shown}: the file is empty; the first line must name the columns "
            "(e.g. Name,Email,Exam,Date passed)"
        ) from None
    except csv.Error as exc:
        raise UsageError(f"{shown}:1: not readable as CSV ({exc})") from None
    if reader.line_num > 1:
        raise UsageError(f"{shown}:1: {_spanning_cell(headers, [], 1, reader.line_num)}")
    return reader, headers


def _lines(text: str) -> Iterator[str]:
    """The text's lines one at a time, each with its line break ('\n', '\r\n' or '\r', as the csv module
    wants them): no copy of the whole text is made (io.StringIO would hold one of four bytes a character)."""
    for match in _LINE.finditer(text):
        yield match[0]


def _as_of(as_of: dt.date | None, latest: dt.date | None, shown: str, notes: list[str]) -> dt.date:
    """The roster's day: --as-of, else the latest pass in the file (with a note saying so)."""
    if as_of is not None:
        return as_of
    if latest is None:
        raise UsageError(f"{shown}: no pass has a date, so as_of cannot be taken from the file; pass --as-of")
    notes.append(f"as_of is {latest}, the latest pass in the file; pass --as-of for the day the roster is "
                 "true")
    return latest


class _Rows:
    """The rows read one by one into people and passes; every problem is kept with its line.

    One pass over the rows, keeping nothing of a row but its person and pass: a date such as 04/05/2017
    that only the rest of the file can settle (13/05/2017 further down is day first) is kept with its pass
    and read when every row is in.
    """

    def __init__(self, shown: str, headers: list[str], col: dict[str, int], catalog: Catalog,
                 as_of: dt.date | None, date_order: DateOrder | None, skip_other_exams: bool,
                 notes: list[str]) -> None:
        self.shown, self.headers, self.col, self.catalog = shown, headers, col, catalog
        self.as_of, self.date_order, self.skip_other_exams = as_of, date_order, skip_other_exams
        self.notes, self.order_note_at = notes, len(notes)
        self.problems: list[tuple[int, str]] = []  # (line, problem): sorted by line when reported
        self.exams = {e.code: e for e in catalog.exams}
        self.people: dict[str, _Person] = {}
        self.skipped: dict[str, int] = {}
        self.names: dict[str, _Person] = {}  # a name -> the first person given it
        self.twins = 0  # people given a name that someone with another id has
        self.latest: dt.date | None = None
        self.read_days: dict[str, _Day] = {}  # date cells read: dates repeat (at most DATE_CACHE kept)
        self.shows: dict[DateOrder, int] = {}  # the first line of a date that shows each order
        self.ambiguous = False  # whether a date cell such as 04/05/2017 was met
        self.pending: list[tuple[_Person, int, str, str]] = []  # a date waiting for the file's order
        self.why = "pass --date-order dmy (day first) or mdy (month first)"

    def cell(self, cells: list[str], key: str) -> str:
        i = self.col.get(key)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def at(self, line: int, key: str) -> str:
        """Where a problem with the row's `key` cell is: 'skills.csv:7: column Exam'."""
        i = self.col.get(key)
        return f"{self.shown}:{line}" + ("" if i is None else f": column {_label(self.headers[i], i)}")

    def problem(self, line: int, key: str, what: str) -> None:
        self.problems.append((line, f"{self.at(line, key)}: {what}"))

    def read(self, reader: Any, on_row: Callable[[int], None] | None) -> int:
        """Every row with content, taken as it is read (a row that spans lines or has the wrong width is a
        problem), then the dates that waited for the file's order; the number of rows taken."""
        count = 0
        previous = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # e.g. a quote never closed that swallowed more than csv's field limit
                line = previous + 1
                self.problems.append((line, f"{self.shown}:{line}: not readable as CSV ({exc}); is a quote "
                                            "never closed?"))
                break
            line, previous = previous + 1, reader.line_num
            if on_row is not None:
                on_row(line)
            if not any(c.strip() for c in cells):
                continue  # a blank line, or a row of empty cells
            shape = _row_shape_problem(cells, self.headers, line, previous)
            if shape is not None:
                self.problems.append((line, f"{self.shown}:{line}: {shape}"))
                continue
            count += 1
            self.take(line, cells)
        self._settle_dates()
        return count

    def take(self, line: int, cells: list[str]) -> None:
        """One row: its person, then its pass (if it names an exam); a problem ends the row."""
        texts = {key: self.cell(cells, key) for key in DAYS}
        read = {key: self._read_day(line, text) for key, text in texts.items()}
        person = self._person(line, cells)
        if person is None:
            return
        code_text = self.cell(cells, "exam")
        if not code_text:
            self._dates_without_exam(line, texts)
            return  # a person on the staff with no exam on this row
        code = self._code(line, code_text)
        if code is None:
            return
        days = {key: self._when(line, key, texts[key], read[key]) for key in DAYS}
        if _BAD in days.values():
            return
        first = next((held[2] for held in person.passes if held[0] == code), None)
        if first is not None:
            self.problem(line, "exam", f"duplicate: {person.id} {code} is already on line {first}")
            return
        self._add_pass(person, code, line, days, texts)

    def _dates_without_exam(self, line: int, texts: dict[str, str]) -> None:
        """A problem when a row without an exam gives a date."""
        given = [(key, text) for key, text in texts.items() if text]
        if given:
            what = "a date" if given[0][0] == "date" else "an expiry date"
            self.problem(line, "exam", f"{what} ({given[0][1]!r}) but no exam code")

    def _add_pass(self, person: _Person, code: str, line: int, days: dict[str, dt.date | None | str],
                  texts: dict[str, str]) -> None:
        """The pass, checked now, or with its dates that wait for the file's order once they are read."""
        day, expires = (None if isinstance(d, str) else d for d in (days["date"], days["expires"]))
        person.passes.append((code, day, line, expires))
        waiting = [key for key in DAYS if days[key] == _WAITS]
        if waiting:
            self.pending += [(person, len(person.passes) - 1, key, texts[key]) for key in waiting]
        elif not self._valid(person.passes[-1]):
            person.passes.pop()

    def _when(self, line: int, key: str, text: str, cell: _Day) -> dt.date | None | str:
        """A date cell of a pass read: its day (None when empty), _WAITS when only the file's order can
        settle it, _BAD after a problem."""
        if cell.ambiguous is not None and self.date_order is None:
            return _WAITS
        checked = self._day(line, key, text, cell, self.date_order)
        return _BAD if checked is None else checked.day

    def _valid(self, held: tuple[str, dt.date | None, int, dt.date | None]) -> bool:
        """Whether a pass could be passed on its day and expires after it (else a problem)."""
        code, day, line, expires = held
        if not self._can_have_passed(line, code, day):
            return False
        if expires is not None and day is not None and expires <= day:
            self.problem(line, "expires", f"{code} expires on {expires}, not after the day it was passed "
                                          f"({day}); a certification expires after it is earned (check the "
                                          "years)")
            return False
        return True

    def _read_day(self, line: int, text: str) -> _Day:
        """A date cell read; what it shows of the file's order of NN/NN/YYYY dates is kept."""
        cell = self.read_days.get(text)
        if cell is None:
            cell = read_date(text)
            if len(self.read_days) < DATE_CACHE:
                self.read_days[text] = cell
        if cell.shows and cell.shows not in self.shows:
            self.shows[cell.shows] = line
        self.ambiguous = self.ambiguous or cell.ambiguous is not None
        return cell

    def _settle_dates(self) -> None:
        """The dates that waited, read in the order of --date-order, else the one the file shows."""
        order = self.date_order
        if order is None and len(self.shows) == 1:
            order, first_line = next(iter(self.shows.items()))
            if self.ambiguous:
                self.notes.insert(self.order_note_at, (
                    f"dates such as 04/05/2017 were read {'day' if order == 'dmy' else 'month'} first, "
                    f"as line {first_line} shows; pass --date-order to say otherwise"))
        elif order is None and len(self.shows) == 2:
            self.why = (f"the file has both day-first (line {self.shows['dmy']}) and month-first "
                        f"(line {self.shows['mdy']}) dates; fix them, or pass --date-order")
        settled: dict[tuple[int, int], tuple[_Person, int] | None] = {}  # None: a problem
        for person, index, key, text in self.pending:
            code, day, line, expires = person.passes[index]
            cell = self._day(line, key, text, self.read_days.get(text) or read_date(text), order)
            slot = (id(person), index)
            if cell is None:
                settled[slot] = None
                continue
            person.passes[index] = ((code, cell.day, line, expires) if key == "date"
                                    else (code, day, line, cell.day))
            settled.setdefault(slot, (person, index))
        for found in settled.values():
            if found is not None:
                self._valid(found[0].passes[found[1]])
        self.pending.clear()

    def _person(self, line: int, cells: list[str]) -> _Person | None:
        """The row's person (new or seen before), or None with a problem: no id, another name, or text a
        scenario cannot hold."""
        pid, person_name = self.cell(cells, "id"), self.cell(cells, "name")
        if not pid:
            who = f" for {person_name!r}" if person_name else ""
            self.problem(line, "id", f"no person id{who}; every row needs one")
            return None
        if self._unwritable(line, {"id": pid, "name": person_name}):
            return None
        person = self.people.get(pid)
        if person is None:
            person = self.people[pid] = _Person(pid, person_name or None, line)
            if person_name:
                self._note_twin(person)
        elif person_name and person.name and person_name != person.name:
            self.problem(line, "name", f"{pid} is named {person_name!r} here but {person.name!r} on line "
                                       f"{person.name_line or person.line}")
            return None
        elif person_name and not person.name:
            person.name, person.name_line = person_name, line
            self._note_twin(person)
        return person

    def _unwritable(self, line: int, cells: dict[str, str]) -> bool:
        """Whether a cell holds text no scenario can (a problem says which)."""
        for key, value in cells.items():
            bad = _SURROGATE.search(value)
            if bad:
                self.problem(line, key, f"holds U+{ord(bad[0]):04X}, half of a UTF-16 pair and not a "
                                        "character; is --encoding right for this file?")
                return True
        return False

    def _note_twin(self, person: _Person) -> None:
        """A note when the person's name came with another id before (two people, or one under two ids?);
        after TWINS_LISTED of them, only how many more (note_more_twins)."""
        assert person.name is not None
        first = self.names.setdefault(person.name, person)
        if first is person:
            return
        self.twins += 1
        if self.twins <= TWINS_LISTED:
            self.notes.append(f"{person.name!r} has two ids, {first.id} (line "
                              f"{first.name_line or first.line}) and {person.id} (line "
                              f"{person.name_line or person.line}): check they are two people")

    def _code(self, line: int, code_text: str) -> str | None:
        """The exam code of the catalog, or None: skipped (--skip-other-exams) or a problem."""
        from planner.input.loading import unknown_exam_message

        code = exam_code(code_text)
        exam = self.exams.get(code)
        if exam is not None:
            return exam.code  # the catalog's string: one object for every pass of the exam
        if self.skip_other_exams:
            self.skipped[code] = self.skipped.get(code, 0) + 1
            return None
        typo = difflib.get_close_matches(code, list(self.exams), n=1, cutoff=0.8)
        self.problem(line, "exam", unknown_exam_message(code_text, self.catalog)
                     + ("" if typo else "; pass --skip-other-exams to leave out exams of other competencies"))
        return None

    def _day(self, line: int, key: str, date_text: str, cell: _Day, order: DateOrder | None) -> _Day | None:
        """A date cell of the pass (`key`: date or expires) read in `order`, or None with a problem."""
        day_cell = _resolve(cell, date_text, order, self.why)
        if self.date_order is not None and day_cell.shows not in (None, self.date_order):
            self.problem(line, key, f"date {date_text!r} cannot be read "
                                    f"{'day' if self.date_order == 'dmy' else 'month'} first "
                                    f"(--date-order {self.date_order})")
            return None
        if day_cell.problem:
            self.problem(line, key, day_cell.problem)
            return None
        return day_cell

    def _can_have_passed(self, line: int, code: str, day: dt.date | None) -> bool:
        """Whether the exam could be passed on its day (else a problem); the latest day so far is kept."""
        from planner.input.loading import _pass_date_problem

        as_of = self.as_of
        window = _pass_date_problem(code, day, self.exams[code], dt.date.max if as_of is None else as_of)
        if window:
            late = as_of is not None and day is not None and day > as_of
            self.problem(line, "exam" if day is None else "date", window + (" (--as-of)" if late else ""))
            return False
        if day is not None and (self.latest is None or day > self.latest):
            self.latest = day
        return True

    def release(self) -> None:
        """Forget what only reading needed: people by id and by name, the date cells read."""
        self.people.clear()
        self.names.clear()
        self.read_days.clear()

    def note_skipped(self) -> None:
        """A note listing the exams --skip-other-exams left out, with how many rows each; one saying how
        many more people share a name with someone under another id than the notes name."""
        if self.skipped:
            self.notes.append(
                f"left out (--skip-other-exams), not exams of {self.catalog.id}: "
                + ", ".join(
                    f"{c} ({n} row{'s' if n > 1 else ''}{_nearest(c, list(self.exams))})"
                    for c, n in sorted(self.skipped.items())
                )
            )
        if self.twins > TWINS_LISTED:
            self.notes.append(f"and {self.twins - TWINS_LISTED:,} more people have a name that someone with "
                              "another id has: check them too")


def _row_shape_problem(cells: list[str], headers: list[str], line: int, last_line: int) -> str | None:
    """Why a row cannot be trusted as one row of the table: it spans lines, or its width is not the header's.

    A quote that is never closed swallows the lines after it into one cell: that is caught here, at the
    line where the cell starts, instead of silently losing the rows it swallowed.
    """
    if last_line > line:
        return _spanning_cell(cells, headers, line, last_line)
    if len(cells) != len(headers):
        return (f"{len(cells)} cell{'s' if len(cells) != 1 else ''}, but the header line has {len(headers)} "
                "columns; a cell holding the separator must be quoted, and every row needs every column")
    return None


def _spanning_cell(cells: list[str], headers: list[str], line: int, last_line: int) -> str:
    """The message for a quoted cell that starts on `line` and runs on to `last_line` (named by its header,
    or by its place when `headers` is empty: the header line itself)."""
    i = next((i for i, c in enumerate(cells) if "\n" in c or "\r" in c), len(cells) - 1)
    cell = f"the cell in column {headers[i]!r}" if 0 <= i < len(headers) else f"cell {i + 1}"
    return (f"{cell} opens a quote here that runs on to line {last_line}: a quote that is "
            "never closed (close it) or a line break inside a cell (remove it)")


def _nearest(code: str, codes: list[str]) -> str:
    near = difflib.get_close_matches(code, codes, n=1, cutoff=0.8)
    return f"; a typo of {near[0]}?" if near else ""


def _dialect(text: str) -> Any:
    """Comma, semicolon (Excel in many European locales), tab or pipe: whichever the header line uses."""
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0] or sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel
