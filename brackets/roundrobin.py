"""Round robin (circle method), group standings with configurable tie-breakers, Swiss pairings."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .seeding import _check_unique

__all__ = [
    "TIEBREAKERS",
    "Result",
    "Standing",
    "SwissError",
    "round_robin",
    "standings",
    "swiss_pairings",
    "swiss_round_count",
]

FORFEITS = ("red", "blue", "both")
TIEBREAKERS = ("points", "wins", "head_to_head", "score_diff", "score_for", "score_against")


class SwissError(ValueError):
    """No Swiss pairing exists without repeating a pair."""


def round_robin(entrants: Sequence[Hashable], *, double: bool = False) -> list[list[tuple]]:
    """Rounds of (red, blue) pairs in which every pair of entrants meets once (``double``: twice).

    Circle method: one entrant stays put, the others rotate one place per round. With an odd
    count the fixed place is a bye, so each entrant sits out exactly one round (it is simply
    absent from that round). Even n gives n - 1 rounds, odd n gives n rounds; ``double``
    repeats them with red and blue swapped.

    Colours: an entrant is red in the top row of the circle and blue in the bottom row, and the
    match against the fixed place alternates by round, so over a single round robin every
    entrant's red and blue counts differ by at most one (exactly equal for odd n); in a double
    round robin they are equal.
    """
    entrants = list(entrants)
    _check_unique(entrants, "entrants")
    if len(entrants) < 2:
        return []
    bye = object()
    circle: list = [bye, *entrants] if len(entrants) % 2 else entrants[:]
    m = len(circle)
    fixed, rotating = circle[0], circle[1:]
    rounds = []
    for r in range(m - 1):
        ring = rotating[r:] + rotating[:r]
        # ring[-1] meets the fixed place; ring[i] meets ring[m - 3 - i] for the rest.
        pairs = [(fixed, ring[-1]) if r % 2 == 0 else (ring[-1], fixed)]
        pairs += [(ring[i], ring[m - 3 - i]) for i in range((m - 2) // 2)]
        rounds.append([(a, b) for a, b in pairs if a is not bye and b is not bye])
    if double:
        rounds += [[(b, a) for a, b in rnd] for rnd in rounds]
    return rounds


@dataclass(frozen=True)
class Result:
    """One played (or forfeited) match. ``forfeit`` is "red", "blue" or "both": the forfeiting
    side loses and no score counts for either side; scores may then be None."""

    red: Hashable
    blue: Hashable
    red_score: float | None
    blue_score: float | None
    forfeit: str | None = None

    def __post_init__(self) -> None:
        if self.red == self.blue:
            raise ValueError(f"{self.red!r} cannot play itself")
        if self.forfeit is not None and self.forfeit not in FORFEITS:
            raise ValueError(f"forfeit must be one of {FORFEITS} or None, not {self.forfeit!r}")
        if self.forfeit is None and (self.red_score is None or self.blue_score is None):
            raise ValueError(
                f"{self.red!r} v {self.blue!r}: both scores are needed unless it was forfeited"
            )


@dataclass(frozen=True)
class Standing:
    """One entrant's line in a round-robin or Swiss table.

    ``keys`` are the entrant's tie-breaker values in the order asked for; ``head_to_head`` is
    its points in the mini-table of the entrants it was tied with when that tie-breaker came
    up (None if it was not tied then). ``score_for``/``score_against`` leave out forfeits.
    """

    entrant: Hashable
    rank: int
    played: int
    wins: int
    draws: int
    losses: int
    points: float
    score_for: float
    score_against: float
    keys: tuple

    @property
    def score_diff(self) -> float:
        return self.score_for - self.score_against

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["keys"] = list(self.keys)
        return data


class _Line:
    __slots__ = ("played", "wins", "draws", "losses", "points", "score_for", "score_against")

    def __init__(self) -> None:
        self.played = self.wins = self.draws = self.losses = 0
        self.points: float = 0
        self.score_for: float = 0
        self.score_against: float = 0


def _outcome(result: Result) -> tuple[str, str]:
    """("win" | "draw" | "loss") for red and for blue."""
    if result.forfeit == "both":
        return "loss", "loss"
    if result.forfeit == "red":
        return "loss", "win"
    if result.forfeit == "blue":
        return "win", "loss"
    if result.red_score > result.blue_score:
        return "win", "loss"
    if result.red_score < result.blue_score:
        return "loss", "win"
    return "draw", "draw"


def _table(
    entrants: Iterable[Hashable], results: Iterable[Result], points: tuple
) -> dict[Hashable, _Line]:
    award = {"win": points[0], "draw": points[1], "loss": points[2]}
    lines = {e: _Line() for e in entrants}
    for result in results:
        red_outcome, blue_outcome = _outcome(result)
        for side, own, other, outcome in (
            (result.red, result.red_score, result.blue_score, red_outcome),
            (result.blue, result.blue_score, result.red_score, blue_outcome),
        ):
            line = lines[side]
            line.played += 1
            line.points += award[outcome]
            if outcome == "win":
                line.wins += 1
            elif outcome == "draw":
                line.draws += 1
            else:
                line.losses += 1
            if result.forfeit is None:
                line.score_for += own
                line.score_against += other
    return lines


def standings(
    entrants: Sequence[Hashable],
    results: Iterable[Result],
    *,
    points: tuple[float, float, float] = (3, 1, 0),
    tiebreakers: Sequence[str] = ("points", "head_to_head", "score_diff", "score_for"),
) -> list[Standing]:
    """The table for ``entrants`` from ``results``, best first.

    ``points`` are awarded for (win, draw, loss). A forfeit is a loss for the forfeiting side
    and a win for the other, a double forfeit a loss for both; no score counts in either case.

    ``tiebreakers`` are applied in order, each one only to entrants still tied: "points",
    "wins", "score_diff", "score_for" (higher first), "score_against" (lower first) and
    "head_to_head": points in the mini-table of exactly the tied entrants. When the
    mini-table splits the group but leaves some of them level, it is redone among just those
    (so two teams left level after a three-way mini-table are split by their own match).

    Entrants still level after every tie-breaker share a rank (1, 1, 3) and keep the order in
    which ``entrants`` lists them.
    """
    entrants = list(entrants)
    _check_unique(entrants, "entrants")
    if len(points) != 3:
        raise ValueError(f"points must be (win, draw, loss), got {points!r}")
    for name in tiebreakers:
        if name not in TIEBREAKERS:
            raise ValueError(f"unknown tie-breaker {name!r} (expected one of {TIEBREAKERS})")
    results = list(results)
    known = set(entrants)
    for number, result in enumerate(results, start=1):
        for side in (result.red, result.blue):
            if side not in known:
                raise ValueError(f"result {number}: {side!r} is not an entrant")

    lines = _table(entrants, results, points)
    mini_points: dict[Hashable, float] = {}

    def head_to_head(group: list) -> dict[Hashable, float]:
        members = set(group)
        inside = [r for r in results if r.red in members and r.blue in members]
        table = _table(group, inside, points)
        return {e: table[e].points for e in group}

    def split(group: list, level: int) -> list[list]:
        """Order ``group`` (all level so far) by tiebreakers[level:]; blocks of true ties."""
        if len(group) == 1 or level == len(tiebreakers):
            return [group]
        name = tiebreakers[level]
        if name == "head_to_head":
            values = head_to_head(group)
            for e in group:
                mini_points.setdefault(e, values[e])
        else:
            sign = -1 if name == "score_against" else 1  # fewer conceded is better
            values = {e: sign * _plain(name, lines[e]) for e in group}
        blocks: dict[float, list] = {}
        for e in group:
            blocks.setdefault(values[e], []).append(e)
        if len(blocks) == 1:
            return split(group, level + 1)
        ordered = []
        for key in sorted(blocks, reverse=True):
            block = blocks[key]
            # A smaller tied block gets its own mini-table before the next tie-breaker.
            ordered += split(block, level if name == "head_to_head" else level + 1)
        return ordered

    blocks = split(entrants, 0)

    table = []
    rank = 1
    for block in blocks:
        for entrant in block:
            line = lines[entrant]
            keys = tuple(
                mini_points.get(entrant) if name == "head_to_head" else _plain(name, line)
                for name in tiebreakers
            )
            table.append(
                Standing(
                    entrant=entrant,
                    rank=rank,
                    played=line.played,
                    wins=line.wins,
                    draws=line.draws,
                    losses=line.losses,
                    points=line.points,
                    score_for=line.score_for,
                    score_against=line.score_against,
                    keys=keys,
                )
            )
        rank += len(block)
    return table


def _plain(name: str, line: _Line) -> float:
    """A tie-breaker's value as shown (score_against as is, lower being better)."""
    if name == "score_diff":
        return line.score_for - line.score_against
    return getattr(line, name)


