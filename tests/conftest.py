"""Shared test set-up: hypothesis profiles and small scenario builders."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"

# The brute-force and fuzz tests run 300 examples per property on a developer's machine; CI (where the CI
# variable is set, as CI services do) runs the lighter "ci" profile, 30, to keep the whole run under four
# minutes on two cores; HYPOTHESIS_PROFILE=thorough runs 3,000 for a deeper search on demand.
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("default", max_examples=300, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("ci", max_examples=30, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("thorough", max_examples=3000, deadline=None, suppress_health_check=_QUIET)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
settings.load_profile(PROFILE)
LIGHT = PROFILE == "ci"
"""The CI profile: the heaviest cross-checks (rank-by-rank alternatives, the synthetic catalog's brute
force, several targets pruned against the whole roster) run fewer cases there, to keep `.ci/run` under four
minutes on two cores; the default and thorough profiles run them all."""
