"""The competencies the planner knows: the catalogs shipped in planner/data, one file per revision, plus
any the user loads with --catalog.

A competency is known by its id (`cloud-crm`) and comes in revisions, each dated with the day it came
into force. A scenario is planned against the revision in force on its `as_of`, unless it names one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from importlib import resources
from pathlib import Path
from typing import Any

from models.catalog import Catalog, Exam
from models.certification import CertificationCatalog
from planner.errors import ScenarioError
from planner.input.errors import raise_at, validate_document
from planner.input.yamlio import parse_yaml, read_text
from planner.rules.certifications import CERTIFICATIONS_FILE, shipped_certifications

DEFAULT_COMPETENCY = "cloud-crm"


def default_level(catalog: Catalog) -> str:
    """The level planned when none is named: gold where the competency has one, else its highest level."""
    ids = catalog.level_ids
    return "gold" if "gold" in ids else ids[-1]


@dataclass(frozen=True)
class Catalogs:
    """Every known competency as its revisions, oldest first; `custom` ids came from --catalog files;
    `certifications` the certification catalog their lists of certifications name."""

    by_id: dict[str, tuple[Catalog, ...]]
    custom: frozenset[str] = frozenset()
    certifications: CertificationCatalog = dataclass_field(default_factory=shipped_certifications)

    def ids(self) -> list[str]:
        """Competency ids, sorted."""
        return sorted(self.by_id)

    def revisions(self, competency: str) -> tuple[Catalog, ...]:
        """The competency's revisions, oldest first; KeyError when it is unknown."""
        return self.by_id[competency]

    def latest(self, competency: str) -> Catalog:
        return self.by_id[competency][-1]

    def revision(self, competency: str, day: dt.date) -> Catalog:
        """The revision dated `day`; KeyError when there is none."""
        for catalog in self.by_id[competency]:
            if catalog.revision == day:
                return catalog
        raise KeyError(day)

    def in_force(self, competency: str, day: dt.date) -> Catalog:
        """The revision in force on `day`: the latest one dated on or before it (the earliest one when
        `day` comes before every revision: the loader then adds a note)."""
        revisions = self.by_id[competency]
        current = revisions[0]
        for catalog in revisions:
            if catalog.revision <= day:
                current = catalog
        return current

    def exams(self, first: Catalog | None = None) -> dict[str, Exam]:
        """Every exam code any known catalog lists (`first`'s own entries win, then newer revisions, then
        the certification catalog's exams)."""
        out: dict[str, Exam] = {}
        newest_first = [c for cid in self.ids() for c in reversed(self.by_id[cid])]
        for catalog in ([first] if first else []) + newest_first:
            for exam in catalog.exams:
                out.setdefault(exam.code, exam)
        for exam in self.certifications.exams:
            out.setdefault(exam.code, exam)
        return out

    def with_catalogs(self, catalogs: Iterable[Catalog]) -> Catalogs:
        """These catalogs added; a competency id they use replaces every shipped revision of that id."""
        added: dict[str, list[Catalog]] = {}
        for catalog in catalogs:
            added.setdefault(catalog.id, []).append(catalog)
        by_id = dict(self.by_id)
        for cid, revisions in added.items():
            ordered = sorted(revisions, key=lambda c: c.revision)
            for a, b in zip(ordered, ordered[1:], strict=False):
                if a.revision == b.revision:
                    raise ValueError(f"two catalogs give revision {a.revision} of {cid}")
            by_id[cid] = tuple(ordered)
        return Catalogs(by_id, self.custom | frozenset(added), self.certifications)


@functools.cache
def shipped_catalogs() -> Catalogs:
    """The catalogs shipped in planner/data (every file there is one revision of one competency)."""
    folder = resources.files("planner.rules.data")
    found: list[Catalog] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml") and entry.name != CERTIFICATIONS_FILE:
            with resources.as_file(entry) as path:
                found.append(load_catalog_file(path, shown=f"planner/rules/data/{entry.name}"))
    return Catalogs(Catalogs({}).with_catalogs(found).by_id)


def shipped_catalog_ids() -> list[str]:
    """Ids of the shipped competencies, sorted."""
    return shipped_catalogs().ids()