def swiss_pairings(
    entrants: Sequence[Hashable],
    played_pairs: Collection[Collection[Hashable]] = (),
    byes_had: Collection[Hashable] = (),
) -> tuple[list[tuple], Hashable | None]:
    """Next Swiss round: ((higher, lower) pairs, the entrant with the bye or None).

    ``entrants`` are in standing order, best first. From the top down, each unpaired entrant
    meets the best-ranked entrant below it that it has not met *and* that leaves the rest
    pairable, so neighbours in the standing meet wherever possible and a pairing is found
    whenever one exists without repeating a pair from ``played_pairs``. This is the pairing
    a backtracking search would find; "leaves the rest pairable" is decided with a maximum
    matching (Edmonds), so a hopeless round is refused at once instead of after an
    exponential search. With an odd count the bye goes to the lowest-ranked entrant not in
    ``byes_had`` for whom the rest can be paired (if none can, the lowest-ranked of those who
    already had one).

    Raises ``SwissError`` (a ValueError) when no pairing avoids a repeat.
    """
    entrants = list(entrants)
    _check_unique(entrants, "entrants")
    n = len(entrants)
    index = {e: i for i, e in enumerate(entrants)}
    allowed = [((1 << n) - 1) & ~(1 << i) for i in range(n)]  # bitmask of possible opponents
    for pair in played_pairs:
        members = [index[e] for e in set(pair) if e in index]
        if len(members) == 2:
            a, b = members
            allowed[a] &= ~(1 << b)
            allowed[b] &= ~(1 << a)

    if n % 2 == 0:
        pairs = _pair_in_order(list(range(n)), allowed)
        if pairs is None:
            raise SwissError(f"no pairing of these {n} entrants avoids a repeated pair")
        return [(entrants[a], entrants[b]) for a, b in pairs], None

    had = set(byes_had)
    fresh = [i for i in range(n - 1, -1, -1) if entrants[i] not in had]
    candidates = fresh + [i for i in range(n - 1, -1, -1) if entrants[i] in had]
    for bye in candidates:
        pairs = _pair_in_order([i for i in range(n) if i != bye], allowed)
        if pairs is not None:
            return [(entrants[a], entrants[b]) for a, b in pairs], entrants[bye]
    raise SwissError(f"no pairing of these {n} entrants with one bye avoids a repeated pair")


