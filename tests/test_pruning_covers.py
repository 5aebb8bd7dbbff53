"""The classes pruning works out each profile's cheapest covers once per group of joined exam lists and
reuses them for every set of roles (planner/core/pruning.py, `CoversOf`): the answers are
those of listing every combination of one exam per list (`_covers`) for each set of lists, in any order
they are asked."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planner.core.covers import CoversOf, _covers
from planner.core.profiles import NewExamOption, Profile

OPTION = st.builds(NewExamOption, exam=st.sampled_from("ABCDEF"), cost_cents=st.integers(0, 50),
                   renewal=st.booleans())
# lists that often share exams, so that groups of joined lists differ from one set of lists to the next
LIST = st.frozensets(st.sampled_from("ABCDEF"), min_size=1, max_size=3)


def _listed(held: frozenset[str], options: tuple[NewExamOption, ...], max_new: int | None,
            lists: tuple[tuple[str, frozenset[str]], ...]) -> dict[int, int]:
    """The least cost of each number of new exams, from every combination of one exam per list."""
    listed: dict[int, int] = {}
    for _, count, cost in _covers(held, options, max_new, lists):
        listed[count] = min(cost, listed.get(count, cost))
    return listed


RENEWAL_UNDER_A_CAP = dict(options=[NewExamOption("A", 5, renewal=True), NewExamOption("B", 1)],
                           held=frozenset(), max_new=0, lists=[frozenset("A"), frozenset("AB")])
TWO_GROUPS_OVER_A_CAP = dict(options=[NewExamOption("A", 1), NewExamOption("B", 1)], held=frozenset(),
                             max_new=1, lists=[frozenset("A"), frozenset("B")])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(options=st.lists(OPTION, max_size=6, unique_by=lambda o: o.key),
       held=st.frozensets(st.sampled_from("ABCDEF"), max_size=2), max_new=st.none() | st.integers(0, 3),
       lists=st.lists(LIST, min_size=2, max_size=5, unique=True), data=st.data())
@example(**RENEWAL_UNDER_A_CAP, data=None).via("a renewal needs no room under max_new 0")
@example(**TWO_GROUPS_OVER_A_CAP, data=None).via("max_new counts the new exams of every group together")
def test_a_profiles_covers_for_many_sets_of_lists_are_each_sets_cheapest_covers(options, held, max_new,
                                                                                 lists, data):
    """One profile asked for several sets of overlapping lists (each a subset of the same lists, as the
    sets of roles of a plan are) gets, for each, the cheapest covers that listing every combination gives
    for it alone."""
    named = [(str(i), codes) for i, codes in enumerate(lists)]
    some = st.lists(st.sampled_from(named), min_size=1, unique=True).map(tuple)
    sets = [(named[0],), tuple(named)] if data is None else data.draw(st.lists(some, min_size=2, max_size=6))
    covers = CoversOf(Profile(held, tuple(options), max_new, [0]), {})
    expected = [_listed(held, tuple(options), max_new, lsts) for lsts in sets]
    assert expected == [covers.by_count(lsts) for lsts in sets]
