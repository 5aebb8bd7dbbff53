"""Work done beside the plan, in a process of its own when the machine has a core to spare.

Several designations planned together are also planned each on its own (planner/core/pipeline.py,
`_plan_alone`), for what planning together saves. Those plans do not depend on the plan of them all, and
most of their time is Python (problems built over the whole roster) that threads would only take turns at.
So on a machine with two cores or more, `Beside` forks the process once the roster is read into profiles
(before the problem is pruned: planner/core/pipeline.py): the child plans them on the same loaded scenario
(copy-on-write: nothing is read, parsed or sent to it), while the parent prunes and plans the designations
together; the child sends back only its answer, pickled. Six designations on 100,000 generated people:
their plans alone took 4.6 s after the plan of all of them; forked once the problem was built, the parent
waited about 0.4 s for them, and the child's work slowed the parent's first solve (0.18 s alone, 0.41 s
beside it); forked before the pruning, the child is done before that solve (the parent's lane 1.5 ->
1.35-1.45 s after the load).

The work is done in the parent instead, in turn, when forking is not possible or not worth it: not Linux
(Windows has no fork; macOS's system libraries are not safe in a forked child), one core, other threads
running (a fork copies only the thread that calls it), a
small roster (`FORK_FROM` people: forking a large process costs more than such plans take), or
PLANNER_PARALLEL=0. PLANNER_PARALLEL=1 forks whatever the roster's size (tests). Should the child fail in
any way (an error, killed, out of memory), the parent does the work itself: any error is then raised
where it happens, with its traceback, and an answer is never lost.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

ENV = "PLANNER_PARALLEL"
FORK_FROM = 100  # people on the roster from which the work beside is forked (unless PLANNER_PARALLEL says)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Linux (macOS's system libraries are not safe in a forked child: Python spawns there), and no other
    thread running (a fork copies only the thread that calls it)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def may_fork(people: int) -> bool:
    """Whether work beside a plan over `people` is forked (see the module doc)."""
    setting = os.environ.get(ENV, "").strip()
    if setting == "0" or not can_fork():
        return False
    return setting == "1" or (cores() > 1 and people >= FORK_FROM)


class Beside(Generic[T]):
    """`work()`, started in a forked child at once when `fork`, else done when its result is asked for."""

    def __init__(self, work: Callable[[], T], *, fork: bool) -> None:
        self._work = work
        self._pid: int | None = None
        self._read: int | None = None
        if fork:
            self._start()

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def _start(self) -> None:
        read, write = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            stream.flush()
        pid = os.fork()
        if pid == 0:  # the child: the work, its answer down the pipe, and out (no parent's cleanup runs)
            status = 1
            try:
                os.close(read)
                payload = pickle.dumps(self._work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
                status = 0
            except BaseException:  # noqa: BLE001 - the parent does the work again and raises it there
                pass
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> T:
        """The work's answer: the child's when it gave one, else the work done here."""
        if self._pid is None:
            return self._work()
        payload, status = self._collect()
        if status == 0:
            try:
                answer: T = pickle.loads(payload)
                return answer
            except Exception:  # noqa: BLE001 - a truncated answer: done here below
                pass
        return self._work()

    def _collect(self) -> tuple[bytes, int]:
        """Everything the child wrote, and how it ended (0: it sent its answer)."""
        assert self._pid is not None and self._read is not None
        chunks = []
        with os.fdopen(self._read, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        _, code = os.waitpid(self._pid, 0)
        self._pid = self._read = None
        return b"".join(chunks), os.waitstatus_to_exitcode(code)

    def cancel(self) -> None:
        """The answer is not wanted (the plan failed first): the child is stopped and reaped."""
        if self._pid is None:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._collect()