def _pair_in_order(people: list[int], allowed: list[int]) -> list[tuple[int, int]] | None:
    """Pair ``people`` (indices in rank order) top down, each with its best-ranked allowed
    partner that keeps a perfect matching of the rest possible; None if there is none.

    A perfect matching of the remaining people is kept throughout. Trying partner c for the
    top entrant t frees t's and c's current partners; the rest is pairable exactly when an
    augmenting path joins those two (Berge), which one search finds.
    """
    n = len(allowed)
    match = [-1] * n
    remaining = 0
    for v in people:
        remaining |= 1 << v
    for v in people:  # greedy start, then augment: a maximum matching
        if match[v] == -1:
            free = allowed[v] & remaining & ~_matched_mask(match, people)
            if free:
                partner = (free & -free).bit_length() - 1
                match[v], match[partner] = partner, v
    for v in people:
        if match[v] == -1 and not _augment(v, remaining, allowed, match):
            return None

    pairs = []
    for top in people:
        if not remaining >> top & 1:
            continue
        remaining &= ~(1 << top)
        options = allowed[top] & remaining
        while options:
            low = options & -options
            options ^= low
            partner = low.bit_length() - 1
            mate_top, mate_partner = match[top], match[partner]
            if mate_top == partner:
                break
            rest = remaining & ~low
            for v in (top, partner, mate_top, mate_partner):
                match[v] = -1
            if allowed[mate_top] >> mate_partner & 1:
                match[mate_top], match[mate_partner] = mate_partner, mate_top
                break
            if _augment(mate_top, rest, allowed, match):
                break
            match[top], match[mate_top] = mate_top, top
            match[partner], match[mate_partner] = mate_partner, partner
        else:  # unreachable while the matching is perfect, kept as a guard
            return None
        match[top], match[partner] = partner, top
        remaining &= ~low
        pairs.append((top, partner))
    return pairs


