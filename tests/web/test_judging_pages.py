"""FLL judging over HTTP (Flask test client): the judging room, rubric submissions, the
results page and its award settings, the awards ceremony script."""

from __future__ import annotations

import json
import re

import pytest
from factories import ADMIN, BLUE_REF, RED_REF, SCOREKEEPER, make_fll_event

from tournament.fll import SESSION_AREAS


@pytest.fixture
def db_url(tmp_path) -> str:
    """Pages on SQLite only: the FLL services under them run on both databases in
    tests/tournament, and the suite stays within its time."""
    return f"sqlite:///{tmp_path}/pages.sqlite3"


CSRF = {"X-CSRF-Token": "token-123"}


def sign_in(client, role, name=None):
    with client.session_transaction() as session:
        session["actor"] = {"name": name or f"Test {role}", "role": role, "user_id": None,
                            "device": "pytest", "field": 1, "station": None}
        session["csrf"] = "token-123"


@pytest.fixture
def fll_app(app):
    """The app with an FLL event (the newest event is the venue's)."""
    make_fll_event(app.extensions["zharys"], teams=6)
    return app


@pytest.fixture
def venue(fll_app):
    return fll_app.extensions["zharys"]


def client_as(app, role, name=None):
    client = app.test_client()
    sign_in(client, role, name)
    return client


def page_config(html: str) -> dict:
    found = re.search(r'<script id="page-config" type="application/json">(.*?)</script>', html,
                      re.S)
    return json.loads(found.group(1))


def rows(venue, area):
    return [r.id for r in venue.season().judging.rows_of(area)]


def room_of(venue, team, area):
    """The room of the team's session that judges ``area`` (from the planned day)."""
    found = [i["room"] for i in venue.fll.day()["items"]
             if i["kind"] == "judging" and i["team"] == team and area in SESSION_AREAS[i["what"]]]
    assert len(found) == 1, (team, area, found)
    return found[0]


def rubric_body(venue, *, key, team=1001, area="robot_design", room=None, level=3, final=True):
    room = room_of(venue, team, area) if room is None else room
    return {"key": key, "team": team, "area": area, "room": room,
            "levels": {r: level for r in rows(venue, area)},
            "comments": {"general": "clear strategy"}, "final": final}


# -- access --------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/judging", "/judging/results", "/awards/script"])
def test_the_public_is_sent_to_sign_in(fll_app, path):
    response = fll_app.test_client().get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_referee_may_not_judge_and_a_judge_may_not_see_results(fll_app, venue):
    referee = client_as(fll_app, "referee")
    assert referee.get("/judging").status_code == 403
    assert referee.post("/api/judging/rubric", json=rubric_body(venue, key="ref-000001"),
                        headers=CSRF).status_code == 403
    judge = client_as(fll_app, "judge")
    for path in ("/judging/results", "/api/judging/results", "/awards/script"):
        assert judge.get(path).status_code == 403, path
    assert judge.post("/api/judging/awards", json={"advancing": 1},
                      headers=CSRF).status_code == 403


# -- the judging room ----------------------------------------------------------------------
def test_the_judging_room_page_carries_sessions_and_the_rubric_text(fll_app, venue):
    judge = client_as(fll_app, "judge")
    response = judge.get("/judging")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = page_config(html)
    assert page["kind"] == "judging" and page["room"] == 1 and page["rooms"] == 2
    assert page["sessions"] == venue.fll.judging_room(ADMIN, 1)["sessions"]
    assert [a["id"] for a in page["rubric"]["areas"]] == [
        "innovation_project", "robot_design", "core_values"]
    assert len(page["rubric"]["levels"]) == 4
    assert all(len(r["levels"]) == 4 for r in page["rubric"]["rows"])
    assert "js/judging.js" in html and "css/judging.css" in html
    assert 'href="/judging?room=2"' in html  # the room switcher
    assert re.search(r'<a href="/judging"[^>]*>', html)  # the nav link
    strings = json.loads(re.search(r'<script id="i18n" type="application/json">(.*?)</script>',
                                   html, re.S).group(1))
    assert strings["jr.sync.saved"] and strings["jr.status.submitted"]
    room2 = page_config(judge.get("/judging?room=2").get_data(as_text=True))
    assert room2["room"] == 2
    assert judge.get("/judging?room=x").status_code == 400


