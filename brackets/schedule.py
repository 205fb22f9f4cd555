"""Qualification match schedules: generating them, measuring their quality, and timing them."""

from __future__ import annotations

import math
import random
from bisect import insort
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

__all__ = [
    "Break",
    "Schedule",
    "ScheduledMatch",
    "generate_schedule",
    "match_times",
    "schedule_quality",
]

# Weights of the annealing cost. They follow MatchMaker's priority order: match separation
# first, then partner repeats, then opponent repeats, then red/blue balance. Red/blue balance
# and stations are polished afterwards without touching who plays with whom.
_W_GAP = 240.0  # per (target gap - gap)² of one pair of consecutive appearances
_W_PARTNER = 60.0  # per extra time a pair of teams is on the same alliance
_W_OPPONENT = 6.0  # per extra time a pair of teams faces each other
_W_SIDE = 0.5  # per unit of (red − blue)⁴ / 4 of one team

# Annealing effort: moves per team appearance, capped so that a 100-team event stays fast.
# Small events are hard to pack, cheap to search, and get up to _MIN_MOVES.
_MOVES_PER_SLOT = 90
_SMALL_MOVES_PER_SLOT = 400
_MIN_MOVES = 40_000
_MAX_MOVES = 90_000


@dataclass(frozen=True)
class ScheduledMatch:
    """One qualification match: alliances in station order and who plays it as a surrogate.

    ``red[0]`` is red station 1, ``red[1]`` red station 2, and so on; likewise for ``blue``.
    A team in ``surrogates`` plays the match, but its result does not count for that team.
    """

    number: int
    red: tuple
    blue: tuple
    surrogates: frozenset = frozenset()

    @property
    def teams(self) -> tuple:
        """All teams in the match: red stations first, then blue stations."""
        return self.red + self.blue


@dataclass(frozen=True)
class Schedule:
    """A generated qualification schedule.

    ``teams`` keeps the order the teams were given in; ``matches`` are numbered from 1 and in
    play order. Every team has exactly ``matches_per_team`` appearances that count, plus at
    most one surrogate appearance.
    """

    teams: tuple
    matches_per_team: int
    alliance_size: int
    matches: list[ScheduledMatch] = field(hash=False)


@dataclass(frozen=True)
class Break:
    """A pause in the match cycle, placed after a match number.

    The break starts when match ``after_match``'s cycle slot ends and lasts ``duration``;
    the next match starts when the break ends. ``name`` (e.g. "Lunch") is for displays.
    """

    after_match: int
    duration: timedelta
    name: str = ""