def _matched_mask(match: list[int], people: list[int]) -> int:
    mask = 0
    for v in people:
        if match[v] != -1:
            mask |= 1 << v
    return mask


def _augment(root: int, subset: int, allowed: list[int], match: list[int]) -> bool:
    """Edmonds' blossom search for an augmenting path from the exposed ``root`` within the
    vertex bitmask ``subset``; applies it to ``match`` and returns True if there is one."""
    n = len(match)
    vertices = [v for v in range(n) if subset >> v & 1]
    base = list(range(n))
    parent = [-1] * n
    used = [False] * n
    used[root] = True
    queue = deque([root])

    def lca(a: int, b: int) -> int:
        seen = [False] * n
        while True:
            a = base[a]
            seen[a] = True
            if match[a] == -1:
                break
            a = parent[match[a]]
        while True:
            b = base[b]
            if seen[b]:
                return b
            b = parent[match[b]]

    def mark(v: int, stem: int, child: int, blossom: list[bool]) -> None:
        while base[v] != stem:
            blossom[base[v]] = blossom[base[match[v]]] = True
            parent[v] = child
            child = match[v]
            v = parent[match[v]]

    while queue:
        v = queue.popleft()
        neighbours = allowed[v] & subset
        while neighbours:
            low = neighbours & -neighbours
            neighbours ^= low
            to = low.bit_length() - 1
            if base[v] == base[to] or match[v] == to:
                continue
            if to == root or (match[to] != -1 and parent[match[to]] != -1):
                stem = lca(v, to)
                blossom = [False] * n
                mark(v, stem, to, blossom)
                mark(to, stem, v, blossom)
                for i in vertices:
                    if blossom[base[i]]:
                        base[i] = stem
                        if not used[i]:
                            used[i] = True
                            queue.append(i)
            elif parent[to] == -1:
                parent[to] = v
                if match[to] == -1:
                    while to != -1:
                        previous = parent[to]
                        following = match[previous]
                        match[to], match[previous] = previous, to
                        to = following
                    return True
                used[match[to]] = True
                queue.append(match[to])
    return False


def swiss_round_count(n: int) -> int:
    """The usual number of Swiss rounds for ``n`` entrants: ceil(log2 n), enough for one
    entrant to be the only one to win every round."""
    if n < 1:
        raise ValueError(f"need at least one entrant, got {n}")
    return math.ceil(math.log2(n)) if n > 1 else 0
