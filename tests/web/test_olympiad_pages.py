"""The olympiad over HTTP (Flask test client) and the /jury Socket.IO namespace: who may open
which page, blind marking that never shows a name, the public board (freeze, ceremony), the
leaders' link and appeals, the organiser's page and documents."""

from __future__ import annotations

import json
import re

import pytest
from factories import ADMIN

from tournament.accounts import Actor

CSV = """number,name,gender,school,city,country,grade,language,subject,leaders
KZ-01,Әлия Құрманғалиқызы,f,НЗМ Астана,Астана,Қазақстан,10,kk,math,Сәуле Әбенова
KZ-02,Нұрлан Серікұлы,m,НЗМ Астана,Астана,Қазақстан,11,kk,math,
KZ-03,Дана Ержанқызы,f,НЗМ Алматы,Алматы,Қазақстан,11,ru,math,Ғалым Оспанов
RU-01,Иван Петров,m,Лицей 239,Санкт-Петербург,Россия,11,ru,math,
TR-01,Ayşe Yılmaz,f,Ankara Fen Lisesi,Ankara,Türkiye,11,en,math,
TR-02,Mehmet Kaya,m,Ankara Fen Lisesi,Ankara,Türkiye,10,en,math,
KZ-11,Арман Қасымов,m,НЗМ Астана,Астана,Қазақстан,11,kk,physics,
"""
PEOPLE = [line.split(",")[:2] for line in CSV.strip().splitlines()[1:]]
SCHOOLS = ("НЗМ Астана", "НЗМ Алматы", "Лицей 239", "Ankara Fen Lisesi")
# Contest-style totals so the board has medals: math P1..P6, max 7 each.
MATH_MARKS = {"KZ-01": [7, 7, 7, 7, 7, 7], "KZ-02": [7, 7, 5, 5, 3, 3],
              "KZ-03": [5, 5, 3, 3, 1, 1], "RU-01": [7, 7, 7, 7, 7, 5],
              "TR-01": [3, 3, 1, 1, 0, 0], "TR-02": [1, 0, 0, 0, 0, 0]}
CSRF = {"X-CSRF-Token": "token-123"}


@pytest.fixture
def db_url(tmp_path) -> str:
    """Pages on SQLite only: the olympiad service runs on both databases in tests/tournament,
    and the suite stays within its time."""
    return f"sqlite:///{tmp_path}/olympiad-pages.sqlite3"


@pytest.fixture
def venue(app):
    v = app.extensions["zharys"]
    v.olympiad.create(ADMIN, "izho", "IZhO", "izho")
    v.olympiad.import_participants(ADMIN, CSV)
    for name in ("juror1", "juror2", "juror3"):
        v.create_user(ADMIN, name, f"{name}-password", "jury")
    return v


def user_id(venue, username):
    from sqlalchemy import select

    from tournament.models import User

    with venue.db.session() as session:
        return session.scalar(select(User.id).where(User.username == username))


def client_as(app, role, name=None, user_id=None, school=None):
    client = app.test_client()
    with client.session_transaction() as session:
        session["actor"] = {"name": name or f"Test {role}", "role": role, "user_id": user_id,
                            "device": "pytest", "field": None, "station": None,
                            "school": school}
        session["csrf"] = "token-123"
    return client


def juror(app, venue, name):
    return client_as(app, "jury", name, user_id(venue, name))


def jury_actor(venue, name):
    return Actor(name=name, role="jury", user_id=user_id(venue, name), device="test")


def math_problems(venue):
    return [p for s in venue.olympiad.info()["subjects"] if s["code"] == "math"
            for r in s["rounds"] for p in r["problems"]]


def codes_of(venue, number):
    return next(p["codes"] for p in venue.olympiad.participants(ADMIN) if p["number"] == number)


def mark_everything(venue):
    """Agreed marks for every math work (as a contest system would send them)."""
    rows = ["number,P1,P2,P3,P4,P5,P6"] + [
        ",".join([number, *map(str, marks)]) for number, marks in MATH_MARKS.items()]
    venue.olympiad.import_contest_results(ADMIN, "math", "\n".join(rows) + "\n")


def page_config(html: str) -> dict:
    found = re.search(r'<script id="page-config" type="application/json">(.*?)</script>', html,
                      re.S)
    return json.loads(found.group(1))


def assert_no_names(text: str) -> None:
    for number, name in PEOPLE:
        assert name not in text, name
        assert number not in text, number
    for school in SCHOOLS:
        assert school not in text, school


