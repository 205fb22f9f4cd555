"""FLL robot-game ranking (official tie-break rule) and judged-area ranks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brackets import RobotGameRanking, area_ranks, rank_robot_game


def _order(rankings):
    return [(r.rank, r.team) for r in rankings]


def test_fll_md_example_second_best_score_decides():
    # fll.md §6 "Ranking example": both best 405; second best 405 beats 375.
    rankings = rank_robot_game({"Y": [405, 375, 0], "X": [405, 150, 405]}, rounds=3)
    assert _order(rankings) == [(1, "X"), (2, "Y")]
    x = rankings[0]
    assert x.scores == (405, 150, 405)
    assert x.sorted_scores == (405, 405, 150)
    assert x.best == 405


def test_equal_teams_share_a_rank_and_the_next_rank_skips():
    scores = {7: [300, 200], 3: [200, 300], 5: [100, 50], 9: [300, 100]}
    # 3 and 7 have the same sorted scores (300, 200): shared rank 1, listed by team id.
    assert _order(rank_robot_game(scores, rounds=2)) == [(1, 3), (1, 7), (3, 9), (4, 5)]


def test_third_best_breaks_a_tie_on_best_and_second_best():
    scores = {"a": [250, 250, 10], "b": [250, 20, 250]}
    assert _order(rank_robot_game(scores, rounds=3)) == [(1, "b"), (2, "a")]


def test_a_missing_score_counts_below_any_real_score_even_zero_or_negative():
    scores = {"played zero": [100, 0], "no show": [100, None], "negative": [100, -5]}
    order = _order(rank_robot_game(scores, rounds=2))
    assert order == [(1, "played zero"), (2, "negative"), (3, "no show")]


def test_more_scores_rank_higher_when_the_compared_scores_are_equal():
    # Short lists are padded: (300,) against (300, 120) — the second score decides.
    rankings = rank_robot_game({"one": [300], "two": [300, 120]}, rounds=3)
    assert _order(rankings) == [(1, "two"), (2, "one")]
    one = rankings[1]
    assert one.scores == (300, None, None)
    assert one.sorted_scores == (300,)


def test_teams_without_scores_come_last_sharing_a_rank():
    scores = {4: [], 2: [None, None], 8: [10], 6: [-20]}
    rankings = rank_robot_game(scores, rounds=2)
    assert _order(rankings) == [(1, 8), (2, 6), (3, 2), (3, 4)]
    assert rankings[-1].best is None and rankings[-1].sorted_scores == ()


def test_negative_scores_are_taken_as_given():
    rankings = rank_robot_game({"a": [-10], "b": [-3]}, rounds=1)
    assert [(r.team, r.best) for r in rankings] == [("b", -3), ("a", -10)]


def test_to_dict_is_json_ready():
    ranking = rank_robot_game({"x": [5, None]}, rounds=2)[0]
    assert isinstance(ranking, RobotGameRanking)
    assert ranking.to_dict() == {
        "rank": 1,
        "team": "x",
        "scores": [5, None],
        "best": 5,
        "sorted_scores": [5],
    }


def test_empty_input_gives_an_empty_ranking():
    assert rank_robot_game({}, rounds=3) == []


@pytest.mark.parametrize(
    ("scores", "rounds", "message"),
    [
        ({"a": [1, 2, 3]}, 2, "3 scores but there are only 2 rounds"),
        ({"a": [1]}, 0, "rounds must be a whole number >= 1"),
        ({"a": [1]}, True, "rounds must be a whole number >= 1"),
        ({"a": [1.5]}, 1, "round 1: a score must be a whole number or None"),
        ({"a": [True]}, 1, "a score must be a whole number"),
        ({"a": "12"}, 1, "scores must be a sequence"),
    ],
)
def test_invalid_input_raises_value_error(scores, rounds, message):
    with pytest.raises(ValueError, match=message):
        rank_robot_game(scores, rounds)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.integers(1, 60),
        st.lists(st.one_of(st.none(), st.integers(-10, 40)), max_size=4),
        max_size=12,
    )
)
def test_ranks_agree_with_pairwise_comparison(scores):
    rankings = rank_robot_game(scores, rounds=4)
    assert sorted(r.team for r in rankings) == sorted(scores)

    def beats(a, b):  # the rule as stated, compared pairwise
        sa, sb = a.sorted_scores, b.sorted_scores
        for i in range(4):
            va = sa[i] if i < len(sa) else None
            vb = sb[i] if i < len(sb) else None
            if va != vb:
                return vb is None or (va is not None and va > vb)
        return len(sa) > len(sb)

    for i, a in enumerate(rankings):
        ahead = sum(1 for b in rankings if beats(b, a))
        assert a.rank == ahead + 1
        for b in rankings[i + 1 :]:
            assert not beats(b, a)
            if a.rank == b.rank:
                assert a.team < b.team


# --- judged areas -----------------------------------------------------------------------------


def test_area_ranks_share_equal_scores_and_skip():
    ranks = area_ranks({"a": 30.0, "b": 42, "c": 42, "d": 12.5})
    assert ranks == {"b": 1, "c": 1, "a": 3, "d": 4}
    assert list(ranks) == ["b", "c", "a", "d"]


def test_area_ranks_put_unjudged_teams_last_sharing_judged_plus_one():
    ranks = area_ranks({1: None, 2: 10, 3: None, 4: 10, 5: 7})
    assert ranks == {2: 1, 4: 1, 5: 3, 1: 4, 3: 4}
    assert area_ranks({1: None, 2: None}) == {1: 1, 2: 1}
    assert area_ranks({}) == {}


@pytest.mark.parametrize("bad", ["12", float("nan"), True])
def test_area_ranks_reject_non_numbers(bad):
    with pytest.raises(ValueError, match="team 'x': a score must be a number or None"):
        area_ranks({"x": bad})