def test_the_judging_room_page_is_translated(fll_app):
    judge = client_as(fll_app, "judge")
    html = judge.get("/judging?lang=ru").get_data(as_text=True)
    page = page_config(html)
    assert page["lang"] == "ru"
    assert page["rubric"]["areas"][0]["title"] == "Инновационный проект"
    assert page["rubric"]["levels"][3]["title"]  # Exceeds, in Russian from the season


def test_a_judge_submits_a_rubric_once_per_key(fll_app, venue):
    judge = client_as(fll_app, "judge", "Aigerim")
    body = rubric_body(venue, key="web-rubric-0001")
    room_no = body["room"]
    first = judge.post("/api/judging/rubric", json=body, headers=CSRF)
    assert first.status_code == 200 and first.get_json() == {"ok": True, "revision": 1}
    again = judge.post("/api/judging/rubric", json={**body, "levels": {}}, headers=CSRF)
    assert again.status_code == 200 and again.get_json()["revision"] == 1
    # Numbers sent as text (a form) are taken too.
    text = judge.post("/api/judging/rubric",
                      json={**rubric_body(venue, key="web-rubric-0002", level=2),
                            "team": "1001", "room": str(room_no)}, headers=CSRF)
    assert text.get_json()["revision"] == 2
    room = judge.get(f"/api/judging/room?room={room_no}").get_json()
    assert room["room"] == room_no
    stored = venue.fll.judging_room(ADMIN, room_no)
    assert room == stored
    rubric = next(s["rubrics"]["robot_design"] for s in room["sessions"]
                  if s["team"]["number"] == 1001 and s["kind"] == "robot_design")
    assert rubric["final"] is True and rubric["by"] == "Aigerim" and rubric["revision"] == 2


def test_a_rubric_for_another_room_or_with_bad_comments_is_refused_by_name(fll_app, venue):
    judge = client_as(fll_app, "judge")
    right = room_of(venue, 1001, "robot_design")
    wrong = 2 if right == 1 else 1
    response = judge.post("/api/judging/rubric", headers=CSRF,
                          json=rubric_body(venue, key="wrong-room-01", room=wrong))
    assert response.status_code == 400
    assert [w for w, _ in response.get_json()["errors"]] == ["room"]
    # Core Values is judged in the Innovation Project session, never in Robot Design's.
    robot_design = next(s for s in venue.fll.judging_room(ADMIN, right)["sessions"]
                        if s["team"]["number"] == 1001 and s["kind"] == "robot_design")
    assert robot_design["areas"] == ["robot_design"]
    response = judge.post("/api/judging/rubric", headers=CSRF, json={
        **rubric_body(venue, key="bad-comments-1"), "comments": ["well built"]})
    assert response.status_code == 400
    assert [w for w, _ in response.get_json()["errors"]] == ["comments"]
    assert all(r is None for r in robot_design["rubrics"].values())
    assert judge.post("/api/judging/rubric", headers=CSRF,
                      json=rubric_body(venue, key="wrong-room-01")).status_code == 200


def test_a_submitted_rubric_refuses_a_later_incomplete_draft(fll_app, venue):
    judge = client_as(fll_app, "judge")
    assert judge.post("/api/judging/rubric", headers=CSRF,
                      json=rubric_body(venue, key="final-first-1")).status_code == 200
    ids = rows(venue, "robot_design")
    response = judge.post("/api/judging/rubric", headers=CSRF, json={
        **rubric_body(venue, key="later-draft-1", final=False),
        "levels": {r: 2 for r in ids[1:]}})
    assert response.status_code == 400
    assert [w for w, _ in response.get_json()["errors"]] == [ids[0]]


def test_a_rubric_without_the_csrf_token_is_refused(fll_app, venue):
    judge = client_as(fll_app, "judge")
    response = judge.post("/api/judging/rubric", json=rubric_body(venue, key="no-csrf-0001"))
    assert response.status_code == 400


def test_a_bad_rubric_is_refused_with_the_rows_named(fll_app, venue):
    judge = client_as(fll_app, "judge")
    ids = rows(venue, "robot_design")
    body = {**rubric_body(venue, key="bad-rubric-01"),
            "levels": {ids[0]: 4, ids[1]: 7}, "comments": {}}
    response = judge.post("/api/judging/rubric", json=body, headers=CSRF)
    assert response.status_code == 400
    places = {w for w, _ in response.get_json()["errors"]}
    assert ids[1] in places and f"comment.{ids[0]}" in places and ids[2] in places
    not_json = judge.post("/api/judging/rubric", data="x", headers=CSRF)
    assert not_json.status_code == 400
    assert not_json.get_json()["errors"][0][0] == "body"


