"""Qualification schedules: invariants over many sizes, quality floors, match times, errors."""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brackets import (
    Break,
    Schedule,
    ScheduledMatch,
    generate_schedule,
    match_times,
    schedule_quality,
)


def _appearances(schedule: Schedule) -> dict:
    """team -> list of (match index, is surrogate) in play order."""
    seen: dict = {t: [] for t in schedule.teams}
    for index, match in enumerate(schedule.matches):
        for t in match.teams:
            seen[t].append((index, t in match.surrogates))
    return seen


def _check_invariants(schedule: Schedule, teams: list, per_team: int, size: int) -> None:
    slots = 2 * size
    n_matches = -(-len(teams) * per_team // slots)
    spare = n_matches * slots - len(teams) * per_team

    assert schedule.teams == tuple(teams)
    assert schedule.matches_per_team == per_team
    assert schedule.alliance_size == size
    assert [m.number for m in schedule.matches] == list(range(1, n_matches + 1))
    for match in schedule.matches:
        assert len(match.red) == size and len(match.blue) == size
        assert len(set(match.teams)) == slots, f"team twice in match {match.number}"
        assert match.surrogates <= set(match.teams)

    surrogate_total = 0
    for team, apps in _appearances(schedule).items():
        counted = [x for x, surrogate in apps if not surrogate]
        flagged = [i for i, (_, surrogate) in enumerate(apps) if surrogate]
        assert len(counted) == per_team, f"{team} has {len(counted)} counted matches"
        assert len(flagged) <= 1, f"{team} is a surrogate twice"
        if flagged:
            assert flagged[0] != 0, f"{team} is a surrogate in its first match"
            # FRC practice: the surrogate appearance is the team's third match when it has one.
            assert flagged[0] == (2 if len(apps) >= 3 else len(apps) - 1)
        surrogate_total += len(flagged)
    assert surrogate_total == spare  # surrogates only when the slots do not divide evenly
    assert schedule_quality(schedule)["surrogates"] == spare


@st.composite
def _sizes(draw: st.DrawFn) -> tuple[int, int, int]:
    size = draw(st.integers(1, 3))
    n_teams = draw(st.integers(max(4, 2 * size), 80))
    per_team = draw(st.integers(1, 10))
    return n_teams, per_team, size


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sizes(), st.integers(0, 2**32 - 1), st.booleans())
def test_schedule_invariants_and_quality_floor(sizes, seed, string_ids):
    n_teams, per_team, size = sizes
    teams = [f"T{i}" for i in range(n_teams)] if string_ids else list(range(100, 100 + n_teams))
    schedule = generate_schedule(teams, per_team, size, seed=seed)
    _check_invariants(schedule, teams, per_team, size)

    q = schedule_quality(schedule)
    round_gap = n_teams // (2 * size) - 1
    if any(len(apps) > 1 for apps in _appearances(schedule).values()):
        # At least the separation FIRST's published schedules reach (half a round order's).
        assert q["min_gap"] >= round_gap // 2, q
    most_played = per_team + (1 if q["surrogates"] else 0)
    if 2 * most_played * (size - 1) <= n_teams - 1:  # partner slots fit twice over
        assert q["partner_max"] <= 1, q
    assert q["red_blue_max"] <= 3, q


@settings(max_examples=8, deadline=None)
@given(
    st.integers(4, 30),
    st.integers(1, 6),
    st.sampled_from([1, 2]),
    st.integers(0, 10_000),
)
def test_same_seed_same_schedule(n_teams, per_team, size, seed):
    teams = list(range(1, n_teams + 1))
    first = generate_schedule(teams, per_team, size, seed=seed)
    again = generate_schedule(teams, per_team, size, seed=seed)
    assert first == again


def test_different_seeds_give_different_schedules():
    teams = list(range(1, 25))
    assert generate_schedule(teams, 6, 2, seed=1) != generate_schedule(teams, 6, 2, seed=2)


