"""The CLI's one door to the reports: for each command, the function that shows its report as a terminal
table, as Markdown and as JSON (`to_json`). The HTML page is planner/report/html.py.

Each command's report is drawn in a module of its own, table and Markdown side by side:
planner/report/plan.py, check.py, best.py, compare.py, ladder.py and rules.py (with `rules --diff`). What
they share sits in one place: the words every format says in words.py, the several-goals sections in
targets.py, the table and Markdown building blocks in blocks.py. Text from the input (names, ids, scenario
and variant names) is shown with its control characters escaped (`words.printable`).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from planner.report.best import best_markdown, best_set_markdown, best_set_table, best_table
from planner.report.check import check_markdown, check_several_markdown, check_several_table, check_table
from planner.report.compare import compare_markdown, compare_table
from planner.report.ladder import ladder_markdown, ladder_table
from planner.report.plan import plan_markdown, plan_table
from planner.report.rules import (
    rules_data,
    rules_diff_data,
    rules_diff_markdown,
    rules_diff_table,
    rules_markdown,
    rules_table,
)

__all__ = [
    "best_markdown",
    "best_set_markdown",
    "best_set_table",
    "best_table",
    "check_markdown",
    "check_several_markdown",
    "check_several_table",
    "check_table",
    "compare_markdown",
    "compare_table",
    "ladder_markdown",
    "ladder_table",
    "plan_markdown",
    "plan_table",
    "rules_data",
    "rules_diff_data",
    "rules_diff_markdown",
    "rules_diff_table",
    "rules_markdown",
    "rules_table",
    "to_json",
]


def to_json(report: BaseModel | list[Any] | dict[str, Any]) -> str:
    """Stable JSON: the model's field order, two-space indent, a final newline."""
    data: list[Any] | dict[str, Any]
    data = report.model_dump(mode="json") if isinstance(report, BaseModel) else report
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
