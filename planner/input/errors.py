"""Turning bad input into one line that names the file, the place in it, what was given and what is expected.

Two steps: `prepare_document` walks the parsed YAML along the model's field types and settles what pydantic
cannot see (text that YAML 1.1 turned into booleans or numbers, surprising numbers, dates, cycles), then
`validate_document` runs pydantic and rewrites its first error in plain words.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from planner.errors import ScenarioError
from planner.input.yamlio import AsWritten, position_of, written_text

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]
NumberCheck = Callable[[str, float], str | None]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLAIN_NUMBER = re.compile(r"[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?")
DATE_FORMAT = "a date written YYYY-MM-DD"


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


def describe(value: Any) -> str:
    """A given value as a message shows it: text quoted, true/false, numbers and dates as written."""
    if isinstance(value, AsWritten):
        return written_text(value.source)
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, int):
        return number_text(value)
    if isinstance(value, float):
        text = repr(value)
        return text if len(text) <= 40 else text[:37] + "..."
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


_LONG = 40  # characters of a given value a message shows whole


def number_text(value: int) -> str:
    """An integer as a message shows it: its digits, or 'a 5,000-digit number' when it is long."""
    digits = _digit_count(value)
    if digits <= _LONG - 3:
        return str(value)
    return f"a {digits:,}-digit {'negative ' if value < 0 else ''}number"


def _digit_count(value: int) -> int:
    magnitude = abs(value)
    if magnitude.bit_length() > 13_000:  # beyond what str() may convert: an estimate is enough to show
        return int(magnitude.bit_length() * math.log10(2)) + 1
    return len(str(magnitude))


# ---- step 1: settle YAML's surprises along the model's field types ----------------------------------------

def prepare_document(model: type[BaseModel], data: Any, shown: str, text: str | None, *,
                     check_number: NumberCheck | None = None,
                     dates: tuple[dt.date, dt.date] | None = None) -> Any:
    """A copy of `data` ready for pydantic: text kept as written, numbers and dates checked.

    Where the model expects text, a scalar YAML read as a boolean, number or date is its text as written
    (`id: 007` stays '007', `market: no` stays 'no'). Where it expects a number, a boolean, a non-finite
    value, a number YAML 1.1 reads in another base (`010` is 8) or one `check_number` refuses is an error;
    where it expects a date, only YYYY-MM-DD days within `dates` pass. Cycles of aliases are refused.
    """
    walker = _Walker(shown, text, check_number, dates)
    try:
        return walker.walk(data, model, ())
    except RecursionError:
        raise ScenarioError(shown, "the data is nested too deeply") from None


class _Walker:
    def __init__(self, shown: str, text: str | None, check_number: NumberCheck | None,
                 dates: tuple[dt.date, dt.date] | None) -> None:
        self.shown = shown
        self.text = text
        self.check_number = check_number
        self.dates = dates
        self.memo: dict[tuple[int, int], Any] = {}
        self.active: set[int] = set()
        self.kinds: dict[int, tuple[str, Any]] = {}  # by id of an annotation: they live as long as the model

    def fail(self, loc: Loc, message: str, *, key: bool = False) -> typing.NoReturn:
        raise_at(self.shown, self.text, loc, message, key=key)

    def walk(self, value: Any, ann: Any, loc: Loc) -> Any:
        found = self.kinds.get(id(ann))
        if found is None:
            found = self.kinds[id(ann)] = field_kind(ann)
        kind, inner = found
        if isinstance(value, dict) and kind not in ("dict", "model"):
            mapping = _mapping_member(ann)  # `float | dict[str, float]` given a mapping: walk it as one
            if mapping is not None:
                kind, inner = field_kind(mapping)
        if isinstance(value, (dict, list, tuple)):
            memo_key = (id(value), id(ann))
            if memo_key in self.memo:
                return self.memo[memo_key]
            if id(value) in self.active:
                self.fail(loc, "a YAML alias (*name) refers to the mapping or list that contains it")
            self.active.add(id(value))
            try:
                out = self._container(value, kind, inner, loc)
            finally:
                self.active.discard(id(value))
            self.memo[memo_key] = out
            return out
        return self._scalar(value, kind, loc)

    def _container(self, value: Any, kind: str, inner: Any, loc: Loc) -> Any:
        if isinstance(value, dict):
            fields = inner.model_fields if kind == "model" else None
            out: dict[Any, Any] = {}
            for raw_key, item in value.items():
                key = self._key(raw_key, loc, text_keys=kind in ("model", "dict"))
                if key in out:
                    self.fail((*loc, key), f"duplicate key {describe(key)}", key=True)
                if fields is not None:
                    field = fields.get(key) if isinstance(key, str) else None
                    out[key] = self.walk(item, field.annotation if field else Any, (*loc, key))
                elif kind == "dict":
                    out[key] = self.walk(item, inner, (*loc, key))
                else:
                    out[key] = self.walk(item, Any, (*loc, key))
            return out
        item_ann = inner if kind == "list" else Any
        return [self.walk(item, item_ann, (*loc, i)) for i, item in enumerate(value)]

    def _key(self, key: Any, loc: Loc, *, text_keys: bool) -> Any:
        if isinstance(key, AsWritten):
            return key.source if text_keys else key.value
        if not text_keys:
            return key
        if isinstance(key, str):
            return key
        if isinstance(key, (int, float)) and not isinstance(key, bool):
            return str(key)
        if isinstance(key, dt.date) and not isinstance(key, dt.datetime):
            return key.isoformat()
        self.fail(loc, f"a key is {describe(key)}; keys are names such as 'id' or 'market'")

    def _scalar(self, value: Any, kind: str, loc: Loc) -> Any:
        if kind == "text":
            if isinstance(value, AsWritten):
                return value.source
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                return value.isoformat()
            return value
        if kind == "number":
            return self._number(value, _number_name(loc), loc)
        if kind == "date":
            return self._date(value, loc)
        return value.value if isinstance(value, AsWritten) else value

    def _number(self, value: Any, name: str, loc: Loc) -> Any:
        given = value
        if isinstance(value, AsWritten):
            value = value.value
            self._plain_digits(given, loc)
        if isinstance(value, bool):
            self.fail(loc, f"expected a number (got {describe(given)})")
        number = _number_of(value)
        if number is not None and not _finite(number):
            # digits too many for a float (or for reading at all) are too big, not '.inf'
            digits = isinstance(given, AsWritten) and any(c.isdigit() for c in given.source)
            too_big = self.check_number(name, number) if self.check_number and digits and number > 0 else None
            self.fail(loc, f"{too_big or 'expected a finite number'} (got {describe(given)})")
        if number is not None and self.check_number is not None:
            problem = self.check_number(name, number)
            if problem:
                self.fail(loc, f"{problem} (got {describe(given)})")
        return value

    def _plain_digits(self, given: AsWritten, loc: Loc) -> None:
        """A number written in another base, with a leading zero or as a sexagesimal is refused."""
        value = given.value
        if not isinstance(value, bool) and isinstance(value, (int, float)) and _finite(value):
            if not _PLAIN_NUMBER.fullmatch(given.source) or _leading_zero(given.source):
                shown = describe(value)
                self.fail(loc, f"{written_text(given.source)} is read by YAML 1.1 as {shown}; write the "
                               f"number in plain digits ({shown} if that is what you mean)")

    def _date(self, value: Any, loc: Loc) -> Any:
        given = value
        if isinstance(value, AsWritten):
            value = value.value
        if value is None or isinstance(value, (dict, list, tuple)):
            return value  # pydantic reports it
        if isinstance(value, dt.datetime):
            self.fail(loc, f"expected {DATE_FORMAT}, without a time of day (got {describe(given)})")
        if isinstance(value, str):
            if not _ISO_DAY.fullmatch(value.strip()):
                self.fail(loc, f"expected {DATE_FORMAT}, e.g. 2018-06-30 (got {describe(given)})")
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError as exc:
                self.fail(loc, f"{describe(given)} is not a real date ({exc})")
        if not isinstance(value, dt.date):
            self.fail(loc, f"expected {DATE_FORMAT}, e.g. 2018-06-30 (got {describe(given)})")
        if self.dates is not None and not self.dates[0] <= value <= self.dates[1]:
            self.fail(loc, f"{value.isoformat()} is outside the years {self.dates[0].year} to "
                           f"{self.dates[1].year}; check the year")
        return value


def _number_name(loc: Loc) -> str:
    """The field name a number's limits are looked up by: its key, or the `_usd` field around it (a value in
    a mapping keyed by the user's own names, gate_revenue_usd: {...: {gate: amount}}, is limited like the
    mapping's field; so is a figure of organization.metrics, by metric or by part: `metrics`)."""
    name = str(loc[-1]) if loc and isinstance(loc[-1], str) else (format_path(loc) or "value")
    named = [k for k in loc if isinstance(k, str) and (k.endswith("_usd") or k == "metrics")]
    if named and named[-1] != name:
        name = named[-1]
    return name


