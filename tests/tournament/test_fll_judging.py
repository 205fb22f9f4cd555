"""FLL judging through the service (``venue.fll``): rubrics (idempotent, validated, judges
only, in the team's own room, one Core Values rubric per team), area ranks and the Champion's
order, GP joining a judged Core Values rubric, the one-judged-award rule, award settings."""

from __future__ import annotations

import pytest
from factories import (
    ADMIN,
    BLUE_REF,
    JUDGE,
    RED_REF,
    SCOREKEEPER,
    SUBMERGED,
    make_csv,
    make_fll_event,
)
from sqlalchemy import func, select

from tournament.accounts import Actor
from tournament.bus import Bus
from tournament.errors import PermissionDenied, ValidationError
from tournament.fll import SESSION_AREAS
from tournament.models import JudgingSession, RubricSheet, RubricSubmission, Team
from tournament.venue import Venue

AREAS = ("innovation_project", "robot_design", "core_values")


@pytest.fixture
def fll(database, clock):
    v = Venue(database, Bus(), clock)
    make_fll_event(v, teams=6)
    yield v
    v.shutdown()


@pytest.fixture
def unplanned(database, clock):
    """An FLL event whose day is not planned yet: no judging session, any room is taken."""
    v = Venue(database, Bus(), clock)
    v.create_event(ADMIN, "fll", "Test FLL event", SUBMERGED, fields=2)
    v.import_teams(ADMIN, make_csv(6))
    yield v
    v.shutdown()


def rows(venue, area):
    return [r.id for r in venue.season().judging.rows_of(area)]


def full(venue, area, level, comment="well explained"):
    """Levels and comments of a whole rubric at one level (Exceeds rows get a comment)."""
    ids = rows(venue, area)
    return {r: level for r in ids}, ({r: comment for r in ids} if level == 4 else {})


def room_of(venue, team, area):
    """The room of the team's session that judges ``area`` (from the planned day)."""
    found = [i["room"] for i in venue.fll.day()["items"]
             if i["kind"] == "judging" and i["team"] == team and area in SESSION_AREAS[i["what"]]]
    assert len(found) == 1, (team, area, found)
    return found[0]


def other_room(room):
    return 2 if room == 1 else 1


def submit(venue, team, area, level, *, room=None, key=None, final=True, actor=JUDGE):
    room = room_of(venue, team, area) if room is None else room
    levels, comments = full(venue, area, level)
    return venue.fll.submit_rubric(actor, key=key or f"k-{team}-{area}-{level}-{room}",
                                   team=team, area=area, room=room, levels=levels,
                                   comments=comments, final=final)


def where(exc: pytest.ExceptionInfo) -> set[str]:
    return {w for w, _ in exc.value.errors}


def lines_of(result):
    return {line["team"]["number"]: line for line in result["teams"]}


def play_first_match(venue, level="qual", sheet=None):
    """Play the first robot-game match of ``level`` with two teams; both tables agree (GP:
    the sheet's default). Returns the red and blue team numbers."""
    match = next(m for m in venue.schedule() if m["level"] == level and m["red"] and m["blue"])
    field = match["field"]
    venue.load_match(SCOREKEEPER, field, match["id"])
    venue.start_match(SCOREKEEPER, field)
    venue.clock.advance(151)
    for side, ref in (("red", RED_REF), ("blue", BLUE_REF)):
        ref = ref.__class__(**{**ref.__dict__, "field": field})
        venue.submit_sheet(ref, match["id"], side, sheet or {"m02_shark": "free"},
                           key=f"{side}-final-{match['id']}", final=True, agreed="AB")
    return match["red"][0]["number"], match["blue"][0]["number"]


# -- rubrics -----------------------------------------------------------------------------------
def test_a_resent_rubric_is_stored_once(fll):
    room = room_of(fll, 1001, "robot_design")
    first_row = rows(fll, "robot_design")[0]

    def send(key, level):
        return fll.fll.submit_rubric(JUDGE, key=key, team=1001, area="robot_design",
                                     room=room, levels={first_row: level})

    first = send("resend-0001", 2)
    again = send("resend-0001", 4)
    assert first == {"ok": True, "revision": 1}
    assert again["revision"] == 1 and again["duplicate"] is True
    with fll.db.session() as session:
        assert session.scalar(select(func.count(RubricSubmission.id))) == 1
    assert send("resend-0002", 3)["revision"] == 2
    with fll.db.session() as session:
        sheet = session.scalar(select(RubricSheet))
        assert (sheet.revision, sheet.levels, sheet.room) == (2, {first_row: 3}, room)


