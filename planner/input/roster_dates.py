"""Reading the date cells of an imported CSV (planner/input/roster_import.py says which forms and how an
ambiguous NN/NN/YYYY date is settled): YYYY-MM-DD and the other forms, with a time of day after them (one
space or several, as Partner Center's TSV export writes '2018-12-25  23:07:22') ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

DateOrder = Literal["dmy", "mdy"]
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
_TIME = r"(?:(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?Z?)?"
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + _TIME)
_NUMERIC = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})" + _TIME)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})" + _TIME)
_DAY_MONTH = re.compile(r"(\d{1,2})[- ]([A-Za-z]{3,9})\.?[-, ]+(\d{2}|\d{4})")
_MONTH_DAY = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{2}|\d{4})")


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