def _number_of(value: Any) -> float | None:
    """The number a value stands for (a numeric text too: pydantic reads it), or None."""
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _finite(number: float) -> bool:
    """Whether a number is finite; an int always is (math.isfinite overflows on a 400-digit one)."""
    return isinstance(number, int) or math.isfinite(number)


def _leading_zero(source: str) -> bool:
    digits = source.lstrip("+-")
    return len(digits) > 1 and digits[0] == "0" and digits[1].isdigit()


def field_kind(ann: Any) -> tuple[str, Any]:
    """What a field expects: model, list, dict, text, number, date, bool or any (with the inner type)."""
    ann = _strip_optional(ann)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return "model", ann
    origin = typing.get_origin(ann)
    if origin in (list, tuple, set, frozenset):
        args = typing.get_args(ann)
        return "list", args[0] if args else Any
    if origin is dict:
        args = typing.get_args(ann)
        return "dict", args[-1] if args else Any
    if ann is str:
        return "text", ann
    if origin is typing.Literal and all(isinstance(a, str) for a in typing.get_args(ann)):
        return "text", ann
    if ann in (int, float):
        return "number", ann
    if ann is dt.date:
        return "date", ann
    return "any", ann


# ---- step 2: pydantic, and its first error in plain words -------------------------------------------------

