"""Round robin, standings, Swiss pairings and seeding (standard order, groups, cross-seeding)."""

from __future__ import annotations

import functools
import itertools
import random
import time
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brackets.roundrobin import (
    Result,
    SwissError,
    round_robin,
    standings,
    swiss_pairings,
    swiss_round_count,
)
from brackets.seeding import seed, seeding_from_groups, snake_groups, standard_order

# --- round robin -----------------------------------------------------------------------------


@pytest.mark.parametrize("n", range(2, 15))
@pytest.mark.parametrize("double", [False, True])
def test_round_robin_meets_every_pair_the_right_number_of_times(n, double):
    entrants = [f"T{i}" for i in range(n)]
    rounds = round_robin(entrants, double=double)
    single_rounds = n - 1 if n % 2 == 0 else n
    assert len(rounds) == single_rounds * (2 if double else 1)
    for rnd in rounds:
        playing = [e for pair in rnd for e in pair]
        assert len(playing) == len(set(playing))  # nobody twice in a round
        assert len(rnd) == n // 2
    meetings = Counter(frozenset(pair) for rnd in rounds for pair in rnd)
    assert set(meetings) == {frozenset(p) for p in itertools.combinations(entrants, 2)}
    assert set(meetings.values()) == {2 if double else 1}

    red = Counter(a for rnd in rounds for a, _ in rnd)
    blue = Counter(b for rnd in rounds for _, b in rnd)
    for e in entrants:
        if double or n % 2:
            assert red[e] == blue[e]
        else:
            assert abs(red[e] - blue[e]) == 1
    if double:
        colours = Counter(pair for rnd in rounds for pair in rnd)
        assert set(colours.values()) == {1}  # each pair once as (a, b), once as (b, a)


@pytest.mark.parametrize("n", [3, 5, 7, 9])
def test_odd_round_robin_gives_everyone_one_bye(n):
    entrants = list(range(n))
    rounds = round_robin(entrants)
    sitting_out = [set(entrants) - {e for pair in rnd for e in pair} for rnd in rounds]
    assert all(len(s) == 1 for s in sitting_out)
    assert sorted(e for s in sitting_out for e in s) == entrants


def test_round_robin_edge_cases():
    assert round_robin([]) == []
    assert round_robin(["solo"]) == []
    assert round_robin(["a", "b"]) == [[("a", "b")]]
    with pytest.raises(ValueError, match="'a' appears twice"):
        round_robin(["a", "b", "a"])


# --- standings -------------------------------------------------------------------------------


def _r(red, blue, red_score, blue_score, forfeit=None):
    return Result(red, blue, red_score, blue_score, forfeit)


def test_standings_count_wins_draws_losses_points_and_scores():
    results = [_r("A", "B", 3, 1), _r("B", "C", 2, 2), _r("C", "A", 0, 1)]
    table = standings(["A", "B", "C"], results)
    assert [s.entrant for s in table] == ["A", "C", "B"]
    a, c, b = table
    assert (a.played, a.wins, a.draws, a.losses, a.points) == (2, 2, 0, 0, 6)
    assert (a.score_for, a.score_against, a.score_diff) == (4, 1, 3)
    assert (c.points, c.score_diff, b.points, b.score_diff) == (1, -1, 1, -2)
    assert [s.rank for s in table] == [1, 2, 3]
    assert a.keys == (6, None, 3, 4)  # A was never tied, so no head-to-head value
    assert c.keys == (1, 1, -1, 2)  # C and B drew their match: mini-table 1 each


def test_three_way_circle_falls_through_to_difference():
    # A beat B, B beat C, C beat A: all on 3 points and the mini-table is level too.
    results = [_r("A", "B", 1, 0), _r("B", "C", 10, 0), _r("C", "A", 1, 0)]
    table = standings(["A", "B", "C"], results)
    assert [(s.entrant, s.points, s.keys[1], s.score_diff) for s in table] == [
        ("B", 3, 3, 9),
        ("A", 3, 3, 0),
        ("C", 3, 3, -9),
    ]


def test_head_to_head_beats_a_better_difference():
    # A and B level on 6 points; B scored far more against the others, but A beat B.
    results = [
        _r("A", "B", 1, 0),
        _r("B", "C", 9, 0),
        _r("B", "D", 9, 0),
        _r("A", "C", 1, 0),
        _r("C", "A", 1, 0),
        _r("D", "B", 1, 0),
    ]
    table = standings(["A", "B", "C", "D"], results)
    assert [(s.entrant, s.points) for s in table][:2] == [("A", 6), ("B", 6)]
    assert table[0].keys[1] == 3 and table[1].keys[1] == 0
    plain = standings(["A", "B", "C", "D"], results, tiebreakers=("points", "score_diff"))
    assert [s.entrant for s in plain][:2] == ["B", "A"]


