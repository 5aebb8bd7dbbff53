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

import codecs
import contextlib
import errno
import os
import signal
import stat
import sys
import tempfile
import threading
import unicodedata
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


# ---- characters an output cannot encode ----------------------------------------------------------------

UNENCODABLE = {"text": "planner-text", "json": "planner-json", "html": "planner-html",
               "yaml": "planner-text"}
"""Per format, the codec error handler for what standard output's encoding (ASCII, Latin-1) or UTF-8 itself
(a file name's byte that was not UTF-8) cannot write: text and Markdown write the nearest letters ('José' as
'Jose'), else an escape ('\\u2192', '\\xff'); JSON a JSON escape ('\\u00e9'); HTML a character reference
('&#233;'). So a report always prints, and JSON and HTML lose nothing. A scenario (YAML) is printed in
UTF-8 whatever the encoding (print_scenario), so a redirected file keeps every name."""


def _nearest_text(ch: str, encoding: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (a file name read with surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    letters = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if letters and letters != ch:
        with contextlib.suppress(UnicodeError):
            letters.encode(encoding)
            return letters
    return ch.encode("ascii", "backslashreplace").decode("ascii")


def _json_escape(ch: str, encoding: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # a surrogate pair, as JSON writes a character beyond the first plane
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _html_reference(ch: str, encoding: str) -> str:
    code = ord(ch)
    return _nearest_text(ch, encoding) if 0xD800 <= code <= 0xDFFF else f"&#{code};"


def _handler(one: Callable[[str, str], str]) -> Callable[[UnicodeError], tuple[str, int]]:
    def handle(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeEncodeError):
            raise exc
        return "".join(one(ch, exc.encoding) for ch in exc.object[exc.start:exc.end]), exc.end

    return handle


for _form, _one in (("text", _nearest_text), ("json", _json_escape), ("html", _html_reference)):
    codecs.register_error(UNENCODABLE[_form], _handler(_one))


def encodable(text: str, encoding: str | None, form: str = "text") -> str:
    """The text as `encoding` can write it (see UNENCODABLE); unchanged when it can write it all."""
    encoding = encoding or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, UNENCODABLE[form]).decode(encoding)
    except LookupError:
        pass
    return text


def never_unencodable(stream: TextIO) -> None:
    """Standard output writes what its encoding cannot (an ASCII terminal, a file name that is not UTF-8)
    as text (see UNENCODABLE) instead of failing."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and getattr(stream, "errors", None) in ("strict", "surrogateescape"):
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors=UNENCODABLE["text"])


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
    _refuse_package(text, path)
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
    """A UsageError when the output is one of the files or pipes this run reads (by path, symlink or hard
    link; /dev/stdin, /dev/fd/0 and /proc/self/fd/0 are the pipe or file standard input is).

    A device named twice (/dev/stdin and /dev/stdout on one terminal) is read and written as the user
    asked: only a file or a pipe can lose what was written into it.
    """
    target = _stat(Path(text))
    if target is None or not (stat.S_ISREG(target.st_mode) or stat.S_ISFIFO(target.st_mode)
                              or stat.S_ISSOCK(target.st_mode)):
        return
    for source, role in reads:
        status = _stat(source)
        if status is not None and (status.st_dev, status.st_ino) == (target.st_dev, target.st_ino):
            raise UsageError(f"--output {text} is {role} this run reads ({source}); choose another file")


def _refuse_package(text: str, path: Path) -> None:
    """A UsageError when the output is inside the installed planner (its code or a shipped catalog), by
    path, symlink or hard link: writing there would break every later run."""
    real = Path(os.path.realpath(path))
    status = _stat(path)
    for folder in package_folders():
        if folder == real or folder in real.parents or (
                status is not None and status.st_nlink > 1 and _linked_inside(status, folder)):
            raise UsageError(f"--output {text} is inside the installed planner ({folder}); writing there "
                             "would change the planner itself; choose a file elsewhere")


def package_folders() -> list[Path]:
    """The folders of the installed `planner` and `models` packages, symlinks resolved."""
    import importlib.util

    spec = importlib.util.find_spec("models")
    models = [str(p) for p in spec.submodule_search_locations or []] if spec is not None else []
    folders = [str(Path(__file__).parents[1]), *models]
    return [Path(os.path.realpath(p)) for p in folders]


def _linked_inside(status: os.stat_result, folder: Path) -> bool:
    """Whether a file of `folder` (at any depth) is the file `status` describes (a hard link to it)."""
    for parent, _, names in os.walk(folder):
        for name in names:
            other = _stat(Path(parent, name))
            if other is not None and (other.st_dev, other.st_ino) == (status.st_dev, status.st_ino):
                return True
    return False


# ---- writing a file ------------------------------------------------------------------------------------


def write_output(given: str | os.PathLike[str], text: str | Iterable[str], reads: Reads = (),
                 form: str = "text") -> None:
    """Write `text` (UTF-8, see UNENCODABLE for `form`) to what `--output` names (see the module
    docstring); any failure is one-line exit 2.

    Text given in chunks (a large generated or imported scenario) is encoded and written a chunk at a time;
    a failure while making them removes the temporary file as any other failure does."""
    target = output_target(given, reads)
    shown = os.fspath(given)
    data = (encodable(text, "utf-8", form).encode("utf-8") if isinstance(text, str)
            else (encodable(chunk, "utf-8", form).encode("utf-8") for chunk in text))
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
        encoding = self._stream.encoding or "utf-8"
        self._write_bytes(buffer, text.encode(encoding, self._stream.errors or "strict"))
        return len(text)

    def _write_bytes(self, buffer: Any, data: bytes) -> None:
        self._stream.flush()
        view = memoryview(data)
        while view:
            written = buffer.write(view)
            view = view[written if written else len(view):]

    def write_utf8(self, text: str) -> None:
        """Write the text in UTF-8 whatever the stream's encoding (a scenario: YAML is UTF-8)."""
        buffer = getattr(self._stream, "buffer", None)
        if buffer is None or os.linesep != "\n":
            self.write(encodable(text, getattr(self._stream, "encoding", None)))
        else:
            guarded(self._stream, lambda: self._write_bytes(buffer, encodable(text, "utf-8").encode("utf-8")))

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


def print_scenario(text: str) -> None:
    """A scenario (YAML) on standard output, in UTF-8 whatever its encoding (see UNENCODABLE)."""
    write_utf8 = getattr(sys.stdout, "write_utf8", None)
    if write_utf8 is not None:
        write_utf8(text)
    else:
        sys.stdout.write(encodable(text, getattr(sys.stdout, "encoding", None)))


def flush_stdout() -> None:
    """Flush the process's standard output now, where a failure can still be reported in one line."""
    guarded(sys.stdout, sys.stdout.flush)
