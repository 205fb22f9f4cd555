"""FLL tournament day: hard rules over many sizes (re-checked here), violations in words,
quality of the reference event, determinism and spec validation."""

from __future__ import annotations

import dataclasses
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta

import pytest

from brackets import DayItem, DayPlan, DaySpec, check_day, day_quality, plan_day

START = datetime(2025, 3, 1, 8, 0)
LUNCH = (datetime(2025, 3, 1, 12, 0), datetime(2025, 3, 1, 12, 45))
MIN = timedelta(minutes=1)


def _spec(n=24, **overrides) -> DaySpec:
    values = {
        "teams": tuple(range(1001, 1001 + n)),
        "tables": 4,
        "rounds": 4,
        "match_cycle": 8 * MIN,
        "rooms": 3,
        "judging": "separate",
        "session_length": 30 * MIN,
        "session_cycle": 40 * MIN,
        "travel": 10 * MIN,
        "start": START,
        "breaks": (),
    }
    values.update(overrides)
    return DaySpec(**values)


def _recheck(plan: DayPlan, spec: DaySpec) -> None:
    """The hard rules, checked independently of check_day."""
    sessions = {"separate": {"innovation_project", "robot_design"}, "combined": {"combined"}}
    by_team = defaultdict(list)
    for item in plan.items:
        assert item.team in spec.teams
        assert item.start >= spec.start
        for b_start, b_end in spec.breaks:
            assert item.end <= b_start or item.start >= b_end, f"{item} overlaps a break"
        if item.kind == "robot":
            assert item.end - item.start == spec.match_length
            assert 1 <= item.table <= spec.tables and item.room is None
        else:
            assert item.kind == "judging"
            assert item.end - item.start == spec.session_length
            assert 1 <= item.room <= spec.rooms and item.table is None
        by_team[item.team].append(item)
    assert set(by_team) == set(spec.teams)
    for team, items in by_team.items():
        items.sort(key=lambda i: i.start)
        for a, b in zip(items, items[1:], strict=False):
            assert b.start - a.end >= spec.travel, f"team {team}: {a} then {b}"
        robots = [i for i in items if i.kind == "robot"]
        assert len(robots) == spec.rounds
        assert [i.round for i in robots] == list(range(0, spec.rounds))  # practice first
        assert [i.what for i in robots] == ["practice"] + [
            f"round{r}" for r in range(1, spec.rounds)
        ]
        judged = [i.what for i in items if i.kind == "judging"]
        assert sorted(judged) == sorted(sessions[spec.judging])
    pair_starts = defaultdict(set)
    seats = Counter()
    for item in plan.items:
        if item.kind == "robot":
            pair_starts[(item.table - 1) // 2].add(item.start)
            seats[(item.table, item.start)] += 1
    assert max(seats.values()) == 1, "two teams on one table at once"
    for starts in pair_starts.values():
        ordered = sorted(starts)
        for a, b in zip(ordered, ordered[1:], strict=False):
            assert b - a >= spec.match_cycle, "a table pair runs two matches at once"
    by_room = defaultdict(list)
    for item in plan.items:
        if item.kind == "judging":
            by_room[item.room].append(item.start)
    for starts in by_room.values():
        starts.sort()
        for a, b in zip(starts, starts[1:], strict=False):
            assert b - a >= spec.session_cycle, "a room holds two sessions at once"
    assert plan.end == max(i.end for i in plan.items)
    assert list(plan.items) == sorted(plan.items, key=lambda i: i.start)


def _cases():
    cases = []
    for index, n in enumerate(range(5, 121, 7)):
        for variant in range(3):
            k = 3 * index + variant
            cases.append(
                dict(
                    n=n,
                    tables=(2, 4, 6, 8)[k % 4],
                    rooms=1 + k % 6,
                    judging=("separate", "combined")[k % 2 if variant != 2 else 1 - k % 2],
                    lunch=variant != 0,
                    seed=k,
                )
            )
    return cases


@pytest.mark.parametrize("case", _cases(), ids=lambda c: "-".join(str(v) for v in c.values()))
def test_plans_keep_every_hard_rule(case):
    spec = _spec(
        case["n"],
        tables=case["tables"],
        rooms=case["rooms"],
        judging=case["judging"],
        breaks=(LUNCH,) if case["lunch"] else (),
        session_cycle=30 * MIN + (case["seed"] % 3) * 5 * MIN,
        travel=(case["seed"] % 4) * 5 * MIN,
    )
    plan = plan_day(spec, seed=case["seed"])
    assert check_day(plan, spec) == []
    _recheck(plan, spec)


def test_odd_cycle_times_and_no_practice_round():
    spec = _spec(
        17,
        tables=6,
        match_cycle=timedelta(minutes=7, seconds=20),
        match_length=timedelta(minutes=2, seconds=30),
        session_length=timedelta(minutes=25),
        session_cycle=timedelta(minutes=27, seconds=30),
        travel=timedelta(minutes=7, seconds=30),
        practice=False,
        rounds=3,
        breaks=[(datetime(2025, 3, 1, 9, 0), datetime(2025, 3, 1, 9, 20)), LUNCH],
    )
    plan = plan_day(spec, seed=3)
    assert check_day(plan, spec) == []
    for team in spec.teams:
        robots = [i for i in plan.for_team(team) if i.kind == "robot"]
        assert [(i.round, i.what) for i in robots] == [(1, "round1"), (2, "round2"), (3, "round3")]


def test_a_single_team_plays_alone_and_breaks_before_start_are_harmless():
    spec = _spec(1, rooms=1, breaks=[(START - 60 * MIN, START + 5 * MIN)])
    plan = plan_day(spec, seed=0)
    assert check_day(plan, spec) == []
    assert min(i.start for i in plan.items) >= START + 5 * MIN


def test_same_seed_same_plan():
    spec = _spec(30, breaks=(LUNCH,))
    assert plan_day(spec, seed=11) == plan_day(spec, seed=11)


def test_reference_event_quality_and_speed():
    spec = _spec(
        100,
        tables=8,
        rooms=6,
        session_length=30 * MIN,
        session_cycle=30 * MIN,
        breaks=(LUNCH,),
    )
    began = time.perf_counter()
    plan = plan_day(spec, seed=1)
    elapsed = time.perf_counter() - began
    assert check_day(plan, spec) == []
    assert elapsed < 3  # about 0.3 s; generous for slow machines
    q = day_quality(plan)
    # Judging is the bottleneck: 200 sessions in 6 rooms need 34 half-hour slots.
    assert q["end"] <= START + 34 * 30 * MIN + (LUNCH[1] - LUNCH[0])
    assert q["table_balance"] == 0
    assert q["round_table_balance"] <= 1
    assert q["distinct_tables_min"] == 4
    assert q["repeated_opponents"] == 0
    # Judging is interleaved with the robot game, not all before it.
    first_match = min(i.start for i in plan.items if i.kind == "robot")
    assert first_match == START
    assert min(i.start for i in plan.items if i.kind == "judging") == START


def test_robot_bound_event_packs_the_tables():
    spec = _spec(40, tables=4, rooms=6, judging="combined")
    plan = plan_day(spec, seed=2)
    q = day_quality(plan)
    # 80 appearances per... 40 teams x 4 rounds = 80 matches on 2 pairs: 40 cycles of 8 min.
    assert q["length"] <= 40 * 8 * MIN + 8 * MIN
    assert q["round_table_balance"] <= 1
    assert q["distinct_tables_min"] == 4
    assert q["half_empty_matches"] == 0


def test_helpers_sort_by_start():
    spec = _spec(10)
    plan = plan_day(spec, seed=5)
    for team in spec.teams:
        items = plan.for_team(team)
        assert len(items) == 6 and all(i.team == team for i in items)
        assert items == sorted(items, key=lambda i: i.start)
    table = plan.for_table(3)
    assert table and all(i.table == 3 for i in table)
    assert table == sorted(table, key=lambda i: i.start)
    room = plan.for_room(2)
    assert room and all(i.room == 2 for i in room)
    assert room == sorted(room, key=lambda i: i.start)


# --- check_day on broken plans ------------------------------------------------------------


def _at(hour, minute, second=0):
    return datetime(2025, 3, 1, hour, minute, second)


def test_check_day_names_the_team_times_and_places_of_a_travel_violation():
    spec = _spec(teams=(1203,), rooms=2, tables=4)
    match = timedelta(minutes=2, seconds=30)
    items = [
        DayItem(1203, "judging", "robot_design", _at(10, 0), _at(10, 30), room=2),
        DayItem(1203, "judging", "innovation_project", _at(11, 10), _at(11, 40), room=1),
    ]
    for number, start in enumerate((_at(9, 0), _at(9, 20), _at(10, 35), _at(10, 50))):
        what = "practice" if number == 0 else f"round{number}"
        items.append(DayItem(1203, "robot", what, start, start + match, table=3, round=number))
    items.sort(key=lambda i: i.start)
    plan = DayPlan(tuple(items), max(i.end for i in items))
    assert check_day(plan, spec) == [
        "Team 1203: Robot Design in room 2 ends 10:30 and round 2 on table 3 starts 10:35 "
        "— 5 min apart, 10 min travel needed"
    ]


def test_check_day_reports_hand_broken_plans():
    spec = _spec(12, tables=4, rooms=2, breaks=(LUNCH,))
    plan = plan_day(spec, seed=7)
    assert check_day(plan, spec) == []
    items = list(plan.items)

    # 1. Move a team's round-1 match onto the start of its own judging session.
    session = next(i for i in items if i.kind == "judging")
    team = session.team
    match = next(i for i in items if i.team == team and i.round == 1)
    moved = dataclasses.replace(match, start=session.start, end=session.start + spec.match_length)
    broken = DayPlan(tuple(moved if i is match else i for i in items), plan.end)
    problems = check_day(broken, spec)
    assert any(p.startswith(f"Team {team}: in two places at once") for p in problems)

    # 2. Drop a team's last match.
    last = max((i for i in items if i.kind == "robot"), key=lambda i: i.start)
    problems = check_day(DayPlan(tuple(i for i in items if i is not last), plan.end), spec)
    assert f"Team {last.team}: has 3 robot matches, needs 4" in problems
    assert f"Team {last.team}: has no round 3 match" in problems

    # 3. Put a match in the lunch break.
    into_lunch = dataclasses.replace(
        last, start=LUNCH[0] + 10 * MIN, end=LUNCH[0] + 10 * MIN + spec.match_length
    )
    problems = check_day(DayPlan(tuple(items) + (into_lunch,), plan.end), spec)
    assert any(
        p.startswith(f"Team {last.team}: round 3 on table {last.table} 12:10–12:12:30 overlaps")
        for p in problems
    )
    assert f"Team {last.team}: has 2 round 3 matches" in problems

    # 4. Swap two of a team's rounds.
    robots = [i for i in items if i.team == team and i.kind == "robot"]
    swapped = {
        id(robots[1]): dataclasses.replace(robots[1], round=2, what="round2"),
        id(robots[2]): dataclasses.replace(robots[2], round=1, what="round1"),
    }
    problems = check_day(DayPlan(tuple(swapped.get(id(i), i) for i in items), plan.end), spec)
    assert any(p.startswith(f"Team {team}: rounds out of order") for p in problems)

    # 5. A second team on the same table at the same time, and a room double booked.
    other = next(i for i in items if i.kind == "robot" and i.team != match.team)
    intruder = next(t for t in spec.teams if t not in (other.team,))
    clash = dataclasses.replace(other, team=intruder)
    problems = check_day(DayPlan(tuple(items) + (clash,), plan.end), spec)
    assert any(f"Table {other.table}: " in p and f"Team {intruder}" in p for p in problems)
    shifted = dataclasses.replace(
        session, start=session.start + 5 * MIN, end=session.end + 5 * MIN, team=intruder
    )
    problems = check_day(DayPlan(tuple(items) + (shifted,), plan.end), spec)
    assert any(p.startswith(f"Room {session.room}: ") and "room cycle" in p for p in problems)

    # 6. Two matches of one table pair less than a cycle apart.
    early = dataclasses.replace(
        other, start=other.start + 3 * MIN, end=other.end + 3 * MIN, team=intruder
    )
    problems = check_day(DayPlan(tuple(items) + (early,), plan.end), spec)
    assert any("the match cycle is 8 min" in p for p in problems)


def test_check_day_reports_unknown_teams_tables_and_durations():
    spec = _spec(2, rooms=1)
    items = (
        DayItem(99, "robot", "practice", _at(9, 0), _at(9, 2, 30), table=1, round=0),
        DayItem(1001, "robot", "practice", _at(9, 0), _at(9, 5), table=7, round=0),
        DayItem(1001, "judging", "combined", _at(10, 0), _at(10, 30), room=1),
    )
    problems = check_day(DayPlan(items, _at(10, 30)), spec)
    assert "Team 99: not in the team list (practice on table 1 at 09:00)" in problems
    assert "Team 1001: practice on table 7 at 09:00: there is no table 7" in problems
    assert any("lasts 5 min, a match lasts 2 min 30 s" in p for p in problems)
    assert any("has no 'combined' session" in p for p in problems)
    assert "Team 1002: has 0 robot matches, needs 4" in problems


# --- spec validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"tables": 3}, "tables: need an even whole number >= 2"),
        ({"tables": 0}, "tables: need an even whole number >= 2"),
        ({"teams": ()}, "teams: need at least one team"),
        ({"teams": (1, 2, 1)}, "teams: duplicate team id"),
        ({"rounds": 0}, "rounds: need a whole number >= 1"),
        ({"rooms": 0}, "rooms: need a whole number >= 1"),
        ({"judging": "panel"}, "judging: need 'separate' or 'combined'"),
        ({"match_cycle": timedelta(0)}, "match_cycle: need a positive timedelta"),
        ({"session_length": -MIN}, "session_length: need a positive timedelta"),
        ({"travel": -MIN}, "travel: need a timedelta >= 0"),
        ({"session_cycle": 20 * MIN}, "session_cycle .* is shorter than session_length"),
        ({"match_cycle": 2 * MIN}, "match_length .* is longer than match_cycle"),
        ({"breaks": [(LUNCH[1], LUNCH[0])]}, "breaks: break 1 ends"),
        ({"breaks": [(LUNCH[0],)]}, "breaks: break 1 must be a .start, end. pair"),
        ({"start": "08:00"}, "start: need a datetime"),
    ],
)
def test_invalid_specs_raise_value_error_naming_the_input(overrides, message):
    spec = _spec(**overrides)
    with pytest.raises(ValueError, match=message):
        plan_day(spec)
    with pytest.raises(ValueError, match=message):
        check_day(DayPlan((), START), spec)
