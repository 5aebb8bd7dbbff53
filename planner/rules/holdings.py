"""What a person holds on a day when designation lists name certifications, the ways to earn what they lack,
and renewals of certification passes (no solver here).

An item is an exam code or a certification as '@<id>' (models.catalog.item_code). A person holds:

- an exam on a day when a pass of it counts then (as planner.rules.domain.held_on says: the exam still
  counts, the pass is not expired), and the pass is not dated after that day;
- a certification `@c` on a day, at most until c's `counts_until`, when
  * a pass names c and counts that day: its `date` (when given) is on or before the day, and the day is
    before it expires (`expires`, else Microsoft's default: certification_expires), or
  * every exam of c is held that day, and c has no prerequisite or one of its prerequisites is held that
    day or was held on the day c was earned (the latest `date` of the passes of its exams, when every one
    is dated). Microsoft keeps an earned expert certification valid until its own expiry whatever becomes
    of the associate certification it needed, so the prerequisite matters only when earning it; with an
    undated exam pass the day it was earned is not known and the prerequisite must be held on the day asked.

So AZ-305 alone is not Azure Solutions Architect Expert; AZ-305 with AZ-104 (Azure Administrator
Associate) is, and stays so after the AZ-104 pass expires when both passes are dated and AZ-104 still
counted on the day AZ-305 was passed.

A certification is earned by taking its missing exams and, when no prerequisite is held, the missing exams
of one way of earning one prerequisite (ways_to_earn). A certification pass is renewed in the six months
before it expires; a renewal extends it one year from its current expiry (renewal_extends_to).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

from models.catalog import Exam, certification_id, item_code
from models.certification import Certification, CertificationCatalog
from models.scenario import Pass, Person
from planner.rules.domain import RENEWAL_OPENS_MONTHS, add_months, certification_holds_on, pass_counts_on

ONE_YEAR_FROM = dt.date(2021, 6, 30)
"""Role-based and specialty certifications earned on or after this day are valid one year, those earned
before two years (Microsoft Learn blog, 21 Apr 2021: from 12 AM GMT on 30 Jun 2021)."""
EXPIRING_KINDS = frozenset({"associate", "expert", "specialty"})
"""The kinds of certification that expire; fundamentals never do, and an assessment's rule is not known."""


def renewal_key(item: str) -> str:
    """The name of an item's renewal among a person's options: 'ITEM~renewal'."""
    return f"{item}~renewal"


# ---- expiry ---------------------------------------------------------------------------------------------

def certification_expires(passed: Pass, cert: Certification) -> dt.date | None:
    """The day a certification pass stops counting: its `expires`, else by Microsoft's rule for its kind
    (associate, expert, specialty: one year after `date`, two years when earned before 30 Jun 2021;
    fundamentals, an assessment or an unknown kind: never). None: it does not expire (or without a date,
    it is not known when: it counts)."""
    if passed.expires is not None:
        return passed.expires
    if passed.date is None or cert.kind not in EXPIRING_KINDS:
        return None
    return add_months(passed.date, 12 if passed.date >= ONE_YEAR_FROM else 24)


def certification_pass_counts_on(passed: Pass, cert: Certification, day: dt.date) -> bool:
    """A pass naming a certification counts on `day`: earned by then, not expired, and the certification
    still counts for the designations (`counts_until`)."""
    if passed.date is not None and passed.date > day:
        return False
    expires = certification_expires(passed, cert)
    if expires is not None and day >= expires:
        return False
    return cert.counts_until is None or day <= cert.counts_until


# ---- what a person holds --------------------------------------------------------------------------------