# -- results and awards --------------------------------------------------------------------
def judge_some(venue):
    for team, level in ((1001, 4), (1002, 3), (1003, 2)):
        for area in ("innovation_project", "robot_design", "core_values"):
            levels = {r: level for r in rows(venue, area)}
            comments = {r: "why" for r in levels} if level == 4 else {}
            venue.fll.submit_rubric(ADMIN, key=f"judge-{team}-{area}", team=team, area=area,
                                    room=room_of(venue, team, area), levels=levels,
                                    comments=comments, final=True)


def test_the_results_page_shows_teams_awards_and_missing_rubrics(fll_app, venue):
    judge_some(venue)
    admin = client_as(fll_app, "admin")
    response = admin.get("/judging/results?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Champion&#39;s Award" in html and "Robot Design Award" in html
    table = html[html.index("jres-table"):html.index("</table>")]
    assert table.index(">1001</a>") < table.index(">1002</a>") < table.index(">1003</a>")
    assert "Robot Game" in table
    assert 'href="/awards/script"' in html
    assert "9 rubrics are still missing" in html  # 1004–1006: IP, RD and one Core Values
    missing = html[html.index('class="jres-missing"'):]
    missing = missing[:missing.index("</ul>")]
    expected = venue.fll.results(ADMIN)["missing"]
    assert len(expected) == 9
    titles = {"innovation_project": "Innovation Project", "robot_design": "Robot Design",
              "core_values": "Core Values"}
    for item in expected:
        assert (f'<li data-team="{item["team"]}" data-area="{item["area"]}" '
                f'data-room="{item["room"]}">Team {item["team"]}: {titles[item["area"]]}, '
                f'room {item["room"]}</li>') in missing
    assert "{" not in missing and "&#39;" not in missing  # no dict printed as text
    assert 'data-count="robot_performance"' in html and 'value="3"' in html
    assert 'data-nominations="coach_mentor"' in html
    api = admin.get("/api/judging/results")
    assert api.status_code == 200
    assert api.get_json() == venue.fll.results(ADMIN)


def test_the_missing_rubrics_use_the_pages_language_for_the_areas(fll_app, venue):
    admin = client_as(fll_app, "admin")
    html = admin.get("/judging/results?lang=ru").get_data(as_text=True)
    missing = html[html.index('class="jres-missing"'):]
    missing = missing[:missing.index("</ul>")]
    ru = {a["id"]: a["title"] for a in venue.season().judging.to_dict("ru")["areas"]}
    assert missing.count("<li ") == 18
    for area in ("innovation_project", "robot_design", "core_values"):
        assert ru[area] in missing
    assert "Innovation Project" not in missing


def play_first_qual(venue):
    """Play the first ranked robot-game match with two teams; both tables agree."""
    match = next(m for m in venue.schedule() if m["level"] == "qual" and m["red"] and m["blue"])
    field = match["field"]
    venue.load_match(SCOREKEEPER, field, match["id"])
    venue.start_match(SCOREKEEPER, field)
    venue.clock.advance(151)
    sheets = {"red": {"m02_shark": "free"}, "blue": {}}
    for side, ref in (("red", RED_REF), ("blue", BLUE_REF)):
        ref = ref.__class__(**{**ref.__dict__, "field": field})
        venue.submit_sheet(ref, match["id"], side, sheets[side],
                           key=f"{side}-final-{match['id']}", final=True, agreed="AB")
    return match["red"][0]["number"], match["blue"][0]["number"]


def test_the_robot_game_column_shows_the_best_score_next_to_the_rank(fll_app, venue):
    red, blue = play_first_qual(venue)
    best = {r["team"]["number"]: r["best"] for r in venue.rankings()}
    assert best[red] > best[blue] >= 0
    html = client_as(fll_app, "admin").get("/judging/results?lang=en").get_data(as_text=True)
    table = html[html.index("jres-table"):html.index("</table>")]
    cells = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        number = int(re.search(r">(\d+)</a>", row).group(1))
        cells[number] = re.findall(r'<td class="num">(.*?)</td>', row, re.S)[-1]
    assert len(cells) == 6
    for team, cell in cells.items():
        shown = re.search(r'class="jres-score jres-best"[^>]*>([^<]*)<', cell).group(1)
        assert shown == (str(best[team]) if best[team] is not None else "—"), team
        assert re.search(r'class="jres-rank">(rank \d+|no rank)<', cell)
    assert re.search(rf'>{best[red]}</span>\s*<span class="jres-rank">rank 1<', cells[red])
    lines = {line["team"]["number"]: line for line in
             client_as(fll_app, "admin").get("/api/judging/results").get_json()["teams"]}
    assert lines[red]["robot_best"] == best[red] and lines[blue]["robot_best"] == best[blue]


def test_award_settings_are_posted_as_json(fll_app, venue):
    judge_some(venue)
    admin = client_as(fll_app, "admin")
    answer = admin.post("/api/judging/awards", headers=CSRF, json={
        "counts": {"champions": "2", "robot_performance": 1},
        "advancing": "2", "nominations": {"coach_mentor": "1003", "motivate": "1002, 1003;1001"}})
    assert answer.status_code == 200, answer.get_json()
    data = answer.get_json()
    awards = {a["id"]: a for a in data["awards"]}
    assert awards["champions"]["count"] == 2 and awards["robot_performance"]["count"] == 1
    assert data["nominations"] == {"coach_mentor": [1003], "motivate": [1002, 1003, 1001]}
    assert data["advancement_slots"] == 2
    html = admin.get("/judging/results").get_data(as_text=True)
    assert 'value="1002, 1003, 1001"' in html
    # A later post with one award merges into the stored settings.
    again = admin.post("/api/judging/awards", headers=CSRF,
                       json={"counts": {"robot_design": "0"}, "nominations": {"motivate": ""}})
    assert again.status_code == 200, again.get_json()
    data = again.get_json()
    awards = {a["id"]: a for a in data["awards"]}
    assert (awards["champions"]["count"], awards["robot_performance"]["count"],
            awards["robot_design"]["count"]) == (2, 1, 0)
    assert data["nominations"] == {"coach_mentor": [1003], "motivate": []}
    assert data["advancement_slots"] == 2


@pytest.mark.parametrize("body, key", [
    ({"nominations": {"coach_mentor": "12ab"}}, "nominations.coach_mentor"),
    ({"nominations": {"coach_mentor": "4242"}}, "nominations.coach_mentor"),
    ({"counts": {"nope": 1}}, "counts.nope"),
    ({"counts": {"champions": "x"}}, "counts.champions"),
    ({"advancing": "-1"}, "advancing"),
    ({"counts": [1]}, "counts"),
])
def test_bad_award_settings_name_the_field(fll_app, body, key):
    admin = client_as(fll_app, "admin")
    response = admin.post("/api/judging/awards", json=body, headers=CSRF)
    assert response.status_code == 400
    assert key in {w for w, _ in response.get_json()["errors"]}


# -- the awards script ---------------------------------------------------------------------
def test_the_awards_script_is_in_the_events_language_with_champions_last(fll_app, venue):
    judge_some(venue)
    venue.fll.set_awards(ADMIN, advancing=2, counts={"champions": 2})
    admin = client_as(fll_app, "admin")
    html = admin.get("/awards/script?lang=en").get_data(as_text=True)  # the reader's: English
    assert '<html lang="kk">' in html  # the event's language wins
    judging = venue.season().judging.to_dict("kk")
    titles = {a["id"]: a["title"] for a in judging["awards"]}
    positions = {a: html.index(t) for a, t in titles.items() if t in html}
    assert positions["champions"] == max(positions.values())
    assert positions["robot_performance"] < positions["robot_design"]
    # The Champion's award is read out last, its second place before its first.
    champions = html[html.index('data-award="champions"'):]
    champions = champions[:champions.index("</li>")]
    assert re.findall(r'data-team="(\d+)"', champions) == ["1002", "1001"]
    lines = re.findall(r'<p class="script-line" data-team="(\d+)">', html)
    assert lines[-2:] == ["1002", "1001"]
    assert lines == ["1003", "1002", "1001"]  # 1003: Innovation Project (the one it may win)
    advancing = html[html.index("script-advancing"):]
    assert "1001" in advancing and "1002" in advancing
    assert "«Team 1001»" in html
