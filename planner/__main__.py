"""`python -m planner`: the console script's entry point. Run by a Python without the planner's
dependencies (the system's, not the virtual environment's), it says so in one line, never a traceback."""

import sys

try:
    from planner.cli import console
except ImportError as exc:
    if (exc.name or "planner").partition(".")[0] in ("planner", "models"):
        raise
    print(f"planner: error: this Python ({sys.executable}) lacks the planner's dependencies (no module "
          f"'{exc.name}'); run .venv/bin/planner, or activate the virtual environment first (source "
          ".venv/bin/activate) and run planner", file=sys.stderr)
    sys.exit(2)

console()
