"""The fast YAML reader, split into a builder for issue 12, leaves to the full loader what it left before."""

import pytest

from planner.errors import ScenarioError
from planner.input import yamlio


def _full_loader_error(text: str) -> str:
    """The message the full loader's budget check gives for `text`."""
    try:
        yamlio._load_within_budget(text, yamlio._SourceKeepingLoader)
    except yamlio._TooDense as exc:
        return str(yamlio._too_dense_error(exc, "x.yaml"))
    return "no error"


def _parse_error(text: str) -> str:
    try:
        yamlio.parse_yaml(text, "x.yaml", keep_source=True)
    except ScenarioError as exc:
        return str(exc)
    return "no error"


@pytest.mark.parametrize("refused_key", ["x: 1\nx: 2\n", "007: 1\n"], ids=["repeated-key", "as-written-key"])
def test_a_key_the_fast_reader_refuses_before_the_budget_runs_out_leaves_the_file_to_the_full_loader(
        monkeypatch, refused_key):
    """A repeated or YAML-1.1-number key before the data outgrows its budget gives the full loader's place."""
    monkeypatch.setattr(yamlio, "MEMORY_SLACK", 0)
    text = refused_key + "y: [" + ", ".join("1" for _ in range(3000)) + "]\nz: {}\n"
    assert _full_loader_error(text) == _parse_error(text)
