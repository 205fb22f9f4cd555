"""HTTP pages and JSON through the Flask test client: public reads, staff access, forged
requests, admin imports with row errors."""

from __future__ import annotations

import io
import re

import pytest


def sign_in(client, role, station=None, field=1):
    with client.session_transaction() as session:
        session["actor"] = {"name": f"Test {role}", "role": role, "user_id": None,
                            "device": "pytest", "field": field, "station": station}
        session["csrf"] = "token-123"


def test_healthz_answers_json(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


@pytest.mark.parametrize("path", ["/", "/rankings", "/schedule", "/teams/1001",
                                  "/display/audience", "/display/field?field=1", "/display/pit",
                                  "/display/overlay?field=1", "/login", "/api/rankings",
                                  "/api/matches", "/api/teams/1001", "/selection", "/bracket",
                                  "/api/selection", "/api/bracket"])
def test_public_pages_are_open(app, path):
    assert app.test_client().get(path).status_code == 200


def test_unknown_team_is_404_in_words(app):
    response = app.test_client().get("/api/teams/4242")
    assert response.status_code == 404
    assert "team 4242 is not registered" in response.get_json()["error"]


@pytest.mark.parametrize("path", ["/admin", "/scorekeeper/1", "/headref/1", "/referee/1/red",
                                  "/control/playoffs"])
def test_staff_pages_send_the_public_to_sign_in(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_referee_cannot_open_the_scorekeeper_or_admin_pages(app):
    client = app.test_client()
    sign_in(client, "referee", "red")
    assert client.get("/scorekeeper/1").status_code == 403
    assert client.get("/admin").status_code == 403
    assert client.get("/referee/1/blue").status_code == 403  # bound to red
    assert client.get("/referee/1/red").status_code == 200


def test_password_sign_in(app):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    wrong = client.post("/login", data={"username": "scorekeeper", "password": "nope",
                                        "csrf_token": token})
    assert wrong.status_code == 200 and client.get("/scorekeeper/1").status_code == 302
    ok = client.post("/login", data={"username": "scorekeeper",
                                     "password": "scorekeeper-password", "csrf_token": token})
    assert ok.status_code == 302
    assert client.get("/scorekeeper/1").status_code == 200


def test_forged_post_without_csrf_token_is_refused(app):
    client = app.test_client()
    sign_in(client, "admin")
    response = client.post("/admin/teams", data={"csv": (io.BytesIO(b"x"), "t.csv")})
    assert response.status_code == 400


def test_public_cannot_write_a_sheet(app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["csrf"] = "t"
    response = client.post("/api/sheets", json={"match_id": 1, "alliance": "red", "data": {},
                                                "key": "abcdefgh"}, headers={"X-CSRF-Token": "t"})
    assert response.status_code == 403


def test_referee_can_send_a_sheet_over_http_when_socketio_is_down(app):
    client = app.test_client()
    sign_in(client, "referee", "red")
    venue = app.extensions["zharys"]
    match = venue.upcoming()[0]["id"]
    body = {"match_id": match, "alliance": "red", "data": {"autoSampleLow": 2},
            "key": "http-fallback-1"}
    first = client.post("/api/sheets", json=body, headers={"X-CSRF-Token": "token-123"})
    again = client.post("/api/sheets", json=body, headers={"X-CSRF-Token": "token-123"})
    assert first.get_json()["breakdown"]["total"] == 8
    assert again.get_json()["duplicate"] is True
    bad = client.post("/api/sheets", json={**body, "key": "http-fallback-2",
                                           "data": {"autoSampleLow": 1.5}},
                      headers={"X-CSRF-Token": "token-123"})
    assert bad.status_code == 400 and bad.get_json()["errors"][0][0] == "autoSampleLow"


def test_admin_import_shows_row_errors_and_keeps_the_teams(app):
    client = app.test_client()
    sign_in(client, "admin")
    before = app.extensions["zharys"].teams()
    csv = b"number,name,organization,city,country\n5001,Ok,,,\nfive,Bad,,,\n"
    response = client.post("/admin/teams", data={"csv": (io.BytesIO(csv), "teams.csv"),
                                                 "csrf_token": "token-123"},
                           content_type="multipart/form-data", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "row 3" in page and "five" in page
    assert app.extensions["zharys"].teams() == before


def test_admin_import_rejects_a_file_that_is_not_utf8(app):
    client = app.test_client()
    sign_in(client, "admin")
    csv = "number,name\n5001,Қыран\n".encode("cp1251", errors="replace")
    page = client.post("/admin/teams", data={"csv": (io.BytesIO(csv), "teams.csv"),
                                             "csrf_token": "token-123"},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "UTF-8" in page.get_data(as_text=True)


def test_admin_generates_a_schedule_with_a_break(app):
    client = app.test_client()
    sign_in(client, "admin")
    response = client.post("/admin/schedule", data={
        "matches_per_team": "4", "start": "2026-11-22T09:00", "cycle_minutes": "7",
        "break_after": "4", "break_minutes": "30", "seed": "5", "csrf_token": "token-123"},
        follow_redirects=True)
    assert response.status_code == 200
    matches = app.extensions["zharys"].schedule()
    assert len(matches) == 8  # 8 teams × 4 matches / 4 per match
    assert matches[3]["scheduled_at"] == "2026-11-22T09:21"
    assert matches[4]["scheduled_at"] == "2026-11-22T09:58"


def test_admin_schedule_form_errors_name_the_field(app):
    client = app.test_client()
    sign_in(client, "admin")
    page = client.post("/admin/schedule", data={"matches_per_team": "0", "start": "",
                                                "cycle_minutes": "7",
                                                "csrf_token": "token-123"},
                       follow_redirects=True).get_data(as_text=True)
    assert "matches_per_team" in page and "start" in page


def test_admin_join_code_qr_is_inline_svg(app):
    client = app.test_client()
    sign_in(client, "admin")
    client.post("/admin/join-codes", data={"role": "referee", "field": "1", "station": "blue",
                                           "label": "Blue tablet", "csrf_token": "token-123"})
    page = client.get("/admin").get_data(as_text=True)
    assert "<svg" in page and "/join/" in page


def test_a_server_without_an_event_says_how_to_create_one(tmp_path):
    from web.app import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
                      "SECRET_KEY": "x"}, instance_path=str(tmp_path))
    client = app.test_client()
    assert client.get("/healthz").get_json()["event"] is False
    assert client.get("/").status_code == 200
    response = client.get("/api/rankings")
    assert response.status_code == 404
    assert "zharys create-event" in response.get_json()["error"]
    app.extensions["zharys"].db.dispose()


CSRF = {"X-CSRF-Token": "token-123"}


def test_playoff_commands_are_for_the_scorekeeper_and_answer_in_words(app):
    client = app.test_client()
    sign_in(client, "referee", "red")
    assert client.get("/control/playoffs").status_code == 403
    refused = client.post("/api/selection/start", json={"force": True}, headers=CSRF)
    assert refused.status_code == 403

    sign_in(client, "scorekeeper")
    forged = client.post("/api/selection/start", json={"force": True})
    assert forged.status_code == 400  # no CSRF header
    not_json = client.post("/api/selection/start", data="alliances=2", headers=CSRF)
    assert not_json.status_code == 400 and not_json.get_json()["errors"][0][0] == "body"
    early = client.post("/api/selection/start", json={}, headers=CSRF)
    assert early.status_code == 409 and "not committed" in early.get_json()["error"]

    board = client.post("/api/selection/start", json={"force": True, "pick_seconds": 45},
                        headers=CSRF)
    assert board.status_code == 200 and board.get_json()["timer"]["seconds"] == 45
    bad_team = client.post("/api/selection/action", json={"kind": "invite", "team": "x"},
                           headers=CSRF)
    assert bad_team.status_code == 400 and bad_team.get_json()["errors"][0][0] == "team"
    captain = board.get_json()["alliances"][0]["teams"][0]["number"]
    itself = client.post("/api/selection/action", json={"kind": "invite", "team": captain},
                         headers=CSRF)
    assert itself.status_code == 400 and itself.get_json()["errors"][0][0] == "selection"
    pick = board.get_json()["available"][0]["number"]
    invited = client.post("/api/selection/action", json={"kind": "invite", "team": pick},
                          headers=CSRF).get_json()
    assert invited["pending"]["number"] == pick
    undone = client.post("/api/selection/undo", json={}, headers=CSRF).get_json()
    assert undone["pending"] is None and not undone["can_undo"]
    nothing = client.post("/api/selection/undo", json={}, headers=CSRF)
    assert nothing.status_code == 409 and nothing.get_json()["error"] == "nothing to undo"
    early_bracket = client.post("/api/playoffs/create", json={}, headers=CSRF)
    assert early_bracket.status_code == 409
    no_bracket = client.post("/api/playoffs/forfeit", json={"match": "M1", "side": "red"},
                             headers=CSRF)
    assert no_bracket.status_code == 404


def test_scorekeeper_switches_the_audience_display(app):
    client = app.test_client()
    sign_in(client, "scorekeeper")
    bad = client.post("/api/display", json={"mode": "cinema"}, headers=CSRF)
    assert bad.status_code == 400 and bad.get_json()["errors"][0][0] == "mode"
    shown = client.post("/api/display", json={"mode": "selection"}, headers=CSRF).get_json()
    assert shown["mode"] == "selection" and shown["selection"] == {
        "started": False, "division": None, "server_ms": shown["selection"]["server_ms"]}
    assert app.extensions["zharys"].live_snapshot()["display"]["mode"] == "selection"
    page = client.get("/control/playoffs").get_data(as_text=True)
    assert 'data-display="bracket"' in page


def test_admin_splits_the_teams_into_divisions(app):
    client = app.test_client()
    sign_in(client, "admin")
    post = {"count": "2", "names": "Altai", "seed": "1", "csrf_token": "token-123"}
    page = client.post("/admin/divisions", data=post, follow_redirects=True)
    assert "give 2 names, one per division" in page.get_data(as_text=True)
    assert app.extensions["zharys"].divisions() == []
    page = client.post("/admin/divisions", data={**post, "names": "Altai, Tien Shan"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Tien Shan" in page
    divisions = app.extensions["zharys"].divisions()
    assert [(d["name"], d["teams"]) for d in divisions] == [("Altai", 4), ("Tien Shan", 4)]
    assert "?division=B" in client.get("/rankings").get_data(as_text=True)
    rows = client.get("/api/rankings?division=B").get_json()["rankings"]
    assert {r["division"] for r in rows} == {"B"} and len(rows) == 4
    wrong = client.post("/admin/divisions", data={**post, "count": "x"}, follow_redirects=True,
                        headers={"Accept-Language": "en"})
    assert "must be a whole number from 1 to 8" in wrong.get_data(as_text=True)
