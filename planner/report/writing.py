"""Writing what the planner produces: `--output` files and standard output, every failure one line.

`--output FILE` follows symlinks and writes to their target (the link stays a link). A regular file is
written through a temporary file in its folder and a rename, so a reader never sees half a report; it keeps
the mode of the file it replaces (a new file gets 0666 less the umask, like any file a shell creates). A
named pipe or a device (`/dev/stdout`, `/dev/null`) is written straight into, never replaced. An output that
is one of the run's inputs (same file, also through a symlink or a hard link) is refused before any work is
done. SIGTERM or SIGHUP while a file is written removes the temporary file, as SIGINT does.

Standard output is guarded too: a full device is exit 2 with its reason, a reader that went away (`| head`)
ends the run quietly with 141, as a program killed by SIGPIPE does.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from planner.errors import PlannerError, UsageError

Reads = Sequence[tuple[Path, str]]
"""The files a run reads, each with what it is for messages: (Path('c.yaml'), 'a --catalog file')."""

BROKEN_PIPE_EXIT = 141
"""Exit code when standard output's reader has gone: 128 + SIGPIPE, what a shell shows for `cat | head`."""


class OutputError(PlannerError):
    """An output cannot be written (a full device, a closed pipe, no permission): exit 2, one line."""

    exit_code = 2


class StdoutClosed(Exception):
    """Standard output's reader has gone (EPIPE): the run ends quietly with BROKEN_PIPE_EXIT."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while a file was being written; the temporary file has been removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum


# ---- where --output writes ------------------------------------------------------------------------------


def output_target(given: str | os.PathLike[str], reads: Reads = ()) -> Path:
    """The file `--output` names, ready to write: a UsageError for a name that cannot be one."""
    text = os.fspath(given)
    if not text:
        raise UsageError("--output is empty; name a file, or leave it out to print on standard output")
    path = Path(text)
    if text.endswith(("/", os.sep)) or path.is_dir():
        raise UsageError(f"--output {text}: is a folder; name a file (e.g. {Path(text) / 'report.txt'})")
    _refuse_inputs(text, reads)
    status = _stat(path)
    if status is not None and not stat.S_ISREG(status.st_mode):
        return path  # a pipe or a device: written into as it is, through whatever link names it
    real = Path(os.path.realpath(path))
    if not real.parent.is_dir():
        raise UsageError(f"--output {text}: folder {real.parent} does not exist")
    return real


def _stat(path: Path) -> os.stat_result | None:
    """The status of what `path` names (through symlinks), or None when there is nothing there yet."""
    try:
        return path.stat()
    except OSError:
        return None


def _refuse_inputs(text: str, reads: Reads) -> None:
    """A UsageError when the output is one of the files this run reads (by path, symlink or hard link).

    Only a regular file can be lost this way: a device or a pipe named twice (/dev/stdin, /dev/stdout on
    one terminal) is read and written as the user asked.
    """
    target = _stat(Path(text))
    if target is None or not stat.S_ISREG(target.st_mode):
        return
    for source, role in reads:
        status = _stat(source)
        if status is not None and (status.st_dev, status.st_ino) == (target.st_dev, target.st_ino):
            raise UsageError(f"--output {text} is {role} this run reads ({source}); choose another file")


# ---- writing a file ------------------------------------------------------------------------------------


def write_output(given: str | os.PathLike[str], text: str | Iterable[str], reads: Reads = ()) -> None:
    """Write `text` to what `--output` names (see the module docstring); any failure is one-line exit 2.

    Text given in chunks (a large generated or imported scenario) is encoded and written a chunk at a time;
    a failure while making them removes the temporary file as any other failure does."""
    target = output_target(given, reads)
    shown = os.fspath(given)
    data = text.encode("utf-8") if isinstance(text, str) else (chunk.encode("utf-8") for chunk in text)
    try:
        with terminations_raise():
            status = _stat(target)
            if status is not None and not stat.S_ISREG(status.st_mode):
                _write_into(target, data, shown)
            else:
                _replace(target, data, status, shown)
    except OSError as exc:
        raise OutputError(f"--output {shown}: {_reason(exc)}") from None


def _write_into(target: Path, data: bytes | Iterable[bytes], shown: str) -> None:
    """A pipe or a device: open it without waiting for a reader, then write everything."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(f"--output {shown}: a named pipe that nothing reads from") from None
        raise
    try:
        os.set_blocking(fd, True)
        _write_chunks(fd, data)
    finally:
        os.close(fd)


