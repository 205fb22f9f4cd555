"""Alliance selection and playoffs through the venue: from the rankings to the champion."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from factories import (
    ADMIN,
    BLUE_SHEET,
    HEAD_REF,
    RED_REF,
    RED_SHEET,
    SCOREKEEPER,
    make_csv,
    play,
)
from sqlalchemy import select

from tournament.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tournament.models import Match

RED_WINS = (RED_SHEET, BLUE_SHEET)  # 166 - 159
BLUE_WINS = (BLUE_SHEET, RED_SHEET)
TIE = ({"autoSampleHigh": 1}, {"autoSampleHigh": 1})  # equal in every tie-breaker: a replay


@pytest.fixture
def ranked(venue):
    """12 teams, 3 qualification matches each, all played: rankings are final."""
    venue.create_event(ADMIN, "po", "Playoff test", "ftc-2024-into-the-deep", fields=2)
    venue.import_teams(ADMIN, make_csv(12))
    venue.generate_schedule(ADMIN, 3, datetime(2026, 11, 22, 9), timedelta(minutes=6), seed=3)
    for match in venue.schedule():
        play(venue, field=match["field"])
    return venue


def ranking(venue):
    return [r["team"]["number"] for r in venue.rankings()]


def run_selection(venue, alliances=4):
    """Every captain invites the best available team, which accepts."""
    venue.selection.start(SCOREKEEPER, alliances=alliances, picks=1)
    while not (snap := venue.selection.snapshot())["done"]:
        venue.selection.act(SCOREKEEPER, "invite", snap["available"][0]["number"])
        venue.selection.act(SCOREKEEPER, "accept")
    return snap


def play_next(venue, sheets):
    """Play the next playoff match with ``sheets`` (red, blue); returns the committed result."""
    upcoming = [m for m in venue.upcoming(20) if m["level"] == "playoff"]
    assert upcoming, "no playoff match waiting"
    match = upcoming[0]
    return match, play(venue, *sheets, field=match["field"])


def bracket_match(venue, key):
    return next(m for m in venue.playoffs.snapshot()["matches"] if m["key"] == key)


def test_selection_needs_every_qualification_match_unless_forced(venue):
    venue.create_event(ADMIN, "po", "Playoff test", "ftc-2024-into-the-deep")
    venue.import_teams(ADMIN, make_csv(12))
    venue.generate_schedule(ADMIN, 2, datetime(2026, 11, 22, 9), timedelta(minutes=6), seed=1)
    with pytest.raises(Conflict, match="not committed"):
        venue.selection.start(SCOREKEEPER)
    snap = venue.selection.start(SCOREKEEPER, force=True)
    assert snap["started"] and snap["rules"]["alliances"] == 4  # FTC: 11-20 teams → 4
    assert snap["rules"]["picks"] == 1  # two-team alliances


def test_captains_in_rank_order_move_up_when_one_is_picked(ranked):
    order = ranking(ranked)
    snap = ranked.selection.start(SCOREKEEPER, alliances=4, picks=1)
    assert [a["teams"][0]["number"] for a in snap["alliances"]] == order[:4]
    assert snap["turn"] == 1 and snap["round"] == 1
    ranked.selection.act(SCOREKEEPER, "invite", order[1])  # the 2nd captain
    snap = ranked.selection.act(SCOREKEEPER, "accept")
    assert [t["number"] for t in snap["alliances"][0]["teams"]] == order[:2]
    # Alliance 2 is now led by the third seed, and the fifth becomes the last captain.
    assert [a["teams"][0]["number"] for a in snap["alliances"][1:]] == order[2:5]
    assert snap["turn"] == 2


def test_a_team_that_declines_cannot_be_picked_nor_captain_and_undo_restores(ranked):
    order = ranking(ranked)
    ranked.selection.start(SCOREKEEPER, alliances=4, picks=1)
    before = ranked.selection.snapshot()
    ranked.selection.act(SCOREKEEPER, "invite", order[2])  # the 3rd captain declines
    snap = ranked.selection.act(SCOREKEEPER, "decline")
    assert [t["number"] for t in snap["declined"]] == [order[2]]
    assert order[2] not in [a["teams"][0]["number"] for a in snap["alliances"]]
    with pytest.raises(ValidationError, match="declined"):
        ranked.selection.act(SCOREKEEPER, "invite", order[2])
    ranked.selection.undo(SCOREKEEPER)
    ranked.selection.undo(SCOREKEEPER)
    after = ranked.selection.snapshot()
    assert after["alliances"] == before["alliances"] and after["declined"] == []


def test_selection_is_for_the_scorekeeper_and_is_published_live(ranked):
    with pytest.raises(PermissionDenied):
        ranked.selection.start(RED_REF)
    seq = ranked.bus.last_seq("live")
    ranked.selection.start(SCOREKEEPER, alliances=4, picks=1, pick_seconds=60)
    messages = ranked.bus.since("live", seq)
    snap = [m for m in messages if m.topic == "selection.updated"][-1].payload
    assert snap["timer"]["seconds"] == 60 and snap["timer"]["started_ms"] is not None


def test_double_elimination_runs_to_a_champion_through_the_match_controller(ranked):
    alliances = run_selection(ranked)["alliances"]
    snap = ranked.playoffs.create(SCOREKEEPER, kind="first", final="two_wins")
    assert [m["key"] for m in snap["matches"] if m["status"] == "ready"] == ["M1", "M2"]
    waiting = [m for m in ranked.upcoming(20) if m["level"] == "playoff"]
    assert [m["label"] for m in waiting] == ["M1", "M2"]
    # M1 is alliance 1 (red) against alliance 4 (blue), with the alliances' teams.
    assert [s["number"] for s in waiting[0]["red"]] == [t["number"] for t in
                                                       alliances[0]["teams"]]
    assert [s["number"] for s in waiting[0]["blue"]] == [t["number"] for t in
                                                        alliances[3]["teams"]]
    seq = ranked.bus.last_seq("live")
    play_next(ranked, RED_WINS)  # M1: A1 beats A4
    assert any(m.topic == "bracket.updated" for m in ranked.bus.since("live", seq))
    play_next(ranked, BLUE_WINS)  # M2: A3 beats A2
    labels = [m["label"] for m in ranked.upcoming(20) if m["level"] == "playoff"]
    assert labels == ["M3", "M4"]  # the bracket advanced by itself
    assert bracket_match(ranked, "M3")["red"] == 4 and bracket_match(ranked, "M3")["blue"] == 2
    play_next(ranked, RED_WINS)  # M3 (lower): A4 beats A2, A2 is out
    play_next(ranked, RED_WINS)  # M4 (upper final): A1 beats A3
    play_next(ranked, BLUE_WINS)  # M5: loser M4 (A3) v winner M3 (A4): A4 wins, A3 out
    play_next(ranked, BLUE_WINS)  # Final 1: A1 v A4 — the lower-bracket alliance wins once
    assert not ranked.playoffs.snapshot()["finished"]
    play_next(ranked, BLUE_WINS)  # Final 2: A4 wins again and is champion
    final = ranked.playoffs.snapshot()
    assert final["finished"] and final["champion"] == 4
    places = {p["seed"]: p["place"] for p in final["placements"]}
    assert places[4] == 1 and places[1] == 2 and places[3] == 3 and places[2] == 4
    assert not [m for m in ranked.upcoming(20) if m["level"] == "playoff"]


def test_a_true_tie_is_replayed_as_the_next_game(ranked):
    run_selection(ranked)
    ranked.playoffs.create(SCOREKEEPER)
    match, result = play_next(ranked, TIE)
    assert match["label"] == "M1" and result["winner"] == "tie"
    labels = [m["label"] for m in ranked.upcoming(20) if m["level"] == "playoff"]
    assert labels == ["M2", "M1-2"]
    assert bracket_match(ranked, "M1")["status"] == "ready"


def test_a_tie_broken_by_the_season_advances_without_replay(ranked):
    run_selection(ranked)
    ranked.playoffs.create(SCOREKEEPER)
    # 18-18: red's two minor fouls give blue 10 penalty points; blue wins the tie-break.
    play_next(ranked, ({"autoSampleHigh": 1, "minorFouls": 2, "teleopSampleHigh": 1,
                        "teleopSampleNet": 1}, {"autoSampleHigh": 1}))
    assert bracket_match(ranked, "M1")["winner"] == 4


def test_forfeit_and_disqualification(ranked):
    run_selection(ranked)
    ranked.playoffs.create(SCOREKEEPER)
    snap = ranked.playoffs.forfeit(SCOREKEEPER, "M2", "blue")
    assert next(m for m in snap["matches"] if m["key"] == "M2")["winner"] == 2
    assert [m["label"] for m in ranked.upcoming(20) if m["level"] == "playoff"] == ["M1"]
    with pytest.raises(Conflict, match="not waiting"):
        ranked.playoffs.forfeit(SCOREKEEPER, "M2", "red")
    with pytest.raises(NotFound):
        ranked.playoffs.forfeit(SCOREKEEPER, "M99", "red")
    snap = ranked.playoffs.disqualify(SCOREKEEPER, 4, note="unsafe robot")
    assert next(m for m in snap["matches"] if m["key"] == "M1")["winner"] == 1
    assert snap["alliances"][3]["disqualified"]
    with pytest.raises(ValidationError):
        ranked.playoffs.disqualify(SCOREKEEPER, 9)


def test_playoffs_need_a_finished_selection_and_are_created_once(ranked):
    with pytest.raises(Conflict, match="not started"):
        ranked.playoffs.create(SCOREKEEPER)
    ranked.selection.start(SCOREKEEPER, alliances=4, picks=1)
    with pytest.raises(Conflict, match="not finished"):
        ranked.playoffs.create(SCOREKEEPER)
    while not (snap := ranked.selection.snapshot())["done"]:
        ranked.selection.act(SCOREKEEPER, "invite", snap["available"][0]["number"])
        ranked.selection.act(SCOREKEEPER, "accept")
    with pytest.raises(ValidationError):
        ranked.playoffs.create(SCOREKEEPER, kind="swiss")
    ranked.playoffs.create(SCOREKEEPER, kind="single", best_of=3)
    with pytest.raises(Conflict, match="already exist"):
        ranked.playoffs.create(SCOREKEEPER)
    with pytest.raises(Conflict, match="closed"):
        ranked.selection.undo(SCOREKEEPER)


def test_best_of_three_series_needs_two_wins(ranked):
    run_selection(ranked)
    ranked.playoffs.create(SCOREKEEPER, kind="single", best_of=3)
    first, _ = play_next(ranked, RED_WINS)  # semi-final 1, game 1
    series = bracket_match(ranked, first["bracket_key"])
    assert (series["red_wins"], series["status"], series["next_game"]) == (1, "ready", 2)
    nxt = [m for m in ranked.upcoming(20) if m["bracket_key"] == first["bracket_key"]]
    assert [m["game"] for m in nxt] == [2]
    while bracket_match(ranked, first["bracket_key"])["status"] == "ready":
        play_next(ranked, RED_WINS)
    series = bracket_match(ranked, first["bracket_key"])
    assert (series["red_wins"], series["blue_wins"], series["status"]) == (2, 0, "done")


def test_commit_of_a_playoff_match_is_audited_and_replay_keeps_the_bracket_consistent(ranked):
    run_selection(ranked)
    ranked.playoffs.create(SCOREKEEPER)
    match, _ = play_next(ranked, RED_WINS)
    field = match["field"]
    ranked.replay_match(SCOREKEEPER, field)
    ranked.start_match(SCOREKEEPER, field)
    ranked.submit_sheet(HEAD_REF, match["id"], "red", BLUE_SHEET, key="replay-red-1234")
    ranked.submit_sheet(HEAD_REF, match["id"], "blue", RED_SHEET, key="replay-blue-1234")
    ranked.clock.advance(158)
    ranked.commit_match(HEAD_REF, field)  # the replay's result replaces the first one
    assert bracket_match(ranked, "M1")["winner"] == 4
    with ranked.db.session() as s:
        rows = s.scalars(select(Match).where(Match.bracket_key == "M1")).all()
        assert len(rows) == 1


def test_divisions_have_their_own_schedules_rankings_and_playoffs(venue):
    venue.create_event(ADMIN, "div", "Two divisions", "ftc-2024-into-the-deep", fields=4)
    venue.import_teams(ADMIN, make_csv(24))
    divisions = venue.set_divisions(ADMIN, 2, ["Altai", "Tien Shan"], seed=5)
    assert [(d["code"], d["name"], d["teams"]) for d in divisions] == [
        ("A", "Altai", 12), ("B", "Tien Shan", 12)]
    assert divisions[0]["fields"] == [1, 3] and divisions[1]["fields"] == [2, 4]
    start = datetime(2026, 11, 22, 9)
    with pytest.raises(ValidationError, match="choose a division"):
        venue.generate_schedule(ADMIN, 3, start, timedelta(minutes=6))
    n_a = venue.generate_schedule(ADMIN, 3, start, timedelta(minutes=6), division="A", seed=1)
    n_b = venue.generate_schedule(ADMIN, 3, start, timedelta(minutes=6), division="B", seed=1)
    matches = venue.schedule()
    a = [m for m in matches if m["division"] == "A"]
    b = [m for m in matches if m["division"] == "B"]
    assert len(a) == n_a and len(b) == n_b
    assert {m["field"] for m in a} == {1, 3} and {m["field"] for m in b} == {2, 4}
    assert max(m["number"] for m in a) < min(m["number"] for m in b)  # blocks of numbers
    team_division = {t["number"]: t["division"] for t in venue.teams()}
    for m in matches:
        assert {team_division[s["number"]] for s in m["red"] + m["blue"]} == {m["division"]}
    rows = venue.rankings()
    assert [r["division"] for r in rows] == ["A"] * 12 + ["B"] * 12
    assert [r["rank"] for r in venue.rankings("B")] == list(range(1, 13))
    with pytest.raises(Conflict, match="locked"):
        for m in a:
            play(venue, field=m["field"])
        venue.set_divisions(ADMIN, 1)


def test_turnaround_keeps_a_teams_matches_apart_across_fields(venue):
    venue.create_event(ADMIN, "ta", "Turnaround", "ftc-2024-into-the-deep", fields=2)
    venue.import_teams(ADMIN, make_csv(16))
    venue.generate_schedule(ADMIN, 5, datetime(2026, 11, 22, 9), timedelta(minutes=8),
                            seed=2, turnaround=timedelta(minutes=15))
    starts: dict[int, list[datetime]] = {}
    for m in venue.schedule():
        at = datetime.fromisoformat(m["scheduled_at"])
        for s in m["red"] + m["blue"]:
            starts.setdefault(s["number"], []).append(at)
    assert {m["field"] for m in venue.schedule()} == {1, 2}
    for times in starts.values():
        times.sort()
        assert all(b - a >= timedelta(minutes=15) for a, b in zip(times, times[1:], strict=False))


def test_a_replay_cannot_change_a_winner_that_later_results_stand_on(ranked):
    run_selection(ranked)
    ranked.playoffs.create(SCOREKEEPER)
    first, _ = play_next(ranked, RED_WINS)  # M1: A1 wins
    second, _ = play_next(ranked, RED_WINS)  # M2, committed after it
    assert first["field"] != second["field"]  # two fields: M1's field still holds M1
    field = first["field"]
    ranked.replay_match(SCOREKEEPER, field)
    ranked.start_match(SCOREKEEPER, field)
    ranked.submit_sheet(HEAD_REF, first["id"], "red", BLUE_SHEET, key="late-replay-red")
    ranked.submit_sheet(HEAD_REF, first["id"], "blue", RED_SHEET, key="late-replay-blue")
    ranked.clock.advance(158)
    with pytest.raises(Conflict, match="later playoff results stand on this one"):
        ranked.commit_match(HEAD_REF, field)
    assert bracket_match(ranked, "M1")["winner"] == 1  # nothing changed