# -- access --------------------------------------------------------------------------------
STAFF_PAGES = {
    "/jury": ("jury", "admin"),
    "/jury/appeals": ("jury", "admin"),
    "/olympiad/control": ("scorekeeper", "admin"),
    "/olympiad/admin": ("admin",),
}


@pytest.mark.parametrize("path", ["/olympiad", "/olympiad/results",
                                  "/olympiad/results?subject=physics",
                                  "/olympiad/results?view=schools"])
def test_public_pages_render(app, venue, path):
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert "IZhO" in response.get_data(as_text=True)


def test_home_links_the_olympiad(app, venue):
    html = app.test_client().get("/").get_data(as_text=True)
    assert 'href="/olympiad"' in html and "view=schools" in html


@pytest.mark.parametrize("path", sorted(STAFF_PAGES))
def test_staff_pages_by_role(app, venue, path):
    anonymous = app.test_client().get(path)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    for role in ("jury", "scorekeeper", "referee", "leader", "admin"):
        client = client_as(app, role, school=1 if role == "leader" else None)
        expected = 200 if role in STAFF_PAGES[path] else 403
        assert client.get(path).status_code == expected, (path, role)


def test_the_jury_problem_page_and_api_show_codes_never_names(app, venue):
    problem = math_problems(venue)[0]
    client = juror(app, venue, "juror1")
    code = codes_of(venue, "KZ-01")[0]
    start = client.get("/jury")
    assert start.status_code == 200
    assert f"/jury/problem/{problem['id']}" in start.get_data(as_text=True)
    assert_no_names(start.get_data(as_text=True))
    html = client.get(f"/jury/problem/{problem['id']}").get_data(as_text=True)
    assert code in html and "autofocus" in html and 'step="1"' in html and 'max="7"' in html
    assert_no_names(html)
    api = client.get(f"/api/jury/problems/{problem['id']}")
    assert api.status_code == 200 and code in api.get_data(as_text=True)
    assert_no_names(api.get_data(as_text=True))
    assert client_as(app, "referee").get(f"/api/jury/problems/{problem['id']}"
                                         ).status_code == 403
    assert app.test_client().get(f"/jury/problem/{problem['id']}").status_code == 302


def test_two_marks_agree_or_dispute(app, venue):
    problem = math_problems(venue)[0]
    url = f"/api/jury/problems/{problem['id']}/marks"
    first, second = juror(app, venue, "juror1"), juror(app, venue, "juror2")
    close, far = codes_of(venue, "KZ-01")[0], codes_of(venue, "KZ-02")[0]
    # A scanned cover sheet's QR works as well as a typed code.
    row = first.post(url, json={"code": f"ZHW:{close}:P1", "mark": 6}, headers=CSRF).get_json()
    assert row == {**row, "code": close, "status": "first", "mine": 6, "first": None}
    row = second.post(url, json={"code": close.lower(), "mark": "7"}, headers=CSRF).get_json()
    assert row["status"] == "agreed" and row["agreed"] == 7 and row["first"] == 6
    first.post(url, json={"code": far, "mark": 1}, headers=CSRF)
    row = second.post(url, json={"code": far, "mark": 6}, headers=CSRF).get_json()
    assert row["status"] == "disputed" and row["agreed"] is None
    assert_no_names(json.dumps(row, ensure_ascii=False))
    # Bad input is refused with the reason.
    bad = first.post(url, json={"code": codes_of(venue, "KZ-03")[0], "mark": 9}, headers=CSRF)
    assert bad.status_code == 400 and bad.get_json()["errors"][0][0] == "mark"
    wrong_sheet = first.post(url, json={"code": f"ZHW:{close}:P2", "mark": 1}, headers=CSRF)
    assert wrong_sheet.status_code == 400
    assert first.post(url, json={"code": far, "mark": 1}).status_code == 400  # no CSRF token
    # A third juror settles the disagreement.
    third = juror(app, venue, "juror3")
    settled = third.post(f"/api/jury/problems/{problem['id']}/agreed",
                         json={"code": far, "mark": 4, "note": "read again"}, headers=CSRF)
    assert settled.status_code == 200 and settled.get_json()["status"] == "resolved"
    refused = first.post(f"/api/jury/problems/{problem['id']}/agreed",
                         json={"code": close, "mark": 4}, headers=CSRF)
    assert refused.status_code in (403, 409)


