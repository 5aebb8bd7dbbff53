"""Partner Center's "Trainings" export (Insights > Downloads > Trainings, CSV or TSV) read as it comes.

Microsoft documents the columns (insights-data-definitions.md): TrainingTitle, TrainingType (certification
or exam), IndividualFirstName, IndividualLastName, Email, CorpEmail, TrainingCompletionDate, ExpirationDate,
ActivationStatus, MCPID and others. Files seen differ in order and count (no ExpirationDate or
ActivationStatus before mid-2021; AADUserId instead of names for a Report viewer), so columns are found by
name and only the title, the completion date and a person id (MCPID, else AADUserId) are needed. The file
is recognised by its header: TrainingTitle with TrainingType or TrainingCompletionDate.

What is made of it:
- one person per MCPID, named by first and last name, else by the e-mail (CorpEmail, else Email);
- each active certification (ActivationStatus Active, or none given) a pass {certification: <id>, date:
  <completion>, expires: <expiry>} when the certification catalog knows its title (with or without
  'Microsoft Certified:'); each row of type exam an exam pass, when its title holds a known exam code or is
  a known exam's title;
- titles no catalog knows, rows of other types, certifications not active and passes after as_of are left
  out and listed once each in the import's notes, not errors; a certification given twice for a person
  keeps the latest (by completion date, then expiry);
- an unreadable row (a date, the width of a row, an expiry before completion) is an error at its line and
  column, as for any skills report;
- with no --competency, the designation whose lists count the most of these people (said in a note).

Dates: dd/mm/yyyy hh:mm as in the CSV sample, yyyy-mm-dd  hh:mm:ss as in the TSV, or any form the skills
import reads; an ambiguous 04/05/2019 is settled by the file's other dates as there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from models.catalog import Catalog, certification_id
from models.certification import title_key
from models.scenario import exam_code
from planner.errors import UsageError
from planner.input.roster_dates import DateOrder
from planner.input.roster_import import _BAD, DAYS, _normal, _Rows
from planner.input.roster_items import certification_item, designations
from planner.input.roster_scenario import _Person
from planner.rules.catalogs import Catalogs

COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("mcpid", "aaduserid"),
    "exam": ("trainingtitle",),
    "date": ("trainingcompletiondate",),
    "expires": ("expirationdate",),
    "type": ("trainingtype",),
    "status": ("activationstatus",),
    "first": ("individualfirstname",),
    "last": ("individuallastname",),
    "corp": ("corpemail",),
    "email": ("email",),
}
"""Each field the import reads and the export's headers that hold it (compared as _normal does), the first
found winning."""
ACTIVE = "active"
"""The ActivationStatus of a certification that counts (the only value seen; others are left out)."""
LISTED = 30
"""Titles named in a note; past them, how many more."""
_CODE = re.compile(r"\b(?:[A-Za-z]{2,3}\d?|\d{2})-\d{3}[A-Za-z]?\b")


def is_trainings_export(headers: list[str]) -> bool:
    """Whether a header line is Partner Center's Trainings export: TrainingTitle with TrainingType or
    TrainingCompletionDate."""
    normal = {_normal(h) for h in headers}
    return "trainingtitle" in normal and bool({"trainingtype", "trainingcompletiondate"} & normal)


def export_columns(headers: list[str], shown: str) -> dict[str, int]:
    """Which column holds each field (a UsageError at line 1 when no column identifies a person)."""
    normal = [_normal(h) for h in headers]
    col: dict[str, int] = {}
    for key, names in COLUMNS.items():
        found = next((normal.index(n) for n in names if n in normal), None)
        if found is not None:
            col[key] = found
    if "id" not in col:
        raise UsageError(f"{shown}:1: a Partner Center Trainings export without an MCPID (or AADUserId) "
                         "column: nothing says which rows are one person; download it with every column")
    return col


class TrainingRows(_Rows):
    """The export's rows read one by one into people and passes (planner.input.roster_import._Rows does the
    reading, the dates and the problems); what is left out is counted for the notes."""

    def __init__(self, shown: str, headers: list[str], catalog: Catalog | None, as_of: dt.date | None,
                 date_order: DateOrder | None, notes: list[str], catalogs: Catalogs) -> None:
        col = export_columns(headers, shown)
        super().__init__(shown, headers, col, catalog or catalogs.latest(catalogs.ids()[0]), as_of,
                         date_order, False, notes, catalogs)
        self.given = catalog
        self.catalogs = catalogs
        self.exams = catalogs.exams(catalog)  # a partner's export holds every competency's exams
        self.exam_titles = {title_key(e.title): code for code, e in self.exams.items()}
        self.unknown: Counter[str] = Counter()  # titles no catalog knows
        self.other_types: Counter[str] = Counter()
        self.inactive: Counter[str] = Counter()
        self.unnamed = self.late = self.repeats = 0
        self.by_email: set[str] = set()  # the people named by e-mail
        self.renamed: list[tuple[str, str, int, str, int]] = []  # (id, name kept, its line, other, line)

    def take(self, line: int, cells: list[str]) -> None:
        """One row: its person, then its pass when it is an active certification or an exam a catalog
        knows (else counted for the notes)."""
        texts = {key: self.cell(cells, key) for key in DAYS}
        read = {key: self._read_day(line, text) for key, text in texts.items()}
        person = self._person(line, cells)
        if person is None:
            return
        item = self._item(cells)
        if item is None:
            return
        days = {key: self._when(line, key, texts[key], read[key]) for key in DAYS}
        if _BAD not in days.values():
            self._add_pass(person, item, line, days, texts)

    def _item(self, cells: list[str]) -> str | None:
        """The row's exam code or '@<certification id>', or None (counted) when it is left out."""
        kind, title = self.cell(cells, "type").casefold(), self.cell(cells, "exam")
        status = self.cell(cells, "status")
        if not title:
            self.unknown["(no title)"] += 1
            return None
        if kind not in ("certification", "exam", ""):
            self.other_types[self.cell(cells, "type")] += 1
            return None
        if status and status.casefold() != ACTIVE:
            self.inactive[status] += 1
            return None
        item = (self._exam(title) if kind == "exam" else certification_item(title, self.certifications)
                or (self._exam(title) if not kind else None))
        if item is None:
            self.unknown[" ".join(title.split())] += 1
        return item

    def _exam(self, title: str) -> str | None:
        """The exam a row of type exam names: a known code in its title, else a known exam's title."""
        for found in _CODE.findall(title):
            code = exam_code(found)
            if code in self.exams:
                return self.exams[code].code
        return self.exam_titles.get(title_key(title))

    def _person(self, line: int, cells: list[str]) -> _Person | None:
        """The row's person by MCPID (new or seen before), named by first and last name, else e-mail."""
        pid = self.cell(cells, "id")
        full = " ".join(f"{self.cell(cells, 'first')} {self.cell(cells, 'last')}".split())
        name = full or self.cell(cells, "corp") or self.cell(cells, "email")
        if not pid:
            who = f" for {name!r}" if name else ""
            self.problem(line, "id", f"no person id{who}; every row of the export needs one")
            return None
        if self._unwritable(line, {"id": pid, "name": name}):
            return None
        person = self.people.get(pid)
        if person is None:
            person = self.people[pid] = _Person(pid, None, line)
        self._name(person, full, name, line)
        return person

    def _name(self, person: _Person, full: str, name: str, line: int) -> None:
        """The person's name: the first full name given (over an e-mail given before it), else the first
        e-mail; another full name on a later row is counted for a note."""
        by_email = person.id in self.by_email
        if name and (person.name is None or (by_email and full)):
            self.by_email.discard(person.id)
            if not full:
                self.by_email.add(person.id)
            person.name, person.name_line = name, line
            self._note_twin(person)
        elif full and not by_email and full != person.name:
            self.renamed.append((person.id, person.name or "", person.name_line or person.line, full, line))

    def _can_have_passed(self, line: int, code: str, day: dt.date | None) -> bool:
        """As for a skills report, except that a pass after --as-of is left out (the export runs on past
        the day the roster is taken), not an error."""
        if self.as_of is not None and day is not None and day > self.as_of:
            return True  # dropped by keep_latest, counted there
        return super()._can_have_passed(line, code, day)

    def read(self, reader: Any, on_row: Callable[[int], None] | None) -> int:
        """Every row, then each person's passes with those after as_of left out and a certification given
        twice kept once, the latest."""
        count = super().read(reader, on_row)
        for person in self.people.values():
            self._keep_latest(person)
        self.unnamed = sum(1 for p in self.people.values() if p.name is None)
        return count

    def _keep_latest(self, person: _Person) -> None:
        """The person's passes up to as_of, one per item: the latest (completion date, then expiry, then
        line), in the order first given."""
        kept: dict[str, tuple[str, dt.date | None, int, dt.date | None]] = {}
        for held in person.passes:
            code, day, line, expires = held
            if self.as_of is not None and day is not None and day > self.as_of:
                self.late += 1
                continue
            if code in kept:
                self.repeats += 1
                if _order(held) <= _order(kept[code]):
                    continue
            kept[code] = held
        person.passes = list(kept.values())

    def note_skipped(self) -> None:
        """The notes: what was left out, each kind once; how people are named."""
        total = sum(self.unknown.values())
        if total:
            self.notes.append(f"left out, titles no catalog knows ({_rows(total)}): "
                              f"{_counted(self.unknown)} (retired ones and older programmes show so)")
        if self.other_types:
            self.notes.append(f"left out, rows that are neither certifications nor exams: "
                              f"{_counted(self.other_types)}")
        if self.inactive:
            self.notes.append(f"left out, certifications not active: {_counted(self.inactive)}")
        if self.late:
            self.notes.append(f"left out, {_rows(self.late)} completed after as_of {self.as_of}")
        if self.repeats:
            self.notes.append(f"{_rows(self.repeats)} gave a certification or exam a person already has: the "
                              "latest kept")
        if self.by_email:
            self.notes.append(f"{len(self.by_email)} of {len(self.people)} people have no first or last "
                              "name in the export: named by their e-mail")
        if self.renamed:
            pid, kept, at, other, line = self.renamed[0]
            more = f" (and {len(self.renamed) - 1} more such rows)" if len(self.renamed) > 1 else ""
            self.notes.append(f"{self.headers[self.col['id']]} {pid} is named {kept!r} on line {at} and "
                              f"{other!r} on line {line}: the first kept{more}")
        if self.unnamed:
            self.notes.append(f"{self.unnamed} of {len(self.people)} people have neither a name nor an "
                              "e-mail in the export (a Report viewer's download has none): known by their "
                              f"{self.headers[self.col['id']]} only")
        super().note_skipped()

    def competency(self, as_of: dt.date) -> Catalog:
        """The catalog given, else the designation (in force on as_of) whose lists count the most of these
        people, with a note saying so."""
        if self.given is not None:
            return self.given
        ranked = designation_counts(list(self.people.values()), self.catalogs, as_of)
        best, count = ranked[0]
        others = ", ".join(f"{c.id} {n}" for c, n in ranked[1:] if n)
        self.notes.append(
            f"competency: {best.id}, the designation whose certification lists count the most of these "
            f"people ({count} of {len(self.people)}" + (f"; then {others}" if others else "")
            + "); pass --competency to choose another")
        return best


