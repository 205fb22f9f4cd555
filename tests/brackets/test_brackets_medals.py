"""Olympiad medals: IOI/IMO cut-offs with ties, jury cut-offs, honourable mentions, ranks and
school ratings."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brackets import (
    MEDALS,
    Cutoffs,
    allot_medals,
    cutoffs,
    medal_preview,
    rank,
    school_rating,
)


def _scores(values):
    return {f"c{i:02d}": v for i, v in enumerate(values)}


def _counts(awards):
    counts = Counter(awards.values())
    return {level: counts[level] for level in (*MEDALS, "hm", "none")}


def _awards_by_score(scores, awards):
    seen = {}
    for contestant, score in scores.items():
        seen.setdefault(score, set()).add(awards[contestant])
    return seen


# 12 contestants: the N/12 boundary (1st place) falls inside a pair at 100, the N/4 boundary
# (3rd) inside a trio at 80 (places 3-5), the N/2 boundary (6th) inside a trio at 60 (6-8).
TWELVE = _scores([100, 100, 80, 80, 80, 60, 60, 60, 40, 30, 20, 10])

# 24 contestants: N/12 = 2 falls inside 40,40 (places 2-3), N/4 = 6 inside 30,30 (6-7),
# N/2 = 12 at the end of 20,20 (11-12).
TWENTY_FOUR = _scores([42, 40, 40, 35, 35, 30, 30, 25, 25, 25, 20, 20, 18, *range(17, 6, -1)])


def test_ioi_gives_a_whole_tied_group_the_better_medal_at_every_boundary():
    awards = allot_medals(TWELVE, "ioi")
    assert cutoffs(TWELVE, "ioi") == Cutoffs(100, 80, 60)
    assert _counts(awards) == {"gold": 2, "silver": 3, "bronze": 3, "hm": 0, "none": 4}
    for score, given_awards in _awards_by_score(TWELVE, awards).items():
        assert len(given_awards) == 1, score


def test_ioi_on_twenty_four_contestants():
    assert cutoffs(TWENTY_FOUR, "ioi") == Cutoffs(40, 30, 20)
    counts = _counts(allot_medals(TWENTY_FOUR, "ioi"))
    assert counts == {"gold": 3, "silver": 4, "bronze": 5, "hm": 0, "none": 12}


def test_ioi_2010_keeps_medals_to_half_when_a_tie_straddles_the_half():
    # the 60s (places 6-8) straddle N/2 = 6: "ioi" gives them bronze (8 medals),
    # "ioi-2010" gives nobody bronze (5 medals)
    assert cutoffs(TWELVE, "ioi-2010") == Cutoffs(100, 80, 80)
    awards = allot_medals(TWELVE, "ioi-2010")
    assert _counts(awards) == {"gold": 2, "silver": 3, "bronze": 0, "hm": 0, "none": 7}
    assert allot_medals(TWELVE, "ioi")["c05"] == "bronze"
    assert awards["c05"] == "none"


def test_ioi_2010_agrees_with_ioi_when_the_half_falls_between_groups():
    scores = _scores([9, 8, 7, 6, 5, 4, 3, 2])
    assert cutoffs(scores, "ioi-2010") == cutoffs(scores, "ioi") == Cutoffs(9, 8, 6)


def test_ioi_2010_raises_silver_to_the_bronze_cut_off():
    # the 8s (places 3-9) cover both N/4 = 3 and N/2 = 6
    scores = _scores([10, 9, 8, 8, 8, 8, 8, 8, 8, 1, 1, 1])
    assert cutoffs(scores, "ioi") == Cutoffs(10, 8, 8)
    assert cutoffs(scores, "ioi-2010") == Cutoffs(10, 9, 9)
    assert _counts(allot_medals(scores, "ioi-2010"))["none"] == 10


def test_imo_gives_one_two_three_when_there_are_no_ties():
    scores = _scores(range(24, 0, -1))
    assert cutoffs(scores, "imo") == Cutoffs(23, 19, 13)
    counts = _counts(allot_medals(scores, "imo"))
    assert (counts["gold"], counts["silver"], counts["bronze"]) == (2, 4, 6)


def test_imo_picks_the_closest_count_and_fewer_medals_on_an_equal_distance():
    # gold: counts 1 and 3 are both 1 away from 24/12 = 2 -> fewer (42 only);
    # silver: counts 5 and 7 are both 1 away from 24/4 = 6 -> fewer (35 and up);
    # bronze: the smallest score with at most 12 at or above it (20)
    assert cutoffs(TWENTY_FOUR, "imo") == Cutoffs(42, 35, 20)
    awards = allot_medals(TWENTY_FOUR, "imo")
    assert _counts(awards) == {"gold": 1, "silver": 4, "bronze": 7, "hm": 0, "none": 12}


def test_imo_keeps_every_tied_group_whole():
    awards = allot_medals(TWELVE, "imo")
    assert cutoffs(TWELVE, "imo") == Cutoffs(100, 100, 80)
    assert _counts(awards) == {"gold": 2, "silver": 0, "bronze": 3, "hm": 0, "none": 7}


def test_nobody_medals_under_the_half_rules_when_the_top_score_is_shared_by_most():
    scores = _scores([5, 5, 5, 1])
    assert cutoffs(scores, "ioi-2010") == Cutoffs(None, None, None)
    assert cutoffs(scores, "imo") == Cutoffs(None, None, None)
    assert set(allot_medals(scores, "imo").values()) == {"none"}
    assert list(allot_medals(scores, "ioi").values()) == ["gold", "gold", "gold", "none"]


def test_float_scores():
    scores = {"a": 7.5, "b": 7.5, "c": 3.25, "d": 0.0}
    assert cutoffs(scores, "ioi") == Cutoffs(7.5, 7.5, 7.5)
    assert allot_medals(scores, "ioi") == {"a": "gold", "b": "gold", "c": "none", "d": "none"}


def test_empty_scores_have_no_cutoffs():
    for policy in ("ioi", "ioi-2010", "imo"):
        assert cutoffs({}, policy) == Cutoffs(None, None, None)
        assert allot_medals({}, policy) == {}


def test_unknown_policy_names_the_known_ones():
    with pytest.raises(ValueError, match="'ipho'.*imo, ioi, ioi-2010"):
        cutoffs({"a": 1}, "ipho")


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf, "7", True, None])
def test_bad_scores_name_the_contestant(bad):
    with pytest.raises(ValueError, match="contestant 'bob'"):
        allot_medals({"ann": 3, "bob": bad}, "ioi")
    with pytest.raises(ValueError, match="contestant 'bob'"):
        rank({"ann": 3, "bob": bad})


def test_jury_cutoffs_with_a_level_left_out():
    jury = Cutoffs(gold=30, silver=None, bronze=10.5)
    scores = {"a": 35, "b": 30, "c": 20, "d": 10.5, "e": 10}
    assert cutoffs(scores, jury) is jury
    assert allot_medals(scores, jury) == {
        "a": "gold",
        "b": "gold",
        "c": "bronze",
        "d": "bronze",
        "e": "none",
    }
    assert allot_medals(scores, Cutoffs(None, None, None)) == dict.fromkeys(scores, "none")


@pytest.mark.parametrize(
    ("gold", "silver", "bronze", "message"),
    [
        (10, 20, 5, "silver cut-off 20 is above the gold"),
        (20, 15, 16, "bronze cut-off 16 is above the silver"),
        (20, None, 25, "bronze cut-off 25 is above the gold"),
        (math.inf, None, None, "gold cut-off"),
        (None, -1, None, "silver cut-off"),
    ],
)
def test_bad_jury_cutoffs_are_rejected(gold, silver, bronze, message):
    with pytest.raises(ValueError, match=message):
        Cutoffs(gold, silver, bronze)


def test_imo_honourable_mention_for_full_marks_on_a_problem():
    scores = {"a": 30, "b": 20, "c": 10, "d": 5}
    problems = {
        "a": [7, 7, 7, 7, 2, 0],
        "b": [7, 6, 7, 0, 0, 0],
        "c": [7, 3, 0, 0, 0, 0],
        "d": [1, 1, 1, 1, 1, 0],
    }
    awards = allot_medals(scores, "imo", hm="imo", problem_scores=problems, problem_max=[7] * 6)
    assert awards == {"a": "gold", "b": "bronze", "c": "hm", "d": "none"}


def test_imo_honourable_mention_with_unequal_maxima():
    scores = {"a": 9.5, "b": 4}
    problems = {"a": [3.5, 6], "b": [4, 0]}
    awards = allot_medals(
        scores, Cutoffs(None, None, None), hm="imo", problem_scores=problems, problem_max=[4, 10]
    )
    assert awards == {"a": "none", "b": "hm"}


def test_ioi_honourable_mention_for_a_good_day():
    # 5 contestants: a day counts when at most 2 others scored strictly higher
    scores = {"a": 200, "b": 120, "c": 110, "d": 100, "e": 90}
    days = {"a": [100, 100], "b": [90, 30], "c": [10, 100], "d": [50, 50], "e": [40, 50]}
    awards = allot_medals(scores, Cutoffs(150, None, None), hm="ioi", day_scores=days)
    # b: one higher on day 1; c: nobody higher on day 2 (ties with a); d and e: two higher
    # on day 2 (a, c), and two is fewer than half of five
    assert awards == {"a": "gold", "b": "hm", "c": "hm", "d": "hm", "e": "hm"}
    days["e"] = [40, 40]
    days["d"] = [45, 45]  # e now has three higher on both days; d two on day 1
    awards = allot_medals(scores, Cutoffs(150, None, None), hm="ioi", day_scores=days)
    assert awards == {"a": "gold", "b": "hm", "c": "hm", "d": "hm", "e": "none"}


def test_ioi_honourable_mention_needs_fewer_than_half_strictly_higher():
    # 4 contestants: two higher is exactly half, which is not fewer than half
    scores = {"a": 4, "b": 3, "c": 2, "d": 1}
    days = {"a": [4], "b": [3], "c": [2], "d": [1]}
    awards = allot_medals(scores, Cutoffs(None, None, None), hm="ioi", day_scores=days)
    assert awards == {"a": "hm", "b": "hm", "c": "none", "d": "none"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hm": "imo", "problem_scores": {"a": [7], "b": [0]}}, "problem_max"),
        ({"hm": "imo", "problem_max": [7]}, "problem_scores"),
        ({"hm": "imo", "problem_scores": {"a": [7]}, "problem_max": [7]}, "'b'"),
        ({"hm": "imo", "problem_scores": {"a": [7], "b": [8]}, "problem_max": [7]}, "above"),
        ({"hm": "imo", "problem_scores": {"a": [7], "b": [1, 2]}, "problem_max": [7]}, "'b'"),
        ({"hm": "ioi"}, "day_scores"),
        ({"hm": "ioi", "day_scores": {"a": [1, 2], "b": [3]}}, "same number of days"),
        ({"hm": "ioi", "day_scores": {"a": [1], "b": [3], "x": [0]}}, "'x'"),
        ({"hm": "ipho"}, "known rules: imo, ioi"),
    ],
)
def test_bad_honourable_mention_inputs(kwargs, message):
    with pytest.raises(ValueError, match=message):
        allot_medals({"a": 7, "b": 0}, "ioi", **kwargs)


def test_medal_preview_compares_policies():
    preview = medal_preview(TWELVE)
    assert list(preview) == ["ioi", "ioi-2010", "imo"]
    assert preview["ioi"]["cutoffs"] == Cutoffs(100, 80, 60)
    assert preview["ioi"]["counts"] == {"gold": 2, "silver": 3, "bronze": 3, "none": 4}
    assert preview["ioi-2010"]["counts"] == {"gold": 2, "silver": 3, "bronze": 0, "none": 7}
    assert preview["imo"]["counts"] == {"gold": 2, "silver": 0, "bronze": 3, "none": 7}
    assert list(medal_preview(TWELVE, ["imo"])) == ["imo"]


def test_rank_shares_places_and_skips():
    assert rank({"a": 10, "b": 7.5, "c": 10, "d": 3, "e": 7.5}) == {
        "a": 1,
        "b": 3,
        "c": 1,
        "d": 5,
        "e": 3,
    }
    assert rank({}) == {}


def test_school_rating_sums_members_shares_places_and_orders_by_id():
    rating = school_rating({"z": [10, 5], "m": [1], "a": [15], 3: [7.5, 7.5], "b": []})
    assert rating == [(3, 15.0, 1), ("a", 15.0, 1), ("z", 15.0, 1), ("m", 1.0, 4), ("b", 0.0, 5)]


def test_school_rating_rejects_bad_member_scores():
    with pytest.raises(ValueError, match="school 'x'"):
        school_rating({"x": [1, -2]})


# -- properties ----------------------------------------------------------------------------

SCORE_LISTS = st.lists(
    st.one_of(st.integers(0, 12), st.sampled_from([0.5, 2.5, 7.5, 11.25])),
    min_size=1,
    max_size=60,
)


def _reaching(values, cutoff):
    return 0 if cutoff is None else sum(v >= cutoff for v in values)


@settings(max_examples=300, deadline=None)
@given(SCORE_LISTS)
def test_policies_never_split_ties_and_respect_their_bounds(values):
    scores = _scores(values)
    n = len(values)
    preview = medal_preview(scores)
    for policy in ("ioi", "ioi-2010", "imo"):
        cut = cutoffs(scores, policy)
        awards = allot_medals(scores, policy)
        assert all(len(a) == 1 for a in _awards_by_score(scores, awards).values())
        given_levels = [c for c in (cut.gold, cut.silver, cut.bronze) if c is not None]
        assert given_levels == sorted(given_levels, reverse=True)
        counts = _counts(awards)
        assert preview[policy]["counts"] == {k: counts[k] for k in (*MEDALS, "none")}
        gold = counts["gold"]
        gold_silver = gold + counts["silver"]
        medals = gold_silver + counts["bronze"]
        scored = sum(v > 0 for v in values)  # nobody medals with 0 points
        assert all(awards[c] == "none" for c, v in scores.items() if v == 0)
        if policy == "ioi":
            for count, parts in ((gold, 12), (gold_silver, 4), (medals, 2)):
                assert count * parts >= n or count == scored
            # each cut-off is the largest such score: nobody above it would do
            for cutoff, parts in ((cut.gold, 12), (cut.silver, 4), (cut.bronze, 2)):
                if cutoff is not None:
                    assert sum(v > cutoff for v in values) * parts < n or cutoff == min(
                        v for v in values if v > 0)
        else:
            assert medals * 2 <= n
            # bronze is the smallest such score: the next score down would pass half
            below = [v for v in values if cut.bronze is None or v < cut.bronze]
            if below and max(below) > 0:
                assert _reaching(values, max(below)) * 2 > n
        if policy == "imo" and cut.bronze is not None:
            assert cut.gold in values and cut.silver in values


@settings(max_examples=200, deadline=None)
@given(SCORE_LISTS)
def test_rank_counts_strictly_better_scores(values):
    scores = _scores(values)
    places = rank(scores)
    for contestant, score in scores.items():
        assert places[contestant] == 1 + sum(v > score for v in values)


def test_nobody_medals_for_zero_points():
    scores = {"a": 6.8, "b": 5.8, **{f"z{i}": 0 for i in range(6)}}
    # IOI's "at least half medal" would put bronze at 0; it stops at the lowest real score.
    assert cutoffs(scores, "ioi") == Cutoffs(6.8, 5.8, 5.8)
    awards = allot_medals(scores, "ioi", hm="ioi", day_scores={k: [v] for k, v in
                                                                 scores.items()})
    assert awards == {"a": "gold", "b": "silver", **{f"z{i}": "none" for i in range(6)}}
    assert allot_medals({"a": 0, "b": 0}, Cutoffs(0, 0, 0)) == {"a": "none", "b": "none"}
    assert cutoffs({"a": 0, "b": 0}, "imo") == Cutoffs(None, None, None)
