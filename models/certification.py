"""The certification catalog: Microsoft certifications, the exams each one needs, and their prerequisites.

One shared file (`planner/rules/data/certifications.yaml`) that every designation catalog names its
certifications from (`lists: [{certifications: [...]}]`):

```yaml
certification_catalog_version: 1
description: ...                     # optional
sources: {kv-az: text, ...}          # as catalogs do: every `source` below names one of these
rules: {expiry: {text: ..., source: learn-expiry}}   # optional: rules quoted in words (a text or text+source)
exams:                               # the exams certifications are made of (the catalog's Exam)
  - {code: AZ-104, title: Microsoft Azure Administrator, source: seeds, unconfirmed: true}
certifications:
  - id: azure-solutions-architect-expert     # no ':', unique
    title: Azure Solutions Architect Expert  # as Partner Center's Trainings export writes it (no prefix)
    prefix: Microsoft Certified              # optional: the full title is "<prefix>: <title>"
    also_known_as: [...]                     # optional: other spellings (renames, list wordings)
    kind: expert                             # fundamentals | associate | expert | specialty | assessment
                                             # (null: not known; then no default expiry)
    exams: [AZ-305]                          # every exam it needs; [] only when unconfirmed
    prerequisites: [azure-administrator-associate]   # ONE OF these must also be held (none: [])
    retired: 2026-06-30                      # optional: the last day it can be earned
    counts_until: 2027-06-30                 # optional: the last day a held one counts for designations
    source: kv-az                            # a source id (or a list of them)
    unconfirmed: true
    note: ...
```

Inside the planner a certification is the item `@<id>` beside exam codes (`item_code`); what holding one
means is in planner/rules/holdings.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from models.catalog import ITEM_PREFIX, Exam, Id, certification_id, item_code, require_unique

__all__ = ["ITEM_PREFIX", "Certification", "CertificationCatalog", "CertificationCatalogData", "Kind",
           "RuleText", "catalog_problem", "certification_id", "item_code", "title_key"]

Kind = Literal["fundamentals", "associate", "expert", "specialty", "assessment"]

TITLE_PREFIXES = ("microsoft certified:", "microsoft 365 certified:", "microsoft certified -",
                  "microsoft certified \u2013", "github certified:")
"""Prefixes a title may be written with and without (compared in lower case)."""


def title_key(text: str) -> str:
    """A title as titles are compared: lower case, runs of white space as one space, without a leading
    'Microsoft Certified:' (or 'Microsoft 365 Certified:', 'Microsoft Certified -', 'GitHub Certified:')."""
    key = " ".join(text.split()).casefold()
    for prefix in TITLE_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix):].strip()
    return key


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleText(_Strict):
    """A rule of the certification programme in words, with its source (shown, not computed from)."""

    text: str
    source: str | None = None
    note: str | None = None


Sources = str | list[str]


def _source_ids(source: Sources | None) -> list[str]:
    return [] if source is None else [source] if isinstance(source, str) else list(source)


class Certification(_Strict):
    """One certification: the exams it needs and, for most expert ones, a prerequisite certification."""

    id: Id
    title: str = Field(min_length=1, description="The title as Partner Center's Trainings export writes it "
                       "(TrainingTitle), without the 'Microsoft Certified:' prefix.")
    prefix: str | None = Field(None, description="The full title is '<prefix>: <title>'.")
    also_known_as: list[str] = Field(default_factory=list, description="Other titles it is written with.")
    kind: Kind | None = Field(description="fundamentals | associate | expert | specialty | assessment; "
                              "null when not known (then a pass without `expires` never expires).")
    exams: list[str] = Field(default_factory=list, description="Every exam it needs (all of them).")
    prerequisites: list[Id] = Field(default_factory=list, description="One of these certifications must "
                                    "also be held to earn it (none: no prerequisite).")
    retired: dt.date | None = Field(None, description="The last day it can be earned.")
    counts_until: dt.date | None = Field(None, description="The last day a held one counts for the "
                                         "designations.")
    source: Sources | None = None
    unconfirmed: bool = Field(False, description="The sources do not confirm its exams, prerequisites, "
                              "dates or title.")
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Certification:
        if not self.exams and not self.unconfirmed:
            raise ValueError(f"certification {self.id} lists no exam: give its exams, or mark it "
                             "`unconfirmed: true` with a note (it then cannot be planned)")
        require_unique(f"certification {self.id}: exam", self.exams)
        if self.id in self.prerequisites:
            raise ValueError(f"certification {self.id} names itself as its prerequisite")
        if self.retired and self.counts_until and self.counts_until < self.retired:
            raise ValueError(f"certification {self.id}: counts_until {self.counts_until} is before retired "
                             f"{self.retired}: a certification counts at least until it can no longer be "
                             "earned")
        return self

    @property
    def item(self) -> str:
        """Its item code among exam codes: '@' + its id."""
        return item_code(self.id)

    @property
    def full_title(self) -> str:
        """'Microsoft Certified: Azure Administrator Associate' (the title alone without a prefix)."""
        return f"{self.prefix}: {self.title}" if self.prefix else self.title

    @property
    def plannable(self) -> bool:
        """It can be planned: its exams are known."""
        return bool(self.exams)


class CertificationCatalogData(_Strict):
    """The certification catalog's fields as written, before its cross-references are checked."""

    certification_catalog_version: Literal[1]
    description: str = ""
    sources: dict[str, str] = Field(default_factory=dict)
    rules: dict[str, str | RuleText] = Field(default_factory=dict, description="Rules in words, by name.")
    exams: list[Exam] = Field(default_factory=list)
    certifications: list[Certification] = Field(default_factory=list)