class _Holder:
    """One person's holdings, worked out day by day and remembered (a certification may ask about its
    prerequisite on another day)."""

    def __init__(self, person: Person, exams: Mapping[str, Exam],
                 certifications: CertificationCatalog) -> None:
        self.person, self.exams, self.certifications = person, exams, certifications
        self.exam_days: dict[dt.date, frozenset[str]] = {}
        self.cert_days: dict[tuple[str, dt.date], bool] = {}

    def exams_on(self, day: dt.date) -> frozenset[str]:
        """The exam codes whose passes count on `day` (codes no catalog knows count without exam rules)."""
        if day not in self.exam_days:
            self.exam_days[day] = frozenset(
                p.exam for p in self.person.passed
                if p.exam is not None and (p.date is None or p.date <= day) and certification_holds_on(p, day)
                and (p.exam not in self.exams or pass_counts_on(self.exams[p.exam], day)))
        return self.exam_days[day]

    def holds(self, cid: str, day: dt.date) -> bool:
        """Whether the person holds certification `cid` on `day` (see the module's docstring)."""
        key = (cid, day)
        if key not in self.cert_days:
            self.cert_days[key] = False  # a prerequisite cycle (refused by the catalog) cannot loop
            self.cert_days[key] = self._holds(self.certifications.certification(cid), day)
        return self.cert_days[key]

    def _holds(self, cert: Certification, day: dt.date) -> bool:
        if cert.counts_until is not None and day > cert.counts_until:
            return False
        if any(p.certification == cert.id and certification_pass_counts_on(p, cert, day)
               for p in self.person.passed):
            return True
        held = self.exams_on(day)
        if not cert.exams or not held.issuperset(cert.exams):
            return False
        if not cert.prerequisites:
            return True
        earned = self.earned_on(cert, day)
        return any(self.holds(q, day) or (earned is not None and earned < day and self.holds(q, earned))
                   for q in cert.prerequisites)

    def earned_on(self, cert: Certification, day: dt.date) -> dt.date | None:
        """The day a certification held through its exams was earned: the latest of the days its exams were
        first passed by passes that still count on `day`; None when one of them is undated."""
        firsts = []
        for code in cert.exams:
            dates = [p.date for p in self.person.passed if p.exam == code
                     and (p.date is None or p.date <= day) and certification_holds_on(p, day)]
            if not dates or None in dates:
                return None
            firsts.append(min(d for d in dates if d is not None))
        return max(firsts, default=None)


def items_held_on(person: Person, day: dt.date, exams: Mapping[str, Exam],
                  certifications: CertificationCatalog, items: Iterable[str] | None = None) -> frozenset[str]:
    """The items a person holds on `day`: the codes of `exams` whose passes count then and '@<id>' for each
    certification held (of `items` only, when given: exam codes and '@<id>'s, the lists a level reads).

    `exams` are the exams known (planner.rules.catalogs.Catalogs.exams: the designation catalogs' and the
    certification catalog's), `certifications` the certification catalog. The reader of the same exams,
    catalog and items is kept for the next person (HoldingsReader)."""
    wanted = None if items is None else tuple(items)
    key = (id(exams), id(certifications), wanted)
    reader = _READERS.get(key)
    if reader is None or reader.exams is not exams or reader.certifications is not certifications:
        reader = _READERS[key] = HoldingsReader(exams, certifications, wanted)
        while len(_READERS) > _KEPT_READERS:
            del _READERS[next(iter(_READERS))]
    return reader.on(person, day)


_KEPT_READERS = 16
_READERS: dict[tuple[int, int, tuple[str, ...] | None], HoldingsReader] = {}  # the last few, oldest first


class HoldingsReader:
    """items_held_on for many people with the same exams known, certification catalog and items: the
    certifications asked about are looked up once, so each person costs only their own passes."""

    def __init__(self, exams: Mapping[str, Exam], certifications: CertificationCatalog,
                 items: Iterable[str] | None = None) -> None:
        self.exams, self.certifications = exams, certifications
        wanted = list(items) if items is not None else [c.item for c in certifications.certifications]
        ids = [certification_id(i) for i in wanted]
        self.order = [cid for cid in ids if cid is not None and cid in certifications]  # as asked
        self.asked = {cid: certifications.certification(cid) for cid in self.order}
        self.item_of = {cid: item_code(cid) for cid in self.order}

    def on(self, person: Person, day: dt.date) -> frozenset[str]:
        """The items the person holds on `day` (items_held_on)."""
        if all(p.exam is None for p in person.passed):
            return self._certifications_named(person, day)
        holder = _Holder(person, self.exams, self.certifications)
        held_exams = frozenset(c for c in holder.exams_on(day) if c in self.exams)
        return held_exams | {self.item_of[cid] for cid in self.order if holder.holds(cid, day)}

    def _certifications_named(self, person: Person, day: dt.date) -> frozenset[str]:
        """`on` for a person whose passes all name certifications: no exam of theirs completes one, so they
        hold the certifications asked about that their passes name and that count on `day`."""
        asked = self.asked
        return frozenset(self.item_of[cid] for p in person.passed
                         if (cid := p.certification) in asked
                         and certification_pass_counts_on(p, asked[cid], day))


