"""The competency catalogs the planner ships, read from planner/data/*.yaml."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from models.catalog import Catalog
from planner.errors import ScenarioError
from planner.input_errors import validate_document
from planner.yamlio import parse_yaml, read_text

DEFAULT_COMPETENCY = "cloud-crm"


def shipped_catalog_ids() -> list[str]:
    """Ids of the catalogs shipped in planner/data, sorted."""
    folder = resources.files("planner.data")
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


@functools.cache
def shipped_catalog(competency: str) -> Catalog:
    """The shipped catalog with this id; KeyError when there is none."""
    if competency not in shipped_catalog_ids():
        raise KeyError(competency)
    with resources.as_file(resources.files("planner.data") / f"{competency}.yaml") as path:
        return load_catalog_file(path, shown=f"planner/data/{competency}.yaml")


def load_catalog_file(path: Path, shown: str | None = None) -> Catalog:
    """Read and validate a catalog file; bad input raises ScenarioError."""
    shown = shown or str(path)
    text = read_text(Path(path), shown)
    data = parse_yaml(text, shown)
    if not isinstance(data, dict):
        raise ScenarioError(shown, "a catalog file must be a mapping (catalog_version, id, exams, ...)")
    return validate_document(Catalog, data, shown, text)