def validate_document(model: type[M], data: Any, shown: str, text: str | None,
                      context: dict[str, Any] | None = None, *, hints: dict[str, str] | None = None) -> M:
    """Validate `data` as `model`; the first problem becomes a one-line ScenarioError.

    `hints` adds advice to a missing key's message, by key name.
    """
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        extra = [e for e in errors if e["type"] == "extra_forbidden"]
        first = extra[0] if extra else errors[0]
        loc = _clean_loc(first["loc"])
        message, explained = _message(model, first, loc, hints or {})
        others = [e for e in errors if e is not first and _clean_loc(e["loc"]) not in explained]
        if others:
            message += f" (and {len(others)} more problem{'s' if len(others) > 1 else ''})"
        raise_at(shown, text, loc, message, key=first["type"] == "extra_forbidden")


def _clean_loc(loc: tuple[Any, ...]) -> Loc:
    # pydantic adds pseudo-steps for validators of unions, function wrappers and dict keys; drop them.
    return tuple(p for p in loc
                 if isinstance(p, int) or not str(p).startswith(("function-", "union[", "literal[", "[key]")))


_EXPECTED = {
    "float_parsing": "a number", "float_type": "a number", "decimal_parsing": "a number",
    "decimal_type": "a number", "int_parsing": "a whole number", "int_type": "a whole number",
    "int_from_float": "a whole number", "bool_parsing": "true or false", "bool_type": "true or false",
    "string_type": "text", "list_type": "a list", "tuple_type": "a list", "set_type": "a list",
    "dict_type": "a mapping (key: value lines)", "date_type": DATE_FORMAT, "date_parsing": DATE_FORMAT,
    "date_from_datetime_parsing": DATE_FORMAT, "date_from_datetime_inexact": DATE_FORMAT,
    "finite_number": "a finite number",
}


def _message(model: type[BaseModel], err: ErrorDetails, loc: Loc,
             hints: dict[str, str]) -> tuple[str, set[Loc]]:
    """The error in plain words, and the places it also explains (a missing key a typo stands for)."""
    kind = err["type"]
    if kind == "extra_forbidden":
        return _unknown_key_message(model, loc)
    if kind == "missing":
        return _missing_key_message(model, loc, hints), set()
    return _value_message(err), set()


def _unknown_key_message(model: type[BaseModel], loc: Loc) -> tuple[str, set[Loc]]:
    """'unknown key', with the key it may be a typo of (whose 'missing' it explains) or the allowed keys."""
    name = str(loc[-1]) if loc else "?"
    known = _known_keys(model, loc[:-1])
    hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if not hint:
        hint = [k for k in known if k.lower() == name.lower().strip()][:1]
    allowed = f"; allowed: {', '.join(known)}" if known else ""
    suffix = f" (did you mean '{hint[0]}'?)" if hint else allowed
    return f"unknown key {describe(name)}{suffix}", {(*loc[:-1], hint[0])} if hint else set()


