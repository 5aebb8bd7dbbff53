"""Matching people to slots without a solver: a small max-flow over groups of alike people.

People who qualify for the same set of roles are interchangeable, so the flow runs over at most
2^roles groups whatever the roster's size; people are then taken from each group in roster order.
"""

from __future__ import annotations

from collections.abc import Sequence


def match_people_to_slots(qualified: Sequence[tuple[int, frozenset[str]]],
                          slots: dict[str, int]) -> list[tuple[int, str]]:
    """A largest set of (person, role) pairs: each person once, each role at most its slots.

    `qualified` lists (roster position, roles the person qualifies for), in roster order.
    """
    groups: dict[frozenset[str], list[int]] = {}
    for index, roles in qualified:
        roles = frozenset(r for r in roles if slots.get(r, 0) > 0)
        if roles:
            groups.setdefault(roles, []).append(index)
    kinds = list(groups)
    role_ids = [r for r in slots if slots[r] > 0]
    # flow[g][r]: how many people of group g fill role r
    flow = [{r: 0 for r in role_ids} for _ in kinds]
    used = [0] * len(kinds)
    load = {r: 0 for r in role_ids}

    def augment() -> bool:
        # BFS from groups with spare people to roles with spare slots, through existing flow.
        parent: dict[tuple[str, object], tuple[str, object] | None] = {}
        queue: list[tuple[str, object]] = []
        for g in range(len(kinds)):
            if used[g] < len(groups[kinds[g]]):
                node = ("g", g)
                parent[node] = None
                queue.append(node)
        while queue:
            node = queue.pop(0)
            if node[0] == "g":
                g = node[1]
                assert isinstance(g, int)
                for r in role_ids:
                    if r in kinds[g] and ("r", r) not in parent:
                        parent[("r", r)] = node
                        if load[r] < slots[r]:
                            _apply(parent, ("r", r))
                            return True
                        queue.append(("r", r))
            else:
                r = node[1]
                for g in range(len(kinds)):
                    if flow[g][r] > 0 and ("g", g) not in parent:  # type: ignore[index]
                        parent[("g", g)] = node
                        queue.append(("g", g))
        return False

    def _apply(parent: dict[tuple[str, object], tuple[str, object] | None], end: tuple[str, object]) -> None:
        role = end[1]
        assert isinstance(role, str)
        load[role] += 1
        node: tuple[str, object] | None = end
        while node is not None:
            prev = parent[node]
            if node[0] == "r" and prev is not None:
                flow[prev[1]][node[1]] += 1  # type: ignore[index]
            elif node[0] == "g" and prev is not None:
                flow[node[1]][prev[1]] -= 1  # type: ignore[index]
            if prev is None:
                used[node[1]] += 1  # type: ignore[index]
            node = prev

    while augment():
        pass
    pairs: list[tuple[int, str]] = []
    for g, kind in enumerate(kinds):
        members = iter(groups[kind])
        for r in role_ids:
            for _ in range(flow[g][r]):
                pairs.append((next(members), r))
    return sorted(pairs)