def shipped_catalog(competency: str, revision: dt.date | None = None) -> Catalog:
    """The shipped catalog with this id: its latest revision, or the one dated `revision`; KeyError when
    there is none."""
    catalogs = shipped_catalogs()
    return catalogs.latest(competency) if revision is None else catalogs.revision(competency, revision)


def load_catalog_file(path: Path, shown: str | None = None,
                      certifications: CertificationCatalog | None = None) -> Catalog:
    """Read and validate a catalog file; bad input raises ScenarioError. Its lists of certifications name
    certifications of `certifications` (default: the shipped certification catalog)."""
    shown = shown or str(path)
    text = read_text(Path(path), shown)
    data = parse_yaml(text, shown)
    if not isinstance(data, dict):
        raise ScenarioError(shown, "a catalog file must be a mapping (catalog_version, id, exams, ...)")
    problem = (_duplicate_id(data) or _unknown_reference(data)
               or _unknown_certification(data, certifications or shipped_certifications()))
    if problem is not None:
        loc, message, key = problem
        raise_at(shown, text, loc, message, key=key)
    return validate_document(Catalog, data, shown, text)


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _first_repeat(entries: list[tuple[int, dict[str, Any]]], field: str) -> tuple[int, int, str] | None:
    """(index of the second entry, index of the first, the value) of the first `field` value given twice."""
    seen: dict[str, int] = {}
    for i, entry in entries:
        value = entry.get(field)
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            continue  # the model reports a missing or malformed id
        if str(value) in seen:
            return i, seen[str(value)], str(value)
        seen[str(value)] = i
    return None


