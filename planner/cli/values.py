"""How the options' numbers are read as people write them: amounts of money with a `$` or `US$` and
thousands separators (`--budget US$3,000.50`), counts with thousands separators (`--staff 100,000`) and
durations with a unit (`--time-limit 90s`, `2m`). Each is a typer `parser`: what Python reads as a number
is read as before, and anything else is refused with one line saying what is expected.

typer also hands a parser an option's default as it is written in the code (`--alternatives`' 1): a
number that is not text is returned as it is.

Only typer is imported here, so that `planner --help` stays instant.
"""

from __future__ import annotations

import math
import re

import typer

_GROUPED = r"\d{1,3}(?:,\d{3})+"
"""Digits in groups of three separated by commas: 3,000 or 1,000,000 (not 1,00 nor 3.000,5)."""

_MONEY = re.compile(
    rf"(?P<sign>[+-]?)\s*(?:US\s?\$|\$|USD\s?)?\s*(?P<number>(?:{_GROUPED}|\d+)(?:\.\d*)?|\.\d+)\s*(?:USD)?",
    re.IGNORECASE)
_COUNT = re.compile(rf"(?P<sign>[+-]?)(?P<number>{_GROUPED})")
_DURATION_PART = re.compile(r"\s*(?P<number>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>[a-z]+)", re.IGNORECASE)

SECONDS_PER_UNIT = {
    "ms": 0.001, "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "m": 60.0, "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0,
}
"""The units a duration may be written in (any case), in seconds: 5s, 2m, 1h, 1m30s, 500ms."""


def money(value: str | float) -> float:
    """An amount of US dollars: 3000, 3,000, $3000, US$3,000.50 or 3000 USD (a BadParameter otherwise)."""
    if not isinstance(value, str):
        return float(value)
    plain = _plain_number(value)
    if plain is not None:
        return plain
    found = _MONEY.fullmatch(value.strip())
    if found is None:
        raise typer.BadParameter(f"must be an amount of US dollars such as 3000, 3,000.50 or $3,000 "
                                 f"(got {_quoted(value)})")
    amount = float(found["number"].replace(",", ""))
    return -amount if found["sign"] == "-" else amount


def count(value: str | int) -> int:
    """A whole number: 100000, 100,000 or 100000.0 (a BadParameter otherwise)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        return int(text)
    except ValueError:
        pass
    found = _COUNT.fullmatch(text)
    if found is not None:
        number = int(found["number"].replace(",", ""))
        return -number if found["sign"] == "-" else number
    plain = _plain_number(text)
    if plain is not None and math.isfinite(plain) and plain.is_integer():
        return int(plain)
    raise typer.BadParameter(f"must be a whole number such as 3 or 100,000 (got {_quoted(value)})")


def seconds(value: str | float) -> float:
    """A duration in seconds: 1.5 (seconds), 5s, 5 s, 90s, 2m, 1h or 1m30s (a BadParameter otherwise)."""
    if not isinstance(value, str):
        return float(value)
    plain = _plain_number(value)
    if plain is not None:
        return plain
    text = value.strip()
    parts = list(_DURATION_PART.finditer(text))
    joined = "".join(p.group(0) for p in parts)
    units = [p["unit"].lower() for p in parts]
    if not parts or joined.strip() != text or any(u not in SECONDS_PER_UNIT for u in units):
        raise typer.BadParameter(f"must be a number of seconds, or a duration such as 5s, 90s, 2m or 1m30s "
                                 f"(got {_quoted(value)})")
    return sum(float(p["number"]) * SECONDS_PER_UNIT[u] for p, u in zip(parts, units, strict=True))


def _plain_number(value: str) -> float | None:
    """The number Python reads in `value` (3000, 1e3, 3_000, -2, inf: what the options took before), or
    None."""
    try:
        return float(value)
    except ValueError:
        return None


def _quoted(value: str) -> str:
    """The value as typed, quoted, cut to 40 characters (an option value may be anything)."""
    return "'" + (value if len(value) <= 40 else value[:37] + "...") + "'"
