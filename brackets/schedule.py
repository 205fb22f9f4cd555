"""Qualification match schedules: generating them, measuring their quality, and timing them."""

from __future__ import annotations

import math
import random
from bisect import bisect_left
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

__all__ = [
    "Break",
    "Schedule",
    "ScheduledMatch",
    "Slot",
    "gap_bound",
    "gap_for_turnaround",
    "generate_schedule",
    "match_times",
    "plan_slots",
    "reference_gap",
    "schedule_quality",
]

# Pair costs of the annealer: a pair of teams that shares an alliance, or faces each other,
# c >= 2 times costs UNIT * (1 + GROWTH + ... + GROWTH^(c-2)). The growth makes the worst pair
# matter most, then the number of repeats; one repeated partner outweighs a repeated opponent
# by far (MatchMaker's order), but not infinitely, so the annealer can still move through it.
# When some partner must repeat anyway (too few teams for every team's partner slots), a
# few more repeats are worth a smaller worst opponent repeat, so the partner unit is lower.
_PARTNER_UNIT = 200
_SHARED_PARTNER_UNIT = 12
_OPPONENT_UNIT = 1
_GROWTH = 4
# Red/blue balance: (red − blue)^4 times this, i.e. two repeated opponents for a team two
# matches off balance; small next to a partner or a worse worst opponent. A team more than
# two matches off balance is not accepted: if colour swaps cannot fix it, the annealer runs
# again with each match beyond two costing more than any pairing.
_SIDE_UNIT = 1 / 8
_OFF_BALANCE = 1e14

# Annealing effort, in moves. A move costs about 1.5 µs (most are rejected early), so the
# largest event (120 teams x 12 matches, 2 vs 2, two gap levels) stays well under 2 s. The
# effort is a number of moves, not a time, so that a seed always gives the same schedule.
_MOVES_PER_SLOT = 250
_MIN_MOVES = 100_000
_MAX_MOVES = 300_000
_TOTAL_MOVES = 500_000  # shared by the gap levels; small events repeat the search within it

_DESIGN_TRIES = 8  # designs laid out per search before falling back to a team-by-team fill
_REPAIR_MOVES_PER_MATCH = 100
_FAR = 1 << 30  # "long ago": the last appearance of a team that has not played yet


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


@dataclass(frozen=True)
class Slot:
    """When and where one match is played: match ``number`` on ``field`` (1-based)."""

    number: int
    field: int
    start: datetime


# --- public: generating and measuring ---------------------------------------------------------


def gap_bound(teams: int, alliance_size: int) -> int:
    """The largest minimum gap any schedule can have: ``teams // (2 * alliance_size)``.

    The gap is counted as FIRST does: the difference of match numbers, 1 = back to back.
    ``g`` consecutive matches hold ``2 * alliance_size * g`` places, so a gap of ``g`` needs
    that many different teams.
    """
    return teams // (2 * alliance_size)


