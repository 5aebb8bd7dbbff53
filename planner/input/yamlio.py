"""Reading YAML safely: C loader when available, no duplicate keys, positions for error messages.

Scenario files are read with `parse_yaml(..., keep_source=True)`: a plain scalar that YAML 1.1 turns into
something other than what was written (`no` -> false, `007` -> 7, `1.50` -> 1.5, `0x1F` -> 31) comes back
as an `AsWritten` holding both, so the loader can keep the text where the schema expects text and refuse
surprising numbers where it expects a number. Nothing is silently changed.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from planner.errors import ScenarioError

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader  # the C loader when libyaml is there: the same methods
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_C_READER = _BaseLoader is not yaml.SafeLoader  # libyaml reports reader errors at byte offsets

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest file read (64 MiB, some 300,000 people: about 1.7 GB of memory and half a minute to load);
a bigger one is refused before parsing. Measured: 21 MB (100,000 people) loads in 9 s within 600 MB."""

MAX_INT_DIGITS = 1_000
"""Digits of the longest integer read as a number (every figure a scenario or catalog holds has at most
11); a longer one is 'too long', and Python itself refuses to read one of more than 4,300."""

_SHOWN = 40  # characters of a written value a message shows whole

MEMORY_FACTOR = 64
"""Reading a file may take at most this many times its size in memory (plus MEMORY_SLACK): a file of many
tiny entries, or of aliases that repeat large parts of it, that would need more is refused while parsing."""
MEMORY_SLACK = 64 * 1024 * 1024
# Measured peak bytes each parsed item costs by the time it is a validated model (pydantic 2, CPython 3.12):
# a mapping becomes a model (a person, a pass), a scalar in a list may become one (a pass written as a bare
# code), a scalar in a mapping is a field, a list is a list.
_COST_MAPPING, _COST_LIST_SCALAR, _COST_SCALAR, _COST_LIST = 1_200, 600, 60, 100
_COST_NODE = 400  # a node of the full loader's graph (files with anchors, aliases or tags), alive at the peak


class _TooDense(Exception):
    """The data would need more memory than the file's budget; `mark` is where the budget ran out."""

    def __init__(self, cost: int, mark: Any) -> None:
        super().__init__(cost)
        self.cost = cost
        self.mark = mark


def memory_budget(text: str) -> int:
    """The most memory (in bytes) the data of a file of this text may take once read."""
    return MEMORY_FACTOR * len(text) + MEMORY_SLACK


def _too_dense_error(exc: _TooDense, shown: str) -> ScenarioError:
    mark = exc.mark
    return ScenarioError(
        shown, f"by here the data would take more than {_size(exc.cost)} of memory once read, the most a "
               f"file this size may take ({MEMORY_FACTOR} times its size plus {_size(MEMORY_SLACK)}): it "
               "holds too many tiny entries, or aliases (*name) that repeat large parts of it; write fewer, "
               "fuller entries or split the file",
        line=None if mark is None else mark.line + 1, column=None if mark is None else mark.column + 1)

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STD_TAG = "tag:yaml.org,2002:"


class AsWritten:
    """A plain YAML scalar whose value reads differently from its text: both are kept."""

    __slots__ = ("source", "value")

    def __init__(self, value: Any, source: str) -> None:
        self.value = value
        self.source = source

    def __repr__(self) -> str:
        return self.source


def written_text(source: str) -> str:
    """A scalar's text as a message shows it: whole when short, else 'a 5,000-digit number' or its start."""
    if len(source) <= _SHOWN:
        return source
    digits = sum(c.isdigit() for c in source)
    if digits > len(source) // 2:
        return f"a {digits:,}-digit number"
    return source[:_SHOWN - 3] + "..."


def _too_many_digits(node: yaml.ScalarNode) -> bool:
    return sum(c.isdigit() for c in node.value) > MAX_INT_DIGITS


