"""Matching people to slots without a solver: a small max-flow over groups of alike people.

People who qualify for the same set of roles are interchangeable, so the flow runs over at most
2^roles groups whatever the roster's size; people are then taken from each group in roster order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence


def match_people_to_slots(qualified: Sequence[tuple[int, frozenset[str]]],
                          slots: dict[str, int]) -> list[tuple[int, str]]:
    """A largest set of (person, role) pairs: each person once, each role at most its slots.

    `qualified` lists (roster position, roles the person qualifies for), in roster order.
    """
    groups: dict[frozenset[str], list[int]] = {}
    for index, roles in qualified:
        open_roles = frozenset(r for r in roles if slots.get(r, 0) > 0)
        if open_roles:
            groups.setdefault(open_roles, []).append(index)
    flow = _GroupFlow([(kind, len(members)) for kind, members in groups.items()], slots)
    while flow.augment():
        pass
    pairs: list[tuple[int, str]] = []
    for g, members in enumerate(groups.values()):
        taken = iter(members)
        pairs += [(next(taken), r) for r, n in flow.filled[g].items() for _ in range(n)]
    return sorted(pairs)


def slots_can_be_filled(counts: dict[frozenset[str], int], slots: dict[str, int]) -> bool:
    """Whether people, `counts[roles]` of them qualifying for exactly `roles`, fill every slot, each person
    at most one: a largest flow from the groups to the slots fills them all (Hall's condition over every
    set of roles, checked in as many augmenting paths as there are slots, not over every set)."""
    groups = [(roles, n) for roles, n in counts.items() if n > 0 and roles]
    flow = _GroupFlow(groups, slots)
    needed = sum(n for n in slots.values() if n > 0)
    placed = 0
    while placed < needed and flow.augment():
        placed += 1
    return placed == needed


class _GroupFlow:
    """A largest flow from groups of alike people to the roles' slots, one augmenting path at a time.

    Groups are numbered in the order given, roles are their ids; `filled[g][r]` is how many people of
    group g fill role r.
    """

    def __init__(self, groups: list[tuple[frozenset[str], int]], slots: dict[str, int]) -> None:
        self.roles_of = [roles for roles, _ in groups]
        self.sizes = [size for _, size in groups]
        self.slots = slots
        self.role_ids = [r for r in slots if slots[r] > 0]
        self.filled = [{r: 0 for r in self.role_ids} for _ in groups]
        self.used = [0] * len(groups)  # people of each group placed
        self.load = {r: 0 for r in self.role_ids}  # slots of each role filled

    def augment(self) -> bool:
        """Place one more person along a shortest path (breadth first, groups and roles in their order)
        from a group with someone unplaced, through moves of placed people, to a role with a free slot;
        False when there is none."""
        came_from_role: dict[int, str | None] = {g: None for g, size in enumerate(self.sizes)
                                                 if self.used[g] < size}  # None: a path starts there
        came_from_group: dict[str, int] = {}
        queue: deque[int | str] = deque(came_from_role)
        while queue:
            node = queue.popleft()
            if isinstance(node, str):
                queue += self._groups_reached(node, came_from_role)
                continue
            end = self._roles_reached(node, came_from_group, queue)
            if end is not None:
                self._apply(end, came_from_group, came_from_role)
                return True
        return False

    def _roles_reached(self, g: int, came_from_group: dict[str, int], queue: deque[int | str]) -> str | None:
        """Mark the roles group g qualifies for and no path reached yet; the first with a free slot ends the
        path, the others are queued."""
        for r in self.role_ids:
            if r in self.roles_of[g] and r not in came_from_group:
                came_from_group[r] = g
                if self.load[r] < self.slots[r]:
                    return r
                queue.append(r)
        return None

    def _groups_reached(self, r: str, came_from_role: dict[int, str | None]) -> list[int]:
        """The groups with someone in role r (who could move) that no path reached yet, now marked."""
        reached = [g for g in range(len(self.sizes)) if self.filled[g][r] > 0 and g not in came_from_role]
        for g in reached:
            came_from_role[g] = r
        return reached

    def _apply(self, role: str, came_from_group: dict[str, int],
               came_from_role: dict[int, str | None]) -> None:
        """Shift one person along the path that ends at `role`: each group on it gives up the role it came
        from and takes the next one; the group the path starts from places one more person."""
        self.load[role] += 1
        while True:
            g = came_from_group[role]
            self.filled[g][role] += 1
            previous = came_from_role[g]
            if previous is None:
                self.used[g] += 1
                return
            self.filled[g][previous] -= 1
            role = previous