def reference_gap(teams: int, alliance_size: int) -> int:
    """The minimum gap of FIRST's published schedules: ``(teams // (2a) - 1) // 2 + 1``.

    It reproduces every 3-vs-3 row of the table in the rules reference (18 teams: 2, 60: 5,
    100: 8) and is used as the reference for other sizes and alliance sizes; roughly half of
    :func:`gap_bound`. The generator aims one higher.
    """
    return (teams // (2 * alliance_size) - 1) // 2 + 1


def generate_schedule(
    teams: Sequence[Hashable],
    matches_per_team: int,
    alliance_size: int,
    *,
    seed: int | str | None = None,
    min_gap: int | None = None,
) -> Schedule:
    """Generate a qualification schedule of red-vs-blue matches.

    Rules, in priority order (after MatchMaker, FIRST's generator):

    1. Every team plays exactly ``matches_per_team`` counted matches. When the appearances do
       not fill whole matches, the spare slots go to teams drawn at random, who play once
       more as surrogates: at most one surrogate appearance per team, never in its first
       match, and in its third match when it has three or more (FRC's practice). The result
       of a surrogate appearance does not count for that team.
    2. No team appears twice in one match.
    3. The minimum gap (the difference of match numbers between two appearances of one team,
       1 = back to back; surrogate appearances included) is a hard floor: one more than
       :func:`reference_gap` (FIRST's published schedules) unless that costs partner
       quality or the worst opponent repeat, else the reference gap itself. ``min_gap``
       raises the floor (the event layer uses it to keep a team's matches apart in minutes,
       see :func:`gap_for_turnaround`); it may not exceed :func:`gap_bound`.
    4. No repeated partner where every team's partner slots fit among the other teams;
       then the smallest worst opponent repeat; then the fewest repeated partners (where
       some must repeat) and opponents.
    5. Red/blue balance: no team more than two matches off (one where possible).
    6. Station balance: each team's most and least used station differ by at most one.

    How: when partners can all be different, the alliances are first drawn as a design in
    which no two teams are together twice (Stinson's hill-climbing) and laid out in match
    order under the gap floor; alternately (and otherwise) matches are filled greedily,
    most rested team first. Simulated annealing then improves partners, opponents and
    colours, never going below the floor; small events repeat the search and keep the best.
    Colours get a last pass of match colour swaps and stations an exact balancing; neither
    changes who plays with whom. The effort is a fixed number of moves, so the same
    ``seed`` always gives the same schedule; ``seed=None`` gives a random one.

    Raises ``ValueError`` for fewer teams than one match needs, ``matches_per_team`` < 1,
    ``alliance_size`` not 1, 2 or 3, duplicate or unhashable team ids, or a ``min_gap`` that
    is not a whole number or exceeds :func:`gap_bound`.
    """
    team_ids = _validate(teams, matches_per_team, alliance_size)
    n = len(team_ids)
    a = alliance_size
    floor = _validate_min_gap(min_gap, n, a)
    rng = random.Random(seed)
    k = 2 * a
    n_matches = -(-n * matches_per_team // k)
    spare = n_matches * k - n * matches_per_team  # surrogate appearances needed, < k <= n

    quota = [matches_per_team] * n
    surrogate_teams = rng.sample(range(n), spare)
    for t in surrogate_teams:
        quota[t] += 1

    matches = _best_schedule(quota, n_matches, a, floor, rng)
    _balance_stations(matches, n, a)

    appearances: list[list[int]] = [[] for _ in range(n)]
    for x, match in enumerate(matches):
        for t in match:
            appearances[t].append(x)
    surrogate_at: dict[int, set[int]] = {}
    for t in surrogate_teams:
        played = appearances[t]
        which = 2 if len(played) >= 3 else len(played) - 1
        surrogate_at.setdefault(played[which], set()).add(t)

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

    - ``min_gap``: the smallest difference of match numbers between two consecutive
      appearances of one team, in FIRST's unit (1 = back to back, 2 = one match between).
      When no team plays twice it is the number of matches.
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
                min_gap = min(min_gap, index - last[t])
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


# --- public: times and fields ---------------------------------------------------------------


def plan_slots(
    schedule: Schedule,
    fields: int,
    start: datetime,
    cycle: timedelta,
    breaks: Sequence[Break] = (),
    *,
    simultaneous: bool = False,
    turnaround: timedelta = timedelta(0),
) -> list[Slot]:
    """Field and start time of every match of ``schedule``, in match order.

    Match ``i`` is on field ``((i - 1) % fields) + 1``; each field is busy for ``cycle`` per
    match. Staggered (the default, FTC's alternating fields): a match starts every
    ``cycle / fields``. ``simultaneous=True`` (FLL's table pairs): matches start in waves of
    ``fields``, one wave every ``cycle``.

    A ``Break(after_match=n, duration=d)`` starts when match ``n``'s slot ends (its start
    plus ``cycle``; every earlier match has ended by then) and the next match starts when it
    ends, so no match is played during a break; breaks after the same match add up. A break
    in the middle of a wave delays the rest of the wave.

    ``turnaround``: no team starts two consecutive matches closer together than this. Where
    the layout would break that, the match is delayed just enough, and everything after it
    with it, so the guarantee holds by construction. :func:`gap_for_turnaround` gives the
    ``min_gap`` for :func:`generate_schedule` that makes such delays unnecessary. Use a
    turnaround of at least ``cycle`` to also keep a team out of two overlapping matches.

    Raises ``ValueError`` for fewer than one field, a cycle that is not positive, a negative
    turnaround, a break with a negative duration or an ``after_match`` below 1.
    """
    if isinstance(fields, bool) or not isinstance(fields, int) or fields < 1:
        raise ValueError(f"fields must be a whole number >= 1, got {fields!r}")
    if turnaround < timedelta(0):
        raise ValueError(f"turnaround must not be negative, got {turnaround}")
    teams = [match.teams for match in schedule.matches]
    starts = _lay_out(len(teams), teams, fields, start, cycle, breaks, simultaneous, turnaround)
    return [
        Slot(number=i + 1, field=i % fields + 1, start=at) for i, at in enumerate(starts)
    ]


def match_times(
    count: int,
    start: datetime,
    cycle: timedelta,
    breaks: Sequence[Break] = (),
) -> list[datetime]:
    """Start times of ``count`` matches played one after the other every ``cycle``.

    The one-field case of :func:`plan_slots`, for callers without a schedule:
    ``Break(after_match=n, duration=d)`` makes match ``n + 1`` start at
    ``start(n) + cycle + d``; several breaks after the same match add up, and a break after
    the last match (or later) changes nothing.

    Raises ``ValueError`` for a negative count, a cycle that is not positive, a break with
    a negative duration or an ``after_match`` below 1.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"count must be a whole number >= 0, got {count!r}")
    return _lay_out(count, None, 1, start, cycle, breaks, False, timedelta(0))


def gap_for_turnaround(
    fields: int,
    cycle: timedelta,
    turnaround: timedelta,
    simultaneous: bool = False,
) -> int:
    """The ``min_gap`` (FIRST units) under which :func:`plan_slots` never delays a match.

    Matches ``g`` apart start ``g * cycle / fields`` apart when staggered, and at least
    ``(g // fields) * cycle`` apart in simultaneous waves (breaks only add time), so the
    smallest ``g`` for which that reaches ``turnaround`` is enough. At least 1. Note that a
    result above :func:`gap_bound` cannot be asked of :func:`generate_schedule`.
    """
    if isinstance(fields, bool) or not isinstance(fields, int) or fields < 1:
        raise ValueError(f"fields must be a whole number >= 1, got {fields!r}")
    if cycle <= timedelta(0):
        raise ValueError(f"cycle must be positive, got {cycle}")
    need = _microseconds(turnaround)
    if need <= 0:
        return 1
    step = _microseconds(cycle)
    if simultaneous:
        return max(1, -(-need // step) * fields)
    return max(1, -(-need * fields // step))


# --- times: internals -----------------------------------------------------------------------


def _microseconds(delta: timedelta) -> int:
    return delta // timedelta(microseconds=1)


def _lay_out(
    count: int,
    teams: list[tuple] | None,
    fields: int,
    start: datetime,
    cycle: timedelta,
    breaks: Sequence[Break],
    simultaneous: bool,
    turnaround: timedelta,
) -> list[datetime]:
    """Start times: the nominal layout, pushed back by breaks and by team turnarounds.

    Times are kept as whole microseconds from ``start`` so staggered starts do not drift.
    The layout is anchored at a match: later matches start at the anchor's time plus their
    offset in the layout. A break or a turnaround delay moves the anchor to the delayed
    match, which shifts everything after it by the same amount.
    """
    if cycle <= timedelta(0):
        raise ValueError(f"cycle must be positive, got {cycle}")
    pause_after = _pauses(breaks)
    slot = _microseconds(cycle)
    rest = _microseconds(turnaround)

    def offset(i: int) -> int:  # nominal start of match i (0-based) from the layout's origin
        if simultaneous:
            return i // fields * slot
        return i * slot // fields

    anchor_index, anchor_time = 0, 0
    last_start: dict[Hashable, int] = {}
    times: list[datetime] = []
    previous = 0
    for i in range(count):
        at = anchor_time + offset(i) - offset(anchor_index)
        if i and i in pause_after:  # a break after match i (1-based): after the one before
            at = max(at, previous + slot + pause_after[i])
        if teams is not None and rest:
            at = max([at] + [last_start[t] + rest for t in teams[i] if t in last_start])
        if at != anchor_time + offset(i) - offset(anchor_index):
            anchor_index, anchor_time = i, at
        if teams is not None:
            for t in teams[i]:
                last_start[t] = at
        times.append(start + timedelta(microseconds=at))
        previous = at
    return times


def _pauses(breaks: Sequence[Break]) -> dict[int, int]:
    """Total break time (µs) after each match number, validating the breaks."""
    pause_after: dict[int, int] = {}
    for b in breaks:
        if isinstance(b.after_match, bool) or not isinstance(b.after_match, int):
            raise ValueError(f"break {b.name!r}: after_match must be a match number")
        if b.after_match < 1:
            raise ValueError(f"break {b.name!r}: after_match must be >= 1, got {b.after_match}")
        if b.duration < timedelta(0):
            raise ValueError(f"break {b.name!r}: duration must not be negative")
        pause_after[b.after_match] = pause_after.get(b.after_match, 0) + _microseconds(
            b.duration
        )
    return pause_after


# --- generation: arguments ------------------------------------------------------------------


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


def _validate_min_gap(min_gap: int | None, n: int, a: int) -> int:
    """The gap floor asked for (1 when none: back to back is always possible)."""
    if min_gap is None:
        return 1
    if isinstance(min_gap, bool) or not isinstance(min_gap, int) or min_gap < 0:
        raise ValueError(f"min_gap must be a whole number >= 0, got {min_gap!r}")
    bound = gap_bound(n, a)
    if min_gap > bound:
        raise ValueError(
            f"min_gap {min_gap} is impossible: with {n} teams in {a} vs {a} matches, "
            f"{min_gap} consecutive matches need {2 * a * min_gap} different teams; "
            f"the largest possible gap is {bound}"
        )
    return max(1, min_gap)


# --- generation: choosing the best of several searches ----------------------------------------


def _best_schedule(
    quota: list[int], n_matches: int, a: int, floor: int, rng: random.Random
) -> list[list[int]]:
    """Search at the gap levels worth trying and keep the best trade-off.

    The move budget is shared by the levels; a level that is skipped leaves its share to
    the next. A lower level is only tried when the higher one leaves avoidable partner
    repeats or a worst opponent repeat more than one above the lower bound; it wins when it
    has fewer repeated partners or a smaller worst opponent repeat.
    """
    n = len(quota)
    levels = _gap_levels(n, a, floor) if max(quota) > 1 else [1]
    slots = n_matches * 2 * a
    moves = min(_MAX_MOVES, max(_MIN_MOVES, _MOVES_PER_SLOT * slots))
    ideal = _ideal_pairing(quota, a)
    budget = _TOTAL_MOVES
    partner_unit = _PARTNER_UNIT if ideal.partner_max <= 1 else _SHARED_PARTNER_UNIT
    results: list[tuple[_Pairing, list[list[int]]]] = []
    for index, gap in enumerate(levels):
        runs = max(1, budget // (len(levels) - index) // moves)
        last = index == len(levels) - 1
        best, done = _search_level(quota, n_matches, a, gap, runs, moves, ideal, last, rng)
        budget -= done * moves
        if best is None:
            continue  # no room to move at this gap
        matches = best[1]
        if not _balance_colours(matches, n, a, rng):
            _force_colours(matches, n, a, gap, moves, partner_unit, rng)
            best = (_pairing(matches, n, a), matches)
        results.append(best)
        if _no_worse(best[0], ideal._replace(opponent_max=ideal.opponent_max + 1)):
            break  # a lower gap could win one opponent repeat at most: not worth it
    chosen = results[0]
    for lower in results[1:]:
        if not _no_worse(chosen[0], lower[0]):
            chosen = lower
    return chosen[1]


def _force_colours(
    matches: list[list[int]],
    n: int,
    a: int,
    gap: int,
    moves: int,
    partner_unit: int,
    rng: random.Random,
) -> None:
    """Bring every team within two matches of red/blue balance by changing pairings.

    For when colour swaps alone cannot: anneal again with each match beyond two off balance
    costing more than any pairing. Partners come before colours in the priority order, so a
    schedule without repeated partners keeps them apart even if a team stays off balance.
    """
    keep = _pairing(matches, n, a).partner_max <= 1
    for keep_partners in (True,) if keep else (False,):
        _anneal(
            matches, n, a, gap, moves, partner_unit, rng,
            off_balance=_OFF_BALANCE, keep_partners=keep_partners,
        )
        if _balance_colours(matches, n, a, rng):
            return


def _search_level(
    quota: list[int],
    n_matches: int,
    a: int,
    gap: int,
    runs: int,
    moves: int,
    ideal: _Pairing,
    last: bool,
    rng: random.Random,
) -> tuple[tuple[_Pairing, list[list[int]]] | None, int]:
    """The best of up to ``runs`` searches under one gap floor, and how many ran.

    Starts alternate between a partner design and a team-by-team fill, as each wins on
    some sizes; a kind that fails is dropped: designs that cannot be laid out under this
    gap (unless it is the last level), fills that leave avoidable partner repeats. Above
    the last level, a first search that leaves avoidable partner repeats ends the level.
    None when the gap leaves no room to move (only the round-robin order meets it) and a
    lower level is still to come.
    """
    n = len(quota)
    design = a > 1 and (a - 1) * max(quota) <= n - 1  # a design without repeats exists
    fill = True
    partner_unit = _PARTNER_UNIT if ideal.partner_max <= 1 else _SHARED_PARTNER_UNIT
    best = None
    for run in range(runs):
        use_design = design and (run % 2 == 0 or not fill)
        matches, origin = _start(quota, n_matches, a, gap, use_design, rng)
        if origin == "round robin" and not last:
            return None, run
        if use_design and origin != "design" and not last:
            design = False
        keep = origin == "design"
        _anneal(matches, n, a, gap, moves, partner_unit, rng, keep_partners=keep)
        score = _pairing(matches, n, a)
        if origin == "fill" and score.partner_max > ideal.partner_max:
            fill = False
        if best is None or score < best[0]:
            best = (score, matches)
        if _no_worse(score, ideal) or origin == "round robin":
            return best, run + 1  # as good as it gets, or too rigid for another try to help
        if not last and score.partner_max > ideal.partner_max:
            return best, run + 1  # partners repeat at this gap: leave the budget to the next
    return best, runs


def _gap_levels(n: int, a: int, floor: int) -> list[int]:
    """Gap floors to try, highest first: reference + 1, then the reference (never < floor)."""
    bound = gap_bound(n, a)
    ref = reference_gap(n, a)
    levels = sorted({min(bound, max(floor, ref + 1)), min(bound, max(floor, ref))}, reverse=True)
    return levels


class _Pairing(NamedTuple):
    """How well a schedule pairs teams; as a tuple, lower is better in this order.

    The worst opponent pair comes before the number of partner repeats: they differ only
    when some partner must repeat anyway, and then a smaller worst opponent repeat is worth
    a few more repeated partners.
    """

    partner_max: int
    opponent_max: int
    partner_repeats: int
    opponent_repeats: int


def _no_worse(high: _Pairing, low: _Pairing) -> bool:
    """Whether ``high`` pairs at least as well as ``low`` in partner max, partner repeats
    and opponent max (opponent repeats may be worse: the gap comes first)."""
    return (
        high.partner_max <= low.partner_max
        and high.partner_repeats <= low.partner_repeats
        and high.opponent_max <= low.opponent_max
    )


def _ideal_pairing(quota: list[int], a: int) -> _Pairing:
    """Bounds no schedule can beat: each team's partner and opponent slots spread evenly
    over the other teams. (The least number of partner repeats is not known when some
    partner must repeat; any number is accepted then.)"""
    n = len(quota)
    most = max(quota)
    partner = -(-(a - 1) * most // (n - 1)) if a > 1 else 0
    opponent = -(-a * most // (n - 1))
    return _Pairing(partner, opponent, 0 if partner <= 1 else _FAR, _FAR)


def _pairing(matches: list[list[int]], n: int, a: int) -> _Pairing:
    """Measure how ``matches`` pair teams (the counts of :func:`schedule_quality`)."""
    partner: dict[int, int] = {}
    opponent: dict[int, int] = {}
    for match in matches:
        for i, t in enumerate(match):
            for j in range(i + 1, len(match)):
                u = match[j]
                key = t * n + u if t < u else u * n + t
                counts = partner if (i < a) == (j < a) else opponent
                counts[key] = counts.get(key, 0) + 1
    return _Pairing(
        partner_max=max(partner.values(), default=0),
        opponent_max=max(opponent.values(), default=0),
        partner_repeats=sum(c - 1 for c in partner.values()),
        opponent_repeats=sum(c - 1 for c in opponent.values()),
    )


# --- generation: a first schedule that respects the gap floor --------------------------------


def _start(
    quota: list[int], n_matches: int, a: int, gap: int, design: bool, rng: random.Random
) -> tuple[list[list[int]], str]:
    """A first schedule whose gap is at least ``gap``, and how it was made.

    With ``design``, from alliances without repeated partners laid out under the gap (the
    annealer then only has opponents left to improve): "design". Failing that, filled team
    by team, most rested first: "fill". If even that gets stuck, the teams in a fixed order
    lap after lap, which meets any possible gap but leaves little to improve: "round robin".
    """
    n = len(quota)
    if design:
        for _ in range(_DESIGN_TRIES):
            alliances = _partner_design(quota, a, rng)
            if alliances is None:
                break
            matches = _arrange(alliances, quota, n_matches, gap, rng)
            if matches is not None and _repair_gap(matches, n, a, gap, rng):
                return matches, "design"
    matches = _fill_by_rest(quota, n_matches, a, gap, rng)
    if matches is not None:
        return matches, "fill"
    return _round_robin_fill(quota, n_matches, 2 * a, rng), "round robin"


def _partner_design(quota: list[int], a: int, rng: random.Random) -> list[tuple] | None:
    """Alliances in which team t appears quota[t] times and no two teams meet twice.

    Stinson's hill-climbing for triple systems, with a quota per team: take a team x that
    is short of alliances and a - 1 teams it has not partnered yet (preferably also short);
    for a = 3, if those two are already partners, their alliance gives way to the new one
    (both keep their count, its third team loses one); otherwise teams that are already
    full give up one alliance. Finds such designs in a few hundred steps whenever each
    team's partner slots, (a - 1) * quota, fit in the n - 1 other teams; returns None when
    they do not (a partner must then repeat) or the walk takes too long.
    """
    n = len(quota)
    if (a - 1) * max(quota) > n - 1:
        return None
    target = sum(quota) // a
    owner = [-1] * (n * n)  # which alliance a pair of teams shares, -1 for none
    alliances: dict[int, tuple] = {}
    member_of: list[set[int]] = [set() for _ in range(n)]
    count = [0] * n
    next_id = 0

    def mark(alliance: tuple, value: int) -> None:
        for t in alliance:
            for u in alliance:
                if t != u:
                    owner[t * n + u] = value

    def add(alliance: tuple) -> None:
        nonlocal next_id
        alliances[next_id] = alliance
        mark(alliance, next_id)
        for t in alliance:
            count[t] += 1
            member_of[t].add(next_id)
        next_id += 1

    def drop(alliance_id: int) -> None:
        alliance = alliances.pop(alliance_id)
        mark(alliance, -1)
        for t in alliance:
            count[t] -= 1
            member_of[t].discard(alliance_id)

    for _ in range(20 * target + 1000):  # a few hundred steps are usual
        if len(alliances) == target:
            return list(alliances.values())
        x = rng.choice([t for t in range(n) if count[t] < quota[t]])
        free = [u for u in range(n) if u != x and owner[x * n + u] < 0]
        short = [u for u in free if count[u] < quota[u]]
        others = rng.sample(short if len(short) >= a - 1 else free, a - 1)
        if a == 3 and owner[others[0] * n + others[1]] >= 0:
            drop(owner[others[0] * n + others[1]])
        else:
            for t in others:
                if count[t] >= quota[t]:
                    drop(rng.choice(sorted(member_of[t])))
        add((x, *others))
    return None


def _arrange(
    alliances: list[tuple], quota: list[int], n_matches: int, gap: int, rng: random.Random
) -> list[list[int]] | None:
    """Lay alliances out two per match, most urgent first, respecting ``gap`` where possible.

    Urgency: an alliance whose teams all rested ``gap`` matches goes before one that has a
    team too recently played; then the one whose team has the most appearances left, then
    the one whose teams rested longest. The result can break the gap in a few places near
    the end; :func:`_repair_gap` fixes those. None if the alliances left cannot be paired.
    """
    n = len(quota)
    remaining = quota[:]
    last = [-_FAR] * n
    unused = list(alliances)
    rng.shuffle(unused)
    matches = []
    for x in range(n_matches):

        def urgency(alliance: tuple, x: int = x) -> tuple:
            return (
                sum(1 for t in alliance if x - last[t] < gap),
                -max(remaining[t] for t in alliance),
                -sum(remaining[t] for t in alliance),
                max(last[t] for t in alliance),
            )

        unused.sort(key=urgency)
        for i, first in enumerate(unused):
            j = next((j for j in range(i + 1, len(unused)) if _apart(first, unused[j])), None)
            if j is not None:
                break
        else:
            return None  # the alliances left all share a team
        second = unused.pop(j)
        unused.pop(i)
        for t in first + second:
            remaining[t] -= 1
            last[t] = x
        matches.append(list(first + second))
    return matches


def _apart(first: tuple, second: tuple) -> bool:
    return not set(first) & set(second)


def _shortfall(played: list[int], gap: int) -> int:
    """How far a team's appearances fall short of ``gap``: sum of squared shortfalls."""
    total = 0
    for i in range(1, len(played)):
        short = gap - (played[i] - played[i - 1])
        if short > 0:
            total += short * short
    return total


def _repair_gap(
    matches: list[list[int]], n: int, a: int, gap: int, rng: random.Random
) -> bool:
    """Exchange whole alliances between matches until no team plays closer than ``gap``.

    Moving an alliance keeps every partnership, so a design without repeated partners stays
    so. Annealing on the total shortfall, mostly moving an alliance of a team that is short
    of rest; returns whether the shortfall reached zero.
    """
    n_matches = len(matches)
    played: list[list[int]] = [[] for _ in range(n)]
    for x, match in enumerate(matches):
        for t in match:
            played[t].append(x)
    short = [_shortfall(p, gap) for p in played]
    short_of_rest = {t for t in range(n) if short[t]}
    reach = 4 * gap + 2
    temp = 0.6
    for _ in range(_REPAIR_MOVES_PER_MATCH * n_matches):
        if not short_of_rest:
            return True
        if rng.random() < 0.7:
            t = rng.choice(sorted(short_of_rest))
            p = played[t]
            close = [i for i in range(1, len(p)) if p[i] - p[i - 1] < gap]
            x = p[rng.choice(close) - rng.randrange(2)]
            sx = 0 if matches[x].index(t) < a else a
        else:
            x = rng.randrange(n_matches)
            sx = a * rng.randrange(2)
        y = x + rng.randint(-reach, reach)
        if y == x or not 0 <= y < n_matches:
            continue
        sy = a * rng.randrange(2)
        mx, my = matches[x], matches[y]
        first, second = mx[sx : sx + a], my[sy : sy + a]
        if set(first) & set(my) or set(second) & set(mx):
            continue
        changed = []
        delta = 0
        for moved, frm, to in ((first, x, y), (second, y, x)):
            for t in moved:
                new = sorted([v for v in played[t] if v != frm] + [to])
                cost = _shortfall(new, gap)
                delta += cost - short[t]
                changed.append((t, new, cost))
        if delta > 0 and rng.random() >= math.exp(-delta / temp):
            continue
        for t, new, cost in changed:
            played[t] = new
            short[t] = cost
            if cost:
                short_of_rest.add(t)
            else:
                short_of_rest.discard(t)
        mx[sx : sx + a], my[sy : sy + a] = second, first
    return not short_of_rest


def _fill_by_rest(
    quota: list[int], n_matches: int, a: int, gap: int, rng: random.Random
) -> list[list[int]] | None:
    """Fill matches in order from the teams that may play (rested ``gap`` matches).

    Teams with most appearances left go first, then the longest rested, so the fill stays
    feasible; among the most urgent 2k the teams are placed one by one where they add the
    fewest repeated partners and opponents. Returns None if some match cannot be filled.
    """
    n = len(quota)
    k = 2 * a
    remaining = quota[:]
    last = [-_FAR] * n
    partner = [0] * (n * n)
    opponent = [0] * (n * n)
    jitter = [rng.random() * 0.5 * gap for _ in range(n)]
    matches = []
    for x in range(n_matches):
        ready = [t for t in range(n) if remaining[t] and x - last[t] >= gap]
        if len(ready) < k:
            return None
        ready.sort(key=lambda t: (-remaining[t], last[t] + jitter[t]))
        pool = ready[: 2 * k]
        top = remaining[pool[0]]
        rank = {t: (top - remaining[t]) * 1000 + i * 0.3 for i, t in enumerate(pool)}
        red, blue = [pool[0]], []
        for _ in range(k - 1):
            best = None
            for t in pool:
                if t in red or t in blue:
                    continue
                for mine, theirs in ((red, blue), (blue, red)):
                    if len(mine) == a:
                        continue
                    cost = rank[t] + rng.random() * 0.01
                    cost += _PARTNER_UNIT * sum(partner[t * n + u] for u in mine)
                    cost += _OPPONENT_UNIT * sum(opponent[t * n + u] for u in theirs)
                    if best is None or cost < best[0]:
                        best = (cost, t, mine)
            best[2].append(best[1])
        match = red + blue
        for i, t in enumerate(match):
            remaining[t] -= 1
            last[t] = x
            for j, u in enumerate(match):
                if i != j:
                    if (i < a) == (j < a):
                        partner[t * n + u] += 1
                    else:
                        opponent[t * n + u] += 1
        matches.append(match)
    return matches


def _round_robin_fill(
    quota: list[int], n_matches: int, k: int, rng: random.Random
) -> list[list[int]]:
    """Teams in one fixed random order, again and again, cut into matches of k.

    A team's appearances are then n places apart, so at least n // k matches apart: this
    meets any gap floor up to :func:`gap_bound`. Teams with a surrogate appearance lead the
    order, so their extra appearance closes the last lap.
    """
    order = list(range(len(quota)))
    rng.shuffle(order)
    least = min(quota)
    order.sort(key=lambda t: quota[t] == least)
    stream = order * least + [t for t in order if quota[t] > least]
    return [stream[x * k : (x + 1) * k] for x in range(n_matches)]


# --- generation: annealing ------------------------------------------------------------------


def _pair_costs(unit: int, size: int) -> list[int]:
    """Cost of a pair of teams that met c times, c = 0 .. size - 1."""
    costs = [0, 0]
    step = unit
    while len(costs) < size:
        costs.append(costs[-1] + step)
        step *= _GROWTH
    return costs[:size]


def _anneal(
    matches: list[list[int]],
    n: int,
    a: int,
    gap: int,
    moves: int,
    partner_unit: int,
    rng: random.Random,
    off_balance: float = 0.0,
    keep_partners: bool = False,
) -> None:
    """Improve partners, opponents and colours in place by simulated annealing.

    Moves: exchange two teams between nearby matches, exchange a red and a blue team inside
    a match, exchange whole alliances between nearby matches (which keeps every
    partnership), and swap a match's colours. A move that would bring a team closer than
    ``gap`` to its previous or next appearance is never made, so the floor of the start
    schedule holds throughout. Red/blue balance is a small cost term: colour swaps alone
    rarely balance every team, so the alliances are steered towards a balanceable layout
    while they are still free; ``off_balance`` is the extra cost per match that a team is
    more than two matches off balance. With ``keep_partners`` (for a start in which no
    partners repeat) a move that would repeat a partner is never made either: no number of
    better opponents is worth one (a convex cost alone would trade one for an extreme
    opponent repeat).

    Counters are kept incrementally, so a move costs a few dozen operations (random choices
    use ``int(random() * n)``, several times faster than ``randrange``); the number of
    moves is fixed, so the result depends only on ``rng``.
    """
    n_matches = len(matches)
    k = 2 * a
    if n_matches < 2:
        return
    played: list[list[int]] = [[] for _ in range(n)]
    side = [0] * n  # red minus blue appearances
    for x, match in enumerate(matches):
        for i, t in enumerate(match):
            played[t].append(x)
            side[t] += 1 if i < a else -1
    size = max(len(p) for p in played) + 2
    partner_cost = _pair_costs(partner_unit, size)
    opponent_cost = _pair_costs(_OPPONENT_UNIT, size)
    # Cost change when a count goes up by one (pup, oup) or down by one (pdn, odn).
    pup = [partner_cost[c + 1] - partner_cost[c] for c in range(size - 1)] + [0]
    pdn = [0] + [partner_cost[c - 1] - partner_cost[c] for c in range(1, size)]
    oup = [opponent_cost[c + 1] - opponent_cost[c] for c in range(size - 1)] + [0]
    odn = [0] + [opponent_cost[c - 1] - opponent_cost[c] for c in range(1, size)]
    # Colour cost of a team by red − blue (offset by ``size``); moves change it by 2.
    colour_cost = [
        _SIDE_UNIT * (d - size) ** 4 + off_balance * max(0, abs(d - size) - 2)
        for d in range(2 * size + 1)
    ]
    redder = [colour_cost[d + 2] - colour_cost[d] for d in range(2 * size - 1)] + [0, 0]
    bluer = [0, 0] + [colour_cost[d - 2] - colour_cost[d] for d in range(2, 2 * size + 1)]
    side = [s + size for s in side]

    pc = [0] * (n * n)  # partner counts, symmetric
    oc = [0] * (n * n)  # opponent counts, symmetric
    for match in matches:
        for i, t in enumerate(match):
            for j, u in enumerate(match):
                if i != j:
                    if (i < a) == (j < a):
                        pc[t * n + u] += 1
                    else:
                        oc[t * n + u] += 1
    cost = (sum(partner_cost[c] for c in pc) + sum(opponent_cost[c] for c in oc)) / 2
    cost += sum(colour_cost[s] for s in side)
    best_cost, best = cost, None

    window = max(1, min(n_matches - 1, n // k - gap + 2))
    t_start, t_end = 3.0, 0.08
    cooling = (t_end / t_start) ** (1.0 / max(1, moves))
    temp = t_start
    rand, exp = rng.random, math.exp
    flip_share = 0.05
    split_share = flip_share + (0.25 if a > 1 else 0.0)
    alliance_share = split_share + (0.15 if a > 1 else 0.0)
    keep_from = moves // 2

    def fits(t: int, frm: int, to: int) -> int:
        """Index of ``frm`` in t's appearances if t may move to match ``to``, else -1."""
        p = played[t]
        i = bisect_left(p, frm)
        if (i and to - p[i - 1] < gap) or (i + 1 < len(p) and p[i + 1] - to < gap):
            return -1
        return i

    def shift(counts: list[int], others: list[int], old: int, new: int) -> None:
        """Pairs (old, u) become pairs (new, u) for every u in ``others``."""
        on, nn = old * n, new * n
        for u in others:
            un = u * n
            counts[on + u] -= 1
            counts[un + old] -= 1
            counts[nn + u] += 1
            counts[un + new] += 1

    def recolour(to_blue: list[int], to_red: list[int]) -> None:
        for t in to_blue:
            side[t] -= 2
        for t in to_red:
            side[t] += 2

    def colour_delta(to_blue: list[int], to_red: list[int]) -> float:
        return sum(bluer[side[t]] for t in to_blue) + sum(redder[side[t]] for t in to_red)

    for step in range(moves):
        temp *= cooling
        x = int(rand() * n_matches)
        mx = matches[x]
        r = rand()
        if r < flip_share:
            # Swap the colours of match x: only the red/blue balance changes.
            reds, blues = mx[:a], mx[a:]
            delta = colour_delta(reds, blues)
            if delta > 0 and rand() >= exp(-delta / temp):
                continue
            recolour(reds, blues)
            mx[:] = blues + reds
            cost += delta
        elif r < split_share:
            # Exchange a red and a blue team inside match x.
            p, q = int(rand() * a), a + int(rand() * a)
            ta, tb = mx[p], mx[q]
            an, bn = ta * n, tb * n
            if keep_partners and (
                any(pc[an + u] for u in mx[a:] if u != tb)
                or any(pc[bn + u] for u in mx[:a] if u != ta)
            ):
                continue
            delta = bluer[side[ta]] + redder[side[tb]]
            for i in range(k):
                if i == p or i == q:
                    continue
                u = mx[i]
                if i < a:  # ta leaves u's alliance, tb joins it
                    delta += pdn[pc[an + u]] + oup[oc[an + u]] + pup[pc[bn + u]] + odn[oc[bn + u]]
                else:
                    delta += pup[pc[an + u]] + odn[oc[an + u]] + pdn[pc[bn + u]] + oup[oc[bn + u]]
            if delta > 0 and rand() >= exp(-delta / temp):
                continue
            reds = [u for u in mx[:a] if u != ta]
            blues = [u for u in mx[a:] if u != tb]
            shift(pc, reds, ta, tb)
            shift(oc, reds, tb, ta)
            shift(pc, blues, tb, ta)
            shift(oc, blues, ta, tb)
            recolour([ta], [tb])
            mx[p], mx[q] = tb, ta
            cost += delta
        else:
            y = x - window + int(rand() * 2 * window)
            if y >= x:
                y += 1
            if not 0 <= y < n_matches:
                continue
            my = matches[y]
            if abs(x - y) >= gap and not set(mx).isdisjoint(my):
                continue  # a team in both matches: the count updates below assume none
            if r < alliance_share:
                # Exchange alliance sx of match x with alliance sy of match y.
                sx, sy = a * (rand() < 0.5), a * (rand() < 0.5)
                first, second = mx[sx : sx + a], my[sy : sy + a]
                spots = [fits(t, x, y) for t in first] + [fits(t, y, x) for t in second]
                if -1 in spots:
                    continue
                fo, so = mx[a - sx : k - sx], my[a - sy : k - sy]  # their opponents
                if sx == sy:
                    delta = 0.0
                    to_blue = to_red = []
                elif sx == 0:
                    to_blue, to_red = first, second
                    delta = colour_delta(to_blue, to_red)
                else:
                    to_blue, to_red = second, first
                    delta = colour_delta(to_blue, to_red)
                for t in first:
                    tn = t * n
                    for u in fo:
                        delta += odn[oc[tn + u]]
                    for u in so:
                        delta += oup[oc[tn + u]]
                for t in second:
                    tn = t * n
                    for u in so:
                        delta += odn[oc[tn + u]]
                    for u in fo:
                        delta += oup[oc[tn + u]]
                if delta > 0 and rand() >= exp(-delta / temp):
                    continue
                for group, old, new in ((first, fo, so), (second, so, fo)):
                    for t in group:
                        for u in old:
                            oc[t * n + u] -= 1
                            oc[u * n + t] -= 1
                        for u in new:
                            oc[t * n + u] += 1
                            oc[u * n + t] += 1
                for t, i in zip(first, spots[:a], strict=True):
                    played[t][i] = y
                for t, i in zip(second, spots[a:], strict=True):
                    played[t][i] = x
                recolour(to_blue, to_red)
                mx[sx : sx + a], my[sy : sy + a] = second, first
                cost += delta
            else:
                # Exchange team ta of match x with team tb of match y.
                p, q = int(rand() * k), int(rand() * k)
                ta, tb = mx[p], my[q]
                ia = fits(ta, x, y)
                if ia < 0:
                    continue
                ib = fits(tb, y, x)
                if ib < 0:
                    continue
                if p < a:
                    px, ox = [u for u in mx[:a] if u != ta], mx[a:]
                else:
                    px, ox = [u for u in mx[a:] if u != ta], mx[:a]
                if q < a:
                    py, oy = [u for u in my[:a] if u != tb], my[a:]
                else:
                    py, oy = [u for u in my[a:] if u != tb], my[:a]
                an, bn = ta * n, tb * n
                if keep_partners and (
                    any(pc[an + u] for u in py) or any(pc[bn + u] for u in px)
                ):
                    continue
                if (p < a) == (q < a):
                    delta = 0.0
                    to_blue = to_red = []
                elif p < a:
                    to_blue, to_red = [ta], [tb]
                    delta = bluer[side[ta]] + redder[side[tb]]
                else:
                    to_blue, to_red = [tb], [ta]
                    delta = bluer[side[tb]] + redder[side[ta]]
                for u in px:
                    delta += pdn[pc[an + u]] + pup[pc[bn + u]]
                for u in py:
                    delta += pdn[pc[bn + u]] + pup[pc[an + u]]
                for u in ox:
                    delta += odn[oc[an + u]] + oup[oc[bn + u]]
                for u in oy:
                    delta += odn[oc[bn + u]] + oup[oc[an + u]]
                if delta > 0 and rand() >= exp(-delta / temp):
                    continue
                shift(pc, px, ta, tb)
                shift(pc, py, tb, ta)
                shift(oc, ox, ta, tb)
                shift(oc, oy, tb, ta)
                recolour(to_blue, to_red)
                mx[p], my[q] = tb, ta
                played[ta][ia] = y
                played[tb][ib] = x
                cost += delta
        if cost < best_cost - 1e-9 and step >= keep_from:
            best_cost, best = cost, [match[:] for match in matches]
    if best is not None and best_cost < cost - 1e-9:
        matches[:] = best


# --- colours and stations -------------------------------------------------------------------


def _balance_colours(matches: list[list[int]], n: int, a: int, rng: random.Random) -> bool:
    """Choose which alliance of each match is red so every team's red − blue is near zero.

    Swapping a match's colours changes neither partners, opponents nor gaps. With one team
    per alliance each match is an edge between two teams, and an orientation of a graph in
    which every team's in- and out-degree differ by at most one always exists
    (:func:`_balanced_orientation`). With larger alliances, a min-conflicts search flips the
    matches of the most unbalanced teams. Returns whether every team is within two
    matches of balance.
    """
    if a == 1:
        edges = [(match[0], match[1]) for match in matches]
        for match, forward in zip(matches, _balanced_orientation(n, edges), strict=True):
            if not forward:
                match.reverse()
        return True
    side = [0] * n
    played: list[list[int]] = [[] for _ in range(n)]
    for x, match in enumerate(matches):
        for i, t in enumerate(match):
            side[t] += 1 if i < a else -1
            played[t].append(x)

    def flip_delta(x: int) -> float:
        delta = 0.0
        for i, t in enumerate(matches[x]):
            delta += _colour_cost(side[t] + (-2 if i < a else 2)) - _colour_cost(side[t])
        return delta

    def flip(x: int) -> None:
        match = matches[x]
        for i, t in enumerate(match):
            side[t] += -2 if i < a else 2
            if abs(side[t]) > 1:
                off.add(t)
            else:
                off.discard(t)
        match[:] = match[a:] + match[:a]

    off = {t for t in range(n) if abs(side[t]) > 1}  # teams off balance
    cost = sum(_colour_cost(s) for s in side)
    best_cost, best = cost, [m[:] for m in matches]
    stale = 0  # flips since the best so far
    while off and stale < 4 * len(matches) + 50:
        stale += 1
        t = rng.choice(sorted(off))
        wrong = [x for x in played[t] if (matches[x].index(t) < a) == (side[t] > 0)]
        if rng.random() < 0.1:
            x = rng.choice(wrong)
        else:
            x = min(wrong, key=lambda x: (flip_delta(x), rng.random()))
        cost += flip_delta(x)
        flip(x)
        if cost < best_cost:
            best_cost, best, stale = cost, [m[:] for m in matches], 0
    if off:
        matches[:] = best
    return best_cost < _OFF_BALANCE  # the cost has no team beyond two matches off


def _colour_cost(side: int) -> float:
    """Cost of a team's red − blue: steep (d^4), and prohibitive beyond two."""
    return side**4 + _OFF_BALANCE * max(0, abs(side) - 2)


def _balance_stations(matches: list[list[int]], n: int, a: int) -> None:
    """Order each alliance over its stations so that every team uses each station evenly.

    For a pair of stations (i, j), each alliance is an edge between its team at i and its
    team at j; orienting every edge so a team's in- and out-degree differ by at most one
    (:func:`_balanced_orientation`) and seating the tail at i evens the team's uses of i
    and j without touching the other stations. Repeating this for unbalanced pairs lowers
    the sum of squared uses every time, so it ends with every team's most and least used
    station at most one apart (an equitable edge colouring, after de Werra).
    """
    if a == 1:
        return
    alliances = [(x, s) for x in range(len(matches)) for s in (0, a)]
    uses = [[0] * a for _ in range(n)]
    for x, s in alliances:
        for i in range(a):
            uses[matches[x][s + i]][i] += 1
    pairs = [(i, j) for i in range(a) for j in range(i + 1, a)]
    while True:
        todo = [(i, j) for i, j in pairs if any(abs(u[i] - u[j]) > 1 for u in uses)]
        if not todo:
            return
        i, j = todo[0]
        edges = [(matches[x][s + i], matches[x][s + j]) for x, s in alliances]
        for (x, s), forward in zip(alliances, _balanced_orientation(n, edges), strict=True):
            if not forward:
                match = matches[x]
                t, u = match[s + i], match[s + j]
                match[s + i], match[s + j] = u, t
                uses[t][i] -= 1
                uses[t][j] += 1
                uses[u][j] -= 1
                uses[u][i] += 1


def _balanced_orientation(n: int, edges: list[tuple[int, int]]) -> list[bool]:
    """Orient edges so every vertex's out- and in-degree differ by at most one.

    Returns, per edge (u, v), True for u → v. Classic Euler-trail argument: walk along
    unused edges, orienting them as walked. A walk started at a vertex with an odd number of
    unused edges can only get stuck at another such vertex, so once those are paired up
    every later walk is closed; inner vertices of a walk get one edge in and one out.
    """
    incident: list[list[int]] = [[] for _ in range(n)]
    for e, (u, v) in enumerate(edges):
        incident[u].append(e)
        incident[v].append(e)
    unused = [len(es) for es in incident]
    used = [False] * len(edges)
    forward = [True] * len(edges)
    cursor = [0] * n

    def walk(v: int) -> None:
        while True:
            es = incident[v]
            i = cursor[v]
            while i < len(es) and used[es[i]]:
                i += 1
            cursor[v] = i
            if i == len(es):
                return
            e = es[i]
            used[e] = True
            u, w = edges[e]
            forward[e] = u == v
            nxt = w if u == v else u
            unused[v] -= 1
            unused[nxt] -= 1
            v = nxt

    for v in range(n):
        if unused[v] % 2:
            walk(v)
    for v in range(n):
        if unused[v]:
            walk(v)
    return forward
