"""The house rules of issue 19: small parts, checked on every run (radon's cyclomatic complexity, module
length), so the tree stays one a newcomer can read."""

from __future__ import annotations

from pathlib import Path

from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parent.parent
CODE = sorted(p for top in ("planner", "models") for p in (ROOT / top).rglob("*.py"))
MAX_COMPLEXITY = 15
MAX_LINES = 800


def _blocks(path: Path) -> list[tuple[str, int]]:
    """Every function and method of a module with radon's complexity (radon lists a class's methods as
    functions too, named Class.method; the class's own score is left out, as `radon cc` ranks them)."""
    return [(block.fullname, block.complexity) for block in cc_visit(path.read_text(encoding="utf-8"))
            if not hasattr(block, "methods")]


def test_no_function_is_above_complexity_15():
    """`radon cc -s -n C planner models` lists nothing above 15: split such a function by job."""
    too_complex = [f"{p.relative_to(ROOT)}:{name} ({score})" for p in CODE for name, score in _blocks(p)
                   if score > MAX_COMPLEXITY]
    assert [] == too_complex


def test_no_module_is_over_800_lines():
    """A module over 800 lines holds more than one concern: split it."""
    too_long = [f"{p.relative_to(ROOT)} ({n} lines)" for p in CODE
                if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert [] == too_long


def test_the_checks_see_the_whole_tree():
    """The checks above read every package of the pipeline (a glob gone wrong would pass vacuously)."""
    packages = {p.parent.relative_to(ROOT).as_posix() for p in CODE}
    assert {"models", "planner", "planner/cli", "planner/core", "planner/explain", "planner/input",
            "planner/report", "planner/rules", "planner/tools", "planner/validation"} <= packages