def _missing_key_message(model: type[BaseModel], loc: Loc, hints: dict[str, str]) -> str:
    """'missing required key', with the hint for it or the field's own description."""
    name = loc[-1] if loc and isinstance(loc[-1], str) else None
    if name is None:
        return "missing required value"
    advice = hints.get(name) or _description(model, loc)
    return f"missing required key '{name}'" + (f": {advice}" if advice else "")


_BOUNDS = ("greater_than_equal", "greater_than", "less_than_equal", "less_than")


def _value_message(err: ErrorDetails) -> str:
    """A given value's problem in plain words, ending with what was given."""
    kind = err["type"]
    got = f" (got {describe(err.get('input'))})"
    ctx = err.get("ctx") or {}
    if kind in _BOUNDS:
        return f"must be {_bound_phrase(kind, next(iter(ctx.values()), None))}" + got
    if kind == "string_too_short":
        return "must not be empty" + got
    if kind == "literal_error":
        return f"must be {ctx.get('expected', 'one of the allowed values')}" + got
    if kind in ("model_type", "model_attributes_type"):
        return f"expected a mapping (key: value lines){_shape(ctx.get('class_name'))}" + got
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}" + got + _how_to_write(kind, err.get("input"))
    return _pydantic_words(str(err.get("msg", "invalid value")), got)


def _how_to_write(kind: str, given: Any) -> str:
    """Advice for a number written with separators or currency, or a list written as one value; else ''."""
    if kind in ("float_parsing", "int_parsing", "decimal_parsing") and isinstance(given, str) \
            and re.search(r"[\d][,.' _]\d{3}|[$€£]|usd", given, re.IGNORECASE):
        return "; write plain digits without separators or currency, e.g. 250000"
    if kind in ("list_type", "tuple_type", "set_type") and isinstance(given, (str, dict)):
        return "; write [a, b] or put each item on its own line starting with '- '"
    return ""


def _pydantic_words(msg: str, got: str) -> str:
    """pydantic's own message for the other errors: a validator's text as it is, 'Input should be' as
    'must be', with what was given."""
    if msg.startswith("Value error, "):
        return msg[len("Value error, "):]
    if msg.startswith("Input should be "):
        msg = "must be " + msg[len("Input should be "):]
    return msg + got


def _bound_phrase(kind: str, bound: Any) -> str:
    """'1,000,000 or less', 'more than 0' for pydantic's bound errors."""
    if isinstance(bound, float) and bound.is_integer():
        bound = int(bound)
    if isinstance(bound, int) and not isinstance(bound, bool) and abs(bound) >= 10_000:
        bound = f"{bound:,}"
    if kind == "greater_than":
        return f"more than {bound}"
    if kind == "less_than":
        return f"less than {bound}"
    return f"{bound} {'or more' if kind == 'greater_than_equal' else 'or less'}"


def _shape(class_name: Any) -> str:
    # Pass also accepts a bare exam code; say so rather than only "a mapping".
    return " or an exam code" if class_name == "Pass" else ""


def _description(model: type[BaseModel], loc: Loc) -> str:
    """The missing field's own description, as advice: 'The day the roster is true.' -> 'the day ...'."""
    parent = _model_at(model, loc[:-1])
    field = parent.model_fields.get(str(loc[-1])) if parent else None
    text = (field.description or "").strip().rstrip(".") if field else ""
    return text[:1].lower() + text[1:] if text else ""


def _known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed at `loc` inside `model`, following field annotations."""
    found = _model_at(model, loc)
    return list(found.model_fields) if found else []


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
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
                return None
            current = field.annotation
        else:
            return None
    current = _strip_optional(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _mapping_member(ann: Any) -> Any:
    """The `dict[...]` member of a union such as `float | dict[str, float]` (None when it has none)."""
    for _ in range(6):
        if typing.get_origin(ann) is typing.Annotated:
            ann = typing.get_args(ann)[0]
    if typing.get_origin(ann) not in (typing.Union, types.UnionType):
        return None
    return next((a for a in typing.get_args(ann) if typing.get_origin(a) is dict), None)


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