def generate_schedule(
    teams: Sequence[Hashable],
    matches_per_team: int,
    alliance_size: int,
    *,
    seed: int | str | None = None,
) -> Schedule:
    """Generate a qualification schedule of red-vs-blue matches.

    Rules, in priority order (after MatchMaker, FIRST's generator):

    1. Every team plays exactly ``matches_per_team`` counted matches. When the appearances do
       not fill whole matches, the spare slots go to teams drawn at random, who play once
       more as surrogates: at most one surrogate appearance per team, never in its first
       match, and in its third match when it has three or more (FRC's practice). The result
       of a surrogate appearance does not count for that team.
    2. No team appears twice in one match.
    3. The smallest number of matches between two appearances of one team (the gap,
       surrogate appearances included) is kept large. With ``b = teams // (2 *
       alliance_size) - 1`` (the gap of a strict round order, which no schedule can beat
       when every team plays twice), the target is ``min(b // 2 + 1, b)``: one more than
       FIRST's published schedules reach. If that target leaves repeated partners, FIRST's
       own separation (one less) is tried as well and the schedule with fewer partner
       repeats is kept.
    4. Then few repeated partners, then few repeated opponents, then red/blue balance, then
       station balance.

    The schedule is built round by round (the most rested team plays next), then improved
    by a bounded simulated-annealing pass and a balancing pass for colours and stations.
    The same ``seed`` always gives the same schedule; ``seed=None`` gives a random one.

    Raises ``ValueError`` for fewer teams than one match needs, ``matches_per_team`` < 1,
    ``alliance_size`` not 1, 2 or 3, duplicate or unhashable team ids.
    """
    team_ids = _validate(teams, matches_per_team, alliance_size)
    rng = random.Random(seed)
    n = len(team_ids)
    k = 2 * alliance_size
    n_matches = -(-n * matches_per_team // k)
    spare = n_matches * k - n * matches_per_team  # surrogate appearances needed, < k <= n

    quota = [matches_per_team] * n
    surrogate_teams = rng.sample(range(n), spare)
    for t in surrogate_teams:
        quota[t] += 1

    # Aim one match of separation above FIRST's published schedules; if that forces repeated
    # partners, also try FIRST's separation and keep whichever repeats fewer partners.
    target_gap = _target_gap(n, alliance_size, n_matches)
    start = _initial_matches(quota, n_matches, k, rng)
    slots = n_matches * k
    budget = min(
        _MAX_MOVES,
        max(_MOVES_PER_SLOT * slots, min(_MIN_MOVES, _SMALL_MOVES_PER_SLOT * slots)),
    )
    best: tuple[int, list[list[int]]] | None = None
    for goal in range(target_gap, max(-1, target_gap - 2), -1):
        trial = [match[:] for match in start]
        repeats = _anneal(trial, n, alliance_size, goal, budget, rng)
        if best is None or repeats < best[0]:
            best = (repeats, trial)
        if repeats == 0:
            break
    matches = best[1]
    _balance_colours(matches, n, alliance_size, rng)
    _balance_stations(matches, n, alliance_size, rng)

    appearances: list[list[int]] = [[] for _ in range(n)]
    for x, match in enumerate(matches):
        for t in match:
            appearances[t].append(x)
    surrogate_at: dict[int, set[int]] = {}
    for t in surrogate_teams:
        played = appearances[t]
        which = 2 if len(played) >= 3 else len(played) - 1
        surrogate_at.setdefault(played[which], set()).add(t)

    a = alliance_size
    out = [
        ScheduledMatch(
            number=x + 1,
            red=tuple(team_ids[t] for t in match[:a]),
            blue=tuple(team_ids[t] for t in match[a:]),
            surrogates=frozenset(team_ids[t] for t in surrogate_at.get(x, ())),
        )
        for x, match in enumerate(matches)
    ]
    return Schedule(
        teams=tuple(team_ids),
        matches_per_team=matches_per_team,
        alliance_size=alliance_size,
        matches=out,
    )


def schedule_quality(schedule: Schedule) -> dict[str, int]:
    """Measure a schedule by MatchMaker's criteria. Surrogate appearances count everywhere.

    - ``min_gap``: the fewest matches strictly between two consecutive appearances of one
      team (0 = back to back). When no team plays twice it is the number of matches.
    - ``partner_max`` / ``partner_repeats``: the most times one pair of teams shares an
      alliance, and the sum over pairs of (times together − 1) for pairs together more than
      once.
    - ``opponent_max`` / ``opponent_repeats``: the same for pairs on opposite alliances.
    - ``red_blue_max``: the largest |red − blue| appearance difference of any team.
    - ``station_imbalance``: the largest difference between a team's most- and least-used
      station number (stations it never used count as zero).
    - ``surrogates``: the number of surrogate appearances.
    """
    a = schedule.alliance_size
    last: dict[Hashable, int] = {}
    min_gap = len(schedule.matches)
    partners: dict[frozenset, int] = {}
    opponents: dict[frozenset, int] = {}
    sides: dict[Hashable, int] = {t: 0 for t in schedule.teams}
    stations: dict[Hashable, list[int]] = {t: [0] * a for t in schedule.teams}
    surrogates = 0
    for index, match in enumerate(schedule.matches):
        surrogates += len(match.surrogates)
        for t in match.teams:
            if t in last:
                min_gap = min(min_gap, index - last[t] - 1)
            last[t] = index
        for side, alliance in ((1, match.red), (-1, match.blue)):
            for station, t in enumerate(alliance):
                sides[t] = sides.get(t, 0) + side
                stations.setdefault(t, [0] * a)[station] += 1
            for i, t in enumerate(alliance):
                for u in alliance[i + 1 :]:
                    pair = frozenset((t, u))
                    partners[pair] = partners.get(pair, 0) + 1
        for t in match.red:
            for u in match.blue:
                pair = frozenset((t, u))
                opponents[pair] = opponents.get(pair, 0) + 1
    return {
        "min_gap": min_gap,
        "partner_max": max(partners.values(), default=0),
        "partner_repeats": sum(c - 1 for c in partners.values() if c > 1),
        "opponent_max": max(opponents.values(), default=0),
        "opponent_repeats": sum(c - 1 for c in opponents.values() if c > 1),
        "red_blue_max": max((abs(v) for v in sides.values()), default=0),
        "station_imbalance": max((max(s) - min(s) for s in stations.values()), default=0),
        "surrogates": surrogates,
    }


def match_times(
    count: int,
    start: datetime,
    cycle: timedelta,
    breaks: Sequence[Break] = (),
) -> list[datetime]:
    """Start times of ``count`` matches played every ``cycle`` from ``start``.

    A ``Break(after_match=n, duration=d)`` delays every match after match ``n`` by ``d``:
    match ``n + 1`` starts at ``start(n) + cycle + d``. Several breaks after the same match
    add up. A break after the last match (or later) changes nothing. Because breaks sit
    between cycle slots, no match starts inside a break.

    Raises ``ValueError`` for a negative count, a cycle that is not positive, a break with
    a negative duration or an ``after_match`` below 1.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"count must be a whole number >= 0, got {count!r}")
    if cycle <= timedelta(0):
        raise ValueError(f"cycle must be positive, got {cycle}")
    pause_after: dict[int, timedelta] = {}
    for b in breaks:
        if isinstance(b.after_match, bool) or not isinstance(b.after_match, int):
            raise ValueError(f"break {b.name!r}: after_match must be a match number")
        if b.after_match < 1:
            raise ValueError(f"break {b.name!r}: after_match must be >= 1, got {b.after_match}")
        if b.duration < timedelta(0):
            raise ValueError(f"break {b.name!r}: duration must not be negative")
        pause_after[b.after_match] = pause_after.get(b.after_match, timedelta(0)) + b.duration
    times: list[datetime] = []
    at = start
    for number in range(1, count + 1):
        times.append(at)
        at = at + cycle + pause_after.get(number, timedelta(0))
    return times


# --- generation internals -------------------------------------------------------------------


def _validate(teams: Sequence[Hashable], matches_per_team: int, alliance_size: int) -> list:
    if isinstance(teams, (str, bytes)):
        raise ValueError("teams must be a sequence of team ids, not a single string")
    team_ids = list(teams)
    if isinstance(alliance_size, bool) or alliance_size not in (1, 2, 3):
        raise ValueError(f"alliance_size must be 1, 2 or 3, got {alliance_size!r}")
    if (
        isinstance(matches_per_team, bool)
        or not isinstance(matches_per_team, int)
        or matches_per_team < 1
    ):
        raise ValueError(f"matches_per_team must be a whole number >= 1, got {matches_per_team!r}")
    seen: set = set()
    for t in team_ids:
        try:
            if t in seen:
                raise ValueError(f"duplicate team id {t!r}")
        except TypeError:
            raise ValueError(f"team id {t!r} is not hashable") from None
        seen.add(t)
    need = 2 * alliance_size
    if len(team_ids) < need:
        raise ValueError(
            f"{len(team_ids)} teams are too few: one match of {alliance_size} vs "
            f"{alliance_size} needs {need}"
        )
    return team_ids


def _target_gap(n: int, alliance_size: int, n_matches: int) -> int:
    """The separation to aim for: one more than FIRST's published schedules reach.

    In a window of g + 1 consecutive matches no team may appear twice, so
    g <= n // (2a) - 1. FIRST's published 3-vs-3 schedules sit at half of that bound,
    rounded down (e.g. 4 matches in between for 60 teams).
    """
    bound = n // (2 * alliance_size) - 1
    return max(0, min(bound // 2 + 1, bound, n_matches))


def _initial_matches(quota: list[int], n_matches: int, k: int, rng: random.Random) -> list:
    """Fill matches in order with the teams that have most matches left, most rested first.

    Taking the teams with most appearances left keeps the fill feasible (no team is ever
    left needing two slots in the last match); the random jitter on "last played" mixes the
    groups so that rounds do not repeat the same matches.
    """
    n = len(quota)
    remaining = quota[:]
    per_round = max(1.0, n / k)
    last = [-per_round * rng.random() for _ in range(n)]
    matches = []
    for x in range(n_matches):
        order = sorted(
            (t for t in range(n) if remaining[t]),
            key=lambda t: (-remaining[t], last[t] + rng.random() * per_round * 0.5),
        )
        chosen = order[:k]
        rng.shuffle(chosen)
        for t in chosen:
            remaining[t] -= 1
            last[t] = x
        matches.append(chosen)
    return matches


def _side_costs(n_matches: int) -> tuple[int, list[float]]:
    """Cost of a team's red − blue difference d, as a table indexed by d + offset: d⁴ / 4."""
    off = n_matches + 2
    return off, [(v - off) ** 4 / 4 for v in range(2 * off + 1)]


def _gap_cost(played: list[int], target: int) -> int:
    cost = 0
    prev = played[0]
    for x in played[1:]:
        short = target - (x - prev - 1)
        if short > 0:
            cost += short * short
        prev = x
    return cost


def _anneal(
    matches: list[list[int]],
    n: int,
    a: int,
    target: int,
    moves: int,
    rng: random.Random,
) -> int:
    """Improve ``matches`` in place by simulated annealing on gap, partner and opponent cost.

    Returns the number of repeated partnerships left (sum over pairs of times together − 1).

    Three moves: exchange two teams between nearby matches (each takes the other's place),
    exchange a red and a blue team inside one match, and swap a match's colours. Red/blue
    balance is a small extra cost term. Counters are kept incrementally, so a move costs a
    few dozen operations; the number of moves is fixed, so the result depends only on the
    random generator's state.
    """
    n_matches = len(matches)
    k = 2 * a
    apps: list[list[int]] = [[] for _ in range(n)]
    for x, match in enumerate(matches):
        for t in match:
            apps[t].append(x)
    pc = [0] * (n * n)  # partner counts, symmetric
    oc = [0] * (n * n)  # opponent counts, symmetric
    for match in matches:
        red, blue = match[:a], match[a:]
        for side in (red, blue):
            for t in side:
                for u in side:
                    if t != u:
                        pc[t * n + u] += 1
        for t in red:
            for u in blue:
                oc[t * n + u] += 1
                oc[u * n + t] += 1
    gap = [_gap_cost(p, target) for p in apps]
    side = [0] * n  # red appearances minus blue appearances
    for match in matches:
        for i, t in enumerate(match):
            side[t] += 1 if i < a else -1

    per_round = max(1, n // k)
    window = max(2, min(n_matches - 1, per_round + per_round // 2))
    if n_matches < 2:
        window = 0
    split_share = 0.35 if a > 1 else 0.1
    t_start, t_end = _W_PARTNER * 0.6, _W_OPPONENT * 0.08
    cooling = (t_end / t_start) ** (1.0 / max(1, moves))
    temp = t_start
    rand = rng.random
    randrange = rng.randrange
    exp = math.exp
    w_gap, w_par, w_opp, w_side = _W_GAP, _W_PARTNER, _W_OPPONENT, _W_SIDE
    off, sc = _side_costs(n_matches)

    for _ in range(moves):
        temp *= cooling
        x = randrange(n_matches)
        mx = matches[x]
        r = rand()
        if r < 0.1:
            # Swap the colours of match x: only red/blue balance changes.
            ds = 0
            for i in range(a):
                v = side[mx[i]] + off
                ds += sc[v - 2] - sc[v]
                v = side[mx[a + i]] + off
                ds += sc[v + 2] - sc[v]
            delta = w_side * ds
            if delta > 0 and rand() >= exp(-delta / temp):
                continue
            for i in range(a):
                side[mx[i]] -= 2
                side[mx[a + i]] += 2
            mx[:] = mx[a:] + mx[:a]
            continue
        if r < split_share:
            # Exchange a red and a blue team inside match x.
            p = randrange(a)
            q = a + randrange(a)
            ta, tb = mx[p], mx[q]
            reds = [u for u in mx[:a] if u != ta]
            blues = [u for u in mx[a:] if u != tb]
            dp = do = 0
            an, bn = ta * n, tb * n
            for u in reds:
                dp += pc[bn + u] - pc[an + u] + 1
                do += oc[an + u] - oc[bn + u] + 1
            for u in blues:
                dp += pc[an + u] - pc[bn + u] + 1
                do += oc[bn + u] - oc[an + u] + 1
            va, vb = side[ta] + off, side[tb] + off
            ds = sc[va - 2] - sc[va] + sc[vb + 2] - sc[vb]
            delta = w_par * dp + w_opp * do + w_side * ds
            if delta > 0 and rand() >= exp(-delta / temp):
                continue
            side[ta] -= 2
            side[tb] += 2
            for u in reds:
                un = u * n
                pc[an + u] -= 1
                pc[un + ta] -= 1
                pc[bn + u] += 1
                pc[un + tb] += 1
                oc[an + u] += 1
                oc[un + ta] += 1
                oc[bn + u] -= 1
                oc[un + tb] -= 1
            for u in blues:
                un = u * n
                pc[bn + u] -= 1
                pc[un + tb] -= 1
                pc[an + u] += 1
                pc[un + ta] += 1
                oc[bn + u] += 1
                oc[un + tb] += 1
                oc[an + u] -= 1
                oc[un + ta] -= 1
            mx[p], mx[q] = tb, ta
            continue

        if not window:
            continue
        y = x + randrange(-window, window)
        if y >= x:
            y += 1
        if y < 0 or y >= n_matches:
            continue
        my = matches[y]
        p = randrange(k)
        q = randrange(k)
        ta, tb = mx[p], my[q]
        if ta == tb:
            continue
        apps_a, apps_b = apps[ta], apps[tb]
        if y in apps_a or x in apps_b:
            continue
        if p < a:
            px = [u for u in mx[:a] if u != ta]
            ox = mx[a:]
        else:
            px = [u for u in mx[a:] if u != ta]
            ox = mx[:a]
        if q < a:
            py = [u for u in my[:a] if u != tb]
            oy = my[a:]
        else:
            py = [u for u in my[a:] if u != tb]
            oy = my[:a]
        an, bn = ta * n, tb * n
        dp = do = 0
        for u in px:
            dp += pc[bn + u] - pc[an + u] + 1
            if u in py:
                dp -= 2
        for u in py:
            dp += pc[an + u] - pc[bn + u] + 1
        for u in ox:
            do += oc[bn + u] - oc[an + u] + 1
            if u in oy:
                do -= 2
        for u in oy:
            do += oc[an + u] - oc[bn + u] + 1
        new_a = apps_a[:]
        new_a.remove(x)
        insort(new_a, y)
        new_b = apps_b[:]
        new_b.remove(y)
        insort(new_b, x)
        ga = _gap_cost(new_a, target)
        gb = _gap_cost(new_b, target)
        ds = 0
        swaps_colour = (p < a) != (q < a)
        if swaps_colour:
            va, vb = side[ta] + off, side[tb] + off
            if p < a:  # ta red -> blue, tb blue -> red
                ds = sc[va - 2] - sc[va] + sc[vb + 2] - sc[vb]
            else:
                ds = sc[va + 2] - sc[va] + sc[vb - 2] - sc[vb]
        delta = w_gap * (ga + gb - gap[ta] - gap[tb]) + w_par * dp + w_opp * do + w_side * ds
        if delta > 0 and rand() >= exp(-delta / temp):
            continue
        if swaps_colour:
            if p < a:
                side[ta] -= 2
                side[tb] += 2
            else:
                side[ta] += 2
                side[tb] -= 2
        # The swap moves each partner/opponent pair count from one team of the swap to the
        # other (the matrices are symmetric, so both cells of a pair move).
        for counts, others, old, new, old_row, new_row in (
            (pc, px, ta, tb, an, bn), (pc, py, tb, ta, bn, an),
            (oc, ox, ta, tb, an, bn), (oc, oy, tb, ta, bn, an),
        ):
            for u in others:
                un = u * n
                counts[old_row + u] -= 1
                counts[un + old] -= 1
                counts[new_row + u] += 1
                counts[un + new] += 1
        mx[p], my[q] = tb, ta
        apps[ta], apps[tb] = new_a, new_b
        gap[ta], gap[tb] = ga, gb
    return sum(c - 1 for c in pc if c > 1) // 2


def _balance_colours(matches: list[list[int]], n: int, a: int, rng: random.Random) -> None:
    """Swap whole matches' colours (annealing) to bring every team's red − blue near zero.

    Swapping the colours of a match changes neither partners, opponents nor gaps. The cost
    is the sum over teams of (red − blue)⁴ / 4, so the largest imbalances go first.
    """
    n_matches = len(matches)
    side = [0] * n
    for match in matches:
        for i, t in enumerate(match):
            side[t] += 1 if i < a else -1
    off, cost = _side_costs(n_matches)
    moves = 40 * n_matches
    temp, t_end = 6.0, 0.3
    cooling = (t_end / temp) ** (1.0 / max(1, moves))
    for _ in range(moves):
        temp *= cooling
        match = matches[rng.randrange(n_matches)]
        delta = 0
        for t in match[:a]:
            v = side[t]
            delta += cost[v - 2 + off] - cost[v + off]
        for t in match[a:]:
            v = side[t]
            delta += cost[v + 2 + off] - cost[v + off]
        if delta > 0 and rng.random() >= math.exp(-delta / temp):
            continue
        for t in match[:a]:
            side[t] -= 2
        for t in match[a:]:
            side[t] += 2
        match[:] = match[a:] + match[:a]


def _balance_stations(matches: list[list[int]], n: int, a: int, rng: random.Random) -> None:
    """Order each alliance's teams over its stations so each team uses every station evenly.

    Teams and colours are fixed here. Annealing exchanges the stations of two teams on one
    alliance; the cost is the sum over teams and stations of (uses)², lowest when even.
    """
    if a == 1:
        return
    station = [0] * (n * a)
    for match in matches:
        for i, t in enumerate(match):
            station[t * a + i % a] += 1
    moves = 30 * len(matches) * a
    temp, t_end = 3.0, 0.2
    cooling = (t_end / temp) ** (1.0 / max(1, moves))
    n_matches = len(matches)
    for _ in range(moves):
        temp *= cooling
        match = matches[rng.randrange(n_matches)]
        lo = a * rng.randrange(2)
        i = rng.randrange(a)
        j = rng.randrange(a - 1)
        if j >= i:
            j += 1
        t, u = match[lo + i], match[lo + j]
        # t moves from station i to j, u from j to i: (c+1)² - c² = 2c + 1, (c-1)² - c² = 1 - 2c.
        delta = 4 + 2 * (
            station[t * a + j] - station[t * a + i] + station[u * a + i] - station[u * a + j]
        )
        if delta > 0 and rng.random() >= math.exp(-delta / temp):
            continue
        station[t * a + i] -= 1
        station[t * a + j] += 1
        station[u * a + j] -= 1
        station[u * a + i] += 1
        match[lo + i], match[lo + j] = u, t
