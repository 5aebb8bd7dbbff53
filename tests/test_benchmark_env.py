"""The benchmarks time the planner as installed: from compiled modules, whatever PYTHONDONTWRITEBYTECODE
says (planner/tools/benchmark.py, `child_env`), never compiling the sources in a timed command."""

from __future__ import annotations

from pathlib import Path

from planner.tools.benchmark import child_env


def test_timed_commands_cache_their_bytecode_in_a_folder_of_their_own(monkeypatch):
    """With PYTHONDONTWRITEBYTECODE=1 set, the timed commands' environment drops it and caches compiled
    modules in a temporary folder (PYTHONPYCACHEPREFIX), the same for every command, not beside the
    sources."""
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    first, second = child_env(), child_env()
    prefix = Path(first["PYTHONPYCACHEPREFIX"])
    repository = Path(__file__).resolve().parents[1]
    assert (False, True, True, False) == ("PYTHONDONTWRITEBYTECODE" in first, prefix.is_dir(),
                                          first["PYTHONPYCACHEPREFIX"] == second["PYTHONPYCACHEPREFIX"],
                                          prefix.is_relative_to(repository))