def _blocks(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """The catalog's top level and each of its options: the places roles and levels are written."""
    return [((), data)] + [(("options", k), o) for k, o in _items(data.get("options"))]


def _duplicate_id(data: dict[str, Any]) -> tuple[tuple[Any, ...], str, bool] | None:
    """The first exam code, list, role, level or revenue gate id given twice (in its scope), at the second."""
    groups: list[tuple[tuple[Any, ...], str, str, str]] = [
        ((), "exams", "code", "exam code {!r}"), ((), "lists", "id", "list id {!r}")]
    for prefix, block in _blocks(data):
        groups += [(prefix, "roles", "id", "role id {!r}"), (prefix, "levels", "id", "level id {!r}")]
        for i, level in _items(block.get("levels")):
            groups.append(((*prefix, "levels", i), "revenue_gates", "id",
                           f"revenue gate id {{!r}} of level {level.get('id')}"))
    for prefix, name, field, what in groups:
        block = data
        for part in prefix:
            block = block[part]
        repeat = _first_repeat(_items(block.get(name)), field)
        if repeat is not None:
            i, first, value = repeat
            message = (f"{what.format(value)} is listed twice (first as {name}[{first}]); "
                       "give each its own name")
            return (*prefix, name, i, field), message, False
    return None


def _unknown_reference(data: dict[str, Any]) -> tuple[tuple[Any, ...], str, bool] | None:
    """The first list, role or slot entry naming an exam, list or role the catalog does not define, with
    its place in the file (the model checks the same, but cannot say where)."""
    exams = [str(e.get("code")) for _, e in _items(data.get("exams"))]
    for i, lst in _items(data.get("lists")):
        for j, code in enumerate(lst.get("exams") or [] if isinstance(lst.get("exams"), list) else []):
            if str(code) not in exams:
                return (("lists", i, "exams", j),
                        f"list {lst.get('id')} names unknown exam {code!r}; exams: {', '.join(exams)}", False)
    list_ids = [str(lst.get("id")) for _, lst in _items(data.get("lists"))]
    for prefix, block in _blocks(data):
        problem = (_unknown_list_or_role(prefix, block, list_ids)
                   or _unknown_metric_list(prefix, block, list_ids))
        if problem is not None:
            return problem
    return None


def _unknown_metric_list(prefix: tuple[Any, ...], block: dict[str, Any], list_ids: list[str]
                         ) -> tuple[tuple[Any, ...], str, bool] | None:
    """The first metric of a scored level (or gate step of one) naming a list the catalog does not define,
    with its place."""
    for i, level in _items(block.get("levels")):
        score = level.get("score")
        for j, metric in _items(score.get("metrics") if isinstance(score, dict) else None):
            at = (*prefix, "levels", i, "score", "metrics", j)
            places = [(at, metric)] + [((*at, "gate", k), step) for k, step in _items(metric.get("gate"))]
            for loc, entry in places:
                lists = entry.get("lists")
                for k, lid in enumerate(lists if isinstance(lists, list) else []):
                    if str(lid) not in list_ids:
                        return ((*loc, "lists", k),
                                f"level {level.get('id')}: metric {metric.get('id')} names unknown list "
                                f"{lid!r}; lists: {', '.join(list_ids)}", False)
    return None


def _unknown_certification(data: dict[str, Any], certifications: CertificationCatalog
                           ) -> tuple[tuple[Any, ...], str, bool] | None:
    """The first list naming a certification the certification catalog does not have, with its place (a
    title given for an id is named with the id to write)."""
    for i, lst in _items(data.get("lists")):
        names = lst.get("certifications")
        for j, cid in enumerate(names if isinstance(names, list) else []):
            if not isinstance(cid, str) or cid in certifications:
                continue
            found = certifications.by_title(cid)
            near = [found.id] if found else difflib.get_close_matches(
                cid, [c.id for c in certifications.certifications], n=1, cutoff=0.6)
            hint = f" (did you mean '{near[0]}'? lists name certifications by id)" if near else ""
            return (("lists", i, "certifications", j),
                    f"list {lst.get('id')} names unknown certification {cid!r}{hint}", False)
    return None


def _unknown_list_or_role(prefix: tuple[Any, ...], block: dict[str, Any], list_ids: list[str]
                          ) -> tuple[tuple[Any, ...], str, bool] | None:
    """The first role of a block naming an unknown list, or level naming an unknown role, with its place."""
    role_ids = [str(r.get("id")) for _, r in _items(block.get("roles"))]
    for i, role in _items(block.get("roles")):
        lists = role.get("lists")
        for j, lid in enumerate(lists if isinstance(lists, list) else []):
            if str(lid) not in list_ids:
                return ((*prefix, "roles", i, "lists", j),
                        f"role {role.get('id')} names unknown list {lid!r}; lists: {', '.join(list_ids)}",
                        False)
    for i, level in _items(block.get("levels")):
        slots = level.get("slots") if level.get("score") is None else None  # the model refuses those slots
        for rid in slots if isinstance(slots, dict) else {}:
            if str(rid) not in role_ids:
                return ((*prefix, "levels", i, "slots", rid),
                        f"level {level.get('id')} names unknown role {rid!r}; "
                        f"roles: {', '.join(role_ids)}", True)
    return None


def has_ended(catalog: Catalog, day: dt.date) -> bool:
    """The programme has ended by `day` (its `ended` day or later): it is not planned as current then."""
    return catalog.ended is not None and day >= catalog.ended


def replacements_words(catalog: Catalog, known: Catalogs | None = None) -> str:
    """'Solutions Partner for Business Applications (business-applications), ...': what replaced an ended
    programme, by name and id (the id alone for one no known catalog has)."""
    def named(cid: str) -> str:
        return f"{known.latest(cid).name} ({cid})" if known is not None and cid in known.by_id else cid
    return ", ".join(named(cid) for cid in catalog.replaced_by)


def ended_words(catalog: Catalog, known: Catalogs | None = None) -> str:
    """'Cloud CRM ended on 3 Oct 2022; replaced by Solutions Partner for Business Applications
    (business-applications), ...' ('' for a programme that has not ended)."""
    if catalog.ended is None:
        return ""
    day = f"{catalog.ended.day} {catalog.ended:%b %Y}"
    by = replacements_words(catalog, known)
    return f"{catalog.name} ended on {day}" + (f"; replaced by {by}" if by else "")


def load_catalogs(paths: Iterable[Path], base: Catalogs | None = None) -> Catalogs:
    """The known catalogs with the user's catalog files added (bad input raises ScenarioError)."""
    base = base or shipped_catalogs()
    loaded: list[tuple[str, Catalog]] = [(str(p), load_catalog_file(Path(p))) for p in paths]
    seen: dict[tuple[str, dt.date], str] = {}
    for shown, catalog in loaded:
        key = (catalog.id, catalog.revision)
        if key in seen:
            raise ScenarioError(shown, f"revision {catalog.revision} of {catalog.id} is also given by "
                                f"{seen[key]}; give each revision once")
        seen[key] = shown
    return base.with_catalogs(c for _, c in loaded)
