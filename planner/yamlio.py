"""Reading YAML safely: C loader when available, no duplicate keys, positions for error messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from planner.errors import ScenarioError

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that refuses duplicate keys and reports impossible dates with their place."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: let the base class report it
                break
            if duplicate:
                first = seen[key].start_mark
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"duplicate key {key!r} (first given on line {first.line + 1}); "
                    "a later value would silently replace the earlier one",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.Node) -> dt.date | dt.datetime:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a real date ({exc})", node.start_mark
            ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def read_text(path: Path, shown: str) -> str:
    """The file's text, or a ScenarioError naming why it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(shown, "no such file") from None
    except IsADirectoryError:
        raise ScenarioError(shown, "is a directory, not a scenario file") from None
    except PermissionError:
        raise ScenarioError(shown, "permission denied") from None
    except OSError as exc:
        raise ScenarioError(shown, f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError(
            shown, f"byte {exc.start} (0x{raw[exc.start]:02x}) is not UTF-8 text; save the file as UTF-8",
            line=line, column=column,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def parse_yaml(text: str, shown: str) -> Any:
    """Parse YAML text with the safe loader; syntax errors become one-line ScenarioErrors."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and "could not determine a constructor" in problem:
            tag = problem.split("tag", 1)[-1].strip().strip("'")
            problem = f"YAML tag {tag} is not allowed: scenario files hold plain data only"
        elif not isinstance(exc, yaml.constructor.ConstructorError):
            problem = f"YAML syntax error: {problem}"
        raise ScenarioError(
            shown, problem,
            line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(shown, f"YAML error: {exc}") from None
    except RecursionError:
        raise ScenarioError(shown, "YAML nested too deeply") from None


def position_of(text: str, path: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int] | None:
    """Line and column (1-based) of the node at `path` (its key when `key`), or of its nearest parent."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
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
        elif isinstance(target, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(target.value):
            found = target.value[part]
        if found is None:
            break
        best = target = found
    if best is None:
        return None
    return best.start_mark.line + 1, best.start_mark.column + 1
