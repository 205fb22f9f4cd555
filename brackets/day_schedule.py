"""An FLL Challenge tournament day: robot-game matches on table pairs and judging sessions.

:func:`plan_day` builds the day, :func:`check_day` lists every broken hard rule in plain
English, and :func:`day_quality` measures the soft goals (a short day, balanced tables,
few repeated opponents, short waits).
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from heapq import heappop, heappush
from typing import Any, Literal, NamedTuple

__all__ = ["DayItem", "DayPlan", "DaySpec", "check_day", "day_quality", "plan_day"]

_SESSIONS = {
    "separate": ("innovation_project", "robot_design"),
    "combined": ("combined",),
}
_SESSION_NAMES = {
    "innovation_project": "Innovation Project",
    "robot_design": "Robot Design",
    "combined": "Combined judging",
}
_US = timedelta(microseconds=1)

# Attempts of the greedy construction: (pairs staggered, half-empty wait in match cycles,
# room key, rooms before pairs at equal times). Each runs with its own random tie-breaks;
# the shortest day wins, then the soft goals. The count is fixed so a seed always gives the
# same plan; 100 teams on 8 tables take about 20 ms per attempt.
_POLICIES = [
    (staggered, wait, room_key, rooms_first, paced)
    for paced in (False, True)
    for staggered in (True, False)
    for wait in (0.0, 0.5)
    for room_key in (0, 1)
    for rooms_first in (True, False)
]


@dataclass(frozen=True)
class DaySpec:
    """What a tournament day has to hold.

    - ``teams``: the team ids (a list is stored as a tuple).
    - ``tables``: robot-game tables, an even number >= 2. Tables ``2k-1`` and ``2k`` form a
      pair whose two matches start together; a pair is busy ``match_cycle`` per match
      (reset included), a team ``match_length`` (2 min 30 s by default).
    - ``rounds``: robot-game rounds per team, the practice round included when ``practice``
      (the default): rounds=4 means practice, round1, round2, round3.
    - ``rooms``: judging rooms. ``judging="separate"`` gives every team an Innovation
      Project session and a Robot Design session, ``"combined"`` one session. A team is in
      the room ``session_length``; a room starts a session at most every ``session_cycle``.
    - ``travel``: the least time between the end of one of a team's commitments and the
      start of its next.
    - ``start``: when the first match or session may start; ``breaks``: (start, end) pairs,
      e.g. lunch, during which nothing is scheduled.
    """

    teams: tuple
    tables: int
    rounds: int
    match_cycle: timedelta
    rooms: int
    judging: Literal["separate", "combined"]
    session_length: timedelta
    session_cycle: timedelta
    travel: timedelta
    start: datetime
    breaks: tuple[tuple[datetime, datetime], ...] = ()
    match_length: timedelta = timedelta(seconds=150)
    practice: bool = True

    def __post_init__(self) -> None:
        # Only normalise here; plan_day and check_day validate with clear messages.
        if not isinstance(self.teams, tuple) and _iterable(self.teams):
            object.__setattr__(self, "teams", tuple(self.teams))
        if _iterable(self.breaks) and all(_iterable(b) for b in self.breaks):
            object.__setattr__(self, "breaks", tuple(tuple(b) for b in self.breaks))


@dataclass(frozen=True)
class DayItem:
    """One commitment of one team.

    ``kind`` is "robot" or "judging". For a match, ``what`` is "practice" or "round1",
    "round2"…, ``table`` is 1-based and ``round`` is the round number (0 = practice). For a
    judging session, ``what`` is "innovation_project", "robot_design" or "combined" and
    ``room`` is 1-based. ``end`` is when the team is free again (travel not included).
    """

    team: Hashable
    kind: Literal["robot", "judging"]
    what: str
    start: datetime
    end: datetime
    table: int | None = None
    room: int | None = None
    round: int | None = None

    def describe(self) -> str:
        """Plain English, e.g. "round 2 on table 3" or "Robot Design in room 2"."""
        if self.kind == "robot":
            return f"{self.what.replace('round', 'round ')} on table {self.table}"
        name = _SESSION_NAMES.get(self.what, self.what)
        return f"{name} in room {self.room}"


@dataclass(frozen=True)
class DayPlan:
    """A planned day: every match and session, sorted by start, and when the day ends."""

    items: tuple[DayItem, ...]
    end: datetime

    def for_team(self, team: Hashable) -> list[DayItem]:
        """The team's commitments in time order."""
        return sorted((i for i in self.items if i.team == team), key=_item_order)

    def for_table(self, table: int) -> list[DayItem]:
        """The matches on one table (1-based) in time order."""
        return sorted((i for i in self.items if i.table == table), key=_item_order)

    def for_room(self, room: int) -> list[DayItem]:
        """The sessions in one room (1-based) in time order."""
        return sorted((i for i in self.items if i.room == room), key=_item_order)