def test_the_jury_namespace_gets_codes_and_refuses_the_public(app, venue):
    from web.extensions import socketio

    problem = math_problems(venue)[0]
    client = juror(app, venue, "juror1")
    jury = socketio.test_client(app, namespace="/jury", flask_test_client=client)
    assert jury.is_connected("/jury")
    jury.get_received("/jury")
    code = codes_of(venue, "TR-01")[0]
    assert client.post(f"/api/jury/problems/{problem['id']}/marks",
                       json={"code": code, "mark": 3}, headers=CSRF).status_code == 200
    events = [e for e in jury.get_received("/jury") if e["name"] == "marks.updated"]
    assert len(events) == 1
    payload = events[0]["args"][0]["payload"]
    assert payload == {"problem_id": problem["id"], "code": code, "status": "first"}
    assert_no_names(json.dumps(events, ensure_ascii=False))
    jury.disconnect("/jury")

    anonymous = socketio.test_client(app, namespace="/jury",
                                     flask_test_client=app.test_client())
    assert not anonymous.is_connected("/jury")
    referee = socketio.test_client(app, namespace="/jury",
                                   flask_test_client=client_as(app, "referee"))
    assert not referee.is_connected("/jury")


# -- the public board ----------------------------------------------------------------------
def test_public_results_have_names_and_medals_once_announced(app, venue):
    mark_everything(venue)
    public = app.test_client()
    data = public.get("/api/olympiad/results?subject=math").get_json()
    # Still being marked: totals and places, no marks per problem, no medals yet.
    assert data["announced"] is False and data["winners"] == [] and data["cutoffs"] == {}
    assert {r["award"] for r in data["rows"]} == {None}
    assert {r["marks"] is None for r in data["rows"]} == {True}
    venue.olympiad.publish_provisional(ADMIN, "math", 2, force=True)
    for command in ("start", "all", "end"):
        venue.olympiad.ceremony(ADMIN, command, "math")
    for command in ("start", "all", "end"):
        venue.olympiad.ceremony(ADMIN, command, "schools")
    data = public.get("/api/olympiad/results?subject=math").get_json()
    rows = {r["number"]: r for r in data["rows"]}
    assert rows["KZ-01"]["marks"] == [7, 7, 7, 7, 7, 7]
    assert rows["KZ-01"]["name"] == "Әлия Құрманғалиқызы" and rows["KZ-01"]["place"] == 1
    assert rows["KZ-01"]["award"] == "gold" and rows["KZ-01"]["total"] == 42
    assert {r["award"] for r in data["rows"]} >= {"gold", "bronze"}  # IMO: 1:2:3 of half
    assert data["winners"] == ["KZ-01"] and data["best_girls"] == ["KZ-01"]
    assert public.get("/api/olympiad/results?subject=chemistry").status_code == 404
    assert public.get("/api/olympiad/results").status_code == 400
    rating = public.get("/api/olympiad/rating").get_json()
    assert rating["rows"][0]["school"] == "НЗМ Астана" and rating["rows"][0]["award"] == \
        "grand_prix"
    board = public.get("/api/olympiad/board").get_json()
    assert board["frozen"] is False and board["ceremony"] is None
    assert public.get("/olympiad/results?subject=chemistry").status_code == 404


def test_freeze_keeps_the_public_board_while_the_organiser_sees_changes(app, venue):
    mark_everything(venue)
    board = client_as(app, "scorekeeper")
    assert board.post("/api/olympiad/freeze", json={"frozen": True},
                      headers=CSRF).get_json()["frozen"] is True
    assert client_as(app, "jury").post("/api/olympiad/freeze", json={"frozen": False},
                                       headers=CSRF).status_code == 403
    before = app.test_client().get("/api/olympiad/results?subject=math").get_json()
    # A new mark after the freeze: an appeal-free change through the contest import.
    venue.olympiad.import_contest_results(ADMIN, "math", "number,P6\nTR-02,7\n")
    after = app.test_client().get("/api/olympiad/results?subject=math").get_json()
    assert after == before
    inside = {r["number"]: r for r in venue.olympiad.results("math", public=False)["rows"]}
    assert inside["TR-02"]["total"] == 8
    page = app.test_client().get("/olympiad/results?subject=math").get_data(as_text=True)
    assert page_config(page)["board"]["frozen"] is True
    board.post("/api/olympiad/freeze", json={"frozen": False}, headers=CSRF)
    live = app.test_client().get("/api/olympiad/results?subject=math").get_json()
    assert {r["number"]: r["total"] for r in live["rows"]}["TR-02"] == 8