def test_the_room_lists_its_sessions_in_time_order_with_their_rubrics(fll):
    room = fll.fll.judging_room(JUDGE, 1)
    assert room["room"] == 1 and room["rooms"] == 2
    starts = [s["start"] for s in room["sessions"]]
    assert starts == sorted(starts) and starts
    for s in room["sessions"]:
        assert s["areas"] == list(SESSION_AREAS[s["kind"]])
        assert all(s["rubrics"][a] is None for a in s["areas"])
    first = room["sessions"][0]
    team, area = first["team"]["number"], first["areas"][0]
    submit(fll, team, area, 3, room=1)
    again = fll.fll.judging_room(JUDGE, 1)["sessions"][0]["rubrics"][area]
    assert again["final"] is True and again["revision"] == 1 and again["by"] == "Judge"
    assert set(again["levels"].values()) == {3}
    # The other room knows nothing of it.
    assert all(r is None for s in fll.fll.judging_room(JUDGE, 2)["sessions"]
               for r in s["rubrics"].values())


def test_core_values_is_judged_once_in_the_innovation_project_session(fll):
    sessions = [s for r in (1, 2) for s in fll.fll.judging_room(JUDGE, r)["sessions"]]
    areas = {(s["team"]["number"], s["kind"]): s["areas"] for s in sessions}
    assert len(areas) == 12  # IP and RD for each of the six teams
    for (_team, kind), got in areas.items():
        assert got == (["robot_design"] if kind == "robot_design"
                       else ["innovation_project", "core_values"])
    cv = [team for (team, _kind), got in areas.items() if "core_values" in got]
    assert sorted(cv) == [1001, 1002, 1003, 1004, 1005, 1006]  # one Core Values each


def test_a_combined_session_judges_all_three_areas(database, clock):
    v = Venue(database, Bus(), clock)
    try:
        make_fll_event(v, teams=4, judging="combined")
        sessions = [s for r in (1, 2) for s in v.fll.judging_room(JUDGE, r)["sessions"]]
        assert len(sessions) == 4 and {s["kind"] for s in sessions} == {"combined"}
        assert all(s["areas"] == list(AREAS) for s in sessions)
        team, room = sessions[-1]["team"]["number"], room_of(v, sessions[-1]["team"]["number"],
                                                              "core_values")
        assert all(room_of(v, team, a) == room for a in AREAS)
        for area in AREAS:
            submit(v, team, area, 2)
        with pytest.raises(ValidationError) as exc:
            submit(v, team, "core_values", 3, room=other_room(room))
        assert where(exc) == {"room"}
        missing = v.fll.results(ADMIN)["missing"]
        assert not [m for m in missing if m["team"] == team]
        assert len(missing) == 3 * 3  # the three other teams, three areas each
    finally:
        v.shutdown()


def move_session(venue, team, kind, room):
    with venue.db.session() as session:
        team_id = session.scalar(select(Team.id).where(Team.number == team))
        row = session.scalar(select(JudgingSession).where(JudgingSession.team_id == team_id,
                                                          JudgingSession.kind == kind))
        row.room = room