def test_head_to_head_is_redone_among_the_teams_still_level():
    # A, B, C, D are level on 6 points. Their mini-table gives A 6, B 3, C 3, D 6; among
    # just A and D, D won their match; among just B and C, B won theirs. E and F are apart.
    results = [
        _r("A", "B", 1, 0),
        _r("A", "C", 1, 0),
        _r("B", "C", 1, 0),
        _r("C", "D", 1, 0),
        _r("D", "A", 1, 0),
        _r("D", "B", 1, 0),
        _r("E", "A", 1, 0),
        _r("E", "D", 1, 0),
        _r("B", "E", 1, 0),
        _r("C", "E", 1, 0),
        _r("E", "F", 1, 0),
    ]
    entrants = ["A", "B", "C", "D", "E", "F"]
    table = standings(entrants, results)
    assert [s.entrant for s in table] == ["E", "D", "A", "B", "C", "F"]
    assert [s.rank for s in table] == [1, 2, 3, 4, 5, 6]
    assert {s.entrant: s.keys[1] for s in table} == {
        "E": None,
        "D": 6,
        "A": 6,
        "B": 3,
        "C": 3,
        "F": None,
    }
    # Without head-to-head the four stay level on difference and goals: a shared rank 2.
    table = standings(entrants, results, tiebreakers=("points", "score_diff", "score_for"))
    assert [s.rank for s in table] == [1, 2, 2, 2, 2, 6]
    assert [s.entrant for s in table][1:5] == ["A", "B", "C", "D"]  # entrants' order kept


def test_true_ties_share_a_rank():
    results = [_r("A", "B", 1, 1), _r("A", "C", 2, 0), _r("B", "C", 2, 0)]
    table = standings(["C", "B", "A"], results)
    assert [(s.entrant, s.rank) for s in table] == [("B", 1), ("A", 1), ("C", 3)]


def test_forfeits_count_as_losses_without_scores():
    results = [
        _r("A", "B", None, None, forfeit="red"),
        _r("B", "C", 5, 0),
        _r("C", "A", 99, 0, forfeit="both"),
        _r("D", "C", 7, 3, forfeit="blue"),
    ]
    table = {s.entrant: s for s in standings(["A", "B", "C", "D"], results)}
    a, b, c, d = table["A"], table["B"], table["C"], table["D"]
    assert (a.played, a.wins, a.losses, a.points, a.score_for, a.score_against) == (
        2,
        0,
        2,
        0,
        0,
        0,
    )
    assert (b.played, b.wins, b.points, b.score_for, b.score_against) == (2, 2, 6, 5, 0)
    assert (c.played, c.losses, c.points, c.score_for, c.score_against) == (3, 3, 0, 0, 5)
    assert (d.played, d.wins, d.points, d.score_for) == (1, 1, 3, 0)


def test_points_and_tiebreakers_are_configurable():
    results = [_r("A", "B", 1, 1), _r("A", "C", 1, 0), _r("B", "C", 1, 0), _r("B", "D", 1, 0)]
    results += [_r("D", "A", 1, 1)]
    # Points 2/1/0: A 2+1+1 = 4 (1 win), B 1+2+2 = 5.
    table = standings(["A", "B", "C", "D"], results, points=(2, 1, 0))
    assert [(s.entrant, s.points) for s in table][:2] == [("B", 5), ("A", 4)]
    table = standings(["A", "B", "C", "D"], results, tiebreakers=("wins", "score_against"))
    assert [(s.entrant, s.rank) for s in table] == [("B", 1), ("A", 2), ("C", 3), ("D", 3)]
    assert table[0].keys == (2, 1)  # 2 wins, 1 conceded


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: standings(["A"], [], tiebreakers=("luck",)), "unknown tie-breaker 'luck'"),
        (lambda: standings(["A"], [], points=(3, 1)), r"points must be \(win, draw, loss\)"),
        (lambda: standings(["A", "B"], [_r("A", "Z", 1, 0)]), "result 1: 'Z' is not an entrant"),
        (lambda: _r("A", "A", 1, 0), "'A' cannot play itself"),
        (lambda: _r("A", "B", 1, 0, forfeit="green"), "forfeit must be one of"),
        (lambda: _r("A", "B", None, 0), "both scores are needed unless it was forfeited"),
    ],
)
def test_standings_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- Swiss -----------------------------------------------------------------------------------


