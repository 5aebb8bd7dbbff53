"""What the screens call a competency and its levels: the catalog's names, never its ids.

A level's name is the catalog's (`Gold`, `Solutions Partner for Business Applications`); a goal
(`competency:level`) is its competency's name and its level's (`Cloud Customer Relationship Management
Gold`), or the level's name alone when it already names the competency (a Solutions Partner designation).
"""

from __future__ import annotations

from collections.abc import Iterable

from models.catalog import Catalog


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