class _StrictLoader(_BaseLoader):
    """A safe loader that refuses duplicate keys and reports impossible dates with their place."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:  # `<<: *defaults`: explicit keys may override merged ones
                key: Any = ("<<",)
            else:
                key = self.construct_object(key_node, deep=deep)
                if isinstance(key, AsWritten):
                    key = key.source
            try:
                duplicate = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain name, not a list or a mapping", key_node.start_mark,
                ) from None
            if duplicate:
                first = seen[key].start_mark
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"duplicate key {key_node.value!r} (first given on line {first.line + 1}); "
                    "a later value would silently replace the earlier one: keep one",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # Deep construction builds each node completely here, so a failure is reported at its own node
        # (and an alias inside its own anchor is refused by PyYAML as a recursive node).
        try:
            return super().construct_object(node, deep=True)
        except (yaml.YAMLError, RecursionError, MemoryError):
            raise
        except Exception:  # noqa: BLE001 - a standard tag on content it cannot read: `!!int foo`
            raise yaml.constructor.ConstructorError(None, None, _unreadable(node), node.start_mark) from None

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        if _too_many_digits(node):
            raise yaml.constructor.ConstructorError(
                None, None, f"{written_text(node.value)} is too long to be a number here; check the value",
                node.start_mark)
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{written_text(node.value)!r} is not a real date ({exc})", node.start_mark
            ) from None


def _unreadable(node: yaml.Node) -> str:
    tag = "!!" + node.tag[len(_STD_TAG):] if node.tag.startswith(_STD_TAG) else node.tag
    if isinstance(node, yaml.ScalarNode):
        return f"{written_text(node.value)!r} is not a valid {tag} value; remove the tag or fix the value"
    kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
    return f"{kind} cannot be read as {tag}; remove the tag"


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)


class _SourceKeepingLoader(_StrictLoader):
    """A strict loader that wraps plain scalars whose value does not read like their text in AsWritten."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        if _too_many_digits(node):  # text where text is expected; where a number is, not a finite one
            return AsWritten(math.inf, node.value)
        value = super().construct_yaml_int(node)
        return value if str(value) == node.value else AsWritten(value, node.value)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Any:
        value = super().construct_yaml_float(node)
        return value if repr(value) == node.value else AsWritten(value, node.value)

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> Any:
        return AsWritten(super().construct_yaml_bool(node), node.value)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        value = super().construct_yaml_timestamp(node)
        plain_date = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        return value if plain_date and value.isoformat() == node.value else AsWritten(value, node.value)


for _tag, _method in [("int", _SourceKeepingLoader.construct_yaml_int),
                      ("float", _SourceKeepingLoader.construct_yaml_float),
                      ("bool", _SourceKeepingLoader.construct_yaml_bool),
                      ("timestamp", _SourceKeepingLoader.construct_yaml_timestamp)]:
    _SourceKeepingLoader.add_constructor(_STD_TAG + _tag, _method)


_TOO_BIG_ADVICE = " (some 300,000 people); split the roster into several scenarios"


def read_bytes(path: Path, shown: str, *, max_bytes: int | None = None, kind: str = "scenario file",
               too_big_advice: str = _TOO_BIG_ADVICE) -> bytes:
    """The file's bytes (at most `max_bytes`, default 64 MiB), or a ScenarioError naming why not.

    A regular file or a pipe with a writer is read; a named pipe nothing writes to is refused at once
    instead of waiting for a writer, and a device (/dev/zero, a terminal) or a socket is refused: it may
    never end.
    """
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ScenarioError(shown, _open_problem(exc, kind)) from None
    try:
        with os.fdopen(fd, "rb", buffering=0, closefd=False) as handle:
            raw = _read_capped(handle, shown, limit, kind)
    except OSError as exc:
        raise ScenarioError(shown, _open_problem(exc, kind)) from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        what = f"the file is {_size(size)}" if size > limit else f"the file holds more than {_size(limit)}"
        raise ScenarioError(shown, f"{what}; the planner reads files of at most {_size(limit)}"
                                   + too_big_advice)
    return raw


