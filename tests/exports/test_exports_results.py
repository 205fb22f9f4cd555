"""Results out: CSV files read back as Excel and scripts would read them, and JSON checked
against the FTC Events API's field names and the scores the season gives."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

import pytest
from factories import (
    ADMIN,
    BLUE_REF,
    BLUE_SHEET,
    RED_REF,
    RED_SHEET,
    SCOREKEEPER,
    make_csv,
    make_fll_event,
    make_olympiad,
    play,
)

import scoring
from exports.results import (
    ftc_event_json,
    ftc_matches_json,
    ftc_rankings_json,
    ftc_scores_json,
    olympiad_results_csv,
    rankings_csv,
    results_csv,
    robot_game_csv,
    safe_cell,
)
from tournament.bus import Bus
from tournament.errors import NotFound, ValidationError
from tournament.venue import Venue

KAZAKH_TEAM = "Қыран Өрлеу"
TEAMS_CSV = ("number,name,organization,city,country\n"
             f"1001,{KAZAKH_TEAM},Ақтөбе IT-лицейі,Ақтөбе,Қазақстан\n"
             '1002,Team 1002,"=HYPERLINK(""http://x"",""click"")",@SUM(A1),-5\n')


def read(text: str) -> list[dict[str, str]]:
    """Rows as csv.DictReader gives them, after checking the BOM and the line ends."""
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def q1(venue) -> dict:
    return next(m for m in venue.schedule() if m["label"] == "Q1")


@pytest.fixture
def played(venue):
    """The 8-team event with Q1 and Q2 committed (red 166, blue 159 in both)."""
    venue.import_teams(ADMIN, TEAMS_CSV)
    play(venue)
    play(venue)
    return venue


def test_the_factory_sheets_score_166_to_159():
    result = scoring.load_season("ftc-2024-into-the-deep").score_match(RED_SHEET, BLUE_SHEET)
    assert (result.red.total, result.blue.total, result.winner) == (166, 159, "red")


# -- CSV --------------------------------------------------------------------------------------
def test_results_list_every_match_with_scores_and_the_season_parts(played):
    rows = read(results_csv(played))
    schedule = [m for m in played.schedule() if m["level"] in ("qual", "playoff")]
    assert [r["match"] for r in rows] == [m["label"] for m in schedule] and len(rows) == 6
    first = rows[0]
    match = q1(played)
    assert [first["red1"], first["red2"]] == [str(s["number"]) for s in match["red"]]
    assert [first["blue1"], first["blue2"]] == [str(s["number"]) for s in match["blue"]]
    assert (first["red_score"], first["blue_score"], first["winner"]) == ("166", "159", "red")
    expected = scoring.load_season("ftc-2024-into-the-deep").score_match(RED_SHEET, BLUE_SHEET)
    for part, points in expected.red.parts.items():
        assert first[f"red_{part}"] == str(points)
    for part, points in expected.blue.parts.items():
        assert first[f"blue_{part}"] == str(points)
    assert {"red_auto", "red_teleop", "red_endgame", "red_penalty"} <= set(first)
    assert (first["level"], first["field"], first["scheduled"]) == ("qual", "1",
                                                                      "2026-11-22T09:00")
    unplayed = rows[2]
    assert unplayed["status"] == "scheduled" and unplayed["red1"]
    assert unplayed["red_score"] == unplayed["blue_score"] == unplayed["winner"] == ""


def test_rankings_follow_the_venue_with_kazakh_names_and_defused_formulas(played):
    text = rankings_csv(played)
    rows = read(text)
    ranking = played.rankings()
    assert [int(r["team"]) for r in rows] == [r["team"]["number"] for r in ranking]
    assert [int(r["rank"]) for r in rows] == [r["rank"] for r in ranking]
    by_team = {int(r["team"]): r for r in rows}
    assert by_team[1001]["name"] == KAZAKH_TEAM
    assert by_team[1001]["organization"] == "Ақтөбе IT-лицейі"
    # What Excel would run as a formula arrives as text; a plain number stays a number.
    assert by_team[1002]["organization"] == "'=HYPERLINK(\"http://x\",\"click\")"
    assert by_team[1002]["city"] == "'@SUM(A1)"
    assert by_team[1002]["country"] == "-5"
    # The file is UTF-8 with a BOM: the bytes decode the same way Excel reads them.
    assert KAZAKH_TEAM in text.encode("utf-8").decode("utf-8-sig")
    header = list(rows[0])
    assert header[:6] == ["rank", "team", "name", "organization", "city", "country"]
    assert header[6:10] == ["ranking_score", "tbp1", "tbp2", "high_score"]
    top = ranking[0]
    assert rows[0]["ranking_score"] == "2" and rows[0]["wins"] == str(top["wins"])
    assert float(rows[0]["tbp1"]) == top["tiebreakers"][0]
    assert rows[0]["high_score"] == "166" and rows[0]["played"] == "1"


def test_cells_that_start_a_formula_are_quoted_numbers_are_not():
    assert safe_cell("=1+2") == "'=1+2"
    assert safe_cell("+7 701 000 00 00") == "'+7 701 000 00 00"
    assert safe_cell("\tcmd") == "'\tcmd"
    assert safe_cell("\r=x") == "'\r=x"
    assert safe_cell("@x") == "'@x"
    assert safe_cell("-3.5") == "-3.5" and safe_cell("+12") == "+12"
    assert safe_cell(37.0) == 37 and safe_cell(None) == "" and safe_cell("Ақ") == "Ақ"


def test_divisions_export_one_at_a_time(venue):
    venue.set_divisions(ADMIN, 2, seed=1)
    for code in ("A", "B"):
        venue.generate_schedule(ADMIN, 2, datetime(2026, 11, 22, 9), timedelta(minutes=6),
                                seed=1, division=code)
    play(venue)
    rows = read(results_csv(venue, "A"))
    assert rows and {r["division"] for r in rows} == {"A"}
    assert len(read(results_csv(venue))) == len(
        [m for m in venue.schedule() if m["level"] == "qual"])
    ranked = read(rankings_csv(venue, "B"))
    assert {r["division"] for r in ranked} == {"B"}
    assert [int(r["team"]) for r in ranked] == [
        r["team"]["number"] for r in venue.rankings("B")]
    with pytest.raises(NotFound, match="no division 'Z'.*A, B"):
        rankings_csv(venue, "Z")


def test_unknown_division_and_wrong_kind_of_event_are_clear_errors(played):
    with pytest.raises(NotFound, match="no divisions"):
        results_csv(played, "A")
    with pytest.raises(NotFound, match="robot_game_csv|alliance game"):
        robot_game_csv(played)
    with pytest.raises(NotFound, match="no olympiad"):
        olympiad_results_csv(played)
    with pytest.raises(ValidationError, match="qual or playoff"):
        ftc_scores_json(played, "final")


# -- FTC Events API JSON ----------------------------------------------------------------------
def test_matches_json_has_the_api_fields_and_the_committed_scores(played):
    matches = ftc_matches_json(played)["matches"]
    assert len(matches) == 2  # like the API: played matches only
    first = matches[0]
    for name in ("description", "tournamentLevel", "series", "matchNumber", "actualStartTime",
                 "postResultTime", "scoreRedFinal", "scoreRedFoul", "scoreRedAuto",
                 "scoreBlueFinal", "scoreBlueFoul", "scoreBlueAuto", "teams", "modifiedOn"):
        assert name in first, name
    expected = scoring.load_season("ftc-2024-into-the-deep").score_match(RED_SHEET, BLUE_SHEET)
    assert (first["tournamentLevel"], first["series"], first["matchNumber"]) == (
        "QUALIFICATION", 0, 1)
    assert first["description"] == "Qualification 1"
    assert (first["scoreRedFinal"], first["scoreBlueFinal"]) == (166, 159)
    assert first["scoreRedAuto"] == expected.red.parts["auto"]
    assert first["scoreRedFoul"] == expected.red.parts["penalty"] == 20  # blue's fouls
    assert first["scoreBlueFoul"] == expected.blue.parts["penalty"] == 10
    match = q1(played)
    stations = {t["station"]: t["teamNumber"] for t in first["teams"]}
    assert stations == {"Red1": match["red"][0]["number"], "Red2": match["red"][1]["number"],
                        "Blue1": match["blue"][0]["number"],
                        "Blue2": match["blue"][1]["number"]}
    assert all(t["dq"] is False and t["onField"] is True for t in first["teams"])
    moment = datetime.fromisoformat(first["postResultTime"])
    assert moment.utcoffset() == timedelta(0)
    assert first["modifiedOn"] == first["postResultTime"]


def test_scores_json_carries_the_sheets_and_the_point_summaries(played):
    scores = ftc_scores_json(played, "qual")["matchScores"]
    assert len(scores) == 2
    first = scores[0]
    assert (first["matchLevel"], first["matchSeries"], first["matchNumber"]) == (
        "QUALIFICATION", 0, 1)
    red, blue = first["alliances"]
    assert (red["alliance"], blue["alliance"]) == ("Red", "Blue")
    for name, value in RED_SHEET.items():
        assert red[name] == value, name
    for name, value in BLUE_SHEET.items():
        assert blue[name] == value, name
    assert red["autoSampleLow"] == 0  # inputs the referee left at the default
    expected = scoring.load_season("ftc-2024-into-the-deep").score_match(RED_SHEET, BLUE_SHEET)
    assert red["totalPoints"] == 166 and blue["totalPoints"] == 159
    assert red["autoPoints"] == expected.red.parts["auto"]
    assert red["dcPoints"] == expected.red.parts["teleop"]
    assert red["endgamePoints"] == expected.red.parts["endgame"]
    # Red committed 2 minor fouls (5 each): 10 points it gave to blue.
    assert red["penaltyPointsCommitted"] == red["foulPointsCommitted"] == 10
    assert blue["penaltyPointsCommitted"] == 20  # one minor (5) and one major (15)
    assert red["prePenaltyTotal"] == red["preFoulTotal"] == 166 - 20
    assert ftc_scores_json(played, "playoff") == {"matchScores": []}


def test_rankings_json_in_venue_order_with_sort_orders(played):
    rankings = ftc_rankings_json(played)["rankings"]
    venue_rows = played.rankings()
    assert [r["teamNumber"] for r in rankings] == [r["team"]["number"] for r in venue_rows]
    fields = {"rank", "teamNumber", "displayTeamNumber", "teamName", "wins", "losses", "ties",
              "qualAverage", "dq", "matchesPlayed", "matchesCounted"}
    fields |= {f"sortOrder{i}" for i in range(1, 7)}
    assert fields <= set(rankings[0])
    top, row = rankings[0], venue_rows[0]
    assert top["sortOrder1"] == row["ranking_score"] == 2
    assert top["sortOrder2"] == row["tiebreakers"][0] and top["sortOrder4"] == 166
    assert top["sortOrder5"] == top["sortOrder6"] == 0
    assert top["qualAverage"] == 166 and top["matchesPlayed"] == top["matchesCounted"] == 1
    kazakh = next(r for r in rankings if r["teamNumber"] == 1001)
    assert kazakh["teamName"] == KAZAKH_TEAM and kazakh["displayTeamNumber"] == "1001"


def test_event_json_combines_everything_and_serialises(played):
    data = ftc_event_json(played)
    assert data["event"]["code"] == "test" and data["event"]["season"] == 2024
    assert data["matches"] == ftc_matches_json(played)["matches"]
    assert data["matchScores"]["qual"] == ftc_scores_json(played, "qual")["matchScores"]
    assert data["rankings"] == ftc_rankings_json(played)["rankings"]
    text = json.dumps(data, ensure_ascii=False)
    assert KAZAKH_TEAM in text


def test_playoff_games_are_series_and_match_numbers(venue):
    venue.import_teams(ADMIN, make_csv(8))
    for _ in venue.schedule():
        play(venue)
    venue.selection.start(SCOREKEEPER, alliances=4, picks=1)
    while not (snap := venue.selection.snapshot())["done"]:
        venue.selection.act(SCOREKEEPER, "invite", snap["available"][0]["number"])
        venue.selection.act(SCOREKEEPER, "accept")
    venue.playoffs.create(SCOREKEEPER)
    waiting = [m for m in venue.upcoming(20) if m["level"] == "playoff"]
    assert waiting[0]["label"] == "M1"
    play(venue, field=waiting[0]["field"])
    rows = read(results_csv(venue))
    playoff = [r for r in rows if r["level"] == "playoff"]
    assert playoff[0]["match"] == "M1" and playoff[0]["red_score"] == "166"
    assert [r["match"] for r in playoff] == [
        m["label"] for m in venue.schedule() if m["level"] == "playoff"]
    last = ftc_matches_json(venue)["matches"][-1]
    assert (last["tournamentLevel"], last["series"], last["matchNumber"]) == ("PLAYOFF", 1, 1)
    assert last["description"] == "Match 1"
    scores = ftc_scores_json(venue, "playoff")["matchScores"]
    assert len(scores) == 1 and scores[0]["matchLevel"] == "PLAYOFF"
    assert scores[0]["alliances"][0]["totalPoints"] == 166


# -- FLL and olympiad -------------------------------------------------------------------------
FLL_SHEET = {"m02_shark": "free"}


@pytest.fixture
def fll(database, clock):
    v = Venue(database, Bus(), clock)
    make_fll_event(v, teams=4)
    v.import_teams(ADMIN, f"number,name\n1001,{KAZAKH_TEAM}\n")
    yield v
    v.shutdown()


def test_robot_game_scores_by_round_and_best(fll):
    points = scoring.load_season("fll-2024-submerged").score(FLL_SHEET).total
    match = next(m for m in fll.schedule() if m["level"] == "qual" and m["red"] and m["blue"])
    field = match["field"]
    fll.load_match(SCOREKEEPER, field, match["id"])
    fll.start_match(SCOREKEEPER, field)
    fll.clock.advance(151)
    for side, ref in (("red", RED_REF), ("blue", BLUE_REF)):
        ref = ref.__class__(**{**ref.__dict__, "field": field})
        fll.submit_sheet(ref, match["id"], side, FLL_SHEET if side == "red" else {},
                         key=f"{side}-final-x1", final=True, agreed="AB")
    rows = read(robot_game_csv(fll))
    assert len(rows) == 4
    assert list(rows[0])[-4:] == ["round1", "round2", "round3", "best"]
    scoreboard = fll.fll.scoreboard()["rankings"]
    assert [int(r["team"]) for r in rows] == [r["team"]["number"] for r in scoreboard]
    winner = match["red"][0]["number"]
    assert rows[0]["team"] == str(winner) and rows[0]["rank"] == "1"
    assert rows[0]["round1"] == rows[0]["best"] == str(points)
    assert rows[0]["round2"] == ""
    assert any(r["name"] == KAZAKH_TEAM for r in rows)
    with pytest.raises(NotFound, match="robot game without alliances"):
        results_csv(fll)
    with pytest.raises(NotFound, match="robot_game_csv"):
        ftc_rankings_json(fll)


def test_olympiad_results_per_subject_with_marks_total_and_award(venue):
    make_olympiad(venue)
    desk = venue.olympiad
    desk.import_contest_results(ADMIN, "informatics",
                                "login,P1,P2,P3,P4,P5,P6\nBG-02,100,37.5,0,12,,100\n")
    rows = read(olympiad_results_csv(venue, "informatics"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["subject"], row["number"], row["name"]) == ("informatics", "BG-02",
                                                            "Elena Georgieva")
    assert [row[f"P{i}"] for i in range(1, 7)] == ["100", "37.5", "0", "12", "", "100"]
    assert row["total"] == "249.5" and row["max_total"] == "600"
    assert row["grade"] == "10" and row["school"] == "SMG Sofia"
    board = desk.results("informatics", public=False)["rows"][0]
    assert row["place"] == str(board["place"]) and row["award"] == board["award"]

    every = read(olympiad_results_csv(venue))
    assert len(every) == 8
    assert [r["subject"] for r in every] == sorted(
        [r["subject"] for r in every], key=["math", "physics", "informatics"].index)
    aliya = next(r for r in every if r["number"] == "KZ-01")
    assert aliya["name"] == "Әлия Құрманғалиқызы" and aliya["city"] == "Алматы"
    assert aliya["P1"] == "" and aliya["total"] == "0"
    physics = next(r for r in every if r["subject"] == "physics")
    assert physics["P6"] == ""  # physics has five problems
    with pytest.raises(NotFound, match="no subject 'chemistry'"):
        olympiad_results_csv(venue, "chemistry")


def test_a_replay_in_progress_keeps_the_committed_scores_without_stale_inputs(played):
    played.replay_match(SCOREKEEPER, 1)  # Q2 again: its sheets start blank
    scores = {m["matchNumber"]: m for m in ftc_scores_json(played, "qual")["matchScores"]}
    replayed = scores[2]["alliances"][0]
    assert replayed["totalPoints"] == 166 and replayed["autoSampleHigh"] is None
    assert scores[1]["alliances"][0]["autoSampleHigh"] == RED_SHEET["autoSampleHigh"]
    assert read(results_csv(played))[1]["red_score"] == "166"
