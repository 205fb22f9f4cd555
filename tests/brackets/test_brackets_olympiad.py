"""A subject's results from marks: totals with fractional points, pending rows, places, medals,
honourable mentions per day, winners, the best of a group and the school rating."""

import pytest

from brackets import Cutoffs, ProblemSpec, best_among, subject_results, team_rating

PROBLEMS = [ProblemSpec("p1", 10, day=1), ProblemSpec("p2", 10, day=1),
            ProblemSpec("p3", 20, day=2)]


def test_totals_add_fractional_marks_exactly_and_missing_marks_are_pending():
    marks = {"a": {"p1": 0.1, "p2": 0.2, "p3": 7}, "b": {"p1": 7.3}, "c": {}}
    results = subject_results(PROBLEMS, marks, Cutoffs(7.3, None, 1))
    rows = {r.participant: r for r in results.rows}
    assert rows["a"].total == 7.3 and rows["b"].total == 7.3
    assert rows["a"].place == rows["b"].place == 1 and rows["c"].place == 3
    assert rows["a"].days == (0.3, 7) and not rows["a"].pending
    assert rows["b"].marks == (7.3, None, None) and rows["b"].pending
    assert results.pending == 2
    assert [r.award for r in results.rows] == ["gold", "gold", "none"]
    assert results.winners == ["a", "b"]


def test_ioi_mentions_look_at_each_day_and_imo_mentions_at_full_marks():
    marks = {"a": {"p1": 10, "p2": 10, "p3": 20}, "b": {"p3": 19}, "c": {"p1": 10, "p3": 2},
             "d": {"p1": 1, "p3": 2}, "e": {"p1": 0.2}, "f": {"p1": 0.5, "p3": 1}, "g": {}}
    jury = Cutoffs(40, None, None)
    ioi = {r.participant: r.award for r in subject_results(PROBLEMS, marks, jury, "ioi").rows}
    # 7 contestants: an HM needs at most 3 scoring higher on one day. b is 2nd on day 2,
    # f 4th on day 1; e and g have at least 4 above them on both days.
    assert ioi == {"a": "gold", "b": "hm", "c": "hm", "d": "hm", "e": "none", "f": "hm",
                   "g": "none"}
    imo = {r.participant: r.award for r in subject_results(PROBLEMS, marks, jury, "imo").rows}
    assert imo == {"a": "gold", "b": "none", "c": "hm", "d": "none", "e": "none", "f": "none",
                   "g": "none"}


def test_a_mark_outside_the_problem_is_named():
    with pytest.raises(ValueError, match="participant 'a', problem 'p1': mark 11"):
        subject_results(PROBLEMS, {"a": {"p1": 11}}, "ioi")


def test_best_among_a_group_shares_and_ignores_zero():
    results = subject_results(PROBLEMS, {"a": {"p1": 9}, "g1": {"p1": 5}, "g2": {"p1": 5},
                                         "g3": {}}, "imo")
    assert best_among(results, ["g1", "g2", "g3"]) == ["g1", "g2"]
    assert best_among(results, ["g3"]) == []


def test_team_rating_by_points_or_percent():
    members = {"s1": [(30, 42), (0, 42)], "s2": [(300, 600)], "s3": []}
    assert team_rating(members) == [("s2", 300, 1), ("s1", 30, 2), ("s3", 0, 3)]
    by_percent = team_rating(members, "percent")
    assert [(s, p) for s, _, p in by_percent] == [("s1", 1), ("s2", 2), ("s3", 3)]
    assert by_percent[0][1] == pytest.approx(71.4286)
    with pytest.raises(ValueError, match="basis"):
        team_rating(members, "medals")


def test_equal_sums_tie_despite_float_rounding():
    members = {"a": [(0.1, 1), (0.2, 1)], "b": [(0.3, 1)], "c": [(1, 7), (2, 7)], "d": [(3, 7)]}
    assert [place for _, _, place in team_rating(members)] == [1, 1, 3, 3]
    by_percent = {s: p for s, _, p in team_rating(members, "percent")}
    assert by_percent["c"] == by_percent["d"] and by_percent["a"] == by_percent["b"]