def test_a_rubric_is_taken_only_in_the_room_of_the_session_judging_its_area(fll):
    ip_room = room_of(fll, 1001, "innovation_project")
    rd_room = other_room(ip_room)
    move_session(fll, 1001, "robot_design", rd_room)  # the RD session in the other room
    assert room_of(fll, 1001, "robot_design") == rd_room
    levels, _ = full(fll, "core_values", 3)
    # Core Values belongs to the Innovation Project session, not to the Robot Design one.
    with pytest.raises(ValidationError) as exc:
        fll.fll.submit_rubric(JUDGE, key="cv-in-rd-room", team=1001, area="core_values",
                              room=rd_room, levels=levels, final=True)
    assert where(exc) == {"room"}
    assert "room" in exc.value.errors[0][1] and "1001" in exc.value.errors[0][1]
    for area, room in (("robot_design", ip_room), ("innovation_project", rd_room),
                       ("robot_design", 3)):
        with pytest.raises(ValidationError) as exc:
            fll.fll.submit_rubric(JUDGE, key=f"wrong-{area}-{room}", team=1001, area=area,
                                  room=room, levels={})
        assert where(exc) == {"room"}, (area, room)
    with fll.db.session() as session:
        assert session.scalar(select(func.count(RubricSheet.id))) == 0
        assert session.scalar(select(func.count(RubricSubmission.id))) == 0
    # The refused keys stay unused; in the right rooms every area is taken.
    assert fll.fll.submit_rubric(JUDGE, key="cv-in-rd-room", team=1001, area="core_values",
                                 room=ip_room, levels=levels, final=True)["ok"]
    assert submit(fll, 1001, "robot_design", 2)["ok"]
    assert submit(fll, 1001, "innovation_project", 2)["ok"]
    missing = fll.fll.results(ADMIN)["missing"]
    assert not [m for m in missing if m["team"] == 1001] and len(missing) == 5 * 3


def test_before_the_day_is_planned_any_room_is_taken(unplanned):
    assert unplanned.fll.judging_room(JUDGE, 1) == {"room": 1, "sessions": [], "rooms": 1}
    for room in (1, 3):
        assert submit(unplanned, 1001, "core_values", 3, room=room)["ok"]
    assert unplanned.fll.results(ADMIN)["missing"] == []


def test_a_level_out_of_range_or_an_unknown_row_is_named(fll):
    first = rows(fll, "innovation_project")[0]
    room = room_of(fll, 1001, "innovation_project")
    for bad in (0, 5, "3", 2.5, True):
        with pytest.raises(ValidationError) as exc:
            fll.fll.submit_rubric(JUDGE, key=f"bad-level-{bad!s}", team=1001,
                                  area="innovation_project", room=room, levels={first: bad})
        assert where(exc) == {first}
    with pytest.raises(ValidationError) as exc:
        fll.fll.submit_rubric(JUDGE, key="bad-row-0001", team=1001, area="innovation_project",
                              room=room, levels={"rd_design": 2, "nope": 1})
    assert where(exc) == {"rd_design", "nope"}  # a Robot Design row is not an IP row
    with pytest.raises(ValidationError) as exc:
        fll.fll.submit_rubric(JUDGE, key="bad-team-001", team=4242, area="robot_design",
                              room=room, levels={})
    assert where(exc) == {"team"}
    with pytest.raises(ValidationError) as exc:
        fll.fll.submit_rubric(JUDGE, key="bad-area-001", team=1001, area="robot_game",
                              room=room, levels={})
    assert where(exc) == {"area"}
    for bad_room in (0, "1", True, None):
        with pytest.raises(ValidationError) as exc:
            fll.fll.submit_rubric(JUDGE, key=f"bad-room-{bad_room!s}", team=1001,
                                  area="innovation_project", room=bad_room, levels={})
        assert where(exc) == {"room"}
    with pytest.raises(ValidationError) as exc:
        fll.fll.submit_rubric(JUDGE, key="short", team=1001, area="robot_design", room=room,
                              levels={})
    assert where(exc) == {"key"}


@pytest.mark.parametrize("comments", [["nice"], "nice", 3])
def test_comments_that_are_not_an_object_are_refused_by_name(fll, comments):
    room = room_of(fll, 1001, "robot_design")
    levels, _ = full(fll, "robot_design", 2)
    with pytest.raises(ValidationError) as exc:
        fll.fll.submit_rubric(JUDGE, key="bad-comments", team=1001, area="robot_design",
                              room=room, levels=levels, comments=comments, final=True)
    assert where(exc) == {"comments"}
    with fll.db.session() as session:
        assert session.scalar(select(func.count(RubricSheet.id))) == 0
    # None means no comments.
    assert fll.fll.submit_rubric(JUDGE, key="bad-comments", team=1001, area="robot_design",
                                 room=room, levels=levels, comments=None, final=True)["ok"]


