"""The classes pruning (planner/core/pruning.py, `_k_first_per_class`) keeps the k first people of every
(set of roles, number of changes) class by (cost, roster position), however it gets there: profiles whose
every person has k people before them in every class are left out unread (`_outranked`), and profiles alike
on a set of lists share its covers (`AlikeCovers`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.covers import AlikeCovers, CoversOf, _covers, cheapest_cover_by_count
from planner.core.items import CertificationRules, CertificationSpec
from planner.core.profiles import NewExamOption, Profile
from planner.core.pruning import _k_first_per_class, _outranked

# @c needs A and B; @d needs C and one of @c's prerequisites (@c); lists name them beside exam codes
RULES = CertificationRules((CertificationSpec("c", ("A", "B"), (), True),
                            CertificationSpec("d", ("C",), ("c",), True)))
LISTS = [("one", frozenset({"@c", "D"})), ("two", frozenset({"@d"})), ("three", frozenset({"A", "C"}))]
ROLE_SETS = [((), (LISTS[0],)), ((), (LISTS[1],)), ((), (LISTS[0], LISTS[2])), ((), tuple(LISTS))]


def _profile(costs: dict[str, int], members: list[int], held: frozenset[str] = frozenset(),
             max_new: int | None = None) -> Profile:
    options = tuple(NewExamOption(e.removesuffix("~renewal"), c, renewal=e.endswith("~renewal"))
                    for e, c in costs.items())
    return Profile(held, options, max_new, members)


def test_a_profile_with_k_people_before_it_no_dearer_is_outranked() -> None:
    """B (first person 5) may take what A (people 0 and 1) may, at a cost no lower: with k = 2 both of A's
    people come first in every class of B's, so B is left out; with k = 3 it is not."""
    a = _profile({"A": 100, "B": 200}, [0, 1])
    b = _profile({"A": 100, "B": 300}, [5, 6])
    assert ({id(b)}, set()) == (_outranked([a, b], 2), _outranked([a, b], 3))


def test_a_profile_is_not_outranked_by_people_lacking_one_of_its_options_or_room_for_exams() -> None:
    """A profile whose cheaper look-alikes lack one of its options, or may take fewer new exams, is kept."""
    b = _profile({"A": 300, "D": 300}, [5])
    lacking = _profile({"A": 100}, [0, 1, 2])
    capped = _profile({"A": 100, "D": 100}, [0, 1, 2], max_new=1)
    assert (set(), set()) == (_outranked([lacking, b], 2), _outranked([capped, b], 2))


def _listed_k_first(profiles: list[Profile], k: int) -> set[int]:
    """The k first people of every class, each person's covers of each set of lists worked out alone."""
    classes: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for prof in profiles:
        for n, (_, lists) in enumerate(ROLE_SETS):
            for count, cost in cheapest_cover_by_count(prof.held, prof.options, prof.max_new, lists,
                                                       RULES).items():
                classes.setdefault((n, count), []).extend((cost, i) for i in prof.members)
    return {i for ranked in classes.values() for _, i in sorted(ranked)[:k]}


OPTION_KEYS = ["A", "B", "C", "D", "@c~renewal"]
PROFILE = st.tuples(st.dictionaries(st.sampled_from(OPTION_KEYS), st.sampled_from([100, 200, 300])),
                    st.sampled_from([frozenset(), frozenset({"A"}), frozenset({"@c"})]),
                    st.sampled_from([None, None, 1, 2]), st.integers(1, 3))


@settings(max_examples=60, deadline=None)
@given(st.lists(PROFILE, min_size=1, max_size=7), st.integers(1, 3), st.randoms(use_true_random=False))
def test_the_k_first_of_every_class_are_those_of_each_persons_own_covers(drawn, k, rng) -> None:
    """Profiles of random options and costs (often alike, often outranked), lists naming certifications:
    the people kept are the k first of every class, each person's covers worked out on their own."""
    positions = list(range(sum(n for *_, n in drawn)))
    rng.shuffle(positions)
    profiles = []
    for costs, held, max_new, n in drawn:
        members, positions = sorted(positions[:n]), positions[n:]
        profiles.append(_profile(costs, members, held, max_new))
    kept = _k_first_per_class({(n,): p for n, p in enumerate(profiles)}, ROLE_SETS, k, (), RULES)
    assert _listed_k_first(profiles, k) == set(kept)


@settings(max_examples=60, deadline=None)
@given(st.lists(PROFILE, min_size=1, max_size=4))
def test_covers_of_lists_naming_certifications_are_those_of_every_combination(drawn) -> None:
    """A profile's cheapest covers of each set of lists naming certifications (worked out once per list and
    group of joined lists, the groups' unions of ways built list by list) are those of listing every
    combination of one way per list."""
    for costs, held, max_new, _ in drawn:
        prof = _profile(costs, [0], held, max_new)
        listed = []
        for _, lists in ROLE_SETS:
            least: dict[int, int] = {}
            for _, count, cost in _covers(held, prof.options, max_new, lists, RULES):
                least[count] = min(cost, least.get(count, cost))
            listed.append(least)
        covers = CoversOf(prof, {}, RULES)
        assert listed == [covers.by_count(lists) for _, lists in ROLE_SETS]


def test_profiles_of_one_shape_share_its_unions_and_each_pays_its_own_costs() -> None:
    """Three profiles with the same options of the lists at other costs, one also holding an exam (E) no list
    needs, read through one AlikeCovers: each one's covers of every set of lists are its own."""
    shared = AlikeCovers(RULES)
    drawn = [_profile({"A": 100, "B": 200, "C": 300, "@c~renewal": 50}, [0]),
             _profile({"A": 300, "B": 100, "C": 100, "@c~renewal": 400}, [1]),
             _profile({"A": 200, "B": 200, "C": 200, "@c~renewal": 200}, [2], frozenset({"E"}), 2)]
    alone = [[CoversOf(prof, {}, RULES).by_count(lists) for _, lists in ROLE_SETS] for prof in drawn]
    together = [[CoversOf(prof, {}, RULES, shared).by_count(lists) for _, lists in ROLE_SETS]
                for prof in drawn]
    assert alone == together


def test_the_certification_rules_hash_once_and_never_carry_their_hash_to_another_process() -> None:
    """The rules key the caches of their closures and footprints: their hash is worked out once, equal rules
    hash alike, and a copy (pickled, as between processes, where strings hash differently) works it out
    again rather than carrying it."""
    import pickle

    twin = CertificationRules(tuple(CertificationSpec(s.id, s.exams, s.prerequisites, s.earnable)
                                    for s in RULES.specs))
    assert twin is not RULES and twin == RULES and hash(twin) == hash(RULES)
    assert "_hash" in RULES.__dict__
    copy = pickle.loads(pickle.dumps(RULES))
    assert "_hash" not in copy.__dict__ and copy == RULES and hash(copy) == hash(RULES)
    assert copy.closure({"A", "B"}) == RULES.closure({"A", "B"})