def test_swiss_pairs_neighbours_then_avoids_repeats():
    assert swiss_pairings([1, 2, 3, 4], []) == ([(1, 2), (3, 4)], None)
    played = [frozenset({1, 2}), frozenset({3, 4})]
    assert swiss_pairings([1, 2, 3, 4], played) == ([(1, 3), (2, 4)], None)
    # 1 v 2 is taken, and 1 v 3 would leave 2 v 4 which is taken too: backtrack to 1 v 4.
    played = [frozenset({1, 2}), frozenset({2, 4})]
    assert swiss_pairings([1, 2, 3, 4], played) == ([(1, 4), (2, 3)], None)


def test_swiss_bye_goes_to_the_lowest_ranked_without_one():
    assert swiss_pairings([1, 2, 3, 4, 5], []) == ([(1, 2), (3, 4)], 5)
    assert swiss_pairings([1, 2, 3, 4, 5], [], byes_had={5}) == ([(1, 2), (3, 5)], 4)
    assert swiss_pairings([1, 2, 3, 4, 5], [], byes_had={1, 2, 3, 4, 5})[1] == 5
    assert swiss_pairings(["solo"], []) == ([], "solo")
    assert swiss_pairings([], []) == ([], None)


def test_swiss_raises_when_no_pairing_exists():
    everything = [frozenset(p) for p in itertools.combinations([1, 2, 3, 4], 2)]
    with pytest.raises(SwissError, match="no pairing of these 4 entrants"):
        swiss_pairings([1, 2, 3, 4], everything)
    with pytest.raises(ValueError):
        swiss_pairings([1, 2, 3], [frozenset({1, 2}), frozenset({1, 3}), frozenset({2, 3})])


def test_swiss_round_count():
    counts = {n: swiss_round_count(n) for n in (1, 2, 3, 4, 5, 8, 9, 16, 17)}
    assert counts == {1: 0, 2: 1, 3: 2, 4: 2, 5: 3, 8: 3, 9: 4, 16: 4, 17: 5}


