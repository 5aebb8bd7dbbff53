"""Turning pydantic's validation errors into one line that names the file and the place in it."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from planner.errors import ScenarioError
from planner.yamlio import position_of

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


def format_path(loc: Loc) -> str:
    """`('staff', 3, 'passed', 1)` -> `staff[3].passed[1]`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def raise_at(shown: str, text: str | None, loc: Loc, message: str, *, key: bool = False) -> typing.NoReturn:
    """Raise a ScenarioError for the node at `loc`, with its line and column when the text is known."""
    pos = position_of(text, loc, key=key) if text is not None and loc else None
    raise ScenarioError(shown, message, path=format_path(loc),
                        line=pos[0] if pos else None, column=pos[1] if pos else None)


def validate_document(model: type[M], data: Any, shown: str, text: str | None,
                      context: dict[str, Any] | None = None) -> M:
    """Validate `data` as `model`; the first problem becomes a one-line ScenarioError."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        loc = _clean_loc(first["loc"])
        message = _message(model, first, loc)
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        raise_at(shown, text, loc, message, key=first["type"] == "extra_forbidden")


def _clean_loc(loc: tuple[Any, ...]) -> Loc:
    # pydantic adds pseudo-steps for validators of unions and function wrappers; drop them.
    return tuple(p for p in loc if isinstance(p, int) or not str(p).startswith(("function-", "union[", "literal[")))


def _message(model: type[BaseModel], err: dict[str, Any], loc: Loc) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        known = _known_keys(model, loc[:-1])
        hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        suffix = f" (did you mean '{hint[0]}'?)" if hint else (f"; allowed: {', '.join(known)}" if known else "")
        return f"unknown key '{name}'{suffix}"
    if kind == "missing":
        return "missing required key" + (f" '{loc[-1]}'" if loc and isinstance(loc[-1], str) else "")
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    given = err.get("input")
    if kind not in ("missing",) and isinstance(given, (str, int, float, bool)) and len(repr(given)) <= 40:
        msg += f" (got {given!r})"
    elif isinstance(given, (dict, list)) and kind in ("string_type", "int_type", "float_type", "bool_type",
                                                      "date_type", "literal_error", "int_parsing"):
        msg += f" (got a {'mapping' if isinstance(given, dict) else 'list'})"
    return msg


def _known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed at `loc` inside `model`, following field annotations."""
    current: Any = model
    for part in loc:
        current = _strip_optional(current)
        origin = typing.get_origin(current)
        if origin in (list, tuple, set, frozenset, dict):
            args = typing.get_args(current)
            current = args[-1] if args else Any
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        else:
            return []
    current = _strip_optional(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _strip_optional(tp: Any) -> Any:
    """`X | None` and `Annotated[X, ...]` -> X (the model class when a union has one)."""
    for _ in range(6):
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else args[0]
        elif origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        else:
            return tp
    return tp