def test_a_final_rubric_needs_every_row_and_a_comment_for_each_exceeds(fll):
    ids = rows(fll, "core_values")
    room = room_of(fll, 1002, "core_values")
    levels = {ids[0]: 4, ids[1]: 4, ids[2]: 2}
    comments = {ids[1]: "helped the team at table 3"}
    # As a draft, anything in range is kept.
    assert fll.fll.submit_rubric(JUDGE, key="draft-cv-01", team=1002, area="core_values",
                                 room=room, levels=levels, comments=comments)["ok"]
    with pytest.raises(ValidationError) as exc:
        fll.fll.submit_rubric(JUDGE, key="final-cv-01", team=1002, area="core_values",
                              room=room, levels=levels, comments=comments, final=True)
    assert where(exc) == {f"comment.{ids[0]}", *ids[3:]}
    # Nothing of the refused submission was stored, and its key stays unused.
    stored = fll.fll.judging_room(JUDGE, room)
    sheet = [s["rubrics"].get("core_values") for s in stored["sessions"]
             if s["team"]["number"] == 1002 and "core_values" in s["areas"]]
    assert len(sheet) == 1 and sheet[0]["final"] is False and sheet[0]["revision"] == 1
    complete = {**{r: 3 for r in ids}, ids[0]: 4}
    done = fll.fll.submit_rubric(JUDGE, key="final-cv-01", team=1002, area="core_values",
                                 room=room, levels=complete,
                                 comments={ids[0]: "  explained every choice  "}, final=True)
    assert done == {"ok": True, "revision": 2}


def stored_rubric(venue, team, area):
    room = room_of(venue, team, area)
    return next(s["rubrics"][area] for s in venue.fll.judging_room(ADMIN, room)["sessions"]
                if s["team"]["number"] == team and area in s["areas"])


def test_a_submitted_rubric_stays_submitted_and_later_changes_are_checked_as_final(fll):
    ids = rows(fll, "robot_design")
    room = room_of(fll, 1003, "robot_design")
    submit(fll, 1003, "robot_design", 3)
    # A later save sent as a draft, with a row left out: refused, the rubric is unchanged.
    with pytest.raises(ValidationError) as exc:
        fll.fll.submit_rubric(JUDGE, key="later-draft-1", team=1003, area="robot_design",
                              room=room, levels={r: 2 for r in ids[1:]}, final=False)
    assert where(exc) == {ids[0]}
    # An Exceeds without its comment: refused too.
    with pytest.raises(ValidationError) as exc:
        fll.fll.submit_rubric(JUDGE, key="later-draft-2", team=1003, area="robot_design",
                              room=room, levels={**{r: 2 for r in ids}, ids[1]: 4})
    assert where(exc) == {f"comment.{ids[1]}"}
    kept = stored_rubric(fll, 1003, "robot_design")
    assert kept["final"] is True and kept["revision"] == 1
    assert kept["levels"] == {r: 3 for r in ids}
    # A complete change sent as a draft is taken, and the rubric is still submitted.
    assert fll.fll.submit_rubric(JUDGE, key="later-draft-3", team=1003, area="robot_design",
                                 room=room, levels={r: 2 for r in ids})["revision"] == 2
    kept = stored_rubric(fll, 1003, "robot_design")
    assert kept["final"] is True and kept["levels"] == {r: 2 for r in ids}
    line = lines_of(fll.fll.results(ADMIN))[1003]
    assert line["areas"]["robot_design"] == 2 * len(ids)
    assert not [m for m in fll.fll.results(ADMIN)["missing"]
                if (m["team"], m["area"]) == (1003, "robot_design")]


