"""Running an event through the venue: teams, schedule, sheets, commit, rankings, roles, audit."""

from datetime import datetime, timedelta

import pytest
from factories import (
    ADMIN,
    HEAD_REF,
    RED_REF,
    RED_SHEET,
    SCOREKEEPER,
    make_csv,
    play,
)
from sqlalchemy import func, select

from tournament.accounts import Actor
from tournament.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tournament.models import AuditEntry, Match, SheetSubmission, Team


def count(venue, model, *where):
    with venue.db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_csv_import_reports_every_bad_row_and_imports_nothing(venue):
    before = count(venue, Team)
    bad = ("number,name,organization,city,country\n"
           "2001,Жұлдыз,Мектеп,Алматы,Қазақстан\n"
           "abc,No number,,,\n"
           "2001,Duplicate,,,\n"
           "2003,,,,\n")
    with pytest.raises(ValidationError) as err:
        venue.import_teams(ADMIN, bad)
    assert [w for w, _ in err.value.errors] == ["row 3", "row 4", "row 5"]
    assert "already appears on row 2" in err.value.errors[1][1]
    assert count(venue, Team) == before


def test_csv_import_keeps_kazakh_letters(venue):
    venue.import_teams(ADMIN, "number,name,organization,city,country\n"
                              "3001,Әйгерім Ғарыш Құс,Өнер Ұясы,Үшарал,Қазақстан\n")
    assert venue.team_page(3001)["team"]["name"] == "Әйгерім Ғарыш Құс"


def test_csv_header_must_name_known_columns(venue):
    with pytest.raises(ValidationError, match="missing column"):
        venue.import_teams(ADMIN, "num,title\n1,x\n")


def test_schedule_has_every_team_equally_often(venue):
    with venue.db.session() as s:
        matches = s.scalars(select(Match)).all()
        appearances = {}
        for m in matches:
            for slot in m.slots:
                if not slot.surrogate:
                    appearances[slot.team.number] = appearances.get(slot.team.number, 0) + 1
            assert len({slot.team_id for slot in m.slots}) == 4
    assert set(appearances.values()) == {3}
    times = sorted(m.scheduled_at for m in matches)
    assert times[1] - times[0] == timedelta(minutes=6)


def test_schedule_is_locked_once_a_match_is_played(venue):
    play(venue)
    with pytest.raises(Conflict, match="locked"):
        venue.generate_schedule(ADMIN, 3, datetime(2026, 11, 22, 9), timedelta(minutes=6))


def test_worked_example_commits_with_official_totals(venue):
    final = play(venue)
    assert (final["red"]["total"], final["blue"]["total"], final["winner"]) == (166, 159, "red")
    assert final["red"]["parts"]["penalty"] == 20
    assert final["blue"]["np_total"] == 149


def test_resubmitted_sheet_is_stored_once(venue):
    info = venue.load_match(SCOREKEEPER, 1)
    first = venue.submit_sheet(RED_REF, info["id"], "red", {"autoSampleHigh": 1}, key="k-000001")
    again = venue.submit_sheet(RED_REF, info["id"], "red", {"autoSampleHigh": 1}, key="k-000001")
    assert again["duplicate"] and again["revision"] == first["revision"]
    assert count(venue, SheetSubmission) == 1
    assert count(venue, AuditEntry, AuditEntry.action == "sheet.update") == 1


def test_invalid_sheet_names_its_fields_and_keeps_the_stored_one(venue):
    info = venue.load_match(SCOREKEEPER, 1)
    venue.submit_sheet(RED_REF, info["id"], "red", {"autoSampleHigh": 2}, key="good-key-1")
    with pytest.raises(ValidationError) as err:
        venue.submit_sheet(RED_REF, info["id"], "red",
                           {"autoSampleHigh": -1, "robot1Auto": "FLYING", "bogus": 1},
                           key="bad-key-1")
    assert {f for f, _ in err.value.errors} == {"autoSampleHigh", "robot1Auto", "bogus"}
    snap = venue.referee_snapshot(1)
    assert snap["sheets"]["red"]["data"]["autoSampleHigh"] == 2


