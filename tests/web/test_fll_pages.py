"""FLL pages through the Flask test client: the table tablet's page, the scoreboard, the day
views, the head referee's sheets and reopen, the day form, FLL rankings and head-to-head
playoffs from the desk."""

import re

import pytest
from factories import ADMIN, BLUE_REF, RED_REF, SCOREKEEPER, make_fll_event


@pytest.fixture
def db_url(tmp_path) -> str:
    """Pages on SQLite only: the FLL services under them run on both databases in
    tests/tournament, and the suite stays within its time."""
    return f"sqlite:///{tmp_path}/pages.sqlite3"


CSRF = {"X-CSRF-Token": "token-123"}


def sign_in(client, role, station=None, field=1):
    with client.session_transaction() as session:
        session["actor"] = {"name": f"Test {role}", "role": role, "user_id": None,
                            "device": "pytest", "field": field, "station": station}
        session["csrf"] = "token-123"


@pytest.fixture
def fll_app(app):
    """The test app with an FLL event as the active (newest) one."""
    venue = app.extensions["zharys"]
    make_fll_event(venue, teams=6, pairs=2, rooms=2)
    return app


def played(venue, score_red=None):
    """Play the first ranked match with two teams; both tables agree."""
    match = next(m for m in venue.schedule() if m["level"] == "qual" and m["red"]
                 and m["blue"])
    field = match["field"]
    venue.load_match(SCOREKEEPER, field, match["id"])
    venue.start_match(SCOREKEEPER, field)
    venue.clock.advance(151)
    for side, ref, sheet in (("red", RED_REF, score_red or {"m12_krill": 5}),
                             ("blue", BLUE_REF, {"m16_precision_tokens": "t2"})):
        ref = ref.__class__(**{**ref.__dict__, "field": field})
        venue.submit_sheet(ref, match["id"], side, sheet, key=f"web-{side}-{match['id']}",
                           final=True, agreed="ZZ")
    return match


def test_table_tablet_page_names_the_table_and_carries_the_season(fll_app):
    client = fll_app.test_client()
    sign_in(client, "referee", station="blue", field=2)
    client.get("/lang/en")
    html = client.get("/referee/2/blue").get_data(as_text=True)
    assert "Table 4" in html  # pair 2, even table
    assert 'id="ref-agree-btn"' in html and 'id="ref-initials"' in html
    config = re.search(r'id="page-config" type="application/json">(.*?)</script>', html, re.S)
    assert '"game": "team"' in config.group(1) and '"constraints"' in config.group(1)


def test_scoreboard_shows_round_and_best_scores(fll_app):
    venue = fll_app.extensions["zharys"]
    client = fll_app.test_client()
    html = client.get("/scoreboard").get_data(as_text=True)
    assert "Practice round" in html or "Тренировка" in html or "Жаттығу" in html
    match = played(venue)
    board = client.get("/api/scoreboard").get_json()
    assert board["rounds"] == 3
    top = board["rankings"][0]
    assert top["team"]["number"] == match["red"][0]["number"] and top["best"] == 100
    html = client.get("/scoreboard").get_data(as_text=True)
    assert ">100<" in html


def test_rankings_page_shows_round_columns_for_the_robot_game(fll_app):
    venue = fll_app.extensions["zharys"]
    played(venue)
    client = fll_app.test_client()
    client.get("/lang/en")
    html = client.get("/rankings").get_data(as_text=True)
    assert "Round 3" in html and "Best" in html and "TBP1" not in html
    team = venue.rankings()[0]["team"]["number"]
    page = client.get(f"/teams/{team}").get_data(as_text=True)
    assert "Best" in page and ">100<" in page


def test_day_views_per_team_table_and_room(fll_app):
    venue = fll_app.extensions["zharys"]
    client = fll_app.test_client()
    client.get("/lang/en")
    whole = client.get("/day").get_data(as_text=True)
    assert "No conflicts" in whole
    team = client.get("/day?team=1001").get_data(as_text=True)
    assert "Day of team 1001" in team and "Practice round" in team
    assert "Innovation Project judging" in team and "Robot Design judging" in team
    data = client.get("/api/day?table=3").get_json()
    assert data["items"] and {i["table"] for i in data["items"]} == {3}
    room = client.get("/api/day?room=2").get_json()["items"]
    assert room and all(i["kind"] == "judging" and i["room"] == 2 for i in room)
    assert client.get("/api/day?team=abc").status_code == 400
    day = venue.fll.day()
    assert day["tables"] == 4 and day["conflicts"] == []