def test_demo_24_teams_6_matches_2v2_min_gap_3_and_no_repeated_partners():
    schedule = generate_schedule(list(range(1, 25)), 6, 2, seed=2024)
    q = schedule_quality(schedule)
    assert len(schedule.matches) == 36
    assert q["min_gap"] >= 3, q
    assert q["partner_max"] == 1, q
    assert q["opponent_max"] <= 2, q
    assert q["red_blue_max"] <= 2, q
    assert q["station_imbalance"] <= 2, q
    assert q["surrogates"] == 0, q


@pytest.mark.parametrize(
    ("n_teams", "per_team", "min_gap"),
    # FIRST's published 3-vs-3 schedules, converted to matches strictly in between.
    [(36, 8, 2), (40, 12, 2), (60, 10, 4), (80, 6, 6)],
)
def test_3v3_at_least_as_separated_as_first_published_schedules(n_teams, per_team, min_gap):
    q = schedule_quality(generate_schedule(list(range(n_teams)), per_team, 3, seed=7))
    assert q["min_gap"] >= min_gap, q
    assert q["partner_max"] == 1, q


def test_100_teams_10_matches_is_fast():
    begin = time.perf_counter()
    schedule = generate_schedule(list(range(1, 101)), 10, 3, seed=3)
    elapsed = time.perf_counter() - begin
    assert elapsed < 3.0, f"took {elapsed:.2f}s"  # about 0.35 s on a 2-core machine
    _check_invariants(schedule, list(range(1, 101)), 10, 3)


def test_surrogate_is_third_appearance_and_result_flagged():
    # 13 teams x 5 matches = 65 appearances; 17 matches of 4 have 68 slots -> 3 surrogates.
    schedule = generate_schedule(list(range(1, 14)), 5, 2, seed=5)
    _check_invariants(schedule, list(range(1, 14)), 5, 2)
    assert schedule_quality(schedule)["surrogates"] == 3


def test_single_match_per_team_puts_surrogate_in_second_appearance():
    # 5 teams x 1 match, 1 vs 1: 3 matches, 1 surrogate appearance (in that team's 2nd match).
    schedule = generate_schedule(["a", "b", "c", "d", "e"], 1, 1, seed=0)
    _check_invariants(schedule, ["a", "b", "c", "d", "e"], 1, 1)


def test_alliance_of_one_has_no_partners():
    q = schedule_quality(generate_schedule(list(range(10)), 5, 1, seed=1))
    assert q["partner_max"] == 0 and q["partner_repeats"] == 0
    assert q["station_imbalance"] == 0


def test_dataclasses_are_frozen_and_teams_is_red_then_blue():
    schedule = generate_schedule([1, 2, 3, 4], 1, 2, seed=0)
    match = schedule.matches[0]
    assert isinstance(match, ScheduledMatch)
    assert match.teams == match.red + match.blue
    assert sorted(match.teams) == [1, 2, 3, 4]
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.red = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        schedule.alliance_size = 3  # type: ignore[misc]


def test_schedule_quality_counts_by_hand():
    matches = [
        ScheduledMatch(1, (1, 2), (3, 4)),
        ScheduledMatch(2, (5, 6), (7, 8)),
        ScheduledMatch(3, (1, 2), (5, 3), frozenset({5})),
        ScheduledMatch(4, (4, 6), (7, 8)),
    ]
    schedule = Schedule((1, 2, 3, 4, 5, 6, 7, 8), 2, 2, matches)
    q = schedule_quality(schedule)
    assert q == {
        "min_gap": 0,  # 5 plays matches 2 and 3 back to back
        "partner_max": 2,  # 1+2 twice, 7+8 twice
        "partner_repeats": 2,
        "opponent_max": 2,  # 1-3, 2-3 twice; 6-7, 6-8 twice (4 pairs)
        "opponent_repeats": 4,
        "red_blue_max": 2,  # team 1 and 2 red twice; 7 and 8 blue twice
        "station_imbalance": 2,  # team 1 at red station 1 twice, station 2 never
        "surrogates": 1,
    }