def test_the_ceremony_reveals_from_the_bottom(app, venue):
    mark_everything(venue)
    board = client_as(app, "scorekeeper")

    def command(name, target=None):
        response = board.post("/api/olympiad/ceremony", json={"command": name, "target": target},
                              headers=CSRF)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["ceremony"]

    assert board.post("/api/olympiad/ceremony", json={"command": "next"},
                      headers=CSRF).status_code == 409
    full = venue.olympiad.results("math", public=False)["rows"]
    medallists = [r for r in full if r["award"] in ("gold", "silver", "bronze")]
    state = command("start", "math")
    assert state["revealed"] == 0 and state["rows"] == []
    assert app.test_client().get("/api/olympiad/results?subject=math").get_json()["rows"] == []
    state = command("next")
    lowest = medallists[-1]
    assert state["revealed"] == 1 and [r["number"] for r in state["rows"]] == [lowest["number"]]
    public = app.test_client().get("/api/olympiad/results?subject=math").get_json()
    assert [r["number"] for r in public["rows"]] == [lowest["number"]]
    state = command("next")
    assert state["rows"][-1]["number"] == lowest["number"] and len(state["rows"]) >= 2
    assert command("back")["revealed"] == 1
    state = command("all")
    assert [r["number"] for r in state["rows"]] == [r["number"] for r in medallists]
    html = app.test_client().get("/olympiad/results?subject=math").get_data(as_text=True)
    assert page_config(html)["board"]["ceremony"]["target"] == "math"
    assert command("end") is None
    assert len(app.test_client().get("/api/olympiad/results?subject=math")
               .get_json()["rows"]) == 6


def test_control_page_carries_the_board_state(app, venue):
    html = client_as(app, "scorekeeper").get("/olympiad/control").get_data(as_text=True)
    page = page_config(html)
    assert page["kind"] == "olympiad-control" and page["board"]["name"] == "IZhO"
    assert 'value="schools"' in html and 'data-command="next"' in html


# -- leaders and appeals -------------------------------------------------------------------
def test_a_leader_link_signs_in_and_appeals_only_within_the_window(app, venue, clock):
    mark_everything(venue)
    school = next(s for s in venue.olympiad.schools(ADMIN) if s["name"] == "НЗМ Астана")
    token = school["leaders"][0]["token"]
    client = app.test_client()
    assert client.get("/olympiad/leader").status_code == 302
    assert client.get("/olympiad/leader/not-a-token").status_code == 404
    response = client.get(f"/olympiad/leader/{token}")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/olympiad/leader")
    html = client.get("/olympiad/leader").get_data(as_text=True)
    assert "Әлия Құрманғалиқызы" in html and "Иван Петров" not in html
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
    headers = {"X-CSRF-Token": csrf}
    problem = math_problems(venue)[2]
    appeal = {"participant": "KZ-02", "problem_id": problem["id"], "reason": "P3 is complete"}
    closed = client.post("/api/olympiad/appeals", json=appeal, headers=headers)
    assert closed.status_code == 409  # the provisional results are not out yet
    venue.olympiad.publish_provisional(ADMIN, "math", 2)
    other_school = client.post("/api/olympiad/appeals",
                               json={**appeal, "participant": "RU-01"}, headers=headers)
    assert other_school.status_code == 403
    filed = client.post("/api/olympiad/appeals", json=appeal, headers=headers)
    assert filed.status_code == 201 and filed.get_json()["status"] == "open"
    html = client.get("/olympiad/leader").get_data(as_text=True)
    assert "P3 is complete" in html
    clock.advance(3 * 3600)
    late = client.post("/api/olympiad/appeals",
                       json={**appeal, "problem_id": math_problems(venue)[3]["id"]},
                       headers=headers)
    assert late.status_code == 409 and "closed" in late.get_json()["error"]
    assert client.get("/olympiad/admin").status_code == 403