def test_head_referee_reopens_a_table_sheet(fll_app):
    venue = fll_app.extensions["zharys"]
    match = played(venue)
    client = fll_app.test_client()
    sign_in(client, "referee", station="red")
    assert client.get("/control/robot-game").status_code == 403
    assert client.post("/api/robot-game/reopen", json={"match_id": match["id"],
                       "alliance": "red"}, headers=CSRF).status_code == 403
    sign_in(client, "head_referee")
    page = client.get("/control/robot-game").get_data(as_text=True)
    assert match["label"] in page and "data-reopen" in page
    bad = client.post("/api/robot-game/reopen", json={"match_id": "x", "alliance": "red"},
                      headers=CSRF)
    assert bad.status_code == 400 and bad.get_json()["errors"][0][0] == "match_id"
    ok = client.post("/api/robot-game/reopen", json={"match_id": match["id"],
                     "alliance": "red"}, headers=CSRF)
    assert ok.status_code == 200 and ok.get_json()["final"] is False
    again = client.post("/api/robot-game/reopen", json={"match_id": match["id"],
                        "alliance": "red"}, headers=CSRF)
    assert again.status_code == 409


def test_day_form_plans_the_day_or_says_what_is_wrong(fll_app):
    client = fll_app.test_client()
    sign_in(client, "admin")
    client.get("/lang/en")
    page = client.get("/admin").get_data(as_text=True)
    assert 'id="day-form"' in page and 'id="schedule-form"' not in page
    form = {"start": "2026-11-23T09:00", "match_cycle": "8", "rooms": "2",
            "judging": "combined", "session_length": "30", "session_cycle": "35",
            "travel": "10", "lunch_start": "12:00", "lunch_minutes": "40", "csrf_token":
            "token-123"}
    done = client.post("/admin/day", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Day planned" in done
    venue = fll_app.extensions["zharys"]
    items = venue.fll.day()["items"]
    assert {i["what"] for i in items if i["kind"] == "judging"} == {"combined"}
    assert not any(i["start"][11:16] < "12:40" and i["end"][11:16] > "12:00" for i in items)
    bad = client.post("/admin/day", data={**form, "rooms": "0"},
                      follow_redirects=True).get_data(as_text=True)
    assert "rooms" in bad and "from 1 to 20" in bad


def test_head_to_head_playoffs_from_the_desk(fll_app):
    venue = fll_app.extensions["zharys"]
    for m in [m for m in venue.schedule() if m["level"] == "qual"]:
        field = m["field"]
        venue.load_match(SCOREKEEPER, field, m["id"])
        venue.start_match(SCOREKEEPER, field)
        venue.clock.advance(151)
        for side, ref in (("red", RED_REF), ("blue", BLUE_REF)):
            if m[side]:
                ref = ref.__class__(**{**ref.__dict__, "field": field})
                krill = m[side][0]["number"] % 6
                venue.submit_sheet(ref, m["id"], side, {"m12_krill": krill},
                                   key=f"h2h-{side}-{m['id']}", final=True, agreed="Q")
    client = fll_app.test_client()
    sign_in(client, "scorekeeper")
    page = client.get("/control/playoffs").get_data(as_text=True)
    assert 'name="top_teams"' in page
    answer = client.post("/api/playoffs/create", json={"kind": "single", "top_teams": 4},
                         headers=CSRF)
    assert answer.status_code == 200, answer.get_json()
    seeds = [r["team"]["number"] for r in venue.rankings()[:4]]
    semis = [m for m in venue.schedule() if m["level"] == "playoff"]
    assert sorted((m["red"][0]["number"], m["blue"][0]["number"]) for m in semis) == sorted(
        [(seeds[0], seeds[3]), (seeds[1], seeds[2])])
    too_many = client.post("/api/playoffs/create", json={"kind": "single", "top_teams": 40},
                           headers=CSRF)
    assert too_many.status_code in (400, 409)


def test_fll_demo_seeds_a_whole_day(app):
    from tournament.demo import seed_fll_demo

    venue = app.extensions["zharys"]
    info = seed_fll_demo(venue)
    assert info["teams"] == 24 and info["matches"] > 0 and "judge" in info["join_codes"]
    assert venue.event_info()["code"] == "demo-fll"
    assert venue.fll.day()["conflicts"] == []
    assert ADMIN.can("judging.results")


def test_paper_score_sheet_comes_from_the_season_file(fll_app):
    client = fll_app.test_client()
    client.get("/lang/en")
    html = client.get("/score-sheet").get_data(as_text=True)
    assert "M14 Sample Collection" in html and "M16 Precision tokens" in html
    assert "Team member initials" in html
    assert "1 → 20" in html and "2 → 30" in html  # the trident's computed line
    assert "water sample can be in the vessel only if" in html  # R1's message
    client.get("/lang/kk")
    kk = client.get("/score-sheet").get_data(as_text=True)
    assert "M14" in kk and "ә" in kk.lower() or "қ" in kk.lower()


def test_home_page_of_an_fll_event_links_its_pages(fll_app):
    client = fll_app.test_client()
    sign_in(client, "admin")
    client.get("/lang/en")
    html = client.get("/").get_data(as_text=True)
    assert 'href="/scoreboard"' in html and 'href="/day"' in html and 'href="/judging"' in html
    assert "Tables 3–4" in html and "Table 4" in html and "Red referee" not in html
