"""What an imported row names: an exam code of the competency, or a certification of the certification
catalog by its title (as Partner Center writes it, with or without 'Microsoft Certified:') or its id.

A certification is the item '@<id>' among exam codes (models.catalog.item_code); the scenario written names
it as `{certification: <id>}`. A competency's exams are its catalog's own and, for a designation whose
lists name certifications, the exams of every certification (and prerequisite) any of its revisions lists:
an exam that counted once still reads as one of the competency's (MB-210 counted for Business Applications
in 2023).
"""

from __future__ import annotations

import datetime as dt

from models.catalog import Catalog, Exam, certification_id, item_code
from models.certification import CertificationCatalog
from planner.rules.catalogs import Catalogs


def competency_exams(catalog: Catalog, catalogs: Catalogs) -> dict[str, Exam]:
    """The exams a skills report for `catalog`'s competency may name, by code (the catalog's own first)."""
    out = {e.code: e for e in catalog.exams}
    revisions = catalogs.by_id.get(catalog.id, ()) if catalog.id in catalogs.by_id else ()
    certs = catalogs.certifications
    named = {c for revision in (catalog, *revisions) for opt in revision.option_catalogs()
             for lst in opt.lists for c in lst.certifications}
    for cid in sorted(_with_prerequisites(named, certs)):
        for code in certs.certification(cid).exams:
            out.setdefault(code, certs.exam(code))
    return out


def _with_prerequisites(named: set[str], certs: CertificationCatalog) -> set[str]:
    """The certifications named and, through prerequisites, every one they may need."""
    found, todo = set(), [c for c in named if c in certs]
    while todo:
        cid = todo.pop()
        if cid not in found:
            found.add(cid)
            todo += [p for p in certs.certification(cid).prerequisites if p not in found]
    return found


def certification_item(text: str, certs: CertificationCatalog) -> str | None:
    """'@<id>' for a cell naming a certification by title or id, else None."""
    found = certs.by_title(text)
    return None if found is None else item_code(found.id)


def looks_like_title(text: str) -> bool:
    """Whether a cell reads as a certification's title rather than an exam code: three words or more, or
    no digit (every exam code has one)."""
    return len(text.split()) >= 3 or not any(c.isdigit() for c in text)


def shown_item(item: str, certs: CertificationCatalog) -> str:
    """An item as a message names it: the exam code, or the certification's title."""
    cid = certification_id(item)
    return item if cid is None else certs.certification(cid).title


def certification_date_problem(item: str, day: dt.date | None, as_of: dt.date,
                               certs: CertificationCatalog) -> str | None:
    """Why a certification pass dated `day` cannot have been earned by as_of (the loader's words), or None."""
    from planner.input.loading import _certification_date_problem

    cid = certification_id(item)
    assert cid is not None
    return _certification_date_problem(certs.certification(cid), day, as_of)


def designations(catalogs: Catalogs, as_of: dt.date) -> list[Catalog]:
    """The revisions in force on as_of of every competency whose lists name certifications (the
    designations), by id."""
    out = []
    for cid in catalogs.ids():
        catalog = catalogs.in_force(cid, as_of)
        if any(lst.certifications for opt in catalog.option_catalogs() for lst in opt.lists):
            out.append(catalog)
    return out
