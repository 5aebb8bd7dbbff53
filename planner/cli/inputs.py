"""What a `planner` command reads: the catalogs (shipped, and --catalog files), the scenario or one of its
variants, the goals --target names and the competency --competency names, each a usage error in one line
when it names nothing.

The library is imported only when a command runs, so that `planner --help` stays instant.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.help import one_of
from planner.cli.running import RUN
from planner.errors import UsageError

if TYPE_CHECKING:
    from planner import Catalogs, LoadedScenario, ResolvedTarget
    from planner.input.variants import VariantScenario


def catalogs_of(files: list[Path] | None) -> Catalogs:
    """The shipped catalogs, with the user's --catalog files added."""
    from planner.rules.catalogs import load_catalogs, shipped_catalogs

    return load_catalogs(files) if files else shipped_catalogs()


def load(path: Path, variant: str | None = None, catalogs: Catalogs | None = None) -> LoadedScenario:
    """The scenario (every variant in it validated too), or the variant named `variant`."""
    loaded, variants = load_all(path, catalogs)
    if variant is None:
        return loaded
    from planner.input.variants import find_variant

    names = [v.variant.name for v in variants]
    return find_variant(variants, variant if variant in names else one_of(variant, names) or variant).loaded


def load_all(path: Path, catalogs: Catalogs | None = None) -> tuple[LoadedScenario, list[VariantScenario]]:
    """The scenario and every one of its variants, each validated."""
    from planner.input.variants import load_with_variants

    gc.disable()  # one command, one roster: the cycle collector need not scan 100,000 loaded people...
    try:
        loaded = load_with_variants(path, catalogs)
        if RUN.one_command:
            gc.freeze()  # ... neither while they are read nor later, while planning
    finally:
        gc.enable()
    return loaded


def level_of(loaded: LoadedScenario, level: str) -> str:
    """The catalog's level id that `level` names, whatever its case."""
    from planner.core.planning import level_named

    return level_named(loaded, level)


def targets(loaded: LoadedScenario, specs: list[str] | None) -> list[ResolvedTarget] | None:
    """The goals to plan: --target, else the scenario's `targets` (None: neither, plan one level)."""
    from planner.input.loading import check_goal_input, resolve_target

    if not specs:
        if not loaded.scenario.targets:
            return None
        goals = [resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets]
        check_goal_input(loaded, goals)  # a variant's organization may differ from the file's
        return goals
    out = []
    for spec in specs:
        try:
            out.append(resolve_target(canonical_goal(spec, loaded), loaded.scenario, loaded.catalogs))
        except ValueError as exc:
            raise UsageError(f"--target {spec}: {exc}") from None
    labels = [t.label for t in out]
    if len(set(labels)) != len(labels):
        raise UsageError(f"--target lists the same goal twice ({', '.join(labels)})")
    check_goal_input(loaded, out)  # a scored goal reads organization.track and organization.metrics
    return out


def canonical_goal(spec: str, loaded: LoadedScenario) -> str:
    """--target as the catalogs spell it (Cloud-CRM:Gold is cloud-crm:gold): its competency and its level
    matched whatever their case; what names nothing known is left as typed, for resolve_target to refuse."""
    from planner.input.loading import revision_for

    competency, colon, level = spec.strip().partition(":")
    cid = one_of(competency, loaded.catalogs.ids()) or competency
    if cid in loaded.catalogs.by_id and level:
        try:
            level = one_of(level, revision_for(loaded.scenario, cid, loaded.catalogs)[0].level_ids) or level
        except ValueError:
            pass  # rules_revision names no revision of it: resolve_target says so
    return f"{cid}{colon}{level}"


def with_competency(loaded: LoadedScenario, competency: str) -> LoadedScenario:
    """The scenario checked against --competency (any case), in the revision in force on as_of or named by
    rules_revision."""
    from dataclasses import replace

    from planner.cli.options import competency as known_competency
    from planner.input.loading import check_goal_input, revision_for

    competency = known_competency(competency, loaded.catalogs.ids())
    revision, notes = revision_for(loaded.scenario, competency, loaded.catalogs)
    check_goal_input(loaded, catalog=revision)
    return replace(loaded, catalog=revision, notes=notes)