def test_every_score_change_is_audited_with_who_device_before_after(venue):
    info = venue.load_match(SCOREKEEPER, 1)
    venue.submit_sheet(RED_REF, info["id"], "red", {"autoSampleNet": 1}, key="audit-key-1")
    venue.submit_sheet(RED_REF, info["id"], "red", {"autoSampleNet": 2}, key="audit-key-2")
    with venue.db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "sheet.update")
                          .order_by(AuditEntry.id.desc())).first()
        assert entry.actor == "Red referee" and entry.device == "tablet-red"
        assert entry.before["autoSampleNet"] == 1 and entry.after["autoSampleNet"] == 2
        assert entry.at is not None


def test_referee_tablet_cannot_score_the_other_alliance(venue):
    info = venue.load_match(SCOREKEEPER, 1)
    with pytest.raises(ValidationError, match="red alliance"):
        venue.submit_sheet(RED_REF, info["id"], "blue", {}, key="other-side")
    venue.submit_sheet(HEAD_REF, info["id"], "blue", {"majorFouls": 1}, key="hr-foul-1")


@pytest.mark.parametrize("actor,call", [
    (RED_REF, lambda v, a: v.commit_match(a, 1)),
    (RED_REF, lambda v, a: v.start_match(a, 1)),
    (Actor.public(), lambda v, a: v.submit_sheet(a, 1, "red", {}, key="public-key")),
    (SCOREKEEPER, lambda v, a: v.import_teams(a, make_csv(2, 5000))),
    (HEAD_REF, lambda v, a: v.load_match(a, 1)),
])
def test_roles_are_checked_on_the_server(venue, actor, call):
    with pytest.raises(PermissionDenied):
        call(venue, actor)


def test_rankings_follow_committed_results(venue):
    final = play(venue)
    ranks = venue.rankings()
    top = {r["team"]["number"] for r in ranks[:2]}
    assert top == {s["number"] for s in final["match"]["red"]}
    assert ranks[0]["ranking_score"] == 2.0 and ranks[0]["tiebreakers"][0] == 34
    assert ranks[-1]["played"] == 0


def test_disqualified_team_gets_no_ranking_points(venue):
    info = venue.load_match(SCOREKEEPER, 1)
    venue.start_match(SCOREKEEPER, 1)
    venue.submit_sheet(RED_REF, info["id"], "red", RED_SHEET, key="dq-red-key")
    venue.clock.advance(158)
    dq = info["red"][0]["number"]
    venue.set_disqualified(HEAD_REF, 1, dq, True)
    venue.commit_match(HEAD_REF, 1)
    by_team = {r["team"]["number"]: r for r in venue.rankings()}
    assert by_team[dq]["ranking_score"] == 0
    assert by_team[info["red"][1]["number"]]["ranking_score"] == 2


def test_replay_discards_the_sheets_and_replaces_the_result(venue):
    play(venue)
    venue.replay_match(SCOREKEEPER, 1)
    assert venue.referee_snapshot(1)["sheets"]["red"]["data"]["autoSampleHigh"] == 0
    venue.start_match(SCOREKEEPER, 1)
    venue.clock.advance(158)
    final = venue.commit_match(HEAD_REF, 1)
    assert final["red"]["total"] == 0
    with venue.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Match)
                        .where(Match.status == "committed")) == 1


def test_live_score_reaches_the_audience_only_when_allowed(venue):
    got = []
    venue.bus.subscribe(lambda m: got.append((m.channel, m.topic)))
    info = venue.load_match(SCOREKEEPER, 1)
    venue.set_live_score(SCOREKEEPER, False)
    got.clear()
    venue.submit_sheet(RED_REF, info["id"], "red", {"autoSampleNet": 1}, key="hidden-key-1")
    assert ("control", "score.live") in got and ("live", "score.live") not in got
    venue.set_live_score(SCOREKEEPER, True)
    venue.submit_sheet(RED_REF, info["id"], "red", {"autoSampleNet": 2}, key="shown-key-1")
    assert ("live", "score.live") in got


def test_loading_past_the_last_match_says_so(venue):
    with pytest.raises(NotFound, match="no unplayed match"):
        for _ in range(50):
            play(venue)
