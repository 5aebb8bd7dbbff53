"""The time limit while the problem and the CP-SAT model are built: every loop whose length grows with the
input checks it, so `--time-limit` bounds a run from its first line (planner/core/pipeline.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_DEADLINE: ContextVar[float | None] = ContextVar("build_deadline", default=None)


class OutOfTimeBuilding(Exception):
    """The time limit ran out while the problem or the model was being built."""


@contextmanager
def building_within(seconds: float | None) -> Iterator[None]:
    """Within this block, check_build_time raises OutOfTimeBuilding once `seconds` have passed (None: no
    limit of its own; an enclosing block's limit still holds)."""
    outer = _DEADLINE.get()
    mine = None if seconds is None else time.perf_counter() + seconds
    token = _DEADLINE.set(mine if outer is None else outer if mine is None else min(outer, mine))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_build_time() -> None:
    """Raise OutOfTimeBuilding when the time limit of the enclosing building_within block has passed."""
    at = _DEADLINE.get()
    if at is not None and time.perf_counter() > at:
        raise OutOfTimeBuilding
