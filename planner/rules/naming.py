"""What the screens call a competency, its levels, its gate steps and the certifications: the catalogs'
names, never their ids.

A level's name is the catalog's (`Gold`, `Solutions Partner for Business Applications`); a goal
(`competency:level`) is its competency's name and its level's (`Cloud Customer Relationship Management
Gold`), or the level's name alone when it already names the competency (a Solutions Partner designation).
A gate step, a role `<metric>.step-<k>` of a goal, is its metric's name, its number and its lists' names
(`Intermediate certifications, gate step 1 (Azure Administrator Associate)`); a certification, the item
`@<id>`, is its title in the scenario's certification catalog (`Azure Administrator Associate`).
`report_names` gathers them for a report's `names`, so the report modules never read a catalog.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.catalog import Catalog, Level
from models.certification import CertificationCatalog
from planner.rules.points import gate_step_id


def goal_name(competency_name: str, level_name: str) -> str:
    """'Cloud Customer Relationship Management Gold'; a level named after its competency by its name."""
    if competency_name.casefold() in level_name.casefold():
        return level_name
    return f"{competency_name} {level_name}"


def catalog_names(catalogs: Iterable[Catalog]) -> dict[str, str]:
    """Id -> name for each catalog's competency (`cloud-crm`), its levels (`gold`, of every option) and its
    goals (`cloud-crm:gold`); the first catalog's name where two give a level id different names."""
    names: dict[str, str] = {}
    for catalog in catalogs:
        names.setdefault(catalog.id, catalog.name)
        for option in catalog.option_catalogs():
            for level in option.levels:
                names.setdefault(level.id, level.name)
                names.setdefault(f"{catalog.id}:{level.id}", goal_name(catalog.name, level.name))
    return names


def role_key(goal: str, role: str) -> str:
    """The key of a goal's role in a report's `names` ('data-ai:solutions-partner/intermediate-certifications.
    step-1' without the break; a goal's gates are named 'goal/gate' the same way)."""
    return f"{goal}/{role}"


def gate_step_names(catalogs: Iterable[Catalog]) -> dict[str, str]:
    """role_key(goal, step role) -> 'Intermediate certifications, gate step 1 (Azure Administrator
    Associate)' for each gate step of each scored level (of every option) of the catalogs: the metric's
    name, the step's number and its name, else its lists' names."""
    names: dict[str, str] = {}
    for catalog in catalogs:
        for option in catalog.option_catalogs():
            for level in option.levels:
                for role, words in _step_words(option, level):
                    names.setdefault(role_key(f"{catalog.id}:{level.id}", role), words)
    return names


def _step_words(catalog: Catalog, level: Level) -> list[tuple[str, str]]:
    """(step role id, its words) for each gate step of a scored level's exam metrics."""
    if level.score is None:
        return []
    lists = {lst.id: lst.name for lst in catalog.lists}
    return [(gate_step_id(m, k),
             f"{m.name}, gate step {k} ({step.name or ' and '.join(lists.get(x, x) for x in step.lists)})")
            for m in level.score.exam_metrics for k, step in enumerate(m.gate, start=1)]


def certification_titles(certifications: CertificationCatalog | None) -> dict[str, str]:
    """'@<id>' -> the certification's title, for every certification of the catalog (none without one)."""
    return {} if certifications is None else {c.item: c.title for c in certifications.certifications}


def report_names(catalogs: Iterable[Catalog], certifications: CertificationCatalog | None = None
                 ) -> dict[str, str]:
    """A report's `names`: the catalogs' competencies, levels and goals (catalog_names), their gate steps
    (gate_step_names) and the certification catalog's titles (certification_titles)."""
    catalogs = list(catalogs)
    return catalog_names(catalogs) | gate_step_names(catalogs) | certification_titles(certifications)