class CertificationCatalog(CertificationCatalogData):
    """Every certification the designation catalogs may name, with the exams they are made of."""

    _by_id: dict[str, Certification] = PrivateAttr(default_factory=dict)
    _by_title: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _references_resolve(self) -> CertificationCatalog:
        problem = catalog_problem(self)
        if problem is not None:
            raise ValueError(problem[1])
        self._by_id = {c.id: c for c in self.certifications}
        self._by_title = {key: c.id for c in self.certifications for key in _keys(c)}
        return self

    def certification(self, cid: str) -> Certification:
        """The certification with this id; KeyError when there is none."""
        return self._by_id[cid]

    def __contains__(self, cid: object) -> bool:
        return cid in self._by_id

    def by_title(self, text: str) -> Certification | None:
        """The certification a title (or id) names, compared as `title_key` does, also by `also_known_as`;
        None when none does."""
        return self._by_id.get(text.strip()) or self._by_id.get(self._by_title.get(title_key(text), ""))

    def titles(self) -> list[str]:
        """Every title and id a certification can be named by, for 'did you mean'."""
        return sorted({c.title for c in self.certifications} | set(self._by_id))

    def exam(self, code: str) -> Exam:
        """The exam with this code; KeyError when there is none."""
        for exam in self.exams:
            if exam.code == code:
                return exam
        raise KeyError(code)

    def exam_codes(self) -> dict[str, Exam]:
        """Every exam of the catalog by code."""
        return {e.code: e for e in self.exams}


def _keys(cert: Certification) -> list[str]:
    """The title keys a certification is found by: its title, its full title and its other names."""
    return list(dict.fromkeys(title_key(t) for t in [cert.title, cert.full_title, *cert.also_known_as]))


Problem = tuple[tuple[str | int, ...], str]
"""A catalog problem: where (a path in the file) and what."""


def catalog_problem(catalog: CertificationCatalogData) -> Problem | None:
    """The first problem of a catalog's cross-references (None: none): ids and codes given twice, unknown
    exams, prerequisites or sources, a prerequisite cycle, a title naming two certifications."""
    return (reference_problem(catalog) or prerequisite_cycle(catalog) or title_clash(catalog)
            or source_problem(catalog))


def reference_problem(catalog: CertificationCatalogData) -> Problem | None:
    """The first exam code or certification id given twice, or an exam or prerequisite no entry defines."""
    seen: dict[str, int] = {}
    for i, exam in enumerate(catalog.exams):
        if exam.code in seen:
            return ("exams", i, "code"), (f"exam code {exam.code!r} is listed twice (first as "
                                          f"exams[{seen[exam.code]}]); give each its own entry")
        seen[exam.code] = i
    ids: dict[str, int] = {}
    for i, cert in enumerate(catalog.certifications):
        if cert.id in ids:
            return ("certifications", i, "id"), (f"certification id {cert.id!r} is listed twice (first as "
                                                 f"certifications[{ids[cert.id]}]); give each its own id")
        ids[cert.id] = i
    for i, cert in enumerate(catalog.certifications):
        for j, code in enumerate(cert.exams):
            if code not in seen:
                return ("certifications", i, "exams", j), (
                    f"certification {cert.id} names unknown exam {code!r}; add it under exams:")
        for j, pid in enumerate(cert.prerequisites):
            if pid not in ids:
                return ("certifications", i, "prerequisites", j), (
                    f"certification {cert.id} names unknown prerequisite {pid!r}")
    return None


def prerequisite_cycle(catalog: CertificationCatalogData) -> Problem | None:
    """A certification that is, through prerequisites, its own prerequisite."""
    prereqs = {c.id: c.prerequisites for c in catalog.certifications}
    for i, cert in enumerate(catalog.certifications):
        path = _cycle_from(cert.id, prereqs)
        if path:
            return ("certifications", i, "prerequisites"), (
                f"prerequisites go round in a circle: {' -> '.join(path)}; a certification cannot need "
                "itself")
    return None


def _cycle_from(start: str, prereqs: dict[str, list[str]]) -> list[str]:
    """The path start -> ... -> start through prerequisites, or [] when there is none."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in prereqs.get(node, []):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return []


def title_clash(catalog: CertificationCatalogData) -> Problem | None:
    """Two certifications a title would name both (the same title or other name, compared as title_key)."""
    owner: dict[str, str] = {}
    for i, cert in enumerate(catalog.certifications):
        for key in _keys(cert):
            if key in owner and owner[key] != cert.id:
                return ("certifications", i), (f"certification {cert.id} is also called {key!r}, as "
                                               f"{owner[key]} is: a title must name one certification")
            owner[key] = cert.id
    return None


def source_problem(catalog: CertificationCatalogData) -> Problem | None:
    """An exam, certification or rule citing a source the catalog does not name under `sources`."""
    named = set(catalog.sources)
    places: list[tuple[tuple[str | int, ...], Sources | None]] = [
        *((("exams", i, "source"), e.source) for i, e in enumerate(catalog.exams)),
        *((("certifications", i, "source"), c.source) for i, c in enumerate(catalog.certifications)),
        *((("rules", k, "source"), r.source) for k, r in catalog.rules.items() if isinstance(r, RuleText))]
    for loc, source in places:
        for sid in _source_ids(source):
            if sid not in named:
                return loc, f"unknown source {sid!r}; sources: {', '.join(sorted(named)) or 'none'}"
    return None
