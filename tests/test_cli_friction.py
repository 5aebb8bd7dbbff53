"""What a new user tripped over on the command line, each fixed and kept fixed: `schema -o`, the format
-o's extension names, and an imported roster's costs said to be defaults."""

from __future__ import annotations

from tests.helpers import run


def test_schema_writes_to_output(tmp_path):
    """planner schema -o FILE writes to FILE the schema it prints without -o, and prints nothing."""
    target = tmp_path / "scenario.schema.json"
    written, printed = run("schema", "-o", str(target)), run("schema")
    assert (0, "", printed.stdout) == (written.exit_code, written.stdout, target.read_text(encoding="utf-8"))
