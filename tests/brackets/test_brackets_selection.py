"""Alliance selection: captains move up, declines, serpentine rounds, backups, undo, errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brackets.selection import (
    Action,
    SelectionError,
    SelectionRules,
    SelectionState,
    apply,
    selection_state,
    undo,
)

INVITE, ACCEPT, DECLINE = "invite", "accept", "decline"


def _play(ranking, rules, steps):
    """Apply ``steps`` (team to invite-and-accept, or an Action) one by one."""
    actions: list[Action] = []
    state = selection_state(ranking, rules)
    for step in steps:
        todo = [step] if isinstance(step, Action) else [Action(INVITE, step), Action(ACCEPT)]
        for action in todo:
            actions, state = apply(ranking, rules, actions, action)
    return actions, state


def _best_available_until_done(ranking, rules, actions=()):
    actions = list(actions)
    state = selection_state(ranking, rules, actions)
    while not state.done:
        actions, state = apply(ranking, rules, actions, Action(INVITE, state.available[0]))
        actions, state = apply(ranking, rules, actions, Action(ACCEPT))
    return actions, state


# --- rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("teams", "alliances"),
    [(2, 2), (10, 2), (11, 4), (20, 4), (21, 6), (40, 6), (41, 8), (80, 8)],
)
def test_ftc_default_alliance_count(teams, alliances):
    rules = SelectionRules.ftc_default(teams)
    assert (rules.alliances, rules.picks, rules.backups) == (alliances, 1, 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"alliances": 1}, "alliances must be at least 2"),
        ({"alliances": 4, "picks": 0}, "picks must be at least 1"),
        ({"alliances": 4, "backups": -1}, "backups must not be negative"),
    ],
)
def test_rules_are_validated(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SelectionRules(**kwargs)


def test_ranking_is_validated():
    with pytest.raises(SelectionError, match="3 teams cannot fill 4 alliances"):
        selection_state([1, 2, 3], SelectionRules(4))
    with pytest.raises(SelectionError, match="team 2 appears twice in the ranking"):
        selection_state([1, 2, 3, 2], SelectionRules(2))


# --- whole selections ------------------------------------------------------------------------


def test_frc_eight_alliances_two_picks_serpentine():
    ranking = list(range(1, 31))
    rules = SelectionRules(alliances=8, picks=2, backups=1)
    start = selection_state(ranking, rules)
    assert start.alliances == tuple((t,) for t in range(1, 9))
    assert (start.turn, start.round, start.captain) == (0, 1, 1)

    # Every captain takes the best available team, which in round 1 is the next captain.
    actions, after_round_1 = _play(ranking, rules, [2, 4, 6, 8, 10, 12, 14, 16])
    assert after_round_1.alliances == tuple((c, c + 1) for c in range(1, 16, 2))
    assert (after_round_1.turn, after_round_1.round) == (7, 2)  # round 2 runs 8 -> 1

    turns = []
    state = after_round_1
    while not state.done:
        turns.append(state.turn)
        actions, state = _play(ranking, rules, [*actions, state.available[0]])
    assert turns == [7, 6, 5, 4, 3, 2, 1, 0]
    assert state.alliances == tuple((c, c + 1, 24 - i) for i, c in enumerate(range(1, 16, 2)))
    assert (state.turn, state.round, state.pending, state.captain) == (None, 0, None, None)
    assert state.backups == (25,)
    assert state.available == (26, 27, 28, 29, 30)


def test_without_serpentine_every_round_runs_one_to_n():
    ranking = list(range(1, 13))
    rules = SelectionRules(alliances=3, picks=2, serpentine=False)
    _, state = _play(ranking, rules, [4, 5, 6])
    assert (state.turn, state.round) == (0, 2)
    actions, state = _best_available_until_done(ranking, rules)
    assert state.alliances == ((1, 2, 7), (3, 4, 8), (5, 6, 9))


def test_three_pick_rounds_snake():
    ranking = list(range(1, 17))
    rules = SelectionRules(alliances=3, picks=3)
    _, state = _best_available_until_done(ranking, rules)
    # Round 1: 1 takes 2, 3 takes 4, 5 takes 6; round 2 (3 -> 1): 7, 8, 9; round 3 (1 -> 3).
    assert state.alliances == ((1, 2, 9, 10), (3, 4, 8, 11), (5, 6, 7, 12))


def test_ftc_four_alliances_one_pick():
    ranking = list(range(1, 13))
    rules = SelectionRules.ftc_default(len(ranking))
    assert rules.alliances == 4
    _, state = _play(ranking, rules, [5])
    assert state.alliances == ((1, 5), (2,), (3,), (4,))
    assert (state.turn, state.round) == (1, 1)
    _, state = _play(ranking, rules, [5, 3, 7, 8])
    assert state.done
    assert state.alliances == ((1, 5), (2, 3), (4, 7), (6, 8))
    assert state.backups == ()
    assert state.available == (9, 10, 11, 12)


def test_picked_tentative_captain_moves_the_captains_up():
    ranking = list(range(1, 13))
    rules = SelectionRules(alliances=4)
    actions = [Action(INVITE, 3)]
    state = selection_state(ranking, rules, actions)
    # The invite is pending: 3 is still alliance 3's tentative captain and still available.
    assert state.pending == 3
    assert state.alliances == ((1,), (2,), (3,), (4,))
    assert 3 in state.available
    state = selection_state(ranking, rules, [*actions, Action(ACCEPT)])
    assert state.alliances == ((1, 3), (2,), (4,), (5,))
    assert state.captain == 2
    assert state.available == (4, 5, 6, 7, 8, 9, 10, 11, 12)


def test_captain_already_leading_an_alliance_cannot_be_invited():
    ranking = list(range(1, 13))
    rules = SelectionRules(alliances=3, picks=2)
    actions, state = _play(ranking, rules, [7, 8, 9])
    assert state.turn == 2 and state.round == 2
    with pytest.raises(SelectionError, match="action 6: team 2 is already on alliance 2"):
        apply(ranking, rules, actions, Action(INVITE, 2))
    with pytest.raises(SelectionError, match="action 6: team 7 is already on alliance 1"):
        apply(ranking, rules, actions, Action(INVITE, 7))
    with pytest.raises(SelectionError, match="action 6: a captain cannot invite itself"):
        apply(ranking, rules, actions, Action(INVITE, 3))


def test_declined_team_cannot_be_picked_nor_become_captain():
    ranking = list(range(1, 13))
    rules = SelectionRules(alliances=4)
    actions, state = _play(ranking, rules, [Action(INVITE, 6), Action(DECLINE)])
    assert state.declined == frozenset({6})
    assert state.turn == 0 and state.pending is None  # the same captain invites again
    assert 6 not in state.available
    with pytest.raises(SelectionError, match="action 2: team 6 declined earlier"):
        apply(ranking, rules, actions, Action(INVITE, 6))


def test_declining_tentative_captain_loses_the_captaincy():
    ranking = list(range(1, 13))
    rules = SelectionRules(alliances=4)
    actions, state = _play(ranking, rules, [Action(INVITE, 2), Action(DECLINE)])
    assert state.alliances == ((1,), (3,), (4,), (5,))
    actions, state = _play(ranking, rules, [*actions, 3])
    assert state.alliances == ((1, 3), (4,), (5,), (6,))
    assert state.captain == 4
    _, state = _best_available_until_done(ranking, rules, actions)
    captains = [a[0] for a in state.alliances]
    assert captains == [1, 4, 6, 8]
    assert all(2 not in a for a in state.alliances)


def test_backups_skip_declined_teams():
    ranking = list(range(1, 31))
    rules = SelectionRules(alliances=8, picks=2, backups=2)
    steps = [Action(INVITE, 17), Action(DECLINE), Action(INVITE, 18), Action(DECLINE)]
    actions, _ = _play(ranking, rules, steps)
    _, state = _best_available_until_done(ranking, rules, actions)
    taken = {t for a in state.alliances for t in a}
    assert {17, 18}.isdisjoint(taken)
    assert state.backups == (27, 28)
    assert state.available == (29, 30)


def test_tiny_event_ends_with_short_alliances():
    rules = SelectionRules(alliances=2, picks=2)
    _, state = _best_available_until_done([1, 2, 3, 4], rules)
    assert state.done
    assert state.alliances == ((1, 2), (3, 4))
    state = selection_state([1, 2, 3], SelectionRules(2), [Action(INVITE, 2), Action(ACCEPT)])
    assert state == SelectionState(
        alliances=((1, 2), (3,)),  # 3 became alliance 2's captain with nobody left to pick
        turn=None,
        round=0,
        pending=None,
        declined=frozenset(),
        available=(),
        backups=(),
        done=True,
        history=(Action(INVITE, 2), Action(ACCEPT)),
    )


def test_everyone_declining_finishes_instead_of_looping():
    ranking = [1, 2, 3, 4]
    rules = SelectionRules(alliances=2)
    steps = [
        Action(INVITE, t) if i % 2 == 0 else Action(DECLINE) for t in (2, 3, 4) for i in (0, 1)
    ]
    actions, state = _play(ranking, rules, steps)
    assert state.done
    assert state.alliances == ((1,), ())
    assert state.declined == frozenset({2, 3, 4})
    with pytest.raises(SelectionError, match="action 6: selection is finished"):
        apply(ranking, rules, actions, Action(INVITE, 2))


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actions", "message"),
    [
        ([Action(ACCEPT)], "action 0: no invite to accept"),
        ([Action(DECLINE)], "action 0: no invite to decline"),
        ([Action(INVITE)], "action 0: an invite needs a team"),
        ([Action(INVITE, 99)], "action 0: team 99 is not in the ranking"),
        ([Action(INVITE, 1)], "action 0: a captain cannot invite itself"),
        ([Action("pick", 2)], "action 0: unknown action kind 'pick'"),
        ([Action(INVITE, 2), Action(INVITE, 3)], "action 1: team 2 has not answered its invite"),
        (
            [Action(INVITE, 2), Action(ACCEPT, 3)],
            "action 1: team 3 was not invited; the invite is to team 2",
        ),
        ([Action(INVITE, 2), Action(ACCEPT), Action(INVITE, 2)], "action 2: team 2 is already"),
        (
            [Action(INVITE, 4), Action(DECLINE), Action(INVITE, 4)],
            "action 2: team 4 declined earlier and cannot be picked",
        ),
    ],
)
def test_invalid_actions_name_the_action_and_the_reason(actions, message):
    with pytest.raises(SelectionError, match=message) as caught:
        selection_state(list(range(1, 9)), SelectionRules(2), actions)
    assert isinstance(caught.value, ValueError)
    assert caught.value.index == len(actions) - 1


def test_apply_does_not_change_the_given_list():
    ranking = list(range(1, 9))
    actions = [Action(INVITE, 3)]
    new, state = apply(ranking, SelectionRules(2), actions, Action(ACCEPT))
    assert actions == [Action(INVITE, 3)]
    assert new == [Action(INVITE, 3), Action(ACCEPT)]
    assert state.history == tuple(new)


# --- undo ------------------------------------------------------------------------------------


def test_undo_of_each_action_kind_restores_the_exact_earlier_state():
    ranking = list(range(1, 25))
    rules = SelectionRules(alliances=4, picks=2, backups=1)
    script = [
        Action(INVITE, 2),
        Action(DECLINE),
        Action(INVITE, 3),
        Action(ACCEPT),
        Action(INVITE, 5),
        Action(ACCEPT),
    ]
    actions, _ = _play(ranking, rules, script)
    actions, _ = _best_available_until_done(ranking, rules, actions)
    kinds = set()
    for k in range(len(actions)):
        before = selection_state(ranking, rules, actions[:k])
        assert selection_state(ranking, rules, undo(actions[: k + 1])) == before
        kinds.add(actions[k].kind)
    assert kinds == {INVITE, ACCEPT, DECLINE}
    with pytest.raises(SelectionError, match="nothing to undo"):
        undo([])


def test_to_dict_is_json_ready():
    ranking = list(range(1, 9))
    _, state = _play(ranking, SelectionRules(2, backups=1), [Action(INVITE, 4), Action(DECLINE)])
    data = json.loads(json.dumps(state.to_dict()))
    assert data["alliances"] == [[1], [2]]
    assert data["declined"] == [4]
    assert data["captain"] == 1
    assert data["history"] == [{"kind": "invite", "team": 4}, {"kind": "decline", "team": None}]
    assert [Action.from_dict(a) for a in data["history"]] == list(state.history)


# --- property --------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_random_valid_selections_end_well(data):
    alliances = data.draw(st.integers(2, 8), label="alliances")
    picks = data.draw(st.integers(1, 3), label="picks")
    rules = SelectionRules(
        alliances=alliances,
        picks=picks,
        backups=data.draw(st.integers(0, 2), label="backups"),
        serpentine=data.draw(st.booleans(), label="serpentine"),
    )
    n = data.draw(st.integers(alliances, 40), label="teams")
    ranking = [100 + 7 * i for i in range(n)]  # rank order is list order, not id order
    rank = {t: i for i, t in enumerate(ranking)}

    expected_turns = []
    for r in range(1, picks + 1):
        order = list(range(alliances))
        expected_turns += order[::-1] if rules.serpentine and r % 2 == 0 else order

    actions: list[Action] = []
    state = selection_state(ranking, rules)
    accepted_turns = []
    while not state.done:
        assert len(actions) < 4 * n  # every step takes a team out or moves on: no loop
        if state.pending is None:
            action = Action(INVITE, data.draw(st.sampled_from(state.available)))
        else:
            action = Action(DECLINE if data.draw(st.integers(0, 3)) == 0 else ACCEPT)
            if action.kind == ACCEPT:
                accepted_turns.append(state.turn)
        previous = state
        actions, state = apply(ranking, rules, actions, action)
        assert selection_state(ranking, rules, undo(actions)) == previous

    members = [t for a in state.alliances for t in a]
    assert len(members) == len(set(members))  # disjoint
    assert not state.declined & set(members)
    leftover = [t for t in ranking if t not in set(members) and t not in state.declined]
    assert list(state.backups) + list(state.available) == leftover
    assert state.backups == tuple(leftover[: rules.backups])
    if leftover:
        assert all(len(a) == 1 + picks for a in state.alliances)
    else:
        assert len(members) == n - len(state.declined)
    assert accepted_turns == expected_turns[: len(accepted_turns)]

    # Captains in rank order among the teams still eligible when each was fixed: every team
    # ranked above alliance i's captain is on an earlier alliance or has declined.
    for i, alliance in enumerate(state.alliances):
        if not alliance:
            assert all(not a for a in state.alliances[i:])
            continue
        earlier = {t for a in state.alliances[:i] for t in a}
        for team in ranking[: rank[alliance[0]]]:
            assert team in earlier or team in state.declined
