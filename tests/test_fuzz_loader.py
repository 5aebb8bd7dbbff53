"""Fuzzing the scenario loader: whatever it is fed, the only exception that escapes is ScenarioError.

Every ScenarioError is one line that starts with the file's name. Inputs: arbitrary text, soups of YAML
tokens, valid scenarios dumped to YAML and then cut up, arbitrary YAML-shaped data, and valid scenarios
mutated at random (values replaced, keys renamed, items duplicated). A scenario that does load must also
plan and check without an error of the planner's own making.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from models.scenario import Scenario
from planner.core.planning import check, plan
from planner.errors import PlannerError, ScenarioError
from planner.input.errors import field_kind
from planner.input.loading import LoadedScenario, load_scenario_data, load_scenario_text
from tests.strategies import CODES, scenarios

SHOWN = "fuzz.yaml"


def field_names(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    """Every key any model of the scenario format knows, so mutations often hit real keys."""
    seen = seen if seen is not None else set()
    seen.add(model)
    names = set(model.model_fields)
    for field in model.model_fields.values():
        inner: Any = field.annotation
        for _ in range(3):
            kind, inner = field_kind(inner)
            if kind == "model" and inner not in seen:
                names |= field_names(inner, seen)
            if kind not in ("list", "dict"):
                break
    return names


KNOWN_KEYS = sorted(field_names(Scenario))
TRICKY_TEXT = ["no", "yes", "on", "off", "~", "null", "007", "0x1F", "1e3", "1.50", ".inf", "-.inf", ".nan",
               "2018-02-30", "2018-13-01", "2017/11/20", "9999-12-31", "0001-01-01", "yesterday", "250,000",
               "$100", "-1", "1e400", "MB2-171", "mb2-717", " MB2-717", "emerging", "developing", "cloud-crm",
               "", " ", "\n", "\t", "a\u2028b", "\x85", "<<", "*", "&", "!!python/object:os.system",
               "\ud7ff", "\ufeff", "é", "🙂"]
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.integers(-3, 12)
    | st.floats() | st.text(max_size=12) | st.sampled_from(TRICKY_TEXT) | st.sampled_from(CODES)
    | st.dates() | st.datetimes() | st.sampled_from(KNOWN_KEYS)
)
KEYS = (
    st.sampled_from(KNOWN_KEYS) | st.text(max_size=10) | st.sampled_from(TRICKY_TEXT) | st.sampled_from(CODES)
    | st.integers() | st.none() | st.booleans() | st.dates() | st.floats(allow_nan=False)
)
YAML_SHAPED = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=25,
)
TOKENS = [
    "schema_version: 1\n", "name: x\n", "as_of: 2017-11-20\n", "deadline: ", "organization:\n",
    "  market: developed\n", "  revenue_usd: ", "  dpor: ", "staff:\n", "  - id: ", "    passed: ",
    "    can_take: ", "costs:\n", "  exams:\n", "    MB2-715: ", "hiring:\n", "policy:\n", "- ", "  ", "\t",
    ": ", ":", ",", "[", "]", "{", "}", "'", '"', "#", "\n", "---\n", "...\n", "&a ", "*a", "<<: ", "? ",
    "!!python/object/apply:os.system ", "!!binary ", "!foo ", "!!int ", "!!float ", "!!bool ", "!!null ",
    "!!str ", "!!timestamp ", "!!map ", "!!seq ", "!!set ", "!!omap ", "!!pairs ", "!!value ", "!!merge ",
    "! ", "|\n", ">\n", "%YAML 1.1\n", "%TAG ! x\n",
    "@", "`", "\\", "\x00", "\x07", "\ufeff", "é", *TRICKY_TEXT, *CODES,
]


def only_scenario_errors(call: Any) -> LoadedScenario | None:
    """Run a load; a ScenarioError must be one line starting with the file name; anything else fails."""
    try:
        return call()
    except ScenarioError as exc:
        message = str(exc)
        assert (True, 1) == (message.startswith(SHOWN + ":"), len(message.splitlines())), message
        return None


def slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a nested structure, the root's children first."""
    found: list[tuple[Any, Any]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        pairs = current.items() if isinstance(current, dict) else enumerate(current)
        for key, value in list(pairs):
            found.append((current, key))
            if isinstance(value, (dict, list)):
                stack.append(value)
    return found


PLAUSIBLE = (
    st.integers(0, 10_000) | st.floats(0, 1e10) | st.sampled_from(CODES) | st.booleans() | st.none()
    | st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)).map(dt.date.isoformat)
    | st.sampled_from(["developed", "developing", "emerging", "p0", "p1", "cloud-crm"])
)