def test_only_judges_and_admins_write_rubrics_and_only_admins_see_results(fll):
    levels = {rows(fll, "robot_design")[0]: 2}
    room = room_of(fll, 1001, "robot_design")
    for actor in (RED_REF, Actor.public("phone")):
        with pytest.raises(PermissionDenied):
            fll.fll.submit_rubric(actor, key="not-a-judge", team=1001, area="robot_design",
                                  room=room, levels=levels)
        with pytest.raises(PermissionDenied):
            fll.fll.judging_room(actor, 1)
    assert fll.fll.submit_rubric(ADMIN, key="admin-may-1", team=1001, area="robot_design",
                                 room=room, levels=levels)["ok"]
    with pytest.raises(PermissionDenied):
        fll.fll.results(JUDGE)
    with pytest.raises(PermissionDenied):
        fll.fll.set_awards(JUDGE, advancing=1)
    assert fll.fll.results(ADMIN)["teams"]


# -- results -----------------------------------------------------------------------------------
def judge_all(venue, table):
    """table: team → (IP level, RD level, CV level), every rubric final in the team's room."""
    for team, levels in table.items():
        for area, level in zip(AREAS, levels, strict=True):
            submit(venue, team, area, level)


def test_area_ranks_and_the_champions_order(fll):
    judge_all(fll, {1001: (4, 3, 3), 1002: (3, 4, 2), 1003: (2, 2, 4), 1004: (1, 1, 1)})
    result = fll.fll.results(ADMIN)
    assert result["areas"] == [*AREAS, "robot_game"]
    lines = lines_of(result)
    n_ip, n_rd, n_cv = (len(rows(fll, a)) for a in AREAS)
    assert lines[1001]["areas"] == {"innovation_project": 4 * n_ip,
                                    "robot_design": 3 * n_rd, "core_values": 3 * n_cv}
    assert [lines[t]["ranks"]["innovation_project"] for t in (1001, 1002, 1003, 1004)] == [
        1, 2, 3, 4]
    assert [lines[t]["ranks"]["robot_design"] for t in (1001, 1002, 1003, 1004)] == [
        2, 1, 3, 4]
    assert [lines[t]["ranks"]["core_values"] for t in (1001, 1002, 1003, 1004)] == [
        2, 3, 1, 4]
    # No robot-game match is played: every team shares the robot game's rank, none has a best.
    assert len({line["ranks"]["robot_game"] for line in result["teams"]}) == 1
    assert all(line["robot_best"] is None for line in result["teams"])
    # Champion's score = the sum of the ranks; the lowest first.
    for line in result["teams"]:
        assert line["champions_score"] == sum(line["ranks"][a] for a in result["areas"]
                                              if line["ranks"][a] is not None)
    order = [line["team"]["number"] for line in result["teams"]]
    assert order[:4] == [1001, 1002, 1003, 1004]  # 5+rg, 6+rg (best single rank 1), 7+rg, 12+rg
    assert set(order[4:]) == {1005, 1006}  # not judged: after every judged team
    assert result["awards"][0]["id"] == "champions"
    assert result["awards"][0]["winners"][0]["number"] == 1001


def test_areas_average_the_rooms_and_drafts_do_not_count(unplanned):
    # Before the day is planned, two rooms may judge the same area of a team.
    submit(unplanned, 1001, "robot_design", 4, room=1)
    submit(unplanned, 1001, "robot_design", 2, room=2)
    submit(unplanned, 1002, "robot_design", 4, room=1, final=False)
    lines = lines_of(unplanned.fll.results(ADMIN))
    assert lines[1001]["areas"]["robot_design"] == 3 * len(rows(unplanned, "robot_design"))
    assert lines[1002]["areas"]["robot_design"] is None


def test_drafts_do_not_count_in_the_planned_day(fll):
    submit(fll, 1002, "robot_design", 4, final=False)
    submit(fll, 1003, "robot_design", 1)
    lines = lines_of(fll.fll.results(ADMIN))
    assert lines[1002]["areas"]["robot_design"] is None
    assert lines[1003]["ranks"]["robot_design"] == 1
    assert lines[1002]["ranks"]["robot_design"] == 2  # shared by every team not judged