def _replace(target: Path, data: bytes | Iterable[bytes], status: os.stat_result | None, shown: str) -> None:
    """A regular file (or none yet): a temporary file beside it with its mode, then a rename over it."""
    if status is not None and not os.access(target, os.W_OK):
        raise OutputError(f"--output {shown}: the file is read-only; make it writable or choose another file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"--output {shown}: cannot create a file in folder {target.parent} "
                          f"({_reason(exc)})") from None
    try:
        try:
            os.chmod(tmp, _mode_for(status))  # by name: os.fchmod is not on every platform
            if status is not None and hasattr(os, "fchown"):
                with contextlib.suppress(OSError):  # only root may give a file away; keep who owns it
                    os.fchown(fd, status.st_uid, status.st_gid)
            _write_chunks(fd, data)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(status: os.stat_result | None) -> int:
    """The mode of the file replaced, else 0666 less the umask (mkstemp would make 0600)."""
    if status is not None:
        return stat.S_IMODE(status.st_mode)
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _write_chunks(fd: int, data: bytes | Iterable[bytes]) -> None:
    for chunk in [data] if isinstance(data, bytes) else data:
        _write_all(fd, chunk)


def _write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is written (a pipe or a slow device may take part of it at a time)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _reason(exc: OSError) -> str:
    """'no space left on device' for ENOSPC: the reason without the errno number or Python's words."""
    if exc.errno == errno.EPIPE:
        return "the program reading it has stopped"
    reason = exc.strerror or str(exc)
    return reason[:1].lower() + reason[1:]


@contextlib.contextmanager
def terminations_raise() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise Terminated (so `finally` cleans up), as SIGINT raises."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread; there the default stays
        return

    def handler(signum: int, frame: Any) -> None:
        raise Terminated(signum)

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {signum: signal.signal(signum, handler) for signum in wanted}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


# ---- standard output -----------------------------------------------------------------------------------


_LARGE = 1 << 16
"""A text this long or longer may not fit in a pipe at once (see GuardedStdout._write)."""


class GuardedStdout:
    """Standard output for one command: a write error becomes OutputError, a gone reader StdoutClosed."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def write(self, text: str) -> int:
        return guarded(self._stream, lambda: self._write(text))

    def _write(self, text: str) -> int:
        """Write; a large text goes to the byte buffer in a loop, because a BufferedWriter reports a write
        cut short by a reader leaving (SIGPIPE) as a short count, not an error, and TextIOWrapper ignores
        the count: the rest would be dropped silently and the run end 0."""
        buffer = getattr(self._stream, "buffer", None)
        if len(text) < _LARGE or buffer is None or os.linesep != "\n":
            return self._stream.write(text)
        self._stream.flush()
        view = memoryview(text.encode(self._stream.encoding or "utf-8", self._stream.errors or "strict"))
        while view:
            written = buffer.write(view)
            view = view[written if written else len(view):]
        return len(text)

    def flush(self) -> None:
        guarded(self._stream, self._stream.flush)


def guarded(stream: TextIO, action: Callable[[], Any]) -> Any:
    """Run a write or flush of `stream`, turning its OSError into OutputError or StdoutClosed."""
    try:
        return action()
    except BrokenPipeError:
        silence(stream)
        raise StdoutClosed from None
    except OSError as exc:
        silence(stream)
        raise OutputError(f"standard output: {_reason(exc)}") from None


def silence(stream: TextIO) -> None:
    """Point the stream's descriptor at the null device, so the exit flush cannot fail a second time."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a real descriptor (a test's buffer): nothing is flushed at exit
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


def flush_stdout() -> None:
    """Flush the process's standard output now, where a failure can still be reported in one line."""
    guarded(sys.stdout, sys.stdout.flush)
