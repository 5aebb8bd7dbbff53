"""Who dominates whom in the bound of several designations (planner/core/bounded.py, 2.): the kinds
dominating a kind are found by intersecting sets of kinds (`_KindSets`), and they are exactly those the
rule names, one pair at a time, in the order of their cheapest option."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.bounded import _EARLIER, _NONE, _STRICT, Reach, _Kind, _KindSets
from planner.core.profiles import NewExamOption, Profile


def _kind(held: frozenset[str], costs: dict[str, int], max_new: int | None, members: list[int]) -> _Kind:
    options = tuple(NewExamOption(key, cost) for key, cost in costs.items())
    ranked = sorted(costs.values())
    return _Kind(Profile(held, options, max_new, members), dict(costs), ranked[0] if ranked else 0,
                 tuple(ranked), Reach({}), members)


def _relation(a: _Kind, b: _Kind) -> int:
    """The rule: a's people dominate b's when they hold what b's hold, may take each option of b's at no
    higher cost, and as many new exams: all of b's people when every option costs a's strictly less (and b
    has some), else b's later people (a kind dominates its own later people)."""
    if a is b:
        return _EARLIER
    limit_a, limit_b = a.profile.max_new, b.profile.max_new
    if limit_a is not None and (limit_b is None or limit_a < limit_b):
        return _NONE
    if not a.profile.held >= b.profile.held or any(a.costs.get(key, cost + 1) > cost
                                                   for key, cost in b.costs.items()):
        return _NONE
    strict = all(a.costs[key] < cost for key, cost in b.costs.items())
    return _STRICT if strict and b.costs else _EARLIER


def test_a_cheaper_look_alike_dominates_all_people_of_a_kind_and_an_equal_one_its_later_people() -> None:
    """Kind 0 pays 1 for A, kinds 1 and 2 pay 2, kind 2 holding X besides: kind 1 is dominated by kind 0
    (all its people: A costs them less), by kind 2 and by itself (their people earlier in the roster);
    kind 2 only by itself (no other kind holds X)."""
    kinds = [_kind(frozenset(), {"A": 1}, None, [5]), _kind(frozenset(), {"A": 2}, None, [1]),
             _kind(frozenset({"X"}), {"A": 2}, None, [0])]
    sets = _KindSets.of(kinds, [0, 2, 1], set())
    assert [(0, _STRICT), (2, _EARLIER), (1, _EARLIER)] == list(sets.dominators(kinds[1]))
    assert [(2, _EARLIER)] == list(sets.dominators(kinds[2]))


KIND = st.tuples(st.sampled_from([frozenset(), frozenset({"X"}), frozenset({"X", "Y"})]),
                 st.dictionaries(st.sampled_from("ABC"), st.integers(1, 3)),
                 st.sampled_from([None, 1, 2]))


@settings(max_examples=80, deadline=None)
@given(st.lists(KIND, min_size=1, max_size=8))
def test_the_kinds_dominating_a_kind_are_those_the_rule_names_by_cheapest_option(drawn) -> None:
    """Random kinds: for each, the kinds found dominating it are those the rule names one pair at a time,
    of those paying no more for their cheapest option, in order of it (then of their first person)."""
    kinds = [_kind(held, costs, max_new, [n]) for n, (held, costs, max_new) in enumerate(drawn)]
    order = sorted(range(len(kinds)), key=lambda n: (kinds[n].cheapest, kinds[n].members[0]))
    sets = _KindSets.of(kinds, order, set())
    expected = [[(m, _relation(kinds[m], b)) for m in order
                 if kinds[m].cheapest <= b.cheapest and _relation(kinds[m], b) != _NONE] for b in kinds]
    assert expected == [list(sets.dominators(b)) for b in kinds]