def test_core_values_has_no_score_without_a_rubric_and_gp_joins_a_judged_one(fll):
    red, blue = play_first_match(fll)
    result = fll.fll.results(ADMIN)
    lines = lines_of(result)
    gp = lines[red]["gp"]
    assert gp is not None and lines[blue]["gp"] is not None
    # GP from the tables alone makes no Core Values score: every team is unjudged alike.
    assert all(line["areas"]["core_values"] is None for line in lines.values())
    assert {line["ranks"]["core_values"] for line in lines.values()} == {1}
    awards = {a["id"]: a for a in result["awards"]}
    assert awards["core_values"]["winners"] == []
    # A judged Core Values rubric (a draft does not count) takes the GP on top.
    submit(fll, red, "core_values", 2, final=False, key="cv-draft-first")
    assert lines_of(fll.fll.results(ADMIN))[red]["areas"]["core_values"] is None
    submit(fll, red, "core_values", 2)
    lines = lines_of(fll.fll.results(ADMIN))
    assert lines[red]["areas"]["core_values"] == round(2 * len(rows(fll, "core_values")) + gp, 2)
    assert lines[red]["ranks"]["core_values"] == 1
    assert lines[blue]["areas"]["core_values"] is None
    assert lines[blue]["ranks"]["core_values"] == 2  # after the judged team, GP or not
    # A team never at the tables: its rubric alone.
    quiet = next(t for t in (1001, 1002, 1003, 1004, 1005, 1006) if lines[t]["gp"] is None)
    submit(fll, quiet, "core_values", 1)
    line = lines_of(fll.fll.results(ADMIN))[quiet]
    assert line["areas"]["core_values"] == len(rows(fll, "core_values"))


def test_robot_best_is_each_teams_best_robot_game_score(fll):
    red, blue = play_first_match(fll, sheet={"m02_shark": "free"})
    best = {r["team"]["number"]: r["best"] for r in fll.rankings()}
    assert best[red] is not None and best[red] > 0
    result = fll.fll.results(ADMIN)
    lines = lines_of(result)
    for team, line in lines.items():
        assert line["robot_best"] == best[team]
    assert lines[red]["ranks"]["robot_game"] == 1
    assert [line["robot_best"] is None for line in result["teams"]].count(False) == 2


def test_missing_rubrics_name_team_area_and_room(fll):
    missing = fll.fll.results(ADMIN)["missing"]
    assert all(set(m) == {"team", "area", "room"} for m in missing)
    assert all(isinstance(m["team"], int) and isinstance(m["room"], int) for m in missing)
    # Six teams, each with IP, RD and one Core Values, each in its session's room.
    assert len(missing) == 6 * 3
    assert sorted((m["team"], m["area"]) for m in missing) == sorted(
        (t, a) for t in range(1001, 1007) for a in AREAS)
    assert all(m["room"] == room_of(fll, m["team"], m["area"]) for m in missing)
    submit(fll, 1004, "core_values", 3)
    submit(fll, 1004, "robot_design", 3, final=False, key="rd-draft-1")  # still missing
    after = fll.fll.results(ADMIN)["missing"]
    assert {"team": 1004, "area": "core_values",
            "room": room_of(fll, 1004, "core_values")} not in after
    assert {"team": 1004, "area": "robot_design",
            "room": room_of(fll, 1004, "robot_design")} in after
    assert len(after) == 6 * 3 - 1


def test_a_team_wins_one_judged_award_at_most(fll):
    # 1001 is best everywhere: it takes the Champion's award and the area awards go on.
    judge_all(fll, {1001: (4, 4, 4), 1002: (3, 3, 3), 1003: (3, 2, 2), 1004: (2, 3, 2),
                    1005: (2, 2, 3), 1006: (1, 1, 1)})
    result = fll.fll.set_awards(ADMIN, nominations={"breakthrough": [1001, 1002, 1006],
                                                    "coach_mentor": [1001]})
    winners = {a["id"]: [t["number"] for t in a["winners"]] for a in result["awards"]}
    judged = [a for a in result["awards"] if a["judged"]]
    held = [n for a in judged for n in winners[a["id"]]]
    assert len(held) == len(set(held)), winners
    assert winners["champions"] == [1001]
    assert 1001 not in winners["innovation_project"] + winners["robot_design"]
    assert 1001 not in winners["core_values"] + winners["breakthrough"]
    assert winners["coach_mentor"] == [1001]  # outside the rule
    assert winners["breakthrough"] and winners["breakthrough"][0] != 1001
    assert any("1001" in note for note in result["notes"])
    # Robot Performance is outside the rule too: 1001 may also win it.
    assert {a["id"]: a["judged"] for a in result["awards"]}["robot_performance"] is False
    assert result["missing"] == []