# --- public ---------------------------------------------------------------------------------


def plan_day(spec: DaySpec, seed: int | None = None) -> DayPlan:
    """Plan a tournament day: every team's robot matches and judging session(s).

    Hard rules, always kept (:func:`check_day` finds nothing): no team in two places at
    once; at least ``travel`` between the end of a team's commitment and the start of its
    next; a table pair runs one match at a time, both tables starting together (one side
    may stay empty); a room holds one session at a time; a team's rounds are in order;
    nothing overlaps a break or starts before ``start``; every team gets exactly
    ``rounds`` matches and its session(s); both tables of a match play the same round.

    Soft goals: a short day, each team's matches on different tables, tables used evenly in
    every round, no repeated opposite-table team where avoidable, short waits.

    How: a time-stepped greedy. Rooms and table pairs are events in time order; when one is
    free it takes the best team that is free too (has finished its last commitment plus
    travel). Rooms take teams with the most sessions left first, so every team has a
    session before any has its second. A pair takes first the team with the fewest
    matches played (rounds run as waves) that has used the pair least, the longest waiting
    one among equals; as its opponent a team it has not met, again from the earliest round,
    whose table history lets both teams take a table they have used least. At equal times
    the pair that has hosted fewest matches of the current round picks first. Judging and
    robot rounds thus interleave from the start. When the rooms need longer than the pairs,
    variants that pace the pairs over the judging time are tried too (shorter waits, the
    same end). A few variants of the greedy run with random tie-breaks and the best plan is
    kept: shortest day first, then the soft goals. The same ``seed`` always gives the same
    plan; ``None`` a random one.

    Raises ``ValueError`` for an invalid spec (see :class:`DaySpec`), naming the input.
    """
    config = _config(spec)
    rng = random.Random(seed)
    best: tuple | None = None
    for policy in _POLICIES:
        attempt_rng = random.Random(rng.getrandbits(64))
        plan = _to_plan(spec, config, _attempt(config, _Policy(*policy), attempt_rng))
        quality = day_quality(plan)
        score = (
            plan.end,
            quality["round_table_balance"] > 1,
            quality["repeated_opponents"] + quality["distinct_tables_shortfall"],
            quality["round_table_balance"],
            quality["longest_wait"],
        )
        if best is None or score < best[0]:
            best = (score, plan)
    assert best is not None
    return best[1]