@settings(max_examples=100, deadline=None)
@given(n=st.integers(2, 24), rng_seed=st.integers(0, 10**6))
def test_swiss_rounds_with_random_results_never_repeat(n, rng_seed):
    rnd = random.Random(rng_seed)
    entrants = [f"E{i}" for i in range(n)]
    results: list[Result] = []
    played: set[frozenset] = set()
    byes: list = []
    # Up to n // 2 rounds a pairing always exists (Dirac), so none may fail here.
    for _ in range(max(1, min(swiss_round_count(n) + 1, n // 2))):
        order = [s.entrant for s in standings(entrants, results)]
        pairs, bye = swiss_pairings(order, played, byes)
        seen = [e for pair in pairs for e in pair] + ([bye] if bye is not None else [])
        assert sorted(seen) == sorted(entrants)
        assert (bye is None) == (n % 2 == 0)
        for a, b in pairs:
            assert order.index(a) < order.index(b)
            assert frozenset((a, b)) not in played
            played.add(frozenset((a, b)))
            results.append(Result(a, b, rnd.randint(0, 3), rnd.randint(0, 3)))
        if bye is not None:
            byes.append(bye)
    assert len(byes) == len(set(byes))


def _matchings(people, allowed):
    """Every perfect matching of ``people`` using ``allowed`` pairs (brute force)."""
    if not people:
        yield []
        return
    first, rest = people[0], people[1:]
    for partner in rest:
        if frozenset((first, partner)) in allowed:
            others = [p for p in rest if p != partner]
            for tail in _matchings(others, allowed):
                yield [(first, partner), *tail]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_swiss_finds_a_pairing_whenever_one_exists(data):
    n = data.draw(st.integers(1, 8), label="n")
    entrants = list(range(n))
    all_pairs = [frozenset(p) for p in itertools.combinations(entrants, 2)]
    played = data.draw(st.sets(st.sampled_from(all_pairs)) if all_pairs else st.just(set()))
    byes_had = data.draw(st.sets(st.sampled_from(entrants)), label="byes_had")
    allowed = set(all_pairs) - played

    def pairable(people):
        return next(_matchings(people, allowed), None) is not None

    if n % 2 == 0:
        exists, expected_bye = pairable(entrants), None
    else:
        fresh = [e for e in reversed(entrants) if e not in byes_had]
        stale = [e for e in reversed(entrants) if e in byes_had]
        workable = [b for b in fresh + stale if pairable([e for e in entrants if e != b])]
        exists = bool(workable)
        expected_bye = workable[0] if workable else None

    if not exists:
        with pytest.raises(SwissError):
            swiss_pairings(entrants, played, byes_had)
        return
    pairs, bye = swiss_pairings(entrants, played, byes_had)
    assert bye == expected_bye
    assert not {frozenset(p) for p in pairs} & played
    assert sorted([e for p in pairs for e in p] + ([bye] if bye is not None else [])) == entrants
    # Neighbours first: the top entrant gets the best-ranked partner that still works.
    if pairs:
        top, partner = pairs[0]
        left = [e for e in entrants if e != bye]
        assert top == left[0]
        for better in left[1 : left.index(partner)]:
            rest = [e for e in left[1:] if e != better]
            assert frozenset((top, better)) in played or not pairable(rest)


def _backtracking_pairing(entrants, played):
    """Reference: the plain backtracking search (top entrant, best-ranked partner first)."""

    @functools.cache
    def solve(rest):
        if not rest:
            return ()
        top = rest[0]
        for partner in rest[1:]:
            if frozenset((top, partner)) not in played:
                tail = solve(tuple(e for e in rest if e not in (top, partner)))
                if tail is not None:
                    return ((top, partner), *tail)
        return None

    found = solve(tuple(entrants))
    return None if found is None else list(found)


@settings(max_examples=300, deadline=None)
@given(n=st.sampled_from([2, 4, 6, 8, 10, 12, 14, 16]), rng_seed=st.integers(0, 10**6))
def test_swiss_pairing_is_the_backtracking_pairing(n, rng_seed):
    rnd = random.Random(rng_seed)
    density = rnd.random()
    played = {frozenset(p) for p in itertools.combinations(range(n), 2) if rnd.random() < density}
    expected = _backtracking_pairing(range(n), played)
    if expected is None:
        with pytest.raises(SwissError):
            swiss_pairings(range(n), played)
    else:
        assert swiss_pairings(range(n), played) == (expected, None)


@pytest.mark.parametrize("n", [60, 61])
def test_swiss_refuses_a_hopeless_round_quickly(n):
    # Only pairs across two camps are left, and the bigger camp outnumbers the other even
    # after a bye: no pairing exists. A plain backtracking search grows exponentially here.
    crowd = set(range(1, n, 2)) | ({0, 2} if n % 2 else {0})
    others = set(range(n)) - crowd
    assert len(crowd) - len(others) == 2 + n % 2
    played = [frozenset(p) for camp in (crowd, others) for p in itertools.combinations(camp, 2)]
    start = time.perf_counter()
    with pytest.raises(SwissError):
        swiss_pairings(list(range(n)), played)
    assert time.perf_counter() - start < 2


# --- seeding ---------------------------------------------------------------------------------


def _meeting_round(slot_a: int, slot_b: int) -> int:
    """Round (1 = first) in which bracket slots a and b can meet."""
    r = 1
    while slot_a // 2**r != slot_b // 2**r:
        r += 1
    return r


def test_standard_order_example():
    assert standard_order(1) == [1]
    assert standard_order(2) == [1, 2]
    assert standard_order(4) == [1, 4, 2, 3]
    assert standard_order(8) == [1, 8, 4, 5, 2, 7, 3, 6]


@pytest.mark.parametrize("n", [2, 4, 8, 16, 32, 64])
def test_standard_order_properties(n):
    order = standard_order(n)
    assert sorted(order) == list(range(1, n + 1))
    assert all(order[i] + order[i + 1] == n + 1 for i in range(0, n, 2))
    assert (order.index(1) < n // 2) != (order.index(2) < n // 2)
    slot = {s: i for i, s in enumerate(order)}
    # The top 2**k seeds sit in different blocks of n / 2**k slots: they can't meet early.
    for k in range(n.bit_length()):
        block = n // 2**k
        assert len({slot[s] // block for s in range(1, 2**k + 1)}) == 2**k


@pytest.mark.parametrize("n", [0, 3, 6, 12])
def test_standard_order_needs_a_power_of_two(n):
    with pytest.raises(ValueError, match=rf"power of two \(1, 2, 4, 8, ...\), got {n}"):
        standard_order(n)


def test_seed_methods():
    entrants = [f"T{i}" for i in range(20)]
    assert seed(entrants) == entrants
    assert seed(entrants, "rank") is not entrants
    first = seed(entrants, "random", rng_seed=7)
    assert first == seed(entrants, "random", rng_seed=7)
    assert sorted(first) == sorted(entrants)
    assert first != seed(entrants, "random", rng_seed=8)
    assert seed(["a", "b", "c"], "manual", order=["c", "a", "b"]) == ["c", "a", "b"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "manual", "order": ["a", "b"]}, r"missing \['c'\]"),
        ({"method": "manual", "order": ["a", "b", "c", "d"]}, r"not entrants \['d'\]"),
        ({"method": "manual", "order": ["a", "b", "d"]}, r"missing \['c'\]; not entrants \['d'\]"),
        ({"method": "manual", "order": ["a", "b", "b"]}, "'b' appears twice"),
        ({"method": "manual"}, "needs an order"),
        ({"method": "rank", "order": ["a", "b", "c"]}, "only used with method='manual'"),
        ({"method": "lottery"}, "unknown seeding method 'lottery'"),
    ],
)
def test_seed_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        seed(["a", "b", "c"], **kwargs)


def test_snake_groups():
    assert snake_groups(range(1, 9), 4) == [[1, 8], [2, 7], [3, 6], [4, 5]]
    groups = snake_groups(range(1, 11), 3)
    assert groups == [[1, 6, 7], [2, 5, 8], [3, 4, 9, 10]]
    assert snake_groups([], 2) == [[], []]
    with pytest.raises(ValueError, match="groups must be at least 1"):
        snake_groups([1], 0)


@given(n=st.integers(0, 60), groups=st.integers(1, 8))
def test_snake_groups_are_balanced(n, groups):
    dealt = snake_groups(range(n), groups)
    assert sorted(e for g in dealt for e in g) == list(range(n))
    sizes = [len(g) for g in dealt]
    assert max(sizes) - min(sizes) <= 1


def _group_standings(groups: int, size: int):
    return [[f"{chr(65 + g)}{place}" for place in range(1, size + 1)] for g in range(groups)]


def test_cross_seeding_two_groups():
    seeds = seeding_from_groups([["A1", "A2", "A3"], ["B1", "B2", "B3"]], 2)
    assert seeds == ["A1", "B1", "A2", "B2"]  # 1 v 4 = A1 v B2, 2 v 3 = B1 v A2
    assert seeding_from_groups(_group_standings(3, 2), 1) == ["A1", "B1", "C1"]


@pytest.mark.parametrize(
    ("groups", "advance", "earliest"),
    [(2, 2, 2), (4, 2, 3), (8, 2, 4), (3, 2, 3), (4, 4, 3), (2, 4, 2), (6, 2, 4), (8, 4, 4)],
)
def test_cross_seeding_keeps_group_mates_apart(groups, advance, earliest):
    seeds = seeding_from_groups(_group_standings(groups, advance + 1), advance)
    assert len(seeds) == groups * advance == len(set(seeds))
    assert seeds[:groups] == [f"{chr(65 + g)}1" for g in range(groups)]  # winners in order
    for place in range(advance):
        tier = seeds[place * groups : (place + 1) * groups]
        assert {s[1:] for s in tier} == {str(place + 1)}
    size = 1
    while size < len(seeds):
        size *= 2
    slot = {s: i for i, s in enumerate(standard_order(size))}
    group_mates_meet = [
        _meeting_round(slot[i + 1], slot[j + 1])
        for i, j in itertools.combinations(range(len(seeds)), 2)
        if seeds[i][0] == seeds[j][0]
    ]
    assert min(group_mates_meet) == earliest


def test_cross_seeding_errors():
    with pytest.raises(ValueError, match="group 2 has 1 entrants, fewer than the 2 advancing"):
        seeding_from_groups([["A1", "A2"], ["B1"]], 2)
    with pytest.raises(ValueError, match="'X' appears twice"):
        seeding_from_groups([["A1", "X"], ["B1", "X"]], 2)
    with pytest.raises(ValueError, match="advance must be at least 1"):
        seeding_from_groups([["A1"]], 0)
    with pytest.raises(ValueError, match="no groups"):
        seeding_from_groups([], 1)
