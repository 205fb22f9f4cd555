"""Seeding: standard bracket order, seeding by rank / random / manual, groups and cross-seeding."""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence

__all__ = ["seed", "seeding_from_groups", "snake_groups", "standard_order"]

SEED_METHODS = ("rank", "random", "manual")


def standard_order(n: int) -> list[int]:
    """Seeds in first-round slot order for a bracket of ``n`` (a power of two).

    Slots 2k and 2k+1 meet in round 1; each pair sums to n + 1 (1 v n, 2 v n-1, ...), and the
    order is built by splitting every seed s of the half-size bracket into (s, m + 1 - s), so
    the top two seeds are in different halves, the top four in different quarters, and so on:
    seeds 1 and 2 can only meet in the final. 8 -> [1, 8, 4, 5, 2, 7, 3, 6].
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1 or n & (n - 1):
        raise ValueError(f"bracket size must be a power of two (1, 2, 4, 8, ...), got {n!r}")
    order = [1]
    while len(order) < n:
        size = 2 * len(order)
        order = [s for top in order for s in (top, size + 1 - top)]
    return order


def seed(
    entrants: Sequence[Hashable],
    method: str = "rank",
    *,
    order: Sequence[Hashable] | None = None,
    rng_seed: int | str | None = None,
) -> list:
    """Seed list (best first) for ``entrants``.

    ``rank``: as given. ``random``: a shuffle that is the same for the same ``rng_seed`` (keep
    the seed with the event so the draw can be shown and repeated; None draws afresh).
    ``manual``: ``order``, which must be a permutation of the entrants.
    """
    entrants = list(entrants)
    _check_unique(entrants, "entrants")
    if method not in SEED_METHODS:
        raise ValueError(f"unknown seeding method {method!r} (expected one of {SEED_METHODS})")
    if order is not None and method != "manual":
        raise ValueError(f"an order is only used with method='manual', not {method!r}")
    if method == "rank":
        return entrants
    if method == "random":
        shuffled = entrants[:]
        random.Random(rng_seed).shuffle(shuffled)
        return shuffled
    if order is None:
        raise ValueError("method='manual' needs an order")
    order = list(order)
    _check_unique(order, "manual order")
    missing = [e for e in entrants if e not in set(order)]
    extra = [e for e in order if e not in set(entrants)]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing {missing!r}")
        if extra:
            parts.append(f"not entrants {extra!r}")
        raise ValueError(f"manual order is not a permutation of the entrants: {'; '.join(parts)}")
    return order


def snake_groups(entrants: Sequence[Hashable], groups: int) -> list[list]:
    """Deal seeded entrants (best first) over ``groups`` groups in snake order.

    Seeds 1..g go to groups 1..g, seeds g+1..2g to groups g..1, and so on, so every group gets
    a similar mix of strong and weak entrants. Groups differ in size by at most one.
    """
    if groups < 1:
        raise ValueError(f"groups must be at least 1, got {groups}")
    entrants = list(entrants)
    _check_unique(entrants, "entrants")
    result: list[list] = [[] for _ in range(groups)]
    for i, entrant in enumerate(entrants):
        row, col = divmod(i, groups)
        result[col if row % 2 == 0 else groups - 1 - col].append(entrant)
    return result


def seeding_from_groups(standings: Sequence[Sequence[Hashable]], advance: int) -> list:
    """Playoff seed list from group finishing orders, so group mates meet as late as possible.

    ``standings[g]`` is group g's finishing order; the top ``advance`` of each go through.
    Group winners are seeds 1..G in group order. Each further place fills the next G seeds,
    assigned so that, in a standard bracket (``standard_order`` of the next power of two,
    byes to the top seeds), an entrant meets the entrants of its own group as late as
    possible: earliest possible meetings are avoided first, then the next earliest, and so
    on. Among equally good assignments the snake order is kept (runners-up in reversed
    group order, thirds in group order, ...).

    Two groups, two through: [A1, B1, A2, B2], so A1 v B2 and B1 v A2 and group mates can
    only meet in the final.
    """
    groups = [list(g) for g in standings]
    if advance < 1:
        raise ValueError(f"advance must be at least 1, got {advance}")
    if not groups:
        raise ValueError("no groups given")
    for number, group in enumerate(groups, start=1):
        if len(group) < advance:
            raise ValueError(
                f"group {number} has {len(group)} entrants, fewer than the {advance} advancing"
            )
    _check_unique([e for g in groups for e in g], "group entrants")

    count = len(groups)
    total = count * advance
    size = 1
    while size < total:
        size *= 2
    slot_of = {s: i for i, s in enumerate(standard_order(size))}
    levels = size.bit_length() - 1  # rounds in the bracket

    def meeting_round(seed_a: int, seed_b: int) -> int:
        return (slot_of[seed_a] ^ slot_of[seed_b]).bit_length()

    # A meeting in round r costs base ** (levels - r): one earlier meeting outweighs any
    # number of later ones; the snake-order preference is a tie-break below all of them.
    base = total * total + 1
    tie_scale = count * count + 1

    seeds_of_group: list[list[int]] = [[g + 1] for g in range(count)]
    result = [groups[g][0] for g in range(count)]
    for place in range(1, advance):
        first_seed = place * count + 1
        snake = list(range(count)) if place % 2 == 0 else list(range(count - 1, -1, -1))
        cost = [
            [
                sum(
                    base ** (levels - meeting_round(first_seed + j, other))
                    for other in seeds_of_group[g]
                )
                * tie_scale
                + abs(snake.index(g) - j)
                for j in range(count)
            ]
            for g in range(count)
        ]
        seed_for_group = _min_cost_assignment(cost)
        tier: list = [None] * count
        for g, j in enumerate(seed_for_group):
            tier[j] = groups[g][place]
            seeds_of_group[g].append(first_seed + j)
        result.extend(tier)
    return result


def _min_cost_assignment(cost: list[list[int]]) -> list[int]:
    """Hungarian method on a square integer matrix: column assigned to each row."""
    n = len(cost)
    # An integer "infinity" (the costs can exceed a float's range): reduced costs never pass
    # the sum of all entries times n.
    big = (sum(map(sum, cost)) + 1) * (n + 1) * 4
    u = [0] * (n + 1)
    v = [0] * (n + 1)
    match = [0] * (n + 1)  # match[column] = row, 1-based, 0 = free
    way = [0] * (n + 1)
    for row in range(1, n + 1):
        match[0] = row
        col0 = 0
        minv = [big] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[col0] = True
            r0 = match[col0]
            delta, col1 = big, 0
            for col in range(1, n + 1):
                if used[col]:
                    continue
                reduced = cost[r0 - 1][col - 1] - u[r0] - v[col]
                if reduced < minv[col]:
                    minv[col], way[col] = reduced, col0
                if minv[col] < delta:
                    delta, col1 = minv[col], col
            for col in range(n + 1):
                if used[col]:
                    u[match[col]] += delta
                    v[col] -= delta
                else:
                    minv[col] -= delta
            col0 = col1
            if match[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            match[col0] = match[col1]
            col0 = col1
    assignment = [0] * n
    for col in range(1, n + 1):
        assignment[match[col] - 1] = col - 1
    return assignment


def _check_unique(items: list, what: str) -> None:
    seen: set = set()
    for item in items:
        if item in seen:
            raise ValueError(f"{item!r} appears twice in the {what}")
        seen.add(item)
