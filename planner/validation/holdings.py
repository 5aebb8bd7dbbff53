"""What a person holds on the deadline, before and after a plan, restated for the re-check (without
planner.rules), and the rules on the certifications a plan renews or says it earns.

An item is an exam code or a certification as '@<id>'. A person holds, on a day:

- an exam when a pass of it counts that day: dated on or before it (or undated), not expired (`expires`,
  when given, is after the day; an exam pass has no default expiry), and the exam still counts then
  (`counts_until`);
- a certification c, never after c's `counts_until`, when
  * a pass names c and counts that day: dated on or before it, and the day is before it expires: its
    `expires`, else Microsoft's rule by kind (fundamentals never; associate, expert and specialty one
    year after `date`, two years when earned before 30 Jun 2021; undated: it counts), or
  * every exam of c is held that day and c has no prerequisite, or one of its prerequisites is held that
    day, or (every exam passed before the plan, each pass dated) was held on the day c was earned, the
    latest of the days its exams were first passed: an earned certification stays valid whatever becomes
    of the one it needed.

A plan adds its new exams (held on the deadline) and its renewals (an exam pass's code, or '@<id>' for a
pass naming a certification). A certification earned with a new exam must still be earnable: the new
exams of it can be taken on or before its `retired` day, and its prerequisite must be held on the deadline
(the plan earns one when none is). A renewal of a certification pass is open from six months before it
expires (its `expires` or the default) to the day before, between as_of and the deadline, not after the
certification retires; it is offered only when the pass counts on as_of, expires on or before the deadline,
renewed (one year from its current expiry) counts past it, and the certification is not held on the
deadline anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from models.catalog import Exam
from models.certification import Certification, CertificationCatalog
from models.report import NewExam
from models.scenario import Pass, Person

if TYPE_CHECKING:
    from planner.validation.facts import Plan

AT = "@"
"""A certification is the item '@<id>' beside exam codes."""
ONE_YEAR_FROM = dt.date(2021, 6, 30)
"""Role-based and specialty certifications earned on or after this day are valid one year, those earned
before two (Microsoft Learn, 'Renew your Microsoft Certification')."""
EXPIRING_KINDS = frozenset({"associate", "expert", "specialty"})
"""The kinds of certification that expire by default; fundamentals never do, nor an unknown kind."""
RENEWAL_OPENS_MONTHS = 6
"""A renewal opens this many months before the certification expires."""


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (or earlier), or that month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    for d in range(day.day, 27, -1) if day.day > 28 else [day.day]:
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    return dt.date(year, month + 1, 28)


def certification_pass_expires(passed: Pass, cert: Certification) -> dt.date | None:
    """The day a pass naming a certification stops counting: its `expires`, else one year after its date
    (two before 30 Jun 2021) for an associate, expert or specialty certification; None: never, or not
    known (undated)."""
    if passed.expires is not None:
        return passed.expires
    if passed.date is None or cert.kind not in EXPIRING_KINDS:
        return None
    return months_later(passed.date, 12 if passed.date >= ONE_YEAR_FROM else 24)


def certification_pass_counts_on(passed: Pass, cert: Certification, day: dt.date) -> bool:
    """A pass naming a certification counts on `day`: earned by then, not expired, and the certification
    still counts for the designations."""
    if passed.date is not None and passed.date > day:
        return False
    expires = certification_pass_expires(passed, cert)
    if expires is not None and day >= expires:
        return False
    return cert.counts_until is None or day <= cert.counts_until


def exam_pass_counts_on(passed: Pass, exam: Exam, day: dt.date) -> bool:
    """A pass naming an exam counts on `day`: passed by then, not expired, the exam still counting."""
    return ((passed.date is None or passed.date <= day) and (passed.expires is None or day < passed.expires)
            and (exam.counts_until is None or day <= exam.counts_until))


def exams_passed_on(passed: Iterable[Pass], day: dt.date, dated: bool = True) -> frozenset[str]:
    """The exam codes of passes counting on `day` whatever their exam's `counts_until` (the caller keeps the
    exams still counting): not expired (`expires` after the day) and, `dated`, passed by then (undated:
    passed)."""
    return frozenset(p.exam for p in passed if p.exam is not None and (p.expires is None or day < p.expires)
                     and (not dated or p.date is None or p.date <= day))


def renewed_item(e: NewExam) -> str:
    """What a new exam adds: its exam code, or '@<id>' for the renewal of a pass naming a certification."""
    return AT + e.certification if e.renewal and e.certification is not None else e.exam


class Holdings:
    """What the people of one plan hold on the deadline (certifications: those of `wanted`, by id),
    before the plan and with any set of new exams and renewals (each person and set worked out once)."""

    def __init__(self, exams: Mapping[str, Exam], certifications: CertificationCatalog, wanted: Iterable[str],
                 as_of: dt.date, deadline: dt.date) -> None:
        self.exams, self.certifications = exams, certifications
        self.wanted = [cid for cid in dict.fromkeys(wanted) if cid in certifications]
        self.as_of, self.deadline = as_of, deadline
        self._after: dict[tuple[str, frozenset[str]], frozenset[str]] = {}
        """What each person holds with each set of new items, asked for again and again by the rules (six
        designations on 200 people: 2,110 questions, 211 different)."""
        self.by_id = {c.id: c for c in certifications.certifications}
        """The certifications by id (read once: the catalog's own lookup is slow on 100,000 people)."""
        self._exams_of_wanted = {code for cid in self.wanted for code in self.by_id[cid].exams}

    def exams_on(self, person: Person, day: dt.date) -> frozenset[str]:
        """The known exams whose passes count on `day`."""
        return frozenset(p.exam for p in person.passed if p.exam is not None and p.exam in self.exams
                         and exam_pass_counts_on(p, self.exams[p.exam], day))

    def before(self, person: Person) -> frozenset[str]:
        """The items a person holds on the deadline without the plan."""
        return self.after(person, frozenset())

    def after(self, person: Person, new: frozenset[str]) -> frozenset[str]:
        """The items a person holds on the deadline once `new` (exam codes taken or renewed, '@<id>'
        renewed) is done (worked out once per person and set of new items)."""
        key = (person.id, new)
        held = self._after.get(key)
        if held is None:
            held = self._after[key] = self._work_out(person, new)
        return held

    def _work_out(self, person: Person, new: frozenset[str]) -> frozenset[str]:
        exams = self.exams_on(person, self.deadline)
        if not self.wanted or (not new and not self._may_hold_some(person)):
            return exams | new
        base = None if not new else _Asker(self, person, self.deadline)
        ask = _Asker(self, person, self.deadline, new, base)
        return exams | {i for i in new if not i.startswith(AT)} | {
            AT + cid for cid in self.wanted if ask.holds(cid)}

    def _may_hold_some(self, person: Person) -> bool:
        """A pass names a certification, or an exam of one of the certifications asked about."""
        return any(p.certification is not None or p.exam in self._exams_of_wanted for p in person.passed)

    def holds_before(self, person: Person, cid: str) -> bool:
        """Whether a person holds certification `cid` on the deadline without the plan."""
        return _Asker(self, person, self.deadline).holds(cid)

    def earliest_earned(self, cert: Certification, fresh: Iterable[str]) -> dt.date:
        """The first day the plan's new exams of a certification (`fresh`) can all have been taken."""
        opens = [self.exams[c].first_take for c in fresh if c in self.exams]
        return max([self.as_of, *(d for d in opens if d is not None)])

    def earned_on(self, person: Person, cert: Certification, day: dt.date) -> dt.date | None:
        """The day a certification held through its exams on `day` was earned: the latest of the days its
        exams were first passed (by passes counting on `day`); None when one of them is undated."""
        firsts = []
        for code in cert.exams:
            exam = self.exams.get(code)
            dates = [p.date for p in person.passed
                     if p.exam == code and exam is not None and exam_pass_counts_on(p, exam, day)]
            if not dates or None in dates:
                return None
            firsts.append(min(d for d in dates if d is not None))
        return max(firsts, default=None)

    def renewal_days(self, person: Person, cid: str) -> tuple[dt.date, dt.date] | None:
        """The days from as_of to the deadline on which a pass of the person's naming certification `cid`
        can be renewed so that it counts on the deadline (see the module's docstring); None: none."""
        cert = self.certifications.certification(cid)
        if cert.counts_until is not None and cert.counts_until < self.deadline:
            return None
        if self.holds_before(person, cid):
            return None
        for passed in person.passed:
            if passed.certification != cid or not certification_pass_counts_on(passed, cert, self.as_of):
                continue
            expires = certification_pass_expires(passed, cert)
            if expires is None or not expires <= self.deadline < months_later(expires, 12):
                continue
            first = max(self.as_of, months_later(expires, -RENEWAL_OPENS_MONTHS))
            last = min(expires - dt.timedelta(days=1), self.deadline, cert.retired or self.deadline)
            if first <= last:
                return first, last
        return None


class _Asker:
    """Whether one person holds certifications on one day, with the plan's `new` items on the deadline
    (`base`: the same person without the plan, to tell what the plan earns)."""

    def __init__(self, book: Holdings, person: Person, day: dt.date, new: frozenset[str] = frozenset(),
                 base: _Asker | None = None) -> None:
        self.book, self.person, self.day, self.new, self.base = book, person, day, new, base
        self.old = book.exams_on(person, day)
        self.exams = self.old | {i for i in new if not i.startswith(AT)}
        self.memo: dict[str, bool] = {}

    def holds(self, cid: str) -> bool:
        if cid not in self.memo:
            self.memo[cid] = False  # a prerequisite cycle (the catalog refuses them) cannot loop
            self.memo[cid] = self._holds(self.book.by_id[cid])
        return self.memo[cid]

    def _holds(self, cert: Certification) -> bool:
        if cert.counts_until is not None and self.day > cert.counts_until:
            return False
        if AT + cert.id in self.new or any(
                p.certification == cert.id and certification_pass_counts_on(p, cert, self.day)
                for p in self.person.passed):
            return True
        if not cert.exams or not self.exams.issuperset(cert.exams):
            return False
        fresh = [c for c in cert.exams if c not in self.old]
        if not self._prerequisite_held(cert, fresh):
            return False
        if self.base is None or self.base.holds(cert.id):
            return True
        # earned by the plan: not after it retires
        return cert.retired is None or self.book.earliest_earned(cert, fresh) <= cert.retired

    def _prerequisite_held(self, cert: Certification, fresh: list[str]) -> bool:
        if not cert.prerequisites or any(self.holds(q) for q in cert.prerequisites):
            return True
        if fresh:
            return False
        earned = self.book.earned_on(self.person, cert, self.day)
        return earned is not None and earned < self.day and any(
            _Asker(self.book, self.person, earned).holds(q) for q in cert.prerequisites)


# ---- the rules --------------------------------------------------------------------------------------------

def certification_renewals_can_be_made(plan: Plan) -> list[str]:
    """A renewal naming a certification names a known one (its `exam` repeating the id) and renews a pass of
    it the person holds on as_of, inside its window, so that it counts on the deadline; only a renewal
    names a certification."""
    problems: list[str] = []
    for e in plan.report.new_exams:
        person = plan.people.get(e.person)
        if e.certification is None or person is None:
            continue
        where = f"{e.person}/{e.exam}"
        if not e.renewal:
            problems.append(f"{where} names certification {e.certification!r} but is no renewal (a new exam "
                            "lists what it earns under certifications)")
        elif e.certification not in plan.certifications or e.exam != e.certification:
            problems.append(f"{where} renews unknown certification {e.certification!r}")
        elif plan.book is None or e.certification not in plan.book.wanted:
            problems.append(f"{where} renews {e.certification}, which no list of the goals names or needs")
        elif plan.book.renewal_days(person, e.certification) is None:
            problems.append(f"{where} is planned as a renewal, but no pass of theirs naming "
                            f"{e.certification} can be renewed between {plan.scenario.as_of} and "
                            f"{plan.deadline} to count on the deadline")
    return problems


def new_exams_earn_the_certifications_they_name(plan: Plan) -> list[str]:
    """Each certification a new exam says it earns is a known one the person does not hold on the deadline
    without the plan, holds with it, and would not hold without this exam (its own exam or a
    prerequisite's), so it can still be earned (not retired) and its prerequisite is held."""
    problems: list[str] = []
    for e in plan.report.new_exams:
        person = plan.people.get(e.person)
        if e.renewal or not e.certifications or person is None:
            continue
        for cid in e.certifications:
            if cid not in plan.certifications:
                problems.append(f"{e.person}/{e.exam} says it earns unknown certification {cid!r}")
                continue
            if AT + cid not in plan.earned_with(person, e):
                why = _why_not_earned(plan, person, e, cid)
                problems.append(f"{e.person}/{e.exam} says it earns {cid}, but {why}")
    return problems


def _why_not_earned(plan: Plan, person: Person, e: NewExam, cid: str) -> str:
    cert = plan.certifications.certification(cid)
    item = AT + cid
    if plan.book is None or cid not in plan.book.wanted:
        return "no list of the goals names or needs it"
    if plan.book.holds_before(person, cid):
        return f"{person.id} holds it on {plan.deadline} without the plan"
    if e.exam not in _exams_toward(plan.certifications, cert):
        return f"{e.exam} is no exam of it or of its prerequisites"
    if cert.counts_until is not None and cert.counts_until < plan.deadline:
        return f"it counts only until {cert.counts_until}"
    fresh = [c for c in cert.exams if c not in plan.held(person)]
    earliest = plan.book.earliest_earned(cert, fresh)
    if cert.retired is not None and item not in plan.has(person) and earliest > cert.retired:
        return f"it retired on {cert.retired}, before the plan can earn it (on {earliest} at the earliest)"
    if item not in plan.has(person):
        return "its exams (and a prerequisite) are not all held with the plan"
    return f"it is held with the plan without {e.exam}"


def _exams_toward(certifications: CertificationCatalog, cert: Certification) -> set[str]:
    """The exams of a certification and of every prerequisite on the way to it."""
    out, todo, seen = set(), [cert.id], set()
    while todo:
        cid = todo.pop()
        if cid in seen or cid not in certifications:
            continue
        seen.add(cid)
        c = certifications.certification(cid)
        out |= set(c.exams)
        todo += c.prerequisites
    return out