# --- argument errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("teams", "per_team", "size", "message"),
    [
        ([1, 2, 3], 1, 2, "too few"),
        ([1, 2, 3, 4, 5], 1, 3, "too few"),
        ([1], 1, 1, "too few"),
        ([1, 2, 3, 4], 0, 2, "matches_per_team"),
        ([1, 2, 3, 4], -2, 2, "matches_per_team"),
        ([1, 2, 3, 4], 2.5, 2, "matches_per_team"),
        ([1, 2, 3, 4], 1, 0, "alliance_size"),
        ([1, 2, 3, 4, 5, 6, 7, 8], 1, 4, "alliance_size"),
        ([1, 2, 3, 1], 1, 2, "duplicate team id 1"),
        (["a", "b", "a", "c"], 1, 1, "duplicate team id 'a'"),
        ([[1], [2]], 1, 1, "not hashable"),
        ("abcd", 1, 2, "string"),
    ],
)
def test_generate_schedule_rejects_bad_arguments(teams, per_team, size, message):
    with pytest.raises(ValueError, match=message):
        generate_schedule(teams, per_team, size)


# --- match times ---------------------------------------------------------------------------

START = datetime(2025, 3, 8, 9, 0)
CYCLE = timedelta(minutes=7)


def test_match_times_without_breaks():
    times = match_times(4, START, CYCLE)
    assert times == [START + i * CYCLE for i in range(4)]
    assert match_times(0, START, CYCLE) == []


def test_match_times_with_a_lunch_break():
    lunch = Break(after_match=20, duration=timedelta(minutes=60), name="Lunch")
    times = match_times(36, START, CYCLE, [lunch])
    assert times[19] == START + 19 * CYCLE  # match 20, before lunch
    lunch_start = times[19] + CYCLE
    lunch_end = lunch_start + lunch.duration
    assert times[20] == lunch_end  # match 21 starts as lunch ends
    assert times[35] == START + 35 * CYCLE + timedelta(minutes=60)
    assert not any(lunch_start < t < lunch_end for t in times)
    assert times == sorted(times)


def test_match_times_several_breaks_add_up_and_late_breaks_do_nothing():
    breaks = [
        Break(2, timedelta(minutes=10)),
        Break(2, timedelta(minutes=5), "field repair"),
        Break(3, timedelta(minutes=15)),
        Break(99, timedelta(hours=1), "after the last match"),
    ]
    times = match_times(5, START, CYCLE, breaks)
    assert times[2] - times[1] == CYCLE + timedelta(minutes=15)
    assert times[3] - times[2] == CYCLE + timedelta(minutes=15)
    assert times[4] - times[3] == CYCLE


@pytest.mark.parametrize(
    ("count", "cycle", "breaks", "message"),
    [
        (-1, CYCLE, (), "count"),
        (3, timedelta(0), (), "cycle"),
        (3, -CYCLE, (), "cycle"),
        (3, CYCLE, (Break(0, timedelta(minutes=5)),), "after_match"),
        (3, CYCLE, (Break(1, timedelta(minutes=-5), "oops"),), "duration"),
    ],
)
def test_match_times_rejects_bad_arguments(count, cycle, breaks, message):
    with pytest.raises(ValueError, match=message):
        match_times(count, START, cycle, breaks)


def test_station_counts_are_used_in_quality():
    schedule = generate_schedule(list(range(24)), 6, 3, seed=11)
    per_team = Counter()
    for match in schedule.matches:
        for station, team in enumerate(match.red):
            per_team[(team, station)] += 1
        for station, team in enumerate(match.blue):
            per_team[(team, station)] += 1
    worst = max(
        max(per_team[(t, s)] for s in range(3)) - min(per_team[(t, s)] for s in range(3))
        for t in range(24)
    )
    assert schedule_quality(schedule)["station_imbalance"] == worst