def test_the_jury_decides_appeals_by_code(app, venue):
    mark_everything(venue)
    venue.olympiad.publish_provisional(ADMIN, "math", 2)
    problem = math_problems(venue)[2]
    leader = Actor(name="Leader", role="leader", school=venue.olympiad.leader(
        venue.olympiad.schools(ADMIN)[0]["leaders"][0]["token"])["school_id"])
    appeal = venue.olympiad.file_appeal(leader, "KZ-02", problem["id"], "P3 is complete")
    client = juror(app, venue, "juror1")
    html = client.get("/jury/appeals").get_data(as_text=True)
    assert codes_of(venue, "KZ-02")[0] in html and "P3 is complete" in html
    assert_no_names(html)
    url = f"/api/olympiad/appeals/{appeal['id']}/decision"
    assert client.post(url, json={"accept": True, "mark": 7, "reason": ""},
                       headers=CSRF).status_code == 400
    decided = client.post(url, json={"accept": True, "mark": 7, "reason": "complete proof"},
                          headers=CSRF)
    assert decided.status_code == 200 and decided.get_json()["status"] == "accepted"
    assert_no_names(decided.get_data(as_text=True))
    rows = {r["number"]: r for r in venue.olympiad.results("math", public=False)["rows"]}
    assert rows["KZ-02"]["total"] == 32


# -- the organiser -------------------------------------------------------------------------
def test_the_organiser_page_and_its_forms(app, venue):
    mark_everything(venue)
    admin = client_as(app, "admin", "Admin")
    html = admin.get("/olympiad/admin").get_data(as_text=True)
    assert "Әлия Құрманғалиқызы" in html and codes_of(venue, "KZ-01")[0] in html
    assert "http://localhost/olympiad/leader/" in html  # leaders' links are absolute
    assert "documents.pdf" in html and "cover-sheets.pdf" in html
    bad = admin.post("/api/olympiad/participants",
                     json={"csv": "number,name,school,country,subject\nX1,A,B,C,chemistry\n"},
                     headers=CSRF)
    assert bad.status_code == 400 and bad.get_json()["errors"][0][0] == "row 2"
    ok = admin.post("/api/olympiad/participants",
                    json={"csv": "number,name,school,country,subject\nX1,Асқар,Школа 1,KZ,"
                                 "physics\n"}, headers=CSRF)
    assert ok.status_code == 200 and ok.get_json()["imported"] == 1
    problem = math_problems(venue)[0]
    saved = admin.post(f"/api/olympiad/problems/{problem['id']}",
                       json={"max": "7", "tolerance": "2", "chief": "juror3"}, headers=CSRF)
    assert saved.status_code == 200 and saved.get_json()["tolerance"] == 2
    preview = admin.get("/api/olympiad/subjects/math/medals").get_json()
    fixed = preview["policies"]["ioi"]["cutoffs"]
    assert admin.post("/api/olympiad/subjects/math/medals",
                      json={"policy": "jury", "cutoffs": fixed}, headers=CSRF).status_code == 200
    assert venue.olympiad.results("math", public=False)["policy"] == "jury"
    assert admin.post("/api/olympiad/rating", json={"basis": "percent", "places": "2"},
                      headers=CSRF).get_json() == {"rating_basis": "percent",
                                                   "school_places": 2}
    pending = admin.post("/api/olympiad/subjects/physics/provisional", json={"hours": 2},
                         headers=CSRF)
    assert pending.status_code == 409
    forced = admin.post("/api/olympiad/subjects/physics/provisional",
                        json={"hours": 2, "force": True}, headers=CSRF)
    assert forced.status_code == 200 and forced.get_json()["appeals_close_at"]


def test_documents_and_cover_sheets_are_pdfs(app, venue):
    mark_everything(venue)
    admin = client_as(app, "admin", "Admin")
    pdf = admin.get("/olympiad/admin/documents.pdf?subject=math&which=all&lang=en")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]
    archive = admin.get("/olympiad/admin/documents.zip?subject=math&which=diplomas")
    assert archive.status_code == 200 and archive.mimetype == "application/zip"
    assert archive.data.startswith(b"PK")
    covers = admin.get("/olympiad/admin/cover-sheets.pdf?subject=math&round=1")
    assert covers.status_code == 200 and covers.data.startswith(b"%PDF")
    assert admin.get("/olympiad/admin/documents.pdf?which=nonsense").status_code == 400
    assert client_as(app, "jury").get("/olympiad/admin/documents.pdf").status_code == 403


def test_verify_page(app, venue):
    mark_everything(venue)
    docs = venue.olympiad.documents(ADMIN, "math")["documents"]
    first = next(d for d in docs if d["number"] == "KZ-01")
    html = app.test_client().get(f"/olympiad/verify/{first['verify']}?lang=en").get_data(
        as_text=True)
    assert "Әлия Құрманғалиқызы" in html and "НЗМ Астана" in html and "Gold" in html
    unknown = app.test_client().get("/olympiad/verify/nope")
    assert unknown.status_code == 404 and "unknown" in unknown.get_data(as_text=True)
