"""OR-Tools CP-SAT's Python API (`cp_model`), imported without pandas and numpy when that is safe.

`ortools.sat.python.cp_model` imports pandas (0.6 s) and numpy (0.16 s of CPU) for names only: pandas
for its `*_series` helpers and the `pd.Index` / `pd.Series` in its type hints, numpy for the numpy integer
and float types it accepts besides Python's `int` and `float` (the solver itself, a C++ extension, does
not load numpy). The planner passes only Python numbers and never uses the series helpers. So when
neither package is loaded yet, cp_model is imported against placeholder modules that have just those
names (classes nothing is an instance of), and the placeholders are removed at once: a later
`import pandas` or `import numpy` anywhere in the process gets the real package. A package already
loaded is used as it is. If the import fails against the placeholders (an OR-Tools version that needs
more of them at import), cp_model is imported the ordinary way.

Measured with ortools 9.15 (`python -X importtime`, see planner/tools/benchmark.py for the command's times):
cp_model 0.98 s with pandas and numpy, 0.35 s without pandas, about 0.2 s without either.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

CP_MODEL = "ortools.sat.python.cp_model"
PLACEHOLDER_NAMES = {
    "pandas": ("Index", "Series"),
    "numpy": ("bool_", "double", "int8", "uint8", "int32", "uint32", "int64", "uint64"),
}
"""The names cp_model reads from each package while it is imported (ortools 9.15)."""


class _NotLoaded:
    """Stands for a pandas or numpy type: nothing is an instance, and making one says why."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("CP-SAT was loaded without pandas and numpy (planner/core/cpsat.py): pass Python "
                           "numbers, not pandas or numpy objects")


def _placeholder(package: str) -> types.ModuleType:
    module = types.ModuleType(package, f"Placeholder while {CP_MODEL} is imported (planner/core/cpsat.py).")
    for name in PLACEHOLDER_NAMES[package]:
        setattr(module, name, type(name, (_NotLoaded,), {}))
    return module


def _import_cp_model() -> Any:
    """cp_model, with placeholders for the packages not loaded yet (see the module doc)."""
    if CP_MODEL in sys.modules:
        return sys.modules[CP_MODEL]
    placeholders = {p: _placeholder(p) for p in PLACEHOLDER_NAMES if p not in sys.modules}
    sys.modules.update(placeholders)
    try:
        return importlib.import_module(CP_MODEL)
    except Exception:  # noqa: BLE001 - any failure: the ordinary import below, with the real packages
        sys.modules.pop(CP_MODEL, None)
    finally:
        for package, module in placeholders.items():
            if sys.modules.get(package) is module:
                del sys.modules[package]
    return importlib.import_module(CP_MODEL)


if TYPE_CHECKING:
    from ortools.sat.python import cp_model
else:
    cp_model = _import_cp_model()


def set_hint(model: cp_model.CpModel, pairs: Iterable[tuple[cp_model.IntVar, int | bool]]) -> None:
    """Replace the model's solution hint with these (variable, value) pairs, written to the model's proto at
    once: CpModel.add_hint, one call per variable, took 0.2 s for 50,000 variables, this 0.015 s."""
    model.clear_hints()
    indexes: list[int] = []
    values: list[int] = []
    for var, value in pairs:
        index = var.index
        if index < 0:  # a negated literal: its variable takes the opposite value (as CpModel.add_hint)
            indexes.append(-index - 1)
            values.append(int(not value))
        else:
            indexes.append(index)
            values.append(int(value))
    hint = model.proto.solution_hint
    hint.vars.extend(indexes)
    hint.values.extend(values)


def load_solver() -> None:
    """Load what CP-SAT loads with its first model (numpy: 0.12 s of CPU), with the planner's solving code:
    done before a fork, so that the parent and the child do not both load them."""
    import planner.core.solving  # noqa: F401 - loaded for the child too

    cp_model.CpModel()


def binary_digits(model: cp_model.CpModel, expr: cp_model.LinearExprT) -> list[cp_model.IntVar] | None:
    """The booleans of `expr` when it is a sum of distinct booleans weighted by distinct powers of two (plus a
    constant), as planner/core/model.lexicographic_preference's stages are: the expression's value, written
    in binary, then says each one's value. None for any other expression."""
    flat_int_expr = getattr(cp_model, "FlatIntExpr", None)  # ortools 9.15 has it; older ones: None
    if flat_int_expr is None or isinstance(expr, int):
        return None
    flat = flat_int_expr(expr)
    variables, weights = list(flat.vars), list(flat.coeffs)
    domains = model.proto.variables
    if (len({var.index for var in variables}) != len(variables) or len(set(weights)) != len(weights)
            or any(w <= 0 or w & (w - 1) for w in weights)
            or any(var.index < 0 or list(domains[var.index].domain) != [0, 1] for var in variables)):
        return None
    return variables
