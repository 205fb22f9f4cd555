"""Elimination brackets: FIRST's tables, generic brackets, and BracketState over random play."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brackets.elimination import (
    Bracket,
    BracketError,
    BracketMatch,
    BracketState,
    Game,
    Loser,
    MatchStatus,
    Seed,
    Winner,
    double_elimination,
    double_elimination_bracket,
    single_elimination,
    standard_order,
)

S, W, L = Seed, Winner, Loser
ALLIANCES = [f"A{i}" for i in range(1, 9)]


def _table(bracket: Bracket) -> dict:
    return {m.key: (m.round, m.section, m.red, m.blue, m.best_of, m.if_needed, m.number)
            for m in bracket.matches}


def _play(state: BracketState, *results) -> BracketState:
    """Record games given as (key, winner) or (key, winner, forfeit)."""
    for result in results:
        state = state.record(Game(*result))
    return state


def _entrants_of(state: BracketState, key: str) -> set:
    status = state.match(key)
    return {status.red, status.blue}


# -- FIRST's tables ------------------------------------------------------------------------


def test_frc_8_alliance_table():
    b = double_elimination(8, final="best_of_3")
    assert b.kind == "double_elimination" and b.entrants == 8
    assert _table(b) == {
        "M1": (1, "upper", S(1), S(8), 1, False, 1),
        "M2": (1, "upper", S(4), S(5), 1, False, 2),
        "M3": (1, "upper", S(2), S(7), 1, False, 3),
        "M4": (1, "upper", S(3), S(6), 1, False, 4),
        "M5": (2, "lower", L("M1"), L("M2"), 1, False, 5),
        "M6": (2, "lower", L("M3"), L("M4"), 1, False, 6),
        "M7": (2, "upper", W("M1"), W("M2"), 1, False, 7),
        "M8": (2, "upper", W("M3"), W("M4"), 1, False, 8),
        "M9": (3, "lower", L("M7"), W("M6"), 1, False, 9),
        "M10": (3, "lower", L("M8"), W("M5"), 1, False, 10),
        "M11": (4, "upper", W("M7"), W("M8"), 1, False, 11),
        "M12": (4, "lower", W("M10"), W("M9"), 1, False, 12),
        "M13": (5, "lower", L("M11"), W("M12"), 1, False, 13),
        "F": (6, "final", W("M11"), W("M13"), 3, False, 0),
    }
    assert [m.key for m in b.matches] == [f"M{i}" for i in range(1, 14)] + ["F"]
    assert [[m.key for m in r] for r in b.rounds()] == [
        ["M1", "M2", "M3", "M4"], ["M5", "M6", "M7", "M8"], ["M9", "M10"], ["M11", "M12"],
        ["M13"], ["F"]]


def test_frc_8_alliance_table_with_the_ftc_final():
    table = _table(double_elimination(8))
    assert table["F1"] == (6, "final", W("M11"), W("M13"), 1, False, 0)
    assert table["F2"] == (7, "final", W("M11"), W("M13"), 1, True, 0)
    assert len(table) == 15


def test_ftc_4_alliance_table():
    b = double_elimination(4, final="two_wins")
    assert _table(b) == {
        "M1": (1, "upper", S(1), S(4), 1, False, 1),
        "M2": (1, "upper", S(2), S(3), 1, False, 2),
        "M3": (2, "lower", L("M1"), L("M2"), 1, False, 3),
        "M4": (2, "upper", W("M1"), W("M2"), 1, False, 4),
        "M5": (3, "lower", L("M4"), W("M3"), 1, False, 5),
        "F1": (4, "final", W("M4"), W("M5"), 1, False, 0),
        "F2": (5, "final", W("M4"), W("M5"), 1, True, 0),
    }
    assert b.reset_of("F2") == "F1" and b.reset_of("F1") is None


def test_frc_4_alliance_table_for_best_of_3():
    assert _table(double_elimination(4, final="best_of_3")) == {
        "M1": (1, "upper", S(1), S(4), 1, False, 1),
        "M2": (1, "upper", S(2), S(3), 1, False, 2),
        "M3": (2, "upper", W("M1"), W("M2"), 1, False, 3),
        "M4": (2, "lower", L("M1"), L("M2"), 1, False, 4),
        "M5": (3, "lower", L("M3"), W("M4"), 1, False, 5),
        "F": (4, "final", W("M3"), W("M5"), 3, False, 0),
    }


@pytest.mark.parametrize("final", ["two_wins", "best_of_3"])
def test_two_alliances_play_a_best_of_3_final(final):
    b = double_elimination(2, final=final)
    assert _table(b) == {"F": (1, "final", S(1), S(2), 3, False, 0)}
    state = BracketState(b, ["A1", "A2"])
    state = _play(state, ("F", "blue"), ("F", None), ("F", "red"))
    f = state.match("F")
    assert (f.red_wins, f.blue_wins, f.games, f.status, f.next_game) == (1, 1, 3, "ready", 4)
    state = _play(state, ("F", "red"))
    assert state.finished and state.champion == "A1"
    assert state.placements() == {"A1": 1, "A2": 2}


def test_six_alliances_give_a1_and_a2_byes():
    b = double_elimination(6)
    assert b.entrants == 6
    first_round = {m.key: m for m in b.rounds()[0]}
    seeds_in_round_1 = {s.n for m in first_round.values() for s in (m.red, m.blue)}
    assert seeds_in_round_1 == {3, 4, 5, 6}
    upper_2 = [m for m in b.matches if m.round == 2]
    assert {(m.section, m.red) for m in upper_2} == {("upper", S(1)), ("upper", S(2))}
    # A bye's loser is nobody: the lower matches it would feed are gone too, so nothing in
    # the bracket has two empty sides and every match is played when all six are there.
    assert all(not isinstance(s, Seed) or s.n <= 6 for m in b.matches for s in (m.red, m.blue))
    assert [m.key for m in b.matches] == [f"M{i}" for i in range(1, 10)] + ["F1", "F2"]
    state = BracketState(b, ALLIANCES[:6])
    while state.ready():
        state = state.record(Game(state.ready()[0].key, "red"))
    assert {s.status for s in state.matches if s.key != "F2"} == {"done"}
    assert sorted(state.placements().values()) == [1, 2, 3, 4, 5, 5]
    # The lower final's loser is 3rd, the lower semi-final's 4th.
    assert state.placements()[state.match("M9").loser] == 3
    assert state.placements()[state.match("M8").loser] == 4


def test_missing_seed_byes_propagate_through_the_lower_bracket():
    state = BracketState(double_elimination(8, final="best_of_3"), ALLIANCES[:7])
    assert state.match("M1").status == "bye" and state.match("M1").winner == "A1"
    assert [s.key for s in state.ready()] == ["M2", "M3", "M4"]
    with pytest.raises(BracketError, match="M1 is a bye: 'A1' advances without playing"):
        state.record(Game("M1", "red"))
    state = _play(state, ("M2", "red"), ("M3", "red"), ("M4", "red"))
    m5 = state.match("M5")
    assert (m5.red, m5.blue, m5.status, m5.winner) == (None, "A5", "bye", "A5")
    assert state.match("M10").blue == "A5" and state.match("M7").red == "A1"
    assert all(s.red is not None and s.blue is not None for s in state.ready())


def test_two_missing_seeds_in_one_lower_match_skip_it():
    # Seeds 7 and 8 missing: M1 and M3 are byes, so M5 and M6 each have one empty side.
    state = BracketState(double_elimination(8), ALLIANCES[:6])
    state = _play(state, ("M2", "red"), ("M4", "red"))
    assert [state.match(k).status for k in ("M1", "M3", "M5", "M6")] == ["bye"] * 4
    # Seeds 2..4 and 5..8 missing in a generic bracket: lower matches with two empty sides.
    state = BracketState(double_elimination_bracket(8), {1: "A1", 5: "A5"})
    skipped = [s for s in state.matches if s.status == "skipped"]
    assert skipped and all(s.red is None and s.blue is None for s in skipped)


# -- the FTC final -------------------------------------------------------------------------


def _ftc_final_reached() -> BracketState:
    state = BracketState(double_elimination(4), ALLIANCES[:4])
    # A1 beats A4, A2 beats A3, A4 beats A3 (lower), A1 beats A2, A4 beats A2 (lower final).
    return _play(state, ("M1", "red"), ("M2", "red"), ("M3", "red"), ("M4", "red"),
                 ("M5", "blue"))


def test_ftc_final_upper_alliance_wins_f1_and_f2_is_skipped():
    state = _ftc_final_reached()
    assert state.placements() == {"A2": 3, "A3": 4}
    assert state.match("F2").status == "waiting" and state.champion is None
    state = _play(state, ("F1", "red"))
    assert state.match("F2").status == "skipped"
    assert state.finished and state.champion == "A1"
    assert state.placements() == {"A1": 1, "A4": 2, "A2": 3, "A3": 4}
    assert state.eliminated() == {"A2": "M5", "A3": "M3", "A4": "F1"}
    with pytest.raises(BracketError, match="F2 is not needed"):
        state.record(Game("F2", "red"))


@pytest.mark.parametrize(("f2", "champion", "second"), [("blue", "A4", "A1"),
                                                        ("red", "A1", "A4")])
def test_ftc_final_lower_alliance_wins_f1_then_f2_decides(f2, champion, second):
    state = _play(_ftc_final_reached(), ("F1", "blue"))
    assert not state.finished and [s.key for s in state.ready()] == ["F2"]
    assert state.match("F2").red == "A1" and state.match("F2").blue == "A4"
    assert state.champion is None and "A1" not in state.placements()
    state = _play(state, ("F2", None), ("F2", f2))  # a tie is replayed
    assert state.match("F2").games == 2
    assert state.finished and state.champion == champion
    assert state.placements() == {champion: 1, second: 2, "A2": 3, "A3": 4}
    assert state.eliminated()[second] == "F2"


def test_frc_final_is_a_series_without_reset():
    state = BracketState(double_elimination(4, final="best_of_3"), ALLIANCES[:4])
    state = _play(state, ("M1", "red"), ("M2", "red"), ("M3", "red"), ("M4", "red"),
                  ("M5", "blue"), ("F", "blue"), ("F", None))
    f = state.match("F")
    assert (f.status, f.red, f.blue, f.blue_wins, f.next_game) == ("ready", "A1", "A4", 1, 3)
    state = _play(state, ("F", "blue"))
    # A1 lost one series only, but the final has no reset.
    assert state.finished and state.champion == "A4"
    assert state.placements() == {"A4": 1, "A1": 2, "A2": 3, "A3": 4}
    assert state.eliminated() == {"A1": "F", "A2": "M5", "A3": "M4"}


def test_frc_8_placements_and_partial_placements():
    state = BracketState(double_elimination(8, final="best_of_3"), ALLIANCES)
    state = _play(state, *[(f"M{i}", "red") for i in range(1, 7)])
    # M5 and M6 are decided, but M7 or M8 could still end in a double forfeit and put two
    # more alliances out in round 2: no place is decided before round 2 is over.
    assert state.placements() == {}
    state = _play(state, ("M7", "red"), ("M8", "red"))
    assert state.placements() == {"A5": 7, "A6": 7}
    state = _play(state, *[(f"M{i}", "red") for i in range(9, 14)], ("F", "red"), ("F", "red"))
    losers = {k: state.match(k).loser for k in ("F", "M13", "M12", "M9", "M10", "M5", "M6")}
    places = state.placements()
    assert places[state.champion] == 1 and state.champion == "A1"
    assert [places[losers[k]] for k in ("F", "M13", "M12", "M9", "M10", "M5", "M6")] == [
        2, 3, 4, 5, 5, 7, 7]
    assert list(places.values()) == [1, 2, 3, 4, 5, 5, 7, 7]


# -- forfeits and disqualification ---------------------------------------------------------


def test_forfeit_gives_the_game_to_the_other_side():
    state = BracketState(double_elimination(2), ["A1", "A2"])
    state = _play(state, ("F", None, "red"), ("F", "red", "blue"))
    f = state.match("F")
    assert (f.red_wins, f.blue_wins, f.status) == (1, 1, "ready")


def test_double_forfeit_advances_nobody_and_the_next_matches_get_byes():
    state = BracketState(double_elimination(8, final="best_of_3"), ALLIANCES)
    state = _play(state, ("M1", None, "both"))
    m1 = state.match("M1")
    assert (m1.status, m1.winner, m1.loser) == ("done", None, None)
    state = _play(state, ("M2", "blue"), ("M3", "red"), ("M4", "red"))
    assert state.match("M7").status == "bye" and state.match("M7").winner == "A5"
    assert state.match("M5").status == "bye" and state.match("M5").winner == "A4"
    assert state.eliminated()["A1"] == "M1" and state.eliminated()["A8"] == "M1"
    while state.ready():
        state = state.record(Game(state.ready()[0].key, "red"))
    # A1 and A8 went out in round 1 (with nobody else): they share the last place.
    assert state.placements()["A1"] == state.placements()["A8"] == 7


def test_double_forfeit_in_the_final_leaves_first_place_empty():
    state = _play(_ftc_final_reached(), ("F1", None, "both"))
    assert state.finished and state.champion is None
    assert state.match("F2").status == "skipped"
    assert state.placements() == {"A1": 2, "A4": 2, "A2": 3, "A3": 4}


def test_disqualified_alliance_forfeits_its_undecided_series():
    # FRC's 4-alliance bracket: A1 beats A4, A2 beats A3, A2 beats A1 in the upper final.
    state = _play(BracketState(double_elimination(4, final="best_of_3"), ALLIANCES[:4]),
                  ("M1", "red"), ("M2", "red"), ("M3", "blue"))
    state = BracketState(state.bracket, state.seeding, state.games, disqualified={"A1"})
    assert state.match("M1").winner == "A1" and state.match("M3").loser == "A1"  # they stand
    m5 = state.match("M5")  # A1 (loser of M3) waits for the winner of M4 (A4 v A3)
    assert (m5.red, m5.status) == ("A1", "waiting")
    state = _play(state, ("M4", "red"))
    m5 = state.match("M5")
    assert (m5.status, m5.winner, m5.loser, m5.games) == ("done", "A4", "A1", 0)
    with pytest.raises(BracketError, match="M5 is already decided"):
        state.record(Game("M5", "red"))
    state = _play(state, ("F", "blue"), ("F", "blue"))
    assert state.finished and state.champion == "A4"
    assert "A1" not in state.placements() and "A1" not in state.eliminated()
    # A1 keeps its spot (3rd): the others keep the places they earned.
    assert state.placements() == {"A4": 1, "A2": 2, "A3": 4}
    again = BracketState(state.bracket, state.seeding, state.games, state.disqualified)
    assert again.matches == state.matches


def test_disqualification_during_a_series_keeps_its_games():
    state = BracketState(double_elimination(2), ["A1", "A2"])
    state = _play(state, ("F", "red"))
    state = state.disqualify("A1")
    f = state.match("F")
    assert (f.red_wins, f.games, f.status, f.winner) == (1, 1, "done", "A2")
    assert state.champion == "A2" and state.placements() == {"A2": 1}
    # Replaying from scratch gives the same state.
    again = BracketState(state.bracket, state.seeding, state.games, state.disqualified)
    assert again.matches == state.matches


def test_games_after_a_disqualification_replay():
    b = single_elimination(4, best_of=3)
    state = _play(BracketState(b, ALLIANCES[:4]), ("M1", "blue"))
    state = state.disqualify("A4")  # M1 stood at 0-1 for A4: A1 wins it by forfeit
    state = _play(state, ("M2", "red"), ("M2", "red"), ("F", "red"))
    again = BracketState(b, ALLIANCES[:4], state.games, {"A4"})
    assert again.matches == state.matches
    assert state.match("M1").winner == "A1" and state.match("F").red_wins == 1


def test_disqualification_keeps_byes_taken_before_it():
    # A8 missing: A5 loses M2, takes the bye in M5, wins M10, and is disqualified after.
    state = BracketState(double_elimination(8, final="best_of_3"), ALLIANCES[:7])
    state = _play(state, ("M2", "red"), ("M3", "red"), ("M4", "red"), ("M6", "red"),
                  ("M7", "red"), ("M8", "red"), ("M9", "red"), ("M10", "blue"))
    assert state.match("M5").winner == "A5" and state.match("M10").winner == "A5"
    state = state.disqualify("A5")  # rebuilt from the games: the bye and M10 stand
    m5, m10, m12 = (state.match(k) for k in ("M5", "M10", "M12"))
    assert (m5.status, m5.winner) == ("bye", "A5")
    assert (m10.status, m10.winner, m10.loser) == ("done", "A5", "A3")
    assert (m12.status, m12.winner, m12.loser, m12.games) == ("done", "A4", "A5", 0)
    state = _play(state, ("M11", "red"), ("M13", "red"), ("F", "red"), ("F", "red"))
    assert state.champion == "A1" and "A5" not in state.placements()


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 3, 5, 7, 9, 16, 2.0, True, "8"])
def test_first_format_supports_2_4_6_8_alliances_only(n):
    with pytest.raises(ValueError, match="2, 4, 6 or 8 alliances"):
        double_elimination(n)


def test_builder_argument_errors():
    with pytest.raises(ValueError, match="final must be one of two_wins, best_of_3"):
        double_elimination(4, final="best_of_5")
    for builder in (single_elimination, double_elimination_bracket):
        for n in (1, 0, -3):
            with pytest.raises(ValueError, match="at least 2"):
                builder(n)
        with pytest.raises(ValueError, match="whole number"):
            builder("8")
        with pytest.raises(ValueError, match="best_of"):
            builder(8, best_of=0)
        with pytest.raises(ValueError, match="round 9"):
            builder(8, best_of={9: 3})
    with pytest.raises(ValueError, match="grand_final must be one of none, single, reset"):
        double_elimination_bracket(8, grand_final="double")
    with pytest.raises(ValueError, match="power of two"):
        standard_order(6)


def test_games_out_of_order_are_refused_with_the_reason():
    state = BracketState(double_elimination(4), ALLIANCES[:4])
    with pytest.raises(BracketError, match="M3 is waiting for the loser of M1"):
        state.record(Game("M3", "red"))
    state = _play(state, ("M1", "red"), ("M2", "red"), ("M4", "red"))
    with pytest.raises(BracketError, match="M5 is waiting for the winner of M3"):
        state.record(Game("M5", "red"))
    with pytest.raises(BracketError, match="M1 is already decided"):
        state.record(Game("M1", "blue"))
    with pytest.raises(BracketError, match="no match 'M9' in this bracket"):
        state.record(Game("M9", "red"))
    with pytest.raises(BracketError, match="F2 is waiting for the result of F1"):
        state.record(Game("F2", "red"))
    with pytest.raises(BracketError, match="game 2: M5 is waiting for the loser of M4"):
        BracketState(state.bracket, ALLIANCES[:4], [Game("M1", "red"), Game("M5", "red")])
    with pytest.raises(ValueError, match="no match 'X'"):
        state.match("X")
    with pytest.raises(ValueError, match="no match 'X'"):
        state.bracket.match("X")


def test_reseed_only_before_the_first_game():
    state = BracketState(double_elimination(4), ALLIANCES[:4])
    reseeded = state.reseed({1: "A4", 2: "A3", 3: "A2", 4: "A1"})
    assert _entrants_of(reseeded, "M1") == {"A4", "A1"} and reseeded.match("M1").red == "A4"
    played = state.record(Game("M1", "red"))
    with pytest.raises(BracketError, match="cannot reseed: 1 game"):
        played.reseed(ALLIANCES[:4])


def test_game_and_seeding_errors():
    with pytest.raises(BracketError, match="winner is red, blue or None"):
        Game("M1", "green")
    with pytest.raises(BracketError, match="forfeit is red, blue or both"):
        Game("M1", None, forfeit="nobody")
    with pytest.raises(BracketError, match="cannot win a game it forfeits"):
        Game("M1", "red", forfeit="red")
    with pytest.raises(BracketError, match="a double forfeit has no winner"):
        Game("M1", "red", forfeit="both")
    b = double_elimination(4)
    with pytest.raises(BracketError, match="two seeds: 1 and 3"):
        BracketState(b, ["A1", "A2", "A1"])
    with pytest.raises(BracketError, match=r"seed 5 is not in 1..4"):
        BracketState(b, {5: "A5"})
    with pytest.raises(BracketError, match="seeding must"):
        BracketState(b, "A1A2")
    with pytest.raises(BracketError, match="disqualified 'A9' is not an entrant"):
        BracketState(b, ALLIANCES[:4], disqualified={"A9"})
    with pytest.raises(ValueError, match="BracketError|is not a Game"):
        BracketState(b, ALLIANCES[:4], [("M1", "red")])


def test_bracket_validation():
    good = BracketMatch("A", 1, "upper", S(1), S(2))
    with pytest.raises(ValueError, match="not an earlier match"):
        Bracket("single_elimination", 2, (BracketMatch("A", 1, "final", S(1), W("B")),))
    with pytest.raises(ValueError, match=r"seeds \[3\] never play"):
        Bracket("single_elimination", 3, (good,))
    with pytest.raises(ValueError, match="not from an earlier round"):
        Bracket("single_elimination", 3, (good, BracketMatch("B", 1, "final", W("A"), S(3))))
    with pytest.raises(ValueError, match="used twice"):
        Bracket("single_elimination", 2, (good, BracketMatch("B", 2, "final", W("A"), S(1))))
    with pytest.raises(ValueError, match="repeats the sides"):
        Bracket("single_elimination", 2, (good, BracketMatch("B", 2, "final", W("A"), L("A"),
                                                             if_needed=True)))
    with pytest.raises(ValueError, match="cannot take"):
        Bracket("single_elimination", 3, (
            BracketMatch("A", 1, "final", S(1), S(2)),
            BracketMatch("B", 2, "upper", W("A"), S(3))))
    with pytest.raises(ValueError, match="kind"):
        Bracket("swiss", 2, (good,))


def test_to_dict_is_json_ready():
    state = _play(BracketState(double_elimination(4), ALLIANCES[:4]), ("M1", "red"))
    data = json.loads(json.dumps(state.to_dict()))
    assert data["bracket"]["matches"][2] == {
        "key": "M3", "round": 2, "section": "lower", "red": {"loser": "M1"},
        "blue": {"loser": "M2"}, "best_of": 1, "if_needed": False, "number": 3}
    assert data["matches"][0]["winner"] == "A1" and data["finished"] is False
    assert data["seeding"][0] == {"seed": 1, "entrant": "A1"}
    assert isinstance(state.matches[0], MatchStatus)


# -- generic brackets: structure -----------------------------------------------------------


def _reach(bracket: Bracket) -> dict:
    """(key, side) -> the seeds that can be on that side."""
    reach: dict = {}

    def seeds(src):
        if isinstance(src, Seed):
            return {src.n}
        return reach[(src.match, "red")] | reach[(src.match, "blue")]

    for m in bracket.matches:
        reach[(m.key, "red")], reach[(m.key, "blue")] = seeds(m.red), seeds(m.blue)
    return reach


def test_standard_order():
    assert standard_order(1) == [1]
    assert standard_order(2) == [1, 2]
    assert standard_order(4) == [1, 4, 2, 3]
    assert standard_order(8) == [1, 8, 4, 5, 2, 7, 3, 6]
    for n in (16, 32, 64):
        order = standard_order(n)
        assert sorted(order) == list(range(1, n + 1))
        assert all(order[i] + order[i + 1] == n + 1 for i in range(0, n, 2))


@pytest.mark.parametrize("n", range(2, 41))
def test_single_elimination_structure(n):
    b = single_elimination(n, third_place=True)
    size = 1 << (n - 1).bit_length()
    last = b.matches[-1]
    assert last.key == "F" and last.section == "final"
    assert len([m for m in b.matches if m.section != "third_place"]) == n - 1
    reach = _reach(b)
    for m in b.matches:
        red, blue = reach[(m.key, "red")], reach[(m.key, "blue")]
        assert not red & blue
        if m.section == "upper":
            # Seeds 1 and 2 meet only in the final (or the third-place match); 1..4 only from
            # the semi-finals on.
            assert not ({1, 2} <= red | blue and (1 in red) != (1 in blue))
            for a in range(1, 5):
                for c in range(a + 1, 5):
                    if a in red and c in blue or a in blue and c in red:
                        assert m.round >= last.round - 1
    # Byes go to the top seeds: exactly seeds 1..size-n skip round 1.
    round_1 = {s.n for m in b.matches if m.round == 1 for s in (m.red, m.blue)}
    assert set(range(1, n + 1)) - round_1 == set(range(1, size - n + 1))
    if n >= 4:
        third = b.match("T")
        assert (third.section, third.red, third.blue) == (
            "third_place", L(last.red.match), L(last.blue.match))
        assert b.matches[-2] is third and third.round == last.round
    else:
        assert all(m.section != "third_place" for m in b.matches)


def test_best_of_per_round():
    b = single_elimination(8, best_of={2: 3}, final_best_of=5)
    assert [m.best_of for m in b.matches] == [1, 1, 1, 1, 3, 3, 5]
    b = single_elimination(8, best_of=3)
    assert {m.best_of for m in b.matches} == {3}
    b = double_elimination_bracket(4, best_of={4: 3, 5: 5})
    assert [(m.key, m.best_of) for m in b.matches if m.section == "final"] == [
        ("F1", 3), ("F2", 5)]


@pytest.mark.parametrize("grand_final", ["none", "single", "reset"])
@pytest.mark.parametrize("n", range(2, 34))
def test_double_elimination_structure(n, grand_final):
    b = double_elimination_bracket(n, grand_final=grand_final)
    played = [m for m in b.matches if not m.if_needed]
    assert len(played) == (2 * n - 3 if grand_final == "none" else 2 * n - 2)
    assert [m.key for m in b.matches if m.section != "final"] == [
        f"M{i}" for i in range(1, (2 * n - 3) + 1)]
    finals = [m.key for m in b.matches if m.section == "final"]
    assert finals == {"none": [], "single": ["F"], "reset": ["F1", "F2"]}[grand_final]
    # Every upper match but the upper final sends its loser to the lower bracket.
    for m in b.matches:
        if m.section == "upper":
            assert b.feeds_on(L(m.key)) or n == 2 and grand_final == "none"
    size = 1 << (n - 1).bit_length()
    round_1 = {s.n for m in b.matches if m.round == 1 for s in (m.red, m.blue)}
    assert set(range(1, n + 1)) - round_1 == set(range(1, size - n + 1))


def test_generic_double_elimination_of_8_is_frcs_structure():
    frc = double_elimination(8, final="best_of_3")
    generic = double_elimination_bracket(8, grand_final="single")

    def shape(b):
        reach = _reach(b)
        return Counter((m.round, m.section, frozenset(map(frozenset, (
            reach[(m.key, "red")], reach[(m.key, "blue")])))) for m in b.matches)

    assert shape(frc) == shape(generic)


# -- random play ---------------------------------------------------------------------------


@st.composite
def scenarios(draw):
    kind = draw(st.sampled_from(["first", "single", "double"]))
    best_of = draw(st.sampled_from([1, 1, 3, {1: 3}, {2: 3, 3: 5}]))
    if kind == "first":
        n = draw(st.sampled_from([2, 4, 6, 8]))
        final = draw(st.sampled_from(["two_wins", "best_of_3"]))
        bracket = double_elimination(n, final=final)
        one_loss_final = final == "best_of_3" or n == 2
    elif kind == "single":
        n = draw(st.integers(2, 24))
        rounds = (n - 1).bit_length()
        if isinstance(best_of, dict):
            best_of = {r: v for r, v in best_of.items() if r <= rounds}
        bracket = single_elimination(n, third_place=draw(st.booleans()), best_of=best_of,
                                     final_best_of=draw(st.sampled_from([None, 3])))
        one_loss_final = True
    else:
        n = draw(st.integers(2, 24))
        grand_final = draw(st.sampled_from(["none", "single", "reset"]))
        last = double_elimination_bracket(n, grand_final=grand_final).matches[-1].round
        if isinstance(best_of, dict):
            best_of = {r: v for r, v in best_of.items() if r <= last}
        bracket = double_elimination_bracket(n, grand_final=grand_final, best_of=best_of)
        one_loss_final = grand_final == "single" or (grand_final == "none" and n == 2)
    entrants = [f"E{i}" for i in range(1, n + 1)]
    missing = draw(st.sets(st.integers(1, n), max_size=n // 3))
    seeding = {s: entrants[s - 1] for s in range(1, n + 1) if s not in missing}
    present = sorted(seeding.values())
    dq = draw(st.sets(st.sampled_from(present), max_size=2)) if draw(st.booleans()) else set()
    late_dq = draw(st.none() | st.tuples(st.integers(0, 40), st.sampled_from(present)))
    return {
        "kind": kind, "bracket": bracket, "seeding": seeding, "dq": dq, "late_dq": late_dq,
        "one_loss_final": one_loss_final, "seed": draw(st.integers(0, 2**32)),
        "ties": draw(st.booleans()), "forfeits": draw(st.booleans()),
        "double_forfeits": draw(st.booleans()),
    }


def _simulate(sc) -> tuple[BracketState, bool]:
    rng = random.Random(sc["seed"])
    state = BracketState(sc["bracket"], sc["seeding"], disqualified=sc["dq"])
    double_forfeit = False
    for step in range(3000):
        if sc["late_dq"] and step == sc["late_dq"][0]:
            state = state.disqualify(sc["late_dq"][1])
        ready = state.ready()
        for s in ready:  # byes never face each other; no disqualified entrant plays on
            assert s.red is not None and s.blue is not None and s.red != s.blue
            assert s.red not in state.disqualified and s.blue not in state.disqualified
            assert s.next_game == s.games + 1
        if not ready:
            return state, double_forfeit
        m = rng.choice(ready)
        r = rng.random()
        if sc["ties"] and r < 0.15:
            game = Game(m.key, None)
        elif sc["forfeits"] and r < 0.25:
            game = Game(m.key, None, forfeit=rng.choice(["red", "blue"]))
        elif sc["double_forfeits"] and r < 0.28:
            game, double_forfeit = Game(m.key, None, forfeit="both"), True
        else:
            game = Game(m.key, rng.choice(["red", "blue"]))
        state = state.record(game)
    raise AssertionError("the bracket never finished")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_random_play_finishes_with_valid_placements(sc):
    state, double_forfeit = _simulate(sc)
    bracket, dq = state.bracket, state.disqualified
    statuses = {s.key: s for s in state.matches}
    assert state.finished and not state.ready()
    assert not any(s.status == "waiting" for s in statuses.values())

    # Every entrant not disqualified is placed exactly once; places form a ranking in which
    # only vacancies (a double forfeit's winner, a disqualified entrant's spot) are skipped.
    places = state.placements()
    entrants = set(state.seeding.values())
    assert set(places) == entrants - dq
    for p in places.values():
        assert p >= 1 + sum(1 for q in places.values() if q < p)
    if not dq and not double_forfeit:
        for p in places.values():
            assert p == 1 + sum(1 for q in places.values() if q < p)
        if places:
            assert state.champion is not None and places[state.champion] == 1
            assert list(places.values()).count(1) == 1
    if state.champion is not None:
        assert places[state.champion] == 1 and state.champion not in state.eliminated()
    assert set(state.eliminated()) <= set(places)

    # Knocked out later means placed higher; in the same round, the same place.
    out = state.eliminated()
    for e, key in out.items():
        for x, other in out.items():
            me, mx = bracket.match(key), bracket.match(other)
            if me.section in ("upper", "lower") and mx.section in ("upper", "lower"):
                if me.round > mx.round:
                    assert places[e] < places[x]
                elif me.round == mx.round and statuses[key].winner is not None and (
                        statuses[other].winner is not None):
                    assert places[e] == places[x]

    # Best of N: a series decided by games took N // 2 + 1 wins.
    for s in statuses.values():
        m = bracket.match(s.key)
        if s.status == "done" and s.winner is not None and s.red not in dq and (
                s.blue not in dq):
            assert max(s.red_wins, s.blue_wins) == m.best_of // 2 + 1
            assert min(s.red_wins, s.blue_wins) < m.best_of // 2 + 1
        if s.status == "bye":
            assert (s.red is None) != (s.blue is None) and s.games == 0
        if s.status == "skipped":
            assert m.if_needed or (s.red is None and s.blue is None)

    # The final: its winner 1st, its loser 2nd (when neither is disqualified).
    finals = [s for s in statuses.values()
              if bracket.match(s.key).section == "final" and s.status == "done"]
    if finals and finals[-1].winner is not None and not {finals[-1].red, finals[-1].blue} & dq:
        assert places[finals[-1].winner] == 1 and places[finals[-1].loser] == 2

    losses = Counter(s.loser for s in statuses.values() if s.status == "done" and s.loser)
    if bracket.kind == "double_elimination":
        # Nobody is out before two losses (a series is one loss), except the final's loser
        # where the final is a single series; a double forfeit is not a loss that counts.
        for e, key in out.items():
            if statuses[key].winner is None:
                continue
            final_series = bracket.match(key).section == "final" or (
                bracket.entrants == 2 and sc["one_loss_final"])
            assert losses[e] >= (1 if final_series and sc["one_loss_final"] else 2), (e, key)
        assert all(count <= 2 for e, count in losses.items() if e not in dq)
    else:
        for e, count in losses.items():
            assert count <= 1 or "T" in statuses and e in _entrants_of(state, "T")
        seed_of = {e: s for s, e in state.seeding.items()}
        for s in statuses.values():
            if {seed_of.get(s.red), seed_of.get(s.blue)} == {1, 2}:
                assert s.key in ("F", "T")
        if "T" in statuses and not dq and not double_forfeit:
            third, final = bracket.match("T"), bracket.match("F")
            semi_losers = {statuses[final.red.match].loser, statuses[final.blue.match].loser}
            assert {statuses["T"].red, statuses["T"].blue} == semi_losers
            assert third.red == L(final.red.match)

    # Replaying every game from scratch gives the same state.
    again = BracketState(bracket, state.seeding, state.games, dq)
    assert again.matches == state.matches and again.placements() == places


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 40), st.sampled_from(["none", "single", "reset"]), st.integers(0, 2**32))
def test_full_field_double_elimination_has_no_byes(n, grand_final, seed):
    rng = random.Random(seed)
    state = BracketState(double_elimination_bracket(n, grand_final=grand_final),
                         list(range(1, n + 1)))
    while state.ready():
        m = rng.choice(state.ready())
        state = state.record(Game(m.key, rng.choice(["red", "blue"])))
    assert {s.status for s in state.matches if s.key != "F2"} == {"done"}
    losses = Counter(s.loser for s in state.matches)
    champion = state.champion
    assert champion is not None and sorted(state.placements().values())[:2] == [1, 2]
    assert all(losses[e] == 2 for e in state.eliminated()) or grand_final != "reset"
    assert losses[champion] <= 1