def mutate(draw: st.DrawFn, data: dict[str, Any], *, gentle: bool = False) -> None:
    """Break one place: replace, delete, rename, duplicate, wrap or add a value.

    A gentle mutation only puts a plausible scalar in place of another scalar, or duplicates a list item,
    so the scenario often still loads and the planner gets to see it.
    """
    places = slots(data)
    if gentle:
        places = [(c, k) for c, k in places if not isinstance(c[k], dict)]
        if places:
            container, key = draw(st.sampled_from(places))
            if isinstance(container[key], list) and container[key] and draw(st.booleans()):
                container[key].append(copy.deepcopy(draw(st.sampled_from(container[key]))))
            elif not isinstance(container[key], list):
                container[key] = draw(PLAUSIBLE)
        return
    if not places:
        data[draw(KEYS)] = draw(YAML_SHAPED)
        return
    container, key = draw(st.sampled_from(places))
    operation = draw(st.sampled_from(["replace", "replace", "delete", "rename", "duplicate", "wrap", "add"]))
    if operation == "replace":
        container[key] = draw(YAML_SHAPED)
    elif operation == "delete":
        del container[key]
    elif operation == "rename" and isinstance(container, dict):
        name = str(key)
        new = draw(st.sampled_from([name[:-1], name + "s", name.upper(), name.replace("_", "")]) | KEYS)
        container[new] = container.pop(key)
    elif operation == "duplicate" and isinstance(container, list):
        container.insert(key, copy.deepcopy(container[key]))
    elif operation == "wrap":
        container[key] = draw(st.sampled_from([[container[key]], {"value": container[key]}]))
    elif isinstance(container, dict):
        container[draw(KEYS)] = draw(YAML_SHAPED)
    else:
        container.append(draw(YAML_SHAPED))


@st.composite
def mutated_scenarios(draw: st.DrawFn, *, gentle: bool = False) -> dict[str, Any]:
    """A valid scenario with one to four random mutations."""
    data = copy.deepcopy(draw(scenarios()))
    for _ in range(draw(st.integers(1, 4))):
        mutate(draw, data, gentle=gentle)
    return data


@st.composite
def cut_up_yaml(draw: st.DrawFn) -> str:
    """A (possibly mutated) scenario dumped as YAML, then edited as text: slices dropped, tokens inserted."""
    data = draw(mutated_scenarios()) if draw(st.booleans()) else draw(scenarios())
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True,
                          default_flow_style=draw(st.sampled_from([False, None, True])))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate-line", "indent"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)):]
        else:
            lines = text.splitlines(keepends=True) or [""]
            i = at % len(lines)
            lines.insert(i, lines[i] if action == "duplicate-line" else " " + lines[i])
            text = "".join(lines)
    return text


@given(text=st.text(max_size=300))
def test_arbitrary_text_raises_only_scenario_errors(text):
    """Any unicode text either loads or raises a one-line ScenarioError naming the file."""
    only_scenario_errors(lambda: load_scenario_text(text, SHOWN))


@given(text=st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_yaml_token_soup_raises_only_scenario_errors(text):
    """Random sequences of YAML syntax, tags, anchors and scenario keys give only ScenarioErrors."""
    only_scenario_errors(lambda: load_scenario_text(text, SHOWN))


@given(text=cut_up_yaml())
def test_cut_up_scenario_yaml_raises_only_scenario_errors(text):
    """Scenario YAML with slices dropped, tokens inserted or lines re-indented gives only ScenarioErrors."""
    only_scenario_errors(lambda: load_scenario_text(text, SHOWN))


@given(data=YAML_SHAPED)
def test_arbitrary_yaml_shaped_data_raises_only_scenario_errors(data):
    """Nested dicts, lists and scalars of every YAML type, at the top level, give only ScenarioErrors."""
    only_scenario_errors(lambda: load_scenario_data(data, SHOWN))


@given(data=mutated_scenarios())
def test_mutated_valid_scenarios_raise_only_scenario_errors(data):
    """Valid scenarios with values replaced, keys renamed or items duplicated give only ScenarioErrors."""
    only_scenario_errors(lambda: load_scenario_data(data, SHOWN))


@settings(max_examples=max(20, settings().max_examples // 3))
@given(data=mutated_scenarios(gentle=True), level=st.sampled_from(["silver", "gold"]),
       objective=st.sampled_from(["exams", "cost"]))
def test_a_mutated_scenario_that_loads_also_plans_and_checks(data, level, objective):
    """Whatever the loader accepts is ready for planning: plan and check raise no error (bad input or bug)."""
    loaded = only_scenario_errors(lambda: load_scenario_data(data, SHOWN))
    if loaded is None:
        return
    try:
        report = plan(loaded, level, objective, time_limit=10)
        standing = check(loaded)
    except PlannerError as exc:  # the loader let through something the planner calls bad input or a bug
        raise AssertionError(f"{type(exc).__name__}: {exc}") from exc
    assert (level, len(loaded.catalog.levels)) == (report.level, len(standing.levels))


def test_the_last_day_python_knows_is_refused_before_any_date_arithmetic():
    """as_of 9999-12-31 with no deadline (as_of + 365 days would overflow) is a one-line error."""
    data = {"schema_version": 1, "name": "x", "as_of": dt.date.max, "organization":
            {"market": "developed", "revenue_usd": 1, "dpor": True}, "staff": []}
    with pytest.raises(ScenarioError) as caught:
        load_scenario_data(data, SHOWN)
    expected = "fuzz.yaml: as_of: 9999-12-31 is outside the years 1990 to 2099; check the year"
    assert expected == str(caught.value)