def _order(held: tuple[str, dt.date | None, int, dt.date | None]) -> tuple[dt.date, dt.date, int]:
    _, day, line, expires = held
    return (day or dt.date.min, expires or dt.date.min, line)


def _rows(n: int) -> str:
    return f"{n:,} row{'s' if n != 1 else ''}"


def _counted(counts: Counter[str]) -> str:
    """"'A' (3 rows), 'B' (1 row)", by title, at most LISTED of them and how many more."""
    named = sorted(counts.items(), key=lambda kv: kv[0].casefold())
    text = ", ".join(f"{title!r} ({_rows(n)})" for title, n in named[:LISTED])
    return text + (f" and {len(named) - LISTED} more" if len(named) > LISTED else "")


def designation_counts(people: list[_Person], catalogs: Catalogs,
                       as_of: dt.date) -> list[tuple[Catalog, int]]:
    """Each designation with how many of the people hold a certification its lists name (by a pass of it,
    or passes of every one of its exams), most first (ties by id)."""
    certs = catalogs.certifications
    held = []
    for person in people:
        items = {code for code, *_ in person.passes}
        exams = {code for code in items if certification_id(code) is None}
        items |= {c.item for c in certs.certifications if c.exams and set(c.exams) <= exams}
        held.append(items)
    counts = []
    for catalog in designations(catalogs, as_of):
        listed = {item for opt in catalog.option_catalogs() for lst in opt.lists for item in lst.items}
        counts.append((catalog, sum(1 for items in held if items & listed)))
    return sorted(counts, key=lambda cn: -cn[1])
