"""FLL awards: the one-judged-award rule, places, advancement, notes and the Champion's score."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brackets import AwardResult, AwardSpec, allocate_awards, champions_scores


def _spec(award_id, count, candidates, judged=True, name=""):
    return AwardSpec(award_id, count, judged, tuple(candidates), name=name)


def test_places_are_filled_in_candidate_order():
    result = allocate_awards([_spec("champions", 3, [12, 5, 40, 7])])
    assert isinstance(result, AwardResult)
    assert result.winners == {"champions": (12, 5, 40)}
    assert result.notes == ()


def test_a_team_with_a_judged_award_is_skipped_for_the_next_with_a_note():
    awards = [
        _spec("champions", 1, [12, 5], name="Champion's"),
        _spec("robot_design", 2, [12, 7, 5, 9], name="Robot Design"),
        _spec("core_values", 1, [7, 5, 9], name="Core Values"),
    ]
    result = allocate_awards(awards)
    assert result.winners == {
        "champions": (12,),
        "robot_design": (7, 5),
        "core_values": (9,),
    }
    assert result.notes == (
        "Team 12 skipped for Robot Design: already wins Champion's (1st)",
        "Team 7 skipped for Core Values: already wins Robot Design (1st)",
        "Team 5 skipped for Core Values: already wins Robot Design (2nd)",
    )


def test_notes_use_the_award_id_when_there_is_no_name():
    result = allocate_awards([_spec("a", 1, ["x"]), _spec("b", 1, ["x", "y"])])
    assert result.notes == ("Team x skipped for b: already wins a (1st)",)


def test_excepted_awards_ignore_the_rule_and_do_not_count_towards_it():
    awards = [
        _spec("champions", 1, [1, 2]),
        _spec("robot_performance", 2, [1, 3], judged=False),
        _spec("coach", 1, [3], judged=False),
        _spec("innovation_project", 1, [3, 4]),
    ]
    result = allocate_awards(awards)
    assert result.winners["robot_performance"] == (1, 3)  # 1 also won Champion's
    assert result.winners["coach"] == (3,)
    assert result.winners["innovation_project"] == (3,)  # excepted awards do not block 3
    assert result.notes == ()


def test_a_team_never_takes_two_places_of_one_award():
    result = allocate_awards([_spec("rp", 3, [4, 4, 6, 4, 8], judged=False)])
    assert result.winners == {"rp": (4, 6, 8)}


def test_places_stay_empty_when_candidates_run_out():
    awards = [_spec("champions", 1, [1]), _spec("robot_design", 3, [1, 2], name="Robot Design")]
    result = allocate_awards(awards)
    assert result.winners["robot_design"] == (2,)
    assert result.notes[-1] == "Robot Design: only 1 of 3 places filled (candidates ran out)"


def test_zero_count_award_has_no_winners():
    assert allocate_awards([_spec("x", 0, [1, 2])]).winners == {"x": ()}


def test_advancement_champions_winners_first_then_advancement_order():
    awards = [
        _spec("champions", 2, [30, 10], name="Champion's"),
        _spec("robot_design", 1, [20]),
    ]
    result = allocate_awards(awards, advancement_slots=4, advancement_order=[10, 40, 30, 20, 50])
    assert result.advancing == (30, 10, 40, 20)
    assert "Team 30 advances: Champion's (1st)" in result.notes
    assert "Team 10 advances: Champion's (2nd)" in result.notes
    assert "Team 40 advances: next in the advancement order (slot 3 of 4)" in result.notes


def test_advancement_stops_at_the_slots_and_reports_unfilled_slots():
    awards = [_spec("champions", 3, [1, 2, 3])]
    assert allocate_awards(awards, advancement_slots=2).advancing == (1, 2)
    assert allocate_awards(awards).advancing == ()
    result = allocate_awards(awards, advancement_slots=5, advancement_order=[3, 4])
    assert result.advancing == (1, 2, 3, 4)
    assert result.notes[-1] == "only 4 of 5 advancement slots filled (teams ran out)"


def test_advancement_without_awards_follows_the_order():
    result = allocate_awards([], advancement_slots=2, advancement_order=[9, 9, 8, 7])
    assert result.advancing == (9, 8)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: AwardSpec("x", -1, True, ()), "award 'x': count must be a whole number >= 0"),
        (lambda: AwardSpec("", 1, True, ()), "award id must be a non-empty string"),
        (
            lambda: allocate_awards([_spec("x", 1, [1]), _spec("x", 2, [2])]),
            "award id 'x' is used twice",
        ),
        (
            lambda: allocate_awards([], advancement_slots=-1),
            "advancement_slots must be a whole number >= 0",
        ),
        (lambda: allocate_awards(["champions"]), "awards must be AwardSpec objects"),
    ],
)
def test_invalid_input_raises_value_error(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_candidates_list_is_stored_as_a_tuple():
    assert AwardSpec("x", 1, True, [3, 4]).candidates == (3, 4)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32))
def test_one_judged_award_rule_over_random_candidate_lists(seed):
    rng = random.Random(seed)
    teams = list(range(1, rng.randint(2, 25)))
    awards = []
    for number in range(rng.randint(1, 8)):
        candidates = rng.sample(teams, rng.randint(0, len(teams)))
        if rng.random() < 0.3:  # a repeated candidate now and then
            candidates += rng.sample(teams, 1)
        awards.append(_spec(f"a{number}", rng.randint(0, 4), candidates, rng.random() < 0.7))
    order = rng.sample(teams, min(5, len(teams)))
    result = allocate_awards(awards, advancement_slots=rng.randint(0, 6), advancement_order=order)

    judged_wins: dict = {}
    for award in awards:
        won = result.winners[award.id]
        assert len(won) <= award.count
        assert len(set(won)) == len(won), "a team took two places of one award"
        if award.judged:
            for team in won:
                assert team not in judged_wins, f"team {team} has two judged awards"
                judged_wins[team] = award.id
        # Places are filled in candidate order by the first eligible candidate, and places
        # stay empty only when no eligible candidate is left.
        held_before = {t for t, a in judged_wins.items() if a != award.id}
        eligible = []
        for team in award.candidates:
            if team in eligible or (award.judged and team in held_before):
                continue
            eligible.append(team)
        assert won == tuple(eligible[: award.count])

    assert len(set(result.advancing)) == len(result.advancing)
    first = result.winners[awards[0].id]
    slots = len(result.advancing)
    assert result.advancing[: min(slots, len(first))] == first[:slots]


def test_excepted_awards_may_coincide_with_judged_awards():
    awards = [_spec("champions", 1, [5]), _spec("robot_performance", 1, [5], judged=False)]
    result = allocate_awards(awards)
    assert result.winners == {"champions": (5,), "robot_performance": (5,)}


# --- Champion's score -------------------------------------------------------------------------


def test_champions_scores_sum_ranks_lowest_first():
    ranks = {
        "innovation_project": {"a": 1, "b": 2, "c": 3},
        "robot_design": {"a": 3, "b": 1, "c": 2},
        "core_values": {"a": 2, "b": 3, "c": 1},
        "robot_game": {"a": 1, "b": 1, "c": 3},
    }
    assert champions_scores(ranks) == [("a", 7), ("b", 7), ("c", 9)]


def test_champions_scores_ties_by_best_single_rank_then_team_id():
    ranks = {
        "ip": {10: 2, 20: 1, 30: 2, 40: 2},
        "rd": {10: 2, 20: 3, 30: 2, 40: 2},
    }
    # 20 (1 + 3) beats 10/30/40 (2 + 2) on its best single rank; then team id.
    assert champions_scores(ranks) == [(20, 4), (10, 4), (30, 4), (40, 4)]


def test_champions_scores_missing_team_gets_worst_rank_plus_one():
    ranks = {"ip": {1: 1, 2: 2, 3: 2}, "rd": {1: 2, 2: 1}}
    # Team 3 has no Robot Design rank: worst there is 2, so it gets 3.
    assert champions_scores(ranks) == [(1, 3), (2, 3), (3, 5)]
    assert champions_scores({}) == []


def test_champions_scores_reject_bad_ranks():
    with pytest.raises(ValueError, match="area 'ip', team 1: a rank must be a whole number >= 1"):
        champions_scores({"ip": {1: 0}})


def test_every_note_is_also_given_as_data_for_translated_pages():
    from brackets import AllocationNote

    result = allocate_awards(
        [AwardSpec("champions", 1, True, (1, 2)), AwardSpec("robot_design", 2, True, (1, 3)),
         AwardSpec("robot_performance", 1, False, (1,))],
        advancement_slots=3, advancement_order=(1, 2))
    assert len(result.explained) == len(result.notes)
    assert result.explained[0] == AllocationNote("skipped", team=1, award="robot_design",
                                                 held="champions", place=1)
    kinds = [n.kind for n in result.explained]
    assert kinds == ["skipped", "short", "advances_award", "advances_order", "slots_short"]
    assert result.explained[-1].to_dict()["filled"] == 2