def test_award_places_nominations_and_advancement_are_set(fll):
    judge_all(fll, {1001: (4, 4, 4), 1002: (3, 3, 3), 1003: (2, 2, 2)})
    result = fll.fll.set_awards(ADMIN, counts={"champions": 2, "robot_design": 0},
                                advancing=3, nominations={"motivate": [1004, 1003, 1004]})
    awards = {a["id"]: a for a in result["awards"]}
    assert awards["champions"]["count"] == 2
    assert [t["number"] for t in awards["champions"]["winners"]] == [1001, 1002]
    assert awards["robot_design"]["count"] == 0 and awards["robot_design"]["winners"] == []
    assert awards["robot_performance"]["count"] == 3  # the season's default stays
    assert result["nominations"] == {"motivate": [1004, 1003]}  # a repeat dropped
    assert [t["number"] for t in awards["motivate"]["winners"]] == [1004]
    assert [t["number"] for t in awards["innovation_project"]["winners"]] == [1003]
    assert result["advancement_slots"] == 3
    assert [t["number"] for t in result["advancing"]][:2] == [1001, 1002]
    assert len(result["advancing"]) == 3
    assert fll.fll.results(ADMIN)["advancement_slots"] == 3  # stored


def test_award_settings_merge_into_the_stored_ones(fll):
    fll.fll.set_awards(ADMIN, counts={"champions": 2, "robot_design": 0}, advancing=2,
                       nominations={"motivate": [1002], "breakthrough": [1003]})
    # Only one award's places: the others keep theirs.
    result = fll.fll.set_awards(ADMIN, counts={"robot_performance": 1})
    counts = {a["id"]: a["count"] for a in result["awards"]}
    assert (counts["champions"], counts["robot_design"], counts["robot_performance"]) == (
        2, 0, 1)
    assert result["advancement_slots"] == 2
    assert result["nominations"] == {"motivate": [1002], "breakthrough": [1003]}
    # Only one award's nominations: the other keeps its list; an empty list clears one.
    result = fll.fll.set_awards(ADMIN, nominations={"motivate": [1004, 1001]})
    assert result["nominations"] == {"motivate": [1004, 1001], "breakthrough": [1003]}
    result = fll.fll.set_awards(ADMIN, nominations={"breakthrough": []})
    assert result["nominations"] == {"motivate": [1004, 1001], "breakthrough": []}
    # An award set back to its season default stays at it.
    result = fll.fll.set_awards(ADMIN, counts={"champions": 1})
    counts = {a["id"]: a["count"] for a in result["awards"]}
    assert (counts["champions"], counts["robot_design"], counts["robot_performance"]) == (
        1, 0, 1)


@pytest.mark.parametrize("kwargs, key", [
    ({"counts": {"nope": 1}}, "counts.nope"),
    ({"counts": {"champions": 11}}, "counts.champions"),
    ({"counts": {"champions": -1}}, "counts.champions"),
    ({"counts": {"champions": "2"}}, "counts.champions"),
    ({"advancing": 99}, "advancing"),
    ({"advancing": True}, "advancing"),
    ({"nominations": {"motivate": [4242]}}, "nominations.motivate"),
    ({"nominations": {"motivate": "1001"}}, "nominations.motivate"),
    ({"nominations": {"unknown_award": [1001]}}, "nominations.unknown_award"),
])
def test_bad_award_settings_are_refused_by_name_and_change_nothing(fll, kwargs, key):
    fll.fll.set_awards(ADMIN, counts={"champions": 2}, advancing=1,
                       nominations={"motivate": [1002]})
    with pytest.raises(ValidationError) as exc:
        fll.fll.set_awards(ADMIN, **{"counts": {"champions": 1}, "advancing": 2,
                                     "nominations": {"motivate": [1003]}, **kwargs})
    assert key in where(exc)
    after = fll.fll.results(ADMIN)
    assert after["awards"][0]["count"] == 2 and after["advancement_slots"] == 1
    assert after["nominations"] == {"motivate": [1002]}