def check_day(plan: DayPlan, spec: DaySpec) -> list[str]:
    """Every hard-rule violation of ``plan`` in plain English; empty when the plan is valid.

    Checks each item (known team, kind, table/room, round, duration, not before the start,
    not during a break), each team (not in two places at once, the travel gap between any
    two commitments, exactly ``rounds`` matches with rounds in order, the right judging
    sessions once each), each table pair (one match at a time, both tables starting
    together, one team per table) and each room (one session at a time).

    Raises ``ValueError`` for an invalid spec.
    """
    c = _config(spec)
    problems: list[str] = []
    day = spec.start.date()

    def clock(at: datetime) -> str:
        return _clock(at, day)

    labels = _round_labels(spec)
    sessions = _SESSIONS[spec.judging]
    by_team: dict[Hashable, list[DayItem]] = {t: [] for t in spec.teams}
    by_pair: dict[int, list[DayItem]] = defaultdict(list)
    by_room: dict[int, list[DayItem]] = defaultdict(list)

    for item in plan.items:
        where = f"{item.describe()} at {clock(item.start)}"
        if item.team not in by_team:
            problems.append(f"Team {item.team}: not in the team list ({where})")
            continue
        who = f"Team {item.team}"
        if item.end <= item.start:
            problems.append(f"{who}: {where} ends {clock(item.end)}, not after it starts")
        if item.start < spec.start:
            problems.append(f"{who}: {where} is before the day starts at {clock(spec.start)}")
        if item.kind == "robot":
            table_ok = _whole(item.table) and 1 <= item.table <= spec.tables
            if not table_ok:
                problems.append(f"{who}: {where}: there is no table {item.table}")
            if item.round not in labels or labels[item.round] != item.what:
                problems.append(
                    f"{who}: {where}: round number {item.round!r} and name {item.what!r} "
                    f"do not match a round of this day"
                )
            if item.end - item.start != spec.match_length:
                problems.append(
                    f"{who}: {where} lasts {_span(item.end - item.start)}, a match lasts "
                    f"{_span(spec.match_length)}"
                )
            if table_ok:
                by_pair[(item.table - 1) // 2].append(item)
        elif item.kind == "judging":
            room_ok = _whole(item.room) and 1 <= item.room <= spec.rooms
            if not room_ok:
                problems.append(f"{who}: {where}: there is no room {item.room}")
            if item.what not in sessions:
                problems.append(
                    f"{who}: {where}: a {spec.judging} judging day has no {item.what!r} session"
                )
            if item.end - item.start != spec.session_length:
                problems.append(
                    f"{who}: {where} lasts {_span(item.end - item.start)}, a session lasts "
                    f"{_span(spec.session_length)}"
                )
            if room_ok:
                by_room[item.room].append(item)
        else:
            problems.append(f"{who}: unknown kind {item.kind!r} at {clock(item.start)}")
        for b_start, b_end in spec.breaks:
            if item.start < b_end and b_start < item.end:
                problems.append(
                    f"{who}: {item.describe()} {clock(item.start)}–{clock(item.end)} "
                    f"overlaps the break {clock(b_start)}–{clock(b_end)}"
                )
        by_team[item.team].append(item)

    for team, items in by_team.items():
        problems.extend(_check_team(team, sorted(items, key=_item_order), spec, c, clock))
        judged = Counter(i.what for i in items if i.kind == "judging")
        for what in sessions:
            if judged[what] != 1:
                problems.append(
                    f"Team {team}: has {judged[what]} {_SESSION_NAMES[what]} session(s), needs 1"
                )

    for pair, items in sorted(by_pair.items()):
        problems.extend(_check_pair(pair, items, c, clock))
    for room, items in sorted(by_room.items()):
        problems.extend(_check_room(room, items, c, clock))
    return problems


def day_quality(plan: DayPlan) -> dict[str, Any]:
    """Figures for the soft goals of a plan.

    - ``start`` / ``end`` / ``length``: the first start, the last end, and the time between.
    - ``matches`` / ``half_empty_matches``: table-pair matches, and those with one side
      empty.
    - ``table_uses``: matches per table (tables 1..the highest used, rounded up to a pair);
      ``table_balance``: most minus least used table.
    - ``round_table_balance``: the largest, over rounds, most-minus-least uses of a table
      in that round.
    - ``distinct_tables_min``: the fewest different tables any team plays on;
      ``distinct_tables_shortfall``: summed over teams, how many fewer different tables a
      team used than it could (min(matches, tables)).
    - ``repeated_opponents``: meetings of two teams on opposite tables of a pair beyond
      their first.
    - ``longest_wait``: the longest idle time of any team between the end of one commitment
      and the start of its next; ``longest_wait_per_team``: the same per team.
    """
    robots = [i for i in plan.items if i.kind == "robot" and _whole(i.table)]
    highest = max((i.table for i in robots), default=0)
    tables = highest + highest % 2
    table_uses = {t: 0 for t in range(1, tables + 1)}
    per_round: dict[Any, Counter] = defaultdict(Counter)
    per_team_tables: dict[Hashable, list[int]] = defaultdict(list)
    matches: dict[tuple, list[Hashable]] = defaultdict(list)
    for item in robots:
        table_uses[item.table] += 1
        per_round[item.round][item.table] += 1
        per_team_tables[item.team].append(item.table)
        matches[((item.table - 1) // 2, item.start)].append(item.team)
    meetings: Counter = Counter(
        frozenset(teams) for teams in matches.values() if len(set(teams)) == 2
    )
    round_balance = max(
        (
            max(counts[t] for t in table_uses) - min(counts[t] for t in table_uses)
            for counts in per_round.values()
        ),
        default=0,
    )
    by_team: dict[Hashable, list[DayItem]] = defaultdict(list)
    for item in plan.items:
        by_team[item.team].append(item)
    waits = {}
    for team, items in by_team.items():
        items.sort(key=_item_order)
        waits[team] = max(
            (b.start - a.end for a, b in zip(items, items[1:], strict=False)),
            default=timedelta(0),
        )
    start = min((i.start for i in plan.items), default=plan.end)
    return {
        "start": start,
        "end": plan.end,
        "length": plan.end - start,
        "matches": len(matches),
        "half_empty_matches": sum(1 for teams in matches.values() if len(teams) == 1),
        "table_uses": table_uses,
        "table_balance": (max(table_uses.values()) - min(table_uses.values())) if table_uses else 0,
        "round_table_balance": round_balance,
        "distinct_tables_min": min((len(set(v)) for v in per_team_tables.values()), default=0),
        "distinct_tables_shortfall": sum(
            min(len(v), tables) - len(set(v)) for v in per_team_tables.values()
        ),
        "repeated_opponents": sum(count - 1 for count in meetings.values()),
        "longest_wait": max(waits.values(), default=timedelta(0)),
        "longest_wait_per_team": waits,
    }


# --- spec -----------------------------------------------------------------------------------


class _Config(NamedTuple):
    """The spec in whole microseconds from ``start``, breaks merged and sorted."""

    n: int
    tables: int
    rooms: int
    rounds: int
    sessions: tuple[str, ...]
    match: int
    cycle: int
    session: int
    session_cycle: int
    travel: int
    breaks: tuple[tuple[int, int], ...]

    def clear(self, at: int, length: int) -> int:
        """The earliest time >= ``at`` at which ``[at, at + length)`` misses every break."""
        for b_start, b_end in self.breaks:
            if b_end <= at:
                continue
            if b_start < at + length:
                at = b_end
            else:
                break
        return at


def _config(spec: DaySpec) -> _Config:
    """Validate ``spec`` and convert it; every problem is a ``ValueError`` naming the input."""
    if not isinstance(spec, DaySpec):
        raise ValueError(f"spec must be a DaySpec, got {spec!r}")
    teams = spec.teams
    if not isinstance(teams, tuple) or not teams:
        raise ValueError(f"teams: need at least one team, got {teams!r}")
    try:
        distinct = len(set(teams))
    except TypeError as error:
        raise ValueError(f"teams: team ids must be hashable ({error})") from None
    if distinct != len(teams):
        twice = sorted({repr(t) for t in teams if teams.count(t) > 1})
        raise ValueError(f"teams: duplicate team id(s) {', '.join(twice)}")
    if not _whole(spec.tables) or spec.tables < 2 or spec.tables % 2:
        raise ValueError(
            f"tables: need an even whole number >= 2 (tables work in pairs), got {spec.tables!r}"
        )
    if not _whole(spec.rounds) or spec.rounds < 1:
        raise ValueError(f"rounds: need a whole number >= 1, got {spec.rounds!r}")
    if not isinstance(spec.practice, bool):
        raise ValueError(f"practice: need True or False, got {spec.practice!r}")
    if not _whole(spec.rooms) or spec.rooms < 1:
        raise ValueError(f"rooms: need a whole number >= 1, got {spec.rooms!r}")
    if spec.judging not in _SESSIONS:
        raise ValueError(f"judging: need 'separate' or 'combined', got {spec.judging!r}")
    for name in ("match_cycle", "match_length", "session_length", "session_cycle"):
        value = getattr(spec, name)
        if not isinstance(value, timedelta) or value <= timedelta(0):
            raise ValueError(f"{name}: need a positive timedelta, got {value!r}")
    if not isinstance(spec.travel, timedelta) or spec.travel < timedelta(0):
        raise ValueError(f"travel: need a timedelta >= 0, got {spec.travel!r}")
    if spec.match_length > spec.match_cycle:
        raise ValueError(
            f"match_length ({_span(spec.match_length)}) is longer than match_cycle "
            f"({_span(spec.match_cycle)}): a match must fit in the table pair's cycle"
        )
    if spec.session_cycle < spec.session_length:
        raise ValueError(
            f"session_cycle ({_span(spec.session_cycle)}) is shorter than session_length "
            f"({_span(spec.session_length)}): a room cannot start a session before the "
            f"last one ends"
        )
    if not isinstance(spec.start, datetime):
        raise ValueError(f"start: need a datetime, got {spec.start!r}")
    if not isinstance(spec.breaks, tuple):
        raise ValueError(f"breaks: need a sequence of (start, end) pairs, got {spec.breaks!r}")
    spans = []
    for number, b in enumerate(spec.breaks, start=1):
        if (
            len(b) != 2
            or not all(isinstance(x, datetime) for x in b)
            or any((x.tzinfo is None) != (spec.start.tzinfo is None) for x in b)
        ):
            raise ValueError(
                f"breaks: break {number} must be a (start, end) pair of datetimes like "
                f"start (both naive or both timezone-aware), got {b!r}"
            )
        if b[1] <= b[0]:
            raise ValueError(f"breaks: break {number} ends {b[1]}, not after it starts {b[0]}")
        spans.append((max(0, (b[0] - spec.start) // _US), (b[1] - spec.start) // _US))
    merged: list[tuple[int, int]] = []
    for b_start, b_end in sorted(s for s in spans if s[1] > 0):
        if merged and b_start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b_end))
        else:
            merged.append((b_start, b_end))
    return _Config(
        n=len(teams),
        tables=spec.tables,
        rooms=spec.rooms,
        rounds=spec.rounds,
        sessions=_SESSIONS[spec.judging],
        match=spec.match_length // _US,
        cycle=spec.match_cycle // _US,
        session=spec.session_length // _US,
        session_cycle=spec.session_cycle // _US,
        travel=spec.travel // _US,
        breaks=tuple(merged),
    )


def _round_labels(spec: DaySpec) -> dict[int, str]:
    """Round number -> name: 0 -> "practice" (when there is one), then 1 -> "round1"…"""
    if spec.practice:
        return {0: "practice", **{r: f"round{r}" for r in range(1, spec.rounds)}}
    return {r: f"round{r}" for r in range(1, spec.rounds + 1)}


# --- construction ---------------------------------------------------------------------------


class _Policy(NamedTuple):
    staggered: bool  # pairs start their cycles cycle/pairs apart rather than together
    wait: float  # match cycles a pair may wait for a second team rather than run half-empty
    room_key: int  # 0: teams further in the robot game first; 1: longest waiting first
    rooms_first: bool  # at equal times, rooms pick before pairs
    paced: bool  # when judging sets the day's length, spread the matches over it


class _Raw(NamedTuple):
    team: int
    start: int
    table: int  # 0-based, -1 for a session
    room: int  # 0-based, -1 for a match
    step: int  # the team's match number (0-based), -1 for a session
    what: str


_ROOM, _PAIR = 0, 1


def _attempt(c: _Config, policy: _Policy, rng: random.Random) -> list[_Raw]:
    """One greedy pass; see :func:`plan_day`."""
    n, pairs = c.n, c.tables // 2
    free = [0] * n  # earliest start of the team's next commitment
    played = [0] * n
    left = [rng.sample(c.sessions, len(c.sessions)) for _ in range(n)]
    pair_uses = [[0] * pairs for _ in range(n)]
    table_uses = [[0] * c.tables for _ in range(n)]
    round_uses = [[0] * c.tables for _ in range(c.rounds)]
    met: list[set[int]] = [set() for _ in range(n)]
    need_robot = set(range(n))
    need_room = set(range(n))
    noise = [rng.random() for _ in range(n)]  # tie-breaks, fixed per attempt for speed
    wait = int(policy.wait * c.cycle)
    step = c.cycle
    if policy.paced:
        # The rooms need this long for every session; the pairs, if they ran back to back,
        # would finish long before and leave teams waiting for judging. Spread the matches
        # over (most of) the judging time instead: the day does not get longer.
        judging = -(-n * len(c.sessions) // c.rooms) * c.session_cycle
        per_pair = -(-n * c.rounds // (2 * pairs))
        step = max(c.cycle, int(judging * 0.9) // max(1, per_pair))
    room_tier, pair_tier = (0, 1) if policy.rooms_first else (1, 0)
    events: list[tuple[int, int, int, int, int]] = []  # time, tier, load, index, kind
    for room in range(c.rooms):
        heappush(events, (0, room_tier, 0, room, _ROOM))
    for pair in range(pairs):
        offset = pair * c.cycle // pairs if policy.staggered else 0
        heappush(events, (offset, pair_tier, 0, pair, _PAIR))
    raws: list[_Raw] = []
    pair_total = [0] * pairs
    spread = n * c.rounds + 1

    def wave_load(pair: int) -> int:
        # At equal times the pair that has hosted fewest matches of the earliest round still
        # running picks first, then the pair with the fewest matches overall: that spreads
        # every round, and the day, evenly over the tables.
        if not need_robot:
            return 0
        uses = round_uses[min(played[t] for t in need_robot)]
        return (uses[2 * pair] + uses[2 * pair + 1]) * spread + pair_total[pair]

    while events:
        at, tier, load, index, kind = heappop(events)
        needy = need_room if kind == _ROOM else need_robot
        if not needy:
            continue
        clear = c.clear(at, c.session if kind == _ROOM else c.match)
        if clear != at:
            heappush(events, (clear, tier, load, index, kind))
            continue
        ready = [t for t in needy if free[t] <= at]
        if not ready:
            if kind == _PAIR:
                load = wave_load(index)
            heappush(events, (min(free[t] for t in needy), tier, load, index, kind))
            continue

        if kind == _ROOM:
            if policy.room_key == 0:
                team = min(ready, key=lambda t: (-len(left[t]), -played[t], free[t], noise[t]))
            else:
                team = min(ready, key=lambda t: (-len(left[t]), free[t], noise[t]))
            what = left[team].pop()
            if not left[team]:
                need_room.discard(team)
            raws.append(_Raw(team, at, -1, index, -1, what))
            free[team] = at + c.session + c.travel
            heappush(events, (at + c.session_cycle, tier, load + 1, index, kind))
            continue

        pair = index
        first = min(ready, key=lambda t: (played[t], pair_uses[t][pair], free[t], noise[t]))
        # Both tables of a match play the same round, so the match has one round.
        rest = [t for t in ready if t != first and played[t] == played[first]]
        second = None
        left_table, right_table = 2 * pair, 2 * pair + 1
        mine = table_uses[first]
        if rest:
            second = min(
                rest,
                key=lambda t: (
                    t in met[first],
                    played[t],
                    min(
                        mine[left_table] + table_uses[t][right_table],
                        mine[right_table] + table_uses[t][left_table],
                    ),
                    pair_uses[t][pair],
                    free[t],
                    noise[t],
                ),
            )
        else:
            later = [free[t] for t in need_robot if t != first and played[t] == played[first]]
            if later and min(later) - at <= wait:
                heappush(events, (min(later), tier, load, index, kind))
                continue
        if second is None:
            sides = [(first, left_table), (first, right_table)]
            options = [[side] for side in sides]
        else:
            options = [
                [(first, left_table), (second, right_table)],
                [(first, right_table), (second, left_table)],
            ]

        def cost(option: list[tuple[int, int]]) -> tuple:
            return (
                sum(table_uses[t][x] for t, x in option),
                sum(round_uses[played[t]][x] for t, x in option),
                rng.random(),
            )

        for team, table in min(options, key=cost):
            raws.append(_Raw(team, at, table, -1, played[team], ""))
            round_uses[played[team]][table] += 1
            table_uses[team][table] += 1
            pair_uses[team][pair] += 1
            played[team] += 1
            free[team] = at + c.match + c.travel
            if played[team] == c.rounds:
                need_robot.discard(team)
        pair_total[pair] += 1
        if second is not None:
            met[first].add(second)
            met[second].add(first)
        heappush(events, (at + step, tier, wave_load(pair), index, kind))
    return raws


def _to_plan(spec: DaySpec, c: _Config, raws: list[_Raw]) -> DayPlan:
    labels = _round_labels(spec)
    first_round = min(labels)
    items = []
    for raw in raws:
        start = spec.start + timedelta(microseconds=raw.start)
        team = spec.teams[raw.team]
        if raw.table >= 0:
            number = raw.step + first_round
            items.append(
                DayItem(
                    team=team,
                    kind="robot",
                    what=labels[number],
                    start=start,
                    end=start + spec.match_length,
                    table=raw.table + 1,
                    round=number,
                )
            )
        else:
            items.append(
                DayItem(
                    team=team,
                    kind="judging",
                    what=raw.what,
                    start=start,
                    end=start + spec.session_length,
                    room=raw.room + 1,
                )
            )
    items.sort(key=_item_order)
    end = max((i.end for i in items), default=spec.start)
    return DayPlan(items=tuple(items), end=end)


# --- checking -------------------------------------------------------------------------------

_Clock = Callable[[datetime], str]


def _check_team(
    team: Hashable, items: list[DayItem], spec: DaySpec, c: _Config, clock: _Clock
) -> list[str]:
    problems = []
    who = f"Team {team}"
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if b.start < a.end:
                problems.append(
                    f"{who}: in two places at once: {a.describe()} {clock(a.start)}–"
                    f"{clock(a.end)} and {b.describe()} {clock(b.start)}–{clock(b.end)}"
                )
            elif b.start - a.end < spec.travel:
                problems.append(
                    f"{who}: {a.describe()} ends {clock(a.end)} and {b.describe()} starts "
                    f"{clock(b.start)} — {_span(b.start - a.end)} apart, "
                    f"{_span(spec.travel)} travel needed"
                )
    robots = [i for i in items if i.kind == "robot"]
    if len(robots) != c.rounds:
        problems.append(f"{who}: has {len(robots)} robot matches, needs {c.rounds}")
    numbers = Counter(i.round for i in robots)
    for number, name in _round_labels(spec).items():
        if numbers[number] == 0:
            problems.append(f"{who}: has no {name.replace('round', 'round ')} match")
        elif numbers[number] > 1:
            problems.append(
                f"{who}: has {numbers[number]} {name.replace('round', 'round ')} matches"
            )
    for a, b in zip(robots, robots[1:], strict=False):
        if _whole(a.round) and _whole(b.round) and b.round < a.round:
            problems.append(
                f"{who}: rounds out of order: {b.describe()} at {clock(b.start)} comes "
                f"after {a.describe()} at {clock(a.start)}"
            )
    return problems


def _check_pair(pair: int, items: list[DayItem], c: _Config, clock: _Clock) -> list[str]:
    problems = []
    tables = f"Tables {2 * pair + 1} and {2 * pair + 2}"
    at_table: dict[tuple[int, datetime], list[Hashable]] = defaultdict(list)
    for item in items:
        at_table[(item.table, item.start)].append(item.team)
    for (table, start), teams in sorted(at_table.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if len(teams) > 1:
            names = " and ".join(f"Team {t}" for t in teams)
            problems.append(f"Table {table}: {names} are both on it at {clock(start)}")
    rounds: dict[datetime, set] = defaultdict(set)
    for item in items:
        rounds[item.start].add(item.round)
    for start, seen in sorted(rounds.items()):
        if len(seen) > 1:
            problems.append(f"{tables}: the match at {clock(start)} mixes rounds "
                            f"{' and '.join(str(r) for r in sorted(seen, key=str))}; both "
                            f"tables must play the same round")
    starts = sorted({item.start for item in items})
    cycle = timedelta(microseconds=c.cycle)
    for a, b in zip(starts, starts[1:], strict=False):
        if b - a < cycle:
            problems.append(
                f"{tables}: a match starts {clock(a)} and another {clock(b)} — "
                f"{_span(b - a)} apart, the match cycle is {_span(cycle)} (both tables "
                f"must start together)"
            )
    return problems


def _check_room(room: int, items: list[DayItem], c: _Config, clock: _Clock) -> list[str]:
    problems = []
    items = sorted(items, key=_item_order)
    cycle = timedelta(microseconds=c.session_cycle)
    for a, b in zip(items, items[1:], strict=False):
        if b.start == a.start:
            problems.append(
                f"Room {room}: Team {a.team} and Team {b.team} both have a session at "
                f"{clock(a.start)}"
            )
        elif b.start - a.start < cycle:
            problems.append(
                f"Room {room}: Team {a.team}'s session starts {clock(a.start)} and "
                f"Team {b.team}'s {clock(b.start)} — {_span(b.start - a.start)} apart, "
                f"the room cycle is {_span(cycle)}"
            )
    return problems


# --- helpers --------------------------------------------------------------------------------


def _item_order(item: DayItem) -> tuple:
    return (
        item.start,
        item.kind != "robot",
        item.table if _whole(item.table) else 0,
        item.room if _whole(item.room) else 0,
    )


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _iterable(value: object) -> bool:
    try:
        iter(value)  # type: ignore[call-overload]
    except TypeError:
        return False
    return not isinstance(value, (str, bytes))


def _clock(at: datetime, day: date) -> str:
    """10:35, or 10:35:30 with seconds, with the date when not on the day's first date."""
    text = at.strftime("%H:%M:%S" if at.second or at.microsecond else "%H:%M")
    if at.date() != day:
        text = f"{at:%Y-%m-%d} {text}"
    return text


def _span(delta: timedelta) -> str:
    """5 min, 2 min 30 s, 1 h 5 min, -3 min."""
    sign = "-" if delta < timedelta(0) else ""
    seconds = round(abs(delta).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes or (not hours and not seconds):
        parts.append(f"{minutes} min")
    if seconds:
        parts.append(f"{seconds} s")
    return sign + " ".join(parts)
