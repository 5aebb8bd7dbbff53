"""The certification catalog shipped in planner/rules/data/certifications.yaml, read and checked once.

Every problem in the file is one line naming the place in it (ScenarioError, exit 2): an id or exam code
given twice, an exam, prerequisite or source no entry defines, prerequisites in a circle, a title that
would name two certifications, `counts_until` before `retired`.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from models.certification import CertificationCatalog, CertificationCatalogData, catalog_problem
from planner.errors import ScenarioError
from planner.input.errors import raise_at, validate_document
from planner.input.yamlio import parse_yaml, read_text

CERTIFICATIONS_FILE = "certifications.yaml"
"""The certification catalog's file name in planner/rules/data (every other file there is a designation
or competency catalog)."""


def load_certification_file(path: Path, shown: str | None = None) -> CertificationCatalog:
    """Read and validate a certification catalog file; bad input raises ScenarioError at its place."""
    shown = shown or str(path)
    text = read_text(Path(path), shown)
    data = parse_yaml(text, shown)
    if not isinstance(data, dict):
        raise ScenarioError(shown, "a certification catalog must be a mapping "
                                   "(certification_catalog_version, sources, exams, certifications)")
    written = validate_document(CertificationCatalogData, data, shown, text)
    problem = catalog_problem(written)
    if problem is not None:
        loc, message = problem
        raise_at(shown, text, loc, message)
    return CertificationCatalog.model_validate(written.model_dump())


@functools.cache
def shipped_certifications() -> CertificationCatalog:
    """The certification catalog shipped with the planner (read once)."""
    entry = resources.files("planner.rules.data").joinpath(CERTIFICATIONS_FILE)
    with resources.as_file(entry) as path:
        return load_certification_file(path, shown=f"planner/rules/data/{CERTIFICATIONS_FILE}")