def _open_problem(exc: OSError, kind: str) -> str:
    """Why a file cannot be opened or read, in a user's words."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return f"is a directory, not a {kind}"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot be read ({exc.strerror or exc})"


def _read_capped(handle: Any, shown: str, limit: int, kind: str) -> bytes:
    """Up to limit + 1 bytes of an open file: a regular file or a pipe that something writes to."""
    mode = os.fstat(handle.fileno()).st_mode
    if stat.S_ISDIR(mode):
        raise ScenarioError(shown, f"is a directory, not a {kind}")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        raise ScenarioError(shown, f"is a device or a socket, not a {kind}; give the file itself")
    first: bytes | None = b""
    if stat.S_ISFIFO(mode):
        # Still non-blocking: b"" means no program has the pipe open for writing, None that one has but
        # has not written yet.
        first = handle.read(limit + 1)
        if first == b"":
            raise ScenarioError(shown, f"is a pipe that nothing writes to; give the {kind} itself")
    os.set_blocking(handle.fileno(), True)
    start = first or b""
    return start + _read_up_to(handle, limit + 1 - len(start))


def _read_up_to(handle: Any, size: int) -> bytes:
    """Read until `size` bytes or the end of the file (a pipe gives a little at a time)."""
    chunks: list[bytes] = []
    while size > 0:
        chunk = handle.read(min(size, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_text(path: Path, shown: str, *, max_bytes: int | None = None) -> str:
    """The file's text, or a ScenarioError naming why it cannot be read (too big, not UTF-8, ...)."""
    raw = read_bytes(path, shown, max_bytes=max_bytes)
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # before UTF-16: the same first bytes
        raise ScenarioError(shown, "the file is UTF-32 text; save it as UTF-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScenarioError(shown, "the file is UTF-16 text; save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", "replace")) + 1
        raise ScenarioError(
            shown, f"byte {exc.start} (0x{raw[exc.start]:02x}) is not UTF-8 text; save the file as UTF-8",
            line=line, column=column,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


_CParser: type | None = getattr(getattr(yaml, "cyaml", None), "CParser", None)
_PLAIN_TAGS = frozenset(_STD_TAG + t for t in ("null", "bool", "int", "float", "timestamp"))
_MAX_DEPTH = 64
_IMMUTABLE = (int, float, bool, type(None), dt.date, dt.datetime)
_TYPED_CACHE = 10_000


class _NotPlain(Exception):
    """The fast reader leaves this document to the full loader."""


def _parse_plain(text: str, loader: type) -> Any:
    """Plain data straight from libyaml's events: several times faster than the full loader on big files.

    It builds no node graph (no Python object per node): mappings, sequences and untagged scalars only,
    each scalar typed by the loader's own constructors. Anything else (anchors, aliases, tags, merge keys,
    duplicate, unhashable or AsWritten keys, bad dates, syntax errors, several documents, deep nesting)
    raises _NotPlain, and the full loader reads the text: the same data, the same error messages.
    """
    if _CParser is None:
        raise _NotPlain
    parser = _CParser(text)
    try:
        _expect_document_start(parser.get_event)
        return _PlainBuilder(loader, memory_budget(text)).build(parser.get_event)
    except (yaml.YAMLError, TypeError, ValueError, OverflowError):
        raise _NotPlain from None
    finally:
        parser.dispose()


def _expect_document_start(get: Any) -> None:
    """The stream's first two events open it and its document; anything else is left to the full loader."""
    if type(get()) is not yaml.StreamStartEvent or type(get()) is not yaml.DocumentStartEvent:
        raise _NotPlain


_Open = tuple[list[Any], int, bool]
"""An open collection: what it holds so far (a mapping's keys and values in turn), what a scalar in it
costs, whether it is a mapping."""


class _PlainBuilder:
    """Builds a document's data from its events: scalars in the main loop, one method per other event.

    A mapping is a list of its keys and values in turn while it is open and becomes a dict when it closes,
    where its keys are checked. Before a _TooDense the keys of the mappings still open are checked too:
    a document the fast reader leaves to the full loader is left to it before any _TooDense, as when each
    key was checked as it came.
    """

    __slots__ = ("_resolvers", "_constructors", "_typing_loader", "_typed", "_budget", "_cost", "_open",
                 "_as_written")

    def __init__(self, loader: type[_StrictLoader], budget: int) -> None:
        self._resolvers: dict[str, list[tuple[str, Any]]] = loader.yaml_implicit_resolvers
        self._constructors: dict[str | None, Any] = loader.yaml_constructors
        self._typing_loader = loader("")
        self._typed: dict[str, Any] = {}  # plain scalar -> its (immutable) value: rates, dates repeat a lot
        self._budget, self._cost = budget, 0  # cost: of the collections opened (build counts the scalars')
        self._open: list[_Open] = [([], _COST_LIST_SCALAR, False)]  # first a holder of the document's root
        self._as_written = False  # whether a scalar read so far is an AsWritten (which no key may be)

    def build(self, get: Any) -> Any:
        """The document's data, from the events after its start to the end of the stream."""
        resolvers, typed, typed_value = self._resolvers, self._typed, self._typed_value
        handlers: dict[type[yaml.Event], Callable[[Any, int], _Open]] = {
            yaml.MappingStartEvent: self._start, yaml.SequenceStartEvent: self._start,
            yaml.MappingEndEvent: self._end_mapping, yaml.SequenceEndEvent: self._end_list}
        scalar_event = yaml.ScalarEvent
        current, scalar_cost, _ = self._open[-1]
        cost = 0  # of the scalars read
        while True:
            event = get()
            if type(event) is not scalar_event:
                handler = handlers.get(type(event))
                if handler is None:
                    return self._finish(event, get, cost)
                current, scalar_cost, _ = handler(event, cost)
                continue
            if event.anchor is not None or event.tag is not None:
                raise _NotPlain
            cost += scalar_cost
            value = event.value
            if event.implicit[0]:
                if value[:1] in resolvers:
                    value = typed[value] if value in typed else typed_value(value)
            elif not event.implicit[1]:
                raise _NotPlain
            current.append(value)

    def _typed_value(self, value: str) -> Any:
        """What the loader's implicit resolvers and constructors make of a plain scalar (remembered)."""
        for tag, regexp in self._resolvers[value[:1]]:
            if regexp.match(value):
                if tag not in _PLAIN_TAGS:
                    raise _NotPlain
                typed = self._constructors[tag](self._typing_loader, yaml.ScalarNode(tag, value))
                if type(typed) in _IMMUTABLE and len(self._typed) < _TYPED_CACHE:
                    self._typed[value] = typed
                self._as_written = self._as_written or type(typed) is AsWritten
                return typed
        return value

    def _start(self, event: yaml.CollectionStartEvent, scalars_cost: int) -> _Open:
        """A mapping or a list opens inside the current collection: it is the current one now."""
        if event.anchor is not None or event.tag is not None or len(self._open) > _MAX_DEPTH:
            raise _NotPlain
        is_mapping = type(event) is yaml.MappingStartEvent
        self._cost += _COST_MAPPING if is_mapping else _COST_LIST
        if self._cost + scalars_cost > self._budget:
            self._too_dense(event)
        opened: _Open = ([], _COST_SCALAR if is_mapping else _COST_LIST_SCALAR, is_mapping)
        self._open.append(opened)
        return opened

    def _end_mapping(self, _event: yaml.MappingEndEvent, _scalars_cost: int) -> _Open:
        """The current mapping closes: its dict joins the collection around it. _NotPlain for a repeated
        key or an AsWritten one, a TypeError for an unhashable one."""
        open_ = self._open
        held = open_.pop()[0]
        items = iter(held)
        mapping = dict(zip(items, items))  # noqa: B905 - pairs from one iterator; a mapping holds an even count
        if 2 * len(mapping) != len(held) or (self._as_written and AsWritten in map(type, held[0::2])):
            raise _NotPlain
        around = open_[-1]
        around[0].append(mapping)
        return around

    def _end_list(self, _event: yaml.SequenceEndEvent, _scalars_cost: int) -> _Open:
        """The current list closes: it joins the collection around it."""
        open_ = self._open
        held = open_.pop()[0]
        around = open_[-1]
        around[0].append(held)
        return around

    def _finish(self, event: yaml.Event, get: Any, scalars_cost: int) -> Any:
        """The document's root once its end and the stream's end come; anything else is not plain."""
        root = self._open[0][0]
        if type(event) is not yaml.DocumentEndEvent or not root or type(get()) is not yaml.StreamEndEvent:
            raise _NotPlain
        if self._cost + scalars_cost > self._budget:
            self._too_dense(event)
        return root[0]

    def _too_dense(self, event: yaml.Event) -> None:
        """_TooDense at the event, unless a mapping still open has a key the fast reader refuses (it would
        have been refused there, before this event)."""
        if any(is_mapping and _refused_keys(held) for held, _, is_mapping in self._open):
            raise _NotPlain
        raise _TooDense(self._budget, event.start_mark)


def _refused_keys(held: list[Any]) -> bool:
    """Whether an open mapping has a key that the fast reader refuses as it reads: an AsWritten key once it
    is read, a repeated one once its value is (a TypeError for an unhashable one)."""
    keys = held[0::2]
    with_values = keys[:len(held) // 2]
    return AsWritten in map(type, keys) or len(set(with_values)) != len(with_values)


def _size(n: int) -> str:
    """8388608 -> '8 MiB', 42089032 -> '40.1 MiB', 700 -> '700 bytes'."""
    if n < 2**20:
        return f"{n:,} bytes"
    return f"{n / 2**20:.1f}".removesuffix(".0") + " MiB"


def parse_yaml(text: str, shown: str, *, keep_source: bool = False) -> Any:
    """Parse YAML text with the safe loader; syntax errors become one-line ScenarioErrors.

    With `keep_source`, scalars that do not read as written come back as AsWritten (see the module doc).
    """
    loader = _SourceKeepingLoader if keep_source else _StrictLoader
    collecting = gc.isenabled()
    gc.disable()  # parsing makes no cycles; the collector would rescan the growing data many times over
    try:
        return _parse_plain(text, loader)
    except _NotPlain:
        pass  # the full loader reads it: the same data, or its error message
    except _TooDense as exc:
        raise _too_dense_error(exc, shown) from None
    finally:
        if collecting:
            gc.enable()
    try:
        return _load_within_budget(text, loader)
    except _TooDense as exc:
        raise _too_dense_error(exc, shown) from None
    except yaml.MarkedYAMLError as exc:
        raise _marked_error(exc, text, shown) from None
    except yaml.reader.ReaderError as exc:
        line, column = _reader_position(text, exc.position)
        what = f"character U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise ScenarioError(shown, f"{what} is not allowed in YAML ({exc.reason}); remove it",
                            line=line, column=column) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(shown, "YAML error: " + " ".join(str(exc).split())) from None
    except RecursionError:
        message = "the YAML is nested too deeply; a scenario needs only a few levels"
        raise ScenarioError(shown, message) from None


def _marked_error(exc: yaml.MarkedYAMLError, text: str, shown: str) -> ScenarioError:
    """A loader's or parser's error at its place, in words a person can act on."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    path = ""
    if isinstance(exc, yaml.constructor.ConstructorError):
        problem = _constructor_problem(problem)
        if mark is not None:
            path = _path_text(path_of_mark(text, mark.line, mark.column))
    else:
        problem = "YAML syntax error: " + _syntax_problem(exc, text)
    return ScenarioError(shown, problem, path=path,
                         line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None)


def _constructor_problem(problem: str) -> str:
    if "recursive node" in problem:
        return "a YAML alias (*name) refers to the mapping or list that contains it"
    if "could not determine a constructor" in problem:
        tag = problem.split("tag", 1)[-1].strip().strip("'")
        if tag.startswith(_STD_TAG):
            tag = "!!" + tag[len(_STD_TAG):]
        return (f"YAML tag {tag} is not allowed: scenario files hold plain data only "
                "(the safe loader never builds objects)")
    return problem


def _load_within_budget(text: str, loader: type) -> Any:
    """The full loader's data, refused before anything is built when it would not fit the memory budget."""
    _count_cost(text, memory_budget(text))
    return yaml.load(text, Loader=loader)  # noqa: S506 - both loaders are SafeLoaders


def _count_cost(text: str, budget: int) -> None:
    """_TooDense at the event where the data (aliases expanded) and the loader's node graph would exceed
    `budget`, counted from the parser's events alone: a 'billion laughs' is refused before any node exists.

    An alias costs what its anchor's node cost (with the aliases inside it); a syntax error is left to
    the loader, which reports it."""
    events = _CParser(text) if _CParser is not None else None
    get = events.get_event if events is not None else iter(yaml.parse(text, Loader=_BaseLoader)).__next__
    anchors: dict[str | None, int] = {}  # an anchor's name (an alias always names one) -> its data's cost
    open_: list[tuple[int, str | None, bool]] = [(0, None, True)]  # (data cost before it, anchor, is a list)
    data = nodes = 0
    try:
        while True:
            event = get()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            data += _event_cost(event, open_, anchors, data)
            nodes += not isinstance(event, (yaml.AliasEvent, yaml.CollectionEndEvent))
            # the graph lives while the loader builds plain data (about a quarter of the final cost)
            if max(data, nodes * _COST_NODE + data // 4) > budget:
                raise _TooDense(budget, event.start_mark)
    except (yaml.YAMLError, StopIteration):
        return
    finally:
        if events is not None:
            events.dispose()


def _event_cost(event: yaml.Event, open_: list[tuple[int, str | None, bool]],
                anchors: dict[str | None, int],
                data: int) -> int:
    """What one parser event adds to the cost of the data built; keeps the open collections and the
    anchors' costs (an alias is a copy of its anchor's data, not of its nodes)."""
    if isinstance(event, yaml.AliasEvent):
        return anchors.get(event.anchor, 0)  # an alias inside its own anchor costs nothing more here
    if isinstance(event, yaml.ScalarEvent):
        cost = _COST_LIST_SCALAR if open_[-1][2] else _COST_SCALAR
        if event.anchor is not None:
            anchors[event.anchor] = cost
        return cost
    if isinstance(event, yaml.CollectionStartEvent):
        is_list = isinstance(event, yaml.SequenceStartEvent)
        open_.append((data, event.anchor, is_list))
        return _COST_LIST if is_list else _COST_MAPPING
    if isinstance(event, yaml.CollectionEndEvent) and len(open_) > 1:
        before, anchor, _ = open_.pop()
        if anchor is not None:
            anchors[anchor] = data - before
    return 0


_SYNTAX_ADVICE = [
    ("mapping values are not allowed", "a ':' where no key can start: check the indentation of this line and "
                                       "the one above, or put quotes around a value that contains ': '"),
    ("tab character", "a tab is used for indentation: indent with spaces"),
    ("character '\\t' that cannot start", "a tab is used for indentation: indent with spaces"),
    ("did not find expected key", "this line does not line up with the lines above it: "
                                  "check the indentation"),
    ("did not find expected '-' indicator", "this line does not line up with the lines above it: "
                                            "check the indentation"),
    ("did not find expected ',' or ']'", "a '[' list is not closed with ']'"),
    ("did not find expected ',' or '}'", "a '{' mapping is not closed with '}'"),
    ("found another document", "a second YAML document ('---') follows; a scenario file holds one"),
    ("found undefined alias", "an alias (*name) refers to an anchor (&name) that is not defined above it"),
    ("cannot start any token", "a character that cannot start a value: put the value in quotes"),
]


_CONTEXTS = [
    ("quoted scalar", "the quote opens on {at}"),
    ("flow sequence", "the '[' is on {at}"),
    ("flow mapping", "the '{{' is on {at}"),
    ("block collection", "the list starts on line {line}"),
    ("block mapping", "the mapping starts on line {line}"),
]


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> str:
    """libyaml's complaint, with advice a person can act on and where the unfinished part starts."""
    problem = exc.problem or exc.context or "invalid YAML"
    advice = _syntax_advice(exc, problem, text)
    where = _unfinished_part(exc)
    if where:
        advice += f"{'; ' if advice else ''}{where}"
    return f"{advice} (YAML says: {problem})" if advice else problem


def _syntax_advice(exc: yaml.MarkedYAMLError, problem: str, text: str) -> str:
    """What to fix for libyaml's complaint, or '' when there is no advice for it."""
    if "quoted scalar" in (exc.context or "") and "end of stream" in problem:
        return "a quoted text is not closed"
    advice = next((a for key, a in _SYNTAX_ADVICE if key in problem), "")
    if not advice and exc.problem_mark is not None and _tab_near(text, exc.problem_mark.line):
        return "a tab is used for indentation nearby: indent with spaces"
    return advice


def _unfinished_part(exc: yaml.MarkedYAMLError) -> str:
    """Where the quote, bracket, list or mapping that the error leaves unfinished starts, when that is on
    another line than the error; else ''."""
    start, end = exc.context_mark, exc.problem_mark
    if start is None or end is None or start.line == end.line:
        return ""
    at = f"line {start.line + 1}, column {start.column + 1}"
    where = next((w for key, w in _CONTEXTS if key in (exc.context or "")), "")
    return where.format(at=at, line=start.line + 1)


def _tab_near(text: str, line: int) -> bool:
    lines = text.splitlines()
    return any(ln.lstrip(" ").startswith("\t") for ln in lines[max(0, line - 2): line + 1])


def _reader_position(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a reader error at `position` (a byte offset for libyaml)."""
    prefix = text.encode("utf-8")[:position].decode("utf-8", "replace") if _C_READER else text[:position]
    return prefix.count("\n") + 1, len(prefix) - (prefix.rfind("\n") + 1) + 1


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def position_of(text: str, path: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int] | None:
    """Line and column (1-based) of the node at `path` (its key when `key`), or of its nearest parent."""
    node = _compose(text)
    best = node
    target = node
    for i, part in enumerate(path):
        last = i == len(path) - 1
        found = None
        if isinstance(target, yaml.MappingNode):
            for k, v in target.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    found = k if (last and key) else v
                    break
        elif isinstance(target, yaml.SequenceNode) and isinstance(part, int) \
                and 0 <= part < len(target.value):
            found = target.value[part]
        if found is None:
            break
        best = target = found
    if best is None:
        return None
    return best.start_mark.line + 1, best.start_mark.column + 1


def path_of_mark(text: str, line: int, column: int) -> tuple[str | int, ...]:
    """The YAML path of the deepest node starting at (0-based) line and column; () when not found."""
    root = _compose(text)
    if root is None:
        return ()
    target = (line, column)
    path: list[str | int] = []
    node: yaml.Node = root
    seen: set[int] = set()
    while id(node) not in seen:
        seen.add(id(node))
        children = _named_children(node)
        for name, _, key_node in children:
            if key_node is not None and _at(key_node) == target:
                return (*path, name) if isinstance(key_node, yaml.ScalarNode) else tuple(path)
        # a block's end mark is where the next token starts (often the next key): it is not inside
        step = next(((name, child) for name, child, _ in children
                     if _at(child) == target or _at(child) <= target < _end(child)), None)
        if step is None:
            break
        path.append(step[0])
        node = step[1]
        if _at(node) == target:
            break
    return tuple(path)


def _named_children(node: yaml.Node) -> list[tuple[str | int, yaml.Node, yaml.Node | None]]:
    """(name in a path, node, key node or None) of each entry of a mapping or item of a list."""
    if isinstance(node, yaml.MappingNode):
        return [(k.value if isinstance(k, yaml.ScalarNode) else "?", v, k) for k, v in node.value]
    if isinstance(node, yaml.SequenceNode):
        return [(i, v, None) for i, v in enumerate(node.value)]
    return []


def _at(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line, node.start_mark.column


def _end(node: yaml.Node) -> tuple[int, int]:
    return node.end_mark.line, node.end_mark.column


def _path_text(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
