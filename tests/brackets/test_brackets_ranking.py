"""FTC qualification ranking: RS, tie-breaker averages, order, surrogates, DQs, errors."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brackets import MatchOutcome, TeamRanking, rank_teams


def _match(red, blue, red_score, blue_score, red_tb=(0, 0), blue_tb=(0, 0), **kw):
    return MatchOutcome(tuple(red), tuple(blue), red_score, blue_score, red_tb, blue_tb, **kw)


def _by_team(rankings):
    return {r.team: r for r in rankings}


def test_itd_example_2_ranking_score_and_tbp1():
    # ftc.md "ITD example 2": W, W, L, T, L with alliance auto points 34, 20, 12, 40, 24.
    outcomes = [
        _match((1, 2), (3, 4), 120, 80, (34, 10), (5, 0)),  # W
        _match((5, 1), (6, 7), 90, 60, (20, 5), (30, 3)),  # W
        _match((8, 9), (1, 10), 100, 70, (40, 0), (12, 20)),  # L
        _match((1, 11), (12, 13), 75, 75, (40, 15), (18, 6)),  # T
        _match((14, 15), (16, 1), 130, 90, (10, 0), (24, 30)),  # L
    ]
    team = _by_team(rank_teams(outcomes))[1]
    assert (team.wins, team.losses, team.ties, team.played) == (2, 2, 1, 5)
    assert team.ranking_score == pytest.approx(1.00)
    assert team.tiebreakers[0] == pytest.approx(26.0)
    assert team.tiebreakers[1] == pytest.approx((10 + 5 + 20 + 15 + 30) / 5)
    assert team.highest_score == 120


def test_order_is_rs_then_tbp1_then_tbp2_then_highest_then_team_id():
    outcomes = [
        # Team 10 wins: RS 2. Everyone else ties or loses.
        _match((10,), (11,), 50, 40, (0, 0), (0, 0)),
        # 20 vs 21 tie (RS 1): 20 has the higher TBP1.
        _match((20,), (21,), 30, 30, (9, 0), (8, 9)),
        # 30 vs 31 tie with equal TBP1 (7): 31 has the higher TBP2.
        _match((30,), (31,), 20, 20, (7, 1), (7, 2)),
        # 40 vs 41 tie with equal TBP1 and TBP2 (5, 0) at score 15; 42 vs 43 tie at 16.
        _match((40,), (41,), 15, 15, (5, 0), (5, 0)),
        _match((42,), (43,), 16, 16, (5, 0), (5, 0)),
    ]
    order = [r.team for r in rank_teams(outcomes)]
    assert order == [10, 20, 21, 31, 30, 42, 43, 40, 41, 11]
    # 42/43 share RS, TBP1, TBP2 and highest: team id decides (the manual draws lots).
    assert [r.rank for r in rank_teams(outcomes)] == list(range(1, 11))


def test_surrogate_appearance_is_skipped_entirely():
    outcomes = [
        _match((1, 2), (3, 4), 10, 20, (1, 1), (2, 2)),  # team 1 loses
        _match((1, 5), (6, 7), 200, 0, (99, 99), (0, 0), surrogates=frozenset({1})),
    ]
    ranks = _by_team(rank_teams(outcomes))
    one = ranks[1]
    assert one.played == 1
    assert (one.wins, one.losses, one.ties) == (0, 1, 0)
    assert one.ranking_score == 0.0
    assert one.tiebreakers == (1.0, 1.0)
    assert one.highest_score == 10
    assert ranks[5].ranking_score == 2.0  # the surrogate's partner still gets the win


def test_disqualified_team_gets_no_ranking_points_but_match_is_played():
    outcomes = [
        _match((1, 2), (3, 4), 100, 50, (30, 6), (10, 0), disqualified=frozenset({1})),
        _match((1, 5), (6, 7), 80, 40, (20, 4), (5, 0)),
    ]
    ranks = _by_team(rank_teams(outcomes))
    one = ranks[1]
    assert one.played == 2
    assert one.disqualifications == 1
    assert (one.wins, one.losses, one.ties) == (1, 1, 0)  # the DQ is recorded as a loss
    assert one.ranking_score == pytest.approx(1.0)  # (0 + 2) / 2
    assert one.tiebreakers == (25.0, 5.0)  # the DQ match's values still count
    assert one.highest_score == 100
    assert ranks[2].ranking_score == 2.0  # the partner keeps the win
    assert ranks[3].ranking_score == 0.0


def test_listed_teams_without_matches_rank_last_with_zeros():
    outcomes = [_match((1,), (2,), 0, 10, (0, 0), (0, 0))]
    rankings = rank_teams(outcomes, teams=[9, 1, 2, 8])
    assert [r.team for r in rankings] == [2, 1, 8, 9]
    last = rankings[-1]
    assert (last.rank, last.played, last.ranking_score, last.highest_score) == (4, 0, 0.0, 0)
    assert last.tiebreakers == (0.0, 0.0)
    assert rank_teams([], teams=["b", "a"])[0].team == "a"


def test_points_per_win_and_tie_are_configurable():
    outcomes = [
        _match((1,), (2,), 5, 1),
        _match((1,), (3,), 2, 2),
    ]
    one = _by_team(rank_teams(outcomes, win_points=3, tie_points=1))[1]
    assert one.ranking_score == pytest.approx(2.0)  # (3 + 1) / 2


def test_team_ranking_to_dict_and_frozen():
    ranking = rank_teams([_match((1,), (2,), 3, 1, (4, 5), (0, 0))])[0]
    assert isinstance(ranking, TeamRanking)
    assert ranking.to_dict() == {
        "rank": 1,
        "team": 1,
        "ranking_score": 2.0,
        "tiebreakers": [4.0, 5.0],
        "highest_score": 3,
        "wins": 1,
        "losses": 0,
        "ties": 0,
        "played": 1,
        "disqualifications": 0,
    }
    with pytest.raises(dataclasses.FrozenInstanceError):
        ranking.rank = 2  # type: ignore[misc]


def test_mixed_id_types_sort_numbers_before_text():
    outcomes = [_match(("b",), (2,), 1, 1), _match(("a",), (1,), 1, 1)]
    assert [r.team for r in rank_teams(outcomes)] == [1, 2, "a", "b"]


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        (_match((1, 2), (2, 3), 1, 0), "twice"),
        (_match((1,), (2,), 1, 0, surrogates=frozenset({3})), "surrogate"),
        (_match((1,), (2,), 1, 0, disqualified=frozenset({4})), "disqualified"),
        (_match((1,), (2,), 1, 0, (1, 2), (1,)), "tie-breaker"),
    ],
)
def test_rank_teams_rejects_inconsistent_outcomes(outcome, message):
    with pytest.raises(ValueError, match=message):
        rank_teams([outcome])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.integers(1, 12), min_size=4, max_size=4, unique=True),
            st.integers(0, 50),
            st.integers(0, 50),
        ),
        max_size=15,
    )
)
def test_ranks_are_unique_and_records_add_up(raw):
    outcomes = [
        _match(teams[:2], teams[2:], rs, bs, (rs % 7, rs % 3), (bs % 7, bs % 3))
        for teams, rs, bs in raw
    ]
    rankings = rank_teams(outcomes, teams=range(1, 13))
    assert [r.rank for r in rankings] == list(range(1, 13))
    assert sorted(r.team for r in rankings) == list(range(1, 13))
    for r in rankings:
        assert r.wins + r.losses + r.ties == r.played
        if r.played:
            assert r.ranking_score == pytest.approx((2 * r.wins + r.ties) / r.played)
    keys = [
        (-r.ranking_score, tuple(-v for v in r.tiebreakers), -r.highest_score) for r in rankings
    ]
    played = [r for r in rankings if r.played]
    assert keys[: len(played)] == sorted(keys[: len(played)])