# ---- the ways to earn an item ---------------------------------------------------------------------------

def ways_to_earn(item: str, held: Collection[str], certifications: CertificationCatalog
                 ) -> list[frozenset[str]]:
    """The minimal sets of exams a person holding `held` (exam codes and '@<id>'s) takes to hold `item`:
    for an exam code, itself (nothing when held); for '@c', the exams of c not held, plus, when c has
    prerequisites and none is held, the exams of one way of earning one of them. Fewest exams first, then
    in code order; [] when it cannot be earned (a certification whose exams are not known, on the way)."""
    cid = certification_id(item)
    if item in held:
        return [frozenset()]
    if cid is None:
        return [frozenset({item})]
    cert = certifications.certification(cid)
    if not cert.exams:
        return []
    missing = frozenset(cert.exams) - frozenset(held)
    if not cert.prerequisites or any(item_code(q) in held for q in cert.prerequisites):
        return [missing]
    ways = [missing | way for q in cert.prerequisites
            for way in ways_to_earn(item_code(q), held, certifications)]
    return _minimal(ways)


def _minimal(ways: list[frozenset[str]]) -> list[frozenset[str]]:
    """Each set once, none that holds another, fewest exams first, then in code order."""
    unique = sorted(set(ways), key=lambda w: (len(w), sorted(w)))
    return [w for i, w in enumerate(unique) if not any(o < w for o in unique[:i])]


def earning_window(cert: Certification, as_of: dt.date, deadline: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days from as_of to the deadline on which a certification can still be earned (until it is
    retired), when it would still count on the deadline; None: it cannot be planned."""
    if not cert.exams or (cert.counts_until is not None and cert.counts_until < deadline):
        return None
    last = min(deadline, cert.retired) if cert.retired else deadline
    return (as_of, last) if as_of <= last else None


# ---- renewals ---------------------------------------------------------------------------------------------

def renewal_extends_to(expires: dt.date) -> dt.date:
    """The new expiry after a renewal: one year from the current expiry, not from the day renewed."""
    return add_months(expires, 12)


def renewal_window_before(expires: dt.date, as_of: dt.date, deadline: dt.date
                          ) -> tuple[dt.date, dt.date] | None:
    """The days from as_of to the deadline on which something expiring on `expires` can be renewed so that
    it counts on the deadline: from 6 months before it expires to the day before, when it expires before
    the deadline and one renewal carries it past it. None: no such day."""
    if deadline < expires or deadline >= renewal_extends_to(expires):
        return None
    first = max(as_of, add_months(expires, -RENEWAL_OPENS_MONTHS))
    last = min(expires - dt.timedelta(days=1), deadline)
    return (first, last) if first <= last else None


def certification_renewal_window(passed: Pass, cert: Certification, as_of: dt.date, deadline: dt.date
                                 ) -> tuple[dt.date, dt.date] | None:
    """When a certification pass held on as_of can be renewed to count on the deadline (its expiry being
    its `expires` or Microsoft's default): not after the certification retires, nor when it stops counting
    before the deadline. None: it cannot be renewed so."""
    expires = certification_expires(passed, cert)
    if expires is None or not certification_pass_counts_on(passed, cert, as_of):
        return None
    if cert.counts_until is not None and cert.counts_until < deadline:
        return None
    window = renewal_window_before(expires, as_of, deadline)
    if window is None or (cert.retired is not None and window[0] > cert.retired):
        return None
    return (window[0], min(window[1], cert.retired)) if cert.retired else window


def renewable_certifications(person: Person, exams: Mapping[str, Exam], certifications: CertificationCatalog,
                             as_of: dt.date, deadline: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    """The certifications ('@<id>') a person holds by a certification pass on as_of that expire before the
    deadline and can be renewed in time, each with its renewal window (not those held on the deadline
    anyway, by another pass or by their exams)."""
    on_deadline = items_held_on(person, deadline, exams, certifications)
    out: dict[str, tuple[dt.date, dt.date]] = {}
    for p in person.passed:
        if p.certification is None or p.certification not in certifications:
            continue
        item = item_code(p.certification)
        cert = certifications.certification(p.certification)
        window = certification_renewal_window(p, cert, as_of, deadline)
        if window is not None and item not in on_deadline and item not in out:
            out[item] = window
    return out
