"""The building blocks every command's terminal table and Markdown share: a rich table of plain text,
bulleted lines, and Markdown's escaping, tables and bold total rows. What the blocks say comes from
planner/report/words.py; which blocks a command shows, from its own module (plan, check, best, compare,
rules)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel
from rich.console import Console, ConsoleOptions, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

# ---- terminal ----------------------------------------------------------------------------------------


def text_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[str]], *,
               right: Sequence[str] = (), bold_last: bool = False) -> Fitted:
    """A rich table whose cells are plain text (never read as rich markup); `right`: figure columns."""
    t = Table(title=plain_title(title), title_justify="left")
    for c in columns:
        t.add_column(plain(c), justify="right" if c in right else "left", no_wrap=c in right, overflow="fold")
    for i, row in enumerate(rows):
        t.add_row(*(Text(x) for x in row), style="bold" if bold_last and i == len(rows) - 1 else None)
    return Fitted(t)


WORD_ROOM = 10
"""A column that wraps needs room for its words up to this long (a longer word folds)."""


class Fitted:
    """A table drawn as it is when every column fits the width (its figures whole, its words up to
    WORD_ROOM letters unbroken), else its rows one under another, each cell beside its column's name: at
    any width no column is cut, squeezed blank or left out."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        if needed_width(self.table, console, options) <= options.max_width:
            yield self.table
        else:
            yield from stacked(self.table)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table)


def needed_width(table: Table, console: Console, options: ConsoleOptions) -> int:
    """The narrowest the table can be drawn without cutting a figure or breaking a word of up to
    WORD_ROOM letters: each column's widest unbreakable part, its padding, and the rules between."""
    total = (len(table.columns) - 1 + (2 if table.show_edge else 0)) if table.box else 0
    for column in table.columns:
        cells = [column.header, *column.cells]
        sizes = [Measurement.get(console, options, cell) for cell in cells]
        need = max(m.maximum if column.no_wrap else min(m.minimum, WORD_ROOM) for m in sizes)
        total += max(need, column.min_width or 0) + table.padding[1] + table.padding[3]
    return total


def stacked(table: Table) -> Iterator[RenderableType]:
    """The table's title, then a bullet per row whose lines name each column beside the row's cell in it
    (empty cells left out)."""
    if table.title:
        yield table.title if isinstance(table.title, Text) else Text(str(table.title), style="table.title")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_column(overflow="fold")
    names = [Text(str(c.header).replace("\n", " ") + ":") for c in table.columns]
    columns = [list(c.cells) for c in table.columns]
    for i, row in enumerate(table.rows):
        filled = [(name, cells[i]) for name, cells in zip(names, columns, strict=True)
                  if str(cells[i]).strip()]
        for j, (name, cell) in enumerate(filled):
            grid.add_row("-" if j == 0 else "", name, cell, style=row.style)
    yield grid


def plain(text: str, style: str = "") -> Text:
    """A title or header as plain text: never read as rich markup ('[/x]' in a name is text, not an
    error), in `style` (a Text title does not take the table's title style)."""
    return Text(text, style=style)


def plain_title(text: str | None, style: str = "table.title") -> Text | None:
    """A table's title (or none) as plain text, in the table title's style (see `plain`)."""
    return None if text is None else plain(text, style)


def bullets(lines: Sequence[str], mark: str = "-") -> Table:
    """Bulleted lines whose continuation lines wrap under the text, not under the bullet."""
    t = Table.grid(padding=(0, 1))
    t.add_column(no_wrap=True)
    t.add_column(overflow="fold")  # a word longer than the line (a file name) folds, never cut
    for line in lines:
        t.add_row(mark, Text(line))
    return t


# ---- Markdown ----------------------------------------------------------------------------------------

# `_` and `#` are left alone: CommonMark reads neither inside a word or a line (can_take stays readable)
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*[]|"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def md(text: str) -> str:
    """Text from the input, safe in Markdown: no markup, no HTML, no table-breaking pipe or line break."""
    return text.translate(_MD_SPECIAL)


def md_escaped(value: Any) -> Any:
    """A printable copy of a report (or a catalog) with every string also escaped for Markdown, keys of
    mappings too (a catalog's slots are keyed by role ids, and they are looked up by the escaped ids)."""
    if isinstance(value, str):
        return md(value)
    if isinstance(value, BaseModel):
        return value.model_copy(update={k: md_escaped(getattr(value, k)) for k in type(value).model_fields})
    if isinstance(value, (list, tuple)):
        return type(value)(md_escaped(v) for v in value)
    if isinstance(value, dict):
        return {md_escaped(k): md_escaped(v) for k, v in value.items()}
    return value


def md_rows(columns: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[str] = ()) -> list[str]:
    """A Markdown table: the header, the rule (`right`: figure columns, right-aligned) and the rows."""
    rule = "|" + "".join("---:|" if c in right else "---|" for c in columns)
    return (["| " + " | ".join(columns) + " |", rule]
            + ["| " + " | ".join(row) + " |" for row in rows])


def md_bold(row: Sequence[str]) -> list[str]:
    """A total row in bold, its empty cells left empty."""
    return [f"**{x}**" if x else "" for x in row]
